"""The events stage: roles from the dependency parse, on hand-written sentences."""
import pytest

pytestmark = pytest.mark.integration


def _events(run_stages, text):
    record = run_stages(text, ("nlp", "actors", "events"))
    return [(e.source.code, e.target.code if e.target else None, e.cameo) for e in record.events]


def _has(events, source, target, root):
    return any(s.startswith(source) and (t or "").startswith(target or "") and (target is not None or t is None)
               and c.startswith(root) for s, t, c in events)


def test_events_subject_verb_object(run_stages):
    assert _has(_events(run_stages, "Turkey condemned Sweden on Tuesday."), "TUR", "SWE", "11")


def test_events_passive_voice_swaps_roles(run_stages):
    events = _events(run_stages, "Georgian police were attacked by Russian troops near the border.")
    assert _has(events, "RUSMIL", "GEOCOP", "1") or _has(events, "RUSMIL", "GEOCOP", "18")


def test_events_target_after_directional_preposition(run_stages):
    events = _events(run_stages, "Belarus deployed troops into Ukraine.")
    assert _has(events, "BLR", "UKR", "15")


def test_events_symmetric_coordination_gives_both_directions(run_stages):
    events = _events(run_stages, "Armenian and Azerbaijani leaders agreed to hold peace talks.")
    assert _has(events, "ARMGOV", "AZEGOV", "03") and _has(events, "AZEGOV", "ARMGOV", "03")


def test_events_nominal_event_with_possessor(run_stages):
    events = _events(run_stages, "Russia's invasion of Ukraine entered its third year.")
    assert _has(events, "RUS", "UKR", "19")


def test_events_nominal_event_inside_noun_phrase_needs_both_roles(run_stages):
    events = _events(run_stages, "Hungary criticised the cost of participation in the invasion of Ukraine.")
    assert not any(c.startswith("19") for _, _, c in events)


def test_events_fully_stated_nominal_event_inside_noun_phrase_is_coded(run_stages):
    events = _events(run_stages, "Hungary criticised the cost of participation in the Russian invasion of Ukraine.")
    assert _has(events, "RUS", "UKR", "19")


def test_events_subject_inherited_through_xcomp(run_stages):
    events = _events(run_stages, "Serbia is preparing to expel Croatian diplomats.")
    assert any(s.startswith("SRB") for s, _, _ in events)


def test_events_none_from_sports_or_markets(run_stages):
    assert _events(run_stages, "Brazil beat Argentina 2-1 in the final on Sunday.") == []
    assert _events(run_stages, "Shares in London fell sharply as oil prices rose.") == []


def test_events_carry_code_tables(run_stages):
    record = run_stages("Iran threatened Israel with retaliation.", ("nlp", "actors", "events"))
    event = next(e for e in record.events if e.cameo.startswith("13"))
    assert event.plover == "THREATEN" and event.quad_class == 3 and event.goldstein < 0
    assert event.sentence.startswith("Iran threatened") and event.span[0] == 0
