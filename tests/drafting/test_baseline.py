"""Accepting findings with a baseline (issue 15): ``--write-baseline`` / ``--baseline``.

The example report has two findings (SEC201, SEC202). The round trip edits the .docx as a
drafter would: a paragraph added near the top shifts every paragraph number below it, which
must not make the accepted findings "new"; fixing one accepted finding leaves one absent entry.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import docx
import jsonschema
import pytest
from drafting_helpers import REPO, run_checker

EXAMPLE = REPO / "examples" / "xiuzhou-transport-2020.docx"
SARIF_SCHEMA = REPO / "tests" / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A folder with the example report as ``report.docx``."""
    shutil.copy(EXAMPLE, tmp_path / "report.docx")
    return tmp_path


def _insert_near_top(path: Path, text: str = "本报告所列数据统计期限为2020年1月1日至12月31日。") -> None:
    d = docx.Document(str(path))
    d.paragraphs[2].insert_paragraph_before(text)
    d.save(str(path))


def _fix_section_6_numbering(path: Path) -> None:
    d = docx.Document(str(path))
    para = next(p for p in d.paragraphs if p.text.replace(" ", "").startswith("6、其他"))
    para.runs[0].text = "六、其他需要报告的事项"
    for run in para.runs[1:]:
        run.text = ""
    d.save(str(path))


def _json(*args: str, cwd: Path) -> tuple[int, dict]:
    proc = run_checker("check", *args, "--output-format", "json", cwd=cwd)
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def _codes(data: dict) -> list[str]:
    return sorted(f["code"] for file in data["files"] for f in file["findings"])


def test_round_trip_survives_an_edit_above_and_reports_a_fixed_entry_as_absent(project: Path):
    rc, data = _json("report.docx", cwd=project)
    assert rc == 1 and _codes(data) == ["SEC201", "SEC202"]

    proc = run_checker("check", "report.docx", "--write-baseline", "baseline.json", cwd=project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "baseline baseline.json (written now): 2 findings accepted" in proc.stdout
    assert not [p.name for p in project.iterdir() if p.name.startswith(".")]  # no temporary file left
    written = json.loads((project / "baseline.json").read_text("utf-8"))
    assert written["version"] == 1 and written["tool"]["version"]
    assert sorted(e["code"] for e in written["entries"]) == ["SEC201", "SEC202"]
    assert {e["file"] for e in written["entries"]} == {"report.docx"}
    assert all(len(e["fingerprint"]) >= 16 and e["description"] for e in written["entries"])

    before = {f["code"]: f["location"]["paragraph"] for f in data["files"][0]["findings"]}
    _insert_near_top(project / "report.docx")
    rc, moved = _json("report.docx", cwd=project)
    after = {f["code"]: f["location"]["paragraph"] for f in moved["files"][0]["findings"]}
    assert after == {code: n + 1 for code, n in before.items()}  # the edit did shift them

    rc, data = _json("report.docx", "--baseline", "baseline.json", cwd=project)
    assert rc == 0 and _codes(data) == []
    assert data["summary"]["baseline"]["baselined"] == 2
    assert data["summary"]["baseline"]["absent"] == 0

    _fix_section_6_numbering(project / "report.docx")
    rc, data = _json("report.docx", "--baseline", "baseline.json", cwd=project)
    assert rc == 0 and _codes(data) == []
    assert data["summary"]["baseline"]["baselined"] == 1
    assert data["summary"]["baseline"]["absent"] == 1
    assert [e["code"] for e in data["summary"]["baseline"]["absent_entries"]] == ["SEC201"]

    text = run_checker("check", "report.docx", "--baseline", "baseline.json", cwd=project).stdout
    assert "1 finding accepted" in text and "1 baseline entry no longer occurs" in text


def _with_reason(project: Path, code: str, reason: str) -> None:
    path = project / "baseline.json"
    data = json.loads(path.read_text("utf-8"))
    for e in data["entries"]:
        if e["code"] == code:
            e["reason"] = reason
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")


def test_only_new_findings_count_and_reasons_are_shown_on_request(project: Path):
    run_checker("check", "report.docx", "--write-baseline", "baseline.json", cwd=project)
    data = json.loads((project / "baseline.json").read_text("utf-8"))
    data["entries"] = [e for e in data["entries"] if e["code"] == "SEC202"]  # SEC201 not accepted
    (project / "baseline.json").write_text(json.dumps(data), "utf-8")
    _with_reason(project, "SEC202", "上级要求沿用旧标题")

    rc, report = _json("report.docx", "--baseline", "baseline.json", cwd=project)
    assert rc == 1 and _codes(report) == ["SEC201"]
    assert "accepted" not in report["summary"]["baseline"]

    rc, report = _json("report.docx", "--baseline", "baseline.json", "--show-baselined", cwd=project)
    accepted = report["summary"]["baseline"]["accepted"]["report.docx"]
    assert [(a["code"], a["reason"]) for a in accepted] == [("SEC202", "上级要求沿用旧标题")]
    schema = json.loads((REPO / "src" / "checker" / "schemas" / "report.schema.json").read_text("utf-8"))
    jsonschema.validate(report, schema)

    text = run_checker("check", "report.docx", "--baseline", "baseline.json", "--show-baselined", cwd=project).stdout
    assert "SEC202" in text and "上级要求沿用旧标题" in text
    html = project / "r.html"
    run_checker("check", "report.docx", "--baseline", "baseline.json", "--show-baselined",
                "--report", f"html:{html}", cwd=project)
    page = html.read_text("utf-8")
    assert "上级要求沿用旧标题" in page and "1 finding accepted" in page


def test_rewriting_a_baseline_keeps_the_reasons(project: Path):
    run_checker("check", "report.docx", "--write-baseline", "baseline.json", cwd=project)
    _with_reason(project, "SEC201", "kept on purpose")
    proc = run_checker("check", "report.docx", "--baseline", "baseline.json", "--write-baseline", "baseline.json",
                       cwd=project)
    assert proc.returncode == 0, proc.stderr
    entries = json.loads((project / "baseline.json").read_text("utf-8"))["entries"]
    assert {e["code"]: e.get("reason") for e in entries} == {"SEC201": "kept on purpose", "SEC202": None}
    (project / "sub").mkdir()  # a new baseline in another folder keeps them too
    run_checker("check", "report.docx", "--baseline", "baseline.json", "--write-baseline", "sub/b.json", cwd=project)
    entries = json.loads((project / "sub" / "b.json").read_text("utf-8"))["entries"]
    assert {e["code"]: (e["file"], e.get("reason")) for e in entries} == {
        "SEC201": ("../report.docx", "kept on purpose"), "SEC202": ("../report.docx", None)}


def test_sarif_carries_baseline_states_and_suppressions_and_is_valid(project: Path):
    run_checker("check", "report.docx", "--write-baseline", "baseline.json", cwd=project)
    data = json.loads((project / "baseline.json").read_text("utf-8"))
    data["entries"] = [e for e in data["entries"] if e["code"] != "SEC202"]  # SEC202 will be new
    data["entries"].append({**data["entries"][0], "fingerprint": "0123456789abcdef", "code": "SEC203",
                            "description": "a heading fixed since"})
    (project / "baseline.json").write_text(json.dumps(data), "utf-8")
    _with_reason(project, "SEC201", "numbering kept as the office asked")

    proc = run_checker("check", "report.docx", "--baseline", "baseline.json", "--output-format", "sarif",
                       "--fail-on", "warning", cwd=project)
    assert proc.returncode == 1, proc.stderr  # SEC202, a warning, is new
    log = json.loads(proc.stdout)
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text("utf-8"))).validate(log)
    results = {(r["ruleId"], r["baselineState"]): r for r in log["runs"][0]["results"]}
    assert set(results) == {("SEC202", "new"), ("SEC201", "unchanged"), ("SEC203", "absent")}
    assert "suppressions" not in results[("SEC202", "new")]
    assert results[("SEC201", "unchanged")]["suppressions"] == [
        {"kind": "external", "status": "accepted", "justification": "numbering kept as the office asked"}]
    absent = results[("SEC203", "absent")]
    assert absent["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "report.docx"


def test_without_baseline_options_sarif_has_no_baseline_state(project: Path):
    log = json.loads(run_checker("check", "report.docx", "--output-format", "sarif", cwd=project).stdout)
    assert all("baselineState" not in r for r in log["runs"][0]["results"])


@pytest.mark.parametrize("content, needle", [
    (None, "no such file"),
    ("{not json", "is not valid JSON"),
    ('{"runs": []}', "is not a checker baseline"),
    ('{"format": "checker-baseline", "version": 99, "fingerprint_version": 1, "entries": []}', "another version"),
    ('{"format": "checker-baseline", "version": 1, "fingerprint_version": 1, "entries": [{"code": "X"}]}',
     "entry 1 has no text field 'fingerprint'"),
])
def test_a_broken_baseline_is_one_line_naming_it(project: Path, content, needle):
    if content is not None:
        (project / "b.json").write_text(content, "utf-8")
    proc = run_checker("check", "report.docx", "--baseline", "b.json", cwd=project)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "--baseline b.json" in lines[0] and needle in lines[0], proc.stderr
    assert proc.stdout == ""  # refused before any work


def test_the_baseline_is_never_written_over_an_input(project: Path):
    proc = run_checker("check", "report.docx", "--write-baseline", "report.docx", cwd=project)
    assert proc.returncode == 2 and "--write-baseline report.docx" in proc.stderr
    assert (project / "report.docx").read_bytes() == EXAMPLE.read_bytes()
    run_checker("check", "report.docx", "--write-baseline", "b.json", cwd=project)
    saved = (project / "b.json").read_bytes()
    proc = run_checker("check", "report.docx", "--baseline", "b.json", "-o", "b.json", cwd=project)
    assert proc.returncode == 2 and (project / "b.json").read_bytes() == saved


def test_entries_are_relative_to_the_baseline_folder(project: Path):
    (project / "sub").mkdir()
    run_checker("check", "report.docx", "--write-baseline", "sub/b.json", cwd=project)
    entries = json.loads((project / "sub" / "b.json").read_text("utf-8"))["entries"]
    assert {e["file"] for e in entries} == {"../report.docx"}
    rc, data = _json(str(project / "report.docx"), "--baseline", "b.json", cwd=project / "sub")
    assert rc == 0 and data["summary"]["baseline"]["baselined"] == 2


# --- per-file-ignores -----------------------------------------------------------------------


def _project_with(tmp_path: Path, config: str, name: str = "pyproject.toml") -> Path:
    """A project folder with a configuration and the example at ``reports/2020/report.docx``."""
    (tmp_path / name).write_text(config, "utf-8")
    (tmp_path / "reports" / "2020").mkdir(parents=True)
    shutil.copy(EXAMPLE, tmp_path / "reports" / "2020" / "report.docx")
    return tmp_path


@pytest.mark.parametrize("glob", ["reports/2020/report.docx", "reports/**", "**/report.docx", "report.docx",
                                  "*.docx", "!other/**"])
def test_per_file_ignores_matches_paths_relative_to_the_configuration(tmp_path: Path, glob: str):
    root = _project_with(tmp_path, f'[tool.checker.per-file-ignores]\n"{glob}" = ["SEC201"]\n')
    # run from a sub-folder: the globs stay relative to the configuration file's folder
    rc, data = _json("2020/report.docx", cwd=root / "reports")
    assert _codes(data) == ["SEC202"]


def test_per_file_ignores_leaves_other_files_and_takes_prefixes_from_yaml(tmp_path: Path):
    root = _project_with(tmp_path, 'per-file-ignores:\n  "reports/2021/*": ["SEC"]\n', name="checker.yaml")
    rc, data = _json("reports/2020/report.docx", cwd=root)
    assert rc == 1 and _codes(data) == ["SEC201", "SEC202"]
    (root / "reports" / "2020").rename(root / "reports" / "2021")
    rc, data = _json("reports/2021/report.docx", cwd=root)
    assert rc == 0 and _codes(data) == []


def test_per_file_ignores_follows_renamed_codes(tmp_path: Path):
    from checker.engine import Engine, Settings

    redirects = Engine(Settings()).registry.redirects
    old = next(old for old, new in redirects.items() if new == "SEC201")
    root = _project_with(tmp_path, f'[tool.checker.per-file-ignores]\n"*.docx" = ["{old}"]\n')
    rc, data = _json("reports/2020/report.docx", cwd=root)
    assert _codes(data) == ["SEC202"]


@pytest.mark.parametrize("config, needle", [
    ('[tool.checker]\nper-file-ignores = ["SEC201"]\n', "per-file-ignores = ['SEC201']"),
    ('[tool.checker.per-file-ignores]\n"*.docx" = "SEC201"\n', "'*.docx' = 'SEC201'"),
    ('[tool.checker.per-file-ignores]\n"*.docx" = []\n', "'*.docx' = []"),
    ('[tool.checker.per-file-ignores]\n"*.docx" = ["NOPE9"]\n', "'NOPE9' names no rule"),
])
def test_a_wrong_per_file_ignores_is_one_line_naming_file_key_and_value(tmp_path: Path, config: str, needle: str):
    root = _project_with(tmp_path, config)
    proc = run_checker("check", "reports/2020/report.docx", cwd=root)
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2 and len(lines) == 1, proc.stderr
    assert "pyproject.toml" in lines[0] and "per-file-ignores" in lines[0] and needle in lines[0]
