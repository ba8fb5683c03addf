"""Small builders shared by the core tests: rules, plugins and documents without a .docx."""

from __future__ import annotations

import textwrap
from pathlib import Path

from checker import Category, Location, Message, Problem, Rule, Severity, hookimpl
from checker.model import Document, Paragraph

#: A complete local plugin, as a user would write it in one file.
RULE_FILE = textwrap.dedent(
    '''
    from checker import Category, Location, Message, Problem, Rule, hookimpl


    class NoTodo(Rule):
        """No paragraph may still say TODO."""

        code = "ZZ001"
        name = "no-todo"
        category = Category.NARRATIVE
        summary = Message(zh="不得遗留 TODO", en="no TODO left in the text")

        def check(self, doc, ctx):
            for p in doc.paragraphs:
                if "TODO" in p.text:
                    yield Problem(Message(zh="遗留 TODO", en="TODO left"), Location(paragraph=p.index, excerpt=p.text))


    @hookimpl
    def checker_rules():
        return [NoTodo]
    '''
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def doc(*texts: str, path: str = "report.docx") -> Document:
    """A document model with one body paragraph per text (no reader involved)."""
    return Document(path=path, blocks=[Paragraph(index=i, text=t, content=t) for i, t in enumerate(texts, 1)])


def make_rule(code: str, *, severity: Severity = Severity.ERROR, category: Category = Category.NARRATIVE,
              check=None, options=None) -> type[Rule]:
    """A declared rule whose ``check`` is ``check(doc, ctx)`` (default: one problem per 'BAD' paragraph)."""

    def default_check(self, d, ctx):
        for p in d.paragraphs:
            if "BAD" in p.text:
                yield Problem(Message(zh="坏", en="bad"), Location(paragraph=p.index))

    return type(
        f"Rule_{code}",
        (Rule,),
        {
            "__doc__": f"Rule {code} for tests.",
            "code": code,
            "name": f"rule-{code.lower()}",
            "category": category,
            "default_severity": severity,
            "summary": Message(zh=f"规则{code}", en=f"rule {code}"),
            "default_options": dict(options or {}),
            "check": (lambda self, d, ctx: check(d, ctx)) if check else default_check,
        },
    )


class RulesPlugin:
    """A plugin object contributing the given rules (and optionally profiles)."""

    def __init__(self, *rules: type[Rule], profiles: dict | None = None):
        self.rules = list(rules)
        self.profiles = profiles

    @hookimpl
    def checker_rules(self):
        return self.rules

    @hookimpl
    def checker_profiles(self):
        return self.profiles
