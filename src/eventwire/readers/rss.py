"""RSS and Atom feed files: one Article per entry."""
from __future__ import annotations

import calendar
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import feedparser

from ..model import Article
from ._base import MAX_FILE_BYTES, failed, read_document

_CHARREF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,12})|([0-9]{1,12}));")


def read_rss(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> Iterator[Article]:
    path = Path(path)
    content = read_document(path, str(path), max_bytes)
    if isinstance(content, Article):
        yield content
        return
    try:
        feed = feedparser.parse(_without_bad_charrefs(content))
    except Exception as exc:  # noqa: BLE001 - feedparser's own bugs on junk must cost only this file
        yield failed(str(path), str(path), "EW106", f"{path}: the feed parser failed ({type(exc).__name__}: {exc})")
        return
    if not feed.entries:
        reason = feed.get("bozo_exception") or "no entries"
        yield failed(str(path), str(path), "EW106", f"{path} is not a readable RSS/Atom feed ({reason})")
        return
    outlet = feed.feed.get("title") or None
    for number, entry in enumerate(feed.entries, start=1):
        yield _entry_article(entry, outlet, f"{path}:{number}")


def _without_bad_charrefs(content: str) -> str:
    """``&#xD800;`` names a surrogate (no character at all) and crashes feedparser: U+FFFD instead."""
    return _CHARREF.sub(lambda m: m.group() if _valid_codepoint(m) else "&#xFFFD;", content)


def _valid_codepoint(match: re.Match[str]) -> bool:
    number = int(match.group(1), 16) if match.group(1) else int(match.group(2))
    return 0 < number <= 0x10FFFF and not 0xD800 <= number <= 0xDFFF


def _entry_article(entry, outlet: str | None, origin: str) -> Article:
    article_id = entry.get("id") or entry.get("link") or origin
    markup = entry["content"][0].get("value", "") if entry.get("content") else entry.get("summary", "")
    text = html_to_text(markup)
    if not text:
        return failed(article_id, origin, "EW102", f"{origin}: entry has no content or summary")
    return Article(id=article_id, text=text, published=_entry_date(entry), title=entry.get("title") or None,
                   url=entry.get("link") or None, outlet=outlet, origin=origin)


def _entry_date(entry) -> str | None:
    """The entry's date as ISO 8601 UTC (feedparser normalises dates to UTC struct_time)."""
    parsed: time.struct_time | None = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed is None:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def html_to_text(markup: str) -> str:
    """Text of an HTML fragment, one line per block element."""
    import lxml.html

    if not markup.strip():
        return ""
    if "<" not in markup:
        return markup.strip()
    try:
        fragment = lxml.html.fragment_fromstring(markup, create_parent="div")
    except Exception:  # lxml raises several unrelated types on junk markup; keep the words
        return " ".join(markup.split())
    for block in fragment.iter("p", "br", "div", "li", "h1", "h2", "h3", "blockquote"):
        block.tail = "\n" + (block.tail or "")
    lines = (" ".join(line.split()) for line in fragment.text_content().splitlines())
    return "\n".join(line for line in lines if line)
