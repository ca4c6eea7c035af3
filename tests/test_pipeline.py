"""Pipeline composition and the per-record error policy, with small stages defined here."""
import pytest

from eventwire.errors import ConfigError
from eventwire.model import Article, RecordError
from eventwire.pipeline import Pipeline, stage


@stage("test_upper", requires=["text"], assigns=["upper"])
def _upper(records, settings):
    for r in records:
        r.text = r.text.upper()


@stage("test_fail_on_boom", requires=["upper"], assigns=["checked"])
def _fail_on_boom(records, settings):
    for r in records:
        if "BOOM" in r.text:
            raise ValueError("boom found")


@stage("test_needs_checked", requires=["checked"], assigns=["done"])
def _needs_checked(records, settings):
    for r in records:
        r.quotes = []


def _articles(*texts):
    return [Article(id=f"a{i}", text=t) for i, t in enumerate(texts)]


def test_pipeline_rejects_unknown_stage():
    with pytest.raises(ConfigError, match="EW401"):
        Pipeline(["test_upper", "no_such_stage"])


def test_pipeline_rejects_stage_before_its_requirements():
    with pytest.raises(ConfigError, match="EW402"):
        Pipeline(["test_fail_on_boom", "test_upper"])


def test_pipeline_bad_record_costs_only_itself():
    pipe = Pipeline(["test_upper", "test_fail_on_boom", "test_needs_checked"])
    results = pipe.process_batch(_articles("fine", "boom here", "also fine"))
    assert [r.id for r in results] == ["a0", "a1", "a2"]
    assert results[0].errors == [] and results[2].errors == []
    assert len(results[1].errors) == 1
    err = results[1].errors[0]
    assert err.stage == "test_fail_on_boom" and "boom found" in err.message and err.code == "EW200"
    assert results[1].to_dict()["events"] == []


def test_pipeline_raise_policy_propagates():
    pipe = Pipeline(["test_upper", "test_fail_on_boom"], on_error="raise")
    with pytest.raises(ValueError):
        pipe.process_batch(_articles("boom"))


def test_pipeline_reader_error_passes_through_in_order():
    bad = Article(id="in.jsonl:2", text="", error=RecordError("read", "EW101", "malformed JSON line"))
    pipe = Pipeline(["test_upper"])
    results = list(pipe.process([Article(id="x", text="ok"), bad, Article(id="y", text="ok")], batch_size=2))
    assert [r.id for r in results] == ["x", "in.jsonl:2", "y"]
    assert results[1].to_dict()["errors"] == ["EW101 read: malformed JSON line"]
    assert results[0].text == "OK" and results[1].text == ""


def test_pipeline_streams_in_batches():
    seen = []

    @stage("test_count_batch", requires=["text"], assigns=[])
    def _count(records, settings):
        seen.append(len(records))

    list(Pipeline(["test_count_batch"]).process(_articles(*["t"] * 7), batch_size=3))
    assert seen == [3, 3, 1]
