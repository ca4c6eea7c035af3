"""Saved HTML pages: the main text and metadata, boilerplate (menus, footers) dropped."""
from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlparse

from ..model import Article
from ._base import MAX_FILE_BYTES, failed, read_one_article

log = logging.getLogger(__name__)


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
    if not page.text.strip():
        return failed(article_id, origin, "EW104", f"{origin}: no main text found in the page")
    outlet = page.sitename or (urlparse(page.url).hostname if page.url else None)
    return Article(id=article_id, text=page.text, published=page.date or published, title=page.title,
                   url=page.url, outlet=outlet, origin=origin)


def extract_page(html: str, url: str | None = None) -> Page:
    """Main text and metadata of an HTML page, with trafilatura (lxml fallback if it cannot be imported)."""
    trafilatura = _trafilatura()
    if trafilatura is None:
        return _extract_with_lxml(html, url)
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False)
    if doc is None:
        return Page(text="", url=url)
    return Page(text=doc.text or "", title=doc.title, date=doc.date, sitename=doc.sitename, url=doc.url or url)


@cache
def _trafilatura():
    try:
        import trafilatura
    except ImportError as exc:  # e.g. lxml >= 5.2 without the separate lxml_html_clean package
        log.warning("trafilatura unavailable (%s); extracting HTML with the simple lxml fallback", exc)
        return None
    return trafilatura


_BOILERPLATE_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "figure", "iframe")
_BLOCK_XPATH = ".//p | .//h2 | .//h3 | .//li[not(.//p)]"  # li holding <p> would repeat them


def _extract_with_lxml(html: str, url: str | None) -> Page:
    """Paragraph text of the <article> (or <main>, or <body>), without navigation and footers."""
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(html)
    except Exception:  # lxml raises several unrelated types on junk markup
        return Page(text="", url=url)
    for element in tree.xpath("|".join(f"//{tag}" for tag in _BOILERPLATE_TAGS)):
        element.drop_tree()
    root = next(iter(tree.xpath("//article") or tree.xpath("//main") or [tree]))
    paragraphs = [" ".join(block.text_content().split()) for block in root.xpath(_BLOCK_XPATH)]
    return Page(
        text="\n".join(p for p in paragraphs if p),
        title=_first(tree, "//meta[@property='og:title']/@content", "//title/text()", "//h1//text()"),
        date=_first(tree, "//meta[@property='article:published_time']/@content", "//time/@datetime"),
        sitename=_first(tree, "//meta[@property='og:site_name']/@content"),
        url=url or _first(tree, "//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"),
    )


def _first(tree, *xpaths: str) -> str | None:
    for xpath in xpaths:
        for value in tree.xpath(xpath):
            if str(value).strip():
                return " ".join(str(value).split())
    return None
