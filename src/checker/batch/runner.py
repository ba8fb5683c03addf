"""Check a list of inputs, serially or in worker processes, in a stable order.

* One input, or ``jobs=1``: checked in this process with the caller's engine (no
  process is started, so a drafter's pre-commit run stays fast).
* Otherwise: ``jobs`` worker processes of a :class:`pebble.ProcessPool` (default:
  the CPUs this process may use), each with one :class:`~checker.engine.Engine`:
  built from the picklable :class:`~checker.engine.Settings` (``spawn``: Windows,
  macOS), or inherited, already warmed, from this process (``fork`` on Linux; see
  :data:`START_METHOD`). Results are kept in input order, so they are identical to
  a serial run.
* ``timeout``: a per-file time budget. A file that exceeds it gets an ``error``
  result ("exceeded the time budget of N s"), pebble kills its worker and starts
  another, and the batch goes on; a worker that crashes (a segfault in a C library,
  an out-of-memory kill) likewise costs only its file. In a serial run the budget is
  enforced with ``SIGALRM`` where the platform has it (POSIX, main thread).
* ``max_memory``: an address-space ceiling per worker, and for this process while
  it checks serially (:mod:`checker.batch.resources`); a file that needs more gets
  an ``error`` result. Workers end on their own when this process dies.
* Cross-year pairs: every file is read and checked once. While it is checked, the
  cross-year rules (:class:`~checker.rules.PairRule`) keep a small summary of it in
  its result. After that pass, reports of the same agency from consecutive years
  (``metadata["agency_key"]`` / ``["year"]``, set by the report pack) are paired
  (:func:`pair_consecutive_years`) and each pair's summaries are compared
  (:meth:`Engine.compare`): no file is read or checked a second time. An explicit
  ``previous`` (``--previous``, summarised once) is compared with every input instead.
* ``on_result(index, result)`` is called as soon as a result is made, in completion
  order, and again when the cross-year pass adds to a result: a store can write each
  file the moment it is done (:mod:`checker.round.session`).
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import replace
from typing import Any, Callable, Sequence

from ..engine import Engine, Settings, error_result
from ..errors import InputError
from ..findings import FileResult, Message
from ..reasons import bilingual_reason, unreadable_message
from ..model import Document
from .inputs import InputItem, close_archives, read_member
from .resources import memory_ceiling

#: A task: (position in the result list, what to do). The first pass checks an input;
#: the cross-year pass compares a first-pass result with the earlier report's.
Task = tuple[int, "InputItem | tuple[FileResult, FileResult]"]


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


#: The reader's reasons when an allocation failed (reader/document.py, engine.read).
_READER_OUT_OF_MEMORY = re.compile(r"\(MemoryError\)|too large to read in memory")


def check_item(engine: Engine, item: InputItem, memory_limit: int | None = None) -> FileResult:
    """Check one input; never raises for a bad input, a broken archive, a reader bug or
    a file that needs more memory than the ceiling (``memory_limit``, for the reason)."""
    if item.error is not None:
        return error_result(item.label, item.error)
    try:
        source = _source(item, engine.settings)
        if isinstance(source, bytes):
            result = engine.check_bytes(source, name=item.label)
        else:
            result = engine.check_path(source, name=item.label)
    except InputError as exc:
        if memory_limit and _READER_OUT_OF_MEMORY.search(exc.reason):
            return error_result(item.label, _memory_reason(memory_limit))  # the reader hit the ceiling
        return error_result(item.label, exc.reason_message)
    except MemoryError:  # the ceiling of resources.py: this file only, its memory is freed on return
        return error_result(item.label, _memory_reason(memory_limit))
    except Exception as exc:  # a bug in the reader or the engine: this file only
        return error_result(item.label, _internal_reason(exc))
    if memory_limit and result.error is not None and _READER_OUT_OF_MEMORY.search(result.error):
        return error_result(item.label, _memory_reason(memory_limit))  # the reader hit the ceiling
    return result


def compare_pair(engine: Engine, later: FileResult, earlier: FileResult) -> FileResult:
    """``later`` with the cross-year findings against ``earlier``. A rule that crashes is
    a finding (:meth:`Engine.compare`); should the comparison itself fail, the first
    pass's result stands: the file was checked, only the comparison is missing."""
    try:
        return engine.compare(later, earlier)
    except (Exception, MemoryError):
        return later


# --- the reason of an unreadable file, in both languages -----------------------------
#
# Reasons made here are bilingual where they are made; error_result() gives English-only
# reasons (the reader's, the archive expansion's) their Chinese (checker.reasons).


def explain_reason(reason: str) -> Message:
    """The finding message of an input unreadable for the English ``reason``."""
    return unreadable_message(bilingual_reason(reason))


def _memory_reason(limit: int | None) -> Message:
    from .resources import memory_reason

    return Message(zh="检查该文件所需内存超过上限（限制 max-memory-bytes），未完成检查", en=memory_reason(limit))


def _internal_reason(exc: BaseException) -> Message:
    text = " ".join(str(exc).split())[:200]
    return Message(zh="检查程序内部错误，请将该文件报告给维护人员",
                   en=f"internal error while checking ({type(exc).__name__}: {text}); please report it")


# --- cross-year pairing ---------------------------------------------------------------

def _year(value: Any) -> int | None:
    try:
        year = int(str(value).strip()[:4])
    except (TypeError, ValueError):
        return None
    return year if 1900 < year < 3000 else None


def pair_consecutive_years(results: Sequence[FileResult]) -> dict[int, int]:
    """Map the position of each report to the position of the same agency's report of
    the year before, when the batch has one (the first such report in input order).

    Only reports that cross-year rules summarised take part (a report of another kind,
    or a run that selects no cross-year rule, pairs with nothing), and a pair must share
    a summarised rule: one body's two kinds of report are never compared."""
    from ..report.agency import agency_key

    keys: list[tuple[str, int] | None] = []
    first: dict[tuple[str, int], int] = {}
    for i, r in enumerate(results):
        agency = r.metadata.get("agency")
        name_key = r.metadata.get("agency_key")  # the profile's own normalisation, when it made one
        if not (isinstance(name_key, str) and name_key):  # else the one normaliser, with no report type's short forms
            name_key = agency_key(agency) if isinstance(agency, str) else ""
        year = _year(r.metadata.get("year"))
        ok = r.error is None and r.summaries and isinstance(name_key, str) and name_key and year
        key = (name_key, year) if ok else None
        keys.append(key)  # type: ignore[arg-type]
        if key is not None:
            first.setdefault(key, i)  # type: ignore[arg-type]
    pairs = {}
    for i, key in enumerate(keys):
        if key is not None:
            j = first.get((key[0], key[1] - 1))
            if j is not None and set(results[i].summaries) & set(results[j].summaries):
                pairs[i] = j
    return pairs


# --- serial ------------------------------------------------------------------------------


class _Timeout(BaseException):
    """Raised by SIGALRM in a serial run; BaseException so that no rule's handler eats it."""


def _serial(engine: Engine, tasks: Sequence[Task], timeout: float | None,
            done: Callable[[int, FileResult], None], max_memory: int | None = None) -> dict[int, FileResult]:
    use_alarm = bool(timeout) and threading.current_thread() is threading.main_thread()
    if use_alarm:
        import signal  # only with a time budget: one file checks without it

        use_alarm = hasattr(signal, "setitimer")
    out: dict[int, FileResult] = {}
    for key, work in tasks:
        if use_alarm:
            def _raise(signum, frame):  # noqa: ARG001
                raise _Timeout()

            old = signal.signal(signal.SIGALRM, _raise)
            signal.setitimer(signal.ITIMER_REAL, timeout)  # type: ignore[arg-type]
        try:
            with memory_ceiling(max_memory):
                result = _do(engine, work, max_memory)
        except _Timeout:
            result = _timed_out(work, timeout)
        finally:
            if use_alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, old)
        out[key] = result
        done(key, result)
    return out


def _do(engine: Engine, work: "InputItem | tuple[FileResult, FileResult]", memory_limit: int | None) -> FileResult:
    """One task's work: check an input, or compare a result with the earlier report's."""
    if isinstance(work, tuple):
        return compare_pair(engine, *work)
    return check_item(engine, work, memory_limit=memory_limit)


def _timed_out(work: "InputItem | tuple[FileResult, FileResult]", timeout: float | None) -> FileResult:
    """A task over its time budget: an input's error result; a comparison leaves the
    first pass's result standing (the file was checked; only the comparison is missing)."""
    if isinstance(work, tuple):
        return work[0]
    return error_result(work.label, _budget_reason(timeout))


def _budget_reason(timeout: float | None) -> Message:
    return Message(zh=f"检查超时：超过每个文件 {timeout:g} 秒的时间限制（--timeout），未完成检查",
                   en=f"exceeded the time budget of {timeout:g} s (the limit --timeout); the file was not checked")


# --- worker processes (pebble) ------------------------------------------------------------
#
# pebble's ProcessPool gives what the batch needs and used to hand-write: a per-task
# time budget (the worker is killed and replaced, the task fails with TimeoutError),
# a crashed worker costing only its task (ProcessExpired), the fork context and an
# initializer. What is ours: the engine each worker checks with, its memory ceiling,
# and a watch on the parent so that no worker outlives the checker.

#: State of a worker process, set by :func:`_init_worker`.
_WORKER: dict[str, Any] = {}
#: The warmed engine that forked workers inherit (set in the parent while a pool runs).
_INHERITED: Engine | None = None


def _init_worker(settings: Settings, max_memory: int | None) -> None:  # pragma: no cover - child
    """Start a worker: end with the parent, set the memory ceiling, build (or inherit) the engine.

    Never raises: pebble would replace a worker whose initializer fails forever and the
    batch would wait; the error is kept and every task reports it instead."""
    import signal

    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and ends us
    except (ValueError, OSError):
        pass
    _WORKER.clear()
    try:
        from .resources import set_memory_ceiling, watch_parent

        watch_parent()
        set_memory_ceiling(max_memory)
        _WORKER.update(engine=_INHERITED or Engine(settings), max_memory=max_memory)
    except BaseException as exc:  # noqa: BLE001 - reported by the first task
        _WORKER["init_error"] = f"{type(exc).__name__}: {exc}"


class WorkerStartError(RuntimeError):
    """A worker could not build its engine (a plugin that fails in a fresh process)."""


def _work_in_worker(work: "InputItem | tuple[FileResult, FileResult]") -> FileResult:  # pragma: no cover - child
    if "init_error" in _WORKER:
        raise WorkerStartError(f"a batch worker could not start: {_WORKER['init_error']}")
    return _do(_WORKER["engine"], work, _WORKER["max_memory"])


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


def _crash_reason(exitcode: int | None) -> Message:
    import signal

    zh = "检查该文件的工作进程意外退出（可能是文件过于复杂或已损坏），未完成检查"
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return Message(zh=zh, en=f"the worker process checking this file crashed ({name}); the file was not checked")
    return Message(zh=zh, en=f"the worker process checking this file exited unexpectedly (exit code {exitcode}); "
                   "the file was not checked")


class WorkerPool:
    """``jobs`` pebble worker processes, each task under a time budget and a memory ceiling."""

    def __init__(self, settings: Settings, jobs: int, timeout: float | None,
                 engine: Engine | None = None, tick: Callable[[], None] | None = None,
                 max_memory: int | None = None):
        self.ctx = _mp_context()
        self.forks = self.ctx.get_start_method() == "fork"
        self.settings, self.jobs, self.timeout = settings, jobs, timeout
        self.engine = engine
        self.max_memory = max_memory
        self.tick = tick  # called about twice a second while waiting (progress bar refresh)
        self._pool = None

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        global _INHERITED
        pool, self._pool = self._pool, None
        try:
            if pool is not None:
                if exc_type is None:
                    pool.close()
                else:
                    pool.stop()
                pool.join()
        finally:
            _INHERITED = None

    def _start(self):
        global _INHERITED
        from pebble import ProcessPool

        if self._pool is None:
            _INHERITED = self.engine if self.forks else None
            self._pool = ProcessPool(
                max_workers=self.jobs, initializer=_init_worker,
                initargs=(self.settings, self.max_memory), context=self.ctx,
            )
        return self._pool

    def _outcome(self, future, work: "InputItem | tuple[FileResult, FileResult]") -> FileResult:
        from concurrent.futures import CancelledError, TimeoutError as FutureTimeout

        from pebble import ProcessExpired

        if isinstance(work, tuple):  # a comparison that failed leaves the first pass's result
            try:
                return future.result()
            except WorkerStartError:
                raise
            except FutureTimeout:
                return _timed_out(work, self.timeout)
            except (Exception, MemoryError):
                return work[0]
        label = work.label
        try:
            return future.result()
        except FutureTimeout:
            return error_result(label, _budget_reason(self.timeout))
        except ProcessExpired as exc:
            return error_result(label, _crash_reason(exc.exitcode))
        except MemoryError:
            return error_result(label, _memory_reason(self.max_memory))
        except WorkerStartError:
            raise
        except CancelledError:
            return error_result(label, _crash_reason(None))
        except Exception as exc:  # a result that could not travel back, a pool error: this file only
            return error_result(label, _internal_reason(exc))

    def run(self, tasks: Sequence[Task], done: Callable[[int, FileResult], None]) -> dict[int, FileResult]:
        from concurrent.futures import FIRST_COMPLETED, wait

        pool = self._start()
        futures = {}
        for key, work in tasks:
            future = pool.schedule(_work_in_worker, args=(work,), timeout=self.timeout or None)
            futures[future] = (key, work)
        out: dict[int, FileResult] = {}
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, timeout=0.5 if self.tick else None, return_when=FIRST_COMPLETED)
            if self.tick is not None:
                self.tick()
            for future in sorted(finished, key=lambda f: futures[f][0]):
                key, work = futures[future]
                out[key] = result = self._outcome(future, work)
                done(key, result)
        return out


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
              previous: "FileResult | Document | None" = None, max_memory: int | None = None,
              lang: str = "en", fail_on: Any = None,
              on_result: Callable[[int, FileResult], None] | None = None) -> list[FileResult]:
    """Check every item that is not skipped and return one result per report, in input order.

    ``jobs`` None means one worker per CPU; ``engine`` is used for serial runs (built
    from ``settings`` when not given); ``previous`` is last year's report for every input
    (:meth:`Engine.summarise_document` of it, or the Document; otherwise consecutive
    years of one agency are paired automatically); ``max_memory`` the address-space
    ceiling of each worker (and of this process while it checks in a serial run), None
    for none (:mod:`checker.batch.resources`); ``lang`` and ``fail_on`` (a
    :class:`~checker.findings.Severity`) are the progress bar's language and the level its
    verdicts are counted at; ``on_result(i, result)`` is told of each result of the
    checked items (``i`` counts them) as it is made, and again when the cross-year pass
    adds to it.
    """
    todo = [item for item in items if item.skip is None]
    if not todo:
        return []
    n_jobs = max(1, min(jobs if jobs is not None and jobs > 0 else default_jobs(), len(todo)))

    from ..findings import Severity
    from ..reporters.progress import progress_bar

    def done(bar: Any, first_pass: bool) -> Callable[[int, FileResult], None]:
        def tell(i: int, result: FileResult) -> None:
            if first_pass:
                bar.advance(result)
            else:
                bar.revise(result)
            if on_result is not None:
                on_result(i, _without_summaries(result))
        return tell

    with progress_bar(len(todo), enabled=progress, lang=lang, fail_on=fail_on or Severity.ERROR) as bar:  # no thread: workers may be forked
        if n_jobs == 1:
            engine = engine or Engine(settings)
            if isinstance(previous, Document):
                previous = engine.summarise_document(previous)

            def execute(batch: Sequence[Task], first_pass: bool) -> dict[int, FileResult]:
                return _serial(engine, batch, timeout, done(bar, first_pass), max_memory)

            try:
                results = _run_passes(execute, todo, previous)
            finally:
                close_archives()  # the archives this process kept open for their members
        else:
            with WorkerPool(settings, n_jobs, timeout, engine, bar.refresh if progress else None,
                            max_memory=max_memory) as pool:
                if pool.forks:  # forked workers inherit a warmed engine: no start-up cost
                    pool.engine = warm_up(engine or Engine(settings))
                if isinstance(previous, Document):
                    previous = (pool.engine or engine or Engine(settings)).summarise_document(previous)
                results = _run_passes(lambda batch, first_pass: pool.run(batch, done(bar, first_pass)), todo, previous)
    return [_without_summaries(r) for r in results]


def _without_summaries(result: FileResult) -> FileResult:
    """The result as it leaves the runner: the cross-year summaries are the runner's own."""
    return replace(result, summaries={}) if result.summaries else result


def _run_passes(execute: Callable[[Sequence[Task], bool], dict[int, FileResult]], todo: Sequence[InputItem],
                previous: FileResult | None) -> list[FileResult]:
    """The first pass checks every input once; the second compares the pairs' summaries."""
    first = execute([(i, item) for i, item in enumerate(todo)], True)
    results = [first[i] for i in range(len(todo))]
    if previous is not None:
        pairs = [(i, (r, previous)) for i, r in enumerate(results) if r.error is None and r.summaries]
    else:
        pairs = [(later, (results[later], results[earlier]))
                 for later, earlier in sorted(pair_consecutive_years(results).items())]
    if pairs:
        for i, result in execute(pairs, False).items():
            results[i] = result
    return results
