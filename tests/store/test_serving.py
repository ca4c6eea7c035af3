"""The serving layout (store/serving.py): rollups, day-bounded pages and the full-text search read from the
extension's index tables give exactly the answers the plain queries give on the user's file."""
from __future__ import annotations

import random
import shutil
from datetime import date, timedelta
from pathlib import Path

import orjson
import pytest

from eventwire.dictionaries import cameo_codes
from eventwire.query import (AGGREGATES, Database, Filters, SearchFilters, actor_in_clause, records,
                             rollup_aggregate_sql, rollup_count_sql, rollup_page_sql, search_page_sql)
from eventwire.store.duckdb import Store
from eventwire.store.serving import SEARCH_SCHEMA, SEARCH_TABLE, load_fts, prepare_for_serving

COUNTRIES = ["RUS", "UKR", "POL", "BLR", "KEN", None]
SECTORS = ["", "GOV", "MIL", "CVL"]
WORDS = "troops crossed the border while envoys met for talks and police arrested protesters".split()


def _random_rows(rng: random.Random, articles: int) -> tuple[list[tuple], list[dict]]:
    codes = list(cameo_codes().values())
    first = date(2024, 1, 1)
    article_rows, event_rows = [], []
    for a in range(articles):
        published = (first + timedelta(days=rng.randrange(60))).isoformat() if rng.random() < 0.9 else None
        article_rows.append((f"a{a}", published))
        for idx in range(rng.randrange(5)):
            code = rng.choice(codes)
            source, target = rng.choice(COUNTRIES[:-1]), rng.choice(COUNTRIES)
            own_date = rng.random() < 0.6
            event_rows.append({
                "article_id": f"a{a}", "idx": idx, "cameo": code.code, "root": code.root, "plover": code.plover,
                "quad_class": code.quad_class, "modality": rng.choice(["asserted", "negated"]), "goldstein": code.goldstein if rng.random() < 0.9 else None,
                "source_country": source, "source_sector": (sector := rng.choice(SECTORS)),
                "source_code": source + sector, "source_name": source,
                "target_country": target, "target_code": target and target + rng.choice(SECTORS), "target_name": target,
                "date": (first + timedelta(days=rng.randrange(60))).isoformat() if own_date else None,
                "sentence": " ".join(rng.choices(WORDS, k=rng.randint(3, 9))) + "."})
    return article_rows, event_rows


def _build(path: Path) -> Path:
    """A few hundred random events: same-country pairs, missing targets, events dated by their article,
    undated events (no date, no publication day: they end every date-ordered list)."""
    with Store(path) as store:
        articles, events = _random_rows(random.Random(7), 200)
        store.con.executemany("INSERT INTO articles (id, published, content_hash, ingested_at) "
                              "VALUES (?, ?, 'x', now()::TIMESTAMP)", articles)
        columns = list(events[0])
        store.con.executemany(f"INSERT INTO events ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                              [[row[c] for c in columns] for row in events])
    return path


@pytest.fixture(scope="module")
def databases(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("serving")
    plain = _build(folder / "plain.duckdb")
    served = folder / "served.duckdb"
    shutil.copyfile(plain, served)
    prepare_for_serving(served)
    with Database(plain) as original, Database(served) as snapshot:
        yield original, snapshot


FILTERS = [
    {}, {"country": "RUS"}, {"quad_class": 4}, {"plover": "ASSAULT"}, {"root": "4"},
    {"since": "2024-01-10", "until": "2024-02-05"}, {"country": "ukr", "quad_class": 1, "since": "2024-01-20"},
    {"plover": "CONSULT", "root": "04", "until": "2024-02-10"}, {"country": "POL", "quad_class": 3},
    {"country": "BLR", "plover": "ASSAULT"},
]
NOT_ON_ROLLUPS = [{"actor": "RUSGOV"}, {"actor": "UKRMIL", "country": "POL", "until": "2024-02-01"}, {"actor": "BLRC", "root": "19"},
                  {"actor": "po", "quad_class": 4}, {"actor": "ke", "since": "2024-02-01"},
                  {"sector": "MIL", "country": "POL"}, {"text": "border"}, {"modality": "asserted"}]


def test_serving_is_detected_only_on_the_prepared_copy(databases) -> None:
    original, snapshot = databases
    assert snapshot.rollups and not original.rollups
    assert original.total(Filters()) > 300
    assert 0 < len(original.execute("events", Filters(until="2030-01-01")).fetchall()) < original.total(Filters())


def _rows(cursor) -> list[tuple]:
    return [tuple(round(v, 9) if isinstance(v, float) else v for v in row) for row in cursor.fetchall()]


@pytest.mark.parametrize("filters", FILTERS + NOT_ON_ROLLUPS)
@pytest.mark.parametrize("kind", ["quad_class", "plover", "goldstein", "country", "network"])
def test_serving_aggregates_equal_the_plain_queries(databases, filters: dict, kind: str) -> None:
    original, snapshot = databases
    query = Filters(**filters)
    for top, least in ((2000, 1), (5, 2)):
        expected = _rows(original.execute_aggregate(kind, query, min_events=least, top=top))
        assert _rows(snapshot.execute_aggregate(kind, query, min_events=least, top=top)) == expected
    assert expected or kind == "network"


@pytest.mark.parametrize("filters", FILTERS + NOT_ON_ROLLUPS)
def test_serving_totals_and_date_ordered_pages_equal_the_plain_queries(databases, filters: dict) -> None:
    original, snapshot = databases
    assert snapshot.total(Filters(**filters)) == original.total(Filters(**filters))
    for order in ("date", "-date"):
        for limit, offset in ((7, 0), (5, 20), (50, 400)):
            page = Filters(**filters, order=order, limit=limit, offset=offset)
            expected = original.execute("events", page).fetchall()
            assert snapshot.execute("events", page).fetchall() == expected, (order, limit, offset)
            rows, total = snapshot.page(page)
            assert [tuple(row.values()) for row in rows] == expected and total == original.total(page)


def test_serving_rollups_answer_the_filters_on_their_dimensions() -> None:
    for filters in FILTERS:
        assert rollup_count_sql(Filters(**filters)) is not None
        assert rollup_aggregate_sql("quad_class", Filters(**filters)) is not None
    assert rollup_aggregate_sql("network", Filters(country="RUS", quad_class=4)) is not None
    # one QuadClass or PLOVER type: the network from that value's pair totals, not from every (pair, kind) row
    assert "rollup_pair_quads" in rollup_aggregate_sql("network", Filters(country="RUS", quad_class=4))[0]
    assert "rollup_pair_plovers" in rollup_aggregate_sql("network", Filters(plover="ASSAULT"))[0]
    assert rollup_aggregate_sql("country", Filters(country="RUS", root="19")) is not None  # from country pairs
    assert rollup_aggregate_sql("country", Filters(country="RUS", since="2024-01-03")) is None  # pairs have no day
    for filters in NOT_ON_ROLLUPS:
        assert rollup_count_sql(Filters(**filters)) is None


@pytest.mark.parametrize("search", ["troops border", "arrested protesters police", "talks", "crossing envoy"])
def test_serving_search_ranks_as_the_extension_bm25_macro(databases, search: str) -> None:
    _, snapshot = databases
    load_fts(snapshot.con)
    macro = snapshot.con.execute(
        f"SELECT key, score FROM (SELECT key, {SEARCH_SCHEMA}.match_bm25(key, ?) AS score FROM {SEARCH_TABLE}) "
        "WHERE score IS NOT NULL", [search]).fetchall()
    expected = {key: round(score, 9) for key, score in macro}  # sums in another order: last-digit noise
    by_key = dict(snapshot.con.execute(f"SELECT article_id || '/' || idx, key FROM {SEARCH_TABLE}").fetchall())
    found = snapshot.execute("events", SearchFilters(search=search)).fetchall()
    keys = [by_key[f"{row[0]}/{row[1]}"] for row in found]
    assert sorted(keys) == sorted(expected)
    scores = [expected[key] for key in keys]
    assert scores == sorted(scores, reverse=True) and len(scores) > 3
    assert snapshot.total(SearchFilters(search=search, country="RUS")) == \
        sum(1 for row in snapshot.execute("events", SearchFilters(search=search)).fetchall() if "RUS" in row[2:12])


def test_serving_search_with_unknown_words_finds_nothing(databases) -> None:
    _, snapshot = databases
    assert snapshot.total(SearchFilters(search="zeppelin")) == 0


def test_serving_actor_filter_lists_the_values_it_matched(databases) -> None:
    _, snapshot = databases
    assert snapshot._resolved(Filters(actor="RUSGOV"))["actor"] == ("(source_code IN (?) OR target_code IN (?))",
                                                                     ["RUSGOV", "RUSGOV"])
    assert snapshot._resolved(Filters(actor="nobody"))["actor"] == ("false", [])
    assert snapshot.total(Filters(actor="nobody")) == 0 and not snapshot.execute("events", Filters(actor="nobody")).fetchall()
    # codes only: read from event_actors; a name matched too ("po" is in "POL"): the columns are compared
    assert snapshot._actor_events(Filters(actor="RUSGOV", quad_class=4)) is not None
    assert snapshot._actor_events(Filters(actor="po")) is None
    assert snapshot._actor_events(Filters(actor="RUSGOV", sector="MIL")) is None  # sector: not in event_actors
    assert actor_in_clause({"source_text": [f"name {i}" for i in range(5000)]}) is None  # too many: scan instead


@pytest.mark.parametrize(("limit", "offset"), [(5, 0), (10, 7), (50, 10_000)])
def test_serving_search_page_alone_is_the_general_page(databases, limit: int, offset: int) -> None:
    _, snapshot = databases
    query = SearchFilters(search="police talks border", limit=limit, offset=offset)
    assert search_page_sql(query) is not None
    rows, total = snapshot.page(query)
    general = snapshot.execute("events", query)
    columns = [d[0] for d in general.description]
    assert [tuple(row[c] for c in columns) for row in rows] == general.fetchall()
    assert total == snapshot.total(SearchFilters(search="police talks border")) > 20


@pytest.mark.parametrize("filters", FILTERS + NOT_ON_ROLLUPS + [{"search": "police talks"}])
def test_serving_json_pages_are_the_rows_as_orjson_writes_them(databases, filters: dict) -> None:
    _, snapshot = databases
    for order in ("date", "-date"):
        for limit, offset in ((7, 0), (50, 400)):
            page = SearchFilters(**filters, order=order, limit=limit, offset=offset)
            rows, total = snapshot.page(page)
            texts, json_total = snapshot.page_json(page)
            assert orjson.dumps(texts) == orjson.dumps(rows) and json_total == total, (order, limit, offset)


@pytest.mark.parametrize("filters", FILTERS)
def test_serving_json_pages_on_rollup_filters_read_event_json_alone(databases, filters: dict) -> None:
    """Every page of the user's file, past its dated events and past its end too, read from event_json's own
    columns in one query (the rollups give the total and the day that bounds the page)."""
    original, snapshot = databases
    total = original.total(Filters(**filters))
    for order in ("date", "-date"):
        assert rollup_page_sql(Filters(**filters, order=order, limit=5), None) is not None
        for limit, offset in ((7, 0), (5, 20), (50, max(total - 30, 0)), (10, total), (3, total + 5)):
            page = SearchFilters(**filters, order=order, limit=limit, offset=offset)
            rows, plain_total = original.page(page)
            texts, json_total = snapshot.page_json(page)
            assert orjson.dumps(texts) == orjson.dumps(rows) and json_total == plain_total == total, (order, offset)


def test_serving_actor_pages_fetch_their_texts_by_place_in_event_json(databases) -> None:
    original, snapshot = databases
    page = SearchFilters(actor="RUSGOV", order="-date", limit=5, offset=3)
    keys = snapshot._dated_page_keys(page)
    assert keys and all(len(key) == 4 for key in keys)  # article, index, day, place
    texts, total = snapshot.page_json(page)
    rows, plain_total = original.page(page)
    assert orjson.dumps(texts) == orjson.dumps(rows) and total == plain_total


def test_serving_json_pages_read_event_json_alone_only_on_rollup_filters() -> None:
    for filters in NOT_ON_ROLLUPS:
        assert rollup_page_sql(Filters(**filters, limit=5), None) is None
    assert rollup_page_sql(Filters(country="RUS"), None) is None  # no page size: no page
    assert rollup_page_sql(Filters(country="RUS", limit=5, order="goldstein"), None) is None


@pytest.mark.parametrize("filters", FILTERS + NOT_ON_ROLLUPS)
@pytest.mark.parametrize("kind", ["quad_class", "plover", "goldstein", "country", "place", "network"])
def test_serving_aggregates_as_json_are_the_rows_in_order(databases, filters: dict, kind: str) -> None:
    for database in databases:  # the user's file and the served snapshot
        rows = records(database.execute_aggregate(kind, Filters(**filters), min_events=1, top=50))
        assert orjson.loads(orjson.dumps(database.aggregate_json(kind, Filters(**filters), top=50))) == \
            orjson.loads(orjson.dumps(rows))


def test_serving_aggregate_json_writes_a_non_finite_number_as_null(databases, monkeypatch) -> None:
    _, snapshot = databases
    monkeypatch.setitem(AGGREGATES, "place", "SELECT 'nan'::DOUBLE AS goldstein, ? AS least, ? AS top")
    assert orjson.loads(orjson.dumps(snapshot.aggregate_json("place", Filters()))) == [{"goldstein": None, "least": 1,
                                                                                       "top": 200}]
