"""The whole command on hostile inputs: `python -m checker check FILE` in a subprocess.

For each input: exit code 2, exactly one line on stderr naming the file, no
traceback, an `error` verdict with an `input` finding in the JSON report, the input
bytes unchanged, no new file in the input folder or in a private TMPDIR, and
bounded time (a subprocess timeout: "does not hang") and memory (peak RSS of the
child, from wait4). The child also runs under an address-space rlimit so that a
regression fails the test instead of exhausting the machine.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import hostile
import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "wait4"), reason="needs os.wait4 (POSIX) to measure the child")

TIMEOUT_S = 120  # "does not hang", not a performance figure
PEAK_MB = 300  # generous: the bomb peaks near 100 MB
RLIMIT_AS = 3 << 30  # virtual memory ceiling of the child (safety net only)
GOOD_NAME = "2024年 政府信息公开 工作年度报告.docx"


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    peak_mb: float
    seconds: float

    @property
    def stderr_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]

    def report(self) -> dict:
        return json.loads(self.stdout)


def _limit_memory(limit: int = RLIMIT_AS):
    import resource

    return lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_cli(args: list[str], tmp: Path, prefix: list[str] | None = None, python_code: str | None = None,
            rlimit_as: int = RLIMIT_AS) -> Run:
    """Run the checker CLI, measuring the child's own peak RSS with wait4."""
    private_tmp = tmp / "private-tmp"
    private_tmp.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "COV_"))}
    env.update(TMPDIR=str(private_tmp), TEMP=str(private_tmp), TMP=str(private_tmp), CI="true",
               PYTHONDONTWRITEBYTECODE="1")
    cwd = tmp / "cwd"
    cwd.mkdir(exist_ok=True)
    out_path, err_path = tmp / "stdout.txt", tmp / "stderr.txt"
    if python_code is None:
        cmd = [sys.executable, "-m", "checker", "check", "--no-progress", *args]
    else:
        cmd = [sys.executable, "-c", python_code, *args]
    cmd = (prefix or []) + cmd
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=cwd, env=env,
                                preexec_fn=_limit_memory(rlimit_as))
        timer = threading.Timer(TIMEOUT_S, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    assert seconds < TIMEOUT_S, f"hung: killed after {TIMEOUT_S} s"
    return Run(proc.returncode, out_path.read_text("utf-8"), err_path.read_text("utf-8", "replace"),
               usage.ru_maxrss / 1024, seconds)


def snapshot(folder: Path) -> dict[str, tuple[str, int, int]]:
    out = {}
    for p in sorted(folder.rglob("*")):
        st = p.lstat()
        digest = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() and os.access(p, os.R_OK) else ""
        out[str(p.relative_to(folder))] = (digest, st.st_mtime_ns, st.st_mode)
    return out


def assert_clean_error(run: Run, label: str, expected: str) -> None:
    assert run.code == 2, (run.code, run.stderr)
    assert "Traceback" not in run.stderr and "Traceback" not in run.stdout, run.stderr
    assert len(run.stderr_lines) == 1, run.stderr
    line = run.stderr_lines[0]
    assert line.startswith(f"checker: {label}: "), line
    assert expected in line, line
    [result] = run.report()["files"]
    assert result["verdict"] == "error"
    assert [f["category"] for f in result["findings"]] == ["input"]
    assert run.peak_mb < PEAK_MB, f"peak RSS {run.peak_mb:.0f} MB"


CASES = dict(hostile.BROKEN)
CASES["zip-bzip2-part"] = (
    lambda: hostile.rezip(hostile.members(hostile.good_bytes()), zipfile.ZIP_BZIP2), "compression method 12")


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_input(case, tmp_path, bomb_bytes):
    build, expected = CASES[case]
    inputs = tmp_path / "in"
    inputs.mkdir()
    target = inputs / f"{case} 报告.docx"
    target.write_bytes(bomb_bytes if case == "bomb" else build())
    before = snapshot(inputs)
    run = run_cli(["--output-format", "json", str(target)], tmp_path)
    assert_clean_error(run, str(target), expected)
    assert snapshot(inputs) == before
    assert list((tmp_path / "private-tmp").iterdir()) == []
    assert list((tmp_path / "cwd").iterdir()) == []


def test_folder_named_docx(tmp_path):
    folder = tmp_path / "in" / "x.docx"
    folder.mkdir(parents=True)
    run = run_cli(["--output-format", "json", str(folder)], tmp_path)
    assert_clean_error(run, str(folder), "folder")


def test_missing_file(tmp_path):
    run = run_cli(["--output-format", "json", str(tmp_path / "gone.docx")], tmp_path)
    assert_clean_error(run, str(tmp_path / "gone.docx"), "no such file")


def _unprivileged_prefix() -> list[str] | None:
    """How to run the child so that chmod 000 binds: as is (not root), or root without DAC overrides."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if not setpriv:
        return None
    probe = subprocess.run([setpriv, "--bounding-set=-dac_override,-dac_read_search", "true"], capture_output=True)
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search"] if probe.returncode == 0 else None


def test_unreadable_file(tmp_path):
    prefix = _unprivileged_prefix()
    if prefix is None:
        pytest.skip("running as root without setpriv: root reads chmod 000 files (the API test simulates it)")
    inputs = tmp_path / "in"
    inputs.mkdir()
    target = inputs / "locked.docx"
    target.write_bytes(hostile.good_bytes())
    target.chmod(0)
    try:
        before = snapshot(inputs)
        run = run_cli(["--output-format", "json", str(target)], tmp_path, prefix=prefix)
        assert_clean_error(run, str(target), "permission denied")
        assert snapshot(inputs) == before
    finally:
        target.chmod(0o600)


def test_fifo_does_not_hang(tmp_path):
    fifo = tmp_path / "pipe.docx"
    os.mkfifo(fifo)
    run = run_cli(["--output-format", "json", str(fifo)], tmp_path)
    assert_clean_error(run, str(fifo), "not a regular file")


def test_hostile_file_name_cannot_add_a_line(tmp_path):
    target = tmp_path / "evil\nchecker: fake.docx: all good\x1b[2J.docx"
    target.write_bytes(hostile.truncated_zip())
    run = run_cli([str(target)], tmp_path)
    assert run.code == 2 and "Traceback" not in run.stderr
    assert len(run.stderr_lines) == 1, run.stderr
    assert "\x1b" not in run.stderr


@pytest.mark.parametrize("name, build", [
    (GOOD_NAME, hostile.good_bytes),
    ("macro report.docm", hostile.docm_with_macros),
    ("large report 250 pages.docx", lambda: hostile.large_report(30)),
])
def test_good_inputs_are_checked_normally(name, build, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    target = inputs / name
    target.write_bytes(build())
    before = snapshot(inputs)
    run = run_cli(["--output-format", "json", str(target)], tmp_path)
    assert run.code in (0, 1), run.stderr
    assert "Traceback" not in run.stderr
    [result] = run.report()["files"]
    assert result["verdict"] != "error"
    assert result["path"] == str(target)
    assert snapshot(inputs) == before
    assert list((tmp_path / "private-tmp").iterdir()) == []
    assert run.peak_mb < 600, f"peak RSS {run.peak_mb:.0f} MB"
    if name.endswith(".docm"):
        assert "macro" in run.stdout.lower()


def test_batch_of_everything_checks_the_good_reports(tmp_path, bomb_bytes):
    inputs = tmp_path / "in"
    inputs.mkdir()
    bad = {}
    for case, (build, expected) in CASES.items():
        p = inputs / f"{case}.docx"
        p.write_bytes(bomb_bytes if case == "bomb" else build())
        bad[str(p)] = expected
    (inputs / "folder.docx").mkdir()
    good = [inputs / GOOD_NAME, inputs / "z-good.docx", inputs / "macro.docm"]
    good[0].write_bytes(hostile.good_bytes())
    shutil.copy(hostile.CORPUS / "huaian-gov-2024.docx", good[1])
    good[2].write_bytes(hostile.docm_with_macros())
    archive = inputs / "submissions.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("a/good.docx", hostile.good_bytes())
        z.writestr("a/empty.docx", b"")
        z.writestr("a/xxe.docx", hostile.xxe())
        z.writestr("a/bomb.docx", bomb_bytes)
    before = snapshot(inputs)
    args = ["--output-format", "json", "--jobs", "2", "--timeout", "50"]
    run = run_cli(args + [str(p) for p in sorted(inputs.iterdir())], tmp_path)
    assert run.code == 2
    assert "Traceback" not in run.stderr
    files = {f["path"]: f for f in run.report()["files"]}
    for p in good + [Path(f"{archive}/a/good.docx")]:
        assert files[str(p)]["verdict"] != "error", files[str(p)]
    for path, expected in bad.items():
        assert files[path]["verdict"] == "error", path
        assert expected in files[path]["error"], (path, files[path]["error"])
    for member in ("empty", "xxe", "bomb"):
        assert files[f"{archive}/a/{member}.docx"]["verdict"] == "error"
    errors = [f for f in files.values() if f["verdict"] == "error"]
    assert len(run.stderr_lines) == len(errors), run.stderr
    assert snapshot(inputs) == before
    assert list((tmp_path / "private-tmp").iterdir()) == []


def test_time_budget_in_a_batch(tmp_path):
    """A file that never finishes costs its budget, not the batch (a test plugin's rule hangs on it)."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "hangs.docx").write_bytes(hostile.edit(None, {"word/document.xml": hostile.document(
        b"<w:p><w:r><w:t>SLEEP-FOREVER</w:t></w:r></w:p>")}))
    (inputs / "good.docx").write_bytes(hostile.good_bytes())
    plugin = Path(__file__).with_name("sleepy_plugin.py")
    for jobs in ("2", "1"):  # worker processes, and the serial run (SIGALRM)
        run = run_cli(["--output-format", "json", "--jobs", jobs, "--timeout", "5", "--plugin", str(plugin),
                       "--extend-select", "SEC9", str(inputs)], tmp_path)
        files = {Path(f["path"]).name: f for f in run.report()["files"]}
        assert files["good.docx"]["verdict"] != "error", files["good.docx"]
        assert files["hangs.docx"]["verdict"] == "error"
        assert "time budget" in files["hangs.docx"]["error"]
        assert run.code == 2 and "Traceback" not in run.stderr
        assert run.seconds < 60


def test_bzip2_member_of_a_submissions_archive(tmp_path):
    archive = tmp_path / "in" / "submissions.zip"
    archive.parent.mkdir()
    archive.write_bytes(hostile.bzip2_archive_bomb())
    run = run_cli(["--output-format", "json", str(archive)], tmp_path)
    assert "Traceback" not in run.stderr
    [result] = run.report()["files"]
    assert result["verdict"] == "error"
    assert "compression method" in result["error"], result["error"]
    assert run.peak_mb < PEAK_MB, f"peak RSS {run.peak_mb:.0f} MB"


def test_annotate_never_hands_a_hidden_bomb_to_python_docx(tmp_path):
    """--annotate re-opens the input with python-docx, which reads every related part (images
    included) whole; the package is verified at open, so a bomb in an image never gets there."""
    from test_package import _with_image_part

    inputs = tmp_path / "in"
    inputs.mkdir()
    target = inputs / "image bomb.docx"
    target.write_bytes(_with_image_part())
    out = tmp_path / "annotated.docx"
    before = snapshot(inputs)
    run = run_cli(["--annotate", str(out), str(target)], tmp_path)
    assert run.code == 2 and "Traceback" not in run.stderr, run.stderr
    assert "image1.png expands beyond" in run.stderr
    assert run.peak_mb < PEAK_MB, f"peak RSS {run.peak_mb:.0f} MB"
    assert not out.exists()
    assert snapshot(inputs) == before
