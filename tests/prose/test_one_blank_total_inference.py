"""Issue 13 item 6: a blank total is inferred once (checker.report.arith), used by the
arithmetic rule and the prose rules alike.

The prose profile used to restate relations T3-ROW and T4-SUM as ``blank_totals`` (a
blank total = the sum of its row); a blank （七）总计/总计 whose row is blank too read as
0 there, while the arithmetic works it out from the column relations.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "annual_report"))

from builders import PROSE, Report, write_report  # noqa: E402

from checker.engine import Engine, Settings  # noqa: E402

#: table 三's （七）总计 row left blank, 总计 column included: the column relations give 6
BLANK_TOTAL_ROW = {f"T3.TOTAL.{c}": "" for c in ("np", "biz", "res", "ngo", "law", "oth", "tot")}


def test_prose_reads_the_total_the_relations_give(tmp_path):
    prose = {1: [PROSE[1][0], "本年度共收到政府信息公开申请6件，上年结转1件，共办结6件，结转下年度1件。"]}
    path = write_report(tmp_path / "r.docx", Report(prose=prose, values=BLANK_TOTAL_ROW))
    result = Engine(Settings()).check_path(str(path))
    sums = [f for f in result.findings if f.code == "SUM501"]
    assert sums and any("（七）总计" in f.message.zh for f in sums)  # the blanks are the table's finding
    prose_findings = [f.message.en for f in result.findings if f.code == "AR801"]
    assert prose_findings == [], prose_findings  # 办结6件 agrees with the total the relations give


def test_a_wrong_figure_is_still_found_against_the_inferred_total(tmp_path):
    prose = {1: [PROSE[1][0], "本年度共办结申请9件。"]}
    path = write_report(tmp_path / "r.docx", Report(prose=prose, values=BLANK_TOTAL_ROW))
    result = Engine(Settings()).check_path(str(path))
    found = [f for f in result.findings if f.code == "AR801"]
    assert len(found) == 1 and "6" in (found[0].expected or ""), [(f.message.en, f.expected) for f in found]
