"""Text from the input made safe to keep, print and encode: one helper, :func:`visible`.

Everything the reader puts into the model (paragraph text, numbering labels,
construct details, image names, style names, document properties) and every name
from the input put into a message (:func:`checker.reader.package.shown`) passes
through here, so that nothing downstream can

* drive a terminal: C0 controls (tab and newline are kept in document text, where
  Word's ``w:tab`` and ``w:br`` put them), DEL and C1 controls (ESC starts the
  OSC 52 clipboard write and the cursor and screen codes; CSI is also U+009B);
* reorder what a reader sees: the bidi embeddings, overrides and isolates
  (U+202A–U+202E, U+2066–U+2069);
* fail to encode: a lone surrogate (``<w:sym w:char="D800"/>``, or a file name
  that was not valid UTF-8) raises ``UnicodeEncodeError`` in any writer; the
  non-characters (U+FDD0–U+FDEF, U+xFFFE, U+xFFFF) are not text either.

Such a character is made visible as an escape (``\\u001b``), not dropped, so a
person reading a report sees that the document carried one. Names in one-line
messages also escape tab, newline, the line and paragraph separators and the
invisible format characters (zero-width spaces, marks, BOM).
"""

from __future__ import annotations

import re

#: document text: C0 but tab and newline, DEL, C1, bidi embeddings/overrides/isolates, surrogates,
#: the BMP non-characters, and every astral character, of which only the non-characters
#: (U+xFFFE, U+xFFFF) are escaped by :func:`_escape`. One class of ranges keeps the search
#: fast (a class listing the 32 astral non-characters one by one is 15 times slower).
_TEXT_CLASS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\U00010000-\U0010ffff"
#: one-line names: also tab, newline, zero-width characters and marks, line/paragraph separators, BOM
_LINE_CLASS = _TEXT_CLASS + "\t\n\u200b-\u200f\u2028\u2029\ufeff"

# Compiled on first use: a run over good files compiles the text pattern once (~0.3 ms).
_patterns: dict[bool, re.Pattern[str]] = {}


def _pattern(one_line: bool) -> re.Pattern[str]:
    pattern = _patterns.get(one_line)
    if pattern is None:
        pattern = _patterns[one_line] = re.compile(f"[{_LINE_CLASS if one_line else _TEXT_CLASS}]")
    return pattern


def _escape(m: re.Match[str]) -> str:
    char = m.group()
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    if code & 0xFFFE == 0xFFFE:  # U+1FFFE, U+1FFFF ... U+10FFFF
        return f"\\U{code:08x}"
    return char  # any other astral character (CJK extension B, emoji) is text


def visible(text: str, one_line: bool = False) -> str:
    """``text`` with every control, bidi-override, surrogate and non-character escaped.

    ``one_line``: for a name in a message, escape tab, newline and invisible
    characters as well. Text without any of these is returned as it is (one
    regex search, no copy).
    """
    pattern = _patterns.get(one_line) or _pattern(one_line)
    if pattern.search(text) is None:
        return text
    return pattern.sub(_escape, text)
