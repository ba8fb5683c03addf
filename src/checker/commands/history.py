"""``checker history``: per body, its submissions over the round and what each resubmission fixed."""

from __future__ import annotations

import argparse
import json
import sys

from ..cli import add_common_options
from ..errors import ConfigError


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "history",
        help="show each body's submissions recorded in the store",
        description="Per body and year: every submission recorded in the store (checker check --store), with its "
        "verdict, and for a resubmission the findings fixed, still open and new since the previous one.",
    )
    p.add_argument("--store", metavar="FILE", help="the SQLite store (default: store: in the configuration)")
    p.add_argument("--body", metavar="NAME", help="only this body (its name as on the roster or in the report)")
    p.add_argument("--year", type=int, metavar="YYYY", help="only reports of this year")
    p.add_argument("--output-format", choices=("text", "json"), default="text", help="text (default) or json")
    add_common_options(p)
    return p


def run(args: argparse.Namespace) -> int:
    from ..round.history import build_history, render_text
    from ..round.store import Store
    from .common import file_config, report_options

    cfg = file_config(args)
    path = args.store or cfg.get("store")
    if not path:
        raise ConfigError("no store: name one with --store FILE or `store:` in checker.yaml")
    lang = report_options(args, cfg).lang
    with Store.open(path, create=False) as store:
        history = build_history(store, args.body, args.year)
    if args.output_format == "json":
        json.dump({"store": path, "bodies": history}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_text(history, lang))
    return 0
