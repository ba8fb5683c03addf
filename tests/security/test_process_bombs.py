"""Memory bombs of a few kilobytes, inside every package limit (issue 17, item 1), in a batch.

Whatever the reader makes of them (another change bounds the numbering counters and
the table grid; until then they ask for gigabytes), the process that checks them must
stay under the per-worker memory ceiling (1 GiB by default), each must get a one-line
result within a bounded time, and every other file of the batch its own result. The
child runs under a 3 GB address-space rlimit as a safety net only.
"""

from __future__ import annotations

import os
from pathlib import Path

import hostile
import pytest
from docx_factory import make_docx
from test_cli import run_cli

pytestmark = pytest.mark.skipif(not hasattr(os, "wait4"), reason="needs os.wait4 and RLIMIT_AS (POSIX)")

#: The default ceiling is 1 GiB of address space; resident memory stays below it.
PEAK_MB = 1100


def numbering_bomb() -> bytes:
    """One numbered paragraph whose letter label would be 1.5 GB (``start`` unbounded,
    ``upperLetter`` repeats a letter n/26 times), built twice (label and paragraph text)."""
    start = 26 * 1_500_000_000
    numbering = (
        '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
        f'<w:start w:val="{start}"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1."/>'
        '</w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    )
    body = ('<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
            '<w:r><w:t>一、总体情况</w:t></w:r></w:p>')
    return make_docx(body, numbering=numbering)


def grid_bomb(rows: int = 300, cells: int = 500) -> bytes:
    """Rows of many cells, each spanning the per-cell maximum: a logical grid of
    rows x cells x 1000 slots (1.2 GB of list slots) from a few kilobytes zipped."""
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="1000"/></w:tcPr><w:p/></w:tc>'
    row = "<w:tr>" + cell * cells + "</w:tr>"
    return make_docx("<w:tbl>" + row * rows + "</w:tbl>")


@pytest.mark.parametrize("bomb", [numbering_bomb, grid_bomb])
def test_a_bomb_costs_at_most_its_own_result_under_the_ceiling(tmp_path, bomb):
    inputs = tmp_path / "in"
    inputs.mkdir()
    data = bomb()
    assert len(data) < 64 * 1024  # a few kilobytes
    (inputs / "bomb.docx").write_bytes(data)
    (inputs / "good.docx").write_bytes(hostile.good_bytes())
    run = run_cli(["--output-format", "json", "--jobs", "2", str(inputs)], tmp_path)
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr
    files = {Path(f["path"]).name: f for f in run.report()["files"]}
    assert sorted(files) == ["bomb.docx", "good.docx"]
    assert files["good.docx"]["verdict"] != "error"
    if files["bomb.docx"]["verdict"] == "error":  # stopped by the ceiling (or refused by the reader)
        assert len([line for line in run.stderr.splitlines() if "bomb.docx" in line]) == 1, run.stderr
    assert run.peak_mb < PEAK_MB, f"peak RSS {run.peak_mb:.0f} MB"


def test_a_bomb_in_a_single_file_run_stays_under_the_ceiling(tmp_path):
    target = tmp_path / "in" / "bomb.docx"
    target.parent.mkdir()
    target.write_bytes(numbering_bomb())
    run = run_cli(["--output-format", "json", str(target)], tmp_path)
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr
    assert len(run.report()["files"]) == 1
    assert run.peak_mb < PEAK_MB, f"peak RSS {run.peak_mb:.0f} MB"
