"""A round's history from the store: per body, its submissions and what changed between them.

For each submission after the first of the same body and year (from an earlier run),
the findings of the previous submission are compared by fingerprint
(:mod:`checker.fingerprint`): *fixed* (gone), *still open* (in both) and *new*.
"""

from __future__ import annotations

from typing import Any

from ..findings import Message
from .store import Since, Store

_L = {
    "zh": {"fixed": "已改正", "still_open": "仍未改正", "new": "新增", "none": "存储中还没有记录。",
           "pass": "通过", "warn": "有警告", "fail": "不通过", "error": "无法读取", "year": "{y} 年度",
           "counts": "错误 {e}，警告 {w}，提示 {i}", "unfinished": "（该次运行未完成）"},
    "en": {"fixed": "fixed", "still_open": "still open", "new": "new", "none": "Nothing stored yet.",
           "pass": "PASS", "warn": "WARN", "fail": "FAIL", "error": "ERROR", "year": "{y}",
           "counts": "{e} error(s), {w} warning(s), {i} info", "unfinished": " (run did not finish)"},
}


def _diff(store: Store, prev: dict[str, Any], cur: dict[str, Any]) -> dict[str, Any]:
    before = {f["fingerprint"]: f for f in store.findings_of(prev["id"])}
    after = {f["fingerprint"]: f for f in store.findings_of(cur["id"])}

    def brief(f: dict[str, Any]) -> dict[str, Any]:
        return {"code": f["code"], "severity": f["severity"], "message": f["message"], "fingerprint": f["fingerprint"]}

    same = bool(prev["sha256"]) and prev["sha256"] == cur["sha256"]
    return {
        "previous": {"id": prev["id"], "date": prev["recorded_at"], "path": prev["path"]},
        "same_file": same,
        "fixed": [brief(f) for k, f in before.items() if k not in after],
        "still_open": [brief(f) for k, f in after.items() if k in before],
        "new": [brief(f) for k, f in after.items() if k not in before],
    }


def build_history(store: Store, body: str | None = None, year: int | None = None) -> list[dict[str, Any]]:
    """Per body (in the order first seen), per year, its submissions oldest first, each with
    ``changes`` against the previous submission of an earlier run (None for the first)."""
    from .roster import normalise_agency

    key = (normalise_agency(body) or body) if body else None
    groups: dict[tuple[str, Any], dict[str, Any]] = {}
    for f in store.files(key, year):
        g = groups.setdefault((f["body_key"], f["year"]), {"body": f["body"], "year": f["year"], "submissions": []})
        g["body"] = f["body"]  # the latest spelling
        earlier = [s for s in g["submissions"] if s["run_id"] < f["run_id"]]
        sub = {k: f[k] for k in ("id", "run_id", "recorded_at", "path", "size", "sha256", "agency", "profile",
                                  "verdict", "converted")}
        sub["counts"] = {"error": f["errors"], "warning": f["warnings"], "info": f["info"]}
        sub["run_unfinished"] = bool(f["run_unfinished"])
        sub["changes"] = _diff(store, earlier[-1], f) if earlier else None
        g["submissions"].append(sub)
    return list(groups.values())


def since_message(changes: dict[str, Any]) -> Message:
    """The same one line as the batch reports show (:meth:`Since.message`)."""
    prev = changes["previous"]
    return Since(prev["date"], prev["path"], len(changes["fixed"]), len(changes["still_open"]), len(changes["new"]),
                 same_file=changes["same_file"]).message()


def render_text(history: list[dict[str, Any]], lang: str) -> str:
    L = _L[lang]
    if not history:
        return L["none"] + "\n"
    lines: list[str] = []
    for g in history:
        year = L["year"].format(y=g["year"]) if g["year"] else "-"
        lines.append(f"{g['body']}  {year}")
        for s in g["submissions"]:
            c = s["counts"]
            unfinished = L["unfinished"] if s["run_unfinished"] else ""
            lines.append(f"  {s['recorded_at'][:10]}  {L[s['verdict']]}  "
                         f"{L['counts'].format(e=c['error'], w=c['warning'], i=c['info'])}  {s['path']}{unfinished}")
            ch = s["changes"]
            if ch is None:
                continue
            lines.append(f"      {since_message(ch).get(lang)}")
            for kind in ("fixed", "still_open", "new"):
                for f in ch[kind]:
                    lines.append(f"        {L[kind]}: {f['code']} {f['message'][lang]}")
        lines.append("")
    return "\n".join(lines)
