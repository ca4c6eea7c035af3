"""Readers: turn input files into :class:`~eventwire.model.Article` streams.

``read_inputs`` takes paths (files, folders, ``-`` for JSON Lines on stdin) and picks a reader
by extension or content. Bad input never stops a run: a record or file that cannot be read
becomes an Article with empty text and ``error`` set (codes EW101-EW106), ``origin`` saying where.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ..model import Article
from ._dispatch import READERS, read_file
from .folder import read_folder
from .html import extract_page, read_html
from .jsonl import read_jsonl, read_jsonl_stdin
from .rss import read_rss
from .text import read_text
from .warc import read_warc

STDIN = "-"


def read_inputs(paths: Iterable[str], fmt: str | None = None) -> Iterator[Article]:
    """Articles from every path in order; ``fmt`` ("jsonl", "text", "html", "rss", "warc") overrides detection."""
    for path in paths:
        if path == STDIN:
            yield from read_jsonl_stdin()
        elif Path(path).is_dir():
            yield from read_folder(path)
        else:
            yield from read_file(path, fmt)


__all__ = ["READERS", "extract_page", "read_file", "read_folder", "read_html", "read_inputs", "read_jsonl",
           "read_rss", "read_text", "read_warc"]
