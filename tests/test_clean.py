import pytest
from hypothesis import given, settings, strategies as st

from eventwire.clean import clean_records, clean_text
from eventwire.model import Article, Record
from eventwire.settings import load_settings

POST_ARTICLE = (
    "Officials in Chisinau said talks would resume.\n"
    "Breaking: Moldova and Romania will sign the energy pact in Iasi, per the presidency.\\n\\n"
    "The signing could come as soon as tomorrow.pic.twitter.com/AbC123xyZ\n"
    "— The Bucharest Desk (@BucharestDesk) 1645970900\n"
    "The opposition called the pact rushed."
)


def _assert_exact_offsets(raw: str, cleaned) -> None:
    """Copied characters point at themselves in raw; rewritten ones are whitespace or a decoded quote."""
    assert len(cleaned.offsets) == len(cleaned.text)
    assert cleaned.offsets == sorted(cleaned.offsets)
    for index, char in enumerate(cleaned.text):
        source = raw[cleaned.offsets[index]]
        if source != char:
            assert char.isspace() or (char == '"' and source == "\\"), (index, char, source)


@pytest.mark.parametrize("raw, expected", [
    ("Kyiv said talks would start.\\n\\nMoscow agreed.", "Kyiv said talks would start.\n\nMoscow agreed."),
    ('He said \\"no deal\\" on Monday.', 'He said "no deal" on Monday.'),
    ("Column one\\tcolumn two", "Column one column two"),
    ("Line one.\\r\\nLine two.", "Line one.\nLine two."),
])
def test_clean_decodes_literal_escapes(raw, expected):
    assert clean_text(raw).text == expected


@pytest.mark.parametrize("raw, expected", [
    ("The talks could come as soon as today.pic.twitter.com/qmZvlTcRx7", "The talks could come as soon as today."),
    ("Watch the speech pic.twitter.com/Xy12 here.", "Watch the speech here."),
    ("Read the statement: https://t.co/AbCdEf12.", "Read the statement:."),
    ("Full text at bit.ly/3xYzAb and on the site.", "Full text at and on the site."),
    ("See https://news.example/story?id=4&utm_source=twitter&utm_medium=social for more.", "See for more."),
    ("The ministry site https://mfa.example/statement stays.", "The ministry site https://mfa.example/statement stays."),
    ("Microsoft.co/x is not a short link.", "Microsoft.co/x is not a short link."),
])
def test_clean_removes_debris_links(raw, expected):
    assert clean_text(raw).text == expected


@pytest.mark.parametrize("raw, expected", [
    ("  Troops   moved\t\tnorth.  ", "Troops moved north."),
    ("First paragraph.\n\n\n\n\nSecond paragraph.", "First paragraph.\n\nSecond paragraph."),
    ("Non\u00a0breaking and zero\u200bwidth.", "Non breaking and zerowidth."),
    ("Curly “quotes” and ‘single’ stay.", "Curly “quotes” and ‘single’ stay."),
    ("Windows\r\nline\rends.", "Windows\nline\nends."),
    ("", ""),
    ("   \n\t ", ""),
])
def test_clean_normalises_whitespace(raw, expected):
    assert clean_text(raw).text == expected


def test_clean_finds_post_back_to_previous_line_when_no_blank_lines():
    cleaned = clean_text(POST_ARTICLE)
    (post,) = cleaned.posts
    assert (post.author, post.handle, post.time) == ("The Bucharest Desk", "BucharestDesk", "2022-02-27T14:08:20Z")
    start, end = post.span
    assert cleaned.text[start:end] == ("Breaking: Moldova and Romania will sign the energy pact in Iasi, per the "
                                       "presidency.\n\nThe signing could come as soon as tomorrow.")
    sig_start, sig_end = post.signature_span
    assert cleaned.text[sig_start:sig_end] == "— The Bucharest Desk (@BucharestDesk) 1645970900"
    assert cleaned.text[sig_end] == "\n"


def test_clean_post_goes_back_to_blank_line_in_blank_line_articles():
    raw = ("Kyiv confirmed the visit.\n\nNATO will meet in Vilnius next week.\nAllies will discuss air defence.\n"
           "-- Ana Petrescu (@anapetrescu) February 27, 2022\n\nThe visit ended on Tuesday.")
    cleaned = clean_text(raw)
    (post,) = cleaned.posts
    assert cleaned.text[slice(*post.span)] == "NATO will meet in Vilnius next week.\nAllies will discuss air defence."
    assert (post.handle, post.time) == ("anapetrescu", "2022-02-27")


def test_clean_signature_glued_to_next_sentence_gets_its_own_line():
    raw = "Sanctions are coming.\n- Jane Doe (@janedoe) 1645970900 The ministry declined to comment."
    cleaned = clean_text(raw)
    assert cleaned.text == ("Sanctions are coming.\n- Jane Doe (@janedoe) 1645970900\n"
                            "The ministry declined to comment.")
    (post,) = cleaned.posts
    assert cleaned.text[slice(*post.span)] == "Sanctions are coming."
    _assert_exact_offsets(raw, cleaned)


def test_clean_signature_glued_to_the_post_starts_its_own_line():
    raw = "Intro.\nTroops crossed at dawn.pic.twitter.com/Qw12— Field Reporter (@fieldrep) 1645970900\nMore later."
    cleaned = clean_text(raw)
    assert cleaned.text == "Intro.\nTroops crossed at dawn.\n— Field Reporter (@fieldrep) 1645970900\nMore later."
    (post,) = cleaned.posts
    assert cleaned.text[slice(*post.span)] == "Troops crossed at dawn."
    _assert_exact_offsets(raw, cleaned)


@pytest.mark.parametrize("raw", [
    "Minister Ion Popa - spokesman (Reuters) 1645970900",  # no @handle
    "— Jane Doe (@janedoe) Someday 45, 2022",  # not a date
    "The vote - 1645970900 ballots - was close.",
])
def test_clean_ignores_lines_that_only_resemble_signatures(raw):
    assert clean_text(raw).posts == []


def test_clean_offsets_point_into_the_scraped_text():
    cleaned = clean_text(POST_ARTICLE)
    _assert_exact_offsets(POST_ARTICLE, cleaned)
    start = cleaned.text.index("tomorrow.")
    assert POST_ARTICLE[cleaned.offsets[start]:cleaned.offsets[start] + 9] == "tomorrow."
    decoded_break = cleaned.text.index("\n\nThe signing")
    assert POST_ARTICLE[cleaned.offsets[decoded_break]:cleaned.offsets[decoded_break] + 2] == "\\n"


_DEBRIS = st.sampled_from([
    "\\n", "\\t", '\\"', "\\r", "\n", "\n\n\n", " ", "\t", "\u00a0", "\u200b", "\r\n", "“", "”",
    "pic.twitter.com/Ab12", " https://t.co/xyz", "bit.ly/abc.", "https://a.example/?utm_source=x",
    "— Jane Doe (@janedoe) 1645970900", "- A (@b) March 3, 2021", "today.", "Talks", "x", "(", "@", "-",
])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_DEBRIS, st.text(max_size=6)), max_size=25).map("".join))
def test_clean_offset_map_is_exact_for_any_text(raw):
    cleaned = clean_text(raw)
    _assert_exact_offsets(raw, cleaned)
    assert cleaned.text == cleaned.text.strip()
    assert "\n\n\n" not in cleaned.text and "  " not in cleaned.text
    for post in cleaned.posts:
        assert 0 <= post.span[0] <= post.span[1] <= post.signature_span[0] < post.signature_span[1] <= len(cleaned.text)


def test_clean_stage_fills_records():
    records = [Record(article=Article(id="md-1", text=POST_ARTICLE)), Record(article=Article(id="md-2", text=""))]
    clean_records(records, load_settings())
    assert records[0].text.startswith("Officials in Chisinau") and len(records[0].posts) == 1
    assert len(records[0].offsets) == len(records[0].text)
    assert (records[1].text, records[1].offsets, records[1].posts) == ("", [], [])
