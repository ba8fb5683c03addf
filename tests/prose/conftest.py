"""Fixtures of the prose and cross-year tests: write reports with the annual-report
builders (``tests/annual_report/builders.py``), check them with the engine; helpers that
keep only the findings of AR801-AR813 are in ``prose_helpers``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
AR_TESTS = HERE.parent / "annual_report"
for folder in (HERE, AR_TESTS):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from builders import Report, write_report  # noqa: E402
from prose_helpers import engine  # noqa: E402


@pytest.fixture
def check(tmp_path):
    """check(Report, previous=Report|None) -> FileResult, the report written as a real .docx."""
    counter = iter(range(1000))

    def run(rep: Report, previous: Report | None = None):
        eng = engine()
        path = write_report(tmp_path / f"this-{next(counter)}.docx", rep)
        prev_doc = None
        if previous is not None:
            ppath = write_report(tmp_path / f"last-{next(counter)}.docx", previous)
            prev_doc = eng.read(str(ppath), str(ppath))
        return eng.check_path(str(path), previous=prev_doc)

    return run
