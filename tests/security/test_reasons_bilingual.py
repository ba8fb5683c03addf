"""An unreadable input's reason is bilingual where it is made, not translated afterwards.

The reader (``checker.reader``) and the archive expansion (``checker.batch.inputs``) used
to raise English-only reasons that got their Chinese from a table of regular expressions
(``checker.reasons``) matched against the English, often a coarse one ("文件过大或结构异常"
for a DOCTYPE, a compression method and a bomb alike). Each broken input below goes
through the real pipeline (the engine, or the batch's expansion and ``check_item``) with
that table emptied: the Chinese of the finding must still be the raise site's own, and
the English unchanged (the JSON ``error`` field and the English finding keep it).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Callable

import hostile
import pytest
from lxml import etree

from checker import reasons
from checker.batch import inputs
from checker.batch.inputs import InputItem, expand_inputs
from checker.batch.runner import check_item
from checker.engine import Engine, Settings
from checker.findings import FileResult
from checker.reader.package import Limits


@pytest.fixture
def no_fallback(monkeypatch):
    """As if the English-to-Chinese table were deleted: a reason that still leaned on it
    would come out as ``无法读取文件（<English>）`` with no Chinese of its own."""
    monkeypatch.setattr(reasons, "_REASONS_ZH", [])


def _docx_part_replaced(part: str, data: bytes) -> bytes:
    return hostile.edit(None, {part: data})


def _nested_tables(depth: int) -> bytes:
    return hostile.nested_tables(depth)


def _bzip2_docx() -> bytes:
    return hostile.rezip(hostile.members(hostile.good_bytes()), zipfile.ZIP_BZIP2)


def _huge_text_node() -> bytes:
    body = b"<w:p><w:r><w:t>" + b"x" * (11 * 1024 * 1024) + b"</w:t></w:r></w:p>"
    return _docx_part_replaced("word/document.xml", hostile.DOC_OPEN + body + hostile.DOC_CLOSE)


#: name -> (the file's bytes, its name, the limits, a piece of the site's Chinese, of its English)
READER_CASES: dict[str, tuple[Callable[[], bytes], str, Limits, str, str]] = {
    "encrypted .docx (OLE2)": (
        lambda: hostile.ole2({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"\x00" * 64}),
        "a.docx", Limits(), "设置了打开密码", "password-protected"),
    "Word 97-2003 .doc": (hostile.legacy_doc, "a.docx", Limits(), "旧版 Word 97-2003 .doc", "Word 97-2003"),
    ".doc renamed .wps": (hostile.legacy_doc, "a.wps", Limits(), "这是 WPS .wps 文件", "a WPS .wps file"),
    "Works .wps": (hostile.works_wps, "a.docx", Limits(), "WPS／Works .wps", "WPS/Works"),
    "other OLE2": (lambda: hostile.ole2({"Workbook": b"\x09\x08"}), "a.docx", Limits(), "旧版 Office（OLE2）", "OLE2"),
    "bzip2 parts": (_bzip2_docx, "a.docx", Limits(), "zip 压缩方式 12", "compression method 12"),
    "too many parts declared": (hostile.good_bytes, "a.docx", Limits(max_parts=3), "部件过多（声明了", "declared"),
    "a part bomb": (hostile.good_bytes, "a.docx", Limits(max_part_bytes=2000), "解压后超过 2000 字节", "max-part-bytes"),
    "a package bomb": (hostile.good_bytes, "a.docx", Limits(max_total_bytes=60_000), "文件包解压后超过 60000 字节",
                       "max-total-bytes"),
    "too many elements in a part": (hostile.good_bytes, "a.docx", Limits(max_xml_elements=40), "XML 元素过多",
                                    "max-xml-elements"),
    "too many elements in all": (hostile.good_bytes, "a.docx", Limits(max_total_xml_elements=400), "元素合计过多",
                                 "max-total-xml-elements"),
    "an encoding .docx does not allow": (
        lambda: _docx_part_replaced("word/document.xml", b'<?xml version="1.0" encoding="EBCDIC-US"?><w:document/>'),
        "a.docx", Limits(), "使用 EBCDIC-US 编码", "encoded in EBCDIC-US"),
    "a DOCTYPE": (hostile.xxe, "a.docx", Limits(), "声明了 DOCTYPE 或实体", "DOCTYPE"),
    "nesting past the parser's limit": (lambda: _nested_tables(3000), "a.docx", Limits(), "XML 嵌套超过 256 层",
                                        "deeper than 256"),
    "nesting past the configured limit": (lambda: _nested_tables(12), "a.docx", Limits(max_xml_depth=20),
                                          "XML 嵌套超过 20 层", "deeper than 20"),
    "malformed XML": (hostile.malformed_xml, "a.docx", Limits(), "word/document.xml 中的 XML 格式错误",
                      "malformed XML in word/document.xml"),
    "a text node past the parser's size limit": (_huge_text_node, "a.docx", Limits(), "超出 XML 解析器的大小限制",
                                                 "size limits"),
    "a row wider than the limit": (hostile.good_bytes, "a.docx", Limits(max_table_columns=3), "表1 有一行宽",
                                   "table 1 has a row"),
    "tables past the grid budget": (hostile.good_bytes, "a.docx", Limits(max_table_slots=10), "单元格超过 10 个（在表1",
                                    "more than 10 grid cells"),
}


def _only_finding(result: FileResult) -> tuple[str, str]:
    assert result.error is not None and [f.code for f in result.findings] == ["CHK001"], result
    message = result.findings[0].message
    return message.zh, message.en


def _site_made(zh: str, piece: str) -> None:
    assert zh.startswith("无法读取文件：") and piece in zh, zh  # "无法读取文件（…）" = no Chinese of its own


@pytest.mark.usefixtures("no_fallback")
@pytest.mark.parametrize("case", sorted(READER_CASES))
def test_the_readers_reasons_carry_their_own_chinese(case):
    build, name, limits, zh_piece, en_piece = READER_CASES[case]
    result = Engine(Settings(limits=limits)).check_bytes(build(), name)
    zh, en = _only_finding(result)
    _site_made(zh, zh_piece)
    assert en_piece in en and en_piece in result.error, (en, result.error)


# --- archives ----------------------------------------------------------------------------


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _mark_encrypted(archive: bytes, name: str) -> bytes:
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


def _bad_crc(archive: bytes, name: str) -> bytes:
    """Flip a byte of one stored member's data: reading it fails the CRC check."""
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        info = z.getinfo(name)
    data = bytearray(archive)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start] ^= 0xFF
    return bytes(data)


def _checked(tmp_path: Path, archive: bytes, limits: Limits = Limits()) -> list[FileResult]:
    path = tmp_path / "submissions.zip"
    path.write_bytes(archive)
    engine = Engine(Settings(limits=limits))
    items = [i for i in expand_inputs([str(path)], limits) if i.skip is None]
    assert items, "the archive expanded to nothing to check"
    return [check_item(engine, item) for item in items]


REPORT = hostile.good_bytes()

ARCHIVE_CASES: dict[str, tuple[Callable[[], bytes], Limits, str, str]] = {
    "too many entries": (lambda: _zip({f"{i}.docx": b"" for i in range(6)}), Limits(max_parts=3),
                         "压缩包条目过多（6 个", "archive has too many entries (6"),
    "not a zip": (lambda: b"PK\x03\x04 this is no archive" * 10, Limits(), "不是有效的 .zip 压缩包",
                  "not a valid .zip archive"),
    "an encrypted member": (lambda: _mark_encrypted(_zip({"乙局.docx": REPORT}), "乙局.docx"), Limits(),
                            "压缩包中的该文件设置了密码", "encrypted (password-protected) archive entry"),
    "a bzip2 member": (lambda: _zip({"a.docx": REPORT}, zipfile.ZIP_BZIP2), Limits(),
                       "只能读取不压缩或 deflate 压缩的文件", "compression method 12"),
    "a member past max-file-bytes": (lambda: _zip({"a.docx": REPORT}), Limits(max_file_bytes=1000),
                                     "文件过大（", "file too large"),
    "a member failing its CRC": (lambda: _bad_crc(_zip({"a.docx": REPORT}, zipfile.ZIP_STORED), "a.docx"), Limits(),
                                 "无法从压缩包中解压该文件", "cannot extract from the archive"),
    "nested archives past max-parts": (
        lambda: _zip({"inner.zip": _zip({f"{i}.docx": REPORT for i in range(4)}), "b.docx": REPORT}),
        Limits(max_parts=5), "压缩包（含其中的压缩包）条目过多", "counting the archives inside it"),
    "nested archives past max-total-bytes": (
        lambda: _zip({"inner.zip": _zip({"a.docx": REPORT}, zipfile.ZIP_STORED), "b.docx": REPORT}),
        Limits(max_total_bytes=len(REPORT) // 2), "压缩包中的压缩包解压后合计超过", "the archives inside this archive"),
}


@pytest.mark.usefixtures("no_fallback")
@pytest.mark.parametrize("case", sorted(ARCHIVE_CASES))
def test_the_archive_expansions_reasons_carry_their_own_chinese(case, tmp_path):
    build, limits, zh_piece, en_piece = ARCHIVE_CASES[case]
    results = _checked(tmp_path, build(), limits)
    refused = [r for r in results if r.error is not None and en_piece in r.error]
    assert len(refused) == 1, [r.error for r in results]
    zh, en = _only_finding(refused[0])
    _site_made(zh, zh_piece)
    assert en_piece in en


@pytest.mark.usefixtures("no_fallback")
def test_a_batch_past_its_archive_budget(tmp_path, monkeypatch):
    monkeypatch.setattr(inputs, "MAX_BATCH_ARCHIVE_ENTRIES", 3)
    results = _checked(tmp_path, _zip({f"{i}.docx": REPORT for i in range(5)}))
    zh, _en = _only_finding(results[0])
    _site_made(zh, "本次检查的压缩包条目总数超过 3 个")


@pytest.mark.usefixtures("no_fallback")
def test_a_member_that_went_away(tmp_path):
    """The archive changed (or vanished) between the expansion and the check."""
    path = tmp_path / "submissions.zip"
    path.write_bytes(_zip({"a.docx": REPORT}))
    engine = Engine(Settings())
    gone = check_item(engine, InputItem(label="submissions.zip/b.docx", path=str(path), member=("b.docx",)))
    _site_made(_only_finding(gone)[0], "压缩包中找不到该文件")
    missing = check_item(engine, InputItem(label="old.zip/a.docx", path=str(tmp_path / "old.zip"), member=("a.docx",)))
    zh, en = _only_finding(missing)
    _site_made(zh, "无法打开压缩包")
    assert en.startswith("cannot read the file: cannot open the archive")


@pytest.mark.usefixtures("no_fallback")
def test_fix_names_a_missing_file_in_chinese(capsys, tmp_path, monkeypatch):
    from checker.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["fix", "gone.docx", "--diff", "--lang", "zh"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "checker：错误：gone.docx：文件不存在（no such file）", err


def test_what_the_fallback_is_still_for():
    """The table keeps the legacy-format reasons checker.round.session still writes in
    English (a round without a converter); a reason nobody knows keeps its English."""
    from checker.round.session import _reader_reason

    for fmt in ("doc", "wps", "rtf", "odt"):
        assert "另存为" in reasons.bilingual_reason(_reader_reason(None, fmt)).zh, fmt
    assert reasons.bilingual_reason("a reason from a third-party plugin").zh == ""


def test_xml_parser_limits_in_both_languages():
    """libxml2's own words (English) stay after ours: they are for support."""
    from checker.reader.package import _xml_error_reason

    exc = etree.XMLSyntaxError("xmlSAX2Characters: huge text node", 1, 1, 1)
    reason = _xml_error_reason("word/document.xml", exc)
    assert reason.zh.startswith("部件 word/document.xml 超出 XML 解析器的大小限制") and "huge text node" in reason.zh
