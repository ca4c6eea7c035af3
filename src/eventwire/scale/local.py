"""The local engine: N processes on this machine, each with its own copy of the model.

Processes are started with ``spawn`` (no inherited DuckDB or thread state) and each builds its
pipeline once. At most ``2 * workers`` batches are in flight, so memory does not grow with the
input; results come back in input order.
"""
from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from ..model import Article, Result
from ..settings import Settings
from .worker import batches, code_batch, pipeline_for

IN_FLIGHT_PER_WORKER = 2  # one batch being coded, one waiting: workers never idle, memory stays flat


def code_locally(articles: Iterable[Article], settings: Settings, workers: int = 1) -> Iterator[Result]:
    if workers == 1:  # no process boundary: the same process_batch, without pickling
        for batch in batches(articles, settings.batch_size):
            yield from code_batch(batch, settings)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=pipeline_for, initargs=(settings,)) as pool:
        submissions = (pool.submit(code_batch, batch, settings) for batch in batches(articles, settings.batch_size))
        yield from ordered(submissions, IN_FLIGHT_PER_WORKER * workers)


def ordered(submissions: Iterator[Future], window: int) -> Iterator[Result]:
    """Results of batch futures in submission order, keeping at most ``window`` submitted ahead
    (``submissions`` is lazy: a batch is read and submitted only when there is room)."""
    pending: deque[Future] = deque()
    for future in submissions:
        pending.append(future)
        if len(pending) >= window:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()
