"""The command line. The contract (exit codes, one-line errors, no traceback) is checked
as users meet it, with ``python -m checker`` in a subprocess; the finer behaviour calls
``checker.cli.main`` in-process, which is the same code without the start-up cost.

A local plugin file defines the only rule these tests select, so they do not depend
on the built-in rule packs' progress.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from checker import __version__

from .helpers import RULE_FILE, write


def run(*args: str, cwd) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "LANG": "C.UTF-8"}
    env.pop("CHECKER_TRACE", None)
    return subprocess.run([sys.executable, "-m", "checker", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


@pytest.fixture
def cli(monkeypatch, capsys, clean_modules):
    """``cli(*args, cwd=...)``: ``checker.cli.main`` in-process, returning code, stdout, stderr."""
    from checker.cli import main

    def call(*args: str, cwd) -> subprocess.CompletedProcess:
        monkeypatch.chdir(cwd)
        monkeypatch.setenv("NO_COLOR", "1")
        monkeypatch.setenv("COLUMNS", "200")
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, out, err)

    return call


def one_line_error(proc: subprocess.CompletedProcess, *needles: str) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    err = proc.stderr.strip()
    assert "Traceback" not in proc.stderr
    assert len(err.splitlines()) == 1, proc.stderr
    for needle in needles:
        assert needle in err, (needle, err)
    return err


@pytest.fixture
def work(tmp_path):
    """A folder holding a local plugin (ZZ001 no-todo), a clean and a failing report."""
    docx = pytest.importorskip("docx")
    write(tmp_path / "my_rule.py", RULE_FILE)
    for name, texts in {"clean.docx": ["一、总体情况", "全部完成"], "todo.docx": ["一、总体情况", "TODO: 填写"]}.items():
        d = docx.Document()
        for t in texts:
            d.add_paragraph(t)
        d.save(tmp_path / name)
    return tmp_path


def check(runner, work, *args):
    return run("check", "--plugin", "my_rule.py", "--select", "ZZ", "--lang", "en", *args, cwd=work)


def test_version(tmp_path):
    proc = run("--version", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"checker {__version__}"


def test_no_command_is_a_usage_error(tmp_path, cli):
    assert cli(cwd=tmp_path).returncode == 2


def test_rules_lists_the_local_rule(work):
    proc = run("rules", "--plugin", "my_rule.py", "--lang", "en", cwd=work)
    assert proc.returncode == 0, proc.stderr
    line = next(l for l in proc.stdout.splitlines() if l.startswith("ZZ001"))
    assert "no-todo" in line and "narrative" in line and "error" in line and "no TODO left" in line


def test_rules_as_json(work, cli):
    proc = cli("rules", "--plugin", "my_rule.py", "--output-format", "json", cwd=work)
    rules = {r["code"]: r for r in json.loads(proc.stdout)}
    assert rules["ZZ001"]["plugin"] == "local:my_rule.py"
    assert rules["ZZ001"]["summary_zh"] == "不得遗留 TODO"


def test_plugins_lists_builtins_and_the_local_plugin(work):
    proc = run("plugins", "--plugin", "my_rule.py", cwd=work)
    assert proc.returncode == 0, proc.stderr
    rows = {l.split()[0]: l.split() for l in proc.stdout.splitlines()[1:] if l.strip()}
    assert {"checker.reporters", "core", "annual_report", "my_rule.py"} <= set(rows)
    assert rows["my_rule.py"][1:4] == ["-", "local", "ZZ"]


def test_clean_report_exits_0(work):
    proc = check(run, work, "clean.docx")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "PASS" in proc.stdout


def test_report_with_an_error_exits_1(work):
    proc = check(run, work, "todo.docx")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "ZZ001" in proc.stdout and "TODO left" in proc.stdout


def test_exit_zero_and_fail_on(work, cli):
    assert check(cli, work, "todo.docx", "--exit-zero").returncode == 0
    write(work / "warn.yaml", "name: warn\nselect: [ZZ]\nseverity: {ZZ001: warning}\n")
    assert check(cli, work, "todo.docx", "--profile", "warn.yaml").returncode == 0
    assert check(cli, work, "todo.docx", "--profile", "warn.yaml", "--fail-on", "warning").returncode == 1


def test_json_output(work, cli):
    proc = check(cli, work, "todo.docx", "clean.docx", "--output-format", "json")
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    verdicts = {f["path"]: f["verdict"] for f in report["files"]}
    assert verdicts == {"todo.docx": "fail", "clean.docx": "pass"}
    (todo,) = [f for f in report["files"] if f["path"] == "todo.docx"]
    assert [(x["code"], x["location"]["paragraph"]) for x in todo["findings"]] == [("ZZ001", 2)]


def test_broken_plugin_is_one_line_and_exit_2(work):
    write(work / "broken_rule.py", "import no_such_module_for_checker\n")
    for command in (["rules"], ["plugins"], ["check", "clean.docx"]):
        proc = run(*command, "--plugin", "broken_rule.py", cwd=work)
        one_line_error(proc, "broken_rule.py", "ModuleNotFoundError", "no_such_module_for_checker")


def test_plugin_error_with_a_multi_line_message_is_still_one_line(work, cli):
    write(work / "loud.py", "raise RuntimeError('first line\\nsecond line')\n")
    one_line_error(cli("rules", "--plugin", "loud.py", cwd=work), "loud.py", "first line", "second line")


def test_invalid_hookimpl_is_one_line_and_exit_2(work, cli):
    write(work / "badsig.py", "from checker import hookimpl\n\n@hookimpl\ndef checker_select_profile(doc):\n    return None\n")
    one_line_error(cli("rules", "--plugin", "badsig.py", cwd=work), "badsig.py", "checker_select_profile")


def test_verbose_shows_the_traceback(work):
    write(work / "broken_rule.py", "import no_such_module_for_checker\n")
    proc = run("rules", "--plugin", "broken_rule.py", "--verbose", cwd=work)
    assert proc.returncode != 0 and "Traceback" in proc.stderr


def test_missing_plugin_path(work, cli):
    one_line_error(cli("rules", "--plugin", "nowhere.py", cwd=work), "nowhere.py", "no such file")


def test_unknown_select_code_exits_2(work):
    one_line_error(run("check", "--plugin", "my_rule.py", "--select", "QQ9", "clean.docx", cwd=work), "'QQ9'")


@pytest.mark.parametrize("selector", ["--select", "--ignore", "--extend-select"])
def test_unknown_selector_exits_2(work, selector, cli):
    one_line_error(cli("check", "--plugin", "my_rule.py", selector, "ZZ001,QQ9", "clean.docx", cwd=work), "'QQ9'")
    assert cli("check", "--plugin", "my_rule.py", selector, "ZZ0", "clean.docx", cwd=work).returncode != 2


def test_unknown_output_format_exits_2(work):
    one_line_error(check(run, work, "clean.docx", "--output-format", "yaml"), "'yaml'", "json", "text")


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.docx", b"", "empty"),
        ("notes.docx", "这不是 Word 文件\n".encode(), "not a .docx"),
        ("report.pdf.docx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
    ],
    ids=["empty", "text", "pdf"],
)
def test_unreadable_input_is_one_line_naming_the_file_and_exit_2(work, name, content, reason):
    (work / name).write_bytes(content)
    proc = check(run, work, name)
    err = one_line_error(proc, name, reason)
    assert err.startswith(f"checker: {name}: ")


def test_an_unreadable_file_does_not_hide_the_others(work, cli):
    (work / "empty.docx").write_bytes(b"")
    proc = check(cli, work, "empty.docx", "todo.docx", "--output-format", "json")
    assert proc.returncode == 2
    verdicts = {f["path"]: f["verdict"] for f in json.loads(proc.stdout)["files"]}
    assert verdicts == {"empty.docx": "error", "todo.docx": "fail"}


def test_missing_input_file(work, cli):
    proc = check(cli, work, "absent.docx")
    one_line_error(proc, "absent.docx")


def test_bad_profile_is_one_line_and_exit_2(work, cli):
    write(work / "bad.yaml", "name: bad\nseverity: {ZZ001: loud}\n")
    one_line_error(check(cli, work, "clean.docx", "--profile", "bad.yaml"), "bad.yaml", "severity.ZZ001")


def test_configuration_file_and_command_line_precedence(work, cli):
    write(work / "checker.yaml", "plugins: [my_rule.py]\nselect: [ZZ]\nfail-on: warning\nlang: en\n"
                                 "profile: warn.yaml\n")
    write(work / "warn.yaml", "name: warn\nselect: [ZZ]\nseverity: {ZZ001: warning}\n")
    sub = work / "deeper" / "still"
    sub.mkdir(parents=True)
    # found upward from a subfolder; plugin and profile paths are relative to checker.yaml
    assert cli("check", "../../todo.docx", cwd=sub).returncode == 1  # fail-on warning from the file
    assert cli("check", "../../todo.docx", "--fail-on", "error", cwd=sub).returncode == 0  # the flag wins
    assert cli("check", "../../todo.docx", "--select", "ZZ002", cwd=sub).returncode == 2  # unknown code


def test_unknown_configuration_key_exits_2(work, cli):
    write(work / "checker.yaml", "selekt: [ZZ]\n")
    one_line_error(check(cli, work, "clean.docx"), "checker.yaml", "unknown key 'selekt'")


TEMPLATE_PLUGIN = """
from checker import hookimpl


@hookimpl
def checker_write_template(profile_name, profile_data, year, agency, kind, path):
    if profile_name != "memo":
        return None
    import docx

    d = docx.Document()
    d.add_paragraph(f"{agency}{year}年{profile_data['title']}")
    for heading in profile_data["sections"]:
        d.add_paragraph(heading)
    d.save(path)
    return path
"""


def test_template_is_written_by_the_plugin_that_answers(work, cli):
    import docx

    write(work / "tpl.py", TEMPLATE_PLUGIN)
    write(work / "memo.yaml", "name: memo\ndata: {title: 工作备忘, sections: [一、概况, 二、下一步]}\n")
    proc = cli("template", "--plugin", "tpl.py", "--profile", "memo.yaml", "--year", "2024",
               "--agency", "某某局", "-o", "out.docx", "--lang", "en", cwd=work)
    assert proc.returncode == 0, proc.stderr
    texts = [p.text for p in docx.Document(str(work / "out.docx")).paragraphs]
    assert texts == ["某某局2024年工作备忘", "一、概况", "二、下一步"]


def test_template_nobody_can_write_is_one_line_and_exit_2(work, cli):
    write(work / "tpl.py", TEMPLATE_PLUGIN)
    write(work / "other.yaml", "name: other\n")
    proc = cli("template", "--plugin", "tpl.py", "--profile", "other.yaml", "--year", "2024",
               "--agency", "某某局", "-o", "out.docx", cwd=work)
    one_line_error(proc, "'other'")
    assert not (work / "out.docx").exists()


def test_only_the_program_itself_skips_the_final_collection(monkeypatch, capsys):
    # gc.freeze() spares the interpreter's last collection at exit (~90 ms of a cold
    # start); code that calls main(argv) keeps an ordinary collector
    import gc

    from checker import cli

    frozen = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    with pytest.raises(SystemExit):
        cli.main(["--version"])
    assert frozen == []
    monkeypatch.setattr(sys, "argv", ["checker", "--version"])
    with pytest.raises(SystemExit):
        cli.main()
    assert frozen == [True]
    assert "checker" in capsys.readouterr().out
