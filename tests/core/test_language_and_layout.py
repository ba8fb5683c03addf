"""The language picker, bilingual reasons where they are made, the progress bar's
counts and the text output's layout at 80 and 50 columns (issue 16)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from checker.findings import FileResult, Finding, Location, Message, Severity, Category, Verdict

EXAMPLE = str(Path(__file__).resolve().parents[2] / "examples" / "xiuzhou-transport-2020.docx")


# --- the language picker -----------------------------------------------------------------

@pytest.mark.parametrize("name, lang", [
    ("Chinese (Simplified)_China", "zh"), ("Chinese (Simplified)_China.936", "zh"), ("Chinese_Taiwan", "zh"),
    ("zh_CN.UTF-8", "zh"), ("zh-Hans", "zh"), ("ZH_tw", "zh"),
    ("English_United States", "en"), ("en_US.UTF-8", "en"), ("de_DE", "en"),
    ("C", None), ("C.UTF-8", None), ("POSIX", None), ("", None), (None, None),
])
def test_locale_names_of_every_platform(name, lang):
    from checker.reporters import locale_lang

    assert locale_lang(name) == lang


def test_a_chinese_windows_user_gets_chinese_by_default(monkeypatch):
    import locale

    from checker.reporters import default_lang

    monkeypatch.setattr(locale, "getlocale", lambda *a: ("Chinese (Simplified)_China", "936"))
    assert default_lang({}) == "zh"
    assert default_lang({"LANG": "C.UTF-8"}) == "zh"  # "C" says nothing: the system's locale decides
    assert default_lang({"LANG": "en_US.UTF-8"}) == "en"
    assert default_lang({"CHECKER_LANG": "en"}) == "en"


def test_checker_lang_is_checked():
    from checker.errors import ConfigError
    from checker.reporters import default_lang

    with pytest.raises(ConfigError, match="CHECKER_LANG='fr'"):
        default_lang({"CHECKER_LANG": "fr"})


# --- reasons in both languages from where they are made -------------------------------

def test_engine_check_path_gives_a_chinese_reason_with_the_english(tmp_path):
    from checker.engine import Engine

    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    result = Engine().check_path(empty)
    message = result.findings[0].message
    assert message.zh.startswith("无法读取文件：空文件") and "（empty file" in message.zh
    assert message.en.startswith("cannot read the file: empty file")
    assert result.error.startswith("empty file")  # the JSON contract keeps the English


def test_input_error_carries_both_languages():
    from checker.errors import InputError

    made = InputError("a.docx", Message(zh="坏了", en="broken"))
    assert (made.reason, made.reason_message.zh) == ("broken", "坏了")
    assert made.message.zh == "a.docx：坏了（broken）" and made.message.en == "a.docx: broken"
    # an English-only raise site (a third-party plugin's): no Chinese of its own, the English kept
    fallback = InputError("b.docx", "a reason from a plugin")
    assert fallback.reason_message.zh == "" and fallback.message.zh == "b.docx：无法读取（a reason from a plugin）"


# --- the progress bar ------------------------------------------------------------------------

def _result(path: str, severity: Severity | None) -> FileResult:
    findings = () if severity is None else (Finding("XX001", "x", Category.TABLE, severity, Message("问题", "problem")),)
    return FileResult(path=path, findings=findings)


@pytest.mark.parametrize("lang, words", [("zh", ("检查中", "通过", "不通过")), ("en", ("checking", "pass", "fail"))])
def test_the_progress_bar_counts_each_file_once_at_fail_on(lang, words):
    from checker.reporters.progress import progress_bar

    stream = io.StringIO()
    with progress_bar(3, enabled=True, stream=stream, lang=lang, fail_on=Severity.WARNING) as bar:
        bar.advance(_result("a.docx", None))
        bar.advance(_result("b.docx", Severity.WARNING))  # fails at --fail-on warning
        bar.advance(_result("c.docx", None))
        bar.revise(_result("c.docx", Severity.ERROR))  # a cross-year comparison added to c.docx
        status = bar.status()
        description = bar.progress.tasks[0].description
        completed = bar.progress.tasks[0].completed
    counts = dict(re.findall(r"(\S+) (\d+)", status))
    assert counts[words[1]] == "1" and counts[words[2]] == "2"
    assert sum(int(n) for n in counts.values()) == 3 and completed == 3  # three files, not four
    assert description == words[0]
    if lang == "zh":
        assert not re.search(r"[A-Za-z]", status + description)


# --- the text output at 80 and 50 columns ----------------------------------------------------

def _results() -> list[FileResult]:
    long_label = "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    finding = Finding("TAB303", "table-label-markers", Category.TABLE, Severity.WARNING,
                      Message("第三部分“收到和处理政府信息公开申请情况”表有3个项目序号写作“1、”式，格式为“1.”",
                              "the table of section 3 writes 3 item numbers as '1、'; the format has '1.'"),
                      Location(section=3, table=2, row=24, row_label=long_label),
                      expected=long_label, actual=Message("全部空白", "all blank"))
    return [
        FileResult(path=f"/srv/office/2024/incoming/{name}", findings=(finding,) * n, profile="gov-annual-report-2021",
                   metadata={"agency": agency, "year": 2024})
        for name, agency, n in (
            ("shanghai-gov-office-2024-submitted-final.docx", "上海市人民政府办公厅", 1),
            ("huaian-gov-2024.docx", "淮安市人民政府", 12),
            ("xiuzhou-transport-2024.docx", "嘉兴市秀洲区交通运输局", 0),
        )
    ] + [FileResult(path="/srv/office/2024/incoming/scan.pdf", error="a PDF file, not a .docx",
                    findings=(Finding("CHK001", "unreadable-input", Category.INPUT, Severity.ERROR,
                                      Message("无法读取文件：这是 PDF 文件", "cannot read the file: a PDF file")),))]


def _render(lang: str, width: int) -> str:
    from checker.reporters import ReportOptions
    from checker.reporters.text import report

    out = io.StringIO()
    report(_results(), ReportOptions(lang=lang, width=width, color=False, statistics=True), out)
    return out.getvalue()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", [80, 50])
def test_text_output_fits_and_never_breaks_a_phrase(lang, width):
    from rich.cells import cell_len

    from checker.reporters.text import summary_line

    text = _render(lang, width)
    lines = text.splitlines()
    assert all(cell_len(line.rstrip()) <= width for line in lines), max(lines, key=cell_len)
    # a finding's location never wraps back to column 0
    assert not [line for line in lines if line.startswith("[")]
    # the header's facts and the summary's counts are never split inside
    for line in lines:
        assert not re.fullmatch(r"\s*\d{4}\s*", line), line
        assert not re.match(r"\s*(warning\(s\)|info\.|个提示|个警告)", line), line
    joined = " ".join(line.strip() for line in lines[-3:] if line.strip())
    from checker.reporters import ReportOptions

    expected = summary_line(_results(), ReportOptions(lang=lang))
    assert joined.replace(" ", "") .endswith(expected.replace(" ", ""))


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", [80, 50])
def test_files_table_never_cuts_a_count(lang, width):
    text = _render(lang, width)
    table = text[text.index("(/srv/office/2024/incoming/)"):]
    rows = re.findall(r"^ *(\d+) +\S.*?(\d+) +(\d+) +(\d+) *$", table, re.M)
    counts = {int(n): (int(e), int(w), int(i)) for n, e, w, i in rows}
    assert counts[1] == (0, 1, 0) and counts[2] == (0, 12, 0) and counts[3] == (0, 0, 0) and counts[4] == (1, 0, 0)
    assert "shanghai-gov-office-2024-submitted-final.docx" not in table or width >= 80  # relative names


def test_files_table_at_80_columns_keeps_names_whole():
    text = _render("en", 80)
    table = text[text.index("Files"):]
    for name in ("huaian-gov-2024.docx", "xiuzhou-transport-2024.docx", "shanghai-gov-office-2024-submitted-final.docx"):
        assert name in table


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", ["80", "50"])
def test_plugins_and_rules_at_narrow_widths(monkeypatch, capsys, lang, width):
    from rich.cells import cell_len

    from checker.cli import main

    monkeypatch.setenv("COLUMNS", width)
    monkeypatch.setenv("NO_COLOR", "1")
    assert main(["plugins", "--lang", lang]) == 0
    out = capsys.readouterr().out
    assert all(cell_len(line.rstrip()) <= int(width) for line in out.splitlines())
    if width == "80":  # profile names are never split
        assert "gov-annual-report-2019" in out and "gov-annual-report-2021" in out
    if lang == "zh":
        assert "插件" in out and "name" not in out.split("\n", 1)[0]
    assert main(["rules", "--lang", lang]) == 0
    out = capsys.readouterr().out
    if lang == "zh":
        assert "表格" in out and "错误" in out and " error " not in out


def test_word_comments_are_plain_text(tmp_path):
    import zipfile

    from checker.cli import main

    out = tmp_path / "a.docx"
    assert main(["check", EXAMPLE, "--annotate", str(out), "--lang", "en", "--no-progress"]) == 1
    with zipfile.ZipFile(out) as z:
        comments = z.read("word/comments.xml").decode("utf-8")
    assert "How to fix" in comments and "`" not in comments and "**" not in comments
