"""Web safety of `serve`: SQL-injection strings in every filter match nothing and change nothing;
oversized requests are refused with 413 (too large) or 422 (a value the API cannot take) in the
server's error envelope, never a 500."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from server.live import running_server
from store.sample_results import build_database

pytestmark = pytest.mark.integration

INJECTIONS = [
    "' OR 1=1 --", "'; DROP TABLE events; --", '" OR ""="', "%' OR '%'='", "x' UNION SELECT * FROM articles --",
    "1; DELETE FROM articles", "\\'; --", "*", "%", "_", "NULL", "\u0000'",
]
REFUSED = (413, 422)
FILTERS = ["actor", "country", "sector", "plover", "modality", "text", "search", "outlet", "article"]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = build_database(tmp_path_factory.mktemp("web") / "ew.duckdb")
    with running_server(db) as url, httpx.Client(base_url=url, timeout=30) as http:
        yield http


def _total(client: httpx.Client, **params) -> int:
    response = client.get("/api/events", params=params)
    assert response.status_code == 200, response.text
    return response.json()["total"]


@pytest.mark.parametrize("name", FILTERS)
def test_web_injection_strings_in_every_filter_match_nothing_and_write_nothing(client, name):
    before = _total(client)
    for value in INJECTIONS:
        response = client.get("/api/events", params={name: value})
        assert response.status_code in (200, *REFUSED), (name, value, response.text)
        if response.status_code == 200:
            assert response.json()["total"] == 0 or value in ("%", "_", "*"), (name, value)
    assert _total(client) == before  # nothing the server received wrote to the data


def test_web_wildcards_are_literal_in_substring_filters(client):
    assert _total(client, text="%") == 0 and _total(client, actor="_") == 0


def test_web_oversized_filter_is_refused_not_a_server_error(client):
    response = client.get("/api/events", params={"text": "x" * 60_000})
    assert response.status_code == 413 and response.json()["ok"] is False
    assert "query string over" in response.json()["error"]


@pytest.mark.parametrize("name", FILTERS)
def test_web_overlong_filter_value_is_unprocessable(client, name):
    response = client.get("/api/events", params={name: "y" * 1000})
    assert response.status_code == 422, response.text
    assert response.json()["status"] == 422 and name in response.json()["error"]


def test_web_oversized_request_body_is_refused(client):
    response = client.post("/api/events", content=b"x" * 5_000_000)
    assert response.status_code == 413 and response.json()["status"] == 413


# ---------------------------------------------------------------- the hostile corpus in Chromium

_RTL = "Officials said \u202etroops crossed\u202c into Poland."
_SVG = 'Minsk said <svg><script>window.__pwned = "svg"</script></svg> troops <svg onload="window.__pwned = 1"> moved.'
_HUGE_WORD = "W" * 1_000_000


def _hostile_corpus():
    from eventwire.model import Actor, Article, Event, Result

    def result(article_id: str, sentence: str, **article_fields) -> Result:
        text = sentence + " Poland protested."
        event = Event(source=Actor.make("Minsk", "BLR", "GOV", name="Belarus"), target=Actor.make("Poland", "POL"),
                      cameo="190", plover="ASSAULT", quad_class=4, goldstein=-10.0, sentence=sentence,
                      span=(0, len(sentence)), trigger="crossed", date="2025-12-21")
        article = Article(id=article_id, text=text, published="2025-12-21", **article_fields)
        return Result(id=article_id, events=[event], text=text, sentences=[(0, len(sentence))], article=article)

    return [result("rtl", _RTL, title="\u202egnp.exe news", url="javascript:alert(1)"),
            result("svg", _SVG, outlet='<svg onload="window.__pwned = 2">', url="JaVaScRiPt:alert(1)"),
            result("huge", _HUGE_WORD, title="One endless word")]


@pytest.fixture(scope="module")
def hostile_dashboard(tmp_path_factory):
    from eventwire.store.duckdb import Store

    db = tmp_path_factory.mktemp("hostile") / "ew.duckdb"
    with Store(db) as store:
        store.ingest(_hostile_corpus())
    with running_server(db) as url:
        yield url


def _visit(base_url: str, article_ids: list[str]) -> dict[str, dict]:
    """What the dashboard shows for each article's first event, seen by headless Chromium."""
    from browser.conftest import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    seen = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for article_id in article_ids:
            page = browser.new_context(base_url=base_url).new_page()
            problems: list[str] = []
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
            page.goto(f"/?event={article_id}/0")
            page.wait_for_selector("body[data-ready=true]", timeout=60_000)
            page.wait_for_selector("#detail:not([hidden]) mark#evidence", timeout=60_000)
            seen[article_id] = {
                "text": page.text_content("#article-text"),
                "elements": {m: page.locator(f"#detail {m}").count() for m in ("script", "svg", "img", "iframe")},
                "links": page.eval_on_selector_all("a[href]", "nodes => nodes.map(n => n.href)"),
                "pwned": page.evaluate("window.__pwned"), "problems": problems}
            page.context.close()
        browser.close()
    return seen


@pytest.fixture(scope="module")
def hostile_pages(hostile_dashboard):
    from browser.conftest import CHROMIUM

    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (.ci/run installs Debian's chromium)")
    # Playwright's sync API refuses a thread with a running asyncio loop (other tests may leave one).
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(_visit, hostile_dashboard, ["rtl", "svg", "huge"]).result()


@pytest.mark.parametrize("article_id, shown", [("rtl", _RTL), ("svg", _SVG), ("huge", _HUGE_WORD[:1000])])
def test_web_hostile_corpus_renders_inert_in_the_dashboard(hostile_pages, article_id, shown):
    seen = hostile_pages[article_id]
    assert shown in seen["text"]  # shown as the characters it is
    assert seen["elements"] == {"script": 0, "svg": 0, "img": 0, "iframe": 0}
    assert not [href for href in seen["links"] if href.lower().startswith("javascript:")]
    assert seen["pwned"] is None and seen["problems"] == []
