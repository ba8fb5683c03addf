"""Text normalisation and cell-value parsing shared by every rule.

Publishers type the same label in many harmless ways: full-width digits and
parentheses, a line break inside a header cell (``商业\\n企业``), ``、`` for ``，``,
curly or straight quotes, ``1.`` or ``1、``. Rules compare labels through
:func:`label_key`, which folds all of those, and read numbers through
:func:`parse_number`, which says what it found instead of guessing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum

_SPACE_RE = re.compile(r"[\s\u00a0\u3000\u200b\u2002\u2003\u2009\ufeff]+")

# Characters NFKC leaves alone but that publishers use interchangeably.
_FOLD = str.maketrans(
    {
        "“": '"', "”": '"', "„": '"', "「": '"', "」": '"', "『": '"', "』": '"',
        "‘": "'", "’": "'",
        "、": ",", "，": ",", "﹐": ",", "､": ",",
        "。": ".", "．": ".", "｡": ".",
        "／": "/", "∕": "/",
        "—": "-", "–": "-", "－": "-", "‐": "-", "‒": "-", "―": "-", "─": "-",
        "〔": "[", "〕": "]", "［": "[", "］": "]", "【": "[", "】": "]",
        "（": "(", "）": ")",
        "：": ":", "；": ";",
    }
)


def to_halfwidth(text: str) -> str:
    """Full-width ASCII forms (digits, letters, punctuation) to half-width.

    NFKC also does this, but it rewrites other characters too; this only maps the
    U+FF01..U+FF5E block and the ideographic space, which is all we want for values.
    """
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            out.append(chr(code - 0xFEE0))
        elif code == 0x3000:
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def squash_spaces(text: str) -> str:
    """Collapse runs of any whitespace (incl. line breaks and NBSP) to one space and strip."""
    return _SPACE_RE.sub(" ", text).strip()


def remove_spaces(text: str) -> str:
    """Drop all whitespace. Chinese labels never need it (``商业 企业`` = ``商业企业``)."""
    return _SPACE_RE.sub("", text)


def label_key(text: str) -> str:
    """A comparison key for labels and headings.

    Folds width (NFKC), whitespace, quote styles, list separators (``、``/``，``/``,``),
    the ``1.``/``1、`` item marker, slashes and dashes. Two labels a person would call
    the same get the same key.
    """
    s = unicodedata.normalize("NFKC", text)
    s = s.translate(_FOLD)
    s = remove_spaces(s)
    # item markers: "1." "1," "1)" -> "1." ; "(1)" stays
    s = re.sub(r"^(\d+)[.,)]", r"\1.", s)
    return s


def normalise_visible(text: str) -> str:
    """Display-preserving clean-up for excerpts: squash whitespace, keep characters."""
    return squash_spaces(text)


def excerpt(text: str, limit: int = 40) -> str:
    s = squash_spaces(text)
    return s if len(s) <= limit else s[: limit - 1] + "…"


class ValueKind(str, Enum):
    INTEGER = "integer"
    DECIMAL = "decimal"
    BLANK = "blank"
    DASH = "dash"
    TEXT = "text"


@dataclass(frozen=True)
class CellValue:
    """What a cell holds, as found.

    ``kind`` says what was recognised; ``value`` is the number for INTEGER and
    DECIMAL (a Decimal, so money keeps its digits); ``signed`` is true when an
    explicit ``+`` or ``-`` was written; ``unit`` is the unit text found after the
    number (``元``, ``万元``, ``件`` ...), ``raw`` the cell text as read.
    """

    kind: ValueKind
    raw: str
    value: Decimal | None = None
    signed: bool = False
    unit: str = ""
    thousands: bool = False

    @property
    def is_number(self) -> bool:
        return self.kind in (ValueKind.INTEGER, ValueKind.DECIMAL)

    @property
    def as_int(self) -> int | None:
        if self.kind is ValueKind.INTEGER and self.value is not None:
            return int(self.value)
        return None

    @property
    def is_nonnegative_integer(self) -> bool:
        return self.kind is ValueKind.INTEGER and self.value is not None and self.value >= 0


_DASHES = {"-", "--", "---", "/", "\\", "~", "——", "—", "–", "－", "／", "—", "·", "…", "...", "x", "X", "×"}
_NUMBER_RE = re.compile(
    r"""^(?P<sign>[+\-±])?\s*
        (?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)
        \s*(?P<unit>[^\d\s].*)?$""",
    re.VERBOSE,
)
_KNOWN_UNITS = ("万元", "亿元", "元", "件", "条", "个", "次", "篇", "项", "人", "万", "%", "‰")


def parse_number(raw: str | None) -> CellValue:
    """Parse a table cell the way a careful reader would, reporting what was there.

    >>> parse_number(" 12 ").as_int
    12
    >>> parse_number("+1").signed, parse_number("+1").as_int
    (True, 1)
    >>> parse_number("101500元").unit
    '元'
    >>> parse_number("—").kind.value
    'dash'
    >>> parse_number("无").kind.value
    'text'
    """
    text = "" if raw is None else raw
    s = squash_spaces(to_halfwidth(text))
    if not s:
        return CellValue(ValueKind.BLANK, text)
    if s in _DASHES or re.fullmatch(r"[-—–/\\─－]+", s):
        return CellValue(ValueKind.DASH, text)
    s2 = s.replace("−", "-").replace("﹢", "+")
    m = _NUMBER_RE.match(s2)
    if m:
        unit = (m.group("unit") or "").strip()
        if unit and not any(unit == u for u in _KNOWN_UNITS):
            return CellValue(ValueKind.TEXT, text)
        num = m.group("num")
        thousands = "," in num
        try:
            value = Decimal(num.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - regex guarantees digits
            return CellValue(ValueKind.TEXT, text)
        sign = m.group("sign")
        if sign == "-":
            value = -value
        kind = ValueKind.DECIMAL if "." in num else ValueKind.INTEGER
        return CellValue(kind, text, value, signed=sign in ("+", "-", "±"), unit=unit, thousands=thousands)
    return CellValue(ValueKind.TEXT, text)


# --- text the tool shows ------------------------------------------------------------

#: Characters that must never reach a terminal or a report as they are: C0 controls
#: (tab and newline are kept where a text may span lines), DEL and C1 controls (ESC
#: starts terminal escape sequences; C1 0x9b is CSI on some terminals), the line and
#: paragraph separators, the bidi embeddings, overrides and isolates (they reorder
#: what a reader sees: "Trojan source"), lone surrogates (a file name that is not
#: valid UTF-8, ``w:sym w:char="D800"``: they cannot be encoded at all) and the
#: non-characters U+FFFE / U+FFFF.
_UNSAFE_MULTILINE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
_UNSAFE_ONE_LINE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)


def _escape(match: "re.Match[str]") -> str:
    return f"\\u{ord(match.group()):04x}"


def printable(text: str, *, multiline: bool = True) -> str:
    """``text`` safe to show in a terminal or a report: every character of
    :data:`_UNSAFE_MULTILINE` written as a visible ``\\uXXXX`` escape.

    Why escape and not strip: a reader should see that something was there (a file
    name with a control character is a different file from one without). Tab and
    newline are kept when ``multiline`` (a message or a cell may span lines); a name,
    a label or an agency passes ``multiline=False`` so it stays on one line.
    Text with nothing to escape is returned as it is (the common case costs one scan).
    """
    pattern = _UNSAFE_MULTILINE if multiline else _UNSAFE_ONE_LINE
    return pattern.sub(_escape, text) if pattern.search(text) else text
