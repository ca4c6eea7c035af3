"""The actors stage on hand-written sentences, through the real model and dictionaries."""
import pytest

pytestmark = pytest.mark.integration


def _codes(record, text):
    """Actor codes of the mentions whose phrase ends with ``text``."""
    return sorted({m.actor.code for m in record.mentions
                   if record.doc[m.start:m.end].text.endswith(text)})


@pytest.mark.parametrize("sentence, phrase, code", [
    ("Russian troops crossed the river at dawn.", "troops", "RUSMIL"),
    ("The Belarusian leadership denied the report.", "leadership", "BLRGOV"),
    ("Syrian rebels seized the town.", "rebels", "SYRREB"),
    ("The Kremlin rejected the proposal.", "Kremlin", "RUSGOV"),
    ("Israeli police detained two men.", "police", "ISRCOP"),
    ("A Kenyan opposition leader called for a boycott.", "leader", "KENOPP"),
    ("Russia's nuclear forces were placed on alert.", "forces", "RUSMIL"),
    ("France condemned the attack.", "France", "FRA"),
    # insurgents are rebels in the contract
    ("The Taliban seized the district.", "Taliban", "AFGREB"),
    ("Boko Haram fighters stormed the town.", "fighters", "NGAREB"),
    # no country named: the province's, the city's country (as a human coder reads it)
    ("Gunmen attacked a church in Benue state on Friday.", "Gunmen", "NGAUAF"),
    ("Jihadists ambushed a convoy near Kandahar.", "Jihadists", "AFGREB"),
    ("Unknown assailants opened fire on a bus outside Kismayo.", "assailants", "SOMUAF"),
    # a country named in the article wins over the place
    ("Kenyan police said militants raided a village near Kismayo. Kenya sent troops.", "militants", "KENREB"),
    # national forces and armed groups named on their own
    ("The IDF denied the report.", "IDF", "ISRMIL"),
    ("ADF rebels raided the town.", "rebels", "CODREB"),
    # crowds: the people after "of", else civilians of the article's country
    ("Dozens of militants stormed a village in Borno state.", "Dozens", "NGAREB"),
    ("Hundreds marched in Nairobi. Kenya said the march was legal.", "Hundreds", "KENCVL"),
    # a person acts for the body a relative clause says they lead
    ("Ghana's President Kofi Mensah, who chairs the African Union, warned the rebels.", "Mensah", "IGO"),
    ("Chad's Gen. Idriss Mahamat, who commands the Chadian army, met envoys.", "Mahamat", "TCDMIL"),
    # coordinated modifiers of a plural head: each names a body with the head ("State Department")
    ("The Commerce and State Departments barred exports to the firm.", "Departments", "USAGOV"),
    # adjective + noun agents
    ("Armed men abducted five villagers in Borno state.", "Armed men", "NGAUAF"),
    ("Five Chinese military planes entered the zone.", "planes", "CHNMIL"),
    ("The rockets were brought down by Egyptian defenses.", "defenses", "EGYMIL"),
    # a junta, coup plotters and a presidential guard are armed forces
    ("The Malian junta closed the border.", "junta", "MLIMIL"),
    ("Coup plotters in Mali closed the border.", "plotters", "MLIMIL"),
    ("The Malian presidential guard closed the border.", "guard", "MLIMIL"),
    # a definite phrase of a sector is the latest one of that sector named with its country
    ("Peru protested on Monday. Peru warned Chile. Chile's armed forces said the border was calm. "
     "The soldiers detained two men.", "soldiers", "CHLMIL"),
    # bare plural words for a state's uniformed men are its police; a modifier says otherwise
    ("Bolivia tightened its curfew. Neighbours said officers dragged a teacher from his car.", "officers", "BOLCOP"),
    ("Ecuador moved the inmates. Relatives said guards struck them.", "guards", "ECUCOP"),
    ("Bolivia tightened its curfew. Bolivian army officers seized the radio station.", "officers", "BOLMIL"),
    # a unit is the body its modifier names
    ("Bolivia tightened its curfew. The road was closed by the police unit that guards the mines.", "unit", "BOLCOP"),
])
def test_actors_country_and_sector(run_stages, sentence, phrase, code):
    record = run_stages(sentence, ("nlp", "actors"))
    assert code in _codes(record, phrase)


def test_actors_coordinated_adjectives_give_two_actors(run_stages):
    record = run_stages("Ukrainian and Russian leaders met in Istanbul.", ("nlp", "actors"))
    assert {"UKRGOV", "RUSGOV"} <= set(_codes(record, "leaders"))


def test_actors_person_takes_office_from_apposition(run_stages):
    text = ("The Moldovan president, Elena Marin, spoke in Chisinau. "
            "Later that day Marin met foreign diplomats.")
    record = run_stages(text, ("nlp", "actors"))
    later = [m for m in record.mentions if record.doc[m.head].text == "Marin" and m.start > 8]
    assert later and later[0].actor.code == "MDAGOV"


def test_actors_person_takes_office_from_title(run_stages):
    record = run_stages("Estonian Defence Minister Karl Tamm visited the base.", ("nlp", "actors"))
    assert any(m.actor.country == "EST" and m.actor.sector in ("GOV", "MIL") for m in record.mentions
               if record.doc[m.head].text == "Tamm")


def test_actors_definite_anaphor_inherits_actor(run_stages):
    text = "A Polish government official spoke to reporters. The official declined to give details."
    record = run_stages(text, ("nlp", "actors"))
    heads = [m for m in record.mentions if record.doc[m.head].lower_ == "official"]
    assert len(heads) == 2 and all(m.actor.code == "POLGOV" for m in heads)


def test_actors_capital_after_locative_preposition_is_not_an_actor(run_stages):
    record = run_stages("The embassy in Minsk closed its doors.", ("nlp", "actors"))
    assert not any(record.doc[m.head].text == "Minsk" for m in record.mentions)


def test_actors_lowercase_us_is_not_a_country(run_stages):
    record = run_stages("Let us know what you think.", ("nlp", "actors"))
    assert not any(m.actor.country == "USA" for m in record.mentions)


def test_actors_group_without_place_or_country_has_no_country(run_stages):
    record = run_stages("Gunmen attacked a church on Friday.", ("nlp", "actors"))
    assert [m.actor.country for m in record.mentions if record.doc[m.head].text == "Gunmen"] == [""]


@pytest.mark.parametrize("text, word, code", [
    # a private person keeps the article's country for a later bare surname
    ("Moldova mourned Elena Rusu. Moldovan police said Elena Rusu's death was an accident. "
     "The police had detained Rusu on Monday.", "rusu", "MDACVL"),
    # a title before a name makes a later definite title that person
    ("Chad's army met envoys in Chad. Sudanese President Omar Idris warned the army. "
     "The president said talks would follow.", "president", "SDNGOV"),
])
def test_actors_later_mention_refers_to_earlier_person(run_stages, text, word, code):
    record = run_stages(text, ("nlp", "actors"))
    later = [m for m in record.mentions if record.doc[m.head].lower_ == word and m.start > 12]
    assert later and later[-1].actor.code == code


def test_actors_title_before_unknown_name_gives_sector(run_stages):
    text = "Chad's army said Gen. Idriss Mahamat took command. Chad closed its border."
    record = run_stages(text, ("nlp", "actors"))
    assert "TCDMIL" in _codes(record, "Mahamat")


@pytest.mark.parametrize("text, pronoun, code", [
    ("The IDF said it had hit the targets.", "it", "ISRMIL"),
    ("Kenyan protesters said they would block the main road.", "they", "KENCVL"),
    # first person inside a quotation: the side of the speaker named outside it
    ('"We will close the crossings tonight," the Egyptian army said.', "We", "EGYMIL"),
    ('"Our troops shelled the depot," a Turkish defence ministry spokesman said.', "troops", "TURMIL"),
])
def test_actors_group_pronoun_subject_takes_its_antecedent(run_stages, text, pronoun, code):
    record = run_stages(text, ("nlp", "actors"))
    assert [m.actor.code for m in record.mentions if record.doc[m.head].text == pronoun] == [code]


def test_actors_it_without_actor_antecedent_is_no_actor(run_stages):
    record = run_stages("The report said it was unclear who fired.", ("nlp", "actors"))
    assert not any(record.doc[m.head].text == "it" for m in record.mentions)


@pytest.mark.parametrize("text, pronoun", [
    # a pronoun outside a reported clause
    ("French soldiers released the fighters so they could attack the base.", "they"),
    # the first person outside a quotation
    ("We know the Egyptian army closed the crossings, officials said.", "We"),
])
def test_actors_pronoun_with_no_speaker_to_stand_for_is_left_alone(run_stages, text, pronoun):
    record = run_stages(text, ("nlp", "actors"))
    assert not any(record.doc[m.head].text == pronoun for m in record.mentions)


def test_actors_title_noun_before_unknown_name_gives_sector(run_stages):
    # "army spokesman" names a sector but no country: the article's country, as the army
    text = 'Chile shelled Peru on Monday. Peru closed its border. "We are ready," army spokesman Tomas Valdivia said.'
    record = run_stages(text, ("nlp", "actors"))
    assert "PERMIL" in _codes(record, "Valdivia")


def test_actors_agents_of_a_named_body_are_not_the_police(run_stages):
    record = run_stages("Bolivia tightened its curfew. Agents of the customs office searched the lorries.",
                        ("nlp", "actors"))
    assert "BOLCOP" not in _codes(record, "Agents")
