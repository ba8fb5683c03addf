"""Fixtures of the prose and cross-year tests: write reports with the annual-report
builders (``tests/annual_report/builders.py``), check them with the engine, keep only
the findings of AR620-AR632."""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

import pytest

AR_TESTS = Path(__file__).resolve().parents[1] / "annual_report"
if str(AR_TESTS) not in sys.path:
    sys.path.insert(0, str(AR_TESTS))

from builders import Report, write_report  # noqa: E402

PROSE_CODES = ("AR620", "AR621", "AR622", "AR630", "AR631", "AR632")


@lru_cache(maxsize=None)
def engine():
    from checker.engine import Engine, Settings

    return Engine(Settings())


def prose_findings(result):
    return [f for f in result.findings if f.code in PROSE_CODES]


def summary(result) -> list[tuple[str, str, str | None, str | None]]:
    """(code, severity, expected, actual) of each prose finding, in report order."""
    return [(f.code, f.severity.value, f.expected, f.actual) for f in prose_findings(result)]


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
