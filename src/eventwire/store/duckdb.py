"""The event database: an embedded DuckDB file with the tables of ``data/schema.sql``.

:meth:`Store.ingest` is idempotent per article id: an article whose input (content hash) and
errors are unchanged is left alone, a changed one has all its rows replaced. Rows are written a
batch of articles per transaction, so a killed run leaves every article fully in or fully out.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib.resources import files
from itertools import islice
from pathlib import Path
from typing import Any, Self

import duckdb
import pyarrow as pa

from ..dedup import link_duplicates
from ..errors import StoreError
from ..fuse import Fuser, mark_pending, refresh_stories
from ..model import Actor, Article, Event, Result

TABLES = ("articles", "sentences", "events", "quotes", "posts")
_CHILD_TABLES = TABLES[1:]
SCHEMA_VERSION = "1"  # the value data/schema.sql writes into meta; bump both when the layout changes
_INGEST_BATCH = 256  # articles per transaction: large enough for Arrow inserts to pay off


@cache
def schema_sql() -> str:
    return files("eventwire.data").joinpath("schema.sql").read_text("utf-8")


@dataclass
class IngestStats:
    """What one ingest did. ``failed`` counts unreadable inputs (not written) and articles written with
    errors (not in ``added``/``replaced``)."""

    added: int = 0
    unchanged: int = 0
    replaced: int = 0
    failed: int = 0

    def __str__(self) -> str:
        return f"{self.added} added, {self.replaced} replaced, {self.unchanged} unchanged, {self.failed} failed"


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the database file, turning DuckDB's lock and IO errors into coded ``StoreError``s."""
    path = Path(path)
    if read_only and not path.exists():
        raise StoreError(f"{path}: no such database (create it with `eventwire ingest --db {path}`)")
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        message = str(exc)
        if "lock" in message.lower() or "different configuration" in message:
            raise StoreError(f"{path}: the database is open in another writer; close it or use another --db "
                             f"({message.splitlines()[0]})", "EW501") from exc
        raise StoreError(f"{path}: {message.splitlines()[0]}") from exc


def check_layout(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Refuse a file whose tables another eventwire layout wrote: queries would silently go wrong."""
    try:
        found = con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    except duckdb.CatalogException:
        found = None
    if found is None or found[0] != SCHEMA_VERSION:
        layout = f"layout {found[0]}" if found else "no eventwire layout"
        raise StoreError(f"{path}: this file has {layout}, this eventwire writes layout {SCHEMA_VERSION}; "
                         f"ingest into a new --db file")


def content_hash(result: Result) -> str:
    """sha256 of the input article (text and metadata); a changed input means re-coded rows."""
    source: Any = result.article.to_dict() if result.article is not None else {"id": result.id, "text": result.text}
    return hashlib.sha256(json.dumps(source, sort_keys=True).encode("utf-8")).hexdigest()


class OpenConnection:
    """Something that owns a DuckDB connection (``self.con``) and closes it as a context manager."""

    con: duckdb.DuckDBPyConnection

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()


class Store(OpenConnection):
    """Read-write access to one eventwire database file (a context manager)."""

    def __init__(self, path: str | Path, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        self.con = connect(self.path, read_only)
        try:
            if not read_only and not self.con.execute("SELECT count(*) FROM duckdb_tables()").fetchone()[0]:
                self.con.execute(schema_sql())  # a new file; an existing one must already have our layout
            check_layout(self.con, self.path)
            if not read_only:
                self.con.execute(schema_sql())  # adds tables later versions of this layout introduced
        except BaseException:
            self.con.close()
            raise


    def ingest(self, results: Iterable[Result], fuser: Fuser | None = None) -> IngestStats:
        """Store ``results``, then fuse the stories they touch (with ``fuser``, e.g. on a cluster)."""
        stats = IngestStats()
        it = iter(results)
        while batch := list(islice(it, _INGEST_BATCH)):
            self._ingest_batch(batch, stats)
        refresh_stories(self.con, fuser=fuser)  # once per ingest: the partitions the batches touched
        return stats

    def unchanged_ids(self, articles: list[Article]) -> set[str]:
        """Ids of ``articles`` already stored with the same content: a resumed run need not code them."""
        digests = {a.id: content_hash(Result(id=a.id, article=a)) for a in articles if a.error is None}
        if not digests:
            return set()
        rows = self.con.execute("SELECT id, content_hash FROM articles WHERE list_contains(?, id)",
                                [list(digests)]).fetchall()
        return {id_ for id_, digest in rows if digests[id_] == digest}

    def count(self, table: str) -> int:
        if table not in TABLES:
            raise StoreError(f"unknown table {table!r}; known: {', '.join(TABLES)}")
        return self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # table name is whitelisted

    def _ingest_batch(self, batch: list[Result], stats: IngestStats) -> None:
        stored = self._stored_state([r.id for r in batch])
        latest = {r.id: r for r in batch}  # a repeated id in one batch: its last result wins
        to_write: list[Result] = []
        for result in latest.values():
            if result.article is not None and result.article.error is not None:
                stats.failed += 1  # unreadable input (malformed line, missing file): not an article to keep
                continue
            state = (content_hash(result), [str(e) for e in result.errors])
            previous = stored.get(result.id)
            if previous == state:
                stats.unchanged += 1
                continue
            to_write.append(result)
            if result.errors:
                stats.failed += 1
            elif previous is None:
                stats.added += 1
            else:
                stats.replaced += 1
        if to_write:
            self._write(to_write, replace=[r.id for r in to_write if r.id in stored])

    def _stored_state(self, ids: list[str]) -> dict[str, tuple[str, list[str]]]:
        rows = self.con.execute(
            "SELECT id, content_hash, errors FROM articles WHERE list_contains(?, id)", [ids]).fetchall()
        return {id_: (digest, list(errors or [])) for id_, digest, errors in rows}

    def _write(self, results: list[Result], replace: list[str]) -> None:
        rows = _rows_by_table(results)
        try:
            self.con.begin()
            if replace:
                for table, key in [*((t, "article_id") for t in _CHILD_TABLES), ("articles", "id")]:
                    self.con.execute(f"DELETE FROM {table} WHERE list_contains(?, {key})", [replace])
            for table, table_rows in rows.items():
                if table_rows:
                    self._insert(table, table_rows)
            relinked = link_duplicates(self.con, results)
            mark_pending(self.con, [r.id for r in results] + relinked)
            self.con.commit()
        except BaseException as exc:  # also Ctrl-C: an article is fully in or fully out
            self.con.rollback()
            if isinstance(exc, duckdb.Error):
                raise StoreError(f"{self.path}: writing {len(results)} articles failed: {exc}") from exc
            raise

    def _insert(self, table: str, rows: list[dict[str, Any]]) -> None:
        self.con.register("_incoming", pa.Table.from_pylist(rows))
        try:
            self.con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _incoming")
        finally:
            self.con.unregister("_incoming")


def _rows_by_table(results: list[Result]) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}
    now = datetime.now(UTC).replace(tzinfo=None)
    for result in results:
        rows["articles"].append(_article_row(result, now))
        rows["sentences"].extend(
            {"article_id": result.id, "idx": i, "start": start, "end": end, "text": result.text[start:end]}
            for i, (start, end) in enumerate(result.sentences))
        rows["events"].extend(_event_row(result, i, event) for i, event in enumerate(result.events))
        rows["quotes"].extend(
            {"article_id": result.id, "idx": i, "speaker": q.speaker, **_actor_columns("speaker", q.speaker_actor),
             "text": q.text, "span_start": q.span[0], "span_end": q.span[1], "via": list(q.via)}
            for i, q in enumerate(result.quotes))
        rows["posts"].extend(
            {"article_id": result.id, "idx": i, "author": p.author, "handle": p.handle, "time": p.time,
             "span_start": p.span[0], "span_end": p.span[1],
             "signature_start": p.signature_span[0], "signature_end": p.signature_span[1]}
            for i, p in enumerate(result.posts))
    return rows


def _article_row(result: Result, now: datetime) -> dict[str, Any]:
    article = result.article
    return {
        "id": result.id,
        "title": article.title if article else None,
        "url": article.url if article else None,
        "outlet": article.outlet if article else None,
        "published": article.published if article else None,
        "text": result.text,
        "content_hash": content_hash(result),
        "language": result.language,
        "ingested_at": now,
        "errors": [str(e) for e in result.errors],
    }


def _actor_columns(prefix: str, actor: Actor | None) -> dict[str, Any]:
    """An actor's columns; an unknown country ("---") is stored as NULL, so that counts, the map,
    the network, stories and exports take it for no country (``query`` reads it back as "---")."""
    names = ("text", "code", "country", "sector", "name")
    columns = {f"{prefix}_{n}": (getattr(actor, n) if actor is not None else None) for n in names}
    if actor is not None:
        columns[f"{prefix}_country"] = actor.known_country or None
    return columns


def _event_row(result: Result, idx: int, event: Event) -> dict[str, Any]:
    attribution, place = event.attribution, event.location
    return {
        "article_id": result.id,
        "idx": idx,
        **_actor_columns("source", event.source),
        **_actor_columns("target", event.target),
        "cameo": event.cameo,
        "root": event.root,
        "plover": event.plover,
        "quad_class": event.quad_class,
        "goldstein": float(event.goldstein),
        "modality": event.modality,
        "speaker": attribution.speaker if attribution else None,
        "speaker_type": attribution.speaker_type if attribution else None,
        **_actor_columns("speaker", attribution.speaker_actor if attribution else None),
        "via": list(attribution.via) if attribution else [],
        "quote": attribution.quote if attribution else None,
        "date": event.date,
        "date_text": event.date_text,
        **{f"location_{k}": (getattr(place, k) if place else None)
           for k in ("name", "country", "lat", "lon", "geonameid", "precision")},
        "sentence": event.sentence,
        "sentence_idx": _sentence_index(result.sentences, event.span[0]),
        "span_start": event.span[0],
        "span_end": event.span[1],
        "trigger": event.trigger,
    }


def _sentence_index(sentences: list[tuple[int, int]], offset: int) -> int | None:
    return next((i for i, (start, end) in enumerate(sentences) if start <= offset < end), None)
