"""Saved HTML pages: the main text and metadata, boilerplate (menus, footers) dropped."""
from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from ..model import Article
from ._base import MAX_FILE_BYTES, failed, read_one_article

log = logging.getLogger(__name__)

MIN_ARTICLE_WORDS = 5


@dataclass(slots=True)
class Page:
    text: str
    title: str | None = None
    date: str | None = None
    sitename: str | None = None
    url: str | None = None


def read_html(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> Iterator[Article]:
    path = Path(path)
    return read_one_article(path, max_bytes, lambda html: page_article(extract_page(html), path.stem, str(path)))


def page_article(page: Page, article_id: str, origin: str, published: str | None = None) -> Article:
    """An Article from an extracted page; a page without main text is an EW104 error."""
    if len(page.text.split()) < MIN_ARTICLE_WORDS:  # a menu or a cookie notice is not an article
        return failed(article_id, origin, "EW104", f"{origin}: no main text found in the page")
    outlet = page.sitename or (urlparse(page.url).hostname if page.url else None)
    return Article(id=article_id, text=page.text, published=page.date or published, title=page.title,
                   url=page.url, outlet=outlet, origin=origin)


def extract_page(html: str, url: str | None = None) -> Page:
    """Main text and metadata of an HTML page, extracted with trafilatura."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False)
    if doc is None:
        return Page(text="", url=url)
    return Page(text=_without_title_line(doc.text or "", doc.title), title=doc.title, date=doc.date,
                sitename=doc.sitename, url=doc.url or url)


def _without_title_line(text: str, title: str | None) -> str:
    """trafilatura keeps an in-article <h1> as the first line; the title is stored on its own."""
    first, _, rest = text.partition("\n")
    return rest if title and first.strip() == title.strip() else text
