"""PDF text layer: pages, repeated headers/footers and page numbers removed, lines joined.

Scanned PDFs have no text layer: they are recorded as errors with a message suggesting OCR.
Encrypted PDFs are refused unless they open with an empty password.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from textmine.ingest.messages import Problem, problem
from textmine.ingest.structure import Piece, clean_line_text, find_marker, starts_list_item
from textmine.ingest.text import ReadError

logging.getLogger("pypdf").setLevel(logging.ERROR)

_PAGE_NUMBER = re.compile(r"^(?:page\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*/\s*\d{1,4})?$", re.I)
_DIGITS = re.compile(r"\d+")
# A word cut at the end of a line: "proposi-" + "tion".
_HYPHENATED = re.compile(r"([a-zà-öø-ÿœ]{2,})[-‐]$")
# Footnote call glued to a word: "proposition31 d'interdire" -> "proposition d'interdire".
_FOOTNOTE_CALL = re.compile(r"(?<=[a-zà-öø-ÿœ»”\"')]{3})(\d{1,3})(?=[\s,.;:)]|$)")
_FOOTNOTE = re.compile(r"^(\d{1,3})\s+[A-ZÀ-ÖØ-Ý«“\"(]")
_SENTENCE_END = re.compile(r"[.!?:»\"”)]$")
# Lines that stand alone: bullets without text ("●"), to be joined with the next line.
_LONE_BULLET = re.compile(r"^[•●○◦▪■➢➤►]$")

# Compound words whose hyphen must stay when split at a line end.
_KEEP_HYPHEN_PREFIXES = {
    "c'est",
    "peut",
    "au",
    "vis",
    "sous",
    "non",
    "post",
    "pré",
    "ex",
    "co",
    "anti",
}
_KEEP_HYPHEN_SUFFIX = re.compile(
    r"^(?:ci|là|même|mêmes|être|il|ils|elle|elles|on|je|tu|nous|vous|t-)\b"
)
# A short standalone line naming a part of the document: a heading of the PDF.
_PART_HEADING = re.compile(r"^(?:Volet|Partie|Titre|Chapitre|Fiche|Annexe|Section)s?\b(?!.*\.{4})")

# A heading the PDF shows by its font only ("Développer les usages" in bold): a short line
# without final punctuation, starting upper-case, right above the first item of a numbered list
_LIST_TITLE_CHARS = 80  # plans' part titles run to ~60 characters; list items are longer
_FIRST_ITEM_NUMBERS = {"1", "a", "A", "I"}

# "Recommandation n°1" alone on its (bold) line, its text below; "Fiche action n° 2 – Installer…"
# opening a line: a label word (and a lower-case one), a number, then nothing or a dash or colon
# and a title. Each opens a paragraph of its own, whatever its label word (P24).
_LABEL_ALONE = re.compile(
    r"^[A-ZÀ-Ý][a-zà-öø-ÿ]{2,20}(?: [a-zà-öø-ÿ]{3,20})? (?:[nN] ?[°º] ?)?\d{1,3}$"
)
_LABEL_OPENING = re.compile(
    r"^[A-ZÀ-Ý][a-zà-öø-ÿ]{2,20}(?: [a-zà-öø-ÿ]{3,20})? (?:[nN] ?[°º] ?)?\d{1,3} ?[:–—-] [A-ZÀ-Ý]"
)

# "1 Équiper de compteurs…": a number set in the margin, no punctuation, then the item's text
# (a capitalised word); "640 000 habitants" or "2 500 m²" are figures, not marks
_BARE_NUMBER = re.compile(r"^(?P<number>\d{1,2}) (?=[A-ZÀ-Ý][a-zà-öø-ÿ'’])")

_LONE_NUMBER = re.compile(r"^\d{1,2}$")
_WORD = re.compile(r"[^\W\d_]{2,}")
# a section title's number: "1. ", "2.1 ", "II. " (a bare "1 " opens a margin item instead)
_SECTION_NUMBER = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2}){0,2}\.|\d{1,2}\.\d{1,2}|[IVX]{1,5}\.)[ \t]+"
)
_MARGIN_ITEM_WORDS = 3  # an item's line reads "Équiper de compteurs…"; a ranked name, "Caen"
_NUMBER_COLUMN = re.compile(r"(?:^|\s)(?:N[°º]|No\.?|#)(?:\s|$)")

MIN_CHARS_PER_PAGE = 20
# From 3 pages on, lines repeated at the page edges are running headers and footers; with 2, a
# line on both pages is as likely a title repeated on purpose.
_FEW_PAGES = 3


# a footer's page mark at the end of its line: "– page 3", "p. 3", "3/4", "page 3 sur 4", "- 3 -"
_FOOTER_PAGE = re.compile(
    r"(?:\bpage|\bp\.)\s*(?P<a>\d{1,4})(?:\s*(?:/|sur)\s*\d{1,4})?\s*$"
    r"|\s(?P<b>\d{1,4})\s*/\s*\d{1,4}\s*$|\s[-–]\s*(?P<c>\d{1,4})\s*[-–]\s*$",
    re.I,
)


def _is_footer(line: str, page: int) -> bool:
    """A line ending with this page's own number ("Rapport de la mission – page 3", "… 3/4"): a
    running footer (its words may differ from page to page), not text."""
    match = _FOOTER_PAGE.search(line)
    if match is None or _PAGE_NUMBER.match(line):
        return False
    number = next(group for group in match.groups() if group is not None)
    return int(number) == page


def _page_lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.replace("\r", "\n").split("\n")]


def _edge_key(line: str) -> str:
    """Running headers differ only by their page number: digits are ignored in short lines."""
    line = " ".join(line.split()).lower()
    return _DIGITS.sub("#", line) if len(line) <= 60 else line


def _repeated_edges(pages: list[list[str]], depth: int = 2) -> set[str]:
    """Lines at the top or bottom of many pages: running headers and footers."""
    counts: Counter[str] = Counter()
    for lines in pages:
        content = [line for line in lines if line.strip()]
        edge_lines = content[:depth] + content[-depth:]
        edges = {_edge_key(line) for line in edge_lines if not _is_numbered_item(line)}
        counts.update(edges)
    # 3 pages: a running header is often left off the cover, so 2 of them carry it (P17)
    threshold = 2 if len(pages) == _FEW_PAGES else max(3, int(0.3 * len(pages)))
    return {key for key, count in counts.items() if count >= threshold and key.strip("# ")}


def _repeated_tops(pages: list[list[str]]) -> set[str]:
    """Two pages: the line opening both in the same words is a running header, not a title
    repeated on purpose, which would not open the second page (P24: a running header joined to
    the text that runs on from page 1)."""
    tops = [next((line for line in lines if line.strip()), "") for lines in pages]
    if len(tops) == 2 and tops[0].strip() and _edge_key(tops[0]) == _edge_key(tops[1]):
        return {_edge_key(tops[0])}
    return set()


def _content(lines: list[str], repeated: set[str]) -> list[str]:
    """A page's lines without blanks, page numbers and the running lines found already."""
    kept = [clean_line_text(line) for line in lines]
    return [
        line
        for line in kept
        if line and not _PAGE_NUMBER.match(line) and _edge_key(line) not in repeated
    ]


def _full_width(lines: list[str]) -> int:
    widths = sorted(len(line) for line in lines)
    return widths[int(0.8 * (len(widths) - 1))] if widths else 0


_CUT_SHARE = 0.75  # a line as long as the page's lines runs on; a title or a header is shorter


def _header_in_cut(previous: list[str], lines: list[str], repeated: set[str]) -> bool:
    """Whether a page opens with a short line between a sentence cut at the page break (a full
    line without final punctuation) and its lower-case rest ("… pendant au moins quatre" /
    "Stratégie pour l'économie bleue" / "semaines au cours…"): a running header, even one the
    first page does not carry (P24). A cover's last line ("Mai 2014") cuts no sentence, and a
    full line opening the page ("Rapport du Conseil … remis au") is the text's."""
    before, after = _content(previous, repeated), _content(lines, repeated)
    if before and len(after) >= 2 and _enumeration_goes_on(before[-1], after[0], after[1]):
        return True
    if not before or len(after) < 2 or _SENTENCE_END.search(before[-1]):
        return False
    if len(before[-1]) < _CUT_SHARE * _full_width(before):
        return False
    first, second = after[0], after[1]
    if len(first) >= _CUT_SHARE * _full_width(after) or len(first) > _LIST_TITLE_CHARS:
        return False
    if _SENTENCE_END.search(first) or not second[:1].islower():
        return False
    return find_marker(first) is None and first[:1].isupper()


def _enumeration_goes_on(last: str, first: str, second: str) -> bool:
    """Whether a page opens with a short line between two bullets of one glyph, the first
    ending with ";" or "," ("– un diagnostic… ;" / "Plan régional… – tome 2" / "– une aide…"):
    the enumeration goes on across the page break, the line is a running header (P28)."""
    if not last.endswith((";", ",")) or len(first) > _LIST_TITLE_CHARS:
        return False
    if _SENTENCE_END.search(first) or find_marker(first) is not None:
        return False
    before, after = find_marker(last), find_marker(second)
    return (
        before is not None
        and after is not None
        and before.number is None
        and before.marker == after.marker
    )


def _is_numbered_item(line: str) -> bool:
    marker = find_marker(line.strip())
    return marker is not None and marker.keyword


def _join_lines(previous: str, line: str) -> str:
    """Join a line to the text before it, undoing end-of-line hyphenation."""
    if previous.endswith(("-", "‐")) and len(previous) >= 2 and previous[-2].isalnum():
        match = _HYPHENATED.search(previous)
        if (
            match
            and line[:1].islower()
            and match.group(1).lower() not in _KEEP_HYPHEN_PREFIXES
            and not _KEEP_HYPHEN_SUFFIX.match(line)
        ):
            return previous[:-1] + line  # "proposi-" + "tion"
        return previous + line  # a real compound: "États-" + "Unis", "e-" + "commerce"
    return previous + " " + line


def _is_list_title(line: str, following: str | None) -> bool:
    """ "Former et sécuriser" on its own line right above "1. Créer…": the heading of the list
    under it, which the text layer gives without its bold font (P19: such headings ran into the
    item before them, and the lists restarting under them took no hierarchical number)."""
    if following is None or len(line) > _LIST_TITLE_CHARS or not line[:1].isupper():
        return False
    if _SENTENCE_END.search(line) or line.endswith((",", ";")) or find_marker(line):
        return False
    marker = find_marker(following)
    return marker is not None and not marker.keyword and marker.number in _FIRST_ITEM_NUMBERS


def _is_label_title(previous: str, line: str, following: str | None) -> bool:
    """ "Énergies marines et ports" between a sentence's end and "Mesure 15. Former…": the
    title of the labelled items under it, a heading (it ran into the item before, P28). After a
    line cut mid-sentence it is that sentence's end."""
    if not _SENTENCE_END.search(previous) or not _is_title_line(line):
        return False
    marker = find_marker(following or "")
    return marker is not None and marker.keyword and marker.standalone


def _is_numbered_title(line: str, following: str | None) -> bool:
    """ "1. Un parc vieillissant et coûteux" on its line, over "Les trois piscines…": a numbered
    section title, its own paragraph. Joined to the text under it, it was read as a list item
    running on, and the recommendation before it ran over it to the end (P19)."""
    marker = find_marker(line)
    # "1.2 Les moyens humains" too, a sub-section's title (P24)
    if marker is None or marker.keyword or not (marker.number or "").replace(".", "").isdigit():
        return False
    title = line[len(marker.marker) :].strip()
    if len(line) > _LIST_TITLE_CHARS or not title[:1].isupper():
        return False
    if _SENTENCE_END.search(line) or line.endswith((",", ";")):
        return False
    if following is None or find_marker(following) is not None or "...." in following:
        return False
    # a paragraph's first word ("Les"), not an upper-case title wrapped on ("L'INTERMEDIATION")
    first = following.split()[0]
    return first[:1].isupper() and any(char.islower() for char in first)


def _margin_numbers(content: list[str], carry: int = 0) -> dict[int, str]:
    """Lines of a page opened by a bare number ("1 Équiper…", "2 Aider…") that count from 1 in
    steps of one, each run right below a short title line ("Économiser l'eau") or an intro
    ending with ":": list items numbered in the margin (P28). Their index -> their number.

    A page's footnotes ("1 Source : …") count so too, but under a sentence of the body.
    ``carry``: the last margin number of the page before; its list goes on at the top of this
    page ("8 Développer…" after item 7, a title or the end of item 7 above it: P32)."""
    found: dict[int, str] = {}
    run: list[int] = []
    first = 1  # the number of the run's first item

    def close() -> None:
        nonlocal first
        # one item alone counts once a run of two has shown the layout (a list restarting)
        if len(run) >= 2 or (run and (found or first > 1)):
            found.update({k: str(n) for n, k in enumerate(run, start=first)})
        run.clear()
        first = 1

    for index, line in enumerate(content):
        match = _BARE_NUMBER.match(line) if line else None
        if match is None or len(_WORD.findall(line)) < _MARGIN_ITEM_WORDS:
            continue  # "1 Caen 105 000": a rank in a table, not an item
        number = int(match.group("number"))
        if run and number == first + len(run):
            run.append(index)
            continue
        close()
        above = [other for other in content[:index] if other]
        # the page's first lines: the end of the item before (lower case) or titles
        if (
            carry
            and number == carry + 1
            and not found
            and all(other[:1].islower() or _is_title_line(other) for other in above)
        ):
            first = number
            run.append(index)
            continue
        before = above[-1] if above else ""
        # "N° Recommandation Responsable": a table's header row, its rows no list (P24)
        titled = (_is_title_line(before) or before.endswith(":")) and not _NUMBER_COLUMN.search(
            before
        )
        if number == 1 and titled:
            run.append(index)
    close()
    return found


def _join_lone_numbers(content: list[str]) -> list[str]:
    """ "1" alone on its line, then "Équiper…": a margin number the text layer put on a line of
    its own (its baseline differs from the text's). Joined to the line after it when such
    numbers count 1, 2… (two or more): a list's marks, not stray figures (P28)."""
    lone = [
        k
        for k, line in enumerate(content[:-1])
        if _LONE_NUMBER.match(line) and content[k + 1][:1].isupper()
    ]
    counted: list[int] = []  # the lone numbers that count 1, 2… (restarting at 1)
    for k in lone:
        number = int(content[k])
        if number == 1 or (counted and number == int(content[counted[-1]]) + 1):
            counted.append(k)
    if len(counted) < 2:
        return content
    lone = counted
    joined, skip = [], set()
    for k, line in enumerate(content):
        if k in skip:
            continue
        if k in lone:
            joined.append(f"{line} {content[k + 1]}")
            skip.add(k + 1)
            continue
        joined.append(line)
    return joined


def _is_title_line(line: str) -> bool:
    """A short line starting upper-case without final punctuation: a title's form, with its
    section number or not ("1. Sobriété des bâtiments", "II. Former": P32)."""
    if not line or len(line) > _LIST_TITLE_CHARS:
        return False
    words = _SECTION_NUMBER.sub("", line, count=1)
    if not words[:1].isupper():
        return False
    return not (_SENTENCE_END.search(line) or line.endswith((",", ";")))


def page_pieces(lines: list[str], page: int, repeated: set[str], carry: int = 0) -> list[Piece]:
    """The lines of one page -> paragraphs and list items; ``carry`` is the last margin number
    of the page before (:func:`_margin_numbers`)."""
    content: list[str] = []
    for index, raw in enumerate(lines):
        line = clean_line_text(raw)
        if not line:
            content.append("")
            continue
        if _PAGE_NUMBER.match(line) and (index < 3 or index >= len(lines) - 3):
            continue
        if _edge_key(line) in repeated and not _is_numbered_item(line):
            continue
        content.append(line)
    widths = [len(line) for line in content if line]
    full_width = sorted(widths)[int(0.8 * (len(widths) - 1))] if widths else 0

    content = _join_lone_numbers(content)
    margin = _margin_numbers(content, carry)
    pieces: list[Piece] = []
    current = ""
    pending_bullet = ""
    margin_number: str | None = None  # the number of the margin item being read

    def flush() -> None:
        nonlocal current, margin_number
        if current and margin_number is not None:
            text = _FOOTNOTE_CALL.sub("", current)
            pieces.append(Piece("list_item", text, level=1, page=page, marker=margin_number))
        elif current:
            text = _FOOTNOTE_CALL.sub("", current)
            if _PART_HEADING.match(text) and len(text) < 150 and not text.endswith("."):
                pieces.append(Piece("heading", text, level=1, page=page))
            else:
                pieces.append(Piece("paragraph", text, page=page))
        current, margin_number = "", None

    def mark_footnotes() -> None:
        """Numbered notes at the foot of the page: kept, but as ``footnote`` blocks."""
        for piece in reversed(pieces):
            match = _FOOTNOTE.match(piece.text)
            if piece.kind != "paragraph" or not match:
                break
            piece.kind, piece.marker = "footnote", match.group(1)

    for index, line in enumerate(content):
        if not line:
            flush()
            continue
        following = next((other for other in content[index + 1 :] if other), None)
        if index in margin:  # "1 Équiper…": an item of its own, read to its end
            flush()
            current, margin_number = line, margin[index]
            if _SENTENCE_END.search(line) and not (following or "")[:1].islower():
                flush()
            continue
        if margin_number is not None:  # the margin item's wrapped lines
            current = _join_lines(current, line)
            if _SENTENCE_END.search(line) and not (following or "")[:1].islower():
                flush()
            continue
        following_index = next((k for k in range(index + 1, len(content)) if content[k]), None)
        if following_index in margin and _is_title_line(line):
            flush()
            pieces.append(Piece("heading", line, level=2, page=page))
            continue
        previous = next((other for other in reversed(content[:index]) if other), "")
        if _is_list_title(line, following) or _is_label_title(previous, line, following):
            flush()
            pieces.append(Piece("heading", line, level=2, page=page))
            continue
        if _LONE_BULLET.match(line):
            flush()
            pending_bullet = line + " "
            continue
        if pending_bullet:
            line, pending_bullet = pending_bullet + line, ""
            flush()
        if _LABEL_ALONE.match(line):
            flush()  # "Recommandation n°1" over its text: a line of its own
            pieces.append(Piece("paragraph", line, page=page))
            continue
        if starts_list_item(line, current) or _LABEL_OPENING.match(line):
            flush()
        opens = not current
        current = _join_lines(current, line) if current else line
        ends = _SENTENCE_END.search(line) and len(line) < 0.75 * full_width
        if opens and _is_numbered_title(line, following):
            # a heading: "2. Produire localement" between two numbered titles' lists is no list
            # item of its own (P32)
            pieces.append(Piece("heading", current, level=2, page=page))
            current = ""
        elif ends:
            flush()
    flush()
    mark_footnotes()
    return pieces


def _merge_across_pages(pieces: list[Piece]) -> list[Piece]:
    """A paragraph cut by a page break continues on the next page: join the two halves."""
    merged: list[Piece] = []
    for piece in pieces:
        if (
            merged
            and piece.page != merged[-1].page
            and merged[-1].kind in {"paragraph", "list_item"}
            and not _SENTENCE_END.search(merged[-1].text)
            and piece.text[:1].islower()
        ):
            merged[-1].text = _join_lines(merged[-1].text, piece.text)
            continue
        merged.append(piece)
    return merged


def read_pdf(data: bytes, max_pages: int) -> tuple[list[Piece], int, list[Problem]]:
    """(pieces, number of pages, warnings). Raises ReadError when there is no readable text."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception as exc:
                raise ReadError("pdf_encrypted", exc) from exc
            if not opened:
                raise ReadError("pdf_password")
        n_pages = len(reader.pages)
    except ReadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise ReadError("pdf_corrupt", exc) from exc
    except Exception as exc:
        raise ReadError("pdf_corrupt", f"{type(exc).__name__}: {exc}") from exc
    warnings: list[Problem] = []
    if n_pages > max_pages:
        warnings.append(problem("pdf_pages_limited", limit=max_pages, pages=n_pages))
    pages: list[list[str]] = []
    failed: list[int] = []
    for number in range(min(n_pages, max_pages)):
        try:
            pages.append(_page_lines(reader.pages[number].extract_text() or ""))
        except Exception:
            pages.append([])
            failed.append(number + 1)
    if failed:
        shown = ", ".join(str(page) for page in failed[:10]) + (" …" if len(failed) > 10 else "")
        warnings.append(problem("pdf_pages_failed", pages=shown))
    n_chars = sum(len("".join(lines).strip()) for lines in pages)
    if n_chars < MIN_CHARS_PER_PAGE * max(1, len(pages)) / 4 and n_chars < 200:
        raise ReadError("pdf_no_text", pages=n_pages, chars=n_chars)
    # "Livre blanc de … – page 1", a footer with the page's own number: it ran into the item
    # cut at the break, and hid the sentence cut there (P32)
    pages = [
        [
            line
            for k, line in enumerate(lines)
            if k < len(lines) - 2 or not _is_footer(clean_line_text(line), number)
        ]
        for number, lines in enumerate(pages, start=1)
    ]
    repeated = _repeated_edges(pages) if len(pages) >= _FEW_PAGES else _repeated_tops(pages)
    pieces: list[Piece] = []
    carry = 0  # the last margin number read, for a list going on over the page (P32)
    for number, lines in enumerate(pages, start=1):
        if number > 1 and _header_in_cut(pages[number - 2], lines, repeated):
            first = next(k for k, line in enumerate(lines) if _content([line], repeated))
            lines = lines[:first] + lines[first + 1 :]
        page = page_pieces(lines, number, repeated, carry)
        margins = [p.marker for p in page if p.kind == "list_item" and (p.marker or "").isdigit()]
        carry = int(margins[-1]) if margins else 0
        pieces.extend(page)
    return _merge_across_pages(pieces), n_pages, warnings
