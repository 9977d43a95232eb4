"""Ordered lists under headings: the hierarchical number of items whose list restarts per heading.

An action plan often writes "## Axe 2 – Équiper" then "1.", "2.", "3.": the list restarts under
each heading and the plan itself numbers the items 2.1, 2.2, 2.3. When ordered lists (digits,
letters or roman numerals) restart under two or more sibling headings, their items become
numbered items whose number is the heading's position and the item's own mark: the heading's
own number when it has one ("Axe 2 –", "### 2.", "II."), else its rank among the siblings that
hold such a list. A list whose entries are the document's heading titles is a table of contents,
not items; so is a list that proposes nothing (past events, sources: no item led by an
infinitive) beside sibling lists of proposals, and it takes no rank among them. A numbered line
followed by lines numbered under it ("1. ACCUEILLIR" then "1.1 …", "1.2 …") is the title of
those items, read as a heading, and the lines under it led by an infinitive are numbered items.
A short line of text naming a part with its number ("Axe 2 – Former", as PDF and plain text
show headings) right above a list that starts at 1 is a heading too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from textmine.ingest.model import Block
from textmine.proposals.lines import (
    _ENDS_SENTENCE,
    _MARKUP,
    _STRUCTURE_WORDS,
    _Line,
    roman_value,
)

# the heading's own number: "Axe 2 – …", "Orientation 1 : …", "II. …", "### 2. …", "Objectif 1.2 –"
_HEADING_NUMBER = re.compile(
    r"^(?:[^\W\d]+[ \t]+)?(?:n[°º][ \t]*)?(?P<num>\d{1,2}(?:\.\d{1,2}){0,2}|[IVX]{1,5})"
    r"(?=[ \t]*[.:–—)-]|[ \t]+\S)"
)
_FIRST_MARKS = {"1", "a", "A", "I"}
_TOC_SHARE = 0.5  # a list is a table of contents when half its entries or more are heading titles
# "Axe 2 – Former", "Priorité 1 : …", "Orientation 3 - …": a word, its number, a dash or colon
_NUMBERED_PART = re.compile(
    r"^[A-ZÀ-Ý][^\W\d]+[ \t]+(?:n[°º][ \t]*)?\d{1,2}(?:\.\d{1,2})?[ \t]*[:–—-][ \t]+\S"
)
_PART_CHARS = 120  # a heading line; the part titles of real plans run to ~80 characters
_PART_LEVEL = 9  # below any heading of the blocks: their headings stay its parents
_BARE_PART_CHARS = 80  # an unmarked heading line; plans' part titles run to ~60 characters
_BARE_PARTS = 2  # one such line over a list is its intro; two or more, lists restarting
# a list is one of proposals when half its items are led by an infinitive
_PROPOSAL_SHARE = 0.5
_LABELLED_ITEMS = 2  # "Préconisation 1 –", "Préconisation 2 –": the document labels its items


@dataclass(slots=True)
class _Heading:
    start: int
    level: int
    title: str
    number: str | None  # its own number, roman numerals read as arabic ("II." -> "2")


def _number_ordered_lists(
    lines: list[_Line],
    text: str,
    blocks: list[Block],
    proposes: Callable[[_Line], bool] = lambda line: True,
    tabled: bool = False,
) -> None:
    """Turns the items of ordered lists that restart under sibling headings into headers.

    ``proposes`` says whether a line is led by an infinitive (the caller has the parse);
    ``tabled``, whether the document numbers proposals in a table's rows (P32).
    """
    _demote_label_titles(lines)
    _demote_item_titles(lines, proposes)
    headings = _headings(lines, text, blocks, proposes)
    if len(headings) < 2:
        return
    lists = {k: _section_list(lines, headings, k) for k in range(len(headings))}
    for k in _continued(lines, headings, lists):
        lists[k] = []
    titles = {_title_key(heading.title) for heading in headings}
    lists = {k: items for k, items in lists.items() if items and not _is_contents(items, titles)}
    shares = {k: sum(map(proposes, items)) / len(items) for k, items in lists.items()}
    # a document that writes its proposals as lists led by infinitives, or as labelled items
    # ("Préconisation 4 –"), or in a table's numbered rows (P32): its lists that propose
    # nothing (a summary in noun phrases, the members of a commission, the persons met) are no
    # items of it (P24)
    labelled = sum(line.kind == "header" for line in lines) >= _LABELLED_ITEMS
    written_so = labelled or tabled or any(share >= _PROPOSAL_SHARE for share in shares.values())
    for siblings in _sibling_groups(headings, lists).values():
        siblings = _proposal_lists(siblings, shares, written_so)
        if len(siblings) < 2:
            continue  # one list under one heading keeps its own numbers
        for rank, k in enumerate(siblings, start=1):
            prefix = headings[k].number or str(rank)
            for line in lists[k]:
                line.kind, line.number, line.has_title = "header", f"{prefix}.{line.number}", True


def _demote_label_titles(lines: list[_Line]) -> None:
    """Labelled lines that title other items are headings, not items (P19, P21): "Orientation
    1 –" over "Objectif 1.1 –" (a later labelled line numbered under it, before the next line
    of its own label), a title without final punctuation right above an item of another label
    ("Axe 1 – …" over "Recommandation 1 – …"), and every "Axe k –" line when two or more of them
    each stand right above a list starting at 1 (the lists restart under them)."""
    headers = [k for k, line in enumerate(lines) if line.kind == "header" and line.number]
    titles: set[int] = set()
    for n, k in enumerate(headers):
        label = _label(lines[k])
        for j in headers[n + 1 :]:
            if (lines[j].number or "").startswith(f"{lines[k].number}."):
                titles.add(k)
                break
            if _label(lines[j]) == label:
                break
    over_lists: dict[str, list[int]] = {}
    for k in headers:
        nxt = next((line for line in lines[k + 1 :] if line.kind not in {"blank", "page"}), None)
        if (
            nxt is not None
            and nxt.kind == "header"
            and _label(nxt) != _label(lines[k])
            and not _ENDS_SENTENCE.search(lines[k].text)
        ):
            titles.add(k)  # "Axe 1 – Des infrastructures" right above "Recommandation 1 –"
        if nxt is not None and nxt.kind == "bullet" and nxt.number in _FIRST_MARKS:
            over_lists.setdefault(_label(lines[k]), []).append(k)
    # the label titles lists or items: each of its lines is a title, one over prose too ("Axe
    # 2 – Le diagnostic" between two axes holding lists; "Orientation 2 – Mobilités" last)
    listed = {label for label, ks in over_lists.items() if len(ks) >= 2}
    listed |= {_label(lines[k]) for k in titles}
    titles.update(
        k
        for k in headers
        if _label(lines[k]) in listed
        and (k in titles or len(over_lists.get(_label(lines[k]), [])) >= 2 or _untitled(lines[k]))
    )
    for k in titles:
        lines[k].kind = "heading"


def _untitled(line: _Line) -> bool:
    """A labelled line with no final punctuation: a title's form, not a sentence's."""
    return not _ENDS_SENTENCE.search(line.text)


def _label(line: _Line) -> str:
    return (re.match(r"[^\W\d]+", _MARKUP.sub("", line.text).lstrip()) or [""])[0].lower()


def _demote_item_titles(lines: list[_Line], proposes: Callable[[_Line], bool]) -> None:
    """ "1. ACCUEILLIR" followed by "1.1 …" bullets (before "2.") is their title, a heading; so
    is "1.1." over "1.1.1." (a three-level list whose middle level titles the actions, P28), and
    a heading numbered "2." over "2.1 …" bullets holds them as items (P28). The deepest bullets
    under a title led by an infinitive are numbered items (a title may hold a single one, which
    no list of bullets would take alone: P17); when half or more are, so are the others written
    as sentences (the document writes its actions so, P28)."""
    titles: list[int] = []
    for i, line in enumerate(lines):
        if line.kind not in {"bullet", "heading"} or not _title_mark(line.number):
            continue
        depth = line.number.count(".")
        for following in lines[i + 1 :]:
            if following.kind != "bullet" or not following.number:
                continue
            if following.number.startswith(line.number + "."):
                titles.append(i)
            if following.number.count(".") <= depth or titles[-1:] == [i]:
                break
    for i in titles:
        lines[i].kind = "heading"
    children: dict[int, _Line] = {}
    for i in titles:
        prefix = lines[i].number + "."
        for following in lines[i + 1 :]:
            if (following.number or "").startswith(prefix):
                if following.kind == "bullet":
                    children[id(following)] = following
            elif following.kind in {"heading", "header", "contents"} or following.number:
                break  # the next title, or another list; an unnumbered paragraph continues
    if not children:
        return
    led = [line for line in children.values() if proposes(line)]
    # most are led by an infinitive: the others written as sentences are items too ("2.1 Une
    # navette du livre…."); one in a title's form ("3.1 Le cadre juridique") is a sub-title
    sentences = [line for line in children.values() if _ENDS_SENTENCE.search(line.text)]
    taken = {id(line) for line in led}
    if 2 * len(led) >= len(children):
        taken |= {id(line) for line in sentences}
    for line in children.values():
        if id(line) in taken:
            line.kind, line.has_title = "header", True


def _title_mark(number: str | None) -> bool:
    """A mark that may title sub-items: "2" over "2.1", "1.1" over "1.1.1" (P28), "II" over
    "II.1" (P24), "A" over "A.1" (P32)."""
    if not number:
        return False
    letter = len(number) == 1 and number.isupper()
    return (
        number.replace(".", "").isdigit()
        or letter
        or (number.isupper() and bool(roman_value(number)))
    )


def _headings(
    lines: list[_Line],
    text: str,
    blocks: list[Block],
    proposes: Callable[[_Line], bool] = lambda line: True,
) -> list[_Heading]:
    """The headings of the blocks (ingested documents) and of the lines ("## …", item titles)."""
    found: dict[int, _Heading] = {}
    for block in blocks:
        if block.kind == "heading":
            title = text[block.start_char : block.end_char].strip()
            start = (
                block.start_char
                + len(text[block.start_char :])
                - len(text[block.start_char :].lstrip())
            )
            found[start] = _Heading(start, block.level or 1, title, _own_number(title))
    for line in lines:
        if line.kind == "heading" and line.start not in found:
            hashes = len(text[line.start : line.end]) - len(text[line.start : line.end].lstrip("#"))
            title = _MARKUP.sub("", line.text).strip()
            found[line.start] = _Heading(line.start, max(hashes, 1), title, _own_number(title))
    for k, line in enumerate(lines):
        if line.start not in found and _is_numbered_part(line, lines[k + 1 :]):
            title = _MARKUP.sub("", line.text).strip()
            found[line.start] = _Heading(line.start, _PART_LEVEL, title, _own_number(title))
    parts = [k for k in range(len(lines)) if _is_bare_part(lines, k, proposes)]
    if len(parts) >= _BARE_PARTS:
        for k in parts:
            if lines[k].start not in found:
                title = _MARKUP.sub("", lines[k].text).strip()
                found[lines[k].start] = _Heading(lines[k].start, _PART_LEVEL, title, None)
    return sorted(found.values(), key=lambda heading: heading.start)


def _is_bare_part(lines: list[_Line], k: int, proposes: Callable[[_Line], bool]) -> bool:
    """ "MESURES IMMÉDIATES" or "Investissements 2026-2030" alone on its line (a blank line
    before it), no final punctuation, right above a list starting at 1 whose first item
    proposes: a plain text's heading that no mark shows (P28). Counted only when two or more do
    so (the lists restart). "Article 46" over "I. – Les articles…" names a part of a law and its
    list proposes nothing: no heading (P21's "1.I" rows of the bill)."""
    line = lines[k]
    if line.kind != "text" or len(line.text) > _BARE_PART_CHARS or not line.text[:1].isupper():
        return False
    if _label(line) in _STRUCTURE_WORDS:
        return False
    if _ENDS_SENTENCE.search(line.text) or line.text.rstrip().endswith((":", ",")):
        return False
    if k > 0 and lines[k - 1].kind not in {"blank", "page", "heading"}:
        return False
    nxt = next((other for other in lines[k + 1 :] if other.kind not in {"blank", "page"}), None)
    return nxt is not None and nxt.kind == "bullet" and nxt.number in _FIRST_MARKS and proposes(nxt)


def _is_numbered_part(line: _Line, following: list[_Line]) -> bool:
    """ "Axe 2 – Transformer sur place" on a line of its own (PDF, plain text), right above a
    list starting at 1: the part's heading."""
    if line.kind != "text" or len(line.text) > _PART_CHARS or not _NUMBERED_PART.match(line.text):
        return False
    if _ENDS_SENTENCE.search(line.text) or line.text.rstrip().endswith(":"):
        return False
    nxt = next((other for other in following if other.kind not in {"blank", "page"}), None)
    return nxt is not None and nxt.kind == "bullet" and nxt.number in _FIRST_MARKS


def _own_number(title: str) -> str | None:
    match = _HEADING_NUMBER.match(title)
    if not match:
        return None
    number = match.group("num")
    if number[0].isdigit():
        return number
    value = roman_value(number)
    return str(value) if value else None


def _mark_type(number: str | None) -> str | None:
    """digit, lower or upper (letters and roman numerals) for a one-level ordinal mark."""
    if not number or "." in number:
        return None
    if number.isdigit():
        return "digit"
    return "lower" if number.islower() else "upper"


def _section_list(lines: list[_Line], headings: list[_Heading], k: int) -> list[_Line]:
    """The ordered list opening the section of heading ``k``: from its first mark to a restart."""
    start = headings[k].start
    end = headings[k + 1].start if k + 1 < len(headings) else 1 << 62
    items: list[_Line] = []
    for line in lines:
        if not start < line.start < end or line.kind != "bullet":
            continue
        kind = _mark_type(line.number)
        if kind is None or (items and kind != _mark_type(items[0].number)):
            continue
        if not items and line.number not in _FIRST_MARKS:
            return []  # the section's list does not start at 1: not a list of its own
        if items and line.number in _FIRST_MARKS:
            break  # a second list in the same section
        items.append(line)
    return items


def _continued(lines: list[_Line], headings: list[_Heading], lists: dict) -> set[int]:
    """Headings whose list goes on counting under a later heading ("(1)"–"(3)" under II, then
    "(4)"–"(6)" under III): one list across sections, not one restarting, so its items keep
    their own numbers (P28). A continuation starts at the last number plus one."""
    continued: set[int] = set()
    for k, items in lists.items():
        if not items or not (items[-1].number or "").isdigit():
            continue
        after = items[-1].start
        following = next(
            (
                line
                for line in lines
                if line.start > after
                and line.kind == "bullet"
                and _mark_type(line.number) == "digit"
            ),
            None,
        )
        if (
            following is not None
            and int(following.number) == int(items[-1].number) + 1
            and any(after < heading.start < following.start for heading in headings)
        ):
            continued.add(k)
    return continued


def _title_key(title: str) -> str:
    title = re.sub(r"^\W*(?:\d{1,2}(?:\.\d{1,2})*|[IVX]{1,5})\b\W*", "", title)
    return " ".join(re.sub(r"[^\w' ]+", " ", title.lower()).split())


def _is_contents(items: list[_Line], titles: set[str]) -> bool:
    """A numbered table of contents: its entries are the titles of the document's headings."""
    entries = [_title_key(line.text) for line in items]
    return sum(entry in titles for entry in entries) >= _TOC_SHARE * len(entries)


def _proposal_lists(siblings: list[int], shares: dict[int, float], written_so: bool) -> list[int]:
    """The sibling lists without those that propose nothing, once the document writes its
    proposals as lists led by an infinitive (``written_so``: one of its lists is).

    A plan's "Bilan" (past events) or "Sources" list restarts under its heading like the axes'
    lists, but is no part of them: it is left out of their ranks (P17); members and sources
    under two sibling headings are no items either, beside lettered proposals (P19). A plan whose
    lists are all noun phrases ("Création d'une maison de santé") keeps them all.
    """
    if not written_so:
        return siblings
    return [k for k in siblings if shares[k] > 0]


def _list_family(items: list[_Line]) -> str:
    """digit, letter or roman, and the case: what its first mark says ("1", "a", "A", "i", "I").

    A list restarts when the same marks start again; "I." … "IV." under one heading and "1." …
    "3." (persons heard) under its sibling are two lists, not one list restarting (P19: "1.I").
    """
    first = items[0].number or ""
    if first.isdigit():
        return "digit"
    family = "roman" if first.upper() == "I" else "letter"
    return f"{family}-{'lower' if first.islower() else 'upper'}"


def _sibling_groups(headings: list[_Heading], lists: dict[int, list[_Line]]) -> dict:
    """Headings holding a list, grouped by level, parent heading and the list's marks (digits,
    letters, roman numerals), in document order."""
    groups: dict[tuple[int, int, str], list[int]] = {}
    for k in sorted(lists):
        level = headings[k].level
        parent = next((j for j in range(k - 1, -1, -1) if headings[j].level < level), -1)
        groups.setdefault((level, parent, _list_family(lists[k])), []).append(k)
    return groups
