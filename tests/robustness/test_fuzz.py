"""Property-based tests: hostile input through every reader, the cleaner and the whole code path.

Bounded example counts keep these in the normal suite; `make fuzz` runs the same checks on
100,000 inputs.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.strategies import hostile_text, input_file, jsonl_line
from fuzz.targets import check_clean, check_pipeline, check_readers, write_inputs
from eventwire.pipeline import Pipeline
from eventwire.readers.jsonl import parse_article_line

_FAST = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
_SLOW = settings(max_examples=25, deadline=None, database=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@_FAST
@given(hostile_text())
def test_fuzz_clean_offsets_and_posts_stay_inside_the_text(text):
    check_clean(text)


@_FAST
@given(jsonl_line())
def test_fuzz_jsonl_line_always_gives_one_article(line):
    article = parse_article_line(line.decode("utf-8", errors="replace"), "in.jsonl:1")
    assert isinstance(article.id, str) and isinstance(article.text, str)
    article.id.encode("utf-8")


@_FAST
@given(st.lists(input_file(), min_size=1, max_size=4))
def test_fuzz_readers_yield_articles_never_raise(files):
    with tempfile.TemporaryDirectory() as folder:
        check_readers(write_inputs(Path(folder), files), files)


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline()


@pytest.mark.integration
def test_fuzz_whole_code_path_one_result_per_article_spans_inside(pipeline):
    @_SLOW
    @given(st.lists(input_file(), min_size=1, max_size=6))
    def run(files):
        with tempfile.TemporaryDirectory() as folder:
            articles = check_readers(write_inputs(Path(folder), files), files)
        check_pipeline(pipeline, articles)

    run()
