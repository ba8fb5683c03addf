"""Helpers of the annual-report pack tests, importable from test modules
(``from ar_helpers import check_file``; not ``from conftest import``, which clashes with
the conftest modules of the other test folders when they run together)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=None)
def _engine(profile: str | None, options_json: str = "{}"):
    from checker.engine import Engine, Settings

    return Engine(Settings(profile=profile, options=json.loads(options_json)))


def check_file(path: Path, profile: str | None = None, options: dict | None = None):
    """Check a .docx with the engine (the pack chooses the profile unless one is given)."""
    return _engine(profile, json.dumps(options or {}, sort_keys=True)).check_path(str(path))
