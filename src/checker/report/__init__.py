"""Reading a report against a profile's ``data:``: the public API rule packs build on.

A report type is data (a YAML profile); these modules interpret it, knowing no report
type themselves. Rule packs import from here and from ``checker`` only:

* :mod:`checker.report.structure` - :func:`~checker.report.structure.analyse` gives the
  report's title, year, agency, sections, located tables with named cells, date line,
  落款 and statistics period, computed once per document (``ctx.memo``);
* :mod:`checker.report.layout` - tables located by their label paths, merges resolved;
* :mod:`checker.report.arith` - the arithmetic relations over named cells (a relation runs
  only over cells positively identified; the others are recorded as skipped), and the one
  inference of blank totals (:func:`~checker.report.arith.blank_total`);
* :mod:`checker.report.agency` - the one agency normaliser
  (:func:`~checker.report.agency.agency_key`, :func:`~checker.report.agency.same_agency`) for
  batch pairing, cross-year comparison and the 落款;
* :mod:`checker.report.content` - what the prose sections and the date line hold (written,
  placeholders, only "none");
* :mod:`checker.report.rulebase` - :class:`~checker.report.rulebase.ReportRule`, the base
  of rules that read a report through a profile, and message helpers;
* :mod:`checker.report.cnnum`, :mod:`checker.report.quantities`,
  :mod:`checker.report.textutil` - Chinese numerals, figures in prose, headings and dates.
"""
