"""`eventwire serve --workers N` as a user runs it: one process builds each snapshot, N worker processes
answer from it on one loopback port, and all of them switch to the next snapshot an ingest causes."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil
import pytest
from store.sample_results import build_database, diplomatic_result, protest_result

from eventwire.store.duckdb import Store

from .live import wait_until

pytestmark = pytest.mark.integration


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[str, Path, Path, int]]:
    """A 2-worker server over a database of one article (3 events); yields its URL, the database, its temp
    folder and its process id."""
    db = tmp_path / "ew.duckdb"
    with Store(db) as store:
        store.ingest([diplomatic_result()])
    temp = tmp_path / "temp"  # where the server keeps its snapshots
    temp.mkdir()
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "eventwire", "serve", "--db", str(db), "--port", str(port),
                               "--workers", "2", "--refresh", "0.2"], env={**os.environ, "TMPDIR": str(temp)},
                              stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        assert wait_until(lambda: _answers(url), timeout=60), "the server never answered"
        yield url, db, temp, server.pid
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            raise
    assert server.returncode == 0, server.stderr.read()
    assert not list(temp.glob("eventwire-serve-*")), "the snapshots outlived the server"


def _answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/api/meta", timeout=5).status_code == 200
    except httpx.TransportError:
        return False


def _answers_on_fresh_connections(url: str, times: int = 12) -> list[tuple[int, int]]:
    """(total events, snapshot number) from ``times`` new connections: the kernel spreads them over the workers."""
    seen = []
    for _ in range(times):
        with httpx.Client(base_url=url, timeout=30) as client:  # a new connection each time
            total = client.get("/api/events", params={"limit": 1}).json()["total"]
            number = client.get("/api/meta").json()["snapshot"]["number"]
        seen.append((total, number))
    return seen


def _snapshots_open_in_workers(server_pid: int) -> list[set[str]]:
    """For each worker process of the server, the snapshot files it has open."""
    workers = [p for p in psutil.Process(server_pid).children() if "resource_tracker" not in " ".join(p.cmdline())]
    return [{Path(f.path).name for f in worker.open_files() if f.path.endswith(".duckdb")} for worker in workers]


def test_workers_answer_from_one_shared_snapshot(served: tuple[str, Path, Path, int]) -> None:
    url, _, temp, pid = served
    assert set(_answers_on_fresh_connections(url)) == {(3, 1)}
    snapshots = list(temp.glob("eventwire-serve-*/snapshot-*.duckdb"))
    assert [p.name for p in snapshots] == ["snapshot-1.duckdb"]  # built once...
    assert _snapshots_open_in_workers(pid) == [{"snapshot-1.duckdb"}] * 2  # ...and read by both workers


def test_workers_switch_to_the_snapshot_an_ingest_causes(served: tuple[str, Path, Path, int]) -> None:
    url, db, temp, pid = served
    assert set(_answers_on_fresh_connections(url, 4)) == {(3, 1)}
    with Store(db) as store:
        store.ingest([protest_result()])
    assert wait_until(lambda: {total for total, _ in _answers_on_fresh_connections(url, 4)} == {5}, timeout=60)
    answers = set(_answers_on_fresh_connections(url))
    assert len(answers) == 1 and answers.pop()[1] > 1  # every worker reads the one new snapshot
    # every worker has let the first snapshot go, and the main process has deleted it
    (newest,) = [p.name for p in temp.glob("eventwire-serve-*/snapshot-*.duckdb")]
    assert wait_until(lambda: _snapshots_open_in_workers(pid) == [{newest}] * 2)


def test_workers_must_be_positive(tmp_path: Path) -> None:
    db = build_database(tmp_path / "ew.duckdb")
    done = subprocess.run([sys.executable, "-m", "eventwire", "serve", "--db", str(db), "--workers", "0"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "--workers" in done.stderr


def test_workers_listener_gives_every_connection_tcp_nodelay():
    """Connections the workers accept from the shared socket have Nagle's algorithm off; with it on, every
    keep-alive request after the first waited for the client's delayed ACK."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    import uvicorn

    from eventwire.server.commands import tcp_listener

    listener = tcp_listener(uvicorn.Config("eventwire.server.app:worker_app", host="127.0.0.1", port=0))
    assert listener.proto == socket.IPPROTO_TCP and listener.get_inheritable()

    async def accepted_nodelay() -> int:
        accepted: asyncio.Future = asyncio.get_running_loop().create_future()

        class Report(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                sock = transport.get_extra_info("socket")
                accepted.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                transport.close()

        server = await asyncio.get_running_loop().create_server(Report, sock=listener)
        _, writer = await asyncio.open_connection(*listener.getsockname()[:2])
        try:
            return await asyncio.wait_for(accepted, 10)
        finally:
            writer.close()
            server.close()

    # A thread of its own: other tests (the browser's sync API) may leave an event loop running in this one.
    with ThreadPoolExecutor(1) as thread:
        assert thread.submit(asyncio.run, accepted_nodelay()).result() == 1
