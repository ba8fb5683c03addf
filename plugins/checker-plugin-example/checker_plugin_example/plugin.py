"""The hooks of the example plugin; ``pyproject.toml`` points the ``checker`` entry point here."""

from __future__ import annotations

from checker import hookimpl

from .rules import DocumentTitleProperty


@hookimpl
def checker_rules():
    return [DocumentTitleProperty]
