"""Logical grids: gridSpan, vMerge, hMerge, gridBefore/After, ragged rows, nesting, row-level wrappers."""

from __future__ import annotations

from checker.errors import InputError
from checker.reader import Limits, load_document
from docx_factory import make_docx, p, tbl, tc, tr


def load(body, **kw):
    return load_document(make_docx(body, **kw), name="t.docx")


def spans(cell):
    return (cell.row, cell.col, cell.row_span, cell.col_span)


def test_gridspan_and_vmerge_both_directions():
    body = p("前") + tbl(
        tr(tc("角", span=2, vmerge="restart"), tc("甲"), tc("乙")),
        tr(tc("", span=2, vmerge="continue"), tc("1"), tc("2")),
        tr(tc("合计"), tc("x"), tc("3", span=2)),
        cols=4,
    )
    doc = load(body)
    (t,) = doc.tables
    assert (t.n_rows, t.n_cols) == (3, 4)
    corner = t.cell(0, 0)
    assert spans(corner) == (0, 0, 2, 2) and corner.text == "角"
    assert t.cell(0, 1) is corner and t.cell(1, 0) is corner and t.cell(1, 1) is corner
    assert t.cell(2, 0) is not corner and t.cell(2, 0).text == "合计"
    assert spans(t.cell(2, 2)) == (2, 2, 1, 2) and t.cell(2, 3) is t.cell(2, 2)
    assert t.row_texts(1) == ["角", "角", "1", "2"]
    assert len(list(t.cells())) == 8
    assert t.paragraph_before == 1 and t.index == 1
    assert corner.anchor == "/w:document/w:body/w:tbl/w:tr[1]/w:tc[1]"
    assert corner.paragraphs[0].anchor == "/w:document/w:body/w:tbl/w:tr[1]/w:tc[1]/w:p"


def test_grid_before_after_and_ragged_rows():
    body = tbl(
        tr(tc("a"), tc("b"), tc("c")),
        tr(tc("d"), before=1, after=1),
        tr(tc("e")),
        cols=3,
    )
    (t,) = load(body).tables
    assert t.n_cols == 3
    assert [[c.text if c else None for c in row] for row in t.grid] == [
        ["a", "b", "c"], [None, "d", None], ["e", None, None]]
    assert spans(t.cell(1, 1)) == (1, 1, 1, 1)


def test_legacy_hmerge_and_vmerge_without_cell_above():
    body = tbl(
        tr(tc("左", hmerge="restart"), tc("", hmerge="continue"), tc("右")),
        tr(tc("孤", vmerge="continue"), tc("m"), tc("n")),
    )
    (t,) = load(body).tables
    left = t.cell(0, 0)
    assert spans(left) == (0, 0, 1, 2) and t.cell(0, 1) is left and t.cell(0, 2).text == "右"
    # a vMerge continue with a differently shaped cell above starts a new cell
    assert t.cell(1, 0) is not left and t.cell(1, 0).text == "孤"


def test_text_in_merged_away_cell_stays_visible():
    body = tbl(tr(tc("上", vmerge="restart")), tr(tc("下", vmerge="continue")))
    (t,) = load(body).tables
    assert t.cell(0, 0) is t.cell(1, 0) and t.cell(0, 0).text == "上\n下" and t.cell(0, 0).row_span == 2


def test_cell_text_joins_paragraphs_and_nested_table_is_kept_in_cell():
    inner = tbl(tr(tc("内1"), tc("内2")))
    body = tbl(tr(tc(p("第一段") + p("第二段") + inner + p(""), raw=True), tc("旁"))) + p("后")
    doc = load(body)
    assert len(doc.tables) == 1 and [b.text for b in doc.paragraphs] == ["后"]
    outer = doc.tables[0]
    cell = outer.cell(0, 0)
    assert cell.text == "第一段\n第二段\n"
    (nested,) = cell.tables
    assert nested.nesting == 1 and nested.index == 0 and nested.row_texts(0) == ["内1", "内2"]
    assert nested.cell(0, 0).paragraphs[0].in_table
    assert [c.kind for c in doc.constructs_of("nested_table")] == ["nested_table"]
    assert doc.paragraphs[0].index == 1


def test_content_controls_around_rows_and_cells_and_deleted_row():
    row_sdt = ('<w:sdt><w:sdtPr><w:tag w:val="rows"/></w:sdtPr><w:sdtContent>'
               + tr(tc("r2a"), tc("r2b")) + "</w:sdtContent></w:sdt>")
    cell_sdt = ('<w:sdt><w:sdtPr><w:tag w:val="cell"/></w:sdtPr><w:sdtContent>'
                + tc("r3b") + "</w:sdtContent></w:sdt>")
    deleted = tr(tc("gone"), tc("gone"), trpr='<w:del w:id="9" w:author="x" w:date="2024-01-01T00:00:00Z"/>')
    body = tbl(tr(tc("r1a"), tc("r1b")), row_sdt, deleted, tr(tc("r3a"), cell_sdt),
               '<w:customXml w:element="x">' + tr(tc("r4a"), tc("r4b")) + "</w:customXml>")
    doc = load(body)
    (t,) = doc.tables
    assert [t.row_texts(i) for i in range(t.n_rows)] == [
        ["r1a", "r1b"], ["r2a", "r2b"], ["r3a", "r3b"], ["r4a", "r4b"]]
    assert sorted(c.detail for c in doc.constructs_of("sdt")) == ["cell", "rows"]
    assert any(c.detail == "table row" for c in doc.constructs_of("deletion"))


def test_table_around_content_control_is_a_body_table():
    body = ('<w:sdt><w:sdtPr><w:alias w:val="表"/></w:sdtPr><w:sdtContent>'
            + tbl(tr(tc("x"))) + "</w:sdtContent></w:sdt>" + p("after"))
    doc = load(body)
    assert [type(b).__name__ for b in doc.blocks] == ["Table", "Paragraph"]
    assert doc.tables[0].cell(0, 0).text == "x" and doc.constructs_of("sdt")[0].detail == "表"


def test_second_table_index_and_paragraph_before():
    body = p("a") + tbl(tr(tc("1"))) + p("b") + p("c") + tbl(tr(tc("2")))
    doc = load(body)
    assert [(t.index, t.paragraph_before) for t in doc.tables] == [(1, 1), (2, 3)]
    assert doc.tables[1].anchor == "/w:document/w:body/w:tbl[2]"


def test_constructs_in_cells_name_table_row_and_column():
    link = '<w:p><w:hyperlink w:anchor="x"><w:r><w:t>链</w:t></w:r></w:hyperlink></w:p>'
    inner = tbl(tr(tc(""), tc(link, raw=True)))
    body = p("a") + tbl(tr(tc("x"), tc(link, raw=True)), tr(tc(inner, raw=True), tc("y")))
    doc = load(body)
    assert [c.where for c in doc.constructs_of("hyperlink")] == [
        "table 1, row 1, column 2",
        "table 1, row 2, column 1 > nested table, row 1, column 2",
    ]
    assert doc.constructs_of("nested_table")[0].where == "table 1, row 2, column 1"


def test_deleted_row_is_located_in_its_table():
    deleted = tr(tc("gone"), trpr='<w:del w:id="9" w:author="x" w:date="2024-01-01T00:00:00Z"/>')
    inner = tbl(tr(tc("in")), deleted)
    doc = load(tbl(tr(tc("a")), deleted) + p("x") + tbl(tr(tc(inner + p(""), raw=True))))
    rows = [c.where for c in doc.constructs_of("deletion") if c.detail == "table row"]
    assert rows == ["table 1, deleted row", "table 2, row 1, column 1 > nested table, deleted row"]


# --- bounded grids (issue 17): every slot is claimed before it is made -----------------


def refused(body, **limits):
    try:
        load_document(make_docx(body), name="t.docx", limits=Limits(**limits))
    except InputError as exc:
        return exc.reason
    raise AssertionError("read, not refused")


def test_row_wider_than_the_column_cap_is_refused():
    assert "max-table-columns is 10" in refused(tbl(tr(tc("a", span=6), tc("b", span=5))), max_table_columns=10)
    assert "max-table-columns" in refused(tbl(tr(tc("a"), before=6, after=5)), max_table_columns=10)
    assert "table 1 has a row 11 columns wide" in refused(tbl(tr(*[tc("x")] * 11)), max_table_columns=10)
    ten = make_docx(tbl(tr(tc("a", span=6), tc("b", span=4))))
    (t,) = load_document(ten, name="t.docx", limits=Limits(max_table_columns=10)).tables
    assert t.n_cols == 10


def test_padding_is_claimed_before_rows_are_padded():
    # one row 10 wide, then 100 empty rows: 1,010 slots once padded, from 11 cells
    body = tbl(tr(tc("wide", span=10)), *["<w:tr/>"] * 100)
    reason = refused(body, max_table_slots=1000)
    assert "more than 1000 grid cells" in reason and "max-table-slots" in reason and "table 1" in reason
    (t,) = load_document(make_docx(body), name="t.docx").tables
    assert (t.n_rows, t.n_cols) == (101, 10)


def test_slot_budget_is_for_the_whole_document():
    # 4 slots each; a paragraph between keeps them apart (adjacent tables of one width are one)
    table = tbl(tr(tc("a"), tc("b")), tr(tc("c"), tc("d"))) + p("between")
    assert len(load_document(make_docx(table * 3), name="t.docx", limits=Limits(max_table_slots=12)).tables) == 3
    assert "at table 4" in refused(table * 4, max_table_slots=12)


def test_adjacent_tables_of_one_width_are_one_and_a_paragraph_between_keeps_them_apart():
    """Word shows two tables with nothing between them as one; so does the reader. A
    paragraph with text between them makes them two (issue 13: stitching is only across
    blank paragraphs and breaks)."""
    table = tbl(tr(tc("a"), tc("b")), tr(tc("c"), tc("d")))
    joined = load_document(make_docx(table + p("") + table), name="t.docx")
    assert len(joined.tables) == 1 and joined.tables[0].n_rows == 3  # the repeated first row dropped
    assert [c.row for c in (joined.tables[0].grid[2][0],)] == [2]
    apart = load_document(make_docx(table + p("表四") + table), name="t.docx")
    assert len(apart.tables) == 2 and apart.constructs_of("stitched_table") == []
    wider = load_document(make_docx(table + p("") + tbl(tr(tc("a"), tc("b"), tc("c")))), name="t.docx")
    assert len(wider.tables) == 2
