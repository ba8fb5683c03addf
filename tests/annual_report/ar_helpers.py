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


def pack_rules() -> list:
    """The report rules an annual report is checked with: the generic pack's (title,
    sections, tables, arithmetic, date, 落款) and the annual report's own (AR101, AR102)."""
    from checker_annual_report.rules import ALL_RULES as OWN
    from checker_report.rules import ALL_RULES as GENERIC

    return list(GENERIC) + list(OWN)


def pack_codes() -> frozenset[str]:
    return frozenset(r.code for r in pack_rules())
