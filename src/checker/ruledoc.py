"""Rule reference pages: one source for ``checker explain`` and ``docs/rules/``.

A built-in rule's page is the Markdown file ``docs/rules/<CODE>.md``, shipped in the
wheel as the package ``checker_rule_docs`` (see setup.py), so ``checker explain``
prints exactly the text of the page. The built-in pages are rendered from each rule's
declaration and docstring by :func:`render` and committed; a test fails when one is out
of date. Regenerate them with::

    python -m checker.ruledoc docs/rules

A rule's docstring holds the English text, then a line ``---``, then the Chinese text.
A rule without a page (a third-party plugin's) gets one generated from its declaration.

Pages may hold both languages: a part under a level-2 heading ``## 中文`` and one
under ``## English``; ``explain`` shows the requested language's part and the shared
header above them.
"""

from __future__ import annotations

import re
from importlib import resources

import sys
from pathlib import Path

from .rules import Rule

#: The packs whose pages are committed under docs/rules (the built-in ones).
BUILTIN_PACKS = ("checker_annual_report", "checker_core", "checker_report")

DOCS_PACKAGE = "checker_rule_docs"
_LANG_HEADINGS = {"zh": re.compile(r"^##\s*(中文|Chinese)\s*$"), "en": re.compile(r"^##\s*(English|英文)\s*$")}


def engine_page(code: str) -> str | None:
    """The page of an engine code (``CHK001``…), which no rule class declares."""
    try:
        resource = resources.files(DOCS_PACKAGE) / f"{code}.md"
        if resource.is_file():
            return resource.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        pass
    return None


def page_for(rule: type[Rule]) -> str:
    """The Markdown page of a rule: the shipped page, else one generated from the class."""
    try:
        resource = resources.files(DOCS_PACKAGE) / f"{rule.code}.md"
        if resource.is_file():
            return resource.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        pass
    return generated_page(rule)


def generated_page(rule: type[Rule]) -> str:
    doc = rule.documentation() or rule.summary.en
    fix_zh, fix_en = _fix_lines(rule)
    return (
        f"# {rule.code} {rule.name}\n\n"
        f"Category: `{rule.category.value}` · default severity: `{rule.default_severity.value}`\n\n"
        f"## 中文\n\n{rule.summary.zh}\n{fix_zh}\n"
        f"## English\n\n{rule.summary.en}\n\n{doc}\n{fix_en}"
    )


def select_language(page: str, lang: str) -> str:
    """Keep the header and the part of the requested language, when the page has both."""
    lines = page.splitlines()
    starts = {}
    for i, line in enumerate(lines):
        for code, pattern in _LANG_HEADINGS.items():
            if pattern.match(line) and code not in starts:
                starts[code] = i
    if lang not in starts or len(starts) < 2:
        return page
    begin = starts[lang]
    later = [i for i in starts.values() if i > begin]
    end = min(later) if later else len(lines)
    header_end = min(starts.values())
    return "\n".join(lines[:header_end] + lines[begin:end]).rstrip() + "\n"


def render(rule: type[Rule], pack: str) -> str:
    """The committed page of a built-in rule, from its declaration and docstring."""
    doc = rule.documentation()
    en, _, zh = doc.partition("\n---\n")
    options = ", ".join(f"`{k}: {v}`" for k, v in rule.default_options.items()) or "none"
    old = "".join(f" · formerly `{c}`" for c in rule.redirected_from)
    fix_zh, fix_en = _fix_lines(rule)
    return (
        f"# {rule.code} {rule.name}\n\n"
        f"Category: `{rule.category.value}` · default severity: `{rule.default_severity.value}` · "
        f"options: {options} · pack: `{pack}`{old}\n\n"
        f"## 中文\n\n**{rule.summary.zh}**\n\n{zh.strip()}\n{fix_zh}\n"
        f"## English\n\n**{rule.summary.en}**\n\n{en.strip()}\n{fix_en}"
    )


def _fix_lines(rule: type[Rule]) -> tuple[str, str]:
    """What ``checker fix`` does for the rule, as a paragraph of each language (empty when it cannot fix)."""
    if not rule.fix_applicability or rule.fix_summary is None:
        return "", ""
    if rule.fix_applicability == "safe":
        return (f"\n自动修复（安全，`checker fix`）：{rule.fix_summary.zh}\n",
                f"\nAutomatic fix (safe, `checker fix`): {rule.fix_summary.en}\n")
    return (f"\n自动修复（不安全，`checker fix --unsafe-fixes`）：{rule.fix_summary.zh}\n",
            f"\nAutomatic fix (unsafe, `checker fix --unsafe-fixes`): {rule.fix_summary.en}\n")


def builtin_rules() -> list[tuple[type[Rule], str]]:
    """Every rule of the built-in packs with its pack's module name, in code order."""
    from .plugins import get_plugin_manager
    from .registry import build_registry

    reg = build_registry(get_plugin_manager(()))
    out = []
    for code, rule in reg.rules.items():
        pack = rule.__module__.split(".")[0]
        if pack in BUILTIN_PACKS:
            out.append((rule, pack))
    return out


def write_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for rule, pack in builtin_rules():
        path = folder / f"{rule.code}.md"
        path.write_text(render(rule, pack), encoding="utf-8")
        out.append(path)
    return out


if __name__ == "__main__":  # pragma: no cover
    for written in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/rules")):
        print(written)
