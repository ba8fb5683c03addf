"""A whole round as an office runs it: a roster of 12 bodies, a first batch with every kind of
trouble, a second batch of resubmissions; the summary groups, the history, the per-body files
opened by LibreOffice and Chromium."""

from __future__ import annotations

import json
import re
from importlib import resources
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest

from checker.cli import main

from .conftest import CHROMIUM, SOFFICE, fake_args, make_report, needs_chromium, needs_soffice, soffice_convert, write

BODIES = ["东城区财政局", "西城区教育局", "南湖区交通运输局", "北山区卫生健康委员会", "江东区民政局", "江西区司法局",
          "河口区人民政府", "山前区人民政府", "湖滨区水利局", "桥头区商务局", "新港区文化和旅游局", "老城区审计局"]
YEAR = 2024


def roster(path: Path) -> Path:
    rows = ["名称,简称,类型,联系人"]
    for n, name in enumerate(BODIES):
        kind = "政府" if name.endswith("人民政府") else "部门"
        alias = "北山区卫健委" if name.startswith("北山") else ""
        rows.append(f"{name},{alias},{kind},联系人{n + 1:02d}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> Path:
    """The office's folder: roster, config, the first batch; the second batch is added by the test."""
    root = tmp_path_factory.mktemp("office")
    roster(root / "名单.csv")
    (root / "checker.yaml").write_text(
        f"roster: 名单.csv\nyear: {YEAR}\nstore: 检查记录.db\nplugins: []\n", encoding="utf-8")
    first = root / "收件" / "第一批"
    write(first / "东城区财政局.docx", make_report("东城区财政局", YEAR))
    write(first / "西城区教育局.docx", make_report("西城区教育局", YEAR, bad_cell=True, warn=True))
    write(first / "南湖区交通运输局.docx", make_report("南湖区交通运输局", YEAR, bad_cell=True))
    write(first / "北山区卫健委.docx", make_report("北山区卫健委", YEAR))  # the short form, through the alias
    write(first / "江东区民政局.docx", make_report("江东区民政局", YEAR))
    shutil.copy(first / "江东区民政局.docx", first / "江东区民政局(副本).docx")  # sent twice
    write(first / "江西区司法局.docx", make_report("江西区司法局", 2019))  # last year's folder, wrong year
    write(first / "河口区政府.docx", make_report("河口区人民政府", YEAR))
    write(first / "湖滨区水利局.docx", make_report("湖滨区水利局办公室", YEAR))  # only partly the roster's name
    write(first / "外省某局.docx", make_report("外省某某局", YEAR))  # not on the roster
    return root


def ends_with_paragraph(data: bytes) -> bytes:
    """The report with a paragraph after its last table (the .doc export drops a table without one)."""
    import io

    import docx

    d = docx.Document(io.BytesIO(data))
    d.add_paragraph("六、其他需要报告的事项")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def check(capsys, root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["check", *args, "--config", str(root / "checker.yaml"), *fake_args()])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_whole_round(office: Path, capsys, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(office)
    # --- the first batch -----------------------------------------------------------------------
    code, out, err = check(capsys, office, "收件/第一批", "--out-dir", "结果/第一批", "--lang", "en", "--jobs", "2",
                           "--report", "json:结果/第一批.json", "--report", "html:结果/第一批.html",
                           "--report", "round-json:结果/第一批-round.json", "--report", "round-csv:结果/第一批-round.csv")
    assert code == 1, err
    data = json.loads((office / "结果" / "第一批.json").read_text(encoding="utf-8"))
    rnd = json.loads((office / "结果" / "第一批-round.json").read_text(encoding="utf-8"))
    schema = json.loads(resources.files("checker.schemas").joinpath("report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)  # the report's contract is unchanged; the round sits beside it
    uncertain = next(f for f in data["files"] if f["path"].endswith("湖滨区水利局.docx"))["metadata"]["round"]
    assert uncertain["body"] == "湖滨区水利局" and "partly" in uncertain["uncertain"] and uncertain["contact"] == "联系人09"
    names = lambda group: sorted(e["body"] for e in rnd[group])  # noqa: E731
    assert names("passing") == sorted(["东城区财政局", "北山区卫生健康委员会", "江东区民政局", "江东区民政局",
                                       "河口区人民政府", "湖滨区水利局"])
    assert names("failing") == sorted(["西城区教育局", "南湖区交通运输局", "江西区司法局"])
    assert [b["name"] for b in rnd["missing"]] == ["江西区司法局", "山前区人民政府", "桥头区商务局", "新港区文化和旅游局",
                                                  "老城区审计局"]
    assert rnd["missing"][1]["contact"] == "联系人08"
    assert [e["path"] for e in rnd["unexpected"]] == ["收件/第一批/外省某局.docx"]
    assert len(rnd["duplicates"]) == 1
    dup = rnd["duplicates"][0]
    assert dup["body"] == "江东区民政局" and len(dup["paths"]) == 2 and dup["identical"] == [dup["paths"]]
    assert [(e["body"], e["year"]) for e in rnd["wrong_year"]] == [("江西区司法局", 2019)]
    assert [e["body"] for e in rnd["uncertain"]] == ["湖滨区水利局"]
    assert "partly" in rnd["uncertain"][0]["uncertain"]
    wrong = next(f for f in data["files"] if f["path"].endswith("江西区司法局.docx"))
    assert [f["code"] for f in wrong["findings"]] == ["RND001"] and wrong["verdict"] == "fail"
    # the round's CSV says the same, one row per file or body, for Excel
    import csv

    with open(office / "结果" / "第一批-round.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert sorted(r["body"] for r in rows if r["group"] == "missing") == sorted(b["name"] for b in rnd["missing"])
    assert next(r for r in rows if r["group"] == "unexpected")["file"] == "收件/第一批/外省某局.docx"
    # the terminal says the same
    assert "missing (5)" in out and "duplicates (1)" in out and "byte-identical" in out and "another year (1)" in out
    # one result per body, named after it and the year; none next to the inputs
    outs = office / "结果" / "第一批"
    assert (outs / "西城区教育局_2024.docx").is_file() and (outs / "西城区教育局_2024.html").is_file()
    assert (outs / "江西区司法局_2019.html").is_file()
    assert sorted(p.name for p in (office / "收件" / "第一批").iterdir()) == sorted(
        ["东城区财政局.docx", "西城区教育局.docx", "南湖区交通运输局.docx", "北山区卫健委.docx", "江东区民政局.docx",
         "江东区民政局(副本).docx", "江西区司法局.docx", "河口区政府.docx", "湖滨区水利局.docx", "外省某局.docx"])
    page = (office / "结果" / "第一批.html").read_text(encoding="utf-8")
    assert 'href="%E7%AC%AC%E4%B8%80%E6%89%B9/' in page  # relative link into 结果/第一批/
    assert '<section id="round">' in page

    # --- the second batch: resubmissions ------------------------------------------------------
    second = office / "收件" / "第二批"
    write(second / "西城区教育局-修改稿.docx",
          make_report("西城区教育局", YEAR, warn=True, extra=("三、WARNME 依申请公开情况",)))  # 1 fixed, 1 open, 1 new
    nanhu = write(tmp_path / "南湖区交通运输局.docx", ends_with_paragraph(make_report("南湖区交通运输局", YEAR, bad_cell=True)))
    if SOFFICE:  # offices receive .doc: the resubmission comes as one
        soffice_convert(nanhu, "doc:MS Word 97", second, tmp_path / "lo-profile")
    else:
        shutil.copy(nanhu, second / nanhu.name)
    write(second / "江西区司法局2024.docx", make_report("江西区司法局", YEAR))
    write(second / "山前区政府.docx", make_report("山前区人民政府", YEAR))
    code, out, err = check(capsys, office, "收件/第二批", "--out-dir", "结果/第二批", "--lang", "en")
    assert code == 1, err
    assert re.search(r"西城区教育局-修改稿.docx.*\n(.*\n)*?  since \d{4}-\d\d-\d\d: 1 fixed, 1 still open, 1 new", out)
    assert re.search(r"since \d{4}-\d\d-\d\d: 0 fixed, 1 still open, 0 new", out)  # 南湖: the same error again
    jiangxi = out[out.index("江西区司法局2024.docx"):]
    assert "since" not in jiangxi[:jiangxi.index("\n\n")]  # its first report of 2024: nothing to compare with
    # the round so far: who passed earlier is not missing now
    rnd_text = out[out.index("The round"):]
    missing = re.search(r"missing \(3\)\n((?:    .*\n)+)", rnd_text).group(1)
    assert [line.split(" (")[0].strip() for line in missing.splitlines()] == ["桥头区商务局", "新港区文化和旅游局", "老城区审计局"]
    if SOFFICE:
        assert "converted from .doc to .docx by LibreOffice" in out
        assert (office / "结果" / "第二批" / "南湖区交通运输局_2024.docx").is_file()  # annotated from the converted copy
        assert not list(second.glob("*.docx")) or "南湖区交通运输局.docx" not in [p.name for p in second.iterdir()]

    # --- the history -----------------------------------------------------------------------------
    assert main(["history", "--config", str(office / "checker.yaml"), "--output-format", "json"]) == 0
    history = json.loads(capsys.readouterr().out)["bodies"]
    xicheng = next(b for b in history if b["body"] == "西城区教育局" and b["year"] == YEAR)
    first_sub, resub = xicheng["submissions"]
    assert (first_sub["verdict"], resub["verdict"]) == ("fail", "warn") and first_sub["changes"] is None
    changes = resub["changes"]
    assert [f["code"] for f in changes["fixed"]] == ["FK101"]
    assert [f["code"] for f in changes["still_open"]] == ["FK201"]
    assert [f["code"] for f in changes["new"]] == ["FK201"]
    shanqian = next(b for b in history if b["body"] == "山前区人民政府")
    assert len(shanqian["submissions"]) == 1  # a first, late submission: nothing to compare
    assert main(["history", "--config", str(office / "checker.yaml"), "--lang", "zh", "--body", "西城区教育局"]) == 0
    text = capsys.readouterr().out
    assert "已改正: FK101" in text and "仍未改正: FK201" in text and "新增: FK201" in text

    # --- the per-body files open ------------------------------------------------------------------
    if SOFFICE:
        _open_in_libreoffice(sorted((office / "结果" / "第一批").glob("*.docx")), tmp_path)
    if CHROMIUM:
        _open_in_chromium(office / "结果" / "第一批" / "西城区教育局_2024.html", tmp_path)


def _open_in_libreoffice(docs: list[Path], tmp_path: Path) -> None:
    """Every annotated copy opens in LibreOffice: it converts each to PDF (one process for all)."""
    out = tmp_path / "pdf"
    subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'lo-open').as_uri()}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(out), *map(str, docs)],
                   capture_output=True, timeout=600, check=False)
    assert len(docs) == 10
    for doc in docs:
        pdf = out / (doc.stem + ".pdf")
        assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF"), doc.name


def _open_in_chromium(page: Path, tmp_path: Path) -> None:
    done = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                           "--disable-component-update", "--no-first-run", f"--user-data-dir={tmp_path / 'chromium'}",
                           "--virtual-time-budget=5000", "--dump-dom", page.as_uri()],
                          capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert 'data-rendered-rows="1"' in dom  # the page's script ran
    assert "the total is not the sum of its parts" in dom and 'href="%E8%A5%BF' in dom  # links its .docx


@needs_soffice
@needs_chromium
def test_the_tools_are_there_in_ci():
    """CI installs both (.ci/run); this test only makes their absence visible as a skip."""
