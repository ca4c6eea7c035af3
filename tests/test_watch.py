"""eventwire watch against feeds and pages served by a real HTTP server on loopback."""
import logging
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from eventwire.errors import ConfigError
from eventwire.store.duckdb import Store
from eventwire.watch import Fetcher, Watcher, parse_duration, read_feed_list

PAGE = """<html><head><title>{title}</title></head><body><nav>Home | World | Sport</nav>
<article><h1>{title}</h1><p>{text}</p><p>The ministry gave no further details on Tuesday.</p></article>
<footer>All rights reserved.</footer></body></html>"""

PAGES = {
    "/talks": ("Talks resume", "Armenia held talks with Azerbaijan in Geneva on Monday, officials said."),
    "/protest": ("Protest in Nairobi", "Police arrested dozens of protesters in Nairobi on Monday."),
    "/flaky": ("Sanctions", "China condemned the sanctions imposed by Japan, the foreign ministry said."),
}


def _rss(links: list[str], base: str) -> str:
    items = "".join(f"<item><title>{p}</title><link>{base}{p}</link><pubDate>Mon, 03 Mar 2025 10:00:00 GMT"
                    f"</pubDate></item>" for p in links)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'


class _Site(BaseHTTPRequestHandler):
    requests: Counter = Counter()
    conditional: Counter = Counter()
    flaky_failures = 1

    def do_GET(self):  # the http.server hook name
        site = type(self)
        site.requests[self.path] += 1
        base = f"http://{self.headers['Host']}"
        if self.path.startswith("/feed"):
            if self.headers.get("If-None-Match") == '"v1"':
                site.conditional[self.path] += 1
                return self._send(304, b"")
            links = ["/talks", "/protest#comments", "/missing"] if self.path == "/feed-a" else ["/talks", "/flaky"]
            return self._send(200, _rss(links, base).encode(), "application/rss+xml", etag='"v1"')
        if self.path == "/flaky" and site.flaky_failures:
            site.flaky_failures -= 1
            return self._send(503, b"busy")
        if self.path in PAGES:
            title, text = PAGES[self.path]
            return self._send(200, PAGE.format(title=title, text=text).encode(), "text/html; charset=utf-8")
        return self._send(404, b"not found")

    def _send(self, status: int, body: bytes, content_type: str = "text/plain", etag: str | None = None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if etag:
            self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep test output quiet
        pass


@pytest.fixture
def site():
    handler = type("Site", (_Site,), {"requests": Counter(), "conditional": Counter(), "flaky_failures": 1})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield handler, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _watcher(db: Path, base: str) -> Watcher:
    return Watcher(db, [f"{base}/feed-a", f"{base}/feed-b"], fetcher=Fetcher(host_interval=0, retries=2, backoff=0.01))


@pytest.mark.integration
def test_watch_stores_each_article_once_across_feeds_and_restarts(site, tmp_path: Path, caplog):
    handler, base = site
    db = tmp_path / "ew.duckdb"
    with caplog.at_level(logging.WARNING, logger="eventwire.watch"):
        stats = _watcher(db, base).poll()
    assert stats.new == 3 and stats.failed == 1
    assert f"{base}/missing: HTTP 404" in caplog.text  # one clear line for the page that failed
    with Store(db, read_only=True) as store:
        ids = sorted(row[0] for row in store.con.execute("SELECT id FROM articles").fetchall())
        assert store.count("events") > 0
    assert ids == [f"{base}/flaky", f"{base}/protest", f"{base}/talks"]
    assert handler.requests["/talks"] == 1  # listed by both feeds, fetched once
    assert handler.requests["/flaky"] == 2  # a 503, then the retry

    restarted = _watcher(db, base).poll()  # a new process: validators from the state file
    assert restarted.new == 0 and restarted.unchanged_feeds == 2
    assert handler.conditional == Counter({"/feed-a": 1, "/feed-b": 1})
    assert handler.requests["/talks"] == 1 and handler.requests["/protest"] == 1  # no page fetched again


def test_fetcher_spaces_requests_to_one_host(site):
    import time

    _, base = site
    fetcher = Fetcher(host_interval=0.3, retries=0)
    started = time.monotonic()
    for _ in range(3):
        assert fetcher.get(f"{base}/talks").status == 200
    assert time.monotonic() - started >= 0.6


def test_fetcher_gives_up_after_retries(site, caplog):
    handler, base = site
    handler.flaky_failures = 5
    with caplog.at_level(logging.INFO, logger="eventwire.watch"):
        assert Fetcher(host_interval=0, retries=2, backoff=0.01).get(f"{base}/flaky") is None
    assert handler.requests["/flaky"] == 3
    assert "HTTP 503 (giving up)" in caplog.text


@pytest.mark.parametrize(("text", "seconds"), [("15m", 900), ("90s", 90), ("1h", 3600), ("2.5", 2.5)])
def test_parse_duration(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "0m", "soon", "-5m"])
def test_parse_duration_rejects(text):
    with pytest.raises(ConfigError):
        parse_duration(text)


def test_feed_list_skips_comments_and_rejects_files(tmp_path: Path):
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("# world news\nhttps://a.example/rss\n\nhttp://b.example/atom  # backup\n")
    assert read_feed_list(feeds) == ["https://a.example/rss", "http://b.example/atom"]
    feeds.write_text("/etc/passwd\n")
    with pytest.raises(ConfigError):
        read_feed_list(feeds)
