"""A finding's stable fingerprint: the same problem gets the same key in the next version of the file.

Resubmission tracking (``checker history``, the store) and a future baseline both need
to tell "this finding was there before" from "this one is new". Paragraph numbers
cannot be part of that key: a drafter who adds a sentence above a problem shifts every
number below it. The fingerprint is therefore made of what an edit elsewhere does not
change:

* the rule code and the report section (``Location.section``);
* the place by its *labels* (``row_label`` / ``column_label`` of a table cell), and
  for a cell without labels its table-local row and column (a table's own grid does
  not move when text is added above it);
* a hash of the excerpt (the paragraph or cell text the finding quotes), normalised
  (NFKC, whitespace collapsed) so that a re-save that changes spaces or full-width
  forms does not make a finding "new".

The expected and actual values are left out on purpose: a total corrected from 12 to
13 but still wrong is the same, still open, finding.

Two findings of one file with the same key are told apart by their order
(:func:`fingerprints` appends ``#2``, ``#3``...), which is stable as long as the
document order of those look-alike findings is.
"""

from __future__ import annotations

import hashlib
import unicodedata
from typing import Iterable

from .findings import Finding

#: Bump when the recipe changes: stored fingerprints of another version do not compare.
FINGERPRINT_VERSION = 1
_SEP = "\x1f"


def _norm(text: str | None) -> str:
    if not text:
        return ""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def excerpt_hash(text: str | None) -> str:
    """A short hash of the normalised excerpt ("" when there is none)."""
    norm = _norm(text)
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:12] if norm else ""


def fingerprint(finding: Finding) -> str:
    """The finding's key: 16 hex digits, independent of paragraph numbers."""
    loc = finding.location
    labels = (_norm(loc.row_label), _norm(loc.column_label))
    cell = ""
    if loc.table and not any(labels):  # no labels: the table-local grid position, never a paragraph number
        cell = f"{loc.row or ''}:{loc.column or ''}"
    parts = (f"v{FINGERPRINT_VERSION}", finding.code, str(loc.section or ""), *labels, cell, excerpt_hash(loc.excerpt))
    return hashlib.sha256(_SEP.join(parts).encode("utf-8")).hexdigest()[:16]


def fingerprints(findings: Iterable[Finding]) -> list[str]:
    """The fingerprints of one file's findings, in order, look-alikes numbered ``#2``, ``#3``..."""
    seen: dict[str, int] = {}
    out = []
    for f in findings:
        key = fingerprint(f)
        seen[key] = seen.get(key, 0) + 1
        out.append(key if seen[key] == 1 else f"{key}#{seen[key]}")
    return out
