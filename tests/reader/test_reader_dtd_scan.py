"""The DOCTYPE/ENTITY scan takes byte-search shortcuts; it must find exactly what the
regular expression finds, including markup split across two decompressed chunks."""

from __future__ import annotations

import random
import re

import pytest
from docx_factory import make_docx, p

from checker.errors import InputError
from checker.reader import load_document
from checker.reader.package import _CHUNK, _DTD_MARKUP, _has_dtd_markup

SAMPLES = [
    b"",
    b"<w:t>Hello!</w:t>",
    b"<!-- c -->",
    b"<![CDATA[x]]>",
    b"<!DOCTYPE x>",
    b"<!ENTITY a 'b'>",
    "<!DOCTYPE x>".encode("utf-16-le"),
    "<!ENTITY a 'b'>".encode("utf-16-be"),
    b"< !DOCTYPE",
    b"<!DOCTYP",
    b"!<DOCTYPE",
]


@pytest.mark.parametrize("data", SAMPLES)
def test_same_answer_as_the_regex(data):
    assert _has_dtd_markup(data) == (re.search(_DTD_MARKUP, data) is not None)


def test_same_answer_on_random_markup():
    rng = random.Random(7)
    alphabet = [b"<", b"!", b"\x00", b"D", b"O", b"C", b"T", b"Y", b"P", b"E", b"N", b"I", b"x", b" "]
    for _ in range(5000):
        data = b"".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        assert _has_dtd_markup(data) == (re.search(_DTD_MARKUP, data) is not None), data


@pytest.mark.parametrize("shift", [-9, -5, -1, 0, 1])
def test_doctype_across_a_chunk_boundary_is_refused(shift):
    """A part (not parsed by the reader) whose ``<!DOCTYPE`` straddles the 64 KB read size."""
    head = b"<?xml version='1.0'?>\n<x>"
    pad = b"a" * (_CHUNK + shift - len(head))
    part = head + pad + b"<!DOCTYPE y></x>"
    data = make_docx(p("x"), extra_parts={"customXml/item9.xml": part})
    with pytest.raises(InputError, match="DOCTYPE"):
        load_document(data)
