"""Turn command-line arguments into the list of inputs to check.

An argument may be a file, a folder (walked recursively), a glob pattern
(``incoming/**/*.docx``, expanded here so that it also works where the shell does
not expand it) or a ``.zip`` archive of submissions (members labelled
``archive.zip/inner/path.docx``; a zip inside a zip is opened too, up to
:data:`MAX_ARCHIVE_DEPTH` levels, every entry counted against ``max-parts`` of the
top archive and :data:`MAX_BATCH_ARCHIVE_ENTRIES` for the batch).

Symbolic links: a file or folder named on the command line is followed (the user
chose it); a link met inside a folder or through a pattern is not (a link in a
submissions folder could point anywhere, e.g. at a private file that would then be
quoted in the reports): it is skipped with a note.

What becomes of a file found in a folder, a glob or an archive depends on its
extension:

* ``.docx`` / ``.docm`` / ``.dotx``: checked;
* ``.doc``, ``.wps``, ``.pdf``, ``.rtf``, ``.odt``...: *also* checked, so that each
  gets its own result with verdict ``error`` and a reason saying how to convert it
  (the reader recognises the real format from the bytes, so a .docx misnamed .doc
  is still checked normally); those LibreOffice converts (:func:`legacy_format`:
  .doc, .wps, .rtf, .odt by their bytes) are converted and checked when it is
  installed (:mod:`checker.convert`, driven by :mod:`checker.round.session`);
* Word lock files (``~$name.docx``), macOS resource forks and anything else:
  skipped, with a note (:attr:`InputItem.skip`) that the command prints.

A file named explicitly on the command line is always checked (unless it is a
lock file or an archive). Inputs are de-duplicated (same real file, same archive
member) and keep a stable order: arguments in the order given, folder contents
and archive members sorted by name.
"""

from __future__ import annotations

import glob
import io
import os
import zipfile
from collections import OrderedDict
from dataclasses import dataclass
from typing import IO, Iterable, Iterator

from ..errors import InputError
from ..findings import Message
from ..reader.package import DEFAULT_LIMITS, Limits, shown
from ..text import printable

#: Extensions checked as reports.
REPORT_EXTENSIONS = frozenset({".docx", ".docm", ".dotx", ".dotm"})
#: Extensions of documents that are not .docx but are clearly meant as reports:
#: checked so that each gets an ``error`` result saying how to convert it.
CONVERTIBLE_EXTENSIONS = frozenset({".doc", ".dot", ".wps", ".wpt", ".pdf", ".rtf", ".odt", ".ofd", ".xps",
                                    ".mht", ".mhtml", ".wri"})
ARCHIVE_EXTENSIONS = frozenset({".zip"})
#: How deep zips inside zips are opened.
MAX_ARCHIVE_DEPTH = 2
_GLOB_CHARS = frozenset("*?[")
#: Stored and deflated only: zipfile gives the bzip2 and LZMA decompressors no output
#: bound, so a few hundred bytes of those can expand to gigabytes in one call.
_ZIP_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
#: Labels show names as given, with control and bidi characters escaped (a file name
#: must not add a line to the output or spoof a terminal) and no practical length limit.
_LABEL_LIMIT = 4096
_CHUNK = 1 << 16


@dataclass(frozen=True)
class InputItem:
    """One thing to check.

    ``label`` is how reports name it (the path as given, or
    ``archive.zip/inner/path.docx``); ``path`` is the file on disk (the archive for
    a member); ``member`` the chain of member names inside it (several for a zip in
    a zip). ``skip`` carries a note for inputs passed over on purpose (English;
    ``skip_zh`` the same in Chinese); ``error`` a reason known before checking (an
    encrypted archive member, a broken archive), which becomes an ``error`` result:
    both languages as this module makes them (an English-only ``str`` from elsewhere
    gets its Chinese from :mod:`checker.reasons`).
    """

    label: str
    path: str
    skip: str | None = None
    member: tuple[str, ...] = ()
    error: str | Message | None = None
    skip_zh: str | None = None

    def skip_note(self, lang: str = "en") -> str | None:
        if self.skip is None:
            return None
        return (self.skip_zh or self.skip) if lang == "zh" else self.skip


# --- classification ----------------------------------------------------------------


def _ext(name: str) -> str:
    return os.path.splitext(name)[1].lower()


def _is_lock_file(name: str) -> bool:
    return os.path.basename(name.rstrip("/\\")).startswith("~$")


def _skipped(label: str, path: str, en: str, zh: str, member: tuple[str, ...] = ()) -> InputItem:
    return InputItem(label=label, path=path, skip=en, skip_zh=zh, member=member)


def _lock_note(label: str, path: str, member: tuple[str, ...] = ()) -> InputItem:
    return _skipped(label, path, "Word lock file (~$...), not a report: skipped",
                    "Word 临时锁定文件（~$ 开头），不是报告，已跳过", member)


def _other_note(label: str, path: str, member: tuple[str, ...] = ()) -> InputItem:
    return _skipped(label, path, "not a report (.docx) file: skipped", "不是报告文件（.docx），已跳过", member)


def _is_junk(name: str) -> bool:
    """macOS resource forks and folder metadata that archives and USB sticks carry."""
    base = os.path.basename(name.rstrip("/"))
    return (
        name.startswith("__MACOSX/") or "/__MACOSX/" in name or base.startswith("._")
        or base in (".DS_Store", "Thumbs.db", "desktop.ini")
    )


# --- archives ----------------------------------------------------------------------


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's name for people: zips made on Chinese Windows store GBK names
    without the UTF-8 flag, which :mod:`zipfile` decodes as cp437."""
    name = info.filename
    if info.flag_bits & 0x800 or name.isascii():
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return name


def _open_zip(fileobj: IO[bytes], label: str, limits: Limits) -> zipfile.ZipFile:
    """Open an archive, bounding its directory before :mod:`zipfile` parses it."""
    try:
        endrec = zipfile._EndRecData(fileobj)  # type: ignore[attr-defined]
    except Exception:
        endrec = None
    if endrec:
        entries = endrec[zipfile._ECD_ENTRIES_TOTAL]  # type: ignore[attr-defined]
        size = endrec[zipfile._ECD_SIZE]  # type: ignore[attr-defined]
        if entries > limits.max_parts or size > limits.max_parts * 1024:
            raise InputError(label, Message(
                zh=f"压缩包条目过多（{entries} 个，超出 max-parts 限制 {limits.max_parts}），未检查其中的文件",
                en=f"archive has too many entries ({entries}; the limit max-parts is {limits.max_parts})"))
    try:
        fileobj.seek(0)
        return zipfile.ZipFile(fileobj)
    except Exception as exc:  # BadZipFile, struct errors...: the input's fault
        why = shown(str(exc) or type(exc).__name__, 160)  # zipfile's own words, kept for support
        raise InputError(label, Message(zh=f"不是有效的 .zip 压缩包（{why}）",
                                        en=f"not a valid .zip archive ({why})")) from None


def _member_problem(info: zipfile.ZipInfo, limits: Limits) -> Message | None:
    if info.flag_bits & 0x1:
        return Message(zh="压缩包中的该文件设置了密码：请先用密码解压，再检查其中的 .docx",
                       en="encrypted (password-protected) archive entry; extract it with the password and check the .docx itself")
    if info.compress_type not in _ZIP_METHODS:
        return Message(zh=f"压缩包中的该文件使用了 zip 压缩方式 {info.compress_type}，只能读取不压缩或 deflate 压缩的文件："
                          "请用常规 zip 压缩重新打包",
                       en=f"archive entry uses zip compression method {info.compress_type}; only stored or deflated "
                          "entries are read (re-create the archive with ordinary zip compression)")
    if info.file_size > limits.max_file_bytes:
        return Message(zh=f"文件过大（{info.file_size} 字节，超出 max-file-bytes 限制 {limits.max_file_bytes}）",
                       en=f"file too large ({info.file_size} bytes; the limit max-file-bytes is {limits.max_file_bytes})")
    return None


def _read_info(zf: zipfile.ZipFile, info: zipfile.ZipInfo, label: str, limits: Limits) -> bytes:
    """Read one archive member, streaming, stopping at ``max_file_bytes`` whatever the zip claims."""
    problem = _member_problem(info, limits)
    if problem:
        raise InputError(label, problem)
    cap = limits.max_file_bytes
    buf = bytearray()
    try:
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(_CHUNK)
                if not chunk:
                    break
                buf += chunk
                if len(buf) > cap:
                    raise InputError(label, Message(
                        zh=f"压缩包中的该文件解压后超过 {cap} 字节（疑似压缩炸弹；限制 max-file-bytes），已拒绝检查",
                        en=f"archive entry expands beyond {cap} bytes (decompression bomb? the limit is max-file-bytes)"))
    except (InputError, MemoryError):
        raise
    except Exception as exc:  # bad CRC, truncated archive, zlib errors...
        why = shown(str(exc) or type(exc).__name__, 160)  # zipfile's or zlib's own words, kept for support
        raise InputError(label, Message(zh=f"无法从压缩包中解压该文件：{why}",
                                        en=f"cannot extract from the archive: {why}")) from None
    return bytes(buf)


class _OpenArchive:
    """An archive opened once: its directory parsed once, its members found by name in O(1)."""

    def __init__(self, zf: zipfile.ZipFile, keep: object = None):
        self.zf = zf
        self.keep = keep  # the file object or bytes the ZipFile reads from
        self.first: dict[str, zipfile.ZipInfo] = {}
        for info in zf.infolist():
            self.first.setdefault(info.filename, info)  # the first entry of a name, as listed

    def close(self) -> None:
        try:
            self.zf.close()
        finally:
            close = getattr(self.keep, "close", None)
            if close is not None:
                close()


#: Archives this process has open, keyed by (path, size, mtime, chain of members):
#: the members of one archive are checked one after another, and each used to reopen
#: the archive and parse its whole directory (and a nested zip's), so a 5,000-member
#: zip took 52 s. A handful is kept; the least recently used is closed.
_OPEN: "OrderedDict[tuple, _OpenArchive]" = OrderedDict()
_OPEN_MAX = 4


def _cached(key: tuple, open_it) -> _OpenArchive:
    archive = _OPEN.get(key)
    if archive is not None:
        _OPEN.move_to_end(key)
        return archive
    archive = open_it()
    _OPEN[key] = archive
    while len(_OPEN) > _OPEN_MAX:
        _, old = _OPEN.popitem(last=False)
        old.close()
    return archive


def close_archives() -> None:
    """Close every archive this process keeps open (end of a batch)."""
    while _OPEN:
        _OPEN.popitem()[1].close()


def read_member(item: InputItem, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The bytes of an archive member (``item.member``), read within the limits.

    The archive (and each zip inside it on the way) is opened once per process and
    kept open for the next member. Raises :class:`InputError` for a broken or hostile
    archive.
    """
    if not item.member:
        raise ValueError("not an archive member")
    try:
        st = os.stat(item.path)
    except OSError as exc:
        raise InputError(item.label, _cannot_open(exc)) from None
    base = (os.path.abspath(item.path), st.st_size, st.st_mtime_ns, limits)

    def open_outer() -> _OpenArchive:
        fh = open(item.path, "rb")
        try:
            return _OpenArchive(_open_zip(fh, item.label, limits), fh)
        except BaseException:
            fh.close()
            raise

    archive = _cached(base, open_outer)
    data = b""
    for depth, name in enumerate(item.member):
        info = archive.first.get(name)
        if info is None:
            raise InputError(item.label, Message(zh="压缩包中找不到该文件（压缩包在检查过程中被改动了？）",
                                                 en="archive entry not found (the archive changed?)"))
        if depth == len(item.member) - 1:
            data = _read_info(archive.zf, info, item.label, limits)
        else:
            outer, inner_info = archive, info

            def open_inner(outer=outer, inner_info=inner_info) -> _OpenArchive:
                inner = io.BytesIO(_read_info(outer.zf, inner_info, item.label, limits))
                return _OpenArchive(_open_zip(inner, item.label, limits), inner)

            archive = _cached(base + item.member[: depth + 1], open_inner)
    return data


#: Archive members (reports and other files) one batch expands to, archives inside
#: archives included. Each archive on its own is bounded by ``max-parts`` (its entries
#: plus those of every zip inside it); this bounds the whole batch.
MAX_BATCH_ARCHIVE_ENTRIES = 20_000


@dataclass
class _Budget:
    """What is left to expand: of one top-level archive (entries, bytes of the zips
    inside it) and of the whole batch (entries)."""

    entries: int
    nested_bytes: int
    batch: list[int]  # [entries left in the batch], shared by every archive of one expansion


def _over_budget(n: int, budget: _Budget, limits: Limits) -> Message | None:
    if n > budget.entries:
        return Message(
            zh=f"压缩包（含其中的压缩包）条目过多，超过每个压缩包 {limits.max_parts} 个的限制（max-parts），未检查其中的文件",
            en=f"archive holds too many entries (counting the archives inside it, more than the limit "
               f"max-parts = {limits.max_parts} per archive); its files were not checked")
    if n > budget.batch[0]:
        return Message(
            zh=f"本次检查的压缩包条目总数超过 {MAX_BATCH_ARCHIVE_ENTRIES} 个，该压缩包中的文件未检查（请分批检查）",
            en=f"archives of this batch hold more than {MAX_BATCH_ARCHIVE_ENTRIES} entries in all; "
               "the files of this one were not checked (check the archives in several runs)")
    return None


def _expand_archive(fileobj: IO[bytes], label: str, path: str, chain: tuple[str, ...],
                    limits: Limits, budget: _Budget) -> Iterator[InputItem]:
    try:
        zf = _open_zip(fileobj, label, limits)
    except InputError as exc:
        yield InputItem(label=label, path=path, member=chain, error=exc.reason_message)
        return
    with zf:
        infos = zf.infolist()
        over = _over_budget(len(infos), budget, limits)
        if over is not None:
            yield InputItem(label=label, path=path, member=chain, error=over)
            return
        budget.entries -= len(infos)
        budget.batch[0] -= len(infos)
        seen: set[str] = set()
        entries = sorted((i for i in infos if not i.is_dir()), key=lambda i: _member_name(i))
        found = 0
        for info in entries:
            name = _member_name(info)
            member_label = f"{label}/{_label(name)}"
            member = chain + (info.filename,)
            if info.filename in seen:
                yield _skipped(member_label, path, "duplicate archive entry: skipped", "压缩包中的重复条目，已跳过", member)
                continue
            seen.add(info.filename)
            ext = _ext(name)
            if _is_junk(name):
                continue  # macOS metadata: never a report, never worth a note
            if _is_lock_file(name):
                yield _lock_note(member_label, path, member)
            elif ext in ARCHIVE_EXTENSIONS:
                if len(member) >= MAX_ARCHIVE_DEPTH:
                    yield _skipped(member_label, path, f"archive nested more than {MAX_ARCHIVE_DEPTH} deep: skipped",
                                   f"压缩包嵌套超过 {MAX_ARCHIVE_DEPTH} 层，已跳过", member)
                    continue
                if info.file_size > budget.nested_bytes:
                    yield InputItem(label=member_label, path=path, member=member, error=Message(
                        zh=f"压缩包中的压缩包解压后合计超过 {limits.max_total_bytes} 字节（限制 max-total-bytes），未打开",
                        en=f"the archives inside this archive expand beyond {limits.max_total_bytes} bytes in all "
                           "(the limit max-total-bytes); not opened"))
                    continue
                try:
                    data = _read_info(zf, info, member_label, limits)
                except InputError as exc:
                    yield InputItem(label=member_label, path=path, member=member, error=exc.reason_message)
                    continue
                budget.nested_bytes -= len(data)
                found += 1
                yield from _expand_archive(io.BytesIO(data), member_label, path, member, limits, budget)
            elif ext in REPORT_EXTENSIONS or ext in CONVERTIBLE_EXTENSIONS:
                found += 1
                yield InputItem(label=member_label, path=path, member=member, error=_member_problem(info, limits))
            else:
                yield _other_note(member_label, path, member)
        if not found:
            yield _skipped(label, path, "archive holds no report", "压缩包中没有报告文件", chain)


def _cannot_open(exc: OSError) -> Message:
    why = shown(exc.strerror or str(exc))  # the system's words, kept for support
    return Message(zh=f"无法打开压缩包：{why}", en=f"cannot open the archive: {why}")


def _archive_items(path: str, label: str, limits: Limits, batch: list[int]) -> Iterator[InputItem]:
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield InputItem(label=label, path=path, error=_cannot_open(exc))
        return
    with fh:
        yield from _expand_archive(fh, label, path, (), limits, _Budget(limits.max_parts, limits.max_total_bytes, batch))


# --- files and folders -------------------------------------------------------------


def _label(path: str) -> str:
    # printable(): a name that is not valid UTF-8 arrives from os.walk as \udcXX
    # surrogates, which no report could encode; they are shown as escapes
    return printable(shown(path, _LABEL_LIMIT), multiline=False)


def _link_note(label: str, path: str) -> InputItem:
    return _skipped(label, path, "symbolic link: not followed in a folder or a pattern (name it to check it)",
                    "符号链接：扫描文件夹或通配符时不跟随（如需检查请直接指定该文件）")


def _found_file(path: str, limits: Limits, batch: list[int]) -> Iterator[InputItem]:
    """A file met in a folder or through a glob pattern: classified by its name."""
    ext = _ext(path)
    label = _label(path)
    if _is_junk(path):
        return
    if os.path.islink(path):
        yield _link_note(label, path)
    elif _is_lock_file(path):
        yield _lock_note(label, path)
    elif ext in ARCHIVE_EXTENSIONS:
        yield from _archive_items(path, label, limits, batch)
    elif ext in REPORT_EXTENSIONS or ext in CONVERTIBLE_EXTENSIONS:
        yield InputItem(label, path)
    else:
        yield _other_note(label, path)


def _walk(folder: str, limits: Limits, batch: list[int]) -> Iterator[InputItem]:
    """Every file under ``folder``; symbolic links (to files or folders) are not followed."""
    for dirpath, dirnames, filenames in os.walk(folder):  # os.walk does not descend into linked folders
        links = [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]
        dirnames[:] = sorted(d for d in dirnames if d != "__MACOSX" and d not in links)
        for name in sorted(filenames + links):
            yield from _found_file(os.path.join(dirpath, name), limits, batch)


def _explicit(arg: str, limits: Limits, batch: list[int]) -> Iterator[InputItem]:
    label = _label(arg)
    if os.path.isdir(arg) and _ext(arg) not in REPORT_EXTENSIONS:
        yield from _walk(arg, limits, batch)
    elif _is_lock_file(arg):
        yield _lock_note(label, arg)
    elif _ext(arg) in ARCHIVE_EXTENSIONS and os.path.isfile(arg):
        yield from _archive_items(arg, label, limits, batch)
    else:
        # checked whatever its name: a missing file, or a folder named x.docx, becomes
        # an error result with the reader's reason
        yield InputItem(label, arg)


def _through_link(match: str, root: str) -> bool:
    """True when ``match`` is reached through a symbolic link to a folder below ``root``
    (the part of the pattern before its first wildcard): ``glob``'s ``**`` follows them."""
    parent = os.path.dirname(match)
    root = os.path.normpath(root) if root else ""
    while parent and os.path.normpath(parent) != root:
        if os.path.islink(parent):
            return True
        up = os.path.dirname(parent)
        if up == parent:
            break
        parent = up
    return False


def _pattern_root(pattern: str) -> str:
    head = []
    for part in pattern.replace("\\", "/").split("/"):
        if _GLOB_CHARS & set(part):
            break
        head.append(part)
    return "/".join(head)


def _one_argument(arg: str, limits: Limits, batch: list[int]) -> Iterator[InputItem]:
    if os.path.exists(arg) or not (_GLOB_CHARS & set(arg)):
        yield from _explicit(arg, limits, batch)
        return
    root = _pattern_root(arg)
    matches = [m for m in sorted(glob.glob(arg, recursive=True)) if not _through_link(m, root)]
    if not matches:
        yield _skipped(_label(arg), arg, "the pattern matches no file", "该通配符没有匹配到任何文件")
    for match in matches:
        if os.path.isdir(match) and not os.path.islink(match):
            yield from _walk(match, limits, batch)
        else:
            yield from _found_file(match, limits, batch)


def _identity(item: InputItem) -> tuple:
    try:
        real = os.path.realpath(item.path)
        st = os.stat(real)
        key: object = (st.st_dev, st.st_ino) if st.st_ino else os.path.normcase(real)
    except OSError:
        key = os.path.normcase(os.path.abspath(item.path))
    return (key, item.member)


def legacy_format(item: InputItem, limits: Limits = DEFAULT_LIMITS) -> str | None:
    """The format (``doc``, ``wps``, ``rtf``, ``odt``) of an input that LibreOffice can
    convert to .docx, judged from its bytes (:func:`checker.convert.source_format`), or
    None: a .docx under any name, an input already known to be broken, anything else."""
    from ..convert import OLE2_MAGIC, is_opendocument, source_format

    if item.skip is not None or item.error is not None:
        return None
    name = item.member[-1] if item.member else item.path
    if item.member:
        if _ext(name) not in CONVERTIBLE_EXTENSIONS:
            return None  # a .docx member is read directly: no need to extract it twice
        try:
            data = read_member(item, limits)
        except InputError:
            return None  # the check says why
    else:
        if not os.path.isfile(item.path):
            return None  # a FIFO, a device, a folder: never opened here (the reader refuses them with a reason)
        try:
            with open(item.path, "rb") as fh:
                data = fh.read(4096)
                if data.startswith(OLE2_MAGIC) or (data.startswith(b"PK\x03\x04") and _ext(name) == ".odt"):
                    data += fh.read(limits.max_file_bytes)  # the OLE2 directory / the zip directory
        except OSError:
            return None
    fmt = source_format(data, name)
    if fmt is None and data.startswith(b"PK\x03\x04") and _ext(name) == ".odt" and is_opendocument(data):
        fmt = "odt"
    return fmt


def expand_inputs(paths: Iterable[str], limits: Limits = DEFAULT_LIMITS) -> list[InputItem]:
    """Expand files, folders, globs and archives into inputs, de-duplicated, in a stable order.

    Skipped inputs are kept in the list (with ``skip`` set) so the caller can show
    why they were passed over; :func:`~checker.batch.run_batch` ignores them.
    """
    items: list[InputItem] = []
    seen: set[tuple] = set()
    batch = [MAX_BATCH_ARCHIVE_ENTRIES]  # archive entries left for this expansion
    for arg in paths:
        for item in _one_argument(os.fspath(arg), limits, batch):
            if item.skip is None:
                key = _identity(item)
                if key in seen:
                    continue
                seen.add(key)
            items.append(item)
    return items
