from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from eventwire.query import Filters
from eventwire.store.export import GDELT_COLUMNS, cameo_country, export, fips_country, global_event_id
from store.sample_results import build_database


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_database(tmp_path_factory.mktemp("export") / "ew.duckdb")


def test_export_parquet_file_round_trips(db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    assert export(db_path, "parquet", out, Filters(country="KEN")) == 2
    table = pq.read_table(out)
    assert table.column("source_code").to_pylist() == ["KENCOP", "KENOPP"]
    assert table.column("via").to_pylist() == [[], []]


def test_export_parquet_directory_is_partitioned_by_day(db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "dataset"
    out.mkdir()
    assert export(db_path, "parquet", out) == 5
    assert sorted(p.name for p in out.iterdir()) == ["day=2023-03-14", "day=2023-03-15", "day=2023-03-19",
                                                    "day=2023-03-20"]
    assert pq.read_table(out).num_rows == 5


def test_export_csv_round_trips(db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    assert export(db_path, "csv", out, Filters(modality="negated")) == 1
    with out.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1
    assert rows[0]["trigger"] == "recall"
    assert json.loads(rows[0]["via"]) == ["Reuters"]
    assert rows[0]["day"] == "2023-03-14"


def test_export_gdelt_columns_and_codes(db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    assert export(db_path, "gdelt", out, Filters(article="ew-ro-hu-1")) == 3
    with out.open(newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        assert tuple(reader.fieldnames) == GDELT_COLUMNS
        rows = list(reader)
    assert len(GDELT_COLUMNS) == 61
    summons, recall, appeal = rows
    assert summons["Actor1Code"] == "ROMGOV"  # CAMEO spells Romania ROM
    assert summons["Actor1CountryCode"] == "ROM"
    assert summons["Actor2Code"] == "HUNGOV"
    assert summons["Actor1Name"] == "ROMANIA"
    assert summons["SQLDATE"] == "20230314"
    assert (summons["EventCode"], summons["EventBaseCode"], summons["EventRootCode"]) == ("112", "112", "11")
    assert summons["IsRootEvent"] == "1" and recall["IsRootEvent"] == "0"
    assert (summons["ActionGeo_Type"], summons["ActionGeo_CountryCode"]) == ("4", "RO")
    assert float(summons["ActionGeo_Lat"]) == pytest.approx(44.43)
    assert summons["ActionGeo_FeatureID"] == "683506"
    assert summons["SOURCEURL"] == "https://harborpost.example/ro-hu"
    assert int(summons["GLOBALEVENTID"]) == global_event_id("ew-ro-hu-1", 0)
    assert recall["ActionGeo_Type"] == "" and recall["QuadClass"] == "4"
    assert (appeal["Actor1Code"], appeal["Actor1CountryCode"], appeal["Actor1Type1Code"]) == ("IGO", "", "IGO")
    assert appeal["ActionGeo_Type"] == "1"


def test_export_gdelt_ids_are_stable_and_distinct() -> None:
    assert global_event_id("a", 1) == global_event_id("a", 1)
    assert len({global_event_id("a", 1), global_event_id("a", 2), global_event_id("a1", 0)}) == 3
    assert 0 < global_event_id("a", 1) < 2**63


@pytest.mark.parametrize(("iso3", "cameo", "fips"), [("ROU", "ROM", "RO"), ("KEN", "KEN", "KE"),
                                                      ("GBR", "GBR", "UK"), ("KOS", "KOS", "KV")])
def test_export_country_code_mapping(iso3: str, cameo: str, fips: str) -> None:
    assert cameo_country(iso3) == cameo
    assert fips_country(iso3) == fips


def test_export_plover_json_lines(db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    assert export(db_path, "plover", out, Filters(plover="REQUEST")) == 2
    records = [json.loads(line) for line in out.read_text().splitlines()]
    appeal, strike_call = records
    assert appeal["id"] == "ew-ro-hu-1-2"
    assert appeal["event_type"] == "REQUEST"
    assert appeal["actor"] == {"name": "NATO", "text": "NATO", "code": "IGO", "country": "IGO", "sectors": []}
    assert appeal["recipient"]["sectors"] == ["GOV"]
    assert appeal["event_date"] == "2023-03-15" and appeal["story_date"] == "2023-03-14"
    assert strike_call["recipient"] is None
    assert strike_call["modality"] == "requested"
    assert strike_call["event_date"] == "2023-03-20"  # no event date: the publication day


def test_export_unknown_format_is_rejected(db_path: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown export format 'xml'"):
        export(db_path, "xml", tmp_path / "x")
