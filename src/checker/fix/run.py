"""Check, choose the fixes, apply them to a copy, and prove the copy is better.

The check is the ordinary engine run (profile choice, options, severities as ``checker
check`` has them); :func:`checker.rules.collecting_fixes` gathers the fixes the rules
attached to their problems. After applying them the copy is read again and:

* every paragraph and cell outside the fixed places reads exactly as before, and each
  fixed one reads as its edits say (automatic numbering included);
* checked again, it has none of the findings whose fix was complete, and no finding
  that was not there before.

Only then are the bytes handed back to be written; otherwise :class:`FixError` says why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from ..engine import Engine
from ..errors import CheckerError
from ..findings import FileResult, Finding, Message
from ..model import Document
from ..rules import collecting_fixes, is_selected
from .apply import Done, Result, Skipped, _paragraphs, apply_edits


class FixError(CheckerError):
    """The fixes could not be applied as promised; nothing is written."""


@dataclass
class Outcome:
    data: bytes
    before: FileResult
    after: FileResult
    done: list[Done] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    fixed: list[Finding] = field(default_factory=list)  # findings whose fix was applied
    unsafe_available: int = 0  # findings with an unsafe fix, left for --unsafe-fixes


def _key(f: Finding, *, strict: bool = True) -> tuple:
    loc = f.location
    return (f.code, loc.paragraph, loc.table) + ((loc.row, loc.column) if strict else ())


def fix_bytes(engine: Engine, data: bytes, label: str, *, select: Iterable[str] = ("ALL",),
              ignore: Iterable[str] = (), unsafe: bool = False) -> Outcome:
    """The fixed copy of the document ``data`` (not written anywhere) and what changed."""
    select, ignore = tuple(select) or ("ALL",), tuple(ignore)
    doc = engine.read(data, label)
    with collecting_fixes() as sink:
        before = engine.check_document(doc)
    redirects = engine.registry.redirects
    chosen, unsafe_left = [], 0
    for rule, problem, finding in sink:
        if not is_selected(rule.code, select, ignore, redirects) or problem.fix is None:
            continue
        if problem.fix.applicability == "unsafe" and not unsafe:
            unsafe_left += 1
            continue
        chosen.append((rule, problem, finding))
    edits = [(rule.code, e) for rule, problem, _ in chosen for e in problem.fix.edits]
    result: Result = apply_edits(data, doc, edits) if edits else Result(data)
    skipped_codes = {s.code for s in result.skipped}
    done_anchors = {d.anchor for d in result.done}
    fixed = [f for _rule, problem, f in chosen if all(e.anchor in done_anchors for e in problem.fix.edits)]
    if not result.done:
        return Outcome(data, before, before, [], result.skipped, [], unsafe_left)
    fixed_doc = engine.read(result.data, label)
    _same_elsewhere(doc, fixed_doc, result.done)
    after = engine.check_document(fixed_doc)
    _better(before, after, [(rule, problem, f) for rule, problem, f in chosen if f in fixed], skipped_codes)
    return Outcome(result.data, before, after, result.done, result.skipped, fixed, unsafe_left)


def _same_elsewhere(before: Document, after: Document, done: list[Done]) -> None:
    """Every paragraph (body and cells) reads as before, except the fixed ones, which read as planned."""
    old, new = _paragraphs(before), _paragraphs(after)
    planned = {d.anchor: d.new for d in done}
    if set(old) != set(new):
        raise FixError("the fixed copy has other paragraphs than the original; nothing written")
    for anchor, p in old.items():
        want = planned.get(anchor, p.text)
        if new[anchor].text != want:
            where = f"paragraph {p.index}" if p.index else "a table cell"
            raise FixError(f"fixing would change {where} ('{p.text[:30]}' → '{new[anchor].text[:30]}'), "
                           "which no fix meant to change; nothing written")


def _better(before: FileResult, after: FileResult, chosen: list, skipped_codes: set[str]) -> None:
    """The fixed findings are gone and no finding is new (a partly fixed one may remain, changed)."""
    remaining = {_key(f) for f in after.findings}
    for rule, problem, f in chosen:
        if problem.fix.complete and _key(f) in remaining and rule.code not in skipped_codes:
            raise FixError(f"{f.code} at {f.location.describe('en')} is still reported after its fix; nothing written")
    had = {_key(f, strict=False) for f in before.findings}
    partial = {(rule.code, f.location.table) for rule, problem, f in chosen if not problem.fix.complete}
    partial |= {(code, None) for code in skipped_codes}
    for f in after.findings:
        if _key(f, strict=False) not in had and (f.code, f.location.table) not in partial:
            raise FixError(f"the fixed copy would have a new finding {f.code} "
                           f"({f.message.en}); nothing written")


def describe(done: Done, lang: str) -> str:
    """``paragraph 19 [SEC201]: 6、其他… → 六、其他…`` for the change list."""
    codes = ",".join(done.codes)
    how = {"numbering definition": Message("（改编号定义）", " (numbering definition)"),
           "numbering to text": Message("（自动编号改为文字）", " (automatic number typed as text)")}.get(done.how)
    extra = how.get(lang) if how else ""
    return f"{done.where.get(lang)} [{codes}]{extra}: {done.old} → {done.new}"
