"""Chinese numerals in prose: cnnum.parse_chinese_number against cn2an, its former reader.

cn2an is imported only here, as the oracle: the pack used
``cn2an.cn2an(s.replace("两", "二"), "strict")`` (``_old`` below) and the parser must
accept the same strings, to the same values, except for the two classes listed at
``_deliberate_difference``.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
from decimal import Decimal

import cn2an
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from checker.report.cnnum import parse_chinese_number
from checker.report.quantities import extract

ALPHABET = "零〇一二两三四五六七八九十百千万亿点"
SETTINGS = settings(deadline=None, derandomize=True, database=None, max_examples=300)
MANY = settings(SETTINGS, max_examples=1000)  # the comparisons with cn2an


def _old(s: str) -> Decimal | None:
    """What quantities._chinese returned when it called cn2an."""
    if s in ("万", "亿", "千", "百"):
        return None
    try:
        v = cn2an.cn2an(s.replace("两", "二"), "strict")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return Decimal(str(v))


def _deliberate_difference(s: str, old: Decimal, new: Decimal) -> bool:
    """The classes of strings where the parser's value knowingly differs from cn2an's.

    1. A bare 十 right after 亿 (一亿十万 = 100100000, 三亿十五万): cn2an's strict mode
       accepts the string but its converter adds a leading unit only at the very start,
       so it drops that 十 and reads 100000000 (always 100000 = 十万 short).
    2. A decimal with more than 15 significant digits (九千亿点五六九九四一): cn2an adds the
       integer and the fraction as floats and returns the float's rounding; ours is exact.
    Nothing else: accept/reject is the same for every string.
    """
    if "亿十" in s.replace("两", "二"):
        return old == new - 100000
    if "点" in s and len(new.as_tuple().digits) > 15:
        return abs(old - new) <= abs(new) * Decimal("1e-14")
    return False


def _assert_agrees(s: str) -> None:
    old, new = _old(s), parse_chinese_number(s)
    assert (old is None) == (new is None), (s, old, new)  # the same strings accepted
    if new is not None and not (new == old and new.as_tuple() == old.as_tuple()):
        assert _deliberate_difference(s, old, new), (s, old, new)


# --- examples ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, value",
    [
        ("零", "0"), ("一", "1"), ("两", "2"), ("十", "10"), ("十五", "15"), ("一十五", "15"),
        ("二十五", "25"), ("两百", "200"), ("一百零八", "108"), ("一百一十", "110"),
        ("三千零五十", "3050"), ("三千五百", "3500"), ("一千零十", "1010"), ("两千", "2000"),
        ("两万三千", "23000"), ("十万零三", "100003"), ("一万零一百", "10100"), ("一万零百", "10100"), ("十万零一十", "100010"),
        ("一亿零五百万", "105000000"), ("一亿零一千万", "110000000"), ("一亿一千万", "110000000"),
        ("一亿零一千", "100001000"), ("十五万亿", "15000000000000"), ("九千万亿", "9000000000000000"),
        ("三点五", "3.5"), ("零点五", "0.5"), ("零点一二三四五六七八九一二三四五六七", "0.1234567891234567"), ("两点两", "2.2"), ("一百点零五", "100.05"),
        ("三亿十万", "300100000"),  # cn2an read 300000000: see _deliberate_difference
    ],
)
def test_values(text, value):
    v = parse_chinese_number(text)
    assert v == Decimal(value) and str(v) == value


@pytest.mark.parametrize(
    "text",
    [
        "", "万", "亿", "千", "百", "点",  # a bare multiplier is a word (万一, 千万)
        "二〇二〇", "〇", "一一", "一零", "零零", "零五",  # digit strings, doubled digits
        "一百一", "一百十", "一百零十", "十十", "五万万", "百五",  # colloquial or malformed
        "一万零一千", "一万十", "一亿二千",  # strict wants 一万一千 / 一万零一十 / 一亿零二千
        "三点五零", "三点零", "点五", "三点", "三点五点五", "三点十", "三点〇五", "零点" + "零" * 16 + "一",  # decimals
    ],
)
def test_refused(text):
    assert parse_chinese_number(text) is None
    assert _old(text) is None


@pytest.mark.parametrize(
    "text, value, unit, approximate",
    [
        ("今年共受理二十五件政府信息公开申请。", "25", "件", False),
        ("主动公开规范性文件一百零八条。", "108", "条", False),
        ("门户网站访问量两千余次，", "2000", "次", True),
        ("办结率达到百分之九十九点五。", "99.5", "%", False),
        ("新增政策解读十五篇，", "15", "篇", False),
        ("举办政府开放日活动三场。", "3", "场", False),
        ("共收到申请一千零十件。", "1010", "件", False),
        ("涉及资金一亿零五百万元。", "105000000", "元", False),
    ],
)
def test_report_prose(text, value, unit, approximate):
    (q,) = extract(text)
    assert (q.value, q.unit, q.approximate, q.chinese) == (Decimal(value), unit, approximate, True)


@pytest.mark.parametrize("text", ["二〇二四年", "唯一一个窗口", "万一出现问题", "进一步规范"])
def test_words_and_years_are_not_quantities(text):
    assert extract(text) == []


def test_reading_prose_does_not_import_cn2an():
    code = (
        "import sys\n"
        "from checker.report.quantities import extract\n"
        "assert extract('共受理二十五件，办结率百分之九十九点五')\n"
        "assert 'cn2an' not in sys.modules, 'cn2an imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- agreement with cn2an ----------------------------------------------------------------

def test_every_string_up_to_three_characters_agrees_with_cn2an():
    n = 0
    for k in (1, 2, 3):
        for chars in itertools.product(ALPHABET, repeat=k):
            _assert_agrees("".join(chars))
            n += 1
    assert n == 18 + 18**2 + 18**3


@MANY
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=12))
def test_random_strings_agree_with_cn2an(s):
    _assert_agrees(s)


def _mutate(s: str, data) -> str:
    """``s`` with one character inserted, deleted or replaced: strings near the grammar."""
    i = data.draw(st.integers(0, len(s)))
    c = data.draw(st.sampled_from(ALPHABET))
    op = data.draw(st.sampled_from(["insert", "delete", "replace"]))
    if op == "insert":
        return s[:i] + c + s[i:]
    if op == "delete":
        return s[:i] + s[i + 1:]
    return s[:i] + c + s[i + 1:]


@MANY
@given(n=st.integers(0, 10**16 - 1), data=st.data())
def test_near_misses_of_numerals_agree_with_cn2an(n, data):
    _assert_agrees(_mutate(cn2an.an2cn(n), data))


# --- round trip: numbers written by cn2an.an2cn ------------------------------------------

def _an2cn_refused_by_strict(n: int) -> bool:
    # an2cn writes 亿 + 0000 + a thousands group without the 零 (一亿二千 for 100002000),
    # which strict mode refuses, and so does the parser (test_refused)
    return n >= 10**8 and (n // 10**4) % 10**4 == 0 and n % 10**4 >= 1000


def _variants(text: str) -> list[str]:
    out = [text]
    if text.startswith("十"):
        out.append("一" + text)  # an2cn drops the leading 一 of 一十; prose has both
    if "二" in text:
        out.append("".join("两" if c == "二" and nxt in "百千万亿" else c
                           for c, nxt in zip(text, text[1:] + " ")))  # 两千, 两万
    return out


@SETTINGS
@given(st.one_of(st.integers(0, 10**5), st.integers(0, 10**16 - 1)))
def test_integers_written_by_an2cn_read_back(n):
    for text in _variants(cn2an.an2cn(n)):
        expected = None if _an2cn_refused_by_strict(n) else Decimal(n)
        assert parse_chinese_number(text) == expected, text


@SETTINGS
@given(whole=st.integers(0, 10**12), places=st.integers(1, 3), data=st.data())
def test_decimals_written_by_an2cn_read_back(whole, places, data):
    fraction = data.draw(st.integers(1, 10**places - 1))
    assume(fraction % 10)  # strict refuses a written trailing 零 (三点五零)
    assume(not _an2cn_refused_by_strict(whole))
    number = f"{whole}.{fraction:0{places}d}"
    for text in _variants(cn2an.an2cn(number)):
        assert parse_chinese_number(text) == Decimal(number), text
        assert str(parse_chinese_number(text)) == number


def test_to_chinese_is_the_inverse_of_the_parser():
    """Section numerals are written by one function, the parser's inverse (a 7th section is 七)."""
    from checker.report.cnnum import parse_chinese_number, to_chinese

    assert [to_chinese(n) for n in (1, 6, 7, 10, 11, 20, 21, 100, 105, 1010)] == [
        "一", "六", "七", "十", "十一", "二十", "二十一", "一百", "一百零五", "一千零一十"]
    for n in range(0, 10000):
        assert parse_chinese_number(to_chinese(n)) == n, n
