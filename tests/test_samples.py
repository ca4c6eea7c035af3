"""The bundled sample corpus (data/samples) and its gold coding are complete and consistent."""
from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from datetime import datetime
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from eventwire.model import MODALITIES, PRECISIONS, SPEAKER_TYPES

EVAL_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
CAMEO_ROOTS = {f"{n:02d}" for n in range(1, 21)}
ACTOR_CODE = re.compile(r"^[A-Z]{3}(?:[A-Z]{3})*$")
NON_POLITICAL = ("sample-25", "sample-26", "sample-27")


def _read_jsonl(name: str) -> list[dict[str, Any]]:
    text = files("eventwire.data").joinpath("samples", name).read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@cache
def _articles() -> dict[str, dict[str, Any]]:
    return {a["id"]: a for a in _read_jsonl("articles.jsonl")}


@cache
def _gold() -> dict[str, dict[str, Any]]:
    return {g["id"]: g for g in _read_jsonl("gold.jsonl")}


def _events() -> Iterator[tuple[str, dict[str, Any]]]:
    for article_id, gold in _gold().items():
        for event in gold["events"]:
            yield article_id, event


def _alternatives(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _countries(actor_field: Any) -> set[str]:
    codes = set()
    for actor in _alternatives(actor_field):
        if isinstance(actor, dict):
            codes.add(actor["country"])
        elif actor is not None:
            codes.add(actor[:3])
    return codes


@cache
def _known_cameo_codes() -> frozenset[str] | None:
    """Codes of the packaged CAMEO table, or None while that table does not exist yet."""
    table = files("eventwire.data").joinpath("cameo", "codes.csv")
    if not table.is_file():
        return None
    rows = (line for line in table.read_text("utf-8").splitlines() if not line.startswith("#"))
    return frozenset(row["code"] for row in csv.DictReader(rows))


def test_samples_has_at_least_24_articles_with_unique_ids() -> None:
    ids = [a["id"] for a in _read_jsonl("articles.jsonl")]
    assert len(ids) >= 24
    assert len(ids) == len(set(ids))


def test_samples_articles_have_input_shape() -> None:
    for article in _articles().values():
        assert article["id"].startswith("sample-")
        assert article["title"] and article["outlet"]
        assert article["url"].startswith("https://example.org/")
        datetime.fromisoformat(article["published"].replace("Z", "+00:00"))
        assert 80 <= len(article["text"].split()) <= 250, article["id"]


def test_samples_gold_has_one_line_per_article() -> None:
    assert [g["id"] for g in _read_jsonl("gold.jsonl")] == list(_articles())


def test_samples_span_slices_evidence_from_stored_text() -> None:
    for article_id, event in _events():
        start, end = event["span"]
        assert _articles()[article_id]["text"][start:end] == event["evidence"], (article_id, event["evidence"])
        assert event["trigger"] in event["evidence"]


def test_samples_quote_span_slices_quote_text() -> None:
    for article_id, gold in _gold().items():
        for quote in gold["quotes"]:
            start, end = quote["span"]
            assert _articles()[article_id]["text"][start:end] == quote["text"]


def test_samples_cameo_codes_are_known() -> None:
    known = _known_cameo_codes()
    for article_id, event in _events():
        for code in _alternatives(event["cameo"]):
            assert re.fullmatch(r"[0-9]{2,4}", code) and code[:2] in CAMEO_ROOTS, (article_id, code)
            assert known is None or code in known, (article_id, code)


def test_samples_cover_all_cameo_roots() -> None:
    roots = {_alternatives(event["cameo"])[0][:2] for _, event in _events()}
    assert roots == CAMEO_ROOTS


def test_samples_cover_all_modalities() -> None:
    assert {event["modality"] for _, event in _events()} == set(MODALITIES)


def test_samples_qualifiers_use_contract_values() -> None:
    for article_id, event in _events():
        attribution = event["attribution"]
        if attribution is not None:
            assert attribution["speaker_type"] in SPEAKER_TYPES, article_id
            assert isinstance(attribution["via"], list) and isinstance(attribution["quote"], bool)
        if "location" in event:
            assert event["location"].get("precision", "city") in PRECISIONS
        if "date" in event:
            datetime.strptime(event["date"], "%Y-%m-%d")


def test_samples_actor_codes_are_well_formed() -> None:
    for article_id, event in _events():
        assert _alternatives(event["source"]) != [None], article_id
        for actor in _alternatives(event["source"]) + _alternatives(event["target"]):
            code = actor["code"] if isinstance(actor, dict) else actor
            assert code is None or ACTOR_CODE.match(code), (article_id, code)


def test_samples_non_political_articles_have_no_events() -> None:
    assert all(not _gold()[article_id]["events"] for article_id in NON_POLITICAL)
    assert all(_gold()[article_id]["events"] for article_id in _gold() if article_id not in NON_POLITICAL)


def test_samples_contain_contradicting_reports_from_two_outlets() -> None:
    """Story fusion needs one happening asserted or expected by one outlet and denied by another."""
    claims = [(a, e) for a, e in _events() if e["modality"] in ("asserted", "future")]
    denials = [(a, e) for a, e in _events() if e["modality"] == "negated"]
    assert any(
        _articles()[a1]["outlet"] != _articles()[a2]["outlet"]
        and set(_alternatives(e1["cameo"])) & set(_alternatives(e2["cameo"]))
        and _countries(e1["source"]) & _countries(e2["source"])
        and _countries(e1["target"]) & _countries(e2["target"])
        for a1, e1 in claims for a2, e2 in denials
    )


def test_samples_embedded_post_keeps_scraping_artifacts() -> None:
    texts = [a["text"] for a in _articles().values()]
    assert any("\\n\\n" in t and "pic.twitter.com/" in t and re.search(r"\n— .+ \(@\w+\) \d{10}", t)
               for t in texts)


def _eval_sentences() -> set[str]:
    """Sentences of the evaluation texts long enough that a match cannot be a coincidence."""
    sentences = set()
    for path in EVAL_DIR.glob("*.jsonl"):
        for line in path.read_text("utf-8").splitlines():
            record = json.loads(line)
            texts = [record.get("text") or ""] + [e.get("evidence") or "" for e in record.get("events", [])
                                                   if isinstance(e, dict)]
            for text in texts:
                sentences.update(s.strip() for s in re.split(r"(?<=[.!?])\s+|\\n|\n", text)
                                 if len(s.split()) >= 6)
    return sentences


@pytest.mark.skipif(not EVAL_DIR.is_dir(), reason="evaluation data not present")
def test_samples_copy_no_sentence_from_evaluation_data() -> None:
    eval_sentences = _eval_sentences()
    assert eval_sentences
    for article in _articles().values():
        copied = [s for s in eval_sentences if s in article["text"]]
        assert not copied, (article["id"], copied[:3])
