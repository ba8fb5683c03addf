"""Rule reference pages: one source for ``checker explain`` and ``docs/rules/``.

A built-in rule's page is the Markdown file ``docs/rules/<CODE>.md``, shipped in the
wheel as the package ``checker_rule_docs`` (see setup.py), so ``checker explain``
prints exactly the text of the page. A rule without a page (a third-party plugin's)
gets one generated from its declaration: summary and docstring.

Pages may hold both languages: a part under a level-2 heading ``## 中文`` and one
under ``## English``; ``explain`` shows the requested language's part and the shared
header above them.
"""

from __future__ import annotations

import re
from importlib import resources

from .rules import Rule

DOCS_PACKAGE = "checker_rule_docs"
_LANG_HEADINGS = {"zh": re.compile(r"^##\s*(中文|Chinese)\s*$"), "en": re.compile(r"^##\s*(English|英文)\s*$")}


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
    return (
        f"# {rule.code} {rule.name}\n\n"
        f"Category: `{rule.category.value}` · default severity: `{rule.default_severity.value}`\n\n"
        f"## 中文\n\n{rule.summary.zh}\n\n"
        f"## English\n\n{rule.summary.en}\n\n{doc}\n"
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
