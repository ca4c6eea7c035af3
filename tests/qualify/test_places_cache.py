"""The gazetteer kept on disk: the same answers as the tables built in memory, and a stale,
corrupt or half-written file is rebuilt."""
from __future__ import annotations

import sqlite3

import pytest

from eventwire.qualify import gazetteer_store, places


def _reset_caches() -> None:
    for cached in (places._gazetteer_file, places._gazetteer, places._countries, places._capital_ids):
        cached.cache_clear()


@pytest.fixture()
def cache_dir(tmp_path, monkeypatch):
    """A fresh cache directory; the process's gazetteer is forgotten before and after."""
    monkeypatch.setenv("EVENTWIRE_CACHE_DIR", str(tmp_path))
    _reset_caches()
    yield tmp_path
    _reset_caches()


@pytest.fixture(scope="module")
def built():
    return places._built_gazetteer(), places._built_countries(), places._built_capital_ids()


def _as_rows(found):
    return [(c.place, c.population, c.kind, c.alias) for c in found]


def test_places_cache_answers_as_the_built_tables(cache_dir, built):
    names, countries, capitals = built
    stored = places._gazetteer()
    assert isinstance(stored, gazetteer_store.GazetteerFile)
    keys = sorted(names)
    sample = keys[:: max(1, len(keys) // 3000)] + ["odessa", "georgia", "washington", "kurdistan", "paris"]
    for key in sample:
        assert _as_rows(stored.get(key, ())) == _as_rows(names.get(key, ())), key
    assert "no such place anywhere" not in stored and "minsk" in stored
    assert {k: _as_rows([c]) for k, c in places._countries().items()} == \
        {k: _as_rows([c]) for k, c in countries.items()}
    assert places._capital_ids() == capitals
    # every name is stored, in order: the row count matches the built table's
    with sqlite3.connect(cache_dir / gazetteer_store.FILE_NAME) as db:
        assert db.execute("SELECT count(*) FROM names").fetchone()[0] == sum(map(len, names.values()))


def _fingerprint_on_disk(path) -> str:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT fingerprint FROM meta").fetchone()[0]


def test_places_cache_is_reused_then_rebuilt_when_stale(cache_dir):
    path = cache_dir / gazetteer_store.FILE_NAME
    assert places.geocode("Odessa", ("UKR",)).country == "UKR"
    current = _fingerprint_on_disk(path)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET fingerprint = 'built from other sources'")
        db.execute("DELETE FROM names")
    db.close()
    _reset_caches()
    assert places.geocode("Odessa", ("UKR",)).country == "UKR"
    assert _fingerprint_on_disk(path) == current


@pytest.mark.parametrize("damage", [b"not a database at all", b""])
def test_places_cache_rebuilds_a_corrupt_file(cache_dir, damage):
    path = cache_dir / gazetteer_store.FILE_NAME
    path.write_bytes(damage)
    assert places.geocode("Georgia", ("USA",)).precision == "admin1"
    assert _fingerprint_on_disk(path)
    assert not list(cache_dir.glob("*.tmp"))  # the temporary file was renamed into place


def test_places_cache_without_meta_row_is_rebuilt(cache_dir):
    """A file whose write stopped before its last step (the meta row) is not trusted."""
    path = cache_dir / gazetteer_store.FILE_NAME
    with sqlite3.connect(path) as db:
        db.executescript("CREATE TABLE meta (fingerprint TEXT NOT NULL);")
    db.close()
    assert places.geocode("Minsk").country == "BLR"
    assert _fingerprint_on_disk(path)


def test_places_cache_unwritable_directory_falls_back_to_building(tmp_path, monkeypatch):
    blocker = tmp_path / "a file, not a directory"
    blocker.write_text("")
    monkeypatch.setenv("EVENTWIRE_CACHE_DIR", str(blocker / "cache"))
    _reset_caches()
    try:
        assert isinstance(places._gazetteer(), dict)
        assert places.geocode("Minsk").country == "BLR"
    finally:
        _reset_caches()


def test_places_cache_fingerprint_follows_the_builder_code(tmp_path):
    builder = tmp_path / "builder.py"
    builder.write_text("x = 1\n")
    before = gazetteer_store.fingerprint([builder])
    builder.write_text("x = 2\n")
    assert gazetteer_store.fingerprint([builder]) != before


def test_places_cache_opens_its_own_connection_after_a_fork(cache_dir):
    import multiprocessing

    assert places.geocode("Minsk").country == "BLR"  # the parent's connection is open
    context = multiprocessing.get_context("fork")
    with context.Pool(1) as pool:
        assert pool.apply(_country_of, ("Tbilisi",)) == "GEO"


def _country_of(name: str) -> str | None:
    connection = places._gazetteer()._db
    found = places.geocode(name)
    assert places._gazetteer()._db is not connection  # reconnected in this process
    return found.country if found else None
