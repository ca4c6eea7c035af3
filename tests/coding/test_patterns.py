"""Verb and noun patterns: the data files, the matcher on hand-built parses, and real sentences."""
import csv
import io
import sys
from importlib.resources import files
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from eventwire.coding import patterns

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"


def _data_rows(*parts: str) -> list[dict[str, str]]:
    text = files("eventwire.data").joinpath(*parts).read_text("utf-8")
    return list(csv.DictReader(io.StringIO("".join(l for l in text.splitlines(True) if not l.startswith("#")))))


@pytest.fixture(scope="module")
def cameo_codes() -> set[str]:
    return {row["code"] for row in _data_rows("cameo", "codes.csv")}


# -- data files ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["verbs.csv", "nouns.csv"])
def test_patterns_codes_exist_in_cameo_table(name, cameo_codes):
    unknown = {row["code"] for row in _data_rows("patterns", name)} - cameo_codes
    assert not unknown


def test_patterns_verb_rows_have_unique_keys():
    keys = [(r["lemma"], r["particle"], r["object"]) for r in _data_rows("patterns", "verbs.csv")]
    assert len(keys) == len(set(keys))


def test_patterns_noun_rows_have_unique_lemmas():
    lemmas = [r["lemma"] for r in _data_rows("patterns", "nouns.csv")]
    assert len(lemmas) == len(set(lemmas))


def test_patterns_verb_lemmas_are_lowercase_single_words():
    bad = [r["lemma"] for r in _data_rows("patterns", "verbs.csv") if r["lemma"] != r["lemma"].lower() or " " in r["lemma"]]
    assert not bad


def test_patterns_files_open_with_provenance_comment():
    for name in ("verbs.csv", "nouns.csv", "verbs_overrides.csv"):
        assert files("eventwire.data").joinpath("patterns", name).read_text("utf-8").startswith("# ")
    verbs = files("eventwire.data").joinpath("patterns", "verbs.csv").read_text("utf-8")
    assert "MIT License" in verbs and "Open Event Data" in verbs


def test_patterns_overrides_have_valid_actions(cameo_codes):
    for row in _data_rows("patterns", "verbs_overrides.csv"):
        assert row["action"] in ("add", "replace", "remove")
        assert row["code"] in cameo_codes if row["action"] != "remove" else row["code"] == ""


@pytest.mark.parametrize("verb", ["say", "tell", "note", "state", "report", "explain"])
def test_patterns_say_verbs_have_no_bare_row(verb):
    assert not any(p.particle == "" and p.object == "" for p in patterns.verb_patterns().get(verb, []))


def test_patterns_verb_rows_are_sorted_most_specific_first():
    for rows in patterns.verb_patterns().values():
        specificity = [p.specificity for p in rows]
        assert specificity == sorted(specificity, reverse=True)


# -- the matcher on hand-built parses (no model) ---------------------------------------------


def _doc(words, heads, deps, lemmas, pos) -> Doc:
    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, lemmas=lemmas, pos=pos)


def test_patterns_object_through_xcomp_beats_bare_verb():
    doc = _doc(["Chile", "agreed", "to", "hold", "talks"], [1, 1, 3, 1, 3],
               ["nsubj", "ROOT", "aux", "xcomp", "dobj"], ["Chile", "agree", "to", "hold", "talk"],
               ["PROPN", "VERB", "PART", "VERB", "NOUN"])
    match = patterns.match_verb(doc[1])
    assert match.code == "036"
    assert match.trigger == (1, 5) and match.object_token == 4
    assert {3, 4} <= match.consumed


def test_patterns_bare_verb_when_no_row_fits_complement():
    doc = _doc(["Chile", "agreed"], [1, 1], ["nsubj", "ROOT"], ["Chile", "agree"], ["PROPN", "VERB"])
    match = patterns.match_verb(doc[1])
    assert match.code == "030" and match.object_token is None and match.consumed == {1}


def test_patterns_particle_and_object_beat_object_alone():
    doc = _doc(["Peru", "put", "troops", "on", "alert"], [1, 1, 1, 1, 3],
               ["nsubj", "ROOT", "dobj", "prep", "pobj"], ["Peru", "put", "troop", "on", "alert"],
               ["PROPN", "VERB", "NOUN", "ADP", "NOUN"])
    match = patterns.match_verb(doc[1])
    assert match.code == "152" and match.particle_token == 3 and match.object_token == 4


def test_patterns_passive_subject_satisfies_object():
    doc = _doc(["Sanctions", "were", "imposed"], [2, 2, 2], ["nsubjpass", "auxpass", "ROOT"],
               ["sanction", "be", "impose"], ["NOUN", "AUX", "VERB"])
    assert patterns.match_verb(doc[2]).code == "163"


def test_patterns_non_event_object_cancels_the_bare_verb():
    doc = _doc(["Peru", "released", "footage"], [1, 1, 1], ["nsubj", "ROOT", "dobj"],
               ["Peru", "release", "footage"], ["PROPN", "VERB", "NOUN"])
    assert patterns.match_verb(doc[1]) is None


def test_patterns_non_event_object_leaves_other_objects_coded():
    doc = _doc(["Peru", "released", "prisoners"], [1, 1, 1], ["nsubj", "ROOT", "dobj"],
               ["Peru", "release", "prisoner"], ["PROPN", "VERB", "NOUN"])
    assert patterns.match_verb(doc[1]).code == "0841"


def test_patterns_non_event_rows_name_verbs_that_have_a_row():
    rows = _data_rows("patterns", "non_event_objects.csv")
    assert rows and all(r["lemma"] in patterns.verb_patterns() and r["object"] for r in rows)


def _held_by(subject: str, subject_lemma: str) -> Doc:
    return _doc([subject, "was", "held", "by", "soldiers"], [2, 2, 2, 2, 3],
                ["nsubjpass", "auxpass", "ROOT", "agent", "pobj"], [subject_lemma, "be", "hold", "by", "soldier"],
                ["PROPN", "AUX", "VERB", "ADP", "NOUN"])


def test_patterns_held_by_someone_is_detention():
    assert patterns.match_verb(_held_by("Ortiz", "Ortiz")[2]).code == "173"


def test_patterns_territory_held_by_someone_is_no_event():
    assert patterns.match_verb(_held_by("Town", "town")[2]) is None


def test_patterns_non_event_rows_do_not_shadow_verb_rows():
    coded = {(r["lemma"], r["object"]) for r in _data_rows("patterns", "verbs.csv") if not r["particle"]}
    assert not [r for r in _data_rows("patterns", "non_event_objects.csv") if (r["lemma"], r["object"]) in coded]


def test_patterns_beaten_person_is_physical_assault():
    doc = _doc(["She", "was", "beaten"], [2, 2, 2], ["nsubjpass", "auxpass", "ROOT"],
               ["she", "be", "beat"], ["PRON", "AUX", "VERB"])
    assert patterns.match_verb(doc[2]).code == "182"


def test_patterns_taking_all_measures_is_a_threat():
    doc = _doc(["Peru", "will", "take", "all", "measures"], [2, 2, 2, 4, 2],
               ["nsubj", "aux", "ROOT", "det", "dobj"], ["Peru", "will", "take", "all", "measure"],
               ["PROPN", "AUX", "VERB", "DET", "NOUN"])
    assert patterns.match_verb(doc[2]).code == "130"


def test_patterns_unknown_verb_gives_none():
    doc = _doc(["Peru", "blinked"], [1, 1], ["nsubj", "ROOT"], ["Peru", "blink"], ["PROPN", "VERB"])
    assert patterns.match_verb(doc[1]) is None


def test_patterns_noun_compound_beats_ambiguous_head():
    doc = _doc(["a", "drone", "strike"], [2, 2, 2], ["det", "compound", "ROOT"], ["a", "drone", "strike"],
               ["DET", "NOUN", "NOUN"])
    match = patterns.match_noun(doc[2])
    assert match.code == "195" and match.trigger == (1, 3) and match.consumed == {1, 2}
    lone = _doc(["the", "strike"], [1, 1], ["det", "ROOT"], ["the", "strike"], ["DET", "NOUN"])
    assert patterns.match_noun(lone[1]).trigger == (1, 2)  # the events stage asks more of it:
    assert "strike" in patterns.word_list("ambiguous_nouns")  # a target or an attack told before


# -- real sentences through the spaCy model --------------------------------------------------

# (sentence, expected CAMEO code prefix for the sentence's main verb). Invented news.
VERB_SENTENCES = [
    ("The foreign ministry declined to comment on the report.", "011"),
    ("Moscow declared victory in the eastern region.", "01"),
    ("The Kremlin acknowledged responsibility for the downing of the airliner.", "015"),
    ("The opposition appealed to the United Nations for help.", "02"),
    ("Ukraine urged Western allies to send more air defence systems.", "02"),
    ("Farmers called for sanctions against the ruling party.", "02"),
    ("Kenya requested military assistance from its neighbours.", "02"),
    ("Japan pledged to provide humanitarian aid to the flood victims.", "03"),
    ("The two leaders agreed to hold talks next month.", "036"),
    ("The rebels promised to release the captured journalists.", "03"),
    ("Germany offered humanitarian assistance to the refugees.", "033"),
    ("The Chinese foreign minister met his Russian counterpart in Beijing.", "04"),
    ("President Ruto visited Addis Ababa on Tuesday.", "042"),
    ("The two governments held talks on border security.", "04"),
    ("The envoys negotiated through the night.", "046"),
    ("The prime minister praised the ceasefire agreement.", "051"),
    ("Paraguay recognised the new government in Caracas.", "054"),
    ("Israel and Bahrain signed a trade agreement.", "057"),
    ("Tokyo apologised for the wartime abuses.", "055"),
    ("Turkey extradited the suspects to Germany.", "063"),
    ("The European Union provided humanitarian aid to Gaza.", "07"),
    ("Canada granted asylum to the dissident.", "075"),
    ("The government lifted the curfew in the capital.", "081"),
    ("The rebels released the hostages on Friday.", "084"),
    ("The militants surrendered to the army.", "0874"),
    ("Prosecutors investigated the killing of the journalist.", "09"),
    ("The protesters demanded the resignation of the president.", "10"),
    ("The minister criticised the court's decision.", "111"),
    ("Seoul accused Pyongyang of violating the agreement.", "112"),
    ("The opposition denounced the election results.", "111"),
    ("Hungary rejected the proposal.", "12"),
    ("Moscow vetoed the resolution.", "129"),
    ("Iran threatened to close the Strait of Hormuz.", "13"),
    ("Beijing warned Taipei against any provocation.", "13"),
    ("The president vowed revenge for the attack.", "138"),
    ("Thousands of farmers protested in the capital.", "14"),
    ("Students demonstrated outside parliament.", "141"),
    ("Rioters looted shops in the city centre.", "145"),
    ("Moscow deployed additional troops near the border.", "154"),
    ("Putin put nuclear forces on high alert.", "152"),
    ("The army mobilised thousands of reservists.", "154"),
    ("North Korea conducted military drills near the border.", "150"),
    ("Lithuania expelled two Russian diplomats.", "161"),
    ("Washington suspended military aid to Cairo.", "162"),
    ("The government imposed sanctions on the oligarchs.", "163"),
    ("Kyiv called off the talks with Moscow.", "164"),
    ("Police arrested dozens of opposition activists.", "173"),
    ("The authorities detained the journalist at the airport.", "173"),
    ("Security forces cracked down on the protesters.", "175"),
    ("Iran seized a container ship in the Gulf.", "171"),
    ("Gunmen kidnapped two aid workers.", "181"),
    ("Militants assassinated the provincial governor.", "186"),
    ("Guards tortured the detainees.", "1822"),
    ("Russian forces shelled the city overnight.", "194"),
    ("Iran fired missiles at Israel.", "195"),
    ("Israeli jets bombed targets in southern Lebanon.", "195"),
    ("Rebels attacked an army base.", "190"),
    ("Troops occupied the airport.", "192"),
    ("The navy blockaded the port.", "191"),
    ("Israel struck a deal with Egypt.", "057"),
    ("Most of the incoming drones were intercepted over the desert.", "190"),
    ("The junta refused to release the deposed president.", "1243"),
    ("The Polish president spoke with his Lithuanian counterpart by phone.", "041"),
    ("The regime massacred civilians in the village.", "202"),
]

NOUN_SENTENCES = [
    ("Russia's invasion of Ukraine entered its third year.", "invasion", "190"),
    ("An air strike hit the convoy.", "strike", "195"),
    ("The ceasefire held overnight.", "ceasefire", "0871"),
    ("Protests spread across the country.", "Protests", "141"),
    ("Peace talks resumed in Geneva.", "talks", "046"),
    ("The coup surprised the region.", "coup", "180"),
    ("The prisoner began a hunger strike.", "strike", "142"),
]

# Sports, markets, weather and products: no verb or noun here may code an event.
NEGATIVE_SENTENCES = [
    "The ministry released footage of the flooded valley.",
    "The team demonstrated its resolve in the second half.",
    "Forecasters are closely monitoring the situation on the coast.",
    "Brazil beat Argentina 2-1 in the final on Sunday.",
    "Shares in London fell sharply as oil prices rose.",
    "The club fired its head coach after the defeat.",
    "Apple launched a new phone on Tuesday.",
    "Heavy rain struck the coast overnight.",
    "Inflation hit a record high in March.",
    "The spokesman said the ministry would comment later.",
    "Temperatures dropped below freezing in the north.",
    "The striker hit the post twice in the second half.",
    "The company announced record profits for the quarter.",
    "The airline expects demand to recover next year.",
    "The central bank plans to raise interest rates.",
]


def _all_matches(doc):
    found = []
    for token in doc:
        if token.pos_ in ("VERB", "AUX"):
            found.append((token.text, patterns.match_verb(token)))
        elif token.pos_ == "NOUN":
            found.append((token.text, patterns.match_noun(token)))
    return [(text, m.code) for text, m in found if m is not None]


@pytest.mark.integration
def test_patterns_sentences_cover_every_cameo_root():
    roots = {code[:2] for _, code in VERB_SENTENCES} | {code[:2] for _, _, code in NOUN_SENTENCES}
    assert roots == {f"{n:02d}" for n in range(1, 21)}


@pytest.mark.integration
@pytest.mark.parametrize("sentence,code", VERB_SENTENCES)
def test_patterns_main_verb_code(nlp, sentence, code):
    root = next(nlp(sentence).sents).root
    match = patterns.match_verb(root)
    assert match is not None, f"no pattern for {root.lemma_!r}"
    assert match.code.startswith(code)


@pytest.mark.integration
@pytest.mark.parametrize("sentence,word,code", NOUN_SENTENCES)
def test_patterns_event_noun_code(nlp, sentence, word, code):
    token = next(t for t in nlp(sentence) if t.text == word)
    match = patterns.match_noun(token)
    assert match is not None and match.code == code


@pytest.mark.integration
@pytest.mark.parametrize("sentence", NEGATIVE_SENTENCES)
def test_patterns_no_match_outside_politics(nlp, sentence):
    assert _all_matches(nlp(sentence)) == []


@pytest.mark.integration
def test_patterns_light_verb_chain_is_one_match(nlp):
    doc = nlp("Armenia and Azerbaijan agreed to hold peace talks in Vienna.")
    agreed = next(t for t in doc if t.text == "agreed")
    match = patterns.match_verb(agreed)
    hold, talks = (next(t for t in doc if t.text == w) for w in ("hold", "talks"))
    assert match.code == "036" and {hold.i, talks.i} <= match.consumed
    assert doc[match.trigger[0]:match.trigger[1]].text == "agreed to hold peace talks"


@pytest.mark.integration
def test_patterns_build_script_reproduces_verbs_file(monkeypatch):
    if not (SHARED / "data" / "petrarch2").is_dir():
        pytest.skip("../shared/data/petrarch2 is not present (development workspace only)")
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_patterns", REPO / "scripts" / "build_patterns.py")
    build = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, build)  # dataclasses look their module up there
    spec.loader.exec_module(build)
    text = build.build(SHARED / "data" / "petrarch2", SHARED / "spec" / "cameo.csv")
    assert text == files("eventwire.data").joinpath("patterns", "verbs.csv").read_text("utf-8")


@pytest.mark.parametrize("name", ["people_words.csv", "anaphoric_determiners.csv", "seizure_of_power.csv",
                                  "defensive_verbs.csv", "decree_verbs.csv", "ambiguous_nouns.csv",
                                  "weapons.csv", "accusation_verbs.csv", "claim_nouns.csv",
                                  "time_prepositions.csv", "response_verbs.csv", "quantity_nouns.csv"])
def test_patterns_word_lists_are_unique_lowercase_lemmas(name):
    lemmas = [row["lemma"] for row in _data_rows("patterns", name)]
    assert lemmas and len(lemmas) == len(set(lemmas))
    assert all(lemma == lemma.lower().strip() and " " not in lemma for lemma in lemmas)


def test_patterns_word_lists_load():
    assert "hundred" in patterns.word_list("people_words") and "the" in patterns.word_list("anaphoric_determiners")


def test_patterns_ambiguous_nouns_are_event_nouns():
    nouns = {row["lemma"] for row in _data_rows("patterns", "nouns.csv")}
    assert patterns.word_list("ambiguous_nouns") <= nouns


def test_patterns_seizure_words_are_coded_as_seizure_somewhere():
    verbs, nouns = patterns.verb_patterns(), patterns.noun_patterns()
    for lemma in patterns.word_list("seizure_of_power"):
        codes = {p.code for p in verbs.get(lemma, [])} | {n.code for k, n in nouns.items() if k.split()[-1] == lemma}
        assert "180" in codes, lemma


def test_patterns_period_granted_to_comply_is_an_ultimatum():
    # "gave the officers seven days": the parser hangs the period on the verb as an adverbial
    doc = _doc(["Peru", "gave", "the", "officers", "seven", "days"], [1, 1, 3, 1, 5, 1],
               ["nsubj", "ROOT", "det", "dobj", "nummod", "npadvmod"],
               ["Peru", "give", "the", "officer", "seven", "day"], ["PROPN", "VERB", "DET", "NOUN", "NUM", "NOUN"])
    match = patterns.match_verb(doc[1])
    assert match.code == "139" and match.object_token == 5


def test_patterns_warning_against_an_intervention_threatens_force():
    doc = _doc(["Peru", "warned", "Chile", "against", "intervention"], [1, 1, 1, 1, 3],
               ["nsubj", "ROOT", "dobj", "prep", "pobj"], ["Peru", "warn", "Chile", "against", "intervention"],
               ["PROPN", "VERB", "PROPN", "ADP", "NOUN"])
    assert patterns.match_verb(doc[1]).code == "138"


def test_patterns_striking_back_is_force():
    doc = _doc(["Peru", "struck", "back"], [1, 1, 1], ["nsubj", "ROOT", "prt"], ["Peru", "strike", "back"],
               ["PROPN", "VERB", "ADP"])
    assert patterns.match_verb(doc[1]).code == "190"


def test_patterns_designating_for_sanctions_sanctions():
    doc = _doc(["Peru", "designated", "generals", "for", "sanctions"], [1, 1, 1, 1, 3],
               ["nsubj", "ROOT", "dobj", "prep", "pobj"], ["Peru", "designate", "general", "for", "sanction"],
               ["PROPN", "VERB", "NOUN", "ADP", "NOUN"])
    assert patterns.match_verb(doc[1]).code == "163"


def test_patterns_relative_clause_hung_on_a_nearer_noun_fits_the_phrase_head():
    """ "crowds in two towns that were dispersed": the clause's object is the crowds, not the towns."""
    doc = _doc(["crowds", "in", "towns", "that", "were", "dispersed"], [0, 0, 1, 5, 5, 2],
               ["ROOT", "prep", "pobj", "nsubjpass", "auxpass", "relcl"],
               ["crowd", "in", "town", "that", "be", "disperse"], ["NOUN", "ADP", "NOUN", "PRON", "AUX", "VERB"])
    assert patterns.match_verb(doc[5]).code == "175"


def test_patterns_hurting_someone_is_physical_assault():
    doc = _doc(["Guards", "hurt", "prisoners"], [1, 1, 1], ["nsubj", "ROOT", "dobj"], ["guard", "hurt", "prisoner"],
               ["NOUN", "VERB", "NOUN"])
    assert patterns.match_verb(doc[1]).code == "182"
