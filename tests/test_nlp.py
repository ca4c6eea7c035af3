"""The entity look-ups stages use answer exactly what spaCy's ``doc.ents`` and ``span.ents`` answer."""
import pytest

from eventwire.nlp import entities, entities_in, entity_of

pytestmark = pytest.mark.integration

TEXTS = [
    "Kenyan President Amara Otieno met the German chancellor in Berlin on Tuesday, Reuters reported. "
    "The European Union said it would send 40 observers to Nairobi next month.",
    "Police in Lagos arrested three members of the Freedom Front after the rally, the Daily Ledger said.",
]


@pytest.fixture(scope="module")
def docs(nlp):
    return [nlp(text) for text in TEXTS]


def test_entities_are_the_docs_entities(docs):
    for doc in docs + docs:  # alternating docs: each answer is the doc's own
        assert entities(doc) == doc.ents
        assert len(entities(doc)) >= 4


def test_entity_of_a_token_is_the_entity_holding_it(docs):
    for doc in docs:
        for token in doc:
            expected = next((ent for ent in doc.ents if ent.start <= token.i < ent.end), None)
            assert entity_of(token) == expected


def test_entities_in_a_span_are_span_ents(docs):
    for doc in docs:
        for start in range(len(doc)):
            for end in range(start + 1, min(len(doc), start + 8) + 1):
                span = doc[start:end]
                assert entities_in(span) == list(span.ents)
