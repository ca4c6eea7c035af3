"""Places: gazetteer disambiguation, place finding and the stage on hand-written sentences."""
from __future__ import annotations

import pytest

from eventwire.model import Actor, Article, Event, Mention, Record
from eventwire.qualify.commands import where
from eventwire.qualify.places import _locative_preposition, find_places, geocode, place_events
from eventwire.settings import load_settings


@pytest.mark.parametrize("name,context,country,precision", [
    ("Odessa", ("UKR",), "UKR", "city"),
    ("Odessa", (), "UKR", "city"),  # the larger namesake without context
    ("Odessa", ("USA",), "USA", "city"),
    ("Georgia", (), "GEO", "country"),
    ("Georgia", ("GEO",), "GEO", "country"),
    ("Georgia", ("USA",), "USA", "admin1"),
    ("Georgia", ("GEO", "USA"), "GEO", "country"),
    ("Paris", ("USA",), "FRA", "city"),  # a capital abroad beats a small town at home
    ("Kurdistan", ("IRN",), "IRN", "admin1"),
    ("Kurdistan", ("IRQ",), "IRQ", "admin1"),
    ("Washington", (), "USA", "city"),
    ("Alexandria", (), "EGY", "city"),
])
def test_places_geocode_disambiguates_namesakes(name, context, country, precision):
    place = geocode(name, context)
    assert (place.country, place.precision) == (country, precision)


@pytest.mark.parametrize("name,expected", [
    ("Minsk", ("Minsk", "BLR", "city")),
    ("Kiev", ("Kyiv", "UKR", "city")),
    ("the Gaza Strip", ("Gaza Strip", "PSE", "admin1")),
    ("Donbas", ("Donbas", "UKR", "admin1")),
    ("Crimea", ("Crimea", "UKR", "admin1")),
    ("the Taiwan Strait", ("Taiwan Strait", None, "feature")),
    ("Pripyat River", ("Pripyat River", "BLR", "feature")),
    ("Gomel province", ("Gomel Region", "BLR", "admin1")),
    ("Kurdistan province", ("Kurdistan Province", "IRN", "admin1")),
    ("the Belarusian border", ("Belarus", "BLR", "country")),
    ("the Ukrainian-Belarusian border", ("Ukraine", "UKR", "country")),
    ("Belarus", ("Belarus", "BLR", "country")),
    ("the United States", ("United States", "USA", "country")),
    ("Texas", ("Texas", "USA", "admin1")),
])
def test_places_geocode_names_regions_and_countries(name, expected):
    place = geocode(name)
    assert (place.name, place.country, place.precision) == expected


def test_places_geocode_country_sits_at_its_capital():
    belarus, minsk = geocode("Belarus"), geocode("Minsk")
    assert (belarus.lat, belarus.lon) == (minsk.lat, minsk.lon)
    assert belarus.geonameid != minsk.geonameid


def test_places_geocode_us_state_point_lies_inside_the_state():
    texas = geocode("Texas")
    assert 25.8 < texas.lat < 36.5 and -106.7 < texas.lon < -93.5


@pytest.mark.parametrize("name", ["Xyzzyville", "", "the"])
def test_places_geocode_unknown_names_give_none(name):
    assert geocode(name) is None


def test_places_geocode_returns_a_fresh_place_each_time():
    first = geocode("Minsk")
    first.name = "changed"
    assert geocode("Minsk").name == "Minsk"


# ------------------------------------------------------------------ finding and the stage


def _record(nlp, text: str, triggers: list[str], actors: list[tuple[str, str]] = ()) -> Record:
    """A record with the given actor mentions; the first actor is every event's source."""
    record = Record(article=Article(id="t", text=text, published="2022-02-28"), text=text)
    record.doc = nlp(text)
    for word, country in actors:
        token = next(t for t in record.doc if t.text == word)
        record.mentions.append(Mention(token.i, token.i + 1, Actor.make(word, country)))
    source = record.mentions[0].actor if record.mentions else None
    for word in triggers:
        token = next(t for t in record.doc if t.text == word)
        record.events.append(Event(source=source, target=None, cameo="190", plover="ASSAULT", quad_class=4,
                                   goldstein=-10.0, trigger=word))
        record.event_tokens.append(token)
    return record


def _located(record: Record) -> list[tuple[str, str | None] | None]:
    place_events([record], load_settings())
    return [(e.location.name, e.location.country) if e.location else None for e in record.events]


@pytest.mark.integration
def test_places_find_places_context_from_an_unambiguous_capital(nlp):
    doc = nlp("Officials flew from Tbilisi to Georgia's western coast.")
    found = {m.text: m.place for m in find_places(doc)}
    assert found["Georgia"].country == "GEO" and found["Georgia"].precision == "country"


@pytest.mark.integration
def test_places_find_places_context_from_actor_countries(nlp):
    doc = nlp("Police dispersed a rally in Odessa.")
    (mention,) = find_places(doc, ["USA"])
    assert mention.place.country == "USA"


@pytest.mark.integration
def test_places_stage_country_as_actor_is_not_a_location(nlp):
    record = _record(nlp, "Belarus deployed troops. Russia shelled Ukraine. Ukraine asked for help.", ["deployed"], [("Belarus", "BLR")])
    assert _located(record) == [("Ukraine", "UKR")]  # the article's focus, not the actor


@pytest.mark.integration
def test_places_stage_border_phrase_gives_the_first_country(nlp):
    record = _record(nlp, "Belarus deployed troops near the Ukrainian border.", ["deployed"], [("Belarus", "BLR")])
    assert _located(record) == [("Ukraine", "UKR")]


@pytest.mark.integration
def test_places_stage_source_country_after_from_is_not_a_location(nlp):
    record = _record(nlp, "Russian troops from Belarus crossed into Ukraine.", ["crossed"], [("Belarus", "BLR")])
    assert _located(record) == [("Ukraine", "UKR")]


@pytest.mark.integration
def test_places_stage_each_event_takes_its_own_phrase(nlp):
    record = _record(nlp, "Iran fired drones at Israel in retaliation for an airstrike in Syria.",
                     ["fired", "airstrike"], [("Iran", "IRN")])
    assert _located(record) == [("Israel", "ISR"), ("Syria", "SYR")]


@pytest.mark.integration
def test_places_stage_sibling_clauses_keep_their_own_places(nlp):
    record = _record(nlp, "Protesters clashed with police in Tehran, while ministers met in Isfahan.",
                     ["clashed", "met"])
    assert _located(record) == [("Tehran", "IRN"), ("Isfahan", "IRN")]


@pytest.mark.integration
def test_places_stage_place_in_the_subject_phrase_counts(nlp):
    record = _record(nlp, "The embassy in Minsk suspended operations.", ["suspended"])
    assert _located(record) == [("Minsk", "BLR")]


@pytest.mark.integration
def test_places_stage_city_of_phrase(nlp):
    record = _record(nlp, "Police fired tear gas in the city of Kharkiv.", ["fired"])
    assert _located(record) == [("Kharkiv", "UKR")]


@pytest.mark.integration
def test_places_stage_without_a_locative_place_takes_the_focus_country(nlp):
    record = _record(nlp, "Lukashenko praised Putin. Protests continued in Minsk.", ["praised"])
    assert _located(record) == [("Belarus", "BLR")]
    assert record.events[0].location.precision == "country"


def _with_target(record: Record, cameo: str, target: Actor) -> Record:
    for event in record.events:
        event.cameo, event.target = cameo, target
    return record


@pytest.mark.integration
@pytest.mark.parametrize("cameo,target,expected", [
    ("173", Actor.make("citizens", "BLR"), ("Belarus", "BLR")),   # both sides Belarusian
    ("190", Actor.make("army", "POL"), ("Poland", "POL")),         # an attack lands on its target
    ("173", Actor.make("citizens", "POL"), ("Ukraine", "UKR")),   # an arrest of foreigners: the focus
    ("190", Actor.make("NATO", "IGO"), ("Ukraine", "UKR")),        # no country to land in
])
def test_places_stage_unplaced_event_takes_its_actors_country_before_the_focus(nlp, cameo, target, expected):
    record = _record(nlp, "Lukashenko acted. Protests continued in Kyiv.",
                     ["acted"], [("Lukashenko", "BLR")])
    assert _located(_with_target(record, cameo, target)) == [expected]
    record.events[0].location.name = "changed"  # each event owns its place: the gazetteer's stays
    assert _located(_with_target(record, cameo, target)) == [expected]


@pytest.mark.integration
def test_places_stage_without_any_place_leaves_none(nlp):
    record = _record(nlp, "Lukashenko praised Putin.", ["praised"])
    assert _located(record) == [None]


@pytest.mark.integration
def test_places_stage_dateline_is_the_focus(nlp):
    record = _record(nlp, "TOKYO - China condemned the visit. Beijing and Taipei traded words.", ["condemned"])
    assert _located(record) == [("Tokyo", "JPN")]


@pytest.mark.integration
@pytest.mark.parametrize("text,trigger,expected", [
    ("Pelosi visited Taiwan.", "visited", ("Taiwan", "TWN")),
    ("China cancelled talks after a visit by Pelosi to Taiwan.", "visit", ("Taiwan", "TWN")),
    ("Drones were shot down in Jordan's airspace.", "shot", ("Jordan", "JOR")),
    ("Russia invaded Ukraine in February.", "invaded", ("Ukraine", "UKR")),
])
def test_places_stage_destinations_and_possessed_territory(nlp, text, trigger, expected):
    record = _record(nlp, text, [trigger])
    assert _located(record) == [expected]


def test_places_rules_word_lists_are_all_strings():
    # YAML reads a bare on/off as a boolean: a lost "on" would silently drop "attacks on X".
    from eventwire.qualify.places import _rules

    rules = _rules()
    for name in ("locative_prepositions", "border_words", "generic_words", "place_labels", "other_labels"):
        assert rules[name] and all(isinstance(w, str) for w in rules[name]), name
    assert "on" in rules["locative_prepositions"]


@pytest.mark.integration
def test_places_stage_target_after_a_locative_preposition_is_the_location(nlp):
    record = _record(nlp, "Rebels launched a wave of attacks on Goma.", ["launched"], [("Rebels", "COD")])
    assert _located(record) == [("Goma", "COD")]


@pytest.mark.integration
def test_places_organisation_name_is_not_a_place(nlp):
    doc = nlp("Moscow blamed NATO for the crisis in Moldova.")
    names = [m.text for m in find_places(doc, ("RUS",))]
    assert "NATO" not in names and "Moldova" in names


@pytest.mark.integration
def test_places_of_phrase_after_an_event_noun_is_not_located_there(nlp):
    doc = nlp("Citing the invasion of Georgia, the ministry suspended operations in its embassy in Armenia.")
    head = next(t for t in doc if t.text == "Georgia")
    assert _locative_preposition(head) is None


@pytest.mark.integration
def test_places_where_gives_places_with_text_and_span():
    text = "Shelling hit Odessa and Kharkiv, Ukraine's second city."
    found = where(text)
    assert [(p["text"], p["country"]) for p in found][:2] == [("Odessa", "UKR"), ("Kharkiv", "UKR")]
    assert all(text[p["span"][0]:p["span"][1]] == p["text"] for p in found)
    assert {"name", "country", "lat", "lon", "geonameid", "precision"} <= set(found[0])


@pytest.mark.integration
def test_places_command_writes_one_line_per_article(tmp_path, capsys):
    import json

    from eventwire.cli import main

    articles = tmp_path / "in.jsonl"
    articles.write_text(json.dumps({"id": "a", "text": "Protests spread in Tehran."}) + "\n")
    main(["places", str(articles), "--format", "jsonl"])
    (line,) = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert line["id"] == "a" and [(p["text"], p["country"], p["span"]) for p in line["places"]] == [
        ("Tehran", "IRN", [19, 25])]
