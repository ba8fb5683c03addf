"""The bundled example: rebuilt from the committed seed by the template writer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from drafting_helpers import REPO, build_example_module, run_checker

from checker.reader import load_document

EXAMPLE = REPO / "examples" / "xiuzhou-transport-2020.docx"
SEED = REPO / "examples" / "seed-2020.txt"


def _squash(text: str) -> str:
    return "".join(text.split())


def _content(path: Path):
    doc = load_document(path)
    paragraphs = [p.text for p in doc.paragraphs]
    tables = [sorted((c.row, c.col, c.row_span, c.col_span, _squash(c.text)) for c in t.cells()) for t in doc.tables]
    return paragraphs, tables


def test_committed_example_is_what_the_script_builds(tmp_path):
    out = build_example_module().build(tmp_path / "rebuilt.docx")
    assert _content(out) == _content(EXAMPLE)


def test_example_has_the_full_seed_text():
    seed_lines = [line.strip() for line in SEED.read_text("utf-8").splitlines()
                  if line.strip() and not line.startswith("\t")]
    paragraphs, _ = _content(EXAMPLE)
    texts = [p for p in paragraphs if p.strip()]
    # every prose line of the seed, in order (table header continuation lines aside)
    prose = [line for line in seed_lines if line in texts or len(line) > 6]
    assert texts == prose
    assert "6、 其他需要报告的事项" in texts and "五、存在的问题及改进情况" in texts
    assert texts[-2:] == ["区交通运输局", "2021年1月15日"]


def test_example_tables_equal_the_real_report(corpus_dir):
    _, ours = _content(EXAMPLE)
    _, real = _content(corpus_dir / "xiuzhou-transport-2020.docx")
    assert ours == real


def test_seed_is_the_shared_seed():
    shared = REPO.parent / "shared" / "seed" / "000_73cfe548748cf452.txt"
    if not shared.is_file():
        pytest.skip("shared seed not available")
    assert SEED.read_bytes() == shared.read_bytes()


def test_checker_finds_exactly_the_known_slips():
    proc = run_checker("check", str(EXAMPLE), "--output-format", "json", "--no-progress")
    assert proc.returncode == 1, proc.stderr
    findings = json.loads(proc.stdout)["files"][0]["findings"]
    errors = [f for f in findings if f["severity"] == "error"]
    assert [(f["code"], f["actual"]) for f in errors] == [("SEC201", "6、")]
    warnings = {f["code"] for f in findings if f["severity"] == "warning"}
    assert "SEC202" in warnings
