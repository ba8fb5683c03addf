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
from .cli_words import HelpFormatter, option_value, language_before_parsing, say, speaking

#: Sub-command modules under ``checker.commands``; each has ``add_parser`` and ``run``.
COMMANDS = ("check", "rules", "plugins", "explain", "template", "fix", "history")

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse with its errors on one line (``checker check: error: argument --jobs:
    ...``) instead of a usage block and then the error: every mistake is one line, in
    the run's language (argparse's own words: :mod:`checker.cli_words`)."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str):  # type: ignore[override]
        from .errors import one_line
        from .text import printable

        text = printable(one_line(message), multiline=False)
        self.exit(EXIT_ERROR, say(f"{self.prog}：错误：{text}（见 {self.prog} --help）\n",
                                  f"{self.prog}: error: {text} (see {self.prog} --help)\n"))


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command, in the language being spoken (build it inside
    :func:`checker.cli_words.speaking`; outside, it is English)."""
    parser = _Parser(
        prog="checker",
        description=say("按规则集检查 Word（.docx）报告，例如政府信息公开工作年度报告的格式。",
                        "Check Word (.docx) reports against a profile, e.g. the format of the annual report "
                        "on government information disclosure."),
    )
    parser.add_argument("--version", action="version", version=f"checker {__version__}",
                        help=say("显示程序版本并退出", "show program's version number and exit"))
    sub = parser.add_subparsers(dest="command", metavar=say("命令", "COMMAND"))
    for name in COMMANDS:
        module = importlib.import_module(f".commands.{name}", __package__)
        command = module.add_parser(sub)
        command.set_defaults(_run=module.run)
    return parser


def add_common_options(p: argparse.ArgumentParser) -> None:
    """Options every command understands."""
    p.add_argument("--lang", choices=("zh", "en"),
                   help=say("输出语言（默认：配置文件的 lang，其次环境变量 CHECKER_LANG，再次系统区域设置）",
                            "message language (default: the configuration's lang, else CHECKER_LANG, else the locale)"))
    p.add_argument("--plugin", action="append", default=[], metavar=say("路径", "PATH"),
                   help=say("加载本地插件文件或文件夹（可重复）", "load a local plugin file or folder (repeatable)"))
    p.add_argument("--config", metavar=say("文件", "FILE"),
                   help=say("配置文件（默认：从当前文件夹向上查找 checker.yaml／pyproject.toml）",
                            "configuration file (default: search checker.yaml / pyproject.toml upward)"))
    p.add_argument("-v", "--verbose", action="store_true",
                   help=say("出错时显示调用栈及更多细节", "show tracebacks and more detail"))


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

    raw = list(sys.argv[1:] if argv is None else argv)
    lang, cfg = language_before_parsing(raw)
    with speaking(lang):  # argparse's usage, help and errors in the run's language
        parser = build_parser()
        args = parser.parse_args(raw)
        if not getattr(args, "_run", None):
            parser.print_help(sys.stderr)
            return EXIT_ERROR
    if cfg is not None and getattr(args, "config", None) == option_value(raw, "--config"):
        args._file_config = cfg  # read once: the commands reuse it (commands.common.file_config)
    try:
        return int(args._run(args) or 0)
    except CheckerError as exc:
        if getattr(args, "verbose", False):
            raise
        # the language decided before parsing: --lang, else the configuration's (when it
        # could be read), else CHECKER_LANG and the locale (English when undecidable)
        lead = "checker：错误：" if lang == "zh" else "checker: error: "
        print(f"{lead}{one_line(_in_language(exc, lang))}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        with speaking(lang):
            print(say("checker：已中断", "checker: interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_ERROR
    except Exception as exc:  # a bug: still one line unless --verbose
        if getattr(args, "verbose", False):
            raise
        detail = f"{type(exc).__name__}: {one_line(str(exc))}"
        with speaking(lang):
            print(say(f"checker：内部错误：{detail}（加 --verbose 运行可看到调用栈）",
                      f"checker: internal error: {detail} (run with --verbose for the traceback)"), file=sys.stderr)
        return EXIT_ERROR


def _in_language(exc: Exception, lang: str) -> str:
    """The error in the run's language when it carries both (``exc.message``, a
    :class:`~checker.findings.Message`), else as it was raised; control characters
    escaped so that a name in it cannot drive the terminal."""
    from .text import printable

    message = getattr(exc, "message", None)
    text = str(exc)
    if message is not None and hasattr(message, "get"):
        text = message.get(lang)
    return printable(text)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
