"""``checker explain CODE``: a rule's purpose, legal basis, examples and fix."""

from __future__ import annotations

import argparse
import sys

from ..cli import add_common_options
from ..cli_words import say
from ..errors import usage_error


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "explain",
        help=say("解释一条规则", "explain a rule"),
        description=say("用所选语言打印规则的说明页（与 docs/rules/CODE.md 内容相同）。",
                        "Print a rule's reference page (the same text as docs/rules/CODE.md) in the chosen language."),
    )
    p.add_argument("code", metavar=say("代码", "CODE"),
                   help=say("规则代码，例如 SEC201（AR201 等旧代码会转到新代码）",
                            "rule code, e.g. SEC201 (old codes such as AR201 are redirected)"))
    p.add_argument("--raw", action="store_true",
                   help=say("打印 Markdown 原文，不渲染", "print the Markdown source instead of rendering it"))
    add_common_options(p)
    return p


def run(args: argparse.Namespace) -> int:
    from ..ruledoc import page_for, select_language
    from .common import build_engine, file_config, report_options, settings_from

    cfg = file_config(args)
    engine = build_engine(args, cfg)
    code = args.code.strip().upper()
    lang = report_options(args, cfg).lang
    note = ""
    if code not in engine.registry.rules and code in engine.registry.redirects:
        new = engine.registry.redirects[code]
        note = (f"> {code} 已更名为 {new}，旧代码在配置和命令行中仍然有效。\n\n" if lang == "zh"
                else f"> {code} is now {new}; the old code still works in configuration and on the command line.\n\n")
        code = new
    from ..ruledoc import engine_page

    rule = engine.registry.rules.get(code)
    # a rule's page, else a shipped page of a code no rule class declares (CHK…, RND…)
    page = page_for(rule) if rule is not None else engine_page(code)
    if page is None:
        raise usage_error(f"未知的规则代码 {args.code!r}（所有规则见 checker rules）",
                          f"unknown rule code {args.code!r} (see `checker rules` for every code)")
    text = note + select_language(page, lang)
    if args.raw or not sys.stdout.isatty():
        sys.stdout.write(text)
        return 0
    from rich.console import Console
    from rich.markdown import Markdown

    Console().print(Markdown(text))
    return 0
