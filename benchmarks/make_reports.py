"""Synthetic event reports for the story-fusion benchmark (``bench_fuse.py``).

Reports are drawn the way a news stream produces them: a few thousand happenings a day, each
reported by a handful to dozens of articles over a few days, from 40 countries and 20 roots,
with ~8% negated, ~20% future, some reports with no target or a root-level code, and one
article in six a syndicated copy of another. Columns are ``eventwire.fuse.REPORT_COLUMNS``.
"""
from __future__ import annotations

import argparse
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

COUNTRIES = np.array(["USA", "RUS", "UKR", "BLR", "POL", "CHN", "TWN", "IRN", "ISR", "NER", "FRA", "DEU", "GBR",
                      "IND", "PAK", "TUR", "SYR", "IRQ", "EGY", "SDN", "ETH", "KEN", "NGA", "MLI", "BRA", "ARG",
                      "VEN", "COL", "MEX", "JPN", "KOR", "PRK", "PHL", "VNM", "AFG", "SAU", "YEM", "LBN", "ARM",
                      "AZE"])
SECTORS = np.array(["", "GOV", "MIL", "COP", "OPP", "CVL", "REB"])
SPEAKER_TYPES = np.array(["named_person", "anonymous_official", "organisation", "media"])
MODALITIES = np.array(["asserted", "future", "possible", "negated", "conditional", "requested"])
MODALITY_SHARE = [0.6, 0.2, 0.06, 0.08, 0.03, 0.03]
START = date(2024, 1, 1)


def make_reports(count: int, seed: int = 7) -> pa.Table:
    rng = np.random.default_rng(seed)
    happenings = max(1, count // 12)
    # one happening: actors, action and first day; its reports spread over the next days
    source = rng.integers(0, len(COUNTRIES), happenings)
    target = (source + rng.integers(1, len(COUNTRIES), happenings)) % len(COUNTRIES)
    sector = rng.integers(0, len(SECTORS), happenings)
    root = rng.integers(1, 21, happenings)
    action = rng.integers(1, 10, happenings)
    first_day = rng.integers(0, 365, happenings)
    of = rng.integers(0, happenings, count)
    days = first_day[of] + rng.geometric(0.5, count) - 1
    no_target = rng.random(count) < 0.1
    generic = rng.random(count) < 0.1
    roots = np.char.zfill(root[of].astype(str), 2)
    cameo = np.where(generic, np.char.add(roots, "0"), np.char.add(roots, action[of].astype(str)))
    article = rng.integers(0, max(1, count // 3), count)  # ~3 reports an article
    article_ids = np.char.add("a", article.astype(str))
    copy = rng.random(count) < 1 / 6
    original = np.where(copy, np.char.add("a", (article // 2).astype(str)), article_ids)
    outlet = np.char.add("outlet-", (rng.zipf(1.6, count) % 400).astype(str))
    day_values = np.datetime64(START) + days.astype("timedelta64[D]")
    src, tgt, sec = COUNTRIES[source[of]], COUNTRIES[target[of]], SECTORS[sector[of]]
    speaker_country = COUNTRIES[rng.integers(0, len(COUNTRIES), count)]  # who claims or denies it
    unplaced = rng.random(count) < 0.5
    return pa.table({
        "article_id": article_ids,
        "idx": np.arange(count, dtype=np.int32),
        "source_code": np.char.add(src, sec), "source_country": src, "source_sector": sec,
        "target_code": pa.array(np.where(no_target, None, tgt).tolist(), pa.string()),
        "target_country": pa.array(np.where(no_target, None, tgt).tolist(), pa.string()),
        "target_sector": pa.array(np.where(no_target, None, "").tolist(), pa.string()),
        "root": roots, "cameo": cameo,
        "modality": rng.choice(MODALITIES, count, p=MODALITY_SHARE),
        "speaker": np.char.add("speaker-", rng.integers(0, 5000, count).astype(str)),
        "speaker_type": rng.choice(SPEAKER_TYPES, count),
        "speaker_country": speaker_country, "speaker_sector": SECTORS[rng.integers(0, len(SECTORS), count)],
        "place_country": pa.array(np.where(unplaced, None, tgt).tolist(), pa.string()),
        "day": pa.array(day_values, pa.date32()),
        "published": np.datetime_as_string(day_values, unit="D"),
        "original": original,
        "independent": outlet,
    })


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("output", help="parquet file")
    args = parser.parse_args()
    pq.write_table(make_reports(args.count), args.output)


if __name__ == "__main__":
    main()
