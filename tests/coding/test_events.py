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


def test_events_time_phrase_names_no_target(run_stages):
    events = _events(run_stages, "Peru has been on high alert since its air strike on Chile in May.")
    assert _has(events, "PER", None, "152") and not _has(events, "PER", "CHL", "15")


def test_events_symmetric_coordination_gives_both_directions(run_stages):
    events = _events(run_stages, "Armenian and Azerbaijani leaders agreed to hold peace talks.")
    assert _has(events, "ARMGOV", "AZEGOV", "03") and _has(events, "AZEGOV", "ARMGOV", "03")


def test_events_nominal_event_with_possessor(run_stages):
    events = _events(run_stages, "Russia's invasion of Ukraine entered its third year.")
    assert _has(events, "RUS", "UKR", "19")


def test_events_nominal_event_inside_noun_phrase_needs_both_roles(run_stages):
    events = _events(run_stages, "Austria criticised the expense of taking part in the invasion of Kuwait.")
    assert not any(c.startswith("19") for _, _, c in events)


def test_events_fully_stated_nominal_event_inside_noun_phrase_is_coded(run_stages):
    events = _events(run_stages, "Austria criticised the expense of taking part in the Iraqi invasion of Kuwait.")
    assert _has(events, "IRQ", "KWT", "19")


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


@pytest.mark.parametrize("text", [
    "Iran's morality police detained a young woman in Tehran.",
    "Kenyan police fired tear gas at protesters in Nairobi.",
])
def test_events_state_force_acts_on_its_own_civilians(run_stages, text):
    events = _events(run_stages, text)
    country = events[0][0][:3]
    assert any(s[3:] == "COP" and t == country + "CVL" for s, t, _ in events)


def test_events_force_on_foreign_nationals_is_not_repression(run_stages):
    events = _events(run_stages, "Kenyan police detained two French journalists in Nairobi.")
    assert not any(t == "KENCVL" for _, t, _ in events)


def test_events_protest_with_no_target_is_aimed_at_the_government(run_stages):
    events = _events(run_stages, "Iran's police detained a woman in Tehran. Thousands protested in Iran after her death.")
    assert _has(events, "IRNCVL", "IRNGOV", "14")


def test_events_event_noun_with_no_earlier_event_needs_its_own_roles(run_stages):
    assert _events(run_stages, "The attack damaged a power plant on Monday.") == []


def test_events_agentless_passive_takes_the_agent_of_the_event_told_before(run_stages):
    events = _events(run_stages, "Belarusian police detained an opposition leader on Monday. "
                                 "Two journalists were detained on Tuesday.")
    assert sum(1 for s, _, c in events if s == "BLRCOP" and c.startswith("17")) == 2


def test_events_death_is_no_act_of_the_dead(run_stages):
    assert _events(run_stages, "The former Ghanaian president died in hospital on Friday.") == []


def test_events_coup_is_the_armed_forces_on_their_own_government(run_stages):
    events = _events(run_stages, "The coup came after military takeovers in Mali and Burkina Faso.")
    assert ("MLIMIL", "MLIGOV", "180") in events and ("BFAMIL", "BFAGOV", "180") in events
    assert not any(s[:3] != t[:3] for s, t, c in events if c == "180")


def test_events_interception_runs_against_the_attacker(run_stages):
    events = _events(run_stages, "Iran launched drones at Israel on Saturday. Most of the drones were intercepted.")
    assert _has(events, "ISR", "IRN", "19") and _has(events, "IRN", "ISR", "19")


def test_events_passive_under_a_decree_verb_is_done_by_its_subject(run_stages):
    events = _events(run_stages, "ECOWAS announced that the borders with Niger would be closed.")
    assert any(s == "IGO" and c.startswith("19") for s, _, c in events)


def test_events_passive_under_a_saying_verb_is_not_done_by_the_speaker(run_stages):
    events = _events(run_stages, "The Belarusian opposition said that two journalists were detained.")
    assert not any(s.startswith("BLROPP") and c.startswith("17") for s, _, c in events)


@pytest.mark.parametrize("text", ["A general strike closed factories in France on Monday.",
                                  "Workers in France went on strike on Monday."])
def test_events_labour_strike_is_no_attack(run_stages, text):
    assert not any(c.startswith("19") for _, _, c in _events(run_stages, text))


def test_events_measures_announced_in_a_list_of_passives_are_each_coded(run_stages):
    events = _events(run_stages, "The African Union announced that a no-fly zone over Sudan would be imposed, "
                                 "that all land borders with Sudan would be shut and that commercial "
                                 "transactions would be halted.")
    assert sum(1 for s, _, c in events if s == "IGO" and c == "191") == 2
    assert any(s == "IGO" and c == "163" for s, _, c in events)


def test_events_shooting_down_drones_targets_the_launcher_not_an_earlier_interception(run_stages):
    events = _events(run_stages, "Iran launched drones at Israel on Saturday. Israel intercepted most of them. "
                                 "American forces also shot down some of the drones.")
    assert _has(events, "USAMIL", "IRN", "19")


@pytest.mark.parametrize("text,event,count", [
    # an event noun with "the" takes the roles of the event of its root told before
    ("Russia launched missiles at Ukraine on Monday. The attack damaged a power plant.", ("RUSMIL", "UKR", "195"), 2),
    # "strike" is an attack when an attack was told before
    ("Israel bombed Gaza on Monday. The strike killed ten people.", ("ISRMIL", "PSE", "195"), 2),
    # the possessor of an arrest is the one arrested
    ("Iranian police detained a woman on Tuesday. She died after her arrest by the morality police.",
     ("IRNCOP", "IRNCVL", "173"), 2),
    # an indefinite event noun tells a new event, with no roles borrowed
    ("Russia launched missiles at Ukraine on Monday. Analysts fear an attack could follow.", ("RUSMIL", "UKR", "195"), 1),
    # weapons as the subject of an attack verb were fired by the attacker told before
    ("Russia launched drones at Ukraine on Sunday. A handful of rockets hit Ukrainian cities.",
     ("RUSMIL", "UKR", "195"), 2),
    # a "from" phrase names who an event noun's doer is
    ("China warned Taiwan on Monday. Threats from Beijing continued on Friday.", ("CHN", "TWN", "130"), 2),
])
def test_events_mentions_of_an_event_told_before(run_stages, text, event, count):
    assert _events(run_stages, text).count(event) == count


@pytest.mark.parametrize("text,event", [
    ("Two journalists were stopped and arrested by Belarusian police.", ("BLRCOP", "BLRCVL", "173")),
    ("Kurdish protesters in Iran clashed with Iranian police on Monday.", ("IRNCVL", "IRNCOP", "145")),
    ("Kenyan police fired tear gas at protesters in Nairobi.", ("KENCOP", "KENCVL", "175")),
    ("Two Sudanese demonstrators were killed by gunfire from Sudanese security forces.", ("SDNCOP", "SDNCVL", "175")),
    ("The Nigerien junta seized power in July. France condemned the coup.", ("FRA", "NERMIL", "111")),
    ("Russia has not seen its naval exercises near Japan creating difficulties.", ("RUSMIL", "JPN", "150")),
    # an event noun aimed at one of a two-country story's countries is done by the other
    ("China warned Taiwan on Monday. Taiwan criticised China. Live-fire drills around Taiwan continued on Friday.",
     ("CHNMIL", "TWN", "150")),
    # drills are shown to the story's other country
    ("Iran warned Israel on Monday. The military exercises launched by Iran alarmed Israel.", ("IRNMIL", "ISR", "150")),
    # helping someone counter an attack is military cooperation with them (a bare-infinitive clause)
    ("Germany and Italy helped the Ukrainian army repel the missiles.", ("DEU", "UKRMIL", "062")),
    # coordinated actors of a mutual action act on each other, not on the story's other country
    ("China warned Taiwan. China and the U.S. agreed a deal to cut methane emissions.", ("USA", "CHN", "057")),
    # a coup carried out (the coup word is the verb's object) is still on the country's own government
    ("The generals who carried out last year's coup in Gabon criticised France.", ("GABMIL", "GABGOV", "180")),
])
def test_events_roles_and_codes_from_structure(run_stages, text, event):
    assert event in _events(run_stages, text)


# -- denials and accusations: the content is an event too ------------------------------------
def test_events_accused_act_is_done_by_the_accused(run_stages):
    events = _events(run_stages, "Venezuelan activists accused Colombian soldiers of shelling a Venezuelan village.")
    assert _has(events, "VEN", "COLMIL", "11")  # the accusation itself
    assert any(s == "COLMIL" and c.startswith("19") for s, _, c in events)  # and the act it accuses of


def test_events_passive_accusation_and_shared_object(run_stages):
    events = _events(run_stages, "Chilean police were accused of assaulting and whipping Chilean students.")
    assert _has(events, "CHLCOP", "CHL", "18")
    assert sum(1 for s, t, c in events if s == "CHLCOP" and t and c[:2] in ("17", "18")) == 2



def test_events_denial_of_a_claim_told_before_is_that_act(run_stages):
    record = run_stages("Peruvian activists accused Peruvian police of beating Peruvian protesters. "
                        "The Peruvian police rejected the allegation.", ("nlp", "actors", "events"))
    denied = [e for e, t in zip(record.events, record.event_tokens) if t.lemma_ == "reject"]
    assert [(e.source.code, e.target.code, e.cameo[:2]) for e in denied] == [("PERCOP", "PERCVL", "17")]


def test_events_denial_of_a_claim_stated_in_place_is_not_an_earlier_act(run_stages):
    record = run_stages("Peruvian activists accused Peruvian police of beating Peruvian protesters. "
                        "The Peruvian police rejected accusations of theft.", ("nlp", "actors", "events"))
    assert not any(t.lemma_ == "reject" and e.cameo[:2] == "17" for e, t in zip(record.events, record.event_tokens))


def test_events_rejected_accusations_are_aimed_at_the_accuser(run_stages):
    events = _events(run_stages, "Chile rejected accusations by Argentina that its navy had entered disputed waters.")
    assert _has(events, "CHL", "ARG", "01")


def test_events_a_denied_passive_act_is_the_deniers_own(run_stages):
    events = _events(run_stages, "The Peruvian police denied that the Peruvian student was mistreated.")
    assert any(s == "PERCOP" and c.startswith("18") for s, _, c in events)


def test_events_a_reported_passive_act_is_not_the_reporters(run_stages):
    events = _events(run_stages, "The Peruvian police said that the Peruvian student was mistreated.")
    assert not any(s == "PERCOP" and c.startswith("18") for s, _, c in events)


def test_events_an_event_noun_said_not_to_happen_answers_the_one_told_before(run_stages):
    record = run_stages("Russian artillery shelled the Ukrainian town of Kupiansk on Monday. "
                        "There was no shelling of the town, the Russian governor said.", ("nlp", "actors", "events"))
    second = [e for e in record.events if e.span[0] > 0]
    assert [(e.source.code, e.target.code, e.cameo[:2]) for e in second] == [("RUSMIL", "UKR", "19")]


def test_events_general_code_of_a_happening_told_before_takes_its_specific_code(run_stages):
    text = "Chile fired drones and missiles at Peru on Monday. Peru said the attack by Chile on Peru lasted hours."
    events = _events(run_stages, text)
    assert [c for s, t, c in events if c.startswith("19")] == ["195", "195"]


def test_events_general_code_keeps_its_own_code_between_other_countries(run_stages):
    text = "Chile fired drones and missiles at Peru on Monday. Bolivia's attack on Peru lasted hours."
    events = _events(run_stages, text)
    assert _has(events, "BOL", "PER", "190")


@pytest.mark.parametrize("text, source, root", [
    ("Chile suspended trade talks with Peru.", "CHLGOV", "16"),  # a government's decision
    ("Chile shelled Peru's border posts.", "CHLMIL", "19"),  # fighting: the armed forces
    ("Chile condemned Peru.", "CHL", "11"),  # any part of a state may condemn: the country alone
])
def test_events_country_doing_a_state_act_stands_for_its_body(run_stages, text, source, root):
    events = _events(run_stages, text)
    assert any(s == source and c.startswith(root) for s, _, c in events)


@pytest.mark.parametrize("text, event", [
    # "reacted with X": the subject does X in reply; coordinated event nouns share the slot
    ("Chile warned Peru on Monday. Chile reacted with threats and naval drills.", ("CHLMIL", None, "150")),
    # a quantity noun ("a burst of") stands in for the event noun it counts
    ("Chile warned Peru on Monday. Chile demonstrated its anger with a burst of naval exercises near Peru.",
     ("CHLMIL", "PER", "150")),
    ("The envoy of Chile arrived in Peru on Monday.", ("CHLGOV", "PER", "042")),  # arriving is a visit
    ("Chile and Peru unveiled a water pact.", ("CHL", "PER", "057")),
])
def test_events_event_nouns_in_reply_and_quantity_phrases(run_stages, text, event):
    assert event in _events(run_stages, text)


def test_events_responding_to_an_event_is_not_doing_it(run_stages):
    events = _events(run_stages, "Peru shelled Chile on Monday. Chile responded to the attack on Tuesday.")
    assert not any(s.startswith("CHL") and c.startswith("19") for s, _, c in events)


@pytest.mark.parametrize("text, event", [
    # a noun of number counting the actor's troops or weapons is its own force, not whom it acts on
    ("Chile protested on Monday. Peru sent hundreds of troops to Chile.", ("PERMIL", "CHL", "154")),
    ("Peru sent hundreds of troops to the border.", ("PERMIL", None, "154")),
    # a warning whose own clause is an act of force threatens force
    ("Chile warned that it would shell the port.", ("CHL", None, "138")),
    ("Chile warned that prices would rise.", ("CHL", None, "130")),
])
def test_events_own_forces_and_threats_of_force(run_stages, text, event):
    assert event in _events(run_stages, text)


@pytest.mark.parametrize("text, event", [
    # a relative pronoun as passive subject stands for the noun it follows
    ("Soldiers in Mali ousted President Tomas Valdivia, who was then held by the republican guard in Bamako.",
     ("MLIMIL", "MLIGOV", "173")),
    # forces spoken to are the target, not the speaker's own instrument
    ("Libyan soldiers seized power in Libya on Monday. Libya's new rulers closed the airport. "
     "The Arab League gave the junta ten days to step down.", ("IGO", "LBYMIL", "139")),
])
def test_events_relative_passive_subject_and_addressed_forces(run_stages, text, event):
    assert event in _events(run_stages, text)


def test_events_participle_describing_a_noun_is_no_event(run_stages):
    assert not any(c.startswith("18") for _, _, c in _events(run_stages, "The ousted president of Mali gave a speech."))


def test_events_show_of_force_told_again_and_aimed_at_the_other_country(run_stages):
    # drills are shown to the story's other country; later exercises with no doer are the same show
    text = ("Chile warned Peru on Monday. Chile signalled its anger with a sudden burst of military activity. "
            "Peru's navy reports that most of these naval and air drills were held near its coast.")
    shows = [e for e in _events(run_stages, text) if e[2] == "150"]
    assert len(shows) >= 2 and set(shows) == {("CHLMIL", "PER", "150")}


@pytest.mark.parametrize("text, event", [
    ("Chile warned Peru on Monday. Chile put its forces on high alert.", ("CHLMIL", None, "152")),  # no one aimed at
])
def test_events_alert_is_aimed_at_no_one(run_stages, text, event):
    assert event in _events(run_stages, text)


def test_events_demands_met_are_no_meeting(run_stages):
    events = _events(run_stages, "Chile warned Peru on Monday. The bloc vowed to act unless its demands are met by Friday.")
    assert not any(c.startswith("04") for _, _, c in events)


@pytest.mark.parametrize("text, source", [
    ("Peruvian forces arrested hundreds of protesters in Lima.", "PERCOP"),  # on its own people: police work
    ("Peruvian forces shelled Chile.", "PERMIL"),  # on another country: the armed forces
    ("Peruvian troops beat protesters in Lima.", "PERMIL"),  # troops are named as soldiers
])
def test_events_generic_forces_turned_on_their_own_people_are_security_forces(run_stages, text, source):
    assert any(s == source for s, _, _ in _events(run_stages, text))


def test_events_done_by_a_unit_of_the_police_is_the_polices(run_stages):
    """ "beaten by the police unit in charge of ...": the doer is the body the unit's modifier names."""
    record = run_stages("Bolivian police detained a miner in Oruro. He was kicked by the police unit "
                        "in charge of the mines.", ("nlp", "actors", "events"))
    assert ("BOLCOP", "18") in [(e.source.code, e.cameo[:2]) for e in record.events if e.trigger == "kicked"]


def test_events_a_raid_carried_out_by_drones_is_told_once_and_keeps_its_doer(run_stages):
    """ "the raid was carried out by drones flown from inside Chile": the support verb tells the
    raid again (one event), the drones' place of launch is no doer, and drones shot down later
    are the raided side's interception of the raider's."""
    record = run_stages("Peru fired missiles at Chile on Sunday. Chilean officials said the raid had been "
                        "carried out by drones, probably flown from inside Chile. A Chilean spokesman said "
                        "four drones were shot down.", ("nlp", "actors", "events"))
    second = [e for e in record.events if "officials said" in e.sentence]
    assert len(second) == 1 and second[0].source.country == "PER"
    interception = [e for e in record.events if e.trigger == "shot down"]
    assert [(e.source.country, e.target.country if e.target else None) for e in interception] == [("CHL", "PER")]
