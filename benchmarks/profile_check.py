"""Profile the full check (engine built once) with pyinstrument, and the cold start's imports.

    /work/venv/bin/python benchmarks/profile_check.py            # writes docs/profile-full-check.txt
    /work/venv/bin/python benchmarks/profile_check.py --files 20 --rounds 3

The check profile covers ``--files`` generated reports (from ``benchmarks/out/reports-*``,
generated when missing) plus the corpus, each checked ``--rounds`` times after a warm-up,
so engine construction and first-call imports are outside the profile. A second
section times the slowest rule classes directly (each rule's ``check`` on an already
read document), and a third lists the top cumulative imports of ``checker check``
(``python -X importtime``).
"""

from __future__ import annotations

import argparse
import glob
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)


def files_for(n: int) -> list[str]:
    from generate import generate

    paths = generate(os.path.join(HERE, "out", "reports-1000"), 1000)[:n]
    corpus = sorted(glob.glob(os.path.join(ROOT, "tests", "data", "corpus", "*.docx")))
    return paths + [os.path.normpath(p) for p in corpus]


def per_rule(files: list[str], rounds: int) -> list[tuple[float, str]]:
    """CPU seconds per file spent in each rule's check, run in the engine's order.

    As in the engine, the rules of one check share ``ctx.shared``: a memoised analysis
    (the report structure, the arithmetic) is charged to the first rule that asks for
    it. Documents are read and the profile chosen outside the timing.
    """
    from checker.engine import Engine, Settings
    from checker.rules import RuleContext

    engine = Engine(Settings())
    totals: dict[str, float] = {}
    for path in files:
        doc = engine.read(path, path)
        profile, _ = engine.choose_profile(doc)
        rules = engine.selected_rules(profile)
        best: dict[str, float] = {}
        for _ in range(rounds):
            shared: dict = {}
            for rule_cls in rules:
                options = dict(rule_cls.default_options)
                options.update(profile.options.get(rule_cls.code, {}) if profile else {})
                ctx = RuleContext(options=options, profile_data=profile.data if profile else {},
                                  profile_name=profile.name if profile else "", shared=shared, metadata={},
                                  previous=None)
                t0 = time.process_time()
                try:
                    list(rule_cls().check(doc, ctx) or ())
                except Exception:
                    pass
                key = f"{rule_cls.code} {rule_cls.name}"
                best[key] = min(best.get(key, float("inf")), time.process_time() - t0)
        for key, t in best.items():
            totals[key] = totals.get(key, 0.0) + t
    return sorted(((t / len(files), k) for k, t in totals.items()), reverse=True)


def phases(files: list[str], rounds: int) -> list[tuple[str, float]]:
    """Median CPU ms per file of each phase of a full check, measured separately."""
    import statistics

    import checker.reader.document as reader_document
    from checker.engine import Engine, Settings

    from run import docx_open, floor

    engine = Engine(Settings())
    rows: dict[str, list[float]] = {}
    for path in files:
        best: dict[str, float] = {}
        for _ in range(rounds + 1):
            t0 = time.process_time()
            floor(path)
            t1 = time.process_time()
            docx_open(path)
            reader_document._STYLES_CACHE.clear()  # as a report never seen before (see run.py's first_seen)
            t2 = time.process_time()
            doc = engine.read(path, path)
            t3 = time.process_time()
            engine.choose_profile(doc)  # the pack's select hook analyses the structure
            t4 = time.process_time()
            engine.check_document(doc)  # choose_profile again (cached by the pack), metadata, rules
            t5 = time.process_time()
            for k, v in (("(1) floor", t1 - t0), ("(2) python-docx Document()", t2 - t1), ("reader (load_document)", t3 - t2),
                         ("choose profile (pack's structure analysis with the common data)", t4 - t3),
                         ("check_document: metadata + rules (structure analysed again with the edition's data)", t5 - t4)):
                best[k] = min(best.get(k, float("inf")), v)
        for k, v in best.items():
            rows.setdefault(k, []).append(v)
    return [(k, 1000 * statistics.median(v)) for k, v in rows.items()]


def import_times(target: str) -> list[tuple[int, str]]:
    exe = os.path.join(os.path.dirname(sys.executable), "checker")
    proc = subprocess.run([sys.executable, "-X", "importtime", exe, "check", target], capture_output=True, text=True)
    rows = []
    for line in proc.stderr.splitlines():
        # "import time: self [us] | cumulative | imported package"
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        parts = line.split("|")
        rows.append((int(parts[1].strip()), parts[2].rstrip()))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=12)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "profile-full-check.txt"))
    args = ap.parse_args(argv)

    from pyinstrument import Profiler

    from checker.engine import Engine, Settings

    files = files_for(args.files)
    engine = Engine(Settings())
    for p in files:  # warm-up
        engine.check_path(p)
    profiler = Profiler(interval=0.0005)
    t0 = time.perf_counter()
    profiler.start()
    import checker.reader.document as reader_document

    for _ in range(args.rounds):
        for p in files:
            reader_document._STYLES_CACHE.clear()  # each check as of a report never seen before
            engine.check_path(p)
    profiler.stop()
    elapsed = time.perf_counter() - t0
    n = args.rounds * len(files)
    text = profiler.output_text(unicode=True, color=False, show_all=False)

    rules = per_rule(files, args.rounds)
    phase_rows = phases(files, args.rounds)
    imports = sorted(import_times(files[0]), reverse=True)

    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write(f"# Profile of the full check: {n} checks ({len(files)} files x {args.rounds}), "
                 f"{1000 * elapsed / n:.1f} ms a check under the profiler\n")
        fh.write(f"# made by: python benchmarks/profile_check.py --files {args.files} --rounds {args.rounds}\n\n")
        fh.write(text)
        fh.write("\n\n# CPU time per phase of a full check (best of the rounds, median over the files, ms)\n\n")
        for k, v in phase_rows:
            fh.write(f"{v:8.2f}  {k}\n")
        fh.write("\n\n# CPU time per rule in engine order (best of the rounds, mean over the files, ms; document already read;\n# a memoised shared analysis is charged to the first rule that uses it)\n\n")
        for t, k in rules:
            fh.write(f"{1000 * t:8.2f}  {k}\n")
        fh.write(f"{1000 * sum(t for t, _ in rules):8.2f}  all rules\n")
        fh.write("\n\n# Cold start: largest cumulative imports of `checker check one.docx` (python -X importtime, ms)\n\n")
        for cum, name in imports[:40]:
            fh.write(f"{cum / 1000:8.1f}  {name}\n")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
