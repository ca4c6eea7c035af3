"""What must hold for every input, however hostile: the checks the fuzzer and the tests share.

* a reader yields Articles only (never raises); a JSON Lines file gives one per non-blank line,
  a text or HTML file exactly one;
* the cleaner's offsets map every cleaned character into the scraped text, and posts lie inside;
* the pipeline gives one Result per Article, in order, each writable as one UTF-8 JSON line,
  with every span inside its cleaned text.
"""
from __future__ import annotations

import json
from pathlib import Path

from eventwire.clean import clean_text
from eventwire.model import Article, Result
from eventwire.pipeline import Pipeline
from eventwire.readers import read_inputs


def expected_articles(extension: str, data: bytes) -> int | None:
    """How many Articles the readers must yield for this file, when the format fixes it."""
    if extension == "jsonl":  # blank as the reader sees it: decoded, then str.strip() (which eats \x1c-\x1f)
        lines = (line.decode("utf-8", errors="replace").strip().removeprefix("\ufeff") for line in data.split(b"\n"))
        return sum(1 for line in lines if line)  # a file of blank lines has no record to answer for
    if extension in ("txt", "html"):
        return 1
    return None


def write_inputs(folder: Path, files: list[tuple[str, bytes]]) -> list[str]:
    paths = []
    for number, (extension, data) in enumerate(files):
        path = folder / f"in{number:03d}.{extension}"
        path.write_bytes(data)
        paths.append(str(path))
    return paths


def check_readers(paths: list[str], files: list[tuple[str, bytes]]) -> list[Article]:
    articles = []
    for path, (extension, data) in zip(paths, files):
        found = list(read_inputs([path]))
        assert all(isinstance(a, Article) for a in found)
        expected = expected_articles(extension, data)
        if expected is not None:
            assert len(found) == expected, (extension, data[:200], [a.error for a in found])
        articles.extend(found)
    return articles


def check_clean(text: str) -> None:
    cleaned = clean_text(text)
    assert len(cleaned.offsets) == len(cleaned.text)
    assert all(0 <= offset < len(text) for offset in cleaned.offsets)
    for post in cleaned.posts:
        assert 0 <= post.span[0] <= post.span[1] <= len(cleaned.text)
        assert 0 <= post.signature_span[0] <= post.signature_span[1] <= len(cleaned.text)


def check_pipeline(pipeline: Pipeline, articles: list[Article]) -> list[Result]:
    results = list(pipeline.process(articles))
    assert [r.id for r in results] == [a.id for a in articles]
    for result in results:
        line = json.dumps(result.to_dict(), ensure_ascii=False)
        line.encode("utf-8")  # what `eventwire code` writes; a lone surrogate would fail here
        assert "\n" not in line
        check_spans(result)
    return results


def check_spans(result: Result) -> None:
    size = len(result.text)
    spans = [e.span for e in result.events] + [q.span for q in result.quotes] + list(result.sentences)
    spans += [p.span for p in result.posts]
    for start, end in spans:
        assert 0 <= start <= end <= size, (result.id, start, end, size)
    for event in result.events:
        assert event.sentence.strip() in result.text
