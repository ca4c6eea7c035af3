"""attribution: reported speech, its speaker, the outlets that relay it, and speaker anaphora."""
from __future__ import annotations

import pytest

from eventwire.model import Actor, Article, EmbeddedPost, Event, Mention, Record
from eventwire.qualify.attribution import attribute_events, outlet_name
from eventwire.settings import load_settings

pytestmark = pytest.mark.integration


def _attribute(nlp, text, triggers, posts=(), mentions=()):
    """Attributions of events hand-placed on the first occurrence of each trigger word."""
    doc = nlp(text)
    record = Record(article=Article(id="a1", text=text), text=text, doc=doc, posts=list(posts),
                    mentions=list(mentions))
    for word in triggers:
        record.events.append(Event(source=None, target=None, cameo="190", plover=None, quad_class=4,
                                   goldstein=-10.0, trigger=word))
        record.event_tokens.append(next(t for t in doc if t.text == word))
    attribute_events([record], load_settings())
    return [e.attribution for e in record.events]


def _summary(attribution):
    if attribution is None:
        return None
    return attribution.speaker, attribution.speaker_type, attribution.via, attribution.quote


CASES = [
    # "X disputed/rejected that <clause>": the one who answers is the clause's speaker
    ("The garrison commander disputed that his men had shelled the village.", "shelled",
     ("The garrison commander", "anonymous_official", [], False)),
    ("The rebels rejected that their fighters had looted the depot.", "looted",
     ("The rebels", "organisation", [], False)),
    # a relative pronoun's speaker is the noun it stands for
    ("The villagers, who denied that soldiers had burned the market, left the town.", "burned",
     ("The villagers", "unknown", [], False)),
    # "X said (that) ...", "X told Y that ...", "..., X said."
    ("The defence ministry announced that two brigades had arrived in Minsk.", "arrived",
     ("The defence ministry", "organisation", [], False)),
    ("Sources familiar with the plan said Belarus would send paratroopers.", "send",
     ("Sources familiar with the plan", "anonymous_official", [], False)),
    ("Foreign Minister Dmytro Kuleba told CNN that Russian jets bombed the airport.", "bombed",
     ("Dmytro Kuleba", "named_person", ["CNN"], False)),
    ("Rebel commanders claimed that their units captured the airport.", "captured",
     ("Rebel commanders", "anonymous_official", [], False)),
    ("Belarus is preparing to deploy troops into Ukraine, the Washington Post reported.", "deploy",
     ("The Washington Post", "media", [], False)),
    ("NATO warned that Russia could invade within days.", "invade", ("NATO", "organisation", [], False)),
    ("Iran's Tasnim news agency reported that drones struck a base near Isfahan.", "struck",
     ("Tasnim", "media", [], False)),
    # "according to X", "per X"
    ("Russia has no plans to invade Ukraine, according to Kremlin spokesman Dmitry Peskov.", "invade",
     ("Dmitry Peskov", "named_person", [], False)),
    ("Militants seized two villages, according to a regional governor.", "seized",
     ("a regional governor", "anonymous_official", [], False)),
    ("Belarus is preparing to deploy troops into Ukraine, a senior U.S. defense official told the "
     "Washington Post.", "deploy", ("a senior U.S. defense official", "anonymous_official", ["The Washington Post"], False)),
    # relays: the outlets that passed the claim on, nearest last
    ("Russian officials said the drills would end soon, the Washington Post reported.", "end",
     ("Russian officials", "anonymous_official", ["The Washington Post"], False)),
    ("President Zelensky's office said shelling resumed, per Reuters.", "resumed",
     ("President Zelensky's office", "organisation", ["Reuters"], False)),
    ("Newsweek reported that Sergei Lavrov referred to the strikes as a mistake.", "strikes",
     ("Sergei Lavrov", "named_person", ["Newsweek"], False)),
    ("Ukrainian officials told CNN that Russian jets bombed Kyiv, AFP reported.", "bombed",
     ("Ukrainian officials", "anonymous_official", ["CNN", "AFP"], False)),
    # direct quotations
    ("“Our troops will cross the border tonight,” a Ukrainian commander said.", "cross",
     ("a Ukrainian commander", "anonymous_official", [], True)),
    ("“We will not attack,” said Foreign Minister Sergei Lavrov. “Our troops are leaving.”", "leaving",
     ("Sergei Lavrov", "named_person", [], True)),
    # the article's own voice, and a speech event that is itself the event
    ("Russian forces shelled Kharkiv on Monday.", "shelled", None),
    ("Lukashenko said Belarus would stay out of the war.", "said", None),
]


ANAPHORA = [
    ("A senior defense official told the Daily Star that Russian troops will not attack Kyiv. "
     "The official said Moscow had withdrawn two battalions.", "withdrawn",
     ("A senior defense official", "anonymous_official", ["The Daily Star"], False)),
    ("Russia has no plans to invade Ukraine, according to Kremlin spokesman Dmitry Peskov. "
     "He added that the drills would end on Sunday.", "end", ("Dmitry Peskov", "named_person", [], False)),
    ("Officials in Kyiv said the bridge was destroyed overnight. They added that repairs began.", "began",
     ("Officials in Kyiv", "anonymous_official", [], False)),
    ("The Guardian reported that the embassy closed. The newspaper said staff left by road.", "left",
     ("The Guardian", "media", [], False)),
    ("A diplomat said talks stalled. The minister said the army regrouped.", "regrouped",
     ("The minister", "anonymous_official", [], False)),
    ("Dmitry Peskov told TASS the talks collapsed. Later Peskov said the convoy turned back.", "turned",
     ("Dmitry Peskov", "named_person", [], False)),
]


SCOPE = [
    # what hangs under the speaker or beside the report is not what the speaker says
    ("The rebels, who seized the airport on Monday, said the ceasefire had collapsed.", "seized", None),
    ("As the convoy crossed the border, a senior official said the talks were over.", "crossed", None),
    ("The militia shelled the town and said the army had fled.", "shelled", None),
    ("Turkey closed its embassy and warned Syria against any attack.", "closed", None),
    ("Paris condemned the arrests, but it has not announced any new sanctions.", "condemned", None),
    # a background clause opened by "after" is the article's own account ...
    ("Greece said it had recalled its ambassador after Turkey expelled two diplomats.", "expelled", None),
    ("Ankara said on Monday that it would respond in retaliation for the raid on its consulate.", "raid", None),
    # ... unless the report follows the whole sentence
    ("Sirens sounded across the city after rebels fired rockets at it, local authorities said.", "fired",
     ("local authorities", "organisation", [], False)),
    # "warned of", "described ... as": the prepositional object is what is reported
    ("A senior official described the naval drills as a blockade.", "blockade",
     ("A senior official", "anonymous_official", [], False)),
    # a report set off after the clause it reports, even without a subject the parser found
    ("Three protesters were killed when police opened fire, the rights group said on Twitter.", "killed",
     ("the rights group", "organisation", [], False)),
    # a directive is an act of its own, not a report of what the addressee does
    ("The president told the mutineers to surrender their weapons.", "surrender", None),
    # "according to" closing a sentence of conjoined clauses covers the first clause too
    ("The cabinet is expected to meet on Sunday, and the council is expected to vote on Monday, "
     "according to senior officials.", "meet", ("senior officials", "anonymous_official", [], False)),
    # a past-tense verb joined to a reported infinitive or progressive is the speaker's own act
    ("The ruling party said it would not drop the bill and accused foreign embassies of meddling.", "accused", None),
    ("The ministry said no troops were operating abroad and called on its neighbour to talk.", "called", None),
    # ... while a participle sharing "had" stays in the report
    ("Officials said the rebels had seized the town and burned the market.", "burned",
     ("Officials", "anonymous_official", [], False)),
    # a passive conjunct is another fact, not a report
    ("The border is closed, a curfew has been declared and flights are suspended.", "suspended", None),
    # beliefs with a that-clause are the believer's claim
    ("Western officials fear that a counterattack could widen the war.", "counterattack",
     ("Western officials", "anonymous_official", [], False)),
    # announcing one's own measures is the act itself; announcing others' acts is a report
    ("The union announced that all ports on its coast would be closed.", "closed", None),
    ("The government announced sanctions against the generals.", "sanctions", None),
    ("The defence ministry announced that rebel units had withdrawn from the city.", "withdrawn",
     ("The defence ministry", "organisation", [], False)),
]


SPEAKER_TYPES = [
    # outlets named by their kind, and outlet names the parser takes for people
    ("Syrian state television said rebels had shelled the port.", "shelled",
     ("Syrian state television", "media", [], False)),
    ("Semi-official news outlets said students marched in Tabriz.", "marched",
     ("Semi-official news outlets", "media", [], False)),
    ("Tasnim said the drones were shot down.", "shot", ("Tasnim", "media", [], False)),
    # witnesses and experts speak for no office
    ("Witnesses said soldiers fired on the crowd.", "fired", ("Witnesses", "unknown", [], False)),
    # collective actors speak as one body; "on Monday" says when, not who
    ("The coup leaders' new military rulers on Monday said France had attacked the palace.", "attacked",
     ("The coup leaders' new military rulers", "organisation", [], False)),
    ("Kurdish rights activists said police arrested dozens.", "arrested",
     ("Kurdish rights activists", "organisation", [], False)),
    ("Boats rammed a patrol vessel overnight, the Indonesian coast guard said.", "rammed",
     ("the Indonesian coast guard", "organisation", [], False)),
    # a bare surname after the full name is the same person
    ("Maria Kowalska arrived in Kyiv on Monday. Kowalska said the shelling had stopped.", "stopped",
     ("Maria Kowalska", "named_person", [], False)),
    # relays: the quoted source speaks, the outlet that quotes or cites it relays
    ("Reuters quoted a senior official as saying that the army would withdraw.", "withdraw",
     ("a senior official", "anonymous_official", ["Reuters"], False)),
    ("Several newspapers, citing government sources, reported that the navy had seized a tanker.", "seized",
     ("government sources", "anonymous_official", ["Several newspapers"], False)),
    ("The minister, citing intelligence reports, said the militia had regrouped.", "regrouped",
     ("The minister", "anonymous_official", [], False)),
    # an outlet named "Daily ..." and a name that follows an organisation's common noun
    ("Police detained six students, the Daily Clarion reported.", "detained", ("Daily Clarion", "media", [], False)),
    ("Troops freed twelve hostages, according to the rights group Justicia Plena.", "freed",
     ("the rights group", "organisation", [], False)),
    ("“We intercepted the drones,” army spokesman Daniel Weiss said.", "intercepted",
     ("Daniel Weiss", "named_person", [], True)),
    # proper nouns the parser left without an entity: a name by elimination
    ("Army Lt-Col Djibril Tchangai said the convoy was ambushed.", "ambushed",
     ("Army Lt-Col Djibril Tchangai", "named_person", [], False)),
    # an apposition names the person behind a title
    ("The head of the monitoring group, Leyla Aksoy, said troops had burned the village.", "burned",
     ("Leyla Aksoy", "named_person", [], False)),
]


ANSWERS = [
    # an event coded on an answer to a claim is the answering speaker's
    ("The ministry denied that its jets had bombed the market.", "denied", ("The ministry", "organisation", [], False)),
    ("The rebel commander rejected the allegation and said his men were far away.", "rejected",
     ("The rebel commander", "anonymous_official", [], False)),
    # rejecting a demand is an act of its own
    ("The generals rejected the demand and closed the airport.", "rejected", None),
    # the subject of a passive accusation is the accused: no accuser is named
    ("The prison guards were accused of whipping two inmates.", "whipping", None),
    ("The prison guards were blamed for the beating of two inmates.", "beating", None),
]


HEARSAY = [
    # "reportedly": the report that follows names the source
    ("The navy reportedly sank two patrol boats near the strait. Several newspapers, citing defence sources, "
     "reported that the boats had fired first.", "sank",
     ("defence sources", "anonymous_official", ["Several newspapers"], False)),
    # with no report nearby, unnamed reports
    ("Rebel units reportedly crossed the river overnight.", "crossed", ("unnamed reports", "unknown", [], False)),
    # the hearsay covers its own clause, not the background around it
    ("The army reportedly shelled the town in response to the ambush on its convoy.", "ambush", None),
]


TRANSCRIPTS = [
    # a transcript line speaks for its label, the capitalised name of a person named before
    ("This was President Jorge Salvatierra at the summit:\n\nSALVATIERRA: \"This year, the rebels attacked "
     "our capital.\u201d\n\nThe summit ended on Friday.", "attacked", ("Jorge Salvatierra", "named_person", [], True)),
    # a section label is no speaker
    ("STORY: The army shelled the port on Monday.", "shelled", None),
]


QUOTE_PARAGRAPHS = [
    # a quotation with its own cue takes that cue, not the report closing the paragraph above
    ("The embassy was closed, the Guardian reported on Friday.\n\n“We evacuated the staff overnight,” "
     "a spokesman for the ministry told the Guardian.", "evacuated",
     ("a spokesman for the ministry", "anonymous_official", ["The Guardian"], True)),
    # a quotation alone in its paragraph carries on the speaker of the paragraph above
    ("“The missiles fell near the coast,” Defence Minister Hiroshi Tanaka told reporters.\n\n“We have protested "
     "strongly.”", "protested", ("Hiroshi Tanaka", "named_person", [], True)),
]


# Each list is one behaviour; ids name the list ("scope-3").
HAND_PLACED = {"reports": CASES, "anaphora": ANAPHORA, "scope": SCOPE, "speaker_types": SPEAKER_TYPES,
               "quote_paragraphs": QUOTE_PARAGRAPHS, "transcripts": TRANSCRIPTS,
               "answers": ANSWERS, "hearsay": HEARSAY}


@pytest.mark.parametrize("text,trigger,expected", [pytest.param(*case, id=f"{name}-{i}")
                                                   for name, cases in HAND_PLACED.items()
                                                   for i, case in enumerate(cases)])
def test_attribution_of_a_hand_placed_event(nlp, text, trigger, expected):
    assert _summary(_attribute(nlp, text, [trigger])[0]) == expected


def _post(text, inner, author, handle=None):
    start = text.index(inner)
    return EmbeddedPost(author=author, handle=handle, time=None, span=(start, start + len(inner)),
                        signature_span=(start + len(inner), len(text)))


def test_attribution_inside_a_post_without_a_source_is_the_author(nlp):
    inner = "Russian tanks are entering Kharkiv right now."
    text = f"The mayor posted a warning. {inner} — Kharkiv Mayor (@kharkiv_mayor) March 1, 2022"
    post = _post(text, inner, "Kharkiv Mayor", "@kharkiv_mayor")
    assert _summary(_attribute(nlp, text, ["entering"], posts=[post])[0]) == (
        "Kharkiv Mayor", "social_media", [], False)


def test_attribution_inside_a_post_relays_its_inner_source(nlp):
    inner = "Ukraine has closed its airspace to civilian flights, per President Zelensky's office."
    text = f"{inner} — The Recount (@therecount) February 24, 2022"
    post = _post(text, inner, "The Recount", "@therecount")
    assert _summary(_attribute(nlp, text, ["closed"], posts=[post])[0]) == (
        "President Zelensky's office", "organisation", ["The Recount"], False)


def test_attribution_speaker_actor_comes_from_the_overlapping_mention(nlp):
    text = "The Kremlin said troops will return to their bases."
    kremlin = Actor.make("The Kremlin", "RUS", "GOV", name="Russia")
    attribution = _attribute(nlp, text, ["return"], mentions=[Mention(0, 2, kremlin, "metonym")])[0]
    assert attribution.speaker_actor == kremlin
    assert attribution.speaker_type == "organisation"


@pytest.mark.parametrize("phrase,name", [("the Washington Post", "The Washington Post"),
                                         ("Associated Press", "AP"), ("Kyiv Independent", "The Kyiv Independent"),
                                         ("the ministry", None)])
def test_attribution_outlet_name_reads_aliases(phrase, name):
    assert outlet_name(phrase) == name


def test_attribution_outlet_names_fit_the_search_window(nlp):
    from eventwire.qualify.attribution import _OUTLET_MAX_TOKENS, _outlet_table

    assert max(len(nlp.make_doc(name)) for name in _outlet_table()[0]) <= _OUTLET_MAX_TOKENS


def test_attribution_claim_word_lists_are_unique_lowercase_and_apart():
    from eventwire.dictionaries import read_yaml

    data = read_yaml("attribution.yaml")
    for key in ("stance_verbs", "addressee_verbs", "report_nouns", "non_speaker_labels", "content_dependencies",
                "content_prepositions", "belief_verbs", "background_connectives", "performative_verbs", "relay_verbs",
                "rebuttal_verbs", "claim_nouns", "hearsay_adverbs", "topic_prepositions"):
        words = data[key]
        assert words and len(set(words)) == len(words), key
        assert all(isinstance(w, str) and w == w.strip().lower() for w in words), key
    # a verb is a report (its clause's events are attributed) or a stance (they are not), not both
    assert set(data["stance_verbs"]).isdisjoint(data["speech_verbs"])
    # performative and relaying verbs are speech verbs with a rule of their own
    assert set(data["performative_verbs"]) | set(data["relay_verbs"]) <= set(data["speech_verbs"])
