"""Profiles shipped in the wheel are validated here, so a run need not import jsonschema."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from checker import profiles
from checker.errors import ConfigError

SHIPPED = sorted(p for p in resources.files("checker_profiles").iterdir() if p.name.endswith(".yaml"))


def test_there_are_shipped_profiles():
    assert {p.name for p in SHIPPED} >= {"gov-annual-report-2019.yaml", "gov-annual-report-2021.yaml"}


@pytest.mark.parametrize("resource", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_profile_is_valid(resource):
    raw = yaml.safe_load(resource.read_text("utf-8"))
    profiles._validate(raw, resource.name)  # the full JSON Schema check, as for any other profile
    assert profiles.is_shipped(resource)


def test_a_users_profile_is_still_validated_on_load(tmp_path):
    bad = tmp_path / "mine.yaml"
    bad.write_text("name: mine\nselect: AR\n", "utf-8")  # select must be a list
    assert not profiles.is_shipped(bad)
    with pytest.raises(ConfigError, match="select"):
        profiles.load_profile(str(bad), {})


def test_shipped_profiles_load_without_the_schema_check(monkeypatch):
    def refuse(raw, label):
        raise AssertionError(f"{label} was schema-checked at run time")

    monkeypatch.setattr(profiles, "_validate", refuse)
    catalogue = {p.name[:-5]: p for p in SHIPPED}
    assert profiles.load_profile("gov-annual-report-2021", catalogue).name == "gov-annual-report-2021"
