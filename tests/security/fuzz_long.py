"""The long fuzz run, by hand: mutate real .docx files and check the reader (or the engine).

    python tests/security/fuzz_long.py --cases 10000                 # reader, ~0.15 s a case
    python tests/security/fuzz_long.py --cases 1000 --target engine  # whole engine, ~1.5 s a case

Runs under an address-space limit (--max-memory-mb) so that a blow-up fails as
MemoryError instead of taking the machine down; a case slower than --max-seconds
fails too. Prints the count, the outcome of every case (ok / input error) and the
slowest case and peak memory; a failing input is saved for replay. Record the
figures in docs/security.md.
"""

from __future__ import annotations

import argparse
import collections
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import fuzzing  # noqa: E402
from hypothesis import HealthCheck, given, seed, settings  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--target", choices=("reader", "engine"), default="reader")
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--max-seconds", type=float, default=60.0, help="per case")
    ap.add_argument("--max-memory-mb", type=int, default=2048, help="address-space limit of this process")
    ap.add_argument("--save", default=os.path.join(tempfile.gettempdir(), "checker-fuzz-failures"))
    args = ap.parse_args(argv)

    limit = args.max_memory_mb << 20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    outcomes: collections.Counter[str] = collections.Counter()
    slowest = [0.0]
    engine = None
    if args.target == "engine":
        from checker.engine import Engine, Settings

        engine = Engine(Settings())
    strategy = fuzzing.mutants if args.target == "reader" else fuzzing.xml_mutants()

    @seed(args.seed)
    @settings(max_examples=args.cases, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck), print_blob=True)
    @given(strategy)
    def run(data: bytes) -> None:
        start = time.monotonic()
        try:
            outcome = fuzzing.check_reader(data) if engine is None else fuzzing.check_engine(engine, data)
        except BaseException:
            os.makedirs(args.save, exist_ok=True)
            path = os.path.join(args.save, f"failure-{outcomes.total():06d}.docx")
            with open(path, "wb") as fh:
                fh.write(data)
            outcomes["failure"] += 1
            print(f"failing input saved to {path}", file=sys.stderr)
            raise
        elapsed = time.monotonic() - start
        slowest[0] = max(slowest[0], elapsed)
        assert elapsed < args.max_seconds, f"case took {elapsed:.1f} s"
        outcomes[outcome] += 1
        if outcomes.total() % 500 == 0:
            print(f"  {outcomes.total()} cases: {dict(outcomes)}", file=sys.stderr, flush=True)

    began = time.monotonic()
    failed = None
    try:
        run()
    except BaseException as exc:  # report, then exit non-zero
        failed = exc
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"target={args.target} seed={args.seed} cases={outcomes.total()} outcomes={dict(outcomes)} "
          f"result={'FAIL: ' + type(failed).__name__ + ': ' + str(failed)[:300] if failed else 'no failure'} "
          f"slowest_case={slowest[0]:.2f}s peak_rss={peak:.0f}MB wall={time.monotonic() - began:.0f}s")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
