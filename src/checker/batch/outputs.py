"""Where the checker writes, and how: checked before any work, written atomically.

The checker writes only files the user named (``-o``, ``--report FORMAT:PATH``,
``--annotate``, ``checker template -o``), and each of them is

* **checked before any work starts** (:func:`check_outputs`): refused when it is an
  input (the same file by device and inode, links resolved), a folder, a device, a
  pipe or a socket, a symbolic link, a read-only file, named twice, or in a place
  where no file can be made (a parent that is a file, a folder without write
  permission). A folder that
  does not exist yet is created when the file is written, as ``ruff --output-file``
  does; the check makes sure it can be.
* **written atomically** (:func:`write_atomic`): the whole text is rendered in
  memory first (a reporter that fails leaves nothing behind), then written to a
  hidden temporary file in the same folder, which replaces the target only when it
  is complete. A reader of the target sees the old file or the new one, never a
  part; two runs writing one path leave one whole report, the last one's.
* SIGTERM and SIGHUP during the write remove the temporary file
  (:func:`cleanup_on_signals`), so a killed run leaves no ``.name.XXXX.tmp`` behind.

Why symbolic links are refused instead of followed or replaced: following one lets
a report land wherever the link points (an input, a file of another user); replacing
the link silently changes what the user set up. Naming the real file is one edit.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
import threading
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

from ..errors import ConfigError
from ..findings import Message


class OutputError(ConfigError):
    """An output path that cannot be used: one line, in both languages (``message``)."""

    def __init__(self, message: Message):
        super().__init__(message.en)
        self.message = message


@dataclass(frozen=True)
class Output:
    """An output the user asked for: ``option`` as typed (``-o``, ``--report json``), ``path``."""

    option: str
    path: str


def _refuse(out: Output, zh: str, en: str) -> OutputError:
    from ..text import printable

    where = printable(f"{out.option} {out.path}", multiline=False)
    return OutputError(Message(zh=f"{where}：{zh}", en=f"{where}: {en}"))


def _identity(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)  # follows links: an output that is a link to an input is that input
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino)


def input_identities(paths: Iterable[str]) -> set[tuple[int, int]]:
    """Device and inode of every input that exists (links resolved)."""
    return {key for key in (_identity(p) for p in paths) if key is not None}


def _nearest_existing(folder: str) -> str:
    while folder and not os.path.lexists(folder):
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    return folder or "."


def check_output(out: Output, inputs: set[tuple[int, int]]) -> None:
    """Raise :class:`OutputError` when ``out`` must not be written (see the module doc)."""
    path = out.path
    if not path or "\x00" in path:
        raise _refuse(out, "不是有效的文件路径", "not a valid file path")
    try:
        st = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):  # the parent is checked below
        st = None
    except OSError as exc:
        raise _refuse(out, f"无法访问（{exc.strerror}）", f"cannot be accessed ({exc.strerror})") from None
    if st is not None:
        if stat.S_ISLNK(st.st_mode):
            if _identity(path) in inputs:
                raise _refuse(out, "是指向输入文件的符号链接，检查程序从不写入输入文件",
                              "is a symbolic link to an input file; the checker never writes an input")
            raise _refuse(out, "是符号链接，请直接写出实际文件的路径",
                          "is a symbolic link; name the real file instead (outputs never follow links)")
        if stat.S_ISDIR(st.st_mode):
            raise _refuse(out, "是文件夹，不是文件", "is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise _refuse(out, "是设备、管道或套接字，不是普通文件",
                          "is a device, pipe or socket, not a regular file")
        if (st.st_dev, st.st_ino) in inputs:
            raise _refuse(out, "是输入文件本身，写入会覆盖输入文件（检查程序从不写入输入文件）：请另选输出路径",
                          "would overwrite an input file (the checker never writes an input): choose another path")
        if not os.access(path, os.W_OK):  # the new file would replace it: respect its protection
            raise _refuse(out, "是只读文件，无法写入", "is read-only; it cannot be written")
    folder = os.path.dirname(os.path.abspath(path))
    existing = _nearest_existing(folder)
    if not os.path.isdir(existing):
        raise _refuse(out, f"无法创建：{existing} 不是文件夹", f"cannot be created: {existing} is not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise _refuse(out, f"无法写入：没有在 {existing} 中创建文件的权限",
                      f"cannot be written: no permission to create files in {existing}")


def check_outputs(outputs: Sequence[Output], inputs: Iterable[str] = ()) -> None:
    """Check every output before any work: each one as :func:`check_output`, and no
    two outputs on one path (the second would silently replace the first)."""
    ids = input_identities(inputs)
    seen: dict[str, Output] = {}
    for out in outputs:
        check_output(out, ids)
        key = os.path.normcase(os.path.realpath(out.path))
        if key in seen:
            first = seen[key]
            raise _refuse(out, f"与 {first.option} 写到同一个文件", f"is the same file as {first.option}")
        seen[key] = out


# --- writing -------------------------------------------------------------------------


class _Interrupted(BaseException):
    """SIGTERM/SIGHUP while an output is being written: unwinds so the temporary file is removed."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def cleanup_on_signals() -> Iterator[None]:
    """While the block runs, SIGTERM and SIGHUP unwind it (``finally`` clauses run,
    temporary files are removed) and then end the process as the signal would have."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    names = [n for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n)]
    old = {}

    def _raise(signum, frame):  # noqa: ARG001
        raise _Interrupted(signum)

    try:
        for name in names:
            num = getattr(signal, name)
            old[num] = signal.signal(num, _raise)
    except (ValueError, OSError):
        pass
    try:
        yield
    except _Interrupted as exc:
        for num, handler in old.items():
            signal.signal(num, handler)
        old = {}
        signal.signal(exc.signum, signal.SIG_DFL)
        os.kill(os.getpid(), exc.signum)  # end as the signal asked, now that nothing is left behind
        raise SystemExit(128 + exc.signum) from None
    finally:
        for num, handler in old.items():
            signal.signal(num, handler)


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def temporary_beside(path: str, suffix: str = ".tmp") -> str:
    """A new empty hidden file in the folder of ``path`` (created, missing folders too)."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=suffix, dir=folder)
    os.close(fd)
    return tmp


def replace_with(tmp: str, path: str) -> None:
    """Give ``tmp`` the permissions of a new file (mkstemp makes it 0600) and move it onto ``path``."""
    os.chmod(tmp, _new_file_mode())
    os.replace(tmp, path)


def write_atomic(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder."""
    with cleanup_on_signals():
        tmp = temporary_beside(path)
        try:
            with open(tmp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            replace_with(tmp, path)
        finally:
            if os.path.lexists(tmp):
                os.unlink(tmp)


def encode(text: str, encoding: str) -> bytes:
    """The report's bytes; a character the encoding cannot hold (a lone surrogate that
    slipped through) is written as a ``\\uXXXX`` escape instead of failing the report."""
    return text.encode(encoding, errors="backslashreplace")
