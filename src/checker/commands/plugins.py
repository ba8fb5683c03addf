"""``checker plugins``: which plugins are loaded, their versions and rule prefixes."""

from __future__ import annotations

import argparse

from ..cli import add_common_options
from ..cli_words import say


HEADERS_EN = ("name", "version", "origin", "prefixes", "profiles")
HEADERS_ZH = ("插件", "版本", "来源", "规则代码前缀", "规则集")
ORIGINS_ZH = {"builtin": "内置", "entry point": "已安装", "local": "本地文件"}


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser("plugins", help=say("列出已加载的插件", "list loaded plugins"),
                       description=say("列出每个插件的名称、版本、来源和规则前缀。",
                                       "List plugin name, version, origin and rule prefixes."))
    add_common_options(p)
    return p


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from ..plugins import describe_plugins
    from ..reporters import pick_lang
    from .common import build_engine, file_config

    cfg = file_config(args)
    engine = build_engine(args, cfg)
    zh = pick_lang(args.lang, cfg.get("lang")) == "zh"
    # 80 columns: a profile name or a distribution name is never split (one per line),
    # the other columns give way; one space between columns.
    from ..reporters.text import print_phrases

    console = Console(highlight=False)
    # Four columns fit 80, plugin and distribution names whole, the prefixes wrapping. The
    # profiles, whose names are long, follow the table, one phrase each, never split.
    table = Table(box=None, show_edge=False, pad_edge=False, padding=(0, 2, 0, 0), collapse_padding=True)
    for n, head in enumerate((HEADERS_ZH if zh else HEADERS_EN)[:4]):
        table.add_column(head, overflow="fold", no_wrap=n < 2 and console.width >= 80)  # names whole at 80
    profiles: list[tuple[str, list[str]]] = []
    for info in describe_plugins(engine.pm):
        registered = f"local:{info.name}" if info.source == "local" else info.name  # as in describe_plugins
        prefixes = ", ".join(engine.registry.prefixes(registered)) or "-"
        plugin = engine.pm.get_plugin(registered)
        if plugin is not None and hasattr(plugin, "checker_profiles"):
            names = sorted(plugin.checker_profiles() or {})
            if names:
                profiles.append((info.name, names))
        origin = ORIGINS_ZH.get(info.source, info.source) if zh else info.source
        table.add_row(info.name, info.version, origin, prefixes)
    console.print(table)
    for name, names in profiles:
        lead = f"{name} 提供的规则集：" if zh else f"profiles of {name}:"
        sep = "、" if zh else ", "
        print_phrases(console, [lead + ("" if zh else " ")] + [p + sep * (i < len(names) - 1) for i, p in enumerate(names)])
    return 0
