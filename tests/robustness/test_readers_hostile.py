"""Reader bugs the fuzzer found, pinned: each input gives Articles (or coded errors), never a crash."""
from __future__ import annotations

import json

import pytest

from eventwire.readers import read_inputs

_FEED = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item><title>{title}</title>'
         '<link>https://example.org/0</link><description>Troops crossed the border on Monday, officials said.'
         '</description></item></channel></rss>')


@pytest.mark.parametrize("charref", ["&#xD800;", "&#55296;", "&#x110000;", "&#0;", "&#99999999999;"])
def test_rss_reader_survives_charrefs_that_name_no_character(tmp_path, charref):
    path = tmp_path / "feed.rss"
    path.write_text(_FEED.format(title=f"Bad {charref} title"), encoding="utf-8")
    [article] = read_inputs([str(path)])
    assert article.error is None and "Troops crossed" in article.text
    article.title.encode("utf-8")


def test_jsonl_reader_repairs_lone_surrogates_in_every_field(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "a\ud800", "text": "Putin met Xi \udfff.", "title": "t\ud83d"}) + "\n")
    [article] = read_inputs([str(path)])
    assert (article.id, article.text, article.title) == ("a\ufffd", "Putin met Xi \ufffd.", "t\ufffd")


def test_warc_reader_survives_a_response_record_without_a_target_uri(tmp_path):
    import gzip

    body = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>Troops crossed.</p></body></html>"
    head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
            b"Content-Type: application/http; msgtype=response\r\n" + f"Content-Length: {len(body)}\r\n\r\n".encode())
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(gzip.compress(head + body + b"\r\n\r\n"))
    articles = list(read_inputs([str(path)]))
    assert [a.error.code for a in articles] == ["EW104"] and "corrupt record" in articles[0].error.message
