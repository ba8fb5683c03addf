"""``checker template``: the blank report of the right edition, accepted by the checker."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from drafting_helpers import run_checker

from checker.engine import Engine
from checker.reader import load_document

#: what checking a blank template may report, one finding per thing to write: SEC203 each
#: prose section (at its placeholder), TAB401 the blank tables, DOC001 the date line.
ALLOWED = {"DOC001", "SEC203", "TAB401"}
#: (table 二, table 三, table 四) logical grids of the two formats' templates
SHAPES = {2020: [(18, 4), (26, 10), (4, 15)], 2023: [(14, 4), (28, 10), (4, 15)]}
PROFILE = {2020: "gov-annual-report-2019", 2023: "gov-annual-report-2021"}


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


def write(tmp_path: Path, year: int, agency: str = "某某县财政局", *extra: str) -> Path:
    out = tmp_path / f"draft-{year}.docx"
    proc = run_checker("template", "--year", str(year), "--agency", agency, "-o", str(out), *extra)
    assert proc.returncode == 0, proc.stderr
    assert out.is_file()
    return out


@pytest.mark.parametrize("year", [2020, 2023])
def test_checking_a_template_reports_only_placeholders_and_blanks(tmp_path, year):
    draft = write(tmp_path, year)
    proc = run_checker("check", str(draft), "--output-format", "json", "--no-progress", fresh=year == 2023)
    assert proc.returncode in (0, 1), proc.stderr
    result = json.loads(proc.stdout)["files"][0]
    assert result["profile"] == PROFILE[year]
    assert result["error"] is None
    codes = {f["code"] for f in result["findings"]}
    assert codes <= ALLOWED, [f for f in result["findings"] if f["code"] not in ALLOWED]
    doc = load_document(draft)
    texts = {p.index: p.text for p in doc.paragraphs}
    date_line = max(texts)
    assert texts[date_line] == "××××年××月××日"
    for f in result["findings"]:
        if f["code"] == "TAB401":
            assert f["location"]["table"], f  # blanks are table cells
            assert f["actual"] in ("全部空白", "空白") or "blank" in f["message"]["en"] or "empty" in f["message"]["en"], f
        if f["code"] == "SEC203":
            assert (f["actual"] or "").startswith("（文字描述"), f  # a section holding only its placeholder
    # issue 13: each placeholder is one finding, at its paragraph: a prose section's is
    # SEC203's ("not written"), the date line's DOC001's; nothing on the title, headings, 落款
    at = {}
    for f in result["findings"]:
        if f["code"] in ("SEC203", "DOC001"):
            assert f["location"]["paragraph"] not in at, (f, at)
            at[f["location"]["paragraph"]] = f["code"]
    prose = {i for i, t in texts.items() if t.startswith("（文字描述")}
    assert len(prose) == 3
    assert at == {**{i: "SEC203" for i in prose}, date_line: "DOC001"}


@pytest.mark.parametrize("year", [2020, 2023])
def test_structure_matches_the_edition(tmp_path, year, engine):
    from checker.report.structure import build

    draft = write(tmp_path, year)
    doc = load_document(draft)
    assert [(t.n_rows, t.n_cols) for t in doc.tables] == SHAPES[year]
    data = engine.profile(PROFILE[year]).data
    st = build(doc, data)
    assert sorted(st.sections) == [1, 2, 3, 4, 5, 6]
    assert [s.number for s in st.headings_in_order] == [1, 2, 3, 4, 5, 6]
    assert st.year == year and st.agency == "某某县财政局"
    edition = "2019" if year <= 2020 else "2021"
    assert st.table_edition == edition and st.edition_scores[edition] == 1.0
    assert set(st.tables) == {"T2", "T3", "T4"}
    assert st.statistics_period is not None
    assert st.signature is not None and st.signature.text == "某某县财政局"
    # every value cell named by the profile exists, and is blank
    assert st.cells and all(not c.text.strip() for c in st.cells.values() if hasattr(c, "text"))
    title = doc.paragraphs[0].text
    assert title == f"某某县财政局{year}年政府信息公开工作年度报告"


def _spans(table):
    return sorted((c.row, c.col, c.row_span, c.col_span, "".join(c.text.split())) for c in table.cells())


def test_2021_tables_equal_the_official_blank_template(tmp_path, corpus_dir):
    draft = write(tmp_path, 2023)
    ours = load_document(draft).tables
    official = load_document(corpus_dir / "official-template-2021-blank.docx").tables
    assert len(ours) == len(official) == 3
    for mine, theirs in zip(ours, official):
        assert _spans(mine) == _spans(theirs)


def test_2019_table_3_merges(tmp_path):
    t2, t3, t4 = load_document(write(tmp_path, 2019)).tables
    corner = t3.cell(0, 0)
    assert (corner.row_span, corner.col_span) == (3, 3) and "勾稽关系" in corner.text
    results = t3.cell(5, 0)
    assert results.text == "三、本年度办理结果" and results.row_span == 20
    assert t3.cell(23, 1).text == "（六）其他处理" and t3.cell(23, 1).col_span == 2
    assert t2.cell(13, 2).text == "本年增/减" and t2.cell(13, 2).col_span == 2
    assert t2.cell(15, 0).text == "第二十条第（九）项" and t2.cell(15, 0).col_span == 4
    assert t4.cell(1, 0).text == "结果维持" and t4.cell(1, 0).row_span == 2


def test_government_kind_and_2021_fee_hint(tmp_path):
    doc = load_document(write(tmp_path, 2024, "某某镇人民政府"))
    texts = [p.text for p in doc.paragraphs]
    assert any("工作考核、社会评议和责任追究结果情况" in t for t in texts)  # guessed: government
    assert any("信息处理费" in t for t in texts)
    doc = load_document(write(tmp_path, 2019, "某某县审计局", "--kind", "government", "--force"))
    texts = [p.text for p in doc.paragraphs]
    assert any("工作考核" in t for t in texts) and not any("信息处理费" in t for t in texts)


def test_refuses_to_overwrite_without_force(tmp_path):
    draft = write(tmp_path, 2023)
    before = draft.read_bytes()
    proc = run_checker("template", "--year", "2023", "--agency", "某某县财政局", "-o", str(draft))
    assert proc.returncode == 2 and "--force" in proc.stderr
    assert draft.read_bytes() == before


def test_default_output_name(tmp_path):
    proc = run_checker("template", "--year", "2025", "--agency", "某某县财政局", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "某某县财政局2025年政府信息公开工作年度报告.docx").is_file()
