"""Quantities stated in prose: numerals, units, spans, approximations."""

from __future__ import annotations

from decimal import Decimal

import pytest

from checker.report.quantities import extract, sentences


def one(text: str):
    qs = extract(text)
    assert len(qs) == 1, [q.text for q in qs]
    return qs[0]


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("共收到申请25件", 25, "件"),
        ("共收到申请二十五件", 25, "件"),
        ("一百零八条", 108, "条"),
        ("两条微信", 2, "条"),
        ("十一个区", 11, "个"),
        ("三千一百一十九件", 3119, "件"),
        ("全年收到１２件", 12, "件"),  # full-width digits
        ("共计3,119件", 3119, "件"),  # thousands separator
        ("发布信息1.2万条", 12000, "条"),  # 万 as a multiplier
        ("收取96171.6万元", Decimal("96171.6"), "万元"),  # 万元 is the unit, not a multiplier
        ("收取信息处理费3940元", 3940, "元"),
        ("占33.9%", Decimal("33.9"), "%"),
        ("占50％", 50, "%"),
        ("百分之三十", 30, "%"),
        ("百分之十二点五", Decimal("12.5"), "%"),
        ("行政复议7起", 7, "起"),
        ("开展学习24次", 24, "次"),
        ("制作政策解读21篇", 21, "篇"),
        ("接入2261项事项", 2261, "项"),
    ],
)
def test_value_and_unit(text, value, unit):
    q = one(text)
    assert q.value == Decimal(value)
    assert q.unit == unit
    assert q.approximate is False


def test_span_points_at_the_number_and_unit():
    text = "2020年，共收到依申请公开请求1件，办结1件。"
    qs = extract(text)
    assert [text[q.start:q.end] for q in qs] == ["1件", "1件"]
    assert qs[0].clause.text == "共收到依申请公开请求1件"
    assert qs[1].clause.text == "办结1件"
    assert qs[0].sentence.text == text.rstrip("。")


def test_chinese_flag_and_decimals():
    assert one("二十五件").chinese is True
    assert one("25件").chinese is False
    assert one("占4.34%").decimals == 2


@pytest.mark.parametrize(
    "text",
    ["发布信息100余条", "近200件", "约300件", "超过50件", "100件以上", "50件左右", "数十个", "十多个", "5500余条",
     "逾80件"],
)
def test_approximate(text):
    q = one(text)
    assert q.approximate is True


@pytest.mark.parametrize(
    "text",
    [
        "2020年1月15日",  # dates: no unit
        "国令第711号",
        "电话0517-83605210",
        "一是加强学习，二是完善制度",
        "第一次会议",  # an ordinal
        "唯一一个",  # doubled digit is not a numeral
        "H5作品",
        "12345热线",
        "进一步完善",
        "零败诉",
    ],
)
def test_not_quantities(text):
    assert extract(text) == []


def test_full_width_percent_and_parenthesis_clause():
    text = "答复3050件（含上年度结转申请34件，另有103件顺延到下年度答复）"
    qs = extract(text)
    assert [int(q.value) for q in qs] == [3050, 34, 103]
    assert qs[0].clause.text == "答复3050件"
    assert qs[1].clause.text == "含上年度结转申请34件"
    assert qs[2].clause.text == "另有103件顺延到下年度答复"


def test_segments_split_at_semicolons():
    text = "行政复议351件，其中结果维持72件；行政诉讼46件。"
    qs = extract(text)
    assert qs[0].segment.text == qs[1].segment.text == "行政复议351件，其中结果维持72件"
    assert qs[2].segment.text == "行政诉讼46件"


def test_sentences():
    spans = sentences("第一句。第二句！第三句")
    assert [s.text for s in spans] == ["第一句。", "第二句！", "第三句"]


def test_chinese_approximate_hundred():
    q = one("另外发布信息一百余条")
    assert (q.value, q.unit, q.approximate, q.chinese) == (Decimal(100), "条", True, True)


def test_multiplier_with_approximation():
    q = one("发布信息1.2万余条")
    assert (q.value, q.unit, q.approximate) == (Decimal(12000), "条", True)


# properties: any integer written in Arabic digits or as a Chinese numeral reads back

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

UNIT = st.sampled_from(["件", "条", "个", "次", "篇", "项", "元"])


@given(n=st.integers(min_value=0, max_value=10**8), unit=UNIT)
def test_arabic_integers_read_back(n, unit):
    q = one(f"全年共办理{n}{unit}，")
    assert (q.value, q.unit, q.approximate) == (Decimal(n), unit, False)


@given(n=st.integers(min_value=1, max_value=10**6), unit=UNIT)
def test_chinese_numerals_read_back(n, unit):
    import cn2an

    text = cn2an.an2cn(n)  # e.g. 三千一百一十九, 一万零五
    q = one(f"全年共办理{text}{unit}，")
    assert (q.value, q.unit, q.chinese) == (Decimal(n), unit, True)
