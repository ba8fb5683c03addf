"""The batch progress bar (rich, on stderr): counts by verdict and time remaining.

``checker check`` shows it only on a terminal outside CI (``commands/check.py``
decides); when disabled, :func:`progress_bar` yields an object whose methods do
nothing, so the batch runner never tests for it.

The counts are of files, at the run's ``--fail-on``, so that they end equal to the
final summary: when a cross-year comparison adds to a report already counted, its
verdict is replaced (:meth:`_Bar.revise`), the file is not counted a second time.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Iterator

from ..findings import FileResult, Severity, Verdict
from . import verdict_term

#: The bar's own words: (zh, en).
_WORDS = {"checking": ("检查中", "checking"), "eta": ("剩余", "eta")}


def _word(key: str, lang: str) -> str:
    return _WORDS[key][0 if lang == "zh" else 1]


class _NoBar:
    def advance(self, result: FileResult) -> None:
        pass

    def revise(self, result: FileResult) -> None:
        pass

    def refresh(self) -> None:
        pass


class _Bar:
    def __init__(self, progress, task, lang: str = "en", fail_on: Severity = Severity.ERROR) -> None:
        self.progress, self.task = progress, task
        self.lang, self.fail_on = lang, fail_on
        self.verdicts: dict[str, Verdict] = {}  # by file: a second pass replaces the first verdict

    def status(self) -> str:
        counts = {v: 0 for v in Verdict}
        for verdict in self.verdicts.values():
            counts[verdict] += 1
        return " · ".join(f"{verdict_term(v, self.lang)} {counts[v]}" for v in Verdict)

    def advance(self, result: FileResult) -> None:
        self.verdicts[result.path] = result.verdict(self.fail_on)
        self.progress.update(self.task, advance=1, status=self.status())
        self.progress.refresh()

    def refresh(self) -> None:
        self.progress.refresh()

    def revise(self, result: FileResult) -> None:
        """A file's result changed after it was counted (a cross-year comparison added to it):
        its verdict is counted again, the file is not."""
        self.verdicts[result.path] = result.verdict(self.fail_on)
        self.progress.update(self.task, status=self.status())
        self.progress.refresh()


@contextmanager
def progress_bar(total: int, enabled: bool = True, stream=None, lang: str = "en",
                 fail_on: Severity = Severity.ERROR) -> Iterator[object]:
    if not enabled:
        yield _NoBar()
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    console = Console(file=stream or sys.stderr)
    columns = (
        TextColumn("{task.description}"), BarColumn(bar_width=24), MofNCompleteColumn(),
        TimeElapsedColumn(), TextColumn(_word("eta", lang)), TimeRemainingColumn(), TextColumn("{task.fields[status]}"),
    )
    # auto_refresh=False: no refresh thread, so that batch workers can be forked safely;
    # the runner refreshes on each result and about twice a second while it waits.
    with Progress(*columns, console=console, transient=True, auto_refresh=False) as progress:
        task = progress.add_task(_word("checking", lang), total=total, status="")
        yield _Bar(progress, task, lang, fail_on)
