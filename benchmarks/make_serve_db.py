"""A synthetic eventwire database of N events (default 1,000,000) for the server benchmark.

Four events per article, 40 countries, 8 sectors, every CAMEO code with its PLOVER type, QuadClass
and Goldstein score, two years of days, 600 places, sentences drawn from a news vocabulary so the
full-text index has realistic postings. Built inside DuckDB in a few seconds; not a test fixture.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import duckdb

from eventwire.dictionaries import cameo_codes
from eventwire.store.duckdb import schema_sql

COUNTRIES = ("USA RUS UKR CHN GBR FRA DEU POL BLR TUR IRN ISR PSE SYR IRQ IND PAK AFG JPN KOR PRK PHL VNM "
             "IDN AUS BRA ARG MEX VEN COL NGA KEN ETH SDN EGY ZAF SAU ARE CAN ITA").split()
SECTORS = ["", "GOV", "MIL", "COP", "OPP", "REB", "CVL", "BUS"]
OUTLETS = [f"outlet{i}.example" for i in range(60)]
WORDS = ("troops border talks sanctions ministry envoy summit ceasefire protest police strike missile drone "
         "aid loan election parliament court minister president army navy attack negotiations agreement "
         "refugees village capital oil gas exports embargo accused denied warned praised visited met").split()


def build(path: Path, events: int, seed: float = 0.42) -> None:
    path.unlink(missing_ok=True)
    con = duckdb.connect(str(path))
    con.execute(schema_sql())
    con.execute("SELECT setseed(?)", [seed])
    codes = [(c.code, c.root, c.plover, c.quad_class, c.goldstein) for c in cameo_codes().values()]
    con.execute("CREATE TEMP TABLE codes (n INTEGER, code VARCHAR, root VARCHAR, plover VARCHAR, quad INTEGER, "
                "goldstein DOUBLE)")
    con.executemany("INSERT INTO codes VALUES (?, ?, ?, ?, ?, ?)", [(i, *c) for i, c in enumerate(codes)])
    # The word lists are this script's constants: inlined as SQL list literals (DuckDB's parameters
    # cannot be spread over both queries' CTEs).
    lists = {"countries": COUNTRIES, "sectors": SECTORS, "outlets": OUTLETS, "words": WORDS}
    con.execute("CREATE TEMP TABLE lists AS SELECT " + ", ".join(
        f"[{', '.join(repr(v) for v in values)}] AS {name}" for name, values in lists.items()))
    con.execute("""
        INSERT INTO articles (id, title, url, outlet, published, text, content_hash, ingested_at, errors)
        SELECT 'a' || i, 'Report ' || i, 'https://news.example/' || i, outlets[1 + i % len(outlets)],
               strftime(DATE '2024-01-01' + CAST(i % 730 AS INTEGER), '%Y-%m-%d'),
               'Synthetic article ' || i, md5(i::VARCHAR), now()::TIMESTAMP, []
        FROM range(?) AS t(i), lists""", [events // 4])
    con.execute("""
        INSERT INTO events BY NAME
        WITH r AS (
            SELECT i, floor(random() * 40)::INT AS s, floor(random() * 40)::INT AS t,
                   floor(random() * 8)::INT AS ss, floor(random() * 8)::INT AS ts,
                   floor(random() * (SELECT count(*) FROM codes))::INT AS c, floor(random() * 600)::INT AS p,
                   list_transform(range(12), x -> words[1 + floor(random() * len(words))::INT]) AS w
            FROM range(?) AS e(i), lists)
        SELECT 'a' || (i // 4) AS article_id, (i % 4)::INT AS idx,
               countries[1 + s] || sectors[1 + ss] AS source_code, countries[1 + s] AS source_country,
               sectors[1 + ss] AS source_sector, countries[1 + s] AS source_name, countries[1 + s] AS source_text,
               CASE WHEN t % 10 = 0 THEN NULL ELSE countries[1 + t] || sectors[1 + ts] END AS target_code,
               CASE WHEN t % 10 = 0 THEN NULL ELSE countries[1 + t] END AS target_country,
               CASE WHEN t % 10 = 0 THEN NULL ELSE sectors[1 + ts] END AS target_sector,
               CASE WHEN t % 10 = 0 THEN NULL ELSE countries[1 + t] END AS target_name,
               CASE WHEN t % 10 = 0 THEN NULL ELSE countries[1 + t] END AS target_text,
               codes.code AS cameo, codes.root, codes.plover, codes.quad AS quad_class, codes.goldstein,
               ['asserted', 'asserted', 'asserted', 'negated', 'future', 'possible'][1 + i % 6] AS modality,
               CASE WHEN i % 3 = 0 THEN 'a senior official' END AS speaker,
               CASE WHEN i % 3 = 0 THEN 'anonymous_official' END AS speaker_type,
               strftime(DATE '2024-01-01' + CAST((i // 4) % 730 AS INTEGER), '%Y-%m-%d') AS date,
               CASE WHEN p < 500 THEN 'Place ' || p END AS location_name,
               CASE WHEN p < 500 THEN countries[1 + p % 40] END AS location_country,
               CASE WHEN p < 500 THEN (p * 7) % 120 - 55.0 END AS location_lat,
               CASE WHEN p < 500 THEN (p * 13) % 340 - 170.0 END AS location_lon,
               CASE WHEN p < 500 THEN 'city' END AS location_precision,
               array_to_string(w, ' ') || '.' AS sentence, 0 AS sentence_idx, 0 AS span_start,
               length(array_to_string(w, ' ')) + 1 AS span_end, w[1] AS trigger, []::VARCHAR[] AS via
        FROM r JOIN codes ON codes.n = r.c, lists""", [events])
    con.execute("CHECKPOINT")
    con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()
    started = time.perf_counter()
    build(args.output, args.events)
    print(f"{args.output}: {args.events:,} events in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
