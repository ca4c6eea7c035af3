"""Coded results as a Parquet dataset partitioned by publication day (``day=2025-03-14/...``).

``eventwire code --format parquet -o DIR`` writes one row per article: its contract line
(``line``, the JSON ``eventwire code`` writes in JSON Lines) and the whole coded record
(``record``: article, cleaned text, sentences, posts, events, quotes, errors) that
``eventwire ingest DIR`` stores without coding again. DuckDB reads the dataset directly:
``SELECT day, id, line->'events' FROM read_parquet('DIR/*/*.parquet', hive_partitioning = true)``.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..model import Article, EmbeddedPost, Result, _Contract
from .worker import batches

UNDATED = "undated"
_ROWS_PER_FILE = 1024


def _day(result: Result) -> str:
    published = (result.article.published if result.article is not None else None) or ""
    return published[:10] if len(published) >= 10 else UNDATED


def _row(result: Result) -> dict[str, str]:
    return {"day": _day(result), "id": result.id, "line": json.dumps(result.to_dict(), ensure_ascii=False),
            "record": json.dumps(_Contract.to_dict(result), ensure_ascii=False)}


def write_dataset(results: Iterable[Result], out_dir: str | Path) -> Iterator[Result]:
    """Pass ``results`` through, writing them a file's worth of rows at a time under ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for number, chunk in enumerate(batches(results, _ROWS_PER_FILE)):
        table = pa.Table.from_pylist([_row(r) for r in chunk])
        pq.write_to_dataset(table, out, partition_cols=["day"], basename_template=f"part-{number:06d}-{{i}}.parquet",
                            existing_data_behavior="overwrite_or_ignore")
        yield from chunk


def is_dataset(path: str | Path) -> bool:
    path = Path(path)
    return path.is_dir() and next(path.glob("day=*/*.parquet"), None) is not None


def read_dataset(path: str | Path) -> Iterator[Result]:
    """The coded results of a dataset ``write_dataset`` wrote, a file at a time, in file order."""
    for file in sorted(Path(path).glob("day=*/*.parquet")):
        for record in pq.read_table(file, columns=["record"]).column("record").to_pylist():
            yield _result(json.loads(record))


def _result(data: dict) -> Result:
    result = Result.from_dict(data)
    result.article = Article.from_dict(data["article"]) if data.get("article") else None
    result.posts = [EmbeddedPost.from_dict(p) for p in data.get("posts") or []]
    result.sentences = [tuple(s) for s in data.get("sentences") or []]
    return result
