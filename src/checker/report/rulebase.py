"""What every rule reading a report through a profile shares: the structure, message helpers, severities from options."""

from __future__ import annotations

from typing import Any, Mapping

from checker import Message, Rule
from checker.findings import Severity

from .structure import ReportStructure, analyse

NUMERALS = "一二三四五六"


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


TABLE_NAMES = {
    "T2": ("第二部分“主动公开政府信息情况”表", "the table of section 2 (proactive disclosure)"),
    "T3": ("第三部分“收到和处理政府信息公开申请情况”表", "the table of section 3 (applications received and handled)"),
    "T4": ("第四部分“政府信息公开行政复议、行政诉讼情况”表", "the table of section 4 (reviews and lawsuits)"),
}


def table_name(role: str) -> tuple[str, str]:
    return TABLE_NAMES.get(role, (f"表{role}", f"table {role}"))
