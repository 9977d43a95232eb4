"""Entity rows of one document: cleaned spans, canonical forms, in-document merges."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict

from spacy.tokens import Doc

from textmine.config import EntitiesConfig
from textmine.entities.components import acronym_definitions
from textmine.entities.informal import filter_contribution_rows, lexicon_for
from textmine.entities.lexicon import (
    APOSTROPHES,
    BOILERPLATE_FOLDED,
    DEMONYMS,
    FUNCTION_WORDS,
    KNOWN_ACRONYMS,
    ORG_HEAD_WORDS,
    ROLES_FOLDED,
    SCHEME_ACRONYMS,
    fold,
    is_acronym,
    is_caps,
    title_case,
)
from textmine.entities.roles import role_phrases
from textmine.parsed import TABLE_FORMATS, ParsedDocument

_TRAILING = " \t\r\n.,;:!?»«\"'’)(*-–—/>#&"
_LEADING = " \t\r\n,;:«»\"'(*-–—/>#."  # "." of ".Les", a sentence glued to the previous one
_ARTICLE = re.compile(r"^(?:[Ll]['’]\s*|(?:la|le|les)\s+|(?:La|Le|Les)\s+(?=[A-Z]{2,}\b))")
_TITLE_PREFIX = re.compile(
    r"^(?:(?:Monsieur|Madame|Mademoiselle|Mme|Mlle|MM|Mr|Dr|Pr|Me|M)\.?\s+)+"
)


def clean_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim whitespace, punctuation, leading articles and civil titles; cut at a blank line and
    at a bracket left open ("RU(A", "SDIS(1": a token glued to what follows)."""
    blank = text.find("\n\n", start, end)
    if blank != -1:
        end = blank
    bracket = text.find("(", start, end)
    if bracket > start and ")" not in text[bracket:end]:
        end = bracket
    while start < end and text[start] in _LEADING:
        start += 1
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    for pattern in (_ARTICLE, _TITLE_PREFIX):
        m = pattern.match(text, start, end)
        if m and m.end() < end:
            start = m.end()
    return start, end


# a preposition the model took with a place ("de Lille", "d'Orléans"): never part of the name
_PLACE_PREPOSITION = re.compile(r"(?:de|du|des|d['’]|à|au|aux|en)\s*(?=[A-ZÀ-Ý])")
# a road's number, a place for the guideline: "A64", "RN184", "D342" (one letter alone is too few)
_ROAD = re.compile(r"(?:A|N|RN|D|RD|M|RC)\s?\d{1,4}")

_FIRSTNAME_SURNAME = re.compile(
    r"[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?(?:\s+(?:de\s+|d['’]|du\s+|le\s+)?[A-ZÀ-Ý]{2,}(?:-[A-ZÀ-Ý]{2,})?)+"
)


def _looks_like_first_name_surname(surface: str) -> bool:
    """'Marine BOUDEAU', 'Jean-Pierre DUPONT', not 'Commando UX', 'Agence ANCT', 'Mission ETALAB'."""
    if not _FIRSTNAME_SURNAME.fullmatch(surface):
        return False
    words = surface.split()
    if fold(words[0]) in ORG_HEAD_WORDS:
        return False
    return any(is_caps(w) and len(w) >= 3 and w.upper() not in KNOWN_ACRONYMS for w in words[1:])


_PARTICLE_NAME = re.compile(
    r"\s(?:Le|La|De|Du|Des|de|du|van|von)\s[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?"
)


def _extend_particle_name(text: str, start: int, end: int) -> int:
    """'Bruno' + ' Le Maire' -> 'Bruno Le Maire' (the model often stops at the particle)."""
    if " " in text[start:end].strip():
        return end
    m = _PARTICLE_NAME.match(text, end)
    return m.end() if m else end


def canonical_form(surface: str, label: str) -> str:
    """Display form shared by case/accent/title variants: 'Mme Axelle LEMAIRE' -> 'Axelle Lemaire'."""
    text = " ".join(surface.translate(APOSTROPHES).split())
    text = _TITLE_PREFIX.sub("", text)
    text = re.sub(r"^(?:[Ll]'|(?:la|le|les)\s+)", "", text)
    words = []
    single_word = len(text.split()) == 1
    for m in re.finditer(r"\S+", text):
        w = m.group()
        keep_acronym = label != "PER" and (is_acronym(w) or single_word)
        if is_caps(w) and not keep_acronym:
            w = title_case(w) if (label == "PER" or len(words) == 0) else w.lower()
        words.append(w)
    text = " ".join(words)
    if label != "PER" and text[:1].islower():
        text = text[:1].upper() + text[1:]
    return text


def canonical_key(canonical: str) -> str:
    return fold(canonical)


def _display_source(surface: str, recased: str) -> str:
    """The re-cased copy of a heading in capitals reads better ("SECRETARIAT D'ETAT CHARGE DU
    NUMERIQUE" -> "Secretariat d'Etat charge du numérique", accents taken from the document)."""
    caps_words = [w for w in surface.split() if is_caps(w) and not is_acronym(w)]
    return recased if len(caps_words) >= 2 and len(recased) == len(surface) else surface


def _sentence_index(doc: Doc) -> list[int]:
    return [sent.start_char for sent in doc.sents]


def extract_entities(pdoc: ParsedDocument, config: EntitiesConfig) -> list[dict]:
    """Rows of the ``entities`` table for one document (entity_id is set by the index)."""
    text = pdoc.text
    doc = pdoc.doc
    parsed_text = doc.text  # spaCy rebuilds Doc.text from its tokens on every access
    if len(parsed_text) != len(text):
        raise ValueError(
            f"{pdoc.doc_id}: the Doc was not parsed from this text or a same-length copy "
            f"({len(parsed_text)} vs {len(text)} characters)"
        )
    sent_starts = _sentence_index(doc) if doc.has_annotation("SENT_START") else [0]
    labels = set(config.labels)
    roles = sorted(role_phrases(text))
    role_starts = [rs for rs, _ in roles]
    rows: list[dict] = []
    statistical: set[int] = set()  # ids of the rows from the statistical NER (not from a list)
    for ent in doc.ents:
        label = ent.label_
        if label not in labels:
            continue
        start, end = clean_span(text, ent.start_char, ent.end_char)
        if label == "LOC":
            m = _PLACE_PREPOSITION.match(text, start, end)
            if m and m.end() < end:
                start = m.end()  # "de Lille": the preposition taken with the place
        surface = text[start:end]
        if label == "LOC" and _ROAD.fullmatch(surface.split(" ")[0]) and surface[-1:].islower():
            end = start + len(surface.split(" ")[0])  # "A104 neuve": the road, not the adjective
            surface = text[start:end]
        letters = sum(c.isalpha() for c in surface)
        road = label == "LOC" and bool(_ROAD.fullmatch(surface))
        if (
            (letters < 2 and not road)
            or fold(surface) in BOILERPLATE_FOLDED
            or fold(surface) in DEMONYMS
            or fold(surface) in FUNCTION_WORDS  # ".Les" once cleaned
            or (label == "LOC" and fold(surface) in _PLURAL_STATES)
            or "@" in surface
            or "www." in surface
        ):
            continue
        if label != "ORG" and (
            fold(surface).split(" ")[0] in ROLES_FOLDED or surface[:1].islower()
        ):
            continue
        if surface in SCHEME_ACRONYMS:
            label = "MISC"  # "RU" of "RU(A)": a benefit, whatever the model said
        elif label == "LOC" and surface in KNOWN_ACRONYMS:
            label = "ORG"  # "SDIS" of "SDIS(1)"
        if label in ("ORG", "LOC") and _looks_like_first_name_surname(surface):
            label = "PER"  # "Marine BOUDEAU": a first name and a surname in capitals
        if label != "PER" and _inside_any(start, end, roles, role_starts):
            continue
        if label == "PER":
            end = _extend_particle_name(text, start, end)
            surface = text[start:end]
        if not ent.ent_id_ and not road:  # a road number's shape is evidence enough
            statistical.add(len(rows))
        rows.append(
            {
                "doc_id": pdoc.doc_id,
                "sent_id": max(0, bisect.bisect_right(sent_starts, start) - 1),
                "start_char": start,
                "end_char": end,
                "text": surface,
                "label": label,
                "canonical": canonical_form(
                    _display_source(surface, parsed_text[start:end]), label
                ),
            }
        )
    lexicon = lexicon_for(doc)
    if config.contribution_filter and pdoc.format in TABLE_FORMATS and lexicon is not None:
        ids = {id(rows[i]) for i in statistical}
        rows = filter_contribution_rows(rows, doc, ids, lexicon)
    _drop_first_names_of_full_names(rows)
    _merge_within_document(rows, text)
    return rows


_PLURAL_STATES = frozenset({"etats", "les etats"})  # "d'autres États membres": no one place


def _drop_first_names_of_full_names(rows: list[dict]) -> None:
    """A lone first name ("Elliot") where the document names "Elliot Alderson": the model cut
    the name once; the person is already there with the full name."""
    firsts = {fold(r["text"].split()[0]) for r in rows if r["label"] == "PER" and " " in r["text"]}
    rows[:] = [
        r
        for r in rows
        if not (r["label"] == "PER" and " " not in r["text"] and fold(r["text"]) in firsts)
    ]


def _inside_any(start: int, end: int, spans: list[tuple[int, int]], span_starts: list[int]) -> bool:
    """Whether [start, end) lies inside one of ``spans`` (sorted; each at most a few hundred chars)."""
    i = bisect.bisect_right(span_starts, start) - 1
    while i >= 0 and span_starts[i] >= start - 400:
        if end <= spans[i][1]:
            return True
        i -= 1
    return False


def _merge_within_document(rows: list[dict], text: str) -> None:
    """Acronyms take their expansion's canonical; bare surnames take the full name's."""
    by_acronym: dict[str, str] = {}
    by_start = {r["start_char"]: r for r in rows}
    for exp_start, exp_end, _acr_start, _acr_end, acronym in acronym_definitions(text):
        # the cleaned expansion may have lost a leading article or a trailing character
        expansion = next(
            (
                by_start[s]
                for s in range(exp_start, exp_start + 4)
                if s in by_start and by_start[s]["end_char"] >= exp_end - 1
            ),
            None,
        )
        if expansion is not None and expansion["label"] == "ORG":
            by_acronym.setdefault(acronym, expansion["canonical"])
    full_names: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        parts = r["canonical"].split()
        if r["label"] == "PER" and len(parts) >= 2:
            full_names[fold(parts[-1])].add(r["canonical"])
    for r in rows:
        if r["label"] == "ORG" and r["text"] in by_acronym:
            r["canonical"] = by_acronym[r["text"]]
        elif r["label"] == "PER" and " " not in r["canonical"]:
            names = full_names.get(fold(r["canonical"]))
            if names and len(names) == 1:
                r["canonical"] = next(iter(names))
