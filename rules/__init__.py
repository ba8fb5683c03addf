"""Profiles shipped with checker: YAML files read through ``importlib.resources``.

Installed as the package ``checker_profiles`` (see ``[tool.setuptools.package-dir]`` in
pyproject.toml) so that ``importlib.resources.files("checker_profiles") / "<name>.yaml"``
works from a wheel as well as from a checkout. The package holds data only.
"""
