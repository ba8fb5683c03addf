"""The terminal report (rich): one block per file, findings grouped by report section.

Readable without colour (``NO_COLOR``, piped output) and at 80 columns: every line is
a plain sentence with its labels, colour only adds emphasis.
"""

from __future__ import annotations

import os
from itertools import groupby
from typing import Sequence, TextIO

from ..findings import FileResult, Finding, Severity, Verdict
from . import ReportOptions

_LABELS = {
    "zh": {
        "error": "错误", "warning": "警告", "info": "提示",
        "pass": "通过", "warn": "有警告", "fail": "不通过", "verdict_error": "无法读取",
        "expected": "应为", "actual": "实际", "section": "第{n}部分", "document": "全文",
        "summary": "共 {files} 个文件：{passed} 通过，{warned} 有警告，{failed} 不通过，{errored} 无法读取；"
                   "{e} 个错误，{w} 个警告，{i} 个提示。",
        "no_findings": "未发现问题。", "profile": "规则集", "reason": "原因",
    },
    "en": {
        "error": "error", "warning": "warning", "info": "info",
        "pass": "PASS", "warn": "WARN", "fail": "FAIL", "verdict_error": "ERROR",
        "expected": "expected", "actual": "actual", "section": "Section {n}", "document": "Document",
        "summary": "{files} file(s): {passed} passed, {warned} with warnings, {failed} failed, {errored} unreadable; "
                   "{e} error(s), {w} warning(s), {i} info.",
        "no_findings": "No findings.", "profile": "profile", "reason": "reason",
    },
}
_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan",
          "pass": "bold green", "warn": "bold yellow", "fail": "bold red", "verdict_error": "bold magenta"}


def _console(stream: TextIO, options: ReportOptions):
    from rich.console import Console

    no_color = options.color is False or (options.color is None and "NO_COLOR" in os.environ)
    force = options.color is True
    width = options.width
    if width is None and not (hasattr(stream, "isatty") and stream.isatty()):
        width = 100
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
    yield Text("        " + f.message.get(lang))
    if f.expected is not None or f.actual is not None:
        t = Text("        ")
        if f.expected is not None:
            t.append(f"{L['expected']}: ", style="green")
            t.append(str(f.expected))
        if f.actual is not None:
            if f.expected is not None:
                t.append("   ")
            t.append(f"{L['actual']}: ", style="red")
            t.append(str(f.actual))
        yield t
    if f.location.excerpt and f.location.table is None:
        yield Text(f"        «{f.location.excerpt}»", style="dim")


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
    if result.error is not None:
        console.print(Text(f"  {L['reason']}: {result.error}"))
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
                console.print(line)


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


def report(results: Sequence[FileResult], options: ReportOptions, stream: TextIO) -> None:
    from rich.text import Text

    console = _console(stream, options)
    for result in results:
        render_file(console, result, options)
        console.print()
    console.print(Text(summary_line(results, options), style="bold"))


def severity_label(severity: Severity, lang: str) -> str:
    return _LABELS[lang][severity.value]
