from eventwire.readers import read_html
from eventwire.readers.html import extract_page


def test_html_keeps_main_text_and_drops_boilerplate(resources):
    (article,) = read_html(resources / "page.html")
    assert article.error is None and article.id == "page"
    assert "Moldova ordered a Russian diplomat to leave" in article.text
    assert "Moscow called the decision unfriendly" in article.text
    for boilerplate in ("Subscribe to our newsletter", "Copyright 2023", "Ten recipes", "Sport"):
        assert boilerplate not in article.text


def test_html_metadata_title_date_outlet(resources):
    (article,) = read_html(resources / "page.html")
    assert article.title.startswith("Moldova expels Russian diplomat")
    assert article.published.startswith("2023-07-26")
    assert article.outlet == "Danube Courier"


def test_html_extract_page_starts_with_the_article_body(resources):
    page = extract_page((resources / "page.html").read_text(), None)
    assert page.text.splitlines()[0].startswith("Moldova ordered a Russian diplomat")
    assert "Most read" not in page.text
    assert page.url == "https://danubecourier.example/world/moldova-expels-diplomat"


def test_html_page_without_text_is_an_error(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    (article,) = read_html(path)
    assert article.error.code == "EW104" and article.text == ""


def test_html_extract_page_uses_given_url():
    page = extract_page("<html><body><article><p>Chile's senate passed the pension reform on Tuesday "
                        "after two years of debate among the parties.</p></article></body></html>",
                        url="https://andes.example/pensions")
    assert page.url == "https://andes.example/pensions" and "pension reform" in page.text
