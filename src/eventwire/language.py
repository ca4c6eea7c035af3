"""The ``language`` stage: which language an article is in, and whether eventwire can code it.

The identifier is py3langid (langid.py's Naive Bayes over byte n-grams, the model shipped
inside the package, no download, ~0.1 ms per article) -- the one trafilatura uses for its
own language filter. The actor dictionaries, patterns and spaCy model are English, so an
article in another language gets ``language`` set, no events and the note
``EW205 language: not coded: language xx`` instead of events coded from garbage parses.

Short English text is where identifiers guess (a dateline, "Putin met Xi."), so the call is
"not English" only when it is safe: the text is mostly in a non-Latin script, or the
identifier is at least ``min_confidence`` sure of another language. Settings: ``[language]``.
"""
from __future__ import annotations

from functools import cache

from .errors import MESSAGES
from .model import Record, RecordError
from .pipeline import stage
from .settings import Settings

_DEFAULTS = {"coded": ["en"], "min_confidence": 0.8, "sample_chars": 5000}
_LATIN_END = 0x250  # Basic Latin to Latin Extended-B


@stage("language", requires=["text"], assigns=["language"])
def identify_languages(records: list[Record], settings: Settings) -> None:
    options = {**_DEFAULTS, **settings.section("language")}
    coded = tuple(options["coded"])
    for record in records:
        language = identify(record.text[:options["sample_chars"]], coded, options["min_confidence"])
        record.language = language
        if language is not None and language not in coded:
            record.errors.append(RecordError(stage="language", code="EW205",
                                             message=f"{MESSAGES['EW205']} {language}"))
            record.skip = True


def identify(text: str, coded: tuple[str, ...], min_confidence: float) -> str | None:
    """The ISO 639 code of ``text``'s language; a coded language unless another one is sure.

    None when the text has no letters at all.
    """
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return None
    language, confidence = _identifier().classify(text)
    if language in coded:
        return language
    non_latin = sum(1 for char in letters if ord(char) >= _LATIN_END)
    if confidence >= min_confidence or non_latin > len(letters) / 2:
        return language
    return coded[0]  # an unsure guess on Latin text: code it, as the pipeline always did


@cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
