"""``eventwire serve``: the JSON API and the dashboard over one database, on loopback by default."""
from __future__ import annotations

import argparse
import sys

from ..cli import DEFAULT_DB, EXIT_OK, Command

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080


def _configure_serve(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=DEFAULT_DB, help=f"database file (default: {DEFAULT_DB}); never written")
    parser.add_argument("--host", default=DEFAULT_HOST,
                        help=f"address to listen on (default: {DEFAULT_HOST}, this machine only)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default: {DEFAULT_PORT})")
    parser.add_argument("--refresh", type=float, default=2.0, metavar="SECONDS",
                        help="how often to look for events a running ingest added (default: 2)")
    parser.add_argument("--cache", type=int, default=4096, metavar="N",
                        help="JSON answers remembered per snapshot (default: 4096; 0 = none)")


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .app import create_app

    app = create_app(args.db, refresh_seconds=args.refresh, cache=args.cache)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"eventwire: serving on {args.host}: other machines can reach this server", file=sys.stderr)
    print(f"eventwire: dashboard at http://{args.host}:{args.port}/ (API docs at /docs)", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return EXIT_OK


COMMANDS = (
    Command("serve", "serve the JSON API and the dashboard over a database", _configure_serve, run_serve),
)
