"""Parquet output: one file, or a dataset partitioned by event day when the target is a directory."""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


def write_parquet(table: pa.Table, out_path: str | Path) -> Path:
    """Write ``table`` to ``out_path``; a directory (existing, or named with a trailing ``/``) gets
    a hive-partitioned dataset (``day=2023-03-14/...``) so readers can skip days they do not need."""
    out = Path(out_path)
    if out.is_dir() or str(out_path).endswith(("/", "\\")):
        out.mkdir(parents=True, exist_ok=True)
        pq.write_to_dataset(table, out, partition_cols=["day"] if "day" in table.column_names else None)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, out)
    return out
