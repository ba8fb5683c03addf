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
* Cross-year pairs: after the first pass, reports of the same agency from
  consecutive years (``metadata["agency"]`` / ``["year"]``, set by the report
  pack) are paired (:func:`pair_consecutive_years`) and the later one is checked
  again with ``previous=`` the earlier document, so that cross-year rules run.
  An explicit ``previous`` (``--previous``) applies to every input instead.
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


#: The reader's reasons when an allocation failed (reader/document.py, engine.read).
_READER_OUT_OF_MEMORY = re.compile(r"\(MemoryError\)|too large to read in memory")


def check_item(engine: Engine, item: InputItem, previous: Document | None = None,
               previous_item: InputItem | None = None, memory_limit: int | None = None) -> FileResult:
    """Check one input; never raises for a bad input, a broken archive, a reader bug or
    a file that needs more memory than the ceiling (``memory_limit``, for the reason)."""
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
        if memory_limit and _READER_OUT_OF_MEMORY.search(exc.reason):
            return error_result(item.label, _memory_reason(memory_limit))  # the reader hit the ceiling
        return error_result(item.label, exc.reason_message)
    except MemoryError:  # the ceiling of resources.py: this file only, its memory is freed on return
        return error_result(item.label, _memory_reason(memory_limit))
    except Exception as exc:  # a bug in the reader or the engine: this file only
        return error_result(item.label, _internal_reason(exc))
    if memory_limit and result.error is not None and _READER_OUT_OF_MEMORY.search(result.error):
        return error_result(item.label, _memory_reason(memory_limit))  # the reader hit the ceiling
    if previous is not None and result.error is None:
        result = replace(result, metadata={**result.metadata, "previous": previous_item.label if previous_item else previous.path})
    return result


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

def normalise_agency(name: str) -> str:
    """The agency key pairing compares: :func:`checker.report.agency.agency_key`, the one
    normaliser the 落款 and cross-year rules use too (here without a profile's short forms;
    a result read against a profile carries its own ``metadata["agency_key"]``)."""
    from ..report.agency import agency_key

    return agency_key(name, {"agency": {"equivalents": {"人民政府": "政府"}}})


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
        known = r.metadata.get("agency_key")  # the profile's own normalisation, when it read one
        name_key = known if isinstance(known, str) and known else normalise_agency(agency) if isinstance(agency, str) else ""
        key = (name_key, year) if r.error is None and name_key and year else None
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


def _serial(engine: Engine, tasks: Sequence[Task], timeout: float | None, previous: Document | None,
            done: Callable[[FileResult], None], max_memory: int | None = None) -> dict[int, FileResult]:
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
            with memory_ceiling(max_memory):
                result = check_item(engine, item, previous, prev_item, memory_limit=max_memory)
        except _Timeout:
            result = error_result(item.label, _budget_reason(timeout))
        finally:
            if use_alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, old)
        out[key] = result
        done(result)
    return out


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


def _init_worker(settings: Settings, previous: Document | None, max_memory: int | None) -> None:  # pragma: no cover - child
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
        _WORKER.update(engine=_INHERITED or Engine(settings), previous=previous, max_memory=max_memory)
    except BaseException as exc:  # noqa: BLE001 - reported by the first task
        _WORKER["init_error"] = f"{type(exc).__name__}: {exc}"


class WorkerStartError(RuntimeError):
    """A worker could not build its engine (a plugin that fails in a fresh process)."""


def _check_in_worker(item: InputItem, prev_item: InputItem | None) -> FileResult:  # pragma: no cover - child
    if "init_error" in _WORKER:
        raise WorkerStartError(f"a batch worker could not start: {_WORKER['init_error']}")
    return check_item(_WORKER["engine"], item, _WORKER["previous"], prev_item, memory_limit=_WORKER["max_memory"])


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

    def __init__(self, settings: Settings, jobs: int, timeout: float | None, previous: Document | None,
                 engine: Engine | None = None, tick: Callable[[], None] | None = None,
                 max_memory: int | None = None):
        self.ctx = _mp_context()
        self.forks = self.ctx.get_start_method() == "fork"
        self.settings, self.jobs, self.timeout, self.previous = settings, jobs, timeout, previous
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
                initargs=(self.settings, self.previous, self.max_memory), context=self.ctx,
            )
        return self._pool

    def _outcome(self, future, item: InputItem) -> FileResult:
        from concurrent.futures import CancelledError, TimeoutError as FutureTimeout

        from pebble import ProcessExpired

        try:
            return future.result()
        except FutureTimeout:
            return error_result(item.label, _budget_reason(self.timeout))
        except ProcessExpired as exc:
            return error_result(item.label, _crash_reason(exc.exitcode))
        except MemoryError:
            return error_result(item.label, _memory_reason(self.max_memory))
        except WorkerStartError:
            raise
        except CancelledError:
            return error_result(item.label, _crash_reason(None))
        except Exception as exc:  # a result that could not travel back, a pool error: this file only
            return error_result(item.label, _internal_reason(exc))

    def run(self, tasks: Sequence[Task], done: Callable[[FileResult], None]) -> dict[int, FileResult]:
        from concurrent.futures import FIRST_COMPLETED, wait

        pool = self._start()
        futures = {}
        for key, item, prev_item in tasks:
            future = pool.schedule(_check_in_worker, args=(item, prev_item), timeout=self.timeout or None)
            futures[future] = (key, item)
        out: dict[int, FileResult] = {}
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, timeout=0.5 if self.tick else None, return_when=FIRST_COMPLETED)
            if self.tick is not None:
                self.tick()
            for future in sorted(finished, key=lambda f: futures[f][0]):
                key, item = futures[future]
                out[key] = result = self._outcome(future, item)
                done(result)
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
              previous: Document | None = None, max_memory: int | None = None,
              lang: str = "en", fail_on: Any = None) -> list[FileResult]:
    """Check every item that is not skipped and return one result per report, in input order.

    ``jobs`` None means one worker per CPU; ``engine`` is used for serial runs (built
    from ``settings`` when not given); ``previous`` is last year's document for every
    input (otherwise consecutive years of one agency are paired automatically);
    ``max_memory`` the address-space ceiling of each worker (and of this process while
    it checks in a serial run), None for none (:mod:`checker.batch.resources`);
    ``lang`` and ``fail_on`` (a :class:`~checker.findings.Severity`) are the progress
    bar's language and the level its verdicts are counted at.
    """
    todo = [item for item in items if item.skip is None]
    if not todo:
        return []
    n_jobs = max(1, min(jobs if jobs is not None and jobs > 0 else default_jobs(), len(todo)))

    from ..reporters.progress import progress_bar

    from ..findings import Severity

    with progress_bar(len(todo), enabled=progress, lang=lang, fail_on=fail_on or Severity.ERROR) as bar:  # no thread: workers may be forked
        if n_jobs == 1:
            engine = engine or Engine(settings)

            def execute(batch: Sequence[Task]) -> dict[int, FileResult]:
                return _serial(engine, batch, timeout, previous, bar.advance, max_memory)

            try:
                results = _run_passes(execute, todo, previous, bar)
            finally:
                close_archives()  # the archives this process kept open for their members
        else:
            with WorkerPool(settings, n_jobs, timeout, previous, engine, bar.refresh if progress else None,
                            max_memory=max_memory) as pool:
                if pool.forks:  # forked workers inherit a warmed engine: no start-up cost
                    pool.engine = warm_up(engine or Engine(settings))
                results = _run_passes(lambda batch: pool.run(batch, bar.advance), todo, previous, bar)
    return results


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
