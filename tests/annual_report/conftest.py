"""Fixtures of the annual-report pack tests: write a report, check it with the engine."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from ar_helpers import check_file  # noqa: E402
from builders import Report, write_report  # noqa: E402


@pytest.fixture
def check_report(tmp_path):
    """check_report(Report(...), profile=None, options=None) -> FileResult of the written .docx."""
    counter = iter(range(1000))

    def run(rep: Report | None = None, profile: str | None = None, options: dict | None = None):
        path = write_report(tmp_path / f"report-{next(counter)}.docx", rep or Report())
        return check_file(path, profile, options)

    return run


def codes(result, severity: str | None = None) -> list[str]:
    return [f.code for f in result.findings if severity is None or f.severity.value == severity]
