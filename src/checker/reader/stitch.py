"""A table continued in a second Word table is read as one logical table.

A drafter who presses Enter or Ctrl+Shift+Enter inside a long table, or a document
converted from PDF or WPS, splits one table into two Word tables: sometimes with an
empty paragraph or a page break between them, sometimes with the header rows repeated
at the top of the second part (by hand, or because the converter materialised rows
marked ``w:tblHeader``, "repeat as header row on each page"). A rule that looks for
table 三's 28 rows then sees two tables of 14 and reports a cascade of missing rows.

The second part continues the first when

* nothing but empty paragraphs (a page break, a section break, blank lines) lies
  between them, and
* their columns line up: the same logical grid width, and, when the second part
  starts with rows that repeat the first part's leading rows (the same cell texts),
  those repeated header rows are dropped.

The stitched table keeps the first part's index and anchor; every cell keeps its own
anchor (annotations still land in the right Word cell), and the stitch is recorded as
a construct (``stitched_table``) so that a report can say what the reader did.
"""

from __future__ import annotations

from ..model import Construct, Paragraph, Table

#: Never stitch more than this many parts into one table (a document of 5,000 one-row
#: tables of the same width must stay linear and must not become one table by accident).
MAX_PARTS = 20


def _blank(block: object) -> bool:
    return isinstance(block, Paragraph) and not block.text.strip()


def _row_texts(table: Table, r: int) -> tuple[str, ...]:
    return tuple("".join(c.text.split()) if c is not None else "" for c in table.grid[r])


def _repeated_header_rows(first: Table, second: Table) -> int:
    """How many leading rows of ``second`` repeat the leading rows of ``first``."""
    n = 0
    limit = min(first.n_rows, second.n_rows - 1, 6)  # a header is a few rows; keep one data row at least
    while n < limit and any(_row_texts(second, n)) and _row_texts(second, n) == _row_texts(first, n):
        n += 1
    return n


def _append(first: Table, second: Table, skip: int) -> None:
    """Append the rows of ``second`` after ``skip`` header rows to ``first`` (in place)."""
    offset = first.n_rows - skip
    moved: set[int] = set()
    for row in second.grid[skip:]:
        for cell in row:
            if cell is not None and id(cell) not in moved:
                moved.add(id(cell))
                if cell.row < skip:  # a header cell merged down into the data rows
                    cell.row_span -= skip - cell.row
                    cell.row = skip
                cell.row += offset
        first.grid.append(row)


def stitch_continued_tables(blocks: list, constructs: list[Construct]) -> list:
    """``blocks`` with every table continued in the next Word table read as one table."""
    out: list = []
    last_table: Table | None = None  # the table the blank paragraphs since it follow
    pending: list = []  # blank paragraphs after ``last_table``
    parts = 0
    for block in blocks:
        if isinstance(block, Table) and block.nesting == 0:
            if (last_table is not None and parts < MAX_PARTS and block.n_cols == last_table.n_cols
                    and block.n_rows > 0 and last_table.n_rows > 0):
                skip = _repeated_header_rows(last_table, block)
                _append(last_table, block, skip)
                parts += 1
                constructs.append(Construct(
                    "stitched_table", f"table {last_table.index}",
                    f"table {block.index} continues table {last_table.index}"
                    + (f" ({skip} repeated header row{'s' if skip != 1 else ''} dropped)" if skip else ""),
                ))
                pending = []  # the blank lines between the parts belong to neither
                continue
            out.extend(pending)
            pending = []
            out.append(block)
            last_table, parts = block, 1
            continue
        if last_table is not None and _blank(block):
            pending.append(block)
            continue
        out.extend(pending)
        pending = []
        last_table = None
        out.append(block)
    out.extend(pending)
    return out
