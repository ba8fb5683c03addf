"""Workers do not outlive their parent (issue 17, item 6).

A batch of files on which a test plugin's rule sleeps for an hour keeps both workers
busy; the test kills the checker (SIGKILL: the OOM killer; SIGTERM: a supervisor) and
expects every worker gone within a generous bound. Before the fix the workers slept
on with parent 1 for the full hour.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import hostile
import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find the workers")

SLEEPY = Path(__file__).with_name("sleepy_plugin.py")
#: Seconds the workers may take to notice (the watch polls twice a second); generous for a loaded machine.
GONE_WITHIN_S = 20


def _children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat[stat.rindex(b")") + 2:].split()
        if int(fields[1]) == pid and fields[0] != b"Z":
            found.add(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read()
    except OSError:
        return False
    return stat[stat.rindex(b")") + 2:].split()[0] != b"Z"


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_workers_exit_when_the_parent_dies(tmp_path, sig):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("a.docx", "b.docx", "c.docx"):
        (inputs / name).write_bytes(hostile.edit(None, {"word/document.xml": hostile.document(
            b"<w:p><w:r><w:t>SLEEP-FOREVER</w:t></w:r></w:p>")}))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env["CI"] = "true"
    proc = subprocess.Popen(
        [sys.executable, "-m", "checker", "check", "--no-progress", "--jobs", "2", "--timeout", "0",
         "--plugin", str(SLEEPY), "--extend-select", "SEC9", str(inputs)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=env,
        cwd=tmp_path,
    )
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(workers) < 2:
            workers = _children(proc.pid)
            time.sleep(0.2)
        assert len(workers) >= 2, "the batch never started its workers"
        time.sleep(2)  # let them take a file each and fall asleep in the rule
        workers = _children(proc.pid) or workers
        os.kill(proc.pid, sig)
        proc.wait(30)
        deadline = time.monotonic() + GONE_WITHIN_S
        while time.monotonic() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.2)
        survivors = [w for w in workers if _alive(w)]
        assert not survivors, f"workers {survivors} outlived their parent"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        for w in workers:  # only the workers this test started, by pid
            if _alive(w):
                try:
                    os.kill(w, signal.SIGKILL)
                except ProcessLookupError:
                    pass
