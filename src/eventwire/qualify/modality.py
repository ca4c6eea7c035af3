"""The ``modality`` stage: did the text say the event happened, or only that it might?

An event's modality comes from its trigger and the words that govern it, climbing the
dependency tree from the trigger towards the sentence root and stopping below a reporting
verb: in "X said Y will attack" the future comes from Y's clause, and "said" is the
attribution's business, not modality's. The cue words live in ``data/modality.yaml``.
Precedence: negated > conditional > requested > possible > future > asserted.
"""
from __future__ import annotations

from functools import cache
from typing import Any

from ..coding.patterns import accusing_verb, match_verb
from ..dictionaries import read_yaml
from ..model import Record
from ..pipeline import stage
from ..settings import Settings
from .attribution import is_speech_verb

Token = Any  # spacy.tokens.Token

# Links a modality flows down: complements, coordinations, a nominal event's verb ("the
# invasion will begin") and prepositional objects ("plans for an invasion"). Relative
# clauses are left out: "troops that attacked will withdraw" does not make the attack future.
_SCOPING_LINKS = {"xcomp", "ccomp", "conj", "acl", "pcomp", "pobj", "prep", "dobj", "nsubj", "nsubjpass",
                  "attr", "oprd", "acomp", "csubj", "csubjpass", "compound"}


@cache
def _cues() -> dict[str, frozenset[str]]:
    data = read_yaml("modality.yaml")
    return {key: frozenset(str(word).lower() for word in words) for key, words in data.items()}


def _scope(trigger: Token) -> tuple[list[Token], bool]:
    """(the trigger and the words governing it, whether the climb ended at a reporting verb).

    The climb stops at a relative clause, at a conjunct with its own subject, and below a
    reporting verb; a negating verb ("denied that ...") is kept.
    """
    chain = [trigger]
    current = trigger
    while current.dep_ in _SCOPING_LINKS and current.head.i != current.i and not _is_own_clause(current):
        if _is_perceived_doer(current):
            return chain, False  # "has not seen the drills causing problems": the drills took place
        head = current.head
        if is_speech_verb(head) and not is_negating_verb(head):
            if current.dep_ == "dobj" and head.lemma_.lower() in _cues()["perception_verbs"]:
                chain.append(head)  # "had not observed any attack": what is not perceived did not happen
            return chain, True
        chain.append(head)
        current = head
    return chain, _is_own_clause(current) and _reported_clause(current.head)


def _is_perceived_doer(token: Token) -> bool:
    """The subject of what a perception verb's small clause says it does ("saw [the drills
    causing problems]"): a negated perception denies the doing, not the doer."""
    clause = token.head
    return (token.dep_ == "nsubj" and token.pos_ == "NOUN" and clause.tag_ == "VBG" and clause.dep_ == "ccomp"
            and clause.head.lemma_.lower() in _cues()["perception_verbs"])


def _reported_clause(token: Token) -> bool:
    """Whether a clause is (a conjunct of) what a reporting verb governs: "announced that
    flights would stop, [that borders would be closed]" keeps the future of reported speech."""
    while token.dep_ in ("conj", "ccomp") and token.head.i != token.i:
        if is_speech_verb(token.head):
            return True
        token = token.head
    return False


def _is_own_clause(token: Token) -> bool:
    """A conjunct with its own subject is a new clause ("..., but they will leave")."""
    return token.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)


def _condition_marker(token: Token) -> Token | None:
    return next((c for c in token.children if c.dep_ == "mark" and c.lower_ in _cues()["condition_markers"]), None)


def is_negating_verb(token: Token) -> bool:
    cues = _cues()
    if token.lemma_.lower() in cues["negating_verbs"]:
        return True
    particles = (c.lower_ for c in token.children if c.dep_ == "prt")
    return any(f"{token.lemma_.lower()} {p}" in cues["negating_phrasal_verbs"] for p in particles)


def _is_denied_act(trigger: Token, cameo: str) -> bool:
    """ "The prison service rejected the allegation": an act whose trigger is a denial verb, coded as
    another act than the denial's own, is the act denied (the events stage codes it so)."""
    if not cameo or not is_negating_verb(trigger):
        return False
    own = match_verb(trigger)
    return own is None or own.code[:2] != cameo[:2]


def _words(token: Token, deps: set[str]) -> set[str]:
    return {c.lower_ for c in token.children if c.dep_ in deps}


def _is_negated(chain: list[Token]) -> bool:
    negators = _cues()["negators"]
    for token in chain:
        if _words(token, {"neg", "det", "advmod", "preconj"}) & negators:
            return True
    # "without firing a shot", "denied that it attacked"
    return any(t.lower_ in negators or is_negating_verb(t) for t in chain[1:])


def _is_conditional(chain: list[Token]) -> bool:
    """The event is a condition ("if the alliance expands") or its consequent ("Moscow would respond")."""
    if any(_condition_marker(t) is not None for t in chain):
        return True
    auxiliaries = _cues()["conditional_auxiliaries"]
    return any(_words(t, {"aux"}) & auxiliaries
               and any(c.dep_ == "advcl" and _condition_marker(c) is not None for c in t.children)
               for t in chain)


def _is_requested(chain: list[Token], cameo: str) -> bool:
    if cameo[:2] in _cues()["request_roots"]:
        return False
    return any(t.lemma_.lower() in _cues()["request_governors"] for t in chain[1:])


def _is_possible(chain: list[Token], reported: bool) -> bool:
    cues = _cues()
    if any(t.lemma_.lower() in cues["possible_governors"] for t in chain[1:]):
        return True
    for token in chain:
        if _words(token, {"aux"}) & cues["possible_auxiliaries"]:
            return True
        if _words(token, {"advmod"}) & cues["possible_adverbs"]:
            return True
        # Unconditioned "would" hedges, except as the future of reported speech ("said it would").
        if not reported and "would" in _words(token, {"aux"}):
            return True
    return False


def _is_unvoiced_accusation(trigger: Token) -> bool:
    """ "The guards were accused of beating prisoners": an accusation that names no accuser
    hedges the act it lays at someone's door, as "allegedly" does."""
    accusing = accusing_verb(trigger)
    return accusing is not None and any(c.dep_ == "nsubjpass" for c in accusing.children) \
        and not any(c.dep_ == "agent" for c in accusing.children)


def _governs_as_plan(lower: Token, upper: Token, governors) -> bool:
    """"prepares to deploy", "is due to meet", "plans an attack": the event is what is planned,
    not something the planning word merely mentions ("due to issues stemming from the attack")."""
    if upper.lemma_.lower() not in governors and upper.lower_ not in governors:
        return False
    return lower.dep_ in ("xcomp", "dobj", "ccomp", "nsubj", "nsubjpass") or (lower.dep_ == "pcomp" and lower.head.lower_ == "for")


def _is_future(chain: list[Token], reported: bool) -> bool:
    cues = _cues()
    trigger = chain[0]
    if any(_governs_as_plan(lower, upper, cues["future_governors"]) for lower, upper in zip(chain, chain[1:])):
        return True
    if _words(trigger, {"amod", "compound"}) & cues["future_modifiers"]:
        return True
    for token in chain:
        auxiliaries = _words(token, {"aux"})
        if auxiliaries & cues["future_auxiliaries"] or (reported and "would" in auxiliaries):
            return True
        if _has_future_time(token):
            return True
    return False


def _has_future_time(token: Token) -> bool:
    """A time phrase ahead of now attached to the token ("next week", "tomorrow")."""
    words = _cues()["future_time_words"]
    for child in token.children:
        if child.dep_ in ("npadvmod", "advmod", "prep", "tmod", "obl") and child.ent_type_ in ("DATE", "TIME", ""):
            if any(t.lower_ in words for t in child.subtree):
                return True
    return False


def classify(trigger: Token, cameo: str = "") -> str:
    """The modality of the event whose trigger token is given (one of ``model.MODALITIES``)."""
    chain, reported = _scope(trigger)
    if _is_negated(chain) or _is_denied_act(trigger, cameo):
        return "negated"
    if _is_conditional(chain):
        return "conditional"
    if _is_requested(chain, cameo):
        return "requested"
    if _is_possible(chain, reported) or _is_unvoiced_accusation(trigger):
        return "possible"
    if _is_future(chain, reported):
        return "future"
    return "asserted"


@stage("modality", requires=["events"], assigns=["modality"])
def qualify_modality(records: list[Record], settings: Settings) -> None:
    for record in records:
        for event, trigger in zip(record.events, record.event_tokens):
            if trigger is not None:
                event.modality = classify(trigger, event.cameo)
