"""YAML profiles: which rules run, with which options and severities, on which data.

A profile is data, never code: it is read with ``yaml.safe_load``, its top level is
validated against a JSON Schema on load (errors name the file, the key and the
reason), and ``extends`` composes profiles (mappings deep-merged with the child
winning, lists replaced).

The profiles shipped in checker's own wheel are also stored parsed, as JSON
(``checker_profiles/compiled/*.json``), each with the CRC-32 and size of the YAML text
it was made from. The JSON is written when the wheel is built (``setup.py``'s
``build_py`` calls :func:`compile_shipped_profiles`), never kept in git. A run reads the
JSON when the YAML beside it still matches and never imports yaml: importing PyYAML and
parsing the profiles cost about 50 ms of every cold start (docs/performance.md). A
checkout or an editable install has no JSON and parses the YAML, with the same result.
"""

from __future__ import annotations

import json
import os
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from .errors import ConfigError
from .findings import Severity

SEVERITIES = [s.value for s in Severity]

PROFILE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["name"],
    "properties": {
        "name": {"type": "string", "pattern": r"^[A-Za-z0-9_.\-]+$"},
        "title": {
            "type": "object",
            "properties": {"zh": {"type": "string"}, "en": {"type": "string"}},
            "additionalProperties": False,
        },
        "description": {"type": "string"},
        "extends": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
        "select": {"type": "array", "items": {"type": "string"}},
        "ignore": {"type": "array", "items": {"type": "string"}},
        "severity": {
            "type": "object",
            "additionalProperties": {"enum": SEVERITIES},
        },
        "options": {"type": "object", "additionalProperties": {"type": "object"}},
        "data": {"type": "object"},
    },
}


@dataclass(frozen=True)
class Profile:
    name: str
    source: str
    title: Mapping[str, str] = field(default_factory=dict)
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    data: Mapping[str, Any] = field(default_factory=dict)
    chain: tuple[str, ...] = ()  # names from the base to this profile


def deep_merge(base: Mapping[str, Any], child: Mapping[str, Any]) -> dict[str, Any]:
    """Child wins; nested mappings merge; lists and scalars are replaced."""
    out = dict(base)
    for key, value in child.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _read_yaml(resource: Any, label: str) -> dict[str, Any]:
    try:
        text = resource.read_text(encoding="utf-8") if hasattr(resource, "read_text") else Path(resource).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{label}: cannot read profile: {exc}") from None
    shipped = is_shipped(resource)
    if shipped:
        compiled = _read_compiled(resource, text)
        if compiled is not None:
            return compiled
    raw = _parse_yaml(text, label)
    if not shipped:
        _validate(raw, label)
    return raw


def _parse_yaml(text: str, label: str) -> dict[str, Any]:
    import yaml  # only for a profile without a current compiled form: ~30 ms to import

    try:
        # libyaml's safe loader when PyYAML has it (~8x faster, same result): profiles are
        # parsed on every run, so this is most of the cold start's profile loading
        raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 (a safe loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise ConfigError(f"{label}{where}: invalid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{label}: a profile must be a mapping at the top level")
    return raw


COMPILED_FOLDER = "compiled"


def _fingerprint(text: str) -> dict[str, int]:
    """What a compiled profile records of its YAML text: enough to notice an edit.

    CRC-32, not a cryptographic hash: the JSON ships in the same package as the YAML,
    so this guards against staleness, not tampering (hashlib would cost ~8 ms to import).
    """
    data = text.encode("utf-8")
    return {"crc32": zlib.crc32(data), "size": len(data)}


def _read_compiled(resource: Any, text: str) -> dict[str, Any] | None:
    """The parsed profile stored beside a shipped YAML file, if it was made from ``text``."""
    name = getattr(resource, "name", os.path.basename(str(resource)))
    try:
        stored = json.loads((resource.parent / COMPILED_FOLDER / f"{name}.json").read_text("utf-8"))
    except (OSError, ValueError, AttributeError):
        return None
    if not isinstance(stored, dict) or stored.get("source") != _fingerprint(text):
        return None
    profile = stored.get("profile")
    return profile if isinstance(profile, dict) else None


def compile_shipped_profiles(folder: Path, out_dir: Path | None = None) -> list[Path]:
    """Write ``compiled/<name>.yaml.json`` for every YAML profile in ``folder`` (or into ``out_dir``).

    Refuses a profile whose parsed form JSON cannot hold unchanged (dates, integer keys):
    the compiled form must be exactly what yaml.safe_load gives.
    """
    written = []
    out_dir = out_dir if out_dir is not None else folder / COMPILED_FOLDER
    out_dir.mkdir(parents=True, exist_ok=True)
    for path in sorted(folder.glob("*.yaml")):
        text = path.read_text("utf-8")
        raw = _parse_yaml(text, str(path))
        try:
            faithful = json.loads(json.dumps(raw)) == raw
        except (TypeError, ValueError):  # e.g. a date, which JSON has no type for
            faithful = False
        if not faithful:
            raise ConfigError(f"{path}: its parsed form does not survive JSON unchanged; cannot compile it")
        target = out_dir / f"{path.name}.json"
        stored = {"source": _fingerprint(text), "profile": raw}
        target.write_text(json.dumps(stored, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8")
        written.append(target)
    return written


SHIPPED_PACKAGE = "checker_profiles"


@lru_cache(maxsize=1)
def shipped_folder() -> Path | None:
    """The folder of the profiles shipped in checker's wheel (the package ``checker_profiles``).

    Found through the import system, which knows regular and editable installs alike;
    ``importlib.resources.files`` gives the same folder for a package on disk but costs
    about 6 ms of import on every start.
    """
    import importlib.util

    try:
        spec = importlib.util.find_spec(SHIPPED_PACKAGE)
    except (ImportError, ValueError):  # pragma: no cover - a broken installation
        return None
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    return Path(locations[0]) if locations else None


def shipped_profiles() -> dict[str, Path]:
    """The profiles shipped with checker (the ``rules/`` folder), by name: every YAML file
    except fragments, whose names start with ``_`` (they are only ever extended)."""
    folder = shipped_folder()
    if folder is None:  # pragma: no cover - checker installed without its profiles
        return {}
    return {p.name[:-5]: p for p in sorted(folder.glob("*.yaml")) if not p.name.startswith("_")}


def _shipped_root() -> str | None:
    folder = shipped_folder()
    return str(folder) if folder is not None else None


def is_shipped(resource: Any) -> bool:
    """True for the profiles that ship in checker's own wheel (the rules/ folder).

    Those are validated against :data:`PROFILE_SCHEMA` by the test suite
    (tests/core/test_shipped_profiles.py), so a run need not import jsonschema for
    them (about 90 ms of every cold start); every other profile, a user's file or a
    third-party plugin's, is validated on load.
    """
    root = _shipped_root()
    return root is not None and str(resource).startswith(root.rstrip("/\\") + os.sep)


def _validate(raw: Mapping[str, Any], label: str) -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(PROFILE_SCHEMA)
    errors = sorted(validator.iter_errors(raw), key=lambda e: list(e.absolute_path))
    if errors:
        err = errors[0]
        key = ".".join(str(p) for p in err.absolute_path) or "(top level)"
        raise ConfigError(f"{label}: key {key}: {err.message}")


def load_profile(name_or_path: str, catalogue: Mapping[str, Any]) -> Profile:
    """Load a profile by registered name or by file path, resolving ``extends``."""
    merged, chain, resource = _load_merged(name_or_path, catalogue, ())
    severity: dict[str, Severity] = {code: Severity(value) for code, value in (merged.get("severity") or {}).items()}
    return Profile(
        name=merged["name"],
        source=str(resource),
        title=merged.get("title") or {},
        select=tuple(merged.get("select") or ("ALL",)),
        ignore=tuple(merged.get("ignore") or ()),
        severity=severity,
        options=merged.get("options") or {},
        data=merged.get("data") or {},
        chain=chain,
    )


def _locate(name_or_path: str, catalogue: Mapping[str, Any], base: Path | None = None) -> tuple[Any, str, str]:
    """Find a profile: ``(resource, label for messages, key for cycle detection)``.

    A relative path in ``extends`` is relative to the folder of the file that names it.
    """
    if name_or_path in catalogue:
        return catalogue[name_or_path], name_or_path, f"name:{name_or_path}"
    if name_or_path.endswith((".yaml", ".yml")) or os.sep in name_or_path or "/" in name_or_path:
        path: Any = Path(name_or_path).expanduser()
        if base is not None and not path.is_absolute():
            path = base / name_or_path  # base may be a Traversable inside a zipped wheel
        if not path.is_file():
            raise ConfigError(f"{path}: profile file not found")
        return path, str(path), str(path.resolve() if isinstance(path, Path) else path)
    known = ", ".join(sorted(catalogue)) or "none"
    raise ConfigError(f"unknown profile {name_or_path!r} (known: {known})")


def _load_merged(
    name_or_path: str,
    catalogue: Mapping[str, Any],
    seen: tuple[tuple[str, str], ...],
    base: Path | None = None,
) -> tuple[dict[str, Any], tuple[str, ...], Any]:
    """The raw mapping of a profile with its parents merged in, its chain and its resource.

    Parents are merged as written, never through :class:`Profile` defaults: a parent that
    says nothing about ``select`` must not reset a sibling's selection to ``ALL``.
    """
    resource, label, key = _locate(name_or_path, catalogue, base)
    if key in (k for k, _ in seen):
        raise ConfigError(f"{label}: extends itself through {' -> '.join([lab for _, lab in seen] + [label])}")
    raw = _read_yaml(resource, label)
    parents = raw.get("extends") or []
    if isinstance(parents, str):
        parents = [parents]
    here = getattr(resource, "parent", None)  # a Path, or a Traversable such as zipfile.Path
    merged: dict[str, Any] = {}
    chain: tuple[str, ...] = ()
    for parent in parents:
        parent_raw, parent_chain, _ = _load_merged(parent, catalogue, seen + ((key, label),), here)
        merged = deep_merge(merged, parent_raw)
        chain += tuple(c for c in parent_chain if c not in chain)
    merged = deep_merge(merged, {k: v for k, v in raw.items() if k != "extends"})
    return merged, chain + (raw["name"],), resource


if __name__ == "__main__":  # python -m checker.profiles FOLDER [OUT]: what the wheel build runs
    import sys

    root = Path(sys.argv[1]) if len(sys.argv) > 1 else shipped_folder()
    for written in compile_shipped_profiles(root, Path(sys.argv[2]) if len(sys.argv) > 2 else None):
        print(written)
