"""Turn command-line paths (files, folders) into the list of inputs to check."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable


@dataclass(frozen=True)
class InputItem:
    """One thing to check. ``skip`` carries a note for inputs passed over on purpose."""

    label: str
    path: str
    skip: str | None = None


def expand_inputs(paths: Iterable[str]) -> list[InputItem]:
    items: list[InputItem] = []
    for p in paths:
        path = Path(p)
        if path.is_dir() and not p.lower().endswith(".docx"):
            for f in sorted(path.rglob("*")):
                if f.is_file() and f.suffix.lower() in (".docx", ".docm"):
                    items.append(InputItem(str(f), str(f)))
        else:
            items.append(InputItem(os.fspath(p), os.fspath(p)))
    return items
