"""Shared fixtures. Add fixtures here; keep each one small and documented."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parent
# tests import helpers such as ``docx_factory`` by plain name
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))

#: The four real office-suite reports, kept in the project (tests/data/corpus, see its
#: README) so that a fresh clone and CI run every test that uses them.
CORPUS_DIR = TESTS_DIR / "data" / "corpus"


@pytest.fixture
def corpus_dir() -> Path:
    """The real-report corpus (``tests/data/corpus``): part of the project, never skipped.

    A missing folder is a broken checkout, so it fails loudly instead of skipping."""
    assert any(CORPUS_DIR.glob("*.docx")), f"corpus missing at {CORPUS_DIR}"
    return CORPUS_DIR
