"""One pass over WordprocessingML: blocks, runs, tables, into the plain model.

The walker reads the main part in one pass, in document order (a text box is read
once, from the branch of ``mc:AlternateContent`` that is read). What it
keeps is the *final view* a person sees in Word:

* tracked changes resolved: ``w:ins`` and ``w:moveTo`` kept, ``w:del``,
  ``w:delText`` and ``w:moveFrom`` dropped, deleted table rows dropped, and a
  paragraph whose mark was deleted is joined to the next paragraph;
* fields show their cached result (the text between ``separate`` and ``end``, or
  the content of ``w:fldSimple``); the instruction goes into a ``field`` construct.
  An instruction is taken to end with its paragraph, so a broken field (no
  ``separate``/``end``) cannot hide the rest of the document;
* content controls, smart tags, custom XML, hyperlinks are read through;
  ``mc:AlternateContent`` is read from its first ``mc:Choice``, else its ``mc:Fallback``;
* text with ``w:vanish`` set on the run (directly or by its character style) is hidden;
* text boxes: their paragraphs are emitted as separate paragraphs (``in_textbox``)
  right after the paragraph that anchors them, in the same container (the body or
  the cell), so they get body indices and rules see them like any paragraph.

Nesting is followed by recursion with an explicit depth count: beyond
``Limits.max_xml_depth`` the input is refused with an :class:`InputError`.
"""

from __future__ import annotations

import re

from ..findings import Message
from ..errors import InputError
from ..model import Cell, Construct, Image, Paragraph, Table
from . import ns
from .anchors import Paths, local_name, only_step, steps, tag_counts
from .numbering import Numbering
from .package import DEFAULT_LIMITS, Limits
from .styles import StyleSheet, normalise_jc
from .visible import visible

_PIC_TAGS = (ns.PIC_PIC, ns.A_BLIP)
_O_TITLE = "{urn:schemas-microsoft-com:office:office}title"


class _Ctx:
    """Where the walker is: the body, a cell, a text box, a header...

    ``where`` is the fixed part of the location words (a table, a header); the
    cell coordinates are kept apart and only formatted when a construct is recorded.
    """

    __slots__ = ("in_table", "table_index", "where", "in_textbox", "nesting", "row", "col")

    def __init__(self, in_table=False, table_index=0, where="", in_textbox=False, nesting=0, row=0, col=0):
        self.in_table = in_table
        self.table_index = table_index  # top-level table when inside a table
        self.where = where  # "" = body paragraph numbers
        self.in_textbox = in_textbox
        self.nesting = nesting  # table nesting of the container (0 = body)
        self.row = row  # 1-based cell coordinates inside a table, 0 when not in a cell
        self.col = col


def _where_zh(where: str) -> str:
    """A table location the walker wrote (``table 2``, ``header1.xml: table 1, row 3,
    column 2 > nested table``: see ``Walker._table`` and ``Walker._where``) in Chinese."""
    zh = re.sub(r"\btable (\d+)", r"表\1", where)
    zh = re.sub(r", row (\d+), column (\d+)", r"第\1行第\2列", zh)
    return zh.replace(" > nested table", "中的嵌套表格")


class GridBudget:
    """The logical-grid bounds of one document's tables, shared by its walkers.

    A row may hold any number of cells and every row is padded to the widest one,
    so a few kilobytes of XML (one row 1,000,000 slots wide, then 1,000 short rows)
    would make a grid of a billion slots. Every slot is claimed here before it is
    made: a row may not be wider than ``max_table_columns`` (Word allows 63), and all
    grids together, padding included, may not exceed ``max_table_slots``, checked
    before a table's rows are padded.
    """

    __slots__ = ("name", "max_columns", "max_slots", "left")

    def __init__(self, name: str, limits: Limits = DEFAULT_LIMITS):
        self.name = name
        self.max_columns = limits.max_table_columns
        self.max_slots = limits.max_table_slots
        self.left = limits.max_table_slots

    def claim(self, where: str, width: int, n: int) -> None:
        """Claim ``n`` more slots for a row that is ``width`` slots wide once they are added."""
        if width > self.max_columns:
            raise InputError(self.name, Message(
                zh=f"{_where_zh(where)} 有一行宽 {width} 列（超出 max-table-columns 限制 {self.max_columns}；Word 最多 63 列），已拒绝检查",
                en=f"{where} has a row {width} columns wide (the limit max-table-columns is {self.max_columns}; "
                   "Word allows 63)",
            ))
        self.left -= n
        if self.left < 0:
            raise InputError(self.name, Message(
                zh=f"表格所需的单元格超过 {self.max_slots} 个（在{_where_zh(where)}；限制 max-table-slots），已拒绝检查",
                en=f"the tables need more than {self.max_slots} grid cells (at {where}; "
                   "the limit max-table-slots)",
            ))


class _Field:
    __slots__ = ("instr", "separated", "where")

    def __init__(self, where: str):
        self.instr: list[str] = []
        self.separated = False
        self.where = where


class _ParaState:
    """Collected while reading the runs of one paragraph."""

    __slots__ = ("pieces", "bold", "visible", "size", "has_image", "textboxes", "pstyle")

    def __init__(self, pstyle):
        self.pieces: list[str] = []
        self.bold = True
        self.visible = False
        self.size: float | None = None
        self.has_image = False
        self.textboxes: list = []
        self.pstyle = pstyle


#: A construct's detail (a tag, a target, an instruction, a placeholder's text) is kept up to
#: this many characters: one relationship target or style is shared by any number of
#: elements, so escaping it per construct must cost a bounded amount, not its length.
MAX_DETAIL = 1000


def construct(kind: str, where: str, detail: str = "", memo: dict[str, str] | None = None) -> Construct:
    """A construct as it enters the model: its location and detail (which come from the
    input: part names, tags, targets, instructions) cut and made :func:`visible`.

    ``memo`` (a walker's) keeps each distinct detail's result: a relationship target
    shared by 200,000 hyperlinks is cut and escaped once, and its constructs share one
    string, as they shared the target before.
    """
    shown_detail = memo.get(detail) if memo is not None else None
    if shown_detail is None:
        shown_detail = detail if len(detail) <= MAX_DETAIL else detail[: MAX_DETAIL - 1] + "…"
        shown_detail = visible(shown_detail)
        if memo is not None:
            memo[detail] = shown_detail
    return Construct(kind, visible(where), shown_detail)


def _branch(alt):
    """The branch of ``mc:AlternateContent`` that is read: first Choice, else Fallback."""
    fallback = None
    for child in alt:
        if child.tag == ns.MC_CHOICE:
            return child
        if child.tag == ns.MC_FALLBACK and fallback is None:
            fallback = child
    return fallback


def _squash(text: str) -> str:
    return " ".join(text.split())


# dispatch codes: one dict look-up per element instead of a chain of comparisons
_BLOCK_KIND = {
    ns.P: 1, ns.TBL: 2, ns.SDT: 3, ns.CUSTOM_XML: 4, ns.INS: 4, ns.MOVE_TO: 4,
    ns.MC_ALTERNATE: 5, ns.ALT_CHUNK: 6, ns.DEL: 7, ns.MOVE_FROM: 8, ns.M_OMATH_PARA: 9, ns.M_OMATH: 9,
}
_INLINE_KIND = {
    ns.R: 1, ns.HYPERLINK: 2, ns.INS: 3, ns.MOVE_TO: 4, ns.SMART_TAG: 5, ns.CUSTOM_XML: 5, ns.DIR: 5,
    ns.BDO: 5, ns.SDT: 6, ns.FLD_SIMPLE: 7, ns.DEL: 8, ns.MOVE_FROM: 9, ns.MC_ALTERNATE: 10,
    ns.M_OMATH_PARA: 11, ns.M_OMATH: 11,
}
_RUN_KIND = {
    ns.R_PR: 0, ns.T: 1, ns.TAB: 2, ns.PTAB: 2, ns.BR: 3, ns.CR: 3, ns.NB_HYPHEN: 4, ns.SYM: 5,
    ns.FLD_CHAR: 6, ns.INSTR_TEXT: 7, ns.DRAWING: 8, ns.PICT: 9, ns.OBJECT: 10, ns.MC_ALTERNATE: 11,
    ns.SDT: 12,
}
_PPR_KIND = {ns.P_STYLE: 1, ns.JC: 2, ns.NUM_PR: 3, ns.OUTLINE_LVL: 4, ns.R_PR: 5}
_TR, _TC = ns.TR, ns.TC
_P_PR, _R_PR, _TC_PR, _TR_PR = ns.P_PR, ns.R_PR, ns.TC_PR, ns.TR_PR
_W_VAL = ns.W_VAL
_on_off, _int_val = ns.on_off, ns.int_val
_ROW_TAGS = frozenset({_TR})
_CELL_TAGS = frozenset({_TC, _TR_PR})


class Walker:
    """Reads block content (body, cell, text box, header, comment) into the model.

    Locations: ``anchor`` XPaths are built while walking (the same strings lxml's
    ``getpath`` gives, without its per-call sibling scans: see :mod:`.anchors`);
    where no path was built on the way (alternate content, text boxes, a comment),
    a memoised builder shared by the walkers of the part gives it, in linear time.
    Every table slot is claimed from the document's :class:`GridBudget`.
    """

    def __init__(
        self,
        name: str,
        styles: StyleSheet,
        numbering: Numbering | None,
        rels: dict[str, str],
        max_depth: int,
        label: str = "",
        grid: GridBudget | None = None,
        paths: Paths | None = None,
        simple_ns: bool = False,
    ):
        self.name = name
        self.grid = grid if grid is not None else GridBudget(name)
        self.styles = styles
        self.numbering = numbering
        self._numbered = bool(numbering)  # any list defined (asked once, not per paragraph)
        self.rels = rels
        self.max_depth = max_depth
        self.label = label  # prefix of construct locations for parts other than the body
        self.paragraph_count = 0
        self.table_count = 0
        self.constructs: list[Construct] = []
        self.images: list[Image] = []
        self._fields: list[_Field] = []
        self._hidden = 0  # fields currently in their instruction part
        self._paths = paths if paths is not None else Paths()
        self._simple_ns = simple_ns  # anchors.declared_on_root() of the part walked
        self._sealed = 0  # fields below this index in _fields are all separated
        self._ids: dict[str, str] = {}  # style id -> as shown (see _visible_id)
        self._details: dict[str, str] = {}  # construct detail -> as shown (see construct)
        self._ctx = _Ctx()
        self._carry: _ParaState | None = None  # a paragraph whose mark was deleted
        self._carry_para: Paragraph | None = None  # ... as emitted if nothing follows it
        self._tables_out: list | None = None  # where tables go inside a cell (its ``tables``)
        self._default_bold = styles.default_bold
        self._default_size = styles.default_size

    # ------------------------------------------------------------------ helpers
    def _where(self) -> str:
        ctx = self._ctx
        if ctx.where:
            return f"{ctx.where}, row {ctx.row}, column {ctx.col}" if ctx.row else ctx.where
        base = f"paragraph {self.paragraph_count}" if self.paragraph_count else "start of document"
        return f"{self.label}{base}" if self.label else base

    def _visible_id(self, style_id: str) -> str:
        """A style id made :func:`visible` once per id, not once per paragraph (a default
        style's id is one string shared by every paragraph, however long it is)."""
        shown_id = self._ids.get(style_id)
        if shown_id is None:
            shown_id = self._ids[style_id] = visible(style_id)
        return shown_id

    def _record(self, kind: str, detail: str = "") -> None:
        self.constructs.append(construct(kind, self._where(), detail, self._details))

    def _check_depth(self, depth: int) -> None:
        if depth > self.max_depth:
            raise InputError(self.name, Message(zh=f"表格或元素嵌套超过 {self.max_depth} 层",
                                                en=f"table/element nesting deeper than {self.max_depth}"))

    def anchor(self, el) -> str:
        """lxml's ``getpath`` of an element (used where no path was built on the way),
        memoised per tree so that it costs no sibling scans per call."""
        return self._paths.path(el)

    def _child_path(self, parent_path: str | None, children: list, tags: list, i: int, table: list) -> str:
        """XPath of ``children[i]``, given the container's path and its children's tags
        (``table`` caches the steps or tag counts of all the children, made on first use)."""
        if parent_path is None:
            return self.anchor(children[i])
        if self._simple_ns:
            prefix = children[i].prefix
            if prefix:  # the prefix follows from the tag: counting tags is exact
                counted = table[1]
                if counted is None:
                    counted = table[1] = tag_counts(tags)
                tag = tags[i]
                if counted[0][tag] > 1:
                    return f"{parent_path}/{prefix}:{local_name(tag)}[{counted[1][i]}]"
                return f"{parent_path}/{prefix}:{local_name(tag)}"
        if len(children) == 1:
            step = only_step(children[0], tags[0])
        else:
            found = table[0]
            if found is None:
                found = table[0] = steps(children, tags)
            step = found.step(i)
        return f"{parent_path}/{step}" if step is not None else self.anchor(children[i])

    def finish(self) -> None:
        """Record the fields never ended in this part ("(never ended)" in the detail)."""
        while self._fields:
            f = self._fields.pop()
            self.constructs.append(construct("field", f.where, f"{_squash(''.join(f.instr))} (never ended)".strip()))
        self._hidden = 0
        self._sealed = 0

    # ------------------------------------------------------------------- blocks
    def walk_blocks(self, container, out: list, depth: int, path: str | None = None, children: list | None = None) -> None:
        """Append the paragraphs and tables of ``container`` to ``out`` in order
        (inside a cell, tables go to the cell's ``tables`` instead).

        ``path`` is the container's XPath when known (anchors are then built from it);
        ``children`` its children when the caller has already listed them.
        """
        if depth > self.max_depth:
            self._check_depth(depth)
        counts: list = [None, None]
        kinds = _BLOCK_KIND
        if children is None:
            children = container.getchildren()
        tags = [child.tag for child in children]
        for i, tag in enumerate(tags):
            kind = kinds.get(tag)
            if kind is None:
                continue
            child = children[i]
            if kind == 1:
                self._paragraph(child, out, depth + 1, self._child_path(path, children, tags, i, counts))
            elif kind == 2:
                self._flush_carry(out)
                table = self._table(child, depth + 1, self._child_path(path, children, tags, i, counts))
                (out if self._tables_out is None else self._tables_out).append(table)
            elif kind == 3:
                content = self._sdt(child)
                if content is not None:
                    cpath = self._child_path(path, children, tags, i, counts)
                    self.walk_blocks(content, out, depth + 2, f"{cpath}/{content.prefix}:sdtContent" if content.prefix else None)
            elif kind == 4:
                self.walk_blocks(child, out, depth + 1, self._child_path(path, children, tags, i, counts))
            elif kind == 5:
                self._record("alt_content")
                branch = _branch(child)
                if branch is not None:
                    self.walk_blocks(branch, out, depth + 2, None)
            elif kind == 6:
                self._record("altchunk", self.rels.get(child.get(ns.R_ID) or "", ""))
            elif kind == 7:
                self._record("deletion")
            elif kind == 8:
                self._record("move", "moved from here")
            elif kind == 9:
                self._record("math")
        # a deleted paragraph mark with no paragraph after it in this container
        self._flush_carry(out)

    def _flush_carry(self, out: list) -> None:
        if self._carry is not None:
            self._carry = None
            out.append(self._carry_para)

    def _sdt(self, sdt):
        """Record a content control and return its ``w:sdtContent``."""
        pr = content = None
        for child in sdt.getchildren():
            if child.tag == ns.SDT_PR:
                pr = child
            elif child.tag == ns.SDT_CONTENT:
                content = child
        detail = ""
        if pr is not None:
            placeholder = None
            for child in pr.getchildren():
                tag = child.tag
                if tag == ns.TAG:
                    detail = child.get(_W_VAL) or detail
                elif tag == ns.ALIAS and not detail:
                    detail = child.get(_W_VAL) or ""
                elif tag == ns.SHOWING_PLC_HDR:
                    placeholder = child
            if placeholder is not None and _on_off(placeholder):
                self._record("placeholder", _squash(_leading_text(content)) or detail)
        self._record("sdt", detail)
        return content

    # --------------------------------------------------------------- paragraphs
    def _paragraph(self, p, out: list, depth: int, path: str) -> None:
        if depth > self.max_depth:
            self._check_depth(depth)
        ctx = self._ctx
        styles = self.styles
        children = p.getchildren()  # one list: iterating an lxml element costs more
        ppr = children[0] if children and children[0].tag == _P_PR else None
        style_id = None
        direct_num = direct_ilvl = None
        outline = jc = None
        mark_deleted = False
        if ppr is not None:
            kinds = _PPR_KIND
            for child in ppr.getchildren():
                kind = kinds.get(child.tag)
                if kind is None:
                    continue
                if kind == 1:
                    style_id = child.get(_W_VAL)
                elif kind == 2:
                    jc = normalise_jc(child.get(_W_VAL))
                elif kind == 3:
                    for sub in child.getchildren():
                        if sub.tag == ns.NUM_ID:
                            direct_num = sub.get(_W_VAL) or "0"
                        elif sub.tag == ns.ILVL:
                            direct_ilvl = _int_val(sub, 0)
                elif kind == 4:
                    v = _int_val(child)
                    outline = v if v is not None and 0 <= v <= 8 else -1
                else:
                    for mark in child.getchildren():
                        if mark.tag == ns.DEL or mark.tag == ns.MOVE_FROM:
                            mark_deleted = True
        pstyle = styles.paragraph(style_id if style_id is None or style_id in styles else None)

        carry = self._carry
        if carry is not None:
            # the previous paragraph's mark was deleted: it is joined to this one,
            # which keeps its own properties (Word keeps the last paragraph's mark)
            self._carry = None
            state = carry
            state.pstyle = pstyle
        else:
            state = _ParaState(pstyle)
            if not ctx.in_table:
                self.paragraph_count += 1
        index = 0 if ctx.in_table else self.paragraph_count

        self._inline(p, state, depth + 1, children)
        if self._hidden:
            # a field instruction does not outlive its paragraph here: one that never
            # reaches "separate" would otherwise hide the rest of the document. Fields
            # below ``_sealed`` are separated already: each field is marked once, so
            # paragraphs that each open a field and never end it stay linear
            fields = self._fields
            for i in range(self._sealed, len(fields)):
                fields[i].separated = True
            self._sealed = len(fields)
            self._hidden = 0

        if mark_deleted:
            self._record("deletion", "paragraph mark")
            self._carry = state
            self._carry_para = self._make_paragraph(path, state, pstyle, style_id, index, direct_num, direct_ilvl, outline, jc, count=False)
            self._emit_textboxes(state, out, depth)
            return

        out.append(self._make_paragraph(path, state, pstyle, style_id, index, direct_num, direct_ilvl, outline, jc))
        if state.textboxes:
            self._emit_textboxes(state, out, depth)

    def _make_paragraph(self, path, state, pstyle, style_id, index, direct_num, direct_ilvl, outline, jc, count=True):
        # the paragraph's text enters the model here: w:t, w:sym, math, labels; made visible
        content = visible("".join(state.pieces))
        label = ""
        level = None
        numbering = self.numbering
        if count and self._numbered:
            num_id = direct_num
            ilvl = direct_ilvl
            if num_id is None:
                num_id = pstyle.num_id
                if ilvl is None:
                    ilvl = pstyle.ilvl
                    if ilvl is None and num_id:
                        ilvl = numbering.level_of_style(num_id, pstyle.style_id)
            if num_id and num_id != "0":
                got = numbering.next_label(num_id, ilvl or 0)
                if got is not None:
                    label = visible(got)
                    level = ilvl or 0
        if outline is None:
            outline_level = pstyle.outline_level
        else:
            outline_level = None if outline < 0 else outline
        ctx = self._ctx
        return Paragraph(
            index=index,
            text=label + content if label else content,
            content=content,
            numbering_label=label,
            style_id=self._visible_id(style_id or pstyle.style_id),
            style_name=pstyle.name if (style_id is None or style_id == pstyle.style_id) else self._visible_id(style_id),
            outline_level=outline_level,
            alignment=jc if jc is not None else pstyle.jc,
            bold=state.visible and state.bold,
            font_size=state.size,
            in_table=ctx.in_table,
            has_image=state.has_image,
            anchor=path,
            in_textbox=ctx.in_textbox,
            numbering_level=level,
        )

    def _emit_textboxes(self, state: _ParaState, out: list, depth: int) -> None:
        if not state.textboxes:
            return
        boxes = state.textboxes
        state.textboxes = []
        saved, carry = self._ctx, self._carry
        self._ctx = _Ctx(saved.in_table, saved.table_index, saved.where, True, saved.nesting, saved.row, saved.col)
        self._carry = None
        try:
            for box in boxes:
                self.walk_blocks(box, out, depth + 4, self.anchor(box))
        finally:
            self._ctx, self._carry = saved, carry

    # --------------------------------------------------------------------- runs
    def _inline(self, parent, state: _ParaState, depth: int, children: list | None = None) -> None:
        """Read the runs of ``parent`` (``children``: its children when already listed)."""
        if depth > self.max_depth:
            self._check_depth(depth)
        kinds = _INLINE_KIND
        for child in parent.getchildren() if children is None else children:
            kind = kinds.get(child.tag)
            if kind is None:
                continue
            if kind == 1:
                self._run(child, state, depth + 1)
            elif kind == 2:
                rid = child.get(ns.R_ID)
                target = self.rels.get(rid, "") if rid else ""
                if not target:
                    a = child.get(ns.w("anchor"))
                    target = f"#{a}" if a else ""
                self._record("hyperlink", target)
                self._inline(child, state, depth + 1)
            elif kind == 3:
                self._record("insertion")
                self._inline(child, state, depth + 1)
            elif kind == 4:
                self._record("move", "moved to here")
                self._inline(child, state, depth + 1)
            elif kind == 5:
                self._inline(child, state, depth + 1)
            elif kind == 6:
                content = self._sdt(child)
                if content is not None:
                    self._inline(content, state, depth + 2)
            elif kind == 7:
                self._record("field", _squash(child.get(ns.INSTR_ATTR) or ""))
                self._inline(child, state, depth + 1)
            elif kind == 8:
                self._record("deletion")
            elif kind == 9:
                self._record("move", "moved from here")
            elif kind == 10:
                self._record("alt_content")
                branch = _branch(child)
                if branch is not None:
                    self._inline(branch, state, depth + 1)
            elif kind == 11:
                self._record("math")
                if not self._hidden:
                    text = "".join(t.text or "" for t in child.iter(ns.M_T))
                    if text:
                        state.pieces.append(text)
                        if text.strip() and not state.visible:
                            state.visible = True
                            state.bold = False

    def _run(self, r, state: _ParaState, depth: int) -> None:
        pieces: list[str] = []
        rpr = self._run_children(r, state, pieces, depth)
        if not pieces:
            return
        text = pieces[0] if len(pieces) == 1 else "".join(pieces)
        bold = size = None
        vanish = False
        if rpr is not None:
            rstyle = None
            for child in rpr.getchildren():
                tag = child.tag
                if tag == ns.B:
                    bold = _on_off(child)
                elif tag == ns.SZ:
                    v = _int_val(child)
                    if v is not None and v > 0:
                        size = v / 2
                elif tag == ns.VANISH:
                    vanish = _on_off(child)
                elif tag == ns.R_STYLE:
                    rstyle = child.get(_W_VAL)
            if rstyle:
                rs = self.styles.run(rstyle)
                if bold is None:
                    bold = rs.bold
                if size is None:
                    size = rs.size
                if not vanish and rs.vanish:
                    vanish = True
            if vanish:
                return
        state.pieces.append(text)
        if not text.isspace():
            if bold is None:
                bold = state.pstyle.bold
                if bold is None:
                    bold = self._default_bold
            if not bold:
                state.bold = False
            if not state.visible:
                state.visible = True
                if size is None:
                    size = state.pstyle.size
                    if size is None:
                        size = self._default_size
                state.size = size

    def _run_children(self, parent, state: _ParaState, pieces: list[str], depth: int):
        """Collect the visible text of a run's children; return its ``w:rPr``."""
        if depth > self.max_depth:
            self._check_depth(depth)
        rpr = None
        kinds = _RUN_KIND
        hidden = self._hidden
        for child in parent.getchildren():
            kind = kinds.get(child.tag)
            if kind is None:
                continue
            if kind == 1:
                if not hidden:
                    t = child.text
                    if t:
                        pieces.append(t)
            elif kind == 0:
                rpr = child
            elif kind == 2:
                if not hidden:
                    pieces.append("\t")
            elif kind == 3:
                if not hidden:
                    pieces.append("\n")
            elif kind == 4:
                if not hidden:
                    pieces.append("-")
            elif kind == 5:
                if not hidden:
                    pieces.append(_sym(child))
            elif kind == 6:
                kind_attr = child.get(ns.FLD_CHAR_TYPE)
                if kind_attr == "begin":
                    self._fields.append(_Field(self._where()))
                    self._hidden += 1
                elif kind_attr == "separate":
                    if self._fields and not self._fields[-1].separated:
                        self._fields[-1].separated = True
                        self._hidden -= 1
                elif kind_attr == "end":
                    if self._fields:
                        f = self._fields.pop()
                        if self._sealed > len(self._fields):
                            self._sealed = len(self._fields)
                        if not f.separated:
                            self._hidden -= 1
                        self.constructs.append(construct("field", f.where, _squash("".join(f.instr))))
                hidden = self._hidden
            elif kind == 7:
                if self._fields and not self._fields[-1].separated and child.text:
                    self._fields[-1].instr.append(child.text)
            elif kind == 8:
                self._drawing(child, state)
            elif kind == 9:
                self._pict(child, state)
            elif kind == 10:
                self._record("embedded_object", _object_detail(child))
                self._pict(child, state)
            elif kind == 11:
                self._record("alt_content")
                branch = _branch(child)
                if branch is not None:
                    self._run_children(branch, state, pieces, depth + 1)
                    hidden = self._hidden
            elif kind == 12:  # tolerated: some writers nest run content this way
                content = self._sdt(child)
                if content is not None:
                    self._run_children(content, state, pieces, depth + 2)
                    hidden = self._hidden
        return rpr

    # ------------------------------------------------------- drawings, pictures
    def _drawing(self, drawing, state: _ParaState) -> None:
        for frame in drawing:
            if frame.tag not in (ns.WP_INLINE, ns.WP_ANCHOR):
                continue
            docpr = frame.find(ns.WP_DOCPR)
            extent = frame.find(ns.WP_EXTENT)
            is_picture = next(_outside_boxes(frame, _PIC_TAGS), None) is not None
            boxes = _textboxes(frame)
            if is_picture:
                self._add_image(
                    state,
                    name=docpr.get("name", "") if docpr is not None else "",
                    descr=(docpr.get("descr") or docpr.get("title") or "") if docpr is not None else "",
                    cx=_int(extent.get("cx")) if extent is not None else 0,
                    cy=_int(extent.get("cy")) if extent is not None else 0,
                    floating=frame.tag == ns.WP_ANCHOR,
                )
            elif not boxes:
                gd = next(frame.iter(f"{{{ns.A_NS}}}graphicData"), None)
                uri = gd.get("uri", "") if gd is not None else ""
                self._record("embedded_object", uri.rsplit("/", 1)[-1])
            for box in boxes:
                self._record("textbox")
                state.textboxes.append(box)

    def _pict(self, pict, state: _ParaState) -> None:
        for data in _outside_boxes(pict, (ns.V_IMAGEDATA,)):
            shape = data.getparent()
            w, h = _vml_size(shape.get("style", "") if shape is not None else "")
            self._add_image(
                state,
                name=(shape.get("id") or "") if shape is not None else "",
                descr=(shape.get("alt") or data.get(_O_TITLE) or data.get("title") or "") if shape is not None else "",
                cx=w,
                cy=h,
                floating="position:absolute" in (shape.get("style", "") if shape is not None else "").replace(" ", ""),
            )
        for box in _textboxes(pict):
            self._record("textbox")
            state.textboxes.append(box)

    def _add_image(self, state: _ParaState, name: str, descr: str, cx: int, cy: int, floating: bool) -> None:
        state.has_image = True
        ctx = self._ctx
        self.images.append(
            Image(
                paragraph=0 if ctx.in_table else self.paragraph_count,
                name=visible(name),
                description=visible(descr),
                width_emu=cx,
                height_emu=cy,
                floating=floating,
                table=ctx.table_index if ctx.in_table else 0,
            )
        )
        self._record("image", name)

    # ------------------------------------------------------------------- tables
    def _table_items(self, container, wanted: frozenset, depth: int, path: str | None):
        """(element, tag, XPath) of the ``wanted`` children of a table or row, read
        through the content controls, custom XML and alternate content around them."""
        if depth > self.max_depth:
            self._check_depth(depth)
        counts: list = [None, None]
        children = container.getchildren()
        tags = [child.tag for child in children]
        for i, tag in enumerate(tags):
            if tag in wanted:
                yield children[i], tag, self._child_path(path, children, tags, i, counts)
            elif tag == ns.SDT or tag == ns.CUSTOM_XML:
                child = children[i]
                cpath = self._child_path(path, children, tags, i, counts)
                if tag == ns.SDT:
                    content = self._sdt(child)
                    if content is not None:
                        inner = f"{cpath}/{content.prefix}:sdtContent" if content.prefix else None
                        yield from self._table_items(content, wanted, depth + 2, inner)
                else:
                    yield from self._table_items(child, wanted, depth + 1, cpath)
            elif tag == ns.MC_ALTERNATE:
                branch = _branch(children[i])
                if branch is not None:
                    yield from self._table_items(branch, wanted, depth + 1, None)

    def _table(self, tbl, depth: int, path: str) -> Table:
        self._check_depth(depth)
        outer = self._ctx
        nesting = outer.nesting + (1 if outer.in_table else 0)
        if not outer.in_table:
            self.table_count += 1
            index = self.table_count
            table_index = index
            where = f"{self.label}table {index}"
        else:
            index = 0
            table_index = outer.table_index
            where = f"{self._where()} > nested table"
            self._record("nested_table", f"nesting {nesting}")
        paragraph_before = self.paragraph_count
        budget = self.grid
        max_columns = budget.max_columns
        cell_ctx = _Ctx(True, table_index, where, False, nesting)
        grid: list[list[Cell | None]] = []
        for tr, _tag, tr_path in self._table_items(tbl, _ROW_TAGS, depth + 1, path):
            r = len(grid)
            trpr = None
            cells = []
            for el, tag, tc_path in self._table_items(tr, _CELL_TAGS, depth + 2, tr_path):
                if tag == _TR_PR:
                    trpr = el
                else:
                    cells.append((el, tc_path))
            before = after = 0
            if trpr is not None:
                deleted = False
                for prop in trpr.getchildren():
                    tag = prop.tag
                    if tag == ns.GRID_BEFORE:
                        before = max(_int_val(prop, 0) or 0, 0)
                    elif tag == ns.GRID_AFTER:
                        after = max(_int_val(prop, 0) or 0, 0)
                    elif tag == ns.DEL:
                        deleted = True
                if deleted:
                    self.constructs.append(construct("deletion", f"{where}, deleted row", "table row"))
                    continue
            before = min(before, 1000)
            if before:
                budget.claim(where, before, before)
            row: list[Cell | None] = [None] * before
            above_row = grid[r - 1] if r else None
            for tc, tc_path in cells:
                tc_children = tc.getchildren()
                tcpr = tc_children[0] if tc_children and tc_children[0].tag == _TC_PR else None
                span = 1
                vmerge = hmerge = None
                if tcpr is not None:
                    for prop in tcpr.getchildren():
                        tag = prop.tag
                        if tag == ns.GRID_SPAN:
                            span = min(max(_int_val(prop, 1) or 1, 1), 1000)
                        elif tag == ns.V_MERGE:
                            vmerge = prop.get(_W_VAL) or "continue"
                        elif tag == ns.H_MERGE:
                            hmerge = prop.get(_W_VAL) or "continue"
                col = len(row)
                budget.left -= span  # GridBudget.claim, inlined: once per cell
                if col + span > max_columns or budget.left < 0:
                    budget.left += span
                    budget.claim(where, col + span, span)  # raises
                cell_ctx.row, cell_ctx.col = r + 1, col + 1
                self._ctx = cell_ctx
                try:
                    if hmerge == "continue" and row and row[-1] is not None and row[-1].row == r:
                        prev = row[-1]
                        prev.col_span += span
                        row.extend([prev] * span)
                        self._merge_content(prev, tc, depth + 3, tc_path, tc_children)
                        continue
                    if vmerge == "continue" and above_row is not None and col < len(above_row):
                        above = above_row[col]
                        if (above is not None and above.col == col and above.col_span == span
                                and above.row + above.row_span == r):
                            above.row_span += 1
                            row.extend([above] * span)
                            self._merge_content(above, tc, depth + 3, tc_path, tc_children)
                            continue
                    cell = Cell(text="", row=r, col=col, col_span=span, anchor=tc_path)
                    self._fill_cell(cell, tc, depth + 3, tc_path, tc_children)
                    row.extend([cell] * span)
                finally:
                    self._ctx = outer
            if after:
                after = min(after, 1000)
                budget.claim(where, len(row) + after, after)
                row.extend([None] * after)
            grid.append(row)
        width = max((len(row) for row in grid), default=0)
        budget.claim(where, width, sum(width - len(row) for row in grid))  # the padding, before it is made
        seen: set[int] = set()
        for row in grid:
            if len(row) < width:
                row.extend([None] * (width - len(row)))
            for cell in row:
                if cell is not None and id(cell) not in seen:
                    seen.add(id(cell))
                    paras = cell.paragraphs
                    cell.text = paras[0].text if len(paras) == 1 else "\n".join(p.text for p in paras)
        return Table(index=index, grid=grid, paragraph_before=paragraph_before, nesting=nesting, anchor=path)

    def _fill_cell(self, cell: Cell, tc, depth: int, path: str | None, children: list) -> None:
        saved = self._tables_out
        self._tables_out = cell.tables
        self.walk_blocks(tc, cell.paragraphs, depth, path, children)
        self._tables_out = saved

    def _merge_content(self, cell: Cell, tc, depth: int, path: str | None, children: list) -> None:
        """Content typed into a merged-away cell stays visible to rules: append it."""
        extra = Cell(text="", row=cell.row, col=cell.col)
        self._fill_cell(extra, tc, depth, path, children)
        cell.paragraphs.extend(p for p in extra.paragraphs if p.text.strip())
        cell.tables.extend(extra.tables)


# ----------------------------------------------------------------- utilities

def _int(value: str | None) -> int:
    try:
        return int(value) if value is not None else 0
    except ValueError:
        return 0


def _outside_boxes(root, tags: tuple):
    """Descendants of ``root`` with these tags that are not inside a text box of it
    (what is inside a box is read with the box's paragraphs)."""
    for el in root.iter(*tags):
        parent = el.getparent()
        while parent is not None and parent is not root and parent.tag != ns.TXBX_CONTENT:
            parent = parent.getparent()
        if parent is None or parent is root:
            yield el


def _textboxes(el) -> list:
    """Outermost ``w:txbxContent`` under ``el`` (nested boxes are read from their parent box)."""
    found = list(el.iter(ns.TXBX_CONTENT))
    if len(found) <= 1:
        return found
    ids = {id(x) for x in found}
    out = []
    for box in found:
        parent = box.getparent()
        nested = False
        while parent is not None and parent is not el:
            if parent.tag == ns.TXBX_CONTENT and id(parent) in ids:
                nested = True
                break
            parent = parent.getparent()
        if not nested:
            out.append(box)
    return out


def _leading_text(content) -> str:
    """The text of ``w:t`` under ``content``, collected up to about :data:`MAX_DETAIL`
    characters (content controls nested a hundred deep must not each copy all of it)."""
    if content is None:
        return ""
    pieces: list[str] = []
    size = 0
    for t in content.iter(ns.T):
        text = t.text
        if text:
            pieces.append(text)
            size += len(text)
            if size > 2 * MAX_DETAIL:  # squashing white space may shorten it: keep some extra
                break
    return "".join(pieces)


def _sym(el) -> str:
    code = el.get(ns.SYM_CHAR) or ""
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    if 0xF000 <= value <= 0xF0FF:  # symbol fonts map their glyphs to U+F0xx
        value -= 0xF000
    try:
        return visible(chr(value))  # D800 or 1B must not enter the text as such
    except (ValueError, OverflowError):
        return ""


def _vml_size(style: str) -> tuple[int, int]:
    size = {"width": 0, "height": 0}
    for decl in style.split(";"):
        key, _, value = decl.partition(":")
        key = key.strip().lower()
        if key in size:
            size[key] = _length_emu(value.strip())
    return size["width"], size["height"]


_UNITS_EMU = {"pt": 12700, "in": 914400, "cm": 360000, "mm": 36000, "px": 9525, "pc": 152400, "emu": 1}


def _length_emu(value: str) -> int:
    for unit, factor in _UNITS_EMU.items():
        if value.endswith(unit):
            try:
                return int(float(value[: -len(unit)]) * factor)
            except ValueError:
                return 0
    try:
        return int(float(value) * 9525)  # bare numbers are pixels in CSS
    except ValueError:
        return 0


def _object_detail(obj) -> str:
    for el in obj.iter():
        prog = el.get("ProgID")
        if prog:
            return prog
    return ""
