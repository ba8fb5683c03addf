"""An example third-party rule pack for checker (code prefix ``EX``).

Copy this package to start your own: ``rules.py`` declares the rules, ``plugin.py``
hands them to checker through the ``checker_rules`` hook, and ``pyproject.toml``
advertises ``plugin.py`` in the ``checker`` entry-point group.
"""

__version__ = "0.1.0"
