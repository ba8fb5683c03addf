"""The one agency normaliser: when two spellings name the same issuing body.

Pairing a batch's reports across years, comparing last year's report with this one
(``AR81x``) and matching the 落款 with the title (``SIG702``) all ask the same question, so
they share one answer (they used to have three, which could disagree). Report-type facts
come from the profile's ``data.agency``:

* ``equivalents``: long forms and their usual short forms (``人民政府`` → ``政府``);
* ``place_suffixes``: the endings of place names (``市``, ``区``, ``县``), dropped to
  compare the core of a name (嘉兴市秀洲区交通运输局 → 交通运输局);
* ``office_suffixes``: a body's office that may sign for it (``办公室``: 清水县人民政府办公室
  for 清水县人民政府).

>>> agency_key("嘉兴市 秀洲区（交通运输局）", {"agency": {"equivalents": {"人民政府": "政府"}}})
'嘉兴市秀洲区交通运输局'
>>> same_agency("清水县人民政府", "清水县政府", {"agency": {"equivalents": {"人民政府": "政府"}}})
True
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Mapping

__all__ = ["agency_core", "agency_key", "same_agency"]

_NOISE = re.compile(r"[\s\u3000·•・,，、.。:：;；()（）\[\]【】《》〈〉<>\"'“”‘’\-—_/]+")


def agency_key(name: str, data: Mapping[str, Any] | None = None) -> str:
    """A key under which two spellings of one agency's name compare equal: full-width and
    half-width forms (NFKC), spaces, punctuation and brackets dropped, long forms replaced
    by their short forms (``data.agency.equivalents``), Latin letters case-folded."""
    text = _NOISE.sub("", unicodedata.normalize("NFKC", name or ""))
    for full, short in (((data or {}).get("agency") or {}).get("equivalents") or {}).items():
        text = text.replace(str(full), str(short))
    return text.casefold()


def agency_core(key: str, data: Mapping[str, Any] | None = None) -> str:
    """A name without its leading place names (``data.agency.place_suffixes``):
    嘉兴市秀洲区交通运输局 → 交通运输局."""
    places = sorted(((data or {}).get("agency") or {}).get("place_suffixes") or [], key=len, reverse=True)
    s = key
    while True:
        m = None
        for suf in places:
            m = re.match(rf"^(.{{1,8}}?){re.escape(suf)}(?=.)", s)
            if m and len(s) - len(m.group(0)) >= 2:
                break
            m = None
        if m is None:
            return s
        s = s[len(m.group(0)):]


def same_agency(a: str, b: str, data: Mapping[str, Any] | None = None) -> bool:
    """True when ``a`` and ``b`` name the same body, one possibly a usual short form of the
    other (区交通运输局 for 嘉兴市秀洲区交通运输局, the government's 办公室 for the government);
    also True when either is unknown (nothing says they differ)."""
    ka, kb = agency_key(a, data), agency_key(b, data)
    if not ka or not kb:
        return True
    if ka == kb or ka.endswith(kb) or kb.endswith(ka):
        return True
    for suffix in ((data or {}).get("agency") or {}).get("office_suffixes") or ():
        if ka + suffix == kb or kb + suffix == ka:  # the government's office signs for the government
            return True
    ca, cb = agency_core(ka, data), agency_core(kb, data)
    if ca == cb and len(ca) >= 2:
        return True
    return len(cb) >= 2 and ka.endswith(cb) and kb.endswith(cb)
