"""The batch runner: verdicts, parallel == serial, time budget, crashed workers, pairing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checker.batch import expand_inputs, run_batch
from checker.batch import runner
from checker.batch.runner import explain_reason, pair_consecutive_years
from checker.findings import FileResult, Verdict

from .conftest import make_report, write

#: The verdict of each report of the ``batch_dir`` fixture.
EXPECTED = {
    "a-good.docx": Verdict.PASS,
    "b-warn.docx": Verdict.WARN,
    "c-old.doc": Verdict.ERROR,
    "d-empty.docx": Verdict.ERROR,
    "e-corrupt.docx": Verdict.ERROR,
    "f-scan.pdf": Verdict.ERROR,
    "submissions.zip/丁镇/h-good.docx": Verdict.PASS,
    "submissions.zip/丁镇/i-fail.docx": Verdict.FAIL,
    "submissions.zip/丁镇/j-secret.docx": Verdict.ERROR,
    "sub/g-fail.docx": Verdict.FAIL,
}


def by_label(results, root: Path) -> dict[str, FileResult]:
    return {os.path.relpath(r.path, root).replace(os.sep, "/"): r for r in results}


def test_a_mixed_batch_gives_one_result_per_report_with_the_right_verdict(batch_dir, settings, engine):
    results = run_batch(expand_inputs([str(batch_dir)]), settings, jobs=1, engine=engine)
    got = by_label(results, batch_dir)
    assert list(got) == list(EXPECTED)
    assert {k: r.verdict() for k, r in got.items()} == EXPECTED
    failing = got["sub/g-fail.docx"]
    assert [f.code for f in failing.findings] == ["FK101"]
    assert failing.metadata["agency"] == "丙区交通运输局"
    # the engine kept a snapshot of the table the finding points at (for the HTML report)
    assert [t.index for t in failing.tables] == [1]
    assert any(c.text == "BAD" and (c.row, c.column) == (3, 2) for c in failing.tables[0].cells)


def test_unreadable_files_get_a_reason_in_both_languages(batch_dir, settings, engine):
    got = by_label(run_batch(expand_inputs([str(batch_dir)]), settings, jobs=1, engine=engine), batch_dir)
    doc = got["c-old.doc"]
    assert ".doc" in doc.error and "save it as .docx" in doc.error
    assert "另存为" in doc.findings[0].message.zh and doc.findings[0].code == "CHK001"
    assert "空文件" in got["d-empty.docx"].findings[0].message.zh
    assert "PDF" in got["f-scan.pdf"].findings[0].message.zh
    assert "密码" in got["submissions.zip/丁镇/j-secret.docx"].findings[0].message.zh
    assert got["e-corrupt.docx"].findings[0].message.en.startswith("cannot read the file:")


@pytest.mark.parametrize("reason, zh", [
    ("a legacy Word 97-2003 .doc (or WPS .wps) file, not a .docx; open it in Word or WPS and save it as .docx", "另存为"),
    ("a WPS/Works .wps file, not a .docx; open it in WPS or Word and save it as .docx", "另存为"),
    ("an OpenDocument text (.odt) file, not a .docx; open it in Word or WPS and save it as .docx", "另存为"),
    ("something new", "无法读取文件（something new）"),
])
def test_explain_reason(reason, zh):
    message = explain_reason(reason)
    assert zh in message.zh and reason in message.en


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_parallel_results_equal_serial_results(batch_dir, settings, engine, monkeypatch, start_method):
    if start_method == "fork" and not hasattr(os, "fork"):
        pytest.skip("no fork on this platform")
    monkeypatch.setattr(runner, "START_METHOD", start_method)
    items = expand_inputs([str(batch_dir)])
    serial = run_batch(items, settings, jobs=1, engine=engine)
    parallel = run_batch(items, settings, jobs=2, engine=engine if start_method == "fork" else None)
    assert parallel == serial


def test_one_file_runs_in_this_process(batch_dir, settings, engine, monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("a single file must not start worker processes")

    monkeypatch.setattr(runner, "WorkerPool", no_pool)
    results = run_batch(expand_inputs([str(batch_dir / "a-good.docx")]), settings, jobs=8, engine=engine)
    assert [r.verdict() for r in results] == [Verdict.PASS]


def test_a_hanging_or_crashing_file_costs_only_itself(tmp_path, settings, engine):
    write(tmp_path / "1-hang.docx", make_report(extra=("HANG-IN-WORKER",)))
    write(tmp_path / "2-good.docx", make_report())
    write(tmp_path / "3-crash.docx", make_report(extra=("CRASH-IN-WORKER",)))
    write(tmp_path / "4-fail.docx", make_report(bad_cell=True))
    # a generous budget: the other files must finish within it even on a busy machine
    results = run_batch(expand_inputs([str(tmp_path)]), settings, jobs=2, engine=engine, timeout=8)
    got = by_label(results, tmp_path)
    assert list(got) == ["1-hang.docx", "2-good.docx", "3-crash.docx", "4-fail.docx"]
    assert got["1-hang.docx"].verdict() is Verdict.ERROR
    assert "exceeded the time budget of 8 s" in got["1-hang.docx"].error
    assert "超时" in got["1-hang.docx"].findings[0].message.zh
    assert got["3-crash.docx"].verdict() is Verdict.ERROR
    assert "worker process" in got["3-crash.docx"].error and "exit code 3" in got["3-crash.docx"].error
    assert got["2-good.docx"].verdict() is Verdict.PASS
    assert got["4-fail.docx"].verdict() is Verdict.FAIL


GOV = {"agency": {"equivalents": {"人民政府": "政府"}}}  # a profile's short forms


def _result(path, agency, year, error=None, *, summarised=("FK401",), profile_key=True):
    """A first-pass result: the report pack publishes ``agency_key`` with its profile's short
    forms; a cross-year rule left its summary (``summarised``)."""
    from checker.report.agency import agency_key

    meta = {"agency": agency, "year": year}
    if profile_key and agency:
        meta["agency_key"] = agency_key(agency, GOV)
    return FileResult(path=path, metadata=meta, error=error, summaries={code: {"path": path} for code in summarised})


def test_pairing_consecutive_years_of_one_agency():
    results = [
        _result("a2023", "某某区 交通运输局", 2023),
        _result("a2022", "某某区交通运输局", 2022),
        _result("b2023", "乙县人民政府", 2023),
        _result("b2021", "乙县政府", 2021),  # not consecutive
        _result("c2023", "丙市人民政府", "2023"),
        _result("c2022", "丙市政府", 2022),
        _result("c2022bis", "丙市人民政府", 2022),  # a second 2022 report: the first one wins
        _result("d2022", "丁", 2022, error="empty file"),
        _result("d2023", "丁", 2023),
        _result("x", None, 2023),
        _result("y", "戊", None),
    ]
    assert pair_consecutive_years(results) == {0: 1, 4: 5}


def test_only_reports_a_cross_year_rule_summarised_are_paired():
    results = [
        _result("a2023", "甲局", 2023),
        _result("a2022", "甲局", 2022, summarised=()),  # read as no report type: nothing to compare with
        _result("b2023", "乙局", 2023, summarised=("AR811",)),
        _result("b2022", "乙局", 2022, summarised=("XX901",)),  # the same body's report of another kind
        _result("c2023", "丙局", 2023, profile_key=False),  # a pack that publishes no key: the agency itself
        _result("c2022", "丙局", 2022, profile_key=False),
    ]
    assert pair_consecutive_years(results) == {4: 5}


def test_a_batch_compares_the_later_report_with_the_earlier_one(tmp_path, settings, engine):
    write(tmp_path / "2023.docx", make_report("某某区交通运输局", 2023))
    write(tmp_path / "2022.docx", make_report("某某区 交通运输局", 2022))
    write(tmp_path / "other.docx", make_report("别的局", 2023))
    results = run_batch(expand_inputs([str(tmp_path)]), settings, jobs=1, engine=engine)
    got = by_label(results, tmp_path)
    later = got["2023.docx"]
    assert [f.code for f in later.findings] == ["FK401"]
    assert str(tmp_path / "2022.docx") in later.findings[0].message.en  # the earlier report's own summary
    assert later.metadata["previous"] == str(tmp_path / "2022.docx")
    assert got["2022.docx"].findings == () and got["other.docx"].findings == ()
    assert all(r.summaries == {} for r in results)  # the runner's own: not handed on
    # the same in workers
    assert run_batch(expand_inputs([str(tmp_path)]), settings, jobs=2, engine=engine) == results


@pytest.mark.parametrize("jobs", [1, 2])
def test_each_file_is_read_once_and_checked_once_even_when_paired(tmp_path, settings, engine, monkeypatch, jobs):
    """Issue 13: a batch whose reports all pair up used to read the later report and the
    earlier one again (584 reads for 200 reports); now every file is read once."""
    from checker.engine import Engine

    log = tmp_path / "reads.log"
    real_read, real_examine = Engine.read, Engine._examine

    def counted(kind, real):
        def wrapper(self, source, *args, **kwargs):
            if getattr(source, "path", None) != "<warm-up>":  # the pool's warm-up of an empty document
                with open(log, "a", encoding="utf-8") as fh:  # workers are forked: they append too
                    fh.write(f"{kind}\n")
            return real(self, source, *args, **kwargs)
        return wrapper

    monkeypatch.setattr(Engine, "read", counted("read", real_read))
    monkeypatch.setattr(Engine, "_examine", counted("check", real_examine))
    folder = tmp_path / "in"
    for agency in ("甲局", "乙局", "丙局"):
        for year in (2021, 2022, 2023):
            write(folder / f"{agency}-{year}.docx", make_report(agency, year))
    results = run_batch(expand_inputs([str(folder)]), settings, jobs=jobs, engine=engine)
    compared = [r for r in results if r.metadata.get("previous")]
    assert len(compared) == 6  # 2022 and 2023 of each agency
    assert all([f.code for f in r.findings] == ["FK401"] for r in compared)
    counts = log.read_text(encoding="utf-8").split()
    assert counts.count("read") == 9 and counts.count("check") == 9


def test_on_result_hears_of_each_result_as_it_is_made_and_of_each_comparison(tmp_path, settings, engine):
    write(tmp_path / "a-2023.docx", make_report("某某区交通运输局", 2023))
    write(tmp_path / "b-2022.docx", make_report("某某区交通运输局", 2022))
    told = []
    results = run_batch(expand_inputs([str(tmp_path)]), settings, jobs=1, engine=engine,
                        on_result=lambda i, r: told.append((i, [f.code for f in r.findings])))
    assert told == [(0, []), (1, []), (0, ["FK401"])]  # the later report again once compared
    assert [f.code for f in results[0].findings] == ["FK401"]


@pytest.mark.parametrize("as_summary", [False, True])
def test_an_explicit_previous_applies_to_every_input(tmp_path, settings, engine, as_summary):
    prev = engine.read(write(tmp_path / "old.docx", make_report(year=2020)), "old.docx")
    if as_summary:  # what `checker check --previous` hands on: read and summarised once
        prev = engine.summarise_document(prev)
        assert prev.findings == () and "FK401" in prev.summaries
    write(tmp_path / "x" / "a.docx", make_report(year=2023))
    results = run_batch(expand_inputs([str(tmp_path / "x")]), settings, jobs=1, engine=engine, previous=prev)
    assert [f.code for f in results[0].findings] == ["FK401"]
    assert results[0].metadata["previous"] == "old.docx"


def test_skipped_items_give_no_result(batch_dir, settings, engine):
    items = [i for i in expand_inputs([str(batch_dir)]) if i.skip]
    assert items and run_batch(items, settings, jobs=1, engine=engine) == []


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_progress_bar_changes_nothing_but_stderr(batch_dir, settings, engine, capsys, jobs):
    items = expand_inputs([str(batch_dir)])
    quiet = run_batch(items, settings, jobs=jobs, engine=engine)
    shown = run_batch(items, settings, jobs=jobs, engine=engine, progress=True)
    out, err = capsys.readouterr()
    assert shown == quiet and out == ""  # (rich draws nothing when stderr is not a terminal)


def test_common_folder():
    from checker.reporters.text import common_folder

    assert common_folder(["in/a.docx", "in/sub/b.docx", "in/z.zip/c.docx"]) == "in/"
    assert common_folder(["in/ab.docx", "in/ac.docx"]) == "in/"
    assert common_folder(["a.docx", "b.docx"]) == "" and common_folder(["in/a.docx"]) == ""


@pytest.mark.skipif(not hasattr(__import__("signal"), "setitimer"), reason="no SIGALRM on this platform")
def test_the_time_budget_also_holds_in_a_serial_run(tmp_path, settings, engine):
    write(tmp_path / "1-hang.docx", make_report(extra=("HANG-ANYWHERE",)))
    write(tmp_path / "2-good.docx", make_report())
    results = run_batch(expand_inputs([str(tmp_path)]), settings, jobs=1, engine=engine, timeout=6)
    assert [r.verdict() for r in results] == [Verdict.ERROR, Verdict.PASS]
    assert "exceeded the time budget of 6 s" in results[0].error


def test_a_bug_while_checking_one_file_costs_only_that_file(batch_dir, settings, engine, monkeypatch):
    real = engine.check_path

    def flaky(path, name=None, previous=None):
        if name and name.endswith("b-warn.docx"):
            raise KeyError("w:tbl")
        return real(path, name=name)

    monkeypatch.setattr(engine, "check_path", flaky)
    got = by_label(run_batch(expand_inputs([str(batch_dir)]), settings, jobs=1, engine=engine), batch_dir)
    assert got["b-warn.docx"].verdict() is Verdict.ERROR
    assert got["b-warn.docx"].error.startswith("internal error while checking (KeyError")
    assert "内部错误" in got["b-warn.docx"].findings[0].message.zh
    assert got["a-good.docx"].verdict() is Verdict.PASS and len(got) == len(EXPECTED)
