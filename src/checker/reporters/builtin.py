"""The host's own output formats, registered through the same hook a plugin uses."""

from __future__ import annotations

from ..hookspecs import hookimpl


def _lazy(module: str, attr: str = "report"):
    """Import the reporter only when it runs, so start-up stays fast."""

    def run(results, options, stream):
        import importlib

        return getattr(importlib.import_module(module, __package__), attr)(results, options, stream)

    run.__name__ = f"{module.strip('.')}_{attr}"
    return run


@hookimpl
def checker_output_formats():
    return {
        "text": _lazy(".text"),
        "json": _lazy(".json_report"),
        "sarif": _lazy(".sarif"),
        "junit": _lazy(".junit"),
        "csv": _lazy(".csv_report"),
        "csv-summary": _lazy(".csv_report", "summary_report"),
        "html": _lazy(".html"),
    }
