"""The normalised document model that every rule reads.

Rules never see python-docx or lxml objects: the reader (``checker.reader``) walks the
package XML once and builds these plain values. Keeping the model free of parser
objects is what lets rules stay simple, lets results cross process boundaries in a
batch, and lets fixtures be built in tests without a .docx at all.

Numbering conventions, chosen so that a drafter can follow a location in Word:

* ``Paragraph.index`` counts body-level paragraphs from 1 in document order
  (paragraphs inside table cells are not counted; they carry the table's position).
* ``Table.index`` counts top-level tables from 1 in document order; nested tables
  get ``index`` 0 and are reached through their cell.
* Table rows and columns are 0-based in the grid API and shown 1-based to people.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterator, Union


@dataclass(frozen=True)
class Construct:
    """A markup construct the reader met, so a report can say what it saw.

    ``kind`` is one of: ``sdt`` (content control), ``textbox``, ``hyperlink``,
    ``field``, ``insertion``, ``deletion``, ``move``, ``alt_content``, ``image``,
    ``nested_table``, ``altchunk``, ``embedded_object``, ``math``,
    ``placeholder`` (a content control still showing its placeholder text),
    ``comment``, ``macro``, ``stitched_table`` (a table continued in the next Word
    table, read as one).
    ``where`` says where it was met in words a person can follow, ``detail``
    carries the interesting bit (a field instruction, the sdt tag...).
    """

    kind: str
    where: str = ""
    detail: str = ""


@dataclass
class Paragraph:
    """One paragraph as a person sees it in Word (final view of tracked changes).

    ``text`` is what is displayed: the rendered automatic numbering label followed
    by the content. ``content`` is the typed text alone. Both keep internal spaces;
    use :mod:`checker.text` to normalise for matching.
    """

    index: int
    text: str
    content: str
    numbering_label: str = ""
    style_id: str = ""
    style_name: str = ""
    outline_level: int | None = None  # 0-based like w:outlineLvl; None = body text
    alignment: str = ""  # left, center, right, both, distribute, "" when inherited default
    bold: bool = False  # every visible character is bold
    font_size: float | None = None  # points, of the first visible run, when known
    in_table: bool = False
    has_image: bool = False
    anchor: str = ""  # XPath of the w:p in word/document.xml, for writers (annotate)
    in_textbox: bool = False  # read from a text box anchored in the previous paragraph(s)
    numbering_level: int | None = None  # w:ilvl of the automatic numbering, when numbered

    @property
    def is_heading_style(self) -> bool:
        """True for Word's built-in heading styles or any outline level."""
        name = self.style_name.lower()
        return self.outline_level is not None or name.startswith("heading") or name == "title"


@dataclass
class Cell:
    """A logical table cell: one origin in the grid, possibly spanning several slots."""

    text: str
    row: int  # 0-based grid origin
    col: int
    row_span: int = 1
    col_span: int = 1
    paragraphs: list[Paragraph] = field(default_factory=list)
    tables: list["Table"] = field(default_factory=list)  # nested tables
    anchor: str = ""  # XPath of the w:tc in word/document.xml

    @property
    def rows(self) -> range:
        return range(self.row, self.row + self.row_span)

    @property
    def cols(self) -> range:
        return range(self.col, self.col + self.col_span)


@dataclass
class Table:
    """A table as a logical grid with merged cells resolved.

    ``grid[r][c]`` is the :class:`Cell` covering that slot (the same object for every
    slot a merged cell covers) or ``None`` where the row is short (``gridBefore`` /
    ``gridAfter`` or a ragged row).
    """

    index: int
    grid: list[list[Cell | None]]
    paragraph_before: int = 0  # index of the last body paragraph before the table (0 = none)
    nesting: int = 0  # 0 for a body table, 1+ inside a cell
    anchor: str = ""  # XPath of the w:tbl in word/document.xml

    @property
    def n_rows(self) -> int:
        return len(self.grid)

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.grid), default=0)

    def cell(self, row: int, col: int) -> Cell | None:
        if 0 <= row < len(self.grid) and 0 <= col < len(self.grid[row]):
            return self.grid[row][col]
        return None

    def cells(self) -> Iterator[Cell]:
        """Each logical cell once, in reading order (row by row, left to right)."""
        seen: set[int] = set()
        for row in self.grid:
            for c in row:
                if c is not None and id(c) not in seen:
                    seen.add(id(c))
                    yield c

    def row_texts(self, row: int) -> list[str]:
        """The text of every grid slot of a row (merged cells repeat their text)."""
        return [c.text if c is not None else "" for c in self.grid[row]]


@dataclass(frozen=True)
class Image:
    """A picture in the body: inline or floating. Used for seals and pasted tables."""

    paragraph: int  # body paragraph index it is anchored in (0 if inside a table)
    name: str = ""
    description: str = ""
    width_emu: int = 0
    height_emu: int = 0
    floating: bool = False
    table: int = 0  # top-level table index when inside a table


@dataclass(frozen=True)
class CoreProperties:
    title: str = ""
    author: str = ""
    last_modified_by: str = ""
    created: datetime | None = None
    modified: datetime | None = None


Block = Union[Paragraph, Table]


@dataclass
class Document:
    """Everything a rule may read about one .docx file."""

    path: str
    blocks: list[Block]
    properties: CoreProperties = field(default_factory=CoreProperties)
    images: list[Image] = field(default_factory=list)
    constructs: list[Construct] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)  # text of header parts
    footers: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    has_macros: bool = False
    main_part: str = "word/document.xml"  # the part the ``anchor`` XPaths refer to

    @property
    def paragraphs(self) -> list[Paragraph]:
        """Body-level paragraphs in document order."""
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def tables(self) -> list[Table]:
        """Top-level tables in document order."""
        return [b for b in self.blocks if isinstance(b, Table)]

    def constructs_of(self, kind: str) -> list[Construct]:
        return [c for c in self.constructs if c.kind == kind]
