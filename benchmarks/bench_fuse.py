"""Story-fusion benchmark: fuse 100k, 300k and 1M synthetic event reports (``make_reports.py``).

Each size runs in its own process, so its peak memory (max RSS) is its own; generating the
reports is not timed. Results go to ``docs/performance.md`` under "Story fusion".
Run: ``make bench-fuse`` (or ``python benchmarks/bench_fuse.py [--sizes 100000 ...]``).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPORT = HERE.parent / "docs" / "performance.md"
HEADING = "## Story fusion (benchmarks/bench_fuse.py)"


def fuse_once(count: int) -> dict:
    import duckdb

    sys.path.insert(0, str(HERE))
    from make_reports import make_reports

    from eventwire.fuse import fuse

    reports = make_reports(count)
    con = duckdb.connect()
    con.register("reports", reports)
    started = time.perf_counter()
    fuse(con, "reports")
    seconds = time.perf_counter() - started
    stories, pairs = (con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                      for t in ("_fused_stories", "_fused_contradictions"))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"reports": count, "seconds": round(seconds, 2), "stories": stories, "contradictions": pairs,
            "peak_mb": round(peak_mb)}


def _run_in_child(count: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--one", str(count)], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _section(rows: list[dict]) -> str:
    base = rows[0]
    lines = [HEADING, "",
             f"Fusing synthetic event reports in DuckDB on {os.cpu_count()} cores ({platform.processor() or platform.machine()}), "
             f"Python {platform.python_version()}; one process per size, peak memory = its max RSS "
             f"(generation of the reports included, timing excluded).", "",
             "| reports | seconds | per million | x time vs 100k | stories | contradiction pairs | peak MB |",
             "|---:|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        lines.append(f"| {row['reports']:,} | {row['seconds']:.2f} | {row['seconds'] / row['reports'] * 1e6:.1f} | "
                     f"{row['seconds'] / base['seconds']:.1f} (size x{row['reports'] / base['reports']:.0f}) | "
                     f"{row['stories']:,} | {row['contradictions']:,} | {row['peak_mb']:,} |")
    return "\n".join(lines) + "\n"


def write_section(section: str) -> None:
    text = REPORT.read_text("utf-8") if REPORT.exists() else "# eventwire performance\n"
    pattern = re.compile(re.escape(HEADING) + r".*?(?=\n## |\Z)", re.S)
    # the section keeps one blank line before the heading that follows it
    if pattern.search(text):
        text = pattern.sub(section.rstrip("\n") + "\n", text)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(text, "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 300_000, 1_000_000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(fuse_once(args.one)))
        return
    rows = [_run_in_child(n) for n in args.sizes]
    section = _section(rows)
    print(section)
    write_section(section)


if __name__ == "__main__":
    main()
