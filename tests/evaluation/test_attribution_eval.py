"""eval --attribution: what a hit is, one-to-one matching, span mapping, the report."""
from __future__ import annotations

import json

import pytest

from eventwire.evaluation.attribution import (
    Relation,
    build_report,
    gold_relation,
    is_hit,
    match_relations,
    overlap,
    predicted_relations,
    run,
    score_articles,
)


def _role(start, end, *more):
    parts = [[start, end], *more]
    return {"text": "", "span": [parts[0][0], parts[-1][1]], "spans": parts}


def test_attribution_eval_overlap_counts_shared_characters_of_every_part():
    assert overlap(((0, 10),), ((5, 20),)) == 5
    assert overlap(((0, 10), (30, 40)), ((8, 35),)) == 7
    assert overlap(((0, 10),), ((10, 20),)) == 0


def test_attribution_eval_gold_relation_keeps_discontinuous_parts_and_missing_source():
    gold = gold_relation({"type": "Attribution", "source": _role(20, 25), "cue": {"text": "said"},
                          "content": _role(0, 10, [30, 40])})
    assert gold.content == ((0, 10), (30, 40)) and gold.speaker == ((20, 25),) and gold.cue == "said"
    sourceless = gold_relation({"type": "Attribution-no-source", "source": None, "cue": {"text": "reportedly"},
                                "content": _role(0, 10)})
    assert sourceless.speaker is None


@pytest.mark.parametrize("predicted,hit", [
    (Relation(content=((5, 8),), speaker=((21, 23),)), True),
    (Relation(content=((12, 18),), speaker=((21, 23),)), False),  # content in the gap between the parts
    (Relation(content=((5, 8),), speaker=((50, 55),)), False),  # someone else said it
    (Relation(content=((5, 8),), speaker=None), False),
])
def test_attribution_eval_hit_needs_content_and_speaker_overlap(predicted, hit):
    gold = Relation(content=((0, 10), (30, 40)), speaker=((20, 25),))
    assert is_hit(gold, predicted) is hit


def test_attribution_eval_sourceless_gold_is_matched_by_content():
    assert is_hit(Relation(content=((0, 10),), speaker=None), Relation(content=((3, 4),), speaker=((50, 52),)))


def test_attribution_eval_matching_is_one_to_one_largest_overlap_first():
    gold = [Relation(content=((0, 10),), speaker=((20, 25),)), Relation(content=((30, 40),), speaker=((20, 25),))]
    wide = Relation(content=((0, 40),), speaker=((20, 25),))  # shares 10 characters with each gold relation
    narrow = Relation(content=((32, 38),), speaker=((20, 25),))  # shares 6 with the second
    assert match_relations(gold, [wide, narrow]) == [(0, 0), (1, 1)]
    assert match_relations(gold, [wide]) == [(0, 0)]  # one prediction hits one gold relation at most
    assert match_relations(gold, [wide, wide]) == [(0, 0), (1, 1)]


def test_attribution_eval_maps_cleaned_spans_back_to_the_article_text():
    raw = "Intro.\\nThe minister said the army left."
    claims = [{"speaker": "The minister", "cue": "said", "content": "the army left",
               "content_span": [None, None], "speaker_span": None}]
    from eventwire.clean import clean_text

    cleaned = clean_text(raw).text
    start = cleaned.index("the army")
    claims[0]["content_span"] = [start, start + len("the army left")]
    claims[0]["speaker_span"] = [cleaned.index("The minister"), cleaned.index("The minister") + 12]
    relation = predicted_relations(claims, raw)[0]
    (content_start, content_end), = relation.content
    assert raw[content_start:content_end] == "the army left"
    assert raw[relation.speaker[0][0]:relation.speaker[0][1]] == "The minister"


def test_attribution_eval_report_counts_hits_per_outlet():
    text = "The army left, the minister said. Rain fell."
    article = {"id": "a", "outlet": "Daily", "text": text, "attributions": [
        {"type": "Attribution", "source": _role(15, 27), "cue": {"text": "said"}, "content": _role(0, 13)}]}
    claims = {"a": [
        {"speaker": "the minister", "cue": "said", "content": "The army left", "content_span": [0, 13],
         "speaker_span": [15, 27]},
        {"speaker": "the minister", "cue": "said", "content": "Rain fell", "content_span": [34, 43],
         "speaker_span": [15, 27]}]}
    report = build_report(score_articles([article], claims), with_explanations=True)
    assert (report["gold"], report["predicted"], report["matched"]) == (1, 2, 1)
    assert (report["precision"], report["recall"]) == (0.5, 1.0)
    assert report["per_outlet"]["Daily"]["matched"] == 1
    assert [e["content"] for e in report["spurious"]] == ["Rain fell"] and report["missed"] == []


@pytest.mark.integration
def test_attribution_eval_codes_gold_texts_when_no_predictions_are_given(tmp_path, capsys):
    text = "Rebels seized the airport, a local official said on Monday."
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "x", "outlet": "Wire", "text": text, "attributions": [
        {"type": "Attribution", "source": _role(27, 43), "cue": {"text": "said"}, "content": _role(0, 25)}]}) + "\n",
        encoding="utf-8")
    assert run([str(gold), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["gold"], report["matched"], report["predicted"]) == (1, 1, 1)


def test_attribution_eval_bad_gold_line_is_a_clear_error(tmp_path, capsys):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("{not json\n", encoding="utf-8")
    assert run([str(gold), str(gold)]) == 1
    assert "EW101" in capsys.readouterr().err


@pytest.mark.integration
def test_attribution_eval_dev_file_scores(shared_eval, capsys):
    assert run([str(shared_eval / "attribution_dev.jsonl"), "--limit", "4", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["articles"] == 4 and report["gold"] > 0
    assert 0.0 < report["f1"] <= report["content_only"]["f1"]
