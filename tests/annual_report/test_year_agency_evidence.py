"""Issue 13 item 2: the year and the agency from all the evidence.

Title-less reports (the title in a header, a text box, the file name) whose year and
agency come from each kind of evidence; a title that is the odd one out; reports of other
kinds sharing the words. Before the change the year came mainly from the title (and the
agency only from it): every case marked "before" lost the year or the agency.
"""

from __future__ import annotations

import pytest
from builders import Report, write_report

from checker.engine import Engine, Settings

ENGINE = Engine(Settings())
NO_INTRO = dict(title="", intro="", period="")


def _check(tmp_path, rep: Report, name: str = "r.docx"):
    return ENGINE.check_path(str(write_report(tmp_path / name, rep)))


def test_year_from_the_statistics_period_agency_from_the_signature(tmp_path):
    result = _check(tmp_path, Report(title="", intro="", signature="清水县财政局"))
    assert result.metadata["year"] == 2022 and result.metadata["year_source"] == "statistics period"
    assert result.metadata["agency"] == "清水县财政局"


@pytest.mark.parametrize("intro, agency, year", [
    ("现公布清水县人民政府2019年政府信息公开工作年度报告。", "清水县人民政府", 2019),      # before: neither
    ("清水街道2024年政府信息公开工作年度报告根据《条例》编制。", "清水街道", 2024),           # before: neither
    ("现将2020年度清水县交通运输局政府信息公开工作年度报告公布如下。", "清水县交通运输局", 2020),  # before: neither
])
def test_agency_and_year_from_the_preamble(tmp_path, intro, agency, year):
    result = _check(tmp_path, Report(year=year, edition="2019" if year < 2021 else "2021", title="", intro=intro,
                                     period="", date="", signature=None))
    assert (result.metadata["agency"], result.metadata["year"]) == (agency, year), result.metadata
    assert result.metadata["year_source"] == "opening"


def test_agency_from_the_first_sentence_of_section_one(tmp_path):
    """`2020年，XX市生态环境局认真贯彻落实…`: before, no agency."""
    prose = {1: ["2020年，清水市生态环境局认真贯彻落实《条例》，全年主动公开信息120条。", "2020年共收到申请6件。"]}
    result = _check(tmp_path, Report(year=2020, edition="2019", prose=prose, **NO_INTRO, date="", signature=None))
    assert result.metadata["agency"] == "清水市生态环境局"
    assert result.metadata["year"] == 2020 and result.metadata["year_sources"].get("prose") == 2020


def test_year_from_the_date_line(tmp_path):
    result = _check(tmp_path, Report(**NO_INTRO))
    assert result.metadata["year"] == 2022 and result.metadata["year_source"] == "date line"


def test_year_and_agency_from_the_file_name(tmp_path):
    """Before: neither (no title, no period, no date, no 落款)."""
    result = _check(tmp_path, Report(**NO_INTRO, date="", signature=None), name="清水县财政局2023年政府信息公开工作年度报告.docx")
    assert (result.metadata["agency"], result.metadata["year"]) == ("清水县财政局", 2023)
    assert result.metadata["year_source"] == "file name"


def test_year_from_the_core_properties(tmp_path):
    result = _check(tmp_path, Report(**NO_INTRO, date="", signature=None,
                                     core_title="清水县财政局2023年政府信息公开工作年度报告"))
    assert result.metadata["year"] == 2023 and result.metadata["year_source"] == "properties"


def test_title_that_disagrees_with_all_the_others_is_the_finding(tmp_path):
    """A title saying 2019 over a 2020 statistics period, 2020 prose and a 2021 date line:
    before, DAT603 blamed the date; now TTL102 points at the title and the year is 2020."""
    prose = {1: ["2020年，本局主动公开信息120条。", "2020年共收到申请6件，均已办结。"]}
    result = _check(tmp_path, Report(year=2020, edition="2019", prose=prose,
                                     title="嘉兴市秀洲区交通运输局2019年政府信息公开工作年度报告"))
    codes = [f.code for f in result.findings if f.severity.value == "error"]
    assert codes == ["TTL102"], [(f.code, f.message.en) for f in result.findings]
    f = result.findings[[x.code for x in result.findings].index("TTL102")]
    assert f.location.paragraph == 1 and "2019" in f.message.en and "statistics period" in f.message.en
    assert result.metadata["year"] == 2020 and result.metadata["year_sources"]["title"] == 2019


def test_date_that_disagrees_is_still_the_dates_finding(tmp_path):
    result = _check(tmp_path, Report(date="2024年1月15日"))
    assert "DAT603" in [f.code for f in result.findings] and "TTL102" not in [f.code for f in result.findings]
    assert result.metadata["year"] == 2022


def test_a_phrase_is_never_an_agency(tmp_path):
    """A first line `清水区2022年法治建设工作报告` taken for the title names no agency."""
    result = _check(tmp_path, Report(title="清水区2022年度法治建设工作报告", signature="清水区司法局"))
    assert result.metadata["agency"] == "清水区司法局"


def test_a_universitys_report_is_not_this_type(tmp_path):
    rep = Report(title="清水大学2022年信息公开工作年度报告",
                 intro="根据《高等学校信息公开办法》和教育部有关要求，编制本年度报告。", signature="清水大学")
    result = _check(tmp_path, rep)
    assert result.profile is None, result.metadata.get("profile_reason")
    assert result.metadata.get("not_report_type") and result.metadata.get("year") == 2022


def test_an_enterprises_report_is_not_this_type(tmp_path):
    rep = Report(title="清水水务集团有限公司2022年度信息公开工作年度报告",
                 intro="根据《供水企业信息公开实施办法》，清水水务集团有限公司2022年度信息公开情况报告如下。",
                 signature="清水水务集团有限公司")
    result = _check(tmp_path, rep)
    assert result.profile is None, result.metadata.get("profile_reason")
    assert result.metadata.get("not_report_type")


def test_a_government_report_naming_enterprises_in_its_prose_is_still_one(tmp_path):
    prose = {1: ["本年度督促供水、供电、供气等公共企事业单位做好信息公开，推进企业信息公开工作。"] + [PROSE_1_SECOND]}
    result = _check(tmp_path, Report(prose=prose))
    assert result.profile == "gov-annual-report-2021"


PROSE_1_SECOND = "（二）依申请公开。本年度共收到政府信息公开申请6件，均在法定期限内答复。"
