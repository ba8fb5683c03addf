"""Measure two proposed changes to the annual-report pack without editing it (monkeypatches).

    /work/venv/bin/python benchmarks/experiment_pack_hotspots.py

1. ``prose.prose_paragraphs(st, doc)`` memoised per document: AR801, AR802 and AR803
   each call it, so ``quantities.extract`` runs three times over every paragraph.
2. ``quantities._span`` from clause-break positions computed once per (text, break
   characters) and a binary search, instead of walking character by character from
   every number to the breaks on both sides (three spans per number).

Each variant's CPU time of ``Engine.check_document`` (documents read beforehand; best
of 3 per document, median over the documents) and whether the findings are identical
to the original's. The spans are also compared position by position on every paragraph.
"""

from __future__ import annotations

import bisect
import glob
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def main() -> int:
    import checker_annual_report.prose as prose
    import checker_annual_report.quantities as q

    from checker.engine import Engine, Settings

    engine = Engine(Settings())
    files = sorted(glob.glob(os.path.join(HERE, "out", "reports-*", "*.docx")))[:20]
    files += sorted(glob.glob(os.path.join(ROOT, "..", "shared", "corpus", "*.docx")))
    if not files:
        print("no reports: run benchmarks/generate.py first", file=sys.stderr)
        return 2
    docs = [engine.read(f, f) for f in files]

    def findings() -> list:
        return [engine.check_document(d).findings for d in docs]

    def timing() -> float:
        per = []
        for d in docs:
            best = float("inf")
            for _ in range(3):
                t0 = time.process_time()
                engine.check_document(d)
                best = min(best, time.process_time() - t0)
            per.append(best)
        return 1000 * statistics.median(per)

    original_pp, original_span = prose.prose_paragraphs, q._span
    cache: dict = {}

    def memo_pp(st, doc):
        key = (id(st), id(doc))
        if key not in cache:
            if len(cache) > 8:
                cache.clear()
            cache[key] = original_pp(st, doc)
        return cache[key]

    breaks: dict = {}

    def fast_span(text: str, pos: int, ends: str):
        key = (text, ends)
        br = breaks.get(key)
        if br is None:
            if len(breaks) > 256:
                breaks.clear()
            br = breaks[key] = [i for i in range(len(text)) if q._is_break(text, i, ends)]
        j = bisect.bisect_left(br, pos)
        b = br[j] if j < len(br) else len(text)
        a = br[j - 1] + 1 if j > 0 else 0
        return q.Span(a, b, text[a:b])

    ends_sets = (q._SENTENCE_END, q._SENTENCE_END + q._SEGMENT_END, q._SENTENCE_END + q._SEGMENT_END + q._CLAUSE_END)
    for d in docs:
        for p in d.paragraphs:
            for ends in ends_sets:
                for pos in range(len(p.text)):
                    assert original_span(p.text, pos, ends) == fast_span(p.text, pos, ends), (p.text, pos)

    def variant(pp, span):
        prose.prose_paragraphs, q._span = pp, span
        cache.clear()
        try:
            return timing(), findings()
        finally:
            prose.prose_paragraphs, q._span = original_pp, original_span

    timing()  # warm-up
    variants = {
        "original": (original_pp, original_span),
        "prose_paragraphs memoised": (memo_pp, original_span),
        "_span from precomputed breaks": (original_pp, fast_span),
        "both": (memo_pp, fast_span),
    }
    times: dict[str, list[float]] = {name: [] for name in variants}
    found: dict[str, list] = {}
    for _ in range(3):  # round robin, so that a slow spell of the machine hits every variant
        for name, (pp, span) in variants.items():
            t, f = variant(pp, span)
            times[name].append(t)
            found[name] = f
    print(f"{len(docs)} documents; CPU of check_document (metadata + rules), ms "
          "(median over documents of the best of 3; per round-robin round):")
    for name, ts in times.items():
        same = "" if name == "original" else f"  same findings as the original: {found[name] == found['original']}"
        print(f"  {name:32s} {min(ts):6.1f}  ({', '.join(f'{t:.1f}' for t in ts)}){same}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
