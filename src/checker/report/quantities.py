"""Quantities stated in prose: ``共收到申请1件``, ``二十五条``, ``1.2万条``, ``100余条``, ``33.9%``.

:func:`extract` finds every number that carries a unit (件, 条, 个, 次, 篇, 项, 万元, 元,
%, …) in a text and returns :class:`Quantity` values with their character span, the
sentence, segment (between ``；``) and clause (between ``，`` and parentheses) they belong
to. A number without a unit (a year, a date, a phone number, ``一是``) is not a quantity.

Chinese numerals (``二十五``, ``一百零八``, ``两``) are read by :mod:`.cnnum` (cn2an's strict
forms, without its 0.3 s import); Arabic and full-width digits, thousands separators and the
``万``/``亿`` multipliers (``1.2万条`` = 12000 条; ``96171.6万元`` stays 96171.6 in 万元)
are read here. Quantities written as approximations (``100余条``, ``近200件``, ``约``,
``以上``, ``数十个``) carry ``approximate=True`` and a rule never reports them as wrong.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from checker.text import to_halfwidth

from .textutil import LazyPattern

__all__ = ["Quantity", "Span", "extract", "sentences", "UNITS"]

#: Units recognised after a number, longest first so that 万元 wins over 万 and 人次 over 人.
UNITS: tuple[str, ...] = (
    "万元", "亿元", "人次", "件次", "%", "‰", "件", "条", "个", "次", "篇", "项", "元", "起", "宗", "期", "场",
    "份", "家", "批", "人", "名", "部", "册",
)

_CN_CHARS = "零〇一二两三四五六七八九十百千万亿"
_ARABIC = r"[0-9０-９]+(?:[,，][0-9０-９]{3})*(?:[.．][0-9０-９]+)?"
_ARABIC_RE = LazyPattern(_ARABIC)
_CHINESE = rf"[{_CN_CHARS}]+"
_UNIT_RE = "|".join(re.escape(u) for u in UNITS)
_SUFFIX_APPROX = ("余", "多", "来")
_AFTER_APPROX = ("以上", "左右", "上下")
_PREFIX_APPROX = ("将近", "接近", "大约", "约", "近", "逾", "超过", "超", "多达", "不到", "不足", "不少于", "至少", "上千", "上万", "上百")
_PREFIX_APPROX_CN = ("数", "几")  # 数十个, 几百条: only before a Chinese numeral
# one regex: optional "百分之" form, or number [multiplier] [approx] unit
_QTY_RE = LazyPattern(
    rf"""
    (?P<pct_cn>百分之(?P<pct_num>{_ARABIC}|{_CHINESE}(?:点[{_CN_CHARS}]+)?))
    |
    (?P<num>{_ARABIC}|{_CHINESE})
    (?P<mult>[万亿](?!元))?
    (?P<approx>[余多来])?
    \s?
    (?P<unit>{_UNIT_RE}|％)
    """,
    re.VERBOSE,
)
# characters that, just before a number, make it part of a word or an ordinal
_ORDINAL_BEFORE = ("第", "初", "周")
_SENTENCE_END = "。！？!?\n"
_SEGMENT_END = "；;"
_CLAUSE_END = "，,（）()"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Quantity:
    """A number with its unit as stated in a text.

    ``start``/``end`` span the number and unit (and an inner ``余``) in the source text;
    ``value`` is in ``unit`` (``1.2万条`` → 12000 条; ``33.9%`` → 33.9 %).
    """

    value: Decimal
    unit: str
    text: str
    start: int
    end: int
    approximate: bool = False
    chinese: bool = False
    decimals: int = 0  # digits after the decimal point as written (for rounding tolerance)
    sentence: Span | None = None
    segment: Span | None = None
    clause: Span | None = None

    @property
    def is_percent(self) -> bool:
        return self.unit in ("%", "‰")

    @property
    def as_int(self) -> int | None:
        return int(self.value) if self.value == self.value.to_integral_value() else None


def _is_break(text: str, i: int, ends: str) -> bool:
    ch = text[i]
    if ch not in ends:
        return False
    if ch in ",，" and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
        return False  # a thousands separator (3,119)
    return True


_BREAKS: dict[tuple[str, str], list[int]] = {}


def _breaks(text: str, ends: str) -> list[int]:
    """The positions ``i`` where ``_is_break(text, i, ends)``, found once per text."""
    key = (text, ends)
    br = _BREAKS.get(key)
    if br is None:
        if len(_BREAKS) >= 512:
            _BREAKS.clear()
        br = _BREAKS[key] = [i for i in _positions(text, ends) if _is_break(text, i, ends)]
    return br


def _positions(text: str, chars: str) -> list[int]:
    """Where any of ``chars`` occurs in ``text``, in order (``str.find`` per character:
    a few calls in C instead of a Python step per character of the text)."""
    out: list[int] = []
    for ch in set(chars):
        i = text.find(ch)
        while i >= 0:
            out.append(i)
            i = text.find(ch, i + 1)
    out.sort()
    return out


def _span(text: str, pos: int, ends: str) -> Span:
    # the text between the breaks around pos, by binary search in the breaks of the text
    # instead of walking to them from every number (tests/annual_report/test_quantity_spans.py)
    br = _breaks(text, ends)
    j = bisect_left(br, pos)
    b = br[j] if j < len(br) else len(text)
    a = br[j - 1] + 1 if j > 0 else 0
    return Span(a, b, text[a:b])


def sentences(text: str) -> list[Span]:
    """The sentences of ``text`` (ending at 。！？ or a line break), with their spans."""
    out, start = [], 0
    for i in _positions(text, _SENTENCE_END):
        if text[start:i + 1].strip():
            out.append(Span(start, i + 1, text[start:i + 1]))
        start = i + 1
    if text[start:].strip():
        out.append(Span(start, len(text), text[start:]))
    return out


def _arabic(s: str) -> tuple[Decimal, int] | None:
    s = to_halfwidth(s).replace("，", ",").replace("．", ".").replace(",", "")
    try:
        value = Decimal(s)
    except InvalidOperation:
        return None
    decimals = len(s.split(".", 1)[1]) if "." in s else 0
    return value, decimals


def _chinese(s: str) -> Decimal | None:
    # the forms cn2an's strict mode reads, 两 as 二; None for a bare multiplier (万一, 千万),
    # a digit string (二〇二〇) or doubled digits (唯一一个 -> 一一)
    from .cnnum import parse_chinese_number  # a few small functions, nothing built at import

    return parse_chinese_number(s)


def _approx_before(text: str, start: int, chinese: bool) -> bool:
    head = text[max(0, start - 4):start]
    if chinese and head.endswith(_PREFIX_APPROX_CN):
        return True
    return head.endswith(_PREFIX_APPROX)


def _approx_after(text: str, end: int) -> bool:
    return text[end:end + 2].startswith(_AFTER_APPROX)


def extract(text: str) -> list[Quantity]:
    """Every quantity (number + unit) stated in ``text``, in order."""
    out: list[Quantity] = []
    for m in _QTY_RE.finditer(text):
        start, end = m.start(), m.end()
        before = text[start - 1] if start > 0 else ""
        if m.group("pct_cn"):
            raw = m.group("pct_num")
            arabic = _ARABIC_RE.fullmatch(raw) is not None
            parsed = _arabic(raw) if arabic else None
            if parsed is None:
                v = _chinese(raw)
                if v is None:
                    continue
                parsed = (v, len(raw.split("点", 1)[1]) if "点" in raw else 0)
            value, decimals = parsed
            unit, chinese = "%", not arabic
        else:
            num = m.group("num")
            if before in _ORDINAL_BEFORE:
                continue
            # a digit run glued to a Latin letter or another digit is a code (H5, 12345热线)
            if before and (before.isascii() and before.isalnum()):
                continue
            chinese = _ARABIC_RE.fullmatch(num) is None
            if chinese:
                # a Chinese numeral inside a word: 一是, 统一, 唯一 ... need a unit right after,
                # which the regex ensured; still skip a lone 一 glued to a preceding CJK word
                # char that makes an idiom (进一步 has no unit; 一网通办 neither)
                v = _chinese(num)
                if v is None:
                    continue
                value, decimals = v, 0
            else:
                parsed = _arabic(num)
                if parsed is None:
                    continue
                value, decimals = parsed
            mult = m.group("mult")
            if mult == "万":
                value *= 10000
            elif mult == "亿":
                value *= 100000000
            unit = m.group("unit")
            if unit == "％":
                unit = "%"
        approximate = bool(m.group("approx")) if not m.group("pct_cn") else False
        approximate = approximate or _approx_before(text, start, chinese) or _approx_after(text, end)
        out.append(
            Quantity(
                value=value,
                unit=unit,
                text=text[start:end],
                start=start,
                end=end,
                approximate=approximate,
                chinese=chinese,
                decimals=decimals,
                sentence=_span(text, start, _SENTENCE_END),
                segment=_span(text, start, _SENTENCE_END + _SEGMENT_END),
                clause=_span(text, start, _SENTENCE_END + _SEGMENT_END + _CLAUSE_END),
            )
        )
    return out
