"""Kill -9 mid-run, restart with the same arguments: every article exactly once, none lost."""
import json
import signal
import time
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from .conftest import eventwire_process, write_articles

pytestmark = pytest.mark.integration


_COMMITTED_BATCH_WAL_BYTES = 64_000


def _wait_for(condition, process, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() is None, f"the run ended before it could be killed: {process.stderr.read()}"
        assert time.monotonic() < deadline, "the run made no progress"
        time.sleep(0.05)


def _kill(process) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait()
    process.stderr.close()


def _run(*args: str) -> str:
    process = eventwire_process(*args)
    _, err = process.communicate(timeout=600)
    assert process.returncode == 0, err
    return err


def test_kill_9_during_code_then_rerun_writes_each_article_once(tmp_path: Path):
    inputs = write_articles(tmp_path / "in.jsonl", 60)
    out = tmp_path / "out.jsonl"
    args = ("code", str(inputs), "-o", str(out), "--batch-size", "4")
    process = eventwire_process(*args)
    _wait_for(lambda: out.exists() and out.read_text().count("\n") >= 8, process)
    _kill(process)
    written_before = out.read_text().count("\n")
    assert written_before < 60
    _run(*args)
    ids = [json.loads(line)["id"] for line in out.read_text().splitlines()]
    assert ids == [f"a{n:04d}" for n in range(60)]  # each once, in input order


def test_kill_9_during_ingest_then_rerun_stores_each_article_once(tmp_path: Path):
    count = 400  # more than one store transaction (256 articles), so the kill can land after a commit
    inputs = write_articles(tmp_path / "in.jsonl", count)
    db = tmp_path / "ew.duckdb"
    wal = tmp_path / "ew.duckdb.wal"
    args = ("ingest", str(inputs), "--db", str(db), "--batch-size", "16")
    process = eventwire_process(*args)
    # The schema alone writes a few kB to the write-ahead log, a committed batch of articles far more.
    _wait_for(lambda: wal.exists() and wal.stat().st_size > _COMMITTED_BATCH_WAL_BYTES, process)
    _kill(process)
    err = _run(*args)
    added, unchanged = (int(n) for n in _stats(err, "added", "unchanged"))
    assert unchanged > 0 and added + unchanged == count  # resumed: what was committed is not redone
    with duckdb.connect(str(db), read_only=True) as con:
        ids = [row[0] for row in con.execute("SELECT id FROM articles").fetchall()]
        events = con.execute("SELECT count(*), count(DISTINCT (article_id, idx)) FROM events").fetchone()
    assert Counter(ids) == Counter(f"a{n:04d}" for n in range(count))
    assert events[0] == events[1] > 0


def _stats(err: str, *names: str) -> list[str]:
    line = next(line for line in err.splitlines() if " added, " in line)
    words = line.replace(",", "").split()
    return [words[words.index(name) - 1] for name in names]
