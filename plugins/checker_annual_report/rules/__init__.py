"""The annual report's own rules. ``ALL_RULES`` is what the plugin registers.

Codes: 101 the edition the tables follow, 102 the cited format; 80x figures in the
prose and 81x year against year live in prose.py and crossyear.py. The title, sections,
tables, arithmetic, date and 落款 rules are the generic pack's (``checker_report``).
"""

from __future__ import annotations

from .document import EditionTables, FormatCitation

ALL_RULES = [EditionTables, FormatCitation]
