"""The clause, segment and sentence of a quantity, found by binary search in the break
positions of its text, are the spans a walk from the quantity to the breaks finds."""

from __future__ import annotations

import random

import pytest

from checker.report import quantities as q

ENDS = (q._SENTENCE_END, q._SENTENCE_END + q._SEGMENT_END, q._SENTENCE_END + q._SEGMENT_END + q._CLAUSE_END)


def walk(text: str, pos: int, ends: str) -> tuple[int, int]:
    """The reference: step left and right from ``pos`` to the nearest breaks."""
    a = pos
    while a > 0 and not q._is_break(text, a - 1, ends):
        a -= 1
    b = pos
    while b < len(text) and not q._is_break(text, b, ends):
        b += 1
    return a, b


def texts() -> list[str]:
    fixed = [
        "",
        "共收到申请3,119件，其中予以公开1,200件；不予公开5件。",
        "，开头就断，3，4，，（括号）(半角)结尾。",
        "1,2,3，4，5",
        "一句\n另一句！还有？最后",
    ]
    rng = random.Random(7)
    alphabet = "0123456789,，；;。！？!?\n（）()共件条文字"
    return fixed + ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(300)]


@pytest.mark.parametrize("ends", ENDS)
def test_span_is_the_walk(ends: str) -> None:
    for text in texts():
        for pos in range(len(text) + 1):
            a, b = walk(text, pos, ends)
            assert q._span(text, pos, ends) == q.Span(a, b, text[a:b]), (text, pos)
