"""Rebuild the bundled example report ``examples/xiuzhou-transport-2020.docx``.

The example is a real published report (a district transport bureau, 2020, in the 2019
format), kept as text in ``examples/seed-2020.txt``: its full text and every table
value, including its two slips that the checker reports (section 六 numbered ``6、``,
section 五 worded ``五、存在的问题及改进情况``). It is written by the same writer as
``checker template`` (``checker_report.template.write_report``), so its tables
have the layout of the profile data.

    python examples/build_example.py            # writes examples/xiuzhou-transport-2020.docx
    python examples/build_example.py -o out.docx

Seed format: the title on the first line; then paragraphs, one a line; a table is a
run of lines starting with a tab (one cell each, a blank line between rows; a cell's
own line breaks continue on lines without a tab); the 落款 and the date are the last
two lines.
"""

from __future__ import annotations

import argparse
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Mapping

HERE = Path(__file__).resolve().parent
SEED = HERE / "seed-2020.txt"
OUTPUT = HERE / "xiuzhou-transport-2020.docx"
PROFILE = "gov-annual-report-2019"
EDITION = "2019"

HEADING = re.compile(r"^\s*([一二三四五六]|[1-6])、\s*\S")


def _chunks(lines: list[str]) -> list[tuple[str, Any]]:
    """The seed as ("para", text) and ("table", rows) in order."""
    out: list[tuple[str, Any]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("\t"):
            rows: list[list[str]] = []
            row: list[str] = []
            while i < len(lines) and (lines[i].startswith("\t") or lines[i].strip() == "" or
                                      (row and not HEADING.match(lines[i]))):
                cur = lines[i]
                if cur.startswith("\t"):
                    row.append(cur[1:])
                elif cur.strip() == "":
                    if row:
                        rows.append(row)
                        row = []
                    # two blank lines, or a blank line followed by a non-cell line, end the table
                    nxt = lines[i + 1] if i + 1 < len(lines) else ""
                    if not nxt.startswith("\t"):
                        i += 1
                        break
                else:  # a cell's own line break
                    row[-1] += "\n" + cur
                i += 1
            if row:
                rows.append(row)
            out.append(("table", rows))
            continue
        if line.strip():
            out.append(("para", line))
        i += 1
    return out


def _rows_by_label(spec: Mapping[str, Any]) -> dict[str, str]:
    from checker_report.template import _flat_rows

    return {r["path"][-1]: r["key"] for r in _flat_rows(spec["rows"]) if r["path"]}


def _t2_values(rows: list[list[str]], spec: Mapping[str, Any]) -> dict[str, str]:
    values: dict[str, str] = {}
    block = None
    for row in rows:
        cells = [c.strip() for c in row]
        first = cells[0]
        caption = next((b for b in spec["blocks"] if b["caption"] == first), None)
        if caption is not None:
            block = caption
            continue
        if block is None or first == spec.get("row_header"):
            continue
        row_spec = next(r for r in block["rows"] if r["label"] == first)
        for col, value in zip(block["columns"], cells[1:]):
            values[".".join(k for k in (row_spec["key"], col["key"]) if k)] = value
    return values


def _tree_values(rows: list[list[str]], spec: Mapping[str, Any]) -> dict[str, str]:
    """Tables 三 and 四: a data row ends with one value per column."""
    n = len(spec["columns"])
    labels = _rows_by_label(spec)
    values: dict[str, str] = {}
    for row in rows:
        cells = [c.strip() for c in row]
        if len(cells) < n or not all(re.fullmatch(r"[+-]?\d+(\.\d+)?", c) for c in cells[-n:]):
            continue
        label = next((c for c in reversed(cells[:-n]) if c), "")
        key = labels.get(label, "") if label else ""
        if label and not key:
            raise ValueError(f"seed: unknown row label {label!r}")
        for col, value in zip(spec["columns"], cells[-n:]):
            values[".".join(k for k in (key, col["key"]) if k)] = value
    return values


def seed_report(text: str, data: Mapping[str, Any]):
    """The seed text as a :class:`Report` of the 2019 edition."""
    from checker_report.template import Report, Section

    tables = data["editions"][EDITION]["tables"]
    table_of_section = {int(s["number"]): s.get("table") for s in data["sections"]}
    lines = text.splitlines()
    chunks = _chunks(lines[1:])
    # 落款 and date: the last two paragraphs
    *body, signature, date = chunks
    report = Report(title=lines[0].strip(), signature=signature[1].strip(), date=date[1].strip())
    current = None
    for kind, payload in body:
        if kind == "para" and HEADING.match(payload):
            number = "一二三四五六".find(payload.strip()[0]) + 1 or int(payload.strip()[0])
            current = Section(heading=payload.strip())
            report.sections.append(current)
            current.table = None
            current_number = number
        elif kind == "para":
            (current.paragraphs if current is not None else report.preamble).append(payload.strip())
        else:
            key = table_of_section.get(current_number)
            if current is None or not key:
                raise ValueError("seed: a table outside sections 二-四")
            current.table = key
            spec = tables[key]
            report.values[key] = _t2_values(payload, spec) if "blocks" in spec else _tree_values(payload, spec)
    return report


def profile_data() -> Mapping[str, Any]:
    from checker.engine import Engine

    return Engine().profile(PROFILE).data


def build(out: Path = OUTPUT, seed: Path = SEED) -> Path:
    from checker_report.template import write_report

    data = profile_data()
    report = seed_report(seed.read_text(encoding="utf-8"), data)
    when = datetime(2021, 1, 15, tzinfo=timezone.utc)
    write_report(report, data, EDITION, str(out), when=when)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    parser.add_argument("--seed", type=Path, default=SEED)
    args = parser.parse_args(argv)
    print(build(args.output, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
