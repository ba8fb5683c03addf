"""The pre-commit hook, with the real ``pre-commit`` tool in a throwaway git repository.

pre-commit clones the hook repository at a commit and installs it into its own
virtualenv (dependencies from PyPI), exactly as on a drafter's machine. So that the test
checks the code under test (and works where the checkout is not a git repository, or
has uncommitted changes), the project tree is copied into a temporary git repository,
committed there, and that commit is the hook's ``rev``.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from drafting_helpers import REPO, build_example_module

pytestmark = pytest.mark.slow

#: not part of the project: version control, virtualenvs, caches, build output
COPY_IGNORE = (".git", ".ci-venv", ".venv", "venv", "__pycache__", "*.egg-info", "build", "dist",
               ".pytest_cache", ".hypothesis", ".mypy_cache", ".ruff_cache", "*.pyc")


def _git(*args: str, cwd: Path, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    if check and proc.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


def _report(path: Path, section5: str, section6: str) -> Path:
    """The bundled example report with the headings of sections 五 and 六 as given."""
    module = build_example_module()
    from checker_report.template import write_report

    data = module.profile_data()
    report = module.seed_report(module.SEED.read_text("utf-8"), data)
    report.sections[4].heading = section5
    report.sections[5].heading = section6
    write_report(report, data, module.EDITION, str(path))
    return path


@pytest.fixture(scope="module")
def drafter_repo(tmp_path_factory):
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    if importlib.util.find_spec("pre_commit") is None:
        pytest.skip("pre-commit not installed (pip install -e .[test])")
    root = tmp_path_factory.mktemp("drafter")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(root / "pre-commit-home"),
        "CHECKER_LANG": "en",
        "GIT_AUTHOR_NAME": "Drafter", "GIT_AUTHOR_EMAIL": "drafter@example.invalid",
        "GIT_COMMITTER_NAME": "Drafter", "GIT_COMMITTER_EMAIL": "drafter@example.invalid",
    }
    env.pop("GIT_DIR", None)
    env.pop("GIT_INDEX_FILE", None)
    hooks = root / "checker-hooks"
    shutil.copytree(REPO, hooks, ignore=shutil.ignore_patterns(*COPY_IGNORE))
    assert (hooks / ".pre-commit-hooks.yaml").is_file()
    _git("init", "-q", "-b", "main", cwd=hooks, env=env)
    _git("add", "-A", cwd=hooks, env=env)
    _git("commit", "-q", "-m", "checker under test", cwd=hooks, env=env)
    head = _git("rev-parse", "HEAD", cwd=hooks, env=env).stdout.strip()

    repo = root / "reports"
    repo.mkdir()
    _git("init", "-q", "-b", "main", cwd=repo, env=env)
    (repo / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {hooks}\n"
        f"    rev: {head}\n"
        "    hooks:\n"
        "      - id: checker\n",
        encoding="utf-8",
    )
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    _git("add", ".pre-commit-config.yaml", cwd=repo, env=env)
    _git("commit", "-q", "-m", "configure pre-commit", cwd=repo, env=env)  # no .docx: the hook is skipped
    return repo, env


def test_commit_with_a_faulty_report_is_refused(drafter_repo):
    repo, env = drafter_repo
    _report(repo / "区交通运输局2020年报.docx", "五、存在的主要问题及改进情况", "6、 其他需要报告的事项")
    _git("add", "区交通运输局2020年报.docx", cwd=repo, env=env)
    proc = _git("commit", "-m", "faulty report", cwd=repo, env=env, check=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert "checker" in out and "Failed" in out
    # a useful message: the rule, where, what was expected
    assert "SEC201" in out and "6、" in out and "六、" in out, out
    assert _git("log", "--format=%s", cwd=repo, env=env).stdout.split("\n")[0] == "configure pre-commit"
    _git("rm", "-q", "--cached", "区交通运输局2020年报.docx", cwd=repo, env=env)
    (repo / "区交通运输局2020年报.docx").unlink()


def test_commit_with_a_clean_report_passes_and_shows_warnings(drafter_repo):
    repo, env = drafter_repo
    # only a warning (section 五 worded as in many real reports)
    _report(repo / "区交通运输局2020年报.docx", "五、存在的问题及改进情况", "六、其他需要报告的事项")
    _git("add", "区交通运输局2020年报.docx", cwd=repo, env=env)
    proc = _git("commit", "-m", "clean report", cwd=repo, env=env, check=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "Passed" in out
    assert _git("log", "--format=%s", cwd=repo, env=env).stdout.split("\n")[0] == "clean report"


def test_try_repo_reports_the_warning_verbosely(drafter_repo):
    """``pre-commit run --verbose`` shows the output of a passing hook: the warning is printed."""
    repo, env = drafter_repo
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "run", "checker", "--all-files", "--verbose"],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=900)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "SEC202" in out and "warning" in out, out


def test_the_hook_runs_once_for_all_staged_reports_and_the_docs_pin_a_commit():
    """One run, one summary, years paired (the checker parallelises itself); the documented
    rev is a commit hash (the repository has no tags) and the documented args name --lang."""
    import re

    import yaml

    root = Path(__file__).resolve().parents[2]
    (hook,) = yaml.safe_load((root / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hook["require_serial"] is True
    doc = (root / "docs" / "drafting.md").read_text("utf-8")
    rev = re.search(r"^\s+rev:\s*(\S+)", doc, re.M).group(1)
    assert re.fullmatch(r"[0-9a-f]{40}", rev), rev
    args = re.search(r"^\s+args:\s*\[(.*)\]", doc, re.M).group(1)
    assert "--lang" in args and hook["args"] == [a.strip() for a in args.split(",")][:3]
