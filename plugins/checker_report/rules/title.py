"""The report's title: present, with the agency, the year and the phrase the profile requires."""

from __future__ import annotations

from checker import Category, Location, Problem
from checker.findings import Severity
from checker.fix import make_fix, paragraph_edit
from checker.text import excerpt, remove_spaces
from checker.report.rulebase import ReportRule, msg


def _title_fix(st, pattern: str):
    """The title written to the profile's pattern, when the agency and the year are certain:
    the agency from the title itself or the 落款, the year from the title, the opening or
    the statistics period (never guessed from the date line); a title on one paragraph."""
    t = st.title
    if t is None or len(t.paragraphs) != 1:
        return None
    agency = t.agency
    if not agency and st.signature is not None:
        agency = remove_spaces(st.signature.text)
        if st.date_line is not None and st.date_line.paragraph is st.signature:
            agency = agency.replace(remove_spaces(st.date_line.date.raw), "")
        agency = agency.strip("（）()")
    year = t.year if t.year is not None else (
        st.year if st.year_source in ("opening", "statistics period") else None)
    if not agency or year is None:
        return None
    return make_fix([paragraph_edit(t.paragraphs[0], pattern.replace("{agency}", agency).replace("{year}", str(year)))])


class Title(ReportRule):
    """Checks the report's title: present, with the agency, a four-digit year and
    the phrase 政府信息公开工作年度报告.

    The title is the first short paragraph (before the first section heading) holding
    the phrase or 年度报告; a title split over two lines (agency above) is read as one.
    Both orders occur: `<机关><YYYY>年政府信息公开工作年度报告` and
    `<YYYY>年<机关>政府信息公开工作年度报告`. A near-miss phrase (dropping 工作) is a
    warning; a missing title, agency or year is an error.

    Why: the year and the issuing agency identify the report (art. 49 and 50 of the
    条例; both orders are the usual titles of published reports).

    A title only in the page header is not the report's title (the body must carry it),
    though it is evidence for the year and the agency; the finding names it.

    Fails: `政府信息公开工作年度报告格式模板` (no agency, no year), `2022年政府信息公开工作年度报告`.

    Passes: `嘉兴市秀洲区交通运输局2020年政府信息公开工作年度报告`.

    Fix: write the full title: agency name, the four-digit report year with 年, and
    政府信息公开工作年度报告.

    ---
    检查报告标题：应有标题，并包含机关名称、四位数年份和“政府信息公开工作年度报告”。
    “政府信息公开年度报告”等近似写法为警告；缺少标题、机关名称或年份为错误。

    标题只在页眉中时不能代替正文标题（仍报告没有标题），但页眉中的年份和机关名称仍作为识别报告年度和机关的依据。

    依据：年度报告须写明报告年度和发布机关（《条例》第四十九、五十条）。

    不通过：“政府信息公开工作年度报告格式模板”（无机关、无年份）。

    通过：“嘉兴市秀洲区交通运输局2020年政府信息公开工作年度报告”。

    修改：按“机关名称＋年份＋政府信息公开工作年度报告”写全标题。
    """

    code = "TTL101"
    redirected_from = ("AR103",)
    name = "report-title"
    category = Category.SECTION
    default_severity = Severity.ERROR
    summary = msg("标题应包含机关名称、年份和规定的报告名称", "The title must hold the agency, the year and the report's name")
    fix_applicability = "safe"
    fix_summary = msg("机关名称和年份确定时（取自标题、落款、开头或统计期限），按规定格式重写标题，保留文字格式",
                      "rewrites the title to the required pattern when the agency and the year are certain "
                      "(from the title, the 落款, the opening or the statistics period), keeping its formatting")

    def check(self, doc, ctx):
        st = self.structure(doc, ctx)
        tdata = ctx.profile_data.get("title") or {}
        phrase = str(tdata.get("phrase") or "")
        pattern = str(tdata.get("template") or "{agency}{year}年" + phrase)
        wanted_zh = pattern.replace("{agency}", "<机关名称>").replace("{year}", "<YYYY>")
        wanted_en = pattern.replace("{agency}", "<agency>").replace("{year}", "<year>")
        if "template" not in tdata:  # the words the annual report's messages have always used
            wanted_en = f"<agency><year>年{phrase}"
        t = st.title
        if t is None:
            head = st.header_title  # a title only in the page header: still no title in the body
            yield Problem(
                msg(f"报告没有标题（应为“{wanted_zh if 'template' in tdata else '机关名称＋年份＋' + phrase}”）"
                    + (f"；页眉中的“{head.text}”不能代替正文标题" if head is not None else ""),
                    f"the report has no title (expected '{wanted_en}')"
                    + (f"; the page header's '{head.text}' does not stand for a title in the body" if head is not None else "")),
                Location(paragraph=1),
                expected=msg(wanted_zh, wanted_en),
                actual=head.text if head is not None else None,
            )
            return
        loc = st.paragraph_location(t.paragraph, excerpt=excerpt(t.text, 60)) if t.paragraph else Location()
        missing_zh, missing_en = [], []
        if not t.agency:
            missing_zh.append("机关名称")
            missing_en.append("the agency")
        if t.year is None:
            missing_zh.append("四位数年份")
            missing_en.append("a four-digit year")
        if not t.phrase_found and not t.near_miss:
            missing_zh.append(f"“{phrase}”")
            missing_en.append(f"'{phrase}'")
        if missing_zh:
            extra_zh = "（这是模板的标题）" if t.template_words else ""
            extra_en = " (it is the template's title)" if t.template_words else ""
            yield Problem(
                msg(f"标题“{t.text}”缺少{'、'.join(missing_zh)}{extra_zh}",
                    f"the title '{t.text}' lacks {', '.join(missing_en)}{extra_en}"),
                loc,
                expected=msg(wanted_zh, wanted_en),
                actual=t.text,
                fix=_title_fix(st, pattern),
            )
        if t.near_miss and not t.phrase_found:
            yield Problem(
                msg(f"标题写作“{t.near_miss}”，格式为“{phrase}”", f"the title says '{t.near_miss}'; the format says '{phrase}'"),
                loc,
                expected=phrase,
                actual=t.near_miss,
                severity=Severity.WARNING,
                fix=_title_fix(st, pattern),
            )


class TitleYearAgainstText(ReportRule):
    """Checks that the title's year is the year the opening of the report speaks of.

    Where a profile says how the opening names the report year (``data.opening``:
    `2023年，…`, `现将2023年…报告如下`), a title whose year differs from it has one of the
    two wrong: most often the title was copied from last year's report.

    Why: the title and the text must report on the same year; supervising offices list a
    wrong year among the faults they send back.

    The same when the title is the odd one out among all the evidence for the year (the
    statistics period, the opening, the date line, the prose of section 一, the file name
    agree on another year): the finding points at the title, and the report is judged as
    of the year the others give.

    Fails: the title `某县2022年度工作报告` over `2023年，某县…`; a title saying 2019 over a
    statistics period of 2020 and a date line of 2021.

    Passes: the title `某县2023年度工作报告` over `2023年，某县…`.

    Fix: correct the year of the title (or of the opening).

    ---
    检查标题中的年份是否与正文开头所写的年度一致（规则集 data.opening 说明开头如何写年度，如“2023年，……”
    “现将2023年……报告如下”）。两者不一致时必有一处错误，多为沿用上年标题。标题年份与其他所有证据（统计期限、开头、
    成文日期、第一部分正文、文件名）一致表明的年度不同时，同样报告并指向标题，报告按其他证据的年度检查。

    依据：标题与正文应报告同一年度；年份错误是主管部门退回报告的常见原因。

    不通过：标题“某县2022年度工作报告”，正文开头“2023年，某县……”。

    通过：标题与开头都是2023年。

    修改：改正标题（或开头）中的年份。
    """

    code = "TTL102"
    name = "title-year-vs-text"
    category = Category.SECTION
    default_severity = Severity.ERROR
    summary = msg("标题年份应与正文开头所写年度一致", "The title's year must be the year the opening speaks of")

    def check(self, doc, ctx):
        st = self.structure(doc, ctx)
        t = st.title
        if t is None or t.year is None:
            return
        if st.year_outlier is not None and st.year_outlier[0] == "title":
            yield self._odd_one_out(st, t)
            return
        if st.opening_year is None or t.year == st.opening_year:
            return
        yield Problem(
            msg(f"标题年份为{t.year}年，正文开头写的是{st.opening_year}年",
                f"the title says {t.year}, the opening of the report speaks of {st.opening_year}"),
            st.paragraph_location(t.paragraph, excerpt=excerpt(t.text, 60)) if t.paragraph else Location(),
            expected=f"{st.opening_year}年",
            actual=f"{t.year}年",
        )

    @staticmethod
    def _odd_one_out(st, t) -> Problem:
        """The title's year against every other source that agrees on another year."""
        from checker.report.evidence import source_names

        agree = [k for k, v in st.year_sources.items() if v == st.year and k != "title"]
        return Problem(
            msg(f"标题年份为{t.year}年，而{source_names(agree, 'zh')}均表明报告年度为{st.year}年",
                f"the title says {t.year}, but the {source_names(agree, 'en')} all give the report year {st.year}"),
            st.paragraph_location(t.paragraph, excerpt=excerpt(t.text, 60)) if t.paragraph else Location(),
            expected=f"{st.year}年",
            actual=f"{t.year}年",
        )
