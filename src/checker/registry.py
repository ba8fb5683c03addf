"""Collects the rules and profiles plugins contribute, refusing clashes by name."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pluggy

from .errors import PluginError
from .rules import Rule


@dataclass
class Registry:
    rules: dict[str, type[Rule]] = field(default_factory=dict)
    rule_plugin: dict[str, str] = field(default_factory=dict)  # code -> plugin name
    profiles: dict[str, Any] = field(default_factory=dict)  # name -> Traversable/path
    output_formats: dict[str, Any] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)  # old code -> the code it became

    def prefixes(self, plugin: str) -> list[str]:
        """The code prefixes a plugin owns (``AR`` for ``AR101``), for ``checker plugins``."""
        out = sorted({code.rstrip("0123456789") for code, p in self.rule_plugin.items() if p == plugin})
        return out


def _per_plugin(pm: pluggy.PluginManager, hook_name: str):
    """Call one hook plugin by plugin, so errors and clashes can name the plugin."""
    caller = getattr(pm.hook, hook_name)
    for impl in caller.get_hookimpls():
        try:
            result = impl.function()
        except Exception as exc:
            raise PluginError(f"plugin {impl.plugin_name!r}: {hook_name}() failed: {type(exc).__name__}: {exc}") from exc
        if result:
            yield impl.plugin_name, result


def build_registry(pm: pluggy.PluginManager) -> Registry:
    reg = Registry()
    for plugin, rules in _per_plugin(pm, "checker_rules"):
        for rule in rules:
            if not (isinstance(rule, type) and issubclass(rule, Rule)):
                raise PluginError(f"plugin {plugin!r}: checker_rules() returned {rule!r}, not a Rule subclass")
            try:
                rule.validate_declaration()
            except TypeError as exc:
                raise PluginError(f"plugin {plugin!r}: {exc}") from exc
            if rule.code in reg.rules and reg.rules[rule.code] is not rule:
                raise PluginError(
                    f"rule code {rule.code} is declared by both {reg.rule_plugin[rule.code]!r} and {plugin!r}"
                )
            reg.rules[rule.code] = rule
            reg.rule_plugin[rule.code] = plugin
            for old in rule.redirected_from:
                reg.redirects[old] = rule.code
    for plugin, profiles in _per_plugin(pm, "checker_profiles"):
        for name, resource in profiles.items():
            if name in reg.profiles:
                raise PluginError(f"profile {name!r} is declared twice (again by {plugin!r})")
            reg.profiles[name] = resource
    for plugin, formats in _per_plugin(pm, "checker_output_formats"):
        for name, reporter in formats.items():
            reg.output_formats.setdefault(name, reporter)
    clash = sorted(set(reg.redirects) & set(reg.rules))
    if clash:
        raise PluginError(f"rule code {clash[0]} is both a rule and the old code of {reg.redirects[clash[0]]}")
    reg.rules = dict(sorted(reg.rules.items()))
    return reg
