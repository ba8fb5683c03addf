"""Every output names a report table as the format does (issue 16, "One way to name a place").

Drafters call the tables 表二/表三/表四, as the official format and the messages do; an
output that said ``表2 第24行`` (the document's 2nd Word table) beside a message naming
``表三`` sent them to the wrong table. On a real report (tests/data/corpus, the Huai'an
2024 report, whose 表三 has item labels numbered ``1、``: TAB303 at its row 24) the text,
JSON, HTML, CSV, SARIF and JUnit reports and the Word comments of ``--annotate`` say
``表三 第24行`` / ``table 3, row 24``; and where the document has a table the format does
not count before it (a 索引号 table, as web-published reports carry), so that 表三 is the
document's 3rd table, they say which is which: ``表三（文档第3个表格）第24行`` /
``table 3 (the document's 3rd table), row 24``.
"""

from __future__ import annotations

import csv
import html
import json
import shutil
from importlib import resources
from pathlib import Path

import docx
import jsonschema
import pytest
from drafting_helpers import run_checker

#: What each output must say of the TAB303 finding, per document and language.
WHERE = {
    ("plain", "zh"): "表三 第24行",
    ("plain", "en"): "table 3, row 24",
    ("leading", "zh"): "表三（文档第3个表格）第24行",
    ("leading", "en"): "table 3 (the document's 3rd table), row 24",
}
#: What the old outputs said: the document's position as if it were the name.
OLD = {("plain", "zh"): "表2 第24行", ("plain", "en"): "table 2, row 24",
       ("leading", "zh"): "表3 第24行", ("leading", "en"): "table 3, row 24"}
POSITION = {"plain": 2, "leading": 3}  # the Word table that is 表三
DOCS = ("plain", "leading")
LANGS = ("zh", "en")


def _insert_leading_table(path: Path) -> None:
    """A 索引号 table before the title, as a report copied from a government website has."""
    document = docx.Document(str(path))
    table = document.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "索引号", (0, 1): "11320800014029163A/2025-00012",
                         (1, 0): "发布机构", (1, 1): "淮安市人民政府办公室"}.items():
        table.cell(r, c).text = text
    body = document.element.body
    body.remove(table._tbl)
    body.insert(0, table._tbl)
    document.save(str(path))


@pytest.fixture(params=DOCS)
def report(request, corpus_dir: Path, tmp_path: Path) -> tuple[str, Path]:
    """(kind, path): the real report as published, or with a leading table the format does not count."""
    path = tmp_path / "huaian-gov-2024.docx"
    shutil.copyfile(corpus_dir / "huaian-gov-2024.docx", path)
    if request.param == "leading":
        _insert_leading_table(path)
    return request.param, path


def _check(path: Path, lang: str, *args: str):
    result = run_checker("check", str(path), "--select", "TAB303", "--lang", lang, "--no-progress", *args)
    assert result.returncode in (0, 1), result.stderr
    return result


@pytest.mark.parametrize("lang", LANGS)
def test_text_report_names_the_table(report, lang):
    kind, path = report
    out = _check(path, lang).stdout
    assert WHERE[kind, lang] in out
    if kind == "plain":
        assert OLD[kind, lang] not in out
    if lang == "zh":
        assert "table" not in out  # nothing English in a Chinese report


def test_json_location_carries_the_format_name(report, tmp_path):
    kind, path = report
    out = tmp_path / "r.json"
    _check(path, "en", "--report", f"json:{out}")
    doc = json.loads(out.read_text(encoding="utf-8"))
    schema = json.loads((resources.files("checker.schemas") / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(doc, schema)
    assert doc["schema"]["version"] == "2.2"
    (finding,) = doc["files"][0]["findings"]
    loc = finding["location"]
    assert loc["table_name"] == {"zh": "表三", "en": "table 3"}
    assert loc["table"] == POSITION[kind] and loc["row"] == 24
    assert loc["table_position_shown"] is (kind == "leading")


@pytest.mark.parametrize("lang", LANGS)
def test_html_report_names_the_table(report, lang, tmp_path):
    kind, path = report
    out = tmp_path / "r.html"
    _check(path, lang, "--report", f"html:{out}")
    page = html.unescape(out.read_text(encoding="utf-8"))
    assert f"<td>{WHERE[kind, lang]} [" in page  # the location column
    caption = {"zh": "表三", "en": "Table 3"}[lang]
    assert f"<figcaption>{caption}" in page  # the drawn table, named as its findings name it


@pytest.mark.parametrize("lang", LANGS)
def test_csv_has_the_table_name_beside_its_position(report, lang, tmp_path):
    kind, path = report
    out = tmp_path / "r.csv"
    _check(path, lang, "--report", f"csv:{out}")
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    header, (row,) = rows[0], rows[1:]
    cells = dict(zip(header, row))
    name, table = ("表名", "表") if lang == "zh" else ("table_name", "table")
    assert cells[name] == {"zh": "表三", "en": "table 3"}[lang]
    assert cells[table] == str(POSITION[kind])


@pytest.mark.parametrize("lang", LANGS)
def test_word_comment_says_where_with_the_format_name(report, lang, tmp_path):
    kind, path = report
    out = tmp_path / "annotated.docx"
    _check(path, lang, "--annotate", str(out))
    (comment,) = list(docx.Document(str(out)).comments)
    said = {"zh": "位置：", "en": "Where: "}[lang] + WHERE[kind, lang]
    assert said in comment.text


@pytest.mark.parametrize("lang", LANGS)
def test_sarif_and_junit_name_the_table(report, lang, tmp_path):
    kind, path = report
    sarif, junit = tmp_path / "r.sarif", tmp_path / "r.xml"
    _check(path, lang, "--report", f"sarif:{sarif}", "--report", f"junit:{junit}")
    (result,) = json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]
    assert result["locations"][0]["logicalLocations"][0]["name"].startswith(WHERE[kind, lang])
    assert result["properties"]["location"]["table_name"] == {"zh": "表三", "en": "table 3"}
    assert WHERE[kind, lang] in html.unescape(junit.read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", LANGS)
def test_checker_fix_lists_the_change_at_the_named_table(report, lang):
    kind, path = report
    out = run_checker("fix", str(path), "--diff", "--select", "TAB303", "--lang", lang).stdout
    joined = {("plain", "zh"): "表三第24行第3列", ("plain", "en"): "table 3, row 24, col 3",
              ("leading", "zh"): "表三（文档第3个表格）第24行第3列",
              ("leading", "en"): "table 3 (the document's 3rd table), row 24, col 3"}[kind, lang]
    assert f"@@ {joined} [TAB303] @@" in out


def test_each_table_of_the_blank_template_is_named(corpus_dir):
    """The official blank template: TAB401 "not filled in" once per table, each by its name."""
    for lang, names in (("zh", ["表二", "表三", "表四"]), ("en", ["table 2", "table 3", "table 4"])):
        out = run_checker("check", str(corpus_dir / "official-template-2021-blank.docx"), "--select", "TAB401",
                          "--lang", lang, "--output-format", "json").stdout
        locations = [f["location"] for f in json.loads(out)["files"][0]["findings"]]
        assert [loc["table_name"][lang] for loc in locations] == names
        assert [loc["table"] for loc in locations] == [1, 2, 3]
        assert not any(loc["table_position_shown"] for loc in locations)


def test_a_rule_that_knows_no_format_gets_the_formats_name_too(tmp_path: Path):
    """DOC001 (template placeholders) is a generic rule: it knows table positions only. The
    report pack publishes how the located tables are named (``metadata.table_names``) and
    the engine names the generic findings' tables by it; a table the format does not count
    is said by its position alone, never as the format's 表一."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "annual_report"))
    from builders import Report, write_report

    from checker.engine import Engine, Settings

    path = write_report(tmp_path / "r.docx", Report(values={"T3.NEW.np": "【填写】"}))
    result = Engine(Settings()).check_path(str(path))
    placeholder = next(f for f in result.findings if f.code == "DOC001")
    assert placeholder.location.describe("zh") == "表三 第4行 第4列"
    assert placeholder.location.describe("en") == "table 3, row 4, col 4"
    assert result.metadata["table_names"]["2"] == {"zh": "表三", "en": "table 3", "position_shown": False}

    # a leading table the format does not count, holding a placeholder itself
    d = docx.Document(str(path))
    body = d.element.body
    extra = d.add_table(rows=1, cols=2)
    extra.cell(0, 0).text, extra.cell(0, 1).text = "索引号", "【填写】"
    body.remove(extra._tbl)
    body.insert(1, extra._tbl)
    d.save(str(tmp_path / "leading.docx"))
    result = Engine(Settings()).check_path(str(tmp_path / "leading.docx"))
    places = sorted(f.location.describe("zh") for f in result.findings if f.code == "DOC001")
    assert places == ["文档第1个表格 第1行 第2列", "表三（文档第3个表格）第4行 第4列"]
