"""Errors the command line turns into one-line messages and exit code 2."""

from __future__ import annotations


class CheckerError(Exception):
    """Base of every error that is the user's or the input's fault, not a bug."""


class InputError(CheckerError):
    """An input file could not be read as a report. ``str()`` is the one-line reason."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ConfigError(CheckerError):
    """A profile or configuration file is invalid: names the file, the key and why."""


class PluginError(CheckerError):
    """A plugin failed to load or declared something invalid."""


def one_line(text: str) -> str:
    """A message on one line, whatever the library that wrote it (pluggy's span lines)."""
    return "; ".join(line.strip() for line in text.splitlines() if line.strip())
