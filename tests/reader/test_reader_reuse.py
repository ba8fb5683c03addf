"""Style sheets are reused between packages with the same styles part (a batch of reports
made from one template), and reuse never changes what is read."""

from __future__ import annotations

import dataclasses

import pytest
from docx_factory import make_docx, p

from checker.errors import InputError
from checker.reader import Limits, load_document
from checker.reader import document as reader_document

STYLES = """
<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="28"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
  <w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>
"""


@pytest.fixture(autouse=True)
def empty_cache():
    reader_document._STYLES_CACHE.clear()
    yield
    reader_document._STYLES_CACHE.clear()


def _fresh(data: bytes, **kw):
    reader_document._STYLES_CACHE.clear()
    return load_document(data, **kw)


def test_same_styles_part_is_read_once_and_reads_the_same():
    a = make_docx(p("一、总体情况", style="Heading1") + p("正文"), styles=STYLES)
    b = make_docx(p("二、主要问题", style="Heading1") + p("正文二"), styles=STYLES)
    first = load_document(a)
    assert len(reader_document._STYLES_CACHE) == 1
    second = load_document(b)
    assert len(reader_document._STYLES_CACHE) == 1  # reused, not parsed again
    assert dataclasses.asdict(first) == dataclasses.asdict(_fresh(a))
    assert dataclasses.asdict(second) == dataclasses.asdict(_fresh(b))
    assert second.paragraphs[0].bold and second.paragraphs[0].font_size == 16.0
    assert second.paragraphs[1].font_size == 14.0


def test_other_styles_or_limits_are_not_shared():
    load_document(make_docx(p("x"), styles=STYLES))
    load_document(make_docx(p("x"), styles=STYLES.replace('w:val="28"', 'w:val="24"')))
    load_document(make_docx(p("x"), styles=STYLES), limits=Limits(max_xml_depth=100))
    assert len(reader_document._STYLES_CACHE) == 3


def test_cache_is_bounded():
    for size in range(20, 20 + 2 * (reader_document._STYLES_CACHE_ENTRIES + 3), 2):
        load_document(make_docx(p("x"), styles=STYLES.replace('w:val="28"', f'w:val="{size}"')))
    assert len(reader_document._STYLES_CACHE) == reader_document._STYLES_CACHE_ENTRIES


def test_refused_styles_are_refused_every_time_and_never_kept():
    bad = make_docx(p("x"), styles=STYLES + "<w:style>")
    for _ in range(2):
        with pytest.raises(InputError, match="styles.xml"):
            load_document(bad)
    assert not reader_document._STYLES_CACHE
    # a package that passed once is checked again under stricter limits (the cache skips no check)
    good = make_docx(p("x"), styles=STYLES)
    load_document(good)
    with pytest.raises(InputError, match="too many XML elements"):
        load_document(good, limits=Limits(max_xml_elements=5))


def test_cache_keeps_a_bounded_number_of_bytes(monkeypatch):
    monkeypatch.setattr(reader_document, "_STYLES_CACHE_TOTAL_BYTES", 1)
    for size in (20, 22, 24):
        load_document(make_docx(p("x"), styles=STYLES.replace('w:val="28"', f'w:val="{size}"')))
        assert len(reader_document._STYLES_CACHE) == 1  # only the newest, however large
