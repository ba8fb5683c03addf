"""Find the entry points of one group by reading ``entry_points.txt`` files directly.

Why not :func:`importlib.metadata.entry_points`: on Python 3.11 importing
``importlib.metadata`` pulls in the ``email`` package (to parse METADATA files) and the
call reads the metadata of every installed distribution. Together that is about 45 ms
of every ``checker check`` process, a sixth of the cold-start budget (under 300 ms,
see docs/performance.md), spent to find two or three lines in ``entry_points.txt``.

This module does the same lookup for one group with ``os.scandir``: for each folder on
``sys.path``, every ``*.dist-info`` and ``*.egg-info`` folder that has an
``entry_points.txt``, the first distribution of a given (normalised) name winning, as
``importlib.metadata`` does. The file format is the one the packaging specification
defines (an INI file: ``[group]`` sections of ``name = module:attr [extras]``).
Zipped eggs on ``sys.path`` are not searched; nothing in checker's world installs them.

``tests/core/test_entrypoints.py`` checks that this gives what ``importlib.metadata``
gives in the test environment.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from functools import cached_property
from typing import Any, Iterable, NamedTuple

_SEPARATORS = re.compile(r"[-_.]+")


class Distribution(NamedTuple):
    name: str
    version: str


class EntryPoint:
    """One ``name = value`` line of a group: loads its object on demand."""

    def __init__(self, name: str, value: str, group: str, metadata_dir: str) -> None:
        self.name = name
        self.value = value
        self.group = group
        self._metadata_dir = metadata_dir

    def __repr__(self) -> str:
        return f"EntryPoint(name={self.name!r}, value={self.value!r}, group={self.group!r})"

    def load(self) -> Any:
        """Import the module and follow the attribute path, as importlib.metadata does."""
        module_name, _, attrs = self.value.partition(":")
        obj: Any = importlib.import_module(module_name.strip())
        for attr in filter(None, attrs.strip().split(".")):
            obj = getattr(obj, attr)
        return obj

    @cached_property
    def dist(self) -> Distribution:
        """The distribution's name and version, from the Name/Version headers of its metadata."""
        headers: dict[str, str] = {}
        for file_name in ("METADATA", "PKG-INFO"):
            try:
                with open(os.path.join(self._metadata_dir, file_name), encoding="utf-8") as fh:
                    for line in fh:
                        if not line.strip():
                            break  # the headers end at the first blank line
                        key, sep, value = line.partition(":")
                        if sep and key in ("Name", "Version"):
                            headers.setdefault(key, value.strip())
                break
            except OSError:
                continue
        fallback = os.path.basename(self._metadata_dir).rsplit(".", 1)[0].split("-")
        return Distribution(
            headers.get("Name", fallback[0]),
            headers.get("Version", fallback[1] if len(fallback) > 1 else "?"),
        )


def _normalise(project: str) -> str:
    return _SEPARATORS.sub("_", project).lower()


def _metadata_dirs(search_path: Iterable[str]) -> Iterable[tuple[str, str]]:
    """``(normalised project name, metadata folder)`` in ``sys.path`` order."""
    for entry in search_path:
        try:
            names = sorted(os.listdir(entry or "."))
        except OSError:  # missing folders, zip files
            continue
        for name in names:
            stem, ext = os.path.splitext(name)
            if ext in (".dist-info", ".egg-info"):
                yield _normalise(stem.partition("-")[0]), os.path.join(entry or ".", name)


def _parse(text: str, group: str, metadata_dir: str) -> list[EntryPoint]:
    found: list[EntryPoint] = []
    section = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
        elif section == group and "=" in line:
            name, _, value = line.partition("=")
            value = value.split("[", 1)[0].strip()  # drop "[extra1, extra2]"
            found.append(EntryPoint(name.strip(), value, group, metadata_dir))
    return found


def entry_points(group: str, search_path: Iterable[str] | None = None) -> list[EntryPoint]:
    """Every entry point of ``group`` among the distributions found on ``search_path``."""
    seen: set[str] = set()
    found: list[EntryPoint] = []
    for project, metadata_dir in _metadata_dirs(sys.path if search_path is None else search_path):
        if project in seen:
            continue  # an earlier folder on the path holds this project
        seen.add(project)
        try:
            with open(os.path.join(metadata_dir, "entry_points.txt"), encoding="utf-8") as fh:
                text = fh.read()
        except OSError:
            continue
        if f"[{group}]" in text.replace(" ", ""):
            found.extend(_parse(text, group, metadata_dir))
    return found
