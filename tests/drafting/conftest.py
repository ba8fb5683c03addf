"""Fixtures of the drafter's-workflow tests; helpers live in ``drafting_helpers``."""

from __future__ import annotations

import pytest
from drafting_helpers import find_soffice


@pytest.fixture
def soffice() -> str:
    """Path of LibreOffice's ``soffice``; skips locally when absent (fails on CI, which installs it)."""
    return find_soffice()
