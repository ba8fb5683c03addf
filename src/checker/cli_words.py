"""The command line's own words in the run's language: argparse's and the options'.

The checker speaks one language at a time (``--lang``, else the configuration's ``lang``,
else ``CHECKER_LANG``, else the locale: :func:`checker.reporters.pick_lang`). argparse
writes its usage, section titles and errors (``usage:``, ``options:``, ``error: argument
--jobs: invalid int value``, ``the following arguments are required``) through gettext:
the argparse module does ``from gettext import gettext as _, ngettext`` and calls those
two names at run time. A gettext catalogue cannot carry the translation, because
argparse asks gettext's *global* domain, whose catalogue gettext picks from the
environment (``LANGUAGE``, ``LC_ALL``…), not from ``--lang``. So:

* the language is decided from the raw command line before parsing
  (:func:`language_before_parsing`), the same way the commands decide it afterwards;
* while the parser is built and run (:func:`speaking`), argparse's two gettext names
  point at :func:`_gettext` / :func:`_ngettext`, which look argparse's English message up
  in :data:`ARGPARSE_ZH` when the language is Chinese, and are put back afterwards;
* every text of our own (a command's help and description, an option's help and
  placeholder, a type check's complaint) is written in both languages where it is
  defined, with :func:`say`, which returns the language being spoken;
* :class:`HelpFormatter` wraps and aligns by display width, so that Chinese help
  (each character two columns wide, no spaces to break at) fits the terminal.
"""

from __future__ import annotations

import argparse
import re
import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Iterator, Sequence

if TYPE_CHECKING:
    from .config import FileConfig

#: The language the command line is speaking (``zh`` or ``en``), set by :func:`speaking`.
_LANG: ContextVar[str] = ContextVar("checker_cli_lang", default="en")

#: argparse's English messages (its gettext message ids) and their Chinese. Only the
#: ones a user can meet: argparse's complaints about a program's own declarations
#: (``dest= is required…``) are for the programmer and stay English. A test checks
#: that every user-facing message of the running Python's argparse is here.
ARGPARSE_ZH: dict[str, str] = {
    "usage: ": "用法：",
    "options": "选项",
    "optional arguments": "选项",  # Python before 3.10
    "positional arguments": "位置参数",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示程序版本并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    # the type's name (int, float) is a Python word: the Chinese says "value" instead
    "invalid %(type)s value: %(value)r": "无效的值 %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择 %(value)r（可选：%(choices)s）",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "expected at most one argument": "最多只能有一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 必须给出其中一个",
    "ignored explicit argument %r": "不接受值 %r",
    "unexpected option string: %s": "意外的选项 %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "未知的命令 %(parser_name)r（可选：%(choices)s）",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
}

#: argparse's plural messages (``ngettext``): (singular, plural) -> Chinese.
ARGPARSE_ZH_PLURAL: dict[tuple[str, str], str] = {
    ("expected %s argument", "expected %s arguments"): "需要 %s 个值",
}


def say(zh: str, en: str) -> str:
    """The text of the language being spoken: every help text, description and
    placeholder of the command line is written in both languages at its definition."""
    return zh if _LANG.get() == "zh" else en


def current_lang() -> str:
    """The language being spoken (``en`` outside :func:`speaking`)."""
    return _LANG.get()


def _gettext(message: str) -> str:
    if _LANG.get() == "zh":
        return ARGPARSE_ZH.get(message, message)
    return message


def _ngettext(singular: str, plural: str, n: int) -> str:
    if _LANG.get() == "zh":
        zh = ARGPARSE_ZH_PLURAL.get((singular, plural))
        if zh is not None:
            return zh
    return singular if n == 1 else plural


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Build and run the parser in ``lang``: :func:`say` answers in it and argparse's
    own words come from :data:`ARGPARSE_ZH`. argparse's gettext names are put back on
    the way out (an embedding program's own parsers stay as they were)."""
    token = _LANG.set(lang if lang in ("zh", "en") else "en")
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _gettext, _ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]
        _LANG.reset(token)


# --- the language before parsing ------------------------------------------------------


def option_value(argv: Sequence[str], option: str) -> str | None:
    """The value of the last ``option VALUE`` / ``option=VALUE`` before ``--``, as
    argparse would take it (the last one wins)."""
    value = None
    for i, token in enumerate(argv):
        if token == "--":
            break
        if token == option and i + 1 < len(argv):
            value = argv[i + 1]
        elif token.startswith(option + "="):
            value = token[len(option) + 1:]
    return value


def language_before_parsing(argv: Sequence[str]) -> tuple[str, FileConfig | None]:
    """The run's language, decided from the raw command line as the commands decide it
    after parsing (``--lang``, the configuration's ``lang``, ``CHECKER_LANG``, the
    locale), and the configuration read on the way (None when it was not read or could
    not be: the command reads it again and reports the error in its usual words).

    Never raises: a wrong ``--lang``, configuration or ``CHECKER_LANG`` is refused later,
    by argparse or the command, in the language decidable without it (English when
    nothing is)."""
    from .reporters import pick_lang, safe_lang

    flag = option_value(argv, "--lang")
    if flag in ("zh", "en"):
        return flag, None
    cfg = None
    try:
        from .config import find_config, load_config_file

        path = option_value(argv, "--config")
        cfg = load_config_file(path) if path else find_config()
        configured = cfg.get("lang")
        return (pick_lang(None, configured if configured in ("zh", "en") else None), cfg)
    except Exception:  # noqa: BLE001 - the command reports it; here only the language matters
        return safe_lang(None), cfg


# --- help laid out by display width ----------------------------------------------------


def display_width(text: str) -> int:
    """Terminal columns of ``text``: a wide (Chinese) character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


#: One unit of wrapping: a run of spaces, one wide character, or a run of other characters.
_UNIT = re.compile(r"\s+|[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+")
#: Punctuation that never starts a line / never ends one (Chinese line-breaking rules).
_NO_START = set("，。；：、）》」』”’！？…%")
_NO_END = set("（《「『“‘")


def wrap(text: str, width: int) -> list[str]:
    """``text`` (whitespace folded) in lines of at most ``width`` columns, breaking at
    spaces and between Chinese characters; closing punctuation never starts a line (the
    character before it moves down with it) and opening punctuation never ends one."""
    units = _UNIT.findall(" ".join(text.split()))
    lines: list[list[str]] = [[]]

    def used(line: list[str]) -> int:
        return display_width("".join(line))

    for unit in units:
        line = lines[-1]
        if unit.isspace():
            if line:
                line.append(" ")
            continue
        if not line or used(line) + display_width(unit) <= width:
            line.append(unit)
            continue
        carry: list[str] = []
        if unit[0] in _NO_START:  # the last character goes down with the punctuation
            while line and (line[-1][-1] in _NO_START or not carry) and len(line) > 1:
                carry.insert(0, line.pop())
                if carry[0].isspace():
                    carry.pop(0)
                    break
        while line and (line[-1].isspace() or line[-1][-1] in _NO_END) and len(line) > 1:
            moved = line.pop()
            if not moved.isspace():
                carry.insert(0, moved)
        lines.append(carry + [unit])
    return ["".join(line).rstrip() for line in lines if "".join(line).strip()] or [""]


def _has_wide(text: str) -> bool:
    return display_width(text) != len(text)


class HelpFormatter(argparse.HelpFormatter):
    """argparse's layout measured in terminal columns: Chinese help is wrapped between
    characters (it has no spaces), and a Chinese placeholder (``--config 文件``) or
    ``用法：`` does not push the help column or the usage's second line out of line.
    A Chinese section title ends in a full-width colon (``选项：``), as Chinese text does."""

    class _Section(argparse.HelpFormatter._Section):  # type: ignore[name-defined]
        def format_help(self) -> str:
            text = super().format_help()
            heading = self.heading
            if heading and heading is not argparse.SUPPRESS and _has_wide(heading):
                text = text.replace(f"{heading}:\n", f"{heading}：\n", 1)
            return text

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap(text, width) if _has_wide(text) else super()._split_lines(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if not _has_wide(text):
            return super()._fill_text(text, width, indent)
        return "\n".join(indent + line for line in wrap(text, width - len(indent)))

    def _format_action(self, action: argparse.Action) -> str:
        text = super()._format_action(action)
        header = self._format_action_invocation(action)
        extra = display_width(header) - len(header)
        lead = " " * self._current_indent + header
        first, sep, rest = text.partition("\n")
        if not extra or not first.startswith(lead) or not first[len(lead):].strip():
            return text
        after = first[len(lead):]
        gap = len(after) - len(after.lstrip(" "))
        if gap - extra >= 2:  # the help still fits on the line, one column grid as the others
            first = lead + " " * (gap - extra) + after.lstrip(" ")
        else:  # the help moves under the others, as argparse does for a long option
            first = lead + "\n" + " " * (len(lead) + gap) + after.lstrip(" ")
        return first + sep + rest

    def _format_usage(self, usage, actions, groups, prefix) -> str:  # type: ignore[no-untyped-def]
        """argparse's usage, its continuation lines shifted under the first as the prefix
        (``用法：``) is displayed, and wrapped narrower until it fits the width: argparse
        measures the Chinese placeholders in characters, not columns."""
        shown = prefix if prefix is not None else argparse._("usage: ")  # type: ignore[attr-defined]
        extra = display_width(shown) - len(shown)
        width = self._width
        try:
            while True:
                text = super()._format_usage(usage, actions, groups, prefix)
                lines = text.split("\n")
                lines = [lines[0]] + [(" " * extra + line) if line.strip() else line for line in lines[1:]]
                if max(map(display_width, lines)) <= width or self._width <= width // 2:
                    return "\n".join(lines)
                self._width -= 2
        finally:
            self._width = width
