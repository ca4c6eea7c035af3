"""CPU time per pipeline stage, against bare ``nlp.pipe`` of the same model over the same texts.

One process: the pipeline is built and warmed up on a few articles first (model, dictionaries,
gazetteer), then every batch runs stage by stage with ``time.process_time`` around each stage
function. CPU time, not the clock, so other jobs on the machine matter little. Prints a table;
writes nothing (the figures go into docs/performance.md by hand).

    python benchmarks/bench_stages.py --articles 60 --batch-size 20
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
WARM_UP_ARTICLES = 3


def _corpus(articles: int, words: int) -> Path:
    corpus = HERE.parent / "build" / f"bench-{articles}x{words}.jsonl"
    if not corpus.exists():
        sys.path.insert(0, str(HERE))
        from make_corpus import main as make_corpus

        corpus.parent.mkdir(parents=True, exist_ok=True)
        make_corpus(["--articles", str(articles), "--words", str(words), "-o", str(corpus)])
    return corpus


def stage_seconds(pipeline, articles: list, batch_size: int) -> dict[str, float]:
    """CPU seconds each stage of ``pipeline`` spends on ``articles``, in batches of ``batch_size``."""
    spent: dict[str, float] = defaultdict(float)
    for first in range(0, len(articles), batch_size):
        records = [pipeline._record(a) for a in articles[first:first + batch_size]]
        for info in pipeline.stages:
            start = time.process_time()
            pipeline._run_stage(info, [r for r in records if not r.skip])
            spent[info.name] += time.process_time() - start
    return dict(spent)


def bare_seconds(nlp, texts: list[str], batch_size: int) -> float:
    start = time.process_time()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--batch-size", type=int, default=20)
    args = parser.parse_args(argv)

    from eventwire.model import Article
    from eventwire.nlp import PIPE_BATCH_SIZE, load_model
    from eventwire.pipeline import Pipeline
    from eventwire.settings import load_settings

    settings = load_settings(batch_size=args.batch_size)
    with _corpus(args.articles, args.words).open(encoding="utf-8") as lines:
        articles = [Article.from_dict(json.loads(line)) for line in lines]
    pipeline = Pipeline(settings=settings, on_error="raise")
    pipeline.process_batch(articles[:WARM_UP_ARTICLES])  # start-up costs stay out of the figures
    nlp = load_model(settings.model)
    bare = bare_seconds(nlp, [a.text for a in articles], min(args.batch_size, PIPE_BATCH_SIZE))
    spent = stage_seconds(pipeline, articles, args.batch_size)
    total = sum(spent.values())
    print(f"{len(articles)} articles, batches of {args.batch_size}; CPU seconds")
    for name, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"{name:<15} {seconds:7.2f} {100 * seconds / total:5.1f}%")
    print(f"{'whole pipeline':<15} {total:7.2f}\n{'bare nlp.pipe':<15} {bare:7.2f}\n"
          f"ratio (bare / pipeline, throughput) {bare / total:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
