"""Package layout that pyproject.toml alone cannot express.

The design keeps the engine in src/, the built-in rule packs in plugins/ and the YAML
profiles in the top-level rules/ folder; all three ship in one wheel. rules/ becomes
the importable package ``checker_profiles`` so profiles are read through
importlib.resources, never through paths relative to a checkout.
"""

import os
import sys

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py


class build_py_with_compiled_profiles(build_py):
    """Also store the shipped profiles parsed, as JSON, in the wheel (never in git).

    A run then reads the JSON and never imports yaml (about 50 ms of cold start, see
    checker.profiles); the YAML stays the one source and the JSON is made from it here.
    """

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads the YAML in place
            return
        sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "src"))
        from checker.profiles import compile_shipped_profiles

        target = os.path.join(self.build_lib, "checker_profiles", "compiled")
        from pathlib import Path

        compile_shipped_profiles(Path("rules"), Path(target))


engine = find_packages("src")
packs = find_packages("plugins", include=["checker*"])
package_dir = {p: "src/" + p.replace(".", "/") for p in engine}
package_dir.update({p: "plugins/" + p.replace(".", "/") for p in packs})
package_dir["checker_profiles"] = "rules"
# The rule reference pages ship too, so `checker explain CODE` prints the page itself.
package_dir["checker_rule_docs"] = "docs/rules"

setup(
    packages=engine + packs + ["checker_profiles", "checker_rule_docs"],
    package_dir=package_dir,
    package_data={"checker_rule_docs": ["*.md"], "checker_profiles": ["*.yaml"]},
    cmdclass={"build_py": build_py_with_compiled_profiles},
)
