"""Dates: the resolver on a hand-computed table, time-expression finding, and the stage."""
from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from eventwire.model import Article, EmbeddedPost, Event, Record
from eventwire.qualify.commands import when
from eventwire.qualify.dates import Resolved, date_events, dateline, find_timexes, resolve_date, timex3
from eventwire.settings import load_settings

# Anchors, with the weekday each falls on (the expectations below were worked out by hand
# on a calendar from these).
MON = "2022-02-28"  # Monday, ISO week 2022-W09
SAT = "2024-04-13"  # Saturday, ISO week 2024-W15
THU = "2022-08-04"  # Thursday, ISO week 2022-W31
NEWYEAR = "2023-01-05"  # Thursday, ISO week 2023-W01
DEC = "2022-12-20"  # Tuesday, ISO week 2022-W51
SUN = "2022-09-18"  # Sunday, ISO week 2022-W37

# (expression, anchor, tense, expected): expected is "precision value [start end]" or None.
# A day's start and end are the day itself; a week's, weekend's or range's are given.
CASES = [
    # ---- weekdays, past and future, around a Monday
    ("On Saturday", MON, "past", "day 2022-02-26"),
    ("On Saturday", MON, "future", "day 2022-03-05"),
    ("on Monday", MON, "past", "day 2022-02-28"),
    ("on Monday", MON, "future", "day 2022-02-28"),
    ("Sunday", MON, "past", "day 2022-02-27"),
    ("Sunday", MON, "future", "day 2022-03-06"),
    ("as early as Monday", MON, "past", "day 2022-02-28"),
    ("as early as Wednesday", MON, "past", "day 2022-03-02"),
    ("as soon as Tuesday", MON, "past", "day 2022-03-01"),
    ("as soon as Friday", MON, "future", "day 2022-03-04"),
    ("by Tuesday", MON, "future", "day 2022-03-01"),
    ("by Tuesday", MON, "past", "day 2022-02-22"),
    ("next Tuesday", MON, "past", "day 2022-03-01"),
    ("next Monday", MON, "future", "day 2022-03-07"),
    ("last Friday", MON, "past", "day 2022-02-25"),
    ("last Monday", MON, "past", "day 2022-02-21"),
    ("last Friday", MON, "future", "day 2022-02-25"),
    ("this Friday", MON, "future", "day 2022-03-04"),
    ("this Friday", MON, "past", "day 2022-02-25"),
    ("late Sunday", MON, "past", "day 2022-02-27"),
    ("early Monday", MON, "past", "day 2022-02-28"),
    ("Sunday night", MON, "past", "day 2022-02-27"),
    ("Saturday morning", MON, "past", "day 2022-02-26"),
    ("last Tuesday night", MON, "past", "day 2022-02-22"),
    ("on Monday morning", MON, "past", "day 2022-02-28"),
    ("During Monday\u2019s protests", MON, "past", "day 2022-02-28"),
    # ---- fixed relative phrases
    ("today", MON, "past", "day 2022-02-28"),
    ("tonight", MON, "future", "day 2022-02-28"),
    ("this morning", MON, "past", "day 2022-02-28"),
    ("this afternoon", MON, "past", "day 2022-02-28"),
    ("this evening", MON, "future", "day 2022-02-28"),
    ("yesterday", MON, "past", "day 2022-02-27"),
    ("the day before", MON, "past", "day 2022-02-27"),
    ("tomorrow", MON, "future", "day 2022-03-01"),
    ("last week", MON, "past", "week 2022-W08 2022-02-21 2022-02-27"),
    ("this week", MON, "past", "week 2022-W09 2022-02-28 2022-03-06"),
    ("next week", MON, "future", "week 2022-W10 2022-03-07 2022-03-13"),
    ("last month", MON, "past", "month 2022-01"),
    ("this month", MON, "past", "month 2022-02"),
    ("earlier this month", MON, "past", "month 2022-02"),
    ("next month", MON, "future", "month 2022-03"),
    ("last year", MON, "past", "year 2021"),
    ("earlier this year", MON, "past", "year 2022"),
    ("late last year", MON, "past", "year 2021"),
    ("next year", MON, "future", "year 2023"),
    ("over the weekend", MON, "past", "week 2022-W08 2022-02-26 2022-02-27"),
    ("this weekend", MON, "future", "week 2022-W09 2022-03-05 2022-03-06"),
    # ---- ranges
    ("between Friday and Sunday", MON, "past", "day 2022-02-25 2022-02-25 2022-02-27"),
    ("between Thursday and Saturday", MON, "future", "day 2022-03-03 2022-03-03 2022-03-05"),
    ("between Feb. 20 and Feb. 22", MON, "past", "day 2022-02-20 2022-02-20 2022-02-22"),
    ("from Friday to Sunday", MON, "past", "day 2022-02-25 2022-02-25 2022-02-27"),
    # ---- explicit dates
    ("Feb. 24", MON, "past", "day 2022-02-24"),
    ("24 February 2022", MON, "past", "day 2022-02-24"),
    ("2022-02-24", MON, "past", "day 2022-02-24"),
    ("February 24th", MON, "past", "day 2022-02-24"),
    ("on Feb. 21", MON, "past", "day 2022-02-21"),
    ("March 2021", MON, "past", "month 2021-03"),
    ("in 2019", MON, "past", "year 2019"),
    ("Dec. 28", MON, "past", "day 2021-12-28"),
    ("Dec. 28", MON, "future", "day 2022-12-28"),
    ("March 5", MON, "future", "day 2022-03-05"),
    ("March 5", MON, "past", "day 2022-03-05"),
    ("in March", MON, "past", "month 2022-03"),
    ("in December", MON, "past", "month 2021-12"),
    # ---- counted back
    ("two days ago", MON, "past", "day 2022-02-26"),
    ("three days ago", MON, "past", "day 2022-02-25"),
    ("a week ago", MON, "past", "week 2022-W08 2022-02-21 2022-02-27"),
    # ---- no date named
    ("for two years", MON, "past", None),
    ("over the past two years", MON, "past", None),
    ("in recent days", MON, "past", None),
    ("decades", MON, "past", None),
    ("two days after", MON, "past", None),
    ("earlier", MON, "past", None),
    ("", MON, "past", None),
    ("every Friday", MON, "past", None),
    ("annual", MON, "past", None),
    ("for the past three weeks", MON, "past", None),
    # ---- around a Saturday
    ("on Saturday", SAT, "past", "day 2024-04-13"),
    ("on Saturday", SAT, "future", "day 2024-04-13"),
    ("late on Saturday", SAT, "past", "day 2024-04-13"),
    ("Earlier on Saturday", SAT, "past", "day 2024-04-13"),
    ("on Saturday night", SAT, "past", "day 2024-04-13"),
    ("on Friday", SAT, "past", "day 2024-04-12"),
    ("on Friday", SAT, "future", "day 2024-04-19"),
    ("last Saturday", SAT, "past", "day 2024-04-06"),
    ("next Saturday", SAT, "future", "day 2024-04-20"),
    ("on April 1", SAT, "past", "day 2024-04-01"),
    ("April 1", SAT, "future", "day 2024-04-01"),
    ("in the early hours of April 14", SAT, "future", "day 2024-04-14"),
    ("on Saturday, April 13, 2024", SAT, "past", "day 2024-04-13"),
    ("tomorrow", SAT, "future", "day 2024-04-14"),
    ("yesterday", SAT, "past", "day 2024-04-12"),
    ("over the weekend", SAT, "past", "week 2024-W15 2024-04-13 2024-04-14"),
    ("last weekend", SAT, "past", "week 2024-W14 2024-04-06 2024-04-07"),
    ("next weekend", SAT, "future", "week 2024-W16 2024-04-20 2024-04-21"),
    ("this week", SAT, "past", "week 2024-W15 2024-04-08 2024-04-14"),
    ("last week", SAT, "past", "week 2024-W14 2024-04-01 2024-04-07"),
    ("last month", SAT, "past", "month 2024-03"),
    ("on Sunday", SAT, "future", "day 2024-04-14"),
    ("Sunday", SAT, "past", "day 2024-04-07"),
    ("at midday", SAT, "past", "day 2024-04-13"),
    ("as early as Sunday", SAT, "past", "day 2024-04-14"),
    ("a week ago", SAT, "past", "week 2024-W14 2024-04-01 2024-04-07"),
    ("two weeks ago", SAT, "past", "week 2024-W13 2024-03-25 2024-03-31"),
    ("ten days ago", SAT, "past", "day 2024-04-03"),
    ("a month ago", SAT, "past", "month 2024-03"),
    ("two years ago", SAT, "past", "year 2022"),
    ("13 April 2024", SAT, "past", "day 2024-04-13"),
    ("Apr. 14", SAT, "future", "day 2024-04-14"),
    ("the previous day", SAT, "past", "day 2024-04-12"),
    ("this month", SAT, "past", "month 2024-04"),
    ("last year", SAT, "past", "year 2023"),
    ("in 2023", SAT, "past", "year 2023"),
    ("April 2024", SAT, "past", "month 2024-04"),
    ("mid-April", SAT, "past", "month 2024-04"),
    ("since Wednesday", SAT, "future", "day 2024-04-10"),
    ("since Wednesday", SAT, "past", "day 2024-04-10"),
    ("between Friday and Sunday", SAT, "future", "day 2024-04-19 2024-04-19 2024-04-21"),
    ("between Thursday and Saturday", SAT, "past", "day 2024-04-11 2024-04-11 2024-04-13"),
    # ---- around a Thursday
    ("on Wednesday (August 3)", THU, "past", "day 2022-08-03"),
    ("on Thursday (Aug 4)", THU, "past", "day 2022-08-04"),
    ("late on Tuesday", THU, "past", "day 2022-08-02"),
    ("Tuesday, Aug. 2, 2022", THU, "past", "day 2022-08-02"),
    ("on Tuesday night", THU, "past", "day 2022-08-02"),
    ("on Monday (August 1)", THU, "past", "day 2022-08-01"),
    ("this week", THU, "past", "week 2022-W31 2022-08-01 2022-08-07"),
    ("earlier this week", THU, "past", "week 2022-W31 2022-08-01 2022-08-07"),
    ("next week", THU, "future", "week 2022-W32 2022-08-08 2022-08-14"),
    ("on Sunday", THU, "past", "day 2022-07-31"),
    ("on Sunday", THU, "future", "day 2022-08-07"),
    ("over the weekend", THU, "past", "week 2022-W30 2022-07-30 2022-07-31"),
    ("this weekend", THU, "future", "week 2022-W31 2022-08-06 2022-08-07"),
    ("last Thursday", THU, "past", "day 2022-07-28"),
    ("next Thursday", THU, "future", "day 2022-08-11"),
    ("on Aug. 10", THU, "future", "day 2022-08-10"),
    ("Aug. 10", THU, "past", "day 2022-08-10"),
    ("July 26", THU, "past", "day 2022-07-26"),
    ("on July 26, 2023", THU, "past", "day 2023-07-26"),
    ("last month", THU, "past", "month 2022-07"),
    ("earlier this year", THU, "past", "year 2022"),
    ("two days ago", THU, "past", "day 2022-08-02"),
    ("tonight", THU, "past", "day 2022-08-04"),
    ("Friday", THU, "future", "day 2022-08-05"),
    ("Friday", THU, "past", "day 2022-07-29"),
    ("as early as Friday", THU, "past", "day 2022-08-05"),
    ("as soon as next week", THU, "past", "week 2022-W32 2022-08-08 2022-08-14"),
    ("8/2/2022", THU, "past", "day 2022-08-02"),
    ("August 2022", THU, "past", "month 2022-08"),
    # ---- across a new year
    ("Dec. 28", NEWYEAR, "past", "day 2022-12-28"),
    ("on December 30", NEWYEAR, "past", "day 2022-12-30"),
    ("last year", NEWYEAR, "past", "year 2022"),
    ("this year", NEWYEAR, "past", "year 2023"),
    ("last month", NEWYEAR, "past", "month 2022-12"),
    ("last week", NEWYEAR, "past", "week 2022-W52 2022-12-26 2023-01-01"),
    ("on Saturday", NEWYEAR, "past", "day 2022-12-31"),
    ("Jan. 3", NEWYEAR, "past", "day 2023-01-03"),
    ("in December", NEWYEAR, "past", "month 2022-12"),
    ("this week", NEWYEAR, "past", "week 2023-W01 2023-01-02 2023-01-08"),
    ("on Sunday", NEWYEAR, "past", "day 2023-01-01"),
    ("yesterday", NEWYEAR, "past", "day 2023-01-04"),
    ("Jan. 10", DEC, "future", "day 2023-01-10"),
    ("on Jan. 10", DEC, "past", "day 2022-01-10"),
    ("next month", DEC, "future", "month 2023-01"),
    ("next year", DEC, "future", "year 2023"),
    ("next week", DEC, "future", "week 2022-W52 2022-12-26 2023-01-01"),
    ("this weekend", DEC, "future", "week 2022-W51 2022-12-24 2022-12-25"),
    ("over the weekend", DEC, "past", "week 2022-W50 2022-12-17 2022-12-18"),
    ("last Tuesday", DEC, "past", "day 2022-12-13"),
    ("on Tuesday", DEC, "future", "day 2022-12-20"),
    ("as early as Thursday", DEC, "past", "day 2022-12-22"),
    ("in January", DEC, "future", "month 2023-01"),
    ("in January", DEC, "past", "month 2022-01"),
    # ---- around a Sunday
    ("on Tuesday", SUN, "past", "day 2022-09-13"),
    ("last Tuesday", SUN, "past", "day 2022-09-13"),
    ("on Sept. 13", SUN, "past", "day 2022-09-13"),
    ("over the weekend", SUN, "past", "week 2022-W37 2022-09-17 2022-09-18"),
    ("on Friday", SUN, "past", "day 2022-09-16"),
    ("on Monday", SUN, "future", "day 2022-09-19"),
    ("Monday", SUN, "past", "day 2022-09-12"),
    ("this week", SUN, "past", "week 2022-W37 2022-09-12 2022-09-18"),
    ("on Sunday", SUN, "past", "day 2022-09-18"),
    ("last night", SUN, "past", "day 2022-09-17"),
    ("the day before yesterday", SUN, "past", "day 2022-09-16"),
    ("September 2022", SUN, "past", "month 2022-09"),
    ("Sept. 13, 2022", SUN, "past", "day 2022-09-13"),
    ("13 September", SUN, "past", "day 2022-09-13"),
    ("a year ago", SUN, "past", "year 2021"),
    ("three weeks ago", SUN, "past", "week 2022-W34 2022-08-22 2022-08-28"),
]


def _expected(spec: str | None) -> tuple | None:
    if spec is None:
        return None
    precision, value, *bounds = spec.split()
    if precision == "day" and not bounds:
        bounds = [value, value]
    return precision, value, *(date.fromisoformat(b) for b in bounds)


def _actual(found: Resolved | None, with_bounds: bool) -> tuple | None:
    if found is None:
        return None
    return (found.precision, found.value, found.start, found.end) if with_bounds else (found.precision, found.value)


def test_dates_table_is_large_and_unique():
    keys = [(expression, anchor, tense) for expression, anchor, tense, _ in CASES]
    assert len(keys) >= 150
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("expression,anchor,tense,spec", CASES)
def test_dates_resolve_date_table(expression, anchor, tense, spec):
    expected = _expected(spec)
    found = resolve_date(expression, date.fromisoformat(anchor), tense)
    with_bounds = expected is not None and len(expected) == 4
    assert _actual(found, with_bounds) == expected


@pytest.mark.parametrize("expression,anchor,start,end", [
    ("February 2024", SAT, "2024-02-01", "2024-02-29"),  # a leap year's February
    ("last month", "2023-03-10", "2023-02-01", "2023-02-28"),
    ("in 2019", MON, "2019-01-01", "2019-12-31"),
    ("last year", NEWYEAR, "2022-01-01", "2022-12-31"),
])
def test_dates_resolve_date_coarse_periods_span_their_whole_period(expression, anchor, start, end):
    found = resolve_date(expression, date.fromisoformat(anchor))
    assert (found.start, found.end) == (date.fromisoformat(start), date.fromisoformat(end))


def test_dates_resolve_date_accepts_a_datetime_anchor():
    found = resolve_date("yesterday", datetime(2022, 2, 28, 23, 30))
    assert found is not None and found.value == "2022-02-27"


# ------------------------------------------------------------------ finding (spaCy)


@pytest.mark.integration
@pytest.mark.parametrize("text,expected", [
    ("Belarus could send troops as early as Monday, an official said on Sunday.",
     ["as early as Monday", "on Sunday"]),
    ("Protesters gathered over the weekend and marched late on Tuesday.", ["over the weekend", "late on Tuesday"]),
    ("The ministers met on Wednesday (August 3) in Jakarta.", ["on Wednesday (August 3)"]),
    ("Shelling continued between Friday and Sunday, the mayor said.", ["between Friday and Sunday"]),
    ("The council will vote next Tuesday.", ["next Tuesday"]),
    ("Rebels seized the town Sunday night.", ["Sunday night"]),
    ("The envoy arrived in Kabul.", []),
])
def test_dates_find_timexes_widens_to_cue_words(nlp, text, expected):
    timexes = find_timexes(nlp(text))
    assert [t.text for t in timexes] == expected
    for timex in timexes:
        assert text[timex.span[0]:timex.span[1]] == timex.text


@pytest.mark.integration
def test_dates_find_timexes_token_range_matches_span(nlp):
    doc = nlp("Talks were held late on Saturday in Geneva.")
    (timex,) = find_timexes(doc)
    assert doc[timex.start_token:timex.end_token].text == timex.text == "late on Saturday"


# ------------------------------------------------------------------ the stage


def _record(nlp, text: str, triggers: list[str], published: str | None = MON,
            modality: str = "asserted") -> Record:
    record = Record(article=Article(id="t", text=text, published=published), text=text)
    record.doc = nlp(text)
    for word in triggers:
        token = next(t for t in record.doc if t.text == word)
        record.events.append(Event(source=None, target=None, cameo="190", plover="ASSAULT", quad_class=4,
                                   goldstein=-10.0, modality=modality, trigger=word))
        record.event_tokens.append(token)
    return record


def _dated(record: Record) -> list[tuple[str | None, str | None]]:
    date_events([record], load_settings())
    return [(e.date, e.date_text) for e in record.events]


@pytest.mark.integration
def test_dates_stage_takes_each_clause_its_own_date(nlp):
    record = _record(nlp, "Belarus could send troops into Ukraine as early as Monday, "
                          "a senior U.S. official said on Sunday.", ["send", "said"])
    assert _dated(record) == [("2022-02-28", "as early as Monday"), ("2022-02-27", "on Sunday")]


@pytest.mark.integration
def test_dates_stage_future_clause_points_forward(nlp):
    record = _record(nlp, "Ukraine and Russia are set to hold talks on Friday.", ["hold"])
    assert _dated(record) == [("2022-03-04", "on Friday")]


@pytest.mark.integration
def test_dates_stage_future_modality_points_forward(nlp):
    record = _record(nlp, "Delegations meet in Gomel on Saturday.", ["meet"], modality="future")
    assert _dated(record) == [("2022-03-05", "on Saturday")]


@pytest.mark.integration
def test_dates_stage_reporting_verb_does_not_take_the_reported_events_date(nlp):
    record = _record(nlp, "Belarus will send troops into Ukraine on Saturday, a senior U.S. official said.",
                     ["send", "said"])
    assert _dated(record) == [("2022-03-05", "on Saturday"), ("2022-02-28", None)]


@pytest.mark.integration
def test_dates_stage_coordinated_clause_with_own_subject_keeps_its_own_date(nlp):
    record = _record(nlp, "Protesters clashed with police over the weekend in Tehran, "
                          "and students marched late on Tuesday.", ["clashed", "marched"])
    assert _dated(record) == [("2022-02-26", "over the weekend"), ("2022-02-22", "late on Tuesday")]


@pytest.mark.integration
def test_dates_stage_nominal_trigger_uses_its_verbs_clause(nlp):
    record = _record(nlp, "The invasion of Ukraine began on Thursday.", ["invasion"])
    assert _dated(record) == [("2022-02-24", "on Thursday")]


@pytest.mark.integration
def test_dates_stage_undated_sentence_takes_the_articles_day(nlp):
    record = _record(nlp, "Officials met in Minsk. The talks ended on Friday.", ["met"])
    assert _dated(record) == [("2022-02-28", None)]
    assert record.events[0].date_precision == "day"


@pytest.mark.integration
def test_dates_stage_undated_sentence_takes_the_datelines_day(nlp):
    record = _record(nlp, "KYIV, Feb 27 (Reuters) - Officials met in Minsk.", ["met"])
    assert _dated(record) == [("2022-02-27", "Feb 27")]


@pytest.mark.integration
def test_dates_stage_clause_without_a_date_takes_its_sibling_clauses(nlp):
    record = _record(nlp, "Rockets hit the port on Saturday, and a girl was injured.", ["hit", "injured"])
    assert _dated(record) == [("2022-02-26", "on Saturday"), ("2022-02-26", "on Saturday")]


@pytest.mark.integration
def test_dates_stage_without_publication_date_resolves_nothing(nlp):
    record = _record(nlp, "Troops crossed the border on Friday.", ["crossed"], published=None)
    assert _dated(record) == [(None, None)]


@pytest.mark.integration
def test_dates_stage_accepts_a_datetime_published(nlp):
    record = _record(nlp, "Troops crossed the border on Friday.", ["crossed"], published="2022-02-28T21:04:00Z")
    assert _dated(record) == [("2022-02-25", "on Friday")]


@pytest.mark.integration
def test_dates_stage_anchors_an_embedded_post_on_its_own_time(nlp):
    text = "The minister wrote: Our forces repelled the attack on Sunday. Officials met on Sunday."
    record = _record(nlp, text, ["repelled", "met"], published="2022-03-10")
    post_start = text.index("Our")
    post_end = text.index("Officials") - 1
    record.posts.append(EmbeddedPost(author="Minister", handle=None, time="2022-02-28T09:00:00+00:00",
                                     span=(post_start, post_end), signature_span=(post_end, post_end)))
    assert _dated(record) == [("2022-02-27", "on Sunday"), ("2022-03-06", "on Sunday")]


@pytest.mark.integration
def test_dates_stage_with_precision_field_fills_it(nlp):
    record = _record(nlp, "Rebels shelled the city last week.", ["shelled"])

    class PrecisionEvent:  # stands in for an Event that has grown a date_precision field
        def __init__(self, event: Event) -> None:
            self.__dict__.update({name: getattr(event, name) for name in ("modality", "date", "date_text")})
            self.date_precision = None

    record.events = [PrecisionEvent(record.events[0])]  # type: ignore[list-item]
    date_events([record], load_settings())
    assert (record.events[0].date, record.events[0].date_precision) == ("2022-02-21", "week")


def test_dates_table_words_are_all_strings():
    # YAML reads a bare on/off as a boolean: a lost "on" would leave "on Monday" unwidened.
    from eventwire.qualify.dates import _table

    table = _table()
    words = [c["words"] for c in table["cues"]] + table["modifiers"] + table["day_parts"] + table["future_cues"]
    assert all(isinstance(w, str) for w in words)
    assert "on" in [c["words"] for c in table["cues"]]


@pytest.mark.integration
def test_dates_stage_month_or_year_is_not_a_day(nlp):
    record = _record(nlp, "In 2016, Turkey condemned a ruling by the court.", ["condemned"])
    date_events([record], load_settings())
    event = record.events[0]
    assert event.date is None and event.date_text == "In 2016" and event.date_precision == "year"


# ------------------------------------------------------------------ TIMEX3 values


@pytest.mark.parametrize("expression,anchor,tense,expected", [
    ("24 February 2022", MON, "past", ("DATE", "2022-02-24")),
    ("On Saturday", MON, "past", ("DATE", "2022-02-26")),
    ("last week", MON, "past", ("DATE", "2022-W08")),
    ("over the weekend", MON, "past", ("DATE", "2022-W08-WE")),
    ("last month", MON, "past", ("DATE", "2022-01")),
    ("the first quarter of 2021", MON, "past", ("DATE", "2021-Q1")),
    ("the last quarter", MON, "past", ("DATE", "2021-Q4")),
    ("the 1990s", MON, "past", ("DATE", "199")),
    ("now", MON, "past", ("DATE", "PRESENT_REF")),
    ("currently", MON, "past", ("DATE", "PRESENT_REF")),
    ("recently", MON, "past", ("DATE", "PAST_REF")),
    ("in the future", MON, "future", ("DATE", "FUTURE_REF")),
    ("this morning", MON, "past", ("DATE", "2022-02-28TMO")),
    ("Sunday night", MON, "past", ("DATE", "2022-02-27TNI")),
    ("at 6:40 p.m.", MON, "past", ("TIME", "2022-02-28T18:40")),
    ("08:30 UTC", MON, "past", ("TIME", "2022-02-28T08:30Z")),
    ("two years", MON, "past", ("DURATION", "P2Y")),
    ("almost two and a half years", MON, "past", ("DURATION", "P2.5Y")),
    ("fifty-year", MON, "past", ("DURATION", "P50Y")),
    ("the past decade", MON, "past", ("DURATION", "P10Y")),
    ("several years", MON, "past", ("DURATION", "PXY")),
    ("decades-long", MON, "past", ("DURATION", "PXY")),
    ("thirty minutes", MON, "past", ("DURATION", "PT30M")),
    ("12-hour", MON, "past", ("DURATION", "PT12H")),
    ("18 months", MON, "past", ("DURATION", "P18M")),
    ("annual", MON, "past", ("SET", "P1Y")),
    ("every week", MON, "past", ("SET", "P1W")),
    ("the year", MON, "past", ("DATE", "2022")),
    ("the Joint Council", MON, "past", ("DATE", "XXXX-XX-XX")),
])
def test_dates_timex3_types_and_values(expression, anchor, tense, expected):
    assert timex3(expression, date.fromisoformat(anchor), tense) == expected


def test_dates_timex3_a_unit_after_a_count_is_a_set():
    assert timex3("a year", date(2022, 2, 28), before="at a rate of 15 ") == ("SET", "P1Y")
    assert timex3("a year", date(2022, 2, 28), before="lasted ") == ("DURATION", "P1Y")


def test_dates_timex3_without_an_anchor_keeps_explicit_dates():
    assert timex3("February 24, 2022", None) == ("DATE", "2022-02-24")
    assert timex3("on Saturday", None) == ("DATE", "XXXX-XX-XX")


@pytest.mark.parametrize("text,expected", [
    ("KYIV, Feb 28 (Reuters) - Russian forces", ("KYIV", "Feb 28")),
    ("WASHINGTON, D.C., USA \u2014 The U.S. government", ("WASHINGTON, D.C., USA", None)),
    ("Sept. 22 (UPI) -- The Treasury", (None, "Sept. 22")),
    ("TOKYO - Five missiles", ("TOKYO", None)),
    ("Iran fired drones - and missiles", None),
    ("US - China talks resumed", None),
])
def test_dates_dateline(text, expected):
    found = dateline(text)
    assert (None if found is None else (found.place_text, found.date_text)) == expected


@pytest.mark.integration
def test_dates_when_gives_timex3_dicts_with_spans():
    text = "Delegations met on Saturday and will meet again next week."
    found = when(text, "2022-02-28")
    assert [(t["text"], t["type"], t["value"]) for t in found] == [
        ("on Saturday", "DATE", "2022-02-26"), ("next week", "DATE", "2022-W10")]
    assert all(text[t["span"][0]:t["span"][1]] == t["text"] for t in found)


@pytest.mark.integration
def test_dates_command_writes_one_line_per_article(tmp_path, capsys):
    from eventwire.cli import main

    articles = tmp_path / "in.jsonl"
    articles.write_text("\n".join(json.dumps(a) for a in [
        {"id": "a", "text": "Talks began on Monday.", "published": "2022-02-28"},
        {"id": "b", "text": "No time here.", "published": "2022-02-28"},
        "not an article"]) + "\n")
    main(["dates", str(articles), "--format", "jsonl"])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["id"] for line in lines[:2]] == ["a", "b"]
    assert lines[0]["timexes"] == [{"text": "on Monday", "span": [12, 21], "type": "DATE", "value": "2022-02-28"}]
    assert lines[1]["timexes"] == [] and "errors" in lines[2]


# (text, trigger, date, date_text) for one event, published on Monday 2022-02-28 (MON).
SENTENCE_CASES = [
    # ---- "two days after X did Y": Y is dated from its governing clause's day
    ("The raids came two days after the envoy visited Ghana.", "visited", "2022-02-26", None),
    ("Protests erupted on Friday, three days after police arrested her.", "arrested", "2022-02-22", None),
    ("The strike came a week before talks resumed.", "resumed", "2022-03-07", None),
    # ---- an undated simple-past event is told at the narrative's reference time: the latest day
    # an earlier simple-past clause gave, not a reporting verb's day nor a noun phrase's
    ("Rebels shelled the port on Saturday. Rockets were fired from two villages.", "fired", "2022-02-26", None),
    ("Rebels shelled the port late on Saturday. Later, rockets hit a school.", "hit", "2022-02-26", None),
    ("Rebel units on Saturday shelled the port. Rockets were fired from two villages.", "fired", "2022-02-26", None),
    ("The activist died in hospital on Friday. She was arrested on Tuesday. Police detained her brother.",
     "detained", "2022-02-25", None),
    ("The ministry said on Sunday that talks had stalled. Troops crossed the river.", "crossed", "2022-02-28", None),
    ("Rebels shelled the port on Saturday. The army has sealed the border.", "sealed", "2022-02-28", None),
    ("Rebels shelled the port on Saturday. The governor said the port was closed.", "said", "2022-02-28", None),
    ("Troops crossed the river. Rebels shelled the port on Saturday.", "crossed", "2022-02-28", None),
    ("Tanks entered the town after the raid of Feb. 20. Troops crossed the river.", "crossed", "2022-02-28", None),
    ("Rebels will march on the capital on Thursday. Troops crossed the river.", "crossed", "2022-02-28", None),
    # ---- a week the article pins to one past day of it elsewhere is that day
    ("The army seized power last week. It has held the president at his residence since Wednesday.",
     "seized", "2022-02-23", "last week"),
    ("Protesters clashed with police over the weekend. Police arrested dozens on Sunday.",
     "clashed", "2022-02-27", "over the weekend"),
    ("The army seized power last week. It has held the president since Wednesday. "
     "Soldiers closed the airport on Friday.", "seized", "2022-02-21", "last week"),
    ("The army seized power last week, the governor said on Thursday.", "seized", "2022-02-21", "last week"),
    ("The army seized power last week. Officials met in the capital on Monday.", "seized", "2022-02-21", "last week"),
    # ---- a date modifying a noun dates that noun's happening, not the clause's verb; unless the
    # noun is the event, the event is a relative clause on it, or a preposition ties it to the verb
    ("The bloc gave the leaders of last week's coup seven days to step down.", "gave", "2022-02-28", None),
    ("Turkey condemned a 2016 ruling by the court.", "condemned", "2022-02-28", None),
    ("The army denounced the Feb. 20 strike on the port.", "strike", "2022-02-20", "Feb. 20"),
    ("The vote was a reply to the Feb. 20 strike on the port, which killed six.", "killed", "2022-02-20", "Feb. 20"),
    ("Two men were killed during Saturday's protests.", "killed", "2022-02-26", "during Saturday"),
    # ---- "due to" and "set to" look forward only before an infinitive
    ("The prisoner died on Friday due to his injuries.", "died", "2022-02-25", "on Friday"),
    ("The envoys are due to meet on Friday.", "meet", "2022-03-04", "on Friday"),
    ("Talks are set to quickly resume on Friday.", "resume", "2022-03-04", "on Friday"),
]


@pytest.mark.integration
@pytest.mark.parametrize("text,trigger,day,words", SENTENCE_CASES)
def test_dates_stage_sentence_table(nlp, text, trigger, day, words):
    record = _record(nlp, text, [trigger])
    assert _dated(record) == [(day, words)]
