"""The ``dates`` stage: when did each event happen?

Three layers, each usable alone:

* :func:`resolve_date` turns one time expression ("as early as Monday", "Feb. 24",
  "late last year") into a :class:`Resolved` day, week, month or year, relative to an
  anchor date. Explicit dates go through dateparser; weekdays and relative phrases follow
  the tables in ``data/dates.yaml`` because their meaning depends on tense, which
  dateparser cannot see.
* :func:`find_timexes` finds time expressions in a spaCy ``Doc`` (spaCy's DATE/TIME
  entities plus the table's phrases, widened to their cue words).
* :func:`date_events` (the stage) picks, for each event, the expression of the event's own
  clause, else of a governing or embedded clause in its sentence, and resolves it against
  the article's ``published`` date, or an embedded post's time when the event sits in one.
  An undated simple-past event takes the day the narrative has reached before it; a week
  the article pins to one day elsewhere is that day.
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from typing import Any

from ..dictionaries import read_yaml
from ..errors import DataFileError
from ..model import Event, Record
from ..nlp import entities
from ..pipeline import stage
from ..settings import Settings
from .attribution import is_speech_verb

PRECISIONS = ("day", "week", "month", "year")
_CLAUSE_POS = ("VERB", "AUX")
# Dependents that open a clause of their own: its dates are not the governing verb's.
_EMBEDDED_DEPS = ("ccomp", "advcl", "relcl", "parataxis", "acl")
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "expl", "csubj")
# How a time expression hangs on a noun: "last week's coup", "a 2016 ruling", "the May 3 vote".
_NOUN_MODIFIER_DEPS = ("poss", "compound", "nmod", "amod", "nummod")


@dataclass(frozen=True, slots=True)
class Resolved:
    """A resolved time expression: ``value`` is ISO at ``precision`` ("2022-02", "2022-W08")."""

    value: str
    precision: str
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class Timex:
    """A time expression in a Doc: character span and token range (end exclusive)."""

    text: str
    span: tuple[int, int]
    start_token: int
    end_token: int


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class _Rules:
    weekdays: tuple[str, ...]
    months: dict[str, int]
    cue_tense: dict[str, str | None]
    prefix: re.Pattern[str]  # leading cues and modifiers, repeated
    weekday: re.Pattern[str]
    day_parts: re.Pattern[str]
    weekday_shifts: dict[str, str]
    relative: dict[str, dict[str, Any]]
    units: dict[str, str]
    ago: re.Pattern[str]
    vague: tuple[re.Pattern[str], ...]
    explicit: tuple[tuple[re.Pattern[str], str], ...]
    future_cues: re.Pattern[str]
    rollover: int
    finder: re.Pattern[str]  # phrases spaCy tends to miss, for find_timexes
    cue_before: re.Pattern[str]  # cue or modifier words ending right before an expression
    part_after: re.Pattern[str]  # day part right after an expression
    range: re.Pattern[str]  # "between X and Y" on a normalized expression
    range_gap: re.Pattern[str]  # the words between two halves of a range in running text
    explicit_start: re.Pattern[str]  # a month name or a number opening an explicit date
    dateline: re.Pattern[str]  # "KYIV, Feb 28 (Reuters) -" at the start of an article


def _alternation(words: Iterable[str]) -> str:
    """Longest first, so "as early as" wins over "as"."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def _table() -> dict[str, Any]:
    data = read_yaml("dates.yaml")
    if not isinstance(data, dict):
        raise DataFileError("data/dates.yaml: expected a mapping at the top")
    return data


@cache
def _rules() -> _Rules:
    table = _table()
    cue_tense = {c["words"]: c.get("tense") for c in table["cues"]}
    lead = _alternation([*cue_tense, *table["modifiers"]])
    weekdays = _alternation(table["weekdays"])
    shifts = _alternation(table["weekday_shifts"])
    parts = _alternation(table["day_parts"])
    months = _alternation(table["months"])
    units = _alternation(table["units"])
    relative = _alternation(table["relative"])
    opens, joins = _alternation(table["range_open"]), _alternation(table["range_join"])
    year = r"(?:1[89]\d\d|20\d\d)"
    month = rf"(?:{months})\.?"
    day_num = r"\d{1,2}(?:st|nd|rd|th)?"
    explicit = (
        (re.compile(r"\b\d{4}-\d{2}-\d{2}\b"), "day"),
        (re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b"), "day"),
        (re.compile(rf"\b{month} {day_num}\b(?:,? {year}\b)?"), "day"),
        (re.compile(rf"\b{day_num} (?:of )?{month}(?:,? {year}\b)?"), "day"),
        (re.compile(rf"\b{month},? {year}\b"), "month"),
        (re.compile(rf"^{month}$"), "month"),
        (re.compile(rf"\b{year}\b"), "year"),
    )
    finder = "|".join((
        rf"\b(?:(?:{shifts}) )?(?:{weekdays})\b",
        rf"\b(?:{relative})\b",
        rf"\b{month} {day_num}\b",
    ))
    return _Rules(
        weekdays=tuple(table["weekdays"]),
        months=dict(table["months"]),
        cue_tense=cue_tense,
        prefix=re.compile(rf"^(?:(?:{lead})\b[ -]?)+"),
        weekday=re.compile(rf"\b(?:({shifts}) )?({weekdays})\b"),
        day_parts=re.compile(rf"\b(?:{parts})\b"),
        weekday_shifts=dict(table["weekday_shifts"]),
        relative=dict(table["relative"]),
        units=dict(table["units"]),
        ago=re.compile(rf"^(\S+) ({units}) ago$"),
        vague=tuple(re.compile(p) for p in table["vague"]),
        explicit=explicit,
        future_cues=re.compile(rf"(?<![\w'])(?:{_alternation(table['future_cues'])})(?![\w'])"),
        rollover=int(table["year_rollover_days"]),
        finder=re.compile(finder, re.IGNORECASE),
        cue_before=re.compile(rf"(?:\b(?:{lead})\s+)+$", re.IGNORECASE),
        part_after=re.compile(rf"^\s+(?:{parts})\b", re.IGNORECASE),
        range=re.compile(rf"(?:(?:{opens}) )?(.+?) (?:{joins}) (.+)"),
        range_gap=re.compile(rf"\s*(?:{joins})\s*", re.IGNORECASE),
        explicit_start=re.compile(rf"\s*(?:(?:{months})\b|\d)", re.IGNORECASE),
        dateline=_dateline_pattern(month, day_num, year),
    )


def _dateline_pattern(month: str, day_num: str, year: str) -> re.Pattern[str]:
    """A dateline: a place in capitals ("KYIV", "WASHINGTON, D.C., USA"), a date, an agency
    in brackets, then a dash. The place or the date may be missing, not both (checked by
    :func:`dateline`); a place needs a date, an agency or a dash right after it."""
    caps = r"[A-Z][A-Z.'\-]{2,}(?: [A-Z][A-Z.'\-]+)*"
    region = r"[A-Z][A-Za-z.'\-]+(?: [A-Z][A-Za-z.'\-]+)*"
    return re.compile(
        rf"\s*(?P<place>{caps}(?:, {region}){{0,2}},?)?\s*"
        rf"(?P<date>(?i:{month}) {day_num}(?:,? {year})?)?\s*"
        r"(?:\((?P<agency>[A-Za-z .]+)\)\s*)?(?:--|[-\u2013\u2014])\s")


# --------------------------------------------------------------------------- periods


def _day(d: date) -> Resolved:
    return Resolved(d.isoformat(), "day", d, d)


def _week(d: date) -> Resolved:
    monday = d - timedelta(days=d.weekday())
    year, week, _ = monday.isocalendar()
    return Resolved(f"{year}-W{week:02d}", "week", monday, monday + timedelta(days=6))


def _month(year: int, month: int) -> Resolved:
    last = calendar.monthrange(year, month)[1]
    return Resolved(f"{year}-{month:02d}", "month", date(year, month, 1), date(year, month, last))


def _year(year: int) -> Resolved:
    return Resolved(str(year), "year", date(year, 1, 1), date(year, 12, 31))


def _period(d: date, precision: str) -> Resolved:
    if precision == "week":
        return _week(d)
    if precision == "month":
        return _month(d.year, d.month)
    if precision == "year":
        return _year(d.year)
    return _day(d)


def _shift_months(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _weekday_near(anchor: date, weekday: int, shift: str, forward: bool) -> date:
    """The ``weekday`` nearest ``anchor`` in the direction ``shift`` (or tense) says."""
    if shift == "tense":
        shift = "on_or_after" if forward else "on_or_before"
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if shift == "before":
        return anchor - timedelta(days=back or 7)
    if shift == "after":
        return anchor + timedelta(days=ahead or 7)
    if shift == "on_or_after":
        return anchor + timedelta(days=ahead)
    return anchor - timedelta(days=back)


# --------------------------------------------------------------------------- resolver


def _normalize(expression: str) -> str:
    text = expression.lower().replace("\u2019", "'").replace("\u2013", "-")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[(),;:\"\u201c\u201d]", " ", text)
    return re.sub(r"\s+", " ", text).strip(" .")


def _strip_lead(text: str) -> tuple[str, str | None]:
    """Drop leading cues and modifiers; return the rest and the tense a cue implies."""
    rules = _rules()
    match = rules.prefix.match(text)
    if not match:
        return text, None
    lead = match.group(0)
    tense = next((t for cue, t in rules.cue_tense.items() if t and re.search(rf"\b{re.escape(cue)}\b", lead)), None)
    return text[match.end():].strip(), tense


def _as_datetime(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, 12)


def _parse_numeric(core: str, anchor: date) -> date | None:
    """The explicit forms the patterns match, read directly (dateparser is slow):
    "2022-02-24", "2/24/22" (month first), "Feb. 24", "24 February 2022". Month-day
    forms without a year take the anchor's (``_yearless`` moves them)."""
    numbers = [int(n) for n in re.findall(r"\d+", core)]
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", core):
            return date.fromisoformat(core)
        if "/" in core:
            month, day, year = numbers
            return date(year + 2000 if year < 100 else year, month, day)
        word = re.search(r"[a-z]+", re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", core))
        month = _rules().months.get(word.group(0)) if word else None
        if month is None:
            return None
        year = next((n for n in numbers if n > 31), anchor.year)
        day = next((n for n in numbers if n <= 31), 1)  # a bare month: its first day
        return date(year, month, day)
    except (ValueError, StopIteration):
        return None


def _dateparse(text: str, anchor: date, forward: bool) -> date | None:
    import dateparser

    settings = {"RELATIVE_BASE": _as_datetime(anchor), "PREFER_DATES_FROM": "future" if forward else "past",
                "PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "MDY", "STRICT_PARSING": False}
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date() if parsed else None


def _yearless(found: date, anchor: date, forward: bool, days: int) -> date:
    """Put a month/day with no year in the anchor's year, or the one the tense points to."""
    candidate = found.replace(year=anchor.year) if not (found.month == 2 and found.day == 29) else found
    if not forward and candidate - anchor > timedelta(days=days):
        return candidate.replace(year=anchor.year - 1)
    if forward and anchor - candidate > timedelta(days=days):
        return candidate.replace(year=anchor.year + 1)
    return candidate


def _resolve_explicit(text: str, anchor: date, forward: bool) -> Resolved | None:
    rules = _rules()
    for pattern, precision in rules.explicit:
        match = pattern.search(text)
        if not match:
            continue
        core = match.group(0)
        if precision == "year":
            return _year(int(core))
        found = _parse_numeric(core, anchor) or _dateparse(core, anchor, forward)
        if found is None:
            continue
        if not re.search(r"\d{4}", core) and "/" not in core:
            found = _yearless(found, anchor, forward, rules.rollover)
        return _period(found, precision)
    return None


def _resolve_ago(text: str, anchor: date, forward: bool) -> Resolved | None:
    rules = _rules()
    match = rules.ago.match(text)
    if not match:
        return None
    unit = rules.units[match.group(2)]
    count = _count(match.group(1))
    if count is None or count != int(count):
        found = _dateparse(text, anchor, forward=False)  # "a couple of days ago" and the like
        return _period(found, unit) if found else None
    steps = int(count)
    if unit == "day":
        return _day(anchor - timedelta(days=steps))
    if unit == "week":
        return _week(anchor - timedelta(weeks=steps))
    if unit == "month":
        return _period(_shift_months(anchor, -steps), "month")
    return _year(anchor.year - steps)


def _resolve_relative(text: str, anchor: date, forward: bool) -> Resolved | None:
    rule = _rules().relative.get(text)
    if rule is None:
        return None
    unit = rule["unit"]
    if unit == "weekend":
        saturday = _weekday_near(anchor, 5, rule.get("shift", "tense"), forward)
        year, week, _ = saturday.isocalendar()
        return Resolved(f"{year}-W{week:02d}", "week", saturday, saturday + timedelta(days=1))
    offset = int(rule.get("offset", 0))
    if unit == "day":
        return _day(anchor + timedelta(days=offset))
    if unit == "week":
        return _week(anchor + timedelta(weeks=offset))
    if unit == "month":
        return _period(_shift_months(anchor, offset), "month")
    return _year(anchor.year + offset)


def _resolve_weekday(text: str, anchor: date, forward: bool) -> Resolved | None:
    rules = _rules()
    match = rules.weekday.search(text)
    if not match:
        return None
    shift = rules.weekday_shifts.get(match.group(1) or "", "tense")
    return _day(_weekday_near(anchor, rules.weekdays.index(match.group(2)), shift, forward))


_SINGLE_RESOLVERS = (_resolve_explicit, _resolve_ago, _resolve_relative, _resolve_weekday)


def _resolve_single(text: str, anchor: date, forward: bool) -> Resolved | None:
    text, cue_tense = _strip_lead(text)
    if cue_tense is not None:
        forward = cue_tense == "future"
    bare = _rules().day_parts.sub(" ", text)
    bare = re.sub(r"\s+", " ", bare).strip(" -")
    for candidate in dict.fromkeys((text, bare)):
        for resolver in _SINGLE_RESOLVERS:
            found = resolver(candidate, anchor, forward)
            if found is not None:
                return found
    return None


def _resolve_range(text: str, anchor: date, forward: bool) -> Resolved | None:
    """"between Friday and Sunday": resolve the end nearest the anchor, the other from it."""
    match = _rules().range.fullmatch(text)
    if not match:
        return None
    first, second = match.group(1), match.group(2)
    if forward:
        start = _resolve_single(first, anchor, True)
        end = _resolve_single(second, start.start, True) if start else None
    else:
        end = _resolve_single(second, anchor, False)
        start = _resolve_single(first, end.end, False) if end else None
    if start is None or end is None or end.end < start.start:
        return None
    return Resolved(start.value, start.precision, start.start, end.end)


def _anchor_day(anchor: date | datetime) -> date:
    return anchor.date() if isinstance(anchor, datetime) else anchor


def resolve_date(expression: str, anchor: date | datetime, tense: str = "past") -> Resolved | None:
    """Resolve a time expression against ``anchor``; None if it names no date.

    ``tense`` ("past" or "future") chooses which way a bare weekday or a yearless
    month-day points: "on Saturday" in a past-tense clause is the last Saturday on or
    before the anchor, in a future one the next on or after it.
    """
    return _resolved(expression, _anchor_day(anchor), tense == "future")


# An article resolves the same few expressions against the same day for one event after another.
@lru_cache(maxsize=1 << 14)
def _resolved(expression: str, day: date, forward: bool) -> Resolved | None:
    text = _normalize(expression)
    if not text or any(p.search(text) for p in _rules().vague):
        return None
    return _resolve_range(text, day, forward) or _resolve_single(text, day, forward)


# --------------------------------------------------------------------------- finding


_CUE_WINDOW = 80  # characters: longer than any cue phrase ("as early as", "late on the night of")


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Take in cue words before ("as early as", "late on") and a day part after ("night")."""
    rules = _rules()
    # Look only at a short window: a cue is a few words, and searching the whole text before
    # each expression made the stage quadratic in article length.
    before = rules.cue_before.search(text, max(0, start - _CUE_WINDOW), start)
    if before is not None:
        start = before.start()
    after = rules.part_after.match(text[end:end + _CUE_WINDOW])
    if after is not None:
        end += after.end()
    return start, end


def _joins(text: str, left_end: int, right_start: int) -> bool:
    """Whether two expressions are one: overlapping, "Friday and Sunday", "Monday (July 31)"."""
    gap = text[left_end:right_start]
    if right_start <= left_end or bool(_rules().range_gap.fullmatch(gap)) or gap.strip() == "(":
        return True
    # "Monday, July 31" and "July 31, 2023" are one date; "yesterday, at this year's ..." two
    return gap.strip() == "," and _rules().explicit_start.match(text, right_start) is not None


def _merge(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and _joins(text, merged[-1][1], start):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return [(s, e + 1) if text.count("(", s, e) > text.count(")", s, e) and text[e:e + 1] == ")" else (s, e)
            for s, e in merged]


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A span cut at line breaks: an entity running from a dateline into the body is two."""
    pieces, at = [], start
    for line in text[start:end].split("\n"):
        stripped = line.strip()
        if stripped:
            first = at + line.index(stripped)
            pieces.append((first, first + len(stripped)))
        at += len(line) + 1
    return pieces


def find_timexes(doc: Any) -> list[Timex]:
    """Time expressions in ``doc``: spaCy DATE/TIME entities and table phrases, with cue words."""
    text = doc.text
    spans = [(e.start_char, e.end_char) for e in entities(doc) if e.label_ in ("DATE", "TIME")]
    spans += [m.span() for finder in (_rules().finder, _timex3_rules().finder) for m in finder.finditer(text)]
    spans = [piece for s, e in spans for piece in _lines(text, s, e)]
    timexes = []
    for start, end in _merge(text, [_widen(text, s, e) for s, e in spans]):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            timexes.append(Timex(span.text, (span.start_char, span.end_char), span.start, span.end))
    return timexes


# --------------------------------------------------------------------------- clauses


def clause_head(token: Any) -> Any:
    """The verb whose clause ``token`` belongs to: itself if a verb, else its nearest verb head."""
    current = token
    while current.pos_ not in _CLAUSE_POS:
        if current.head.i == current.i:
            return current.sent.root
        current = current.head
    return current


def _has_subject(token: Any) -> bool:
    return any(child.dep_ in _SUBJECT_DEPS for child in token.children)


def governors(verb: Any) -> list[Any]:
    """Verbs whose clause contains ``verb``'s clause ("said" over "deployed"), nearest first.

    Stops at relative and adverbial clauses and at a coordinated clause with its own
    subject: those are siblings, not governors, and their dates are their own.
    """
    found: list[Any] = []
    current = verb
    while current.head.i != current.i:
        if current.dep_ in ("relcl", "advcl", "acl") or (current.dep_ == "conj" and _has_subject(current)):
            break
        current = current.head
        if current.pos_ in _CLAUSE_POS:
            found.append(current)
    return found


def clause_rank(head: Any, other: Any) -> int:
    """How closely the clause of ``other`` (a verb) belongs to ``head``'s clause.

    0 same clause, 1 a governing clause, 2 an embedded clause, 3 a sibling clause.
    """
    if other.i == head.i:
        return 0
    if any(g.i == other.i for g in governors(head)):
        return 1
    if any(g.i == head.i for g in governors(other)):
        return 2
    return 3


def clause_tokens(head: Any) -> list[Any]:
    """Tokens of ``head``'s own clause, plus the verbs and auxiliaries that govern it by xcomp."""
    embedded = [c for c in head.children
                if c.dep_ in _EMBEDDED_DEPS or (c.dep_ == "conj" and _has_subject(c))]
    skip = {t.i for c in embedded for t in c.subtree}
    tokens = [t for t in head.subtree if t.i not in skip]
    current = head
    while current.dep_ == "xcomp" and current.head.i != current.i:
        current = current.head
        tokens += [current, *(c for c in current.children if c.dep_ in ("aux", "auxpass", "neg"))]
    return sorted(tokens, key=lambda t: t.i)


# --------------------------------------------------------------------------- stage


def parse_iso(value: str | None) -> datetime | None:
    """An ISO 8601 date or datetime ("2022-02-28", "2022-02-28T21:04:00Z"), or None."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        return None


def _anchor_for(record: Record, char: int) -> datetime | None:
    """The post's time if ``char`` lies inside an embedded post, else the article's date."""
    for post in record.posts:
        if post.span[0] <= char < post.span[1] and parse_iso(post.time):
            return parse_iso(post.time)
    return parse_iso(record.article.published)


def _tense(head: Any, modality: str | None = None) -> str:
    """"future" if the clause of ``head`` is planned or expected, else "past"."""
    if modality == "future":
        return "future"
    # asked for the same clause by every event and expression of its sentence: kept on the doc
    tenses = head.doc.user_data.setdefault(_TENSES_KEY, {})
    if head.i not in tenses:
        tenses[head.i] = _clause_tense(head)
    return tenses[head.i]


_TENSES_KEY = "eventwire.dates.tenses"


def _clause_tense(head: Any) -> str:
    # a coordinated verb's own auxiliaries are not this verb's ("met ... and will meet again")
    conjoined = {t.i for c in head.children if c.dep_ == "conj" and c.pos_ in _CLAUSE_POS for t in c.subtree}
    words = " ".join(_cue_word(t) for t in clause_tokens(head) if t.i not in conjoined)
    return "future" if _rules().future_cues.search(words) else "past"


def _cue_word(token: Any) -> str:
    """The token as the future cues read it: a "to" that opens no infinitive is marked, so
    "due to" and "set to" look forward in "talks are due to resume" but not in "died due
    to her injuries"."""
    if token.lower_ != "to":
        return token.lower_
    after = token.i + 1
    while after < len(token.doc) and token.doc[after].pos_ in ("ADV", "PART") and token.doc[after].lower_ != "to":
        after += 1
    return "to" if after < len(token.doc) and token.doc[after].tag_ == "VB" else "to_"


def phrase_rank(trigger: Any, head: Any, owner: Any, start: int, end: int,
                others: set[int]) -> tuple[int, int] | None:
    """Sort key of a phrase (tokens ``start:end``, in the clause of verb ``owner``) for an event.

    Own clause first, then a governing, an embedded and a sibling clause; nearer the
    trigger first. None when the phrase stands in an embedded or sibling clause that is
    another event's own (``others``: those events' clause heads): it is that event's.
    """
    rank = clause_rank(head, owner)
    if rank >= 2 and (owner.i in others or any(g.i in others for g in governors(owner))):
        return None  # "... as officials threatened to drop it on X": X belongs to the threat
    return rank, min(abs(start - trigger.i), abs(end - 1 - trigger.i))


def _dates_another_noun(trigger: Any, root: Any) -> bool:
    """"ECOWAS gave the leaders of last week's coup a week", "condemned a 2016 ruling": an
    expression modifying a noun dates that noun's happening, not the clause's. Unless the
    noun is the event itself ("the April 1 strike") or the event is told of it in a relative
    clause ("the April 1 strike, which killed seven"), or the noun is the object of a
    preposition on a verb ("killed during Monday's protests", "erupted after Sunday's vote"):
    that times the verb too."""
    host = root.head
    if root.dep_ not in _NOUN_MODIFIER_DEPS or host.pos_ not in ("NOUN", "PROPN") or host.i == trigger.i:
        return False
    clause = clause_head(trigger)
    if clause.dep_ in ("relcl", "acl") and host.left_edge.i <= clause.head.i <= host.right_edge.i:
        return False  # the relative clause stands in the noun's phrase, wherever the parser hangs it
    return not (host.dep_ == "pobj" and host.head.head.pos_ in _CLAUSE_POS)


def _choose(event: Event, trigger: Any, head: Any, timexes: Sequence[Timex], others: set[int] | None,
            anchor: datetime) -> tuple[Timex, Resolved] | None:
    """The best resolvable expression in the trigger's sentence, each resolved with the
    tense of the clause it stands in. ``others=None`` is the sentence-wide fallback: any
    clause but one the event's own clause embeds ("said" does not take the date of what
    was said)."""
    sent = trigger.sent
    best: tuple[tuple[int, int], Timex, Resolved] | None = None
    for timex in timexes:
        if not (sent.start <= timex.start_token < sent.end):
            continue
        root = trigger.doc[timex.start_token:timex.end_token].root
        if _dates_another_noun(trigger, root):
            continue
        owner = clause_head(root)
        key = phrase_rank(trigger, head, owner, timex.start_token, timex.end_token, others or set())
        if others is None and key is not None and key[0] == 2:
            continue
        if key is None or (best is not None and key >= best[0]):
            continue
        resolved = resolve_date(timex.text, anchor, _tense(owner, event.modality if key[0] == 0 else None))
        if resolved is not None:
            best = (key, timex, resolved)
    return (best[1], best[2]) if best else None


@dataclass(frozen=True, slots=True)
class _NarrativeDay:
    """A day a time expression gives the verb it modifies directly ("shelled ... on Saturday")."""

    timex: Timex
    day: date
    anchor: datetime
    simple_past: bool


def _tense_verb(verb: Any) -> Any:
    """The verb carrying the tense of ``verb``'s clause: "began" for "began to fire", "kept"
    for "kept him confined" (a complement or a small clause has no tense of its own)."""
    while verb.head.i != verb.i and verb.head.pos_ in _CLAUSE_POS and _tenseless_complement(verb):
        verb = verb.head
    return verb


def _tenseless_complement(verb: Any) -> bool:
    small_clause = verb.dep_ == "ccomp" and verb.tag_ == "VBN" and not _auxiliaries(verb)
    return verb.dep_ in ("xcomp", "oprd") or small_clause


def _auxiliaries(verb: Any) -> list[Any]:
    return [c for c in verb.children if c.dep_ in ("aux", "auxpass")]


def _past_form(verb: Any) -> bool:
    """A finite past or perfect ("shelled", "was fired", "has held"); not a bare participle
    ("a statement read on television"), a present or a gerund ("said it was suspending")."""
    verb = _tense_verb(verb)
    return verb.tag_ == "VBD" or (verb.tag_ == "VBN" and bool(_auxiliaries(verb)))


def _simple_past(verb: Any) -> bool:
    """"shelled", "were fired", "began to fire": a simple past, not "had fired" or "has fired"
    (a perfect is timed from another point), nor a modal or a present."""
    verb = _tense_verb(verb)
    auxiliaries = _auxiliaries(verb)
    if verb.tag_ == "VBD":
        return not auxiliaries
    return (verb.tag_ == "VBN" and len(auxiliaries) == 1
            and auxiliaries[0].dep_ == "auxpass" and auxiliaries[0].tag_ == "VBD")


def _narrative_days(record: Record, timexes: Sequence[Timex]) -> list[_NarrativeDay]:
    """The days the article's own narrative gives its happenings: expressions resolving to a
    past day that modify a past or perfect verb directly. Not those of a reporting verb
    ("said on Sunday" is when it was told, not when it happened), nor those inside a noun
    phrase ("its strike on April 1" recalls an older happening)."""
    doc = record.doc
    days = []
    for timex in timexes:
        root = doc[timex.start_token:timex.end_token].root
        owner = clause_head(root)
        anchor = _anchor_for(record, timex.span[0])
        if (anchor is None or not _modifies_verb(root, owner)
                or not _past_form(owner) or is_speech_verb(_tense_verb(owner))):
            continue
        resolved = resolve_date(timex.text, anchor, _tense(owner))
        if resolved is not None and resolved.precision == "day" and resolved.start <= anchor.date():
            days.append(_NarrativeDay(timex, resolved.start, anchor, _simple_past(owner)))
    return days


def _modifies_verb(root: Any, owner: Any) -> bool:
    """Whether an expression (its root token) times the verb ``owner``: it hangs on the verb,
    or stands between the subject and the verb ("Syrian troops on Tuesday shelled"), where
    the parser often hangs it on the subject."""
    if root.i == owner.i:
        return False
    if root.head.i == owner.i:
        return True
    subject = root.head
    return subject.dep_ in _SUBJECT_DEPS and subject.head.i == owner.i and subject.i < root.i < owner.i


def _reference_day(trigger: Any, head: Any, days: Sequence[_NarrativeDay], anchor: datetime) -> date | None:
    """"Rebels shelled the town on Saturday. [...] Rockets were fired from two villages.": a
    simple-past event its sentence does not date is told at the narrative's reference time,
    the latest day an earlier simple-past clause has reached (a flashback, "she was detained
    on Tuesday" after "she died on Friday", does not move it back), not on the day of
    publication. Reporting verbs ("X said") stay on the day they are reported."""
    if not _simple_past(head) or is_speech_verb(_tense_verb(head)):
        return None
    earlier = [d.day for d in days
               if d.simple_past and d.anchor == anchor and d.timex.span[1] <= trigger.sent.start_char]
    return max(earlier, default=None)


def _day_within(period: Resolved, days: Sequence[_NarrativeDay], anchor: datetime) -> date | None:
    """"The army seized power last week [...] has held the president since Wednesday": a week
    the article pins down elsewhere to a single past day of it is that day. Two or more such
    days leave the week as it is (the week's first day is only a placeholder for it)."""
    inside = {d.day for d in days if d.anchor == anchor and period.start <= d.day <= period.end}
    return inside.pop() if len(inside) == 1 else None


def _date_record(record: Record) -> None:
    if record.doc is None or not record.events:
        return
    timexes = find_timexes(record.doc)
    narrative: list[list[_NarrativeDay]] = []  # computed once, when an event first needs it

    def narrative_days() -> list[_NarrativeDay]:
        if not narrative:
            narrative.append(_narrative_days(record, timexes))
        return narrative[0]

    heads = [clause_head(t) for t in record.event_tokens]
    taken = {h.i for h in heads}
    for event, trigger, head in zip(record.events, record.event_tokens, heads):
        anchor = _anchor_for(record, trigger.idx)
        if anchor is None:
            continue
        # own clause or the clauses around it first; else any date of the sentence
        choice = (_choose(event, trigger, head, timexes, taken - {head.i}, anchor)
                  or _choose(event, trigger, head, timexes, None, anchor))
        own = choice is not None and clause_head(record.doc[choice[0].start_token:choice[0].end_token].root).i == head.i
        shifted = None if own else _shifted_from_governor(event, head, timexes, anchor)
        if shifted is not None:
            event.date, event.date_text, event.date_precision = shifted.isoformat(), None, "day"
            continue
        if choice is None:
            reference = _reference_day(trigger, head, narrative_days(), anchor)
            if reference is not None:
                event.date, event.date_text, event.date_precision = reference.isoformat(), None, "day"
            else:
                _date_from_article(record, event, anchor, trigger.idx)
            continue
        timex, resolved = choice
        day = _day_within(resolved, narrative_days(), anchor) if resolved.precision == "week" else None
        if day is not None:
            resolved = _day(day)
        # `date` is a day (a week by its first day); "this year" or "a 2016 ruling" stay text + precision
        event.date = resolved.start.isoformat() if resolved.precision in ("day", "week") else None
        event.date_text, event.date_precision = timex.text, resolved.precision


def _shifted_from_governor(event: Event, head: Any, timexes: Sequence[Timex], anchor: datetime) -> date | None:
    """"The drills came two days after Pelosi visited Taiwan": a clause opened by after/before
    with a distance ("two days", "a week") happened that far from its governing clause's day
    (its own date, else the article's)."""
    if head.dep_ != "advcl":
        return None
    mark = next((c for c in head.children if c.dep_ in ("mark", "prep") and c.lower_ in ("after", "before")), None)
    distance = next((c for c in [*(mark.children if mark is not None else ()), *head.children]
                     if c.dep_ == "npadvmod" and c.lower_ in _rules().units), None)
    unit = _rules().units.get(distance.lower_) if distance is not None else None
    if mark is None or unit not in ("day", "week"):
        return None
    counted = next((c for c in distance.children if c.dep_ in ("nummod", "det")), None)
    count = _count(counted.lower_) if counted is not None else 1.0
    if count is None or count != int(count):
        return None
    governor = clause_head(head.head)
    choice = _choose(event, governor, governor, timexes, set(), anchor)
    base = choice[1].start if choice is not None and choice[1].precision == "day" else anchor.date()
    days = int(count) * (7 if unit == "week" else 1)
    return base - timedelta(days=days) if mark.lower_ == "after" else base + timedelta(days=days)


def _date_from_article(record: Record, event: Event, anchor: datetime, char: int) -> None:
    """An event its sentence does not date happened on the article's day: the dateline's
    date when the article opens with one ("KYIV, Feb 28 (Reuters) -"), else the day of
    publication (or of the embedded post it stands in)."""
    line = dateline(record.text)
    in_post = any(p.span[0] <= char < p.span[1] for p in record.posts)
    resolved = resolve_date(line.date_text, anchor) if line and line.date_text and not in_post else None
    if resolved is not None and resolved.precision == "day":
        event.date, event.date_text = resolved.start.isoformat(), line.date_text
    else:
        event.date = anchor.date().isoformat()
    event.date_precision = "day"


@dataclass(frozen=True, slots=True)
class Dateline:
    """The opening of a wire story: "KYIV, Feb 28 (Reuters) -", "TOKYO -", "Sept. 22 (UPI) --"."""

    place_text: str | None
    place_span: tuple[int, int] | None
    date_text: str | None


def dateline(text: str) -> Dateline | None:
    """The article's dateline, if its first line opens with one."""
    match = _rules().dateline.match(text)
    if match is None or not (match["place"] or match["date"]):
        return None
    place = match["place"]
    return Dateline(place.strip(" ,") if place else None,
                    (match.start("place"), match.start("place") + len(place.strip(" ,"))) if place else None,
                    match["date"])


@stage("dates", requires=["events"], assigns=["dates"])
def date_events(records: list[Record], settings: Settings) -> None:
    """Fill ``event.date`` and ``event.date_text`` for every event that has a date in its sentence."""
    for record in records:
        _date_record(record)


# --------------------------------------------------------------------------- TIMEX3


@dataclass(frozen=True, slots=True)
class Timex3:
    """A time expression with its TIMEX3 type (DATE, TIME, DURATION, SET) and normalised value."""

    text: str
    span: tuple[int, int]
    type: str
    value: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "span": list(self.span), "type": self.type, "value": self.value}


@dataclass(frozen=True)
class _Timex3Rules:
    references: dict[str, str]
    part_codes: dict[str, str]
    sets: dict[str, str]
    units: dict[str, dict[str, Any]]
    numbers: dict[str, float]
    duration: re.Pattern[str]
    per_count: re.Pattern[str]  # "15 a year": a count right before "a <unit>"
    quarter: re.Pattern[str]
    quarters: dict[str, int]
    clock: re.Pattern[str]
    decade: re.Pattern[str]
    finder: re.Pattern[str]  # what spaCy's DATE entities miss: "now", "three years", "7/8/07"


@cache
def _timex3_rules() -> _Timex3Rules:
    table = _table()["timex3"]
    units = table["duration_units"]
    unit_words = _alternation([*units, *(u + "s" for u in units), "centuries"])
    number = _alternation(table["numbers"])
    vague = _alternation(table["vague_numbers"])
    count = rf"(?:\d+(?:\.\d+)?|(?:{number})(?:[ -](?:{number}))?)(?: and a half)?"
    lead = r"(?:(?:the )?(?:past|last|next|coming|first|previous|following|over the|another) )"
    return _Timex3Rules(
        references=dict(table["references"]),
        part_codes=dict(table["day_part_codes"]),
        sets=dict(table["sets"]),
        units={**units, **{u + "s": v for u, v in units.items()}, "centuries": units["century"]},
        numbers={k: float(v) for k, v in table["numbers"].items()},
        duration=re.compile(rf"{lead}?(?:(?P<count>{count})|(?P<vague>{vague}))?[ -]?(?P<unit>{unit_words})"
                            rf"(?:[ -](?:long|old|history|period|time))?"),
        per_count=re.compile(rf"(?:\d|\b(?:{number}|times))\s*$"),
        quarter=re.compile(rf"(?:the )?({_alternation(table['quarters'])}) (?:fiscal |financial )?quarter"
                           rf"(?: of (?:fiscal |the year )?(\d{{4}}))?"),
        quarters=dict(table["quarters"]),
        clock=re.compile(r"\b(\d{1,2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)|\b(\d{1,2}):(\d{2})\b"),
        decade=re.compile(r"^(?:the )?(?:early |mid |mid-|late )?(1[89]\d|20\d)0'?s$"),
        finder=re.compile("|".join((
            rf"\b(?:{_alternation(table['references'])})\b",
            rf"\b(?:almost |nearly |about |some |more than |less than )?(?:{count})[ -](?:{unit_words})\b",
            r"\b\d{1,2}/\d{1,2}/\d{2,4}\b",
        )), re.IGNORECASE),
    )


def _count(text: str) -> float | None:
    rules = _timex3_rules()
    half = text.endswith(" and a half")
    text = text.removesuffix(" and a half")
    try:
        value = float(text)
    except ValueError:
        value = sum(rules.numbers.get(w, 0.0) for w in re.split(r"[ -]", text)) or None
    return value + 0.5 if value is not None and half else value


def _duration(text: str) -> str | None:
    """"two and a half years" -> P2.5Y, "30 minutes" -> PT30M, "several years" -> PXY."""
    rules = _timex3_rules()
    match = rules.duration.fullmatch(text)
    if not match:
        return None
    unit = rules.units[match["unit"]]
    plural = match["unit"].endswith("s")
    if match["vague"] == "the" and not plural:
        return None  # "the year" is a date, "the years" a span
    if match["count"]:
        amount = _count(match["count"])
    elif match["vague"] or plural:
        amount = None
    else:
        amount = 1.0
    letter = unit["unit"]
    number = "X" if amount is None else f"{amount * unit.get('times', 1):g}"
    return f"PT{number}{letter}" if unit.get("time") else f"P{number}{letter}"


def _quarter(text: str, anchor: date) -> str | None:
    rules = _timex3_rules()
    match = rules.quarter.fullmatch(text)
    if not match:
        return None
    word, year = match.group(1), match.group(2)
    step = rules.quarters[word]
    if word in ("first", "1st", "second", "2nd", "third", "3rd", "fourth", "4th"):
        return f"{year or anchor.year}-Q{step}"
    index = anchor.year * 4 + (anchor.month - 1) // 3 + step
    return f"{index // 4}-Q{index % 4 + 1}"


def _clock(text: str) -> str | None:
    """"6:40 p.m." -> "18:40", "08:30" -> "08:30"."""
    match = _timex3_rules().clock.search(text)
    if not match:
        return None
    if match.group(4):
        return f"{int(match.group(4)):02d}:{match.group(5)}"
    hour = int(match.group(1)) % 12 + (12 if match.group(3).startswith("p") else 0)
    return f"{hour:02d}:{match.group(2) or '00'}"


def _day_part(text: str) -> str | None:
    """The TIMEX3 time-of-day code of a day part in ``text`` ("MO"), else None."""
    codes = _timex3_rules().part_codes
    found = re.search(rf"\b({_alternation(codes)})\b", text)
    return codes[found.group(1)] if found else None


def _date_value(text: str, anchor: date, tense: str) -> str | None:
    decade = _timex3_rules().decade.match(text)
    if decade:
        return decade.group(1)
    resolved = resolve_date(text, anchor, tense)
    if resolved is None:
        return None
    if resolved.precision == "week" and "weekend" in text:
        return f"{resolved.value}-WE"
    return resolved.value


def timex3(expression: str, anchor: date | datetime | None, tense: str = "past",
           before: str = "") -> tuple[str, str]:
    """TIMEX3 ``(type, value)`` of a time expression, resolved against ``anchor``.

    ``before`` is the text just before the expression: a count there makes "a year" a
    SET ("15 a year"). An expression naming no resolvable date gets "XXXX-XX-XX".
    """
    rules = _timex3_rules()
    text, _ = _strip_lead(_normalize(expression))
    if text in rules.references:
        return "DATE", rules.references[text]
    if text in rules.sets or any(re.search(rf"\b{re.escape(w)}\b", text) for w in rules.sets if " " not in w):
        word = next(w for w in sorted(rules.sets, key=len, reverse=True) if re.search(rf"\b{re.escape(w)}\b", text))
        return "SET", rules.sets[word]
    day = _anchor_day(anchor) if anchor is not None else None
    quarter = _quarter(text, day) if day is not None else None
    if quarter:
        return "DATE", quarter
    duration = _duration(text)
    if duration and text not in _rules().relative:
        if re.fullmatch(r"an? \w+", text) and rules.per_count.search(before):
            return "SET", duration
        return "DURATION", duration
    if day is None:
        year = re.search(r"\b(1[89]\d\d|20\d\d)\b", text)
        day = date(int(year.group(1)), 1, 1) if year else None
    value = _date_value(text, day, tense) if day is not None else None
    clock = _clock(expression.lower())
    time = clock or _day_part(text)
    zone = "Z" if clock and re.search(r"\b(?:utc|gmt)\b", expression.lower()) else ""
    if value is None and clock and day is not None:
        value = day.isoformat()  # a bare clock time is on the anchor's day
    if value is not None and time is not None and len(value) == 10:
        return ("TIME" if clock else "DATE"), f"{value}T{time}{zone}"
    return "DATE", value or "XXXX-XX-XX"


def _tag(doc: Any, anchor_at: Callable[[int], date | datetime | None]) -> list[Timex3]:
    found = []
    for timex in find_timexes(doc):
        owner = clause_head(doc[timex.start_token:timex.end_token].root)
        before = doc.text[max(0, timex.span[0] - 12):timex.span[0]]
        kind, value = timex3(timex.text, anchor_at(timex.span[0]), _tense(owner), before)
        found.append(Timex3(timex.text, timex.span, kind, value))
    return found


def tag_timexes(doc: Any, anchor: date | datetime | None) -> list[Timex3]:
    """Every time expression in ``doc`` with its TIMEX3 type and value, each resolved in
    the tense of the clause it stands in."""
    return _tag(doc, lambda _: anchor)


def tag_record(record: Record) -> list[Timex3]:
    """:func:`tag_timexes` on a parsed record: an embedded post's expressions are resolved
    against the post's time, the rest against ``published``."""
    if record.doc is None:
        return []
    return _tag(record.doc, lambda char: _anchor_for(record, char))
