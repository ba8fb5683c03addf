"""The report's year and agency from all the evidence, not from the title alone.

Reports without a title line in the body are common (the title sits in a page header, a
text box, the file name). Every source is read and weighed:

* year: the title, a title in a page header, the opening's own naming of the report
  (``data.opening.year_patterns``), the statistics period, the date line (year N+1), the
  year that dominates section 一's prose, the file name, the core properties' title. The
  title decides unless it is the odd one out (every other source, at least two, agrees
  on another year); without a title the year most sources give wins, ties going to the
  earlier source of :data:`YEAR_PRIORITY`. When one source disagrees with all the others
  it is recorded (:attr:`ReportStructure.year_outlier`) so that the finding points at it;
* agency: the title, else a title in a page header, else the opening's first sentences
  (``data.agency.opening_patterns``, group ``agency``), else the 落款, else the file name;
  a candidate must end like an organisation (``data.agency.organisation_suffixes``) and
  contain none of ``data.agency.not_agency_words`` (``报告``: ``…法治建设工作报告`` is not an
  agency).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from typing import TYPE_CHECKING, Any, Mapping

from checker.model import Paragraph
from checker.text import remove_spaces, squash_spaces

if TYPE_CHECKING:
    from .structure import ReportStructure, Title

__all__ = ["SOURCE_NAMES", "YEAR_PRIORITY", "decide_agency", "decide_year", "source_names", "year_evidence"]

#: Sources of the year, most trusted first (ties between years go to the earlier source).
YEAR_PRIORITY = ("title", "header", "opening", "statistics period", "date line", "prose", "file name", "properties")

#: How messages name each source (zh, en).
SOURCE_NAMES = {
    "title": ("标题", "title"), "header": ("页眉", "page header"), "opening": ("开头", "opening"),
    "statistics period": ("统计期限", "statistics period"), "date line": ("成文日期", "date line"),
    "prose": ("第一部分正文", "prose of section 1"), "file name": ("文件名", "file name"),
    "properties": ("文档属性", "document properties"),
}


def source_names(sources: list[str], lang: str) -> str:
    """Sources for a message: ``统计期限、成文日期`` / ``statistics period, date line``."""
    i = 0 if lang == "zh" else 1
    return ("、" if lang == "zh" else ", ").join(SOURCE_NAMES.get(s, (s, s))[i] for s in sources)


_YEAR = re.compile(r"(?<![0-9０-９])((?:19|20)\d{2})\s*年")


def _valid(y: int | None) -> int | None:
    return y if y is not None and 1990 <= y <= 2100 else None


def _prose_year(st: "ReportStructure") -> int | None:
    """The year that dominates section 一's prose: named at least twice and in more than
    half of the year mentions (``2020年，…`` ``全年…`` ``2020年共…``)."""
    first = min(st.sections) if st.sections else None
    if first is None:
        return None
    years = Counter(int(m.group(1)) for p in st.sections[first].paragraphs for m in _YEAR.finditer(remove_spaces(p.text)))
    if not years:
        return None
    year, n = years.most_common(1)[0]
    return _valid(year) if n >= 2 and n * 2 > sum(years.values()) else None


def _file_year(st: "ReportStructure") -> int | None:
    stem = remove_spaces(os.path.splitext(os.path.basename(st.doc.path or ""))[0])
    # a year written as a year (``2023年``): a bare number may be anything (a format's edition)
    found = {int(m.group(1)) for m in _YEAR.finditer(stem)}
    return _valid(found.pop()) if len(found) == 1 else None


def _properties_year(st: "ReportStructure") -> int | None:
    from .structure import report_year

    title = st.doc.properties.title or ""
    phrase = str((st.data.get("title") or {}).get("phrase") or "")
    return report_year(title, st.data) if title and (not phrase or phrase in remove_spaces(title)) else None


def year_evidence(st: "ReportStructure") -> dict[str, int]:
    """Every source's year, in :data:`YEAR_PRIORITY` order (sources that say nothing left out)."""
    period = st.statistics_period.start.year if st.statistics_period is not None else None
    dated = st.date_line.date.year - 1 if st.date_line is not None and st.date_line.date.valid else None
    found = {
        "title": st.title.year if st.title is not None else None,
        "header": st.header_title.year if st.header_title is not None else None,
        "opening": st.opening_year,
        "statistics period": period,
        "date line": dated,
        "prose": _prose_year(st),
        "file name": _file_year(st),
        "properties": _properties_year(st),
    }
    return {k: v for k in YEAR_PRIORITY if (v := _valid(found[k])) is not None}


def _outlier(sources: Mapping[str, int]) -> tuple[str, int] | None:
    """The one source that disagrees with all the others (at least two, all agreeing)."""
    if len(sources) < 3:
        return None
    years = Counter(sources.values())
    if len(years) != 2:
        return None
    (_, many), (odd_year, one) = years.most_common(2)
    if one != 1:
        return None
    return next((k, y) for k, y in sources.items() if y == odd_year)


def decide_year(st: "ReportStructure") -> None:
    """Set ``st.year``, ``st.year_source``, ``st.year_sources`` and ``st.year_outlier``."""
    sources = year_evidence(st)
    st.year_sources = sources
    st.year_outlier = _outlier(sources)
    if not sources:
        return
    if "title" in sources and (st.year_outlier is None or st.year_outlier[0] != "title"):
        year = sources["title"]
    else:
        counts = Counter(v for k, v in sources.items() if st.year_outlier is None or k != st.year_outlier[0])
        best = max(counts.values())
        year = next(v for v in sources.values() if counts.get(v) == best)
    st.year = year
    st.year_source = next(k for k, v in sources.items() if v == year)


# --- agency -------------------------------------------------------------------------


def is_agency(text: str, data: Mapping[str, Any]) -> bool:
    """A name that ends like an organisation and says nothing else (no 报告, no sentence)."""
    a = data.get("agency") or {}
    s = remove_spaces(text).strip("（）()《》“”\"")
    if not s or len(s) > int((data.get("signature") or {}).get("max_chars") or 40):
        return False
    if any(ch in s for ch in "。；;：:，,！？!?、"):
        return False
    if any(w in s for w in a.get("not_agency_words") or []):
        return False
    return any(s.endswith(x) for x in a.get("organisation_suffixes") or [])


def _opening_agency(st: "ReportStructure") -> str:
    """The agency the first sentences name (``现公布XX县人民政府2019年…``, ``2020年，XX局认真贯彻…``)."""
    a = st.data.get("agency") or {}
    patterns = [re.compile(str(x)) for x in a.get("opening_patterns") or []]
    if not patterns:
        return ""
    limit = min((s.position for s in st.headings_in_order), default=len(st.doc.blocks))
    skip = {id(p) for p in st.contents}
    paras = [b for b in st.doc.blocks[:limit] if isinstance(b, Paragraph) and squash_spaces(b.text) and id(b) not in skip]
    if st.sections:  # and the first sentences of section 一
        paras += st.sections[min(st.sections)].paragraphs[:2]
    for p in paras[:6]:
        text = remove_spaces(p.text)
        for pat in patterns:
            for m in pat.finditer(text):
                name = _strip_leading_year(m.group("agency"), st.data)
                if is_agency(name, st.data):
                    return name
    return ""


def _strip_leading_year(name: str, data: Mapping[str, Any]) -> str:
    from .structure import _strip_year

    return _strip_year(name, data).strip("，,、 ")


def _file_agency(st: "ReportStructure") -> str:
    """The agency a file name starts with (``XX县财政局2023年政府信息公开工作年度报告.docx``)."""
    stem = remove_spaces(os.path.splitext(os.path.basename(st.doc.path or ""))[0])
    m = re.match(r"^(.{2,30}?)(?:19|20)\d{2}年", stem)
    return m.group(1) if m and is_agency(m.group(1), st.data) else ""


def _title_agency(title: "Title | None", data: Mapping[str, Any]) -> str:
    """The agency before the title's year: as written when the title names the report type
    (or a near miss), else only when it reads as an agency (a first line taken for the
    title, ``…法治建设工作报告``, names none)."""
    if title is None or not title.agency:
        return ""
    return title.agency if title.phrase_found or title.near_miss or is_agency(title.agency, data) else ""


def decide_agency(st: "ReportStructure") -> None:
    """Set ``st.agency`` and ``st.agency_source`` from the first source that names one."""
    signed = remove_spaces(st.signature.text) if st.signature is not None else ""
    if st.signature is not None and st.date_line is not None and st.date_line.paragraph is st.signature:
        signed = signed.replace(remove_spaces(st.date_line.date.raw), "")
    for source, name in (
        ("title", _title_agency(st.title, st.data)),
        ("header", _title_agency(st.header_title, st.data)),
        ("opening", _opening_agency(st)),
        ("signature", signed if is_agency(signed, st.data) else ""),
        ("file name", _file_agency(st)),
    ):
        if name:
            st.agency, st.agency_source = name, source
            return
