"""Profiles shipped in the wheel are validated here, so a run need not import jsonschema."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources
from pathlib import Path

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


# compiled forms: the run reads JSON, never imports yaml --------------------------------


@pytest.mark.parametrize("resource", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_profile_compiles_to_exactly_what_yaml_reads(resource, tmp_path):
    """What the wheel build writes (setup.py) is the YAML's own parsed form."""
    (tmp_path / resource.name).write_text(resource.read_text("utf-8"), "utf-8")
    profiles.compile_shipped_profiles(tmp_path)
    text = resource.read_text("utf-8")
    assert profiles._read_compiled(tmp_path / resource.name, text) == yaml.safe_load(text)


def _installed_with_compiled_profiles() -> bool:
    folder = profiles.shipped_folder()
    return folder is not None and (folder / profiles.COMPILED_FOLDER).is_dir()


def copy_shipped(tmp_path):
    for p in SHIPPED:
        (tmp_path / p.name).write_text(p.read_text("utf-8"), "utf-8")
    profiles.compile_shipped_profiles(tmp_path)
    return {p.name[:-5]: tmp_path / p.name for p in SHIPPED}


def test_an_edited_yaml_is_read_from_the_yaml_not_from_its_stale_json(tmp_path, monkeypatch):
    catalogue = copy_shipped(tmp_path)
    monkeypatch.setattr(profiles, "is_shipped", lambda resource: True)
    path = catalogue["gov-annual-report-2021"]
    assert profiles._read_compiled(path, path.read_text("utf-8")) is not None
    path.write_text(path.read_text("utf-8").replace("name: gov-annual-report-2021", "name: edited-2021"), "utf-8")
    assert profiles._read_compiled(path, path.read_text("utf-8")) is None
    assert profiles.load_profile("gov-annual-report-2021", catalogue).name == "edited-2021"


@pytest.mark.skipif(not _installed_with_compiled_profiles(), reason="an editable install reads the YAML in place")
def test_a_check_reads_compiled_profiles_without_importing_yaml(tmp_path):
    """An installed wheel (as CI and users install it) carries the JSON its build wrote."""
    code = (
        "import sys\n"
        "from checker.engine import Engine\n"
        "engine = Engine()\n"
        "engine.check_path(sys.argv[1])\n"
        "print('yaml' in sys.modules)\n"
    )
    example = Path(__file__).parents[2] / "examples" / "xiuzhou-transport-2020.docx"
    out = subprocess.run([sys.executable, "-c", code, str(example)], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False"]


def test_compiling_refuses_what_json_cannot_hold(tmp_path):
    (tmp_path / "dated.yaml").write_text("name: dated\ndata:\n  since: 2019-05-15\n", "utf-8")
    with pytest.raises(ConfigError, match="JSON"):
        profiles.compile_shipped_profiles(tmp_path)


def test_the_shipped_folder_is_the_one_importlib_resources_knows():
    assert profiles.shipped_folder() == Path(str(resources.files("checker_profiles")))
