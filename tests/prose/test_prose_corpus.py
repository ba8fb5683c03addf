"""The four real reports give exactly the prose findings of ``../shared/corpus/README.md``."""

from __future__ import annotations

import pytest
from prose_helpers import engine, prose_findings, summary

EXPECTED = {
    "xiuzhou-transport-2020.docx": [],  # 187 = 30+6+3+4+24+29+55+24+12; 收到1件，办结1件 matches
    "shanghai-gov-office-2019.docx": [
        ("AR801", "error", "275", "258"),  # 予以公开及部分公开258件 (258+12+1+1 + 3)
        ("AR801", "error", "337", "265"),  # 无法提供265件 (265+47+25)
        ("AR801", "error", "5 / 8", "7 / 9"),  # 行政复议7件，诉讼9件，均获维持 (2 + 1 pending)
    ],
    "huaian-gov-2024.docx": [],  # 政策性文件11件 is broader than 行政规范性文件 8
    "official-template-2021-blank.docx": [],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_prose_findings(corpus_dir, name):
    res = engine().check_path(str(corpus_dir / name))
    assert summary(res) == EXPECTED[name]


def test_shanghai_messages_name_sentence_cells_and_values(corpus_dir):
    res = engine().check_path(str(corpus_dir / "shanghai-gov-office-2019.docx"))
    open_part, unable, upheld = prose_findings(res)
    assert "予以公开及部分公开258件" in open_part.message.zh
    assert "（一）予以公开 + （二）部分公开 (column 总计; table 3, rows 6, 7, col 10)" in open_part.message.en
    assert "（一）予以公开＋（二）部分公开（“总计”列，表三第6、7行第10列）为275" in open_part.message.zh
    assert "无法提供265件" in unable.message.zh and "1.本机关不掌握相关政府信息＋" in unable.message.zh
    assert "均获维持" in upheld.message.zh and "5 upheld (行政复议/结果维持; table 4, row 4, col 1)" in upheld.message.en
    assert "尚未审结2件" in upheld.message.zh and "尚未审结1件" in upheld.message.zh  # 2 reviews, 1 lawsuit pending
    assert {f.location.paragraph for f in (open_part, unable, upheld)} == {14}


def test_another_agencys_report_is_not_compared(corpus_dir):
    # consecutive years (2019, 2020) but not the same agency: one info, no comparison
    eng = engine()
    prev = eng.read(str(corpus_dir / "shanghai-gov-office-2019.docx"), "prev")
    res = eng.check_path(str(corpus_dir / "xiuzhou-transport-2020.docx"), previous=prev)
    assert [(c, s) for c, s, *_ in summary(res)] == [("AR811", "info")]
    assert "上海市人民政府办公厅" in prose_findings(res)[0].message.zh
