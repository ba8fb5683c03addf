"""``checker rules``: list every rule the loaded plugins provide."""

from __future__ import annotations

import argparse
import json
import sys

from ..cli import add_common_options
from ..cli_words import say


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser("rules", help=say("列出可用的规则", "list the available rules"),
                       description=say("列出每条规则的代码、名称、类别、严重程度和说明。",
                                       "List rule code, name, category, severity and summary."))
    p.add_argument("--output-format", choices=("text", "json"), default="text",
                   help=say("text（默认）或 json", "text (default) or json"))
    add_common_options(p)
    return p


def run(args: argparse.Namespace) -> int:
    from .common import build_engine, file_config, report_options, rule_infos, settings_from

    cfg = file_config(args)
    engine = build_engine(args, cfg)
    options = report_options(args, cfg, engine)
    infos = rule_infos(engine)
    rules = engine.registry.rules
    if args.output_format == "json":
        json.dump([{**vars(i), "fix": rules[i.code].fix_applicability} for i in infos.values()], sys.stdout,
                  ensure_ascii=False, indent=2)
        print()
        return 0
    from rich.console import Console
    from rich.table import Table

    zh = options.lang == "zh"
    table = Table(box=None, show_edge=False, pad_edge=False)
    for col in (("代码", "code"), ("名称", "name"), ("类别", "category"), ("级别", "severity"), ("修复", "fix"),
                ("说明", "summary")):
        table.add_column(col[0] if zh else col[1], overflow="fold")
    from ..reporters import term

    # as ruff marks fixable rules: safe fixes apply with `checker fix`, unsafe ones with --unsafe-fixes
    marks = {"safe": ("可修复", "safe"), "unsafe": ("不安全修复", "unsafe"), None: ("", "")}
    for info in infos.values():  # categories and severities in the chosen language too
        mark = marks.get(rules[info.code].fix_applicability, ("", ""))[0 if zh else 1]
        table.add_row(info.code, info.name, term(info.category, options.lang), term(info.severity, options.lang),
                      mark, info.summary_zh if zh else info.summary_en)
    console = Console(highlight=False)
    console.print(table)
    redirects = engine.registry.redirects
    if redirects:  # as ruff lists its remapped codes: old configuration keeps working
        pairs = ", ".join(f"{old} → {new}" for old, new in sorted(redirects.items()))
        console.print(
            f"\n旧代码仍然有效，自动对应新代码：{pairs}" if zh else f"\nOld codes still work and select the new ones: {pairs}",
            overflow="fold",
        )
    return 0
