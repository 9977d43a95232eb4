"""Lines of a document: each classed as blank, page, numbered header, bullet, heading or text.

The text is cut into lines, each classed as blank, page number, numbered header ("Recommandation
3 –", "Proposition n° 12 :"), bullet ("●", "-", "1.", "a)") or plain text; the blocks from
ingestion, when present, add list items and headings that the text alone does not show.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

_BULLET = re.compile(
    r"^[ \t]*(?P<marker>[●○•▪◦■□➢►▸✓✔·∙◆◇‣⁃]|[-–—*+](?=\s)"
    r"|\d{1,2}(?:\.\d{1,2}){1,3}\.?(?=\s)|\(?\d{1,2}[.)°](?=\s)|\(?[a-z][.)](?=\s))"
    r"[ \t]*"
)
# "A. Construire…", "IV – Créer…": a bullet only when its run goes on (A, B… or I, II…), which
# the caller checks; alone, "M. Dupont" or "I. Constat" are no list.
_UPPER_ORDINAL = re.compile(
    r"^[ \t]*(?:[*_]{1,2})?(?P<marker>(?P<ordinal>[A-Z]|[IVX]{2,5})[ \t]?[.)–—-])(?=[ \t])[ \t]*"
)
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s*)?\d{1,4}\s*(?:/\s*\d{1,4})?\s*$", re.I)
_HTML_ONLY = re.compile(r"^\s*(?:<[^>\n]*>\s*)+$")
_MD_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+(?P<title>.+?)[ \t#]*$")
_TOC_LEADER = re.compile(r"(?:\.{5,}|…{3,}|(?:\. ){4,})")
_ENDS_SENTENCE = re.compile(r"[.!?;…][\s*_»\"]*$")
_MARKUP = re.compile(r"[*_`#>]+")


@dataclass(slots=True)
class _Line:
    start: int  # offset of the first non-blank character
    end: int  # offset after the last non-blank character
    kind: str  # blank | page | header | bullet | heading | text
    text: str
    content_start: int  # after the bullet marker, for bullets; after the label, for headers
    number: str | None = None  # for headers and numbered bullets
    has_title: bool = False  # header followed by a title on the same line
    ordinal: str | None = None  # "A" or "IV" opening a text line: a bullet if its run goes on


def _header_pattern(labels: Iterable[str]) -> re.Pattern[str]:
    alternatives = "|".join(sorted((re.escape(label) for label in labels), key=len, reverse=True))
    return re.compile(
        r"^[ \t]*(?:[#>]+[ \t]*)?(?:[-*•●][ \t]+)?(?:[*_]{1,3}[ \t]*)?"
        rf"(?P<label>{alternatives})[ \t]*"
        r"(?:n[ \t]*[°º]|n[o]\.?|N[°º]|#)?[ \t]*"
        r"(?P<num>\d{1,3}(?:[.-]\d{1,3}){0,3}(?:[ \t]?(?:bis|ter|[a-z]\b))?|[IVXLC]{1,6}\b)"
        r"[ \t]*(?:[*_]{1,3})?[ \t]*"
        r"(?P<sep>[:.–—\-)]|$)"
        r"(?:[ \t]*(?:[*_]{1,3})?)(?P<rest>.*)$",
        re.I,
    )


def _classify_lines(
    text: str,
    header: re.Pattern[str],
    list_starts: set[int],
    noise: list[tuple[int, int]] | None = None,
) -> list[_Line]:
    """One :class:`_Line` per line of ``text``; lines starting inside ``noise`` are skippable."""
    lines: list[_Line] = []
    noise = noise or []
    noise_starts = [start for start, _ in noise]
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        stripped = body.strip()
        start = pos + (len(body) - len(body.lstrip())) if stripped else pos
        end = start + len(stripped)
        pos += len(raw)
        if not stripped or _HTML_ONLY.match(body) or set(stripped) <= set("\f "):
            lines.append(_Line(start, end, "blank", stripped, start))
            continue
        k = bisect_right(noise_starts, start) - 1
        if _PAGE_NUMBER.match(body) or (k >= 0 and start < noise[k][1]):
            lines.append(_Line(start, end, "page", stripped, start))
            continue
        match = header.match(body)
        if match and _is_header(match, stripped):
            rest = _MARKUP.sub("", match.group("rest")).strip(" \t:–—-.")
            title_start = pos - len(raw) + match.start("rest")
            title_start += len(match.group("rest")) - len(match.group("rest").lstrip(" \t*_:–—-."))
            lines.append(
                _Line(start, end, "header", stripped, title_start, match.group("num"), bool(rest))
            )
            continue
        heading = _MD_HEADING.match(body)
        if heading:
            lines.append(_Line(start, end, "heading", heading.group("title"), start))
            continue
        bullet = _BULLET.match(body)
        upper = None if bullet else _UPPER_ORDINAL.match(body)
        if upper:  # "II. …": a bullet, numbered once its run is confirmed
            kind = "bullet" if start in list_starts else "text"
            ordinal = upper.group("ordinal")
            lines.append(_Line(start, end, kind, stripped, start, ordinal=ordinal))
            continue
        if bullet or start in list_starts:
            content_start = pos - len(raw) + bullet.end() if bullet else start
            number = _marker_number(bullet.group("marker")) if bullet else None
            lines.append(_Line(start, end, "bullet", stripped, content_start, number))
            continue
        lines.append(_Line(start, end, "text", stripped, start))
    _confirm_upper_ordinals(lines)
    return lines


def _marker_number(marker: str) -> str | None:
    """ "3." -> "3", "1.2" -> "1.2", "(b)" -> "b"; a glyph has none."""
    number = marker.strip("()°. \t")
    return number if number[:1].isalnum() else None


def roman_value(numeral: str) -> int | None:
    """ "IV" -> 4; None for what is not a roman numeral."""
    values = [_ROMAN_VALUES.get(char) for char in numeral.upper()]
    if not values or None in values:
        return None
    total = 0
    for k, value in enumerate(values):
        following = values[k + 1] if k + 1 < len(values) else 0
        total += -value if value < following else value
    return total


def _ordinal_value(ordinal: str, kind: str) -> int | None:
    if kind == "roman":
        return roman_value(ordinal)
    return ord(ordinal) - ord("A") + 1 if len(ordinal) == 1 else None


def _confirm_upper_ordinals(lines: list[_Line]) -> None:
    """Text lines opened by "A." or "II." become bullets when they run in order from A or I."""
    for kind in ("roman", "letter"):
        run: list[_Line] = []
        for line in lines:
            value = _ordinal_value(line.ordinal, kind) if line.ordinal else None
            if value is None:
                continue
            if value == 1:
                _promote_run(run)
                run = [line]
            elif run and value == len(run) + 1:
                run.append(line)
        _promote_run(run)


def _promote_run(run: list[_Line]) -> None:
    if len(run) < 2:  # "A." alone: an initial ("A. Dupont"), not a list
        return
    for line in run:
        marker = _UPPER_ORDINAL.match(line.text)
        line.kind, line.number = "bullet", line.ordinal
        line.content_start = line.start + (marker.end() if marker else 0)


def _is_header(match: re.Match[str], line: str) -> bool:
    """A numbered header, not a sentence that happens to start with "Proposition 31 du…"."""
    label = match.group("label")
    if not label[0].isupper():
        return False  # "proposition 31 d'interdire…" wrapped at a line start: a mention
    if _TOC_LEADER.search(line):
        return False  # a table-of-contents entry
    rest = match.group("rest").strip()
    if match.group("sep") == "." and rest[:1].islower():
        return False
    # A header's title does not start with a lowercase word right after the number ("du rapport").
    return not (match.group("sep") == "" and rest[:1].islower())


def _starts_lower(text: str) -> bool:
    first = _MARKUP.sub("", text).lstrip(' \t"«(“')[:1]
    return first.islower()


def _markdown_sections(lines: list[_Line]) -> list[tuple[int, str]]:
    return [
        (line.start, _MARKUP.sub("", line.text).strip()) for line in lines if line.kind == "heading"
    ]
