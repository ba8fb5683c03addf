"""Rules of the example plugin. Only names from ``checker``'s public API are used."""

from __future__ import annotations

import unicodedata
from typing import Iterator

from checker import Category, Location, Message, Problem, Rule, RuleContext, Severity


def _key(text: str) -> str:
    """Compare titles as a reader would: width-folded (NFKC), whitespace ignored."""
    return "".join(unicodedata.normalize("NFKC", text).split())


class DocumentTitleProperty(Rule):
    """The document's *title* property is filled in and matches the title on the page.

    Word keeps a title in the file's core properties (File ▸ Info ▸ Properties). Portals,
    search engines, document management systems and PDF exports show it as the
    document's name, so an empty title, or one left over from a template or from last
    year's report, misleads everyone who finds the file.

    The title on the page is the first non-empty paragraph; a title set over up to
    ``title_paragraphs`` lines (the agency on one line, the report name on the next)
    matches too. Width and whitespace differences are ignored.

    Options:

    ``compare_first_paragraph`` (default ``true``)
        also require the property to match the title on the page; ``false`` only
        requires it to be non-empty.
    ``title_paragraphs`` (default ``3``)
        how many leading paragraphs a title may be set over.
    """

    code = "EX101"
    name = "document-title-property"
    category = Category.METADATA
    default_severity = Severity.WARNING
    summary = Message(
        zh="文档属性中的标题为空或与正文标题不一致",
        en="the document's title property is empty or differs from the title on the page",
    )
    default_options = {"compare_first_paragraph": True, "title_paragraphs": 3}

    def check(self, doc, ctx: RuleContext) -> Iterator[Problem]:
        title = doc.properties.title.strip()
        lines = [p for p in doc.paragraphs if p.text.strip()][: int(ctx.options["title_paragraphs"])]
        on_page = lines[0].text.strip() if lines else ""
        where = Location(paragraph=lines[0].index, excerpt=on_page[:40]) if lines else Location()
        if not title:
            yield Problem(
                message=Message(zh="文档属性中的标题为空", en="the document's title property is empty"),
                location=where,
                expected=on_page or None,
                actual="",
            )
            return
        if not ctx.options["compare_first_paragraph"] or not lines:
            return
        wanted = _key(title)
        joined = ""
        for p in lines:
            joined += _key(p.text)
            if joined == wanted:
                return
        yield Problem(
            message=Message(
                zh=f"文档属性中的标题“{title}”与正文标题不一致",
                en=f"the document's title property {title!r} differs from the title on the page",
            ),
            location=where,
            expected=on_page,
            actual=title,
        )
