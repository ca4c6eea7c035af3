"""``eventwire serve``: the JSON API and the dashboard over one database, on loopback by default."""
from __future__ import annotations

import argparse
import os
import socket
import sys
from typing import TYPE_CHECKING

from ..cli import DEFAULT_DB, EXIT_OK, Command

if TYPE_CHECKING:  # uvicorn is imported only by `serve` itself, not by every command's start-up
    import uvicorn

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080
# Server processes: Python answers one request at a time per process, so one per core (up to four: each
# keeps its own DuckDB buffers and answer memory) lets requests use every core.
DEFAULT_WORKERS = min(4, os.cpu_count() or 1)


def _configure_serve(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=DEFAULT_DB, help=f"database file (default: {DEFAULT_DB}); never written")
    parser.add_argument("--host", default=DEFAULT_HOST,
                        help=f"address to listen on (default: {DEFAULT_HOST}, this machine only)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default: {DEFAULT_PORT})")
    parser.add_argument("--refresh", type=float, default=2.0, metavar="SECONDS",
                        help="how often to look for events a running ingest added (default: 2)")
    parser.add_argument("--cache", type=int, default=4096, metavar="N",
                        help="JSON answers remembered per snapshot (default: 4096; 0 = none)")
    parser.add_argument("--workers", type=_positive, default=DEFAULT_WORKERS, metavar="N",
                        help=f"server processes sharing one snapshot (default: {DEFAULT_WORKERS}, one per core up to 4)")


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {number}")
    return number


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .app import create_app

    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"eventwire: serving on {args.host}: other machines can reach this server", file=sys.stderr)
    if args.workers == 1:
        app = create_app(args.db, refresh_seconds=args.refresh, cache=args.cache)
        print(f"eventwire: dashboard at http://{args.host}:{args.port}/ (API docs at /docs)", file=sys.stderr)
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
        return EXIT_OK
    _serve_with_workers(args)
    return EXIT_OK


def _serve_with_workers(args: argparse.Namespace) -> None:
    """This process builds the snapshots (the first one before any worker starts); ``args.workers`` uvicorn
    worker processes answer requests from them."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    from .app import WORKER_SETTINGS, worker_settings
    from .snapshot import Snapshots

    snapshots = Snapshots(args.db, interval=args.refresh)
    snapshots.start()
    # Small queries gain little from threads: one DuckDB thread per query when the workers fill the cores.
    threads = max(1, (os.cpu_count() or 1) // args.workers)
    os.environ[WORKER_SETTINGS] = worker_settings(snapshots.workdir, args.refresh, args.cache, threads)
    print(f"eventwire: dashboard at http://{args.host}:{args.port}/ (API docs at /docs), {args.workers} workers",
          file=sys.stderr)
    config = uvicorn.Config("eventwire.server.app:worker_app", factory=True, workers=args.workers, host=args.host,
                            port=args.port, log_level="warning")
    try:
        Multiprocess(config, sockets=[tcp_listener(config)]).run()
    except KeyboardInterrupt:
        pass
    finally:
        snapshots.stop()


def tcp_listener(config: uvicorn.Config) -> socket.socket:
    """The workers' shared listening socket, marked as TCP. uvicorn binds it with protocol 0, and asyncio
    turns Nagle's algorithm off (TCP_NODELAY) only on connections whose socket says IPPROTO_TCP, so
    every keep-alive request after the first would wait ~40 ms for the client's delayed ACK
    (Kludex/uvicorn#3149); connections accepted from this socket inherit the protocol."""
    sock = config.bind_socket()
    if sock.family not in (socket.AF_INET, socket.AF_INET6) or sock.proto == socket.IPPROTO_TCP:
        return sock
    tcp = socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())
    tcp.set_inheritable(True)
    return tcp


COMMANDS = (
    Command("serve", "serve the JSON API and the dashboard over a database", _configure_serve, run_serve),
)
