"""The one loader of eventwire's dictionaries (``data/cameo/*.csv``, ``data/actors/*``).

Every table is read once, on first use, through ``importlib.resources`` and kept by
``functools.cache``; lookups are plain dict reads because the actor matcher calls them
for every token. Phrase keys are lowercase tokens joined by single spaces, tokenized the
way spaCy's English tokenizer splits them ("U.S." -> "u.s.", "Kremlin's" -> "kremlin 's").
A malformed or missing file raises :class:`~eventwire.errors.DataFileError` (EW300).
"""
from __future__ import annotations

import csv
import datetime
import io
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from .errors import DataFileError

# When the Phoenix dictionaries were generated: after this, people_current.csv wins.
PHOENIX_DATE = datetime.date(2014, 1, 30)
# Role kinds (cameo/roles.csv) that can be an actor's sector.
_SECTOR_KINDS = ("primary_role", "party", "secondary_role", "tertiary_role")
# Which kind wins when one phrase is listed twice (lower wins).
_KIND_RANK = {"organisation": 0, "country": 1, "seat": 2, "capital": 3, "adjective": 4, "people": 5}
_COUNTRY_LISTS = {"names": "country", "adjectives": "adjective", "people_words": "people",
                  "capitals": "capital", "seats": "seat"}
_METONYM_KINDS = ("capital", "seat")
# First blocks that stand for an international body rather than a country.
INTERNATIONAL_CODES = frozenset({"IGO", "NGO", "IMG", "MNC", "NGM", "INT", "UIS"})  # capitals and seats of power stand for the government


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    name: str
    root: str
    quad_class: int
    goldstein: float
    plover: str | None


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """What a phrase or a person resolves to.

    ``kind``: country | adjective | people | capital | seat | organisation | person.
    ``case_sensitive``: the phrase counts only when the text matches ``form`` exactly
    ("US" but not "us"). ``code`` is the full CAMEO code where one is known (IGOWSTNAT).
    """

    country: str
    sector: str
    name: str
    kind: str
    case_sensitive: bool = False
    form: str = ""
    code: str = ""


# ---------------------------------------------------------------- reading

def _read_text(path: str) -> str:
    try:
        return files("eventwire.data").joinpath(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"cannot read data/{path}: {exc}") from exc


def read_csv(path: str) -> list[dict[str, str]]:
    """Rows of a packaged CSV whose header comment lines start with ``#``."""
    lines = [line for line in _read_text(path).splitlines() if not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


# libyaml's safe loader when PyYAML was built with it: the same documents, several times faster.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: str) -> Any:
    try:
        return yaml.load(_read_text(path), Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        raise DataFileError(f"data/{path} is not valid YAML: {exc}") from exc


def _row_error(path: str, row: dict, exc: Exception) -> DataFileError:
    return DataFileError(f"data/{path}: bad row {row}: {exc}")


# ---------------------------------------------------------------- CAMEO

@cache
def cameo_codes() -> dict[str, CameoCode]:
    """Every CAMEO event code, 2-digit roots included: ``"190"`` -> CameoCode."""
    table = {}
    for row in read_csv("cameo/codes.csv"):
        try:
            table[row["code"]] = CameoCode(row["code"], row["name"], row["root"], int(row["quad_class"]),
                                           float(row["goldstein"]), row["plover"] or None)
        except (KeyError, ValueError) as exc:
            raise _row_error("cameo/codes.csv", row, exc) from exc
    return table


def cameo_code(code: str) -> CameoCode:
    """The code's entry, or its nearest parent's (4 -> 3 -> 2 digits); KeyError if none."""
    codes = cameo_codes()
    for length in range(len(code), 1, -1):
        if code[:length] in codes:
            return codes[code[:length]]
    raise KeyError(code)


@cache
def sector_codes() -> frozenset[str]:
    """CAMEO role codes that may stand as an actor's sector (GOV, MIL, ..., RAD)."""
    return frozenset(r["code"] for r in read_csv("cameo/roles.csv") if r["kind"] in _SECTOR_KINDS)


def split_code(code: str) -> tuple[str, str]:
    """``BLRGOVBUS`` -> (BLR, GOV); ``IGOWSTNAT`` -> (IGO, ""): the first role block is the sector."""
    sectors = sector_codes()
    blocks = (code[i:i + 3] for i in range(3, len(code), 3))
    return code[:3], next((b for b in blocks if b in sectors), "")


# ---------------------------------------------------------------- phrases

@cache
def _tokenizer():
    import spacy  # only the rule-based tokenizer: the same splits as the full English model

    return spacy.blank("en").tokenizer


@cache
def _special_cases() -> frozenset[str]:
    """The strings spaCy's English tokenizer splits by its exception table ("cannot", "Dont")."""
    from spacy.lang.en import English

    return frozenset(English.Defaults.tokenizer_exceptions)


def phrase_key(text: str) -> str:
    """The lookup key of a phrase: lowercase spaCy tokens joined by single spaces."""
    words = text.split()
    # A word of letters only is one token unless the exception table splits it; skipping the
    # tokenizer for such phrases (nearly every person's name) makes the 29,000 office-holders
    # load ~10 times faster in every new process.
    if all(word.isalpha() and word not in _special_cases() for word in words):
        return " ".join(words).lower()
    return " ".join(token.lower_ for token in _tokenizer()(" ".join(words)))


def _add(table: dict[str, ActorEntry], form: str, entry: ActorEntry) -> None:
    key = phrase_key(form)
    old = table.get(key)
    if old is None or _KIND_RANK[entry.kind] < _KIND_RANK[old.kind]:
        table[key] = entry


def _country_entries(table: dict[str, ActorEntry]) -> None:
    for country in read_yaml("actors/countries.yaml"):
        exact = set(country.get("case_sensitive") or [])
        for field, kind in _COUNTRY_LISTS.items():
            sector = "GOV" if kind in _METONYM_KINDS else ""
            for form in country.get(field) or []:
                _add(table, form, ActorEntry(country["iso3"], sector, country["name"], kind,
                                             form in exact, form, country["iso3"] + sector))


def _organisation_entries(table: dict[str, ActorEntry]) -> None:
    for org in read_yaml("actors/organisations.yaml"):
        exact = set(org.get("case_sensitive") or [])
        for form in org["names"]:
            _add(table, form, ActorEntry(org["country"], org["sector"] or "", org["name"], "organisation",
                                         form in exact, form, org["code"]))


@cache
def actor_phrases() -> dict[str, ActorEntry]:
    """Phrase key -> entry for countries' names, adjectives, people words, capitals and seats
    (capitals and seats carry sector GOV), and organisations. People are in :func:`person_roles`."""
    table: dict[str, ActorEntry] = {}
    try:
        _country_entries(table)
        _organisation_entries(table)
    except (KeyError, TypeError) as exc:
        raise DataFileError(f"data/actors: malformed actor file: {exc!r}") from exc
    return table


def lookup_actor(text: str) -> ActorEntry | None:
    """The entry for a phrase as written in the text, honouring case-sensitive entries
    ("US" is the United States, "us" is not)."""
    entry = actor_phrases().get(phrase_key(text))
    if entry is not None and entry.case_sensitive and " ".join(text.split()) != entry.form:
        return None
    return entry


@cache
def agent_sectors() -> dict[str, str]:
    """Lowercase agent phrase ("defense minister", "troops", "troop") -> sector ("GOV", "MIL")."""
    return {row["phrase"]: row["sector"] for row in read_csv("actors/agents.csv")}


@cache
def generic_force_nouns() -> frozenset[str]:
    """Words naming a state's armed men without their body ("forces"): police when turned on their own people."""
    return frozenset(row["lemma"] for row in read_csv("actors/generic_force_nouns.csv"))


@cache
def state_body_sectors() -> dict[str, str]:
    """CAMEO root -> the sector of the state body a bare country name stands for as the doer
    of an event of that root ("19" -> "MIL": "Peru shot down the drone" is its armed forces)."""
    return {row["root"]: row["sector"] for row in read_csv("actors/state_bodies.csv")}


@cache
def _countries_by_iso3() -> dict[str, str]:
    return {c["iso3"]: c["name"] for c in read_yaml("actors/countries.yaml")}


def is_country(iso3: str) -> bool:
    """Whether ``iso3`` is one of the countries in ``actors/countries.yaml``."""
    return iso3 in _countries_by_iso3()


def country_name(iso3: str) -> str:
    """``"BLR"`` -> ``"Belarus"``; KeyError for an unknown code."""
    return _countries_by_iso3()[iso3]


def country_by_name(name: str) -> str | None:
    """The ISO3 code of a country's name, adjective, people word, capital or seat (any case):
    ``"belarus"``/``"belarusian"``/``"minsk"`` -> ``"BLR"``."""
    entry = actor_phrases().get(phrase_key(name))
    return entry.country if entry is not None and entry.kind != "organisation" else None


# ---------------------------------------------------------------- regions

def _region_key(name: str) -> str:
    import unicodedata

    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return " ".join(folded.lower().replace("\u2019", "'").split())


@cache
def _regions() -> dict[str, str]:
    return {_region_key(row["name"]): row["country"] for row in read_csv("actors/regions.csv")}


@cache
def _region_suffixes() -> tuple[str, ...]:
    return tuple(read_yaml("places/rules.yaml")["generic_words"])


def region_country(name: str) -> str | None:
    """The country of a province, state or region named in the text, with or without its
    generic word: ``"Benue state"``/``"Benue"`` -> ``"NGA"``; None when unknown."""
    words = _region_key(name).removeprefix("the ").split()
    if words and words[-1] in _region_suffixes():
        words = words[:-1]
    return _regions().get(" ".join(words))


# ---------------------------------------------------------------- people

@dataclass(frozen=True, slots=True)
class _Role:
    person: str  # display name; also tells people apart
    code: str
    start: datetime.date | None
    end: datetime.date | None

    def covers(self, day: datetime.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    @property
    def undated(self) -> bool:
        return self.start is None and self.end is None


def _date(text: str) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


class _PeopleIndex:
    """Full name -> roles and surname -> full names, for one source file."""

    def __init__(self) -> None:
        self.roles: dict[str, list[_Role]] = defaultdict(list)
        self.surnames: dict[str, set[str]] = defaultdict(set)

    def add(self, names: list[str], role: _Role) -> None:
        for name in names:
            key = phrase_key(name)
            self.roles[key].append(role)
            self.surnames[key.split()[-1]].add(key)

    def find(self, key: str) -> list[_Role] | None:
        if key in self.roles:
            return self.roles[key]
        # Spellings of one person carry the same roles; different roles = different people.
        people = {frozenset((r.code, r.start, r.end) for r in self.roles[full]): full
                  for full in self.surnames.get(key, ())}
        return self.roles[next(iter(people.values()))] if len(people) == 1 else None


def _load_people(path: str, names_of) -> _PeopleIndex:
    index = _PeopleIndex()
    for row in read_csv(path):
        try:
            names = names_of(row)
            index.add(names, _Role(names[0], row["code"], _date(row["start"]), _date(row["end"])))
        except (KeyError, ValueError, IndexError) as exc:
            raise _row_error(path, row, exc) from exc
    return index


@cache
def _current_people() -> _PeopleIndex:
    return _load_people("actors/people_current.csv",
                        lambda row: [row["name"], *filter(None, row["aliases"].split("|"))])


@cache
def _phoenix_people() -> _PeopleIndex:
    return _load_people("actors/people.csv", lambda row: [row["name"]])


def _role_on(roles: list[_Role], on: datetime.date | None) -> _Role | None:
    dated = [r for r in roles if not r.undated]
    if on is None:  # the role held now: open-ended first, then the latest to end
        open_ended = [r for r in dated if r.end is None]
        pool = open_ended or sorted(dated, key=lambda r: r.end)[-1:]
    else:
        pool = [r for r in dated if r.covers(on)]
    if pool:
        return max(pool, key=lambda r: r.start or datetime.date.min)
    return next((r for r in roles if r.undated), None)


def person_roles(name: str, on: datetime.date | None = None) -> ActorEntry | None:
    """The role a named person (full name or surname, any case) holds on ``on`` (today's when
    None). The hand-written current file wins for dates after 2014; None when unknown or when
    a surname belongs to several people."""
    key = phrase_key(name)
    sources = [_current_people(), _phoenix_people()]
    if on is not None and on < PHOENIX_DATE:
        sources.reverse()
    for index in sources:
        roles = index.find(key)
        role = _role_on(roles, on) if roles else None
        if role is not None:
            country, sector = split_code(role.code)
            return ActorEntry(country, sector, role.person, "person", code=role.code)
    return None


@cache
def person_titles() -> dict[str, str]:
    """Title written before a name -> sector: ``"gen."`` -> ``"MIL"``, ``"sen."`` -> ``"LEG"``."""
    return {row["title"]: row["sector"] for row in read_csv("actors/person_titles.csv")}


@cache
def leading_verbs() -> frozenset[str]:
    """Verbs by which a person leads a body ("who chairs ECOWAS") and so acts for it."""
    return frozenset(row["lemma"] for row in read_csv("actors/leading_verbs.csv"))


@cache
def crowd_nouns() -> frozenset[str]:
    """Nouns of number standing for people ("hundreds", "dozens of militants")."""
    return frozenset(row["lemma"] for row in read_csv("actors/crowd_nouns.csv"))


@cache
def bare_force_nouns() -> dict[str, str]:
    """Plural words for a state's uniformed men ("officers") -> the sector they have when bare."""
    return {row["word"]: row["sector"] for row in read_csv("actors/bare_force_nouns.csv")}


@cache
def group_nouns() -> frozenset[str]:
    """Nouns naming a group of actors without a sector ("allies", "members")."""
    return frozenset(row["lemma"] for row in read_csv("actors/group_nouns.csv"))
