"""The generic report rules, one module per concern. ``ALL_RULES`` is what the pack registers."""

from __future__ import annotations

from .arithmetic import Arithmetic, Plausibility
from .dates import DateFormat, DatePresent, DateYear, Deadline, StatisticsPeriod
from .sections import SectionContent, SectionHeadings, SectionWording
from .signature import Seal, SignatureAgency, SignaturePresent
from .tables import CellValues, LabelMarkers, TableLayout, TablePresence
from .title import Title

ALL_RULES = [
    Title,
    SectionHeadings, SectionWording, SectionContent,
    TablePresence, TableLayout, LabelMarkers,
    CellValues,
    Arithmetic, Plausibility,
    DatePresent, DateFormat, DateYear, Deadline, StatisticsPeriod,
    SignaturePresent, SignatureAgency, Seal,
]
