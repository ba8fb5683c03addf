"""Why an input could not be read, in both languages.

Every reason the checker makes is bilingual where it is made (``InputError(path,
Message(zh=..., en=...))``: the reader, the archive expansion in ``batch/inputs.py``, the
runner's time budget, crash and memory reasons, the converter). :func:`bilingual_reason`
is the fallback for a reason that still arrives as English text only, the English kept
in brackets wherever the Chinese is shown, so that nothing is lost:

* the legacy-format reasons ``checker.round.session`` writes as English strings for a
  round without a converter (``_reader_reason``: .doc, .wps, .rtf, .odt), which reach
  it through ``checker.batch.runner.explain_reason`` and ``error_result``: the two
  patterns below are for them, and go when that module makes them bilingual;
* a reason from outside the checker: a third-party plugin's ``InputError`` or
  ``error_result`` given a ``str``. No pattern knows those; they are shown as
  ``无法读取文件（<English>）``.
"""

from __future__ import annotations

import re
from typing import Callable

from .findings import Message

_CONVERT_ZH = "请用 Word 或 WPS 打开，“另存为” .docx 格式后重新提交"
#: Patterns of the English reasons still made without their Chinese (see above).
_REASONS_ZH: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"legacy Word 97-2003 \.doc|WPS \.wps|WPS/Works \.wps"),
     lambda m: f"这是旧版 Word 97-2003 .doc 或 WPS .wps 文件，不是 .docx：{_CONVERT_ZH}"),
    (re.compile(r"^an RTF file|OpenDocument"), lambda m: f"文件格式不是 .docx：{_CONVERT_ZH}"),
]


def bilingual_reason(reason: str) -> Message:
    """The English one-line ``reason`` with its Chinese twin (``zh`` is "" when no
    pattern knows it: the English is then shown in brackets after a Chinese lead-in)."""
    for pattern, zh in _REASONS_ZH:
        m = pattern.search(reason)
        if m:
            return Message(zh=zh(m), en=reason)
    return Message(zh="", en=reason)


def unreadable_message(reason: Message) -> Message:
    """The message of an unreadable input's finding: ``无法读取文件：<中文>（<English>）``."""
    if not reason.zh:
        zh = f"无法读取文件（{reason.en}）"
    elif reason.en and reason.en not in reason.zh:
        zh = f"无法读取文件：{reason.zh}（{reason.en}）"
    else:
        zh = f"无法读取文件：{reason.zh}"
    return Message(zh=zh, en=f"cannot read the file: {reason.en}")
