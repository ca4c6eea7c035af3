"""The packaged JSON Schemas accept contract-shaped records and reject broken ones."""
from __future__ import annotations

import copy
from typing import Any

import pytest
from jsonschema import ValidationError

from eventwire.errors import DataFileError
from eventwire.model import Actor, Attribution, Event, Place, Quote, Result
from eventwire.schema import load_schema, validate_result, validate_story


def _good_result() -> dict[str, Any]:
    """A result built through the data model, as `eventwire code` would write it."""
    sentence = "Polish border guards detained four Belarusian officers near Brest on Tuesday, the ministry said."
    event = Event(
        source=Actor.make("Polish border guards", "POL", "COP", name="Poland"),
        target=Actor.make("four Belarusian officers", "BLR", "MIL", name="Belarus"),
        cameo="173", plover="COERCE", quad_class=4, goldstein=-5.0, modality="asserted",
        attribution=Attribution(speaker="the ministry", speaker_type="organisation",
                                speaker_actor=Actor.make("the ministry", "POL", "GOV"), via=[], quote=False),
        date="2025-11-04", date_text="on Tuesday",
        location=Place(name="Brest", country="BLR", lat=52.1, lon=23.7, geonameid=629634, precision="city"),
        sentence=sentence, span=(0, len(sentence)), trigger="detained",
    )
    quote = Quote(speaker="Anna Nowak", text="We will not be provoked.", span=(120, 144))
    return Result(id="r-1", events=[event], quotes=[quote]).to_dict()


def _good_story() -> dict[str, Any]:
    return {
        "story": "s-000001", "status": "disputed", "event": _good_result()["events"][0],
        "first_seen": "2025-11-04T08:00:00Z", "last_seen": "2025-11-05T10:30:00Z",
        "articles": 2, "outlets": 2, "support": {"asserted": 1, "negated": 1},
        "reports": [{"article": "a-1", "event": 0}, {"article": "a-2", "event": 3}],
        "contradictions": [[{"article": "a-1", "event": 0}, {"article": "a-2", "event": 3}]],
    }


def test_schema_load_schema_returns_draft_2020_12() -> None:
    for name in ("result", "story"):
        assert load_schema(name)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_load_schema_rejects_unknown_name() -> None:
    with pytest.raises(DataFileError):
        load_schema("article")


def test_schema_accepts_model_result() -> None:
    validate_result(_good_result())


def test_schema_accepts_result_without_events_and_with_errors() -> None:
    validate_result({"id": "x", "schema": "eventwire.event/1", "events": [], "quotes": [],
                     "errors": ["EW201 clean: article text is empty"]})


def test_schema_accepts_added_fields() -> None:
    result = _good_result()
    result["outlet"] = "example.org"
    result["events"][0]["story"] = "s-000001"
    validate_result(result)


def test_schema_accepts_null_actors_attribution_and_place() -> None:
    result = _good_result()
    event = result["events"][0]
    event.update(source=None, target=None, attribution=None, location=None, date=None, plover=None)
    validate_result(result)


def test_schema_accepts_actors_of_unknown_country() -> None:
    result = _good_result()
    event = result["events"][0]
    event["source"] = Actor.make("gunmen", "---", "UAF").to_dict()
    event["target"] = Actor.make("", "---").to_dict()  # no one the text names
    validate_result(result)


def _parent(record: dict[str, Any], path: tuple[Any, ...]) -> Any:
    for key in path[:-1]:
        record = record[key]
    return record


def _set(path: tuple[Any, ...], value: Any) -> Any:
    def change(record: dict[str, Any]) -> None:
        _parent(record, path)[path[-1]] = value
    return change


def _drop(path: tuple[Any, ...]) -> Any:
    def change(record: dict[str, Any]) -> None:
        del _parent(record, path)[path[-1]]
    return change


BAD_RESULTS = {
    "missing id": _drop(("id",)),
    "missing errors": _drop(("errors",)),
    "missing event modality": _drop(("events", 0, "modality")),
    "missing event span": _drop(("events", 0, "span")),
    "wrong schema version": _set(("schema",), "eventwire.event/2"),
    "bad modality": _set(("events", 0, "modality"), "likely"),
    "cameo with letters": _set(("events", 0, "cameo"), "19a"),
    "cameo of one digit": _set(("events", 0, "cameo"), "1"),
    "cameo of five digits": _set(("events", 0, "cameo"), "19011"),
    "cameo as number": _set(("events", 0, "cameo"), 190),
    "quad_class 5": _set(("events", 0, "quad_class"), 5),
    "quad_class 0": _set(("events", 0, "quad_class"), 0),
    "span of three numbers": _set(("events", 0, "span"), [0, 10, 20]),
    "span of one number": _set(("events", 0, "span"), [0]),
    "negative span": _set(("events", 0, "span"), [-1, 10]),
    "quote span of floats": _set(("quotes", 0, "span"), [1.5, 2.0]),
    "bad speaker_type": _set(("events", 0, "attribution", "speaker_type"), "journalist"),
    "attribution quote not boolean": _set(("events", 0, "attribution", "quote"), "yes"),
    "bad precision": _set(("events", 0, "location", "precision"), "street"),
    "actor without code": _drop(("events", 0, "source", "code")),
    "lowercase country": _set(("events", 0, "target", "country"), "blr"),
    "errors as objects": _set(("errors",), [{"code": "EW101"}]),
}


@pytest.mark.parametrize("change", BAD_RESULTS.values(), ids=BAD_RESULTS.keys())
def test_schema_rejects_broken_result(change: Any) -> None:
    result = copy.deepcopy(_good_result())
    change(result)
    with pytest.raises(ValidationError):
        validate_result(result)


def test_schema_accepts_story() -> None:
    validate_story(_good_story())


BAD_STORIES = {
    "missing support": _drop(("support",)),
    "unknown status": _set(("status",), "rumoured"),
    "bad event inside story": _set(("event", "modality"), "perhaps"),
    "support for unknown modality": _set(("support", "likely"), 2),
    "contradiction of one report": _set(("contradictions",), [[{"article": "a-1", "event": 0}]]),
    "report without event index": _set(("reports",), [{"article": "a-1"}]),
}


@pytest.mark.parametrize("change", BAD_STORIES.values(), ids=BAD_STORIES.keys())
def test_schema_rejects_broken_story(change: Any) -> None:
    story = copy.deepcopy(_good_story())
    change(story)
    with pytest.raises(ValidationError):
        validate_story(story)
