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
from ..reporters import ReportOptions, RuleInfo, pick_lang


def split_codes(values: list[str] | None) -> tuple[str, ...]:
    """``--select ar1,AR2 --select AR3`` → ("AR1", "AR2", "AR3"): codes are
    case-insensitive everywhere, as in ``checker explain ar201``."""
    out: list[str] = []
    for v in values or []:
        out.extend(x.strip().upper() for x in v.split(",") if x.strip())
    return tuple(out)


def _file_codes(cfg: FileConfig, key: str) -> tuple[str, ...]:
    return tuple(str(code).strip().upper() for code in cfg.get(key) or ())


def validate_selection(args: argparse.Namespace, cfg: FileConfig, registry) -> None:
    """Refuse a selector that matches no rule, naming where it was given (the option or
    the configuration file and key) and pointing at ``checker rules``."""
    from ..engine import unknown_selector

    for option, key in (("--select", "select"), ("--extend-select", "extend-select"), ("--ignore", "ignore")):
        bad = unknown_selector(split_codes(getattr(args, option[2:].replace("-", "_"), None)), registry)
        if bad is not None:
            raise selector_error(option, bad)
        bad = unknown_selector(_file_codes(cfg, key), registry)
        if bad is not None:
            raise selector_error(f"{cfg.label}: {cfg.spelling.get(key, key)}", bad)


def selector_error(where: str, selector: str) -> ConfigError:
    from ..findings import Message

    return ConfigError(Message(
        zh=f"{where}：未知的规则代码或前缀 {selector!r}（所有规则见 checker rules）",
        en=f"{where}: unknown rule code or prefix {selector!r} (see `checker rules` for every code)"))


def file_config(args: argparse.Namespace) -> FileConfig:
    """The configuration of the run: ``--config``, else the one found upward. The command
    line reads it once, before parsing, to know the language (``args._file_config``)."""
    cached = getattr(args, "_file_config", None)
    if cached is not None:
        return cached
    if getattr(args, "config", None):
        return load_config_file(args.config)
    return find_config()


def limits_from(cfg: FileConfig) -> Limits:
    """The package limits of the configuration (names already checked by
    :mod:`checker.config`); a wrong value is refused naming the file and the limit."""
    from ..config import bad_value

    raw: dict[str, Any] = cfg.get("limits") or {}
    for key, value in raw.items():
        try:
            replace(DEFAULT_LIMITS, **{key.replace("-", "_"): value})
        except ConfigError as exc:  # Limits validates its values: say which file set them
            text = str(exc)
            allowed = text.split(" must be ", 1)[-1].split(", not ")[0] if " must be " in text else text
            raise bad_value(cfg.label or str(cfg.path), f"limits.{key}", value, allowed, allowed) from None
    return replace(DEFAULT_LIMITS, **{k.replace("-", "_"): v for k, v in raw.items()})


def settings_from(args: argparse.Namespace, cfg: FileConfig) -> Settings:
    select = split_codes(getattr(args, "select", None)) or _file_codes(cfg, "select")
    extend = split_codes(getattr(args, "extend_select", None)) + _file_codes(cfg, "extend-select")
    ignore = _file_codes(cfg, "ignore") + split_codes(getattr(args, "ignore", None))
    plugins = tuple(cfg.get("plugins") or ()) + tuple(getattr(args, "plugin", None) or ())
    return Settings(
        profile=getattr(args, "profile", None) or cfg.get("profile"),
        select=select,
        extend_select=extend,
        ignore=ignore,
        plugins=plugins,
        limits=limits_from(cfg),
    )


def build_engine(args: argparse.Namespace, cfg: FileConfig, settings: Settings | None = None) -> Engine:
    """The engine of a command; a profile that cannot be loaded is refused naming where
    it was given (``--profile`` or the configuration file's ``profile``)."""
    from ..errors import PluginError

    settings = settings or settings_from(args, cfg)
    try:
        return Engine(settings)
    except PluginError as exc:
        from_file = [p for p in cfg.get("plugins") or () if p in str(exc)]
        if not from_file:
            raise
        raise PluginError(f"{cfg.label}: {cfg.spelling.get('plugins', 'plugins')}: {exc}") from None
    except ConfigError as exc:
        if not settings.profile:
            raise
        from ..findings import Message

        where = "--profile" if getattr(args, "profile", None) else f"{cfg.label}: {cfg.spelling.get('profile', 'profile')}"
        inner = exc.message or Message(zh=str(exc), en=str(exc))
        raise ConfigError(Message(zh=f"{where}：{inner.zh}", en=f"{where}: {inner.en}")) from None


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

    fail = Severity(getattr(args, "fail_on", None) or cfg.get("fail-on") or "error")  # both checked before
    return ReportOptions(
        lang=pick_lang(getattr(args, "lang", None), cfg.get("lang")),
        fail_on=fail,
        verbose=getattr(args, "verbose", False),
        statistics=getattr(args, "statistics", False),
        rules=rule_infos(engine) if engine else {},
        tool_version=__version__,
        extra=extra,
    )
