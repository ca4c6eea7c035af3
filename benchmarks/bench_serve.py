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

import aiohttp
import httpx
import orjson
import psutil

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


def start_server(db: Path, port: int, cache: int, workers: int | None = None) -> subprocess.Popen:
    """``eventwire serve`` on ``port`` (its default number of workers unless ``workers`` is given)."""
    command = [sys.executable, "-m", "eventwire", "serve", "--db", str(db), "--port", str(port),
               "--refresh", "3600", "--cache", str(cache)]
    server = subprocess.Popen(command + (["--workers", str(workers)] if workers else []), stderr=subprocess.PIPE,
                              text=True)
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


def process_cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) a process and its children (the server's workers) have used so far."""
    total = 0.0
    parent = psutil.Process(pid)
    for process in (parent, *parent.children(recursive=True)):
        try:
            times = process.cpu_times()
        except psutil.Error:  # a worker that just exited
            continue
        total += times.user + times.system
    return total


async def hammer(base: str, make, requests: int, clients: int, seed: int, server_pid: int | None = None) -> dict:
    """Send ``requests`` requests from ``clients`` closed-loop clients (each waits for its answer before asking
    again) over one keep-alive connection each; aiohttp's C parser keeps the client's own CPU per request well
    below the server's, so the figures measure the server rather than the client sharing its cores."""
    rng = random.Random(seed)
    plan = [make(random_filters(rng), rng) for _ in range(requests)]
    latencies: list[float] = []
    errors = hits = 0

    async def client(http: aiohttp.ClientSession, chunk: list) -> None:
        nonlocal errors, hits
        for path, params in chunk:
            started = time.perf_counter()
            try:
                async with http.get(path, params={k: str(v) for k, v in params.items()}) as response:
                    body = await response.read()
                    ok = response.status == 200 and orjson.loads(body).get("ok") is True
                    hits += response.headers.get("x-eventwire-cache") == "hit"
            except (aiohttp.ClientError, asyncio.TimeoutError, orjson.JSONDecodeError):
                ok = False
            latencies.append((time.perf_counter() - started) * 1000)
            errors += not ok

    connector = aiohttp.TCPConnector(limit=clients)
    async with aiohttp.ClientSession(base, connector=connector, timeout=aiohttp.ClientTimeout(total=30)) as http:
        server_cpu = process_cpu_seconds(server_pid) if server_pid else 0.0
        client_cpu, started = time.process_time(), time.perf_counter()
        await asyncio.gather(*(client(http, plan[i::clients]) for i in range(clients)))
        elapsed = time.perf_counter() - started
        client_cpu = time.process_time() - client_cpu
        server_cpu = process_cpu_seconds(server_pid) - server_cpu if server_pid else float("nan")
    cuts = statistics.quantiles(latencies, n=100)
    return {"requests": len(latencies), "errors": errors, "hits": hits, "p50": cuts[49], "p95": cuts[94],
            "p99": cuts[98], "max": max(latencies), "rps": len(latencies) / elapsed,
            "server_ms": 1000 * server_cpu / len(latencies), "client_ms": 1000 * client_cpu / len(latencies)}


def section(runs: dict, events: int, clients: int, prepare_s: float, loads: tuple[str, str], workers: str) -> str:
    lines = [HEADING, "",
             f"`make bench-serve`: {events:,} synthetic events (`benchmarks/make_serve_db.py`), `eventwire serve` "
             f"({workers}) in its own processes, 1 then {clients} concurrent clients on loopback (aiohttp, asyncio, one "
             f"keep-alive connection each) in another; {os.cpu_count()} cores "
             f"({os.uname().machine}), Python {sys.version.split()[0]}; each request draws fresh dashboard-like filters "
             "(none, country, QuadClass, a 1-60 day range, PLOVER type, actor, country + QuadClass). "
             f"The server's snapshot of the file (copy, events sorted by day, rollups, events as JSON, full-text index), "
             f"built once for all workers, took "
             f"{prepare_s:.0f} s before the first answer. Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
             f"load average (1, 5, 15 min) {loads[0]} at the start and {loads[1]} at the end: the machine's cores "
             "also ran the client and whatever else was running.", "",
             "`uncached` is `--cache 0` (every request a DuckDB query); `cached` is `eventwire serve` as shipped, whose "
             "answer memory helps only when a request repeats (`hits`).", "",
             "What makes the queries fast (`src/eventwire/store/serving.py`, `src/eventwire/query.py`): the snapshot's "
             "events are a table sorted by day in row groups of 16,384 rows, so a date range reads only its days; "
             "rollups (events and Goldstein sums per day x QuadClass x PLOVER x CAMEO root, the same per country, per "
             "actor pair, per actor pair and QuadClass or PLOVER type) answer totals, timelines, the map and the "
             "network whenever every filter is on their "
             "dimensions; a page in date order is bounded to the days that hold it (the rollups say which), its keys "
             "found first and then only its rows' JSON texts read (`event_json`, written by DuckDB's `to_json` when "
             "the snapshot is built); timelines, the map and the network are DuckDB's `to_json` of their rows; the actor "
             "filter compares events with the few codes and names it matches; a ranked search reads the fts "
             "extension's own index tables for its terms only (BM25 as its `match_bm25` macro computes it) and "
             "reads just the page's events.", "",
             "`server CPU` and `client CPU` are the CPU milliseconds per request of the server's processes (all "
             "workers, DuckDB's threads included) and of the benchmark's client: on a shared machine they say more "
             "than the wall-clock figures, and with 20 closed-loop clients p95 is about 1.3 x 20 / requests/s.", "",
             "| server | endpoint | clients | requests | errors | hits | p50 ms | p95 ms | p99 ms | max ms | requests/s "
             "| server CPU ms | client CPU ms |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for label, rows in runs.items():
        for (name, count), r in rows.items():
            lines.append(f"| {label} | {name} | {count} | {r['requests']} | {r['errors']} | {r['hits']} | {r['p50']:.1f} "
                         f"| {r['p95']:.1f} | {r['p99']:.1f} | {r['max']:.1f} | {r['rps']:.0f} | {r['server_ms']:.2f} "
                         f"| {r['client_ms']:.2f} |")
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


def measure(db: Path, cache: int, requests: int, clients: int, workers: int | None = None) -> tuple[dict, float]:
    """Start a server, send every endpoint its requests (one client, then ``clients``), stop it;
    returns the figures and the start-up time."""
    port = free_port()
    started = time.perf_counter()
    server = start_server(db, port, cache, workers)
    prepare_s = time.perf_counter() - started
    try:
        base = f"http://127.0.0.1:{port}"
        rows = {}
        for i, (name, make) in enumerate(ENDPOINTS.items()):
            count = requests // 20 if "search" in name else requests  # half the sentences match any two words
            asyncio.run(hammer(base, make, 20, 1, seed=1000 + i))  # warm-up
            for concurrent, seed in ((1, 2000 + i), (clients, i)):
                sent = max(20, count // 10) if concurrent == 1 else count
                rows[name, concurrent] = asyncio.run(hammer(base, make, sent, concurrent, seed=seed,
                                                             server_pid=server.pid))
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
    parser.add_argument("--workers", type=int, help="serve --workers (default: serve's own default)")
    args = parser.parse_args()
    loads = [load_average()]
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        db = args.db or Path(tmp) / "serve.duckdb"
        if args.db is None:
            build(db, args.events)
        runs = {}
        for label in args.servers.split(","):
            runs[label], prepare_s = measure(db, {"uncached": 0, "cached": 4096}[label], args.requests, args.clients,
                                             args.workers)
    loads.append(load_average())
    workers = f"--workers {args.workers}" if args.workers else "its default workers, one per core"
    text = section(runs, args.events, args.clients, prepare_s, tuple(loads), workers)
    print(text)
    if not args.no_write:
        write_section(text)


if __name__ == "__main__":
    main()
