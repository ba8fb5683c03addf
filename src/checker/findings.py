"""Findings and per-file results: the frozen values every reporter consumes.

A finding is data, not behaviour: rules produce them, the engine stamps the rule's
identity and configured severity on them, and reporters (text, JSON, SARIF...) only
read them. They are frozen so that a finding produced in a worker process is the same
value after it crosses back to the parent.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from enum import Enum
from typing import Any, Mapping, Sequence


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


def short_table_name(role: str) -> Message:
    """A table of the report format as drafters and the format's own headings name it:
    role ``T3`` → ``表三`` / ``table 3`` (the number is the section the table belongs to);
    a role of another form keeps its letters (``表FEES`` / ``table FEES``). The one
    naming :class:`Location` (``table_name``), messages and the coverage line use."""
    m = re.fullmatch(r"T(\d{1,4})", role)
    if m is None:
        return Message(zh=f"表{role}", en=f"table {role}")
    n = int(m.group(1))
    from .report.cnnum import to_chinese

    return Message(zh=f"表{to_chinese(n)}", en=f"table {n}")


def _ordinal_en(n: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th``, ``11th``, ``21st``."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _numbers(xs: "Sequence[int]", zh: bool) -> str:
    """Row or column numbers: ``6、7`` / ``6, 7``, a run of more than three as ``8—15`` / ``8–15``."""
    xs = sorted(set(xs))
    if len(xs) > 3 and xs == list(range(xs[0], xs[-1] + 1)):
        return f"{xs[0]}—{xs[-1]}" if zh else f"{xs[0]}–{xs[-1]}"
    return ("、" if zh else ", ").join(map(str, xs))


def table_phrase(loc: "Location", lang: str = "zh") -> str:
    """The table of ``loc`` in words, the one way every output names it.

    The format's name when known (``表三`` / ``table 3``), with the document's position
    beside it when the two do not tell the same (``表三（文档第4个表格）`` / ``table 3
    (the document's 4th table)``: tables the format does not count come before it, or the
    format's table spans several Word tables); a table the format does not name, in a
    report whose format names its tables, by its position only (``文档第4个表格``), so
    that it is never read as the format's ``表四``; else, for a rule that knows no format,
    the plain position (``表4`` / ``table 4``).
    """
    zh = lang == "zh"
    n = loc.table
    if loc.table_name is not None:
        name = loc.table_name.get(lang)
        if loc.table_position_shown and n:
            return f"{name}（文档第{n}个表格）" if zh else f"{name} (the document's {_ordinal_en(n)} table)"
        return name
    if loc.table_position_shown and n:
        return f"文档第{n}个表格" if zh else f"the document's {_ordinal_en(n)} table"
    return f"表{n}" if zh else f"table {n}"


def name_table(loc: "Location", names: "Mapping[str, Any]") -> "Location":
    """``loc`` with the report format's name of its table, for a location made by a rule
    that knows no format (a generic ``DOC`` rule): ``names`` is the report's
    ``metadata["table_names"]`` (document table index → ``{zh, en, position_shown}``, what
    the report pack located). A table absent from it, in a report whose format names
    tables, is said by its position alone (``文档第4个表格``), never as ``表4``."""
    if loc.table is None or loc.table_name is not None or loc.table_position_shown or not names:
        return loc
    entry = names.get(str(loc.table))
    if not isinstance(entry, Mapping):
        return replace(loc, table_position_shown=True)
    return replace(loc, table_name=Message(zh=str(entry.get("zh")), en=str(entry.get("en"))),
                   table_position_shown=bool(entry.get("position_shown")))


def place(loc: "Location", lang: str = "zh", rows: "Sequence[int] | None" = None,
          columns: "Sequence[int] | None" = None, *, joined: bool = False) -> str:
    """A place in a table: the one phrasing of :meth:`Location.describe` and of the places
    messages give (``checker.report.structure.cells_where``), so that a location and a
    message never name the same table two ways.

    ``rows``/``columns`` default to the location's own; several are listed (``表三 第6、7行
    第10列`` / ``table 3, rows 6, 7, col 10``). ``joined``: the Chinese runs on without
    spaces, as inside a sentence (``表三第6、7行第10列``).
    """
    zh = lang == "zh"
    rows = [x for x in (rows if rows is not None else [loc.row]) if x]
    columns = [x for x in (columns if columns is not None else [loc.column]) if x]
    parts = [table_phrase(loc, lang)]
    if zh:
        parts += [f"第{_numbers(rows, True)}行"] if rows else []
        parts += [f"第{_numbers(columns, True)}列"] if columns else []
        text = parts[0]
        for part in parts[1:]:  # a full-width bracket needs no space after it
            text += part if joined or text.endswith("）") else f" {part}"
        return text
    if rows:
        parts.append(f"row{'s' if len(set(rows)) > 1 else ''} {_numbers(rows, False)}")
    if columns:
        parts.append(f"col{'s' if len(set(columns)) > 1 else ''} {_numbers(columns, False)}")
    return ", ".join(parts)


@dataclass(frozen=True)
class Location:
    """Where a drafter finds the problem. Every field is optional.

    ``paragraph`` and ``table`` are 1-based document positions; ``row`` and
    ``column`` are 1-based within the table's logical grid; ``section`` is the
    section's number in the profile (``data.sections[].number``) when the rule knows it.

    ``table_name`` is the report format's name of the table (``表三`` / ``table 3``,
    :func:`short_table_name`) when the rule knows which of the format's tables it is:
    drafters know the tables by that name, not by their place among the document's
    tables. ``table_position_shown`` says that the position must be said too (or alone,
    without a name): see :func:`table_phrase`. Both are set where the structure of a
    report names its tables (``ReportStructure.table_place``).
    """

    section: int | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None
    row_label: str | None = None
    column_label: str | None = None
    excerpt: str | None = None
    table_name: Message | None = None
    table_position_shown: bool = False

    def __post_init__(self) -> None:
        # a location rebuilt from its dict (``Location(**loc.as_dict())``) gets its name back as a Message
        if isinstance(self.table_name, dict):
            object.__setattr__(self, "table_name", Message(**self.table_name))

    def describe(self, lang: str = "zh") -> str:
        """A short human description such as ``表三 第5行 第2列`` / ``table 3, row 5, col 2``
        (the table named as :func:`table_phrase` says), ``第4段`` / ``paragraph 4``, then
        the labels in brackets."""
        if self.table or self.table_name is not None:
            text = place(self, lang)
        elif self.paragraph:
            text = f"第{self.paragraph}段" if lang == "zh" else f"paragraph {self.paragraph}"
        else:
            text = ""
        label = " / ".join(x for x in (self.row_label, self.column_label) if x)
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
