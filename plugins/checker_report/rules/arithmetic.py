"""The arithmetic relations of the format's tables (勾稽关系), from the profile's ``relations``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker import Category, Location, Problem
from checker.findings import Severity
from checker.fix import cell_edits, make_fix

from checker.report.structure import describe_cell, describe_list, describe_sum
from checker.report.rulebase import ReportRule, msg, table_name

if TYPE_CHECKING:
    from checker.report.arith import Violation

# ..arith (the relations and their evaluation) is imported by the functions that use it:
# the rule classes stay cheap to import for documents that are not annual reports


def determined_blanks(st, out) -> dict:
    """Blank cells whose value every relation they take part in determines, all agreeing.

    A blank cell is determined when each equation holding it has every other cell
    known (filled, or determined before), and all of them give the same value, not
    negative; every relation whose cells are then all known must hold. These are the
    only figures ``checker fix --unsafe-fixes`` writes: a value that two relations
    disagree on, or that depends on another blank, is never written.
    """
    from decimal import Decimal

    from checker.text import ValueKind
    from checker.report.arith import _holds, known_value

    known = {}
    blanks = set()
    for rel in out.relations:
        for name in rel.cells:
            nc = st.cells[name]
            v = known_value(nc)
            if v is not None:
                known[name] = v
            elif nc.value.kind is ValueKind.BLANK:
                blanks.add(name)
    hard = [r for r in out.relations if not r.soft and r.op == "="]
    det: dict[str, Decimal] = {}

    def value(c):
        return known[c] if c in known else det.get(c)

    changed = True
    while changed:
        changed = False
        for name in sorted(blanks - set(det)):
            rels = [r for r in hard if name in r.cells]
            got = set()
            for r in rels:
                others = [c for c in r.cells if c != name]
                if r.cells.count(name) != 1 or any(value(c) is None for c in others):
                    got = set()
                    break
                lhs = sum((value(c) for c in r.lhs if c != name), Decimal(0))
                rhs = sum((value(c) for c in r.rhs if c != name), Decimal(0))
                got.add(rhs - lhs if name in r.lhs else lhs - rhs)
            if len(got) == 1 and next(iter(got)) >= 0:
                det[name] = next(iter(got))
                changed = True
    for r in out.relations:  # every relation that can now be evaluated must hold
        vals = [value(c) for c in r.cells]
        if any(v is None for v in vals) or not any(c in det for c in r.cells):
            continue
        lhs = sum((value(c) for c in r.lhs), Decimal(0))
        rhs = sum((value(c) for c in r.rhs), Decimal(0))
        if not _holds(r, lhs, rhs):
            for c in r.cells:
                det.pop(c, None)
    return det


def figure_edits(st, values) -> list:
    """Edits writing ``values`` (cell name -> Decimal) into their blank cells."""
    from checker.report.arith import fmt

    out = []
    for name, v in values.items():
        nc = st.cell(name)
        if nc is not None and nc.location.table:
            out += cell_edits(nc.location, nc.cell, fmt(v))  # named as the cell's findings name it
    return out


def _shown(st, names, vals) -> dict[str, str]:
    """Each cell's value as the relations read it (a blank cell: 空白)."""
    from checker.report.arith import fmt

    out = {}
    for n in names:
        nc = st.cell(n)
        out[n] = fmt(vals.get(n)) if nc is not None and nc.value.is_number else "空白"
    return out


def _violation_problem(st, v: Violation, vals, severity=None) -> Problem:
    from checker.report.arith import describe_relation, fmt

    rel = v.relation
    first = st.cell(rel.lhs[0])
    op = "≥" if rel.op == ">=" else "="
    shown = _shown(st, rel.cells, vals)

    def side(names, lang, values=True):
        return describe_sum(names, lang, st, values=shown if values else None, where=False, limit=6)

    zh = (f"{describe_relation(rel, st, 'zh', scope=False)}不成立：{side(rel.lhs, 'zh')} = {fmt(v.lhs)}，"
          f"而 {side(rel.rhs, 'zh')} = {fmt(v.rhs)}")
    en = (f"{describe_relation(rel, st, 'en', scope=False)} fails: {side(rel.lhs, 'en')} = {fmt(v.lhs)} but "
          f"{side(rel.rhs, 'en')} = {fmt(v.rhs)}")
    return Problem(
        msg(zh, en),
        first.location if first else Location(),
        expected=msg(f"{side(rel.lhs, 'zh', False)} {op} {side(rel.rhs, 'zh', False)} = {fmt(v.rhs)}",
                     f"{side(rel.lhs, 'en', False)} {op} {side(rel.rhs, 'en', False)} = {fmt(v.rhs)}"),
        actual=f"{fmt(v.lhs)}",
        severity=severity,
    )


class Arithmetic(ReportRule):
    """Checks every arithmetic relation of the edition's tables.

    Table 三, for each column (自然人 … 总计): `一 + 二 = （七）总计 + 四` (the note printed
    in the table); `（七）总计` = the sum of all result items; each row's `总计` = the sum
    of its six applicant columns. Table 四: the `总计` of 行政复议, of 未经复议直接起诉 and of
    复议后起诉 = the sum of its four outcomes. The relations are data in the profile
    (`data.relations`), evaluated over the named cells.

    One mistake gives one finding:

    * blank cells are unknowns: when relations can only hold if some blank cells hold
      numbers (e.g. the 总计 column left blank), one finding per table lists those
      cells with the values the relations give them;
    * when one wrong cell explains several failed relations, one finding names the
      cell and the value that makes all of them hold;
    * when several other failed relations all involve blank cells (blanks hiding
      figures that cannot be worked out), one finding per table lists them and the
      blank cells;
    * every other failed relation is one finding naming its cells, the expected and
      the actual value.

    Why: table 三 of both formats (国办公开办函〔2019〕60号, 〔2021〕30号) prints
    `本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和`; the other relations
    are not printed but follow from the meaning of 总计. Supervisors require 数据精确
    (e.g. the 怀化市政务公开政务服务领导小组办公室's notice on the 2021 reports).

    Fails: `一、本年新收 … 总计` = 5 and `二、上年结转` = 0 but `（七）总计` = 4 and `四、结转下年度` = 0.

    Passes: 1 + 0 = 1 + 0 in each column, every 总计 equal to the sum of its parts.

    Fix: recount the cells named in the finding; where the finding names one cell and
    a value, that value makes all the listed relations hold.

    Findings name cells as the table prints them, with their place, and relations in
    words, e.g. `一、本年新收政府信息公开申请数量 / 自然人 (table 3, row 4, col 4) holds 6,
    which makes 2 relations fail (table 3 column balance (1 + 2 = (7) total + 4) (column
    自然人); table 3 row total equals the sum of the six applicant columns (row
    一、本年新收政府信息公开申请数量)); 5 makes all of them hold`.

    ---
    检查各表的勾稽关系（关系式来自配置中的relations）：表三每列“一＋二＝（七）总计＋四”，（七）总计等于各办理结果之和，
    每行总计等于六类申请人之和；表四行政复议、未经复议直接起诉、复议后起诉的总计各等于四种结果之和。
    空白格视为未知数：只有填上数字关系才成立时，每张表报告一次并列出这些空白格应有的值；一个错误单元格
    导致多个关系不成立时，只报告一次，指出该单元格及能使各关系都成立的数值；多个不成立的关系都涉及无法推算的空白格时，
    每张表报告一次并列出这些关系和空白格；其余每个不成立的关系各报告一次。

    依据：表三表头注“本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和”；其他关系由“总计”的含义推出。

    不通过：本年新收总计5、上年结转0，而（七）总计4、结转下年度0。

    通过：每列1＋0＝1＋0，各总计等于其组成部分之和。

    修改：核对结果中列出的单元格；如结果指出某一单元格应为某值，改为该值即可使所列关系全部成立。

    结果按表格中的行、列标题和位置指称单元格，用文字说明勾稽关系，例如：“一、本年新收政府信息公开申请数量/自然人
    （表三第4行第4列）为6，使2项勾稽关系不成立（表三各列勾稽关系（一＋二＝（七）总计＋四）（“自然人”列）；
    表三各行总计等于六类申请人之和（“一、本年新收政府信息公开申请数量”行））；改为5则全部成立”。
    """

    code = "SUM501"
    redirected_from = ("AR501",)
    name = "arithmetic"
    category = Category.ARITHMETIC
    default_severity = Severity.ERROR
    summary = msg("表格数据应满足勾稽关系", "Table figures must satisfy the arithmetic relations")
    fix_applicability = "unsafe"
    fix_summary = msg("在空白单元格中填入每一项勾稽关系都确定的数值（如由各分项确定的总计）；"
                      "两项关系不一致的数字从不改动",
                      "writes into a blank cell the value every relation determines (a total "
                      "its parts give); a figure two relations disagree on is never touched")

    def check(self, doc, ctx):
        from checker.report.arith import arithmetic, describe_relation, describe_relations, fmt

        st = self.structure(doc, ctx)
        out = arithmetic(st, ctx)
        vals = out.values
        det = ctx.memo("checker.fix.determined", lambda: determined_blanks(st, out))
        # 1. blanks that must hold numbers
        by_table: dict[str, list[str]] = {}
        for name in out.inferred:
            by_table.setdefault(name.split(".")[0], []).append(name)
        for role, names in by_table.items():
            names.sort(key=lambda n: (st.cell(n).location.row or 0, st.cell(n).location.column or 0))
            zh_name, en_name = table_name(role, ctx.profile_data)
            rels = [r for r in out.explained_by_blanks if r.table == role]
            values = {n: fmt(out.inferred[n]) for n in names}
            listed_en = describe_list(names, "en", st, values=values, limit=12)
            first = st.cell(names[0])
            yield Problem(
                msg(f"{zh_name}有{len(names)}个单元格空白，致使{len(out.explained_by_blanks)}项勾稽关系不成立"
                    f"（{describe_relations(rels, st, 'zh', scope=False)}）；"
                    f"按勾稽关系应填：{describe_list(names, 'zh', st, values=values, limit=12)}",
                    f"{en_name}: blank cells ({len(names)}) make relations fail ({len(out.explained_by_blanks)}: "
                    f"{describe_relations(rels, st, 'en', scope=False)}); "
                    f"the relations give{' ' if listed_en.startswith('in ') else ': '}{listed_en}"),
                first.location,
                expected=msg(describe_list(names, "zh", st, values=values, limit=12),
                             describe_list(names, "en", st, values=values, limit=12)),
                actual=msg("空白", "blank"),
                fix=make_fix(figure_edits(st, {n: det[n] for n in names if det.get(n) == out.inferred[n]}),
                             "unsafe", complete=all(det.get(n) == out.inferred[n] for n in names)),
            )
        # 2. one cell explaining several failures
        for fx in out.fixes:
            nc = st.cell(fx.cell)
            rels = [v.relation for v in fx.relations]
            yield Problem(
                msg(f"{describe_cell(nc, 'zh')}为{fmt(fx.current)}，使{len(rels)}项勾稽关系不成立"
                    f"（{describe_relations(rels, st, 'zh')}）；"
                    f"{'填' if fx.current is None else '改'}为{fmt(fx.value)}则全部成立",
                    f"{describe_cell(nc, 'en')} "
                    f"{'is blank' if fx.current is None else 'holds ' + fmt(fx.current)}, which makes {len(rels)} "
                    f"relations fail ({describe_relations(rels, st, 'en')}); {fmt(fx.value)} makes all of them hold"),
                nc.location,
                expected=fmt(fx.value),
                actual=fmt(fx.current),
                # only a blank the relations determine; a figure written in is never changed
                fix=make_fix(figure_edits(st, {fx.cell: fx.value}), "unsafe")
                if fx.current is None and det.get(fx.cell) == fx.value else None,
            )
        # 3. failures that involve blank cells hiding figures, once per table
        for role, vs in out.blank_groups.items():
            zh_name, en_name = table_name(role, ctx.profile_data)
            cells = out.blank_cells[role]
            first = st.cell(cells[0])
            rels = [v.relation for v in vs]
            yield Problem(
                msg(f"{zh_name}有{len(rels)}项勾稽关系不成立，且都涉及空白单元格（空白处应填的数字缺失）："
                    f"{describe_relations(rels, st, 'zh')}；涉及的空白单元格：{describe_list(cells, 'zh', st, limit=8)}。"
                    f"请填写实际数字（没有的填0）后复核",
                    f"{en_name}: {len(rels)} relations fail and all involve blank cells (figures missing from the "
                    f"blanks): {describe_relations(rels, st, 'en')}; blank cells involved: "
                    f"{describe_list(cells, 'en', st, limit=8)}. Fill in the real figures "
                    f"(0 where nothing happened) and check again"),
                first.location,
                expected=msg("; ".join(f"{describe_relation(v.relation, st, 'zh')}: {fmt(v.rhs)}" for v in vs[:8]),
                             "; ".join(f"{describe_relation(v.relation, st, 'en')}: {fmt(v.rhs)}" for v in vs[:8])),
                actual=msg("; ".join(f"{describe_relation(v.relation, st, 'zh')}: {fmt(v.lhs)}" for v in vs[:8]),
                           "; ".join(f"{describe_relation(v.relation, st, 'en')}: {fmt(v.lhs)}" for v in vs[:8])),
            )
        # 4. the rest, one by one
        for v in out.violations:
            yield _violation_problem(st, v, vals)


class Plausibility(ReportRule):
    """Checks soft consistency conditions of table 二 (warnings).

    2019 format: `对外公开总数量` ≥ `本年新公开数量` for 规章 and 规范性文件. 2021 format:
    `本年制发件数` ≤ `现行有效件数` + `本年废止件数` (otherwise last year's stock would be
    negative). Amendments and counting conventions can blur these, so they are
    warnings. The conditions are data in the profile (`soft: true` relations).

    Why: the meaning of the columns (the format itself states no such condition).

    Fails: 规章 `本年制发件数` 3, `本年废止件数` 0, `现行有效件数` 1.

    Passes: 规章 1 / 0 / 11.

    Fix: check the counts of rules made, repealed and in force.

    ---
    检查表二的合理性条件（警告）：2019年版“对外公开总数量”不少于“本年新公开数量”；2021年版“本年制发件数”
    不超过“现行有效件数”与“本年废止件数”之和（否则上年末有效件数为负）。条件来自配置中soft的关系。

    依据：由栏目含义推出（格式本身未规定此条件）。

    不通过：规章本年制发3件、废止0件、现行有效1件。

    通过：规章1／0／11。

    修改：核对制发、废止和现行有效件数。
    """

    code = "SUM502"
    redirected_from = ("AR502",)
    name = "plausibility"
    category = Category.ARITHMETIC
    default_severity = Severity.WARNING
    summary = msg("表二数据应合理", "Table 2 figures must be plausible")

    def check(self, doc, ctx):
        from checker.report.arith import arithmetic

        st = self.structure(doc, ctx)
        out = arithmetic(st, ctx)
        for v in out.soft_violations:
            yield _violation_problem(st, v, out.values)
