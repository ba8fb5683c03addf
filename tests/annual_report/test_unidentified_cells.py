"""Issue 13 item 3: a relation runs only over cells positively identified.

A relabelled or missing column (or row) is the table rule's finding (TAB302); the
arithmetic rules never compute with a 0 for a cell they did not find, and the relations
left out are recorded (``checker.report.arith.Outcome.skipped``). Before the change, a
column of table 四 matched by its leaf label alone was taken from another group (the
总计 of 复议后起诉 for the 总计 of 未经复议直接起诉), and SUM501 reported `… (0) = 0 but … = 1`.
"""

from __future__ import annotations

import pytest
from builders import Report, write_report

from checker.engine import Engine, Settings
from checker.reader import load_document
from checker.report.arith import evaluate
from checker.report.structure import build
from checker.profiles import load_profile
from checker import shipped_profiles as checker_profiles

DATA = load_profile("gov-annual-report-2021", checker_profiles()).data

CASES = {
    # table 四: one group's 总计 relabelled (合计, 小计), an outcome reworded, one dropped to an unrelated label
    "t4-lit-direct-total": ({"T4.LIT_DIRECT:总计": "合计"}, "T4.LIT_DIRECT.total"),
    "t4-review-total": ({"T4.REV:总计": "合计"}, "T4.REV.total"),
    "t4-lit-after-total": ({"T4.LIT_AFTER:总计": "小计"}, "T4.LIT_AFTER.total"),
    "t4-outcome-unknown": ({"T4.LIT_DIRECT:结果维持": "备注"}, "T4.LIT_DIRECT.keep"),
    # table 三: the 总计 column relabelled, an applicant column replaced
    "t3-total-column": ({"T3:总计": "合计"}, "T3.NEW.tot"),
    "t3-applicant-column": ({"科研机构": "备注"}, "T3.NEW.res"),
    # table 二 (2021): a column of block (一) replaced
    "t2-valid-column": ({"现行有效件数": "备注"}, "T2.NORM.valid"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_unidentified_cell_is_not_computed_with(tmp_path, case):
    relabel, missing = CASES[case]
    path = write_report(tmp_path / f"{case}.docx", Report(relabel=relabel))
    result = Engine(Settings()).check_path(path)
    codes = [f.code for f in result.findings if f.severity.value in ("error", "warning")]
    assert "TAB302" in codes, [(f.code, f.message.en) for f in result.findings]
    sums = [f.message.en for f in result.findings if f.code in ("SUM501", "SUM502")]
    assert sums == [], sums
    doc = load_document(str(path))
    st = build(doc, DATA)
    assert st.cell(missing) is None
    skipped = evaluate(st).skipped
    assert any(missing in s.missing and s.reason == "cell not identified" for s in skipped), skipped


def test_the_other_groups_cells_keep_their_relations(tmp_path):
    """Only the relations over the unidentified cell are left out: table 四's other groups are checked."""
    path = write_report(tmp_path / "r.docx", Report(relabel={"T4.LIT_DIRECT:总计": "合计"},
                                                    values={"T4.REV.total": "3"}))
    result = Engine(Settings()).check_path(path)
    sums = [f for f in result.findings if f.code == "SUM501"]
    assert len(sums) == 1 and "行政复议" in sums[0].message.zh, [f.message.en for f in sums]


def test_missing_table_relations_are_skipped_as_table_not_found(tmp_path):
    path = write_report(tmp_path / "r.docx", Report(tables={"T4": "image"}))
    st = build(load_document(str(path)), DATA)
    reasons = {s.reason for s in evaluate(st).skipped if s.relation.table == "T4"}
    assert reasons == {"table not found"}


@pytest.mark.parametrize("row, cell", [
    ("3.补正后申请内容仍不明确", "T3.UNABLE3.tot"),   # a row of table 三 left out
    ("行政强制", "T2.COERCION"),                     # a row of table 二
])
def test_missing_row_is_not_computed_with(tmp_path, row, cell):
    path = write_report(tmp_path / "r.docx", Report(drop_rows={row}))
    result = Engine(Settings()).check_path(path)
    assert "TAB302" in [f.code for f in result.findings]
    assert [f.message.en for f in result.findings if f.code in ("SUM501", "SUM502")] == []
    st = build(load_document(str(path)), DATA)
    assert st.cell(cell) is None
