"""eventwire eval --timex: matching by span overlap, per-type recall and value accuracy."""
from __future__ import annotations

import json

import pytest

from eventwire.evaluation.timex import match_timexes, run, score


def _timex(span, value, kind="DATE", text="x"):
    return {"text": text, "span": list(span), "type": kind, "value": value}


def test_timex_match_is_one_to_one_by_largest_overlap():
    gold = [_timex((0, 10), "2022-02-26"), _timex((20, 25), "P2Y", "DURATION")]
    predicted = [_timex((3, 8), "2022-02-26"), _timex((0, 12), "2022-02-26"), _timex((30, 35), "P1D")]
    assert match_timexes(gold, predicted) == [(0, 1)]


def test_timex_score_gives_recall_and_value_accuracy_per_type():
    articles = [{"id": "a", "published": "2022-02-28", "timexes": [
        _timex((0, 10), "2022-02-26"), _timex((20, 25), "P2Y", "DURATION"), _timex((40, 45), "2022-W08")]}]
    predicted = {"a": [_timex((0, 9), "2022-02-26"), _timex((21, 24), "P3Y", "DURATION"), _timex((60, 70), "2022")]}
    figures, errors = score(articles, predicted)
    assert figures["DATE"] == {"gold": 2, "found": 1, "recall": 0.5, "value_accuracy": 1.0}
    assert figures["DURATION"] == {"gold": 1, "found": 1, "recall": 1.0, "value_accuracy": 0.0}
    assert figures["all"]["precision"] == round(2 / 3, 3)
    assert [e["gold"]["value"] for e in errors] == ["P2Y", "2022-W08"]


def test_timex_run_reads_a_prediction_file(tmp_path, capsys):
    gold = tmp_path / "gold.jsonl"
    pred = tmp_path / "pred.jsonl"
    gold.write_text(json.dumps({"id": "a", "published": "2022-02-28", "text": "On Saturday, talks began.",
                                "timexes": [_timex((3, 11), "2022-02-26", text="Saturday")]}) + "\n")
    pred.write_text(json.dumps({"id": "a", "timexes": [_timex((0, 11), "2022-02-26", text="On Saturday")]}) + "\n")
    assert run([str(gold), str(pred), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["types"]["DATE"]["recall"] == 1.0 and report["types"]["DATE"]["value_accuracy"] == 1.0


@pytest.mark.integration
def test_timex_run_tags_gold_texts_itself(tmp_path, capsys):
    text = "Talks\nFebruary 28, 2022\nDelegations met on Saturday and will meet again next week."
    gold = tmp_path / "gold.jsonl"
    timexes = [_timex((6, 23), "2022-02-28"), _timex((42, 50), "2022-02-26"), _timex((69, 78), "2022-W10")]
    gold.write_text(json.dumps({"id": "a", "published": "2022-02-28", "text": text, "timexes": timexes}) + "\n")
    assert run([str(gold), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["types"]["DATE"] == {"gold": 3, "found": 3, "recall": 1.0, "value_accuracy": 1.0}


@pytest.mark.integration
def test_timex_dev_meets_the_floors(shared_eval, capsys):
    """MEANTIME dev: DATE recall and value accuracy stay at or above 0.85 (HeidelTime's range)."""
    assert run([str(shared_eval / "timex_dev.jsonl"), "--json"]) == 0
    date_figures = json.loads(capsys.readouterr().out)["types"]["DATE"]
    assert date_figures["recall"] >= 0.85 and date_figures["value_accuracy"] >= 0.85
