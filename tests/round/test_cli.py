"""The round's options on the command line: one-line errors, nothing stored unless asked."""

from __future__ import annotations

import json
from pathlib import Path

from checker.cli import main

from .conftest import fake_args, make_report, write


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_out_dir_holding_an_input_is_refused_before_any_work(tmp_path: Path, capsys):
    write(tmp_path / "收件" / "a.docx", make_report())
    code, out, err = run(capsys, "check", str(tmp_path / "收件"), "--out-dir", str(tmp_path), *fake_args())
    assert code == 2 and out == ""
    assert err.startswith("checker: error: --out-dir") and "holds the input" in err and len(err.splitlines()) == 1
    assert sorted(p.name for p in (tmp_path / "收件").iterdir()) == ["a.docx"]
    code, out, err = run(capsys, "check", str(tmp_path / "收件"), "--out-dir", str(tmp_path / "收件" / "结果"),
                         *fake_args())
    assert code == 2 and "is inside the input folder" in err and not (tmp_path / "收件" / "结果").exists()


def test_a_foreign_store_is_refused_in_one_line_and_left_alone(tmp_path: Path, capsys):
    write(tmp_path / "a.docx", make_report())
    store = tmp_path / "notes.db"
    store.write_text("not a database", encoding="utf-8")
    code, out, err = run(capsys, "check", str(tmp_path / "a.docx"), "--store", str(store), *fake_args())
    assert code == 2 and len(err.splitlines()) == 1 and "not a checker store" in err
    assert store.read_text(encoding="utf-8") == "not a database"
    code, out, err = run(capsys, "history", "--store", str(store))
    assert code == 2 and "not a checker store" in err


def test_nothing_is_stored_unless_configured(tmp_path: Path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a.docx", make_report())
    code, out, err = run(capsys, "check", "a.docx", *fake_args())
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx"]
    code, out, err = run(capsys, "history")
    assert code == 2 and "no store" in err


def test_bad_roster_and_year_are_one_line_errors(tmp_path: Path, capsys):
    write(tmp_path / "a.docx", make_report())
    code, _, err = run(capsys, "check", str(tmp_path / "a.docx"), "--roster", str(tmp_path / "none.csv"), *fake_args())
    assert code == 2 and "--roster" in err and "no such file" in err and len(err.splitlines()) == 1
    (tmp_path / "checker.yaml").write_text("year: 24\n", encoding="utf-8")
    code, _, err = run(capsys, "check", str(tmp_path / "a.docx"), "--config", str(tmp_path / "checker.yaml"),
                       *fake_args())
    assert code == 2 and "year" in err and len(err.splitlines()) == 1


def test_year_without_roster_flags_the_wrong_year_and_counts_it(tmp_path: Path, capsys):
    write(tmp_path / "a.docx", make_report("某局", 2023))
    write(tmp_path / "b.docx", make_report("某局", 2024))
    report = tmp_path / "out" / "r.json"
    report.parent.mkdir()
    code, out, err = run(capsys, "check", str(tmp_path / "a.docx"), str(tmp_path / "b.docx"), "--year", "2024",
                         "--report", f"json:{report}", "--report", f"round-json:{tmp_path / 'out' / 'r-round.json'}",
                         *fake_args())
    data = json.loads(report.read_text(encoding="utf-8"))
    rnd = json.loads((tmp_path / "out" / "r-round.json").read_text(encoding="utf-8"))
    assert code == 1
    a = next(f for f in data["files"] if f["path"].endswith("a.docx"))
    assert [f["code"] for f in a["findings"]] == ["RND001"]
    assert a["findings"][0]["message"]["zh"].startswith("这是 2023 年度的报告")
    assert rnd["counts"]["wrong_year"] == 1 and rnd["roster"] is None
    assert "another year (1)" in out or "年度不符 (1)" in out


def test_round_reports_need_a_round(tmp_path: Path, capsys):
    write(tmp_path / "a.docx", make_report())
    code, _, err = run(capsys, "check", str(tmp_path / "a.docx"), "--report", f"round-json:{tmp_path / 'r.json'}",
                       *fake_args())
    assert code == 2 and "round-json" in err and not (tmp_path / "r.json").exists()


def test_history_in_text_and_json(tmp_path: Path, capsys):
    db = str(tmp_path / "s.db")
    write(tmp_path / "1" / "a.docx", make_report("某局", 2024, bad_cell=True))
    write(tmp_path / "2" / "a.docx", make_report("某局", 2024))
    assert main(["check", str(tmp_path / "1"), "--store", db, *fake_args()]) == 1
    assert main(["check", str(tmp_path / "2"), "--store", db, *fake_args()]) == 0
    capsys.readouterr()
    code, out, _ = run(capsys, "history", "--store", db, "--lang", "en")
    assert code == 0 and "1 fixed, 0 still open, 0 new" in out and "fixed: FK101" in out
    code, out, _ = run(capsys, "history", "--store", db, "--output-format", "json", "--body", "某局", "--year", "2024")
    bodies = json.loads(out)["bodies"]
    assert len(bodies) == 1 and [s["verdict"] for s in bodies[0]["submissions"]] == ["fail", "pass"]


def test_storing_in_chunks_still_pairs_consecutive_years(tmp_path: Path, capsys):
    """With a store the batch runs in chunks (here one file each); last year's report of the same
    agency is still found and the stored row is the paired result, as an unchunked run gives."""
    write(tmp_path / "in" / "1-2023.docx", make_report("某区交通运输局", 2023))
    write(tmp_path / "in" / "2-other.docx", make_report("某区财政局", 2024))
    write(tmp_path / "in" / "3-2024.docx", make_report("某区交通运输局", 2024))
    plain = tmp_path / "plain.json"
    stored = tmp_path / "stored.json"
    main(["check", str(tmp_path / "in"), "--jobs", "1", "--report", f"json:{plain}", *fake_args()])
    main(["check", str(tmp_path / "in"), "--jobs", "1", "--store", str(tmp_path / "s.db"), "--report", f"json:{stored}",
          *fake_args()])
    capsys.readouterr()
    a, b = (json.loads(p.read_text(encoding="utf-8"))["files"] for p in (plain, stored))
    assert [f["findings"] for f in a] == [f["findings"] for f in b]
    assert b[2]["metadata"]["previous"].endswith("1-2023.docx")
    from checker.round.store import Store

    with Store.open(str(tmp_path / "s.db")) as store:
        rows = store.files()
        assert len(rows) == 3
        assert [f["code"] for f in store.findings_of(rows[2]["id"])] == [f["code"] for f in b[2]["findings"]]


def test_out_dir_for_archive_members(tmp_path: Path, capsys):
    import zipfile

    archive = tmp_path / "街道.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("甲街道.docx", make_report("甲街道办事处", 2024, bad_cell=True))
    code, out, err = run(capsys, "check", str(archive), "--out-dir", str(tmp_path / "out"), *fake_args())
    assert code == 1, err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["甲街道办事处_2024.docx", "甲街道办事处_2024.html"]
    import docx

    comments = docx.Document(str(tmp_path / "out" / "甲街道办事处_2024.docx")).part.package.parts
    assert any("comments" in str(p.partname) for p in comments)
