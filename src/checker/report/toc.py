"""A table of contents: recognised and skipped as content.

Its entries read exactly like the report's headings (``一、总体情况``), so the section
finder would take them for the sections and the title finder ``目录`` for the title. A
contents list is recognised by any of:

* Word's contents styles (``TOC 1``, ``toc 2``: ``data.contents.style_pattern``);
* a TOC field (``TOC \\o "1-3" \\n``, with or without page numbers) at the start of its
  entries;
* a contents heading (``目录``: ``data.contents.headings``) followed by entries;

where an entry is a short paragraph that repeats a later paragraph of the document once
its page number and dot leader are dropped.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from checker.model import Document, Paragraph
from checker.text import label_key, remove_spaces, squash_spaces

__all__ = ["find_contents"]

_PAGE = re.compile(r"[\s.．…·•_＿\-－—]*[0-9０-９]+\s*$")
_FIELD_AT = re.compile(r"paragraph (\d+)$")


def entry_key(text: str) -> str:
    """A contents entry or a heading, compared without page number, leader and spacing."""
    return label_key(_PAGE.sub("", squash_spaces(text)))


def _paragraphs(doc: Document) -> list[Paragraph]:
    return [b for b in doc.blocks if isinstance(b, Paragraph) and not b.in_table]


def _entries_from(paras: list[Paragraph], start: int, max_chars: int) -> list[Paragraph]:
    """The run of entries from ``paras[start]``: non-empty paragraphs repeating a later one
    (empty paragraphs in between are part of the run)."""
    later: dict[str, int] = {}
    for i, p in enumerate(paras):
        later[entry_key(p.text)] = i  # the last position of each text
    out: list[Paragraph] = []
    for i in range(start, len(paras)):
        p = paras[i]
        text = squash_spaces(p.text)
        if not text:
            continue
        key = entry_key(text)
        if not key or len(remove_spaces(text)) > max_chars or later.get(key, -1) <= i:
            break
        out.append(p)
    return out


def find_contents(doc: Document, data: Mapping[str, Any]) -> list[Paragraph]:
    """The paragraphs of a table of contents (heading and entries), in document order."""
    cfg = data.get("contents") or {}
    headings = {remove_spaces(str(h)) for h in cfg.get("headings") or []}
    style = re.compile(str(cfg.get("style_pattern") or r"^(?:toc|目录)\s*\d"), re.IGNORECASE)
    max_chars = int(cfg.get("max_chars") or 60)
    paras = _paragraphs(doc)
    found: dict[int, Paragraph] = {}
    for p in paras:
        if style.match(p.style_name or "") or style.match(p.style_id or ""):
            found[id(p)] = p
    starts: list[int] = []
    for i, p in enumerate(paras):
        if headings and remove_spaces(p.text) in headings:
            found[id(p)] = p
            starts.append(i + 1)
    for c in doc.constructs_of("field"):
        m = _FIELD_AT.search(c.where)
        if m and c.detail.lstrip().upper().startswith("TOC"):
            n = int(m.group(1))
            starts += [i for i, p in enumerate(paras) if p.index in (n - 1, n)]
    for start in starts:
        for p in _entries_from(paras, start, max_chars):
            found[id(p)] = p
    return [p for p in paras if id(p) in found]
