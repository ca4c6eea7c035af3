"""The ``quotes`` stage: every direct quotation of an article, with who said it, and every
reported speech act (``claims``: speaker + cue + content), coded as an event or not.

Quotation marks are found by :func:`attribution.quotation_spans` and speakers by the
attribution stage's cue table, so a quote and an event in it always name the same speaker.
Scare quotes ("the so-called “referendum”") are dropped unless a reporting cue introduces them.
A claim's content is what its cue governs ("X said [that ...]", "[...], according to X") or
the quotation it introduces ("X said: “...”"); the quoted parts around one cue ("“A,” X said,
“B.”") make one claim.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..model import Claim, Quote, Record
from ..pipeline import stage
from ..settings import Settings
from .attribution import (
    Speaker,
    Token,
    claim_of,
    is_stance_verb,
    label_claims,
    quotation_spans,
    quote_cue,
    reported_claims,
    signature_after,
    speakers_by_cue,
)

# Quotations this short are scare quotes unless a cue introduces them ("called it “absurd”").
_SCARE_QUOTE_WORDS = 3


@dataclass(slots=True)
class _Quotation:
    quote: Quote
    cue: Token | None  # the cue that reports it, if any
    signature: tuple[Speaker, tuple[int, int]] | None = None  # "“...” ― Name": the signer and the dash


def _quotations(record: Record, table: dict[int, Speaker]) -> list[_Quotation]:
    found = []
    for start, end in quotation_spans(record.text):
        signed = signature_after(end, record)
        cue, introduced = (None, True) if signed else quote_cue((start, end), record, table)
        if len(record.text[start:end].split()) <= _SCARE_QUOTE_WORDS and not introduced:
            continue
        speaker = signed[0] if signed else table[cue.i] if cue is not None else None
        quote = Quote(speaker=speaker.text if speaker else None, text=record.text[start:end],
                      span=(start, end), speaker_actor=speaker.actor if speaker else None,
                      via=list(speaker.via) if speaker else [])
        found.append(_Quotation(quote, cue, signed))
    return found


def find_quotes(record: Record) -> list[Quote]:
    """The record's direct quotations in text order, each with its speaker when one is found."""
    return [q.quote for q in _quotations(record, speakers_by_cue(record))]


def _with_quotation(claim: Claim, span: tuple[int, int], text: str) -> Claim:
    """A claim whose content also covers a quotation its cue introduces."""
    start, end = min(claim.content_span[0], span[0]), max(claim.content_span[1], span[1])
    return replace(claim, content_span=(start, end), content=text[start:end], quote=True)


def _outside_quotations(claims: dict[int, Claim], quotations: list[_Quotation]) -> dict[int, Claim]:
    """The claims whose cue is not inside a direct quotation: the quotation is the speaker's
    claim, and the "I think" and "they want" within it are the speaker's words, not a report."""
    spans = [q.quote.span for q in quotations]
    return {i: c for i, c in claims.items() if not _inside(c.cue_span, spans)}


def _signed_claim(quotation: _Quotation, text: str) -> Claim:
    quote, (signer, dash) = quotation.quote, quotation.signature
    return Claim(speaker=signer.text, cue=text[dash[0]:dash[1]], content=quote.text, content_span=quote.span,
                 cue_span=dash, speaker_span=signer.span, speaker_type=signer.speaker_type,
                 speaker_actor=signer.actor, quote=True)


def find_claims(record: Record, table: dict[int, Speaker], quotations: list[_Quotation]) -> list[Claim]:
    """Every reported speech act, in text order of its content."""
    by_cue = _outside_quotations(reported_claims(record, table), quotations)
    signed = []
    for quotation in quotations:
        cue, span = quotation.cue, quotation.quote.span
        if quotation.signature is not None:
            signed.append(_signed_claim(quotation, record.text))
        elif cue is not None and cue.i in by_cue:
            by_cue[cue.i] = _with_quotation(by_cue[cue.i], span, record.text)
        elif cue is not None:
            by_cue[cue.i] = claim_of(cue, table[cue.i], span, record.text, quote=True)
    labelled = label_claims(record)
    # A stance inside what someone else reports ("she said [she thinks ...]") is part of that content.
    reports = [c.content_span for c in labelled] + [c.content_span for i, c in by_cue.items()
                                                    if not is_stance_verb(record.doc[i])]
    kept = [c for i, c in by_cue.items() if not (is_stance_verb(record.doc[i]) and _inside(c.cue_span, reports))]
    return sorted([*kept, *signed, *labelled], key=lambda c: (c.content_span, c.cue_span))


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(start <= span[0] < end for start, end in spans)


@stage("quotes", requires=["doc"], assigns=["quotes", "claims"])
def collect_quotes(records: list[Record], settings: Settings) -> None:
    for record in records:
        table = speakers_by_cue(record)
        quotations = _quotations(record, table)
        record.quotes = [q.quote for q in quotations]
        record.claims = find_claims(record, table, quotations)
