"""checker.text: label keys and cell values that say what they found."""

from __future__ import annotations

from decimal import Decimal

import pytest

from checker.text import ValueKind, excerpt, label_key, parse_number, squash_spaces, to_halfwidth

I, D, B, DASH, T = ValueKind.INTEGER, ValueKind.DECIMAL, ValueKind.BLANK, ValueKind.DASH, ValueKind.TEXT


@pytest.mark.parametrize(
    "raw, kind, value, signed, unit, thousands",
    [
        ("12", I, Decimal(12), False, "", False),
        (" 12 ", I, Decimal(12), False, "", False),
        ("+1", I, Decimal(1), True, "", False),
        ("-3", I, Decimal(-3), True, "", False),
        ("1,234", I, Decimal(1234), False, "", True),
        ("12.5万元", D, Decimal("12.5"), False, "万元", False),
        ("101500元", I, Decimal(101500), False, "元", False),
        ("", B, None, False, "", False),
        ("   ", B, None, False, "", False),
        (None, B, None, False, "", False),
        ("—", DASH, None, False, "", False),
        ("-", DASH, None, False, "", False),
        ("/", DASH, None, False, "", False),
        ("——", DASH, None, False, "", False),
        ("无", T, None, False, "", False),
        ("１２", I, Decimal(12), False, "", False),
        ("－３", I, Decimal(-3), True, "", False),
        ("１，２３４", I, Decimal(1234), False, "", True),
        ("0", I, Decimal(0), False, "", False),
        ("3件", I, Decimal(3), False, "件", False),
        ("12 abc", T, None, False, "", False),  # an unknown unit is text, not a guess
        ("1,23", T, None, False, "", False),  # not a thousands separator
    ],
)
def test_parse_number(raw, kind, value, signed, unit, thousands):
    v = parse_number(raw)
    assert v.kind is kind
    assert v.value == value
    assert (v.signed, v.unit, v.thousands) == (signed, unit, thousands)
    assert v.raw == ("" if raw is None else raw)  # the text as read, untouched


def test_value_helpers():
    assert parse_number("12").as_int == 12 and parse_number("12").is_nonnegative_integer
    assert parse_number("-3").as_int == -3 and not parse_number("-3").is_nonnegative_integer
    assert parse_number("12.5").as_int is None and parse_number("12.5").is_number
    assert not parse_number("—").is_number and parse_number("—").as_int is None
    assert not parse_number("无").is_number


@pytest.mark.parametrize(
    "a, b",
    [
        ("商业\n企业", "商业企业"),
        ("商业 企业", "商业企业"),
        ("（一）总体情况", "(一)总体情况"),
        ("１．总体情况", "1.总体情况"),
        ("1、总体情况", "1.总体情况"),
        ("1)总体情况", "1.总体情况"),
        ("“依申请公开”", '"依申请公开"'),
        ("甲、乙", "甲，乙"),
        ("A—B", "A-B"),
        ("主动公开\u3000政府信息", "主动公开政府信息"),
    ],
)
def test_label_key_folds_what_a_person_would_call_the_same(a, b):
    assert label_key(a) == label_key(b)


@pytest.mark.parametrize("a, b", [("总体情况", "总体情况概述"), ("（一）", "（二）"), ("申请数", "答复数"), ("1", "11")])
def test_label_key_keeps_what_differs(a, b):
    assert label_key(a) != label_key(b)


def test_small_helpers():
    assert to_halfwidth("ＡＢ１２（）\u3000") == "AB12() "
    assert to_halfwidth("中文") == "中文"
    assert squash_spaces("  a \n\t b\u00a0c  ") == "a b c"
    assert excerpt("字" * 50, 10) == "字" * 9 + "…"
    assert excerpt("短", 10) == "短"
