"""Fixtures of the core tests: plugin managers and engines without packaging."""

from __future__ import annotations

import sys

import pytest


@pytest.fixture
def make_pm():
    """``make_pm(("name", plugin), ..., local=[paths])``: a manager without entry points."""
    from checker.plugins import get_plugin_manager

    def build(*extra, local=()):
        return get_plugin_manager(list(local), entry_points_enabled=False, extra=list(extra))

    return build


@pytest.fixture
def make_engine(make_pm):
    """``make_engine(*rules, settings=Settings(...), profiles={...})``: an Engine over just these rules."""
    from checker.engine import Engine, Settings

    from .helpers import RulesPlugin

    def build(*rules, settings=None, profiles=None, extra=()):
        pm = make_pm(("test-rules", RulesPlugin(*rules, profiles=profiles)), *extra)
        return Engine(settings or Settings(), pm=pm)

    return build


@pytest.fixture
def clean_modules():
    """Forget modules a test imported from tmp_path (local plugins, fake entry points)."""
    before = set(sys.modules)
    yield
    for name in set(sys.modules) - before:
        if name.startswith(("checker_local_", "ep_pack_", "localpkg_")):
            del sys.modules[name]
