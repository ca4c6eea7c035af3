"""``eventwire eval --timex GOLD.jsonl [PRED.jsonl]``: time expressions against TIMEX3 gold.

Gold (e.g. MEANTIME): one article a line, ``{id, published, text, timexes: [{text, span,
type, value}]}`` with spans into ``text``. Prediction: ``eventwire dates`` output (the same
shape); without PRED the gold texts are tagged by eventwire, spans mapped back to ``text``.

A gold expression is **found** when a predicted expression's span overlaps it (each
prediction finds at most one gold expression, the one it overlaps most). Per TIMEX3 type
(DATE, TIME, DURATION, SET) and overall the report gives recall (found / gold) and value
accuracy (found with the gold's normalised value / found); precision (predictions that
found a gold expression / predictions) is given overall.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import EventwireError
from ..evaluate import read_records

TYPES = ("DATE", "TIME", "DURATION", "SET")


def _overlap(a: Iterable[int], b: Iterable[int]) -> int:
    (s1, e1), (s2, e2) = a, b
    return max(0, min(e1, e2) - max(s1, s2))


def match_timexes(gold: list[Mapping[str, Any]], predicted: list[Mapping[str, Any]]) -> list[tuple[int, int]]:
    """One-to-one (gold, predicted) index pairs with overlapping spans, largest overlap first."""
    candidates = sorted(((_overlap(g["span"], p["span"]), gi, pi)
                         for gi, g in enumerate(gold) for pi, p in enumerate(predicted)), reverse=True)
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    pairs = []
    for overlap, gi, pi in candidates:
        if overlap and gi not in used_gold and pi not in used_predicted:
            pairs.append((gi, pi))
            used_gold.add(gi)
            used_predicted.add(pi)
    return sorted(pairs)


def tag_articles(articles: list[Mapping[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Tag the gold articles' texts with eventwire; spans point into each article's ``text``."""
    from ..model import Article
    from ..qualify.commands import dates_line, parsed_records

    inputs = [Article(id=str(a["id"]), text=a.get("text") or "", published=a.get("published"),
                      title=None) for a in articles]
    return {r.article.id: dates_line(r, raw_spans=True)["timexes"]
            for r in parsed_records(inputs, ("clean", "nlp"))}


def score(articles: list[Mapping[str, Any]], predicted: Mapping[str, list[Mapping[str, Any]]]
          ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The figures, and every gold expression missed or normalised differently."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"gold": 0, "found": 0, "correct": 0})
    total_predicted = matched_predicted = 0
    errors = []
    for article in articles:
        gold = article.get("timexes") or []
        guesses = list(predicted.get(str(article["id"]), []))
        pairs = dict(match_timexes(gold, guesses))
        total_predicted += len(guesses)
        matched_predicted += len(pairs)
        for gi, item in enumerate(gold):
            for kind in (item["type"], "all"):
                counts[kind]["gold"] += 1
            guess = guesses[pairs[gi]] if gi in pairs else None
            correct = guess is not None and guess.get("value") == item["value"]
            for kind in (item["type"], "all"):
                counts[kind]["found"] += guess is not None
                counts[kind]["correct"] += correct
            if not correct:
                errors.append({"id": article["id"], "gold": {k: item[k] for k in ("text", "type", "value")},
                               "predicted": None if guess is None else
                               {k: guess.get(k) for k in ("text", "type", "value")},
                               "published": article.get("published")})
    figures = {kind: _figures(c) for kind, c in sorted(counts.items(), key=lambda kv: _order(kv[0]))}
    figures["all"]["precision"] = round(matched_predicted / total_predicted, 3) if total_predicted else 0.0
    figures["all"]["predicted"] = total_predicted
    return figures, errors


def _order(kind: str) -> int:
    return TYPES.index(kind) if kind in TYPES else len(TYPES)


def _figures(counts: Mapping[str, int]) -> dict[str, Any]:
    gold, found, correct = counts["gold"], counts["found"], counts["correct"]
    return {"gold": gold, "found": found, "recall": round(found / gold, 3) if gold else 0.0,
            "value_accuracy": round(correct / found, 3) if found else 0.0}


def render(figures: Mapping[str, Mapping[str, Any]], errors: list[dict[str, Any]], explain: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="time expressions (found = span overlap)")
    for column in ("type", "gold", "found", "recall", "value accuracy"):
        table.add_column(column, justify="left" if column == "type" else "right")
    for kind, row in figures.items():
        table.add_row(kind, str(row["gold"]), str(row["found"]), f"{row['recall']:.3f}", f"{row['value_accuracy']:.3f}")
    console = Console()
    console.print(table)
    overall = figures.get("all", {})
    console.print(f"precision {overall.get('precision', 0.0):.3f} of {overall.get('predicted', 0)} predicted expressions")
    if explain:
        for error in errors:
            predicted = error["predicted"] or {}
            console.print(f"{error['id']} ({error['published']}): {error['gold']['text']!r} "
                          f"{error['gold']['type']} {error['gold']['value']} <- "
                          f"{predicted.get('text')!r} {predicted.get('type')} {predicted.get('value')}",
                          markup=False, highlight=False)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="eventwire eval --timex",
                                     description="Score time expressions (TIMEX3) against gold.")
    parser.add_argument("gold", help="gold JSON Lines: {id, published, text, timexes: [{text, span, type, value}]}")
    parser.add_argument("predicted", nargs="?", help="eventwire dates --raw-spans output (default: tag the gold texts)")
    parser.add_argument("--json", action="store_true", help="print one JSON object with every figure")
    parser.add_argument("--explain", action="store_true", help="list gold expressions missed or normalised differently")
    return parser


def run(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        articles = list(read_records(args.gold))
        if args.predicted:
            predicted = {str(r["id"]): r.get("timexes") or [] for r in read_records(args.predicted)}
        else:
            predicted = tag_articles(articles)
    except EventwireError as exc:
        print(f"eventwire eval: {exc}", file=sys.stderr)
        return 1
    figures, errors = score(articles, predicted)
    if args.json:
        report: dict[str, Any] = {"articles": len(articles), "types": figures}
        if args.explain:
            report["errors"] = errors
        print(json.dumps(report, indent=2))
    else:
        render(figures, errors, args.explain)
    return 0
