"""The document reader on hostile inputs: only InputError, whatever the nesting or damage."""

from __future__ import annotations

import hostile
import pytest

from checker.errors import InputError
from checker.reader import load_document


@pytest.mark.parametrize("case", sorted(hostile.BROKEN))
def test_reader_raises_only_input_error(case, bomb_bytes):
    build, expected = hostile.BROKEN[case]
    with pytest.raises(InputError) as info:
        load_document(bomb_bytes if case == "bomb" else build(), name=f"{case}.docx")
    assert expected in str(info.value)


@pytest.mark.parametrize("depth", [1, 5, 20, 40, 60, 75, 80, 81, 84, 85, 100, 3000])
def test_nested_tables_any_depth(depth):
    try:
        doc = load_document(hostile.nested_tables(depth), name="nested.docx")
    except InputError as exc:
        assert "deeper than" in str(exc) or "nesting" in str(exc)
        assert depth > 40, "real reports nest tables 2 or 3 deep: these must be read"
    else:
        assert doc.tables


def test_deeply_nested_paragraph_content():
    # sdt / hyperlink / smartTag wrappers nested far deeper than any real document
    wrap_open = b"<w:sdt><w:sdtContent>" * 60
    wrap_close = b"</w:sdtContent></w:sdt>" * 60
    body = wrap_open + b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" + wrap_close
    try:
        load_document(hostile.xxe(hostile.document(body)), name="deep.docx")
    except InputError:
        pass


def test_docm_macros_noted_not_read(monkeypatch):
    from checker.reader import package

    read = []
    original = package.Package.read

    def spy(self, part):
        read.append(part)
        return original(self, part)

    monkeypatch.setattr(package.Package, "read", spy)
    doc = load_document(hostile.docm_with_macros(), name="macro.docm")
    assert any(c.kind == "macro" for c in doc.constructs)
    assert not any("vbaproject" in p.lower() for p in read)


def test_large_report_reads():
    doc = load_document(hostile.large_report(30), name="large.docx")
    assert len(doc.paragraphs) > 500
