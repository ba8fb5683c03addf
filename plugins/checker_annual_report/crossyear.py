"""This year's report against last year's (``checker check THIS --previous LAST``, or a
batch pairing the same agency's consecutive reports). The rules are
:class:`~checker.rules.PairRule`: each report is read and checked once; what the
comparison needs of it (:class:`YearFacts`) is kept while it is checked, and two
reports' facts are compared once the pairing is known.

* AR811 - 上年结转 (this year) = 结转下年度继续办理 (last year), column by column.
* AR812 - (2021 format) 现行有效件数 this year = last year's + 本年制发 − 本年废止, for 规章
  and 行政规范性文件 (a warning: amendments can blur it).
* AR813 - sections copied nearly verbatim from last year's report (内容雷同).

Each report's facts are read with the profile it was checked with, so last year's report
follows the format of its own year (a 2021 report's predecessor may follow the 2019 format).
Two reports are compared only when they are comparable: consecutive years, one agency, and
an earlier report that is filled in and of the same kind; otherwise AR811 says why, once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterable, Mapping

from checker import Message
from checker.findings import Category, Location, Severity
from checker.model import Document
from checker.rules import PairRule, Problem, RuleContext
from checker.text import excerpt, remove_spaces, squash_spaces

from .prose import ProseParagraph, cell_value, fmt, prose_data, report_prose
from checker.report.agency import same_agency as same_body
from checker.report.structure import ReportStructure, analyse, cells_where, describe_cell
from checker.report.textutil import LazyPattern

FACTS_MEMO_KEY = "annual_report.year_facts"

#: The cells the comparisons read: 上年结转 and 结转下年度继续办理 of table 三 in every
#: column, and table 二's 规章 / 行政规范性文件 stock (2021 format).
_COMPARED_CELLS = re.compile(r"^T3\.CARRY_(IN|OUT)\.|^T2\.(REG|NORM)\.(made|repealed|valid)$")


@dataclass(frozen=True)
class CellFact:
    """One table cell as a comparison needs it: its value (blank reads 0, a blank total
    the sum its relations give; None when unreadable), where it is, and how a message
    names it in each language."""

    value: Decimal | None
    location: Location
    row_label: str
    named: Message  # （一）予以公开/总计（表2第6行第10列）
    where: Message  # 表2第6行第10列


@dataclass
class YearFacts:
    """What the cross-year rules keep of one report (small and picklable)."""

    year: int | None
    agency: str
    #: Whether any table cell holds a number: a blank template is not a report to compare with.
    filled: bool
    cells: dict[str, CellFact] = field(default_factory=dict)
    #: section number -> [(sentence as written, its key, paragraph index)], boilerplate left out
    sentences: dict[int, list[tuple[str, str, int]]] = field(default_factory=dict)
    #: section number -> (its heading as written, the heading's paragraph index)
    headings: dict[int, tuple[str, int]] = field(default_factory=dict)

    @property
    def tables(self) -> tuple[int, ...]:
        """The document's tables this report's findings may point at (for table snapshots)."""
        return tuple(sorted({c.location.table for c in self.cells.values() if c.location.table}))


def year_facts(doc: Document, ctx: RuleContext) -> YearFacts:
    """The report's :class:`YearFacts`, made once per document for the three rules."""

    def make() -> YearFacts:
        st = analyse(doc, ctx)
        data = prose_data(ctx)
        cells = {}
        for name, c in st.cells.items():
            if _COMPARED_CELLS.match(name):
                value, _ = cell_value(st, name, data)
                cells[name] = CellFact(
                    value=value, location=c.location, row_label=c.row_label,
                    named=Message(zh=describe_cell(c, "zh"), en=describe_cell(c, "en")),
                    where=Message(zh=cells_where([c], "zh"), en=cells_where([c], "en")),
                )
        boiler = [re.compile(p) for p in data.get("boilerplate") or []]
        headings = {n: (squash_spaces(s.heading.text), s.heading.index) for n, s in st.sections.items()}
        return YearFacts(
            year=st.year, agency=st.agency, filled=any(c.value.is_number for c in st.cells.values()),
            cells=cells, sentences=section_sentences(report_prose(st, doc, ctx), boiler), headings=headings,
        )

    return ctx.memo(FACTS_MEMO_KEY, make)


def consecutive(this: YearFacts, last: YearFacts) -> bool:
    """False only when both years are known and are not consecutive."""
    return this.year is None or last.year is None or this.year == last.year + 1


def same_agency(this: YearFacts, last: YearFacts, data: Mapping[str, Any]) -> bool:
    """False only when both agencies are known and are not the same body
    (:func:`checker.report.agency.same_agency`: ``区交通运输局`` and ``嘉兴市秀洲区交通运输局``
    are the same agency)."""
    return same_body(this.agency, last.agency, data)


def why_not_comparable(this: YearFacts, last: YearFacts | None, ctx: RuleContext) -> Message | None:
    """Every reason the two reports are not compared, in one message; None when they are."""
    if last is None:
        return Message(zh="上年度报告未能按同类报告读取（文件无法读取或不是同一类报告），未比对跨年度数据",
                       en="the previous report could not be read as a report of this kind (unreadable, or another "
                       "kind of report): nothing compared")
    zh: list[str] = []
    en: list[str] = []
    if not consecutive(this, last):
        zh.append(f"上年度报告为{last.year}年度，本报告为{this.year}年度，年度不相接")
        en.append(f"the previous report is for {last.year} and this one for {this.year}: not consecutive")
    if not same_agency(this, last, ctx.profile_data):
        zh.append(f"上年度报告的机关为“{last.agency}”，本报告为“{this.agency}”，不是同一机关")
        en.append(f"the previous report is by {last.agency}, this one by {this.agency}: not the same agency")
    if not last.filled:
        zh.append("上年度报告的表格未填写任何数字（可能是空白模板）")
        en.append("the previous report's tables hold no figure (a blank template?)")
    if not zh:
        return None
    return Message(zh="；".join(zh) + "，未比对跨年度数据", en="; ".join(en) + "; nothing compared")


def _year(facts: YearFacts, zh: bool) -> str:
    if facts.year is None:
        return "上年度报告" if zh else "last year's report"
    return f"{facts.year}年度报告" if zh else f"the {facts.year} report"


def _cell_text(c: CellFact, report: str, lang: str) -> str:
    if lang == "zh":
        return f"{report}{c.named.zh}为{fmt(c.value)}"
    return f"{c.named.en} of {report} = {fmt(c.value)}"


class _CrossYearRule(PairRule):
    """The three rules keep the same facts of a report (made once per document)."""

    requires_profile = True  # reads the annual-report profile's data

    def summarise(self, doc: Document, ctx: RuleContext) -> YearFacts:
        return year_facts(doc, ctx)


# --- AR811 --------------------------------------------------------------------------


class CarryOverVsLastYear(_CrossYearRule):
    """上年结转 this year differs from 结转下年度继续办理 in last year's report.

    The applications carried into year N are exactly those carried out of year N−1, in
    each applicant column (table 三 of both formats: 二、上年结转政府信息公开申请数量 and
    四、结转下年度继续办理). Reported per column, naming both cells; blank cells read 0 and a
    blank 总计 the sum of its row. Needs last year's report of the same agency
    (``--previous``, or batch pairing). When the two reports are not comparable (both
    years known and not consecutive, both agencies known and different, last year's
    tables not filled in, or last year's file not a report of this kind), nothing is
    compared and this rule says why in one info finding.

    ---
    本年度表三“二、上年结转政府信息公开申请数量”应与上年度报告表三“四、结转下年度继续办理”逐列相等。
    空白按0计，总计空白按该行各项之和计。需要同一机关上一年度的报告（--previous，或批量检查时自动配对）。
    两份报告不可比时（年度不相接、不是同一机关、上年度报告表格未填写数字、上年度文件不是同类报告），不作比对，
    由本规则以一条提示说明原因。
    """

    code = "AR811"
    name = "carry-over-vs-last-year"
    category = Category.NARRATIVE
    default_severity = Severity.WARNING
    summary = Message(zh="本年“上年结转”与上年度报告“结转下年度继续办理”不一致",
                      en="this year's carried-in applications differ from last year's carried-out ones")

    def compare(self, this: YearFacts, last: YearFacts | None, ctx: RuleContext) -> Iterable[Problem]:
        why = why_not_comparable(this, last, ctx)
        if why is not None or last is None:
            yield Problem(message=why, location=Location(excerpt=this.agency or None),  # type: ignore[arg-type]
                          severity=Severity.INFO)  # said once, by this rule
            return
        for a_name, a in this.cells.items():
            if not a_name.startswith("T3.CARRY_IN."):
                continue
            b = last.cells.get("T3.CARRY_OUT." + a_name.split(".")[-1])
            if b is None or a.value is None or b.value is None or a.value == b.value:
                continue
            then_zh, then_en = _year(last, True), _year(last, False)
            yield Problem(
                message=Message(
                    zh=f"{_cell_text(a, '本年度报告', 'zh')}，但{_cell_text(b, then_zh, 'zh')}：两者应相等",
                    en=f"{_cell_text(a, 'this report', 'en')}, but {_cell_text(b, then_en, 'en')}: "
                    "they should be equal",
                ),
                location=a.location,
                expected=fmt(b.value),
                actual=fmt(a.value),
            )


# --- AR812 --------------------------------------------------------------------------


class StockVsLastYear(_CrossYearRule):
    """现行有效件数 does not follow from last year's stock (2021 format).

    Table 二 of the 2021 format counts, for 规章 and 行政规范性文件, the documents issued
    (本年制发件数), repealed (本年废止件数) and in force (现行有效件数): in force this year =
    last year's + issued − repealed. Amendments and documents expiring by their own term
    can blur it, hence a warning. Only when both reports have the 2021 table 二 and are
    comparable (see AR811).

    ---
    （2021年版格式）表二中规章、行政规范性文件的现行有效件数应等于上年度现行有效件数＋本年制发件数－本年废止件数。
    修订、到期自然失效等会造成差异，故为警告。仅在两份报告都有2021年版表二且可比时检查（见AR811）。
    """

    code = "AR812"
    name = "stock-vs-last-year"
    category = Category.NARRATIVE
    default_severity = Severity.WARNING
    summary = Message(zh="现行有效件数与上年度现行有效件数及本年制发、废止件数不符",
                      en="the number in force does not follow from last year's plus issued minus repealed")

    def compare(self, this: YearFacts, last: YearFacts | None, ctx: RuleContext) -> Iterable[Problem]:
        if last is None or why_not_comparable(this, last, ctx) is not None:
            return
        for row in ("REG", "NORM"):
            cells = {k: this.cells.get(f"T2.{row}.{k}") for k in ("made", "repealed", "valid")}
            prev_cell = last.cells.get(f"T2.{row}.valid")
            if prev_cell is None or prev_cell.value is None or any(c is None or c.value is None for c in cells.values()):
                continue
            made, repealed, valid = (cells[k].value for k in ("made", "repealed", "valid"))  # type: ignore[union-attr]
            expected = prev_cell.value + made - repealed  # type: ignore[operator]
            if expected == valid:
                continue
            label = cells["valid"].row_label or {"REG": "规章", "NORM": "行政规范性文件"}[row]  # type: ignore[union-attr]
            then_zh, then_en = _year(last, True), _year(last, False)
            pv = prev_cell.value
            here = cells["valid"].where  # type: ignore[union-attr]
            yield Problem(
                message=Message(
                    zh=f"{label}现行有效件数为{fmt(valid)}，但{then_zh}现行有效{fmt(pv)}件"
                    f"＋本年制发{fmt(made)}件－本年废止{fmt(repealed)}件＝{fmt(expected)}"
                    f"（本年度{here.zh}；上年度{prev_cell.where.zh}）",
                    en=f"{label}: {fmt(valid)} in force, but {then_en} had {fmt(pv)} + {fmt(made)} issued "
                    f"− {fmt(repealed)} repealed = {fmt(expected)} (this year {here.en}; "
                    f"last year {prev_cell.where.en})",
                ),
                location=cells["valid"].location,  # type: ignore[union-attr]
                expected=fmt(expected),
                actual=fmt(valid),
            )


# --- AR813 --------------------------------------------------------------------------

_DIGITS_RE = LazyPattern(r"[0-9０-９〇零一二三四五六七八九十百千万两]+")
_PUNCT_RE = LazyPattern(r"[\s\W_]+", re.UNICODE)


def normalise_sentence(text: str) -> str:
    """Key for comparing sentences across years: no spaces or punctuation, numbers as #."""
    s = remove_spaces(text)
    s = _DIGITS_RE.sub("#", s)
    return _PUNCT_RE.sub("", s)


@dataclass(eq=False, repr=False)
class SectionCopy:
    number: int
    share: float
    copied_chars: int
    total_chars: int
    first_paragraph: int
    examples: list[str]


def _section_sentences(paras: list[ProseParagraph], boiler: list[re.Pattern[str]]) -> dict[int, list[tuple[str, str, int]]]:
    """section number -> [(sentence as written, its key, paragraph index)], boilerplate left out."""
    out: dict[int, list[tuple[str, str, int]]] = {}
    for pp in paras:
        if pp.section is None:
            continue
        for sent in pp.sentences:
            raw = squash_spaces(sent.text)
            if not raw or any(p.search(raw) for p in boiler):
                continue
            key = normalise_sentence(raw)
            if len(key) < 6:
                continue
            out.setdefault(pp.section, []).append((raw, key, pp.paragraph.index))
    return out


def section_sentences(paras: list[ProseParagraph], boiler: list[re.Pattern[str]]) -> dict[int, list[tuple[str, str, int]]]:
    """The sentences :func:`copied_sections` compares, from prose paragraphs as
    :func:`.prose.prose_paragraphs` reads them (kept in each report's :class:`YearFacts`)."""
    return _section_sentences(paras, boiler)


def copied_sections(
    mine: Mapping[int, list[tuple[str, str, int]]], theirs: Mapping[int, list[tuple[str, str, int]]],
    sentence_similarity: float, min_chars: int,
) -> list[SectionCopy]:
    """Each section of this year's prose with the share of it copied from last year's
    (both as :func:`section_sentences` gives them)."""
    from difflib import SequenceMatcher  # only with a previous report: not imported otherwise

    pool_all = [k for ss in theirs.values() for _, k, _ in ss]
    out = []
    for number, ss in sorted(mine.items()):
        total = sum(len(k) for _, k, _ in ss)
        if total < min_chars:
            continue
        pool = [k for _, k, _ in theirs.get(number, [])] or pool_all
        exact = set(pool)
        copied, examples = 0, []
        for raw, key, _ in ss:
            hit = key in exact
            if not hit:
                for other in pool:
                    sm = SequenceMatcher(None, key, other, autojunk=False)
                    if sm.real_quick_ratio() < sentence_similarity or sm.quick_ratio() < sentence_similarity:
                        continue
                    if sm.ratio() >= sentence_similarity:
                        hit = True
                        break
            if hit:
                copied += len(key)
                if len(examples) < 2:
                    examples.append(raw)
        out.append(SectionCopy(number, copied / total if total else 0.0, copied, total, ss[0][2], examples))
    return out


class CopiedFromLastYear(_CrossYearRule):
    """A section repeats last year's report nearly verbatim (内容雷同).

    The 2021 format's notice (国办公开办函〔2021〕30号, "（四）明确责任") names 内容雷同 among
    the failures that draw accountability; supervising offices have found reports repeating
    the previous year's almost entirely. For each section, the share of its prose (in
    characters, numbers folded so that a changed year or figure does not hide a copy)
    made of sentences at least ``sentence_similarity`` similar (difflib ratio) to a
    sentence of the same section last year. Standard boilerplate (``data.prose.boilerplate``:
    headings, the statistics-period sentence, the 条例 citation, ``无``) is left out;
    sections with less than ``min_chars`` characters of prose are not judged. Reported
    when the share reaches ``section_share``.

    ---
    某一部分的文字与上年度报告同一部分几乎相同（内容雷同）。国办公开办函〔2021〕30号“（四）明确责任”将内容雷同列为问责情形之一。
    按字数计算该部分中与上年度相似度不低于sentence_similarity的句子所占比例（数字不计，年份、数据改动不影响判断），
    标准套话（标题、统计期限句、《条例》引用、“无”）不计；不足min_chars字的部分不判断；比例达到section_share时报告。
    """

    code = "AR813"
    name = "copied-from-last-year"
    category = Category.NARRATIVE
    default_severity = Severity.WARNING
    summary = Message(zh="与上年度报告内容雷同", en="text copied nearly verbatim from last year's report")
    default_options = {"sentence_similarity": 0.85, "section_share": 0.5, "min_chars": 80}

    def compare(self, this: YearFacts, last: YearFacts | None, ctx: RuleContext) -> Iterable[Problem]:
        if last is None:
            return
        opts: Mapping[str, Any] = ctx.options
        sim = float(opts.get("sentence_similarity", 0.85))
        share = float(opts.get("section_share", 0.5))
        min_chars = int(opts.get("min_chars", 80))
        for sc in copied_sections(this.sentences, last.sentences, sim, min_chars):
            if sc.share < share:
                continue
            pct = f"{sc.share * 100:.0f}%"
            heading, heading_index = this.headings.get(sc.number, (str(sc.number), sc.first_paragraph))
            then_zh, then_en = _year(last, True), _year(last, False)
            example = f"，如“{excerpt(sc.examples[0], 40)}”" if sc.examples else ""
            example_en = f", e.g. “{excerpt(sc.examples[0], 40)}”" if sc.examples else ""
            yield Problem(
                message=Message(
                    zh=f"“{heading}”部分{pct}的文字与{then_zh}相同或几乎相同（{sc.copied_chars}/{sc.total_chars}字）{example}",
                    en=f"{pct} of the text of “{heading}” repeats {then_en} verbatim or nearly "
                    f"({sc.copied_chars}/{sc.total_chars} characters){example_en}",
                ),
                location=Location(section=sc.number, paragraph=heading_index, excerpt=heading),
                expected=f"< {share * 100:.0f}%",
                actual=pct,
            )


CROSSYEAR_RULES: list[type[PairRule]] = [CarryOverVsLastYear, StockVsLastYear, CopiedFromLastYear]
