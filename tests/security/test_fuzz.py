"""Short fuzz runs for CI (fixed seed). The long run is tests/security/fuzz_long.py, by hand;
its figures are in docs/security.md."""

from __future__ import annotations

import fuzzing
from hypothesis import HealthCheck, given, settings

from checker.engine import Engine, Settings

SHORT = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                 suppress_health_check=list(HealthCheck))


@SHORT
@given(fuzzing.mutants)
def test_reader_fuzz(data):
    fuzzing.check_reader(data)


_ENGINE: list[Engine] = []


@settings(SHORT, max_examples=15)
@given(fuzzing.xml_mutants())
def test_engine_fuzz(data):
    if not _ENGINE:
        _ENGINE.append(Engine(Settings()))
    fuzzing.check_engine(_ENGINE[0], data)
