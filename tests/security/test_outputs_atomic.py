"""Reports written atomically (issue 17, item 3; item 5's SIGTERM during --annotate).

* a reporter that fails half-way leaves the target as it was, and the other reports
  and stdout whole;
* two runs writing one path at the same time leave one whole report, never a mix
  (a test reporter writes slowly so that the runs overlap);
* SIGTERM while the annotated copy is being saved leaves no temporary file.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import hostile
import pytest

from checker.cli import main

FORMATS_PLUGIN = '''
import json
import time

from checker import hookimpl


def half_then_fail(results, options, stream):
    stream.write('{"files": [')
    raise RuntimeError("the reporter broke half-way")


def slow_json(results, options, stream):
    text = json.dumps({"files": [r.path for r in results], "pad": "x" * 20000 * len(results)}, ensure_ascii=False)
    step = len(text) // 10 + 1
    for i in range(0, len(text), step):
        stream.write(text[i:i + step])
        stream.flush()
        time.sleep(0.3)


@hookimpl
def checker_output_formats():
    return {"half": half_then_fail, "slow": slow_json}
'''


@pytest.fixture
def plugin(tmp_path: Path) -> Path:
    path = tmp_path / "formats_plugin.py"
    path.write_text(FORMATS_PLUGIN, encoding="utf-8")
    return path


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "report.docx"
    path.parent.mkdir()
    path.write_bytes(hostile.good_bytes())
    return path


def test_a_failing_reporter_costs_only_its_report(tmp_path, plugin, good, capsys):
    broken = tmp_path / "broken.json"
    broken.write_text("the previous report", encoding="utf-8")
    whole = tmp_path / "whole.json"
    code = main(["check", "--no-progress", "--lang", "en", "--plugin", str(plugin), "--output-format", "json",
                 "--report", f"half:{broken}", "--report", f"json:{whole}", str(good)])
    out, err = capsys.readouterr()
    assert code == 2
    assert json.loads(out)["summary"]["files"] == 1  # stdout whole
    assert json.loads(whole.read_text("utf-8"))["summary"]["files"] == 1
    assert broken.read_text("utf-8") == "the previous report"  # untouched
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "half:" in lines[0] and "internal error" not in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.json", "formats_plugin.py", "in", "whole.json"]


def test_a_failing_main_output_never_cuts_stdout(plugin, good, capsys):
    code = main(["check", "--no-progress", "--plugin", str(plugin), "--output-format", "half", str(good)])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and "internal error" not in err, (out, err)


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env["CI"] = "true"
    return env


def test_two_runs_writing_one_path_leave_one_whole_report(tmp_path, plugin, good):
    target = tmp_path / "shared.json"
    cmd = [sys.executable, "-m", "checker", "check", "--no-progress", "--plugin", str(plugin),
           "--output-format", "json", "--report", f"slow:{target}"]
    second_input = tmp_path / "in" / "second.docx"
    second_input.write_bytes(hostile.good_bytes())
    # the first run's report is the longer one (two files): were the second written
    # over it in place, the first one's tail would be left after the second's end
    first = subprocess.Popen([*cmd, str(good), str(second_input)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             env=_env())
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not target.exists() and first.poll() is None:
        time.sleep(0.05)  # the first run is writing (the old code: the file exists, half-written)
    time.sleep(0.3)
    second = subprocess.Popen([*cmd, str(second_input)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              env=_env())
    assert first.wait(120) in (0, 1), first.stderr.read()
    assert second.wait(120) in (0, 1), second.stderr.read()
    raw = target.read_bytes()
    assert b"\x00" not in raw
    data = json.loads(raw.decode("utf-8"))
    assert data["files"] in ([str(good), str(second_input)], [str(second_input)])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["formats_plugin.py", "in", "shared.json"]


SLOW_SAVE = r'''
import sys, time
import docx.document

MARKER = sys.argv[-1] + ".saving"

def slow_save(self, path):
    with open(path, "wb") as fh:
        fh.write(b"PK partial")
        fh.flush()
    open(MARKER, "w").close()
    time.sleep(60)

docx.document.Document.save = slow_save
sys.argv = ["checker"] + sys.argv[1:-1]
from checker.cli import main
raise SystemExit(main(sys.argv[1:]))
'''


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or os.name == "nt", reason="POSIX signals")
def test_sigterm_during_the_annotate_save_leaves_no_temporary_file(tmp_path, good):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    marker = tmp_path / "marker"
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_SAVE, "check", "--no-progress", "--annotate", str(out_dir / "a.docx"), str(good),
         str(marker)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env(),
    )
    try:
        deadline = time.monotonic() + 60
        saving = Path(str(marker) + ".saving")
        while time.monotonic() < deadline and not saving.exists() and proc.poll() is None:
            time.sleep(0.05)
        assert saving.exists(), proc.stderr.read() if proc.poll() is not None else "the save never started"
        assert list(out_dir.iterdir()), "the save writes a temporary file first"
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
    assert proc.returncode != 0
    assert list(out_dir.iterdir()) == []  # no .annotate-XXXX.docx, no partial copy
