"""Offices' formats through LibreOffice: fixtures made by LibreOffice itself, findings identical
to the same report as .docx, the input never touched, failures and a missing soffice explained."""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path

import pytest

from checker.cli import main

from batch.conftest import ole2_doc

from .conftest import SOFFICE, fake_args, needs_soffice, soffice_convert

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "xiuzhou-transport-2020.docx"


def numbered_report() -> bytes:
    """A report with tables and automatic numbering (Word's List Number style), carrying the
    fake rules' markers: an arithmetic error in a cell and a warning paragraph."""
    import docx

    d = docx.Document()
    d.add_paragraph("某区交通运输局2024年政府信息公开工作年度报告")
    d.add_paragraph("AGENCY: 某区交通运输局")
    d.add_paragraph("YEAR: 2024")
    for text in ("总体情况", "主动公开政府信息情况", "存在的问题 WARNME"):
        d.add_paragraph(text, style="List Number")
    t = d.add_table(rows=3, cols=3)
    for r, row in enumerate([["项目", "本年", "上年"], ["收到申请", "7", "6"], ["总计", "BAD", "6"]]):
        for c, value in enumerate(row):
            t.cell(r, c).text = value
    d.add_paragraph("六、其他需要报告的事项")  # Word wants a paragraph after a table; .doc drops a table without one
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def run_json(capsys, *args: str) -> tuple[int, dict, str]:
    code = main(["check", *args, "--output-format", "json", "--lang", "en"])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def findings_of(entry: dict) -> list[dict]:
    return entry["findings"]


@pytest.fixture(scope="module")
def legacy(tmp_path_factory) -> dict[str, Path]:
    """The same report as .docx and as LibreOffice writes it in each format an office receives."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    root = tmp_path_factory.mktemp("legacy")
    src = root / "src" / "report.docx"
    src.parent.mkdir()
    src.write_bytes(numbered_report())
    profile = root / "lo-profile"
    made = {"docx": src}
    for fmt, filt in (("doc", "doc:MS Word 97"), ("rtf", "rtf"), ("odt", "odt"), ("docm", "docm:MS Word 2007 XML VBA")):
        made[fmt] = soffice_convert(src, filt, root / fmt, profile)
    wps = root / "wps" / "report.wps"  # a Word 97 file under WPS's name, as offices receive them
    wps.parent.mkdir()
    shutil.copy(made["doc"], wps)
    made["wps"] = wps
    real = soffice_convert(EXAMPLE, "doc:MS Word 97", root / "real", profile)
    made["real-doc"] = real
    return made


@needs_soffice
@pytest.mark.parametrize("fmt", ["doc", "wps", "rtf", "odt", "docm"])
def test_each_format_gives_the_findings_of_the_docx(legacy, fmt, capsys):
    _, docx_run, _ = run_json(capsys, str(legacy["docx"]), *fake_args())
    before = legacy[fmt].read_bytes()
    listing = sorted(os.listdir(legacy[fmt].parent))
    code, run, err = run_json(capsys, str(legacy[fmt]), *fake_args())
    entry = run["files"][0]
    assert entry["verdict"] == docx_run["files"][0]["verdict"] == "fail", err
    assert findings_of(entry) == findings_of(docx_run["files"][0])
    assert {f["code"] for f in findings_of(entry)} == {"FK101", "FK201"}
    if fmt == "docm":
        assert "converted" not in entry["metadata"]  # a .docm is a zip package: read directly
    else:
        assert entry["metadata"]["converted"].startswith(f"converted from .{fmt} to .docx by LibreOffice")
    assert legacy[fmt].read_bytes() == before and sorted(os.listdir(legacy[fmt].parent)) == listing  # no lock file


@needs_soffice
def test_a_real_report_as_doc_gives_the_same_findings_with_the_real_rules(legacy, capsys):
    _, as_docx, _ = run_json(capsys, str(EXAMPLE))
    _, as_doc, _ = run_json(capsys, str(legacy["real-doc"]))
    assert as_doc["files"][0]["findings"] == as_docx["files"][0]["findings"]
    assert as_doc["files"][0]["metadata"]["agency"] == as_docx["files"][0]["metadata"]["agency"]


@needs_soffice
def test_a_broken_legacy_file_is_an_error_in_both_languages(tmp_path: Path, capsys):
    bad = tmp_path / "坏文件.rtf"
    bad.write_bytes(b"{\\rtf1 \\broken" + bytes(range(256)) * 4)
    code, run, err = run_json(capsys, str(bad), *fake_args())
    entry = run["files"][0]
    assert code == 2 and entry["verdict"] == "error"
    message = entry["findings"][0]["message"]
    if "could not convert" in message["en"]:  # LibreOffice refused it
        assert "无法将其转换为 .docx" in message["zh"] and "LibreOffice" in message["en"]
    assert len(err.strip().splitlines()) == 1


def test_a_conversion_that_hangs_is_stopped_at_the_time_budget(tmp_path: Path, capsys):
    fake = tmp_path / "fake-soffice"
    fake.write_text("#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'LibreOffice 9.9'; exit 0; fi\nsleep 600\n")
    fake.chmod(0o755)
    (tmp_path / "checker.yaml").write_text(f"soffice: {fake}\n", encoding="utf-8")
    doc = tmp_path / "in" / "old.doc"
    doc.parent.mkdir()
    doc.write_bytes(ole2_doc())
    code, run, err = run_json(capsys, str(doc), "--timeout", "1", "--config", str(tmp_path / "checker.yaml"),
                              *fake_args())
    entry = run["files"][0]
    assert code == 2 and entry["verdict"] == "error"
    assert "exceeded the time budget of 1 s" in entry["findings"][0]["message"]["en"]
    assert "超时" in entry["findings"][0]["message"]["zh"]


def test_without_soffice_the_reason_stays_with_a_hint(tmp_path: Path, capsys, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    doc = tmp_path / "old.doc"
    doc.write_bytes(ole2_doc())
    code = main(["check", str(doc), *fake_args(), "--lang", "zh"])
    out, err = capsys.readouterr()
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Word 97-2003" in lines[0]
    assert "安装 LibreOffice（soffice）" in lines[0]  # stderr speaks the chosen language
    assert "安装 LibreOffice" in out


def test_a_named_soffice_that_does_not_exist_is_a_one_line_error(tmp_path: Path, capsys):
    (tmp_path / "checker.yaml").write_text("soffice: /nowhere/soffice\n", encoding="utf-8")
    doc = tmp_path / "old.doc"
    doc.write_bytes(ole2_doc())
    code = main(["check", str(doc), "--config", str(tmp_path / "checker.yaml"), *fake_args()])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("checker: error: soffice") and len(err.strip().splitlines()) == 1
