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

import logging
import os
import tempfile
import zipfile
from functools import cache
from pathlib import Path

from .errors import MESSAGES
from .model import Record, RecordError
from .pipeline import stage
from .settings import Settings

_DEFAULTS = {"coded": ["en"], "min_confidence": 0.8, "sample_chars": 5000}
_LATIN_END = 0x250  # Basic Latin to Latin Extended-B

log = logging.getLogger(__name__)
# What reading or writing the cached language model can raise: file errors, a damaged archive.
_UNREADABLE = (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile)


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

    try:
        return _identifier_from_cache(LanguageIdentifier)
    except _UNREADABLE as exc:  # an unwritable cache directory: the shipped way
        log.debug("language model cache not used: %s", exc)
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


# py3langid ships its model LZMA-compressed: unpacking it costs every new process ~0.4 s of CPU.
# The unpacked model (the same arrays, an uncompressed .npz) is kept in the user cache directory,
# named by the py3langid version, and read from there; it is written atomically, once per machine.
def _identifier_from_cache(identifier_type):
    import importlib.metadata

    from py3langid.langid import MODEL_DIR, MODEL_FILE

    from .qualify.gazetteer_store import cache_dir

    path = cache_dir() / f"langid-{importlib.metadata.version('py3langid')}.npz"
    if not path.is_file():
        _unpack(MODEL_DIR / MODEL_FILE, path)
    try:
        return _read_unpacked(path, identifier_type)
    except _UNREADABLE:  # a damaged file: unpacked again
        path.unlink(missing_ok=True)
        _unpack(MODEL_DIR / MODEL_FILE, path)
        return _read_unpacked(path, identifier_type)


def _read_unpacked(path: Path, identifier_type):
    """The identifier from the unpacked model, its arrays taken as ``py3langid.modelio.load_model`` takes them."""
    import numpy as np
    from py3langid import modelio

    with np.load(path, allow_pickle=False) as data:
        return identifier_type(np.asarray(data["ptc"]), np.asarray(data["pc"]), data["classes"].tolist(),
                               modelio._to_array(data["nextmove"]), data["out_feat"].tolist(),
                               norm_probs=True, tk_row=modelio._to_array(data["nextmove_row"]))


def _unpack(compressed: Path, path: Path) -> None:
    import lzma
    import shutil

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out, lzma.open(compressed) as source:
            shutil.copyfileobj(source, out, length=1 << 20)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
