"""Automatic numbering: definitions from ``numbering.xml``, counters, rendered labels.

Word draws the label of a numbered paragraph from its list level (``w:lvlText``
such as ``%1、`` or ``（%1）``, ``w:numFmt``, ``w:start``), the counters kept while
reading the document in order, and the level's suffix. Choices made here:

* Counters are kept per abstract definition, so two ``w:num`` sharing one
  ``w:abstractNum`` continue each other, except a ``w:num`` that carries a
  ``w:startOverride``: it gets counters of its own (that is how Word restarts a list).
* A level restarts when a higher level (smaller ``ilvl``) is used, unless
  ``w:lvlRestart`` says otherwise (0 = never; *n* = only after level *n* or higher).
* A level without ``w:lvlText`` (or an undefined level) shows no label, and so
  does a ``w:lvlText`` naming a deeper level than its own, as in Word.
* The suffix: ``space`` adds one space to the label; ``tab`` and ``nothing`` add
  nothing, so a heading reads ``一、总体情况`` as a person reads it.
* ``chineseCounting`` and ``chineseCountingThousand`` both render 10–19 as
  十, 十一 … (what Word shows in Chinese headings; the spec leaves room for 一十),
  20 as 二十, 100 as 一百, 101 as 一百零一. ``chineseLegalSimplified`` keeps the
  leading 壹 (10 → 壹拾), as in financial writing.

Bounds (a few kilobytes of ``numbering.xml`` must not build gigabytes): counters and
``w:start``/``w:startOverride`` are clamped to ±32767, Word's own cap, so a letter
label (``upperLetter`` repeats the letter n/26 times) is at most 1,261 characters;
a rendered label is cut at ``Limits.max_label_chars`` while it is built, however
many placeholders its ``w:lvlText`` repeats.
"""

from __future__ import annotations

import re

from . import ns
from .package import DEFAULT_LIMITS
from .styles import StyleSheet

_PLACEHOLDER = re.compile(r"%([1-9])")
MAX_LEVELS = 9
#: Word caps list counters (and ``w:start``) at 32767.
MAX_COUNTER = 32767


def _counter(value: int) -> int:
    """A counter or start value within Word's range."""
    return -MAX_COUNTER if value < -MAX_COUNTER else MAX_COUNTER if value > MAX_COUNTER else value


# Plain slotted classes, not dataclasses: internal values, and a dataclass costs ~1 ms
# of start-up each (its methods are generated and compiled at import).


class Level:
    """One list level (``w:lvl``) as written; the defaults are Word's."""

    __slots__ = ("start", "fmt", "text", "restart", "is_lgl", "suff", "pstyle", "deepest")

    def __init__(self) -> None:
        self.start = 1
        self.fmt = "decimal"
        self.text: str | None = None
        self.deepest = 0  # the deepest level a %n of ``text`` names (0: none)
        self.restart: int | None = None
        self.is_lgl = False
        self.suff = "tab"
        self.pstyle: str | None = None


class _Num:
    """One ``w:num``: its abstract definition and the level overrides it adds."""

    __slots__ = ("abstract_id", "start_overrides", "level_overrides")

    def __init__(self, abstract_id: str):
        self.abstract_id = abstract_id
        self.start_overrides: dict[int, int] = {}
        self.level_overrides: dict[int, Level] = {}


_START, _NUM_FMT, _LVL_TEXT, _LVL_RESTART, _IS_LGL, _SUFF = (
    ns.w("start"), ns.w("numFmt"), ns.w("lvlText"), ns.w("lvlRestart"), ns.w("isLgl"), ns.w("suff"),
)


def _read_level(el, max_template: int) -> Level:
    """One ``w:lvl``; ``w:lvlText`` is kept up to ``max_template`` characters (its label is
    cut at a quarter of that anyway), so rendering a label costs a bounded amount."""
    lvl = Level()
    for child in el.getchildren():
        tag = child.tag
        if tag == _START:
            lvl.start = _counter(ns.int_val(child, 1) or 0)
        elif tag == _NUM_FMT:
            lvl.fmt = child.get(ns.W_VAL) or "decimal"
        elif tag == _LVL_TEXT:
            text = (child.get(ns.W_VAL) or "")[:max_template]
            lvl.text = text
            lvl.deepest = max((int(n) for n in _PLACEHOLDER.findall(text)), default=0)
        elif tag == _LVL_RESTART:
            lvl.restart = ns.int_val(child)
        elif tag == _IS_LGL:
            lvl.is_lgl = ns.on_off(child)
        elif tag == _SUFF:
            lvl.suff = child.get(ns.W_VAL) or "tab"
        elif tag == ns.P_STYLE:
            lvl.pstyle = child.get(ns.W_VAL)
    return lvl


class Numbering:
    """Numbering definitions of one document plus the running counters."""

    def __init__(self, root=None, styles: StyleSheet | None = None, max_label_chars: int = DEFAULT_LIMITS.max_label_chars):
        self._styles = styles or StyleSheet()
        self._max_label = max_label_chars
        template = 4 * max_label_chars
        self._abstract: dict[str, dict[int, Level]] = {}
        self._style_link: dict[str, str] = {}  # abstractNumId -> numStyleLink style id
        self._nums: dict[str, _Num] = {}
        self._counters: dict[tuple, list[int | None]] = {}
        self._resolved: dict[str, tuple[str, dict[int, Level]] | None] = {}
        if root is None:
            return
        for el in root.iterchildren(ns.w("abstractNum")):
            aid = el.get(ns.w("abstractNumId"))
            if aid is None:
                continue
            levels: dict[int, Level] = {}
            for lvl_el in el.iterchildren(ns.w("lvl")):
                try:
                    ilvl = int(lvl_el.get(ns.w("ilvl"), "0"))
                except ValueError:
                    continue
                if 0 <= ilvl < MAX_LEVELS:
                    levels[ilvl] = _read_level(lvl_el, template)
            link = el.find(ns.w("numStyleLink"))
            if link is not None and link.get(ns.W_VAL):
                self._style_link[aid] = link.get(ns.W_VAL)
            self._abstract.setdefault(aid, levels)
        for el in root.iterchildren(ns.w("num")):
            nid = el.get(ns.w("numId"))
            an = el.find(ns.w("abstractNumId"))
            if nid is None or an is None:
                continue
            num = _Num(an.get(ns.W_VAL) or "")
            for ov in el.iterchildren(ns.w("lvlOverride")):
                try:
                    ilvl = int(ov.get(ns.w("ilvl"), "0"))
                except ValueError:
                    continue
                so = ov.find(ns.w("startOverride"))
                if so is not None:
                    num.start_overrides[ilvl] = _counter(ns.int_val(so, 0) or 0)
                lvl_el = ov.find(ns.w("lvl"))
                if lvl_el is not None:
                    num.level_overrides[ilvl] = _read_level(lvl_el, template)
            self._nums.setdefault(nid, num)

    def __bool__(self) -> bool:
        return bool(self._nums)

    def _abstract_for(self, num_id: str) -> tuple[str, dict[int, Level]] | None:
        """The abstract definition behind a num, following ``numStyleLink``."""
        num = self._nums.get(num_id)
        if num is None:
            return None
        aid = num.abstract_id
        for _ in range(4):  # numStyleLink -> style -> num -> abstract with the levels
            link = self._style_link.get(aid)
            if link is None:
                break
            linked = self._styles.paragraph(link).num_id
            if not linked or linked not in self._nums:
                break
            aid = self._nums[linked].abstract_id
        levels = self._abstract.get(aid)
        if levels is None:
            return None
        return aid, levels

    def level_of_style(self, num_id: str, style_id: str) -> int:
        """The level whose ``w:pStyle`` names this style (0 when none does)."""
        found = self._abstract_for(num_id)
        if found is not None:
            for ilvl, lvl in found[1].items():
                if lvl.pstyle == style_id:
                    return ilvl
        return 0

    def next_label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the counters for one numbered paragraph and return its label.

        Returns None when the numbering is undefined (unknown ``numId``).
        """
        num = self._nums.get(num_id)
        if num is None:
            return None
        found = self._abstract_for(num_id)
        if found is None:
            return None
        aid, abstract_levels = found
        ilvl = min(max(ilvl, 0), MAX_LEVELS - 1)

        def level(i: int) -> Level:
            return num.level_overrides.get(i) or abstract_levels.get(i) or Level()

        def start(i: int) -> int:
            if i in num.start_overrides:
                return num.start_overrides[i]
            return level(i).start

        key = ("num", num_id) if num.start_overrides else ("abstract", aid)
        counters = self._counters.get(key)
        if counters is None:
            counters = self._counters[key] = [None] * MAX_LEVELS
        counters[ilvl] = start(ilvl) if counters[ilvl] is None else min(counters[ilvl] + 1, MAX_COUNTER)
        for k in range(ilvl + 1, MAX_LEVELS):
            restart = level(k).restart
            if restart is None or restart - 1 >= k:
                restart = k  # default: restart after any higher level
            if restart != 0 and ilvl < restart:
                counters[k] = None

        this = level(ilvl)
        if this.fmt == "none":
            text = _PLACEHOLDER.sub("", this.text) if this.text else ""
        elif this.fmt == "bullet":
            text = this.text or ""
        elif not this.text or this.deepest > ilvl + 1:
            # no lvlText: nothing to show; a %n deeper than this level: Word ignores
            # the whole lvlText ([MS-OI29500] 2.1.283)
            text = ""
        else:
            text = self._render(this, level, start, counters)
        if len(text) > self._max_label:
            text = text[: self._max_label - 1] + "…"
        if this.suff == "space" and text:
            text += " "
        return text

    def _render(self, this: Level, level, start, counters: list) -> str:
        """Fill ``this.text``'s placeholders, stopping once the label is longer than the cap
        (a ``w:lvlText`` of 30,000 ``%1`` must not be expanded for every paragraph)."""
        cap = self._max_label
        pieces: list[str] = []
        size = 0
        pos = 0
        template = this.text or ""
        for m in _PLACEHOLDER.finditer(template):
            if size > cap:
                break
            literal = template[pos : m.start()]
            i = int(m.group(1)) - 1
            value = counters[i] if counters[i] is not None else start(i)
            fmt = level(i).fmt
            if this.is_lgl and fmt != "none":
                fmt = "decimal"
            number = "" if fmt == "none" else format_number(value, fmt)
            pieces.append(literal)
            pieces.append(number)
            size += len(literal) + len(number)
            pos = m.end()
        else:
            pieces.append(template[pos:])
        text = "".join(pieces)
        return text if len(text) <= cap + 1 else text[: cap + 1]


# --------------------------------------------------------------------- formats

_ZH_DIGITS = "〇一二三四五六七八九"
_ZH_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def _zh_group(n: int, digits: str, units: str, zero: str, elide_ten: bool) -> str:
    """0 < n < 10000 in Chinese reading (units = 十百千 or 拾佰仟)."""
    out = []
    pending_zero = False
    places = [(n // 1000 % 10, units[2]), (n // 100 % 10, units[1]), (n // 10 % 10, units[0]), (n % 10, "")]
    started = False
    for d, unit in places:
        if d == 0:
            if started:
                pending_zero = True
            continue
        if pending_zero:
            out.append(zero)
            pending_zero = False
        if elide_ten and unit == units[0] and d == 1 and not started:
            out.append(unit)
        else:
            out.append(digits[d] + unit)
        started = True
    return "".join(out)


def chinese_number(n: int, legal: bool = False) -> str:
    """Chinese reading of a non-negative integer: 10 十, 11 十一, 20 二十, 101 一百零一."""
    if n == 0:
        return "零" if legal else "〇"
    digits = _ZH_LEGAL_DIGITS if legal else _ZH_DIGITS
    units = "拾佰仟" if legal else "十百千"
    zero = "零"
    parts = []
    big = ["", "万", "亿", "万亿"]
    groups = []
    while n > 0:
        groups.append(n % 10000)
        n //= 10000
    if len(groups) > len(big):
        return str(sum(g * 10000**i for i, g in enumerate(groups)))
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            if parts and parts[-1] != zero:
                parts.append(zero)
            continue
        if parts and g < 1000 and parts[-1] != zero:
            parts.append(zero)
        first = not parts
        parts.append(_zh_group(g, digits, units, zero, elide_ten=first and not legal) + big[i])
    s = "".join(parts)
    return s.rstrip(zero) or s


def _letters(n: int, upper: bool) -> str:
    if n <= 0:
        return str(n)
    base = ord("A" if upper else "a")
    return chr(base + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = []
    for v, r in _ROMAN:
        while n >= v:
            out.append(r)
            n -= v
    return "".join(out)


def format_number(n: int, fmt: str) -> str:
    """Render counter ``n`` in OOXML number format ``fmt`` (unknown formats: decimal)."""
    if fmt in ("decimal", "ordinal", "cardinalText", "ordinalText"):
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}" if 0 <= n < 10 else str(n)
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate(str.maketrans("0123456789-", "０１２３４５６７８９－"))
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "decimalEnclosedParen":
        return chr(0x2474 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "decimalEnclosedFullstop":
        return chr(0x2488 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand"):
        return chinese_number(n) if n >= 0 else str(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return chinese_number(n, legal=True) if n >= 0 else str(n)
    if fmt == "ideographDigital" or fmt == "taiwaneseDigital":
        return "".join(_ZH_DIGITS[int(d)] for d in str(n)) if n >= 0 else str(n)
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10] if n >= 1 else str(n)
    if fmt in ("ideographZodiac", "ideographZodiacTraditional"):
        return _DIZHI[(n - 1) % 12] if n >= 1 else str(n)
    if fmt == "upperLetter":
        return _letters(n, True)
    if fmt == "lowerLetter":
        return _letters(n, False)
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "none":
        return ""
    return str(n)
