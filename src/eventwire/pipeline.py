"""Pipeline: named stages composed like spaCy components.

A stage is a function ``(records: list[Record], settings: Settings) -> None`` that fills the
records in place, registered with :func:`stage` under a short name together with what it
``requires`` and ``assigns``. :class:`Pipeline` checks the order when it is built and runs
batches through the stages; a stage that raises on a batch is rerun record by record so a
bad record costs only itself (``on_error="record"``), or the error propagates
(``on_error="raise"``, for tests). Local and Dask engines both call
:meth:`Pipeline.process_batch`: one code path.
"""
from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from .errors import ConfigError, EventwireError
from .model import Article, Record, RecordError, Result
from .settings import Settings, load_settings

log = logging.getLogger(__name__)

StageFunc = Callable[[list[Record], Settings], None]

# Built-in stage name -> the module whose import registers it (imported only when used).
_BUILTIN_STAGES = {
    "clean": "eventwire.clean",
    "nlp": "eventwire.nlp",
    "actors": "eventwire.coding.actors",
    "events": "eventwire.coding.events",
    "modality": "eventwire.qualify.modality",
    "attribution": "eventwire.qualify.attribution",
    "quotes": "eventwire.qualify.quotes",
    "dates": "eventwire.qualify.dates",
    "places": "eventwire.qualify.places",
    "limits": "eventwire.limits",
    "sentence_limit": "eventwire.limits",
    "language": "eventwire.language",
}


@dataclass(frozen=True)
class StageInfo:
    name: str
    func: StageFunc
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()


_REGISTRY: dict[str, StageInfo] = {}


def stage(name: str, requires: Iterable[str] = (), assigns: Iterable[str] = ()):
    """Register a stage function under ``name`` (decorator)."""

    def register(func: StageFunc) -> StageFunc:
        _REGISTRY[name] = StageInfo(name, func, tuple(requires), tuple(assigns))
        return func

    return register


def registered_stages(names: Iterable[str] | None = None) -> dict[str, StageInfo]:
    """The registry, after importing the built-in modules of ``names`` (all built-ins if None)."""
    for name in _BUILTIN_STAGES if names is None else names:
        if name not in _REGISTRY and name in _BUILTIN_STAGES:
            importlib.import_module(_BUILTIN_STAGES[name])
    return dict(_REGISTRY)


@dataclass
class Pipeline:
    names: list[str] | None = None
    settings: Settings = field(default_factory=load_settings)
    on_error: str = "record"

    def __post_init__(self) -> None:
        if self.on_error not in ("record", "raise"):
            raise ConfigError(f"on_error must be 'record' or 'raise', not {self.on_error!r}")
        names = list(self.names or self.settings.pipeline)
        available = registered_stages(names)
        have = {"article", "text"}  # the raw text stands in when clean is disabled
        self.stages: list[StageInfo] = []
        for name in names:
            info = available.get(name)
            if info is None:
                raise ConfigError(f"unknown stage {name!r}; known: {', '.join(sorted(available))}", "EW401")
            missing = [r for r in info.requires if r not in have]
            if missing:
                raise ConfigError(f"stage {name!r} requires {missing} before it", "EW402")
            have.update(info.assigns)
            self.stages.append(info)
        self.names = names

    def process_batch(self, articles: list[Article]) -> list[Result]:
        """Run one batch through every stage; one Result per article, in order."""
        return [r.result() for r in self.process_records(articles)]

    def process_records(self, articles: list[Article]) -> list[Record]:
        """Run one batch through every stage and keep the Records (Doc included), in order:
        for commands that read more of a record than its Result carries."""
        records = [self._record(a) for a in articles]
        for info in self.stages:
            self._run_stage(info, [r for r in records if not r.skip])
        return records

    def process(self, articles: Iterable[Article], batch_size: int | None = None) -> Iterator[Result]:
        """Stream results as batches finish; memory holds one batch at a time."""
        size = batch_size or self.settings.batch_size
        it = iter(articles)
        while batch := list(islice(it, size)):
            yield from self.process_batch(batch)

    @staticmethod
    def _record(article: Article) -> Record:
        record = Record(article=article, text=article.text or "")
        if article.error is not None:
            record.errors.append(article.error)
            record.skip = True
        return record

    def _run_stage(self, info: StageInfo, records: list[Record]) -> None:
        if not records:
            return
        try:
            self._call(info, records)
            return
        except Exception:
            if self.on_error == "raise":
                raise
            if len(records) == 1:
                self._fail(info, records[0])
                return
        for record in records:  # rerun one by one so a bad record costs only itself
            try:
                self._call(info, [record])
            except Exception:
                self._fail(info, record)

    def _call(self, info: StageInfo, records: list[Record]) -> None:
        """One stage call, stopped after ``max_seconds`` per article (see ``limits.time_limit``)."""
        from .limits import time_limit

        what = f"stage {info.name} on {len(records)} article{'s' if len(records) > 1 else ''}"
        with time_limit(self.settings.max_seconds * len(records), what):
            info.func(records, self.settings)

    @staticmethod
    def _fail(info: StageInfo, record: Record) -> None:
        import sys

        exc = sys.exc_info()[1]
        code = exc.code if isinstance(exc, EventwireError) else "EW200"
        message = exc.detail if isinstance(exc, EventwireError) else f"{type(exc).__name__}: {exc}"
        log.debug("stage %s failed on %s", info.name, record.article.id, exc_info=True)
        record.errors.append(RecordError(stage=info.name, code=code, message=message))
        record.events, record.quotes, record.claims, record.skip = [], [], [], True
