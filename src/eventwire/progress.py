"""A progress display for long runs, on stderr so it never mixes with output on stdout."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from rich.console import Console
from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

T = TypeVar("T")


def track(items: Iterable[T], *, enabled: bool, threshold: int, label: str = "articles") -> Iterator[T]:
    """Yield ``items``; once more than ``threshold`` have passed, show a live count on stderr.

    The total is unknown (inputs stream), so short runs show nothing and long ones a spinner
    with a count and the time taken.
    """
    progress: Progress | None = None
    task = None
    try:
        for done, item in enumerate(items, 1):
            yield item
            if enabled and progress is None and done > threshold:
                progress = Progress(SpinnerColumn(), TextColumn(label), MofNCompleteColumn(), TimeElapsedColumn(),
                                    console=Console(stderr=True), transient=True)
                progress.start()
                task = progress.add_task(label, total=None)
            if progress is not None:
                progress.update(task, completed=done)
    finally:
        if progress is not None:
            progress.stop()
