"""Re-casing all-caps surnames and headings so that NER sees ordinary French casing."""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict

from textmine.entities.lexicon import (
    FUNCTION_WORDS,
    ROLES_FOLDED,
    WORD_RE,
    fold,
    is_acronym,
    is_caps,
    same_length,
    title_case,
)


def heading_lines(text: str) -> list[tuple[int, int]]:
    """Line spans that are written mostly in capitals (headings, banners)."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        words = WORD_RE.findall(match.group())
        long_words = [w for w in words if len(w) >= 3]
        if len(words) < 3 or len(long_words) < 2:
            continue
        caps = sum(len(w) for w in words if is_caps(w) or (len(w) == 1 and w.isupper()))
        if caps >= 0.7 * sum(len(w) for w in words):
            spans.append((match.start(), match.end()))
    return spans


def recase_for_ner(text: str) -> str:
    """Same-length copy of ``text`` with capitalised surnames and headings re-cased for NER.

    In running text an all-caps word next to a capitalised word ("Axelle LEMAIRE", "LEMAIRE
    Axelle", "Marine LE PEN") is a surname: it is title-cased. In all-caps lines (headings) each
    word takes the casing (and accents, when the length allows) it has elsewhere in the document,
    else lower case (upper case for the line's first letter). Acronyms stay as written.
    """
    if not text:
        return text
    words = list(WORD_RE.finditer(text))
    # Only all-caps words are ever re-cased (str.isupper() is a cheap necessary condition).
    caps = [m for m in words if m.group().isupper() and is_caps(m.group())]
    if not caps:
        return text
    headings = heading_lines(text)
    heading_starts = [s for s, _ in headings]

    def in_heading(pos: int) -> bool:
        i = bisect.bisect_right(heading_starts, pos) - 1
        return i >= 0 and headings[i][0] <= pos < headings[i][1]

    seen: dict[str, Counter[str]] = {}  # folded word -> forms outside caps, built when needed

    def forms_outside_caps() -> dict[str, Counter[str]]:
        if not seen:
            forms: dict[str, Counter[str]] = defaultdict(Counter)
            for m in words:
                w = m.group()
                if not is_caps(w) and not in_heading(m.start()):
                    forms[fold(w)][w] += 1
            seen.update(forms)
        return seen

    chars = list(text)

    def put(m: re.Match[str], form: str) -> None:
        form = same_length(m.group(), form)
        chars[m.start() : m.end()] = form

    surnames: set[str] = set()
    index = {m.start(): i for i, m in enumerate(words)}
    for m in caps:
        w = m.group()
        if in_heading(m.start()) or is_acronym(w):
            continue
        if _next_to_name(text, words, index[m.start()]):
            surnames.add(fold(w))
            put(m, title_case(w))
    for m in caps:
        w = m.group()
        if not in_heading(m.start()):
            continue
        folded = fold(w)
        line_start = text.rfind("\n", 0, m.start()) + 1
        first_in_line = not WORD_RE.search(text, line_start, m.start())
        if folded in forms_outside_caps():
            forms = seen[folded]
            lower = [f for f in forms if f.islower()]
            put(m, max(lower, key=forms.__getitem__) if lower else forms.most_common(1)[0][0])
        elif folded in surnames:
            put(m, title_case(w))
        elif is_acronym(w) and folded not in FUNCTION_WORDS:
            continue
        elif first_in_line:
            put(m, title_case(w))
        else:
            put(m, w.lower())
    return "".join(chars)


def _next_to_name(text: str, words: list[re.Match[str]], i: int) -> bool:
    """Whether word ``i`` is in a run of all-caps words next to a Title-case word ("Axelle")."""

    def linked(left: int, right: int) -> bool:
        return text[words[left].end() : words[right].start()] in (" ", "-", "\u00a0")

    first = i
    while first > 0 and linked(first - 1, first) and is_caps(words[first - 1].group()):
        first -= 1
    last = i
    while last + 1 < len(words) and linked(last, last + 1) and is_caps(words[last + 1].group()):
        last += 1
    neighbours = []
    if first > 0 and linked(first - 1, first):
        neighbours.append(words[first - 1].group())
    if last + 1 < len(words) and linked(last, last + 1):
        neighbours.append(words[last + 1].group())
    for word in neighbours:
        word = re.split(r"['’]", word)[-1]  # "d'Axelle" counts as "Axelle"
        is_title = len(word) >= 2 and word[0].isupper() and word[1:].islower()
        if is_title and fold(word) not in ROLES_FOLDED:
            return True
    return False
