"""A memory ceiling per worker and for a single-file run (issue 17, item 1).

A test-only plugin (written into the test's folder) has a rule that, on a document
saying EAT-MEMORY, allocates and touches 2.5 GB: a stand-in for a memory bomb inside
every package limit, independent of how the reader bounds today's known bombs. The
child runs under a 3 GB address-space rlimit as a safety net only, so without the
ceiling the rule gets far past 1 GB (and the test fails) without exhausting the
machine. Peak RSS is the child's, workers included (wait4).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import hostile
import pytest
from test_cli import run_cli

pytestmark = pytest.mark.skipif(not hasattr(os, "wait4"), reason="needs os.wait4 and RLIMIT_AS (POSIX)")

HUNGRY_PLUGIN = '''
from checker import Category, Message, Rule, Severity, hookimpl


class EatMemory(Rule):
    """Allocates and touches 2.5 GB on a document saying EAT-MEMORY."""

    code = "SEC801"
    name = "eat-memory"
    category = Category.NARRATIVE
    default_severity = Severity.INFO
    summary = Message(zh="测试用：遇到 EAT-MEMORY 时耗尽内存", en="test only: eats memory on EAT-MEMORY")

    def check(self, doc, ctx):
        if any("EAT-MEMORY" in p.text for p in doc.paragraphs):
            hoard = []
            for _ in range(80):
                hoard.append(b"x" * (32 << 20))  # written, so resident
        return ()


@hookimpl
def checker_rules():
    return [EatMemory]
'''

#: Generous: the ceiling is 1 GiB of address space, so resident memory stays below it;
#: without a ceiling the rule reaches about 2.5 GB.
DEFAULT_PEAK_MB = 1100


def _hungry(tmp: Path) -> tuple[Path, Path]:
    plugin = tmp / "hungry_plugin.py"
    plugin.write_text(HUNGRY_PLUGIN, encoding="utf-8")
    doc = tmp / "in" / "hungry.docx"
    doc.parent.mkdir(exist_ok=True)
    doc.write_bytes(hostile.edit(None, {"word/document.xml": hostile.document(
        b"<w:p><w:r><w:t>EAT-MEMORY</w:t></w:r></w:p>")}))
    return plugin, doc


def test_single_file_run_stops_at_the_default_memory_ceiling(tmp_path):
    plugin, doc = _hungry(tmp_path)
    run = run_cli(["--output-format", "json", "--plugin", str(plugin), "--extend-select", "SEC8", str(doc)], tmp_path)
    assert run.code == 2, (run.code, run.stderr)
    assert "Traceback" not in run.stderr
    assert run.stderr_lines == [line for line in run.stderr_lines if "hungry.docx" in line]
    assert len(run.stderr_lines) == 1 and "memory ceiling" in run.stderr_lines[0], run.stderr
    [result] = run.report()["files"]
    assert result["verdict"] == "error" and "max-memory-bytes" in result["error"]
    assert run.peak_mb < DEFAULT_PEAK_MB, f"peak RSS {run.peak_mb:.0f} MB"


def test_zh_reason_of_the_memory_ceiling(tmp_path):
    plugin, doc = _hungry(tmp_path)
    run = run_cli(["--output-format", "json", "--lang", "zh", "--plugin", str(plugin), "--extend-select", "SEC8",
                   str(doc)], tmp_path)
    [result] = run.report()["files"]
    assert "内存超过上限" in result["findings"][0]["message"]["zh"]
    assert "memory ceiling" in result["findings"][0]["message"]["en"]


@pytest.mark.parametrize("jobs", ["2", "1"])
def test_a_batch_loses_only_the_hungry_file_under_a_configured_ceiling(tmp_path, jobs):
    plugin, doc = _hungry(tmp_path)
    good = doc.parent / "good.docx"
    good.write_bytes(hostile.good_bytes())
    (doc.parent / "good-2.docx").write_bytes(hostile.good_bytes())
    cwd = tmp_path / "cwd"
    cwd.mkdir(exist_ok=True)
    (cwd / "pyproject.toml").write_text("[tool.checker.limits]\nmax-memory-bytes = 536870912\n", encoding="utf-8")
    run = run_cli(["--output-format", "json", "--jobs", jobs, "--plugin", str(plugin), "--extend-select", "SEC8",
                   str(doc.parent)], tmp_path)
    files = {Path(f["path"]).name: f for f in run.report()["files"]}
    assert sorted(files) == ["good-2.docx", "good.docx", "hungry.docx"]
    assert files["hungry.docx"]["verdict"] == "error" and "512 MiB" in files["hungry.docx"]["error"]
    assert files["good.docx"]["verdict"] != "error" and files["good-2.docx"]["verdict"] != "error"
    assert run.code == 2 and "Traceback" not in run.stderr
    assert run.peak_mb < 600, f"peak RSS {run.peak_mb:.0f} MB"


def test_memory_ceiling_configuration_is_checked(tmp_path):
    plugin, doc = _hungry(tmp_path)
    cwd = tmp_path / "cwd"
    cwd.mkdir(exist_ok=True)
    (cwd / "pyproject.toml").write_text("[tool.checker.limits]\nmax-memory-bytes = -1\n", encoding="utf-8")
    run = run_cli([str(doc)], tmp_path)
    assert run.code == 2 and len(run.stderr_lines) == 1
    assert "max-memory-bytes" in run.stderr and "pyproject.toml" in run.stderr
    (cwd / "pyproject.toml").write_text("[tool.checker.limits]\nmax-memory-bytes = 0\n", encoding="utf-8")
    run = run_cli(["--output-format", "json", str(doc)], tmp_path)  # 0 turns it off: checked normally
    assert json.loads(run.stdout)["files"][0]["verdict"] != "error"
