"""DOC001-DOC004 on whole .docx files (raw-XML fixtures from ``docx_factory``)."""

from __future__ import annotations

import pytest
from docx_factory import p, r, tbl, tc, tr, write_docx

from checker.engine import Engine, Settings
from checker.findings import Location

INS = '<w:ins w:id="1" w:author="张三" w:date="2024-01-02T00:00:00Z">{}</w:ins>'
DEL = '<w:del w:id="2" w:author="张三" w:date="2024-01-02T00:00:00Z"><w:r><w:delText>旧文字</w:delText></w:r></w:del>'
SDT_PLACEHOLDER = (
    "<w:sdt><w:sdtPr><w:alias w:val=\"单位\"/><w:showingPlcHdr/></w:sdtPr>"
    "<w:sdtContent><w:p><w:r><w:t>单击或点击此处输入文字。</w:t></w:r></w:p></w:sdtContent></w:sdt>"
)
SDT_FILLED = (
    "<w:sdt><w:sdtPr><w:alias w:val=\"单位\"/></w:sdtPr>"
    "<w:sdtContent><w:p><w:r><w:t>某县财政局</w:t></w:r></w:p></w:sdtContent></w:sdt>"
)

CLEAN_BODY = (
    p("某县财政局2023年政府信息公开工作年度报告")
    + p("一、总体情况")
    + p("2023年共主动公开信息120条，Windows XP 已停用，XXL 码不是占位。")
    + SDT_FILLED
    + tbl(tr(tc("信息内容"), tc("本年制发件数")), tr(tc("规章"), tc("0")), cols=2)
    + p("某县财政局")
    + p("2024年1月15日")
)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(Settings(select=("DOC",)))


def findings(engine: Engine, path, code: str):
    result = engine.check_path(path)
    assert result.error is None, result.error
    return [f for f in result.findings if f.code == code]


@pytest.fixture
def clean(tmp_path):
    path = tmp_path / "clean.docx"
    write_docx(path, CLEAN_BODY)
    return path


@pytest.mark.parametrize("code", ["DOC001", "DOC002", "DOC003", "DOC004"])
def test_clean_report_passes(engine, clean, code):
    assert findings(engine, clean, code) == []


def _unfilled_body() -> str:
    return (
        p("XXX局2023年政府信息公开工作年度报告")  # 1
        + p("一、总体情况")  # 2
        + p("（文字描述）")  # 3
        + p("【单位名称】负责，[单位名称]协办，××同志")  # 4: three placeholders, one finding
        + SDT_PLACEHOLDER  # 5: content control showing its placeholder
        + tbl(tr(tc("信息内容"), tc("本年制发件数")), tr(tc("规章"), tc("××")), cols=2)
        + p("五、存在的主要问题及改进情况")  # 6
        + p("（文字描述，收取信息处理费情况在此处报告。）")  # 7
        + p("××××年××月××日")  # 8
    )


def test_doc001_one_finding_per_paragraph_or_cell(engine, tmp_path):
    path = tmp_path / "unfilled.docx"
    write_docx(path, _unfilled_body())
    got = findings(engine, path, "DOC001")
    where = sorted((f.location.paragraph or 0, f.location.table or 0, f.location.row or 0, f.location.column or 0)
                   for f in got)
    # paragraph 7 is all section 五 holds: the section is unwritten, SEC203's finding (issue 13),
    # whether or not SEC203 runs (one owner per fact); section 一's placeholders sit beside
    # other text and stay DOC001's
    assert where == sorted([(1, 0, 0, 0), (3, 0, 0, 0), (4, 0, 0, 0), (5, 0, 0, 0), (0, 1, 2, 2), (8, 0, 0, 0)])
    assert [f.location.paragraph for f in findings(Engine(), path, "SEC203")] == [7]
    by_para = {f.location.paragraph: f for f in got if f.location.paragraph}
    assert by_para[3].location.excerpt == "（文字描述）"
    assert by_para[8].location.excerpt == "××××年××月××日"
    assert "单击或点击此处输入文字" in by_para[5].location.excerpt
    assert all(f.severity.value == "error" for f in got)
    assert "模板占位" in got[0].message.zh and "placeholder" in got[0].message.en


def test_doc001_extra_patterns_option(tmp_path):
    path = tmp_path / "mm.docx"
    write_docx(path, p("某某县2023年报告") + p("正文"))
    plain = Engine(Settings(select=("DOC001",)))
    assert findings(plain, path, "DOC001") == []
    strict = Engine(Settings(select=("DOC001",), options={"DOC001": {"extra_patterns": ["某某"]}}))
    assert [f.location.paragraph for f in findings(strict, path, "DOC001")] == [1]


def test_doc002_tracked_changes(engine, tmp_path):
    path = tmp_path / "revised.docx"
    write_docx(
        path,
        p("标题")
        + f"<w:p>{r('保留')}{INS.format(r('新增'))}</w:p>"
        + p("中间")
        + f"<w:p>{r('前')}{DEL}</w:p>",
    )
    got = findings(engine, path, "DOC002")
    assert [f.location.paragraph for f in got] == [2, 4]
    assert "insertion" in got[0].actual and "deletion" in got[1].actual
    assert "修订" in got[0].message.zh


def test_doc003_comments(engine, tmp_path):
    path = tmp_path / "commented.docx"
    write_docx(path, p("标题") + p("正文"), comments=["请核实第三段的数字", "已改"])
    got = findings(engine, path, "DOC003")
    assert len(got) == 2
    assert "请核实第三段的数字" in got[0].message.zh
    assert got[0].location == Location(excerpt="请核实第三段的数字")


def test_doc004_macros(engine, tmp_path):
    path = tmp_path / "macro.docx"
    write_docx(path, p("标题"), extra_parts={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 not a real project"})
    got = findings(engine, path, "DOC004")
    assert len(got) == 1 and "宏" in got[0].message.zh


def test_rules_are_declared_and_documented():
    """Same docstring convention as the AR pack: English, ``---``, Chinese."""
    from checker_core.rules import RULES

    assert len({r.code for r in RULES}) == len(RULES) == 4
    for rule in RULES:
        rule.validate_declaration()
        assert rule.code.startswith("DOC")
        en, sep, zh = rule.documentation().partition("\n---\n")
        assert sep, rule.code
        for word in ("Why:", "Fails:", "Passes:", "Fix:"):
            assert word in en, (rule.code, word)
        for word in ("依据：", "不通过：", "通过：", "修改："):
            assert word in zh, (rule.code, word)


def _sdt(alias: str, text: str) -> str:
    return (f"<w:sdt><w:sdtPr><w:alias w:val=\"{alias}\"/><w:showingPlcHdr/></w:sdtPr>"
            f"<w:sdtContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:sdtContent></w:sdt>")


def test_doc001_reports_every_placeholder_it_cannot_place(engine, tmp_path):
    """Content controls in page headers have no place in the body: each is its own
    finding (before the fix the last one was reported once per control, the others lost)."""
    path = tmp_path / "headers.docx"
    write_docx(path, CLEAN_BODY, headers=[_sdt("单位", "请输入单位名称") + _sdt("年度", "请选择年度"),
                                          _sdt("文号", "请输入文号")])
    got = [f.location.excerpt for f in findings(engine, path, "DOC001")]
    assert sorted(got) == sorted(["请输入单位名称", "请选择年度", "请输入文号"]), got


def test_unfilled_date_line_is_said_once(tmp_path):
    """A date line left as ××××年××月××日 is there, unfilled: DOC001 says so, and DAT601
    no longer adds 'the report has no date line' (before, both fired on the one fact)."""
    path = tmp_path / "unfilled.docx"
    write_docx(path, _unfilled_body())
    result = Engine(Settings()).check_path(path)
    on_date = [f for f in result.findings if f.code in ("DOC001", "DAT601") and (f.location.paragraph == 8 or f.code == "DAT601")]
    assert [(f.code, f.location.excerpt) for f in on_date] == [("DOC001", "××××年××月××日")]
