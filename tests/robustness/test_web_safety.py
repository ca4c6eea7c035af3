"""Web safety of `serve`: SQL-injection strings in every filter match nothing and change nothing;
oversized requests are refused with a 4xx (the server's envelope says 400 for invalid parameters),
never a 500."""
from __future__ import annotations

import httpx
import pytest
from server.live import running_server
from store.sample_results import build_database

pytestmark = pytest.mark.integration

INJECTIONS = [
    "' OR 1=1 --", "'; DROP TABLE events; --", '" OR ""="', "%' OR '%'='", "x' UNION SELECT * FROM articles --",
    "1; DELETE FROM articles", "\\'; --", "*", "%", "_", "NULL", "\u0000'",
]
REFUSED = (400, 413, 414, 422, 431)
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
    assert response.status_code in REFUSED and response.json()["ok"] is False


def test_web_oversized_request_body_is_refused(client):
    response = client.post("/api/events", content=b"x" * 5_000_000)
    assert response.status_code in (405, 413, 422)
