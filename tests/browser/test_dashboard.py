"""The dashboard in headless Chromium: load, filter, open an event, and render hostile text inert."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from .conftest import HOSTILE_ID, HOSTILE_SENTENCE, vendor_installed

pytestmark = pytest.mark.integration


def _load(page, path: str = "/") -> None:
    page.goto(path)
    page.wait_for_selector("body[data-ready=true]", timeout=30_000)


def test_dashboard_loads_every_view_then_filters(page, screenshots: Path) -> None:
    assert vendor_installed(), "run `make dashboard-assets` (the map and network need d3 and world-atlas)"
    _load(page)
    total = int(page.text_content("#total").split()[0])
    assert total > 100 and page.locator("#events tbody tr").count() == 25
    assert page.locator("#timeline rect.day").count() > 5
    assert page.locator("#map path.country").count() > 150 and page.locator("#map path.counted").count() > 5
    assert page.locator("#map circle.place").count() > 0
    assert page.locator("#network g.node").count() > 5
    page.screenshot(path=str(screenshots / "dashboard.png"))

    page.fill("input[name=country]", "POL")
    page.select_option("select[name=quad_class]", "4")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**country=POL**")
    page.wait_for_selector(f'body[data-shown="?{urlparse(page.url).query}"]')
    query = parse_qs(urlparse(page.url).query)
    assert query["country"] == ["POL"] and query["quad_class"] == ["4"]
    filtered = int(page.text_content("#total").split()[0])
    assert 0 < filtered < total
    codes = page.locator("#events tbody tr td:nth-child(2)").all_text_contents()
    targets = page.locator("#events tbody tr td:nth-child(4)").all_text_contents()
    assert all("POL" in s or "POL" in t for s, t in zip(codes, targets))
    assert "country=POL" in page.get_attribute("#export-csv", "href")
    page.screenshot(path=str(screenshots / "dashboard-filtered.png"))

    page.reload()  # the filter lives in the URL
    page.wait_for_selector("body[data-ready=true]")
    assert page.input_value("input[name=country]") == "POL"
    assert int(page.text_content("#total").split()[0]) == filtered
    assert page.errors == []


def test_dashboard_opens_an_event_with_its_evidence_and_speaker(page, screenshots: Path) -> None:
    _load(page, "/?search=troops")
    row = page.locator("#events tbody tr").first
    article_id, idx = row.get_attribute("data-event").rsplit("/", 1)
    row.click()
    page.wait_for_selector("#detail:not([hidden]) mark#evidence")
    event = json.loads(page.evaluate(f"fetch('/api/events/{article_id}/{idx}').then(r => r.text())"))["event"]
    assert page.text_content("mark#evidence") == event["sentence"]
    assert "troops" in event["sentence"].lower()
    speaker = event["attribution"]["speaker"] if event["attribution"] else "the article itself (no speaker named)"
    assert page.text_content("#speaker") == speaker
    assert f"event={article_id}%2F{idx}" in page.url or f"event={article_id}/{idx}" in page.url
    page.screenshot(path=str(screenshots / "dashboard-event.png"), full_page=True)
    assert page.errors == []


def test_dashboard_renders_hostile_article_text_inert(page, screenshots: Path) -> None:
    _load(page, f"/?event={HOSTILE_ID}/0&actor=BLRGOV")
    page.wait_for_selector("#detail:not([hidden]) mark#evidence")
    assert page.text_content("mark#evidence") == HOSTILE_SENTENCE  # shown as the characters it is
    assert "<script>" in page.text_content("#article-text")
    assert page.text_content("#article-title").startswith("<img src=x")
    assert page.text_content("#speaker").startswith("<b onmouseover=")
    for markup in ("script", "img", "iframe", "b", "svg"):
        assert page.locator(f"#detail {markup}").count() == 0, markup
    assert page.locator("#events tbody td", has_text="<script>").count() >= 1
    page.hover("#speaker")
    assert page.evaluate("window.__pwned") is None
    page.screenshot(path=str(screenshots / "dashboard-hostile.png"), full_page=True)
    assert page.errors == []
