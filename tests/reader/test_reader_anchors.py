"""Anchors (XPaths of paragraphs, tables, cells) are exactly lxml's ``getpath``, built in linear time.

``--annotate`` evaluates these strings in python-docx's tree of the same part, so
they must be the very strings ``getpath`` writes, whatever the prefixes: ``w:``,
another prefix bound to the same namespace, the default namespace (``*`` steps,
counted among all element siblings) or no namespace.
"""

from __future__ import annotations

import random

import pytest
from lxml import etree

from checker.reader import load_document
from checker.reader.anchors import Paths
from docx_factory import make_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

TREES = {
    "prefixed": f'<w:document xmlns:w="{W}"><w:body><w:p/><w:p><w:r/></w:p><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl></w:body></w:document>',
    "default": f'<document xmlns="{W}"><body><p/><p><r/><r/></p><tbl/><p/></body></document>',
    "mixed": (
        f'<document xmlns="{W}" xmlns:w="{W}" xmlns:v="{W}"><body><p/><w:p/><v:p/><w:p/>'
        f'<x:p xmlns:x="urn:other"/><p/><plain xmlns=""/><plain xmlns=""/><w:p xmlns:w="urn:other"/></body></document>'
    ),
    "one-child": f'<document xmlns="{W}"><body><p><r><t>x</t></r></p></body></document>',
}


@pytest.mark.parametrize("case", sorted(TREES))
def test_paths_equal_getpath_in_any_order(case):
    root = etree.fromstring(TREES[case])
    tree = root.getroottree()
    elements = list(root.iter())
    random.Random(17).shuffle(elements)
    paths = Paths()
    for el in elements:
        assert paths.path(el) == tree.getpath(el)
        assert paths.path(el) == tree.getpath(el)  # memoised, still the same


def _document(body: str) -> bytes:
    # one prefix only: an XPath step "w:p" matches by namespace, so in a part that mixes
    # prefixes getpath's own strings can match more than one element
    doc = f'<?xml version="1.0" encoding="UTF-8"?><document xmlns="{W}"><body>{body}</body></document>'
    return make_docx("", extra_parts={"word/document.xml": doc.encode()})


def test_model_anchors_in_the_default_namespace_resolve_to_their_elements():
    body = (
        "<p><r><t>one</t></r></p><p><r><t>two</t></r></p><bookmarkStart/>"
        "<tbl><tr><tc><p><r><t>cell</t></r></p></tc><tc><p/><p><r><t>second</t></r></p></tc></tr></tbl>"
        "<sdt><sdtContent><p><r><t>in sdt</t></r></p></sdtContent></sdt><p><r><t>last</t></r></p>"
    )
    doc = load_document(_document(body), name="t.docx")
    root = etree.fromstring(_document_xml(_document(body)))
    tree = root.getroottree()
    by_text = {"".join(p.itertext()): tree.getpath(p) for p in root.iter(f"{{{W}}}p")}
    anchored = [(q.text, q.anchor) for q in doc.paragraphs] + [
        (q.text, q.anchor) for t in doc.tables for c in t.cells() for q in c.paragraphs
    ]
    assert anchored, "the document was read"
    for text, anchor in anchored:
        if text:
            assert anchor == by_text[text], text
        (found,) = tree.xpath(anchor, namespaces={"w": W})
        assert found.tag == f"{{{W}}}p"
    (table,) = doc.tables
    assert table.anchor == "/*/*/*[4]" and table.cell(0, 1).anchor == "/*/*/*[4]/*/*[2]"


def _document_xml(doc_bytes: bytes) -> bytes:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(doc_bytes)) as z:
        return z.read("word/document.xml")
