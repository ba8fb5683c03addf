"""Rendered labels of automatic numbering (numbering.xml) and paragraph properties."""

from __future__ import annotations

import pytest

from checker.reader import load_document
from checker.reader.numbering import chinese_number, format_number
from docx_factory import make_docx, p

HEADING_STYLES = """
<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="24"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
  <w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Heading1"/>
  <w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr><w:jc w:val="left"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="MyHead"><w:name w:val="My Head"/><w:basedOn w:val="Heading1"/></w:style>
<w:style w:type="paragraph" w:styleId="Outline3"><w:name w:val="Outline Three"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="character" w:styleId="NotBold"><w:name w:val="Not Bold"/><w:rPr><w:b w:val="0"/></w:rPr></w:style>
"""


def lvl(ilvl, fmt, text, start=1, extra=""):
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>')


CHINESE_OUTLINE = (
    '<w:abstractNum w:abstractNumId="0">'
    + lvl(0, "chineseCounting", "%1、", extra='<w:pStyle w:val="Heading1"/>')
    + lvl(1, "chineseCounting", "（%2）", extra='<w:pStyle w:val="Heading2"/>')
    + lvl(2, "decimal", "%3.", extra='<w:suff w:val="space"/>')
    + lvl(3, "decimal", "%1.%2.%3.%4", extra="<w:isLgl/>")
    + "</w:abstractNum>"
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
)


def load(body, **kw):
    return load_document(make_docx(body, **kw), name="t.docx")


def test_heading_numbered_through_style_reads_like_word():
    doc = load(p("总体情况", style="Heading1") + p("正文") + p("主动公开", style="Heading1"),
               styles=HEADING_STYLES, numbering=CHINESE_OUTLINE)
    h1, body, h2 = doc.paragraphs
    assert (h1.text, h1.numbering_label, h1.content) == ("一、总体情况", "一、", "总体情况")
    assert h1.numbering_level == 0
    assert (h1.style_id, h1.style_name, h1.outline_level) == ("Heading1", "heading 1", 0)
    assert h1.alignment == "center" and h1.bold and h1.font_size == 16.0
    assert body.text == "正文" and body.numbering_label == "" and body.outline_level is None
    assert body.style_id == "Normal" and not body.bold and body.font_size == 12.0
    assert h2.text == "二、主动公开"


def test_multilevel_restart_formats_and_suffix():
    body = (
        p("A", num=(1, 0)) + p("a", num=(1, 1)) + p("b", num=(1, 1))
        + p("x", num=(1, 2)) + p("y", num=(1, 3))
        + p("B", num=(1, 0)) + p("c", num=(1, 1)) + p("z", num=(1, 2))
    )
    doc = load(body, styles=HEADING_STYLES, numbering=CHINESE_OUTLINE)
    labels = [q.numbering_label for q in doc.paragraphs]
    assert labels == ["一、", "（一）", "（二）", "1. ", "1.2.1.1", "二、", "（一）", "1. "]
    assert doc.paragraphs[3].text == "1. x"  # suff=space keeps one space


def test_numbering_via_style_with_level_from_style_and_based_on():
    doc = load(p("甲", style="Heading2") + p("乙", style="MyHead") + p("丙", style="Heading2"),
               styles=HEADING_STYLES, numbering=CHINESE_OUTLINE)
    assert [q.text for q in doc.paragraphs] == ["（一）甲", "一、乙", "（一）丙"]
    assert doc.paragraphs[0].outline_level == 1 and doc.paragraphs[0].alignment == "left"
    # MyHead inherits numbering, bold and heading level from Heading1
    assert doc.paragraphs[1].style_name == "My Head" and doc.paragraphs[1].outline_level == 0
    assert doc.paragraphs[1].bold


def test_ten_and_more_chinese_headings():
    body = "".join(p(f"节{i}", num=(1, 0)) for i in range(1, 23))
    doc = load(body, styles=HEADING_STYLES, numbering=CHINESE_OUTLINE)
    labels = [q.numbering_label for q in doc.paragraphs]
    assert labels[9] == "十、" and labels[10] == "十一、" and labels[19] == "二十、" and labels[20] == "二十一、"


def test_start_override_restarts_only_its_num():
    numbering = (
        '<w:abstractNum w:abstractNumId="5">' + lvl(0, "decimal", "%1.") + lvl(1, "lowerLetter", "%2)") + "</w:abstractNum>"
        '<w:num w:numId="1"><w:abstractNumId w:val="5"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="5"/></w:num>'
        '<w:num w:numId="3"><w:abstractNumId w:val="5"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        '<w:num w:numId="4"><w:abstractNumId w:val="5"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/></w:lvlOverride></w:num>'
    )
    body = (p("a", num=(1, 0)) + p("b", num=(1, 0)) + p("c", num=(2, 0))  # 2 shares the abstract: continues
            + p("d", num=(3, 0)) + p("e", num=(3, 0)) + p("f", num=(3, 1))  # 3 restarts at 1
            + p("g", num=(4, 0)) + p("h", num=(1, 0)))
    doc = load(body, numbering=numbering)
    assert [q.numbering_label for q in doc.paragraphs] == ["1.", "2.", "3.", "1.", "2.", "a)", "7.", "4."]


def test_start_value_lvl_restart_and_level_override():
    numbering = (
        '<w:abstractNum w:abstractNumId="0">'
        + lvl(0, "upperRoman", "%1.", start=3)
        + lvl(1, "decimal", "%2", extra='<w:lvlRestart w:val="0"/>')
        + lvl(2, "ideographTraditional", "%3", )
        + "</w:abstractNum>"
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/>'
        '<w:lvlOverride w:ilvl="2">' + lvl(2, "ideographZodiac", "%3)") + "</w:lvlOverride></w:num>"
    )
    body = (p("", num=(1, 0)) + p("", num=(1, 1)) + p("", num=(1, 0)) + p("", num=(1, 1))
            + p("", num=(1, 2)) + p("", num=(1, 2)))
    doc = load(body, numbering=numbering)
    assert [q.numbering_label for q in doc.paragraphs] == ["III.", "1", "IV.", "2", "子)", "丑)"]


def test_num_style_link_and_unknown_or_zero_num():
    styles = HEADING_STYLES + (
        '<w:style w:type="numbering" w:styleId="ListZh"><w:name w:val="List Zh"/>'
        '<w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>'
    )
    numbering = (
        '<w:abstractNum w:abstractNumId="1"><w:styleLink w:val="ListZh"/>'
        + lvl(0, "chineseLegalSimplified", "第%1章") + "</w:abstractNum>"
        '<w:abstractNum w:abstractNumId="2"><w:numStyleLink w:val="ListZh"/></w:abstractNum>'
        '<w:num w:numId="7"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="8"><w:abstractNumId w:val="2"/></w:num>'
    )
    body = p("a", num=(8, 0)) + p("b", num=(8, 0)) + p("c", num=(99, 0)) + p("d", num=(0, 0))
    doc = load(body, styles=styles, numbering=numbering)
    assert [q.text for q in doc.paragraphs] == ["第壹章a", "第贰章b", "c", "d"]


def test_bullets_none_and_suffix_nothing():
    numbering = (
        '<w:abstractNum w:abstractNumId="0">'
        + lvl(0, "bullet", "●", extra='<w:suff w:val="nothing"/>')
        + lvl(1, "none", "", extra='<w:suff w:val="space"/>')
        + lvl(2, "decimalEnclosedCircle", "%3")
        + "</w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
    )
    doc = load(p("要点", num=(1, 0)) + p("无号", num=(1, 1)) + p("圈", num=(1, 2)), numbering=numbering)
    assert [q.text for q in doc.paragraphs] == ["●要点", "无号", "①圈"]


def test_level_text_naming_a_deeper_level_or_missing_shows_no_label():
    numbering = (
        '<w:abstractNum w:abstractNumId="0">' + lvl(0, "decimal", "%1.%2") + lvl(1, "decimal", "%1.%2")
        + '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/></w:lvl>'
        + "</w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
    )
    doc = load(p("a", num=(1, 0)) + p("b", num=(1, 1)) + p("c", num=(1, 2)) + p("d", num=(1, 5)), numbering=numbering)
    assert [q.text for q in doc.paragraphs] == ["a", "1.1b", "c", "d"]


@pytest.mark.parametrize(
    "n, fmt, expected",
    [
        (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCounting", "十一"),
        (20, "chineseCounting", "二十"), (21, "chineseCounting", "二十一"), (10, "chineseCountingThousand", "十"),
        (105, "chineseCountingThousand", "一百零五"), (3, "chineseLegalSimplified", "叁"),
        (12, "chineseLegalSimplified", "壹拾贰"), (1, "ideographTraditional", "甲"), (4, "ideographTraditional", "丁"),
        (3, "ideographZodiac", "寅"), (5, "decimalZero", "05"), (12, "decimalZero", "12"),
        (7, "decimalFullWidth", "７"), (2, "decimalEnclosedCircle", "②"), (3, "decimalEnclosedParen", "⑶"),
        (27, "upperLetter", "AA"), (2, "lowerLetter", "b"), (9, "upperRoman", "IX"), (14, "lowerRoman", "xiv"),
        (4, "decimal", "4"), (4, "somethingNew", "4"),
    ],
)
def test_format_number(n, fmt, expected):
    assert format_number(n, fmt) == expected


def test_chinese_number_zeros():
    assert [chinese_number(n) for n in (100, 101, 110, 1001, 10010)] == ["一百", "一百零一", "一百一十", "一千零一", "一万零一十"]


def test_bold_and_size_resolution_through_run_styles():
    styles = HEADING_STYLES
    body = (
        '<w:p><w:r><w:rPr><w:rStyle w:val="Strong"/></w:rPr><w:t>全</w:t></w:r>'
        '<w:r><w:rPr><w:b/></w:rPr><w:t>粗</w:t></w:r><w:r><w:t xml:space="preserve">  </w:t></w:r></w:p>'
        '<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>半</w:t></w:r><w:r><w:t>细</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:rPr><w:rStyle w:val="NotBold"/><w:sz w:val="28"/></w:rPr><w:t>题</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:pStyle w:val="Outline3"/><w:outlineLvl w:val="9"/></w:pPr><w:r><w:t>正文级</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:pStyle w:val="Outline3"/></w:pPr><w:r><w:t>三级</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:pStyle w:val="Missing"/><w:jc w:val="both"/></w:pPr><w:r><w:t>x</w:t></w:r></w:p>'
    )
    doc = load(body, styles=styles, numbering=CHINESE_OUTLINE)
    a, b, c, d, e, f = doc.paragraphs
    assert a.bold and a.font_size == 12.0 and a.text == "全粗  "
    assert not b.bold
    assert not c.bold and c.font_size == 14.0 and c.text == "一、题"
    assert d.outline_level is None and e.outline_level == 2
    assert f.style_id == "Missing" and f.alignment == "both" and f.outline_level is None


# --- bounds (issue 17): a few kilobytes of numbering.xml must not build gigabytes ------


def one_level(fmt, text, start):
    return (f'<w:abstractNum w:abstractNumId="0">{lvl(0, fmt, text, start=start)}</w:abstractNum>'
            '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>')


def _cut(label, cap=64):  # Limits.max_label_chars
    return label if len(label) <= cap else label[: cap - 1] + "…"


@pytest.mark.parametrize("start, first, second", [
    # clamped to 32767 (1,261 letters, then cut), and the counter stays there
    ("1000000", "G" * 1261 + ".", "G" * 1261 + "."),  # 10^11 is in tests/security (rlimited)
    ("32767", "G" * 1261 + ".", "G" * 1261 + "."),
    ("-100000000000", "-32767.", "-32766."),
    ("27", "AA.", "BB."),
])
def test_start_is_clamped_to_words_counter_range(start, first, second):
    doc = load(p("x", num=(1, 0)) + p("y", num=(1, 0)), numbering=one_level("upperLetter", "%1.", start))
    one, two = doc.paragraphs
    assert one.numbering_label == _cut(first) and one.text == _cut(first) + "x"
    assert two.numbering_label == _cut(second)


def test_long_lvl_text_is_cut_while_rendered():
    doc = load(p("x", num=(1, 0)) * 3, numbering=one_level("decimal", "%1" * 30000, "1"))
    assert [q.numbering_label for q in doc.paragraphs] == ["1" * 63 + "…", "2" * 63 + "…", "3" * 63 + "…"]


def test_label_cap_is_a_limit():
    from checker.reader import Limits

    data = make_docx(p("x", num=(1, 0)), numbering=one_level("decimal", "第%1条第%1款", "7"))
    assert load_document(data, name="t.docx").paragraphs[0].numbering_label == "第7条第7款"
    short = load_document(data, name="t.docx", limits=Limits(max_label_chars=4))
    assert short.paragraphs[0].numbering_label == "第7条…"
