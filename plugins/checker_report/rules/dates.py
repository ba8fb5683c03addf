"""The 成文日期 at the end and the statistics period."""

from __future__ import annotations

from datetime import date

from checker import Category, Location, Problem
from checker.findings import Severity
from checker.text import squash_spaces

from checker.report.rulebase import ReportRule, msg


def _deadline(ctx, kind: str) -> tuple[int, int]:
    opt = ctx.options.get("deadlines") or {}
    table = dict(ctx.profile_data.get("deadlines") or {})
    table.update(opt)
    raw = str(table.get(kind) or table.get("unknown") or "03-31")
    m, d = raw.split("-")
    return int(m), int(d)


def deadline_date(year: int, month: int, day: int) -> date:
    """The deadline in ``year``; a day past the month's end is its last day ("02-29" is the
    last day of February in every year: 3月1日之前 means by then)."""
    import calendar

    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


class DatePresent(ReportRule):
    """Checks that the report ends with its 成文日期 (date line).

    The date is looked for among the last non-empty paragraphs after the last section
    heading: a short line holding a date (`2021年1月15日`), alone or after the agency
    name. A date elsewhere (e.g. a web page's `发布日期` under the title) is not the
    成文日期.

    Why: the date shows the report was made before the statutory deadline (art. 49 of
    the 条例); GB/T 9704-2012 《党政机关公文格式》 places the 成文日期 under the 落款.

    A date line left as the template's placeholder (`××××年××月××日`, the profile's
    `date.placeholders`) is not reported here: it is there, unfilled, and DOC001 says so
    (one finding per fact, not "no date line" as well).

    Fails: a report ending with `六、其他需要报告的事项` / `无。`.

    Passes: a report ending with `区交通运输局` / `2021年1月15日`.

    Fix: add the date line (Arabic numerals, `YYYY年M月D日`) at the end, under the agency name.

    ---
    检查报告末尾是否有成文日期：在最后一个部分标题之后的末尾几段中查找只含日期（或机关名称加日期）的短行。
    其他位置的日期（如标题下网页的“发布日期”）不是成文日期。成文日期仍为模板占位“××××年××月××日”时由 DOC001 报告为未填写的占位内容，本规则不再重复报告“没有成文日期”。

    依据：成文日期体现报告是否按《条例》第四十九条的期限完成；GB/T 9704—2012规定成文日期位于落款之下。

    不通过：报告以“六、其他需要报告的事项／无。”结束。

    通过：报告以“区交通运输局／2021年1月15日”结束。

    修改：在末尾机关名称下加上成文日期（阿拉伯数字，“YYYY年M月D日”）。
    """

    code = "DAT601"
    redirected_from = ("AR601",)
    name = "date-present"
    category = Category.DATE
    default_severity = Severity.ERROR
    summary = msg("报告末尾应有成文日期", "The report must end with its date line (成文日期)")

    def check(self, doc, ctx):
        from checker.report.content import date_placeholder

        st = self.structure(doc, ctx)
        if st.date_line is not None:
            return
        if date_placeholder(st) is not None:
            return  # the date line is there, unfilled: DOC001 says so, once
        tail = st.tail_paragraphs(1)
        loc = st.paragraph_location(tail[0]) if tail else Location()
        yield Problem(
            msg("报告末尾没有成文日期", "the report has no date line (成文日期) at the end"),
            loc,
            expected="YYYY年M月D日",
            actual=None,
        )


class DateFormat(ReportRule):
    """Checks the form of the 成文日期: Arabic numerals, four-digit year, a real date.

    Errors: a year that is not four digits (`202020年`), a month or day that does not
    exist (`1月35日`, `2月30日`). Warnings: Chinese numerals (`二〇二一年一月十五日`),
    zero padding (`2021年01月05日`), a numeric form (`2021-01-15`, `2021.1.15`).

    Why: GB/T 9704-2012 clause 7.3.5.4: the 成文日期 uses Arabic numerals, the year in
    full, month and day without leading zeros; typos in dates occur in published
    reports (a statistics period ending `202020年12月31日`).

    Fails: `202020年1月15日`, `2021年1月35日`.

    Passes: `2021年1月15日`.

    Fix: write the date as `YYYY年M月D日` with Arabic numerals.

    ---
    检查成文日期的写法：阿拉伯数字、四位年份、真实存在的日期。年份不是四位（“202020年”）、月日不存在
    （“1月35日”）为错误；用汉字数字（“二〇二一年一月十五日”）、月日前加0（“01月05日”）、写成“2021-01-15”为警告。

    依据：GB/T 9704—2012第7.3.5.4条：成文日期用阿拉伯数字将年、月、日标全，年份标全称，月、日不编虚位。

    不通过：“202020年1月15日”“2021年1月35日”。

    通过：“2021年1月15日”。

    修改：按“YYYY年M月D日”用阿拉伯数字书写。
    """

    code = "DAT602"
    redirected_from = ("AR602",)
    name = "date-format"
    category = Category.DATE
    default_severity = Severity.ERROR
    summary = msg("成文日期应用阿拉伯数字写全年月日", "The date line must be a real date in Arabic numerals")

    def check(self, doc, ctx):
        st = self.structure(doc, ctx)
        if st.date_line is None:
            return
        wd = st.date_line.date
        loc = st.paragraph_location(st.date_line.paragraph)
        if wd.errors:
            yield Problem(
                msg(f"成文日期“{wd.raw}”有误：{'；'.join(z for z, _ in wd.errors)}",
                    f"the date line '{wd.raw}' is wrong: {'; '.join(e for _, e in wd.errors)}"),
                loc, expected="YYYY年M月D日", actual=wd.raw,
            )
            return
        notes_zh, notes_en = [], []
        if wd.chinese_numerals:
            notes_zh.append("应使用阿拉伯数字")
            notes_en.append("use Arabic numerals")
        if wd.zero_padded:
            notes_zh.append("月、日不编虚位（不加0）")
            notes_en.append("no leading zeros in month and day")
        if wd.numeric_form:
            notes_zh.append("应写作“年月日”")
            notes_en.append("write 年/月/日")
        if notes_zh:
            yield Problem(
                msg(f"成文日期“{wd.raw}”写法不规范：{'；'.join(notes_zh)}",
                    f"the date line '{wd.raw}' is not in the standard form: {'; '.join(notes_en)}"),
                loc,
                expected=f"{wd.year}年{wd.month}月{wd.day}日",
                actual=wd.raw,
                severity=Severity.WARNING,
            )


class DateYear(ReportRule):
    """Checks that the 成文日期 falls in the year after the report year.

    A 2020 report is made in 2021: a date in the report year itself, or two years
    later, means a typo or a copied report.

    Why: art. 49 of the 条例: the report on year N is published by 31 January or
    31 March of year N+1.

    Fails: a 2020 report dated `2020年1月15日`.

    Passes: a 2020 report dated `2021年1月15日`.

    Fix: correct the year of the date line (or of the title).

    ---
    检查成文日期是否在报告年度的次年：2020年度报告应在2021年形成；日期在报告年度当年或两年后，说明有笔误或套用旧报告。

    依据：《条例》第四十九条：每年1月31日或3月31日前公布上一年度报告。

    不通过：2020年度报告落款日期“2020年1月15日”。

    通过：2020年度报告落款日期“2021年1月15日”。

    修改：改正成文日期（或标题）中的年份。
    """

    code = "DAT603"
    redirected_from = ("AR603",)
    name = "date-year"
    category = Category.DATE
    default_severity = Severity.ERROR
    summary = msg("成文日期应在报告年度的次年", "The date line must fall in the year after the report year")

    def check(self, doc, ctx):
        st = self.structure(doc, ctx)
        if st.date_line is None or st.year is None or st.year_source == "date line":
            return
        wd = st.date_line.date
        if not wd.valid or wd.year == st.year + 1:
            return
        yield Problem(
            msg(f"报告年度为{st.year}年，成文日期“{wd.raw}”应在{st.year + 1}年",
                f"the report year is {st.year}, so the date line '{wd.raw}' should be in {st.year + 1}"),
            st.paragraph_location(st.date_line.paragraph),
            expected=f"{st.year + 1}年",
            actual=wd.raw,
        )


class Deadline(ReportRule):
    """Checks that the 成文日期 is not after the statutory deadline.

    Departments (县级以上人民政府部门) publish by 31 January, governments (the
    whole-government report, incl. its 办公室/办公厅, 乡镇, 街道) by 31 March of the year
    after the report year. The agency kind is read from the agency name in the title,
    unless a round's roster (``--roster``, column ``kind``) gives the body's kind; the deadlines are data (`data.deadlines`, per kind, "MM-DD") and may be overridden
    with the option `deadlines` (local rules often set earlier dates).

    Why: art. 49 of the 条例; late publication (不按时发布) is one of the four failures
    named by 国办公开办函〔2021〕30号 (“（四）明确责任”) for accountability under art. 47.

    Fails: `某区交通运输局2020年…年度报告` dated `2021年2月5日`.

    Passes: the same report dated `2021年1月15日`.

    Fix: the date must be the real date of the report; publish on time next year.

    ---
    检查成文日期是否晚于法定期限：政府部门为次年1月31日，人民政府（含政府办公室／办公厅、乡镇、街道）为次年3月31日。
    机关类别由标题中的机关名称判断；使用报送名单（--roster）且名单登记了类别（kind）时，以名单为准；期限来自配置data.deadlines，可用选项deadlines覆盖（地方常规定更早的期限）。

    依据：《条例》第四十九条；“不按时发布”是30号文列明的问责情形之一。

    不通过：区交通运输局2020年度报告落款“2021年2月5日”。

    通过：落款“2021年1月15日”。

    修改：成文日期应为真实日期；按期限编制发布。
    """

    code = "DAT604"
    redirected_from = ("AR604",)
    name = "deadline"
    category = Category.DATE
    default_severity = Severity.ERROR
    summary = msg("成文日期不应晚于法定期限", "The date line must not be after the statutory deadline")
    default_options = {"deadlines": {}}

    def check(self, doc, ctx):
        st = self.structure(doc, ctx)
        if st.date_line is None or st.year is None:
            return
        d = st.date_line.date.as_date()
        if d is None or d.year != st.year + 1:
            return
        # the kind the user's roster gives the body (engine: Settings.bodies), else its name's
        from_roster = ctx.metadata.get("agency_kind_source") == "roster"
        agency_kind = str(ctx.metadata.get("agency_kind") or st.agency_kind) if from_roster else st.agency_kind
        m, day = _deadline(ctx, agency_kind)
        limit = deadline_date(st.year + 1, m, day)
        m, day = limit.month, limit.day
        if d <= limit:
            return
        kind = ((ctx.profile_data.get("agency") or {}).get("kinds") or {}).get(agency_kind) or {}
        kind_zh = str(kind.get("zh") or "机关")
        kind_en = str(kind.get("en") or "an agency")
        said_zh = f"报送名单登记为{kind_zh}" if from_roster else f"为{kind_zh}"
        said_en = f"is {kind_en} on the roster" if from_roster else f"is {kind_en}"
        yield Problem(
            msg(f"成文日期{st.date_line.date.raw}晚于期限{limit.year}年{m}月{day}日（{st.agency or '本机关'}{said_zh}）",
                f"the date line {d.isoformat()} is after the deadline {limit.isoformat()} "
                f"({st.agency or 'the agency'} {said_en})"),
            st.paragraph_location(st.date_line.paragraph),
            expected=msg(f"不晚于{limit.year}年{m}月{day}日", f"on or before {limit.isoformat()}"),
            actual=st.date_line.date.raw,
        )


class StatisticsPeriod(ReportRule):
    """Checks a stated statistics period: well-formed dates covering exactly the report year.

    Many reports state `本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止`. When
    such a sentence is present, its dates must be real (`202020年12月31日` is an error)
    and run from 1 January to 31 December of the report year. A report without the
    sentence is not reported (the format does not require it).

    Why: the report is on one year, the year its title names (art. 49 of the 条例: the
    previous year's annual report); typos such as `202020年` occur in published reports.

    Fails: `统计期限自2021年1月1日至2021年12月31日` in a 2022 report.

    Passes: `统计期限自2022年1月1日起至2022年12月31日止` in a 2022 report.

    Fix: state the period of the report year, 1月1日 to 12月31日.

    ---
    检查报告写明的统计期限：日期应真实有效（“202020年12月31日”为错误），并恰好为报告年度的1月1日至12月31日。
    没有写统计期限的不报告（格式未要求）。

    依据：统计期限即报告年度（与标题年份一致；《条例》第四十九条规定公布上一年度的年度报告）；已发布的报告中出现过“202020年”之类的笔误。

    不通过：2022年度报告写“统计期限自2021年1月1日至2021年12月31日”。

    通过：2022年度报告写“统计期限自2022年1月1日起至2022年12月31日止”。

    修改：写明报告年度1月1日至12月31日。
    """

    code = "DAT605"
    redirected_from = ("AR605",)
    name = "statistics-period"
    category = Category.DATE
    default_severity = Severity.ERROR
    summary = msg("统计期限应为报告年度全年", "The statistics period must be the report year")

    def check(self, doc, ctx):
        st = self.structure(doc, ctx)
        sp = st.statistics_period
        if sp is None:
            return
        loc = st.paragraph_location(sp.paragraph, excerpt=squash_spaces(sp.text))
        bad = [d for d in (sp.start, sp.end) if d.errors]
        if bad:
            errs_zh = "；".join(z for d in bad for z, _ in d.errors)
            errs_en = "; ".join(e for d in bad for _, e in d.errors)
            yield Problem(
                msg(f"统计期限“{squash_spaces(sp.text)}”中的日期有误：{errs_zh}",
                    f"the statistics period '{squash_spaces(sp.text)}' has a wrong date: {errs_en}"),
                loc, expected="YYYY年1月1日至YYYY年12月31日", actual=squash_spaces(sp.text),
            )
            return
        if st.year is None:
            return
        want = (date(st.year, 1, 1), date(st.year, 12, 31))
        got = (sp.start.as_date(), sp.end.as_date())
        if got != want:
            yield Problem(
                msg(f"统计期限“{squash_spaces(sp.text)}”应为{st.year}年1月1日至{st.year}年12月31日",
                    f"the statistics period '{squash_spaces(sp.text)}' should be {st.year}-01-01 to {st.year}-12-31"),
                loc,
                expected=f"{st.year}年1月1日至{st.year}年12月31日",
                actual=squash_spaces(sp.text),
            )
