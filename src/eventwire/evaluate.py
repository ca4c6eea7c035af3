"""Scoring coded events against hand-coded gold (``eventwire eval``).

The rules are those of the project's reference scorer, so the figures agree with it:

* **lenient** match: CAMEO root + source country + target country (a missing target equals
  a missing target);
* **strict** match: lenient, plus the full gold code (a 2-digit or empty gold code asks nothing
  more) and the gold sectors (an empty gold sector asks nothing);
* a gold event whose modality is ``requested`` also accepts a request coded as such
  (CAMEO 02 APPEAL / 10 DEMAND), see ``event-record.md``;
* gold ``cameo``, ``source`` and ``target`` may be lists of alternatives (any one matches);
  actors may be contract ACTOR dicts or PETRARCH code strings (``"USAGOV"``, ``"---"``);
* matching is one-to-one and greedy, strict pairs first, then lenient; among several candidates
  the one whose sentence span overlaps the gold evidence span most is taken (the first on ties);
* qualifiers are compared on matched pairs where gold states them.

Layout: normalising (``normalise_event``, ``load_events``), matching (``match_events``,
``align``), scoring (``score``, ``score_by_root``, ``score_by_outlet``), explaining
(``explain``), reporting (``build_report``, ``render_report``, ``run_eval``).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import EventwireError, InputError

# (country, sector); ("", "") stands for "no actor".
ActorKey = tuple[str, str]
NO_ACTOR: ActorKey = ("", "")

# Roots a request may be coded as instead of the requested action (CAMEO 02 APPEAL, 10 DEMAND).
REQUEST_ROOTS = frozenset({"02", "10"})
QUALIFIERS = ("modality", "attributed", "speaker_type", "date", "loc_country")
UNKNOWN_OUTLET = "(unknown)"


# ---------------------------------------------------------------- normalising

@dataclass(frozen=True, slots=True)
class ScoredEvent:
    """One event reduced to what scoring compares; gold alternatives are kept in order."""

    sources: tuple[ActorKey, ...]
    targets: tuple[ActorKey, ...]
    codes: tuple[str, ...]
    qualifiers: tuple[Any, ...]  # values in QUALIFIERS order; None = not stated
    span: tuple[int, int] | None = None
    sentence: str = ""

    @property
    def code(self) -> str:
        return self.codes[0]

    @property
    def root(self) -> str:
        return self.code[:2]

    @property
    def source(self) -> ActorKey:
        return self.sources[0]

    @property
    def target(self) -> ActorKey:
        return self.targets[0]

    @property
    def modality(self) -> str | None:
        return self.qualifiers[QUALIFIERS.index("modality")]

    @property
    def is_request(self) -> bool:
        return self.modality == "requested"

    def accepted_roots(self) -> set[str]:
        """Roots a prediction may carry to match this (gold) event."""
        roots = {code[:2] for code in self.codes}
        return roots | REQUEST_ROOTS if self.is_request else roots

    def describe(self) -> str:
        """``BLRGOV -> UKR 154|190``: alternatives joined by ``|``, no actor as ``---``."""
        def actors(keys: tuple[ActorKey, ...]) -> str:
            return "|".join("".join(key) or "---" for key in keys)

        return f"{actors(self.sources)} -> {actors(self.targets)} {'|'.join(self.codes) or '--'}"


def _alternatives(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value or [None]
    return [value]


def actor_key(actor: Any) -> ActorKey:
    """(country, sector) of an ACTOR dict or a PETRARCH code string ("USAGOV", "---")."""
    if isinstance(actor, str):
        return NO_ACTOR if actor in ("", "---") else (actor[:3].upper(), actor[3:6].upper())
    if not isinstance(actor, dict):
        return NO_ACTOR
    code = actor.get("code") or ""
    # A dict may carry only ``code``; ``country``/``sector`` win when present and non-empty.
    return ((actor.get("country") or code[:3] or "").upper(), (actor.get("sector") or code[3:6] or "").upper())


def _qualifiers(event: Mapping[str, Any]) -> tuple[Any, ...]:
    attribution = event.get("attribution")
    location = event.get("location") or {}
    location_country = location.get("country") if isinstance(location, dict) else None
    return (
        event.get("modality"),
        bool(attribution) if "attribution" in event else None,
        attribution.get("speaker_type") if isinstance(attribution, dict) else None,
        event.get("date"),
        (location_country or "").upper() or None,
    )


def _span(value: Any) -> tuple[int, int] | None:
    return (value[0], value[1]) if isinstance(value, (list, tuple)) and len(value) == 2 else None


def normalise_event(event: Mapping[str, Any]) -> ScoredEvent:
    """A contract EVENT, gold event or PETRARCH flat event (``code`` for ``cameo``) -> ScoredEvent."""
    codes = tuple(str(code or "").strip() for code in _alternatives(event.get("cameo") or event.get("code") or ""))
    return ScoredEvent(
        sources=tuple(actor_key(a) for a in _alternatives(event.get("source"))),
        targets=tuple(actor_key(a) for a in _alternatives(event.get("target"))),
        codes=codes,
        qualifiers=_qualifiers(event),
        span=_span(event.get("span")),
        sentence=event.get("evidence") or event.get("sentence") or "",
    )


def events_by_article(records: Iterable[Mapping[str, Any]]) -> dict[str, list[ScoredEvent]]:
    """Per-article result objects (``{"id", "events"}``) -> article id -> normalised events."""
    return {str(record["id"]): [normalise_event(e) for e in record.get("events") or []] for record in records}


def read_records(path: str | Path) -> Iterator[dict[str, Any]]:
    """The objects of a JSON Lines file (blank lines skipped); a bad line is an InputError."""
    try:
        with open(path, encoding="utf-8") as stream:
            for number, line in enumerate(stream, start=1):
                if line.strip():
                    yield _parse_record(line, f"{path}:{number}")
    except FileNotFoundError as exc:
        raise InputError(str(path), "EW103") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: {exc}") from exc


def _parse_record(line: str, origin: str) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{origin}: {exc}", "EW101") from exc
    if not isinstance(record, dict) or "id" not in record:
        raise InputError(f"{origin}: expected an object with an id", "EW102")
    return record


def load_events(path: str | Path) -> dict[str, list[ScoredEvent]]:
    return events_by_article(read_records(path))


# ---------------------------------------------------------------- matching

def _country_agrees(alternatives: tuple[ActorKey, ...], predicted: ActorKey) -> bool:
    return predicted[0] in {country for country, _ in alternatives}


def matches_leniently(gold: ScoredEvent, predicted: ScoredEvent) -> bool:
    return (predicted.root in gold.accepted_roots()
            and _country_agrees(gold.sources, predicted.source)
            and _country_agrees(gold.targets, predicted.target))


def _code_agrees(gold: ScoredEvent, predicted: ScoredEvent) -> bool:
    if any(len(code) <= 2 or predicted.code.startswith(code) for code in gold.codes):
        return True
    return gold.is_request and predicted.root in REQUEST_ROOTS


def _sector_agrees(alternatives: tuple[ActorKey, ...], predicted: ActorKey) -> bool:
    return any(country == predicted[0] and (not sector or sector == predicted[1]) for country, sector in alternatives)


def matches_strictly(gold: ScoredEvent, predicted: ScoredEvent) -> bool:
    return (matches_leniently(gold, predicted) and _code_agrees(gold, predicted)
            and _sector_agrees(gold.sources, predicted.source) and _sector_agrees(gold.targets, predicted.target))


def span_overlap(gold: ScoredEvent, predicted: ScoredEvent) -> int:
    """Characters shared by the gold evidence span and the predicted sentence span (0 if unknown)."""
    if gold.span is None or predicted.span is None:
        return 0
    return max(0, min(gold.span[1], predicted.span[1]) - max(gold.span[0], predicted.span[0]))


MatchTest = Callable[[ScoredEvent, ScoredEvent], bool]


def match_events(gold: list[ScoredEvent], predicted: list[ScoredEvent]) -> list[tuple[int, int]]:
    """One-to-one greedy pairs (gold index, predicted index): strict pairs first, then lenient."""
    free = list(range(len(predicted)))
    pairs: list[tuple[int, int]] = []
    matched_gold: set[int] = set()
    tests: tuple[MatchTest, ...] = (matches_strictly, matches_leniently)
    for test in tests:
        for gi, event in enumerate(gold):
            if gi in matched_gold:
                continue
            fits = [pi for pi in free if test(event, predicted[pi])]
            if fits:
                best = max(fits, key=lambda pi: span_overlap(event, predicted[pi]))  # max keeps the first on ties
                pairs.append((gi, best))
                matched_gold.add(gi)
                free.remove(best)
    return pairs


@dataclass
class ArticleAlignment:
    """One gold article, its predictions and the matched pairs."""

    id: str
    gold: list[ScoredEvent]
    predicted: list[ScoredEvent]
    pairs: list[tuple[int, int]]
    predicted_present: bool = True
    outlet: str = UNKNOWN_OUTLET

    def missed(self) -> list[int]:
        matched = {gi for gi, _ in self.pairs}
        return [gi for gi in range(len(self.gold)) if gi not in matched]

    def spurious(self) -> list[int]:
        matched = {pi for _, pi in self.pairs}
        return [pi for pi in range(len(self.predicted)) if pi not in matched]


def align(gold: Mapping[str, list[ScoredEvent]], predicted: Mapping[str, list[ScoredEvent]],
          outlets: Mapping[str, str | None] | None = None) -> list[ArticleAlignment]:
    """Match every gold article with its predictions; predictions for other articles are not scored."""
    outlets = outlets or {}
    alignments = []
    for article_id, gold_events in gold.items():
        predicted_events = list(predicted.get(article_id, []))
        alignments.append(ArticleAlignment(
            id=article_id, gold=gold_events, predicted=predicted_events,
            pairs=match_events(gold_events, predicted_events),
            predicted_present=article_id in predicted,
            outlet=outlets.get(article_id) or UNKNOWN_OUTLET))
    return alignments


# ---------------------------------------------------------------- scoring

def precision_recall_f1(matched: int, gold: int, predicted: int) -> dict[str, float]:
    precision = matched / predicted if predicted else 0.0
    recall = matched / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


@dataclass
class Tally:
    """Counts behind one row of figures (overall, a root, an outlet)."""

    gold: int = 0
    predicted: int = 0
    lenient: int = 0
    strict: int = 0

    def figures(self) -> dict[str, Any]:
        return {"gold": self.gold, "predicted": self.predicted, "matched": self.lenient,
                "matched_strict": self.strict,
                "lenient": precision_recall_f1(self.lenient, self.gold, self.predicted),
                "strict": precision_recall_f1(self.strict, self.gold, self.predicted)}


def _tally_article(tally: Tally, alignment: ArticleAlignment) -> None:
    tally.gold += len(alignment.gold)
    tally.predicted += len(alignment.predicted)
    tally.lenient += len(alignment.pairs)
    tally.strict += sum(matches_strictly(alignment.gold[gi], alignment.predicted[pi]) for gi, pi in alignment.pairs)


def _qualifier_accuracy(alignments: Iterable[ArticleAlignment]) -> dict[str, list[Any]]:
    """Per qualifier: [accuracy, pairs where gold states it] (accuracy None when it never does)."""
    counts = {name: [0, 0] for name in QUALIFIERS}
    for alignment in alignments:
        for gi, pi in alignment.pairs:
            gold, predicted = alignment.gold[gi], alignment.predicted[pi]
            for name, expected, got in zip(QUALIFIERS, gold.qualifiers, predicted.qualifiers):
                if expected is not None:
                    counts[name][1] += 1
                    counts[name][0] += expected == got
    return {name: [round(right / stated, 3) if stated else None, stated] for name, (right, stated) in counts.items()}


def score(alignments: list[ArticleAlignment]) -> dict[str, Any]:
    """The headline figures, keyed as the reference scorer's JSON."""
    total = Tally()
    for alignment in alignments:
        _tally_article(total, alignment)
    figures = total.figures()
    return {
        "articles": len(alignments),
        "missing_articles": sum(not a.predicted_present for a in alignments),
        "gold_events": total.gold, "pred_events": total.predicted,
        "lenient": figures["lenient"], "strict": figures["strict"],
        "qualifiers_on_matches": _qualifier_accuracy(alignments),
    }


def score_events(gold: Mapping[str, list[ScoredEvent]], predicted: Mapping[str, list[ScoredEvent]]) -> dict[str, Any]:
    return score(align(gold, predicted))


def score_by_outlet(alignments: list[ArticleAlignment]) -> dict[str, dict[str, Any]]:
    tallies: dict[str, Tally] = defaultdict(Tally)
    for alignment in alignments:
        _tally_article(tallies[alignment.outlet], alignment)
    return {outlet: tally.figures() for outlet, tally in sorted(tallies.items())}


def score_by_root(alignments: list[ArticleAlignment]) -> dict[str, dict[str, Any]]:
    """Figures per CAMEO root.

    A matched pair counts under the predicted root (one the gold event accepts, which may be a
    listed alternative or a request root), so per root matched never exceeds gold or predicted
    and the roots sum to the overall figures. Unmatched events count under their own root.
    """
    tallies: dict[str, Tally] = defaultdict(Tally)
    for alignment in alignments:
        for gi, pi in alignment.pairs:
            tally = tallies[alignment.predicted[pi].root]
            tally.gold += 1
            tally.predicted += 1
            tally.lenient += 1
            tally.strict += matches_strictly(alignment.gold[gi], alignment.predicted[pi])
        for gi in alignment.missed():
            tallies[alignment.gold[gi].root].gold += 1
        for pi in alignment.spurious():
            tallies[alignment.predicted[pi].root].predicted += 1
    return {root or "--": tally.figures() for root, tally in sorted(tallies.items())}


# ---------------------------------------------------------------- explaining

def mismatch_reasons(gold: ScoredEvent, predicted: ScoredEvent) -> list[str]:
    """Why ``predicted`` does not match ``gold`` leniently (empty when it does)."""
    reasons = []
    if predicted.root not in gold.accepted_roots():
        reasons.append(f"root differs ({predicted.root or '--'} not {'/'.join(sorted(gold.accepted_roots()))})")
    if not _country_agrees(gold.sources, predicted.source):
        reasons.append(f"source country differs ({predicted.source[0] or '---'})")
    if not _country_agrees(gold.targets, predicted.target):
        reasons.append(f"target country differs ({predicted.target[0] or '---'})")
    return reasons


def nearest_candidate(gold: ScoredEvent, predicted: list[ScoredEvent]) -> int | None:
    """The predicted event closest to ``gold``: most sentence overlap, then same root, then agreeing actors."""
    def closeness(pi: int) -> tuple[int, bool, int]:
        event = predicted[pi]
        actors_agree = _country_agrees(gold.sources, event.source) + _country_agrees(gold.targets, event.target)
        return span_overlap(gold, event), event.root in gold.accepted_roots(), actors_agree

    return max(range(len(predicted)), key=closeness, default=None)


def _explain_missed(alignment: ArticleAlignment, gi: int) -> dict[str, Any]:
    gold = alignment.gold[gi]
    entry: dict[str, Any] = {"article": alignment.id, "event": gi, "sentence": gold.sentence,
                             "gold": gold.describe(), "nearest": None}
    pi = nearest_candidate(gold, alignment.predicted)
    if pi is None:
        entry["why"] = ["no predictions for this article"] if not alignment.predicted_present \
            else ["no event predicted in this article"]
        return entry
    candidate = alignment.predicted[pi]
    # A candidate that fits leniently but stayed unmatched went to another gold event first.
    entry["why"] = mismatch_reasons(gold, candidate) or ["candidate matched another gold event"]
    entry["nearest"] = {"event": pi, "sentence": candidate.sentence, "predicted": candidate.describe()}
    return entry


def explain(alignments: list[ArticleAlignment]) -> dict[str, list[dict[str, Any]]]:
    """Each missed gold event with its nearest candidate and why it failed; each spurious prediction."""
    missed = [_explain_missed(a, gi) for a in alignments for gi in a.missed()]
    spurious = [{"article": a.id, "event": pi, "sentence": a.predicted[pi].sentence,
                 "predicted": a.predicted[pi].describe()}
                for a in alignments for pi in a.spurious()]
    return {"missed": missed, "spurious": spurious}


# ---------------------------------------------------------------- reporting

def build_report(alignments: list[ArticleAlignment], with_explanations: bool = False) -> dict[str, Any]:
    report = {**score(alignments), "per_root": score_by_root(alignments), "per_outlet": score_by_outlet(alignments)}
    if with_explanations:
        report.update(explain(alignments))
    return report


def _figures_table(title: str, key_name: str, rows: Mapping[str, Mapping[str, Any]]):
    from rich.table import Table

    table = Table(title=title)
    for column in (key_name, "gold", "pred", "matched", "P", "R", "F1", "strict F1"):
        table.add_column(column, justify="left" if column == key_name else "right")
    for key, row in rows.items():
        lenient = row["lenient"]
        table.add_row(key, str(row["gold"]), str(row["predicted"]), str(row["matched"]),
                      f"{lenient['precision']:.3f}", f"{lenient['recall']:.3f}", f"{lenient['f1']:.3f}",
                      f"{row['strict']['f1']:.3f}")
    return table


def _headline_table(report: Mapping[str, Any]):
    from rich.table import Table

    table = Table(title=f"{report['articles']} articles ({report['missing_articles']} without predictions), "
                        f"{report['gold_events']} gold, {report['pred_events']} predicted events")
    for column in ("match", "P", "R", "F1"):
        table.add_column(column, justify="left" if column == "match" else "right")
    for kind in ("lenient", "strict"):
        figures = report[kind]
        table.add_row(kind, *(f"{figures[k]:.3f}" for k in ("precision", "recall", "f1")))
    return table


def _qualifier_table(report: Mapping[str, Any]):
    from rich.table import Table

    table = Table(title="Qualifiers on matched pairs (where gold states them)")
    for column in ("qualifier", "accuracy", "pairs"):
        table.add_column(column, justify="left" if column == "qualifier" else "right")
    for name, (accuracy, stated) in report["qualifiers_on_matches"].items():
        table.add_row(name, "-" if accuracy is None else f"{accuracy:.3f}", str(stated))
    return table


def _render_explanations(report: Mapping[str, Any], console) -> None:
    from rich.markup import escape

    console.rule(f"Missed gold events ({len(report['missed'])})")
    for entry in report["missed"]:
        console.print(f"[bold]{escape(entry['article'])}#{entry['event']}[/] gold {escape(entry['gold'])}: "
                      f"{escape(entry['sentence'])}")
        nearest = entry["nearest"]
        if nearest is not None:
            console.print(f"    nearest #{nearest['event']} {escape(nearest['predicted'])}: "
                          f"{escape(nearest['sentence'])}")
        console.print(f"    why: {escape('; '.join(entry['why']))}")
    console.rule(f"Spurious predicted events ({len(report['spurious'])})")
    for entry in report["spurious"]:
        console.print(f"[bold]{escape(entry['article'])}#{entry['event']}[/] {escape(entry['predicted'])}: "
                      f"{escape(entry['sentence'])}")


def render_report(report: Mapping[str, Any], console=None) -> None:
    """Print the report as rich tables (and the explanations when the report holds them)."""
    from rich.console import Console

    console = console or Console()
    console.print(_headline_table(report))
    console.print(_qualifier_table(report))
    console.print(_figures_table("Per CAMEO root", "root", report["per_root"]))
    console.print(_figures_table("Per outlet", "outlet", report["per_outlet"]))
    if "missed" in report:
        _render_explanations(report, console)


@dataclass
class Predictions:
    """Predicted events per article id, and the outlet of each article when known."""

    events: dict[str, list[ScoredEvent]]
    outlets: dict[str, str | None] = field(default_factory=dict)


def code_predictions(input_path: str, pipeline=None) -> Predictions:
    """Code ``input_path`` (the default pipeline unless one is given); outlets come from the articles read.

    Record errors go to stderr, one line each, as ``eventwire code`` prints them: a failed
    article still counts, with no events.
    """
    from .pipeline import Pipeline
    from .readers import read_inputs

    pipeline = pipeline or Pipeline()
    predictions = Predictions(events={})
    for result in pipeline.process(read_inputs([input_path])):
        predictions.events[result.id] = [normalise_event(e) for e in result.to_dict()["events"]]
        predictions.outlets[result.id] = result.article.outlet if result.article is not None else None
        for error in result.errors:
            print(f"{result.id}: {error}", file=sys.stderr)
    return predictions


def read_outlets(articles_path: str) -> dict[str, str | None]:
    """Article id -> outlet, from an input file in the contract's article shape."""
    return {str(record["id"]): record.get("outlet") for record in read_records(articles_path)}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="eventwire eval", description="Score predicted events against gold.",
        epilog="Other gold kinds: eventwire eval --timex|--attribution|--types|--stories GOLD ... (see each --help)")
    parser.add_argument("gold", help="gold JSON Lines: one article a line, {id, events}")
    parser.add_argument("predicted", nargs="?", help="predicted JSON Lines (eventwire code output)")
    parser.add_argument("--run", metavar="INPUT", help="code INPUT with the pipeline instead of reading predictions")
    parser.add_argument("--articles", metavar="INPUT", help="the input articles, for the per-outlet table")
    parser.add_argument("--json", action="store_true", help="print one JSON object with every figure")
    parser.add_argument("--explain", action="store_true", help="list missed gold and spurious predicted events")
    return parser


def _predictions(args: argparse.Namespace) -> Predictions:
    predictions = code_predictions(args.run) if args.run else Predictions(events=load_events(args.predicted))
    if args.articles:
        predictions.outlets = read_outlets(args.articles)
    return predictions


# Other gold kinds: flag -> the module in eventwire.evaluation that scores it (``run(argv)``).
MODES = {
    "--timex": "eventwire.evaluation.timex",
    "--attribution": "eventwire.evaluation.attribution",
    "--types": "eventwire.evaluation.types",
    "--stories": "eventwire.evaluation.stories",
}


def run_eval(argv: list[str]) -> int:
    """``eventwire eval GOLD [PRED | --run INPUT] [--articles INPUT] [--json] [--explain]`` -> exit code.

    With a mode flag (``--timex``, ``--attribution``, ``--types``, ``--stories``) the rest of the
    arguments go to that mode's module."""
    mode = next((flag for flag in argv if flag in MODES), None)
    if mode is not None:
        import importlib

        return importlib.import_module(MODES[mode]).run([a for a in argv if a != mode])
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage or help already
        return int(exc.code or 0)
    if (args.predicted is None) == (args.run is None):
        parser.print_usage(sys.stderr)
        print("eventwire eval: give either a prediction file or --run INPUT", file=sys.stderr)
        return 2
    try:
        gold = load_events(args.gold)
        predictions = _predictions(args)
    except EventwireError as exc:
        print(f"eventwire eval: {exc}", file=sys.stderr)
        return 1
    report = build_report(align(gold, predictions.events, predictions.outlets), args.explain)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        render_report(report)
    return 0


if __name__ == "__main__":
    sys.exit(run_eval(sys.argv[1:]))
