"""``checker fix``: for every fixable code, a whole .docx whose fixed copy passes that rule,
keeps its formatting and changes nothing else.

Fixtures are written with the annual-report builders (``tests/annual_report/builders.py``)
and then shaped with python-docx the way drafters' files are: headings split over runs
with their own fonts, numbers drawn by automatic numbering.
"""

from __future__ import annotations

import hashlib
import sys
import zipfile
from pathlib import Path

import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

AR_TESTS = Path(__file__).resolve().parents[1] / "annual_report"
if str(AR_TESTS) not in sys.path:
    sys.path.insert(0, str(AR_TESTS))

from builders import Report, build  # noqa: E402
from drafting_helpers import convert_to_pdf, run_checker  # noqa: E402

from checker.engine import Engine  # noqa: E402
from checker.fix.run import FixError, fix_bytes  # noqa: E402
from checker.reader import load_document  # noqa: E402

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# ----------------------------------------------------------------------- helpers
def places(path: Path) -> dict[str, str]:
    """Every paragraph of the document (body and table cells) by anchor -> displayed text."""
    doc = load_document(str(path))
    out: dict[str, str] = {}
    for b in doc.blocks:
        if hasattr(b, "grid"):
            for c in b.cells():
                for p in c.paragraphs:
                    out[p.anchor] = p.text
        else:
            out[b.anchor] = b.text
    return out


def changed(before: Path, after: Path) -> dict[str, tuple[str, str]]:
    a, b = places(before), places(after)
    assert set(a) == set(b), "paragraphs were added or removed"
    return {k: (a[k], b[k]) for k in a if a[k] != b[k]}


def run_props(path: Path, anchor: str) -> list[str]:
    """The run properties (``w:rPr`` as XML) of each run of a paragraph, in order."""
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    p = root.getroottree().xpath(anchor, namespaces={"w": W[1:-1]})[0]
    out = []
    for r in p.iter(W + "r"):
        rpr = r.find(W + "rPr")
        out.append(etree.tostring(rpr, encoding="unicode") if rpr is not None else "")
    return out


def codes(path: Path, *extra: str) -> list[str]:
    doc = load_document(str(path))
    return [f.code for f in Engine().check_document(doc).findings]


def fix(src: Path, out: Path, *args: str):
    proc = run_checker("fix", str(src), "-o", str(out), *args)
    assert proc.returncode == 0, proc.stderr
    return proc


def save(doc, path: Path) -> Path:
    doc.save(str(path))
    return path


def heading_paragraph(doc, startswith: str):
    return next(p for p in doc.paragraphs if p.text.startswith(startswith))


def split_runs(paragraph, pieces: list[tuple[str, dict]]) -> None:
    """Rewrite a paragraph as several runs with their own formatting."""
    for r in list(paragraph.runs):
        r._r.getparent().remove(r._r)
    for text, fmt in pieces:
        run = paragraph.add_run(text)
        run.bold = fmt.get("bold")
        if fmt.get("size"):
            run.font.size = Pt(fmt["size"])
        if fmt.get("font"):
            rpr = run._r.get_or_add_rPr()
            fonts = OxmlElement("w:rFonts")
            fonts.set(qn("w:eastAsia"), fmt["font"])
            rpr.insert(0, fonts)


# ----------------------------------------------------------------------- SEC201
def test_sec201_split_runs_keeps_each_runs_formatting(tmp_path):
    doc = build(Report())
    p = heading_paragraph(doc, "六、")
    split_runs(p, [("6", {"bold": True, "size": 16, "font": "黑体"}), ("、其他需要", {"bold": True, "size": 16}),
                   ("报告的事项", {"size": 15, "font": "仿宋_GB2312"})])
    src = save(doc, tmp_path / "r.docx")
    assert "SEC201" in codes(src)
    anchor = next(a for a, t in places(src).items() if t.startswith("6、其他"))
    props_before = run_props(src, anchor)

    out = tmp_path / "fixed.docx"
    proc = fix(src, out)
    assert "6、其他需要报告的事项 → 六、其他需要报告的事项" in proc.stdout
    assert "SEC201" not in codes(out)
    assert changed(src, out) == {anchor: ("6、其他需要报告的事项", "六、其他需要报告的事项")}
    assert run_props(out, anchor) == props_before  # same runs, same fonts, sizes and bold
    assert codes(out) == [c for c in codes(src) if c != "SEC201"]


def test_sec201_typed_number_with_space_and_missing_number(tmp_path):
    src = save(build(Report(headings={6: "6、 其他需要报告的事项", 2: "主动公开政府信息情况"})), tmp_path / "r.docx")
    out = tmp_path / "fixed.docx"
    fix(src, out)
    diff = changed(src, out)
    assert sorted(v for v in diff.values()) == [("6、 其他需要报告的事项", "六、其他需要报告的事项"),
                                               ("主动公开政府信息情况", "二、主动公开政府信息情况")]
    assert "SEC201" not in codes(out)


def _decimal_numbering(doc, start: int = 1, num_id: str = "90") -> None:
    """Make the builders' Chinese heading numbering draw Arabic numbers (``1、`` … ``6、``)."""
    numbering = doc.part.numbering_part.element
    for ab in numbering.iter(qn("w:abstractNum")):
        if ab.get(qn("w:abstractNumId")) == num_id:
            lvl = ab.find(qn("w:lvl"))
            lvl.find(qn("w:numFmt")).set(qn("w:val"), "decimal")
            lvl.find(qn("w:start")).set(qn("w:val"), str(start))


def test_sec201_automatic_numbering_fixes_the_numbering_definition(tmp_path):
    doc = build(Report(auto_numbering=True))
    _decimal_numbering(doc)
    src = save(doc, tmp_path / "r.docx")
    texts = places(src)
    assert any(t == "6、其他需要报告的事项" for t in texts.values())
    assert codes(src).count("SEC201") == 6

    out = tmp_path / "fixed.docx"
    proc = fix(src, out)
    assert "numbering definition" in proc.stdout
    assert "SEC201" not in codes(out)
    diff = changed(src, out)
    assert sorted(new for _, new in diff.values()) == sorted(
        ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
         "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"])
    with zipfile.ZipFile(out) as z:
        numbering = etree.fromstring(z.read("word/numbering.xml"))
        document = z.read("word/document.xml").decode()
    lvl = next(a for a in numbering.iter(W + "abstractNum") if a.get(W + "abstractNumId") == "90").find(W + "lvl")
    assert lvl.find(W + "numFmt").get(W + "val") == "chineseCounting"
    assert lvl.find(W + "lvlText").get(W + "val") == "%1、"
    assert "六、" not in document  # the numbers are still drawn by Word, not typed


def test_sec201_automatic_number_shared_with_other_paragraphs_becomes_text(tmp_path):
    """Heading 六 is numbered by a list that also numbers a paragraph of section 五: the
    list's definition must not change (the other paragraph keeps ``5、``), so the heading
    leaves the list and its number is typed."""
    doc = build(Report())
    numbering = doc.part.numbering_part.element
    numbering.append(etree.fromstring(
        f'<w:abstractNum xmlns:w="{W[1:-1]}" w:abstractNumId="91"><w:lvl w:ilvl="0"><w:start w:val="5"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>'))
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:  # abstract definitions come before the w:num elements
        first_num.addprevious(numbering[-1])
    numbering.append(etree.fromstring(
        f'<w:num xmlns:w="{W[1:-1]}" w:numId="91"><w:abstractNumId w:val="91"/></w:num>'))
    for para, text in ((heading_paragraph(doc, "一是"), None), (heading_paragraph(doc, "六、"), "其他需要报告的事项")):
        if text:
            para.runs[0].text = text
        ppr = para._p.get_or_add_pPr()
        ppr.append(etree.fromstring(f'<w:numPr xmlns:w="{W[1:-1]}"><w:ilvl w:val="0"/><w:numId w:val="91"/></w:numPr>'))
    src = save(doc, tmp_path / "r.docx")
    before = places(src)
    assert "6、其他需要报告的事项" in before.values() and any(t.startswith("5、一是") for t in before.values())

    out = tmp_path / "fixed.docx"
    proc = fix(src, out, "--select", "SEC201")
    assert "automatic number typed as text" in proc.stdout
    diff = changed(src, out)
    assert list(diff.values()) == [("6、其他需要报告的事项", "六、其他需要报告的事项")]
    assert "SEC201" not in codes(out)


# ----------------------------------------------------------------------- SEC202
def test_sec202_known_variant_reworded_keeping_formatting(tmp_path):
    doc = build(Report(headings={5: "五、存在的问题及改进情况"}))
    p = heading_paragraph(doc, "五、")
    split_runs(p, [("五、", {"bold": True, "font": "黑体"}), ("存在的问题", {"size": 16}), ("及改进情况", {"size": 16})])
    src = save(doc, tmp_path / "r.docx")
    assert "SEC202" in codes(src)
    anchor = next(a for a, t in places(src).items() if t.startswith("五、存在"))
    props_before = run_props(src, anchor)
    out = tmp_path / "fixed.docx"
    fix(src, out)
    assert changed(src, out) == {anchor: ("五、存在的问题及改进情况", "五、存在的主要问题及改进情况")}
    assert run_props(out, anchor) == props_before
    assert "SEC202" not in codes(out)


def test_sec201_and_sec202_on_one_heading(tmp_path):
    src = save(build(Report(headings={6: "6、其他事项"})), tmp_path / "r.docx")
    found = codes(src)
    assert "SEC201" in found and "SEC202" in found
    out = tmp_path / "fixed.docx"
    fix(src, out)
    assert list(changed(src, out).values()) == [("6、其他事项", "六、其他需要报告的事项")]
    assert "SEC201" not in codes(out) and "SEC202" not in codes(out)


# ----------------------------------------------------------------------- TAB303
def test_tab303_item_markers_in_table_cells(tmp_path):
    relabel = {"1.信访举报投诉类申请": "1、信访举报投诉类申请", "2.重复申请": "2、重复申请"}
    src = save(build(Report(relabel=relabel)), tmp_path / "r.docx")
    assert "TAB303" in codes(src)
    out = tmp_path / "fixed.docx"
    fix(src, out)
    assert sorted(changed(src, out).values()) == [("1、信访举报投诉类申请", "1.信访举报投诉类申请"),
                                                 ("2、重复申请", "2.重复申请")]
    assert "TAB303" not in codes(out)


# ----------------------------------------------------------------------- TTL101
def test_ttl101_title_from_the_signature_and_the_statistics_period(tmp_path):
    doc = build(Report(title="政府信息公开工作年度报告"))
    split_runs(doc.paragraphs[0], [("政府信息公开", {"bold": True, "size": 22, "font": "方正小标宋简体"}),
                                   ("工作年度报告", {"bold": True, "size": 22, "font": "方正小标宋简体"})])
    src = save(doc, tmp_path / "r.docx")
    assert "TTL101" in codes(src)
    anchor = next(a for a, t in places(src).items() if t == "政府信息公开工作年度报告")
    props_before = run_props(src, anchor)
    out = tmp_path / "fixed.docx"
    fix(src, out)
    assert changed(src, out) == {anchor: ("政府信息公开工作年度报告", "区交通运输局2022年政府信息公开工作年度报告")}
    assert run_props(out, anchor) == props_before
    assert "TTL101" not in codes(out)


def test_ttl101_near_miss_phrase(tmp_path):
    src = save(build(Report(title="嘉兴市秀洲区交通运输局2022年政府信息公开年度报告")), tmp_path / "r.docx")
    out = tmp_path / "fixed.docx"
    fix(src, out)
    assert list(changed(src, out).values()) == [("嘉兴市秀洲区交通运输局2022年政府信息公开年度报告",
                                                 "嘉兴市秀洲区交通运输局2022年政府信息公开工作年度报告")]
    assert "TTL101" not in codes(out)


def test_ttl101_not_fixed_when_the_year_is_uncertain(tmp_path):
    src = save(build(Report(title="政府信息公开工作年度报告", period="")), tmp_path / "r.docx")
    proc = run_checker("fix", str(src), "--diff")
    assert proc.returncode == 0 and "TTL101" not in proc.stdout


# ----------------------------------------------------------------------- unsafe: SUM501, TAB401
def test_sum501_blank_total_written_only_with_unsafe_fixes(tmp_path):
    src = save(build(Report(values={"T3.NEW.tot": ""})), tmp_path / "r.docx")
    assert "SUM501" in codes(src)
    safe = run_checker("fix", str(src), "--diff")
    assert "SUM501" not in safe.stdout and "--unsafe-fixes" in safe.stdout
    out = tmp_path / "fixed.docx"
    fix(src, out, "--unsafe-fixes")
    assert list(changed(src, out).values()) == [("", "6")]
    assert "SUM501" not in codes(out)


def test_tab401_blank_cell_every_relation_confirms_zero(tmp_path):
    src = save(build(Report(values={"T3.DENY1.np": "", "T4.REV.fix": ""})), tmp_path / "r.docx")
    assert "TAB401" in codes(src)
    out = tmp_path / "fixed.docx"
    fix(src, out, "--unsafe-fixes")
    assert list(changed(src, out).values()) == [("", "0"), ("", "0")]
    assert "TAB401" not in codes(out)


def test_figure_two_relations_disagree_on_is_never_touched(tmp_path):
    # 本年新收/自然人 written 7: the row total (6) and the column balance disagree with it
    src = save(build(Report(values={"T3.NEW.np": "7", "T3.DENY2.np": ""})), tmp_path / "r.docx")
    assert "SUM501" in codes(src)
    out = tmp_path / "fixed.docx"
    fix(src, out, "--unsafe-fixes")
    diff = changed(src, out)
    assert "7" not in {old for old, _ in diff.values()}
    assert "SUM501" in codes(out)


def test_blank_depending_on_another_blank_is_left(tmp_path):
    """Two blanks in one row: neither is determined by every relation, nothing is written."""
    src = save(build(Report(values={"T3.OPEN.np": "", "T3.OPEN.tot": ""})), tmp_path / "r.docx")
    engine = Engine()
    outcome = fix_bytes(engine, src.read_bytes(), str(src), unsafe=True)
    assert all(d.old.strip() for d in outcome.done), outcome.done


# ----------------------------------------------------------------------- the command
def test_diff_writes_nothing_and_input_is_never_touched(tmp_path):
    src = save(build(Report(headings={6: "6、其他需要报告的事项"})), tmp_path / "r.docx")
    digest = hashlib.sha256(src.read_bytes()).hexdigest()
    proc = run_checker("fix", str(src), "--diff", "--lang", "en")
    assert proc.returncode == 0
    assert "- 6、其他需要报告的事项\n+ 六、其他需要报告的事项" in proc.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.docx"]
    fix(src, tmp_path / "fixed.docx")
    assert hashlib.sha256(src.read_bytes()).hexdigest() == digest
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".fix-")]  # no temporary file left


def test_refuses_the_input_as_output_even_through_a_link(tmp_path):
    src = save(build(Report(headings={6: "6、其他需要报告的事项"})), tmp_path / "r.docx")
    link = tmp_path / "link.docx"
    link.symlink_to(src)
    digest = hashlib.sha256(src.read_bytes()).hexdigest()
    for out in (src, link, tmp_path / "." / "r.docx"):
        proc = run_checker("fix", str(src), "-o", str(out), "--force")
        assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "input" in proc.stderr
        assert "Traceback" not in proc.stderr
    assert hashlib.sha256(src.read_bytes()).hexdigest() == digest


def test_usage_errors_are_one_line(tmp_path):
    src = save(build(Report()), tmp_path / "r.docx")
    taken = tmp_path / "taken.docx"
    taken.write_bytes(b"keep me")
    for args in (("fix", str(src)), ("fix", str(tmp_path / "none.docx"), "--diff"),
                 ("fix", str(src), "--diff", "--select", "NOPE9"), ("fix", str(src), "-o", str(taken)),
                 ("fix", str(src), "-o", str(tmp_path / "out.txt")),
                 ("fix", str(src), "-o", str(tmp_path / "no" / "such" / "out.docx")),
                 ("fix", str(tmp_path), "--diff")):
        proc = run_checker(*args)
        assert proc.returncode == 2 and proc.stderr.count("\n") == 1, (args, proc.stderr)
    assert taken.read_bytes() == b"keep me"


def test_select_ignore_and_old_codes(tmp_path):
    src = save(build(Report(headings={6: "6、其他需要报告的事项", 5: "五、存在的问题及改进情况"})), tmp_path / "r.docx")
    only = run_checker("fix", str(src), "--diff", "--select", "AR201")  # the old code of SEC201
    assert "[SEC201]" in only.stdout and "SEC202" not in only.stdout
    ignored = run_checker("fix", str(src), "--diff", "--ignore", "SEC201")
    assert "[SEC202]" in ignored.stdout and "SEC201" not in ignored.stdout


def test_chinese_messages(tmp_path):
    src = save(build(Report(headings={6: "6、其他需要报告的事项"})), tmp_path / "r.docx")
    proc = run_checker("fix", str(src), "-o", str(tmp_path / "f.docx"), "--lang", "zh")
    assert "第" in proc.stdout and "已修复1项问题" in proc.stdout


def test_nothing_to_fix_writes_nothing(tmp_path):
    src = save(build(Report()), tmp_path / "r.docx")
    proc = run_checker("fix", str(src), "-o", str(tmp_path / "f.docx"))
    assert proc.returncode == 0 and "nothing to fix" in proc.stdout
    assert not (tmp_path / "f.docx").exists()


def test_fixed_copy_opens_in_libreoffice(tmp_path, soffice):
    doc = build(Report(auto_numbering=True, relabel={"2.重复申请": "2、重复申请"}, title="政府信息公开工作年度报告"))
    _decimal_numbering(doc)
    src = save(doc, tmp_path / "r.docx")
    out = tmp_path / "fixed.docx"
    fix(src, out)
    pdf = convert_to_pdf(soffice, out, tmp_path)
    assert pdf.stat().st_size > 1000


def test_fix_error_is_a_checker_error():
    from checker.errors import CheckerError

    assert issubclass(FixError, CheckerError)


def test_rules_and_explain_show_the_fix(tmp_path):
    listing = run_checker("rules", "--output-format", "json")
    import json

    fixes = {r["code"]: r["fix"] for r in json.loads(listing.stdout)}
    assert fixes["SEC201"] == "safe" and fixes["TAB303"] == "safe" and fixes["SUM501"] == "unsafe"
    assert fixes["SEC203"] is None
    text = run_checker("rules", "--lang", "en").stdout
    assert "fix" in text.splitlines()[0]
    assert "Automatic fix (safe" in run_checker("explain", "SEC201", "--lang", "en").stdout
    assert "自动修复（不安全" in run_checker("explain", "TAB401", "--lang", "zh").stdout


@pytest.mark.parametrize("code", ["SEC201", "SEC202", "TAB303", "TTL101", "SUM501", "TAB401"])
def test_every_fixable_code_declares_its_fix(code):
    rule = Engine().registry.rules[code]
    assert rule.fix_applicability in ("safe", "unsafe") and rule.fix_summary.zh and rule.fix_summary.en


def test_the_bundled_example_fixes_clean(tmp_path):
    """docs/drafting.md: the real published report's two slips are fixed, the copy checks clean."""
    src = Path(__file__).resolve().parents[2] / "examples" / "xiuzhou-transport-2020.docx"
    out = tmp_path / "fixed.docx"
    proc = fix(src, out)
    assert "fixed 2 finding(s)" in proc.stdout
    assert codes(src) == ["SEC202", "SEC201"] or sorted(codes(src)) == ["SEC201", "SEC202"]
    assert codes(out) == []
    assert sorted(changed(src, out).values()) == [("6、 其他需要报告的事项", "六、其他需要报告的事项"),
                                                 ("五、存在的问题及改进情况", "五、存在的主要问题及改进情况")]


def test_sec201_numbering_from_the_heading_style(tmp_path):
    """The headings take their number from the Heading 1 style's numbering (as many
    drafters' templates do): the style's list level is fixed, the paragraphs untouched."""
    doc = build(Report(auto_numbering=True))
    _decimal_numbering(doc)
    style = doc.styles["Heading 1"]
    spr = style.element.get_or_add_pPr()
    spr.append(etree.fromstring(f'<w:numPr xmlns:w="{W[1:-1]}"><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'))
    for p in doc.paragraphs:
        numpr = p._p.pPr.find(qn("w:numPr")) if p._p.pPr is not None else None
        if numpr is not None:
            p._p.pPr.remove(numpr)
            p.style = style
    src = save(doc, tmp_path / "r.docx")
    assert codes(src).count("SEC201") == 6
    out = tmp_path / "fixed.docx"
    proc = fix(src, out)
    assert proc.stdout.count("numbering definition") == 6
    assert "SEC201" not in codes(out)
    assert "六、其他需要报告的事项" in changed(src, out)[next(a for a, t in places(src).items()
                                                           if t == "6、其他需要报告的事项")]


@pytest.mark.parametrize("name, code, n_changed", [
    ("huaian-gov-2024.docx", "TAB303", 3),  # 1、 2、 3、 in table 三's (六) rows
    ("shanghai-gov-office-2019.docx", "SEC202", 1),  # 五、政府信息公开工作存在的主要问题及改进情况
    ("xiuzhou-transport-2020.docx", "SEC201", 2),
])
def test_real_reports_of_the_corpus(tmp_path, corpus_dir, name, code, n_changed):
    src = corpus_dir / name
    out = tmp_path / "fixed.docx"
    before = codes(src)
    assert code in before
    fix(src, out)
    diff = changed(src, out)
    assert len(diff) == n_changed
    after = codes(out)
    assert code not in after
    assert all(c in before for c in after)  # nothing new


def _run_props_of_cell_paragraph(path: Path, text: str) -> list[str]:
    anchor = next(a for a, t in places(path).items() if t == text)
    return run_props(path, anchor)


def test_tab303_keeps_the_label_runs_formatting(tmp_path):
    doc = build(Report(relabel={"3.要求提供公开出版物": "3、要求提供公开出版物"}))
    cell_p = next(p for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs
                  if p.text == "3、要求提供公开出版物")
    split_runs(cell_p, [("3", {"size": 10, "font": "宋体"}), ("、要求提供", {"size": 10, "bold": True}),
                        ("公开出版物", {"size": 10})])
    src = save(doc, tmp_path / "r.docx")
    props = _run_props_of_cell_paragraph(src, "3、要求提供公开出版物")
    out = tmp_path / "fixed.docx"
    fix(src, out)
    assert list(changed(src, out).values()) == [("3、要求提供公开出版物", "3.要求提供公开出版物")]
    assert _run_props_of_cell_paragraph(out, "3.要求提供公开出版物") == props
    assert "TAB303" not in codes(out)


def test_unsafe_figure_takes_the_cells_paragraph_formatting(tmp_path):
    """A figure written into an empty cell gets the run properties of the cell paragraph's
    mark (what Word gives text typed there): here 10 pt 宋体."""
    doc = build(Report(values={"T3.NEW.tot": ""}))
    t3 = doc.tables[1]
    target = None
    for row in t3.rows:
        if row.cells[0].text.startswith("一、本年新收"):
            target = row.cells[-1].paragraphs[0]
    mark = etree.fromstring(f'<w:rPr xmlns:w="{W[1:-1]}"><w:rFonts w:eastAsia="宋体"/><w:sz w:val="20"/></w:rPr>')
    target._p.get_or_add_pPr().append(mark)
    src = save(doc, tmp_path / "r.docx")
    out = tmp_path / "fixed.docx"
    fix(src, out, "--unsafe-fixes", "--select", "SUM")
    diff = changed(src, out)
    assert list(diff.values()) == [("", "6")]
    props = run_props(out, next(iter(diff)))
    assert len(props) == 1 and 'w:val="20"' in props[0] and "宋体" in props[0]
