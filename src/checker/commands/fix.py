"""``checker fix REPORT.docx -o FIXED.docx``: a copy with every safe fix applied.

As ruff's ``--fix``: safe fixes (wording and numbering) by default, unsafe ones (figures)
only with ``--unsafe-fixes``; ``--diff`` shows the changes without writing anything;
``--select``/``--ignore`` choose the codes to fix. The input is never written to.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

from ..cli import add_common_options
from ..cli_words import say
from ..errors import InputError, usage_error
from ..findings import Message


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    codes = say("代码", "CODES")
    p = sub.add_parser(
        "fix",
        help=say("生成一份应用了安全修复的报告副本", "write a copy of a report with the safe fixes applied"),
        description=say("把规则能确定的修复（措辞和编号；加 --unsafe-fixes 时还有数字）应用到报告的副本上，"
                        "再检查副本，并列出改动。",
                        "Apply the fixes the rules know (wording and numbering; figures with --unsafe-fixes) "
                        "to a copy of the report, check the copy again, and print what changed."),
    )
    p.add_argument("file", metavar=say("文件", "FILE"), help=say(".docx 报告（只读取，不改动）", "the .docx report (only read)"))
    p.add_argument("-o", "--output", metavar=say("输出.docx", "OUT.docx"),
                   help=say("修复后副本的写入位置", "where to write the fixed copy"))
    p.add_argument("--diff", action="store_true",
                   help=say("只列出改动（改前 → 改后），不写文件", "print the changes (before → after) and write nothing"))
    p.add_argument("--unsafe-fixes", action="store_true",
                   help=say("同时应用不安全的修复（由勾稽关系确定的数字）", "also apply unsafe fixes (figures the relations determine)"))
    p.add_argument("--select", action="append", metavar=codes,
                   help=say("要修复的规则代码或前缀，逗号分隔", "codes or prefixes to fix, comma-separated"))
    p.add_argument("--ignore", action="append", metavar=codes, help=say("不修复的规则代码或前缀", "codes or prefixes not to fix"))
    p.add_argument("--profile", metavar=say("规则集", "PROFILE"),
                   help=say("规则集名称或 YAML 文件（默认：按文档自动选择）", "profile name or YAML file (default: chosen from the document)"))
    p.add_argument("--force", action="store_true",
                   help=say("覆盖已有的输出文件（从不覆盖输入文件）", "overwrite an existing output file (never the input)"))
    add_common_options(p)
    return p


def _same_file(a: str, b: str) -> bool:
    if os.path.abspath(a) == os.path.abspath(b) or os.path.realpath(a) == os.path.realpath(b):
        return True
    return os.path.exists(a) and os.path.exists(b) and os.path.samefile(a, b)


def _write_atomically(data: bytes, out: str) -> None:
    """A temporary file in the output folder, then one rename: never a half-written copy."""
    folder = os.path.dirname(os.path.abspath(out))
    fd, tmp = tempfile.mkstemp(prefix=".fix-", suffix=".docx", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def run(args: argparse.Namespace) -> int:
    from ..engine import Engine, validate_selectors
    from ..fix.run import describe, fix_bytes
    from .common import file_config, report_options, settings_from, split_codes

    if not args.diff and not args.output:
        raise usage_error("fix 需要 -o 输出.docx（或用 --diff 只显示改动）",
                          "fix needs -o OUT.docx (or --diff to only show the changes)")
    if args.output:
        if _same_file(args.file, args.output):
            raise usage_error(f"-o {args.output}：这是输入文件，输入文件从不改写",
                              f"-o {args.output}: that is the input file; the input is never written to")
        if not args.output.lower().endswith(".docx"):
            raise usage_error(f"-o {args.output}：修复后的副本必须是 .docx 文件",
                              f"-o {args.output}: the fixed copy must be a .docx file")
        if os.path.exists(args.output) and not args.force and not args.diff:
            raise usage_error(f"-o {args.output}：文件已存在；如需覆盖请加 --force",
                              f"-o {args.output}: the file exists; add --force to overwrite it")
        if not os.path.isdir(os.path.dirname(os.path.abspath(args.output))):
            raise usage_error(f"-o {args.output}：文件夹不存在", f"-o {args.output}: the folder does not exist")
    cfg = file_config(args)
    select, ignore = split_codes(args.select), split_codes(args.ignore)
    # the check runs as configured; --select/--ignore choose which fixes to apply
    settings = settings_from(argparse.Namespace(**{**vars(args), "select": None, "ignore": None}), cfg)
    engine = Engine(settings)
    validate_selectors(select + ignore, engine.registry)
    lang = report_options(args, cfg, engine).lang
    zh = lang == "zh"
    if not os.path.isfile(args.file):
        raise InputError(args.file, Message(zh="文件不存在", en="no such file") if not os.path.exists(args.file)
                         else Message(zh="不是普通文件", en="not a file"))
    with open(args.file, "rb") as fh:
        data = fh.read(settings.limits.max_file_bytes + 1)
    outcome = fix_bytes(engine, data, args.file, select=select or ("ALL",), ignore=ignore, unsafe=args.unsafe_fixes)
    if outcome.before.error is not None:
        raise InputError(args.file, outcome.before.error)

    if args.diff:
        print(f"--- {args.file}\n+++ {args.file} ({'修复后' if zh else 'fixed'})")
        for d in outcome.done:
            print(f"@@ {d.where.get(lang)} [{','.join(d.codes)}] @@\n- {d.old}\n+ {d.new}")
    else:
        for d in outcome.done:
            print(describe(d, lang))
    for s in outcome.skipped:
        print(f"{'未修复' if zh else 'not fixed'}: {s.where.get(lang)} [{s.code}]: {s.reason.get(lang)}", file=sys.stderr)
    n = len(outcome.fixed)
    if not args.diff and outcome.done:
        _write_atomically(outcome.data, args.output)
    if args.diff:
        summary = (f"可修复{n}项问题（未写入文件）" if zh else f"{n} finding(s) would be fixed (nothing written)")
    elif outcome.done:
        summary = (f"已修复{n}项问题，写入 {args.output}" if zh else f"fixed {n} finding(s), written to {args.output}")
    else:
        summary = "没有可修复的问题，未写入文件" if zh else "nothing to fix; no file written"
    if outcome.unsafe_available:
        summary += (f"；另有{outcome.unsafe_available}项可用 --unsafe-fixes 修复" if zh
                    else f"; {outcome.unsafe_available} more with --unsafe-fixes")
    print(summary)
    return 0
