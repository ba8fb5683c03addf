"""This year's report against last year's (``checker check THIS --previous LAST``, or a
batch pairing the same agency's consecutive reports). Every rule here does nothing when
``ctx.previous`` is None.

* AR811 - 上年结转 (this year) = 结转下年度继续办理 (last year), column by column.
* AR812 - (2021 format) 现行有效件数 this year = last year's + 本年制发 − 本年废止, for 规章
  and 行政规范性文件 (a warning: amendments can blur it).
* AR813 - sections copied nearly verbatim from last year's report (内容雷同).

Last year's report is analysed with the same profile data but with the edition chosen
from its own year (a 2021 report's predecessor may follow the 2019 format).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable, Mapping

from checker import Message, Rule
from checker.findings import Category, Location, Severity
from checker.model import Document
from checker.rules import Problem, RuleContext
from checker.text import excerpt, remove_spaces, squash_spaces

from .prose import ProseParagraph, cell_value, fmt, prose_data, prose_paragraphs, report_prose
from checker.report.agency import same_agency as same_body
from checker.report.structure import NamedCell, ReportStructure, analyse, build, cells_where, describe_cell
from checker.report.textutil import LazyPattern

PREVIOUS_MEMO_KEY = "annual_report.previous_structure"


def previous_structure(ctx: RuleContext) -> ReportStructure | None:
    """Last year's report analysed once per run of this document (None without one)."""
    prev = ctx.previous
    if prev is None:
        return None

    def make() -> ReportStructure:
        data = dict(ctx.profile_data or {})
        data["edition"] = "auto"  # last year's report follows the format of its own year
        return build(prev, data)

    return ctx.memo(PREVIOUS_MEMO_KEY, make)


def consecutive(this: ReportStructure, last: ReportStructure) -> bool:
    """False only when both years are known and are not consecutive."""
    return this.year is None or last.year is None or this.year == last.year + 1


def same_agency(this: ReportStructure, last: ReportStructure) -> bool:
    """False only when both agencies are known and are not the same body
    (:func:`checker.report.agency.same_agency`: ``区交通运输局`` and ``嘉兴市秀洲区交通运输局``
    are the same agency)."""
    return same_body(this.agency, last.agency, this.data)


def not_comparable(this: ReportStructure, last: ReportStructure) -> Problem | None:
    """An info finding saying why the two reports' tables are not compared, or None."""
    if not consecutive(this, last):
        zh = f"上年度报告为{last.year}年度，本报告为{this.year}年度，年度不相接，未比对跨年度数据"
        en = f"the previous report is for {last.year} and this one for {this.year}: not consecutive, tables not compared"
    elif not same_agency(this, last):
        zh = f"上年度报告的机关为“{last.agency}”，本报告为“{this.agency}”，不是同一机关，未比对跨年度数据"
        en = f"the previous report is by {last.agency}, this one by {this.agency}: not the same agency, tables not compared"
    else:
        return None
    return Problem(message=Message(zh=zh, en=en), location=Location(excerpt=this.agency or None),
                   severity=Severity.INFO)


def _year(st: ReportStructure, zh: bool) -> str:
    if st.year is None:
        return "上年度报告" if zh else "last year's report"
    return f"{st.year}年度报告" if zh else f"the {st.year} report"


def _cell_text(c: NamedCell, value: Decimal | None, report: str, lang: str) -> str:
    if lang == "zh":
        return f"{report}{describe_cell(c, 'zh')}为{fmt(value)}"
    return f"{describe_cell(c, 'en')} of {report} = {fmt(value)}"


# --- AR811 --------------------------------------------------------------------------


class CarryOverVsLastYear(Rule):
    """上年结转 this year differs from 结转下年度继续办理 in last year's report.

    Spec §8.1 T3-XYEAR: the applications carried into year N are exactly those carried
    out of year N−1, in each applicant column. Reported per column, naming both cells;
    blank cells read 0 and a blank 总计 the sum of its row. Needs last year's report of
    the same agency (``--previous``, or batch pairing). When both years are known and
    are not consecutive, or both agencies are known and differ, the tables are not
    compared and one info finding says so.
    """

    requires_profile = True  # reads the annual-report profile's data

    code = "AR811"
    name = "carry-over-vs-last-year"
    category = Category.NARRATIVE
    default_severity = Severity.WARNING
    summary = Message(zh="本年“上年结转”与上年度报告“结转下年度继续办理”不一致",
                      en="this year's carried-in applications differ from last year's carried-out ones")

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Problem]:
        last = previous_structure(ctx)
        if last is None:
            return
        this = analyse(doc, ctx)
        skip = not_comparable(this, last)
        if skip is not None:
            yield skip  # said once, by this rule
            return
        data = prose_data(ctx)
        cols = [n.split(".")[-1] for n in this.cells if n.startswith("T3.CARRY_IN.")]
        for col in cols:
            a_name, b_name = f"T3.CARRY_IN.{col}", f"T3.CARRY_OUT.{col}"
            a, b = this.cell(a_name), last.cell(b_name)
            if a is None or b is None:
                continue
            av, _ = cell_value(this, a_name, data)
            bv, _ = cell_value(last, b_name, data)
            if av is None or bv is None or av == bv:
                continue
            then_zh, then_en = _year(last, True), _year(last, False)
            yield Problem(
                message=Message(
                    zh=f"{_cell_text(a, av, '本年度报告', 'zh')}，但{_cell_text(b, bv, then_zh, 'zh')}：两者应相等",
                    en=f"{_cell_text(a, av, 'this report', 'en')}, but {_cell_text(b, bv, then_en, 'en')}: "
                    "they should be equal",
                ),
                location=a.location,
                expected=fmt(bv),
                actual=fmt(av),
            )


# --- AR812 --------------------------------------------------------------------------


class StockVsLastYear(Rule):
    """现行有效件数 does not follow from last year's stock (2021 format).

    Spec §8.3 T2-STOCK: valid(N) = valid(N−1) + 本年制发件数(N) − 本年废止件数(N), for
    规章 and 行政规范性文件. Amendments and documents expiring by their own term can
    blur it, hence a warning. Only when both reports have the 2021 table 二.
    """

    requires_profile = True  # reads the annual-report profile's data

    code = "AR812"
    name = "stock-vs-last-year"
    category = Category.NARRATIVE
    default_severity = Severity.WARNING
    summary = Message(zh="现行有效件数与上年度现行有效件数及本年制发、废止件数不符",
                      en="the number in force does not follow from last year's plus issued minus repealed")

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Problem]:
        last = previous_structure(ctx)
        if last is None:
            return
        this = analyse(doc, ctx)
        if not_comparable(this, last) is not None:
            return
        data = prose_data(ctx)
        for row in ("REG", "NORM"):
            names = {k: f"T2.{row}.{k}" for k in ("made", "repealed", "valid")}
            cells = {k: this.cell(n) for k, n in names.items()}
            prev_cell = last.cell(names["valid"])
            if prev_cell is None or any(c is None for c in cells.values()):
                continue
            vals = {k: cell_value(this, n, data)[0] for k, n in names.items()}
            pv = cell_value(last, names["valid"], data)[0]
            if pv is None or any(v is None for v in vals.values()):
                continue
            expected = pv + vals["made"] - vals["repealed"]  # type: ignore[operator]
            if expected == vals["valid"]:
                continue
            label = cells["valid"].row_label or {"REG": "规章", "NORM": "行政规范性文件"}[row]  # type: ignore[union-attr]
            then_zh, then_en = _year(last, True), _year(last, False)
            yield Problem(
                message=Message(
                    zh=f"{label}现行有效件数为{fmt(vals['valid'])}，但{then_zh}现行有效{fmt(pv)}件"
                    f"＋本年制发{fmt(vals['made'])}件－本年废止{fmt(vals['repealed'])}件＝{fmt(expected)}"
                    f"（本年度{cells_where([cells['valid']], 'zh')}；上年度{cells_where([prev_cell], 'zh')}）",
                    en=f"{label}: {fmt(vals['valid'])} in force, but {then_en} had {fmt(pv)} + {fmt(vals['made'])} issued "
                    f"− {fmt(vals['repealed'])} repealed = {fmt(expected)} (this year {cells_where([cells['valid']], 'en')}; "
                    f"last year {cells_where([prev_cell], 'en')})",
                ),
                location=cells["valid"].location,  # type: ignore[union-attr]
                expected=fmt(expected),
                actual=fmt(vals["valid"]),
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


def copied_sections(
    this: list[ProseParagraph], last: list[ProseParagraph],
    boiler: list[re.Pattern[str]], sentence_similarity: float, min_chars: int,
) -> list[SectionCopy]:
    """Each section of this year's prose with the share of it copied from last year's
    (both as :func:`.prose.prose_paragraphs` reads them)."""
    from difflib import SequenceMatcher  # only with a previous report: not imported otherwise

    mine = _section_sentences(this, boiler)
    theirs = _section_sentences(last, boiler)
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


class CopiedFromLastYear(Rule):
    """A section repeats last year's report nearly verbatim (内容雷同).

    The 2021 format (国办公开办函〔2021〕30号, "（四）明确责任") names 内容雷同 among the
    failures that draw accountability; supervisors have found reports repeating the
    previous year's up to 90 % (spec §10). For each section, the share of its prose (in
    characters, numbers folded so that a changed year or figure does not hide a copy)
    made of sentences at least ``sentence_similarity`` similar (difflib ratio) to a
    sentence of the same section last year. Standard boilerplate (``data.prose.boilerplate``:
    headings, the statistics-period sentence, the 条例 citation, ``无``) is left out;
    sections with less than ``min_chars`` characters of prose are not judged. Reported
    when the share reaches ``section_share``.
    """

    requires_profile = True  # reads the annual-report profile's data

    code = "AR813"
    name = "copied-from-last-year"
    category = Category.NARRATIVE
    default_severity = Severity.WARNING
    summary = Message(zh="与上年度报告内容雷同", en="text copied nearly verbatim from last year's report")
    default_options = {"sentence_similarity": 0.85, "section_share": 0.5, "min_chars": 80}

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Problem]:
        last = previous_structure(ctx)
        if last is None or ctx.previous is None:
            return
        this = analyse(doc, ctx)
        boiler = [re.compile(p) for p in prose_data(ctx).get("boilerplate") or []]
        opts: Mapping[str, Any] = ctx.options
        sim = float(opts.get("sentence_similarity", 0.85))
        share = float(opts.get("section_share", 0.5))
        min_chars = int(opts.get("min_chars", 80))
        mine, theirs = report_prose(this, doc, ctx), prose_paragraphs(last, ctx.previous)
        for sc in copied_sections(mine, theirs, boiler, sim, min_chars):
            if sc.share < share:
                continue
            pct = f"{sc.share * 100:.0f}%"
            section = this.sections.get(sc.number)
            heading = squash_spaces(section.heading.text) if section else str(sc.number)
            then_zh, then_en = _year(last, True), _year(last, False)
            example = f"，如“{excerpt(sc.examples[0], 40)}”" if sc.examples else ""
            example_en = f", e.g. “{excerpt(sc.examples[0], 40)}”" if sc.examples else ""
            yield Problem(
                message=Message(
                    zh=f"“{heading}”部分{pct}的文字与{then_zh}相同或几乎相同（{sc.copied_chars}/{sc.total_chars}字）{example}",
                    en=f"{pct} of the text of “{heading}” repeats {then_en} verbatim or nearly "
                    f"({sc.copied_chars}/{sc.total_chars} characters){example_en}",
                ),
                location=Location(section=sc.number, paragraph=section.heading.index if section else sc.first_paragraph,
                                  excerpt=heading),
                expected=f"< {share * 100:.0f}%",
                actual=pct,
            )


CROSSYEAR_RULES: list[type[Rule]] = [CarryOverVsLastYear, StockVsLastYear, CopiedFromLastYear]
