"""checker: a compliance checker for Word (.docx) reports.

The public API for plugin authors is what ``__all__`` lists: the hook marker, the
rule base class and the values rules produce and read.

The names are imported on first access (PEP 562), not when the package is: every
``checker`` process imports this package first, and ``checker --version`` or
``checker --help`` should not pay for pluggy and the findings model (about 60 ms).
``from checker import Rule`` works as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: public name -> the submodule that defines it
_EXPORTS = {
    "Category": "findings",
    "FileResult": "findings",
    "Finding": "findings",
    "Location": "findings",
    "Message": "findings",
    "Severity": "findings",
    "Verdict": "findings",
    "hookimpl": "hookspecs",
    "shipped_profiles": "profiles",
    "PairRule": "rules",
    "Problem": "rules",
    "Rule": "rules",
    "RuleContext": "rules",
}

__all__ = sorted(_EXPORTS) + ["__version__"]

if TYPE_CHECKING:  # for type checkers and editors: the same names, imported eagerly
    from .findings import Category, FileResult, Finding, Location, Message, Severity, Verdict
    from .hookspecs import hookimpl
    from .profiles import shipped_profiles
    from .rules import PairRule, Problem, Rule, RuleContext


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'checker' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
