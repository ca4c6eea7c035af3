"""The ``quotes`` stage: every direct quotation of an article, with who said it.

Quotation marks are found by :func:`attribution.quotation_spans` and speakers by the
attribution stage's cue table, so a quote and an event in it always name the same speaker.
Scare quotes ("the so-called “referendum”") are dropped unless a reporting cue introduces them.
"""
from __future__ import annotations

from ..model import Quote, Record
from ..pipeline import stage
from ..settings import Settings
from .attribution import quotation_spans, quote_speaker, speakers_by_cue

# Quotations this short are scare quotes unless a cue introduces them ("called it “absurd”").
_SCARE_QUOTE_WORDS = 3


def find_quotes(record: Record) -> list[Quote]:
    """The record's direct quotations in text order, each with its speaker when one is found."""
    table = speakers_by_cue(record)
    quotes = []
    for start, end in quotation_spans(record.text):
        speaker, introduced = quote_speaker((start, end), record, table)
        if len(record.text[start:end].split()) <= _SCARE_QUOTE_WORDS and not introduced:
            continue
        quotes.append(Quote(speaker=speaker.text if speaker else None, text=record.text[start:end],
                            span=(start, end), speaker_actor=speaker.actor if speaker else None,
                            via=list(speaker.via) if speaker else []))
    return quotes


@stage("quotes", requires=["doc"], assigns=["quotes"])
def collect_quotes(records: list[Record], settings: Settings) -> None:
    for record in records:
        record.quotes = find_quotes(record)
