"""Small text helpers of the annual-report pack: heading numbers, Chinese numerals, dates.

Nothing here knows the report's facts (those are in the profile data); these are the
reading skills the rules share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from checker.text import remove_spaces, squash_spaces, to_halfwidth

class LazyPattern:
    """A regular expression compiled on first use, not when the module is imported.

    Stands in for the compiled pattern: ``match``, ``search``, ``finditer``, ``sub``,
    ``pattern``... are those of ``re.compile(pattern, flags)``.
    """

    __slots__ = ("_pattern", "_flags", "_compiled")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._pattern = pattern
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        rx = self._compiled
        if rx is None:
            rx = self._compiled = re.compile(self._pattern, self._flags)
        return rx

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled(), name)


CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "o": 0, "一": 1, "二": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def parse_cn_int(s: str) -> int | None:
    """A Chinese numeral (十五, 二十一, 二〇二一 digit by digit) or Arabic digits -> int."""
    s = to_halfwidth(remove_spaces(s))
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if "十" in s:
        left, _, right = s.partition("十")
        if len(left) > 1 or len(right) > 1:
            return None
        tens = CN_DIGITS.get(left, None) if left else 1
        ones = CN_DIGITS.get(right, None) if right else 0
        if tens is None or ones is None:
            return None
        return tens * 10 + ones
    if all(ch in CN_DIGITS for ch in s):
        return int("".join(str(CN_DIGITS[ch]) for ch in s))
    return None


# --- headings -------------------------------------------------------------------

_HEADING_RE = LazyPattern(
    r"^(?P<num>[一二三四五六七八九十]{1,3}|[0-9０-９]{1,2})\s*(?P<sep>[、.．,，:：)）]|\s)?\s*(?P<body>.*)$"
)
_SUB_HEADING_RE = LazyPattern(r"^[（(][一二三四五六七八九十0-9０-９]+[）)]")
_TRAILING_PUNCT = "。：:；;，,.、 "


@dataclass(frozen=True, eq=False, repr=False)
class HeadingText:
    """A paragraph read as a level-1 heading: its number, separator and body."""

    raw: str
    number: int | None  # value of the number as written (六 -> 6, 6 -> 6)
    numeral: str  # the number as written
    arabic: bool  # written with Arabic digits
    sep: str
    body: str

    @property
    def prefix(self) -> str:
        return f"{self.numeral}{self.sep}".strip()


def read_heading(text: str) -> HeadingText | None:
    """Split ``六、其他需要报告的事项`` into number, separator and body.

    Returns a HeadingText without a number when the paragraph is not numbered, and
    ``None`` for level-2 headings such as ``（一）主动公开``.
    """
    s = squash_spaces(text)
    if not s or _SUB_HEADING_RE.match(s):
        return None
    m = _HEADING_RE.match(s)
    if m and (m.group("sep") or _looks_like_title_start(m.group("body"))):
        numeral = m.group("num")
        arabic = to_halfwidth(numeral).isdigit()
        number = parse_cn_int(numeral)
        # "一是…" / "十分…" are prose, not numbers: a Chinese numeral needs a separator
        if not arabic and not m.group("sep"):
            return HeadingText(s, None, "", False, "", s.rstrip(_TRAILING_PUNCT))
        return HeadingText(s, number, numeral, arabic, (m.group("sep") or "").strip() or " ",
                           m.group("body").strip().rstrip(_TRAILING_PUNCT))
    return HeadingText(s, None, "", False, "", s.rstrip(_TRAILING_PUNCT))


def _looks_like_title_start(body: str) -> bool:
    return bool(body) and not body[0].isdigit()


# --- dates ----------------------------------------------------------------------

_NUM = r"[0-9０-９〇零○Ｏ一二三四五六七八九十]"
DATE_RE = LazyPattern(
    rf"(?P<y>{_NUM}{{1,8}})\s*年\s*(?P<m>{_NUM}{{1,3}})\s*月\s*(?P<d>{_NUM}{{1,4}})\s*日"
)
DATE_DIGITS_RE = LazyPattern(r"(?<!\d)(?P<y>\d{4})\s*[-./／]\s*(?P<m>\d{1,2})\s*[-./／]\s*(?P<d>\d{1,2})(?!\d)")


@dataclass(eq=False, repr=False)
class WrittenDate:
    """A date as written, with what is wrong with its form."""

    raw: str
    year: int | None
    month: int | None
    day: int | None
    chinese_numerals: bool = False
    zero_padded: bool = False
    numeric_form: bool = False  # 2021-01-15 / 2021.1.15 instead of 年月日
    errors: list[tuple[str, str]] = field(default_factory=list)  # (zh, en)

    @property
    def valid(self) -> bool:
        return not self.errors and self.year is not None

    def as_date(self) -> date | None:
        if not self.valid:
            return None
        try:
            return date(self.year, self.month, self.day)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None


def _is_arabic(s: str) -> bool:
    return to_halfwidth(remove_spaces(s)).isdigit()


def parse_written_date(m: re.Match[str], numeric_form: bool = False) -> WrittenDate:
    ys, ms, ds = m.group("y"), m.group("m"), m.group("d")
    chinese = not (_is_arabic(ys) and _is_arabic(ms) and _is_arabic(ds))
    y, mo, d = parse_cn_int(ys), parse_cn_int(ms), parse_cn_int(ds)
    wd = WrittenDate(squash_spaces(m.group(0)), y, mo, d, chinese_numerals=chinese, numeric_form=numeric_form)
    if y is None or not (1000 <= y <= 9999) or (len(remove_spaces(ys)) != 4):
        wd.errors.append((f"年份“{remove_spaces(ys)}”不是四位数", f"the year '{remove_spaces(ys)}' is not four digits"))
    if mo is None or not 1 <= mo <= 12:
        wd.errors.append((f"月份“{remove_spaces(ms)}”不存在", f"there is no month '{remove_spaces(ms)}'"))
    if d is None or not 1 <= d <= 31:
        wd.errors.append((f"日期“{remove_spaces(ds)}日”不存在", f"there is no day '{remove_spaces(ds)}'"))
    elif not wd.errors:
        try:
            date(y, mo, d)  # type: ignore[arg-type]
        except ValueError:
            wd.errors.append((f"{mo}月没有{d}日", f"month {mo} has no day {d}"))
    if not chinese:
        wd.zero_padded = any(to_halfwidth(remove_spaces(x)).startswith("0") for x in (ms, ds))
    return wd


def find_dates(text: str) -> list[WrittenDate]:
    s = text
    out = [parse_written_date(m) for m in DATE_RE.finditer(s)]
    if not out:
        out = [parse_written_date(m, numeric_form=True) for m in DATE_DIGITS_RE.finditer(to_halfwidth(s))]
    return out
