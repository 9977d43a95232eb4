"""Lines of a document: classed as blank, page, numbered header, bullet, heading, text, contents.

The text is cut into lines, each classed as blank, page number, numbered header ("Recommandation
3 –", "Proposition n° 12 :"), bullet ("●", "-", "1.", "a)", "ii)") or plain text; the blocks from
ingestion, when present, add list items and headings that the text alone does not show. The
entries of a table of contents are ``contents``, not bullets or headers: they name sections.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass

_BULLET = re.compile(
    r"^[ \t]*(?P<marker>[●○•▪◦■□➢►▸✓✔·∙◆◇‣⁃]|[-–—*+](?=\s)"
    r"|\d{1,2}(?:\.\d{1,2}){1,3}\.?(?=\s)|\(?\d{1,2}(?:°\)?|[.)])(?=\s)|\(?[a-z][.)](?=\s)"
    # a roman numeral's or a capital letter's sub-items: "II.1.", "III.2", "A.1)" (an ODF
    # list showing two levels through display-levels, P24, P32)
    r"|(?:[IVX]{1,4}|[A-Z])(?:\.\d{1,2}){1,2}[.)]?(?=\s)"
    # lower-case roman numerals past "i": "ii)", "(iv)", "xiii." (P17)
    r"|\(?(?:ii|iii|iv|vi|vii|viii|ix|xi|xii|xiii)[.)](?=\s))"
    r"[ \t]*"
)
# "A. Construire…", "IV – Créer…": a bullet only when its run goes on (A, B… or I, II…), which
# the caller checks; alone, "M. Dupont" or "I. Constat" are no list.
_UPPER_ORDINAL = re.compile(
    r"^[ \t]*(?:[*_]{1,2})?(?P<marker>(?P<ordinal>[A-Z]|[IVX]{2,5})[ \t]?[.)–—-])(?=[ \t])[ \t]*"
)
# "1 Équiper…": a number without punctuation before a capital, read as a mark only on a line
# that ingestion made a list item (a PDF's margin numbers, P28); elsewhere "3 communes ont…" is
# text, and so is "60 places…", a Markdown bullet whose dash ingestion dropped
_BARE_NUMBER = re.compile(r"^[ \t]*(?P<number>\d{1,2})[ \t]+(?=[A-ZÀ-Ý])")
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
    kind: str  # blank | page | header | bullet | heading | text | contents
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
        # a qualifying adjective: "Objectif opérationnel 1.2 :", "Mesure phare 3 –" (P19)
        r"(?:(?<=[ \t])[a-zà-öø-ÿ]{4,20}[ \t]+(?=\d))?"
        r"(?:n[ \t]*[°º]|n[o]\.?|N[°º]|#)?[ \t]*"
        # one notion of a label's number: arabic, roman, a capital letter, each with its
        # sub-levels ("1.2.3", "I-1", "II.3", "A.1"; P32)
        r"(?P<num>\d{1,3}(?:[.-]\d{1,3}){0,3}(?:[ \t]?(?:bis|ter|[a-z]\b))?"
        r"|(?-i:[IVXLC]{1,6}|[A-Z])[.-]\d{1,3}(?:[.-]\d{1,3}){0,2}\b|[IVXLC]{1,6}\b"
        # a capital letter: "PROPOSITION A.", "Mesure B :", kept when its run goes on (P28)
        r"|(?-i:[A-Z])(?=[ \t]*(?:[*_]{1,3})?[ \t]*(?:[:.–—)-][ \t]*(?:[*_]{1,3})?[ \t]*[A-ZÀ-Ý]|$)))"
        r"[ \t]*(?:[*_]{1,3})?[ \t]*"
        # or a space before a capital after a number with sub-levels ("Action I-1 Doter…",
        # a hanging indent that ingestion squashed; :func:`_is_header` checks, P32)
        r"(?P<sep>[:.–—\-)]|$|(?<=[ \t])(?=[A-ZÀ-Ý]))"
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
        bare = None if bullet else _BARE_NUMBER.match(body)
        if bullet or start in list_starts:
            content_start = pos - len(raw) + bullet.end() if bullet else start
            number = _marker_number(bullet.group("marker")) if bullet else None
            if bare and start in list_starts:  # "1 Équiper…": a list item ingestion numbered
                content_start, number = pos - len(raw) + bare.end(), bare.group("number")
            lines.append(_Line(start, end, "bullet", stripped, content_start, number))
            continue
        lines.append(_Line(start, end, "text", stripped, start))
    _confirm_upper_ordinals(lines)
    _confirm_letter_headers(lines)
    return lines


def _confirm_letter_headers(lines: list[_Line]) -> None:
    """Headers numbered by a capital letter ("PROPOSITION A.", "B.", "C."…) stand when their
    letters run in order from A, two or more; "Mesure D :" alone is a mention, text (P28).
    Roman-looking letters ("Proposition V.", "C") stay headers as they were."""
    letters = [
        line
        for line in lines
        if line.kind == "header"
        and line.number
        and len(line.number) == 1
        and line.number.isalpha()
        and line.number.isupper()
    ]
    run: list[_Line] = []
    confirmed: set[int] = set()
    for line in [*letters, None]:
        if line is not None and run and ord(line.number) == ord(run[-1].number) + 1:
            run.append(line)
            continue
        if len(run) >= 2:
            confirmed.update(id(item) for item in run)
        run = [line] if line is not None and line.number == "A" else []
    for line in letters:
        if id(line) not in confirmed and line.number not in "IVXLC":
            line.kind, line.number, line.has_title = "text", None, False
            line.content_start = line.start


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
    if match.group("sep") == "" and rest and not re.search(r"\w[.-]\d", match.group("num")):
        return False  # "Mesure 3 Les communes…": only "I-1", "2.3" stand without separator
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


# A table of contents: its entries name sections, they are not proposals even when they start
# with an infinitive ("3. Renforcer la sécurité ........ 12").
_CONTENTS_HEADING = re.compile(
    r"^\W*(?:sommaire|table des mati[èe]res|contenus?|au sommaire|plan du (?:rapport|document))"
    r"\W*$",
    re.I,
)
# "Renforcer la sécurité ....... 12", "…… 12", ". . . . 12": a leader (4 dots or more, as "..."
# ends a sentence), then a page number or not; or "... 12"
_LEADER = re.compile(r"\.{4,}|…{2,}|(?:\.[ \t]){3,}|_{4,}")
_LEADER_PAGE = re.compile(
    r"(?:(?:\.{4,}|…{2,}|(?:\.[ \t]){3,}\.?|_{4,})[ \t.…]*(?:p\.?[ \t]*)?\d{0,4}"
    r"|(?:\.{3}|…)[ \t]*(?:p\.?[ \t]*)?\d{1,4})$"
)
# "Renforcer la sécurité 12", "Relier les bourgs p. 7": a word, then a page number
_TRAILING_PAGE = re.compile(r"(?P<word>[^\W\d]+)[»\"”)]?[ \t]+(?:p\.?[ \t]*)?(?P<page>\d{1,3})$")
# words a number after which is a reference, not a page: "modifier l'article 12"
_REFERENCE_WORDS = {
    "article",
    "articles",
    "alinéa",
    "loi",
    "décret",
    "n",
    "no",
    "annexe",
    "point",
    "axe",
    "objectif",
    "mesure",
    "action",
    "proposition",
    "recommandation",
    "chapitre",
    "titre",
}
_CONTENTS_ENTRY_CHARS = 120  # longer lines are prose; entries of real tables run to ~90
_CONTENTS_REPEAT_SHARE = 0.5
# a table without leader or heading needs 3 entries: two bullets may end with rising numbers
# ("Ouvrir la ligne 4", "Prolonger la ligne 12"), three in a row with pages seldom do
_PAGED_RUN = 3  # a run is a table of contents when half its entries recur later


def _entry_key(text: str) -> str:
    """An entry's words, without its number, leader, page number or markup: "relier les bourgs"."""
    text = _LEADER.split(_MARKUP.sub("", text), maxsplit=1)[0]  # entries joined on one line
    text = re.sub(r"(?<=[^\W\d])[ \t]+(?:p\.?[ \t]*)?\d{1,3}$", "", text.strip())
    text = re.sub(r"^\W*(?:\d{1,2}(?:\.\d{1,2})*|[IVX]{1,5}|[a-zA-Z])\b[.)–—-]?\W*", "", text)
    return " ".join(re.sub(r"[^\w' ]+", " ", text.lower()).split())


def _trailing_page(line: _Line) -> int | None:
    if len(line.text) > _CONTENTS_ENTRY_CHARS:
        return None
    match = _TRAILING_PAGE.search(_MARKUP.sub("", line.text).rstrip())
    if match is None or match.group("word").lower() in _REFERENCE_WORDS:
        return None
    return int(match.group("page"))


def _mark_contents(lines: list[_Line], heading_starts: set[int] = frozenset()) -> None:
    """Lines of a table of contents become ``contents``: entries with a leader (".... 12"), runs
    of entries with rising page numbers, the entries under "Sommaire" or "Table des matières",
    and runs of short list lines that recur later as the document's headings."""
    body = [line for line in lines if line.kind not in {"blank", "page"}]
    for line in body:
        if _LEADER_PAGE.search(line.text):  # entries a reader joined on one line run long
            line.kind = "contents"
    _mark_paged_runs(body)
    _mark_under_contents_heading(body, heading_starts)
    _mark_repeated_runs(body, heading_starts)
    # the table names the headings: "2. FORMER LES PERSONNELS" later in the text is a section
    # title that ends the item before it, not a bullet of that item
    titles = {_entry_key(line.text) for line in body if line.kind == "contents"} - {""}
    for line in body:
        if (
            line.kind in {"bullet", "text"}
            and len(line.text) <= _CONTENTS_ENTRY_CHARS
            and not _ENDS_SENTENCE.search(line.text)
            and _entry_key(line.text) in titles
        ):
            line.kind = "heading"


def _mark_paged_runs(body: list[_Line]) -> None:
    """Three lines or more in a row ending with page numbers that rise: a table's entries."""
    run: list[tuple[_Line, int]] = []
    for line in [*body, None]:
        page = _trailing_page(line) if line is not None and line.kind != "heading" else None
        if page is not None and (not run or page >= run[-1][1]):
            run.append((line, page))
            continue
        if len(run) >= _PAGED_RUN and run[-1][1] > run[0][1]:
            for entry, _ in run:
                entry.kind = "contents"
        run = [(line, page)] if page is not None else []


def _is_heading(line: _Line, heading_starts: set[int]) -> bool:
    return line.kind == "heading" or line.start in heading_starts


def _mark_under_contents_heading(body: list[_Line], heading_starts: set[int]) -> None:
    """The short lines under "Sommaire", up to a heading, a sentence or an entry seen already."""
    for i, line in enumerate(body):
        if not _CONTENTS_HEADING.match(_MARKUP.sub("", line.text).strip()):
            continue
        seen: set[str] = set()
        for entry in body[i + 1 :]:
            key = _entry_key(entry.text)
            if _is_heading(entry, heading_starts) or not key or key in seen:
                break  # the first section, or the first title again: the table has ended
            listed = entry.kind in {"bullet", "header", "contents"}
            short = len(entry.text) <= _CONTENTS_ENTRY_CHARS
            if not short or not (listed or not _ENDS_SENTENCE.search(entry.text)):
                break  # a paragraph of prose
            entry.kind = "contents"
            seen.add(key)


def _mark_repeated_runs(body: list[_Line], heading_starts: set[int]) -> None:
    """A run of short list lines whose titles recur later, alone on their line, as headings."""
    runs: list[list[int]] = []
    for i, line in enumerate(body):
        if line.kind == "bullet" and len(line.text) <= _CONTENTS_ENTRY_CHARS:
            if runs and runs[-1][-1] == i - 1:
                runs[-1].append(i)
            else:
                runs.append([i])
    for run in runs:
        if len(run) < 2:
            continue
        later = {
            _entry_key(line.text)
            for line in body[run[-1] + 1 :]
            if len(line.text) <= _CONTENTS_ENTRY_CHARS
            and (_is_heading(line, heading_starts) or not _ENDS_SENTENCE.search(line.text))
        }
        keys = [_entry_key(body[i].text) for i in run]
        if sum(bool(key) and key in later for key in keys) >= _CONTENTS_REPEAT_SHARE * len(keys):
            for i in run:
                body[i].kind = "contents"


# "Levier 3 : Recruter…", "Fiche action n° 2 – Installer…", "**Piste 1.** Ouvrir…": a capitalised
# label word (and one lower-case word), a number, a separator, then the item's text (P24)
_LABEL_LINE = re.compile(
    r"^[ \t]*(?:[#>]+[ \t]*)?(?:[-*•●][ \t]+)?(?:[*_]{1,3}[ \t]*)?"
    r"(?P<label>[A-ZÀ-Ý][a-zà-öø-ÿ]{2,20}(?:[ \t][a-zà-öø-ÿ]{3,20})?)[ \t]+"
    r"(?:n[ \t]*[°º][ \t]*|N[°º][ \t]*)?(?P<num>\d{1,2})[ \t]*(?:[*_]{1,3})?[ \t]*"
    r"(?:[:.–—-][ \t]*(?:[*_]{1,3})?[ \t]*(?P<rest>\S.*)|(?P<alone>))$"
)
# words whose numbered lines name a part of a text or of a law, never a proposal of it
_STRUCTURE_WORDS = {"article", "annexe", "chapitre", "titre", "livre", "section", "partie", "tome"}
_LABEL_MIN_LINES = 2  # "Levier 1", "Levier 2": a label is one the document numbers in a run


def document_labels(
    text: str, known: Iterable[str], proposes: Callable[[int, int], bool]
) -> list[str]:
    """Label words this document numbers its items with, beyond ``known`` (P24).

    A label is a capitalised word (with one lower-case word: "Fiche action") opening two lines
    or more with rising numbers, each followed by a separator and text, half of which proposes
    (``proposes(start, end)``, an infinitive or a request at that span). "Tableau 1 : Évolution…"
    or "Article 2 :" are no labels: their text proposes nothing, or they name a part.
    """
    known_lower = {label.lower() for label in known}
    runs: dict[str, list[tuple[int, int, int]]] = {}
    raws = text.splitlines(keepends=True)
    pos = 0
    for k, raw in enumerate(raws):
        match = _LABEL_LINE.match(raw.rstrip("\r\n"))
        if match and match.group("alone") is not None:
            # "Piste n°1" alone on its line (a PDF's bold line): its text is the next line's
            after = pos + len(raw)
            nxt = next((line for line in raws[k + 1 :] if line.strip()), None)
            if nxt is not None:
                start = text.index(nxt, after) + len(nxt) - len(nxt.lstrip())
                rest = (start, start + len(nxt.strip()))
                runs.setdefault(" ".join(match.group("label").split()), []).append(
                    (int(match.group("num")), *rest)
                )
        elif match:
            label = " ".join(match.group("label").split())
            rest = (pos + match.start("rest"), pos + match.end("rest"))
            runs.setdefault(label, []).append((int(match.group("num")), *rest))
        pos += len(raw)
    found = []
    for label, entries in runs.items():
        words = label.lower().split()
        if words[0] in known_lower or words[0] in _STRUCTURE_WORDS:
            continue
        # first seen in rising order (a summary may list them before the text repeats them)
        numbers = list(dict.fromkeys(number for number, _, _ in entries))
        if len(numbers) < _LABEL_MIN_LINES or numbers != sorted(numbers):
            continue  # "Niveau 2 : …" then "Niveau 1 : …": no run of items
        if 2 * sum(proposes(start, end) for _, start, end in entries) < len(entries):
            continue
        found.append(label)
    return found
