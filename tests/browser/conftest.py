"""Headless Debian Chromium (driven by Playwright) against a real server over the demo database.

The demo database is what ``make demo`` builds (the bundled samples through the real pipeline), plus
one hostile article whose text, title and speaker carry markup that must render as plain text.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from server.live import running_server

from eventwire.cli import main
from eventwire.model import Actor, Article, Attribution, Event, Result
from eventwire.store.duckdb import Store

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
HOSTILE_ID = "ew-hostile-1"
HOSTILE_SENTENCE = ('Officials in Minsk said <script>window.__pwned = "script"</script> troops '
                    '<img src=x onerror="window.__pwned = \'img\'"> crossed into Poland.')
HOSTILE_TEXT = HOSTILE_SENTENCE + " Poland protested."


def hostile_result() -> Result:
    span = (0, len(HOSTILE_SENTENCE))
    event = Event(source=Actor.make("Officials in Minsk", "BLR", "GOV", name="Belarus"),
                  target=Actor.make("Poland", "POL", name="Poland"), cameo="190", plover="ASSAULT", quad_class=4,
                  goldstein=-10.0, sentence=HOSTILE_SENTENCE, span=span, trigger="crossed", date="2025-12-20",
                  attribution=Attribution('<b onmouseover="window.__pwned = \'speaker\'">Minsk officials</b>',
                                          "anonymous_official", via=["<iframe src=javascript:alert(1)>"]))
    article = Article(id=HOSTILE_ID, text=HOSTILE_TEXT, published="2025-12-20",
                      title='<img src=x onerror="window.__pwned = \'title\'">Border news',
                      url="javascript:alert(1)", outlet="<svg onload=alert(1)>")
    return Result(id=HOSTILE_ID, events=[event], text=HOSTILE_TEXT,
                  sentences=[span, (span[1] + 1, len(HOSTILE_TEXT))], article=article)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "eventwire.duckdb"
    assert main(["ingest", "--samples", "--db", str(path)]) == 0
    with Store(path) as store:
        store.ingest([hostile_result()])
    return path


@pytest.fixture(scope="session")
def dashboard_url(demo_db: Path) -> str:
    with running_server(demo_db) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, dashboard_url: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1100}, base_url=dashboard_url)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("dialog", lambda dialog: (page.errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    yield page
    context.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: EVENTWIRE_SCREENSHOTS (e.g. docs/ to refresh the README's), else a temp folder."""
    chosen = os.environ.get("EVENTWIRE_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def vendor_installed() -> bool:
    from eventwire.server.app import vendor_dir

    return (vendor_dir() / "world-atlas" / "countries-110m.json").is_file() and shutil.which("npm") is not None
