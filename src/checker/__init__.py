"""checker: a compliance checker for Word (.docx) reports.

The public API for plugin authors is what ``__all__`` lists: the hook marker, the
rule base class and the values rules produce and read.
"""

from __future__ import annotations

from .findings import Category, FileResult, Finding, Location, Message, Severity, Verdict
from .hookspecs import hookimpl
from .rules import Problem, Rule, RuleContext

__version__ = "0.1.0"

__all__ = [
    "Category",
    "FileResult",
    "Finding",
    "Location",
    "Message",
    "Problem",
    "Rule",
    "RuleContext",
    "Severity",
    "Verdict",
    "hookimpl",
    "__version__",
]
