"""Errors the command line turns into one-line messages and exit code 2.

Every error may carry its text in both languages (``message``, a
:class:`~checker.findings.Message`): the command line prints the one the run speaks,
so that a user who chose ``--lang zh`` is not answered in English. ``str()`` is the
English text, for logs and for code that only wants a string.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from .findings import Message

Text = Union[str, "Message"]


def _split(text: Text) -> tuple[str, "Message | None"]:
    """(English text, the bilingual message or None) of a str or a Message."""
    if isinstance(text, str):
        return text, None
    return text.en, text


class CheckerError(Exception):
    """Base of every error that is the user's or the input's fault, not a bug."""

    def __init__(self, text: Text = "", *args: object) -> None:
        en, message = _split(text)
        super().__init__(en, *args)
        #: Both languages when the raise site had them; None for English-only text.
        self.message: Message | None = message


class InputError(CheckerError):
    """An input file could not be read as a report.

    ``reason`` is the English one-line reason (the JSON ``error`` field keeps it);
    ``message`` the reason in both languages. The checker's own raise sites give both
    (``Message(zh=..., en=...)``); a raise site that only has English text (a
    third-party plugin) gets what :func:`checker.reasons.bilingual_reason` knows of it,
    the English kept in brackets.
    """

    def __init__(self, path: str, reason: Text):
        en, message = _split(reason)
        if message is None:
            from .reasons import bilingual_reason

            message = bilingual_reason(en)
        from .findings import Message

        super().__init__(f"{path}: {en}")
        self.path = path
        self.reason = en
        #: The reason alone, both languages (an unreadable file's finding is made of it).
        self.reason_message: Message = message
        #: The one-line error naming the file, as the command line prints it.
        self.message = Message(zh=f"{path}：{message.zh or '无法读取'}"
                               + (f"（{en}）" if en and en not in message.zh else ""), en=f"{path}: {en}")


class ConfigError(CheckerError):
    """A profile or configuration file is invalid: names the file, the key and why."""


class PluginError(CheckerError):
    """A plugin failed to load or declared something invalid."""


def usage_error(zh: str, en: str) -> ConfigError:
    """A usage or configuration error in both languages (printed in the run's language)."""
    from .findings import Message

    return ConfigError(Message(zh=zh, en=en))


def one_line(text: str) -> str:
    """A message on one line, whatever the library that wrote it (pluggy's span lines)."""
    return "; ".join(line.strip() for line in text.splitlines() if line.strip())
