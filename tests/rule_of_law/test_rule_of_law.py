"""The second report type, from YAML alone: each fault of the spec (§7) on a whole .docx.

The reports are written from ../shared/spec/rule-of-law-report.md by ``builders`` (not by
the checker's template writer); the profile is chosen automatically, as in a batch.
"""

from __future__ import annotations

import pytest
from rol_builders import ITEM1, ITEM1_WITHOUT_3, ITEM2, ITEM2_NO_CAUSE, ITEM3, ITEM4, ITEM5, Report, variant, write

from checker.engine import Engine, Settings

PROFILE = "rule-of-law-annual-report"
GOV = Report(title=["清水县人民政府关于2024年度法治政府建设情况的报告"],
             opening="2024年，清水县人民政府坚持以习近平法治思想为指导，扎实推进法治政府建设。现将有关情况报告如下：",
             signature="清水县人民政府", date="2025年3月20日")
DEPT = variant(GOV, title=["清水县司法局2024年法治政府建设年度报告"],
               opening="2024年，清水县司法局认真贯彻落实中央和省市部署。现将有关情况报告如下：",
               signature="清水县司法局", date="2025年2月20日")


@pytest.fixture(scope="module")
def engine():
    return Engine(Settings())


def check(engine, tmp_path, rep: Report, name: str = "r.docx"):
    return engine.check_path(str(write(tmp_path / name, rep)))


def codes(result) -> list[str]:
    return sorted(f.code for f in result.findings if f.severity.value in ("error", "warning"))


@pytest.mark.parametrize("rep", [GOV, DEPT, variant(GOV, items=[ITEM1_WITHOUT_3, ITEM2, ITEM3, ITEM4, ITEM5])],
                         ids=["government, item 3 inside item 1", "department", "item 3 on its own"])
def test_a_clean_report_passes_and_is_recognised(engine, tmp_path, rep):
    result = check(engine, tmp_path, rep)
    assert result.profile == PROFILE
    assert codes(result) == [], [(f.code, f.message.en) for f in result.findings]
    assert result.metadata["year"] == 2024


def test_metadata(engine, tmp_path):
    gov = check(engine, tmp_path, GOV, "g.docx")
    dept = check(engine, tmp_path, DEPT, "d.docx")
    assert (gov.metadata["agency"], gov.metadata["agency_kind"]) == ("清水县人民政府", "government")
    assert (dept.metadata["agency"], dept.metadata["agency_kind"]) == ("清水县司法局", "department")
    assert "edition" not in gov.metadata  # a report type without editions


@pytest.mark.parametrize(
    "changes, code, words",
    [
        ({"items": [ITEM1, ITEM4, ITEM5]}, "SEC201", "不足和原因"),  # item 2 missing
        ({"items": [ITEM1_WITHOUT_3, ITEM2, ITEM4]}, "SEC201", "第一责任人"),  # item 3 missing
        ({"items": [ITEM1, ITEM2, ITEM5]}, "SEC201", "主要安排"),  # item 4 missing
        ({"items": [ITEM1, ITEM2_NO_CAUSE, ITEM4]}, "SEC204", "原因"),  # item 2 without causes
        ({"title": ["清水县人民政府关于法治政府建设情况的报告"]}, "TTL101", "年份"),  # no year
        ({"title": ["清水县人民政府关于2023年度法治政府建设情况的报告"]}, "TTL102", "2023"),  # title year ≠ opening
        ({"date": "2024年12月20日"}, "DAT603", "2025"),  # dated in year N
        ({"date": "2025年4月11日"}, "DAT604", "3月31日"),  # after the publication deadline
        ({"signature": None}, "SIG701", "落款"),  # no 落款
        ({"signature": "清水县财政局"}, "SIG702", "清水县财政局"),  # another body's
        # item 5 holding only its placeholder: the section is not written (SEC203, not DOC001 as well)
        ({"items": [ITEM1, ITEM2, ITEM4, ("五、其他需要报告的情况", ["（此处填写其他情况）"])]}, "SEC203", "此处"),
        # a placeholder left beside written text: DOC001's
        ({"items": [ITEM1, ITEM2, ITEM4, ("五、其他需要报告的情况", ["本年度无其他需要报告的情况。", "（此处填写其他情况）"])]},
         "DOC001", "此处"),
    ],
    ids=["no item 2", "no item 3", "no item 4", "item 2 without causes", "title without year",
         "title year disagrees", "dated in year N", "published late", "no 落款", "another body's 落款", "placeholder", "placeholder beside text"],
)
def test_each_fault_is_found(engine, tmp_path, changes, code, words):
    result = check(engine, tmp_path, variant(GOV, **changes))
    assert result.profile == PROFILE
    hits = [f for f in result.findings if f.code == code]
    assert hits, [(f.code, f.message.en) for f in result.findings]
    assert any(words in f.message.zh for f in hits), [f.message.zh for f in hits]


def test_a_department_dated_5_march_is_late_a_government_is_not(engine, tmp_path):
    dept = check(engine, tmp_path, variant(DEPT, date="2025年3月5日"), "d.docx")
    gov = check(engine, tmp_path, variant(GOV, date="2025年3月5日"), "g.docx")
    (late,) = [f for f in dept.findings if f.code == "DAT604"]
    assert "2月28日" in late.message.zh and late.expected.zh == "不晚于2025年2月28日"
    assert late.expected.en == "on or before 2025-02-28"
    assert "DAT604" not in codes(gov)


def test_the_last_day_of_february_in_a_leap_year(engine, tmp_path):
    rep = variant(DEPT, title=["清水县司法局2023年法治政府建设年度报告"], date="2024年2月29日",
                  opening="2023年，清水县司法局认真贯彻落实中央和省市部署。现将有关情况报告如下：")
    assert "DAT604" not in codes(check(engine, tmp_path, rep))


def test_the_year_comes_from_the_opening_when_the_title_has_none(engine, tmp_path):
    result = check(engine, tmp_path, variant(GOV, title=["清水县人民政府关于法治政府建设情况的报告"]))
    assert result.metadata["year"] == 2024  # from 2024年，… : the date check still applies
    assert "DAT603" not in codes(result)


def test_a_report_on_2018_is_out_of_scope_once(engine, tmp_path):
    rep = variant(GOV, title=["清水县人民政府关于2018年度法治政府建设情况的报告"], date="2019年3月20日",
                  opening="2018年，清水县人民政府扎实推进法治政府建设。现将有关情况报告如下：", items=[ITEM1])
    result = check(engine, tmp_path, rep)
    assert result.profile == PROFILE
    assert [f.code for f in result.findings if f.code.startswith(("TTL", "SEC", "DAT", "SIG", "CHK"))] == ["CHK003"]
    assert "2018" in result.findings[-1].message.zh and result.verdict().value == "pass"


def test_a_mixed_folder_gets_each_file_its_profile(tmp_path):
    """Annual reports of both editions, rule-of-law reports of a department and a government,
    a 2018 report and a meeting notice, checked together without --profile."""
    import shutil
    import sys
    from pathlib import Path

    import docx

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "annual_report"))
    from builders import Report as AnnualReport  # noqa: E402 - the annual-report fixture builder
    from builders import write_report

    folder = tmp_path / "in"
    folder.mkdir()
    write(folder / "gov.docx", GOV)
    write(folder / "dept.docx", DEPT)
    write(folder / "old.docx", variant(GOV, title=["清水县人民政府关于2018年度法治政府建设情况的报告"]))
    write_report(folder / "ar2021.docx", AnnualReport(edition="2021", year=2023))
    shutil.copy(Path(__file__).resolve().parents[2] / "examples" / "xiuzhou-transport-2020.docx", folder / "ar2019.docx")
    d = docx.Document()
    d.add_paragraph("关于召开2025年度工作会议的通知")
    d.add_paragraph("各科室：定于下周一召开工作会议，请准时参加。")
    d.save(str(folder / "notice.docx"))
    engine = Engine(Settings())
    got = {p.name: engine.check_path(str(p)).profile for p in sorted(folder.iterdir())}
    assert got == {
        "gov.docx": PROFILE, "dept.docx": PROFILE, "old.docx": PROFILE,
        "ar2021.docx": "gov-annual-report-2021", "ar2019.docx": "gov-annual-report-2019", "notice.docx": None,
    }


def test_the_template_passes_apart_from_unfilled_content(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "t.docx"
    subprocess.run([sys.executable, "-m", "checker", "template", "--profile", PROFILE, "--year", "2025",
                    "--agency", "某某县司法局", "-o", str(out)], check=True, capture_output=True)
    result = Engine(Settings()).check_path(str(out))
    assert result.profile == PROFILE and result.metadata["year"] == 2025
    unfilled = {"SEC203", "DOC001"}  # each item's placeholder (SEC203), and the date line (DOC001)
    assert set(codes(result)) <= unfilled, [(f.code, f.message.en) for f in result.findings]
    assert {"SEC203", "DOC001"} <= set(codes(result))
