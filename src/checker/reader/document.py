"""``load_document``: a .docx package in, a :class:`checker.model.Document` out."""

from __future__ import annotations

import posixpath
from collections import OrderedDict
from datetime import datetime, timezone

from lxml import etree

from ..findings import Message
from ..errors import InputError
from ..model import CoreProperties, Document, Paragraph, Table
from . import ns
from .anchors import Paths, declared_on_root
from .body import GridBudget, Walker, construct
from .numbering import Numbering
from .package import DEFAULT_LIMITS, Limits, Package, Source, open_package, shown
from .stitch import stitch_continued_tables
from .styles import StyleSheet
from .visible import visible

_STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"


def load_document(source: Source, name: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read a .docx (path or bytes) into the plain document model.

    Raises :class:`InputError` with a one-line reason for anything that is not a
    readable Word document; never another exception for a bad input.
    """
    pkg = open_package(source, name=name, limits=limits)
    try:
        return _read(pkg, limits)
    except InputError:
        raise
    except RecursionError:
        raise InputError(pkg.name, Message(zh=f"表格或元素嵌套超过 {limits.max_xml_depth} 层",
                                           en=f"table/element nesting deeper than {limits.max_xml_depth}")) from None
    except MemoryError:
        raise InputError(pkg.name, Message(zh="文档过大，无法在内存中读取",
                                           en="document too large to read in memory")) from None
    except Exception as exc:  # a malformed package must not crash the run
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise InputError(pkg.name, Message(zh=f"无法读取文档（{type(exc).__name__}: {reason}）",
                                           en=f"cannot read the document ({type(exc).__name__}: {reason})")) from None


# ------------------------------------------------------------------ package

def _rels_part(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{base}.rels")


def _relationships(pkg: Package, part: str) -> list[tuple[str, str, str, bool]]:
    """(id, type, resolved target, external) for the relationships of ``part`` ("" = package)."""
    rels_name = "_rels/.rels" if not part else _rels_part(part)
    if not pkg.has(rels_name):
        return []
    root = pkg.xml(rels_name)
    base = posixpath.dirname(part)
    out = []
    for rel in root.iter(ns.PKG_RELATIONSHIP):
        target = rel.get("Target") or ""
        external = (rel.get("TargetMode") or "").lower() == "external"
        if not external:
            if target.startswith("/"):
                target = target.lstrip("/")
            else:
                target = posixpath.normpath(posixpath.join(base, target))
        out.append((rel.get("Id") or "", rel.get("Type") or "", target, external))
    return out


def _main_part(pkg: Package, package_rels: list[tuple[str, str, str, bool]]) -> str:
    for _id, kind, target, external in package_rels:
        if kind.endswith(ns.REL_OFFICE_DOCUMENT) and not external and pkg.has(target):
            return target
    return "word/document.xml"


def _parse_datetime(text: str | None) -> datetime | None:
    if not text:
        return None
    s = text.strip()
    if s.endswith("Z") or s.endswith("z"):
        s = s[:-1] + "+00:00"
    try:
        value = datetime.fromisoformat(s)
    except ValueError:
        try:
            value = datetime.strptime(s[:10], "%Y-%m-%d")
        except ValueError:
            return None
    if value.tzinfo is None and text.strip()[-1:] in ("Z", "z"):
        value = value.replace(tzinfo=timezone.utc)
    return value


def _core_properties(pkg: Package, package_rels) -> CoreProperties:
    part = "docProps/core.xml"
    for _id, kind, target, external in package_rels:
        if kind.endswith("/core-properties") and not external:
            part = target
            break
    if not pkg.has(part):
        return CoreProperties()
    root = pkg.xml(part)

    def text(uri: str, local: str) -> str:
        el = root.find(f"{{{uri}}}{local}")
        return visible((el.text or "").strip()) if el is not None else ""

    return CoreProperties(
        title=text(ns.DC_NS, "title"),
        author=text(ns.DC_NS, "creator"),
        last_modified_by=text(ns.CP_NS, "lastModifiedBy"),
        created=_parse_datetime(text(ns.DCTERMS_NS, "created")),
        modified=_parse_datetime(text(ns.DCTERMS_NS, "modified")),
    )


#: Style sheets already read, by the bytes of their part (and the limits they passed).
#: Reports made from one template share their styles.xml (python-docx's is 350 KB,
#: ~10 ms to parse into a ~4 MB tree); a StyleSheet depends on nothing but those
#: bytes (its caches are filled with values computed from them alone), so a batch
#: worker can reuse it. Small and bounded: a tree is ~13 times its XML.
_STYLES_CACHE: OrderedDict[tuple[bytes, Limits], StyleSheet] = OrderedDict()
_STYLES_CACHE_ENTRIES = 4
_STYLES_CACHE_PART_BYTES = 1024 * 1024  # larger parts are parsed every time, never kept
_STYLES_CACHE_TOTAL_BYTES = 1024 * 1024  # all kept parts together (trees: ~13 MB at most)


def _stylesheet(pkg: Package, part: str, limits: Limits) -> StyleSheet:
    """The style sheet of ``part``, reused when an earlier package had the same bytes."""
    data = pkg.read(part)
    if len(data) > _STYLES_CACHE_PART_BYTES:
        return StyleSheet(pkg.parse(part, data))
    key = (data, limits)
    sheet = _STYLES_CACHE.get(key)
    if sheet is not None:
        _STYLES_CACHE.move_to_end(key)
        return sheet
    sheet = StyleSheet(pkg.parse(part, data))  # refused input raises here: never cached
    _STYLES_CACHE[key] = sheet
    while len(_STYLES_CACHE) > _STYLES_CACHE_ENTRIES or (
        len(_STYLES_CACHE) > 1 and sum(len(k[0]) for k in _STYLES_CACHE) > _STYLES_CACHE_TOTAL_BYTES
    ):
        _STYLES_CACHE.popitem(last=False)  # the least recently used first; the newest always stays
    return sheet


def _flat_texts(blocks: list) -> list[str]:
    """Paragraph texts in reading order, cells (and tables in them) included."""
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Paragraph):
            out.append(b.text)
        elif isinstance(b, Table):
            for cell in b.cells():
                out.extend(_flat_texts([*cell.paragraphs, *cell.tables]))
    return out


# ------------------------------------------------------------------- reading

def _read(pkg: Package, limits: Limits) -> Document:
    package_rels = _relationships(pkg, "")
    main = _main_part(pkg, package_rels)  # the package relationships are parsed once
    root, simple_ns = _walked_part(pkg, main)
    if not isinstance(root.tag, str) or not root.tag.startswith("{"):
        raise InputError(pkg.name, Message(zh=f"{main} 不是 Word 文档格式（WordprocessingML）",
                                           en=f"{main} is not WordprocessingML"))
    if root.tag.startswith(f"{{{_STRICT_W}}}"):
        raise InputError(pkg.name, Message(zh="文件保存为“严格 Open XML”格式，不受支持：请另存为标准 Word 文档（.docx）",
                                           en="saved as Strict Open XML, which is not supported; save it as a standard Word document (.docx)"))
    if root.tag != ns.w("document"):
        raise InputError(pkg.name, Message(zh=f"{main} 不是 Word 文档正文（根元素 <{etree.QName(root).localname}>）",
                                           en=f"{main} is not a Word document body (root <{etree.QName(root).localname}>)"))
    body = root.find(ns.w("body"))
    if body is None:
        raise InputError(pkg.name, Message(zh=f"{main} 没有文档正文", en=f"{main} has no document body"))

    main_rels = _relationships(pkg, main)
    rel_targets = {rid: target for rid, _kind, target, _ext in main_rels}

    def related(suffix: str, fallback: str | None = None) -> list[str]:
        found = [t for _rid, kind, t, ext in main_rels if kind.endswith(suffix) and not ext and pkg.has(t)]
        if not found and fallback and pkg.has(fallback):
            found = [fallback]
        return found

    styles_parts = related("/styles", "word/styles.xml")
    styles = _stylesheet(pkg, styles_parts[0], limits) if styles_parts else StyleSheet(None)
    numbering_parts = related("/numbering", "word/numbering.xml")
    numbering = Numbering(pkg.xml(numbering_parts[0]) if numbering_parts else None, styles, limits.max_label_chars)

    grid = GridBudget(pkg.name, limits)  # one budget for all the tables of the document
    walker = Walker(pkg.name, styles, numbering, rel_targets, limits.max_xml_depth, grid=grid, simple_ns=simple_ns)
    blocks: list = []
    walker.walk_blocks(body, blocks, 2, walker.anchor(body))
    walker.finish()
    constructs = list(walker.constructs)
    blocks = stitch_continued_tables(blocks, constructs)  # a table split over two Word tables is one
    images = list(walker.images)

    def read_text(container, rels: dict[str, str], label: str, simple_ns: bool, paths: Paths | None = None) -> str:
        """The text of a header, footer or comment (no numbering labels, no images).

        ``paths``: the anchors of the part's tree, shared by the walkers of its comments."""
        w = Walker(pkg.name, styles, None, rels, limits.max_xml_depth, label=label, grid=grid, paths=paths,
                   simple_ns=simple_ns)
        out: list = []
        w.walk_blocks(container, out, 1, w.anchor(container))
        w.finish()
        constructs.extend(w.constructs)
        return "\n".join(_flat_texts(out))

    def part_rels(part: str) -> dict[str, str]:
        return {rid: t for rid, _k, t, _e in _relationships(pkg, part)}

    def part_text(part: str) -> str:
        root, simple_ns = _walked_part(pkg, part)
        return read_text(root, part_rels(part), f"{shown(posixpath.basename(part), 60)}: ", simple_ns)

    headers = [part_text(part) for part in sorted(related(ns.REL_HEADER), key=_part_order)]
    footers = [part_text(part) for part in sorted(related(ns.REL_FOOTER), key=_part_order)]
    comments: list[str] = []
    for part in related(ns.REL_COMMENTS, "word/comments.xml")[:1]:
        rels = part_rels(part)
        paths = Paths()  # one for all the comments: an anchor each, in linear time
        comments_root, simple_ns = _walked_part(pkg, part)
        for comment in comments_root.iter(ns.COMMENT):
            comments.append(read_text(comment, rels, "comment: ", simple_ns, paths))
            constructs.append(construct("comment", f"comment {len(comments)}", comment.get(ns.w("author")) or ""))

    macros = pkg.macro_parts()
    for name in macros:
        constructs.append(construct("macro", name, "listed, never run"))

    return Document(
        path=pkg.name,
        blocks=blocks,
        properties=_core_properties(pkg, package_rels),
        images=images,
        constructs=constructs,
        headers=headers,
        footers=footers,
        comments=comments,
        has_macros=bool(macros),
        main_part=main,  # a part name to look up (shown only through shown())
    )


def _walked_part(pkg: Package, part: str):
    """(root, whether its namespaces are all declared on the root) of a part the walker reads:
    see :func:`checker.reader.anchors.declared_on_root`."""
    data = pkg.read(part)
    root = pkg.parse(part, data)
    return root, declared_on_root(data, root)


def _part_order(part: str) -> tuple:
    base = posixpath.basename(part)
    digits = "".join(ch for ch in base if ch.isdigit())
    return (int(digits) if digits else 0, base)
