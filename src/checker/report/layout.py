"""Match a document table against a table layout from the profile data, by labels.

A layout (``data.editions.<edition>.tables.<T>``) is a list of blocks; a block has an
optional caption row, header columns (each a label path, top-down) and data rows (each a
label path, left to right). Table 二 is five captioned blocks; tables 三 and 四 are one
block each. Matching never relies on grid positions: publishers merge cells
differently, add filler columns, or split a table in two. Columns are found by the
labels above them, rows by the labels left of the values, and what is left over is
paired by similarity (a reworded label) or reported as missing / extra.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable, Mapping, NamedTuple

from checker.model import Cell, Table
from checker.text import label_key as _label_key
from checker.text import squash_spaces

FUZZY_MIN = 0.5

label_key = lru_cache(maxsize=1 << 16)(_label_key)


@lru_cache(maxsize=1 << 16)
def similarity(a: str, b: str) -> float:
    from difflib import SequenceMatcher  # imported on first use (most tables match exactly)

    return SequenceMatcher(None, label_key(a), label_key(b)).ratio()


def similar(a: str, b: str, threshold: float) -> bool:
    """``similarity(a, b) >= threshold``, without running difflib when the lengths of the
    two label keys alone rule it out: the ratio ``2·matches / total length`` is at most
    ``2·min(lengths) / total length`` (difflib's ``real_quick_ratio``)."""
    ka, kb = label_key(a), label_key(b)
    total = len(ka) + len(kb)
    if total and 2.0 * min(len(ka), len(kb)) / total < threshold:
        return False
    return similarity(a, b) >= threshold


@dataclass(frozen=True, eq=False, repr=False)
class ColumnSpec:
    key: str
    path: tuple[str, ...]
    value: str = "count"  # count | signed | money
    units: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.path[-1] if self.path else ""


@dataclass(frozen=True, eq=False, repr=False)
class RowSpec:
    key: str
    path: tuple[str, ...]
    group: str = ""

    @property
    def label(self) -> str:
        return self.path[-1] if self.path else ""


@dataclass(frozen=True, eq=False, repr=False)
class BlockSpec:
    caption: str
    columns: tuple[ColumnSpec, ...]
    rows: tuple[RowSpec, ...]
    header_labels: tuple[str, ...] = ()
    note: str = ""
    row_header: str = ""


@dataclass(frozen=True, eq=False, repr=False)
class TableSpec:
    role: str
    section: int
    blocks: tuple[BlockSpec, ...]
    caption_pattern: str = ""

    @property
    def row_keys(self) -> list[str]:
        return [r.key for b in self.blocks for r in b.rows]

    def rows_in_group(self, group: str) -> list[str]:
        return [r.key for b in self.blocks for r in b.rows if r.group == group]

    @property
    def column_keys(self) -> list[str]:
        seen: list[str] = []
        for b in self.blocks:
            for c in b.columns:
                if c.key not in seen:
                    seen.append(c.key)
        return seen

    @property
    def n_labels(self) -> int:
        return sum(len(b.columns) + len([r for r in b.rows if r.path]) + (1 if b.caption else 0) for b in self.blocks)


def _flatten(items: Iterable[Any]) -> Iterable[Mapping[str, Any]]:
    for item in items:
        if isinstance(item, list):
            yield from _flatten(item)
        else:
            yield item


def table_spec(role: str, raw: Mapping[str, Any]) -> TableSpec:
    """Build a TableSpec from a layout mapping of the profile data."""

    def col(c: Mapping[str, Any]) -> ColumnSpec:
        path = tuple(c.get("path") or ([c["label"]] if c.get("label") else []))
        return ColumnSpec(str(c.get("key") or ""), path, str(c.get("value") or "count"), tuple(c.get("units") or ()))

    def row(r: Mapping[str, Any]) -> RowSpec:
        path = tuple(r.get("path") or ([r["label"]] if r.get("label") else []))
        return RowSpec(str(r.get("key") or ""), path, str(r.get("group") or ""))

    blocks_raw = raw.get("blocks") or [raw]
    blocks = tuple(
        BlockSpec(
            caption=str(b.get("caption") or ""),
            columns=tuple(col(c) for c in _flatten(b.get("columns") or [])),
            rows=tuple(row(r) for r in _flatten(b.get("rows") or [])),
            header_labels=tuple(b.get("header_labels") or raw.get("header_labels") or ()),
            note=str(b.get("note") or ""),
            row_header=str(b.get("row_header") or raw.get("row_header") or ""),
        )
        for b in blocks_raw
    )
    return TableSpec(role, int(raw.get("section") or 0), blocks, str(raw.get("caption_pattern") or ""))


# --- results ----------------------------------------------------------------------


@dataclass(eq=False, repr=False)
class Deviation:
    """One difference between a table and its layout, reported once.

    kind: missing_row, missing_column, extra_row, extra_column, row_wording,
    column_wording, missing_caption, caption_wording, missing_note, note_wording, marker.
    ``row``/``col`` are 0-based grid positions in ``table`` (None when absent).
    """

    kind: str
    table: Table | None
    row: int | None
    col: int | None
    expected: str
    actual: str = ""
    block: str = ""


@dataclass(eq=False, repr=False)
class Match:
    spec: ColumnSpec | RowSpec
    index: int  # grid column or grid row
    found: str  # label text as written
    exact: bool


@dataclass(eq=False, repr=False)
class LocatedBlock:
    spec: BlockSpec
    table: Table
    start: int  # first grid row of the block (the caption row when present)
    end: int  # one past the last row
    data_start: int
    columns: dict[str, Match] = field(default_factory=dict)
    rows: dict[str, Match] = field(default_factory=dict)
    deviations: list[Deviation] = field(default_factory=list)
    exact_labels: int = 0
    caption_found: bool = False


@dataclass(eq=False, repr=False)
class LocatedTable:
    spec: TableSpec
    blocks: list[LocatedBlock]
    missing_blocks: list[BlockSpec] = field(default_factory=list)

    @property
    def tables(self) -> list[Table]:
        out: list[Table] = []
        for b in self.blocks:
            if all(b.table is not t for t in out):
                out.append(b.table)
        return out

    @property
    def exact_labels(self) -> int:
        return sum(b.exact_labels for b in self.blocks)

    @property
    def score(self) -> float:
        return self.exact_labels / max(1, self.spec.n_labels)

    @property
    def deviations(self) -> list[Deviation]:
        out = [d for b in self.blocks for d in b.deviations]
        for bs in self.missing_blocks:
            out.append(Deviation("missing_block", None, None, None, bs.caption or "", block=bs.caption))
        return out


# --- matching ---------------------------------------------------------------------


def _distinct_cells(cells: Iterable[Cell | None]) -> list[Cell]:
    out: list[Cell] = []
    seen: set[int] = set()
    for c in cells:
        if c is not None and id(c) not in seen:
            seen.add(id(c))
            out.append(c)
    return out


def _row_cells(table: Table, r: int) -> list[Cell]:
    return _distinct_cells(table.grid[r]) if 0 <= r < table.n_rows else []


def _keys(texts: Iterable[str]) -> set[str]:
    return {label_key(t) for t in texts if t}


@lru_cache(maxsize=1 << 16)
def _has_text(text: str) -> bool:
    return bool(squash_spaces(text))


def _nonblank(cell: Cell | None) -> bool:
    return cell is not None and _has_text(cell.text)


def row_is_caption(table: Table, r: int, pattern: re.Pattern[str] | None, captions: set[str]) -> bool:
    cells = [c for c in _row_cells(table, r) if _nonblank(c)]
    if len(cells) != 1:
        return False
    k = label_key(cells[0].text)
    return k in captions or bool(pattern and pattern.match(k))


def _by_leaf(candidates: Iterable[int], paths: Mapping[int, list[Cell]] | list[list[Cell]]) -> dict[str, list[int]]:
    """The candidate rows or columns by the label key of their leaf (the last cell of their
    header path), each list in candidate order: a spec label is looked up, not compared
    with every candidate."""
    out: dict[str, list[int]] = {}
    for index in candidates:
        path = paths[index]
        if path:
            out.setdefault(label_key(path[-1].text), []).append(index)
    return out


def _other_parents(specs: Iterable[ColumnSpec | RowSpec]) -> dict[int, set[str]]:
    """For each spec (by ``id``), the parent labels of the block's other specs that are not
    its own: a candidate under one of them belongs to another group (table 四's 总计 under
    复议后起诉 is not the 总计 of 未经复议直接起诉)."""
    specs = list(specs)
    every = _keys(x for sp in specs for x in sp.path[:-1])
    return {id(sp): every - _keys(sp.path[:-1]) for sp in specs}


def _conflicts(path: list[Cell], foreign: set[str]) -> bool:
    """True when a candidate's parent labels name another group of the layout."""
    return bool(foreign) and any(label_key(x.text) in foreign for x in path[:-1])


def _best_by_path(by_leaf: Mapping[str, list[int]], paths, spec_path, used, foreign: set[str] = frozenset()) -> int | None:
    """The first candidate row or column whose header path ends in the spec's leaf label and
    shares the most parent labels with it (ties: the earliest); ``None`` when none does.

    Columns and rows are matched the same way: by their own label first, then by the
    labels of the merged header cells above or beside them, never by grid position. A
    candidate under another group's label (``foreign``) is never taken: a cell of another
    group is not identified by its leaf alone.
    """
    leaf = label_key(spec_path[-1]) if spec_path else ""
    parents = _keys(spec_path[:-1])
    best, best_score = None, -1
    for index in by_leaf.get(leaf, ()):
        if index in used or _conflicts(paths[index], foreign):
            continue
        score = sum(1 for x in paths[index][:-1] if label_key(x.text) in parents)
        if score > best_score:
            best, best_score = index, score
    return best


class _Unmatched(NamedTuple):
    """What matching a block by its exact labels (steps 1-4 of :func:`match_block`) leaves
    for pairing by similarity and the remaining checks (steps 5-7)."""

    start: int
    ncols: int
    col_paths: list[list[Cell]]
    taken: set[int]
    columns: list[ColumnSpec]
    first_value_col: int
    data_rows: list[int]
    row_paths: dict[int, list[Cell]]
    used_rows: set[int]
    rows: list[RowSpec]


def match_block(
    table: Table, start: int, end: int, spec: BlockSpec, caption_row: int | None, full: bool = True
) -> LocatedBlock:
    """Match rows [start, end) of ``table`` (caption row excluded) against ``spec``.

    ``full=False`` only counts the exact labels (to choose between candidate tables)."""
    blk, rest = _match_labels(table, start, end, spec, caption_row)
    if full:
        _match_rest(blk, rest)
    return blk


def _match_labels(
    table: Table, start: int, end: int, spec: BlockSpec, caption_row: int | None
) -> tuple[LocatedBlock, _Unmatched]:
    """Steps 1-4 of :func:`match_block`: the header rows, and the columns and rows found by
    their exact labels (enough to count them and choose between candidate tables)."""
    blk = LocatedBlock(spec, table, caption_row if caption_row is not None else start, end, start)
    blk.caption_found = caption_row is not None
    if blk.caption_found:
        blk.exact_labels += 1
    row_path_keys = _keys(x for r in spec.rows for x in r.path)
    row_leaf_keys = _keys(r.label for r in spec.rows)
    header_keys = _keys(x for c in spec.columns for x in c.path) | _keys(spec.header_labels)
    header_keys |= _keys([spec.note, spec.row_header])
    labelled_rows = any(r.path for r in spec.rows)

    # 1. header rows end where the first labelled data row starts
    data_start = None
    if labelled_rows:
        for r in range(start, end):
            cells = _row_cells(table, r)
            if any(label_key(c.text) in row_leaf_keys for c in cells):
                data_start = r
                break
            if any(label_key(c.text) in row_path_keys for c in cells) and not any(
                label_key(c.text) in header_keys for c in cells
            ):
                data_start = r
                break
    if data_start is None:
        last_header = None
        for r in range(start, end):
            if any(label_key(c.text) in header_keys for c in _row_cells(table, r)):
                last_header = r
        data_start = (last_header + 1) if last_header is not None else start
    blk.data_start = data_start

    # 2. column paths from the header rows
    ncols = max((len(table.grid[r]) for r in range(start, end)), default=0)
    col_paths: list[list[Cell]] = []
    for c in range(ncols):
        path = _distinct_cells(table.cell(r, c) for r in range(start, data_start))
        col_paths.append([x for x in path if _nonblank(x)])

    # 3. columns by leaf label, disambiguated by parent labels
    taken: set[int] = set()
    unmatched_cols: list[ColumnSpec] = []
    col_by_leaf = _by_leaf(range(ncols), col_paths)
    col_foreign = _other_parents(spec.columns)
    for cs in spec.columns:
        best = _best_by_path(col_by_leaf, col_paths, cs.path, taken, col_foreign[id(cs)])
        if best is None:
            unmatched_cols.append(cs)
            continue
        leaf_cell = col_paths[best][-1]
        blk.columns[cs.key] = Match(cs, best, leaf_cell.text, True)
        blk.exact_labels += 1
        for c in leaf_cell.cols:
            if c < ncols:
                taken.add(c)

    first_value_col = min((m.index for m in blk.columns.values()), default=None)
    if spec.row_header:
        # the label column is the one under the row header (信息内容), whatever the value headers say
        rk = label_key(spec.row_header)
        for c in range(ncols):
            if col_paths[c] and label_key(col_paths[c][-1].text) == rk:
                first_value_col = max(col_paths[c][-1].cols) + 1
                break
    if first_value_col is None:
        # nothing recognised: assume one label column when rows are labelled
        first_value_col = 1 if labelled_rows else 0
    label_cols = range(0, first_value_col)

    # 4. rows by leaf label
    data_rows = list(range(data_start, end))
    row_paths: dict[int, list[Cell]] = {}
    for r in data_rows:
        cells = _distinct_cells(table.cell(r, c) for c in label_cols)
        row_paths[r] = [x for x in cells if _nonblank(x)]
    used_rows: set[int] = set()
    unmatched_rows: list[RowSpec] = []
    row_by_leaf = _by_leaf(data_rows, row_paths)
    row_foreign = _other_parents(spec.rows)
    for rs in spec.rows:
        if not rs.path:
            # the unlabelled data row (table 四): the first data row not yet used
            cand = [r for r in data_rows if r not in used_rows and not row_paths[r]]
            if cand:
                blk.rows[rs.key] = Match(rs, cand[0], "", True)
                used_rows.add(cand[0])
            else:
                unmatched_rows.append(rs)
            continue
        best = _best_by_path(row_by_leaf, row_paths, rs.path, used_rows, row_foreign[id(rs)])
        if best is None:
            unmatched_rows.append(rs)
            continue
        blk.rows[rs.key] = Match(rs, best, row_paths[best][-1].text, True)
        blk.exact_labels += 1
        used_rows.add(best)

    rest = _Unmatched(start, ncols, col_paths, taken, unmatched_cols, first_value_col, data_rows, row_paths,
                      used_rows, unmatched_rows)
    return blk, rest


def _most_similar(candidates: list[int], paths, foreign, label: str) -> int | None:
    """The free row or column whose label is most like ``label`` (above FUZZY_MIN), never
    one that sits under another group's heading; the first of equals wins."""
    best, best_sim = None, FUZZY_MIN
    for i in candidates:
        if _conflicts(paths[i], foreign):
            continue
        sim = similarity(paths[i][-1].text, label)
        if sim > best_sim:
            best, best_sim = i, sim
    return best


def _match_rest(blk: LocatedBlock, rest: _Unmatched) -> None:
    """Steps 5-7 of :func:`match_block`: pair what the exact labels left by similarity,
    report the rest as missing or extra, check the note, the row header and item markers."""
    table, spec, start, data_start = blk.table, blk.spec, rest.start, blk.data_start
    ncols, col_paths, taken, first_value_col = rest.ncols, rest.col_paths, rest.taken, rest.first_value_col
    data_rows, row_paths, used_rows = rest.data_rows, rest.row_paths, rest.used_rows
    unmatched_cols, unmatched_rows = rest.columns, rest.rows

    # 5. pair what is left by similarity (a reworded label), else missing / extra
    free_rows = [r for r in data_rows if r not in used_rows and row_paths[r]]
    row_foreign = _other_parents(spec.rows)
    for rs in unmatched_rows:
        if not rs.path:
            blk.deviations.append(Deviation("missing_row", table, None, None, "", block=spec.caption))
            continue
        best = _most_similar(free_rows, row_paths, row_foreign[id(rs)], rs.label)
        if best is None:
            blk.deviations.append(Deviation("missing_row", table, None, None, rs.label, block=spec.caption))
            continue
        free_rows.remove(best)
        used_rows.add(best)
        blk.rows[rs.key] = Match(rs, best, row_paths[best][-1].text, False)
        blk.deviations.append(
            Deviation("row_wording", table, best, row_paths[best][-1].col, rs.label, row_paths[best][-1].text, spec.caption)
        )
    for r in free_rows:
        if any(_nonblank(table.cell(r, c)) for c in range(len(table.grid[r]))):
            blk.deviations.append(
                Deviation("extra_row", table, r, row_paths[r][-1].col, "", row_paths[r][-1].text, spec.caption)
            )

    free_cols = [c for c in range(first_value_col, ncols) if c not in taken and col_paths[c]]
    free_cols = [c for c in free_cols if all(col_paths[c][-1] is not col_paths[o][-1] for o in taken if col_paths[o])]
    col_foreign = _other_parents(spec.columns)
    for cs in unmatched_cols:
        best = _most_similar(free_cols, col_paths, col_foreign[id(cs)], cs.label)
        if best is None:
            blk.deviations.append(Deviation("missing_column", table, None, None, cs.label, block=spec.caption))
            continue
        leaf_cell = col_paths[best][-1]
        free_cols = [c for c in free_cols if c not in leaf_cell.cols]
        blk.columns[cs.key] = Match(cs, best, leaf_cell.text, False)
        blk.deviations.append(Deviation("column_wording", table, leaf_cell.row, best, cs.label, leaf_cell.text, spec.caption))
    seen_cells: list[Cell] = []
    for c in free_cols:
        leaf_cell = col_paths[c][-1]
        if any(leaf_cell is s for s in seen_cells):
            continue
        seen_cells.append(leaf_cell)
        if label_key(leaf_cell.text) in _keys(spec.header_labels) | _keys([spec.note, spec.row_header]):
            continue
        blk.deviations.append(Deviation("extra_column", table, leaf_cell.row, c, "", leaf_cell.text, spec.caption))

    # 6. the printed note (table 三) and the row header (信息内容)
    header_cells = _distinct_cells(table.cell(r, c) for r in range(start, data_start) for c in range(ncols))
    for label, kind in ((spec.note, "note"), (spec.row_header, "row_header")):
        if not label:
            continue
        keys = [label_key(x.text) for x in header_cells]
        if label_key(label) in keys:
            continue
        near = max(header_cells, key=lambda x: similarity(x.text, label), default=None)
        if near is not None and similarity(near.text, label) > FUZZY_MIN:
            blk.deviations.append(Deviation(f"{kind}_wording", table, near.row, near.col, label, near.text, spec.caption))
        else:
            blk.deviations.append(Deviation(f"missing_{kind}", table, start, 0, label, block=spec.caption))

    # 7. item markers written 1、 where the format has 1.
    for m in blk.rows.values():
        exp, got = squash_spaces(m.spec.label), squash_spaces(m.found)
        if re.match(r"^\d+\.", exp) and re.match(r"^[0-9０-９]+\s*[、，,]", got):
            blk.deviations.append(Deviation("marker", table, m.index, None, exp, got, spec.caption))


def _find_caption(tables: list[Table], caption: str) -> tuple[Table, int] | None:
    ck = label_key(caption)
    for t in tables:
        for r in range(t.n_rows):
            cells = [c for c in _row_cells(t, r) if _nonblank(c)]
            if cells and label_key(cells[0].text) == ck and len(cells) <= 2:
                return t, r
    return None


def _find_caption_fuzzy(
    tables: list[Table], caption: str, used: set[tuple[int, int]], pattern: re.Pattern[str] | None
) -> tuple[Table, int, str] | None:
    """A reworded caption: similar, and not the caption of another block."""
    for t in tables:
        for r in range(t.n_rows):
            cells = [c for c in _row_cells(t, r) if _nonblank(c)]
            if len(cells) != 1 or (id(t), r) in used:
                continue
            k = label_key(cells[0].text)
            if pattern is not None and pattern.match(k):
                continue
            if similarity(cells[0].text, caption) > 0.8:
                return t, r, cells[0].text
    return None


def locate_captioned(spec: TableSpec, tables: list[Table]) -> LocatedTable:
    """Locate a table made of captioned blocks (table 二) anywhere in ``tables``."""
    pattern = re.compile(spec.caption_pattern) if spec.caption_pattern else None
    captions = _keys(b.caption for b in spec.blocks)
    located = LocatedTable(spec, [])
    used: set[tuple[int, int]] = set()
    for bs in spec.blocks:
        hit = _find_caption(tables, bs.caption)
        caption_row: int | None = None
        wording: str | None = None
        if hit is None:
            fz = _find_caption_fuzzy(tables, bs.caption, used, pattern)
            if fz is not None:
                hit, wording = (fz[0], fz[1]), fz[2]
        if hit is not None:
            t, caption_row = hit
            start = caption_row + 1
        else:
            # caption dropped: find the block by its first row label and the 信息内容 row above it
            anchor = _find_row_label(tables, bs.rows[0].label if bs.rows else "")
            if anchor is None:
                located.missing_blocks.append(bs)
                continue
            t, r = anchor
            start = r
            hk = label_key(bs.row_header) if bs.row_header else None
            for up in range(r - 1, -1, -1):
                if row_is_caption(t, up, pattern, captions):
                    break
                start = up
                if hk and any(label_key(c.text) == hk for c in _row_cells(t, up)):
                    break
        end = t.n_rows
        for r in range(start, t.n_rows):
            if row_is_caption(t, r, pattern, captions):
                end = r
                break
        used.add((id(t), caption_row if caption_row is not None else start))
        blk = match_block(t, start, end, bs, caption_row)
        if caption_row is None:
            blk.deviations.insert(0, Deviation("missing_caption", t, start, 0, bs.caption, block=bs.caption))
        elif wording is not None:
            blk.exact_labels -= 1
            blk.deviations.insert(0, Deviation("caption_wording", t, caption_row, 0, bs.caption, wording, bs.caption))
        located.blocks.append(blk)
    return located


def _find_row_label(tables: list[Table], label: str) -> tuple[Table, int] | None:
    if not label:
        return None
    k = label_key(label)
    for t in tables:
        for r in range(t.n_rows):
            cells = [c for c in _row_cells(t, r) if _nonblank(c)]
            if cells and label_key(cells[0].text) == k:
                return t, r
    return None


def locate_single(spec: TableSpec, tables: list[Table]) -> LocatedTable | None:
    """Locate a one-block table (三, 四): the document table matching most labels."""
    bs = spec.blocks[0]
    best: tuple[LocatedBlock, _Unmatched] | None = None
    for t in tables:
        found = _match_labels(t, 0, t.n_rows, bs, None)
        if best is None or found[0].exact_labels > best[0].exact_labels:
            best = found
    if best is None or best[0].exact_labels < max(3, spec.n_labels // 4):
        return None
    _match_rest(*best)  # the chosen table only
    return LocatedTable(spec, [best[0]])


def locate(spec: TableSpec, tables: list[Table]) -> LocatedTable | None:
    if any(b.caption for b in spec.blocks):
        lt = locate_captioned(spec, tables)
        if not lt.blocks or lt.exact_labels < max(3, spec.n_labels // 4):
            return None
        return lt
    return locate_single(spec, tables)
