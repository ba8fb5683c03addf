"""Every command in README.md and docs/*.md runs as written (issue 16).

The ```sh blocks are taken literally: continuation lines joined, each line run with
bash in a scratch folder of its own per page, in page order (so a page's
``checker template ... -o draft.docx`` makes the draft its later commands check).
Placeholder inputs that no command makes (``report.docx``, ``submissions/``,
``2024年报.docx``, the archives of docs/batch.md, ``my_rule.py`` from the plugin guide's
own example) are made from the bundled example before the page runs.

A command fails the test when it exits 2 or prints "internal error" or a traceback.
Where a page shows what a command prints (a rule code in the comment after it, a
comment laid out in columns as an output line, the codes in the list that follows the
block), the output must contain it.

Skipped, as they need the network or are the suite itself: ``python3 -m venv``,
``pip install``, ``pre-commit``, ``hyperfine``, ``python -m pytest``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "xiuzhou-transport-2020.docx"
ALL_PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), *sorted((ROOT / "docs").glob("report-types/*.md"))]
PAGES = [page for page in ALL_PAGES if "```sh\n" in page.read_text("utf-8")]
SKIP = re.compile(r"^(python3 -m venv|\. \.venv/bin/activate|pip install|pre-commit|hyperfine|python -m pytest)\b")
CODE = re.compile(r"\b[A-Z]{2,4}\d{3}\b")


def blocks(page: Path) -> list[tuple[str, str]]:
    """(the sh block's text, the text after it up to the next heading or block)."""
    text = page.read_text("utf-8")
    out = []
    for m in re.finditer(r"```sh\n(.*?)```\n(.*?)(?=```|\n#|\Z)", text, re.S):
        out.append((m.group(1), m.group(2)))
    return out


def commands(block: str) -> list[tuple[str, str]]:
    """(command, its trailing comment) for each line; ``&&`` chains lose their skipped
    parts (``pip install . && checker check ...`` runs the checker part)."""
    joined = re.sub(r"\\\n\s*", " ", block)
    out = []
    for line in joined.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        command, _, comment = line.partition("  #")
        if " #" in command and not comment:
            command, _, comment = command.partition(" #")
        parts = [p.strip() for p in command.split("&&") if p.strip() and not SKIP.match(p.strip())]
        if parts:
            out.append((" && ".join(parts), comment.strip()))
    return out


def _zip(path: Path, names: list[str]) -> None:
    with zipfile.ZipFile(path, "w") as z:
        for name in names:
            z.write(EXAMPLE, name)


def _my_rule() -> str:
    """The plugin guide's own ``my_rule.py`` (the python block after its marker)."""
    text = (ROOT / "docs" / "writing-plugins.md").read_text("utf-8")
    m = re.search(r"<!-- example: my_rule.py -->\n```python\n(.*?)```", text, re.S)
    assert m, "docs/writing-plugins.md lost its my_rule.py example"
    return m.group(1)


def scratch(tmp: Path) -> Path:
    """A folder holding what the pages' commands name but do not make."""
    work = tmp / "work"
    shutil.copytree(ROOT / "examples", work / "examples")
    shutil.copytree(ROOT / "docs" / "examples", work / "docs" / "examples")
    for name in ("report.docx", "2024年报.docx", "submissions/a.docx", "submissions/b.docx", "reports/a.docx",
                 "2024年度/甲局.docx", "收件/2024年度/某局.docx", "收件/2024年度/乙局.docx"):
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(EXAMPLE, work / name)
    _zip(work / "街道乡镇.zip", ["某街道.docx", "某镇.docx"])
    (work / "收件").mkdir(exist_ok=True)
    _zip(work / "收件" / "区县汇总.zip", ["某区.docx"])
    (work / "my_rule.py").write_text(_my_rule(), "utf-8")
    # docs/batch.md "A whole round": two batches of submissions and the office's roster
    for name in ("收件/第一批/某市交通运输局.docx", "收件/第一批/某区财政局.docx", "收件/第二批/某区财政局-修改稿.docx"):
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(EXAMPLE, work / name)
    (work / "名单.csv").write_text("名称,简称,类型,联系人\n某市交通运输局,市交通局,部门,张三\n某区财政局,,部门,\n", "utf-8")
    return work


#: The round's settings, as docs/batch.md tells the office to keep them in checker.yaml;
#: written before the round's first command (the page's earlier commands run without them).
ROUND_CONFIG = "roster: 名单.csv\nyear: 2024\nstore: 检查记录.db\nlang: zh\n"


def run(command: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "CI": "1",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("CHECKER_LANG", None)
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=300)


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_every_documented_command_runs(page, tmp_path):
    found = blocks(page)
    work = scratch(tmp_path)
    failures = []
    for block, after in found:
        shown = set(CODE.findall(after.split("\n\n", 1)[0] if after.startswith("\n-") else after[:0]))
        cmds = commands(block)
        for command, comment in cmds:
            if not command.strip():
                continue
            if "收件/第一批" in command and not (work / "checker.yaml").exists():
                (work / "checker.yaml").write_text(ROUND_CONFIG, "utf-8")
            proc = run(command, work)
            said = proc.stdout + proc.stderr
            if proc.returncode not in (0, 1) or "internal error" in said or "Traceback" in said:
                failures.append(f"{command!r} -> {proc.returncode}: {proc.stderr.strip()[-400:]}")
                continue
            for code in CODE.findall(comment):  # "# lists EX101", "# LO101 is listed ..."
                if code not in said:
                    failures.append(f"{command!r}: the page says {code}, the output has not")
            if "  " in comment:  # a comment laid out in columns is a line of the output
                if " ".join(comment.split()) not in [" ".join(line.split()) for line in said.splitlines()]:
                    failures.append(f"{command!r}: the page shows {comment!r}, the output has no such line")
        if shown and cmds:  # the list after the block names what the (last) command finds
            for code in shown:
                if code not in said:
                    failures.append(f"{cmds[-1][0]!r}: the page lists {code}, the output has not")
    assert not failures, "\n".join(failures)


def test_the_stderr_lines_shown_in_batch_md_are_the_real_ones(tmp_path):
    """docs/batch.md shows what a batch with a lock file and an empty file prints on
    stderr, in each language: each ``$ command`` is run and its stderr compared."""
    page = (ROOT / "docs" / "batch.md").read_text("utf-8")
    block = re.search(r"```\n(\$ checker check 2024年度/ --lang zh\n.*?)```", page, re.S).group(1)
    folder = tmp_path / "2024年度" / "区县"
    folder.mkdir(parents=True)
    shutil.copy(EXAMPLE, folder / "~$秀洲区交通运输局.docx")
    (folder / "空白.docx").write_bytes(b"")
    for chunk in re.split(r"(?m)^\$ ", block)[1:]:
        command, *shown = chunk.strip().splitlines()
        proc = run(command, tmp_path)
        assert proc.stderr.splitlines() == shown, (command, proc.stderr)
