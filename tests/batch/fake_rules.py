"""A local plugin for the batch tests (loaded with ``Settings(plugins=(this file,))``).

It makes the batch tests independent of the annual-report pack: documents built
by ``conftest.make_report`` carry markers that these rules react to.

* ``AGENCY: name`` / ``YEAR: 2023`` paragraphs → metadata (like the annual-report pack);
* a table cell ``BAD`` → an arithmetic error at that cell, expected ``13``;
* a paragraph containing ``WARNME`` → a section warning;
* ``CRASH-IN-WORKER`` / ``HANG-IN-WORKER`` → the worker process dies / hangs (only in a
  worker process, never in the test process itself); ``HANG-ANYWHERE`` hangs in any
  process (for the serial time budget);
* a previous year's report paired with it → an info finding naming it (cross-year pairing);
  every read of a document is counted in the file named by ``CHECKER_TEST_READS``, if set.
"""

from __future__ import annotations

import multiprocessing
import os
import time

from checker import hookimpl
from checker.findings import Category, Location, Message, Severity
from checker.rules import PairRule, Problem, Rule


def _in_worker() -> bool:
    return multiprocessing.parent_process() is not None


class FakeArithmetic(Rule):
    """Flags every table cell reading BAD."""

    code = "FK101"
    name = "fake-arithmetic"
    category = Category.ARITHMETIC
    default_severity = Severity.ERROR
    summary = Message(zh="表格数字不平衡", en="table numbers do not add up")

    def check(self, doc, ctx):
        for table in doc.tables:
            for cell in table.cells():
                if cell.text.strip() == "BAD":
                    yield Problem(
                        message=Message(zh="合计不等于各项之和", en="the total is not the sum of its parts"),
                        location=Location(section=3, table=table.index, row=cell.row + 1, column=cell.col + 1,
                                          row_label="总计", column_label="<script>alert(1)</script>"),
                        expected="13", actual="BAD",
                    )


class FakeHeading(Rule):
    """Warns about paragraphs containing WARNME."""

    code = "FK201"
    name = "fake-heading"
    category = Category.SECTION
    default_severity = Severity.WARNING
    summary = Message(zh="标题与模板不一致", en="heading differs from the template")

    def check(self, doc, ctx):
        for p in doc.paragraphs:
            if "WARNME" in p.text:
                yield Problem(message=Message(zh="标题用词与模板不同", en="heading wording differs"),
                              location=Location(section=5, paragraph=p.index, excerpt=p.text))


class FakeSabotage(Rule):
    """Crashes or hangs its worker process on request."""

    code = "FK301"
    name = "fake-sabotage"
    category = Category.NARRATIVE
    summary = Message(zh="测试用", en="for tests")

    def check(self, doc, ctx):
        text = " ".join(p.text for p in doc.paragraphs)
        if _in_worker() and "CRASH-IN-WORKER" in text:
            os._exit(3)
        if ("HANG-IN-WORKER" in text and _in_worker()) or "HANG-ANYWHERE" in text:
            time.sleep(3600)
        return ()


class FakeCrossYear(PairRule):
    """Notes the previous year's report when one was paired with this one."""

    code = "FK401"
    name = "fake-cross-year"
    category = Category.NARRATIVE
    default_severity = Severity.INFO
    summary = Message(zh="与上一年度报告对比", en="compared with last year's report")
    requires_profile = False  # the batch tests run without a report type

    def summarise(self, doc, ctx):
        return {"path": doc.path, "paragraphs": len(doc.paragraphs)}

    def compare(self, this, last, ctx):
        if last is not None:
            yield Problem(message=Message(zh=f"已与上一年度报告对比：{last['path']}",
                                          en=f"compared with last year's report: {last['path']}"))


@hookimpl
def checker_rules():
    return [FakeArithmetic, FakeHeading, FakeSabotage, FakeCrossYear]


@hookimpl
def checker_document_metadata(document, profile):
    out = {}
    for p in document.paragraphs:
        if p.text.startswith("AGENCY:"):
            out["agency"] = p.text.split(":", 1)[1].strip()
        elif p.text.startswith("YEAR:"):
            out["year"] = int(p.text.split(":", 1)[1])
    return out
