"""The store survives what happens to real batches: SIGKILL half-way, two batches at once."""

from __future__ import annotations

import signal
import sqlite3
import time
from pathlib import Path

from checker.round.store import Store

from .conftest import checker_process, fake_args, make_report, write


def stored_files(db: Path) -> int:
    """Files committed so far, read as any other reader would (0 while the store does not exist yet)."""
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as conn:
            return conn.execute("SELECT count(*) FROM files").fetchone()[0]
    except sqlite3.OperationalError:  # the schema is being created
        return 0


def test_sigkill_half_way_keeps_every_finished_file_and_the_next_run_continues(tmp_path: Path):
    batch = tmp_path / "收件"
    for n in range(1, 5):
        write(batch / f"{n}-局{n}.docx", make_report(f"某区第{n}局", 2024, bad_cell=n % 2 == 0, warn=True))
    write(batch / "5-卡住.docx", make_report("某区卡住局", 2024, extra=("HANG-ANYWHERE",)))  # the batch never gets past it
    for n in range(6, 9):
        write(batch / f"{n}-局{n}.docx", make_report(f"某区第{n}局", 2024))
    db = tmp_path / "store.db"
    proc = checker_process(["check", str(batch), "--store", str(db), "--jobs", "1", "--timeout", "0",
                            *fake_args()], cwd=tmp_path)
    try:
        deadline = time.monotonic() + 300  # guards against a hang only; no timing is asserted
        while stored_files(db) < 4 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert proc.poll() is None, proc.communicate()[1]
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(60)
    assert proc.returncode == -signal.SIGKILL

    with Store.open(str(db)) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        files = store.files()
        assert [Path(f["path"]).name for f in files] == [f"{n}-局{n}.docx" for n in range(1, 5)]
        for f in files:  # every finished file whole: its findings all there
            n = store.conn.execute("SELECT count(*) FROM findings WHERE file_id = ?", (f["id"],)).fetchone()[0]
            assert n == f["errors"] + f["warnings"] + f["info"] > 0
        assert store.runs()[0]["finished_at"] is None and files[0]["run_unfinished"]

    (batch / "5-卡住.docx").unlink()  # the office takes the stuck file out and runs again
    proc = checker_process(["check", str(batch), "--store", str(db), "--jobs", "2", *fake_args()], cwd=tmp_path)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 1, err
    with Store.open(str(db)) as store:
        assert len(store.files()) == 4 + 7
        assert store.runs()[1]["finished_at"] is not None
    assert "same file as submitted on" in out


def test_two_batches_at_once_on_one_store(tmp_path: Path):
    db = tmp_path / "store.db"
    procs = []
    for name in ("甲", "乙"):
        folder = tmp_path / name
        for n in range(6):
            write(folder / f"{name}{n}.docx", make_report(f"{name}区第{n}局", 2024, bad_cell=n == 0))
        procs.append(checker_process(["check", str(folder), "--store", str(db), "--jobs", "2", *fake_args()],
                                     cwd=tmp_path))
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 1, err
    with Store.open(str(db)) as store:
        runs = store.runs()
        assert len(runs) == 2 and all(r["finished_at"] for r in runs)
        files = store.files()
        assert len(files) == 12
        assert {f["run_id"] for f in files if f["path"].endswith(("甲0.docx", "甲5.docx"))} == {
            next(f["run_id"] for f in files if "甲" in f["path"])}
        assert store.conn.execute("SELECT count(*) FROM findings").fetchone()[0] == 2
