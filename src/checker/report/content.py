"""What the prose sections and the date line hold: written text, template placeholders, or only "none".

One reading shared by the rules that judge it: ``SEC203`` (unfilled sections), ``SEC205``
(sections that say only "none") and ``DAT601``, which leaves a date line still showing the
template's placeholder to ``DOC001`` (one fact, one finding) instead of saying "no date
line" as well.

Everything report-specific is profile data:

* ``data.placeholders``: regular expressions of template text (``（文字描述）``);
* ``data.date.placeholders``: the date line as the template leaves it (``××××年××月××日``);
* ``data.none_phrases``: what counts as saying nothing (``无``, ``暂无问题``); compared after
  dropping spaces and punctuation;
* ``data.sections[].substantive``: a section that must report something (``无`` is a finding);
* ``data.sections[].none_contradicts``: cells that, when positively found and not zero,
  show the section had something to report (``[{cell: T3.OTHER2.tot, why: {zh, en}}]``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from checker.model import Paragraph
from checker.text import excerpt, label_key, remove_spaces, squash_spaces

from .structure import ReportStructure, Section

__all__ = ["SectionText", "date_placeholder", "is_none", "section_texts"]

_PUNCT = re.compile(r"[\s。．.，,、；;：:！!？?（）()“”\"'‘’…—-]+")


@dataclass(eq=False, repr=False)
class SectionText:
    """The text of one prose section, classified."""

    section: Section
    spec: Mapping[str, Any]
    texts: list[str] = field(default_factory=list)  # non-empty paragraphs and filled tables, as read
    paragraphs: list[Paragraph] = field(default_factory=list)  # the paragraphs among them
    placeholder_only: bool = False  # nothing but template placeholders (or nothing at all)
    none_only: bool = False  # nothing but "none" phrases (无, 暂无问题)


def _patterns(raw: Any) -> list[re.Pattern[str]]:
    return [re.compile(str(p)) for p in raw or []]


def is_placeholder(text: str, patterns: list[re.Pattern[str]]) -> bool:
    """Template text such as ``（文字描述）``: a placeholder pattern matches it or its label key."""
    key = label_key(text)
    return any(pt.match(key) or pt.match(text) for pt in patterns)


def is_none(text: str, data: Mapping[str, Any]) -> bool:
    """True when ``text`` says only "none" (``无。``, ``暂无问题``) by ``data.none_phrases``."""
    phrases = {_PUNCT.sub("", str(x)) for x in data.get("none_phrases") or []}
    flat = _PUNCT.sub("", text)
    return bool(flat) and flat in phrases


def _end_paragraphs(st: ReportStructure) -> set[int]:
    """The 落款 and the date line (written or placeholder): not content of the last section."""
    ends = [st.signature, st.date_line.paragraph if st.date_line else None, date_placeholder(st)]
    return {id(p) for p in ends if p is not None}


def section_texts(st: ReportStructure) -> list[SectionText]:
    """Each prose section found (``data.sections[].prose``), its text classified."""
    patterns = _patterns(st.data.get("placeholders"))
    ends = _end_paragraphs(st)
    out: list[SectionText] = []
    for spec in st.data.get("sections") or []:
        if not spec.get("prose"):
            continue
        sec = st.sections.get(int(spec["number"]))
        if sec is None:
            continue
        paras = [p for p in sec.paragraphs if squash_spaces(p.text) and id(p) not in ends]
        texts = [squash_spaces(p.text) for p in paras]
        layout = {id(t) for t, _ in st.layout_cells.values()}  # the 落款 and date table is no content
        texts += [excerpt(" ".join(c.text for c in t.cells())) for t in sec.tables
                  if id(t) not in layout and any(squash_spaces(c.text) for c in t.cells())]
        st_text = SectionText(sec, spec, texts, paras)
        st_text.placeholder_only = not any(not is_placeholder(t, patterns) for t in texts)
        st_text.none_only = bool(texts) and all(is_none(t, st.data) for t in texts)
        out.append(st_text)
    return out


def date_placeholder(st: ReportStructure) -> Paragraph | None:
    """The date line left as the template's placeholder (``××××年××月××日``), when there is
    no written date line: among the last paragraphs after the last heading."""
    if st.date_line is not None:
        return None
    d = st.data.get("date") or {}
    patterns = _patterns(d.get("placeholders"))
    if not patterns:
        return None
    last_heading = max((s.position for s in st.headings_in_order), default=-1)
    for p in reversed(st.tail_paragraphs(int(d.get("tail_paragraphs") or 6))):
        if st.block_pos.get(id(p), 0) <= last_heading:
            break
        flat = remove_spaces(p.text)
        if any(pt.search(flat) for pt in patterns):
            return p
    return None
