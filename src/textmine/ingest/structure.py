"""Turn the pieces a reader found (headings, paragraphs, list items...) into clean text + blocks.

Every reader produces a list of :class:`Piece`; :func:`assemble` normalises each piece, joins them
with blank lines and records one :class:`Block` per piece with offsets into the final text, the
list numbering ("Proposition n° 12 :", "1°", "a)", "•") and the enclosing heading.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from textmine.ingest.model import Block

PARAGRAPH_SEPARATOR = "\n\n"


@dataclass(slots=True)
class Piece:
    """A structural unit as a reader found it, before normalisation."""

    kind: str  # heading | paragraph | list_item | table_row | quote
    text: str
    level: int | None = None
    page: int | None = None
    marker: str | None = None  # set when the reader knows the marker (e.g. a Markdown bullet)


# Characters removed from text: controls (except tab/newline), zero-width marks, soft hyphen.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\u200b-\u200d\u2060\ufeff]")

_KEYWORDS = (
    r"Propositions?|Recommandations?|Préconisations?|Mesures?|Actions?|Orientations?"
    r"|Engagements?|Objectifs?|Pistes?|Axes?|Chantiers?|Articles?|Volets?"
)
_KEYWORD_MARKER = re.compile(
    rf"^(?P<marker>(?:{_KEYWORDS})\s*(?:n\s*°|n[o°º]\.?|N\s*°|N[o°º]\.?)?\s*"
    r"(?P<number>\d+(?:[.-]\d+)*|[IVXLC]+\b)(?:\s*(?:bis|ter))?\s*(?P<sep>[:.–—-](?=\s|$))?)(?P<rest>.?)",
    re.IGNORECASE,
)
_DEGREE_MARKER = re.compile(r"^(?P<marker>(?P<number>\d{1,3})\s?°)(?=\s|$|[:.,)-])")
_NUMBER_MARKER = re.compile(r"^(?P<marker>(?P<number>\d{1,3}(?:\.\d{1,3}){0,3})[.)])(?=\s)")
# "1.2 Ouvrir un guichet…": a plan's explicit item number, written without a final dot
_DECIMAL_MARKER = re.compile(r"^(?P<marker>(?P<number>\d{1,2}(?:\.\d{1,2}){1,3}))(?=\s)")
_LETTER_MARKER = re.compile(r"^(?P<marker>(?P<number>[a-zA-Z])\))(?=\s)")
_ROMAN_MARKER = re.compile(r"^(?P<marker>(?P<number>[IVX]{1,5})[.)–-])(?=\s)")
# "ii)", "(iv)", "iii." open an item; a single "i)" or "v)" is a letter above. Multi-letter only
# with "." ("vi. …"), as "i. " or "v. " may abbreviate a word at a line start (P17).
_LOWER_ROMAN_MARKER = re.compile(
    r"^(?P<marker>\(?(?P<number>ii|iii|iv|vi|vii|viii|ix|xi|xii|xiii)[.)]|\((?P<single>[ivx])\))"
    r"(?=\s)"
)
# "B. Financer…": an upper-case letter and a dot open an item only after the letter before it
# opened the paragraph ("A. …"), since "M. Dupont" or "A. Camus" alone are names (P17)
_UPPER_LETTER_DOT = re.compile(r"^(?P<letter>[A-Z])\.\s")
# "(2) financer…" after "(1) verser…": a count in parentheses, read as a mark only when it goes
# on from the paragraph's own (a note "(1) Source…" or a call stays text: P32)
_PAREN_NUMBER = re.compile(r"^\((?P<number>\d{1,2}|[a-z])\)\s")
_BULLET_MARKER = re.compile(r"^(?P<marker>[•●○◦▪■□➢➤►‣∙·*+\-–—])(?=\s)")

# The number inside a rendered list label: "A." -> "A", "(ii)" -> "ii", "[3]" -> "3".
_LABEL_NUMBER = re.compile(r"[(\[]?(?P<number>[0-9A-Za-z]{1,5}(?:\.[0-9]{1,3}){0,3})[.)\]:]?")
# A rendered label with words before its number: "Objectif opérationnel 1.2 :" -> "1.2" (P19)
_WORDED_LABEL = re.compile(
    r"[^\W\d]+(?:[ \t]+[^\W\d]+){0,2}[ \t]+(?:n[°º][ \t]*)?"
    r"(?P<number>\d{1,3}(?:\.\d{1,3}){0,3})[ \t]*[.:–—)-]?"
)

# Bullet glyphs whose nesting depth is conventional.
_BULLET_LEVELS = {"○": 2, "◦": 2, "▪": 3, "■": 3, "□": 3}


@dataclass(slots=True)
class Marker:
    marker: str
    number: str | None
    level: int
    keyword: bool  # "Proposition 12", "Recommandation 3": a numbered item named as such
    standalone: bool = True  # False for "Article 7 de la loi...": a sentence, not an item


def find_marker(text: str) -> Marker | None:
    """The list numbering a piece of text starts with, if any."""
    match = _KEYWORD_MARKER.match(text)
    if match:
        standalone = bool(match["sep"]) or not match["rest"]
        return Marker(match["marker"].strip(), match["number"], 1, True, standalone)
    match = _DEGREE_MARKER.match(text)
    if match:
        return Marker(match["marker"], match["number"], 1, False)
    match = _NUMBER_MARKER.match(text)
    if match:
        number = match["number"]
        return Marker(match["marker"], number, number.count(".") + 1, False)
    match = _DECIMAL_MARKER.match(text)
    if match:
        number = match["number"]
        return Marker(match["marker"], number, number.count(".") + 1, False)
    match = _LETTER_MARKER.match(text)
    if match:
        return Marker(match["marker"], match["number"], 2, False)
    match = _ROMAN_MARKER.match(text)
    if match:
        return Marker(match["marker"], match["number"], 1, False)
    match = _LOWER_ROMAN_MARKER.match(text)
    if match:
        return Marker(match["marker"], match["number"] or match["single"], 2, False)
    match = _BULLET_MARKER.match(text)
    if match:
        glyph = match["marker"]
        return Marker(glyph, None, _BULLET_LEVELS.get(glyph, 1), False)
    return None


def starts_list_item(line: str, paragraph: str = "") -> bool:
    """Whether a line opens a new list item (so it must not be joined to the previous line).

    ``paragraph`` is the first line of the paragraph being built: "B. …" opens an item when it
    is "A. …" (a lettered run), not otherwise.
    """
    marker = find_marker(line.lstrip())
    if marker is not None and marker.standalone:
        return True
    counted = _PAREN_NUMBER.match(line.lstrip())
    before = _PAREN_NUMBER.match(paragraph.lstrip())
    if counted and before:
        a, b = before["number"], counted["number"]
        if a.isdigit() and b.isdigit():
            return int(b) == int(a) + 1
        return a.isalpha() and b.isalpha() and ord(b) == ord(a) + 1
    letter = _UPPER_LETTER_DOT.match(line.lstrip())
    if letter is None or letter["letter"] == "A":
        return False
    previous = _UPPER_LETTER_DOT.match(paragraph.lstrip())
    return previous is not None and ord(previous["letter"]) == ord(letter["letter"]) - 1


def clean_line_text(text: str) -> str:
    """NFC, no control or invisible characters, whitespace collapsed to single spaces."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    return " ".join(text.split())


def normalize_text(text: str) -> str:
    """NFC, no control characters, ``\\n`` newlines (kept), spaces collapsed within lines."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _INVISIBLE.sub("", text)
    return "\n".join(" ".join(line.split()) for line in text.split("\n"))


def assemble(pieces: list[Piece], max_chars: int | None = None) -> tuple[str, list[Block], bool]:
    """Join pieces into the document text and its blocks; True when the text was truncated."""
    parts: list[str] = []
    blocks: list[Block] = []
    headings: list[tuple[int, str]] = []  # the open heading stack: (level, text)
    position = 0
    truncated = False
    for piece in pieces:
        text = clean_line_text(piece.text)
        if not text:
            continue
        kind = piece.kind
        level = piece.level
        marker_text: str | None = piece.marker
        number: str | None = None
        found = find_marker(text)
        if found is not None and (found.standalone or kind == "heading"):
            marker_text, number = found.marker, found.number
            if kind == "paragraph":
                kind = "list_item"
            if kind == "list_item" and level is None:
                level = found.level
        elif marker_text is not None and text.startswith(marker_text):
            # a word processor's number the text patterns do not know ("A.", "(ii)")
            label = _LABEL_NUMBER.fullmatch(marker_text) or _WORDED_LABEL.fullmatch(marker_text)
            number = label["number"] if label else None
        if kind == "list_item" and level is None:
            level = 1
        if kind == "heading":
            level = level or 1
            while headings and headings[-1][0] >= level:
                headings.pop()
            section = headings[-1][1] if headings else None
            headings.append((level, text))
        else:
            section = headings[-1][1] if headings else None
        if parts:
            position += len(PARAGRAPH_SEPARATOR)
        if max_chars is not None and position + len(text) > max_chars:
            truncated = True
            room = max_chars - position
            if room <= 0:
                break
            text = text[:room]
        start = position
        parts.append(text)
        position += len(text)
        blocks.append(
            Block(
                kind=kind,
                start_char=start,
                end_char=position,
                level=level,
                marker=marker_text,
                number=number,
                page=piece.page,
                section=section,
            )
        )
        if truncated:
            break
    return PARAGRAPH_SEPARATOR.join(parts), blocks, truncated


def paragraphs_from_lines(lines: list[str], page: int | None = None) -> list[Piece]:
    """Plain text lines -> pieces: blank lines separate paragraphs, list markers open items."""
    pieces: list[Piece] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            pieces.append(Piece("paragraph", " ".join(current), page=page))
            current.clear()

    for raw in lines:
        line = raw.strip()
        if not line:
            flush()
            continue
        if starts_list_item(line, current[0] if current else ""):
            flush()
        current.append(line)
    flush()
    return pieces
