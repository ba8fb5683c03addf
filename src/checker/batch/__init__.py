"""Running many inputs: expanding paths into reports and checking them (serially or in workers)."""

from __future__ import annotations

from .inputs import InputItem, expand_inputs
from .runner import run_batch

__all__ = ["InputItem", "expand_inputs", "run_batch"]
