"""Resuming a killed run: the output itself is the checkpoint, so nothing is lost or written twice.

``eventwire code -o FILE`` keeps a marker ``FILE.resume`` (the run's arguments) while it runs and
removes it when it finishes. Started again with the same arguments while the marker is there, it
drops a torn last line, skips the articles whose lines are already in FILE and appends the rest.
``eventwire ingest`` needs no marker: the database commits whole articles, and articles already
stored with the same content are skipped before coding (:func:`skip_stored`).
"""
from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from ..model import Article
from .worker import batches

_MARKER_SUFFIX = ".resume"
_CHUNK = 1 << 16


class OutputCheckpoint:
    """The output file of one run and what an earlier, killed run with the same arguments wrote."""

    def __init__(self, path: str | Path, run_key: dict[str, Any]):
        self.path = Path(path)
        self.marker = self.path.with_name(self.path.name + _MARKER_SUFFIX)
        self.run_key = json.dumps(run_key, sort_keys=True)
        self.done: Counter[str] = Counter()  # article ids already written, with multiplicity

    def open(self) -> IO[str]:
        """The output opened for writing: appended to when resuming, else truncated."""
        if self._resumable():
            self.done = Counter(_complete_ids(self.path))
            return self.path.open("a", encoding="utf-8")
        self.marker.write_text(self.run_key, encoding="utf-8")
        return self.path.open("w", encoding="utf-8")

    def remaining(self, articles: Iterable[Article]) -> Iterator[Article]:
        """``articles`` minus those already written (a repeated id is skipped as often as it was written)."""
        for article in articles:
            if self.done[article.id] > 0:
                self.done[article.id] -= 1
                continue
            yield article

    def finish(self) -> None:
        self.marker.unlink(missing_ok=True)

    def _resumable(self) -> bool:
        try:
            return self.path.is_file() and self.marker.read_text(encoding="utf-8") == self.run_key
        except OSError:
            return False


def _complete_ids(path: Path) -> Iterator[str]:
    """Ids of the complete lines of ``path``, after cutting off a line torn by a kill."""
    _truncate_torn_line(path)
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)["id"]


def _truncate_torn_line(path: Path) -> None:
    """Cut the file after its last newline (reading backwards a chunk at a time)."""
    with path.open("rb+") as stream:
        position = stream.seek(0, os.SEEK_END)
        while position > 0:
            start = max(0, position - _CHUNK)
            stream.seek(start)
            newline = stream.read(position - start).rfind(b"\n")
            if newline >= 0:
                stream.truncate(start + newline + 1)
                return
            position = start
        stream.truncate(0)


class StoredFilter:
    """Drops the articles a store already holds with the same content, counting them (``skipped``)."""

    def __init__(self, store: Any, batch_size: int):
        self.store = store
        self.batch_size = batch_size
        self.skipped = 0

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        for batch in batches(articles, self.batch_size):
            stored = self.store.unchanged_ids(batch)
            self.skipped += len(stored)
            yield from (a for a in batch if a.id not in stored)
