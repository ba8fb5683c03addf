"""A test-only plugin whose rule never ends on a document saying SLEEP-FOREVER.

Used to test the batch's per-file time budget without depending on how fast the real
rules are: `checker check --plugin tests/security/sleepy_plugin.py --extend-select SEC9 ...`.
"""

from __future__ import annotations

import time

from checker import Category, Message, Rule, Severity, hookimpl


class SleepForever(Rule):
    """Hangs (sleeps) when a paragraph says SLEEP-FOREVER; a stand-in for a pathological input."""

    code = "SEC901"
    name = "sleep-forever"
    category = Category.NARRATIVE
    default_severity = Severity.INFO
    summary = Message(zh="测试用：遇到 SLEEP-FOREVER 时不结束", en="test only: never ends on SLEEP-FOREVER")

    def check(self, doc, ctx):
        if any("SLEEP-FOREVER" in p.text for p in doc.paragraphs):
            time.sleep(3600)
        return ()


@hookimpl
def checker_rules():
    return [SleepForever]
