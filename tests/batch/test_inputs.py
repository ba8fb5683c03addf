"""Expanding command-line arguments into inputs: folders, globs, archives, skips, order."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from checker.batch import expand_inputs
from checker.batch.inputs import InputItem, read_member
from checker.errors import InputError
from checker.reader.package import Limits

from .conftest import make_report, write


def labels(items, root: Path, *, skipped: bool = False) -> list[str]:
    return [os.path.relpath(i.label, root).replace(os.sep, "/") for i in items if (i.skip is not None) == skipped]


def test_mixed_folder_gives_one_item_per_report_in_a_stable_order(batch_dir: Path):
    items = expand_inputs([str(batch_dir)])
    assert labels(items, batch_dir) == [
        "a-good.docx", "b-warn.docx", "c-old.doc", "d-empty.docx", "e-corrupt.docx", "f-scan.pdf",
        "submissions.zip/丁镇/h-good.docx", "submissions.zip/丁镇/i-fail.docx", "submissions.zip/丁镇/j-secret.docx",
        "sub/g-fail.docx",
    ]
    assert expand_inputs([str(batch_dir)]) == items  # stable


def test_lock_files_and_other_files_are_skipped_with_a_note(batch_dir: Path):
    items = expand_inputs([str(batch_dir)])
    skipped = {os.path.relpath(i.label, batch_dir).replace(os.sep, "/"): i for i in items if i.skip}
    assert set(skipped) == {"notes.txt", "~$a-good.docx", "submissions.zip/readme.txt", "submissions.zip/丁镇/~$i-fail.docx"}
    assert "lock file" in skipped["~$a-good.docx"].skip
    assert "锁定文件" in skipped["~$a-good.docx"].skip_note("zh")
    assert "not a report" in skipped["notes.txt"].skip_note("en")
    # macOS resource forks in archives are not reports and not worth a note
    assert not any("__MACOSX" in i.label for i in items)


def test_archive_members_are_labelled_inside_the_archive(batch_dir: Path):
    items = [i for i in expand_inputs([str(batch_dir / "submissions.zip")]) if i.skip is None]
    good = items[0]
    assert good.label.endswith("submissions.zip/丁镇/h-good.docx")
    assert good.path == str(batch_dir / "submissions.zip")
    assert good.member == ("丁镇/h-good.docx",)
    assert read_member(good)[:2] == b"PK"
    secret = items[-1]
    assert secret.error and "encrypted" in secret.error.en and "密码" in secret.error.zh


def test_duplicates_are_removed_whatever_the_spelling(batch_dir: Path):
    a = str(batch_dir / "a-good.docx")
    items = expand_inputs([a, str(batch_dir / "." / "a-good.docx"), str(batch_dir / "*.docx"), str(batch_dir)])
    checked = [i for i in items if i.skip is None]
    assert len([i for i in checked if os.path.basename(i.label) == "a-good.docx"]) == 1
    assert checked[0].label == a  # the first spelling wins


def test_glob_patterns_are_expanded_here(batch_dir: Path):
    items = expand_inputs([str(batch_dir / "**" / "*fail.docx")])
    assert labels(items, batch_dir) == ["sub/g-fail.docx"]
    none = expand_inputs([str(batch_dir / "*.nothing")])
    assert none[0].skip == "the pattern matches no file"


def test_explicit_files_are_checked_whatever_their_name(batch_dir: Path):
    items = expand_inputs([str(batch_dir / "notes.txt"), str(batch_dir / "missing.docx")])
    assert [i.skip for i in items] == [None, None]  # the reader gives each its reason


def test_nested_zip(tmp_path: Path):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("r.docx", make_report())
    outer = tmp_path / "all.zip"
    with zipfile.ZipFile(outer, "w") as z:
        z.writestr("district/inner.zip", inner.getvalue())
    items = expand_inputs([str(outer)])
    assert [os.path.relpath(i.label, tmp_path).replace(os.sep, "/") for i in items] == ["all.zip/district/inner.zip/r.docx"]
    assert items[0].member == ("district/inner.zip", "r.docx")
    assert read_member(items[0])[:2] == b"PK"


def test_gbk_member_names_from_chinese_windows_are_readable(tmp_path: Path):
    # Windows' "send to compressed folder" stores GBK names without the UTF-8 flag
    archive = tmp_path / "gbk.zip"
    gbk = "报告.docx".encode("gbk")
    placeholder = b"X" * (len(gbk) - 5) + b".docx"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(placeholder.decode(), make_report())
    archive.write_bytes(archive.read_bytes().replace(placeholder, gbk))
    items = expand_inputs([str(archive)])
    assert items[0].label.endswith("gbk.zip/报告.docx")
    assert read_member(items[0])[:2] == b"PK"


def test_a_zip_bomb_member_stops_at_the_cap(tmp_path: Path):
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("big.docx", b"\0" * (2 * 1024 * 1024))
    item = expand_inputs([str(archive)])[0]
    with pytest.raises(InputError, match="too large|bomb"):
        read_member(item, Limits(max_file_bytes=64 * 1024))
    # a member that lies about its size is stopped while streaming
    data = bytearray(archive.read_bytes())
    claimed = (1000).to_bytes(4, "little")
    cd = data.find(b"PK\x01\x02")
    data[cd + 24:cd + 28] = claimed  # uncompressed size in the central directory
    archive.write_bytes(bytes(data))
    item = expand_inputs([str(archive)])[0]
    with pytest.raises(InputError):
        read_member(item, Limits(max_file_bytes=64 * 1024))


def test_a_broken_archive_is_one_error_item(tmp_path: Path):
    bad = write(tmp_path / "broken.zip", b"PK\x05\x06 not really")
    items = expand_inputs([str(bad)])
    assert len(items) == 1 and items[0].error and "zip" in items[0].error.en and "压缩包" in items[0].error.zh


def test_input_items_are_picklable():
    import pickle

    item = InputItem("a.zip/b.docx", "a.zip", member=("b.docx",))
    assert pickle.loads(pickle.dumps(item)) == item


def test_only_stored_or_deflated_archive_members_are_read(tmp_path: Path):
    # zipfile gives the bzip2/LZMA decompressors no output bound: such members are refused unread
    archive = tmp_path / "bz.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_BZIP2) as z:
        z.writestr("r.docx", make_report())
    [item] = expand_inputs([str(archive)])
    assert item.error and "compression method 12" in item.error.en and "压缩方式 12" in item.error.zh
    with pytest.raises(InputError, match="compression method"):
        read_member(item)


def test_labels_escape_control_characters_in_file_names(tmp_path: Path):
    name = "evil\nchecker: fake.docx: all good\x1b[2J.docx"
    write(tmp_path / "in" / name, b"")
    for arg in (str(tmp_path / "in"), str(tmp_path / "in" / name)):
        [item] = expand_inputs([arg])
        assert "\n" not in item.label and "\x1b" not in item.label and "\\u000a" in item.label
        assert item.path == str(tmp_path / "in" / name)  # the file itself is still found


def test_an_explicit_folder_named_like_a_report_is_given_to_the_reader(tmp_path: Path):
    folder = tmp_path / "x.docx"
    folder.mkdir()
    assert expand_inputs([str(folder)]) == [InputItem(str(folder), str(folder))]
