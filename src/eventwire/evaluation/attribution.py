"""``eventwire eval --attribution GOLD.jsonl [PRED.jsonl]``: reported speech against PolNeAR.

Gold: one article a line, ``{id, outlet, text, attributions: [{type, source, cue, content}]}``
with every role as ``{text, span, spans}`` (character offsets into ``text``; ``spans`` lists
the parts of a discontinuous role).

Prediction: each of eventwire's ``claims`` (a speech act: speaker + cue + content span; every
direct quotation that a cue reports is one, and every attributed event's cue is one), mapped
from the cleaned text back to the article's text. Without PRED the gold texts are coded by
the default pipeline.

A **hit** is a (gold, predicted) pair whose content spans overlap and whose speaker spans
overlap. A gold relation without a source (PolNeAR's ``Attribution-no-source``: "it is
believed that ...") has no speaker to overlap, so its content alone decides. Matching is
one-to-one and greedy, the pairs sharing the most content characters first. Precision =
matched predictions / predictions; recall = matched gold relations / gold relations. The
report adds content-only figures (speaker ignored) to separate finding a claim from naming
who makes it, and a per-outlet table.
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..evaluate import precision_recall_f1, read_records
from ._mode import run_mode

Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Relation:
    """One attribution reduced to what scoring compares: speaker and content spans (+ texts to show)."""

    content: Spans
    speaker: Spans | None  # None: the gold relation names no source
    cue: str = ""
    content_text: str = ""
    speaker_text: str = ""


def _role_spans(role: Mapping[str, Any] | None) -> Spans | None:
    if not role:
        return None
    parts = role.get("spans") or [role["span"]]
    return tuple((int(s), int(e)) for s, e in parts)


def gold_relation(attribution: Mapping[str, Any]) -> Relation:
    source = attribution.get("source")
    return Relation(content=_role_spans(attribution["content"]) or (), speaker=_role_spans(source),
                    cue=(attribution.get("cue") or {}).get("text", ""),
                    content_text=attribution["content"].get("text", ""),
                    speaker_text=(source or {}).get("text", ""))


def overlap(a: Spans, b: Spans) -> int:
    """Characters two span lists share."""
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def is_hit(gold: Relation, predicted: Relation, with_speaker: bool = True) -> bool:
    if not overlap(gold.content, predicted.content):
        return False
    if not with_speaker or gold.speaker is None:
        return True
    return predicted.speaker is not None and overlap(gold.speaker, predicted.speaker) > 0


def match_relations(gold: list[Relation], predicted: list[Relation], with_speaker: bool = True) -> list[tuple[int, int]]:
    """One-to-one greedy pairs (gold index, predicted index), the largest content overlap first."""
    candidates = [(overlap(g.content, p.content), gi, pi)
                  for gi, g in enumerate(gold) for pi, p in enumerate(predicted) if is_hit(g, p, with_speaker)]
    pairs, used_gold, used_predicted = [], set(), set()
    for _, gi, pi in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if gi not in used_gold and pi not in used_predicted:
            pairs.append((gi, pi))
            used_gold.add(gi)
            used_predicted.add(pi)
    return sorted(pairs)


# ---------------------------------------------------------------- predictions

def _to_raw(span: tuple[int, int], offsets: list[int]) -> tuple[int, int]:
    """A cleaned-text span -> the same characters in the article text (``clean`` keeps a map)."""
    start, end = span
    if not offsets or end <= start:
        return start, end
    return offsets[min(start, len(offsets) - 1)], offsets[min(end, len(offsets)) - 1] + 1


def predicted_relations(claims: Iterable[Mapping[str, Any]], raw_text: str) -> list[Relation]:
    """Contract claims (spans in the cleaned text) -> relations in ``raw_text``'s offsets."""
    from ..clean import clean_text

    offsets = clean_text(raw_text).offsets
    relations = []
    for claim in claims:
        speaker_span = claim.get("speaker_span")
        relations.append(Relation(
            content=(_to_raw(tuple(claim["content_span"]), offsets),),
            speaker=(_to_raw(tuple(speaker_span), offsets),) if speaker_span else None,
            cue=claim.get("cue", ""), content_text=claim.get("content", ""), speaker_text=claim.get("speaker", "")))
    return relations


def code_claims(articles: list[Mapping[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Run the default pipeline over the gold texts: article id -> its claims as contract dicts.

    The headline is already the text's first line, so no title is passed (it would be coded twice)."""
    from ..model import Article
    from ..pipeline import Pipeline

    inputs = (Article(id=str(a["id"]), text=a["text"], published=a.get("published"), outlet=a.get("outlet"))
              for a in articles)
    claims = {}
    for result in Pipeline().process(inputs):
        claims[result.id] = result.to_dict()["claims"]
        for error in result.errors:
            print(f"{result.id}: {error}", file=sys.stderr)
    return claims


# ---------------------------------------------------------------- scoring

@dataclass
class ArticleScore:
    id: str
    outlet: str
    text: str
    gold: list[Relation]
    predicted: list[Relation]
    pairs: list[tuple[int, int]] = field(default_factory=list)
    content_pairs: list[tuple[int, int]] = field(default_factory=list)


def score_articles(articles: list[Mapping[str, Any]], claims: Mapping[str, list[Mapping[str, Any]]]) -> list[ArticleScore]:
    scores = []
    for article in articles:
        gold = [gold_relation(a) for a in article.get("attributions") or []]
        predicted = predicted_relations(claims.get(str(article["id"]), []), article["text"])
        scores.append(ArticleScore(id=str(article["id"]), outlet=article.get("outlet") or "(unknown)",
                                   text=article["text"], gold=gold, predicted=predicted,
                                   pairs=match_relations(gold, predicted),
                                   content_pairs=match_relations(gold, predicted, with_speaker=False)))
    return scores


def _figures(scores: list[ArticleScore]) -> dict[str, Any]:
    gold = sum(len(s.gold) for s in scores)
    predicted = sum(len(s.predicted) for s in scores)
    matched = sum(len(s.pairs) for s in scores)
    content = sum(len(s.content_pairs) for s in scores)
    return {"articles": len(scores), "gold": gold, "predicted": predicted, "matched": matched,
            **precision_recall_f1(matched, gold, predicted),
            "content_only": {"matched": content, **precision_recall_f1(content, gold, predicted)}}


def _shown(relation: Relation, text: str) -> dict[str, Any]:
    return {"speaker": relation.speaker_text, "cue": relation.cue, "content": relation.content_text[:200],
            "at": relation.content[0][0] if relation.content else None}


def explain(scores: list[ArticleScore]) -> dict[str, list[dict[str, Any]]]:
    """Each missed gold relation and each spurious prediction, with its texts."""
    missed, spurious = [], []
    for score in scores:
        matched_gold = {gi for gi, _ in score.pairs}
        matched_predicted = {pi for _, pi in score.pairs}
        content_hits = dict(score.content_pairs)
        for gi, gold in enumerate(score.gold):
            if gi not in matched_gold:
                nearest = content_hits.get(gi)
                missed.append({"article": score.id, **_shown(gold, score.text),
                               "why": "speaker differs" if nearest is not None else "no claim on this content",
                               "nearest": _shown(score.predicted[nearest], score.text) if nearest is not None else None})
        spurious.extend({"article": score.id, **_shown(p, score.text)}
                        for pi, p in enumerate(score.predicted) if pi not in matched_predicted)
    return {"missed": missed, "spurious": spurious}


def build_report(scores: list[ArticleScore], with_explanations: bool = False) -> dict[str, Any]:
    by_outlet: dict[str, list[ArticleScore]] = defaultdict(list)
    for score in scores:
        by_outlet[score.outlet].append(score)
    report = {**_figures(scores), "per_outlet": {o: _figures(s) for o, s in sorted(by_outlet.items())}}
    if with_explanations:
        report.update(explain(scores))
    return report


# ---------------------------------------------------------------- reporting

def render_report(report: Mapping[str, Any], console=None) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = console or Console()
    table = Table(title=f"Attribution: {report['articles']} articles, {report['gold']} gold relations, "
                        f"{report['predicted']} predicted claims")
    for column in ("rows", "gold", "pred", "matched", "P", "R", "F1", "content-only F1"):
        table.add_column(column, justify="left" if column == "rows" else "right")
    rows = {"all": report, **report["per_outlet"]}
    for name, row in rows.items():
        table.add_row(escape(name), str(row["gold"]), str(row["predicted"]), str(row["matched"]),
                      f"{row['precision']:.3f}", f"{row['recall']:.3f}", f"{row['f1']:.3f}",
                      f"{row['content_only']['f1']:.3f}")
    console.print(table)
    if "missed" not in report:
        return
    console.rule(f"Missed gold relations ({len(report['missed'])})")
    for entry in report["missed"]:
        console.print(f"[bold]{escape(entry['article'])}@{entry['at']}[/] {escape(entry['speaker'] or '(no source)')} "
                      f"/ {escape(entry['cue'])} / {escape(entry['content'])}")
        console.print(f"    why: {entry['why']}"
                      + (f"; predicted speaker {escape(entry['nearest']['speaker'])!s}" if entry["nearest"] else ""))
    console.rule(f"Spurious predicted claims ({len(report['spurious'])})")
    for entry in report["spurious"]:
        console.print(f"[bold]{escape(entry['article'])}@{entry['at']}[/] {escape(entry['speaker'])} "
                      f"/ {escape(entry['cue'])} / {escape(entry['content'])}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="eventwire eval --attribution",
        description="Score eventwire's claims (reported speech and quotes) against PolNeAR attributions.")
    parser.add_argument("gold", help="attribution gold JSON Lines (attribution_dev.jsonl)")
    parser.add_argument("predicted", nargs="?",
                        help="eventwire code output for the same texts (default: code the gold texts now)")
    parser.add_argument("--limit", type=int, metavar="N", help="score only the first N articles")
    parser.add_argument("--json", action="store_true", help="print one JSON object with every figure")
    parser.add_argument("--explain", action="store_true", help="list missed gold and spurious predicted claims")
    return parser


def _score(args: argparse.Namespace) -> dict[str, Any]:
    articles = list(read_records(args.gold))[:args.limit]
    if args.predicted:
        claims = {str(r["id"]): r.get("claims") or [] for r in read_records(args.predicted)}
    else:
        claims = code_claims(articles)
    return build_report(score_articles(articles, claims), args.explain)


def run(argv: list[str]) -> int:
    return run_mode(_parser(), argv, _score, render_report)
