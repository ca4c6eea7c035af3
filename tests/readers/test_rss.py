from eventwire.readers import read_rss
from eventwire.readers.rss import html_to_text


def test_rss_one_article_per_item_with_metadata(resources):
    first, second = read_rss(resources / "feed.rss")
    assert (first.id, first.outlet, first.url) == (
        "bl-2023-0512", "Baltic Ledger", "https://balticledger.example/2023/05/recall")
    assert first.published == "2023-05-12T07:30:00Z"  # +0200 turned into UTC
    assert second.id == "https://balticledger.example/2023/05/fence"  # no guid: the link


def test_rss_prefers_full_content_and_strips_html(resources):
    first, second = read_rss(resources / "feed.rss")
    assert first.text == ("Lithuania recalled its ambassador from Minsk on Friday, the foreign ministry said.\n"
                          "The ministry accused Belarus of harassing its diplomats.")
    assert second.text == "Latvian lawmakers debated funding for a fence on the Belarusian border."


def test_rss_reads_atom_entries(resources):
    (entry,) = read_rss(resources / "feed.atom")
    assert entry.id == "tag:andeanwire.example,2023:peru-bolivia-border"
    assert (entry.outlet, entry.published) == ("Andean Wire", "2023-03-02T13:15:00Z")
    assert entry.text.splitlines() == ["Peru and Bolivia agreed on Thursday to reopen the Desaguadero crossing.",
                                       "Truckers had blocked it for two weeks."]


def test_rss_file_that_is_not_a_feed_is_ew106(tmp_path):
    path = tmp_path / "notes.xml"
    path.write_text("<?xml version='1.0'?><notes><note>Call the embassy</note></notes>")
    (article,) = read_rss(path)
    assert article.error.code == "EW106"


def test_rss_html_to_text_keeps_plain_text():
    assert html_to_text("Ecuador declared a state of emergency.") == "Ecuador declared a state of emergency."
    assert html_to_text("<p>One.</p><p>Two <i>and</i> three.</p>") == "One.\nTwo and three."
