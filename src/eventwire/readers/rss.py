"""RSS and Atom feed files: one Article per entry."""
from __future__ import annotations

import calendar
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import feedparser

from ..model import Article
from ._base import MAX_FILE_BYTES, failed, read_document


def read_rss(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> Iterator[Article]:
    path = Path(path)
    content = read_document(path, str(path), max_bytes)
    if isinstance(content, Article):
        yield content
        return
    feed = feedparser.parse(content)
    if not feed.entries:
        reason = feed.get("bozo_exception") or "no entries"
        yield failed(str(path), str(path), "EW106", f"{path} is not a readable RSS/Atom feed ({reason})")
        return
    outlet = feed.feed.get("title") or None
    for number, entry in enumerate(feed.entries, start=1):
        yield _entry_article(entry, outlet, f"{path}:{number}")


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
