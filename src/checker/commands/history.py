"""``checker history``: per body, its submissions over the round and what each resubmission fixed."""

from __future__ import annotations

import argparse
import json
import sys

from ..cli import add_common_options
from ..cli_words import say
from ..errors import usage_error


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "history",
        help=say("显示数据库中记录的各机关报送情况", "show each body's submissions recorded in the store"),
        description=say("按机关和年度列出数据库中记录的每次报送（checker check --store）及其结论；重新报送的，"
                        "列出与上一次相比已改正、仍存在和新出现的问题。",
                        "Per body and year: every submission recorded in the store (checker check --store), with its "
                        "verdict, and for a resubmission the findings fixed, still open and new since the previous one."),
    )
    p.add_argument("--store", metavar=say("文件", "FILE"),
                   help=say("SQLite 数据库（默认：配置中的 store:）", "the SQLite store (default: store: in the configuration)"))
    p.add_argument("--body", metavar=say("机关", "NAME"),
                   help=say("只看这个机关（名单上或报告中的名称）", "only this body (its name as on the roster or in the report)"))
    p.add_argument("--year", type=int, metavar=say("年份", "YYYY"), help=say("只看这一年度的报告", "only reports of this year"))
    p.add_argument("--output-format", choices=("text", "json"), default="text",
                   help=say("text（默认）或 json", "text (default) or json"))
    add_common_options(p)
    return p


def run(args: argparse.Namespace) -> int:
    from ..round.history import build_history, render_text
    from ..round.store import Store
    from .common import file_config, report_options

    cfg = file_config(args)
    path = args.store or cfg.get("store")
    if not path:
        raise usage_error("没有指定数据库：请用 --store 文件 或在 checker.yaml 中写 store:",
                          "no store: name one with --store FILE or `store:` in checker.yaml")
    lang = report_options(args, cfg).lang
    with Store.open(path, create=False) as store:
        history = build_history(store, args.body, args.year)
    if args.output_format == "json":
        json.dump({"store": path, "bodies": history}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_text(history, lang))
    return 0
