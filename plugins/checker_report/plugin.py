"""Hook implementations of the generic report pack (registered via the ``checker`` entry point)."""

from __future__ import annotations

from checker import hookimpl


@hookimpl
def checker_rules():
    from .rules import ALL_RULES

    return list(ALL_RULES)
