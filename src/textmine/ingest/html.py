"""HTML pages: the main content only (trafilatura), with a plain lxml fallback.

An ordered list whose numbers the browser draws as letters or roman numerals (``<ol type="a">``,
``"A"``, ``"i"``, ``"I"``) or from another start (``start="4"``) has them written into its
items' text first, as the page shows them: the Markdown conversion numbers every ``<ol>`` 1, 2,
3 (P19: "a)"… read as "1."…).
"""

from __future__ import annotations

import re
from typing import Any

from textmine.ingest.structure import Piece
from textmine.ingest.text import ReadError, decode_bytes, markdown_pieces

_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_DRAWN_OL = re.compile(r"<ol\b[^>]*\b(?:type\s*=\s*[\"']?[aAiI]\b|start\s*=)", re.IGNORECASE)
# the Markdown conversion escapes a paragraph's leading "3." as "3\." (not to read it as a list)
_ESCAPED_NUMBER = re.compile(r"^(?P<number>[ \t]*\d{1,3})\\\.", re.MULTILINE)
_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l")]
_ROMAN += [(40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def list_mark(value: int, kind: str) -> str:
    """The number a browser draws for the ``value``-th item of an ``<ol type=kind>``: 3 -> "c"."""
    if kind in {"a", "A"} and 1 <= value <= 26:
        mark = chr(ord("a") + value - 1)
    elif kind in {"i", "I"} and value >= 1:
        mark = ""
        for size, numeral in _ROMAN:
            while value >= size:
                mark, value = mark + numeral, value - size
    else:
        return str(value)
    return mark.upper() if kind.isupper() else mark


_BLOCK_TAGS = {"ul", "ol", "p", "div"}


def _own_paragraph(li: Any) -> None:
    """The text of an item holding a nested list ("3. Prendre en charge…" then a ``<ul>``) put in
    a paragraph of its own: left as the text of a ``<div>``, the extraction dropped it (P24)."""
    from lxml import html as lxml_html

    paragraph = lxml_html.Element("p")
    paragraph.text, li.text = li.text, None
    for child in list(li):
        if child.tag in _BLOCK_TAGS:
            break
        paragraph.append(child)  # inline markup before the nested list: <strong>, <a>
    li.insert(0, paragraph)


def _draw_list_numbers(markup: str) -> str:
    """The page with each lettered, roman or offset ``<ol>`` turned into paragraphs that carry
    their number ("c. Que les communes…"); pages without one are returned unchanged."""
    if not _DRAWN_OL.search(markup):
        return markup
    from lxml import etree
    from lxml import html as lxml_html

    try:
        tree = lxml_html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return markup
    changed = False
    for ol in tree.iter("ol"):
        kind = (ol.get("type") or "1").strip()
        try:
            value = int(ol.get("start") or 1)
        except ValueError:
            value = 1
        if kind == "1" and value == 1:
            continue
        for li in [child for child in ol if child.tag == "li"]:
            li.text = f"{list_mark(value, kind)}. " + (li.text or "").lstrip()
            if not any(c.tag in _BLOCK_TAGS for c in li):
                li.tag = "p"
            else:
                _own_paragraph(li)
                li.tag = "div"
            value += 1
        ol.tag, changed = "div", True
    if not changed:
        return markup
    return etree.tostring(tree, encoding="unicode", method="html")


def read_html(data: bytes) -> tuple[list[Piece], str | None]:
    """(pieces, title): the page's main text as Markdown-like pieces, boilerplate removed."""
    import trafilatura
    from lxml import html as lxml_html

    markup, _ = decode_bytes(data)
    if "<" not in markup:
        raise ReadError("not_html")
    title_match = _TITLE.search(markup[:200_000])
    title = " ".join(title_match.group(1).split()) if title_match else None
    markup = _draw_list_numbers(markup)
    extracted = None
    try:
        extracted = trafilatura.extract(
            markup,
            output_format="markdown",
            include_formatting=True,
            include_tables=True,
            include_comments=False,
            favor_recall=True,
        )
    except Exception:
        extracted = None
    if not extracted:
        try:
            tree = lxml_html.fromstring(markup.encode("utf-8"))
            for bad in tree.xpath("//script|//style|//nav|//header|//footer"):
                bad.drop_tree()
            extracted = "\n\n".join(
                " ".join(el.text_content().split())
                for el in tree.xpath("//h1|//h2|//h3|//h4|//p|//li|//td")
            )
        except Exception as exc:
            raise ReadError("html_unreadable", exc) from exc
    return markdown_pieces(_ESCAPED_NUMBER.sub(r"\g<number>.", extracted or "")), title
