"""The reader on the four real reports in ../shared/corpus (copied, never modified)."""

from __future__ import annotations

import shutil

import pytest

from checker.reader import load_document
from checker.text import label_key, remove_spaces

HEADINGS_2021 = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]


def _load(corpus_dir, tmp_path, name):
    src = corpus_dir / name
    if not src.is_file():
        pytest.skip(f"{name} not in the corpus")
    dst = tmp_path / name
    shutil.copyfile(src, dst)
    return load_document(dst)


def _headings(doc):
    """Body paragraphs that start with a Chinese section number (一、 … 六、 or 6、)."""
    out = []
    for p in doc.paragraphs:
        t = remove_spaces(p.text)
        if t[:2] in {f"{n}、" for n in "一二三四五六"} or t.startswith("6、"):
            out.append(t)
    return out


def test_blank_template_headings_and_grids(corpus_dir, tmp_path):
    doc = _load(corpus_dir, tmp_path, "official-template-2021-blank.docx")
    assert _headings(doc) == HEADINGS_2021
    heading = next(p for p in doc.paragraphs if p.text == "一、总体情况")
    assert heading.bold and not heading.in_table and heading.index > 0
    assert [(t.n_rows, t.n_cols) for t in doc.tables] == [(14, 4), (28, 10), (4, 15)]
    assert [t.index for t in doc.tables] == [1, 2, 3]
    # every table sits after the heading that introduces it
    by_index = {p.index: p for p in doc.paragraphs}
    for table, section in zip(doc.tables, ["二、", "三、", "四、"]):
        before = [by_index[i].text for i in range(1, table.paragraph_before + 1)]
        assert any(t.startswith(section) for t in before)
        assert table.anchor.endswith(f"w:tbl[{table.index}]")


def test_blank_template_table3_merges(corpus_dir, tmp_path):
    doc = _load(corpus_dir, tmp_path, "official-template-2021-blank.docx")
    t = doc.tables[1]
    note = t.cell(0, 0)
    assert (note.row, note.col, note.row_span, note.col_span) == (0, 0, 3, 3)
    assert all(t.cell(r, c) is note for r in range(3) for c in range(3))
    assert "勾稽关系" in note.text
    applicant = t.cell(0, 3)
    assert remove_spaces(applicant.text) == "申请人情况"
    assert (applicant.row_span, applicant.col_span) == (1, 7)
    assert all(t.cell(0, c) is applicant for c in range(3, 10))
    results = t.cell(5, 0)
    assert remove_spaces(results.text) == "三、本年度办理结果"
    assert (results.row, results.row_span, results.col_span) == (5, 22, 1)
    assert t.cell(26, 0) is results and t.cell(27, 0) is not results
    assert label_key(t.cell(7, 1).text) == label_key("（三）不予公开") and t.cell(7, 1).row_span == 8
    total = t.cell(1, 9)
    assert remove_spaces(total.text) == "总计" and total.row_span == 2
    # value cells of a blank template are empty, and each is its own cell
    assert t.cell(3, 3).text.strip() == "" and t.cell(3, 3) is not t.cell(3, 4)
    # every logical cell counted once
    assert len({id(c) for row in t.grid for c in row if c is not None}) == len(list(t.cells()))


def test_blank_template_table4_merges(corpus_dir, tmp_path):
    doc = _load(corpus_dir, tmp_path, "official-template-2021-blank.docx")
    t = doc.tables[2]
    assert remove_spaces(t.cell(0, 0).text) == "行政复议" and t.cell(0, 0).col_span == 5
    assert remove_spaces(t.cell(0, 5).text) == "行政诉讼" and t.cell(0, 14) is t.cell(0, 5)
    assert t.cell(1, 1).text == "结果\n纠正" and t.cell(2, 1) is t.cell(1, 1)
    assert t.cell(1, 1).paragraphs and all(p.in_table and p.index == 0 for p in t.cell(1, 1).paragraphs)


def test_blank_template_properties(corpus_dir, tmp_path):
    doc = _load(corpus_dir, tmp_path, "official-template-2021-blank.docx")
    assert doc.properties.author == "张幸瑾"
    assert doc.properties.created is not None and doc.properties.created.year == 2025
    assert doc.has_macros is False
    assert doc.path.endswith("official-template-2021-blank.docx")


def test_xiuzhou_2019_layout(corpus_dir, tmp_path):
    doc = _load(corpus_dir, tmp_path, "xiuzhou-transport-2020.docx")
    heads = _headings(doc)
    assert heads == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的问题及改进情况",
        "6、其他需要报告的事项",
    ]
    assert [(t.n_rows, t.n_cols) for t in doc.tables] == [(18, 4), (26, 10), (4, 15)]
    t = doc.tables[1]
    assert remove_spaces(t.cell(5, 0).text) == "三、本年度办理结果" and t.cell(5, 0).row_span == 20
    assert t.cell(0, 0).row_span == 3 and t.cell(0, 0).col_span == 3
    assert doc.tables[0].cell(17, 2).text.strip() == "101500元"
    assert any("187" in p.text for p in doc.paragraphs)


def test_shanghai_and_huaian(corpus_dir, tmp_path):
    sh = _load(corpus_dir, tmp_path, "shanghai-gov-office-2019.docx")
    assert _headings(sh)[4] == "五、政府信息公开工作存在的主要问题及改进情况"
    assert [(t.n_rows, t.n_cols) for t in sh.tables] == [(18, 4), (26, 10), (4, 15)]
    ha = _load(corpus_dir, tmp_path, "huaian-gov-2024.docx")
    assert _headings(ha) == HEADINGS_2021
    assert [(t.n_rows, t.n_cols) for t in ha.tables] == [(14, 4), (28, 10), (4, 15)]
    t = ha.tables[1]
    assert t.cell(5, 0).row_span == 22
    # the paragraph indices are 1..n in order, cells' paragraphs are not counted
    assert [p.index for p in ha.paragraphs] == list(range(1, len(ha.paragraphs) + 1))


def _all_paragraphs_and_cells(blocks):
    from checker.model import Paragraph, Table

    for b in blocks:
        if isinstance(b, Paragraph):
            yield b
        elif isinstance(b, Table):
            yield b
            for cell in b.cells():
                yield cell
                yield from _all_paragraphs_and_cells([*cell.paragraphs, *cell.tables])


def test_anchors_are_lxml_paths_of_the_elements(corpus_dir, tmp_path):
    import zipfile

    from lxml import etree

    for name in ("official-template-2021-blank.docx", "huaian-gov-2024.docx"):
        doc = _load(corpus_dir, tmp_path, name)
        with zipfile.ZipFile(tmp_path / name) as z:
            root = etree.fromstring(z.read(doc.main_part))
        tree = root.getroottree()
        expected = {
            "Paragraph": {tree.getpath(e) for e in root.iter("{*}p")},
            "Table": {tree.getpath(e) for e in root.iter("{*}tbl")},
            "Cell": {tree.getpath(e) for e in root.iter("{*}tc")},
        }
        seen = {"Paragraph": set(), "Table": set(), "Cell": set()}
        for item in _all_paragraphs_and_cells(doc.blocks):
            kind = type(item).__name__
            assert item.anchor in expected[kind], (kind, item.anchor)
            assert tree.xpath(item.anchor, namespaces={k: v for k, v in root.nsmap.items() if k})
            seen[kind].add(item.anchor)
        # every w:p and w:tbl of the main part is reachable from the model, except the
        # empty paragraphs of cells swallowed by a vertical merge
        missing = expected["Paragraph"] - seen["Paragraph"]
        assert seen["Paragraph"] <= expected["Paragraph"]
        for path in missing:
            (el,) = tree.xpath(path, namespaces={k: v for k, v in root.nsmap.items() if k})
            assert el.xpath("string(.)").strip() == ""
            tc_pr = el.getparent().find("{*}tcPr")
            assert tc_pr is not None and tc_pr.find("{*}vMerge") is not None
        assert seen["Table"] == expected["Table"]
        assert seen["Cell"] <= expected["Cell"]


@pytest.mark.parametrize(
    "name",
    ["official-template-2021-blank.docx", "huaian-gov-2024.docx", "shanghai-gov-office-2019.docx", "xiuzhou-transport-2020.docx"],
)
def test_same_text_and_grid_as_python_docx(corpus_dir, tmp_path, name):
    """On plain files (no revisions, fields or content controls) python-docx is a fair referee."""
    docx = pytest.importorskip("docx")
    doc = _load(corpus_dir, tmp_path, name)
    ref = docx.Document(str(tmp_path / name))
    assert [p.text for p in doc.paragraphs] == [p.text for p in ref.paragraphs]
    assert len(doc.tables) == len(ref.tables)
    for ours, theirs in zip(doc.tables, ref.tables):
        assert ours.n_rows == len(theirs.rows)
        for r, row in enumerate(theirs.rows):
            assert ours.row_texts(r) == [c.text for c in row.cells]
