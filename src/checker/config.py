"""Project configuration: ``[tool.checker]`` in pyproject.toml or a ``checker.yaml``.

Searched upward from the current folder; the first folder holding either wins
(``checker.yaml`` before ``pyproject.toml`` when both exist there, and a
pyproject.toml without a ``[tool.checker]`` table is passed over). Command-line
options win over the file.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError


def _toml() -> Any:
    """The TOML parser, imported when a file needs parsing (~5 ms, most runs need none)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    return tomllib


KNOWN_KEYS = {
    "profile": str,
    "select": list,
    "ignore": list,
    "extend-select": list,
    "fail-on": str,
    "lang": str,
    "plugins": list,
    "output-format": str,
    "jobs": int,
    "timeout": (int, float),
    "limits": dict,
    # the round (checker.round): roster file, report year, SQLite store, per-body outputs, LibreOffice
    "roster": str,
    "year": int,
    "store": str,
    "out-dir": str,
    "soffice": str,
    "per-file-ignores": object,  # glob -> codes, as ruff; checked by checker.per_file_ignores.check_shape
}

#: What each key allows, as the error says it (both languages; the same words as the
#: table in docs/configuration.md).
_ALLOWED = {
    "profile": ("配置名或 YAML 文件路径", "a profile name or YAML file"),
    "select": ("规则代码或前缀的列表", "a list of rule codes or prefixes"),
    "ignore": ("规则代码或前缀的列表", "a list of rule codes or prefixes"),
    "extend-select": ("规则代码或前缀的列表", "a list of rule codes or prefixes"),
    "fail-on": ("error、warning", "error, warning"),
    "lang": ("zh、en", "zh, en"),
    "plugins": ("插件文件或文件夹路径的列表", "a list of plugin files or folders"),
    "output-format": ("text、json 或其他已注册的格式", "text, json or another registered format"),
    "jobs": ("不小于 1 的整数", "a whole number of at least 1"),
    "timeout": ("不小于 0 的秒数（0 表示不限）", "a number of seconds of at least 0 (0 turns it off)"),
    "limits": ("限制名到正整数的映射", "a table of limit names to positive whole numbers"),
    "roster": ("名单文件（CSV 或 YAML）的路径", "the path of a roster file (CSV or YAML)"),
    "year": ("四位数的报告年度", "a four-digit report year"),
    "store": ("SQLite 存储文件的路径", "the path of a SQLite store file"),
    "out-dir": ("文件夹路径", "a folder path"),
    "soffice": ("LibreOffice 程序名或路径", "a LibreOffice program name or path"),
    "per-file-ignores": ("文件通配模式到规则代码列表的映射", "a table of file globs to lists of rule codes"),
}

#: Keys whose value must be one of a closed set (checked here, where the file is known).
_CHOICES = {"fail-on": ("error", "warning"), "lang": ("zh", "en")}


def bad_value(label: str, key: str, value: Any, allowed_zh: str, allowed_en: str) -> ConfigError:
    """The one configuration error: the file, the key, the value and what is allowed,
    on one line, in both languages. Every wrong value in a file is reported through it."""
    from .findings import Message

    shown = _shown(value)
    return ConfigError(Message(
        zh=f"{label}：配置项 {key} 的值 {shown} 无效（可用：{allowed_zh}）",
        en=f"{label}: key {key!r} has the value {shown}, which is not allowed (allowed: {allowed_en})"))


def _shown(value: Any) -> str:
    """A configuration value as the error quotes it: short, one line."""
    from .text import printable

    text = printable(repr(value), multiline=False)
    return text if len(text) <= 80 else text[:77] + "..."


def _check_value(label: str, key: str, k: str, value: Any) -> None:
    """Refuse a value of the wrong type or outside what the key allows."""
    zh, en = _ALLOWED[k]
    wrong_type = isinstance(value, bool) or not isinstance(value, KNOWN_KEYS[k])
    if wrong_type:
        raise bad_value(label, key, value, zh, en)
    if k in _CHOICES and value not in _CHOICES[k]:
        raise bad_value(label, key, value, zh, en)
    if isinstance(value, list) and not all(isinstance(v, str) and v.strip() for v in value):
        raise bad_value(label, key, value, zh, en)
    if k == "profile" and not value.strip():
        raise bad_value(label, key, value, zh, en)
    if (k == "jobs" and value < 1) or (k == "timeout" and value < 0):
        raise bad_value(label, key, value, zh, en)


@dataclass(frozen=True)
class FileConfig:
    path: str | None = None
    values: dict[str, Any] = field(default_factory=dict)
    #: How errors name the file (``pyproject.toml [tool.checker]``), and the key as
    #: written there (``fail_on``), so that a later check can say where a value came from.
    label: str | None = None
    spelling: dict[str, str] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def error(self, key: str, allowed_zh: str, allowed_en: str) -> ConfigError:
        """The error for this file's value of ``key`` (a check made after loading, e.g.
        an output format or a rule code that only the registry knows)."""
        return bad_value(self.label or str(self.path), self.spelling.get(key, key), self.values.get(key),
                         allowed_zh, allowed_en)


def _normalise(values: Any, label: str) -> dict[str, Any]:
    from .findings import Message

    if not isinstance(values, dict):
        raise ConfigError(Message(
            zh=f"{label}：配置必须是键值表（映射），而不是 {_shown(values)}",
            en=f"{label}: the configuration must be a table of keys (a mapping), not {_shown(values)}"))
    out: dict[str, Any] = {}
    for key, value in values.items():
        k = str(key).replace("_", "-")
        if k not in KNOWN_KEYS:
            known = ", ".join(sorted(KNOWN_KEYS))
            raise ConfigError(Message(zh=f"{label}：未知配置项 {key!r}（可用：{known}）",
                                      en=f"{label}: unknown key {key!r} (known: {known})"))
        _check_value(label, key, k, value)
        out[k] = [v.strip() for v in value] if isinstance(value, list) else value
    return out


#: The per-process memory ceiling (``max-memory-bytes`` under ``[tool.checker.limits]``
#: / ``limits:``). It sits with the package limits for the user, but it bounds a
#: process, not a package, so it is taken out of the limits table here and kept as a
#: value of its own (``FileConfig.get(MEMORY_KEY)``); 0 turns it off.
MEMORY_KEY = "max-memory-bytes"


def limit_names() -> list[str]:
    """Every limit a configuration may set, spelt with dashes as the docs spell them."""
    from .reader.package import Limits

    return sorted([name.replace("_", "-") for name in Limits.__dataclass_fields__] + [MEMORY_KEY])


def _check_limit_names(limits: dict[str, Any], label: str) -> None:
    from .findings import Message

    known = limit_names()
    for key in limits:
        if str(key).replace("_", "-") not in known:
            names = ", ".join(known)
            raise ConfigError(Message(zh=f"{label}：未知的限制 limits.{key}（可用：{names}）",
                                      en=f"{label}: unknown limit {key!r} under limits (known: {names})"))


def _memory_limit(values: dict[str, Any], label: str) -> dict[str, Any]:
    limits = values.get("limits")
    if not isinstance(limits, dict):
        return values
    _check_limit_names(limits, label)
    found = [k for k in limits if k.replace("_", "-") == MEMORY_KEY]
    if not found:
        return values
    limits = dict(limits)
    value = limits.pop(found[-1])
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise bad_value(label, f"limits.{found[-1]}", value, "以字节计的整数（0 表示不限）",
                        "a whole number of bytes (0 turns it off)")
    if 0 < value < 64 * 1024 * 1024:
        raise bad_value(label, f"limits.{found[-1]}", value, "至少 67108864（64 MiB），或 0 表示不限",
                        "at least 67108864 (64 MiB) to run the checker, or 0 to turn it off")
    return {**values, "limits": limits, MEMORY_KEY: value}


def _relative_to(values: dict[str, Any], config_file: Path) -> dict[str, Any]:
    """Paths in a configuration file are relative to its folder, not to where checker runs."""
    folder = config_file.parent

    def resolve(text: str) -> str:
        path = Path(text).expanduser()
        return text if path.is_absolute() else str(folder / path)

    out = dict(values)
    if "plugins" in out:
        out["plugins"] = [resolve(p) if isinstance(p, str) else p for p in out["plugins"]]
    for key in ("roster", "store", "out-dir"):
        if isinstance(out.get(key), str):
            out[key] = resolve(out[key])
    if isinstance(out.get("soffice"), str) and ("/" in out["soffice"] or "\\" in out["soffice"]):
        out["soffice"] = resolve(out["soffice"])
    profile = out.get("profile")
    if isinstance(profile, str) and (profile.endswith((".yaml", ".yml")) or "/" in profile):
        out["profile"] = resolve(profile)
    return out


def _file_config(path: Path, values: Any, label: str) -> FileConfig:
    """The checked values of a configuration file, paths made relative to its folder."""
    spelling = {str(k).replace("_", "-"): str(k) for k in values} if isinstance(values, dict) else {}
    from .per_file_ignores import check_shape

    normalised = _normalise(values, label)
    check_shape(normalised, label)
    checked = _relative_to(_memory_limit(normalised, label), path)
    return FileConfig(str(path), checked, label=label, spelling=spelling)


def _yaml_error(path: Path, exc: Exception) -> ConfigError:
    """A YAML syntax error as ``FILE:LINE: invalid YAML: reason`` (PyYAML's own text
    spans several lines with a caret drawing)."""
    from .findings import Message

    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
    problem = " ".join(str(getattr(exc, "problem", None) or exc).split())
    context = getattr(exc, "context", None)
    if context:
        problem = f"{problem} ({' '.join(str(context).split())})"
    return ConfigError(Message(zh=f"{where}：YAML 语法错误：{problem}", en=f"{where}: invalid YAML: {problem}"))


def _toml_error(path: Path | str, exc: Exception) -> ConfigError:
    """A TOML syntax error as ``FILE:LINE: invalid TOML: reason``."""
    import re

    from .findings import Message

    text = " ".join(str(exc).split())
    m = re.search(r"\(at line (\d+), column \d+\)", text)
    line = getattr(exc, "lineno", None) or (int(m.group(1)) if m else None)
    reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", text) or type(exc).__name__
    where = f"{path}:{line}" if line else str(path)
    return ConfigError(Message(zh=f"{where}：TOML 语法错误：{reason}", en=f"{where}: invalid TOML: {reason}"))


def _unreadable(path: Path | str, exc: Exception) -> ConfigError:
    from .findings import Message

    why = getattr(exc, "strerror", None) or " ".join(str(exc).split())
    return ConfigError(Message(zh=f"{path}：无法读取配置文件（{why}）", en=f"{path}: cannot read the configuration ({why})"))


def _tool_checker(data: dict[str, Any], path: Path | str) -> Any:
    """``[tool.checker]`` of a parsed pyproject.toml, None when absent; a ``tool`` or
    ``tool.checker`` that is not a table is an error naming it."""
    tool = data.get("tool")
    if tool is None:
        return None
    if not isinstance(tool, dict):
        raise bad_value(str(path), "tool", tool, "一个表（[tool.checker]）", "a table ([tool.checker])")
    table = tool.get("checker")
    if table is not None and not isinstance(table, dict):
        raise bad_value(str(path), "tool.checker", table, "一个表（[tool.checker]）", "a table ([tool.checker])")
    return table


def _read_yaml_config(path: Path) -> dict[str, Any]:
    import yaml  # imported only when a checker.yaml exists: ~30 ms

    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _unreadable(path, exc) from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise _yaml_error(path, exc) from None
    return {} if raw is None else raw


def find_config(start: Path | None = None) -> FileConfig:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        yml = folder / "checker.yaml"
        if yml.is_file():
            return _file_config(yml, _read_yaml_config(yml), str(yml))
        toml = folder / "pyproject.toml"
        if toml.is_file():
            try:
                text = toml.read_text("utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise _unreadable(toml, exc) from None
            if "checker" not in text:
                continue  # no [tool.checker] in any spelling: not worth parsing
            tomllib = _toml()
            try:
                data = tomllib.loads(text)
            except tomllib.TOMLDecodeError as exc:
                raise _toml_error(toml, exc) from None
            table = _tool_checker(data, toml)
            if table is not None:
                return _file_config(toml, table, f"{toml} [tool.checker]")
    return FileConfig()


def load_config_file(path: str) -> FileConfig:
    from .findings import Message

    p = Path(path)
    if not p.is_file():
        raise ConfigError(Message(zh=f"--config {path}：配置文件不存在", en=f"--config {path}: configuration file not found"))
    if p.suffix == ".toml":
        tomllib = _toml()
        try:
            data = tomllib.loads(p.read_text("utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise _unreadable(path, exc) from None
        except tomllib.TOMLDecodeError as exc:
            raise _toml_error(path, exc) from None
        table = _tool_checker(data, path)
        return _file_config(p, table if table is not None else {}, f"{path} [tool.checker]")
    return _file_config(p, _read_yaml_config(p), path)
