"""How many times a batch reads and checks each file when every report pairs with another year's.

Issue 13: a batch of 200 reports in which every agency had consecutive years ran 392
checks and 584 document reads, because the cross-year pass read the later report and
the earlier one again and checked the later one a second time. This counts, in every
process of a real batch (workers are forked, so they inherit the counters), the calls
of ``Engine.read`` (a document read), ``Engine.check_document`` (a check) and
``Engine.compare`` (a cross-year comparison of two summaries; absent before the change),
and times the batch. Run by hand from the repository root::

    python benchmarks/generate.py --pairs --count 1000 --out benchmarks/out/pairs-1000
    python benchmarks/batch_reads.py benchmarks/out/pairs-1000 --jobs 2

To measure another checkout the same way, run it with ``PYTHONPATH=<checkout>/src:<checkout>/plugins``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time


def count_calls(log: str) -> None:
    """Wrap the engine's read, check and compare so that each call appends a line to ``log``."""
    from checker.engine import Engine

    def counted(kind: str, real):
        def wrapper(self, source, *args, **kwargs):
            if getattr(source, "path", None) != "<warm-up>":  # the pool warms an empty document
                with open(log, "a", encoding="utf-8") as fh:
                    fh.write(kind + "\n")
            return real(self, source, *args, **kwargs)
        return wrapper

    for kind, name in (("read", "read"), ("check", "check_document"), ("compare", "compare")):
        real = getattr(Engine, name, None)
        if real is not None:
            setattr(Engine, name, counted(kind, real))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)

    import checker
    from checker.batch import expand_inputs, run_batch
    from checker.engine import Engine, Settings

    fd, log = tempfile.mkstemp(prefix="checker-reads-")
    os.close(fd)
    count_calls(log)
    settings = Settings()
    items = expand_inputs([args.folder])
    start = time.perf_counter()
    results = run_batch(items, settings, jobs=args.jobs, engine=Engine(settings))
    wall = time.perf_counter() - start
    with open(log, encoding="utf-8") as fh:
        calls = fh.read().split()
    os.unlink(log)
    out = {
        "checker": os.path.dirname(checker.__file__),
        "files": len(results),
        "paired": sum(1 for r in results if r.metadata.get("previous")),
        "jobs": args.jobs,
        "reads": calls.count("read"),
        "checks": calls.count("check"),
        "compares": calls.count("compare"),
        "wall_s": round(wall, 2),
    }
    json.dump(out, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
