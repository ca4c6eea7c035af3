"""The one query layer: filters -> parameterised SQL over the event database -> rows.

The CLI, the Python API (``eventwire.open``) and the HTTP server all call :class:`Database`.
Filter values only ever travel as SQL parameters, never inside the SQL text.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, fields
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, Self

import duckdb
import pandas as pd

from .errors import StoreError
from .model import Actor, Attribution, Event, Place
from .store.duckdb import check_layout, connect

Clause = tuple[str, list[Any]]


@dataclass(frozen=True)
class Filters:
    """What to select. ``None`` means "any"; text matches are case-insensitive substrings."""

    since: str | date | None = None  # first day (the event's date, else its article's publication day)
    until: str | date | None = None  # last day, inclusive
    actor: str | None = None  # code prefix ("RUSGOV", "RUS") or name/text substring, source or target
    country: str | None = None  # ISO3, source or target
    sector: str | None = None  # CAMEO role code, source or target
    root: str | None = None  # CAMEO root ("19")
    cameo: str | None = None  # CAMEO code prefix ("19", "190", "1901")
    plover: str | None = None
    modality: str | None = None
    quad_class: int | None = None
    text: str | None = None  # substring of the sentence (quotes: of the quote; articles: of title or text)
    outlet: str | None = None
    article: str | None = None  # article id
    limit: int | None = None
    offset: int | None = None
    order: str | None = None  # "date", "-date", "goldstein", "-goldstein", "article"

    @classmethod
    def of(cls, **filters: Any) -> Filters:
        """Build from keyword arguments, rejecting unknown names with the list of known ones."""
        known = [f.name for f in fields(cls)]
        unknown = sorted(set(filters) - set(known))
        if unknown:
            raise TypeError(f"unknown filter(s) {', '.join(unknown)}; known filters: {', '.join(known)}")
        return cls(**filters)

    def given(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None and v != ""}


_PAGING = ("limit", "offset", "order")
_EVENT_ONLY = ("actor", "country", "sector", "root", "cameo", "plover", "modality", "quad_class")


def _day(name: str, value: str | date) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise ValueError(f"{name} must be a date as YYYY-MM-DD, not {value!r}") from None


def _count(name: str, value: Any, lowest: int = 0, highest: int | None = None) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a whole number, not {value!r}") from None
    if number < lowest or (highest is not None and number > highest):
        bounds = f"between {lowest} and {highest}" if highest is not None else f">= {lowest}"
        raise ValueError(f"{name} must be {bounds}, not {number}")
    return number


def _any_of(template: str, columns: tuple[str, ...], value: Any) -> Clause:
    """``template`` (with ``{}`` for the column and one ``?``) ORed over ``columns``, one parameter each."""
    return "(" + " OR ".join(template.format(c) for c in columns) + ")", [value] * len(columns)


def _actor(codes: tuple[str, ...], names: tuple[str, ...], value: str) -> Clause:
    by_code, code_params = _any_of("starts_with({}, ?)", codes, value.strip().upper())
    by_name, name_params = _any_of("contains(lower({}), ?)", names, value.strip().lower())
    return f"({by_code} OR {by_name})", code_params + name_params


def _equal(columns: tuple[str, ...], normalise: Callable[[Any], Any], value: Any) -> Clause:
    return _any_of("{} = ?", columns, normalise(value))


def _contains(columns: tuple[str, ...], value: str) -> Clause:
    return _any_of("contains(lower({}), ?)", columns, str(value).lower())


def _day_clause(column: str, operator: str, name: str, value: Any) -> Clause:
    return f"{column} {operator} ?", [_day(name, value)]


def _upper(value: Any) -> str:
    return str(value).strip().upper()


def _lower(value: Any) -> str:
    return str(value).strip().lower()


def _root(value: Any) -> str:
    return str(value).strip().zfill(2)


def _quad_class(value: Any) -> int:
    return _count("quad_class", value, 1, 4)


@dataclass(frozen=True)
class _Table:
    """A selectable row set: its SQL, the filters it takes and the orders it knows."""

    name: str
    select: str
    clauses: dict[str, Callable[[Any], Clause]]
    orders: dict[str, str]


def _day_filters(column: str) -> dict[str, Callable[[Any], Clause]]:
    return {"since": partial(_day_clause, column, ">=", "since"),
            "until": partial(_day_clause, column, "<=", "until")}


_ACTOR_NAMES = ("source_name", "target_name", "source_text", "target_text")
_EVENTS = _Table(
    name="events",
    select="SELECT * FROM event_rows",
    clauses={
        **_day_filters("day"),
        "actor": partial(_actor, ("source_code", "target_code"), _ACTOR_NAMES),
        "country": partial(_equal, ("source_country", "target_country"), _upper),
        "sector": partial(_equal, ("source_sector", "target_sector"), _upper),
        "root": partial(_equal, ("root",), _root),
        "cameo": lambda value: ("starts_with(cameo, ?)", [str(value).strip()]),
        "plover": partial(_equal, ("plover",), _upper),
        "modality": partial(_equal, ("modality",), _lower),
        "quad_class": partial(_equal, ("quad_class",), _quad_class),
        "text": partial(_contains, ("sentence",)),
        "outlet": partial(_equal, ("lower(outlet)",), _lower),
        "article": partial(_equal, ("article_id",), str),
    },
    orders={"date": "day NULLS LAST, article_id, idx", "-date": "day DESC NULLS LAST, article_id, idx",
            "goldstein": "goldstein, article_id, idx", "-goldstein": "goldstein DESC, article_id, idx",
            "article": "article_id, idx"},
)


def _has_events(name: str, value: Any) -> Clause:
    """Articles with at least one event matching an event filter."""
    sql, params = _EVENTS.clauses[name](value)
    return f"id IN (SELECT article_id FROM event_rows WHERE {sql})", params


_ARTICLE_DAY = "TRY_CAST(LEFT(published, 10) AS DATE)"
_ARTICLES = _Table(
    name="articles",
    select="SELECT * FROM articles",
    clauses={
        **_day_filters(_ARTICLE_DAY),
        **{name: partial(_has_events, name) for name in _EVENT_ONLY},
        "text": partial(_contains, ("title", "text")),
        "outlet": partial(_equal, ("lower(outlet)",), _lower),
        "article": partial(_equal, ("id",), str),
    },
    orders={"date": f"{_ARTICLE_DAY} NULLS LAST, id", "-date": f"{_ARTICLE_DAY} DESC NULLS LAST, id",
            "article": "id"},
)

_QUOTES = _Table(
    name="quotes",
    select="SELECT q.*, a.title, a.url, a.outlet, a.published FROM quotes q JOIN articles a ON a.id = q.article_id",
    clauses={
        **_day_filters(_ARTICLE_DAY),
        "actor": partial(_actor, ("speaker_code",), ("speaker", "speaker_name", "speaker_text")),
        "country": partial(_equal, ("speaker_country",), _upper),
        "sector": partial(_equal, ("speaker_sector",), _upper),
        "text": partial(_contains, ("text",)),
        "outlet": partial(_equal, ("lower(outlet)",), _lower),
        "article": partial(_equal, ("article_id",), str),
    },
    orders={"date": f"{_ARTICLE_DAY} NULLS LAST, article_id, idx",
            "-date": f"{_ARTICLE_DAY} DESC NULLS LAST, article_id, idx", "article": "article_id, idx"},
)

TABLES = {table.name: table for table in (_EVENTS, _ARTICLES, _QUOTES)}


def build_sql(table: str, filters: Filters, count: bool = False) -> tuple[str, list[Any]]:
    """The parameterised SQL (and its parameters) selecting ``filters`` from ``table``."""
    spec = TABLES[table]
    given = filters.given()
    unsupported = sorted(set(given) - set(spec.clauses) - set(_PAGING))
    if unsupported:
        raise TypeError(f"{table} cannot be filtered by {', '.join(unsupported)}; "
                        f"it takes: {', '.join([*spec.clauses, *_PAGING])}")
    where, params = [], []
    for name, value in given.items():
        if name not in _PAGING:
            sql, values = spec.clauses[name](value)
            where.append(sql)
            params.extend(values)
    sql = f"SELECT * FROM ({spec.select}) AS t" + (" WHERE " + " AND ".join(where) if where else "")
    if count:
        return f"SELECT count(*) FROM ({sql}) AS c", params
    order = given.get("order", "date")
    if order not in spec.orders:
        raise ValueError(f"order must be one of {', '.join(spec.orders)}, not {order!r}")
    sql += f" ORDER BY {spec.orders[order]}"  # whitelisted above
    if "limit" in given:
        sql += " LIMIT ?"
        params.append(_count("limit", given["limit"]))
    if "offset" in given:
        sql += " OFFSET ?"
        params.append(_count("offset", given["offset"]))
    return sql, params


def _actor_from(row: dict[str, Any], prefix: str) -> Actor | None:
    if row.get(f"{prefix}_code") is None:
        return None
    return Actor(**{k: row[f"{prefix}_{k}"] for k in ("text", "code", "country", "sector", "name")})


def event_from_row(row: dict[str, Any]) -> Event:
    """An ``event_rows`` row back into the contract's :class:`Event`."""
    attribution = None
    if row.get("speaker") is not None:
        attribution = Attribution(speaker=row["speaker"], speaker_type=row["speaker_type"] or "unknown",
                                  speaker_actor=_actor_from(row, "speaker"), via=list(row.get("via") or []),
                                  quote=bool(row.get("quote")))
    location = None
    if row.get("location_name") is not None:
        location = Place(**{k: row[f"location_{k}"] for k in ("name", "country", "lat", "lon", "geonameid",
                                                                 "precision")})
    return Event(source=_actor_from(row, "source"), target=_actor_from(row, "target"), cameo=row["cameo"],
                 plover=row["plover"], quad_class=row["quad_class"], goldstein=row["goldstein"],
                 modality=row["modality"], attribution=attribution, date=row["date"], date_text=row["date_text"],
                 location=location, sentence=row["sentence"], span=(row["span_start"], row["span_end"]),
                 trigger=row["trigger"])


class Database:
    """Read-only queries over one eventwire database (what ``eventwire.open(path)`` returns)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.con = connect(self.path, read_only=True)
        try:
            check_layout(self.con, self.path)
        except StoreError:
            self.con.close()
            raise

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def execute(self, table: str, filters: Filters) -> duckdb.DuckDBPyConnection:
        """Run the query on a fresh cursor; callers pick the shape (``.df()``, ``.to_arrow_table()``...)."""
        sql, params = build_sql(table, filters)
        return self.con.cursor().execute(sql, params)

    def rows(self, table: str, filters: Filters, chunk: int = 1000) -> Iterator[dict[str, Any]]:
        """Stream matching rows as dicts (``None`` for missing values)."""
        cursor = self.execute(table, filters)
        columns = [d[0] for d in cursor.description]
        while batch := cursor.fetchmany(chunk):
            yield from (dict(zip(columns, values)) for values in batch)

    def events(self, **filters: Any) -> pd.DataFrame:
        return self.execute("events", Filters.of(**filters)).df()

    def articles(self, **filters: Any) -> pd.DataFrame:
        return self.execute("articles", Filters.of(**filters)).df()

    def quotes(self, **filters: Any) -> pd.DataFrame:
        return self.execute("quotes", Filters.of(**filters)).df()

    def count(self, **filters: Any) -> int:
        """How many events match (``limit``/``offset`` ignored)."""
        sql, params = build_sql("events", Filters.of(**filters), count=True)
        return self.con.cursor().execute(sql, params).fetchone()[0]

    def event(self, article_id: str, idx: int) -> dict[str, Any]:
        """One event in the contract's shape plus where it comes from (article, outlet, url, day)."""
        found = list(self.rows("events", Filters(article=article_id)))
        row = next((r for r in found if r["idx"] == int(idx)), None)
        if row is None:
            raise KeyError(f"no event {idx} in article {article_id!r}")
        return {"article_id": article_id, "idx": row["idx"], **event_from_row(row).to_dict(),
                "day": row["day"].isoformat() if row["day"] else None,
                **{k: row[k] for k in ("title", "url", "outlet", "published")}}


    # ------------------------------------------------------------ stories (eventwire.fuse)

    def _stories_cursor(self, sql: str, params: list[Any]) -> duckdb.DuckDBPyConnection:
        try:
            return self.con.cursor().execute(sql, params)
        except duckdb.CatalogException as exc:
            raise StoreError(f"{self.path}: no stories in this file (written before stories existed); "
                             f"ingest into it once more to fuse them") from exc

    def stories(self, **filters: Any) -> pd.DataFrame:
        """Stories matching ``filters`` (status, actor, root, since, until, min_outlets, article, limit, offset)."""
        from .fuse import StoryFilters, stories_sql

        return self._stories_cursor(*stories_sql(StoryFilters(**filters))).df()

    def story_records(self, **filters: Any) -> Iterator[dict[str, Any]]:
        """The contract's STORY records of the matching stories."""
        from .fuse import StoryFilters, stories_sql, story_record

        cursor = self._stories_cursor(*stories_sql(StoryFilters(**filters)))
        columns = [d[0] for d in cursor.description]
        for values in cursor.fetchall():
            yield story_record(self.con, dict(zip(columns, values)))

    def story(self, story_id: str) -> dict[str, Any]:
        """One story: its STORY record with each report's outlet, speaker, modality and sentence."""
        from .fuse import story_detail

        self._stories_cursor("SELECT 1 FROM stories LIMIT 0", [])
        return story_detail(self.con, story_id)

def open_database(path: str | Path) -> Database:
    """Open an eventwire database for queries (read-only)."""
    return Database(path)
