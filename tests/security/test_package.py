"""API-level tests of the trust boundary: open_package / Package.read / Package.xml.

Each hostile input must raise InputError with a one-line reason naming the file,
quickly, without reading anything it should not. Resource figures (time, memory)
of the whole command are asserted in test_cli.py.
"""

from __future__ import annotations

import hashlib
import http.server
import io
import os
import struct
import threading
import warnings
import zipfile
from pathlib import Path

import hostile
import pytest
from lxml import etree

from checker.errors import ConfigError, InputError
from checker.reader import package as pkgmod
from checker.reader.package import Limits, open_package

PARTS = ("word/document.xml", "word/styles.xml")


def open_all(data, name="report.docx", limits=Limits()):
    pkg = open_package(data, name=name, limits=limits)
    for part in PARTS:
        if pkg.has(part):
            pkg.xml(part)
    return pkg


def refused(data, name="report.docx", limits=Limits()) -> str:
    with pytest.raises(InputError) as info:
        open_all(data, name, limits)
    msg = str(info.value)
    assert msg.startswith(name + ": "), msg
    assert "\n" not in msg and "\r" not in msg and "\x1b" not in msg, msg
    assert "Traceback" not in msg
    return msg


@pytest.mark.parametrize("case", sorted(hostile.BROKEN))
def test_broken_inputs_get_a_one_line_reason(case, bomb_bytes):
    build, expected = hostile.BROKEN[case]
    data = bomb_bytes if case == "bomb" else build()
    assert expected in refused(data, name=f"{case}.docx")


def test_good_corpus_opens():
    for f in sorted(hostile.CORPUS.glob("*.docx")):
        open_all(f)


def test_paths_with_spaces_and_chinese_characters(tmp_path):
    good = tmp_path / "2024年 政府信息公开 工作年度报告.docx"
    good.write_bytes(hostile.good_bytes())
    open_all(good)
    bad = tmp_path / "淮安 市 报告（副本）.docx"
    bad.write_bytes(hostile.truncated_zip())
    assert refused(bad, name=str(bad)).startswith(str(bad))


def test_folder_named_docx(tmp_path):
    (tmp_path / "x.docx").mkdir()
    assert "folder" in refused(tmp_path / "x.docx", name="x.docx")


def test_missing_file(tmp_path):
    assert "no such file" in refused(tmp_path / "gone.docx", name="gone.docx")


def test_unreadable_file_simulated(tmp_path, monkeypatch):
    f = tmp_path / "locked.docx"
    f.write_bytes(hostile.good_bytes())

    def deny(path, *a, **k):
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(pkgmod.os, "open", deny)
    assert "permission denied" in refused(f, name="locked.docx")


@pytest.mark.skipif(os.name != "posix", reason="chmod semantics")
def test_unreadable_file_for_real(tmp_path):
    f = tmp_path / "locked.docx"
    f.write_bytes(hostile.good_bytes())
    f.chmod(0)
    try:
        if os.access(f, os.R_OK):
            pytest.skip("running as root: chmod 000 does not stop root (see test_unreadable_file_simulated "
                        "and the CLI test run as another user)")
        assert "permission denied" in refused(f, name="locked.docx")
    finally:
        f.chmod(0o600)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_named_docx_does_not_block(tmp_path):
    fifo = tmp_path / "pipe.docx"
    os.mkfifo(fifo)
    assert "not a regular file" in refused(fifo, name="pipe.docx")


def test_device_is_refused():
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    assert "not a regular file" in refused("/dev/zero", name="/dev/zero")


def test_input_file_is_not_modified(tmp_path):
    for name, data in [("good.docx", hostile.good_bytes()), ("bad.docx", hostile.malformed_xml())]:
        f = tmp_path / name
        f.write_bytes(data)
        os.utime(f, (1_000_000_000, 1_000_000_000))
        before = (hashlib.sha256(f.read_bytes()).hexdigest(), f.stat().st_mtime, f.stat().st_mode)
        try:
            open_all(f)
        except InputError:
            pass
        assert (hashlib.sha256(f.read_bytes()).hexdigest(), f.stat().st_mtime, f.stat().st_mode) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.docx", "good.docx"]


# --- the file and the zip ----------------------------------------------------------


def test_file_size_cap():
    assert "max-file-bytes" in refused(hostile.good_bytes(), limits=Limits(max_file_bytes=1000))


def test_file_size_cap_on_path(tmp_path):
    f = tmp_path / "big.docx"
    f.write_bytes(hostile.good_bytes())
    assert "max-file-bytes" in refused(f, name="big.docx", limits=Limits(max_file_bytes=1000))


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"{\\rtf1\\ansi hello}", "RTF"),
        (b"<html><body>report</body></html>", "web page"),
        (b"MIME-Version: 1.0\r\nContent-Type: multipart/related", "web page"),
        (b'<?xml version="1.0"?><?mso-application progid="Word.Document"?><pkg:package>', "flat XML"),
        (b"\x00" * 10, "not a zip"),
    ],
)
def test_other_formats_renamed(data, expected):
    assert expected in refused(data)


def test_other_office_zips():
    assert "Excel" in refused(hostile.rezip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>"}))
    assert "PowerPoint" in refused(hostile.rezip({"ppt/presentation.xml": b"<p/>"}))
    assert "OpenDocument" in refused(hostile.rezip({"mimetype": b"application/vnd.oasis.opendocument.text",
                                                    "content.xml": b"<c/>"}))


def test_encrypted_docx_crafted_is_told_from_legacy_doc():
    crafted = hostile.ole2({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"\x00" * 64})
    assert "password-protected" in refused(crafted)
    assert "Word 97-2003 .doc" in refused(hostile.legacy_doc())
    assert "Word 97-2003" not in refused(hostile.encrypted_docx())


def test_legacy_doc_renamed_wps_is_named_wps():
    assert "a WPS .wps file" in refused(hostile.legacy_doc(), name="report.wps")


def test_ole_stream_name_in_text_is_not_a_false_match():
    # the word "EncryptedPackage" in the text of a .doc, not aligned as a directory entry
    text = ("x" + "EncryptedPackage").encode("utf-16-le") + b"\0\0"
    assert "Word 97-2003" in refused(hostile.ole2({"WordDocument": text}))


def test_truncated_everywhere_is_an_input_error():
    data = hostile.good_bytes()
    for cut in range(0, len(data), 97):
        with pytest.raises(InputError):
            open_all(data[:cut])


def test_lying_sizes_are_not_trusted():
    refused(hostile.lying_sizes())  # claimed 10 bytes: zipfile stops there and the CRC fails


def test_lying_sizes_cannot_hide_a_bomb(bomb_bytes):
    lying = hostile.lying_sizes(bomb_bytes)
    with zipfile.ZipFile(io.BytesIO(lying)) as z:  # a check of claimed sizes would pass it...
        assert max(i.file_size for i in z.infolist()) == 10
    refused(lying)  # ...reading stops at the claim and the CRC fails, or at our own cap


def test_bomb_in_another_part_is_stopped():
    data = hostile.bomb(gib=1, part="word/styles.xml")
    assert "word/styles.xml expands beyond" in refused(data)


def test_total_cap_over_several_parts():
    size = len(hostile.members(hostile.good_bytes())["word/document.xml"])
    limits = Limits(max_part_bytes=1 << 20, max_total_bytes=size + 100)  # the styles go over
    assert "max-total-bytes" in refused(hostile.good_bytes(), limits=limits)


def test_part_cap():
    assert "max-part-bytes" in refused(hostile.good_bytes(), limits=Limits(max_part_bytes=10_000))


def test_too_many_parts():
    parts = {"word/document.xml": hostile.document(b"<w:p/>")}
    parts.update({f"junk/{i}.xml": b"" for i in range(60)})
    assert "max-parts" in refused(hostile.rezip(parts), limits=Limits(max_parts=50))


def test_central_directory_claiming_millions_of_entries_is_refused_before_parsing():
    data = bytearray(hostile.good_bytes())
    i = data.rfind(b"PK\x05\x06")
    data[i + 8 : i + 12] = struct.pack("<HH", 0xFFFE, 0xFFFE)  # entries on disk / total
    assert "too many parts" in refused(bytes(data), limits=Limits(max_parts=5000))
    data = bytearray(hostile.good_bytes())
    data[i + 12 : i + 16] = struct.pack("<I", 50_000_000)  # central directory size
    assert "too many parts" in refused(bytes(data))


def _recompress(method: int) -> bytes:
    return hostile.rezip(hostile.members(hostile.good_bytes()), method)


def test_only_stored_and_deflated_parts():
    assert "compression method 12" in refused(_recompress(zipfile.ZIP_BZIP2))
    assert "compression method 14" in refused(_recompress(zipfile.ZIP_LZMA))
    open_all(_recompress(zipfile.ZIP_STORED))


def test_encrypted_zip_entries():
    data = bytearray(hostile.good_bytes())
    for sig, off in ((b"PK\x01\x02", 8), (b"PK\x03\x04", 6)):
        i = 0
        while (i := data.find(sig, i)) >= 0:
            data[i + off] |= 1
            i += 4
    assert "encrypted" in refused(bytes(data))


def test_duplicate_part_names_are_ambiguous():
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(buf, "w") as z:
            for name, data in hostile.members(hostile.good_bytes()).items():
                z.writestr(name, data)
            z.writestr("Word/Document.XML", hostile.document(b"<w:p><w:r><w:t>other text</w:t></w:r></w:p>"))
    assert "two parts named" in refused(buf.getvalue())


def test_part_names_are_case_insensitive_like_word():
    parts = hostile.members(hostile.good_bytes())
    parts["Word/Document.xml"] = parts.pop("word/document.xml")
    pkg = open_all(hostile.rezip(parts))
    assert pkg.xml("word/document.xml") is not None


def test_hostile_part_names_do_not_break_the_line():
    evil = "word/\x1b[2J\nFAKE: all good\u202e.xml"
    parts = {"word/document.xml": hostile.document(b"<w:p/>"), evil: b"x"}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in parts.items():
            z.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_BZIP2 if name == evil else None)
    msg = refused(buf.getvalue())
    assert "\\u001b" in msg and "\\u000a" in msg and "\\u202e" in msg


def test_missing_part_message():
    pkg = open_package(hostile.good_bytes())
    with pytest.raises(InputError, match="missing part word/nope.xml"):
        pkg.read("word/nope.xml")


def test_macros_are_listed_never_read():
    pkg = open_all(hostile.docm_with_macros(), name="macro.docm")
    assert pkg.macro_parts() == ["word/vbaProject.bin"]


# --- XML -----------------------------------------------------------------------------


def doc_with(xml: bytes) -> bytes:
    return hostile.edit(None, {"word/document.xml": xml})


def test_doctype_after_a_long_prolog_is_still_refused():
    xml = b'<?xml version="1.0"?>' + b"<!--" + b"x" * 10000 + b"-->" + hostile.XXE_FILE.split(b"?>", 1)[1]
    assert "DOCTYPE" in refused(doc_with(xml))


def test_harmless_doctype_is_refused_too():
    assert "DOCTYPE" in refused(doc_with(b"<!DOCTYPE w:document>" + hostile.document(b"<w:p/>")[39:]))


def test_non_utf_encodings_that_could_hide_markup_are_refused():
    xml = hostile.document(b"<w:p/>").replace(b'encoding="UTF-8"', b'encoding="UTF-7"')
    assert "UTF-7" in refused(doc_with(xml))
    ebcdic = hostile.document(b"<w:p/>").replace(b'encoding="UTF-8"', b'encoding="cp037"').decode().encode("cp037")
    assert "not XML" in refused(doc_with(ebcdic))


def test_gbk_labelled_part_is_accepted():
    xml = hostile.document("<w:p><w:r><w:t>中文</w:t></w:r></w:p>".encode("gbk")).replace(b"UTF-8", b"GBK")
    root = open_package(doc_with(xml)).xml("word/document.xml")
    assert "中文" in "".join(root.itertext())


def test_utf16_part_is_accepted():
    xml = hostile.document("<w:p><w:r><w:t>中文</w:t></w:r></w:p>".encode()).decode()
    xml = xml.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    root = open_package(doc_with(xml)).xml("word/document.xml")
    assert "中文" in "".join(root.itertext())


def test_element_count_is_bounded_before_parsing(monkeypatch):
    calls = []
    monkeypatch.setattr(pkgmod.etree, "fromstring", lambda *a, **k: calls.append(1))
    assert "max-xml-elements" in refused(hostile.good_bytes(), limits=Limits(max_xml_elements=1000))
    assert calls == []


def test_configured_depth_below_libxml2s():
    assert "deeper than 20" in refused(hostile.nested_tables(10), limits=Limits(max_xml_depth=20))
    open_all(hostile.nested_tables(5), limits=Limits(max_xml_depth=20))


def test_nesting_just_under_the_parser_cap_parses():
    open_all(hostile.nested_tables(80))  # depth 2 + 3*80 + 3 = 245 < 256


def test_large_legitimate_report_opens():
    data = hostile.large_report(50)
    pkg = open_all(data)
    assert len(pkg.read("word/document.xml")) > 5_000_000


@pytest.mark.parametrize(
    "value", [0, -1, "100", 1.5, True, None],
)
def test_limits_are_validated(value):
    with pytest.raises(ConfigError, match="max-parts"):
        Limits(max_parts=value)


def test_depth_cannot_be_raised_above_the_parser_cap():
    with pytest.raises(ConfigError, match="max-xml-depth"):
        Limits(max_xml_depth=1000)


def test_every_limit_is_documented():
    text = (Path(__file__).resolve().parents[2] / "docs" / "security.md").read_text(encoding="utf-8")
    for name, f in Limits.__dataclass_fields__.items():
        assert name.replace("_", "-") in text, name
        assert f"{f.default:_}" in text or str(f.default) in text, (name, f.default)


# --- no external access, ever --------------------------------------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'<!ENTITY leak "LEAKED">')

    def log_message(self, *a):
        pass


@pytest.fixture()
def http_server():
    _Recorder.hits = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_external_dtd_and_parameter_entities_are_not_fetched(http_server, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    for data in (
        hostile.xxe_external_dtd(http_server + "/dtd"),
        hostile.xxe_parameter_entity(http_server + "/pe"),
        hostile.xxe(hostile.XXE_FILE.replace(b"file:///etc/passwd", secret.as_uri().encode())),
    ):
        assert "DOCTYPE" in refused(data)
    assert _Recorder.hits == []


def test_the_parser_itself_never_resolves_even_if_the_prescan_were_bypassed(http_server, tmp_path):
    """Defence in depth: the lxml options alone keep files and the network out."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    payloads = [
        hostile.XXE_FILE.replace(b"file:///etc/passwd", secret.as_uri().encode()),
        b'<?xml version="1.0"?><!DOCTYPE d SYSTEM "' + http_server.encode() + b'/dtd"><d>&leak;</d>',
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY % p SYSTEM "' + http_server.encode() + b'/pe"> %p;]><d>&leak;</d>',
        b'<?xml version="1.0"?><d xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="'
        + secret.as_uri().encode() + b'" parse="text"/></d>',
    ]
    for xml in payloads:
        try:
            root = etree.fromstring(xml, pkgmod._parser())
        except etree.XMLSyntaxError:
            continue
        assert b"TOPSECRET" not in etree.tostring(root) and b"LEAKED" not in etree.tostring(root)
    assert _Recorder.hits == []
    with pytest.raises(etree.XMLSyntaxError):  # billion laughs: libxml2's amplification guard
        etree.fromstring(hostile.members(hostile.billion_laughs())["word/document.xml"], pkgmod._parser())


# --- the whole package is verified at open, not only the parts the reader reads ------------


def _with_image_part(payload_gib: int = 1) -> bytes:
    parts = hostile.members(hostile.good_bytes())
    rels = parts["word/_rels/document.xml.rels"].decode().replace(
        "</Relationships>",
        '<Relationship Id="rIdImg" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
        'Target="media/image1.png"/></Relationships>')
    base = hostile.edit(None, {"word/_rels/document.xml.rels": rels.encode()})
    return hostile.bomb(gib=payload_gib, part="word/media/image1.png", base=base)


def test_bomb_in_a_part_nobody_reads_is_refused_at_open():
    assert "word/media/image1.png expands beyond" in refused(_with_image_part())


def test_doctype_in_a_part_nobody_reads_is_refused_at_open():
    data = hostile.edit(None, {"word/header9.xml": hostile.XXE_FILE})
    with pytest.raises(InputError, match="word/header9.xml declares a DOCTYPE"):
        open_package(data)


def test_total_cap_counts_every_part():
    parts = {"word/document.xml": hostile.document(b"<w:p/>")}
    parts.update({f"word/media/{i}.bin": b"\0" * 100_000 for i in range(5)})
    assert "max-total-bytes" in refused(hostile.rezip(parts), limits=Limits(max_total_bytes=400_000))
