"""The nlp stage parses in small steps (bounded worker memory) with the same result as one by one."""
import pytest

from eventwire.model import Article, Record
from eventwire.nlp import PIPE_BATCH_SIZE, parse
from eventwire.settings import load_settings

from .conftest import NEWS

pytestmark = pytest.mark.integration


def test_nlp_stage_in_steps_parses_like_one_text_at_a_time(nlp):
    texts = [" ".join(NEWS[i:] + NEWS[:i]) for i in range(PIPE_BATCH_SIZE + 3)]
    records = [Record(article=Article(id=str(i), text=t), text=t) for i, t in enumerate(texts)]
    parse(records, load_settings(batch_size=32))
    for record, text in zip(records, texts):
        alone = nlp(text)
        assert [(t.text, t.dep_, t.head.i, t.ent_type_) for t in record.doc] == \
               [(t.text, t.dep_, t.head.i, t.ent_type_) for t in alone]
