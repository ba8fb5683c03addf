"""A document no profile applies to is not judged against an empty specification."""

from __future__ import annotations

import docx

from checker import Category, Message, Rule, Severity, hookimpl
from checker.engine import NO_PROFILE_CODE, Engine, Settings
from checker.plugins import get_plugin_manager


class NeedsProfile(Rule):
    """Interprets profile data."""

    code = "ZZ101"
    name = "needs-profile"
    category = Category.SECTION
    summary = Message(zh="需要规则集", en="needs a profile")
    requires_profile = True

    def check(self, doc, ctx):
        raise AssertionError("ran without a profile")


class Generic(Rule):
    """Any document."""

    code = "ZZ102"
    name = "generic"
    category = Category.NARRATIVE
    default_severity = Severity.INFO
    summary = Message(zh="通用", en="generic")

    def check(self, doc, ctx):
        from checker import Problem

        yield Problem(Message(zh="通用规则运行了", en="the generic rule ran"))


class Pack:
    @hookimpl
    def checker_rules(self):
        return [NeedsProfile, Generic]


def _plain(tmp_path):
    d = docx.Document()
    d.add_paragraph("关于召开2023年度工作会议的通知")
    d.add_paragraph("各单位：定于下周召开会议。")
    path = tmp_path / "notice.docx"
    d.save(path)
    return path


def test_profile_rules_are_skipped_and_the_user_is_told(tmp_path):
    engine = Engine(Settings(), pm=get_plugin_manager(extra=[("zz", Pack())]))
    result = engine.check_path(_plain(tmp_path))
    codes = [f.code for f in result.findings]
    assert result.profile is None
    assert "ZZ101" not in codes  # would have raised, becoming a crash finding
    assert "ZZ102" in codes
    assert NO_PROFILE_CODE in codes
    assert not any(c.startswith("AR") for c in codes)  # the annual-report pack did not judge a notice


def test_a_named_profile_runs_the_profile_rules(tmp_path):
    engine = Engine(Settings(profile="gov-annual-report-2021"))
    result = engine.check_path(_plain(tmp_path))
    codes = {f.code for f in result.findings}
    assert NO_PROFILE_CODE not in codes
    assert "SEC201" in codes  # the six headings are missing: the user asked for this profile
