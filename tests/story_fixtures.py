"""Hand-written articles from invented outlets, coded by hand, for the dedup and story tests.

The happening: Belarus moving troops toward Ukraine's border. An anonymous US official says
it will happen (future), two outlets report it (one a wire copy syndicated by a third), and
Belarus's president says the troops will not go (negated), and its foreign ministry rejects the
American accusations (a denial event). Elsewhere: unrelated talks.
"""
from __future__ import annotations

from eventwire.model import Actor, Article, Attribution, Event, Place, Result

WIRE = ("Belarus will send troops toward the Ukrainian border as early as Monday, a senior US official said "
        "on Sunday, speaking on condition of anonymity. The official said the units were loading equipment "
        "at bases near Brest and that the move had been planned for weeks. Ukrainian officials said they "
        "were watching the border closely and had raised the alert level of their own forces in the north.")
# The same wire story as a partner site runs it: new first words, one sentence trimmed.
SYNDICATED = ("MINSK (Eastline Wire) - Belarus will send troops toward the Ukrainian border as early as Monday, "
              "a senior US official said on Sunday, speaking on condition of anonymity. The official said the "
              "units were loading equipment at bases near Brest and that the move had been planned for weeks. "
              "Ukrainian officials said they were watching the border closely and had raised the alert level "
              "of their own forces in the north.")
OWN_REPORT = ("Columns of Belarusian army trucks were seen moving south on Monday, residents of Mozyr told the "
              "Riverside Courier. Kyiv said it expected the deployment to reach the border within days.")
DENIAL = ("Belarusian President Anton Vasilevich said on Tuesday that no Belarusian troops would go to Ukraine. "
          "\"Our soldiers are staying home,\" he told reporters in Minsk.")
REBUTTAL = ("Belarus's foreign ministry on Monday rejected what it called American accusations about its army, "
            "saying Washington was spreading fear along the border.")
TALKS = ("Thai and Cambodian ministers agreed on Wednesday to hold border talks in Kuala Lumpur next month, "
         "the Gulf Ledger reported, after weeks of tension along the frontier.")


def actor(code: str) -> Actor:
    return Actor.make(code, code[:3], code[3:])


def event(source: str, target: str | None, cameo: str, modality: str = "asserted", speaker: str | None = None,
          date: str | None = None, sentence: str = "", speaker_type: str = "named_person",
          speaker_actor: str | None = None, place: str | None = None) -> Event:
    """One hand-coded report; ``speaker_actor`` and ``place`` are actor and country codes."""
    attribution = Attribution(speaker=speaker, speaker_type=speaker_type,
                              speaker_actor=actor(speaker_actor) if speaker_actor else None) if speaker else None
    return Event(source=actor(source), target=actor(target) if target else None, cameo=cameo, plover=None,
                 quad_class=4, goldstein=-2.0, modality=modality, attribution=attribution, date=date,
                 location=Place(name=place, country=place, precision="country") if place else None,
                 sentence=sentence or f"{source} {cameo} {target}", span=(0, 10))


def result(article_id: str, text: str, outlet: str, published: str, events: list[Event]) -> Result:
    article = Article(id=article_id, text=text, outlet=outlet, published=published)
    return Result(id=article_id, events=events, text=text, article=article)


def wire() -> Result:
    return result("wire-1", WIRE, "Eastline Wire", "2030-03-03T08:00:00Z", [
        event("BLRMIL", "UKR", "154", "future", "a senior US official", "2030-03-04", speaker_type="anonymous_official",
              speaker_actor="USAGOV"),
        event("UKRGOV", None, "150", "asserted", "Ukrainian officials", "2030-03-03"),
    ])


def syndicated() -> Result:
    return result("partner-1", SYNDICATED, "Harbourside Times", "2030-03-03T11:30:00Z", [
        event("BLRMIL", "UKR", "154", "future", "a senior US official", "2030-03-04", speaker_type="anonymous_official",
              speaker_actor="USAGOV"),
        event("UKRGOV", None, "150", "asserted", "Ukrainian officials", "2030-03-03"),
    ])


def own_report() -> Result:
    return result("courier-1", OWN_REPORT, "Riverside Courier", "2030-03-04T18:00:00Z", [
        event("BLRMIL", None, "154", "asserted", "residents of Mozyr", "2030-03-04"),
    ])


def denial() -> Result:
    return result("ledger-1", DENIAL, "Gulf Ledger", "2030-03-05T09:00:00Z", [
        event("BLRMIL", "UKR", "154", "negated", "Anton Vasilevich", "2030-03-05", speaker_actor="BLRGOV"),
    ])


def rebuttal() -> Result:
    """A denial that does not say what it denies (CAMEO 016), naming the accuser: the US."""
    return result("bulletin-1", REBUTTAL, "Minsk Bulletin", "2030-03-04T15:00:00Z", [
        event("BLRGOV", "USA", "016", "asserted", None, "2030-03-04"),
    ])


def talks() -> Result:
    return result("ledger-2", TALKS, "Gulf Ledger", "2030-03-06T10:00:00Z", [
        event("THAGOV", "KHMGOV", "036", "asserted", None, "2030-03-06"),
        event("KHMGOV", "THAGOV", "036", "asserted", None, "2030-03-06"),
    ])


def corpus() -> list[Result]:
    return [wire(), syndicated(), own_report(), denial(), talks()]
