"""The generic report rules, one module per concern. ``ALL_RULES`` is what the pack registers."""

from __future__ import annotations

from .arithmetic import Arithmetic, Plausibility
from .dates import DateFormat, DatePresent, DateYear, Deadline, StatisticsPeriod
from .sections import SectionContent, SectionHeadings, SectionMustMention, SectionSaysNone, SectionWording
from .signature import Seal, SignatureAgency, SignaturePresent
from .tables import CellValues, LabelMarkers, TableLayout, TablePresence, TablesNotChecked
from .title import Title, TitleYearAgainstText

ALL_RULES = [
    Title, TitleYearAgainstText,
    SectionHeadings, SectionWording, SectionContent, SectionMustMention, SectionSaysNone,
    TablePresence, TableLayout, LabelMarkers, TablesNotChecked,
    CellValues,
    Arithmetic, Plausibility,
    DatePresent, DateFormat, DateYear, Deadline, StatisticsPeriod,
    SignaturePresent, SignatureAgency, Seal,
]
