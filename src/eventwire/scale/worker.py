"""What an engine's worker runs: one batch through the pipeline, built once per process."""
from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator
from itertools import islice

from ..model import Article, Result
from ..pipeline import Pipeline
from ..settings import Settings

_PIPELINES: dict[bytes, Pipeline] = {}


def pipeline_for(settings: Settings) -> Pipeline:
    """The process's pipeline for ``settings``: the model loads once per worker, not per batch."""
    key = pickle.dumps(settings)
    if key not in _PIPELINES:
        _PIPELINES[key] = Pipeline(settings=settings)
    return _PIPELINES[key]


def code_batch(articles: list[Article], settings: Settings) -> list[Result]:
    return pipeline_for(settings).process_batch(articles)


def batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while batch := list(islice(it, size)):
        yield batch
