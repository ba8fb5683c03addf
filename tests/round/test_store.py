"""The store is a database people trust: versioned, WAL, one transaction per file, refuses what is not ours."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from checker.findings import Category, Finding, Location, Message, Severity
from checker.round.store import MIGRATIONS, SCHEMA_VERSION, FileRecord, Store, StoreError


def f(code: str, excerpt: str) -> Finding:
    return Finding(code=code, rule="r", category=Category.NARRATIVE, severity=Severity.ERROR,
                   message=Message(zh="问题", en="problem"), location=Location(paragraph=3, excerpt=excerpt))


def rec(path="a.docx", sha="1", body="甲局", year=2024, verdict="fail") -> FileRecord:
    return FileRecord(path=path, verdict=verdict, body=body, body_key=body, sha256=sha, size=10, year=year)


def test_a_new_store_is_versioned_and_in_wal_mode(tmp_path: Path):
    with Store.open(str(tmp_path / "s.db")) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_an_old_store_is_migrated_forward(tmp_path: Path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    conn.execute("INSERT INTO runs (started_at, tool_version, profiles, options) VALUES ('2025-01-02', '0.1', '{}', '{}')")
    conn.execute("PRAGMA application_id=1128811346")
    conn.execute("PRAGMA user_version=1")
    conn.commit()
    conn.close()
    with Store.open(str(path)) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert len(store.runs()) == 1  # kept
        columns = {r[1] for r in store.conn.execute("PRAGMA table_info(files)")}
        assert "converted" in columns


@pytest.mark.parametrize("kind", ["text", "other-sqlite", "newer"])
def test_a_file_that_is_not_our_store_is_refused_and_left_alone(tmp_path: Path, kind: str):
    path = tmp_path / "checks.db"
    if kind == "text":
        path.write_text("name,contact\n甲局,张三\n", encoding="utf-8")
    else:
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE t (x)")
        if kind == "newer":
            conn.execute("PRAGMA application_id=1128811346")
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
        conn.commit()
        conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError) as err:
        Store.open(str(path))
    message = str(err.value)
    assert "\n" not in message and str(path) in message
    assert {"text": "not an SQLite", "other-sqlite": "another program", "newer": "newer checker"}[kind] in message
    assert path.read_bytes() == before
    assert not (tmp_path / "checks.db-wal").exists() or kind != "text"


def test_one_transaction_per_file_a_failure_leaves_nothing_half_written(tmp_path: Path):
    with Store.open(str(tmp_path / "s.db")) as store:
        run = store.begin_run("0.1", {}, {})
        store.record_file(run, rec(), [f("DOC001", "XXX")])

        original = store._insert_findings

        def failing(*a, **kw):
            original(*a, **kw)
            raise KeyboardInterrupt  # Ctrl-C between the file row and its commit

        store._insert_findings = failing
        with pytest.raises(KeyboardInterrupt):
            store.record_file(run, rec("b.docx", sha="2"), [f("DOC001", "YYY")])
        store._insert_findings = original
        assert [r["path"] for r in store.files()] == ["a.docx"]
        assert store.conn.execute("SELECT count(*) FROM findings").fetchone()[0] == 1


def test_since_compares_with_the_previous_run_by_fingerprint(tmp_path: Path):
    with Store.open(str(tmp_path / "s.db")) as store:
        first = store.begin_run("0.1", {}, {})
        assert store.record_file(first, rec(), [f("DOC001", "XXX"), f("DAT601", "")]) is None
        second = store.begin_run("0.1", {}, {})
        since = store.record_file(second, rec("a-v2.docx", sha="2"), [f("DAT601", ""), f("SIG701", "")])
        assert (since.fixed, since.still_open, since.new, since.same_file) == (1, 1, 1, False)
        assert since.message().en.endswith("1 fixed, 1 still open, 1 new")
        again = store.record_file(store.begin_run("0.1", {}, {}), rec("copy.docx", sha="2"), [])
        assert again.same_file
        other_year = store.record_file(second, rec("old.docx", sha="3", year=2019), [])
        assert other_year is None


def _writer(path: str, name: str, n: int) -> None:
    with Store.open(path) as store:
        run = store.begin_run("0.1", {}, {"writer": name})
        for i in range(n):
            store.record_file(run, rec(f"{name}-{i}.docx", sha=f"{name}{i}", body=f"{name}{i}"),
                              [f("DOC001", str(k)) for k in range(5)])
        store.finish_run(run)


def test_two_writers_at_once_both_keep_all_their_rows(tmp_path: Path):
    path = str(tmp_path / "s.db")
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, name, 40)) for name in ("a", "b")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(300)
        assert p.exitcode == 0
    with Store.open(path) as store:
        assert len(store.files()) == 80
        assert store.conn.execute("SELECT count(*) FROM findings").fetchone()[0] == 400
        assert all(r["finished_at"] for r in store.runs())


def _open_at_once(path: str, barrier) -> None:
    barrier.wait()  # every process opens the new store at the same moment
    with Store.open(path) as store:
        store.begin_run("0.1", {}, {})


def test_many_processes_creating_one_new_store_at_once(tmp_path: Path):
    """Creating the store races: the schema check reads in one transaction, the switch to WAL
    waits for the others (SQLite answers "locked" at once there instead of waiting)."""
    ctx = multiprocessing.get_context("spawn")
    for attempt in range(5):
        path = str(tmp_path / f"s{attempt}.db")
        barrier = ctx.Barrier(4)
        procs = [ctx.Process(target=_open_at_once, args=(path, barrier)) for _ in range(4)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(300)
        assert [p.exitcode for p in procs] == [0, 0, 0, 0]
        with Store.open(path) as store:
            assert len(store.runs()) == 4


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_stored_batch_keeps_each_file_once_with_its_year_comparison(tmp_path: Path, capsys, jobs: str):
    """Each file is stored the moment it is checked (no chunks); a cross-year comparison made
    afterwards replaces the later report's row instead of adding one."""
    from batch.conftest import make_report, write
    from round.conftest import fake_args

    from checker.cli import main

    for i in range(5):  # more files than a chunk of the old 4 x jobs
        write(tmp_path / "in" / f"{i}-乙局.docx", make_report(f"乙{i}局", 2024))
    write(tmp_path / "in" / "a-2023.docx", make_report("甲局", 2023))
    write(tmp_path / "in" / "b-2024.docx", make_report("甲局", 2024))
    db = tmp_path / "round.db"
    code = main(["check", str(tmp_path / "in"), "--store", str(db), "--jobs", jobs, *fake_args()])
    capsys.readouterr()
    assert code == 0
    store = Store.open(str(db))
    try:
        files = store.files()
        assert len(files) == 7 and len({f["path"] for f in files}) == 7
        later = next(f for f in files if f["path"].endswith("b-2024.docx"))
        assert [x["code"] for x in store.findings_of(later["id"])] == ["FK401"]
    finally:
        store.close()
