"""AR811-AR813: this year's report against last year's (``--previous``)."""

from __future__ import annotations

import re

import pytest
from builders import Report, write_report
from prose_helpers import engine, prose_findings, summary

from checker.engine import Engine, Settings
from checker_annual_report.crossyear import copied_sections, normalise_sentence, section_sentences
from checker_annual_report.prose import prose_paragraphs
from checker.report.structure import build

# the default report: table 二 NORM made 2, repealed 1, valid 10; table 三 CARRY_IN and
# CARRY_OUT 1 in 自然人 and 总计. A consistent pair: last year's stock 10 → 10 + 2 − 1 = 11.
THIS = dict(year=2022, values={"T2.NORM.valid": "11"})
LAST = dict(year=2021)

SECTION5 = [
    "{y}年，本局政府信息公开工作虽取得了一定成效，但也存在一些不足：一是政府信息公开意识有待加强，长效管理机制还需进一步完善；"
    "二是信息公开的全面性、及时性有待提升；三是工作人员身兼数职，导致效率不高，更新不及时。",
    "下一年度，本局将从以下几个方面改进提升：一是强化队伍建设，加强人员培训；二是完善政府信息公开工作制度和机制，"
    "继续推进信息制作、管理、审查、公开的规范化；三是进一步强化督查，杜绝公开过程中发生差错等问题。",
]
SECTION5_NEW = [
    "本年度暴露出的主要问题是政策解读形式较为单一，图解和视频解读数量偏少，基层站所的信息报送不及时，部分栏目更新滞后。",
    "针对上述问题，我们将建立解读材料与政策文件同步起草、同步审签的机制，并把站所信息报送纳入月度考核，按月通报栏目更新情况。",
]


def section5(texts, year):
    return {5: [t.format(y=year) for t in texts]}


def test_without_previous_nothing_is_compared(check):
    res = check(Report(**THIS))
    assert prose_findings(res) == []


def test_consistent_pair(check):
    res = check(Report(**THIS), previous=Report(**LAST))
    assert prose_findings(res) == []


def test_carry_over_disagrees_names_both_cells(check):
    last = Report(year=2021, values={"T3.CARRY_OUT.np": "2", "T3.CARRY_OUT.tot": "2"})
    res = check(Report(**THIS), previous=last)
    assert summary(res) == [("AR811", "warning", "2", "1"), ("AR811", "warning", "2", "1")]
    np_, tot = prose_findings(res)
    for f, col in ((np_, "自然人"), (tot, "总计")):
        # both cells by their labels in the table (not T3.CARRY_IN.np), each with its place
        assert f"本年度报告二、上年结转政府信息公开申请数量/{col}（表三第5行" in f.message.zh
        assert f"2021年度报告四、结转下年度继续办理/{col}（表三第28行" in f.message.zh
        assert f"二、上年结转政府信息公开申请数量 / {col} (table 3, row 5," in f.message.en
        assert f"四、结转下年度继续办理 / {col} (table 3, row 28," in f.message.en
        assert "2021" in f.message.zh
    assert np_.location.table is not None and np_.location.row is not None


def test_carry_over_across_editions(check):
    # a 2021 report after a 2020 report in the 2019 format
    last = Report(edition="2019", year=2020, values={"T3.CARRY_OUT.np": "3", "T3.CARRY_OUT.tot": "3"})
    res = check(Report(year=2021), previous=last)
    assert [s for s in summary(res) if s[0] == "AR811"] == [("AR811", "warning", "3", "1"), ("AR811", "warning", "3", "1")]
    assert [s for s in summary(res) if s[0] == "AR812"] == []  # no 2021 table 二 last year: nothing to compare


def test_years_not_consecutive_are_not_compared(check):
    last = Report(year=2019, edition="2019", values={"T3.CARRY_OUT.np": "2", "T3.CARRY_OUT.tot": "2"})
    res = check(Report(**THIS), previous=last)
    assert summary(res) == [("AR811", "info", None, None)]
    assert "2019" in prose_findings(res)[0].message.zh


def test_another_agency_is_not_compared(check):
    last = Report(year=2021, agency="某县民政局", signature="某县民政局",
                  values={"T3.CARRY_OUT.np": "2", "T3.CARRY_OUT.tot": "2"})
    res = check(Report(**THIS), previous=last)
    assert summary(res) == [("AR811", "info", None, None)]


def test_every_reason_two_reports_are_not_compared_is_said_once(check):
    # another agency and a year that does not follow: both said, in one finding, nothing compared
    last = Report(year=2019, edition="2019", agency="某县民政局", signature="某县民政局",
                  values={"T3.CARRY_OUT.np": "2", "T3.CARRY_OUT.tot": "2"})
    res = check(Report(**THIS), previous=last)
    assert summary(res) == [("AR811", "info", None, None)]
    msg = prose_findings(res)[0].message
    assert "年度不相接" in msg.zh and "不是同一机关" in msg.zh
    assert "not consecutive" in msg.en and "not the same agency" in msg.en


def test_a_blank_template_as_last_years_report_is_not_compared(check):
    # issue 16: a blank template used to give AR812 with its blank cells read as 0
    res = check(Report(year=2022), previous=Report(year=2021, blank_all=True))
    assert summary(res) == [("AR811", "info", None, None)]
    msg = prose_findings(res)[0].message
    assert "未填写任何数字" in msg.zh and "hold no figure" in msg.en


def test_short_and_long_name_of_one_agency_are_compared(check):
    last = Report(year=2021, agency="秀洲区交通运输局", values={"T3.CARRY_OUT.np": "2", "T3.CARRY_OUT.tot": "2"})
    res = check(Report(**THIS), previous=last)  # this year: 嘉兴市秀洲区交通运输局
    assert [s[0] for s in summary(res)] == ["AR811", "AR811"]


def test_stock_does_not_follow(check):
    res = check(Report(year=2022), previous=Report(**LAST))  # 10 + 2 − 1 = 11, but 10 written
    assert summary(res) == [("AR812", "warning", "11", "10")]
    f = prose_findings(res)[0]
    assert "行政规范性文件: 10 in force" in f.message.en and "行政规范性文件现行有效件数为10" in f.message.zh
    assert "this year table 2, row 4, col 4" in f.message.en and "本年度表二第4行第4列" in f.message.zh


def test_copied_section_is_reported_with_its_share(check):
    this = Report(**THIS, prose=section5(SECTION5, 2022))
    last = Report(**LAST, prose=section5(SECTION5, 2021))  # the same text, only the year changed
    res = check(this, previous=last)
    assert summary(res) == [("AR813", "warning", "< 50%", "100%")]
    f = prose_findings(res)[0]
    assert f.location.section == 5
    assert "100%" in f.message.zh and "五、存在的主要问题及改进情况" in f.message.zh


def test_half_copied_section(check):
    this = Report(**THIS, prose={5: [SECTION5[0].format(y=2022), SECTION5_NEW[1]]})
    last = Report(**LAST, prose=section5(SECTION5, 2021))
    res = check(this, previous=last)
    [(code, sev, expected, actual)] = summary(res)
    assert (code, sev) == ("AR813", "warning")
    assert 50 <= int(actual.rstrip("%")) < 100


def test_rewritten_section_is_not_reported(check):
    this = Report(**THIS, prose=section5(SECTION5_NEW, 2022))
    last = Report(**LAST, prose=section5(SECTION5, 2021))
    assert prose_findings(check(this, previous=last)) == []


def test_threshold_is_an_option(tmp_path):
    this = Report(**THIS, prose={5: [SECTION5[0].format(y=2022), SECTION5_NEW[1]]})
    last = Report(**LAST, prose=section5(SECTION5, 2021))
    p1, p2 = write_report(tmp_path / "a.docx", this), write_report(tmp_path / "b.docx", last)
    strict = Engine(Settings(options={"AR813": {"section_share": 0.95}}))
    res = strict.check_path(str(p1), previous=strict.read(str(p2), "b"))
    assert [f for f in res.findings if f.code == "AR813"] == []


def test_boilerplate_is_not_counted(tmp_path):
    # section 一 holds only boilerplate (statistics period, sub-headings), repeated: not judged;
    # sections 五 and 六 carry the same default text both years: judged (min_chars 1)
    eng = engine()
    data = eng.profile("gov-annual-report-2021").data
    text = ["本报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。", "（一）主动公开情况。"]
    docs = []
    for y in (2021, 2022):
        p = write_report(tmp_path / f"{y}.docx", Report(year=y, prose={1: [t.format(y=y) for t in text] * 5}))
        docs.append(eng.read(str(p), str(p)))
    this, last = build(docs[1], data), build(docs[0], data)
    boiler = [re.compile(p) for p in data["prose"]["boilerplate"]]
    found = copied_sections(section_sentences(prose_paragraphs(this, docs[1]), boiler),
                            section_sentences(prose_paragraphs(last, docs[0]), boiler), 0.85, 1)
    assert [(s.number, s.share) for s in found] == [(5, 1.0), (6, 1.0)]


@pytest.mark.parametrize("a, b", [("2021年收到申请5件。", "2022年收到申请七件。"), ("本局 加强培训，", "本局加强培训")])
def test_normalised_sentences_fold_numbers_and_punctuation(a, b):
    assert normalise_sentence(a) == normalise_sentence(b)
