"""The README's two opening commands are the contract with a new user and with CI."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _opening_commands() -> list[str]:
    text = (ROOT / "README.md").read_text("utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, flags=re.S)
    return [b.strip() for b in blocks[:2]]


def test_readme_opens_with_the_run_and_the_test_commands():
    run, test = _opening_commands()
    assert "checker check examples/" in run
    assert "pytest" in test


def test_readme_example_report_is_bundled():
    run, _ = _opening_commands()
    example = re.search(r"checker check (\S+\.docx)", run).group(1)
    assert (ROOT / example).is_file(), f"README names {example}, which is not in the repository"


def test_ci_runs_the_readme_test_command_verbatim():
    _, test = _opening_commands()
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    # the README command after the venv set-up: install line and pytest line
    install = test.split("&&")[-2].strip()
    assert install in ci, f"{install!r} is not in .ci/run"
    assert re.search(r"^python -m pytest$", ci, flags=re.M)
    assert "exit 5" not in ci and '"$rc" -eq 5' in ci  # no-tests exit code is a failure


def test_ci_installs_what_real_tool_tests_need():
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    for package in ("libreoffice-writer-nogui", "chromium", "fonts-noto-cjk"):
        assert package in ci

