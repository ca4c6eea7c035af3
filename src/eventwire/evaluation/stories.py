"""``eventwire eval --stories``: story clusters and contradictions against gold.

Gold: a JSON Lines file of articles whose events carry ``cluster`` (a name for the real-world
happening) and a contradictions file ``{"contradictions": [[article, event, article, event], ...]}``
whose event indexes point into the gold file. Predictions: a database the articles were
ingested into (``--db``), or the articles themselves (``--run``: coded and ingested into a
temporary database). Predicted events are matched to gold events the way ``eventwire eval``
matches them; then

* **B-cubed** precision, recall and F1 of the predicted stories against the gold clusters, over
  the matched events (a gold event with no cluster is a cluster of its own);
* **contradictions flagged**: gold pairs whose two events are matched and listed as a contradicting
  pair, out of all gold pairs (and out of the pairs whose both events were matched);
* **false contradictions per 20 stories**: predicted pairs that are no gold pair, for every 20
  predicted stories.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..errors import EventwireError
from ..evaluate import align, normalise_event, read_records

Ref = tuple[str, int]  # (article id, event index)


def bcubed(gold: Mapping[Any, Any], predicted: Mapping[Any, Any]) -> dict[str, float]:
    """B-cubed precision/recall/F1 of the clustering ``predicted`` (item -> cluster) against ``gold``,
    over the items both give a cluster to."""
    items = [i for i in gold if i in predicted]
    if not items:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0, "items": 0}
    both = Counter((gold[i], predicted[i]) for i in items)
    in_gold = Counter(gold[i] for i in items)
    in_predicted = Counter(predicted[i] for i in items)
    precision = sum(both[(gold[i], predicted[i])] / in_predicted[predicted[i]] for i in items) / len(items)
    recall = sum(both[(gold[i], predicted[i])] / in_gold[gold[i]] for i in items) / len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3), "items": len(items)}


def gold_clusters(records: Iterable[Mapping[str, Any]]) -> dict[Ref, str]:
    return {(str(r["id"]), i): e.get("cluster") or f"{r['id']}#{i}"
            for r in records for i, e in enumerate(r.get("events") or [])}


def _pairs(pairs: Iterable[tuple[Ref, Ref]]) -> set[frozenset[Ref]]:
    return {frozenset(pair) for pair in pairs if pair[0] != pair[1]}


def score_stories(gold_records: list[dict[str, Any]], gold_contradictions: list[list[Any]],
                  predicted_events: Mapping[str, list[dict[str, Any]]], story_of: Mapping[Ref, str],
                  predicted_contradictions: Iterable[tuple[Ref, Ref]]) -> dict[str, Any]:
    """Every figure of the stories evaluation (see the module docstring)."""
    gold_events = {str(r["id"]): [normalise_event(e) for e in r.get("events") or []] for r in gold_records}
    predicted = {a: [normalise_event(e) for e in events] for a, events in predicted_events.items()}
    matched: dict[Ref, Ref] = {}  # gold ref -> predicted ref
    for alignment in align(gold_events, predicted):
        matched.update({(alignment.id, gi): (alignment.id, pi) for gi, pi in alignment.pairs})
    clusters = gold_clusters(gold_records)
    scored = bcubed({g: clusters[g] for g in matched}, {g: story_of[p] for g, p in matched.items() if p in story_of})
    gold_pairs = _pairs(((a, i), (b, j)) for a, i, b, j in gold_contradictions)
    as_predicted = {frozenset(matched[g] for g in pair) for pair in gold_pairs if all(g in matched for g in pair)}
    flagged_pairs = _pairs(predicted_contradictions)
    flagged = len(as_predicted & flagged_pairs)
    false = len(flagged_pairs - as_predicted)
    stories = len(set(story_of.values()))
    return {
        "gold_events": sum(len(e) for e in gold_events.values()),
        "matched_events": len(matched),
        "bcubed": scored,
        "stories": stories,
        "contradictions": {
            "gold_pairs": len(gold_pairs), "matched_pairs": len(as_predicted), "flagged": flagged,
            "flagged_share": round(flagged / len(gold_pairs), 3) if gold_pairs else 0.0,
            "flagged_share_of_matched": round(flagged / len(as_predicted), 3) if as_predicted else 0.0,
            "predicted_pairs": len(flagged_pairs), "false": false,
            "false_per_20_stories": round(20 * false / stories, 3) if stories else 0.0,
        },
    }


# ---------------------------------------------------------------- predictions from a database

def predictions_from_db(db_path: str | Path, article_ids: Iterable[str]):
    """(events per article as contract dicts, report -> story, contradicting pairs) for ``article_ids``."""
    from ..query import event_from_row, open_database

    ids = sorted(set(article_ids))
    with open_database(db_path) as db:
        events: dict[str, list[dict[str, Any]]] = {a: [] for a in ids}
        cursor = db.con.cursor().execute(
            "SELECT * FROM event_rows WHERE list_contains(?, article_id) ORDER BY article_id, idx", [ids])
        columns = [d[0] for d in cursor.description]
        for values in cursor.fetchall():
            row = dict(zip(columns, values))
            events[row["article_id"]].append(event_from_row(row).to_dict())
        story_of = {(a, int(i)): s for s, a, i in db.con.execute(
            "SELECT story_id, article_id, idx FROM story_reports WHERE list_contains(?, article_id)", [ids]).fetchall()}
        pairs = [((a, int(i)), (b, int(j))) for a, i, b, j in db.con.execute(
            "SELECT article_a, idx_a, article_b, idx_b FROM contradictions "
            "WHERE list_contains(?, article_a) AND list_contains(?, article_b)", [ids, ids]).fetchall()]
    return events, story_of, pairs


def ingest_articles(input_path: str, db_path: Path) -> None:
    """Code ``input_path`` with the default pipeline and ingest it (record errors go to stderr)."""
    from ..pipeline import Pipeline
    from ..readers import read_inputs
    from ..store.duckdb import Store

    def reported(results):
        for result in results:
            for error in result.errors:
                print(f"{result.id}: {error}", file=sys.stderr)
            yield result

    with Store(db_path) as store:
        store.ingest(reported(Pipeline().process(read_inputs([input_path]))))


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) else value


def _actor(value: Any) -> dict[str, Any] | None:
    """A gold actor (ACTOR dict, PETRARCH code string or a list of alternatives) as an ACTOR dict."""
    value = _first(value)
    if isinstance(value, str) and value not in ("", "---"):
        return {"text": value, "code": value, "country": value[:3], "sector": value[3:6]}
    return value if isinstance(value, dict) else None


def gold_as_results(gold_records: list[dict[str, Any]], articles_path: str):
    """The gold events as if a perfect coder had coded the articles (clusters dropped): fusing them
    measures the clustering and contradiction logic apart from the event coder."""
    from ..dictionaries import cameo_code
    from ..model import Article, Result

    articles = {str(r["id"]): r for r in read_records(articles_path)}
    for record in gold_records:
        article = Article.from_dict(articles[str(record["id"])])
        events = []
        for event in record.get("events") or []:
            code = str(_first(event.get("cameo")) or "")
            known = cameo_code(code)
            events.append({**{k: v for k, v in event.items() if k != "cluster"}, "cameo": code,
                           "source": _actor(event.get("source")), "target": _actor(event.get("target")),
                           "plover": known.plover, "quad_class": known.quad_class, "goldstein": known.goldstein,
                           "span": event.get("span") or (0, 0)})
        yield Result.from_dict({"id": article.id, "events": events, "text": article.text, "article": article})


# ---------------------------------------------------------------- command

def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="eventwire eval --stories",
                                     description="Score story clusters and contradictions against gold.")
    parser.add_argument("gold", help="gold JSON Lines: {id, events: [... cluster ...]} per article")
    parser.add_argument("--contradictions", help="gold contradicting pairs (JSON); default: the gold file's "
                                                 "name with _gold.jsonl replaced by _contradictions.json")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--run", metavar="INPUT", help="code and ingest INPUT into a temporary database")
    source.add_argument("--db", help="a database the gold articles were ingested into")
    source.add_argument("--oracle", metavar="INPUT", help="fuse the gold events themselves (INPUT: the articles), "
                                                          "to score fusion apart from the event coder")
    parser.add_argument("--json", action="store_true", help="print one JSON object with every figure")
    return parser


def _contradictions_path(args: argparse.Namespace) -> Path:
    if args.contradictions:
        return Path(args.contradictions)
    gold = Path(args.gold)
    return gold.with_name(gold.name.replace("_gold.jsonl", "_contradictions.json"))


def _render(report: dict[str, Any]) -> None:
    b, c = report["bcubed"], report["contradictions"]
    print(f"matched events: {report['matched_events']} of {report['gold_events']} gold; "
          f"{report['stories']} predicted stories")
    print(f"B-cubed over matched events: P {b['precision']:.3f}  R {b['recall']:.3f}  F1 {b['f1']:.3f}")
    print(f"contradictions flagged: {c['flagged']} of {c['gold_pairs']} gold pairs ({c['flagged_share']:.1%}); "
          f"{c['flagged']} of {c['matched_pairs']} with both events matched ({c['flagged_share_of_matched']:.1%})")
    print(f"false contradictions: {c['false']} of {c['predicted_pairs']} predicted pairs = "
          f"{c['false_per_20_stories']:.2f} per 20 stories")


def run(argv: list[str]) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        gold_records = list(read_records(args.gold))
        contradictions_file = _contradictions_path(args)
        gold_pairs = json.loads(contradictions_file.read_text("utf-8"))["contradictions"] \
            if contradictions_file.is_file() else []
        ids = [str(r["id"]) for r in gold_records]
        with tempfile.TemporaryDirectory() as tmp:
            db_path = args.db
            if args.run or args.oracle:
                db_path = Path(tmp) / "stories.duckdb"
            if args.run:
                ingest_articles(args.run, db_path)
            elif args.oracle:
                from ..store.duckdb import Store

                with Store(db_path) as store:
                    store.ingest(gold_as_results(gold_records, args.oracle))
            events, story_of, pairs = predictions_from_db(db_path, ids)
    except (EventwireError, OSError, ValueError, KeyError) as exc:
        print(f"eventwire eval --stories: {exc}", file=sys.stderr)
        return 1
    report = score_stories(gold_records, gold_pairs, events, story_of, pairs)
    if args.json:
        print(json.dumps(report))
    else:
        _render(report)
    return 0
