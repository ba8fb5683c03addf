"""Reporters turn results into text, JSON and other formats.

A reporter is a callable ``(results, options, stream) -> None``; built-in ones are
registered through :mod:`checker.reporters.builtin` exactly like a plugin's would be.
Only reporters import rich, and only when they run.
"""

from __future__ import annotations

import locale
import os
from dataclasses import dataclass, field
from typing import Any, Mapping

from ..findings import FileResult, Severity


@dataclass(frozen=True)
class RuleInfo:
    code: str
    name: str
    category: str
    severity: str
    summary_zh: str
    summary_en: str
    plugin: str = ""


@dataclass(frozen=True)
class ReportOptions:
    lang: str = "zh"
    fail_on: Severity = Severity.ERROR
    verbose: bool = False
    statistics: bool = False
    color: bool | None = None  # None = decide from the terminal and NO_COLOR
    width: int | None = None
    rules: Mapping[str, RuleInfo] = field(default_factory=dict)
    tool_version: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)


def unreadable_reason(result: FileResult, lang: str) -> str | None:
    """Why a file could not be read, in ``lang`` (None for a file that was read): the
    input finding carries the reason in both languages, with how to fix it."""
    if result.error is None:
        return None
    return result.findings[0].message.get(lang) if result.findings else result.error


def default_lang() -> str:
    """``zh`` when the locale is Chinese, else ``en`` (LC_ALL > LC_MESSAGES > LANG)."""
    for var in ("CHECKER_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "zh" if loc.lower().startswith("zh") else "en"
