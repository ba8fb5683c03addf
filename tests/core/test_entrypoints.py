"""checker.entrypoints finds what importlib.metadata finds, without importing it at run time."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys

import pytest

from checker.entrypoints import entry_points


def as_set(eps) -> set[tuple[str, str, str]]:
    return {(ep.name, ep.value.replace(" ", ""), ep.group) for ep in eps}


@pytest.mark.parametrize("group", ["checker", "console_scripts", "pytest11"])
def test_same_entry_points_as_importlib_metadata(group):
    ours = entry_points(group)
    theirs = importlib.metadata.entry_points(group=group)
    assert as_set(ours) == as_set(theirs)


def test_the_installed_packs_and_their_distribution():
    eps = {ep.name: ep for ep in entry_points("checker")}
    assert {"annual_report", "core"} <= set(eps)
    assert eps["core"].dist.name == "checker"
    assert eps["core"].dist.version == importlib.metadata.version("checker")
    assert eps["core"].load().__name__ == "checker_core.plugin"


def write_dist(folder, dist_folder: str, entry_points_txt: str, metadata: str | None = None):
    d = folder / dist_folder
    d.mkdir(parents=True)
    (d / "entry_points.txt").write_text(entry_points_txt, "utf-8")
    if metadata is not None:
        (d / "METADATA").write_text(metadata, "utf-8")
    return d


def test_first_distribution_of_a_name_on_the_path_wins(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    write_dist(first, "my_pack-2.0.dist-info", "[checker]\nmine = new_pack.plugin\n", "Name: my-pack\nVersion: 2.0\n\nbody")
    write_dist(second, "My.Pack-1.0.dist-info", "[checker]\nmine = old_pack.plugin\n")
    write_dist(second, "other-1.0.egg-info", "[other_group]\nx = y\n\n[ checker ]\n# a comment\nextra = pkg.mod:obj.attr [fancy]\n")
    eps = entry_points("checker", [str(first), str(tmp_path / "missing"), str(second)])
    assert [(ep.name, ep.value) for ep in eps] == [("mine", "new_pack.plugin"), ("extra", "pkg.mod:obj.attr")]
    assert eps[0].dist == ("my-pack", "2.0")
    assert eps[1].dist == ("other", "1.0")  # no METADATA: name and version from the folder name


def test_load_follows_the_attribute_path(tmp_path, monkeypatch):
    (tmp_path / "ep_target_mod.py").write_text("class Holder:\n    value = 42\n", "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    write_dist(tmp_path / "site", "t-1.dist-info", "[checker]\nt = ep_target_mod:Holder.value\n")
    (ep,) = entry_points("checker", [str(tmp_path / "site")])
    assert ep.load() == 42


def test_checker_check_does_not_import_importlib_metadata(tmp_path):
    # the reason this module exists: importlib.metadata (and email) cost ~45 ms a start
    code = (
        "import sys\n"
        "from checker.engine import Engine\n"
        "Engine()\n"
        "print('importlib.metadata' in sys.modules, 'email.message' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
