"""The annual report's own document-level rules: the edition the tables follow, the cited format."""

from __future__ import annotations

import re

from checker import Category, Location, Problem
from checker.findings import Severity
from checker.text import excerpt, remove_spaces

from checker.report.rulebase import ReportRule
from checker.report.rulebase import edition_name, msg, table_name


class EditionTables(ReportRule):
    """Checks that the report's tables belong to the format of its report year.

    Reports for 2019 and 2020 use the 2019 (trial) format of 国办公开办函〔2019〕60号;
    reports for 2021 onward use the 2021 format of 国办公开办函〔2021〕30号. The two
    differ in table 二 (columns and rows of every block, the 政府集中采购 block removed)
    and in the （六）其他处理 rows of table 三. The tables are compared with both
    layouts; when they match the other edition better, this rule reports it once and the
    other table rules check the tables against the edition they actually follow, so
    that one outdated template gives one finding, not dozens of label mismatches.

    Why: art. 50 of the 条例 gives the 国务院办公厅 the power to set a unified format;
    国办公开办函〔2021〕30号 replaced the 2019 format (国办公开办函〔2019〕60号) for
    reports from 2021. Published 2022 reports still using the 2019 tables exist.

    Fails: a 2022 report whose table 二 has `本年新制作数量 / 本年新公开数量 /
    对外公开总数量` and a `第二十条第（九）项 政府集中采购` block.

    Passes: the same report with the 2021 table 二 (`本年制发件数 / 本年废止件数 /
    现行有效件数`, no 政府集中采购) and the three （六） rows in table 三.

    Fix: copy the tables of the current template (2021 format) into the report and
    re-enter the figures; the 2021 columns ask for different data (files made,
    repealed, in force; fee amount in 万元).

    ---
    检查报告的表格是否采用报告年度对应的格式：2019、2020年度报告用2019年版（试行）格式
    （国办公开办函〔2019〕60号），2021年度起用2021年版格式（国办公开办函〔2021〕30号）。
    表格与另一版格式更吻合时只报告一次，其余表格规则按实际所用格式检查，不再逐项报告标签不符。

    依据：《条例》第五十条授权国务院办公厅统一年度报告格式；30号文自2021年度报告起替代2019年版格式。

    不通过：2022年度报告的表二仍为“本年新制作数量／本年新公开数量／对外公开总数量”，并有“政府集中采购”栏。

    通过：表二为“本年制发件数／本年废止件数／现行有效件数”，表三（六）分为三项。

    修改：用现行模板（2021年版）的表格替换，按新栏目重新填报数据。
    """

    code = "AR101"
    name = "edition-tables"
    category = Category.TABLE
    default_severity = Severity.ERROR
    summary = msg("表格应采用报告年度对应版本的年度报告格式", "The tables must follow the format edition of the report year")

    def check(self, doc, ctx):
        st = self.structure(doc, ctx)
        ctx.metadata["table_edition"] = st.table_edition
        if st.expected_edition is None or st.expected_reason == "tables":
            return
        other = [r for r in sorted(st.tables) if st.table_editions.get(r) != st.expected_edition]
        if not other:
            return
        eds = sorted({st.table_editions[r] for r in other})
        tab = eds[0]
        first = st.tables[other[0]].tables[0] if st.tables[other[0]].tables else None
        names_zh = "、".join(table_name(r, ctx.profile_data)[0] for r in other)
        names_en = ", ".join(table_name(r, ctx.profile_data)[1] for r in other)
        why_zh = f"报告年度为{st.year}年" if st.year else "所选配置要求"
        why_en = f"the report year is {st.year}" if st.year else "the chosen profile requires it"
        exp_zh, tab_zh = edition_name(st, st.expected_edition, "zh"), edition_name(st, tab, "zh")
        exp_en, tab_en = edition_name(st, st.expected_edition, "en"), edition_name(st, tab, "en")
        doc_no = (st.editions.get(st.expected_edition) or {}).get("document", "")
        yield Problem(
            msg(
                f"{why_zh}，应使用{exp_zh}（{doc_no}）的表格，但{names_zh}是{tab_zh}；"
                f"其余表格检查按其实际格式进行",
                f"{why_en}, so the tables must follow the {exp_en} ({doc_no}), but {names_en} follow the {tab_en}; "
                f"the other table checks use the format the tables follow",
            ),
            st.table_location(first) if first is not None else Location(),
            expected=exp_zh,
            actual=tab_zh,
        )


class FormatCitation(ReportRule):
    """Checks that a report for 2021 or later does not cite the superseded 2019 format.

    The 2021 format (国办公开办函〔2021〕30号) replaced the 2019 trial format
    (国办公开办函〔2019〕60号). A report that uses the new tables but still names 60号
    as its basis has a minor citation error (published 2022 reports do this).

    Why: 国办公开办函〔2021〕30号 《关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》
    issued the format that applies from the 2021 reports.

    Fails: a 2022 report saying `按照国办公开办函〔2019〕60号要求编制`.

    Passes: `根据《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号编制`.

    Fix: cite 国办公开办函〔2021〕30号 (or only the 条例).

    ---
    检查2021年度及以后的报告是否仍引用已被替代的2019年版格式文件（国办公开办函〔2019〕60号）。

    依据：国办公开办函〔2021〕30号替代了2019年版格式。

    不通过：2022年度报告写“按照国办公开办函〔2019〕60号要求编制”。

    通过：写“根据《条例》和国办公开办函〔2021〕30号编制”。

    修改：改为引用国办公开办函〔2021〕30号，或只引用《条例》。
    """

    code = "AR102"
    name = "format-citation"
    category = Category.NARRATIVE
    default_severity = Severity.WARNING
    summary = msg("不应引用已被替代的年度报告格式文件", "Do not cite the superseded report format")

    def check(self, doc, ctx):
        st = self.structure(doc, ctx)
        if st.expected_edition is None:
            return
        superseded = ctx.profile_data.get("superseded_documents") or {}
        for old, patterns in superseded.items():
            if str(old) == st.expected_edition:
                continue
            current = (st.editions.get(st.expected_edition) or {}).get("document", "")
            for p in doc.paragraphs:
                text = remove_spaces(p.text)
                for pat in patterns:
                    m = re.search(pat, text)
                    if m:
                        yield Problem(
                            msg(f"报告引用了已被替代的格式文件“{m.group(0)}”，应为{current}",
                                f"the report cites the superseded format document '{m.group(0)}'; the current one is {current}"),
                            st.paragraph_location(p),
                            expected=current,
                            actual=m.group(0),
                        )
                        return
