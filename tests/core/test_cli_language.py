"""argparse's own words in the run's language (one language at a time, issue 16).

With Chinese chosen (``--lang zh``, the configuration's ``lang``, ``CHECKER_LANG`` or the
locale), ``checker --help``, every command's ``--help`` and argparse's refusals
(``usage:``, ``error: argument --jobs: invalid int value``, ``the following arguments are
required``, ``options:``) used to stay English. Now they speak Chinese, and English runs
carry no Chinese. What may stay ASCII in Chinese: option names, program and command
names, option values the user types (``error``, ``json``, ``ALL``), paths and file
names, configuration keys, and product and format names.
"""

from __future__ import annotations

import argparse
import ast
import inspect
import re
import subprocess
import sys
from pathlib import Path

import pytest

from checker.cli import COMMANDS, build_parser, main
from checker.cli_words import ARGPARSE_ZH, ARGPARSE_ZH_PLURAL, display_width, speaking

EXAMPLE = str(Path(__file__).resolve().parents[2] / "examples" / "xiuzhou-transport-2020.docx")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")

#: Names of things, not English sentences: products and formats, configuration keys and
#: the values of options the help names (``--kind department``, ``--select ALL``).
NAMES = {
    "word", "wps", "libreoffice", "docx", "zip", "json", "html", "csv", "yaml", "sqlite", "markdown", "ruff",
    "all", "lang", "store", "reason", "data", "department", "government",
}


def _option_words() -> set[str]:
    """Every word of an option name, a choice, a command or the program: read from the
    parser itself, so a new option does not need this test changed."""
    words = {"checker", *COMMANDS}
    parser = build_parser()
    parsers = [parser] + [a.choices[c] for a in parser._actions if isinstance(a, argparse._SubParsersAction)
                          for c in a.choices]
    for p in parsers:
        for action in p._actions:
            for option in action.option_strings:
                words.update(w.lower() for w in re.split(r"[-_]+", option) if w)
            words.update(str(c).lower() for c in action.choices or () if isinstance(c, str))
    return words


ALLOWED = NAMES | _option_words()


def english_words(text: str) -> list[str]:
    """The ASCII words of ``text`` that are not names: the user's own values (quoted),
    rule codes, paths, file names, key paths and ``FORMAT:PATH`` forms (anything with
    ``/ . : < >`` in it) and option names are dropped."""
    text = re.sub(r"'[^'\n]*'", " ", text)
    text = re.sub(r"\b[A-Z]{2,4}\d{3}\b", " ", text)
    text = re.sub(r"[\w./:<>*-]*[/.:<>][\w./:<>*-]*", " ", text, flags=re.ASCII)
    text = re.sub(r"(?<!\w)--?[\w-]+", " ", text, flags=re.ASCII)
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w.lower() not in ALLOWED]


@pytest.fixture
def cli(monkeypatch, capsys, tmp_path):
    """``cli(*args, env={...})``: main() in an empty folder under an English locale,
    returning code, stdout, stderr."""

    def call(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        monkeypatch.chdir(tmp_path)
        monkeypatch.setenv("NO_COLOR", "1")
        monkeypatch.setenv("COLUMNS", "80")
        monkeypatch.setenv("LANG", "C.UTF-8")
        monkeypatch.delenv("LC_ALL", raising=False)
        monkeypatch.delenv("LC_MESSAGES", raising=False)
        monkeypatch.delenv("LANGUAGE", raising=False)
        monkeypatch.delenv("CHECKER_LANG", raising=False)
        for key, value in (env or {}).items():
            monkeypatch.setenv(key, value)
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse's --help and refusals
            code = exc.code
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, out, err)

    return call


# --- refusals --------------------------------------------------------------------------

def test_a_wrong_jobs_value_is_one_chinese_line_naming_the_option(cli):
    run = cli("check", "--jobs", "x", "--lang", "zh")
    assert run.returncode == 2 and run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    line = lines[0]
    assert "--jobs" in line and "'x'" in line and "错误" in line, line
    assert english_words(line) == [], line


ZH_REFUSALS = [
    (("check", "--lang", "zh"), ("缺少必需的参数", "文件")),
    (("check", EXAMPLE, "--fail-on", "warnin", "--lang", "zh"), ("--fail-on", "'warnin'", "无效的选择")),
    (("check", EXAMPLE, "--timeout", "soon", "--lang", "zh"), ("--timeout", "'soon'")),
    (("check", EXAMPLE, "--no-such-option", "--lang", "zh"), ("无法识别的参数", "--no-such-option")),
    (("check", EXAMPLE, "--previous", "--lang", "zh"), ("--previous", "需要一个值")),
    (("template", "--year", "x", "--agency", "某局", "--lang", "zh"), ("--year", "'x'", "无效的值")),
    (("template", "--agency", "某局", "--lang", "zh"), ("缺少必需的参数", "--year")),
    (("nonsense", "--lang", "zh"), ("'nonsense'", "命令")),
]


@pytest.mark.parametrize("argv, needles", ZH_REFUSALS, ids=[" ".join(a[:3]) for a, _ in ZH_REFUSALS])
def test_argparse_refusals_speak_chinese(cli, argv, needles):
    run = cli(*argv)
    assert run.returncode == 2, run
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    assert english_words(lines[0]) == [], lines[0]


@pytest.mark.parametrize("argv", [a for a, _ in ZH_REFUSALS] + [("check", "--jobs", "x", "--lang", "zh")])
def test_the_same_refusals_in_english_have_no_chinese(cli, argv):
    argv = tuple("en" if a == "zh" else a for a in argv)
    run = cli(*argv)
    assert run.returncode == 2 and len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert "error:" in run.stderr
    assert not CJK.search(run.stderr.replace("某局", "")), run.stderr  # 某局: the user's own value


@pytest.mark.parametrize("how", ["config", "CHECKER_LANG", "locale"])
def test_the_language_comes_from_where_the_run_takes_it(cli, tmp_path, how):
    """Without --lang, the language is the configuration's, else CHECKER_LANG's, else the locale's."""
    env = {}
    if how == "config":
        (tmp_path / "checker.yaml").write_text("lang: zh\n", encoding="utf-8")
    elif how == "CHECKER_LANG":
        env["CHECKER_LANG"] = "zh"
    else:
        env["LANG"] = "zh_CN.UTF-8"
    run = cli("check", "--jobs", "x", env=env)
    assert run.returncode == 2 and "参数 -j/--jobs" in run.stderr and english_words(run.stderr) == [], run.stderr


def test_the_flag_wins_over_the_configuration(cli, tmp_path):
    (tmp_path / "checker.yaml").write_text("lang: zh\n", encoding="utf-8")
    run = cli("check", "--jobs", "x", "--lang", "en")
    assert "argument -j/--jobs" in run.stderr and not CJK.search(run.stderr), run.stderr


def test_a_broken_configuration_still_gets_its_own_error(cli, tmp_path):
    """Reading the configuration early for the language must not change how a broken one
    is reported: by the command, naming the file and the key."""
    (tmp_path / "checker.yaml").write_text("lang: fr\n", encoding="utf-8")
    run = cli("check", EXAMPLE)
    assert run.returncode == 2 and "lang" in run.stderr and "'fr'" in run.stderr, run.stderr


# --- help ----------------------------------------------------------------------------

HELPS = [("--help",)] + [(command, "--help") for command in COMMANDS]


@pytest.mark.parametrize("argv", HELPS, ids=[" ".join(a) for a in HELPS])
def test_help_in_chinese_has_no_english_words(cli, argv):
    run = cli(*argv, "--lang", "zh")
    assert run.returncode == 0, run.stderr
    text = run.stdout
    assert text.startswith("用法：checker") and "选项：" in text, text
    assert english_words(text) == [], text
    assert max(map(display_width, text.splitlines())) <= 80, text  # fits the terminal it was laid out for


@pytest.mark.parametrize("argv", HELPS, ids=[" ".join(a) for a in HELPS])
def test_help_in_english_has_no_chinese(cli, argv):
    run = cli(*argv, "--lang", "en")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("usage: checker") and "options:" in run.stdout
    assert not CJK.search(run.stdout), run.stdout


def test_every_option_has_help_in_both_languages(cli):
    """A new option without a Chinese help shows as an option with English help (caught
    above) or with none: each one has help, and the two languages differ."""
    for lang in ("zh", "en"):
        with speaking(lang):
            parser = build_parser()
            subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)][0]
            for name, command in subs.choices.items():
                for action in command._actions:
                    assert action.help, (lang, name, action.option_strings or action.dest)


# --- the translation table -------------------------------------------------------------

#: argparse messages about a program's own declarations: for the programmer, never the user.
PROGRAMMER_ERRORS = {
    "%r is not callable", "'required' is an invalid argument for positionals", ".__call__() not defined",
    "cannot have multiple subparser arguments", "cannot merge actions - two groups are named %r",
    "conflicting subparser alias: %s", "conflicting subparser: %s", "dest= is required for options like %r",
    "invalid conflict_resolution value: %r", "mutually exclusive arguments must be optional",
    'argument "-" with mode %r', "%(prog)s: error: %(message)s\n",  # the last: replaced by the checker's error line
    "conflicting option string: %s", "conflicting option strings: %s",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r",
}


def _argparse_messages() -> tuple[set[str], set[tuple[str, str]]]:
    tree = ast.parse(inspect.getsource(argparse))
    single, plural = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            args = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if node.func.id == "_" and args:
                single.add(args[0])
            elif node.func.id == "ngettext" and len(args) >= 2:
                plural.add((args[0], args[1]))
    return single, plural


def test_every_argparse_message_a_user_can_meet_has_its_chinese():
    """Checked against the running Python's argparse: a newer Python with a new message
    fails here instead of printing it in English in a Chinese run."""
    single, plural = _argparse_messages()
    assert "usage: " in single  # the reading works
    assert sorted(single - PROGRAMMER_ERRORS - set(ARGPARSE_ZH)) == []
    assert sorted(plural - {p for p in plural if set(p) <= PROGRAMMER_ERRORS} - set(ARGPARSE_ZH_PLURAL)) == []
    for en, zh in ARGPARSE_ZH.items():  # the same placeholders, or argparse's % fails
        assert set(re.findall(r"%\(\w+\)[sr]|%[sr]", zh)) <= set(re.findall(r"%\(\w+\)[sr]|%[sr]", en)), en


def test_an_embedding_programs_parsers_stay_as_they_were(cli):
    cli("check", "--jobs", "x", "--lang", "zh")
    help_text = argparse.ArgumentParser(prog="other").format_help()
    assert "usage: other" in help_text and "show this help message and exit" in help_text


def test_the_console_script_speaks_chinese():
    """The real program (``python -m checker``), not only main() in-process."""
    run = subprocess.run([sys.executable, "-m", "checker", "check", "--jobs", "x", "--lang", "zh"],
                         capture_output=True, text=True, env={"PATH": "", "LANG": "C.UTF-8", "NO_COLOR": "1"})
    assert run.returncode == 2 and run.stderr.startswith("checker check：错误：参数 -j/--jobs："), run.stderr


def test_the_commands_own_errors_follow_the_configured_language_too(cli, tmp_path):
    """A refusal raised by the command (not argparse) follows the configuration's lang as
    the findings do; it used to follow only --lang."""
    (tmp_path / "checker.yaml").write_text("lang: zh\n", encoding="utf-8")
    run = cli("check", EXAMPLE, "--select", "XYZ")
    assert run.returncode == 2 and run.stderr.startswith("checker：错误：--select：未知"), run.stderr


@pytest.mark.parametrize("argv, needle", [
    (("fix", EXAMPLE), "-o 输出.docx"),
    (("fix", EXAMPLE, "-o", EXAMPLE), "输入文件从不改写"),
    (("fix", EXAMPLE, "-o", "out.txt"), ".docx 文件"),
    (("history",), "--store"),
])
def test_the_commands_refusals_speak_chinese(cli, argv, needle):
    run = cli(*argv, "--lang", "zh")
    assert run.returncode == 2 and needle in run.stderr and english_words(run.stderr) == [], run.stderr
