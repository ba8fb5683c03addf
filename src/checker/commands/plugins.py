"""``checker plugins``: which plugins are loaded, their versions and rule prefixes."""

from __future__ import annotations

import argparse

from ..cli import add_common_options


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser("plugins", help="list loaded plugins", description="List plugin name, version, origin and rule prefixes.")
    add_common_options(p)
    return p


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from ..plugins import describe_plugins
    from .common import build_engine, file_config, settings_from

    engine = build_engine(args, file_config(args))
    table = Table(box=None, show_edge=False, pad_edge=False)
    for col in ("name", "version", "origin", "prefixes", "profiles"):
        table.add_column(col, overflow="fold")
    for info in describe_plugins(engine.pm):
        registered = f"local:{info.name}" if info.source == "local" else info.name  # as in describe_plugins
        prefixes = ", ".join(engine.registry.prefixes(registered)) or "-"
        plugin = engine.pm.get_plugin(registered)
        profiles = "-"
        if plugin is not None and hasattr(plugin, "checker_profiles"):
            profiles = ", ".join(sorted(plugin.checker_profiles() or {})) or "-"
        table.add_row(info.name, info.version, info.source, prefixes, profiles)
    Console(highlight=False).print(table)
    return 0
