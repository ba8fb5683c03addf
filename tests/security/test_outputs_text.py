"""Document text that controls the terminal, and one character that sinks a batch
(issue 17, items 3 and 4).

A test plugin (written into the test folder) echoes the first paragraph of each
document into the agency metadata, a finding's message, expected and actual values,
its labels and excerpt: whatever the reader lets through reaches every report. The
documents spell escape sequences, C1 controls, bidi overrides and a lone surrogate
with ``w:sym`` (the only way XML can carry them); a file name that is not UTF-8
reaches the labels as ``\\udcXX``. Every report must stay whole and show none of them.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from pathlib import Path

import hostile
import pytest
from test_cli import run_cli

ECHO_PLUGIN = '''
from checker import Category, Location, Message, Problem, Rule, Severity, hookimpl


def _first(doc):
    return next((p.text for p in doc.paragraphs if p.text), "")


class Echo(Rule):
    """Quotes the first paragraph everywhere a finding can hold text."""

    code = "SEC701"
    name = "echo"
    category = Category.NARRATIVE
    default_severity = Severity.ERROR
    summary = Message(zh="测试用：引用正文", en="test only: quotes the text")

    def check(self, doc, ctx):
        text = _first(doc)
        yield Problem(message=Message(zh="引用：" + text, en="quoted: " + text),
                      location=Location(paragraph=1, row_label=text, column_label=text, excerpt=text),
                      expected=text, actual=text)


@hookimpl
def checker_rules():
    return [Echo]


@hookimpl
def checker_document_metadata(document, profile):
    return {"agency": _first(document), "year": 2024}
'''

#: What must never appear in a text, HTML or CSV report: C0 controls but tab, LF (and
#: the CR of CSV line ends, checked separately), DEL, C1, line/paragraph separators,
#: bidi embeddings/overrides/isolates, lone surrogates (as escaped UTF-8 bytes).
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")

#: OSC 52 clipboard write, CSI cursor movement and screen clearing, a C1 CSI, RLO, a lone surrogate.
HOSTILE_CHARS = ["001B", "005D", "0035", "0032", "003B", "0063", "003B", "0007", "001B", "005B", "0032", "004A",
                 "009B", "0048", "202E", "0041", "0042", "2066", "000D", "D800", "0043"]


def _hostile_doc() -> bytes:
    syms = "".join(f'<w:sym w:font="Symbol" w:char="{c}"/>' for c in HOSTILE_CHARS)
    body = f"<w:p><w:r><w:t>某局</w:t>{syms}<w:t>报告</w:t></w:r></w:p>".encode()
    return hostile.edit(None, {"word/document.xml": hostile.document(body)})


def _folder(tmp: Path) -> Path:
    inputs = tmp / "in"
    inputs.mkdir()
    (inputs / "hostile.docx").write_bytes(_hostile_doc())
    (inputs / "good.docx").write_bytes(hostile.good_bytes())
    if sys.platform.startswith("linux"):  # a GBK name, not valid UTF-8 (os.walk gives \udcXX)
        with open(os.path.join(os.fsencode(inputs), "某局报告".encode("gbk") + b".docx"), "wb") as fh:
            fh.write(hostile.good_bytes())
    return inputs


@pytest.fixture
def reports(tmp_path):
    plugin = tmp_path / "echo_plugin.py"
    plugin.write_text(ECHO_PLUGIN, encoding="utf-8")
    inputs = _folder(tmp_path)
    out = tmp_path / "out"
    paths = {"text": out / "r.txt", "html": out / "r.html", "csv": out / "r.csv", "csv-summary": out / "s.csv",
             "junit": out / "r.xml", "sarif": out / "r.sarif", "json": out / "r.json"}
    args = ["--output-format", "json", "--jobs", "2", "--plugin", str(plugin), "--extend-select", "SEC7",
            *(f"--report={fmt}:{path}" for fmt, path in paths.items()), str(inputs)]
    run = run_cli(args, tmp_path)
    return run, paths


def test_every_report_is_whole_and_every_file_has_a_result(reports):
    run, paths = reports
    assert "internal error" not in run.stderr and "Traceback" not in run.stderr, run.stderr
    assert run.code in (1, 2), run.stderr
    data = json.loads(run.stdout)  # stdout JSON whole, not cut mid-object
    n = 3 if sys.platform.startswith("linux") else 2
    assert len(data["files"]) == n
    assert json.loads(paths["json"].read_text("utf-8"))["summary"]["files"] == n
    assert json.loads(paths["sarif"].read_text("utf-8"))["runs"]
    import xml.etree.ElementTree as ET

    assert ET.parse(paths["junit"]).getroot() is not None
    assert len(list(csv.DictReader(io.StringIO(paths["csv-summary"].read_text("utf-8-sig"))))) == n
    assert paths["html"].read_text("utf-8").rstrip().endswith("</html>")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="names that are not UTF-8")
def test_a_name_that_is_not_utf8_is_shown_with_escapes(reports):
    run, paths = reports
    names = [f["path"] for f in json.loads(run.stdout)["files"]]
    assert any("\\udc" in name for name in names), names
    assert "\\udc" in paths["text"].read_text("utf-8")


@pytest.mark.parametrize("fmt", ["text", "html", "csv", "csv-summary", "junit"])
def test_reports_carry_no_control_or_bidi_characters(reports, fmt):
    _, paths = reports
    raw = paths[fmt].read_bytes()
    text = raw.decode("utf-8-sig")  # strict: no lone surrogate made it to the file
    if fmt.startswith("csv"):
        text = text.replace("\r\n", "\n")
    assert not UNSAFE.findall(text), sorted(set(UNSAFE.findall(text)))
    assert "某局" in text  # the document's text is shown (escaped), not dropped


def test_the_terminal_gets_no_escape_sequences(tmp_path):
    plugin = tmp_path / "echo_plugin.py"
    plugin.write_text(ECHO_PLUGIN, encoding="utf-8")
    inputs = _folder(tmp_path)
    run = run_cli(["--plugin", str(plugin), "--extend-select", "SEC7", "--jobs", "1", str(inputs)], tmp_path)
    assert "internal error" not in run.stderr, run.stderr
    assert not UNSAFE.findall(run.stdout), sorted(set(UNSAFE.findall(run.stdout)))
    assert not UNSAFE.findall(run.stderr)
    assert "\\u001b" in run.stdout  # shown, not hidden: the reader sees that something was there


def test_printable_escapes_exactly_the_unsafe_characters():
    from checker.text import printable

    assert printable("某局 2024\t年\n报告") == "某局 2024\t年\n报告"  # nothing to escape: unchanged
    assert printable("a\nb", multiline=False) == "a\\u000ab"
    assert printable("\x1b]52;c;cm0gLXJmIH4K\x07") == "\\u001b]52;c;cm0gLXJmIH4K\\u0007"
    assert printable("\x9b2J\u202e\u2066\ud800\r\x7f") == "\\u009b2J\\u202e\\u2066\\ud800\\u000d\\u007f"


def test_shown_results_keeps_clean_results_as_they_are():
    from checker.findings import Category, FileResult, Finding, Message, Severity
    from checker.reporters import shown_results

    clean = FileResult(path="a.docx", metadata={"agency": "某局", "year": 2024}, findings=(
        Finding(code="X1", rule="x", category=Category.TABLE, severity=Severity.ERROR,
                message=Message(zh="问题\n第二行", en="problem")),))
    assert shown_results([clean])[0] is clean
    dirty = FileResult(path="a\x1b.docx", metadata={"agency": "某\u202e局"})
    shown = shown_results([dirty])[0]
    assert shown.path == "a\\u001b.docx" and shown.metadata["agency"] == "某\\u202e局"
