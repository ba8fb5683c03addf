"""Accepting known findings: ``--write-baseline FILE`` and ``--baseline FILE``.

A drafter (or an office that inherits a year of reports) decides to keep some
findings. Marking them in the .docx is not an option (the checker never writes an
input, and the document is not code), so, as ruff users do with a baseline, the
accepted findings are recorded in a file beside the project: each entry is a finding's
:func:`checker.fingerprint.fingerprints` key, which survives edits elsewhere in the
document, with the file it belongs to and a reason the user may add by hand.

A run with ``--baseline`` reports only the findings not in it (the exit code counts
only those), says how many were accepted and how many entries no longer occur (fixed,
or the text they quoted changed), and, on request (``--show-baselined``), lists the
accepted findings with their reasons. The outcome travels to the reporters in
``ReportOptions.extra["baseline"]`` (:class:`Outcome`); SARIF shows it with its own
``baselineState`` and ``suppressions`` fields.

Files are named relative to the baseline's folder, so that the baseline stays valid
whatever folder the checker runs from and on another machine. Entries of files not
checked in this run are neither accepted nor absent: checking one file of a project
against the project's baseline says nothing about the others.
"""

from __future__ import annotations

import argparse
import json
import os
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Sequence

from .findings import FileResult, Finding, Message
from .fingerprint import FINGERPRINT_VERSION, fingerprints

#: Marks a file as a checker baseline (a JSON file of another tool is refused, not misread).
FORMAT = "checker-baseline"
#: Bump when the file's shape changes; a baseline of another version is refused with one line.
BASELINE_VERSION = 1
#: Longest description kept in an entry: enough to recognise the finding when editing reasons.
MAX_DESCRIPTION = 200


@dataclass(frozen=True)
class Entry:
    """One accepted finding, as recorded in the baseline file."""

    fingerprint: str
    code: str
    file: str
    description: str = ""
    reason: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"fingerprint": self.fingerprint, "code": self.code, "file": self.file,
                               "description": self.description}
        if self.reason:
            out["reason"] = self.reason
        return out


@dataclass(frozen=True)
class Baseline:
    """A baseline file as read: its path and entries (``folder`` anchors the entries' files)."""

    path: str
    entries: tuple[Entry, ...] = ()

    @property
    def folder(self) -> str:
        return os.path.dirname(os.path.abspath(self.path))

    def keys(self) -> dict[tuple[str, str], Entry]:
        return {(e.file, e.fingerprint): e for e in self.entries}


@dataclass(frozen=True)
class Accepted:
    """A finding of this run that the baseline accepts, with the entry (and reason) accepting it."""

    finding: Finding
    entry: Entry


@dataclass(frozen=True)
class Outcome:
    """What the baseline did to this run, for the reporters (``ReportOptions.extra["baseline"]``)."""

    path: str
    accepted: dict[str, tuple[Accepted, ...]] = field(default_factory=dict)  # by FileResult.path
    absent: tuple[Entry, ...] = ()
    show: bool = False  # list the accepted findings (--show-baselined), not only count them
    written: bool = False  # the baseline was (re)written by this run

    @property
    def baselined(self) -> int:
        return sum(len(v) for v in self.accepted.values())

    def summary(self) -> Message:
        """The one line the text report ends with (and the HTML header shows)."""
        n, a = self.baselined, len(self.absent)
        zh_new, en_new = ("（本次写入）", " (written now)") if self.written else ("", "")
        return Message(zh=f"基线 {self.path}{zh_new}：已接受 {n} 个问题（未计入结果），{a} 条基线记录已不再出现",
                       en=f"baseline {self.path}{en_new}: {n} finding{'s' * (n != 1)} accepted (not counted), "
                          f"{a} baseline entr{'ies' if a != 1 else 'y'} no longer occur{'s' * (a == 1)}")

    def summary_dict(self) -> dict[str, Any]:
        """The JSON report's ``summary.baseline`` (schemas/report.schema.json)."""
        return {"file": self.path, "baselined": self.baselined, "absent": len(self.absent),
                "absent_entries": [e.as_dict() for e in self.absent]}

    def accepted_dicts(self, path: str) -> list[dict[str, Any]]:
        """The JSON report's per-file ``baselined`` list (only with --show-baselined)."""
        return [{**a.finding.as_dict(), "fingerprint": a.entry.fingerprint, "reason": a.entry.reason}
                for a in self.accepted.get(path, ())]


# --- errors ---------------------------------------------------------------------------


def _error(option: str, path: str, zh: str, en: str):
    """A one-line usage error naming the option and the file (exit 2)."""
    from .batch.outputs import OutputError
    from .text import printable

    where = printable(f"{option} {path}", multiline=False)
    return OutputError(Message(zh=f"{where}：{zh}", en=f"{where}: {en}"))


# --- reading and writing ---------------------------------------------------------------


def _entry(raw: Any, n: int, path: str) -> Entry:
    """One entry of the file, checked: a hand-edited reason must not turn into a crash later."""
    if not isinstance(raw, dict):
        raise _error("--baseline", path, f"第 {n} 条记录不是对象", f"entry {n} is not an object")
    for key in ("fingerprint", "code", "file"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise _error("--baseline", path, f"第 {n} 条记录缺少文本字段 {key}", f"entry {n} has no text field {key!r}")
    for key in ("description", "reason"):
        if raw.get(key) is not None and not isinstance(raw[key], str):
            raise _error("--baseline", path, f"第 {n} 条记录的 {key} 必须是文本",
                         f"entry {n}: {key!r} must be text, not {type(raw[key]).__name__}")
    return Entry(raw["fingerprint"], raw["code"], raw["file"].replace("\\", "/"), raw.get("description") or "",
                 raw.get("reason") or None)


def load(path: str) -> Baseline:
    """Read and check a baseline file; anything else is one line naming it (exit 2)."""
    try:
        with open(path, "rb") as fh:
            data = json.loads(fh.read().decode("utf-8-sig"))
    except FileNotFoundError:
        raise _error("--baseline", path, "文件不存在（先用 --write-baseline 生成）",
                     "no such file (write one first with --write-baseline)") from None
    except OSError as exc:
        raise _error("--baseline", path, f"无法读取（{exc.strerror}）", f"cannot be read ({exc.strerror})") from None
    except (UnicodeDecodeError, ValueError) as exc:
        detail = " ".join(str(exc).split())[:120]
        raise _error("--baseline", path, f"不是有效的 JSON（{detail}）", f"is not valid JSON ({detail})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _error("--baseline", path, "不是 checker 的基线文件（用 --write-baseline 生成）",
                     "is not a checker baseline (write one with --write-baseline)")
    if data.get("version") != BASELINE_VERSION or data.get("fingerprint_version") != FINGERPRINT_VERSION:
        raise _error("--baseline", path, f"由另一版本的 checker 生成（版本 {data.get('version')!r}），请用 --write-baseline 重新生成",
                     f"was written by another version of the checker (version {data.get('version')!r}); "
                     "write it again with --write-baseline")
    entries = data.get("entries")
    if not isinstance(entries, list):
        raise _error("--baseline", path, "缺少 entries 列表", "has no list of entries")
    return Baseline(path, tuple(_entry(raw, n, path) for n, raw in enumerate(entries, 1)))


def entry_file(result_path: str, folder: str) -> str:
    """A checked file's name in a baseline: relative to the baseline's folder, with ``/``."""
    rel = os.path.relpath(os.path.abspath(result_path), folder)
    return rel.replace(os.sep, "/")


def _description(f: Finding, lang: str) -> str:
    text = " ".join(f"{f.location.describe(lang)}: {f.message.get(lang)}".split()).strip(": ")
    return text if len(text) <= MAX_DESCRIPTION else text[: MAX_DESCRIPTION - 1] + "…"


def _file_entries(result: FileResult, folder: str, lang: str) -> Iterable[tuple[Finding, Entry]]:
    """(finding, its entry) for one readable file; an unreadable one has nothing to accept."""
    if result.error is not None:
        return []
    name = entry_file(result.path, folder)
    return [(f, Entry(key, f.code, name, _description(f, lang)))
            for f, key in zip(result.findings, fingerprints(result.findings))]


def build(path: str, results: Sequence[FileResult], lang: str, tool_version: str,
          previous: Baseline | None = None) -> tuple[Baseline, bytes]:
    """The baseline of this run's findings, and its file's bytes. Reasons written in the
    previous baseline are kept for the findings it already had (rewriting a baseline must
    not lose what the user wrote)."""
    folder = os.path.dirname(os.path.abspath(path))
    # by absolute file name: the previous baseline may sit in another folder
    reasons = {(os.path.normpath(os.path.join(previous.folder, e.file)), e.fingerprint): e.reason
               for e in (previous.entries if previous else ()) if e.reason}
    entries = []
    for r in results:
        for _, e in _file_entries(r, folder, lang):
            where = os.path.normpath(os.path.join(folder, e.file))
            entries.append(replace(e, reason=reasons.get((where, e.fingerprint))))
    doc = {"format": FORMAT, "version": BASELINE_VERSION, "fingerprint_version": FINGERPRINT_VERSION,
           "tool": {"name": "checker", "version": tool_version}, "entries": [e.as_dict() for e in entries]}
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    return Baseline(path, tuple(entries)), text.encode("utf-8")


# --- applying ---------------------------------------------------------------------------


def apply(results: Sequence[FileResult], baseline: Baseline, show: bool = False,
          lang: str = "en") -> tuple[list[FileResult], Outcome]:
    """The results without the accepted findings, and what was accepted or is absent."""
    known = baseline.keys()
    seen: set[tuple[str, str]] = set()
    checked: set[str] = set()
    out: list[FileResult] = []
    accepted: dict[str, tuple[Accepted, ...]] = {}
    for r in results:
        pairs = list(_file_entries(r, baseline.folder, lang))
        if r.error is None:
            checked.add(entry_file(r.path, baseline.folder))
        keep = [f for f, e in pairs if (e.file, e.fingerprint) not in known]
        hits = tuple(Accepted(f, known[(e.file, e.fingerprint)]) for f, e in pairs
                     if (e.file, e.fingerprint) in known)
        seen.update((a.entry.file, a.entry.fingerprint) for a in hits)
        if hits:
            accepted[r.path] = hits
            r = replace(r, findings=tuple(keep))
        out.append(r)
    absent = tuple(e for k, e in known.items() if k not in seen and e.file in checked)
    return out, Outcome(baseline.path, accepted, absent, show)


# --- the command line ---------------------------------------------------------------------


def add_options(p: argparse.ArgumentParser) -> None:
    """``checker check``'s baseline options (docs/configuration.md, "Accepting findings")."""
    g = p.add_argument_group("baseline", "accept known findings (ruff's baseline)")
    g.add_argument("--baseline", metavar="FILE", help="report only findings not recorded in this baseline file")
    g.add_argument("--write-baseline", metavar="FILE",
                   help="record the current findings in FILE (JSON; add a \"reason\" to an entry by hand)")
    g.add_argument("--show-baselined", action="store_true",
                   help="also list the findings the baseline accepts, with their reasons")


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def inputs(args: argparse.Namespace) -> list[str]:
    """Files the run reads that no output may overwrite: the baseline, unless it is
    also the file ``--write-baseline`` updates (rewriting one's own baseline is the point)."""
    path = getattr(args, "baseline", None)
    if not path or (args.write_baseline and _same_file(path, args.write_baseline)):
        return []
    return [path]


def outputs(args: argparse.Namespace) -> list:
    """``--write-baseline`` as an output, checked like every other before any work."""
    from .batch.outputs import Output

    return [Output("--write-baseline", args.write_baseline)] if getattr(args, "write_baseline", None) else []


@dataclass(frozen=True)
class Request:
    """The run's baseline options, the baseline read before any work (a broken one fails fast)."""

    baseline: Baseline | None = None
    write: str | None = None
    show: bool = False

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> "Request":
        if getattr(args, "show_baselined", False) and not (args.baseline or args.write_baseline):
            from .batch.outputs import OutputError

            raise OutputError(Message(zh="--show-baselined 需要同时指定 --baseline 或 --write-baseline",
                                      en="--show-baselined needs --baseline or --write-baseline"))
        baseline = load(args.baseline) if getattr(args, "baseline", None) else None
        return cls(baseline, getattr(args, "write_baseline", None), getattr(args, "show_baselined", False))

    def accept(self, results: list[FileResult], options: Any) -> tuple[list[FileResult], Any]:
        """Write the baseline if asked, then report against it: the results without the
        accepted findings, and the options carrying the :class:`Outcome` for the reporters.
        Without baseline options, both are returned unchanged."""
        from .batch.outputs import write_atomic

        baseline = self.baseline
        if self.write:
            baseline, data = build(self.write, results, options.lang, options.tool_version, previous=self.baseline)
            write_atomic(self.write, data)
        if baseline is None:
            return results, options
        shown, outcome = apply(results, baseline, self.show, options.lang)
        outcome = replace(outcome, written=bool(self.write))
        return shown, replace(options, extra={**options.extra, "baseline": outcome})


def outcome_of(options: Any) -> Outcome | None:
    """The run's baseline outcome, if any (for the reporters)."""
    return options.extra.get("baseline") if options is not None else None


# --- what the reporters show -----------------------------------------------------------------


def accepted_lines(outcome: Outcome, path: str, lang: str) -> list[str]:
    """The accepted findings of one file, one line each with its reason (text and HTML)."""
    from .text import printable

    label = Message(zh="已接受", en="accepted").get(lang)
    none = Message(zh="（未写理由）", en="(no reason given)").get(lang)
    lines = []
    for a in outcome.accepted.get(path, ()):
        where = a.finding.location.describe(lang)
        reason = a.entry.reason or none
        lines.append(printable(f"{label} {a.finding.code} {where}: {a.finding.message.get(lang)} — {reason}",
                               multiline=False))
    return lines
