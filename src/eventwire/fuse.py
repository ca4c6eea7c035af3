"""Stories: event reports of one real-world happening fused into one record, with contradictions.

A *report* is one coded event of one article. Reports are fused into a story when they have

* the same CAMEO root group (``related_roots`` merges roots one happening is reported under,
  e.g. 18 assault / 19 fight / 20 mass violence),
* the same acting country, and the same kind of actor (state or non-state sector: a government
  and its opposition acting are two happenings),
* the same target country (for mutual actions, ``symmetric_roots``, the same pair either way;
  a report with no target takes the target of the nearest report of its block within the window),
* days that chain together: a report spans its article's publication day and the day of the event
  it tells (its date, if it has one: before the publication for a past event, after it for a plan),
  and sorted by span, a report starting more than ``window_days`` after every earlier span ended
  starts a new story (so an undated report joins the dated reports of the days it was told).

Contradictions pair a *claim* (a report asserting, expecting or hedging a happening) with a
*denial* (a report negating it) about the same happening, made by two different parties:

* same happening: the same story key (root group, acting country and kind, target country,
  specific action), compatible sectors on both sides (the same sector, or one side the bare
  country: a government and its police are two actors), the same place country when both
  reports have a place, and days within ``contradiction_days``: each report spans its
  publication day and the day of the event it tells (a plan told days ahead, a denial dated by
  the day it was said), and the two spans come that close (so a denial a few days after the
  claim is caught even when it lands in the next story);
* two parties: both reports are voiced by someone. A claim needs a speaker -- a report in the
  outlet's own voice, or relayed from other outlets of unknown country, is narration, not an
  accusation -- unless the report hedges it (``possible``: "allegedly"), which marks it as
  someone's claim; a denial always needs its speaker (outlets relaying one will do). The two speakers are different and not
  one side: speakers of one country are one side unless they are non-state actors
  (opposition, civil society, media, ...), who speak for themselves.

An accusation and a denial contradict too when the denial is an event of its own that does not
say what it denies (CAMEO 016, "the ministry rejected the accusations"): it answers the claims
about its actor's side (a ministry denies for its army) made by the party it names as its target,
or, naming no one, the claims of its own article, with spans within ``contradiction_days``.

Everything is one columnar pass in DuckDB SQL (window functions, equi-joins for the
contradictions) over a relation of reports, so a million reports fuse in seconds; the store
re-fuses only the *partitions* (root group + acting country + actor kind) that an ingest
touched, and a partition is fused the same way whatever else is stored, which makes updates
incremental and re-ingesting idempotent. Denial events are the exception: their claims lie in
other partitions, so the store pairs them again over everything it holds at each refresh
(they are rare) and recounts the status of the stories whose pairs changed.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import cache
from typing import Any

import duckdb
import pyarrow as pa

from .dictionaries import read_csv
from .settings import Settings

POSITIVE = ("asserted", "future", "possible")  # modalities a negated report contradicts
SUPPORT = ("asserted", "future", "possible", "negated", "conditional", "requested")
STATUSES = ("confirmed", "single-source", "disputed")

# The columns a reports relation must have (the store builds them from events + articles;
# the benchmark generates them).
REPORT_COLUMNS = ("article_id", "idx", "source_code", "source_country", "source_sector", "target_code",
                  "target_country", "target_sector", "root", "cameo", "modality", "speaker", "speaker_type",
                  "speaker_country", "speaker_sector", "place_country", "day", "published", "original",
                  "independent")
# The temp tables :func:`fuse` makes: report -> story, the stories, the contradicting pairs.
FUSED_TABLES = ("_fused_reports", "_fused_stories", "_fused_contradictions")


@dataclass(frozen=True)
class FusionRules:
    """How reports are grouped; a ``[stories]`` table in a user's settings overrides any field."""

    window_days: int = 4
    contradiction_days: int = 4
    max_contradictions: int = 500  # pairs listed per story: claims x denials can be large
    related_roots: tuple[tuple[str, ...], ...] = (("18", "19", "20"),)
    symmetric_roots: tuple[str, ...] = ("03", "04", "05", "06", "08")
    nonstate_sectors: tuple[str, ...] = ("OPP", "REB", "CVL", "MED", "BUS", "NGO", "REF", "PTY")
    hedged_claims: tuple[str, ...] = ("possible",)  # modalities that mark a report as someone's claim
    relay_speaker_types: tuple[str, ...] = ("media",)  # speakers that relay unless their country is known
    denial_codes: tuple[str, ...] = ("016",)  # CAMEO codes of a denial that does not say what it denies

    @classmethod
    def from_settings(cls, settings: Settings | None) -> FusionRules:
        given = settings.section("stories") if settings is not None else {}
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in given.items() if k in known}
        if "related_roots" in values:
            values["related_roots"] = tuple(tuple(group) for group in values["related_roots"])
        for name in ("symmetric_roots", "nonstate_sectors", "hedged_claims", "relay_speaker_types", "denial_codes"):
            if name in values:
                values[name] = tuple(values[name])
        return cls(**values)

    def root_table(self) -> pa.Table:
        """root -> (group, mutual) for the 20 CAMEO roots."""
        group = {root: members[0] for members in self.related_roots for root in members}
        roots = [f"{n:02d}" for n in range(1, 21)]
        return pa.table({"root": roots, "root_group": [group.get(r, r) for r in roots],
                         "mutual": [r in self.symmetric_roots for r in roots]})


# ---------------------------------------------------------------- fusion SQL

_ORDER = "day NULLS LAST, article_id, idx"
_SPAN_ORDER = "span_first NULLS LAST, span_last, article_id, idx"
# The days a report spans: from its article's publication to the day of the event it tells
# (``day``: the event's date, else the publication day), whichever comes first.
_SPANS = ("least(day, TRY_CAST(left(published::VARCHAR, 10) AS DATE)) AS span_first, "
          "greatest(day, TRY_CAST(left(published::VARCHAR, 10) AS DATE)) AS span_last")


def _nearest_fill(source: str, column: str, group: str, window: int, name: str) -> str:
    """SELECT over ``source`` adding ``name``: ``column``, or where it is NULL the value of the nearest
    report (by day, within ``window`` days) of the same ``group`` that has one."""
    return f"""
        SELECT * EXCLUDE (_pv, _pd, _nv, _nd), CASE
                WHEN {column} IS NOT NULL THEN {column}
                WHEN date_diff('day', _pd, day) <= {window}
                     AND (_nd IS NULL OR date_diff('day', _pd, day) <= date_diff('day', day, _nd)) THEN _pv
                WHEN date_diff('day', day, _nd) <= {window} THEN _nv
            END AS {name}
        FROM (SELECT *,
                last_value({column} IGNORE NULLS) OVER before AS _pv,
                last_value(CASE WHEN {column} IS NOT NULL THEN day END IGNORE NULLS) OVER before AS _pd,
                first_value({column} IGNORE NULLS) OVER after AS _nv,
                first_value(CASE WHEN {column} IS NOT NULL THEN day END IGNORE NULLS) OVER after AS _nd
              FROM {source}
              WINDOW before AS (PARTITION BY {group} ORDER BY {_ORDER} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
                     after AS (PARTITION BY {group} ORDER BY {_ORDER} ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING))
    """


def _keyed_sql(reports: str, rules: FusionRules, only_pending: bool) -> str:
    """Each report with its partition, story key and story id.

    The story key is the partition + the target country + the specific action (3-digit CAMEO
    base code); a report without a target, or with a root-level code ("190", "19": fighting of
    unstated kind), takes them from the nearest report of its group within the window."""
    pending = "WHERE partition IN (SELECT partition FROM story_pending)" if only_pending else ""
    window = rules.window_days
    return f"""
    WITH base AS (
        SELECT r.*, coalesce(g.root_group, r.root) AS root_group, coalesce(g.mutual, false) AS mutual,
               -- an unknown country ("---", or none for a named actor) fuses with nothing: its own key
               CASE WHEN r.source_country IS NULL OR r.source_country = '---'
                    THEN '?' || r.article_id || '#' || r.idx ELSE r.source_country END AS src,
               CASE WHEN r.target_code IS NOT NULL AND (r.target_country IS NULL OR r.target_country = '---')
                    THEN '?' || r.article_id || '#' || r.idx ELSE r.target_country END AS tgt
        FROM {reports} r LEFT JOIN _story_roots g ON g.root = r.root
    ), parted AS (
        SELECT * EXCLUDE (src, tgt),
               CASE WHEN tgt IS NULL THEN NULL WHEN mutual THEN greatest(src, tgt) ELSE tgt END AS other,
               CASE WHEN length(cameo) >= 3 AND substr(cameo, 3, 1) <> '0' THEN left(cameo, 3) END AS action,
               root_group || '|' || (CASE WHEN mutual AND tgt IS NOT NULL THEN least(src, tgt) ELSE src END)
                 || '|' || (CASE WHEN mutual THEN '' WHEN list_contains($nonstate, source_sector) THEN 'N'
                                 ELSE 'S' END) AS partition
        FROM base
    ), scoped AS (
        SELECT * FROM parted {pending}
    ), targeted AS ({_nearest_fill("scoped", "other", "partition", window, "target_key")}
    ), acted AS ({_nearest_fill("targeted", "action", "partition, target_key", window, "action_key")}
    ), keyed AS (
        SELECT *, partition || '|' || coalesce(target_key, '-') || '|' || coalesce(action_key, root_group)
               AS story_key
        FROM acted
    ), spanned AS (
        SELECT *, {_SPANS} FROM keyed
    ), gaps AS (
        SELECT *, CASE
                WHEN prev IS NULL THEN 1
                WHEN span_first IS NULL THEN (prev_end IS NOT NULL)::INTEGER
                ELSE (date_diff('day', prev_end, span_first) > {window})::INTEGER
            END AS starts
        FROM (SELECT *, lag(article_id) OVER w AS prev,
                     max(span_last) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
              FROM spanned WINDOW w AS (PARTITION BY story_key ORDER BY {_SPAN_ORDER}))
    ), numbered AS (
        SELECT *, sum(starts) OVER (PARTITION BY story_key ORDER BY {_SPAN_ORDER}
                                    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS seq
        FROM gaps
    )
    SELECT * EXCLUDE (starts, prev, prev_end, seq, span_first, span_last),
        's-' || left(md5(story_key || '|' || first_value(article_id || '#' || idx) OVER (
            PARTITION BY story_key, seq ORDER BY {_ORDER})), 12) AS story
    FROM numbered
    """


_STORIES_SQL = """
WITH ranked AS (
    SELECT *, row_number() OVER (PARTITION BY story ORDER BY same_code DESC, target_country IS NULL,
                                 modality <> 'asserted', day NULLS LAST, article_id, idx) AS rank
    FROM (SELECT *, count(*) OVER (PARTITION BY story, cameo) AS same_code FROM _fused_reports)
), totals AS (
    SELECT story, count(DISTINCT article_id) AS articles, count(DISTINCT independent) AS outlets,
           count(*) AS reports, min(published) AS first_seen, max(published) AS last_seen,
           min(day) AS date_first, max(day) AS date_last,
           {support}
    FROM _fused_reports GROUP BY story
)
SELECT t.story AS id, c.partition, c.story_key, {status} AS status,
       c.article_id AS canonical_article, c.idx AS canonical_idx,
       c.source_code, c.target_code, c.cameo, c.root, t.* EXCLUDE (story),
       coalesce(x.pairs, 0) AS contradictions
FROM totals t JOIN ranked c ON c.story = t.story AND c.rank = 1
LEFT JOIN ({pairs}) x ON x.story = t.story
"""


def _status(pairs: str, outlets: str) -> str:
    """SQL: a story's status from its number of contradicting pairs and of independent outlets."""
    return f"CASE WHEN coalesce({pairs}, 0) > 0 THEN 'disputed' WHEN {outlets} >= 2 THEN 'confirmed' " \
           "ELSE 'single-source' END"


def _pairs_per_story(table: str) -> str:
    """SQL: story -> how many contradicting pairs of ``table`` it is in."""
    return f"""SELECT story, count(*) AS pairs FROM (
                   SELECT story_a AS story FROM {table}
                   UNION ALL SELECT story_b FROM {table} WHERE story_b <> story_a)
               GROUP BY story"""


def _voiced(reports: str) -> str:
    """SELECT over ``reports`` adding ``party``, who voices a report: NULL for the outlet's own voice; the
    speaker's country and side (the state, or one non-state sector: opposition, civil society, media speak
    for themselves), else the speaker's name; and ``relayed``: the speaker is other outlets of unknown
    country ("according to local media"), whose claim is reporting, though their denial is a denial."""
    return f"""
    SELECT *, list_contains($relays, speaker_type) AND speaker_country IS NULL AS relayed, CASE
            WHEN speaker IS NULL THEN NULL
            WHEN speaker_country IS NOT NULL AND NOT list_contains($international, speaker_country)
                THEN {_side("speaker_country", "speaker_sector")}
            ELSE lower(speaker)  -- no country, or an organisation type (IGO, NGO, ...): each speaks for itself
        END AS party, {_SPANS}
    -- typed even where a relation holds only NULLs in a column
    FROM (SELECT * REPLACE (speaker::VARCHAR AS speaker, speaker_type::VARCHAR AS speaker_type,
                            speaker_country::VARCHAR AS speaker_country, speaker_sector::VARCHAR AS speaker_sector,
                            source_sector::VARCHAR AS source_sector, target_sector::VARCHAR AS target_sector,
                            place_country::VARCHAR AS place_country)
          FROM {reports})
    """


def _side(country: str, sector: str) -> str:
    return f"{country} || ':' || CASE WHEN list_contains($nonstate, {sector}) THEN {sector} ELSE 'state' END"


def _compatible_sectors(column: str) -> str:
    """SQL: the claim's and the negation's ``column`` sectors are one (or one side names the bare country)."""
    return f"(coalesce(p.{column}, '') = coalesce(n.{column}, '') OR coalesce(p.{column}, '') = '' " \
           f"OR coalesce(n.{column}, '') = '')"


def _claimed(report: str) -> str:
    """SQL: ``report`` asserts, expects or hedges a happening and someone claims it (or the outlet hedges it).
    An actor's own side announcing what it will do ("Chile warned it would strike back") states an
    intention, not that the happening took place: no claim for another party's denial."""
    own_plan = f"({report}.modality = 'future' AND {report}.party = " \
               f"{_side(f'{report}.source_country', f'{report}.source_sector')})"
    return f"(list_contains($positive, {report}.modality) AND NOT coalesce({own_plan}, false) " \
           f"AND (({report}.party IS NOT NULL AND NOT coalesce({report}.relayed, false)) " \
           f"OR list_contains($hedged, {report}.modality)))"


def _stated(report: str) -> str:
    """SQL: ``report`` names its target or a specific action (not a root-level code such as 190)."""
    return f"({report}.target_country IS NOT NULL OR substr({report}.cameo, 3, 1) NOT IN ('', '0'))"


def _within_days(a: tuple[str, str], b: tuple[str, str]) -> str:
    """SQL: the spans (first, last day) of two reports come within ``$days`` of each other."""
    return f"coalesce(date_diff('day', {b[1]}, {a[0]}) <= $days AND date_diff('day', {a[1]}, {b[0]}) <= $days, true)"


# A claim and a negation of the same happening (same story key) by two parties.
_NEGATION_PAIRS_SQL = f"""
WITH voiced AS ({{voiced}})
SELECT p.story AS story_a, p.article_id AS article_a, p.idx AS idx_a,
       n.story AS story_b, n.article_id AS article_b, n.idx AS idx_b, p.partition
FROM voiced p JOIN voiced n ON n.story_key = p.story_key
WHERE {_claimed("p")} AND n.modality = 'negated' AND n.party IS NOT NULL
  -- each side says whom it was done to or what exactly was done: an act of a root alone on no one
  -- named ("opened fire": 190) is too vague to be the happening another report denies
  AND {_stated("p")} AND {_stated("n")}
  AND {_within_days(("p.span_first", "p.span_last"), ("n.span_first", "n.span_last"))}
  AND p.party IS DISTINCT FROM n.party AND lower(coalesce(p.speaker, '')) <> lower(n.speaker)
  AND {_compatible_sectors("source_sector")} AND {_compatible_sectors("target_sector")}
  AND coalesce(p.place_country = n.place_country, true)
QUALIFY row_number() OVER (PARTITION BY p.story ORDER BY p.article_id, p.idx, n.article_id, n.idx) <= $cap
"""

# An accusation and a denial: a claim about what an actor did, made by one party, and a denial
# event (CAMEO 016, "rejected the accusations") by that actor, which names the accuser (the claim's
# speaker is of the denial's target country) or, naming no one, answers a claim of its own article.
# The claim may be of any root: the denial does not say what it denies.
_DENIAL_PAIRS_SQL = f"""
WITH voiced AS ({{voiced}}),
denials AS (
    SELECT *, {_side("source_country", "source_sector")} AS denier FROM voiced
    WHERE list_contains($denials, cameo) AND modality = 'asserted'
      AND coalesce(source_country, '---') <> '---'  -- a denier of unknown country answers for no one
), candidates AS (
    SELECT c.*, d.story AS d_story, d.article_id AS d_article, d.idx AS d_idx, d.denier,
           d.span_first AS d_first, d.span_last AS d_last, d.partition AS d_partition
    FROM denials d JOIN voiced c ON c.source_country = d.source_country AND c.speaker_country = d.target_country
    UNION ALL
    SELECT c.*, d.story, d.article_id, d.idx, d.denier, d.span_first, d.span_last, d.partition
    FROM denials d JOIN voiced c ON c.article_id = d.article_id AND c.source_country = d.source_country
    WHERE d.target_country IS NULL
)
SELECT story AS story_a, article_id AS article_a, idx AS idx_a,
       d_story AS story_b, d_article AS article_b, d_idx AS idx_b, d_partition AS partition
FROM candidates c
WHERE {_claimed("c")} AND NOT list_contains($denials, c.cameo) AND c.party IS DISTINCT FROM c.denier
  AND {_within_days(("c.span_first", "c.span_last"), ("c.d_first", "c.d_last"))}
  AND {_side("c.source_country", "c.source_sector")} = c.denier  -- a ministry denies for its army
QUALIFY row_number() OVER (PARTITION BY d_story ORDER BY article_id, idx, d_article, d_idx) <= $cap
"""


def _contradiction_params(rules: FusionRules, sql: str) -> dict[str, Any]:
    """The named parameters ``sql`` uses (DuckDB refuses unused ones)."""
    params = {"positive": list(POSITIVE), "days": rules.contradiction_days, "cap": rules.max_contradictions,
              "relays": list(rules.relay_speaker_types), "nonstate": list(rules.nonstate_sectors),
              "hedged": list(rules.hedged_claims), "denials": list(rules.denial_codes),
              "international": sorted(international_types())}
    return {name: value for name, value in params.items() if f"${name}" in sql}


@cache
def international_types() -> frozenset[str]:
    """The CAMEO codes that stand in an actor's country place for an international type (IGO, NGO, MNC, ...)."""
    return frozenset(row["code"] for row in read_csv("cameo/roles.csv") if row["kind"] == "international")


def _support_columns() -> str:
    return ", ".join(f"count(*) FILTER (WHERE modality = '{m}') AS {m}" for m in SUPPORT)


def fuse(con: duckdb.DuckDBPyConnection, reports: str, rules: FusionRules | None = None,
         only_pending: bool = False) -> None:
    """Fuse the relation ``reports`` (columns :data:`REPORT_COLUMNS` + ``original``) into the temp
    tables ``_fused_reports`` (report -> story), ``_fused_stories`` and ``_fused_contradictions``.

    With ``only_pending`` only the partitions listed in the table ``story_pending`` are fused."""
    rules = rules or FusionRules()
    con.register("_story_roots", rules.root_table())
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE _fused_reports AS " + _keyed_sql(reports, rules, only_pending),
                    {"nonstate": list(rules.nonstate_sectors)})
    finally:
        con.unregister("_story_roots")
    voiced = _voiced("_fused_reports")
    pairs = _NEGATION_PAIRS_SQL.format(voiced=voiced)
    if not only_pending:  # the store pairs denials over everything it holds (refresh_stories)
        pairs = f"SELECT * FROM ({pairs}) UNION ALL SELECT * FROM ({_DENIAL_PAIRS_SQL.format(voiced=voiced)})"
    con.execute("CREATE OR REPLACE TEMP TABLE _fused_contradictions AS " + pairs, _contradiction_params(rules, pairs))
    con.execute("CREATE OR REPLACE TEMP TABLE _fused_stories AS " + _STORIES_SQL.format(
        support=_support_columns(), status=_status("x.pairs", "t.outlets"),
        pairs=_pairs_per_story("_fused_contradictions")))


# ---------------------------------------------------------------- the store's story tables

# Reports as the store holds them: an event, its day, and who independently reported it (the
# outlet of the article's original when it is a syndicated copy).
STORED_REPORTS = """(
    SELECT e.article_id, e.idx, e.source_code, e.source_country, e.source_sector, e.target_code,
           e.target_country, e.target_sector, e.root, e.cameo, e.modality, e.speaker, e.speaker_type,
           e.speaker_country, e.speaker_sector, e.location_country AS place_country,
           TRY_CAST(COALESCE(e.date, LEFT(a.published, 10)) AS DATE) AS day, a.published,
           coalesce(a.duplicate_of, a.id) AS original,
           coalesce(lower(o.outlet), lower(a.outlet), o.id) AS independent
    FROM events e JOIN articles a ON a.id = e.article_id
    LEFT JOIN articles o ON o.id = coalesce(a.duplicate_of, a.id)
)"""

def mark_pending(con: duckdb.DuckDBPyConnection, article_ids: list[str], rules: FusionRules | None = None) -> None:
    """Remember which partitions the given (new, changed or removed) articles touch: those their stored
    stories sit in and those their current events fall in. Runs inside the store's write transaction."""
    if not article_ids:
        return
    con.execute("INSERT INTO story_pending SELECT DISTINCT partition FROM story_reports "
                "WHERE list_contains(?, article_id)", [article_ids])
    rules = rules or FusionRules()
    con.register("_story_roots", rules.root_table())
    try:
        scoped = f"(SELECT * FROM {STORED_REPORTS} WHERE list_contains($ids, article_id))"
        keys = f"SELECT DISTINCT partition FROM ({_keyed_sql(scoped, rules, only_pending=False)})"
        con.execute(f"INSERT INTO story_pending {keys}", {"ids": article_ids, "nonstate": list(rules.nonstate_sectors)})
    finally:
        con.unregister("_story_roots")


# Fuses a table of reports (:data:`REPORT_COLUMNS`) elsewhere than in the store's connection and
# returns the :data:`FUSED_TABLES` by name, as :func:`fuse` computes them (``scale.stories.fuse_on_dask``).
Fuser = Callable[[pa.Table, "FusionRules"], dict[str, pa.Table]]


def refresh_stories(con: duckdb.DuckDBPyConnection, rules: FusionRules | None = None,
                    fuser: Fuser | None = None) -> int:
    """Re-fuse the pending partitions into ``stories``, ``story_reports`` and ``contradictions``
    (one transaction); returns how many partitions were refreshed. With ``fuser`` the pending
    partitions' reports are fused by it (on a cluster) instead of in ``con``."""
    pending = con.execute("SELECT count(DISTINCT partition) FROM story_pending").fetchone()[0]
    if not pending:
        return 0
    rules = rules or FusionRules()
    con.begin()
    try:
        if fuser is None:
            fuse(con, STORED_REPORTS, rules, only_pending=True)
        else:
            _fuse_pending_with(con, rules, fuser)
        for table in ("stories", "story_reports", "contradictions"):
            con.execute(f"DELETE FROM {table} WHERE partition IN (SELECT partition FROM story_pending)")
        con.execute("INSERT INTO story_reports BY NAME SELECT story AS story_id, article_id, idx, partition "
                    "FROM _fused_reports")
        con.execute("INSERT INTO contradictions BY NAME SELECT * FROM _fused_contradictions")
        con.execute("INSERT INTO stories BY NAME SELECT * EXCLUDE (story_key) FROM _fused_stories")
        _refresh_denials(con, rules)
        con.execute("DELETE FROM story_pending")
        con.commit()
    except BaseException:
        con.rollback()
        raise
    finally:
        for table in FUSED_TABLES:
            con.execute(f"DROP TABLE IF EXISTS {table}")
    return pending


def _fuse_pending_with(con: duckdb.DuckDBPyConnection, rules: FusionRules, fuser: Fuser) -> None:
    """The fused tables of the pending partitions, computed by ``fuser`` from their stored reports.
    A partition is fused the same way whatever else is around it, so fusing only its reports gives
    what the store's own pass gives; the denial pairs it adds are paired again by ``_refresh_denials``."""
    con.register("_story_roots", rules.root_table())
    try:
        keyed = _keyed_sql(STORED_REPORTS, rules, only_pending=True)
        reports = con.execute(f"SELECT {', '.join(REPORT_COLUMNS)} FROM ({keyed})",
                              {"nonstate": list(rules.nonstate_sectors)}).to_arrow_table()
    finally:
        con.unregister("_story_roots")
    if not reports.num_rows:  # the partitions lost all their reports: nothing worth a cluster's time
        fuse(con, STORED_REPORTS, rules, only_pending=True)
        return
    for name, table in fuser(reports, rules).items():
        con.register("_fused_incoming", table)
        try:
            con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM _fused_incoming")
        finally:
            con.unregister("_fused_incoming")


def _refresh_denials(con: duckdb.DuckDBPyConnection, rules: FusionRules) -> None:
    """Pair every stored denial event again (its claims lie in other partitions, which this refresh
    may not have touched), then recount the contradicting pairs and the status of the stories whose
    count changed. Denials are rare, so this stays small beside the partitions' re-fusion."""
    con.execute("DELETE FROM contradictions c WHERE EXISTS (SELECT 1 FROM events e WHERE e.article_id = c.article_b "
                "AND e.idx = c.idx_b AND list_contains($denials, e.cameo) AND e.modality = 'asserted')",
                {"denials": list(rules.denial_codes)})
    stored = (f"(SELECT r.*, s.story_id AS story, s.partition FROM {STORED_REPORTS} r "
              "JOIN story_reports s ON s.article_id = r.article_id AND s.idx = r.idx "
              # a denial answers claims about its own country's actors: read only those countries
              "WHERE r.source_country IN (SELECT source_country FROM events WHERE list_contains($denials, cameo)))")
    pairs = _DENIAL_PAIRS_SQL.format(voiced=_voiced(stored))
    con.execute("INSERT INTO contradictions BY NAME " + pairs, _contradiction_params(rules, pairs))
    con.execute(f"""
        UPDATE stories SET contradictions = counted.pairs, status = {_status("counted.pairs", "stories.outlets")}
        FROM (SELECT s.id, coalesce(x.pairs, 0) AS pairs
              FROM stories s LEFT JOIN ({_pairs_per_story("contradictions")}) x ON x.story = s.id) counted
        WHERE counted.id = stories.id AND counted.pairs <> stories.contradictions""")


# ---------------------------------------------------------------- reading stories back

@dataclass(frozen=True)
class StoryFilters:
    """What ``eventwire stories`` selects; ``None`` means any."""

    status: str | None = None
    actor: str | None = None  # code prefix of the canonical source or target ("RUS", "BLRGOV")
    root: str | None = None
    since: str | None = None  # the story's last day is on or after this
    until: str | None = None  # its first day is on or before this
    min_outlets: int | None = None
    article: str | None = None  # stories with a report from this article
    limit: int | None = None
    offset: int | None = None


def stories_sql(filters: StoryFilters) -> tuple[str, list[Any]]:
    """Parameterised SQL selecting stories, biggest (most outlets, then reports) first."""
    where, params = [], []
    if filters.status:
        if filters.status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {filters.status!r}")
        where.append("status = ?")
        params.append(filters.status)
    if filters.actor:
        where.append("(starts_with(source_code, ?) OR starts_with(target_code, ?))")
        params += [filters.actor.strip().upper()] * 2
    if filters.root:
        where.append("root = ?")
        params.append(str(filters.root).strip().zfill(2))
    if filters.since:
        where.append("date_last >= TRY_CAST(? AS DATE)")
        params.append(filters.since)
    if filters.until:
        where.append("date_first <= TRY_CAST(? AS DATE)")
        params.append(filters.until)
    if filters.min_outlets is not None:
        where.append("outlets >= ?")
        params.append(int(filters.min_outlets))
    if filters.article:
        where.append("id IN (SELECT story_id FROM story_reports WHERE article_id = ?)")
        params.append(filters.article)
    sql = "SELECT * FROM stories" + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY outlets DESC, reports DESC, first_seen, id"
    for name in ("limit", "offset"):
        value = getattr(filters, name)
        if value is not None:
            if int(value) < 0:
                raise ValueError(f"{name} must be >= 0, not {value}")
            sql += f" {name.upper()} ?"
            params.append(int(value))
    return sql, params


def _report_refs(rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    return [{"article": article, "event": int(idx)} for article, idx in rows]


def story_record(con: duckdb.DuckDBPyConnection, row: dict[str, Any]) -> dict[str, Any]:
    """One ``stories`` row as the contract's STORY record (plus ``date_first``/``date_last``)."""
    from .query import event_from_row

    cursor = con.cursor()
    event_row = cursor.execute("SELECT * FROM event_rows WHERE article_id = ? AND idx = ?",
                               [row["canonical_article"], row["canonical_idx"]]).fetchone()
    columns = [d[0] for d in cursor.description]
    event = event_from_row(dict(zip(columns, event_row))).to_dict()
    reports = cursor.execute("SELECT r.article_id, r.idx FROM story_reports r JOIN articles a ON a.id = r.article_id "
                             "WHERE story_id = ? ORDER BY a.published, r.article_id, r.idx", [row["id"]]).fetchall()
    pairs = cursor.execute("SELECT article_a, idx_a, article_b, idx_b FROM contradictions "
                           "WHERE story_a = ? OR story_b = ? ORDER BY ALL", [row["id"], row["id"]]).fetchall()
    return {
        "story": row["id"], "status": row["status"], "event": event,
        "first_seen": row["first_seen"], "last_seen": row["last_seen"],
        "articles": int(row["articles"]), "outlets": int(row["outlets"]),
        "support": {m: int(row[m]) for m in SUPPORT},
        "reports": _report_refs(reports),
        "contradictions": [_report_refs([(a, i), (b, j)]) for a, i, b, j in pairs],
        "date_first": _iso(row["date_first"]), "date_last": _iso(row["date_last"]),
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


_REPORT_DETAIL = """
SELECT e.article_id AS article, e.idx AS event, a.outlet, a.published, e.source_code, e.target_code, e.cameo,
       e.modality, e.speaker, e.speaker_type, e.date, e.sentence, a.duplicate_of
FROM story_reports r JOIN event_rows e ON e.article_id = r.article_id AND e.idx = r.idx
JOIN articles a ON a.id = r.article_id
WHERE r.story_id = ? ORDER BY a.published, r.article_id, r.idx
"""


def story_detail(con: duckdb.DuckDBPyConnection, story_id: str) -> dict[str, Any]:
    """A story record whose reports and contradictions carry speaker, outlet, modality and sentence."""
    cursor = con.cursor().execute("SELECT * FROM stories WHERE id = ?", [story_id])
    found = cursor.fetchone()
    if found is None:
        raise KeyError(f"no story {story_id!r}")
    record = story_record(con, dict(zip([d[0] for d in cursor.description], found)))
    details = con.cursor().execute(_REPORT_DETAIL, [story_id]).df()
    by_ref = {(r["article"], int(r["event"])): r for r in details.astype(object).where(details.notna(), None)
              .to_dict("records")}
    record["reports"] = list(by_ref.values())
    record["contradictions"] = [[_describe(con, by_ref, ref) for ref in pair] for pair in record["contradictions"]]
    return record


def _describe(con: duckdb.DuckDBPyConnection, known: dict, ref: dict[str, Any]) -> dict[str, Any]:
    """A report of a contradiction pair with its speaker and outlet (it may sit in a neighbouring story)."""
    key = (ref["article"], ref["event"])
    if key in known:
        return known[key]
    columns = ("speaker", "modality", "sentence", "outlet", "source_code", "cameo")
    row = con.cursor().execute("SELECT e.speaker, e.modality, e.sentence, a.outlet, e.source_code, e.cameo "
                               "FROM events e JOIN articles a ON a.id = e.article_id "
                               "WHERE e.article_id = ? AND e.idx = ?",
                               list(key)).fetchone()
    return {**ref, **dict(zip(columns, row or (None,) * len(columns)))}
