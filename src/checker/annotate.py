"""``checker check --annotate OUT.docx``: a copy of the report with a Word comment per finding.

The drafter opens the copy in Word (or WPS, LibreOffice) and sees, in the margin next
to each paragraph or table cell at fault, what is wrong, where (the table by the name
the format gives it, ``表三 第27行 第2列``, as every report says), what was expected and
how to fix it, in the chosen language. The original file is only read.

How a finding's :class:`~checker.findings.Location` becomes a place in the copy: the
document is read again with :func:`checker.reader.load_document`, whose model stores
for every body paragraph, table and cell the XPath (``anchor``) of its element in the
main part; the same XPath is evaluated in python-docx's tree of that part, and the
comment is anchored on the runs of the element found. Body paragraphs are numbered as
the reader numbers them (1-based, paragraphs inside block-level content controls
included), table cells by table index and 1-based row/column of the logical grid.
Findings without a location, or whose place cannot be found, go on the title (the
first paragraph with text). Several findings at one place share one comment.
"""

from __future__ import annotations

import os
import re
from collections import OrderedDict
from typing import TYPE_CHECKING, Any, Mapping

from .errors import ConfigError, InputError
from .findings import Message
from .text import printable

if TYPE_CHECKING:  # pragma: no cover
    from .findings import FileResult, Finding, Location
    from .model import Document
    from .reader.package import Limits

AUTHOR = "checker"
INITIALS = "CK"

_SEVERITY_WORDS = {"zh": {"error": "错误", "warning": "警告", "info": "提示"}}
_FIX_HEADING = re.compile(r"^#{2,4}\s*(如何修改|修改方法|修改建议|怎样修改|修正|How to fix|Fix|Fixing)\b", re.I)


def annotate_copy(
    input_path: str, result: "FileResult", out_path: str, lang: str = "zh",
    limits: "Limits | None" = None, rules: "Mapping[str, Any] | None" = None,
) -> str:
    """Write ``out_path``: a copy of ``input_path`` with one comment per finding location.

    ``limits`` are the run's configured limits (the file is read again under them, not
    under the defaults); ``rules`` the run's rules by code (local ``--plugin`` rules
    included), whose pages give each comment its fix text. Refuses to write over the
    input. Returns the path written.
    """
    src = os.path.abspath(os.fspath(input_path))
    dst = os.path.abspath(os.fspath(out_path))
    if not os.path.isfile(src):
        raise ConfigError(f"--annotate needs a .docx file on disk, not {input_path!r}")
    if src == dst or (os.path.exists(dst) and os.path.samefile(src, dst)):
        raise ConfigError(f"--annotate would overwrite the input {input_path!r}; name another file")
    if not dst.lower().endswith(".docx"):
        raise ConfigError(f"--annotate {out_path!r}: the copy must be a .docx file")

    from .reader import load_document

    # Read the file once: the model and python-docx see the same bytes, which the safe
    # package opener has checked (caps, DOCTYPE refusal), even if the file changes on disk.
    from .reader.package import DEFAULT_LIMITS, open_package

    limits = limits or DEFAULT_LIMITS
    try:
        with open(src, "rb") as fh:
            data = fh.read(limits.max_file_bytes + 1)  # the opener refuses anything larger
    except OSError as exc:
        raise InputError(input_path, Message(zh=f"无法读取该文件（{exc.strerror or exc}）",
                                             en=f"cannot read: {exc.strerror or exc}")) from None
    model = load_document(data, name=os.path.basename(src), limits=limits)
    # every XML part python-docx may parse (settings, every comments part, headers
    # reached from settings...) passes the reader's element, depth and DOCTYPE checks
    # before python-docx sees the bytes
    open_package(data, name=os.path.basename(src), limits=limits).check_all_xml_parts()
    try:
        document = _annotated(data, model, result, lang, rules)
    except (InputError, ConfigError):
        raise
    except MemoryError:
        raise InputError(input_path, Message(zh="无法生成带批注的副本：该文件所需内存超过上限",
                                             en="cannot write an annotated copy: the file needs more memory than allowed")) from None
    except Exception as exc:  # python-docx meets what it cannot handle: this input's fault, one line
        raise InputError(input_path, Message(zh=f"无法为该文件生成带批注的副本（{_why(exc)}）",
                                             en=f"cannot write an annotated copy of this file ({_why(exc)})")) from None

    from .batch.outputs import cleanup_on_signals, replace_with, temporary_beside

    with cleanup_on_signals():  # SIGTERM/SIGHUP during the save leave no temporary file behind
        tmp = temporary_beside(dst, suffix=".docx")
        try:
            document.save(tmp)
            replace_with(tmp, dst)
        finally:
            if os.path.lexists(tmp):
                os.unlink(tmp)
    return dst


def _why(exc: Exception) -> str:
    from .reader.package import shown

    return shown(f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__, 160)


def _annotated(data: bytes, model: "Document", result: "FileResult", lang: str, rules: "Mapping[str, Any] | None" = None):
    """python-docx's document of ``data`` with the comments added (not saved).

    Anything python-docx raises on a hostile package (an external comments
    relationship, two comments parts, a part it cannot parse) propagates to
    :func:`annotate_copy`, which turns it into a one-line input error."""
    import io

    import docx

    document = docx.Document(io.BytesIO(data))
    root = document.element
    targets: "OrderedDict[Any, list[Finding]]" = OrderedDict()
    fallback = _title_element(model, root)
    for finding in result.findings:
        el = _element_for(finding.location, model, root)
        if el is None:
            el = fallback
        targets.setdefault(el, []).append(finding)

    fixes: dict[str, str] = {}
    for el, group in targets.items():
        # printable(): quoted document text may hold characters XML cannot carry
        # (controls, lone surrogates); shown escaped, they cannot fail the save either
        text = printable("\n\n".join(_comment_text(f, lang, fixes, rules) for f in group))
        runs = _anchor_runs(el)
        document.add_comment(runs, text=text, author=AUTHOR, initials=INITIALS)
    return document


# ------------------------------------------------------------------------ locating
def _xpath(root, path: str):
    if not path:
        return None
    from lxml import etree

    namespaces = {k: v for k, v in (root.nsmap or {}).items() if k}
    try:
        found = root.getroottree().xpath(path, namespaces=namespaces)
    except etree.XPathEvalError:
        # a prefix declared below the root: gather every declaration once
        for el in root.iter():
            for k, v in (el.nsmap or {}).items():
                if k and k not in namespaces:
                    namespaces[k] = v
        try:
            found = root.getroottree().xpath(path, namespaces=namespaces)
        except etree.XPathEvalError:
            return None
    return found[0] if found else None


def _element_for(loc: "Location", model: "Document", root):
    if loc.table:
        table = next((t for t in model.tables if t.index == loc.table), None)
        if table is None:
            return None
        cell = None
        if loc.row:
            r = loc.row - 1
            if loc.column:
                cell = table.cell(r, loc.column - 1)
            if cell is None and 0 <= r < table.n_rows:
                cell = next((c for c in table.grid[r] if c is not None), None)
        if cell is None:
            cell = next(table.cells(), None)
        el = _xpath(root, cell.anchor) if cell is not None else None
        return el if el is not None else _xpath(root, table.anchor)
    if loc.paragraph:
        para = next((p for p in model.paragraphs if p.index == loc.paragraph and not p.in_textbox), None)
        if para is None:
            para = next((p for p in model.paragraphs if p.index == loc.paragraph), None)
        return _xpath(root, para.anchor) if para is not None else None
    return None


def _title_element(model: "Document", root):
    paragraphs = model.paragraphs
    first = next((p for p in paragraphs if p.text.strip()), paragraphs[0] if paragraphs else None)
    el = _xpath(root, first.anchor) if first is not None else None
    if el is not None:
        return el
    from docx.oxml.ns import qn

    body = root.find(qn("w:body"))
    el = body.find(qn("w:p"))
    if el is None:  # a body without paragraphs: add one at the top
        el = body.makeelement(qn("w:p"), {})
        body.insert(0, el)
    return el


def _anchor_runs(el):
    """The runs a comment covers: the element's runs, or a new empty run when it has none."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

    tag = el.tag
    if tag == qn("w:tbl"):
        tc = next(el.iter(qn("w:tc")), None)
        el = tc if tc is not None else el
    if el.tag == qn("w:tc"):
        paragraphs = [p for p in el.iter(qn("w:p"))]
        if not paragraphs:
            p = el.makeelement(qn("w:p"), {})
            el.append(p)
            paragraphs = [p]
    else:
        paragraphs = [el]
    runs = [r for p in paragraphs for r in p.iter(qn("w:r")) if _is_text_run(r)]
    if runs:
        first, last = runs[0], runs[-1]
        return [Run(first, Paragraph(first.getparent(), None)), Run(last, Paragraph(last.getparent(), None))]
    paragraph = Paragraph(paragraphs[0], None)
    return [paragraph.add_run("")]


def _is_text_run(r) -> bool:
    """A run fit to carry a comment range: not inside a field instruction, deleted text
    or another comment's reference."""
    from docx.oxml.ns import qn

    parent = r.getparent()
    if parent is None or parent.tag in (qn("w:del"), qn("w:moveFrom")):
        return False
    return r.find(qn("w:commentReference")) is None and r.find(qn("w:instrText")) is None


# -------------------------------------------------------------------------- wording
def _comment_text(f: "Finding", lang: str, fixes: dict[str, str], rules: "Mapping[str, Any] | None" = None) -> str:
    zh = lang == "zh"
    severity = _SEVERITY_WORDS["zh"].get(f.severity.value, f.severity.value) if zh else f.severity.value
    message = plain_text(f.message.get(lang))
    lines = [f"【{severity} {f.code}】{message}" if zh else f"[{severity} {f.code}] {message}"]
    where = f.location.describe(lang)
    if where:  # the place as every report names it (表三 第27行 第2列), also where the comment had to go elsewhere
        lines.append(f"位置：{where}" if zh else f"Where: {where}")
    from .findings import shown_value

    expected, actual = shown_value(f.expected, lang), shown_value(f.actual, lang)
    if expected:
        lines.append(f"应为：{expected}" if zh else f"Expected: {expected}")
    if actual:
        lines.append(f"实际：{actual}" if zh else f"Found: {actual}")
    if f.code not in fixes:
        fixes[f.code] = plain_text(_fix_for(f.code, lang, rules))
    if fixes[f.code]:
        lines.append(f"修改：{fixes[f.code]}" if zh else f"How to fix: {fixes[f.code]}")
    lines.append(f"（详见 checker explain {f.code}）" if zh else f"(see: checker explain {f.code})")
    return "\n".join(lines)


_MARKDOWN = (
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # [text](link) -> text
    (re.compile(r"`([^`]*)`"), r"\1"),  # `code` -> code
    (re.compile(r"\*\*([^*]+)\*\*|__([^_]+)__"), lambda m: m.group(1) or m.group(2)),  # bold
)


def plain_text(text: str) -> str:
    """A Word comment is plain text: the Markdown of rule pages (backticks, bold, links)
    would show as typed, so it is taken out and the words kept."""
    for pattern, repl in _MARKDOWN:
        text = pattern.sub(repl, text)
    return text


_RULES: dict[str, Any] | None = None


def _rule(code: str):
    global _RULES
    if _RULES is None:
        try:
            from .plugins import get_plugin_manager
            from .registry import build_registry

            _RULES = dict(build_registry(get_plugin_manager()).rules)
        except Exception:  # a broken plugin must not stop the copy being written
            _RULES = {}
    return _RULES.get(code)


_FIX_PARAGRAPH = {
    "zh": re.compile(r"^\s*(?:\*\*)?(?:修改|修改方法|修改建议|如何修改)(?:\*\*)?\s*[：:]\s*(.+)", re.S),
    "en": re.compile(r"^\s*(?:\*\*)?(?:Fix|How to fix)(?:\*\*)?\s*:\s*(.+)", re.S | re.I),
}


def _fix_paragraph(text: str, lang: str) -> str:
    """The text of the first ``修改：`` / ``Fix:`` paragraph, or of the paragraph under a
    "how to fix" heading."""
    paragraphs = re.split(r"\n\s*\n", text)
    for i, para in enumerate(paragraphs):
        m = _FIX_PARAGRAPH[lang].match(para)
        if m:
            return " ".join(m.group(1).split()) if lang != "zh" else "".join(m.group(1).split())
        if _FIX_HEADING.match(para.strip()) and i + 1 < len(paragraphs):
            nxt = paragraphs[i + 1].strip()
            if nxt and not nxt.startswith("#"):
                return " ".join(nxt.split())
    return ""


def _fix_for(code: str, lang: str, rules: "Mapping[str, Any] | None" = None) -> str:
    """How to fix, in ``lang``: from the rule's reference page (``docs/rules/CODE.md``,
    the text ``checker explain`` prints), else from its docstring (English, ``---``,
    Chinese), else nothing."""
    lang = "zh" if lang == "zh" else "en"
    rule = rules.get(code) if rules is not None else _rule(code)
    if rule is None:
        return ""
    try:
        from .ruledoc import page_for, select_language

        fix = _fix_paragraph(select_language(page_for(rule), lang), lang)
    except Exception:  # a page that cannot be read must not stop the copy
        fix = ""
    if not fix:
        en, sep, zh = rule.documentation().partition("\n---\n")
        fix = _fix_paragraph(zh if lang == "zh" else en, lang) if (sep or lang == "en") else ""
    return fix
