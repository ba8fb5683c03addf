"""The terminal report (rich): one block per file, findings grouped by report section.

Readable without colour (``NO_COLOR``, piped output) and at 80 columns: every line is
a plain sentence with its labels, colour only adds emphasis.
"""

from __future__ import annotations

import os
from itertools import groupby
from typing import Sequence, TextIO

from ..findings import FileResult, Finding, Verdict
from . import ReportOptions, shown_results, unreadable_reason

_LABELS = {
    "zh": {
        "error": "错误", "warning": "警告", "info": "提示",
        "pass": "通过", "warn": "有警告", "fail": "不通过", "verdict_error": "无法读取",
        "expected": "应为", "actual": "实际", "section": "第{n}部分", "document": "全文",
        "summary": "共 {files} 个文件：{passed} 通过，{warned} 有警告，{failed} 不通过，{errored} 无法读取；"
                   "{e} 个错误，{w} 个警告，{i} 个提示。",
        "no_findings": "未发现问题。", "profile": "规则集", "reason": "原因",
        "files_title": "文件一览", "col_file": "文件", "col_agency": "机关", "col_year": "年度",
        "col_verdict": "结论", "total": "合计", "stats_title": "按规则统计",
        "col_code": "规则", "col_rule": "名称", "col_files": "不通过文件数", "col_findings": "问题数",
        "short_error": "错误", "short_warning": "警告", "short_info": "提示",
    },
    "en": {
        "error": "error", "warning": "warning", "info": "info",
        "pass": "PASS", "warn": "WARN", "fail": "FAIL", "verdict_error": "ERROR",
        "expected": "expected", "actual": "actual", "section": "Section {n}", "document": "Document",
        "summary": "{files} file(s): {passed} passed, {warned} with warnings, {failed} failed, {errored} unreadable; "
                   "{e} error(s), {w} warning(s), {i} info.",
        "no_findings": "No findings.", "profile": "profile", "reason": "reason",
        "files_title": "Files", "col_file": "File", "col_agency": "Agency", "col_year": "Year",
        "col_verdict": "Verdict", "total": "Total", "stats_title": "By rule",
        "col_code": "Rule", "col_rule": "Name", "col_files": "Files failing", "col_findings": "Findings",
        "short_error": "err", "short_warning": "warn", "short_info": "info",
    },
}
_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan",
          "pass": "bold green", "warn": "bold yellow", "fail": "bold red", "verdict_error": "bold magenta"}


def _console(stream: TextIO, options: ReportOptions):
    from rich.console import Console

    no_color = options.color is False or (options.color is None and "NO_COLOR" in os.environ)
    force = options.color is True
    width = options.width  # None: the terminal's width, or $COLUMNS / 80 when piped
    return Console(
        file=stream,
        no_color=no_color,
        force_terminal=force or None,
        color_system=None if no_color else "auto",
        width=width,
        highlight=False,
        soft_wrap=False,
        emoji=False,
    )


def _verdict_key(verdict: Verdict) -> str:
    return "verdict_error" if verdict is Verdict.ERROR else verdict.value


_BODY_INDENT = 8


class _Body:
    """A body line, wrapped with a hanging indent by :func:`_print_line`."""

    __slots__ = ("text", "indent")

    def __init__(self, text, indent: int = _BODY_INDENT):
        self.text = text
        self.indent = indent


def _indented(text, indent: int = _BODY_INDENT) -> _Body:
    return _Body(text, indent)


def _print_line(console, text) -> None:
    """Print a line; body lines wrap inside their indent so 80 columns stay readable,
    with no trailing padding (piped output stays grep-friendly)."""
    from rich.text import Text

    if not isinstance(text, _Body):
        console.print(text)
        return
    indent = text.indent
    width = max(20, console.width - indent)
    for line in text.text.wrap(console, width):
        line.rstrip()
        console.print(Text(" " * indent) + line)


def _finding_lines(f: Finding, lang: str):
    from rich.text import Text

    L = _LABELS[lang]
    sev = f.severity.value
    head = Text("  ")
    head.append(f"{L[sev]:<4}", style=_STYLE[sev])
    head.append(f" {f.code}", style="bold")
    where = f.location.describe(lang)
    if where:
        head.append(f"  {where}", style="dim")
    yield head
    yield _indented(Text(f.message.get(lang)))
    if f.expected is not None or f.actual is not None:
        t = Text()
        if f.expected is not None:
            t.append(f"{L['expected']}: ", style="green")
            t.append(str(f.expected))
        if f.actual is not None:
            if f.expected is not None:
                t.append("   ")
            t.append(f"{L['actual']}: ", style="red")
            t.append(str(f.actual))
        yield _indented(t)
    if f.location.excerpt and f.location.table is None:
        yield _indented(Text(f"«{f.location.excerpt}»", style="dim"))


def render_file(console, result: FileResult, options: ReportOptions) -> None:
    from rich.text import Text

    lang = options.lang
    L = _LABELS[lang]
    verdict = result.verdict(options.fail_on)
    title = Text()
    title.append(result.path, style="bold")
    title.append("  ")
    title.append(L[_verdict_key(verdict)], style=_STYLE[_verdict_key(verdict)])
    meta = result.metadata
    facts = [x for x in (result.profile, meta.get("agency"), str(meta["year"]) if meta.get("year") else None) if x]
    if facts:
        title.append("  " + " · ".join(facts), style="dim")
    console.print(title)
    reason = meta.get("profile_reason_zh") if lang == "zh" else None
    reason = reason or meta.get("profile_reason")
    if result.profile and reason:
        _print_line(console, _indented(Text(f"{L['profile']}: {reason}", style="dim"), indent=2))
    _file_notes(console, result, options)
    if result.error is not None:
        _print_line(console, _indented(Text(f"{L['reason']}: {unreadable_reason(result, lang)}"), indent=2))
        return
    if not result.findings:
        console.print(Text("  " + L["no_findings"], style="green"))
        return
    findings = sorted(result.findings, key=lambda f: (f.location.section or 99,))
    for section, group in groupby(findings, key=lambda f: f.location.section):
        label = L["section"].format(n=section) if section else L["document"]
        console.print(Text(f" {label}", style="bold underline"))
        for f in group:
            for line in _finding_lines(f, lang):
                _print_line(console, line)


def _file_notes(console, result: FileResult, options: ReportOptions) -> None:
    """The round's lines about a file (checker.round): "converted from .doc by ...",
    "since 2025-01-20: 3 fixed, 1 new"."""
    from rich.text import Text

    for note in options.extra.get("file_notes", {}).get(result.path, ()):
        _print_line(console, _indented(Text(note.get(options.lang), style="dim"), indent=2))


def summary_line(results: Sequence[FileResult], options: ReportOptions) -> str:
    verdicts = [r.verdict(options.fail_on) for r in results]
    counts = {s: 0 for s in ("error", "warning", "info")}
    for r in results:
        for k, v in r.counts().items():
            counts[k] += v
    return _LABELS[options.lang]["summary"].format(
        files=len(results),
        passed=verdicts.count(Verdict.PASS),
        warned=verdicts.count(Verdict.WARN),
        failed=verdicts.count(Verdict.FAIL),
        errored=verdicts.count(Verdict.ERROR),
        e=counts["error"], w=counts["warning"], i=counts["info"],
    )


def _table(console, title: str):
    from rich import box
    from rich.table import Table
    from rich.text import Text

    console.print(Text(title, style="bold underline"))
    return Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, expand=False, collapse_padding=True)


def common_folder(paths: Sequence[str]) -> str:
    """The folder prefix (ending in a separator) that every path shares, or ""."""
    if len(paths) < 2:
        return ""
    first = min(paths)
    last = max(paths)
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    cut = max(first.rfind("/", 0, n), first.rfind("\\", 0, n))
    return first[: cut + 1] if cut >= 0 else ""


def render_files_table(console, results: Sequence[FileResult], options: ReportOptions) -> None:
    """One line per file: agency, year, verdict and counts by severity, then the totals."""
    from rich.text import Text

    L = _LABELS[options.lang]
    prefix = common_folder([r.path for r in results])
    table = _table(console, f"{L['files_title']} ({prefix})" if prefix else L["files_title"])
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column(L["col_file"], overflow="fold", ratio=3, min_width=12)
    table.add_column(L["col_agency"], overflow="fold", ratio=2, min_width=8)
    table.add_column(L["col_year"], no_wrap=True)
    table.add_column(L["col_verdict"], no_wrap=True)
    for sev in ("error", "warning", "info"):
        table.add_column(L[f"short_{sev}"], justify="right", no_wrap=True)
    totals = {s: 0 for s in ("error", "warning", "info")}
    for n, r in enumerate(results, 1):
        key = _verdict_key(r.verdict(options.fail_on))
        counts = r.counts()
        for k in totals:
            totals[k] += counts[k]
        year = r.metadata.get("year")
        table.add_row(
            str(n), Text(r.path[len(prefix):]), Text(str(r.metadata.get("agency") or "-")), str(year) if year else "-",
            Text(L[key], style=_STYLE[key]), str(counts["error"]), str(counts["warning"]), str(counts["info"]),
        )
    table.add_section()
    table.add_row("", Text(f'{L["total"]} ({len(results)})', style="bold"), "", "", "",
                  str(totals["error"]), str(totals["warning"]), str(totals["info"]))
    console.print(table)


def rule_statistics(results: Sequence[FileResult], options: ReportOptions) -> list[tuple[str, str, int, int]]:
    """(code, rule name, files failing on it, findings of it) for each rule with findings,
    most failing files first. A file fails on a rule when one of the rule's findings is
    at or above the fail level."""
    failing: dict[str, set[int]] = {}
    findings: dict[str, int] = {}
    names: dict[str, str] = {}
    for i, r in enumerate(results):
        for f in r.findings:
            names.setdefault(f.code, f.rule)
            findings[f.code] = findings.get(f.code, 0) + 1
            failing.setdefault(f.code, set())
            if f.severity.rank >= options.fail_on.rank:
                failing[f.code].add(i)
    rows = [(code, names[code], len(failing[code]), findings[code]) for code in findings]
    return sorted(rows, key=lambda row: (-row[2], -row[3], row[0]))


def render_statistics(console, results: Sequence[FileResult], options: ReportOptions) -> None:
    L = _LABELS[options.lang]
    rows = rule_statistics(results, options)
    table = _table(console, L["stats_title"])
    table.add_column(L["col_code"], no_wrap=True)
    table.add_column(L["col_rule"], overflow="fold")
    table.add_column(L["col_files"], justify="right", no_wrap=True)
    table.add_column(L["col_findings"], justify="right", no_wrap=True)
    for code, name, files, count in rows:
        table.add_row(code, name, str(files), str(count))
    console.print(table)


def report(results: Sequence[FileResult], options: ReportOptions, stream: TextIO) -> None:
    from rich.text import Text

    console = _console(stream, options)
    results = shown_results(results)
    for result in results:
        render_file(console, result, options)
        console.print()
    if len(results) > 1:
        render_files_table(console, results, options)
        console.print()
    if options.statistics:
        render_statistics(console, results, options)
        console.print()
    console.print(Text(summary_line(results, options), style="bold"))
    _baseline_lines(console, options)


def _baseline_lines(console, options: ReportOptions) -> None:
    """With --baseline: one line of counts; with --show-baselined, first the accepted findings
    of each file with their reasons (checker.baseline)."""
    from rich.text import Text

    from ..baseline import accepted_lines, outcome_of
    from ..text import printable

    outcome = outcome_of(options)
    if outcome is None:
        return
    for path in outcome.accepted if outcome.show else ():
        console.print(Text(printable(path, multiline=False), style="bold"))
        for line in accepted_lines(outcome, path, options.lang):
            _print_line(console, _indented(Text(line, style="dim"), indent=2))
    console.print(Text(outcome.summary().get(options.lang)), soft_wrap=True)  # one line, for grep and CI logs
