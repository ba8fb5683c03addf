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


@dataclass(frozen=True)
class FileConfig:
    path: str | None = None
    values: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


def _normalise(values: dict[str, Any], label: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        k = key.replace("_", "-")
        if k not in KNOWN_KEYS:
            raise ConfigError(f"{label}: unknown key {key!r} (known: {', '.join(sorted(KNOWN_KEYS))})")
        if not isinstance(value, KNOWN_KEYS[k]):
            raise ConfigError(f"{label}: key {key!r} has the wrong type ({type(value).__name__})")
        out[k] = value
    return out


#: The per-process memory ceiling (``max-memory-bytes`` under ``[tool.checker.limits]``
#: / ``limits:``). It sits with the package limits for the user, but it bounds a
#: process, not a package, so it is taken out of the limits table here and kept as a
#: value of its own (``FileConfig.get(MEMORY_KEY)``); 0 turns it off.
MEMORY_KEY = "max-memory-bytes"


def _memory_limit(values: dict[str, Any], label: str) -> dict[str, Any]:
    limits = values.get("limits")
    if not isinstance(limits, dict):
        return values
    found = [k for k in limits if k.replace("_", "-") == MEMORY_KEY]
    if not found:
        return values
    limits = dict(limits)
    value = limits.pop(found[-1])
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigError(f"{label}: limit {MEMORY_KEY} must be a whole number of bytes (0 turns it off), "
                          f"not {value!r}")
    if 0 < value < 64 * 1024 * 1024:
        raise ConfigError(f"{label}: limit {MEMORY_KEY} = {value} is too small to run the checker "
                          "(at least 67108864, 64 MiB; 0 turns it off)")
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


def _file_config(path: Path, values: dict[str, Any], label: str) -> FileConfig:
    """The checked values of a configuration file, paths made relative to its folder."""
    from .per_file_ignores import check_shape

    checked = _normalise(values, label)
    check_shape(checked, label)
    return FileConfig(str(path), _relative_to(_memory_limit(checked, label), path))


def _read_yaml_config(path: Path) -> dict[str, Any]:
    import yaml  # imported only when a checker.yaml exists: ~30 ms

    try:
        raw = yaml.safe_load(path.read_text("utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: configuration must be a mapping")
    return raw


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
                raise ConfigError(f"{toml}: cannot read: {exc}") from None
            if "checker" not in text:
                continue  # no [tool.checker] in any spelling: not worth parsing
            tomllib = _toml()
            try:
                data = tomllib.loads(text)
            except tomllib.TOMLDecodeError as exc:
                raise ConfigError(f"{toml}: cannot read: {exc}") from None
            table = data.get("tool", {}).get("checker")
            if table is not None:
                return _file_config(toml, table, f"{toml} [tool.checker]")
    return FileConfig()


def load_config_file(path: str) -> FileConfig:
    p = Path(path)
    if not p.is_file():
        raise ConfigError(f"{path}: configuration file not found")
    if p.suffix == ".toml":
        tomllib = _toml()
        try:
            data = tomllib.loads(p.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read: {exc}") from None
        return _file_config(p, data.get("tool", {}).get("checker", {}), path)
    return _file_config(p, _read_yaml_config(p), path)
