import pytest

from eventwire.readers import read_text
from eventwire.readers.text import split_headline


def test_text_id_is_file_stem_and_text_is_content(tmp_path):
    path = tmp_path / "ukr-0301.txt"
    path.write_text("Ukraine's parliament approved martial law for another 90 days.\nThe vote was 320 to 4.\n")
    (article,) = read_text(path)
    assert (article.id, article.origin, article.title) == ("ukr-0301", str(path), None)
    assert article.text.startswith("Ukraine's parliament approved")


@pytest.mark.parametrize("content, title", [
    ("Serbia and Kosovo leaders meet in Brussels\n\nThe two leaders met on Monday.", "Serbia and Kosovo leaders meet in Brussels"),
    ("The two leaders met on Monday.\n\nThey agreed to talk again.", None),
    ("Serbia and Kosovo leaders meet\nThe two leaders met on Monday.", None),
])
def test_text_headline_only_when_it_stands_alone(content, title):
    assert split_headline(content)[0] == title


def test_text_invalid_utf8_is_replaced(resources):
    (article,) = read_text(resources / "bad_utf8.txt")
    assert article.error is None and "\ufffd" in article.text and article.text.endswith("law.\n")


def test_text_binary_file_is_ew104(resources):
    (article,) = read_text(resources / "binary.txt")
    assert (article.id, article.text, article.error.code) == ("binary", "", "EW104")


def test_text_too_large_is_ew105(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("Talks continued. " * 100)
    (article,) = read_text(path, max_bytes=1000)
    assert article.error.code == "EW105"
