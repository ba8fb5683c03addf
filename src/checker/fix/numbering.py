"""Automatic numbering for the fixer: which list level draws a paragraph's label, and
how to change it.

A label such as ``6、`` is drawn by a list level (``w:numFmt`` decimal, ``w:lvlText``
``%1、``). The fixer changes the level (:func:`new_level_text`, :func:`set_level`) when
every paragraph the level numbers is being fixed the same way; otherwise the paragraph
leaves the list (:func:`drop_numbering`) and its label is typed, so the other paragraphs
keep their numbers.
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass
from typing import Any

from lxml import etree

from ..reader import ns


@dataclass
class ListNumbering:
    root: Any  # numbering.xml
    styles: Any  # styles.xml or None

    def num_of(self, p: Any) -> tuple[str, int] | None:
        """(numId, ilvl) numbering paragraph ``p``: its own ``numPr``, else its style's."""
        ppr = p.find(ns.P_PR)
        numpr = ppr.find(ns.NUM_PR) if ppr is not None else None
        ilvl = None
        if numpr is not None:
            nid, lvl = numpr.find(ns.NUM_ID), numpr.find(ns.ILVL)
            ilvl = int(lvl.get(ns.W_VAL) or 0) if lvl is not None else None
            if nid is not None:
                return (nid.get(ns.W_VAL) or "0", ilvl or 0)
        style = ppr.find(ns.P_STYLE) if ppr is not None else None
        sid = style.get(ns.W_VAL) if style is not None else None
        seen = set()
        while sid and self.styles is not None and sid not in seen:
            seen.add(sid)
            st = next((s for s in self.styles.iter(ns.w("style")) if s.get(ns.w("styleId")) == sid), None)
            if st is None:
                break
            spr = st.find(ns.P_PR)
            snum = spr.find(ns.NUM_PR) if spr is not None else None
            if snum is not None and snum.find(ns.NUM_ID) is not None:
                lvl = snum.find(ns.ILVL)
                return (snum.find(ns.NUM_ID).get(ns.W_VAL) or "0",
                        ilvl if ilvl is not None else int(lvl.get(ns.W_VAL) or 0) if lvl is not None else 0)
            based = st.find(ns.w("basedOn"))
            sid = based.get(ns.W_VAL) if based is not None else None
        return None

    def level(self, num_id: str, ilvl: int) -> tuple[Any, str] | None:
        """The ``w:lvl`` drawing this list level (an override's, else the abstract's) and the
        key of the counters it shares (the abstract definition)."""
        num = next((n for n in self.root.iter(ns.w("num")) if n.get(ns.w("numId")) == num_id), None)
        if num is None:
            return None
        for ov in num.iter(ns.w("lvlOverride")):
            if ov.get(ns.w("ilvl")) == str(ilvl):
                lvl = ov.find(ns.w("lvl"))
                if lvl is not None:
                    return lvl, f"num:{num_id}"
        ref = num.find(ns.w("abstractNumId"))
        aid = ref.get(ns.W_VAL) if ref is not None else None
        ab = next((x for x in self.root.iter(ns.w("abstractNum")) if x.get(ns.w("abstractNumId")) == aid), None)
        if ab is None:
            return None
        lvl = next((x for x in ab.iter(ns.w("lvl")) if x.get(ns.w("ilvl")) == str(ilvl)), None)
        return (lvl, f"abstract:{aid}") if lvl is not None else None


def new_level_text(lvl: Any, ilvl: int, old_label: str, new_label: str) -> tuple[str, str] | None:
    """(numFmt, lvlText) that draw ``new_label`` where the level drew ``old_label``: the
    level's own number only (``%1、``), its format kept or changed to Chinese counting."""
    from ..reader.numbering import format_number

    fmt_el, text_el = lvl.find(ns.w("numFmt")), lvl.find(ns.w("lvlText"))
    fmt = fmt_el.get(ns.W_VAL) if fmt_el is not None else "decimal"
    text = text_el.get(ns.W_VAL) if text_el is not None else None
    mark = f"%{ilvl + 1}"
    if not text or text.count("%") != 1 or mark not in text:
        return None
    pre, post = text.split(mark)
    label = old_label.rstrip(" ")
    if not (label.startswith(pre) and label.endswith(post)) or len(label) < len(pre) + len(post):
        return None
    shown = label[len(pre):len(label) - len(post)]
    n = next((k for k in range(0, 1000) if format_number(k, fmt) == shown), None)
    if n is None:
        return None
    for new_fmt in (fmt, "chineseCounting"):
        num = format_number(n, new_fmt)
        target = new_label.rstrip(" ")
        i = target.find(num)
        if num and i >= 0:
            return new_fmt, target[:i] + mark + target[i + len(num):]
    return None


def set_level(lvl: Any, fmt: str, text: str) -> None:
    for tag, val in (("numFmt", fmt), ("lvlText", text)):
        el = lvl.find(ns.w(tag))
        if el is None:
            el = etree.SubElement(lvl, ns.w(tag))
        el.set(ns.W_VAL, val)


def drop_numbering(p: Any, lvl: Any = None) -> None:
    """Take the paragraph out of its list (``numId`` 0), as Word's "None" numbering does,
    keeping the indentation the list level gave it (so the heading does not move)."""
    ppr = p.find(ns.P_PR)
    if ppr is None:
        ppr = etree.Element(ns.P_PR)
        p.insert(0, ppr)
    level_ind = lvl.find(f"{ns.P_PR}/{ns.w('ind')}") if lvl is not None else None
    if level_ind is not None and ppr.find(ns.w("ind")) is None:
        ind = deepcopy(level_ind)
        later = [c for c in ppr if c.tag in (ns.w("contextualSpacing"), ns.w("mirrorIndents"), ns.w("suppressOverlap"),
                                             ns.JC, ns.w("textDirection"), ns.w("textAlignment"), ns.w("textboxTightWrap"),
                                             ns.OUTLINE_LVL, ns.w("divId"), ns.w("cnfStyle"), ns.R_PR,
                                             ns.w("sectPr"), ns.w("pPrChange"))]
        (later[0].addprevious(ind) if later else ppr.append(ind))
    old = ppr.find(ns.NUM_PR)
    if old is not None:
        ppr.remove(old)
    numpr = etree.Element(ns.NUM_PR)
    etree.SubElement(numpr, ns.ILVL).set(ns.W_VAL, "0")
    etree.SubElement(numpr, ns.NUM_ID).set(ns.W_VAL, "0")
    before = (ns.P_STYLE, ns.w("keepNext"), ns.w("keepLines"), ns.w("pageBreakBefore"), ns.w("framePr"),
              ns.w("widowControl"))
    kept = [c for c in ppr if c.tag in before]
    if kept:
        kept[-1].addnext(numpr)
    else:
        ppr.insert(0, numpr)
