"""Every code that can appear in any output has a page, and `checker explain` prints it in
the chosen language only (issue 16: CHK001 appeared in --statistics, HTML, SARIF and JUnit
but `explain CHK001` said "unknown rule code", and SARIF's helpUri pointed at no page)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from checker.engine import ENGINE_CODES
from checker.plugins import get_plugin_manager
from checker.registry import build_registry

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules"
BUILTIN = ("checker_annual_report", "checker_core", "checker_report")
CODES = sorted(
    [code for code, rule in build_registry(get_plugin_manager(())).rules.items() if rule.__module__.split(".")[0] in BUILTIN]
    + list(ENGINE_CODES) + ["RND001"]  # the office round's wrong-year finding (checker.round.year)
)


@pytest.mark.parametrize("code", CODES)
def test_every_code_has_a_page(code):
    page = DOCS / f"{code}.md"
    assert page.is_file(), page
    text = page.read_text("utf-8")
    assert text.startswith(f"# {code} ") and "## 中文" in text and "## English" in text


@pytest.mark.parametrize("code", ["CHK001", "CHK003", "DOC001", "SEC201", "RND001"])
@pytest.mark.parametrize("lang, other", [("zh", "## English"), ("en", "## 中文")])
def test_explain_prints_the_chosen_language_only(code, lang, other):
    out = subprocess.run([sys.executable, "-m", "checker", "explain", code.lower(), "--lang", lang],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(f"# {code} ") and other not in out.stdout
