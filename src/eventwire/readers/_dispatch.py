"""Choosing a reader for a file: by its extension, else by sniffing its first bytes."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from ..model import Article
from ._base import failed
from .html import read_html
from .jsonl import read_jsonl
from .rss import read_rss
from .text import read_text
from .warc import read_warc

READERS: dict[str, Callable[[Path], Iterator[Article]]] = {
    "jsonl": read_jsonl,
    "text": read_text,
    "html": read_html,
    "rss": read_rss,
    "warc": read_warc,
}

_EXTENSIONS = {
    ".jsonl": "jsonl", ".json": "jsonl", ".ndjson": "jsonl",
    ".txt": "text",
    ".html": "html", ".htm": "html",
    ".rss": "rss", ".atom": "rss", ".xml": "rss",
    ".warc": "warc", ".warc.gz": "warc",
}


def format_by_extension(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(".warc.gz"):
        return "warc"
    return _EXTENSIONS.get(path.suffix.lower())


def sniff_format(path: Path) -> str | None:
    """A format from the first bytes, for files whose extension says nothing."""
    try:
        with path.open("rb") as stream:
            head = stream.read(2048)
    except OSError:
        return None
    if head.startswith(b"\x1f\x8b") or head.startswith(b"WARC/"):
        return "warc"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"{"):
        return "jsonl"
    if b"<rss" in start or b"<feed" in start or b"<rdf:rdf" in start:
        return "rss"
    if start.startswith((b"<!doctype html", b"<html")):
        return "html"
    return None


def read_file(path: str | Path, fmt: str | None = None) -> Iterator[Article]:
    """Articles from one file, with the reader ``fmt`` names or the one its name/content suggests."""
    path = Path(path)
    if fmt is None:
        if not path.exists():
            yield failed(str(path), str(path), "EW103", str(path))
            return
        fmt = format_by_extension(path) or sniff_format(path)
    reader = READERS.get(fmt or "")
    if reader is None:
        known = ", ".join(READERS)
        yield failed(str(path), str(path), "EW106", f"{path}: unknown format {fmt!r} (known: {known})")
        return
    yield from reader(path)
