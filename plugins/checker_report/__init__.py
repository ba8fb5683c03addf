"""The report-type-neutral rule pack: title, sections, tables, arithmetic, date line, 落款.

Every rule here interprets the ``data:`` of whatever report profile applies (see
``docs/profiles.md``); none knows a report type. Codes are grouped by concern: ``TTL``
title, ``SEC`` sections and their content, ``TAB`` table layout and cell values, ``SUM``
arithmetic relations, ``DAT`` the date line and its deadline, ``SIG`` the 落款 and seal.
"""
