from __future__ import annotations

from pathlib import Path

import pytest
from store.sample_results import build_database

from eventwire.query import Database, Filters, build_sql, open_database


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    path = build_database(tmp_path_factory.mktemp("query") / "ew.duckdb")
    with open_database(path) as database:
        yield database


def _keys(frame) -> list[tuple[str, int]]:
    return list(zip(frame["article_id"], frame["idx"]))


@pytest.mark.parametrize(("filters", "expected"), [
    ({}, [("ew-ro-hu-1", 0), ("ew-ro-hu-1", 1), ("ew-ro-hu-1", 2), ("ew-ke-protest-1", 0), ("ew-ke-protest-1", 1)]),
    ({"actor": "HUN"}, [("ew-ro-hu-1", 0), ("ew-ro-hu-1", 1), ("ew-ro-hu-1", 2)]),
    ({"actor": "kenyan pol"}, [("ew-ke-protest-1", 0)]),
    ({"country": "ken"}, [("ew-ke-protest-1", 0), ("ew-ke-protest-1", 1)]),
    ({"sector": "OPP"}, [("ew-ke-protest-1", 1)]),
    ({"root": "2"}, [("ew-ro-hu-1", 2), ("ew-ke-protest-1", 1)]),
    ({"cameo": "17"}, [("ew-ke-protest-1", 0)]),
    ({"plover": "request"}, [("ew-ro-hu-1", 2), ("ew-ke-protest-1", 1)]),
    ({"modality": "negated"}, [("ew-ro-hu-1", 1)]),
    ({"quad_class": 4}, [("ew-ro-hu-1", 1), ("ew-ke-protest-1", 0)]),
    ({"text": "NATIONAL STRIKE"}, [("ew-ke-protest-1", 1)]),
    ({"outlet": "dailyledger.example"}, [("ew-ke-protest-1", 0), ("ew-ke-protest-1", 1)]),
    ({"article": "ew-ro-hu-1", "limit": 1, "offset": 1}, [("ew-ro-hu-1", 1)]),
    ({"since": "2023-03-15", "until": "2023-03-19"}, [("ew-ro-hu-1", 2), ("ew-ke-protest-1", 0)]),
    ({"order": "-goldstein", "limit": 2}, [("ew-ke-protest-1", 1), ("ew-ro-hu-1", 2)]),
])
def test_query_events_filters(db: Database, filters: dict, expected: list) -> None:
    assert _keys(db.events(**filters)) == expected
    assert db.count(**{k: v for k, v in filters.items() if k not in ("limit", "offset", "order")}) == \
        len(db.events(**{k: v for k, v in filters.items() if k not in ("limit", "offset")}))


def test_query_events_without_date_fall_back_to_publication_day(db: Database) -> None:
    frame = db.events(since="2023-03-20")
    assert _keys(frame) == [("ew-ke-protest-1", 1)]
    assert str(frame["day"].iloc[0])[:10] == "2023-03-20"


@pytest.mark.parametrize("hostile", [
    "'; DROP TABLE events; --",
    "HUN' OR '1'='1",
    "%",
    "_",
])
def test_query_injection_strings_are_plain_values(db: Database, hostile: str) -> None:
    for name in ("actor", "country", "text", "outlet", "article", "plover", "cameo"):
        assert db.events(**{name: hostile}).empty, name
    assert db.count() == 5


def test_query_injection_string_still_matches_literally(db: Database) -> None:
    assert _keys(db.events(text="Hungary's ambassador")) == [("ew-ro-hu-1", 0)]


def test_query_sql_carries_values_only_as_parameters() -> None:
    sql, params = build_sql("events", Filters(actor="x'); --", limit=3))
    assert "x'" not in sql
    assert params == ["X'); --", "X'); --", "x'); --", "x'); --", "x'); --", "x'); --", 3]


def test_query_unknown_filter_raises_type_error(db: Database) -> None:
    with pytest.raises(TypeError, match="unknown filter.*colour.*known filters: since"):
        db.events(colour="red")


def test_query_filter_a_table_does_not_take_raises_type_error(db: Database) -> None:
    with pytest.raises(TypeError, match="quotes cannot be filtered by plover"):
        db.quotes(plover="REQUEST")


@pytest.mark.parametrize(("filters", "message"), [
    ({"since": "last tuesday"}, "since must be a date"),
    ({"limit": -1}, "limit must be >= 0"),
    ({"quad_class": 7}, "quad_class must be between 1 and 4"),
    ({"order": "random()"}, "order must be one of"),
])
def test_query_bad_values_raise_value_error(db: Database, filters: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        db.events(**filters)


def test_query_articles_by_event_filter_and_text(db: Database) -> None:
    assert list(db.articles(modality="requested")["id"]) == ["ew-ke-protest-1"]
    assert list(db.articles(text="summons")["id"]) == ["ew-ro-hu-1"]
    assert list(db.articles(outlet="harborpost.example")["id"]) == ["ew-ro-hu-1", "ew-empty-1"]
    failed = db.articles(article="ew-empty-1")
    assert list(failed["errors"].iloc[0]) == ["EW201 clean: article text is empty"]


def test_query_quotes_by_speaker(db: Database) -> None:
    frame = db.quotes(actor="mwangi")
    assert list(frame["text"]) == ["We will not be silenced,"]
    assert frame["outlet"].iloc[0] == "dailyledger.example"
    assert db.quotes(actor="KENOPP").shape[0] == 1
    assert db.quotes(country="ROU").empty


def test_query_event_returns_contract_shape(db: Database) -> None:
    event = db.event("ew-ro-hu-1", 1)
    assert event["source"] == {"text": "Budapest", "code": "HUNGOV", "country": "HUN", "sector": "GOV",
                               "name": "Hungary"}
    assert event["attribution"] == {"speaker": "Hungarian officials", "speaker_type": "anonymous_official",
                                    "speaker_actor": None, "via": ["Reuters"], "quote": False}
    assert event["modality"] == "negated"
    assert event["location"] is None
    assert event["day"] == "2023-03-14"
    assert event["span"] == [69, 130]
    assert event["outlet"] == "harborpost.example"


def test_query_event_missing_raises_key_error(db: Database) -> None:
    with pytest.raises(KeyError, match="no event 9"):
        db.event("ew-ro-hu-1", 9)


def test_query_open_missing_database_is_a_store_error(tmp_path: Path) -> None:
    from eventwire.errors import StoreError

    with pytest.raises(StoreError):
        open_database(tmp_path / "nothing.duckdb")
