"""Reporters turn results into text, JSON and other formats.

A reporter is a callable ``(results, options, stream) -> None``; built-in ones are
registered through :mod:`checker.reporters.builtin` exactly like a plugin's would be.
Only reporters import rich, and only when they run.
"""

from __future__ import annotations

import dataclasses
import locale
import os
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Mapping, Sequence

from ..findings import FileResult, Severity
from ..text import printable


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


#: Fields whose text may span lines (a message, an expected sentence, a cell); every
#: other text (a path, an agency, a label, an excerpt, a reason) is kept on one line.
_MULTILINE_FIELDS = frozenset({"zh", "en", "expected", "actual", "text"})


def _clean(value: Any, multiline: bool) -> Any:
    if isinstance(value, Enum):  # Severity, Category: str subclasses, never document text
        return value
    if isinstance(value, str):
        return printable(value, multiline=multiline)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            if not f.init:
                continue
            old = getattr(value, f.name)
            new = _clean(old, f.name in _MULTILINE_FIELDS)
            if new is not old:
                changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    if isinstance(value, (tuple, list)):
        items = [_clean(v, multiline) for v in value]
        if all(a is b for a, b in zip(items, value)):
            return value
        return type(value)(items)
    if isinstance(value, dict):
        pairs = [(k, v, _clean(k, False), _clean(v, False)) for k, v in value.items()]
        if all(k is ck and v is cv for k, v, ck, cv in pairs):
            return value
        return {ck: cv for _, _, ck, cv in pairs}
    return value


def shown_results(results: Sequence[FileResult]) -> list[FileResult]:
    """The results with every text safe to show (:func:`checker.text.printable`).

    A second line of defence for the text, HTML, CSV, JUnit and SARIF reports: the
    reader already cleans text where it enters the model, but a rule, a plugin or a
    file name (``\\udcXX`` from a name that is not UTF-8) may still carry a control
    character, a bidi override or a lone surrogate. Results without any are returned
    unchanged (the same objects), so a normal report costs one scan of its text.
    """
    return [_clean(r, False) for r in results]
