"""Package layout that pyproject.toml alone cannot express.

The design keeps the engine in src/, the built-in rule packs in plugins/ and the YAML
profiles in the top-level rules/ folder; all three ship in one wheel. rules/ becomes
the importable package ``checker_profiles`` so profiles are read through
importlib.resources, never through paths relative to a checkout.
"""

from setuptools import find_packages, setup

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
)
