"""A table continued in a second Word table is read as one (issue 13, item 1).

A drafter pressing Enter or Ctrl+Shift+Enter inside a long table, or a conversion from
PDF or WPS, splits table 三 (or 二, 四) into two Word tables: with an empty paragraph or a
page break between them, with or without the header rows repeated at the top of the
second part. Each split report must give exactly the findings of the unsplit one, and
the reader records the stitch.
"""

from __future__ import annotations

import copy

import docx
import pytest
from ar_helpers import check_file
from builders import Report, write_report
from docx.enum.text import WD_BREAK

from checker.reader import load_document


def split_table(src, dst, table: int, at: int, *, repeat_header: int = 0, between: str = "empty") -> None:
    """Split the ``table``-th Word table of ``src`` before row ``at`` into two tables."""
    d = docx.Document(str(src))
    tbl = d.tables[table]._tbl
    rows = tbl.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tr")
    second = copy.deepcopy(tbl)
    for tr in second.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tr"):
        second.remove(tr)
    for tr in rows[:repeat_header]:
        second.append(copy.deepcopy(tr))
    for tr in rows[at:]:
        tbl.remove(tr)
        second.append(tr)
    para = d.add_paragraph()  # appended at the end, then moved between the two parts
    if between == "page break":
        para.add_run().add_break(WD_BREAK.PAGE)
    tbl.addnext(para._p)
    para._p.addnext(second)
    d.save(str(dst))


def codes(result) -> list[tuple[str, str]]:
    return sorted((f.code, f.message.en) for f in result.findings)


@pytest.mark.parametrize("edition, year", [("2019", 2020), ("2021", 2023)])
@pytest.mark.parametrize("repeat_header", [0, 2], ids=["no repeated header", "header repeated"])
@pytest.mark.parametrize("between", ["empty", "page break"])
def test_table_3_split_reads_as_the_unsplit_table(tmp_path, edition, year, repeat_header, between):
    whole = write_report(tmp_path / "whole.docx", Report(edition=edition, year=year))
    split = tmp_path / "split.docx"
    split_table(whole, split, table=len(docx.Document(str(whole)).tables) - 2, at=12,
                repeat_header=repeat_header, between=between)
    assert len(docx.Document(str(split)).tables) == len(docx.Document(str(whole)).tables) + 1
    assert codes(check_file(split)) == codes(check_file(whole))
    doc = load_document(str(split))
    stitched = doc.constructs_of("stitched_table")
    assert len(stitched) == 1 and (f"{repeat_header} repeated header" in stitched[0].detail) == bool(repeat_header)


@pytest.mark.parametrize("which", ["first", "last"], ids=["table 2", "table 4"])
def test_tables_2_and_4_split(tmp_path, which):
    whole = write_report(tmp_path / "whole.docx", Report(edition="2021", year=2023))
    n = len(docx.Document(str(whole)).tables)
    index = 0 if which == "first" else n - 1
    rows = len(docx.Document(str(whole)).tables[index].rows)
    split = tmp_path / "split.docx"
    split_table(whole, split, table=index, at=rows - 1, repeat_header=1 if which == "last" else 0)
    assert codes(check_file(split)) == codes(check_file(whole))


def test_a_split_with_a_real_fault_still_reports_it(tmp_path):
    """Stitching keeps the figures: a wrong total in the second part is still found."""
    rep = Report(edition="2021", year=2023)
    rep.values["T3.TOTAL.np"] = "999"
    whole = write_report(tmp_path / "whole.docx", rep)
    split = tmp_path / "split.docx"
    split_table(whole, split, table=len(docx.Document(str(whole)).tables) - 2, at=12, repeat_header=2)
    assert codes(check_file(split)) == codes(check_file(whole))
    assert any(code == "SUM501" for code, _ in codes(check_file(split)))


def test_two_tables_of_other_widths_are_not_stitched(tmp_path):
    whole = write_report(tmp_path / "whole.docx", Report(edition="2021", year=2023))
    doc = load_document(str(whole))
    assert doc.constructs_of("stitched_table") == []
    assert len(doc.tables) == len(docx.Document(str(whole)).tables)


def test_after_a_stitched_table_the_next_is_named_with_its_word_position(tmp_path):
    """Issue 16: 表三 split in two Word tables is read as one, so 表四 is the document's 4th
    Word table; its places say so beside the name (``表四（文档第4个表格）``)."""
    rep = Report(edition="2021", year=2023)
    rep.values["T4.REV.total"] = "9"  # a wrong total in 表四: SUM501 at its cell
    whole = write_report(tmp_path / "whole.docx", rep)
    split = tmp_path / "split.docx"
    split_table(whole, split, table=len(docx.Document(str(whole)).tables) - 2, at=12, repeat_header=2)
    (f,) = [f for f in check_file(split).findings if f.code == "SUM501"]
    assert f.location.describe("zh").startswith("表四（文档第4个表格）第4行")
    assert f.location.describe("en").startswith("table 4 (the document's 4th table), row 4")
    (g,) = [g for g in check_file(whole).findings if g.code == "SUM501"]
    assert g.location.describe("zh").startswith("表四 第4行")  # unsplit: the name alone
