"""Rule selection with ruff's semantics: codes, prefixes, ALL; the more specific selector
wins and ignore wins a tie; an explicit select replaces the profile's selection."""

from __future__ import annotations

import pytest

from checker.engine import Settings, validate_selectors
from checker.errors import ConfigError
from checker.profiles import Profile
from checker.registry import Registry
from checker.rules import is_selected, iter_selected

from .helpers import make_rule


@pytest.mark.parametrize(
    "code, select, ignore, expected",
    [
        ("AR101", ["ALL"], [], True),
        ("AR101", [], [], False),  # nothing selected, nothing runs
        ("AR101", ["AR"], [], True),
        ("AR101", ["AR1"], [], True),
        ("AR101", ["AR101"], [], True),
        ("AR101", ["AR2"], [], False),
        ("AR101", ["DOC"], [], False),
        ("AR101", ["ALL"], ["AR"], False),
        ("AR101", ["AR"], ["AR1"], False),  # the ignore is more specific
        ("AR101", ["AR1"], ["AR"], True),  # the select is more specific
        ("AR101", ["AR101"], ["ALL"], True),
        ("AR101", ["AR"], ["AR"], False),  # a tie: ignore wins
        ("AR101", ["ALL"], ["ALL"], False),
        ("AR101", ["AR101"], ["AR101"], False),
        ("AR201", ["AR"], ["AR1"], True),  # the ignore does not match
        ("AR101", ["ALL", "AR1"], ["AR"], True),  # the most specific selector counts
        ("AR101", ["AR"], ["AR1", "AR10"], False),
    ],
)
def test_is_selected(code, select, ignore, expected):
    assert is_selected(code, select, ignore) is expected


def test_prefix_is_a_string_prefix_of_the_code():
    # "A" matches every code starting with A, as in ruff
    assert is_selected("AR101", ["A"], [])
    assert not is_selected("DOC001", ["A"], [])


def test_iter_selected_keeps_order():
    rules = [make_rule(c) for c in ("AR101", "AR201", "DOC001", "EX101")]
    assert [r.code for r in iter_selected(rules, ["AR", "EX"], ["AR2"])] == ["AR101", "EX101"]


RULES = [make_rule(c) for c in ("AR101", "AR102", "AR201", "DOC001", "EX101")]


def selected(make_engine, profile: Profile | None, **settings) -> list[str]:
    engine = make_engine(*RULES, settings=Settings(**settings))
    return [r.code for r in engine.selected_rules(profile)]


def test_without_a_profile_everything_runs(make_engine):
    assert selected(make_engine, None) == ["AR101", "AR102", "AR201", "DOC001", "EX101"]


def test_the_profile_selects_and_ignores(make_engine):
    profile = Profile(name="p", source="p.yaml", select=("AR", "DOC"), ignore=("AR2",))
    assert selected(make_engine, profile) == ["AR101", "AR102", "DOC001"]


def test_ignore_from_settings_adds_to_the_profile(make_engine):
    profile = Profile(name="p", source="p.yaml", select=("AR",), ignore=("AR2",))
    assert selected(make_engine, profile, ignore=("AR102",)) == ["AR101"]


def test_extend_select_adds_to_the_profile(make_engine):
    profile = Profile(name="p", source="p.yaml", select=("AR1",))
    assert selected(make_engine, profile, extend_select=("EX",)) == ["AR101", "AR102", "EX101"]


def test_explicit_select_replaces_the_profile_selection_and_its_ignores(make_engine):
    profile = Profile(name="p", source="p.yaml", select=("AR",), ignore=("AR201", "EX"))
    assert selected(make_engine, profile, select=("EX101", "AR201")) == ["AR201", "EX101"]
    assert selected(make_engine, profile, select=("ALL",), ignore=("AR",)) == ["DOC001", "EX101"]


def test_unknown_selectors_are_refused():
    registry = Registry(rules={r.code: r for r in RULES})
    validate_selectors(["ALL", "AR", "AR10", "DOC001", "CHK001"], registry)  # all known
    with pytest.raises(ConfigError, match="'XY'"):
        validate_selectors(["AR", "XY"], registry)
    with pytest.raises(ConfigError, match="'AR9'"):
        validate_selectors(["AR9"], registry)


# Renamed codes keep working (as ruff redirects them): a selector naming an old code, or a
# prefix of old codes, selects the codes they became, with the selector's own weight.
REDIRECTS = {"AR201": "SEC201", "AR202": "SEC202", "AR501": "SUM501"}


@pytest.mark.parametrize(
    "code, select, ignore, expected",
    [
        ("SEC201", ["AR201"], [], True),  # the old code
        ("SEC202", ["AR2"], [], True),  # a prefix of old codes
        ("SUM501", ["AR2"], [], False),  # another prefix's rule is not selected
        ("SEC202", ["AR2"], ["SEC202"], False),  # the new full code is more specific
        ("SEC202", ["SEC"], ["AR202"], False),  # so is the old full code
        ("SEC202", ["AR"], ["SEC"], False),  # AR (2) is less specific than SEC (3)
        ("SEC201", ["SEC"], ["AR2"], False),  # AR2 (3) ties with SEC (3): ignore wins
        ("SEC201", ["ALL"], ["AR20"], False),
    ],
)
def test_old_codes_redirect(code, select, ignore, expected):
    assert is_selected(code, select, ignore, REDIRECTS) is expected


def test_old_codes_are_known_selectors():
    registry = Registry(rules={"SEC201": make_rule("SEC201")}, redirects={"AR201": "SEC201"})
    validate_selectors(["AR201", "AR2", "SEC"], registry)
    with pytest.raises(ConfigError):
        validate_selectors(["AR3"], registry)


def test_shipped_rules_answer_to_their_old_codes():
    """Every code users had in their configuration before the generic pack still selects its rule."""
    from checker.plugins import get_plugin_manager
    from checker.registry import build_registry

    reg = build_registry(get_plugin_manager(()))
    old = {"AR103": "TTL101", "AR201": "SEC201", "AR202": "SEC202", "AR203": "SEC203", "AR301": "TAB301",
           "AR302": "TAB302", "AR303": "TAB303", "AR401": "TAB401", "AR501": "SUM501", "AR502": "SUM502",
           "AR601": "DAT601", "AR602": "DAT602", "AR603": "DAT603", "AR604": "DAT604", "AR605": "DAT605",
           "AR701": "SIG701", "AR702": "SIG702", "AR703": "SIG703"}
    assert {k: reg.redirects[k] for k in old} == old
    chosen = [r.code for r in iter_selected(reg.rules.values(), ["AR5"], [], reg.redirects)]
    assert chosen == ["SUM501", "SUM502"]
