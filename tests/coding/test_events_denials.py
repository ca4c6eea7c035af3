"""The events stage on claims and their denials: what a denial says did not happen is the
happening it answers, coded with that happening's roles (invented sentences)."""
import pytest

pytestmark = pytest.mark.integration

_STAGES = ("nlp", "actors", "events")


def _later(run_stages, text):
    """(source, target, code) of the events coded after the first sentence."""
    record = run_stages(text, _STAGES)
    first_end = next(record.doc.sents).end_char
    return [(e.source.code, e.target.code if e.target else None, e.cameo)
            for e in record.events if e.span[0] >= first_end]


_CLAIM = "Chilean officials said Argentine jets had fired missiles at Chile on Sunday. "


@pytest.mark.parametrize("denial", [
    "There were no reports of a raid on the port of Arica, the Argentine defence ministry said.",
    "Argentine officials saw no sign of an attack on the port.",
    "The Argentine ministry said it had not observed any attack on the port.",
    "The Argentine ministry denied that Chile had come under attack that night.",
])
def test_events_denied_event_noun_is_the_claimed_attack(run_stages, denial):
    """Reports, signs or evidence of an event said not to exist, and an attack denied in a clause,
    answer the attack claimed before: its doer is the claimed one, its target the one named."""
    later = _later(run_stages, _CLAIM + denial)
    assert [(s[:3], t[:3] if t else None, c[:2]) for s, t, c in later] == [("ARG", "CHL", "19")]


def test_events_denied_event_noun_skips_an_act_of_the_attacked_side(run_stages):
    text = ("Argentine jets fired missiles at Chile on Sunday. Chilean ships shelled Argentine boats on Monday. "
            "Officials in Santiago denied that Argentina had come under attack.")
    assert [(s[:3], t[:3]) for s, t, _ in _later(run_stages, text)][-1] == ("CHL", "ARG")


def test_events_refuted_accusations_of_shootings_answer_a_told_repression(run_stages):
    text = ("Peruvian police shot protesters in Lima on Monday, activists said. "
            "The police refuted accusations of shootings made online.")
    assert ("PERCOP", "PERCVL", "175") in _later(run_stages, text)


def test_events_an_act_a_government_denies_is_its_states_with_no_sector(run_stages):
    text = ("Peruvian police detained a student in Lima on Monday. "
            "The interior ministry disputed that he was hurt in custody.")
    assert any(s == "PER" and c.startswith("18") for s, _, c in _later(run_stages, text))


def test_events_an_act_its_own_service_denies_keeps_the_sector(run_stages):
    text = "Peruvian police detained a student in Lima on Monday. The Peruvian police deny that he was mistreated."
    assert any(s == "PERCOP" and c.startswith("18") for s, _, c in _later(run_stages, text))


def test_events_a_specific_act_told_after_another_keeps_its_own_code(run_stages):
    """ "Dozens were injured and fifty were kidnapped": the doers of the act told before, but
    a kidnapping is no injury."""
    text = ("Peruvian soldiers injured dozens of Peruvian villagers on Monday. "
            "Fifty Peruvian villagers were kidnapped on Tuesday.")
    assert [c[:3] for _, _, c in _later(run_stages, text)] == ["181"]


def test_events_pointed_to_as_having_done_is_an_accusation(run_stages):
    record = run_stages("U.S. officials pointed to Argentina as having carried out the air strikes on Chile.",
                        _STAGES)
    assert any(e.source.country == "ARG" and e.target is not None and e.target.country == "CHL"
               and e.cameo.startswith("19") for e in record.events)


def test_events_relative_clause_on_a_nearer_noun_acts_on_the_phrase_head(run_stages):
    """The repression a later denial answers may be told in a relative clause the parser hangs on
    a nearer noun: "protests in several cities that were dispersed by police"."""
    record = run_stages("The Peruvian agency said there were protests in a number of Peruvian cities "
                        "that were dispersed by police.", _STAGES)
    assert [(e.source.code, e.target.code if e.target else None, e.cameo) for e in record.events
            if e.cameo[:2] == "17"] == [("PERCOP", "PERCVL", "175")]


def test_events_a_denial_the_parser_joins_to_the_reported_clause_is_the_reporters(run_stages):
    """ "Guards say the inmate slipped on the stairs and deny that he was beaten": the denial's tense
    joins it to "say", so the police deny, and answer for the act they deny."""
    text = ("Peruvian police detained a student in Lima on Monday. "
            "Police say that the detained student slipped on the stairs and deny that he was beaten.")
    record = run_stages(text, ("nlp", "actors", "events", "modality", "attribution"))
    denied = [e for e in record.events if e.modality == "negated"]
    assert [(e.source.code, e.cameo[:2], e.attribution.speaker) for e in denied] == [("PERCOP", "18", "Police")]


@pytest.mark.parametrize("text", ["The Peruvian student fell ill after allegedly being beaten by police.",
                                  "The Peruvian student was hospitalised after being beaten by police.",
                                  "The Peruvian student died after being taken to hospital due to being "
                                  "beaten by police."])
def test_events_a_passive_with_no_subject_is_undergone_by_the_clause_subject(run_stages, text):
    record = run_stages(text, _STAGES)
    assert [(e.source.code, e.target.code, e.cameo[:2], e.trigger) for e in record.events] == \
        [("PERCOP", "PERCVL", "18", "beaten")]


@pytest.mark.parametrize("text, code", [
    ("During the protests in Lima, Peruvian police injured dozens of students.", "175"),
    ("Peruvian police beat a student in custody, sparking protests in Lima.", "182"),
    ("During the protests in Lima, Peruvian police abducted a student.", "181"),
])
def test_events_force_hurting_people_during_a_protest_is_the_crackdown(run_stages, text, code):
    """A state's force hurting its own people with a protest as the setting of the act is
    repression (175), a happening apart from the assault on one detainee a denial answers."""
    record = run_stages(text, _STAGES)
    assert [e.cameo for e in record.events if e.source.code == "PERCOP"] == [code]


@pytest.mark.parametrize("denial", [
    "A police spokesman said the teacher had suffered no harm at the station.",
    "The Bolivian police said the teacher came to no harm.",
])
def test_events_no_harm_denies_the_claimed_assault(run_stages, denial):
    """ "suffered no harm": the harm is the assault claimed before, said not to have happened;
    bare "officers" in an article about one country are its police."""
    record = run_stages("Bolivian police detained a teacher in Sucre. Neighbours accused officers of beating him. "
                        + denial, (*_STAGES, "modality"))
    coded = [(e.source.code, e.target.code if e.target else None, e.cameo, e.modality) for e in record.events]
    assert ("BOLCOP", "BOLCVL", "182", "asserted") in coded
    assert ("BOLCOP", "BOLCVL", "182", "negated") in coded


def test_events_harm_to_an_economy_is_no_assault(run_stages):
    """Harm with no act of force told before and no one hurt is the other sense of the word."""
    record = run_stages("The tariffs did harm to exports, Bolivian farmers said.", _STAGES)
    assert not [e for e in record.events if e.cameo.startswith("18")]
