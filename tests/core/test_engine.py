"""The engine: crashing rules become findings, severities and options come from the
profile, profile choice and metadata come from hooks."""

from __future__ import annotations

import pytest

from checker import Category, Location, Message, Problem, Severity, Verdict, hookimpl
from checker.engine import INPUT_CODE, Engine, Settings

from .helpers import doc, make_rule, write


def boom(d, ctx):
    raise ZeroDivisionError("division by zero in the test rule")


def half_then_boom(d, ctx):
    yield Problem(Message(zh="先", en="first"))
    raise ValueError("second problem exploded")


def test_a_rule_that_raises_becomes_a_finding_and_the_others_still_run(make_engine):
    engine = make_engine(make_rule("ZA101"), make_rule("ZB101", check=boom, category=Category.TABLE), make_rule("ZC101"))
    result = engine.check_document(doc("BAD one", "fine"))
    by_code = {f.code: f for f in result.findings}
    assert set(by_code) == {"ZA101", "ZB101", "ZC101"}
    crash = by_code["ZB101"]
    assert crash.rule == "rule-zb101" and crash.category is Category.TABLE
    assert crash.severity is Severity.ERROR
    assert "ZeroDivisionError" in crash.message.en and "division by zero in the test rule" in crash.message.en
    assert "test_engine.py" in crash.message.en  # where it crashed, for the rule's author
    assert "ZeroDivisionError" in crash.message.zh
    assert result.verdict() is Verdict.FAIL


def test_a_generator_rule_that_raises_midway(make_engine):
    engine = make_engine(make_rule("ZA101", check=half_then_boom), make_rule("ZB101"))
    result = engine.check_document(doc("BAD"))
    assert [(f.code, "ValueError" in f.message.en) for f in result.findings] == [("ZA101", True), ("ZB101", False)]


def test_a_rule_whose_constructor_raises(make_engine):
    rule = make_rule("ZA101")
    rule.__init__ = lambda self: (_ for _ in ()).throw(RuntimeError("no init"))
    result = make_engine(rule, make_rule("ZB101")).check_document(doc("BAD"))
    assert [f.code for f in result.findings] == ["ZA101", "ZB101"]
    assert "RuntimeError" in result.findings[0].message.en


@pytest.fixture
def profile_yaml(tmp_path):
    return write(
        tmp_path / "p.yaml",
        """
        name: p
        select: [Z]
        severity: {ZA101: warning, ZC101: info}
        options:
          ZA101: {limit: 5, mode: strict}
        data: {sections: [一, 二]}
        """,
    )


def test_severity_comes_from_the_profile(make_engine, profile_yaml):
    engine = make_engine(make_rule("ZA101"), make_rule("ZB101", severity=Severity.WARNING), make_rule("ZC101"),
                         settings=Settings(profile=str(profile_yaml)))
    result = engine.check_document(doc("BAD"))
    assert {f.code: f.severity for f in result.findings} == {
        "ZA101": Severity.WARNING,  # overridden
        "ZB101": Severity.WARNING,  # the rule's default
        "ZC101": Severity.INFO,  # overridden
    }
    assert result.verdict() is Verdict.WARN
    assert result.verdict(fail_on=Severity.WARNING) is Verdict.FAIL


def test_a_problem_may_carry_its_own_severity_and_the_profile_overrides_it(make_engine, profile_yaml):
    def graded(d, ctx):
        yield Problem(Message(zh="轻", en="minor"), severity=Severity.INFO)
        yield Problem(Message(zh="重", en="major"))

    rules = (make_rule("ZA101", check=graded), make_rule("ZB101", check=graded, severity=Severity.ERROR))
    result = make_engine(*rules, settings=Settings(profile=str(profile_yaml))).check_document(doc())
    sev = {(f.code, f.message.en): f.severity for f in result.findings}
    assert sev[("ZB101", "minor")] is Severity.INFO and sev[("ZB101", "major")] is Severity.ERROR
    assert sev[("ZA101", "minor")] is Severity.WARNING and sev[("ZA101", "major")] is Severity.WARNING


def test_options_are_merged_default_then_profile_then_settings(make_engine, profile_yaml):
    seen = {}

    def record(d, ctx):
        seen.update(options=dict(ctx.options), data=dict(ctx.profile_data), profile=ctx.profile_name)
        return []

    rule = make_rule("ZA101", check=record, options={"limit": 1, "mode": "lenient", "words": ["x"]})
    settings = Settings(profile=str(profile_yaml), options={"ZA101": {"words": ["y"]}})
    make_engine(rule, settings=settings).check_document(doc())
    assert seen["options"] == {"limit": 5, "mode": "strict", "words": ["y"]}
    assert seen["data"] == {"sections": ["一", "二"]}
    assert seen["profile"] == "p"
    assert rule.default_options == {"limit": 1, "mode": "lenient", "words": ["x"]}  # untouched


def test_rules_share_values_for_one_document(make_engine):
    calls = []

    def shared(d, ctx):
        ctx.memo("tables", lambda: calls.append(1) or "located")
        return []

    engine = make_engine(make_rule("ZA101", check=shared), make_rule("ZB101", check=shared))
    engine.check_document(doc())
    engine.check_document(doc())
    assert calls == [1, 1]  # once per document, not once per rule


def test_findings_are_sorted_in_document_order(make_engine):
    def located(d, ctx):
        yield Problem(Message(zh="b", en="b"), Location(table=2, row=3))
        yield Problem(Message(zh="a", en="a"), Location(paragraph=4))
        yield Problem(Message(zh="c", en="c"), Location(section=1, paragraph=9))

    result = make_engine(make_rule("ZA101", check=located)).check_document(doc())
    assert [f.message.en for f in result.findings] == ["c", "a", "b"]


class Chooser:
    """A plugin choosing the profile from the document and publishing metadata."""

    @hookimpl
    def checker_select_profile(self, document, available):
        if any("2021" in p.text for p in document.paragraphs) and "p" in available:
            return "p", "the report says 2021"
        return None

    @hookimpl
    def checker_document_metadata(self, document, profile):
        return {"year": 2021 if profile == "p" else None, "agency": "某局"}


class LaterMetadata:
    @hookimpl
    def checker_document_metadata(self, document, profile):
        return {"agency": "另一局", "edition": "2021"}


def test_profile_chosen_by_a_plugin_and_metadata_merged(make_engine, profile_yaml):
    engine = make_engine(make_rule("ZA101"), profiles={"p": profile_yaml},
                         extra=[("chooser", Chooser()), ("later", LaterMetadata())])
    result = engine.check_document(doc("2021年报告", "BAD"))
    assert result.profile == "p"
    assert result.metadata["profile_reason"] == "the report says 2021"
    assert result.metadata["year"] == 2021
    assert result.metadata["edition"] == "2021"
    assert result.metadata["agency"] == "另一局"  # the later plugin wins, as the hookspec says
    assert [f.severity for f in result.findings] == [Severity.WARNING]  # the chosen profile applied


def test_no_profile_chosen_runs_every_rule(make_engine, profile_yaml):
    engine = make_engine(make_rule("ZA101"), profiles={"p": profile_yaml}, extra=[("chooser", Chooser())])
    result = engine.check_document(doc("BAD"))
    assert result.profile is None
    assert result.metadata["profile_reason"] == "no profile matched this document"
    assert [f.severity for f in result.findings] == [Severity.ERROR]


def test_default_profile_when_no_plugin_chooses(make_engine, profile_yaml):
    engine = make_engine(make_rule("ZA101"), profiles={"p": profile_yaml},
                         settings=Settings(default_profile="p"))
    assert engine.check_document(doc("BAD")).profile == "p"


def test_a_named_profile_beats_the_plugins(make_engine, tmp_path, profile_yaml):
    other = write(tmp_path / "other.yaml", "name: other\n")
    engine = make_engine(make_rule("ZA101"), profiles={"p": profile_yaml}, extra=[("chooser", Chooser())],
                         settings=Settings(profile=str(other)))
    result = engine.check_document(doc("2021年报告"))
    assert result.profile == "other"


def test_a_bad_profile_fails_when_the_engine_is_built(make_engine, tmp_path):
    from checker.errors import ConfigError

    with pytest.raises(ConfigError):
        make_engine(make_rule("ZA101"), settings=Settings(profile=str(write(tmp_path / "x.yaml", "nam: x\n"))))


@pytest.mark.parametrize(
    "data, reason",
    [(b"", "empty"), (b"just some text, not a zip", "not a .docx")],
    ids=["empty", "text"],
)
def test_an_unreadable_input_is_a_result_not_an_exception(make_engine, data, reason):
    result = make_engine(make_rule("ZA101")).check_bytes(data, "upload.docx")
    assert result.verdict() is Verdict.ERROR
    assert reason in result.error
    (finding,) = result.findings
    assert (finding.code, finding.category, finding.severity) == (INPUT_CODE, Category.INPUT, Severity.ERROR)
    assert finding.location.excerpt == "upload.docx"


def test_a_real_docx_through_the_engine(make_engine, tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("fine")
    d.add_paragraph("BAD paragraph")
    d.save(tmp_path / "r.docx")
    result = make_engine(make_rule("ZA101")).check_path(tmp_path / "r.docx")
    assert result.error is None
    assert [(f.code, f.location.paragraph) for f in result.findings] == [("ZA101", 2)]


def test_engine_uses_the_plugin_manager_factory(tmp_path):
    from .helpers import RULE_FILE

    engine = Engine(Settings(plugins=(str(write(tmp_path / "local_rule.py", RULE_FILE)),), select=("ZZ",)))
    assert [r.code for r in engine.selected_rules(None)] == ["ZZ001"]
    result = engine.check_document(doc("TODO: write"))
    assert [f.code for f in result.findings] == ["ZZ001"]


def test_last_years_report_reaches_the_pair_rules_as_its_summary(make_engine):
    from checker.rules import PairRule

    seen = []

    class FirstLine(PairRule):
        """Compares the first lines of two years' reports."""

        code, name, category = "ZA101", "first-line", Category.NARRATIVE
        summary = Message(zh="首行", en="first line")
        requires_profile = False

        def summarise(self, d, ctx):
            return d.paragraphs[0].text

        def compare(self, this, last, ctx):
            seen.append((this, last, ctx.previous_metadata.get("year")))
            yield Problem(Message(zh=f"{last}→{this}", en=f"{last}->{this}"))

    engine = make_engine(FirstLine)
    result = engine.check_document(doc("2021"), previous=doc("2020", path="last.docx"))
    assert [f.message.en for f in result.findings] == ["2020->2021"]
    assert result.metadata["previous"] == "last.docx"
    assert engine.check_document(doc("2021")).findings == ()  # no previous: summarised, not compared
    assert [s[:2] for s in seen] == [("2021", "2020")]
    # an earlier result made by a check of its own is compared the same way, without a second read
    earlier = engine.check_document(doc("2020", path="last.docx"))
    again = engine.compare(engine.check_document(doc("2021")), earlier)
    assert [f.message.en for f in again.findings] == ["2020->2021"]


def test_settings_cross_a_process_boundary():
    import pickle

    s = Settings(profile="p", select=("AR",), ignore=("AR4",), plugins=("x.py",), options={"AR101": {"a": 1}})
    assert pickle.loads(pickle.dumps(s)) == s
