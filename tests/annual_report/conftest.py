"""Fixtures of the annual-report pack tests: write a report, check it with the engine."""

from __future__ import annotations

import json
import sys
from functools import lru_cache
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from builders import Report, write_report  # noqa: E402


@lru_cache(maxsize=None)
def _engine(profile: str | None, options_json: str = "{}"):
    from checker.engine import Engine, Settings

    return Engine(Settings(profile=profile, options=json.loads(options_json)))


def check_file(path: Path, profile: str | None = None, options: dict | None = None):
    """Check a .docx with the engine (the pack chooses the profile unless one is given)."""
    return _engine(profile, json.dumps(options or {}, sort_keys=True)).check_path(str(path))


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
