"""Markup a person does not see as such: content controls, text boxes, fields, revisions..."""

from __future__ import annotations

from datetime import datetime, timezone

from checker.reader import load_document
from docx_factory import make_docx, p, r, tbl, tc, tr


def load(body, **kw):
    return load_document(make_docx(body, **kw), name="t.docx")


def texts(doc):
    return [q.text for q in doc.paragraphs]


def sdt(content, tag="t", placeholder=False):
    pr = f'<w:tag w:val="{tag}"/>' + ("<w:showingPlcHdr/>" if placeholder else "")
    return f"<w:sdt><w:sdtPr>{pr}</w:sdtPr><w:sdtContent>{content}</w:sdtContent></w:sdt>"


def test_content_controls_block_and_run_level_with_placeholder():
    body = (sdt(p("块级"), tag="block")
            + "<w:p>" + r("前") + sdt(r("中"), tag="inline") + r("后") + "</w:p>"
            + "<w:p>" + sdt(r("单击此处输入文字。"), tag="date", placeholder=True) + "</w:p>")
    doc = load(body)
    assert texts(doc) == ["块级", "前中后", "单击此处输入文字。"]
    assert [c.detail for c in doc.constructs_of("sdt")] == ["block", "inline", "date"]
    (ph,) = doc.constructs_of("placeholder")
    assert ph.detail == "单击此处输入文字。" and ph.where == "paragraph 3"


ANCHOR_BOX = (
    '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
    '<wp:extent cx="100" cy="200"/><wp:docPr id="1" name="Text Box 1"/>'
    '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    '<wps:wsp><wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx></wps:wsp>'
    "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
    '<mc:Fallback><w:pict><v:shape style="position:absolute;width:10pt;height:20pt">'
    "<v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
    "</mc:AlternateContent></w:r>"
)


def test_text_box_read_once_as_following_paragraphs():
    box = ANCHOR_BOX.format(inner=p("框内一") + p("框内二"))
    doc = load("<w:p>" + r("锚") + box + "</w:p>" + p("后文"))
    assert texts(doc) == ["锚", "框内一", "框内二", "后文"]
    assert [q.index for q in doc.paragraphs] == [1, 2, 3, 4]
    assert [q.in_textbox for q in doc.paragraphs] == [False, True, True, False]
    assert len(doc.constructs_of("textbox")) == 1 and doc.constructs_of("alt_content")
    assert doc.images == []  # a text box shape is not a picture


def test_text_box_fallback_only_and_inside_a_cell():
    vml = ('<w:r><w:pict><v:shape style="width:10pt;height:20pt"><v:textbox><w:txbxContent>'
           + p("旧式框") + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>")
    only_fallback = ("<w:r><mc:AlternateContent><mc:Choice Requires=\"w15\"></mc:Choice>"
                     "<mc:Fallback>" + '<w:t>不该出现</w:t>' + "</mc:Fallback></mc:AlternateContent></w:r>")
    body = tbl(tr(tc("<w:p>" + r("格") + vml + "</w:p>", raw=True))) + "<w:p>" + r("甲") + only_fallback + "</w:p>"
    doc = load(body)
    cell = doc.tables[0].cell(0, 0)
    assert cell.text == "格\n旧式框" and cell.paragraphs[1].in_textbox and cell.paragraphs[1].in_table
    assert texts(doc) == ["甲"]  # an empty Choice is still the branch read


def test_tracked_changes_final_view():
    body = (
        "<w:p>" + r("保留")
        + '<w:ins w:id="1" w:author="a">' + r("插入") + "</w:ins>"
        + '<w:del w:id="2" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del>'
        + '<w:moveFrom w:id="3" w:author="a">' + r("移出") + "</w:moveFrom>"
        + '<w:moveTo w:id="4" w:author="a">' + r("移入") + "</w:moveTo>"
        + "</w:p>"
    )
    doc = load(body)
    assert texts(doc) == ["保留插入移入"]
    kinds = [c.kind for c in doc.constructs]
    assert "insertion" in kinds and "deletion" in kinds and kinds.count("move") == 2


def test_deleted_paragraph_mark_joins_next_paragraph():
    body = ('<w:p><w:pPr><w:rPr><w:del w:id="1" w:author="a"/></w:rPr></w:pPr>' + r("上半") + "</w:p>"
            + p("下半") + p("另段"))
    doc = load(body)
    assert texts(doc) == ["上半下半", "另段"]
    assert [q.index for q in doc.paragraphs] == [1, 2]


def test_simple_and_complex_fields_keep_cached_result():
    body = (
        '<w:p><w:fldSimple w:instr=" DATE \\@ &quot;yyyy年M月d日&quot; ">' + r("2021年1月15日") + "</w:fldSimple></w:p>"
        "<w:p>" + r("第")
        + '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + r("3")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>' + r("页") + "</w:p>"
        + '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>SEQ x</w:instrText></w:r>'
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>' + r("无结果") + "</w:p>"
    )
    doc = load(body)
    assert texts(doc) == ["2021年1月15日", "第3页", "无结果"]
    fields = doc.constructs_of("field")
    assert [f.detail for f in fields] == ['DATE \\@ "yyyy年M月d日"', "PAGE", "SEQ x"]
    assert fields[1].where == "paragraph 2"


def test_field_result_spanning_paragraphs_and_nested_field():
    body = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>TOC \\o</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + r("目录一") + "</w:p>"
        + "<w:p>" + r("目录二")
        + '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGEREF _Toc1</w:instrText></w:r>'
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + r("5") + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>' + p("正文")
    )
    doc = load(body)
    assert texts(doc) == ["目录一", "目录二5", "正文"]
    assert sorted(f.detail for f in doc.constructs_of("field")) == ["PAGEREF _Toc1", "TOC \\o"]


def test_hyperlink_smarttag_customxml_and_special_characters():
    body = (
        '<w:p><w:hyperlink r:id="rIdLink">' + r("政府网") + "</w:hyperlink>"
        + '<w:smartTag w:uri="u" w:element="date">' + r("1月") + "</w:smartTag>"
        + '<w:customXml w:element="x">' + r("X") + "</w:customXml>"
        + '<w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:noBreakHyphen/><w:t>d</w:t>'
        + '<w:sym w:font="Symbol" w:char="F0B7"/><w:cr/><w:softHyphen/></w:r>'
        + '<w:hyperlink w:anchor="_Toc2">' + r("内") + "</w:hyperlink></w:p>"
    )
    doc = load(body, rels=[("rIdLink", "hyperlink", "http://www.gov.cn/", True)])
    assert texts(doc) == ["政府网1月Xa\tb\nc-d·\n内"]
    assert [c.detail for c in doc.constructs_of("hyperlink")] == ["http://www.gov.cn/", "#_Toc2"]


def test_hidden_text_is_not_shown():
    body = "<w:p>" + r("见") + r("藏", rpr="<w:vanish/>") + r("现", rpr='<w:vanish w:val="0"/>') + "</w:p>"
    assert texts(load(body)) == ["见现"]


def test_images_inline_anchor_and_vml_with_positions():
    inline = ('<w:r><w:drawing><wp:inline><wp:extent cx="914400" cy="457200"/>'
              '<wp:docPr id="1" name="Picture 1" descr="公章"/><a:graphic>'
              '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
              '<pic:blipFill><a:blip r:embed="rId9"/></pic:blipFill></pic:pic></a:graphicData></a:graphic>'
              "</wp:inline></w:drawing></w:r>")
    anchored = inline.replace("wp:inline", "wp:anchor").replace("Picture 1", "Seal")
    vml = ('<w:r><w:pict><v:shape id="_x0000_i1025" style="width:72pt;height:36pt">'
           '<v:imagedata r:id="rId8" o:title="表格"/></v:shape></w:pict></w:r>')
    body = p("文") + "<w:p>" + inline + "</w:p>" + tbl(tr(tc("<w:p>" + anchored + "</w:p>", raw=True))) + "<w:p>" + vml + "</w:p>"
    doc = load(body)
    a, b, c = doc.images
    assert (a.paragraph, a.name, a.description, a.width_emu, a.height_emu, a.floating, a.table) == (
        2, "Picture 1", "公章", 914400, 457200, False, 0)
    assert (b.paragraph, b.table, b.floating, b.name) == (0, 1, True, "Seal")
    assert (c.paragraph, c.width_emu, c.height_emu) == (3, 72 * 12700, 36 * 12700)
    assert [q.has_image for q in doc.paragraphs] == [False, True, True]
    assert len(doc.constructs_of("image")) == 3


def test_headers_footers_comments_properties_and_macros():
    body = p("正文")
    data = make_docx(
        body,
        headers=[p("页眉文字")],
        footers=[p("第") + '<w:p><w:fldSimple w:instr="PAGE">' + r("1") + "</w:fldSimple></w:p>"],
        comments=["请核对数字"],
        core={"title": "年度报告", "creator": "办公室", "lastModifiedBy": "张三",
              "created": "2021-01-15T08:00:00Z", "modified": "2021-01-20T09:30:00Z"},
        extra_parts={"word/vbaProject.bin": b"\x00macro"},
    )
    doc = load_document(data, name="m.docm")
    assert doc.headers == ["页眉文字"] and doc.footers == ["第\n1"]
    assert doc.comments == ["请核对数字"] and doc.constructs_of("comment")[0].detail == "tester"
    props = doc.properties
    assert (props.title, props.author, props.last_modified_by) == ("年度报告", "办公室", "张三")
    assert props.created == datetime(2021, 1, 15, 8, 0, tzinfo=timezone.utc)
    assert props.modified == datetime(2021, 1, 20, 9, 30, tzinfo=timezone.utc)
    assert doc.has_macros and doc.constructs_of("macro")
    assert texts(doc) == ["正文"]  # header/footer text never enters the body


def test_main_part_found_through_package_relationships():
    data = make_docx(p("别处的正文"), main_part="word/main.xml")
    doc = load_document(data, name="x.docx")
    assert texts(doc) == ["别处的正文"] and doc.main_part == "word/main.xml"


def test_math_altchunk_and_embedded_object_are_recorded():
    body = ('<w:p>' + r("式") + '<m:oMath><m:r><m:t>x+1</m:t></m:r></m:oMath></w:p>'
            '<w:altChunk r:id="rIdChunk"/>'
            '<w:p><w:r><w:object><o:OLEObject ProgID="Excel.Sheet.12" r:id="rId5"/></w:object></w:r></w:p>')
    doc = load(body, rels=[("rIdChunk", "aFChunk", "chunk.htm", False)])
    assert texts(doc)[0] == "式x+1"
    assert doc.constructs_of("math") and doc.constructs_of("altchunk")[0].detail == "word/chunk.htm"
    assert doc.constructs_of("embedded_object")[0].detail == "Excel.Sheet.12"


def test_anchors_through_wrappers_match_lxml_getpath():
    from lxml import etree

    body = (p("a") + sdt(p("b") + p("c")) + '<w:customXml w:element="x">' + p("d") + "</w:customXml>"
            + tbl(tr(tc("x"), '<w:sdt><w:sdtContent>' + tc("y") + "</w:sdtContent></w:sdt>"),
                  '<w:sdt><w:sdtContent>' + tr(tc("z"), tc("w")) + "</w:sdtContent></w:sdt>")
            + "<w:p>" + r("anchor") + ANCHOR_BOX.format(inner=p("box")) + "</w:p>")
    data = make_docx(body)
    doc = load_document(data, name="t.docx")
    import io
    import zipfile

    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    tree = root.getroottree()
    assert [q.text for q in doc.paragraphs] == ["a", "b", "c", "d", "anchor", "box"]
    for q in doc.paragraphs:
        (el,) = tree.xpath(q.anchor, namespaces={k: v for k, v in root.nsmap.items() if k})
        assert tree.getpath(el) == q.anchor
        # the anchoring paragraph also holds the box (twice: Choice and Fallback)
        assert el.xpath("string(.)") == (q.text if q.text != "anchor" else "anchorboxbox")
    t = doc.tables[0]
    for cell in t.cells():
        (el,) = tree.xpath(cell.anchor, namespaces={k: v for k, v in root.nsmap.items() if k})
        assert el.xpath("string(.)") == cell.text
        assert tree.getpath(el) == cell.anchor


def test_picture_inside_a_text_box_is_counted_once_in_the_box_paragraph():
    pic = ('<w:r><w:pict><v:shape style="width:10pt;height:10pt"><v:imagedata r:id="rId8" o:title="印章"/>'
           "</v:shape></w:pict></w:r>")
    box = ANCHOR_BOX.format(inner="<w:p>" + pic + "</w:p>")
    doc = load(p("前") + "<w:p>" + r("锚") + box + "</w:p>")
    (image,) = doc.images
    assert image.paragraph == 3 and image.description == "印章"
    assert [q.has_image for q in doc.paragraphs] == [False, False, True]
    assert doc.constructs_of("textbox") and not doc.constructs_of("embedded_object")


def test_unterminated_field_is_recorded():
    body = ('<w:p>' + r("前") + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText>HYPERLINK x</w:instrText></w:r></w:p>' + p("后"))
    doc = load(body)
    assert texts(doc) == ["前", "后"]  # the broken field hides nothing after its paragraph
    (field,) = doc.constructs_of("field")
    assert field.detail == "HYPERLINK x (never ended)" and field.where == "paragraph 1"
