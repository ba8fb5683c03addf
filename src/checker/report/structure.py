"""The shared analysis of one annual report: title, year, agency, sections, tables, dates.

Every rule of the pack (and other packs, e.g. prose-vs-table checks) reads the report
through :func:`analyse`, which is computed once per document and profile
(``ctx.memo``). The API is stable:

>>> s = analyse(doc, ctx)                               # doctest: +SKIP
>>> s.year, s.agency, s.agency_kind, s.edition          # doctest: +SKIP
(2020, '区交通运输局', 'department', '2019')
>>> s.sections[3].heading.text                          # doctest: +SKIP
'三、收到和处理政府信息公开申请情况'
>>> c = s.cell("T3.NEW.tot"); c.value.as_int, c.location.row   # doctest: +SKIP
(1, 4)

Cell names follow spec §8: ``T3.<ROW>.<col>`` (rows NEW, CARRY_IN, OPEN, PART,
DENY1..8, UNABLE1..3, REJECT1..5, OTHER or OTHER1..3, TOTAL, CARRY_OUT; columns np, biz,
res, ngo, law, oth, tot), ``T4.<REV|LIT_DIRECT|LIT_AFTER>.<keep|fix|other|pending|total>``,
``T2.<ROW>.<col>`` or ``T2.<ROW>`` for one-column blocks (2021: REG/NORM .made .repealed
.valid, LICENSE, PENALTY, COERCION, FEE_WAN; 2019: REG/NORM .new_made .new_pub
.total_pub, LICENSE/OTHER_SVC/PENALTY/COERCION .prev .delta .decisions, FEE.prev/.delta,
PROC.projects/.amount).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import AbstractSet, Any, Mapping

from checker.findings import Location, place, short_table_name
from checker.model import Block, Cell, Document, Paragraph, Table
from checker.text import CellValue, excerpt, parse_number, remove_spaces, squash_spaces

from .layout import LocatedTable, TableSpec, locate, similar, table_spec
from .layout import label_key as _cached_key
from .textutil import HeadingText, LazyPattern, WrittenDate, find_dates, read_heading

__all__ = [
    "NamedCell",
    "ReportStructure",
    "Section",
    "Title",
    "analyse",
    "cell_label",
    "cells_where",
    "classify_agency",
    "describe_cell",
    "describe_list",
    "describe_sum",
    "report_year",
]

MEMO_KEY = "checker.report.structure"
READ_KEY = "checker.report.read"  # [(reading data, structure as read, located tables)]


@dataclass(frozen=True, eq=False, repr=False)
class NamedCell:
    """A value cell of a report table, by its spec §8 name."""

    name: str  # "T3.NEW.tot"
    table: str  # "T3"
    cell: Cell
    value: CellValue
    location: Location
    kind: str = "count"  # count | signed | money
    units: tuple[str, ...] = ()
    row_label: str = ""
    column_label: str = ""

    @property
    def label(self) -> str:
        """``一、本年新收政府信息公开申请数量 / 总计`` - for messages (long remarks in
        parentheses dropped: ``（二）部分公开 / 总计``)."""
        return " / ".join(x for x in (_row_text(self), self.column_label) if x)



# --- naming cells for people ------------------------------------------------------
# Messages name a cell by the labels a drafter sees in Word (``（一）予以公开/总计``) and
# its place (``表三第6行第10列``: the table by the name its location gives, checker.findings.place),
# never by its spec §8 name (``T3.OPEN.tot``).


def _resolve(cell: Any, st: "ReportStructure | None") -> "NamedCell | str":
    if isinstance(cell, NamedCell):
        return cell
    found = st.cell(str(cell)) if st is not None else None
    return found if found is not None else str(cell)


def _row_text(c: NamedCell) -> str:
    """The row label without a long remark in parentheses (``（二）部分公开``)."""
    return re.sub(r"(?<=.{4})（[^（）]{6,}）$", "", c.row_label)


def cell_label(cell: Any, lang: str = "zh", st: "ReportStructure | None" = None) -> str:
    """The cell's row and column labels as printed in the table: ``（一）予以公开/总计``
    (zh) or ``（一）予以公开 / 总计`` (en); long remarks in parentheses dropped."""
    c = _resolve(cell, st)
    if not isinstance(c, NamedCell):
        return c
    sep = "/" if lang == "zh" else " / "
    return sep.join(x for x in (_row_text(c), c.column_label) if x) or c.name


def cells_where(cells: Any, lang: str = "zh") -> str:
    """Where cells are, for a message: ``表三第6行第10列``, ``表三第6、7行第10列`` / ``table 3,
    rows 6, 7, col 10`` - the table named as their locations name it
    (:func:`checker.findings.place`, the one phrasing of a place); empty when they lie in
    several tables or have no place."""
    cs = [c for c in cells if isinstance(c, NamedCell)]
    tables = {c.location.table for c in cs}
    if not cs or len(tables) != 1 or None in tables:
        return ""
    rows = [c.location.row for c in cs if c.location.row]
    cols = [c.location.column for c in cs if c.location.column]
    return place(cs[0].location, lang, rows, cols, joined=True)


def _paren(inner: str, zh: bool) -> str:
    return "" if not inner else (f"（{inner}）" if zh else f" ({inner})")


def describe_cell(cell: Any, lang: str = "zh", st: "ReportStructure | None" = None, *, where: bool = True) -> str:
    """One cell for a message: ``（一）予以公开/总计（表三第6行第10列）`` /
    ``（一）予以公开 / 总计 (table 3, row 6, col 10)``. ``cell`` is a NamedCell or a
    name looked up in ``st``."""
    c = _resolve(cell, st)
    text = cell_label(c, lang)
    return text + (_paren(cells_where([c], lang), lang == "zh") if where else "")


def _common(cs: list[NamedCell]) -> tuple[str, str]:
    """("column", label) when the cells share a column label and differ in rows,
    ("row", label) when they share a row label and differ in columns, else ("", "")."""
    if len(cs) < 2 or len(cs) != len([c for c in cs if isinstance(c, NamedCell)]):
        return "", ""
    cols = {c.column_label for c in cs}
    rows = [_row_text(c) for c in cs]
    if len(cols) == 1 and "" not in cols and all(rows) and len(set(rows)) == len(rows):
        return "column", next(iter(cols))
    if len(set(rows)) == 1 and rows[0] and all(c.column_label for c in cs) and len(cols) == len(cs):
        return "row", rows[0]
    return "", ""


def _terms(cs: list[Any], lang: str, values: Mapping[str, str] | None, common: str, sep_value: str) -> list[str]:
    zh = lang == "zh"
    out = []
    for c in cs:
        if isinstance(c, NamedCell):
            label = excerpt(_row_text(c), 16) if common == "column" else c.column_label if common == "row" \
                else cell_label(c, lang)
            name = c.name
        else:
            label = name = c
        if values is not None and name in values:
            v = values[name]
            label = (f"{label}（{v}）" if zh else f"{label} ({v})") if sep_value == "()" else \
                (f"{label}＝{v}" if zh else f"{label} = {v}")
        out.append(label)
    return out


def _scope(kind: str, label: str, zh: bool) -> str:
    if kind == "column":
        return f"“{label}”列" if zh else f"column {label}"
    if kind == "row":
        return f"“{label}”行" if zh else f"row {label}"
    return ""


def describe_sum(
    cells: Any, lang: str = "zh", st: "ReportStructure | None" = None, *,
    values: Mapping[str, str] | None = None, where: bool = True, limit: int = 6, inner: bool = False,
) -> str:
    """Cells added up, for a message. One cell: :func:`describe_cell`. Several: the labels
    joined by ＋, the shared column (or row) said once, then where they are:
    ``（一）予以公开＋（二）部分公开（“总计”列，表三第6、7行第10列）`` /
    ``（一）予以公开 + （二）部分公开 (column 总计; table 3, rows 6, 7, col 10)``.
    ``values`` (cell name -> text) adds each cell's value; past ``limit`` cells the rest
    is counted (``等20项`` / ``and 17 more``). ``inner``: for text already in parentheses,
    the notes follow after a comma (``行政复议/结果维持，表四第4行第1列``)."""
    zh = lang == "zh"
    cs = [_resolve(c, st) for c in cells]
    if len(cs) == 1 and values is None:
        kind, shared, terms = "", "", [cell_label(cs[0], lang)]
    else:
        kind, shared = _common(cs)  # type: ignore[arg-type]
        terms = _terms(cs, lang, values, kind, "()")
    text = ("＋" if zh else " + ").join(terms[:limit])
    if len(terms) > limit:
        text += f"等{len(terms)}项" if zh else f" and {len(terms) - limit} more"
    notes = ("，" if zh else "; ").join(
        x for x in (_scope(kind, shared, zh), cells_where(cs, lang) if where else "") if x)
    if inner:
        return f"{text}{'，' if zh else '; '}{notes}" if notes else text
    return text + _paren(notes, zh)


def describe_list(
    cells: Any, lang: str = "zh", st: "ReportStructure | None" = None, *,
    values: Mapping[str, str] | None = None, limit: int = 8,
) -> str:
    """Cells listed (not added), without places: ``“总计”列的（一）予以公开＝272、（二）部分公开＝3``
    / ``in column 总计: （一）予以公开 = 272, （二）部分公开 = 3``; past ``limit`` cells the
    rest is counted (``等11处`` / ``and 3 more``)."""
    zh = lang == "zh"
    cs = [_resolve(c, st) for c in cells]
    kind, shared = _common(cs)  # type: ignore[arg-type]
    terms = _terms(cs, lang, values, kind, "=")
    if zh:
        text = "、".join(terms[:limit]) + (f"等{len(terms)}处" if len(terms) > limit else "")
        return (f"{_scope(kind, shared, True)}的" if kind else "") + text
    text = ", ".join(terms[:limit]) + (f" and {len(terms) - limit} more" if len(terms) > limit else "")
    return (f"in {_scope(kind, shared, False)}: " if kind else "") + text


@dataclass(eq=False, repr=False)
class Title:
    paragraphs: list[Paragraph]
    text: str
    year: int | None
    agency: str
    phrase_found: bool
    near_miss: str = ""  # the near-miss phrase found instead of the official one
    template_words: list[str] = field(default_factory=list)

    @property
    def paragraph(self) -> Paragraph | None:
        return self.paragraphs[-1] if self.paragraphs else None


@dataclass(eq=False, repr=False)
class Section:
    """One of the six sections as found in the document."""

    number: int  # 1..6, the position in the format
    spec: Mapping[str, Any]
    heading: Paragraph
    heading_text: HeadingText
    position: int  # index into doc.blocks
    match: str  # exact | variant | fuzzy
    end: int = 0  # one past the last block of the section (index into doc.blocks)
    blocks: list[Block] = field(default_factory=list)

    @property
    def official(self) -> str:
        return str(self.spec.get("title", ""))

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


@dataclass(eq=False, repr=False)
class DateLine:
    paragraph: Paragraph
    date: WrittenDate


@dataclass(eq=False, repr=False)
class StatisticsPeriod:
    paragraph: Paragraph
    start: WrittenDate
    end: WrittenDate
    text: str


@dataclass(eq=False, repr=False)
class ReportStructure:
    doc: Document
    data: Mapping[str, Any]
    title: Title | None = None
    year: int | None = None
    year_source: str = ""  # the source that decided the year (the first, by priority, of those agreeing)
    #: every source of evidence for the year and the year it gives (``title``, ``header``,
    #: ``opening``, ``statistics period``, ``date line``, ``prose``, ``file name``, ``properties``)
    year_sources: dict[str, int] = field(default_factory=dict)
    #: the one source that disagrees with all the others, and its year (the finding points at it)
    year_outlier: tuple[str, int] | None = None
    header_title: "Title | None" = None  # a title found only in a page header: evidence, not the title
    contents: list[Paragraph] = field(default_factory=list)  # a table of contents, skipped as content
    agency: str = ""
    agency_source: str = ""  # title | header | opening | signature | file name
    agency_kind: str = "unknown"
    expected_edition: str | None = None  # from the profile (or the year)
    expected_reason: str = ""
    table_edition: str | None = None  # the edition the tables follow
    edition_scores: dict[str, float] = field(default_factory=dict)
    edition: str | None = None  # the edition the tables are analysed against (expected one when mixed)
    table_editions: dict[str, str] = field(default_factory=dict)  # role -> edition of the layout it follows
    sections: dict[int, Section] = field(default_factory=dict)
    headings_in_order: list[Section] = field(default_factory=list)
    #: Sections with no heading of their own whose content a passage of the text carries
    #: (``data.sections[].passages``: a report covers the item inside another section).
    passages: dict[int, Paragraph] = field(default_factory=dict)
    opening_year: int | None = None  # the year the opening paragraphs name (``data.opening``)
    tables: dict[str, LocatedTable] = field(default_factory=dict)
    table_specs: dict[str, TableSpec] = field(default_factory=dict)
    # named on first use (:attr:`cells`): choosing the profile reads the structure without them
    _cells: dict[str, NamedCell] | None = field(default=None, repr=False)
    date_line: DateLine | None = None
    signature: Paragraph | None = None
    statistics_period: StatisticsPeriod | None = None
    block_pos: dict[int, int] = field(default_factory=dict)  # id(block) -> index in doc.blocks
    _arith: Any = field(default=None, repr=False)  # the evaluated relations (checker.report.arith), on first use
    #: lines of a trailing layout table (落款 and date right-aligned in a 1×2 or 2×2 table):
    #: id(paragraph) -> (table, cell); their block_pos is the table's
    layout_cells: dict[int, tuple[Table, Cell]] = field(default_factory=dict)
    _layout_lines: list[Paragraph] = field(default_factory=list, repr=False)

    # --- API ----------------------------------------------------------------------
    @property
    def cells(self) -> dict[str, NamedCell]:
        """The value cells of the located tables by their spec §8 names, named on first use."""
        if self._cells is None:
            self._cells = _name_cells(self)
        return self._cells

    def cell(self, name: str) -> NamedCell | None:
        """The named cell (``"T3.NEW.tot"``), or None when the table/row/column is absent."""
        return self.cells.get(name)

    def cells_of(self, table: str) -> list[NamedCell]:
        return [c for c in self.cells.values() if c.table == table]

    def section_of(self, block: Block) -> int | None:
        """The section number (1-6) a block lies in, by position."""
        pos = self.block_pos.get(id(block))
        if pos is None:
            return None
        best = None
        for s in self.headings_in_order:
            if s.position <= pos:
                best = s.number
        return best

    def role_of(self, table: Table) -> str | None:
        """The role (``T3``) of the format's table that ``table`` is (a part of), if any."""
        return next((role for role, lt in self.tables.items() if any(t is table for t in lt.tables)), None)

    def table_place(self, table: Table, role: str | None = None) -> dict[str, Any]:
        """The :class:`Location` fields naming ``table``: its position, and when it is the
        format's table ``role`` (by default the role it was located as) the format's name
        (``表三``), with ``table_position_shown`` when the position does not go without
        saying (:meth:`_position_implied`). A table the format does not name, in a report
        whose format names tables, is named by its position alone (``文档第4个表格``)."""
        role = role or self.role_of(table)
        if role is None:
            return {"table": table.index, "table_position_shown": bool(self.table_specs)}
        return {"table": table.index, "table_name": short_table_name(role),
                "table_position_shown": not self._position_implied(table, role)}

    def _position_implied(self, table: Table, role: str) -> bool:
        """Whether a drafter finds the format's table ``role`` by its name alone: every
        document table before it is one of the format's (none it does not count, such as a
        leading 索引号 table) and the role is one Word table (a 表二 split in two has two
        row 3s)."""
        counted = {id(t): t for lt in self.tables.values() for t in lt.tables}
        before = sum(1 for t in counted.values() if t.index < table.index)
        located = self.tables.get(role)
        return table.index == before + 1 and (located is None or len(located.tables) <= 1)

    def table_location(self, table: Table, role: str | None = None, **kw: Any) -> Location:
        """A location in ``table``, named as :meth:`table_place` says."""
        return Location(section=self.section_of(table), **self.table_place(table, role), **kw)

    def paragraph_location(self, p: Paragraph, **kw: Any) -> Location:
        kw.setdefault("excerpt", excerpt(p.text))
        placed = self.layout_cells.get(id(p))
        if placed is not None:  # a line of the trailing layout table: its cell
            table, cell = placed
            return Location(section=self.section_of(p), **self.table_place(table), row=cell.row + 1, column=cell.col + 1, **kw)
        return Location(section=self.section_of(p), paragraph=p.index, **kw)

    def tail_paragraphs(self, n: int) -> list[Paragraph]:
        """The last ``n`` non-empty lines of the body, in document order: paragraphs, and the
        lines of a trailing layout table (:func:`_layout_tail`: a borderless 1×2 or 2×2
        table that right-aligns the 落款 and the date)."""
        out = [b for b in self.doc.blocks if isinstance(b, Paragraph) and squash_spaces(b.text)]
        tail = self._layout_lines
        if tail:
            pos = self.block_pos.get(id(tail[0]), len(self.doc.blocks))
            out = [p for p in out if self.block_pos.get(id(p), 0) < pos] + tail
        return out[-n:] if n else []

    @property
    def editions(self) -> Mapping[str, Any]:
        return layouts(self.data)


# --- year / agency ----------------------------------------------------------------


def layouts(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """The table layouts of a profile by edition: ``data.editions``, or, for a report type
    with one layout, ``data.tables`` as the single edition ``""``."""
    editions = data.get("editions")
    if editions:
        return editions
    return {"": {"tables": data["tables"]}} if data.get("tables") else {}


def _year_pattern(data: Mapping[str, Any]) -> str:
    """The title's year (``2021年``, ``2021年度``): ``data.title.year_pattern``."""
    return (data.get("title") or {}).get("year_pattern") or r"(?<!\d)(\d{4})\s*年(?:度)?"


def report_year(title_text: str, data: Mapping[str, Any]) -> int | None:
    pattern = _year_pattern(data)
    for m in re.finditer(pattern, remove_spaces(title_text)):
        y = int(m.group(1))
        if 1990 <= y <= 2100:
            return y
    return None


def classify_agency(name: str, data: Mapping[str, Any]) -> str:
    """department | government | unknown, from the agency name and ``data.agency``."""
    a = data.get("agency") or {}
    n = remove_spaces(name)
    if not n:
        return "unknown"
    if any(n.endswith(s) for s in a.get("government_suffixes") or []):
        return "government"
    if any(re.search(p, n) for p in a.get("government_patterns") or []):
        return "government"
    if any(n.endswith(s) for s in a.get("department_suffixes") or []):
        return "department"
    return "unknown"


def _not_title(text: str, data: Mapping[str, Any]) -> bool:
    """Lines that stand before a title and are never it (``目录``, ``索引号：…``, ``发布日期：…``,
    a 主送机关 line ``市委、市政府：``): ``data.title.not_title`` patterns."""
    flat = remove_spaces(text)
    return any(re.search(str(pt), flat) for pt in (data.get("title") or {}).get("not_title") or [])


def _find_title(doc: Document, data: Mapping[str, Any], first_heading_pos: int | None,
                skip: AbstractSet[int] = frozenset()) -> Title | None:
    tdata = data.get("title") or {}
    phrase = str(tdata.get("phrase") or "")
    near = [str(x) for x in tdata.get("near_misses") or []]
    fallback = str(tdata.get("fallback") or "")
    suffix = str(tdata.get("suffix") or "")  # a title ends so (报告), a sentence naming the phrase does not
    limit = first_heading_pos if first_heading_pos is not None else len(doc.blocks)
    paras = [b for b in doc.blocks[:limit] if isinstance(b, Paragraph) and squash_spaces(b.text)
             and id(b) not in skip and not _not_title(b.text, data)][:8]
    chosen: list[Paragraph] = []
    found_phrase, found_near = False, ""
    for i, p in enumerate(paras):
        t = remove_spaces(p.text)
        if len(t) > 80 or (suffix and not t.rstrip("。：:，, ").endswith(suffix)):
            continue
        if phrase and phrase in t:
            found_phrase = True
        else:
            found_near = next((x for x in near if x in t), "")
            if not found_near and not (fallback and fallback in t):
                continue
        chosen = [p]
        # a title split over two lines: the agency on the line above
        if i > 0 and len(remove_spaces(paras[i - 1].text)) <= 30 and not find_dates(paras[i - 1].text):
            before = remove_spaces(t.split(phrase)[0] if phrase and phrase in t else t)
            if not _strip_year(before, data):
                chosen = [paras[i - 1], p]
        break
    if not chosen:
        # the first line may be a title naming the type wrongly, but never a sentence
        if paras and len(remove_spaces(paras[0].text)) <= 60 and read_heading(paras[0].text) and \
                read_heading(paras[0].text).number is None and not re.search(r"[。，,；;！？]", paras[0].text):
            chosen = [paras[0]]
        else:
            return None
    return _title_from(chosen, data, found_phrase, found_near)


def _title_from(chosen: list[Paragraph], data: Mapping[str, Any], found_phrase: bool, found_near: str) -> Title:
    """The title read from its paragraphs: the text, the year, the agency before the year."""
    tdata = data.get("title") or {}
    phrase = str(tdata.get("phrase") or "")
    fallback = str(tdata.get("fallback") or "")
    text = "".join(squash_spaces(p.text) for p in chosen)
    flat = remove_spaces(text)
    year = report_year(flat, data)
    cut = phrase if phrase and phrase in flat else (found_near or fallback)
    before = flat.split(cut)[0] if cut and cut in flat else flat
    after = flat.split(cut, 1)[1] if cut and cut in flat else ""
    agency = re.sub(r"(关于|的)$", "", _strip_year(before, data).strip("《》〈〉\"“”:：,，、 "))
    words = [w for w in tdata.get("template_words") or [] if w in after or w in agency]
    if words and agency and all(ch in "".join(words) for ch in agency):
        agency = ""
    return Title(chosen, text, year, agency, found_phrase, found_near, words)


def _header_title(doc: Document, data: Mapping[str, Any]) -> Title | None:
    """A title in a page header (the phrase or a near miss): evidence for the year and the
    agency when the body has no title. Never the report's title itself."""
    tdata = data.get("title") or {}
    words = [str(x) for x in [tdata.get("phrase"), *(tdata.get("near_misses") or [])] if x]
    for text in doc.headers:
        for line in re.split(r"[\r\n\t]+", text):
            flat = remove_spaces(line)
            hit = next((w for w in words if w in flat), None)
            if hit and len(flat) <= 80:
                p = Paragraph(0, squash_spaces(line), squash_spaces(line))
                return _title_from([p], data, hit == words[0], "" if hit == words[0] else hit)
    return None


def _strip_year(text: str, data: Mapping[str, Any]) -> str:
    pattern = _year_pattern(data)
    return re.sub(pattern, "", text)


# --- sections ---------------------------------------------------------------------


def _classify_heading(ht: HeadingText, spec: Mapping[str, Any]) -> str | None:
    body = _cached_key(ht.body)
    if not body:
        return None
    title_text = str(spec.get("title", ""))
    title = _cached_key(title_text)
    if body == title:
        return "exact"
    if any(body == _cached_key(v) for v in spec.get("variants") or []):
        return "variant"
    if ht.number is None and not ht.arabic:
        # an unnumbered paragraph is a heading only when it says (almost) the same
        return "fuzzy" if similar(ht.body, title_text, 0.8) else None
    kws = [_cached_key(k) for k in spec.get("keywords") or []]
    if ht.number == spec.get("number") and kws and all(k in body for k in kws):
        return "fuzzy"
    # a numbered heading with any of the section's words, whatever its number (report
    # types whose headings are content, not fixed wording)
    if any(_cached_key(k) in body for k in spec.get("keywords_any") or []):
        return "fuzzy"
    if similar(ht.body, title_text, 0.7):
        return "fuzzy"
    return None


def _find_sections(doc: Document, data: Mapping[str, Any], skip: AbstractSet[int] = frozenset()) -> list[Section]:
    specs = list(data.get("sections") or [])
    max_chars = int(data.get("heading_max_chars") or 40)
    cands: list[tuple[int, Paragraph, HeadingText]] = []
    for pos, b in enumerate(doc.blocks):
        if not isinstance(b, Paragraph) or b.in_table or id(b) in skip:
            continue
        s = squash_spaces(b.text)
        if not s or len(remove_spaces(s)) > max_chars:
            continue
        ht = read_heading(s)
        if ht is not None:
            cands.append((pos, b, ht))
    found: list[Section] = []
    used: set[int] = set()
    prev = -1
    rank = {"exact": 0, "variant": 0, "fuzzy": 1}
    for spec in specs:
        options = []
        for pos, p, ht in cands:
            if pos in used:
                continue
            kind = _classify_heading(ht, spec)
            if kind is not None:
                options.append((pos, p, ht, kind))
        if not options:
            continue
        after = [o for o in options if o[0] > prev]
        pool = after or options
        pool.sort(key=lambda o: (rank[o[3]], o[0]))
        pos, p, ht, kind = pool[0]
        used.add(pos)
        if after:
            prev = pos
        found.append(Section(int(spec["number"]), spec, p, ht, pos, kind))
    return found


def _find_passages(doc: Document, data: Mapping[str, Any], found: list[Section]) -> dict[int, Paragraph]:
    """The first paragraph carrying a heading-less section's words (``passages``).

    The body's text is joined once and each word found with one ``str.find`` (a profile
    has a few dozen words; a report thousands of paragraphs).
    """
    have = {s.number for s in found}
    wanted = [(int(spec["number"]), [remove_spaces(w) for w in spec.get("passages") or []])
              for spec in data.get("sections") or [] if spec.get("passages") and int(spec["number"]) not in have]
    if not wanted:
        return {}
    from bisect import bisect_right

    paras = [p for p in doc.paragraphs if not p.in_table]
    starts, parts, at = [], [], 0
    for p in paras:
        text = remove_spaces(p.text)
        starts.append(at)
        parts.append(text)
        at += len(text) + 1
    body = "\n".join(parts)
    out: dict[int, Paragraph] = {}
    for number, words in wanted:
        hits = [i for i in (body.find(w) for w in words if w) if i >= 0]
        if hits:
            out[number] = paras[bisect_right(starts, min(hits)) - 1]
    return out


def _assign_blocks(doc: Document, sections: list[Section]) -> None:
    ordered = sorted(sections, key=lambda s: s.position)
    for i, s in enumerate(ordered):
        s.end = ordered[i + 1].position if i + 1 < len(ordered) else len(doc.blocks)
        s.blocks = doc.blocks[s.position + 1 : s.end]


# --- tables -----------------------------------------------------------------------


_SPECS: list[Any] = []  # [editions data, {edition: {role: TableSpec}}]: the layouts, built once per profile


def _table_specs(editions: Mapping[str, Any]) -> dict[str, dict[str, TableSpec]]:
    """Every edition's table layouts as TableSpecs (immutable), built once for the same data."""
    if not (_SPECS and (_SPECS[0] is editions or _SPECS[0] == editions)):
        specs = {
            str(ed): {role: table_spec(role, raw) for role, raw in ((editions.get(str(ed)) or {}).get("tables") or {}).items()}
            for ed in editions
        }
        _SPECS[:] = [editions, specs]
    return _SPECS[1]


def _locate_tables(doc: Document, data: Mapping[str, Any], edition: str) -> tuple[dict[str, LocatedTable], dict[str, TableSpec]]:
    tables = [t for t in doc.tables if t.nesting == 0]
    out: dict[str, LocatedTable] = {}
    specs: dict[str, TableSpec] = {}
    taken: list[Table] = []
    for role, spec in _table_specs(layouts(data)).get(edition, {}).items():
        specs[role] = spec
        pool = [t for t in tables if all(t is not x for x in taken)] if not any(b.caption for b in spec.blocks) else tables
        lt = locate(spec, pool)
        if lt is not None:
            out[role] = lt
            if not any(b.caption for b in spec.blocks):
                taken.extend(lt.tables)
    return out, specs


def _located(doc: Document, data: Mapping[str, Any]) -> dict[str, tuple[dict[str, LocatedTable], dict[str, TableSpec]]]:
    """Every edition's tables located in ``doc`` (the costly part)."""
    return {str(ed): _locate_tables(doc, data, str(ed)) for ed in layouts(data)}


def _edition_of_year(year: int | None, data: Mapping[str, Any]) -> str | None:
    if year is None:
        return None
    for name, ed in layouts(data).items():
        lo = ed.get("first_year")
        hi = ed.get("last_year")
        if (lo is None or year >= int(lo)) and (hi is None or year <= int(hi)):
            return str(name)
    return None


def _column_label(spec: Any, leaf_count: Mapping[str, int]) -> str:
    """The column's label for people: the leaf, with its parent when the leaf repeats (表四 总计)."""
    path = list(getattr(spec, "path", ()) or ())
    if not path:
        return ""
    if leaf_count.get(_cached_key(path[-1]), 0) > 1 and len(path) > 1:
        return f"{path[-2]}/{path[-1]}"
    return path[-1]


@lru_cache(maxsize=4096)
def _read_cell_text(text: str) -> tuple[CellValue, str | None]:
    """A cell's value and excerpt, by its text: the tables repeat the same few texts
    (``0``, blanks, dashes) and the values are immutable, so each text is read once."""
    return parse_number(text), (excerpt(text) if squash_spaces(text) else None)


def _name_cells(st: ReportStructure) -> dict[str, NamedCell]:
    """The value cells of the located tables by their spec §8 names, rows in layout order."""
    cells: dict[str, NamedCell] = {}
    for role, lt in st.tables.items():
        leaf_count: dict[str, int] = {}
        for b in lt.spec.blocks:
            for c in b.columns:
                leaf_count[_cached_key(c.label)] = leaf_count.get(_cached_key(c.label), 0) + 1
        for blk in lt.blocks:
            table = blk.table
            section = st.section_of(table)
            named = st.table_place(table, role)  # 表三, as every location of its cells says
            columns = [
                (ck, cm, _column_label(cm.spec, leaf_count))
                for ck, cm in blk.columns.items()
            ]
            for rk, rm in blk.rows.items():
                row_label = rm.spec.label if rm.spec.path else ""
                for ck, cm, col_label in columns:
                    cell = table.cell(rm.index, cm.index)
                    if cell is None:
                        continue
                    name = ".".join(x for x in (role, rk, ck) if x)
                    value, cell_excerpt = _read_cell_text(cell.text)
                    loc = Location(
                        section=section,
                        **named,
                        row=rm.index + 1,
                        column=cm.index + 1,
                        row_label=row_label or None,
                        column_label=col_label or None,
                        excerpt=cell_excerpt,
                    )
                    cells[name] = NamedCell(
                        name, role, cell, value, loc,
                        getattr(cm.spec, "value", "count"), getattr(cm.spec, "units", ()),
                        row_label, col_label,
                    )
    return cells


def _opening_year(doc: Document, data: Mapping[str, Any], title: Title | None, first_heading: int | None,
                  contents: AbstractSet[int] = frozenset()) -> int | None:
    """The year the opening paragraphs name (``data.opening.year_patterns``, group 1), if any."""
    patterns = (data.get("opening") or {}).get("year_patterns") or []
    if not patterns:
        return None
    limit = first_heading if first_heading is not None else len(doc.blocks)
    skip = {id(p) for p in (title.paragraphs if title else [])} | set(contents)
    paras = [b for b in doc.blocks[:limit] if isinstance(b, Paragraph) and squash_spaces(b.text) and id(b) not in skip]
    for p in paras[:int((data.get("opening") or {}).get("paragraphs") or 3)]:
        text = remove_spaces(p.text)
        for pat in patterns:
            m = re.search(pat, text)
            if m and 1990 <= int(m.group(1)) <= 2100:
                return int(m.group(1))
    return None


# --- end of the document: date line, signature, statistics period ------------------


def _layout_tail(st: ReportStructure) -> None:
    """A small table that ends the document (only empty paragraphs after it), used to
    right-align the 落款 and the date (``data.date.layout_table``: at most ``rows`` ×
    ``columns``, default 3 × 3): its non-empty cell lines, in reading order, are tail lines."""
    cfg = (st.data.get("date") or {}).get("layout_table") or {}
    max_rows, max_cols = int(cfg.get("rows") or 3), int(cfg.get("columns") or 3)
    for pos in range(len(st.doc.blocks) - 1, -1, -1):
        b = st.doc.blocks[pos]
        if isinstance(b, Paragraph):
            if squash_spaces(b.text):
                return
            continue
        if b.nesting or b.n_rows > max_rows or b.n_cols > max_cols:
            return
        lines = [(cell, p) for cell in b.cells() for p in cell.paragraphs if squash_spaces(p.text)]
        # a layout table holds only the 落款 and the date, never figures or labels
        if not lines or not all(find_dates(p.text) or _looks_like_agency(p.text, st.data) for _, p in lines):
            return
        for cell, p in lines:
            st.layout_cells[id(p)] = (b, cell)
            st.block_pos[id(p)] = pos
            st._layout_lines.append(p)
        return


def _find_date_line(st: ReportStructure) -> None:
    d = st.data.get("date") or {}
    n = int(d.get("tail_paragraphs") or 6)
    max_chars = int(d.get("max_chars") or 24)
    tail = st.tail_paragraphs(n)
    last_heading = max((s.position for s in st.headings_in_order), default=-1)
    for p in reversed(tail):
        if st.block_pos.get(id(p), 0) <= last_heading:
            break
        s = remove_spaces(p.text)
        if len(s) > max_chars + 40:
            continue
        dates = find_dates(p.text)
        if not dates:
            continue
        wd = dates[-1]
        rest = s.replace(remove_spaces(wd.raw), "")
        if len(remove_spaces(wd.raw)) > max_chars:
            continue
        if rest and not _looks_like_agency(rest, st.data):
            continue
        st.date_line = DateLine(p, wd)
        return


def _looks_like_agency(text: str, data: Mapping[str, Any]) -> bool:
    s = remove_spaces(text).strip("（）()")
    if not s or len(s) > int((data.get("signature") or {}).get("max_chars") or 40):
        return False
    if any(ch in s for ch in "。；;：:，,！？!?"):
        return False
    sufs = (data.get("agency") or {}).get("organisation_suffixes") or []
    return any(s.endswith(x) for x in sufs)


def _find_signature(st: ReportStructure) -> None:
    tail = st.tail_paragraphs(int((st.data.get("date") or {}).get("tail_paragraphs") or 6))
    last_heading = max((s.position for s in st.headings_in_order), default=-1)
    if st.date_line is not None:
        dp = st.date_line.paragraph
        rest = remove_spaces(dp.text).replace(remove_spaces(st.date_line.date.raw), "")
        if rest and _looks_like_agency(rest, st.data):
            st.signature = dp
            return
        at = next((i for i, p in enumerate(tail) if p is dp), len(tail))
        candidates = tail[:at][-2:]  # the lines before the date line (a table cell's lines share one index)
    else:
        # no date: the last non-empty paragraph may still be the 落款
        candidates = tail[-2:]
    for p in reversed(candidates):
        if st.block_pos.get(id(p), 0) <= last_heading:
            break
        if _looks_like_agency(p.text, st.data):
            st.signature = p
            return


_RANGE_RE = LazyPattern(
    r"(?P<a>[0-9０-９〇零○一二三四五六七八九十]{1,8}\s*年\s*[0-9０-９一二三四五六七八九十]{1,3}\s*月\s*[0-9０-９一二三四五六七八九十]{1,4}\s*日)"
    r"\s*(?:起)?\s*(?:至|到|—|－|-|~|～)\s*"
    r"(?P<b>(?:[0-9０-９〇零○一二三四五六七八九十]{1,8}\s*年\s*)?[0-9０-９一二三四五六七八九十]{1,3}\s*月\s*[0-9０-９一二三四五六七八九十]{1,4}\s*日)"
)


def _find_statistics_period(st: ReportStructure) -> None:
    markers = (st.data.get("statistics_period") or {}).get("markers") or []
    for p in st.doc.paragraphs:
        s = squash_spaces(p.text)
        if not any(m in remove_spaces(s) for m in markers):
            continue
        m = _RANGE_RE.search(s)
        if not m:
            continue
        a = find_dates(m.group("a"))
        b_text = m.group("b")
        if "年" not in b_text and a and a[0].year is not None:
            b_text = f"{a[0].year}年{b_text}"
        b = find_dates(b_text)
        if a and b:
            st.statistics_period = StatisticsPeriod(p, a[0], b[0], m.group(0))
            return


# --- entry point ------------------------------------------------------------------


#: Keys of the profile data the reading of a document (:func:`_read`) never looks at: an
#: edition profile differs from the common one only in these, so both read the same.
_EDITION_ONLY_KEYS = frozenset({"edition", "prose"})

def _reading_data(data: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in _EDITION_ONLY_KEYS}


def build(doc: Document, data: Mapping[str, Any], memo: dict[str, Any] | None = None) -> ReportStructure:
    """The structure of ``doc`` against the profile ``data``.

    The reading (title, sections, dates, located tables, which edition they follow) does
    not depend on ``data.edition``: it is done once per document and reused when the same
    document is built again with data that differs only there (the common profile to
    choose the edition, then the edition's profile for the rules). Only the choice of the
    expected edition and of each table's layout is made per build; cells are named when
    first asked for. ``memo`` is the document's per-check dict (the hooks' ``memo``, the
    rules' ``ctx.shared``) that keeps the reading between builds.
    """
    reading = _reading_data(data)
    cache: list[Any] = memo.setdefault(READ_KEY, []) if memo is not None else []
    for known, read, located in cache:
        if known == reading:
            break
    else:
        read, located = _read(doc, data)
        cache.append((reading, read, located))
    # a copy per build: every container is the build's own, the parts found are shared
    st = replace(
        read, data=data, sections=dict(read.sections), headings_in_order=list(read.headings_in_order),
        edition_scores=dict(read.edition_scores), block_pos=dict(read.block_pos),
        table_editions={}, tables={}, table_specs={}, _cells=None, _arith=None,
    )
    _choose_layouts(st, located)
    return st


def _read(doc: Document, data: Mapping[str, Any]) -> tuple[ReportStructure, dict[str, Any]]:
    """Everything :func:`build` finds that the edition does not change, and the located tables."""
    from .evidence import decide_agency, decide_year
    from .toc import find_contents

    st = ReportStructure(doc, data)
    st.block_pos = {id(b): i for i, b in enumerate(doc.blocks)}
    st.contents = find_contents(doc, data)
    _layout_tail(st)
    skip = {id(p) for p in st.contents}
    found = _find_sections(doc, data, skip)
    _assign_blocks(doc, found)
    st.headings_in_order = sorted(found, key=lambda s: s.position)
    st.sections = {s.number: s for s in found}
    st.passages = _find_passages(doc, data, found)
    first_heading = min((s.position for s in found), default=None)
    st.title = _find_title(doc, data, first_heading, skip)
    st.header_title = _header_title(doc, data) if st.title is None else None
    st.opening_year = _opening_year(doc, data, st.title, first_heading, skip)
    _find_statistics_period(st)
    _find_date_line(st)
    _find_signature(st)

    # year and agency from all the evidence (checker.report.evidence)
    decide_year(st)
    decide_agency(st)
    st.agency_kind = classify_agency(st.agency, data)

    # which edition the tables follow
    located = _located(doc, data)
    for ed in located:
        lts = located[str(ed)][0]
        total = sum(sp.n_labels for sp in located[str(ed)][1].values())
        st.edition_scores[str(ed)] = round(sum(lt.exact_labels for lt in lts.values()) / max(1, total), 3)
    if st.edition_scores:
        ranked = sorted(st.edition_scores.items(), key=lambda kv: kv[1], reverse=True)
        if ranked[0][1] > 0 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            st.table_edition = ranked[0][0]
    return st, located


def _choose_layouts(st: ReportStructure, located: Mapping[str, Any]) -> None:
    """The edition the profile expects, and the layout each table is analysed against."""
    data = st.data
    wanted = str(data.get("edition") or "auto")
    if wanted != "auto" and wanted in located:
        st.expected_edition, st.expected_reason = wanted, "profile"
    else:
        by_year = _edition_of_year(st.year, data)
        if by_year is not None:
            st.expected_edition, st.expected_reason = by_year, f"report year {st.year}"
        elif st.table_edition is not None:
            st.expected_edition, st.expected_reason = st.table_edition, "tables"
        elif located:
            st.expected_edition, st.expected_reason = sorted(located)[-1], "default"
    # each table is analysed against the layout it follows (ties: the expected edition),
    # so that an outdated table gives one AR101 finding and no cascade of label mismatches
    order = ([st.expected_edition] if st.expected_edition in located else []) + [e for e in located if e != st.expected_edition]
    roles: list[str] = []
    for ed in order:
        roles += [r for r in located[ed][1] if r not in roles]
    distinct: set[str] = set()  # editions some table follows better than the other edition's layout
    for role in roles:
        best_ed, best_score = None, -1.0
        scores = []
        for ed in order:
            lt = located[ed][0].get(role)
            scores.append(lt.score if lt is not None else -1.0)
            if lt is not None and lt.score > best_score:
                best_ed, best_score = ed, lt.score
        if best_ed is not None and scores.count(best_score) == 1:
            distinct.add(best_ed)
        if best_ed is None:
            best_ed = next((e for e in order if role in located[e][1]), None)
            if best_ed is None:
                continue
        st.table_editions[role] = best_ed
        st.table_specs[role] = located[best_ed][1][role]
        if role in located[best_ed][0]:
            st.tables[role] = located[best_ed][0][role]
    st.edition = distinct.pop() if len(distinct) == 1 else st.expected_edition


def analyse(doc: Document, ctx: Any) -> ReportStructure:
    """The report's structure, computed once per document (shared through ``ctx.memo``)."""
    st = ctx.memo(MEMO_KEY, lambda: build(doc, ctx.profile_data, getattr(ctx, "shared", None)))
    meta = getattr(ctx, "metadata", None)
    if isinstance(meta, dict):
        meta.setdefault("table_edition", st.table_edition)
        if "coverage" not in meta and st.data.get("sections"):
            from .coverage import coverage

            meta["coverage"] = coverage(st)
    return st
