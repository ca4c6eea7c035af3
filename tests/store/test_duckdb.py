from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from eventwire.errors import StoreError
from eventwire.model import RecordError
from eventwire.store.duckdb import IngestStats, Store
from store.sample_results import DIPLOMATIC_TEXT, diplomatic_result, failed_result, sample_results


def _counts(store: Store) -> dict[str, int]:
    return {table: store.count(table) for table in ("articles", "sentences", "events", "quotes", "posts")}


def test_duckdb_ingest_writes_every_table(tmp_path: Path) -> None:
    with Store(tmp_path / "ew.duckdb") as store:
        stats = store.ingest(sample_results())
        assert stats == IngestStats(added=2, unchanged=0, replaced=0, failed=1)
        assert _counts(store) == {"articles": 3, "sentences": 6, "events": 5, "quotes": 1, "posts": 0}


def test_duckdb_ingest_twice_changes_nothing(tmp_path: Path) -> None:
    with Store(tmp_path / "ew.duckdb") as store:
        store.ingest(sample_results())
        before = _counts(store)
        stats = store.ingest(sample_results())
        assert stats == IngestStats(unchanged=3)
        assert _counts(store) == before


def test_duckdb_ingest_changed_text_replaces_rows(tmp_path: Path) -> None:
    with Store(tmp_path / "ew.duckdb") as store:
        store.ingest(sample_results())
        reworded = DIPLOMATIC_TEXT.replace("lower the tone", "cool the rhetoric")
        changed = diplomatic_result(reworded)
        assert store.ingest([changed]) == IngestStats(replaced=1)
        rows = store.con.execute(
            "SELECT idx, sentence FROM events WHERE article_id = ? ORDER BY idx", [changed.id]).fetchall()
        assert [idx for idx, _ in rows] == [0, 1, 2]
        assert rows[2][1] == "NATO urged both governments to cool the rhetoric."
        assert store.con.execute("SELECT text FROM articles WHERE id = ?", [changed.id]).fetchone() == (reworded,)


def test_duckdb_ingest_retries_a_failed_article(tmp_path: Path) -> None:
    with Store(tmp_path / "ew.duckdb") as store:
        store.ingest([failed_result()])
        fixed = replace(failed_result(), errors=[])
        assert store.ingest([fixed]) == IngestStats(replaced=1)
        assert store.con.execute("SELECT errors FROM articles WHERE id = ?", [fixed.id]).fetchone() == ([],)


def test_duckdb_ingest_keeps_event_fields(tmp_path: Path) -> None:
    with Store(tmp_path / "ew.duckdb") as store:
        store.ingest(sample_results())
        row = store.con.execute(
            "SELECT source_code, target_code, root, speaker, speaker_type, via, sentence_idx, location_geonameid "
            "FROM events WHERE article_id = 'ew-ro-hu-1' AND idx = 1").fetchone()
        assert row == ("HUNGOV", "ROUGOV", "16", "Hungarian officials", "anonymous_official", ["Reuters"], 1, None)


def test_duckdb_failed_batch_leaves_no_partial_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store(tmp_path / "ew.duckdb") as store:
        store.ingest([failed_result()])
        original_insert = Store._insert

        def insert_then_die(self: Store, table: str, rows: list) -> None:
            if table == "events":
                raise StoreError("simulated crash while writing events")
            original_insert(self, table, rows)

        monkeypatch.setattr(Store, "_insert", insert_then_die)
        with pytest.raises(StoreError):
            store.ingest(sample_results())
        monkeypatch.undo()
        assert _counts(store) == {"articles": 1, "sentences": 0, "events": 0, "quotes": 0, "posts": 0}


def test_duckdb_second_writer_gets_ew501(tmp_path: Path) -> None:
    path = tmp_path / "ew.duckdb"
    Store(path).close()
    hold_lock = "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); sys.stdin.read()"
    holder = subprocess.Popen([sys.executable, "-c", hold_lock, str(path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError) as caught:
            Store(path)
        assert caught.value.code == "EW501"
        assert str(path) in str(caught.value)
    finally:
        holder.communicate("")


def test_duckdb_read_only_missing_file_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such database"):
        Store(tmp_path / "absent.duckdb", read_only=True)


def test_duckdb_unreadable_input_is_counted_not_stored(tmp_path: Path) -> None:
    unreadable = failed_result()
    unreadable.article.error = unreadable.errors[0] = RecordError("read", "EW101", "malformed JSON line")
    with Store(tmp_path / "ew.duckdb") as store:
        assert store.ingest([unreadable]) == IngestStats(failed=1)
        assert store.count("articles") == 0


def test_duckdb_refuses_a_file_with_another_layout(tmp_path: Path) -> None:
    path = tmp_path / "other.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE events (id INTEGER)")
    with pytest.raises(StoreError, match="no eventwire layout"):
        Store(path)
    Store(tmp_path / "ours.duckdb").close()
    with duckdb.connect(str(tmp_path / "ours.duckdb")) as con:
        con.execute("UPDATE meta SET value = '0' WHERE key = 'schema'")
    with pytest.raises(StoreError, match="layout 0"):
        Store(tmp_path / "ours.duckdb", read_only=True)
