"""Issue 13 item 5: one agency normaliser for pairing, cross-year comparison and the 落款."""

from __future__ import annotations

import pytest
from builders import Report, write_report

from checker import shipped_profiles
from checker.engine import Engine, Settings
from checker.profiles import load_profile
from checker.report.agency import agency_key, same_agency

DATA = load_profile("gov-annual-report-2021", shipped_profiles()).data


@pytest.mark.parametrize("a, b", [
    ("嘉兴市秀洲区交通运输局", "区交通运输局"),          # the 落款's short form
    ("嘉兴市秀洲区交通运输局", "嘉兴市 秀洲区交通运输局"),   # a space
    ("清水县人民政府", "清水县政府"),                    # data.agency.equivalents
    ("清水县人民政府", "清水县人民政府办公室"),            # data.agency.office_suffixes
    ("ＸＹ县财政局", "XY县财政局"),                      # full-width letters (NFKC)
    ("（清水县财政局）", "清水县财政局"),                  # brackets
])
def test_same_body(a, b):
    assert same_agency(a, b, DATA) and same_agency(b, a, DATA)


@pytest.mark.parametrize("a, b", [
    ("嘉兴市秀洲区交通运输局", "嘉兴市秀洲区交通运输局执法大队"),  # a unit of the bureau is not the bureau
    ("清水县财政局", "清水县司法局"),
])
def test_different_bodies(a, b):
    assert not same_agency(a, b, DATA)


def test_one_key_for_every_spelling():
    assert agency_key("清水县 人民政府", DATA) == agency_key("清水县政府", DATA) == "清水县政府"


def test_cross_year_and_signature_agree(tmp_path):
    """The cross-year rules and the 落款 rule answer alike: last year's report by the
    bureau's 执法大队 is another agency (before, the cross-year rules compared the tables
    because one name contains the other, while the 落款 rule said they differ)."""
    this = write_report(tmp_path / "this.docx", Report(year=2022))
    last = write_report(tmp_path / "last.docx", Report(year=2021, agency="嘉兴市秀洲区交通运输局执法大队",
                                                       signature="区交通运输局执法大队"))
    eng = Engine(Settings())
    result = eng.check_path(str(this), previous=eng.read(str(last), "last"))
    notes = [f.message.en for f in result.findings if f.code == "AR811"]
    assert any("not the same agency" in n for n in notes), notes
    signed = eng.check_path(str(write_report(tmp_path / "s.docx", Report(signature="区交通运输局执法大队"))))
    assert "SIG702" in [f.code for f in signed.findings]


def test_metadata_carries_the_key(tmp_path):
    result = Engine(Settings()).check_path(str(write_report(tmp_path / "r.docx", Report(agency="清水县人民政府",
                                                                                      signature="清水县人民政府"))))
    assert result.metadata["agency_key"] == "清水县政府"
