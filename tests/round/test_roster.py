"""The roster: read as an office saves it, matched through the agency normaliser, uncertain said."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.errors import ConfigError
from checker.round.roster import load_roster

CSV = "名称,简称,类型,联系人\n某市交通运输局,市交通局;交通局,部门,张三 13800000000\n某市人民政府办公室,市政府办,政府,\n某区财政局,,department,\n某区财政局分局,,,\n"


def test_csv_with_chinese_headings_in_gb18030(tmp_path: Path):
    path = tmp_path / "名单.csv"
    path.write_bytes(CSV.encode("gb18030"))
    roster = load_roster(str(path))
    assert [b.name for b in roster.bodies][:2] == ["某市交通运输局", "某市人民政府办公室"]
    first = roster.bodies[0]
    assert first.aliases == ("市交通局", "交通局") and first.kind == "department" and first.contact.startswith("张三")
    assert roster.bodies[1].kind == "government"


def test_yaml_roster(tmp_path: Path):
    path = tmp_path / "roster.yaml"
    path.write_text("bodies:\n  - 某县教育局\n  - name: 某县卫生健康委员会\n    aliases: [县卫健委]\n    kind: department\n"
                    "    contact: 李四\n", encoding="utf-8")
    roster = load_roster(str(path))
    assert roster.bodies[1].aliases == ("县卫健委",) and roster.bodies[1].contact == "李四"


@pytest.mark.parametrize("text, expected", [
    ("contact\n张三\n", "no name column"),
    ("name,kind\n某局,ministry\n", "line 2: kind must be"),
    ("name,aliases\n甲局,乙局\n乙局,\n", "share the name or alias"),
    ("name\n", "no body listed"),
])
def test_mistakes_are_one_line_naming_the_file(tmp_path: Path, text: str, expected: str):
    path = tmp_path / "r.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_roster(str(path))
    assert expected in str(err.value) and str(path) in str(err.value) and "\n" not in str(err.value)


def test_matching_exact_alias_partial_ambiguous_and_file_name(tmp_path: Path):
    path = tmp_path / "r.csv"
    path.write_text(CSV, encoding="utf-8")
    roster = load_roster(str(path))
    sure = roster.match("某市 交通运输局")  # spaces, full width: the normaliser's business
    assert sure.body.name == "某市交通运输局" and sure.uncertain is None
    assert roster.match("某市政府办公室").body.name == "某市人民政府办公室"  # 人民政府 = 政府
    assert roster.match("市交通局").body.name == "某市交通运输局"  # an alias
    partial = roster.match("某市交通运输局综合行政执法队")
    assert partial.body.name == "某市交通运输局" and "partly" in partial.uncertain.en
    ambiguous = roster.match("某区财政")
    assert ambiguous.body is None and set(ambiguous.candidates) == {"某区财政局", "某区财政局分局"}
    assert "not matched" in ambiguous.uncertain.en
    by_name = roster.match(None, "收件/某区财政局.docx")
    assert by_name.body.name == "某区财政局" and "file name" in by_name.uncertain.en
    assert roster.match("外省某局").body is None


def test_a_roster_name_is_normalised_with_the_short_forms_the_report_types_declare():
    """Not with a list of our own: the engine and the round know no report type's facts."""
    from checker.round.roster import normalise_agency, registered_agency_data

    assert registered_agency_data()["agency"]["equivalents"].get("人民政府") == "政府"  # rules/_government-bodies.yaml
    assert normalise_agency("上海市人民政府办公厅") == normalise_agency("上海市政府办公厅")
    assert normalise_agency("ＸＸ区（交通运输局）") == normalise_agency("xx区交通运输局")
    assert normalise_agency("甲市") != normalise_agency("乙市")
