"""Shared fixtures: the real spaCy model (loaded once) and a helper that runs stages on text."""
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    from eventwire.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def run_stages():
    """run_stages(text, stages, published=None) -> Record after the named stages (errors raise)."""
    from eventwire.model import Article, Record
    from eventwire.pipeline import Pipeline

    def run(text, stages=("clean", "nlp", "actors", "events"), published=None, **article_fields):
        pipe = Pipeline(list(stages), on_error="raise")
        record = Record(article=Article(id="t", text=text, published=published, **article_fields), text=text)
        for info in pipe.stages:
            info.func([record], pipe.settings)
        return record

    return run


@pytest.fixture(scope="session")
def shared_eval():
    """The evaluation folder beside the project, or skip: a user's clone has none."""
    path = SHARED / "eval"
    if not path.is_dir():
        pytest.skip("../shared/eval is not present (it exists only in the development workspace)")
    return path
