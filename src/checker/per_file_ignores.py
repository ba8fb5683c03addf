"""``per-file-ignores``: codes not reported for some files, as in ruff.

A project holds reports that must differ from the format on purpose (a special
agency's layout, an old year kept for reference). ``ignore`` would switch a rule off
for every file; ``per-file-ignores`` maps a glob to the codes or prefixes not
reported for the files it matches::

    [tool.checker.per-file-ignores]
    "archive/**" = ["AR"]
    "*-special.docx" = ["SEC201", "SEC202"]

The shape and the matching follow ruff, so that a ruff user guesses right:

* a file is matched by its path **relative to the configuration file's folder**
  (``/`` separators; an archive member by its label, ``subm.zip/a/b.docx``); a
  pattern without ``/`` also matches the file's name alone; ``*`` crosses folders
  (ruff's globs do too) and ``**/x`` also matches a top-level ``x``; a leading ``!``
  negates the pattern (the codes apply to the files it does *not* match);
* a code or prefix that was renamed (``AR202``) also ignores the code it became, as
  selectors do (:func:`checker.rules.redirected`); an unknown one is a one-line error.

The findings are dropped after checking, before the store and the reports see them,
so every report, the exit code and a baseline agree. An unreadable file is never
touched: ignoring a code must not hide that a file could not be read.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase
from typing import Any, Mapping, Sequence

from .errors import ConfigError
from .findings import FileResult, Message

KEY = "per-file-ignores"
_EXAMPLE = '"archive/**" = ["AR"]'


def _error(where: str, zh: str, en: str) -> ConfigError:
    """A one-line configuration error in both languages (cli.py prints the run's one)."""
    exc = ConfigError(f"{where}: {en}")
    exc.message = Message(zh=f"{where}：{zh}", en=f"{where}: {en}")  # type: ignore[attr-defined]
    return exc


def check_shape(values: Mapping[str, Any], label: str) -> None:
    """The configuration's value has ruff's shape: glob → list of code texts (one line otherwise)."""
    table = values.get(KEY)
    if table is None:
        return
    if not isinstance(table, dict):
        raise _error(f"{label}: {KEY} = {table!r}", f"应为“通配符 = [规则代码]”的表，例如 {_EXAMPLE}",
                     f"expected a table of glob = [codes], e.g. {_EXAMPLE}")
    for glob, codes in table.items():
        ok = isinstance(glob, str) and glob.strip() and isinstance(codes, list) and codes and \
            all(isinstance(c, str) and c.strip() for c in codes)
        if not ok:
            raise _error(f"{label}: {KEY}: {glob!r} = {codes!r}", f"应为通配符对应规则代码或前缀的列表，例如 {_EXAMPLE}",
                         f"expected a glob mapped to a list of rule codes or prefixes, e.g. {_EXAMPLE}")


def _matches(pattern: str, rel: str) -> bool:
    """ruff's matching: the relative path, the name alone for a pattern without ``/``."""
    if pattern.startswith("!"):
        return not _matches(pattern[1:], rel)
    pattern = pattern.replace("\\", "/").removeprefix("./")
    candidates = [pattern] + ([pattern[3:]] if pattern.startswith("**/") else [])
    if any(fnmatchcase(rel, p) for p in candidates):
        return True
    return "/" not in pattern and fnmatchcase(rel.rsplit("/", 1)[-1], pattern)


@dataclass(frozen=True)
class PerFileIgnores:
    """The configured globs, the folder they are relative to, and the registry's renamed codes."""

    folder: str = "."
    table: tuple[tuple[str, tuple[str, ...]], ...] = ()
    redirects: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_config(cls, cfg: Any, registry: Any) -> "PerFileIgnores":
        """Read ``per-file-ignores``; a code that names no rule is a one-line error naming the
        file, the key and the value (as an unknown ``--select`` code is)."""
        raw = cfg.get(KEY) or {}
        known = list(registry.rules) + list(registry.redirects) + ["CHK"]
        for glob, codes in raw.items():
            for code in codes:
                if code != "ALL" and not any(k.startswith(code.strip()) for k in known):
                    raise _error(f"{cfg.path}: {KEY}: {glob!r} = {codes!r}", f"{code!r} 不是任何规则的代码或前缀",
                                 f"{code!r} names no rule")
        folder = os.path.dirname(os.path.abspath(cfg.path)) if cfg.path else os.getcwd()
        table = tuple((glob, tuple(c.strip() for c in codes)) for glob, codes in raw.items())
        return cls(folder, table, dict(registry.redirects))

    def codes_for(self, path: str) -> tuple[str, ...]:
        """The selectors that apply to ``path`` (renamed codes followed to their new ones)."""
        from .rules import redirected

        rel = os.path.relpath(os.path.abspath(path), self.folder).replace(os.sep, "/")
        sels = [c for glob, codes in self.table if _matches(glob, rel) for c in codes]
        return tuple(sel for sel, _ in redirected(sels, self.redirects))

    def apply(self, results: Sequence[FileResult]) -> list[FileResult]:
        """The results without the findings their file's globs ignore."""
        if not self.table:
            return list(results)
        out = []
        for r in results:
            sels = self.codes_for(r.path) if r.error is None else ()
            if sels:
                kept = tuple(f for f in r.findings if not any(s == "ALL" or f.code.startswith(s) for s in sels))
                r = replace(r, findings=kept) if len(kept) != len(r.findings) else r
            out.append(r)
        return out
