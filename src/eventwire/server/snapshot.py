"""Live database: the server reads private snapshots of the database file, never the file itself.

A DuckDB file is open either to one writing process or to many reading ones. If the server kept
the user's file open, ``eventwire ingest`` could not write to it; if it opened the file per request,
it could not answer while an ingest runs. So a background thread watches the file; when it has
changed and no writer holds it, the thread takes DuckDB's shared lock just long enough to copy the
file's bytes (the lock guarantees no writer is halfway through), prepares the copy for serving
(``store/serving.py``: events sorted by day, rollups, the full-text index) and then switches requests to it.
Requests in flight finish on the snapshot they started with; the old one is deleted after them.

Several server processes (``eventwire serve --workers N``) share one snapshot: the main process builds
it (:class:`Snapshots`) and names it in ``current.json`` in its work folder; each worker opens that file
read-only (DuckDB lets many processes read one file) and follows the name (:class:`SharedSnapshots`), so
a snapshot's build time and disk are paid once. A worker keeps reading a snapshot the main process has
since deleted until its requests are done: an open file outlives its name.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import threading
from collections import OrderedDict
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
    owned: bool = True  # built by this process: its files go when it is retired
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
        if self.owned:
            for path in (self.path, _wal(self.path)):
                path.unlink(missing_ok=True)


class SnapshotUnavailable(StoreError):
    """No snapshot is ready yet (the file is being written or was never readable)."""


class SnapshotHolder:
    """The snapshot requests read now, switched by :meth:`refresh` every ``interval`` seconds in a background
    thread; a retired snapshot is discarded once its last request is done."""

    def __init__(self, interval: float):
        self.interval = interval
        self._lock = threading.Lock()
        self._current: Snapshot | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_error: str | None = None

    def refresh(self) -> bool:
        """Switch to a newer snapshot if there is one; True if switched."""
        raise NotImplementedError

    def _source_name(self) -> str:
        """What the snapshots are taken of, for messages."""
        raise NotImplementedError

    def start(self) -> None:
        """Take the first snapshot now (if one is ready) and keep refreshing in the background."""
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

    @property
    def current(self) -> Snapshot | None:
        return self._current

    @contextmanager
    def reading(self) -> Iterator[Snapshot]:
        """The current snapshot, kept open until the caller is done with it."""
        with self._lock:
            snapshot = self._current
            if snapshot is None:
                raise SnapshotUnavailable(f"{self._source_name()}: no snapshot yet ({self.last_error or 'starting'}); "
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

    def _switch(self, snapshot: Snapshot) -> None:
        """Send new requests to ``snapshot``; the old one goes when its last request is done."""
        with self._lock:
            old, self._current = self._current, snapshot
            if old is not None:
                old.retired = True
                done = old.readers == 0
        if old is not None and done:
            old.discard()
        self.last_error = None

    def _watch(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.refresh()
            except Exception as exc:  # noqa: BLE001 - keep serving the last snapshot; say why it is stale
                self.last_error = f"{type(exc).__name__}: {exc}"
                log.warning("snapshot of %s failed: %s", self._source_name(), self.last_error)


POINTER = "current.json"  # in the work folder: the snapshot worker processes read


class Snapshots(SnapshotHolder):
    """The current snapshot of ``source``, rebuilt from it when it changes and named in the work folder's
    ``current.json`` for worker processes (:class:`SharedSnapshots`)."""

    def __init__(self, source: str | Path, interval: float = 2.0, workdir: str | Path | None = None):
        super().__init__(interval)
        self.source = Path(source)
        self._own_workdir = workdir is None
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="eventwire-serve-"))
        self.workdir.mkdir(parents=True, exist_ok=True)
        self._taken = 0
        if not self.source.exists():
            raise StoreError(f"{self.source}: no such database (create it with `eventwire ingest --db {self.source}`)")

    def _source_name(self) -> str:
        return str(self.source)

    def stop(self) -> None:
        super().stop()
        if self._own_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

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
        _publish(self.workdir / POINTER, snapshot)
        self._switch(snapshot)
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


def _publish(pointer: Path, snapshot: Snapshot) -> None:
    """Name ``snapshot`` in ``pointer`` at once (written aside, then renamed: a reader sees the old or the new)."""
    aside = pointer.with_name(pointer.name + ".new")
    aside.write_text(json.dumps({"path": str(snapshot.path), "number": snapshot.number,
                                 "taken_at": snapshot.taken_at}), "utf-8")
    os.replace(aside, pointer)


class SharedSnapshots(SnapshotHolder):
    """A worker process's view of the snapshots another process builds (:class:`Snapshots` over ``workdir``):
    it opens the snapshot ``current.json`` names, read-only, and follows it when it changes.
    ``threads``: DuckDB threads per query (None: DuckDB's default, one per core)."""

    def __init__(self, workdir: str | Path, interval: float = 2.0, threads: int | None = None):
        super().__init__(interval)
        self.pointer = Path(workdir) / POINTER
        self.threads = threads
        self._seen: tuple[int, int] | None = None  # the pointer's (mtime, size) when last read

    def _source_name(self) -> str:
        return str(self.pointer.parent)

    def refresh(self) -> bool:
        """Open the snapshot the pointer names if it is not the one read now; True if switched."""
        seen = _stat(self.pointer)
        if seen is None or seen == self._seen:
            return False
        named = json.loads(self.pointer.read_text("utf-8"))
        current = self._current
        if current is not None and current.number == named["number"]:
            self._seen = seen
            return False
        try:
            db = Database(named["path"])
        except StoreError as exc:  # deleted between reading its name and opening it: a newer one is named
            self.last_error = str(exc)
            return False
        if self.threads is not None:
            db.con.execute(f"SET threads = {int(self.threads)}")  # SET takes no parameters; a whole number
        self._seen = seen
        self._switch(Snapshot(db=db, path=Path(named["path"]), signature=(), taken_at=named["taken_at"],
                              number=named["number"], owned=False))
        log.info("worker %d reads snapshot %d", os.getpid(), named["number"])
        return True
