"""modality: the trigger's clause and the words governing it, up to a reporting verb."""
from __future__ import annotations

from importlib.resources import files

import pytest

from eventwire.model import MODALITIES, Article, Event, Record
from eventwire.qualify.modality import classify, qualify_modality
from eventwire.settings import load_settings

pytestmark = pytest.mark.integration

CASES = [
    # negated: negation on the trigger, on a governing verb, or a negating verb above it
    ("The ministry denied that its troops had crossed the border.", "crossed", "negated"),
    ("The general has not seen troops moving toward the border.", "moving", "negated"),
    ("Belarusian troops will not go to Ukraine, Lukashenko said.", "go", "negated"),
    ("Russia has no plans to invade Ukraine.", "invade", "negated"),
    ("Troops crossed the border without firing a shot.", "firing", "negated"),
    ("Kyiv says Russian forces never entered the city.", "entered", "negated"),
    ("Lithuania's president ruled out a military response.", "response", "negated"),
    ("The rebels didn't shell the market, the mayor said.", "shell", "negated"),
    ("The governor disputed that the prisoner was beaten.", "beaten", "negated"),
    ("The army rejected reports that its soldiers had looted shops.", "looted", "negated"),
    # a negated verb of perception or knowledge denies its object; other reporting verbs do not
    ("The coast guard said it had not observed any incursion by the boats.", "incursion", "negated"),
    ("The navy found no trace of a collision.", "collision", "negated"),
    ("The ministry did not confirm the air strike on the depot.", "strike", "asserted"),
    ("The navy has not seen the blockade causing any shortages.", "blockade", "asserted"),
    ("The navy has not seen the blockade causing any shortages.", "causing", "negated"),
    # conditional: the condition itself and its consequent
    ("If the alliance expands, Moscow would respond militarily.", "respond", "conditional"),
    ("If the alliance expands, Moscow would respond militarily.", "expands", "conditional"),
    ("Unless Kyiv withdraws, the rebels will storm the town.", "storm", "conditional"),
    ("The army will retaliate if the drones cross into its airspace.", "retaliate", "conditional"),
    # requested: the complement of a request verb
    ("The United States urged Russia to withdraw its forces.", "withdraw", "requested"),
    ("The senator called for sanctions against Lukashenko.", "sanctions", "requested"),
    ("Ukraine proposed Warsaw as the venue for the talks.", "talks", "requested"),
    ("Protesters demanded that the junta release the president.", "release", "requested"),
    # possible: hedging auxiliaries, adverbs and governors
    ("Officials said the army could deploy troops as early as Monday.", "deploy", "possible"),
    ("Moscow is ready to maybe participate in the talks.", "participate", "possible"),
    ("Russia is likely to strike the capital.", "strike", "possible"),
    ("Minsk is considering sending more troops.", "sending", "possible"),
    ("The army may close the airport.", "close", "possible"),
    ("The army possibly shelled the port.", "shelled", "possible"),
    ("The student died after allegedly being beaten by guards.", "beaten", "possible"),
    # an accusation that names no accuser hedges the act; a named accuser claims it
    ("The prison guards were accused of whipping two inmates.", "whipping", "possible"),
    ("Lawyers accused the prison guards of whipping two inmates.", "whipping", "asserted"),
    # future: will, going to, preparing/expected/set to, planned and upcoming nominal events
    ("Belarus is preparing to deploy troops into Ukraine.", "deploy", "future"),
    ("The two delegations will meet on the Belarusian border.", "meet", "future"),
    ("Peace talks are set for Monday.", "talks", "future"),
    ("Lukashenko's planned invasion of Ukraine worried Kyiv.", "invasion", "future"),
    ("Rebels are going to attack the city.", "attack", "future"),
    ("The president is expected to sign the decree next week.", "sign", "future"),
    ("The upcoming summit in Warsaw will discuss defence.", "summit", "future"),
    ("Putin said the troops would leave Belarus.", "leave", "future"),
    # the future of reported speech holds in every clause the report governs
    ("The bloc announced that flights would stop at once and that all borders would be closed.", "closed", "future"),
    # asserted: a reporting verb, a threat or a relative clause lends nothing to the event
    ("Putin put nuclear forces on high alert.", "put", "asserted"),
    ("Officials said the convoy that attacked the village will withdraw.", "attacked", "asserted"),
    ("Moscow threatened to cut gas supplies.", "cut", "asserted"),
    ("The foreign ministry said on Tuesday that troops had left the region.", "left", "asserted"),
    ("Ukraine and Russia agreed to hold talks in Gomel.", "agreed", "asserted"),
]


def _token(doc, word):
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize("text,trigger,expected", CASES)
def test_modality_classify_reads_the_governing_clause(nlp, text, trigger, expected):
    assert classify(_token(nlp(text), trigger)) == expected


def test_modality_classify_keeps_a_request_event_itself_asserted(nlp):
    doc = nlp("The senator called for sanctions against Lukashenko.")
    assert classify(_token(doc, "sanctions"), cameo="163") == "requested"
    assert classify(_token(doc, "sanctions"), cameo="1041") == "asserted"


def test_modality_classify_never_takes_tense_from_above_a_reporting_verb(nlp):
    doc = nlp("Officials will say that the troops withdrew.")
    assert classify(_token(doc, "withdrew")) == "asserted"


def test_modality_stage_fills_every_event(nlp):
    text = "The ministry denied that its troops had crossed the border, but they will leave on Friday."
    doc = nlp(text)
    record = Record(article=Article(id="m1", text=text), text=text, doc=doc)
    for word in ("crossed", "leave"):
        record.events.append(Event(source=None, target=None, cameo="190", plover=None, quad_class=4,
                                   goldstein=-10.0, trigger=word))
        record.event_tokens.append(_token(doc, word))
    qualify_modality([record], load_settings())
    assert [e.modality for e in record.events] == ["negated", "future"]
    assert all(e.modality in MODALITIES for e in record.events)


@pytest.mark.parametrize("key", ["negators", "future_auxiliaries", "possible_auxiliaries", "request_governors"])
def test_modality_cue_file_lists_lowercase_strings_once(key):
    import yaml

    text = files("eventwire.data").joinpath("modality.yaml").read_text("utf-8")
    assert text.startswith("#")
    words = yaml.safe_load(text)[key]
    assert all(isinstance(w, str) and w == w.lower() for w in words)
    assert len(words) == len(set(words))


@pytest.mark.integration
def test_modality_causal_due_to_is_not_a_plan(nlp):
    doc = nlp("The embassy closed due to safety issues stemming from the attack by rebel forces.")
    trigger = next(t for t in doc if t.text == "attack")
    assert classify(trigger, "190") == "asserted"


def test_modality_an_act_triggered_by_a_denial_verb_is_the_act_denied(nlp):
    doc = nlp("The police rejected the allegation.")
    assert classify(_token(doc, "rejected"), cameo="182") == "negated"  # the claimed beating, denied
    assert classify(_token(doc, "rejected"), cameo="016") == "asserted"  # the denial itself happened
