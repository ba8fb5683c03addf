"""The JSON report: a versioned contract (docs/json-format.md, schemas/report.schema.json)."""

from __future__ import annotations

import json
from typing import Any, Sequence, TextIO

from ..findings import FileResult, Verdict
from . import ReportOptions

SCHEMA_ID = "https://checker.invalid/schemas/report-2.json"
SCHEMA_VERSION = "2.2"


def result_dict(result: FileResult, options: ReportOptions) -> dict[str, Any]:
    meta = dict(result.metadata)  # what the plugins found, as they found it: no report type's keys forced
    return {
        "path": result.path,
        "verdict": result.verdict(options.fail_on).value,
        "profile": result.profile,
        "error": result.error,
        "metadata": meta,
        "counts": result.counts(),
        "findings": [f.as_dict() for f in result.findings],
    }


def summary_dict(results: Sequence[FileResult], options: ReportOptions) -> dict[str, Any]:
    verdicts = {v.value: 0 for v in Verdict}
    severities = {"error": 0, "warning": 0, "info": 0}
    for r in results:
        verdicts[r.verdict(options.fail_on).value] += 1
        for k, v in r.counts().items():
            severities[k] += v
    return {"files": len(results), "verdicts": verdicts, "findings": severities}


def _baseline(results: Sequence[FileResult], options: ReportOptions) -> dict[str, Any]:
    """With --baseline, ``summary.baseline`` (counts, absent entries and, with --show-baselined,
    the accepted findings of each file with their reasons; checker.baseline)."""
    from ..baseline import outcome_of

    outcome = outcome_of(options)
    if outcome is None:
        return {}
    out = outcome.summary_dict()
    if outcome.show:
        out["accepted"] = {r.path: outcome.accepted_dicts(r.path) for r in results if r.path in outcome.accepted}
    return {"baseline": out}


def build(results: Sequence[FileResult], options: ReportOptions) -> dict[str, Any]:
    return {
        "schema": {"id": SCHEMA_ID, "version": SCHEMA_VERSION},
        "tool": {"name": "checker", "version": options.tool_version},
        "fail_on": options.fail_on.value,
        "files": [result_dict(r, options) for r in results],
        "summary": summary_dict(results, options) | _baseline(results, options),
    }


def report(results: Sequence[FileResult], options: ReportOptions, stream: TextIO) -> None:
    json.dump(build(results, options), stream, ensure_ascii=False, indent=2, default=str)
    stream.write("\n")
