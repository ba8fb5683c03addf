"""Check a list of inputs, serially or in worker processes, in a stable order.

* One input, or ``jobs=1``: checked in this process with the caller's engine (no
  process is started, so a drafter's pre-commit run stays fast).
* Otherwise: ``jobs`` worker processes (default: the CPUs this process may use),
  each with one :class:`~checker.engine.Engine`: built from the picklable
  :class:`~checker.engine.Settings` (``spawn``: Windows, macOS), or inherited,
  already warmed, from this process (``fork`` on Linux; see :data:`START_METHOD`).
  The parent hands out one file at a time and keeps the results in input order, so
  they are identical to a serial run.
* ``timeout``: a per-file time budget. A file that exceeds it gets an ``error``
  result ("exceeded the time budget of N s"), its worker is killed and replaced,
  and the batch goes on; a worker that crashes (a segfault in a C library, an
  out-of-memory kill) likewise costs only its file. In a serial run the budget is
  enforced with ``SIGALRM`` where the platform has it (POSIX, main thread).
* Cross-year pairs: after the first pass, reports of the same agency from
  consecutive years (``metadata["agency"]`` / ``["year"]``, set by the annual-report
  pack) are paired (:func:`pair_consecutive_years`) and the later one is checked
  again with ``previous=`` the earlier document, so that cross-year rules run.
  An explicit ``previous`` (``--previous``) applies to every input instead.
"""

from __future__ import annotations

import os
import re
import threading
import time
import unicodedata
from collections import deque
from dataclasses import replace
from typing import Any, Callable, Sequence

from ..engine import Engine, Settings, error_result
from ..errors import InputError
from ..findings import FileResult, Message
from ..model import Document
from .inputs import InputItem, read_member

#: A task: (position in the result list, the input, the earlier report to compare with).
Task = tuple[int, InputItem, "InputItem | None"]


def default_jobs() -> int:
    """The CPUs this process may run on."""
    if hasattr(os, "process_cpu_count"):
        return os.process_cpu_count() or 1  # type: ignore[attr-defined]
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


# --- checking one input (in this process or a worker) -------------------------------


def _source(item: InputItem, settings: Settings) -> Any:
    return read_member(item, settings.limits) if item.member else item.path


def check_item(engine: Engine, item: InputItem, previous: Document | None = None,
               previous_item: InputItem | None = None) -> FileResult:
    """Check one input; never raises for a bad input, a broken archive or a reader bug."""
    if item.error is not None:
        return error_result(item.label, item.error)
    try:
        if previous_item is not None:
            previous = engine.read(_source(previous_item, engine.settings), previous_item.label)
        source = _source(item, engine.settings)
        if isinstance(source, bytes):
            result = engine.check_bytes(source, name=item.label, previous=previous)
        else:
            result = engine.check_path(source, name=item.label, previous=previous)
    except InputError as exc:
        return error_result(item.label, exc.reason)
    except Exception as exc:  # a bug in the reader or the engine: this file only
        text = " ".join(str(exc).split())[:200]
        return error_result(item.label, f"internal error while checking ({type(exc).__name__}: {text}); please report it")
    if previous is not None and result.error is None:
        result = replace(result, metadata={**result.metadata, "previous": previous_item.label if previous_item else previous.path})
    return result


# --- the reason of an unreadable file, in both languages -----------------------------

_CONVERT_ZH = "请用 Word 或 WPS 打开，“另存为” .docx 格式后重新提交"
_REASONS_ZH: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"^empty file"), lambda m: "空文件（0 字节）"),
    (re.compile(r"password-protected \(encrypted\) \.docx"),
     lambda m: "文件设置了打开密码（已加密），无法检查：请在 Word 中取消密码（文件 > 信息 > 保护文档）后重新提交"),
    (re.compile(r"encrypted \(password-protected\) archive entry"),
     lambda m: "压缩包中的该文件设置了密码：请先用密码解压，再检查其中的 .docx"),
    (re.compile(r"legacy Word 97-2003 \.doc|WPS \.wps|WPS/Works \.wps|legacy Office \(OLE2\)"),
     lambda m: f"这是旧版 Word 97-2003 .doc 或 WPS .wps 文件，不是 .docx：{_CONVERT_ZH}"),
    (re.compile(r"^a PDF file"), lambda m: "这是 PDF 文件，不是 .docx：请提交 Word 原稿（.docx）"),
    (re.compile(r"^an RTF file|^a web page|flat XML|OpenDocument"),
     lambda m: f"文件格式不是 .docx：{_CONVERT_ZH}"),
    (re.compile(r"exceeded the time budget of (\S+) s"), lambda m: f"检查超时：超过每个文件 {m.group(1)} 秒的时间限制"),
    (re.compile(r"worker process .*crashed|worker process .*exited"),
     lambda m: "检查该文件的工作进程意外退出（可能是文件过于复杂或已损坏）"),
    (re.compile(r"^no such file"), lambda m: "文件不存在"),
    (re.compile(r"is a folder"), lambda m: "这是文件夹，不是文件"),
    (re.compile(r"permission denied"), lambda m: "没有读取该文件的权限"),
    (re.compile(r"compression method"), lambda m: "压缩包条目使用了不支持的压缩方式：请用常规 zip 压缩重新打包"),
    (re.compile(r"^internal error"), lambda m: "检查程序内部错误，请将该文件报告给维护人员"),
    (re.compile(r"decompression bomb|too large|too many"), lambda m: "文件过大或结构异常（超出安全限制），已拒绝检查"),
    (re.compile(r"broken zip|not a valid|not a \.docx|not a Word document|cannot read|malformed|cannot extract"),
     lambda m: "文件已损坏或不是有效的 .docx：请在 Word 中打开并重新保存为 .docx 后再提交"),
]


def explain_reason(reason: str) -> Message:
    """The one-line reason of an unreadable input as a bilingual message."""
    for pattern, zh in _REASONS_ZH:
        m = pattern.search(reason)
        if m:
            return Message(zh=f"无法读取文件：{zh(m)}（{reason}）", en=f"cannot read the file: {reason}")
    return Message(zh=f"无法读取文件：{reason}", en=f"cannot read the file: {reason}")


def _explained(result: FileResult) -> FileResult:
    if result.error is None or not result.findings:
        return result
    first = replace(result.findings[0], message=explain_reason(result.error))
    return replace(result, findings=(first,) + result.findings[1:])


# --- cross-year pairing ---------------------------------------------------------------

_AGENCY_NOISE = re.compile(r"[\s\u3000·•・,，、.。:：;；()（）\[\]【】《》〈〉<>\"'“”‘’\-—_/]+")


def normalise_agency(name: str) -> str:
    """A key under which two spellings of one agency's name compare equal:
    full-width/half-width (NFKC), spaces, punctuation, brackets and 人民政府 → 政府."""
    text = unicodedata.normalize("NFKC", name)
    text = _AGENCY_NOISE.sub("", text)
    return text.replace("人民政府", "政府").casefold()


def _year(value: Any) -> int | None:
    try:
        year = int(str(value).strip()[:4])
    except (TypeError, ValueError):
        return None
    return year if 1900 < year < 3000 else None


def pair_consecutive_years(results: Sequence[FileResult]) -> dict[int, int]:
    """Map the position of each report to the position of the same agency's report of
    the year before, when the batch has one (the first such report in input order)."""
    keys: list[tuple[str, int] | None] = []
    first: dict[tuple[str, int], int] = {}
    for i, r in enumerate(results):
        agency, year = r.metadata.get("agency"), _year(r.metadata.get("year"))
        key = (normalise_agency(agency), year) if r.error is None and isinstance(agency, str) and year else None
        if key and not key[0]:
            key = None
        keys.append(key)
        if key is not None:
            first.setdefault(key, i)
    pairs = {}
    for i, key in enumerate(keys):
        if key is not None:
            j = first.get((key[0], key[1] - 1))
            if j is not None:
                pairs[i] = j
    return pairs


# --- serial ------------------------------------------------------------------------------


class _Timeout(BaseException):
    """Raised by SIGALRM in a serial run; BaseException so that no rule's handler eats it."""


def _serial(engine: Engine, tasks: Sequence[Task], timeout: float | None, previous: Document | None, done: Callable[[FileResult], None]) -> dict[int, FileResult]:
    use_alarm = bool(timeout) and threading.current_thread() is threading.main_thread()
    if use_alarm:
        import signal  # only with a time budget: one file checks without it

        use_alarm = hasattr(signal, "setitimer")
    out: dict[int, FileResult] = {}
    for key, item, prev_item in tasks:
        if use_alarm:
            def _raise(signum, frame):  # noqa: ARG001
                raise _Timeout()

            old = signal.signal(signal.SIGALRM, _raise)
            signal.setitimer(signal.ITIMER_REAL, timeout)  # type: ignore[arg-type]
        try:
            result = check_item(engine, item, previous, prev_item)
        except _Timeout:
            result = error_result(item.label, _budget_reason(timeout))
        finally:
            if use_alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, old)
        out[key] = result
        done(result)
    return out


def _budget_reason(timeout: float | None) -> str:
    return f"exceeded the time budget of {timeout:g} s (the limit --timeout); the file was not checked"


# --- worker processes ------------------------------------------------------------------


def _worker_main(conn, settings: Settings, previous: Document | None,
                 engine: Engine | None = None) -> None:  # pragma: no cover - runs in a child
    """A worker: build one engine (or use the one inherited through fork), then check
    the inputs the parent sends, one at a time."""
    import signal

    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and ends us
    except (ValueError, OSError):
        pass
    try:
        engine = engine or Engine(settings)
    except BaseException as exc:
        conn.send(("init-error", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        key, item, prev_item = task
        conn.send((key, check_item(engine, item, previous, prev_item)))


#: How worker processes start: None = "fork" on Linux when this process has no other
#: thread (workers then inherit the engine: no start-up cost), else "spawn" (each
#: worker builds its engine from the picklable Settings; the only way on Windows and
#: the default on macOS).
START_METHOD: str | None = None


def _mp_context():
    import multiprocessing as mp
    import sys

    method = START_METHOD
    if method is None:
        single = threading.active_count() == 1
        method = "fork" if sys.platform.startswith("linux") and single else "spawn"
    return mp.get_context(method)


class _Worker:
    def __init__(self, ctx, settings: Settings, previous: Document | None, engine: Engine | None):
        parent, child = ctx.Pipe(duplex=True)
        inherited = engine if ctx.get_start_method() == "fork" else None
        self.proc = ctx.Process(target=_worker_main, args=(child, settings, previous, inherited), daemon=True)
        self.proc.start()
        child.close()
        self.conn = parent
        self.ready = False
        self.task: Task | None = None
        self.started = 0.0

    def send(self, task: Task) -> None:
        self.task = task
        self.started = time.monotonic()
        self.conn.send(task)

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(5)
        self.conn.close()


def _crash_reason(exitcode: int | None) -> str:
    import signal

    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"the worker process checking this file crashed ({name}); the file was not checked"
    return f"the worker process checking this file exited unexpectedly (exit code {exitcode}); the file was not checked"


class WorkerPool:
    """``jobs`` worker processes fed one task at a time, each task under a time budget."""

    def __init__(self, settings: Settings, jobs: int, timeout: float | None, previous: Document | None,
                 engine: Engine | None = None, tick: Callable[[], None] | None = None):
        self.ctx = _mp_context()
        self.forks = self.ctx.get_start_method() == "fork"
        self.settings, self.jobs, self.timeout, self.previous = settings, jobs, timeout, previous
        self.engine = engine
        self.tick = tick  # called about twice a second while waiting (progress bar refresh)
        self.workers: list[_Worker] = []
        self.failed_starts = 0

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        for w in self.workers:
            if exc_type is None:
                w.stop()
            else:
                w.kill()
        self.workers = []

    def _spawn(self) -> None:
        self.workers.append(_Worker(self.ctx, self.settings, self.previous, self.engine))

    def run(self, tasks: Sequence[Task], done: Callable[[FileResult], None]) -> dict[int, FileResult]:
        from multiprocessing.connection import wait

        pending = deque(tasks)
        out: dict[int, FileResult] = {}
        while len(self.workers) < min(self.jobs, len(pending)):
            self._spawn()

        def finish(key: int, result: FileResult) -> None:
            out[key] = result
            done(result)

        while pending or any(w.task for w in self.workers):
            for w in self.workers:
                if w.ready and w.task is None and pending:
                    task = pending.popleft()
                    try:
                        w.send(task)
                    except OSError:  # the worker died while idle: the file goes back in the queue
                        w.task = None
                        w.ready = False
                        pending.appendleft(task)
            wait_for = None
            if self.timeout:
                now = time.monotonic()
                budgets = [w.started + self.timeout - now for w in self.workers if w.task]
                wait_for = max(0.0, min(budgets)) if budgets else None
            if self.tick is not None:
                wait_for = 0.5 if wait_for is None else min(wait_for, 0.5)
                self.tick()
            waitables = [w.conn for w in self.workers] + [w.proc.sentinel for w in self.workers]
            wait(waitables, timeout=wait_for)
            for w in list(self.workers):
                lost = False
                try:
                    while w.conn.poll():
                        key, payload = w.conn.recv()
                        if key == "ready":
                            w.ready = True
                        elif key == "init-error":
                            raise RuntimeError(f"a batch worker could not start: {payload}")
                        elif w.task and key == w.task[0]:
                            finish(key, payload)
                            w.task = None
                except (EOFError, OSError):
                    lost = True
                if lost or not w.proc.is_alive():
                    w.proc.join(5)
                    if w.task:
                        finish(w.task[0], error_result(w.task[1].label, _crash_reason(w.proc.exitcode)))
                    elif not w.ready:
                        self.failed_starts += 1
                        if self.failed_starts > 2 * self.jobs:
                            raise RuntimeError(
                                f"batch workers keep dying at start-up (exit code {w.proc.exitcode}); "
                                "run with --jobs 1 to check in one process"
                            )
                    self._replace(w, pending)
                elif w.task and self.timeout and time.monotonic() - w.started > self.timeout:
                    finish(w.task[0], error_result(w.task[1].label, _budget_reason(self.timeout)))
                    w.task = None
                    self._replace(w, pending)
        return out

    def _replace(self, worker: _Worker, pending: deque) -> None:
        worker.kill()
        self.workers.remove(worker)
        if len(self.workers) < min(self.jobs, len(pending)):
            self._spawn()


def warm_up(engine: Engine) -> Engine:
    """Do the engine's one-time work (reader import, profile files, rule modules' lazy
    imports) before workers are forked from it, on an empty document: no input file
    is ever read in the parent, so a file that crashes its worker still costs only itself."""
    try:
        from .. import reader  # noqa: F401

        for name in sorted(engine.registry.profiles):
            engine.profile(name)
        engine.check_document(Document(path="<warm-up>", blocks=[]))
    except Exception:  # warming is an optimisation only
        pass
    return engine


# --- the batch ---------------------------------------------------------------------------


def run_batch(items: Sequence[InputItem], settings: Settings, *, jobs: int | None = None, engine: Engine | None = None,
              timeout: float | None = None, progress: bool = False,
              previous: Document | None = None) -> list[FileResult]:
    """Check every item that is not skipped and return one result per report, in input order.

    ``jobs`` None means one worker per CPU; ``engine`` is used for serial runs (built
    from ``settings`` when not given); ``previous`` is last year's document for every
    input (otherwise consecutive years of one agency are paired automatically).
    """
    todo = [item for item in items if item.skip is None]
    if not todo:
        return []
    n_jobs = max(1, min(jobs if jobs is not None and jobs > 0 else default_jobs(), len(todo)))

    from ..reporters.progress import progress_bar

    with progress_bar(len(todo), enabled=progress) as bar:  # no thread: workers may be forked
        if n_jobs == 1:
            engine = engine or Engine(settings)

            def execute(batch: Sequence[Task]) -> dict[int, FileResult]:
                return _serial(engine, batch, timeout, previous, bar.advance)

            results = _run_passes(execute, todo, previous, bar)
        else:
            with WorkerPool(settings, n_jobs, timeout, previous, engine, bar.refresh if progress else None) as pool:
                if pool.forks:  # forked workers inherit a warmed engine: no start-up cost
                    pool.engine = warm_up(engine or Engine(settings))
                results = _run_passes(lambda batch: pool.run(batch, bar.advance), todo, previous, bar)
    return [_explained(r) for r in results]


def _run_passes(execute: Callable[[Sequence[Task]], dict[int, FileResult]], todo: Sequence[InputItem],
                previous: Document | None, bar) -> list[FileResult]:
    first = execute([(i, item, None) for i, item in enumerate(todo)])
    results = [first[i] for i in range(len(todo))]
    if previous is not None:
        return results
    pairs = pair_consecutive_years(results)
    if pairs:
        bar.add(len(pairs))
        again = execute([(later, todo[later], todo[earlier]) for later, earlier in sorted(pairs.items())])
        for later, result in again.items():
            if result.error is None:  # keep the first pass if the pair could not be read again
                results[later] = result
    return results
