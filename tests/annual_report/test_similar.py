"""``layout.similar`` skips difflib when the label lengths rule a match out; it must decide
exactly as ``similarity(a, b) >= threshold`` does."""

from __future__ import annotations

import random

from checker.report.layout import similar, similarity


def test_similar_agrees_with_similarity() -> None:
    rng = random.Random(1)
    alphabet = "政府信息公开工作年度报告一二三四、（）总体情况 "
    for _ in range(3000):
        a = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        b = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        for threshold in (0.5, 0.7, 0.8):
            assert similar(a, b, threshold) == (similarity(a, b) >= threshold), (a, b, threshold)
