"""``checker check FILE...``: check reports and print findings."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from typing import TYPE_CHECKING

from ..cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, add_common_options
from ..cli_words import say
from ..errors import ConfigError, usage_error

if TYPE_CHECKING:
    from ..findings import FileResult


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    file_ = say("文件", "FILE")
    codes = say("代码", "CODES")
    p = sub.add_parser(
        "check",
        help=say("检查一个或多个报告", "check one or more reports"),
        description=say("检查 .docx 报告。退出码：0 没有问题；1 有达到 --fail-on 级别的问题；"
                        "2 用法、配置或插件错误，或有无法读取的输入。",
                        "Check .docx reports. Exit code: 0 clean, 1 findings at or above --fail-on, "
                        "2 usage/configuration/plugin error or an unreadable input."),
    )
    p.add_argument("files", nargs="+", metavar=file_,
                   help=say(".docx 文件、文件夹、通配符或 .zip 压缩包", ".docx files, folders, glob patterns or .zip archives"))
    p.add_argument("--profile", metavar=say("规则集", "PROFILE"),
                   help=say("规则集名称或 YAML 文件（默认：按文档自动选择）", "profile name or YAML file (default: chosen from the document)"))
    p.add_argument("--select", action="append", metavar=codes,
                   help=say("要运行的规则代码或前缀，逗号分隔；ALL 表示全部规则",
                            "rule codes or prefixes to run, comma-separated; ALL for every rule"))
    p.add_argument("--extend-select", action="append", metavar=codes,
                   help=say("在规则集选定的规则之外再运行这些", "add to the profile's selection"))
    p.add_argument("--ignore", action="append", metavar=codes, help=say("要跳过的规则代码或前缀", "rule codes or prefixes to skip"))
    p.add_argument("--output-format", metavar=say("格式", "FORMAT"),
                   help=say("text（默认）、json 或其他已注册的格式", "text (default), json, or another registered format"))
    p.add_argument("-o", "--output-file", metavar=say("路径", "PATH"),
                   help=say("把主报告写入文件，而不是标准输出", "write the main report to a file instead of stdout"))
    p.add_argument("--report", action="append", default=[], metavar=say("格式:路径", "FORMAT:PATH"),
                   help=say("另按该格式把报告写到该路径（可重复），例如 html:out.html",
                            "also write a report in FORMAT to PATH (repeatable), e.g. html:out.html"))
    p.add_argument("--fail-on", choices=("error", "warning"),
                   help=say("使文件不通过的最低严重程度（默认：error）", "lowest severity that fails a file (default: error)"))
    p.add_argument("--exit-zero", action="store_true",
                   help=say("即使有文件不通过也以 0 退出", "exit 0 even when findings fail a file"))
    p.add_argument("--statistics", action="store_true",
                   help=say("另按规则统计不通过的文件数", "add, per rule, how many files fail it"))
    p.add_argument("-j", "--jobs", type=positive_int, metavar="N",
                   help=say("批量检查的工作进程数（默认：处理器核数）", "worker processes for a batch (default: CPU count)"))
    p.add_argument("--timeout", type=seconds, metavar=say("秒数", "SECONDS"),
                   help=say(f"每个文件的时间预算（默认 {DEFAULT_BATCH_TIMEOUT:g} 秒，单个文件和批量都一样）；0 表示不限",
                            f"time budget per file (default {DEFAULT_BATCH_TIMEOUT:g} s, one file or many); 0 turns it off"))
    p.add_argument("--previous", metavar=file_,
                   help=say("同一机关上一年度的报告，用于跨年度检查", "last year's report of the same agency, for cross-year checks"))
    p.add_argument("--annotate", metavar=say("输出.docx", "OUT.docx"),
                   help=say("为（唯一的）输入写一份副本，在每个问题处加 Word 批注",
                            "write a copy of the (single) input with a Word comment at each finding"))
    p.add_argument("--no-progress", action="store_true", help=say("不显示进度条", "never show a progress bar"))
    _add_round_options(p)
    _add_baseline_options(p)
    add_common_options(p)
    return p


def _add_round_options(p: argparse.ArgumentParser) -> None:
    """The supervising office's round (docs/batch.md, "A whole round"); see checker.round."""
    file_ = say("文件", "FILE")
    g = p.add_argument_group(say("报送轮次", "round"), say("主管部门的一轮报送", "a supervising office's round of submissions"))
    g.add_argument("--roster", metavar=file_,
                   help=say("应报送的机关名单（带表头的 CSV，或 YAML）", "the bodies expected to submit (CSV with a header, or YAML)"))
    g.add_argument("--year", type=int, metavar=say("年份", "YYYY"),
                   help=say("本轮的报告年度；其他年度的报告作为问题报告", "the report year of the round; other years are a finding"))
    g.add_argument("--store", metavar=file_,
                   help=say("把运行、文件和问题记录到这个 SQLite 数据库", "record runs, files and findings in this SQLite store"))
    g.add_argument("--out-dir", metavar=say("文件夹", "DIR"),
                   help=say("为每个输入在此写一份带批注的 .docx 和一个 HTML 页面",
                            "write, per input, an annotated .docx and an HTML page here"))


def _add_baseline_options(p: argparse.ArgumentParser) -> None:
    """The baseline options (docs/configuration.md, "Accepting findings"); see
    checker.baseline. Declared here with the other options of ``check``, so that their
    help is in the run's language like the rest."""
    file_ = say("文件", "FILE")
    g = p.add_argument_group(say("基线", "baseline"),
                             say("接受已知的问题（与 ruff 的基线相同）", "accept known findings (ruff's baseline)"))
    g.add_argument("--baseline", metavar=file_,
                   help=say("只报告这个基线文件中没有记录的问题", "report only findings not recorded in this baseline file"))
    g.add_argument("--write-baseline", metavar=file_,
                   help=say("把当前的问题记录到该文件（JSON；可以手工为条目加上 \"reason\"）",
                            "record the current findings in FILE (JSON; add a \"reason\" to an entry by hand)"))
    g.add_argument("--show-baselined", action="store_true",
                   help=say("同时列出基线接受的问题及其理由", "also list the findings the baseline accepts, with their reasons"))


def positive_int(text: str) -> int:
    """``--jobs``: a whole number of at least 1 (0 or -3 would silently mean "all CPUs")."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(say(f"{text!r} 不是不小于 1 的整数", f"{text!r} is not a whole number of at least 1"))
    return value


def seconds(text: str) -> float:
    """``--timeout``: a number of seconds of at least 0 (0 turns the budget off)."""
    import math

    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if value < 0 or not math.isfinite(value):
        raise argparse.ArgumentTypeError(say(f"{text!r} 不是不小于 0 的秒数（0 表示不限）",
                                             f"{text!r} is not a number of seconds of at least 0 (0 turns it off)"))
    return value


def _parse_reports(values: list[str], formats: dict) -> list[tuple[str, str]]:
    out = []
    for value in values:
        fmt, sep, path = value.partition(":")
        if not sep or not path:
            raise usage_error(f"--report {value}：格式应为 FORMAT:PATH，例如 html:out.html",
                              f"--report {value}: takes FORMAT:PATH, e.g. html:out.html")
        if fmt not in formats:
            known = ", ".join(sorted(formats))
            raise usage_error(f"--report {value}：未知的报告格式 {fmt!r}（可用：{known}）",
                              f"--report {value}: unknown report format {fmt!r} (known: {known})")
        out.append((fmt, path))
    return out


def _output_format(args: argparse.Namespace, cfg, formats) -> str:
    """``--output-format``, else the file's ``output-format``, else text; an unknown one
    is refused naming the option or the file."""
    from ..findings import Message

    known = ", ".join(sorted(formats))
    if args.output_format:
        if args.output_format not in formats:
            raise ConfigError(Message(
                zh=f"--output-format：未知的输出格式 {args.output_format!r}（可用：{known}）",
                en=f"--output-format: unknown output format {args.output_format!r} (known: {known})"))
        return args.output_format
    fmt = cfg.get("output-format") or "text"
    if fmt not in formats:
        raise cfg.error("output-format", known, known)
    return fmt


def exit_code(results: list[FileResult], fail_on) -> int:
    from ..findings import Verdict

    verdicts = [r.verdict(fail_on) for r in results]
    if Verdict.ERROR in verdicts:
        return EXIT_ERROR
    if Verdict.FAIL in verdicts:
        return EXIT_FINDINGS
    return EXIT_OK


#: No run may hang on one file, a batch or a drafter's pre-commit hook alike: a file
#: that takes longer than this gets an ``error`` result and the run goes on (a
#: legitimate 500-page report checks in about 4 s, 40 s under heavy load; a part at the
#: element cap reads in about a minute).
DEFAULT_BATCH_TIMEOUT = 300.0


def _time_budget(flag: float | None, configured: float | None, n_inputs: int) -> float | None:  # noqa: ARG001
    """The per-file budget: the flag, else the configuration, else the default (for
    one file too: a single-file run used to have none, so a pre-commit hook could hang)."""
    value = flag if flag is not None else configured
    if value is None:
        return DEFAULT_BATCH_TIMEOUT
    return float(value) if value > 0 else None


def _memory_ceiling(cfg) -> int | None:
    """The address-space ceiling of each worker, and of this process while it checks in
    a single-file (or ``--jobs 1``) run: ``max-memory-bytes`` under the limits, else the
    default; 0 turns it off."""
    from ..batch.resources import DEFAULT_MAX_MEMORY_BYTES
    from ..config import MEMORY_KEY

    value = cfg.get(MEMORY_KEY)
    if value is None:
        return DEFAULT_MAX_MEMORY_BYTES
    return int(value) or None


#: Skipped inputs listed one per line on stderr, per reason, before the rest of that
#: reason is summed up on one line (a folder of 20,000 other files must not print
#: 20,000 lines).
MAX_SKIP_LINES = 10


def _report_skipped(items, lang: str) -> None:
    """Say which inputs were passed over on purpose (lock files, other files), at most
    :data:`MAX_SKIP_LINES` per reason, then how many more."""
    from ..findings import Message
    from ..text import printable

    shown_per_reason: dict[tuple[str, str], int] = {}
    more: dict[tuple[str, str], int] = {}
    for item in items:
        if item.skip is None:
            continue
        reason = (item.skip, item.skip_zh or item.skip)
        if shown_per_reason.get(reason, 0) < MAX_SKIP_LINES:
            shown_per_reason[reason] = shown_per_reason.get(reason, 0) + 1
            _say(f"{_lead(lang)}{item.label}{_sep(lang)}{item.skip_note(lang)}")
        else:
            more[reason] = more.get(reason, 0) + 1
    for (en, zh), n in more.items():
        note = Message(zh=f"另有 {n} 个文件同样跳过（{zh}）", en=f"{n} more files skipped the same way ({en})")
        _say(f"{_lead(lang)}{printable(note.get(lang), multiline=False)}")


def _report_unreadable(results, lang: str) -> None:
    """One stderr line per unreadable file, its reason in the run's language (the
    Chinese with the English in brackets)."""
    from ..reporters import unreadable_reason

    for result in results:
        if result.error is not None:
            reason = unreadable_reason(result, lang) if lang == "zh" else result.error  # "无法读取文件：…（English）"
            _say(f"{_lead(lang)}{result.path}{_sep(lang)}{reason}")


def _sep(lang: str) -> str:
    return "：" if lang == "zh" else ": "


def _lead(lang: str, error: bool = False) -> str:
    """How a stderr line starts: ``checker: `` / ``checker: error: `` in the run's language."""
    if error:
        return "checker：错误：" if lang == "zh" else "checker: error: "
    return "checker：" if lang == "zh" else "checker: "


def _say(line: str) -> None:
    """One line on stderr, safe to show whatever the file names hold."""
    from ..text import printable

    print(printable(line, multiline=False), file=sys.stderr)


def _usage(zh: str, en: str) -> ConfigError:
    """A usage error in both languages (printed in the run's language by cli.py)."""
    from ..batch.outputs import OutputError
    from ..findings import Message

    return OutputError(Message(zh=zh, en=en))


def _outputs(args: argparse.Namespace, reports: list[tuple[str, str]]):
    from ..batch.outputs import Output

    outs = []
    if args.output_file:
        outs.append(Output("-o", args.output_file))
    outs.extend(Output(f"--report {fmt}", path) for fmt, path in reports)
    if args.annotate:
        outs.append(Output("--annotate", args.annotate))
    return outs


def _render(reporter, results, options, like=None) -> str:
    """The whole report as text. ``like``: the stream it will go to (stdout), whose
    terminal-ness and encoding the buffer reports, so that the text reporter still
    colours and sizes its output for a terminal."""
    import io

    class _Buffer(io.StringIO):
        def isatty(self) -> bool:
            try:
                return bool(like is not None and like.isatty())
            except (AttributeError, ValueError, OSError):
                return False

        @property
        def encoding(self):  # type: ignore[override]
            return getattr(like, "encoding", None) or "utf-8"

    buf = _Buffer()
    reporter(results, options, buf)
    return buf.getvalue()


def _write_report(fmt: str, reporter, results, options, path: str | None, lang: str) -> bool:
    """Render one report whole, then write it (atomically to a file, or to stdout).
    A reporter that fails costs that report only: one line on stderr, the target
    untouched, False returned."""
    from ..batch.outputs import encode, write_atomic
    from ..findings import Message

    try:
        text = _render(reporter, results, options, like=sys.stdout if path is None else None)
    except Exception as exc:  # a reporter bug or a plugin's reporter: this report only
        what = f"{fmt}:{path}" if path else fmt
        detail = " ".join(str(exc).split())[:200]
        msg = Message(zh=f"无法生成报告 {what}（{type(exc).__name__}: {detail}），未写入",
                      en=f"cannot write the report {what} ({type(exc).__name__}: {detail}); nothing was written")
        _say(f"{_lead(lang, error=True)}{msg.get(lang)}")
        return False
    if path is None:
        stream = sys.stdout
        encoding = getattr(stream, "encoding", None) or "utf-8"
        try:
            stream.write(text)
        except UnicodeEncodeError:  # a character the terminal's encoding cannot show
            stream.write(encode(text, encoding).decode(encoding))
        stream.flush()
        return True
    csv_like = fmt in ("csv", "csv-summary")
    if not csv_like and os.linesep != "\n":
        text = text.replace("\n", os.linesep)
    try:
        write_atomic(path, encode(text, "utf-8-sig" if csv_like else "utf-8"))
    except OSError as exc:  # a name too long, a full disk: this report only, one line
        why = exc.strerror or type(exc).__name__
        msg = Message(zh=f"无法写入报告 {fmt}:{path}（{why}），未写入", en=f"cannot write the report {fmt}:{path} ({why}); nothing was written")
        _say(f"{_lead(lang, error=True)}{msg.get(lang)}")
        return False
    return True


def _annotate(args, items, results, lang: str, max_memory: int | None, engine) -> None:
    from ..annotate import annotate_copy
    from ..batch.resources import memory_ceiling

    checked = [item for item in items if item.skip is None]  # skipped inputs stay listed
    if checked[0].member:
        raise usage_error("--annotate 需要一个 .docx 文件，而不是压缩包中的文件",
                          "--annotate needs a .docx file, not a member of an archive")
    if results[0].error is not None:
        return  # unreadable: its reason is already on stderr, once; no copy is written
    with memory_ceiling(max_memory):  # python-docx parses parts the checker's reader never needed
        # the run's limits and rules (local --plugin rules give their fix text too)
        annotate_copy(checked[0].path, results[0], args.annotate, lang=lang,
                      limits=engine.settings.limits, rules=engine.registry.rules)


def run(args: argparse.Namespace) -> int:
    from ..batch import expand_inputs, run_batch
    from .common import build_engine, file_config, report_options, settings_from, validate_selection

    cfg = file_config(args)
    settings = settings_from(args, cfg)
    engine = build_engine(args, cfg, settings)
    validate_selection(args, cfg, engine.registry)
    from ..per_file_ignores import PerFileIgnores

    ignores = PerFileIgnores.from_config(cfg, engine.registry)
    from ..round.session import round_formats

    formats = round_formats(engine.registry.output_formats)  # + round-json, round-csv; the text report's round
    fmt = _output_format(args, cfg, formats)
    extra_reports = _parse_reports(args.report, formats)
    options = report_options(args, cfg, engine)
    if args.annotate and not args.annotate.lower().endswith(".docx"):
        raise _usage(f"--annotate {args.annotate}：注释副本必须是 .docx 文件",
                     f"--annotate {args.annotate}: the copy must be a .docx file")
    from .. import baseline
    from ..batch.outputs import check_outputs

    outputs = _outputs(args, extra_reports) + baseline.outputs(args)
    named = [*args.files, *([args.previous] if args.previous else []), *baseline.inputs(args)]
    check_outputs(outputs, named)  # before any work; again below against every file found

    items = expand_inputs(args.files, settings.limits)
    checked = sum(item.skip is None for item in items)
    if checked and args.annotate and checked != 1:
        raise _usage("--annotate 只能用于一个输入文件", "--annotate takes exactly one input file")
    check_outputs(outputs, named + [item.path for item in items if item.skip is None])  # archives included
    _report_skipped(items, options.lang)
    if not checked:
        raise usage_error("所给路径中没有 .docx 文件", "no .docx file found in the given paths")
    accepting = baseline.Request.from_args(args)  # a broken baseline fails before any work
    jobs = args.jobs if args.jobs is not None else cfg.get("jobs")
    previous = None
    if args.previous:
        # read and summarised once, compared with every input; InputError → one line, exit 2
        previous = engine.summarise_document(engine.read(args.previous, args.previous))
    show_progress = not args.no_progress and sys.stderr.isatty() and not os.environ.get("CI") and len(items) > 1
    timeout = _time_budget(args.timeout, cfg.get("timeout"), len(items))
    from ..round.session import RoundSession

    session = RoundSession.open(args, cfg, settings, options.lang, jobs, timeout, items)
    if session.roster is not None and session.roster.known_kinds():
        # the roster's kinds set each matched body's deadline (DAT604); workers get these settings
        settings = replace(settings, bodies=session.roster.known_kinds())
        engine.settings = settings

    def run(batch, on_result=None):
        told = None if on_result is None else lambda i, r: on_result(i, ignores.apply([r])[0])
        return ignores.apply(run_batch(
            batch, settings, jobs=jobs, engine=engine, timeout=timeout, progress=show_progress, previous=previous,
            max_memory=_memory_ceiling(cfg), lang=options.lang, fail_on=options.fail_on, on_result=told,
        ))

    results = session.check(items, run, engine, options)
    options = session.report_options(options)
    results, options = accepting.accept(results, options)  # --baseline / --write-baseline
    _report_unreadable(results, options.lang)

    written = _write_report(fmt, formats[fmt], results, options, args.output_file, options.lang)
    for rfmt, path in extra_reports:
        written = _write_report(rfmt, formats[rfmt], results, options, path, options.lang) and written

    if args.annotate:
        _annotate(args, items, results, options.lang, _memory_ceiling(cfg), engine)

    code = exit_code(results, options.fail_on)
    if not written:
        return EXIT_ERROR
    if args.exit_zero and code == EXIT_FINDINGS:
        return EXIT_OK
    return code
