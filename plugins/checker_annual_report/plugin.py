"""Hook implementations of the annual-report rule pack (registered via the ``checker`` entry point).

* :func:`checker_rules` - the AR rule classes (one module per concern under ``rules/``).

Its profiles are YAML files in the repository's ``rules/`` folder, shipped with checker
and registered by the generic pack like every report type's.
Choosing the profile (the edition from the report year, ≤2020 → 2019 format, ≥2021 →
2021 format, else from the tables) and the metadata are the generic pack's, from the
profiles' data (``data.recognise``, ``data.editions``).
"""

from __future__ import annotations

from checker import hookimpl


@hookimpl
def checker_rules():
    from .crossyear import CROSSYEAR_RULES
    from .prose import PROSE_RULES
    from .rules import ALL_RULES

    return list(ALL_RULES) + PROSE_RULES + CROSSYEAR_RULES
