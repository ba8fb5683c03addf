"""The fingerprint names a problem, not a paragraph number: an edit above it does not change it."""

from __future__ import annotations

from checker.findings import Category, Finding, Location, Message, Severity
from checker.fingerprint import fingerprint, fingerprints


def finding(code="SUM501", **loc) -> Finding:
    return Finding(code=code, rule="r", category=Category.ARITHMETIC, severity=Severity.ERROR,
                   message=Message(zh="合计不符", en="total"), location=Location(**loc), expected="13", actual="12")


def test_paragraph_and_table_numbers_do_not_matter():
    a = finding(section=3, paragraph=12, table=2, row=5, column=3, row_label="总计", column_label="本年")
    b = finding(section=3, paragraph=15, table=3, row=5, column=3, row_label="总计", column_label="本年")
    assert fingerprint(a) == fingerprint(b)
    p1 = finding("DOC001", section=2, paragraph=7, excerpt="（文字描述）")
    p2 = finding("DOC001", section=2, paragraph=9, excerpt="（文字描述） ")  # a sentence added above; a space re-saved
    assert fingerprint(p1) == fingerprint(p2)


def test_expected_and_actual_values_do_not_matter_but_the_place_does():
    a = finding(section=3, row_label="总计", column_label="本年")
    assert fingerprint(a) == fingerprint(Finding(**{**a.__dict__, "actual": "12.5"}))
    assert fingerprint(a) != fingerprint(finding(section=3, row_label="总计", column_label="上年"))
    assert fingerprint(a) != fingerprint(finding("SUM502", section=3, row_label="总计", column_label="本年"))
    assert fingerprint(a) != fingerprint(finding(section=4, row_label="总计", column_label="本年"))
    e1, e2 = finding("DOC001", excerpt="（文字描述）"), finding("DOC001", excerpt="XXX")
    assert fingerprint(e1) != fingerprint(e2)


def test_look_alikes_in_one_file_are_numbered_in_order():
    same = [finding("DOC001", paragraph=n, excerpt="XXX") for n in (3, 8, 20)]
    keys = fingerprints(same)
    assert keys[0] == fingerprint(same[0]) and keys[1] == keys[0] + "#2" and keys[2] == keys[0] + "#3"
    assert len(fingerprint(same[0])) == 16
