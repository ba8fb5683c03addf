"""Dump the findings of many files as JSON, and compare two dumps: the gate of every refactoring.

A refactoring must not change what the checker finds. Dump before the change, dump after
it, compare; rule codes that were renamed on purpose are mapped with ``--map`` (or the
redirects the registry knows, with ``--redirects``)::

    python benchmarks/findings_baseline.py collect /tmp/fx-set          # copy the files once
    python benchmarks/findings_baseline.py dump /tmp/fx-set /tmp/findings-before
    ... change the code ...
    python benchmarks/findings_baseline.py dump /tmp/fx-set /tmp/findings-after
    python benchmarks/findings_baseline.py compare /tmp/findings-before /tmp/findings-after --redirects

``collect`` copies into one folder: ``examples/``, ``tests/data/corpus``, the generated
reports under ``benchmarks/out/reports-*`` (first 300 of each) and every ``.docx`` a test
run left under a ``--basetemp`` folder (``pytest --basetemp=/tmp/fx-run`` keeps them all),
so that the same bytes are checked before and after. Each file's dump holds the profile,
the metadata and every finding (code, severity, category, both messages, location,
expected, actual), sorted.
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import json
import os
import shutil
import sys
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CORPUS = os.path.join(ROOT, "tests", "data", "corpus")  # copies of ../shared/corpus


def collect(out: str, basetemps: list[str]) -> int:
    os.makedirs(out, exist_ok=True)
    sources = sorted(glob.glob(os.path.join(ROOT, "examples", "*.docx")))
    sources += sorted(glob.glob(os.path.join(CORPUS, "*.docx")))
    for folder in sorted(glob.glob(os.path.join(HERE, "out", "reports-*"))):
        sources += sorted(glob.glob(os.path.join(folder, "*.docx")))[:300]
    for base in basetemps:
        sources += sorted(glob.glob(os.path.join(base, "**", "*.docx"), recursive=True))
    seen: set[str] = set()
    n = 0
    for src in sources:
        if not os.path.isfile(src) or os.path.islink(src):
            continue
        with open(src, "rb") as fh:
            digest = hashlib.sha256(fh.read()).hexdigest()[:16]
        if digest in seen:
            continue
        seen.add(digest)
        shutil.copyfile(src, os.path.join(out, f"{digest}-{os.path.basename(src)}"))
        n += 1
    print(f"{n} distinct files in {out}")
    return 0


def _result_dict(result: Any) -> dict[str, Any]:
    meta = {k: v for k, v in sorted(result.metadata.items()) if k not in ("elapsed",)}
    findings = sorted((f.as_dict() for f in result.findings), key=lambda d: json.dumps(d, sort_keys=True, ensure_ascii=False))
    return {"profile": result.profile, "error": result.error, "metadata": meta, "findings": findings}


def dump(folder: str, out: str, profiles: list[str]) -> int:
    from checker.engine import Engine, Settings

    os.makedirs(out, exist_ok=True)
    engines = {None: Engine(Settings())}
    for p in profiles:
        engines[p] = Engine(Settings(profile=p))
    files = sorted(glob.glob(os.path.join(folder, "*.docx")))
    for path in files:
        entry = {}
        for name, engine in engines.items():
            entry[name or "auto"] = _result_dict(engine.check_path(path, name=os.path.basename(path)))
        with open(os.path.join(out, os.path.basename(path) + ".json"), "w", encoding="utf-8") as fh:
            json.dump(entry, fh, ensure_ascii=False, indent=1, sort_keys=True, default=str)
    print(f"{len(files)} files dumped to {out}")
    return 0


def _redirects() -> dict[str, str]:
    from checker.plugins import get_plugin_manager
    from checker.registry import build_registry

    return dict(build_registry(get_plugin_manager(())).redirects)


def _mapped(value: Any, mapping: dict[str, str]) -> Any:
    """Old codes renamed to new ones, wherever they occur as a finding's code."""
    if isinstance(value, dict):
        out = {k: _mapped(v, mapping) for k, v in value.items()}
        if isinstance(out.get("code"), str):
            out["code"] = mapping.get(out["code"], out["code"])
        return out
    if isinstance(value, list):
        return [_mapped(v, mapping) for v in value]
    return value


def _resorted(entry: dict[str, Any]) -> dict[str, Any]:
    for result in entry.values():
        result["findings"] = sorted(result["findings"], key=lambda d: json.dumps(d, sort_keys=True, ensure_ascii=False))
    return entry


def compare(a: str, b: str, mapping: dict[str, str], show: int) -> int:
    names = sorted(set(os.listdir(a)) | set(os.listdir(b)))
    differ = 0
    for name in names:
        pa, pb = os.path.join(a, name), os.path.join(b, name)
        if not (os.path.exists(pa) and os.path.exists(pb)):
            print(f"only in one dump: {name}")
            differ += 1
            continue
        with open(pa, encoding="utf-8") as fa, open(pb, encoding="utf-8") as fb:
            da, db = _resorted(_mapped(json.load(fa), mapping)), _resorted(json.load(fb))
        if da != db:
            differ += 1
            if differ <= show:
                print(f"--- {name}")
                for key in sorted(set(da) | set(db)):
                    ra, rb = da.get(key) or {}, db.get(key) or {}
                    for part in ("profile", "error", "metadata"):
                        if ra.get(part) != rb.get(part):
                            print(f"  [{key}] {part}: {json.dumps(ra.get(part), ensure_ascii=False)[:300]}\n"
                                  f"        -> {json.dumps(rb.get(part), ensure_ascii=False)[:300]}")
                    fa_ = [json.dumps(f, sort_keys=True, ensure_ascii=False) for f in ra.get("findings", [])]
                    fb_ = [json.dumps(f, sort_keys=True, ensure_ascii=False) for f in rb.get("findings", [])]
                    for f in fa_:
                        if f not in fb_:
                            print(f"  [{key}] - {f[:400]}")
                    for f in fb_:
                        if f not in fa_:
                            print(f"  [{key}] + {f[:400]}")
    print(f"{len(names)} files compared, {differ} differ")
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("collect")
    c.add_argument("out")
    c.add_argument("--basetemp", action="append", default=[], help="a pytest --basetemp folder to take .docx files from")
    d = sub.add_parser("dump")
    d.add_argument("folder")
    d.add_argument("out")
    d.add_argument("--profile", action="append", default=[], help="also check every file with this profile forced")
    m = sub.add_parser("compare")
    m.add_argument("a")
    m.add_argument("b")
    m.add_argument("--map", action="append", default=[], help="OLD=NEW code renamed on purpose")
    m.add_argument("--redirects", action="store_true", help="map every code the registry redirects")
    m.add_argument("--show", type=int, default=10)
    args = ap.parse_args(argv)
    if args.cmd == "collect":
        return collect(args.out, args.basetemp)
    if args.cmd == "dump":
        return dump(args.folder, args.out, args.profile)
    mapping = _redirects() if args.redirects else {}
    mapping.update(dict(x.split("=", 1) for x in args.map))
    return compare(args.a, args.b, mapping, args.show)


if __name__ == "__main__":
    sys.exit(main())
