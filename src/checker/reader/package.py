"""Open a .docx package safely: the only place that touches the zip and parses XML.

A submitted .docx is a zip of XML written by whoever sent it, checked unattended.
This module is the trust boundary (threat model and limits: ``docs/security.md``):

* the file is opened read-only, without following it into a device or pipe, read
  once into memory up to a cap and closed: never written, renamed or locked, and
  nothing is written to disk (no temporary files);
* wrong files are recognised before unzipping (empty, OLE2 = password-protected
  .docx or legacy .doc/.wps, PDF, RTF, HTML, flat XML) so the reason is useful;
* the zip directory is bounded before it is parsed, then every entry is checked
  (encryption, compression method, duplicate names) before any part is read;
* a part is decompressed in a streaming way through a counter that stops at the
  per-part and per-package caps, whatever sizes the zip claims;
* every XML-bearing part (by name, by content type, by XML relationship: what any
  XML reader of the package, python-docx included, may parse) is scanned at open
  for DOCTYPEs and its elements counted, alone and all together;
  :meth:`Package.check_all_xml_parts` parses them all for a caller that hands the
  bytes to another XML reader;
* every XML parse goes through :meth:`Package.xml`: DOCTYPEs are refused, entity
  expansion, DTD loading and network access are off, the number of elements is
  bounded before parsing and the nesting depth while parsing.

Anything wrong with the input raises :class:`~checker.errors.InputError`, whose
reason is one printable line (names taken from the zip are escaped).
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import stat
import zipfile
from dataclasses import dataclass, fields
from typing import Union

from lxml import etree

from ..findings import Message
from ..errors import ConfigError, InputError
from .visible import visible

Source = Union[str, os.PathLike, bytes]

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")

#: libxml2's nesting limit when XML_PARSE_HUGE is off (we never turn it on).
LIBXML2_MAX_DEPTH = 256
#: Bytes of zip central directory allowed per permitted part (an entry is 46 bytes
#: plus its name and extra fields; real .docx entries are under 150).
_CD_BYTES_PER_PART = 1024
_CHUNK = 1 << 16


@dataclass(frozen=True)
class Limits:
    """Resource caps for one package. Defaults and rationale: docs/security.md.

    Configurable as ``[tool.checker.limits]`` (``max-part-bytes = ...``).
    """

    max_file_bytes: int = 200 * 1024 * 1024  # the .docx file itself
    max_part_bytes: int = 64 * 1024 * 1024  # one part, uncompressed
    max_total_bytes: int = 256 * 1024 * 1024  # all parts of one package, uncompressed
    max_parts: int = 5000  # entries in the zip
    max_xml_elements: int = 2_000_000  # elements in one XML part (bounded before parsing)
    max_xml_depth: int = LIBXML2_MAX_DEPTH  # element nesting in one XML part
    max_total_xml_elements: int = 3_000_000  # elements in all XML parts together (python-docx parses them all)
    max_table_columns: int = 1000  # logical width of a table row (Word allows 63)
    max_table_slots: int = 4_000_000  # logical grid slots of all tables of a document, padding included
    max_label_chars: int = 64  # one rendered numbering label (real ones are under 20)

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigError(f"limit {f.name.replace('_', '-')} must be a positive integer, not {value!r}")
        if self.max_xml_depth > LIBXML2_MAX_DEPTH:
            raise ConfigError(
                f"limit max-xml-depth cannot exceed {LIBXML2_MAX_DEPTH} (the XML parser's own limit), "
                f"not {self.max_xml_depth}"
            )


DEFAULT_LIMITS = Limits()

# --- messages ----------------------------------------------------------------------

def shown(text: str, limit: int = 120) -> str:
    """A name taken from the input, safe to put in a one-line message.

    Control, line-separator, bidi-override and surrogate characters are escaped by
    :func:`~checker.reader.visible.visible` (a hostile part name must not break a
    report line, spoof a terminal or fail to encode), and the result is shortened.
    """
    text = visible(text, one_line=True)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(exc: BaseException) -> str:
    return shown(str(exc) or type(exc).__name__, 160)


# --- the file ----------------------------------------------------------------------

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO named x.docx must not block the open
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


def _read_file(path: str, label: str, limits: Limits) -> bytes:
    """Read a regular file read-only, up to ``max_file_bytes``, and close it."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise InputError(label, Message(zh="文件不存在", en="no such file")) from None
    except IsADirectoryError:
        raise InputError(label, Message(zh="这是文件夹，不是文件", en="is a folder, not a file")) from None
    except PermissionError:
        if os.path.isdir(path):  # Windows refuses to open folders this way
            raise InputError(label, Message(zh="这是文件夹，不是文件", en="is a folder, not a file")) from None
        raise InputError(label, Message(zh="没有读取该文件的权限",
                                        en="permission denied (the file cannot be read)")) from None
    except OSError as exc:
        raise InputError(label, Message(zh=f"无法打开文件：{shown(exc.strerror or str(exc))}",
                                        en=f"cannot open the file: {shown(exc.strerror or str(exc))}")) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise InputError(label, Message(zh="这是文件夹，不是文件", en="is a folder, not a file"))
        if not stat.S_ISREG(st.st_mode):
            raise InputError(label, Message(zh="不是普通文件（是设备、管道或套接字）",
                                            en="is not a regular file (a device, pipe or socket)"))
        cap = limits.max_file_bytes
        if st.st_size > cap:
            raise InputError(label, Message(zh=f"文件过大（{st.st_size} 字节，超出 max-file-bytes 限制 {cap}）",
                                            en=f"file too large ({st.st_size} bytes; the limit max-file-bytes is {cap})"))
        buf = bytearray()
        while True:  # the file may grow while we read: stop at the cap regardless of st_size
            chunk = os.read(fd, min(_CHUNK * 16, cap + 1 - len(buf)))
            if not chunk:
                break
            buf += chunk
            if len(buf) > cap:
                raise InputError(label, Message(zh=f"文件过大（超过 {cap} 字节，max-file-bytes 限制）",
                                                en=f"file too large (more than {cap} bytes; the limit max-file-bytes)"))
        return bytes(buf)
    except InputError:
        raise
    except OSError as exc:
        raise InputError(label, Message(zh=f"无法读取文件内容：{shown(exc.strerror or str(exc))}",
                                        en=f"cannot read the file: {shown(exc.strerror or str(exc))}")) from None
    finally:
        os.close(fd)


# --- what kind of file is it? ------------------------------------------------------


def _ole_has_stream(data: bytes, name: str) -> bool:
    """True when an OLE2 directory entry carries ``name``.

    Directory entries are 128 bytes, 128-aligned in the file (sectors are 512 or
    4096 bytes after a header of one sector), with the name in UTF-16LE and its
    byte length (terminator included) at offset 64. Checking alignment and length
    avoids a match on document text that merely contains the word.
    """
    needle = name.encode("utf-16-le") + b"\x00\x00"
    want = len(needle).to_bytes(2, "little")
    start = 512
    while True:
        i = data.find(needle, start)
        if i < 0:
            return False
        if i % 128 == 0 and data[i + 64 : i + 66] == want:
            return True
        start = i + 1


def _ole2_reason(label: str, data: bytes) -> Message:
    """What an OLE2 (Office 97-2003 container) file is, and what to do with it."""
    ext = os.path.splitext(label)[1].lower()
    if _ole_has_stream(data, "EncryptedPackage") or _ole_has_stream(data, "EncryptionInfo"):
        return Message(
            zh="文件设置了打开密码（已加密），无法检查：请在 Word 中取消密码（文件 > 信息 > 保护文档）后重新提交",
            en="a password-protected (encrypted) .docx; the checker cannot read it: "
               "remove the password (File > Info > Protect Document) and send it again",
        )
    if _ole_has_stream(data, "WordDocument"):
        if ext == ".wps":
            return Message(zh="这是 WPS .wps 文件，不是 .docx：请用 Word 或 WPS 打开，“另存为” .docx 格式后重新提交",
                           en="a WPS .wps file, not a .docx; open it in Word or WPS and save it as .docx")
        return Message(zh="这是旧版 Word 97-2003 .doc（或 WPS .wps）文件，不是 .docx：请用 Word 或 WPS 打开，“另存为” .docx 格式后重新提交",
                       en="a legacy Word 97-2003 .doc (or WPS .wps) file, not a .docx; open it in Word or WPS and save it as .docx")
    if ext == ".wps" or _ole_has_stream(data, "CONTENTS") or _ole_has_stream(data, "WpsContent"):
        return Message(zh="这是 WPS／Works .wps 文件，不是 .docx：请用 WPS 或 Word 打开，“另存为” .docx 格式后重新提交",
                       en="a WPS/Works .wps file, not a .docx; open it in WPS or Word and save it as .docx")
    return Message(zh="这是旧版 Office（OLE2）文件，不是 .docx：请用 Word 打开，“另存为” .docx 格式后重新提交",
                   en="a legacy Office (OLE2) file, not a .docx; open it in Word and save it as .docx")


def _sniff(label: str, data: bytes) -> None:
    """Refuse files that are plainly not a zip package, with a useful reason."""
    if not data:
        raise InputError(label, Message(zh="空文件（0 字节）", en="empty file (0 bytes)"))
    if data.startswith(OLE2_MAGIC):
        raise InputError(label, _ole2_reason(label, data))
    if data.startswith(ZIP_MAGIC):
        return
    head = data[:1024]
    lower = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if PDF_MAGIC in head:
        raise InputError(label, Message(zh="这是 PDF 文件，不是 .docx：请提交 Word 原稿（.docx）",
                                        en="a PDF file, not a .docx; check the Word original instead"))
    if lower.startswith(b"{\\rtf"):
        raise InputError(label, Message(zh="这是 RTF 文件，不是 .docx：请用 Word 打开并另存为 .docx",
                                        en="an RTF file, not a .docx; open it in Word and save it as .docx"))
    if lower.startswith((b"<html", b"<!doctype html", b"mime-version:")) or b"<html" in lower:
        raise InputError(label, Message(zh="这是网页文件（HTML/MHT），不是 .docx：请用 Word 打开并另存为 .docx",
                                        en="a web page (HTML/MHT), not a .docx; open it in Word and save it as .docx"))
    if lower.startswith(b"<?xml") and (b"<pkg:package" in lower or b"<w:worddocument" in lower):
        raise InputError(label, Message(zh="这是 Word XML（单文件 XML）文件，不是 .docx：请用 Word 打开并另存为 .docx",
                                        en="a Word XML (flat XML) file, not a .docx; open it in Word and save it as .docx"))
    raise InputError(label, Message(zh="不是 .docx 文件（不是 zip 包）", en="not a .docx (not a zip package)"))


# --- the package -------------------------------------------------------------------

_ALLOWED_COMPRESSION = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # all that OPC permits


def _part_key(name: str) -> str:
    """OPC part names are case-insensitive and may be written with a leading slash."""
    return name.lstrip("/").lower()


class Package:
    """The parts of one .docx, read lazily and within limits."""

    def __init__(self, name: str, data: bytes, limits: Limits = DEFAULT_LIMITS):
        self.name = name
        self.limits = limits
        self._check_directory_size(data)
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except MemoryError:
            raise
        except Exception as exc:  # BadZipFile, struct/unicode errors, ...: all the input's fault
            raise InputError(name, Message(zh=f"不是有效的 .docx（zip 包已损坏：{_describe(exc)}）：请在 Word 中打开并重新保存",
                                           en=f"not a valid .docx (broken zip archive: {_describe(exc)})")) from None
        if len(infos) > limits.max_parts:
            raise InputError(name, Message(zh=f"文件包含的部件过多（{len(infos)} 个，超出 max-parts 限制 {limits.max_parts}）",
                                           en=f"too many parts in the package ({len(infos)}; the limit max-parts is {limits.max_parts})"))
        self._infos: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            if info.flag_bits & 0x1:
                raise InputError(name, Message(zh="文件内部的部分内容设置了密码（已加密），无法检查：请在 Word 中取消密码后重新保存为 .docx",
                                               en="the package has encrypted (password-protected) zip entries"))
            if info.compress_type not in _ALLOWED_COMPRESSION:
                raise InputError(name, Message(
                    zh=f"部件 {shown(info.filename)} 使用了 zip 压缩方式 {info.compress_type}，.docx 只允许不压缩或 deflate 压缩："
                       "请在 Word 中打开并重新保存为 .docx",
                    en=f"part {shown(info.filename)} uses zip compression method {info.compress_type}; "
                       ".docx allows only stored or deflated parts",
                ))
            key = _part_key(info.filename)
            if key in self._infos:
                raise InputError(name, Message(zh=f"文件包中有两个同名部件 {shown(info.filename)}（有歧义，拒绝检查）",
                                               en=f"the package has two parts named {shown(info.filename)} (ambiguous, refused)"))
            self._infos[key] = info
        self._verify_parts()

    def _check_directory_size(self, data: bytes) -> None:
        """Bound the zip's central directory before :mod:`zipfile` parses all of it."""
        try:
            endrec = zipfile._EndRecData(io.BytesIO(data))  # type: ignore[attr-defined]
        except Exception:
            endrec = None  # let ZipFile give the reason
        if not endrec:
            return
        entries, size = endrec[zipfile._ECD_ENTRIES_TOTAL], endrec[zipfile._ECD_SIZE]  # type: ignore[attr-defined]
        cap = self.limits.max_parts
        if entries > cap or size > cap * _CD_BYTES_PER_PART:
            raise InputError(self.name, Message(
                zh=f"文件包含的部件过多（声明了 {entries} 个，超出 max-parts 限制 {cap}），已拒绝检查",
                en=f"too many parts in the package ({entries} declared; the limit max-parts is {cap})"))

    def has(self, part: str) -> bool:
        return _part_key(part) in self._infos

    def names(self) -> list[str]:
        """Part names as stored in the zip (they come from the sender: use :func:`shown` in messages)."""
        return [info.filename for info in self._infos.values()]

    def macro_parts(self) -> list[str]:
        """Names of VBA macro parts (a .docm). They are only ever listed, never read or run."""
        return [
            info.filename
            for key, info in self._infos.items()
            if key.rsplit("/", 1)[-1] in ("vbaproject.bin", "vbadata.xml")
        ]

    def _stream(self, info: zipfile.ZipInfo):
        """Yield the decompressed chunks of one part, stopping at ``max_part_bytes`` whatever the zip claims."""
        cap = self.limits.max_part_bytes
        size = 0
        try:
            with self._zip.open(info) as fh:
                while True:
                    chunk = fh.read(_CHUNK)
                    if not chunk:
                        return
                    size += len(chunk)
                    if size > cap:
                        raise InputError(self.name, Message(
                            zh=f"部件 {shown(info.filename)} 解压后超过 {cap} 字节（疑似压缩炸弹；限制 max-part-bytes），已拒绝检查",
                            en=f"part {shown(info.filename)} expands beyond {cap} bytes "
                               "(decompression bomb? the limit is max-part-bytes)",
                        ))
                    yield chunk
        except (InputError, MemoryError):
            raise
        except Exception as exc:  # BadZipFile (bad CRC, truncated), zlib.error, EOFError, ...
            raise InputError(self.name, Message(zh=f"无法读取部件 {shown(info.filename)}：{_describe(exc)}",
                                                en=f"cannot read part {shown(info.filename)}: {_describe(exc)}")) from None

    def _verify_parts(self) -> None:
        """Stream every part once, keeping nothing: the size caps hold for the whole package, and
        every XML-bearing part passes the DOCTYPE and element-count checks, alone and all
        together, so that any later reader of these bytes (python-docx for annotated copies
        included) only meets a package that passed the limits.

        A part is XML-bearing when its name ends in ``.xml``/``.rels``; when
        ``[Content_Types].xml`` gives it an XML content type (by override or by extension:
        what python-docx goes by); or when a relationship of an XML part's type (styles,
        settings, header...) points at it and its bytes start like XML. The named ones are
        streamed first (the content types and relationships among them, checked before they
        are parsed to classify the rest); images are never XML-bearing (an SVG may carry a
        DOCTYPE; nothing parses it) and are not scanned.
        """
        self._total = 0
        self._counted: dict[str, tuple[int, int]] = {}  # XML-bearing part -> (its size, its '<' bytes)
        named = [k for k, info in self._infos.items() if _xml_by_name(k) and not info.is_dir()]
        elements = sum(self._verify_part(k, True) for k in named)
        xml_keys = set(named)
        overrides, defaults = self._content_types()
        targets = {t for k in named if k.endswith(".rels") for t in self._xml_targets(k)}
        for key, info in self._infos.items():
            if key in xml_keys or info.is_dir():
                continue
            leaf = key.rsplit("/", 1)[-1]
            kind = overrides.get(key) or defaults.get(leaf.rsplit(".", 1)[-1] if "." in leaf else "") or ""
            by_type = kind.endswith("xml") and not kind.startswith("image/")
            count = self._verify_part(key, True if by_type else (False if key in targets else None))
            if count is not None:
                xml_keys.add(key)
                elements += count
        self._xml_keys = sorted(xml_keys)
        if elements > self.limits.max_total_xml_elements:
            raise InputError(self.name, Message(
                zh=f"文件包各 XML 部件的元素合计过多（最多 {elements} 个，超出 max-total-xml-elements 限制 "
                   f"{self.limits.max_total_xml_elements}），已拒绝检查",
                en=f"the package's XML parts have too many elements together (up to {elements}; "
                   f"the limit max-total-xml-elements is {self.limits.max_total_xml_elements})",
            ))

    def _verify_part(self, key: str, xml: bool | None) -> int | None:
        """Stream one part through the size caps. ``xml``: True, it is XML-bearing; None, it
        is not; False, it is when its bytes start like XML. For an XML-bearing part, refuse
        DOCTYPE markup and more ``<`` bytes (an upper bound on its elements) than the cap,
        and return that count; None for any other part."""
        info = self._infos[key]
        total, cap = self._total, self.limits.max_total_bytes
        start = total
        tail = b""
        count = 0
        first = True
        for chunk in self._stream(info):
            total += len(chunk)
            if total > cap:
                raise InputError(self.name, Message(
                    zh=f"文件包解压后超过 {cap} 字节（疑似压缩炸弹；限制 max-total-bytes），已拒绝检查",
                    en=f"the package expands beyond {cap} bytes (decompression bomb? the limit is max-total-bytes)"))
            if first:
                first = False
                if xml is False:
                    xml = _looks_like_xml(chunk.lstrip(b" \t\r\n")[:8]) or None
            if xml:
                count += chunk.count(b"<")
                # the chunk, then the markup that may straddle the previous one
                # (a match is at most 18 bytes), without copying the whole chunk
                if _has_dtd_markup(chunk) or _has_dtd_markup(tail + chunk[:32]):
                    raise InputError(self.name, _doctype_reason(info.filename))
                tail = chunk[-32:]
        self._total = total
        if not xml:
            return None
        _check_element_count(self.name, info.filename, count, self.limits)
        self._counted[key] = (total - start, count)
        return count

    def _content_types(self) -> tuple[dict[str, str], dict[str, str]]:
        """(part key -> content type, extension -> content type) from ``[Content_Types].xml``;
        empty when it is missing or unreadable (the reader does not need it)."""
        overrides: dict[str, str] = {}
        defaults: dict[str, str] = {}
        key = _part_key("[Content_Types].xml")
        if key not in self._infos:
            return overrides, defaults
        try:
            root = self.xml(key)
        except InputError:
            return overrides, defaults
        for el in root:
            if not isinstance(el.tag, str):
                continue
            local = el.tag.rsplit("}", 1)[-1]
            kind = (el.get("ContentType") or "").strip().lower()
            if local == "Override" and el.get("PartName"):
                overrides[_part_key(el.get("PartName"))] = kind
            elif local == "Default" and el.get("Extension") is not None:
                defaults[el.get("Extension").lower()] = kind
        return overrides, defaults

    def _xml_targets(self, rels_key: str) -> list[str]:
        """Part keys that the relationships in ``rels_key`` point at with an XML part's type."""
        try:
            root = self.xml(rels_key)
        except InputError:
            return []  # not read by the reader; python-docx gets a clean refusal from check_all_xml_parts
        folder, _, leaf = rels_key.rpartition("/")
        base = folder[: -len("_rels")].rstrip("/") if folder.endswith("_rels") else folder
        out = []
        for rel in root:
            if not isinstance(rel.tag, str) or (rel.get("TargetMode") or "").lower() == "external":
                continue
            kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
            if kind not in _XML_RELATIONSHIPS:
                continue
            target = rel.get("Target") or ""
            if target.startswith("/"):
                out.append(_part_key(target))
            else:
                out.append(_part_key(posixpath.normpath(posixpath.join(base, target))))
        return out

    def xml_parts(self) -> list[str]:
        """Names of every XML-bearing part: every part an XML parser may read (see :meth:`_verify_parts`)."""
        return [self._infos[k].filename for k in self._xml_keys]

    def check_all_xml_parts(self) -> None:
        """Parse every XML-bearing part once with the reader's parser and checks (DOCTYPE,
        element count, depth, well-formedness), keeping nothing.

        Call it before handing the package's bytes to another XML reader (python-docx for
        ``--annotate``): that reader parses parts the checker never reads (settings, a
        second comments part, headers reached from settings), with its own parser, and
        must meet none that the limits refuse. Raises :class:`InputError`.
        """
        for key in self._xml_keys:
            self.xml(self._infos[key].filename)

    def read(self, part: str) -> bytes:
        """Read one part, streaming, stopping at the part cap whatever the zip claims."""
        info = self._infos.get(_part_key(part))
        if info is None:
            raise InputError(self.name, Message(zh=f"缺少部件 {shown(part)}", en=f"missing part {shown(part)}"))
        return b"".join(self._stream(info))

    def xml(self, part: str) -> etree._Element:
        """Parse a part as XML: no DTD, no entities, no network, bounded size and depth."""
        return self.parse(part, self.read(part))

    def parse(self, part: str, data: bytes) -> etree._Element:
        """Parse the bytes of ``part`` (as :meth:`read` gave them) with the checks of :meth:`xml`."""
        known = self._counted.get(_part_key(part))
        # the '<' count made at open stands for these bytes if they are that part's (same size)
        _check_xml_bytes(self.name, part, data, self.limits, known[1] if known and known[0] == len(data) else None)
        try:
            root = etree.fromstring(data, parser=_parser())
        except etree.XMLSyntaxError as exc:
            raise InputError(self.name, _xml_error_reason(part, exc)) from None
        except (ValueError, LookupError) as exc:  # e.g. an unknown encoding name
            raise InputError(self.name, Message(zh=f"{shown(part)} 中的 XML 格式错误：{_describe(exc)}",
                                                en=f"malformed XML in {shown(part)}: {_describe(exc)}")) from None
        docinfo = root.getroottree().docinfo
        if docinfo.internalDTD is not None or docinfo.externalDTD is not None or docinfo.doctype:
            raise InputError(self.name, _doctype_reason(part))
        if self.limits.max_xml_depth < LIBXML2_MAX_DEPTH and _deeper_than(root, self.limits.max_xml_depth):
            raise InputError(self.name, _depth_reason(part, self.limits.max_xml_depth))
        return root


# --- XML ---------------------------------------------------------------------------


def _parser() -> etree.XMLParser:
    """A fresh parser (lxml parsers are not shareable across threads) with everything risky off.

    ``resolve_entities=False`` (lxml >= 5 defaults to ``'internal'``, which would
    expand internal entities), ``load_dtd=False`` and ``no_network=True`` keep
    libxml2 from reading anything but the bytes given; ``huge_tree=False`` keeps
    libxml2's own caps (nesting 256, text node 10 MB). DOCTYPEs are refused before
    and after parsing anyway.
    """
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


_SPACE = re.compile(rb"[ \t\r\n]*")
# "<!DOCTYPE" or "<!ENTITY" in UTF-8 or UTF-16 (either byte order); a pattern string
# compiled on first use: _has_dtd_markup rarely needs the regex.
_DTD_MARKUP = rb"<\x00?!\x00?(?:D\x00?O\x00?C\x00?T\x00?Y\x00?P\x00?E|E\x00?N\x00?T\x00?I\x00?T\x00?Y)"
_ENCODING_DECL = re.compile(r"^\ufeff?\s*<\?xml[^>]*?\sencoding\s*=\s*[\"']([A-Za-z0-9._:-]+)")
# Encodings in which '<' is the byte 0x3C, so that counting that byte bounds the elements.
# OOXML itself allows only UTF-8 and UTF-16; the others are tolerated mislabels.
_ALLOWED_ENCODINGS = {
    "utf-8", "utf8", "utf-16", "utf-16le", "utf-16be", "us-ascii", "ascii",
    "iso-8859-1", "latin1", "windows-1252", "cp1252", "gb2312", "gbk", "gb18030", "big5",
}


def _has_dtd_markup(data: bytes) -> bool:
    """``re.search(_DTD_MARKUP, data)``, skipped when the bytes hold no ``!`` or neither ``<!``
    (UTF-8) nor ``<\\x00!`` (UTF-16), one of which the pattern needs: a byte search
    is many times faster than the regex (``!`` alone is one ``memchr``), and almost no
    part has either."""
    if b"!" not in data:
        return False
    return (b"<!" in data or b"<\x00!" in data) and re.search(_DTD_MARKUP, data) is not None


def _check_xml_bytes(name: str, part: str, data: bytes, limits: Limits, tags: int | None = None) -> None:
    """Checks made before parsing: encoding, DOCTYPE, an upper bound on the element count."""
    start = _SPACE.match(data).end()  # type: ignore[union-attr]
    head = data[start : start + 4]
    if head.startswith((b"\xff\xfe", b"<\x00")):
        prolog = data[start : start + 400].decode("utf-16-le", "replace")
    elif head.startswith((b"\xfe\xff", b"\x00<")):
        prolog = data[start : start + 400].decode("utf-16-be", "replace")
    elif head.startswith((b"\xef\xbb\xbf", b"<")):
        prolog = data[start : start + 200].decode("latin-1")
    else:
        raise InputError(name, Message(zh=f"部件 {shown(part)} 不是 XML", en=f"part {shown(part)} is not XML"))
    m = _ENCODING_DECL.match(prolog)
    if m and m.group(1).lower().replace("_", "-") not in _ALLOWED_ENCODINGS:
        raise InputError(name, Message(
            zh=f"部件 {shown(part)} 使用 {shown(m.group(1), 40)} 编码，.docx 只允许 UTF-8 或 UTF-16",
            en=f"part {shown(part)} is encoded in {shown(m.group(1), 40)}; .docx allows only UTF-8 or UTF-16"))
    if _has_dtd_markup(data):
        raise InputError(name, _doctype_reason(part))
    # Every element has a start tag, and '<' must be escaped everywhere else, so
    # the count of '<' bytes bounds the element count (memory is ~120-250 bytes each).
    _check_element_count(name, part, data.count(b"<") if tags is None else tags, limits)


def _check_element_count(name: str, part: str, tags: int, limits: Limits) -> None:
    """Refuse a part whose count of ``<`` bytes (an upper bound on its elements) is over the cap."""
    if tags > limits.max_xml_elements:
        raise InputError(name, Message(
            zh=f"部件 {shown(part)} 的 XML 元素过多（最多 {tags} 个，超出 max-xml-elements 限制 {limits.max_xml_elements}），已拒绝检查",
            en=f"part {shown(part)} has too many XML elements (up to {tags}; "
               f"the limit max-xml-elements is {limits.max_xml_elements})",
        ))


#: Relationship types (the last segment of the type URI) whose target is an XML part.
_XML_RELATIONSHIPS = frozenset({
    "officeDocument", "styles", "stylesWithEffects", "numbering", "settings", "webSettings", "fontTable",
    "theme", "header", "footer", "comments", "commentsExtended", "commentsIds", "commentsExtensible",
    "people", "footnotes", "endnotes", "glossaryDocument", "core-properties", "extended-properties",
    "custom-properties", "customXml", "customXmlProps", "diagramData", "diagramLayout", "diagramQuickStyle",
    "diagramColors", "chart", "chartUserShapes", "theme-override",
})


def _xml_by_name(key: str) -> bool:
    return key.endswith((".xml", ".rels"))


def _looks_like_xml(head: bytes) -> bool:
    """The first bytes of a part (after white space) are those of an XML document (UTF-8 or UTF-16)."""
    return head.startswith((b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00<"))


def _doctype_reason(part: str) -> Message:
    return Message(
        zh=f"部件 {shown(part)} 声明了 DOCTYPE 或实体，.docx 从不使用（有 XXE／实体炸弹风险，已拒绝检查）",
        en=f"part {shown(part)} declares a DOCTYPE or entities, which .docx never uses (refused: XXE/entity-bomb risk)")


def _depth_reason(part: str, depth: int) -> Message:
    return Message(zh=f"部件 {shown(part)} 的 XML 嵌套超过 {depth} 层（如表格套表格），已拒绝检查",
                   en=f"part {shown(part)} nests XML deeper than {depth} levels (e.g. tables inside tables; refused)")


def _xml_error_reason(part: str, exc: etree.XMLSyntaxError) -> Message:
    """The reason of a part libxml2 refused; its own words (English, from the library) are
    kept after ours, for support."""
    msg = exc.msg or str(exc)
    low = msg.lower()
    if "excessive depth" in low:
        return _depth_reason(part, LIBXML2_MAX_DEPTH)
    if "amplification" in low:  # an entity bomb that reached the parser
        return _doctype_reason(part)
    if "huge" in low or "limit" in low:
        return Message(zh=f"部件 {shown(part)} 超出 XML 解析器的大小限制（{shown(msg, 120)}），已拒绝检查",
                       en=f"part {shown(part)} exceeds the XML parser's size limits ({shown(msg, 120)})")
    return Message(zh=f"{shown(part)} 中的 XML 格式错误：{shown(msg, 160)}",
                   en=f"malformed XML in {shown(part)}: {shown(msg, 160)}")


def _deeper_than(root: etree._Element, limit: int) -> bool:
    depth = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth > limit:
            return True
    return False


# --- entry point -------------------------------------------------------------------


def _declares_word_main_part(pkg: Package) -> bool:
    """True when ``_rels/.rels`` names an existing main part outside ``xl/``/``ppt/``.

    Word finds the main part through this relationship; ``word/document.xml`` is
    only the usual name. The reader checks the part's root element afterwards.
    """
    if not pkg.has("_rels/.rels"):
        return False
    try:
        root = pkg.xml("_rels/.rels")
    except InputError:
        return False
    for rel in root:
        if not str(rel.get("Type") or "").endswith("/officeDocument"):
            continue
        target = _part_key(str(rel.get("Target") or ""))
        if target.endswith(".xml") and target.split("/", 1)[0] not in ("xl", "ppt") and pkg.has(target):
            return True
    return False


def open_package(source: Source, name: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Package:
    """Open a path or bytes as a .docx package, or raise :class:`InputError`.

    A path is opened read-only and read once into memory (so it is never locked
    or written, and the zip is never re-read from a file that may change).
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        label = name or "<bytes>"
        if len(data) > limits.max_file_bytes:
            raise InputError(label, Message(zh=f"文件过大（{len(data)} 字节，超出 max-file-bytes 限制 {limits.max_file_bytes}）",
                                            en=f"file too large ({len(data)} bytes; the limit max-file-bytes is {limits.max_file_bytes})"))
    else:
        path = os.fspath(source)
        label = name or os.fsdecode(path)
        data = _read_file(path, label, limits)
    _sniff(label, data)
    pkg = Package(label, data, limits)
    if not pkg.has("word/document.xml") and not _declares_word_main_part(pkg):
        names = {_part_key(n).split("/", 1)[0] for n in pkg.names()}
        if "xl" in names:
            raise InputError(label, Message(zh="这是 Excel 工作簿，不是 Word 文档",
                                            en="an Excel workbook, not a Word document"))
        if "ppt" in names:
            raise InputError(label, Message(zh="这是 PowerPoint 演示文稿，不是 Word 文档",
                                            en="a PowerPoint presentation, not a Word document"))
        if pkg.has("mimetype") and pkg.has("content.xml"):
            raise InputError(label, Message(zh="这是 OpenDocument（.odt）文件，不是 .docx：请打开后另存为 .docx",
                                            en="an OpenDocument (.odt) file, not a .docx; open it and save it as .docx"))
        raise InputError(label, Message(zh="不是 Word 文档（文件包中没有 word/document.xml）",
                                        en="not a Word document (no word/document.xml in the package)"))
    return pkg
