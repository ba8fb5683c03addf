"""The round's summary: who passed, who failed, who is missing, who was not expected,
who sent the same report twice, and which matches are uncertain.

Computed from the batch's results (after :func:`checker.round.year.apply_year`) and
the roster; rendered for the terminal, JSON, CSV and the batch HTML page here, so the
reporters only pass it through.
"""

from __future__ import annotations

import html
import os
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from ..findings import FileResult, Message, Severity, Verdict
from .roster import Body, Match, Roster, normalise_agency
from .year import is_wrong_year, report_year


@dataclass(frozen=True)
class Entry:
    """One checked file as the round sees it."""

    path: str
    verdict: Verdict
    agency: str | None
    year: int | None
    sha256: str | None
    match: Match

    @property
    def body(self) -> Body | None:
        return self.match.body

    @property
    def body_name(self) -> str:
        """Who sent it: the roster name, else the agency found, else the file name."""
        if self.body is not None:
            return self.body.name
        if self.agency:
            return self.agency
        return os.path.splitext(os.path.basename(self.path.rstrip("/\\")))[0] or self.path

    @property
    def body_key(self) -> str:
        return normalise_agency(self.body_name) or self.body_name


@dataclass(frozen=True)
class Duplicate:
    body: str
    year: int | None
    paths: tuple[str, ...]
    identical: tuple[tuple[str, ...], ...]  # sets of byte-identical files among them


@dataclass
class RoundSummary:
    year: int | None
    roster: Roster | None
    entries: list[Entry]
    passing: list[Entry] = field(default_factory=list)
    failing: list[Entry] = field(default_factory=list)
    unreadable: list[Entry] = field(default_factory=list)
    missing: list[Body] = field(default_factory=list)
    unexpected: list[Entry] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    wrong_year: list[Entry] = field(default_factory=list)
    uncertain: list[Entry] = field(default_factory=list)

    # --- output -------------------------------------------------------------------------
    def as_dict(self) -> dict[str, Any]:
        def files(entries: Iterable[Entry]) -> list[dict[str, Any]]:
            return [{"path": e.path, "body": e.body_name, "agency": e.agency, "year": e.year,
                     "verdict": e.verdict.value, "contact": e.body.contact if e.body else None,
                     "uncertain": e.match.uncertain.en if e.match.uncertain else None,
                     "uncertain_zh": e.match.uncertain.zh if e.match.uncertain else None} for e in entries]

        return {
            "year": self.year,
            "roster": {"path": self.roster.path, "bodies": len(self.roster.bodies)} if self.roster else None,
            "passing": files(self.passing),
            "failing": files(self.failing),
            "unreadable": files(self.unreadable),
            "missing": [b.as_dict() for b in self.missing],
            "unexpected": files(self.unexpected),
            "duplicates": [{"body": d.body, "year": d.year, "paths": list(d.paths),
                            "identical": [list(s) for s in d.identical]} for d in self.duplicates],
            "wrong_year": files(self.wrong_year),
            "uncertain": files(self.uncertain),
            "counts": self.counts(),
        }

    def counts(self) -> dict[str, int]:
        return {k: len(getattr(self, k)) for k in GROUPS}

    def lines(self, lang: str) -> list[tuple[str, list[str]]]:
        """(group heading, one line per item) for every non-empty group, in reading order."""
        zh = lang == "zh"
        out: list[tuple[str, list[str]]] = []

        def who(e: Entry) -> str:
            contact = f" ({e.body.contact})" if e.body and e.body.contact else ""
            return f"{e.body_name}{contact}: {e.path}"

        for key in GROUPS:
            items = getattr(self, key)
            if not items:
                continue
            label = _GROUP_LABELS[key].get(lang)
            rows: list[str] = []
            for item in items:
                if key == "missing":
                    contact = f" ({item.contact})" if item.contact else ""
                    rows.append(f"{item.name}{contact}")
                elif key == "duplicates":
                    rows.append(_duplicate_line(item, zh))
                elif key == "wrong_year":
                    rows.append(f"{who(item)} — " + (f"{item.year} 年度" if zh else f"report for {item.year}"))
                elif key == "uncertain":
                    rows.append(f"{item.path}: {item.match.uncertain.get(lang)}")
                else:
                    rows.append(who(item))
            out.append((f"{label} ({len(items)})", rows))
        return out

    def title(self, lang: str) -> str:
        zh = lang == "zh"
        parts = []
        if self.year is not None:
            parts.append(f"{self.year} 年度" if zh else f"year {self.year}")
        if self.roster is not None:
            n = len(self.roster.bodies)
            parts.append(f"名单 {n} 个单位" if zh else f"roster of {n} bodies")
        if self.year is None and self.roster is None:  # a batch without a round: its duplicates only
            return "本批文件" if zh else "This batch"
        head = "本轮汇总" if zh else "The round"
        return f"{head} ({', '.join(parts)})" if parts else head

    def text(self, lang: str) -> str:
        lines = [self.title(lang)]
        for heading, rows in self.lines(lang):
            lines.append(f"  {heading}")
            lines.extend(f"    {r}" for r in rows)
        return "\n".join(lines) + "\n"

    def html(self, lang: str) -> str:
        esc = lambda v: html.escape(str(v), quote=True)  # noqa: E731
        parts = [f'<section id="round"><h2>{esc(self.title(lang))}</h2>']
        for key, (heading, rows) in zip((k for k in GROUPS if getattr(self, k)), self.lines(lang)):
            parts.append(f'<h3 class="round-{key}">{esc(heading)}</h3><ul class="round-{key}">')
            parts.extend(f"<li>{esc(r)}</li>" for r in rows)
            parts.append("</ul>")
        parts.append("</section>")
        return "\n".join(parts)

    def csv_rows(self, lang: str) -> list[list[str]]:
        rows = [["group", "body", "file", "year", "verdict", "contact", "note"]]
        for key in GROUPS:
            for item in getattr(self, key):
                if key == "missing":
                    rows.append([key, item.name, "", str(self.year or ""), "", item.contact or "", ""])
                elif key == "duplicates":
                    rows.append([key, item.body, " | ".join(item.paths), str(item.year or ""), "", "",
                                 _duplicate_line(item, lang == "zh")])
                else:
                    note = item.match.uncertain.get(lang) if item.match.uncertain else ""
                    rows.append([key, item.body_name, item.path, str(item.year or ""), item.verdict.value,
                                 (item.body.contact or "") if item.body else "", note])
        return rows


#: The groups, in the order they are shown.
GROUPS = ("passing", "failing", "unreadable", "missing", "unexpected", "duplicates", "wrong_year", "uncertain")
_GROUP_LABELS = {
    "passing": Message(zh="已提交，通过", en="submitted, passing"),
    "failing": Message(zh="已提交，不通过", en="submitted, failing"),
    "unreadable": Message(zh="已提交，无法读取", en="submitted, unreadable"),
    "missing": Message(zh="未提交", en="missing"),
    "unexpected": Message(zh="不在名单中", en="unexpected (not on the roster)"),
    "duplicates": Message(zh="重复提交", en="duplicates"),
    "wrong_year": Message(zh="年度不符", en="another year"),
    "uncertain": Message(zh="对应关系不确定", en="uncertain matches"),
}


def _duplicate_line(d: Duplicate, zh: bool) -> str:
    year = (f"{d.year} 年度" if zh else str(d.year)) if d.year else ""
    text = f"{d.body} {year}: " + ", ".join(d.paths)
    for same in d.identical:
        text += (f"（{'、'.join(same)} 内容完全相同）" if zh else f" ({' and '.join(same)} are byte-identical)")
    return text


def summarise(results: Sequence[FileResult], hashes: Sequence[str | None], roster: Roster | None,
              year: int | None, fail_on: Severity = Severity.ERROR,
              submitted_before: frozenset[str] = frozenset()) -> RoundSummary:
    """The round's groups for these results (``hashes[i]`` is the SHA-256 of input ``i``);
    ``submitted_before`` names the roster bodies the store holds a report of ``year`` from, in
    earlier runs: they are not missing (the round is the store's, not one batch's)."""
    entries = []
    for r, sha in zip(results, hashes):
        agency = r.metadata.get("agency") if isinstance(r.metadata.get("agency"), str) else None
        match = roster.match(agency, r.path) if roster else Match(None)
        entries.append(Entry(path=r.path, verdict=r.verdict(fail_on), agency=agency, year=report_year(r),
                             sha256=sha, match=match))
    s = RoundSummary(year=year, roster=roster, entries=entries)
    by_result = dict(zip((id(e) for e in entries), results))
    for e in entries:
        on_roster = roster is None or e.body is not None
        if e.verdict is Verdict.ERROR:
            s.unreadable.append(e)
        elif on_roster and e.verdict in (Verdict.PASS, Verdict.WARN):
            s.passing.append(e)
        elif on_roster:
            s.failing.append(e)
        if roster is not None and e.body is None and e.verdict is not Verdict.ERROR:
            s.unexpected.append(e)
        if e.match.uncertain is not None:
            s.uncertain.append(e)
        if is_wrong_year(by_result[id(e)]):
            s.wrong_year.append(e)
    if roster is not None:
        submitted = {e.body.name for e in entries if e.body is not None
                     and e.verdict is not Verdict.ERROR and (year is None or e.year in (year, None))}
        submitted |= submitted_before
        s.missing = [b for b in roster.bodies if b.name not in submitted]
    groups: dict[tuple[str, int | None], list[Entry]] = defaultdict(list)
    for e in entries:
        if e.verdict is not Verdict.ERROR and (e.body is not None or e.agency):
            groups[(e.body_key, e.year)].append(e)
    for (_, y), same in groups.items():
        if len(same) > 1:
            by_hash: dict[str, list[str]] = defaultdict(list)
            for e in same:
                if e.sha256:
                    by_hash[e.sha256].append(e.path)
            identical = tuple(tuple(p) for p in by_hash.values() if len(p) > 1)
            s.duplicates.append(Duplicate(body=same[0].body_name, year=y, paths=tuple(e.path for e in same),
                                          identical=identical))
    return s
