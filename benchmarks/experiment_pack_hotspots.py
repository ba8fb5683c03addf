"""Measure what the annual-report pack costs: per check, and at cold start.

    python benchmarks/experiment_pack_hotspots.py                 # both
    python benchmarks/experiment_pack_hotspots.py --check-only
    python benchmarks/experiment_pack_hotspots.py --cold-runs 15

Per check: CPU time of ``Engine.choose_profile`` and of ``Engine.check_document``
(choosing the profile + metadata + rules; the document is read beforehand, outside the
timing) on the generated reports of ``benchmarks/out/reports-40`` and the corpus; each
report is read afresh for every round, because the pack keeps the analysis of the last
document it saw; best of ``--rounds`` per report, median over the reports.

Cold start: fresh interpreters with a bytecode cache (``PYTHONPYCACHEPREFIX``, as an
installed package has), each timing the import of the pack's modules (after the core's),
``Engine()``, the first ``check_document`` of a report and a second one of the same
report read again; "first use" is the difference (regexes compiled, profiles loaded,
lazy imports). Medians over ``--cold-runs`` processes.

To compare two versions of the pack on a shared machine, run this script alternately
with ``PYTHONPATH=<other checkout>/plugins`` (which shadows the installed pack).
"""

from __future__ import annotations

import argparse
import gc
import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PACK_MODULES = ("plugin", "rules", "prose", "crossyear", "arith")

_CHILD = """
import json, sys, time
T = time.process_time
import checker.engine, checker.reader, checker.profiles, checker.cli, difflib
from checker.engine import Engine, Settings
t0 = T()
for m in {modules!r}:
    __import__("checker_annual_report." + m)
t1 = T()
engine = Engine(Settings())
t2 = T()
doc = engine.read(sys.argv[1], sys.argv[1]); t3 = T(); engine.check_document(doc); t4 = T()
doc = engine.read(sys.argv[1], sys.argv[1]); t5 = T(); engine.check_document(doc); t6 = T()
print(json.dumps({{"pack import": t1 - t0, "Engine()": t2 - t1, "first check": t4 - t3,
                   "second check": t6 - t5, "first use": (t4 - t3) - (t6 - t5)}}))
"""


def reports() -> list[str]:
    files = sorted(glob.glob(os.path.join(HERE, "out", "reports-40", "*.docx")))
    files += sorted(glob.glob(os.path.join(ROOT, "tests", "data", "corpus", "*.docx")))
    return files


def per_check(files: list[str], rounds: int) -> dict[str, float]:
    """Median over the reports of the best-of-``rounds`` CPU ms of each phase."""
    from checker.engine import Engine, Settings

    engine = Engine(Settings())
    engine.check_document(engine.read(files[0], files[0]))  # first-use costs out of the way
    choose, full = [], []
    for path in files:
        best_choose = best_full = float("inf")
        for _ in range(rounds):
            for phase in ("choose", "full"):
                doc = engine.read(path, path)
                gc.collect()
                t0 = time.process_time()
                engine.choose_profile(doc) if phase == "choose" else engine.check_document(doc)
                dt = time.process_time() - t0
                if phase == "choose":
                    best_choose = min(best_choose, dt)
                else:
                    best_full = min(best_full, dt)
        choose.append(best_choose)
        full.append(best_full)
    return {"choose_profile": 1000 * statistics.median(choose), "check_document": 1000 * statistics.median(full)}


def cold(report: str, runs: int) -> dict[str, float]:
    """Medians over fresh processes of the cold-start phases, CPU ms."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = os.path.join(tempfile.gettempdir(), "pycache-pack-bench")
    code = _CHILD.format(modules=PACK_MODULES)
    rows = []
    for i in range(runs + 1):  # the first run writes the bytecode cache
        out = subprocess.run([sys.executable, "-c", code, report], env=env, capture_output=True, text=True, check=True)
        if i:
            rows.append(json.loads(out.stdout))
    return {k: 1000 * statistics.median(r[k] for r in rows) for k in rows[0]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--cold-runs", type=int, default=10)
    ap.add_argument("--check-only", action="store_true")
    args = ap.parse_args()
    files = reports()
    if not files:
        print("no reports: run benchmarks/generate.py first", file=sys.stderr)
        return 2
    load = os.getloadavg()[0]
    res = per_check(files, args.rounds)
    print(f"per check, {len(files)} reports (load {load:.1f}): " + ", ".join(f"{k} {v:.1f} ms" for k, v in res.items()))
    if not args.check_only:
        res = cold(files[0], args.cold_runs)
        print(f"cold start, {os.path.basename(files[0])}: " + ", ".join(f"{k} {v:.1f} ms" for k, v in res.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
