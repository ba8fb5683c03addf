"""StyleSheet: styles are read from their elements on first use, with the same results
as reading them all up front (first definition of an id wins, first default wins)."""

from __future__ import annotations

from lxml import etree

from checker.reader.styles import StyleSheet

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def sheet(body: str) -> StyleSheet:
    return StyleSheet(etree.fromstring(f'<w:styles xmlns:w="{W}">{body}</w:styles>'))


STYLES = """
<w:docDefaults><w:pPrDefault><w:pPr><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="character" w:default="1" w:styleId="DefaultFont"><w:name w:val="Default Font"/></w:style>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>
  <w:rPr><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:default="1" w:styleId="Other"><w:name w:val="Second default"/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/>
  <w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Duplicate title"/>
  <w:pPr><w:jc w:val="right"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Missing"/></w:style>
<w:style w:type="paragraph" w:styleId="Loop"><w:name w:val="Loop"/><w:basedOn w:val="Loop"/></w:style>
<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>
"""


def test_defaults_are_the_first_default_of_each_type():
    s = sheet(STYLES)
    assert s.default_paragraph == "Normal"
    assert s.default_character == "DefaultFont"
    assert s.paragraph(None).style_id == "Normal"
    assert s.paragraph(None).size == 16


def test_first_definition_of_an_id_wins():
    s = sheet(STYLES)
    title = s.paragraph("Title")
    assert title.name == "Title"
    assert title.jc == "center" and title.bold is True and title.size == 16  # size through basedOn Normal
    assert s.name_of("Title") == "Title"


def test_membership_names_and_unknown_styles():
    s = sheet(STYLES)
    assert "Strong" in s and "Heading1" in s and "Nope" not in s
    assert s.name_of("Nope") == ""
    assert s.paragraph("Heading1").outline_level == 0  # by its name; basedOn an undefined style
    assert s.paragraph("Loop").name == "Loop"  # a basedOn cycle ends
    assert s.paragraph("Normal").jc == "both"  # from docDefaults
    assert s.run("Strong").bold is True and s.run("Nope").bold is None


def test_an_empty_sheet():
    s = StyleSheet()
    assert s.default_paragraph == "" and "Normal" not in s
    assert s.paragraph(None).style_id == ""
