"""Render `eventwire events` on the demo database as a terminal picture for the README.

usage: python scripts/demo_screenshot.py eventwire.duckdb docs/demo.png
Prints the table with rich into an HTML page, then has headless Chromium photograph it.
"""
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.console import Console

from eventwire import cli


def main(db: str, png: str) -> None:
    console = Console(record=True, width=170, file=open("/dev/null", "w"))
    frame = cli.open_database(db).events(limit=18)
    cli.print_event_table(frame, console)
    html = console.export_html(inline_styles=True).replace(
        "<body>", '<body style="background:#1e1e1e;color:#ddd;font-size:13px">')
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "demo.html"
        page.write_text(html, encoding="utf-8")
        subprocess.run(["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-background-networking", "--disable-component-update", "--no-first-run",
                        f"--user-data-dir={tmp}/profile", f"--screenshot={Path(png).resolve()}",
                        "--window-size=1400,310", page.as_uri()], check=True, capture_output=True)


if __name__ == "__main__":
    main(*sys.argv[1:3])
