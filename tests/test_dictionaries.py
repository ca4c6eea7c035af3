"""The dictionary loader: CAMEO lookups, actor phrases, agents, people, countries."""
from __future__ import annotations

from datetime import date

import pytest

from eventwire import dictionaries
from eventwire.dictionaries import (actor_phrases, agent_sectors, cameo_code, cameo_codes, country_by_name,
                                    country_name, lookup_actor, person_roles, phrase_key)


def test_dictionaries_cameo_code_reads_goldstein_and_plover():
    assert cameo_code("1951").goldstein == -10.0
    assert cameo_code("190").plover == "ASSAULT"
    assert cameo_code("010").plover is None
    assert cameo_code("036").quad_class == 1


def test_dictionaries_cameo_code_falls_back_to_parent():
    assert cameo_code("1959").code == "195"
    assert cameo_code("0299").code == "02"


def test_dictionaries_cameo_code_unknown_raises_keyerror():
    with pytest.raises(KeyError):
        cameo_code("99")


def test_dictionaries_cameo_codes_include_roots():
    assert {"01", "14", "20"} <= set(cameo_codes())


@pytest.mark.parametrize("phrase,country,sector,kind", [
    ("the kremlin", "RUS", "GOV", "seat"),
    ("minsk", "BLR", "GOV", "capital"),
    ("belarusian", "BLR", "", "adjective"),
    ("belarusians", "BLR", "", "people"),
    ("u.s.", "USA", "", "country"),
    ("the white house", "USA", "GOV", "seat"),
    ("washington", "USA", "GOV", "capital"),
    ("downing street", "GBR", "GOV", "seat"),
    ("kyiv", "UKR", "GOV", "capital"),
    ("kiev", "UKR", "GOV", "capital"),
    ("gaza", "PSE", "", "country"),
    ("ivory coast", "CIV", "", "country"),
    ("turkiye", "TUR", "", "country"),
    ("kosovo", "KOS", "", "country"),
    ("nato", "IGO", "", "organisation"),
    ("hamas", "PSE", "REB", "organisation"),
    ("amnesty international", "NGO", "HRI", "organisation"),
])
def test_dictionaries_actor_phrases_resolve(phrase, country, sector, kind):
    entry = actor_phrases()[phrase]
    assert (entry.country, entry.sector, entry.kind) == (country, sector, kind)


def test_dictionaries_actor_phrases_keys_follow_spacy_tokens():
    assert phrase_key("Kremlin's") == "kremlin 's"
    assert phrase_key("  the   White House ") == "the white house"
    assert phrase_key("U.S.") == "u.s." and "u.s." in actor_phrases()



@pytest.mark.parametrize("name", ["Cannot Tellwell", "Marta Dont", "Joao Havent", "Élodie Brûlé", "İlkay Öz",
                                  "gonna Win", "Ana-Lucia Ferro", "O'Brien Kaye"])
def test_dictionaries_phrase_key_shortcut_tokenizes_as_spacy_does(name):
    assert phrase_key(name) == " ".join(t.lower_ for t in dictionaries._tokenizer()(name))


def test_dictionaries_phrase_key_shortcut_agrees_on_every_shipped_person():
    rows = dictionaries.read_csv("actors/people.csv") + dictionaries.read_csv("actors/people_current.csv")
    names = {n for row in rows for n in [row["name"], *filter(None, row.get("aliases", "").split("|"))]}
    tokenizer = dictionaries._tokenizer()
    assert [n for n in names if phrase_key(n) != " ".join(t.lower_ for t in tokenizer(" ".join(n.split())))] == []

@pytest.mark.integration
def test_dictionaries_actor_phrases_match_model_tokens(nlp):
    doc = nlp("The U.S. envoy and the U.N. Security Council met Kremlin officials in Cote d'Ivoire.")
    lowered = [t.lower_ for t in doc]
    for key in ("u.s.", "u.n. security council", "kremlin", "cote d'ivoire"):
        words = key.split()
        assert any(lowered[i:i + len(words)] == words for i in range(len(lowered))), key
        assert key in actor_phrases()


def test_dictionaries_actor_phrases_carry_full_codes():
    assert actor_phrases()["nato"].code == "IGOWSTNAT"
    assert actor_phrases()["the kremlin"].code == "RUSGOV"


@pytest.mark.parametrize("text,iso3", [("US", "USA"), ("UN", "IGO"), ("Chad", "TCD"), ("Jordan", "JOR"),
                                       ("WHO", "IGO")])
def test_dictionaries_lookup_actor_honours_case(text, iso3):
    assert lookup_actor(text).country == iso3
    assert lookup_actor(text.lower()) is None


def test_dictionaries_lookup_actor_ignores_case_for_plain_names():
    assert lookup_actor("BELARUS").country == "BLR"
    assert lookup_actor("the Kremlin").sector == "GOV"
    assert lookup_actor("Smithsonian") is None


@pytest.mark.parametrize("phrase,sector", [("troops", "MIL"), ("troop", "MIL"), ("forces", "MIL"),
                                           ("defense minister", "GOV"), ("foreign ministry", "GOV"),
                                           ("opposition", "OPP"), ("police", "COP"), ("rebel", "REB"),
                                           ("court", "JUD"), ("journalist", "MED"), ("parliament", "LEG"),
                                           ("refugee", "REF"), ("spokesman", "GOV")])
def test_dictionaries_agent_sectors(phrase, sector):
    assert agent_sectors()[phrase] == sector


def test_dictionaries_agent_sectors_drop_common_words():
    assert not {"boss", "girl", "community", "fighter"} & set(agent_sectors())


@pytest.mark.parametrize("name,on,code", [
    ("Lukashenko", None, "BLRGOV"),
    ("Alexander Lukashenko", date(2022, 2, 28), "BLRGOV"),
    ("Putin", date(2022, 2, 28), "RUSGOV"),
    ("vladimir putin", None, "RUSGOV"),
    ("Tsikhanouskaya", date(2021, 5, 1), "BLROPP"),
    ("Zelenskyy", date(2022, 3, 1), "UKRGOV"),
    ("Trump", date(2023, 6, 1), "USAELI"),
    ("Trump", date(2025, 6, 1), "USAGOV"),
    ("Rutte", date(2020, 1, 1), "NLDGOV"),
    ("Rutte", date(2025, 1, 1), "IGOWSTNAT"),
])
def test_dictionaries_person_roles_by_date(name, on, code):
    assert person_roles(name, on).code == code


def test_dictionaries_person_roles_splits_code():
    entry = person_roles("Putin", date(2022, 2, 28))
    assert (entry.country, entry.sector, entry.kind, entry.name) == ("RUS", "GOV", "person", "Vladimir Putin")


def test_dictionaries_person_roles_uses_phoenix_before_2014():
    entry = person_roles("Putin", date(2005, 1, 1))
    assert entry.code == "RUSGOV" and entry.name != "Vladimir Putin"  # a Phoenix spelling


def test_dictionaries_person_roles_unknown_or_ambiguous_is_none():
    assert person_roles("Zzyzxian") is None
    assert person_roles("Smith") is None  # many people


def test_dictionaries_country_name_and_by_name():
    assert country_name("BLR") == "Belarus"
    assert [country_by_name(n) for n in ("belarus", "Belarusian", "minsk")] == ["BLR"] * 3
    assert country_by_name("nato") is None
    with pytest.raises(KeyError):
        country_name("XXX")


def test_dictionaries_missing_file_raises_data_file_error():
    from eventwire.errors import DataFileError

    with pytest.raises(DataFileError) as info:
        dictionaries.read_csv("actors/no_such_file.csv")
    assert info.value.code == "EW300"


@pytest.mark.parametrize("name, country", [
    ("Benue", "NGA"),
    ("Benue state", "NGA"),
    ("the Helmand province", "AFG"),
    ("Idlib", "SYR"),
])
def test_dictionaries_region_country_with_or_without_generic_word(name, country):
    assert dictionaries.region_country(name) == country


@pytest.mark.parametrize("name", ["North", "Upper West", "Atlantis", ""])
def test_dictionaries_region_country_unknown_or_generic_is_none(name):
    assert dictionaries.region_country(name) is None


def test_dictionaries_is_country():
    assert dictionaries.is_country("NGA") and not dictionaries.is_country("XYZ")
