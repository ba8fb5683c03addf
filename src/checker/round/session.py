"""One ``checker check`` as part of a round: conversion, roster, year, store, per-body outputs.

``checker check`` hands its inputs to :meth:`RoundSession.check` instead of calling the
batch runner directly, and its reporters to :meth:`RoundSession.formats`; everything a
round adds happens here, so the command keeps two call sites:

1. legacy formats (.doc, .wps, .rtf, .odt) are converted with LibreOffice when it is
   available (:mod:`checker.convert`), else keep the reader's reason plus a hint;
2. with a store, each file is written to the store the moment its result is made (one
   transaction per file, through the runner's ``on_result``), so a crash half-way keeps
   what was done; a cross-year comparison made later replaces the later report's row;
3. ``--year`` adds its finding to each result (:mod:`checker.round.year`);
4. the round summary (:mod:`checker.round.summary`), the per-file lines ("converted
   from .doc by ...", "since 2025-01-20: 3 fixed, 1 new") and the ``--out-dir`` files
   are made once every result is final, and handed to the reporters through
   ``ReportOptions.extra`` (``file_notes``, ``outputs``, ``round``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Sequence

from ..errors import ConfigError
from ..findings import FileResult, Message
from .roster import Roster, load_roster, normalise_agency
from .store import FileRecord, Store
from .summary import RoundSummary, summarise
from .year import apply_year, report_year

#: Checks a list of inputs (the batch runner with the command's settings bound), telling
#: ``on_result(i, result)`` of each result as it is made (:func:`checker.batch.run_batch`).
Runner = Callable[[Sequence[Any], "Callable[[int, FileResult], None] | None"], list[FileResult]]


@dataclass
class RoundConfig:
    """The round's options, from the command line or the configuration file."""

    roster: str | None = None
    year: int | None = None
    store: str | None = None
    out_dir: str | None = None
    soffice: str | None = None


def round_config(args: Any, cfg: Any) -> RoundConfig:
    year = getattr(args, "year", None) if getattr(args, "year", None) is not None else cfg.get("year")
    if year is not None and not (isinstance(year, int) and 1900 < year < 3000):
        raise ConfigError(f"--year must be a year such as 2024, not {year!r}")
    return RoundConfig(
        roster=getattr(args, "roster", None) or cfg.get("roster"),
        year=year,
        store=getattr(args, "store", None) or cfg.get("store"),
        out_dir=getattr(args, "out_dir", None) or cfg.get("out-dir"),
        soffice=cfg.get("soffice"),
    )


@dataclass
class _Prepared:
    """An input as checked (converted or not) and what the round knows of it."""

    original: Any  # the InputItem as expanded
    item: Any  # the InputItem handed to the runner
    note: Message | None = None  # "converted from .doc by ..."
    reason: Message | None = None  # a conversion failure or the hint, in both languages
    converted_path: str | None = None


@dataclass
class RoundSession:
    config: RoundConfig
    settings: Any
    lang: str
    jobs: int | None
    timeout: float | None
    tool_version: str
    options_record: dict[str, Any]
    roster: Roster | None = None
    store: Store | None = None
    run_id: int | None = None
    summary: RoundSummary | None = None
    notes: dict[str, list[Message]] = field(default_factory=dict)
    outputs: dict[str, tuple[str | None, str]] = field(default_factory=dict)
    html_base: str | None = None  # the folder of the batch HTML page: out-dir links are relative to it

    # --- before the batch ---------------------------------------------------------------
    @classmethod
    def open(cls, args: Any, cfg: Any, settings: Any, lang: str, jobs: int | None, timeout: float | None,
             items: Sequence[Any]) -> "RoundSession":
        """Check every round option before any file is read: a bad roster, a foreign store
        or an out-dir holding an input stop here with one line."""
        from .. import __version__

        config = round_config(args, cfg)
        record = {"select": list(settings.select), "extend_select": list(settings.extend_select),
                  "ignore": list(settings.ignore), "profile": settings.profile, "year": config.year,
                  "roster": config.roster, "fail_on": getattr(args, "fail_on", None) or cfg.get("fail-on") or "error"}
        session = cls(config, settings, lang, jobs, timeout, __version__, record)
        session.html_base = _html_base(args, cfg)
        if config.roster:
            session.roster = load_roster(config.roster)
        if config.out_dir:
            _check_out_dir(config.out_dir, items, getattr(args, "files", ()))
        if config.store:
            session.store = Store.open(config.store)
        return session

    # --- the batch ------------------------------------------------------------------------
    def check(self, items: Sequence[Any], run: Runner, engine: Any, options: Any) -> list[FileResult]:
        """Convert, check (in chunks when storing), apply the year, store, write the out-dir."""
        from ..convert import Converter, find_soffice

        todo = [it for it in items if it.skip is None]
        program = find_soffice(self.config.soffice)
        if self.config.soffice and program is None:
            raise ConfigError(f"soffice {self.config.soffice!r}: LibreOffice not found (set soffice: in the configuration "
                              "to the program's path)")
        converter = Converter(program, max_bytes=self.settings.limits.max_file_bytes, timeout=self.timeout) \
            if program else None
        try:
            prepared = _prepare(todo, converter, self.settings.limits, self.jobs)
            if self.store is not None:
                self.run_id = self.store.begin_run(self.tool_version, _profile_versions(engine), self.options_record)
            results = self._run(prepared, run, engine, options)
            if self.store is not None:
                self.store.finish_run(self.run_id)
            hashes = [_sha256(p.original, self.settings.limits)[1] for p in prepared] if self.roster or \
                self.config.year else []
            if self.roster is not None or self.config.year is not None:
                self.summary = summarise(results, hashes, self.roster, self.config.year, options.fail_on,
                                         self._submitted_before())
                results = _with_round_metadata(results, self.summary)
            elif len(results) > 1:  # no round: still say when one body's report came twice (issue 13)
                self.summary = _duplicates_only(summarise(
                    results, [_sha256(p.original, self.settings.limits)[1] for p in prepared], None, None,
                    options.fail_on, frozenset()))
            if self.config.out_dir:
                self.outputs = _write_out_dir(self.config.out_dir, prepared, results, self._with_extras(options),
                                              self.summary, self.settings.limits, engine.registry.rules)
        finally:
            if converter is not None:
                converter.close()
            if self.store is not None:
                self.store.close()
        return results

    def _run(self, prepared: list[_Prepared], run: Runner, engine: Any, options: Any) -> list[FileResult]:
        checked = [p.item for p in prepared]
        if self.store is None:
            return [self._finish_one(p, r) for p, r in zip(prepared, run(checked, None))]
        file_ids: dict[int, int] = {}

        def store(i: int, result: FileResult) -> None:  # one transaction per file, as it comes
            p = prepared[i]
            result = self._finish_one(p, result, noted=i in file_ids)
            if i in file_ids:  # the cross-year pass added to a stored result
                self.store.replace_file(file_ids[i], self._record(p, result, options), result.findings)
            else:
                self._store_one(p, result, options)
                file_ids[i] = self.store.last_file_id

        results = run(checked, store)
        return [self._finish_one(p, r, noted=True) for p, r in zip(prepared, results)]

    def _submitted_before(self) -> frozenset[str]:
        """Roster bodies with a readable report of the round's year from an earlier run."""
        if self.store is None or self.roster is None:
            return frozenset()
        names = {b.name for b in self.roster.bodies}
        return frozenset(f["body"] for f in self.store.files(year=self.config.year)
                         if f["run_id"] != self.run_id and f["verdict"] != "error" and f["body"] in names)

    def _finish_one(self, p: _Prepared, result: FileResult, noted: bool = False) -> FileResult:
        """Conversion facts and the year finding on one result (``noted``: the conversion
        note is already among the file's notes)."""
        if p.reason is not None and result.error is not None:
            first = replace(result.findings[0], message=Message(zh=f"无法读取文件：{p.reason.zh}",
                                                                 en=f"cannot read the file: {p.reason.en}"))
            result = replace(result, findings=(first,) + result.findings[1:])
        if p.note is not None:
            result = replace(result, metadata={**result.metadata, "converted": p.note.en})
            if not noted:
                self.notes.setdefault(result.path, []).append(p.note)
        return apply_year(result, self.config.year)

    def _record(self, p: _Prepared, r: FileResult, options: Any) -> FileRecord:
        size, sha = _sha256(p.original, self.settings.limits)
        agency = r.metadata.get("agency") if isinstance(r.metadata.get("agency"), str) else None
        body = None
        if self.roster is not None:
            body = self.roster.match(agency, r.path).body
        name = body.name if body else agency or os.path.splitext(os.path.basename(r.path))[0] or r.path
        counts = r.counts()
        return FileRecord(path=r.path, verdict=r.verdict(options.fail_on).value, body=name,
                          body_key=normalise_agency(name) or name, size=size, sha256=sha, agency=agency,
                          year=report_year(r), profile=r.profile,
                          counts=(counts["error"], counts["warning"], counts["info"]),
                          converted=p.note.en if p.note else None)

    def _store_one(self, p: _Prepared, r: FileResult, options: Any) -> None:
        since = self.store.record_file(self.run_id, self._record(p, r, options), r.findings)
        if since is not None:
            self.notes.setdefault(r.path, []).append(since.message())

    # --- the reports ----------------------------------------------------------------------
    def _with_extras(self, options: Any) -> Any:
        extra = dict(options.extra)
        if self.notes:
            extra["file_notes"] = self.notes
        if self.summary is not None:
            extra["round"] = self.summary
        return replace(options, extra=extra)

    def report_options(self, options: Any) -> Any:
        """The report options with the round's additions in ``extra``."""
        options = self._with_extras(options)
        if self.outputs:
            options = replace(options, extra={**options.extra, "outputs": self.outputs,
                                              "outputs_base": self.html_base})
        return options


def round_formats(formats: dict[str, Any]) -> dict[str, Any]:
    """The output formats with the round's: ``round-json`` and ``round-csv`` (the summary's
    groups, ``--report round-json:PATH``), and the text report followed by the summary.

    The reporters read the summary from ``options.extra["round"]`` when they run, so this
    can wrap the formats before the batch (the command checks ``--report`` names first).
    The JSON report itself is left as it is: its schema (2.0) is a contract.
    """
    wrapped = dict(formats)
    if "text" in formats:
        def text(results, options, stream, _inner=formats["text"]):
            _inner(results, options, stream)
            summary = options.extra.get("round")
            if summary is not None:
                stream.write("\n" + summary.text(options.lang))
        wrapped["text"] = text

    def round_json(results, options, stream):  # noqa: ARG001 - the summary is the round's, not per result
        stream.write(json.dumps(_summary_of(options).as_dict(), ensure_ascii=False, indent=2) + "\n")

    def round_csv(results, options, stream):  # noqa: ARG001
        import csv

        stream.write("\ufeff")  # Excel needs the byte-order mark to read the Chinese
        csv.writer(stream, lineterminator="\n").writerows(_summary_of(options).csv_rows(options.lang))

    wrapped["round-json"] = round_json
    wrapped["round-csv"] = round_csv
    return wrapped


def _summary_of(options: Any) -> RoundSummary:
    summary = options.extra.get("round")
    if summary is None:
        raise ConfigError("round-json and round-csv need a round: name a roster (--roster) or a year (--year)")
    return summary


# --- helpers ---------------------------------------------------------------------------------


def _html_base(args: Any, cfg: Any) -> str | None:
    """The folder the batch HTML page is written to (the first one named), for relative links."""
    for value in getattr(args, "report", None) or ():
        fmt, _, path = value.partition(":")
        if fmt == "html" and path:
            return os.path.dirname(os.path.abspath(path))
    fmt = getattr(args, "output_format", None) or cfg.get("output-format")
    if fmt == "html" and getattr(args, "output_file", None):
        return os.path.dirname(os.path.abspath(args.output_file))
    return None


def _with_round_metadata(results: list[FileResult], summary: RoundSummary) -> list[FileResult]:
    """Each file's place in the round (``metadata.round``: body, contact, match, duplicate), so
    that every report format, JSON included, carries it per file."""
    duplicated = {p for d in summary.duplicates for p in d.paths}
    out = []
    for r, e in zip(results, summary.entries):
        info = {"body": e.body_name, "on_roster": e.body is not None if summary.roster else None,
                "contact": e.body.contact if e.body else None,
                "uncertain": e.match.uncertain.en if e.match.uncertain else None,
                "duplicate": r.path in duplicated}
        out.append(replace(r, metadata={**r.metadata, "round": info}))
    return out


def _profile_versions(engine: Any) -> dict[str, str]:
    """Each known profile's content hash: a changed profile explains changed findings."""
    out = {}
    for name, resource in sorted(getattr(engine.registry, "profiles", {}).items()):
        try:
            text = resource.read_text(encoding="utf-8") if hasattr(resource, "read_text") else open(resource, encoding="utf-8").read()
        except Exception:
            continue
        out[name] = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return out


def _bytes_of(item: Any, limits: Any) -> bytes | None:
    from ..batch.inputs import read_member

    try:
        if item.member:
            return read_member(item, limits)
        if not os.path.isfile(item.path):
            return None
        if os.path.getsize(item.path) > limits.max_file_bytes:
            return None
        with open(item.path, "rb") as fh:
            return fh.read()
    except Exception:
        return None


def _sha256(item: Any, limits: Any) -> tuple[int | None, str | None]:
    """Size and SHA-256 of an input as received (the original, not a converted copy)."""
    if item.error is not None or (not item.member and not os.path.isfile(item.path)):
        return None, None  # unreadable, or not a regular file (a FIFO would block)
    try:
        if not item.member:
            h = hashlib.sha256()
            with open(item.path, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    h.update(block)
            return os.path.getsize(item.path), h.hexdigest()
    except OSError:
        return None, None
    data = _bytes_of(item, limits)
    return (len(data), hashlib.sha256(data).hexdigest()) if data is not None else (None, None)


def _prepare(items: Sequence[Any], converter: Any, limits: Any, jobs: int | None) -> list[_Prepared]:
    """Each input as it will be checked: legacy formats converted (in parallel threads)."""
    from ..batch.inputs import legacy_format
    from ..convert import HINT, ConversionError

    prepared = [_Prepared(original=it, item=it) for it in items]
    legacy = []
    for p in prepared:
        fmt = legacy_format(p.original, limits)
        if fmt is not None:
            legacy.append((p, fmt))
    if not legacy:
        return prepared
    if converter is None:
        from ..batch.runner import explain_reason

        for p, fmt in legacy:
            reason = _reader_reason(p.original, fmt)
            zh = explain_reason(reason).zh.removeprefix("无法读取文件：")
            p.reason = Message(zh=f"{zh}；{HINT.zh}", en=f"{reason}; {HINT.en}")
            p.item = replace(p.original, error=f"{reason}; {HINT.en}")
        return prepared

    def convert(pair):
        p, fmt = pair
        data = _bytes_of(p.original, limits)
        if data is None:
            return p, None, ConversionError(Message(zh="无法读取该文件", en="cannot read the file"))
        try:
            return p, converter.convert(data, fmt), None
        except ConversionError as exc:
            return p, None, exc

    fmt_of = {id(p): fmt for p, fmt in legacy}
    workers = max(1, min(jobs or os.cpu_count() or 1, len(legacy)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for p, done, failed in pool.map(convert, legacy):
            if done is not None:
                p.item = replace(p.original, path=done.path, member=())
                p.note = done.message()
                p.converted_path = done.path
            else:  # the reader's reason first (what the file is), then why converting it failed
                from ..batch.runner import explain_reason

                reason = _reader_reason(p.original, fmt_of[id(p)])
                zh = explain_reason(reason).zh.removeprefix("无法读取文件：")
                p.reason = Message(zh=f"{zh}；{failed.message.zh}", en=f"{reason}; {failed.message.en}")
                p.item = replace(p.original, error=p.reason.en)
    return prepared


def _reader_reason(item: Any, fmt: str) -> str:
    """What the reader says of a file it cannot read (today's one-line reason)."""
    return {
        "doc": "a legacy Word 97-2003 .doc (or WPS .wps) file, not a .docx; open it in Word or WPS and save it as .docx",
        "wps": "a WPS .wps file, not a .docx; open it in Word or WPS and save it as .docx",
        "rtf": "an RTF file, not a .docx; open it in Word and save it as .docx",
        "odt": "an OpenDocument text (.odt) file, not a .docx; open it in Word or WPS and save it as .docx",
    }[fmt]


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\s]+')


def _safe_name(text: str, limit: int = 60) -> str:
    name = _UNSAFE.sub("_", text).strip("._") or "report"
    return name[:limit]


def _check_out_dir(out_dir: str, items: Sequence[Any], arguments: Sequence[str] = ()) -> None:
    """Refuse an out-dir that holds an input (or is one), or lies inside a folder being checked
    (the next run would check the annotated copies): the tool never writes next to its inputs."""
    if os.path.exists(out_dir) and not os.path.isdir(out_dir):
        raise ConfigError(f"--out-dir {out_dir}: is a file, not a folder")
    root = os.path.realpath(out_dir)
    for arg in arguments:
        if os.path.isdir(arg):
            folder = os.path.realpath(arg)
            if root == folder or root.startswith(folder.rstrip(os.sep) + os.sep):
                raise ConfigError(f"--out-dir {out_dir}: is inside the input folder {arg}; choose a folder outside "
                                  "the inputs")
    for item in items:
        real = os.path.realpath(item.path)
        if real == root or real.startswith(root.rstrip(os.sep) + os.sep):
            raise ConfigError(f"--out-dir {out_dir}: holds the input {item.label}; choose a folder outside the inputs")


def _write_out_dir(out_dir: str, prepared: list[_Prepared], results: list[FileResult], options: Any,
                   summary: RoundSummary | None, limits: Any, rules: Any = None) -> dict[str, tuple[str | None, str]]:
    """Per input: an annotated .docx copy (when it could be read) and a one-file HTML page,
    named after the body and year. Returns {result path: (docx path or None, html path)}."""
    import tempfile

    from ..annotate import annotate_copy
    from ..batch.outputs import write_atomic
    from ..reporters.html import render

    os.makedirs(out_dir, exist_ok=True)
    names: dict[str, int] = {}
    bodies = {e.path: e.body_name for e in summary.entries} if summary is not None else {}
    out: dict[str, tuple[str | None, str]] = {}
    for p, r in zip(prepared, results):
        body = bodies.get(r.path) or (r.metadata.get("agency") if isinstance(r.metadata.get("agency"), str) else None) \
            or os.path.splitext(os.path.basename(r.path))[0]
        year = report_year(r)
        stem = _safe_name(f"{body}_{year}" if year else body)
        names[stem] = names.get(stem, 0) + 1
        if names[stem] > 1:
            stem = f"{stem}-{names[stem]}"
        html_path = os.path.join(out_dir, stem + ".html")
        docx_path: str | None = None
        if r.error is None:
            docx_path = os.path.join(out_dir, stem + ".docx")
            source = p.converted_path or (None if p.original.member else p.original.path)
            try:
                if source is None:
                    data = _bytes_of(p.original, limits)
                    with tempfile.TemporaryDirectory(prefix="checker-member-") as tmp:
                        source = os.path.join(tmp, "member.docx")
                        with open(source, "wb") as fh:
                            fh.write(data or b"")
                        annotate_copy(source, r, docx_path, lang=options.lang, limits=limits, rules=rules)
                else:
                    annotate_copy(source, r, docx_path, lang=options.lang, limits=limits, rules=rules)
            except Exception as exc:  # one unannotatable file must not stop the others
                print(f"checker: {r.path}: no annotated copy: {' '.join(str(exc).split())[:200]}", file=sys.stderr)
                docx_path = None
        page_options = replace(options, extra={**options.extra, "outputs": {r.path: (docx_path, html_path)}})
        write_atomic(html_path, render([r], page_options, base=out_dir).encode("utf-8"))  # whole or not at all
        out[r.path] = (docx_path, html_path)
    return out


def _duplicates_only(summary: Any) -> Any:
    """A summary that keeps only its duplicates (a batch without a roster or a year: the
    other groups repeat the files table), or None when there are none."""
    import dataclasses

    from .summary import GROUPS

    if not summary.duplicates:
        return None
    return dataclasses.replace(summary, **{g: [] for g in GROUPS if g != "duplicates"})
