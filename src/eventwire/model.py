"""The one data model every stage shares.

Field names are the JSON keys of the output contract (``event-record.md``); only this
module turns records into contract JSON (``to_dict``) and back (``from_dict``).
A :class:`Record` travels through the pipeline the way a spaCy ``Doc`` travels through
components: each stage reads and fills it, nothing travels beside it.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

SCHEMA = "eventwire.event/1"

MODALITIES = ("asserted", "negated", "future", "possible", "conditional", "requested")
SPEAKER_TYPES = ("named_person", "anonymous_official", "organisation", "media", "social_media", "unknown")
PRECISIONS = ("country", "admin1", "city", "feature")
# The country of an agent the article names without saying whose it is ("gunmen", "villagers"):
# PETRARCH's "---" (``---UAF``, ``---CVL``); consumers read it as an unknown country.
UNKNOWN_COUNTRY = "---"


def _plain(value: Any) -> Any:
    """Dataclasses, lists and tuples -> JSON-ready values (tuples become lists)."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class _Contract:
    """to_dict/from_dict for dataclasses whose field names are the contract's keys."""

    __slots__ = ()
    _nested: dict[str, type] = {}

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}  # type: ignore[arg-type]

    @classmethod
    def from_dict(cls, data: dict[str, Any]):
        known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        kwargs = {}
        for key, value in data.items():
            if key not in known:
                continue
            nested = cls._nested.get(key)
            if nested is not None and isinstance(value, dict):
                value = nested.from_dict(value)
            elif nested is not None and isinstance(value, list):
                value = [nested.from_dict(v) if isinstance(v, dict) else v for v in value]
            kwargs[key] = value
        return cls(**kwargs)


@dataclass(slots=True)
class Article(_Contract):
    """One input article, in the contract's input shape."""

    id: str
    text: str
    published: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    origin: str | None = None  # where the reader found it ("file.jsonl:12"), for error messages
    error: RecordError | None = None  # set by a reader that could not read this record

    def to_dict(self) -> dict[str, Any]:
        out = _Contract.to_dict(self)
        out.pop("origin")
        out.pop("error")
        return {k: v for k, v in out.items() if v is not None or k in ("id", "text")}


@dataclass(slots=True)
class Actor(_Contract):
    text: str
    code: str
    country: str
    sector: str = ""
    name: str | None = None

    @classmethod
    def make(cls, text: str, country: str, sector: str = "", name: str | None = None) -> "Actor":
        return cls(text=text, code=country + sector, country=country, sector=sector, name=name)

    @property
    def known_country(self) -> str:
        """The actor's country, or "" when the article does not give it (``UNKNOWN_COUNTRY``)."""
        return "" if self.country == UNKNOWN_COUNTRY else self.country


@dataclass(slots=True)
class Place(_Contract):
    name: str
    country: str | None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    precision: str = "city"


@dataclass(slots=True)
class Attribution(_Contract):
    speaker: str
    speaker_type: str = "unknown"
    speaker_actor: Actor | None = None
    via: list[str] = field(default_factory=list)
    quote: bool = False
    _nested = {"speaker_actor": Actor}


@dataclass(slots=True)
class Event(_Contract):
    source: Actor | None
    target: Actor | None
    cameo: str
    plover: str | None
    quad_class: int
    goldstein: float
    modality: str = "asserted"
    attribution: Attribution | None = None
    date: str | None = None
    date_text: str | None = None
    location: Place | None = None
    date_precision: str | None = None  # day | week | month | year: how much of `date` the text gives
    sentence: str = ""
    span: tuple[int, int] = (0, 0)
    trigger: str = ""
    _nested = {"source": Actor, "target": Actor, "attribution": Attribution, "location": Place}

    @property
    def root(self) -> str:
        return self.cameo[:2]


@dataclass(slots=True)
class Quote(_Contract):
    speaker: str | None
    text: str
    span: tuple[int, int]
    speaker_actor: Actor | None = None
    via: list[str] = field(default_factory=list)
    _nested = {"speaker_actor": Actor}


@dataclass(slots=True)
class Claim(_Contract):
    """A reported speech act: who (``speaker``) says, through which words (``cue``), what (``content``).

    One per attribution the text makes, whether or not an event is coded from its content:
    "X said (that) ...", "according to X, ...", "..., X told CNN", "X said: “...”". Spans are
    character offsets into the cleaned ``text``; ``speaker_span`` is the source as written at
    the cue ("he", "a source"), while ``speaker`` names whom it refers to.
    """

    speaker: str
    cue: str
    content: str
    content_span: tuple[int, int]
    cue_span: tuple[int, int] = (0, 0)
    speaker_span: tuple[int, int] | None = None
    speaker_type: str = "unknown"
    speaker_actor: Actor | None = None
    via: list[str] = field(default_factory=list)
    quote: bool = False  # the content is a direct quotation
    _nested = {"speaker_actor": Actor}


@dataclass(slots=True)
class EmbeddedPost(_Contract):
    """A social-media post quoted inside an article (text span + its closing signature)."""

    author: str
    handle: str | None
    time: str | None  # ISO 8601 UTC, from the epoch timestamp in the signature
    span: tuple[int, int]  # the post's text in the cleaned text
    signature_span: tuple[int, int]


@dataclass(slots=True)
class RecordError(_Contract):
    stage: str
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.code} {self.stage}: {self.message}"


@dataclass(slots=True)
class Story(_Contract):
    story: str
    status: str
    event: Event
    first_seen: str | None
    last_seen: str | None
    articles: int
    outlets: int
    support: dict[str, int]
    reports: list[dict[str, Any]]
    contradictions: list[list[dict[str, Any]]] = field(default_factory=list)
    _nested = {"event": Event}


@dataclass(slots=True)
class Result(_Contract):
    """One output line: the contract's per-article result."""

    id: str
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    errors: list[RecordError] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)  # reported speech acts (added to eventwire.event/1)
    # Not part of the contract's output line; the store keeps them so spans can be shown.
    text: str = ""
    sentences: list[tuple[int, int]] = field(default_factory=list)
    posts: list[EmbeddedPost] = field(default_factory=list)
    article: Article | None = None
    language: str | None = None  # ISO 639 code from the language stage; None when not identified
    _nested = {"events": Event, "quotes": Quote, "errors": RecordError, "claims": Claim}

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "schema": SCHEMA,
            "events": [e.to_dict() for e in self.events],
            "quotes": [q.to_dict() for q in self.quotes],
            "errors": [str(e) for e in self.errors],
            "claims": [c.to_dict() for c in self.claims],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Result":
        errors = [e if isinstance(e, dict) else {"stage": "", "code": "", "message": str(e)}
                  for e in data.get("errors") or []]
        return _Contract.from_dict.__func__(cls, {**data, "errors": errors})  # type: ignore[attr-defined]


@dataclass(slots=True)
class Mention:
    """An actor found in the text: token range in the Doc plus its resolved Actor."""

    start: int  # token index
    end: int
    actor: Actor
    kind: str = "name"  # name | metonym | agent | person | pronoun | anaphor
    head: int = -1  # token index of the phrase's head; -1 when the mention is the span itself


@dataclass(slots=True)
class Record:
    """What travels through the pipeline for one article."""

    article: Article
    text: str = ""  # cleaned text; every span points here
    offsets: list[int] = field(default_factory=list)  # cleaned index -> scraped index
    posts: list[EmbeddedPost] = field(default_factory=list)
    doc: Any = None  # spacy.tokens.Doc
    mentions: list[Mention] = field(default_factory=list)
    people: dict[str, Actor] = field(default_factory=dict)  # surname/full name -> actor
    focus: list[str] = field(default_factory=list)  # the countries the article is about, most named first
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    errors: list[RecordError] = field(default_factory=list)
    event_tokens: list[Any] = field(default_factory=list)  # trigger Token per event, same order
    skip: bool = False  # set once a stage failed: later stages leave the record alone
    language: str | None = None  # ISO 639 code, set by the language stage

    def result(self) -> Result:
        sentences = [(s.start_char, s.end_char) for s in self.doc.sents] if self.doc is not None else []
        return Result(id=self.article.id, events=self.events, quotes=self.quotes, errors=self.errors,
                      claims=self.claims, text=self.text, sentences=sentences, posts=self.posts, article=self.article,
                      language=self.language)
