"""SARIF 2.1.0 (OASIS): for code-scanning dashboards and tools that read static-analysis logs.

One run. ``tool.driver.rules`` describes every known rule (and any code met in the
results); each finding is a result with ``ruleId``, ``level`` (error / warning /
note), a message in the chosen language (both languages in ``properties``) and a
location: the file as ``artifactLocation`` (relative to ``%SRCROOT%``, the working
folder, or an absolute ``file:`` URI) plus a ``logicalLocation`` naming the
paragraph or the table cell, since a .docx has no lines. An unreadable file is a
result of rule ``CHK001`` *and* a ``toolExecutionNotification``.
Validated against the official schema in ``tests/batch``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePosixPath
from typing import Any, Sequence, TextIO
from urllib.parse import quote

from ..findings import FileResult, Finding, Severity, shown_value
from . import ReportOptions, shown_results

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SRCROOT = "SRCROOT"


def help_uri(code: str) -> str:
    """The rule's reference page in the repository (``checker explain CODE`` prints it too)."""
    return f"docs/rules/{code}.md"


def artifact_uri(label: str) -> tuple[str, str | None]:
    """(uri, uriBaseId) for a result's file: relative labels stay relative to %SRCROOT%.

    An archive member keeps its label (``subm.zip/a/b.docx``) as the path."""
    if os.path.isabs(label):
        try:
            return Path(label).as_uri(), None
        except ValueError:
            pass
    posix = label.replace("\\", "/")
    return quote(posix.lstrip("/"), safe="/~"), SRCROOT


def _rules(results: Sequence[FileResult], options: ReportOptions) -> list[dict[str, Any]]:
    lang = options.lang
    out: dict[str, dict[str, Any]] = {}
    for code, info in options.rules.items():
        short = info.summary_zh if lang == "zh" else info.summary_en
        out[code] = {
            "id": code,
            "name": info.name,
            "shortDescription": {"text": short},
            "fullDescription": {"text": f"{info.summary_zh} / {info.summary_en}"},
            "defaultConfiguration": {"level": LEVELS[Severity(info.severity)]},
            "helpUri": help_uri(code),
            "properties": {"category": info.category, "plugin": info.plugin,
                           "summary_zh": info.summary_zh, "summary_en": info.summary_en},
        }
    for r in results:  # codes not in the registry (CHK001, a rule of a removed plugin)
        for f in r.findings:
            if f.code not in out:
                out[f.code] = {
                    "id": f.code,
                    "name": f.rule,
                    "shortDescription": {"text": f.rule},
                    "fullDescription": {"text": f.rule},
                    "defaultConfiguration": {"level": LEVELS[f.severity]},
                    "helpUri": help_uri(f.code),
                    "properties": {"category": f.category.value},
                }
    return [out[code] for code in sorted(out)]


def _logical(f: Finding, lang: str) -> dict[str, Any] | None:
    loc = f.location
    parts = []
    if loc.section:
        parts.append(f"section[{loc.section}]")
    if loc.table:
        parts.append(f"table[{loc.table}]")
        if loc.row:
            parts.append(f"row[{loc.row}]")
        if loc.column:
            parts.append(f"column[{loc.column}]")
    elif loc.paragraph:
        parts.append(f"paragraph[{loc.paragraph}]")
    if not parts:
        return None
    name = loc.describe(lang) or parts[-1]
    kind = "element" if loc.table or loc.paragraph else "module"
    return {"name": name, "fullyQualifiedName": "/".join(parts), "kind": kind}


def _result(f: Finding, artifact: dict[str, Any], index: int, rule_index: dict[str, int],
            options: ReportOptions) -> dict[str, Any]:
    location: dict[str, Any] = {"physicalLocation": {"artifactLocation": dict(artifact, index=index)}}
    logical = _logical(f, options.lang)
    if logical:
        location["logicalLocations"] = [logical]
    props: dict[str, Any] = {
        "severity": f.severity.value,
        "category": f.category.value,
        "message_zh": f.message.zh,
        "message_en": f.message.en,
        # what is set (a table_position_shown of False says nothing)
        "location": {k: v for k, v in f.location.as_dict().items() if v is not None and v is not False},
    }
    if f.expected is not None:
        props["expected"] = shown_value(f.expected, options.lang)
    if f.actual is not None:
        props["actual"] = shown_value(f.actual, options.lang)
    out = {
        "ruleId": f.code,
        "ruleIndex": rule_index[f.code],
        "level": LEVELS[f.severity],
        "kind": "fail",
        "message": {"text": f.message.get(options.lang)},
        "locations": [location],
        "properties": props,
    }
    return out


def _baseline(out: list[dict[str, Any]], results: Sequence[FileResult], rule_index: dict[str, int],
              options: ReportOptions) -> None:
    """With --baseline: SARIF's own fields, so code-scanning tools show them natively. Every
    reported result is ``new``; each accepted finding is an ``unchanged`` result with an
    ``external`` suppression whose justification is the entry's reason; each entry that no
    longer occurs is an ``absent`` result (checker.baseline)."""
    from ..baseline import outcome_of
    from ..text import printable

    outcome = outcome_of(options)
    if outcome is None:
        return
    for res in out:
        res["baselineState"] = "new"
    known = {**{f.code: -1 for a in outcome.accepted.values() for f in (x.finding for x in a)}, **rule_index}
    by_path = {printable(path, multiline=False): v for path, v in outcome.accepted.items()}  # as shown_results
    for index, r in enumerate(results):
        uri, base = artifact_uri(r.path)
        artifact: dict[str, Any] = {"uri": uri, **({"uriBaseId": base} if base else {})}
        for accepted in by_path.get(r.path, ()):
            res = _result(accepted.finding, artifact, index, known, options)  # -1: no rule entry
            suppression: dict[str, Any] = {"kind": "external", "status": "accepted"}
            if accepted.entry.reason:
                suppression["justification"] = accepted.entry.reason
            res["properties"]["fingerprint"] = accepted.entry.fingerprint
            out.append(res | {"baselineState": "unchanged", "suppressions": [suppression]})
    folder = os.path.dirname(os.path.abspath(outcome.path))
    for entry in outcome.absent:
        uri, base = artifact_uri(os.path.relpath(os.path.join(folder, entry.file)))
        res = {"ruleId": entry.code, "kind": "fail", "level": "none", "baselineState": "absent",
               "message": {"text": entry.description or entry.code},
               "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri, **({"uriBaseId": base} if base else {})}}}],
               "properties": {"fingerprint": entry.fingerprint, **({"reason": entry.reason} if entry.reason else {})}}
        if entry.code in rule_index:
            res["ruleIndex"] = rule_index[entry.code]
        out.append(res)


def build(results: Sequence[FileResult], options: ReportOptions) -> dict[str, Any]:
    rules = _rules(results, options)
    rule_index = {rule["id"]: i for i, rule in enumerate(rules)}
    artifacts, sarif_results, notifications = [], [], []
    for index, r in enumerate(results):
        uri, base = artifact_uri(r.path)
        artifact: dict[str, Any] = {"uri": uri}
        if base:
            artifact["uriBaseId"] = base
        meta = r.metadata
        artifacts.append({
            "location": artifact,
            "properties": {
                "verdict": r.verdict(options.fail_on).value,
                "agency": meta.get("agency"),
                "year": meta.get("year"),
                "profile": r.profile,
                "counts": r.counts(),
            },
        })
        for f in r.findings:
            sarif_results.append(_result(f, artifact, index, rule_index, options))
        if r.error is not None:
            notifications.append({
                "level": "error",
                "message": {"text": f"{r.path}: {r.error}"},
                "locations": [{"physicalLocation": {"artifactLocation": dict(artifact, index=index)}}],
                "associatedRule": {"id": "CHK001", "index": rule_index["CHK001"]} if "CHK001" in rule_index else None,
            })
            if notifications[-1]["associatedRule"] is None:
                del notifications[-1]["associatedRule"]
    _baseline(sarif_results, results, rule_index, options)
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "checker",
            "version": options.tool_version or "0",
            "rules": rules,
        }},
        "invocations": [{
            "executionSuccessful": True,  # unreadable inputs are notifications, not a failed run
            "toolExecutionNotifications": notifications,
        }],
        "originalUriBaseIds": {SRCROOT: {"uri": Path(os.getcwd()).as_uri().rstrip("/") + "/"}},
        "artifacts": artifacts,
        "results": sarif_results,
        "columnKind": "unicodeCodePoints",
        "properties": {"fail_on": options.fail_on.value, "language": options.lang},
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def report(results: Sequence[FileResult], options: ReportOptions, stream: TextIO) -> None:
    json.dump(build(shown_results(results), options), stream, ensure_ascii=False, indent=2, default=str)
    stream.write("\n")
