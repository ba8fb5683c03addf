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

from ..findings import FileResult, shown_value
from . import ReportOptions, rule_label, shown_results, term, unreadable_reason, verdict_term

#: Column headers, English (the names a script reads) and Chinese (``--lang zh``, for a
#: person opening the sheet). ``previous`` is the earlier report a file was compared
#: with (cross-year rules); ``rules`` in the summary the codes found, with their names.
#: ``table`` is the table's position in the document, ``table_name`` the report format's
#: name of it (``表三`` / ``table 3``) when known, as the messages and the text report say.
FINDING_COLUMNS = (
    "file", "agency", "year", "verdict", "code", "rule", "category", "severity", "section", "paragraph",
    "table", "table_name", "row", "column", "row_label", "column_label", "message", "expected", "actual",
    "previous",
)
FINDING_COLUMNS_ZH = (
    "文件", "机关", "年度", "结论", "代码", "规则", "类别", "级别", "部分", "段落",
    "表", "表名", "行", "列", "行标签", "列标签", "问题", "应为", "实际", "对比的上一年报告",
)
SUMMARY_COLUMNS = ("file", "agency", "year", "profile", "verdict", "errors", "warnings", "info", "reason",
                   "rules", "previous")
SUMMARY_COLUMNS_ZH = ("文件", "机关", "年度", "规则集", "结论", "错误", "警告", "提示", "原因",
                      "规则", "对比的上一年报告")


def _headers(options: ReportOptions, en: tuple[str, ...], zh: tuple[str, ...]) -> tuple[str, ...]:
    return zh if options.lang == "zh" else en


def _rules_cell(r: FileResult, options: ReportOptions) -> str:
    """The codes a file has findings of, each with its name, as the HTML summary shows them."""
    names: dict[str, str] = {}
    for f in r.findings:
        names.setdefault(f.code, f.rule)
    return "; ".join(f"{code} {rule_label(code, names[code], options)}" for code in sorted(names))


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
        verdict = verdict_term(r.verdict(options.fail_on), options.lang)
        for f in r.findings:
            loc = f.location
            yield [_cell(v) for v in (
                r.path, meta.get("agency"), meta.get("year"), verdict, f.code, rule_label(f.code, f.rule, options),
                term(f.category, options.lang), term(f.severity, options.lang), loc.section, loc.paragraph,
                loc.table, loc.table_name.get(options.lang) if loc.table_name else None, loc.row, loc.column, loc.row_label, loc.column_label, f.message.get(options.lang),
                shown_value(f.expected, options.lang), shown_value(f.actual, options.lang), meta.get("previous"),
            )]


def summary_rows(results: Sequence[FileResult], options: ReportOptions):
    for r in results:
        meta = r.metadata
        counts = r.counts()
        yield [_cell(v) for v in (
            r.path, meta.get("agency"), meta.get("year"), r.profile, verdict_term(r.verdict(options.fail_on), options.lang),
            counts["error"], counts["warning"], counts["info"], unreadable_reason(r, options.lang),
            _rules_cell(r, options), meta.get("previous"),
        )]


def report(results: Sequence[FileResult], options: ReportOptions, stream: TextIO) -> None:
    """One row per finding (``--report csv:PATH``, ``--output-format csv``)."""
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(_headers(options, FINDING_COLUMNS, FINDING_COLUMNS_ZH))
    writer.writerows(finding_rows(shown_results(results), options))


def summary_report(results: Sequence[FileResult], options: ReportOptions, stream: TextIO) -> None:
    """One row per file (``--report csv-summary:PATH``): files without findings appear only here."""
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(_headers(options, SUMMARY_COLUMNS, SUMMARY_COLUMNS_ZH))
    writer.writerows(summary_rows(shown_results(results), options))
