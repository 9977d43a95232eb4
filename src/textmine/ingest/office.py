"""Word processor files: DOCX (python-docx), ODT (odfpy), RTF (striprtf).

Headings keep their levels, list paragraphs become list items, table rows become ``table_row``
pieces with cells separated by " | ". Automatic list numbers, which are not in the text, are
rendered before their item as the word processor shows them (:mod:`textmine.ingest.numbering`).
"""

from __future__ import annotations

import io
import re
import zipfile

from textmine.ingest.archive import check_office_container
from textmine.ingest.numbering import Counters, DocxNumbering, OdfNumbering
from textmine.ingest.structure import Piece
from textmine.ingest.text import ReadError, decode_bytes, markdown_pieces

_HEADING_STYLE = re.compile(r"^(?:heading|titre|title)\s*(\d)?$", re.IGNORECASE)
_W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_paragraph_piece(paragraph, numbering: DocxNumbering) -> Piece | None:
    text = paragraph.text
    style = paragraph.style
    style_name = (style.name if style is not None else "") or ""
    style_id = style.style_id if style is not None else None
    # Word's automatic number ("1.", "2.1", "a)") is not in the text: it is rendered, and
    # counted even on an empty paragraph, as Word counts it
    label = numbering.label(paragraph._p, style_id)
    if not text.strip():
        return None
    if label:
        text = f"{label} {text.lstrip()}"
    heading = _HEADING_STYLE.match(style_name.strip())
    if heading:
        return Piece("heading", text, level=int(heading.group(1) or 1), marker=label or None)
    properties = paragraph._p.pPr
    numbered = properties is not None and properties.numPr is not None
    if numbered or label is not None or style_name.lower().startswith(("list", "liste")):
        level = 1
        if numbered and properties.numPr.ilvl is not None:
            level = int(properties.numPr.ilvl.val) + 1
        return Piece("list_item", text, level=level, marker=label or None)
    return Piece("paragraph", text)


def _continues_item(piece: Piece, paragraph, pieces: list[Piece]) -> bool:
    """An unnumbered paragraph indented from the left right after a list item goes on with that
    item, as Word shows it (and as Markdown indents one, :func:`markdown_pieces`); at the left
    margin it is the text's next paragraph (P28)."""
    if piece.kind != "paragraph" or not pieces or pieces[-1].kind != "list_item":
        return False
    indent = paragraph.paragraph_format.left_indent
    return indent is not None and indent > 0


def _docx_cell_text(cell, numbering: DocxNumbering) -> str:
    """A table cell's text with the numbers Word shows before its paragraphs ("Action 1"): a
    plan's first column numbered by Word was read without its numbers (P28)."""
    texts = []
    for paragraph in cell.paragraphs:
        style = paragraph.style
        label = numbering.label(paragraph._p, style.style_id if style is not None else None)
        if paragraph.text.strip():
            texts.append(f"{label} {paragraph.text.lstrip()}" if label else paragraph.text)
        elif label:  # an empty cell Word numbers: the "N°" column shows "1." alone (P32)
            texts.append(label)
    return " ".join(texts)


def read_docx(data: bytes, max_expanded: int) -> tuple[list[Piece], dict[str, str]]:
    """(pieces, core properties) of a DOCX, body order kept (paragraphs and tables interleaved)."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    check_office_container(data, max_expanded)
    try:
        document = docx.Document(io.BytesIO(data))
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ReadError("docx_corrupt", exc) from exc
    except Exception as exc:
        raise ReadError("docx_corrupt", f"{type(exc).__name__}: {exc}") from exc
    pieces: list[Piece] = []
    numbering = DocxNumbering(document)
    for child in document.element.body.iterchildren():
        if child.tag == _W_NS + "p":
            paragraph = Paragraph(child, document)
            piece = _docx_paragraph_piece(paragraph, numbering)
            if piece is not None and _continues_item(piece, paragraph, pieces):
                pieces[-1].text = f"{pieces[-1].text} {piece.text.strip()}"
            elif piece is not None:
                pieces.append(piece)
        elif child.tag == _W_NS + "tbl":
            for row in Table(child, document).rows:
                cells: list[str] = []
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue  # a merged cell, repeated: its numbers are counted once
                    seen.add(id(cell._tc))
                    value = " ".join(_docx_cell_text(cell, numbering).split())
                    if value and (not cells or cells[-1] != value):  # merged cells repeat
                        cells.append(value)
                if cells:
                    pieces.append(Piece("table_row", " | ".join(cells)))
    core = document.core_properties
    properties = {
        "title": core.title or "",
        "author": core.author or "",
        "created": core.created.date().isoformat() if core.created else "",
    }
    return pieces, {k: v for k, v in properties.items() if v}


def _odf_text(node) -> str:
    from odf import teletype

    return teletype.extractText(node)


def _odf_walk(
    node,
    pieces: list[Piece],
    numbering: OdfNumbering,
    list_depth: int = 0,
    context: tuple[str, Counters] | None = None,
    label: str | None = None,
) -> None:
    """Pieces of ``node``'s children; ``label`` is the number of the list item being read, put
    before its first paragraph."""
    from odf.namespaces import TABLENS, TEXTNS

    for child in node.childNodes:
        qname = getattr(child, "qname", None)
        if qname is None:
            continue
        if qname == (TEXTNS, "h"):
            level = int(child.getAttribute("outlinelevel") or "1")
            text = _odf_text(child)
            number = numbering.heading_label(level, child.getAttribute("islistheader") != "true")
            if number and text.strip():  # "2. Développer…", as the outline style shows it
                text = f"{number} {text.lstrip()}"
            pieces.append(Piece("heading", text, level=level))
        elif qname == (TEXTNS, "p"):
            kind = "list_item" if list_depth else "paragraph"
            text = _odf_text(child)
            marker = None
            if label and text.strip():
                text, marker, label = f"{label} {text.lstrip()}", label, None
            pieces.append(Piece(kind, text, level=list_depth or None, marker=marker))
        elif qname == (TEXTNS, "list"):
            inner = numbering.open_list(child, context)
            _odf_walk(child, pieces, numbering, list_depth + 1, inner)
        elif qname == (TEXTNS, "list-item") and context is not None:
            # an item holding only a nested list is no item of its own level: not counted
            texts = [getattr(c, "qname", None) for c in child.childNodes]
            item_label = None
            if (TEXTNS, "p") in texts or (TEXTNS, "h") in texts:
                start = child.getAttribute("startvalue")
                item_label = numbering.label(context[0], context[1], list_depth, start)
            _odf_walk(child, pieces, numbering, list_depth, context, item_label)
        elif qname == (TABLENS, "table-row"):
            cells = [" ".join(_odf_text(cell).split()) for cell in child.childNodes]
            row = " | ".join(cell for cell in cells if cell)
            if row:
                pieces.append(Piece("table_row", row))
        else:
            _odf_walk(child, pieces, numbering, list_depth, context)


def read_odt(data: bytes, max_expanded: int) -> list[Piece]:
    """Pieces of an OpenDocument text file, in document order, list numbers rendered."""
    from odf.opendocument import load

    check_office_container(data, max_expanded)
    try:
        document = load(io.BytesIO(data))
    except Exception as exc:
        raise ReadError("odt_corrupt", f"{type(exc).__name__}: {exc}") from exc
    pieces: list[Piece] = []
    _odf_walk(document.text, pieces, OdfNumbering(document))
    return pieces


def read_rtf(data: bytes) -> list[Piece]:
    """Pieces of an RTF file (plain paragraphs; list markers detected in the text)."""
    from striprtf.striprtf import rtf_to_text

    raw, _ = decode_bytes(data)
    if not raw.lstrip().startswith("{\\rtf"):
        raise ReadError("not_rtf", "missing the {\\rtf header")
    try:
        text = rtf_to_text(raw, errors="replace")
    except Exception as exc:
        raise ReadError("rtf_corrupt", f"{type(exc).__name__}: {exc}") from exc
    return markdown_pieces(text, markup=False)
