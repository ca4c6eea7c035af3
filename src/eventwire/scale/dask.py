"""The Dask engine: the same batches and the same ``code_batch`` as the local engine, on a cluster.

With ``scheduler`` it connects to a running cluster; without, it starts a ``LocalCluster`` of
``workers`` single-threaded processes. A worker builds its pipeline (and loads the model) on the
first batch it gets and keeps it for every later one (``worker.pipeline_for``).
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import ExitStack

from ..errors import ConfigError
from ..model import Article, Result
from ..settings import Settings
from .local import IN_FLIGHT_PER_WORKER, ordered
from .worker import batches, code_batch


def code_on_dask(articles: Iterable[Article], settings: Settings, workers: int = 1,
                 scheduler: str | None = None) -> Iterator[Result]:
    with ExitStack() as stack:
        client = cluster_client(stack, workers, scheduler)
        slots = max(1, sum(client.nthreads().values()))
        submissions = (client.submit(code_batch, batch, settings, pure=False)
                       for batch in batches(articles, settings.batch_size))
        yield from ordered(submissions, IN_FLIGHT_PER_WORKER * slots)


def cluster_client(stack: ExitStack, workers: int, scheduler: str | None):
    """A client of the given scheduler or of a new local cluster, both closed when ``stack`` closes."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - distributed is a dependency
        raise ConfigError("the dask engine needs the 'distributed' package") from exc
    if scheduler:
        try:
            return stack.enter_context(Client(scheduler, timeout="20s", set_as_default=False))
        except OSError as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
    cluster = stack.enter_context(LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                               dashboard_address=None, host="127.0.0.1",
                                               silence_logs=logging.CRITICAL))  # shutdown chatter
    return stack.enter_context(Client(cluster, set_as_default=False))
