"""Watching live sources: poll RSS/Atom feeds, fetch each new article page, code it, store it.

``eventwire watch FEEDS.txt --db PATH --every 15m`` runs until interrupted (``--once``: one poll).
The database is the memory of what was seen: an article's id is its URL (fragment dropped), so a
page listed by several feeds, or seen again after a restart, is fetched and stored once. Feed
validators (ETag, Last-Modified) are kept beside the database in ``PATH.watch.json`` so a restart
sends conditional requests too. HTTP is polite: one request per host per ``--host-interval``
seconds, retries with exponential back-off on timeouts, 429 and 5xx, and one log line per failure.
"""
from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urlparse

import feedparser

from .cli import Command
from .errors import ConfigError
from .model import Article
from .readers.html import extract_page, page_article
from .readers.rss import _entry_date
from .settings import Settings, load_settings

log = logging.getLogger(__name__)

USER_AGENT = "eventwire-watch/0.1 (+https://github.com/eventwire)"
_RETRY_STATUSES = {429, 500, 502, 503, 504}
_DURATION = re.compile(r"^(\d+(?:\.\d+)?)([smhd]?)$")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> float:
    """``15m``, ``90s``, ``1h``, ``2d`` or plain seconds -> seconds."""
    match = _DURATION.match(text.strip().lower())
    if not match or float(match.group(1)) <= 0:
        raise ConfigError(f"not a duration: {text!r} (use e.g. 90s, 15m, 1h)")
    return float(match.group(1)) * _UNIT_SECONDS[match.group(2)]


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Fetcher:
    """HTTP GET with per-host spacing, retries with back-off and conditional requests."""

    host_interval: float = 1.0
    retries: int = 3
    backoff: float = 2.0
    timeout: float = 20.0
    _last_request: dict[str, float] = field(default_factory=dict)

    def get(self, url: str, etag: str | None = None, modified: str | None = None) -> Response | None:
        """The response (304 when unchanged), or None after logging why it failed."""
        headers = {"User-Agent": USER_AGENT, **({"If-None-Match": etag} if etag else {}),
                   **({"If-Modified-Since": modified} if modified else {})}
        for attempt in range(self.retries + 1):
            self._wait_for_host(url)
            try:
                with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=self.timeout) as r:
                    return Response(r.status, r.read(), dict(r.headers.items()))
            except urllib.error.HTTPError as exc:
                if exc.code == 304:
                    return Response(304)
                reason = f"HTTP {exc.code}"
                if exc.code not in _RETRY_STATUSES:
                    break
            except (urllib.error.URLError, TimeoutError, OSError) as exc:
                reason = str(getattr(exc, "reason", exc))
            if attempt < self.retries:
                delay = self.backoff * 2 ** attempt
                log.info("watch: %s: %s, retrying in %.1fs", url, reason, delay)
                time.sleep(delay)
        log.warning("watch: %s: %s (giving up)", url, reason)
        return None

    def _wait_for_host(self, url: str) -> None:
        host = urlparse(url).netloc
        wait = self._last_request.get(host, -1e9) + self.host_interval - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last_request[host] = time.monotonic()


@dataclass
class PollStats:
    feeds: int = 0
    unchanged_feeds: int = 0
    new: int = 0
    failed: int = 0

    def __str__(self) -> str:
        return (f"{self.feeds} feeds ({self.unchanged_feeds} unchanged), {self.new} new articles, "
                f"{self.failed} failed")


class Watcher:
    """One database, its feeds and the validators of their last responses."""

    def __init__(self, db: str | Path, feeds: list[str], settings: Settings | None = None,
                 fetcher: Fetcher | None = None):
        self.db = Path(db)
        self.feeds = feeds
        self.settings = settings or load_settings()
        self.fetcher = fetcher or Fetcher()
        self.state_path = self.db.with_name(self.db.name + ".watch.json")
        self.validators: dict[str, dict[str, str]] = _load_json(self.state_path)

    def poll(self) -> PollStats:
        """Read every feed once, then fetch, code and store the articles not yet in the database."""
        from .scale import code_articles
        from .store.duckdb import Store

        stats = PollStats()
        with Store(self.db) as store:
            links = self._new_links(store, stats)
            articles = [a for a in (self._article(link, entry) for link, entry in links.items()) if a is not None]
            stats.failed += len(links) - len(articles)
            ingest = store.ingest(code_articles(articles, self.settings))
        stats.new = ingest.added + ingest.replaced
        self._save_state()
        return stats

    def _new_links(self, store, stats: PollStats) -> dict[str, dict]:
        """Entry per article URL, across all feeds, minus URLs already stored."""
        links: dict[str, dict] = {}
        for feed in self.feeds:
            stats.feeds += 1
            for entry in self._entries(feed, stats):
                link = _article_id(entry.get("link") or "")
                if link and link not in links:
                    links[link] = entry
        if not links:
            return links
        known = store.con.execute("SELECT id FROM articles WHERE list_contains(?, id)", [list(links)]).fetchall()
        for (stored,) in known:
            links.pop(stored, None)
        return links

    def _entries(self, feed: str, stats: PollStats) -> Iterator[dict]:
        previous = self.validators.get(feed, {})
        response = self.fetcher.get(feed, previous.get("etag"), previous.get("modified"))
        if response is None:
            stats.failed += 1
            return
        if response.status == 304:
            stats.unchanged_feeds += 1
            return
        self.validators[feed] = {k: v for k, v in (("etag", response.headers.get("ETag")),
                                                   ("modified", response.headers.get("Last-Modified"))) if v}
        parsed = feedparser.parse(response.body)
        if not parsed.entries:
            log.warning("watch: %s: not a readable RSS/Atom feed (%s)", feed,
                        parsed.get("bozo_exception") or "no entries")
        yield from parsed.entries

    def _article(self, link: str, entry: dict) -> Article | None:
        response = self.fetcher.get(link)
        if response is None:
            return None
        charset = _charset(response.headers.get("Content-Type", ""))
        page = extract_page(response.body.decode(charset, errors="replace"), link)
        article = page_article(page, link, link, published=_entry_date(entry))
        if article.error is not None:
            log.warning("watch: %s: %s", link, article.error.message)
            return None
        return article

    def _save_state(self) -> None:
        temporary = self.state_path.with_suffix(".tmp")
        temporary.write_text(json.dumps(self.validators, indent=1, sort_keys=True), encoding="utf-8")
        temporary.replace(self.state_path)  # atomic: a kill never leaves half a state file


def _article_id(url: str) -> str:
    return urldefrag(url.strip())[0]


def _charset(content_type: str) -> str:
    name = content_type.partition("charset=")[2].split(";")[0].strip().strip('"') or "utf-8"
    try:
        "".encode(name)
    except LookupError:
        return "utf-8"
    return name


def _load_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def read_feed_list(path: str | Path) -> list[str]:
    """Feed URLs, one a line; blank lines and ``#`` comments are skipped."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"cannot read the feed list {path}: {exc}") from exc
    feeds = [line.split("#", 1)[0].strip() for line in lines]
    feeds = [f for f in feeds if f]
    bad = [f for f in feeds if urlparse(f).scheme not in ("http", "https")]
    if bad or not feeds:
        raise ConfigError(f"{path}: expected http(s) feed URLs, one a line; got {bad[:3] or 'none'}")
    return feeds


# ---------------------------------------------------------------- the command

def _configure_watch(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("feeds", metavar="FEEDS.txt", help="feed URLs, one a line")
    parser.add_argument("--db", default="eventwire.duckdb", help="database file (default: eventwire.duckdb)")
    parser.add_argument("--every", default="15m", help="time between polls (default: 15m)")
    parser.add_argument("--once", action="store_true", help="poll once and exit")
    parser.add_argument("--host-interval", type=float, default=1.0,
                        help="seconds between two requests to one host (default: 1)")


def run_watch(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(message)s", stream=sys.stderr)
    every = parse_duration(args.every)
    watcher = Watcher(args.db, read_feed_list(args.feeds), load_settings(args.config),
                      Fetcher(host_interval=args.host_interval))
    while True:
        started = time.monotonic()
        print(f"eventwire: watch: {watcher.poll()}", file=sys.stderr, flush=True)
        if args.once:
            return 0
        time.sleep(max(0.0, every - (time.monotonic() - started)))


COMMANDS = (Command("watch", "poll RSS/Atom feeds, code new articles and store them", _configure_watch, run_watch),)
