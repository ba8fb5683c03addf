"""The AR rules, one module per concern. ``ALL_RULES`` is what the plugin registers."""

from __future__ import annotations

ALL_RULES: list[type] = []
