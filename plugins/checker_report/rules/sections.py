"""The sections a profile lists: present, in order, numbered as it says, worded as the template, filled."""

from __future__ import annotations

import re

from checker import Category, Location, Problem
from checker.findings import Severity
from checker.text import excerpt, label_key, squash_spaces

from checker.fix import make_fix, paragraph_edit
from checker.report.rulebase import numeral, ReportRule, msg, section_zh


def _official(spec) -> str:
    return f"{numeral(int(spec['number']))}、{spec['title']}"


def _prefix_end(text: str, ht) -> int | None:
    """Where the heading's own number and separator end in the paragraph's text (0: none)."""
    if not ht.numeral:
        return len(text) - len(text.lstrip())
    sep = ht.sep.strip()
    m = re.match(r"\s*" + re.escape(ht.numeral) + r"\s*" + (re.escape(sep) if sep else "") + r"\s*", text)
    return m.end() if m else None


def _renumber_fix(p, ht, want: str):
    """The safe fix of a heading's number: ``6、…`` reads ``六、…``, the rest as written."""
    end = _prefix_end(p.text, ht)
    return None if end is None else make_fix([paragraph_edit(p, f"{want}、{p.text[end:]}")])


def _reword_fix(p, ht, title: str):
    """The safe fix of a heading's wording: the number as written, then the official words."""
    end = _prefix_end(p.text, ht)
    return None if end is None else make_fix([paragraph_edit(p, p.text[:end] + title)])


def _longest_increasing(nums: list[int]) -> set[int]:
    """Indexes of one longest strictly increasing subsequence of ``nums``."""
    n = len(nums)
    best = [1] * n
    prev = [-1] * n
    for i in range(n):
        for j in range(i):
            if nums[j] < nums[i] and best[j] + 1 > best[i]:
                best[i], prev[i] = best[j] + 1, j
    if not n:
        return set()
    i = max(range(n), key=lambda k: best[k])
    out = set()
    while i != -1:
        out.add(i)
        i = prev[i]
    return out


class SectionHeadings(ReportRule):
    """Checks that the six section headings are present, in order and numbered 一 to 六.

    The headings of both formats (国办公开办函〔2019〕60号, 〔2021〕30号): `一、总体情况`,
    `二、主动公开政府信息情况`, `三、收到和处理政府信息公开申请情况`, `四、政府信息公开行政复议、行政诉讼情况`,
    `五、存在的主要问题及改进情况`, `六、其他需要报告的事项`. A heading is recognised by its
    wording (exact, a known variant, or a numbered heading with the section's key
    words); typed numbers and Word's automatic numbering count the same. A missing
    heading, a heading out of order, or a wrong or missing number (`6、`, `五、` for
    section 六) is an error; the right numeral with another separator (`六.`) is a
    warning.

    Why: art. 50 of the 条例 lists the report's content; the unified format fixes the
    six parts and their order (国办公开办函〔2019〕60号, 〔2021〕30号).

    Fails: `6、 其他需要报告的事项` (Arabic number), a report without section 四.

    Passes: `六、其他需要报告的事项`.

    Fix: number the six headings 一、 to 六、 in the template's order, and add any
    missing section (write `无` under it if there is nothing to report).

    ---
    检查六个部分的标题是否齐全、顺序正确、编号为“一”至“六”（手动输入或自动编号均可）。
    缺少标题、顺序错误、编号错误或缺少编号（如“6、”）为错误；汉字编号正确但分隔符不是“、”为警告。

    依据：《条例》第五十条及年度报告格式规定的六部分内容和顺序。

    不通过：“6、 其他需要报告的事项”。

    通过：“六、其他需要报告的事项”。

    修改：按模板顺序用“一、”至“六、”编号，补齐缺少的部分（无内容时写“无”）。
    """

    code = "SEC201"
    redirected_from = ("AR201",)
    name = "section-headings"
    category = Category.SECTION
    default_severity = Severity.ERROR
    summary = msg("各部分标题应齐全、有序并按汉字编号", "The section headings must be present, in order, numbered 一, 二, 三 …")
    fix_applicability = "safe"
    fix_summary = msg("把标题的编号改为模板的写法（如“6、”改为“六、”，缺少编号的补上），保留文字格式；编号来自自动编号时改编号定义",
                      "renumbers the heading as the template does ('6、' becomes '六、', a missing number is added), "
                      "keeping the formatting; an automatic number is fixed in its numbering definition")

    def check(self, doc, ctx):
        st = self.structure(doc, ctx)
        data = ctx.profile_data
        specs = list(data.get("sections") or [])
        found = st.headings_in_order
        fixed_numbers = str(data.get("section_numbering") or "fixed") == "fixed"
        # missing
        for spec in specs:
            n = int(spec["number"])
            if n in st.sections or n in st.passages or spec.get("required") is False:
                continue
            if not fixed_numbers:  # a content item: no heading of its own is needed, its content is
                words = "、".join(str(w) for w in (spec.get("passages") or spec.get("keywords_any") or [])[:4])
                yield Problem(
                    msg(f"报告没有写“{spec['title']}”：既无相应标题，也无段落提及" + (f"“{words}”" if words else "其内容"),
                        f"the report does not cover '{spec['title']}': no heading for it, and no passage mentions "
                        + (f"'{words}'" if words else "it")),
                    Location(section=n),
                    expected=str(spec["title"]),
                    actual=None,
                )
                continue
            prev = [s for s in found if s.number < n]
            after = prev[-1].heading if prev else None
            yield Problem(
                msg(f"缺少第{numeral(n)}部分标题“{_official(spec)}”",
                    f"the heading of section {n}, '{_official(spec)}', is missing"),
                Location(section=n, paragraph=after.index if after else None,
                         excerpt=excerpt(after.text) if after else None),
                expected=_official(spec),
                actual=None,
            )
        if not fixed_numbers:
            return  # headings are content: their number and order are the drafter's
        # order
        keep = _longest_increasing([s.number for s in found])
        for i, s in enumerate(found):
            if i in keep:
                continue
            yield Problem(
                msg(f"第{numeral(s.number)}部分“{squash_spaces(s.heading.text)}”的位置不对：应排在第"
                    f"{numeral(s.number - 1) + '部分之后' if s.number > 1 else '一位'}",
                    f"section {s.number} '{squash_spaces(s.heading.text)}' is out of order"),
                st.paragraph_location(s.heading),
                expected=msg(f"第{numeral(s.number)}部分按顺序排列", f"section {s.number} in its place in the order"),
                actual=squash_spaces(s.heading.text),
            )
        # numbering
        for s in found:
            ht = s.heading_text
            want = numeral(s.number)
            if ht.number is None and not ht.numeral:
                yield Problem(
                    msg(f"第{want}部分标题“{squash_spaces(s.heading.text)}”没有编号，应为“{want}、”",
                        f"the heading of section {s.number} '{squash_spaces(s.heading.text)}' has no number; expected '{want}、'"),
                    st.paragraph_location(s.heading),
                    expected=f"{want}、",
                    actual=squash_spaces(s.heading.text),
                    fix=_renumber_fix(s.heading, ht, want),
                )
            elif ht.arabic or ht.number != s.number:
                yield Problem(
                    msg(f"第{want}部分标题编号为“{ht.prefix}”，应为“{want}、”",
                        f"the heading of section {s.number} is numbered '{ht.prefix}'; expected '{want}、'"),
                    st.paragraph_location(s.heading),
                    expected=f"{want}、",
                    actual=ht.prefix,
                    fix=_renumber_fix(s.heading, ht, want),
                )
            elif ht.sep != "、":
                yield Problem(
                    msg(f"第{want}部分标题编号“{ht.prefix}”的分隔符应为顿号：“{want}、”",
                        f"the number of section {s.number} is written '{ht.prefix}'; the template writes '{want}、'"),
                    st.paragraph_location(s.heading),
                    expected=f"{want}、",
                    actual=ht.prefix,
                    severity=Severity.WARNING,
                    fix=_renumber_fix(s.heading, ht, want),
                )


class SectionWording(ReportRule):
    """Checks that each section heading is worded as in the template.

    A heading recognised as a known near-miss (`五、存在的问题及改进情况`,
    `五、政府信息公开工作存在的主要问题及改进情况`, `六、其他事项` …) or by its key words
    is a warning naming the official wording. Differences that
    `checker.text.label_key` folds (full-width forms, spaces, `、`/`，`) are not reported.

    Why: the unified format (国办公开办函〔2019〕60号, 〔2021〕30号) prints the heading
    texts; supervisors require 格式规范 (e.g. the 怀化市政务公开政务服务领导小组办公室's
    notice on the 2021 reports), and reworded headings such as `六、其他事项` occur in
    published reports.

    Fails: `五、存在的问题及改进情况`.

    Passes: `五、存在的主要问题及改进情况`.

    Fix: use the template's wording for the heading.

    ---
    检查各部分标题文字是否与模板一致。已知的近似写法（如“五、存在的问题及改进情况”
    “六、其他事项”）或仅关键词相符的标题为警告，并给出规范写法。

    依据：年度报告格式规定的各部分标题。

    不通过：“五、存在的问题及改进情况”。

    通过：“五、存在的主要问题及改进情况”。

    修改：按模板文字改写标题。
    """

    code = "SEC202"
    redirected_from = ("AR202",)
    name = "section-wording"
    category = Category.SECTION
    default_severity = Severity.WARNING
    summary = msg("部分标题文字应与模板一致", "Section headings must be worded as in the template")
    fix_applicability = "safe"
    fix_summary = msg("把已知的近似写法改为模板的标题文字，编号和格式不变",
                      "rewords a known near-miss heading as the template does, keeping its number and formatting")

    def check(self, doc, ctx):
        st = self.structure(doc, ctx)
        fixed_numbers = str(ctx.profile_data.get("section_numbering") or "fixed") == "fixed"
        for s in st.headings_in_order:
            if s.match == "exact":
                continue
            official = s.official
            yield Problem(
                msg(f"第{numeral(s.number)}部分标题写作“{s.heading_text.body}”，模板为“{official}”",
                    f"the heading of section {s.number} reads '{s.heading_text.body}'; the template says '{official}'"),
                st.paragraph_location(s.heading),
                expected=_official(s.spec),
                actual=squash_spaces(s.heading.text),
                # the rule knows the wording: a listed variant, or the section's own number and key words
                fix=_reword_fix(s.heading, s.heading_text, str(s.spec["title"]))
                if fixed_numbers and (s.match == "variant" or s.heading_text.number == s.number) else None,
            )


class SectionContent(ReportRule):
    """Checks that the prose sections (一, 五, 六) are written, not left empty or as
    the template's placeholder.

    A section whose only text is a placeholder such as `（文字描述）` (the official blank
    template's; the profile's `data.placeholders`) or nothing at all is reported, once per
    section, at its placeholder (or at its heading when it holds nothing), with the same
    words whatever the other sections hold. `无` is content (nothing to report; whether it
    is enough is SEC205's finding). The 落款 and the 成文日期 at the end (written or still
    the template's `××××年××月××日`) do not count as content of section 六.

    This rule owns the placeholder of an unwritten section: "section 一 is not written"
    is the fact the drafter must act on, and the placeholder is all the section holds, so
    DOC001 (template placeholders) says nothing of it - one fact, one finding. A placeholder
    left beside written text, in a table or on the date line is DOC001's.

    Why: art. 50 of the 条例 requires the content of every part; 国办公开办函〔2021〕30号
    says the report's content "不能遗漏，也不宜泛化".

    Fails: `一、总体情况` followed only by `（文字描述）`.

    Passes: `一、总体情况` followed by a paragraph describing the year's work.

    Fix: write the section in place of the placeholder; if there is nothing to report
    under 六, write `无`.

    ---
    检查文字部分（一、五、六）是否已填写：只有“（文字描述）”等模板占位文字（规则集中的 data.placeholders）
    或没有任何内容的部分，每部分报告一次，位置为其占位文字（没有内容时为其标题），措辞与其他部分是否填写无关。
    “无”视为已填写（是否足够由 SEC205 判断）；末尾的落款和成文日期不计入第六部分内容。

    未填写部分中的占位文字由本规则报告（该部分未填写是起草人需要处理的问题，占位文字是该部分仅有的内容），
    DOC001（模板占位内容）不再重复报告；已写内容旁残留的占位文字、表格中和成文日期处的占位文字仍由 DOC001 报告。

    依据：《条例》第五十条要求报告各项内容，国办公开办函〔2021〕30号要求报告内容“不能遗漏，也不宜泛化”。

    不通过：“一、总体情况”下只有“（文字描述）”。

    通过：“一、总体情况”下有本年度工作情况的文字。

    修改：用该部分的文字替换占位文字；第六部分没有需要报告的事项时写“无”。
    """

    code = "SEC203"
    redirected_from = ("AR203",)
    name = "section-content"
    category = Category.SECTION
    default_severity = Severity.ERROR
    summary = msg("文字部分应已填写，不能只有模板占位文字", "The prose sections must be written, not left as placeholders")

    def check(self, doc, ctx):
        from checker.report.content import section_texts

        st = self.structure(doc, ctx)
        for text in section_texts(st):
            if not text.placeholder_only:  # written: one real paragraph is enough
                continue
            number = text.section.number
            placeholder = text.texts[0] if text.texts else ""
            if placeholder:
                zh = f"{section_zh(number)}未填写：只有模板占位文字“{placeholder}”"
                en = f"section {number} not written: only the template's placeholder '{placeholder}'"
            else:
                zh = f"{section_zh(number)}未填写：标题下没有内容"
                en = f"section {number} not written: nothing under its heading"
            filled_tables = [tb for tb in text.section.tables if any(squash_spaces(c.text) for c in tb.cells())]
            if text.paragraphs:  # the placeholder the drafter replaces
                where = st.paragraph_location(text.paragraphs[0])
            elif filled_tables:
                where = st.table_location(filled_tables[0], excerpt=excerpt(placeholder))
            else:
                where = st.paragraph_location(text.section.heading)
            yield Problem(
                msg(zh, en),
                where,
                expected=msg("该部分的文字内容", "the text of the section"),
                actual=placeholder or msg("（空）", "(empty)"),
            )


class SectionMustMention(ReportRule):
    """Checks that a section says what the format asks it to say (``must_mention``).

    A profile lists, for a section, words of which at least one must occur in it: for a
    section on shortcomings, their causes (`原因`, `因为`, `主要是由于` …). The section is
    the text under its heading, or the passage that carries it when it has no heading. A
    section that is missing altogether is SEC201's finding, not this one's.

    Why: a format that asks for "the shortcomings and their causes" is not met by a list
    of shortcomings; supervising offices send such reports back.

    Fails: `二、存在的不足` followed by problems only, no cause.

    Passes: `二、存在的不足和原因` with `主要原因是…`.

    Fix: add what the section lacks (the causes, the figures, …).

    ---
    检查某一部分是否写明了格式要求的内容（规则集中的 must_mention）：如“不足和原因”部分应写明原因
    （“原因”“因为”“主要是由于”等词至少出现一个）。部分以其标题下的文字为准，没有标题时以承载其内容的段落为准；
    整个部分缺失由 SEC201 报告。

    依据：格式要求写明“不足和原因”时，只列问题不写原因的报告不符合要求，主管部门会退回。

    不通过：“二、存在的不足”下只列问题，不写原因。

    通过：“二、存在的不足和原因”下有“主要原因是……”。

    修改：补写该部分缺少的内容（原因等）。
    """

    code = "SEC204"
    name = "section-must-mention"
    category = Category.SECTION
    default_severity = Severity.WARNING
    summary = msg("各部分应写明格式要求的内容", "Each section must say what the format asks it to say")

    def check(self, doc, ctx):
        st = self.structure(doc, ctx)
        for spec in ctx.profile_data.get("sections") or []:
            need = spec.get("must_mention") or {}
            words = [str(w) for w in need.get("words") or []]
            if not words:
                continue
            n = int(spec["number"])
            sec = st.sections.get(n)
            if sec is not None:
                paras = [sec.heading, *sec.paragraphs]
                where = st.paragraph_location(sec.heading)
            elif n in st.passages:
                paras = [st.passages[n]]
                where = st.paragraph_location(st.passages[n])
            else:
                continue
            text = "".join(squash_spaces(p.text) for p in paras)
            if any(w in text for w in words):
                continue
            what = need.get("what") or {}
            shown = "、".join(words[:4])
            yield Problem(
                msg(f"“{spec['title']}”部分没有写明{what.get('zh', '要求的内容')}（未见“{shown}”等词）",
                    f"the part '{spec['title']}' does not state {what.get('en', 'what the format asks')} "
                    f"(none of '{shown}' …)"),
                where,
                expected=str(what.get("zh") or shown),
                actual=excerpt(text),
            )


class SectionSaysNone(ReportRule):
    """Checks that a section the format asks to report on does not say only "none".

    A section marked `substantive` in the profile (section 五 of the annual report: the
    main problems and how they were improved) must report something: `无`, `暂无`,
    `无问题`, `暂无问题`, `无。` and the like (the profile's `none_phrases`) are a finding.
    A section may also list cells that contradict a "none" (`none_contradicts`): section
    六 of the 2021 format must report the 信息处理费 charged, so `无` there contradicts
    table 三 when its row （六）2 (申请人逾期未按收费通知要求缴纳费用) is not zero: a fee notice
    was issued. Only cells positively identified in the table are compared.

    Why: the format asks for the problems and the improvements (art. 50 of the 条例; 30号:
    "不能遗漏"); supervising offices send back reports whose section 五 says `无`. The 2021
    format asks for the 信息处理费 in section 六 (国办函〔2020〕109号).

    Fails: `五、存在的主要问题及改进情况` followed only by `无。`; `六、其他需要报告的事项` / `无`
    with table 三 （六）2 = 1.

    Passes: section 五 naming a problem and its remedy; section 六 `无` with （六）2 = 0.

    Fix: write the year's main problems and what was done about them; in section 六 report
    the 信息处理费 notices and fees.

    ---
    检查格式要求报告实际内容的部分是否只写了“无”：规则集中标为 substantive 的部分（年度报告第五部分
    “存在的主要问题及改进情况”）只写“无”“暂无”“无问题”“暂无问题”“无。”等（规则集中的 none_phrases）
    时报告。某部分还可列出与“无”相矛盾的单元格（none_contradicts）：2021年版格式第六部分须报告信息处理费
    收取情况，表三（六）2“申请人逾期未按收费通知要求缴纳费用”不为0时写“无”自相矛盾（已发出收费通知）。
    只比对在表中确认找到的单元格。

    依据：格式要求写明存在的主要问题及改进情况（《条例》第五十条，30号文“不能遗漏”）；第五部分只写“无”的
    报告会被主管部门退回；2021年版格式要求在第六部分报告信息处理费（国办函〔2020〕109号）。

    不通过：第五部分只有“无。”；第六部分写“无”而表三（六）2为1。

    通过：第五部分写明问题和改进措施；第六部分写“无”且（六）2为0。

    修改：写明本年度存在的主要问题和改进情况；在第六部分报告收费通知和收费情况。
    """

    code = "SEC205"
    name = "section-says-none"
    category = Category.SECTION
    default_severity = Severity.ERROR
    summary = msg("要求报告内容的部分不能只写“无”", "A section that must report something may not say only 'none'")

    def check(self, doc, ctx):
        from checker.report.content import section_texts

        st = self.structure(doc, ctx)
        for sec in section_texts(st):
            if not sec.none_only:
                continue
            n = sec.section.number
            said = sec.texts[0]
            where = st.paragraph_location(sec.paragraphs[0] if sec.paragraphs else sec.section.heading)
            if sec.spec.get("substantive"):
                yield Problem(
                    msg(f"{section_zh(n)}“{_official(sec.spec)}”只写了“{said}”：应写明本年度的实际情况",
                        f"section {n} ({_official(sec.spec)}) says only '{said}': it must report the year's facts"),
                    where, expected=f"{_official(sec.spec)}的实际内容", actual=said,
                )
                continue
            for rule in sec.spec.get("none_contradicts") or []:
                yield from self._contradiction(st, sec, rule, said, where)

    @staticmethod
    def _contradiction(st, sec, rule, said, where):
        from checker.report.structure import describe_cell

        cell = st.cell(str(rule.get("cell") or ""))
        if cell is None or not cell.value.is_number or not cell.value.value:
            return  # never judged against a cell that was not found, or a zero
        n = sec.section.number
        why = rule.get("why") or {}
        yield Problem(
            msg(f"{section_zh(n)}写“{said}”，但{describe_cell(cell, 'zh')}为{cell.value.raw}：{why.get('zh', '')}".rstrip("："),
                f"section {n} says '{said}' but {describe_cell(cell, 'en')} is {cell.value.raw}"
                + (f": {why['en']}" if why.get("en") else "")),
            where, expected=str(why.get("zh") or _official(sec.spec)), actual=said,
        )
