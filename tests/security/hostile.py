"""Builders of hostile and broken inputs, shared by the security tests and the fuzzers.

Everything is made in memory from the real corpus (or from nothing), fast: the
decompression bomb is 2 GiB of XML text in a ~2 MB zip built in about a second.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from pathlib import Path
from unittest import mock

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"  # copies of ../shared/corpus (tests/data/corpus/README.md)
GOOD = CORPUS / "xiuzhou-transport-2020.docx"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOC_OPEN = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:document xmlns:w="{W}"><w:body>'
).encode()
DOC_CLOSE = b"</w:body></w:document>"
MACRO_CT = "application/vnd.ms-word.document.macroEnabled.main+xml"
DOCX_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def good_bytes() -> bytes:
    return GOOD.read_bytes()


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def rezip(parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


def with_parts(base: bytes | None = None, **changes: bytes | None) -> bytes:
    """The good report with parts replaced, added (``name=bytes``) or removed (``name=None``).

    Keyword names use ``__`` for ``/`` and ``_dot_`` for ``.``; use :func:`edit` for odd names.
    """
    return edit(base, {k.replace("__", "/").replace("_dot_", "."): v for k, v in changes.items()})


def edit(base: bytes | None, changes: dict[str, bytes | None]) -> bytes:
    parts = members(base if base is not None else good_bytes())
    for name, data in changes.items():
        if data is None:
            parts.pop(name, None)
        else:
            parts[name] = data
    return rezip(parts)


def document(body: bytes) -> bytes:
    return DOC_OPEN + body + DOC_CLOSE


# --- the inputs of issue 6 -----------------------------------------------------------


def zero_bytes() -> bytes:
    return b""


def random_bytes(n: int = 65536, seed: int = 6) -> bytes:
    return random.Random(seed).randbytes(n)


def truncated_zip() -> bytes:
    data = good_bytes()
    return data[: len(data) // 2]


def no_document_xml() -> bytes:
    return edit(None, {"word/document.xml": None})


def malformed_xml() -> bytes:
    xml = members(good_bytes())["word/document.xml"]
    return edit(None, {"word/document.xml": xml[: len(xml) // 2]})


def malformed_styles() -> bytes:
    return edit(None, {"word/styles.xml": b"<w:styles><unclosed></w:styles>"})


def pdf() -> bytes:
    return (
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def ole2(streams: dict[str, bytes]) -> bytes:
    """A minimal, valid OLE2 compound file (version 3, 512-byte sectors) holding ``streams``.

    Each stream is padded to at least 4096 bytes so it lives in the regular FAT
    (no mini stream is needed). Readable by ``olefile``.
    """
    ss = 512
    names = list(streams)
    assert 1 <= len(names) <= 3
    datas = [streams[n] + b"\0" * max(0, 4096 - len(streams[n])) for n in names]
    datas = [d + b"\0" * (-len(d) % ss) for d in datas]
    # sector 0: FAT, sector 1: directory, then the streams
    fat = [0xFFFFFFFD, 0xFFFFFFFE]
    starts = []
    for d in datas:
        n = len(d) // ss
        first = len(fat)
        starts.append(first)
        fat += [first + i + 1 for i in range(n - 1)] + [0xFFFFFFFE]
    assert len(fat) <= ss // 4
    fat += [0xFFFFFFFF] * (ss // 4 - len(fat))

    def entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return (
            raw.ljust(64, b"\0")
            + struct.pack("<HBB3I", len(raw), kind, 1, left, right, child)
            + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
            + struct.pack("<IQ", start, size)
        )

    none = 0xFFFFFFFF
    # a degenerate (all-black, right-leaning) sibling tree: valid for readers
    dir_entries = [entry("Root Entry", 5, none, none, 1, 0xFFFFFFFE, 0)]
    for i, (n, d) in enumerate(zip(names, datas)):
        right = i + 2 if i + 1 < len(names) else none
        dir_entries.append(entry(n, 2, none, right, none, starts[i], len(d)))
    while len(dir_entries) < 4:
        dir_entries.append(b"\0" * 64 + struct.pack("<HBB3I", 0, 0, 0, none, none, none) + b"\0" * 48)
    directory = b"".join(dir_entries)
    assert len(directory) == ss
    header = (
        bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
        + struct.pack("<IIIIIIII", 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE)
        + struct.pack("<II", 0, 0)  # no DIFAT sectors; DIFAT[0] = sector 0 holds the FAT
    )
    header = header + struct.pack("<I", 0xFFFFFFFF) * 108
    assert len(header) == ss
    fat_bytes = struct.pack(f"<{ss // 4}I", *fat)
    return header + fat_bytes + directory + b"".join(datas)


def legacy_doc() -> bytes:
    """A Word 97-2003 .doc (or a WPS .wps in the same format): OLE2 with a WordDocument stream."""
    return ole2({"WordDocument": b"\xec\xa5" + b"\0" * 510, "1Table": b"\0" * 512})


def works_wps() -> bytes:
    """A Microsoft Works / old WPS .wps: OLE2 with a CONTENTS stream."""
    return ole2({"CONTENTS": b"CHNKWKS" + b"\0" * 100})


def encrypted_docx(password: str = "secret") -> bytes:
    """A password-protected .docx: made by msoffcrypto-tool when installed, else crafted."""
    try:
        from msoffcrypto.format.ooxml import OOXMLFile
    except ImportError:
        return ole2({"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00<encryption/>",
                     "EncryptedPackage": random_bytes(8192)})
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(good_bytes())).encrypt(password, out)
    return out.getvalue()


def docm_with_macros() -> bytes:
    parts = members(good_bytes())
    ct = parts["[Content_Types].xml"].decode("utf-8").replace(DOCX_CT, MACRO_CT)
    ct = ct.replace("</Types>", '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')
    parts["[Content_Types].xml"] = ct.encode()
    parts["word/vbaProject.bin"] = ole2({"dir": b"Attribute VB_Name = \"ThisDocument\"\nSub AutoOpen()\nShell \"calc\"\nEnd Sub"})
    rels = parts["word/_rels/document.xml.rels"].decode()
    parts["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
        'Target="vbaProject.bin"/></Relationships>',
    ).encode()
    return rezip(parts)


class _RepeatingDeflate:
    """Stands in for zipfile's compressor: deflates one repeated chunk once, then reuses it.

    After a full flush the deflate state is reset, so the compressed form of the
    same chunk is identical every time: gigabytes are "compressed" at memcpy speed
    while zipfile still computes the true CRC and sizes.
    """

    def __init__(self, chunk: bytes):
        self._co = zlib.compressobj(9, zlib.DEFLATED, -15)
        self._chunk = chunk
        self._seen = 0
        self._cached: bytes | None = None

    def compress(self, data: bytes) -> bytes:
        if data is self._chunk and self._cached is not None:
            return self._cached
        out = self._co.compress(data) + self._co.flush(zlib.Z_FULL_FLUSH)
        if data is self._chunk:
            self._seen += 1
            if self._seen == 2:  # the first one after a flush of the prefix is state-free
                self._cached = out
        return out

    def flush(self) -> bytes:
        return self._co.flush()


def bomb(gib: int = 2, part: str = "word/document.xml", base: bytes | None = None) -> bytes:
    """A ~1 MB-per-GiB zip whose ``part`` is well-formed-looking XML expanding to ``gib`` GiB."""
    chunk = b" " * (1 << 20)
    buf = io.BytesIO()
    with mock.patch.object(zipfile, "_get_compressor", lambda *a, **k: _RepeatingDeflate(chunk)):
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in members(base if base is not None else good_bytes()).items():
                if name != part:
                    z.writestr(name, data)
            with z.open(part, "w", force_zip64=True) as fh:
                fh.write(DOC_OPEN + b"<w:p><w:r><w:t>")
                for _ in range(gib * 1024):
                    fh.write(chunk)
                fh.write(b"</w:t></w:r></w:p>" + DOC_CLOSE)
    return buf.getvalue()


def lying_sizes(real: bytes | None = None) -> bytes:
    """The good report whose zip headers claim every part is 10 bytes long."""
    data = bytearray(real if real is not None else good_bytes())
    i = 0
    while (i := data.find(b"PK\x01\x02", i)) >= 0:  # central directory: uncompressed size at +24
        data[i + 24 : i + 28] = struct.pack("<I", 10)
        i += 4
    i = 0
    while (i := data.find(b"PK\x03\x04", i)) >= 0:  # local headers: uncompressed size at +22
        data[i + 22 : i + 26] = struct.pack("<I", 10)
        i += 4
    return bytes(data)


XXE_FILE = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    + f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>'.encode()
)


def xxe(payload: bytes = XXE_FILE, part: str = "word/document.xml") -> bytes:
    return edit(None, {part: payload})


def xxe_external_dtd(url: str) -> bytes:
    return xxe(
        b'<?xml version="1.0"?>\n<!DOCTYPE w:document SYSTEM "' + url.encode() + b'">\n'
        + f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p></w:body></w:document>'.encode()
    )


def xxe_parameter_entity(url: str) -> bytes:
    return xxe(
        b'<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY % p SYSTEM "' + url.encode() + b'"> %p;]>\n'
        + f'<w:document xmlns:w="{W}"><w:body/></w:document>'.encode()
    )


def billion_laughs() -> bytes:
    ents = b'<!ENTITY lol0 "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1)) * 10) for i in range(1, 10)
    )
    xml = (
        b'<?xml version="1.0"?>\n<!DOCTYPE w:document [' + ents + b"]>\n"
        + f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'.encode()
    )
    return xxe(xml)


def utf16_xxe() -> bytes:
    return xxe(XXE_FILE.replace(b'encoding="UTF-8"', b'encoding="UTF-16"').decode().encode("utf-16"))


def nested_tables(depth: int) -> bytes:
    open_ = b"<w:tbl><w:tr><w:tc>" * depth
    close = b"<w:p/></w:tc></w:tr></w:tbl>" * depth
    return xxe(document(open_ + b"<w:p><w:r><w:t>deep</w:t></w:r></w:p>" + close))


def large_report(copies: int = 50) -> bytes:
    """The good report's body repeated ``copies`` times (about 8 pages each: hundreds of pages)."""
    parts = members(good_bytes())
    xml = parts["word/document.xml"]
    i = xml.index(b"<w:body>") + len(b"<w:body>")
    j = xml.rindex(b"<w:sectPr")
    parts["word/document.xml"] = xml[:i] + xml[i:j] * copies + xml[j:]
    return rezip(parts)


# name -> (builder, what the one-line reason must mention), for parametrised tests
BROKEN = {
    "zero-byte": (zero_bytes, "empty"),
    "random-bytes": (random_bytes, "not a .docx"),
    "truncated-zip": (truncated_zip, "zip"),
    "no-document-xml": (no_document_xml, "word/document.xml"),
    "malformed-xml": (malformed_xml, "malformed XML in word/document.xml"),
    "malformed-styles": (malformed_styles, "word/styles.xml"),
    "pdf-renamed": (pdf, "PDF"),
    "doc-renamed": (legacy_doc, ".doc"),
    "wps-renamed": (works_wps, ".wps"),
    "encrypted": (encrypted_docx, "password"),
    "bomb": (bomb, "decompression bomb"),
    "xxe": (xxe, "DOCTYPE"),
    "xxe-utf16": (utf16_xxe, "DOCTYPE"),
    "billion-laughs": (billion_laughs, "DOCTYPE"),
    "nested-tables-3000": (lambda: nested_tables(3000), "deeper than"),
}


# 320 MiB of zeros as one bzip2 stream (273 bytes), stored zlib+base64 to keep this file small.
_BZ2_320MIB = "eNpzisqwNHSMVAuO5ON8dJ8xvs+B4QADA4cCg0GDr5vTAtWVXA3Th4d8vsF8doZclQdAeQewCoWlJpK9gkLTDrl4xek96SpYqGhx4NIFALMoU4A="


class _Canned:
    def __init__(self, payload: bytes):
        self.payload = payload

    def compress(self, data: bytes) -> bytes:
        return b""

    def flush(self) -> bytes:
        return self.payload


def bzip2_archive_bomb() -> bytes:
    """A 400-byte submissions .zip whose bzip2 member inflates to 320 MiB in ONE decompress call.

    zipfile passes no output bound to the bzip2 (and LZMA) decompressor, so reading
    even 64 KiB of it materialises the whole GiB; the member claims 0 bytes (CRC 0),
    so a check of the claimed size passes and the CRC even matches afterwards.
    """
    import base64

    payload = zlib.decompress(base64.b64decode(_BZ2_320MIB))
    buf = io.BytesIO()
    with mock.patch.object(zipfile, "_get_compressor", lambda *a, **k: _Canned(payload)):
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_BZIP2) as z:
            with z.open("submissions/report.docx", "w"):
                pass
    return buf.getvalue()
