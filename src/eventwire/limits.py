"""Per-article limits: what keeps one hostile or broken article from costing the whole run.

Two stages and one guard:

* ``limits`` (before ``clean``): an empty article (EW201) or one whose text is binary
  (EW104) is skipped with a note; lone surrogates (from ``\\ud800`` escapes in JSON) are
  replaced by U+FFFD, and text holding U+FFFD (undecodable bytes the readers replaced) is
  reported (EW107), so repaired text is never silent; an article over ``max_chars`` is cut
  at the last paragraph or word break before the limit and coded, with a note (EW202).
  Cutting comes first because cleaning and parsing cost grows with the text.
* ``sentence_limit`` (after ``nlp``): a parse with more than ``max_sentences`` sentences
  keeps the first ones (EW203), so the coding stages stay bounded.
* :func:`time_limit`: :class:`~eventwire.pipeline.Pipeline` runs every stage call under it,
  ``max_seconds`` of CPU time per article; an article that overruns fails alone with EW204.

Notes are ``RecordError``s on the article's output line; only EW104 and EW201 stop coding.
"""
from __future__ import annotations

import dataclasses
import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import MESSAGES, EventwireError
from .model import Record, RecordError
from .pipeline import stage
from .readers._base import looks_binary, repair_surrogates
from .settings import Settings

_SNIFF_CHARS = 8192
_REPLACEMENT = "\ufffd"
_MAX_REPLACED_SHARE = 0.3  # more U+FFFD than this: bytes of another kind decoded as UTF-8
_BREAK_WINDOW = 0.1  # look this far back from the limit (share of it) for a paragraph break
_MIN_BREAK_WINDOW = 200  # characters, for small limits
_NOT_CODED = ("EW104", "EW201")  # notes that leave nothing to code


class TimeLimitError(EventwireError):
    code = "EW204"


@stage("limits", requires=["article"], assigns=["limits"])
def check_limits(records: list[Record], settings: Settings) -> None:
    for record in records:
        notes = _check_article(record, settings.max_chars)
        record.errors.extend(notes)
        if any(note.code in _NOT_CODED for note in notes):
            record.skip = True


@stage("sentence_limit", requires=["doc"], assigns=["sentence_limit"])
def limit_sentences(records: list[Record], settings: Settings) -> None:
    for record in records:
        end = _sentences_end(record.doc, settings.max_sentences)
        if end is None:
            continue
        record.doc = record.doc[:end].as_doc()
        record.text = record.text[:len(record.doc.text)]
        record.offsets = record.offsets[:len(record.text)]
        record.posts = [p for p in record.posts if p.signature_span[1] <= len(record.text)]
        record.errors.append(_note("sentence_limit", "EW203", f"kept the first {settings.max_sentences} "
                                   f"sentences (limit max_sentences); the rest is not coded"))


def _check_article(record: Record, max_chars: int) -> list[RecordError]:
    """Repair the article's text in place and return the notes it earns."""
    text = repair_surrogates(record.article.text or "")
    if not text.strip():
        return [_note("limits", "EW201", "nothing to code")]
    if looks_binary_text(text):
        record.text = ""  # nothing of it is worth storing
        return [_note("limits", "EW104", "the text is binary data, not language")]
    notes = []
    replaced = text.count(_REPLACEMENT)
    if replaced:
        notes.append(_note("limits", "EW107", f"{replaced} undecodable characters were replaced by U+FFFD"))
    if len(text) > max_chars:
        cut = cut_point(text, max_chars)
        notes.append(_note("limits", "EW202", f"{len(text)} characters; coded the first {cut} "
                                              f"(limit max_chars = {max_chars})"))
        text = text[:cut]
    if text != record.article.text:  # a copy: the caller's Article stays as it was given
        record.article = dataclasses.replace(record.article, text=text)
        record.text = text
    return notes


def looks_binary_text(text: str) -> bool:
    """Decoded binary: NULs or control characters (as for files), or mostly U+FFFD."""
    sample = text[:_SNIFF_CHARS]
    if looks_binary(sample.encode("utf-8", errors="replace")):
        return True
    return sample.count(_REPLACEMENT) > _MAX_REPLACED_SHARE * len(sample)


def cut_point(text: str, limit: int) -> int:
    """Where to cut ``text`` to at most ``limit`` characters: at the last paragraph break, else line
    break, else whitespace in the last tenth (at least 200 characters) before the limit; at the limit
    if there is none."""
    floor = max(0, limit - max(int(limit * _BREAK_WINDOW), _MIN_BREAK_WINDOW))
    window = text[floor:limit]
    for pattern in (r"\n\s*\n", r"\n", r"\s"):
        breaks = [m.start() for m in re.finditer(pattern, window)]
        if breaks and floor + breaks[-1] > 0:
            return floor + breaks[-1]
    return limit


def _sentences_end(doc, max_sentences: int) -> int | None:
    """The token index where sentence ``max_sentences + 1`` starts, or None if there are fewer."""
    if doc is None:
        return None
    for count, sentence in enumerate(doc.sents):
        if count == max_sentences:
            return sentence.start
    return None


def _note(stage_name: str, code: str, detail: str) -> RecordError:
    return RecordError(stage=stage_name, code=code, message=f"{MESSAGES[code]}: {detail}")


@contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """Raise :class:`TimeLimitError` in the block after ``seconds`` of this process's CPU time.

    CPU time, not wall time: a loaded machine (other runs, other workers) must not fail articles
    that are merely waiting for a core. A ``SIGPROF`` timer: it works in the main thread of a
    process (the CLI and process-pool workers); elsewhere, or when another profiling timer is
    already running, the block runs unbounded. Code stuck inside one C call (a regex) is
    interrupted only when it returns to Python.
    """
    usable = (seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread()
              and signal.getitimer(signal.ITIMER_PROF)[0] == 0)
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise TimeLimitError(f"{what} took over {seconds:g} s of CPU time (limit max_seconds per article)")

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
