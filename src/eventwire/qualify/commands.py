"""``eventwire dates`` and ``eventwire places``: the time expressions and place names of articles.

Each writes one JSON line per article, in the shape of the gold files, so any tagger's output
can be compared with eventwire's::

    {"id": ..., "timexes": [{"text", "span", "type", "value"}]}      eventwire dates
    {"id": ..., "places": [{PLACE..., "text", "span"}]}              eventwire places

Spans are character offsets into the cleaned text (``--raw-spans``: into the text as read).
The same results are available in Python: :func:`when` and :func:`where`.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from itertools import islice
from typing import Any

from ..cli import Command
from ..model import Article, Record
from ..settings import Settings, load_settings

_DATE_STAGES = ("clean", "nlp")
_PLACE_STAGES = ("clean", "nlp", "actors")


def parsed_records(articles: Iterable[Article], stages: Iterable[str], settings: Settings | None = None
                   ) -> Iterator[Record]:
    """Run ``stages`` of the pipeline over ``articles`` and yield the Records, in order.

    A stage that fails on a record leaves a :class:`RecordError` on it (``record.skip``) and
    the run goes on, as in :class:`~eventwire.pipeline.Pipeline`.
    """
    from ..pipeline import Pipeline

    pipeline = Pipeline(names=list(stages), settings=settings or load_settings())
    it = iter(articles)
    while batch := list(islice(it, pipeline.settings.batch_size)):
        yield from pipeline.process_records(batch)


def _raw_span(record: Record, span: tuple[int, int]) -> tuple[int, int]:
    """A cleaned-text span mapped back to the text as read, through ``record.offsets``."""
    if not record.offsets or span[1] <= span[0]:
        return span
    return record.offsets[span[0]], record.offsets[span[1] - 1] + 1


def _spanned(record: Record, item: dict[str, Any], raw_spans: bool) -> dict[str, Any]:
    if raw_spans:
        item["span"] = list(_raw_span(record, tuple(item["span"])))
    return item


def dates_line(record: Record, raw_spans: bool = False, settings: Settings | None = None) -> dict[str, Any]:
    """``{"id", "timexes": [...]}`` for one parsed record (+ ``errors`` when it failed)."""
    from .dates import tag_record  # the stages import spaCy: only when a command runs, not for --help

    line: dict[str, Any] = {"id": record.article.id,
                            "timexes": [_spanned(record, t.to_dict(), raw_spans) for t in tag_record(record)]}
    if record.errors:
        line["errors"] = [e.to_dict() for e in record.errors]
    return line


def places_line(record: Record, raw_spans: bool = False, settings: Settings | None = None) -> dict[str, Any]:
    """``{"id", "places": [PLACE + text + span]}`` for one parsed record (+ ``errors``)."""
    from .places import find_places, mention_context, min_population

    places = []
    if record.doc is not None:
        for mention in find_places(record.doc, mention_context(record), min_population(settings or load_settings())):
            span = record.doc[mention.start:mention.end]
            item = {**mention.place.to_dict(), "text": mention.text, "span": [span.start_char, span.end_char]}
            places.append(_spanned(record, item, raw_spans))
    line: dict[str, Any] = {"id": record.article.id, "places": places}
    if record.errors:
        line["errors"] = [e.to_dict() for e in record.errors]
    return line


def _article(text: str, published: str | date | datetime | None) -> Article:
    if isinstance(published, (date, datetime)):
        published = published.isoformat()
    return Article(id="text", text=text, published=published)


def when(text: str, published: str | date | datetime | None = None) -> list[dict[str, Any]]:
    """The time expressions of ``text`` as TIMEX3 dicts (``text, span, type, value``),
    resolved against ``published``: ``when("Talks began on Monday.", "2022-02-28")``."""
    record = next(parsed_records([_article(text, published)], _DATE_STAGES))
    return dates_line(record)["timexes"]


def where(text: str) -> list[dict[str, Any]]:
    """The places named in ``text``, geocoded (PLACE dicts with ``text`` and ``span``):
    ``where("Shelling hit Odessa.")``."""
    record = next(parsed_records([_article(text, None)], _PLACE_STAGES))
    return places_line(record)["places"]


# ---------------------------------------------------------------- CLI


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="articles (JSON Lines, text, HTML, RSS, WARC, folder)")
    parser.add_argument("--format", choices=("jsonl",), default="jsonl", help="output format (JSON Lines)")
    parser.add_argument("--output", "-o", default="-", help="output file (default: stdout)")
    parser.add_argument("--raw-spans", action="store_true", help="spans into the text as read, not the cleaned text")
    parser.add_argument("--input-format", choices=("jsonl", "text", "html", "rss", "warc"),
                        help="reader to use for every input (default: by extension or content)")


def _runner(stages: tuple[str, ...], line_of: Callable[[Record, bool, Settings], dict[str, Any]]):
    def run(args: argparse.Namespace) -> int:
        from ..readers import read_inputs

        settings = load_settings(getattr(args, "config", None))
        failed = total = 0
        out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
        try:
            for record in parsed_records(read_inputs(args.inputs, args.input_format), stages, settings):
                total += 1
                failed += bool(record.errors)
                for error in record.errors:
                    print(f"{record.article.origin or record.article.id}: {error}", file=sys.stderr)
                out.write(json.dumps(line_of(record, args.raw_spans, settings), ensure_ascii=False) + "\n")
        finally:
            if out is not sys.stdout:
                out.close()
        print(f"eventwire: {total} articles, {failed} failed", file=sys.stderr)
        return 0 if total == 0 or failed < total else 2
    return run


COMMANDS: tuple[Command, ...] = (
    Command("dates", "list each article's time expressions with TIMEX3 values (JSON Lines)",
            _configure, _runner(_DATE_STAGES, dates_line)),
    Command("places", "list each article's place names, geocoded (JSON Lines)",
            _configure, _runner(_PLACE_STAGES, places_line)),
)
