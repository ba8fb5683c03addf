"""Which report type, and which edition of it, a document is: from the profiles' data alone.

A profile takes part in the choice when its ``data.recognise`` says so (``candidate``,
true unless set false: an abstract parent such as a report type's common profile sets it
false and its editions set it true again). Candidates are grouped by
``recognise.family``; each family reads the document once, against its own data, and
is *recognised* when the title carries its phrase (or a near miss), or at least
``recognise.min_sections`` of its sections are found, or one of its tables is. The
family with the strongest evidence wins; within it, the edition comes from the report
year (``data.editions.<ed>.first_year``/``last_year``), else from the edition the tables
follow. Nothing here names a report type.
"""

from __future__ import annotations

import re

from typing import Any, Mapping

from checker import Message
from checker.model import Document, Paragraph
from checker.report.agency import agency_key
from checker.report.evidence import SOURCE_NAMES
from checker.report.structure import ReportStructure, build, layouts
from checker.text import remove_spaces, squash_spaces

CHOICE_KEY = "checker_report.choice"  # memo: the recognised family's structure and candidates

_SOURCE_ZH = {k: v[0] for k, v in SOURCE_NAMES.items()}


def _candidates(available: list[str], profiles: Mapping[str, Any]) -> dict[str, list[tuple[str, Mapping[str, Any]]]]:
    families: dict[str, list[tuple[str, Mapping[str, Any]]]] = {}
    for name in available:
        data = profiles[name].data
        rec = data.get("recognise")
        if not isinstance(rec, Mapping) or rec.get("candidate") is False:
            continue
        families.setdefault(str(rec.get("family") or name), []).append((name, data))
    return families


def _auto(data: Mapping[str, Any]) -> dict[str, Any]:
    """The family's data with the edition left to the document (how it reads any member)."""
    return {**data, "edition": "auto"} if data.get("editions") else dict(data)


EXCLUDED_KEY = "checker_report.excluded"  # memo: a document of another kind sharing the words


def excluded_by(st: ReportStructure) -> str:
    """The ``data.recognise.exclude`` pattern the report's opening matches (a university's
    信息公开年度报告 under 《高等学校信息公开办法》, an enterprise's): a report of another kind
    that shares the words. Empty when none does."""
    patterns = [str(x) for x in (st.data.get("recognise") or {}).get("exclude") or []]
    if not patterns:
        return ""
    limit = min((s.position for s in st.headings_in_order), default=len(st.doc.blocks))
    paras = [b for b in st.doc.blocks[:limit] if isinstance(b, Paragraph) and squash_spaces(b.text)][:6]
    text = "".join(remove_spaces(p.text) for p in paras) + remove_spaces(st.doc.properties.title or "")
    return next((p for p in patterns if re.search(p, text)), "")


def evidence(st: ReportStructure) -> float:
    """How strongly the document is of the family ``st`` was read against (0: not at all)."""
    rec = st.data.get("recognise") or {}
    if excluded_by(st):
        return 0.0
    title = st.title is not None and (st.title.phrase_found or bool(st.title.near_miss))
    sections = len(st.sections) + len(st.passages)
    tables = len(st.tables) if layouts(st.data) else 0
    if not (title or sections >= int(rec.get("min_sections") or 3) or tables):
        return 0.0
    return (10.0 if title and st.title.phrase_found else 5.0 if title else 0.0) + sections + 2.0 * tables


def _most_evidence(data: Mapping[str, Any]) -> float:
    """The most :func:`evidence` a document could give for the family of ``data``."""
    tables = sum(len((ed or {}).get("tables") or {}) for ed in layouts(data).values())
    return 10.0 + len(data.get("sections") or []) + 2.0 * tables


def recognised(document: Document, available: list[str], profiles: Mapping[str, Any], memo: dict[str, Any]):
    """The best family as ``(structure, members)``, or None; computed once per document.

    Families are read in the order of the most evidence they could give; a family that
    could not beat the best found so far is not read at all (the choice is the same, and a
    typical report is read against its own family only).
    """
    if CHOICE_KEY in memo:
        return memo[CHOICE_KEY]
    best: tuple[float, ReportStructure, list] | None = None
    families = [(_auto(m[0][1]), m) for m in _candidates(available, profiles).values()]
    families.sort(key=lambda f: -_most_evidence(f[0]))
    for data, members in families:
        if best is not None and _most_evidence(data) <= best[0]:
            break
        st = build(document, data, memo)
        score = evidence(st)
        if score == 0 and excluded_by(st):
            memo.setdefault(EXCLUDED_KEY, st)  # not this type, but its year and agency still read
        if score > 0 and (best is None or score > best[0]):
            best = (score, st, members)
    memo[CHOICE_KEY] = (best[1], best[2]) if best else None
    return memo[CHOICE_KEY]


def choice(st: ReportStructure, members: list[tuple[str, Mapping[str, Any]]]) -> tuple[str, Message] | None:
    """The member profile for the document and why, in both languages."""
    if not st.data.get("editions"):
        name, data = members[0]
        how_zh, how_en = ("标题", "title") if st.title is not None and (st.title.phrase_found or st.title.near_miss) else ("各部分", "sections")
        title = (data.get("recognise") or {}).get("name") or {}
        return name, Message(
            zh=f"据{how_zh}识别为{title.get('zh', name)}", en=f"recognised as {title.get('en', name)} by its {how_en}"
        )
    by_edition = edition_choice(st)
    if by_edition is None:
        return None
    name = next((n for n, d in members if str(d.get("edition")) == by_edition[0]), None)
    return (name, by_edition[1]) if name else None


def edition_choice(st: ReportStructure) -> tuple[str, Message] | None:
    """The edition the document calls for (its year, else its tables) and why."""
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
    return str(edition), reason


def metadata(st: ReportStructure, profile: str, profile_data: Mapping[str, Any]) -> dict[str, Any]:
    """Agency, year and agency kind; the edition and why, for a report type with editions."""
    out: dict[str, Any] = {
        "agency": st.agency or None,
        # the one normalised form (checker.report.agency.agency_key): what a batch pairs on
        "agency_key": agency_key(st.agency, profile_data) or None,
        "year": st.year,
        "agency_kind": st.agency_kind,
    }
    if st.year_sources:  # the evidence for the year: which source decided, and each one's year
        out["year_source"] = st.year_source
        out["year_sources"] = dict(st.year_sources)
    names = table_names(st) if profile_data else {}
    if names:  # how each located table is named, for the findings of rules that know no format
        out["table_names"] = names
    scope = profile_data.get("scope") or {}
    if st.year is not None and scope.get("first_year") and st.year < int(scope["first_year"]):
        first = int(scope["first_year"])
        out["out_of_scope"] = Message(
            zh=f"报告年度为{st.year}年，本类报告自{first}年度起按现行规定编写", en=f"the report is on {st.year}; "
            f"this report type follows the current rules from {first} on",
        )
    if not st.data.get("editions"):
        return out
    auto = edition_choice(st) if evidence(st) > 0 else None  # a document not of this type calls for no edition
    edition = profile_data.get("edition")
    edition = None if edition in (None, "auto") else str(edition)
    if edition is not None and auto is not None and auto[0] == edition:
        reason = auto[1]
    elif edition is not None:
        reason = Message(zh=f"规则集 {profile} 由用户指定", en=f"the profile {profile} was chosen explicitly")
    else:
        edition = st.expected_edition
        reason = auto[1] if auto else Message(zh="未能确定格式版本", en="edition not determined")
    out.update({
        "edition": edition,
        "edition_reason": reason.en,
        "edition_reason_zh": reason.zh,
        "table_edition": st.table_edition,
    })
    return out


def table_names(st: ReportStructure) -> dict[str, dict[str, Any]]:
    """Document table index → the format's name of it (``{zh: 表三, en: table 3,
    position_shown}``) for every table located as one of the format's
    (:meth:`ReportStructure.table_place`)."""
    out: dict[str, dict[str, Any]] = {}
    for role, located in st.tables.items():
        for table in located.tables:
            where = st.table_place(table, role)
            name = where.get("table_name")
            if name is not None:
                out[str(table.index)] = {"zh": name.zh, "en": name.en,
                                         "position_shown": bool(where.get("table_position_shown"))}
    return out


def structure_for(document: Document, profile_data: Mapping[str, Any], memo: dict[str, Any]) -> ReportStructure:
    """The document read against a profile's family data (edition left to the document)."""
    return build(document, _auto(profile_data), memo)
