"""A report type is data: the made-up type of docs/profiles.md, checked from its YAML alone.

The profile (docs/examples/volunteer-service-report.yaml) is the one the walkthrough
shows; no plugin knows it. A clean report passes; each fault the profile describes
(a missing section, a wrong total, a late date, no 落款, no year in the title) is found.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROFILE = ROOT / "docs" / "examples" / "volunteer-service-report.yaml"


def build(path: Path, *, title="清水县志愿者协会2024年志愿服务工作年度报告", total="30", date="2025年1月20日",
          signature="清水县志愿者协会", drop_section: int | None = None) -> Path:
    import docx

    d = docx.Document()
    d.add_paragraph(title)
    sections = [("一、基本情况", ["2024年，协会组织志愿服务活动，群众参与踊跃。"]), ("二、服务统计", None),
                ("三、存在的问题", ["志愿者队伍结构有待优化。"]), ("四、下一年度工作计划", ["继续扩大志愿服务覆盖面。"])]
    for number, (heading, paragraphs) in enumerate(sections, start=1):
        if number == drop_section:
            continue
        d.add_paragraph(heading)
        if paragraphs is None:
            table = d.add_table(rows=4, cols=4)
            for c, text in enumerate(["服务项目", "上半年", "下半年", "全年合计"]):
                table.cell(0, c).text = text
            rows = [("社区服务", ["12", "18", total]), ("环境保护", ["5", "6", "11"]), ("助老助残", ["7", "3", "10"])]
            for r, (label, values) in enumerate(rows, start=1):
                table.cell(r, 0).text = label
                for c, value in enumerate(values, start=1):
                    table.cell(r, c).text = value
            continue
        for text in paragraphs:
            d.add_paragraph(text)
    if signature:
        d.add_paragraph(signature)
    if date:
        d.add_paragraph(date)
    d.save(str(path))
    return path


def check(path: Path) -> tuple[int, dict]:
    import json

    out = subprocess.run(
        [sys.executable, "-m", "checker", "check", str(path), "--profile", str(PROFILE), "--output-format", "json"],
        capture_output=True, text=True,
    )
    return out.returncode, json.loads(out.stdout)["files"][0]


def test_a_clean_report_passes(tmp_path):
    rc, result = check(build(tmp_path / "good.docx"))
    assert (rc, result["findings"]) == (0, [])
    assert (result["metadata"]["agency"], result["metadata"]["year"]) == ("清水县志愿者协会", 2024)


@pytest.mark.parametrize(
    "changes, code, words",
    [
        ({"drop_section": 3}, "SEC201", "三、存在的问题"),
        ({"total": "31"}, "SUM501", "全年合计"),
        ({"date": "2025年2月10日"}, "DAT604", "2025年1月31日"),
        ({"signature": None}, "SIG701", "落款"),
        ({"title": "清水县志愿者协会志愿服务工作年度报告"}, "TTL101", "年份"),
    ],
    ids=["missing section", "wrong total", "late", "no 落款", "no year"],
)
def test_each_fault_is_found(tmp_path, changes, code, words):
    rc, result = check(build(tmp_path / "bad.docx", **changes))
    assert rc == 1
    hits = [f for f in result["findings"] if f["code"] == code]
    assert hits and any(words in f["message"]["zh"] for f in hits), result["findings"]


def test_no_python_names_the_second_report_type():
    """The report types are data: no Python outside the tests names the second one."""
    out = subprocess.run(
        ["git", "grep", "-n", "-i", "-e", "法治政府", "-e", "rule-of-law", "-e", "rule_of_law", "--", "*.py", ":!tests"],
        cwd=ROOT, capture_output=True, text=True,
    )
    if out.returncode not in (0, 1):
        pytest.skip("not a git checkout")
    assert out.stdout == ""
