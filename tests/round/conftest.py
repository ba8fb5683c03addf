"""Fixtures for the round tests: reports built with python-docx (the batch tests' builder and
fake rules), LibreOffice to make legacy-format fixtures, the CLI run in a subprocess when a
test needs a real process (SIGKILL, two writers at once)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from batch.conftest import CHROMIUM, FAKE_RULES, make_report, write  # noqa: F401  (re-exported)

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
SRC = Path(__file__).resolve().parents[2] / "src"


def fake_args(*extra: str) -> list[str]:
    """CLI arguments that load the batch tests' fake rules only."""
    return ["--plugin", FAKE_RULES, "--select", "FK", "--no-progress", *extra]


def checker_process(args: list[str], cwd: Path, **kw) -> subprocess.Popen:
    """``python -m checker ARGS`` as its own process (for SIGKILL and concurrency tests)."""
    env = {**os.environ, "PYTHONPATH": str(SRC), "CHECKER_LANG": "en"}
    return subprocess.Popen([sys.executable, "-m", "checker", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def soffice_convert(src: Path, fmt: str, out_dir: Path, profile: Path) -> Path:
    """Make a fixture with LibreOffice itself: ``src`` saved as ``fmt`` (e.g. ``doc``, ``odt``)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                           "--convert-to", fmt, "--outdir", str(out_dir), str(src)],
                          capture_output=True, text=True, timeout=300)
    target = out_dir / (src.stem + "." + fmt.split(":")[0])
    assert target.is_file(), done.stderr
    return target
