"""CSV for spreadsheets: one row per finding (format ``csv``), and one row per file
(format ``csv-summary``).

Each is written only where it is asked for (``--report csv:PATH``,
``--report csv-summary:PATH``, ``-o``): an earlier version also wrote a companion
``PATH-summary.csv`` beside every ``csv`` report, a file nobody named, which could
land on an input (``x-summary.docx``) or beside a device (``/dev/null-summary.csv``).
Files are UTF-8 with a byte-order mark so that Excel opens the Chinese text
correctly (``commands/check.py`` writes every csv file as ``utf-8-sig``); on
standard output there is no byte-order mark.

Cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
``@``) are prefixed with an apostrophe: the text comes from untrusted documents.
"""

from __future__ import annotations

import csv
from typing import Any, Sequence, TextIO

from ..findings import FileResult
from . import ReportOptions, shown_results, unreadable_reason

FINDING_COLUMNS = (
    "file", "agency", "year", "verdict", "code", "rule", "category", "severity", "section", "paragraph",
    "table", "row", "column", "row_label", "column_label", "message", "expected", "actual",
)
SUMMARY_COLUMNS = ("file", "agency", "year", "profile", "verdict", "errors", "warnings", "info", "reason")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def finding_rows(results: Sequence[FileResult], options: ReportOptions):
    for r in results:
        meta = r.metadata
        verdict = r.verdict(options.fail_on).value
        for f in r.findings:
            loc = f.location
            yield [_cell(v) for v in (
                r.path, meta.get("agency"), meta.get("year"), verdict, f.code, f.rule, f.category.value,
                f.severity.value, loc.section, loc.paragraph, loc.table, loc.row, loc.column, loc.row_label,
                loc.column_label, f.message.get(options.lang), f.expected, f.actual,
            )]


def summary_rows(results: Sequence[FileResult], options: ReportOptions):
    for r in results:
        meta = r.metadata
        counts = r.counts()
        yield [_cell(v) for v in (
            r.path, meta.get("agency"), meta.get("year"), r.profile, r.verdict(options.fail_on).value,
            counts["error"], counts["warning"], counts["info"], unreadable_reason(r, options.lang),
        )]


def report(results: Sequence[FileResult], options: ReportOptions, stream: TextIO) -> None:
    """One row per finding (``--report csv:PATH``, ``--output-format csv``)."""
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(FINDING_COLUMNS)
    writer.writerows(finding_rows(shown_results(results), options))


def summary_report(results: Sequence[FileResult], options: ReportOptions, stream: TextIO) -> None:
    """One row per file (``--report csv-summary:PATH``): files without findings appear only here."""
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(SUMMARY_COLUMNS)
    writer.writerows(summary_rows(shown_results(results), options))
