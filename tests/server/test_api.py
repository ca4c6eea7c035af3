"""The JSON API through a real HTTP server on loopback, over the hand-built sample database."""
from __future__ import annotations

import io

import httpx
import pyarrow.parquet as pq
import pytest
from store.sample_results import DIPLOMATIC_TEXT, PROTEST_TEXT

pytestmark = pytest.mark.integration


def _ok(response: httpx.Response) -> dict:
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["ok"] is True
    return body


def _keys(rows: list[dict]) -> list[tuple[str, int]]:
    return [(r["article_id"], r["idx"]) for r in rows]


def test_api_events_lists_every_event_with_total(client: httpx.Client) -> None:
    body = _ok(client.get("/api/events"))
    assert body["total"] == 5 and len(body["events"]) == 5
    first = body["events"][0]
    assert (first["article_id"], first["idx"], first["day"]) == ("ew-ro-hu-1", 0, "2023-03-14")
    assert first["sentence"].startswith("Romania's foreign ministry summoned")


@pytest.mark.parametrize(("query", "expected"), [
    ({"country": "KEN"}, [("ew-ke-protest-1", 0), ("ew-ke-protest-1", 1)]),
    ({"quad_class": 4}, [("ew-ro-hu-1", 1), ("ew-ke-protest-1", 0)]),
    ({"since": "2023-03-15", "until": "2023-03-19"}, [("ew-ro-hu-1", 2), ("ew-ke-protest-1", 0)]),
    ({"plover": "request", "modality": "requested"}, [("ew-ke-protest-1", 1)]),
    ({"actor": "ROUGOV", "root": "11"}, [("ew-ro-hu-1", 0)]),
    ({"cameo": "16", "sector": "GOV"}, [("ew-ro-hu-1", 1)]),
    ({"text": "NATO urged"}, [("ew-ro-hu-1", 2)]),
    ({"outlet": "dailyledger.example", "order": "-goldstein"}, [("ew-ke-protest-1", 1), ("ew-ke-protest-1", 0)]),
])
def test_api_events_filters(client: httpx.Client, query: dict, expected: list) -> None:
    body = _ok(client.get("/api/events", params=query))
    assert _keys(body["events"]) == expected and body["total"] == len(expected)


def test_api_events_search_is_ranked_full_text(client: httpx.Client) -> None:
    # "governments" is stemmed to match "government"; the NATO sentence has both query words.
    body = _ok(client.get("/api/events", params={"search": "tone governments"}))
    assert _keys(body["events"]) == [("ew-ro-hu-1", 2)]
    ranked = _ok(client.get("/api/events", params={"search": "Hungary ambassador officials"}))
    assert _keys(ranked["events"])[0] == ("ew-ro-hu-1", 0)  # two of the words beat one
    assert set(_keys(ranked["events"])) == {("ew-ro-hu-1", 0), ("ew-ro-hu-1", 1)}


def test_api_events_pages(client: httpx.Client) -> None:
    first = _ok(client.get("/api/events", params={"limit": 2}))
    second = _ok(client.get("/api/events", params={"limit": 2, "offset": 2}))
    assert first["total"] == second["total"] == 5
    assert len(first["events"]) == len(second["events"]) == 2
    assert not set(_keys(first["events"])) & set(_keys(second["events"]))


def test_api_event_has_article_span_attribution_and_quotes(client: httpx.Client) -> None:
    body = _ok(client.get("/api/events/ew-ro-hu-1/1"))
    event, article = body["event"], body["article"]
    assert article["text"] == DIPLOMATIC_TEXT and article["title"] == "Bucharest summons envoy"
    start, end = event["span"]
    assert article["text"][start:end] == event["sentence"]
    assert event["attribution"]["speaker"] == "Hungarian officials" and event["attribution"]["via"] == ["Reuters"]
    assert event["modality"] == "negated" and "story" in body
    quoted = _ok(client.get("/api/events/ew-ke-protest-1/0"))
    assert [q["speaker"] for q in quoted["quotes"]] == ["Daniel Mwangi"]


def test_api_articles_list_without_text_and_one_with_text(client: httpx.Client) -> None:
    listed = _ok(client.get("/api/articles", params={"country": "KEN"}))["articles"]
    assert [a["id"] for a in listed] == ["ew-ke-protest-1"] and "text" not in listed[0]
    one = _ok(client.get("/api/articles/ew-ke-protest-1"))
    assert one["article"]["text"] == PROTEST_TEXT
    assert [e["idx"] for e in one["events"]] == [0, 1] and len(one["quotes"]) == 1


def test_api_aggregates(client: httpx.Client) -> None:
    by_class = _ok(client.get("/api/aggregates/quad_class"))["rows"]
    assert {"day": "2023-03-14", "key": 4, "events": 1, "goldstein": -4.0} in by_class
    assert sum(r["events"] for r in by_class) == 5
    plover = _ok(client.get("/api/aggregates/plover", params={"country": "KEN"}))["rows"]
    assert {(r["day"], r["key"]) for r in plover} == {("2023-03-19", "COERCE"), ("2023-03-20", "REQUEST")}
    daily = _ok(client.get("/api/aggregates/goldstein"))["rows"]
    assert daily[0] == {"day": "2023-03-14", "key": "all", "events": 2, "goldstein": -3.0}
    countries = {r["country"]: r["events"] for r in _ok(client.get("/api/aggregates/country"))["rows"]}
    assert countries == {"HUN": 3, "ROU": 2, "KEN": 2, "IGO": 1}  # a KEN-on-KEN event counts once for KEN
    places = _ok(client.get("/api/aggregates/place", params={"top": 2}))["rows"]
    assert len(places) == 2 and {"lat", "lon", "name", "events"} <= set(places[0])


def test_api_network_edges_weighted_and_filtered(client: httpx.Client) -> None:
    edges = _ok(client.get("/api/network"))["edges"]
    assert {(e["source"], e["target"], e["events"]) for e in edges} == {
        ("ROUGOV", "HUNGOV", 1), ("HUNGOV", "ROUGOV", 1), ("IGO", "HUNGOV", 1), ("KENCOP", "KENCVL", 1)}
    assert _ok(client.get("/api/network", params={"min_events": 2}))["edges"] == []
    kenya = _ok(client.get("/api/network", params={"country": "KEN"}))["edges"]
    assert [(e["source"], e["target"]) for e in kenya] == [("KENCOP", "KENCVL")]


def test_api_countries_map_iso3_to_the_world_atlas_ids(client: httpx.Client) -> None:
    countries = _ok(client.get("/api/countries"))["countries"]
    assert countries["UKR"]["numeric"] == "804" and countries["KEN"]["numeric"] == "404"


def test_api_export_csv_and_parquet_of_the_filter(client: httpx.Client) -> None:
    csv_text = client.get("/api/export.csv", params={"quad_class": 4})
    assert csv_text.status_code == 200 and csv_text.headers["content-type"].startswith("text/csv")
    lines = csv_text.text.strip().splitlines()
    assert lines[0].startswith("article_id,idx,") and len(lines) == 3
    parquet = client.get("/api/export.parquet", params={"country": "KEN"})
    table = pq.read_table(io.BytesIO(parquet.content))
    assert table.num_rows == 2 and set(table.column("article_id").to_pylist()) == {"ew-ke-protest-1"}


def test_api_meta_describes_the_snapshot(client: httpx.Client) -> None:
    body = _ok(client.get("/api/meta"))
    vocabulary = body["vocabulary"]
    assert vocabulary["events"] == 5 and vocabulary["articles"] == 3
    assert "COERCE" in vocabulary["plover"] and vocabulary["first_day"] == "2023-03-14"
    assert body["snapshot"]["number"] >= 1


_LONG = "x" * 5000
ERRORS = [
    ("/api/meta?pad=" + _LONG, 413, "query string over 4096 bytes"),
    ("/api/countries?pad=" + _LONG, 413, "query string over 4096 bytes"),
    ("/api/events?limit=0", 422, "limit: Input should be greater than or equal to 1"),
    ("/api/events?limit=501", 422, "limit: Input should be less than or equal to 500"),
    ("/api/events?quad_class=9", 422, "quad_class: Input should be less than or equal to 4"),
    ("/api/events?since=yesterday", 422, "since: Input should be a valid date"),
    ("/api/events?order=relevance", 422, "needs a search"),
    ("/api/events?order=sideways", 422, "order"),
    ("/api/events?country=X%27%20OR%201%3D1", 422, "country: String should have at most 3 characters"),
    ("/api/events?offset=1000001", 422, "offset: Input should be less than or equal to 1000000"),
    ("/api/events?text=" + "x" * 201, 422, "text: String should have at most 200 characters"),
    ("/api/events?search=%20", 422, "search must be 1 to 500 characters"),
    ("/api/events/nope/0", 404, "no event"),
    ("/api/events/ew-ro-hu-1/99", 404, "no event 99"),
    ("/api/events/ew-ro-hu-1/first", 422, "idx"),
    ("/api/articles?search=police", 422, "search"),
    ("/api/articles/nope", 404, "no article"),
    ("/api/aggregates/bogus", 422, "kind"),
    ("/api/aggregates/country?top=0", 422, "top"),
    ("/api/network?top=100000", 422, "top: Input should be less than or equal to 2000"),
    ("/api/network?min_events=0", 422, "min_events"),
    ("/api/export.xml", 422, "fmt"),
    ("/api/export.csv?limit=100001", 422, "limit: Input should be less than or equal to 100000"),
    ("/api/nowhere", 404, "no such route"),
    ("/vendor/evil.js", 404, "not installed"),
    ("/static/secret.py", 404, "no such file"),
]


@pytest.mark.parametrize(("path", "status", "message"), ERRORS)
def test_api_errors_share_one_envelope(client: httpx.Client, path: str, status: int, message: str) -> None:
    response = client.get(path)
    body = response.json()
    assert response.status_code == status
    assert body["ok"] is False and body["status"] == status and message in body["error"]


def test_api_refuses_writes_and_big_bodies(client: httpx.Client) -> None:
    posted = client.post("/api/events", content=b"{}")
    assert posted.status_code == 405 and posted.json()["ok"] is False
    big = client.post("/api/events", content=b"x" * 20_000)
    assert big.status_code == 413 and big.json() == {"ok": False, "status": 413,
                                                     "error": "request too large: body over 16384 bytes"}


@pytest.mark.parametrize("hostile", ["'; DROP TABLE events; --", "%' OR '1'='1", "\\x00\"); SELECT 1; --"])
def test_api_hostile_filter_values_are_plain_parameters(client: httpx.Client, hostile: str) -> None:
    for route in ("/api/events", "/api/network", "/api/aggregates/country"):
        body = _ok(client.get(route, params={"actor": hostile, "search": hostile}))
        assert not (body.get("events") or body.get("edges") or body.get("rows"))
    assert _ok(client.get("/api/events"))["total"] == 5


def test_api_dashboard_pages_forbid_inline_scripts(client: httpx.Client) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert page.headers["x-content-type-options"] == "nosniff"


def test_api_docs_are_local(client: httpx.Client) -> None:
    docs = client.get("/docs").text
    assert "/vendor/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
    paths = _ok_schema(client)
    assert {"/api/events", "/api/events/{article_id}/{idx}", "/api/network", "/api/export.{fmt}"} <= paths


def _ok_schema(client: httpx.Client) -> set[str]:
    schema = client.get("/openapi.json")
    assert schema.status_code == 200
    return set(schema.json()["paths"])


def test_api_repeated_question_is_answered_from_the_snapshot_memory(client: httpx.Client) -> None:
    query = {"country": "HUN", "order": "goldstein"}
    first, second = client.get("/api/events", params=query), client.get("/api/events", params=query)
    assert second.headers.get("x-eventwire-cache") == "hit" and second.json() == first.json()
    assert second.headers["x-content-type-options"] == "nosniff"


def test_api_stories_list_and_one_story(client: httpx.Client) -> None:
    stories = _ok(client.get("/api/stories"))["stories"]
    assert stories and all(s["articles"] >= 1 for s in stories)
    one = _ok(client.get(f"/api/stories/{stories[0]['story']}"))["story"]
    assert one["story"] == stories[0]["story"] and one["reports"]
