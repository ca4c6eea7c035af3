"""Throughput and memory of eventwire against bare spaCy, measured in one run (``make bench``).

For each configuration a fresh process codes the same synthetic corpus (``make_corpus.py``);
this process samples the resident memory of that process and all its children (workers) and
keeps the peak. Configurations:

* ``spacy-N``: bare ``nlp.pipe`` with eventwire's model and ``n_process=N`` - the ceiling;
* ``local-N``: eventwire's whole pipeline with the local engine and N worker processes;
* ``dask-N``: the whole pipeline on a Dask LocalCluster of N single-threaded workers.

Results go to the ``Pipeline throughput`` section of ``docs/performance.md`` (other sections of
that file are left alone). Numbers are measurements, never asserted in tests.

    python benchmarks/bench_pipeline.py --articles 2000 --words 600
"""
from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
REPORT = HERE.parent / "docs" / "performance.md"
SECTION = "## Pipeline throughput (benchmarks/bench_pipeline.py)"
CONFIGS = ("spacy-1", "local-1", "spacy-2", "local-2", "dask-2")


# ---------------------------------------------------------------- one configuration, in a child

def _articles(corpus: Path):
    from eventwire.model import Article

    with corpus.open(encoding="utf-8") as lines:
        for line in lines:
            yield Article.from_dict(json.loads(line))


def run_one(config: str, corpus: Path, batch_size: int) -> dict:
    """Code ``corpus`` with ``config``. A configuration that codes in this process loads the model
    before the clock starts; worker processes load theirs on the clock, as they do in real runs."""
    from eventwire.settings import load_settings

    kind, workers = config.split("-")
    settings = load_settings(batch_size=batch_size)
    in_process = kind == "spacy" or (kind == "local" and workers == "1")
    nlp = _load_model(settings.model) if in_process else None  # spaCy is not even imported here otherwise
    words = sum(len(a.text.split()) for a in _articles(corpus))
    start, cpu_start = time.perf_counter(), _cpu_seconds()
    if kind == "spacy":
        count = sum(1 for _ in nlp.pipe((a.text for a in _articles(corpus)), batch_size=batch_size,
                                        n_process=int(workers)))
    else:
        from eventwire.pipeline import Pipeline
        from eventwire.scale import code_articles

        if in_process:  # stage modules imported before the clock, as the model is; with workers this
            Pipeline(settings=settings)  # process only reads and hands out articles, as `eventwire code` does
        count = sum(1 for _ in code_articles(_articles(corpus), settings, engine=kind, workers=int(workers)))
    return {"config": config, "articles": count, "words": words, "seconds": time.perf_counter() - start,
            "cpu_seconds": _cpu_seconds() - cpu_start}


def _load_model(name: str):
    from eventwire.nlp import load_model

    return load_model(name)


def _cpu_seconds() -> float:
    """CPU time of this process and of its ended (joined) worker processes: unlike the clock, it
    barely depends on what else the machine is running."""
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


# ---------------------------------------------------------------- the parent: run, watch memory, report

def _tree_rss(process: psutil.Process) -> int:
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except psutil.Error:  # a worker that just ended
            pass
    return total


def measure(config: str, corpus: Path, batch_size: int) -> dict:
    load = psutil.getloadavg()[0]
    child = subprocess.Popen([sys.executable, __file__, "--one", config, "--corpus", str(corpus),
                              "--batch-size", str(batch_size)], stdout=subprocess.PIPE, text=True)
    peak = 0
    watched = psutil.Process(child.pid)

    def watch() -> None:
        nonlocal peak
        while child.poll() is None:
            try:
                peak = max(peak, _tree_rss(watched))
            except psutil.Error:
                return
            time.sleep(0.2)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    out, _ = child.communicate()
    watcher.join()
    if child.returncode != 0:
        raise SystemExit(f"{config} failed (exit {child.returncode})")
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_rss_mb"] = peak / 2**20
    result["load"] = load
    return result


def _table(results: list[dict]) -> list[str]:
    bare = {r["config"].split("-")[1]: r for r in results if r["config"].startswith("spacy")}
    header = ("| configuration | articles | articles/s | words/s | vs bare spaCy, same processes | CPU ms/article "
              "| vs bare spaCy, CPU | peak RSS (MB) | load |")
    rows = [header, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        same = bare.get(r["config"].split("-")[1])
        ratio, cpu_ratio = (f"{_ratio(r, same, key):.2f}" if same and same is not r else "-"
                            for key in ("seconds", "cpu_seconds"))
        rows.append(f"| {r['config']} | {r['articles']} | {r['articles'] / r['seconds']:.2f} "
                    f"| {r['words'] / r['seconds']:.0f} | {ratio} | {1000 * r['cpu_seconds'] / r['articles']:.0f} "
                    f"| {cpu_ratio} | {r['peak_rss_mb']:.0f} | {r['load']:.1f} |")
    return rows


def _ratio(result: dict, bare: dict, cost: str) -> float:
    """Articles per unit of ``cost`` (seconds on the clock, or CPU seconds) relative to bare spaCy's."""
    return (result["articles"] / result[cost]) / (bare["articles"] / bare[cost])


def write_report(results: list[dict], args: argparse.Namespace, words: float) -> None:
    cpu = psutil.cpu_count(logical=True)
    setup = (f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()} with {cpu} cores, "
             f"{psutil.virtual_memory().total / 2**30:.0f} GB, Python {platform.python_version()}; "
             f"{results[0]['articles']} synthetic articles (`benchmarks/make_corpus.py`, median {args.words} "
             f"words, mean {words:.0f}), batch size {args.batch_size}. Peak RSS is the sum over the process and "
             f"its workers; load is the machine's 1-minute load average when the configuration started.")
    legend = ("`spacy-N` is bare `nlp.pipe` (same model, `n_process=N`); `local-N` and `dask-N` are "
              "eventwire's whole pipeline (every stage) with N worker processes. CPU is the time of the process and "
              "its worker processes while it coded: it depends far less than the clock on other jobs on the machine. "
              "Regenerate with `make bench`.")
    lines = [SECTION, "", setup, "", *_table(results), "", legend, ""]
    text = REPORT.read_text(encoding="utf-8") if REPORT.exists() else "# eventwire performance\n\n"
    if SECTION in text:  # replace our section, up to the next section of the same level
        before, _, rest = text.partition(SECTION)
        following = rest.find("\n## ")
        text = before + "\n".join(lines) + ("\n" + rest[following + 1:] if following >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + "\n".join(lines)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--configs", default=",".join(CONFIGS), help=f"comma-separated, of {', '.join(CONFIGS)}")
    parser.add_argument("--corpus", type=Path, help="an existing corpus (default: generated into build/)")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: run one configuration and print JSON
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one, args.corpus, args.batch_size)))
        return 0
    corpus = args.corpus or HERE.parent / "build" / f"bench-{args.articles}x{args.words}.jsonl"
    if not corpus.exists():
        sys.path.insert(0, str(HERE))
        from make_corpus import main as make_corpus

        corpus.parent.mkdir(parents=True, exist_ok=True)
        make_corpus(["--articles", str(args.articles), "--words", str(args.words), "-o", str(corpus)])
    results = []
    for config in args.configs.split(","):
        results.append(measure(config, corpus, args.batch_size))
        print(_table(results)[-1], flush=True)
    write_report(results, args, results[0]["words"] / results[0]["articles"])
    print(f"written to {REPORT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
