"""Live database: the server reads private snapshots of the database file, never the file itself.

A DuckDB file is open either to one writing process or to many reading ones. If the server kept
the user's file open, ``eventwire ingest`` could not write to it; if it opened the file per request,
it could not answer while an ingest runs. So a background thread watches the file; when it has
changed and no writer holds it, the thread takes DuckDB's shared lock just long enough to copy the
file's bytes (the lock guarantees no writer is halfway through), prepares the copy for serving
(``store/serving.py``: events sorted by day, rollups, the full-text index) and then switches requests to it.
Requests in flight finish on the snapshot they started with; the old one is deleted after them.
"""
from __future__ import annotations

import logging
from collections import OrderedDict
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..query import Database
from ..store.duckdb import check_layout, connect
from ..store.serving import prepare_for_serving

log = logging.getLogger("eventwire.serve")

Signature = tuple[tuple[int, int] | None, ...]


def file_signature(path: Path) -> Signature:
    """What changes when a writer commits: size and mtime of the file and its write-ahead log."""
    return tuple(_stat(p) for p in (path, _wal(path)))


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_mtime_ns, stat.st_size


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


@dataclass
class Snapshot:
    """One prepared copy of the database and the requests reading it."""

    db: Database
    path: Path
    signature: Signature
    taken_at: str
    number: int
    readers: int = 0
    retired: bool = False
    cache: dict = field(default_factory=dict)  # per-snapshot memo of small lookups (vocabularies)
    responses: OrderedDict = field(default_factory=OrderedDict)  # request -> JSON body, least recent first

    def remember(self, key: Any, body: bytes, keep: int) -> None:
        """Keep ``body`` as the answer to ``key``: a snapshot never changes, so neither does the answer."""
        self.responses[key] = body
        self.responses.move_to_end(key)
        while len(self.responses) > keep:
            self.responses.popitem(last=False)

    def recall(self, key: Any) -> bytes | None:
        body = self.responses.get(key)
        if body is not None:
            self.responses.move_to_end(key)
        return body

    def discard(self) -> None:
        self.db.close()
        for path in (self.path, _wal(self.path)):
            path.unlink(missing_ok=True)


class SnapshotUnavailable(StoreError):
    """No snapshot is ready yet (the file is being written or was never readable)."""


class Snapshots:
    """The current snapshot of ``source``, refreshed by a background thread every ``interval`` seconds."""

    def __init__(self, source: str | Path, interval: float = 2.0, workdir: str | Path | None = None):
        self.source = Path(source)
        self.interval = interval
        self._own_workdir = workdir is None
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="eventwire-serve-"))
        self.workdir.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._current: Snapshot | None = None
        self._taken = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_error: str | None = None
        if not self.source.exists():
            raise StoreError(f"{self.source}: no such database (create it with `eventwire ingest --db {self.source}`)")

    def start(self) -> None:
        """Take the first snapshot now (unless a writer holds the file) and keep refreshing in the background."""
        self.refresh()
        self._thread = threading.Thread(target=self._watch, name="eventwire-snapshots", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
        with self._lock:
            current, self._current = self._current, None
        if current is not None:
            current.discard()
        if self._own_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    @property
    def current(self) -> Snapshot | None:
        return self._current

    @contextmanager
    def reading(self) -> Iterator[Snapshot]:
        """The current snapshot, kept open until the caller is done with it."""
        with self._lock:
            snapshot = self._current
            if snapshot is None:
                raise SnapshotUnavailable(f"{self.source}: no snapshot yet ({self.last_error or 'starting'}); "
                                          "retry in a few seconds", "EW501")
            snapshot.readers += 1
        try:
            yield snapshot
        finally:
            self._release(snapshot)

    def _release(self, snapshot: Snapshot) -> None:
        with self._lock:
            snapshot.readers -= 1
            done = snapshot.retired and snapshot.readers == 0
        if done:
            snapshot.discard()

    def refresh(self) -> bool:
        """Switch to a new snapshot if the file changed and no writer holds it; True if switched."""
        current = self._current
        if current is not None and file_signature(self.source) == current.signature:
            return False
        try:
            snapshot = self._take()
        except StoreError as exc:  # a writer holds the file: keep serving the snapshot we have
            self.last_error = str(exc)
            return False
        if snapshot is None:
            return False
        with self._lock:
            old, self._current = self._current, snapshot
            if old is not None:
                old.retired = True
                done = old.readers == 0
        if old is not None and done:
            old.discard()
        self.last_error = None
        log.info("serving snapshot %d of %s", snapshot.number, self.source)
        return True

    def _take(self) -> Snapshot | None:
        self._taken += 1
        path = self.workdir / f"snapshot-{self._taken}.duckdb"
        signature = self._copy(path)
        if self._current is not None and signature == self._current.signature:
            path.unlink(missing_ok=True)  # only touched, not changed
            return None
        try:
            prepare_for_serving(path)
            db = Database(path)
        except BaseException:
            for leftover in (path, _wal(path)):
                leftover.unlink(missing_ok=True)
            raise
        return Snapshot(db=db, path=path, signature=signature, number=self._taken,
                        taken_at=datetime.now(UTC).isoformat(timespec="seconds"))

    def _copy(self, dest: Path) -> Signature:
        """Copy the file (and its log) while holding DuckDB's shared lock: no writer can be mid-commit."""
        con = connect(self.source, read_only=True)  # StoreError EW501 while a writer holds the file
        try:
            check_layout(con, self.source)
            signature = file_signature(self.source)
            shutil.copyfile(self.source, dest)
            if signature[1] is not None:
                shutil.copyfile(_wal(self.source), _wal(dest))
        finally:
            con.close()
        return signature

    def _watch(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.refresh()
            except Exception as exc:  # noqa: BLE001 - keep serving the last snapshot; say why it is stale
                self.last_error = f"{type(exc).__name__}: {exc}"
                log.warning("snapshot of %s failed: %s", self.source, self.last_error)
