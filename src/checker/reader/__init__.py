"""The .docx reader: one lxml pass over the package into :mod:`checker.model`.

>>> from checker.reader import load_document          # doctest: +SKIP
>>> doc = load_document("report.docx")                # doctest: +SKIP
>>> [p.text for p in doc.paragraphs if p.outline_level == 0]   # doctest: +SKIP

Only :func:`load_document` and the package limits are public; the modules behind
them (``package``, ``styles``, ``numbering``, ``body``) are implementation.
"""

from .document import load_document
from .package import DEFAULT_LIMITS, Limits, open_package

__all__ = ["load_document", "DEFAULT_LIMITS", "Limits", "open_package"]
