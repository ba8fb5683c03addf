"""The prose fragment's data: every cell a binding names exists in a report layout, and
the edition profiles carry it."""

from __future__ import annotations

import re

import pytest
from builders import Report, write_report
from prose_helpers import engine

from checker_annual_report.prose import Binding, bindings, resolve
from checker.report.structure import build


@pytest.fixture(scope="module")
def layouts(tmp_path_factory):
    """The named cells of a clean report in each edition."""
    eng = engine()
    out = {}
    for edition, year in (("2019", 2020), ("2021", 2022)):
        path = write_report(tmp_path_factory.mktemp(edition) / "r.docx", Report(edition=edition, year=year))
        doc = eng.read(str(path), str(path))
        out[edition] = build(doc, eng.profile(f"gov-annual-report-{edition}").data)
    return out


def prose_data():
    return engine().profile("gov-annual-report-2021").data["prose"]


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_edition_profiles_extend_the_prose_fragment(edition):
    prof = engine().profile(f"gov-annual-report-{edition}")
    assert "gov-annual-report-prose" in prof.chain
    assert prof.data["edition"] == edition  # the fragment does not override the edition
    assert prof.data["prose"]["bindings"]
    assert prof.options["AR813"]["section_share"] == 0.5


def test_every_named_cell_exists_in_some_layout(layouts):
    data = prose_data()
    groups = [b.get("alternatives") or [b["cells"]] for b in data["bindings"]]
    groups += [z.get("alternatives") or [z["cells"]] for z in data["zero_statements"]]
    groups += [[b[k]] for b in data["bindings"] for k in ("upheld", "pending") if k in b]
    for alts in groups:
        for alt in alts:
            assert any(resolve(st, alt, data) is not None for st in layouts.values()), alt


def test_patterns_compile_and_bindings_have_cells():
    for b in bindings(prose_data()):
        assert isinstance(b, Binding) and b.patterns and b.alternatives


def test_a_bad_pattern_is_reported_with_its_text():
    with pytest.raises(ValueError, match=re.escape("(unclosed")):
        Binding.from_data({"id": "x", "patterns": ["(unclosed{Q}"], "cells": ["T3.NEW.tot"]})


def test_a_binding_without_cells_is_refused():
    with pytest.raises(ValueError, match="needs id, patterns and cells"):
        Binding.from_data({"id": "x", "patterns": ["{Q}"]})
