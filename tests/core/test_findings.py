"""Findings are frozen values; a file's verdict follows from them and --fail-on."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from checker import Category, FileResult, Finding, Location, Message, Severity, Verdict
from checker.findings import place, short_table_name

T3 = short_table_name("T3")  # the format's 表三


def finding(severity: Severity = Severity.ERROR, **kw) -> Finding:
    return Finding(code="ZZ001", rule="no-todo", category=Category.NARRATIVE, severity=severity,
                   message=Message(zh="遗留 TODO", en="TODO left"), **kw)


@pytest.mark.parametrize(
    "obj, attr",
    [
        (finding(), "severity"),
        (Location(paragraph=1), "paragraph"),
        (Message(zh="a", en="b"), "zh"),
        (FileResult(path="a.docx"), "error"),
    ],
)
def test_values_are_frozen(obj, attr):
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(obj, attr, None)


def test_with_severity_returns_a_new_value():
    f = finding()
    g = f.with_severity(Severity.INFO)
    assert (f.severity, g.severity) == (Severity.ERROR, Severity.INFO)
    assert dataclasses.replace(g, severity=Severity.ERROR) == f


def test_findings_survive_a_process_boundary():
    f = finding(location=Location(table=3, row=5, column=2, row_label="商业企业", excerpt="12"), expected="3", actual="4")
    assert pickle.loads(pickle.dumps(f)) == f
    assert hash(f) == hash(pickle.loads(pickle.dumps(f)))


def test_as_dict_is_plain_json_data():
    f = finding(Severity.WARNING, location=Location(table=1, row=2), expected="1", actual="2")
    d = f.as_dict()
    assert d["severity"] == "warning" and d["category"] == "narrative"
    assert d["message"] == {"zh": "遗留 TODO", "en": "TODO left"}
    assert d["location"]["table"] == 1 and d["location"]["excerpt"] is None
    assert (d["expected"], d["actual"]) == ("1", "2")


@pytest.mark.parametrize(
    "severities, fail_on, verdict",
    [
        ([], Severity.ERROR, Verdict.PASS),
        ([Severity.INFO], Severity.ERROR, Verdict.PASS),
        ([Severity.INFO], Severity.WARNING, Verdict.PASS),
        ([Severity.WARNING], Severity.ERROR, Verdict.WARN),
        ([Severity.WARNING, Severity.INFO], Severity.WARNING, Verdict.FAIL),
        ([Severity.ERROR], Severity.ERROR, Verdict.FAIL),
        ([Severity.ERROR], Severity.WARNING, Verdict.FAIL),
        ([Severity.INFO, Severity.ERROR, Severity.WARNING], Severity.ERROR, Verdict.FAIL),
    ],
)
def test_verdict(severities, fail_on, verdict):
    result = FileResult(path="a.docx", findings=tuple(finding(s) for s in severities))
    assert result.verdict(fail_on) is verdict


def test_an_unreadable_file_is_an_error_whatever_the_findings():
    assert FileResult(path="a.docx", error="empty file").verdict() is Verdict.ERROR
    assert FileResult(path="a.docx", error="empty file").verdict(Severity.WARNING) is Verdict.ERROR


def test_counts():
    result = FileResult(path="a.docx", findings=(finding(), finding(), finding(Severity.INFO)))
    assert result.counts() == {"error": 2, "warning": 0, "info": 1}


def test_severity_rank_orders_the_levels():
    assert Severity.INFO.rank < Severity.WARNING.rank < Severity.ERROR.rank


@pytest.mark.parametrize(
    "location, zh, en",
    [
        (Location(), "", ""),
        (Location(paragraph=7), "第7段", "paragraph 7"),
        (Location(table=3, row=5, column=2), "表3 第5行 第2列", "table 3, row 5, col 2"),
        (Location(table=3, row=5, row_label="商业企业", column_label="申请数"),
         "表3 第5行 [商业企业 / 申请数]", "table 3, row 5 [商业企业 / 申请数]"),
        (Location(row_label="合计"), "[合计]", "[合计]"),
        # the format's name of the table (issue 16): 表三, not the document's 2nd table
        (Location(table=2, row=27, column=2, table_name=T3), "表三 第27行 第2列", "table 3, row 27, col 2"),
        (Location(table=2, table_name=T3), "表三", "table 3"),
        # tables the format does not count come first: which is which
        (Location(table=4, row=27, table_name=T3, table_position_shown=True),
         "表三（文档第4个表格）第27行", "table 3 (the document's 4th table), row 27"),
        (Location(table=4, row=27, column=2, table_name=T3, table_position_shown=True, row_label="（七）总计"),
         "表三（文档第4个表格）第27行 第2列 [（七）总计]", "table 3 (the document's 4th table), row 27, col 2 [（七）总计]"),
        # a table the format does not name, in a report that names its tables: never read as 表五
        (Location(table=5, row=1, column=2, table_position_shown=True), "文档第5个表格 第1行 第2列",
         "the document's 5th table, row 1, col 2"),
        (Location(table=1, table_position_shown=True), "文档第1个表格", "the document's 1st table"),
    ],
)
def test_location_describe(location, zh, en):
    assert location.describe("zh") == zh
    assert location.describe("en") == en


def test_format_table_names_come_from_the_role():
    assert short_table_name("T2") == Message(zh="表二", en="table 2")
    assert short_table_name("T12") == Message(zh="表十二", en="table 12")
    assert short_table_name("FEES") == Message(zh="表FEES", en="table FEES")  # a role of another form


def test_a_place_in_a_message_is_the_location_phrase_run_on():
    """Messages and locations phrase a place with the one function: the same name, the
    Chinese without spaces inside a sentence, several rows listed."""
    loc = Location(table=2, table_name=T3)
    assert place(loc, "zh", [6, 7], [10], joined=True) == "表三第6、7行第10列"
    assert place(loc, "en", [6, 7], [10]) == "table 3, rows 6, 7, col 10"
    assert place(loc, "zh", list(range(8, 16)), [10], joined=True) == "表三第8—15行第10列"
    shown = Location(table=3, table_name=T3, table_position_shown=True)
    assert place(shown, "zh", [6], [10], joined=True) == "表三（文档第3个表格）第6行第10列"
    assert place(shown, "en", [11], [10]) == "table 3 (the document's 3rd table), row 11, col 10"
    assert [place(Location(table=n, table_position_shown=True), "en") for n in (2, 11, 12, 13, 21, 22)] == [
        f"the document's {x} table" for x in ("2nd", "11th", "12th", "13th", "21st", "22nd")]


def test_a_location_rebuilt_from_its_dict_keeps_the_name():
    loc = Location(table=2, row=6, table_name=T3, table_position_shown=True)
    assert loc.as_dict()["table_name"] == {"zh": "表三", "en": "table 3"}
    assert Location(**loc.as_dict()) == loc


def test_message_get():
    m = Message(zh="中文", en="English")
    assert (m.get("zh"), m.get("en")) == ("中文", "English")


def test_categories_are_the_documented_ones():
    """The set the JSON schema and docs/json-format.md list, in order."""
    import json
    from pathlib import Path

    assert [c.value for c in Category] == ["section", "table", "arithmetic", "date", "signature", "narrative", "input",
                                           "hygiene", "metadata"]
    schema = json.loads((Path(__file__).resolve().parents[2] / "src/checker/schemas/report.schema.json").read_text("utf-8"))
    assert schema["$defs"]["finding"]["properties"]["category"]["enum"] == [c.value for c in Category]


def test_a_section_is_named_one_way_in_headers_and_messages():
    """Issue 16 (one way to name a place): the text report's group header said 第4部分 while
    the messages say 第四部分, as drafters and the formats do."""
    import subprocess
    import sys
    from pathlib import Path

    from checker.findings import section_name

    assert [section_name(n, "zh") for n in (1, 4, 7, 10)] == ["第一部分", "第四部分", "第七部分", "第十部分"]
    assert section_name(4, "en") == "Section 4"
    example = Path(__file__).resolve().parents[2] / "examples" / "xiuzhou-transport-2020.docx"
    out = subprocess.run([sys.executable, "-m", "checker", "check", str(example), "--lang", "zh"],
                         capture_output=True, text=True).stdout
    assert " 第六部分" in out and "第6部分" not in out
