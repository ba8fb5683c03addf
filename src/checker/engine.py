"""The engine: read a document once, choose a profile, run the selected rules.

``Engine`` is built once per process from picklable :class:`Settings` (a batch
worker builds its own) and checks one input at a time. It never raises for a bad
input or a crashing rule: an unreadable file becomes a result with an ``input``
finding, a rule that raises becomes a finding for that rule, and the other rules
still run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Mapping

from .errors import ConfigError, InputError
from .findings import (Category, FileResult, Finding, Location, Message, Severity, TableCell, TableSnapshot,
                       name_table, sort_key)
from .model import Document
from .profiles import Profile, load_profile
from .reader.package import DEFAULT_LIMITS, Limits
from .registry import Registry, build_registry
from .rules import PairRule, Problem, Rule, RuleContext, iter_selected, make_finding, rule_setting

INPUT_CODE = "CHK001"
INPUT_RULE = "unreadable-input"
NO_PROFILE_CODE = "CHK002"
NO_PROFILE_RULE = "no-profile"
OUT_OF_SCOPE_CODE = "CHK003"
OUT_OF_SCOPE_RULE = "out-of-scope"
ENGINE_CODES = (INPUT_CODE, NO_PROFILE_CODE, OUT_OF_SCOPE_CODE)


@dataclass(frozen=True)
class Settings:
    """Everything that decides a run; plain values so workers can receive it."""

    profile: str | None = None  # name or YAML path; None = let plugins choose
    select: tuple[str, ...] = ()  # replaces the profile's selection when given
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    plugins: tuple[str, ...] = ()  # local plugin files or folders
    limits: Limits = DEFAULT_LIMITS
    default_profile: str | None = None  # when no plugin chooses
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # extra per-code options
    #: Bodies whose kind the user knows (a round's roster): (name, aliases, kind). A report
    #: matched to one for certain takes that kind (``metadata["agency_kind"]``, which sets
    #: its deadline) over the kind its name suggests.
    bodies: tuple[tuple[str, tuple[str, ...], str], ...] = ()


def input_finding(reason: "str | Message", path: str) -> Finding:
    """The finding of an unreadable input; an English-only ``reason`` gets its Chinese
    from :func:`checker.reasons.bilingual_reason` (the English kept in brackets)."""
    from .reasons import bilingual_reason, unreadable_message

    return Finding(
        code=INPUT_CODE,
        rule=INPUT_RULE,
        category=Category.INPUT,
        severity=Severity.ERROR,
        message=unreadable_message(bilingual_reason(reason) if isinstance(reason, str) else reason),
        location=Location(excerpt=os.path.basename(path)),
    )


#: Bounds of a table snapshot (a report table is at most about 30 x 15).
SNAPSHOT_MAX_ROWS, SNAPSHOT_MAX_COLS, SNAPSHOT_MAX_TEXT = 80, 40, 200


def table_snapshots(doc: Document, findings: Iterable[Finding], summaries: Iterable[Any] = ()) -> tuple[TableSnapshot, ...]:
    """Compact grids of the top-level tables that findings point at (for the HTML report),
    and of those a cross-year rule's summary says its findings may point at
    (``summary.tables``: a comparison comes after the document is gone)."""
    wanted = sorted({f.location.table for f in findings if f.location.table}
                    | {t for s in summaries for t in (getattr(s, "tables", None) or ()) if isinstance(t, int)})
    if not wanted:
        return ()
    by_index = {t.index: t for t in doc.tables}
    out = []
    for index in wanted:
        table = by_index.get(index)
        if table is None:
            continue
        n_rows, n_cols = min(table.n_rows, SNAPSHOT_MAX_ROWS), min(table.n_cols, SNAPSHOT_MAX_COLS)
        cells = tuple(
            TableCell(
                row=c.row + 1, column=c.col + 1, text=c.text[:SNAPSHOT_MAX_TEXT],
                row_span=min(c.row_span, n_rows - c.row), col_span=min(c.col_span, n_cols - c.col),
            )
            for c in table.cells()
            if c.row < n_rows and c.col < n_cols
        )
        out.append(TableSnapshot(index=index, n_rows=n_rows, n_cols=n_cols, cells=cells))
    return tuple(out)


def no_profile_finding() -> Finding:
    """Said when no profile applies: the document was not recognised as a known report."""
    return Finding(
        code=NO_PROFILE_CODE,
        rule=NO_PROFILE_RULE,
        category=Category.INPUT,
        severity=Severity.INFO,  # informs; the verdict stays that of the generic rules
        message=Message(
            zh="未识别为任何已知的报告类型，只运行了通用规则；如确为某类报告，请用 --profile 指定规则集",
            en="not recognised as any known report type; only generic rules ran; if it is such a report, "
            "name the profile with --profile",
        ),
    )


def out_of_scope_finding(profile: str, reason: Message) -> Finding:
    """Said once when a plugin finds the document outside its profile's scope: not judged."""
    return Finding(
        code=OUT_OF_SCOPE_CODE,
        rule=OUT_OF_SCOPE_RULE,
        category=Category.INPUT,
        severity=Severity.INFO,
        message=Message(
            zh=f"不在规则集 {profile} 的适用范围内，未按其规则检查：{reason.zh}",
            en=f"outside the scope of the profile {profile}, so not judged by its rules: {reason.en}",
        ),
    )


def error_result(path: str, reason: "str | Message") -> FileResult:
    """The result of an input that could not be read: verdict ``error``; ``error`` keeps
    the English reason (the JSON contract), the finding both languages."""
    return FileResult(path=path, findings=(input_finding(reason, path),),
                      error=reason if isinstance(reason, str) else reason.en)


class Engine:
    def __init__(self, settings: Settings = Settings(), pm=None):
        from .plugins import get_plugin_manager

        self.settings = settings
        self.pm = pm if pm is not None else get_plugin_manager(settings.plugins)
        self.registry: Registry = build_registry(self.pm)
        self._profiles: dict[str, Profile] = {}
        #: Settings.bodies as a roster to match against, made on first use (see _known_kind)
        self._roster: tuple[tuple, Any] | None = None
        if settings.profile:
            self.profile(settings.profile)  # fail early on a bad profile

    # profiles ---------------------------------------------------------------
    def profile(self, name: str) -> Profile:
        if name not in self._profiles:
            self._profiles[name] = load_profile(name, self.registry.profiles)
        return self._profiles[name]

    def choose_profile(self, doc: Document, memo: dict[str, Any] | None = None) -> tuple[Profile | None, Message | str]:
        if self.settings.profile:
            return self.profile(self.settings.profile), Message(
                zh="规则集由命令行或配置文件指定", en="chosen on the command line or in the configuration"
            )
        chosen = self.pm.hook.checker_select_profile(
            document=doc, available=sorted(self.registry.profiles), profiles=_Catalogue(self), memo={} if memo is None else memo
        )
        if chosen:
            name, reason = chosen
            return self.profile(name), reason
        if self.settings.default_profile:
            return self.profile(self.settings.default_profile), Message(
                zh="使用配置的默认规则集", en="the configured default profile"
            )
        return None, Message(zh="没有适用于本文档的规则集", en="no profile matched this document")

    def selected_rules(self, profile: Profile | None) -> list[type[Rule]]:
        s = self.settings
        select = list(s.select) if s.select else list(profile.select if profile else ("ALL",))
        select += list(s.extend_select)
        # As in ruff, an explicit ``select`` replaces the profile's whole selection, its
        # ``ignore`` included: ``--select AR401`` runs AR401 even if the profile ignores it.
        ignore = list(profile.ignore if profile and not s.select else ()) + list(s.ignore)
        return list(iter_selected(self.registry.rules.values(), select, ignore, self.registry.redirects))

    # checking ---------------------------------------------------------------
    def check_path(
        self, path: str | os.PathLike, name: str | None = None, previous: "Document | FileResult | None" = None
    ) -> FileResult:
        label = name or os.fspath(path)
        return self._check_source(path, label, previous)

    def check_bytes(self, data: bytes, name: str, previous: "Document | FileResult | None" = None) -> FileResult:
        return self._check_source(data, name, previous)

    def read(self, source: Any, label: str) -> Document:
        """Read a document or raise :class:`InputError` (also for pathological nesting)."""
        from .reader import load_document

        try:
            return load_document(source, name=label, limits=self.settings.limits)
        except (RecursionError, MemoryError) as exc:
            raise InputError(label, Message(
                zh=f"文档结构过于复杂，无法读取（{type(exc).__name__}）",
                en=f"document too complex to read ({type(exc).__name__})")) from None

    def _check_source(self, source: Any, label: str, previous: "Document | FileResult | None") -> FileResult:
        try:
            doc = self.read(source, label)
        except InputError as exc:
            return error_result(label, exc.reason_message)
        return self.check_document(doc, previous)

    def check_document(self, doc: Document, previous: "Document | FileResult | None" = None) -> FileResult:
        """Check ``doc``; with ``previous`` (last year's report, as a Document or as the
        result of its own check), also compare the two (:meth:`compare`)."""
        result = self._examine(doc)
        if previous is not None:
            earlier = self.summarise_document(previous) if isinstance(previous, Document) else previous
            result = self.compare(result, earlier)
        return result

    def summarise_document(self, doc: Document) -> FileResult:
        """What the cross-year rules keep of ``doc`` as an earlier report (its profile,
        metadata and :attr:`FileResult.summaries`), without judging it: ``--previous``."""
        return self._examine(doc, pairs_only=True)

    def _examine(self, doc: Document, pairs_only: bool = False) -> FileResult:
        memo: dict[str, Any] = {}  # one per document: the hooks' work is the rules' ctx.memo
        profile, reason = self.choose_profile(doc, memo)
        if isinstance(reason, Message):  # a plugin may explain its choice in both languages
            metadata: dict[str, Any] = {"profile_reason": reason.en, "profile_reason_zh": reason.zh}
        else:
            metadata = {"profile_reason": reason}
        # pluggy returns results newest plugin first; merge oldest first so that a later
        # plugin (a local one over a built-in) wins on the same key, as the hookspec says.
        for extra in reversed(self.pm.hook.checker_document_metadata(
            document=doc, profile=profile.name if profile else "", profile_data=profile.data if profile else {}, memo=memo,
        )):
            if extra:
                metadata.update(extra)
        out_of_scope = metadata.pop("out_of_scope", None)
        if self.settings.bodies:
            self._known_kind(metadata, doc.path)
        rules = self.selected_rules(profile)
        if profile is not None and isinstance(out_of_scope, Message):
            rules = [r for r in rules if not r.requires_profile]  # said once, not judged
        if pairs_only:
            rules = [r for r in rules if issubclass(r, PairRule)]
        summaries: dict[str, Any] = {}
        findings = list(self._run_rules(doc, rules, profile, metadata, memo, summaries))
        if pairs_only:
            findings = []  # an earlier report is compared with, not judged
        else:
            if profile is None and any(r.requires_profile for r in rules):
                findings.append(no_profile_finding())  # say why those rules did not run
            if profile is not None and isinstance(out_of_scope, Message):
                findings.append(out_of_scope_finding(profile.name, out_of_scope))
        if profile is not None and isinstance(out_of_scope, Message):
            metadata["out_of_scope"] = out_of_scope.en
            metadata["out_of_scope_zh"] = out_of_scope.zh
        names = metadata.get("table_names")
        if names:  # the format's names of the tables, for the findings of rules that know no format
            findings = [replace(f, location=name_table(f.location, names)) if f.location.table else f
                        for f in findings]
        findings.sort(key=sort_key)
        return FileResult(
            path=doc.path,
            findings=tuple(findings),
            profile=profile.name if profile else None,
            metadata=metadata,
            tables=() if pairs_only else table_snapshots(doc, findings, summaries.values()),
            summaries=summaries,
        )

    def _known_kind(self, metadata: dict[str, Any], path: str) -> None:
        """The kind the user gave the report's body (``Settings.bodies``), when the report
        matches one body for certain; the one matcher of a round's roster decides."""
        from .round.roster import Body, Roster

        bodies = self.settings.bodies
        if self._roster is None or self._roster[0] is not bodies:  # settings may be replaced (commands/check.py)
            self._roster = (bodies, Roster(path="", bodies=tuple(
                Body(name=name, aliases=tuple(aliases), kind=kind) for name, aliases, kind in bodies)))
        roster = self._roster[1]
        agency = metadata.get("agency")
        match = roster.match(agency if isinstance(agency, str) else None, path)
        if match.body is not None and match.body.kind and match.uncertain is None:
            metadata["agency_kind"] = match.body.kind
            metadata["agency_kind_source"] = "roster"

    def compare(self, later: FileResult, earlier: FileResult) -> FileResult:
        """``later`` with the findings of the cross-year rules (:class:`PairRule`) that compare
        it with ``earlier``, the same body's report of the year before, from the summaries
        each kept when it was checked: neither document is read again."""
        if later.error is not None or not later.summaries:
            return later
        profile = self.profile(later.profile) if later.profile else None
        found: list[Finding] = []
        for rule_cls in self.selected_rules(profile):
            if rule_cls.code not in later.summaries or not issubclass(rule_cls, PairRule):
                continue
            options, severity, override = self._rule_settings(rule_cls, profile)
            ctx = RuleContext(options=options, profile_data=profile.data if profile else {},
                              profile_name=profile.name if profile else "",
                              metadata=dict(later.metadata), previous_metadata=dict(earlier.metadata))
            try:
                last = earlier.summaries.get(rule_cls.code) if earlier.error is None else None
                problems = list(rule_cls().compare(later.summaries[rule_cls.code], last, ctx) or ())
            except MemoryError:
                raise
            except Exception as exc:  # a crashing rule must not stop the others
                found.append(self._crash_finding(rule_cls, exc))
                continue
            found.extend(self._finding(rule_cls, p, severity, override) for p in problems)
        metadata = {**later.metadata, "previous": earlier.path}
        return replace(later, findings=tuple(sorted(later.findings + tuple(found), key=sort_key)), metadata=metadata)

    def _rule_settings(self, rule_cls: type[Rule], profile: Profile | None) -> tuple[dict[str, Any], Severity, Severity | None]:
        """A rule's options (its defaults, the profile's, the configuration's), its default
        severity, and the profile's severity override (None: none)."""
        options = dict(rule_cls.default_options)
        if profile:
            options.update(rule_setting(profile.options, rule_cls) or {})
        options.update(rule_setting(self.settings.options, rule_cls) or {})
        override = rule_setting(profile.severity, rule_cls) if profile else None
        return options, rule_cls.default_severity, override

    @staticmethod
    def _finding(rule_cls: type[Rule], problem: Problem, severity: Severity, override: Severity | None) -> Finding:
        finding = make_finding(rule_cls, problem, override or severity)
        return finding.with_severity(override) if override is not None else finding

    def _run_rules(
        self,
        doc: Document,
        rules: Iterable[type[Rule]],
        profile: Profile | None,
        metadata: dict[str, Any],
        memo: dict[str, Any] | None = None,
        summaries: dict[str, Any] | None = None,
    ) -> Iterable[Finding]:
        """Each rule's findings; a :class:`PairRule` instead leaves its summary of ``doc``
        in ``summaries`` (by code) for a later :meth:`compare`."""
        shared: dict[str, Any] = {} if memo is None else memo
        for rule_cls in rules:
            if profile is None and rule_cls.requires_profile:
                continue  # no report type recognised: nothing to interpret its data against
            options, severity, override = self._rule_settings(rule_cls, profile)
            ctx = RuleContext(
                options=options,
                profile_data=profile.data if profile else {},
                profile_name=profile.name if profile else "",
                shared=shared,
                metadata=metadata,
            )
            try:
                if issubclass(rule_cls, PairRule):
                    summary = rule_cls().summarise(doc, ctx)
                    if summary is not None and summaries is not None:
                        summaries[rule_cls.code] = summary
                    continue
                problems = list(rule_cls().check(doc, ctx) or ())
            except MemoryError:  # the process's memory ceiling (batch/resources.py): the file's result, not a rule's
                raise
            except Exception as exc:  # a crashing rule must not stop the others
                yield self._crash_finding(rule_cls, exc)
                continue
            for problem in problems:
                yield self._finding(rule_cls, problem, severity, override)

    @staticmethod
    def _crash_finding(rule_cls: type[Rule], exc: Exception) -> Finding:
        import traceback  # only when a rule crashed (~3 ms to import)

        frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        where = f" at {os.path.basename(frame.filename)}:{frame.lineno}" if frame else ""
        text = f"{type(exc).__name__}: {exc}{where}"
        return Finding(
            code=rule_cls.code,
            rule=rule_cls.name,
            category=rule_cls.category,
            severity=Severity.ERROR,
            message=Message(zh=f"规则运行出错（{text}），本规则的检查未完成", en=f"the rule crashed ({text}); its check is incomplete"),
        )


class _Catalogue(Mapping[str, Profile]):
    """The registered profiles by name, each loaded on first access (for profile selection)."""

    def __init__(self, engine: "Engine") -> None:
        self._engine = engine

    def __getitem__(self, name: str) -> Profile:
        if name not in self._engine.registry.profiles:
            raise KeyError(name)
        return self._engine.profile(name)

    def __iter__(self):
        return iter(sorted(self._engine.registry.profiles))

    def __len__(self) -> int:
        return len(self._engine.registry.profiles)


def unknown_selector(codes: Iterable[str], registry: Registry) -> str | None:
    """The first selector that matches no known rule (case-insensitive), or None."""
    # CHK001, CHK0 and CHK all name engine codes; old codes still select what they became
    known = [c.upper() for c in (*registry.rules, *ENGINE_CODES, *registry.redirects)]
    for sel in codes:
        up = sel.strip().upper()
        if up != "ALL" and not any(code.startswith(up) for code in known):
            return sel
    return None


def validate_selectors(codes: Iterable[str], registry: Registry) -> None:
    """Refuse a selector that matches no known rule, as ruff does."""
    bad = unknown_selector(codes, registry)
    if bad is not None:
        raise ConfigError(Message(zh=f"未知的规则代码或前缀 {bad!r}（所有规则见 checker rules）",
                                  en=f"unknown rule code or prefix {bad!r} (see `checker rules` for every code)"))
