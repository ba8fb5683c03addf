"""Builders of the hostile inputs of issue 17 ("round two"), a few kilobytes each.

Each input stays inside every limit of the first round (part size, element count,
nesting) and yet, before the fixes of that issue, made the reader build gigabytes
(numbering counters, padded table grids, parts only python-docx parsed) or take
minutes (anchors of default-namespace elements, fields that never end, one anchor
per comment), or put a lone surrogate or terminal escape codes into the model.

Everything is made in memory from the good corpus report; ``BUILDERS`` maps a case
name to its builder, for the parametrised tests and for measuring by hand::

    python tests/security/bombs2.py OUT_DIR     # writes OUT_DIR/<case>.docx
"""

from __future__ import annotations

import sys
from pathlib import Path

import hostile

W = hostile.W
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def _numbered(paragraphs: int, text: bytes = b"") -> bytes:
    run = b"<w:r><w:t>" + text + b"</w:t></w:r>" if text else b""
    p = b'<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>' + run + b"</w:p>"
    return hostile.document(b"<w:p><w:r><w:t>numbered</w:t></w:r></w:p>" + p * paragraphs)


def _numbering(start: str, fmt: str, lvl_text: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W}">'
        f'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="{start}"/>'
        f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{lvl_text}"/></w:lvl></w:abstractNum>'
        f'<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    ).encode()


def numbering_start_bomb() -> bytes:
    """One paragraph numbered from ``w:start`` = 10^11 in ``upperLetter``: a 3.8 GB label, twice."""
    return hostile.with_parts(
        word__document_dot_xml=_numbered(1, b"x"),
        word__numbering_dot_xml=_numbering("100000000000", "upperLetter", "%1."),
    )


def numbering_long_lvltext() -> bytes:
    """A ``w:lvlText`` of 30,000 ``%1`` expanded for 4,000 numbered paragraphs (about 1 GB of text)."""
    return hostile.with_parts(
        word__document_dot_xml=_numbered(4000),
        word__numbering_dot_xml=_numbering("1", "decimal", "%1" * 30000),
    )


def _cell(span: int = 1) -> bytes:
    pr = f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>'.encode() if span > 1 else b""
    return b"<w:tc>" + pr + b"<w:p/></w:tc>"


def wide_table_rows() -> bytes:
    """One row of 1,000 cells spanning 1,000 columns each, then 999 one-cell rows padded to its
    width: a billion grid slots (8 GB of pointers) from about 5 KB."""
    wide = b"<w:tr>" + _cell(1000) * 1000 + b"</w:tr>"
    narrow = b"<w:tr>" + _cell() + b"</w:tr>"
    return hostile.with_parts(word__document_dot_xml=hostile.document(b"<w:tbl>" + wide + narrow * 999 + b"</w:tbl><w:p/>"))


def empty_table_rows() -> bytes:
    """One row 1,000 columns wide (one cell, ``gridSpan`` at its per-cell cap), then 300,000 rows
    without a cell, each padded to that width: 300 million slots (2.4 GB of pointers)."""
    wide = b"<w:tr>" + _cell(1000) + b"</w:tr>"
    return hostile.with_parts(word__document_dot_xml=hostile.document(b"<w:tbl>" + wide + b"<w:tr/>" * 300_000 + b"</w:tbl><w:p/>"))


def _with_rels_and_types(parts: dict[str, bytes | None], rels: dict[str, list[tuple[str, str, str]]],
                         overrides: dict[str, str]) -> bytes:
    """The good report plus ``parts``, relationships (``rels[part] = [(id, type, target)]``, added to
    the part's .rels) and content-type overrides (``overrides[part name] = content type``)."""
    base = hostile.members(hostile.good_bytes())
    for name, data in parts.items():
        if data is None:
            base.pop(name, None)
        else:
            base[name] = data
    for part, entries in rels.items():
        folder, _, leaf = part.rpartition("/")
        rels_name = f"{folder}/_rels/{leaf}.rels" if folder else f"_rels/{leaf}.rels"
        xml = base.get(rels_name, f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS_NS}"></Relationships>'.encode())
        extra = "".join(f'<Relationship Id="{i}" Type="{REL}/{t}" Target="{target}"/>' for i, t, target in entries)
        base[rels_name] = xml.replace(b"</Relationships>", extra.encode() + b"</Relationships>")
    types = base["[Content_Types].xml"]
    extra = "".join(f'<Override PartName="/{name}" ContentType="{ct}"/>' for name, ct in overrides.items())
    base["[Content_Types].xml"] = types.replace(b"</Types>", extra.encode() + b"</Types>")
    return hostile.rezip(base)


def _flat_xml(root: str, elements: int, ns: str = W) -> bytes:
    """A part whose root holds ``elements`` empty children (4 bytes each in the zip)."""
    return f'<?xml version="1.0" encoding="UTF-8"?><w:{root} xmlns:w="{ns}">'.encode() + b"<a/>" * elements + f"</w:{root}>".encode()


def annotate_only_parts() -> bytes:
    """Parts the reader never reads but python-docx parses for ``--annotate``: the settings part,
    a second comments part and headers reached only from the settings' relationships, each just
    under the per-part element cap: 19 million elements (2 GB or more in lxml) in about 80 KB."""
    n = 1_900_000
    parts = {"word/settings.xml": _flat_xml("settings", n), "word/comments2.xml": _flat_xml("comments", n)}
    headers = [(f"rIdH{i}", "header", f"header{i}.xml") for i in range(8)]
    for _i, _t, target in headers:
        parts[f"word/{target}"] = _flat_xml("hdr", n)
    rels = {"word/document.xml": [("rIdC2", "comments", "comments2.xml")], "word/settings.xml": headers}
    overrides = {f"word/{t}": f"{CT_WML}.header+xml" for _i, _k, t in headers}
    overrides["word/comments2.xml"] = f"{CT_WML}.comments+xml"
    return _with_rels_and_types(parts, rels, overrides)


def renamed_settings_doctype() -> bytes:
    """An entity bomb in a settings part named ``.bin`` (the DOCTYPE scan only looked at names ending
    in .xml or .rels), which python-docx parses by its content type."""
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<w:settings xmlns:w="' + W.encode() + b'">&lol2;</w:settings>'
    )
    base = hostile.members(hostile.good_bytes())
    base["word/_rels/document.xml.rels"] = base["word/_rels/document.xml.rels"].replace(b'Target="settings.xml"', b'Target="settings.bin"')
    base["[Content_Types].xml"] = base["[Content_Types].xml"].replace(b'PartName="/word/settings.xml"', b'PartName="/word/settings.bin"')
    base.pop("word/settings.xml")
    base["word/settings.bin"] = laughs
    return hostile.rezip(base)


def renamed_settings_elements() -> bytes:
    """A settings part named ``.dat`` with 15 million elements (60 MB, under the part cap), made XML
    only by a ``Default`` content type for its extension."""
    base = hostile.members(hostile.good_bytes())
    base["word/_rels/document.xml.rels"] = base["word/_rels/document.xml.rels"].replace(b'Target="settings.xml"', b'Target="settings.dat"')
    base["[Content_Types].xml"] = base["[Content_Types].xml"].replace(
        b'<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>',
        f'<Default Extension="dat" ContentType="{CT_WML}.settings+xml"/>'.encode(),
    )
    base.pop("word/settings.xml")
    base["word/settings.dat"] = _flat_xml("settings", 15_000_000)
    return hostile.rezip(base)


def default_namespace_body(paragraphs: int = 100_000) -> bytes:
    """A document.xml in the default namespace (no ``w:`` prefix): anchors fell back to getpath."""
    doc = (
        f'<?xml version="1.0" encoding="UTF-8"?><document xmlns="{W}"><body>'.encode()
        + b"<p><r><t>x</t></r></p>" * paragraphs
        + b"</body></document>"
    )
    return hostile.with_parts(word__document_dot_xml=doc)


def unended_fields(fields: int = 160_000) -> bytes:
    """Paragraphs that each begin a field and never end it: every paragraph marked every open field."""
    p = b'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>'
    return hostile.with_parts(word__document_dot_xml=hostile.document(p * fields))


def many_comments(comments: int = 100_000) -> bytes:
    """100,000 comments: an anchor per comment (getpath scans the siblings before it)."""
    body = b"".join(
        f'<w:comment w:id="{i}" w:author="a"><w:p><w:r><w:t>c</w:t></w:r></w:p></w:comment>'.encode()
        for i in range(comments)
    )
    xml = f'<?xml version="1.0" encoding="UTF-8"?><w:comments xmlns:w="{W}">'.encode() + body + b"</w:comments>"
    return _with_rels_and_types(
        {"word/comments.xml": xml}, {"word/document.xml": [("rIdC1", "comments", "comments.xml")]},
        {"word/comments.xml": f"{CT_WML}.comments+xml"},
    )


def long_shared_names(links: int = 200_000) -> bytes:
    """A header part with a 10,000-character name holding 200,000 hyperlinks to one 1 MB target
    (with a bidi override in it): each hyperlink's construct copied the part name into its
    location (2 GB), and must not escape the shared target once per hyperlink either."""
    header = "word/" + "h" * 10_000 + ".xml"
    leaf = header.rsplit("/", 1)[1]
    target = "http://example.invalid/" + "\u202e" + "x" * 1_000_000
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:hdr xmlns:w="{W}" xmlns:r="{R_NS}"><w:p>'.encode()
        + b'<w:hyperlink r:id="rL"><w:r><w:t>l</w:t></w:r></w:hyperlink>' * links
        + b"</w:p></w:hdr>"
    )
    rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS_NS}">'
        f'<Relationship Id="rL" Type="{REL}/hyperlink" Target="{target}" TargetMode="External"/></Relationships>'
    ).encode()
    return _with_rels_and_types(
        {header: xml, f"word/_rels/{leaf}.rels": rels},
        {"word/document.xml": [("rIdH", "header", leaf)]},
        {header: f"{CT_WML}.header+xml"},
    )


def nested_placeholders(levels: int = 120) -> bytes:
    """120 content controls nested in each other, each showing its placeholder, around 10 MB of
    text: each level's placeholder construct copied all the text below it (1.2 GB)."""
    pr = b'<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>'
    runs = b"<w:p>" + (b"<w:r><w:t>" + b"x" * 10_000 + b"</w:t></w:r>") * 1000 + b"</w:p>"
    return hostile.with_parts(
        word__document_dot_xml=hostile.document(pr * levels + runs + b"</w:sdtContent></w:sdt>" * levels)
    )


#: Characters that must never reach the model: they drive a terminal (C0 but tab and newline,
#: ESC, DEL, C1), reorder what a reader sees (bidi embeddings, overrides, isolates), or cannot be
#: encoded at all (lone surrogates) or are not characters (U+FDD0..U+FDEF, U+xFFFE/U+xFFFF).
FORBIDDEN = (
    [chr(c) for c in range(0x20) if c not in (0x09, 0x0A)]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
    + [chr(c) for c in range(0xD800, 0xE000)]
    + [chr(c) for c in range(0xFDD0, 0xFDF0)]
    + [chr(p * 0x10000 + 0xFFFE) for p in range(17)]
    + [chr(p * 0x10000 + 0xFFFF) for p in range(17)]
)


def _syms(text: str) -> bytes:
    """``text`` as ``w:sym`` runs, one per character (how the OSC 52 agency name was built)."""
    return b"".join(f'<w:r><w:sym w:font="Symbol" w:char="{ord(ch):04X}"/></w:r>'.encode() for ch in text)


def control_characters() -> bytes:
    """Terminal escapes, C1 controls, bidi overrides, a lone surrogate and non-characters, from
    ``w:sym``, text, a numbering label, an image name, a comment's author and the core title."""
    osc52 = "\x1b]52;c;cm0gLXJmIH4K\x07\x1b[2J\x1b[1;1H\r"
    body = (
        # the first paragraph is the title: rules quote it, so it reaches every report
        b"<w:p><w:r><w:t>" + "机关\u202e名称\u009b31m\u0085".encode() + b"</w:t></w:r>" + _syms(osc52)
        + b'<w:r><w:sym w:char="D800"/><w:sym w:char="DFFF"/><w:sym w:char="FFFE"/>'
        b'<w:sym w:char="FDD0"/><w:sym w:char="10FFFF"/><w:sym w:char="F01B"/></w:r></w:p>'
        + b'<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>x</w:t></w:r></w:p>'
        + '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
        '<wp:extent cx="1" cy="1"/><wp:docPr id="1" name="pic\u202e\u009dgpj.exe" descr="\u2066d\u0090"/>'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData>'
        '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"/></a:graphicData></a:graphic>'
        "</wp:inline></w:drawing></w:r></w:p>".encode()
        + '<w:p><w:hyperlink w:anchor="x\u202ey"><w:r><w:t>link</w:t></w:r></w:hyperlink></w:p>'.encode()
    )
    comments = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:comments xmlns:w="{W}">'
        '<w:comment w:id="0" w:author="evil\u202e\u0085"><w:p><w:r><w:t>c\u009b</w:t></w:r></w:p></w:comment>'
        "</w:comments>"
    ).encode()
    core = hostile.members(hostile.good_bytes())["docProps/core.xml"]
    start = core.index(b"<dc:title>") + len(b"<dc:title>") if b"<dc:title>" in core else -1
    if start >= 0:
        core = core[:start] + "标题\u202e\u009b".encode() + core[core.index(b"</dc:title>"):]
    return _with_rels_and_types(
        {
            "word/document.xml": hostile.document(body),
            "word/numbering.xml": _numbering("1", "decimal", "\u202e%1\u0085"),
            "word/comments.xml": comments,
            "docProps/core.xml": core,
        },
        {"word/document.xml": [("rIdC1", "comments", "comments.xml")]},
        {"word/comments.xml": f"{CT_WML}.comments+xml"},
    )


#: case -> builder
BUILDERS = {
    "numbering-start-bomb": numbering_start_bomb,
    "numbering-long-lvltext": numbering_long_lvltext,
    "wide-table-rows": wide_table_rows,
    "empty-table-rows": empty_table_rows,
    "annotate-only-parts": annotate_only_parts,
    "renamed-settings-doctype": renamed_settings_doctype,
    "renamed-settings-elements": renamed_settings_elements,
    "default-namespace-body": default_namespace_body,
    "unended-fields": unended_fields,
    "many-comments": many_comments,
    "long-shared-names": long_shared_names,
    "nested-placeholders": nested_placeholders,
    "control-characters": control_characters,
}


if __name__ == "__main__":  # pragma: no cover - by hand
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for case, build in BUILDERS.items():
        data = build()
        (out / f"{case}.docx").write_bytes(data)
        print(f"{case}: {len(data)} bytes")
