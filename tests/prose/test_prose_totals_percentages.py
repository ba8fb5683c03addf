"""AR802 (a stated total against its listed parts) and AR803 (stated percentages)."""

from __future__ import annotations

import pytest
from builders import Report
from prose_helpers import prose_findings, summary


def with_prose(*paragraphs: str, **kw) -> Report:
    return Report(prose={1: list(paragraphs)}, **kw)


# --- AR802: a total and the sub-section listing its parts (the seed's shape) -----------

SEED_TOTAL = "2020年，共主动公开信息187条，依申请公开1条，另外通过微信公众号发布信息100余条。"
SEED_PARTS = ("（一）主动公开情况。按照“公开为常态、不公开为例外”的原则，主动公开政府信息。2020年公布工作动态30条，"
              "重大行政决策文件及解读6条，预决算公开及三公信息3条，计划总结报告4条，交通相关建设信息及办事指南24条，"
              "公示公告29条，质量信息55条，注销撤销24条，机构设置及职能{last}条。")


def test_seed_total_equals_its_parts(check):
    res = check(with_prose(SEED_TOTAL, SEED_PARTS.format(last=12)))
    assert prose_findings(res) == []


def test_seed_total_with_parts_that_do_not_sum(check):
    res = check(with_prose(SEED_TOTAL, SEED_PARTS.format(last=13)))
    assert summary(res) == [("AR802", "warning", "188", "187")]
    f = prose_findings(res)[0]
    assert "主动公开情况" in f.message.zh and "187条" in f.message.en and "13条" in f.message.en


def test_parts_in_a_paragraph_after_a_heading_paragraph(check):
    res = check(with_prose("全年共主动公开信息18条。", "（一）主动公开情况", "公布工作动态10条，公示公告5条，机构设置4条。"))
    assert summary(res) == [("AR802", "warning", "19", "18")]
    ok = check(with_prose("全年共主动公开信息19条。", "（一）主动公开情况", "公布工作动态10条，公示公告5条，机构设置4条。"))
    assert prose_findings(ok) == []


def test_a_subsection_on_another_topic_is_not_a_list_of_parts(check):
    res = check(with_prose("全年共主动公开信息18条。", "（一）平台建设情况。新建专栏3个，更新信息10条，发布公告2条。"))
    assert prose_findings(res) == []


def test_a_few_examples_are_not_the_whole(check):
    # parts covering under half of the total: the sub-section gives examples
    res = check(with_prose("全年共主动公开信息1200条。", "（一）主动公开情况。公布工作动态300条，政策解读20条，公示公告50条。"))
    assert prose_findings(res) == []
    # two parts are not a list
    res = check(with_prose("全年共主动公开信息18条。", "（一）主动公开情况。公布工作动态10条，公示公告5条。"))
    assert prose_findings(res) == []


def test_approximate_parts_are_not_summed(check):
    res = check(with_prose("全年共主动公开信息18条。", "（一）主动公开情况。公布工作动态10余条，公示公告5条，机构设置4条。"))
    assert prose_findings(res) == []


# --- AR802: "X件，其中a件，b件" in one sentence -------------------------------------------


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("本年度行政复议2件，其中结果维持1件，尚未审结1件。", []),
        ("本年度共收到政府信息公开申请6件，其中自然人申请5件，法人或其他组织申请1件。", []),
        # parts exceed the total: an error
        ("本年度行政复议2件，其中结果维持2件，尚未审结1件。", [("AR802", "error", "3", "2")]),
        # parts short of the total: a 其中 list may name only some categories
        ("本年度共收到政府信息公开申请6件，其中自然人申请3件，法人或其他组织申请1件。", []),
        ("发布政策解读15篇，其中图文解读5篇，视频解读2篇。", []),
        # parentheses around the list
        ("共收到政府信息公开申请6件（其中网上申请5件，信函申请2件）。", [("AR802", "error", "7", "6")]),
        ("共收到政府信息公开申请6件（其中网上申请4件，信函申请2件）。", []),
        # the list stops at the semicolon: the second group is a total of its own
        ("行政复议2件，其中结果维持1件，尚未审结1件；行政诉讼1件，其中结果维持1件，结果纠正0件。", []),
        # a single part is not a list
        ("共收到政府信息公开申请6件，其中自然人申请5件。", []),
    ],
)
def test_qizhong_lists(check, sentence, expected):
    assert summary(check(with_prose(sentence))) == expected


# --- AR803 ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("共收到政府信息公开申请6件，其中予以公开4件，占66.7%。", []),  # rounded
        ("共收到政府信息公开申请6件，其中予以公开4件，占66.6%。", []),  # truncated
        ("共收到政府信息公开申请6件，其中予以公开4件，占比67%。", []),
        ("共收到政府信息公开申请6件，其中予以公开4件，占60%。", [("AR803", "error", "66.7%", "60%")]),
        ("共收到政府信息公开申请6件，其中予以公开4件，占66.7%，无法提供2件，占40%。", [("AR803", "error", "33.3%", "40%")]),
        # no explicit base in the sentence: not checked
        ("予以公开4件，占50%。", []),
        ("政务服务好评数占评价总数99.58%。", []),
    ],
)
def test_percentages(check, sentence, expected):
    assert summary(check(with_prose(sentence))) == expected
