"""What every rule reading a report through a profile shares: the structure, message helpers, severities from options."""

from __future__ import annotations

from typing import Any, Mapping

from checker import Message, Rule
from checker.findings import Severity

from .structure import ReportStructure, analyse

def numeral(n: int) -> str:
    """A section's number as a heading writes it (``七`` for 7): the one numeral writer."""
    from .cnnum import to_chinese

    return to_chinese(n)


def section_zh(n: int) -> str:
    """``第七部分``: a section named the way drafters and the formats name it."""
    return f"第{numeral(n)}部分"


class ReportRule(Rule):
    """Base of the rules that interpret a report profile's data (not registered itself)."""

    requires_profile = True  # they interpret the profile's data

    def structure(self, doc: Any, ctx: Any) -> ReportStructure:
        return analyse(doc, ctx)


def severity_option(options: Mapping[str, Any], key: str, default: Severity) -> Severity | None:
    """An option naming a severity; ``off``/``ignore``/``none`` switch the check off (None)."""
    raw = options.get(key, default.value if default else None)
    if raw is None or str(raw).lower() in ("off", "ignore", "none", "false"):
        return None
    return Severity(str(raw).lower())


def edition_name(st: ReportStructure, edition: str | None, lang: str) -> str:
    ed = st.editions.get(edition or "") or {}
    name = (ed.get("name") or {}).get(lang)
    if name:
        return str(name)
    if not edition:  # a report type with one layout
        return "格式" if lang == "zh" else "the format"
    return f"{edition}年版格式" if lang == "zh" else f"{edition} format"


def join_zh(items: list[str], limit: int = 12) -> str:
    shown = items[:limit]
    more = f"等{len(items)}处" if len(items) > limit else ""
    return "、".join(shown) + more


def join_en(items: list[str], limit: int = 12) -> str:
    shown = items[:limit]
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    return ", ".join(shown) + more


def msg(zh: str, en: str) -> Message:
    return Message(zh=zh, en=en)


def table_name(role: str, data: Mapping[str, Any]) -> tuple[str, str]:
    """A table's name for people, from the profile (``data.table_names``), else its role."""
    name = (data.get("table_names") or {}).get(role) or {}
    return str(name.get("zh") or f"表{role}"), str(name.get("en") or f"table {role}")
