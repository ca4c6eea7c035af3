"""Story fusion on a Dask LocalCluster of 2 workers (a shuffle by actors and date window, each
shard fused by fuse.fuse) gives exactly the tables fusing every report in one process gives."""
import random
from datetime import date, timedelta

import duckdb
import pyarrow as pa
import pytest

from eventwire.fuse import FusionRules, fuse
from eventwire.scale.stories import FUSED_TABLES, _with_partition, fuse_on_dask, segment_starts, shards, spans

pytestmark = pytest.mark.integration

COUNTRIES = ["AAA", "BBB", "CCC", "DDD"]
SECTORS = ["", "GOV", "MIL", "OPP", "REB"]
ROOTS = ["01", "03", "04", "14", "17", "18", "19", "20"]  # mutual (03, 04), related (18-20) and plain roots
MODALITIES = ["asserted", "asserted", "future", "possible", "negated", "requested"]
SPEAKER_TYPES = ["named_person", "anonymous_official", "organisation", "media"]


def _reports(count: int, seed: int = 3) -> pa.Table:
    """Happenings reported over a few days each, spread over months so that partitions have gaps,
    with missing targets, root-level codes, undated reports, copies and negations."""
    rng = random.Random(seed)
    rows = []
    for n in range(count):
        happening = rng.randrange(count // 6)
        hr = random.Random(happening)
        source, target = hr.sample(COUNTRIES, 2)
        root = hr.choice(ROOTS)
        first = date(2030, 1, 1) + timedelta(days=hr.randrange(0, 240, 3))
        day = None if rng.random() < 0.02 and root == "14" else first + timedelta(days=rng.randrange(4))
        article = f"a{rng.randrange(count // 2)}"
        sector = hr.choice(SECTORS)
        speaker = rng.choice(COUNTRIES + [None])
        rows.append({
            "article_id": article, "idx": n, "source_code": source + sector, "source_country": source,
            "source_sector": sector, "target_code": None if rng.random() < 0.15 else target,
            "target_country": None, "target_sector": "", "root": root,
            "cameo": "016" if root == "01" else root + ("0" if rng.random() < 0.1 else str(hr.randrange(1, 4))),
            "modality": rng.choice(MODALITIES), "speaker": f"speaker-{rng.randrange(30)}",
            "speaker_type": rng.choice(SPEAKER_TYPES), "speaker_country": speaker,
            "speaker_sector": rng.choice(SECTORS) if speaker else None,
            "place_country": rng.choice([None, target]), "day": day,
            "published": None if day is None and rng.random() < 0.5 else
            ((day or first) + timedelta(days=rng.randrange(3))).isoformat() + "T08:00:00Z",
            "original": article if rng.random() < 0.8 else f"a{rng.randrange(count // 2)}",
            "independent": f"outlet-{rng.randrange(12)}"})
    for row in rows:
        row["target_country"] = row["target_code"]
    return pa.Table.from_pylist(rows)


def _rows(table: pa.Table) -> list[tuple]:
    columns = sorted(table.column_names)
    return sorted((tuple(row[c] for c in columns) for row in table.select(columns).to_pylist()), key=repr)


def _shard_names(reports: pa.Table, rules: FusionRules) -> set[str]:
    keyed = _with_partition(reports.to_pandas(date_as_object=False), reports.schema, rules)
    shard_map = shards(keyed[["partition", "day", "published", "source_country", "cameo"]].drop_duplicates(), rules)
    return {shard_map.shard(p, first) for p, first in zip(keyed["partition"], spans(keyed)[0])}


def _local(reports: pa.Table, rules: FusionRules) -> dict[str, pa.Table]:
    with duckdb.connect() as con:
        con.register("reports", reports)
        fuse(con, "reports", rules)
        return {name: con.execute(f"SELECT * FROM {name}").to_arrow_table() for name in FUSED_TABLES}


def test_fusion_on_a_local_cluster_equals_single_process_fusion():
    reports, rules = _reports(1500), FusionRules()
    local = _local(reports, rules)
    assert local["_fused_contradictions"].num_rows > 0  # the corpus exercises every table
    assert local["_fused_stories"].num_rows < reports.num_rows
    assert len(_shard_names(reports, rules)) > 50  # the shuffle really splits the reports
    on_cluster = fuse_on_dask(reports, rules, workers=2, partitions=5)
    assert on_cluster["_fused_reports"].num_rows == reports.num_rows
    for name in FUSED_TABLES:
        assert _rows(on_cluster[name]) == _rows(local[name]), name


def test_a_denial_merges_the_shards_of_its_country_within_the_contradiction_window():
    import pandas as pd

    day = date(2030, 1, 1)
    seen = pd.DataFrame({"partition": ["14|AAA|S", "14|AAA|S", "19|AAA|S", "19|BBB|S", "01|AAA|S"],
                         "day": [day, day + timedelta(days=60), day, day, day + timedelta(days=2)],
                         "published": ["2030-01-01", "2030-03-02", "2030-01-01", "2030-01-01", "2030-01-03T10:00"],
                         "source_country": ["AAA", "AAA", "AAA", "BBB", "AAA"],
                         "cameo": ["141", "141", "190", "190", "016"]})
    shard_map = shards(seen, FusionRules())
    first_days, _ = spans(seen)
    named = {shard_map.shard(p, d) for p, d in zip(seen["partition"], first_days)}
    # the denial ties AAA's reports of its week (14 and 19); AAA's report two months later and BBB's stay apart
    assert len(named) == (3 if getattr(FusionRules(), "denial_codes", ()) else 5)


def test_segments_cut_where_spans_leave_a_gap_longer_than_the_window_and_never_around_dayless_reports():
    import pandas as pd

    day = pd.Timestamp("2030-01-01")
    seen = pd.DataFrame({"partition": ["p", "p", "p", "q", "q"],
                         "first": [day, day + pd.Timedelta(days=2), day + pd.Timedelta(days=11), day, pd.NaT],
                         "last": [day, day + pd.Timedelta(days=6), day + pd.Timedelta(days=11), day, pd.NaT]})
    # the second report ends on day 6, so day 11 is 5 days on: a cut; q has a report with no day
    assert segment_starts(seen, gap=4) == {"p": [day + pd.Timedelta(days=11)]}


def _coded_articles(count: int, seed: int = 5) -> list:
    """Invented coded articles over a few months: happenings told by several outlets, with copies,
    undated and targetless reports, denials and hedged claims."""
    from story_fixtures import event, result

    rng = random.Random(seed)
    articles = []
    for number in range(count):
        happening = random.Random(rng.randrange(count // 4))
        source, target = happening.sample(COUNTRIES, 2)
        sector = happening.choice(SECTORS)
        root = happening.choice(ROOTS[1:])
        day = date(2031, 2, 1) + timedelta(days=happening.randrange(0, 120, 5) + rng.randrange(3))
        events = [event(source + sector, None if rng.random() < 0.15 else target,
                        root + str(happening.randrange(1, 4)), rng.choice(MODALITIES),
                        rng.choice([None, f"speaker-{rng.randrange(20)}"]),
                        None if rng.random() < 0.1 else day.isoformat(), speaker_actor=rng.choice([None, *COUNTRIES]))
                  for _ in range(rng.randrange(1, 4))]
        if rng.random() < 0.05:  # a denial that does not say what it denies
            events.append(event(source + "GOV", target, "016", "asserted", None, day.isoformat()))
        published = (day + timedelta(days=rng.randrange(2))).isoformat() + "T09:00:00Z"
        articles.append(result(f"art-{number:03d}", f"Invented report number {number}.",
                               f"outlet-{rng.randrange(9)}", published, events))
    return articles


def _story_tables(db: str) -> dict[str, list[tuple]]:
    with duckdb.connect(db, read_only=True) as con:
        return {table: sorted(con.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
                for table in ("stories", "story_reports", "contradictions")}


def test_ingest_with_the_dask_engine_fuses_stories_on_the_cluster_as_the_local_ingest_does(tmp_path, monkeypatch):
    from story_fixtures import corpus, rebuttal

    from eventwire import cli, scale
    from eventwire.scale.dataset import write_dataset

    coded = [*corpus(), rebuttal(), *_coded_articles(150)]
    first, second = tmp_path / "first", tmp_path / "second"  # two ingests: the second refreshes what it touches
    for results, folder in ((coded[:100], first), (coded[100:], second)):
        for _ in write_dataset(results, folder):
            pass
    on_cluster = []
    monkeypatch.setattr(scale.stories, "fuse_on_dask", lambda *a, **kw: on_cluster.append(kw) or fuse_on_dask(*a, **kw))
    for folder in (first, second):
        assert cli.main(["ingest", str(folder), "--db", str(tmp_path / "local.duckdb")]) == 0
        assert cli.main(["ingest", str(folder), "--db", str(tmp_path / "dask.duckdb"), "--engine", "dask",
                         "--workers", "2"]) == 0
    assert [kw["workers"] for kw in on_cluster] == [2, 2]  # each dask ingest fused on a cluster of 2 workers
    local, dask = _story_tables(str(tmp_path / "local.duckdb")), _story_tables(str(tmp_path / "dask.duckdb"))
    assert len(local["contradictions"]) > 0 and 0 < len(local["stories"]) < len(local["story_reports"])
    assert dask == local
