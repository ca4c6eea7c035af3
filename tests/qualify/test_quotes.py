"""quotes: every direct quotation, its exact span and its speaker."""
from __future__ import annotations

import pytest

from eventwire.model import Actor, Article, Mention, Record
from eventwire.qualify.attribution import quotation_spans
from eventwire.qualify.quotes import collect_quotes
from eventwire.settings import load_settings

pytestmark = pytest.mark.integration


def _quotes(nlp, text, mentions=()):
    record = Record(article=Article(id="q1", text=text), text=text, doc=nlp(text), mentions=list(mentions))
    collect_quotes([record], load_settings())
    return record.quotes


CASES = [
    # the speech verb before, after, or inverted after the quotation
    ("Defence Minister Anna Kowal said, “Poland will send two brigades to the border.”",
     [("Poland will send two brigades to the border.", "Anna Kowal", [])]),
    ("“Poland will send two brigades to the border,” Defence Minister Anna Kowal said.",
     [("Poland will send two brigades to the border,", "Anna Kowal", [])]),
    ("“We will not attack anyone,” said Foreign Minister Sergei Lavrov.",
     [("We will not attack anyone,", "Sergei Lavrov", [])]),
    ("The interior ministry said in a statement: “Order has been restored in all districts.”",
     [("Order has been restored in all districts.", "The interior ministry", [])]),
    ("“The shelling lasted all night,” a local official said.",
     [("The shelling lasted all night,", "a local official", [])]),
    # straight quotation marks
    ('"The airport will stay closed until Friday," the transport agency said.',
     [("The airport will stay closed until Friday,", "the transport agency", [])]),
    # a quotation over several sentences
    ("General Marek Nowak said: “Our units are ready. They will move at dawn.”",
     [("Our units are ready. They will move at dawn.", "Marek Nowak", [])]),
    # relayed through an outlet
    ("Foreign Minister Dmytro Kuleba told CNN: “Russian jets bombed the airport this morning.”",
     [("Russian jets bombed the airport this morning.", "Dmytro Kuleba", ["CNN"])]),
    # a continuing quotation takes the previous sentence's speaker
    ("“We will not attack,” said Foreign Minister Sergei Lavrov. “Our troops are leaving the region.”",
     [("We will not attack,", "Sergei Lavrov", []), ("Our troops are leaving the region.", "Sergei Lavrov", [])]),
    # a pronoun speaker inherits the earlier speaker
    ("President Elena Varga spoke in Budapest. She said, “Hungary will not send weapons.”",
     [("Hungary will not send weapons.", "Elena Varga", [])]),
    # short quotations: kept when a cue introduces them, dropped as scare quotes otherwise
    ("The ministry called the report “absurd”.", [("absurd", "The ministry", [])]),
    ("The so-called “referendum” was held on Sunday, officials said.", []),
    ('Protesters waved "peace" banners outside the embassy.', []),
    # no cue anywhere: the quotation stays, its speaker is unknown
    ("A banner on the bridge read “No war in our city, no war in Europe”.",
     [("No war in our city, no war in Europe", None, [])]),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_quotes_find_text_and_speaker(nlp, text, expected):
    assert [(q.text, q.speaker, q.via) for q in _quotes(nlp, text)] == expected


@pytest.mark.parametrize("text", [case[0] for case in CASES])
def test_quotes_span_points_at_the_quoted_words(nlp, text):
    for quote in _quotes(nlp, text):
        assert text[quote.span[0]:quote.span[1]] == quote.text
        assert text[quote.span[0] - 1] in "“\""


def test_quotes_paragraph_quote_continues_in_the_next_paragraph():
    text = ("The commander said: “We held the line for three days.\n\n"
            "“Then the reinforcements came,” he added.")
    spans = quotation_spans(text)
    assert [text[s:e] for s, e in spans] == ["We held the line for three days.", "Then the reinforcements came,"]


def test_quotes_speaker_actor_comes_from_the_mention(nlp):
    text = "“Troops will return to their bases,” the Kremlin said."
    kremlin = Actor.make("the Kremlin", "RUS", "GOV", name="Russia")
    doc_quotes = _quotes(nlp, text, mentions=[Mention(8, 10, kremlin, "metonym")])
    assert [(q.speaker, q.speaker_actor) for q in doc_quotes] == [("the Kremlin", kremlin)]


def test_quotes_paragraph_break_ends_the_speaker_of_a_previous_sentence(nlp):
    text = "Defence Minister Anna Kowal spoke on Monday.\n\n“The convoy left the base at dawn today.”"
    assert [(q.text, q.speaker) for q in _quotes(nlp, text)] == [("The convoy left the base at dawn today.", None)]


# ---------------------------------------------------------------- claims: speaker + cue + content

def _claims(nlp, text):
    record = Record(article=Article(id="c1", text=text), text=text, doc=nlp(text))
    collect_quotes([record], load_settings())
    for claim in record.claims:
        assert text[claim.content_span[0]:claim.content_span[1]] == claim.content
        assert text[claim.cue_span[0]:claim.cue_span[1]] == claim.cue
    return [(c.speaker, c.cue, c.content, text[c.speaker_span[0]:c.speaker_span[1]] if c.speaker_span else None)
            for c in record.claims]


CLAIMS = [
    # reported speech: the complement clause, the clause before a trailing report, "according to"
    ("The mayor said that the bridge would reopen in May.",
     [("The mayor", "said", "that the bridge would reopen in May", "The mayor")]),
    ("The bridge will reopen in May, a city official said on Monday.",
     [("a city official", "said", "The bridge will reopen in May", "a city official")]),
    ("According to the ministry, two schools were closed.",
     [("the ministry", "According to", "two schools were closed", "the ministry")]),
    # an addressee is not what is said
    ("The senator told reporters that the vote was delayed.",
     [("The senator", "told", "that the vote was delayed", "The senator")]),
    # a quotation its cue introduces; the parts around one cue make one claim
    ("“We will win,” the candidate said. “Nobody can stop us.”",
     [("the candidate", "said", "We will win,” the candidate said. “Nobody can stop us.", "the candidate")]),
    # stances: an intention, support, a call for something
    ("The governor wants to raise the minimum wage.",
     [("The governor", "wants", "to raise the minimum wage", "The governor")]),
    ("The union backed the new contract.", [("The union", "backed", "the new contract", "The union")]),
    ("Activists called for an independent inquiry.",
     [("Activists", "called", "an independent inquiry", "Activists")]),
    # knowledge and perception are stances of their subject
    ("Party leaders know that the budget will not pass.",
     [("Party leaders", "know", "that the budget will not pass", "Party leaders")]),
    # what a speech act is about: the object of "of", "about", "against"
    ("The senator spoke of a deep crisis in the party.",
     [("The senator", "spoke", "a deep crisis in the party", "The senator")]),
    ("Protest leaders railed against the new curfew.",
     [("Protest leaders", "railed", "the new curfew", "Protest leaders")]),
    # a pronoun is the speaker as written; the claim names whom it stands for
    ("Maria Lopez spoke in Denver. She said the plan was unfair.",
     [("Maria Lopez", "said", "the plan was unfair", "She")]),
    # no reporting at all
    ("The river flooded three villages overnight.", []),
]


@pytest.mark.parametrize("text,expected", CLAIMS)
def test_quotes_claims_record_speaker_cue_and_content(nlp, text, expected):
    assert _claims(nlp, text) == expected


def test_quotes_claims_a_colon_carries_the_speaker_into_the_next_paragraph(nlp):
    text = "The chairman said:\n\n“The company will not sell the plant.”"
    assert _claims(nlp, text) == [("The chairman", "said", "The company will not sell the plant.", "The chairman")]


def test_quotes_claims_stance_verbs_do_not_take_quotations(nlp):
    text = "The mayor praised the firefighters. “They saved the whole street,” the fire chief said."
    speakers = {content: speaker for speaker, _, content, _ in _claims(nlp, text)}
    assert speakers["They saved the whole street,"] == "the fire chief"
    assert speakers["the firefighters"] == "The mayor"


def test_quotes_claims_inside_a_quotation_belong_to_the_quotation(nlp):
    text = "“I think the deal is dead,” the senator said."
    assert [(s, cue) for s, cue, _, _ in _claims(nlp, text)] == [("the senator", "said")]


def test_quotes_claims_a_stance_inside_a_report_is_part_of_its_content(nlp):
    text = "The mayor said she wants to close the road."
    assert [(s, cue, content) for s, cue, content, _ in _claims(nlp, text)] == [
        ("The mayor", "said", "she wants to close the road")]


def test_quotes_claims_a_signed_quotation_names_its_signer(nlp):
    text = "Readers wrote to us.\n“The debate was a disgrace for the country.” ― Jane Moreno\n“Another line.”"
    quotes = _quotes(nlp, text)
    assert quotes[0].speaker == "Jane Moreno"
    assert ("Jane Moreno", "―", "The debate was a disgrace for the country.", "Jane Moreno") in _claims(nlp, text)


@pytest.mark.parametrize("text,expected", [
    ("SMITH: We will not raise taxes next year.\nJONES: Then how will you pay for it?",
     [("SMITH", ":", "We will not raise taxes next year.", "SMITH"),
      ("JONES", ":", "Then how will you pay for it?", "JONES")]),
    ("Correction: An earlier version misspelled a name.", []),
])
def test_quotes_claims_a_line_label_and_colon_make_a_transcript_claim(nlp, text, expected):
    assert _claims(nlp, text) == expected
