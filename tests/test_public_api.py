"""eventwire's public API: the exact exported names, and that code()/open() work as documented."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import eventwire
from eventwire.cli import main

PUBLIC_NAMES = {
    "SCHEMA", "Actor", "Article", "Attribution", "EmbeddedPost", "Event", "Pipeline", "Place", "Quote",
    "RecordError", "Result", "Story", "code", "code_article", "open",
}
# Invented news: a recall is a diplomatic event every pipeline version should code (CAMEO 161).
RECALL_TEXT = "Chile recalled its ambassador to Peru on Tuesday."


def test_public_api_exports_exactly_the_pinned_names() -> None:
    assert set(eventwire.__all__) == PUBLIC_NAMES
    assert len(eventwire.__all__) == len(PUBLIC_NAMES)


@pytest.mark.parametrize("name", sorted(PUBLIC_NAMES))
def test_public_api_names_are_importable(name: str) -> None:
    namespace: dict[str, object] = {}
    exec(f"from eventwire import {name}", namespace)  # the `from eventwire import X` a user writes
    assert namespace[name] is getattr(eventwire, name)


def test_public_api_schema_is_the_contract_version() -> None:
    assert eventwire.SCHEMA == "eventwire.event/1"


@pytest.mark.integration
def test_public_api_code_returns_events() -> None:
    events = eventwire.code(RECALL_TEXT, published="2024-05-07")
    assert events and all(isinstance(e, eventwire.Event) for e in events)
    recall = events[0]
    assert recall.source is not None and recall.source.country == "CHL"
    assert recall.sentence == RECALL_TEXT and recall.span == (0, len(RECALL_TEXT))


@pytest.mark.integration
def test_public_api_code_article_returns_a_result_with_cleaned_text() -> None:
    result = eventwire.code_article(eventwire.Article(id="recall-1", text=RECALL_TEXT))
    assert isinstance(result, eventwire.Result)
    assert result.id == "recall-1" and result.text == RECALL_TEXT and not result.errors


@pytest.mark.integration
def test_public_api_open_events_returns_a_dataframe(tmp_path: Path) -> None:
    inputs = tmp_path / "recall.jsonl"
    inputs.write_text(json.dumps({"id": "recall-1", "text": RECALL_TEXT, "published": "2024-05-07"}) + "\n",
                      encoding="utf-8")
    db_path = tmp_path / "ew.duckdb"
    assert main(["ingest", str(inputs), "--db", str(db_path)]) == 0
    db = eventwire.open(str(db_path))
    try:
        frame = db.events(country="CHL")
        assert isinstance(frame, pd.DataFrame)
        assert len(frame) >= 1 and set(frame["article_id"]) == {"recall-1"}
        assert db.events(country="NZL").empty
    finally:
        db.close()
