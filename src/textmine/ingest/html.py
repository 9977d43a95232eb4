"""HTML pages: the main content only (trafilatura), with a plain lxml fallback."""

from __future__ import annotations

import re

from textmine.ingest.structure import Piece
from textmine.ingest.text import ReadError, decode_bytes, markdown_pieces

_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)


def read_html(data: bytes) -> tuple[list[Piece], str | None]:
    """(pieces, title): the page's main text as Markdown-like pieces, boilerplate removed."""
    import trafilatura
    from lxml import html as lxml_html

    markup, _ = decode_bytes(data)
    if "<" not in markup:
        raise ReadError("not_html")
    title_match = _TITLE.search(markup[:200_000])
    title = " ".join(title_match.group(1).split()) if title_match else None
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
    return markdown_pieces(extracted or ""), title
