"""Hook implementations of the generic document rule pack (registered via the ``checker`` entry point)."""

from __future__ import annotations

from checker import hookimpl


@hookimpl
def checker_rules():
    from .rules import RULES

    return list(RULES)
