"""Open a .docx package safely: the only place that touches the zip and parses XML.

A submitted .docx is a zip of XML written by whoever sent it. This module never
trusts the sizes the zip claims: it streams each part through a counter and stops
at the configured caps, refuses DOCTYPEs (so no entity expansion, no external
access) and recognises the usual wrong files (OLE2 .doc/.wps or an encrypted
.docx, PDF, empty) so the caller can give a one-line reason.
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass
from typing import Union

from lxml import etree

from ..errors import InputError

Source = Union[str, os.PathLike, bytes]

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PDF_MAGIC = b"%PDF"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


@dataclass(frozen=True)
class Limits:
    """Resource caps for one package. Defaults are documented in docs/security.md."""

    max_file_bytes: int = 200 * 1024 * 1024  # the .docx itself
    max_part_bytes: int = 100 * 1024 * 1024  # one uncompressed part
    max_total_bytes: int = 300 * 1024 * 1024  # all parts read, uncompressed
    max_parts: int = 5000  # members in the zip
    max_xml_depth: int = 256  # element nesting (lxml's own guard is deeper)


DEFAULT_LIMITS = Limits()


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


class Package:
    """The parts of one .docx, read lazily and within limits."""

    def __init__(self, name: str, data: bytes, limits: Limits = DEFAULT_LIMITS):
        self.name = name
        self.limits = limits
        self._total = 0
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise InputError(name, f"not a valid .docx (broken zip archive: {exc})") from None
        if len(infos) > limits.max_parts:
            raise InputError(name, f"too many parts in the package ({len(infos)} > {limits.max_parts})")
        self._names = {i.filename.lstrip("/"): i for i in infos}

    def has(self, part: str) -> bool:
        return part in self._names

    def names(self) -> list[str]:
        return list(self._names)

    def read(self, part: str) -> bytes:
        """Read one part, streaming, stopping at the size caps whatever the zip claims."""
        info = self._names.get(part)
        if info is None:
            raise InputError(self.name, f"missing part {part}")
        if info.flag_bits & 0x1:
            raise InputError(self.name, "the package is encrypted")
        cap = self.limits.max_part_bytes
        chunks: list[bytes] = []
        size = 0
        try:
            with self._zip.open(info) as fh:
                while True:
                    chunk = fh.read(1 << 16)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > cap:
                        raise InputError(self.name, f"part {part} expands beyond {cap} bytes (decompression bomb?)")
                    if self._total + size > self.limits.max_total_bytes:
                        raise InputError(
                            self.name,
                            f"package expands beyond {self.limits.max_total_bytes} bytes (decompression bomb?)",
                        )
                    chunks.append(chunk)
        except InputError:
            raise
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
            raise InputError(self.name, f"cannot read part {part}: {exc}") from None
        except Exception as exc:  # zlib.error and friends
            raise InputError(self.name, f"cannot read part {part}: {exc}") from None
        self._total += size
        return b"".join(chunks)

    def xml(self, part: str) -> etree._Element:
        """Parse a part as XML with entities, DTDs and network access off."""
        data = self.read(part)
        if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:65536]:
            raise InputError(self.name, f"part {part} declares a DOCTYPE/entities, which .docx never needs (refused)")
        try:
            root = etree.fromstring(data, parser=_parser())
        except etree.XMLSyntaxError as exc:
            raise InputError(self.name, f"malformed XML in {part}: {exc.msg}") from None
        return root

    def xml_optional(self, part: str) -> etree._Element | None:
        return self.xml(part) if self.has(part) else None


def _sniff(name: str, data: bytes) -> None:
    if not data:
        raise InputError(name, "empty file (0 bytes)")
    head = data[:8]
    if head == OLE2_MAGIC:
        raise InputError(
            name,
            "an OLE2 compound file: a password-protected .docx, or a legacy .doc/.wps renamed; "
            "remove the password, or open it in Word/WPS and save as .docx",
        )
    if head.startswith(PDF_MAGIC):
        raise InputError(name, "a PDF file, not a .docx; check the Word original instead")
    if not head.startswith(ZIP_MAGIC):
        raise InputError(name, "not a .docx (not a zip package)")


def open_package(source: Source, name: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Package:
    """Open a path or bytes as a .docx package, or raise :class:`InputError`.

    The file is opened read-only and read once into memory (so it is never locked
    or written and the zip is never re-read from a changing file).
    """
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
        label = name or "<bytes>"
    else:
        path = os.fspath(source)
        label = name or path
        if os.path.isdir(path):
            raise InputError(label, "is a folder, not a file")
        try:
            size = os.path.getsize(path)
            if size > limits.max_file_bytes:
                raise InputError(label, f"file too large ({size} bytes > {limits.max_file_bytes})")
            with open(path, "rb") as fh:
                data = fh.read(limits.max_file_bytes + 1)
        except InputError:
            raise
        except FileNotFoundError:
            raise InputError(label, "no such file") from None
        except PermissionError:
            raise InputError(label, "permission denied") from None
        except OSError as exc:
            raise InputError(label, f"cannot read: {exc.strerror or exc}") from None
    _sniff(label, data)
    pkg = Package(label, data, limits)
    if not pkg.has("word/document.xml"):
        raise InputError(label, "not a Word document (no word/document.xml in the package)")
    return pkg
