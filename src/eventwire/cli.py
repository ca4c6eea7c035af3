"""The ``eventwire`` command: one function per subcommand (parse -> call the API -> render).

A command is a :class:`Command` in ``COMMANDS``: its arguments (``configure``) and what it
does (``run(args) -> exit code``). Add later commands (``eval``, ``stories``, ``serve``,
``dates``, ``places``) the same way. Per-record problems go to stderr as one line each
(``file.jsonl:12: EW101 read: ...``) and never stop a run; fatal errors print one line
(a traceback with ``--debug``) and exit non-zero.
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, fields
from importlib.resources import as_file, files
from itertools import chain
from typing import TYPE_CHECKING, Any, TextIO

from .errors import ConfigError, DataFileError, EventwireError, InputError
from .model import Article, Result
from .progress import track
from .scale import add_scale_arguments, story_fuser
from .settings import Settings, load_settings

if TYPE_CHECKING:
    from .query import Filters

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
DEFAULT_DB = "eventwire.duckdb"
_TABLE_WIDTH = 180


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


# ---------------------------------------------------------------- shared pieces

@dataclass
class RunSummary:
    articles: int = 0
    events: int = 0
    failed: int = 0
    unreadable: int = 0  # failed already in the reader: nothing of the input was read

    def __str__(self) -> str:
        return f"{self.articles} articles, {self.events} events, {self.failed} failed"


def _report(results: Iterable[Result], summary: RunSummary, err: TextIO) -> Iterator[Result]:
    """Pass results through, printing one line per record error and counting."""
    for result in results:
        summary.articles += 1
        summary.events += len(result.events)
        if result.errors:
            summary.failed += 1
            article = result.article
            summary.unreadable += article is not None and article.error is not None
            where = (article.origin if article is not None and article.origin else None) or result.id
            for error in result.errors:
                print(f"{where}: {error}", file=err)
        yield result


def _settings(args: argparse.Namespace) -> Settings:
    return load_settings(args.config, batch_size=getattr(args, "batch_size", None))


def _coded(args: argparse.Namespace, inputs: list[str], settings: Settings, summary: RunSummary,
           select: Callable[[Iterable[Article]], Iterable[Article]] | None = None) -> Iterator[Result]:
    """Read ``inputs`` (those ``select`` keeps), code them with the chosen engine, report record
    errors and show progress on long runs."""
    from .readers import read_inputs
    from .scale import code_articles

    articles = read_inputs(inputs, args.input_format)
    results = code_articles(select(articles) if select else articles, settings, engine=args.engine,
                            workers=args.workers, scheduler=args.scheduler)
    shown = track(results, enabled=args.progress or sys.stderr.isatty(), threshold=settings.progress_threshold)
    return _report(shown, summary, sys.stderr)


def _finish(summary: RunSummary) -> int:
    print(f"eventwire: {summary}", file=sys.stderr)
    if summary.articles and summary.unreadable == summary.articles:
        print("eventwire: no input could be read", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


@contextmanager
def _output(path: str) -> Iterator[TextIO]:
    if path == "-":
        yield sys.stdout
        return
    with open(path, "w", encoding="utf-8") as out:
        yield out


def _add_input_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--input-format", choices=("jsonl", "text", "html", "rss", "warc"),
                        help="reader to use for every input (default: by extension or content)")
    parser.add_argument("--batch-size", type=int, help="articles per pipeline batch (default: settings)")


def _add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("filters")
    group.add_argument("--since", help="first day, YYYY-MM-DD (event date, else publication day)")
    group.add_argument("--until", help="last day, YYYY-MM-DD, inclusive")
    group.add_argument("--actor", help="actor code prefix (RUSGOV, RUS) or name substring, source or target")
    group.add_argument("--country", help="ISO3 country of the source or target")
    group.add_argument("--sector", help="CAMEO role code of the source or target (GOV, MIL, ...)")
    group.add_argument("--root", help="CAMEO root code (19)")
    group.add_argument("--cameo", help="CAMEO code prefix (190)")
    group.add_argument("--plover", help="PLOVER event type (ASSAULT)")
    group.add_argument("--modality", help="asserted, negated, future, possible, conditional or requested")
    group.add_argument("--quad-class", type=int, choices=(1, 2, 3, 4), dest="quad_class")
    group.add_argument("--text", help="substring of the sentence")
    group.add_argument("--outlet", help="outlet (publisher) name")
    group.add_argument("--article", help="article id")
    group.add_argument("--limit", type=int)
    group.add_argument("--offset", type=int)
    group.add_argument("--order", choices=("date", "-date", "goldstein", "-goldstein", "article"))


def _filters(args: argparse.Namespace) -> Filters:
    from .query import Filters  # pandas and the store: only for the commands that read a database

    return Filters.of(**{f.name: getattr(args, f.name) for f in fields(Filters)})


# ---------------------------------------------------------------- code

def _configure_code(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders, or - for JSON Lines on stdin")
    parser.add_argument("-o", "--output", default="-", help="where to write results (default: stdout)")
    parser.add_argument("--format", choices=("jsonl", "parquet"), default="jsonl",
                        help="output format; parquet writes a dataset partitioned by day into the -o directory")
    _add_input_arguments(parser)
    add_scale_arguments(parser)


def run_code(args: argparse.Namespace) -> int:
    """One contract line per input article, in input order, written as results come. A killed run
    writing to a file, restarted with the same arguments, resumes after the last complete line."""
    from .scale.resume import OutputCheckpoint

    settings = _settings(args)
    summary = RunSummary()
    if args.format == "parquet":
        return _code_to_dataset(args, settings, summary)
    checkpoint = None if args.output == "-" else OutputCheckpoint(args.output, _run_key(args))
    with _output(args.output) if checkpoint is None else checkpoint.open() as out:
        select = checkpoint.remaining if checkpoint is not None else None
        for result in _coded(args, args.inputs, settings, summary, select):
            out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
            if summary.articles % settings.batch_size == 0:
                out.flush()
        out.flush()
    if checkpoint is not None:
        checkpoint.finish()
    return _finish(summary)


def _code_to_dataset(args: argparse.Namespace, settings: Settings, summary: RunSummary) -> int:
    from .scale.dataset import write_dataset

    if args.output == "-":
        raise ConfigError("--format parquet writes a dataset: give -o DIRECTORY")
    for _ in write_dataset(_coded(args, args.inputs, settings, summary), args.output):
        pass
    return _finish(summary)


def _run_key(args: argparse.Namespace) -> dict[str, Any]:
    """What makes two ``code`` runs the same run (and so a killed one resumable)."""
    return {"inputs": [os.path.abspath(p) for p in args.inputs], "format": args.input_format,
            "config": args.config}


# ---------------------------------------------------------------- ingest

def _configure_ingest(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="*", metavar="INPUT", help="files, folders, or - for JSON Lines on stdin")
    parser.add_argument("--db", default=DEFAULT_DB, help=f"database file (default: {DEFAULT_DB})")
    parser.add_argument("--samples", action="store_true", help="also ingest the bundled sample articles")
    _add_input_arguments(parser)
    add_scale_arguments(parser)


def run_ingest(args: argparse.Namespace) -> int:
    """Code the inputs and store them; articles already stored with the same content are skipped
    before coding, so a killed ingest run again resumes where it stopped. A Parquet dataset that
    ``code --format parquet`` wrote is stored as it is, without coding again."""
    from .scale.dataset import is_dataset, read_dataset
    from .scale.resume import StoredFilter
    from .store.duckdb import Store

    if not args.inputs and not args.samples:
        raise InputError("nothing to ingest: give INPUT files or --samples", "EW103")
    settings = _settings(args)
    summary = RunSummary()
    with ExitStack() as stack:
        inputs = list(args.inputs)
        if args.samples:
            inputs.append(str(stack.enter_context(as_file(_samples()))))
        store = stack.enter_context(Store(args.db))
        stored = StoredFilter(store, settings.batch_size)
        coded = [_report(read_dataset(path), summary, sys.stderr) for path in inputs if is_dataset(path)]
        articles = [path for path in inputs if not is_dataset(path)]
        if articles:  # only datasets: no engine to start for coding
            coded.append(_coded(args, articles, settings, summary, stored))
        fuser = story_fuser(args.engine, args.workers, args.scheduler)  # dask: stories fused on the cluster too
        stats = store.ingest(chain(*coded), fuser)
        stats.unchanged += stored.skipped
        summary.articles += stored.skipped
    print(f"eventwire: {args.db}: {stats}", file=sys.stderr)
    return _finish(summary)


def _samples():
    samples = files("eventwire.data") / "samples" / "articles.jsonl"
    if not samples.is_file():
        raise DataFileError("the bundled sample corpus data/samples/articles.jsonl is missing")
    return samples


# ---------------------------------------------------------------- events

def _configure_events(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=DEFAULT_DB, help=f"database file (default: {DEFAULT_DB})")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    _add_filter_arguments(parser)


def run_events(args: argparse.Namespace) -> int:
    from .query import open_database

    with open_database(args.db) as db:
        frame = db.events(**_filters(args).given())
    if args.format == "csv":
        frame.to_csv(sys.stdout, index=False)
    elif args.format == "json":
        sys.stdout.write(frame.to_json(orient="records", date_format="iso", force_ascii=False) + "\n")
    else:
        print_event_table(frame)
    return EXIT_OK


def print_event_table(frame: Any, console: Any = None) -> None:
    """The events of a query as a rich table: one line per event."""
    from rich.console import Console
    from rich.table import Table

    from .dictionaries import cameo_codes

    names = cameo_codes()
    if console is None:
        console = Console(file=sys.stdout)
        if not console.is_terminal:  # piped or in CI: wide enough for one event per line
            console = Console(file=sys.stdout, width=_TABLE_WIDTH)
    table = Table(box=None, header_style="bold", pad_edge=False)
    for column, width in (("date", 10), ("source", 9), ("action", 24), ("target", 9), ("modality", 11),
                          ("speaker", 22), ("sentence", 80)):
        table.add_column(column, no_wrap=True, overflow="ellipsis", min_width=min(width, 10), max_width=width)
    for row in frame.astype(object).where(frame.notna(), None).to_dict("records"):
        known = names.get(row["cameo"])
        table.add_row(str(row["day"] or "")[:10], row["source_code"] or "",
                      f"{row['cameo']} {known.name.lower() if known else ''}".strip(), row["target_code"] or "",
                      row["modality"] or "", row["speaker"] or "", " ".join((row["sentence"] or "").split()))
    console.print(table)
    print(f"{len(frame)} events", file=sys.stderr)


# ---------------------------------------------------------------- export

def _configure_export(parser: argparse.ArgumentParser) -> None:
    from .store.export import FORMATS

    parser.add_argument("--db", default=DEFAULT_DB, help=f"database file (default: {DEFAULT_DB})")
    parser.add_argument("--format", choices=FORMATS, required=True)
    parser.add_argument("-o", "--output", required=True,
                        help="output file (- = stdout for csv/gdelt/plover; a directory gives a parquet dataset)")
    _add_filter_arguments(parser)


def run_export(args: argparse.Namespace) -> int:
    from .store.export import export

    count = export(args.db, args.format, args.output, _filters(args))
    print(f"eventwire: {count} events -> {args.output}", file=sys.stderr)
    return EXIT_OK


def _configure_eval(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("rest", nargs=argparse.REMAINDER, help="GOLD [PRED | --run INPUT] [--json] [--explain]")


def run_eval(args: argparse.Namespace) -> int:
    from .evaluate import run_eval as evaluate

    return evaluate(args.rest)


# ---------------------------------------------------------------- main

COMMANDS = (
    Command("code", "code articles into contract JSON Lines", _configure_code, run_code),
    Command("ingest", "code articles and store them in a database", _configure_ingest, run_ingest),
    Command("events", "list stored events", _configure_events, run_events),
    Command("export", "export stored events (parquet, csv, gdelt, plover)", _configure_export, run_export),
    Command("eval", "score coded events against gold (eventwire eval --help)", _configure_eval, run_eval),
)


def _common_options(defaults: bool) -> argparse.ArgumentParser:
    """Options every command takes, before or after its name; after it they only set what is given."""
    common = argparse.ArgumentParser(add_help=False)
    if not defaults:
        common.argument_default = argparse.SUPPRESS
    common.add_argument("--debug", action="store_true", help="show tracebacks")
    common.add_argument("--config", help="settings TOML overlaying the shipped defaults")
    common.add_argument("--progress", action="store_true", help="show progress even when stderr is not a terminal")
    return common


# Commands that live beside their subsystem: each module defines ``COMMANDS`` (a tuple of
# :class:`Command`), imported when the parser is built so ``eventwire --help`` lists them.
_COMMAND_MODULES: tuple[str, ...] = ("eventwire.fuse_commands", "eventwire.qualify.commands",
                                     "eventwire.watch", "eventwire.server.commands")


def all_commands() -> tuple[Command, ...]:
    extra = tuple(c for name in _COMMAND_MODULES for c in importlib.import_module(name).COMMANDS)
    return COMMANDS + extra


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="eventwire", parents=[_common_options(defaults=True)],
                                     description="News articles in, a database of political events out.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in all_commands():
        sub = commands.add_parser(command.name, help=command.help, description=command.help,
                                  parents=[_common_options(defaults=False)])
        command.configure(sub)
        sub.set_defaults(run=command.run)
    return parser


def _exit_code(exc: Exception) -> int:
    usage = (ConfigError, DataFileError, InputError, ValueError)
    return EXIT_USAGE if isinstance(exc, usage) else EXIT_FAILED


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["eval"]:  # evaluate.py owns its arguments, --help included
        from .evaluate import run_eval as evaluate

        return evaluate(argv[1:])
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (EventwireError, ValueError) as exc:
        if args.debug:
            traceback.print_exc()
        print(f"eventwire: {exc}", file=sys.stderr)
        return _exit_code(exc)
    except KeyboardInterrupt:
        print("eventwire: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - an unexpected failure: one line, the traceback on request
        if args.debug:
            traceback.print_exc()
        print(f"eventwire: internal error: {type(exc).__name__}: {exc} (rerun with --debug for the traceback)",
              file=sys.stderr)
        return EXIT_FAILED
