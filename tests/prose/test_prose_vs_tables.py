"""AR801: figures in the prose against the tables, on whole .docx reports.

The default report of ``builders.Report`` (2021 format) has table 三 NEW 6, CARRY_IN 1,
OPEN 4, UNABLE1 2, TOTAL 6, CARRY_OUT 1 (总计 column); table 四 REV keep 1 pending 1
total 2, LIT_DIRECT keep 1 total 1, LIT_AFTER 0; table 二 NORM made 2 repealed 1 valid 10.
"""

from __future__ import annotations

import re

import pytest
from builders import Report
from prose_helpers import prose_findings, summary


def with_prose(*paragraphs: str, **kw) -> Report:
    return Report(prose={1: list(paragraphs)}, **kw)


CONSISTENT = [
    # every figure agrees with the tables, or is phrased so that it cannot be compared
    "本年度共收到政府信息公开申请6件，上年结转1件，办结6件，结转下年度继续办理1件。",
    "全年共受理政府信息公开申请7件（含上年结转申请1件）。",  # 受理 = new + carried over
    "共收到政府信息公开申请7件（含上年结转1件）。",  # 收到, counting the carried-over ones
    "共受理政府信息公开申请6件。",  # 受理 = new only: also fine
    "予以公开4件，无法提供2件，不予公开0件，不予处理0件，其他处理0件。",
    "予以公开及部分公开4件。",
    "答复申请6件（另有1件顺延至下年度办理）。",
    "被申请行政复议2件，行政诉讼1件。",
    "政府信息公开行政复议2件，其中结果维持1件，尚未审结1件。",
    "收到政府信息公开申请近10件。",  # approximate: never compared
    "全年制发政策性文件11件，部门规范性文件5件。",  # other categories than 行政规范性文件
    "本年度制发行政规范性文件2件。",
    "通过微信公众号发布信息100余条，开展培训3次。",
    # phrases next to a keyword that are not the figure of the table
    "因政府信息公开被申请行政复议2件、提起行政诉讼1件。",
    "行政复议被纠错0件，召开行政复议听证会3次。",
    "无行政复议被纠错的情况。",
    "全年未发生泄密事件，行政复议案件办理规范。",
    "收到申请数量较上年增加2件。",
    "无法提供的申请均已书面告知理由。",
    # other usual phrasings
    "2022年，共收到政府信息公开申请六件，同比减少2件，均已按时办结。",
    "全年办理政府信息公开申请6件，按时办结率100%。",
    "收到依申请公开请求6件，按时办结6件。",
    "上年度结转的1件申请已于本年度办结。",
    "对1件申请作出无法提供的答复，并告知申请人理由。",
    "组织政务公开培训2次，培训人员120人次。",
    "发布政策解读材料15篇，其中图文解读5篇，视频解读2篇。",
    "全年无因政府信息公开引发的行政复议被纠错案件。",
]


def test_consistent_prose_gives_no_finding(check):
    res = check(with_prose(*CONSISTENT))
    assert prose_findings(res) == []


@pytest.mark.parametrize(
    "sentence, expected, actual, severity, cells",
    [
        ("本年度共收到政府信息公开申请9件。", "6", "9", "error", ["一、本年新收政府信息公开申请数量"]),
        ("本年度共收到政府信息公开申请九件。", "6", "9", "error", ["一、本年新收政府信息公开申请数量"]),
        ("收到依申请公开请求８件。", "6", "8", "error", ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量"]),
        ("上年结转申请3件。", "1", "3", "error", ["二、上年结转政府信息公开申请数量"]),
        ("办结5件。", "6", "5", "error", ["（七）总计"]),
        ("结转下年度继续办理2件。", "1", "2", "error", ["四、结转下年度继续办理"]),
        ("另有2件申请顺延至下年度办理。", "1", "2", "error", ["四、结转下年度继续办理"]),
        ("予以公开5件。", "4", "5", "error", ["（一）予以公开"]),
        ("予以公开及部分公开3件。", "4", "3", "error", ["（一）予以公开", "（二）部分公开"]),
        ("部分公开2件。", "0", "2", "error", ["（二）部分公开"]),
        ("不予公开1件。", "0", "1", "error", ["1.属于国家秘密"]),
        ("因本机关不掌握等原因无法提供3件。", "2", "3", "error", ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"]),
        ("不予处理1件。", "0", "1", "error", ["1.信访举报投诉类申请"]),
        ("其他处理1件。", "0", "1", "warning", ["1.申请人无正当理由逾期不补正"]),
        ("答复申请5件。", "6", "5", "warning", ["（七）总计"]),
        ("共受理政府信息公开申请10件。", "6", "10", "warning", ["一、本年新收政府信息公开申请数量"]),
        ("被申请行政复议3件。", "2", "3", "error", ["行政复议/总计"]),
        ("行政诉讼3件。", "1", "3", "error", ["未经复议直接起诉/总计", "复议后起诉/总计"]),
        ("未经复议直接起诉的行政诉讼2件。", "1", "2", "error", ["未经复议直接起诉/总计"]),
        ("本年度制发行政规范性文件3件。", "2", "3", "warning", ["本年制发件数"]),
    ],
)
def test_each_binding_reports_its_contradiction(check, sentence, expected, actual, severity, cells):
    res = check(with_prose(sentence))
    assert summary(res) == [("AR801", severity, expected, actual)]
    f = prose_findings(res)[0]
    for label in cells:  # the cells by their labels in the table, never by spec names (T3.NEW.tot)
        assert label in f.message.zh and label in f.message.en
    assert not re.search(r"T[234]\.", f.message.zh + f.message.en)
    assert f.location.paragraph is not None and f.location.section == 1
    assert sentence.rstrip("。")[:10] in f.message.zh


def test_accepted_names_both_readings(check):
    res = check(with_prose("共受理政府信息公开申请10件。"))
    f = prose_findings(res)[0]
    assert "一、本年新收政府信息公开申请数量＋二、上年结转政府信息公开申请数量（“总计”列）＝7" in f.message.zh
    assert "7" in f.message.en


@pytest.mark.parametrize(
    "sentence, expected, cells",
    [
        ("本年度未收到政府信息公开申请。", "6", ["一、本年新收政府信息公开申请数量"]),
        ("本年度未发生政府信息公开行政复议。", "2", ["行政复议/总计"]),
        ("本年度未发生行政诉讼案件。", "1", ["未经复议直接起诉/总计"]),
    ],
)
def test_zero_statements(check, sentence, expected, cells):
    res = check(with_prose(sentence))
    assert summary(res) == [("AR801", "error", expected, "0")]
    for label in cells:
        assert label in prose_findings(res)[0].message.en and label in prose_findings(res)[0].message.zh


def test_zero_statements_that_hold(check):
    zeros = {f"T4.{g}.{k}": "0" for g in ("REV", "LIT_DIRECT", "LIT_AFTER")
             for k in ("keep", "fix", "other", "pending", "total")}
    res = check(with_prose("本年度未发生政府信息公开行政复议、行政诉讼。", values=zeros))
    assert prose_findings(res) == []


def test_all_upheld_claim(check):
    res = check(with_prose("行政复议2件，行政诉讼1件，均获维持。"))
    assert summary(res) == [("AR801", "error", "1", "2")]  # 1 of the 2 reviews is pending
    f = prose_findings(res)[0]
    assert "1 upheld (行政复议/结果维持; table 4, row 4, col 1)" in f.message.en
    assert "结果维持1件（行政复议/结果维持，表四第4行第1列）" in f.message.zh
    held = {"T4.REV.keep": "2", "T4.REV.pending": "0"}
    assert prose_findings(check(with_prose("行政复议2件，行政诉讼1件，均获维持。", values=held))) == []


def test_blank_total_reads_as_the_row_sum(check):
    # 总计 left blank (the table rules report the blank): the prose matches the row's parts
    rep = with_prose("予以公开4件。", values={"T3.OPEN.tot": ""})
    assert prose_findings(check(rep)) == []
    rep = with_prose("予以公开5件。", values={"T3.OPEN.tot": ""})
    res = check(rep)
    assert summary(res) == [("AR801", "error", "4", "5")]
    assert "空白" in prose_findings(res)[0].message.zh


def test_2019_edition_cells(check):
    rep = Report(edition="2019", year=2020, prose={1: ["本年度制发规范性文件2件，其他处理1件。"]})
    assert summary(check(rep)) == [("AR801", "warning", "0", "1")]  # T3.OTHER.tot (single row in 2019)


def test_a_figure_binds_to_the_phrase_next_to_it(check):
    # "收到…申请6件，办结5件": 5 belongs to 办结 (not to 收到), and is wrong
    res = check(with_prose("共收到依申请公开请求6件，办结5件。"))
    assert summary(res) == [("AR801", "error", "6", "5")]
    assert "（七）总计 / 总计 (table 3, row 27, col 10)" in prose_findings(res)[0].message.en
