"""Built-in generic rule pack: document-level checks that apply to any report type (prefix DOC)."""
