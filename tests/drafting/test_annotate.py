"""``checker check --annotate``: a copy with one Word comment per finding location."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import docx
import pytest
from drafting_helpers import convert_to_pdf, run_checker
from docx_factory import p, tbl, tc, tr, write_docx
from lxml import etree

from checker.annotate import annotate_copy
from checker.errors import ConfigError
from checker.findings import Category, FileResult, Finding, Location, Message, Severity

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

SDT_PARAGRAPH = "<w:sdt><w:sdtPr/><w:sdtContent>" + p("控件里的段落") + "</w:sdtContent></w:sdt>"
BODY = (
    p("某县2023年政府信息公开工作年度报告")  # 1
    + p("一、总体情况")  # 2
    + SDT_PARAGRAPH  # 3 (inside a block-level content control)
    + p("")  # 4 (empty)
    + tbl(
        tr(tc("信息内容", span=2), tc("本年制发件数")),
        tr(tc("规章", vmerge="restart"), tc("甲"), tc("7")),
        tr(tc("", vmerge="continue"), tc("乙"), tc("")),
        cols=3,
    )
    + p("六、其他需要报告的事项")  # 5
)


def finding(code: str, loc: Location, zh: str = "问题", en: str = "problem", **kw) -> Finding:
    return Finding(code=code, rule="r", category=Category.TABLE, severity=Severity.ERROR,
                   message=Message(zh=zh, en=en), location=loc, **kw)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def anchored_texts(path: Path) -> dict[str, str]:
    """comment id -> text of the paragraph or cell where its range starts."""
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    out = {}
    for start in root.iter(f"{W}commentRangeStart"):
        el = start
        while el is not None and el.tag not in (f"{W}tc", f"{W}p"):
            el = el.getparent()
        # a cell: the whole cell's text; a paragraph: its text
        holder = el
        parent = el.getparent()
        if el.tag == f"{W}p" and parent is not None and parent.tag == f"{W}tc":
            holder = parent
        out[start.get(f"{W}id")] = "".join(t.text or "" for t in holder.iter(f"{W}t"))
    return out


@pytest.fixture
def report(tmp_path) -> Path:
    path = tmp_path / "report.docx"
    write_docx(path, BODY)
    return path


def test_one_comment_per_location_anchored_at_the_place(report, tmp_path):
    before = sha(report)
    findings = (
        finding("AR101", Location(paragraph=2), zh="标题不对", en="heading wrong", expected="一、总体情况", actual="一、概况"),
        finding("AR102", Location(paragraph=2), zh="第二个问题", en="second problem"),  # same place: same comment
        finding("TTL101", Location(paragraph=3)),  # inside a content control
        finding("AR104", Location(paragraph=4)),  # empty paragraph: anchored on a new empty run
        finding("TAB401", Location(table=1, row=2, column=3), zh="数值7不对", en="value 7 wrong"),
        finding("AR402", Location(table=1, row=3, column=3)),  # a blank cell
        finding("AR403", Location(table=1, row=3, column=1)),  # the continuation of a vertical merge -> its origin
        finding("AR404", Location(table=1, row=1, column=2)),  # covered by the span of (1, 1)
        finding("AR900", Location()),  # no location: the title
        finding("AR901", Location(paragraph=99)),  # not found: the title
    )
    result = FileResult(path=str(report), findings=findings)
    out = tmp_path / "annotated.docx"
    annotate_copy(str(report), result, str(out), lang="zh")

    assert sha(report) == before  # the original is untouched
    copy = docx.Document(str(out))
    comments = {str(c.comment_id): c.text for c in copy.comments}
    # locations: p2, p3, p4, cell(2,3), cell(3,3), merged cell 规章, merged header 信息内容, title
    assert len(comments) == 8
    anchors = anchored_texts(out)
    assert set(anchors) == set(comments)
    by_anchor: dict[str, list[str]] = {}
    for cid, text in anchors.items():
        by_anchor.setdefault(text, []).append(comments[cid])
    assert set(by_anchor) == {"一、总体情况", "控件里的段落", "", "7", "规章", "信息内容", "某县2023年政府信息公开工作年度报告"}
    heading = by_anchor["一、总体情况"][0]
    assert "标题不对" in heading and "第二个问题" in heading and "应为：一、总体情况" in heading and "实际：一、概况" in heading
    assert "数值7不对" in by_anchor["7"][0]
    title = by_anchor["某县2023年政府信息公开工作年度报告"][0]
    assert "AR900" in title and "AR901" in title
    assert len(by_anchor[""]) == 2  # the empty paragraph and the blank cell
    # the copy still reads as the same document
    assert [p.text for p in copy.paragraphs][:2] == ["某县2023年政府信息公开工作年度报告", "一、总体情况"]


def test_language_english(report, tmp_path):
    result = FileResult(path=str(report), findings=(finding("AR101", Location(paragraph=2), expected="x"),))
    out = tmp_path / "en.docx"
    annotate_copy(str(report), result, str(out), lang="en")
    (comment,) = list(docx.Document(str(out)).comments)
    text = comment.text
    assert "[error AR101] problem" in text and "Expected: x" in text and "问题" not in text


def test_refuses_to_overwrite_the_input(report):
    before = sha(report)
    with pytest.raises(ConfigError, match="overwrite the input"):
        annotate_copy(str(report), FileResult(path=str(report)), str(report))
    alias = report.parent / "." / report.name
    with pytest.raises(ConfigError):
        annotate_copy(str(report), FileResult(path=str(report)), str(alias))
    assert sha(report) == before


def test_cli_refuses_to_overwrite_the_input(report):
    before = sha(report)
    proc = run_checker("check", str(report), "--annotate", str(report), "--no-progress", fresh=True)
    assert proc.returncode == 2 and "overwrite" in proc.stderr
    assert sha(report) == before


@pytest.mark.libreoffice
def test_annotated_template_end_to_end_opens_in_libreoffice(tmp_path, soffice):
    """A generated (so faulty: unfilled) report, checked with --annotate through the CLI."""
    draft = tmp_path / "draft.docx"
    proc = run_checker("template", "--year", "2023", "--agency", "某某县财政局", "-o", str(draft))
    assert proc.returncode == 0, proc.stderr
    before = sha(draft)
    out = tmp_path / "draft-annotated.docx"
    report = tmp_path / "report.json"
    proc = run_checker("check", str(draft), "--annotate", str(out), "--output-format", "json", "-o", str(report),
                       "--lang", "zh", "--no-progress")
    assert proc.returncode == 1, proc.stderr
    assert sha(draft) == before
    findings = json.loads(report.read_text("utf-8"))["files"][0]["findings"]
    assert findings
    def place(loc):  # a whole-table finding sits on the table's first cell
        if loc["table"] and not loc["row"]:
            return (None, loc["table"], 1, 1)
        return tuple(loc[k] for k in ("paragraph", "table", "row", "column"))

    places = {place(f["location"]) for f in findings if f["location"]["paragraph"] or f["location"]["table"]}
    comments = list(docx.Document(str(out)).comments)
    unlocated = any(not any(f["location"][k] for k in ("paragraph", "table")) for f in findings)
    assert len(comments) == len(places) + (1 if unlocated and not any(p[0] == 1 for p in places) else 0)
    assert all(c.author == "checker" for c in comments)
    assert any("模板占位" in c.text for c in comments)
    convert_to_pdf(soffice, out, tmp_path)


@pytest.mark.parametrize("lang, words", [("zh", "修改：把占位内容换成实际的文字"), ("en", "How to fix: write the text")])
def test_comment_says_how_to_fix_from_the_rule_reference(report, tmp_path, lang, words):
    result = FileResult(path=str(report), findings=(finding("DOC001", Location(paragraph=2)),))
    out = tmp_path / f"fix-{lang}.docx"
    annotate_copy(str(report), result, str(out), lang=lang)
    (comment,) = list(docx.Document(str(out)).comments)
    assert words in comment.text
    assert "checker explain DOC001" in comment.text


# --- hostile inputs (issue 17, item 8): one-line errors, never "internal error" ----------

COMMENTS_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENTS_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
EMPTY_COMMENTS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                  b'<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>')


def _with_rels(path: Path, extra_rels: str, extra_parts: dict[str, bytes], out: Path) -> Path:
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    rels = parts["word/_rels/document.xml.rels"].decode()
    parts["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", extra_rels + "</Relationships>").encode()
    if "word/comments.xml" in extra_parts:
        ct = parts["[Content_Types].xml"].decode()
        parts["[Content_Types].xml"] = ct.replace(
            "</Types>", f'<Override PartName="/word/comments.xml" ContentType="{COMMENTS_CT}"/></Types>').encode()
    parts.update(extra_parts)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out


def _one_line_error(proc) -> str:
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert proc.returncode == 2, proc.stderr
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert len(lines) == 1, proc.stderr
    return lines[0]


@pytest.mark.parametrize("case", ["external", "two"])
def test_hostile_comments_relationships_end_in_one_line(tmp_path, case):
    report = Path(__file__).resolve().parents[2] / "examples" / "xiuzhou-transport-2020.docx"
    if case == "external":
        rels = f'<Relationship Id="rIdX1" Type="{COMMENTS_RT}" Target="http://127.0.0.1:9/c.xml" TargetMode="External"/>'
        parts: dict[str, bytes] = {}
    else:
        rels = (f'<Relationship Id="rIdX1" Type="{COMMENTS_RT}" Target="comments.xml"/>'
                f'<Relationship Id="rIdX2" Type="{COMMENTS_RT}" Target="comments.xml"/>')
        parts = {"word/comments.xml": EMPTY_COMMENTS}
    hostile = _with_rels(report, rels, parts, tmp_path / f"{case}.docx")
    out = tmp_path / "out" / "annotated.docx"
    proc = run_checker("check", str(hostile), "--annotate", str(out), "--no-progress", "--select", "ALL", fresh=True)
    line = _one_line_error(proc)
    assert "annotated copy" in line and f"{case}.docx" in line, line
    assert not out.exists() and (not out.parent.exists() or not list(out.parent.iterdir()))


def test_control_characters_in_quoted_text_are_escaped_in_the_comment(report, tmp_path):
    out = tmp_path / "ctrl.docx"
    quoted = "某局\x01\x1b[2J\u202e\ud800"
    result = FileResult(path=str(report), findings=(
        finding("AR201", Location(paragraph=2), zh=f"标题「{quoted}」", en=f"heading '{quoted}'",
                expected="一、总体情况", actual=quoted),))
    annotate_copy(str(report), result, str(out), lang="zh")
    with zipfile.ZipFile(out) as z:
        comments = z.read("word/comments.xml").decode("utf-8")
    assert "\\u0001" in comments and "\\u001b" in comments and "\\u202e" in comments and "\\ud800" in comments
    assert "\x01" not in comments and "\x1b" not in comments and "\u202e" not in comments


def test_an_unreadable_input_is_reported_once(tmp_path):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    out = tmp_path / "annotated.docx"
    proc = run_checker("check", str(broken), "--annotate", str(out), "--no-progress", fresh=True)
    line = _one_line_error(proc)
    assert "broken.docx" in line
    assert not out.exists()


LOCAL_RULE = '''
from checker import Category, Location, Message, Problem, Rule, Severity, hookimpl


class Local(Rule):
    """Flags every paragraph saying BAD.

    Why: a local office rule.

    Fix: write GOOD instead of BAD.

    ---
    检查写有 BAD 的段落。

    修改：把 BAD 改成 GOOD。
    """

    code = "LOC101"
    name = "no-bad"
    category = Category.NARRATIVE
    default_severity = Severity.ERROR
    summary = Message(zh="不写 BAD", en="no BAD")

    def check(self, doc, ctx):
        for p in doc.paragraphs:
            if "BAD" in p.text:
                yield Problem(Message(zh="有 BAD", en="BAD found"), Location(paragraph=p.index))


@hookimpl
def checker_rules():
    return [Local]
'''


def test_a_local_plugin_rule_gets_its_fix_text_in_the_comment(tmp_path):
    """Issue 13 item 6: --annotate built a second registry from entry points only, so a
    local --plugin rule's comment had no fix text."""
    (tmp_path / "local_rule.py").write_text(LOCAL_RULE, "utf-8")
    doc = docx.Document()
    doc.add_paragraph("This paragraph is BAD.")
    doc.save(str(tmp_path / "in.docx"))
    out = tmp_path / "out.docx"
    proc = run_checker("check", str(tmp_path / "in.docx"), "--plugin", str(tmp_path / "local_rule.py"),
                       "--select", "LOC", "--annotate", str(out), "--lang", "en", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    with zipfile.ZipFile(out) as z:
        comments = z.read("word/comments.xml").decode("utf-8")
    assert "LOC101" in comments and "write GOOD instead of BAD" in comments


def test_annotate_reads_the_input_under_the_given_limits(report, tmp_path):
    """Issue 13 item 6: the copy re-read the input with the default limits; the run's
    configured limits (check.py passes them) must hold for the annotated copy too."""
    import dataclasses

    from checker.errors import InputError
    from checker.reader.package import DEFAULT_LIMITS

    result = FileResult(path=str(report), findings=(finding("DOC001", Location(paragraph=1)),))
    tight = dataclasses.replace(DEFAULT_LIMITS, max_xml_elements=50)
    with pytest.raises(InputError):
        annotate_copy(str(report), result, str(tmp_path / "a.docx"), lang="en", limits=tight)
    assert not (tmp_path / "a.docx").exists()
    annotate_copy(str(report), result, str(tmp_path / "b.docx"), lang="en", limits=DEFAULT_LIMITS)
    assert (tmp_path / "b.docx").exists()
