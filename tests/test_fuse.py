"""Story fusion: reports of one happening across articles, contradictions, incremental updates."""
from __future__ import annotations

import json
from datetime import date, timedelta

import duckdb
import pyarrow as pa
import pytest
from story_fixtures import actor, corpus, denial, event, own_report, rebuttal, result, syndicated, talks, wire

from eventwire.cli import main
from eventwire.fuse import REPORT_COLUMNS, FusionRules, fuse
from eventwire.query import open_database
from eventwire.schema import validate_story
from eventwire.settings import Settings
from eventwire.store.duckdb import Store

pytestmark = pytest.mark.integration


def _report_row(result, idx, event):
    """One row of the reports relation, as the store builds it from an event and its article."""
    speaker = event.attribution.speaker_actor if event.attribution else None
    row = {"article_id": result.id, "idx": idx, "root": event.root, "cameo": event.cameo, "modality": event.modality,
           "speaker": event.attribution.speaker if event.attribution else None,
           "speaker_type": event.attribution.speaker_type if event.attribution else None,
           "speaker_country": speaker.country if speaker else None,
           "speaker_sector": speaker.sector if speaker else None,
           "place_country": event.location.country if event.location else None,
           "day": date.fromisoformat(event.date or result.article.published[:10]),  # as the store dates it
           "published": result.article.published,
           "original": result.id, "independent": result.article.outlet}
    for side in ("source", "target"):
        actor = getattr(event, side)
        row |= {f"{side}_{key}": getattr(actor, key) if actor else None for key in ("code", "country", "sector")}
    assert set(row) == set(REPORT_COLUMNS)
    return row


def _fused(results, **rules):
    """Fuse hand-built reports in memory: report -> story, and the contradicting pairs."""
    rows = [_report_row(r, i, e) for r in results for i, e in enumerate(r.events)]
    con = duckdb.connect()
    con.register("reports", pa.Table.from_pylist(rows))
    fuse(con, "reports", FusionRules(**rules))
    story_of = dict(((a, i), s) for a, i, s in con.execute("SELECT article_id, idx, story FROM _fused_reports").fetchall())
    pairs = con.execute("SELECT article_a, idx_a, article_b, idx_b FROM _fused_contradictions").fetchall()
    return story_of, pairs


def test_fuse_joins_reports_of_one_happening_across_outlets():
    story_of, _ = _fused(corpus())
    troops = {story_of[("wire-1", 0)], story_of[("partner-1", 0)], story_of[("courier-1", 0)],
              story_of[("ledger-1", 0)]}
    assert len(troops) == 1  # future, asserted (no target: it takes Ukraine), negated: one happening
    assert story_of[("wire-1", 1)] != story_of[("wire-1", 0)]  # Ukraine's own alert is another root


def test_fuse_mutual_actions_are_one_story_either_way():
    story_of, _ = _fused([talks()])
    assert story_of[("ledger-2", 0)] == story_of[("ledger-2", 1)]


def test_fuse_splits_on_a_gap_longer_than_the_window():
    later = result("later-1", "text", "Gulf Ledger", "2030-03-20T09:00:00Z",
                   [event("BLRMIL", "UKR", "154", date="2030-03-20")])
    story_of, _ = _fused([wire(), later])
    assert story_of[("later-1", 0)] != story_of[("wire-1", 0)]
    story_of, _ = _fused([wire(), later], window_days=30)
    assert story_of[("later-1", 0)] == story_of[("wire-1", 0)]


def test_fuse_chains_reports_by_the_days_they_span():
    """A report spans its publication day and its event's day: an arrest dated a week before the article
    and an undated mention of it in a later article are one story."""
    dated = result("a", "t", "Eastline Wire", "2030-03-10", [event("BLRCOP", "BLROPP", "173", date="2030-03-02")])
    undated = result("b", "t", "Gulf Ledger", "2030-03-11", [event("BLRCOP", "BLROPP", "173")])
    undated.events[0].date = None
    story_of, _ = _fused([dated, undated])
    assert story_of[("a", 0)] == story_of[("b", 0)]
    much_later = result("c", "t", "Gulf Ledger", "2030-03-20", [event("BLRCOP", "BLROPP", "173", date="2030-03-20")])
    assert _fused([dated, undated, much_later])[0][("c", 0)] != story_of[("a", 0)]


@pytest.mark.parametrize("source, target, cameo", [
    ("BLRMIL", "POL", "154"),  # another target country
    ("BLROPP", "UKR", "154"),  # a non-state actor of the same country
    ("BLRMIL", "UKR", "173"),  # another root
])
def test_fuse_keeps_other_actors_and_actions_apart(source, target, cameo):
    other = result("other-1", "text", "Gulf Ledger", "2030-03-04T09:00:00Z",
                   [event(source, target, cameo, date="2030-03-04")])
    story_of, _ = _fused([wire(), other])
    assert story_of[("other-1", 0)] != story_of[("wire-1", 0)]


def test_fuse_related_roots_and_root_level_codes_join_the_specific_action():
    strike = result("a", "t", "Eastline Wire", "2030-03-04", [event("RUSMIL", "UKR", "195", date="2030-03-04")])
    fighting = result("b", "t", "Gulf Ledger", "2030-03-05", [event("RUSMIL", "UKR", "190", date="2030-03-05")])
    killings = result("c", "t", "Gulf Ledger", "2030-03-05", [event("RUSMIL", "UKR", "20", date="2030-03-05")])
    story_of, _ = _fused([strike, fighting, killings])
    assert story_of[("a", 0)] == story_of[("b", 0)] == story_of[("c", 0)]


def test_fuse_contradiction_pairs_claims_with_the_denial():
    _, pairs = _fused(corpus())
    assert sorted(pairs) == [("courier-1", 0, "ledger-1", 0), ("partner-1", 0, "ledger-1", 0),
                             ("wire-1", 0, "ledger-1", 0)]


def test_fuse_no_contradiction_without_a_negation_or_beyond_the_days():
    _, pairs = _fused([wire(), syndicated(), own_report()])
    assert pairs == []
    late = denial()
    late.events[0].date = (date(2030, 3, 4) + timedelta(days=4)).isoformat()
    late.article.published = late.events[0].date
    _, pairs = _fused([wire(), late], contradiction_days=2)
    assert pairs == []
    late.article.published = "2030-03-05"  # published the day after the claimed day, about a later one
    assert _fused([wire(), late], contradiction_days=2)[1] == [("wire-1", 0, "ledger-1", 0)]


def test_fuse_a_speaker_does_not_contradict_their_own_article():
    both = result("x", "t", "Gulf Ledger", "2030-03-04", [
        event("BLRMIL", "UKR", "154", "asserted", "Anton Vasilevich", "2030-03-04"),
        event("BLRMIL", "UKR", "154", "negated", "Anton Vasilevich", "2030-03-04")])
    assert _fused([both])[1] == []
    both.events[1].attribution.speaker = "a senior US official"
    assert _fused([both])[1] == [("x", 0, "x", 1)]


def _claim_and_denial(claim: dict, denial_: dict) -> list:
    """The contradicting pairs between one claim and one denial of Belarus's troops going to Ukraine."""
    made = result("claim-1", "t", "Eastline Wire", "2030-03-04", [event(
        **{"source": "BLRMIL", "target": "UKR", "cameo": "154", "modality": "future", "date": "2030-03-04",
           "speaker": "a senior US official", "speaker_type": "anonymous_official", "speaker_actor": "USAGOV"} | claim)])
    denied = result("denial-1", "t", "Gulf Ledger", "2030-03-05", [event(
        **{"source": "BLRMIL", "target": "UKR", "cameo": "154", "modality": "negated", "date": "2030-03-05",
           "speaker": "Anton Vasilevich", "speaker_actor": "BLRGOV"} | denial_)])
    return _fused([made, denied])[1]


@pytest.mark.parametrize("claim, denial_", [
    ({}, {}),
    ({"modality": "asserted"}, {}),
    ({"modality": "possible", "speaker": None}, {}),  # "allegedly": a hedge marks someone's claim
    ({"speaker": "Belarusian opposition leaders", "speaker_actor": "BLROPP"}, {}),  # non-state: its own side
    ({"speaker": "Minsk Free Radio", "speaker_type": "media", "speaker_actor": "BLRMED"}, {}),
    ({}, {"speaker": "Belarusian state television", "speaker_type": "media", "speaker_actor": "BLRMED"}),
    ({}, {"speaker": "local news sites", "speaker_type": "media", "speaker_actor": None}),  # relayed denial
    ({"speaker": "a UN monitoring mission", "speaker_actor": "IGOUNO"},
     {"speaker": "the regional security bloc", "speaker_actor": "IGO"}),  # two organisations, two parties
    ({"source": "BLR"}, {}),  # the bare country and its army: one actor
    ({"place": "UKR"}, {}),  # a place on one side only
    ({"place": "UKR"}, {"place": "UKR"}),
])
def test_fuse_contradiction_a_claim_and_a_denial_by_two_parties(claim, denial_):
    assert _claim_and_denial(claim, denial_) == [("claim-1", 0, "denial-1", 0)]


@pytest.mark.parametrize("claim, denial_", [
    ({"speaker": None}, {}),  # the outlet's own narration is no accusation
    ({"speaker": "local news sites", "speaker_type": "media", "speaker_actor": None}, {}),  # relays, no country
    ({}, {"speaker": None}),  # a negation in the outlet's voice is no denial
    ({"speaker": "Belarus's defence ministry", "speaker_actor": "BLRGOV"}, {}),  # one state, one side
    ({"speaker": "the army's spokesman", "speaker_actor": "BLRMIL"}, {}),
    ({"speaker": "Anton Vasilevich", "speaker_actor": None}, {}),  # one speaker
    ({"source": "BLRCOP"}, {}),  # the police are not the army
    ({"target": "UKRMIL"}, {"target": "UKRGOV"}),  # nor is the target's army its government
    ({"place": "UKR"}, {"place": "POL"}),  # two places: two happenings
    ({"modality": "conditional"}, {}),
    ({"target": None, "cameo": "150"}, {}),  # a root-level act on no one named is too vague to be denied
    ({}, {"target": None, "cameo": "150"}),
    ({"speaker": "Belarus's defence ministry", "speaker_actor": "BLRGOV"},
     {"speaker": "Ukraine's border guard", "speaker_actor": "UKRGOV"}),  # Belarus's own plan claims nothing happened
])
def test_fuse_contradiction_needs_one_happening_and_two_parties(claim, denial_):
    assert _claim_and_denial(claim, denial_) == []


def _denial(target: str | None, article: str = "bulletin-1", denied_on: str = "2030-03-04", **claim) -> list:
    """The pairs between the wire's claim (a US official: Belarus's army will move) and a Belarusian denial."""
    claimed = wire()
    for name, value in claim.items():
        setattr(claimed.events[0], name, value)
    denied = result(article, "t", "Minsk Bulletin", denied_on, [event("BLRGOV", target, "016", date=denied_on)])
    if article == claimed.id:
        claimed.events.append(denied.events[0])
        return _fused([claimed])[1]
    return _fused([claimed, denied])[1]


def test_fuse_denial_answers_the_accuser_or_a_claim_of_its_article():
    assert _denial("USA") == [("wire-1", 0, "bulletin-1", 0)]  # the ministry denies for its army
    assert _denial("USAGOV", article="wire-1") == [("wire-1", 0, "wire-1", 2)]
    assert _denial(None, article="wire-1") == [("wire-1", 0, "wire-1", 2)]


@pytest.mark.parametrize("target, article, claim", [
    ("POL", "bulletin-1", {}),  # it answers Poland, not the US official
    (None, "bulletin-1", {}),  # naming no one, it answers only its own article
    ("USA", "bulletin-1", {"source": actor("BLROPP")}),  # Belarus's state does not deny for its opposition
    ("USA", "bulletin-1", {"modality": "negated"}),
])
def test_fuse_denial_leaves_other_claims_alone(target, article, claim):
    assert _denial(target, article, **claim) == []


def test_fuse_denial_answers_claims_whose_days_come_near():
    """A report spans its publication day and its event's day: a claim published on the 3rd about the
    4th and a denial of the 6th come within 4 days; a denial of the 20th does not."""
    assert _denial("USA", denied_on="2030-03-06") == [("wire-1", 0, "bulletin-1", 0)]
    assert _denial("USA", denied_on="2030-03-20") == []


def test_fuse_rules_read_a_stories_settings_table():
    settings = Settings(sections={"stories": {"window_days": 9, "symmetric_roots": ["04"], "denial_codes": ["016"],
                                              "hedged_claims": []}})
    rules = FusionRules.from_settings(settings)
    assert rules.window_days == 9 and rules.symmetric_roots == ("04",)
    assert rules.denial_codes == ("016",) and rules.hedged_claims == ()
    table = rules.root_table().to_pylist()
    assert len(table) == 20 and {"root": "20", "root_group": "18", "mutual": False} in table


# ---------------------------------------------------------------- the store, the API and the CLI

def test_fuse_store_counts_outlets_with_syndication_and_marks_disputed(tmp_path):
    path = tmp_path / "ew.duckdb"
    with Store(path) as store:
        store.ingest(corpus())
    with open_database(path) as db:
        stories = db.stories()
        troops = stories[stories.articles == 4].iloc[0]
        # wire + its syndicated copy are one source; the courier and the ledger are two more
        assert (troops.outlets, troops.status, troops.future, troops.asserted, troops.negated) == (3, "disputed", 2, 1, 1)
        story = db.story(troops.id)
        speakers = {(claim["speaker"], denial_["speaker"]) for claim, denial_ in story["contradictions"]}
        assert ("a senior US official", "Anton Vasilevich") in speakers
        assert {r["outlet"] for r in story["reports"]} == {"Eastline Wire", "Harbourside Times", "Riverside Courier",
                                                            "Gulf Ledger"}
        talks_story = stories[stories.root == "03"].iloc[0]
        assert talks_story.status == "single-source" and talks_story.reports == 2
        records = list(db.story_records())
    for record in records:
        validate_story(record)
    assert {r["story"] for r in records} == set(stories.id)


def test_fuse_store_update_is_incremental_and_reingest_idempotent(tmp_path):
    path = tmp_path / "ew.duckdb"
    with Store(path) as store:
        store.ingest([wire(), talks()])
        before = {r["id"]: r for r in store.con.execute("SELECT * FROM stories").df().to_dict("records")}
        store.ingest([own_report(), denial()])
        after = {r["id"]: r for r in store.con.execute("SELECT * FROM stories").df().to_dict("records")}
        talks_id = next(i for i, r in before.items() if r["root"] == "03")
        assert after[talks_id] == before[talks_id]  # untouched partition, same row
        troops = next(r for r in after.values() if r["cameo"] == "154")
        assert troops["articles"] == 3 and troops["status"] == "disputed"
        snapshot = [store.con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                    for t in ("stories", "story_reports", "contradictions")]
        stats = store.ingest(corpus()[:4])  # again, plus the syndicated copy
        assert stats.added == 1
        store.ingest(corpus())
        again = [store.con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                 for t in ("stories", "story_reports", "contradictions")]
        assert store.con.execute("SELECT count(*) FROM story_pending").fetchone()[0] == 0
    assert len(again[1]) == len(snapshot[1]) + 2  # the copy's two reports joined; nothing else moved
    assert again[0] != snapshot[0] and len(again[0]) == len(snapshot[0])


def _story_tables(store):
    return [store.con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
            for table in ("stories", "story_reports", "contradictions")]


def test_fuse_story_matches_an_incremental_run_and_a_full_run(tmp_path):
    articles = [*corpus(), rebuttal()]
    with Store(tmp_path / "one.duckdb") as store:
        store.ingest(articles)
        full = _story_tables(store)
    for order in (articles, reversed(articles)):
        with Store(tmp_path / "many.duckdb") as store:
            for item in order:
                store.ingest([item])
            assert _story_tables(store) == full
        (tmp_path / "many.duckdb").unlink()


def _random_articles(seed: int, count: int = 24) -> list:
    """Short invented articles of claims, negations and denial events among three countries."""
    import random

    rng = random.Random(seed)
    countries, sectors = ("BLR", "UKR", "POL"), ("", "GOV", "MIL", "OPP")
    articles = []
    for n in range(count):
        day = f"2030-04-{rng.randint(1, 12):02d}"
        events = []
        for _ in range(rng.randint(1, 3)):
            source, target = rng.sample(countries, 2)
            cameo = rng.choice(("016", "154", "190", "173"))
            events.append(event(source + rng.choice(sectors), rng.choice((target, None)), cameo,
                                rng.choice(("asserted", "future", "negated")),
                                rng.choice((None, "an official", "a witness")),
                                day, speaker_actor=rng.choice((None, "BLRGOV", "UKRGOV", "POLOPP"))))
        articles.append(result(f"r-{seed}-{n}", f"article {seed} {n} " * 5, f"outlet-{n % 5}", day, events))
    return articles


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fuse_store_any_ingest_order_gives_the_stories_of_one_ingest(tmp_path, seed):
    import random

    articles = _random_articles(seed)
    with Store(tmp_path / "one.duckdb") as store:
        store.ingest(articles)
        full = _story_tables(store)
    denied = {(r.id, i) for r in articles for i, e in enumerate(r.events) if e.cameo == "016"}
    assert {(row[4], row[5]) for row in full[2]} & denied, "the corpus should hold a denial event's pairs"
    random.Random(seed).shuffle(articles)
    with Store(tmp_path / "many.duckdb") as store:
        for start in range(0, len(articles), 5):
            store.ingest(articles[start:start + 5])
        assert _story_tables(store) == full


def test_fuse_store_denial_disputes_an_older_story_and_goes_with_its_article(tmp_path):
    with Store(tmp_path / "ew.duckdb") as store:
        store.ingest([wire(), syndicated()])
        status = "SELECT status, contradictions FROM stories WHERE cameo = '154'"
        assert store.con.execute(status).fetchall() == [("single-source", 0)]  # a wire and its copy
        store.ingest([rebuttal()])
        assert store.con.execute(status).fetchall() == [("disputed", 2)]
        pairs = store.con.execute("SELECT article_a, article_b FROM contradictions ORDER BY ALL").fetchall()
        assert pairs == [("partner-1", "bulletin-1"), ("wire-1", "bulletin-1")]
        withdrawn = rebuttal()
        withdrawn.text = withdrawn.article.text = "Belarus's foreign ministry commented on the border on Monday."
        withdrawn.events[0].cameo = "010"  # the article, corrected: a statement, no denial
        store.ingest([withdrawn])
        assert store.con.execute(status).fetchall() == [("single-source", 0)]  # a wire and its copy
        assert store.con.execute("SELECT count(*) FROM contradictions").fetchone()[0] == 0


def test_fuse_cli_stories_jsonl_and_story(tmp_path, capsys):
    path = tmp_path / "ew.duckdb"
    with Store(path) as store:
        store.ingest(corpus())
    assert main(["stories", "--db", str(path), "--format", "jsonl", "--status", "disputed"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 1 and lines[0]["outlets"] == 3
    validate_story(lines[0])
    assert {"article": "ledger-1", "event": 0} in lines[0]["reports"]
    assert main(["story", lines[0]["story"], "--db", str(path)]) == 0
    shown = capsys.readouterr().out
    assert "Anton Vasilevich via Gulf Ledger" in shown and "copy of wire-1" in shown
    assert main(["stories", "--db", str(path), "--actor", "THA"]) == 0
    assert "036" in capsys.readouterr().out
    assert main(["story", "s-nope", "--db", str(path)]) == 2
    with pytest.raises(SystemExit):
        main(["stories", "--db", str(path), "--status", "maybe"])


CLAIMS_AND_DENIALS = [
    {"id": "claim-1", "published": "2030-05-04", "outlet": "Eastline Wire",
     "text": "Belarusian troops will cross into Ukraine on Monday, a senior US defense official said."},
    {"id": "denial-1", "published": "2030-05-05", "outlet": "Gulf Ledger",
     "text": "Belarus's defence ministry said on Tuesday that Belarusian troops would not cross into Ukraine."},
    {"id": "exchange-1", "published": "2030-05-05", "outlet": "Minsk Bulletin",
     "text": "Ukrainian officials said Belarusian soldiers shelled a border village on Monday. "
             "Belarus's defence ministry rejected the accusations."},
]


def _code_and_fuse(tmp_path, articles):
    """The articles coded by the real pipeline and ingested: (results, contradicting pairs)."""
    from eventwire.pipeline import Pipeline
    from eventwire.readers import read_inputs

    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(json.dumps(a) for a in articles) + "\n", "utf-8")
    results = list(Pipeline().process(read_inputs([str(path)])))
    with Store(tmp_path / "ew.duckdb") as store:
        store.ingest(results)
        pairs = store.con.execute("SELECT article_a, idx_a, article_b, idx_b FROM contradictions").fetchall()
    return results, pairs


def test_fuse_coded_denials_flow_into_contradictions(tmp_path):
    """Through the real coder: whatever it codes as a negation or a denial event is paired with the claim."""
    results, pairs = _code_and_fuse(tmp_path, CLAIMS_AND_DENIALS)
    denials = {(r.id, i) for r in results for i, e in enumerate(r.events)
               if e.modality == "negated" or e.cameo in FusionRules().denial_codes}
    assert {article for article, _ in denials} == {"denial-1", "exchange-1"}
    assert {(b, j) for _, _, b, j in pairs} == denials
    assert {a for a, _, _, _ in pairs} == {"claim-1", "exchange-1"}


# A claim and its denial in two outlets' articles, the denial told as a perception ("saw no sign
# of an attack") and as the content of a denial verb; another claim told as an accusation.
CLAIM_AND_PERCEIVED_DENIAL = [
    {"id": "andes-1", "published": "2030-06-02", "outlet": "Andes Post",
     "text": "Chilean officials said on Sunday that Argentine jets had fired missiles at Chile."},
    {"id": "pampa-1", "published": "2030-06-03", "outlet": "Pampa Daily",
     "text": "Chilean media said Argentine jets had fired missiles at Chile on Sunday. "
             "Argentina's defence ministry said on Monday it had seen no sign of an attack on Chile."},
    {"id": "lima-1", "published": "2030-06-02", "outlet": "Lima Courier",
     "text": "Peruvian activists accused Peruvian police of beating a student in custody on Sunday."},
    {"id": "lima-2", "published": "2030-06-03", "outlet": "Callao Times",
     "text": "Peruvian police detained a student on Sunday. The Peruvian interior ministry disputed on Monday "
             "that the student was hurt in custody."},
]


def test_fuse_claim_and_its_perceived_or_disputed_denial_are_a_contradiction(tmp_path):
    """Through the real coder: a denial told as "saw no sign of" or "disputed that" is the claimed
    act, negated and voiced by the denier, and is paired with the claim of another outlet."""
    coded, pairs = _code_and_fuse(tmp_path, CLAIM_AND_PERCEIVED_DENIAL)
    results = {r.id: r for r in coded}
    described = {(results[a].events[i].modality, results[b].events[j].modality,
                  results[b].events[j].attribution.speaker) for a, i, b, j in pairs if (a, b) in
                 {("andes-1", "pampa-1"), ("lima-1", "lima-2")}}
    assert described == {("asserted", "negated", "Argentina's defence ministry"),
                         ("asserted", "negated", "The Peruvian interior ministry")}


def test_fuse_samples_story_reports_point_at_eventwire_code_indexes(tmp_path):
    """Through the real pipeline: every report is the event of that index in the article's coded output."""
    from importlib.resources import files

    from eventwire.pipeline import Pipeline
    from eventwire.readers import read_inputs

    samples = str(files("eventwire.data") / "samples" / "articles.jsonl")
    results = list(Pipeline().process(read_inputs([samples])))
    path = tmp_path / "ew.duckdb"
    with Store(path) as store:
        store.ingest(results)
    coded = {r.id: r.to_dict()["events"] for r in results}
    with open_database(path) as db:
        records = list(db.story_records())
    assert sum(len(r["reports"]) for r in records) == sum(len(e) for e in coded.values())
    for record in records:
        validate_story(record)
        first = record["reports"][0]
        assert all(0 <= r["event"] < len(coded[r["article"]]) for r in record["reports"])
        assert record["event"]["cameo"][:2] in {coded[r["article"]][r["event"]]["cameo"][:2]
                                                for r in record["reports"]} | {coded[first["article"]][first["event"]]["cameo"][:2]}
