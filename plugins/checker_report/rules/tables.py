"""The tables of sections 二, 三 and 四: present, laid out as the edition says, values well formed."""

from __future__ import annotations

import re
from dataclasses import replace

from checker import Category, Location, Problem
from checker.fix import cell_edits, make_fix

from .arithmetic import figure_edits
from checker.findings import Severity
from checker.text import ValueKind, excerpt, squash_spaces

from checker.report.rulebase import numeral, ReportRule, edition_name, join_en, join_zh, msg, severity_option, table_name


class TablePresence(ReportRule):
    """Checks that the tables of sections 二, 三 and 四 exist as real tables.

    Each table of the edition is looked for by its labels anywhere in the document.
    When it is not found, the section is examined: a picture there means the table
    was pasted as an image (a supervisor cannot read or check its figures); a table
    that matches none of the labels means the layout was replaced; nothing means the
    table was left out or replaced by a sentence. All three are errors. A table found
    outside its section (e.g. collected at the end as an annex) is a warning.

    Why: the unified format (国办公开办函〔2019〕60号, 〔2021〕30号) requires the three
    statistical tables; published reports whose sections 二 to 四 hold no
    machine-readable table occur.

    Fails: section 三 holding only `本年度未收到政府信息公开申请。`, or a screenshot of the table.

    Passes: section 三 holding the 28-row table of the 2021 format (26 rows in 2019).

    Fix: insert the template's table as a Word table (not a picture) under its heading
    and fill every cell; write 0 where nothing happened.

    ---
    检查第二、三、四部分的表格是否以真正的表格形式存在。表格按标签在全文查找；找不到时查看该部分：
    有图片说明表格被粘贴为图片，有表格但标签都不符说明表格被改动，什么都没有说明表格被删除或以文字代替，均为错误。
    表格不在其所属部分（如集中放在文末附表）为警告。

    依据：年度报告格式规定的三张统计表；以图片发布或缺少表格是常见问题。

    不通过：第三部分只有“本年度未收到政府信息公开申请。”，或表格为截图。

    通过：第三部分有2021年版格式的表格（28行；2019年版26行）。

    修改：在标题下插入模板中的Word表格（不要用图片），逐格填写，没有发生的填0。
    """

    code = "TAB301"
    redirected_from = ("AR301",)
    name = "table-presence"
    category = Category.TABLE
    default_severity = Severity.ERROR
    summary = msg("格式规定有表格的部分应有该表格", "The sections the format gives a table must hold it")

    def check(self, doc, ctx):
        st = self.structure(doc, ctx)
        for role, spec in st.table_specs.items():
            zh_name, en_name = table_name(role, ctx.profile_data)
            sec = st.sections.get(spec.section)
            lt = st.tables.get(role)
            if lt is not None:
                where = {st.section_of(t) for t in lt.tables}
                if sec is not None and where != {spec.section}:
                    t = lt.tables[0]
                    yield Problem(
                        msg(f"{zh_name}不在第{numeral(spec.section)}部分标题下",
                            f"{en_name} is not under the heading of section {spec.section}"),
                        st.table_location(t, role),
                        expected=f"第{numeral(spec.section)}部分",
                        actual=f"第{numeral((st.section_of(t) or 1))}部分" if st.section_of(t) else msg("标题之前", "before the first heading"),
                        severity=Severity.WARNING,
                    )
                continue
            if sec is None:
                yield Problem(
                    msg(f"找不到{zh_name}（第{numeral(spec.section)}部分标题也不存在）",
                        f"{en_name} was not found (nor the heading of section {spec.section})"),
                    Location(section=spec.section),
                    expected=msg(zh_name, en_name),
                    actual=None,
                )
                continue
            images = [p for p in sec.paragraphs if p.has_image]
            img_idx = {i.paragraph for i in doc.images}
            images += [p for p in sec.paragraphs if p.index in img_idx and p not in images]
            if images:
                p = images[0]
                yield Problem(
                    msg(f"{zh_name}是图片，不是表格：无法核对其中的数据",
                        f"{en_name} is a picture, not a table: its figures cannot be read or checked"),
                    st.paragraph_location(p),
                    expected=msg("Word表格", "a Word table"),
                    actual=msg("图片", "a picture"),
                )
            elif sec.tables:
                t = sec.tables[0]
                yield Problem(
                    msg(f"第{numeral(spec.section)}部分的表格与{edition_name(st, st.edition, 'zh')}的{zh_name}不符，无法识别",
                        f"the table of section {spec.section} does not match {en_name} of the {edition_name(st, st.edition, 'en')}"),
                    # the table in 表三's place is named so (unless it is another of the format's tables)
                    st.table_location(t, st.role_of(t) or role),
                    expected=msg(zh_name, en_name),
                    actual=excerpt(" ".join(squash_spaces(c.text) for c in list(t.cells())[:4])),
                )
            else:
                text = next((squash_spaces(p.text) for p in sec.paragraphs if squash_spaces(p.text)), "")
                yield Problem(
                    msg(f"第{numeral(spec.section)}部分没有表格" + (f"，只有文字“{excerpt(text)}”" if text else ""),
                        f"section {spec.section} has no table" + (f", only the text '{excerpt(text)}'" if text else "")),
                    st.paragraph_location(sec.heading),
                    expected=msg(zh_name, en_name),
                    actual=excerpt(text) if text else None,
                )


_KIND_ZH = {
    "missing_row": "缺少行", "missing_column": "缺少列", "extra_row": "多出行", "extra_column": "多出列",
    "row_wording": "行标签文字不符", "column_wording": "列标题文字不符", "missing_caption": "缺少栏目标题行",
    "caption_wording": "栏目标题文字不符", "missing_note": "缺少表头注释", "note_wording": "表头注释文字不符",
    "missing_row_header": "缺少“信息内容”表头", "row_header_wording": "“信息内容”表头文字不符",
    "missing_block": "缺少栏目",
}
_KIND_EN = {
    "missing_row": "missing row", "missing_column": "missing column", "extra_row": "row not in the format",
    "extra_column": "column not in the format", "row_wording": "row label differs", "column_wording": "column header differs",
    "missing_caption": "caption row missing", "caption_wording": "caption differs", "missing_note": "header note missing",
    "note_wording": "header note differs", "missing_row_header": "header 信息内容 missing",
    "row_header_wording": "header 信息内容 differs", "missing_block": "block missing",
}
_WORDING = {"row_wording", "column_wording", "caption_wording", "note_wording", "row_header_wording"}


class TableLayout(ReportRule):
    """Checks the rows, columns and labels of each table against the edition's layout.

    Tables are matched by labels, never by grid position: columns by the header labels
    above them, rows by the labels left of the values; merged cells are resolved by the
    reader, and differences that `checker.text.label_key` folds (full-width forms,
    spaces and line breaks in cells, `、`/`，`, `1.`/`1、`) are not deviations. What is
    left is reported once, at its row or column, with the official label: a missing
    row, column, block (`第二十条第（九）项` …) or caption row is an error, as is a row or
    column that is not in the format; a reworded label is a warning (option `wording`),
    as is a missing or reworded header note (option `note`).

    Why: the unified format (国办公开办函〔2019〕60号, 〔2021〕30号) fixes every label of
    the three tables; published reports with a dropped caption row (`第二十条第（一）项`)
    or an altered layout occur.

    Fails: table 三 without the row `（四）无法提供 / 3.补正后申请内容仍不明确`; table 二
    without the caption row `第二十条第（一）项`.

    Passes: the template's tables with every row and column, even if merged
    differently or typed with full-width digits.

    Fix: restore the row, column or label from the template named in the finding.

    ---
    按版本格式检查各表的行、列和标签。表格按标签匹配而不按网格位置：列按上方的表头，行按左侧的标签；
    全角半角、单元格内空格换行、“、”与“，”、“1.”与“1、”的差异不计。其余差异在所在行或列报告一次并给出规范标签：
    缺少行、列、栏目或栏目标题行，或出现格式中没有的行列，为错误；标签文字改动为警告（选项wording），
    表头注释缺失或改动为警告（选项note）。

    依据：年度报告格式规定了三张表的全部标签。

    不通过：表三缺少“（四）无法提供／3.补正后申请内容仍不明确”行；表二缺少“第二十条第（一）项”标题行。

    通过：与模板一致的表格（合并方式不同或使用全角数字也可）。

    修改：按结果中给出的规范标签补回或改正相应的行、列或文字。
    """

    code = "TAB302"
    redirected_from = ("AR302",)
    name = "table-layout"
    category = Category.TABLE
    default_severity = Severity.ERROR
    summary = msg("表格的行、列和标签应与格式一致", "Table rows, columns and labels must match the format")
    default_options = {"wording": "warning", "note": "warning"}

    def check(self, doc, ctx):
        st = self.structure(doc, ctx)
        wording = severity_option(ctx.options, "wording", Severity.WARNING)
        note = severity_option(ctx.options, "note", Severity.WARNING)
        for role, lt in st.tables.items():
            zh_name, en_name = table_name(role, ctx.profile_data)
            for d in lt.deviations:
                if d.kind == "marker":
                    continue
                sev = None
                if d.kind in _WORDING:
                    sev = wording
                    if d.kind == "note_wording":
                        sev = note
                    if sev is None:
                        continue
                if d.kind in ("missing_note", "missing_row_header"):
                    sev = note
                    if sev is None:
                        continue
                table = d.table or (lt.tables[0] if lt.tables else None)
                loc = Location(
                    section=st.section_of(table) if table else None,
                    **(st.table_place(table, role) if table else {}),
                    row=d.row + 1 if d.row is not None else None,
                    column=d.col + 1 if d.col is not None else None,
                    row_label=(d.expected or None) if "row" in d.kind else None,
                    column_label=(d.expected or None) if "column" in d.kind else None,
                    excerpt=excerpt(d.actual) if d.actual else None,
                )
                block_zh = f"（{d.block}栏目）" if d.block and d.kind not in ("missing_block", "missing_caption") else ""
                block_en = f" (block {d.block})" if d.block and d.kind not in ("missing_block", "missing_caption") else ""
                if d.kind in _WORDING:
                    zh = f"{zh_name}{block_zh}：{_KIND_ZH[d.kind]}，写作“{squash_spaces(d.actual)}”，格式为“{d.expected}”"
                    en = f"{en_name}{block_en}: {_KIND_EN[d.kind]}: '{squash_spaces(d.actual)}', the format says '{d.expected}'"
                elif d.kind.startswith("extra"):
                    zh = f"{zh_name}{block_zh}：{_KIND_ZH[d.kind]}“{squash_spaces(d.actual)}”，格式中没有"
                    en = f"{en_name}{block_en}: {_KIND_EN[d.kind]}: '{squash_spaces(d.actual)}'"
                else:
                    label = d.expected or "数据行"
                    zh = f"{zh_name}{block_zh}：{_KIND_ZH[d.kind]}“{label}”"
                    en = f"{en_name}{block_en}: {_KIND_EN[d.kind]}: '{d.expected or 'data row'}'"
                yield Problem(msg(zh, en), loc, expected=d.expected or None, actual=squash_spaces(d.actual) or None,
                              severity=sev)


_MARKER = re.compile(r"^\s*[0-9０-９]+\s*[、，,]\s*")


def _marker_edits(st, role: str, d) -> list:
    """Edits writing a label's item marker as the format does (``1、`` → ``1.``), in the
    label cell's paragraph that carries it; the rest of the label as written. The edit
    names its cell as the findings do (``表三第6行第1列``: ``st.table_place``)."""
    if d.table is None or d.row is None:
        return []
    want = re.match(r"^\d+\.", squash_spaces(d.expected))
    got = squash_spaces(d.actual)
    for c in {id(c): c for c in d.table.grid[d.row] if c is not None}.values():
        if squash_spaces(c.text) != got:
            continue
        for i, p in enumerate(c.paragraphs):
            m = _MARKER.match(p.text)
            if m and want:
                where = Location(**st.table_place(d.table, role))
                return cell_edits(where, c, want.group(0) + p.text[m.end():], paragraph=i)
    return []


class LabelMarkers(ReportRule):
    """Checks the item markers of table labels: the format writes `1.`, not `1、`.

    The difference does not change the meaning and the tables are matched regardless;
    it is a minor deviation from the template, reported once per table listing the
    rows, as a warning by default.

    Why: the labels of table 三 in the template of both formats (国办公开办函〔2019〕60号,
    〔2021〕30号) number items `1.` `2.` `3.`.

    Fails: `1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请`.

    Passes: `1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请`.

    Fix: copy the labels from the template, or replace `、` after the item number with `.`.

    ---
    检查表格标签的序号写法：格式为“1.”而非“1、”。这不影响含义，也不影响表格识别，属于与模板的细微差异，
    每张表报告一次并列出相关行，默认为警告。

    依据：年度报告格式表格中的项目序号为“1.”“2.”“3.”。

    不通过：“1、申请人无正当理由逾期不补正……”。

    通过：“1.申请人无正当理由逾期不补正……”。

    修改：从模板复制标签，或把序号后的“、”改为“.”。
    """

    code = "TAB303"
    redirected_from = ("AR303",)
    name = "table-label-markers"
    category = Category.TABLE
    default_severity = Severity.WARNING
    summary = msg("表格标签序号应写作“1.”", "Table item labels are numbered '1.' as in the template")
    fix_applicability = "safe"
    fix_summary = msg("把表格标签的序号“1、”改为“1.”，标签其余文字和格式不变",
                      "writes the labels' item markers '1、' as '1.', keeping the rest of each label and its formatting")

    def check(self, doc, ctx):
        st = self.structure(doc, ctx)
        for role, lt in st.tables.items():
            devs = [d for d in lt.deviations if d.kind == "marker"]
            if not devs:
                continue
            zh_name, en_name = table_name(role, ctx.profile_data)
            first = devs[0]
            labels = [squash_spaces(d.actual)[:12] for d in devs]
            yield Problem(
                msg(f"{zh_name}有{len(devs)}个项目序号写作“1、”式，格式为“1.”：{join_zh(labels)}",
                    f"{en_name}: {len(devs)} item labels are numbered '1、' instead of '1.': {join_en(labels)}"),
                Location(section=st.section_of(first.table), **(st.table_place(first.table, role) if first.table else {}),
                         row=first.row + 1 if first.row is not None else None,
                         row_label=first.expected, excerpt=excerpt(first.actual)),
                expected=first.expected,
                actual=squash_spaces(first.actual),
                fix=make_fix(e for d in devs for e in _marker_edits(st, role, d)),
            )


def _confirmed_zeros(st, ctx) -> dict:
    """Blank cells every relation confirms are 0 (see ``determined_blanks``)."""
    from checker.report.arith import arithmetic

    from .arithmetic import determined_blanks

    det = ctx.memo("checker.fix.determined", lambda: determined_blanks(st, arithmetic(st, ctx)))
    return {n: v for n, v in det.items() if v == 0}


def _problem_of(nc) -> tuple[str, str, str] | None:
    """(category, zh, en) of what is wrong with a named cell's value, None when fine."""
    v = nc.value
    raw = squash_spaces(v.raw)
    if v.kind is ValueKind.BLANK:
        return "blank", "空白", "blank"
    if v.kind is ValueKind.DASH:
        return "dash", f"“{raw}”", f"'{raw}'"
    if v.kind is ValueKind.TEXT:
        return "invalid", f"“{raw}”不是数字", f"'{raw}' is not a number"
    if nc.kind == "money":
        if v.value is not None and v.value < 0:
            return "invalid", f"“{raw}”为负数", f"'{raw}' is negative"
        if v.unit and nc.units and v.unit not in nc.units:
            return "invalid", f"“{raw}”单位应为{'或'.join(nc.units)}", f"'{raw}' should be in {' or '.join(nc.units)}"
        return None
    if v.kind is ValueKind.DECIMAL:
        return "invalid", f"“{raw}”不是整数", f"'{raw}' is not a whole number"
    if nc.kind != "signed" and v.value is not None and v.value < 0:
        return "invalid", f"“{raw}”为负数", f"'{raw}' is negative"
    if v.unit in ("%", "‰", "元", "万元", "亿元"):
        return "invalid", f"“{raw}”应为件数", f"'{raw}' should be a count"
    return None


class CellValues(ReportRule):
    """Checks the value cells of the three tables: counts are whole numbers ≥ 0,
    `本年增/减` may be signed, money may have decimals and a unit.

    One finding per table lists the cells rather than one finding per cell:

    * invalid values (text, a negative count, a fraction of an application, a wrong
      unit) are an error;
    * blank cells and dashes (`—`, `/`) are reported with the severity of the options
      `blank` and `dash` - warning by default, because official reports leave cells
      blank instead of writing 0 (e.g. the 上海市人民政府办公厅's report for 2019) and
      the format does not say which is meant;
    * a table with no value at all is one finding "table not filled in" (option
      `empty_table`, error by default) instead of a list of every cell.

    Why: the cells are counts of documents, decisions and applications (the column
    headings of the format: 件数, 数量); supervisors check 数据精确 (e.g. the
    怀化市政务公开政务服务领导小组办公室's notice on the 2021 reports).

    Fails: `三件` or `-2` in a count cell; a table 四 with every cell empty.

    Passes: `0`, `12`, `+3` under 本年增/减, `96171.6` under 本年收费金额（单位：万元）.

    Fix: write a whole number in every count cell, 0 where nothing happened.

    ---
    检查三张表的数值单元格：件数应为非负整数，“本年增/减”可带正负号，金额可有小数和单位。
    每张表只报告一次并列出相关单元格：文字、负数、小数件数、单位错误为错误；空白和“—”“/”按选项blank、dash
    的严重程度报告（默认警告，因为官方报告也有留空不填0的做法）；整张表没有任何数值时报告一次“表格未填写”
    （选项empty_table，默认错误）。

    依据：表中数据为文件、决定和申请的件数（见格式的栏目名称）；主管部门要求“数据精确”。

    不通过：件数格填“三件”或“-2”；表四全部空白。

    通过：“0”“12”，本年增/减填“+3”，本年收费金额填“96171.6”。

    修改：每个件数格填整数，没有发生的填0。
    """

    code = "TAB401"
    redirected_from = ("AR401",)
    name = "cell-values"
    category = Category.TABLE
    default_severity = Severity.ERROR
    summary = msg("表格数值应为规范的数字", "Table cells must hold well-formed numbers")
    default_options = {"blank": "warning", "dash": "warning", "empty_table": "error"}
    fix_applicability = "unsafe"
    fix_summary = msg("空白的件数格，每一项勾稽关系都确定其为0时填入“0”",
                      "writes 0 into a blank count cell that every relation confirms is 0")

    def check(self, doc, ctx):
        st = self.structure(doc, ctx)
        blank_sev = severity_option(ctx.options, "blank", Severity.WARNING)
        dash_sev = severity_option(ctx.options, "dash", Severity.WARNING)
        empty_sev = severity_option(ctx.options, "empty_table", Severity.ERROR)
        for role in st.tables:
            cells = st.cells_of(role)
            if not cells:
                continue
            zh_name, en_name = table_name(role, ctx.profile_data)
            found = [(nc, _problem_of(nc)) for nc in cells]
            bad = [(nc, p) for nc, p in found if p is not None]
            if all(p is not None and p[0] in ("blank", "dash") for _, p in found):
                if empty_sev is not None:
                    first = cells[0]
                    yield Problem(
                        msg(f"{zh_name}未填写：{len(cells)}个数值单元格全部为空",
                            f"{en_name} is not filled in: all {len(cells)} value cells are empty"),
                        replace(first.location, row=None, column=None, row_label=None, column_label=None,
                                excerpt=None),  # the table, named as its cells are
                        expected=msg("每格填写数字（没有的填0）", "a number in every cell (0 where there is none)"),
                        actual=msg("全部空白", "all blank"),
                        severity=empty_sev,
                    )
                continue
            invalid = [(nc, p) for nc, p in bad if p[0] == "invalid"]
            if invalid:
                first = invalid[0][0]
                items_zh = [f"{nc.label}：{p[1]}" for nc, p in invalid]
                items_en = [f"{nc.label}: {p[2]}" for nc, p in invalid]
                yield Problem(
                    msg(f"{zh_name}有{len(invalid)}个单元格的值不规范：{join_zh(items_zh, 8)}",
                        f"{en_name}: {len(invalid)} cells hold invalid values: {join_en(items_en, 8)}"),
                    first.location,
                    expected=(msg("非负整数", "a whole number of at least 0") if first.kind == "count" else
                              msg("整数（可带正负号）", "a whole number (may be signed)") if first.kind == "signed" else
                              msg("金额", "an amount")),
                    actual=squash_spaces(first.value.raw),
                )
            lenient = [(nc, p) for nc, p in bad if p[0] in ("blank", "dash")]
            sevs = {p[0]: (blank_sev if p[0] == "blank" else dash_sev) for _, p in lenient}
            lenient = [(nc, p) for nc, p in lenient if sevs[p[0]] is not None]
            if lenient:
                sev = max((s for s in sevs.values() if s is not None), key=lambda s: s.rank)
                first = lenient[0][0]
                n_blank = sum(1 for _, p in lenient if p[0] == "blank")
                n_dash = len(lenient) - n_blank
                what_zh = "、".join(x for x in (f"{n_blank}个空白" if n_blank else "", f"{n_dash}个横线或斜线" if n_dash else "") if x)
                what_en = " and ".join(x for x in (f"{n_blank} blank" if n_blank else "", f"{n_dash} dashed" if n_dash else "") if x)
                labels = [nc.label for nc, _ in lenient]
                zeros = _confirmed_zeros(st, ctx)
                fixed = [nc.name for nc, p in lenient if p[0] == "blank" and nc.name in zeros]
                yield Problem(
                    msg(f"{zh_name}有{what_zh}单元格（没有发生的应填0）：{join_zh(labels, 8)}",
                        f"{en_name} has {what_en} cells (write 0 where nothing happened): {join_en(labels, 8)}"),
                    first.location,
                    expected="0",
                    actual=squash_spaces(first.value.raw) or msg("空白", "blank"),
                    severity=sev,
                    fix=make_fix(figure_edits(st, {n: zeros[n] for n in fixed}), "unsafe",
                                 complete=len(fixed) == len(lenient)),
                )


class TablesNotChecked(ReportRule):
    """Says when none of the report's tables could be checked at all.

    When the profile gives the report tables and not one of them could be located (the
    tables were pasted as pictures, typed as text, or are missing), nothing in them was
    read: no figure, no arithmetic relation was checked. The report must not look like a
    plain pass; the finding says so once, whatever TAB301 says about each table. The
    result's `metadata.coverage` lists what was and was not checked.

    Why: a compliance check that found nothing to check has not passed the report.

    Fails: a report whose three tables are pictures.

    Passes: a report with at least one table located (the others are TAB301's findings).
    A document with neither the sections that hold the tables nor any table or picture
    gets only TAB301's and SEC201's findings.

    Fix: put the tables in as Word tables (not pictures), in the format's layout.

    ---
    当规则集规定的表格一个也没有找到时（表格以图片粘贴、写成文字或缺失），报告一次：表格中的数字和勾稽关系均未检查，
    不能视为通过。各表的具体问题由 TAB301 报告；结果的 metadata.coverage 列出检查了什么、没有检查什么。

    依据：找不到可检查内容的合规检查不等于报告合格。

    不通过：三张表格都是图片。

    通过：至少找到一张表格（其他表格的问题由 TAB301 报告）。

    修改：以 Word 表格（而非图片）按格式插入各表。
    """

    code = "TAB304"
    name = "tables-not-checked"
    category = Category.TABLE
    default_severity = Severity.WARNING
    summary = msg("报告的表格应能被检查", "The report's tables must be checkable")

    def check(self, doc, ctx):
        st = self.structure(doc, ctx)
        if not st.table_specs or st.tables:
            return
        if not (doc.images or doc.tables or any(sp.section in st.sections for sp in st.table_specs.values())):
            return  # nothing of a report body at all: TAB301 and SEC201 say what is missing
        names_zh = [table_name(r, ctx.profile_data)[0] for r in st.table_specs]
        names_en = [table_name(r, ctx.profile_data)[1] for r in st.table_specs]
        yield Problem(
            msg(f"未找到可检查的表格（{join_zh(names_zh)}），表格数据和勾稽关系均未检查，本报告不能视为通过",
                f"no table could be located ({join_en(names_en)}): no figure and no arithmetic relation was "
                f"checked, so the report has not passed"),
            Location(),
            expected=msg(join_zh(names_zh), join_en(names_en)),
            actual=msg("未找到表格", "no table found"),
        )
