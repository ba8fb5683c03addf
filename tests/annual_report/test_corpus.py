"""The four real reports of ../shared/corpus give exactly the findings of its README.

Only the AR codes this pack owns whose findings the README lists are asserted exactly;
findings of other packs (prose vs tables, document properties) are not this pack's
business. Every AR error must be one the README lists.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from ar_helpers import check_file

SEED = Path(__file__).resolve().parents[2] / "examples" / "seed-2020.txt"  # the shared seed's copy (tests/drafting/test_example.py)


@pytest.fixture
def corpus_copy(corpus_dir, tmp_path):
    def get(name: str) -> Path:
        dst = tmp_path / name
        shutil.copy(corpus_dir / name, dst)  # never read the shared file in place
        return dst

    return get


def ar(result, code_prefix: str = ""):
    """The findings of the report rules (the generic pack's and the annual report's own, not
    the prose-vs-tables rules of issue 8), optionally of one code prefix."""
    from ar_helpers import pack_codes

    mine = pack_codes()
    return [f for f in result.findings if f.code in mine and f.code.startswith(code_prefix)]


def summary(findings):
    return sorted((f.code, f.severity.value) for f in findings)


def test_xiuzhou(corpus_copy):
    result = check_file(corpus_copy("xiuzhou-transport-2020.docx"))
    assert result.profile == "gov-annual-report-2019"
    md = result.metadata
    assert (md["year"], md["agency"], md["agency_kind"], md["edition"]) == (2020, "区交通运输局", "department", "2019")
    found = ar(result)
    assert summary(found) == sorted([("SEC201", "error"), ("SEC202", "warning")]), [(f.code, f.message.en) for f in found]
    six = next(f for f in found if f.code == "SEC201")
    assert six.actual == "6、" and six.expected == "六、" and six.location.section == 6
    five = next(f for f in found if f.code == "SEC202")
    assert five.expected == "五、存在的主要问题及改进情况" and "存在的问题及改进情况" in five.actual


def test_shanghai(corpus_copy):
    result = check_file(corpus_copy("shanghai-gov-office-2019.docx"))
    assert result.profile == "gov-annual-report-2019"
    assert result.metadata["agency_kind"] == "government"
    found = ar(result)
    assert summary(found) == sorted([
        ("SEC202", "warning"),  # 五、政府信息公开工作存在的主要问题及改进情况
        ("TAB401", "warning"),  # table 三 blank cells
        ("TAB401", "warning"),  # table 四: 9 of 15 blank
        ("SUM501", "error"),  # the 总计 column blank in the result rows
        ("DAT601", "error"),  # no 成文日期
        ("SIG701", "error"),  # no 落款
    ]), [(f.code, f.message.en) for f in found]
    (blank_totals,) = [f for f in found if f.code == "SUM501"]
    # cells and relations in the words of the table, not by their spec names (T3.OPEN.tot, T3-ROW)
    assert "in column 总计: （一）予以公开 = 272, （二）部分公开 = 3" in blank_totals.message.en
    assert "“总计”列的（一）予以公开＝272、（二）部分公开＝3" in blank_totals.message.zh
    assert "row total equals the sum of the six applicant columns" in blank_totals.message.en
    assert "(7) total equals the sum of the result items" in blank_totals.message.en
    assert "表三各行总计等于六类申请人之和" in blank_totals.message.zh
    assert "（一）予以公开＝272" in blank_totals.expected.zh and "T3." not in blank_totals.expected.zh
    t4 = [f for f in found if f.code == "TAB401" and f.location.table == 3]
    assert t4 and "9 blank" in t4[0].message.en


def test_huaian(corpus_copy):
    result = check_file(corpus_copy("huaian-gov-2024.docx"))
    assert result.profile == "gov-annual-report-2021"
    assert (result.metadata["year"], result.metadata["agency_kind"]) == (2024, "government")
    found = ar(result)
    assert summary(found) == sorted([("TAB303", "warning"), ("DAT601", "error"), ("SIG701", "error")]), [
        (f.code, f.message.en) for f in found]


def test_blank_template(corpus_copy):
    result = check_file(corpus_copy("official-template-2021-blank.docx"))
    assert result.profile == "gov-annual-report-2021"
    assert "tables follow the 2021 format" in result.metadata["edition_reason"]
    found = ar(result)
    assert summary(found) == sorted([
        ("TTL101", "error"),  # no title with agency and year
        ("SEC203", "error"), ("SEC203", "error"), ("SEC203", "error"),  # sections 一, 五, 六 not written
        ("TAB401", "error"), ("TAB401", "error"), ("TAB401", "error"),  # three blank tables
        ("DAT601", "error"),  # no date
        ("SIG701", "error"),  # no 落款
    ]), [(f.code, f.message.en) for f in found]
    unwritten = sorted((f.location.section, f.message.en) for f in found if f.code == "SEC203")
    assert [s for s, _ in unwritten] == [1, 5, 6] and all("not written" in m for _, m in unwritten)  # one per section


def test_blank_template_grids(corpus_dir):
    """The merged-cell tables are read into the right logical grids (14x4, 28x10, 4x15)."""
    from checker.reader import load_document

    doc = load_document(str(corpus_dir / "official-template-2021-blank.docx"))
    assert [(t.n_rows, t.n_cols) for t in doc.tables] == [(14, 4), (28, 10), (4, 15)]


def test_seed_section_six(tmp_path):
    """The seed report as text: its `6、` heading is found (paragraphs only; tables flattened)."""
    if not SEED.is_file():
        pytest.skip("seed not available")
    from builders import Report, write_report

    raw = SEED.read_text(encoding="utf-8").splitlines()
    paragraphs = [x.strip() for x in raw if x.strip() and not x.startswith("\t")]  # table cells are tab-indented
    headings = {n: None for n in range(1, 7)}
    rep = Report(edition="2019", year=2020, title="", intro="", period="", headings=headings,
                 prose={n: [] for n in range(1, 7)}, tables={"T2": "none", "T3": "none", "T4": "none"},
                 signature=None, date="")
    path = write_report(tmp_path / "seed.docx", rep)
    import docx

    d = docx.Document(str(path))
    for text in paragraphs:
        d.add_paragraph(text)
    d.save(str(path))
    result = check_file(path)
    six = [f for f in result.findings if f.code == "SEC201"]
    assert [(f.expected, f.actual) for f in six] == [("六、", "6、")]
    assert result.metadata["year"] == 2020 and result.metadata["agency"] == "区交通运输局"
    assert not [f for f in result.findings if f.code in ("DAT601", "SIG701", "SIG702", "DAT604")]
