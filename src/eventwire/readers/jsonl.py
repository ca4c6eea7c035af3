"""JSON Lines, the contract's input shape: one article object a line, read as a stream."""
from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ..model import Article
from ._base import MAX_LINE_BYTES, failed, repair_surrogates, unreadable_file

_OPTIONAL = ("published", "title", "url", "outlet")


def read_jsonl(path: str | Path, max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[Article]:
    """One Article per non-blank line of ``path``; bad lines become Articles with ``error`` set."""
    path = Path(path)
    error = unreadable_file(path, str(path), limit=sys.maxsize)
    if error is not None:
        yield error
        return
    with path.open("rb") as stream:
        yield from read_jsonl_stream(stream, str(path), max_line_bytes)


def read_jsonl_stdin(max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[Article]:
    yield from read_jsonl_stream(sys.stdin.buffer, "<stdin>", max_line_bytes)


def read_jsonl_stream(stream: IO[bytes], name: str, max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[Article]:
    """Articles from a binary stream of JSON Lines; ``name`` labels origins ("name:line")."""
    for number, line in enumerate(_lines(stream, max_line_bytes), start=1):
        origin = f"{name}:{number}"
        if line is None:
            yield failed(origin, origin, "EW105", f"line {number} is over {max_line_bytes} bytes")
            continue
        text = line.decode("utf-8", errors="replace").strip().removeprefix("\ufeff")
        if text:
            yield parse_article_line(text, origin)


def _lines(stream: IO[bytes], limit: int) -> Iterator[bytes | None]:
    """Lines without reading past ``limit`` bytes of one line (None stands for an oversized line)."""
    while line := stream.readline(limit + 1):
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass  # drain the oversized line in bounded chunks
            yield None
        else:
            yield line


def parse_article_line(line: str, origin: str) -> Article:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return failed(origin, origin, "EW101", f"{origin}: {exc}")
    if not isinstance(data, dict):
        return failed(origin, origin, "EW101", f"{origin}: expected an object, got {type(data).__name__}")
    return article_from_object(data, origin)


def article_from_object(data: dict[str, Any], origin: str) -> Article:
    """The contract's input object -> Article; a missing or non-string id/text is an EW102 error."""
    article_id = _as_text(data.get("id")) or origin
    missing = [key for key, value in (("id", _as_text(data.get("id"))), ("text", data.get("text")))
               if not isinstance(value, str)]
    if missing:
        return failed(article_id, origin, "EW102", f"{origin}: no usable {' or '.join(missing)}")
    optional = {key: _as_text(data.get(key)) for key in _OPTIONAL}
    return Article(id=article_id, text=repair_surrogates(data["text"]), origin=origin, **optional)


def _as_text(value: Any) -> str | None:
    """Strings as they are, numbers as strings (ids are often numeric), anything else None."""
    if isinstance(value, str):
        return repair_surrogates(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None
