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
    PORTFOLIO_WORDS,
    ROLES_FOLDED,
    SCHEME_ACRONYMS,
    fold,
    is_acronym,
    is_caps,
    is_head_word,
    title_case,
)
from textmine.entities.precision import WordLexicon
from textmine.entities.recasing import heading_lines
from textmine.entities.roles import role_phrases
from textmine.parsed import TABLE_FORMATS, ParsedDocument

_TRAILING = " \t\r\n.,;:!?»«\"'’)(*-–—/>#&"
_LEADING = " \t\r\n,;:«»\"'(*-–—/>#."  # "." of ".Les", a sentence glued to the previous one
# matched at a span's start with pattern.match(text, start): no "^", which only matches at the
# text's start or after a line break (so "M. François" and "la Région X" kept their prefix)
_ARTICLE = re.compile(r"(?:[Ll]['’]\s*|(?:la|le|les)\s+|(?:La|Le|Les)\s+(?=[A-Z]{2,}\b))")
_TITLE_PREFIX = re.compile(r"(?:(?:Monsieur|Madame|Mademoiselle|Mme|Mlle|MM|Mr|Dr|Pr|Me|M)\.?\s+)+")


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


# the rest of a compound surname that the model cut at its hyphen ("Julien Ferrand" + "-LEROUX",
# "Bazin-" + "Orsoni"): capitals or title case on both sides of the hyphen (E15, blind5)
_HYPHEN_TAIL = re.compile(r"-[A-ZÀ-Ý](?:[A-ZÀ-Ý]+|[a-zà-ÿ]+)(?![\w'’])")
_HYPHEN_HEAD = re.compile(r"(?<![\w'’-])[A-ZÀ-Ý](?:[A-ZÀ-Ý]+|[a-zà-ÿ]+)-\Z")


def _extend_compound_surname(text: str, start: int, end: int) -> tuple[int, int]:
    """A person's span taken across the hyphens of a compound name on either side."""
    while m := _HYPHEN_TAIL.match(text, end):
        end = m.end()
    while m := _HYPHEN_HEAD.search(text, max(0, start - 30), start):
        start = m.start()
    return start, end


def canonical_form(surface: str, label: str) -> str:
    """Display form shared by case/accent/title variants: 'Mme Axelle LEMAIRE' -> 'Axelle Lemaire'."""
    text = " ".join(surface.translate(APOSTROPHES).split())
    title = _TITLE_PREFIX.match(text)
    text = text[title.end() :] if title else text
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
    lexicon = lexicon_for(doc)
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
        newline = text.find("\n", start, end)
        after_break = text[newline:end].split() if newline != -1 else []
        # a lower-case head after the break continues the name ("Institut d'émission des" /
        # "départements d'outre-mer", E15); a capitalised one opens another
        if after_break and is_head_word(after_break[0]) and after_break[0][:1].isupper():
            end = clean_span(text, start, newline)[1]  # a heading line, then "Secrétariat …"
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
            or (label in ("LOC", "PER") and _is_demonym(text, start, end))
            or "@" in surface
            or "www." in surface
        ):
            continue
        if label != "ORG" and (
            fold(surface).split(" ")[0] in ROLES_FOLDED
            or (surface[:1].islower() and ent.ent_id_ != "rule")  # "collège Jean-Moulin …"
        ):
            continue
        if surface in SCHEME_ACRONYMS:
            label = "MISC"  # "RU" of "RU(A)": a benefit, whatever the model said
        elif label == "LOC" and surface in KNOWN_ACRONYMS:
            label = "ORG"  # "SDIS" of "SDIS(1)"
        first_word = surface.split()[0].lower()
        if (
            label in ("ORG", "LOC")
            and _looks_like_first_name_surname(surface)
            and not (lexicon is not None and _plural_common_noun(first_word, lexicon))
            and not _DETERMINER_BEFORE.search(text, max(0, start - 6), start)
        ):
            label = "PER"  # "Marine BOUDEAU": a first name and a surname in capitals
        if label in ("LOC", "ORG") and _portfolio_in_title(text, start, end):
            continue
        if label != "PER":
            role = _role_around(start, end, roles, role_starts)
            if role is not None:
                kept = _kept_inside_role(text, role, start, end, label, bool(ent.ent_id_))
                if kept is None:
                    continue
                start, end, label = kept
                surface = text[start:end]
        if label == "PER":
            end = _extend_particle_name(text, start, end)
            start, end = _extend_compound_surname(text, start, end)
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
    if config.contribution_filter and pdoc.format in TABLE_FORMATS and lexicon is not None:
        ids = {id(rows[i]) for i in statistical}
        rows = filter_contribution_rows(rows, doc, ids, lexicon)
    if config.precision_rules:  # after the filter: it reads ``statistical`` by row index
        _add_capitalised_persons(rows, text, sent_starts, pdoc.doc_id, lexicon)
    _drop_first_names_of_full_names(rows)
    _merge_within_document(rows, text)
    return rows


_PORTFOLIO = re.compile(rf"(?i:{PORTFOLIO_WORDS})")
# a title that lists portfolios: "ministre déléguée chargée de l'Industrie", "ministère de la
# Transition écologique, de la" / "Biodiversité, de la Forêt, de la Mer et de la Pêche"
_TITLE_BEFORE = re.compile(
    r"(?i)(?:ministre|minist[èe]re|secr[ée]taire|secr[ée]tariat|commissaire|commissariat)"
    r"[^.;:!?()«»]{0,120}\Z"
)


def _portfolio_in_title(text: str, start: int, end: int) -> bool:
    """A single portfolio word ("Industrie", "Mer", "Emploi") in a title of the Government, taken
    alone by the model: a portfolio, not a place or a body (E13: 6 such pairs in blind4)."""
    if not _PORTFOLIO.fullmatch(text, start, end):
        return False
    before = text[max(0, start - 120) : start]
    return bool(_TITLE_BEFORE.search(before)) and bool(
        re.search(r"(?:de\s+la|de\s+l['’]|du|des|à\s+l['’]|à\s+la|aux?)\s*\Z", before)
    )


# a role of the Government: the places and bodies in it are portfolios ("ministre de l'Europe")
_GOVERNMENT_ROLE = re.compile(r"(?i)(?:(?:le|la|l['’])\s*)?(?:ministre|secr[ée]taire|premi)")
_PREFECT_ROLE = re.compile(r"(?i)(?:(?:le|la|l['’])\s*)?pr[ée]f[eè]te?\b")
_TERRITORY_HEAD = re.compile(
    r"(?i)(?:r[ée]gion|d[ée]partement)\s+(?:de\s+la\s+|de\s+l['’]|des\s+|du\s+|de\s+|d['’])?"
)


def _role_around(
    start: int, end: int, roles: list[tuple[int, int]], role_starts: list[int]
) -> tuple[int, int] | None:
    """The role phrase that [start, end) lies inside, if any."""
    i = bisect.bisect_right(role_starts, start) - 1
    while i >= 0 and role_starts[i] >= start - 400:
        if end <= roles[i][1]:
            return roles[i]
        i -= 1
    return None


def _kept_inside_role(
    text: str, role: tuple[int, int], start: int, end: int, label: str, by_rule: bool
) -> tuple[int, int, str] | None:
    """What an entity inside a role phrase becomes: dropped in a role of the Government (its
    words are portfolios); a place elsewhere stays a place ("maire de Plouharnel", "préfet de la
    Haute-Garonne") and a body found by a rule a body ("présidente du conseil départemental de
    la Guadeloupe"); "préfet de la région Occitanie" names the region as a territory (E13:
    blind4 annotates 30 names inside roles, blind3 and train 2)."""
    if _GOVERNMENT_ROLE.match(text, role[0]) or label not in ("LOC", "ORG"):
        return None
    if label == "ORG" and not by_rule:
        return None
    if label == "ORG" and _PREFECT_ROLE.match(text, role[0]):
        head = _TERRITORY_HEAD.match(text, start, end)
        if head is None:
            return None
        return head.end(), end, "LOC"
    return start, end, label


# a first name, then a surname in capitals, as press releases write persons ("M. Jean-Marc
# LAVERGNE", "Bpifrance - Nathalie POLICARD - …"): the model misses some once re-cased
_CAPITALISED_PERSON = re.compile(
    r"(?<![\w'’-])[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?"
    r"(?:(?:[ \t]+|[ \t]*\n[ \t]*)(?:de[ \t]+|d['’]|du[ \t]+)?[A-ZÀ-Ý]{2,}(?:['’-][A-ZÀ-Ý]{2,})*)+"
    r"(?![\w'’-])"  # a line break may cut the name: "M. Stéphane" / "QUÉMÉNEUR, préfet"
)
_NOT_FIRST_NAMES = frozenset(
    {"france", "region", "departement", "ville", "commune", "metropole", "mairie", "prefecture"}
)
# a postal address ("Toulouse CEDEX") or a company's legal form ("Quantalis SAS")
_NOT_SURNAMES = frozenset({"cedex", "bp", "cs", "tsa", "sa", "sas", "sasu", "sarl", "scea", "scop"})


_DETERMINER_BEFORE = re.compile(r"(?i)(?<![\w'’])(?:la|le|les|l['’]|du|des|au|aux|un|une)\s*\Z")
_TITLE_BEFORE_NAME = re.compile(r"(?:\b(?:M|Mme|Mlle|Dr|Pr)\.?|Monsieur|Madame)\s+\Z")


def _common_word(word: str, lexicon: WordLexicon) -> bool:
    """A French common word ("résidences", "pierre"): not taken for a first name without a
    civil title before it."""
    return lexicon.is_word(word) or lexicon.is_inflected_word(word)


def _plural_common_noun(word: str, lexicon: WordLexicon) -> bool:
    """ "résidences": a plural of a French noun is no first name ("Marine", a lemma, may be)."""
    return not lexicon.is_word(word) and lexicon.is_inflected_word(word)


def _add_capitalised_persons(
    rows: list[dict],
    text: str,
    sent_starts: list[int],
    doc_id: str,
    lexicon: WordLexicon | None = None,
) -> None:
    """Add "First-name SURNAME" persons that no row covers whole; rows inside them (a first name
    alone, the surname taken for a body) give way (E13: 5 of blind4's 58 persons missed)."""
    headings = heading_lines(text)
    for m in _CAPITALISED_PERSON.finditer(text):
        start, end = m.span()
        words = m.group().split()
        first = fold(words[0])
        surnames = [w for w in words[1:] if fold(w) not in FUNCTION_WORDS]
        titled = bool(_TITLE_BEFORE_NAME.search(text, max(0, start - 12), start))
        if _DETERMINER_BEFORE.search(text, max(0, start - 6), start):
            continue  # "la Breizh COP" (E13): a person takes no article
        if (
            lexicon is not None
            and not titled
            and not _contact_line(text, start, end)
            and _common_word(words[0].lower(), lexicon)
        ):
            continue  # "Résidences EHPAD" (blind2): a common noun, then an acronym
        if (
            any(a <= start < b for a, b in headings)  # "COMMUNIQUÉ DE PRESSE"
            or not any(len(w) >= 3 for w in surnames)
            or any(fold(w) in _NOT_SURNAMES for w in words)
            or first in ORG_HEAD_WORDS
            or first in ROLES_FOLDED
            or first in FUNCTION_WORDS
            or first in DEMONYMS
            or first in _NOT_FIRST_NAMES
            or any(w.upper() in KNOWN_ACRONYMS or w in SCHEME_ACRONYMS for w in words[1:])
        ):
            continue
        overlapping = [r for r in rows if r["start_char"] < end and start < r["end_char"]]
        if any(
            r["label"] == "PER" and r["start_char"] <= start and r["end_char"] >= end
            for r in overlapping
        ):
            continue
        for r in [r for r in overlapping if r["start_char"] < start]:
            if _cut_at_line_break(r, text, start):  # "Service de presse du ministère de la
                overlapping.remove(r)  # Culture" / "Lucile BAZIN-ORSONI": two lines, two names
                if r["end_char"] <= r["start_char"]:
                    rows.remove(r)
        if any(r["start_char"] < start or r["end_char"] > end for r in overlapping):
            continue  # inside a longer name ("Agence X …"): leave it
        for r in overlapping:
            rows.remove(r)
        surface = m.group()
        rows.append(
            {
                "doc_id": doc_id,
                "sent_id": max(0, bisect.bisect_right(sent_starts, start) - 1),
                "start_char": start,
                "end_char": end,
                "text": surface,
                "label": "PER",
                "canonical": canonical_form(surface, "PER"),
            }
        )
    rows.sort(key=lambda r: r["start_char"])


# a press contact's line: "Cnam : Prénom NOM – 01 …", "Prénom NOM – prenom.nom@…"; there a
# first name that is also a French word ("Romain", "Julien", "Pierre") is a first name (E15: 5
# of blind5's 67 persons were in contact blocks, one missed for its first name alone)
_CONTACT_BEFORE = re.compile(r"[ \t]*|[^\n]{1,80}:[ \t]*")  # the line before the name
_CONTACT_AFTER = re.compile(
    r"[ \t]*(?:[–—-][ \t]*(?:\+?\d[\d .]{7,}|[\w.-]+@|(?:T[ée]l|Mél|Courriel)\b)"
    r"|,[ \t]*[\w.-]+@|[ \t]*\(?\+?\d{2}[ .]\d{2}[ .]\d{2})"
)


def _contact_line(text: str, start: int, end: int) -> bool:
    """Whether the name at [start, end) opens a line (or follows its "Organisme :") and a phone
    number or an e-mail address follows it: a press contact."""
    line_start = text.rfind("\n", 0, start) + 1
    return bool(_CONTACT_BEFORE.fullmatch(text, line_start, start)) and bool(
        _CONTACT_AFTER.match(text, end)
    )


def _cut_at_line_break(row: dict, text: str, before: int) -> bool:
    """Cut ``row`` at its line break right before ``before`` (a body on one line of a contact
    block, a person on the next): whether it was cut (its end may then be its start: empty)."""
    newline = text.rfind("\n", row["start_char"], before)
    if newline == -1 or text[newline:before].strip():
        return False
    start, end = clean_span(text, row["start_char"], newline)
    if " " not in text[start:end] and (
        is_head_word(text[start:end]) or fold(text[start:end]) in _TERRITORY_HEADS
    ):
        end = start  # "Métropole" / "Prénom NOM": a head word alone names no body
    row["start_char"], row["end_char"] = start, max(start, end)
    row["text"] = text[start : row["end_char"]]
    row["canonical"] = canonical_form(row["text"], row["label"]) if row["text"] else ""
    return True


_TERRITORY_HEADS = frozenset({"region", "departement", "ville", "commune", "metropole"})
# inhabitants named after their place, after a plural article: "les Eysinais", "des
# Réunionnais" (E15: 2 of blind5's false places; DEMONYMS lists the nations')
_DEMONYM = re.compile(
    r"[A-ZÀ-Ý][a-zà-ÿ\-]+(?:ais|aises|ois|oises|ains|aines|iens|iennes|éens|éennes)"
)
_PLURAL_ARTICLE_BEFORE = re.compile(r"(?i)(?<![\w'’])(?:les|des|aux)[ \t]+\Z")
# one inhabitant after an indefinite article: "Un Breton doit pouvoir …" (E17: blind6, PER)
_SINGULAR_DEMONYM = re.compile(
    r"[A-ZÀ-Ý][a-zà-ÿ\-]+(?:ais|aise|ois|oise|ain|aine|ien|ienne|éen|éenne|on|onne)"
)
_INDEFINITE_BEFORE = re.compile(r"(?i)(?<![\w'’])(?:un|une|chaque)[ \t]+\Z")


def _is_demonym(text: str, start: int, end: int) -> bool:
    """A plural demonym after "les", "des", "aux", or one after "un", "une": people, not a place
    nor a person's name."""
    if _DEMONYM.fullmatch(text, start, end) and _PLURAL_ARTICLE_BEFORE.search(
        text, max(0, start - 5), start
    ):
        return True
    return bool(_SINGULAR_DEMONYM.fullmatch(text, start, end)) and bool(
        _INDEFINITE_BEFORE.search(text, max(0, start - 7), start)
    )


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
