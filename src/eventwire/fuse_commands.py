"""``eventwire stories`` and ``eventwire story ID``: the stories fused at ingest (see ``fuse.py``)."""
from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .cli import DEFAULT_DB, EXIT_OK, Command
from .fuse import STATUSES

_TABLE_WIDTH = 180


def _configure_stories(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=DEFAULT_DB, help=f"database file (default: {DEFAULT_DB})")
    parser.add_argument("--format", choices=("table", "jsonl"), default="table",
                        help="table, or jsonl: one STORY record (the contract's) a line")
    group = parser.add_argument_group("filters")
    group.add_argument("--status", choices=STATUSES)
    group.add_argument("--actor", help="code prefix of the story's source or target (RUS, BLRGOV)")
    group.add_argument("--root", help="CAMEO root code (19)")
    group.add_argument("--since", help="stories still going on this day or later, YYYY-MM-DD")
    group.add_argument("--until", help="stories begun on this day or earlier, YYYY-MM-DD")
    group.add_argument("--min-outlets", type=int, dest="min_outlets", help="at least this many independent outlets")
    group.add_argument("--article", help="stories with a report from this article id")
    group.add_argument("--limit", type=int)
    group.add_argument("--offset", type=int)


def _story_filters(args: argparse.Namespace) -> dict[str, Any]:
    names = ("status", "actor", "root", "since", "until", "min_outlets", "article", "limit", "offset")
    return {name: getattr(args, name) for name in names if getattr(args, name) is not None}


def run_stories(args: argparse.Namespace) -> int:
    from .query import open_database  # pandas: only for the commands that read a database

    with open_database(args.db) as db:
        if args.format == "jsonl":
            for record in db.story_records(**_story_filters(args)):
                sys.stdout.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
            return EXIT_OK
        frame = db.stories(**_story_filters(args))
    _print_story_table(frame)
    return EXIT_OK


def _console():
    from rich.console import Console

    console = Console(file=sys.stdout)
    return console if console.is_terminal else Console(file=sys.stdout, width=_TABLE_WIDTH)


def _print_story_table(frame: Any) -> None:
    from rich.table import Table

    table = Table(box=None, header_style="bold", pad_edge=False)
    for column in ("story", "status", "days", "source", "cameo", "target", "outlets", "articles",
                   "asserted", "future", "possible", "negated"):
        table.add_column(column, no_wrap=True)
    for row in frame.astype(object).where(frame.notna(), None).to_dict("records"):
        first, last = (str(row[k] or "")[:10] for k in ("date_first", "date_last"))
        days = f"{first}..{last}" if first != last else first
        table.add_row(row["id"], row["status"], days, row["source_code"] or "", row["cameo"], row["target_code"] or "",
                      *(str(row[k]) for k in ("outlets", "articles", "asserted", "future", "possible", "negated")))
    _console().print(table)
    print(f"{len(frame)} stories", file=sys.stderr)


def _configure_story(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", help="story id (s-...), as `eventwire stories` lists it")
    parser.add_argument("--db", default=DEFAULT_DB, help=f"database file (default: {DEFAULT_DB})")
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run_story(args: argparse.Namespace) -> int:
    from .query import open_database

    with open_database(args.db) as db:
        try:
            story = db.story(args.id)
        except KeyError as exc:
            raise ValueError(str(exc.args[0])) from None
    if args.format == "json":
        sys.stdout.write(json.dumps(story, ensure_ascii=False, default=str) + "\n")
    else:
        _print_story(story)
    return EXIT_OK


def _who(report: dict[str, Any]) -> str:
    speaker = report.get("speaker") or "(the outlet itself)"
    return f"{speaker} via {report.get('outlet') or '?'} [{report['article']}#{report['event']}]"


def _print_story(story: dict[str, Any]) -> None:
    from rich.markup import escape

    console = _console()
    event = story["event"]
    actors = " -> ".join((a or {}).get("code") or "---" for a in (event["source"], event["target"]))
    console.print(f"[bold]{story['story']}[/bold]  {story['status']}  {actors}  {event['cameo']} "
                  f"{event.get('plover') or ''}  {story['date_first']}..{story['date_last']}")
    support = ", ".join(f"{k} {v}" for k, v in story["support"].items() if v)
    console.print(f"{story['articles']} articles, {story['outlets']} independent outlets; {support}")
    console.print("\n[bold]reports[/bold]")
    for report in story["reports"]:
        copy = f" (copy of {report['duplicate_of']})" if report.get("duplicate_of") else ""
        console.print(escape(f"  {report['modality']:<11} {_who(report)}{copy}: {' '.join(report['sentence'].split())}"),
                      soft_wrap=True)
    if story["contradictions"]:
        console.print("\n[bold]contradictions[/bold]")
    for claim, denial in story["contradictions"]:
        console.print(escape(f"  {_what(claim)} by {_who(claim)}\n    vs {_what(denial)} by {_who(denial)}"),
                      soft_wrap=True)


def _what(report: dict[str, Any]) -> str:
    """A report's modality and action ("negated BLRMIL 154"): a denial event (016) shows as one."""
    return " ".join(str(report.get(key) or "") for key in ("modality", "source_code", "cameo")).strip()


COMMANDS = (
    Command("stories", "list stories: reports of one happening fused across articles", _configure_stories,
            run_stories),
    Command("story", "show one story with its reports and contradictions", _configure_story, run_story),
)
