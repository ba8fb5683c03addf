"""``checker plugins``: which plugins are loaded, their versions and rule prefixes."""

from __future__ import annotations

import argparse

from ..cli import add_common_options


HEADERS_EN = ("name", "version", "origin", "prefixes", "profiles")
HEADERS_ZH = ("插件", "版本", "来源", "规则代码前缀", "规则集")
ORIGINS_ZH = {"builtin": "内置", "entry point": "已安装", "local": "本地文件"}


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser("plugins", help="list loaded plugins", description="List plugin name, version, origin and rule prefixes.")
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
    table = Table(box=None, show_edge=False, pad_edge=False)
    for head in (HEADERS_ZH if zh else HEADERS_EN):
        table.add_column(head, overflow="fold")
    for info in describe_plugins(engine.pm):
        registered = f"local:{info.name}" if info.source == "local" else info.name  # as in describe_plugins
        prefixes = ", ".join(engine.registry.prefixes(registered)) or "-"
        plugin = engine.pm.get_plugin(registered)
        profiles = "-"
        if plugin is not None and hasattr(plugin, "checker_profiles"):
            profiles = ", ".join(sorted(plugin.checker_profiles() or {})) or "-"
        table.add_row(info.name, info.version, ORIGINS_ZH.get(info.source, info.source) if zh else info.source,
                      prefixes, profiles)
    Console(highlight=False).print(table)
    return 0
