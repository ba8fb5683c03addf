"""Figures stated in the prose against the report's own tables and against themselves.

Three rules, all driven by ``data.prose`` of the profile (``rules/_gov-annual-report-prose.yaml``):

* AR801 - a figure bound to a table cell by a phrase (``收到…申请N件`` → T3.NEW.tot),
  a zero statement (``未收到…申请`` → 0) or a claim (``均获维持`` → every case upheld)
  that the table contradicts.
* AR802 - a stated total against the parts listed with it (``共…187条`` and the counts
  listed under ``（一）主动公开情况``; ``X件，其中a件，b件``).
* AR803 - a stated percentage against the two numbers it is computed from
  (``共X件，其中a件，占P%``), allowing the rounding the writer used.

How a phrase is bound to a quantity: the paragraph is cut into clauses (at ``，；。`` and
parentheses); in a clause every quantity is masked, the quantity under test with
``{Q}``, any other with ``{O}``; the binding patterns are regular expressions over that
masked clause, where ``{t}`` is a short filler that cannot cross another quantity or a
clause break. The first binding (in profile order) whose pattern matches wins; a ``none``
pattern occurring in the matched phrase vetoes it.
So a phrase belongs to the quantity next to it, and a phrase that could mean two things
binds to nothing rather than to the wrong cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import Any, Iterable, Iterator, Mapping, Sequence

from checker import Message, Rule
from checker.findings import Category, Location, Severity
from checker.model import Document, Paragraph
from checker.rules import Problem, RuleContext
from checker.text import ValueKind, excerpt, squash_spaces

from checker.report.quantities import Quantity, Span, extract, sentences
from checker.report.structure import NamedCell, ReportStructure, analyse, describe_sum
from checker.report.textutil import LazyPattern

Q_MARK = "\ue000"  # the quantity under test in a masked clause
O_MARK = "\ue001"  # any other quantity
_FILLERS = {
    "{Q}": Q_MARK,
    "{O}": O_MARK,
    "{t}": rf"[^{Q_MARK}{O_MARK}，,；;。]{{0,16}}?",
    "{s}": rf"[^{Q_MARK}{O_MARK}，,；;。]{{0,6}}?",
}


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """A binding pattern from the profile: ``{Q}``, ``{O}``, ``{t}``, ``{s}`` expanded."""
    out = pattern
    for key, value in _FILLERS.items():
        out = out.replace(key, value)
    return re.compile(out)


@lru_cache(maxsize=512)
def _compiled(pattern: str) -> re.Pattern[str]:
    try:
        return compile_pattern(pattern)
    except re.error as exc:
        raise ValueError(f"profile data.prose: invalid pattern {pattern!r}: {exc}") from None


def fmt(value: Decimal | None) -> str:
    if value is None:
        return "?"
    v = value.normalize()
    if v == v.to_integral_value():
        return str(int(v))
    return format(v, "f")


# --- reading the prose --------------------------------------------------------------


@dataclass(eq=False, repr=False)
class ProseParagraph:
    paragraph: Paragraph
    section: int | None
    text: str
    quantities: list[Quantity]

    @cached_property
    def sentences(self) -> list[Span]:
        """The paragraph's sentences, split once: AR801, AR803 and AR813 each walk them."""
        return sentences(self.text)


PROSE_MEMO_KEY = "annual_report.prose_paragraphs"


def report_prose(st: ReportStructure, doc: Document, ctx: RuleContext) -> list[ProseParagraph]:
    """:func:`prose_paragraphs` of the document under check, computed once per document
    (shared through ``ctx.memo``): AR801, AR802, AR803 and AR813 all read them, and
    ``extract`` over every paragraph is most of their cost. Callers only read the list.
    """
    return ctx.memo(PROSE_MEMO_KEY, lambda: prose_paragraphs(st, doc))


def prose_paragraphs(st: ReportStructure, doc: Document) -> list[ProseParagraph]:
    """Body paragraphs that are not headings or the title, with their quantities."""
    skip = {id(s.heading) for s in st.sections.values()}
    if st.title is not None:
        skip.update(id(p) for p in st.title.paragraphs)
    out = []
    for p in doc.paragraphs:
        if id(p) in skip or p.in_table:
            continue
        text = squash_spaces(p.text)
        if not text:
            continue
        out.append(ProseParagraph(p, st.section_of(p), text, extract(text)))
    return out


def masked_clause(text: str, clause: Span, quantities: Sequence[Quantity], target: Quantity | None = None) -> str:
    """The clause with every quantity replaced by a marker (``{Q}`` for ``target``, if any)."""
    parts, pos = [], clause.start
    for q in quantities:
        if q.start < clause.start or q.end > clause.end:
            continue
        parts.append(text[pos:q.start])
        parts.append(Q_MARK if q is target else O_MARK)
        pos = q.end
    parts.append(text[pos:clause.end])
    return "".join(parts)


# --- table values -------------------------------------------------------------------


@dataclass(eq=False, repr=False)
class Resolved:
    """The table value a phrase is compared with, and the cells it comes from."""

    value: Decimal | None  # None: a cell holds text, nothing to compare
    cells: list[NamedCell] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. "总计 blank: sum of its row"

    def names(self, lang: str = "en") -> str:
        """The cells for a message, by their labels in Word (no places)."""
        return describe_sum(self.cells, lang, where=False, limit=4)


def _matching_names(st: ReportStructure, name: str) -> list[str]:
    """The cells a name stands for (``*`` matches a row key's suffix); empty when any of them
    was not identified: a sum over the rows that happen to be found is not the table's
    figure (a dropped or relabelled row would be counted as 0)."""
    if "*" not in name:
        return [name] if st.cell(name) is not None else []
    rx = re.compile("^" + re.escape(name).replace(r"\*", r"[^.]*") + "$")
    found = [n for n in st.cells if rx.match(n)]
    role, _, column = name.partition(".")
    spec = st.table_specs.get(role)
    if spec is not None:
        column = column.rpartition(".")[2] if "." in column else ""
        expected = [".".join(x for x in (role, r, column) if x) for r in spec.row_keys]
        if any(rx.match(n) and n not in st.cells for n in expected):
            return []
    return found


def cell_value(st: ReportStructure, name: str, data: Mapping[str, Any]) -> tuple[Decimal | None, str]:
    """A cell's number; blank or dash reads 0, a blank total reads as the value the table's
    relations give it (:func:`checker.report.arith.blank_total`, the one inference of
    blank totals), noted by the cell's name."""
    from checker.report.arith import blank_total

    c = st.cell(name)
    if c is None:
        return None, ""
    v = c.value
    if v.is_number:
        return v.value, ""
    if v.kind in (ValueKind.BLANK, ValueKind.DASH):
        inferred = blank_total(st, name)
        if inferred:
            return inferred, name
        return Decimal(0), ""
    return None, ""


def resolve(st: ReportStructure, names: Iterable[str], data: Mapping[str, Any]) -> Resolved | None:
    """The sum of the named cells (``*`` matches a row key's suffix: ``T3.DENY*.tot``).

    None when a named cell is absent from the report (table not found, other edition).
    """
    out = Resolved(Decimal(0))
    for name in names:
        found = _matching_names(st, name)
        if not found:
            return None
        for n in found:
            v, note = cell_value(st, n, data)
            out.cells.append(st.cells[n])
            if note:
                out.notes.append(note)
            if v is None or out.value is None:
                out.value = None
            else:
                out.value += v
    return out


def resolve_alternatives(
    st: ReportStructure, alternatives: Iterable[Iterable[str]], data: Mapping[str, Any]
) -> list[Resolved] | None:
    """The table value of each alternative present in the report; None when there is
    nothing to compare: no alternative present (table absent, other edition) or a cell
    holding text."""
    resolved = [r for r in (resolve(st, alt, data) for alt in alternatives) if r is not None]
    if not resolved or any(r.value is None for r in resolved):
        return None
    return resolved


def describe_cells(res: Resolved, lang: str) -> str:
    """The cells a figure comes from, as a drafter sees them in Word:
    ``（一）予以公开/总计（表2第6行第10列）``; several added up compactly
    (:func:`structure.describe_sum`)."""
    return describe_sum(res.cells, lang, limit=4)


def describe_cells_inner(res: Resolved, lang: str) -> str:
    """:func:`describe_cells` for text already in parentheses (no nested ones)."""
    return describe_sum(res.cells, lang, limit=4, inner=True)


def blank_note(res: Resolved, lang: str) -> str:
    if not res.notes:
        return ""
    if lang == "zh":
        return "（其中总计栏空白，按该行各项之和计）"
    return " (a blank total read as the sum of its row)"


# --- bindings -----------------------------------------------------------------------


@dataclass(frozen=True, eq=False, repr=False)
class Binding:
    id: str
    label_zh: str
    label_en: str
    patterns: tuple[re.Pattern[str], ...]
    none: tuple[re.Pattern[str], ...]
    units: tuple[str, ...]
    alternatives: tuple[tuple[str, ...], ...]
    severity: Severity
    upheld: tuple[str, ...] = ()  # cells of the cases upheld (for 均获维持)
    pending: tuple[str, ...] = ()  # cells of the cases still pending (named in that message)

    @classmethod
    def from_data(cls, raw: Mapping[str, Any]) -> "Binding":
        if not raw.get("id") or not raw.get("patterns") or not (raw.get("cells") or raw.get("alternatives")):
            raise ValueError(f"profile data.prose.bindings: {raw.get('id') or raw!r} needs id, patterns and cells")
        label = raw.get("label") or {}
        cells = raw.get("cells") or []
        alts = raw.get("alternatives") or [cells]
        return cls(
            id=str(raw["id"]),
            label_zh=str(label.get("zh", raw["id"])),
            label_en=str(label.get("en", raw["id"])),
            patterns=tuple(_compiled(p) for p in raw.get("patterns") or []),
            none=tuple(_compiled(p) for p in raw.get("none") or []),
            units=tuple(raw.get("units") or ("件",)),
            alternatives=tuple(tuple(a) for a in alts if a),
            severity=Severity(str(raw.get("severity", "error"))),
            upheld=tuple(raw.get("upheld") or ()),
            pending=tuple(raw.get("pending") or ()),
        )

    def matches(self, masked: str) -> bool:
        """A pattern matches and no ``none`` pattern occurs in the matched phrase."""
        for p in self.patterns:
            for m in p.finditer(masked):
                if not any(n.search(m.group(0)) for n in self.none):
                    return True
        return False


@dataclass(frozen=True, eq=False, repr=False)
class ZeroStatement:
    id: str
    label_zh: str
    label_en: str
    patterns: tuple[re.Pattern[str], ...]
    alternatives: tuple[tuple[str, ...], ...]
    severity: Severity

    @classmethod
    def from_data(cls, raw: Mapping[str, Any]) -> "ZeroStatement":
        label = raw.get("label") or {}
        return cls(
            str(raw["id"]), str(label.get("zh", raw["id"])), str(label.get("en", raw["id"])),
            tuple(_compiled(p) for p in raw.get("patterns") or []),
            tuple(tuple(a) for a in (raw.get("alternatives") or [raw.get("cells") or []]) if a),
            Severity(str(raw.get("severity", "error"))),
        )


def prose_data(ctx: RuleContext) -> Mapping[str, Any]:
    return (ctx.profile_data or {}).get("prose") or {}


def bindings(data: Mapping[str, Any]) -> list[Binding]:
    """The profile's bindings, each with the shared ``veto`` patterns added to its ``none``."""
    veto = list(data.get("veto") or [])
    return [Binding.from_data({**b, "none": list(b.get("none") or []) + veto}) for b in data.get("bindings") or []]


@dataclass(eq=False, repr=False)
class BoundFigure:
    """A quantity in the prose bound to table cells."""

    para: ProseParagraph
    quantity: Quantity
    binding: Binding


def bind(pp: ProseParagraph, rules: Sequence[Binding]) -> Iterator[BoundFigure]:
    for q in pp.quantities:
        if q.approximate or q.is_percent or q.clause is None:
            continue
        masked = masked_clause(pp.text, q.clause, pp.quantities, q)
        for b in rules:
            if q.unit in b.units and b.matches(masked):
                yield BoundFigure(pp, q, b)
                break


def sentence_of(pp: ProseParagraph, pos: int) -> Span:
    for s in pp.sentences:
        if s.start <= pos < s.end:
            return s
    return Span(0, len(pp.text), pp.text)


def prose_location(st: ReportStructure, pp: ProseParagraph, text: str) -> Location:
    return Location(section=pp.section, paragraph=pp.paragraph.index, excerpt=excerpt(text, 60))


# --- AR801 --------------------------------------------------------------------------


class ProseFigureVsTable(Rule):
    """A figure stated in the prose contradicts the report's own table.

    Reports restate the key figures of tables 三 and 四 in section 一 (``共收到政府信息公开
    申请X件``, ``予以公开X件``, ``行政复议X件``). This rule binds such phrases to the
    table cells (named as in the profile, e.g. ``T3.NEW.tot``) through the bindings of
    the profile (``data.prose.bindings``), and
    reports each figure the table contradicts with the sentence, the cells and both values.
    It also reads zero statements (``未收到政府信息公开申请``, ``未发生行政复议``) and the
    claim that every case was upheld (``均获维持``).

    Not contradictions, by design: approximate figures (``100余件``, ``近``, ``约``); a
    受理 figure equal to new applications plus those carried over; a figure of a broader
    or different category than the table's (``政策性文件`` is not ``行政规范性文件``); a
    phrase that could mean two things binds to nothing. Bindings the profile marks as weak
    are warnings; a blank 总计 cell is read as the sum of its row (the table rules report
    the blank itself).
    """

    requires_profile = True  # reads the annual-report profile's data

    code = "AR801"
    name = "prose-figure-vs-table"
    category = Category.NARRATIVE
    default_severity = Severity.ERROR
    summary = Message(zh="正文所述数字与表格不一致", en="a figure stated in the prose contradicts the tables")

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Problem]:
        data = prose_data(ctx)
        if not data:
            return
        st = analyse(doc, ctx)
        if not st.cells:
            return
        rules = bindings(data)
        zeros = [ZeroStatement.from_data(z) for z in data.get("zero_statements") or []]
        claims = [_compiled(p) for p in (data.get("all_upheld") or {}).get("patterns") or []]
        for pp in report_prose(st, doc, ctx):
            bound = list(bind(pp, rules))
            for bf in bound:
                problem = self._compare(st, bf, data)
                if problem is not None:
                    yield problem
            yield from self._zero_statements(st, pp, zeros, data)
            if claims:
                yield from self._upheld_claims(st, pp, bound, claims, data)

    # a bound figure ------------------------------------------------------------------
    def _compare(self, st: ReportStructure, bf: BoundFigure, data: Mapping[str, Any]) -> Problem | None:
        resolved = resolve_alternatives(st, bf.binding.alternatives, data)
        if resolved is None:
            return None
        stated = bf.quantity.value
        if any(r.value == stated for r in resolved):
            return None
        main = resolved[0]
        seg = bf.quantity.segment or sentence_of(bf.para, bf.quantity.start)
        sent = seg.text.strip("；; ")
        if len(resolved) > 1:
            other_zh = "，也不等于" + "、".join(f"{r.names('zh')}＝{fmt(r.value)}" for r in resolved[1:])
            other_en = "; nor " + ", ".join(f"{r.names('en')} = {fmt(r.value)}" for r in resolved[1:])
        else:
            other_zh = other_en = ""
        b = bf.binding
        return Problem(
            message=Message(
                zh=f"正文“{excerpt(sent, 80)}”称{b.label_zh}{bf.quantity.text}，但表格中{describe_cells(main, 'zh')}"
                f"为{fmt(main.value)}{blank_note(main, 'zh')}{other_zh}",
                en=f"the prose says {b.label_en}: {bf.quantity.text} (“{excerpt(sent, 80)}”), but the table gives "
                f"{fmt(main.value)} in {describe_cells(main, 'en')}{blank_note(main, 'en')}{other_en}",
            ),
            location=prose_location(st, bf.para, sent),
            expected=fmt(main.value),
            actual=fmt(stated),
            severity=b.severity,
        )

    # 未收到…申请 ----------------------------------------------------------------------
    def _zero_statements(
        self, st: ReportStructure, pp: ProseParagraph, zeros: Sequence[ZeroStatement], data: Mapping[str, Any]
    ) -> Iterator[Problem]:
        if not zeros:
            return
        seen: set[str] = set()
        for sent in pp.sentences:
            masked = masked_clause(pp.text, sent, pp.quantities)
            for z in zeros:
                m = next((m for p in z.patterns for m in [p.search(masked)] if m), None)
                if m is None or z.id in seen:
                    continue
                resolved = resolve_alternatives(st, z.alternatives, data)
                if resolved is None:
                    continue
                if any(r.value == 0 for r in resolved):
                    continue
                seen.add(z.id)
                r = resolved[0]
                text = sent.text.strip()
                yield Problem(
                    message=Message(
                        zh=f"正文“{excerpt(text, 80)}”称{z.label_zh}，但表格中{describe_cells(r, 'zh')}为{fmt(r.value)}"
                        f"{blank_note(r, 'zh')}",
                        en=f"the prose says {z.label_en} (“{excerpt(text, 80)}”), but the table gives {fmt(r.value)} in "
                        f"{describe_cells(r, 'en')}{blank_note(r, 'en')}",
                    ),
                    location=prose_location(st, pp, text),
                    expected=fmt(r.value),
                    actual="0",
                    severity=z.severity,
                )

    # 均获维持 --------------------------------------------------------------------------
    def _upheld_claims(
        self, st: ReportStructure, pp: ProseParagraph, bound: Sequence[BoundFigure],
        claims: Sequence[re.Pattern[str]], data: Mapping[str, Any],
    ) -> Iterator[Problem]:
        for sent in pp.sentences:
            m = next((m for p in claims for m in [p.search(pp.text, sent.start, sent.end)] if m), None)
            if m is None:
                continue
            figures = [bf for bf in bound if bf.binding.upheld and sent.start <= bf.quantity.start < m.start()]
            if not figures:
                continue  # "均获维持" without a figure of ours before it: say nothing
            bad_zh, bad_en, expected, actual = [], [], [], []
            for bf in figures:
                kept = resolve(st, bf.binding.upheld, data)
                if kept is None or kept.value is None:
                    continue
                if kept.value != bf.quantity.value:
                    pend = resolve(st, bf.binding.pending, data) if bf.binding.pending else None
                    pend_zh = pend_en = ""
                    if pend is not None and pend.value:
                        pend_zh = f"、尚未审结{fmt(pend.value)}件（{describe_cells_inner(pend, 'zh')}）"
                        pend_en = f" and {fmt(pend.value)} pending ({describe_cells_inner(pend, 'en')})"
                    bad_zh.append(f"{bf.binding.label_zh}{bf.quantity.text}，表格中结果维持{fmt(kept.value)}件"
                                  f"（{describe_cells_inner(kept, 'zh')}）{pend_zh}")
                    bad_en.append(f"{bf.binding.label_en}: {bf.quantity.text}, of which the table shows "
                                  f"{fmt(kept.value)} upheld ({describe_cells_inner(kept, 'en')}){pend_en}")
                    expected.append(fmt(kept.value))
                    actual.append(fmt(bf.quantity.value))
            if not bad_zh:
                continue
            text = sent.text.strip()
            yield Problem(
                message=Message(
                    zh=f"正文“{excerpt(text, 60)}”称全部维持，但" + "；".join(bad_zh),
                    en=f"the prose says every case was upheld (“{excerpt(text, 60)}”), but " + "; ".join(bad_en),
                ),
                location=prose_location(st, pp, text),
                expected=" / ".join(expected),
                actual=" / ".join(actual),
                severity=Severity.ERROR,
            )


# --- AR802 --------------------------------------------------------------------------


def _is_total(pp: ProseParagraph, q: Quantity, markers: Sequence[str]) -> str | None:
    """The phrase of a total (``共主动公开信息187条`` → 主动公开信息), or None."""
    if q.clause is None:
        return None
    lead = pp.text[q.clause.start:q.start]
    best = None
    for mk in markers:
        i = lead.rfind(mk)
        if i >= 0 and (best is None or i + len(mk) > best[0]):
            best = (i + len(mk), mk)
    if best is None:
        return None
    phrase = lead[best[0]:]
    if any(o.start >= q.clause.start + best[0] and o.end <= q.start for o in pp.quantities if o is not q):
        return None
    return phrase


def _common_run(a: str, b: str) -> int:
    """Length of the longest common substring (short strings)."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


_SUBHEAD_RE = LazyPattern(r"^[（(][一二三四五六七八九十]{1,3}[）)]([^。：:；]{1,24})[。：:；]?")


class StatedTotalVsParts(Rule):
    """A stated total does not equal the parts listed with it.

    Two shapes are read (markers and thresholds in ``data.prose.totals``):

    * ``X件，其中a件，b件，c件`` in one sentence (up to ``；``): the parts after 其中
      with the total's unit. Parts summing to more than the total is an error; to less
      is normal usage (``发布解读15篇，其中图文解读5篇，视频解读2篇`` names some
      categories) and not reported.
    * ``共…X条`` followed, in the same section, by a sub-section whose heading shares
      the total's topic (``共主动公开信息187条`` and ``（一）主动公开情况。…工作动态30条，
      …机构设置及职能12条``): the counts with the total's unit listed there (at least
      ``subsection_min_parts``). A weaker binding, so a warning; and none when the parts
      cover less than ``subsection_min_cover`` of the total (the list only gives examples).

    Approximate figures (``100余条``) are never totals nor parts.
    """

    requires_profile = True  # reads the annual-report profile's data

    code = "AR802"
    name = "stated-total-vs-parts"
    category = Category.NARRATIVE
    default_severity = Severity.ERROR
    summary = Message(zh="正文所述合计数与所列分项之和不符", en="a stated total does not equal the sum of its listed parts")

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Problem]:
        data = (prose_data(ctx).get("totals") or {})
        if not data:
            return
        st = analyse(doc, ctx)
        paras = report_prose(st, doc, ctx)
        markers = list(data.get("markers") or ["共"])
        parts_marker = _compiled(str(data.get("parts_marker") or "其中"))
        min_parts = int(data.get("min_parts") or 2)
        sub_min_parts = int(data.get("subsection_min_parts") or 3)
        sub_min_cover = float(data.get("subsection_min_cover") or 0.5)
        topic_min = int(data.get("topic_min_chars") or 3)
        stop = [str(w) for w in data.get("topic_stopwords") or []]
        for i, pp in enumerate(paras):
            for q in pp.quantities:
                if q.approximate or q.is_percent:
                    continue
                yield from self._qizhong(st, pp, q, parts_marker, min_parts)
                phrase = _is_total(pp, q, markers)
                if phrase:
                    yield from self._subsection(st, paras, i, q, phrase, sub_min_parts, sub_min_cover, topic_min, stop)

    def _qizhong(self, st, pp: ProseParagraph, q: Quantity, marker: re.Pattern[str], min_parts: int):
        seg = q.segment
        if seg is None:
            return
        rest = pp.text[q.end:seg.end]
        m = marker.match(rest.lstrip("，,、 ：:（("))
        if m is None:
            return
        parts = [o for o in pp.quantities if o.start >= q.end and o.end <= seg.end and o.unit == q.unit]
        if len(parts) < min_parts or any(o.approximate for o in parts):
            return
        total = sum((o.value for o in parts), Decimal(0))
        if total <= q.value:
            return  # equal, or a 其中 list naming some of the categories (其中图文解读5篇)
        sev = Severity.ERROR
        text = pp.text[seg.start:seg.end].strip("；; ")
        listed = "+".join(o.text for o in parts)
        yield Problem(
            message=Message(
                zh=f"“{excerpt(text, 80)}”：合计{q.text}，但其中所列分项之和为{fmt(total)}{q.unit}（{listed}）",
                en=f"“{excerpt(text, 80)}”: the total is {q.text} but the parts listed after 其中 sum to "
                f"{fmt(total)}{q.unit} ({listed})",
            ),
            location=prose_location(st, pp, text),
            expected=fmt(total),
            actual=fmt(q.value),
            severity=sev,
        )

    def _subsection(self, st, paras, i, q, phrase, min_parts, min_cover, topic_min, stop):
        topic = phrase
        for w in stop:
            topic = topic.replace(w, "")
        if len(topic) < topic_min:
            return
        here = paras[i]
        for j in range(i + 1, min(i + 4, len(paras))):
            pp = paras[j]
            if pp.section != here.section:
                break
            head = _SUBHEAD_RE.match(pp.text)
            if head is None:
                continue
            heading_text, body = head.group(1), pp
            body_start = head.end()
            if _common_run(topic, heading_text) < topic_min:
                continue
            if not pp.text[body_start:].strip():
                # a heading paragraph alone: the parts come in the next paragraph
                if j + 1 >= len(paras) or paras[j + 1].section != here.section:
                    return
                body, body_start = paras[j + 1], 0
            parts = [o for o in body.quantities if o.start >= body_start and o.unit == q.unit and not o.is_percent]
            if len(parts) < min_parts or any(o.approximate for o in parts):
                return
            if any(_is_total(body, o, ["共", "合计", "共计", "累计", "总计"]) for o in parts):
                return  # the sub-section states totals of its own: not a plain list of parts
            total = sum((o.value for o in parts), Decimal(0))
            if total == q.value or total < q.value * Decimal(str(min_cover)):
                return  # equal, or so far short that the list only gives examples
            listed = "+".join(o.text for o in parts)
            sent = sentence_of(here, q.start).text.strip()
            yield Problem(
                message=Message(
                    zh=f"正文“{excerpt(sent, 60)}”称{q.text}，但“{heading_text}”中所列各项之和为{fmt(total)}{q.unit}"
                    f"（{listed}，第{body.paragraph.index}段）",
                    en=f"the prose states {q.text} (“{excerpt(sent, 60)}”), but the items listed under “{heading_text}” "
                    f"(paragraph {body.paragraph.index}) sum to {fmt(total)}{q.unit} ({listed})",
                ),
                location=prose_location(st, here, sent),
                expected=fmt(total),
                actual=fmt(q.value),
                severity=Severity.WARNING,
            )
            return


# --- AR803 --------------------------------------------------------------------------


class StatedPercentage(Rule):
    """A stated percentage does not follow from the numbers it is computed from.

    Checked only where the base is explicit: ``共X件，其中a件，占P%`` or ``X件中，a件，占P%``
    (the base before 其中/中 and the part right before 占, in one sentence, same unit).
    The percentage may be rounded or truncated at the precision written (33.9% for
    33.94% or 33.96%). A percentage without an explicit base in the same sentence
    (``占33.9%`` after a figure of another sentence) is not checked.
    """

    requires_profile = True  # reads the annual-report profile's data

    code = "AR803"
    name = "stated-percentage"
    category = Category.NARRATIVE
    default_severity = Severity.ERROR
    summary = Message(zh="正文所述百分比与其依据的数字不符", en="a stated percentage does not match the figures it is computed from")

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Problem]:
        data = prose_data(ctx).get("percentages") or {}
        if not data:
            return
        st = analyse(doc, ctx)
        share = _compiled(str(data.get("share_pattern") or r"^[，,]?\s*(?:占|占比|比例为)"))
        base_marker = _compiled(str(data.get("base_pattern") or r"^[，,：: ]*(?:其中|中)"))
        for pp in report_prose(st, doc, ctx):
            for sent in pp.sentences:
                qs = [q for q in pp.quantities if sent.start <= q.start < sent.end]
                for k, pct in enumerate(qs):
                    if not pct.is_percent or pct.approximate or k == 0:
                        continue
                    part = qs[k - 1]
                    if part.is_percent or part.approximate:
                        continue
                    between = pp.text[part.end:pct.start]
                    if not share.search(between) or len(between) > 8:
                        continue
                    base = next(
                        (b for b in reversed(qs[: k - 1]) if not b.is_percent and b.unit == part.unit
                         and base_marker.search(pp.text[b.end:b.end + 4])), None)
                    if base is None or base.approximate or base.value == 0:
                        continue
                    exact = part.value / base.value * 100
                    tol = Decimal(1).scaleb(-pct.decimals)  # one unit of the last digit written
                    if abs(exact - pct.value) < tol:
                        continue
                    text = sent.text.strip()
                    yield Problem(
                        message=Message(
                            zh=f"正文“{excerpt(text, 80)}”：{part.text}占{base.text}的比例为{exact:.2f}%，不是{pct.text}",
                            en=f"“{excerpt(text, 80)}”: {part.text} of {base.text} is {exact:.2f}%, not {pct.text}",
                        ),
                        location=prose_location(st, pp, text),
                        expected=f"{exact:.{max(pct.decimals, 1)}f}%",
                        actual=pct.text,
                    )


PROSE_RULES: list[type[Rule]] = [ProseFigureVsTable, StatedTotalVsParts, StatedPercentage]
