"""EX101 document-title-property: passing and failing .docx files through the engine."""

from __future__ import annotations

import pytest

from checker import Severity, Verdict

TITLE = "某某市交通运输局2020年政府信息公开工作年度报告"


def codes(result):
    return [f.code for f in result.findings]


@pytest.mark.parametrize(
    "paragraphs, title",
    [
        ([TITLE, "一、总体情况"], TITLE),
        # the title set over two lines: agency, then report name
        (["某某市交通运输局", "2020年政府信息公开工作年度报告", "一、总体情况"], TITLE),
        # blank lines before the title and width/space differences do not matter
        (["", "  " + TITLE, "正文"], "某某市交通运输局２０２０年政府信息公开工作年度报告 "),
    ],
    ids=["one-line", "two-lines", "blank-lead-and-widths"],
)
def test_passes(make_docx, engine, paragraphs, title):
    result = engine().check_path(make_docx(paragraphs, title))
    assert result.error is None
    assert codes(result) == []
    assert result.verdict() is Verdict.PASS


def test_empty_title_property_is_a_warning(make_docx, engine):
    result = engine().check_path(make_docx([TITLE, "正文"], title=None))
    (finding,) = result.findings
    assert finding.code == "EX101"
    assert finding.rule == "document-title-property"
    assert finding.severity is Severity.WARNING
    assert "empty" in finding.message.en
    assert finding.expected == TITLE
    assert finding.location.paragraph == 1
    assert result.verdict() is Verdict.WARN
    assert result.verdict(fail_on=Severity.WARNING) is Verdict.FAIL


def test_title_left_from_last_year_is_reported(make_docx, engine):
    old = "某某市交通运输局2019年政府信息公开工作年度报告"
    result = engine().check_path(make_docx([TITLE, "正文"], title=old))
    (finding,) = result.findings
    assert finding.code == "EX101"
    assert (finding.expected, finding.actual) == (TITLE, old)
    assert "differs" in finding.message.en


def test_title_must_match_from_the_first_line(make_docx, engine):
    """Only the leading paragraphs form the title: the body text does not count."""
    result = engine().check_path(make_docx(["封面", TITLE], title=TITLE))
    assert codes(result) == ["EX101"]


def test_option_turns_comparison_off(make_docx, engine):
    path = make_docx([TITLE], title="Document1")
    assert codes(engine().check_path(path)) == ["EX101"]
    assert codes(engine(compare_first_paragraph=False).check_path(path)) == []
    # an empty title is still reported with the comparison off
    empty = make_docx([TITLE], title=None, name="empty-title.docx")
    assert codes(engine(compare_first_paragraph=False).check_path(empty)) == ["EX101"]


def test_title_paragraphs_option_limits_the_lines(make_docx, engine):
    path = make_docx(["某某市", "交通运输局", "2020年政府信息公开工作年度报告"], title=TITLE)
    assert codes(engine().check_path(path)) == []
    assert codes(engine(title_paragraphs=2).check_path(path)) == ["EX101"]


def test_document_without_text_only_needs_a_title(make_docx, engine):
    assert codes(engine().check_path(make_docx([], title="报告"))) == []
    assert codes(engine().check_path(make_docx([], title=None, name="b.docx"))) == ["EX101"]


def test_declared_like_every_rule():
    from checker_plugin_example.rules import DocumentTitleProperty

    DocumentTitleProperty.validate_declaration()  # raises TypeError when incomplete
    assert DocumentTitleProperty.documentation().startswith("The document's *title* property")
