"""eventwire eval --stories: B-cubed, contradiction figures, and the dev-set floors."""
from __future__ import annotations

import json

import pytest

from eventwire.evaluation.stories import bcubed, gold_clusters, run, score_stories


def test_stories_eval_bcubed_perfect_split_and_lumped():
    gold = {1: "a", 2: "a", 3: "b", 4: "b"}
    assert bcubed(gold, {1: "x", 2: "x", 3: "y", 4: "y"})["f1"] == 1.0
    lumped = bcubed(gold, {1: "x", 2: "x", 3: "x", 4: "x"})
    assert (lumped["precision"], lumped["recall"]) == (0.5, 1.0)
    split = bcubed(gold, {1: "p", 2: "q", 3: "r", 4: "s"})
    assert (split["precision"], split["recall"]) == (1.0, 0.5)
    assert bcubed(gold, {})["items"] == 0


def test_stories_eval_gold_events_without_cluster_stand_alone():
    records = [{"id": "a", "events": [{"cluster": "c1"}, {}]}]
    assert gold_clusters(records) == {("a", 0): "c1", ("a", 1): "a#1"}


def _event(source, target, cameo, modality="asserted", cluster=None):
    return {"source": source, "target": target, "cameo": cameo, "modality": modality, "cluster": cluster}


def test_stories_eval_scores_clusters_contradictions_and_false_pairs():
    gold = [{"id": "a", "events": [_event("BLRMIL", "UKR", "154", "future", "troops"),
                                   _event("BLRGOV", "UKR", "154", "negated", "troops"),
                                   _event("THAGOV", "KHMGOV", "036", cluster="talks")]}]
    predicted = {"a": [_event("BLRMIL", "UKR", "154", "future"), _event("BLRGOV", "UKR", "154", "negated"),
                       _event("THAGOV", "KHMGOV", "036")]}
    story_of = {("a", 0): "s1", ("a", 1): "s1", ("a", 2): "s2"}
    report = score_stories(gold, [["a", 0, "a", 1]], predicted, story_of,
                           [(("a", 1), ("a", 0)), (("a", 2), ("a", 1))])
    assert report["bcubed"]["f1"] == 1.0 and report["matched_events"] == 3
    figures = report["contradictions"]
    assert (figures["flagged"], figures["false"], figures["false_per_20_stories"]) == (1, 1, 10.0)


@pytest.mark.integration
def test_stories_eval_dev_set_fusion_of_gold_events_meets_the_floors(shared_eval, capsys):
    """Fusion and contradiction logic on the dev set's own events (the coder left out)."""
    code = run([str(shared_eval / "news_dev_gold.jsonl"), "--oracle", str(shared_eval / "news_dev.jsonl"), "--json"])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["bcubed"]["f1"] >= 0.75
    assert report["contradictions"]["flagged_share"] >= 0.70
    assert report["contradictions"]["false_per_20_stories"] < 1.0
