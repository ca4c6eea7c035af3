"""Plain-text articles: one file, one article; the file stem is its id."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..model import Article
from ._base import MAX_FILE_BYTES, read_one_article

_MAX_HEADLINE_CHARS = 150


def read_text(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> Iterator[Article]:
    path = Path(path)

    def build(content: str) -> Article:
        title, body = split_headline(content)
        return Article(id=path.stem, text=body, title=title, origin=str(path))

    return read_one_article(path, max_bytes, build)


def split_headline(content: str) -> tuple[str | None, str]:
    """(headline, body) when the first line stands alone above a blank line and reads like a headline."""
    first, sep, rest = content.lstrip().partition("\n")
    first = first.strip()
    looks_like_headline = (
        sep and rest.startswith(("\n", "\r\n")) and rest.strip()
        and 0 < len(first) <= _MAX_HEADLINE_CHARS and not first.endswith((".", ",", ";", ":"))
    )
    if looks_like_headline:
        return first, rest.strip("\r\n")
    return None, content
