"""JSON Schemas shipped with checker (read through importlib.resources)."""
