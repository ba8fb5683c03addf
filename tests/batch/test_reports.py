"""End to end: `checker check` on a mixed batch with every report format at once."""

from __future__ import annotations

import csv
import io
import json
import os
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from checker.cli import main
from checker.findings import Category, FileResult, Finding, Location, Message, Severity, TableCell, TableSnapshot
from checker.reporters import ReportOptions
from checker.reporters import html as html_report
from checker.reporters import text as text_report

from .conftest import FAKE_RULES
from .test_runner import EXPECTED

DATA = Path(__file__).resolve().parents[1] / "data"
FORMATS = ("json", "sarif", "junit", "csv", "html")


def run_check(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["check", "--plugin", FAKE_RULES, "--select", "FK", "--no-progress", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def reports(batch_dir: Path, tmp_path: Path, capsys):
    out_dir = tmp_path / "reports"
    out_dir.mkdir()
    paths = {fmt: out_dir / f"batch.{'xml' if fmt == 'junit' else fmt}" for fmt in FORMATS}
    paths["csv-summary"] = out_dir / "batch-summary.csv"  # written only because it is asked for
    args = [f"--report={fmt}:{path}" for fmt, path in paths.items()]
    code, out, err = run_check(capsys, str(batch_dir), "--jobs", "2", "--lang", "en", "--statistics", *args)
    return code, out, err, paths, batch_dir


def test_exit_code_and_stderr_notes(reports):
    code, out, err, _, root = reports
    assert code == 2  # some files could not be read
    assert "~$a-good.docx: Word lock file" in err
    assert "notes.txt: not a report" in err
    assert "submissions.zip/readme.txt: not a report" in err
    assert "c-old.doc: a legacy Word 97-2003 .doc" in err


def test_exit_code_1_when_reports_fail_and_none_is_unreadable(batch_dir, capsys):
    code, _, _ = run_check(capsys, str(batch_dir / "sub"), str(batch_dir / "a-good.docx"))
    assert code == 1
    code, _, _ = run_check(capsys, str(batch_dir / "a-good.docx"), str(batch_dir / "b-warn.docx"))
    assert code == 0
    code, _, _ = run_check(capsys, "--fail-on", "warning", str(batch_dir / "b-warn.docx"))
    assert code == 1


def test_json_report_follows_its_schema(reports):
    *_, paths, root = reports
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    schema = json.loads(resources.files("checker.schemas").joinpath("report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    got = {os.path.relpath(f["path"], root).replace(os.sep, "/"): f["verdict"] for f in data["files"]}
    assert got == {k: v.value for k, v in EXPECTED.items()}
    assert data["summary"]["verdicts"] == {"pass": 2, "warn": 1, "fail": 2, "error": 5}


def test_sarif_report_is_valid_sarif_2_1_0(reports):
    *_, paths, root = reports
    log = json.loads(paths["sarif"].read_text(encoding="utf-8"))
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    run = log["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert {"FK101", "FK201", "CHK001"} <= set(rules)
    assert rules["FK101"]["helpUri"] == "docs/rules/FK101.md"
    assert rules["FK101"]["defaultConfiguration"]["level"] == "error"
    assert rules["FK101"]["shortDescription"]["text"] == "table numbers do not add up"
    fk101 = [r for r in run["results"] if r["ruleId"] == "FK101"]
    assert len(fk101) == 2 and fk101[0]["level"] == "error"
    assert fk101[0]["message"]["text"] == "the total is not the sum of its parts"
    assert fk101[0]["properties"]["message_zh"] == "合计不等于各项之和"
    assert fk101[0]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "section[3]/table[1]/row[3]/column[2]"
    warning = next(r for r in run["results"] if r["ruleId"] == "FK201")
    assert warning["level"] == "warning"
    unreadable = [r for r in run["results"] if r["ruleId"] == "CHK001"]
    assert len(unreadable) == 5 == len(run["invocations"][0]["toolExecutionNotifications"])
    uris = [a["location"]["uri"] for a in run["artifacts"]]
    assert len(uris) == len(EXPECTED)


def test_junit_report_is_xml_a_ci_can_read(reports):
    *_, paths, root = reports
    tree = ET.parse(paths["junit"])
    suites = tree.getroot()
    assert suites.tag == "testsuites"
    assert suites.get("errors") == "5" and suites.get("failures") == "2"
    by_name = {os.path.relpath(s.get("name"), root).replace(os.sep, "/"): s for s in suites.findall("testsuite")}
    assert list(by_name) == list(EXPECTED)
    failing = by_name["sub/g-fail.docx"]
    case = failing.find("testcase[@name='FK101 fake-arithmetic']")
    assert case is not None and case.find("failure").get("type") == "FK101"
    assert "expected: 13; actual: BAD" in case.find("failure").text
    warn_case = by_name["b-warn.docx"].find("testcase")
    assert warn_case.find("failure") is None and "FK201" in warn_case.find("system-out").text
    assert by_name["c-old.doc"].find("testcase/error").get("type") == "CHK001"
    assert by_name["a-good.docx"].find("testcase").get("name") == "checks"
    props = {p.get("name"): p.get("value") for p in by_name["a-good.docx"].iter("property")}
    assert props == {"agency": "甲市人民政府", "year": "2023", "profile": props["profile"], "verdict": "pass"}


def test_csv_report_has_a_bom_and_a_summary_where_asked(reports):
    *_, paths, root = reports
    raw = paths["csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0]) == ["file", "agency", "year", "verdict", "code", "rule", "category", "severity", "section",
                             "paragraph", "table", "table_name", "row", "column", "row_label", "column_label",
                             "message", "expected", "actual", "previous"]
    fk101 = [r for r in rows if r["code"] == "FK101"]
    assert len(fk101) == 2
    assert fk101[0]["row_label"] == "总计" and fk101[0]["expected"] == "13" and fk101[0]["verdict"] == "fail"
    raw = paths["csv-summary"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    summary = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(summary) == len(EXPECTED)
    good = next(r for r in summary if r["file"].endswith("a-good.docx"))
    assert good["agency"] == "甲市人民政府" and good["verdict"] == "pass" and good["errors"] == "0"


def test_csv_cells_cannot_become_spreadsheet_formulas():
    from checker.reporters.csv_report import _cell

    assert _cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert _cell("-3") == "-3" and _cell("13") == "13" and _cell(None) == ""


def test_html_report_is_self_contained_and_escaped(reports):
    *_, paths, root = reports
    page = paths["html"].read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert "数量 &lt;b&gt;&amp;amp;&lt;/b&gt;" in page  # a cell text from the document, escaped
    assert page.count('class="hl hl-error"') == 2  # the BAD cells of the two failing reports


def test_text_summary_for_a_batch_at_80_columns_without_colour(reports, batch_dir, capsys, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    from checker.batch import expand_inputs, run_batch
    from checker.engine import Engine, Settings

    settings = Settings(select=("FK",), plugins=(FAKE_RULES,))
    results = run_batch(expand_inputs([str(batch_dir)]), settings, jobs=1, engine=Engine(settings))
    buf = io.StringIO()
    text_report.report(results, ReportOptions(lang="zh", width=80, statistics=True), buf)
    text = buf.getvalue()
    assert "\x1b[" not in text
    assert all(len(line) <= 80 for line in text.splitlines())  # CJK counts double: rich handles cells
    assert "文件一览" in text and "丙区交通运输局" in text and "不通过" in text and "合计 (10)" in text
    assert "按规则统计" in text and "CHK001" in text
    stats = text_report.rule_statistics(results, ReportOptions())
    assert stats[0][:3] == ("CHK001", "unreadable-input", 5)
    assert ("FK101", "fake-arithmetic", 2, 2) in stats and ("FK201", "fake-heading", 0, 2) in stats


def test_single_file_text_output_has_no_batch_table(batch_dir, capsys):
    code, out, _ = run_check(capsys, str(batch_dir / "sub" / "g-fail.docx"), "--lang", "en")
    assert code == 1 and "Files" not in out and "FK101" in out


def test_jobs_1_and_jobs_2_give_identical_json(batch_dir, capsys):
    outputs = []
    for jobs in ("1", "2"):
        code, out, _ = run_check(capsys, str(batch_dir), "--jobs", jobs, "--output-format", "json")
        assert code == 2
        outputs.append(out)
    assert outputs[0] == outputs[1]
    assert len(json.loads(outputs[0])["files"]) == len(EXPECTED)


def test_html_draws_merged_cells_and_only_arithmetic_or_layout_tables():
    snap = TableSnapshot(index=2, n_rows=2, n_cols=3, cells=(
        TableCell(1, 1, "项目", row_span=2), TableCell(1, 2, "数量", col_span=2), TableCell(2, 2, "5"),
        TableCell(2, 3, "<img src=x onerror=alert(1)>"),
    ))
    f1 = Finding("TAB301", "sum", Category.ARITHMETIC, Severity.ERROR, Message("和不对", "wrong sum"),
                 Location(table=2, row=2, column=3), expected="6", actual="x")
    f2 = Finding("AR999", "prose", Category.NARRATIVE, Severity.WARNING, Message("文字", "prose"), Location(table=5))
    result = FileResult(path="a&b.docx", findings=(f1, f2), metadata={"agency": "<甲>", "year": 2023}, tables=(snap,))
    page = html_report.render([result], ReportOptions(lang="zh"))
    assert 'rowspan="2"' in page and 'colspan="2"' in page
    assert '<td class="hl hl-error" title="TAB301: 和不对" data-rc="2,3">' in page
    assert '<span class="exp">应为 6</span>' in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "<img" not in page
    assert "a&amp;b.docx" in page and "&lt;甲&gt;" in page
    assert 'id="file-1-t5"' not in page  # the table of a narrative finding is not drawn


def test_annotate_uses_the_checked_input_not_a_skipped_one(batch_dir, tmp_path, capsys):
    out = tmp_path / "annotated.docx"
    code, _, err = run_check(capsys, str(batch_dir / "~$a-good.docx"), str(batch_dir / "sub" / "g-fail.docx"),
                             "--annotate", str(out))
    assert code == 1 and "lock file" in err
    assert out.read_bytes()[:2] == b"PK"


def test_a_missing_file_is_an_error_result_and_the_batch_goes_on(batch_dir, capsys):
    code, out, err = run_check(capsys, str(batch_dir / "missing.docx"), str(batch_dir / "a-good.docx"),
                               "--output-format", "json")
    assert code == 2 and "missing.docx: no such file" in err
    assert [f["verdict"] for f in json.loads(out)["files"]] == ["error", "pass"]


def test_only_skipped_inputs_is_a_usage_error(batch_dir, capsys):
    code, _, err = run_check(capsys, str(batch_dir / "~$a-good.docx"))
    assert code == 2 and "no .docx file found" in err


def test_csv_as_the_main_output_file_gets_its_bom_and_no_unrequested_summary(batch_dir, tmp_path, capsys):
    out = tmp_path / "main.csv"
    code, stdout, _ = run_check(capsys, str(batch_dir), "--jobs", "1", "--output-format", "csv", "-o", str(out))
    assert code == 2 and stdout == ""
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["incoming", "main.csv"]  # no main-summary.csv
    code, stdout, _ = run_check(capsys, str(batch_dir / "a-good.docx"), "--output-format", "csv")
    assert stdout.startswith("file,agency,year,")  # no BOM on stdout


def test_a_report_whose_tables_are_pictures_says_in_text_and_html_that_its_tables_were_not_checked(tmp_path):
    """Issue 13 item 8: a pass must not hide that nothing was checked; the coverage part of
    the result is one line in the text and HTML reports, in the chosen language."""
    import subprocess
    import sys

    import docx

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "annual_report"))
    from builders import Report, write_report

    path = write_report(tmp_path / "pictures.docx", Report(edition="2021", year=2023))
    d = docx.Document(str(path))
    for t in d.tables:  # the tables pasted as pictures: none left to read
        t._tbl.getparent().remove(t._tbl)
    d.save(str(path))
    for lang, words in (("zh", "未完全检查：表格均未找到"), ("en", "not fully checked: no table was found")):
        text = subprocess.run([sys.executable, "-m", "checker", "check", str(path), "--lang", lang, "--no-progress"],
                              capture_output=True, text=True, env={**__import__("os").environ, "COLUMNS": "200"})
        assert words in text.stdout, text.stdout
        html = tmp_path / f"r-{lang}.html"
        subprocess.run([sys.executable, "-m", "checker", "check", str(path), "--lang", lang, "--output-format", "html",
                        "-o", str(html)], capture_output=True, text=True)
        assert words in html.read_text("utf-8")
    whole = write_report(tmp_path / "whole.docx", Report(edition="2021", year=2023))
    text = subprocess.run([sys.executable, "-m", "checker", "check", str(whole), "--lang", "en", "--no-progress"],
                          capture_output=True, text=True)
    assert "not fully checked" not in text.stdout


def test_one_bodys_report_twice_in_a_batch_is_said_naming_both_files(tmp_path):
    """Issue 13 item 5: the same agency and year twice in one batch (a resubmission, or the
    same report under two names) is reported, naming both, and byte-identical copies say so,
    with or without a roster."""
    import shutil
    import subprocess
    import sys

    example = Path(__file__).resolve().parents[2] / "examples" / "xiuzhou-transport-2020.docx"
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(example, folder / "区交通运输局.docx")
    shutil.copy(example, folder / "区交通运输局-重发.docx")
    out = subprocess.run([sys.executable, "-m", "checker", "check", str(folder), "--lang", "en", "--no-progress"],
                         capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"})
    assert "duplicates (1)" in out.stdout
    line = next(x for x in out.stdout.splitlines() if "byte-identical" in x)
    assert "区交通运输局.docx" in line and "区交通运输局-重发.docx" in line
    single = subprocess.run([sys.executable, "-m", "checker", "check", str(example), "--lang", "en"],
                            capture_output=True, text=True)
    assert "duplicates" not in single.stdout
