"""Every AR rule code: at least one failing and one passing whole-.docx case.

A case is a Report (see builders.py) written with python-docx, read by the real reader
and checked by the engine with the profile the pack chooses (or the one given).
"""

from __future__ import annotations

from checker.findings import shown_value

import re

import pytest
from builders import OTHER_2021, Report

GOV = "嘉兴市秀洲区人民政府"

# (id, code, report, options, profile, expected severity of the code's finding(s), count)
#: table 三 with one application ended by an unpaid fee notice (（六）2), all relations holding
FEE_NOTICE = {"T3.UNABLE1.np": "1", "T3.UNABLE1.tot": "1", "T3.OTHER2.np": "1", "T3.OTHER2.tot": "1"}

FAILING = [
    ("tables-of-2019-in-2022", "AR101", Report(table_edition="2019"), None, None, "error", 1),
    ("tables-of-2021-in-2020", "AR101", Report(edition="2019", year=2020, table_edition="2021"), None, None, "error", 1),
    ("profile-override", "AR101", Report(), None, "gov-annual-report-2019", "error", 1),
    ("cites-60", "AR102", Report(intro="本报告按照国办公开办函〔2019〕60号要求编制。"), None, None, "warning", 1),
    ("title-no-agency-year", "TTL101", Report(title="政府信息公开工作年度报告"), None, None, "error", 1),
    ("title-template", "TTL101", Report(title="政府信息公开工作年度报告格式模板"), None, None, "error", 1),
    ("title-drops-gongzuo", "TTL101", Report(title="嘉兴市秀洲区交通运输局2022年政府信息公开年度报告"), None, None, "warning", 1),
    ("no-title", "TTL101", Report(title=""), None, None, "error", 1),
    ("arabic-six", "SEC201", Report(headings={6: "6、 其他需要报告的事项"}), None, None, "error", 1),
    ("wrong-numeral", "SEC201", Report(headings={4: "三、政府信息公开行政复议、行政诉讼情况"}), None, None, "error", 1),
    ("no-number", "SEC201", Report(headings={1: "总体情况"}), None, None, "error", 1),
    ("dot-separator", "SEC201", Report(headings={5: "五．存在的主要问题及改进情况"}), None, None, "warning", 1),
    ("missing-section", "SEC201", Report(headings={4: None}), None, None, "error", 1),
    ("misordered", "SEC201", Report(order=[1, 2, 3, 4, 6, 5]), None, None, "error", 1),
    ("near-miss-5", "SEC202", Report(headings={5: "五、存在的问题及改进情况"}), None, None, "warning", 1),
    ("near-miss-6", "SEC202", Report(headings={6: "六、其他事项"}), None, None, "warning", 1),
    ("placeholder-1", "SEC203", Report(prose={1: ["（文字描述）"]}), None, None, "error", 1),
    # an unfilled template: one finding per unwritten section (issue 13), not one for the whole
    ("unfilled-template", "SEC203", Report(prose={1: ["（文字描述）"], 5: ["（文字描述）"], 6: []}, date="", signature=None),
     None, None, "error", 3),
    ("five-says-none", "SEC205", Report(prose={5: ["无。"]}), None, None, "error", 1),
    ("five-says-none-twice", "SEC205", Report(prose={5: ["暂无问题", "无"]}), None, None, "error", 1),
    ("six-none-but-fee-notice", "SEC205", Report(prose={6: ["无"]}, values=FEE_NOTICE), None, None, "error", 1),
    ("table-as-image", "TAB301", Report(tables={"T3": "image"}), None, None, "error", 1),
    ("all-tables-pictures", "TAB304", Report(tables={"T2": "image", "T3": "image", "T4": "image"}), None, None,
     "warning", 1),
    ("table-as-sentence", "TAB301", Report(tables={"T4": "text"}), None, None, "error", 1),
    ("table-at-end", "TAB301", Report(tables={"T4": "end"}), None, None, "warning", 1),
    ("row-missing", "TAB302", Report(drop_rows={"3.补正后申请内容仍不明确"}), None, None, "error", 1),
    ("row-missing-2019", "TAB302", Report(edition="2019", year=2020, drop_rows={"其他对外管理服务事项"}), None, None, "error", 1),
    ("caption-missing", "TAB302", Report(relabel={"第二十条第（一）项": ""}), None, None, "error", 1),
    ("column-reworded", "TAB302", Report(relabel={"本年制发件数": "本年制发数"}), None, None, "warning", 1),
    ("row-reworded", "TAB302", Report(relabel={"2.重复申请": "2.重复提出的申请"}), None, None, "warning", 1),
    ("markers", "TAB303", Report(relabel={x: x.replace(".", "、", 1) for x in OTHER_2021}), None, None, "warning", 1),
    ("text-in-count", "TAB401", Report(values={"T3.NEW.res": "无"}), None, None, "error", 1),
    ("negative-count", "TAB401", Report(values={"T4.REV.fix": "-1"}), None, None, "error", 1),
    ("blank-cells", "TAB401", Report(values={"T3.DENY2.res": "", "T3.DENY3.res": ""}), None, None, "warning", 1),
    ("blank-is-error", "TAB401", Report(values={"T3.DENY2.res": ""}), {"TAB401": {"blank": "error"}}, None, "error", 1),
    ("dash-cells", "TAB401", Report(values={"T2.PENALTY": "—"}), None, None, "warning", 1),
    ("wrong-fee-unit", "TAB401", Report(values={"T2.FEE_WAN": "125000元"}), None, None, "error", 1),
    ("empty-tables", "TAB401", Report(blank_all=True), None, None, "error", 3),
    ("one-wrong-cell", "SUM501", Report(values={"T3.NEW.np": "6"}), None, None, "error", 1),
    ("wrong-total", "SUM501", Report(values={"T4.REV.total": "3"}), None, None, "error", 1),
    ("blank-totals", "SUM501", Report(values={"T3.OPEN.tot": "", "T3.UNABLE1.tot": ""}), None, None, "error", 1),
    ("two-independent", "SUM501", Report(values={"T4.REV.total": "3", "T4.LIT_DIRECT.total": "5"}), None, None, "error", 2),
    ("stock", "SUM502", Report(values={"T2.REG.made": "3"}), None, None, "warning", 1),
    ("pub-2019", "SUM502", Report(edition="2019", year=2020, values={"T2.NORM.total_pub": "1"}), None, None, "warning", 1),
    ("no-date", "DAT601", Report(date=""), None, None, "error", 1),
    ("six-digit-year", "DAT602", Report(date="202320年1月15日"), None, None, "error", 1),
    ("day-35", "DAT602", Report(date="2023年1月35日"), None, None, "error", 1),
    ("chinese-numerals", "DAT602", Report(date="二〇二三年一月十五日"), None, None, "warning", 1),
    ("zero-padded", "DAT602", Report(date="2023年01月05日"), None, None, "warning", 1),
    ("date-in-report-year", "DAT603", Report(date="2022年12月30日"), None, None, "error", 1),
    ("late-department", "DAT604", Report(date="2023年2月5日"), None, None, "error", 1),
    ("late-government", "DAT604", Report(agency=GOV, signature=GOV, date="2023年4月2日"), None, None, "error", 1),
    ("local-deadline", "DAT604", Report(), {"DAT604": {"deadlines": {"department": "01-10"}}}, None, "error", 1),
    ("period-of-other-year", "DAT605", Report(period="本报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。"),
     None, None, "error", 1),
    ("period-typo", "DAT605", Report(period="本报告所列数据统计期限为2022年1月1日至202220年12月31日。"), None, None, "error", 1),
    ("no-signature", "SIG701", Report(signature=None), None, None, "error", 1),
    ("no-signature-no-date", "SIG701", Report(signature=None, date=""), None, None, "error", 1),
    ("other-agency", "SIG702", Report(signature="嘉兴市秀洲区财政局"), None, None, "error", 1),
    ("no-seal", "SIG703", Report(), {"SIG703": {"required": True}}, None, "error", 1),
]

PASSING = [
    ("clean-2021", "AR101", Report(), None, None),
    ("clean-2019", "AR101", Report(edition="2019", year=2020), None, None),
    ("cites-30", "AR102", Report(), None, None),
    ("title-year-first", "TTL101", Report(title="2022年嘉兴市秀洲区交通运输局政府信息公开工作年度报告"), None, None),
    ("title-two-lines", "TTL101", Report(title_lines=["嘉兴市秀洲区交通运输局", "2022年度政府信息公开工作年度报告"]), None, None),
    ("title-guanyu", "SIG702", Report(title="嘉兴市秀洲区交通运输局关于2022年度政府信息公开工作年度报告"), None, None),
    ("title-year-after", "TTL101", Report(title="嘉兴市秀洲区交通运输局政府信息公开工作年度报告（2022年度）"), None, None),
    ("typed-numbers", "SEC201", Report(), None, None),
    ("automatic-numbers", "SEC201", Report(auto_numbering=True), None, None),
    ("full-width-spaces", "SEC201", Report(headings={3: "三、 收到和处理政府信息公开申请情况"}), None, None),
    ("official-wording", "SEC202", Report(), None, None),
    ("six-says-none", "SEC203", Report(prose={6: ["无"]}), None, None),
    ("six-says-none-no-fee", "SEC205", Report(prose={6: ["无"]}), None, None),
    ("date-placeholder-is-doc001s", "DAT601", Report(date="××××年××月××日"), None, None),
    ("six-says-none-2019", "SEC205", Report(edition="2019", year=2020, prose={6: ["无"]}), None, None),
    ("five-names-problems", "SEC205", Report(prose={5: ["无问题意识不足的情况，但信息更新不够及时，已建立台账。"]}), None, None),
    ("real-tables", "TAB301", Report(), None, None),
    ("tables-checked", "TAB304", Report(), None, None),
    ("clean-layout-2019", "TAB302", Report(edition="2019", year=2020), None, None),
    ("folded-labels", "TAB302", Report(relabel={"商业企业": "商业\n企业", "1.属于国家秘密": "１．属于国家秘密",
                                              "本年增/减": "本年增／减"}, edition="2019", year=2020), None, None),
    ("dot-markers", "TAB303", Report(), None, None),
    ("numbers", "TAB401", Report(), None, None),
    ("blank-off", "TAB401", Report(values={"T3.DENY2.res": ""}), {"TAB401": {"blank": "off"}}, None),
    ("relations-hold", "SUM501", Report(), None, None),
    ("relations-hold-2019", "SUM501", Report(edition="2019", year=2020), None, None),
    ("plausible", "SUM502", Report(), None, None),
    ("date", "DAT601", Report(), None, None),
    ("date-on-signature-line", "DAT601", Report(date_same_line=True), None, None),
    ("arabic-date", "DAT602", Report(), None, None),
    ("next-year", "DAT603", Report(), None, None),
    ("on-time", "DAT604", Report(date="2023年1月31日"), None, None),
    ("government-march", "DAT604", Report(agency=GOV, signature=GOV, date="2023年3月20日"), None, None),
    ("period", "DAT605", Report(), None, None),
    ("period-short-end", "DAT605", Report(period="统计期限为2022年1月1日至12月31日。"), None, None),
    ("no-period", "DAT605", Report(period=""), None, None),
    ("signature", "SIG701", Report(), None, None),
    ("signature-and-date-one-line", "SIG701", Report(date_same_line=True), None, None),
    ("short-form", "SIG702", Report(signature="区交通运输局"), None, None),
    ("full-name", "SIG702", Report(signature="嘉兴市秀洲区交通运输局"), None, None),
    ("government-office", "SIG702", Report(agency=GOV, signature="嘉兴市秀洲区人民政府办公室", date="2023年3月1日"), None, None),
    ("seal-not-asked", "SIG703", Report(), None, None),
    ("seal-present", "SIG703", Report(seal=True), {"SIG703": {"required": True}}, None),
]

from ar_helpers import pack_codes

PACK_CODES = pack_codes()


@pytest.mark.parametrize("case", FAILING, ids=[f"{c[1]}-{c[0]}" for c in FAILING])
def test_failing_case(check_report, case):
    _, code, rep, options, profile, severity, count = case
    result = check_report(rep, profile=profile, options=options)
    found = [f for f in result.findings if f.code == code]
    assert len(found) == count, [(f.code, f.message.en) for f in result.findings]
    assert all(f.severity.value == severity for f in found), [(f.severity.value, f.message.en) for f in found]
    for f in found:
        assert f.message.zh and f.message.en and f.message.zh != f.message.en


@pytest.mark.parametrize("case", PASSING, ids=[f"{c[1]}-{c[0]}" for c in PASSING])
def test_passing_case(check_report, case):
    _, code, rep, options, profile = case
    result = check_report(rep, profile=profile, options=options)
    ar = [(f.code, f.severity.value, f.message.en) for f in result.findings if f.code in PACK_CODES]
    assert ar == [], ar


def test_every_rule_code_has_both_cases():
    from ar_helpers import pack_rules

    ALL_RULES = pack_rules()

    failing = {c[1] for c in FAILING}
    passing = {c[1] for c in PASSING}
    # generic rules whose data only another report type's profile sets have their whole-.docx
    # cases there (tests/rule_of_law: TTL102 needs data.opening, SEC204 must_mention)
    ALL_RULES = [r for r in ALL_RULES if r.code not in ("TTL102", "SEC204")]
    for rule in ALL_RULES:
        assert rule.code in failing, rule.code
        assert rule.code in passing, rule.code


def test_other_edition_is_one_finding_not_a_cascade(check_report):
    result = check_report(Report(table_edition="2019"))
    ar = [f for f in result.findings if f.code in PACK_CODES]
    assert [f.code for f in ar] == ["AR101"], [(f.code, f.message.en) for f in ar]
    assert "2019" in ar[0].actual and "2021" in ar[0].expected
    assert result.metadata["table_edition"] == "2019"


def test_tables_collected_at_the_end_are_found(check_report):
    result = check_report(Report(tables={"T2": "end", "T3": "end"}))
    ar = sorted((f.code, f.severity.value) for f in result.findings if f.code in PACK_CODES)
    assert ar == [("TAB301", "warning"), ("TAB301", "warning")], ar


def test_blanks_hiding_figures_are_one_finding(check_report):
    # four non-zero cells of the 自然人 column left blank: their relations fail together
    blanks = {f"T3.{k}.np": "" for k in ("NEW", "CARRY_IN", "OPEN", "UNABLE1")}
    result = check_report(Report(values=blanks))
    found = [f for f in result.findings if f.code == "SUM501"]
    assert len(found) == 1, [f.message.en for f in found]
    assert "all involve blank cells" in found[0].message.en
    assert "in column 自然人: 一、本年新收政府信息公开申请数量" in found[0].message.en
    assert "涉及的空白单元格：“自然人”列的一、本年新收政府信息公开申请数量" in found[0].message.zh


def test_mixed_editions_name_the_outdated_table_only(check_report):
    result = check_report(Report(table_editions={"T2": "2019"}, values={"T2.PROC.projects": "8"}))
    ar = [f for f in result.findings if f.code in PACK_CODES]
    assert [f.code for f in ar] == ["AR101"], [(f.code, f.message.en) for f in ar]
    assert "section 2" in ar[0].message.en and "section 3" not in ar[0].message.en
    assert ar[0].location.table == 1


def test_one_wrong_cell_names_the_cell_and_the_value(check_report):
    result = check_report(Report(values={"T3.NEW.np": "6"}))
    (f,) = [f for f in result.findings if f.code == "SUM501"]
    assert f.expected == "5" and f.actual == "6"
    assert f.location.row_label == "一、本年新收政府信息公开申请数量" and f.location.column_label == "自然人"
    # the cell by its labels and place, the two relations in words with the column / row they failed on
    assert f.message.en.startswith("一、本年新收政府信息公开申请数量 / 自然人 (table 3, row 4, col 4) holds 6")
    assert "column balance (1 + 2 = (7) total + 4) (column 自然人)" in f.message.en
    assert "row total equals the sum of the six applicant columns (row 一、本年新收政府信息公开申请数量)" in f.message.en
    assert "（“自然人”列）" in f.message.zh and "（“一、本年新收政府信息公开申请数量”行）" in f.message.zh


def test_violation_names_cells_expected_and_actual(check_report):
    result = check_report(Report(values={"T4.REV.total": "3"}))
    (f,) = [f for f in result.findings if f.code == "SUM501"]
    assert f.actual == "3" and f.expected.zh.endswith("= 2") and f.expected.en.endswith("= 2")
    assert "行政复议/结果维持 (1)" in f.message.en and "行政复议/结果维持（1）" in f.message.zh
    assert f.expected.zh.startswith("行政复议/总计 = 行政复议/结果维持＋") and f.location.column_label == "行政复议/总计"
    assert "＋" not in f.expected.en  # the tool's words in English (issue 16)


def test_blank_totals_listed_with_their_values(check_report):
    result = check_report(Report(values={"T3.OPEN.tot": "", "T3.UNABLE1.tot": ""}))
    (f,) = [f for f in result.findings if f.code == "SUM501"]
    assert "（一）予以公开 = 4" in f.message.en and "1.本机关不掌握相关政府信息 = 2" in f.message.en
    assert "（一）予以公开＝4" in f.message.zh and "1.本机关不掌握相关政府信息＝2" in f.message.zh


def test_missing_row_names_the_official_label(check_report):
    result = check_report(Report(drop_rows={"3.补正后申请内容仍不明确"}))
    (f,) = [f for f in result.findings if f.code == "TAB302"]
    assert f.expected == "3.补正后申请内容仍不明确"
    assert f.location.table == 2 and f.location.section == 3


def test_section_six_arabic_number_is_located(check_report):
    result = check_report(Report(headings={6: "6、 其他需要报告的事项"}))
    (f,) = [f for f in result.findings if f.code == "SEC201"]
    assert f.expected == "六、" and f.actual == "6、"
    assert f.location.paragraph is not None and f.location.section == 6


SPEC_NAMES = re.compile(r"T[234][.-][A-Z]|\[(?:np|biz|res|ngo|law|oth|tot|[A-Z_0-9]+)\]")


@pytest.mark.parametrize("values", [
    {"T3.NEW.np": "6"},  # one wrong cell
    {"T4.REV.total": "3"},  # one failed relation
    {"T3.OPEN.tot": "", "T3.UNABLE1.tot": ""},  # blank totals the relations fill
    {f"T3.{k}.np": "" for k in ("NEW", "CARRY_IN", "OPEN", "UNABLE1")},  # blanks hiding figures
])
def test_arithmetic_findings_speak_the_tables_words(check_report, values):
    # no spec cell names (T3.OPEN.tot) nor relation ids (T3-ROW[NEW]) in what a drafter reads
    found = [f for f in check_report(Report(values=values)).findings if f.code == "SUM501"]
    assert found
    for f in found:
        values = [shown_value(v, lang) or "" for v in (f.expected, f.actual) for lang in ("zh", "en")]
        for text in (f.message.zh, f.message.en, *values):
            assert not SPEC_NAMES.search(text), text
