"""Latency of `eventwire serve` on a synthetic 1,000,000-event database, 20 concurrent loopback clients.

Builds the database (make_serve_db.py), starts `eventwire serve` in its own process on a free
loopback port, and for each endpoint sends a fixed number of requests from 20 concurrent clients,
each request with filters drawn from a pool (no filter, a country, a QuadClass, a month, a PLOVER
type, an actor, combinations). Writes p50/p95/p99 latency, errors and throughput to
docs/performance.md under "Server latency". Only loopback traffic; bounded in count and time.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from make_serve_db import COUNTRIES, SECTORS, WORDS, build

HERE = Path(__file__).resolve().parent
REPORT = HERE.parent / "docs" / "performance.md"
HEADING = "## Server latency (benchmarks/bench_serve.py)"
PLOVER = ["ASSAULT", "ACCUSE", "CONSULT", "COERCE", "SANCTION", "AID", "PROTEST", "THREATEN", "COOPERATE"]


def filter_pool(rng: random.Random, size: int = 200) -> list[dict]:
    """The filters a dashboard user sets, one dict per request."""
    def one() -> dict:
        month = rng.randrange(24)
        choices = [
            {},
            {"country": rng.choice(COUNTRIES)},
            {"quad_class": rng.randint(1, 4)},
            {"since": f"{2024 + month // 12}-{month % 12 + 1:02d}-01", "until": f"{2024 + month // 12}-{month % 12 + 1:02d}-28"},
            {"plover": rng.choice(PLOVER)},
            {"actor": rng.choice(COUNTRIES) + rng.choice([s for s in SECTORS if s])},
            {"country": rng.choice(COUNTRIES), "quad_class": rng.randint(1, 4)},
        ]
        return rng.choice(choices)
    return [one() for _ in range(size)]


ENDPOINTS = {
    "events (page of 50 + total)": lambda f, rng: ("/api/events", {**f, "limit": 50, "order": rng.choice(["-date", "date"])}),
    "events, full-text search": lambda f, rng: ("/api/events", {"search": " ".join(rng.sample(WORDS, 2)), "limit": 50}),
    "aggregates/quad_class (timeline)": lambda f, rng: ("/api/aggregates/quad_class", f),
    "aggregates/country (map)": lambda f, rng: ("/api/aggregates/country", f),
    "network (top 150 edges)": lambda f, rng: ("/api/network", {**f, "top": 150}),
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db: Path, port: int, cache: int) -> subprocess.Popen:
    server = subprocess.Popen([sys.executable, "-m", "eventwire", "serve", "--db", str(db), "--port", str(port),
                               "--refresh", "3600", "--cache", str(cache)], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 900
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/meta", timeout=5).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        if server.poll() is not None:
            raise RuntimeError(f"server exited: {server.stderr.read()}")
        time.sleep(0.5)
    server.kill()
    raise RuntimeError("server did not answer within 15 minutes")


async def hammer(base: str, make, requests: int, clients: int, seed: int) -> dict:
    rng = random.Random(seed)
    pool = filter_pool(rng)
    plan = [make(rng.choice(pool), rng) for _ in range(requests)]
    latencies: list[float] = []
    errors = 0

    async def client(chunk: list) -> None:
        nonlocal errors
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            for path, params in chunk:
                started = time.perf_counter()
                try:
                    response = await http.get(path, params=params)
                    ok = response.status_code == 200 and response.json().get("ok") is True
                except httpx.HTTPError:
                    ok = False
                latencies.append((time.perf_counter() - started) * 1000)
                errors += not ok

    started = time.perf_counter()
    await asyncio.gather(*(client(plan[i::clients]) for i in range(clients)))
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100)
    return {"requests": len(latencies), "errors": errors, "p50": cuts[49], "p95": cuts[94], "p99": cuts[98],
            "max": max(latencies), "rps": len(latencies) / elapsed}


def section(runs: dict, events: int, clients: int, prepare_s: float) -> str:
    lines = [HEADING, "",
             f"`make bench-serve`: {events:,} synthetic events (`benchmarks/make_serve_db.py`), `eventwire serve` in its "
             f"own process, {clients} concurrent clients on loopback (httpx, asyncio) in another; 2 cores "
             f"({os.uname().machine}), Python {sys.version.split()[0]}; filters drawn per request from 200 "
             "dashboard-like combinations (none, country, QuadClass, month, PLOVER type, actor, country + QuadClass). "
             f"The server's snapshot of the file (copy, events sorted by day, full-text index) took {prepare_s:.0f} s "
             f"before the first answer. Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average at "
             f"the start {os.getloadavg()[0]:.1f}.", "",
             "`cached` is `eventwire serve` as shipped (answers remembered per snapshot, so a repeated dashboard "
             "question costs no query); `uncached` is `--cache 0`, every request a DuckDB query.", "",
             "| server | endpoint | requests | errors | p50 ms | p95 ms | p99 ms | max ms | requests/s |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for label, rows in runs.items():
        for name, r in rows.items():
            lines.append(f"| {label} | {name} | {r['requests']} | {r['errors']} | {r['p50']:.1f} | {r['p95']:.1f} "
                         f"| {r['p99']:.1f} | {r['max']:.1f} | {r['rps']:.0f} |")
    return "\n".join(lines) + "\n"


def write_section(text: str) -> None:
    report = REPORT.read_text("utf-8") if REPORT.exists() else "# eventwire performance\n"
    pattern = re.compile(re.escape(HEADING) + r".*?(?=\n## |\Z)", re.S)
    report = pattern.sub(text.rstrip("\n"), report) if pattern.search(report) else report.rstrip("\n") + "\n\n" + text
    REPORT.write_text(report, "utf-8")


def measure(db: Path, cache: int, requests: int, clients: int) -> tuple[dict, float]:
    """Start a server, send every endpoint its requests, stop it; returns the figures and the start-up time."""
    port = free_port()
    started = time.perf_counter()
    server = start_server(db, port, cache)
    prepare_s = time.perf_counter() - started
    try:
        base = f"http://127.0.0.1:{port}"
        rows = {}
        for i, (name, make) in enumerate(ENDPOINTS.items()):
            asyncio.run(hammer(base, make, clients * 5, clients, seed=1000 + i))  # warm-up
            count = requests // 10 if "search" in name else requests  # BM25 over every sentence: slow, fewer
            rows[name] = asyncio.run(hammer(base, make, count, clients, seed=i))
            print(cache, name, {k: round(v, 1) for k, v in rows[name].items()}, flush=True)
    finally:
        server.terminate()
        server.wait(timeout=60)
    return rows, prepare_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=2000, help="per endpoint")
    parser.add_argument("--db", type=Path, help="reuse this database instead of building one")
    parser.add_argument("--no-write", action="store_true", help="print, do not update docs/performance.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        db = args.db or Path(tmp) / "serve.duckdb"
        if args.db is None:
            build(db, args.events)
        runs = {}
        for label, cache in (("cached", 4096), ("uncached", 0)):
            runs[label], prepare_s = measure(db, cache, args.requests, args.clients)
    text = section(runs, args.events, args.clients, prepare_s)
    print(text)
    if not args.no_write:
        write_section(text)


if __name__ == "__main__":
    main()
