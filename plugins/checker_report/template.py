"""Write report documents from a profile: the blank template and filled reports.

The title, every heading, its hint and every table label, column and merged cell come
from the profile's ``data:`` mapping (``title.template``, ``sections[].hint``,
``template.preamble``, ``editions.<ed>.tables``): the same data the rules check
against, so a generated template cannot drift from what the checker expects, and a
report type without tables gets its template from YAML alone.

Two entry points:

* :func:`checker_write_template` – the ``checker template`` hook: a skeleton with
  placeholders (``（文字描述）``, ``××``) and blank value cells.
* :func:`write_report` – writes any :class:`Report` (title, prose, table values, 落款,
  date); ``examples/build_example.py`` uses it to rebuild the bundled example report.

Table layouts are derived from the data:

* ``blocks`` tables (table 二): per block a caption row spanning the grid, a header row
  (``row_header`` + column labels) and the data rows; a block with fewer value columns
  than the widest one widens its last column by merging (spec §5.1, §6.1).
* ``columns``/``rows`` path tables (tables 三 and 四): the column paths form the header
  tree and the row paths the label tree; a label that is a leaf before the deepest level
  spans down (headers) or right (row labels); consecutive equal path prefixes merge;
  the top-left corner spans the label columns × header rows and holds the table's
  ``note`` (spec §5.2, §5.3).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

from checker.report.rulebase import numeral

from checker.report.structure import _edition_of_year  # the edition by year, as the checker chooses it
from checker.report.structure import layouts

TEXT_PLACEHOLDER = "（文字描述）"
DATE_PLACEHOLDER = "××××年××月××日"


# ----------------------------------------------------------------------------- model
@dataclass
class Section:
    heading: str  # as written, e.g. "一、总体情况" (the example keeps the seed's "6、 ...")
    paragraphs: list[str] = field(default_factory=list)
    table: str | None = None  # table key in the edition (T2, T3, T4), placed after the heading


@dataclass
class Report:
    """What a report says; :func:`write_report` lays it out."""

    title: str
    preamble: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    #: table key -> cell key -> value; cell keys are ``ROW.COL`` as in spec §8
    #: (``NEW.np``, ``REG.made``; ``LICENSE`` where a block has one unnamed column;
    #: ``REV.keep`` where the table has one unnamed row). Missing keys stay blank.
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    signature: str = ""
    date: str = ""


@dataclass(frozen=True)
class LaidCell:
    row: int
    col: int
    row_span: int
    col_span: int
    text: str = ""
    key: str | None = None  # value cells carry their cell key, labels None


@dataclass(frozen=True)
class Layout:
    n_rows: int
    n_cols: int
    cells: tuple[LaidCell, ...]
    head: int = 0  # header rows repeated at the top of every page the table runs onto


# --------------------------------------------------------------------------- layouts
def _key(*parts: str) -> str:
    return ".".join(p for p in parts if p)


def _flat_rows(rows: Iterable[Any]) -> list[Mapping[str, Any]]:
    """Row lists may be nested one level (YAML anchors share groups of rows)."""
    out: list[Mapping[str, Any]] = []
    for item in rows:
        if isinstance(item, Mapping):
            out.append(item)
        else:
            out.extend(_flat_rows(item))
    return out


def layout_blocks(spec: Mapping[str, Any]) -> Layout:
    blocks = spec["blocks"]
    width = max(len(b["columns"]) for b in blocks)
    n_cols = 1 + width
    cells: list[LaidCell] = []
    r = 0

    def spread(row: int, first: str, items: list[tuple[str, str | None]]) -> None:
        cells.append(LaidCell(row, 0, 1, 1, first))
        for j, (text, key) in enumerate(items):
            span = 1 if j < len(items) - 1 else width - j
            cells.append(LaidCell(row, 1 + j, 1, span, text, key))

    for block in blocks:
        cells.append(LaidCell(r, 0, 1, n_cols, block["caption"]))
        r += 1
        spread(r, spec.get("row_header", ""), [(c["label"], None) for c in block["columns"]])
        r += 1
        for row in block["rows"]:
            spread(r, row["label"], [("", _key(row["key"], c["key"])) for c in block["columns"]])
            r += 1
    return Layout(r, n_cols, tuple(cells))


def _tree_spans(paths: Sequence[Sequence[str]], depth: int) -> list[tuple[int, int, int, int, str]]:
    """Spans of a label tree: (level, start, length, depth_span, text) for each label.

    ``start``/``length`` run along the leaves (columns of a header, rows of the label
    columns); ``depth_span`` across the levels (a leaf above the deepest level spans to it).
    """
    out = []
    for level in range(depth):
        i = 0
        while i < len(paths):
            path = paths[i]
            if len(path) <= level:
                i += 1
                continue
            prefix = tuple(path[: level + 1])
            j = i + 1
            while j < len(paths) and len(paths[j]) > level and tuple(paths[j][: level + 1]) == prefix:
                j += 1
            leaf = len(path) == level + 1
            out.append((level, i, j - i, depth - level if leaf else 1, path[level]))
            i = j
    return out


def layout_tree(spec: Mapping[str, Any]) -> Layout:
    columns = spec["columns"]
    rows = _flat_rows(spec["rows"])
    col_paths = [list(c["path"]) for c in columns]
    row_paths = [list(r["path"]) for r in rows]
    head = max((len(p) for p in col_paths), default=0)
    labels = max((len(p) for p in row_paths), default=0)
    cells: list[LaidCell] = []
    if head and labels:
        cells.append(LaidCell(0, 0, head, labels, spec.get("note", "")))
    for level, start, length, down, text in _tree_spans(col_paths, head):
        cells.append(LaidCell(level, labels + start, down, length, text))
    for level, start, length, across, text in _tree_spans(row_paths, labels):
        cells.append(LaidCell(head + start, level, length, across, text))
    for i, row in enumerate(rows):
        for j, col in enumerate(columns):
            cells.append(LaidCell(head + i, labels + j, 1, 1, "", _key(row["key"], col["key"])))
    return Layout(head + len(rows), labels + len(columns), tuple(cells), head)


def table_layout(spec: Mapping[str, Any]) -> Layout:
    return layout_blocks(spec) if "blocks" in spec else layout_tree(spec)


# ------------------------------------------------------------------- page and widths
#: The page of GB/T 9704-2012 (spec §11): A4, margins top 37, left 28, right 26, bottom
#: 35 mm; the type area is 156 × 225 mm, 22 lines of 28 characters of 3号 (16 pt).
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "left": 28, "right": 26, "bottom": 35}
LINE_PT = 28.95  # 225 mm / 22 lines: the "固定值28.95磅" drafters set for GB/T 9704
TEXT_TWIPS = round((PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]) / 25.4 * 1440)  # 8844
TABLE_PT = 10  # table text, as the official blank template sets it (宋体 10 pt)
CHAR_TWIPS = TABLE_PT * 20  # one CJK character of table text
CELL_PAD_TWIPS = 2 * 57 + 30  # left and right cell margins (the official template's 57) and slack for glyphs
MIN_VALUE_CHARS, MIN_LABEL_CHARS = 2.2, 4  # 自然人 on two lines, （三）不予公开 on two


def _chars(n: float) -> int:
    return int(n * CHAR_TWIPS + CELL_PAD_TWIPS)


def column_widths(layout: Layout, total: int = TEXT_TWIPS) -> list[int]:
    """Grid column widths (twips) that fit the labels, adding up to ``total``.

    Value columns (where value cells start) get room for their header label on at most
    three lines (``社会公益组织`` as 社会/公益/组织), at least two characters. Label columns
    get what their own labels need - a label spanning several rows may wrap over them -
    at least four characters, and share what is left in proportion to that need, so
    table 三's long leaf labels (``2.申请人逾期未按收费通知要求缴纳费用…``) are not folded
    three characters a line. Width left over goes to the value columns.
    """
    value_cols = {c.col for c in layout.cells if c.key is not None}
    need = [0.0] * layout.n_cols
    for c in layout.cells:
        if c.col_span != 1 or not c.text:
            continue
        n = len(c.text)
        if c.col in value_cols:
            need[c.col] = max(need[c.col], -(-n // 3))
        else:
            need[c.col] = max(need[c.col], -(-n // max(1, c.row_span)))
    widths = [0] * layout.n_cols
    for i in range(layout.n_cols):
        floor = MIN_VALUE_CHARS if i in value_cols else MIN_LABEL_CHARS
        widths[i] = _chars(max(floor, need[i]) if i in value_cols else floor)
    labels = [i for i in range(layout.n_cols) if i not in value_cols]
    spare = total - sum(widths)
    wants = {i: max(0, _chars(need[i]) - widths[i]) for i in labels}
    if spare > 0 and sum(wants.values()):
        share = min(1.0, spare / sum(wants.values()))
        for i in labels:
            widths[i] += int(wants[i] * share)
        spare = total - sum(widths)
    if spare > 0:
        pool = sorted(value_cols) or list(range(layout.n_cols))
        for i in pool:
            widths[i] += spare // len(pool)
    if sum(widths) > total:  # too many columns for the page: shrink every one alike
        widths = [int(w * total / sum(widths)) for w in widths]
    widths[-1] += total - sum(widths)
    return widths


# ----------------------------------------------------------------------- the skeleton
def agency_kind(profile_data: Mapping[str, Any], agency: str) -> str:
    """``government`` or ``department`` from the name, by the profile's agency suffixes."""
    data = profile_data.get("agency") or {}
    if any(agency.endswith(s) for s in data.get("government_suffixes") or ()):
        return "government"
    if any(re.search(p, agency) for p in data.get("government_patterns") or ()):
        return "government"
    return "department"


def heading_text(section: Mapping[str, Any], number: int | None = None) -> str:
    return f"{numeral(number or int(section['number']))}、{section['title']}"


def _hint(section: Mapping[str, Any], edition: str, kind: str) -> str:
    """The placeholder under a heading: the content the format asks for (``hint``), for the
    agency kind (``hint_<kind>``) or the edition (``hint_editions``) when they differ."""
    by_edition = (section.get("hint_editions") or {}).get(edition)
    return str(by_edition or section.get(f"hint_{kind}") or section.get("hint") or TEXT_PLACEHOLDER)


def skeleton(profile_data: Mapping[str, Any], edition: str, year: int, agency: str, kind: str) -> Report:
    """The blank report of ``edition`` (``""`` for a report type without editions)."""
    tdata = profile_data.get("title") or {}
    pattern = str(tdata.get("template") or "{agency}{year}年" + str(tdata.get("phrase") or ""))
    words = {"agency": agency, "year": year}
    report = Report(
        title=pattern.format(**words),
        preamble=[str(p).format(**words) for p in (profile_data.get("template") or {}).get("preamble") or []],
        signature=agency,
        date=DATE_PLACEHOLDER,
    )
    tables = (layouts(profile_data).get(edition) or {}).get("tables") or {}
    fixed = str(profile_data.get("section_numbering") or "fixed") == "fixed"
    for position, section in enumerate(profile_data["sections"], start=1):
        table = section.get("table")
        paragraphs: list[str] = []
        if section.get("prose") or not table:
            paragraphs.append(_hint(section, edition, kind))
        report.sections.append(
            Section(heading_text(section, None if fixed else position), paragraphs, table if table in tables else None)
        )
    return report


# --------------------------------------------------------------------------- writing
def _east_asian(run_or_style, font: str) -> None:
    from docx.oxml.ns import qn

    rpr = run_or_style.element.get_or_add_rPr() if hasattr(run_or_style, "element") else run_or_style
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), font)
    # a theme font attribute wins over the named font in Word: drop them
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)


def _setup(document) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt, RGBColor

    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING

    sec = document.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    # GB/T 9704-2012 (spec §11): top 37, left 28, right 26, bottom 35 mm
    sec.top_margin, sec.left_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["left"])
    sec.right_margin, sec.bottom_margin = Mm(MARGINS_MM["right"]), Mm(MARGINS_MM["bottom"])
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(16)
    _east_asian(normal.element.get_or_add_rPr(), "仿宋_GB2312")
    # 22 lines a page: every line of text takes 28.95 pt (GB/T 9704-2012 4.2.3)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = Pt(LINE_PT)
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    # table text: 宋体 10 pt on single lines, as the official blank template sets it; a
    # style of its own so that empty value cells are one table line high, not one of 3号
    table_text = document.styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.font.size = Pt(TABLE_PT)
    _east_asian(table_text.element.get_or_add_rPr(), "宋体")
    table_text.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    table_text.paragraph_format.first_line_indent = Pt(0)
    table_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading = document.styles["Heading 1"]
    heading.font.name = "Times New Roman"
    heading.font.size = Pt(16)
    heading.font.bold = False
    heading.font.italic = False
    heading.font.color.rgb = RGBColor(0, 0, 0)
    _east_asian(heading.element.get_or_add_rPr(), "黑体")
    heading.paragraph_format.space_before = heading.paragraph_format.space_after = Pt(0)
    heading.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    heading.paragraph_format.line_spacing = Pt(LINE_PT)
    heading.paragraph_format.keep_with_next = True  # a heading never ends a page above its table


def _page_numbers(document) -> None:
    """GB/T 9704-2012 page numbers: 4号 (14 pt) 宋体 Arabic numerals between em dashes
    (``— 1 —``), below the type area, odd pages on the right and even pages on the left."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document.settings.odd_and_even_pages_header_footer = True
    sec = document.sections[0]
    for footer, align in ((sec.footer, WD_ALIGN_PARAGRAPH.RIGHT), (sec.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.alignment = align
        p.paragraph_format.first_line_indent = Pt(0)
        p.paragraph_format.line_spacing_rule = None
        for text in ("— ", None, " —"):
            if text is None:
                field = OxmlElement("w:fldSimple")
                field.set(qn("w:instr"), "PAGE")
                p._p.append(field)
                run = p.add_run("1")
                field.append(run._r)
            else:
                run = p.add_run(text)
            run.font.size = Pt(14)
            _east_asian(run, "宋体")


def _para(document, text: str, *, style: str | None = None, align=None, indent: bool = False, size=None, font=None,
          bold: bool = False):
    from docx.shared import Pt

    p = document.add_paragraph(style=style)
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(32)  # two characters of 3号
    run = p.add_run(text)
    if size:
        run.font.size = Pt(size)
    if bold:
        run.font.bold = True
    if font:
        _east_asian(run, font)
    return p


def _write_table(document, layout: Layout, values: Mapping[str, str]) -> None:
    """One report table laid out as the official template: fixed widths that fit the
    labels, rows that never split, header rows repeated on a following page, and every
    row kept with the next so that a table that fits a page is not cut (table 三)."""
    from docx.enum.table import WD_TABLE_ALIGNMENT, WD_CELL_VERTICAL_ALIGNMENT
    from docx.oxml.ns import qn

    table = document.add_table(rows=layout.n_rows, cols=layout.n_cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for lc in layout.cells:
        cell = table.cell(lc.row, lc.col)
        if lc.row_span > 1 or lc.col_span > 1:
            cell = cell.merge(table.cell(lc.row + lc.row_span - 1, lc.col + lc.col_span - 1))
        text = values.get(lc.key, "") if lc.key is not None else lc.text
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = cell.paragraphs[0]
        p.style = document.styles["Table Text"]
        if text:
            p.add_run(text)
    _fix_widths(table._tbl, column_widths(layout))
    rows = table._tbl.findall(qn("w:tr"))
    for i, tr in enumerate(rows):
        trpr = tr.get_or_add_trPr()
        _on(trpr, "w:cantSplit")
        if i < layout.head:
            _on(trpr, "w:tblHeader")
        if i < len(rows) - 1:
            for p in tr.iter(qn("w:p")):
                _on(p.get_or_add_pPr(), "w:keepNext", first=True)


def _on(parent, tag: str, first: bool = False) -> None:
    """Switch an on/off property on (once), where the schema order allows it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    if parent.find(qn(tag)) is not None:
        return
    el = OxmlElement(tag)
    if first:
        style = parent.find(qn("w:pStyle"))
        if style is not None:
            style.addnext(el)
        else:
            parent.insert(0, el)
    else:
        parent.append(el)


def _fix_widths(tbl, widths: list[int]) -> None:
    """A fixed layout with the given grid: ``tblW``, ``tblLayout``, ``gridCol`` and each
    cell's ``tcW`` (Word and LibreOffice both honour them; autofit would shrink columns
    to the blank value cells)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tblpr = tbl.tblPr
    tblw = tblpr.find(qn("w:tblW"))
    if tblw is None:
        tblw = OxmlElement("w:tblW")
        tblpr.append(tblw)
    tblw.set(qn("w:w"), str(sum(widths)))
    tblw.set(qn("w:type"), "dxa")
    layout_el = tblpr.find(qn("w:tblLayout"))
    if layout_el is None:
        layout_el = OxmlElement("w:tblLayout")
        look = tblpr.find(qn("w:tblLook"))
        (look.addprevious(layout_el) if look is not None else tblpr.append(layout_el))
    layout_el.set(qn("w:type"), "fixed")
    margins = tblpr.find(qn("w:tblCellMar"))
    if margins is None:  # the official template's narrow cell margins (Table Grid has 108)
        margins = OxmlElement("w:tblCellMar")
        look = tblpr.find(qn("w:tblLook"))
        (look.addprevious(margins) if look is not None else tblpr.append(margins))
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), "57")
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    for col, w in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(w))
    for tr in tbl.findall(qn("w:tr")):
        c = 0
        for tc in tr.findall(qn("w:tc")):
            span = tc.grid_span
            tcpr = tc.get_or_add_tcPr()
            tcw = tcpr.find(qn("w:tcW"))
            if tcw is None:
                tcw = OxmlElement("w:tcW")
                tcpr.insert(0, tcw)
            tcw.set(qn("w:w"), str(sum(widths[c:c + span])))
            tcw.set(qn("w:type"), "dxa")
            c += span


def write_report(report: Report, profile_data: Mapping[str, Any], edition: str, path: str, when=None) -> str:
    """Write ``report`` as a .docx at ``path`` with the tables of ``edition``.

    ``when`` (a datetime) fixes the created/modified properties, for reproducible examples.
    """
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    _setup(document)
    _page_numbers(document)
    tables = (layouts(profile_data).get(edition) or {}).get("tables") or {}
    _para(document, report.title, align=WD_ALIGN_PARAGRAPH.CENTER, size=22, font="方正小标宋简体")
    for text in report.preamble:
        _para(document, text, indent=True)
    for section in report.sections:
        _para(document, section.heading, style="Heading 1")
        if section.table:
            _write_table(document, table_layout(tables[section.table]), report.values.get(section.table, {}))
        for text in section.paragraphs:
            _para(document, text, indent=True)
    if report.signature:
        _para(document, report.signature, align=WD_ALIGN_PARAGRAPH.RIGHT)
    if report.date:
        _para(document, report.date, align=WD_ALIGN_PARAGRAPH.RIGHT)
    props = document.core_properties
    props.title = report.title
    props.author = report.signature or "checker"
    props.comments = ""
    if when is not None:
        props.created = props.modified = when
        props.last_modified_by = props.author
    document.save(path)
    return path


def checker_write_template(profile_name, profile_data, year, agency, kind, path):
    """Write the blank report of ``year`` (edition from the profile or the year, if it has editions)."""
    if not profile_data.get("sections"):
        return None
    edition = ""
    if profile_data.get("editions"):
        edition = str(profile_data.get("edition") or "auto")
        if edition not in profile_data["editions"]:
            edition = _edition_of_year(int(year), profile_data) or ""
        if not edition:
            return None
    kind = kind or agency_kind(profile_data, agency)
    return write_report(skeleton(profile_data, edition, int(year), agency, kind), profile_data, edition, path)
