"""``--year``: the report year a round is about, and the finding on a report of another year.

Reports of 2019 and 2020 sitting in the ``2024年度`` folder passed unnoticed: the
rule packs check a report against itself, not against the round. The round knows
the year, so the finding is made here, on the file's result, after the check:
code :data:`WRONG_YEAR_CODE` (docs/rules/RND001.md), an error, so the file fails and
goes back to its sender.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..findings import Category, FileResult, Finding, Message, Severity, sort_key

WRONG_YEAR_CODE = "RND001"
WRONG_YEAR_RULE = "wrong-year"


def report_year(result: FileResult) -> int | None:
    """The year the checker found in the report (``metadata["year"]``), as a number."""
    value: Any = result.metadata.get("year")
    try:
        year = int(str(value).strip()[:4])
    except (TypeError, ValueError):
        return None
    return year if 1900 < year < 3000 else None


def wrong_year_finding(found: int, expected: int) -> Finding:
    return Finding(
        code=WRONG_YEAR_CODE,
        rule=WRONG_YEAR_RULE,
        category=Category.METADATA,
        severity=Severity.ERROR,
        message=Message(zh=f"这是 {found} 年度的报告，本轮检查的是 {expected} 年度的报告",
                        en=f"this is the report for {found}; this round is about {expected}"),
        expected=str(expected),
        actual=str(found),
    )


def apply_year(result: FileResult, expected: int | None) -> FileResult:
    """The result with a :data:`WRONG_YEAR_CODE` finding when the report is of another year."""
    if expected is None or result.error is not None:
        return result
    found = report_year(result)
    if found is None or found == expected:
        return result
    findings = tuple(sorted(result.findings + (wrong_year_finding(found, expected),), key=sort_key))
    return replace(result, findings=findings)


def is_wrong_year(result: FileResult) -> bool:
    return any(f.code == WRONG_YEAR_CODE for f in result.findings)
