"""The per-file time budget: bounded by default, in a batch and for one file alike."""

from __future__ import annotations


def test_batch_time_budget_defaults():
    from checker.commands.check import DEFAULT_BATCH_TIMEOUT, _time_budget

    assert _time_budget(None, None, 1) == DEFAULT_BATCH_TIMEOUT  # a drafter's pre-commit hook must not hang either
    assert _time_budget(None, None, 40) == DEFAULT_BATCH_TIMEOUT  # an unattended batch: bounded
    assert _time_budget(None, 60, 40) == 60.0  # configuration wins over the default
    assert _time_budget(10, 60, 40) == 10.0  # the flag wins over the configuration
    assert _time_budget(0, 60, 40) is None  # 0 turns it off
