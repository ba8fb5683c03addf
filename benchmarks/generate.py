"""Generate realistic 政府信息公开工作年度报告 .docx files for the benchmarks.

Each report is a python-docx document with:

* a title, a preamble with the statistics period, the six section headings, a
  落款 and a 成文日期;
* 5 to 15 pages of prose (3号 at 22 lines x 28 characters is about 600 characters a
  page), spread over the sections, with runs split mid-word and some bold phrases as
  Word leaves them;
* the three tables of the report's edition (2019 format for report years 2019-2020,
  2021 format from 2021) with every label and merged cell. The layouts come from the
  annual-report profile data through ``checker_report.template.table_layout``
  (the product's own template writer), so they are the layouts the checker expects;
* auto-numbered headings from ``word/numbering.xml``: the sub-headings of section 一
  (（一）主动公开 ...) always, and in about a third of the reports the six section
  headings themselves (``chineseCounting`` with ``%1、``), as Word drafts have them;
* values that satisfy the arithmetic relations in most reports, with a deliberate
  slip (a wrong total, a blank cell, a prose figure that disagrees with the table) in
  about a quarter, so the rules also produce findings.

Deterministic: the same ``--seed`` and ``--count`` give the same files.

    python benchmarks/generate.py --count 1000 --out benchmarks/out/reports
"""

from __future__ import annotations

import argparse
import copy
import os
import random
import sys
from typing import Any, Mapping

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

CHARS_PER_PAGE = 600
NUMERALS = "一二三四五六七八九十"

AGENCIES = [  # every pattern names a city and a county, so index -> name is one-to-one (up to 1,440 per pattern)
    ("{city}市{county}区人民政府", "government"),
    ("{city}市{county}县人民政府", "government"),
    ("{city}市{county}县{town}镇人民政府", "government"),
    ("{city}市{county}区{town}街道办事处", "government"),
    ("{city}市{county}区交通运输局", "department"),
    ("{city}市{county}区生态环境分局", "department"),
    ("{city}市{county}区市场监督管理局", "department"),
    ("{city}市{county}县人力资源和社会保障局", "department"),
    ("{city}市{county}县农业农村局", "department"),
    ("{city}市{county}区自然资源和规划分局", "department"),
]
CITIES = ["淮安", "嘉兴", "绍兴", "扬州", "洛阳", "襄阳", "柳州", "遵义", "曲靖", "咸阳", "天水", "赣州"]
COUNTIES = ["秀洲", "清江浦", "越城", "广陵", "涧西", "樊城", "城中", "汇川", "麒麟", "秦都", "麦积", "章贡"]
TOWNS = ["新塍", "王江泾", "油车港", "洪合", "王店", "濮院"]

SUBHEADS = ["主动公开", "依申请公开", "政府信息管理", "政府信息公开平台建设", "监督保障"]

# Sentences to draw prose from (the register of real reports); numbers are filled in.
SENTENCES = [
    "本机关坚持以人民为中心的发展思想，全面贯彻落实《中华人民共和国政府信息公开条例》，持续深化政务公开工作。",
    "围绕重点领域信息公开，及时发布财政预决算、重大建设项目、公共资源配置等信息{n}条。",
    "通过政府门户网站主动公开政府信息{n}条，其中机构职能类{a}条，政策文件类{b}条，工作动态类{c}条。",
    "加强政策解读工作，采用图文、视频、新闻发布会等多种形式解读政策文件{a}件，回应社会关切{b}次。",
    "进一步规范依申请公开办理流程，严格落实登记、审核、办理、答复、归档等环节，确保依法按时答复。",
    "全年未发生因政府信息公开工作引发的重大舆情事件，依申请公开答复规范率保持在较高水平。",
    "健全政府信息公开保密审查机制，坚持“先审查、后公开”和“一事一审”原则，全年审查拟公开信息{n}条。",
    "对现行有效的行政规范性文件进行全面清理，对不再适用的文件及时宣布失效或者废止，并在网站集中公开。",
    "持续优化政府信息公开专栏，完善栏目设置，更新办事指南{a}项，集中公开各类规划计划和统计数据。",
    "依托政务新媒体矩阵扩大信息传播范围，政务微信公众号全年推送信息{n}条，累计关注人数超过{b}万人。",
    "将政务公开工作纳入年度绩效考核，开展专题培训{a}次，参训人员{b}人次，提升工作人员的业务能力。",
    "主动接受社会监督，设立监督电话和意见箱，全年收到社会评议意见{a}条，均已按规定办理并反馈。",
    "对照上级年度政务公开工作要点逐项落实，分解任务{a}项，明确责任科室和完成时限，按季度通报进展。",
    "推进基层政务公开标准化规范化建设，编制完善{a}个领域的公开事项标准目录，实现动态调整。",
    "加强政府信息公开平台建设，优化网站检索功能，推进政府信息公开平台与政务服务平台融合发展。",
    "严格执行重大行政决策预公开制度，对涉及群众切身利益的{a}项决策事项公开征求意见，收到意见{b}条。",
    "人大代表建议和政协提案办理结果公开工作稳步推进，全年公开建议提案办理复文{a}件。",
    "在政府信息管理方面，建立政府信息公开属性源头认定机制，公文办理时同步明确公开属性。",
]
PROBLEMS = [
    "一是政策解读的形式还不够丰富，解读材料的针对性和可读性有待提高。",
    "二是依申请公开办理人员业务能力参差不齐，答复文书的规范性有待加强。",
    "三是基层政务公开标准化规范化建设推进不够平衡，部分领域信息更新不够及时。",
    "下一步，本机关将加强业务培训，完善工作制度，推动政务公开工作提质增效。",
    "针对上年度报告所列问题，已逐项制定整改措施，均已整改到位。",
]


# ------------------------------------------------------------------------ helpers
def profile_data() -> Mapping[str, Any]:
    """The annual-report profile data (table layouts, labels) the product ships."""
    from checker import shipped_profiles
    from checker.profiles import load_profile

    return load_profile("gov-annual-report-common", shipped_profiles()).data


NUMBERING_XML = """
<w:abstractNum {ns} w:abstractNumId="{aid}">
  <w:multiLevelType w:val="singleLevel"/>
  <w:lvl w:ilvl="0">
    <w:start w:val="1"/>
    <w:numFmt w:val="chineseCounting"/>
    <w:lvlText w:val="{text}"/>
    <w:lvlJc w:val="left"/>
    <w:pPr><w:ind w:left="0" w:firstLine="640"/></w:pPr>
  </w:lvl>
</w:abstractNum>
"""


def _add_numbering(document) -> tuple[int, int]:
    """Add two numbering definitions: ``%1、`` (section headings) and ``（%1）`` (sub-headings).

    Returns their ``w:numId`` values.
    """
    numbering = document.part.numbering_part.element
    existing = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    nums = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    base_a = max(existing, default=0) + 1
    base_n = max(nums, default=0) + 1
    ids = []
    for k, text in enumerate(("%1、", "（%1）")):
        aid, nid = base_a + k, base_n + k
        abstract = parse_xml(NUMBERING_XML.format(ns=nsdecls("w"), aid=aid, text=text))
        # abstractNum elements must precede num elements
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
        num = parse_xml(f'<w:num {nsdecls("w")} w:numId="{nid}"><w:abstractNumId w:val="{aid}"/></w:num>')
        numbering.append(num)
        ids.append(nid)
    return ids[0], ids[1]


def _numbered(paragraph, num_id: int, restart: bool = False) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    numpr = parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>')
    ppr.insert(0, numpr) if ppr.find(qn("w:pStyle")) is None else ppr.find(qn("w:pStyle")).addnext(numpr)


def _split_runs(paragraph, text: str, rng: random.Random) -> None:
    """Add ``text`` as 1-4 runs split at arbitrary points (mid-word), some bold."""
    cuts = sorted(rng.sample(range(1, len(text)), k=min(len(text) - 1, rng.randint(0, 3)))) if len(text) > 4 else []
    pieces, last = [], 0
    for c in cuts + [len(text)]:
        pieces.append(text[last:c])
        last = c
    for i, piece in enumerate(pieces):
        run = paragraph.add_run(piece)
        if i == 0 and len(pieces) > 2 and rng.random() < 0.3:
            run.bold = True


def _fill(sentence: str, rng: random.Random) -> str:
    return sentence.format(n=rng.randint(50, 5000), a=rng.randint(1, 60), b=rng.randint(10, 900), c=rng.randint(5, 400))


def _prose(rng: random.Random, chars: int) -> list[str]:
    """Paragraphs of about ``chars`` characters in total (3-6 sentences each)."""
    paras: list[str] = []
    total = 0
    while total < chars:
        para = "".join(_fill(rng.choice(SENTENCES), rng) for _ in range(rng.randint(3, 6)))
        paras.append(para)
        total += len(para)
    return paras


# ------------------------------------------------------------------------ values
def _t3_values(rng: random.Random, edition: str) -> dict[str, int]:
    """Table 三 values satisfying T3-ROW, T3-SUM and T3-COL in every column."""
    cols = ["np", "biz", "res", "ngo", "law", "oth"]
    results = ["OPEN", "PART"] + [f"DENY{i}" for i in range(1, 9)] + [f"UNABLE{i}" for i in range(1, 4)] + [
        f"REJECT{i}" for i in range(1, 6)] + (["OTHER"] if edition == "2019" else ["OTHER1", "OTHER2", "OTHER3"])
    scale = rng.choice([3, 10, 40, 200, 1500])
    weights = {"np": 1.0, "biz": 0.3, "res": 0.02, "ngo": 0.03, "law": 0.08, "oth": 0.05}
    v: dict[str, int] = {}
    for c in cols:
        for r in results:
            heavy = r in ("OPEN", "PART", "UNABLE1", "REJECT2")
            v[f"{r}.{c}"] = max(0, int(rng.gauss(1, 0.5) * scale * weights[c] * (0.3 if heavy else 0.03)))
        total = sum(v[f"{r}.{c}"] for r in results)
        carry_in = int(total * rng.uniform(0, 0.1))
        carry_out = int(total * rng.uniform(0, 0.1))
        v[f"TOTAL.{c}"] = total
        v[f"CARRY_IN.{c}"] = carry_in
        v[f"CARRY_OUT.{c}"] = carry_out
        v[f"NEW.{c}"] = total + carry_out - carry_in
    for r in results + ["TOTAL", "CARRY_IN", "CARRY_OUT", "NEW"]:
        v[f"{r}.tot"] = sum(v[f"{r}.{c}"] for c in cols)
    return v


def _t4_values(rng: random.Random) -> dict[str, int]:
    v: dict[str, int] = {}
    for block in ("REV", "LIT_DIRECT", "LIT_AFTER"):
        parts = {k: rng.choice([0, 0, 0, 1, 2, 3, 5, 8]) for k in ("keep", "fix", "other", "pending")}
        v.update({f"{block}.{k}": n for k, n in parts.items()})
        v[f"{block}.total"] = sum(parts.values())
    return v


def _t2_values(rng: random.Random, edition: str) -> dict[str, str]:
    if edition == "2021":
        v = {}
        for row in ("REG", "NORM"):
            valid = rng.randint(0, 80) if row == "NORM" else rng.choice([0, 0, 0, 2, 5])
            made = rng.randint(0, min(valid, 12)) if valid else 0
            v.update({f"{row}.made": made, f"{row}.repealed": rng.randint(0, 5), f"{row}.valid": valid})
        v.update(LICENSE=rng.randint(0, 20000), PENALTY=rng.randint(0, 3000), COERCION=rng.randint(0, 300))
        out = {k: str(n) for k, n in v.items()}
        out["FEE_WAN"] = rng.choice(["0", "0", f"{rng.uniform(0, 500):.2f}", f"{rng.uniform(0, 200):.6f}"])
        return out
    v = {}
    for row in ("REG", "NORM"):
        total = rng.randint(0, 300)
        new = rng.randint(0, min(total, 30))
        v.update({f"{row}.new_made": new, f"{row}.new_pub": new, f"{row}.total_pub": total})
    out = {k: str(n) for k, n in v.items()}
    for row in ("LICENSE", "OTHER_SVC", "PENALTY", "COERCION"):
        out[f"{row}.prev"] = str(rng.randint(0, 300))
        d = rng.randint(-10, 10)
        out[f"{row}.delta"] = f"+{d}" if d > 0 else str(d)
        out[f"{row}.decisions"] = str(rng.randint(0, 20000))
    out["FEE.prev"] = str(rng.randint(0, 30))
    out["FEE.delta"] = "0"
    out["PROC.projects"] = str(rng.randint(0, 200))
    out["PROC.amount"] = f"{rng.randint(0, 99999)}万元"
    return out


# ------------------------------------------------------------------------ writing
MARK = "\u2063"  # marks a value cell's key in the cached table skeleton
_TABLE_CACHE: dict[tuple[str, str], Any] = {}


def _table_skeleton(key: tuple[str, str], layout):
    """A ``w:tbl`` with every label and merge, value cells holding ``MARK + key`` (built once).

    It is laid out by the product's own template writer (``checker template``'s
    ``checker_report.template._write_table``). python-docx's ``Table.cell`` is
    linear in the table size, so laying a 28 x 10 table out cell by cell costs about a
    second; the skeleton is laid out once per edition and table, and each report gets a
    deep copy with its values filled in.
    """
    if key not in _TABLE_CACHE:
        from checker_report.template import _setup
        from checker_report.template import _write_table as lay_out_table

        scratch = docx.Document()
        _setup(scratch)  # the template's page and styles (its tables use the "Table Text" style)
        lay_out_table(scratch, layout, {lc.key: MARK + lc.key for lc in layout.cells if lc.key is not None})
        _TABLE_CACHE[key] = scratch.tables[0]._tbl
    return _TABLE_CACHE[key]


def _write_table(document, key: tuple[str, str], layout, values: Mapping[str, Any]) -> None:
    tbl = copy.deepcopy(_table_skeleton(key, layout))
    for t in list(tbl.iter(qn("w:t"))):
        if t.text and t.text.startswith(MARK):
            value = str(values.get(t.text[len(MARK):], ""))
            if value:
                t.text = value
            else:
                run = t.getparent()
                run.getparent().remove(run)
    # a table is appended before the body's final w:sectPr, as add_table does
    document.element.body._insert_tbl(tbl)


def build_report(index: int, seed: int, data: Mapping[str, Any], pairs: bool = False,
                 ) -> tuple[docx.document.Document, dict[str, Any]]:
    """One report: (python-docx document, facts about it).

    ``pairs``: reports 2k and 2k+1 are one agency's reports of two consecutive years, so
    that every report of the batch takes part in a cross-year comparison (the worst
    case for the batch runner's second pass)."""
    from checker_report.template import _east_asian, table_layout

    rng = random.Random(seed * 1_000_003 + index)
    year = rng.choice([2019, 2020, 2021, 2022, 2023, 2024])
    body = index
    if pairs:
        body = index // 2
        year = random.Random(seed * 7_919 + body).choice([2019, 2020, 2021, 2022, 2023]) + index % 2
    edition = "2019" if year <= 2020 else "2021"
    # one report per agency, as in a supervising office's batch of one year's submissions
    # (the batch runner compares reports of one agency from consecutive years as pairs)
    pattern, kind = AGENCIES[body % len(AGENCIES)]
    n = body // len(AGENCIES)
    agency = pattern.format(city=CITIES[n % len(CITIES)], county=COUNTIES[(n // len(CITIES)) % len(COUNTIES)],
                            town=TOWNS[n % len(TOWNS)])
    pages = rng.randint(5, 15)
    slip = rng.random() < 0.25
    numbered_sections = rng.random() < 0.35

    t2, t3, t4 = _t2_values(rng, edition), _t3_values(rng, edition), _t4_values(rng)
    if slip:
        what = rng.choice(["total", "blank", "t4"])
        if what == "total":
            t3["TOTAL.tot"] += rng.randint(1, 9)
        elif what == "blank":
            for c in ("res", "ngo"):
                for key in list(t3):
                    if key.endswith("." + c) and rng.random() < 0.7:
                        t3[key] = ""
        else:
            t4["REV.total"] += 1
    values = {"T2": t2, "T3": {k: str(v) for k, v in t3.items()}, "T4": {k: str(v) for k, v in t4.items()}}

    document = docx.Document()
    sec = document.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.left_margin, sec.right_margin, sec.bottom_margin = Mm(37), Mm(28), Mm(26), Mm(35)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(16)
    _east_asian(normal.element.get_or_add_rPr(), "仿宋_GB2312")
    heading_num, sub_num = _add_numbering(document)

    def para(text: str, *, style: str | None = None, align=None, indent: bool = True, numbered: int | None = None):
        p = document.add_paragraph(style=style)
        if align is not None:
            p.alignment = align
        if indent and style is None and align is None:
            p.paragraph_format.first_line_indent = Pt(32)
        if numbered is not None:
            _numbered(p, numbered)
        _split_runs(p, text, rng)
        return p

    title = f"{agency}{year}年政府信息公开工作年度报告" if rng.random() < 0.6 else f"{year}年{agency}政府信息公开工作年度报告"
    t = para(title, align=WD_ALIGN_PARAGRAPH.CENTER)
    for run in t.runs:
        run.font.size = Pt(22)
    para(
        f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求编制，全文包括总体情况、主动公开政府信息情况、"
        f"收到和处理政府信息公开申请情况、政府信息公开行政复议及行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。"
        f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
    )

    prose_budget = pages * CHARS_PER_PAGE
    tables = data["editions"][edition]["tables"]
    new_tot = t3["NEW.tot"] if isinstance(t3["NEW.tot"], int) else 0
    open_tot = t3["OPEN.tot"] if isinstance(t3["OPEN.tot"], int) else 0
    stated_new = new_tot + (rng.randint(1, 5) if slip and rng.random() < 0.5 else 0)
    for section in data["sections"]:
        number = int(section["number"])
        heading = f"{NUMERALS[number - 1]}、{section['title']}"
        if numbered_sections:
            para(section["title"], style="Heading 1", numbered=heading_num)
        else:
            para(heading, style="Heading 1")
        table = section.get("table")
        if table and table in tables:
            _write_table(document, (edition, table), table_layout(tables[table]), values[table])
        if number == 1:
            for sub in SUBHEADS:
                para(sub, style="Heading 2", numbered=sub_num)
                for text in _prose(rng, int(prose_budget * 0.7 / len(SUBHEADS))):
                    para(text)
                if sub == "依申请公开":
                    para(f"全年共收到政府信息公开申请{stated_new}件，予以公开{open_tot}件，均在法定期限内答复。")
        elif number == 5:
            for text in PROBLEMS:
                para(text)
            for text in _prose(rng, int(prose_budget * 0.15)):
                para(text)
        elif number == 6:
            if edition == "2021":
                para("本年度未收取信息处理费。" if rng.random() < 0.7 else f"本年度发出收费通知{rng.randint(1, 5)}件，收取信息处理费{rng.randint(100, 900)}元。")
            for text in _prose(rng, int(prose_budget * 0.15)):
                para(text)
    para(agency, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    para(f"{year + 1}年1月{rng.randint(5, 30)}日", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    document.core_properties.title = title
    document.core_properties.author = agency
    facts = {"year": year, "edition": edition, "agency": agency, "kind": kind, "pages": pages, "slip": slip,
             "numbered_sections": numbered_sections}
    return document, facts


def generate(out_dir: str, count: int, seed: int = 7, distinct: int | None = None, pairs: bool = False) -> list[str]:
    """Write ``count`` reports into ``out_dir`` (kept when already there); return their paths.

    ``distinct`` > 0 writes that many distinct reports and fills up to ``count`` with
    copies (hard links or byte copies): generating 1,000 distinct files takes a few
    minutes on two cores, and a checker has no cache for a file it has already seen, so
    copies cost the same to check as distinct files.
    """
    os.makedirs(out_dir, exist_ok=True)
    data = profile_data()
    paths = []
    n_distinct = min(count, distinct or count)
    for i in range(count):
        path = os.path.join(out_dir, f"report-{i:04d}.docx")
        paths.append(path)
        if os.path.exists(path):
            continue
        if i < n_distinct:
            document, _facts = build_report(i, seed, data, pairs)
            document.save(path)
        else:
            src = paths[i % n_distinct]
            with open(src, "rb") as fh, open(path, "wb") as out:
                out.write(fh.read())
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=20)
    ap.add_argument("--distinct", type=int, default=0, help="distinct reports (rest are copies); 0 = all distinct")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--pairs", action="store_true",
                    help="every agency reports two consecutive years (reports 2k, 2k+1): all reports pair up")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "out", "reports"))
    args = ap.parse_args(argv)
    paths = generate(args.out, args.count, args.seed, args.distinct or None, args.pairs)
    print(f"{len(paths)} reports in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
