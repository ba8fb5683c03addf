"""``checker fix``: rules describe fixes as data, the fixer applies them to a copy.

A rule that can fix something attaches a :class:`~checker.rules.Fix` to the
:class:`~checker.rules.Problem` it yields: edits naming a paragraph by its XPath anchor
with its whole text before and after. The helpers here build those edits from the model,
so rules never touch XML; :mod:`checker.fix.apply` applies them to the package parts
with lxml and :mod:`checker.fix.run` re-checks the result. This module stays light (no
lxml) because every rule module imports it.
"""

from __future__ import annotations

from typing import Iterable, Literal

from ..findings import Location, Message, place
from ..model import Cell, Paragraph
from ..rules import Edit, Fix

__all__ = ["cell_edits", "make_fix", "paragraph_edit"]


def paragraph_edit(p: Paragraph, new: str) -> Edit | None:
    """The edit making body paragraph ``p`` read ``new`` (None when it already does or has no anchor)."""
    if not p.anchor or new == p.text:
        return None
    return Edit(p.anchor, p.text, new, Message(f"第{p.index}段", f"paragraph {p.index}"))


def cell_edits(table: "int | Location", cell: Cell, new: str, *, paragraph: int = 0) -> list[Edit]:
    """Edits making one paragraph of a table cell read ``new``.

    ``table`` is the table's position, or better a :class:`Location` in it that names it
    as the findings do (``表三``: ``ReportStructure.table_place``), so that ``checker fix``
    lists the change at the place its finding gives. ``paragraph`` picks the cell
    paragraph (the first by default); a cell whose text spreads over several paragraphs
    keeps the others as they are.
    """
    if not cell.paragraphs or paragraph >= len(cell.paragraphs):
        return []
    p = cell.paragraphs[paragraph]
    if not p.anchor or p.text == new:
        return []
    named = table if isinstance(table, Location) else Location(table=table)
    where = Location(table=named.table, table_name=named.table_name, table_position_shown=named.table_position_shown,
                     row=cell.row + 1, column=cell.col + 1)
    return [Edit(p.anchor, p.text, new, Message(place(where, "zh", joined=True), place(where, "en")))]


def make_fix(edits: Iterable[Edit | None], applicability: Literal["safe", "unsafe"] = "safe",
             complete: bool = True) -> Fix | None:
    """A Fix of the non-empty edits, or None when there is nothing to change."""
    kept = tuple(e for e in edits if e is not None)
    return Fix(kept, applicability, complete) if kept else None
