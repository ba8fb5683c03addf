"""The example third-party plugin, installed the way a user installs one.

CI runs ``pip install ./plugins/checker-plugin-example`` before the suite; these tests
then check that installing it is the only step needed for its rule to appear. Its own
tests (``plugins/checker-plugin-example/tests``) cover the rule itself.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, distribution

import pytest


@pytest.fixture(scope="module")
def installed():
    try:
        dist = distribution("checker-plugin-example")
    except PackageNotFoundError:
        pytest.skip("checker-plugin-example is not installed; run `pip install ./plugins/checker-plugin-example`")
    return dist


def test_entry_point_is_in_the_checker_group(installed):
    eps = [ep for ep in installed.entry_points if ep.group == "checker"]
    assert [(ep.name, ep.value) for ep in eps] == [("example", "checker_plugin_example.plugin")]


def test_checker_rules_lists_ex101_with_no_other_step(installed, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "checker", "rules", "--output-format", "json"],
                          cwd=tmp_path, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert proc.returncode == 0, proc.stderr
    rules = {r["code"]: r for r in json.loads(proc.stdout)}
    assert "EX101" in rules
    assert rules["EX101"]["name"] == "document-title-property"
    assert rules["EX101"]["plugin"] == "example"
    assert rules["EX101"]["severity"] == "warning"


def test_checker_plugins_shows_its_distribution_and_prefix(installed):
    from checker.engine import Engine
    from checker.plugins import describe_plugins

    engine = Engine()
    info = {i.name: i for i in describe_plugins(engine.pm)}["example"]
    assert info.version == f"checker-plugin-example {installed.version}"
    assert info.source == "entry point"
    assert engine.registry.prefixes("example") == ["EX"]


def test_the_main_wheel_does_not_ship_the_example():
    """The hyphenated folder keeps the example out of the main package discovery."""
    from pathlib import Path

    from setuptools import find_packages

    root = Path(__file__).resolve().parents[2]

    assert "checker_plugin_example" not in find_packages(str(root / "plugins"), include=["checker*"])
