"""One language at a time (issue 16): with ``--lang zh`` nothing the checker says is
English, with ``--lang en`` there is no Chinese that is not the document's own text.

A mixed office batch (real reports from ../shared/corpus when present, the bundled
example, a year pair of one agency, a template, unreadable files of every kind) is
checked with the real rule packs, and every output a user reads is searched: the
terminal text, stderr, the CSV files, the HTML page's visible text, the SARIF message
texts, the Word comments of ``--annotate`` and the progress bar's words.

What may stay: rule codes, paths and file names, numbers, profile names (identifiers
like ``gov-annual-report-2021``), option and limit names, file-format names, the
document's own text (every run of Chinese found in an input document), and, in Chinese,
an unreadable file's English reason in brackets (kept on purpose, for support).
"""

from __future__ import annotations

import csv
import html.parser
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from checker.cli import main

from .conftest import make_report, mark_encrypted, ole2_doc, write

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "xiuzhou-transport-2020.docx"
CORPUS = ROOT.parent / "shared" / "corpus"

#: ASCII words the Chinese output may hold: names of things, not English sentences.
ALLOWED_ASCII = {
    "checker", "docx", "doc", "wps", "zip", "pdf", "word", "excel", "mib", "gib", "explain", "rules",
    "yyyy", "html", "csv", "json", "sarif", "junit", "text", "lang", "profile", "timeout", "jobs",
    "libreoffice", "soffice",  # the converter's name (a legacy .doc in the batch is converted when it is installed)
}
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
ASCII_WORD = re.compile(r"(?<![\w./\\-])[A-Za-z][A-Za-z'’]+(?![\w-])")


def _encrypted_package() -> bytes:
    src = zipfile.ZipFile(EXAMPLE)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in src.infolist():
            z.writestr(info, src.read(info))
    return mark_encrypted(out.getvalue(), "word/document.xml")


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("office") / "incoming"
    root.mkdir()
    for path in sorted(CORPUS.glob("*.docx")) if CORPUS.is_dir() else []:
        shutil.copy(path, root / path.name)
    shutil.copy(EXAMPLE, root / EXAMPLE.name)
    write(root / "pair-2022.docx", make_report("某某区交通运输局", 2022))
    write(root / "pair-2023.docx", make_report("某某区交通运输局", 2023))
    write(root / "old.doc", ole2_doc())
    write(root / "empty.docx", b"")
    write(root / "scan.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")
    write(root / "locked.docx", _encrypted_package())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("secret.docx", make_report("乙局", 2023))
    write(root / "bundle.zip", mark_encrypted(buf.getvalue(), "secret.docx"))
    return root


def document_text(root: Path) -> str:
    """Every input document's own text (document.xml without tags), archives included."""
    texts = []

    def add(data: bytes) -> None:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                for name in z.namelist():
                    if name.endswith(".xml"):
                        texts.append(re.sub(r"<[^>]+>", "", z.read(name).decode("utf-8", "replace")))
                    elif name.endswith(".docx"):
                        try:
                            add(z.read(name))
                        except RuntimeError:
                            pass
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError):
            pass

    for path in root.rglob("*"):
        if path.is_file():
            add(path.read_bytes())
    return "\n".join(texts)


class _Visible(html.parser.HTMLParser):
    """The text a reader sees on the HTML page (no script, no style, no attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def run(lang: str, root: Path, out: Path, capsys, monkeypatch) -> dict[str, str]:
    """Check the batch in ``lang`` and return every output a user reads, by name."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.chdir(root.parent)  # as an office runs it: checker check incoming/
    out.mkdir(exist_ok=True)
    capsys.readouterr()
    code = main(["check", root.name, "--lang", lang, "--statistics", "--no-progress", "--jobs", "1",
                 f"--report=csv:{out / 'f.csv'}", f"--report=csv-summary:{out / 's.csv'}",
                 f"--report=html:{out / 'r.html'}", f"--report=sarif:{out / 'r.sarif'}"])
    stdout, stderr = capsys.readouterr()
    assert code == 2, stderr  # unreadable files are in the batch
    page = _Visible()
    page.feed((out / "r.html").read_text("utf-8"))
    sarif = json.loads((out / "r.sarif").read_text("utf-8"))
    messages = [r["message"]["text"] for run_ in sarif["runs"] for r in run_["results"]]
    annotated = out / "annotated.docx"
    capsys.readouterr()
    assert main(["check", str(EXAMPLE), "--lang", lang, "--annotate", str(annotated), "--no-progress"]) == 1
    capsys.readouterr()
    with zipfile.ZipFile(annotated) as z:
        comments = re.sub(r"<[^>]+>", " ", z.read("word/comments.xml").decode("utf-8"))
    return {
        "terminal": stdout, "stderr": stderr,
        "csv": (out / "f.csv").read_text("utf-8-sig"), "csv-summary": (out / "s.csv").read_text("utf-8-sig"),
        "html": "\n".join(page.parts), "sarif": "\n".join(messages), "comments": comments,
    }


#: Official terms the English messages gloss in brackets ("the date line (成文日期)"):
#: kept on purpose so that an English reader can find them in the Chinese document.
GLOSSED = {"成文日期", "落款"}


def _without_names(text: str, root: Path, reasons: list[str]) -> str:
    """The text without what may stay whatever the language: paths, codes, numbers,
    profile names, option and limit names, an unreadable file's English reason (found
    across the terminal's line breaks)."""
    for reason in sorted(reasons, key=len, reverse=True):
        text = re.sub(r"\s+".join(map(re.escape, reason.split())), " ", text)
    # a reason's English twin in brackets after the Chinese (as the terminal may wrap it)
    text = re.sub(r"（[\x00-\x7f\s’‘“”]+）", " ", text)
    text = text.replace(str(root), " ").replace(root.name + "/", " ")
    text = re.sub(r"\S+\.(?:docx|doc|zip|pdf|html|csv|sarif)\b", " ", text)
    text = re.sub(r"\b[A-Z]{2,4}\d{3}\b", " ", text)
    text = re.sub(r"\b[a-z]+(?:-[a-z0-9]+)+\b", " ", text)  # gov-annual-report-2021, max-memory-bytes, --timeout
    return text


@pytest.fixture(scope="module")
def outputs(batch, tmp_path_factory):
    mp = pytest.MonkeyPatch()
    from _pytest.capture import CaptureFixture  # noqa: F401 - capsys is function-scoped; capture by hand

    got = {}
    for lang in ("zh", "en"):
        import contextlib

        out_dir = tmp_path_factory.mktemp(f"out-{lang}")
        stdout, stderr = io.StringIO(), io.StringIO()

        class _Cap:
            def readouterr(self):
                o, e = stdout.getvalue(), stderr.getvalue()
                stdout.seek(0), stdout.truncate(), stderr.seek(0), stderr.truncate()
                return o, e

        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            got[lang] = run(lang, batch, out_dir, _Cap(), mp)
    mp.undo()
    return got


def _reasons(outputs) -> list[str]:
    """The English reasons of unreadable files (they are carried in brackets in Chinese)."""
    rows = csv.DictReader(io.StringIO(outputs["en"]["csv-summary"]))
    return [r["reason"].removeprefix("cannot read the file: ") for r in rows if r["reason"]]


@pytest.mark.parametrize("name", ["terminal", "stderr", "csv", "csv-summary", "html", "sarif", "comments"])
def test_chinese_output_has_no_english_words(outputs, batch, name):
    text = _without_names(outputs["zh"][name], batch, _reasons(outputs))
    words = {w for w in ASCII_WORD.findall(text) if w.lower() not in ALLOWED_ASCII}
    words -= set(ASCII_WORD.findall(document_text(batch)))  # the documents' own words
    assert not words, (name, sorted(words)[:30])


@pytest.mark.parametrize("name", ["terminal", "stderr", "csv", "csv-summary", "html", "sarif", "comments"])
def test_english_output_has_no_chinese_but_the_documents(outputs, batch, name):
    own = document_text(batch)
    runs = {run for run in CJK.findall(outputs["en"][name]) if run not in own and run not in GLOSSED}
    assert not runs, (name, sorted(runs)[:30])


def test_unreadable_reasons_are_chinese_with_the_english_in_brackets(outputs):
    err = outputs["zh"]["stderr"]
    line = next(x for x in err.splitlines() if "locked.docx" in x)
    assert "设置了密码" in line and "（the package has encrypted" in line
    line = next(x for x in err.splitlines() if "secret.docx" in x)
    assert "压缩包中的该文件设置了密码" in line


def test_the_csv_summary_has_rules_with_names_and_the_earlier_report(outputs):
    rows = list(csv.DictReader(io.StringIO(outputs["en"]["csv-summary"])))
    later = next(r for r in rows if r["file"].endswith("pair-2023.docx"))
    assert later["previous"].endswith("pair-2022.docx")
    assert re.search(r"\b[A-Z]{2,4}\d{3} [a-z-]+", later["rules"])
    zh = list(csv.DictReader(io.StringIO(outputs["zh"]["csv-summary"])))
    assert set(zh[0]) >= {"文件", "结论", "规则", "对比的上一年报告"}
    assert {r["结论"] for r in zh} <= {"通过", "有警告", "不通过", "无法读取"}


def test_the_terminal_says_which_earlier_report_a_file_was_compared_with(outputs):
    text = outputs["en"]["terminal"]
    block = text[text.index("pair-2023.docx"):]
    assert "compared with:" in block[:600] and "pair-2022.docx" in block[:600]
    assert "对比的上一年报告" in outputs["zh"]["terminal"]


def test_the_html_summary_shows_why_a_file_is_unreadable_and_rule_names(outputs):
    page = outputs["en"]["html"]
    assert "a PDF file, not a .docx" in page[: page.index("Problem")]  # in the summary, before the findings
    assert re.search(r"SEC\d{3}\s+section-", page)
