"""The batch progress bar (rich, on stderr): counts by verdict and time remaining.

``checker check`` shows it only on a terminal outside CI (``commands/check.py``
decides); when disabled, :func:`progress_bar` yields an object whose methods do
nothing, so the batch runner never tests for it.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Iterator

from ..findings import FileResult, Verdict


class _NoBar:
    def advance(self, result: FileResult) -> None:
        pass

    def add(self, n: int) -> None:
        pass

    def refresh(self) -> None:
        pass


class _Bar:
    def __init__(self, progress, task) -> None:
        self.progress, self.task = progress, task
        self.counts = {v: 0 for v in Verdict}

    def advance(self, result: FileResult) -> None:
        self.counts[result.verdict()] += 1
        c = self.counts
        status = (f"pass {c[Verdict.PASS]} · warn {c[Verdict.WARN]} · fail {c[Verdict.FAIL]} · "
                  f"error {c[Verdict.ERROR]}")
        self.progress.update(self.task, advance=1, status=status)
        self.progress.refresh()

    def refresh(self) -> None:
        self.progress.refresh()

    def add(self, n: int) -> None:
        """More work appeared (the cross-year second pass)."""
        total = self.progress.tasks[0].total or 0
        self.progress.update(self.task, total=total + n, description="cross-year")
        self.progress.refresh()


@contextmanager
def progress_bar(total: int, enabled: bool = True, stream=None) -> Iterator[object]:
    if not enabled:
        yield _NoBar()
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    console = Console(file=stream or sys.stderr)
    columns = (
        TextColumn("{task.description}"), BarColumn(bar_width=24), MofNCompleteColumn(),
        TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn(), TextColumn("{task.fields[status]}"),
    )
    # auto_refresh=False: no refresh thread, so that batch workers can be forked safely;
    # the runner refreshes on each result and about twice a second while it waits.
    with Progress(*columns, console=console, transient=True, auto_refresh=False) as progress:
        task = progress.add_task("checking", total=total, status="")
        yield _Bar(progress, task)
