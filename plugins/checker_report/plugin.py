"""Hook implementations of the generic report pack (registered via the ``checker`` entry point).

* :func:`checker_rules` - the generic rules (title, sections, tables, arithmetic, date, 落款).
* :func:`checker_profiles` - the profiles shipped with checker (``rules/*.yaml``).
* :func:`checker_write_template` - a blank report from any report profile's data.
* :func:`checker_select_profile` - the report type and edition, from the profiles' data
  (:mod:`.choose`); runs after the hooks of packs that know better (``trylast``).
* :func:`checker_document_metadata` - agency, year, agency kind, edition and why, and
  whether the report is outside its profile's scope.
"""

from __future__ import annotations

from typing import Any, Mapping

from checker import hookimpl
from checker.model import Document


@hookimpl
def checker_rules():
    from .rules import ALL_RULES

    return list(ALL_RULES)


@hookimpl
def checker_profiles():
    """Every profile shipped with checker: a report type is a YAML file in ``rules/``."""
    from checker import shipped_profiles

    return shipped_profiles()


@hookimpl(trylast=True)
def checker_select_profile(document: Document, available: list[str], profiles: Mapping[str, Any], memo: dict[str, Any]):
    from .choose import choice, recognised

    found = recognised(document, available, profiles, memo)
    if found is None:
        return None
    chosen = choice(*found)
    if chosen is None or chosen[0] not in available:
        return None
    return chosen


@hookimpl
def checker_document_metadata(document: Document, profile: str, profile_data: Mapping[str, Any], memo: dict[str, Any]):
    from .choose import CHOICE_KEY, EXCLUDED_KEY, excluded_by, metadata, structure_for

    if profile_data.get("sections"):  # a report profile: read the document against it
        return metadata(structure_for(document, profile_data, memo), profile, profile_data)
    found = memo.get(CHOICE_KEY)  # no profile applies: what the best guess found, if any
    if found:
        return metadata(found[0], profile, {})
    other = memo.get(EXCLUDED_KEY)  # a report of another kind sharing the words: still its year and agency
    if other is not None:
        return {**metadata(other, profile, {}), "not_report_type": excluded_by(other)}
    return None


@hookimpl
def checker_write_template(profile_name, profile_data, year, agency, kind, path):
    """``checker template``: see :func:`.template.checker_write_template` (imported only for that command)."""
    from .template import checker_write_template as write

    return write(profile_name, profile_data, year, agency, kind, path)
