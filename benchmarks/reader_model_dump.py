"""Dump the reader's model of many files, compare dumps, and time ``load_document``.

Used to make the reader faster without changing what it reads: dump a baseline
before a change, dump again after it, and compare (every field of every paragraph,
table, merged cell, image, construct; which grid slots share one merged cell)::

    python benchmarks/reader_model_dump.py dump /tmp/reader-baseline
    python benchmarks/reader_model_dump.py dump /tmp/reader-now
    python benchmarks/reader_model_dump.py compare /tmp/reader-baseline /tmp/reader-now
    python benchmarks/reader_model_dump.py time --repeat 7

Files: ``benchmarks/out/reports-40``, the first 300 of ``benchmarks/out/reports-1000``,
``tests/data/corpus`` and any ``.docx`` under ``tests/`` or the folders given with
``--extra``. A file the reader refuses is dumped as its :class:`InputError` reason.
Times are CPU time (``time.process_time``), median of ``--repeat`` interleaved runs
per file after one warm-up, summarised by the median over each group of files.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import glob
import json
import os
import statistics
import sys
import time
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CORPUS = os.path.join(ROOT, "tests", "data", "corpus")  # copies of ../shared/corpus


def file_groups(extra: list[str]) -> dict[str, list[str]]:
    """The files to dump or time, by group name."""
    groups = {
        "reports-40": sorted(glob.glob(os.path.join(HERE, "out", "reports-40", "*.docx"))),
        "reports-1000": sorted(glob.glob(os.path.join(HERE, "out", "reports-1000", "*.docx")))[:300],
        "corpus": sorted(glob.glob(os.path.join(CORPUS, "*.docx"))),
        "tests": sorted(glob.glob(os.path.join(ROOT, "tests", "**", "*.docx"), recursive=True)),
    }
    for folder in extra:
        groups[os.path.basename(os.path.normpath(folder))] = sorted(glob.glob(os.path.join(folder, "*.docx")))
    return {k: v for k, v in groups.items() if v}


# ---------------------------------------------------------------------------- dumping
def _value(v: Any) -> Any:
    """A JSON value that keeps the Python type where JSON would blur it."""
    if isinstance(v, datetime.datetime):
        return {"datetime": v.isoformat(), "tz": repr(v.tzinfo)}
    if isinstance(v, float):
        return {"float": repr(v)}
    if isinstance(v, (list, tuple)):
        return [_value(x) for x in v]
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return _dataclass(v)
    return v


def _dataclass(obj: Any) -> dict:
    from checker.model import Table

    if isinstance(obj, Table):
        return _table(obj)
    out: dict[str, Any] = {"__type__": type(obj).__name__}
    for f in dataclasses.fields(obj):
        out[f.name] = _value(getattr(obj, f.name))
    return out


def _table(table: Any) -> dict:
    """A table with each merged cell dumped once and the grid as cell numbers (sharing kept)."""
    numbers: dict[int, int] = {}
    cells: list[dict] = []
    grid: list[list[int | None]] = []
    for row in table.grid:
        out_row: list[int | None] = []
        for cell in row:
            if cell is None:
                out_row.append(None)
                continue
            if id(cell) not in numbers:
                numbers[id(cell)] = len(cells)
                cells.append(_dataclass(cell))
            out_row.append(numbers[id(cell)])
        grid.append(out_row)
    out: dict[str, Any] = {"__type__": "Table", "cells": cells, "grid": grid}
    for f in dataclasses.fields(table):
        if f.name != "grid":
            out[f.name] = _value(getattr(table, f.name))
    return out


def dump_model(path: str) -> Any:
    from checker.errors import InputError
    from checker.reader import load_document

    try:
        doc = load_document(path, name=os.path.basename(path))
    except InputError as exc:
        return {"InputError": str(exc)}
    return _dataclass(doc)


def cmd_dump(args: argparse.Namespace) -> int:
    n = 0
    for group, files in file_groups(args.extra).items():
        folder = os.path.join(args.out, group)
        os.makedirs(folder, exist_ok=True)
        for path in files:
            data = json.dumps(dump_model(path), sort_keys=True, ensure_ascii=False, indent=0)
            with open(os.path.join(folder, os.path.basename(path) + ".json"), "w", encoding="utf-8") as fh:
                fh.write(data)
            n += 1
    print(f"dumped {n} models to {args.out}")
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    a_files = {os.path.relpath(p, args.a) for p in glob.glob(os.path.join(args.a, "*", "*.json"))}
    b_files = {os.path.relpath(p, args.b) for p in glob.glob(os.path.join(args.b, "*", "*.json"))}
    differ = []
    for rel in sorted(a_files | b_files):
        try:
            with open(os.path.join(args.a, rel), encoding="utf-8") as fa, open(os.path.join(args.b, rel), encoding="utf-8") as fb:
                if fa.read() != fb.read():
                    differ.append(rel)
        except FileNotFoundError:
            differ.append(rel + " (missing on one side)")
    print(f"{len(a_files)} dumps in {args.a}, {len(b_files)} in {args.b}, {len(differ)} differ")
    for rel in differ[:20]:
        print("DIFF", rel)
    return 1 if differ else 0


# ---------------------------------------------------------------------------- timing
def cmd_time(args: argparse.Namespace) -> int:
    from checker.errors import InputError
    from checker.reader import load_document

    def once(path: str) -> float:
        t0 = time.process_time()
        try:
            load_document(path)
        except InputError:
            pass
        return time.process_time() - t0

    groups = file_groups(args.extra)
    if args.limit:
        groups = {k: v[: args.limit] for k, v in groups.items()}
    results = {}
    for group, files in groups.items():
        for path in files:
            once(path)  # warm-up (page cache, lazy imports)
        samples: dict[str, list[float]] = {p: [] for p in files}
        for _ in range(args.repeat):
            for path in files:
                samples[path].append(once(path))
        per_file = [statistics.median(s) * 1000 for s in samples.values()]
        results[group] = statistics.median(per_file)
        print(f"{group:14s} {len(files):4d} files  median {results[group]:7.2f} ms  "
              f"mean {statistics.mean(per_file):7.2f} ms  (CPU, median of {args.repeat})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump", help="dump the model of every file into a folder")
    d.add_argument("out")
    c = sub.add_parser("compare", help="compare two dump folders")
    c.add_argument("a")
    c.add_argument("b")
    t = sub.add_parser("time", help="CPU time of load_document per file")
    t.add_argument("--repeat", type=int, default=5)
    t.add_argument("--limit", type=int, default=0, help="at most this many files per group")
    for p in (d, t):
        p.add_argument("--extra", action="append", default=[], help="another folder of .docx files")
    args = parser.parse_args(argv)
    return {"dump": cmd_dump, "compare": cmd_compare, "time": cmd_time}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
