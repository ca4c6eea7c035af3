"""Hypothesis strategies for the worst text on the internet, as eventwire's readers meet it.

Articles mix real news clauses with hostile pieces (markup, control characters, surrogates,
right-to-left overrides, endless words, mojibake, scraping debris); files are those articles
in every input format, plus truncated, corrupted and binary variants of them.
"""
from __future__ import annotations

import gzip
import io
import json

from hypothesis import strategies as st

NEWS = [
    "Russian troops shelled Kharkiv on Monday, Ukrainian officials said.",
    "The French president met the German chancellor in Paris on Tuesday.",
    "Police arrested dozens of protesters in Nairobi.",
    "China condemned the sanctions imposed by Japan, the foreign ministry said in a statement.",
    "\"We will not accept any threat,\" the Polish interior minister told reporters.",
    "Belarus is preparing to deploy troops into Ukraine as early as Monday, a US official said.",
    "Turkey recalled its ambassador from Israel.",
]
HOSTILE = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)",
    "<svg onload=alert(1)>", "\u202egnp.exe", "\u200b\u200d\ufeff", "\x00", "\x1b[31m", "\ud800", "\udfff",
    "Ã©Ã¨â€™", "\ufffd\ufffd", "pic.twitter.com/abc", "\\n\\n", "— Name (@handle) 1645970900",
    "'; DROP TABLE events; --", "%s%s%n", "{{7*7}}", "\r\n\r\n", "\u2028\u2029\x85", "…" * 20,
    "a" * 3000, "<![CDATA[", "]]>", "&amp;&lt;&#0;&#xD800;", "ﷺ" * 5, "👍🏽" * 10,
]
_JSON_KEYS = ["id", "text", "published", "title", "url", "outlet"]


def hostile_text(max_pieces: int = 12) -> st.SearchStrategy[str]:
    """News clauses, hostile fragments and arbitrary unicode, glued together."""
    piece = st.one_of(st.sampled_from(NEWS), st.sampled_from(HOSTILE), st.text(max_size=40),
                      st.text(alphabet=st.characters(codec="utf-8"), max_size=20))
    glue = st.sampled_from(["", " ", "\n", "\n\n", "\t", ". "])
    return st.lists(st.tuples(piece, glue), max_size=max_pieces).map(lambda ps: "".join(p + g for p, g in ps))


def _json_value() -> st.SearchStrategy:
    scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), hostile_text(4))
    return st.recursive(scalar, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                         st.dictionaries(st.text(max_size=5), inner, max_size=3)),
                        max_leaves=5)


@st.composite
def article_object(draw) -> dict:
    """An input object: usually well formed, sometimes with missing or mistyped fields."""
    obj = {"id": draw(st.one_of(st.text(max_size=12), st.integers(), _json_value())), "text": draw(hostile_text())}
    for key in _JSON_KEYS[2:]:
        if draw(st.booleans()):
            obj[key] = draw(st.one_of(hostile_text(3), _json_value()))
    for key in draw(st.lists(st.sampled_from(_JSON_KEYS), max_size=2)):
        obj[key] = draw(_json_value())  # a field with the wrong type, or dropped
        if draw(st.booleans()):
            del obj[key]
    return obj


@st.composite
def jsonl_line(draw) -> bytes:
    line = json.dumps(draw(article_object()), ensure_ascii=draw(st.booleans()))
    mangle = draw(st.sampled_from(["none", "none", "none", "truncate", "bytes", "array"]))
    if mangle == "truncate":
        line = line[:draw(st.integers(0, len(line)))]
    elif mangle == "array":
        line = json.dumps([line])
    data = line.encode("utf-8", errors="surrogatepass")
    if mangle == "bytes":
        data = data + draw(st.binary(max_size=20))
    return data.replace(b"\n", b" ")


def html_page(title: str, body: str) -> bytes:
    return (f"<!DOCTYPE html><html><head><title>{title}</title></head><body><nav>Home | World</nav>"
            f"<article><h1>{title}</h1><p>{body}</p></article><footer>© 2024</footer></body></html>"
            ).encode("utf-8", errors="surrogatepass")


def feed(entries: list[tuple[str, str]]) -> bytes:
    items = "".join(f"<item><title>{t}</title><link>https://example.org/{i}</link>"
                    f"<description><![CDATA[{b}]]></description></item>" for i, (t, b) in enumerate(entries))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'
            ).encode("utf-8", errors="surrogatepass")


def warc(html: bytes) -> bytes:
    body = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + html
    head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/a\r\n"
            b"WARC-Record-ID: <urn:uuid:1>\r\nContent-Type: application/http; msgtype=response\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode())
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb") as out:
        out.write(head + body + b"\r\n\r\n")
    return buffer.getvalue()


@st.composite
def input_file(draw) -> tuple[str, bytes]:
    """(extension, bytes): a file in one of the input formats, sometimes corrupted or binary."""
    kind = draw(st.sampled_from(["jsonl", "txt", "html", "rss", "warc.gz", "binary"]))
    if kind == "jsonl":
        data = b"\n".join(draw(st.lists(jsonl_line(), min_size=1, max_size=4)))
    elif kind == "txt":
        data = draw(hostile_text()).encode("utf-8", errors="surrogatepass")
    elif kind == "html":
        data = html_page(draw(hostile_text(2)), draw(hostile_text()))
    elif kind == "rss":
        data = feed(draw(st.lists(st.tuples(hostile_text(2), hostile_text()), min_size=1, max_size=3)))
    elif kind == "warc.gz":
        data = warc(html_page(draw(hostile_text(2)), draw(hostile_text())))
    else:
        kind, data = draw(st.sampled_from(["txt", "jsonl", "html"])), draw(st.binary(min_size=1, max_size=300))
    cut = draw(st.sampled_from([None, None, None, "truncate", "flip"]))
    if cut == "truncate" and data:
        data = data[:draw(st.integers(0, len(data) - 1))]
    elif cut == "flip" and data:
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1:]
    return kind, data
