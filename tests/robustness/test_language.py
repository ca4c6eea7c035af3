"""Language identification: other languages are stored with their language and a note, not coded."""
from __future__ import annotations

import pytest

from eventwire.language import identify, identify_languages
from eventwire.model import Article, Record
from eventwire.settings import load_settings

EN = ("en",)


@pytest.mark.parametrize("text, expected", [
    ("The ministry said in a statement that talks in Istanbul would resume on Tuesday.", "en"),
    ("Der Bundestag hat am Montag neue Sanktionen gegen Russland beschlossen.", "de"),
    ("Le président a rencontré son homologue russe à Moscou lundi.", "fr"),
    ("Российские войска обстреляли Харьков в понедельник.", "ru"),
    ("الجيش الروسي قصف مدينة خاركيف يوم الاثنين", "ar"),
])
def test_language_identify_news_sentences(text, expected):
    assert identify(text, EN, 0.8) == expected


@pytest.mark.parametrize("text", ["Putin met Xi.", "Russia invades Ukraine", "Kyiv, Ukraine (AP) —",
                                  "Lukashenko told Tsikhanouskaya supporters in Minsk to disperse."])
def test_language_short_english_with_foreign_names_stays_coded(text):
    assert identify(text, EN, 0.8) == "en"


def test_language_script_decides_short_non_latin_text():
    assert identify("Путин встретился с Си.", EN, 0.99) not in (None, "en")


@pytest.mark.parametrize("text", ["", "12:30 — 14:45", "!!! ??? ..."])
def test_language_no_letters_is_none(text):
    assert identify(text, EN, 0.8) is None


def test_language_stage_marks_other_languages_not_coded():
    texts = {"en": "Russian troops shelled Kharkiv on Monday, Ukrainian officials said.",
             "es": "El presidente dijo que las tropas rusas se retirarán de la frontera la próxima semana."}
    records = [Record(article=Article(id=key, text=text), text=text) for key, text in texts.items()]
    identify_languages(records, load_settings())
    english, spanish = records
    assert english.language == "en" and english.errors == [] and not english.skip
    assert spanish.language == "es" and spanish.skip
    assert [str(e) for e in spanish.errors] == ["EW205 language: not coded: language es"]


def test_language_coded_setting_widens_what_is_coded(tmp_path):
    config = tmp_path / "settings.toml"
    config.write_text('[language]\ncoded = ["en", "de"]\n')
    text = "Der Bundestag hat am Montag neue Sanktionen gegen Russland beschlossen."
    record = Record(article=Article(id="de", text=text), text=text)
    identify_languages([record], load_settings(config))
    assert record.language == "de" and not record.skip


TEXTS = ["The ministry said in a statement that talks would resume on Tuesday.",
         "Le président a rencontré son homologue à Moscou lundi.", "Putin met Xi.", "Российские войска"]


@pytest.fixture
def shipped():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def test_language_model_unpacked_into_the_cache_classifies_as_the_shipped_one(tmp_path, monkeypatch, shipped):
    from py3langid.langid import LanguageIdentifier

    from eventwire.language import _identifier_from_cache

    monkeypatch.setenv("EVENTWIRE_CACHE_DIR", str(tmp_path))
    unpacked = _identifier_from_cache(LanguageIdentifier)
    [path] = tmp_path.glob("langid-*.npz")
    written = path.stat().st_mtime_ns
    again = _identifier_from_cache(LanguageIdentifier)  # read from the file, not unpacked again
    assert path.stat().st_mtime_ns == written and not list(tmp_path.glob("*.tmp"))
    for text in TEXTS:
        assert unpacked.classify(text) == again.classify(text) == shipped.classify(text)
        assert unpacked.rank(text) == shipped.rank(text)


@pytest.mark.parametrize("damage", [b"not a model", b"PK\x03\x04 truncated"])
def test_language_model_cache_damaged_is_unpacked_again(tmp_path, monkeypatch, shipped, damage):
    from py3langid.langid import LanguageIdentifier

    from eventwire.language import _identifier_from_cache

    monkeypatch.setenv("EVENTWIRE_CACHE_DIR", str(tmp_path))
    _identifier_from_cache(LanguageIdentifier)
    [path] = tmp_path.glob("langid-*.npz")
    size = path.stat().st_size
    path.write_bytes(damage)
    identifier = _identifier_from_cache(LanguageIdentifier)
    assert path.stat().st_size == size
    assert [identifier.classify(t) for t in TEXTS] == [shipped.classify(t) for t in TEXTS]
