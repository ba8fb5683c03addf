"""Helpers of the prose and cross-year tests (imported by name: ``from prose_helpers import ...``)."""

from __future__ import annotations

from functools import lru_cache

PROSE_CODES = ("AR801", "AR802", "AR803", "AR811", "AR812", "AR813")


@lru_cache(maxsize=None)
def engine():
    from checker.engine import Engine, Settings

    return Engine(Settings())


def prose_findings(result):
    return [f for f in result.findings if f.code in PROSE_CODES]


def summary(result) -> list[tuple[str, str, str | None, str | None]]:
    """(code, severity, expected, actual) of each prose finding, in report order."""
    return [(f.code, f.severity.value, f.expected, f.actual) for f in prose_findings(result)]
