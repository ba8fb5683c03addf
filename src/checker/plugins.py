"""Plugin manager factory and plugin discovery.

Discovery order (documented in docs/writing-plugins.md):

1. the host's own built-in reporters (``checker.reporters.builtin``);
2. every module advertised in the ``checker`` entry-point group, built-in rule packs
   included, in entry-point name order;
3. local plugin files or folders named by ``--plugin`` or the configuration's
   ``plugins`` list, in the order given.

A plugin that fails to import is a :class:`~checker.errors.PluginError` naming it and
the reason; it is never skipped silently. Nothing here runs at import time.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Iterable, Sequence

import pluggy

from . import hookspecs
from .entrypoints import EntryPoint, entry_points
from .errors import PluginError, one_line

ENTRY_POINT_GROUP = "checker"


@dataclass(frozen=True)
class PluginInfo:
    name: str
    version: str
    source: str  # "builtin", "entry point", or the local path


def _load_entry_point(ep: EntryPoint) -> ModuleType:
    try:
        obj = ep.load()
    except Exception as exc:  # any import failure of third-party code
        raise PluginError(f"plugin {ep.name!r} ({ep.value}) failed to load: {type(exc).__name__}: {exc}") from exc
    return obj


def _load_local(path_text: str) -> list[tuple[str, ModuleType]]:
    """Import a plugin from a ``.py`` file or a folder: ``[(plugin name, module)]``.

    A file or a package (a folder with ``__init__.py``) is one plugin named
    ``local:PATH``; a plain folder of modules gives one plugin per module, named
    ``local:PATH/MODULE.py``, since pluggy only finds hooks defined on the
    registered object itself.
    """
    path = Path(path_text).expanduser().resolve()
    if not path.exists():
        raise PluginError(f"plugin {path_text!r}: no such file or folder")
    if not path.is_dir():
        return [(f"local:{path_text}", _import_file(path, f"checker_local_{path.stem}", path_text))]
    init = path / "__init__.py"
    if init.exists():
        # a private module name: a folder called ``json`` or ``docx`` must not replace
        # the real module in sys.modules; relative imports inside it still work
        return [(f"local:{path_text}", _import_file(init, f"checker_local_{path.name}", path_text, [str(path)]))]
    files = sorted(path.glob("*.py"))
    if not files:
        raise PluginError(f"plugin {path_text!r}: folder holds no .py file")
    # a folder of modules: import them as one synthetic package, register each module
    modname = f"checker_local_{path.name}"
    pkg = ModuleType(modname)
    pkg.__path__ = [str(path)]  # type: ignore[attr-defined]
    sys.modules[modname] = pkg
    out = []
    for f in files:
        sub = _import_file(f, f"{modname}.{f.stem}", path_text)
        setattr(pkg, f.stem, sub)
        out.append((f"local:{path_text.rstrip('/')}/{f.name}", sub))
    return out


def _import_file(file: Path, modname: str, label: str, search: list[str] | None = None) -> ModuleType:
    spec = importlib.util.spec_from_file_location(modname, file, submodule_search_locations=search)
    if spec is None or spec.loader is None:
        raise PluginError(f"plugin {label!r}: cannot import {file}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[modname] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        sys.modules.pop(modname, None)
        raise PluginError(f"plugin {label!r} failed to load: {type(exc).__name__}: {exc}") from exc
    return module


def _register(pm: pluggy.PluginManager, obj: object, name: str) -> None:
    try:
        pm.register(obj, name=name)
    except ValueError:
        # The same object twice (the same module listed twice) is harmless; another
        # plugin under a taken name (two distributions advertising the same
        # entry-point name) would otherwise be skipped silently.
        if pm.get_plugin(name) is obj or pm.is_registered(obj):
            return
        raise PluginError(f"plugin {name!r} ({_origin(obj)}): another plugin is already registered under this name") from None
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"plugin {name!r} is invalid: {one_line(str(exc))}") from exc


def _origin(obj: object) -> str:
    return getattr(obj, "__file__", None) or getattr(obj, "__name__", None) or type(obj).__name__


def get_plugin_manager(
    local_plugins: Sequence[str] = (),
    *,
    entry_points_enabled: bool = True,
    extra: Iterable[tuple[str, object]] = (),
) -> pluggy.PluginManager:
    """Build a fresh plugin manager: specs, built-ins, entry points, local plugins.

    ``extra`` registers ready objects (tests use it to add a plugin without packaging).
    """
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    from .reporters import builtin as builtin_reporters

    _register(pm, builtin_reporters, "checker.reporters")
    if entry_points_enabled:
        for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            _register(pm, _load_entry_point(ep), ep.name)
    for path in local_plugins:
        for name, module in _load_local(path):
            _register(pm, module, name)
    for name, obj in extra:
        _register(pm, obj, name)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:  # a hookimpl named after no hookspec
        name = pm.get_name(exc.plugin) if pm.is_registered(exc.plugin) else None
        raise PluginError(f"plugin {name!r} is invalid: {one_line(str(exc))}" if name else one_line(str(exc))) from exc
    return pm


def describe_plugins(pm: pluggy.PluginManager) -> list[PluginInfo]:
    """Name, version and origin of each registered plugin, for ``checker plugins``."""
    dists: dict[str, str] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        dist = getattr(ep, "dist", None)
        dists[ep.name] = f"{dist.name} {dist.version}" if dist is not None else "?"
    out = []
    for name, plugin in pm.list_name_plugin():
        if name == "checker.reporters":
            from . import __version__

            out.append(PluginInfo(name, __version__, "builtin"))
        elif name.startswith("local:"):
            out.append(PluginInfo(name[6:], "-", "local"))
        else:
            out.append(PluginInfo(name, dists.get(name, getattr(plugin, "__version__", "?")), "entry point"))
    return out
