"""Meta-tests (as in datasette): every hook is documented for plugin authors and
exercised by a test; the docs' discovery order and example plugin are the real ones."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from checker import hookspecs, plugins
from checker.profiles import PROFILE_SCHEMA

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
TESTS = ROOT / "tests"


def hookspec_names() -> list[str]:
    return sorted(
        name
        for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
        if name.startswith("checker_") and hasattr(fn, f"{hookspecs.PROJECT}_spec")
    )


def writing_plugins() -> str:
    return (DOCS / "writing-plugins.md").read_text("utf-8")


def test_hookspecs_are_found():
    names = hookspec_names()
    assert "checker_rules" in names and len(names) >= 5


@pytest.mark.parametrize("hook", hookspec_names())
def test_hook_is_documented(hook):
    assert re.search(rf"^### `{hook}\(", writing_plugins(), re.M), f"{hook} has no section in docs/writing-plugins.md"


def test_no_documented_hook_is_stale():
    documented = set(re.findall(r"^### `(checker_\w+)\(", writing_plugins(), re.M))
    assert documented == set(hookspec_names())


@pytest.mark.parametrize("hook", hookspec_names())
def test_hook_is_exercised_by_a_test(hook):
    this = Path(__file__).resolve()
    users = [
        p.relative_to(ROOT)
        for p in TESTS.rglob("*.py")
        if p.resolve() != this and re.search(rf"def {hook}\(", p.read_text("utf-8", errors="replace"))
    ]
    assert users, f"no test implements {hook}"


@pytest.mark.parametrize("hook", hookspec_names())
def test_documented_parameters_match_the_spec(hook):
    params = list(inspect.signature(getattr(hookspecs, hook)).parameters)
    heading = re.search(rf"^### `{hook}\(([^)]*)\)`", writing_plugins(), re.M)
    assert heading, hook
    assert [p.strip() for p in heading.group(1).split(",") if p.strip()] == params


def test_discovery_order_in_the_docs_is_the_one_in_plugins_py():
    def numbered(text: str) -> list[str]:
        items = re.findall(r"^\d+\. (.*?)(?=^\d+\. |^\S|\Z)", text, re.M | re.S)
        return [" ".join(item.replace("``", "`").split()) for item in items]

    code_list = numbered(inspect.getdoc(plugins).split("Discovery order", 1)[1].split("\n\n", 1)[1])
    assert len(code_list) == 3
    docs_section = writing_plugins().split("## 3. How plugins are found", 1)[1].split("\n## ", 1)[0]
    docs_list = numbered(docs_section)
    assert len(docs_list) == len(code_list)
    for in_code, in_docs in zip(code_list, docs_list):
        assert in_docs.startswith(in_code.rstrip(";.")), (in_code, in_docs)


def test_every_profile_key_is_documented():
    doc = (DOCS / "profiles.md").read_text("utf-8")
    for key in PROFILE_SCHEMA["properties"]:
        assert f"| `{key}`" in doc, key


def test_the_local_rule_example_in_the_docs_works(tmp_path, make_engine):
    """The ``my_rule.py`` of docs/writing-plugins.md loads and finds what it says."""
    from checker.engine import Engine, Settings

    from .helpers import doc

    block = re.search(r"<!-- example: my_rule.py -->\n```python\n(.*?)```", writing_plugins(), re.S)
    assert block, "the example block is marked <!-- example: my_rule.py -->"
    (tmp_path / "my_rule.py").write_text(block.group(1), encoding="utf-8")
    engine = Engine(Settings(plugins=(str(tmp_path / "my_rule.py"),), select=("LO",)))
    assert [r.code for r in engine.selected_rules(None)] == ["LO101"]

    def codes(*texts):
        return [f.code for f in engine.check_document(doc(*texts)).findings]

    assert codes("一、总体情况", "联系电话：0571-12345678") == []
    assert codes("一、总体情况", "联系电话：见网站") == ["LO101"]
    assert codes("一、总体情况") == ["LO101"]
