"""The ``actors`` stage: who is mentioned, as CAMEO country + sector.

Four sources of evidence, all from the packaged dictionaries:
- names of countries, organisations, capitals and seats of power (phrase matches);
- agent nouns that give a sector ("troops" -> MIL, "opposition leader" -> OPP);
- people, resolved through the article's own titles and appositions ("Belarusian president
  Alexander Lukashenko" makes every later "Lukashenko" BLRGOV), else the dated office-holder list;
- anaphora inside the article: "the official", "he", "its".

Every noun phrase head that yields a country or a sector becomes a ``Mention`` whose ``head``
is that token; the ``events`` stage asks :func:`actors_at` for the actors of an argument.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import replace
from functools import cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from .. import dictionaries as dic
from ..model import UNKNOWN_COUNTRY, Actor, Mention, Record
from ..nlp import entities, entity_of
from ..pipeline import stage
from ..settings import Settings

_NOMINAL = {"NOUN", "PROPN"}
_MODIFIER_DEPS = {"amod", "compound", "poss", "nmod", "npadvmod"}
_PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "hers"}
_GROUP_PRONOUNS = {"it", "its", "they", "them", "their"}
_SUBJECT_GROUP_PRONOUNS = {"it", "they"}
_SPEAKER_GROUP_PRONOUNS = {"we", "us", "our"}  # in a quotation: the body the speaker speaks for
_QUOTE_MARKS = {'"', "\u201c", "\u201d"}
# Sectors whose unnamed members ("the junta", "protesters", "gunmen") belong to the country
# the article is about, or else to the country of the places it names.
_CONTEXT_SECTORS = frozenset({"GOV", "MIL", "REB", "OPP", "COP", "JUD", "SPY", "LEG", "PTY", "CVL", "INS", "SEP",
                              "UAF"})
_PLACE_LABELS = ("GPE", "LOC", "FAC")
_CROWD_SECTOR = "CVL"  # "hundreds marched": people, civilians in the output contract
# Sectors a modifier imposes over a generic head ("opposition leader" is OPP, not GOV).
_HEAD_GENERIC = "GOV"


@stage("actors", requires=["doc"], assigns=["mentions", "people"])
def find_actors(records: list[Record], settings: Settings) -> None:
    for record in records:
        _ArticleActors(record).resolve()


def actors_at(record: Record, token: Token) -> list[Actor]:
    """Actors whose phrase is headed by ``token`` (several for "Ukrainian and Russian leadership")."""
    return [m.actor for m in record.mentions if m.head == token.i]


@cache
def _matcher(vocab_id: int, vocab) -> tuple[PhraseMatcher, dict[str, dic.ActorEntry]]:
    """One PhraseMatcher over lower-cased text per vocab; entries keyed by their phrase."""
    phrases = dic.actor_phrases()  # keys are already lowercase spaCy tokens joined by spaces
    matcher = PhraseMatcher(vocab, attr="LOWER")
    for key in phrases:
        matcher.add(key, [Doc(vocab, words=key.split(" "))])
    return matcher, phrases


def _published(record: Record) -> dt.date | None:
    try:
        return dt.date.fromisoformat((record.article.published or "")[:10])
    except ValueError:
        return None


class _ArticleActors:
    """Resolves the actors of one article, left to right, so later mentions can look back."""

    def __init__(self, record: Record):
        self.record = record
        self.doc: Doc = record.doc
        self.on = _published(record)
        self.names: dict[int, dic.ActorEntry] = {}  # token index -> entry of the name covering it
        self.name_spans: dict[int, Span] = {}
        self.mentions: list[Mention] = []
        self.by_lemma: dict[str, Actor] = {}  # last actor seen for a head lemma ("official")
        self.last_person: Actor | None = None
        self.resolving: set[int] = set()
        self.focus = ""
        self.contextual: set[int] = set()  # heads whose country comes from the article, not the phrase
        self.place_countries: list[tuple[int, str]] | None = None  # found on first need

    def resolve(self) -> None:
        self._match_names()
        self.focus = self._focus_country()
        self.record.focus = self._focus_countries()
        for token in self.doc:
            self._visit(token)
        for token in self.doc:  # after the loop: the speaker is often named after the quotation
            if token.lower_ in _SPEAKER_GROUP_PRONOUNS:
                self._quoted_pronoun(token)
        self.record.mentions = self.mentions

    def _focus_countries(self) -> list[str]:
        counts: Counter[str] = Counter()
        for i, entry in self.names.items():
            if entry.kind != "organisation" and self.name_spans[i].end - 1 == i:
                counts[entry.country] += 1
        return [c for c, n in counts.most_common(2) if n >= 2]

    def _focus_country(self) -> str:
        """The country the article names most (first named on a tie): where "the junta",
        "the protesters", "the government" belong when the phrase itself names no country."""
        counts: Counter[str] = Counter()
        for i, entry in self.names.items():
            if entry.kind != "organisation" and self.name_spans[i].end - 1 == i:
                counts[entry.country] += 1
        if not counts:
            return ""
        country, count = counts.most_common(1)[0]
        return country if count >= 2 or len(counts) == 1 else ""

    # -- names -----------------------------------------------------------------
    def _match_names(self) -> None:
        matcher, entries = _matcher(id(self.doc.vocab), self.doc.vocab)
        spans = []
        for match_id, start, end in matcher(self.doc):
            key = self.doc.vocab.strings[match_id]
            entry = entries[key]
            span = self.doc[start:end]
            if entry.case_sensitive and span.text != entry.form:
                continue  # "US" is the country, "us" is not
            spans.append(Span(self.doc, start, end, label=key))
        from spacy.util import filter_spans

        for span in filter_spans(spans):
            entry = entries[span.label_]
            if entry.kind in ("capital", "seat") and _is_place_use(span):
                continue  # "the embassy in Minsk" is a place, not the government
            for i in range(span.start, span.end):
                self.names[i] = entry
                self.name_spans[i] = span

    # -- one token ---------------------------------------------------------------
    def _visit(self, token: Token) -> None:
        text = token.lower_
        if token.pos_ == "PRON" or text in _PERSON_PRONOUNS:
            self._pronoun(token)
            return
        if token.pos_ not in _NOMINAL and token.i not in self.names:
            return
        if token.dep_ == "compound" and token.head.pos_ in _NOMINAL and token.head.i > token.i:
            return  # the head of the compound speaks for the phrase
        if token.i in self.names and self.name_spans[token.i].end - 1 != token.i:
            return  # only the last token of a multiword name heads it
        if token.i not in self.names and (token.ent_type_ == "PERSON" or self._known_person(token)):
            self._person(token)
            return
        for actor in self._phrase_actors(token):
            entry = self.names.get(token.i)
            kind = ("organisation" if entry.kind == "organisation" else "name") if entry else "agent"
            self._add(token, actor, kind)

    def _add(self, head: Token, actor: Actor, kind: str) -> None:
        kind = "context" if head.i in self.contextual else kind
        start = min([head.i] + [c.left_edge.i for c in head.lefts if c.dep_ != "det"])
        self.mentions.append(Mention(start=start, end=head.i + 1, actor=actor, kind=kind, head=head.i))
        self.by_lemma[head.lemma_.lower()] = actor

    def _phrase_actors(self, head: Token) -> list[Actor]:
        """Country and sector of a noun phrase from its head and its modifiers."""
        text = _phrase_text(head)
        entry = self.names.get(head.i)
        if entry is not None:
            sector = entry.sector or self._modifier_sector(head) or ""
            return [Actor.make(text, entry.country, sector, entry.name)]
        if head.lemma_.lower() in dic.crowd_nouns():
            return self._crowd_actors(head, text)
        head_sector = self._agent_sector(head) or _bare_force_sector(head)
        if not head_sector and not _may_name_group(head):
            return []  # "the Belarusian border", "Russia's invasion": not actors
        countries = self._modifier_countries(head)
        modifier_sector = self._modifier_sector(head)
        sector = _combine_sectors(head_sector, modifier_sector)
        if not countries:
            return self._contextual_actors(head, text, sector)
        return [Actor.make(text, c.country, sector or (c.sector if c.kind != "country" else ""), c.name)
                for c in countries]

    def _crowd_actors(self, head: Token, text: str) -> list[Actor]:
        """"dozens of militants" are militants; "hundreds" alone, as a subject, are civilians."""
        of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        members = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if members is not None and members.lemma_.lower() not in dic.crowd_nouns():
            actors = [replace(a, text=text) for a in self._phrase_actors(members)]
            if members.i in self.contextual:
                self.contextual.add(head.i)  # "hundreds of missiles": whose, only the article says
            return actors
        if head.dep_ == "nsubj" and head.head.tag_ != "VBN":  # "hundreds injured": victims, not actors
            return self._contextual_actors(head, text, _CROWD_SECTOR)
        return []

    def _contextual_actors(self, head: Token, text: str, sector: str) -> list[Actor]:
        """A phrase that names no country: an earlier mention ("the official"), the latest
        organisation ("the bloc"), else the country the article is about ("the junta")."""
        earlier = self._anaphor(head)
        if earlier is not None:
            return [Actor(text, earlier.code, earlier.country, earlier.sector or sector, earlier.name)]
        if not sector:
            organisation = self._latest_organisation(head)
            return [Actor(text, organisation.code, organisation.country, organisation.sector,
                          organisation.name)] if organisation else []
        if sector in _CONTEXT_SECTORS and not has_pronoun_owner(head):
            country = self._latest_of_sector(head, sector) or self.focus or self._place_country(head)
            if country:
                self.contextual.add(head.i)
                return [Actor.make(text, country, sector, dic.country_name(country))]
        return [Actor.make(text, "", sector)]

    def _latest_of_sector(self, head: Token, sector: str) -> str:
        """ "Chile's armed forces said ... The soldiers": a definite phrase of a sector names the
        country of the latest phrase of that sector whose own words gave its country."""
        if not _is_definite(head):
            return ""
        return next((m.actor.country for m in reversed(self.mentions) if m.kind in ("name", "agent")
                     and m.actor.sector == sector and dic.is_country(m.actor.country)), "")

    def _place_country(self, head: Token) -> str:
        """Where an article that names no country twice happens, as a human coder reads it:
        the country of a place named in the phrase's sentence ("gunmen attacked a church in
        Benue state"), else the one its place names fall in most often."""
        places = self._places()
        in_sentence = [country for i, country in places if head.sent.start <= i < head.sent.end]
        counts = Counter(in_sentence or [country for _, country in places])
        return counts.most_common(1)[0][0] if counts else ""  # the first named on a tie

    def _places(self) -> list[tuple[int, str]]:
        """(token index, country) of each place name: provinces and states, then gazetteer places."""
        if self.place_countries is None:
            from ..qualify.places import find_places  # read-only use of the gazetteer

            context = sorted({e.country for e in self.names.values() if len(e.country) == 3})
            regions = [(ent.start, dic.region_country(ent.text)) for ent in entities(self.doc)
                       if ent.label_ in _PLACE_LABELS and dic.region_country(ent.text)]
            named = {i for i, _ in regions}  # a province's own name beats a town's old name elsewhere
            found = regions + [(p.start, p.place.country) for p in find_places(self.doc, context)
                               if p.place.country and p.start not in named]
            self.place_countries = sorted((i, c) for i, c in found if dic.is_country(c))
        return self.place_countries

    def _latest_organisation(self, head: Token) -> Actor | None:
        if not _is_definite(head):
            return None
        return next((m.actor for m in reversed(self.mentions) if m.kind == "organisation"), None)

    def _agent_sector(self, head: Token) -> str:
        agents = dic.agent_sectors()
        for phrase in _agent_phrases(head):
            if phrase in agents:
                return agents[phrase]
        return ""

    def _modifier_sector(self, head: Token) -> str:
        agents = dic.agent_sectors()
        for child in head.lefts:
            if child.dep_ in ("compound", "amod", "nmod") and child.i not in self.names:
                sector = agents.get(child.lemma_.lower()) or agents.get(child.lower_)
                if sector:
                    return sector
        return ""

    def _modifier_countries(self, head: Token) -> list[dic.ActorEntry]:
        """Country/organisation entries among the phrase's modifiers, coordination included."""
        found: list[dic.ActorEntry] = []
        of_names_owner = head.lemma_.lower() not in dic.group_nouns() or head.lemma_.lower() == "member"
        for child in head.children:  # "an ally of Manila" is not Manila; "the army of Niger" is
            if child.dep_ in _MODIFIER_DEPS or (child.dep_ == "prep" and child.lower_ == "of" and of_names_owner):
                target = child if child.dep_ != "prep" else next((c for c in child.children if c.dep_ == "pobj"), None)
                if target is None:
                    continue
                for member in [target, *_conjuncts(target)]:
                    found.extend(self._entry_of(member) or _shared_head_entry(member, head))
        unique = {}
        for entry in found:
            unique.setdefault((entry.country, entry.name), entry)
        return list(unique.values())

    def _entry_of(self, token: Token) -> list[dic.ActorEntry]:
        if token.i in self.names:
            return [self.names[token.i]]
        if token.ent_type_ == "PERSON" or self._names_leader(token) or token.lower_ in _PERSON_PRONOUNS:
            actor = self.last_person if token.lower_ in _PERSON_PRONOUNS else self._person_actor(token)
            if actor is not None and actor.country:
                return [dic.ActorEntry(actor.country, "", actor.name or actor.text, "country")]
        if token.dep_ == "poss" and token.lower_ in _GROUP_PRONOUNS:
            actor = self._nearest_group(token)
            if actor is not None:
                return [dic.ActorEntry(actor.country, actor.sector, actor.name or actor.text, "group")]
        if token.i in self.names:
            return [self.names[token.i]]
        for child in token.children:  # "U.S. Secretary" -> nmod "U.S."
            if child.dep_ in ("compound", "nmod", "amod") and child.i in self.names:
                return [self.names[child.i]]
        return []

    # -- people ------------------------------------------------------------------
    def _names_leader(self, token: Token) -> bool:
        """A surname modifying an agent noun, whatever the NER says: "the Biden administration"."""
        return token.pos_ == "PROPN" and token.dep_ == "compound" and bool(self._agent_sector(token.head))

    def _known_person(self, token: Token) -> bool:
        """A surname the article already introduced, whatever label the NER gave it this time."""
        return token.pos_ == "PROPN" and token.lower_ in self.record.people

    def _person(self, token: Token) -> None:
        after = self.doc[token.i + 1] if token.i + 1 < len(self.doc) else None
        if after is not None and after.ent_type_ == "PERSON" and after.ent_iob_ == "I" and after.tag_ != "POS":
            return  # not the last token of the name ("Mahsa Amini's": the NER takes the "'s" in)
        actor = self._person_actor(token)
        if actor is not None:
            self.last_person = actor
            self._add(token, actor, "person")
            for title in (c for c in token.lefts if c.dep_ == "compound" and c.ent_type_ != "PERSON"):
                if self._agent_sector(title):  # "President Joao Lourenco": a later "the president" is him
                    self.by_lemma[title.lemma_.lower()] = actor

    def _person_actor(self, token: Token) -> Actor | None:
        if token.i in self.resolving:  # an apposition chain can lead back to the same name
            return None
        self.resolving.add(token.i)
        try:
            return self._resolve_person(token)
        finally:
            self.resolving.discard(token.i)

    def _resolve_person(self, token: Token) -> Actor | None:
        name = _entity_text(token) if token.ent_type_ == "PERSON" else token.text
        surname = name.split()[-1].lower()
        known = self.record.people.get(name.lower()) or self.record.people.get(surname)
        titled = self._title_actor(token, name)
        if titled is not None:
            actor = titled
        elif known is not None:
            actor = Actor(name, known.code, known.country, known.sector, known.name)
        else:
            entry = dic.person_roles(name, self.on)
            private = self._private_person(token, name) if entry is None else None
            if private is None and entry is None:
                return None
            actor = private or Actor.make(name, entry.country, entry.sector, entry.name)
        self.record.people[name.lower()] = actor
        self.record.people.setdefault(surname, actor)
        if titled is not None:
            self.record.people[surname] = actor
        return actor

    def _private_person(self, token: Token, name: str) -> Actor | None:
        """A named person with no office in the article nor in the dictionaries belongs to the
        country the article is about: a civilian ("Mahsa Amini, 22, was detained"), or what the
        title before the name says ("Gen. Abdou Tiani" -> MIL)."""
        title = _name_title_sector(token) or self._title_noun_sector(token)
        if not self.focus or token.ent_type_ != "PERSON" or (len(name.split()) < 2 and not title):
            return None  # a bare surname we cannot place is safer left unresolved
        self.contextual.add(token.i)
        return Actor.make(name, self.focus, title or "CVL", name)

    def _title_actor(self, token: Token, name: str) -> Actor | None:
        """The office the article gives a person: the body a relative clause says they lead
        ("Macky Sall, who chairs the African Union,"), an apposition or a title in front of the name."""
        led = self._led_body(token, name)
        if led is not None:
            return led
        candidates = []
        if token.dep_ == "appos" and token.head.pos_ in _NOMINAL:
            candidates.append(token.head)
        candidates.extend(c for c in token.children if c.dep_ == "appos")
        candidates.extend(c for c in token.lefts if c.dep_ in ("compound", "nmod") and c.ent_type_ != "PERSON")
        for title in candidates:
            sector = _combine_sectors(self._agent_sector(title), self._modifier_sector(title))
            countries = self._modifier_countries(title) or [e for e in self._entry_of(title)]
            if not sector and not countries:
                continue
            if not countries:
                entry = dic.person_roles(name, self.on)
                if entry is None:
                    continue
                countries = [entry]
            c = countries[0]
            return Actor.make(name, c.country, sector or c.sector, name)
        return None

    def _title_noun_sector(self, token: Token) -> str:
        """The sector of a title noun in front of a name that says no country: "army spokesman
        Ana Ruiz" (MIL), "police chief Ana Ruiz" (COP); "" if none."""
        for title in (c for c in token.lefts if c.dep_ in ("compound", "nmod") and c.ent_type_ != "PERSON"):
            sector = _combine_sectors(self._agent_sector(title), self._modifier_sector(title))
            if sector:
                return sector
        return ""

    def _led_body(self, token: Token, name: str) -> Actor | None:
        """"X, who chairs/heads/commands Y,": X acts for Y (Y's country and sector)."""
        for clause in (c for c in token.children if c.dep_ == "relcl" and c.lemma_.lower() in dic.leading_verbs()):
            body = next((c for c in clause.children if c.dep_ == "dobj"), None)
            actors = self._phrase_actors(body) if body is not None else []
            if actors and actors[0].country:
                return Actor.make(name, actors[0].country, _led_sector(actors[0]), name)
        return None

    # -- anaphora --------------------------------------------------------------------
    def _pronoun(self, token: Token) -> None:
        text = token.lower_
        if text in _PERSON_PRONOUNS and self.last_person is not None and token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj"):
            actor = self.last_person
            self.mentions.append(Mention(token.i, token.i + 1, Actor(token.text, actor.code, actor.country,
                                                                       actor.sector, actor.name), "pronoun", token.i))
        elif text in _SUBJECT_GROUP_PRONOUNS and token.dep_ in ("nsubj", "nsubjpass"):
            actor = self._governing_subject(token)
            if actor is not None:
                self.mentions.append(Mention(token.i, token.i + 1, Actor(token.text, actor.code, actor.country,
                                                                           actor.sector, actor.name), "pronoun", token.i))

    def _quoted_pronoun(self, token: Token) -> None:
        """'"We struck the depot," the ministry said': "we" and "our forces" inside a quotation
        are the speaker's side; outside one they are the writer's, and left alone."""
        speaker = self._quotation_speaker(token)
        if speaker is None:
            return
        if token.dep_ != "poss":
            self.mentions.append(Mention(token.i, token.i + 1, replace(speaker, text=token.text), "pronoun", token.i))
            return
        owned = next((m for m in self.mentions if m.head == token.head.i and not m.actor.country), None)
        if owned is not None:  # "our forces": the speaker's country, the noun's sector
            owned.actor = Actor.make(owned.actor.text, speaker.country, owned.actor.sector or speaker.sector,
                                     speaker.name)

    def _quotation_speaker(self, token: Token) -> Actor | None:
        """The actor of the subject of a speech verb outside the quotation, in the same sentence."""
        from ..qualify.attribution import is_speech_verb  # read-only use of the cue list

        sentence = token.sent
        inside, marks = [], 0  # whether each token follows an odd number of quotation marks
        for word in sentence:
            inside.append(marks % 2 == 1)
            marks += word.text in _QUOTE_MARKS
        if not inside[token.i - sentence.start]:
            return None
        for cue in sentence:
            if inside[cue.i - sentence.start] or not is_speech_verb(cue):
                continue
            subject = next((c for c in cue.children if c.dep_ == "nsubj"), None)
            actor = next((m.actor for m in self.mentions if subject is not None and m.head == subject.i), None)
            if actor is not None and actor.country:
                return actor
        return None

    def _governing_subject(self, pronoun: Token) -> Actor | None:
        """"The IDF said it struck ...", "Protesters said they would march": the subject of the
        verb whose reported clause (ccomp) the pronoun opens; other clauses ("so they could
        attack") may speak of the object, so they are left alone."""
        clause = pronoun.head
        if clause.dep_ != "ccomp":
            return None
        subject = next((c for c in clause.head.children if c.dep_ == "nsubj"), None)
        return self._group_mention_at(subject) if subject is not None else None

    def _group_mention_at(self, token: Token) -> Actor | None:
        actor = next((m.actor for m in self.mentions if m.head == token.i and m.kind != "person"), None)
        return actor if actor is not None and actor.country else None

    def _anaphor(self, head: Token) -> Actor | None:
        """'the official' after 'a Ukrainian government official': same head lemma, definite."""
        if not _is_definite(head):
            return None
        return self.by_lemma.get(head.lemma_.lower())

    def _nearest_group(self, token: Token) -> Actor | None:
        """'its'/'their': the nearest earlier non-person mention in the same sentence."""
        sent_start = token.sent.start
        for mention in reversed(self.mentions):
            if sent_start <= mention.head < token.i and mention.kind != "person" and mention.actor.country:
                return mention.actor
        return None


def with_unknown_country(actors: list[Actor]) -> list[Actor]:
    """The actors of a known country; else the agents whose kind is clear ("gunmen", "villagers",
    "the police": a sector that takes the article's country) but whose country the article never
    gives, as ``---`` + sector (PETRARCH's code for an agent with no country)."""
    known = [a for a in actors if a.country]
    if known:
        return known
    return [Actor.make(a.text, UNKNOWN_COUNTRY, a.sector) for a in actors if a.sector in _CONTEXT_SECTORS]


def has_pronoun_owner(head: Token) -> bool:
    """"our embassy", "their troops": someone's, not the article's country's."""
    return any(c.dep_ == "poss" and c.pos_ == "PRON" for c in head.children)


def _is_definite(head: Token) -> bool:
    return any(c.lower_ in ("the", "this", "that", "these", "those") for c in head.lefts)


def _may_name_group(head: Token) -> bool:
    """A head without an agent sector is an actor only as a proper name or a group noun."""
    from . import patterns

    lemma = head.lemma_.lower()
    if lemma in patterns.noun_patterns():
        return False
    return head.pos_ == "PROPN" or lemma in dic.group_nouns()


def _led_sector(body: Actor) -> str:
    """An international body's leader speaks for the body ("IGO"), not as a government."""
    return "" if body.country in dic.INTERNATIONAL_CODES else body.sector


def _bare_force_sector(head: Token) -> str:
    """ "officers", "the guards" with no word saying whose: the police, whom the article's
    country then takes; "army officers", "Iranian agents" or "agents of the ministry" are left to
    the words that say whose they are."""
    if any(c.dep_ in _MODIFIER_DEPS or (c.dep_ == "prep" and c.lower_ == "of") for c in head.children):
        return ""
    return dic.bare_force_nouns().get(head.lower_, "")


def _combine_sectors(head_sector: str, modifier_sector: str) -> str:
    if modifier_sector and (not head_sector or head_sector == _HEAD_GENERIC):
        return modifier_sector
    return head_sector or modifier_sector


def _agent_phrases(head: Token) -> list[str]:
    """Longest first: "secretary of state", "defense minister", "minister"."""
    lemma = head.lemma_.lower()
    phrases = []
    of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None:
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None)
        if pobj is not None:
            phrases.append(f"{lemma} of {pobj.lower_}")
    compounds = [c for c in head.lefts if c.dep_ == "compound"]
    if compounds:
        phrases.append(f"{compounds[-1].lower_} {lemma}")
    nearest = head.doc[head.i - 1] if head.i > 0 else None  # "armed men", "military officers"
    if nearest is not None and nearest.dep_ == "amod" and nearest.head == head:
        phrases += [f"{nearest.lower_} {lemma}", f"{nearest.lower_} {head.lower_}"]
    phrases += [lemma, head.lower_]
    return phrases


def _shared_head_entry(modifier: Token, head: Token) -> list[dic.ActorEntry]:
    """A coordinated modifier names a body with the plural head it shares: "the Treasury and
    State Departments" are the Treasury Department and the State Department."""
    if head.tag_ not in ("NNS", "NNPS"):
        return []
    entry = dic.lookup_actor(f"{modifier.text} {_singular(head.text)}")
    return [entry] if entry is not None else []


def _singular(plural: str) -> str:
    if plural.lower().endswith("ies"):
        return plural[:-3] + ("Y" if plural.isupper() else "y")  # "Ministries" -> "Ministry"
    return plural[:-1] if plural.lower().endswith("s") else plural


def _conjuncts(token: Token) -> list[Token]:
    return [t for t in token.conjuncts if t.i != token.i]


def _phrase_text(head: Token) -> str:
    start = min([head.i] + [c.left_edge.i for c in head.lefts])
    return head.doc[start:head.i + 1].text


def _name_title_sector(token: Token) -> str:
    """The sector of a title inside or just before a person's name ("Gen.", "Sen."), or ""."""
    titles = dic.person_titles()
    start = token.i
    while start > 0 and token.doc[start - 1].ent_type_ == "PERSON" and token.doc[start].ent_iob_ == "I":
        start -= 1
    words = token.doc[max(start - 1, 0):token.i]
    return next((titles[w.lower_] for w in reversed(words) if w.lower_ in titles), "")


def _entity_text(token: Token) -> str:
    ent = entity_of(token)
    if ent is not None:
        return ent.text.removesuffix("'s").removesuffix("’s").strip()
    return token.text


def _is_place_use(span: Span) -> bool:
    """A capital after a locative preposition ("in Minsk") names the place, not the government."""
    head = span.root
    return head.dep_ == "pobj" and head.head.lower_ in ("in", "at", "near", "from", "to", "into", "outside", "inside")
