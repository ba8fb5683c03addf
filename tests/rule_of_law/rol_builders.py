"""Whole .docx reports of the second report type, written from the spec (../shared/spec/rule-of-law-report.md).

Independent of the checker's template writer: the fixtures say what real reports look like
(item-style headings, item 3 inside item 1, thematic headings), so the profile is tested
against documents, not against itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

ITEM1 = ("一、2024年推进法治政府建设的主要举措和成效", [
    "（一）加强组织领导。一是区政府主要负责人认真履行推进法治建设第一责任人职责，亲自部署法治政府建设重点任务。",
    "（二）深化放管服改革，全年办理行政许可事项1200件。",
])
ITEM1_WITHOUT_3 = ("一、2024年推进法治政府建设的主要举措和成效", [
    "（一）深化放管服改革，全年办理行政许可事项1200件。",
    "（二）推进严格规范公正文明执法，开展执法检查30次。",
])
ITEM2 = ("二、2024年推进法治政府建设存在的不足和原因", [
    "一是行政执法规范化水平有待提高；二是法治宣传方式较为单一。主要原因是执法人员培训不够、宣传投入不足。",
])
ITEM2_NO_CAUSE = ("二、2024年推进法治政府建设存在的不足", [
    "一是行政执法规范化水平有待提高；二是法治宣传方式较为单一。",
])
ITEM3 = ("三、党政主要负责人履行推进法治建设第一责任人职责情况", [
    "区委、区政府主要负责同志带头学法，召开专题会议研究法治政府建设工作4次。",
])
ITEM4 = ("四、2025年推进法治政府建设的主要安排", [
    "2025年，我区将继续深化行政执法改革，加强法治宣传教育。",
])
ITEM5 = ("五、其他需要报告的情况", ["无。"])


@dataclass
class Report:
    title: list[str] = field(default_factory=lambda: ["某某区人民政府关于2024年度法治政府建设情况的报告"])
    opening: str = "2024年，某某区人民政府坚持以习近平法治思想为指导，扎实推进法治政府建设。现将有关情况报告如下："
    items: list = field(default_factory=lambda: [ITEM1, ITEM2, ITEM4, ITEM5])
    signature: str | None = "某某区人民政府"
    date: str | None = "2025年3月20日"
    before_title: list[str] = field(default_factory=list)


def variant(rep: Report, **changes) -> Report:
    return replace(rep, **changes)


def write(path: Path, rep: Report | None = None) -> Path:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    rep = rep or Report()
    d = docx.Document()
    for line in rep.before_title:
        d.add_paragraph(line)
    for line in rep.title:
        d.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
    if rep.opening:
        d.add_paragraph(rep.opening)
    for heading, paras in rep.items:
        d.add_paragraph(heading)
        for text in paras:
            d.add_paragraph(text)
    if rep.signature:
        d.add_paragraph(rep.signature).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if rep.date:
        d.add_paragraph(rep.date).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    d.save(str(path))
    return path
