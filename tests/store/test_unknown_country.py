"""Actors of unknown country ("---"): stored as no country, read back as "---", fused with
nothing, left off the map and out of GDELT's country columns."""
from __future__ import annotations

import csv

import pytest
from story_fixtures import event, result

from eventwire.model import UNKNOWN_COUNTRY, Actor
from eventwire.query import open_database
from eventwire.store.duckdb import Store
from eventwire.store.export import export

pytestmark = pytest.mark.integration


def _unknown(sector: str) -> Actor:
    return Actor.make(sector.lower(), UNKNOWN_COUNTRY, sector)


def _two_raids():
    """Two outlets, the same day, each telling of armed men of unknown country raiding a village."""
    raids = []
    for article, outlet in (("hill-1", "Hill Post"), ("valley-1", "Valley Herald")):
        raid = event("NGAMIL", None, "190", date="2030-05-02")
        raid.source, raid.target = _unknown("UAF"), _unknown("CVL")
        raids.append(result(article, "Armed men raided a village at night.", outlet, "2030-05-02T09:00:00Z", [raid]))
    return raids


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "ew.duckdb"
    with Store(path) as store:
        store.ingest(_two_raids())
    return path


def test_unknown_country_reads_back_as_dashes(db_path):
    with open_database(db_path) as db:
        events = [db.event(a, 0) for a in ("hill-1", "valley-1")]
    assert {(e["source"]["code"], e["source"]["country"], e["target"]["country"]) for e in events} == {
        ("---UAF", UNKNOWN_COUNTRY, UNKNOWN_COUNTRY)}


def test_unknown_country_is_fused_with_nothing(db_path):
    with open_database(db_path) as db:
        stories = db.stories()
    assert len(stories) == 2 and set(stories.status) == {"single-source"}


def test_unknown_country_is_no_country_on_the_map(db_path):
    with open_database(db_path) as db:
        countries = db.aggregate("country")
        assert db.count(country=UNKNOWN_COUNTRY) == 0
    assert countries.empty


def test_unknown_country_leaves_gdelt_country_codes_empty(db_path, tmp_path):
    out = tmp_path / "events.tsv"
    export(db_path, "gdelt", out)
    rows = list(csv.DictReader(out.open(encoding="utf-8"), delimiter="\t"))
    assert [(r["Actor1Code"], r["Actor1CountryCode"], r["Actor2CountryCode"]) for r in rows] == [("UAF", "", "")] * 2
