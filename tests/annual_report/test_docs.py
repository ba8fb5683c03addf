"""Every report rule is documented: docs/rules/<CODE>.md is committed and up to date."""

from __future__ import annotations

from pathlib import Path

import pytest

from ar_helpers import pack_rules

from checker.ruledoc import render

ALL_RULES = pack_rules()

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules"


@pytest.mark.parametrize("rule", ALL_RULES, ids=[r.code for r in ALL_RULES])
def test_page_is_committed_and_current(rule):
    page = DOCS / f"{rule.code}.md"
    assert page.is_file(), f"run: python -m checker.ruledoc docs/rules ({page} missing)"
    pack = rule.__module__.split(".")[0]
    assert page.read_text(encoding="utf-8") == render(rule, pack), "page out of date: python -m checker.ruledoc docs/rules"


@pytest.mark.parametrize("rule", ALL_RULES, ids=[r.code for r in ALL_RULES])
def test_docstring_has_what_why_examples_and_fix(rule):
    rule.validate_declaration()
    en, sep, zh = rule.documentation().partition("\n---\n")
    assert sep, "docstring needs an English part, '---', and a Chinese part"
    for word in ("Why:", "Fails", "Passes:", "Fix:"):
        assert word in en, (rule.code, word)
    for word in ("依据", "不通过", "通过", "修改"):
        assert word in zh, (rule.code, word)


def test_codes_unique_and_prefixed():
    codes = [r.code for r in ALL_RULES]
    assert len(codes) == len(set(codes))
    assert all(c[:3] in ("TTL", "SEC", "TAB", "SUM", "DAT", "SIG") or c.startswith("AR") for c in codes)
