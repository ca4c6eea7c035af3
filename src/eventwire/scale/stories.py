"""Story fusion on a Dask cluster: the reports shuffled by actors and date window, each shard
fused by :func:`eventwire.fuse.fuse`, the local fuser itself (one code path).

A story never crosses a fusion *partition* (root group + acting country + actor kind, as
``fuse.py`` computes it), and inside a partition nothing reaches across a gap in time: each
report spans the days from its article's publication to its event's day, a story's reports chain
when a span starts at most ``window_days`` after the earlier ones ended, a missing target is
borrowed within ``window_days``, and contradictions pair spans at most ``contradiction_days``
apart. So a shard is a partition cut wherever its spans leave a gap longer than both; a
partition holding a report with no day at all stays whole (it contradicts its story at any
date). A denial that does not say what it denies (``FusionRules.denial_codes``) answers claims
about its actor under any root, so its shard is merged with those holding reports of that
actor's country within ``contradiction_days`` of it. Fusing the shards one by one gives what fusing all reports at once gives.

    fuse_on_dask(reports, rules, workers=2) -> {"_fused_reports": ..., "_fused_stories": ...,
                                                "_fused_contradictions": ...}
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import duckdb
import pyarrow as pa

from ..fuse import FUSED_TABLES, FusionRules, _keyed_sql, fuse
_REPORTS = "_shard_reports"


def fuse_on_dask(reports: pa.Table, rules: FusionRules | None = None, *, workers: int = 2,
                 scheduler: str | None = None, partitions: int | None = None) -> dict[str, pa.Table]:
    """The three tables :func:`eventwire.fuse.fuse` makes, computed on a cluster (a ``LocalCluster``
    of ``workers`` processes unless ``scheduler`` is given), ``reports`` cut into ``partitions``."""
    import dask
    import dask.dataframe as dd

    from .dask import cluster_client

    rules = rules or FusionRules()
    schema = reports.schema
    parts = partitions or max(1, 2 * workers)
    with ExitStack() as stack:
        client = cluster_client(stack, workers, scheduler)
        frame = dd.from_pandas(reports.to_pandas(date_as_object=False), npartitions=parts)  # days as datetime64
        keyed = frame.map_partitions(_with_partition, schema, rules, meta=_meta(schema, "partition"))
        columns = ["partition", "day", "published", "source_country", "cameo"]
        seen = client.compute(keyed[columns].drop_duplicates()).result()
        sharded = keyed.map_partitions(_with_shard, shards(seen, rules), meta=_meta(schema, "partition", "shard"))
        shuffled = sharded.shuffle("shard", npartitions=parts)
        fused = [dask.delayed(_fuse_shard)(part, schema, rules) for part in shuffled.to_delayed()]
        tables = client.compute(fused, sync=True)
    return {name: pa.concat_tables([t[name] for t in tables], promote_options="default") for name in FUSED_TABLES}


@dataclass(frozen=True)
class ShardMap:
    """Which shard a report goes to, from its partition and the first day it spans."""

    starts: dict[str, list]  # partition -> first days of its date segments after the first
    merged: dict[tuple[str, int], tuple[str, int]]  # (partition, segment) -> the one its shard is named after

    def shard(self, partition: str, first_day: Any) -> str:
        node = (partition, _segment(self.starts, partition, first_day))
        return "{}#{}".format(*self.merged.get(node, node))


def spans(frame: Any) -> tuple[Any, Any]:
    """(first, last) day each report spans, as ``fuse.py`` reckons them: from its article's
    publication day to its event's day, whichever comes first (NaT when it has neither)."""
    import pandas as pd

    published = pd.to_datetime(frame["published"].astype("string").str[:10], format="%Y-%m-%d", errors="coerce")
    days = pd.concat([pd.to_datetime(frame["day"]).astype("datetime64[ns]"), published.astype("datetime64[ns]")],
                     axis=1)
    return days.min(axis=1), days.max(axis=1)


def shards(seen: Any, rules: FusionRules) -> ShardMap:
    """The shards of the reports, from their distinct (partition, day, published, source_country,
    cameo): the date segments of a partition are separate shards, except those a denial ties
    together through its acting country."""
    seen = seen.assign(**dict(zip(("first", "last"), spans(seen))))
    starts = segment_starts(seen, max(rules.window_days, rules.contradiction_days))
    nodes = [(p, _segment(starts, p, first)) for p, first in zip(seen["partition"], seen["first"])]
    parent = {node: node for node in nodes}

    def root(node: tuple[str, int]) -> tuple[str, int]:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for node, other in _denial_links(seen, nodes, rules):
        parent[root(node)] = root(other)
    return ShardMap(starts, {node: root(node) for node in parent if root(node) != node})


def _denial_links(seen: Any, nodes: list[tuple[str, int]], rules: FusionRules) -> Iterator[tuple]:
    """Pairs of shard nodes a denial ties: the denial's, and that of each report about the same acting
    country whose span comes within ``contradiction_days`` of the denial's (any, when either has none)."""
    codes = set(getattr(rules, "denial_codes", ()))
    reports = list(zip(nodes, seen["source_country"], seen["first"], seen["last"], seen["cameo"]))
    denials: dict[str, list[tuple[Any, Any, tuple[str, int]]]] = {}
    for node, country, first, last, cameo in reports:
        if cameo in codes:
            denials.setdefault(country, []).append((first, last, node))
    reach = timedelta(days=rules.contradiction_days)
    for node, country, first, last, _ in reports:
        for denial_first, denial_last, denial_node in denials.get(country, ()):
            if not (_dated(first) and _dated(denial_first)) or (
                    first - denial_last <= reach and denial_first - last <= reach):
                yield node, denial_node


def segment_starts(seen: Any, gap: int) -> dict[str, list]:
    """Partition -> the first day of each of its date segments but the first: sorted by first day,
    a report starting more than ``gap`` days after every earlier one ended starts a segment. No cuts
    in a partition with a report that spans no day at all."""
    starts: dict[str, list] = {}
    for partition, group in seen.groupby("partition"):
        if group["first"].isna().any():
            continue
        cuts, reached = [], None
        for first, last in sorted(zip(group["first"], group["last"])):
            if reached is not None and (first - reached).days > gap:
                cuts.append(first)
            reached = last if reached is None else max(reached, last)
        starts[partition] = cuts
    return starts


def _segment(starts: dict[str, list], partition: str, first_day: Any) -> int:
    """The number of the date segment of ``partition`` that a report starting on ``first_day`` is in."""
    return bisect_right(starts.get(partition, []), first_day) if _dated(first_day) else 0


def _dated(day: Any) -> bool:
    return day is not None and day == day  # neither None nor NaN/NaT


def _meta(schema: pa.Schema, *extra: str) -> Any:
    """An empty frame of the reports' columns plus ``extra`` string columns, for Dask's planner."""
    import pandas as pd

    empty = schema.empty_table().to_pandas(date_as_object=False)
    for name in extra:
        empty[name] = pd.Series([""]).iloc[:0].to_numpy()
    return empty


def _table(frame: Any, schema: pa.Schema) -> pa.Table:
    """A frame of reports back in the reports' own column types."""
    return pa.Table.from_pandas(frame[schema.names], preserve_index=False).cast(schema)


def _with_partition(frame: Any, schema: pa.Schema, rules: FusionRules) -> Any:
    """``frame`` with each report's fusion partition, as ``fuse.py`` keys it."""
    out = frame.copy()
    if out.empty:
        out["partition"] = []
        return out
    with duckdb.connect() as con:
        con.register(_REPORTS, _table(frame, schema))
        con.register("_story_roots", rules.root_table())
        keys = con.execute(f"SELECT article_id, idx, partition FROM ({_keyed_sql(_REPORTS, rules, False)})",
                           {"nonstate": list(rules.nonstate_sectors)}).df()
    by_report = {(a, int(i)): p or "" for a, i, p in keys.itertuples(index=False)}
    out["partition"] = [by_report[(a, int(i))] for a, i in zip(out["article_id"], out["idx"])]
    return out


def _with_shard(frame: Any, shard_map: ShardMap) -> Any:
    """``frame`` with each report's shard."""
    out = frame.copy()
    first_days, _ = spans(frame) if len(frame) else ([], [])
    out["shard"] = [shard_map.shard(p, first) for p, first in zip(out["partition"], first_days)]
    return out


def _fuse_shard(frame: Any, schema: pa.Schema, rules: FusionRules) -> dict[str, pa.Table]:
    """One shuffled partition (whole shards) fused by the local fuser."""
    with duckdb.connect() as con:
        con.register(_REPORTS, _table(frame, schema))
        fuse(con, _REPORTS, rules)
        return {name: con.execute(f"SELECT * FROM {name}").to_arrow_table() for name in FUSED_TABLES}
