"""Write docs/accuracy.md: every `eventwire eval` figure on every dev file (`make accuracy`).

usage: python scripts/accuracy_report.py [--eval-dir ../shared/eval] [--out docs/accuracy.md]

Runs each evaluation mode through the real pipeline with `--json`, then renders one section per
file with its headline figures and, for events, the five largest error classes from --explain.
The dev files are read where they lie; nothing of them is copied into the report but figures.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVENTWIRE = [sys.executable, "-m", "eventwire", "eval"]

# (title, gold file, input to code, extra mode flag)
EVENT_FILES = (("Reference article", "seed_gold.jsonl", "seed.jsonl"),
               ("Real multi-outlet news", "news_dev_gold.jsonl", "news_dev.jsonl"))
STORIES = ("news_dev_gold.jsonl", "news_dev.jsonl")  # gold events with clusters (+ _contradictions.json), articles
MODE_FILES = (("Attribution (PolNeAR)", "--attribution", "attribution_dev.jsonl"),
              ("Time expressions (MEANTIME)", "--timex", "timex_dev.jsonl"),
              ("Event types (CASE 2021)", "--types", "case2021_dev.tsv"))


def run_json(args: list[str]) -> dict:
    done = subprocess.run(EVENTWIRE + args + ["--json"], capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    text = done.stdout.strip()
    return json.loads(text[text.index("{"):]) if "{" in text else {"error": "no JSON printed"}


def error_classes(report: dict) -> list[tuple[str, int]]:
    """Why gold events were missed (first reason of each) and how many predictions were spurious."""
    reasons = Counter((m.get("why") or ["no candidate"])[0].split(" (")[0] for m in report.get("missed", []))
    reasons["spurious prediction (no gold event)"] = len(report.get("spurious", []))
    return reasons.most_common(5)


def events_section(title: str, gold: Path, source: Path) -> list[str]:
    report = run_json([str(gold), "--run", str(source), "--explain"])
    if "error" in report:
        return [f"## {title} (`{gold.name}`)", "", f"not scored: {report['error']}", ""]
    lenient, strict = report["lenient"], report["strict"]
    lines = [f"## {title} (`{gold.name}`)", "",
             f"`eventwire eval {gold.name} --run {source.name}`: {report['gold_events']} gold events, "
             f"{report['pred_events']} predicted.", "",
             "| match | precision | recall | F1 |", "|---|---:|---:|---:|",
             f"| lenient | {lenient['precision']} | {lenient['recall']} | {lenient['f1']} |",
             f"| strict | {strict['precision']} | {strict['recall']} | {strict['f1']} |", "",
             "Qualifiers on matched events (where gold states them):", "",
             "| qualifier | accuracy | pairs |", "|---|---:|---:|"]
    lines += [f"| {name} | {acc} | {n} |" for name, (acc, n) in report["qualifiers_on_matches"].items()]
    lines += ["", "Five largest error classes:", ""]
    lines += [f"{i}. {name}: {count}" for i, (name, count) in enumerate(error_classes(report), 1)]
    return lines + [""]


def stories_section(gold: Path, source: Path) -> list[str]:
    """Story clusters and contradictions, fused from the coder's events (--run) and from the gold
    events themselves (--oracle: the fusion rules apart from the coder)."""
    lines = [f"## Stories and contradictions (`{gold.name}`)", "",
             "| events fused | matched events | stories | B-cubed F1 | gold pairs flagged | false pairs | "
             "false per 20 stories |", "|---|---:|---:|---:|---:|---:|---:|"]
    for flag, name in (("--run", "coder's (`--run`)"), ("--oracle", "gold (`--oracle`)")):
        report = run_json(["--stories", str(gold), flag, str(source)])
        if "error" in report:
            lines.append(f"| {name} | not scored: {report['error']} | | | | | |")
            continue
        c = report["contradictions"]
        lines.append(f"| {name} | {report['matched_events']} of {report['gold_events']} | {report['stories']} | "
                     f"{report['bcubed']['f1']} | {c['flagged']} of {c['gold_pairs']} ({c['flagged_share']:.1%}) | "
                     f"{c['false']} of {c['predicted_pairs']} | {c['false_per_20_stories']} |")
    return lines + ["", "Why the coder's pairs are missed or false: [stories.md](stories.md).", ""]


def mode_section(title: str, flag: str, gold: Path) -> list[str]:
    report = run_json([flag, str(gold)])
    lines = [f"## {title} (`{gold.name}`)", "", f"`eventwire eval {flag} {gold.name}`:", ""]
    if "error" in report:
        return lines + [f"not scored: {report['error']}", ""]
    lines += ["| figure | value |", "|---|---:|"] + [f"| {k} | {v} |" for k, v in _figures(report)]
    return lines + [""]


def _figures(report: dict, prefix: str = "", depth: int = 0) -> list[tuple[str, object]]:
    """Scalar figures of a report, nested ones named by their path ("types.DATE.recall")."""
    found: list[tuple[str, object]] = []
    for key, value in report.items():
        name = f"{prefix}{key}"
        if isinstance(value, (int, float, str)) and not isinstance(value, bool):
            found.append((name, value))
        elif isinstance(value, dict) and depth < 2:
            found.extend(_figures(value, name + ".", depth + 1))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", default=str(ROOT.parent / "shared" / "eval"))
    parser.add_argument("--out", default=str(ROOT / "docs" / "accuracy.md"))
    args = parser.parse_args(argv)
    folder = Path(args.eval_dir)
    if not folder.is_dir():
        print(f"accuracy: no evaluation folder at {folder}", file=sys.stderr)
        return 2
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = ["# eventwire accuracy", "",
             f"Every figure of `eventwire eval` on the dev files, regenerated by `make accuracy` ({stamp}).", ""]
    for title, gold, source in EVENT_FILES:
        lines += events_section(title, folder / gold, folder / source)
    lines += stories_section(folder / STORIES[0], folder / STORIES[1])
    for title, flag, gold in MODE_FILES:
        lines += mode_section(title, flag, folder / gold)
    Path(args.out).write_text("\n".join(lines), encoding="utf-8")
    print(f"accuracy: wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
