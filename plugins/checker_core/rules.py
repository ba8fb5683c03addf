"""Generic document rules (prefix DOC): what no submitted report of any kind should carry.

They read only the normalised model (:mod:`checker.model`): paragraph and cell text,
the constructs the reader met (content-control placeholders, tracked changes, comments,
macros), ``Document.comments`` and ``Document.has_macros``. None of them opens the
package again, and none runs anything found in it.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from checker import Rule
from checker.findings import Category, Location, Message, Severity
from checker.model import Construct, Document
from checker.rules import Problem, RuleContext

#: Default placeholder patterns (regular expressions, searched in paragraph and cell text).
PLACEHOLDER_PATTERNS: tuple[str, ...] = (
    # template hints: （文字描述）, （文字描述，收取信息处理费情况在此处报告。）, （请填写…）
    r"[（(]\s*(?:文字描述|文字说明|请填写|填写|此处填写|在此填写|待填写|待补充|请输入)[^）)]{0,80}[）)]",
    # XXX / ＸＸＸ / XX县 ... standing alone, not inside a Latin word
    r"(?<![A-Za-z])[XＸ]{2,}(?![A-Za-z])",
    r"[×✕XＸ]{2,4}年[×✕XＸ]{1,2}月[×✕XＸ]{1,2}日",  # ××××年××月××日
    r"[×✕]{2,}",
    # 【单位名称】 [单位名称] 【填写日期】 ...
    r"[【\[［]\s*(?:请填写|填写|单位名称|机关名称|部门名称|单位|机关|名称|日期|年份|年度|时间|数字|数量|金额)[^】\]］]{0,10}[】\]］]",
    # Word's own content-control prompt when the placeholder is typed as text
    r"单击或点击此处输入文字|单击此处输入文字|点击或轻触此处以输入文本|Click or tap here to enter text|Click here to enter text",
)

_WHERE_CELL = re.compile(r"^table (\d+), row (\d+), column (\d+)")
_WHERE_TABLE = re.compile(r"^table (\d+)")
_WHERE_PARA = re.compile(r"^paragraph (\d+)$")


def location_from_where(where: str, excerpt: str | None = None) -> Location:
    """Turn the reader's construct location words into a :class:`Location`."""
    m = _WHERE_CELL.match(where)
    if m:
        return Location(table=int(m[1]), row=int(m[2]), column=int(m[3]), excerpt=excerpt)
    m = _WHERE_TABLE.match(where)
    if m:
        return Location(table=int(m[1]), excerpt=excerpt)
    m = _WHERE_PARA.match(where)
    if m:
        return Location(paragraph=int(m[1]), excerpt=excerpt)
    return Location(excerpt=f"{where}: {excerpt}" if excerpt and where else (excerpt or where or None))


def _clip(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _text_units(doc: Document) -> Iterator[tuple[Location, str]]:
    """Every body paragraph and every top-level table cell (nested cells with their table)."""
    for block in doc.blocks:
        if hasattr(block, "grid"):
            for cell in block.cells():
                loc = Location(table=block.index, row=cell.row + 1, column=cell.col + 1)
                yield loc, cell.text
        else:
            yield Location(paragraph=block.index), block.text


def _unwritten_sections(doc: Document, ctx: RuleContext) -> tuple[set[int], set[int]]:
    """The paragraphs and tables of the prose sections that hold nothing but template
    placeholders, which SEC203 reports as unwritten (one finding per section, at the
    placeholder): this rule leaves them to it. Empty without a report profile (its
    ``data.sections``), when DOC001 is all there is.

    Read from the report structure the report rules share (the same per-document memo,
    built once whichever rule asks first), classified by the same function SEC203 uses
    (:func:`checker.report.content.section_texts`), so that the two rules cannot
    disagree on which section is unwritten."""
    if not any(s.get("prose") for s in ctx.profile_data.get("sections") or []):
        return set(), set()
    from checker.report.content import section_texts
    from checker.report.structure import MEMO_KEY, build

    st = ctx.memo(MEMO_KEY, lambda: build(doc, ctx.profile_data, ctx.shared))
    paragraphs: set[int] = set()
    tables: set[int] = set()
    for text in section_texts(st):
        if text.placeholder_only:
            paragraphs.update(p.index for p in text.paragraphs)
            tables.update(t.index for t in text.section.tables)
    return paragraphs, tables


class UnfilledTemplateText(Rule):
    """Finds template placeholders still in the report.

    A report written from a template must replace every placeholder: hints such as
    `（文字描述）` or `（文字描述，收取信息处理费情况在此处报告。）`, filler such as `XXX`,
    `××××年××月××日`, `【单位名称】` or `[单位名称]`, and Word content controls still
    showing their placeholder text (`单击或点击此处输入文字。`). One finding per paragraph
    or table cell, located there, with the placeholder as the excerpt. Options:
    `patterns` replaces the default regular expressions, `extra_patterns` adds to them
    (e.g. `某某`).

    Why: a published report that still shows template text is unfinished; supervisors
    name 敷衍塞责 (perfunctory reports) among the failures that art. 47 of the 条例 holds
    agencies accountable for (国办公开办函〔2021〕30号).

    Fails: a paragraph `（文字描述）`; a date line `××××年××月××日`; `【单位名称】负责`.

    Passes: the written text, `2024年1月15日`, `某县财政局负责`.

    A date line left as `××××年××月××日` is this rule's finding alone (DAT601 does not say
    "no date line" as well). Placeholders the reader could not place in the body (page
    headers, deleted rows) are each reported once.

    With a report profile, a prose section holding nothing but its template placeholder
    is SEC203's finding ("section 一 not written", at the placeholder), not this rule's:
    the section is unwritten, and the placeholder is all it holds - one fact, one finding.
    A placeholder beside written text, in a table or on the date line stays this rule's.
    The owner does not change with the selection (`--select DOC` leaves such a section to
    SEC203 too), as the date line stays this rule's when DAT601 runs alone.

    Fix: write the text, figure or name the placeholder stands for, or delete it.

    ---
    检查报告中是否仍有模板占位内容：“（文字描述）”“（文字描述，收取信息处理费情况在此处报告。）”
    等提示，“XXX”“××××年××月××日”“【单位名称】”“[单位名称]”等填充字，以及仍显示占位文字的
    Word 内容控件（“单击或点击此处输入文字。”）。每个段落或单元格报告一次，并指明位置。
    成文日期仍为“××××年××月××日”时只由本规则报告（DAT601 不再报告“没有成文日期”）。

    按报告规则集检查时，整个文字部分只有模板占位文字的，由 SEC203 报告“该部分未填写”（位置为该占位文字），
    本规则不再重复报告；已写内容旁残留的、表格中的和成文日期处的占位文字仍由本规则报告。
    归属不随所选规则改变（只选 DOC 规则时，这类部分也留给 SEC203）。

    依据：仍带模板文字的报告是未完成的报告；国办公开办函〔2021〕30号将“敷衍塞责”列为依《条例》
    第四十七条追责的情形。

    不通过：段落“（文字描述）”；成文日期“××××年××月××日”；“【单位名称】负责”。

    通过：写好的正文、“2024年1月15日”、“某县财政局负责”。

    修改：把占位内容换成实际的文字、数字或名称，或将其删除。
    """

    code = "DOC001"
    name = "unfilled-template-text"
    category = Category.NARRATIVE
    default_severity = Severity.ERROR
    summary = Message(zh="报告中仍有未填写的模板占位内容", en="the report still contains unfilled template placeholders")
    default_options = {"patterns": list(PLACEHOLDER_PATTERNS), "extra_patterns": []}

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Problem]:
        patterns = [re.compile(p) for p in list(ctx.options.get("patterns") or ()) + list(ctx.options.get("extra_patterns") or ())]
        found: dict[tuple, tuple[Location, str]] = {}
        order: list[tuple] = []
        units = list(_text_units(doc))
        unwritten_paragraphs, unwritten_tables = _unwritten_sections(doc, ctx)
        for loc, text in units:
            if loc.paragraph in unwritten_paragraphs or (loc.row is not None and loc.table in unwritten_tables):
                continue  # an unwritten section's placeholder: SEC203's finding
            for pat in patterns:
                m = pat.search(text)
                if m:
                    key = (loc.paragraph, loc.table, loc.row, loc.column)
                    if key not in found:
                        found[key] = (loc, m.group(0))
                        order.append(key)
                    break
        for construct in doc.constructs_of("placeholder"):
            loc = self._placeholder_location(construct, units)
            key = (loc.paragraph, loc.table, loc.row, loc.column)
            if key == (None, None, None, None):
                # placed nowhere in the body (a header, a deleted row, before the first
                # paragraph): each is its own finding, told apart by what the reader said
                key = ("unplaced", construct.where, construct.detail, len(order))
            if key not in found:
                found[key] = (loc, construct.detail or construct.where)
                order.append(key)
        for key in order:
            loc, shown = found[key]
            shown = _clip(shown)
            yield Problem(
                message=Message(
                    zh=f"此处仍是模板占位内容“{shown}”，请填写实际内容或删除",
                    en=f"template placeholder “{shown}” is still here; write the actual content or delete it",
                ),
                location=Location(**{**loc.as_dict(), "excerpt": shown}),
            )

    @staticmethod
    def _placeholder_location(construct: Construct, units: list[tuple[Location, str]]) -> Location:
        """Where a content control shows its placeholder: the unit showing that text,
        nearest to the reader's location words; else those words."""
        hint = location_from_where(construct.where)
        text = " ".join((construct.detail or "").split())
        if text:
            candidates = [loc for loc, t in units if text in " ".join(t.split())]
            if candidates:
                def distance(loc: Location) -> tuple:
                    if hint.table is not None:
                        return (loc.table != hint.table, abs((loc.row or 0) - (hint.row or 0)), abs((loc.column or 0) - (hint.column or 0)))
                    if hint.paragraph is not None:
                        return (loc.paragraph is None, abs((loc.paragraph or 0) - hint.paragraph), 0)
                    return (0, 0, 0)
                return min(candidates, key=distance)
        return hint


_CHANGE_WORDS = {
    "insertion": ("插入", "insertion"),
    "deletion": ("删除", "deletion"),
    "move": ("移动", "move"),
}


class TrackedChanges(Rule):
    """Finds tracked changes (修订) that were never accepted or rejected.

    Word keeps insertions, deletions and moves made with Track Changes until someone
    accepts or rejects them. The checker reads the final view; one finding per paragraph
    or table cell with changes, naming their kinds (insertion, deletion, move).

    Why: readers of the submitted file may see the markup or the original wording, and
    the published text may differ from the text that was checked and approved.

    Fails: a paragraph with an unaccepted insertion or deletion.

    Passes: a document whose changes are all accepted (no revision marks).

    Fix: in Word, Review → Accept → Accept All Changes (or reject the ones you do not
    want), then save.

    ---
    检查文档中是否有未接受（或未拒绝）的修订：插入、删除、移动。每个有修订的段落或单元格报告一次。

    依据：提交的文件若仍带修订，读者可能看到修订标记或原来的文字，公开的内容可能与审核过的不一致。

    不通过：某段仍有未接受的插入或删除。

    通过：所有修订均已接受，文档中没有修订标记。

    修改：在 Word 中点“审阅 → 接受 → 接受所有修订”（不需要的修订则拒绝），然后保存。
    """

    code = "DOC002"
    name = "tracked-changes"
    category = Category.HYGIENE
    default_severity = Severity.WARNING
    summary = Message(zh="文档中有未接受的修订", en="the document has unaccepted tracked changes")

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Problem]:
        groups: dict[str, list[str]] = {}
        for c in doc.constructs:
            if c.kind in _CHANGE_WORDS:
                kinds = groups.setdefault(c.where, [])
                if c.kind not in kinds:
                    kinds.append(c.kind)
        for where, kinds in groups.items():
            zh = "、".join(_CHANGE_WORDS[k][0] for k in kinds)
            en = ", ".join(_CHANGE_WORDS[k][1] for k in kinds)
            yield Problem(
                message=Message(
                    zh=f"此处有未接受的修订（{zh}），请接受或拒绝所有修订后再提交",
                    en=f"unaccepted tracked changes here ({en}); accept or reject all changes before submitting",
                ),
                location=location_from_where(where),
                expected="无修订 / no tracked changes",
                actual=en,
            )


class CommentsLeft(Rule):
    """Finds review comments (批注) left in the document.

    One finding per comment (at most `max_reported`, then one summary), quoting its
    start and its author. The annotated copy written by `checker check --annotate` is
    meant to carry comments; the report itself is not.

    Why: comments are working notes; they travel with the file and may expose internal
    discussion when the report is submitted or published.

    Fails: a report with a comment `请核实第三段的数字`.

    Passes: a report without comments.

    Fix: deal with every comment, then Review → Delete → Delete All Comments in
    Document, and save.

    ---
    检查文档中是否留有批注。每条批注报告一次（最多 `max_reported` 条，其余合并为一条），
    并引用其开头和作者。`checker check --annotate` 生成的批注版本来就带批注，报告本身不应带。

    依据：批注是工作记录，会随文件一起提交或公开，可能泄露内部讨论。

    不通过：报告中留有批注“请核实第三段的数字”。

    通过：报告中没有批注。

    修改：处理完所有批注后，点“审阅 → 删除 → 删除文档中的所有批注”，然后保存。
    """

    code = "DOC003"
    name = "comments-left"
    category = Category.HYGIENE
    default_severity = Severity.WARNING
    summary = Message(zh="文档中留有批注", en="comments are left in the document")
    default_options = {"max_reported": 10}

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Problem]:
        authors = [c.detail for c in doc.constructs_of("comment")]
        limit = int(ctx.options.get("max_reported", 10))
        for i, text in enumerate(doc.comments[:limit]):
            author = authors[i] if i < len(authors) else ""
            by_zh = f"（{author}）" if author else ""
            by_en = f" by {author}" if author else ""
            shown = _clip(text)
            yield Problem(
                message=Message(
                    zh=f"文档中留有第{i + 1}条批注{by_zh}：“{shown}”，提交前请处理并删除",
                    en=f"comment {i + 1}{by_en} is left in the document: “{shown}”; resolve and delete it before submitting",
                ),
                location=Location(excerpt=shown),
                expected="无批注 / no comments",
                actual=shown,
            )
        if len(doc.comments) > limit:
            more = len(doc.comments) - limit
            yield Problem(
                message=Message(zh=f"另有{more}条批注未列出", en=f"{more} more comments not listed"),
            )


class MacrosPresent(Rule):
    """Finds macros (VBA, 宏) in the document; notes them and never runs them.

    A file carrying a VBA project (`vbaProject.bin`, usually a `.docm` renamed, or a
    document saved with macros) is reported once.

    Why: a report is text and tables and needs no program; many portals and mail
    filters refuse files with macros, and macros are a security risk for whoever opens
    the file.

    Fails: a .docx package containing `word/vbaProject.bin`.

    Passes: a plain Word document.

    Fix: save as a plain Word document (File → Save As → Word Document (*.docx)),
    which drops the macros.

    ---
    检查文档中是否含有宏（VBA 工程 `vbaProject.bin`）。只记录，从不运行。

    依据：报告只是文字和表格，不需要程序；许多网站和邮件系统拒收含宏的文件，宏对打开文件的人也是安全风险。

    不通过：文件包中含有 `word/vbaProject.bin`。

    通过：普通的 Word 文档。

    修改：“文件 → 另存为 → Word 文档（*.docx）”，另存后宏即被去除。
    """

    code = "DOC004"
    name = "macros-present"
    category = Category.HYGIENE
    default_severity = Severity.WARNING
    summary = Message(zh="文档中含有宏", en="the document contains macros")

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Problem]:
        if doc.has_macros or doc.constructs_of("macro"):
            yield Problem(
                message=Message(
                    zh="文档中含有宏（VBA），已记录但未运行；请另存为不含宏的 Word 文档（.docx）",
                    en="the document contains macros (VBA), noted but not run; save it as a macro-free Word document (.docx)",
                ),
                expected="无宏 / no macros",
                actual="vbaProject.bin",
            )


RULES = [UnfilledTemplateText, TrackedChanges, CommentsLeft, MacrosPresent]
