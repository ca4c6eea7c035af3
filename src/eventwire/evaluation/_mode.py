"""What every evaluation mode's ``run(argv)`` does around its scoring: parse the arguments,
turn an input error into one clear line and exit code 1, print the report as JSON or tables."""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping
from typing import Any

from ..errors import EventwireError

Report = Mapping[str, Any]


def run_mode(parser: argparse.ArgumentParser, argv: list[str],
             score: Callable[[argparse.Namespace], Report], render: Callable[[Report], None]) -> int:
    """Parse ``argv`` (the parser must define ``--json``), score, print; the exit code."""
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage or help already
        return int(exc.code or 0)
    try:
        report = score(args)
    except EventwireError as exc:
        print(f"eventwire eval: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        render(report)
    return 0
