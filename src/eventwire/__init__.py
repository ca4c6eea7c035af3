"""eventwire: news articles in, a queryable database of political events out.

Public API (pinned by ``tests/test_public_api.py``)::

    import eventwire
    events = eventwire.code("Russian troops shelled Kharkiv on Monday.", published="2024-05-07")
    db = eventwire.open("eventwire.duckdb")
    df = db.events(country="RUS", since="2024-05-01")
"""
from __future__ import annotations

from .model import (SCHEMA, Actor, Article, Attribution, EmbeddedPost, Event, Place, Quote, RecordError,
                    Result, Story)
from .pipeline import Pipeline

__all__ = [
    "SCHEMA", "Actor", "Article", "Attribution", "EmbeddedPost", "Event", "Pipeline", "Place", "Quote",
    "RecordError", "Result", "Story", "code", "code_article", "open",
]

_default_pipeline: Pipeline | None = None


def _pipeline() -> Pipeline:
    global _default_pipeline
    if _default_pipeline is None:
        _default_pipeline = Pipeline()
    return _default_pipeline


def code_article(article: Article) -> Result:
    """Code one article; the Result carries events, quotes and per-record errors."""
    return _pipeline().process_batch([article])[0]


def code(text: str, published: str | None = None, *, title: str | None = None,
         outlet: str | None = None, id: str = "text") -> list[Event]:
    """Code a piece of news text and return its events."""
    return code_article(Article(id=id, text=text, published=published, title=title, outlet=outlet)).events


def open(path: str = "eventwire.duckdb"):  # noqa: A001 - mirrors duckdb.connect / sqlite3 style
    """Open an eventwire database read-only: ``eventwire.open(path).events(**filters)`` -> DataFrame."""
    from .query import open_database

    return open_database(path)
