"""Folders of input files, read recursively in sorted order."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..model import Article
from ._base import failed
from ._dispatch import format_by_extension, read_file


def read_folder(path: str | Path) -> Iterator[Article]:
    """Every supported file below ``path`` (hidden files and unknown extensions are skipped)."""
    path = Path(path)
    if not path.is_dir():
        yield failed(str(path), str(path), "EW103", f"{path} is not a folder")
        return
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        hidden = any(part.startswith(".") for part in file.relative_to(path).parts)
        fmt = format_by_extension(file)
        if fmt is not None and not hidden:
            yield from read_file(file, fmt)
