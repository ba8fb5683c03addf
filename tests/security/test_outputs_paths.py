"""Outputs where nobody asked (issue 17, item 5; issue 16, output paths).

Every output path is checked before any work: an input (by inode, links resolved), a
folder, a device, a symbolic link, two outputs on one path, or a place where no file
can be created are refused with one line naming the option and the path, exit 2, and
nothing is written; a missing folder is created (as ``ruff --output-file`` does).
"""

from __future__ import annotations

import os
from pathlib import Path

import hostile
import pytest

from checker.cli import main


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "report.docx"
    path.parent.mkdir()
    path.write_bytes(hostile.good_bytes())
    return path


def check(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["check", "--no-progress", "--lang", "en", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _refused(code: int, out: str, err: str, *words: str) -> None:
    assert code == 2, (code, err)
    assert out == ""  # refused before any work: no report on stdout
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "internal error" not in err and "Traceback" not in err
    for word in words:
        assert word in lines[0], lines[0]


@pytest.mark.parametrize("option", ["-o", "--report=json", "--report=csv", "--report=html"])
def test_an_output_on_the_input_is_refused_and_the_input_untouched(good, capsys, option):
    before = good.read_bytes()
    args = ["-o", str(good)] if option == "-o" else [f"{option}:{good}"]
    code, out, err = check(capsys, *args, str(good))
    _refused(code, out, err, str(good), "input")
    assert good.read_bytes() == before


def test_an_output_that_is_a_link_or_another_name_of_the_input_is_refused(good, tmp_path, capsys):
    before = good.read_bytes()
    link = tmp_path / "link.json"
    link.symlink_to(good)
    code, out, err = check(capsys, "--report", f"json:{link}", str(good))
    _refused(code, out, err, "link")
    hard = tmp_path / "hard.json"
    os.link(good, hard)
    code, out, err = check(capsys, "-o", str(hard), str(good))
    _refused(code, out, err, "input")
    assert good.read_bytes() == before


def test_an_input_found_in_a_folder_is_protected_too(good, capsys):
    code, out, err = check(capsys, "--report", f"json:{good}", str(good.parent))
    _refused(code, out, err, "input")


def test_a_device_a_folder_and_a_symbolic_link_are_refused(good, tmp_path, capsys):
    code, out, err = check(capsys, "--report", "csv:/dev/null", str(good))
    _refused(code, out, err, "/dev/null", "device")
    assert not Path("/dev/null-summary.csv").exists()
    code, out, err = check(capsys, "-o", str(tmp_path), str(good))
    _refused(code, out, err, "folder")
    target = tmp_path / "elsewhere.json"
    target.write_text("keep", encoding="utf-8")
    link = tmp_path / "out.json"
    link.symlink_to(target)
    code, out, err = check(capsys, "-o", str(link), str(good))
    _refused(code, out, err, "symbolic link")
    assert target.read_text(encoding="utf-8") == "keep"


def test_two_outputs_on_one_path_are_refused(good, tmp_path, capsys):
    out_path = tmp_path / "r.json"
    code, out, err = check(capsys, "-o", str(out_path), "--report", f"json:{out_path}", str(good))
    _refused(code, out, err, "same file")


def test_a_parent_that_is_a_file_is_refused_before_any_work(good, tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code, out, err = check(capsys, "--report", f"json:{blocker}/r.json", str(good))
    _refused(code, out, err, "not a folder")


def test_csv_writes_no_unrequested_summary(good, tmp_path, capsys):
    """`--report csv:x.docx` used to also write x-summary.docx: an input of that name was overwritten."""
    victim = tmp_path / "in" / "x-summary.docx"
    victim.write_bytes(hostile.good_bytes())
    before = victim.read_bytes()
    code, _, err = check(capsys, "--report", f"csv:{tmp_path / 'x.docx'}", str(good))
    assert code == 1, err
    assert victim.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "x.docx"]
    summary = tmp_path / "summary.csv"
    code, _, _ = check(capsys, "--report", f"csv-summary:{summary}", str(good))
    assert summary.read_bytes().startswith(b"\xef\xbb\xbffile,agency,year,profile,verdict")


@pytest.mark.parametrize("option", ["-o", "--report", "--annotate"])
def test_missing_folders_are_created_as_ruff_does(good, tmp_path, capsys, option):
    target = tmp_path / "new" / "deeper" / ("a.docx" if option == "--annotate" else "r.json")
    args = [option, f"json:{target}" if option == "--report" else str(target)]
    code, _, err = check(capsys, *args, str(good))
    assert code == 1, err
    assert target.is_file() and target.stat().st_size > 0
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temporary file left


def test_template_refuses_a_bad_output_before_writing(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code = main(["template", "--year", "2024", "--agency", "某某县财政局", "--lang", "en", "-o",
                 str(blocker / "x.docx")])
    _, err = capsys.readouterr()
    assert code == 2 and "internal error" not in err and "not a folder" in err, err
    code = main(["template", "--year", "2024", "--agency", "某某县财政局", "--lang", "en", "-o", "/dev/null"])
    _, err = capsys.readouterr()
    assert code == 2 and "device" in err, err
    out = tmp_path / "nodir" / "x.docx"
    code = main(["template", "--year", "2024", "--agency", "某某县财政局", "--lang", "en", "-o", str(out)])
    _, err = capsys.readouterr()
    assert code == 0 and out.is_file(), err


def test_errors_are_in_the_chosen_language(good, capsys):
    code = main(["check", "--no-progress", "--lang", "zh", "--report", f"json:{good}", str(good)])
    _, err = capsys.readouterr()
    assert code == 2 and "输入文件" in err, err


def test_annotate_with_two_inputs_is_refused_before_any_work(good, tmp_path, capsys):
    other = tmp_path / "in" / "other.docx"
    other.write_bytes(hostile.good_bytes())
    code, out, err = check(capsys, "--annotate", str(tmp_path / "a.docx"), str(good), str(other))
    _refused(code, out, err, "exactly one input")
    assert not (tmp_path / "a.docx").exists()
