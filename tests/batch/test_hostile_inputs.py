"""Inputs that multiply the work or point elsewhere (issue 17, items 5, 7 and 8).

* an archive is opened once per batch, not once per member;
* entries of a top-level archive and of the zips inside it count against
  ``max-parts``, and a batch expands to at most ``MAX_BATCH_ARCHIVE_ENTRIES``;
* symbolic links met in a folder scan or a ``**`` pattern are not followed; one named
  on the command line is;
* a folder of thousands of other files is summed up on stderr, not listed;
* a file name that is not UTF-8 is labelled with escapes.
"""

from __future__ import annotations

import io
import os
import sys
import zipfile
from pathlib import Path

import pytest

from checker.batch import expand_inputs, inputs, run_batch
from checker.cli import main
from checker.reader.package import Limits

from .conftest import FAKE_RULES, make_report, write


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_an_archive_is_opened_once_not_once_per_member(tmp_path, settings, engine, monkeypatch):
    report = make_report()
    inner = _zip({f"inner-{i:02}.docx": report for i in range(10)})
    archive = write(tmp_path / "all.zip", _zip({**{f"r-{i:02}.docx": report for i in range(20)}, "sub/inner.zip": inner}))
    opened: list[str] = []
    real = inputs._open_zip

    def counting(fileobj, label, limits):
        opened.append(label)
        return real(fileobj, label, limits)

    monkeypatch.setattr(inputs, "_open_zip", counting)
    items = expand_inputs([str(archive)])
    assert len(opened) == 2  # the archive and the zip inside it, once each
    opened.clear()
    results = run_batch(items, settings, jobs=1, engine=engine)
    assert len(results) == 30 and all(r.error is None for r in results)
    # before: 30 openings of the archive, plus 10 of the inner zip
    assert len(opened) <= 2, opened


def test_nested_archives_count_against_max_parts(tmp_path):
    limits = Limits(max_parts=100)
    inner = _zip({f"r{i:03}.docx": b"x" for i in range(40)})
    archive = write(tmp_path / "nested.zip", _zip({"a.zip": inner, "b.zip": inner, "c.zip": inner}))
    items = expand_inputs([str(archive)], limits)
    errors = {os.path.basename(i.label): i.error for i in items if i.error}
    checked = [i for i in items if i.skip is None and i.error is None]
    assert len(checked) == 80  # a.zip and b.zip: 3 + 40 + 40 entries
    assert list(errors) == ["c.zip"] and "max-parts" in errors["c.zip"].en and "max-parts" in errors["c.zip"].zh


def test_a_batch_expands_to_a_bounded_number_of_archive_entries(tmp_path, monkeypatch):
    monkeypatch.setattr(inputs, "MAX_BATCH_ARCHIVE_ENTRIES", 50)
    one = write(tmp_path / "one.zip", _zip({f"r{i:02}.docx": b"x" for i in range(30)}))
    two = write(tmp_path / "two.zip", _zip({f"r{i:02}.docx": b"x" for i in range(30)}))
    items = expand_inputs([str(one), str(two)])
    assert sum(1 for i in items if i.error is None and i.skip is None) == 30
    [refused] = [i for i in items if i.error]
    assert refused.label.endswith("two.zip") and "50 entries" in refused.error.en and "50 个" in refused.error.zh


def test_nested_archives_count_their_bytes_against_max_total_bytes(tmp_path):
    inner = _zip({"r.docx": os.urandom(30_000)})
    archive = write(tmp_path / "nested.zip", _zip({"a.zip": inner, "b.zip": inner}))
    items = expand_inputs([str(archive)], Limits(max_total_bytes=len(inner) + 1000))
    errors = [i for i in items if i.error]
    assert [os.path.basename(i.label) for i in errors] == ["b.zip"]
    assert "max-total-bytes" in errors[0].error.en and "合计超过" in errors[0].error.zh


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symbolic links")
def test_links_found_in_folders_and_patterns_are_not_followed(tmp_path):
    secret = write(tmp_path / "private" / "secret.docx", make_report("秘密"))
    write(tmp_path / "private" / "deep" / "other.docx", make_report("其他"))
    root = tmp_path / "incoming"
    write(root / "a.docx", make_report())
    (root / "link.docx").symlink_to(secret)
    (root / "linked-folder").symlink_to(tmp_path / "private", target_is_directory=True)

    def checked(items):
        return sorted(os.path.relpath(i.path, tmp_path) for i in items if i.skip is None)

    items = expand_inputs([str(root)])
    assert checked(items) == ["incoming/a.docx"]
    notes = {os.path.basename(i.label): i.skip for i in items if i.skip}
    assert "symbolic link" in notes["link.docx"] and "symbolic link" in notes["linked-folder"]
    assert checked(expand_inputs([str(root / "**" / "*.docx")])) == ["incoming/a.docx"]
    # named on the command line: the user chose it
    assert checked(expand_inputs([str(root / "link.docx")])) == ["incoming/link.docx"]
    assert len(checked(expand_inputs([str(root / "linked-folder")]))) == 2


def test_thousands_of_other_files_are_summed_up(tmp_path, capsys):
    root = tmp_path / "incoming"
    root.mkdir()
    for i in range(20_000):
        (root / f"scan-{i:05}.jpg").touch()
    write(root / "a.docx", make_report())
    code = main(["check", "--plugin", FAKE_RULES, "--select", "FK", "--no-progress", "--lang", "en",
                 "--output-format", "json", str(root)])
    _, err = capsys.readouterr()
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 0
    assert len(lines) <= 12, len(lines)
    assert "19990 more files skipped" in lines[-1], lines[-1]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="file names that are not UTF-8")
def test_a_name_that_is_not_utf8_is_labelled_with_escapes(tmp_path, capsys):
    root = tmp_path / "incoming"
    root.mkdir()
    raw = os.path.join(os.fsencode(root), "某局".encode("gbk") + b".docx")
    with open(raw, "wb") as fh:
        fh.write(make_report())
    [item] = expand_inputs([str(root)])
    assert "\\udc" in item.label and os.path.exists(item.path)
    item.label.encode("utf-8")  # printable everywhere
    code = main(["check", "--plugin", FAKE_RULES, "--select", "FK", "--no-progress", str(root)])
    out, err = capsys.readouterr()
    assert code == 0 and "internal error" not in err and "\\udc" in out
