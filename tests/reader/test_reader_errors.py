"""Bad inputs end in InputError with a one-line reason, never another exception."""

from __future__ import annotations

import io
import zipfile

import pytest

from checker.errors import InputError
from checker.reader import Limits, load_document
from docx_factory import make_docx, p, tbl, tc, tr


def nested_tables(depth: int) -> str:
    """``depth`` tables each inside the single cell of the previous one."""
    opening, closing = tbl(tr(tc("@@" + p(""), raw=True))).split("@@")
    return opening * depth + p("最里") + closing * depth


def reason(data, **kw) -> str:
    with pytest.raises(InputError) as info:
        load_document(data, name="bad.docx", **kw)
    msg = str(info.value)
    assert "\n" not in msg and msg.startswith("bad.docx: ")
    return info.value.reason


def test_moderate_nesting_is_read():
    doc = load_document(make_docx(nested_tables(20)), name="n.docx")
    t = doc.tables[0]
    depth = 0
    while t.cell(0, 0).tables:
        t = t.cell(0, 0).tables[0]
        depth += 1
        assert t.nesting == depth
    assert depth == 19 and t.cell(0, 0).paragraphs[0].text == "最里"
    assert len(doc.constructs_of("nested_table")) == 19


def test_thousands_deep_tables_are_refused_not_crashing():
    assert "nest" in reason(make_docx(nested_tables(3000)))


def test_depth_cap_from_limits():
    limits = Limits(max_xml_depth=40)
    assert "deeper than 40" in reason(make_docx(nested_tables(15)), limits=limits)


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for k, v in parts.items():
            z.writestr(k, v)
    return buf.getvalue()


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", "empty"),
        (b"%PDF-1.7 ...", "PDF"),
        (b"just text", ".docx"),
        (b"PK\x03\x04 truncated zip", "zip"),
        (_zip({"word/document.xml": b"<w:document"}), "XML"),
        (_zip({"word/document.xml": b'<x xmlns="urn:x"/>'}), "Word"),
        (_zip({"word/document.xml": b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'}), "body"),
        (_zip({"word/document.xml": b'<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body/></w:document>'}), "Strict"),
    ],
)
def test_bad_packages(data, words):
    assert words.lower() in reason(data).lower()


def test_malformed_styles_numbering_and_rels_are_input_errors():
    assert "styles" in reason(make_docx(p("x"), styles="<w:style"))
    assert "numbering" in reason(make_docx(p("x"), numbering="<w:num"))
    good = make_docx(p("x"))
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "_rels/.rels":
                data = b"<Relationships"
            dst.writestr(item, data)
    assert "rels" in reason(buf.getvalue())


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError):
        load_document(tmp_path / "nope.docx")
    with pytest.raises(InputError):
        load_document(tmp_path)


def test_odd_but_valid_markup_does_not_crash():
    body = (
        '<w:p><w:pPr><w:numPr><w:ilvl w:val="x"/><w:numId w:val="3"/></w:numPr><w:outlineLvl w:val="q"/></w:pPr>'
        '<w:r><w:rPr><w:sz w:val="big"/></w:rPr><w:t>ok</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/><w:fldChar w:fldCharType="separate"/><w:sym w:char="zz"/></w:r></w:p>'
        + tbl(tr(tc("a", span=0), tc("b"), before=-2), tr('<w:tc><w:tcPr><w:gridSpan w:val="1e9"/></w:tcPr></w:tc>'))
    )
    numbering = '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="-1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num>'
    doc = load_document(make_docx(body, numbering=numbering), name="odd.docx")
    assert doc.paragraphs[0].content == "ok"
    assert doc.tables[0].cell(0, 0).text == "a"


def test_walker_has_its_own_depth_guard():
    """Even if a parsed tree reaches it, the walker refuses nesting beyond its cap."""
    from lxml import etree

    from checker.reader.body import Walker
    from checker.reader.styles import StyleSheet
    from docx_factory import NAMESPACES

    xml = f'<w:body {" ".join(f"xmlns:{k}={chr(34)}{v}{chr(34)}" for k, v in NAMESPACES.items())}>{nested_tables(5)}</w:body>'
    body = etree.fromstring(xml)
    walker = Walker("w.docx", StyleSheet(), None, {}, max_depth=10)
    with pytest.raises(InputError, match="deeper than 10"):
        walker.walk_blocks(body, [], 1, "/w:body")
    out: list = []
    Walker("w.docx", StyleSheet(), None, {}, max_depth=64).walk_blocks(body, out, 1, "/w:body")
    assert out[0].nesting == 0 and out[0].cell(0, 0).tables[0].nesting == 1


def test_style_and_numbering_cycles_terminate():
    styles = (
        '<w:style w:type="paragraph" w:styleId="A"><w:name w:val="A"/><w:basedOn w:val="B"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="B"><w:name w:val="heading 2"/><w:basedOn w:val="A"/>'
        '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
    )
    numbering = (
        '<w:abstractNum w:abstractNumId="0"><w:numStyleLink w:val="B"/></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    )
    doc = load_document(make_docx(p("x", style="A"), styles=styles, numbering=numbering), name="c.docx")
    (para,) = doc.paragraphs
    assert para.content == "x" and para.outline_level == 1 and para.style_name == "A"
