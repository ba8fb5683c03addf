"""Hook implementations of the annual-report rule pack (registered via the ``checker`` entry point).

* :func:`checker_rules` - the AR rule classes (one module per concern under ``rules/``).
* :func:`checker_profiles` - the three YAML profiles shipped in the ``checker_profiles``
  package (the repository's top-level ``rules/`` folder).
* :func:`checker_select_profile` - the edition from the report year (≤2020 → 2019
  format, ≥2021 → 2021 format), else from the tables.
* :func:`checker_document_metadata` - agency, year, agency kind and edition, with reasons.
"""

from __future__ import annotations

import weakref
from functools import lru_cache
from typing import Any, Mapping

from checker import Message, hookimpl
from checker.model import Document

from checker.report.structure import ReportStructure, build

COMMON = "gov-annual-report-common"
PROFILE_BY_EDITION = {"2019": "gov-annual-report-2019", "2021": "gov-annual-report-2021"}
PROFILE_NAMES = (COMMON, *PROFILE_BY_EDITION.values())


@hookimpl
def checker_rules():
    from .crossyear import CROSSYEAR_RULES
    from .prose import PROSE_RULES
    from .rules import ALL_RULES

    return list(ALL_RULES) + PROSE_RULES + CROSSYEAR_RULES


@hookimpl
def checker_write_template(profile_name, profile_data, year, agency, kind, path):
    """``checker template``: see :func:`.template.checker_write_template` (imported only for that command)."""
    from .template import checker_write_template as write

    return write(profile_name, profile_data, year, agency, kind, path)


@hookimpl
def checker_profiles():
    from checker.profiles import shipped_folder  # the package checker_profiles, without importlib.resources

    base = shipped_folder()
    if base is None:  # pragma: no cover - checker installed without its profiles
        return {}
    return {name: base / f"{name}.yaml" for name in PROFILE_NAMES}


@lru_cache(maxsize=1)
def common_data() -> Mapping[str, Any]:
    """The common profile's ``data`` (the facts every hook needs), loaded once."""
    from checker.profiles import load_profile

    catalogue = checker_profiles()
    return load_profile(COMMON, catalogue).data


_last: list[Any] = []  # (weakref to the document, its structure): select + metadata share one analysis


def _structure(document: Document) -> ReportStructure:
    # the hooks run before any rule: analyse with the common data (edition "auto")
    if _last and _last[0]() is document:
        return _last[1]
    st = build(document, common_data())
    _last[:] = [weakref.ref(document), st]
    return st


def _is_annual_report(st: ReportStructure) -> bool:
    title_ok = st.title is not None and (st.title.phrase_found or bool(st.title.near_miss))
    return title_ok or len(st.sections) >= 3 or bool(st.tables)


_SOURCE_ZH = {"title": "标题", "statistics period": "统计期限", "date line": "成文日期"}


def _choice(st: ReportStructure) -> tuple[str, Message] | None:
    """The profile for this report and why, in both languages."""
    if not _is_annual_report(st):
        return None
    if st.expected_reason.startswith("report year"):
        edition = st.expected_edition
        reason = Message(
            zh=f"报告年度为{st.year}年（据{_SOURCE_ZH.get(st.year_source, st.year_source)}），适用{edition}年版格式",
            en=f"the report year is {st.year} (from the {st.year_source}): the {edition} format applies",
        )
    elif st.table_edition is not None:
        edition = st.table_edition
        reason = Message(
            zh=f"未找到报告年度；表格属于{edition}年版格式",
            en=f"no report year found; the tables follow the {edition} format",
        )
    else:
        return None
    return PROFILE_BY_EDITION[str(edition)], reason


@hookimpl
def checker_select_profile(document: Document, available: list[str]):
    st = _structure(document)
    choice = _choice(st)
    if choice is None or choice[0] not in available:
        return None
    return choice


@hookimpl
def checker_document_metadata(document: Document, profile: str):
    st = _structure(document)
    if not _is_annual_report(st) and profile not in PROFILE_NAMES:
        return None
    choice = _choice(st)
    edition = next((ed for ed, name in PROFILE_BY_EDITION.items() if name == profile), None)
    if edition is not None and choice is not None and choice[0] == profile:
        reason = choice[1]
    elif edition is not None:
        reason = Message(zh=f"规则集 {profile} 由用户指定", en=f"the profile {profile} was chosen explicitly")
    else:
        edition = st.expected_edition
        reason = choice[1] if choice else Message(zh="未能确定格式版本", en="edition not determined")
    return {
        "agency": st.agency or None,
        "year": st.year,
        "agency_kind": st.agency_kind,
        "edition": edition,
        "edition_reason": reason.en,
        "edition_reason_zh": reason.zh,
        "table_edition": st.table_edition,
    }
