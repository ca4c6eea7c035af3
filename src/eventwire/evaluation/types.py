"""``eventwire eval --types GOLD.tsv``: the PLOVER type of each snippet's main event against
CASE 2021 task 2 labels.

Gold: a TSV with a header line, ``id, EventSnippet, SubType``. ``data/case2021_types.yaml``
says which PLOVER types answer each SubType (the usual one first) and which SubTypes have no
political-event counterpart (disasters, crime, "other"): those are left out of the figures,
and the report gives how often eventwire rightly codes nothing for them.

The **main event** of a snippet is the first event (in text order) that has a PLOVER type, is
asserted and is an act (QuadClass 2 or 4, material cooperation or conflict), else the first that
has a PLOVER type and is not negated: CASE labels the happening a snippet reports, which news
writes first; a bare statement ("X said", CAMEO 010, no PLOVER type) only frames it, and so do
words about it ("rights groups condemned the arrest", "residents defied a ban to march"). A snippet is right when
its main event's PLOVER type is one its SubType accepts. Accuracy is over the snippets of
scored types; macro F1 averages over the gold classes (each SubType's usual PLOVER type), a
right answer counting as that class. The confusion table lists, per SubType, the CAMEO codes
and trigger words of the main events that were wrong, and for snippets where nothing was coded
whether a verb/noun pattern fired (then the actors or a filter dropped it) or which words had
none, so a coder developer sees what to fix.
"""
from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..errors import InputError
from ..evaluate import precision_recall_f1
from ._mode import run_mode

NO_EVENT = "(none)"


@cache
def accepted_types() -> dict[str, tuple[str, ...]]:
    """CASE SubType -> the PLOVER types that answer it, the usual one first (empty: not scored)."""
    from ..dictionaries import read_yaml

    return {name: tuple(types) for name, types in read_yaml("case2021_types.yaml")["types"].items()}


@dataclass(frozen=True, slots=True)
class Snippet:
    id: str
    text: str
    subtype: str


def read_snippets(path: str) -> list[Snippet]:
    """The rows of a CASE TSV (``id``, ``EventSnippet``, ``SubType``); a row missing one is an InputError."""
    try:
        with open(path, encoding="utf-8", newline="") as stream:
            rows = list(csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE))
    except FileNotFoundError as exc:
        raise InputError(str(path), "EW103") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: {exc}") from exc
    snippets = []
    for number, row in enumerate(rows, start=2):
        if not row.get("id") or not row.get("EventSnippet") or not row.get("SubType"):
            raise InputError(f"{path}:{number}: expected id, EventSnippet and SubType", "EW102")
        snippets.append(Snippet(row["id"], row["EventSnippet"], row["SubType"]))
    return snippets


_ACT_QUAD_CLASSES = (2, 4)  # material cooperation, material conflict: acts, not words


def main_event(events: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The first asserted act with a PLOVER type, else the first event with a PLOVER type that is
    not negated, else the first with a PLOVER type."""
    typed = [e for e in events if e.get("plover")]
    told = [e for e in typed if e.get("modality") != "negated"]
    acts = [e for e in told if e.get("modality") == "asserted" and e.get("quad_class") in _ACT_QUAD_CLASSES]
    return next(iter(acts or told or typed), None)


def why_no_event(text: str) -> str:
    """For a snippet where nothing was coded: "pattern <words> <code>" when a verb or noun
    pattern fits a word (the event was then dropped, mostly for want of an actor), else
    "no pattern: <root verb lemma>" (the word a pattern would have to cover)."""
    from ..coding.patterns import match_noun, match_verb
    from ..nlp import load_model

    doc = load_model()(text)
    for token in doc:
        found = match_verb(token) if token.pos_ in ("VERB", "AUX") else match_noun(token) if token.pos_ == "NOUN" else None
        if found is not None:
            return f"pattern {doc[found.trigger[0]:found.trigger[1]].text.lower()} {found.code}"
    first = next(iter(doc.sents), None)
    return f"no pattern: {first.root.lemma_.lower()}" if first is not None else "no pattern"


def code_snippets(snippets: Iterable[Snippet]) -> dict[str, list[dict[str, Any]]]:
    """Snippet id -> its events as contract dicts, coded by the default pipeline."""
    from ..model import Article
    from ..pipeline import Pipeline

    events = {}
    for result in Pipeline().process(Article(id=s.id, text=s.text) for s in snippets):
        events[result.id] = result.to_dict()["events"]
        for error in result.errors:
            print(f"{result.id}: {error}", file=sys.stderr)
    return events


# ---------------------------------------------------------------- scoring

@dataclass(frozen=True, slots=True)
class Verdict:
    """One snippet's gold type, what eventwire's main event says, and whether they agree."""

    id: str
    subtype: str
    gold_class: str  # the SubType's usual PLOVER type, or "" when the type is not scored
    predicted: str  # PLOVER type of the main event, or NO_EVENT
    cameo: str
    trigger: str  # of the main event; when none, why_no_event() for a scored snippet
    right: bool


def judge(snippet: Snippet, events: Sequence[Mapping[str, Any]], diagnose: bool = False) -> Verdict:
    """The verdict on one snippet; ``diagnose`` says why nothing was coded for a scored type."""
    accepted = accepted_types().get(snippet.subtype, ())
    event = main_event(events)
    predicted = event["plover"] if event else NO_EVENT
    if event:
        trigger = event.get("trigger", "")
    else:
        trigger = why_no_event(snippet.text) if diagnose and accepted else ""
    return Verdict(id=snippet.id, subtype=snippet.subtype, gold_class=accepted[0] if accepted else "",
                   predicted=predicted, cameo=event["cameo"] if event else "", trigger=trigger,
                   right=predicted in accepted if accepted else predicted == NO_EVENT)


def macro_f1(verdicts: Sequence[Verdict]) -> float:
    """Mean F1 over the gold classes; a right answer counts as its snippet's gold class."""
    classes = sorted({v.gold_class for v in verdicts})
    if not classes:
        return 0.0
    answered = [v.gold_class if v.right else v.predicted for v in verdicts]
    scores = []
    for label in classes:
        hits = sum(v.gold_class == label and a == label for v, a in zip(verdicts, answered))
        gold = sum(v.gold_class == label for v in verdicts)
        predicted = sum(a == label for a in answered)
        scores.append(precision_recall_f1(hits, gold, predicted)["f1"])
    return round(sum(scores) / len(scores), 3)


def _confusion(verdicts: Iterable[Verdict]) -> dict[str, dict[str, Any]]:
    """Per SubType: snippets, right, what the main event was, and the CAMEO codes/triggers that missed."""
    groups: dict[str, list[Verdict]] = defaultdict(list)
    for verdict in verdicts:
        groups[verdict.subtype].append(verdict)
    table = {}
    for subtype, group in sorted(groups.items()):
        wrong = [v for v in group if not v.right]
        table[subtype] = {
            "snippets": len(group), "right": sum(v.right for v in group),
            "accuracy": round(sum(v.right for v in group) / len(group), 3),
            "predicted": dict(Counter(v.predicted for v in group).most_common()),
            "wrong_cameo": dict(Counter(f"{v.cameo} {v.trigger}".strip() or NO_EVENT for v in wrong).most_common(8)),
        }
    return table


def build_report(verdicts: Sequence[Verdict]) -> dict[str, Any]:
    scored = [v for v in verdicts if v.gold_class]
    unscored = [v for v in verdicts if not v.gold_class]
    return {
        "snippets": len(verdicts), "scored": len(scored),
        "accuracy": round(sum(v.right for v in scored) / len(scored), 3) if scored else 0.0,
        "macro_f1": macro_f1(scored),
        "no_event_on_unscored": round(sum(v.right for v in unscored) / len(unscored), 3) if unscored else None,
        "unknown_subtypes": sorted({v.subtype for v in verdicts if v.subtype not in accepted_types()}),
        "per_subtype": _confusion(verdicts),
    }


# ---------------------------------------------------------------- reporting

def render_report(report: Mapping[str, Any], console=None) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = console or Console()
    no_event = report["no_event_on_unscored"]
    console.print(f"{report['snippets']} snippets, {report['scored']} of types with a political counterpart: "
                  f"accuracy {report['accuracy']:.3f}, macro F1 {report['macro_f1']:.3f}; "
                  f"no event coded on the others: {'-' if no_event is None else f'{no_event:.3f}'}")
    if report["unknown_subtypes"]:
        console.print(f"SubTypes missing from case2021_types.yaml (not scored): {escape(', '.join(report['unknown_subtypes']))}")
    table = Table(title="Per SubType: main event's PLOVER type, and the CAMEO code + trigger of wrong ones")
    for column in ("SubType", "n", "acc", "predicted PLOVER", "wrong main events (CAMEO trigger)"):
        table.add_column(column, justify="right" if column in ("n", "acc") else "left")
    for subtype, row in report["per_subtype"].items():
        predicted = ", ".join(f"{k} {v}" for k, v in row["predicted"].items())
        wrong = ", ".join(f"{k} ×{v}" for k, v in row["wrong_cameo"].items())
        table.add_row(escape(subtype), str(row["snippets"]), f"{row['accuracy']:.2f}", escape(predicted), escape(wrong))
    console.print(table)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="eventwire eval --types",
        description="Score the PLOVER type of each snippet's main event against CASE 2021 SubType labels.")
    parser.add_argument("gold", help="CASE TSV: id, EventSnippet, SubType (case2021_dev.tsv)")
    parser.add_argument("--limit", type=int, metavar="N", help="score only the first N snippets")
    parser.add_argument("--json", action="store_true", help="print one JSON object with every figure")
    return parser


def _score(args: argparse.Namespace) -> dict[str, Any]:
    snippets = read_snippets(args.gold)[:args.limit]
    events = code_snippets(snippets)
    return build_report([judge(s, events.get(s.id, []), diagnose=True) for s in snippets])


def run(argv: list[str]) -> int:
    return run_mode(_parser(), argv, _score, render_report)
