"""The shared analysis API (structure.analyse) other packs build on, and the profiles."""

from __future__ import annotations

from importlib.resources import files

import docx
import pytest
from builders import Report, write_report

from checker.findings import Message
from checker.profiles import load_profile
from checker.reader import load_document
from checker.rules import RuleContext
from checker import shipped_profiles as checker_profiles
from checker_report.plugin import checker_select_profile as _select

PROFILE_NAMES = ("gov-annual-report-common", "gov-annual-report-2019", "gov-annual-report-2021")


def checker_select_profile(doc, available):
    """The generic pack's choice among ``available``, given their data (as the engine does)."""
    catalogue = checker_profiles()
    profiles = {name: load_profile(name, catalogue) for name in catalogue}
    return _select(document=doc, available=list(available), profiles=profiles, memo={})
from checker.report.structure import (
    analyse,
    cell_label,
    cells_where,
    classify_agency,
    describe_cell,
    describe_list,
    describe_sum,
)


def _ctx(profile: str) -> RuleContext:
    data = load_profile(profile, checker_profiles()).data
    return RuleContext(options={}, profile_data=data, profile_name=profile)


def _structure(tmp_path, rep: Report, profile: str = "gov-annual-report-2021"):
    doc = load_document(str(write_report(tmp_path / "r.docx", rep)))
    return doc, analyse(doc, _ctx(profile))


def test_profiles_ship_as_package_resources():
    base = files("checker_profiles")
    for name in PROFILE_NAMES:
        assert (base / f"{name}.yaml").is_file()
    p19 = load_profile("gov-annual-report-2019", checker_profiles())
    p21 = load_profile("gov-annual-report-2021", checker_profiles())
    assert p19.chain[:2] == ("government-bodies", "gov-annual-report-common") and p19.chain[-1] == "gov-annual-report-2019"
    assert p21.chain[:2] == ("government-bodies", "gov-annual-report-common") and p21.chain[-1] == "gov-annual-report-2021"
    assert (p19.data["edition"], p21.data["edition"]) == ("2019", "2021")
    # the editions share table 三's columns and table 四 through the common profile
    eds = p21.data["editions"]
    assert eds["2019"]["tables"]["T4"] == eds["2021"]["tables"]["T4"]
    assert eds["2019"]["tables"]["T3"]["columns"] == eds["2021"]["tables"]["T3"]["columns"]


def test_named_cells_2021(tmp_path):
    _, st = _structure(tmp_path, Report(values={"T3.NEW.tot": "6", "T2.FEE_WAN": "12.5"}))
    c = st.cell("T3.NEW.tot")
    assert c.value.as_int == 6
    assert (c.location.table, c.location.row, c.location.column, c.location.section) == (2, 4, 10, 3)
    assert c.location.row_label == "一、本年新收政府信息公开申请数量" and c.location.column_label == "总计"
    assert st.cell("T3.TOTAL.np").value.as_int == 5
    assert st.cell("T4.REV.total").value.as_int == 2
    assert st.cell("T4.LIT_DIRECT.pending").location.column == 9
    assert st.cell("T2.REG.valid").value.as_int == 0
    assert str(st.cell("T2.FEE_WAN").value.value) == "12.5"
    assert st.cell("T3.OTHER2.tot") is not None and st.cell("T3.OTHER.tot") is None
    assert len(st.cells_of("T3")) == 25 * 7 and len(st.cells_of("T4")) == 15


def test_cells_described_by_their_labels_and_place(tmp_path):
    # messages name cells as a drafter sees them in Word, never T3.OPEN.tot
    _, st = _structure(tmp_path, Report())
    assert cell_label("T3.OPEN.tot", "zh", st) == "（一）予以公开/总计"
    assert cell_label("T3.OPEN.tot", "en", st) == "（一）予以公开 / 总计"
    assert describe_cell(st.cell("T3.OPEN.tot"), "zh") == "（一）予以公开/总计（表三第6行第10列）"
    assert describe_cell("T3.OPEN.tot", "en", st) == "（一）予以公开 / 总计 (table 3, row 6, col 10)"
    assert describe_cell("T4.REV.keep", "zh", st, where=False) == "行政复议/结果维持"
    # a sum sharing a column names the column once
    both = ["T3.OPEN.tot", "T3.PART.tot"]
    assert describe_sum(both, "zh", st) == "（一）予以公开＋（二）部分公开（“总计”列，表三第6、7行第10列）"
    assert describe_sum(both, "en", st) == "（一）予以公开 + （二）部分公开 (column 总计; table 3, rows 6, 7, col 10)"
    assert describe_sum(both, "zh", st, inner=True) == "（一）予以公开＋（二）部分公开，“总计”列，表三第6、7行第10列"
    # one row's columns, with values, past the limit counted
    row = [f"T3.NEW.{c}" for c in ("np", "biz", "res", "ngo", "law", "oth")]
    text = describe_sum(row, "en", st, values={n: "1" for n in row}, where=False, limit=2)
    assert text == "自然人 (1) + 商业企业 (1) and 4 more (row 一、本年新收政府信息公开申请数量)"
    assert describe_sum(row, "zh", st, where=False, limit=2).startswith("自然人＋商业企业等6项（“一、本年新收")
    # a long run of rows reads as a range
    deny = [f"T3.DENY{i}.tot" for i in range(1, 9)]
    assert cells_where([st.cell(n) for n in deny], "zh") == "表三第8—15行第10列"
    # lists (not sums)
    vals = {"T3.OPEN.tot": "4", "T3.UNABLE1.tot": "2"}
    assert describe_list(list(vals), "zh", st, values=vals) == "“总计”列的（一）予以公开＝4、1.本机关不掌握相关政府信息＝2"
    assert describe_list(list(vals), "en", st, values=vals, limit=1) == "in column 总计: （一）予以公开 = 4 and 1 more"
    # an unknown name is shown as given (nothing to look up)
    assert describe_cell("T9.X.y", "zh", st) == "T9.X.y"


def _with_leading_table(path) -> None:
    """A 索引号 table before the title (a report copied from a website): a table the format does not count."""
    document = docx.Document(str(path))
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "索引号", "11330411/2023-00001"
    body = document.element.body
    body.remove(table._tbl)
    body.insert(0, table._tbl)
    document.save(str(path))


def test_cells_are_placed_in_the_table_the_format_names(tmp_path):
    """Issue 16: the location and the message name 表三, never the document's 表2."""
    _, st = _structure(tmp_path, Report(end_layout="2x2"))
    loc = st.cell("T3.OPEN.tot").location
    assert (loc.table, loc.table_name, loc.table_position_shown) == (2, Message("表三", "table 3"), False)
    assert loc.describe("zh") == "表三 第6行 第10列 [（一）予以公开 / 总计]"
    assert loc.describe("en") == "table 3, row 6, col 10 [（一）予以公开 / 总计]"
    assert describe_cell(st.cell("T4.REV.keep"), "zh") == "行政复议/结果维持（表四第4行第1列）"
    assert st.cell("T2.LICENSE").location.describe("en").startswith("table 2, row 7, col 2")
    # the 落款 table at the end is none of the format's: by its position, never as 表四
    date = st.paragraph_location(st.date_line.paragraph)
    assert (date.describe("zh"), date.describe("en")) == ("文档第4个表格 第2行 第2列", "the document's 4th table, row 2, col 2")


def test_a_table_the_format_does_not_count_first_says_which_is_which(tmp_path):
    path = write_report(tmp_path / "r.docx", Report())
    _with_leading_table(path)
    st = analyse(load_document(str(path)), _ctx("gov-annual-report-2021"))
    loc = st.cell("T3.OPEN.tot").location
    assert (loc.table, loc.table_name, loc.table_position_shown) == (3, Message("表三", "table 3"), True)
    assert loc.describe("zh") == "表三（文档第3个表格）第6行 第10列 [（一）予以公开 / 总计]"
    assert loc.describe("en") == "table 3 (the document's 3rd table), row 6, col 10 [（一）予以公开 / 总计]"
    # the message names the cell's place as its location does
    assert describe_cell(st.cell("T3.OPEN.tot"), "zh") == "（一）予以公开/总计（表三（文档第3个表格）第6行第10列）"
    assert describe_cell(st.cell("T3.OPEN.tot"), "en") == \
        "（一）予以公开 / 总计 (table 3 (the document's 3rd table), row 6, col 10)"
    assert st.cell("T2.LICENSE").location.describe("zh").startswith("表二（文档第2个表格）第7行")


def test_named_cells_2019(tmp_path):
    _, st = _structure(tmp_path, Report(edition="2019", year=2020), "gov-annual-report-2019")
    assert st.edition == "2019"
    assert st.cell("T2.OTHER_SVC.delta").value.signed
    assert st.cell("T2.PROC.amount").value.unit == "元"
    assert st.cell("T3.OTHER.np") is not None
    assert len(st.cells_of("T3")) == 23 * 7


def test_sections_title_and_end(tmp_path):
    doc, st = _structure(tmp_path, Report())
    assert [s.number for s in st.headings_in_order] == [1, 2, 3, 4, 5, 6]
    assert st.sections[3].heading.text == "三、收到和处理政府信息公开申请情况"
    assert [t.index for t in st.sections[3].tables] == [2]
    assert st.title.text == "嘉兴市秀洲区交通运输局2022年政府信息公开工作年度报告"
    assert (st.year, st.agency, st.agency_kind) == (2022, "嘉兴市秀洲区交通运输局", "department")
    assert st.date_line.date.as_date().isoformat() == "2023-01-15"
    assert st.signature.text == "区交通运输局"
    assert st.statistics_period.start.year == 2022
    assert st.section_of(st.signature) == 6


def test_automatic_numbering_is_read(tmp_path):
    _, st = _structure(tmp_path, Report(auto_numbering=True))
    assert [s.heading_text.prefix for s in st.headings_in_order] == ["一、", "二、", "三、", "四、", "五、", "六、"]


def test_edition_from_tables_when_profile_says_other(tmp_path):
    _, st = _structure(tmp_path, Report(table_edition="2019"))
    assert (st.expected_edition, st.table_edition, st.edition) == ("2021", "2019", "2019")
    assert st.cell("T2.PROC.amount") is not None  # analysed against the layout it follows


@pytest.mark.parametrize(
    "name,kind",
    [("嘉兴市秀洲区交通运输局", "department"), ("上海市人民政府办公厅", "government"), ("淮安市人民政府", "government"),
     ("茅坪回族镇人民政府", "government"), ("某某街道办事处", "government"), ("九原区政务服务局", "department"),
     ("某某县发展和改革委员会", "department"), ("", "unknown")],
)
def test_agency_kind(name, kind):
    data = load_profile("gov-annual-report-common", checker_profiles()).data
    assert classify_agency(name, data) == kind


def test_select_profile_by_year(tmp_path):
    for edition, year, want in (("2019", 2019, "gov-annual-report-2019"), ("2019", 2020, "gov-annual-report-2019"),
                                ("2021", 2021, "gov-annual-report-2021"), ("2021", 2024, "gov-annual-report-2021")):
        doc = load_document(str(write_report(tmp_path / f"{year}.docx", Report(edition=edition, year=year))))
        name, reason = checker_select_profile(doc, list(PROFILE_NAMES))
        assert name == want and str(year) in reason.en and str(year) in reason.zh
    # a 2022 report on the 2019 tables is still checked as 2022 -> 2021 format
    doc = load_document(str(write_report(tmp_path / "old.docx", Report(year=2022, table_edition="2019"))))
    assert checker_select_profile(doc, list(PROFILE_NAMES))[0] == "gov-annual-report-2021"


def test_not_an_annual_report(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("关于召开2023年度工作会议的通知")
    d.add_paragraph("各科室：定于下周一召开工作会议。")
    d.save(str(tmp_path / "n.docx"))
    assert checker_select_profile(load_document(str(tmp_path / "n.docx")), list(PROFILE_NAMES)) is None
