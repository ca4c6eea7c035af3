"""Per-article limits: empty, binary, repaired and oversized articles each get a note and the run goes on."""
from __future__ import annotations

import time

import pytest

from eventwire.limits import TimeLimitError, check_limits, cut_point, limit_sentences, looks_binary_text, time_limit
from eventwire.model import Article, Record
from eventwire.pipeline import Pipeline, stage
from eventwire.settings import load_settings

NEWS = "Russian troops shelled Kharkiv on Monday, Ukrainian officials said."


def _checked(text: str, **overrides) -> Record:
    record = Record(article=Article(id="t", text=text), text=text)
    check_limits([record], load_settings(**overrides))
    return record


def _codes(record: Record) -> list[str]:
    return [e.code for e in record.errors]


@pytest.mark.parametrize("text", ["", "   \n\t ", "\n\n"])
def test_limits_empty_article_is_skipped_with_ew201(text):
    record = _checked(text)
    assert _codes(record) == ["EW201"] and record.skip


@pytest.mark.parametrize("text", ["PK\x03\x04\x00\x00" * 50, "\x01\x02\x03\x1b abc " * 100, "\ufffd\ufffdx" * 200])
def test_limits_binary_text_is_skipped_with_ew104(text):
    record = _checked(text)
    assert _codes(record) == ["EW104"] and record.skip and record.text == ""


def test_limits_lone_surrogate_is_repaired_and_reported_with_ew107():
    record = _checked("Putin met Xi \ud800 in Moscow.")
    assert _codes(record) == ["EW107"] and not record.skip
    assert record.article.text == "Putin met Xi \ufffd in Moscow."
    record.article.text.encode("utf-8")  # writable as UTF-8 now


def test_limits_caller_article_is_not_changed_when_repaired():
    article = Article(id="t", text="abc \ud800 def")
    record = Record(article=article, text=article.text)
    check_limits([record], load_settings())
    assert article.text == "abc \ud800 def" and record.article is not article


def test_limits_plain_news_passes_untouched():
    record = _checked(NEWS)
    assert record.errors == [] and not record.skip and record.article.text == NEWS


def test_limits_long_article_is_cut_at_a_paragraph_break_with_ew202():
    paragraph = NEWS + " " + NEWS + "\n\n"
    text = paragraph * 40
    record = _checked(text, max_chars=1000)
    assert _codes(record) == ["EW202"] and not record.skip
    assert len(record.article.text) <= 1000 and text.startswith(record.article.text)
    assert record.article.text.endswith("said.")  # a whole paragraph, not half a word


@pytest.mark.parametrize("text, limit, expected", [
    ("aaaa bbbb\n\ncccc dddd", 15, 9),   # the paragraph break
    ("aaaa bbbb cccc dddd", 12, 9),      # else the last space in the window
    ("x" * 50, 20, 20),                  # one endless word: a hard cut
])
def test_limits_cut_point(text, limit, expected):
    assert cut_point(text, limit) == expected


def test_limits_looks_binary_text_accepts_news_in_any_script():
    for text in (NEWS, "Российские войска обстреляли Харьков.", "俄罗斯军队周四进入乌克兰。", "line\tone\nline two\r\n"):
        assert not looks_binary_text(text)


def test_limits_sentence_limit_keeps_the_first_sentences(nlp):
    text = "Putin met Xi.\n" * 30
    record = Record(article=Article(id="t", text=text), text=text, offsets=list(range(len(text))))
    record.doc = nlp(text)
    limit_sentences([record], load_settings(max_sentences=10))
    assert len(list(record.doc.sents)) == 10 and _codes(record) == ["EW203"]
    assert record.text == record.doc.text and len(record.offsets) == len(record.text)


def test_limits_time_limit_stops_a_slow_block():
    started = time.monotonic()
    with pytest.raises(TimeLimitError) as caught:
        with time_limit(0.2, "stage slow"):
            while True:
                pass
    assert time.monotonic() - started < 5 and caught.value.code == "EW204"


@stage("robustness_slow", requires=["text"])
def _slow_on_marked_articles(records, settings):
    for record in records:
        while "SLOW" in record.text:
            pass


def test_limits_slow_article_fails_alone_and_the_batch_goes_on():
    settings = load_settings(max_seconds=0.3)
    pipe = Pipeline(["robustness_slow"], settings=settings)
    results = pipe.process_batch([Article(id="a", text="fine"), Article(id="b", text="SLOW"),
                                  Article(id="c", text="fine too")])
    assert [r.id for r in results] == ["a", "b", "c"]
    assert [[e.code for e in r.errors] for r in results] == [[], ["EW204"], []]


def test_limits_default_pipeline_runs_limits_first_and_language_before_nlp():
    names = load_settings().pipeline
    assert names[0] == "limits"
    assert names.index("clean") < names.index("language") < names.index("nlp") < names.index("sentence_limit")
