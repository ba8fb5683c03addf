"""Hook specifications: the reference for plugin authors.

Every hook is prefixed ``checker_``. A plugin is any module or object with functions
marked ``@checker.hookimpl`` and named after these specs; it reaches the host through
the ``checker`` entry-point group (built-in packs use the same door), through
``--plugin PATH`` (a local file or folder, no packaging needed), or through
``plugins:`` in the configuration.

Phases, in the order the host calls them:

1. Discovery: :func:`checker_rules`, :func:`checker_profiles`,
   :func:`checker_output_formats` are collected once per run.
2. Per document: :func:`checker_select_profile` (first result wins) when the user
   named no profile, then :func:`checker_document_metadata` (every result merged).
3. The host then runs the selected rules; rules are classes, not hooks.
4. On demand: :func:`checker_write_template` for ``checker template`` (first result wins).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:  # pragma: no cover
    from importlib.resources.abc import Traversable

    from typing import Mapping

    from .findings import Message
    from .model import Document
    from .profiles import Profile
    from .rules import Rule

PROJECT = "checker"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def checker_rules() -> "list[type[Rule]]":
    """Return the rule classes this plugin contributes.

    Each class subclasses :class:`checker.Rule`. Codes must be unique across all
    plugins; the host refuses a duplicate and names both plugins. All results are
    concatenated.
    """


@hookspec
def checker_profiles() -> "dict[str, Traversable]":
    """Return profile names mapped to their YAML files.

    Use ``importlib.resources.files(package) / "name.yaml"`` so that profiles
    work from a wheel, not only from a checkout. Names must be unique.
    """


@hookspec(firstresult=True)
def checker_select_profile(
    document: "Document", available: "list[str]", profiles: "Mapping[str, Profile]", memo: "dict[str, Any]"
) -> "tuple[str, str | Message] | None":
    """Choose a profile for ``document`` when the user named none.

    ``available`` lists the registered profile names; ``profiles`` maps each of them to its
    loaded :class:`checker.profiles.Profile` (loaded on first access, so a plugin reads the
    ``data`` of the candidates it cares about, and only those); ``memo`` is the per-document
    dict the rules later receive as ``ctx.memo``: what the choice computed (a reading of the
    document against a profile's data) is not computed again by the rules.

    Return ``(profile_name, reason)`` where ``reason`` is a short sentence, either a
    :class:`checker.Message` with Chinese and English or a plain English string
    (recorded in the result's metadata as ``profile_reason`` and ``profile_reason_zh``),
    or ``None`` to let another plugin decide. The first non-None result wins.
    """


@hookspec
def checker_document_metadata(
    document: "Document", profile: str, profile_data: "Mapping[str, Any]", memo: "dict[str, Any]"
) -> "dict[str, Any] | None":
    """Return facts about the document for the result's ``metadata`` (agency, year...).

    Called once per document after the profile is chosen (``profile`` is its name, ``""``
    when none applies, and ``profile_data`` its ``data``); ``memo`` is the per-document dict
    of :func:`checker_select_profile`. All returned dicts are merged, later plugins winning
    on the same key.

    One key has a meaning to the engine: ``out_of_scope``, a :class:`checker.Message` saying
    why the profile's rules must not judge this document (a report on a year before the
    report type existed, say). The engine then runs none of the rules that need a profile
    and reports the reason once, as ``CHK003``.
    """


@hookspec
def checker_output_formats() -> "dict[str, Any]":
    """Return output format names mapped to reporter callables.

    A reporter is ``(results: list[FileResult], options: ReportOptions, stream) -> None``.
    Used by ``--output-format`` and ``--report FORMAT:PATH``.
    """


@hookspec(firstresult=True)
def checker_write_template(
    profile_name: str, profile_data: "dict[str, Any]", year: int, agency: str, kind: str, path: str
) -> "str | None":
    """Write a blank report skeleton for ``profile_name`` to ``path`` (``checker template``).

    ``profile_data`` is the profile's resolved ``data:`` mapping (the one place where the
    report's title, headings and table layouts live), ``year`` the report year, ``agency``
    the issuing body, ``kind`` one of the agency kinds the profile's ``data.agency.kinds``
    names, or ``""`` (unknown: guess it from the agency's name).
    Return the path written, or ``None`` when this plugin cannot write that profile's
    template (the next plugin is asked). The first non-None result wins.
    """
