"""Near-duplicate articles: MinHash similarity and linking copies to their original at ingest."""
from __future__ import annotations

import pytest
from story_fixtures import DENIAL, OWN_REPORT, SYNDICATED, WIRE, denial, own_report, syndicated, wire

from eventwire.dedup import DedupRules, band_keys, band_shape, shingles, signature, similarity
from eventwire.store.duckdb import Store


def _duplicate_of(store: Store) -> dict[str, str | None]:
    return dict(store.con.execute("SELECT id, duplicate_of FROM articles").fetchall())


def test_dedup_shingles_are_lowercase_word_ngrams():
    assert shingles("Belarus will SEND troops.", 2) == {b"belarus will", b"will send", b"send troops"}
    assert shingles("Two words", 4) == {b"two words"}
    assert shingles("", 4) == set()


def test_dedup_syndicated_copy_is_similar_and_unrelated_text_is_not():
    rules = DedupRules()
    assert similarity(signature(WIRE), signature(SYNDICATED)) >= rules.threshold
    assert similarity(signature(WIRE), signature(OWN_REPORT)) < 0.2
    assert similarity(signature(DENIAL), signature(OWN_REPORT)) < 0.2


def test_dedup_band_keys_follow_datasketch_shape_and_agree_for_equal_bands():
    bands, rows = band_shape(DedupRules())
    assert bands * rows <= DedupRules().num_perm
    keys = band_keys(signature(WIRE))
    assert len(keys) == bands and keys == band_keys(signature(WIRE))
    assert set(keys) & set(band_keys(signature(SYNDICATED)))
    assert not set(keys) & set(band_keys(signature(DENIAL)))


@pytest.mark.integration
def test_dedup_links_copy_to_the_earlier_original_in_one_batch(tmp_path):
    with Store(tmp_path / "ew.duckdb") as store:
        store.ingest([syndicated(), wire(), own_report()])  # the copy comes first in the input
        assert _duplicate_of(store) == {"wire-1": None, "partner-1": "wire-1", "courier-1": None}


@pytest.mark.integration
def test_dedup_links_copy_ingested_later_and_keeps_it(tmp_path):
    with Store(tmp_path / "ew.duckdb") as store:
        store.ingest([wire(), denial()])
        store.ingest([syndicated()])
        assert _duplicate_of(store)["partner-1"] == "wire-1"
        assert store.count("articles") == 3 and store.count("events") == 5


@pytest.mark.integration
def test_dedup_original_ingested_after_its_copy_takes_it_and_its_copies(tmp_path):
    second_copy = syndicated()
    second_copy.id = second_copy.article.id = "partner-2"
    second_copy.article.published = "2030-03-03T12:00:00Z"
    with Store(tmp_path / "ew.duckdb") as store:
        store.ingest([syndicated()])
        store.ingest([second_copy])
        assert _duplicate_of(store) == {"partner-1": None, "partner-2": "partner-1"}
        store.ingest([wire()])  # the wire story, published first, arrives last
        assert _duplicate_of(store) == {"wire-1": None, "partner-1": "wire-1", "partner-2": "wire-1"}
        assert store.con.execute("SELECT outlets FROM stories WHERE cameo = '154'").fetchall() == [(1,)]


@pytest.mark.integration
def test_dedup_reingesting_changed_copy_relinks_it(tmp_path):
    with Store(tmp_path / "ew.duckdb") as store:
        store.ingest([wire(), syndicated()])
        rewritten = syndicated()
        rewritten.text = rewritten.article.text = OWN_REPORT + " Officials gave no further detail."
        store.ingest([rewritten])
        assert _duplicate_of(store)["partner-1"] is None
        assert store.con.execute("SELECT count(*) FROM article_signatures").fetchone()[0] == 2
