"""The AR rules, one module per concern. ``ALL_RULES`` is what the plugin registers.

Codes: 1xx document (edition, citation, title), 2xx sections, 3xx table layout,
4xx cell values, 5xx arithmetic, 6xx dates, 7xx signature, 8xx figures in the
prose (80x) and year against year (81x: prose.py and crossyear.py).
"""

from __future__ import annotations

from .arithmetic import Arithmetic, Plausibility
from .dates import DateFormat, DatePresent, DateYear, Deadline, StatisticsPeriod
from .document import EditionTables, FormatCitation, Title
from .sections import SectionContent, SectionHeadings, SectionWording
from .signature import Seal, SignatureAgency, SignaturePresent
from .tables import CellValues, LabelMarkers, TableLayout, TablePresence

ALL_RULES = [
    EditionTables, FormatCitation, Title,
    SectionHeadings, SectionWording, SectionContent,
    TablePresence, TableLayout, LabelMarkers,
    CellValues,
    Arithmetic, Plausibility,
    DatePresent, DateFormat, DateYear, Deadline, StatisticsPeriod,
    SignaturePresent, SignatureAgency, Seal,
]
