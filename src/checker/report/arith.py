"""The arithmetic relations of spec §8, interpreted from the profile data.

A relation in the data is ``{id, lhs: [terms], rhs: [terms], op: "=" | ">=", for: {...}}``
where a term is a cell name with ``{placeholders}``. ``for`` gives each placeholder a
list, ``"@rows:T3"``, ``"@rows:T3[group]"`` or ``"@columns:T3"``; a term
``"@each:T3[result].{c}"`` expands to one term per row of that group. Nothing is
evaluated as code.

Evaluation is in three steps, so that one mistake gives one finding:

1. a blank (or dash) total - the single left-hand term of an equation - is an unknown;
   a relation with exactly one unknown determines it, repeatedly; every other blank,
   and what stays unknown, counts as 0;
2. relations are checked on the completed values; blanks that had to be non-zero for
   the relations to hold are reported together ("these blank cells should be …");
3. among the violated relations, a cell whose one corrected value would make several of
   them hold (without breaking a holding one) is reported once, naming the value;
4. when several of the remaining failures all involve blank cells (blanks hiding
   figures), they are reported together, once per table, with the blank cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import product
from typing import Any, Mapping

from .structure import NamedCell, ReportStructure, _row_text, _scope, cell_label
from .textutil import LazyPattern

MEMO_KEY = "checker.report.arithmetic"


@dataclass(frozen=True, eq=False, repr=False)
class Relation:
    id: str  # "T3-COL[np]"
    base: str  # "T3-COL"
    label: Mapping[str, str]
    basis: Mapping[str, str]
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]
    op: str = "="
    soft: bool = False

    @property
    def cells(self) -> tuple[str, ...]:
        return self.lhs + self.rhs

    @property
    def table(self) -> str:
        return self.lhs[0].split(".")[0] if self.lhs else ""


@dataclass(eq=False, repr=False)
class Violation:
    relation: Relation
    lhs: Decimal
    rhs: Decimal


@dataclass(eq=False, repr=False)
class Fix:
    """Setting ``cell`` to ``value`` makes every relation in ``relations`` hold."""

    cell: str
    current: Decimal | None
    value: Decimal
    relations: list[Violation]


@dataclass(eq=False, repr=False)
class Outcome:
    relations: list[Relation] = field(default_factory=list)
    inferred: dict[str, Decimal] = field(default_factory=dict)  # blank cells the relations fill (non-zero)
    explained_by_blanks: list[Relation] = field(default_factory=list)
    fixes: list[Fix] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)  # not covered by a fix
    blank_groups: dict[str, list[Violation]] = field(default_factory=dict)  # table -> failures involving blanks
    blank_cells: dict[str, list[str]] = field(default_factory=dict)  # table -> the blank cells they involve
    soft_violations: list[Violation] = field(default_factory=list)
    values: dict[str, Decimal] = field(default_factory=dict)
    determined: dict[str, Decimal] = field(default_factory=dict)  # every blank total the relations fill (0 too)
    skipped: list["Skipped"] = field(default_factory=list)  # relations not checked, and why


_PLACEHOLDER = LazyPattern(r"\{(\w+)\}")


def _domain(spec: Any, st: ReportStructure) -> list[str]:
    if isinstance(spec, list):
        return [str(x) for x in spec]
    s = str(spec)
    m = re.fullmatch(r"@(rows|columns):(\w+)(?:\[(\w+)\])?", s)
    if not m:
        return [s]
    ts = st.table_specs.get(m.group(2))
    if ts is None:
        return []
    if m.group(1) == "columns":
        return [k for k in ts.column_keys if k]
    if m.group(3):
        return ts.rows_in_group(m.group(3))
    return [k for k in ts.row_keys if k]


def _expand_term(term: str, st: ReportStructure) -> list[str]:
    if not term.startswith("@each:"):
        return [term]
    m = re.fullmatch(r"@each:(\w+)\[(\w+)\]\.(.+)", term)
    if not m:
        return [term]
    ts = st.table_specs.get(m.group(1))
    rows = ts.rows_in_group(m.group(2)) if ts else []
    return [f"{m.group(1)}.{r}.{m.group(3)}" for r in rows]


@lru_cache(maxsize=1024)
def _template(term: str) -> tuple[str, ...]:
    """``T3.{r}.tot`` split at its placeholders once: literal text at even positions,
    placeholder names at odd ones (``('T3.', 'r', '.tot')``)."""
    return tuple(_PLACEHOLDER.split(term))


def _fill(term: str, env: Mapping[str, str]) -> str:
    """The term with each ``{name}`` replaced by ``env[name]``; unknown names stay as written."""
    parts = _template(term)
    return "".join(env.get(p, f"{{{p}}}") if i % 2 else p for i, p in enumerate(parts))


def expand(raw: Mapping[str, Any], st: ReportStructure) -> list[Relation]:
    """One Relation per combination of the ``for`` placeholders."""
    names = list((raw.get("for") or {}).keys())
    domains = [_domain(raw["for"][n], st) for n in names]
    out: list[Relation] = []
    for combo in product(*domains) if names else [()]:
        env = dict(zip(names, combo))

        def sub(t: str) -> list[str]:
            return _expand_term(_fill(t, env), st)

        lhs = tuple(x for t in raw.get("lhs") or [] for x in sub(str(t)))
        rhs = tuple(x for t in raw.get("rhs") or [] for x in sub(str(t)))
        suffix = f"[{','.join(combo)}]" if combo else ""
        out.append(
            Relation(
                f"{raw['id']}{suffix}", str(raw["id"]), raw.get("label") or {}, raw.get("basis") or {},
                lhs, rhs, str(raw.get("op") or "="), bool(raw.get("soft")),
            )
        )
    return out


@dataclass(frozen=True, eq=False, repr=False)
class Skipped:
    """A relation not checked: some of its cells were not positively identified."""

    relation: Relation
    missing: tuple[str, ...]  # the cells not identified
    reason: str  # "table not found" | "cell not identified"


def relations_for(st: ReportStructure, skipped: list[Skipped] | None = None) -> list[Relation]:
    """The relations of the tables' editions whose every cell was positively identified
    (by its labels). A relation with a term that was not found is never computed with a 0
    for it: it is left out, and recorded in ``skipped`` when a list is given."""
    out: list[Relation] = []
    for raw in st.data.get("relations") or []:
        if raw.get("edition"):
            role = str((raw.get("lhs") or ["?"])[0]).split(".")[0]
            if st.table_editions.get(role, st.edition) != str(raw["edition"]):
                continue
        for rel in expand(raw, st):
            if not (rel.lhs and rel.rhs):
                continue
            missing = tuple(c for c in rel.cells if c not in st.cells)
            if not missing:
                out.append(rel)
            elif skipped is not None:
                absent = any(c.split(".")[0] not in st.tables for c in missing)
                skipped.append(Skipped(rel, missing, "table not found" if absent else "cell not identified"))
    return out


def _holds(rel: Relation, lhs: Decimal, rhs: Decimal) -> bool:
    return lhs >= rhs if rel.op == ">=" else lhs == rhs


def _sides(rel: Relation, vals: Mapping[str, Decimal]) -> tuple[Decimal, Decimal]:
    return sum((vals.get(c, Decimal(0)) for c in rel.lhs), Decimal(0)), sum(
        (vals.get(c, Decimal(0)) for c in rel.rhs), Decimal(0)
    )


def known_value(c: NamedCell) -> Decimal | None:
    return c.value.value if c.value.is_number else None


def evaluate(st: ReportStructure) -> Outcome:
    skipped: list[Skipped] = []
    rels = relations_for(st, skipped)
    out = Outcome(rels, skipped=skipped)
    # A blank "total" (the single left-hand term of an equation) is an unknown the
    # relations may determine; any other blank counts as 0 (a part left empty).
    totals = {r.lhs[0] for r in rels if not r.soft and r.op == "=" and len(r.lhs) == 1}
    known: dict[str, Decimal] = {}
    unknown: set[str] = set()
    for rel in rels:
        for name in rel.cells:
            v = known_value(st.cells[name])
            if v is not None:
                known[name] = v
            elif name in totals:
                unknown.add(name)
    # 1. blanks determined by a relation with exactly one unknown
    hard = [r for r in rels if not r.soft and r.op == "="]
    vals = dict(known)
    inferred: dict[str, Decimal] = {}
    changed = True
    while changed:
        changed = False
        for rel in hard:
            unk = [c for c in rel.cells if c in unknown and c not in inferred]
            if len(set(unk)) != 1:
                continue
            name = unk[0]
            lhs, rhs = _sides(rel, vals)
            value = (rhs - lhs) if name in rel.lhs else (lhs - rhs)
            if value < 0:
                continue
            inferred[name] = value
            vals[name] = value
            changed = True
    out.determined = dict(inferred)
    out.inferred = {k: v for k, v in inferred.items() if v != 0}

    # relations failing with blanks as 0 but holding once the blanks are filled
    zero_vals = dict(known)
    for rel in rels:
        if rel.soft:
            continue
        if not _holds(rel, *_sides(rel, zero_vals)) and _holds(rel, *_sides(rel, vals)):
            out.explained_by_blanks.append(rel)
    out.values = vals

    # 2. violations on the completed values
    violations = []
    for rel in rels:
        lhs, rhs = _sides(rel, vals)
        if not _holds(rel, lhs, rhs):
            (out.soft_violations if rel.soft else violations).append(Violation(rel, lhs, rhs))

    # 3. one cell explaining several violations
    holding = [r for r in hard if _holds(r, *_sides(r, vals))]
    remaining = list(violations)
    blank = {n for n in (set(c for r in rels for c in r.cells) - set(known)) if n not in out.inferred}
    while True:
        best: Fix | None = None
        candidates: dict[tuple[str, Decimal], list[Violation]] = {}
        for v in remaining:
            if v.relation.op != "=":
                continue
            # a failure involving blank cells is explained by a blank, not by a filled cell
            names = [c for c in v.relation.cells if c in blank] or v.relation.cells
            for name in set(names):
                coef = v.relation.cells.count(name)
                if name in v.relation.lhs and name in v.relation.rhs:
                    continue
                cur = vals.get(name, Decimal(0))
                delta = (v.rhs - v.lhs) if name in v.relation.lhs else (v.lhs - v.rhs)
                new = cur + delta / coef
                candidates.setdefault((name, new), []).append(v)
        for (name, new), vs in candidates.items():
            if len(vs) < 2 or new < 0:
                continue
            trial = dict(vals)
            trial[name] = new
            if any(not _holds(r, *_sides(r, trial)) for r in holding if name in r.cells):
                continue
            if not all(_holds(v.relation, *_sides(v.relation, trial)) for v in vs):
                continue
            if best is None or len(vs) > len(best.relations):
                best = Fix(name, known.get(name), new, vs)
        if best is None:
            break
        out.fixes.append(best)
        remaining = [v for v in remaining if all(v is not x for x in best.relations)]
    # 4. several failures that all involve blank cells: the blanks hide figures; one finding per table
    by_table: dict[str, list[Violation]] = {}
    for v in remaining:
        if any(c in blank for c in v.relation.cells):
            by_table.setdefault(v.relation.table, []).append(v)
    for table, vs in by_table.items():
        if len(vs) < 2:
            continue
        out.blank_groups[table] = vs
        cells: list[str] = []
        for v in vs:
            cells += [c for c in v.relation.cells if c in blank and c not in cells]
        out.blank_cells[table] = cells
        remaining = [v for v in remaining if all(v is not x for x in vs)]
    out.violations = remaining
    return out


def arithmetic(st: ReportStructure, ctx: Any = None) -> Outcome:
    """The relations evaluated once per structure (and shared through ``ctx.memo``)."""
    if st._arith is None:
        st._arith = ctx.memo(MEMO_KEY, lambda: evaluate(st)) if ctx is not None else evaluate(st)
    return st._arith


def blank_total(st: ReportStructure, name: str) -> Decimal | None:
    """The value the relations give a blank (or dash) total cell, or None when they do not
    determine it. The one inference of blank totals: the arithmetic rule reports the
    blanks, the prose and cross-year rules read the figure they stand for."""
    return arithmetic(st).determined.get(name)


def fmt(v: Decimal | None) -> str:
    if v is None:
        return "空白"
    s = format(v.normalize(), "f") if v != v.to_integral_value() else str(int(v))
    return s


def _relation_scope(rel: Relation, st: ReportStructure, lang: str) -> str:
    """The column or row a relation of a ``for`` family was checked on (``“自然人”列``)."""
    zh = lang == "zh"
    if rel.id == rel.base:
        return ""
    cells = [st.cells[c] for c in rel.cells if c in st.cells]
    cols = {c.column_label for c in cells}
    rows = {_row_text(c) for c in cells}
    if len(cols) == 1 and "" not in cols:
        return _scope("column", next(iter(cols)), zh)
    if len(rows) == 1 and "" not in rows:
        return _scope("row", next(iter(rows)), zh)
    return cell_label(cells[0], lang) if cells else ""


def describe_relation(rel: Relation, st: ReportStructure, lang: str = "zh", *, scope: bool = True) -> str:
    """A relation for a message, in words (never its spec id ``T3-ROW[NEW]``): the
    profile's label, and with ``scope`` the column or row it was checked on
    (``表三各列勾稽关系（…）（“自然人”列）`` / ``… (column 自然人)``)."""
    text = str((rel.label or {}).get(lang) or (rel.label or {}).get("zh") or rel.base)
    where = _relation_scope(rel, st, lang) if scope else ""
    if not where:
        return text
    return f"{text}（{where}）" if lang == "zh" else f"{text} ({where})"


def describe_relations(rels: list[Relation], st: ReportStructure, lang: str = "zh", *, scope: bool = True,
                       limit: int = 3) -> str:
    """Several relations in words: each kind once, with the columns or rows it failed on
    (the first ``limit`` named, the rest counted)."""
    zh = lang == "zh"
    groups: dict[str, list[str]] = {}
    for r in rels:
        text = describe_relation(r, st, lang, scope=False)
        where = _relation_scope(r, st, lang) if scope else ""
        scopes = groups.setdefault(text, [])
        if where and where not in scopes:
            scopes.append(where)
    out = []
    for text, scopes in groups.items():
        if not scopes:
            out.append(text)
            continue
        if zh:
            shown = "、".join(scopes[:limit]) + (f"等{len(scopes)}处" if len(scopes) > limit else "")
            out.append(f"{text}（{shown}）")
        else:
            shown = ", ".join(scopes[:limit]) + (f" and {len(scopes) - limit} more" if len(scopes) > limit else "")
            out.append(f"{text} ({shown})")
    return ("；" if zh else "; ").join(out)
