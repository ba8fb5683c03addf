"""Per-process bounds: a memory ceiling, and workers that end with their parent.

**Memory.** The per-file time budget cannot stop memory: a hostile file inside every
package limit once made a worker reach 5.8 GB in 15 s. Each worker (and the
checker's own process while it checks in a single-file or ``--jobs 1`` run) gets a
ceiling on its address space, ``RLIMIT_AS``, where the platform has it (Linux, the
BSDs; macOS accepts the call but does not enforce it, Windows has no such limit).
An allocation past the ceiling fails (``MemoryError`` in Python, a failed ``malloc``
in lxml), which costs the file being checked its result (:data:`MEMORY_REASON`)
and nothing else; a worker that the failure kills outright is replaced like any
crashed worker.

The default, :data:`DEFAULT_MAX_MEMORY_BYTES` (1 GiB), is five times what the largest
legitimate report measured needs (a 500-page report: about 200 MB) and well under
the memory of the smallest machine an office would run a batch on. It is set as an
absolute address-space size; a process that already has more mapped than that (an
embedding application, a test runner) gets the ceiling on top of what it has, so
that the ceiling never makes the process fail before it starts checking.

**Orphans.** A worker must not outlive the checker: when the parent dies (SIGKILL by
the OOM killer, a supervisor's SIGTERM) a worker busy with a file would otherwise
finish it (or hang on it) with parent 1. :func:`watch_parent` starts a daemon thread
that ends the worker within about a second of its parent's death.
"""

from __future__ import annotations

import contextlib
import os
import threading
from typing import Iterator

#: The default address-space ceiling per worker (``max-memory-bytes``; 0 = none).
DEFAULT_MAX_MEMORY_BYTES = 1 << 30


def memory_reason(limit: int | None) -> str:
    """The one-line reason of a file that hit the ceiling (English; the batch runner
    gives it its Chinese twin)."""
    size = f"{limit / (1 << 20):.0f} MiB" if limit else "the available memory"
    return (f"exceeded the memory ceiling of {size} (the limit max-memory-bytes); "
            "the file was not checked")


def _resource():
    try:
        import resource
    except ImportError:  # Windows
        return None
    return resource if hasattr(resource, "RLIMIT_AS") else None


def address_space() -> int:
    """The process's mapped address space in bytes (0 when the platform does not say)."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            pages = int(fh.read().split()[0])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return 0


def _ceiling(limit: int) -> int:
    current = address_space()
    return limit if current < limit // 2 else current + limit


def set_memory_ceiling(limit: int | None) -> tuple[int, int] | None:
    """Lower this process's soft ``RLIMIT_AS`` to ``limit`` (see the module doc);
    returns the previous (soft, hard) pair to restore, or None when nothing was set."""
    resource = _resource()
    if resource is None or not limit:
        return None
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        ceiling = _ceiling(limit)
        if hard != resource.RLIM_INFINITY:
            ceiling = min(ceiling, hard)
        if soft != resource.RLIM_INFINITY and soft <= ceiling:
            return None  # already as tight or tighter
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
        return soft, hard
    except (OSError, ValueError):
        return None


@contextlib.contextmanager
def memory_ceiling(limit: int | None) -> Iterator[None]:
    """The ceiling while the block runs (a serial run in the checker's own process);
    lifted afterwards so that writing the reports is never starved."""
    previous = set_memory_ceiling(limit)
    try:
        yield
    finally:
        resource = _resource()
        if previous is not None and resource is not None:
            try:
                resource.setrlimit(resource.RLIMIT_AS, previous)
            except (OSError, ValueError):
                pass


def watch_parent(interval: float = 0.5) -> None:
    """End this process soon after its parent dies (a daemon thread polls ``getppid``).

    Polling is the portable way (Linux's ``PR_SET_PDEATHSIG`` fires when the parent
    *thread* that forked ends, and pebble forks from a helper thread). ``os._exit``,
    not ``sys.exit``: the worker may be deep in a C library or a rule's loop.
    """
    parent = os.getppid()

    def watch() -> None:
        import time

        while True:
            time.sleep(interval)
            if os.getppid() != parent:
                os._exit(70)

    threading.Thread(target=watch, name="checker-parent-watch", daemon=True).start()
