"""Hand-built pipeline results about invented political news, for the store, query, export and CLI tests."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from eventwire.model import Actor, Article, Attribution, Event, Place, Quote, RecordError, Result
from eventwire.store.duckdb import Store

DIPLOMATIC_TEXT = (
    "Romania's foreign ministry summoned Hungary's ambassador on Tuesday. "
    "Hungarian officials said Budapest would not recall its envoy. "
    "NATO urged both governments to lower the tone."
)
PROTEST_TEXT = (
    "Kenyan police arrested dozens of protesters in Nairobi on Sunday. "
    "Opposition leaders called for a national strike. "
    "\"We will not be silenced,\" said opposition spokesman Daniel Mwangi."
)


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for piece in text.split(". "):
        end = start + len(piece) + (0 if start + len(piece) == len(text) else 1)
        spans.append((start, end))
        start = end + 1
    return spans


def _event(text: str, sentence_start: str, **fields: Any) -> Event:
    start = text.index(sentence_start)
    end = next(e for s, e in _sentences(text) if s == start)
    return Event(sentence=text[start:end], span=(start, end), **fields)


def diplomatic_result(text: str = DIPLOMATIC_TEXT) -> Result:
    romania = Actor.make("Romania's foreign ministry", "ROU", "GOV", name="Romania")
    hungary = Actor.make("Hungary's ambassador", "HUN", "GOV", name="Hungary")
    events = [
        _event(text, "Romania's", source=romania, target=hungary, cameo="112", plover="ACCUSE", quad_class=3,
               goldstein=-2.0, date="2023-03-14", date_text="on Tuesday", trigger="summoned",
               location=Place("Bucharest", "ROU", 44.43, 26.106, 683506, "city")),
        _event(text, "Hungarian", source=Actor.make("Budapest", "HUN", "GOV", name="Hungary"), target=romania,
               cameo="161", plover="REDUCE", quad_class=4, goldstein=-4.0, modality="negated", trigger="recall",
               attribution=Attribution("Hungarian officials", "anonymous_official", via=["Reuters"])),
        _event(text, "NATO", source=Actor.make("NATO", "IGO", name="NATO"), target=hungary, cameo="0212",
               plover="REQUEST", quad_class=1, goldstein=3.0, trigger="urged", date="2023-03-15",
               location=Place("Romania", "ROU", 46.0, 25.0, 798549, "country")),
    ]
    article = Article(id="ew-ro-hu-1", text=text, published="2023-03-14", title="Bucharest summons envoy",
                      url="https://harborpost.example/ro-hu", outlet="harborpost.example", origin="in.jsonl:1")
    return Result(id=article.id, events=events, text=text, sentences=_sentences(text), article=article)


def protest_result() -> Result:
    text = PROTEST_TEXT
    quote_start = text.index("We will")
    opposition = Actor.make("Opposition leaders", "KEN", "OPP", name="Kenya")
    events = [
        _event(text, "Kenyan", source=Actor.make("Kenyan police", "KEN", "COP", name="Kenya"),
               target=Actor.make("protesters", "KEN", "CVL", name="Kenya"), cameo="173", plover="COERCE",
               quad_class=4, goldstein=-5.0, date="2023-03-19", date_text="on Sunday", trigger="arrested",
               location=Place("Nairobi", "KEN", -1.283, 36.817, 184745, "city")),
        _event(text, "Opposition leaders", source=opposition, target=None, cameo="020", plover="REQUEST",
               quad_class=1, goldstein=3.0, modality="requested", trigger="called for"),
    ]
    quotes = [Quote(speaker="Daniel Mwangi", text="We will not be silenced,",
                    span=(quote_start, quote_start + len("We will not be silenced,")), speaker_actor=opposition)]
    article = Article(id="ew-ke-protest-1", text=text, published="2023-03-20T08:30:00Z",
                      title="Police arrest protesters in Nairobi", url="https://dailyledger.example/ke",
                      outlet="dailyledger.example", origin="in.jsonl:2")
    return Result(id=article.id, events=events, quotes=quotes, text=text, sentences=_sentences(text),
                  article=article)


def failed_result() -> Result:
    article = Article(id="ew-empty-1", text="", published="2023-03-21", outlet="harborpost.example",
                      origin="in.jsonl:3")
    error = RecordError(stage="clean", code="EW201", message="article text is empty")
    return Result(id=article.id, errors=[error], article=article)


def sample_results() -> list[Result]:
    return [diplomatic_result(), protest_result(), failed_result()]


def build_database(path: Path) -> Path:
    with Store(path) as store:
        store.ingest(sample_results())
    return path
