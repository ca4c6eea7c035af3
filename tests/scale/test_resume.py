"""Resuming: the output file is the checkpoint; a torn last line is dropped and redone."""
import json
from pathlib import Path

from eventwire.model import Article, Result
from eventwire.scale.resume import OutputCheckpoint, StoredFilter
from eventwire.store.duckdb import Store

KEY = {"inputs": ["/data/in.jsonl"]}


def _articles(*ids: str) -> list[Article]:
    return [Article(id=i, text=f"Text of {i}.") for i in ids]


def _killed_run(path: Path, written: list[str], torn: str | None) -> None:
    OutputCheckpoint(path, KEY).open().close()  # a run starts: marker written, file created
    with path.open("w") as out:
        out.writelines(json.dumps({"id": i, "events": []}) + "\n" for i in written)
        if torn:
            out.write(f'{{"id": "{torn}", "ev')


def test_resume_skips_written_articles_and_drops_a_torn_line(tmp_path: Path):
    out = tmp_path / "out.jsonl"
    _killed_run(out, ["a", "b"], torn="c")
    checkpoint = OutputCheckpoint(out, KEY)
    with checkpoint.open() as stream:
        left = [a.id for a in checkpoint.remaining(_articles("a", "b", "c", "d"))]
        stream.write(json.dumps({"id": "c"}) + "\n")
    assert left == ["c", "d"]
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["a", "b", "c"]


def test_resume_needs_the_same_arguments(tmp_path: Path):
    out = tmp_path / "out.jsonl"
    _killed_run(out, ["a"], torn=None)
    checkpoint = OutputCheckpoint(out, {"inputs": ["/data/other.jsonl"]})
    checkpoint.open().close()
    assert [a.id for a in checkpoint.remaining(_articles("a", "b"))] == ["a", "b"]
    assert out.read_text() == ""


def test_finished_run_is_not_resumed(tmp_path: Path):
    out = tmp_path / "out.jsonl"
    _killed_run(out, ["a"], torn=None)
    OutputCheckpoint(out, KEY).finish()
    checkpoint = OutputCheckpoint(out, KEY)
    checkpoint.open().close()
    assert list(checkpoint.remaining(_articles("a"))) and out.read_text() == ""


def test_repeated_id_is_skipped_as_often_as_written(tmp_path: Path):
    out = tmp_path / "out.jsonl"
    _killed_run(out, ["a"], torn=None)
    checkpoint = OutputCheckpoint(out, KEY)
    checkpoint.open().close()
    assert [a.id for a in checkpoint.remaining(_articles("a", "a", "b"))] == ["a", "b"]


def test_stored_filter_skips_articles_stored_with_the_same_content(tmp_path: Path):
    stored, changed, new = _articles("stored", "changed", "new")
    with Store(tmp_path / "ew.duckdb") as store:
        store.ingest([Result(id=a.id, text=a.text, article=a) for a in (stored, changed)])
        changed.text = "A corrected text."
        keep = StoredFilter(store, batch_size=2)
        assert [a.id for a in keep([stored, changed, new])] == ["changed", "new"]
        assert keep.skipped == 1
