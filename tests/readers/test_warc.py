import importlib.util

from eventwire.readers import read_warc

from .conftest import RESOURCES


def _fixture_builder():
    spec = importlib.util.spec_from_file_location("make_warc", RESOURCES / "make_warc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build


def test_warc_reads_html_responses_only(resources):
    articles = list(read_warc(resources / "sample.warc.gz"))
    assert [a.id for a in articles] == ["https://caucasusreview.example/talks", "https://tbilisitimes.example/rally"]
    assert all(a.error is None for a in articles)


def test_warc_text_url_and_page_date(resources):
    talks, _ = read_warc(resources / "sample.warc.gz")
    assert talks.url == "https://caucasusreview.example/talks"
    assert talks.text.startswith("Armenian and Azerbaijani officials resumed talks")
    assert "All rights reserved" not in talks.text and "Politics" not in talks.text
    assert talks.published.startswith("2023-09-14") and talks.outlet == "Caucasus Review"


def test_warc_date_when_page_has_none(resources):
    _, rally = read_warc(resources / "sample.warc.gz")
    assert rally.published == "2023-10-02T16:45:00Z" and rally.outlet == "tbilisitimes.example"


def test_warc_fixture_builder_is_reproducible(tmp_path, resources):
    rebuilt = list(read_warc(_fixture_builder()(tmp_path / "again.warc.gz")))
    assert [a.text for a in rebuilt] == [a.text for a in read_warc(resources / "sample.warc.gz")]


def test_warc_garbage_file_is_an_error(tmp_path):
    path = tmp_path / "broken.warc.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00 definitely not a gzip member")
    articles = list(read_warc(path))
    assert [a.error.code for a in articles] == ["EW104"]
