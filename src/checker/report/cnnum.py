"""Chinese numerals in prose (``二十五``, ``一百零八``, ``两千``, ``三点五``), read exactly.

Why not cn2an: importing it costs ≈ 300 ms of CPU (``python -X importtime``: 303 ms, of
which 212 ms in its ``__init__`` building the An2Cn/Transform tables and 90 ms in the
``proces`` masks), paid by every single-file check whose prose holds a Chinese numeral —
more than the whole cold-start budget. The pack used one call of it,
``cn2an.cn2an(s.replace("两", "二"), "strict")``; this module reads the same strings to
the same values with a few small functions and no tables to build. cn2an stays the
oracle of the tests (``tests/annual_report/test_cnnum.py``).

What is accepted is cn2an's "strict" grammar, transcribed rule for rule (numbers below
10^16; ``d`` is one of 一…九, ``两`` reads as ``二`` everywhere, as before):

- below 100: ``d``, ``十``, ``d十``, ``十d``, ``d十d``;
- 百: ``d百`` then nothing, ``零d`` or ``d十[d]`` (一百零八, 一百一十; not 一百一, 一百十);
- 千: ``d千`` then nothing, ``零`` + below 100, or a 百 number (三千零五十, 三千五百);
- 万: (below 10^4)``万`` then nothing, ``零`` + below 1000, or a 千 number (十万零三,
  两万三千; not 一万零一千, 一万十);
- 亿: (below 10^8)``亿`` then nothing, ``零`` + below 10^8, or a 万 number (一亿零五百万,
  三亿十万; not 一亿二千);
- ``零`` alone; ``零百`` reads as ``零一百`` (一万零百 = 10100);
- a decimal: such an integer, ``点``, 1–16 digits of 零…九 ending in 1…9 (三点五, 零点零五;
  not 三点五零, 点五, 三点).

Refused, as by cn2an: bare units (万, 亿, 百, 千), digit strings (二〇二〇, 一一, 〇 is never
a digit here), anything outside these forms. Two deliberate differences, both in the value
of a string cn2an accepts too: a bare 十 right after 亿 counts (一亿十万 = 100100000;
cn2an's converter dropped that 十 and read 100000000), and a decimal is exact (cn2an
added the integer and the fraction as floats, so one with more than 15 significant
digits, such as 九千万亿点一, came back rounded).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

__all__ = ["parse_chinese_number"]

_NONZERO = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_FRACTION_DIGITS = {"零": "0", **{c: str(v) for c, v in _NONZERO.items()}}

_Reader = Callable[[str], "int | None"]


def _digit(s: str) -> int | None:
    """1 … 9."""
    return _NONZERO.get(s) if len(s) == 1 else None


def _tens(s: str, one_required: bool = False) -> int | None:
    """10 … 99: ``[d]十[d]``; ``one_required`` refuses a bare leading 十 (after 百)."""
    i = s.find("十")
    if i < 0:
        return None
    head = _digit(s[:i]) if i else (None if one_required else 1)
    tail = _digit(s[i + 1:]) if i + 1 < len(s) else 0
    return None if head is None or tail is None else head * 10 + tail


def _after_hundred(s: str) -> int | None:
    return _tens(s, one_required=True)


def _below_100(s: str) -> int | None:
    return _tens(s) if "十" in s else _digit(s)


def _unit(s: str, unit: str, size: int, head: _Reader, after_zero: _Reader, after: _Reader) -> int | None:
    """``head`` ``unit`` then nothing, ``零`` + ``after_zero``, or ``after``.

    The head of each unit holds no such unit (a 万 number's head is below 10^4), so the
    unit is its first occurrence.
    """
    i = s.find(unit)
    if i <= 0:
        return None
    h = head(s[:i])
    if h is None:
        return None
    rest = s[i + 1:]
    if not rest:
        return h * size
    t = after_zero(rest[1:]) if rest[0] == "零" else after(rest)
    return None if t is None else h * size + t


def _hundreds(s: str) -> int | None:
    return _unit(s, "百", 100, _digit, _digit, _after_hundred)


def _below_1000(s: str) -> int | None:
    return _hundreds(s) if "百" in s else _below_100(s)


def _thousands(s: str) -> int | None:
    return _unit(s, "千", 1000, _digit, _below_100, _hundreds)


def _below_10k(s: str) -> int | None:
    return _thousands(s) if "千" in s else _below_1000(s)


def _ten_thousands(s: str) -> int | None:
    return _unit(s, "万", 10_000, _below_10k, _below_1000, _thousands)


def _below_100m(s: str) -> int | None:
    return _ten_thousands(s) if "万" in s else _below_10k(s)


def _hundred_millions(s: str) -> int | None:
    return _unit(s, "亿", 100_000_000, _below_100m, _below_100m, _ten_thousands)


def _integer(s: str) -> int | None:
    if s == "零":
        return 0
    return _hundred_millions(s) if "亿" in s else _below_100m(s)


def parse_chinese_number(text: str) -> Decimal | None:
    """The value of a Chinese numeral (``二十五`` → 25, ``两千`` → 2000, ``三点五`` → 3.5), or None.

    Accepts what ``cn2an.cn2an(text.replace("两", "二"), "strict")`` accepts, to the same
    value (exact where cn2an rounded through floats); see the module docstring.
    """
    s = text.replace("两", "二").replace("零百", "零一百")  # 一万零百 = 一万零一百, as in cn2an
    whole, point, fraction = s.partition("点")
    value = _integer(whole)
    if value is None:
        return None
    if not point:
        return Decimal(value)
    if not 1 <= len(fraction) <= 16 or fraction[-1] not in _NONZERO:
        return None
    digits = [_FRACTION_DIGITS.get(c) for c in fraction]
    if None in digits:  # another 点, a unit or 〇 after the point
        return None
    return Decimal(f"{value}.{''.join(digits)}")  # type: ignore[arg-type]


_DIGITS = "零一二三四五六七八九"


def to_chinese(n: int) -> str:
    """The Chinese numeral of ``0 <= n < 10000`` as headings write it: 一, 十, 十一, 二十, 一百零五.

    The inverse of :func:`parse_chinese_number` on that range (a test checks both ways),
    so section numbers of any profile (a seventh section is 七) are written one way.
    """
    if not 0 <= n < 10000:
        raise ValueError(f"no heading numeral for {n}")
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n - 10] if n > 10 else "")
    out, zero = "", False
    for size, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, size)
        if d:
            out += ("零" if zero and out else "") + _DIGITS[d] + unit
            zero = False
        elif out:
            zero = True
    return out
