"""Benchmark harness for issue 7: per-report cost, batch throughput, cold start, memory.

Run by hand (never from the test suite), from the repository root:

    /work/venv/bin/python benchmarks/run.py                 # everything, writes docs/performance.md
    /work/venv/bin/python benchmarks/run.py --quick         # 200-report batch, 10 cold starts, no docs

It generates reports with ``benchmarks/generate.py`` into ``benchmarks/out/`` (kept
between runs; gitignored), adds the real files of ``tests/data/corpus`` when present,
and measures on the same files in the same run:

1. the floor: unzip, parse ``word/document.xml`` with lxml, walk all text;
2. python-docx's bare ``docx.Document(path)``;
3. the full check of one report: ``Engine(Settings()).check_path(path)`` with the
   engine built once (all rules of the chosen profile, no output); also the reader
   alone (``checker.reader.load_document``) to split the check into read + rules;
4. batch throughput: ``checker check DIR --output-format json -o /dev/null --jobs N``
   for N = 1 and 2, as whole processes, on ``--count`` reports;
5. cold start: ``checker check one.docx`` as a whole process, median of ``--cold-runs``;
6. peak memory (VmHWM) of every process of each batch run and of the cold start,
   read from ``/proc`` while it runs.

Per-file timings are the median of ``--repeat`` interleaved runs after one warm-up;
the ratios are computed per file and summarised by their median (and the ratio of the
summed times). Results go to ``benchmarks/out/results.json`` and, unless
``--no-docs``, into the "## Benchmarks: results" section of ``docs/performance.md``
(other sections of that file are kept as they are).
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
import zipfile
from typing import Any, Callable

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(HERE, "out")
DOCS = os.path.join(ROOT, "docs", "performance.md")
CORPUS = os.path.join(ROOT, "tests", "data", "corpus")  # copies of ../shared/corpus
RESULTS_HEADING = "## Benchmarks: results"

TARGETS = {
    "check_over_docx": 1.5,  # full check <= 1.5 x Document()
    "jobs2_over_jobs1": 1.8,  # 2-job throughput >= 1.8 x 1-job
    "cold_start_ms": 300.0,
    "worker_peak_mb": 100.0,
}

sys.path.insert(0, HERE)


# ----------------------------------------------------------------------- the three per-file costs
def floor(path: str) -> int:
    """Unzip, parse word/document.xml with lxml, walk all text. Returns the text length."""
    from lxml import etree

    with zipfile.ZipFile(path) as zf:
        data = zf.read("word/document.xml")
    root = etree.fromstring(data)
    n = 0
    for text in root.itertext():
        n += len(text)
    return n


def docx_open(path: str) -> Any:
    import docx

    return docx.Document(path)


def median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def time_per_file(files: list[str], funcs: dict[str, Callable[[str], Any]], repeat: int) -> dict[str, dict[str, float]]:
    """{file: {name: median wall seconds, name + "_cpu": median CPU seconds}}.

    The functions are interleaved per file after one warm-up each. CPU time
    (``time.process_time``) is kept beside wall time because the machine may be
    shared: other processes stretch wall time but hardly this process's CPU time.
    """
    out: dict[str, dict[str, float]] = {}
    for path in files:
        for fn in funcs.values():
            fn(path)  # warm-up: imports, lazy caches, page cache
        wall: dict[str, list[float]] = {name: [] for name in funcs}
        cpu: dict[str, list[float]] = {name: [] for name in funcs}
        for _ in range(repeat):
            for name, fn in funcs.items():
                c0, t0 = time.process_time(), time.perf_counter()
                fn(path)
                t1, c1 = time.perf_counter(), time.process_time()
                wall[name].append(t1 - t0)
                cpu[name].append(c1 - c0)
        out[path] = {name: median(v) for name, v in wall.items()}
        out[path].update({f"{name}_cpu": median(v) for name, v in cpu.items()})
    return out


def loadavg() -> float:
    try:
        with open("/proc/loadavg") as fh:
            return float(fh.read().split()[0])
    except OSError:
        return float("nan")


# ----------------------------------------------------------------------- processes and memory
def _children(pid: int) -> list[int]:
    out = []
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            with open(stat) as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                out.append(int(stat.split("/")[2]))
        except (OSError, IndexError, ValueError):
            continue
    return out


def _hwm_kb(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _self_cpu(pid: int) -> float | None:
    """User + system CPU seconds of ``pid`` itself (not of its children)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICK
    except (OSError, IndexError, ValueError):
        return None


#: Runs its arguments as a child and reports the child's rusage. ``ru_maxrss`` of a
#: process counts the memory image it was forked from until it execs, so a child forked
#: straight from this (large) harness would report the harness's size; forked from this
#: small wrapper, it reports its own.
WRAPPER = (
    "import os, subprocess, sys\n"
    "p = subprocess.Popen(sys.argv[1:])\n"
    "_, st, ru = os.wait4(p.pid, 0)\n"
    "code = os.waitstatus_to_exitcode(st)\n"
    "sys.stderr.write('\\n@@rusage %d %f %d\\n' % (ru.ru_maxrss, ru.ru_utime + ru.ru_stime, code))\n"
    "sys.exit(code if code >= 0 else 1)\n"
)


def run_process(cmd: list[str], poll: float = 0.2, env: dict[str, str] | None = None, wrap: bool = False) -> dict[str, Any]:
    """Run ``cmd``: wall time, exit code, CPU, and peak memory.

    Without ``wrap`` (timing runs): the wall time and CPU of the process and its
    waited-for descendants (``wait4``). With ``wrap``: the command runs under
    :data:`WRAPPER`, which reports its exact peak RSS (``ru_maxrss``: the max over it
    and its waited-for workers) and CPU; while it runs, ``/proc`` is polled every
    ``poll`` seconds for the peak RSS (VmHWM) and own CPU of the main process and of
    each worker (a VmHWM only grows, so the last reading is within one poll of it).
    """
    peaks: dict[int, int] = {}
    cpus: dict[int, float] = {}
    depth_of: dict[int, int] = {}
    done = threading.Event()
    full = [sys.executable, "-S", "-c", WRAPPER, *cmd] if wrap else cmd
    t0 = time.perf_counter()
    proc = subprocess.Popen(full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)

    def watch() -> None:
        while not done.is_set():
            stack = [(proc.pid, 0)]
            while stack:
                pid, depth = stack.pop()
                stack.extend((kid, depth + 1) for kid in _children(pid))
                depth_of[pid] = depth
                cpu = _self_cpu(pid)
                if cpu is not None:
                    cpus[pid] = cpu
                hwm = _hwm_kb(pid)
                if hwm:
                    peaks[pid] = max(peaks.get(pid, 0), hwm)
            done.wait(poll)

    watcher = threading.Thread(target=watch, daemon=True) if poll else None
    if watcher:
        watcher.start()
    stderr_bytes = proc.stderr.read() if proc.stderr else b""  # drain while it runs
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    done.set()
    if watcher:
        watcher.join()
    stderr = stderr_bytes.decode("utf-8", "replace")
    rc = os.waitstatus_to_exitcode(status)
    tree_peak_kb, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    if wrap:
        for line in reversed(stderr.splitlines()):
            if line.startswith("@@rusage "):
                _, kb, c, code = line.split()
                tree_peak_kb, cpu, rc = int(kb), float(c), int(code)
                break
    main_level, worker_level = (1, 2) if wrap else (0, 1)
    main_pids = [p for p, d in depth_of.items() if d == main_level]
    workers = [p for p, d in depth_of.items() if d >= worker_level]
    return {
        "wall": wall,
        "rc": rc,
        "stderr": stderr[-2000:],
        # peak RSS over the main process and its waited-for workers (exact only with wrap)
        "tree_peak_kb": tree_peak_kb if wrap else None,
        # CPU of the process and its waited-for descendants (workers)
        "cpu": cpu,
        "main_peak_kb": max((peaks.get(p, 0) for p in main_pids), default=None),
        "descendant_peaks_kb": sorted((peaks[p] for p in workers if p in peaks), reverse=True),
        "main_self_cpu": max((cpus.get(p, 0.0) for p in main_pids), default=None),
        "descendant_cpu": sorted((cpus[p] for p in workers if p in cpus), reverse=True),
    }


def time_starts(cmd: list[str], env: dict[str, str] | None, runs: int, warmups: int = 1) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of ``runs`` whole-process runs of ``cmd``, after ``warmups``
    untimed ones (they warm the page cache and write any bytecode cache)."""
    walls, cpus = [], []
    for i in range(runs + warmups):
        r = run_process(cmd, poll=0, env=env)
        if r["rc"] not in (0, 1):
            print(f"[warn] {' '.join(cmd[-2:])} exit {r['rc']}: {r['stderr']}", file=sys.stderr)
        if i >= warmups:
            walls.append(r["wall"])
            cpus.append(r["cpu"])
    return walls, cpus


def install_venv(venv_dir: str) -> str:
    """A virtual environment with this tree installed as README's first command does
    (``pip install .``, not editable); reinstalled on every run so it is never stale."""
    python = os.path.join(venv_dir, "bin", "python")
    if not os.path.exists(python):  # a new venv: the tree and its dependencies, once
        subprocess.run([sys.executable, "-m", "venv", venv_dir], check=True)
        subprocess.run([python, "-m", "pip", "install", "-q", ROOT], check=True)
    else:  # an existing one: this tree's code afresh, the dependencies as they are
        subprocess.run([python, "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", ROOT], check=True)
    return os.path.join(venv_dir, "bin", "checker")


def checker_cmd() -> list[str]:
    exe = shutil.which("checker", path=os.path.dirname(sys.executable)) or shutil.which("checker")
    return [exe] if exe else [sys.executable, "-m", "checker"]


# ----------------------------------------------------------------------- machine
CEILING_CODE = "x = 0\nfor i in range(20_000_000):\n    x += i\n"


def parallel_ceiling(rounds: int = 2) -> dict[str, Any]:
    """What this machine gives two CPU-bound processes right now, whatever our code does.

    Runs a fixed pure-Python loop in 1 process, then in 2 processes at once, ``rounds``
    times alternately; the ratio of throughputs is the best 2-job / 1-job speed-up any
    program could show at the same moment (2.0 on an idle 2-core machine; less when
    other jobs share the cores).
    """
    ratios = []
    walls: dict[int, list[float]] = {1: [], 2: []}
    for _ in range(rounds):
        for n in (1, 2):
            t0 = time.perf_counter()
            procs = [subprocess.Popen([sys.executable, "-c", CEILING_CODE]) for _ in range(n)]
            for p in procs:
                p.wait()
            walls[n].append(time.perf_counter() - t0)
        ratios.append(2 * walls[1][-1] / walls[2][-1])
    return {"ratios": ratios, "median": median(ratios), "wall_1": walls[1], "wall_2": walls[2]}


def machine() -> dict[str, str]:
    model = platform.processor() or ""
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        for line in out.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    import docx  # noqa: F401
    import lxml.etree

    try:
        from importlib.metadata import version

        docx_version = version("python-docx")
    except Exception:  # pragma: no cover
        docx_version = "?"
    return {
        "cpu": model,
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
        "lxml": ".".join(map(str, lxml.etree.LXML_VERSION)),
        "python-docx": docx_version,
    }


def git_rev() -> str:
    try:
        rev = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--", "src", "plugins", "rules"],
                               capture_output=True, text=True).stdout.strip()
        return rev + (" (+ uncommitted changes in src/plugins/rules)" if dirty else "")
    except OSError:
        return "?"


# ----------------------------------------------------------------------- the run
def measure(args: argparse.Namespace) -> dict[str, Any]:
    from generate import generate

    from checker.engine import Engine, Settings
    from checker.reader import load_document

    res: dict[str, Any] = {"machine": machine(), "git": git_rev(), "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                           "command": " ".join(["python", "benchmarks/run.py", *args.argv])}
    reports_dir = os.path.join(OUT, f"reports-{args.count}")
    t0 = time.perf_counter()
    paths = generate(reports_dir, args.count, seed=args.seed)
    print(f"[gen] {len(paths)} reports in {reports_dir} ({time.perf_counter() - t0:.1f} s)", file=sys.stderr)

    corpus = sorted(glob.glob(os.path.join(CORPUS, "*.docx")))
    sample = paths[: args.sample] + corpus
    res["sample"] = {"generated": min(args.sample, len(paths)), "corpus": [os.path.basename(p) for p in corpus]}
    sizes = [os.path.getsize(p) for p in sample]

    # (1)-(3) per file --------------------------------------------------------
    t0 = time.perf_counter()
    engine = Engine(Settings())
    res["engine_build_s"] = time.perf_counter() - t0
    findings: list[int] = []
    profiles: dict[str, int] = {}
    crashed = []
    for p in sample:
        r = engine.check_path(p)
        findings.append(len(r.findings))
        profiles[str(r.profile)] = profiles.get(str(r.profile), 0) + 1
        crashed += [f for f in r.findings if "crashed" in f.message.en]
        if r.error:
            print(f"[warn] {p}: {r.error}", file=sys.stderr)
    res["rule_crashes"] = sorted({f"{f.code}: {f.message.en[:160]}" for f in crashed})
    res["findings_per_file_median"] = median([float(n) for n in findings])
    res["profiles"] = profiles
    res["rules_registered"] = len(engine.registry.rules)

    import checker.reader.document as reader_document

    def first_seen(fn: Callable[[str], Any]) -> Callable[[str], Any]:
        """Time ``fn`` as on a report never seen before: the reader keeps the parsed
        styles.xml of recent reports (reports from one template share it), and the timing
        loop repeats each file, so that cache is emptied before every timed call."""
        def run(p: str) -> Any:
            getattr(reader_document, "_STYLES_CACHE", {}).clear()
            return fn(p)
        return run

    funcs = {
        "floor": floor,
        "docx": docx_open,
        "read": first_seen(load_document),
        "check": first_seen(engine.check_path),
        "check_same_template": engine.check_path,  # a report whose styles.xml was just seen
    }
    print(f"[per-file] {len(sample)} files x {args.repeat} runs", file=sys.stderr)
    res["load"] = {"per_file_start": loadavg()}
    per = time_per_file(sample, funcs, args.repeat)
    res["load"]["per_file_end"] = loadavg()
    gen_files = [p for p in sample if p not in corpus]

    def summary(files: list[str]) -> dict[str, Any]:
        if not files:
            return {}
        out: dict[str, Any] = {"files": len(files)}
        for name in funcs:
            out[f"{name}_ms_median"] = 1000 * median([per[f][name] for f in files])
            out[f"{name}_cpu_ms_median"] = 1000 * median([per[f][name + "_cpu"] for f in files])
        for num, den in (("check", "docx"), ("check_same_template", "docx"), ("check", "floor"), ("docx", "floor"), ("read", "floor"), ("check", "read")):
            for suffix in ("", "_cpu"):
                ratios = [per[f][num + suffix] / max(per[f][den + suffix], 1e-9) for f in files]
                out[f"{num}_over_{den}{suffix}"] = {
                    "median": median(ratios),
                    "max": max(ratios),
                    "of_sums": sum(per[f][num + suffix] for f in files) / sum(per[f][den + suffix] for f in files),
                }
        return out

    res["per_file"] = {"generated": summary(gen_files), "corpus": summary(corpus), "all": summary(sample)}
    res["per_file_detail"] = {os.path.basename(f): {k: round(v * 1000, 3) for k, v in per[f].items()} for f in corpus}
    res["sizes_kb"] = {"min": min(sizes) / 1024, "median": median(sizes) / 1024, "max": max(sizes) / 1024}

    # (5) cold start ----------------------------------------------------------
    # As installed, a Python program runs from cached bytecode (pip compiles it at install
    # time). A sandbox may set PYTHONDONTWRITEBYTECODE=1, and then every start compiles the
    # project's modules from source again (an editable install has no .pyc): measure with
    # a bytecode cache of our own (PYTHONPYCACHEPREFIX, outside the work tree), and once
    # more with the environment as it is, for comparison.
    cached = dict(os.environ)
    cached.pop("PYTHONDONTWRITEBYTECODE", None)
    cached["PYTHONPYCACHEPREFIX"] = os.path.join(OUT, "pycache")
    res["environment_dont_write_bytecode"] = bool(os.environ.get("PYTHONDONTWRITEBYTECODE"))
    cmd = checker_cmd()
    one = paths[0]
    res["load"]["cold_start"] = loadavg()
    cold, cold_cpu = time_starts([*cmd, "check", one], cached, args.cold_runs, warmups=2)
    bare, _ = time_starts([sys.executable, "-c", "pass"], cached, args.cold_runs)
    version, _ = time_starts([*cmd, "--version"], cached, min(args.cold_runs, 10))
    res["cold_start"] = {
        "file": os.path.basename(one),
        "runs": len(cold),
        "median_ms": 1000 * median(cold),
        "min_ms": 1000 * min(cold),
        "max_ms": 1000 * max(cold),
        "cpu_median_ms": 1000 * median(cold_cpu),
        "python_bare_ms": 1000 * median(bare),
        "checker_version_ms": 1000 * median(version),
        "peak_mb": max(run_process([*cmd, "check", one], poll=0, env=cached, wrap=True)["tree_peak_kb"]
                       for _ in range(3)) / 1024,
    }
    print(f"[cold] median {res['cold_start']['median_ms']:.0f} ms", file=sys.stderr)
    walls, cpus = time_starts([*cmd, "check", one], None, args.cold_runs)  # the environment as it is
    res["cold_start_env"] = {"median_ms": 1000 * median(walls), "cpu_median_ms": 1000 * median(cpus), "runs": len(walls)}
    print(f"[cold] environment as is: median {1000 * median(walls):.0f} ms", file=sys.stderr)
    # a real report whose prose has Chinese numerals (the prose rules read them)
    numeral = next((p for p in corpus if os.path.basename(p).startswith("huaian")), None)
    if numeral:
        walls, cpus = time_starts([*cmd, "check", numeral], cached, args.cold_runs)
        res["cold_start_numerals"] = {"file": os.path.basename(numeral), "runs": len(walls),
                                      "median_ms": 1000 * median(walls), "cpu_median_ms": 1000 * median(cpus)}
        print(f"[cold] {os.path.basename(numeral)}: median {1000 * median(walls):.0f} ms", file=sys.stderr)
    if args.installed_venv:
        # as a user runs it: README's `pip install .` (no editable-install finder on the
        # import path, bytecode compiled by pip), with the environment's bytecode settings
        installed = install_venv(args.installed_venv)
        user_env = dict(os.environ)
        user_env.pop("PYTHONDONTWRITEBYTECODE", None)
        user_env.pop("PYTHONPYCACHEPREFIX", None)
        res["cold_start_installed"] = {}
        for path in filter(None, (one, numeral)):
            walls, cpus = time_starts([installed, "check", path], user_env, args.cold_runs, warmups=2)
            res["cold_start_installed"][os.path.basename(path)] = {
                "runs": len(walls), "median_ms": 1000 * median(walls), "min_ms": 1000 * min(walls),
                "max_ms": 1000 * max(walls), "cpu_median_ms": 1000 * median(cpus)}
            print(f"[cold] installed, {os.path.basename(path)}: median {1000 * median(walls):.0f} ms", file=sys.stderr)
        version, _ = time_starts([installed, "--version"], user_env, min(args.cold_runs, 10))
        res["cold_start_installed_version_ms"] = 1000 * median(version)

    # (4) + (6) batch -----------------------------------------------------------
    batch: dict[str, Any] = {}
    if not args.skip_batch:
        res["ceiling_before"] = parallel_ceiling()
        print(f"[ceiling] 2-process / 1-process speed-up of a pure-Python loop now: "
              f"{', '.join(f'{r:.2f}' for r in res['ceiling_before']['ratios'])}", file=sys.stderr)
        # alternate 1, 2, 1, 2... so that both see the same background load as far as possible
        all_runs: dict[int, list[dict[str, Any]]] = {1: [], 2: []}
        for rep in range(args.batch_repeat):
            for jobs in (1, 2):
                start = loadavg()
                r = run_process([*cmd, "check", reports_dir, "--output-format", "json", "-o", os.devnull,
                                 "--no-progress", "--jobs", str(jobs)], env=cached, wrap=True)
                r["load_start"], r["load_end"] = start, loadavg()
                all_runs[jobs].append(r)
                print(f"[batch] jobs={jobs}: {r['wall']:.1f} s, exit {r['rc']}, load {start:.1f}->{r['load_end']:.1f}, "
                      f"descendants {[round(k / 1024) for k in r['descendant_peaks_kb']]} MB", file=sys.stderr)
                if r["rc"] not in (0, 1):
                    print(f"[warn] {r['stderr']}", file=sys.stderr)
        for jobs, runs in all_runs.items():
            best = min(runs, key=lambda r: r["wall"])
            res["load"][f"batch_{jobs}_start"] = best["load_start"]
            batch[str(jobs)] = {
                "reports": len(paths),
                "wall_s": [round(r["wall"], 2) for r in runs],
                "reports_per_s": len(paths) / best["wall"],
                "cpu_ms_per_report": 1000 * best["cpu"] / len(paths),
                "main_self_cpu_s": best["main_self_cpu"],
                "worker_cpu_s": best["descendant_cpu"],
                "load_end": best["load_end"],
                "exit": best["rc"],
                "main_peak_mb": (best["main_peak_kb"] or 0) / 1024,
                "tree_peak_mb": best["tree_peak_kb"] / 1024,
                "worker_peaks_mb": [round(k / 1024, 1) for k in best["descendant_peaks_kb"]],
            }
        batch["jobs2_over_jobs1"] = batch["2"]["reports_per_s"] / batch["1"]["reports_per_s"]
        batch["pair_ratios"] = [a["wall"] / b["wall"] for a, b in zip(all_runs[1], all_runs[2])]
        res["ceiling_after"] = parallel_ceiling()
        print(f"[ceiling] after: {', '.join(f'{r:.2f}' for r in res['ceiling_after']['ratios'])}", file=sys.stderr)
    res["batch"] = batch
    return res


# ----------------------------------------------------------------------- docs
def _ok(flag: bool) -> str:
    return "met" if flag else "**missed**"


def render(res: dict[str, Any]) -> str:
    m = res["machine"]
    g, c, a = res["per_file"]["generated"], res["per_file"].get("corpus") or {}, res["per_file"]["all"]
    cs = res["cold_start"]
    b = res.get("batch") or {}
    lines = [
        RESULTS_HEADING,
        "",
        f"Measured {res['started']} at commit {res['git']} by `benchmarks/run.py` (generated by it; edit the other "
        "sections by hand).",
        "",
        f"- Machine: {m['cpu']}, {m['cores']} cores; {m['os']}; Python {m['python']}, lxml {m['lxml']}, "
        f"python-docx {m['python-docx']}.",
        f"- Reproduce: `{res['command'].replace(' --no-docs', '')}` from the repository root with the project installed (`pip install -e .`).",
        f"- Files: {g.get('files', 0)} generated reports (both editions, 5-15 pages of prose, the three tables, "
        f"{res['sizes_kb']['min']:.0f}-{res['sizes_kb']['max']:.0f} KB) + the {len(res['sample']['corpus'])} corpus "
        f"files; {res['rules_registered']} rules registered; median {res['findings_per_file_median']:.0f} findings "
        f"a file; profiles chosen: {', '.join(f'{k} x{v}' for k, v in sorted(res['profiles'].items()))}.",
        "",
        "### Benchmarks: per report (median over files of each file's median, ms)",
        "",
        "Wall time, with CPU time of the measuring process in brackets (the machine may be shared; load average "
        f"{res['load']['per_file_start']:.1f} at the start of these runs and {res['load']['per_file_end']:.1f} at the end).",
        "",
        "| | generated | corpus |",
        "|---|---:|---:|",
    ]
    names = [("floor", "(1) floor: unzip + lxml parse of document.xml + walk text"),
             ("docx", "(2) python-docx `Document()` open"),
             ("read", "checker reader alone (`load_document`)"),
             ("check", "(3) full check (`Engine.check_path`, all rules, no output)"),
             ("check_same_template", "full check of a report whose styles.xml the reader has just seen (same template)")]
    nan = float("nan")
    for key, label in names:
        lines.append(f"| {label} | {g.get(key + '_ms_median', nan):.1f} ({g.get(key + '_cpu_ms_median', nan):.1f}) "
                     f"| {c.get(key + '_ms_median', nan):.1f} ({c.get(key + '_cpu_ms_median', nan):.1f}) |")
    lines += [
        "",
        "### Benchmarks: ratios and targets",
        "",
        "Per-file ratios over all timed files (generated and corpus), wall time (CPU time in brackets).",
        "",
        "| ratio | median per file | worst file | of summed times | target | |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for key, label, target in (("check_over_docx", "(3) full check / (2) `Document()`", "≤ 1.5"),
                               ("check_over_floor", "(3) full check / (1) floor", "–"),
                               ("read_over_floor", "reader / (1) floor", "–"),
                               ("check_same_template_over_docx", "full check, same template / (2) `Document()`", "–"),
                               ("check_over_read", "(3) full check / reader", "–"),
                               ("docx_over_floor", "(2) `Document()` / (1) floor", "–")):
        r, rc = a[key], a[key + "_cpu"]
        verdict = _ok(r["median"] <= TARGETS["check_over_docx"]) if key == "check_over_docx" else ""
        lines.append(f"| {label} | {r['median']:.2f} ({rc['median']:.2f}) | {r['max']:.2f} ({rc['max']:.2f}) "
                     f"| {r['of_sums']:.2f} ({rc['of_sums']:.2f}) | {target} | {verdict} |")
    if b:
        j1, j2 = b["1"], b["2"]
        lines.append(f"| throughput 2 jobs / 1 job | {b['jobs2_over_jobs1']:.2f} | | | ≥ 1.8 | "
                     f"{_ok(b['jobs2_over_jobs1'] >= TARGETS['jobs2_over_jobs1'])} |")
    lines.append(f"| cold start `checker check one.docx` (ms, median of {cs['runs']}) | {cs['median_ms']:.0f} | "
                 f"{cs['max_ms']:.0f} | | < 300 | {_ok(cs['median_ms'] < TARGETS['cold_start_ms'])} |")
    for name, d in (res.get("cold_start_installed") or {}).items():
        lines.append(f"| cold start, installed with `pip install .`, on {name} (ms, median of {d['runs']}) | {d['median_ms']:.0f} | "
                     f"{d['max_ms']:.0f} | | < 300 | {_ok(d['median_ms'] < TARGETS['cold_start_ms'])} |")
    if b:
        worker = max([*j1["worker_peaks_mb"], *j2["worker_peaks_mb"], j1["main_peak_mb"]])
        lines.append(f"| peak RSS of a checking process: a worker, or the main process at 1 job (MB) | {worker:.0f} | | | < 100 | {_ok(worker < TARGETS['worker_peak_mb'])} |")
    lines += ["", "### Benchmarks: batch and start-up", ""]
    if b:
        for jobs in ("1", "2"):
            j = b[jobs]
            lines.append(
                f"- `checker check benchmarks/out/reports-{j['reports']} --output-format json -o /dev/null --jobs {jobs}` on "
                f"{j['reports']} reports: {j['reports_per_s']:.1f} reports/s (best of {len(j['wall_s'])}: "
                f"{', '.join(f'{w} s' for w in j['wall_s'])}; exit {j['exit']}); {j['cpu_ms_per_report']:.1f} ms of CPU "
                f"a report over all its processes; load average {res['load'].get(f'batch_{jobs}_start', float('nan')):.1f} "
                f"before, {j['load_end']:.1f} after; peak RSS of the main process {j['main_peak_mb']:.0f} MB, "
                f"of each worker process: "
                f"{', '.join(f'{w:.0f}' for w in j['worker_peaks_mb']) or 'none (checked in the main process)'} MB; "
                f"CPU of the main process itself {j['main_self_cpu_s'] or 0:.1f} s, of each child: "
                f"{', '.join(f'{w:.1f}' for w in j['worker_cpu_s']) or '–'} s.")
        if res.get("ceiling_before"):
            ce = res["ceiling_before"]["ratios"] + res.get("ceiling_after", {}).get("ratios", [])
            lines.append(
                f"- The machine's own ceiling at the time: a fixed pure-Python loop ran "
                f"{', '.join(f'{r:.2f}' for r in ce)} × faster in 2 processes than in 1 (before and after the "
                f"batch runs; 2.0 on an idle 2-core machine). The batch's 2-job / 1-job ratio per adjacent pair of "
                f"runs: {', '.join(f'{r:.2f}' for r in b.get('pair_ratios', []))}.")
        w = j2["worker_cpu_s"]
        if w and j1["main_self_cpu_s"]:
            bound = j1["main_self_cpu_s"] / max(w)
            lines.append(
                f"- CPU accounting of the 2-job run: {j2['cpu_ms_per_report']:.1f} ms of CPU a report "
                f"(1 job: {j1['cpu_ms_per_report']:.1f} ms"
                f"{'; a CPU is slower when both are busy' if j2['cpu_ms_per_report'] > 1.05 * j1['cpu_ms_per_report'] else ''}), split "
                f"{' / '.join(f'{x:.1f}' for x in w)} s between the workers, {j2['main_self_cpu_s'] or 0:.1f} s in the "
                f"main process. On an otherwise idle 2-core machine the 2-job speed-up would therefore be about "
                f"{bound:.2f} (1-job CPU / busiest worker's CPU); the wall-clock ratio above is what this run measured.")
    else:
        lines.append("- batch: not measured in this run (`--skip-batch`).")
    lines.append(
        f"- Cold start on {cs['file']}: median {cs['median_ms']:.0f} ms (min {cs['min_ms']:.0f}, max {cs['max_ms']:.0f}) "
        f"of {cs['runs']} runs after two warm-ups (CPU {cs['cpu_median_ms']:.0f} ms; load average {res['load']['cold_start']:.1f}); for scale, `python -c pass` takes {cs['python_bare_ms']:.0f} ms and "
        f"`checker --version` {cs['checker_version_ms']:.0f} ms. Peak RSS of a single-file check: {cs['peak_mb']:.0f} MB.")
    if res.get("cold_start_env"):
        ce = res["cold_start_env"]
        lines.append(
            f"- The cold starts above run from cached bytecode, as an installed checker does (`PYTHONPYCACHEPREFIX` "
            f"under benchmarks/out; the work tree gets no `__pycache__`). With the environment as it is "
            f"(PYTHONDONTWRITEBYTECODE={'1' if res.get('environment_dont_write_bytecode') else 'unset'}: every start "
            f"compiles the project's modules from source): median {ce['median_ms']:.0f} ms (CPU {ce['cpu_median_ms']:.0f} ms).")
    if res.get("cold_start_numerals"):
        cn = res["cold_start_numerals"]
        lines.append(f"- Cold start on {cn['file']} (a real report whose prose has Chinese numerals): "
                     f"median {cn['median_ms']:.0f} ms of {cn['runs']} runs (CPU {cn['cpu_median_ms']:.0f} ms).")
    if res.get("cold_start_installed"):
        parts = [f"{name}: median {d['median_ms']:.0f} ms (min {d['min_ms']:.0f}, max {d['max_ms']:.0f}; CPU {d['cpu_median_ms']:.0f} ms)"
                 for name, d in res["cold_start_installed"].items()]
        lines.append("- Cold start as a user installs checker (README's `pip install .` into a fresh virtual "
                     "environment: no editable-install finder, bytecode compiled by pip): " + "; ".join(parts)
                     + f"; `checker --version` {res['cold_start_installed_version_ms']:.0f} ms.")
    lines.append(f"- Building the engine (plugins, registry) in-process: {1000 * res['engine_build_s']:.0f} ms.")
    if res.get("rule_crashes"):
        lines.append("- Rules that crashed during the run (their time is then not representative): "
                     + "; ".join(f"`{x}`" for x in res["rule_crashes"][:5]))
    if res.get("per_file_detail"):
        lines += ["", "Corpus files (median ms: floor / Document() / reader / full check):", ""]
        for name, d in res["per_file_detail"].items():
            lines.append(f"- {name}: {d['floor']:.1f} / {d['docx']:.1f} / {d['read']:.1f} / {d['check']:.1f}")
    return "\n".join(lines) + "\n"


def write_docs(text: str, path: str = DOCS) -> None:
    """Replace the generated results sections (under "## Benchmarks: results") and keep the rest.

    The generated block runs from ``RESULTS_HEADING`` to the next level-2 heading that
    is not one of its own "### Benchmarks:" subsections, i.e. the next "## " line.
    """
    if os.path.exists(path):
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    else:
        lines = ["# Performance", ""]
    start = next((i for i, line in enumerate(lines) if line.strip() == RESULTS_HEADING), None)
    block = text.rstrip("\n").splitlines() + [""]
    if start is None:
        # place it before any other "## Benchmarks" section, else at the end
        other = next((i for i, line in enumerate(lines) if line.startswith("## Benchmarks")), None)
        at = other if other is not None else len(lines)
        if at == len(lines) and lines and lines[-1].strip():
            block = [""] + block
        lines[at:at] = block
    else:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        lines[start:end] = block
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines).rstrip("\n") + "\n")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    ap = argparse.ArgumentParser(description="Benchmarks of issue 7 (run by hand).")
    ap.add_argument("--count", type=int, default=1000, help="reports in the batch (default 1000)")
    ap.add_argument("--sample", type=int, default=40, help="generated reports timed one by one (default 40)")
    ap.add_argument("--repeat", type=int, default=5, help="timed runs per file and function (default 5)")
    ap.add_argument("--cold-runs", type=int, default=20, help="cold starts to time (default 20)")
    ap.add_argument("--batch-repeat", type=int, default=1, help="runs of each batch (best is kept; default 1)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--skip-batch", action="store_true")
    ap.add_argument("--quick", action="store_true", help="defaults --count 200 --sample 12 --repeat 3 --cold-runs 10 --no-docs")
    ap.add_argument("--no-docs", action="store_true", help="do not touch docs/performance.md")
    ap.add_argument("--installed-venv", default=os.path.join(OUT, "venv-installed"), metavar="DIR",
                    help="also time cold starts from a regular `pip install .` in DIR (created if missing; "
                    "default benchmarks/out/venv-installed); '' to skip")
    if "--quick" in argv:  # smaller defaults; explicit options still win
        ap.set_defaults(count=200, sample=12, repeat=3, cold_runs=10, no_docs=True)
    ap.add_argument("--render", metavar="RESULTS.json",
                    help="measure nothing: write the docs section from a saved results file")
    args = ap.parse_args(argv)
    args.argv = argv
    if args.render:
        with open(args.render, encoding="utf-8") as fh:
            res = json.load(fh)
    else:
        res = measure(args)
        os.makedirs(OUT, exist_ok=True)
        with open(os.path.join(OUT, "results.json"), "w", encoding="utf-8") as fh:
            json.dump(res, fh, ensure_ascii=False, indent=2)
    text = render(res)
    print(text)
    if not args.no_docs:
        write_docs(text)
        print(f"[docs] updated {os.path.relpath(DOCS, ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
