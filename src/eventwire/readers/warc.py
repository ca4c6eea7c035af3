"""WARC web archives: one Article per archived HTML response."""
from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..model import Article
from ._base import MAX_FILE_BYTES, failed, looks_binary, unreadable_file
from .html import extract_page, page_article


def read_warc(path: str | Path, max_record_bytes: int = MAX_FILE_BYTES) -> Iterator[Article]:
    path = Path(path)
    error = unreadable_file(path, str(path), limit=1 << 62)  # archives are streamed, only records are bounded
    if error is not None:
        yield error
        return
    if not _starts_like_warc(path):
        yield failed(str(path), str(path), "EW104", f"{path} is not a WARC file")
        return
    with path.open("rb") as stream:
        try:
            for number, record in enumerate(ArchiveIterator(stream), start=1):
                if _is_html_response(record):
                    yield _record_article(record, f"{path}:{number}", max_record_bytes)
        except (ArchiveLoadFailed, OSError, EOFError, zlib.error) as exc:
            yield failed(str(path), str(path), "EW104", f"{path}: {exc}")
        except Exception as exc:  # noqa: BLE001 - warcio trips on corrupt headers (a record without a URI)
            yield failed(str(path), str(path), "EW104", f"{path}: corrupt record ({type(exc).__name__}: {exc})")


def _starts_like_warc(path: Path) -> bool:
    """warcio reads junk leniently (as an old ARC file), so check the magic first."""
    try:
        with path.open("rb") as stream:
            opened = gzip.open(stream) if stream.read(2) == b"\x1f\x8b" else stream
            stream.seek(0)
            return opened.read(5) == b"WARC/"
    except (OSError, EOFError, zlib.error):  # gzip.BadGzipFile is an OSError
        return False


def _is_html_response(record) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    return "html" in (record.http_headers.get_header("Content-Type") or "").lower()


def _record_article(record, origin: str, max_bytes: int) -> Article:
    url = record.rec_headers.get_header("WARC-Target-URI")
    article_id = url or origin
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return failed(article_id, origin, "EW105", f"{origin}: response over {max_bytes} bytes")
    if looks_binary(body[:8192]):
        return failed(article_id, origin, "EW104", f"{origin}: response body is binary")
    charset = record.http_headers.get_header("Content-Type", "").partition("charset=")[2].strip() or "utf-8"
    try:
        html = body.decode(charset, errors="replace")
    except LookupError:  # unknown charset name in the header
        html = body.decode("utf-8", errors="replace")
    page = extract_page(html, url)
    return page_article(page, article_id, origin, published=record.rec_headers.get_header("WARC-Date"))
