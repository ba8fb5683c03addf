"""The terminal report (rich): one block per file, findings grouped by report section.

Readable without colour (``NO_COLOR``, piped output) and at 80 columns: every line is
a plain sentence with its labels, colour only adds emphasis.
"""

from __future__ import annotations

import os
from itertools import groupby
from typing import Sequence, TextIO

from ..findings import FileResult, Finding, Verdict, section_name, shown_value
from . import ReportOptions, coverage_gaps, rule_label, shown_results, unreadable_reason

_LABELS = {
    "zh": {
        "error": "错误", "warning": "警告", "info": "提示",
        "pass": "通过", "warn": "有警告", "fail": "不通过", "verdict_error": "无法读取",
        "expected": "应为", "actual": "实际", "document": "全文",
        "summary": "共 {files} 个文件：{passed} 通过，{warned} 有警告，{failed} 不通过，{errored} 无法读取；"
                   "{e} 个错误，{w} 个警告，{i} 个提示。",
        "no_findings": "未发现问题。", "profile": "规则集", "reason": "原因", "previous": "对比的上一年报告",
        "files_title": "文件一览", "col_file": "文件", "col_agency": "机关", "col_year": "年度",
        "col_verdict": "结论", "total": "合计", "stats_title": "按规则统计",
        "col_code": "规则", "col_rule": "名称", "col_files": "不通过文件数", "col_findings": "问题数",
        "short_error": "错误", "short_warning": "警告", "short_info": "提示",
    },
    "en": {
        "error": "error", "warning": "warning", "info": "info",
        "pass": "PASS", "warn": "WARN", "fail": "FAIL", "verdict_error": "ERROR",
        "expected": "expected", "actual": "actual", "document": "Document",
        "summary": "{files} file(s): {passed} passed, {warned} with warnings, {failed} failed, {errored} unreadable; "
                   "{e} error(s), {w} warning(s), {i} info.",
        "no_findings": "No findings.", "profile": "profile", "reason": "reason", "previous": "compared with",
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

    if isinstance(text, _Phrases):
        _print_phrases(console, text)
        return
    if not isinstance(text, _Body):
        console.print(text)
        return
    indent = text.indent
    width = max(20, console.width - indent)
    for line in text.text.wrap(console, width):
        line.rstrip()
        console.print(Text(" " * indent) + line)


class _Phrases:
    """A line made of phrases that must not be split (a path, a verdict, ``gov-annual-report-2019 ·``,
    ``0 个提示``): :func:`_print_line` breaks only between them, continuation lines at
    ``indent``; a phrase wider than the line is folded on its own lines."""

    __slots__ = ("parts", "indent")

    def __init__(self, parts, indent: int = _BODY_INDENT):
        self.parts = [p for p in parts if p.plain]
        self.indent = indent


def _print_phrases(console, line: _Phrases) -> None:
    from rich.cells import cell_len
    from rich.text import Text

    width = console.width
    current = Text()

    def flush() -> Text:
        current.rstrip()
        console.print(current, no_wrap=True, crop=False)
        return Text(" " * line.indent)

    for n, part in enumerate(line.parts):
        if n and cell_len(current.plain) + cell_len(part.plain.rstrip()) > width:
            current = flush()
            part = part[len(part.plain) - len(part.plain.lstrip()):]  # no leading space at the indent
        room = width - cell_len(current.plain)
        if cell_len(part.plain) <= room:
            current.append_text(part)
            continue
        # wider than a whole line: fold it inside the indent
        for i, piece in enumerate(part.wrap(console, max(10, width - line.indent))):
            piece.rstrip()
            if i:
                current = flush()
            current.append_text(piece)
    if line.parts:
        flush()


def print_phrases(console, phrases, indent: int = 2) -> None:
    """Print phrases (str or rich Text) on as few lines as fit, breaking only between
    them; continuation lines at ``indent``. For any command's wrapped lists."""
    from rich.text import Text

    _print_phrases(console, _Phrases([p if isinstance(p, Text) else Text(p) for p in phrases], indent))


def _finding_lines(f: Finding, lang: str):
    from rich.text import Text

    L = _LABELS[lang]
    sev = f.severity.value
    head = Text("  ")
    head.append(f"{L[sev]:<4}", style=_STYLE[sev])
    head.append(f" {f.code}", style="bold")
    parts = [head]
    where = f.location.describe(lang)
    if where:  # the place in phrases (表2 第24行, [label]): a long label wraps under the message's indent
        parts.extend(Text(f"  {w}" if i == 0 else f" {w}", style="dim") for i, w in enumerate(_where_phrases(where)))
    yield _Phrases(parts)
    yield _indented(Text(f.message.get(lang)))
    expected, actual = shown_value(f.expected, lang), shown_value(f.actual, lang)
    if expected is not None or actual is not None:
        t = Text()
        if expected is not None:
            t.append(f"{L['expected']}: ", style="green")
            t.append(expected)
        if actual is not None:
            if expected is not None:
                t.append("   ")
            t.append(f"{L['actual']}: ", style="red")
            t.append(actual)
        yield _indented(t)
    if f.location.excerpt and f.location.table is None:
        yield _indented(Text(f"«{f.location.excerpt}»", style="dim"))


def _where_phrases(where: str) -> list[str]:
    """A location as phrases: ``表2 第24行 [row label / column label]`` → the place, the
    label (which may be long and then wraps on its own)."""
    head, sep, label = where.partition(" [")
    return [head, f"[{label}"] if sep and head else [where]


def render_file(console, result: FileResult, options: ReportOptions) -> None:
    from rich.text import Text

    lang = options.lang
    L = _LABELS[lang]
    verdict = result.verdict(options.fail_on)
    parts = [Text(result.path, style="bold"), Text("  " + L[_verdict_key(verdict)], style=_STYLE[_verdict_key(verdict)])]
    meta = result.metadata
    whose = " · ".join(str(x) for x in (meta.get("agency"), meta.get("year")) if x)  # one phrase: 区交通运输局 · 2020
    facts = [x for x in (result.profile, whose) if x]
    for i, fact in enumerate(facts):  # "gov-annual-report-2019 · 区交通运输局 · 2020": broken between facts only
        parts.append(Text(("  " if i == 0 else " ") + fact + (" ·" if i < len(facts) - 1 else ""), style="dim"))
    _print_line(console, _Phrases(parts, indent=2))
    reason = meta.get("profile_reason_zh") if lang == "zh" else None
    reason = reason or meta.get("profile_reason")
    if result.profile and reason:
        _print_line(console, _indented(Text(f"{L['profile']}: {reason}", style="dim"), indent=2))
    if meta.get("previous"):  # which earlier report the cross-year rules compared it with
        _print_line(console, _indented(Text(f"{L['previous']}: {meta['previous']}", style="dim"), indent=2))
    _file_notes(console, result, options)
    gaps = coverage_gaps(result, lang)
    if gaps:  # a pass must not hide that something was not checked
        _print_line(console, _indented(Text(gaps, style="yellow"), indent=2))
    if result.error is not None:
        _print_line(console, _indented(Text(f"{L['reason']}: {unreadable_reason(result, lang)}"), indent=2))
        return
    if not result.findings:
        console.print(Text("  " + L["no_findings"], style="green"))
        return
    findings = sorted(result.findings, key=lambda f: (f.location.section or 99,))
    for section, group in groupby(findings, key=lambda f: f.location.section):
        label = section_name(section, lang) if section else L["document"]
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


def summary_phrases(results: Sequence[FileResult], options: ReportOptions) -> list[str]:
    """The summary line cut into phrases that stay whole when it wraps (``0 个提示``,
    ``0 warning(s)``): after each comma, semicolon or colon."""
    import re

    return [p for p in re.split(r"(?<=[，；：])|(?<=[,;:] )", summary_line(results, options)) if p]


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
    """One row per file: its name (relative to the folder all share) with the agency and
    year under it, the verdict and the counts by severity, then the totals. Counts and
    verdicts never wrap nor get cut; only the name column gives way (80 columns and less)."""
    from rich.text import Text

    L = _LABELS[options.lang]
    prefix = common_folder([r.path for r in results])
    table = _table(console, f"{L['files_title']} ({prefix})" if prefix else L["files_title"])
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column(f"{L['col_file']} / {L['col_year']} · {L['col_agency']}", overflow="fold", ratio=1)
    table.add_column(L["col_verdict"], no_wrap=True)
    for sev in ("error", "warning", "info"):
        table.add_column(L[f"short_{sev}"], justify="right", no_wrap=True)
    totals = {s: 0 for s in ("error", "warning", "info")}
    for n, r in enumerate(results, 1):
        key = _verdict_key(r.verdict(options.fail_on))
        counts = r.counts()
        for k in totals:
            totals[k] += counts[k]
        name = Text(r.path[len(prefix):])
        facts = [str(x) for x in (r.metadata.get("year"), r.metadata.get("agency")) if x]  # the year first: never alone
        if facts:
            name.append("\n" + " · ".join(facts), style="dim")
        table.add_row(str(n), name, Text(L[key], style=_STYLE[key]),
                      str(counts["error"]), str(counts["warning"]), str(counts["info"]))
    table.add_section()
    table.add_row("", Text(f'{L["total"]} ({len(results)})', style="bold"), "",
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
        table.add_row(code, rule_label(code, name, options), str(files), str(count))
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
    _print_line(console, _Phrases([Text(p, style="bold") for p in summary_phrases(results, options)], indent=0))
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
