"""Findings and per-file results: the frozen values every reporter consumes.

A finding is data, not behaviour: rules produce them, the engine stamps the rule's
identity and configured severity on them, and reporters (text, JSON, SARIF...) only
read them. They are frozen so that a finding produced in a worker process is the same
value after it crosses back to the parent.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from enum import Enum
from typing import Any


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


class Category(str, Enum):
    """What a finding is about; one closed set, so that reports can group and filter by it.

    The set fits what rules report (JSON schema 2.0): the parts of a report (``section``,
    ``table``, ``arithmetic``, ``date``, ``signature``, ``narrative``), the file as read
    (``input``: unreadable, not recognised, out of scope), what a submitted document should
    not carry (``hygiene``: tracked changes, comments, macros) and its properties
    (``metadata``: title, author). A plugin picks the closest; a new one is a schema change.
    """

    SECTION = "section"
    TABLE = "table"
    ARITHMETIC = "arithmetic"
    DATE = "date"
    SIGNATURE = "signature"
    NARRATIVE = "narrative"
    INPUT = "input"
    HYGIENE = "hygiene"
    METADATA = "metadata"


class Verdict(str, Enum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    ERROR = "error"


@dataclass(frozen=True)
class Message:
    """The same message in Chinese and English; reporters pick one or show both."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


def shown_value(value: "str | Message | None", lang: str) -> str | None:
    """An expected/actual value as a reporter shows it in ``lang`` (the one way to):
    the document's own text (a heading, a cell) is a plain string, kept as written; the
    tool's own words (``每格填写数字（没有的填0）``) are a :class:`Message`."""
    if value is None:
        return None
    return value.get(lang) if isinstance(value, Message) else str(value)


def value_fields(name: str, value: "str | Message | None") -> dict[str, Any]:
    """A value in JSON: ``name`` a string as it always was (the Chinese of a bilingual
    value), plus ``name_zh`` / ``name_en`` when the value is the tool's words in both
    languages (additive; docs/json-format.md)."""
    if isinstance(value, Message):
        return {name: value.zh, f"{name}_zh": value.zh, f"{name}_en": value.en}
    return {name: value}


def section_name(n: int, lang: str = "zh") -> str:
    """A report section as drafters and the formats name it (``第四部分`` / ``Section 4``):
    the one phrasing every report uses for ``Location.section``."""
    if lang == "zh":
        from .report.cnnum import to_chinese

        return f"第{to_chinese(n)}部分" if 0 <= n < 10000 else f"第{n}部分"
    return f"Section {n}"


@dataclass(frozen=True)
class Location:
    """Where a drafter finds the problem. Every field is optional.

    ``paragraph`` and ``table`` are 1-based document positions; ``row`` and
    ``column`` are 1-based within the table's logical grid; ``section`` is the
    section's number in the profile (``data.sections[].number``) when the rule knows it.
    """

    section: int | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None
    row_label: str | None = None
    column_label: str | None = None
    excerpt: str | None = None

    def describe(self, lang: str = "zh") -> str:
        """A short human description such as ``表3 第5行 第2列`` / ``table 3, row 5, col 2``."""
        parts: list[str] = []
        zh = lang == "zh"
        if self.table:
            parts.append(f"表{self.table}" if zh else f"table {self.table}")
            if self.row:
                parts.append(f"第{self.row}行" if zh else f"row {self.row}")
            if self.column:
                parts.append(f"第{self.column}列" if zh else f"col {self.column}")
        elif self.paragraph:
            parts.append(f"第{self.paragraph}段" if zh else f"paragraph {self.paragraph}")
        label = " / ".join(x for x in (self.row_label, self.column_label) if x)
        text = (" " if zh else ", ").join(parts)
        if label:
            text = f"{text} [{label}]" if text else f"[{label}]"
        return text

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Finding:
    code: str
    rule: str
    category: Category
    severity: Severity
    message: Message
    location: Location = field(default_factory=Location)
    expected: str | Message | None = None  # see shown_value()
    actual: str | Message | None = None

    def with_severity(self, severity: Severity) -> "Finding":
        return replace(self, severity=severity)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "rule": self.rule,
            "category": self.category.value,
            "severity": self.severity.value,
            "message": {"zh": self.message.zh, "en": self.message.en},
            "location": self.location.as_dict(),
            **value_fields("expected", self.expected),
            **value_fields("actual", self.actual),
        }


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def sort_key(finding: Finding) -> tuple:
    """Document order first (section, table, row, paragraph), then code."""
    loc = finding.location
    return (
        loc.section if loc.section is not None else 99,
        loc.table or 0,
        loc.paragraph or 0,
        loc.row or 0,
        loc.column or 0,
        finding.code,
    )


@dataclass(frozen=True)
class TableCell:
    """One logical cell of a :class:`TableSnapshot`: 1-based origin, spans, text."""

    row: int
    column: int
    text: str
    row_span: int = 1
    col_span: int = 1


@dataclass(frozen=True)
class TableSnapshot:
    """A compact copy of a table that findings point at, so reporters (HTML) can draw
    it without re-reading the document. ``index`` is ``Location.table``; rows and
    columns are 1-based like ``Location.row``/``column``. Cell texts are untrusted
    document text (escape them) and may be shortened."""

    index: int
    n_rows: int
    n_cols: int
    cells: tuple[TableCell, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class FileResult:
    """The outcome of checking one input: findings plus what was learnt about it."""

    path: str
    findings: tuple[Finding, ...] = ()
    profile: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    error: str | None = None  # one-line reason when the file could not be read at all
    #: Snapshots of the tables referenced by findings (``Location.table``), filled by
    #: the engine; optional and not part of the JSON contract (used by the HTML report).
    tables: tuple[TableSnapshot, ...] = ()
    #: What each cross-year rule (:class:`~checker.rules.PairRule`) kept of this report
    #: while it was checked, by rule code, for comparing it with another year's report
    #: without reading it again; the batch runner drops it once the pairs are compared.
    #: Not output anywhere.
    summaries: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def verdict(self, fail_on: Severity = Severity.ERROR) -> Verdict:
        if self.error is not None:
            return Verdict.ERROR
        worst = max((f.severity.rank for f in self.findings), default=-1)
        if worst >= fail_on.rank:
            return Verdict.FAIL
        if worst >= Severity.WARNING.rank:
            return Verdict.WARN
        return Verdict.PASS

    def counts(self) -> dict[str, int]:
        out = {s.value: 0 for s in Severity}
        for f in self.findings:
            out[f.severity.value] += 1
        return out
