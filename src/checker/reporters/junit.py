"""JUnit XML: for CI systems (GitLab, Jenkins, Azure Pipelines...) that show test reports.

``<testsuites>`` holds one ``<testsuite>`` per file (its name is the file's label,
its properties the agency, year, profile and verdict). Inside, one ``<testcase>``
per rule with findings in that file (``classname`` = the file, ``name`` =
``CODE rule-name``):

* findings at or above the fail level → ``<failure>`` (message = the first one,
  text = all of them with their locations);
* findings below it (warnings, info) → the test case passes and lists them in
  ``<system-out>``;
* an unreadable file → one test case ``CHK001 unreadable-input`` with ``<error>``.

A file without findings has a single passing test case ``checks`` so that every
file shows up. Written with :mod:`xml.etree` (the stdlib) so text from the
documents is always escaped.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import groupby
from typing import Sequence, TextIO

from ..findings import FileResult, Finding, shown_value
from . import ReportOptions, shown_results, term, unreadable_reason

_INVALID_XML = dict.fromkeys(c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D))
_INVALID_XML.update({0xFFFE: None, 0xFFFF: None})


def _clean(text: object) -> str:
    """XML 1.0 cannot carry control characters, even escaped: drop them."""
    return str(text).translate(_INVALID_XML)


def _line(f: Finding, lang: str) -> str:
    where = f.location.describe(lang)
    text = f"[{term(f.severity, lang)}] {f.code}"  # the severity in the run's language too
    if where:
        text += f" {where}"
    text += f": {f.message.get(lang)}"
    expected, actual = shown_value(f.expected, lang), shown_value(f.actual, lang)
    if expected is not None or actual is not None:
        words = ("应为", "实际") if lang == "zh" else ("expected", "actual")
        text += f" ({words[0]}: {expected if expected is not None else '-'}; {words[1]}: {actual if actual is not None else '-'})"
    return text


def build(results: Sequence[FileResult], options: ReportOptions) -> ET.Element:
    lang = options.lang
    root = ET.Element("testsuites", name="checker")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for r in results:
        suite = ET.SubElement(root, "testsuite", name=_clean(r.path))
        props = ET.SubElement(suite, "properties")
        meta = r.metadata
        for key, value in (("agency", meta.get("agency")), ("year", meta.get("year")), ("profile", r.profile),
                           ("verdict", r.verdict(options.fail_on).value)):
            ET.SubElement(props, "property", name=key, value=_clean(value if value is not None else ""))
        counts = {"tests": 0, "failures": 0, "errors": 0}
        if r.error is not None:
            case = ET.SubElement(suite, "testcase", classname=_clean(r.path), name="CHK001 unreadable-input")
            err = ET.SubElement(case, "error", type="CHK001", message=_clean(unreadable_reason(r, lang)))
            err.text = _clean(r.error)
            counts["tests"] += 1
            counts["errors"] += 1
        else:
            by_code = sorted(r.findings, key=lambda f: f.code)
            for code, group in groupby(by_code, key=lambda f: f.code):
                findings = list(group)
                case = ET.SubElement(suite, "testcase", classname=_clean(r.path), name=_clean(f"{code} {findings[0].rule}"))
                counts["tests"] += 1
                failing = [f for f in findings if f.severity.rank >= options.fail_on.rank]
                others = [f for f in findings if f.severity.rank < options.fail_on.rank]
                if failing:
                    fail = ET.SubElement(case, "failure", type=code, message=_clean(failing[0].message.get(lang)))
                    fail.text = _clean("\n".join(_line(f, lang) for f in failing))
                    counts["failures"] += 1
                if others:
                    out = ET.SubElement(case, "system-out")
                    out.text = _clean("\n".join(_line(f, lang) for f in others))
            if not r.findings:
                ET.SubElement(suite, "testcase", classname=_clean(r.path), name="checks")
                counts["tests"] += 1
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("skipped", "0")
    for key, value in totals.items():
        root.set(key, str(value))
    return root


def report(results: Sequence[FileResult], options: ReportOptions, stream: TextIO) -> None:
    root = build(shown_results(results), options)
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")
