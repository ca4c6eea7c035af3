"""The ``events`` stage: who did what to whom, as CAMEO-coded events.

For every verb (and every event noun) that a pattern in ``data/patterns/`` codes, the
dependency parse gives the roles:
- source: the subject, the agent of a passive ("was attacked by X"), the subject inherited
  from a governing verb ("X is preparing to deploy", "X ordered Y to put" -> Y), or for a noun
  its possessor / "by" phrase / country adjective ("Russia's invasion", "the Russian invasion");
- target: an actor object, an actor after a directional preposition ("into Ukraine",
  "against Russia", "talks with Kyiv"), else the country where it happens ("in Belarus").
Coordinated actors give one event each; a coordinated subject without a target gives the
symmetric pair ("Ukraine and Russia agreed to talks": both directions).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Token

from .. import dictionaries as dic
from ..model import UNKNOWN_COUNTRY, Actor, Event, Record
from ..pipeline import stage
from ..settings import Settings
from . import patterns
from ..qualify.attribution import is_speakers_own_conjunct, is_speech_verb
from ..qualify.modality import is_negating_verb
from .actors import actors_at, has_pronoun_owner, with_unknown_country

_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
# Prepositions whose object is the one acted upon.
_TARGET_PREPS = ("against", "on", "into", "with", "to", "at", "toward", "towards", "upon", "over", "from")
_PLACE_PREPS = ("in", "inside", "within", "across", "throughout", "around", "near", "off")  # "drills around the strait"
_CONTROL_OBJECT = {"dobj", "dative"}
# Roots whose action is aimed at someone even when the sentence does not say whom.
_DIRECTED_ROOTS = frozenset({"02", "03", "04", "05", "06", "07", "08", "10", "11", "12", "13", "14", "16", "17", "18", "19", "20"})  # "ordered the military to put": the object controls the xcomp
# Coercion and force (CAMEO 17-20): a state's own forces may turn them on their own people.
_FORCE_ROOTS = frozenset({"17", "18", "19", "20"})
_STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "JUD"})
# Sectors of those who wield force: a sentence naming one names who did its violence.
_ARMED_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "REB", "UAF", "INS", "SEP"})
# Sectors of people who are not the state: the ones a repression is aimed at.
_PEOPLE_SECTORS = frozenset({"", "CVL", "OPP", "EDU", "REF", "MED", "LAB", "HRI", "REL", "ETH"})
_PERSONAL_PRONOUNS = frozenset({"she", "he", "her", "him", "they", "them"})
_SPEAKER_PRONOUNS = frozenset({"i", "we", "you"})
_PEOPLE_ENTITIES = ("PERSON", "NORP")
_NOT_PEOPLE_ENTITIES = ("GPE", "LOC", "FAC", "ORG")
_FIGHT_ROOT = "19"
_REPRESSION = "175"  # CAMEO: use tactics of violent repression (a state's force on its own civilians)
_VIOLENT_PROTEST = "145"  # CAMEO: protest violently, riot
_YIELD, _RETREAT = "080", "0874"  # CAMEO: yield (not specified); retreat or surrender militarily
_FIGHTING_SECTORS = frozenset({"MIL", "COP", "REB", "UAF", "INS", "SEP"})  # armed forces, police, armed groups
_PROTEST_ROOT = "14"
_BODILY_ASSAULT = ("180", "182")  # hurting people (not abducting them, 181, nor bombing, 183)
_SETTING_PREPS = ("during", "at", "amid")  # "during the protests": when and where an act took place
_MEETING_ROOT, _RALLY, _CIVILIANS = "04", "141", "CVL"  # CAMEO consult; demonstrate or rally; civilians
# Roots whose event noun's possessor undergoes it: "her arrest", "Amini's killing".
_PATIENT_POSSESSOR_ROOTS = frozenset({"17", "18"})
_COUP = "180"
_THREAT, _THREAT_OF_FORCE = "130", "138"
# Drills and exercises are shown to someone (the story's other country); an alert (152) or a
# mobilisation (154) is aimed at no one in particular.
_SHOW_OF_FORCE = "150"
_COERCION_ROOTS = frozenset({"17", "18"})  # coerce, assault: what a state's security forces do to people
# Roots whose object is spoken to, not moved: "gave the junta a deadline", "warned the troops"
# address those forces; "deployed troops" moves the actor's own.
_ADDRESSEE_ROOTS = frozenset({"01", "02", "03", "04", "05", "10", "11", "12", "13", "14"})
# Roots of one kind of happening, as stories fuse them (fuse.FusionRules.related_roots): violence.
_VIOLENT_ROOTS = (("18", "19", "20"),)
# The doer of an act the text tells without one ("two people were shot"): PETRARCH's "---" slot.
_UNIDENTIFIED = Actor.make("", UNKNOWN_COUNTRY)


@stage("events", requires=["doc", "mentions"], assigns=["events"])
def code_events(records: list[Record], settings: Settings) -> None:
    for record in records:
        record.events, record.event_tokens = [], []
        consumed: set[int] = set()
        seen: set[tuple] = set()
        told: dict[str, Event] = {}  # CAMEO root -> the latest event of it told so far
        claim: Event | None = None  # the latest act someone was accused of or reported to do
        for sent in record.doc.sents:
            for token in sent:
                if token.i in consumed:
                    continue
                denied = _denied_claim(token, claim)
                for event in [denied] if denied else _events_for(record, token, consumed, told):
                    event = _as_told(event, told)
                    roles = (event.source.code, event.target.code if event.target else None, event.cameo)
                    if (*roles, sent) in seen and token.pos_ == "NOUN" and _is_denied_noun(token):
                        continue  # "dismissed the reports ... that there was no attack": one denial
                    key = (*roles, token.i)
                    if key not in seen:  # "the United States and its allies" can name one actor twice
                        seen.update((key, (*roles, sent)))
                        record.events.append(event)
                        record.event_tokens.append(token)
                        # an interception is no attack to refer back to, nor an act of a doer of no
                        # known country: "the attack", "rejected the claim" point to the one who did it
                        known = event.source.country != UNKNOWN_COUNTRY
                        if token.lemma_.lower() not in patterns.word_list("defensive_verbs") and known:
                            told[event.cameo[:2]] = event
                        if not denied and _is_claimed(token) and known:
                            claim = event


def _events_for(record: Record, token: Token, consumed: set[int], told: dict[str, Event]) -> Iterator[Event]:
    denied_by_speaker = False  # the doer is the speaker who denies the act ("denied she was hurt")
    if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux", "amod"):  # "the ousted president": a description
        match = patterns.match_verb(token)
        if match is None or _carries_out_a_told_event(record, token):
            return
        match = _threat_of_force(token, match)
        sources, targets = _verb_sources(record, token), _verb_targets(record, token, match)
        if _has_weapon_subject(record, token) and told.get(_FIGHT_ROOT) is not None:
            sources = [told[_FIGHT_ROOT].source]  # "rockets hit Saudi territory": whoever fired them
        if not sources and _is_agentless_passive(token):
            sources = _decreeing_actors(record, token)
            if not sources:
                sources = _denying_actors(record, token)
                denied_by_speaker = bool(sources)
        if not _has_target(targets):
            targets = _doer_of_event_object(token, sources, told) or targets
        if token.lemma_.lower() in patterns.word_list("defensive_verbs"):
            sources, targets = _against_attacker(told.get(_FIGHT_ROOT), sources, targets)
        elif not sources and _is_agentless_passive(token):
            sources, targets, match = _from_antecedent(told.get(match.code[:2]), sources, targets, match)
        if not sources and match.code[:2] in _FORCE_ROOTS:
            sources = _doers_of_force_subject(record, token)
    elif token.pos_ == "NOUN":
        match = patterns.match_noun(token)
        if match is None:
            return
        if match.code[:2] in _PATIENT_POSSESSOR_ROOTS and _possessor(token) is not None:
            sources, targets = _by_phrase_actors(record, token), _actors_with_conjuncts(record, _possessor(token))
        else:
            sources, targets = _noun_sources(record, token), _noun_targets(record, token)
        if not _nominal_is_reported(token) and not (sources and targets and _has_own_actors(record, token)):
            return  # "participation in the invasion": only a fully stated one ("an Israeli strike on X")
        if _is_denied_noun(token):
            antecedent = _denied_antecedent(record, match.code, sources, targets)
        else:
            antecedent = told.get(match.code[:2]) if _is_anaphoric(token) else None
        if token.lemma_.lower() in patterns.word_list("ambiguous_nouns") and not (antecedent or _has_target(targets)):
            return  # "a general strike", "the strike by dock workers"
        sources, targets, match = _from_antecedent(antecedent, sources, targets, match)
        if not any(a.country for a in sources):
            sources = _focus_source(record, targets)
    else:
        return
    consumed.update(getattr(match, "consumed", ()) or ())
    events = _make_events(record, token, match, sources, targets)
    yield from (map(_for_its_state, events) if denied_by_speaker else events)


def _carries_out_a_told_event(record: Record, verb: Token) -> bool:
    """ "The raid was carried out by drones": a support verb in the passive whose subject is an
    event noun already coded tells that same happening again, not a second one."""
    if verb.lemma_.lower() not in patterns.support_verbs():
        return False
    return any(c.dep_ == "nsubjpass" and c in record.event_tokens for c in verb.children)


def _threat_of_force(verb: Token, match):
    """ "Chile warned that it would strike back", "Peru threatened to shell the port": a general
    threat (130) whose own clause is an act of force (18-20) threatens force (138)."""
    if match.code != _THREAT:
        return match
    for clause in (c for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ == "VERB"):
        told = patterns.match_verb(clause)
        if told is not None and told.code[:2] in _FORCE_ROOTS - {"17"}:
            return replace(match, code=_THREAT_OF_FORCE)
    return match


# -- claims and their denials ---------------------------------------------------------------
def _is_claimed(token: Token) -> bool:
    """ "Witnesses accused the police of beating her", "villagers said soldiers burned the
    market": an act someone claims, that a later "rejected the claim" may deny."""
    chain = list(_governing_chain(token))[:2]
    if any(_accused_party(t) is not None for t in chain):
        return True
    clause = chain[-1]
    return clause.dep_ == "ccomp" and is_speech_verb(clause.head) and not is_negating_verb(clause.head)


def _denied_claim(token: Token, claim: Event | None) -> Event | None:
    """ "The prison service rejected the allegation", "the ministry denies the charges": a denial whose object
    points back to a claim is that claimed act, told again by the denier (the modality stage
    reads an act triggered by a denial verb as negated). A claim stated in place ("accusations
    by Kyiv that ...", "accusations of killings") is coded from its own words instead."""
    if claim is None or token.pos_ != "VERB" or not is_negating_verb(token):
        return None
    claimed = next((c for c in token.children if c.dep_ == "dobj"
                    and c.lemma_.lower() in patterns.word_list("claim_nouns")), None)
    if claimed is None or not _is_anaphoric(claimed) or any(
            c.dep_ in ("acl", "ccomp", "relcl", "prep") for c in claimed.children):
        return None
    sent = token.sent
    return replace(claim, sentence=sent.text, span=(sent.start_char, sent.end_char), trigger=token.text)


# -- events told before -------------------------------------------------------------------
def _is_anaphoric(noun: Token) -> bool:
    """ "The attack", "its retaliation", "Iran's assault", "military drills" (a plural with no
    article): a noun that points back to an event; "an attack" tells a new one."""
    determiners = [c for c in noun.children if c.dep_ in ("det", "poss")]
    if not determiners:
        return noun.tag_ == "NNS"
    return any(c.dep_ == "poss" or c.lower_ in patterns.word_list("anaphoric_determiners") for c in determiners)


def _as_told(event: Event, told: dict[str, Event]) -> Event:
    """ "Iran fired drones and missiles at Israel. ... Iran's attack on Israel": an event coded
    only by its root's general code (190, "attack") between the same two countries as a more
    specific event of that root told before (195, aerial weapons) is that happening told again
    and takes its full code."""
    antecedent = told.get(event.root)
    if antecedent is None or not event.cameo.endswith("0") or len(event.cameo) != 3 \
            or antecedent.cameo == event.cameo:
        return event
    if antecedent.source.country != event.source.country or _country(antecedent.target) != _country(event.target):
        return event
    table = dic.cameo_code(antecedent.cameo)
    return replace(event, cameo=antecedent.cameo, plover=table.plover or None,
                   quad_class=table.quad_class, goldstein=table.goldstein)


def _country(actor: Actor | None) -> str:
    return actor.country if actor is not None else ""


def _is_denied_noun(noun: Token) -> bool:
    """ "There was no shelling of the town", "had not seen any attack", "saw no sign of an
    attack", "refuted accusations of shootings", "denied that the town had come under attack":
    an event said not to have happened answers one told before (the claim it denies)."""
    report = _report_noun(noun)
    if report is not None and _is_denied_noun(report):
        return True  # what is denied is the report, the sign, the evidence of the event
    if any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children):
        return True
    governor = noun.head if noun.dep_ in ("dobj", "attr") else None
    if governor is not None and (any(c.dep_ == "neg" for c in governor.children) or is_negating_verb(governor)):
        return True
    clause = noun.head.head if noun.dep_ == "pobj" else noun.head
    return clause.dep_ == "ccomp" and is_negating_verb(clause.head)


def _report_noun(noun: Token) -> Token | None:
    """ "reports of a raid", "accusations of beatings", "no sign of an incursion": the noun
    of report or evidence whose "of" phrase the event noun is."""
    if noun.dep_ != "pobj" or noun.head.lower_ != "of" or noun.head.head.pos_ != "NOUN":
        return None
    holder = noun.head.head
    words = patterns.word_list("claim_nouns") | patterns.word_list("evidence_nouns")
    return holder if holder.lemma_.lower() in words else None


def _denied_antecedent(record: Record, code: str, sources: list[Actor], targets: list[Actor]) -> Event | None:
    """The claim a denied event noun answers: the latest event told before of its kind (its
    root, or any act of violence: a denial of "shootings" answers a told repression) whose actors
    agree with the ones the denial names ("Iran came under no attack": one on Iran)."""
    known_sources = {a.country for a in sources if a.country}
    known_targets = {a.country for a in targets if a.country}
    for event in reversed(record.events):
        if not _same_kind(event.cameo, code):
            continue
        if known_sources and event.source.country not in known_sources:
            continue
        if known_targets and (event.target is None or event.target.country not in known_targets):
            continue
        if any(_same_actor(event.source, a) for a in targets if a.country):
            continue  # "Iran came under no attack" answers no act of Iran's own
        return event
    return None


def _same_kind(told: str, code: str) -> bool:
    if told[:2] == code[:2]:
        return True
    violent = {root for group in _VIOLENT_ROOTS for root in group}
    return code[:2] in violent and (told[:2] in violent or told == _REPRESSION)


def _is_agentless_passive(verb: Token) -> bool:
    """ "She was detained", "the drones were intercepted": who acted is said elsewhere."""
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) and not any(
        c.dep_ == "agent" for c in verb.children)


def _has_target(targets: list[Actor]) -> bool:
    return any(a.country for a in targets)


def _doer_of_event_object(verb: Token, sources: list[Actor], told: dict[str, Event]) -> list[Actor]:
    """ "France condemned the coup", "Tehran vowed revenge for the strike": a verb about an event
    already told is aimed at whoever did it."""
    own = {a.country for a in sources}
    for child in verb.children:
        heads = [child] if child.dep_ == "dobj" else [c for c in child.children if c.dep_ == "pobj"] \
            if child.dep_ == "prep" and child.lower_ in ("for", "against", "over") else []
        for head in heads:
            noun = patterns.match_noun(head) if head.pos_ == "NOUN" else None
            antecedent = told.get(noun.code[:2]) if noun is not None and _is_anaphoric(head) else None
            if antecedent is not None and antecedent.source.country not in own:
                return [antecedent.source]
    return []


def _has_weapon_subject(record: Record, verb: Token) -> bool:
    """ "A small number of missiles hit the base", "the raid was carried out by drones launched
    from the coast": weapons, whose country the phrase does not name (the place they came from
    is no doer)."""
    agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    for subject in [c for c in verb.children if c.dep_ == "nsubj"] + agents:
        heads = [subject, *(c for p in subject.children if p.dep_ == "prep" and p.lower_ == "of"
                            for c in p.children if c.dep_ == "pobj")]  # "a number of missiles"
        if any(h.lemma_.lower() in patterns.word_list("weapons") and not _names_country(record, h) for h in heads):
            return True
    return False


def _doers_of_force_subject(record: Record, verb: Token) -> list[Actor]:
    """ "An air strike by government forces killed ten", "a grenade attack wounded two villagers",
    "a roadside bomb killed three soldiers": a verb of force whose subject is an act of force or a
    weapon is done by that act's doer, else by someone the text does not name."""
    for subject in (c for c in verb.children if c.dep_ == "nsubj"):
        if subject.tag_ == "WDT" and verb.dep_ == "relcl":
            subject = verb.head  # "an attack that killed ten": the noun the clause describes
        act = patterns.match_noun(subject) if subject.pos_ == "NOUN" else None
        if act is not None and act.code[:2] in _FORCE_ROOTS or subject.lemma_.lower() in patterns.word_list("weapons"):
            return with_unknown_country(_noun_sources(record, subject)) or [_UNIDENTIFIED]
    return []


def _decreeing_actors(record: Record, verb: Token) -> list[Actor]:
    """ "ECOWAS announced that the borders would be closed": who decrees a measure told in the passive."""
    current = verb
    for _ in range(4):
        if current.dep_ not in ("ccomp", "conj", "xcomp", "advcl") or current.head is current:
            return []
        current = current.head
        if current.lemma_.lower() in patterns.word_list("decree_verbs"):
            return _verb_sources(record, current)
    return []


def _denying_actors(record: Record, verb: Token) -> list[Actor]:
    """ "The police denied that she was mistreated", "the detainee was not mistreated, the
    prison service said": an act told in the passive that its speaker denies is the speaker's
    own (a denier answers for its own acts, not for unnamed others')."""
    negated = any(c.dep_ == "neg" for c in verb.children)
    current = verb
    for _ in range(3):
        if current.dep_ not in ("ccomp", "conj") or current.head is current:
            break
        current = current.head
        if is_negating_verb(current) or (negated and is_speech_verb(current)):
            return _reporters_of_conjunct(record, current) or _verb_sources(record, current)
    speech = next((c for c in verb.children if c.dep_ in ("parataxis", "ccomp") and is_speech_verb(c)), None)
    return _verb_sources(record, speech) if negated and speech is not None else []


def _reporters_of_conjunct(record: Record, verb: Token) -> list[Actor]:
    """ "Guards say the inmate slipped on the stairs and deny that anyone beat him": the parser may join
    the second verb to the reported clause; its subject is then the reporting verb's."""
    if not is_speakers_own_conjunct(verb) or verb.head.dep_ != "ccomp":
        return []
    return _verb_sources(record, verb.head.head)


def _for_its_state(event: Event) -> Event:
    """ "The ministry denied that the detainee was hurt": a government answers for whichever of
    its services acted (police, guards, army), so the act it denies is its country's, sector unsaid."""
    source = event.source
    if source.sector != "GOV":
        return event
    return replace(event, source=Actor.make(source.text, source.country, "", source.name))


def _against_attacker(attack: Event | None, sources: list[Actor], targets: list[Actor]):
    """ "Most of the drones were intercepted", "U.S. forces shot down some of the drones": the
    defender (the one who acts, else the attack's target) acts on the attacker told before."""
    if attack is None:
        return sources, targets
    defenders = [a for a in sources if a.country] or ([attack.target] if attack.target else [])
    if any(a.country == attack.source.country for a in defenders):
        return sources, targets  # the attacker's own defences: nothing is reversed
    return defenders, [attack.source]


def _from_antecedent(antecedent: Event | None, sources: list[Actor], targets: list[Actor], match):
    """Fill the roles a mention leaves out from the latest event of its root told before, when
    the roles it does state agree with that event ("Iran launched drones at Israel. ... the
    attack": Iran on Israel; "she was detained" after "police detained Amini"). The mention
    then carries that event's full code: it is the same happening told again."""
    if antecedent is None:
        return sources, targets, match
    known_sources = [a for a in sources if a.country]
    known_targets = [a for a in targets if a.country]
    if known_sources and all(a.country != antecedent.source.country for a in known_sources):
        return sources, targets, match
    if known_targets and (antecedent.target is None
                          or all(a.country != antecedent.target.country for a in known_targets)):
        return sources, targets, match
    sources = known_sources or [antecedent.source]
    targets = known_targets or ([antecedent.target] if antecedent.target else [])
    if not _is_general_code(match.code) and not antecedent.cameo.startswith(match.code):
        return sources, targets, match  # "... were injured and 50 were kidnapped": a new act, same doers
    return sources, targets, replace(match, code=antecedent.cameo)


def _is_general_code(code: str) -> bool:
    """A root-level code ("180", "190"): the mention does not say which act of its root it is."""
    return len(code) == 3 and code.endswith("0")


def _make_events(record, token, match, sources: list[Actor], targets: list[Actor]) -> Iterator[Event]:
    people = sources  # before the filter: protesters of any kind ("students marched")
    sources = _unique(with_unknown_country(sources))  # "the leader, Jane Doe," is one actor
    targets = _unique(with_unknown_country(targets))
    code = match.code
    words = {token.lemma_.lower()} | ({token.doc[match.object_token].lemma_.lower()} if match.object_token is not None else set())
    coup = code == _COUP and bool(words & patterns.word_list("seizure_of_power"))  # "carried out the coup"
    if coup:
        sources, targets = _coup_roles(record, sources, targets)
    elif code[:2] == _MEETING_ROOT and _is_rally(token, sources, targets):
        code, sources, targets = _RALLY, *_protest_roles(record, sources, targets)
    elif code[:2] == _PROTEST_ROOT:
        sources, targets = _protest_roles(record, sources, targets, people, unnamed=not _has_speaker_subject(token))
    elif sources and code[:2] in _FORCE_ROOTS and _is_state(sources[0]) and _own_people_only(sources[0], targets):
        targets = _own_people(record, token, sources[0].country) or targets
    mutual = len({a.country for a in sources}) > 1 and code[:2] in patterns.reciprocal_roots()
    if sources and not targets and (code[:2] in _DIRECTED_ROOTS or code == _SHOW_OF_FORCE) and not mutual:
        targets = _focus_target(record, sources)  # "China and the U.S. agreed a deal": each other
    if not sources and targets and code[:2] in _FORCE_ROOTS and not _names_an_act(token.doc, match.object_token) \
            and _is_unattributed_past_passive(record, token):  # not "was prepared for an attack"
        sources = [_UNIDENTIFIED]  # "three villagers were killed": by someone the text does not name
    if not sources or sources == [_UNIDENTIFIED] and not targets:
        return  # an event names at least one actor
    pairs: list[tuple[Actor, Actor | None]]
    if coup:
        pairs = [(s, t) for s in sources for t in targets if s.country == t.country and s.code != t.code]
    elif targets:
        pairs = [(s, t) for s in sources for t in targets if not _same_actor(s, t)]
    elif len(sources) > 1 and match.code[:2] in patterns.reciprocal_roots():
        pairs = [(s, t) for s in sources for t in sources if not _same_actor(s, t)]  # "A and B met"
    else:
        pairs = [(s, None) for s in sources]
    sent = token.sent
    start, end = match.trigger
    trigger = token.doc[start:end].text if end > start else token.text
    for source, target in pairs:
        cameo = _military_retreat(_domestic_code(code, source, target), source)
        if cameo[:3] in _BODILY_ASSAULT and _is_crackdown(token, source, target):
            cameo = _REPRESSION  # "during the protests, 200 were injured": the crackdown, not one assault
        source = _security_forces(_state_body(source, cameo), target, cameo)
        table = dic.cameo_code(cameo)
        yield Event(source=source, target=target, cameo=cameo, plover=table.plover or None,
                    quad_class=table.quad_class, goldstein=table.goldstein, sentence=sent.text,
                    span=(sent.start_char, sent.end_char), trigger=trigger)


def _security_forces(source: Actor, target: Actor | None, cameo: str) -> Actor:
    """ "Peruvian forces arrested hundreds of protesters": a state's forces, named by no body,
    turned on its own people (coercion, assault, repression) are its security forces (COP)."""
    if source.sector != "MIL" or target is None or cameo[:2] not in _COERCION_ROOTS:
        return source
    if target.country != source.country or not dic.is_country(source.country) or target.sector not in _PEOPLE_SECTORS:
        return source
    if source.text.split()[-1].lower() not in dic.generic_force_nouns():
        return source
    return Actor.make(source.text, source.country, "COP", source.name)


def _state_body(actor: Actor, cameo: str) -> Actor:
    """ "Chile suspended the talks", "Peru shot down the drone": a country named as the doer of
    a state's act stands for the body of the state that does it (state_bodies.csv)."""
    sector = dic.state_body_sectors().get(cameo[:2])
    if actor.sector or sector is None or not dic.is_country(actor.country):
        return actor
    return Actor.make(actor.text, actor.country, sector, actor.name)


def _names_an_act(doc, token_index: int | None) -> bool:
    """Whether a pattern's object is an event noun ("prepared for an attack"): the verb then only
    frames that act ("attacked with grenades" names a weapon, and is the act)."""
    return token_index is not None and patterns.match_noun(doc[token_index]) is not None


def _is_unattributed_past_passive(record: Record, verb: Token) -> bool:
    """ "Three villagers were killed", "a man has been abducted": a past act told in the passive
    whose doer the sentence does not name anywhere. A sentence that names an armed or state force
    ("killed when soldiers opened fire", "beaten inside a police van") tells who did it in other
    words, and a present passive ("the moment the island is invaded") is no report of a past act."""
    if not _is_agentless_passive(verb) or not any(
            c.dep_ == "auxpass" and c.tag_ in ("VBD", "VBN") for c in verb.children):
        return False
    acted_upon = {t.i for c in verb.children if c.dep_ == "nsubjpass" for t in c.subtree}
    armed = dic.agent_sectors()
    for token in verb.sent:
        if token.i in acted_upon or _is_speaker(token.head if token.dep_ == "compound" else token):
            continue
        sectors = [m.actor.sector for m in record.mentions if m.head == token.i] or [armed.get(token.lemma_.lower(), "")]
        if any(sector in _ARMED_SECTORS for sector in sectors):
            return False
    return True


def _is_speaker(token: Token) -> bool:
    """ "police said", "according to the army": a force that tells of the act, not one that did it."""
    if token.dep_ == "nsubj" and is_speech_verb(token.head):
        return True
    return token.dep_ == "pobj" and token.head.lower_ == "to" and token.head.head.lower_ == "according"


# -- a state and its own people ------------------------------------------------------------
def _is_state(actor: Actor) -> bool:
    return actor.sector in _STATE_SECTORS


def _own_people_only(source: Actor, targets: list[Actor]) -> bool:
    """No target, or only the source's own country as a whole ("she" resolved to Iran)."""
    return all(t.country == source.country and not t.sector for t in targets)


def _own_people(record: Record, token: Token, country: str) -> list[Actor]:
    """ "Police arrested hundreds", "she was detained by the morality police", "security forces
    opened fire on protesters": the people a state's force acts on, when their phrase names no
    other country, are that country's civilians."""
    if not dic.is_country(country):
        return []  # an organisation or a region has no people of its own
    for patient in _patients(token):
        if _names_people(record, patient, country):
            return [Actor.make(_span_text(patient), country, "CVL", dic.country_name(country))]
    return []


def _patients(token: Token) -> Iterator[Token]:
    """Who undergoes a verb or an event noun: object, passive subject, "on"/"at" object, "of" object."""
    children = list(token.children)
    if token.dep_ == "conj" and not any(c.dep_ in ("dobj", "nsubjpass") for c in children):
        children += [c for c in token.head.children if c.dep_ in ("dobj", "nsubjpass")]  # "stopped and arrested"
    children += _shared_objects(token)
    undergoer = patterns.passive_gerund_subject(token)
    if undergoer is not None:
        yield undergoer  # "she died after being beaten by police"
    for child in children:
        if child.dep_ in ("dobj", "nsubjpass", "poss"):
            if child.tag_ == "WDT" and token.dep_ == "relcl":
                # "protests that were dispersed": the relative pronoun stands for the noun, or
                # for one the noun's phrase hangs from ("protests in cities that were dispersed")
                yield token.head
                yield from patterns.phrase_heads_above(token.head)
            else:
                yield child
        elif child.dep_ == "prep" and child.lower_ in ("on", "at", "against", "of"):
            yield from (c for c in child.children if c.dep_ == "pobj")


def _names_people(record: Record, token: Token, country: str) -> bool:
    actors = actors_at(record, token)
    if any(a.country and a.country != country or _is_state(a) for a in actors):
        return False  # "arrested two French nationals", "attacked the police"
    lemma = token.lemma_.lower()
    protest = patterns.match_noun(token) if token.pos_ == "NOUN" else None
    return (token.lower_ in _PERSONAL_PRONOUNS or protest is not None and protest.code[:2] == _PROTEST_ROOT or token.ent_type_ in _PEOPLE_ENTITIES or token.like_num
            or token.pos_ == "PROPN" and token.ent_type_ not in _NOT_PEOPLE_ENTITIES  # "detained Amini"
            or lemma in patterns.word_list("people_words") or any(a.sector in _PEOPLE_SECTORS - {""} for a in actors)
            or dic.agent_sectors().get(lemma, "-") in _PEOPLE_SECTORS - {""})


def _military_retreat(code: str, source: Actor) -> str:
    """ "Troops withdrew from the town", "the rebels pulled out": armed forces that yield, in words
    that say no more, retreat militarily (0874)."""
    return _RETREAT if code == _YIELD and source.sector in _FIGHTING_SECTORS else code


def _is_crackdown(token: Token, source: Actor, target: Actor | None) -> bool:
    """A state's force hurting its own people during a protest ("During the protests, 200 were
    injured by police"): the protest is the setting of the act, said in a phrase of its clause."""
    if target is None or target.country != source.country or not _is_state(source) \
            or target.sector not in _PEOPLE_SECTORS:
        return False
    clause = token
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head
    # a list of clauses joined by commas shares the setting the first one states ("During the
    # protests, three were killed, 200 were injured"), whichever the parser makes the head
    clauses = [clause, *(c for c in clause.children if c.dep_ in ("ccomp", "conj", "parataxis") and c.pos_ == "VERB")]
    for prep in (c for v in clauses for c in v.children if c.dep_ == "prep" and c.lower_ in _SETTING_PREPS):
        for noun in (c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "NOUN"):
            protest = patterns.match_noun(noun)
            if protest is not None and protest.code[:2] == _PROTEST_ROOT:
                return True
    return False


def _domestic_code(code: str, source: Actor, target: Actor | None) -> str:
    """Fighting inside one country between its state and its people: the state's forces firing
    on, shooting or killing civilians is repression (175); civilians clashing with their own
    police is a violent protest (145)."""
    if code[:2] != _FIGHT_ROOT or target is None or target.country != source.country:
        return code
    if _is_state(source) and target.sector in _PEOPLE_SECTORS:
        return _REPRESSION
    if source.sector in _PEOPLE_SECTORS - {""} and _is_state(target):
        return _VIOLENT_PROTEST
    return code


def _coup_roles(record: Record, sources: list[Actor], targets: list[Actor]) -> tuple[list[Actor], list[Actor]]:
    """A coup is done in one country by its armed forces to its government: "the junta seized
    power" (not on France, which the article also names), "the coup in Gabon", "military
    takeovers in Chad and Guinea" (each country's own)."""
    # "the junta seized power": plotters are the armed forces, not the government they oust
    sources = [_country_actor(a.country, "MIL") if a.sector == "GOV" else a for a in sources if a.country]
    countries = ([a.country for a in sources] or [a.country for a in targets if a.country]
                 or record.focus[:1])
    countries = [c for c in dict.fromkeys(countries) if dic.is_country(c)]
    if not sources:
        sources = [_country_actor(c, "MIL") for c in countries]
    return sources, [_country_actor(c, "GOV") for c in countries]  # a plotter from no country: no pair


def _country_actor(country: str, sector: str) -> Actor:
    name = dic.country_name(country)
    return Actor.make(name, country, sector, name)


def _unnamed_protesters(people: list[Actor], unnamed: bool) -> list[Actor]:
    """Protesters of no known country: the people the subject names ("dozens of students marched":
    any agent noun, as protesting tells what they are), else, when ``unnamed`` protesters may be
    meant, civilians ("protests erupted in the capital", "as they marched")."""
    named = [Actor.make(a.text, UNKNOWN_COUNTRY, a.sector) for a in people if not a.country and a.sector]
    if named or not unnamed:
        return named
    return [Actor.make("protesters", UNKNOWN_COUNTRY, _CIVILIANS)]


def _has_speaker_subject(verb: Token) -> bool:
    """ "We will stop work": a first- or second-person subject is the speaker's side, someone
    specific the coder did not resolve, not unnamed protesters."""
    return any(c.dep_ in _SUBJECTS and c.lower_ in _SPEAKER_PRONOUNS for c in verb.children)


def _protest_roles(record: Record, sources: list[Actor], targets: list[Actor], people: list[Actor] = (),
                   unnamed: bool = False) -> tuple[list[Actor], list[Actor]]:
    """Protests whose protesters are not named are the people of the country they happen in
    ("protests in Iran"), else of the country the article is about; protests aimed at no one
    named are aimed at that country's government."""
    if not sources:
        country = next((t.country for t in targets), None) or next(iter(record.focus), None)
        if not country or not dic.is_country(country):
            return _unnamed_protesters(people, unnamed), []
        sources, targets = [_country_actor(country, "CVL")], []
    targets = [t for t in targets if not _same_actor(sources[0], t)]
    if not targets and not _is_state(sources[0]) and dic.is_country(sources[0].country):
        targets = [_country_actor(sources[0].country, "GOV")]
    return sources, targets


def _is_rally(verb: Token, sources: list[Actor], targets: list[Actor]) -> bool:
    """ "Hundreds of villagers gathered outside the court": civilians coming together, with no one
    named to meet, rally (assembly_verbs.csv)."""
    return (verb.lemma_.lower() in patterns.word_list("assembly_verbs") and bool(sources)
            and all(a.sector == _CIVILIANS for a in sources) and not any(a.sector for a in targets))


def _focus_target(record: Record, sources: list[Actor]) -> list[Actor]:
    """A directed action with no target in its sentence is aimed at the country the article is
    about ("ECOWAS imposed sanctions" in a story on Niger), or at the other one of a two-country
    story when that country acts ("Iran launched drones" in an Iran-Israel story)."""
    own = {a.country for a in sources}
    other = next((c for c in record.focus if c not in own), None)
    return [Actor.make(dic.country_name(other), other, "", dic.country_name(other))] if other else []


def _focus_source(record: Record, targets: list[Actor]) -> list[Actor]:
    """ "Naval drills around Estonia" in a story on Russia and Estonia: an event noun aimed at
    one of the article's two countries, whose doer is not written, is done by the other."""
    aimed = {a.country for a in targets if a.country}
    if len(record.focus) < 2 or not aimed & set(record.focus[:2]):
        return []
    return _focus_target(record, [a for a in targets if a.country in aimed])


def _unique(actors: list[Actor]) -> list[Actor]:
    first: dict[str, Actor] = {}
    for actor in actors:
        first.setdefault(actor.code, actor)
    return list(first.values())


def _same_actor(a: Actor, b: Actor) -> bool:
    """No event of an actor on itself, nor on its own country as a whole."""
    return a.code == b.code or (a.country == b.country and not b.sector)


# -- verbs ------------------------------------------------------------------------------
def _verb_sources(record: Record, verb: Token) -> list[Actor]:
    agent = _agent_of_passive(verb)
    if agent is not None:
        return _actors_with_conjuncts(record, agent)
    for depth, current in enumerate(_governing_chain(verb)):
        accused = _accused_party(current) if depth < 2 else None  # deeper: the accused act's aim
        if accused is not None:
            return _actors_with_conjuncts(record, accused)
        # a governing passive's subject controls its xcomp: "troops were ordered to move"
        deps = ("nsubj", "csubj") if current is verb else ("nsubj", "csubj", "nsubjpass")
        subjects = [c for c in current.children if c.dep_ in deps]
        for subject in subjects:  # the parser may give two: "Anticipating X's move, Y suspended ..."
            if subject.tag_ == "WDT" or subject.lower_ in ("who", "which", "that"):
                subject = current.head if current.dep_ == "relcl" else subject
            actors = _actors_with_conjuncts(record, subject)
            if actors:
                return actors
        if subjects:
            return []
        controller = _object_controller(current)
        if controller is not None:
            return _actors_with_conjuncts(record, controller)
    return []


def _accused_party(verb: Token) -> Token | None:
    """ "Activists accused the guards of beating prisoners", "the guards were accused of
    torturing and beating them": whom an accusation verb accuses does the act of its gerund."""
    accusing = patterns.accusing_verb(verb)
    if accusing is None:
        return None
    pointed = [g for c in accusing.children if c.dep_ == "prep" and c.lower_ == "to"
               for g in c.children if g.dep_ == "pobj"]  # "pointed to X as having fired"
    return next((c for c in accusing.children if c.dep_ in ("dobj", "nsubjpass")), None) or next(iter(pointed), None)


def _governing_chain(verb: Token) -> Iterator[Token]:
    """The verb, then the verbs whose subject it shares (xcomp, conj, participles)."""
    current = verb
    for _ in range(6):
        yield current
        if current.dep_ == "relcl":
            return
        if current.dep_ not in ("xcomp", "conj", "advcl", "acomp") or current.head is current:
            return
        current = current.head


def _object_controller(verb: Token) -> Token | None:
    """'X ordered the military to put ...': the xcomp's subject is the governing verb's object."""
    if verb.dep_ != "xcomp":
        return None
    return next((c for c in verb.head.children if c.dep_ in _CONTROL_OBJECT), None)


def _agent_of_passive(verb: Token) -> Token | None:
    """Who acts in a passive: "attacked by X", else "missiles were fired from X"; coordinated
    participles share it ("was stopped and arrested by the police")."""
    participles = [verb]
    if verb.dep_ == "conj" and verb.tag_ == "VBN":
        participles.append(verb.head)
    if not any(c.dep_ in ("nsubjpass", "auxpass") for p in participles for c in p.children):
        return None
    for dep, word in (("agent", None), ("prep", "from")):
        for participle in participles:
            link = next((c for c in participle.children if c.dep_ == dep and (word is None or c.lower_ == word)), None)
            pobj = next((c for c in link.children if c.dep_ == "pobj"), None) if link is not None else None
            if pobj is not None:
                return _wielder(pobj)
    return None


def _wielder(agent: Token) -> Token:
    """ "killed by live fire from security forces": who fired, not the fire."""
    for prep in (c for c in agent.children if c.dep_ == "prep" and c.lower_ == "from"):
        return next((c for c in prep.children if c.dep_ == "pobj"), agent)
    return agent


def _verb_targets(record: Record, verb: Token, match) -> list[Actor]:
    passive_subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    # "troops were deployed" deploys no troops, but "two soldiers were killed" kills them
    if passive_subject is not None and (not _is_own_force(passive_subject) or match.code[:2] in _FORCE_ROOTS):
        if passive_subject.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
            passive_subject = verb.head  # "the president, who is held by the guard": the president
        # "drones were fired" hit no drones; "the minister's house was attacked": the minister
        # ("three of the guards were shot" counts guards: it names no owner)
        owned = not passive_subject.like_num
        return _actors_with_conjuncts(record, passive_subject) or (_owner_actors(record, passive_subject) if owned else [])
    sources = _verb_sources(record, verb)
    countries = {a.country for a in sources}
    heads = _complement_heads(verb)
    addressed = match.code[:2] in _ADDRESSEE_ROOTS
    for obj in heads["object"]:
        if (_is_own_force(obj) and not _names_country(record, obj) and not addressed) or has_pronoun_owner(obj):
            continue  # "deployed troops", "recalled its ambassador": the actor's own, not whom it acts on
        actors = _actors_with_conjuncts(record, obj)
        if any(a.country and (a.country not in countries or a.sector in ("", "GOV") and not _is_own_force(obj))
               for a in actors):
            return actors
    for obj in heads["object"]:
        if obj.lemma_.lower() in patterns.word_list("claim_nouns"):
            actors = _by_phrase_actors(record, obj)  # "rejected accusations by Kyiv": aimed at the accuser
            if any(a.country not in countries for a in actors):
                return actors
    for obj in heads["prep"] + heads["place"]:
        actors = _actors_with_conjuncts(record, obj)
        if any(a.country and not any(_same_actor(s, a) for s in sources) for a in actors):
            return actors  # past "the American embassy" to "in Belarus" when the Americans act
    for obj in heads["object"] + heads["prep"]:
        actors = _owner_actors(record, obj)
        if any(a.country not in countries for a in actors):
            return actors
    return _unplaced_patients(record, heads["object"] + heads["prep"], match.code)


def _unplaced_patients(record: Record, heads: list[Token], code: str) -> list[Actor]:
    """ "Gunmen attacked villagers", "militants ambushed soldiers": the ones acted upon whose
    country the article never gives (coded ``---``); forces are acted upon only by force, else
    they are the actor's own ("deployed troops")."""
    for head in heads:
        if has_pronoun_owner(head) or (_is_own_force(head) and code[:2] not in _FORCE_ROOTS):
            continue
        actors = with_unknown_country(_actors_with_conjuncts(record, head))
        if actors:
            return actors
    return []


def _names_country(record: Record, token: Token) -> bool:
    """Whether the phrase itself says whose it is ("Russian troops"), not the article's context."""
    return any(m.head == token.i and m.kind != "context" for m in record.mentions)


def _is_own_force(obj: Token) -> bool:
    """'deploy troops', 'put its forces on alert', 'sent hundreds of missiles': the object is
    the actor's instrument (through a noun of number, to what it counts)."""
    if obj.lemma_.lower() in dic.crowd_nouns():
        return any(_is_own_force(c) for p in obj.children if p.dep_ == "prep" and p.lower_ == "of"
                   for c in p.children if c.dep_ == "pobj")
    return dic.agent_sectors().get(obj.lemma_.lower()) == "MIL"


def _complement_heads(verb: Token) -> dict[str, list[Token]]:
    """Objects, directional-preposition objects and place objects, following xcomp chains."""
    found: dict[str, list[Token]] = {"object": [], "prep": [], "place": []}
    frontier = [verb]
    seen = set()
    while frontier:
        head = frontier.pop(0)
        if head.i in seen:
            continue
        seen.add(head.i)
        for child in head.children:
            if child.dep_ == "dative" and child.pos_ == "ADP":  # "sent troops to Chile": a "to" the parser calls dative
                found["prep"].extend(c for c in child.children if c.dep_ == "pobj")
            elif child.dep_ in ("dobj", "dative", "attr", "oprd"):
                found["object"].append(child)
                frontier.append(child)  # "the deployment of forces into Ukraine"
            elif child.dep_ == "prep":
                pobjs = [c for c in child.children if c.dep_ == "pobj"]
                if child.lower_ in _TARGET_PREPS:
                    found["prep"].extend(pobjs)
                elif child.lower_ in _PLACE_PREPS:
                    found["place"].extend(pobjs)
                # "agreed to talks with Russia", "called for sanctions against X"; but "on alert
                # since its raid on Aleppo" tells a time, whom it names is no target
                if child.lower_ not in patterns.word_list("time_prepositions"):
                    frontier.extend(pobjs)
            elif child.dep_ == "xcomp" and head is verb:
                frontier.append(child)
            elif head is verb and patterns.is_small_clause(child):  # "helped the military counter"
                found["object"].extend(c for c in child.children if c.dep_ == "nsubj")
                frontier.append(child)
    return found


def _shared_objects(verb: Token) -> list[Token]:
    """ "accused of kidnapping and beating him": a verb with no object of its own shares the
    object of the verb coordinated after it."""
    if any(c.dep_ == "dobj" for c in verb.children):
        return []
    return [c for conj in verb.children if conj.dep_ == "conj" and conj.pos_ == "VERB"
            and not any(c.dep_ in _SUBJECTS for c in conj.children)
            for c in conj.children if c.dep_ == "dobj"]


def _actors_with_conjuncts(record: Record, token: Token) -> list[Actor]:
    """Actors of a phrase and its coordinated phrases; its apposition ("Minsk, Belarus") only
    when the phrase itself names none ("the US, an ally of Manila," is the US alone)."""
    actors = []
    for member in [token, *[t for t in token.conjuncts if t.i != token.i]]:
        actors.extend(actors_at(record, member))
    if not actors:
        for appos in (c for c in token.children if c.dep_ == "appos"):
            actors.extend(actors_at(record, appos))
    return actors


def _owner_actors(record: Record, token: Token) -> list[Actor]:
    """Whose a thing is: "two Philippine supply boats", "Estonia's ministries", "the websites of
    five Estonian ministries" -> the country, as the one acted upon."""
    for child in token.children:
        if child.dep_ in ("amod", "compound", "poss", "nmod"):
            actors = [a for a in actors_at(record, child) if a.country]
            if actors:
                return [Actor.make(_span_text(token), a.country, "", a.name) for a in actors[:1]]
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                if _is_own_force(pobj) and not _names_country(record, pobj):
                    continue  # "hundreds of missiles": the actor's own weapons, nobody's country
                actors = _actors_with_conjuncts(record, pobj) or _owner_actors(record, pobj)
                if actors:
                    return actors
    return []


def _span_text(token: Token) -> str:
    return token.doc[token.left_edge.i:token.i + 1].text


# -- nouns --------------------------------------------------------------------------------
def _slot(noun: Token) -> Token:
    """The phrase a nominal event fills in its clause: past coordination with another event
    ("threats and drills") and quantity nouns ("a burst of naval activity", "part of exercises": quantity_nouns.csv)."""
    while noun.dep_ == "conj" and noun.head.pos_ == "NOUN" and patterns.match_noun(noun.head) is not None:
        noun = noun.head  # "threats and drills", not "rhetoric and sanctions": only events coordinate events
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and \
            noun.head.head.lemma_.lower() in patterns.word_list("quantity_nouns"):
        return _slot(noun.head.head)
    return noun


def _nominal_is_reported(noun: Token) -> bool:
    """A nominal event counts when a clause talks about it, not when it only modifies a noun
    ("the invasion intensified" yes; "participation in the invasion", "accomplices of the assault" no)."""
    noun = _slot(noun)
    if noun.dep_ in ("nsubj", "nsubjpass", "dobj", "ROOT", "attr", "appos"):
        return True
    if noun.dep_ == "pobj":
        return noun.head.head.pos_ in ("VERB", "AUX", "ADJ") or _report_noun(noun) is not None
    return False


def _noun_sources(record: Record, noun: Token) -> list[Actor]:
    possessor = _possessor(noun)
    if possessor is not None:
        return _actors_with_conjuncts(record, possessor) or _clause_subject(record, possessor)
    by_phrase = _by_phrase_actors(record, noun) or _participle_agents(record, noun)
    if by_phrase:
        return by_phrase
    adjectives = [c for c in noun.children if c.dep_ in ("amod", "compound", "nmod")]
    for adjective in adjectives:
        actors = actors_at(record, adjective) or _mention_covering(record, adjective)
        if actors:
            return actors
    slot = _slot(noun)
    governor = slot.head.head if slot.dep_ == "pobj" else slot.head  # "take part in the invasion"
    if slot.dep_ in ("dobj", "pobj") and governor.lemma_.lower() in patterns.support_verbs():
        return _verb_sources(record, governor)  # "X ordered the deployment": X deploys
    if slot.dep_ == "pobj" and slot.head.lower_ == "with" and governor.pos_ == "VERB" \
            and governor.lemma_.lower() in patterns.word_list("response_verbs"):
        return _verb_sources(record, governor)  # "X reacted with drills": X holds them
    return []


def _possessor(noun: Token) -> Token | None:
    return next((c for c in noun.children if c.dep_ == "poss"), None)


def _by_phrase_actors(record: Record, noun: Token) -> list[Actor]:
    """ "the attack by Russian forces", "her arrest by the morality police", "threats from Beijing"."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return _actors_with_conjuncts(record, pobj)
    return []


def _participle_agents(record: Record, noun: Token) -> list[Actor]:
    """ "naval exercises launched by Russia": the agent of a participle that modifies the noun."""
    for participle in (c for c in noun.children if c.dep_ == "acl"):
        agent = next((c for c in participle.children if c.dep_ == "agent"), None)
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        if pobj is not None:
            return _actors_with_conjuncts(record, pobj)
    return []


def _clause_subject(record: Record, pronoun: Token) -> list[Actor]:
    """ "China has not seen its drills cause issues": an unresolved possessive pronoun is the
    subject of the nearest verb above it."""
    if pronoun.pos_ != "PRON":
        return []
    noun = pronoun.head
    for verb in (t for t in noun.ancestors if t.pos_ in ("VERB", "AUX")):
        if not any(c.dep_ in _SUBJECTS and noun in c.subtree for c in verb.children):
            return _verb_sources(record, verb)  # not "its drills cause issues": the drills' own verb
    return []


def _has_own_actors(record: Record, noun: Token) -> bool:
    """Both roles are written inside the noun's own phrase, not borrowed from a governing verb."""
    inside = {t.i for t in noun.subtree}
    return sum(1 for m in record.mentions if m.head in inside and m.head != noun.i and m.kind != "context") >= 2


def _mention_covering(record: Record, token: Token) -> list[Actor]:
    return [m.actor for m in record.mentions if m.start <= token.i < m.end and m.head == token.head.i]


def _noun_targets(record: Record, noun: Token) -> list[Actor]:
    if noun.dep_ == "pobj" and noun.head.lower_ == "under" and noun.head.head.pos_ in ("VERB", "AUX"):
        subjects = [c for c in noun.head.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        actors = [a for s in subjects for a in _actors_with_conjuncts(record, s)]
        if actors:
            return actors  # "the city came under attack", "was under fire": the city is attacked
    for prep_words in (("of", "against", "on", "into", "with", "to"), _PLACE_PREPS):
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in prep_words:
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    actors = [a for a in _actors_with_conjuncts(record, pobj)
                              if not (child.lower_ == "of" and a.sector == "MIL")]  # "deployment of forces"
                    if actors:
                        return actors
    for token in noun.subtree:  # "the attack by Russian forces in Ukraine"
        if token.dep_ == "pobj" and token.head.lower_ in ("in", "into") and token.i > noun.i:
            actors = [a for a in actors_at(record, token) if not a.sector]
            if actors:
                return actors
    return []
