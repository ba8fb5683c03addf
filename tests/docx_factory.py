"""Build minimal, valid .docx packages in memory for tests.

Write the WordprocessingML you want to test and get a package Word would open::

    from docx_factory import make_docx, p, write_docx

    data = make_docx(p("一、总体情况") + p("正文"))          # bytes
    write_docx(tmp_path / "a.docx", p("hello"))               # a file

``body_xml`` is the content of ``<w:body>`` (paragraphs, tables, ``w:sdt`` ...),
written with the usual prefixes (``w``, ``r``, ``wp``, ``a``, ``pic``, ``wps``,
``mc``, ``v``, ``o``, ``m``, ``w14``), which are all declared on the root.
A ``w:sectPr`` is appended unless the body already has one.

Optional parts:

* ``styles`` / ``numbering``: the *inner* XML of ``<w:styles>`` / ``<w:numbering>``
  (or a whole document starting with ``<?xml`` or ``<w:``);
* ``comments``: a list of comment texts, written as ``word/comments.xml``;
* ``headers`` / ``footers``: lists of inner XML (paragraphs) for header/footer parts,
  referenced from the final ``w:sectPr``;
* ``core``: core properties (``title``, ``creator``, ``lastModifiedBy``,
  ``created``, ``modified``; dates as W3CDTF strings);
* ``rels``: extra relationships of the main part as ``(id, type_suffix, target,
  external)`` tuples, e.g. ``("rIdLink", "hyperlink", "https://x.cn", True)``;
* ``extra_parts``: any other members, ``{"word/vbaProject.bin": b"..."}``
  (a content-type default is added for their extension).

Helpers ``p()``, ``r()``, ``tbl()``, ``tc()`` build the common elements.
"""

from __future__ import annotations

import io
import zipfile
from os import PathLike
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

NAMESPACES = {
    "w": W_NS,
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
}
_XMLNS = " ".join(f'xmlns:{k}="{v}"' for k, v in NAMESPACES.items())
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def p(text: str = "", *, style: str | None = None, num: tuple[int, int] | None = None,
      jc: str | None = None, bold: bool = False, size: float | None = None, ppr: str = "") -> str:
    """A paragraph with one run. ``num`` is ``(numId, ilvl)``; ``size`` in points."""
    props = ""
    if style:
        props += f'<w:pStyle w:val="{style}"/>'
    if num is not None:
        props += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    if jc:
        props += f'<w:jc w:val="{jc}"/>'
    props += ppr
    ppr_xml = f"<w:pPr>{props}</w:pPr>" if props else ""
    return f"<w:p>{ppr_xml}{r(text, bold=bold, size=size) if text else ''}</w:p>"


def r(text: str, *, bold: bool = False, size: float | None = None, rpr: str = "") -> str:
    """A run of plain text (spaces preserved)."""
    props = ("<w:b/>" if bold else "") + (f'<w:sz w:val="{int(size * 2)}"/>' if size else "") + rpr
    rpr_xml = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr_xml}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def tc(content: str = "", *, span: int = 1, vmerge: str | None = None, hmerge: str | None = None,
       raw: bool = False) -> str:
    """A table cell. ``content`` is text (one paragraph) or, with ``raw=True``, block XML.

    ``vmerge``: ``"restart"`` or ``"continue"``; ``hmerge`` likewise (legacy).
    """
    props = ""
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if hmerge == "restart":
        props += '<w:hMerge w:val="restart"/>'
    elif hmerge == "continue":
        props += "<w:hMerge/>"
    if vmerge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        props += "<w:vMerge/>"
    body = content if raw else p(content)
    if not body:
        body = "<w:p/>"
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{body}</w:tc>"


def tr(*cells: str, before: int = 0, after: int = 0, trpr: str = "") -> str:
    props = trpr
    if before:
        props += f'<w:gridBefore w:val="{before}"/>'
    if after:
        props += f'<w:gridAfter w:val="{after}"/>'
    return f"<w:tr>{f'<w:trPr>{props}</w:trPr>' if props else ''}{''.join(cells)}</w:tr>"


def tbl(*rows: str, cols: int | None = None) -> str:
    """A table; ``cols`` writes a ``w:tblGrid`` of that many columns."""
    grid = ""
    if cols:
        grid = "<w:tblGrid>" + '<w:gridCol w:w="1000"/>' * cols + "</w:tblGrid>"
    return f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>{grid}{"".join(rows)}</w:tbl>'


def _wrap(root: str, inner: str | None, default_inner: str = "") -> str:
    if inner is None:
        inner = default_inner
    stripped = inner.lstrip()
    if stripped.startswith("<?xml") or stripped.startswith(f"<w:{root}"):
        return inner
    return f"{_DECL}<w:{root} {_XMLNS}>{inner}</w:{root}>"


def _core_xml(core: dict) -> str:
    fields = []
    tags = {"title": "dc:title", "creator": "dc:creator", "lastModifiedBy": "cp:lastModifiedBy",
            "created": "dcterms:created", "modified": "dcterms:modified", "subject": "dc:subject"}
    for key, value in core.items():
        tag = tags.get(key, key)
        attr = ' xsi:type="dcterms:W3CDTF"' if tag.startswith("dcterms:") else ""
        fields.append(f"<{tag}{attr}>{escape(str(value))}</{tag}>")
    return (
        f"{_DECL}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' + "".join(fields) + "</cp:coreProperties>"
    )


def make_docx(
    body_xml: str,
    *,
    styles: str | None = None,
    numbering: str | None = None,
    core: dict | None = None,
    comments: list[str] | None = None,
    headers: list[str] | None = None,
    footers: list[str] | None = None,
    rels: list[tuple[str, str, str, bool]] | None = None,
    extra_parts: dict[str, bytes] | None = None,
    main_part: str = "word/document.xml",
) -> bytes:
    """Return the bytes of a .docx whose body is ``body_xml`` (see the module docstring)."""
    overrides = {f"/{main_part}": f"{_CT_MAIN}.document.main+xml"}
    doc_rels: list[tuple[str, str, str, bool]] = list(rels or [])
    parts: dict[str, bytes] = {}
    folder = main_part.rsplit("/", 1)[0] if "/" in main_part else ""
    prefix = f"{folder}/" if folder else ""

    if styles is not None:
        parts[f"{prefix}styles.xml"] = _wrap("styles", styles).encode("utf-8")
        overrides[f"/{prefix}styles.xml"] = f"{_CT_MAIN}.styles+xml"
        doc_rels.append(("rIdStyles", "styles", "styles.xml", False))
    if numbering is not None:
        parts[f"{prefix}numbering.xml"] = _wrap("numbering", numbering).encode("utf-8")
        overrides[f"/{prefix}numbering.xml"] = f"{_CT_MAIN}.numbering+xml"
        doc_rels.append(("rIdNumbering", "numbering", "numbering.xml", False))
    if comments:
        inner = "".join(
            f'<w:comment w:id="{i}" w:author="tester">{p(text)}</w:comment>' for i, text in enumerate(comments)
        )
        parts[f"{prefix}comments.xml"] = _wrap("comments", inner).encode("utf-8")
        overrides[f"/{prefix}comments.xml"] = f"{_CT_MAIN}.comments+xml"
        doc_rels.append(("rIdComments", "comments", "comments.xml", False))
    refs = ""
    for kind, items in (("header", headers or []), ("footer", footers or [])):
        root = "hdr" if kind == "header" else "ftr"
        for i, inner in enumerate(items, 1):
            name = f"{kind}{i}.xml"
            parts[f"{prefix}{name}"] = _wrap(root, inner).encode("utf-8")
            overrides[f"/{prefix}{name}"] = f"{_CT_MAIN}.{kind}+xml"
            rid = f"rId{kind.capitalize()}{i}"
            doc_rels.append((rid, kind, name, False))
            htype = "default" if i == 1 else ("first" if i == 2 else "even")
            refs += f'<w:{kind}Reference w:type="{htype}" r:id="{rid}"/>'

    if "<w:sectPr" not in body_xml:
        body_xml = body_xml + f'<w:sectPr>{refs}<w:pgSz w:w="11906" w:h="16838"/></w:sectPr>'
    document = f"{_DECL}<w:document {_XMLNS}><w:body>{body_xml}</w:body></w:document>"
    parts[main_part] = document.encode("utf-8")

    package_rels = [("rId1", "officeDocument", main_part, False)]
    if core is not None:
        parts["docProps/core.xml"] = _core_xml(core).encode("utf-8")
        overrides["/docProps/core.xml"] = "application/vnd.openxmlformats-package.core-properties+xml"
        package_rels.append(("rId2", "core-properties", "docProps/core.xml", False))

    def rels_xml(items) -> bytes:
        out = []
        for rid, kind, target, external in items:
            if kind == "core-properties":
                uri = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
            else:
                uri = kind if "://" in kind else _REL + kind
            mode = ' TargetMode="External"' if external else ""
            out.append(f'<Relationship Id="{rid}" Type="{uri}" Target="{escape(target)}"{mode}/>')
        return (
            f'{_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(out) + "</Relationships>"
        ).encode("utf-8")

    parts["_rels/.rels"] = rels_xml(package_rels)
    if doc_rels:
        rels_name = f"{prefix}_rels/{main_part.rsplit('/', 1)[-1]}.rels"
        parts[rels_name] = rels_xml(doc_rels)
    for name, data in (extra_parts or {}).items():
        parts[name.lstrip("/")] = data

    defaults = {"rels": "application/vnd.openxmlformats-package.relationships+xml", "xml": "application/xml"}
    for name in parts:
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if ext and ext not in defaults:
            defaults[ext] = "application/octet-stream"
    ct = (
        f'{_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        + "".join(f'<Default Extension="{e}" ContentType="{c}"/>' for e, c in defaults.items())
        + "".join(f'<Override PartName="{n}" ContentType="{c}"/>' for n, c in overrides.items())
        + "</Types>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ct)
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


def write_docx(path: str | PathLike, body_xml: str, **kwargs) -> None:
    """Write :func:`make_docx` output to ``path`` (same keyword arguments)."""
    with open(path, "wb") as fh:
        fh.write(make_docx(body_xml, **kwargs))
