"""The roster: which bodies an office expects a report from, and matching reports to them.

An office keeps its list in Excel; ``--roster FILE`` reads it saved as CSV (with a
header row; UTF-8 or the GB18030 that Excel on Chinese Windows writes) or as YAML.
Columns (English or Chinese headings):

``name`` (名称/单位/机关, required), ``aliases`` (别名/简称: short forms, separated by
``;``, ``；``, ``、`` or ``|``), ``kind`` (类型: ``department``/部门 or
``government``/政府, which sets the body's deadline), ``contact`` (联系人/联系方式:
carried through to the outputs).

A report is matched by the agency the checker found in it: exactly (after
normalisation) on the name or an alias is a sure match; a unique partial match (one
name inside the other), or one made from the file name when the report names no
agency, is a match *marked uncertain*, with the reason; two candidates or more are no
match, and the candidates are named, rather than a guess.
"""

from __future__ import annotations

import csv
import functools
import io
import os
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..errors import ConfigError
from ..findings import Message

KINDS = {"department": "department", "部门": "department", "dept": "department",
         "government": "government", "政府": "government", "gov": "government"}
_HEADINGS = {
    "name": "name", "名称": "name", "单位": "name", "单位名称": "name", "机关": "name", "机关名称": "name",
    "aliases": "aliases", "alias": "aliases", "别名": "aliases", "简称": "aliases",
    "kind": "kind", "类型": "kind", "type": "kind",
    "contact": "contact", "联系人": "contact", "联系方式": "contact",
}
_ALIAS_SPLIT = re.compile(r"[;；、|]")
#: Shorter keys than this never match partially (a body called 区 would match everything).
_MIN_PARTIAL = 3


def normalise_agency(name: str) -> str:
    """A key under which two spellings of one body's name compare equal:
    :func:`checker.report.agency.agency_key` (the one normaliser the 落款 and cross-year
    rules and the batch's pairing use too) with the short forms every registered report
    type declares (``data.agency.equivalents``: ``人民政府`` → ``政府``). A roster entry is
    read without a profile, so it takes them all."""
    from ..report.agency import agency_key

    return agency_key(name, registered_agency_data())


@functools.lru_cache(maxsize=1)
def registered_agency_data() -> dict[str, Any]:
    """``{"agency": {"equivalents": ...}}`` merged over the registered profiles (the shipped
    report types and any a plugin adds), read once per process."""
    from ..plugins import get_plugin_manager
    from ..profiles import load_profile
    from ..registry import build_registry

    equivalents: dict[str, str] = {}
    try:
        registry = build_registry(get_plugin_manager(()))
        for name in sorted(registry.profiles):
            data = load_profile(name, registry.profiles).data
            for full, short in (((data.get("agency") or {}).get("equivalents")) or {}).items():
                equivalents.setdefault(str(full), str(short))
    except Exception:  # a broken third-party profile: its report type's own checks say so
        pass
    return {"agency": {"equivalents": equivalents}}


@dataclass(frozen=True)
class Body:
    """One expected submitter."""

    name: str
    aliases: tuple[str, ...] = ()
    kind: str | None = None
    contact: str | None = None

    def keys(self) -> tuple[str, ...]:
        return tuple(k for k in dict.fromkeys(normalise_agency(n) for n in (self.name, *self.aliases)) if k)

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "aliases": list(self.aliases), "kind": self.kind, "contact": self.contact}


@dataclass(frozen=True)
class Match:
    """A report's roster entry, or None; ``uncertain`` says why it may be wrong."""

    body: Body | None
    uncertain: Message | None = None
    candidates: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Roster:
    path: str
    bodies: tuple[Body, ...]

    def known_kinds(self) -> tuple[tuple[str, tuple[str, ...], str], ...]:
        """The bodies whose kind the roster gives, as :attr:`checker.engine.Settings.bodies`
        takes them: a report matched to one for certain has that kind's deadline."""
        return tuple((b.name, b.aliases, b.kind) for b in self.bodies if b.kind)

    def match(self, agency: str | None, file_name: str = "") -> Match:
        """The roster entry of a report whose agency is ``agency`` (file name as a fallback)."""
        if agency and normalise_agency(agency):
            found = self._match_key(normalise_agency(agency), agency)
            if found.body is not None or found.candidates:
                return found
        stem = os.path.splitext(os.path.basename(file_name.rstrip("/\\")))[0]
        if stem and normalise_agency(stem):
            found = self._match_key(normalise_agency(stem), stem, by_file_name=True)
            if found.body is not None:
                why = Message(zh=f"按文件名“{stem}”对应到名单中的“{found.body.name}”，报告中未识别出机关名称或与名单不符",
                              en=f"matched to “{found.body.name}” by the file name “{stem}”: the report names no "
                                 "agency the roster knows")
                return Match(found.body, why)
            return found
        return Match(None)

    def _match_key(self, key: str, shown: str, by_file_name: bool = False) -> Match:
        exact = [b for b in self.bodies if key in b.keys()]
        if len(exact) == 1:
            if by_file_name:
                return Match(exact[0], Message(zh="", en=""))
            return Match(exact[0])
        if len(exact) > 1:
            return self._ambiguous(shown, exact)
        partial = [b for b in self.bodies
                   if any(len(k) >= _MIN_PARTIAL and len(key) >= _MIN_PARTIAL and (k in key or key in k) for k in b.keys())]
        if len(partial) == 1:
            body = partial[0]
            return Match(body, Message(
                zh=f"“{shown}”与名单中的“{body.name}”只是部分相同，请核对",
                en=f"“{shown}” only partly matches “{body.name}” on the roster; please confirm"))
        if len(partial) > 1:
            return self._ambiguous(shown, partial)
        return Match(None)

    @staticmethod
    def _ambiguous(shown: str, bodies: list[Body]) -> Match:
        names = tuple(b.name for b in bodies)
        return Match(None, Message(zh=f"“{shown}”可能是名单中的：{'、'.join(names)}，无法确定，未对应",
                                   en=f"“{shown}” could be any of {', '.join(names)} on the roster; not matched"),
                     names)


def _kind(value: Any, where: str) -> str | None:
    if value is None or str(value).strip() == "":
        return None
    kind = KINDS.get(str(value).strip().lower())
    if kind is None:
        raise ConfigError(f"{where}: kind must be department (部门) or government (政府), not {value!r}")
    return kind


def _aliases(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items: Iterable[Any] = value if isinstance(value, (list, tuple)) else _ALIAS_SPLIT.split(str(value))
    return tuple(s for s in (str(x).strip() for x in items) if s)


def _body(raw: dict[str, Any], where: str) -> Body:
    name = str(raw.get("name") or "").strip()
    if not name:
        raise ConfigError(f"{where}: a body needs a name")
    contact = raw.get("contact")
    return Body(name=name, aliases=_aliases(raw.get("aliases")), kind=_kind(raw.get("kind"), where),
                contact=str(contact).strip() or None if contact is not None else None)


def _read_text(path: str) -> str:
    try:
        data = open(path, "rb").read()
    except OSError as exc:
        raise ConfigError(f"--roster {path}: cannot read: {exc.strerror or exc}") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ConfigError(f"--roster {path}: not UTF-8 or GB18030 text")


def _from_csv(path: str, text: str) -> list[Body]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise ConfigError(f"--roster {path}: empty file")
    columns = {h: _HEADINGS.get((h or "").strip().lower()) for h in reader.fieldnames}
    if "name" not in columns.values():
        raise ConfigError(f"--roster {path}: no name column (the header row needs name or 名称)")
    out = []
    for line, row in enumerate(reader, 2):
        raw = {columns[h]: v for h, v in row.items() if columns.get(h)}
        if not any((v or "").strip() for v in raw.values() if isinstance(v, str)):
            continue  # a blank line
        out.append(_body(raw, f"--roster {path} line {line}"))
    return out


def _from_yaml(path: str, text: str) -> list[Body]:
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"--roster {path}: not valid YAML: {' '.join(str(exc).split())}") from None
    if isinstance(data, dict):
        data = data.get("bodies")
    if not isinstance(data, list):
        raise ConfigError(f"--roster {path}: a YAML roster is a list of bodies (or a mapping with `bodies:`)")
    out = []
    for n, entry in enumerate(data, 1):
        where = f"--roster {path} entry {n}"
        if isinstance(entry, str):
            entry = {"name": entry}
        if not isinstance(entry, dict):
            raise ConfigError(f"{where}: a body is a name or a mapping with name, aliases, kind, contact")
        raw = {_HEADINGS.get(str(k).lower(), str(k)): v for k, v in entry.items()}
        unknown = set(raw) - {"name", "aliases", "kind", "contact"}
        if unknown:
            raise ConfigError(f"{where}: unknown key {sorted(unknown)[0]!r} (known: name, aliases, kind, contact)")
        out.append(_body(raw, where))
    return out


def load_roster(path: str) -> Roster:
    """Read a roster (CSV with a header, or YAML); :class:`ConfigError` with one line naming the file."""
    if not os.path.isfile(path):
        raise ConfigError(f"--roster {path}: no such file")
    text = _read_text(path)
    yaml_file = path.lower().endswith((".yaml", ".yml"))
    bodies = _from_yaml(path, text) if yaml_file else _from_csv(path, text)
    if not bodies:
        raise ConfigError(f"--roster {path}: no body listed")
    seen: dict[str, str] = {}
    for b in bodies:
        for k in b.keys():
            if k in seen and seen[k] != b.name:
                raise ConfigError(f"--roster {path}: “{b.name}” and “{seen[k]}” share the name or alias {k!r}")
            seen[k] = b.name
    return Roster(path=path, bodies=tuple(bodies))
