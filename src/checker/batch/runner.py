"""Check a list of inputs, in a stable order."""

from __future__ import annotations

from typing import Sequence

from ..engine import Engine, Settings
from ..findings import FileResult
from ..model import Document
from .inputs import InputItem


def run_batch(items: Sequence[InputItem], settings: Settings, *, jobs: int | None = None, engine: Engine | None = None,
              timeout: float | None = None, progress: bool = False,
              previous: Document | None = None) -> list[FileResult]:
    """Check every item and return one result per report, in input order.

    ``jobs`` None means one worker per CPU; ``previous`` is last year's document for
    cross-year rules (single-file use).
    """
    engine = engine or Engine(settings)
    return [engine.check_path(item.path, name=item.label, previous=previous) for item in items if item.skip is None]
