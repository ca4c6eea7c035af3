import io
import json

from eventwire.readers import read_jsonl
from eventwire.readers.jsonl import read_jsonl_stream


def test_jsonl_one_article_per_nonblank_line(resources):
    articles = list(read_jsonl(resources / "articles.jsonl"))
    path = str(resources / "articles.jsonl")
    assert [a.origin for a in articles] == [f"{path}:{n}" for n in (1, 2, 4, 5, 6)]


def test_jsonl_reads_contract_fields(resources):
    first = next(read_jsonl(resources / "articles.jsonl"))
    assert (first.id, first.published, first.title, first.url, first.outlet) == (
        "kz-1", "2023-04-03", "Tokayev meets Chinese envoy", "https://steppe.example/kz-1", "steppe.example")
    assert first.text.startswith("Kazakhstan's president") and first.error is None


def test_jsonl_bad_lines_become_coded_errors(resources):
    path = str(resources / "articles.jsonl")
    by_origin = {a.origin: a for a in read_jsonl(resources / "articles.jsonl")}
    malformed, missing, not_object = by_origin[f"{path}:2"], by_origin[f"{path}:4"], by_origin[f"{path}:5"]
    assert (malformed.id, malformed.error.code, malformed.text) == (f"{path}:2", "EW101", "")
    assert (missing.id, missing.error.code) == ("kz-3", "EW102")
    assert not_object.error.code == "EW101" and "list" in not_object.error.message
    assert all(a.error.stage == "read" for a in (malformed, missing, not_object))


def test_jsonl_numeric_id_becomes_string(resources):
    last = list(read_jsonl(resources / "articles.jsonl"))[-1]
    assert last.id == "44" and last.error is None


def test_jsonl_invalid_utf8_is_replaced_not_failed(tmp_path):
    path = tmp_path / "latin.jsonl"
    path.write_bytes(b'{"id": "ge-1", "text": "Tbilisi caf\xe9 owners protested."}\n')
    (article,) = read_jsonl(path)
    assert article.error is None and article.text == "Tbilisi caf\ufffd owners protested."


def test_jsonl_missing_file_is_ew103(tmp_path):
    (article,) = read_jsonl(tmp_path / "nowhere.jsonl")
    assert article.error.code == "EW103" and article.origin == str(tmp_path / "nowhere.jsonl")


def test_jsonl_oversized_line_is_ew105_and_reading_goes_on():
    long_text = "x" * 500
    lines = [json.dumps({"id": "big", "text": long_text}), json.dumps({"id": "small", "text": "Riga."})]
    stream = io.BytesIO(("\n".join(lines) + "\n").encode())
    big, small = read_jsonl_stream(stream, "mem", max_line_bytes=200)
    assert (big.error.code, big.origin) == ("EW105", "mem:1")
    assert (small.id, small.text, small.origin) == ("small", "Riga.", "mem:2")


def test_jsonl_streams_without_reading_the_whole_file():
    class OneLineAtATime(io.BytesIO):
        def read(self, *args):  # a whole-file read would call this
            raise AssertionError("read() of the whole stream")

    stream = OneLineAtATime(b'{"id": "a", "text": "Vilnius."}\n{"id": "b", "text": "Kaunas."}\n')
    assert [a.id for a in read_jsonl_stream(stream, "mem")] == ["a", "b"]
