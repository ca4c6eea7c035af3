"""The serving layout: what ``eventwire serve`` adds to its private snapshot of a database to answer fast.

* ``event_rows`` becomes a table sorted by day in small row groups, so DuckDB's zone maps (min/max per
  row group) let a date range, or a "latest first" page bounded to its last days, read only those days.
* Rollups count events and sum their Goldstein scores per day x QuadClass x PLOVER type x CAMEO root
  (``rollup_days``), the same per country taking part (``rollup_country_days``, an event once per
  distinct country among its source and target; ``rollup_countries`` without the day;
  ``rollup_country_pairs`` per source and target country) and per actor
  pair (``rollup_pairs``; ``rollup_pair_totals`` without the kind, ``rollup_pair_quads`` and
  ``rollup_pair_plovers`` with only the QuadClass or PLOVER type; actor codes numbered in code order in
  ``rollup_actors``) and list the distinct actor codes, names and texts (``actor_values``); the events
  of each actor code (``event_actors``) sit together.
  ``eventwire.query`` answers totals, timelines, the map and the network from them whenever the
  filters are all on their dimensions.
* ``event_json``: each event row already as the JSON object the API sends (``to_json`` of the row, keyed by
  day, article and index in ``event_rows`` order, with the columns the rollups filter on), so a page of
  events reads one column instead of 46, in one query when its filters are the rollups', and its answer
  is these texts joined.
* DuckDB's full-text index (the ``fts`` extension) over event sentences, with its postings table
  (``fts_main_event_search.terms``) sorted by term, so a query reads only its own terms' postings.

A snapshot is rebuilt from the whole file each time an ingest changes it, so the rollups always
agree with the events they summarise; the user's own file never holds them.
"""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import duckdb

from ..errors import StoreError

SERVING_ROW_GROUP = 16_384  # rows per row group of the snapshot's tables (DuckDB's default: 122,880)
ROLLUP_TABLES = ("rollup_days", "rollup_country_days", "rollup_countries", "rollup_country_pairs", "rollup_actors",
                 "rollup_pairs", "rollup_pair_totals", "rollup_pair_quads", "rollup_pair_plovers", "actor_values",
                 "event_actors", "event_json")
# event_json's columns beside the JSON text: its key and what the rollups' filters compare
PAGE_FILTER_COLUMNS = ("day", "article_id", "idx", "source_country", "target_country", "quad_class", "plover", "root")
SEARCH_TABLE = "event_search"  # the indexed table: key, article_id, idx, row (in event_rows), sentence
SEARCH_SCHEMA = f"fts_main_{SEARCH_TABLE}"  # where the extension keeps the index (dict, terms, docs, stats)

_KIND = "quad_class, plover, root"  # CAMEO root decides QuadClass; (root, PLOVER) has a few dozen values
_SUMS = "count(*) AS events, sum(goldstein) AS goldstein_sum, count(goldstein) AS goldstein_n"
_POSITION = "row_number() OVER (ORDER BY day, article_id, idx) AS pos"  # an event's place in date order
_SORTED_EVENTS = "CREATE TABLE event_rows_sorted AS SELECT * FROM event_rows ORDER BY day, article_id, idx"
# the network of one QuadClass or one PLOVER type (the dashboard's commonest filters): one row a pair and value,
# the busiest first within each value, so its top edges are the first rows of its value's few row groups
_PAIRS_BY = """CREATE TABLE rollup_pair_{name} AS SELECT {column}, source_id, target_id, source_country, target_country,
      sum(events) AS events, sum(goldstein_sum) AS goldstein_sum, sum(goldstein_n) AS goldstein_n
    FROM rollup_pairs GROUP BY ALL ORDER BY {column}, events DESC, source_id, target_id"""
_ROLLUPS = (
    f"CREATE TABLE rollup_days AS SELECT day, {_KIND}, {_SUMS} FROM event_rows GROUP BY ALL ORDER BY ALL",
    # an event within one country counts once for it, as in query.AGGREGATES["country"]
    f"""CREATE TABLE rollup_country_days AS SELECT country, day, {_KIND}, {_SUMS} FROM (
          SELECT source_country AS country, day, {_KIND}, goldstein FROM event_rows WHERE source_country IS NOT NULL
          UNION ALL
          SELECT target_country, day, {_KIND}, goldstein FROM event_rows
          WHERE target_country IS NOT NULL AND target_country IS DISTINCT FROM source_country)
        GROUP BY ALL ORDER BY ALL""",
    # the map over all days: a few rows per country
    f"""CREATE TABLE rollup_countries AS SELECT country, {_KIND}, sum(events) AS events,
          sum(goldstein_sum) AS goldstein_sum, sum(goldstein_n) AS goldstein_n
        FROM rollup_country_days GROUP BY ALL ORDER BY ALL""",
    # the map of the events one country takes part in: each event's two countries, over all days
    f"""CREATE TABLE rollup_country_pairs AS SELECT source_country, target_country, {_KIND}, {_SUMS}
        FROM event_rows GROUP BY ALL ORDER BY ALL""",
    """CREATE TABLE rollup_actors AS SELECT row_number() OVER (ORDER BY code) AS id, code, name FROM (
          SELECT code, any_value(name) AS name FROM (
              SELECT source_code AS code, source_name AS name FROM event_rows
              UNION ALL SELECT target_code, target_name FROM event_rows)
          WHERE code IS NOT NULL GROUP BY code)""",
    # the network's edges (query.AGGREGATES["network"]): two different actors, each with a code
    f"""CREATE TABLE rollup_pairs AS SELECT {_KIND}, s.id AS source_id, t.id AS target_id,
          source_country, target_country, {_SUMS}
        FROM event_rows e JOIN rollup_actors s ON s.code = e.source_code JOIN rollup_actors t ON t.code = e.target_code
        WHERE e.source_code <> e.target_code GROUP BY ALL ORDER BY ALL""",
    # every distinct actor code, name and mention text by column: the actor filter looks its value up here
    # and then compares the events' columns with the few values it matched, not each event's text
    """CREATE TABLE actor_values AS SELECT DISTINCT column_name, value FROM (
          UNPIVOT (SELECT source_code, target_code, source_name, target_name, source_text, target_text FROM event_rows)
          ON COLUMNS(*) INTO NAME column_name VALUE value) ORDER BY ALL""",
    # each event once per distinct actor code it has, sorted by code, with what totals, timelines, the map,
    # the network and date-ordered pages read: an actor's events are a few row groups, not every event
    # (``pos``: the event's place in event_json, whose index fetches an actor's scattered page directly)
    f"""CREATE TABLE event_actors AS WITH numbered AS (SELECT {_POSITION}, * FROM event_rows)
        SELECT code, pos, article_id, idx, day, quad_class, plover, root, goldstein,
          source_country, target_country, source_code, target_code, source_name, target_name FROM (
          SELECT source_code AS code, * FROM numbered WHERE source_code IS NOT NULL
          UNION ALL
          SELECT target_code, * FROM numbered WHERE target_code IS NOT NULL AND target_code IS DISTINCT FROM source_code)
        ORDER BY code, day, article_id, idx""",
    # each event as the API's JSON object: as orjson writes a row (a timestamp with a T and microseconds only
    # when there are some, a number that is not finite as null), so either way of answering gives the same;
    # beside it the columns the rollups filter on, so a page under those filters is one query of this table
    f"""CREATE TABLE event_json AS SELECT {', '.join(PAGE_FILTER_COLUMNS)}, {_POSITION}, to_json(e) AS json FROM (
          SELECT * REPLACE (
              CASE WHEN isfinite(goldstein) THEN goldstein END AS goldstein,
              CASE WHEN isfinite(location_lat) THEN location_lat END AS location_lat,
              CASE WHEN isfinite(location_lon) THEN location_lon END AS location_lon,
              CASE WHEN epoch_us(ingested_at) % 1000000 = 0 THEN strftime(ingested_at, '%Y-%m-%dT%H:%M:%S')
                   ELSE strftime(ingested_at, '%Y-%m-%dT%H:%M:%S.%f') END AS ingested_at)
          FROM event_rows ORDER BY day, article_id, idx) AS e ORDER BY day, article_id, idx""",
    # an ART index of 8 MB on 1M events: 50 scattered texts in under a millisecond instead of decompressing
    # every row group they lie in
    "CREATE INDEX event_json_pos ON event_json (pos)",
    # the unfiltered network: its busiest edges first
    """CREATE TABLE rollup_pair_totals AS SELECT source_id, target_id, source_country, target_country,
          sum(events) AS events, sum(goldstein_sum) AS goldstein_sum, sum(goldstein_n) AS goldstein_n
        FROM rollup_pairs GROUP BY ALL ORDER BY events DESC, source_id, target_id""",
    *(_PAIRS_BY.format(name=name, column=column) for name, column in (("quads", "quad_class"), ("plovers", "plover"))),
)


def prepare_for_serving(path: Path) -> None:
    """Turn the snapshot file at ``path`` into the serving layout (needs write access to it)."""
    con = duckdb.connect()
    try:
        con.execute("SET enable_progress_bar = false")  # a server's log is no terminal
        # ATTACH takes no parameters; the path is the server's own temporary file
        con.execute("ATTACH '{}' AS snapshot (ROW_GROUP_SIZE {})".format(str(path).replace("'", "''"),
                                                                         SERVING_ROW_GROUP))
        con.execute("USE snapshot")
        con.execute(_SORTED_EVENTS)
        con.execute("DROP VIEW event_rows")
        con.execute("ALTER TABLE event_rows_sorted RENAME TO event_rows")
        for statement in _ROLLUPS:
            con.execute(statement)
        build_search_index(con)
        con.execute("CHECKPOINT")
    finally:
        con.close()


def load_fts(con: duckdb.DuckDBPyConnection) -> None:
    """Load DuckDB's full-text-search extension from the ``duckdb-extension-fts`` wheel: nothing is downloaded."""
    import duckdb_extension_fts

    path = files(duckdb_extension_fts) / "extensions" / f"v{duckdb.__version__}" / "fts.duckdb_extension"
    if not path.is_file():
        raise StoreError(f"the fts extension for duckdb {duckdb.__version__} is not installed "
                         f"(pip install duckdb-extension-fts=={duckdb.__version__})")
    # LOAD takes no parameters (the path is the installed wheel's); a cursor: callers may share ``con``
    con.cursor().execute("LOAD '{}'".format(str(path).replace("'", "''")))


def build_search_index(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)build the BM25 index over event sentences that the ``search`` filter ranks with (needs write access).
    The extension writes postings in document order; sorted by term, one term's postings are a few row groups."""
    load_fts(con)
    # integer keys in (article_id, idx) order: ordering equal scores by key is the plain query's tie order;
    # ``row`` is the event's row number in event_rows (a table written once), to fetch a page of hits directly
    con.execute(f"CREATE OR REPLACE TABLE {SEARCH_TABLE} AS SELECT row_number() OVER (ORDER BY article_id, idx) AS key, "
                "article_id, idx, rowid AS row, sentence FROM event_rows ORDER BY key")
    con.execute(f"PRAGMA create_fts_index('{SEARCH_TABLE}', 'key', 'sentence', overwrite=1)")
    con.execute(f"CREATE TABLE {SEARCH_SCHEMA}.terms_by_term AS SELECT * FROM {SEARCH_SCHEMA}.terms ORDER BY termid, docid")
    con.execute(f"DROP TABLE {SEARCH_SCHEMA}.terms")
    con.execute(f"ALTER TABLE {SEARCH_SCHEMA}.terms_by_term RENAME TO terms")


def has_search_index(con: duckdb.DuckDBPyConnection) -> bool:
    found = con.cursor().execute("SELECT count(*) FROM duckdb_schemas() WHERE schema_name = ?",
                                 [SEARCH_SCHEMA]).fetchone()
    return bool(found[0])


def has_rollups(con: duckdb.DuckDBPyConnection) -> bool:
    found = con.cursor().execute("SELECT count(*) FROM duckdb_tables() WHERE list_contains(?, table_name)",
                                 [list(ROLLUP_TABLES)]).fetchone()
    return found[0] == len(ROLLUP_TABLES)
