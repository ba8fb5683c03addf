"""Issue 13 item 1b: where the parts of a report hide.

Each fixture is the clean report laid out the way Word and WPS users really do; each
failed before the change (noted per case): the 落款 and date in a trailing borderless
table, a table of contents (typed, with page numbers, as a TOC field with ``\\n``), a title
only in the page header, lines before the title.
"""

from __future__ import annotations

import pytest
from builders import Report, write_report

from checker.engine import Engine, Settings

ENGINE = Engine(Settings())


def _check(tmp_path, rep: Report):
    return ENGINE.check_path(str(write_report(tmp_path / "r.docx", rep)))


def _errors(result):
    return [(f.code, f.message.en) for f in result.findings if f.severity.value in ("error", "warning")]


@pytest.mark.parametrize("shape", ["1x2", "2x2"])
def test_signature_and_date_in_a_layout_table(tmp_path, shape):
    """Before: 'no date line' and 'no 落款' on a clean report."""
    result = _check(tmp_path, Report(end_layout=shape))
    assert _errors(result) == []


@pytest.mark.parametrize("shape", ["1x2", "2x2"])
def test_faults_in_a_layout_table_are_found(tmp_path, shape):
    """Before: a late date and another body's 落款 were lost under 'no date line'."""
    result = _check(tmp_path, Report(end_layout=shape, date="2023年3月5日", signature="区财政局"))
    codes = [c for c, _ in _errors(result)]
    assert sorted(codes) == ["DAT604", "SIG702"], _errors(result)
    late = next(f for f in result.findings if f.code == "DAT604")
    assert late.location.table is not None and late.location.row is not None


@pytest.mark.parametrize("toc", ["heading", "heading-pages", "field", "styles"])
def test_table_of_contents_is_skipped(tmp_path, toc):
    """Before ('heading', 'field'): the entries were taken for the sections (sections 一 and
    五 'not written', the tables 'not under their headings'), 目录 for the title and agency."""
    result = _check(tmp_path, Report(toc=toc))
    assert _errors(result) == []
    assert result.metadata["agency"] == "嘉兴市秀洲区交通运输局" and result.metadata["year"] == 2022


def test_toc_without_title_still_has_no_title_and_finds_the_agency(tmp_path):
    """Before: 'no title' plus the cascade of the contents; the agency unknown."""
    result = _check(tmp_path, Report(toc="field", title=""))
    assert [c for c, _ in _errors(result)] == ["TTL101"], _errors(result)
    assert result.metadata["agency"] == "区交通运输局"  # from the 落款


def test_title_only_in_the_page_header(tmp_path):
    """'no title' is fair, but the header gives the year and the agency. Before: the
    preamble sentence was taken for the title and its agency."""
    result = _check(tmp_path, Report(title="", header="嘉兴市秀洲区交通运输局2022年政府信息公开工作年度报告"))
    assert [c for c, _ in _errors(result)] == ["TTL101"], _errors(result)
    no_title = next(f for f in result.findings if f.code == "TTL101")
    assert "no title" in no_title.message.en and "page header" in no_title.message.en
    assert result.metadata["agency"] == "嘉兴市秀洲区交通运输局"
    assert result.metadata["year"] == 2022 and result.metadata["year_sources"]["header"] == 2022


def test_header_year_judges_the_date(tmp_path):
    """The header's year is evidence: a date line in the report year itself is DAT603's."""
    result = _check(tmp_path, Report(title="", period="", header="嘉兴市秀洲区交通运输局2022年政府信息公开工作年度报告",
                                     date="2022年12月30日"))
    assert "DAT603" in [c for c, _ in _errors(result)], _errors(result)


@pytest.mark.parametrize("lines", [
    ["目录"],
    ["索引号：11330411002583432F/2023-00012", "发布日期：2023-01-20"],
    ["市委、市政府："],
])
def test_lines_before_a_missing_title_are_never_the_title(tmp_path, lines):
    """Before: 目录 / 索引号：… / 市委、市政府： became the title and the agency (SIG702 '落款 does
    not match 市委、市政府')."""
    result = _check(tmp_path, Report(title="", before_title=lines))
    assert [c for c, _ in _errors(result)] == ["TTL101"], _errors(result)
    assert "no title" in next(f for f in result.findings if f.code == "TTL101").message.en
    assert result.metadata["agency"] == "区交通运输局"


def test_lines_before_the_title_leave_the_title(tmp_path):
    result = _check(tmp_path, Report(before_title=["索引号：11330411002583432F/2023-00012", "发布日期：2023-01-20"]))
    assert _errors(result) == [] and result.metadata["agency"] == "嘉兴市秀洲区交通运输局"


def test_layout_table_is_not_the_content_of_section_six(tmp_path):
    """Section 六 left empty above the 落款 table is still reported as not written."""
    result = _check(tmp_path, Report(end_layout="2x2", prose={6: []}))
    assert [c for c, _ in _errors(result)] == ["SEC203"], _errors(result)
