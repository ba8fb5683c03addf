"""Why an input could not be read, in both languages.

Reasons are best written bilingual where they are raised (``InputError(path,
Message(zh=..., en=...))``). Raise sites that still give English only (the reader, the
archive expansion in ``batch/inputs.py``) get their Chinese here, from the English
text: a table of patterns, the English kept in brackets wherever the Chinese is shown,
so that nothing is lost when a pattern is too coarse.
"""

from __future__ import annotations

import re
from typing import Callable

from .findings import Message

_CONVERT_ZH = "请用 Word 或 WPS 打开，“另存为” .docx 格式后重新提交"
_REASONS_ZH: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"^empty file"), lambda m: "空文件（0 字节）"),
    (re.compile(r"password-protected \(encrypted\) \.docx"),
     lambda m: "文件设置了打开密码（已加密），无法检查：请在 Word 中取消密码（文件 > 信息 > 保护文档）后重新提交"),
    (re.compile(r"encrypted \(password-protected\) archive entry"),
     lambda m: "压缩包中的该文件设置了密码：请先用密码解压，再检查其中的 .docx"),
    (re.compile(r"encrypted \(password-protected\) zip entries"),
     lambda m: "文件内部的部分内容设置了密码（已加密），无法检查：请在 Word 中取消密码后重新保存为 .docx"),
    (re.compile(r"legacy Word 97-2003 \.doc|WPS \.wps|WPS/Works \.wps|legacy Office \(OLE2\)"),
     lambda m: f"这是旧版 Word 97-2003 .doc 或 WPS .wps 文件，不是 .docx：{_CONVERT_ZH}"),
    (re.compile(r"^a PDF file"), lambda m: "这是 PDF 文件，不是 .docx：请提交 Word 原稿（.docx）"),
    (re.compile(r"^an RTF file|^a web page|flat XML|OpenDocument"),
     lambda m: f"文件格式不是 .docx：{_CONVERT_ZH}"),
    (re.compile(r"exceeded the time budget of (\S+) s"), lambda m: f"检查超时：超过每个文件 {m.group(1)} 秒的时间限制"),
    (re.compile(r"worker process .*crashed|worker process .*exited"),
     lambda m: "检查该文件的工作进程意外退出（可能是文件过于复杂或已损坏）"),
    (re.compile(r"exceeded the memory ceiling of (\S+ \S+|the available memory)"),
     lambda m: "检查该文件所需内存超过上限（限制 max-memory-bytes），未完成检查"),
    (re.compile(r"archives of this batch hold more than (\d+) entries"),
     lambda m: f"本次检查的压缩包条目总数超过 {m.group(1)} 个，该压缩包中的文件未检查（请分批检查）"),
    (re.compile(r"archive holds too many entries"),
     lambda m: "压缩包（含其中的压缩包）条目过多，超出 max-parts 限制，未检查其中的文件"),
    (re.compile(r"archives inside this archive expand beyond"),
     lambda m: "压缩包中的压缩包解压后总量超出 max-total-bytes 限制，未打开"),
    (re.compile(r"^no such file"), lambda m: "文件不存在"),
    (re.compile(r"is a folder"), lambda m: "这是文件夹，不是文件"),
    (re.compile(r"permission denied"), lambda m: "没有读取该文件的权限"),
    (re.compile(r"compression method"), lambda m: "压缩包条目使用了不支持的压缩方式：请用常规 zip 压缩重新打包"),
    (re.compile(r"^internal error"), lambda m: "检查程序内部错误，请将该文件报告给维护人员"),
    (re.compile(r"decompression bomb|too large|too many"), lambda m: "文件过大或结构异常（超出安全限制），已拒绝检查"),
    (re.compile(r"broken zip|not a valid|not a \.docx|not a Word document|cannot read|malformed|cannot extract"),
     lambda m: "文件已损坏或不是有效的 .docx：请在 Word 中打开并重新保存为 .docx 后再提交"),
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
