"""Shared fixtures. Add fixtures here; keep each one small and documented."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parent
# tests import helpers such as ``docx_factory`` by plain name
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))

CORPUS_DIR = TESTS_DIR.parents[1] / "shared" / "corpus"  # ../shared/corpus beside the repo root


@pytest.fixture
def corpus_dir() -> Path:
    """The real-report corpus (``../shared/corpus``); skips the test when it is absent."""
    if not CORPUS_DIR.is_dir():
        pytest.skip(f"corpus not available at {CORPUS_DIR}")
    return CORPUS_DIR
