"""Every user mistake is one line on stderr and exit code 2 (issue 16).

Each command-line option and each configuration key is given a wrong value; the
answer must name the option, or the file and the key, say what is allowed where it
can, and never be an "internal error" or a usage block. Runs ``checker.cli.main``
in-process (the same code as the console script, without its start-up cost).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

EXAMPLE = str(Path(__file__).resolve().parents[2] / "examples" / "xiuzhou-transport-2020.docx")


@pytest.fixture
def cli(monkeypatch, capsys, tmp_path):
    """``cli(*args, env={...})``: main() in tmp_path, returning code, stdout, stderr."""
    from checker.cli import main

    def call(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        monkeypatch.chdir(tmp_path)
        monkeypatch.setenv("NO_COLOR", "1")
        monkeypatch.setenv("LANG", "C.UTF-8")
        monkeypatch.delenv("CHECKER_LANG", raising=False)
        for key, value in (env or {}).items():
            monkeypatch.setenv(key, value)
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse's own refusals
            code = exc.code
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, out, err)

    return call


def one_line(proc: subprocess.CompletedProcess, *needles: str) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stdout[-500:], proc.stderr)
    err = proc.stderr.strip()
    assert len(err.splitlines()) == 1, proc.stderr
    assert "internal error" not in err and "Traceback" not in err, err
    assert "usage:" not in err, err
    for needle in needles:
        assert needle in err, (needle, err)
    return err


# --- command-line options ------------------------------------------------------------

OPTION_CASES = [
    (("check", EXAMPLE, "--jobs", "0"), ("--jobs", "'0'", "at least 1")),
    (("check", EXAMPLE, "--jobs", "-3"), ("--jobs", "'-3'")),
    (("check", EXAMPLE, "-j", "many"), ("--jobs", "'many'")),
    (("check", EXAMPLE, "--timeout", "-5"), ("--timeout", "'-5'", "at least 0")),
    (("check", EXAMPLE, "--timeout", "soon"), ("--timeout", "'soon'")),
    (("check", EXAMPLE, "--timeout", "nan"), ("--timeout", "'nan'")),
    (("check", EXAMPLE, "--fail-on", "warnin"), ("--fail-on", "'warnin'")),
    (("check", EXAMPLE, "--lang", "fr"), ("--lang", "'fr'")),
    (("check", EXAMPLE, "--select", "XYZ"), ("--select", "'XYZ'", "checker rules")),
    (("check", EXAMPLE, "--extend-select", "XYZ"), ("--extend-select", "'XYZ'", "checker rules")),
    (("check", EXAMPLE, "--ignore", "XYZ"), ("--ignore", "'XYZ'", "checker rules")),
    (("check", EXAMPLE, "--output-format", "pdf"), ("--output-format", "'pdf'", "json")),
    (("check", EXAMPLE, "--report", "pdf:out.pdf"), ("--report", "'pdf'", "html")),
    (("check", EXAMPLE, "--report", "out.html"), ("--report", "FORMAT:PATH")),
    (("check", EXAMPLE, "--profile", "nope"), ("--profile", "'nope'")),
    (("check", EXAMPLE, "--previous", "missing.docx"), ("missing.docx",)),
    (("check", EXAMPLE, "--annotate", "out.txt"), ("--annotate", "out.txt")),
    (("check", EXAMPLE, "--plugin", "missing_plugin.py"), ("missing_plugin.py",)),
    (("check", EXAMPLE, "--config", "missing.yaml"), ("--config", "missing.yaml")),
    (("check", EXAMPLE, "-o", "x" * 300 + ".json"), ("x" * 300, "name too long")),
    (("check", "nothing-here/"), ("nothing-here",)),
    (("rules", "--output-format", "pdf"), ("--output-format", "'pdf'")),
    (("explain", "ZZ999"), ("'ZZ999'", "checker rules")),
    (("template", "--year", "20", "--agency", "x"), ("--year", "20")),
    (("template", "--year", "x", "--agency", "x"), ("--year", "'x'")),
    (("template", "--year", "2025", "--agency", " "), ("--agency",)),
    (("template", "--year", "2025", "--agency", "x", "--kind", "zz"), ("--kind", "'zz'")),
    (("template", "--year", "2025", "--agency", "x", "-o", "x.txt"), ("x.txt", ".docx")),
    (("template", "--year", "2025", "--agency", "x", "--profile", "nope"), ("--profile", "'nope'")),
    (("nonsense",), ("'nonsense'",)),
]


@pytest.mark.parametrize("argv, needles", OPTION_CASES, ids=[" ".join(a[0:1] + a[2:])[:60] for a, _ in OPTION_CASES])
def test_a_wrong_option_value_is_one_line_naming_the_option(cli, argv, needles):
    one_line(cli(*argv), *needles)


@pytest.mark.parametrize("value", ["fr", "english", "zh_XX"])
def test_checker_lang_must_be_a_language(cli, value):
    one_line(cli("check", EXAMPLE, env={"CHECKER_LANG": value}), "CHECKER_LANG", repr(value), "zh, en")


def test_codes_are_case_insensitive_everywhere(cli):
    lower = cli("check", EXAMPLE, "--select", "sec2,ttl", "--ignore", "sec202", "--lang", "en")
    upper = cli("check", EXAMPLE, "--select", "SEC2,TTL", "--ignore", "SEC202", "--lang", "en")
    assert lower.returncode == upper.returncode != 2, lower.stderr
    assert lower.stdout == upper.stdout


def test_errors_follow_the_chosen_language(cli):
    err = one_line(cli("check", EXAMPLE, "--select", "XYZ", "--lang", "zh"), "--select", "'XYZ'")
    assert "unknown" not in err and "未知" in err


# --- configuration keys ----------------------------------------------------------------

CONFIG_CASES = [
    ('lang = "fr"', ("lang", "'fr'", "zh, en")),
    ('fail-on = "warnin"', ("fail-on", "'warnin'", "error, warning")),
    ('fail_on = "warnin"', ("fail_on", "'warnin'")),
    ('select = ["XYZ"]', ("select", "'XYZ'", "checker rules")),
    ('extend-select = ["XYZ"]', ("extend-select", "'XYZ'")),
    ('ignore = ["XYZ"]', ("ignore", "'XYZ'")),
    ('select = "AR"', ("select", "'AR'", "list")),
    ('select = [1]', ("select", "[1]")),
    ('output-format = "pdf"', ("output-format", "'pdf'", "json")),
    ('profile = "nope"', ("profile", "'nope'")),
    ('profile = 3', ("profile", "3")),
    ('plugins = "x.py"', ("plugins", "'x.py'")),
    ('plugins = ["missing.py"]', ("missing.py",)),
    ('jobs = 0', ("jobs", "0", "at least 1")),
    ('jobs = -3', ("jobs", "-3")),
    ('jobs = "4"', ("jobs", "'4'")),
    ('jobs = true', ("jobs", "True")),
    ('timeout = -5', ("timeout", "-5", "at least 0")),
    ('timeout = "soon"', ("timeout", "'soon'")),
    ('limits = 3', ("limits", "3")),
    ('selekt = ["AR"]', ("'selekt'", "known: ")),
    ('[tool.checker.limits]\nmax_part_byte = 5', ("'max_part_byte'", "max-part-bytes", "max-memory-bytes")),
    ('[tool.checker.limits]\nmax-part-bytes = -1', ("limits.max-part-bytes", "-1", "positive integer")),
    ('[tool.checker.limits]\nmax-xml-depth = 100000', ("limits.max-xml-depth", "100000")),
    ('[tool.checker.limits]\nmax-memory-bytes = 5', ("limits.max-memory-bytes", "5", "67108864")),
    ('[tool.checker.limits]\nmax-memory-bytes = "1G"', ("limits.max-memory-bytes", "'1G'")),
]


@pytest.mark.parametrize("body, needles", CONFIG_CASES, ids=[b.replace("\n", " ")[:40] for b, _ in CONFIG_CASES])
def test_a_wrong_configuration_value_is_one_line_naming_file_and_key(cli, tmp_path, body, needles):
    (tmp_path / "pyproject.toml").write_text(f"[tool.checker]\n{body}\n", "utf-8")
    one_line(cli("check", EXAMPLE), "pyproject.toml [tool.checker]", *needles)


@pytest.mark.parametrize("text, needles", [
    ("lang: fr\n", ("checker.yaml", "lang", "'fr'", "zh, en")),
    ("select: [AR\n  - x: y\n", ("checker.yaml:2: invalid YAML", "flow sequence")),
    ("lang: zh\n  fail-on: error\n", ("checker.yaml:2: invalid YAML",)),
    ("- a\n", ("checker.yaml", "mapping")),
    ("limits:\n  max_memory: 5\n", ("checker.yaml", "'max_memory'", "max-memory-bytes")),
])
def test_checker_yaml_errors(cli, tmp_path, text, needles):
    (tmp_path / "checker.yaml").write_text(text, "utf-8")
    one_line(cli("check", EXAMPLE), *needles)


@pytest.mark.parametrize("text, needles", [
    ('[tool]\nchecker = "x"\n', ("pyproject.toml", "tool.checker", "'x'", "table")),
    ('[tool]\nchecker = ["x"]\n', ("pyproject.toml", "tool.checker", "['x']")),
    ('[tool.checker\nlang = "zh"\n', ("pyproject.toml:1: invalid TOML",)),
])
def test_pyproject_errors(cli, tmp_path, text, needles):
    (tmp_path / "pyproject.toml").write_text(text, "utf-8")
    one_line(cli("check", EXAMPLE), *needles)


@pytest.mark.parametrize("command", [("rules",), ("plugins",), ("explain", "SEC101"),
                                     ("template", "--year", "2025", "--agency", "x", "-o", "t.docx")])
def test_every_command_reads_the_configuration_the_same_way(cli, tmp_path, command):
    (tmp_path / "checker.yaml").write_text("lang: fr\n", "utf-8")
    one_line(cli(*command), "checker.yaml", "lang", "'fr'")


def test_template_honours_lang_from_the_configuration(cli, tmp_path):
    (tmp_path / "checker.yaml").write_text("lang: zh\n", "utf-8")
    proc = cli("template", "--year", "2025", "--agency", "某某县财政局", "-o", "t.docx", env={"LANG": "C.UTF-8"})
    assert proc.returncode == 0, proc.stderr
    assert "已生成模板" in proc.stderr
    (tmp_path / "checker.yaml").write_text("lang: en\n", "utf-8")
    proc = cli("template", "--year", "2025", "--agency", "某某县财政局", "-o", "t.docx", "--force", env={"LANG": "zh_CN.UTF-8"})
    assert proc.stderr.startswith("wrote "), proc.stderr


DOCUMENTED = {  # the configuration that gives each error line shown in docs/configuration.md
    "unknown key 'selekt'": ("checker.yaml", "selekt: [AR]\n"),
    "key 'select' has the value 'AR'": ("pyproject.toml", '[tool.checker]\nselect = "AR"\n'),
    "key 'lang' has the value 'fr'": ("pyproject.toml", '[tool.checker]\nlang = "fr"\n'),
    "unknown rule code or prefix 'XYZ'": ("pyproject.toml", '[tool.checker]\nselect = ["XYZ"]\n'),
    "unknown limit 'max_part_byte'": ("pyproject.toml", "[tool.checker.limits]\nmax_part_byte = 5\n"),
    "invalid YAML": ("checker.yaml", "select: [AR\n  - x: y\n"),
}


def test_the_errors_shown_in_the_configuration_docs_are_the_real_ones(cli, tmp_path):
    import re

    page = (Path(__file__).resolve().parents[2] / "docs" / "configuration.md").read_text("utf-8")
    shown = re.search(r"## Keys.*?```\n(.*?)```", page, re.S).group(1).splitlines()
    assert len(shown) == len(DOCUMENTED)
    for line in shown:
        name, text = next(v for k, v in DOCUMENTED.items() if k in line)
        for old in ("checker.yaml", "pyproject.toml"):
            (tmp_path / old).unlink(missing_ok=True)
        (tmp_path / name).write_text(text, "utf-8")
        err = one_line(cli("check", EXAMPLE))
        assert err == "checker: error: " + line.replace("/work/reports", str(tmp_path)), (err, line)


def test_the_configuration_docs_list_every_limit():
    from checker.config import limit_names

    page = (Path(__file__).resolve().parents[2] / "docs" / "configuration.md").read_text("utf-8")
    row = next(line for line in page.splitlines() if line.startswith("| `limits`"))
    assert [name for name in limit_names() if f"`{name}`" not in row] == []
