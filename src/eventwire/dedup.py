"""Near-duplicate articles: syndicated and lightly edited copies, found at ingest.

An article's text becomes a set of word shingles (``shingle_words`` consecutive words) and a
datasketch ``MinHash`` of it. The signature is cut into LSH bands (datasketch's ``MinHashLSH``
picks the band shape for the threshold); the store keeps the signature and one key per band,
so a new article's candidate copies are found by an indexed join on band keys, across every
ingest, without holding an index in memory. A candidate whose estimated Jaccard similarity
reaches ``threshold`` is a copy; an article copies the earliest-published such article (that
article's own original if it is itself a copy). Every copy stays in the database, pointing to
its original through ``articles.duplicate_of``, and stories count it with its original as one
independent source.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, fields
from functools import cache

import duckdb
import numpy as np
import pyarrow as pa

from .model import Result
from .settings import Settings

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class DedupRules:
    """How alike two articles must be to count as copies; a ``[dedup]`` settings table overrides."""

    shingle_words: int = 4
    num_perm: int = 128
    threshold: float = 0.7  # estimated Jaccard similarity of the shingle sets

    @classmethod
    def from_settings(cls, settings: Settings | None) -> DedupRules:
        given = settings.section("dedup") if settings is not None else {}
        return cls(**{k: v for k, v in given.items() if k in {f.name for f in fields(cls)}})


@cache
def band_shape(rules: DedupRules) -> tuple[int, int]:
    """(bands, rows per band) that datasketch chooses for this threshold and signature size."""
    from datasketch import MinHashLSH  # datasketch imports scipy (~1 s): only when articles are stored

    lsh = MinHashLSH(threshold=rules.threshold, num_perm=rules.num_perm)
    return lsh.b, lsh.r


def shingles(text: str, size: int) -> set[bytes]:
    """Lowercased word n-grams; a text shorter than ``size`` words is one shingle."""
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def signature(text: str, rules: DedupRules = DedupRules()) -> np.ndarray:
    from datasketch import MinHash

    minhash = MinHash(num_perm=rules.num_perm)
    minhash.update_batch(list(shingles(text, rules.shingle_words)))
    return minhash.hashvalues


def band_keys(hashvalues: np.ndarray, rules: DedupRules = DedupRules()) -> list[int]:
    bands, rows = band_shape(rules)
    return [int.from_bytes(hashlib.blake2b(hashvalues[b * rows:(b + 1) * rows].tobytes(), digest_size=8).digest(),
                           "little", signed=True) for b in range(bands)]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """MinHash estimate of the Jaccard similarity of two signatures."""
    return float(np.mean(a == b))


def link_duplicates(con: duckdb.DuckDBPyConnection, results: list[Result],
                    rules: DedupRules = DedupRules()) -> list[str]:
    """Store the signatures of freshly written articles and set their ``duplicate_of``; returns the
    stored articles whose link changed because one of them is an earlier original (a copy can arrive
    first). Runs inside the store's write transaction, after the articles' rows are in."""
    written = [r for r in results if r.text.strip()]
    ids = [r.id for r in results]
    con.execute("DELETE FROM article_signatures WHERE list_contains(?, article_id)", [ids])
    con.execute("DELETE FROM article_bands WHERE list_contains(?, article_id)", [ids])
    if not written:
        return []
    signatures = {r.id: signature(r.text, rules) for r in written}
    _insert(con, "article_signatures", pa.table({
        "article_id": list(signatures), "signature": [s.astype("<u4").tobytes() for s in signatures.values()]}))
    bands = [(article_id, band, key) for article_id, sig in signatures.items()
             for band, key in enumerate(band_keys(sig, rules))]
    _insert(con, "article_bands", pa.table({"article_id": [b[0] for b in bands],
                                            "band": pa.array([b[1] for b in bands], pa.int16()),
                                            "key": pa.array([b[2] for b in bands], pa.int64())}))
    originals = _originals(con, signatures, rules)
    if originals:
        con.executemany("UPDATE articles SET duplicate_of = ? WHERE id = ?",
                        [[original, copy] for copy, original in originals.items()])
    return _relink_later_copies(con, list(signatures), rules)


_LATER_STORED = """
SELECT DISTINCT other.article_id, s.signature
FROM article_bands mine
JOIN article_bands other ON other.band = mine.band AND other.key = mine.key
JOIN articles a ON a.id = other.article_id JOIN articles m ON m.id = mine.article_id
JOIN article_signatures s ON s.article_id = other.article_id
WHERE list_contains($new, mine.article_id) AND NOT list_contains($new, other.article_id)
  AND (coalesce(a.published, ''), a.id) > (coalesce(m.published, ''), m.id)
"""


def _relink_later_copies(con: duckdb.DuckDBPyConnection, new_ids: list[str], rules: DedupRules) -> list[str]:
    """Stored articles published after a new one they copy: link them (and their own copies) to it."""
    later = {article_id: np.frombuffer(blob, dtype="<u4")
             for article_id, blob in con.execute(_LATER_STORED, {"new": new_ids}).fetchall()}
    changed = []
    for copy, original in _originals(con, later, rules).items():
        previous = con.execute("SELECT duplicate_of FROM articles WHERE id = ?", [copy]).fetchone()[0]
        if previous == original:
            continue
        followers = [r[0] for r in con.execute("SELECT id FROM articles WHERE duplicate_of = ?", [copy]).fetchall()]
        con.executemany("UPDATE articles SET duplicate_of = ? WHERE id = ?",
                        [[original, article_id] for article_id in [copy, *followers]])
        changed += [copy, *followers]
    return changed


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: pa.Table) -> None:
    con.register("_dedup_rows", rows)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _dedup_rows")
    finally:
        con.unregister("_dedup_rows")


_CANDIDATES = """
SELECT DISTINCT mine.article_id AS copy, other.article_id AS candidate, s.signature,
       coalesce(a.published, '') AS published, a.duplicate_of
FROM article_bands mine
JOIN article_bands other ON other.band = mine.band AND other.key = mine.key AND other.article_id <> mine.article_id
JOIN article_signatures s ON s.article_id = other.article_id
JOIN articles a ON a.id = other.article_id
WHERE list_contains(?, mine.article_id)
"""


def _originals(con: duckdb.DuckDBPyConnection, signatures: dict[str, np.ndarray],
               rules: DedupRules) -> dict[str, str]:
    """copy id -> original id, for the given articles that copy an earlier-published article."""
    published = dict(con.execute("SELECT id, coalesce(published, '') FROM articles WHERE list_contains(?, id)",
                                 [list(signatures)]).fetchall())
    best: dict[str, tuple[tuple[str, str], str]] = {}
    for copy, candidate, blob, when, duplicate_of in con.execute(_CANDIDATES, [list(signatures)]).fetchall():
        if (when, candidate) >= (published[copy], copy):
            continue  # the later (or same-time, higher id) article is the copy, never the original
        if similarity(signatures[copy], np.frombuffer(blob, dtype="<u4")) < rules.threshold:
            continue
        order = (when, candidate)
        if copy not in best or order < best[copy][0]:
            best[copy] = (order, duplicate_of or candidate)
    return {copy: original for copy, (_, original) in best.items()}
