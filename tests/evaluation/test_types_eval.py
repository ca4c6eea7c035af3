"""eval --types: CASE SubType -> PLOVER mapping, the main event, accuracy and macro F1."""
from __future__ import annotations

import json

import pytest

from eventwire.dictionaries import cameo_codes
from eventwire.errors import InputError
from eventwire.evaluation.types import (
    NO_EVENT,
    Snippet,
    accepted_types,
    build_report,
    judge,
    macro_f1,
    main_event,
    read_snippets,
    run,
    why_no_event,
)


def _event(plover, cameo="190", modality="asserted", trigger="struck"):
    return {"plover": plover, "cameo": cameo, "modality": modality, "trigger": trigger,
            "quad_class": cameo_codes()[cameo].quad_class}


def test_types_eval_data_file_names_real_plover_types():
    known = {code.plover for code in cameo_codes().values() if code.plover}
    for subtype, types in accepted_types().items():
        assert subtype.isupper() and len(set(types)) == len(types), subtype
        assert set(types) <= known, (subtype, set(types) - known)


def test_types_eval_data_file_leaves_out_only_non_political_types():
    unscored = {name for name, types in accepted_types().items() if not types}
    assert unscored == {"OTHER", "ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER"}
    assert accepted_types()["AIR_STRIKE"][0] == "ASSAULT" and accepted_types()["PEACE_PROTEST"][0] == "PROTEST"


@pytest.mark.parametrize("events,expected", [
    ([], None),
    ([_event(None, "010", trigger="said"), _event("ASSAULT")], "190"),  # a statement only frames it
    ([_event("ASSAULT", modality="negated"), _event("PROTEST", "141")], "141"),
    ([_event("PROTEST", "141"), _event("ASSAULT")], "141"),  # the first written
    ([_event("ASSAULT", modality="negated")], "190"),  # negated, but the only one
    ([_event("ACCUSE", "111", trigger="condemned"), _event("COERCE", "173")], "173"),  # words about an act
    ([_event("REJECT", "128", trigger="defied"), _event("PROTEST", "141")], "141"),
    ([_event("ACCUSE", "111"), _event("ASSAULT", modality="future")], "111"),  # a planned act is no act yet
])
def test_types_eval_main_event(events, expected):
    event = main_event(events)
    assert (event["cameo"] if event else None) == expected


def test_types_eval_judge_accepts_any_listed_type_and_no_event_for_unscored():
    protest = Snippet("1", "Police fired tear gas at marchers.", "PROTEST_WITH_INTER")
    assert judge(protest, [_event("COERCE", "175")]).right
    assert not judge(protest, [_event("ASSAULT")]).right
    flood = Snippet("2", "Floods cut the road.", "NATURAL_DISASTER")
    assert judge(flood, []).right and judge(flood, []).gold_class == ""
    assert not judge(flood, [_event("ASSAULT")]).right


def test_types_eval_macro_f1_and_report():
    snippets = [Snippet("a", "x", "AIR_STRIKE"), Snippet("b", "x", "AIR_STRIKE"),
                Snippet("c", "x", "PEACE_PROTEST"), Snippet("d", "x", "NATURAL_DISASTER")]
    verdicts = [judge(snippets[0], [_event("ASSAULT")]), judge(snippets[1], []),
                judge(snippets[2], [_event("ASSAULT")]), judge(snippets[3], [])]
    # ASSAULT: 1 hit of 2 gold, 2 answered -> F1 0.5; PROTEST: 0 -> mean 0.25
    assert macro_f1(verdicts[:3]) == 0.25
    report = build_report(verdicts)
    assert (report["scored"], report["accuracy"], report["no_event_on_unscored"]) == (3, 0.333, 1.0)
    assert report["per_subtype"]["AIR_STRIKE"]["predicted"] == {"ASSAULT": 1, NO_EVENT: 1}
    assert report["per_subtype"]["PEACE_PROTEST"]["wrong_cameo"] == {"190 struck": 1}


def test_types_eval_reads_tsv_and_rejects_incomplete_rows(tmp_path):
    good = tmp_path / "g.tsv"
    good.write_text("id\tEventSnippet\tSubType\n7\tRebels \"seized\" the town.\tARMED_CLASH\n", encoding="utf-8")
    assert read_snippets(str(good)) == [Snippet("7", 'Rebels "seized" the town.', "ARMED_CLASH")]
    bad = tmp_path / "b.tsv"
    bad.write_text("id\tEventSnippet\tSubType\n8\tno label\n", encoding="utf-8")
    with pytest.raises(InputError):
        read_snippets(str(bad))


@pytest.mark.integration
def test_types_eval_runs_the_pipeline_on_snippets(tmp_path, capsys):
    gold = tmp_path / "g.tsv"
    gold.write_text("id\tEventSnippet\tSubType\n"
                    "1\tRussian forces shelled the Ukrainian city of Kharkiv on Monday.\tART_MISS_ATTACK\n"
                    "2\tHeavy rain fell over the valley all week.\tNATURAL_DISASTER\n", encoding="utf-8")
    assert run([str(gold), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["per_subtype"]["ART_MISS_ATTACK"]["predicted"] == {"ASSAULT": 1}
    assert report["accuracy"] == 1.0 and report["no_event_on_unscored"] == 1.0


def test_types_eval_missing_file_is_a_clear_error(tmp_path, capsys):
    assert run([str(tmp_path / "absent.tsv")]) == 1
    assert "EW103" in capsys.readouterr().err


@pytest.mark.integration
def test_types_eval_dev_file_scores(shared_eval, capsys):
    assert run([str(shared_eval / "case2021_dev.tsv"), "--limit", "40", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["snippets"] == 40 and 0.0 <= report["accuracy"] <= 1.0
    assert not report["unknown_subtypes"]


@pytest.mark.integration
@pytest.mark.parametrize("text,expected", [
    ("Rebels attacked the town at dawn.", "pattern attacked 19"),
    ("The weather was mild all week.", "no pattern: be"),
])
def test_types_eval_why_no_event_names_the_fitting_pattern_or_the_uncovered_verb(text, expected):
    assert why_no_event(text).startswith(expected)
