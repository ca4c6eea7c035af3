"""Database safety at the store level: a second writer fails fast, a killed ingest resumes exactly once."""
from __future__ import annotations

import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from eventwire.errors import StoreError
from eventwire.model import Article, RecordError, Result
from eventwire.store.duckdb import Store

pytestmark = pytest.mark.integration

# A child process that ingests COUNT hand-built results in small transactions, printing each commit.
_INGEST = textwrap.dedent("""
    import sys
    import eventwire.store.duckdb as store
    from eventwire.model import Actor, Article, Event, Result
    store._INGEST_BATCH = 5
    actor = Actor.make("Russia", "RUS")
    def results(count):
        for n in range(count):
            text = f"Russia shelled village {n}. Officials said so."
            events = [Event(source=actor, target=None, cameo="190", plover="ASSAULT", quad_class=4,
                            goldstein=-10.0, sentence=text[:26], span=(0, 26), trigger="shelled")] * (1 + n % 3)
            yield Result(id=f"a{n:04d}", events=events, text=text, sentences=[(0, 26), (27, len(text))],
                         article=Article(id=f"a{n:04d}", text=text))
    with store.Store(sys.argv[1]) as db:
        print(db.ingest(results(int(sys.argv[2]))), flush=True)
""")


def _ingest_process(db: Path, count: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", _INGEST, str(db), str(count)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_store_killed_ingest_at_any_point_then_rerun_keeps_each_article_once(tmp_path):
    db, count = tmp_path / "ew.duckdb", 150
    rng = random.Random(8)
    for _ in range(4):  # kills land during start-up, schema creation and mid-batch
        process = _ingest_process(db, count)
        time.sleep(rng.uniform(0.2, 2.5))
        process.send_signal(signal.SIGKILL)
        process.communicate()
    finished = _ingest_process(db, count)
    out, err = finished.communicate(timeout=300)
    assert finished.returncode == 0, err
    with duckdb.connect(str(db), read_only=True) as con:
        ids = [row[0] for row in con.execute("SELECT id FROM articles ORDER BY id").fetchall()]
        per_article = dict(con.execute("SELECT article_id, count(*) FROM events GROUP BY 1").fetchall())
        sentences = con.execute("SELECT count(*), count(DISTINCT (article_id, idx)) FROM sentences").fetchone()
    assert ids == [f"a{n:04d}" for n in range(count)]
    assert per_article == {f"a{n:04d}": 1 + n % 3 for n in range(count)}  # no half-written article
    assert sentences == (2 * count, 2 * count)


def test_store_second_writer_fails_fast_with_a_clear_message_and_the_file_survives(tmp_path):
    db = tmp_path / "ew.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from eventwire.store.duckdb import Store
        with Store({str(db)!r}) as db:
            print("open", flush=True)
            sys.stdin.readline()
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        started = time.monotonic()
        with pytest.raises(StoreError) as caught:
            Store(db)
        assert caught.value.code == "EW501" and "another writer" in str(caught.value)
        assert time.monotonic() - started < 10  # fails fast, does not wait for the lock
    finally:
        holder.communicate("\n", timeout=60)
    with Store(db) as store:  # the file is intact and writable once the first writer is gone
        store.ingest([Result(id="a", text="Putin met Xi.", article=Article(id="a", text="Putin met Xi."))])
        assert store.count("articles") == 1


def test_store_keeps_language_and_the_not_coded_note(tmp_path):
    note = RecordError(stage="language", code="EW205", message="not coded: language fr")
    text = "Les troupes russes sont entrées en Ukraine jeudi."
    result = Result(id="fr-1", errors=[note], text=text, language="fr", article=Article(id="fr-1", text=text))
    with Store(tmp_path / "ew.duckdb") as store:
        store.ingest([result])
        row = store.con.execute("SELECT language, errors, text FROM articles").fetchone()
    assert row == ("fr", ["EW205 language: not coded: language fr"], text)
