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
from typing import Any, Callable, Mapping, Sequence

from ..findings import FileResult, Severity, section_name, short_table_name
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


LANGS = ("zh", "en")


def coverage_gaps(result: FileResult, lang: str) -> str | None:
    """What a check did not cover, on one line, or None when it covered everything.

    Read from ``metadata["coverage"]`` (the report pack's: required sections found, tables
    located, relations checked or skipped and why). A compliance checker must not let a pass
    hide that nothing was checked: the text and HTML reports print this line.
    """
    cov = result.metadata.get("coverage")
    if not isinstance(cov, Mapping) or cov.get("complete", True):
        return None
    zh = lang == "zh"
    parts: list[str] = []
    missing = (cov.get("sections") or {}).get("missing") or []
    if missing:
        parts.append(("未找到的部分：" if zh else "sections not found: ")
                     + ("、" if zh else ", ").join(_named(missing, lambda n: section_name(int(n), lang))))
    tables = cov.get("tables") or {}
    if not cov.get("tables_checked", True) and tables.get("required"):
        parts.append("表格均未找到，未检查任何表格" if zh else "no table was found, so no table was checked")
    elif tables.get("missing"):
        parts.append(("未找到的表格：" if zh else "tables not found: ")
                     + ("、" if zh else ", ").join(_named(tables["missing"], lambda r: short_table_name(str(r)).get(lang))))
    skipped = (cov.get("relations") or {}).get("skipped") or []
    if skipped and cov.get("tables_checked", True):  # with no table at all, every relation is moot
        parts.append(f"跳过 {len(skipped)} 个勾稽关系（有单元格未能识别）" if zh
                     else f"{len(skipped)} relation(s) skipped (a cell could not be identified)")
    if not parts:
        return None
    return ("未完全检查：" if zh else "not fully checked: ") + ("；" if zh else "; ").join(parts)


def _named(items: Sequence[Any], name: Callable[[Any], str]) -> list[str]:
    """Sections and tables of the coverage by the names findings give them (``第三部分``,
    ``表三``: checker.findings.section_name, short_table_name); an item that is not a
    number or a role as expected is shown as it is."""
    out = []
    for item in items:
        try:
            out.append(name(item))
        except (TypeError, ValueError):
            out.append(str(item))
    return out


def locale_lang(name: str | None) -> str | None:
    """The message language a locale name asks for, None when it says nothing (``C``,
    ``POSIX``, empty). POSIX names (``zh_CN.UTF-8``, ``zh_TW``), BCP 47 tags
    (``zh-Hans``) and Windows names (``Chinese (Simplified)_China.936``,
    ``Chinese_Taiwan``), which ``locale.getlocale()`` returns there, all count as Chinese."""
    text = (name or "").strip().lower()
    if not text or text.split(".")[0] in ("c", "posix"):
        return None
    return "zh" if text.startswith(("zh", "chinese")) else "en"


def default_lang(environ: Mapping[str, str] | None = None) -> str:
    """The language when neither ``--lang`` nor the configuration names one:
    ``CHECKER_LANG`` (must be ``zh`` or ``en``), else the locale (LC_ALL > LC_MESSAGES >
    LANG > LANGUAGE, then the system's, which on Windows is a name like
    ``Chinese (Simplified)_China``), else ``en``."""
    env = os.environ if environ is None else environ
    chosen = env.get("CHECKER_LANG")
    if chosen:
        if chosen.strip().lower() not in LANGS:
            from ..errors import ConfigError
            from ..findings import Message

            raise ConfigError(Message(
                zh=f"环境变量 CHECKER_LANG={chosen!r} 无效（可用：zh、en）",
                en=f"environment variable CHECKER_LANG={chosen!r} is not a language (allowed: zh, en)"))
        return chosen.strip().lower()
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        lang = locale_lang(env.get(var, "").split(":")[0])
        if lang:
            return lang
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return locale_lang(loc) or "en"


def pick_lang(flag: str | None, configured: str | None = None) -> str:
    """The one place the run's language is decided: ``--lang``, else the configuration
    file's ``lang`` (checked by :mod:`checker.config`), else :func:`default_lang`."""
    return flag or configured or default_lang()


def safe_lang(flag: str | None) -> str:
    """The language for an error message: like :func:`pick_lang` but never raising
    (the error may be that ``CHECKER_LANG`` is wrong); English when undecidable."""
    try:
        return pick_lang(flag)
    except Exception:  # noqa: BLE001 - the error being reported is enough
        return "en"


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


# --- words every output shares, in both languages --------------------------------------

#: Severity, category and verdict values as a user reads them. JSON, SARIF and JUnit
#: keep the English values (they are a contract); the text, CSV, HTML and ``checker
#: rules`` show these.
TERMS: dict[str, tuple[str, str]] = {
    # severities
    "error": ("错误", "error"), "warning": ("警告", "warning"), "info": ("提示", "info"),
    # categories (findings.Category)
    "section": ("章节", "section"), "table": ("表格", "table"), "arithmetic": ("数字计算", "arithmetic"),
    "date": ("日期", "date"), "signature": ("落款", "signature"), "narrative": ("正文表述", "narrative"),
    "input": ("输入文件", "input"), "hygiene": ("文档清理", "hygiene"), "metadata": ("文档属性", "metadata"),
}
VERDICT_TERMS: dict[str, tuple[str, str]] = {
    "pass": ("通过", "pass"), "warn": ("有警告", "warn"), "fail": ("不通过", "fail"), "error": ("无法读取", "error"),
}


def term(value: Any, lang: str) -> str:
    """A severity or category value (an enum or its string) in ``lang``."""
    key = getattr(value, "value", value)
    pair = TERMS.get(str(key))
    return (pair[0] if lang == "zh" else pair[1]) if pair else str(key)


def verdict_term(verdict: Any, lang: str) -> str:
    """A verdict (pass, warn, fail, error) in ``lang``."""
    key = str(getattr(verdict, "value", verdict))
    pair = VERDICT_TERMS.get(key)
    return (pair[0] if lang == "zh" else pair[1]) if pair else key


#: Names of the engine's own codes (they have no rule class to carry a summary).
_ENGINE_NAMES = {
    "CHK001": ("无法读取的文件", "unreadable-input"),
    "CHK002": ("未识别的报告类型", "no-profile"),
    "CHK003": ("不在规则集适用范围内", "out-of-scope"),
}


def rule_label(code: str, name: str, options: ReportOptions) -> str:
    """What a rule is called in ``options.lang``: its name (``edition-tables``) in English;
    in Chinese its one-line summary, since rule names are English identifiers."""
    if code in _ENGINE_NAMES:
        return _ENGINE_NAMES[code][0 if options.lang == "zh" else 1]
    if options.lang != "zh":
        return name
    info = options.rules.get(code)
    return info.summary_zh if info is not None and info.summary_zh else name
