"""Issue 13 item 8: each result says what the check covered (``metadata.coverage``)."""

from __future__ import annotations

import json
from importlib.resources import files

import jsonschema
from builders import Report, write_report

from checker.engine import Engine, Settings


def _check(tmp_path, rep: Report, name: str = "r.docx"):
    return Engine(Settings()).check_path(str(write_report(tmp_path / name, rep)))


def _validate(coverage: dict) -> None:
    schema = json.loads((files("checker.schemas") / "report.schema.json").read_text(encoding="utf-8"))
    sub = {"$defs": schema["$defs"], **schema["$defs"]["coverage"]}
    jsonschema.validate(json.loads(json.dumps(coverage)), sub)


def test_clean_report_is_fully_covered(tmp_path):
    cov = _check(tmp_path, Report()).metadata["coverage"]
    _validate(cov)
    assert cov["complete"] and cov["tables_checked"]
    assert cov["sections"]["missing"] == [] and cov["tables"]["located"] == ["T2", "T3", "T4"]
    assert cov["relations"]["checked"] > 40 and cov["relations"]["skipped"] == []


def test_unidentified_cell_is_a_skipped_relation(tmp_path):
    cov = _check(tmp_path, Report(relabel={"T4.LIT_DIRECT:总计": "合计"})).metadata["coverage"]
    _validate(cov)
    assert not cov["complete"]
    assert cov["relations"]["skipped"] == [{"relation": "T4-SUM[LIT_DIRECT]", "reason": "cell not identified",
                                            "cells": ["T4.LIT_DIRECT.total"], "count": 1}]


def test_tables_as_pictures_are_not_a_plain_pass(tmp_path):
    result = _check(tmp_path, Report(tables={"T2": "image", "T3": "image", "T4": "image"}))
    cov = result.metadata["coverage"]
    _validate(cov)
    assert cov["tables_checked"] is False and cov["tables"]["missing"] == ["T2", "T3", "T4"]
    assert cov["relations"]["checked"] == 0
    assert {s["reason"] for s in cov["relations"]["skipped"]} == {"table not found"}
    assert cov["constructs"].get("image") == 3
    not_checked = [f for f in result.findings if f.code == "TAB304"]
    assert len(not_checked) == 1 and "not passed" in not_checked[0].message.en


def test_one_table_located_is_checked(tmp_path):
    result = _check(tmp_path, Report(tables={"T2": "image", "T3": "image"}))
    assert "TAB304" not in [f.code for f in result.findings]
    assert result.metadata["coverage"]["tables"]["located"] == ["T4"]


def test_missing_section_is_listed(tmp_path):
    cov = _check(tmp_path, Report(headings={4: None})).metadata["coverage"]
    assert 4 in cov["sections"]["missing"] and not cov["complete"]
