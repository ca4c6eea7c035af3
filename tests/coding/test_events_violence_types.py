"""Codes for the happenings conflict event data counts (seized weapons, new military posts,
retreats), on hand-written sentences."""
import pytest

pytestmark = pytest.mark.integration


def _events(run_stages, text):
    record = run_stages(text, ("nlp", "actors", "events"))
    return [(e.source.code, e.target.code if e.target else None, e.cameo) for e in record.events]


@pytest.mark.parametrize("text", [
    "Kenyan police found a cache of rifles in a farmhouse near Nakuru.",
    "Soldiers discovered two stashes of ammunition in the hills.",
    "Army engineers defused a roadside bomb near the bridge.",
])
def test_events_found_or_defused_weapons_are_confiscated(run_stages, text):
    assert any(c == "1711" for _, _, c in _events(run_stages, text))


def test_events_a_found_solution_is_no_seizure(run_stages):
    assert not any(c == "1711" for _, _, c in _events(run_stages, "Kenya and Uganda found a solution to the dispute."))


@pytest.mark.parametrize("text", [
    "Turkish troops established a new military post near the village.",
    "The rebels set up checkpoints on the main road.",
])
def test_events_a_military_post_set_up_is_a_deployment(run_stages, text):
    assert any(c.startswith("15") for _, _, c in _events(run_stages, text))


@pytest.mark.parametrize("text,code", [
    ("Nigerian troops withdrew from the border town on Sunday.", "0874"),  # armed forces yield: a retreat
    ("The Nigerian government withdrew from the talks on Sunday.", "080"),
])
def test_events_armed_forces_that_withdraw_retreat_militarily(run_stages, text, code):
    assert any(c == code for _, _, c in _events(run_stages, text))


def test_events_participle_before_a_noun_is_no_event(run_stages):
    """ "the ousted president" describes him; the coup is not told again."""
    events = _events(run_stages, "Gabon's army took power last week. The ousted Gabonese president met French envoys on Friday.")
    assert [c for _, _, c in events if c == "180"] == [], events


@pytest.mark.parametrize("text", [
    "Hundreds of villagers gathered outside the district court on Monday.",
    "Protests erupted in the capital after the vote.",
    "Dozens of students marched to the ministry on Friday.",
])
def test_events_protests_of_people_of_no_named_country_are_coded(run_stages, text):
    events = _events(run_stages, text)
    assert any(s.startswith("---") and c.startswith("14") for s, _, c in events), events


def test_events_villagers_meeting_someone_named_keep_the_meeting(run_stages):
    events = _events(run_stages, "Villagers met the Kenyan governor in Nakuru on Monday.")
    assert not any(c.startswith("14") for _, _, c in events), events


def test_events_a_speakers_own_protest_is_not_of_unnamed_protesters(run_stages):
    """ "we" is someone specific the coder did not resolve."""
    events = _events(run_stages, '"We will boycott the vote," he told reporters.')
    assert not any(s.startswith("---") for s, _, _ in events), events


def test_events_a_thrown_grenade_is_a_bombing(run_stages):
    events = _events(run_stages, "Gunmen threw a grenade at a police post in the market.")
    assert any(c == "183" for _, _, c in events), events


@pytest.mark.parametrize("text", [
    "The house of the Kenyan governor was attacked with grenades overnight.",
    "The office of the Kenyan governor in Nakuru has been targeted with a bomb attack.",
])
def test_events_a_thing_attacked_is_an_attack_on_its_owner(run_stages, text):
    events = _events(run_stages, text)
    assert any(s == "---" and t == "KENGOV" and c[:2] in ("18", "19") for s, t, c in events), events


def test_events_rapped_as_criticised_is_no_sexual_violence(run_stages):
    assert not any(c == "1821" for _, _, c in _events(run_stages, "Kenya's president rapped the opposition on Monday."))


@pytest.mark.parametrize("text,code", [
    ("Government troops retook the town from the rebels on Friday.", "192"),
    ("The army regained territory near the border last week.", "192"),
    ("Two women were raped near the camp, Kenyan police said.", "1821"),
    ("Government forces controlled the town of Kambi after a week of fighting.", "192"),
    ("The army established control over the northern district on Monday.", "192"),
    ("Turkish troops established three observation points near the border.", "154"),
    ("The rebels began leaving their last stronghold on Tuesday.", "0874"),
    ("Soldiers destroyed two landmines found near the school.", "1711"),
])
def test_events_territory_posts_retreats_sexual_violence_and_disabled_weapons(run_stages, text, code):
    assert any(c == code for _, _, c in _events(run_stages, text)), _events(run_stages, text)


def test_events_a_rally_of_prices_is_no_protest(run_stages):
    assert _events(run_stages, "Asian stocks climbed on Tuesday after a long rally in technology shares.") == []


def test_events_a_rally_in_a_named_place_is_a_protest(run_stages):
    events = _events(run_stages, "Thousands joined a rally in Nairobi against the new tax on Kenyan farmers.")
    assert any(s.startswith("KEN") and c.startswith("14") for s, _, c in events), events
