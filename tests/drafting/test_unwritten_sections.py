"""Issue 13: one input state, one finding (DOC001 and SEC203 on a drafted template).

A prose section left as the template's placeholder used to be reported twice: DOC001 at
the placeholder ("template placeholder still here") and SEC203 at the first unfilled
section's heading, in one finding whose words changed with the other sections ("this is
an unfilled template: sections 1, 5, 6…" / "sections 5, 6 not written…"). Now SEC203 owns
an unwritten section: one finding per section, at its placeholder, in the same words
whatever else is filled; DOC001 keeps the date line and placeholders left beside text.

Every combination of filled and unfilled prose sections and date line is checked on the
templates ``checker template`` writes (both formats of the annual report, and the
rule-of-law report), edited as a drafter would in Word.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from docx import Document as Docx
from drafting_helpers import run_checker

from checker.engine import Engine
from checker.findings import FileResult

WRITTEN = "本年度该部分工作情况如下，已按要求如实填写。"
DATE = "2026年1月15日"


def _template(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "template.docx"
    proc = run_checker("template", *args, "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    return out


def _placeholders(path: Path) -> tuple[list[int], int]:
    """The paragraph numbers (1-based, as findings count them) of the prose placeholders
    and of the date line."""
    texts = [p.text for p in Docx(str(path)).paragraphs]
    prose = [i + 1 for i, t in enumerate(texts) if t.startswith("（文字描述")]
    [date] = [i + 1 for i, t in enumerate(texts) if t.startswith("××××年")]
    return prose, date


def _set_text(paragraph, text: str) -> None:
    runs = paragraph.runs
    runs[0].text = text
    for run in runs[1:]:
        run.text = ""


def _drafted(template: Path, out: Path, written: set[int], date: bool, beside: int | None = None) -> Path:
    """The template with the placeholders at ``written`` (paragraph numbers) replaced by text,
    the date line filled when ``date``, and text added above the placeholder at ``beside``."""
    doc = Docx(str(template))
    paragraphs = doc.paragraphs
    for number in written:
        _set_text(paragraphs[number - 1], WRITTEN)
    if date:
        [line] = [p for p in paragraphs if p.text.startswith("××××年")]
        _set_text(line, DATE)
    if beside is not None:
        paragraphs[beside - 1].insert_paragraph_before(WRITTEN)
    doc.save(str(out))
    return out


def _at(result: FileResult) -> dict[int, list[tuple[str, str]]]:
    """Findings of the two rules (and DAT601, which must stay silent) by paragraph."""
    out: dict[int, list[tuple[str, str]]] = {}
    for f in result.findings:
        if f.code in ("SEC203", "DOC001", "DAT601"):
            out.setdefault(f.location.paragraph or 0, []).append((f.code, f.message.en))
    return out


CASES = [
    pytest.param(("--year", "2023", "--agency", "某某县财政局"), id="2021 format"),
    pytest.param(("--year", "2020", "--agency", "某某县财政局"), id="2019 format"),
    pytest.param(("--profile", "rule-of-law-annual-report", "--year", "2025", "--agency", "某某县司法局"), id="rule of law"),
]


@pytest.mark.parametrize("args", CASES)
def test_each_placeholder_is_one_finding_whatever_else_is_filled(tmp_path, args):
    template = _template(tmp_path, *args)
    prose, date_line = _placeholders(template)
    engine = Engine()
    seen: dict[int, set[tuple[str, str]]] = {}  # each placeholder: every finding it got, over all drafts
    for n in range(len(prose) + 1):
        for written in itertools.combinations(prose, n):
            for date in (False, True):
                draft = _drafted(template, tmp_path / "draft.docx", set(written), date)
                at = _at(engine.check_path(str(draft)))
                for number in prose:
                    got = at.pop(number, [])
                    if number in written:
                        assert got == [], (written, date, number, got)
                    else:
                        assert [code for code, _ in got] == ["SEC203"], (written, date, number, got)
                        seen.setdefault(number, set()).update(got)
                got = at.pop(date_line, [])  # the date line: DOC001's alone (not DAT601's as well)
                assert [code for code, _ in got] == ([] if date else ["DOC001"]), (written, date, got)
                assert at == {}, (written, date, at)  # nothing on a heading, the title or the 落款
    # the same input state, the same finding: one wording per section over every draft
    assert sorted(seen) == prose and all(len(findings) == 1 for findings in seen.values()), seen


def test_a_placeholder_beside_written_text_is_doc001s(tmp_path):
    """A section with text and a leftover placeholder is written: the placeholder is DOC001's."""
    template = _template(tmp_path, "--year", "2023", "--agency", "某某县财政局")
    prose, _date = _placeholders(template)
    draft = _drafted(template, tmp_path / "draft.docx", set(), True, beside=prose[0])
    at = _at(Engine().check_path(str(draft)))
    moved = prose[0] + 1  # the added paragraph pushes the placeholder down by one
    assert [code for code, _ in at.pop(moved)] == ["DOC001"]
    assert sorted(at) == [p + 1 for p in prose[1:]] and all([c for c, _ in v] == ["SEC203"] for v in at.values())


def test_an_unwritten_section_is_named_in_both_languages(tmp_path):
    template = _template(tmp_path, "--year", "2023", "--agency", "某某县财政局")
    result = Engine().check_path(str(template))
    first = min((f for f in result.findings if f.code == "SEC203"), key=lambda f: f.location.paragraph)
    assert first.message.zh.startswith("第一部分未填写：只有模板占位文字“（文字描述")
    assert first.message.en.startswith("section 1 not written: only the template's placeholder '（文字描述")
    assert first.location.section == 1 and first.location.excerpt.startswith("（文字描述")
