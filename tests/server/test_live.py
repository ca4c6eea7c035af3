"""serve keeps answering while another process writes the database, and shows new events without a restart."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from store.sample_results import diplomatic_result
from store.sample_results import __file__ as samples_file

from eventwire.store.duckdb import Store

from .live import running_server, wait_until

pytestmark = pytest.mark.integration

# A writer in its own process (as `eventwire ingest` is): it holds the file open for writing until told to close.
_WRITER = """
import sys
from store.sample_results import protest_result
from eventwire.store.duckdb import Store
with Store(sys.argv[1]) as store:
    store.ingest([protest_result()])
    print("written", flush=True)
    sys.stdin.readline()
print("closed", flush=True)
"""


def _total(client: httpx.Client) -> int:
    response = client.get("/api/events")
    assert response.status_code == 200, response.text
    return response.json()["total"]


def test_live_serve_answers_during_a_write_and_then_shows_the_new_events(tmp_path: Path) -> None:
    db = tmp_path / "live.duckdb"
    with Store(db) as store:
        store.ingest([diplomatic_result()])
    tests_dir = str(Path(samples_file).parents[1])
    with running_server(db, refresh_seconds=0.1) as url, httpx.Client(base_url=url, timeout=30) as client:
        assert _total(client) == 3
        writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(db)], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True, cwd=tests_dir)
        try:
            assert writer.stdout.readline().strip() == "written"  # the server did not block the writer
            for _ in range(20):  # the writer holds the file: every answer comes from the last snapshot
                assert _total(client) == 3
            meta = client.get("/api/meta").json()
            writer.stdin.write("\n")
            writer.stdin.flush()
            assert writer.stdout.readline().strip() == "closed"
        finally:
            writer.stdin.close()
            writer.wait(timeout=30)
        assert writer.returncode == 0
        assert wait_until(lambda: _total(client) == 5), "the new events never showed"
        assert client.get("/api/meta").json()["snapshot"]["number"] > meta["snapshot"]["number"]
        assert client.get("/api/events", params={"country": "KEN"}).json()["total"] == 2
        # the new snapshot's rollups count the new events too
        countries = {r["country"]: r["events"] for r in client.get("/api/aggregates/country").json()["rows"]}
        assert countries["KEN"] == 2
        edges = {(e["source"], e["target"]) for e in client.get("/api/network").json()["edges"]}
        assert ("KENCOP", "KENCVL") in edges


def test_live_old_snapshots_are_removed(tmp_path: Path) -> None:
    from eventwire.server.snapshot import Snapshots

    db = tmp_path / "live.duckdb"
    with Store(db) as store:
        store.ingest([diplomatic_result()])
    snapshots = Snapshots(db, interval=60, workdir=tmp_path / "snaps")
    snapshots.start()
    try:
        with snapshots.reading() as first:
            with Store(db) as store:  # a writer can open the file while the server reads its snapshot
                from store.sample_results import protest_result
                store.ingest([protest_result()])
            assert snapshots.refresh()
            assert first.path.exists()  # still read by this request
            assert first.db.count() == 3
        assert not first.path.exists()
        with snapshots.reading() as second:
            assert second.db.count() == 5
        assert [p.name for p in (tmp_path / "snaps").glob("*.duckdb")] == [second.path.name]
        assert not snapshots.refresh()  # nothing changed: no new copy
    finally:
        snapshots.stop()
