"""YAML profiles: by name and by path, extends (deep merge, lists replaced), cycles,
validation errors naming file, key and reason, and nothing ever executed."""

from __future__ import annotations

from importlib.resources import files

import pytest

from checker import Severity
from checker.errors import ConfigError
from checker.profiles import deep_merge, load_profile

from .helpers import write

BASE = """
name: base
title: {zh: 基础, en: Base}
select: [AR, DOC]
ignore: [AR9]
severity: {AR101: warning}
options:
  AR101: {limit: 3, words: [a, b], nested: {x: 1, y: 2}}
data:
  sections: [一, 二, 三]
  tables: {one: {rows: 4, cols: 2}, two: {rows: 5}}
"""

CHILD = """
name: child
extends: base
select: [AR]
severity: {AR102: info}
options:
  AR101: {words: [c], nested: {y: 20}}
  AR102: {enabled: true}
data:
  sections: [四]
  tables: {one: {cols: 3}}
"""


@pytest.fixture
def catalogue(tmp_path):
    return {
        "base": write(tmp_path / "pkg" / "base.yaml", BASE),
        "child": write(tmp_path / "pkg" / "child.yaml", CHILD),
    }


def test_load_by_registered_name(catalogue):
    p = load_profile("base", catalogue)
    assert p.name == "base"
    assert p.select == ("AR", "DOC") and p.ignore == ("AR9",)
    assert p.severity == {"AR101": Severity.WARNING}
    assert p.title == {"zh": "基础", "en": "Base"}
    assert p.chain == ("base",)


def test_load_by_path(tmp_path):
    path = write(tmp_path / "mine.yml", "name: mine\nselect: [EX101]\n")
    p = load_profile(str(path), {})
    assert (p.name, p.select, p.source) == ("mine", ("EX101",), str(path))


def test_defaults_select_everything(tmp_path):
    p = load_profile(str(write(tmp_path / "bare.yaml", "name: bare\n")), {})
    assert (p.select, p.ignore, p.severity, p.options, p.data) == (("ALL",), (), {}, {}, {})


def test_extends_deep_merges_mappings_and_replaces_lists(catalogue):
    p = load_profile("child", catalogue)
    assert p.chain == ("base", "child")
    assert p.select == ("AR",)  # list replaced
    assert p.ignore == ("AR9",)  # inherited
    assert p.severity == {"AR101": Severity.WARNING, "AR102": Severity.INFO}
    assert p.options["AR101"] == {"limit": 3, "words": ["c"], "nested": {"x": 1, "y": 20}}
    assert p.options["AR102"] == {"enabled": True}
    assert p.data["sections"] == ["四"]
    assert p.data["tables"] == {"one": {"rows": 4, "cols": 3}, "two": {"rows": 5}}
    assert p.title == {"zh": "基础", "en": "Base"}


def test_extends_chain_of_three_and_several_parents(catalogue, tmp_path):
    catalogue["grandchild"] = write(tmp_path / "pkg" / "gc.yaml", "name: grandchild\nextends: child\ndata: {extra: 1}\n")
    catalogue["other"] = write(tmp_path / "pkg" / "other.yaml", "name: other\ndata: {sections: [五], mine: 2}\n")
    p = load_profile("grandchild", catalogue)
    assert p.chain == ("base", "child", "grandchild")
    assert p.data["sections"] == ["四"] and p.data["extra"] == 1
    both = write(tmp_path / "both.yaml", "name: both\nextends: [child, other]\n")
    p = load_profile(str(both), catalogue)
    assert p.chain == ("base", "child", "other", "both")
    assert p.data["sections"] == ["五"]  # the later parent wins
    assert p.data["mine"] == 2 and p.data["tables"]["one"] == {"rows": 4, "cols": 3}


def test_relative_extends_is_relative_to_the_extending_file(tmp_path, monkeypatch):
    write(tmp_path / "profiles" / "base.yaml", "name: base\nselect: [AR]\n")
    child = write(tmp_path / "profiles" / "child.yaml", "name: child\nextends: ./base.yaml\n")
    monkeypatch.chdir(tmp_path)  # not the profiles folder
    assert load_profile(str(child), {}).select == ("AR",)


def test_deep_merge_leaves_its_inputs_alone():
    base = {"a": {"b": 1, "c": [1]}, "d": 1}
    child = {"a": {"c": [2]}, "e": 2}
    assert deep_merge(base, child) == {"a": {"b": 1, "c": [2]}, "d": 1, "e": 2}
    assert base == {"a": {"b": 1, "c": [1]}, "d": 1}


@pytest.mark.parametrize(
    "files_, start",
    [
        ({"a": "name: a\nextends: a\n"}, "a"),
        ({"a": "name: a\nextends: b\n", "b": "name: b\nextends: c\n", "c": "name: c\nextends: a\n"}, "a"),
    ],
    ids=["self", "a-b-c-a"],
)
def test_extends_cycles_are_detected(tmp_path, files_, start):
    catalogue = {n: write(tmp_path / f"{n}.yaml", text) for n, text in files_.items()}
    with pytest.raises(ConfigError, match="extends itself"):
        load_profile(start, catalogue)


def test_a_cycle_through_differently_spelt_paths_is_detected(tmp_path):
    write(tmp_path / "sub" / "x.txt", "")
    write(tmp_path / "a.yaml", "name: a\nextends: sub/../b.yaml\n")
    write(tmp_path / "b.yaml", "name: b\nextends: ./a.yaml\n")
    with pytest.raises(ConfigError) as info:
        load_profile(str(tmp_path / "a.yaml"), {})
    assert "extends itself" in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize(
    "text, key, reason",
    [
        ("name: p\nselct: [AR]\n", "(top level)", "'selct' was unexpected"),
        ("select: [AR]\n", "(top level)", "'name' is a required property"),
        ("name: p\nseverity: {AR101: fatal}\n", "severity.AR101", "'fatal' is not one of"),
        ("name: p\nselect: AR\n", "select", "is not of type 'array'"),
        ("name: p\noptions: {AR101: 3}\n", "options.AR101", "is not of type 'object'"),
        ("name: p\nextends: 3\n", "extends", "is not valid"),
        ("name: has space\n", "name", "does not match"),
        ("name: p\ntitle: {fr: x}\n", "title", "'fr' was unexpected"),
    ],
)
def test_validation_errors_name_file_key_and_reason(tmp_path, text, key, reason):
    path = write(tmp_path / "bad.yaml", text)
    with pytest.raises(ConfigError) as info:
        load_profile(str(path), {})
    message = str(info.value)
    assert message.startswith(f"{path}: key {key}: "), message
    assert reason in message


def test_a_parent_with_an_error_is_named(catalogue, tmp_path):
    catalogue["base"] = write(tmp_path / "broken-base.yaml", "name: base\nseverity: {AR101: loud}\n")
    with pytest.raises(ConfigError, match="^base: key severity.AR101"):
        load_profile("child", catalogue)


@pytest.mark.parametrize(
    "text, needle",
    [
        ("- just\n- a list\n", "mapping at the top level"),
        ("name: p\nselect: [AR\n", "invalid YAML"),
        ("", "mapping at the top level"),
    ],
)
def test_not_a_profile(tmp_path, text, needle):
    path = write(tmp_path / "odd.yaml", text)
    with pytest.raises(ConfigError, match=needle):
        load_profile(str(path), {})


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object:checker.profiles.Profile {name: x, source: y}",
        "!!python/object/apply:os.system ['echo executed > executed.txt']",
        "!!python/name:os.system",
    ],
)
def test_python_tags_are_refused_not_executed(tmp_path, monkeypatch, tag):
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path / "evil.yaml", f"name: evil\ndata: {tag}\n")
    with pytest.raises(ConfigError) as info:
        load_profile(str(path), {})
    assert "invalid YAML" in str(info.value) and "(line 2)" in str(info.value)
    assert not (tmp_path / "executed.txt").exists()


def test_unknown_name_and_missing_file(catalogue):
    with pytest.raises(ConfigError, match=r"unknown profile 'nope' \(known: base, child\)"):
        load_profile("nope", catalogue)
    with pytest.raises(ConfigError, match="nope.yaml: profile file not found"):
        load_profile("nope.yaml", catalogue)


def test_profiles_read_through_importlib_resources():
    """A catalogue entry may be any Traversable, as plugins return from a wheel."""
    resource = files("checker_profiles")
    shipped = sorted(f.name for f in resource.iterdir() if f.name.endswith(".yaml") and not f.name.startswith("_"))
    assert shipped, "the wheel ships no profile"
    catalogue = {name[:-5]: resource / name for name in shipped}
    for name in catalogue:
        assert load_profile(name, catalogue).name == name


def test_every_registered_profile_loads():
    """Every profile an installed plugin offers is valid (caught here, not on a user's machine)."""
    from checker.plugins import get_plugin_manager
    from checker.registry import build_registry

    reg = build_registry(get_plugin_manager())
    for name in reg.profiles:
        assert load_profile(name, reg.profiles).name == name


def test_a_packaged_profile_extends_a_sibling_file_inside_a_zipped_wheel(tmp_path):
    """``extends: fragment.yaml`` next to a packaged profile works from a zip (zipimport) too."""
    import zipfile

    wheel = tmp_path / "pack.whl"
    with zipfile.ZipFile(wheel, "w") as z:
        z.writestr("pack/fragment.yaml", "name: fragment\ndata: {shared: 1}\n")
        z.writestr("pack/main.yaml", "name: main\nextends: fragment.yaml\ndata: {own: 2}\n")
        z.writestr("pack/loop.yaml", "name: loop\nextends: loop.yaml\n")
    root = zipfile.Path(wheel, "pack/")
    p = load_profile("main", {"main": root / "main.yaml"})
    assert p.chain == ("fragment", "main") and p.data == {"shared": 1, "own": 2}
    with pytest.raises(ConfigError, match="extends itself"):
        load_profile("loop", {"loop": root / "loop.yaml"})
