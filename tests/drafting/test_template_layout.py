"""``checker template`` laid out as the official blank template: rendered by LibreOffice,
table 三 fits one page, no table's header is cut from it, and the page is GB/T 9704's.

The PDF is read with pypdf: each page's text (spaces and line breaks removed) says on
which page a table's first and last labels are printed.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from drafting_helpers import convert_to_pdf, run_checker
from lxml import etree

pypdf = pytest.importorskip("pypdf")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

#: (first label, last label) of each table, as printed (spaces removed), by format
TABLES = {
    "2021": {"T2": ("第二十条第（一）项", "行政事业性收费"),
             "T3": ("本列数据的勾稽关系为", "四、结转下年度继续办理"),
             "T4": ("行政复议行政诉讼", "复议后起诉")},
    "2019": {"T2": ("第二十条第（一）项", "政府集中采购"),
             "T3": ("本列数据的勾稽关系为", "四、结转下年度继续办理"),
             "T4": ("行政复议行政诉讼", "复议后起诉")},
}
HEADINGS = {"T2": "二、主动公开政府信息情况", "T3": "三、收到和处理政府信息公开申请情况",
            "T4": "四、政府信息公开行政复议、行政诉讼情况"}


def pages(pdf: Path) -> list[str]:
    return [re.sub(r"\s+", "", p.extract_text() or "") for p in pypdf.PdfReader(str(pdf)).pages]


def page_of(texts: list[str], marker: str, last: bool = False) -> int:
    """1-based page where ``marker`` is printed (its last occurrence with ``last``)."""
    found = [i + 1 for i, t in enumerate(texts) if marker in t]
    assert found, f"{marker!r} is on no page"
    return found[-1] if last else found[0]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The 2019-format and 2021-format templates and the official blank one, as PDF pages."""
    from drafting_helpers import find_soffice

    soffice = find_soffice()
    out = tmp_path_factory.mktemp("layout")
    got = {}
    for year, fmt in ((2020, "2019"), (2025, "2021")):
        docx = out / f"t{year}.docx"
        proc = run_checker("template", "--year", str(year), "--agency", "某某县财政局", "-o", str(docx))
        assert proc.returncode == 0, proc.stderr
        got[fmt] = (docx, pages(convert_to_pdf(soffice, docx, out)))
    official = Path(__file__).resolve().parents[1] / "data" / "corpus" / "official-template-2021-blank.docx"
    if official.is_file():
        copy = out / "official.docx"
        copy.write_bytes(official.read_bytes())
        got["official"] = (copy, pages(convert_to_pdf(soffice, copy, out)))
    return got


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_each_table_on_one_page_with_its_heading(rendered, fmt):
    _, texts = rendered[fmt]
    assert len(texts) <= 3, f"the blank template takes {len(texts)} pages (the official one 3)"
    for role, (first, last) in TABLES[fmt].items():
        start, end = page_of(texts, first), page_of(texts, last, last=True)
        assert start == end, f"{role} runs from page {start} to page {end}"
        assert page_of(texts, HEADINGS[role]) == start, f"{role}'s heading is not on the page its table starts"


def test_not_longer_than_the_official_template(rendered):
    if "official" not in rendered:
        pytest.skip("official template not in tests/data/corpus")
    assert len(rendered["2021"][1]) <= len(rendered["official"][1])


def test_table_three_labels_are_not_folded_three_characters_a_line(rendered):
    """The leaf labels of table 三 print on few lines: the longest one is cut at most twice."""
    _, texts = rendered["2021"]
    page = texts[page_of(texts, "本列数据的勾稽关系为") - 1]
    assert "1.属于国家秘密" in page and "2.其他法律行政法规禁止公开" in page
    assert "6.属于四类过程性信息" in page and "（一）予以公开" in page


def _xml(docx: Path, part: str = "word/document.xml"):
    with zipfile.ZipFile(docx) as z:
        return etree.fromstring(z.read(part))


def test_tables_xml_fixed_widths_repeated_headers_rows_kept(rendered):
    docx, _ = rendered["2021"]
    root = _xml(docx)
    tables = root.findall(f".//{W}body/{W}tbl")
    assert len(tables) == 3
    t3 = tables[1]
    grid = [int(g.get(W + "w")) for g in t3.find(W + "tblGrid")]
    assert len(grid) == 10 and sum(grid) <= 8844 + 5  # the 156 mm type area
    assert grid[2] >= 13 * 200, "the leaf label column of table 三 holds 13 characters of 10 pt"
    assert t3.find(f"{W}tblPr/{W}tblLayout").get(W + "type") == "fixed"
    rows = t3.findall(W + "tr")
    assert [r.find(f"{W}trPr/{W}tblHeader") is not None for r in rows[:4]] == [True, True, True, False]
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    # every row but the last keeps with the next: LibreOffice and Word keep the table together
    for r in rows[:-1]:
        assert all(p.find(f"{W}pPr/{W}keepNext") is not None for p in r.iter(W + "p"))
    t4_rows = tables[2].findall(W + "tr")
    assert sum(r.find(f"{W}trPr/{W}tblHeader") is not None for r in t4_rows) == 3


def test_page_set_up_per_gb_t_9704(rendered):
    docx, _ = rendered["2021"]
    sect = _xml(docx).find(f".//{W}sectPr")
    size, mar = sect.find(W + "pgSz"), sect.find(W + "pgMar")
    mm = lambda v: round(int(v) / 1440 * 25.4)  # noqa: E731
    assert (mm(size.get(W + "w")), mm(size.get(W + "h"))) == (210, 297)
    assert {k: mm(mar.get(W + k)) for k in ("top", "left", "right", "bottom")} == \
        {"top": 37, "left": 28, "right": 26, "bottom": 35}
    styles = _xml(docx, "word/styles.xml")

    def style(name):
        return next(s for s in styles.iter(W + "style") if s.find(W + "name").get(W + "val") == name)

    normal, heading, table = style("Normal"), style("heading 1"), style("Table Text")
    assert normal.find(f"{W}rPr/{W}rFonts").get(W + "eastAsia") == "仿宋_GB2312"
    assert normal.find(f"{W}rPr/{W}sz").get(W + "val") == "32"  # 3号
    assert normal.find(f"{W}pPr/{W}spacing").get(W + "line") == "579"  # 28.95 pt: 22 lines a page
    assert heading.find(f"{W}rPr/{W}rFonts").get(W + "eastAsia") == "黑体"
    assert heading.find(f"{W}pPr/{W}keepNext") is not None
    assert table.find(f"{W}rPr/{W}sz").get(W + "val") == "20"  # the official template's 10 pt
    body = _xml(docx)
    title_run = body.find(f".//{W}body/{W}p/{W}r")
    assert title_run.find(f"{W}rPr/{W}sz").get(W + "val") == "44"  # 2号
    assert title_run.find(f"{W}rPr/{W}rFonts").get(W + "eastAsia") == "方正小标宋简体"


def test_page_numbers_between_dashes(rendered):
    """GB/T 9704: ``— 1 —`` in 4号 宋体, odd pages right, even pages left (footers as settings say)."""
    docx, texts = rendered["2021"]
    for n, text in enumerate(texts, 1):
        assert text.endswith(f"—{n}—"), text[-20:]
    with zipfile.ZipFile(docx) as z:
        assert b"evenAndOddHeaders" in z.read("word/settings.xml")
        footers = [z.read(n).decode() for n in z.namelist() if n.startswith("word/footer")]
    assert len(footers) == 2 and all('w:instr="PAGE"' in f and 'w:sz w:val="28"' in f for f in footers)
    assert sorted(re.search(r'<w:jc w:val="(\w+)"', f).group(1) for f in footers) == ["left", "right"]
