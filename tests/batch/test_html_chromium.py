"""The HTML report as an office sees it: rendered by headless Chromium (Debian's ``chromium``).

CI installs Chromium (``.ci/run``); locally the test skips when it is missing. The
screenshot is kept under ``test-artifacts/`` (gitignored) for a person to look at.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from checker.batch import expand_inputs, run_batch
from checker.engine import Engine
from checker.reporters import ReportOptions
from checker.reporters import html as html_report

from .conftest import CHROMIUM

pytestmark = [pytest.mark.chromium, pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "chromium-profile"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-dev-shm-usage", f"--user-data-dir={profile}", *args]
    # the timeout only guards against a hang; nothing here measures time
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)


@pytest.fixture
def page(batch_dir: Path, tmp_path: Path, settings) -> Path:
    results = run_batch(expand_inputs([str(batch_dir)]), settings, jobs=1, engine=Engine(settings))
    path = tmp_path / "report.html"
    path.write_text(html_report.render(results, ReportOptions(lang="zh")), encoding="utf-8")
    return path


def test_the_summary_table_and_a_highlighted_cell_render(page: Path, tmp_path: Path):
    done = chromium(tmp_path, "--virtual-time-budget=5000", "--dump-dom", page.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    body = re.search(r"<body[^>]*>", dom).group(0)
    # the script ran: it counted the summary rows and the highlighted cells a person can see
    assert 'data-rendered-rows="10"' in body
    visible = int(re.search(r'data-visible-highlights="(\d+)"', body).group(1))
    assert visible == 2
    assert 'id="f-count"' in dom and "显示 10 / 10" in dom
    assert dom.count('<tr id="row-') == 10
    assert re.search(r'<td class="hl hl-error"[^>]*><span class="val">BAD</span><span class="exp">应为 13</span>', dom)

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "batch-report.png"
    if shot.exists():
        shot.unlink()
    done = chromium(tmp_path, "--hide-scrollbars", f"--screenshot={shot}", "--window-size=1280,2000", page.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # and the failing reports alone, where the highlighted table cells are in view
    shot = ARTIFACTS / "batch-report-failing.png"
    done = chromium(tmp_path, "--hide-scrollbars", f"--screenshot={shot}", "--window-size=1280,2000",
                    page.as_uri() + "#verdict=fail")
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_link_can_preset_the_filters(page: Path, tmp_path: Path):
    done = chromium(tmp_path, "--virtual-time-budget=5000", "--dump-dom", page.as_uri() + "#verdict=fail")
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert "显示 2 / 10" in dom
    hidden_rows = re.findall(r'<tr id="row-\d+"[^>]*hidden', dom)
    assert len(hidden_rows) == 8
