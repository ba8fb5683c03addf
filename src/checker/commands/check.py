"""``checker check FILE...``: check reports and print findings."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from ..cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, add_common_options
from ..errors import ConfigError

if TYPE_CHECKING:
    from ..findings import FileResult


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "check",
        help="check one or more reports",
        description="Check .docx reports. Exit code: 0 clean, 1 findings at or above --fail-on, "
        "2 usage/configuration/plugin error or an unreadable input.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help=".docx files, folders, glob patterns or .zip archives")
    p.add_argument("--profile", help="profile name or YAML file (default: chosen from the document)")
    p.add_argument("--select", action="append", metavar="CODES", help="rule codes or prefixes to run, comma-separated; ALL for every rule")
    p.add_argument("--extend-select", action="append", metavar="CODES", help="add to the profile's selection")
    p.add_argument("--ignore", action="append", metavar="CODES", help="rule codes or prefixes to skip")
    p.add_argument("--output-format", metavar="FORMAT", help="text (default), json, or another registered format")
    p.add_argument("-o", "--output-file", metavar="PATH", help="write the main report to a file instead of stdout")
    p.add_argument("--report", action="append", default=[], metavar="FORMAT:PATH",
                   help="also write a report in FORMAT to PATH (repeatable), e.g. html:out.html")
    p.add_argument("--fail-on", choices=("error", "warning"), help="lowest severity that fails a file (default: error)")
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings fail a file")
    p.add_argument("--statistics", action="store_true", help="add, per rule, how many files fail it")
    p.add_argument("-j", "--jobs", type=int, metavar="N", help="worker processes for a batch (default: CPU count)")
    p.add_argument("--timeout", type=float, metavar="SECONDS",
                   help=f"time budget per file; default {DEFAULT_BATCH_TIMEOUT:g} s when checking several files, "
                   "none for one file; 0 turns it off")
    p.add_argument("--previous", metavar="FILE", help="last year's report of the same agency, for cross-year checks")
    p.add_argument("--annotate", metavar="OUT.docx", help="write a copy of the (single) input with a Word comment at each finding")
    p.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    _add_round_options(p)
    add_common_options(p)
    return p


def _add_round_options(p: argparse.ArgumentParser) -> None:
    """The supervising office's round (docs/batch.md, "A whole round"); see checker.round."""
    g = p.add_argument_group("round", "a supervising office's round of submissions")
    g.add_argument("--roster", metavar="FILE", help="the bodies expected to submit (CSV with a header, or YAML)")
    g.add_argument("--year", type=int, metavar="YYYY", help="the report year of the round; other years are a finding")
    g.add_argument("--store", metavar="FILE", help="record runs, files and findings in this SQLite store")
    g.add_argument("--out-dir", metavar="DIR", help="write, per input, an annotated .docx and an HTML page here")


def _parse_reports(values: list[str], formats: dict) -> list[tuple[str, str]]:
    out = []
    for value in values:
        fmt, sep, path = value.partition(":")
        if not sep or not path:
            raise ConfigError(f"--report takes FORMAT:PATH, not {value!r}")
        if fmt not in formats:
            raise ConfigError(f"unknown report format {fmt!r} (known: {', '.join(sorted(formats))})")
        out.append((fmt, path))
    return out


def exit_code(results: list[FileResult], fail_on) -> int:
    from ..findings import Verdict

    verdicts = [r.verdict(fail_on) for r in results]
    if Verdict.ERROR in verdicts:
        return EXIT_ERROR
    if Verdict.FAIL in verdicts:
        return EXIT_FINDINGS
    return EXIT_OK


#: An unattended batch must never hang on one file: a file that takes longer than this
#: gets an ``error`` result and the batch goes on (a legitimate 500-page report checks
#: in about 4 s; a part at the element cap reads in about a minute).
DEFAULT_BATCH_TIMEOUT = 300.0


def _time_budget(flag: float | None, configured: float | None, n_inputs: int) -> float | None:
    """The per-file budget: the flag, else the configuration, else the batch default."""
    value = flag if flag is not None else configured
    if value is None:
        return DEFAULT_BATCH_TIMEOUT if n_inputs > 1 else None
    return float(value) if value > 0 else None


def _refuse_input_as_output(out: str, inputs: list[str]) -> None:
    """Fail before any work when --annotate would overwrite an input: the tool never
    writes to an input file."""
    for given in inputs:
        same = os.path.abspath(out) == os.path.abspath(given)
        if not same and os.path.exists(out) and os.path.exists(given):
            same = os.path.samefile(out, given)
        if same:
            raise ConfigError(f"--annotate {out}: that is the input file; choose another output path")


def run(args: argparse.Namespace) -> int:
    from ..batch import expand_inputs, run_batch
    from ..engine import Engine, validate_selectors
    from .common import file_config, report_options, settings_from

    cfg = file_config(args)
    settings = settings_from(args, cfg)
    engine = Engine(settings)
    validate_selectors(settings.select + settings.extend_select + settings.ignore, engine.registry)
    formats = engine.registry.output_formats
    fmt = args.output_format or cfg.get("output-format") or "text"
    if fmt not in formats:
        raise ConfigError(f"unknown output format {fmt!r} (known: {', '.join(sorted(formats))})")
    extra_reports = _parse_reports(args.report, formats)
    options = report_options(args, cfg, engine)
    if args.annotate:
        _refuse_input_as_output(args.annotate, args.files)

    items = expand_inputs(args.files, settings.limits)
    for item in items:
        if item.skip is not None:  # passed over on purpose (lock files, other files): say so
            print(f"checker: {item.label}: {item.skip_note(options.lang)}", file=sys.stderr)
    if not any(item.skip is None for item in items):
        raise ConfigError("no .docx file found in the given paths")
    jobs = args.jobs if args.jobs is not None else cfg.get("jobs")
    previous = None
    if args.previous:
        previous = engine.read(args.previous, args.previous)  # InputError → one line, exit 2
    show_progress = not args.no_progress and sys.stderr.isatty() and not os.environ.get("CI") and len(items) > 1
    timeout = _time_budget(args.timeout, cfg.get("timeout"), len(items))
    from ..round.session import RoundSession

    session = RoundSession.open(args, cfg, settings, options.lang, jobs, timeout, items)
    results = session.check(items, lambda batch: run_batch(
        batch, settings, jobs=jobs, engine=engine, timeout=timeout, progress=show_progress, previous=previous,
    ), engine, options)
    options, formats = session.report_options(options), session.formats(formats)

    for err in (r for r in results if r.error is not None):
        print(f"checker: {err.path}: {err.error}", file=sys.stderr)

    if args.output_file:
        with open(args.output_file, "w", encoding="utf-8", newline="") as fh:
            formats[fmt](results, options, fh)
    else:
        formats[fmt](results, options, sys.stdout)
    for rfmt, path in extra_reports:
        newline = "" if rfmt == "csv" else None
        encoding = "utf-8-sig" if rfmt == "csv" else "utf-8"
        with open(path, "w", encoding=encoding, newline=newline) as fh:
            formats[rfmt](results, options, fh)

    if args.annotate:
        if len(results) != 1:
            raise ConfigError("--annotate takes exactly one input file")
        from ..annotate import annotate_copy

        checked = [item for item in items if item.skip is None]  # skipped inputs stay listed
        if checked[0].member:
            raise ConfigError("--annotate needs a .docx file, not a member of an archive")
        annotate_copy(checked[0].path, results[0], args.annotate, lang=options.lang)

    code = exit_code(results, options.fail_on)
    if args.exit_zero and code == EXIT_FINDINGS:
        return EXIT_OK
    return code
