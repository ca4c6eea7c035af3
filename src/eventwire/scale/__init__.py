"""Scale: code a stream of articles with N local processes or on a Dask cluster.

Every engine cuts the input into batches and calls :meth:`Pipeline.process_batch` on each
(``worker.code_batch``): one code path. Memory stays bounded because only a few batches are in
flight at a time and results are yielded, in input order, as soon as they are ready.

    code_articles(articles, settings, engine="local", workers=2) -> Iterator[Result]
    story_fuser(engine="dask", workers=2) -> what ``Store.ingest`` fuses stories with
"""
from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ..errors import ConfigError
from ..model import Article, Result
from ..settings import Settings

if TYPE_CHECKING:  # workers import this package: not DuckDB and Arrow with it
    from ..fuse import Fuser

ENGINES = ("local", "dask")


def add_scale_arguments(parser: argparse.ArgumentParser) -> None:
    """``--workers``, ``--engine`` and ``--scheduler`` for the commands that code articles."""
    group = parser.add_argument_group("scale")
    group.add_argument("--workers", type=int, default=1, help="processes coding in parallel (default: 1)")
    group.add_argument("--engine", choices=ENGINES, default="local",
                       help="local processes, or a Dask cluster (default: local)")
    group.add_argument("--scheduler", metavar="ADDRESS",
                       help="Dask scheduler address (tcp://host:8786); default: a local cluster of --workers")


def code_articles(articles: Iterable[Article], settings: Settings, *, engine: str = "local", workers: int = 1,
                  scheduler: str | None = None) -> Iterator[Result]:
    """Results for ``articles`` in input order, coded by ``engine``."""
    if workers < 1:
        raise ConfigError(f"--workers must be at least 1, not {workers}")
    if scheduler is not None and engine != "dask":
        raise ConfigError("--scheduler needs --engine dask")
    if engine == "dask":
        from .dask import code_on_dask

        return code_on_dask(articles, settings, workers=workers, scheduler=scheduler)
    if engine != "local":
        raise ConfigError(f"unknown engine {engine!r}; known: {', '.join(ENGINES)}")
    from .local import code_locally

    return code_locally(articles, settings, workers=workers)


def story_fuser(engine: str = "local", workers: int = 1, scheduler: str | None = None) -> Fuser | None:
    """How stories are fused after an ingest: in the store's own DuckDB connection (None) for the
    local engine; on the Dask cluster, as a shuffle by actors and date window, for ``dask``."""
    if engine != "dask":
        return None
    from functools import partial

    from .stories import fuse_on_dask

    return partial(fuse_on_dask, workers=workers, scheduler=scheduler)
