"""Named entities: French-official-style names, institutions, canonical forms and the entity index.

Interface used by ``textmine.nlp`` and ``flows/``:

- ``recase_for_ner(text: str) -> str``: a copy of ``text`` of the SAME LENGTH where all-caps
  surnames/headings are re-cased ("Axelle LEMAIRE" -> "Axelle Lemaire"), so NER is run on it and
  offsets map back 1:1.
- ``add_entity_components(nlp: Language, config: EntitiesConfig) -> None``: adds the
  institution/role EntityRuler (and anything else) to a loaded pipeline.
- ``extract_entities(pdoc: ParsedDocument, config: EntitiesConfig) -> list[dict]``: rows of the
  ``entities`` table for one document (without ``entity_id``), surface text from ``pdoc.text``.
- ``extract_roles(pdoc: ParsedDocument, entities: list[dict]) -> list[dict]``: rows of the
  ``roles`` table ("Axelle Lemaire" -> "secrétaire d'Etat chargée du Numérique").
- ``build_entity_index(entities: pd.DataFrame, documents: pd.DataFrame, config: EntitiesConfig,
  aliases: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]``: returns the
  ``entities`` table with ``entity_id`` and canonical forms merged across the corpus, and the
  ``entity_index`` table.
- ``load_aliases(path) -> pd.DataFrame``: the reviewer's alias CSV (alias, canonical[, label]).
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from textmine.config import EntitiesConfig
from textmine.parsed import ParsedDocument

# --------------------------------------------------------------------------- lexicons

# All-caps tokens kept as written: acronyms of French public bodies and programmes.
KNOWN_ACRONYMS = frozenset(
    [
        "ANCT",
        "CNIL",
        "DINUM",
        "DINSIC",
        "DISIC",
        "SGMAP",
        "DITP",
        "DGAFP",
        "DGE",
        "DGFIP",
        "DGCL",
        "ANSSI",
        "ANTS",
        "ARCEP",
        "CADA",
        "CNNUM",
        "INSEE",
        "CNAF",
        "CNAM",
        "CNAV",
        "MSA",
        "URSSAF",
        "AMF",
        "ADF",
        "ARF",
        "EPCI",
        "EPT",
        "RGAA",
        "RGPD",
        "RGS",
        "PIA",
        "AMI",
        "EIG",
        "TIC",
        "TNT",
        "UE",
        "ONU",
        "OCDE",
        "SNCF",
        "RATP",
        "EDF",
        "BPI",
        "CDC",
        "CNCPH",
        "FIPHP",
        "DHUP",
        "DIE",
        "DIESE",
        "CIH",
        "SGPI",
        "AGD",
        "IGN",
        "BAN",
        "RIE",
        "UX",
        "API",
        "IA",
        "PME",
        "TPE",
        "ETI",
        "DSI",
        "SI",
        "CNRS",
        "INRIA",
        "CEA",
        "ADEME",
        "ARS",
        "CAF",
        "CPAM",
        "SGAR",
        "SGG",
        "DILA",
        "ENA",
        "INSP",
        "IRA",
        "CNFPT",
        "FNCCR",
        "AFNIC",
        "CCI",
        "CMA",
        "CRC",
        "OPSN",
        "SPL",
        "SEM",
        "GIP",
        "UGAP",
        "DAE",
        "DAJ",
        "DGS",
        "DGT",
        "DREES",
        "DARES",
        "SIRE",
        "PFUE",
    ]
)

# Institutions and agencies that the statistical model often misses or mislabels.
INSTITUTION_NAMES = (
    "Agence du numérique",
    "Agence nationale de la cohésion des territoires",
    "Agence nationale des titres sécurisés",
    "Agence nationale de la sécurité des systèmes d'information",
    "Agence nationale de sécurité des systèmes d'information",
    "Autorité de régulation des communications électroniques et des postes",
    "Commission nationale de l'informatique et des libertés",
    "Direction interministérielle du numérique",
    "Direction interministérielle du numérique et du système d'information et de communication de l'État",
    "Direction interministérielle de la transformation publique",
    "Direction générale de l'administration et de la fonction publique",
    "Direction générale des entreprises",
    "Direction générale des collectivités locales",
    "Direction générale des finances publiques",
    "Secrétariat général pour la modernisation de l'action publique",
    "Secrétariat général pour l'investissement",
    "Secrétariat général du Gouvernement",
    "Conseil national du numérique",
    "Caisse des dépôts",
    "Caisse des dépôts et consignations",
    "Banque des territoires",
    "Bpifrance",
    "Pôle emploi",
    "La Poste",
    "Cour des comptes",
    "Conseil d'État",
    "Conseil constitutionnel",
    "Assemblée nationale",
    "Sénat",
    "Défenseur des droits",
    "Etalab",
    "Arcep",
    "Mutualité sociale agricole",
    "Association des maires de France",
    "Association des maires ruraux de France",
    "Association des petites villes de France",
    "Assemblée des départements de France",
    "Régions de France",
    "Intercommunalités de France",
    "France urbaine",
    "Villes de France",
    "Commission européenne",
    "Parlement européen",
)
STATE_FORMS = ("État", "Etat", "ÉTAT", "ETAT")
GOVERNMENT_FORMS = ("Gouvernement", "GOUVERNEMENT")
# Public digital services and programmes: MISC, so that the model does not call them PER/LOC.
SERVICE_NAMES = (
    "FranceConnect",
    "Mon FranceConnect",
    "AgentConnect",
    "ProConnect",
    "Tchap",
    "France Relance",
    "France Transfert",
    "France Services",
    "Commando UX",
    "Entrepreneurs d'intérêt général",
    "demarches-simplifiees.fr",
    "data.gouv.fr",
    "api.gouv.fr",
    "beta.gouv.fr",
    "service-public.fr",
    "impots.gouv.fr",
    "Action publique 2022",
    "TECH.GOUV",
)
# Demonyms: the model tags "les Français" as LOC; they are not places.
DEMONYMS = frozenset(
    {"francais", "francaise", "francaises", "europeen", "europeens", "europeenne", "europeennes"}
)

# First words of role phrases: entities starting with them are roles, not names.
ROLE_WORDS = frozenset(
    [
        "ministre",
        "ministres",
        "secrétaire",
        "secrétaires",
        "président",
        "présidente",
        "directeur",
        "directrice",
        "préfet",
        "préfète",
        "délégué",
        "déléguée",
        "haut",
        "haute",
        "haut-commissaire",
        "haute-fonctionnaire",
        "haut-fonctionnaire",
        "premier",
        "première",
        "chef",
        "cheffe",
        "conseiller",
        "conseillère",
        "député",
        "députée",
        "sénateur",
        "sénatrice",
        "maire",
        "administrateur",
        "administratrice",
    ]
)
CIVIL_TITLES = ("monsieur", "madame", "mademoiselle", "mme", "mlle", "m", "mr", "dr", "me", "pr")
BOILERPLATE = frozenset(
    {
        "communiqué de presse",
        "dossier de presse",
        "contacts presse",
        "contact presse",
        "crédits photos",
        "crédit photo",
        "en savoir plus",
        "télécharger le communiqué de presse",
    }
)
FUNCTION_WORDS = frozenset(
    [
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "l",
        "d",
        "au",
        "aux",
        "et",
        "à",
        "a",
        "en",
        "pour",
        "sur",
        "par",
        "un",
        "une",
        "ou",
        "dans",
        "avec",
        "son",
        "sa",
        "ses",
        "leur",
        "leurs",
        "qui",
        "que",
        "ne",
        "pas",
        "plus",
        "est",
        "sont",
        "ce",
        "cet",
        "cette",
        "ces",
        "se",
        "y",
        "il",
        "elle",
        "nous",
        "vous",
        "ils",
    ]
)
ORG_HEADS = (
    "ministère|secrétariat|direction|délégation|agence|autorité|caisse|conseil|comité|commission"
    "|fonds|fédération|association|assemblée|union|institut|office|établissement|mutualité"
    "|inspection|cour|haut conseil|haute autorité|centre|service|observatoire"
)

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def _fold(text: str) -> str:
    """Case-, accent- and apostrophe-insensitive form of a word or phrase."""
    return " ".join(strip_accents(text.translate(_APOSTROPHES)).casefold().split())


def _is_caps(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _is_acronym(word: str) -> bool:
    """An all-caps token to keep as written: known acronym, or short and not a French word."""
    bare = word.translate(_APOSTROPHES)
    if bare.upper() in KNOWN_ACRONYMS:
        return True
    return len(bare) <= 4 and "-" not in bare and _fold(bare) not in FUNCTION_WORDS


def _same_length(original: str, replacement: str) -> str:
    return replacement if len(replacement) == len(original) else original


def _title(word: str) -> str:
    """'LEMAIRE' -> 'Lemaire', "D'ETAT" -> "D'Etat", 'JEAN-PIERRE' -> 'Jean-Pierre'."""
    out, upper_next = [], True
    for c in word:
        out.append(c.upper() if upper_next else c.lower())
        upper_next = not c.isalpha()
    return _same_length(word, "".join(out))


_ROLES_FOLDED = frozenset(_fold(w) for w in ROLE_WORDS)
_BOILERPLATE_FOLDED = frozenset(_fold(w) for w in BOILERPLATE)

# --------------------------------------------------------------------------- recasing


def _heading_lines(text: str) -> list[tuple[int, int]]:
    """Line spans that are written mostly in capitals (headings, banners)."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        words = _WORD.findall(match.group())
        long_words = [w for w in words if len(w) >= 3]
        if len(words) < 3 or len(long_words) < 2:
            continue
        caps = sum(len(w) for w in words if _is_caps(w) or (len(w) == 1 and w.isupper()))
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
    headings = _heading_lines(text)
    heading_starts = [s for s, _ in headings]

    def in_heading(pos: int) -> bool:
        i = bisect.bisect_right(heading_starts, pos) - 1
        return i >= 0 and headings[i][0] <= pos < headings[i][1]

    words = list(_WORD.finditer(text))
    seen: dict[str, Counter[str]] = defaultdict(Counter)  # folded word -> forms outside caps
    for m in words:
        w = m.group()
        if not _is_caps(w) and not in_heading(m.start()):
            seen[_fold(w)][w] += 1

    chars = list(text)

    def put(m: re.Match[str], form: str) -> None:
        form = _same_length(m.group(), form)
        chars[m.start() : m.end()] = form

    surnames: set[str] = set()
    for i, m in enumerate(words):
        w = m.group()
        if not _is_caps(w) or in_heading(m.start()) or _is_acronym(w):
            continue
        if _next_to_name(text, words, i):
            surnames.add(_fold(w))
            put(m, _title(w))
    for m in words:
        w = m.group()
        if not in_heading(m.start()) or not _is_caps(w):
            continue
        folded = _fold(w)
        line_start = text.rfind("\n", 0, m.start()) + 1
        first_in_line = not _WORD.search(text, line_start, m.start())
        if folded in seen:
            forms = seen[folded]
            lower = [f for f in forms if f.islower()]
            put(m, max(lower, key=forms.__getitem__) if lower else forms.most_common(1)[0][0])
        elif folded in surnames:
            put(m, _title(w))
        elif _is_acronym(w) and folded not in FUNCTION_WORDS:
            continue
        elif first_in_line:
            put(m, _title(w))
        else:
            put(m, w.lower())
    return "".join(chars)


def _next_to_name(text: str, words: list[re.Match[str]], i: int) -> bool:
    """Whether word ``i`` is in a run of all-caps words next to a Title-case word ("Axelle")."""

    def linked(left: int, right: int) -> bool:
        return text[words[left].end() : words[right].start()] in (" ", "-", "\u00a0")

    first = i
    while first > 0 and linked(first - 1, first) and _is_caps(words[first - 1].group()):
        first -= 1
    last = i
    while last + 1 < len(words) and linked(last, last + 1) and _is_caps(words[last + 1].group()):
        last += 1
    neighbours = []
    if first > 0 and linked(first - 1, first):
        neighbours.append(words[first - 1].group())
    if last + 1 < len(words) and linked(last, last + 1):
        neighbours.append(words[last + 1].group())
    for word in neighbours:
        word = re.split(r"['’]", word)[-1]  # "d'Axelle" counts as "Axelle"
        is_title = len(word) >= 2 and word[0].isupper() and word[1:].islower()
        if is_title and _fold(word) not in _ROLES_FOLDED:
            return True
    return False


# --------------------------------------------------------------------------- pipeline components

_CAPW = r"[A-ZÀ-ÖØ-Ý][\w\-]*"
_CONN = r"(?:,\s*|\s+et\s+|\s+)(?:de\s+la\s+|de\s+l['’]|des\s+|du\s+|de\s+|d['’]|aux\s+|au\s+|à\s+la\s+|à\s+l['’])"
_ADJ = r"(?:\s+(?:[a-zA-ZÉéèêàâîôûç][a-zéèêàâîôûç]+(?:ique|iques|ale|ales|aux|ère|ères|elle|elles|aire|aires|ienne|iennes|ées?|és?)))?"
_MINISTRY = re.compile(rf"\b[Mm]inist[èe]re(?:\s+délégué)?(?:\s+chargé)?(?:{_CONN}{_CAPW}{_ADJ})+")
_SECRETARIAT = re.compile(
    rf"\b[Ss]ecrétariat\s+d['’](?:É|E)tat(?:\s+(?:chargé\s+)?(?:au|à\s+la|à\s+l['’]|aux|du|de\s+la|de\s+l['’])\s*{_CAPW}{_ADJ}|\s+(?:au|à\s+la|aux|chargé\s+du)\s+[a-zé]+)?"
)
_COLLECTIVITY = re.compile(
    r"\b(?:[Rr]égion|[Dd]épartement|[Mm]étropole|[Cc]ommune|[Vv]ille|[Cc]ommunauté\s+de\s+communes"
    r"|[Cc]ommunauté\s+d['’]agglomération|[Cc]ommunauté\s+urbaine|[Cc]onseil\s+régional"
    r"|[Cc]onseil\s+départemental|[Cc]ollectivité\s+européenne|[Cc]ollectivité\s+territoriale)"
    rf"(?:\s+(?:de\s+la\s+|de\s+l['’]|des\s+|du\s+|de\s+|d['’])?|\s+)(?:{_CAPW}(?:[\s\-](?:et|de|du|des|la|le|sur|en)?[\s\-]?{_CAPW})*)"
)
_ACRONYM_DEF = re.compile(r"\(\s*([A-Z][A-Za-z]{1,9}|[A-Z][A-Z0-9\-]{1,9})\s*\)")
_HEAD_WORD = re.compile(rf"(?i)(?<!\w)(?:{ORG_HEADS})(?!\w)")


def acronym_definitions(text: str) -> list[tuple[int, int, int, int, str]]:
    """'(expansion) (ACR)' pairs: (exp_start, exp_end, acr_start, acr_end, acronym).

    The expansion is the text between an institution head word (direction, agence, conseil...)
    and the parenthesis, within the same clause: the longest one that the acronym abbreviates.
    """
    found = []
    for m in _ACRONYM_DEF.finditer(text):
        acronym = m.group(1)
        if sum(c.isupper() for c in acronym) < 2:
            continue
        window_start = max(0, m.start() - 160)
        window = text[window_start : m.start()]
        cut = max(window.rfind(c) for c in ("(", ")", ".", ";", ":", "«", "»", "\n\n", "*"))
        window_start += cut + 1
        window = text[window_start : m.start()]
        end = m.start()
        while end > window_start and not text[end - 1].isalnum():
            end -= 1
        for head in _HEAD_WORD.finditer(window):
            start = window_start + head.start()
            if abbreviates(acronym, text[start:end]):
                break
        else:
            continue
        found.append((start, end, m.start(1), m.end(1), acronym))
    return found


def abbreviates(acronym: str, expansion: str, max_skipped: int = 2) -> bool:
    """Whether ``acronym`` is made of prefixes of ``expansion``'s words, in order.

    The first word must contribute; function words may be skipped freely, at most
    ``max_skipped`` content words ("DINSIC" for "direction interministérielle du numérique et du
    système d'information et de communication de l'État", "DINUM" for "direction
    interministérielle du numérique").
    """
    letters = _fold(acronym).replace("-", "")
    words = [w for w in re.split(r"[\s'’\-,]+", _fold(expansion)) if w]
    if not letters or not words or words[0][0] != letters[0]:
        return False

    def match(li: int, wi: int, skipped: int) -> bool:
        if li == len(letters):
            rest = [w for w in words[wi:] if w not in FUNCTION_WORDS]
            return skipped + len(rest) <= max_skipped
        if wi == len(words):
            return False
        word = words[wi]
        n = 0
        while n < len(word) and li + n < len(letters) and word[n] == letters[li + n]:
            n += 1
            if match(li + n, wi + 1, skipped):
                return True
        if wi == 0:
            return False
        cost = 0 if word in FUNCTION_WORDS else 1
        return skipped + cost <= max_skipped and match(li, wi + 1, skipped + cost)

    return match(0, 0, 0)


@Language.factory("textmine_institutions", default_config={"acronyms": []})
def make_institutions(nlp: Language, name: str, acronyms: list[str]) -> InstitutionRecognizer:
    return InstitutionRecognizer(acronyms)


class InstitutionRecognizer:
    """Adds ministries, secrétariats d'État, collectivités and acronym expansions as ORG.

    Runs after the statistical NER and the EntityRuler: its spans win overlaps, the State
    ("État") inside role titles ("secrétaire d'État") is dropped, and role phrases tagged as
    entities ("ministre de la Transformation") are removed.
    """

    def __init__(self, acronyms: Iterable[str] = ()):
        self.acronyms = frozenset(a.upper() for a in acronyms) | KNOWN_ACRONYMS

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        spans: list[Span] = []

        def add(start: int, end: int) -> None:
            span = doc.char_span(start, end, label="ORG", alignment_mode="expand")
            if span is not None:
                spans.append(span)

        for pattern in (_MINISTRY, _SECRETARIAT, _COLLECTIVITY):
            for m in pattern.finditer(text):
                add(m.start(), m.end())
        defined = set()
        for start, end, acr_start, acr_end, acronym in acronym_definitions(text):
            add(start, end)
            add(acr_start, acr_end)
            defined.add(acronym)
        for token in doc:
            if token.text in defined or (token.text.upper() in self.acronyms and token.is_upper):
                if token.text.upper() in _NOT_ORG_ACRONYMS:
                    spans.append(Span(doc, token.i, token.i + 1, label="MISC"))
                    continue
                spans.append(Span(doc, token.i, token.i + 1, label="ORG"))
        kept = [e for e in doc.ents if not _is_role_or_noise(e)]
        doc.ents = filter_spans(spans + kept)
        doc.ents = [e for e in doc.ents if not _state_in_title(e)]
        return doc


_NOT_ORG_ACRONYMS = frozenset(
    [
        "RGAA",
        "RGPD",
        "RGS",
        "PIA",
        "AMI",
        "EIG",
        "TIC",
        "TNT",
        "UX",
        "API",
        "IA",
        "PME",
        "TPE",
        "ETI",
        "DSI",
        "SI",
        "BAN",
        "RIE",
        "SIRE",
        "PFUE",
        "UE",
        "EPCI",
        "EPT",
        "AGD",
    ]
)


def _state_in_title(span: Span) -> bool:
    """'État' in 'secrétaire d'État', 'coup d'État', 'chef d'État': not the State as actor."""
    if _fold(span.text) not in ("etat", "l'etat"):
        return False
    if span.start < 2:
        return False
    before = _fold(span.doc[span.start - 2].text)
    elided = _fold(span.doc[span.start - 1].text) in ("d'", "d")
    return elided and before in (
        "secretaire",
        "secretaires",
        "secretariat",
        "coup",
        "chef",
        "chefs",
        "homme",
        "hommes",
        "conseil",
        "ministre",
    )


_COMMON_WORD_SUFFIX = re.compile(r"(?:er|ir|eurs?|euses?|trices?|tes|ment|tion|tions|iat)$")


def _is_role_or_noise(span: Span) -> bool:
    first = _fold(span[0].text)
    if first in _roles_folded() or first.split("-")[0] in _roles_folded():
        return True
    if len(span) == 1 and span.label_ != "ORG" and not span[0].is_upper:
        # the first word of a list item or line, capitalised only because it comes first
        token = span[0]
        line_start = span.doc.text.rfind("\n", 0, token.idx) + 1
        starts_line = not span.doc.text[line_start : token.idx].strip(" \t*-•>#○")
        common_word = token.pos_ in _COMMON_POS or (
            token.pos_ != "PROPN" and _COMMON_WORD_SUFFIX.search(token.lower_)
        )
        if starts_line and common_word:
            return True
    return False


_COMMON_POS = frozenset({"VERB", "NOUN", "ADJ", "ADV", "ADP", "DET", "PRON", "AUX", "CCONJ"})


def institution_patterns(config: EntitiesConfig) -> list[dict[str, Any]]:
    """EntityRuler patterns: the State, known institutions (any case), then the config's own."""
    patterns: list[dict[str, Any]] = [
        {"label": "ORG", "pattern": [{"ORTH": {"IN": list(STATE_FORMS)}}], "id": "etat"},
        {"label": "ORG", "pattern": [{"ORTH": {"IN": list(GOVERNMENT_FORMS)}}]},
    ]
    for label, names in (("ORG", INSTITUTION_NAMES), ("MISC", SERVICE_NAMES)):
        for name in names:
            for form in sorted({name, name.replace("'", "’")}):
                patterns.append({"label": label, "pattern": form})
    patterns.extend(config.extra_patterns)
    return patterns


def add_entity_components(nlp: Language, config: EntitiesConfig) -> None:
    """Add the institution EntityRuler and the institution recogniser after the NER (idempotent)."""
    after = "ner" if "ner" in nlp.pipe_names else None
    if "textmine_entity_ruler" not in nlp.pipe_names:
        ruler = nlp.add_pipe(
            "entity_ruler",
            name="textmine_entity_ruler",
            after=after,
            config={"overwrite_ents": True, "phrase_matcher_attr": "LOWER"},
        )
        ruler.add_patterns(institution_patterns(config))  # type: ignore[attr-defined]
    if "textmine_institutions" not in nlp.pipe_names:
        nlp.add_pipe("textmine_institutions", after="textmine_entity_ruler")


# --------------------------------------------------------------------------- extraction

_TRAILING = " \t\r\n.,;:!?»«\"'’)(*-–—/>#"
_LEADING = " \t\r\n,;:«»\"'(*-–—/>#"
_ARTICLE = re.compile(r"^(?:[Ll]['’]\s*|(?:la|le|les)\s+|(?:La|Le|Les)\s+(?=[A-Z]{2,}\b))")
_TITLE_PREFIX = re.compile(
    r"^(?:(?:Monsieur|Madame|Mademoiselle|Mme|Mlle|MM|Mr|Dr|Pr|Me|M)\.?\s+)+"
)


def clean_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim whitespace, punctuation, leading articles and civil titles; cut at a blank line."""
    blank = text.find("\n\n", start, end)
    if blank != -1:
        end = blank
    while start < end and text[start] in _LEADING:
        start += 1
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    for pattern in (_ARTICLE, _TITLE_PREFIX):
        m = pattern.match(text, start, end)
        if m and m.end() < end:
            start = m.end()
    return start, end


_FIRSTNAME_SURNAME = re.compile(
    r"[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?(?:\s+(?:de\s+|d['’]|du\s+|le\s+)?[A-ZÀ-Ý]{2,}(?:-[A-ZÀ-Ý]{2,})?)+"
)
_PARTICLE_NAME = re.compile(
    r"\s(?:Le|La|De|Du|Des|de|du|van|von)\s[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?"
)


def _roles_folded() -> frozenset[str]:
    return _ROLES_FOLDED


def _extend_particle_name(text: str, start: int, end: int) -> int:
    """'Bruno' + ' Le Maire' -> 'Bruno Le Maire' (the model often stops at the particle)."""
    if " " in text[start:end].strip():
        return end
    m = _PARTICLE_NAME.match(text, end)
    return m.end() if m else end


def role_phrases(text: str) -> list[tuple[int, int]]:
    """Spans of role titles ("ministre de l'Économie, des Finances et de la Relance")."""
    spans = []
    for m in _ROLE_START.finditer(text):
        before = text[max(0, m.start() - 30) : m.start()].split()
        if (
            m.group()[:1].isupper()
            and before
            and before[-1][:1].isupper()
            and before[-1][1:].islower()
        ):
            continue  # "Bruno Le Maire": a surname, not the role
        end = _role_extent(text, m.end())
        spans.append((m.start(), end))
    return spans


def canonical_form(surface: str, label: str) -> str:
    """Display form shared by case/accent/title variants: 'Mme Axelle LEMAIRE' -> 'Axelle Lemaire'."""
    text = " ".join(surface.translate(_APOSTROPHES).split())
    text = _TITLE_PREFIX.sub("", text)
    text = re.sub(r"^(?:[Ll]'|(?:la|le|les)\s+)", "", text)
    words = []
    for m in re.finditer(r"\S+", text):
        w = m.group()
        if _is_caps(w) and not (label != "PER" and _is_acronym(w)):
            w = _title(w) if (label == "PER" or len(words) == 0) else w.lower()
        words.append(w)
    text = " ".join(words)
    if label != "PER" and text[:1].islower():
        text = text[:1].upper() + text[1:]
    return text


def canonical_key(canonical: str) -> str:
    return _fold(canonical)


def _sentence_index(doc: Doc) -> list[int]:
    return [sent.start_char for sent in doc.sents]


def extract_entities(pdoc: ParsedDocument, config: EntitiesConfig) -> list[dict]:
    """Rows of the ``entities`` table for one document (entity_id is set by the index)."""
    text = pdoc.text
    doc = pdoc.doc
    if len(doc.text) != len(text):
        raise ValueError(
            f"{pdoc.doc_id}: the Doc was not parsed from this text or a same-length copy "
            f"({len(doc.text)} vs {len(text)} characters)"
        )
    sent_starts = _sentence_index(doc) if doc.has_annotation("SENT_START") else [0]
    labels = set(config.labels)
    roles = role_phrases(text)
    rows: list[dict] = []
    for ent in doc.ents:
        label = ent.label_
        if label not in labels:
            continue
        start, end = clean_span(text, ent.start_char, ent.end_char)
        surface = text[start:end]
        letters = sum(c.isalpha() for c in surface)
        if (
            letters < 2
            or _fold(surface) in _BOILERPLATE_FOLDED
            or _fold(surface) in DEMONYMS
            or "@" in surface
            or "www." in surface
        ):
            continue
        if label != "ORG" and (
            _fold(surface).split(" ")[0] in _roles_folded() or surface[:1].islower()
        ):
            continue
        if label != "PER" and _FIRSTNAME_SURNAME.fullmatch(surface):
            label = "PER"  # "Marine BOUDEAU": a first name and a surname in capitals
        if label != "PER" and any(rs <= start and end <= re_ for rs, re_ in roles):
            continue
        if label == "PER":
            end = _extend_particle_name(text, start, end)
            surface = text[start:end]
        rows.append(
            {
                "doc_id": pdoc.doc_id,
                "sent_id": max(0, bisect.bisect_right(sent_starts, start) - 1),
                "start_char": start,
                "end_char": end,
                "text": surface,
                "label": label,
                "canonical": canonical_form(surface, label),
            }
        )
    _merge_within_document(rows, text)
    return rows


def _merge_within_document(rows: list[dict], text: str) -> None:
    """Acronyms take their expansion's canonical; bare surnames take the full name's."""
    by_acronym: dict[str, str] = {}
    spans = {(r["start_char"], r["end_char"]): r for r in rows}
    for exp_start, exp_end, _acr_start, _acr_end, acronym in acronym_definitions(text):
        expansion = spans.get((exp_start, exp_end))
        if expansion is None:
            expansion = next(
                (
                    r
                    for r in rows
                    if r["start_char"] <= exp_start < r["end_char"] and r["end_char"] >= exp_end - 1
                ),
                None,
            )
        if expansion is not None and expansion["label"] == "ORG":
            by_acronym.setdefault(acronym, expansion["canonical"])
    full_names: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        parts = r["canonical"].split()
        if r["label"] == "PER" and len(parts) >= 2:
            full_names[_fold(parts[-1])].add(r["canonical"])
    for r in rows:
        if r["label"] == "ORG" and r["text"] in by_acronym:
            r["canonical"] = by_acronym[r["text"]]
        elif r["label"] == "PER" and " " not in r["canonical"]:
            names = full_names.get(_fold(r["canonical"]))
            if names and len(names) == 1:
                r["canonical"] = next(iter(names))


# --------------------------------------------------------------------------- roles

_ROLE_START = re.compile(
    r"(?i)(?<![\w'’-])(?:le\s+|la\s+|l['’])?(?:ministre|secrétaire\s+d['’](?:é|e)tat|président|présidente"
    r"|directeur|directrice|préfet|préfète|délégué|déléguée|haut-commissaire|haute-commissaire"
    r"|administrateur|administratrice|haut\s+fonctionnaire|haute-fonctionnaire|maire|député"
    r"|députée|sénateur|sénatrice|premier\s+ministre|première\s+ministre|chef|cheffe)\b"
)
_ROLE_CONTINUATION = re.compile(r",\s*(?=(?:de|des|du|chargée?|auprès|en\s+charge)\b)")


def _role_after(text: str, pos: int, stops: list[int] = ()) -> tuple[int, int] | None:
    """A role phrase right after ``pos`` (", ministre de ..."/newline then a role line)."""
    m = re.match(r"[ \t]*(?:,|\n>?[ \t]*)[ \t]*", text[pos : pos + 8])
    if not m:
        return None
    start = pos + m.end()
    if not _ROLE_START.match(text, start):
        return None
    end = _role_extent(text, start, stops)
    return (start, end) if end - start > 4 else None


def _role_extent(text: str, start: int, stops: list[int] = ()) -> int:
    """End of the role phrase starting at ``start``: clause punctuation or a finite verb."""
    end = start
    limit = min(len(text), start + 150)
    i = bisect.bisect_right(stops, start)
    if i < len(stops):
        limit = min(limit, stops[i])
    while end < limit:
        c = text[end]
        if text.startswith((" - ", " – ", " — "), end):
            break
        if c in ".;:()\n»«" and not (c == "." and end + 1 < limit and text[end + 1].isalpha()):
            break
        if c == "," and not _ROLE_CONTINUATION.match(text, end):
            break
        end += 1
    while end > start and text[end - 1] in " ,":
        end -= 1
    return end


def _finite_verb_offsets(doc: Doc | None) -> list[int]:
    if doc is None or not doc.has_annotation("MORPH"):
        return []
    return [t.idx for t in doc if "Fin" in t.morph.get("VerbForm")]


def _role_before(text: str, pos: int) -> tuple[int, int] | None:
    """A role phrase right before ``pos`` ("au secrétaire d'État ... , Mounir Mahjoubi")."""
    head = text[max(0, pos - 250) : pos]
    if not re.search(r",\s*$", head):
        return None
    clause_start = max(head.rfind(c) for c in ".;:()\n«»") + 1
    clause = head[clause_start:].rstrip().rstrip(",")
    matches = list(_ROLE_START.finditer(clause))
    if not matches:
        return None
    m = matches[0]
    if m.start() > 0 and not re.search(
        r"(?:\b(?:au|à|le|la|du|de|par|l['’])\s*|,\s*)$", clause[: m.start()]
    ):
        return None
    start = max(0, pos - 250) + clause_start + m.start()
    return start, max(0, pos - 250) + clause_start + len(clause)


def extract_roles(pdoc: ParsedDocument, entities: list[dict]) -> list[dict]:
    """Rows of the ``roles`` table: a person and the role a sentence gives them in apposition."""
    text = pdoc.text
    stops = _finite_verb_offsets(pdoc.doc)
    rows = []
    seen = set()
    for entity in entities:
        if entity["label"] != "PER":
            continue
        for found in (
            _role_after(text, entity["end_char"], stops),
            _role_before(text, entity["start_char"]),
        ):
            if found is None:
                continue
            start, end = found
            role = " ".join(text[start:end].split())
            role = re.sub(r"^(?:[Ll]e\s+|[Ll]a\s+|[Ll]['’]|au\s+|à\s+la\s+)", "", role)
            key = (entity["canonical"], _fold(role), start)
            if key in seen:
                continue
            seen.add(key)
            rows.append(
                {
                    "doc_id": pdoc.doc_id,
                    "sent_id": entity.get("sent_id"),
                    "person": entity["canonical"],
                    "role": role,
                    "start_char": start,
                    "end_char": end,
                }
            )
    return rows


# --------------------------------------------------------------------------- index


def entity_id(label: str, canonical: str) -> str:
    """Stable id: the same label and canonical key give the same id in every run."""
    key = f"{label}\x1f{canonical_key(canonical)}"
    return "e" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def load_aliases(path: str | Path) -> pd.DataFrame:
    """Read the reviewer's alias CSV (alias, canonical[, label]); a clear error when malformed."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"alias file not found: {path}")
    rows = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for n, row in enumerate(csv.reader(handle), start=1):
            if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
                continue
            if n == 1 and [c.strip().lower() for c in row[:2]] == ["alias", "canonical"]:
                continue
            if len(row) < 2 or not row[0].strip() or not row[1].strip():
                raise ValueError(f"{path}:{n}: expected 'alias,canonical[,label]', got {row!r}")
            label = row[2].strip().upper() if len(row) > 2 and row[2].strip() else None
            rows.append({"alias": row[0].strip(), "canonical": row[1].strip(), "label": label})
    return pd.DataFrame(rows, columns=["alias", "canonical", "label"])


def _best_display(variants: Counter[str]) -> str:
    """The variant a reader expects: mixed case over all-caps, accents over none, then frequency."""

    def rank(form: str) -> tuple[int, int, int, str]:
        caps_words = sum(_is_caps(w) and not _is_acronym(w) for w in form.split())
        accents = sum(1 for c in form if ord(c) > 127)
        return (caps_words, -accents, -variants[form], form)

    return min(variants, key=rank)


def build_entity_index(
    entities: pd.DataFrame,
    documents: pd.DataFrame,
    config: EntitiesConfig,
    aliases: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Merge canonical forms across the corpus, assign ids, and summarise each entity."""
    from textmine.schema import conform, empty

    if entities is None or entities.empty:
        return conform("entities", empty("entities")), empty("entity_index")
    if aliases is None and config.aliases_file and Path(config.aliases_file).is_file():
        aliases = load_aliases(config.aliases_file)
    frame = entities.copy()
    frame["label"] = frame["label"].astype(str)
    keys = [canonical_key(c) for c in frame["canonical"].astype(str)]
    frame["_key"] = keys

    # acronyms introduced with their expansion somewhere in the corpus
    acronym_to_key: dict[str, Counter[str]] = defaultdict(Counter)
    for surface, key, label in zip(frame["text"], frame["_key"], frame["label"], strict=True):
        if label == "ORG" and _is_caps(surface) and canonical_key(surface) != key:
            acronym_to_key[canonical_key(surface)][key] += 1
    frame["_key"] = [
        acronym_to_key[k].most_common(1)[0][0] if lab == "ORG" and k in acronym_to_key else k
        for k, lab in zip(frame["_key"], frame["label"], strict=True)
    ]
    if aliases is not None and not aliases.empty:
        alias_map = {
            canonical_key(str(a)): (canonical_key(str(c)), str(c), lab)
            for a, c, lab in zip(
                aliases["alias"],
                aliases["canonical"],
                aliases["label"] if "label" in aliases else [None] * len(aliases),
                strict=True,
            )
        }
        forced_display: dict[str, str] = {}
        new_keys, new_labels = [], []
        for key, label in zip(frame["_key"], frame["label"], strict=True):
            target = alias_map.get(key)
            if target is not None:
                key, display, alias_label = target
                forced_display[key] = display
                label = alias_label if isinstance(alias_label, str) and alias_label else label
            new_keys.append(key)
            new_labels.append(label)
        frame["_key"], frame["label"] = new_keys, new_labels
    else:
        forced_display = {}

    displays: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for label, key, canonical in zip(
        frame["label"], frame["_key"], frame["canonical"], strict=True
    ):
        displays[(label, key)][str(canonical)] += 1
    display = {
        group: forced_display.get(group[1]) or _best_display(variants)
        for group, variants in displays.items()
    }
    frame["canonical"] = [
        display[(lab, k)] for lab, k in zip(frame["label"], frame["_key"], strict=True)
    ]
    frame["entity_id"] = [
        entity_id(lab, c) for lab, c in zip(frame["label"], frame["canonical"], strict=True)
    ]

    dates = {}
    if documents is not None and not documents.empty and "date" in documents:
        dates = {
            d: v
            for d, v in zip(documents["doc_id"], documents["date"], strict=True)
            if isinstance(v, str) and v
        }

    cooc: dict[str, Counter[str]] = defaultdict(Counter)
    for _, group in frame.groupby(["doc_id", "sent_id"], dropna=False, sort=True):
        ids = sorted(set(group["entity_id"]))
        for a in ids:
            for b in ids:
                if a != b:
                    cooc[a][b] += 2  # same sentence counts double
    for _, group in frame.groupby("doc_id", sort=True):
        ids = sorted(set(group["entity_id"]))
        for a in ids:
            for b in ids:
                if a != b:
                    cooc[a][b] += 1
    names = dict(zip(frame["entity_id"], frame["canonical"], strict=True))

    index_rows = []
    for eid, group in frame.groupby("entity_id", sort=True):
        if len(group) < config.min_mentions_in_index:
            continue
        doc_ids = sorted(set(group["doc_id"]))
        doc_dates = sorted(dates[d][:10] for d in doc_ids if d in dates)
        top = sorted(cooc[eid].items(), key=lambda kv: (-kv[1], names[kv[0]]))[:10]
        index_rows.append(
            {
                "entity_id": eid,
                "canonical": group["canonical"].iloc[0],
                "label": group["label"].iloc[0],
                "aliases": sorted(set(group["text"]) - {group["canonical"].iloc[0]}),
                "n_mentions": len(group),
                "n_documents": len(doc_ids),
                "doc_ids": doc_ids,
                "first_date": doc_dates[0] if doc_dates else None,
                "last_date": doc_dates[-1] if doc_dates else None,
                "cooccurring": [names[other] for other, _ in top],
            }
        )
    index = pd.DataFrame(index_rows, columns=[f.name for f in _index_fields()])
    index = index.sort_values(["n_mentions", "canonical"], ascending=[False, True], kind="stable")
    entities_out = frame.drop(columns=["_key"])
    return conform("entities", entities_out), conform("entity_index", index.reset_index(drop=True))


def _index_fields():
    from textmine.schema import TABLES

    return TABLES["entity_index"]
