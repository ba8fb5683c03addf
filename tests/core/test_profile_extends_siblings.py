"""A parent that says nothing about a key must not reset what a sibling parent set."""

from __future__ import annotations

from checker.profiles import load_profile


def test_silent_sibling_keeps_the_first_parents_selection(tmp_path):
    (tmp_path / "base.yaml").write_text("name: base\nselect: [AR, DOC]\nignore: [AR999]\n", "utf-8")
    (tmp_path / "fragment.yaml").write_text("name: fragment\ndata: {prose: {x: 1}}\n", "utf-8")
    (tmp_path / "child.yaml").write_text("name: child\nextends: [base.yaml, fragment.yaml]\n", "utf-8")
    profile = load_profile(str(tmp_path / "child.yaml"), {})
    assert profile.select == ("AR", "DOC")
    assert profile.ignore == ("AR999",)
    assert profile.data == {"prose": {"x": 1}}
    assert profile.chain == ("base", "fragment", "child")


def test_a_profile_without_select_anywhere_selects_all(tmp_path):
    (tmp_path / "solo.yaml").write_text("name: solo\n", "utf-8")
    assert load_profile(str(tmp_path / "solo.yaml"), {}).select == ("ALL",)
