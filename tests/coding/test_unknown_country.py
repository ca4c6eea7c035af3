"""Agents whose country the article never gives (``---`` + sector) and acts told without their
doer (an unidentified ``---`` source), on hand-written sentences."""
import pytest

pytestmark = pytest.mark.integration


def _events(run_stages, text):
    record = run_stages(text, ("nlp", "actors", "events"))
    return [(e.source.code, e.target.code if e.target else None, e.cameo) for e in record.events]


def _has(events, source, target, root):
    return any(s == source and t == target and c.startswith(root) for s, t, c in events)


@pytest.mark.parametrize("text,event", [
    ("Masked gunmen attacked villagers near the river crossing.", ("---UAF", "---CVL", "1")),
    ("Militants ambushed soldiers on a mountain road at dawn.", ("---REB", "---MIL", "1")),
    ("Hundreds of protesters marched through the old market on Sunday.", ("---CVL", None, "14")),
])
def test_events_agents_of_no_named_country_are_coded_with_unknown_country(run_stages, text, event):
    events = _events(run_stages, text)
    assert _has(events, *event), events


def test_events_an_agent_of_a_named_country_keeps_it(run_stages):
    events = _events(run_stages, "Kenyan police arrested three smugglers in Mombasa.")
    assert events and not any(s.startswith("---") for s, _, _ in events)


def test_events_a_word_of_no_clear_kind_is_no_unknown_country_actor(run_stages):
    assert _events(run_stages, "The visitors criticised the new rules.") == []


@pytest.mark.parametrize("text,target", [
    ("Four villagers were shot dead near the well on Friday.", "---CVL"),
    ("Two soldiers were killed on the outskirts of the town last night.", "---MIL"),
])
def test_events_past_act_told_without_its_doer_has_an_unidentified_source(run_stages, text, target):
    events = _events(run_stages, text)
    assert any(s == "---" and t == target and c[:2] in ("18", "19", "20") for s, t, c in events), events


@pytest.mark.parametrize("text", [
    "Four villagers were shot dead when soldiers opened fire near the well.",  # the doer, in another clause
    "The moment the island is invaded, the region will change.",  # a present passive: no past act
    "A farmer was beaten inside a police truck, witnesses said.",  # the force named in a modifier
])
def test_events_passive_whose_doer_the_sentence_names_gets_no_unidentified_source(run_stages, text):
    assert not any(s == "---" for s, _, _ in _events(run_stages, text))


def test_events_unidentified_doer_needs_someone_acted_upon(run_stages):
    assert _events(run_stages, "The building was destroyed overnight.") == []


@pytest.mark.parametrize("text,event", [
    ("A roadside bomb killed three villagers on the northern highway.", ("---", "---CVL", "1")),
    ("A landmine killed four villagers near the river crossing.", ("---", "---CVL", "1")),
    ("A grenade attack wounded two policemen outside the market.", ("---", "---COP", "1")),
    ("An air strike by government forces killed ten villagers.", ("---MIL", "---CVL", "1")),
])
def test_events_weapon_or_attack_as_subject_is_done_by_its_doer_or_no_one_named(run_stages, text, event):
    events = _events(run_stages, text)
    assert _has(events, *event), events


def test_events_act_of_no_named_doer_is_no_antecedent(run_stages):
    """ "the attack" names no new happening, and has no doer to take from the one told before."""
    events = _events(run_stages, "Two villagers were killed on Monday. The attack shocked the region.")
    assert events == [("---", "---CVL", "190")], events
