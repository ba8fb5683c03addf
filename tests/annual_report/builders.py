"""Write whole annual-report .docx fixtures with python-docx, clean or broken on purpose.

The layouts here are typed from the spec (``../shared/spec/annual-report-format.md``
§5 and §6), independently of the YAML profiles, so a wrong profile fails the tests.

    path = write_report(tmp_path / "r.docx", Report(edition="2021", year=2022))
    path = write_report(tmp_path / "r.docx", Report(headings={6: "6、其他需要报告的事项"}))

Every knob of :class:`Report` defaults to a clean report that gives no error finding.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import docx
from xml.sax.saxutils import escape

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

HEADINGS = {
    1: "一、总体情况",
    2: "二、主动公开政府信息情况",
    3: "三、收到和处理政府信息公开申请情况",
    4: "四、政府信息公开行政复议、行政诉讼情况",
    5: "五、存在的主要问题及改进情况",
    6: "六、其他需要报告的事项",
}

PROSE = {
    1: ["（一）主动公开。本年度共主动公开政府信息120条，及时发布工作动态和政策文件。",
        "（二）依申请公开。本年度共收到政府信息公开申请6件，均在法定期限内答复。"],
    2: [],
    3: [],
    4: [],
    5: ["一是公开意识有待加强；二是信息更新不够及时。下一步将加强培训，完善审核机制。"],
    6: ["本年度未收取信息处理费。"],
}

# --- table 二 ----------------------------------------------------------------------

T2_2021 = [  # (caption, [column labels], [(row label, [values...])])
    ("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"],
     [("规章", ["0", "0", "0"]), ("行政规范性文件", ["2", "1", "10"])]),
    ("第二十条第（五）项", ["本年处理决定数量"], [("行政许可", ["120"])]),
    ("第二十条第（六）项", ["本年处理决定数量"], [("行政处罚", ["30"]), ("行政强制", ["2"])]),
    ("第二十条第（八）项", ["本年收费金额（单位：万元）"], [("行政事业性收费", ["12.5"])]),
]
T2_2019 = [
    ("第二十条第（一）项", ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
     [("规章", ["0", "0", "0"]), ("规范性文件", ["2", "2", "15"])]),
    ("第二十条第（五）项", ["上一年项目数量", "本年增/减", "处理决定数量"],
     [("行政许可", ["85", "0", "1428"]), ("其他对外管理服务事项", ["61", "+1", "10056"])]),
    ("第二十条第（六）项", ["上一年项目数量", "本年增/减", "处理决定数量"],
     [("行政处罚", ["0", "0", "0"]), ("行政强制", ["0", "0", "0"])]),
    ("第二十条第（八）项", ["上一年项目数量", "本年增/减"], [("行政事业性收费", ["0", "0"])]),
    ("第二十条第（九）项", ["采购项目数量", "采购总金额"], [("政府集中采购", ["8", "101500元"])]),
]
T2_NAMES = {  # (row label, column label) -> spec name, to address cells in knobs
    "2021": {"规章": "REG", "行政规范性文件": "NORM", "行政许可": "LICENSE", "行政处罚": "PENALTY",
             "行政强制": "COERCION", "行政事业性收费": "FEE_WAN"},
    "2019": {"规章": "REG", "规范性文件": "NORM", "行政许可": "LICENSE", "其他对外管理服务事项": "OTHER_SVC",
             "行政处罚": "PENALTY", "行政强制": "COERCION", "行政事业性收费": "FEE", "政府集中采购": "PROC"},
}
T2_COLS = {
    "本年制发件数": "made", "本年废止件数": "repealed", "现行有效件数": "valid", "本年处理决定数量": "",
    "本年收费金额（单位：万元）": "", "本年新制作数量": "new_made", "本年新公开数量": "new_pub",
    "对外公开总数量": "total_pub", "上一年项目数量": "prev", "本年增/减": "delta", "处理决定数量": "decisions",
    "采购项目数量": "projects", "采购总金额": "amount",
}

# --- table 三 ----------------------------------------------------------------------

T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_COLS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
T3_COL_KEYS = ["np", "biz", "res", "ngo", "law", "oth", "tot"]
DENY = ["1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
        "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项"]
UNABLE = ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"]
REJECT = ["1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
          "5.要求行政机关确认或重新出具已获取信息"]
OTHER_2021 = ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
              "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他"]


def t3_rows(edition: str) -> list[tuple[str, str, str | None, str]]:
    """(key, level-2 group label or "", level-3 label or None, level-1 label) for each body row."""
    rows = [("NEW", "", None, "一、本年新收政府信息公开申请数量"), ("CARRY_IN", "", None, "二、上年结转政府信息公开申请数量"),
            ("OPEN", "（一）予以公开", None, "三"), ("PART", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None, "三")]
    rows += [(f"DENY{i + 1}", "（三）不予公开", x, "三") for i, x in enumerate(DENY)]
    rows += [(f"UNABLE{i + 1}", "（四）无法提供", x, "三") for i, x in enumerate(UNABLE)]
    rows += [(f"REJECT{i + 1}", "（五）不予处理", x, "三") for i, x in enumerate(REJECT)]
    if edition == "2021":
        rows += [(f"OTHER{i + 1}", "（六）其他处理", x, "三") for i, x in enumerate(OTHER_2021)]
    else:
        rows += [("OTHER", "（六）其他处理", None, "三")]
    rows += [("TOTAL", "（七）总计", None, "三"), ("CARRY_OUT", "", None, "四、结转下年度继续办理")]
    return rows


def clean_t3_values(edition: str) -> dict[str, list[int]]:
    """A consistent table 三: every relation holds."""
    vals = {k: [0] * 7 for k, *_ in t3_rows(edition)}
    vals["NEW"] = [5, 1, 0, 0, 0, 0, 6]
    vals["CARRY_IN"] = [1, 0, 0, 0, 0, 0, 1]
    vals["OPEN"] = [3, 1, 0, 0, 0, 0, 4]
    vals["UNABLE1"] = [2, 0, 0, 0, 0, 0, 2]
    vals["TOTAL"] = [5, 1, 0, 0, 0, 0, 6]
    vals["CARRY_OUT"] = [1, 0, 0, 0, 0, 0, 1]
    return vals


# --- table 四 ----------------------------------------------------------------------

T4_OUTCOMES = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
T4_GROUPS = ["REV", "LIT_DIRECT", "LIT_AFTER"]
T4_KEYS = ["keep", "fix", "other", "pending", "total"]
CLEAN_T4 = [1, 0, 0, 1, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]


@dataclass
class Report:
    """A report to write. Defaults give a clean 2021-format report for 2022."""

    edition: str = "2021"
    year: int = 2022
    agency: str = "嘉兴市秀洲区交通运输局"
    title: str | None = None  # the whole title; "" for none
    title_lines: list[str] | None = None  # several title paragraphs
    intro: str | None = None  # the paragraph after the title
    period: str | None = None  # statistics-period sentence; "" for none
    headings: dict[int, str | None] = field(default_factory=dict)  # None removes the heading
    order: list[int] = field(default_factory=lambda: [1, 2, 3, 4, 5, 6])
    auto_numbering: bool = False  # headings numbered by Word (chineseCounting "%1、")
    prose: dict[int, list[str]] = field(default_factory=dict)
    tables: dict[str, str] = field(default_factory=dict)  # T2/T3/T4 -> "table" | "image" | "text" | "none" | "end"
    table_edition: str | None = None  # build the tables of another edition
    table_editions: dict[str, str] = field(default_factory=dict)  # per table: "T2" -> "2019"
    values: dict[str, str] = field(default_factory=dict)  # "T3.NEW.np" -> "7"
    blank_all: bool = False  # every value cell empty
    relabel: dict[str, str] = field(default_factory=dict)  # official label -> label written
    drop_rows: set[str] = field(default_factory=set)  # labels of table rows to leave out
    signature: str | None = "区交通运输局"
    date: str | None = None  # default: f"{year + 1}年1月15日"; "" for none
    date_same_line: bool = False
    seal: bool = False
    # where the parts of a report hide (issue 13, 1b)
    end_layout: str | None = None  # "1x2" | "2x2": 落款 and date in a borderless table at the end
    before_title: list[str] = field(default_factory=list)  # lines before the title (目录, 索引号：…)
    toc: str | None = None  # "heading" | "heading-pages" | "field" | "styles": a table of contents before the body
    header: str | None = None  # text of the page header
    core_title: str | None = None  # the core properties' title


class Grid:
    """A table as merged regions, written straight to WordprocessingML (gridSpan / vMerge).

    python-docx's ``cell()``/``merge()`` rebuild the whole cell list on every call, which
    makes a 28 x 10 table take seconds; this writes the same markup Word writes.
    """

    def __init__(self, rows: int, cols: int):
        self.rows, self.cols = rows, cols
        self.regions: list[tuple[int, int, int, int, str]] = []
        self.owner: dict[tuple[int, int], int] = {}

    def put(self, r0: int, c0: int, r1: int, c1: int, text: str) -> None:
        idx = len(self.regions)
        self.regions.append((r0, c0, r1, c1, text))
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                self.owner[(r, c)] = idx

    def cell(self, r: int, c: int, text: str) -> None:
        self.put(r, c, r, c, text)

    def xml(self) -> str:
        out = [f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
               '<w:tblBorders>' + "".join(f'<w:{b} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                                         for b in ("top", "left", "bottom", "right", "insideH", "insideV"))
               + '</w:tblBorders></w:tblPr><w:tblGrid>' + '<w:gridCol w:w="600"/>' * self.cols + "</w:tblGrid>"]
        for r in range(self.rows):
            out.append("<w:tr>")
            c = 0
            while c < self.cols:
                idx = self.owner.get((r, c))
                if idx is None:
                    out.append("<w:tc><w:tcPr/><w:p/></w:tc>")
                    c += 1
                    continue
                r0, c0, r1, c1, text = self.regions[idx]
                span = c1 - c0 + 1
                pr = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
                if r1 > r0:
                    pr += '<w:vMerge w:val="restart"/>' if r == r0 else "<w:vMerge/>"
                body = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(line)}</w:t></w:r></w:p>"
                               for line in text.split("\n")) if r == r0 and text else "<w:p/>"
                out.append(f"<w:tc><w:tcPr>{pr}</w:tcPr>{body}</w:tc>")
                c = c1 + 1
            out.append("</w:tr>")
        out.append("</w:tbl>")
        return "".join(out)

    def add_to(self, doc) -> None:
        doc.element.body._insert_tbl(parse_xml(self.xml()))


def _label(rep: Report, text: str, where: str = "") -> str:
    """The label as written: ``relabel`` by the official text, or by ``"<where>:<text>"`` for
    one occurrence of a repeated label (``"T4.LIT_DIRECT:总计"``)."""
    if where and f"{where}:{text}" in rep.relabel:
        return rep.relabel[f"{where}:{text}"]
    return rep.relabel.get(text, text)


def _value(rep: Report, name: str, default: str) -> str:
    if name in rep.values:
        return rep.values[name]
    return "" if rep.blank_all else default


def build_t2(doc, rep: Report, edition: str):
    blocks = T2_2021 if edition == "2021" else T2_2019
    rows: list[tuple] = []
    for caption, cols, data in blocks:
        rows.append(("caption", caption))
        rows.append(("header", cols))
        for label, vals in data:
            if label in rep.drop_rows:
                continue
            rows.append(("data", label, vals, cols))
    g = Grid(len(rows), 4)
    for r, row in enumerate(rows):
        if row[0] == "caption":
            g.put(r, 0, r, 3, _label(rep, row[1]))
            continue
        if row[0] == "header":
            first, texts = _label(rep, "信息内容"), [_label(rep, c) for c in row[1]]
        else:
            _, label, vals, cols = row
            first = _label(rep, label)
            rk = T2_NAMES[edition][label]
            names = [".".join(x for x in ("T2", rk, T2_COLS[c]) if x) for c in cols]
            texts = [_value(rep, n, v) for n, v in zip(names, vals)]
        g.cell(r, 0, first)
        if len(texts) == 1:
            g.put(r, 1, r, 3, texts[0])
        elif len(texts) == 2:
            g.cell(r, 1, texts[0])
            g.put(r, 2, r, 3, texts[1])
        else:
            for i, t in enumerate(texts):
                g.cell(r, 1 + i, t)
    g.add_to(doc)


def build_t3(doc, rep: Report, edition: str):
    body = [r for r in t3_rows(edition) if (r[2] or r[1] or r[3]) not in rep.drop_rows]
    n = 3 + len(body)
    table = Grid(n, 10)
    table.put(0, 0, 2, 2, _label(rep, T3_NOTE))
    table.put(0, 3, 0, 9, _label(rep, "申请人情况"))
    table.put(1, 3, 2, 3, _label(rep, "自然人"))
    table.put(1, 4, 1, 8, _label(rep, "法人或其他组织"))
    table.put(1, 9, 2, 9, _label(rep, "总计", "T3"))
    for i, lab in enumerate(T3_COLS[1:6]):
        table.cell(2, 4 + i, _label(rep, lab))
    vals = clean_t3_values(edition)
    # level-1 and level-2 spans
    first_result = next(i for i, r in enumerate(body) if r[3] == "三")
    last_result = max(i for i, r in enumerate(body) if r[3] == "三")
    table.put(3 + first_result, 0, 3 + last_result, 0, _label(rep, "三、本年度办理结果"))
    i = 0
    while i < len(body):
        key, group, item, level1 = body[i]
        r = 3 + i
        if level1 != "三":
            table.put(r, 0, r, 2, _label(rep, level1))
        elif item is None:
            table.put(r, 1, r, 2, _label(rep, group))
        else:
            j = i
            while j + 1 < len(body) and body[j + 1][1] == group and body[j + 1][2] is not None:
                j += 1
            table.put(r, 1, 3 + j, 1, _label(rep, group))
            for k in range(i, j + 1):
                table.cell(3 + k, 2, _label(rep, body[k][2]))
            for k in range(i, j + 1):
                _fill_t3_row(table, rep, 3 + k, body[k][0], vals)
            i = j + 1
            continue
        _fill_t3_row(table, rep, r, key, vals)
        i += 1
    table.add_to(doc)


def _fill_t3_row(table, rep: Report, r: int, key: str, vals) -> None:
    for c, ck in enumerate(T3_COL_KEYS):
        table.cell(r, 3 + c, _value(rep, f"T3.{key}.{ck}", str(vals[key][c])))


def build_t4(doc, rep: Report):
    table = Grid(4, 15)
    table.put(0, 0, 0, 4, _label(rep, "行政复议"))
    table.put(0, 5, 0, 14, _label(rep, "行政诉讼"))
    for i, lab in enumerate(T4_OUTCOMES):
        table.put(1, i, 2, i, _label(rep, lab, "T4.REV"))
    table.put(1, 5, 1, 9, _label(rep, "未经复议直接起诉"))
    table.put(1, 10, 1, 14, _label(rep, "复议后起诉"))
    for g in range(2):
        for i, lab in enumerate(T4_OUTCOMES):
            table.cell(2, 5 + 5 * g + i, _label(rep, lab, f"T4.{T4_GROUPS[g + 1]}"))
    for c in range(15):
        name = f"T4.{T4_GROUPS[c // 5]}.{T4_KEYS[c % 5]}"
        table.cell(3, c, _value(rep, name, str(CLEAN_T4[c])))
    table.add_to(doc)


def _png_bytes() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 8 for _ in range(8))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _add_image(paragraph) -> None:
    import io

    paragraph.add_run().add_picture(io.BytesIO(_png_bytes()), width=Pt(40))


def _chinese_numbering(doc) -> int:
    """Add a numbering definition rendering ``一、`` ``二、`` … and return its numId."""
    numbering = doc.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    lvl = OxmlElement("w:lvl")
    lvl.set(qn("w:ilvl"), "0")
    for tag, val in (("w:start", "1"), ("w:numFmt", "chineseCounting"), ("w:lvlText", "%1、")):
        el = OxmlElement(tag)
        el.set(qn("w:val"), val)
        lvl.append(el)
    abstract.append(lvl)
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "90")
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), "90")
    num.append(ref)
    numbering.append(num)
    return 90


def _number_paragraph(paragraph, num_id: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), "0")
    nid = OxmlElement("w:numId")
    nid.set(qn("w:val"), str(num_id))
    numpr.append(ilvl)
    numpr.append(nid)
    ppr.append(numpr)


def build(rep: Report):
    doc = docx.Document()
    y = rep.year
    title = rep.title if rep.title is not None else f"{rep.agency}{y}年政府信息公开工作年度报告"
    if rep.header is not None:
        doc.sections[0].header.paragraphs[0].text = rep.header
    if rep.core_title is not None:
        doc.core_properties.title = rep.core_title
    for line in rep.before_title:
        doc.add_paragraph(line)
    if rep.toc:
        _add_toc(doc, rep)
    for line in rep.title_lines if rep.title_lines is not None else ([title] if title else []):
        doc.add_paragraph(line)
    intro = rep.intro if rep.intro is not None else (
        "本报告根据《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号要求编制。"
        if rep.edition == "2021" else "本报告根据《中华人民共和国政府信息公开条例》要求编制。")
    if intro:
        doc.add_paragraph(intro)
    period = rep.period if rep.period is not None else f"本报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。"
    if period:
        doc.add_paragraph(period)
    num_id = _chinese_numbering(doc) if rep.auto_numbering else None
    table_ed = rep.table_edition or rep.edition
    end_tables: list[Callable[[], object]] = []
    for n in rep.order:
        heading = rep.headings.get(n, HEADINGS[n])
        if heading is not None:
            if num_id is not None:
                p = doc.add_paragraph(heading.split("、", 1)[-1])
                _number_paragraph(p, num_id)
            else:
                doc.add_paragraph(heading)
        for text in rep.prose.get(n, PROSE[n]):
            doc.add_paragraph(text)
        role = {2: "T2", 3: "T3", 4: "T4"}.get(n)
        if role is None:
            continue
        how = rep.tables.get(role, "table")
        ed = rep.table_editions.get(role, table_ed)
        maker = {"T2": lambda: build_t2(doc, rep, ed), "T3": lambda: build_t3(doc, rep, ed),
                 "T4": lambda: build_t4(doc, rep)}[role]
        if how == "table":
            maker()
        elif how == "image":
            _add_image(doc.add_paragraph())
        elif how == "text":
            doc.add_paragraph("本年度未收到相关申请，不再列表。")
        elif how == "end":
            end_tables.append(maker)
    for maker in end_tables:
        doc.add_paragraph("附表")
        maker()
    date = rep.date if rep.date is not None else f"{y + 1}年1月15日"
    if rep.end_layout:
        _add_end_layout(doc, rep.end_layout, rep.signature or "", date)
        doc.add_paragraph("")  # Word always ends a document with a paragraph
        return doc
    if rep.date_same_line and rep.signature and date:
        p = doc.add_paragraph(f"{rep.signature}    {date}")
    else:
        if rep.signature:
            p = doc.add_paragraph(rep.signature)
        if date:
            p = doc.add_paragraph(date)
    if rep.seal:
        _add_image(p)
    return doc


def _add_end_layout(doc, shape: str, signature: str, date: str) -> None:
    """The 落款 and the date right-aligned in a borderless table, as drafters do: ``1x2``
    (an empty left cell, both lines in the right cell), ``2x2`` (one line per row, right
    column)."""
    rows, cols = (1, 2) if shape == "1x2" else (2, 2)
    table = doc.add_table(rows=rows, cols=cols)  # no style: Word's Normal Table, no borders
    if shape == "1x2":
        cell = table.cell(0, 1)
        cell.paragraphs[0].text = signature
        cell.add_paragraph(date)
    else:
        table.cell(0, 1).paragraphs[0].text = signature
        table.cell(1, 1).paragraphs[0].text = date


def _toc_entries(rep: Report) -> list[str]:
    entries = []
    for n in rep.order:
        heading = rep.headings.get(n, HEADINGS[n])
        if heading:
            entries.append(heading)
    return entries


def _add_toc(doc, rep: Report) -> None:
    """A table of contents: ``heading`` (目录 and the headings typed), ``heading-pages`` (with a
    tab and a page number), ``field`` (a TOC field with ``\\n``, no page numbers, its cached
    result holding the entries, as Word writes it)."""
    entries = _toc_entries(rep)
    if rep.toc == "styles":  # Word's contents styles (toc 1), page numbers after a tab, no heading
        styles = doc.styles.element
        styles.append(parse_xml(
            f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/>'
            '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="39"/></w:style>'))
        for i, e in enumerate(entries):
            p = doc.add_paragraph(f"{e}\t{i + 2}")
            p._p.get_or_add_pPr().insert(0, parse_xml(f'<w:pStyle {nsdecls("w")} w:val="TOC1"/>'))
        return
    if rep.toc in ("heading", "heading-pages"):
        doc.add_paragraph("目  录")
        for i, e in enumerate(entries):
            doc.add_paragraph(e + (f"\t{i + 1}" if rep.toc == "heading-pages" else ""))
        return
    body = doc.element.body
    for i, e in enumerate(entries):
        runs = ""
        if i == 0:
            runs += ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                     '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\n \\h \\z \\u </w:instrText></w:r>'
                     '<w:r><w:fldChar w:fldCharType="separate"/></w:r>')
        runs += f"<w:r><w:t>{escape(e)}</w:t></w:r>"
        if i == len(entries) - 1:
            runs += '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        body.insert(len(body) - 1, parse_xml(f"<w:p {nsdecls('w')}>{runs}</w:p>"))


def write_report(path: Path, rep: Report | None = None) -> Path:
    build(rep or Report()).save(str(path))
    return path


def variant(rep: Report, **changes) -> Report:
    new = copy.deepcopy(rep)
    for k, v in changes.items():
        setattr(new, k, v)
    return new
