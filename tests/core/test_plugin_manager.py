"""The plugin manager factory: entry points, local plugins, and every way loading can fail."""

from __future__ import annotations

from importlib.metadata import EntryPoint

import pytest

from checker import Category, Message, Rule, hookimpl
from checker.errors import PluginError
from checker.plugins import describe_plugins, get_plugin_manager
from checker.registry import build_registry

from .helpers import RULE_FILE, RulesPlugin, make_rule, write

pytestmark = pytest.mark.usefixtures("clean_modules")


def names(pm) -> list[str]:
    return [name for name, _ in pm.list_name_plugin()]


def assert_one_line(exc: BaseException, *needles: str) -> None:
    text = str(exc)
    assert "\n" not in text, text
    for needle in needles:
        assert needle in text, (needle, text)


# entry points -------------------------------------------------------------------


@pytest.fixture
def fake_entry_points(monkeypatch, tmp_path):
    """``fake_entry_points({"name": "module source" or None})``: modules on sys.path
    advertised in the ``checker`` group (None: the entry point names a missing module)."""

    def install(packs: dict[str, str | None]) -> None:
        eps = []
        for ep_name, source in packs.items():
            module = f"ep_pack_{ep_name}"
            if source is not None:
                write(tmp_path / f"{module}.py", source)
            eps.append(EntryPoint(name=ep_name, value=module, group="checker"))
        monkeypatch.syspath_prepend(str(tmp_path))
        monkeypatch.setattr("checker.plugins.entry_points", lambda group: [e for e in eps if e.group == group])

    return install


def rule_module(code: str) -> str:
    return RULE_FILE.replace("ZZ001", code).replace("NoTodo", f"Rule{code}")


def test_installed_packs_come_through_the_entry_point_group():
    pm = get_plugin_manager()
    assert names(pm)[0] == "checker.reporters"  # the host's built-ins first
    assert {"core", "annual_report"} <= set(names(pm))
    reg = build_registry(pm)
    assert {"text", "json"} <= set(reg.output_formats)


def test_entry_points_are_registered_in_name_order(fake_entry_points):
    fake_entry_points({"zeta": rule_module("ZB101"), "alpha": rule_module("ZA101")})
    pm = get_plugin_manager()
    assert names(pm) == ["checker.reporters", "alpha", "zeta"]
    reg = build_registry(pm)
    assert reg.rule_plugin == {"ZA101": "alpha", "ZB101": "zeta"}
    assert reg.prefixes("alpha") == ["ZA"]


def test_entry_points_can_be_switched_off(fake_entry_points):
    fake_entry_points({"alpha": rule_module("ZA101")})
    assert names(get_plugin_manager(entry_points_enabled=False)) == ["checker.reporters"]


def test_entry_point_that_fails_to_import_names_itself(fake_entry_points):
    fake_entry_points({"good": rule_module("ZA101"), "broken": "import no_such_module_anywhere\n"})
    with pytest.raises(PluginError) as info:
        get_plugin_manager()
    assert_one_line(info.value, "'broken'", "ep_pack_broken", "ModuleNotFoundError", "no_such_module_anywhere")


def test_entry_point_naming_a_missing_module(fake_entry_points):
    fake_entry_points({"ghost": None})
    with pytest.raises(PluginError) as info:
        get_plugin_manager()
    assert_one_line(info.value, "'ghost'", "failed to load")


# local plugins ----------------------------------------------------------------------


def test_local_plugin_file(tmp_path):
    path = write(tmp_path / "my_rule.py", RULE_FILE)
    pm = get_plugin_manager([str(path)], entry_points_enabled=False)
    reg = build_registry(pm)
    assert list(reg.rules) == ["ZZ001"]
    assert reg.rule_plugin["ZZ001"] == f"local:{path}"
    info = {i.name: i for i in describe_plugins(pm)}[str(path)]
    assert (info.version, info.source) == ("-", "local")


def test_local_plugin_package_folder_with_relative_imports(tmp_path):
    pkg = tmp_path / "localpkg_rules"
    write(pkg / "rules.py", RULE_FILE.replace("@hookimpl", "def _unused(): pass\n\n\n@hookimpl"))
    write(pkg / "__init__.py", "from checker import hookimpl\nfrom .rules import NoTodo\n\n\n"
                               "@hookimpl\ndef checker_rules():\n    return [NoTodo]\n")
    reg = build_registry(get_plugin_manager([str(pkg)], entry_points_enabled=False))
    assert list(reg.rules) == ["ZZ001"]
    assert reg.rule_plugin["ZZ001"] == f"local:{pkg}"


def test_a_local_package_named_like_a_real_module_does_not_replace_it(tmp_path):
    import json

    pkg = tmp_path / "json"
    write(pkg / "__init__.py", RULE_FILE)
    reg = build_registry(get_plugin_manager([str(pkg)], entry_points_enabled=False))
    assert list(reg.rules) == ["ZZ001"]
    import sys

    assert sys.modules["json"] is json and json.dumps([1]) == "[1]"


def test_local_folder_of_modules_registers_every_module(tmp_path):
    folder = tmp_path / "my_rules"
    write(folder / "a.py", rule_module("ZA101"))
    write(folder / "b.py", rule_module("ZB101"))
    reg = build_registry(get_plugin_manager([str(folder)], entry_points_enabled=False))
    assert reg.rule_plugin == {"ZA101": f"local:{folder}/a.py", "ZB101": f"local:{folder}/b.py"}


def test_local_plugin_that_fails_to_import_names_the_file(tmp_path):
    path = write(tmp_path / "broken_rule.py", "raise RuntimeError('cannot start:\\nsecond line')\n")
    with pytest.raises(PluginError) as info:
        get_plugin_manager([str(path)], entry_points_enabled=False)
    assert "broken_rule.py" in str(info.value) and "RuntimeError" in str(info.value)


def test_local_plugin_with_a_syntax_error(tmp_path):
    path = write(tmp_path / "typo.py", "def checker_rules(:\n")
    with pytest.raises(PluginError) as info:
        get_plugin_manager([str(path)], entry_points_enabled=False)
    assert_one_line(info.value, "typo.py", "SyntaxError")


@pytest.mark.parametrize("kind", ["missing", "empty folder"])
def test_local_plugin_path_that_is_not_a_plugin(tmp_path, kind):
    path = tmp_path / "nothing"
    if kind == "empty folder":
        path.mkdir()
    with pytest.raises(PluginError) as info:
        get_plugin_manager([str(path)], entry_points_enabled=False)
    assert_one_line(info.value, str(path))


# invalid plugins ------------------------------------------------------------------


def test_hookimpl_with_a_wrong_signature_is_refused(make_pm):
    class Bad:
        @hookimpl
        def checker_select_profile(self, document, candidates):  # the spec says `available`
            return None

    with pytest.raises(PluginError) as info:
        make_pm(("bad-plugin", Bad()))
    assert_one_line(info.value, "'bad-plugin'", "checker_select_profile", "candidates")


def test_hookimpl_named_after_no_hook_is_refused(make_pm):
    class Typo:
        @hookimpl
        def checker_rule(self):
            return []

    with pytest.raises(PluginError) as info:
        make_pm(("typo-plugin", Typo()))
    assert_one_line(info.value, "'typo-plugin'", "checker_rule")


def test_duplicate_rule_code_names_both_plugins(make_pm):
    first, second = make_rule("ZZ101"), make_rule("ZZ101")
    pm = make_pm(("pack-one", RulesPlugin(first)), ("pack-two", RulesPlugin(second)))
    with pytest.raises(PluginError) as info:
        build_registry(pm)
    assert_one_line(info.value, "ZZ101", "'pack-one'", "'pack-two'")


def test_the_same_rule_twice_is_not_a_clash(make_pm):
    rule = make_rule("ZZ101")
    reg = build_registry(make_pm(("one", RulesPlugin(rule)), ("two", RulesPlugin(rule))))
    assert list(reg.rules) == ["ZZ101"]


def test_two_plugins_under_one_name_are_refused(make_pm):
    with pytest.raises(PluginError) as info:
        make_pm(("same", RulesPlugin(make_rule("ZA101"))), ("same", RulesPlugin(make_rule("ZB101"))))
    assert_one_line(info.value, "'same'", "already registered")


def test_the_same_plugin_object_twice_is_harmless(make_pm):
    plugin = RulesPlugin(make_rule("ZA101"))
    assert list(build_registry(make_pm(("same", plugin), ("same", plugin))).rules) == ["ZA101"]


class Incomplete(Rule):
    code = "ZZ102"
    name = "incomplete"
    category = Category.NARRATIVE  # no summary


class BadCode(Rule):
    code = "zz-1"
    name = "bad-code"
    category = Category.NARRATIVE
    summary = Message(zh="x", en="x")


class PlainStringSummary(Rule):
    code = "ZZ103"
    name = "plain-summary"
    category = Category.NARRATIVE
    summary = "just English"


@pytest.mark.parametrize(
    "returned, needle",
    [
        ([Incomplete], "lacks summary"),
        ([BadCode], "'zz-1'"),
        ([PlainStringSummary], "Message"),
        (["ZZ104"], "not a Rule subclass"),
    ],
    ids=["incomplete", "bad-code", "summary-not-message", "not-a-class"],
)
def test_invalid_rule_declarations_are_refused_naming_the_plugin(make_pm, returned, needle):
    class Pack:
        @hookimpl
        def checker_rules(self):
            return returned

    with pytest.raises(PluginError) as info:
        build_registry(make_pm(("pack", Pack())))
    assert_one_line(info.value, "'pack'", needle)


def test_a_hook_that_raises_is_a_plugin_error(make_pm):
    class Crashing:
        @hookimpl
        def checker_rules(self):
            raise KeyError("oops")

    with pytest.raises(PluginError) as info:
        build_registry(make_pm(("crashing", Crashing())))
    assert_one_line(info.value, "'crashing'", "checker_rules()", "KeyError")


def test_duplicate_profile_names_are_refused(make_pm, tmp_path):
    yaml = write(tmp_path / "p.yaml", "name: p\n")
    pm = make_pm(("one", RulesPlugin(profiles={"p": yaml})), ("two", RulesPlugin(profiles={"p": yaml})))
    with pytest.raises(PluginError) as info:
        build_registry(pm)
    assert_one_line(info.value, "'p'", "'two'")


def test_output_formats_come_from_plugins(make_pm):
    def count(results, options, stream):
        stream.write(f"{len(results)}\n")

    class Formats:
        @hookimpl
        def checker_output_formats(self):
            return {"count": count, "text": count}

    reg = build_registry(make_pm(("formats", Formats())))
    assert reg.output_formats["count"] is count
    assert reg.output_formats["text"] is not count  # the built-in, registered first, keeps its name


def test_each_call_builds_a_fresh_manager(make_pm):
    one = make_pm(("extra", RulesPlugin(make_rule("ZA101"))))
    two = make_pm()
    assert one is not two
    assert "extra" in names(one) and "extra" not in names(two)


def test_importing_checker_creates_no_plugin_manager():
    import subprocess
    import sys

    code = (
        "import gc, pluggy, checker, checker.plugins, checker.engine, checker.cli\n"
        "print(sum(isinstance(o, pluggy.PluginManager) for o in gc.get_objects()))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"
