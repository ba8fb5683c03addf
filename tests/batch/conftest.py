"""Fixtures for the batch tests: reports built with python-docx, a mixed batch folder,
settings that load the fake rules of ``fake_rules.py``."""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from checker.engine import Engine, Settings

HERE = Path(__file__).parent
FAKE_RULES = str(HERE / "fake_rules.py")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or (
    "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)


def make_report(agency: str = "某某区交通运输局", year: int = 2023, *, bad_cell: bool = False, warn: bool = False,
                extra: tuple[str, ...] = ()) -> bytes:
    """A small .docx carrying the markers that ``fake_rules`` react to."""
    import docx

    d = docx.Document()
    d.add_paragraph(f"{agency}{year}年政府信息公开工作年度报告")
    d.add_paragraph(f"AGENCY: {agency}")
    d.add_paragraph(f"YEAR: {year}")
    d.add_paragraph("五、存在的问题 WARNME" if warn else "五、存在的主要问题及改进情况")
    for text in extra:
        d.add_paragraph(text)
    t = d.add_table(rows=3, cols=3)
    values = [["项目", "本年", "上年"], ["收到申请", "7", "6"], ["总计", "BAD" if bad_cell else "7", "6"]]
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            t.cell(r, c).text = value
    t.cell(0, 1).merge(t.cell(0, 2)).text = "数量 <b>&amp;</b>"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def ole2_doc() -> bytes:
    """Just enough of a legacy Word .doc for the reader to recognise it (OLE2 + WordDocument stream)."""
    data = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + bytes(512))
    name = "WordDocument".encode("utf-16-le") + b"\x00\x00"
    data[512:512 + len(name)] = name
    data[512 + 64:512 + 66] = len(name).to_bytes(2, "little")
    return bytes(data)


def mark_encrypted(archive: bytes, name: str) -> bytes:
    """Set the "encrypted" flag of one member (zipfile cannot write encrypted members)."""
    data = bytearray(archive)
    raw = name.encode("utf-8")
    for sig, flag_at, name_at in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        i = data.find(sig)
        while i >= 0:
            if data[i + name_at:i + name_at + len(raw)] == raw:
                data[i + flag_at] |= 0x1
            i = data.find(sig, i + 4)
    return bytes(data)


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.fixture
def settings() -> Settings:
    return Settings(select=("FK",), plugins=(FAKE_RULES,))


@pytest.fixture
def engine(settings) -> Engine:
    return Engine(settings)


@pytest.fixture
def batch_dir(tmp_path: Path) -> Path:
    """A year's submissions as an office receives them: good, failing, broken, a lock
    file, a sub-folder and a zip. ``EXPECTED`` in test_batch.py lists the verdicts."""
    root = tmp_path / "incoming"
    write(root / "a-good.docx", make_report("甲市人民政府", 2023))
    write(root / "b-warn.docx", make_report("乙县人民政府", 2023, warn=True))
    write(root / "~$a-good.docx", b"\x0cWord lock file owner")
    write(root / "c-old.doc", ole2_doc())
    write(root / "d-empty.docx", b"")
    write(root / "e-corrupt.docx", b"PK\x03\x04 this is not really a zip archive")
    write(root / "f-scan.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")
    write(root / "notes.txt", "收件登记".encode())
    write(root / "sub" / "g-fail.docx", make_report("丙区交通运输局", 2023, bad_cell=True))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("丁镇/h-good.docx", make_report("丁镇人民政府", 2023))
        z.writestr("丁镇/i-fail.docx", make_report("戊局", 2023, bad_cell=True, warn=True))
        z.writestr("丁镇/~$i-fail.docx", b"lock")
        z.writestr("__MACOSX/丁镇/._h-good.docx", b"resource fork")
        z.writestr("readme.txt", "说明")
        z.writestr("丁镇/j-secret.docx", b"garbage")
    write(root / "submissions.zip", mark_encrypted(buf.getvalue(), "丁镇/j-secret.docx"))
    return root
