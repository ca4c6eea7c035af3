"""What every reader shares: coded error articles, size limits, reading a whole document."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import MESSAGES
from ..model import Article, RecordError

MAX_FILE_BYTES = 50 * 1024 * 1024  # html/txt/feed documents are read whole, so bound them
MAX_LINE_BYTES = 20 * 1024 * 1024  # one JSON Lines record
_SNIFF_BYTES = 8192
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def failed(article_id: str, origin: str, code: str, detail: str) -> Article:
    """An empty Article carrying why it could not be read, so the run goes on."""
    message = f"{MESSAGES[code]}: {detail}" if detail else MESSAGES[code]
    return Article(id=article_id, text="", origin=origin, error=RecordError(stage="read", code=code, message=message))


def unreadable_file(path: Path, article_id: str, limit: int = MAX_FILE_BYTES) -> Article | None:
    """The error Article for a file that is missing, not a file or over ``limit`` bytes; else None."""
    origin = str(path)
    if not path.exists():
        return failed(article_id, origin, "EW103", origin)
    if not path.is_file():
        return failed(article_id, origin, "EW106", f"{origin} is not a regular file")
    size = path.stat().st_size
    if size > limit:
        return failed(article_id, origin, "EW105", f"{origin} is {size} bytes, the limit is {limit}")
    return None


def repair_surrogates(text: str) -> str:
    """Lone surrogates (JSON's "\\ud800" decodes to one) cannot be written as UTF-8: U+FFFD instead."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def looks_binary(head: bytes) -> bool:
    """NUL bytes or many control characters: an image, archive or office file, not text."""
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return bool(head) and controls / len(head) > 0.1


def read_document(path: Path, article_id: str, limit: int = MAX_FILE_BYTES) -> str | Article:
    """A whole text file, decoded as UTF-8 (bad bytes replaced), or the error Article."""
    error = unreadable_file(path, article_id, limit)
    if error is not None:
        return error
    try:
        data = path.read_bytes()
    except OSError as exc:
        return failed(article_id, str(path), "EW100", str(exc))
    if looks_binary(data[:_SNIFF_BYTES]):
        return failed(article_id, str(path), "EW104", f"{path} looks binary")
    return data.decode("utf-8", errors="replace").removeprefix("\ufeff")


def read_one_article(path: Path, max_bytes: int, build: Callable[[str], Article]) -> Iterator[Article]:
    """The Article ``build`` makes from a whole file (id = file stem), or the file's error Article."""
    content = read_document(path, path.stem, max_bytes)
    yield content if isinstance(content, Article) else build(content)
