"""CSV for spreadsheets: one row per finding, plus a per-file summary.

``--report csv:PATH`` writes the findings to ``PATH`` and the per-file summary
(file, agency, year, verdict, counts by severity, error reason) to a companion file
beside it, ``PATH`` with ``-summary`` before the extension (``batch.csv`` →
``batch-summary.csv``). Both are UTF-8 with a byte-order mark so that Excel opens
the Chinese text correctly (``commands/check.py`` opens ``--report csv`` files as
``utf-8-sig``; the companion is written the same way). When the CSV goes to
standard output (``--output-format csv``) there is no companion file.

Cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
``@``) are prefixed with an apostrophe: the text comes from untrusted documents.
"""

from __future__ import annotations

import csv
import os
from typing import Any, Sequence, TextIO

from ..findings import FileResult
from . import ReportOptions, unreadable_reason

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


def summary_path(path: str) -> str:
    stem, ext = os.path.splitext(path)
    return f"{stem}-summary{ext or '.csv'}"


def report(results: Sequence[FileResult], options: ReportOptions, stream: TextIO) -> None:
    name = getattr(stream, "name", None)
    to_file = isinstance(name, str) and not name.startswith("<") and bool(os.path.basename(name))
    if to_file and (getattr(stream, "encoding", "") or "").lower().replace("_", "-") in ("utf-8", "utf8"):
        try:
            if stream.tell() == 0:
                stream.write("\ufeff")  # -o FILE opens plain UTF-8: add the BOM Excel needs
        except (OSError, ValueError):
            pass
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(FINDING_COLUMNS)
    writer.writerows(finding_rows(results, options))
    if to_file:
        with open(summary_path(name), "w", encoding="utf-8-sig", newline="") as fh:
            summary = csv.writer(fh, lineterminator="\r\n")
            summary.writerow(SUMMARY_COLUMNS)
            summary.writerows(summary_rows(results, options))
