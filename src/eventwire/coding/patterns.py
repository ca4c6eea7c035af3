"""Which CAMEO code a verb or an event noun expresses, from ``data/patterns/``.

``verbs.csv`` rows say: this verb lemma, with this particle attached and this word heading
its complement, expresses this code. :func:`match_verb` collects what hangs off a verb in the
dependency parse (particles, objects, an xcomp verb and its object, as in "agreed to hold
talks") and picks the most specific row that fits. ``nouns.csv`` lists nouns that denote an
event by themselves ("invasion", "airstrike"); :func:`match_noun` looks them up, including
two-word compounds ("air strike"). Who did it to whom is the events stage's business.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from spacy.tokens import Token

from ..errors import DataFileError

# Dependency labels of children that can carry a verb's particle or preposition.
_PARTICLE_DEPS = frozenset({"prt", "prep", "agent", "dative", "advmod"})
# Complement slots, most telling first: the rank breaks ties between equally specific rows.
_OBJECT_DEPS = ("dobj", "nsubjpass", "attr", "oprd", "acomp")
# Only control clauses ("agreed to hold talks") complete a verb's phrase; a finite clause
# ("reported that X ordered a deployment") has its own subject and is an event of its own.
_CLAUSE_DEPS = frozenset({"xcomp"})


@dataclass(frozen=True, slots=True)
class VerbPattern:
    particle: str  # "" when the row needs no particle
    object: str  # "" when the row needs no complement word
    code: str  # "" for a non_event_objects.csv row: with this object the verb is no event

    @property
    def specificity(self) -> int:
        """particle+object (3) > object (2) > particle (1) > bare verb (0)."""
        return 2 * bool(self.object) + bool(self.particle)


@dataclass(frozen=True, slots=True)
class NounPattern:
    lemma: str  # "invasion", or "air strike": a compound modifier and its head
    code: str


@dataclass(frozen=True, slots=True)
class PatternMatch:
    code: str
    trigger: tuple[int, int]  # token span [start, end) of the words carrying the action
    object_token: int | None  # the token that satisfied the row's object, if any
    particle_token: int | None
    consumed: frozenset[int]  # tokens this match accounts for; code none of them again


@dataclass(frozen=True, slots=True)
class _Complement:
    token: Token
    rank: int  # position in the preference order; lower is better
    via: Token | None  # the xcomp/ccomp verb it was reached through, if any
    apart: bool = False  # a word of another clause ("she died after being beaten"): not in the trigger


# -- loading ---------------------------------------------------------------------------------


def _read_rows(name: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows of a commented CSV under data/patterns/, checked to have ``columns``."""
    try:
        text = files("eventwire.data").joinpath("patterns", name).read_text("utf-8")
    except OSError as exc:
        raise DataFileError(f"patterns/{name}: {exc}") from exc
    body = "".join(line for line in text.splitlines(keepends=True) if not line.startswith("#"))
    reader = csv.DictReader(io.StringIO(body))
    if tuple(reader.fieldnames or ()) [: len(columns)] != columns:
        raise DataFileError(f"patterns/{name}: expected columns {columns}, found {reader.fieldnames}")
    return [{k: (v or "").strip() for k, v in row.items()} for row in reader]


@cache
def verb_patterns() -> dict[str, list[VerbPattern]]:
    """Verb lemma -> its rows, most specific first; non_event_objects.csv rows have no code."""
    table: dict[str, list[VerbPattern]] = {}
    for row in _read_rows("verbs.csv", ("lemma", "particle", "object", "code", "note")):
        table.setdefault(row["lemma"], []).append(VerbPattern(row["particle"], row["object"], row["code"]))
    for row in _read_rows("non_event_objects.csv", ("lemma", "object", "note")):
        table.setdefault(row["lemma"], []).append(VerbPattern("", row["object"], ""))
    for rows in table.values():
        rows.sort(key=lambda p: -p.specificity)
    return table


@cache
def reciprocal_roots() -> frozenset[str]:
    """CAMEO roots whose coordinated actors act on each other when no target is named."""
    return frozenset(row["root"] for row in _read_rows("reciprocal_roots.csv", ("root", "note")))


@cache
def support_verbs() -> frozenset[str]:
    """Verbs whose event-noun object is carried out by their subject ("ordered the deployment")."""
    return word_list("support_verbs")


@cache
def word_list(name: str) -> frozenset[str]:
    """The lemmas of ``data/patterns/<name>.csv``, a (lemma, note) word list a rule of the
    events stage reads: people_words, anaphoric_determiners, seizure_of_power, defensive_verbs,
    decree_verbs, ambiguous_nouns (each file's header says what its words do)."""
    return frozenset(row["lemma"] for row in _read_rows(f"{name}.csv", ("lemma", "note")))


def accusing_verb(act: Token) -> Token | None:
    """ "Activists accused the guards of beating prisoners", "the guards were accused of
    torturing and beating them": the accusation verb whose "of" gerund the act is."""
    while act.dep_ == "conj" and act.head.pos_ == "VERB":
        act = act.head
    if act.dep_ != "pcomp" or act.head.dep_ != "prep":
        return None
    accusing = act.head.head
    return accusing if accusing.lemma_.lower() in word_list("accusation_verbs") else None


@cache
def noun_patterns() -> dict[str, NounPattern]:
    """Noun lemma (or "modifier head" compound) -> its pattern."""
    rows = _read_rows("nouns.csv", ("lemma", "code", "note"))
    return {row["lemma"]: NounPattern(row["lemma"], row["code"]) for row in rows}


# -- matching verbs --------------------------------------------------------------------------


def _particles(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in _PARTICLE_DEPS]


def _complements(verb: Token) -> list[_Complement]:
    """Words that can satisfy a row's object, each with its rank and the clause it came through."""
    found: list[_Complement] = []

    def add(token: Token, via: Token | None) -> None:
        found.append(_Complement(token, len(found), via))
        found.extend(_Complement(c, len(found), via) for c in token.conjuncts if c.i > token.i)
        # "dozens of missiles", "most of the drones": the quantity heads the phrase, the
        # thing counted is what a row names
        for of in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
            found.extend(_Complement(c, len(found), via) for c in of.children if c.dep_ == "pobj")

    # "gave the officers seven days to leave": the parser attaches the period granted as an
    # adverbial (npadvmod); it tells the act (an ultimatum) more than the recipient does
    for child in verb.children:
        if child.dep_ == "npadvmod" and child.pos_ == "NOUN":
            add(child, None)
    for child in verb.children:
        if child.dep_ in _OBJECT_DEPS:
            add(child, None)
    undergoer = passive_gerund_subject(verb)
    if undergoer is not None:
        found.append(_Complement(undergoer, len(found), None, apart=True))
    if verb.dep_ == "relcl" and not any(c.dep_ == "dobj" for c in verb.children):
        add(verb.head, None)  # "the first attack Iran has launched": the noun is the object
        # "protests in several cities that were dispersed": the parser may hang the clause on the
        # nearest noun of the phrase; the nouns it modifies come next, nearest first
        for noun in phrase_heads_above(verb.head):
            add(noun, None)
    for particle in _particles(verb):
        for pobj in (c for c in particle.children if c.dep_ == "pobj"):
            add(pobj, None)
    for clause in (c for c in verb.children if c.dep_ in _CLAUSE_DEPS or is_small_clause(c)):
        add(clause, clause)
        for child in clause.children:
            if child.dep_ in _OBJECT_DEPS:
                add(child, clause)
    return found


def passive_gerund_subject(verb: Token) -> Token | None:
    """ "She died after being beaten by police", "he was hospitalised after being shot": a passive
    with no subject of its own, in a phrase of the clause, is undergone by that clause's subject."""
    if verb.dep_ not in ("pcomp", "advcl") or not any(c.dep_ == "auxpass" for c in verb.children) \
            or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    node = verb
    for _ in range(6):  # through "after being taken to hospital due to being beaten"
        if node.head.i == node.i:
            return None
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            subject = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None or node.dep_ not in ("pcomp", "advcl"):
                return subject
    return None


def phrase_heads_above(noun: Token) -> list[Token]:
    """The nouns a prepositional phrase hangs from: "rallies in a handful of towns" above "towns"."""
    heads = []
    while noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ in ("NOUN", "PROPN"):
        noun = noun.head.head
        heads.append(noun)
    return heads


def is_small_clause(clause: Token) -> bool:
    """ "helped the military counter the drones": a bare infinitive with its own subject
    completes the verb's phrase as a control clause does."""
    return (clause.dep_ == "ccomp" and clause.tag_ == "VB"
            and not any(c.dep_ in ("aux", "mark") for c in clause.children))


def _fits(pattern: VerbPattern, particles: dict[str, Token],
          complements: dict[str, _Complement]) -> tuple[Token | None, _Complement | None] | None:
    """(particle token, complement) satisfying the pattern, or None."""
    particle = None
    if pattern.particle:
        particle = particles.get(pattern.particle)
        if particle is None:
            return None
    complement = None
    if pattern.object:
        complement = complements.get(pattern.object)
        if complement is None:
            return None
    return particle, complement


def _first_by_word(items: list, word) -> dict:
    """word -> the first item with that word: a verb is tried against dozens of rows, so its
    particles and complements are looked up, not scanned, for each."""
    found: dict = {}
    for item in items:
        found.setdefault(word(item), item)
    return found


def match_verb(token: Token) -> PatternMatch | None:
    """The most specific verb pattern that fits ``token`` and its dependents, or None."""
    rows = verb_patterns().get(token.lemma_.lower())
    if not rows:
        return None
    particles = _first_by_word(_particles(token), lambda p: p.lower_)
    complements = _first_by_word(_complements(token), lambda c: c.token.lemma_.lower())
    # A verb has dozens of rows and few of them fit: skip the others in one pass (keeping the
    # rows' order, so the most specific fitting rows still come first).
    fitting = [p for p in rows if (not p.particle or p.particle in particles)
               and (not p.object or p.object in complements)]
    best = None
    for pattern in fitting:  # most specific first: stop once a less specific row would be next
        if best is not None and pattern.specificity < best[0].specificity:
            break
        fit = _fits(pattern, particles, complements)
        if fit is not None and (best is None or _rank(fit) < _rank(best[1])):
            best = (pattern, fit)
    if best is None or not best[0].code:
        return None  # no row fits, or the fitting one says this object makes no event
    pattern, (particle, complement) = best
    return _verb_match(token, pattern.code, particle, complement)


def _rank(fit: tuple[Token | None, _Complement | None]) -> int:
    """Among equally specific rows, prefer the one whose object sits in the more telling slot."""
    complement = fit[1]
    return complement.rank if complement is not None else 0


def _verb_match(verb: Token, code: str, particle: Token | None, complement: _Complement | None) -> PatternMatch:
    used = {verb.i}
    if particle is not None:
        used.add(particle.i)
    if complement is not None and not complement.apart:
        used.add(complement.token.i)
        if complement.via is not None:
            used.add(complement.via.i)
    return PatternMatch(
        code=code,
        trigger=(min(used), max(used) + 1),
        object_token=complement.token.i if complement is not None else None,
        particle_token=particle.i if particle is not None else None,
        # "agreed to hold talks" is one event: neither "hold" nor the noun "talks" is coded again
        consumed=frozenset(used),
    )


# -- matching nouns --------------------------------------------------------------------------


def match_noun(token: Token) -> PatternMatch | None:
    """The event noun pattern for ``token``: a compound ("air strike", "military exercises")
    before the bare noun."""
    table = noun_patterns()
    head = token.lemma_.lower()
    modifiers = [c for c in token.children if c.dep_ in ("compound", "amod", "nmod")]
    for modifier in modifiers + [m for c in modifiers for m in c.conjuncts]:  # "air and naval exercises"
        pattern = table.get(f"{modifier.lemma_.lower()} {head}")
        if pattern is not None:
            span = (min(modifier.i, token.i), token.i + 1)
            return PatternMatch(pattern.code, span, None, None, frozenset({token.i, modifier.i}))
    pattern = table.get(head)
    if pattern is None:
        return None
    return PatternMatch(pattern.code, (token.i, token.i + 1), None, None, frozenset({token.i}))
