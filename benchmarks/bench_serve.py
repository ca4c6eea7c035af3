"""Latency of `eventwire serve` on a synthetic 1,000,000-event database, 1 and 20 concurrent loopback clients.

Builds the database (make_serve_db.py), starts `eventwire serve` in its own process on a free
loopback port, and for each endpoint sends requests from one client (single-request latency, what
a loaded machine disturbs least), then a fixed number from 20 concurrent clients. Each request
draws fresh filters (no filter, a country, a QuadClass, a date range of 1-60 days anywhere in the two
years, a PLOVER type, an actor, combinations), so the server's answer memory rarely helps: its hits
are counted and reported. Writes p50/p95/p99 latency, errors and throughput to docs/performance.md
under "Server latency", with the load average before and after. Only loopback traffic; bounded.
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
from datetime import date, timedelta
from pathlib import Path

import httpx

from make_serve_db import COUNTRIES, SECTORS, WORDS, build

HERE = Path(__file__).resolve().parent
REPORT = HERE.parent / "docs" / "performance.md"
HEADING = "## Server latency (benchmarks/bench_serve.py)"
PLOVER = ["ASSAULT", "ACCUSE", "CONSULT", "COERCE", "SANCTION", "AID", "PROTEST", "THREATEN", "COOPERATE"]


def random_filters(rng: random.Random) -> dict:
    """The filters a dashboard user sets, drawn afresh for each request."""
    start = date(2024, 1, 1) + timedelta(days=rng.randrange(700))
    choices = [
        {},
        {"country": rng.choice(COUNTRIES)},
        {"quad_class": rng.randint(1, 4)},
        {"since": start.isoformat(), "until": (start + timedelta(days=rng.randint(0, 59))).isoformat()},
        {"plover": rng.choice(PLOVER)},
        {"actor": rng.choice(COUNTRIES) + rng.choice([s for s in SECTORS if s])},
        {"country": rng.choice(COUNTRIES), "quad_class": rng.randint(1, 4)},
    ]
    return rng.choice(choices)


def filter_pool(rng: random.Random, size: int = 200) -> list[dict]:
    """A fixed set of filters (bench_load.py's clients draw from one)."""
    return [random_filters(rng) for _ in range(size)]


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
    plan = [make(random_filters(rng), rng) for _ in range(requests)]
    latencies: list[float] = []
    errors = hits = 0

    async def client(chunk: list) -> None:
        nonlocal errors, hits
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            for path, params in chunk:
                started = time.perf_counter()
                try:
                    response = await http.get(path, params=params)
                    ok = response.status_code == 200 and response.json().get("ok") is True
                    hits += response.headers.get("x-eventwire-cache") == "hit"
                except httpx.HTTPError:
                    ok = False
                latencies.append((time.perf_counter() - started) * 1000)
                errors += not ok

    started = time.perf_counter()
    await asyncio.gather(*(client(plan[i::clients]) for i in range(clients)))
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100)
    return {"requests": len(latencies), "errors": errors, "hits": hits, "p50": cuts[49], "p95": cuts[94],
            "p99": cuts[98], "max": max(latencies), "rps": len(latencies) / elapsed}


def section(runs: dict, events: int, clients: int, prepare_s: float, loads: tuple[str, str]) -> str:
    lines = [HEADING, "",
             f"`make bench-serve`: {events:,} synthetic events (`benchmarks/make_serve_db.py`), `eventwire serve` in its "
             f"own process, 1 then {clients} concurrent clients on loopback (httpx, asyncio) in another; 2 cores "
             f"({os.uname().machine}), Python {sys.version.split()[0]}; each request draws fresh dashboard-like filters "
             "(none, country, QuadClass, a 1-60 day range, PLOVER type, actor, country + QuadClass). "
             f"The server's snapshot of the file (copy, events sorted by day, rollups, full-text index) took "
             f"{prepare_s:.0f} s before the first answer. Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
             f"load average (1, 5, 15 min) {loads[0]} at the start and {loads[1]} at the end: the machine's 2 cores "
             "also ran the client and whatever else was running.", "",
             "`uncached` is `--cache 0` (every request a DuckDB query); `cached` is `eventwire serve` as shipped, whose "
             "answer memory helps only when a request repeats (`hits`).", "",
             "What makes the queries fast (`src/eventwire/store/serving.py`, `src/eventwire/query.py`): the snapshot's "
             "events are a table sorted by day in row groups of 16,384 rows, so a date range reads only its days; "
             "rollups (events and Goldstein sums per day x QuadClass x PLOVER x CAMEO root, the same per country, per "
             "actor pair) answer totals, timelines, the map and the network whenever every filter is on their "
             "dimensions; a page in date order is bounded to the days that hold it (the rollups say which), its keys "
             "found first and only its own rows then read in full; the actor "
             "filter compares events with the few codes and names it matches; a ranked search reads the fts "
             "extension's own index tables for its terms only (BM25 as its `match_bm25` macro computes it) and "
             "reads just the page's events.", "",
             "| server | endpoint | clients | requests | errors | hits | p50 ms | p95 ms | p99 ms | max ms | requests/s |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for label, rows in runs.items():
        for (name, count), r in rows.items():
            lines.append(f"| {label} | {name} | {count} | {r['requests']} | {r['errors']} | {r['hits']} | {r['p50']:.1f} "
                         f"| {r['p95']:.1f} | {r['p99']:.1f} | {r['max']:.1f} | {r['rps']:.0f} |")
    return "\n".join(lines) + "\n"


def load_average() -> str:
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


def write_section(text: str) -> None:
    report = REPORT.read_text("utf-8") if REPORT.exists() else "# eventwire performance\n"
    pattern = re.compile(re.escape(HEADING) + r".*?(?=\n## |\Z)", re.S)
    # the pattern stops before the newline that ends the section: one more keeps a blank line before the next
    report = (pattern.sub(lambda _: text.rstrip("\n") + "\n", report) if pattern.search(report)
              else report.rstrip("\n") + "\n\n" + text)
    REPORT.write_text(report, "utf-8")


def measure(db: Path, cache: int, requests: int, clients: int) -> tuple[dict, float]:
    """Start a server, send every endpoint its requests (one client, then ``clients``), stop it;
    returns the figures and the start-up time."""
    port = free_port()
    started = time.perf_counter()
    server = start_server(db, port, cache)
    prepare_s = time.perf_counter() - started
    try:
        base = f"http://127.0.0.1:{port}"
        rows = {}
        for i, (name, make) in enumerate(ENDPOINTS.items()):
            count = requests // 20 if "search" in name else requests  # half the sentences match any two words
            asyncio.run(hammer(base, make, 20, 1, seed=1000 + i))  # warm-up
            for concurrent, seed in ((1, 2000 + i), (clients, i)):
                sent = max(20, count // 10) if concurrent == 1 else count
                rows[name, concurrent] = asyncio.run(hammer(base, make, sent, concurrent, seed=seed))
                print(cache, name, concurrent, {k: round(v, 1) for k, v in rows[name, concurrent].items()}, flush=True)
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
    parser.add_argument("--servers", default="uncached,cached", help="which servers to measure (uncached, cached)")
    args = parser.parse_args()
    loads = [load_average()]
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        db = args.db or Path(tmp) / "serve.duckdb"
        if args.db is None:
            build(db, args.events)
        runs = {}
        for label in args.servers.split(","):
            runs[label], prepare_s = measure(db, {"uncached": 0, "cached": 4096}[label], args.requests, args.clients)
    loads.append(load_average())
    text = section(runs, args.events, args.clients, prepare_s, tuple(loads))
    print(text)
    if not args.no_write:
        write_section(text)


if __name__ == "__main__":
    main()
