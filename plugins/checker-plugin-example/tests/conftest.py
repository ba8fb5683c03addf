"""Fixtures for the example plugin's tests.

``make_docx`` writes a real .docx with python-docx (the same library a drafter's Word
file is checked against), and ``engine`` is a checker engine with only this plugin
loaded, so the tests do not depend on which other rule packs are installed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
try:  # installed (CI does `pip install ./plugins/checker-plugin-example`)
    import checker_plugin_example  # noqa: F401
except ImportError:  # a checkout: import the package from beside the tests
    sys.path.insert(0, str(ROOT))


@pytest.fixture
def make_docx(tmp_path):
    """``make_docx(paragraphs, title=...)`` -> path of a .docx with that title property."""
    import docx

    def make(paragraphs: list[str], title: str | None = None, name: str = "report.docx") -> Path:
        d = docx.Document()
        d.core_properties.title = title or ""
        for text in paragraphs:
            d.add_paragraph(text)
        path = tmp_path / name
        d.save(path)
        return path

    return make


@pytest.fixture
def engine():
    """``engine(**options)``: an Engine running EX rules from this plugin only."""
    from checker.engine import Engine, Settings
    from checker.plugins import get_plugin_manager
    from checker_plugin_example import plugin

    def build(**options):
        pm = get_plugin_manager(entry_points_enabled=False, extra=[("example", plugin)])
        return Engine(Settings(select=("EX",), options={"EX101": options}), pm=pm)

    return build
