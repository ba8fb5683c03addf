"""Converting the formats offices receive (.doc, .wps, .rtf, .odt) to .docx with LibreOffice.

Offices receive Word 97-2003 ``.doc`` and Kingsoft WPS ``.wps`` files as often as
``.docx``. The reader reads only .docx; rather than teach it four more formats, a file
whose bytes are one of those (the name alone decides nothing: a .docx named .doc is
read directly) is converted by LibreOffice, when it is installed, and the converted
copy is checked.

How, and why so:

* the input's bytes are copied into a private temporary folder and converted there,
  so the input (and its folder: LibreOffice leaves ``.~lock`` files) is never touched;
* ``soffice --headless`` runs with its own user profile
  (``-env:UserInstallation=file:///tmp/...``): two LibreOffice processes sharing a
  profile refuse to run side by side, so each converting thread has its own;
* the same limits as a check: an input over ``max-file-bytes`` is not converted, and
  the conversion gets the per-file time budget (its process group is killed after it);
* a conversion that fails or times out becomes the file's ``error`` result, with the
  reason in both languages (:class:`ConversionError`).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .findings import Message

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: The conversion's time limit when the check itself has none (a single file): never hang.
DEFAULT_TIMEOUT = 300.0
#: What an office can do when LibreOffice is missing (appended to the reader's reason).
HINT = Message(
    zh="安装 LibreOffice（soffice）或在 checker.yaml 中用 soffice: 指定其路径，即可自动转换此类文件后检查",
    en="install LibreOffice (soffice) or name it with `soffice:` in checker.yaml to convert such files automatically",
)


class ConversionError(Exception):
    """A conversion that did not give a .docx; ``message`` says why in both languages."""

    def __init__(self, message: Message):
        super().__init__(message.en)
        self.message = message


@dataclass(frozen=True)
class Converted:
    """A converted copy: where it is, what it was, what made it."""

    path: str
    source_format: str  # "doc", "wps", "rtf", "odt"
    tool: str  # e.g. "LibreOffice 7.4.7.2"

    def message(self) -> Message:
        return Message(zh=f"已由 {self.tool} 从 .{self.source_format} 格式转换为 .docx 后检查",
                       en=f"converted from .{self.source_format} to .docx by {self.tool} before checking")


def ole_has_stream(data: bytes, name: str) -> bool:
    """True when an OLE2 directory entry carries ``name``: the reader's own test
    (:func:`checker.reader.package._ole_has_stream`), so both agree on what a .doc is."""
    from .reader.package import _ole_has_stream

    return _ole_has_stream(data, name)


#: OLE2 streams of documents LibreOffice converts: Word 97-2003 (and Kingsoft WPS, which
#: writes the same), Microsoft Works / WPS. An encrypted .docx is OLE2 too, and is not one.
_OLE_DOCUMENT_STREAMS = ("WordDocument", "CONTENTS", "WpsContent")


def source_format(data: bytes, name: str) -> str | None:
    """The format to convert from, judged from the bytes (``name`` only tells .doc from .wps),
    or None when the file is not one we convert (a .docx, whatever its name, is read directly;
    a password-protected .docx stays the reader's to explain). ``data`` is the whole file for
    an OLE2 file (its directory may be anywhere), else at least its first 4 KiB."""
    ext = os.path.splitext(name)[1].lower().lstrip(".")
    if data.startswith(OLE2_MAGIC):
        if not any(ole_has_stream(data, s) for s in _OLE_DOCUMENT_STREAMS):
            return None
        return "wps" if ext in ("wps", "wpt") else "doc"
    head = data[:4096]
    if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:5].lower() == b"{\\rtf":
        return "rtf"
    if head.startswith(b"PK\x03\x04") and b"mimetypeapplication/vnd.oasis.opendocument.text" in head[:128]:
        return "odt"
    return None


def is_opendocument(data: bytes) -> bool:
    """An .odt whose ``mimetype`` entry is not first (allowed, if unusual) is still one."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            return "word/document.xml" not in names and "content.xml" in names and \
                zf.read("mimetype").strip() == b"application/vnd.oasis.opendocument.text"
    except Exception:
        return False


def find_soffice(configured: str | None = None) -> str | None:
    """The LibreOffice program: the configured one (a path or a name on PATH), else
    ``soffice`` / ``libreoffice`` on PATH, else None."""
    if configured:
        found = shutil.which(configured)
        return found or None
    return shutil.which("soffice") or shutil.which("libreoffice")


@lru_cache(maxsize=8)
def soffice_version(program: str) -> str:
    """``LibreOffice 7.4.7.2`` (what the result says converted the file)."""
    try:
        out = subprocess.run([program, "--version"], capture_output=True, text=True, timeout=60,
                             stdin=subprocess.DEVNULL).stdout
    except (OSError, subprocess.SubprocessError):
        out = ""
    words = out.split()
    return " ".join(words[:2]) if len(words) >= 2 else "LibreOffice"


class Converter:
    """Converts files with one LibreOffice program; thread-safe, one profile per thread.

    ``workdir`` is a private temporary folder that holds the copies, the converted files
    and the profiles until :meth:`close`.
    """

    def __init__(self, program: str, *, max_bytes: int, timeout: float | None):
        self.program = program
        self.tool = soffice_version(program)
        self.max_bytes = max_bytes
        self.timeout = timeout or DEFAULT_TIMEOUT
        self._tmp = tempfile.TemporaryDirectory(prefix="checker-convert-")
        self.workdir = Path(self._tmp.name)
        self._local = threading.local()
        self._count = 0
        self._lock = threading.Lock()

    def close(self) -> None:
        self._tmp.cleanup()

    def __enter__(self) -> "Converter":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _next(self) -> int:
        with self._lock:
            self._count += 1
            return self._count

    def _profile(self) -> Path:
        profile = getattr(self._local, "profile", None)
        if profile is None:
            profile = self.workdir / f"profile-{self._next()}"
            self._local.profile = profile
        return profile

    def convert(self, data: bytes, fmt: str) -> Converted:  # noqa: C901 - one subprocess, its outcomes
        """Convert ``data`` (a ``fmt`` file) to .docx; :class:`ConversionError` when it cannot."""
        if len(data) > self.max_bytes:
            raise ConversionError(Message(
                zh=f"文件过大（{len(data)} 字节，超过 max-file-bytes 限制 {self.max_bytes}），未转换",
                en=f"file too large to convert ({len(data)} bytes; the limit max-file-bytes is {self.max_bytes})"))
        job = self.workdir / f"job-{self._next()}"
        out = job / "out"
        out.mkdir(parents=True)
        src = job / f"report.{fmt}"
        src.write_bytes(data)
        cmd = [self.program, f"-env:UserInstallation={self._profile().as_uri()}", "--headless", "--invisible",
               "--norestore", "--nologo", "--nodefault", "--nolockcheck",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(src)]
        tmp = job / "tmp"  # LibreOffice's own temporary files stay in our folder too
        tmp.mkdir()
        env = {**os.environ, "TMPDIR": str(tmp), "TMP": str(tmp), "TEMP": str(tmp)}
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                start_new_session=True, env=env)  # its own process group: a timeout kills soffice.bin too
        try:
            _, err = proc.communicate(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise ConversionError(Message(
                zh=f"用 {self.tool} 转换为 .docx 超时（超过 {self.timeout:g} 秒），未检查",
                en=f"converting to .docx with {self.tool} exceeded the time budget of {self.timeout:g} s; "
                   "the file was not checked")) from None
        finally:
            _kill_group(proc, only_leftovers=True)
        result = out / "report.docx"
        if proc.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
            detail = _detail(err.decode("utf-8", "replace"), proc.returncode)
            raise ConversionError(Message(
                # LibreOffice's own words (English) are kept in the English reason only
                zh=f"{self.tool} 无法将其转换为 .docx（文件可能已损坏）",
                en=f"{self.tool} could not convert it to .docx (the file may be damaged): {detail}"))
        if result.stat().st_size > self.max_bytes:
            raise ConversionError(Message(
                zh=f"转换得到的 .docx 过大（超过 max-file-bytes 限制 {self.max_bytes}），未检查",
                en=f"the converted .docx is too large (over the limit max-file-bytes {self.max_bytes})"))
        src.unlink(missing_ok=True)
        if not _has_text(result, self.max_bytes):
            raise ConversionError(Message(
                zh=f"{self.tool} 转换得到的是空白文档（原文件可能已损坏）",
                en=f"{self.tool} converted it to an empty document (the file may be damaged)"))
        return Converted(path=str(result), source_format=fmt, tool=self.tool)


_TEXT = re.compile(rb"<w:t(?:\s[^>]*)?>\s*[^<\s]")


def _has_text(docx: Path, max_bytes: int) -> bool:
    """Whether the converted document has any text: LibreOffice turns a damaged .doc whose
    header it accepts into an empty document rather than failing, and an empty document is
    not the report that was sent."""
    try:
        with zipfile.ZipFile(docx) as zf:
            with zf.open("word/document.xml") as fh:
                return bool(_TEXT.search(fh.read(max_bytes)))
    except (KeyError, OSError, zipfile.BadZipFile):
        return False


def _detail(stderr: str, returncode: int | None) -> str:
    """LibreOffice's own reason, without its start-up noise (javaldx warnings)."""
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip() and "javaldx" not in ln]
    errors = [ln for ln in lines if ln.lower().startswith("error")] or lines
    return " ".join(" ".join(errors).split())[-160:] or f"exit code {returncode}"


def _kill_group(proc: subprocess.Popen, only_leftovers: bool = False) -> None:
    """End the conversion's process group (soffice forks soffice.bin)."""
    try:
        if only_leftovers and proc.poll() is None:
            return
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError):
        pass
    if proc.poll() is None:
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            pass
