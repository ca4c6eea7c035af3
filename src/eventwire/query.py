"""The one query layer: filters -> parameterised SQL over the event database -> rows.

The CLI, the Python API (``eventwire.open``) and the HTTP server all call :class:`Database`.
Filter values only ever travel as SQL parameters, never inside the SQL text.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields, replace
from datetime import date
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

import duckdb
import orjson
import pandas as pd

from .errors import StoreError
from .model import UNKNOWN_COUNTRY, Actor, Attribution, Event, Place
from .store.duckdb import OpenConnection, check_layout, connect
from .store.serving import SEARCH_SCHEMA, SEARCH_TABLE, has_rollups, has_search_index, load_fts

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
        # field by field, not asdict(): that deep-copies every value, and a request asks this a dozen times
        return {f.name: v for f in fields(self) if (v := getattr(self, f.name)) is not None and v != ""}


@dataclass(frozen=True)
class SearchFilters(Filters):
    """Filters plus a ranked full-text search of event sentences (BM25; needs :func:`build_search_index`).
    Ordered by relevance unless ``order`` says otherwise."""

    search: str | None = None


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


# BM25 of the event sentences holding any of the search's terms, read from the fts extension's own index
# (dict, terms, docs, stats under SEARCH_SCHEMA) for just those terms: the same tokens, stemming and score as
# its match_bm25 macro (k=1.2, b=0.75, log base 10), which would score every sentence one by one.
_SCORES = f"""WITH tokens AS (SELECT DISTINCT stem(unnest({SEARCH_SCHEMA}.tokenize(?)), 'porter') AS term),
  query_terms AS (SELECT termid, df FROM {SEARCH_SCHEMA}.dict JOIN tokens USING (term)),
  frequencies AS (SELECT docid, termid, count(*) AS tf FROM {SEARCH_SCHEMA}.terms
                  WHERE termid IN (SELECT termid FROM query_terms) GROUP BY docid, termid)
SELECT d.name AS key, sum(log((st.num_docs - q.df + 0.5::DOUBLE) / (q.df + 0.5::DOUBLE) + 1)
           * f.tf * 2.2::DOUBLE / (f.tf + 1.2::DOUBLE * (0.25::DOUBLE + 0.75::DOUBLE * d.len / st.avgdl))) AS relevance
FROM frequencies f JOIN query_terms q USING (termid) JOIN {SEARCH_SCHEMA}.docs d USING (docid),
     {SEARCH_SCHEMA}.stats st
GROUP BY d.name"""
_SEARCHED = (f"SELECT e.*, s.relevance FROM event_rows e JOIN {SEARCH_TABLE} k USING (article_id, idx) "
             f"JOIN ({_SCORES}) AS s ON s.key = k.key")
# A ranked search alone: the page is the best-scored keys (ties in key order, which is article and index
# order) with their rows in event_rows and the count from the same scores; then only those rows are read.
_SEARCH_PAGE = f"""WITH scores AS MATERIALIZED ({_SCORES}),
  page AS (SELECT key, relevance FROM scores ORDER BY relevance DESC, key LIMIT ? OFFSET ?)
SELECT k.row, (SELECT count(*) FROM scores) AS total FROM page JOIN {SEARCH_TABLE} k USING (key)
ORDER BY page.relevance DESC, page.key"""
_ROWS = "SELECT * FROM event_rows WHERE rowid = ANY(?) ORDER BY list_position(?, rowid)"
_JSON_AT = "SELECT json FROM event_json WHERE pos = ANY(?) ORDER BY list_position(?, pos)"
_RELEVANCE = "relevance DESC, article_id, idx"
_MAX_SEARCH = 500  # characters of a search query


def _search_terms(value: Any) -> str:
    terms = " ".join(str(value).split())
    if not terms or len(terms) > _MAX_SEARCH:
        raise ValueError(f"search must be 1 to {_MAX_SEARCH} characters of words")
    return terms


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


def build_sql(table: str, filters: Filters, count: bool = False,
              resolved: dict[str, Clause] | None = None) -> tuple[str, list[Any]]:
    """The parameterised SQL (and its parameters) selecting ``filters`` from ``table``; ``resolved`` holds
    conditions already worked out for some filters (see :meth:`Database._resolved`)."""
    sql, params = filtered_sql(table, filters, resolved)
    if count:
        return f"SELECT count(*) FROM ({sql}) AS c", params
    spec, given = TABLES[table], filters.given()
    order = given.get("order", "relevance" if "search" in given and table == "events" else "date")
    if order == "relevance" and table == "events":
        if "search" not in given:
            raise ValueError("order relevance needs a search")
        sql += f" ORDER BY {_RELEVANCE}"
    elif order not in spec.orders:
        raise ValueError(f"order must be one of {', '.join(spec.orders)}, not {order!r}")
    else:
        sql += f" ORDER BY {spec.orders[order]}"  # whitelisted above
    if "limit" in given:
        sql += " LIMIT ?"
        params.append(_count("limit", given["limit"]))
    if "offset" in given:
        sql += " OFFSET ?"
        params.append(_count("offset", given["offset"]))
    return sql, params


def filtered_sql(table: str, filters: Filters, resolved: dict[str, Clause] | None = None) -> tuple[str, list[Any]]:
    """The unordered, unpaged parameterised SQL selecting ``filters`` from ``table``."""
    spec = TABLES[table]
    given = filters.given()
    searched = table == "events" and "search" in given
    unsupported = sorted(set(given) - set(spec.clauses) - set(_PAGING) - ({"search"} if searched else set()))
    if unsupported:
        raise TypeError(f"{table} cannot be filtered by {', '.join(unsupported)}; "
                        f"it takes: {', '.join([*spec.clauses, *_PAGING])}")
    where, params = _conditions(spec.clauses, given, resolved or {})
    if searched:  # the relevance column is only there to order by
        return (f"SELECT * EXCLUDE (relevance) FROM ({_SEARCHED}) AS t{_where(where)}",
                [_search_terms(given["search"]), *params])
    return f"SELECT * FROM ({spec.select}) AS t{_where(where)}", params


def _conditions(clauses: dict[str, Callable[[Any], Clause]], given: dict[str, Any],
                resolved: dict[str, Clause] | None = None) -> tuple[list[str], list[Any]]:
    """The SQL conditions (and their parameters) of the ``given`` filters that ``clauses`` knows."""
    where, params = [], []
    for name, value in given.items():
        if name in clauses:
            sql, values = resolved[name] if resolved and name in resolved else clauses[name](value)
            where.append(sql)
            params.extend(values)
    return where, params


def _where(conditions: list[str]) -> str:
    return " WHERE " + " AND ".join(conditions) if conditions else ""


# Summaries of the filtered events ({f} is the filtered SQL); the dashboard's timeline, map and network.
_BY_DAY = ("SELECT day, {key} AS key, count(*) AS events, avg(goldstein) AS goldstein FROM ({f}) AS f "
           "WHERE day IS NOT NULL GROUP BY ALL ORDER BY day, key")
AGGREGATES = {
    "quad_class": _BY_DAY.format(key="quad_class", f="{f}"),  # events per day and QuadClass
    "plover": _BY_DAY.format(key="plover", f="{f}"),  # events per day and PLOVER type
    "goldstein": _BY_DAY.format(key="'all'", f="{f}"),  # events and mean Goldstein score per day
    # events per country taking part (as source or target; an event within one country counts once)
    "country": "WITH f AS ({f}) SELECT country, count(*) AS events, avg(goldstein) AS goldstein FROM ("
               "SELECT source_country AS country, goldstein FROM f WHERE source_country IS NOT NULL UNION ALL "
               "SELECT target_country, goldstein FROM f WHERE target_country IS NOT NULL "
               "AND target_country IS DISTINCT FROM source_country) AS c GROUP BY country ORDER BY events DESC, country",
    # where events happened: one row per place, the busiest first
    "place": "SELECT location_name AS name, location_country AS country, location_lat AS lat, location_lon AS lon, "
             "count(*) AS events, avg(goldstein) AS goldstein FROM ({f}) AS f WHERE location_lat IS NOT NULL "
             "GROUP BY ALL HAVING count(*) >= ? ORDER BY events DESC, name LIMIT ?",
    # who acts on whom: one edge per (source, target) actor code, weighted by events
    "network": "SELECT source_code AS source, target_code AS target, any_value(source_name) AS source_name, "
               "any_value(target_name) AS target_name, count(*) AS events, avg(goldstein) AS goldstein "
               "FROM ({f}) AS f WHERE source_code IS NOT NULL AND target_code IS NOT NULL AND source_code <> target_code "
               "GROUP BY source_code, target_code HAVING count(*) >= ? ORDER BY events DESC, source, target LIMIT ?",
}
_TOP_N = ("place", "network")  # the aggregates that take (min_events, top)
MAX_TOP = 2000


def aggregate_sql(kind: str, filters: Filters, min_events: int = 1, top: int = 200,
                  resolved: dict[str, Clause] | None = None) -> tuple[str, list[Any]]:
    """The parameterised SQL of one of :data:`AGGREGATES` over the events matching ``filters``."""
    if kind not in AGGREGATES:
        raise ValueError(f"unknown aggregate {kind!r}; known: {', '.join(AGGREGATES)}")
    return aggregate_over(kind, filtered_sql("events", filters, resolved), min_events, top)


def aggregate_over(kind: str, events: Clause, min_events: int = 1, top: int = 200) -> tuple[str, list[Any]]:
    """One of :data:`AGGREGATES` over the rows of ``events`` (SQL and its parameters)."""
    sql, params = events
    if kind in _TOP_N:
        params = [*params, _count("min_events", min_events, 1), _count("top", top, 1, MAX_TOP)]
    return AGGREGATES[kind].format(f=sql), params


# Rollups of a served snapshot (store/serving.py): the same answers as the SQL above, read from a few
# thousand summary rows instead of every event, whenever every filter is on the rollup's dimensions.
_KIND_FILTERS = ("quad_class", "plover", "root")
_DAY_FILTERS = ("since", "until", "country", *_KIND_FILTERS)
_COUNTRY_DAY_CLAUSES = {**_EVENTS.clauses, "country": partial(_equal, ("country",), _upper)}
_SUMMED = "CAST(sum(events) AS BIGINT) AS events, sum(goldstein_sum) / sum(goldstein_n) AS goldstein"
_ROLLUP_AGGREGATES = {
    **{kind: f"SELECT day, {key} AS key, {_SUMMED} FROM {{table}} WHERE day IS NOT NULL{{where}} "
             "GROUP BY ALL ORDER BY day, key"
       for kind, key in (("quad_class", "quad_class"), ("plover", "plover"), ("goldstein", "'all'"))},
    "country": f"SELECT country, {_SUMMED} FROM {{table}} WHERE country IS NOT NULL{{where}} "
               "GROUP BY country ORDER BY events DESC, country",
    # actor ids are numbered in code order, so ordering by id is ordering by code
    "network": f"SELECT source_id, target_id, {_SUMMED} FROM {{table}} WHERE true{{where}} "
               "GROUP BY source_id, target_id HAVING sum(events) >= ? ORDER BY events DESC, source_id, target_id LIMIT ?",
}
# the map when one country is chosen: its partners' counts need each event's two countries
_COUNTRY_PAIRS = (f"WITH f AS (SELECT * FROM rollup_country_pairs WHERE true{{where}}) SELECT country, {_SUMMED} FROM ("
                  "SELECT source_country AS country, events, goldstein_sum, goldstein_n FROM f WHERE source_country IS NOT NULL "
                  "UNION ALL SELECT target_country, events, goldstein_sum, goldstein_n FROM f WHERE target_country IS NOT NULL "
                  "AND target_country IS DISTINCT FROM source_country) AS c GROUP BY country ORDER BY events DESC, country")
_PAIR_TOTALS = ("SELECT source_id, target_id, CAST(events AS BIGINT) AS events, goldstein_sum / goldstein_n AS goldstein "
                "FROM {table} WHERE true{where} AND events >= ? ORDER BY events DESC, source_id, target_id LIMIT ?")
# pair totals (one row a pair) of all events, of one QuadClass, of one PLOVER type, by the filters they take
_PAIR_TOTAL_TABLES = {"rollup_pair_totals": {"country"}, "rollup_pair_quads": {"country", "quad_class"},
                      "rollup_pair_plovers": {"country", "plover"}}
_EDGES = ("SELECT s.code AS source, t.code AS target, s.name AS source_name, t.name AS target_name, p.events, "
          "p.goldstein FROM ({pairs}) p JOIN rollup_actors s ON s.id = p.source_id JOIN rollup_actors t ON t.id = p.target_id "
          "ORDER BY p.events DESC, source, target")


def _rollup_for(kind: str, filters: Filters) -> tuple[str, dict[str, Callable[[Any], Clause]]] | None:
    """The rollup table (and how to filter it) that answers ``kind`` for ``filters``; None if none can."""
    given = set(filters.given()) - set(_PAGING)
    totals = next((table for table, takes in _PAIR_TOTAL_TABLES.items() if given <= takes), None)
    if kind == "network" and totals is not None:
        return totals, _EVENTS.clauses
    if kind == "network":
        return ("rollup_pairs", _EVENTS.clauses) if given <= {"country", *_KIND_FILTERS} else None
    if kind == "country" and given <= set(_KIND_FILTERS):
        return "rollup_countries", _EVENTS.clauses
    if kind == "country" and given <= {"country", *_KIND_FILTERS}:  # partners' counts need both countries
        return "rollup_country_pairs", _EVENTS.clauses
    if kind == "country":
        return ("rollup_country_days", _COUNTRY_DAY_CLAUSES) if given <= set(_DAY_FILTERS) - {"country"} else None
    if kind not in ("count", "days", *_ROLLUP_AGGREGATES) or not given <= set(_DAY_FILTERS):
        return None
    return ("rollup_country_days", _COUNTRY_DAY_CLAUSES) if "country" in given else ("rollup_days", _EVENTS.clauses)


def _rollup_conditions(kind: str, filters: Filters) -> tuple[str, str, list[Any]] | None:
    found = _rollup_for(kind, filters)
    if found is None:
        return None
    table, clauses = found
    where, params = _conditions(clauses, filters.given())
    return table, "".join(f" AND {condition}" for condition in where), params


def rollup_aggregate_sql(kind: str, filters: Filters, min_events: int = 1,
                         top: int = 200) -> tuple[str, list[Any]] | None:
    """:func:`aggregate_sql`'s answer from a served snapshot's rollups, or None if they cannot give it."""
    found = _rollup_conditions(kind, filters) if kind in _ROLLUP_AGGREGATES else None
    if found is None:
        return None
    table, where, params = found
    if kind in _TOP_N:
        params = [*params, _count("min_events", min_events, 1), _count("top", top, 1, MAX_TOP)]
    if kind == "country" and table == "rollup_country_pairs":
        return _COUNTRY_PAIRS.format(where=where), params
    if kind != "network":
        return _ROLLUP_AGGREGATES[kind].format(table=table, where=where), params
    pairs = _PAIR_TOTALS if table in _PAIR_TOTAL_TABLES else _ROLLUP_AGGREGATES[kind]  # totals: one row a pair
    return _EDGES.format(pairs=pairs.format(table=table, where=where)), params


def rollup_count_sql(filters: Filters) -> tuple[str, list[Any]] | None:
    """How many events match ``filters``, from a served snapshot's rollups (None if they cannot say)."""
    found = _rollup_conditions("count", filters)
    if found is None:
        return None
    table, where, params = found
    return f"SELECT CAST(coalesce(sum(events), 0) AS BIGINT) FROM {table} WHERE true{where}", params


def page_bound_sql(filters: Filters, descending: bool) -> tuple[str, list[Any]] | None:
    """The day by which the first ``offset + limit`` events in date order are reached, from the rollups:
    bounding the page query to it lets DuckDB skip every row group outside those days."""
    found = _rollup_conditions("days", filters)
    given = filters.given()
    if found is None or "limit" not in given:
        return None
    table, where, params = found
    direction = "DESC" if descending else "ASC"
    needed = _count("limit", given["limit"]) + _count("offset", given.get("offset", 0))
    return (f"SELECT day FROM (SELECT day, sum(sum(events)) OVER (ORDER BY day {direction}) AS running "
            f"FROM {table} WHERE day IS NOT NULL{where} GROUP BY day) WHERE running >= ? "
            f"ORDER BY day {direction} LIMIT 1", [*params, needed])


def rollup_page_sql(filters: Filters, bound: date | None) -> tuple[str, list[Any]] | None:
    """The JSON texts of a date-ordered page straight from a served snapshot's ``event_json``, which keeps the
    columns the rollups filter on: one query, no join, when every filter is on them (None otherwise).
    ``bound``: the day :func:`page_bound_sql` found (None: the page reaches past the dated events)."""
    given = filters.given()
    order = given.get("order", "date")
    if order not in ("date", "-date") or "limit" not in given or _rollup_for("count", filters) is None:
        return None
    where, params = _conditions(_EVENTS.clauses, given)
    if bound is not None:  # "-date": the page lies on or after that day; "date": on or before it
        where.append("day >= ?" if order == "-date" else "day <= ?")
        params.append(bound)
    return (f"SELECT json FROM event_json{_where(where)} ORDER BY {_EVENTS.orders[order]} LIMIT ? OFFSET ?",
            [*params, _count("limit", given["limit"]), _count("offset", given.get("offset", 0))])


def page_rows_sql(keys: list[tuple[str, int, date]], order: str, table: str = "event_rows",
                  columns: str = "*") -> tuple[str, list[Any]]:
    """The whole rows of a page whose keys (article, index, day) a narrow query found: only the page's days
    are read, and of them only the page's rows are fetched in full (from ``event_rows``, or their JSON texts
    from a served snapshot's ``event_json``: ``table`` and ``columns`` are this module's names, never input)."""
    days = [key[2] for key in keys]
    wanted = [f"{key[0]}/{key[1]}" for key in keys]  # idx has no '/': the last one splits
    return (f"SELECT {columns} FROM {table} WHERE day BETWEEN ? AND ? AND list_contains(?, article_id || '/' || idx) "
            f"ORDER BY {_EVENTS.orders[order]}", [min(days), max(days), wanted])


def search_page_sql(filters: Filters) -> tuple[str, list[Any]] | None:
    """One query for a page of a ranked search with no other filter and its total (a ``total`` column);
    None when other filters or another order apply."""
    given = filters.given()
    if ("search" not in given or "limit" not in given or not set(given) <= {"search", *_PAGING}
            or given.get("order", "relevance") != "relevance"):
        return None
    return _SEARCH_PAGE, [_search_terms(given["search"]), _count("limit", given["limit"]),
                          _count("offset", given.get("offset", 0))]


_ACTOR_CODES = ("source_code", "target_code")
_MAX_ACTOR_VALUES = 1000  # past this many matching values, comparing each event's text is cheaper


def actor_values_sql(value: str) -> tuple[str, list[Any]]:
    """The codes, names and texts (by column) the actor filter ``value`` matches, from a served snapshot's
    ``actor_values``: codes by prefix, names and texts by substring, as the plain actor clause does."""
    return ("SELECT column_name, list(value ORDER BY value) FROM actor_values WHERE CASE WHEN list_contains(?, column_name) "
            "THEN starts_with(value, ?) ELSE contains(lower(value), ?) END GROUP BY column_name ORDER BY column_name",
            [list(_ACTOR_CODES), value.strip().upper(), value.strip().lower()])


def actor_events_sql(filters: Filters, codes: list[str]) -> tuple[str, list[Any]] | None:
    """The events matching ``filters`` whose actor filter matched only the actor ``codes``, read from a served
    snapshot's ``event_actors`` (an event with both actors among them once); None if another filter needs
    columns that table lacks. The rows have the columns totals, day aggregates, the map and the network use."""
    given = {name: value for name, value in filters.given().items() if name not in _PAGING}
    if not codes or not set(given) <= {"actor", *_DAY_FILTERS}:
        return None
    where, params = _conditions(_EVENTS.clauses, {k: v for k, v in given.items() if k != "actor"})
    sql = (f"SELECT DISTINCT ON (article_id, idx) * EXCLUDE (code) FROM event_actors "
           f"WHERE code IN ({', '.join('?' * len(codes))}){''.join(f' AND {w}' for w in where)}")
    return sql, [*codes, *params]


def actor_in_clause(matched: dict[str, list[str]]) -> Clause | None:
    """The actor filter as equality with the values it matched (None: too many to list)."""
    known = {column: values for column, values in matched.items() if column in (*_ACTOR_CODES, *_ACTOR_NAMES)}
    if sum(map(len, known.values())) > _MAX_ACTOR_VALUES:
        return None
    if not known:
        return "false", []
    tests = [f"{column} IN ({', '.join('?' * len(values))})" for column, values in known.items()]  # column whitelisted
    return "(" + " OR ".join(tests) + ")", [value for values in known.values() for value in values]


def _actor_from(row: dict[str, Any], prefix: str) -> Actor | None:
    if row.get(f"{prefix}_code") is None:
        return None
    actor = Actor(**{k: row[f"{prefix}_{k}"] for k in ("text", "code", "country", "sector", "name")})
    return actor if actor.country else replace(actor, country=UNKNOWN_COUNTRY)  # stored as NULL


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


def records(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """A query's rows as dicts."""
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


class Database(OpenConnection):
    """Read-only queries over one eventwire database (what ``eventwire.open(path)`` returns)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.con = connect(self.path, read_only=True)
        try:
            check_layout(self.con, self.path)
            self.rollups = has_rollups(self.con)  # a snapshot `eventwire serve` prepared (store/serving.py)
            if self.rollups:
                # DuckDB reads a page's other columns after its top rows by a second scan of the table, which costs
                # a served page more than reading them with its keys (3 -> 1.5 ms); GLOBAL: cursors are connections
                self.con.execute("SET GLOBAL late_materialization_max_rows = 0")
        except StoreError:
            self.con.close()
            raise
        # a snapshot never changes, and a page asks what an actor matches two or three times (keys, total)
        self._actor_values = lru_cache(maxsize=1024)(self._look_up_actor)

    def execute(self, table: str, filters: Filters) -> duckdb.DuckDBPyConnection:
        """Run the query on a fresh cursor; callers pick the shape (``.df()``, ``.to_arrow_table()``...)."""
        if table != "events":
            return self._cursor(filters).execute(*build_sql(table, filters))
        filters = self._bounded_page(filters)
        return self._cursor(filters).execute(*build_sql(table, filters, resolved=self._resolved(filters)))

    def _actor_matches(self, filters: Filters) -> dict[str, list[str]] | None:
        """What a served snapshot's ``actor_values`` says the actor filter matches, by column (None: no actor
        filter, or not a served snapshot)."""
        actor = filters.given().get("actor")
        if not self.rollups or actor is None:
            return None
        return self._actor_values(str(actor))

    def _look_up_actor(self, actor: str) -> dict[str, list[str]]:
        return dict(self.con.cursor().execute(*actor_values_sql(actor)).fetchall())

    def _resolved(self, filters: Filters) -> dict[str, Clause]:
        """Event conditions a served snapshot can state more cheaply: the actor filter as the few codes,
        names and texts it matches (looked up in ``actor_values``) instead of a substring test per event."""
        matched = self._actor_matches(filters)
        clause = actor_in_clause(matched) if matched is not None else None
        return {} if clause is None else {"actor": clause}

    def _actor_events(self, filters: Filters) -> tuple[str, list[Any]] | None:
        """:func:`actor_events_sql` when the actor filter matched codes only (no name or mention text)."""
        matched = self._actor_matches(filters)
        if not matched or set(matched) - set(_ACTOR_CODES):
            return None
        return actor_events_sql(filters, sorted({code for codes in matched.values() for code in codes}))

    def _bounded_page(self, filters: Filters) -> Filters:
        """A page in date order reads only the days that hold it: the rollups say by which day
        ``offset + limit`` events are reached, and that day becomes the page's ``since`` or ``until``."""
        order = filters.given().get("order", "date")
        if not self.rollups or getattr(filters, "search", None) is not None or order not in ("date", "-date"):
            return filters
        query = page_bound_sql(filters, descending=order == "-date")
        found = self.con.cursor().execute(*query).fetchone() if query is not None else None
        if found is None:  # fewer events than the page needs (or no rollup applies): read them all
            return filters
        return replace(filters, **{"since" if order == "-date" else "until": found[0]})

    def _dated_page(self, filters: Filters) -> list[dict[str, Any]] | None:
        """A page in date order in two steps: the page's keys from a narrow query over its days, then its
        rows in full (46 columns of a few rows instead of every row of those days); None if not a dated page."""
        keys = self._dated_page_keys(filters)
        if keys is None:
            return None
        return records(self.con.cursor().execute(*page_rows_sql(keys, filters.given().get("order", "date")))) if keys else []

    def _dated_page_keys(self, filters: Filters) -> list[tuple] | None:
        """(article, index, day[, place in event_json]) of a page in date order from a narrow query over its
        days; None if not a dated page or it reaches the undated events (they end the list: read them as they are)."""
        order = filters.given().get("order", "date")
        if (not self.rollups or getattr(filters, "search", None) is not None or order not in ("date", "-date")
                or "limit" not in filters.given()):
            return None
        keys = self.con.cursor().execute(*self._page_keys_sql(filters, order)).fetchall()
        return None if any(key[2] is None for key in keys) else keys

    def _page_keys_sql(self, filters: Filters, order: str) -> tuple[str, list[Any]]:
        """(article_id, idx, day) of a date-ordered page: from the actor's events when they can say it."""
        given = filters.given()
        actor_events = self._actor_events(filters)
        if actor_events is not None:
            sql, params = actor_events
            return (f"SELECT article_id, idx, day, pos FROM ({sql}) AS a ORDER BY {_EVENTS.orders[order]} LIMIT ? OFFSET ?",
                    [*params, _count("limit", given["limit"]), _count("offset", given.get("offset", 0))])
        bounded = self._bounded_page(filters)
        sql, params = build_sql("events", bounded, resolved=self._resolved(bounded))
        return f"SELECT article_id, idx, day FROM ({sql}) AS p", params

    def page(self, filters: Filters) -> tuple[list[dict[str, Any]], int]:
        """A page of events (as ``filters`` pages them) and how many match in all."""
        query = search_page_sql(filters) if self.rollups else None
        if query is None:
            rows = self._dated_page(filters)
            return rows if rows is not None else records(self.execute("events", filters)), self.total(filters)
        hits = self._cursor(filters).execute(*query).fetchall()
        if not hits:  # past the last hit: count them the general way
            return [], self.total(filters)
        found = [row for row, _ in hits]
        return records(self.con.cursor().execute(_ROWS, [found, found])), hits[0][1]

    def page_json(self, filters: Filters) -> tuple[list[orjson.Fragment], int]:
        """:meth:`page` with each event as its JSON object, ready to be sent: a served snapshot's page in date
        order reads the texts ``event_json`` holds (one column, no row built in Python); others render rows."""
        direct = self._rollup_page_json(filters)
        if direct is not None:
            return direct
        keys = self._dated_page_keys(filters)
        if keys is None:
            rows, total = self.page(filters)
            return [orjson.Fragment(orjson.dumps(row)) for row in rows], total
        query = page_rows_sql(keys, filters.given().get("order", "date"), "event_json", "json") if keys else None
        if keys and len(keys[0]) == 4:  # an actor's page: its events' places in event_json, fetched by its index
            places = [key[3] for key in keys]
            query = _JSON_AT, [places, places]
        found = self.con.cursor().execute(*query).fetchall() if query else []
        return [orjson.Fragment(text) for (text,) in found], self.total(filters)

    def _rollup_page_json(self, filters: Filters) -> tuple[list[orjson.Fragment], int] | None:
        """A date-ordered page under filters the rollups take in two queries instead of four: its total and
        the day that bounds it from the rollups in one, then its JSON texts from ``event_json`` alone."""
        order = filters.given().get("order", "date")
        count = rollup_count_sql(filters) if self.rollups and getattr(filters, "search", None) is None else None
        bound = page_bound_sql(filters, descending=order == "-date") if count is not None else None
        if bound is None or rollup_page_sql(filters, None) is None:
            return None
        total, day = self.con.cursor().execute(f"SELECT ({count[0]}), ({bound[0]})", [*count[1], *bound[1]]).fetchone()
        if total <= _count("offset", filters.given().get("offset", 0)):  # past the last event: nothing to read
            return [], total
        sql, params = rollup_page_sql(filters, day)
        return [orjson.Fragment(text) for (text,) in self.con.cursor().execute(sql, params).fetchall()], total

    def total(self, filters: Filters) -> int:
        """How many events match ``filters`` (paging ignored)."""
        query = rollup_count_sql(filters) if self.rollups else None
        if query is None and self.rollups and (actor_events := self._actor_events(filters)) is not None:
            query = f"SELECT count(*) FROM ({actor_events[0]}) AS a", actor_events[1]
        sql, params = query or build_sql("events", filters, count=True, resolved=self._resolved(filters))
        return self._cursor(filters).execute(sql, params).fetchone()[0]

    def execute_aggregate(self, kind: str, filters: Filters, min_events: int = 1,
                          top: int = 200) -> duckdb.DuckDBPyConnection:
        """Run one of :data:`AGGREGATES` over the events matching ``filters`` on a fresh cursor."""
        return self._cursor(filters).execute(*self._aggregate_query(kind, filters, min_events, top))

    def aggregate_json(self, kind: str, filters: Filters, min_events: int = 1, top: int = 200) -> orjson.Fragment:
        """:meth:`execute_aggregate`'s rows as one JSON array of objects, written by DuckDB (``to_json`` of each
        row: a timeline of thousands of rows costs a third less than building dicts for orjson)."""
        sql, params = self._aggregate_query(kind, filters, min_events, top)
        found = self._cursor(filters).execute(f"SELECT to_json(r) FROM ({sql}) AS r", params).fetchall()
        array = "[" + ",".join(text for (text,) in found) + "]"
        if "NaN" in array or "Infinity" in array:  # DuckDB writes a non-finite number so, which JSON lacks
            return orjson.Fragment(orjson.dumps(records(self.execute_aggregate(kind, filters, min_events, top))))
        return orjson.Fragment(array)

    def _aggregate_query(self, kind: str, filters: Filters, min_events: int, top: int) -> tuple[str, list[Any]]:
        query = rollup_aggregate_sql(kind, filters, min_events, top) if self.rollups else None
        if query is None and self.rollups and kind != "place" and (actor_events := self._actor_events(filters)):
            query = aggregate_over(kind, actor_events, min_events, top)  # place: event_actors has no places
        return query or aggregate_sql(kind, filters, min_events, top, resolved=self._resolved(filters))

    def aggregate(self, kind: str, min_events: int = 1, top: int = 200, **filters: Any) -> pd.DataFrame:
        """Counts and mean Goldstein scores per day, country, place or actor pair (see :data:`AGGREGATES`)."""
        return self.execute_aggregate(kind, Filters.of(**filters), min_events, top).df()

    def _cursor(self, filters: Filters) -> duckdb.DuckDBPyConnection:
        if getattr(filters, "search", None) is not None and not self._search_ready():
            raise StoreError(f"{self.path}: no full-text index; search needs one (eventwire serve builds it "
                             "on its snapshot), or use the text filter for a substring")
        return self.con.cursor()

    def _search_ready(self) -> bool:
        if not has_search_index(self.con):
            return False
        load_fts(self.con)
        return True

    def story_of(self, article_id: str, idx: int) -> str | None:
        """The id of the story an event reports (None for a file written before stories existed)."""
        try:
            found = self.con.cursor().execute("SELECT story_id FROM story_reports WHERE article_id = ? AND idx = ?",
                                              [article_id, int(idx)]).fetchone()
        except duckdb.CatalogException:
            return None
        return found[0] if found else None

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
        return self.total(Filters.of(**filters))

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
