"""How a rule is declared, and how the engine selects and runs rules.

A rule is a class, declared rather than wired (as in sqlfluff): class attributes give
its code, name, category, default severity, a bilingual summary, and its docstring is
its reference documentation. ``check`` receives the normalised document and a
:class:`RuleContext` and yields :class:`Problem` values; the engine stamps on the
rule's identity and the configured severity to make :class:`~checker.findings.Finding`.
"""

from __future__ import annotations

import inspect
import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar, Iterable, Iterator, Literal, Mapping

from .findings import Category, Finding, Location, Message, Severity
from .model import Document

CODE_RE = re.compile(r"^[A-Z]{1,4}[0-9]{3}$")


@dataclass(frozen=True)
class Edit:
    """One change to one paragraph: its whole displayed text ``old`` becomes ``new``.

    ``anchor`` is the paragraph's XPath in the main part (``Paragraph.anchor``; a table
    cell's paragraphs carry theirs). The whole text, not a span, is given so that the
    fixer can check it still reads ``old`` before touching anything, and works out the
    smallest span to change itself (the rest of the runs, and their formatting, stay).
    ``where`` names the place for people (``paragraph 19``, ``table 2, row 5, col 3``).
    """

    anchor: str
    old: str
    new: str
    where: Message = Message("", "")


@dataclass(frozen=True)
class Fix:
    """What a rule would change to resolve a problem, as data made from the model.

    ``complete`` is False when the edits resolve only part of what the problem lists
    (some blank cells of a table): the finding may remain, smaller.
    """

    edits: tuple[Edit, ...]
    applicability: Literal["safe", "unsafe"] = "safe"
    complete: bool = True


@dataclass(frozen=True)
class Problem:
    """What a rule reports; the engine turns it into a Finding.

    ``severity`` may be set when one rule's problems differ in weight (a warning
    for a near-miss, an error for a miss); otherwise the rule's configured severity
    applies.
    """

    message: Message
    location: Location = field(default_factory=Location)
    #: The document's own text as a string (kept as written); the tool's words as a
    #: Message, so that ``--lang en`` never shows Chinese the document did not contain.
    expected: str | Message | None = None
    actual: str | Message | None = None
    severity: Severity | None = None
    fix: Fix | None = None  # what would resolve it, when the rule knows (``checker fix``)


@dataclass
class RuleContext:
    """What a rule may know beyond the document: its options, the profile's data,
    values shared between rules for this one document, and metadata to publish."""

    options: Mapping[str, Any]
    profile_data: Mapping[str, Any]
    profile_name: str
    shared: dict[str, Any] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)
    #: For :meth:`PairRule.compare` only: the earlier report's metadata (its year, agency,
    #: profile) as its own check published it; empty otherwise.
    previous_metadata: Mapping[str, Any] = field(default_factory=dict)

    def memo(self, key: str, factory: Callable[[], Any]) -> Any:
        """Compute a per-document value once and share it between rules (e.g. the
        located report tables)."""
        if key not in self.shared:
            self.shared[key] = factory()
        return self.shared[key]


class Rule:
    """Base class of every rule. Subclasses set the class attributes and ``check``."""

    code: ClassVar[str]
    name: ClassVar[str]
    category: ClassVar[Category]
    default_severity: ClassVar[Severity] = Severity.ERROR
    summary: ClassVar[Message]
    #: Option names with their default values; a profile may override them.
    default_options: ClassVar[Mapping[str, Any]] = {}
    #: True for rules that interpret a profile's ``data`` (a report type's sections,
    #: tables...): they are skipped when no profile applies to a document, instead of
    #: judging an unrelated document against an empty specification.
    requires_profile: ClassVar[bool] = False
    #: Codes this rule had before (as ruff redirects renamed codes): selectors, options and
    #: severities written with an old code, or a prefix of one, still reach this rule.
    redirected_from: ClassVar[tuple[str, ...]] = ()
    #: Whether the rule's problems may carry a :class:`Fix`, and how safe it is (ruff's
    #: words): ``safe`` changes wording and numbering only, ``unsafe`` writes figures and
    #: is applied only with ``--unsafe-fixes``; None: the rule never fixes.
    fix_applicability: ClassVar[Literal["safe", "unsafe"] | None] = None
    #: What the fix does, in both languages (``checker explain``, ``checker rules``).
    fix_summary: ClassVar[Message | None] = None

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Problem]:  # pragma: no cover
        raise NotImplementedError

    # helpers -----------------------------------------------------------------
    @classmethod
    def documentation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def validate_declaration(cls) -> None:
        """Raise ``TypeError`` naming the rule when its declaration is incomplete."""
        missing = [a for a in ("code", "name", "category", "summary") if not hasattr(cls, a)]
        if missing:
            raise TypeError(f"rule {cls.__module__}.{cls.__name__} lacks {', '.join(missing)}")
        if not CODE_RE.match(cls.code):
            raise TypeError(f"rule {cls.__name__}: code {cls.code!r} must be a prefix of capitals and 3 digits")
        if not isinstance(cls.category, Category) or not isinstance(cls.default_severity, Severity):
            raise TypeError(f"rule {cls.code}: category and default_severity must be enum members")
        if not isinstance(cls.summary, Message):
            raise TypeError(f"rule {cls.code}: summary must be a Message(zh=..., en=...)")
        if cls.fix_applicability not in (None, "safe", "unsafe"):
            raise TypeError(f"rule {cls.code}: fix_applicability must be 'safe', 'unsafe' or None")
        if cls.fix_applicability and not isinstance(cls.fix_summary, Message):
            raise TypeError(f"rule {cls.code}: a rule that fixes needs fix_summary = Message(zh=..., en=...)")


class PairRule(Rule):
    """A rule that compares a report with the same body's report of the year before.

    Each report of a batch is read and checked once, in whichever worker process: while
    a report is checked, :meth:`summarise` keeps what a comparison will need from it
    (figures with their labels and places, sentences: small, picklable values, never the
    Document). Once the batch knows which reports pair up (the same agency, consecutive
    years; or ``--previous``), :meth:`compare` reads the later report's summary and the
    earlier one's. So pairing costs no second read and no second check of either file,
    and the earlier report is summarised with its own profile (a 2021 report's
    predecessor may follow the 2019 format).

    ``compare``'s context carries the later report's options, profile data and metadata,
    and ``previous_metadata``; the earlier report's summary is None when that report was
    not read as the same kind of report (the rule then says nothing, or why not).
    """

    requires_profile = True  # a summary interprets the report type's data

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Problem]:
        return ()  # everything happens in summarise() and compare()

    def summarise(self, doc: Document, ctx: RuleContext) -> Any:  # pragma: no cover
        """What :meth:`compare` will need of ``doc``, as plain picklable values."""
        raise NotImplementedError

    def compare(self, this: Any, last: Any, ctx: RuleContext) -> Iterable[Problem]:  # pragma: no cover
        """Problems of the later report (``this``, its summary) against the earlier (``last``)."""
        raise NotImplementedError


#: While :func:`collecting_fixes` is active, (rule, problem, finding) of every problem that
#: carries a fix: the engine runs unchanged and the fixer still sees the rules' fixes.
_FIX_SINK: ContextVar[list[tuple[type[Rule], Problem, Finding]] | None] = ContextVar("checker_fix_sink", default=None)


@contextmanager
def collecting_fixes() -> Iterator[list[tuple[type[Rule], Problem, Finding]]]:
    """Collect the fixes of the problems the engine turns into findings in this block."""
    sink: list[tuple[type[Rule], Problem, Finding]] = []
    token = _FIX_SINK.set(sink)
    try:
        yield sink
    finally:
        _FIX_SINK.reset(token)


def _value(value: Any) -> str | Message | None:
    """A Problem's value as a Finding keeps it: a Message as is, anything else as text."""
    return value if value is None or isinstance(value, Message) else str(value)


def make_finding(rule: type[Rule], problem: Problem, severity: Severity) -> Finding:
    finding = _make_finding(rule, problem, severity)
    sink = _FIX_SINK.get()
    if sink is not None and problem.fix is not None and problem.fix.edits:
        sink.append((rule, problem, finding))
    return finding


def _make_finding(rule: type[Rule], problem: Problem, severity: Severity) -> Finding:
    return Finding(
        code=rule.code,
        rule=rule.name,
        category=rule.category,
        severity=problem.severity or severity,
        message=problem.message,
        location=problem.location,
        expected=_value(problem.expected),
        actual=_value(problem.actual),
    )


# selection --------------------------------------------------------------------


def _matches(code: str, selector: str) -> bool:
    return selector == "ALL" or code.startswith(selector)


def redirected(selectors: Iterable[str], redirects: Mapping[str, str]) -> list[tuple[str, int]]:
    """Selectors with the specificity each one counts with, old codes followed to new ones.

    A selector that names an old code or a prefix of old codes (``AR201``, ``AR5``) also
    selects the codes they became, with the selector's own specificity, so that
    ``--select AR5 --ignore SUM502`` and ``--select SUM --ignore AR502`` both mean what
    they meant before the rename.
    """
    out: list[tuple[str, int]] = []
    for sel in selectors:
        weight = 0 if sel == "ALL" else len(sel)
        out.append((sel, weight))
        if sel != "ALL":
            out += [(new, weight) for old, new in redirects.items() if old.startswith(sel)]
    return out


def _specificity(code: str, selectors: Iterable[tuple[str, int]]) -> int:
    """Weight of the most specific selector matching ``code`` (-1 none, 0 for ALL)."""
    best = -1
    for sel, weight in selectors:
        if _matches(code, sel):
            best = max(best, weight)
    return best


def is_selected(
    code: str, select: Iterable[str], ignore: Iterable[str], redirects: Mapping[str, str] | None = None
) -> bool:
    """ruff's rule: the more specific selector wins; on a tie, ignore wins."""
    s = _specificity(code, redirected(select, redirects or {}))
    i = _specificity(code, redirected(ignore, redirects or {}))
    if s < 0:
        return False
    return s > i


def iter_selected(
    rules: Iterable[type[Rule]], select: Iterable[str], ignore: Iterable[str],
    redirects: Mapping[str, str] | None = None,
) -> Iterator[type[Rule]]:
    sel = redirected(select, redirects or {})
    ign = redirected(ignore, redirects or {})
    for rule in rules:
        s = _specificity(rule.code, sel)
        if s >= 0 and s > _specificity(rule.code, ign):
            yield rule


def rule_setting(table: Mapping[str, Any], rule: type[Rule]) -> Any:
    """A per-code setting (options, severity) written under the rule's code or an old one."""
    for key in (rule.code, *rule.redirected_from):
        if key in table:
            return table[key]
    return None
