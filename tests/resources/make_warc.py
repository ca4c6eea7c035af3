"""Build sample.warc.gz, the WARC fixture of tests/readers/test_warc.py.

Run from the repository root: ``.venv/bin/python tests/resources/make_warc.py``.
Records: an HTML response with a dated news article, an HTML response without a date
(the reader falls back to WARC-Date), a request record and a PNG response (both skipped).
"""
from __future__ import annotations

from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).parent

DATED_PAGE = """<!DOCTYPE html><html><head><title>Armenia and Azerbaijan resume border talks</title>
<meta property="og:site_name" content="Caucasus Review">
<meta property="article:published_time" content="2023-09-14T10:00:00+04:00"></head>
<body><nav><a href="/">Home</a> <a href="/politics">Politics</a></nav><article>
<h1>Armenia and Azerbaijan resume border talks</h1>
<p>Armenian and Azerbaijani officials resumed talks on demarcating their border on Thursday in Brussels.</p>
<p>The European Union hosted the meeting, the first since fighting in the spring.</p>
</article><footer>Copyright Caucasus Review. All rights reserved.</footer></body></html>"""

UNDATED_PAGE = """<!DOCTYPE html><html><head><title>Georgian opposition calls rally</title></head>
<body><article><h1>Georgian opposition calls rally</h1>
<p>Opposition parties in Georgia called supporters to a rally outside parliament in Tbilisi on Saturday.</p>
<p>They demand new elections after a disputed vote count in several districts.</p>
</article></body></html>"""


def _response(writer: WARCWriter, url: str, body: bytes, content_type: str, warc_date: str) -> None:
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=headers,
                                       warc_headers_dict={"WARC-Date": warc_date})
    writer.write_record(record)


def build(path: Path = HERE / "sample.warc.gz") -> Path:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "caucasusreview.example")], is_http_request=True)
        writer.write_record(writer.create_warc_record("https://caucasusreview.example/talks", "request",
                                                      http_headers=request))
        _response(writer, "https://caucasusreview.example/talks", DATED_PAGE.encode(), "text/html; charset=utf-8",
                  "2023-09-14T08:30:00Z")
        _response(writer, "https://caucasusreview.example/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png",
                  "2023-09-14T08:30:01Z")
        _response(writer, "https://tbilisitimes.example/rally", UNDATED_PAGE.encode(), "text/html",
                  "2023-10-02T16:45:00Z")
    return path


if __name__ == "__main__":
    print(build())
