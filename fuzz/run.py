"""`make fuzz`: many generated hostile inputs through the readers and the whole code path.

Hypothesis draws inputs too slowly for 100,000 files through spaCy, so this run draws them
from a seeded ``random.Random`` over the same vocabulary and file builders as
``fuzz.strategies`` and checks the same invariants (``fuzz.targets``). Each worker process
takes a share of the inputs; an input that breaks an invariant or raises is saved under
``fuzz/crashes/`` and counted, and the run goes on.

    python -m fuzz.run --inputs 100000 --workers 2
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from fuzz.strategies import HOSTILE, NEWS, feed, html_page, warc
from fuzz.targets import check_pipeline, check_readers, write_inputs

CRASHES = Path(__file__).resolve().parent / "crashes"
_GLUE = ["", " ", "\n", "\n\n", "\t", ". "]
_CHUNK = 64  # files per pipeline call


def random_text(rng: random.Random, max_pieces: int = 12) -> str:
    pieces = []
    for _ in range(rng.randint(0, max_pieces)):
        roll = rng.random()
        if roll < 0.45:
            piece = rng.choice(NEWS)
        elif roll < 0.8:
            piece = rng.choice(HOSTILE)
        else:
            piece = "".join(chr(rng.choice([rng.randint(0, 0x7F), rng.randint(0x80, 0x2FFF),
                                            rng.randint(0x3000, 0x10FFFF)])) for _ in range(rng.randint(1, 20)))
        pieces.append(piece + rng.choice(_GLUE))
    return "".join(pieces)


def _random_value(rng: random.Random):
    return rng.choice([None, True, 3, -1.5, float("nan"), [], {}, [random_text(rng, 2)], {"a": 1},
                       random_text(rng, 3)])


def random_jsonl(rng: random.Random) -> bytes:
    lines = []
    for _ in range(rng.randint(1, 4)):
        obj = {"id": rng.choice([f"id{rng.randint(0, 10**6)}", rng.randint(0, 99), random_text(rng, 1)]),
               "text": random_text(rng)}
        for key in ("published", "title", "url", "outlet"):
            if rng.random() < 0.5:
                obj[key] = random_text(rng, 2) if rng.random() < 0.8 else _random_value(rng)
        if rng.random() < 0.1:
            obj[rng.choice(["id", "text"])] = _random_value(rng)
        line = json.dumps(obj, ensure_ascii=rng.random() < 0.5)
        if rng.random() < 0.1:
            line = line[:rng.randint(0, len(line))]
        lines.append(line.encode("utf-8", errors="surrogatepass").replace(b"\n", b" "))
    return b"\n".join(lines)


def random_file(rng: random.Random) -> tuple[str, bytes]:
    kind = rng.choice(["jsonl", "jsonl", "txt", "html", "rss", "warc.gz", "binary"])
    encode = lambda text: text.encode("utf-8", errors="surrogatepass")  # noqa: E731
    if kind == "jsonl":
        data = random_jsonl(rng)
    elif kind == "txt":
        data = encode(random_text(rng))
    elif kind == "html":
        data = html_page(random_text(rng, 2), random_text(rng))
    elif kind == "rss":
        data = feed([(random_text(rng, 2), random_text(rng)) for _ in range(rng.randint(1, 3))])
    elif kind == "warc.gz":
        data = warc(html_page(random_text(rng, 2), random_text(rng)))
    else:
        kind, data = rng.choice(["txt", "jsonl", "html"]), rng.randbytes(rng.randint(1, 300))
    roll = rng.random()
    if roll < 0.1 and data:
        data = data[:rng.randrange(len(data))]
    elif roll < 0.2 and data:
        at = rng.randrange(len(data))
        data = data[:at] + bytes([data[at] ^ rng.randint(1, 255)]) + data[at + 1:]
    return kind, data


def fuzz_share(seed: int, inputs: int) -> dict:
    """Run ``inputs`` generated files from ``seed``; counts and the crashes found."""
    import logging

    from eventwire.pipeline import Pipeline

    logging.disable(logging.CRITICAL)  # trafilatura logs every junk page it discards
    rng, pipeline = random.Random(seed), Pipeline()
    done = articles = crashes = violations = 0
    while done < inputs:
        files = [random_file(rng) for _ in range(min(_CHUNK, inputs - done))]
        try:
            with tempfile.TemporaryDirectory() as folder:
                found = check_readers(write_inputs(Path(folder), files), files)
            articles += len(check_pipeline(pipeline, found))
        except AssertionError:  # an invariant of fuzz.targets broken: a wrong answer, not a crash
            violations += 1
            _save_crash(seed, done, files, traceback.format_exc())
        except Exception:  # noqa: BLE001 - the point of the run: record it and go on
            crashes += 1
            _save_crash(seed, done, files, traceback.format_exc())
        done += len(files)
    return {"inputs": done, "articles": articles, "crashes": crashes, "violations": violations}


def _save_crash(seed: int, offset: int, files: list[tuple[str, bytes]], trace: str) -> None:
    CRASHES.mkdir(exist_ok=True)
    folder = CRASHES / f"seed{seed}-{offset}"
    folder.mkdir(exist_ok=True)
    write_inputs(folder, files)
    (folder / "traceback.txt").write_text(trace, encoding="utf-8")
    print(f"crash: {folder}\n{trace.splitlines()[-1]}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fuzz.run", description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    started = time.monotonic()
    shares = [args.inputs // args.workers + (i < args.inputs % args.workers) for i in range(args.workers)]
    with ProcessPoolExecutor(args.workers) as pool:
        counts = list(pool.map(fuzz_share, [args.seed + i for i in range(args.workers)], shares))
    total = {key: sum(c[key] for c in counts) for key in counts[0]}
    elapsed = time.monotonic() - started
    print(f"fuzz: {total['inputs']} inputs ({total['articles']} articles) through readers and pipeline, "
          f"{total['crashes']} unhandled exceptions, {total['violations']} broken invariants, {elapsed:.0f} s")
    return 1 if total["crashes"] or total["violations"] else 0


if __name__ == "__main__":
    sys.exit(main())
