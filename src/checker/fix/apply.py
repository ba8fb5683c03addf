"""Apply edits to a copy of a .docx package: lxml on the parts, never on the input file.

An :class:`~checker.rules.Edit` names a paragraph by its anchor (the XPath the reader
recorded) with its whole displayed text before and after. Here:

1. the smallest spans that differ between ``old`` and ``new`` are worked out, so that the
   runs outside it, and their formatting, are not touched;
2. a span inside the paragraph's typed text is rewritten in the ``w:t`` elements that
   hold it: the new characters go into the run that held the first replaced character
   (or, for an insertion, the run before it), so they take that run's font, size and
   bold, whichever way Word split the text into runs;
3. a span inside an automatic numbering label (``6、`` drawn by ``w:numFmt`` decimal and
   ``w:lvlText`` ``%1、``) is fixed where the drafter sees it come from: the list level's
   ``numFmt``/``lvlText`` when every paragraph that level numbers is being fixed the same
   way, otherwise the paragraph leaves the list and gets its label as typed text.

Anything not understood (a paragraph whose markup does not read as the model says, two
edits overlapping, a change spanning a tab) is skipped with a reason, never guessed.
"""

from __future__ import annotations

import difflib
import io
import posixpath
import zipfile
from copy import deepcopy
from dataclasses import dataclass, field
from typing import Any, Iterable

from lxml import etree

from ..findings import Message
from ..model import Document, Paragraph
from ..reader import ns
from ..rules import Edit
from .numbering import ListNumbering, drop_numbering, new_level_text, set_level

_W = ns.W_NS
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_CONTAINERS = frozenset({ns.HYPERLINK, ns.INS, ns.MOVE_TO, ns.SMART_TAG, ns.FLD_SIMPLE, ns.CUSTOM_XML,
                         ns.w("dir"), ns.w("bdo")})
_SKIPPED = frozenset({ns.DEL, ns.MOVE_FROM})
_FIXED_CHARS = {ns.TAB: "\t", ns.PTAB: "\t", ns.BR: "\n", ns.CR: "\n", ns.NB_HYPHEN: "-"}


@dataclass
class Done:
    """One paragraph changed: the codes whose edits made it, and its text before and after."""

    where: Message
    codes: list[str]
    old: str
    new: str
    anchor: str
    how: str = "text"  # text | numbering definition | numbering to text


@dataclass
class Skipped:
    code: str
    where: Message
    reason: Message


@dataclass
class Result:
    data: bytes
    done: list[Done] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def _spans(old: str, new: str) -> list[tuple[int, int, str]]:
    """Non-overlapping spans turning ``old`` into ``new`` (several when an edit changes
    the number and the wording of one heading), so each lands in its own run."""
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return [(i1, i2, new[j1:j2]) for tag, i1, i2, j1, j2 in sm.get_opcodes() if tag != "equal"]


# ------------------------------------------------------------------ reading runs
class _Seg:
    __slots__ = ("el", "text")

    def __init__(self, el: Any, text: str):
        self.el, self.text = el, text


def _vanished(rpr: Any) -> bool:
    v = rpr.find(ns.VANISH) if rpr is not None else None
    return v is not None and ns.on_off(v)


def segments(p: Any) -> list[_Seg]:
    """The paragraph's visible characters as the reader reads them: ``w:t`` elements
    (editable) and single characters drawn by other elements (tabs, breaks), in order."""
    out: list[_Seg] = []
    state = {"hidden": 0}

    def run(r: Any) -> None:
        if _vanished(r.find(ns.R_PR)):
            return
        for child in r:
            tag = child.tag
            if tag == ns.FLD_CHAR:
                kind = child.get(ns.FLD_CHAR_TYPE)
                if kind == "begin":
                    state["hidden"] += 1
                elif kind == "separate" and state["hidden"]:
                    state["hidden"] -= 1
                continue
            if state["hidden"]:
                continue
            if tag == ns.T:
                out.append(_Seg(child, child.text or ""))
            elif tag in _FIXED_CHARS:
                out.append(_Seg(None, _FIXED_CHARS[tag]))
            elif tag == ns.SYM:
                out.append(_Seg(None, "?"))

    def walk(parent: Any) -> None:
        for child in parent:
            tag = child.tag
            if tag == ns.R:
                run(child)
            elif tag in _CONTAINERS:
                walk(child)
            elif tag == ns.SDT:
                content = child.find(ns.SDT_CONTENT)
                if content is not None:
                    walk(content)

    walk(p)
    return out


def _set_text(t: Any, text: str) -> None:
    t.text = text
    if text != text.strip() or "  " in text:
        t.set(_XML_SPACE, "preserve")


def _new_run(p: Any) -> Any:
    """A run at the end of an empty paragraph, with the paragraph mark's run properties
    (what Word gives text typed into an empty paragraph)."""
    r = etree.SubElement(p, ns.R)
    ppr = p.find(ns.P_PR)
    mark = ppr.find(ns.R_PR) if ppr is not None else None
    if mark is not None:
        rpr = deepcopy(mark)
        for child in list(rpr):
            if child.tag in (ns.INS, ns.DEL, ns.MOVE_FROM, ns.MOVE_TO, ns.w("rPrChange")):
                rpr.remove(child)
        r.append(rpr)
    return etree.SubElement(r, ns.T)


def replace_span(p: Any, a: int, b: int, repl: str) -> bool:
    """Replace characters ``[a, b)`` of the paragraph's typed text; False when they do not
    lie in ``w:t`` elements (a tab, a break) or the paragraph has no place for them."""
    segs = segments(p)
    pos = 0
    where: list[tuple[_Seg, int, int]] = []  # (segment, its start, its end)
    for s in segs:
        where.append((s, pos, pos + len(s.text)))
        pos += len(s.text)
    if not segs:
        if a != 0 or b != 0:
            return False
        _set_text(_new_run(p), repl)
        return True
    touched = [(s, x, y) for s, x, y in where if x < b and y > a]
    if any(s.el is None for s, _, _ in touched):
        return False
    if a == b:  # an insertion: at the end of the run before, else at the start of the run after
        host = next(((s, x, y) for s, x, y in where if x < a <= y and s.el is not None), None)
        if host is None:
            host = next(((s, x, y) for s, x, y in where if x <= a < y and s.el is not None), None)
        if host is None:
            return False
        s, x, _ = host
        _set_text(s.el, s.text[: a - x] + repl + s.text[a - x:])
        return True
    first = True
    for s, x, y in touched:
        lo, hi = max(a, x) - x, min(b, y) - x
        _set_text(s.el, s.text[:lo] + (repl if first else "") + s.text[hi:])
        first = False
    return True


# ------------------------------------------------------------------ numbering
def _resolve(root: Any, path: str) -> Any:
    nsmap = {k: v for k, v in (root.nsmap or {}).items() if k}
    nsmap.setdefault("w", _W)
    try:
        found = root.getroottree().xpath(path, namespaces=nsmap)
    except etree.XPathError:
        return None
    return found[0] if found else None


# ------------------------------------------------------------------ the package
def _rels(pkg: Any, part: str) -> list[tuple[str, str]]:
    folder, base = posixpath.split(part)
    name = posixpath.join(folder, "_rels", f"{base}.rels") if part else "_rels/.rels"
    if not pkg.has(name):
        return []
    root = pkg.xml(name)
    out = []
    for rel in root.iter(ns.PKG_RELATIONSHIP):
        if (rel.get("TargetMode") or "").lower() == "external":
            continue
        target = rel.get("Target") or ""
        target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out.append((rel.get("Type") or "", target))
    return out


def _paragraphs(doc: Document) -> dict[str, Paragraph]:
    """Every paragraph of the model by anchor: body, table cells (nested too)."""
    out: dict[str, Paragraph] = {}

    def table(t: Any) -> None:
        for c in t.cells():
            for p in c.paragraphs:
                out.setdefault(p.anchor, p)
            for nested in c.tables:
                table(nested)

    for b in doc.blocks:
        if isinstance(b, Paragraph):
            out.setdefault(b.anchor, b)
        else:
            table(b)
    return out


def apply_edits(data: bytes, doc: Document, edits: Iterable[tuple[str, Edit]]) -> Result:
    """Apply ``(code, edit)`` pairs to a copy of the package ``data``; the input is not touched."""
    from ..reader.package import open_package

    # parts are parsed by the reader's one parser (size caps, DOCTYPE refused); the zip
    # is opened here only to copy its members as they are
    pkg = open_package(data, name=doc.path or "input.docx")
    zf = zipfile.ZipFile(io.BytesIO(data))
    main = doc.main_part
    root = pkg.xml(main)
    rels = _rels(pkg, main)
    numbering_part = next((t for k, t in rels if k.endswith("/numbering") and pkg.has(t)), None)
    styles_part = next((t for k, t in rels if k.endswith("/styles") and pkg.has(t)), None)
    numbering = ListNumbering(pkg.xml(numbering_part), pkg.xml(styles_part) if styles_part else None) \
        if numbering_part else None
    model = _paragraphs(doc)
    result = Result(b"")

    by_anchor: dict[str, dict[tuple[str, str], list[str]]] = {}  # anchor -> (old, new) -> codes
    wheres: dict[str, Message] = {}
    for code, e in edits:
        codes = by_anchor.setdefault(e.anchor, {}).setdefault((e.old, e.new), [])
        if code not in codes:
            codes.append(code)
        wheres.setdefault(e.anchor, e.where)

    def skip(codes: Iterable[str], where: Message, zh: str, en: str) -> None:
        result.skipped.extend(Skipped(c, where, Message(zh, en)) for c in codes)

    plans = []  # (element, model paragraph, spans (a, b, replacement, codes), where)
    for anchor, group in by_anchor.items():
        where = wheres[anchor]
        p_el = _resolve(root, anchor)
        para = model.get(anchor)
        if p_el is None or para is None or p_el.tag != ns.P:
            skip([c for cs in group.values() for c in cs], where, "找不到该段落", "the paragraph was not found")
            continue
        spans: list[tuple[int, int, str, tuple[str, ...]]] = []
        for (old, new), codes in group.items():
            if old != para.text:
                skip(codes, where, "段落文字已与检查时不同", "the paragraph's text differs from what was checked")
                continue
            mine = _spans(old, new)
            if any(a < y and x < b or a == b == x == y for a, b, _ in mine for x, y, _r, _c in spans):
                skip(codes, where, "与另一项修复重叠，未修改", "overlaps another fix; left as it is")
                continue
            spans += [(a, b, r, tuple(codes)) for a, b, r in mine]
        if spans:
            plans.append((p_el, para, sorted(spans), where))

    order = {a: i for i, a in enumerate(model)}
    plans.sort(key=lambda plan: order.get(plan[1].anchor, 0))

    # labels from automatic numbering: the level's definition when every paragraph it
    # numbers is being fixed the same way, else the label becomes typed text
    label_plans: dict[int, tuple[str, str]] = {}  # id(p_el) -> (old label, new label; "" unclear)
    for p_el, para, spans, _ in plans:
        label = para.numbering_label
        in_label = [s for s in spans if s[0] < len(label)]
        if label and in_label:
            clear = all(b <= len(label) for _, b, _, _ in in_label)
            label_plans[id(p_el)] = (label, _applied(label, in_label) if clear else "")
    defined: set[int] = set()
    if label_plans and numbering is not None:

        def level_key(q: Any) -> str | None:
            got = numbering.num_of(q)
            lv = numbering.level(*got) if got and got[0] != "0" else None
            return None if lv is None else f"{lv[1]}/{got[1]}"

        levels: dict[str, list[Any]] = {}
        for p_el, _para, _sp, _ in plans:
            key = level_key(p_el) if id(p_el) in label_plans and label_plans[id(p_el)][1] else None
            if key is not None:
                levels.setdefault(key, []).append(p_el)
        for key, members in levels.items():
            got = numbering.num_of(members[0])
            lvl = numbering.level(*got)[0]
            users = [q for q in root.iter(ns.P) if level_key(q) == key]
            targets = {id(m) for m in members}
            if not all(id(q) in targets for q in users):
                continue  # the level numbers other paragraphs too: their labels must not change
            choices = {new_level_text(lvl, got[1], *label_plans[id(m)]) for m in members}
            if len(choices) == 1 and None not in choices:
                set_level(lvl, *choices.pop())
                defined |= targets

    for p_el, para, spans, where in plans:
        label = para.numbering_label
        codes = sorted({c for *_, cs in spans for c in cs})
        if "".join(s.text for s in segments(p_el)) != para.content:
            skip(codes, where, "段落的标记无法识别，未修改", "the paragraph's markup is not understood; left as it is")
            continue
        how = "text"
        content_spans = [(a - len(label), b - len(label), r) for a, b, r, _ in spans if a >= len(label)]
        if id(p_el) in label_plans:
            new_label = label_plans[id(p_el)][1]
            if not new_label.strip():
                skip(codes, where, "编号来自自动编号，无法确定改法", "the number comes from automatic numbering; the change is unclear")
                continue
            if id(p_el) in defined:
                how = "numbering definition"
            else:
                how = "numbering to text"
                content_spans.append((0, 0, new_label))
        backup, ok = deepcopy(p_el), True
        for a, b, r in sorted(content_spans, key=lambda x: (x[0], x[1]), reverse=True):
            ok = replace_span(p_el, a, b, r) and ok
        if not ok:
            p_el.getparent().replace(p_el, backup)
            skip(codes, where, "修改跨越制表符或换行，未修改", "the change spans a tab or a break; left as it is")
            continue
        if how == "numbering to text":
            got = numbering.num_of(p_el) if numbering is not None else None
            lv = numbering.level(*got) if got else None
            drop_numbering(p_el, lv[0] if lv else None)
        result.done.append(Done(where, codes, para.text, _applied(para.text, spans), para.anchor, how))

    replaced = {main.lower(): etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)}
    if numbering_part and defined:
        replaced[numbering_part.lower()] = etree.tostring(numbering.root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in zf.infolist():
            # a member's name may differ from its part name in case or a leading "/"
            new = replaced.get(info.filename.lstrip("/").lower())
            z.writestr(info, new if new is not None else zf.read(info.filename), compress_type=info.compress_type)
    result.data = out.getvalue()
    return result


def _applied(text: str, spans: list[tuple[int, int, str, str]]) -> str:
    for a, b, r, _ in sorted(spans, key=lambda x: (x[0], x[1]), reverse=True):
        text = text[:a] + r + text[b:]
    return text
