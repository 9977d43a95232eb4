"""Candidate proposals: numbered items, infinitive-led list items and prose sentences.

A numbered header opens a proposal that runs through its title (or first paragraph) and the
bullets that follow it, and stops at the next header, heading, unrelated paragraph or numbered
section title ("2. Les investissements" alone on its line, before a paragraph). Bullets
outside numbered items whose first word is an infinitive (spaCy morphology) are list proposals.
The remaining sentences are read for a proposal construction (:mod:`textmine.proposals.prose`,
:mod:`textmine.proposals.measures`); a sentence the parser runs across paragraphs is read
paragraph by paragraph.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from spacy.tokens import Span, Token

from textmine.parsed import ParsedDocument
from textmine.proposals.actors import _resolve
from textmine.proposals.aims import _stated_aim
from textmine.proposals.lexicon import INTRO_DESCRIPTIVE, INTRO_PROPOSAL
from textmine.proposals.lines import _ENDS_SENTENCE, _Line, _starts_lower, roman_value
from textmine.proposals.measures import _announced_measure
from textmine.proposals.ordered import _mark_type
from textmine.proposals.prose import _analyse_token, _ProseHit
from textmine.proposals.syntax import (
    _addressed_request,
    _aligned,
    _governed_infinitive,
    _has_sentences,
    _leading_infinitive,
    _tokens_in,
)


@dataclass(slots=True)
class _Candidate:
    kind: str
    start: int
    end: int
    number: str | None
    confidence: float
    action_verb: str | None = None
    actor: str | None = None
    body_start: int | None = None  # where a numbered item's title starts, after its label


def _numbered_items(
    lines: list[_Line], stops: list[int], max_chars: int, heading_starts: Iterable[int] = ()
) -> list[_Candidate]:
    """Each numbered header with its title (or first paragraph) and the bullets that follow.

    ``heading_starts``: where the document's headings start; a label that is one
    ("#### Recommandation 7") opens a section whose later paragraphs comment on the item."""
    heading_starts = set(heading_starts)
    items: list[_Candidate] = []
    for i, line in enumerate(lines):
        if line.kind != "header":
            continue
        hard_stop = _next_stop(stops, line.end)
        end, j = line.end, i + 1
        body_start = line.content_start
        if not line.has_title:
            j = _skip_blank(lines, j)
            body_start = lines[j].content_start if j < len(lines) else line.end
        # title or statement: the paragraph that follows the header (or continues its title)
        previous = line.text
        while j < len(lines) and lines[j].kind == "text" and lines[j].start < hard_stop:
            if (
                line.has_title
                and _ENDS_SENTENCE.search(previous)
                and not _starts_lower(lines[j].text)
            ):
                break  # a complete title ("… unique.") followed by a new sentence
            end, previous = lines[j].end, lines[j].text
            j += 1
        # a label the document makes a heading: a block's, or a Markdown "#### …" line
        own_line = line.start not in heading_starts and line.text[:1] != "#"
        if not line.has_title and own_line:
            end = _paragraphs_to_next_item(lines, j, hard_stop, end)
        elif (
            own_line
            and _untitled(line.text)
            and len(line.text) <= _TITLE_CHARS
            and not _in_capitals(line.text)
        ):
            # "Préconisation 1 : Des stages en zone rurale", a title, its text in the paragraphs
            # below: they run to the next labelled item as a label's alone do (P32); not "AXE 1
            # — SANTÉ ET BIEN-ÊTRE", a section's heading over its prose (prose blind7's 8 firm
            # sentences under three such headings were swallowed by three items)
            k = _skip_blank(lines, j)
            if (
                j < k < len(lines)
                and lines[k].kind == "text"
                and lines[k].start < hard_stop
                and not _FIELD.match(lines[k].text)  # "Pilote : …": an action sheet's fields
            ):
                while k < len(lines) and lines[k].kind == "text" and lines[k].start < hard_stop:
                    end, k = lines[k].end, k + 1
                end = _paragraphs_to_next_item(lines, k, hard_stop, end)
                j = _after(lines, end)
        # the bullets (and their wrapped lines, across page breaks)
        in_list = fields = False
        j_title = _skip_blank(lines, j)
        while True:
            k = _skip_blank(lines, j)
            if k >= len(lines) or lines[k].start >= hard_stop:
                break
            nxt = lines[k]
            if nxt.kind == "bullet" and _section_title(lines, k):
                break  # "2. Les conditions d'accès" between two recommendations: a section
            if nxt.kind == "bullet":
                in_list = True
            elif (
                nxt.kind == "text"
                and _FIELD.match(nxt.text)
                and (fields or (k == j_title and _sheet(lines, i, k)))
            ):
                fields = True  # "Pilote : …", "Calendrier : …": the fields of an action sheet
            elif not (nxt.kind == "text" and in_list and _starts_lower(nxt.text)):
                break  # a new paragraph or heading; a lowercase one continues a bullet
            end, j = nxt.end, k + 1
            while j < len(lines) and lines[j].kind == "text" and lines[j].start < hard_stop:
                end, j = lines[j].end, j + 1
        end = min(end, line.start + max_chars)
        items.append(
            _Candidate("numbered", line.start, end, line.number, 0.95, body_start=body_start)
        )
    return items


def _untitled(text: str) -> bool:
    """A title's form: no final punctuation ("… en zone rurale", not "… rurale." nor "… :")."""
    return not (_ENDS_SENTENCE.search(text) or text.rstrip(" *_").endswith((":", ",")))


def _in_capitals(text: str) -> bool:
    """A line written in capitals ("AXE 2 — LUTTE CONTRE LA PRÉCARITÉ"): a plain text's heading."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 8 and all(c.isupper() for c in letters)


def _after(lines: list[_Line], end: int) -> int:
    """The index of the first line after offset ``end``."""
    return next((k for k, line in enumerate(lines) if line.start >= end), len(lines))


def _paragraphs_to_next_item(lines: list[_Line], j: int, stop: int, end: int) -> int:
    """The end of an item whose label stands alone on its line ("Recommandation n° 2", its
    text below): its paragraphs run to the next labelled item when only paragraphs come
    between; a heading, a list or the document's end on the way keeps the first one (P28).
    Not for a label that is a heading of the document: DINUM's "#### Recommandation 7" over
    its statement, then a paragraph of comment (its gold ends at the statement)."""
    last = end
    for line in lines[j:]:
        if line.start >= stop:
            return last if line.kind == "header" else end
        if line.kind in {"blank", "page"}:
            continue
        if line.kind != "text":
            return end
        last = line.end
    return end


# "Objectif : …", "Pilote : …", "Calendrier prévisionnel : …": an action sheet's field, right
# below its title or another field (P24); a capitalised word or two, then a spaced colon
_FIELD = re.compile(r"^[A-ZÀ-Ý][a-zà-öø-ÿ]{2,20}(?: [a-zà-öø-ÿ']{2,20}){0,2} :[ \t]")
_FIELD_INSIDE = re.compile(
    r"[.!?a-zà-ÿ] [A-ZÀ-Ý][a-zà-öø-ÿ]{2,20}(?: [a-zà-öø-ÿ']{2,20}){0,2} :[ \t]"
)
_SHEET_FIELDS = 2  # "Pilote :" then "Calendrier :": fields; "Bonne pratique :" alone is comment


def _sheet(lines: list[_Line], i: int, k: int) -> bool:
    """Whether the fields from line ``k`` belong to the item of header ``i``, an action sheet:
    its title holds a field already ("… maraîchers Objectif : permettre…"), or two fields or
    more follow it (P24); one "Bonne pratique : …" after a recommendation is a comment."""
    if _FIELD_INSIDE.search(lines[i].text):
        return True
    count = 0
    for line in lines[k:]:
        if line.kind in {"blank", "page"}:
            continue
        if line.kind != "text" or not _FIELD.match(line.text):
            break
        count += 1
    return count >= _SHEET_FIELDS


_TITLE_CHARS = 120  # a section title on its line; the report titles read run to ~80 characters


def _section_title(lines: list[_Line], k: int) -> bool:
    """ "2. Les conditions d'accès au centre-ville" standing alone between blank lines, with no
    final punctuation, before a paragraph or a numbered item: a report's section title, not a
    sub-item of the recommendation before it (P17)."""
    line = lines[k]
    # "2." or "1.2" (a sub-section's title in a report, P24), "IV. CONCLUSION" (P28), "B. Sur
    # les tarifs" (a lettered sub-section, P32)
    number = line.number or ""
    roman = number.isupper() and roman_value(number) is not None
    letter = len(number) == 1 and number.isupper()
    if not (number.replace(".", "").isdigit() or roman or letter) or len(line.text) > _TITLE_CHARS:
        return False
    if _ENDS_SENTENCE.search(line.text) or line.text.rstrip().endswith((":", ",")):
        return False
    if k == 0 or lines[k - 1].kind != "blank":
        return False
    if _starts_lower(line.text[line.content_start - line.start :]):
        return False
    j = _skip_blank(lines, k + 1)
    if j == k + 1 or j >= len(lines):
        return False  # a line right below it continues it
    after = lines[j]
    return after.kind in {"header", "heading"} or (
        after.kind == "text" and not _starts_lower(after.text)
    )


def _skip_blank(lines: list[_Line], j: int) -> int:
    while j < len(lines) and lines[j].kind in {"blank", "page"}:
        j += 1
    return j


def _next_stop(stops: list[int], after: int) -> int:
    k = bisect_right(stops, after)
    return stops[k] if k < len(stops) else 1 << 62


# items led by an infinitive that let the list's others in: two ("(1) Observatoire…", taken for
# one, does not bring the note "(2) Délibération…" with it)
_LED_ITEMS = 2
_LINK_ITEM = re.compile(r"^\W*\[[^\]]*\]\([^)]*\)\W*$")


def _list_items(
    pdoc: ParsedDocument, lines: list[_Line], covered: list[tuple[int, int]], max_chars: int
) -> list[_Candidate]:
    """Bullets outside numbered items whose first word is an infinitive, or that address a
    request to someone ("au département, de prendre…", "Que la région finance…")."""
    runs: list[list[tuple[_Line, int, Token | None, bool]]] = []
    current: list[tuple[_Line, int, Token | None, bool]] = []
    intro: str = ""
    intros: list[str] = []
    subitems: set[int] = set()
    for i, line in enumerate(lines):
        if line.kind == "bullet":
            if _inside(covered, line.start) or line.start in subitems:
                continue
            end = line.end
            j = i + 1
            while j < len(lines) and lines[j].kind == "text":
                end, j = lines[j].end, j + 1
            if _LINK_ITEM.match(pdoc.text[line.content_start : end]):
                continue  # "* [Consulter le guide](https://…)": navigation, not a proposal
            span = _tokens_in(pdoc, line.content_start, end)
            verb = _leading_infinitive(span) or _addressed_request(span)
            governed = False
            opens = not current and intro.rstrip(" *_").endswith(":")
            if verb is None and (opens or (current and current[-1][3])):
                # "l'État s'engage :" then "1° à mettre…", "2° à réunir…"
                verb = _governed_infinitive(span)
                governed = verb is not None
            if (
                verb is None
                and current
                and _continues(line, current[-1][0])
                and _ENDS_SENTENCE.search(pdoc.text[line.start : end])
            ):
                # "ii) héberger les données…" between "i) publier…" and "iii) expliquer…": an
                # item of the numbered list the tagger did not read as led by an infinitive;
                # kept when half the run is (below), as the ordered lists' items are (P28, P32)
                current.append((line, min(end, line.start + max_chars), None, False))
                continue
            if verb is not None:
                if line.number and pdoc.text[line.start : end].rstrip(" *_").endswith(":"):
                    sub_end = _sub_items_end(lines, i, j)  # "B. … par :" then "i. …", "ii. …"
                    if sub_end > end:
                        subitems.update(
                            other.start for other in lines[j:] if line.end < other.start < sub_end
                        )
                        end = sub_end
                current.append((line, min(end, line.start + max_chars), verb, governed))
            continue
        if line.kind in {"blank", "page"}:
            continue
        if line.kind == "text" and current and _starts_lower(line.text):
            continue  # a wrapped bullet line
        if current:
            runs.append(current)
            intros.append(intro)
            current = []
        intro = line.text
    if current:
        runs.append(current)
        intros.append(intro)
    items: list[_Candidate] = []
    for k, (run, run_intro) in enumerate(zip(runs, intros, strict=True)):
        led = sum(verb is not None for _, _, verb, _ in run)
        if led < _LED_ITEMS or 2 * led < len(run):
            run = [entry for entry in run if entry[2] is not None]
        confidence = 0.45
        if len(run) >= 2 or _continues(run[0][0], runs[k - 1][-1][0] if k else None):
            confidence += 0.2  # a list, or "3." alone going on from "1.", "2." (P21's left)
        if INTRO_PROPOSAL.search(run_intro):
            confidence += 0.25
        elif INTRO_DESCRIPTIVE.search(run_intro):
            confidence -= 0.2
        for line, end, verb, _ in run:
            items.append(
                _Candidate(
                    "list_item",
                    line.start,
                    end,
                    line.number,
                    round(min(confidence, 0.9), 2),
                    verb.lemma_.lower() if verb is not None else None,
                )
            )
    return items


def _continues(line: _Line, previous: _Line | None) -> bool:
    """Whether list line ``line`` numbers on from ``previous`` ("3." after "2.", "c." after
    "b."): the same list, resumed after a paragraph (an ``<ol start="3">``)."""
    if previous is None or not line.number or not previous.number:
        return False
    number, before = line.number, previous.number
    if number.isdigit() and before.isdigit():
        return int(number) == int(before) + 1
    same_case = number.islower() == before.islower()
    if not same_case:
        return False
    values = roman_value(number), roman_value(before)
    if None not in values and len(number) + len(before) > 2:  # "III" after "II", not "c" after "b"
        return values[0] == values[1] + 1
    return len(number) == len(before) == 1 and ord(number) == ord(before) + 1


def _sub_items_end(lines: list[_Line], i: int, j: int) -> int:
    """The end of the bullets of another mark under the numbered list line ``i`` that ends with a
    colon ("B. Soutenir la reprise par :" then "i. un prêt…", "ii. un parrainage…"), up to the
    next line of its own mark ("C."): they are its sub-items (P24). ``j`` follows its text."""
    own = _mark_type(lines[i].number)
    end = lines[i].end
    for line in lines[j:]:
        if line.kind in {"blank", "page"}:
            continue
        if line.kind == "bullet" and _mark_type(line.number) != own:
            end = line.end
        elif line.kind == "text" and end > lines[i].end and _starts_lower(line.text):
            end = line.end  # a sub-item's wrapped line
        else:
            break
    return end


def _inside(spans: list[tuple[int, int]], char: int) -> bool:
    return any(start <= char < end for start, end in spans)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _analyse_sentence(sent: Span) -> _ProseHit | None:
    """The strongest proposal construction in a sentence, if any."""
    if sent.text.rstrip().endswith("?"):
        return None
    return _best_hit(sent)


def _best_hit(tokens: Iterable[Token]) -> _ProseHit | None:
    best: _ProseHit | None = None
    for token in tokens:
        hit = _analyse_token(token) or _announced_measure(token) or _stated_aim(token)
        if hit is not None and (best is None or hit.confidence > best.confidence):
            best = hit
    return best


def _prose_items(
    pdoc: ParsedDocument,
    covered: list[tuple[int, int]],
    headings: list[tuple[int, int]],
    breaks: list[int],
) -> list[_Candidate]:
    """Sentences holding a proposal construction, cut at paragraph breaks (``breaks``)."""
    if not _aligned(pdoc) or not _has_sentences(pdoc):
        return []
    items = []
    for sent in pdoc.doc.sents:
        # the parser may run a sentence across blank lines: each paragraph's part is read alone
        parts: dict[int, list[Token]] = {}
        for token in sent:
            parts.setdefault(bisect_right(breaks, token.idx), []).append(token)
        for k, tokens in parts.items():
            start, end = _trimmed(
                pdoc.text,
                max(sent.start_char, breaks[k - 1] if k > 0 else 0),
                min(sent.end_char, breaks[k] if k < len(breaks) else sent.end_char),
            )
            if end <= start or _overlaps(covered, start, end) or _overlaps(headings, start, end):
                continue
            if pdoc.text[start:end].endswith("?"):
                continue
            hit = _best_hit(tokens)
            if hit is None:
                continue
            verb, actor = _resolve(pdoc, hit.trigger, hit.action)
            items.append(_Candidate("prose", start, end, None, hit.confidence, verb, actor))
    return items


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# "7", "1.2", "3." (Word's number alone in its cell, P32): not a year, "2024"
_ROW_NUMBER = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,2})[.)]?$")
# "Action 1 Ouvrir…", "Mesure n° 2 – Créer…", "3. Rénover…": a label (or none), a number and
# the text, in one cell
_ROW_OPENING = re.compile(
    r"^(?:[A-ZÀ-Ý][a-zà-öø-ÿ]{2,20}[ \t]+(?:n[ \t]*[°º][ \t]*)?)?"
    r"(?P<num>\d{1,2}(?:\.\d{1,2}){0,2})[ \t]*[.:)–—-]?[ \t]+(?P<rest>[A-ZÀ-Ý].*)$"
)
_ROW_WORDS = 3  # the text cell of an action reads "Rénover les 420 logements…", not "Auch"


def _row_cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The cells of a table row as ingestion writes it ("7 | Étendre… | DRH"), trimmed."""
    cells, pos = [], start
    for part in text[start:end].split(" | "):
        cells.append(_trimmed(text, pos, pos + len(part)))
        pos += len(part) + 3
    return cells


def _table_items(
    text: str,
    rows: list[list[tuple[int, int]]],
    max_chars: int,
    taken: set[str] = frozenset(),
    proposes: Callable[[int, int], bool] = lambda start, end: True,
) -> list[_Candidate]:
    """Rows of tables whose first column numbers them in order beside a column of text: numbered
    items, the cell of the wordiest column their text (P24: a plan's "N° | Action | Pilote").

    ``rows`` holds each table's rows (their spans), in order. A run of two rows or more whose
    first cells rise by one ("1", "2", "3" or "1.1", "1.2"), with text of three words or more,
    counts; years ("2024 | 1 150 000") or a rank beside a name ("1 | Auch") do not. A table
    whose numbers are all those of the document's labelled items (``taken``) is their summary.
    A row of one cell ("Pilier 2 — Emploi", a ``colspan`` group title) neither counts nor breaks
    the run, whose numbers may then step to the next group ("1.3" → "2.1"). A table none of
    whose texts proposes (``proposes(start, end)``: indicators, "Taux de chômage…") beside a
    table that does is no list of items (P32).
    """
    runs: list[list[tuple[str, tuple[int, int]]]] = []
    for table in rows:
        numbered = []
        for start, end in table:
            cells = _row_cells(text, start, end)
            if len(cells) < 2:
                continue  # a group's title across the columns
            number = _ROW_NUMBER.match(text[cells[0][0] : cells[0][1]])
            if len(cells) >= 2 and number:
                numbered.append((number.group("num"), cells[1:]))
                continue
            # "Action 1 Ouvrir une antenne…": the number opens the text's cell (Word's
            # numbering of the first column, rendered before the cell's text: P28)
            opening = _ROW_OPENING.match(text[cells[0][0] : cells[0][1]])
            if opening and len(opening.group("rest").split()) >= _ROW_WORDS:
                rest = (cells[0][0] + opening.start("rest"), cells[0][1])
                numbered.append((opening.group("num"), [rest, *cells[1:]]))
        if not numbered or not _rising([number for number, _ in numbered]):
            continue
        if taken and all(number in taken for number, _ in numbered):
            continue  # "| 3 | Groupement de commandes |" beside "Recommandation n° 3 :"

        def words(cells: list[tuple[int, int]], column: int) -> int:
            return (
                len(text[cells[column][0] : cells[column][1]].split()) if column < len(cells) else 0
            )

        width = max(len(cells) for _, cells in numbered)
        column = max(
            range(width), key=lambda c: (sum(words(cells, c) for _, cells in numbered), -c)
        )
        kept = [(n, cells[column]) for n, cells in numbered if words(cells, column) >= _ROW_WORDS]
        if kept:
            runs.append(kept)
    # one row alone ("3.1 | Rénover…" under the last heading) counts beside tables of two or more
    if not any(len(run) >= 2 for run in runs):
        return []
    proposing = [any(proposes(start, end) for _, (start, end) in run) for run in runs]
    if any(proposing):
        runs = [run for run, said in zip(runs, proposing, strict=True) if said]
    items: list[_Candidate] = []
    for run in runs:
        for number, (start, end) in run:
            end = min(end, start + max_chars)
            items.append(_Candidate("numbered", start, end, number, 0.9, body_start=start))
    return items


def _rising(numbers: list[str]) -> bool:
    """ "7", "8", "9" or "1.1", "1.2", "1.3": each number the previous one's last part plus one;
    or the next group's first ("1.3" → "2.1", P32)."""
    for before, after in itertools.pairwise(numbers):
        head_b, _, last_b = before.rpartition(".")
        head_a, _, last_a = after.rpartition(".")
        if head_a == head_b and int(last_a) == int(last_b) + 1:
            continue
        if head_b and head_a and int(last_a) == 1 and _rising([head_b, head_a]):
            continue
        return False
    return True
