"""Helpers shared by sub-commands: settings from configuration and flags, the engine."""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any

from ..config import FileConfig, find_config, load_config_file
from ..engine import Engine, Settings
from ..errors import ConfigError
from ..findings import Severity
from ..reader.package import DEFAULT_LIMITS, Limits
from ..reporters import ReportOptions, RuleInfo, default_lang


def split_codes(values: list[str] | None) -> tuple[str, ...]:
    """``--select AR1,AR2 --select AR3`` → ("AR1", "AR2", "AR3")."""
    out: list[str] = []
    for v in values or []:
        out.extend(x.strip().upper() if x.strip().upper() == "ALL" else x.strip() for x in v.split(",") if x.strip())
    return tuple(out)


def file_config(args: argparse.Namespace) -> FileConfig:
    if getattr(args, "config", None):
        return load_config_file(args.config)
    return find_config()


def limits_from(cfg: FileConfig) -> Limits:
    raw: dict[str, Any] = cfg.get("limits") or {}
    fields = set(Limits.__dataclass_fields__)
    bad = [k for k in raw if k.replace("-", "_") not in fields]
    if bad:
        raise ConfigError(f"{cfg.path}: unknown limit {bad[0]!r} (known: {', '.join(sorted(fields))})")
    try:
        return replace(DEFAULT_LIMITS, **{k.replace("-", "_"): v for k, v in raw.items()})
    except ConfigError as exc:  # Limits validates its values; say which file set them
        raise ConfigError(f"{cfg.path} [limits]: {exc}") from None


def settings_from(args: argparse.Namespace, cfg: FileConfig) -> Settings:
    select = split_codes(getattr(args, "select", None)) or tuple(cfg.get("select") or ())
    extend = split_codes(getattr(args, "extend_select", None)) + tuple(cfg.get("extend-select") or ())
    ignore = tuple(cfg.get("ignore") or ()) + split_codes(getattr(args, "ignore", None))
    plugins = tuple(cfg.get("plugins") or ()) + tuple(getattr(args, "plugin", None) or ())
    return Settings(
        profile=getattr(args, "profile", None) or cfg.get("profile"),
        select=select,
        extend_select=extend,
        ignore=ignore,
        plugins=plugins,
        limits=limits_from(cfg),
    )


def rule_infos(engine: Engine) -> dict[str, RuleInfo]:
    return {
        code: RuleInfo(
            code=code,
            name=rule.name,
            category=rule.category.value,
            severity=rule.default_severity.value,
            summary_zh=rule.summary.zh,
            summary_en=rule.summary.en,
            plugin=engine.registry.rule_plugin.get(code, ""),
        )
        for code, rule in engine.registry.rules.items()
    }


def report_options(args: argparse.Namespace, cfg: FileConfig, engine: Engine | None = None, **extra: Any) -> ReportOptions:
    from .. import __version__

    fail_on = getattr(args, "fail_on", None) or cfg.get("fail-on") or "error"
    try:
        fail = Severity(fail_on)
    except ValueError:
        raise ConfigError(f"fail-on must be error or warning, not {fail_on!r}") from None
    return ReportOptions(
        lang=getattr(args, "lang", None) or cfg.get("lang") or default_lang(),
        fail_on=fail,
        verbose=getattr(args, "verbose", False),
        statistics=getattr(args, "statistics", False),
        rules=rule_infos(engine) if engine else {},
        tool_version=__version__,
        extra=extra,
    )
