"""The ``attribution`` stage: who says an event happened, and through which outlets.

Every reporting cue of an article (a speech verb with its subject, "according to X", "per X")
is read once, in text order, into a table of speakers (:func:`speakers_by_cue`), so that
"The official said" and "He added" can take over the speaker of an earlier sentence. An event
is attributed to the nearest cue whose content holds its trigger (:func:`_cues_above`: not the
speaker's own subject, circumstances or further acts, nor a background "after ..." clause a
leading report mentions); outlets that relay that cue further up ("..., the Washington Post
reported", "Reuters quoted X as saying") form its ``via`` chain, nearest last. Failing a cue,
an event takes the speaker of its quotation, of its transcript line ("NAME: ..."), or of the
report a "reportedly" points to. The ``quotes`` stage reads the same table and the same
quotation finder (:func:`quotation_spans`).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from ..coding.patterns import word_list
from ..dictionaries import read_yaml
from ..model import Actor, Attribution, Claim, Record
from ..nlp import entities, entities_in, entity_of
from ..pipeline import stage
from ..settings import Settings

Token = Any  # spacy.tokens.Token
Span = Any  # spacy.tokens.Span

# Children that describe the speaker rather than name it ("Peskov, the Kremlin spokesman, said").
_NOT_PART_OF_NAME = {"relcl", "appos", "advcl", "parataxis", "punct"}
_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
_PRESENT_TAGS = ("VBP", "VBZ")
# Opening mark -> the marks that may close it: scraped text often opens with a straight
# quote and closes with a curly one.
_OPENING = {"“": "”", '"': '"”'}
_PARAGRAPH = re.compile(r"\n\s*\n|\n")
# "PENCE: Well, ...", "Pat Caddell: Voters Worried ...": a line opened by a short name and a colon.
_LABEL = re.compile(r"(?m)^[ \t\"“]*([A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,3}):[ \t]+(\S[^\n]*?)[ \t\"”]*$")
# "“...” ― Jane Doe": a quotation signed after a dash, to the end of its line.
_SIGNATURE = re.compile(r"[ \t\u00a0]*([―—–])[ \t\u00a0]*([A-Z][^\n]{1,60}?)[ \t\u00a0.]*(?:\n|$)")


@cache
def _lexicon() -> dict[str, Any]:
    return read_yaml("attribution.yaml")


@cache
def _words(name: str) -> frozenset[str]:
    """One word list of the lexicon as a set: the cue tests ask about every token of an article."""
    return frozenset(_lexicon()[name])


@cache
def _outlet_table() -> tuple[dict[str, str], tuple[str, ...]]:
    """(lowercase name or alias without a leading "the" -> outlet name, outlet head words)."""
    data = read_yaml("outlets.yaml")
    names: dict[str, str] = {}
    for outlet in data["outlets"]:
        for spelling in [outlet["name"], *outlet["aliases"]]:
            names[_outlet_key(spelling)] = outlet["name"]
    return names, tuple(data["heads"])


_OUTLET_MAX_TOKENS = 8  # longer than any outlet name or alias (checked by the outlets data test)


def _outlet_key(phrase: str) -> str:
    key = " ".join(phrase.lower().replace("’", "'").split())
    return key.removeprefix("the ")


def outlet_name(phrase: str) -> str | None:
    """The outlet a phrase names ("the Washington Post" -> "The Washington Post"), else None."""
    return _outlet_table()[0].get(_outlet_key(phrase))


def _outlet_in(phrase: Span) -> str | None:
    """The outlet named anywhere in a phrase ("Iran's Tasnim news agency" -> "Tasnim"), the
    longest name first, or an ORG entity ending in an outlet word ("the Denver Post")."""
    longest = min(len(phrase), _OUTLET_MAX_TOKENS)  # a name is a few words: not every substring
    words = [token.text_with_ws for token in phrase]  # joined, the text of any run of them
    for length in range(longest, 0, -1):
        for start in range(len(phrase) - length + 1):
            name = outlet_name("".join(words[start:start + length]))
            if name:
                return name
    heads = _outlet_table()[1]
    for ent in entities_in(phrase):
        key = _outlet_key(ent.text)
        if ent.label_ == "ORG" and any(key.endswith(" " + head) or key.startswith(head + " ") for head in heads):
            return _strip_article(ent.text)  # "the Denver Post", "the Daily Clarion"
    return None


def _strip_article(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text


@dataclass(slots=True)
class Speaker:
    """Who a cue says is speaking, as the output contract names it."""

    text: str
    speaker_type: str = "unknown"
    actor: Actor | None = None
    via: list[str] = field(default_factory=list)
    head: str = ""  # lemma of the phrase's head noun, for "The official said" anaphora
    span: tuple[int, int] | None = None  # the source as written at this cue ("he"), in characters

    def attribution(self, quote: bool = False) -> Attribution:
        return Attribution(speaker=self.text, speaker_type=self.speaker_type, speaker_actor=self.actor,
                           via=list(self.via), quote=quote)

    def relayed_by(self, outlets: list[str]) -> Speaker:
        return replace(self, via=[*self.via, *(o for o in outlets if o not in self.via)])


def is_speech_verb(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in _words("speech_verbs")


def _is_naming_verb(token: Token) -> bool:
    return token.pos_ == "VERB" and token.lemma_.lower() in _words("naming_verbs")


def is_stance_verb(token: Token) -> bool:
    return token.pos_ == "VERB" and token.lemma_.lower() in _words("stance_verbs")


def _reports_words(token: Token) -> bool:
    """A cue that reports what someone said, as opposed to a stance: the only cues a quotation takes."""
    return is_speech_verb(token) or _is_naming_verb(token) or _is_source_preposition(token)


def _is_source_preposition(token: Token) -> bool:
    return token.lower_ in _words("source_prepositions") and _preposition_object(token) is not None


def _preposition_object(token: Token) -> Token | None:
    """The object of "per X" or of "according to X"."""
    for child in token.children:
        if child.dep_ == "pobj":
            return child
        if child.dep_ == "prep" and child.lower_ == "to":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def _speaker_head(cue: Token) -> Token | None:
    """The head noun of whoever a cue names as the source."""
    if _is_source_preposition(cue):
        return _preposition_object(cue)
    for child in cue.children:
        if child.dep_ == "agent":  # "was reported by the BBC"
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    if any(c.dep_ == "nsubjpass" for c in cue.children) and cue.lemma_.lower() in word_list("accusation_verbs"):
        return None  # "the guards were accused of ...": the accused, not the accuser
    subject = next((c for c in cue.children if c.dep_ in _SUBJECTS), None)
    before = cue.doc[cue.i - 1] if cue.i > 0 else None
    trailing = cue.dep_ in ("conj", "parataxis") and before is not None and before.pos_ in ("NOUN", "PROPN")
    if subject is None and trailing:
        return before  # "..., the rights group said": a subject the parser hung elsewhere
    if subject is None and is_speakers_own_conjunct(cue) and _reporting_verb_of(cue.head) is not None:
        return _speaker_head(_reporting_verb_of(cue.head))  # "police say she died ... and deny ..."
    if subject is None and cue.dep_ in ("conj", "xcomp", "advcl") and cue.head.i != cue.i:
        return _speaker_head(cue.head)  # "said ... and added", "spoke, saying ..."
    return subject


def _phrase(head: Token) -> Span:
    """The head's noun phrase as written, without appositions and relative clauses."""
    dropped = {t.i for c in head.children if c.dep_ in _NOT_PART_OF_NAME or _is_time(c) for t in c.subtree}
    kept = [t.i for t in head.subtree if t.i not in dropped]
    return head.doc[min(kept):max(kept) + 1]


def _is_time(modifier: Token) -> bool:
    """ "on Monday" after a speaker ("the rulers on Monday accused ..."): when, not who."""
    return modifier.dep_ == "prep" and any(g.ent_type_ in ("DATE", "TIME") for g in modifier.children)


def _actor_of(phrase: Span, record: Record) -> Actor | None:
    """The actor a speaker phrase names; a sector without a country ("the ministry") is none
    the contract can write, so it is left out."""
    overlapping = [m for m in record.mentions if m.start < phrase.end and phrase.start < m.end and m.actor.country]
    overlapping.sort(key=lambda m: not (m.start <= phrase.root.i < m.end))
    return overlapping[0].actor if overlapping else None


def _person_name(head: Token) -> str | None:
    if head.ent_type_ != "PERSON":
        return None
    return entity_of(head).text


def _classify(head: Token, phrase: Span, record: Record) -> tuple[str, str]:
    """(speaker text, speaker type) of a speaker phrase."""
    lexicon, lemma = _lexicon(), head.lemma_.lower()
    outlet = outlet_name(phrase.text)  # before the parser's guess: "Tasnim said" is no person
    if outlet:
        return outlet, "media"
    person = _surname_of_person_before(head) or _person_name(head) or _appositive_person(head)
    if person and _names_an_organisation(head, phrase):  # "the rights group Justicia Ya"
        return phrase.text, "organisation"
    if person:
        return person, "named_person"
    outlet = _outlet_in(phrase)
    if outlet:
        return outlet, "media"
    if _names_outlet_kind(phrase):
        return phrase.text, "media"
    if lemma in lexicon["organisation_heads"] or head.lower_ in lexicon["organisation_heads"]:
        return phrase.text, "organisation"
    if lemma in lexicon["anonymous_heads"]:
        return phrase.text, "anonymous_official"
    if head.ent_type_ in ("ORG", "GPE", "NORP", "FAC"):
        return phrase.text, "organisation"
    if head.text in record.people or any(m.kind == "person" for m in record.mentions
                                         if m.start <= head.i < m.end):
        return phrase.text, "named_person"
    if _looks_like_a_name(head):
        return phrase.text, "named_person"
    return phrase.text, "unknown"


def _looks_like_a_name(head: Token) -> bool:
    """A proper noun right after another one and no entity the parser knows ("Police Brig-Gen
    Hossein Rahimi"): by elimination (no organisation, office or place word) a person's name."""
    before = head.doc[head.i - 1] if head.i > 0 else None
    return (head.pos_ == "PROPN" and not head.ent_type_ and before is not None and before.pos_ == "PROPN"
            and before.dep_ == "compound" and before.head.i == head.i)


def _names_an_organisation(head: Token, phrase: Span) -> bool:
    """Whether a name right after a common noun of an organisation ("the rights group X", not
    "army spokesman X") is the organisation's: the parser's PERSON tag is then wrong."""
    name = entity_of(head)
    before = head.doc[name.start - 1] if name is not None and name.start > phrase.start else None
    return before is not None and before.pos_ == "NOUN" and before.lemma_.lower() in _lexicon()["organisation_heads"]


def _names_outlet_kind(phrase: Span) -> bool:
    """ "state television", "the official news agency", "Israeli reports": an outlet named by its kind."""
    key, heads = _outlet_key(phrase.text), _outlet_table()[1]
    return phrase.root.lemma_.lower() in heads or any(key == head or key.endswith(" " + head) for head in heads)


def _appositive_person(head: Token) -> str | None:
    """The person an apposition names ("the head of the group, Jane Doe, said"); after an
    organisation's noun ("the rights group Justicia Ya") the parser's PERSON tag is wrong."""
    if head.lemma_.lower() in _lexicon()["organisation_heads"]:
        return None
    names = (entity_of(c) for c in head.children if c.dep_ == "appos" and c.ent_type_ == "PERSON")
    return next((name.text for name in names if name is not None), None)


def _surname_of_person_before(head: Token) -> str | None:
    """The full name of a person named earlier whose name a bare name repeats ("Yarahmedi
    said" after "Arsalan Yarahmedi"), which the parser may no longer tag as a person."""
    if not (head.pos_ == "PROPN" or head.text.isupper()) or any(c.dep_ == "compound" for c in head.children):
        return None
    # any word of the name: "TSAI:" in a transcript after "Tsai Ing-wen", whose family name comes first
    earlier = [ent for ent in entities(head.doc) if ent.label_ == "PERSON" and ent.end <= head.i
               and len(ent) > 1 and any(t.text.lower() == head.text.lower() for t in ent)]
    return earlier[-1].text if earlier else None


def _addressed_outlets(cue: Token) -> list[str]:
    """Outlets a speaker talked to ("told CNN", "said in an interview with the BBC")."""
    if _is_source_preposition(cue):
        return []
    outlets = []
    for child in cue.children:
        if child.dep_ in ("dobj", "dative", "prep", "npadvmod"):
            outlet = _outlet_in(child.doc[child.left_edge.i:child.right_edge.i + 1])
            if outlet and outlet not in outlets:
                outlets.append(outlet)
    return outlets


def _antecedent(head: Token, history: list[Speaker]) -> Speaker | None:
    """The earlier speaker a pronoun, "the official" or a bare surname refers back to."""
    pronoun_types = _lexicon()["pronouns"].get(head.lower_)
    if head.pos_ == "PRON" and pronoun_types:
        earlier = next((s for s in reversed(history) if s.speaker_type in pronoun_types), None)
        return earlier or _last_person_before(head, pronoun_types)
    if head.pos_ == "PROPN":
        # A bare surname names the person again, but it is a new statement: no relays.
        earlier = next((s for s in reversed(history) if s.speaker_type == "named_person"
                        and s.text.split()[-1] == head.text and s.text != head.text), None)
        return replace(earlier, via=[]) if earlier else None
    definite = any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children)
    if not definite or head.ent_type_:
        return None
    lemma = head.lemma_.lower()
    if lemma in _outlet_table()[1]:
        return next((s for s in reversed(history) if s.speaker_type == "media"), None)
    return next((s for s in reversed(history) if s.head == lemma), None)


def _last_person_before(head: Token, pronoun_types: list[str]) -> Speaker | None:
    """A person named before a pronoun who had not spoken yet ("Varga arrived. She said ...")."""
    if "named_person" not in pronoun_types:
        return None
    people = [ent for ent in entities(head.doc) if ent.label_ == "PERSON" and ent.end <= head.i]
    if not people:
        return None
    return Speaker(text=people[-1].text, speaker_type="named_person", head=people[-1].root.lemma_.lower())


def _speaker_at(cue: Token, record: Record, history: list[Speaker]) -> Speaker | None:
    """The speaker a cue names; through a relay ("Reuters quoted X as saying", "..., citing
    X, reported") the quoted source speaks and the outlet that relays it goes into ``via``."""
    relayed = _relayed_source(cue)
    if relayed is None:
        head = _speaker_head(cue)
        return _speaker_of(head, cue, record, history) if head is not None else None
    source_head, relay_cue = relayed
    relay_head = _speaker_head(relay_cue)
    relayer = _speaker_of(relay_head, relay_cue, record, history) if relay_head is not None else None
    if relay_cue.i == cue.i and (relayer is None or relayer.speaker_type != "media"):
        return relayer  # "The minister, citing intelligence, said ...": the minister's claim
    source = _speaker_of(source_head, cue, record, history)
    return source.relayed_by([relayer.text]) if relayer is not None and relayer.speaker_type == "media" else source


def _relayed_source(cue: Token) -> tuple[Token, Token] | None:
    """(head of the quoted source, the relaying cue) of "Reuters quoted X as saying ..." (the
    cue is "saying") and of "The agency, citing X, said ..." (the cue is "said"), else None."""
    relay_verbs = _lexicon()["relay_verbs"]
    if cue.dep_ == "pcomp" and cue.head.lower_ == "as" and cue.head.head.lemma_.lower() in relay_verbs:
        source = _direct_object(cue.head.head)
        return (source, cue.head.head) if source is not None else None
    subject = _speaker_head(cue)
    for holder in (cue, subject):
        for child in holder.children if holder is not None else ():
            if child.dep_ in ("advcl", "acl", "relcl") and child.lemma_.lower() in relay_verbs:
                source = _direct_object(child)
                if source is not None:
                    return source, cue
    return None


def _direct_object(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ == "dobj"), None)


def _speaker_of(head: Token, cue: Token, record: Record, history: list[Speaker]) -> Speaker:
    """The speaker a noun phrase names at a cue, an earlier speaker when it refers back to one."""
    phrase = _phrase(head)
    local = (phrase.start_char, phrase.end_char)
    earlier = _antecedent(head, history)
    if earlier is not None:
        return replace(earlier.relayed_by(_addressed_outlets(cue)), span=local)
    if head.tag_ in ("WP", "WDT") and cue.dep_ == "relcl":
        head, phrase = cue.head, _phrase(cue.head)  # "residents, who denied ...": who the pronoun stands for
    text, speaker_type = _classify(head, phrase, record)
    return Speaker(text=text, speaker_type=speaker_type, actor=_actor_of(phrase, record),
                   via=_addressed_outlets(cue), head=head.lemma_.lower(), span=local)


def _is_cue(token: Token) -> bool:
    return _reports_words(token) or is_stance_verb(token)


_SPEAKERS_KEY = "eventwire.speakers_by_cue"


def speakers_by_cue(record: Record) -> dict[int, Speaker]:
    """Token index of every reporting cue -> its speaker, with anaphora resolved in text order.

    Read once per doc (kept in ``doc.user_data``): the attribution and quotes stages both need it."""
    cached = record.doc.user_data.get(_SPEAKERS_KEY)
    if cached is None:
        cached = record.doc.user_data[_SPEAKERS_KEY] = _read_speakers(record)
    return cached


def _read_speakers(record: Record) -> dict[int, Speaker]:
    table: dict[int, Speaker] = {}
    history: list[Speaker] = []
    for token in record.doc:
        if not _is_cue(token):
            continue
        speaker = _speaker_at(token, record, history)
        if speaker is None:
            continue
        table[token.i] = speaker
        if speaker.speaker_type != "unknown":
            history.append(speaker)
    return table


def _cues_above(token: Token) -> Iterator[Token]:
    """Reporting cues governing a token, nearest first: speech verbs whose content holds it,
    and "according to"/"per" phrases or trailing reports attached to it or to a clause above it.

    Above a background clause ("after Iran sent drones") only cues that follow the token count:
    "X said it struck back after Y attacked" tells the attack in the article's own voice, while
    "... after Y attacked, X said" reports the whole sentence.
    """
    current, below, background, detached = token, None, False, False
    while True:
        background = background or (below is not None and _is_background(below))
        detached = detached or (below is not None and is_speakers_own_conjunct(below))
        reports = below is not None and not detached and _reports_through(current, below)
        cues = [current] if reports else []
        cues += [c for c in current.children if _is_source_preposition(c) or _is_trailing_report(c)]
        if current.head.i == current.i:  # "A is expected ..., and B ..., according to X": X covers both
            cues += [c for conj in current.children if conj.dep_ == "conj" and conj.i > token.i
                     for c in conj.children if _is_source_preposition(c) and _closes_sentence(c)]
        yield from (c for c in cues if not background or c.i > token.i)
        if current.head.i == current.i:
            return
        current, below = current.head, current


def is_speakers_own_conjunct(verb: Token) -> bool:
    """A verb without a subject joined to a reported clause whose tense it does not share but
    the speech verb's ("said it would not withdraw the bill and accused ...", "said troops were
    operating ... and called on ...", "guards say the inmate slipped and deny that ..."): the
    parser hangs it in the report, but its tense joins it to the speech verb as the speaker's
    own act."""
    if verb.dep_ != "conj" or any(c.dep_ in _SUBJECTS for c in verb.children):
        return False
    if verb.tag_ == "VBD" and verb.head.tag_ in ("VB", "VBG"):
        return True
    speech = _reporting_verb_of(verb.head)
    return (speech is not None and speech.tag_ in _PRESENT_TAGS and verb.tag_ in (*_PRESENT_TAGS, "VB")
            and verb.head.tag_ in ("VBD", "VBN"))


def _reporting_verb_of(clause: Token) -> Token | None:
    """The speech verb whose reported clause ``clause`` is."""
    return clause.head if clause.dep_ == "ccomp" and is_speech_verb(clause.head) else None


def _reports_through(cue: Token, child: Token) -> bool:
    """Whether a verb reports what hangs under its child: "said [that ...]", "warned [of ...]",
    "fear [that ...]"; never its subject ("the junta, which seized power, said"), the
    circumstances around it ("As X arrived, an official said") or a conjoined clause."""
    lexicon = _lexicon()
    if cue.lemma_.lower() in lexicon["performative_verbs"] and _is_own_measure(cue, child):
        return False
    if child.dep_ == "xcomp" and cue.lemma_.lower() in lexicon["addressee_verbs"]:
        return False  # "told the plotters to surrender": a directive, not a report
    if is_speech_verb(cue):
        if child.dep_ == "prep":
            return child.i > cue.i and child.lower_ in lexicon["content_prepositions"]
        return child.dep_ in lexicon["content_dependencies"]
    return cue.lemma_.lower() in lexicon["belief_verbs"] and child.dep_ == "ccomp"


def _is_own_measure(cue: Token, child: Token) -> bool:
    """Whether "X announced ..." announces X's own act, which is then the event itself and no
    report: an object ("announced sanctions"), a clause in the passive with no agent ("announced
    that borders would be closed") or one whose subject is a pronoun ("declared it would ...")."""
    if child.dep_ == "dobj":
        return True
    if child.dep_ != "ccomp":
        return False
    deps = {c.dep_ for c in child.children}
    passive = "nsubjpass" in deps and "agent" not in deps
    pronoun = any(c.dep_ == "nsubj" and c.pos_ == "PRON" for c in child.children)
    return passive or pronoun


def _is_background(node: Token) -> bool:
    """A clause or phrase opened by a connective of sequence or cause ("after ...",
    "following ...", "in retaliation for ...")."""
    connectives = _lexicon()["background_connectives"]
    if node.dep_ in ("prep", "advcl", "acl") and _connective(node) in connectives:
        return True
    return node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in connectives for c in node.children)


def _connective(prep: Token) -> str:
    """The preposition as written with the noun it closes: "after", "in response to"."""
    if prep.head.dep_ == "pobj" and prep.head.head.dep_ == "prep" and prep.i == prep.head.i + 1:
        return f"{prep.head.head.lower_} {prep.head.lower_} {prep.lower_}"
    return prep.lower_


def _is_trailing_report(token: Token) -> bool:
    """ "..., an official told the Post." parsed as a conjunct of the clause it reports: it
    closes the sentence, in the active voice, with no content of its own and no "and" or
    "but" joining it as a further action ("rejected the ultimatum and warned the bloc")."""
    if not (token.dep_ in ("conj", "parataxis") and is_speech_verb(token) and token.i > token.head.i):
        return False
    children = list(token.children)
    if any(c.dep_ in ("ccomp", "xcomp", "nsubjpass", "auxpass") for c in children):
        return False
    if token.lemma_.lower() not in _lexicon()["addressee_verbs"] and any(c.dep_ == "dobj" for c in children):
        return False
    if any(c.dep_ == "cc" and token.head.i < c.i < token.i for c in token.head.children):
        return False
    return _closes_sentence(token)


def _closes_sentence(token: Token) -> bool:
    """Whether nothing but punctuation follows the token's phrase in its sentence."""
    after = token.right_edge.i + 1
    return after >= token.sent.end or all(t.is_punct or t.is_space for t in token.doc[after:token.sent.end])


def _attributed_speaker(token: Token, table: dict[int, Speaker]) -> Speaker | None:
    """The nearest non-media cue's speaker, relayed by the outlets around it ("..., per
    Reuters", "..., the Washington Post reported"); an outlet alone is the speaker itself."""
    speakers = [table[c.i] for c in _cues_above(token) if c.i in table]
    sources = [s for s in speakers if s.speaker_type != "media"]
    if not sources:
        return speakers[0].relayed_by([s.text for s in speakers[1:]]) if speakers else None
    nearest = speakers.index(sources[0])
    beyond = next((i for i, s in enumerate(speakers) if i > nearest and s.speaker_type != "media"), len(speakers))
    relays = [s.text for i, s in enumerate(speakers[:beyond]) if i != nearest]
    return sources[0].relayed_by(relays)


def _rebutting_speaker(trigger: Token, table: dict[int, Speaker]) -> Speaker | None:
    """The speaker of an event that is itself an answer to a claim ("denied that ...",
    "confirmed ...", "rejected the allegation", "called such claims absurd"): whoever answers
    vouches for it. Rejecting a demand or calling for a ban is an act, not an answer."""
    lexicon, lemma = _lexicon(), trigger.lemma_.lower()
    if trigger.i not in table:
        return None
    if lemma in lexicon["rebuttal_verbs"]:
        return table[trigger.i]
    answers_claim = any(c.dep_ == "dobj" and c.lemma_.lower() in lexicon["claim_nouns"] for c in trigger.children)
    return table[trigger.i] if answers_claim else None


_HEARSAY_WINDOW = 2  # sentences after a "reportedly" in which its report is looked for


def _hearsay_speaker(trigger: Token, table: dict[int, Speaker]) -> Speaker | None:
    """The source of an event told as hearsay ("Israel reportedly hit targets in Iran"): the
    report that follows it within two sentences ("Several outlets, citing officials, reported
    that ..."), else unnamed reports."""
    lexicon = _lexicon()
    holders = [trigger]
    if trigger.dep_ in ("nsubj", "nsubjpass", "dobj", "attr"):  # "the attack reportedly killed ..."
        holders.append(trigger.head)
    if not any(c.lower_ in lexicon["hearsay_adverbs"] for holder in holders for c in holder.children):
        return None
    sentences = list(trigger.doc.sents)
    here = next(i for i, sentence in enumerate(sentences) if sentence.start <= trigger.i < sentence.end)
    following = sentences[here + 1:here + 1 + _HEARSAY_WINDOW]
    reports = [table[t.i] for sentence in following for t in sentence
               if t.i in table and is_speech_verb(t) and t.lemma_.lower() not in lexicon["relay_verbs"]]
    return reports[0] if reports else Speaker(text="unnamed reports", speaker_type="unknown")


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of every direct quotation's words (without the marks), in text order.

    A quotation may run over several sentences; one left open at a paragraph's end and
    reopened in the next (the news convention for long quotes) is cut at the paragraph end.
    """
    spans = []
    for paragraph in _paragraphs(text):
        start, end = paragraph
        position = start
        while position < end:
            opening = next(((i, text[i]) for i in range(position, end) if text[i] in _OPENING), None)
            if opening is None:
                break
            open_at, mark = opening
            close_at = min((i for i in (text.find(c, open_at + 1, end) for c in _OPENING[mark]) if i >= 0), default=-1)
            if close_at < 0:
                if mark == "“":  # a long quote continues in the next paragraph
                    spans.append((open_at + 1, end))
                break
            spans.append((open_at + 1, close_at))
            position = close_at + 1
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for brk in _PARAGRAPH.finditer(text):
        yield start, brk.start()
        start = brk.end()
    yield start, len(text)


def quote_speaker(span: tuple[int, int], record: Record, table: dict[int, Speaker]) -> tuple[Speaker | None, bool]:
    """(speaker of a quotation, whether the speaker's cue governs the quoted words)."""
    cue, introduced = quote_cue(span, record, table)
    return (table[cue.i] if cue is not None else None), introduced


def quote_cue(span: tuple[int, int], record: Record, table: dict[int, Speaker]) -> tuple[Token | None, bool]:
    """(the cue token that reports a quotation, whether it governs the quoted words).

    The nearest cue outside the quotation in the sentences it touches ("X said, “…”",
    "“…,” X said") of its own paragraph; else the cue of the previous sentence of the same
    paragraph, or of the paragraph above when that one quotes too (a quote carried on in a
    paragraph of its own: "“…,” X told reporters.\n\n“…”").
    """
    start, end = span
    doc = record.doc
    touching = [s for s in doc.sents if s.start_char <= end + 1 and s.end_char >= start - 1
                and _same_paragraph(s, span, record.text)]
    outside = [t for s in touching for t in s if t.i in table and _reports_words(t) and not start <= t.idx < end]
    if outside:
        nearest = min(outside, key=lambda t: min(abs(t.idx - start), abs(t.idx - end)))
        quoted = [t for s in touching for t in s if start <= t.idx < end]
        return nearest, any(t.head.i == nearest.i for t in quoted)
    if not touching:
        return None, False
    previous = [s for s in doc.sents if s.end_char <= touching[0].start_char]
    if previous and (_carries_quotation_on(previous[-1], start, record.text)
                     or _continues_into(previous[-1], touching[0].start_char, record.text)):
        cues = [t for t in previous[-1] if t.i in table and is_speech_verb(t)]
        if cues:
            return cues[-1], False
    return None, False


def _continues_into(sentence: Span, start: int, text: str) -> bool:
    """Whether a sentence's speaker carries on at ``start``: in the same paragraph, or across a
    paragraph break when the sentence ends in a colon ("He said:\n\n“...”")."""
    words_end = sentence.start_char + len(sentence.text.rstrip())  # the parser keeps the break in the sentence
    return "\n" not in text[words_end:start] or sentence.text.rstrip().endswith(":")


def _carries_quotation_on(sentence: Span, start: int, text: str) -> bool:
    """Whether a quotation opening its paragraph at ``start`` goes on with the quotation of the
    sentence above ("“...,” X told reporters.\n\n“We have ...”"), the news convention for a
    long quote; after a sentence without one the paragraph break ends the speaker."""
    opens_paragraph = text[:start - 1].rstrip(" \t").endswith("\n")
    return opens_paragraph and any(mark in sentence.text for mark in _OPENING)


def _same_paragraph(sentence: Span, quotation: tuple[int, int], text: str) -> bool:
    """Whether a sentence next to a quotation belongs with it: "...reported.\n\n“We ...,” X
    told the Post" takes its speaker from its own paragraph, not the one above."""
    start, end = quotation
    if sentence.end_char <= start:
        return _continues_into(sentence, start, text)
    return sentence.start_char < end or "\n" not in text[end:sentence.start_char]




def _clause_of(token: Token) -> Token:
    """The verb heading the clause a token sits in (itself when it is one)."""
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    return token


def _subtree_without(head: Token, cut: Token) -> list[Token]:
    removed = {t.i for t in cut.subtree}
    return [t for t in head.subtree if t.i not in removed]


def reported_tokens(cue: Token) -> list[Token]:
    """The tokens a cue reports, in text order, or [] when its syntax shows none.

    "according to X, Y" / "Y, per X": the clause the phrase hangs on, without the phrase;
    "X said (that) Y", "X urged Z to Y": the clausal complement; "Y, X said" parsed as a
    conjunct or parataxis of Y: the clause above, without the report.
    """
    if _is_source_preposition(cue):
        tokens = _subtree_without(_clause_of(cue.head), cue)
    else:
        tokens = _complement(cue)
        if not tokens and is_speech_verb(cue) and cue.dep_ in ("conj", "parataxis", "advcl") and cue.head.i != cue.i:
            tokens = _subtree_without(cue.head, cue)
    tokens = sorted(tokens, key=lambda t: t.i)
    while tokens and (tokens[0].is_punct or tokens[0].is_space):
        tokens.pop(0)
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens.pop()
    return tokens


def _complement(cue: Token) -> list[Token]:
    """What a verb cue governs as its content: a clause ("said [that ...]", "wants [to ...]"),
    else its objects ("announced [the arrest]", "called [it] [absurd]"), else, for a stance or
    a naming verb, a prepositional object ("called for [a ban]"). An addressee ("told [reporters]") is no content."""
    addressee = cue.lemma_.lower() in _lexicon()["addressee_verbs"]
    stance = is_stance_verb(cue)
    clausal = {"ccomp", "xcomp"} if addressee or stance else {"ccomp"}
    for deps in (clausal, set() if addressee else {"dobj", "oprd"}):
        tokens = [t for c in cue.children if c.dep_ in deps for t in c.subtree]
        if tokens:
            return tokens
    takes_preposition = stance or _is_naming_verb(cue)  # "called for [...]", "believe in [...]"
    prep = next((c for c in cue.children if c.dep_ == "prep" and c.i > cue.i and (
        takes_preposition or c.lower_ in _lexicon()["topic_prepositions"])), None)  # "spoke [of ...]"
    return [t for c in prep.children if c.dep_ in ("pobj", "pcomp") for t in c.subtree] if prep else []


def _cue_words(cue: Token) -> Span:
    """The cue as written: "according to", "called for", a verb with its particle."""
    parts = [cue] + [c for c in cue.children if c.dep_ in ("prt",) or (c.dep_ == "prep" and c.lower_ == "to"
                                                                       and _is_source_preposition(cue))]
    return cue.doc[min(t.i for t in parts):max(t.i for t in parts) + 1]


def claim_of(cue: Token, speaker: Speaker, content: tuple[int, int], text: str, quote: bool = False) -> Claim:
    words = _cue_words(cue)
    return Claim(speaker=speaker.text, cue=words.text, content=text[content[0]:content[1]], content_span=content,
                 cue_span=(words.start_char, words.end_char), speaker_span=speaker.span,
                 speaker_type=speaker.speaker_type, speaker_actor=speaker.actor, via=list(speaker.via), quote=quote)


def reported_claims(record: Record, table: dict[int, Speaker]) -> dict[int, Claim]:
    """Cue token index -> the claim it makes, for every cue whose syntax shows what it reports."""
    claims = {}
    for index, speaker in table.items():
        tokens = reported_tokens(record.doc[index])
        if tokens:
            span = (tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
            claims[index] = claim_of(record.doc[index], speaker, span, record.text)
    return claims


def _speaker_in(start: int, end: int, record: Record) -> Speaker | None:
    """The speaker a bare phrase names (no cue around it: a label or a signature)."""
    phrase = record.doc.char_span(start, end, alignment_mode="expand")
    if phrase is None or not len(phrase):
        return None
    text, speaker_type = _classify(phrase.root, phrase, record)
    return Speaker(text=text, speaker_type=speaker_type, actor=_actor_of(phrase, record),
                   head=phrase.root.lemma_.lower(), span=(start, end))


def _names_a_speaker(phrase: Span) -> bool:
    """Whether a line label is a speaker: a name, a transcript's capitals, or a report ("Poll")."""
    lexicon = _lexicon()
    if phrase.text.lower() in lexicon["non_speaker_labels"]:
        return False
    if phrase.text.isupper() or phrase.root.lemma_.lower() in lexicon["report_nouns"]:
        return True
    proper = all(t.pos_ == "PROPN" or (t.i == phrase.start and t.pos_ == "DET") for t in phrase)
    return proper and phrase.root.ent_type_ in ("PERSON", "ORG")


def labelled_lines(record: Record) -> list[tuple[Speaker, tuple[int, int], int]]:
    """(speaker, content span, colon offset) of lines opened by a speaker and a colon:
    transcripts ("WALLACE: ...") and headlines that quote ("Pat Caddell: Voters Worried ...")."""
    lines = []
    for match in _LABEL.finditer(record.text):
        phrase = record.doc.char_span(*match.span(1), alignment_mode="expand")
        if phrase is None or not _names_a_speaker(phrase):
            continue
        speaker = _speaker_in(*match.span(1), record)
        if speaker is not None:
            lines.append((speaker, match.span(2), match.end(1)))
    return lines


def label_claims(record: Record) -> list[Claim]:
    """The claims of :func:`labelled_lines`."""
    return [Claim(speaker=speaker.text, cue=":", content=record.text[span[0]:span[1]], content_span=span,
                  cue_span=(colon, colon + 1), speaker_span=speaker.span, speaker_type=speaker.speaker_type,
                  speaker_actor=speaker.actor)
            for speaker, span, colon in labelled_lines(record)]


def signature_after(end: int, record: Record) -> tuple[Speaker, tuple[int, int]] | None:
    """(signer, dash span) of a quotation whose closing mark at ``end`` is followed by
    "― Name" to the end of the line, else None."""
    match = _SIGNATURE.match(record.text, end + 1)
    if match is None or len(match.group(2).split()) > 5:
        return None
    speaker = _speaker_in(*match.span(2), record)
    return (speaker, match.span(1)) if speaker is not None else None


def _post_at(record: Record, char: int):
    return next((p for p in record.posts if p.span[0] <= char < p.span[1]), None)


def attribute(record: Record) -> list[Attribution | None]:
    """One attribution (or None, the article's own voice) per event of the record."""
    table = speakers_by_cue(record)
    quotations = quotation_spans(record.text)
    labels = labelled_lines(record)
    results: list[Attribution | None] = []
    for trigger in record.event_tokens:
        if trigger is None:
            results.append(None)
            continue
        quotation = next((q for q in quotations if q[0] <= trigger.idx < q[1]), None)
        speaker = (_rebutting_speaker(trigger, table) or _attributed_speaker(trigger, table)
                   or _hearsay_speaker(trigger, table))
        if speaker is None and quotation is not None:
            speaker = quote_speaker(quotation, record, table)[0]
        if speaker is None:  # "TSAI: “This year, ...”": a transcript line speaks for its label
            speaker = next((s for s, (start, end), _ in labels if start <= trigger.idx < end), None)
        post = _post_at(record, trigger.idx)
        if post is not None:
            speaker = speaker.relayed_by([post.author]) if speaker else Speaker(post.author, "social_media")
        results.append(speaker.attribution(quote=quotation is not None) if speaker else None)
    return results


@stage("attribution", requires=["events"], assigns=["attribution"])
def attribute_events(records: list[Record], settings: Settings) -> None:
    for record in records:
        for event, attribution in zip(record.events, attribute(record)):
            event.attribution = attribution
