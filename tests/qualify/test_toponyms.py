"""Toponym suite: 100 place mentions, each with the article's countries, resolved to a country.

Hand-written for eventwire from places news names, ambiguous ones included: namesakes on
several continents ("Paris", "Odessa", "Georgia", "Tripoli", "Alexandria"), names whose
country only the article's other countries settle, regions and waters from the curated
features, and border phrases. The floor is 95% (the issue's figure): a few hard cases may
fail without the suite failing, and each failure is listed.
"""
from __future__ import annotations

import pytest

from eventwire.qualify.places import geocode

# (mention, the article's countries (ISO3), expected country ISO3 or None for shared waters)
MENTIONS = [
    # ---- capitals and large cities, no context
    ("Kyiv", (), "UKR"), ("Kiev", (), "UKR"), ("Moscow", (), "RUS"), ("Minsk", (), "BLR"),
    ("Tehran", (), "IRN"), ("Beijing", (), "CHN"), ("Taipei", (), "TWN"), ("Niamey", (), "NER"),
    ("Abuja", (), "NGA"), ("Washington", (), "USA"), ("London", (), "GBR"), ("Berlin", (), "DEU"),
    ("Warsaw", (), "POL"), ("Vilnius", (), "LTU"), ("Ankara", (), "TUR"), ("Jerusalem", (), "ISR"),
    ("Tel Aviv", (), "ISR"), ("Damascus", (), "SYR"), ("Baghdad", (), "IRQ"), ("Kabul", (), "AFG"),
    ("Islamabad", (), "PAK"), ("New Delhi", (), "IND"), ("Tokyo", (), "JPN"), ("Seoul", (), "KOR"),
    ("Pyongyang", (), "PRK"), ("Caracas", (), "VEN"), ("Bamako", (), "MLI"), ("Ouagadougou", (), "BFA"),
    ("Khartoum", (), "SDN"), ("Addis Ababa", (), "ETH"), ("Cairo", (), "EGY"), ("Riyadh", (), "SAU"),
    ("Sanaa", (), "YEM"), ("Beirut", (), "LBN"), ("Brussels", (), "BEL"), ("Geneva", (), "CHE"),
    # ---- smaller cities of the news, no context
    ("Kharkiv", (), "UKR"), ("Mariupol", (), "UKR"), ("Zaporizhzhia", (), "UKR"), ("Bakhmut", (), "UKR"),
    ("Isfahan", (), "IRN"), ("Mashhad", (), "IRN"), ("Saqqez", (), "IRN"), ("Sanandaj", (), "IRN"),
    ("Xiamen", (), "CHN"), ("Kaohsiung", (), "TWN"), ("Agadez", (), "NER"), ("Zinder", (), "NER"),
    ("Gomel", (), "BLR"), ("Brest", ("BLR",), "BLR"), ("Mosul", (), "IRQ"), ("Aleppo", (), "SYR"),
    ("Rafah", (), "PSE"), ("Haifa", (), "ISR"), ("Eilat", (), "ISR"), ("Dimona", (), "ISR"),
    # ---- ambiguous names settled by the article's countries
    ("Odessa", ("UKR", "RUS"), "UKR"), ("Odessa", ("USA",), "USA"), ("Georgia", ("RUS",), "GEO"),
    ("Georgia", ("USA",), "USA"), ("Tripoli", ("LBY",), "LBY"), ("Tripoli", ("LBN",), "LBN"),
    ("Alexandria", ("EGY",), "EGY"), ("Alexandria", ("USA",), "USA"), ("Paris", (), "FRA"),
    ("Paris", ("FRA", "USA"), "FRA"), ("Cambridge", ("GBR",), "GBR"), ("Cambridge", ("USA",), "USA"),
    ("Birmingham", ("GBR",), "GBR"), ("Birmingham", ("USA",), "USA"), ("Hyderabad", ("IND",), "IND"),
    ("Hyderabad", ("PAK",), "PAK"), ("Brest", ("FRA",), "FRA"), ("Valencia", ("ESP",), "ESP"),
    ("Valencia", ("VEN",), "VEN"), ("Santiago", ("CHL",), "CHL"), ("Cordoba", ("ARG",), "ARG"),
    ("Kurdistan", ("IRQ",), "IRQ"), ("Kurdistan", ("IRN",), "IRN"), ("Punjab", ("PAK",), "PAK"),
    ("Victoria", ("CAN",), "CAN"), ("Perth", ("AUS",), "AUS"),
    # ---- countries, regions, waters and borders
    ("Niger", (), "NER"), ("Nigeria", (), "NGA"), ("Taiwan", (), "TWN"), ("Belarus", (), "BLR"),
    ("Crimea", (), "UKR"), ("Donbas", (), "UKR"), ("Gaza Strip", (), "PSE"), ("West Bank", (), "PSE"),
    ("Tigray", (), "ETH"), ("Darfur", (), "SDN"), ("Xinjiang", (), "CHN"), ("Tillaberi", (), "NER"),
    ("Black Sea", (), None), ("Taiwan Strait", (), None), ("the Belarusian border", (), "BLR"),
    ("the Ukrainian-Belarusian border", (), "UKR"), ("Kherson region", (), "UKR"), ("Gomel region", (), "BLR"),
]


def test_toponyms_suite_has_100_mentions_with_ambiguous_names():
    assert len(MENTIONS) == 100
    names = [name for name, _, _ in MENTIONS]
    assert sum(names.count(n) > 1 for n in set(names)) >= 10  # names asked in two contexts


def test_toponyms_resolve_to_the_right_country_at_least_95_percent():
    failures = []
    for name, context, expected in MENTIONS:
        place = geocode(name, context)
        got = place.country if place is not None else "(not found)"
        if got != expected:
            failures.append(f"{name} {context}: {got} != {expected}")
    accuracy = 1 - len(failures) / len(MENTIONS)
    assert accuracy >= 0.95, failures


@pytest.mark.parametrize("name,context,expected", [m for m in MENTIONS if len(m[1]) == 1 and m[0] in
                                                   ("Odessa", "Georgia", "Tripoli", "Kurdistan")])
def test_toponyms_context_decides_between_namesakes(name, context, expected):
    assert geocode(name, context).country == expected
