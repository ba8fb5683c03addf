"""Mutators and targets for fuzzing the reader and the engine with real .docx files.

Two families of mutants, both built from the corpus (and a .docm):

* zip mutants: bytes of the package flipped, overwritten, cut, inserted, and zip
  header fields (sizes, offsets, counts, flags, methods) set to edge values;
* XML mutants: one part (document, styles, numbering, relationships, content
  types, core properties) changed as a tree (elements deleted, duplicated, moved,
  wrapped in tables or content controls hundreds deep, attributes set to nasty
  values, text replaced) or as bytes (markup tokens spliced in), then re-zipped.

A target passes when it returns a result or raises a clean one-line InputError;
anything else (another exception, a rule crash, a line break in a reason) fails.
Used by test_fuzz.py (short, in CI) and fuzz_long.py (long, by hand).
"""

from __future__ import annotations

import copy
import io
import zipfile
from functools import lru_cache

import hostile
from hypothesis import strategies as st
from lxml import etree

from checker.errors import InputError
from checker.reader import load_document

W = hostile.W
XML_PARTS = (
    "word/document.xml", "word/document.xml", "word/document.xml",  # weighted: the main target
    "word/styles.xml", "word/numbering.xml", "word/settings.xml", "word/_rels/document.xml.rels",
    "_rels/.rels", "[Content_Types].xml", "docProps/core.xml", "docProps/app.xml",
)
ATTRS = ["val", "gridSpan", "vMerge", "numId", "ilvl", "outlineLvl", "sz", "jc", "styleId", "type",
         "id", "w", "hint", "ascii", "eastAsia", "fldCharType", "instr", "abstractNumId", "start",
         "lvlText", "numFmt", "Target", "Type", "TargetMode", "PartName", "ContentType", "gridCol"]
VALUES = ["", "0", "-1", "1", "2", "9", "10", "999999999", "-2147483649", "18446744073709551616",
          "1e308", "NaN", "inf", "restart", "continue", "true", "false", "on", "off", "%1.%2.%9.%10",
          "%", "%%%", "../../../../etc/passwd", "file:///etc/passwd", "http://127.0.0.1:9/x",
          "External", "/word/document.xml", "word/document.xml", "..", "中文", "六、", "\u202e",
          "\x00", "a" * 5000, "\ud800", "decimal", "chineseCounting", "bullet", "Heading1", "Normal"]
TEXTS = ["", " ", "六、其他需要报告的事项", "2021年1月15日", "1+1=3", "—", "\u3000" * 50, "\t\t",
         "一、二、三、", "总计", "（一）", "9" * 400, "&<>\"'", "\ufeff", "\u200b" * 20]
SNIPPETS = [
    f'<w:tbl xmlns:w="{W}"><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>',
    f'<w:tbl xmlns:w="{W}"><w:tblGrid><w:gridCol w:w="1"/></w:tblGrid><w:tr><w:tc><w:tcPr><w:gridSpan w:val="50"/>'
    f'<w:vMerge w:val="restart"/></w:tcPr><w:p/></w:tc></w:tr><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr></w:tc></w:tr></w:tbl>',
    f'<w:tr xmlns:w="{W}"><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr>',
    f'<w:tc xmlns:w="{W}"><w:tcPr><w:gridSpan w:val="0"/></w:tcPr></w:tc>',
    f'<w:p xmlns:w="{W}"><w:pPr><w:numPr><w:ilvl w:val="8"/><w:numId w:val="7"/></w:numPr></w:pPr></w:p>',
    f'<w:p xmlns:w="{W}"><w:pPr><w:pStyle w:val="Heading1"/><w:outlineLvl w:val="9"/></w:pPr>'
    f'<w:r><w:t>六、</w:t></w:r></w:p>',
    f'<w:r xmlns:w="{W}"><w:fldChar w:fldCharType="begin"/></w:r>',
    f'<w:r xmlns:w="{W}"><w:fldChar w:fldCharType="end"/></w:r>',
    f'<w:r xmlns:w="{W}"><w:instrText> DATE \\@ "yyyy年M月d日" </w:instrText></w:r>',
    f'<w:ins xmlns:w="{W}" w:id="1" w:author="x"><w:r><w:t>new</w:t></w:r></w:ins>',
    f'<w:del xmlns:w="{W}" w:id="2" w:author="x"><w:r><w:delText>old</w:delText></w:r></w:del>',
    f'<w:sdt xmlns:w="{W}"><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:p/></w:sdtContent></w:sdt>',
    f'<w:hyperlink xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    f'r:id="rId999"><w:r><w:t>link</w:t></w:r></w:hyperlink>',
    f'<w:altChunk xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/>',
    f'<w:sectPr xmlns:w="{W}"/>',
    f'<w:br xmlns:w="{W}" w:type="page"/>',
    f'<w:style xmlns:w="{W}" w:type="paragraph" w:styleId="Normal"><w:basedOn w:val="Normal"/></w:style>',
    f'<w:num xmlns:w="{W}" w:numId="7"><w:abstractNumId w:val="7"/></w:num>',
    '<Relationship xmlns="http://schemas.openxmlformats.org/package/2006/relationships" Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="../../../etc/passwd" '
    'TargetMode="External"/>',
]
TOKENS = [b"<", b">", b"</w:p>", b"<w:p>", b"<w:tbl>", b"</w:tbl>", b"<w:tc>", b"</w:tr>", b"&amp;", b"&#0;",
          b"&#x110000;", b"&bogus;", b"<!--", b"-->", b"<![CDATA[", b"]]>", b"<?pi x?>", b'"', b"'", b"=",
          b"xmlns:w=\"urn:x\"", b"\x00", b"\xff\xfe", b"\xe4\xb8", b"<!DOCTYPE x>", b"<!ENTITY a 'b'>",
          b"\r\n", b"w:val=\"-1\"", b"<w:gridSpan w:val=\"99999\"/>"]
EDGE_INTS = [0, 1, 0x7F, 0x80, 0xFF, 0xFFFF, 0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, 30, 46, 0xFFFE]
SIGNATURES = (b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06", b"PK\x06\x06", b"PK\x06\x07")


@lru_cache(maxsize=None)
def seeds() -> tuple[bytes, ...]:
    files = sorted(hostile.CORPUS.glob("*.docx"))
    return tuple(f.read_bytes() for f in files) + (hostile.docm_with_macros(),)


@lru_cache(maxsize=None)
def seed_members(i: int) -> dict[str, bytes]:
    return hostile.members(seeds()[i])


def _pos(draw, n: int) -> int:
    return draw(st.integers(0, max(n - 1, 0)))


@st.composite
def zip_mutants(draw) -> bytes:
    data = bytearray(seeds()[draw(st.integers(0, len(seeds()) - 1))])
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "overwrite", "truncate", "insert", "delete", "field", "field", "field"]))
        n = len(data)
        if n == 0:
            break
        if op == "flip":
            i = _pos(draw, n)
            data[i] ^= 1 << draw(st.integers(0, 7))
        elif op == "overwrite":
            i = _pos(draw, n)
            chunk = draw(st.binary(min_size=1, max_size=64))
            data[i : i + len(chunk)] = chunk
        elif op == "truncate":
            del data[_pos(draw, n):]
        elif op == "insert":
            data[_pos(draw, n):0] = draw(st.binary(min_size=1, max_size=256))
        elif op == "delete":
            i = _pos(draw, n)
            del data[i : i + draw(st.integers(1, 512))]
        else:  # a header field of one zip record, set to an edge value
            sig = draw(st.sampled_from(SIGNATURES))
            found = [i for i in range(n) if data.startswith(sig, i)] if sig in data else []
            if not found:
                continue
            at = found[_pos(draw, len(found))] + draw(st.integers(4, 44))
            width = draw(st.sampled_from([2, 4]))
            value = draw(st.sampled_from(EDGE_INTS)) & ((1 << (8 * width)) - 1)
            data[at : at + width] = value.to_bytes(width, "little")
    return bytes(data)


def _tree_mutate(draw, xml: bytes) -> bytes:
    try:
        root = etree.fromstring(xml)
    except etree.XMLSyntaxError:
        return xml
    for _ in range(draw(st.integers(1, 8))):
        elements = list(root.iter(etree.Element))
        el = elements[_pos(draw, len(elements))]
        parent = el.getparent()
        op = draw(st.sampled_from(["delete", "dup", "move", "attr", "unattr", "text", "wrap", "insert", "insert"]))
        if op == "delete" and parent is not None:
            parent.remove(el)
        elif op == "dup" and parent is not None:
            for _ in range(draw(st.integers(1, 20))):
                parent.insert(parent.index(el), copy.deepcopy(el))
        elif op == "move" and parent is not None:
            target = elements[_pos(draw, len(elements))]
            if el not in target.iterancestors() and target is not el:
                parent.remove(el)
                target.insert(_pos(draw, len(target) + 1), el)
        elif op == "attr":
            ns = draw(st.sampled_from([f"{{{W}}}", ""]))
            el.set(ns + draw(st.sampled_from(ATTRS)), draw(st.sampled_from(VALUES)).replace("\x00", "").replace("\ud800", "?"))
        elif op == "unattr" and el.attrib:
            del el.attrib[sorted(el.attrib)[_pos(draw, len(el.attrib))]]
        elif op == "text":
            el.text = draw(st.sampled_from(TEXTS))
        elif op == "wrap" and parent is not None:
            kind = draw(st.sampled_from([("tbl", "tr", "tc"), ("sdt", "sdtContent"), ("ins",), ("hyperlink",)]))
            inner = el
            index = parent.index(el)
            parent.remove(el)
            for _ in range(draw(st.integers(1, 120))):
                outer = etree.Element(f"{{{W}}}{kind[0]}")
                cur = outer
                for name in kind[1:]:
                    cur = etree.SubElement(cur, f"{{{W}}}{name}")
                cur.append(inner)
                inner = outer
            parent.insert(index, inner)
        elif op == "insert":
            snippet = etree.fromstring(draw(st.sampled_from(SNIPPETS)))
            el.insert(_pos(draw, len(el) + 1), snippet)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _bytes_mutate(draw, xml: bytes) -> bytes:
    data = bytearray(xml)
    for _ in range(draw(st.integers(1, 6))):
        n = len(data)
        op = draw(st.sampled_from(["token", "token", "delete", "dup", "truncate"]))
        if op == "token":
            data[_pos(draw, n + 1):0] = draw(st.sampled_from(TOKENS))
        elif op == "delete":
            i = _pos(draw, n)
            del data[i : i + draw(st.integers(1, 200))]
        elif op == "dup":
            i = _pos(draw, n)
            j = i + draw(st.integers(1, 2000))
            data[j:j] = data[i:j]
        else:
            del data[_pos(draw, n):]
    return bytes(data)


@st.composite
def xml_mutants(draw) -> bytes:
    i = draw(st.integers(0, len(seeds()) - 1))
    parts = dict(seed_members(i))
    name = draw(st.sampled_from(XML_PARTS))
    if name not in parts:
        name = "word/document.xml"
    mutate = _tree_mutate if draw(st.booleans()) else _bytes_mutate
    parts[name] = mutate(draw, parts[name])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for part, data in parts.items():
            z.writestr(part, data)
    return buf.getvalue()


mutants = st.one_of(zip_mutants(), xml_mutants())


def check_reader(data: bytes) -> str:
    """The reader on one mutant: 'ok' or 'input-error'; anything else propagates (a failure)."""
    try:
        load_document(data, name="fuzz.docx")
    except InputError as exc:
        assert "\n" not in str(exc) and "\r" not in str(exc), str(exc)
        return "input-error"
    return "ok"


def check_engine(engine, data: bytes) -> str:
    """The whole engine on one mutant: a result (findings or an input error), never a crash."""
    result = engine.check_bytes(data, name="fuzz.docx")
    if result.error is not None:
        assert "\n" not in result.error, result.error
        assert [f.category.value if hasattr(f.category, "value") else f.category for f in result.findings] == ["input"]
        return "input-error"
    crashed = [f for f in result.findings if "the rule crashed" in f.message.en]
    assert not crashed, crashed[0].message.en
    return "ok"
