"""What a check covered: the ``coverage`` part of each file's result metadata.

A compliance checker must never pass a report because it found nothing to check. The
coverage says which of the profile's required sections and tables were found and
checked, which arithmetic relations were checked and which were left out and why (a cell
not identified, a table not found), and the constructs the reader met. It is computed
from the same structure the rules read (:func:`checker.report.structure.analyse`) and
carried as is in the JSON result (``metadata.coverage``, docs/json-format.md).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from .structure import ReportStructure

__all__ = ["coverage"]


def _sections(st: ReportStructure) -> dict[str, Any]:
    required = [int(s["number"]) for s in st.data.get("sections") or [] if s.get("required", True)]
    found = sorted(n for n in required if n in st.sections or n in st.passages)
    return {"required": required, "found": found, "missing": [n for n in required if n not in found]}


def _tables(st: ReportStructure) -> dict[str, Any]:
    required = list(st.table_specs)
    located = [r for r in required if r in st.tables]
    return {"required": required, "located": located, "missing": [r for r in required if r not in located]}


def _relations(st: ReportStructure) -> dict[str, Any]:
    from .arith import arithmetic

    out = arithmetic(st)
    skipped: list[dict[str, Any]] = []
    absent: dict[str, int] = {}  # a table not found: its relations once per kind, counted
    for s in out.skipped:
        if s.reason == "table not found":
            if s.relation.base not in absent:
                skipped.append({"relation": s.relation.base, "reason": s.reason, "cells": [], "count": 0})
            absent[s.relation.base] = absent.get(s.relation.base, 0) + 1
        else:
            skipped.append({"relation": s.relation.id, "reason": s.reason, "cells": list(s.missing), "count": 1})
    for entry in skipped:
        if entry["reason"] == "table not found":
            entry["count"] = absent[entry["relation"]]
    return {"checked": len(out.relations), "skipped": skipped}


def coverage(st: ReportStructure) -> dict[str, Any]:
    """The coverage of one check, JSON-ready (plain lists, dicts, numbers, strings).

    ``tables_checked`` is False when the profile has tables and none could be located (a
    report whose tables are pictures): its figures were not checked at all."""
    sections = _sections(st)
    tables = _tables(st)
    relations = _relations(st)
    kinds = Counter(c.kind for c in st.doc.constructs)
    return {
        "sections": sections,
        "tables": tables,
        "tables_checked": not tables["required"] or bool(tables["located"]),
        "relations": relations,
        "constructs": dict(sorted(kinds.items())),
        "complete": not (sections["missing"] or tables["missing"] or relations["skipped"]),
    }
