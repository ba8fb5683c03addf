"""Configuration files: [tool.checker] in pyproject.toml or checker.yaml, searched upward."""

from __future__ import annotations

import pytest

from checker.config import KNOWN_KEYS, find_config, load_config_file
from checker.errors import ConfigError

from .helpers import write


def test_pyproject_tool_checker(tmp_path):
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.checker]\nprofile = "gov"\nselect = ["AR"]\nfail-on = "warning"\n')
    cfg = find_config(tmp_path)
    assert cfg.path == str(tmp_path / "pyproject.toml")
    assert cfg.values == {"profile": "gov", "select": ["AR"], "fail-on": "warning"}


def test_checker_yaml(tmp_path):
    write(tmp_path / "checker.yaml", "lang: en\nignore: [TAB401]\njobs: 2\n")
    cfg = find_config(tmp_path)
    assert cfg.path == str(tmp_path / "checker.yaml")
    assert (cfg.get("lang"), cfg.get("ignore"), cfg.get("jobs"), cfg.get("profile", "none")) == ("en", ["TAB401"], 2, "none")


def test_searched_upward_from_the_start_folder(tmp_path):
    write(tmp_path / "checker.yaml", "lang: en\n")
    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    assert find_config(deep).path == str(tmp_path / "checker.yaml")


def test_the_nearest_folder_wins(tmp_path):
    write(tmp_path / "checker.yaml", "lang: en\n")
    write(tmp_path / "sub" / "pyproject.toml", "[tool.checker]\nlang = 'zh'\n")
    assert find_config(tmp_path / "sub").get("lang") == "zh"


def test_checker_yaml_before_pyproject_in_one_folder(tmp_path):
    write(tmp_path / "checker.yaml", "lang: en\n")
    write(tmp_path / "pyproject.toml", "[tool.checker]\nlang = 'zh'\n")
    assert find_config(tmp_path).get("lang") == "en"


def test_pyproject_without_the_table_is_passed_over(tmp_path):
    write(tmp_path / "checker.yaml", "lang: en\n")
    write(tmp_path / "sub" / "pyproject.toml", "[project]\nname = 'other'\n")
    assert find_config(tmp_path / "sub").path == str(tmp_path / "checker.yaml")


def test_no_configuration_anywhere(tmp_path, monkeypatch):
    # a folder whose ancestors hold no configuration: use a fake root under tmp_path
    monkeypatch.setattr("pathlib.Path.parents", property(lambda self: ()))
    empty = find_config(tmp_path)
    assert (empty.path, empty.values) == (None, {})


def test_underscores_are_accepted_for_dashes(tmp_path):
    write(tmp_path / "checker.yaml", "fail_on: warning\nextend_select: [EX]\n")
    assert find_config(tmp_path).values == {"fail-on": "warning", "extend-select": ["EX"]}


@pytest.mark.parametrize(
    "name, text, needles",
    [
        ("checker.yaml", "selekt: [AR]\n", ["checker.yaml", "unknown key 'selekt'", "known: "]),
        ("pyproject.toml", "[tool.checker]\nprofiles = 'x'\n", ["pyproject.toml [tool.checker]", "unknown key 'profiles'"]),
        ("checker.yaml", "select: AR\n", ["checker.yaml", "key 'select'", "'AR'", "allowed: a list of rule codes"]),
        ("checker.yaml", "jobs: many\n", ["key 'jobs'", "'many'", "allowed: a whole number"]),
        ("checker.yaml", "- a list\n", ["checker.yaml", "must be a table of keys (a mapping)"]),
        ("checker.yaml", "lang: [en\n", ["checker.yaml:2: invalid YAML"]),
        ("pyproject.toml", "[tool.checker\n", ["pyproject.toml:1: invalid TOML"]),
    ],
)
def test_invalid_configuration_names_the_file_and_key(tmp_path, name, text, needles):
    write(tmp_path / name, text)
    with pytest.raises(ConfigError) as info:
        find_config(tmp_path)
    for needle in needles:
        assert needle in str(info.value)


def test_python_tags_in_checker_yaml_are_refused(tmp_path):
    write(tmp_path / "checker.yaml", "lang: !!python/object/apply:os.getcwd []\n")
    with pytest.raises(ConfigError, match=r"checker.yaml:1: invalid YAML: could not determine a constructor"):
        find_config(tmp_path)


def test_paths_are_relative_to_the_configuration_file(tmp_path):
    write(tmp_path / "checker.yaml", "plugins: [rules/my_rule.py, /abs/other.py]\nprofile: profiles/mine.yaml\n")
    (tmp_path / "sub").mkdir()
    cfg = find_config(tmp_path / "sub")
    assert cfg.get("plugins") == [str(tmp_path / "rules" / "my_rule.py"), "/abs/other.py"]
    assert cfg.get("profile") == str(tmp_path / "profiles" / "mine.yaml")


def test_a_profile_name_is_not_a_path(tmp_path):
    write(tmp_path / "checker.yaml", "profile: gov-annual-report-2021\n")
    assert find_config(tmp_path).get("profile") == "gov-annual-report-2021"


def test_explicit_configuration_file(tmp_path):
    toml = write(tmp_path / "conf" / "settings.toml", "[tool.checker]\nlang = 'en'\nplugins = ['p.py']\n")
    cfg = load_config_file(str(toml))
    assert cfg.get("lang") == "en" and cfg.get("plugins") == [str(tmp_path / "conf" / "p.py")]
    yml = write(tmp_path / "conf" / "any-name.yml", "lang: zh\n")
    assert load_config_file(str(yml)).get("lang") == "zh"
    with pytest.raises(ConfigError, match="configuration file not found"):
        load_config_file(str(tmp_path / "missing.yaml"))


def test_every_known_key_is_documented():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "configuration.md").read_text("utf-8")
    for key in KNOWN_KEYS:
        assert f"`{key}`" in doc, key


def test_a_pyproject_that_never_mentions_checker_is_passed_over_unparsed(tmp_path):
    # the search goes on upward; not even a broken file without the word stops it
    write(tmp_path / "checker.yaml", "fail_on: warning\n")
    write(tmp_path / "proj" / "pyproject.toml", "[project\nname = 'x'\n")
    assert find_config(tmp_path / "proj").path == str(tmp_path / "checker.yaml")


@pytest.mark.parametrize("table", ["[tool.checker]\n", "[tool]\nchecker = {}\n", "[ tool . checker ]\n"])
def test_every_spelling_of_the_checker_table_is_found(tmp_path, table):
    write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n\n" + table + ("fail_on = 'warning'\n" if "{}" not in table else ""))
    assert find_config(tmp_path).path == str(tmp_path / "pyproject.toml")


def test_every_known_key_says_what_it_allows():
    """A key without its 'allowed' words ended a wrong value in an internal KeyError
    (soffice, after the round's keys were added): every key has both."""
    from checker import config

    assert set(config._ALLOWED) == set(config.KNOWN_KEYS)
