"""The local engine at 1 and 2 processes and the Dask engine on a LocalCluster of 2 workers
code the same articles into the same output, in input order, through Pipeline.process_batch."""
import json
from pathlib import Path

import pytest

from eventwire.errors import ConfigError
from eventwire.model import Article
from eventwire.readers import read_jsonl
from eventwire.scale import code_articles
from eventwire.settings import load_settings

pytestmark = pytest.mark.integration


def _lines(articles: list[Article], **engine) -> list[str]:
    settings = load_settings(batch_size=3)
    return [json.dumps(r.to_dict(), sort_keys=True) for r in code_articles(articles, settings, **engine)]


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> list[Article]:
    from .conftest import write_articles

    articles = list(read_jsonl(write_articles(tmp_path_factory.mktemp("in") / "in.jsonl", 10, 2)))
    articles.append(Article(id="empty", text=""))  # an empty article still gets its line
    return articles


@pytest.fixture(scope="module")
def single_process(articles) -> list[str]:
    lines = _lines(articles)
    assert sum(len(json.loads(line)["events"]) for line in lines) > 5  # the corpus really codes events
    return lines


def test_local_engine_two_processes_equals_one(articles, single_process):
    assert _lines(articles, engine="local", workers=2) == single_process


def test_dask_local_cluster_equals_single_process(articles, single_process):
    assert _lines(articles, engine="dask", workers=2) == single_process


def test_engines_keep_input_order(articles, single_process):
    assert [json.loads(line)["id"] for line in single_process] == [a.id for a in articles]


@pytest.mark.parametrize("engine", [{"workers": 0}, {"engine": "local", "scheduler": "tcp://127.0.0.1:1"},
                                    {"engine": "spark"}])
def test_engine_arguments_are_checked(engine):
    with pytest.raises(ConfigError):
        list(code_articles([], load_settings(), **engine))


def test_cli_code_with_two_workers_writes_every_article(articles_file: Path, tmp_path: Path):
    from eventwire.cli import main

    out = tmp_path / "out.jsonl"
    assert main(["code", str(articles_file), "-o", str(out), "--workers", "2", "--batch-size", "4"]) == 0
    ids = [json.loads(line)["id"] for line in out.read_text().splitlines()]
    assert ids == [f"a{n:04d}" for n in range(12)]
    assert not (tmp_path / "out.jsonl.resume").exists()


def test_parquet_dataset_from_dask_is_read_by_duckdb_and_ingest(articles_file: Path, tmp_path: Path):
    import duckdb

    from eventwire.cli import main

    dataset, lines = tmp_path / "coded", tmp_path / "coded.jsonl"
    assert main(["code", str(articles_file), "-o", str(lines)]) == 0
    assert main(["code", str(articles_file), "-o", str(dataset), "--format", "parquet", "--engine", "dask",
                 "--workers", "2", "--batch-size", "4"]) == 0
    assert sorted(p.name for p in dataset.iterdir()) == ["day=2025-03-14"]
    with duckdb.connect() as con:
        rows = con.execute("SELECT day, id, line FROM read_parquet(?, hive_partitioning = true) ORDER BY id",
                           [str(dataset / "*" / "*.parquet")]).fetchall()
    assert [json.loads(line) for _, _, line in rows] == [json.loads(line) for line in lines.read_text().splitlines()]
    assert {str(day) for day, _, _ in rows} == {"2025-03-14"}

    coded_db, direct_db = tmp_path / "from-dataset.duckdb", tmp_path / "direct.duckdb"
    assert main(["ingest", str(dataset), "--db", str(coded_db)]) == 0
    assert main(["ingest", str(articles_file), "--db", str(direct_db)]) == 0
    query = "SELECT article_id, idx, cameo, source_code, target_code, sentence FROM events ORDER BY ALL"
    with duckdb.connect(str(coded_db), read_only=True) as a, duckdb.connect(str(direct_db), read_only=True) as b:
        assert a.execute(query).fetchall() == b.execute(query).fetchall() != []
