"""Sub-commands of the ``checker`` command line; each module has ``add_parser`` and ``run``."""
