"""Style resolution: what a paragraph or run inherits from ``styles.xml``.

Each style is read into :class:`_Style` on first use (a document uses a few of the
dozens to hundreds it defines); resolved values (following
``w:basedOn`` with a cycle guard) are cached per style id, so the walker pays one
dict look-up per paragraph.
"""

from __future__ import annotations

import re

from . import ns
from .visible import visible

_HEADING_NAME = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)
_UNSET = object()
_MAX_CHAIN = 64


# The three value classes below are plain slotted classes rather than dataclasses:
# they are internal to the reader, compared by nobody, and a dataclass costs ~1 ms
# of start-up each (its methods are generated and compiled at import).


class _Style:
    """One ``w:style`` as written: its own values, ``_UNSET`` where it says nothing."""

    __slots__ = ("style_id", "name", "based_on", "outline", "jc", "num_id", "ilvl", "bold", "size", "vanish")

    def __init__(self, style_id: str, name: str, based_on: str | None):
        self.style_id = style_id
        self.name = name
        self.based_on = based_on
        self.outline: object = _UNSET  # int 0-8, or None for explicit body text (9)
        self.jc: object = _UNSET
        self.num_id: object = _UNSET  # str
        self.ilvl: object = _UNSET  # int
        self.bold: object = _UNSET
        self.size: object = _UNSET  # float points
        self.vanish: object = _UNSET


class ParaStyle:
    """A paragraph style resolved through its ``basedOn`` chain (read-only once made)."""

    __slots__ = ("style_id", "name", "outline_level", "jc", "num_id", "ilvl", "bold", "size")

    def __init__(
        self,
        style_id: str = "",
        name: str = "",
        outline_level: int | None = None,
        jc: str = "",
        num_id: str | None = None,
        ilvl: int | None = None,
        bold: bool | None = None,
        size: float | None = None,
    ):
        self.style_id = style_id
        self.name = name
        self.outline_level = outline_level
        self.jc = jc
        self.num_id = num_id
        self.ilvl = ilvl
        self.bold = bold
        self.size = size

    def __repr__(self) -> str:
        return "ParaStyle(" + ", ".join(f"{k}={getattr(self, k)!r}" for k in self.__slots__) + ")"


class RunStyle:
    """A character style resolved through its ``basedOn`` chain (read-only once made)."""

    __slots__ = ("bold", "size", "vanish")

    def __init__(self, bold: bool | None = None, size: float | None = None, vanish: bool | None = None):
        self.bold = bold
        self.size = size
        self.vanish = vanish

    def __repr__(self) -> str:
        return f"RunStyle(bold={self.bold!r}, size={self.size!r}, vanish={self.vanish!r})"


def _read_ppr(style: _Style, ppr) -> None:
    for child in ppr:
        tag = child.tag
        if tag == ns.OUTLINE_LVL:
            lvl = ns.int_val(child)
            style.outline = lvl if lvl is not None and 0 <= lvl <= 8 else None
        elif tag == ns.JC:
            style.jc = normalise_jc(child.get(ns.W_VAL))
        elif tag == ns.NUM_PR:
            num = child.find(ns.NUM_ID)
            if num is not None:
                style.num_id = num.get(ns.W_VAL) or ""
            lvl = child.find(ns.ILVL)
            if lvl is not None:
                style.ilvl = ns.int_val(lvl, 0)


def _read_rpr(style: _Style, rpr) -> None:
    for child in rpr:
        tag = child.tag
        if tag == ns.B:
            style.bold = ns.on_off(child)
        elif tag == ns.SZ:
            v = ns.int_val(child)
            if v is not None and v > 0:
                style.size = v / 2
        elif tag == ns.VANISH:
            style.vanish = ns.on_off(child)


def normalise_jc(value: str | None) -> str:
    if not value:
        return ""
    return {"start": "left", "end": "right"}.get(value, value)


def _read_style(el, sid: str) -> _Style:
    name_el = el.find(ns.w("name"))
    based = el.find(ns.w("basedOn"))
    style = _Style(
        style_id=sid,
        name=visible((name_el.get(ns.W_VAL) or "") if name_el is not None else sid),
        based_on=based.get(ns.W_VAL) if based is not None else None,
    )
    ppr = el.find(ns.P_PR)
    if ppr is not None:
        _read_ppr(style, ppr)
    rpr = el.find(ns.R_PR)
    if rpr is not None:
        _read_rpr(style, rpr)
    return style


class StyleSheet:
    """Styles of one document; an empty sheet when the package has no styles part."""

    def __init__(self, root=None):
        # style elements by id, read into a _Style on first use: a document uses a few of
        # the dozens (Word) to hundreds (python-docx's template) of styles it defines
        self._elements: dict[str, object] = {}
        self._styles: dict[str, _Style] = {}
        self.default_paragraph: str = ""
        self.default_character: str = ""
        self.defaults = _Style("", "", None)
        self._para_cache: dict[str, ParaStyle] = {}
        self._run_cache: dict[str, RunStyle] = {}
        if root is None:
            return
        dd = root.find(ns.w("docDefaults"))
        if dd is not None:
            rpr = dd.find(f"{ns.w('rPrDefault')}/{ns.R_PR}")
            if rpr is not None:
                _read_rpr(self.defaults, rpr)
            ppr = dd.find(f"{ns.w('pPrDefault')}/{ns.P_PR}")
            if ppr is not None:
                _read_ppr(self.defaults, ppr)
        style_id, style_type, default = ns.w("styleId"), ns.w("type"), ns.w("default")
        elements = self._elements
        for el in root.iterchildren(ns.w("style")):
            sid = el.get(style_id) or ""
            if sid not in elements:  # the first definition of an id wins
                elements[sid] = el
            if (el.get(default) or "").lower() in ("1", "true", "on"):
                kind = el.get(style_type) or "paragraph"
                if kind == "paragraph" and not self.default_paragraph:
                    self.default_paragraph = sid
                elif kind == "character" and not self.default_character:
                    self.default_character = sid

    def _style(self, style_id: str) -> _Style | None:
        """The style ``style_id`` read from its element (once), or None when undefined."""
        style = self._styles.get(style_id)
        if style is None:
            el = self._elements.get(style_id)
            if el is None:
                return None
            style = self._styles[style_id] = _read_style(el, style_id)
        return style

    def __contains__(self, style_id: str) -> bool:
        return style_id in self._elements

    def name_of(self, style_id: str) -> str:
        s = self._style(style_id)
        return s.name if s is not None else ""

    def _chain(self, style_id: str) -> list[_Style]:
        chain: list[_Style] = []
        seen: set[str] = set()
        sid: str | None = style_id
        while sid and sid not in seen and len(chain) < _MAX_CHAIN:
            seen.add(sid)
            s = self._style(sid)
            if s is None:
                break
            chain.append(s)
            sid = s.based_on
        return chain

    @staticmethod
    def _first(chain: list[_Style], attr: str):
        for s in chain:
            v = getattr(s, attr)
            if v is not _UNSET:
                return v
        return _UNSET

    def paragraph(self, style_id: str | None) -> ParaStyle:
        """The resolved paragraph style (the default paragraph style when none is given)."""
        sid = style_id or self.default_paragraph
        hit = self._para_cache.get(sid)
        if hit is not None:
            return hit
        chain = self._chain(sid) if sid else []
        outline = self._first(chain, "outline")
        if outline is _UNSET:
            outline = None
            for s in chain:
                m = _HEADING_NAME.match(s.name.strip())
                if m:
                    outline = int(m.group(1)) - 1
                    break
        num_id = None
        ilvl = None
        for s in chain:  # numPr is inherited as a unit from the nearest style that has one
            if s.num_id is not _UNSET:
                num_id = s.num_id
                ilvl = None if s.ilvl is _UNSET else s.ilvl
                break
        jc = self._first(chain, "jc")
        if jc is _UNSET:
            jc = self.defaults.jc if self.defaults.jc is not _UNSET else ""
        bold = self._first(chain, "bold")
        size = self._first(chain, "size")
        first = chain[0] if chain else None
        result = ParaStyle(
            style_id=sid or "",
            name=first.name if first is not None else "",
            outline_level=outline,
            jc=jc,
            num_id=num_id or None,
            ilvl=ilvl,
            bold=None if bold is _UNSET else bold,
            size=None if size is _UNSET else size,
        )
        self._para_cache[sid] = result
        return result

    def run(self, style_id: str | None) -> RunStyle:
        """A character style resolved through its chain (empty when unknown)."""
        sid = style_id or ""
        hit = self._run_cache.get(sid)
        if hit is not None:
            return hit
        chain = self._chain(sid) if sid else []
        bold = self._first(chain, "bold")
        size = self._first(chain, "size")
        vanish = self._first(chain, "vanish")
        result = RunStyle(
            bold=None if bold is _UNSET else bold,
            size=None if size is _UNSET else size,
            vanish=None if vanish is _UNSET else vanish,
        )
        self._run_cache[sid] = result
        return result

    @property
    def default_bold(self) -> bool:
        return bool(self.defaults.bold) if self.defaults.bold is not _UNSET else False

    @property
    def default_size(self) -> float | None:
        return self.defaults.size if self.defaults.size is not _UNSET else None
