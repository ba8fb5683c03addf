"""Helpers for the drafter's-workflow tests (template, annotate, pre-commit).

A plain module (not ``conftest``) so that tests import it by a name no other test folder uses."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def build_example_module():
    """``examples/build_example.py`` (a script, not a package), imported from its file."""
    spec = importlib.util.spec_from_file_location("build_example", REPO / "examples" / "build_example.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_checker(*args: str, cwd: Path | None = None, env: dict | None = None,
                fresh: bool = False) -> subprocess.CompletedProcess:
    """Run the real command line: ``checker.cli.main`` in this process (fast), or with
    ``fresh=True`` in a new interpreter exactly as a drafter would."""
    full_env = {"CHECKER_LANG": "en", **(env or {})}
    if fresh:
        return subprocess.run(
            [sys.executable, "-m", "checker", *args], cwd=cwd, env={**os.environ, **full_env},
            capture_output=True, text=True, timeout=300,
        )
    from checker.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved_env = {k: os.environ.get(k) for k in full_env}
    saved_cwd = os.getcwd()
    try:
        os.environ.update(full_env)
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                rc = main(list(args))
            except SystemExit as exc:  # argparse
                rc = exc.code if isinstance(exc.code, int) else 2
    finally:
        os.chdir(saved_cwd)
        for k, v in saved_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return subprocess.CompletedProcess(["checker", *args], rc, out.getvalue(), err.getvalue())


def find_soffice() -> str:
    """Path of LibreOffice's ``soffice``; skips locally when absent (CI installs it)."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        if os.environ.get("CI"):
            pytest.fail("soffice is not installed on CI (.ci/run must install libreoffice-writer)")
        pytest.skip("LibreOffice (soffice) not installed")
    return exe


def convert_to_pdf(soffice: str, docx: Path, outdir: Path) -> Path:
    """Convert with a private profile; fail with LibreOffice's output when no PDF appears."""
    profile = outdir / "lo-profile"
    proc = subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(outdir), str(docx)],
        capture_output=True, text=True, timeout=240,
    )
    pdf = outdir / (docx.stem + ".pdf")
    assert proc.returncode == 0 and pdf.is_file() and pdf.stat().st_size > 1000, (
        f"LibreOffice could not convert {docx.name}: rc={proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    )
    assert pdf.read_bytes().startswith(b"%PDF")
    return pdf
