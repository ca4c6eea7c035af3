"""Load test of `eventwire serve`: 200 concurrent loopback clients for 60 s, hostile filters mixed in.

Each client loops for the whole duration over the endpoints of bench_serve.py with filters from
its pool, and one request in ten carries an SQL-injection or oversized filter (which must get a
4xx envelope or an empty answer, never a 500 or a dropped connection). Reports requests, errors and p50/p95/p99
latency to docs/performance.md under "Load test". Loopback only.

    python benchmarks/bench_load.py --clients 200 --seconds 60 --events 100000
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

import bench_serve
from bench_serve import ENDPOINTS, filter_pool, free_port, start_server, write_section
from make_serve_db import build

HEADING = "## Load test (benchmarks/bench_load.py)"
HOSTILE = [{"actor": "' OR 1=1 --"}, {"text": "'; DROP TABLE events; --"}, {"outlet": "%' OR '%'='"},
           {"search": "\" OR \"\"=\""}, {"text": "x" * 20_000}, {"country": "RUS' --"}]


async def run_client(base: str, seconds: float, seed: int, latencies: list[float], failures: list[str]) -> None:
    rng = random.Random(seed)
    pool, makers = filter_pool(rng), list(ENDPOINTS.values())
    deadline = time.monotonic() + seconds
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        while time.monotonic() < deadline:
            hostile = rng.random() < 0.1
            path, params = ("/api/events", rng.choice(HOSTILE)) if hostile else rng.choice(makers)(rng.choice(pool), rng)
            started = time.perf_counter()
            try:
                response = await http.get(path, params=params)
                body = response.json()
                ok = response.status_code == 200 and body.get("ok") is True
                if hostile:  # refused with the error envelope, or answered with no match
                    ok = (400 <= response.status_code < 500 and body.get("ok") is False) or \
                        (ok and body.get("total") == 0)
                if not ok:
                    failures.append(f"{response.status_code} {path} {str(params)[:80]}")
            except (httpx.HTTPError, ValueError) as exc:
                failures.append(f"{type(exc).__name__} {path}")
            latencies.append((time.perf_counter() - started) * 1000)


async def load(base: str, clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    failures: list[str] = []
    started = time.perf_counter()
    await asyncio.gather(*(run_client(base, seconds, seed, latencies, failures) for seed in range(clients)))
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100)
    return {"requests": len(latencies), "errors": len(failures), "p50": cuts[49], "p95": cuts[94],
            "p99": cuts[98], "max": max(latencies), "rps": len(latencies) / elapsed, "seconds": elapsed,
            "examples": failures[:5]}


def section(result: dict, clients: int, events: int, cache: int) -> str:
    return "\n".join([
        HEADING, "",
        f"`eventwire serve` on a synthetic {events:,}-event database in its own process; {clients} concurrent "
        f"loopback clients (httpx, asyncio) in another for {result['seconds']:.0f} s, each looping over the "
        f"endpoints with random filters, one request in ten hostile (SQL injection, oversized); serve "
        f"--cache {cache}; 2 cores "
        f"({os.uname().machine}), Python {sys.version.split()[0]}.", "",
        "| requests | errors | p50 ms | p95 ms | p99 ms | max ms | requests/s |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        f"| {result['requests']} | {result['errors']} | {result['p50']:.0f} | {result['p95']:.0f} | "
        f"{result['p99']:.0f} | {result['max']:.0f} | {result['rps']:.0f} |", ""])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--cache", type=int, default=4096, help="serve --cache (4096 as shipped, 0 = none)")
    parser.add_argument("--no-write", action="store_true", help="print, do not update docs/performance.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        db = Path(tmp) / "load.duckdb"
        build(db, args.events)
        port = free_port()
        server = start_server(db, port, args.cache)
        try:
            result = asyncio.run(load(f"http://127.0.0.1:{port}", args.clients, args.seconds))
        finally:
            server.terminate()
            server.wait(timeout=60)
    print({k: (round(v, 1) if isinstance(v, float) else v) for k, v in result.items()})
    text = section(result, args.clients, args.events, args.cache)
    if not args.no_write:
        _write(text)
    return 1 if result["errors"] else 0


def _write(text: str) -> None:
    saved = bench_serve.HEADING
    bench_serve.HEADING = HEADING  # write_section replaces the section under bench_serve.HEADING
    try:
        write_section(text)
    finally:
        bench_serve.HEADING = saved


if __name__ == "__main__":
    sys.exit(main())
