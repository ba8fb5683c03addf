"""Issue 14: a roster's ``kind`` sets the body's deadline (DAT604), over the kind its name suggests."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "annual_report"))
from builders import Report, write_report  # noqa: E402

from checker.cli import main  # noqa: E402
from checker.engine import Engine, Settings  # noqa: E402


def deadline_findings(path: Path, tmp_path: Path, capsys, *extra: str) -> list[dict]:
    out = tmp_path / f"out-{len(list(tmp_path.iterdir()))}.json"
    main(["check", str(path), "--output-format", "json", "-o", str(out), "--no-progress", "--select", "DAT604", *extra])
    capsys.readouterr()
    data = json.loads(out.read_text(encoding="utf-8"))
    return [f for f in data["files"][0]["findings"] if f["code"] == "DAT604"]


@pytest.fixture
def late_department(tmp_path: Path) -> Path:
    # a department by its name (…局): due by 31 January; dated 5 February
    return write_report(tmp_path / "水利局.docx", Report(year=2023, agency="清水县水利局", signature="清水县水利局",
                                                        date="2024年2月5日"))


def roster(tmp_path: Path, kind: str) -> str:
    path = tmp_path / "名单.csv"
    path.write_text(f"name,kind\n清水县水利局,{kind}\n清水县财政局,department\n", encoding="utf-8")
    return str(path)


def test_without_a_roster_the_name_decides(late_department: Path, tmp_path: Path, capsys):
    found = deadline_findings(late_department, tmp_path, capsys)
    assert [f["expected"] for f in found] == ["不晚于2024年1月31日"]


def test_a_roster_kind_sets_the_deadline(late_department: Path, tmp_path: Path, capsys):
    # the roster says this body reports as a government (by 31 March): 5 February is on time
    assert deadline_findings(late_department, tmp_path, capsys, "--roster", roster(tmp_path, "government")) == []
    # and the reverse: a body the roster calls a department keeps the January deadline, said so
    found = deadline_findings(late_department, tmp_path, capsys, "--roster", roster(tmp_path, "部门"), "--lang", "zh")
    assert len(found) == 1 and "报送名单登记为政府部门" in found[0]["message"]["zh"]
    assert "on the roster" in found[0]["message"]["en"]


def test_a_government_named_body_the_roster_calls_a_department(tmp_path: Path, capsys):
    path = write_report(tmp_path / "政府.docx", Report(year=2023, agency="清水县人民政府", signature="清水县人民政府",
                                                     date="2024年3月1日"))
    assert deadline_findings(path, tmp_path, capsys) == []  # a government: due by 31 March
    names = tmp_path / "名单.yaml"
    names.write_text("bodies:\n  - {name: 清水县人民政府, kind: department}\n", encoding="utf-8")
    found = deadline_findings(path, tmp_path, capsys, "--roster", str(names))
    assert [f["expected"] for f in found] == ["不晚于2024年1月31日"]


def test_an_uncertain_match_does_not_set_the_kind(late_department: Path):
    # only a partial match ("水利局" inside a longer roster name): the name's own kind stays
    engine = Engine(Settings(select=("DAT604",), bodies=(("某市清水县水利局", (), "government"),)))
    result = engine.check_path(str(late_department))
    assert result.metadata.get("agency_kind_source") is None
    assert [f.code for f in result.findings] == ["DAT604"]
