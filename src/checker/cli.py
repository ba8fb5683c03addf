"""The command line: ``checker check|rules|plugins|explain|template|fix|history``.

Follows the linters people know (ruff, sqlfluff, Vale): ``--select``/``--ignore``,
``--output-format``, exit code 0 clean, 1 findings at or above ``--fail-on``, 2 for a
usage, configuration or plugin error or an unreadable input. Errors are one line on
stderr; a traceback only with ``--verbose``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

from . import __version__

#: Sub-command modules under ``checker.commands``; each has ``add_parser`` and ``run``.
COMMANDS = ("check", "rules", "plugins", "explain", "template", "fix", "history")

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse with its errors on one line (``checker check: error: argument --jobs:
    ...``) instead of a usage block and then the error: every mistake is one line."""

    def error(self, message: str):  # type: ignore[override]
        from .errors import one_line
        from .text import printable

        self.exit(EXIT_ERROR, f"{self.prog}: error: {printable(one_line(message), multiline=False)} "
                              f"(see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="checker",
        description="Check Word (.docx) reports against a profile, e.g. the 政府信息公开工作年度报告 format.",
    )
    parser.add_argument("--version", action="version", version=f"checker {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f".commands.{name}", __package__)
        command = module.add_parser(sub)
        command.set_defaults(_run=module.run)
    return parser


def add_common_options(p: argparse.ArgumentParser) -> None:
    """Options every command understands."""
    p.add_argument("--lang", choices=("zh", "en"), help="message language (default: from the locale)")
    p.add_argument("--plugin", action="append", default=[], metavar="PATH",
                   help="load a local plugin file or folder (repeatable)")
    p.add_argument("--config", metavar="FILE", help="configuration file (default: search checker.yaml / pyproject.toml upward)")
    p.add_argument("-v", "--verbose", action="store_true", help="show tracebacks and more detail")


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; ``argv`` None means the process's own command line.

    As the program itself (the console script, ``python -m checker``), the objects left
    at the end are frozen out of the cyclic garbage collector: the interpreter's last
    collection at exit would otherwise walk every object the check made, about 90 ms
    of a 450 ms ``checker check one.docx`` (docs/performance.md). Memory is returned to
    the system at exit either way. Callers that pass ``argv`` (tests, embedding code)
    keep an ordinary collector.
    """
    try:
        return _main(argv)
    finally:
        if argv is None:
            import gc

            gc.freeze()


def _main(argv: Sequence[str] | None) -> int:
    from .errors import CheckerError, one_line

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    try:
        return int(args._run(args) or 0)
    except CheckerError as exc:
        if getattr(args, "verbose", False):
            raise
        from .reporters import safe_lang

        lead = "checker：错误：" if safe_lang(getattr(args, "lang", None)) == "zh" else "checker: error: "
        print(f"{lead}{one_line(_in_language(exc, args))}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("checker: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_ERROR
    except Exception as exc:  # a bug: still one line unless --verbose
        if getattr(args, "verbose", False):
            raise
        print(f"checker: internal error: {type(exc).__name__}: {one_line(str(exc))} (run with --verbose for the traceback)",
              file=sys.stderr)
        return EXIT_ERROR


def _in_language(exc: Exception, args: argparse.Namespace) -> str:
    """The error in the run's language when it carries both (``exc.message``, a
    :class:`~checker.findings.Message`), else as it was raised; control characters
    escaped so that a name in it cannot drive the terminal."""
    from .text import printable

    message = getattr(exc, "message", None)
    text = str(exc)
    if message is not None and hasattr(message, "get"):
        from .reporters import safe_lang

        text = message.get(safe_lang(getattr(args, "lang", None)))
    return printable(text)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
