"""Precision rules: statistical entities that a reviewer would not trust, dropped or repaired.

The model tags capitalised words as names. In French official documents many capitals come from
the layout, not from names: the first word of a list item ("Mesure 2 : Recruter un agent"),
section headings ("Axe 1 – ...", "Recommandation 3"), forms of address ("Mesdames et
Messieurs"), report titles quoted in the text, enumerations glued into one span, and institution
names cut short ("Commissariat général" [à l'égalité des territoires]). These rules use the
parse (morphology, part of speech) and the lemmatizer's French word lists, not lists of names.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from textmine.doctext import joined_text, token_texts
from textmine.entities.lexicon import (
    ADDRESS_WORDS,
    CONTACT_WORDS,
    CURRENCY_WORDS,
    FUNCTION_WORDS,
    INTERJECTIONS,
    LEGAL_AND_PROGRAMME_WORDS,
    fold,
    is_head_word,
)

_TEXT_KEY = "textmine_text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per component call (spaCy rebuilds it from tokens on each access)."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = joined_text(doc)
    return text


def remember_text(doc: Doc) -> str:
    """Keep ``doc.text`` while a component runs; :func:`forget_text` drops it."""
    doc.user_data[_TEXT_KEY] = text = joined_text(doc)
    return text


def forget_text(doc: Doc) -> None:
    doc.user_data.pop(_TEXT_KEY, None)


# "Axe 1", "Partie II", "Volet A", "Recommandation n° 3", "Mesure 5": numbered section labels.
_HEADING_LABEL = re.compile(
    r"(?i:axe|partie|volet|titre|chapitre|section|sous-section|article|annexe|recommandation"
    r"|proposition|mesure|action|objectif|orientation|priorité|fiche|étape|phase|chantier"
    r"|engagement|piste|levier|enjeu|thème|question|lot|tome|principe|critère|point)s?"
    r"\s*(?:n\s*[°o]\.?\s*)?(?:\d+|[IVXLC]+\b|[A-Z](?=$|[\s.:)–—-]))"
)
# What may precede the first word of a list item on its line: bullets, "Mesure 2 :", "3.", "b)".
_ITEM_PREFIX = re.compile(
    r"[ \t*\-•>#○●▪·–—]*"
    r"(?:(?:[A-ZÀ-Ý][\w-]*\s*(?:n\s*°\s*)?(?:\d+|[IVXLC]+|[A-Za-z])|\d{1,3}|[a-z])"
    r"\s*[:.)–—-]\s*)?"
)
_INLINE_BULLET = re.compile(r"\s[-*•]\s*\Z")
_OPENING_QUOTES = '«“"‘'
# Units after a number: "2 Mbit/s", "10 Go", "30 kWh".
_UNIT = re.compile(r"[kKMGT]?(?:bits?|bps|[oB]|Wh|W|Hz)")
# First words of programmes, plans, laws and reports: named things, but not organisations.
_PROGRAMME_WORDS = frozenset(
    {"plan", "programme", "projet", "strategie", "loi", "rapport", "feuille", "pacte", "charte"}
)
_CONNECTORS = frozenset(
    {"de", "du", "des", "d'", "d’", "à", "au", "aux", "la", "l'", "l’", "le", "les", "pour"}
)
_INFINITIVE_ENDINGS = ("oir", "er", "ir", "re")


class WordLexicon:
    """French common words from the pipeline's lemmatizer tables (nouns, verbs, adjectives...).

    Known words are the lemma lists per part of speech and every lemma the lookup table maps a
    form to ("créer", which the verb list lacks). Tables are read lazily, on first use, because
    a pipeline loaded from disk fills them only after every component has been built. Without a
    lemmatizer the lexicon is empty and the rules fall back on part of speech and morphology.
    """

    def __init__(self, nlp: Language | None):
        self._nlp = nlp
        self._words: set[str] | None = None
        self._verbs: set[str] = set()
        self._lookup: Any = None

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (for worker processes) with its word lists, without the pipeline."""
        if self._words is None:
            self._load()
        state = dict(self.__dict__)
        state["_nlp"] = None
        return state

    def _load(self) -> None:
        self._words = set()
        nlp = self._nlp
        if nlp is None or "lemmatizer" not in nlp.pipe_names:
            return
        lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
        if lookups is None:
            return
        if lookups.has_table("lemma_index"):
            table = lookups.get_table("lemma_index")
            for pos in ("noun", "verb", "adj", "adv"):
                if pos in table:
                    self._words.update(table[pos])
            self._verbs = set(table["verb"]) if "verb" in table else set()
        if lookups.has_table("lemma_lookup"):
            self._lookup = lookups.get_table("lemma_lookup")
            for lemmas in self._lookup.values():
                self._words.update(lemmas if isinstance(lemmas, list) else [lemmas])

    def is_word(self, word: str) -> bool:
        """Whether ``word`` (lower case) is a dictionary form: a lemma of the French lexicon."""
        if self._words is None:
            self._load()
        assert self._words is not None
        return word in self._words

    def is_verb(self, word: str) -> bool:
        """A verb in the infinitive: in the verb list, or the lemma of its own conjugated forms
        ("créer" <- "créons"), so that nouns in -er such as "olivier" are not taken for verbs."""
        if self.is_word(word) and word in self._verbs:
            return True
        ending = next((e for e in _INFINITIVE_ENDINGS if word.endswith(e)), None)
        if ending is None or not self._lookup:
            return False
        stem = word[: -len(ending)]
        for suffix in ("ons", "ez", "é", "ant", "it", "issons", "ions"):
            lemmas = self._lookup.get(stem + suffix) or []
            if word in (lemmas if isinstance(lemmas, list) else [lemmas]):
                return True
        return False

    def is_inflected_word(self, word: str) -> bool:
        """Whether ``word`` is a form of a known lemma: "territoires", "développeuses"."""
        if self._words is None:
            self._load()
        lemmas = (self._lookup.get(word) if self._lookup else None) or []
        candidates = list(lemmas if isinstance(lemmas, list) else [lemmas])
        candidates += base_forms(word) - {word}
        return any(len(c) >= 3 and self.is_word(c) for c in candidates)


# feminine and plural endings -> masculine singular: "développeuses" -> "développeur"
_INFLECTIONS = (
    ("euses", "eur"),
    ("euse", "eur"),
    ("rices", "eur"),
    ("rice", "eur"),
    ("es", ""),
    ("s", ""),
    ("x", ""),
    ("e", ""),
)


def starts_item(token: Token) -> str | None:
    """How ``token`` is capitalised by position: "line" (first word of a line or list item, after
    "Mesure 2 :" or "3."), "quote" (first word inside quotation marks), or None."""
    text = doc_text(token.doc)
    line_start = text.rfind("\n", 0, token.idx) + 1
    if _ITEM_PREFIX.fullmatch(text, line_start, token.idx):
        return "line"
    if _INLINE_BULLET.search(text, max(0, token.idx - 4), token.idx):
        return "line"  # "…, - Lutte contre …": a list flattened into one line
    before = text[max(0, token.idx - 3) : token.idx].rstrip()
    return "quote" if before and before[-1] in _OPENING_QUOTES else None


def is_infinitive(token: Token, lexicon: WordLexicon) -> bool:
    """The parser's VerbForm=Inf, or a dictionary verb in its infinitive form."""
    return "Inf" in token.morph.get("VerbForm") or lexicon.is_verb(token.lower_)


def is_common_word(token: Token, lexicon: WordLexicon, lower_words: set[str]) -> bool:
    """A French noun, verb, adjective or adverb, not a name that happens to be a word too.

    A dictionary form is enough ("Synthèse", "Recruter"). An inflected form ("Territoires",
    "Développeuses") counts when the document also writes a form of the same word in lower case
    ("territoires", "développeurs"), so that "Paris" (plural of "pari") stays a place.
    """
    lower = token.lower_
    if lexicon.is_word(lower):
        return True
    return lexicon.is_inflected_word(lower) and bool(base_forms(lower) & lower_words)


def base_forms(word: str) -> set[str]:
    """The word and its masculine singular guesses: "développeuses" -> "développeur", …"""
    return {word} | {
        word[: -len(end)] + base
        for end, base in _INFLECTIONS
        if word.endswith(end) and len(word) - len(end) >= 3
    }


def _has_inner_capital(span: Span) -> bool:
    return any(t.text[:1].isupper() for t in span[1:])


def noise_reason(span: Span, lexicon: WordLexicon, lower_words: set[str]) -> str | None:
    """Why ``span`` is not a name (a short reason), or None when it may be one."""
    first = span[0]
    if fold(first.text) in ADDRESS_WORDS:
        return "address"
    if any(t.lower_ in CONTACT_WORDS for t in span):
        return "contact line"  # "Transports:\nTél" (E10): a press contact's layout
    if len(span) == 1 and span.label_ != "PER" and _ROMAN.fullmatch(first.text):
        return "roman numeral"  # "II" of "article 2, II" (E10: tagged LOC twice)
    if fold(first.text) in INTERJECTIONS or (len(span) == 1 and first.lower_ in CURRENCY_WORDS):
        return "interjection"  # "Bonjour", "Heu", "Merci" opening a contribution; "Euro"
    if any(_glued(token, lexicon) for token in span):
        return "glued"  # "ActivitéEn", "Jje": typing slips of informal text
    if not any(t.text[:1].isupper() or t.text.isupper() for t in span):
        return "lower case"  # "hotline", "bloctel": the model's guess on a common word
    if len(span) == 1 and span.label_ in ("PER", "LOC", "ORG"):
        if _verb_form(first, lexicon):
            return "verb"  # "Soyons", "Calmons", "INTEGRER", "Renforcer" opening an item
        if (first.is_sent_start or starts_item(first)) and _opening_participle(first, lexicon):
            return "participle"  # "Conclu en 2018 entre …, le plan …"
        if span.label_ != "LOC" and _plural_common_noun(first, lexicon):
            return "plural noun"  # "Institutions", "Neurosciences", "Libertés" for emphasis
        if (
            span.label_ == "ORG"
            and not first.is_upper
            and not is_head_word(first.text)  # "Direction" may open a name that follows
            and lexicon.is_word(first.lower_)
            and (starts_item(first) or first.is_sent_start or first.lower_ in lower_words)
        ):
            return "common noun"  # "- Lutte contre …", "l'Administration" beside "administration"
    followed = span.end < len(span.doc) and span.doc[span.end].lower_ in _CONNECTORS
    if len(span) == 1 and is_head_word(first.text) and not first.is_upper and not followed:
        return "lone head word"  # "Programme du MOOC", "Service" at the start of a line
    if _HEADING_LABEL.match(span.text):
        return "heading"
    if first.is_upper and len(first) > 1:
        return None  # an acronym
    after_number = span.start > 0 and span.doc[span.start - 1].like_num
    if len(span) == 1 and after_number and _UNIT.fullmatch(first.text):
        return "unit"
    at_item = starts_item(first)
    if not at_item and not first.is_sent_start:
        return None
    inner_capital = _has_inner_capital(span)
    if (
        is_head_word(first.text)
        and len(span) > 1
        and all(t.pos_ == "ADJ" and t.is_lower for t in span[1:])
    ):
        return "generic body"  # "Service interministériel lancé par …": a kind, not a name
    if is_head_word(first.text) and (span.label_ == "ORG" or len(span) > 1):
        return None  # "Agence du numérique" at the start of a line
    if (
        len(span) == 1
        and span.label_ in ("PER", "LOC")
        and first.pos_ != "PROPN"
        and lexicon.is_word(first.lower_)
    ):
        return "common word"  # "Logement", "Activité", "Taxer" opening a sentence
    if is_infinitive(first, lexicon) and not inner_capital:
        return "infinitive"  # "Mesure 2 : Recruter un agent", "Financer dans chaque …"
    if inner_capital or (at_item == "quote" and len(span) > 1):
        return None  # a quoted title of several words is kept, as MISC (see is_work_title)
    lower = first.lower_
    attested = bool(base_forms(lower) & lower_words)  # the document writes it in lower case
    known = lexicon.is_word(lower) or lexicon.is_inflected_word(lower)
    if len(span) == 1 and attested and known:
        return "common word"  # "Développeuse / développeur", "« Territoires »"
    heading_like = len(span) > 1 or _heading_line(first)
    if at_item == "line" and heading_like and is_common_word(first, lexicon, lower_words):
        return "common word"  # "Synthèse", "Lancement du plan", "Recommandations à l'État"
    if at_item == "quote" and len(span) == 1 and known and _followed_by_lower_word(span):
        return "title fragment"  # "« Modernisation des services publics »": not a name alone  # "Inscription à la cantine" at a sentence start, "« Territoires »"
    return None


# a treaty, law or code named after a place or an idea: "les critères de Maastricht", "le traité
# de Lisbonne", "la loi pour une République numérique"
# the name of a country's plan: "le plan d'action de la France pour un gouvernement ouvert"
# (E15: "France" kept as a place inside it once "la France" was no longer dropped, blind3)
_TREATY_BEFORE = re.compile(
    r"(?i)(?<!\w)(?:(?:traités?|critères|accords?|loi|code|pacte|protocole)\s+"
    r"(?:de\s+|d['’]|du\s+|pour\s+une?\s+|sur\s+(?:la|le|les)\s+)?"
    r"|plans?\s+d['’]action\s+(?:de\s+(?:la\s+)?|de\s+l['’]|du\s+|des\s+))\Z"
)
# the title of a law or decree, up to the name: "loi portant nouvelle organisation territoriale
# de la République" (E17, blind6: "République" LOC); the title runs to the first comma, bracket,
# quote or sentence end, and no finite verb may stand between it and the name
_LEGAL_TITLE = re.compile(
    r"(?i)(?<![\w-])(?:loi|décret|ordonnance|arrêté)(?:\s+n°\s*[\d-]+(?:\s+du\s+\d+\w*\s+\w+\s+\d{4})?)?"
    r"\s+(?:portant|relati(?:f|ve)s?|visant|d['’]orientation|de\s+programmation)(?![\w-])"
    r"[^,.;:!?()«»“”\n]{0,120}\Z"
)
_PLURAL_PERSONS = ("ons", "ez")
# section numbers in roman numerals, I to XXXIX: no body or place is written so
_ROMAN = re.compile(r"X{0,3}(?:IX|IV|VI{0,3}|I{1,3})")
# "FranceConnectées", "OpenDataFrance": words glued in camel case are brands, not places or
# persons ("McDonald", "DiCaprio", "LeBlanc": a surname's particle glued, kept)
_CAMEL_CASE = re.compile(r"(?!Mc|Mac|Di|De|Le|La|Du|Van|Von)[A-ZÀ-Ý][a-zà-ÿ]+[A-ZÀ-Ý][\w]*")


# a product, service or programme introduced by its kind, then its name, quoted or not (issue 19:
# "un agent conversationnel prénommé « Paul »", "l'application Lyon en Poche", "la plateforme
# Nord Emploi", "dit « fonds Barnier »"; E13: 9 of blind4's 14 products as PER/LOC)
_PRODUCT_KIND = (
    r"(?:applications?|appli|plate-?formes?|sites?(?:\s+internet|\s+web)?|portail|téléservice"
    r"|service\s+(?:en\s+ligne|numérique)|outils?|logiciels?|dispositifs?|programmes?|plans?"
    r"|assistante?s?(?:\s+(?:virtuel(?:le)?|numérique|conversationnel(?:le)?|personnel(?:le)?))?"
    r"|agents?\s+conversationnels?|conseill(?:er|ère)\s+virtuel(?:le)?|chatbots?|robots?"
    r"|messageries?|guichets?(?:\s+numériques?)?(?:\s+uniques?)?|labels?|fonds|exercices?"
    r"|appels?\s+à\s+projets|parcours|pass|bouquets?|jeux|concours|prix|marques?"
    # E15 (blind5): "le modèle de langage souverain Albert", "son tuteur numérique Mathilde",
    # "le supercalculateur Jean Zay", "l'environnement numérique de travail Toutatice"
    r"|modèles?\s+(?:de\s+langage|d['’]intelligence\s+artificielle|d['’]IA)|tuteurs?"
    r"|(?:super)?calculateurs?|(?:espace|environnement)\s+numérique\s+de\s+travail"
    # E17 (blind6): transport brands after their vehicle ("les TER Aléop", "les cars Aléop");
    # "car" alone is the conjunction
    r"|(?-i:TER)|cars|autocars?|navettes?)"
)
# an adjective between the kind and the name ("souverain", "nationale", "numérique"), by its
# ending: a verb ("permet", "soutient") or a preposition does not continue the kind
_KIND_ADJECTIVE = (
    r"(?:[ \t]+[a-zàâçéèêëîïôûù]+(?:ique|iques|al|ale|ales|aux|el|elle|els|elles|ain|aine|ains"
    r"|aines|if|ive|ifs|ives|ier|ière|iers|ières|aire|aires|é|ée|és|ées|nal|nale|en|enne"
    r"|mobile|ligne))"
)
_PRODUCT_NAME = (
    r"(?P<name>[A-ZÀ-Ý0-9][\w'’\-]*(?:\.\w+)*(?:[ \t]+(?:(?:en|de|du|des|d['’]|à|et)[ \t]*)?"
    r"[A-ZÀ-Ý0-9][\w'’\-]*(?:\.\w+)*)*)"  # "impots.gouv.fr", not "Démarches. Un"
)
# a complement of the kind, a lower-case noun after "de": "le site de réservation Marguerite",
# "un assistant de voyage, « Jules »" (E17, blind6); not a determiner ("le programme de la
# Région Bretagne" names the body)
_KIND_COMPLEMENT = (
    r"(?:[ \t]+(?:de|d['’])[ \t]*(?!(?:la|le|les|l['’]|leurs?|son|sa|ses|ce|cet|cette|ces|une?"
    r"|nos|notre|vos|votre)(?![\w'’]))[a-zàâçéèêëîïôûù][\w\-]*)"
)
_PRODUCT_AFTER_KIND = re.compile(
    rf"(?i:(?<![\w-]){_PRODUCT_KIND})(?:[ \t]+(?i:en\s+ligne)|{_KIND_ADJECTIVE}){{0,2}}"
    rf"(?:{_KIND_COMPLEMENT}{_KIND_ADJECTIVE}?)?"
    r"(?:,?[ \t]+(?i:baptisée?|nommée?|prénommée?|appelée?|dite?|intitulée?|surnommée?),?)?"
    # a hard-wrapped release may break the line between the kind and the name (E15)
    rf"(?:[ \t]+|[ \t]*\n[ \t]*)(?:[«“\"][ \t\u00a0]*)?(?-i:{_PRODUCT_NAME})"
)
# the kind after the name, in apposition: "Margot, un robot d'inspection", "Léa, une
# application …" (E15); only kinds a person is never called
_PRODUCT_APPOSITION = re.compile(
    r"(?<![\w'’-])(?P<name>[A-ZÀ-Ý][\w'’\-]*(?:[ \t]+[A-ZÀ-Ý][\w'’\-]*){0,2}),[ \t]+(?:un|une|le|la|l['’])"
    r"[ \t]*(?i:robots?|applications?|appli|plate-?formes?|assistante?s?\s+(?:virtuel|numérique"
    r"|conversationnel)|agents?\s+conversationnels?|chatbots?|logiciels?|outils?\s+numériques?"
    r"|services?\s+(?:en\s+ligne|numériques?)|modèles?\s+de\s+langage|supercalculateurs?)(?![\w-])"
)
# a brand in lower camel case ("liO Vélo", "iPhone", "eBay"), with the capitalised words after it
_LOWER_CAMEL_BRAND = re.compile(
    r"(?<![\w./@-])[a-z]{1,4}[A-Z][\w'’\-]*(?:[ \t]+[A-ZÀ-Ý][\w'’\-]*)*(?![\w@]|[./]\w)"
)
# a consultation named after the ministry's seat: "Grenelle de l'environnement", "Ségur de la
# santé", "Beauvau de la sécurité", "Varenne agricole de l'eau": an event (MISC), not a place
_CONSULTATION = re.compile(
    r"(?<![\w-])(?:Grenelle|Ségur|Beauvau|Varenne)(?:[ \t]+agricole)?\s+(?:de\s+la|de\s+l['’]|du|des)"
    r"\s*[a-zàâçéèêëîïôûù][\w\-]*"
)
# an acronym spelled out in lower case in brackets: "BCIAT (biomasse chaleur industrie
# agriculture tertiaire)", an appel à projets; a body's acronym expands with a capital
_LOWER_EXPANSION = re.compile(
    r"(?<![\w-])(?P<name>[A-Z]{2,10})[ \t]+\((?P<exp>[a-zà-ÿ][^()\n]{3,120})\)"
)
# a short quoted name: « Marius », « Caribe Wave 2026 » (a person's name is not put in quotes
# in a press release; a quote of 7 words or more is a sentence someone said)
_SHORT_QUOTE = re.compile(r"[«“][ \t\u00a0]*([^«»“”\n]{2,80}?)[ \t\u00a0]*[»”]")
_MAX_QUOTED_NAME_WORDS = 6
# the acronym in brackets after a product's name: « Biomasse Chaleur Industrie Agriculture
# Tertiaire » (BCIAT), an appel à projets (E17, blind6: tagged LOC); its letters must spell the
# name, so that a body's acronym after the name ("… (ANCT)") stays the body's
_ACRONYM_AFTER = re.compile(
    r"[ \t\u00a0]*[»”\"]?[ \t\u00a0]*\((?P<acronym>[A-Z][A-Za-z0-9]{1,9})\)"
)


def product_names(text: str) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of the names of products, services and programmes that
    the text introduces by their kind ("l'application Lyon en Poche", "l'assistant « Léonie »")
    or in a short quote. Every occurrence: the name is the same thing further down the text."""
    names: set[str] = set()
    for m in _PRODUCT_AFTER_KIND.finditer(text):
        name = m.group("name").rstrip(".'’-")
        if sum(c.isalpha() for c in name) >= 2 and fold(name) not in FUNCTION_WORDS:
            names.add(name)
            _add_spelled_acronym(text, m.end(), name, names)
    for m in _PRODUCT_APPOSITION.finditer(text):
        if fold(m.group("name").split()[0]) not in FUNCTION_WORDS:
            names.add(m.group("name"))
    names.update(m.group() for m in _LOWER_CAMEL_BRAND.finditer(text))
    names.update(" ".join(m.group().split()) for m in _CONSULTATION.finditer(text))
    for m in _LOWER_EXPANSION.finditer(text):
        if _spells(m.group("name"), m.group("exp")):
            names.add(m.group("name"))
    for m in _SHORT_QUOTE.finditer(text):
        quoted = m.group(1).strip()
        words = quoted.split()
        short = 1 <= len(words) <= _MAX_QUOTED_NAME_WORDS
        if short and quoted[:1].isupper() and not quoted.endswith((".", "!", "?", ",")):
            names.add(quoted)
            _add_spelled_acronym(text, m.end(), quoted, names)
    found = []
    for name in names:
        pattern = r"\s+".join(re.escape(word) for word in name.split())  # across a line break
        for m in re.finditer(rf"(?<![\w-]){pattern}(?![\w-])", text):
            found.append(m.span())
    return sorted(found)


def _add_spelled_acronym(text: str, end: int, name: str, names: set[str]) -> None:
    """Add the acronym in brackets right after a product's name when its letters spell it."""
    after = _ACRONYM_AFTER.match(text, end)
    if after and _spells(after.group("acronym").upper(), name):
        names.add(after.group("acronym"))


def product_families(names: list[str]) -> set[str]:
    """First words of products named in two words or more ("Naolib" of "Naolib Plus"): a person
    whose name starts with one is a sibling product ("Naolib Tickets", E17: blind6 PER)."""
    return {name.split()[0] for name in names if len(name.split()) >= 2}


def _spells(acronym: str, expansion: str) -> bool:
    """Whether the initials of the expansion's words (function words skipped) spell
    ``acronym``: "BCIAT" of "biomasse chaleur industrie agriculture tertiaire"."""
    words = [w for w in re.findall(r"[^\W\d_]+", expansion) if fold(w) not in FUNCTION_WORDS]
    return len(words) >= 2 and "".join(w[0] for w in words).upper().startswith(acronym)


# a programme named after a place and its horizon: "France 2030", "Horizon 2020" (the model tags
# "France" as a place)
_YEAR_AFTER = re.compile(r"[ \t]+(?:19|20)\d\d(?!\d)")


def in_legal_title(span: Span) -> bool:
    """Whether a place or person of the model stands inside a law's or decree's title ("loi
    portant nouvelle organisation territoriale de la République"): the title is MISC and the
    guideline keeps only the outermost name."""
    if span.label_ not in ("PER", "LOC"):
        return False
    text = doc_text(span.doc)
    title = _LEGAL_TITLE.search(text, max(0, span.start_char - 160), span.start_char)
    if title is None:
        return False
    doc = span.doc
    between = doc.char_span(title.start(), span.start_char, alignment_mode="expand")
    return between is None or not any(
        "Fin" in t.morph.get("VerbForm") for t in between if t.i < span.start
    )


def is_product_name(span: Span, lexicon: WordLexicon) -> bool:
    """A PER or LOC that names a product, service, programme or legal text (MISC by the
    guideline; E10: 7 such pairs in 15 releases): a legal text or programme word first ("Décret
    n° …", "Registre de preuve de covoiturage", "Accélérateur d'initiatives citoyennes"), one
    camel-case word ("FranceConnectées"), or a "person" whose words are all plurals of French
    words ("Signaux Faibles": names of persons are not plurals), or a "person" with a digit."""
    if span.label_ not in ("PER", "LOC"):
        return False
    first = span[0]
    if fold(first.text) in LEGAL_AND_PROGRAMME_WORDS and first.text[:1].isupper():
        return True
    # "FranceConnect+" (E17, blind6: PER): a brand's "+" is no part of a name
    brand = _CAMEL_CASE.fullmatch(first.text.rstrip("+")) and "-" not in first.text
    if brand and (len(span) == 1 or (len(span) == 2 and span[1].text == "+")):
        return True
    if any(_CAMEL_CASE.fullmatch(t.text) and "-" not in t.text for t in span[1:]):
        return True  # "TER BreizhGo", "appli TousAntiCovid" (E13): a brand inside the span
    if _YEAR_AFTER.match(doc_text(span.doc), span.end_char):
        return True  # "France 2030" (E13: blind4, 3 releases)
    if span.label_ == "PER" and any(c.isdigit() for c in span.text):
        return True  # "SNAP4" (dev, E11): names of persons have no digits
    if span.label_ == "PER" and len(span) >= 2:
        words = [t.lower_ for t in span if t.is_alpha]
        return len(words) == len(span) and all(
            w.endswith(("s", "x")) and not lexicon.is_word(w) and lexicon.is_inflected_word(w)
            for w in words
        )
    return False


# "Saint-Just", "Sainte-Foy": a place or a quarter named after a saint, not a person in a press
# release; a single name right after "à" at the start of a clause ("; à Thiers, elle a …") is
# where something happens (E13: both tagged PER in blind4)
_SAINT = re.compile(r"Saint(?:e)?-[A-ZÀ-Ý]")
_AT_PLACE = re.compile(r"(?:^|[.;:,!?]\s*|\n\s*)[àÀ]\s+\Z")


def is_place_not_person(span: Span) -> bool:
    """A PER of the model that names a place: "Saint-…", or one word after a clause's "à"."""
    if span.label_ != "PER":
        return False
    if _SAINT.match(span.text):
        return True
    if len(span) != 1:
        return False
    text = doc_text(span.doc)
    return bool(_AT_PLACE.search(text, max(0, span.start_char - 6), span.start_char))


def _verb_form(token: Token, lexicon: WordLexicon) -> bool:
    """An infinitive, or an imperative of the first or second person plural ("Soyons"), by the
    lemmatizer's tables: never a name on its own."""
    lower = token.lower_
    if lexicon.is_verb(lower):  # loads the tables too
        return True
    if not lower.endswith(_PLURAL_PERSONS) or not lexicon._lookup:
        return False
    lemmas = lexicon._lookup.get(lower) or []
    lemmas = lemmas if isinstance(lemmas, list) else [lemmas]
    return any(lemma in lexicon._verbs for lemma in lemmas)


_PARTICIPLE_ENDINGS = ("é", "ée", "és", "ées", "i", "ie", "is", "ies", "u", "ue", "us", "ues")


def _opening_participle(token: Token, lexicon: WordLexicon) -> bool:
    """A past participle opening a sentence before a lower-case word ("Conclu en janvier 2018,
    le plan …", E17: blind6 ORG): the tagger reads a verb and the lemmatizer gives an infinitive;
    a town named like one ("Vitré accueille …") is a proper noun to the tagger."""
    lower = token.lower_
    if token.pos_ not in ("VERB", "AUX") or not lower.endswith(_PARTICIPLE_ENDINGS):
        return False
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if following is None or not following.is_lower:
        return False
    lemma = token.lemma_.lower()
    return lemma != lower and lexicon.is_verb(lemma)


def _plural_common_noun(token: Token, lexicon: WordLexicon) -> bool:
    """A plural of a dictionary noun ("Institutions" <- "institution"), not itself a lemma."""
    lower = token.lower_
    if not lower.endswith(("s", "x")) or lexicon.is_word(lower) or token.is_upper:
        return False
    return any(len(base) >= 4 and lexicon.is_word(base) for base in base_forms(lower) - {lower})


_ARTICLE_GLUED = re.compile(r"[ld][A-Z]{2,}")
_CASE_SWITCH = re.compile(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Ý])")


def _glued(token: Token, lexicon: WordLexicon) -> bool:
    """Two words typed without a space ("ActivitéEn": "activité" + "en"), or a first letter
    typed twice before a pronoun or article ("Jje"): not names."""
    text = token.text
    if _ARTICLE_GLUED.fullmatch(text):
        return True  # "lAAH": the article's apostrophe forgotten
    parts = _CASE_SWITCH.split(text)
    if len(parts) == 2:
        left, right = (p.lower() for p in parts)
        return lexicon.is_word(left) and (right in FUNCTION_WORDS or lexicon.is_word(right))
    lower = text.lower()
    return (
        len(lower) >= 3
        and lower[0] == lower[1]
        and text[0].isupper()
        and lower[1:] in FUNCTION_WORDS | {"je", "j"}
    )


def _heading_line(token: Token) -> bool:
    """Whether the line of ``token`` reads as a heading: no sentence-final punctuation."""
    text = doc_text(token.doc)
    start = text.rfind("\n", 0, token.idx) + 1
    end = text.find("\n", token.idx)
    line = text[start : end if end != -1 else len(text)].strip()
    return not line.endswith((".", "!", "?", "…", ";"))


def _followed_by_lower_word(span: Span) -> bool:
    after = span.end
    return after < len(span.doc) and span.doc[after].is_alpha and span.doc[after].is_lower


def is_work_title(span: Span, lexicon: WordLexicon, lower_words: set[str]) -> bool:
    """An ORG that reads as a title or a topic: a common noun, then only lower-case words.

    "Gouvernance des politiques numériques" (a report), "Intelligence artificielle": not bodies.
    Bodies start with a head word ("Agence du numérique", "Cour des comptes").
    """
    if len(span) < 2 or _has_inner_capital(span) or span[-1].lower_ in _COMPANY_WORDS:
        return False  # "Bayes impact": a company word ends a name (E10)
    first = span[0]
    if is_head_word(first.text) or first.is_upper or fold(first.text) in _MISC_BODY_HEADS:
        return False
    return is_common_word(first, lexicon, lower_words | {first.lower_})


# heads of bodies that the model tags MISC ("Conférence des présidents d'université", "Ligue pour
# la protection des oiseaux", "Organe des régulateurs européens …", "Forces armées dans la zone
# sud de l'océan Indien", "Médiation du crédit": E15, 7 of blind5's ORG pairs with their acronyms)
_MISC_BODY_HEADS = frozenset({"conference", "ligue", "organe", "forces", "mediation"})
# heads that also open the names of schemes and programmes ("Fonds chaleur", "Programme …",
# "Plan …"): a MISC of the model that opens with one stays MISC
_SCHEME_HEADS = frozenset({"fonds", "mission", "programme", "plan", "pole", "groupe", "centre"})


def names_a_body(span: Span) -> bool:
    """A MISC of the model that is a body's name: a head word first, capitalised, then "de",
    "des", "du", "pour" or an adjective (not a programme, a quoted title or a product)."""
    if len(span) < 2 or not span[0].text[:1].isupper():
        return False
    first = fold(span[0].text)
    if first in _SCHEME_HEADS or is_programme(span) or any(t.text in '«»“”"' for t in span):
        return False
    if not (is_head_word(span[0].text) or first in _MISC_BODY_HEADS):
        return False
    return span[1].lower_ in ("de", "des", "du", "d'", "d’", "pour") or span[1].is_lower


def is_programme(span: Span) -> bool:
    """'Plan France Très Haut Débit', 'Programme …': a named programme, MISC rather than ORG;
    'Service public de la donnée' too: a public service is a mission, not a body (E11)."""
    if len(span) > 2 and fold(span[0].text) in ("service", "services"):
        return fold(span[1].text).startswith("public")
    return fold(span[0].text) in _PROGRAMME_WORDS and len(span) > 1


def split_enumeration(span: Span) -> list[Span]:
    """Cut a span at ", la/le/les/l'": "conseil régional, la commission de …" is two things.

    Pieces that are bare generic bodies (a head word and adjectives, in lower case, such as
    "conseil régional") are left out.
    """
    doc = span.doc
    cuts = [span.start]
    for i in range(span.start + 1, span.end - 1):
        if doc[i].text == "," and doc[i + 1].lower_ in ("la", "le", "les", "l'", "l’"):
            cuts.extend([i, i + 2])
        elif (
            doc[i].lower_ == "et"
            and doc[i + 1].lower_ in ("la", "le", "les", "l'", "l’")
            # "… de la Justice et le ministère des Armées" (E15): a head word opens a body too
            and (
                i + 2 >= span.end or doc[i + 2].text[:1].isupper() or is_head_word(doc[i + 2].text)
            )
        ):
            # "Agence du numérique, et l'Association des maires …" (E13): two bodies
            end = i - 1 if doc[i - 1].text == "," else i
            cuts.extend([end, i + 2])
        elif (
            doc[i].lower_ == "et"
            and doc[i + 1].lower_ in ("à", "au", "aux")
            and i + 2 < span.end
            and doc[i + 2].text[:1].isupper()
        ):
            cuts.extend([i, i + 2])  # "grâce à l'Office public … et à Canopé" (E15): two
    if len(cuts) == 1:
        return [span]
    cuts.append(span.end)
    pieces = []
    for start, end in zip(cuts[::2], cuts[1::2], strict=True):
        if end <= start:
            continue
        piece = Span(doc, start, end, label=span.label_)
        generic = not any(t.text[:1].isupper() for t in piece) and not any(
            t.lower_ in _CONNECTORS for t in piece
        )
        if not generic:
            pieces.append(piece)
    return pieces


def _chain_end(doc: Doc, start: int, limit: int = 12) -> int:
    """End of a 'de/du/aux/à la + noun (+ adjective)' complement chain starting at token ``start``."""
    end = start
    i = start
    while i < len(doc) and i < start + limit:
        token = doc[i]
        if (
            token.is_space
            or "\n" in token.text
            or token.is_punct
            or (i > start and token.is_sent_start)
        ):
            break
        lower = token.lower_
        if lower == "et" and i + 1 < len(doc) and doc[i + 1].lower_ in _ARTICLES:
            break  # "… de la recherche" + " et la Fondation …": the next item (E13)
        if (
            lower == "et"
            and i + 2 < len(doc)
            and doc[i + 1].lower_ in ("à", "au", "aux")
            and doc[i + 2].text[:1].isupper()
        ):
            break  # "grâce à l'Office … de la langue bretonne" + " et à Canopé": the next (E15)
        if lower == "et" and i + 1 < len(doc) and doc[i + 1].lower_ in _CONNECTORS:
            i += 1
            continue
        if lower in _CONNECTORS:
            i += 1
            continue
        if token.pos_ in ("NOUN", "ADJ", "PROPN") and token.is_alpha:
            i += 1
            end = i
            continue
        break
    return end


_ARTICLES = frozenset({"la", "le", "les", "l'", "l’"})


def _line_ends_at(doc: Doc, i: int) -> bool:
    """A name may end here: end of line or sentence, or an opening bracket ("… et de secours (2)")."""
    if i + 1 < len(doc) and doc[i].text == "," and doc[i + 1].lower_ in _ARTICLES:
        return True  # the next item of an enumeration of names: ", l'Association des …"
    return i >= len(doc) or doc[i].is_space or "\n" in doc[i].text or doc[i].text in ".;("


def extend_institution(span: Span) -> Span:
    """Complete an institution name cut short by the model.

    "Délégation" + " aux usages de l'internet", "Commissariat général" + " à l'égalité des
    territoires": a capitalised head word with only adjectives takes its complement. A name
    that is the whole line ("Direction du numérique" + " et des systèmes d'information") takes its
    coordinated complement when it runs to the end of the line.
    """
    doc = span.doc
    first = span[0]
    if not is_head_word(first.text) or not first.text[:1].isupper():
        return span
    only_adjectives = all(t.pos_ == "ADJ" or t.lower_ == "général" for t in span[1:])
    end = span.end
    if only_adjectives and end < len(doc) and doc[end].lower_ in _CONNECTORS:
        end = _chain_end(doc, end)
    elif end + 1 < len(doc) and doc[end].lower_ == "et" and doc[end + 1].lower_ in _CONNECTORS:
        chain = _chain_end(doc, end)
        if chain > end + 1 and _line_ends_at(doc, chain):
            end = chain
    if (
        end + 1 < len(doc)
        and doc[end].lower_ == "et"
        and doc[end + 1].is_lower
        and doc[end - 1].pos_ in ("ADJ", "NOUN")
        and (
            (doc[end + 1].pos_ == "ADJ" and doc[end - 1].pos_ == "ADJ")
            or (doc[end + 1].pos_ == "NOUN" and _line_ends_at(doc, end + 2))
        )
    ):
        # "… géographique" + " et forestière", "Transition écologique" + " et solidaire",
        # "… des collectivités concédantes" + " et régies" (a name ends there)
        end += 2
    if end == span.end:
        return span
    return Span(doc, span.start, end, label="ORG")


# English words that end the names of companies, associations and labs: "Bayes impact",
# "Liberté Living Lab", "Kiva Systems" (E10: "Bayes" taken for a person, the lab for MISC)
_COMPANY_WORDS = frozenset(
    {"impact", "lab", "labs", "studio", "studios", "systems", "foundation", "solutions"}
    | {"technologies", "technology", "consulting", "partners", "ventures", "software"}
    | {"inc", "ltd", "llc", "gmbh"}
)


def with_company_word(span: Span) -> Span:
    """A name followed by, or ending in, an English company word is an organisation's name."""
    doc = span.doc
    end = span.end
    while (
        end < len(doc)
        and doc[end].lower_ in _COMPANY_WORDS
        and doc[end - 1].whitespace_ == " "
        and end < span.end + 2
    ):
        end += 1
    if end == span.end and span[-1].lower_ not in _COMPANY_WORDS:
        return span
    if (len(span) == 1 and end == span.end) or any(c.isdigit() for c in span.text):
        return span  # "Impact" alone is a word; "févr-10 TouchCo": a date glued from a table
    return Span(doc, span.start, end, label="ORG")


def extend_coordination(span: Span) -> Span:
    """A known name followed by a coordinated complement that runs to the end of the line or to
    a bracket: "direction interministérielle du numérique" + " et du système d'information de
    l'État (DINSIC)" (E10: the name was cut at its second coordination and "État" taken apart).
    """
    doc = span.doc
    end = span.end
    if end + 1 < len(doc) and doc[end].lower_ == "et" and doc[end + 1].lower_ in _OF:
        chain = _chain_end(doc, end)
        ends_name = chain >= len(doc) or doc[chain].text == "(" or "\n" in doc[chain].text
        if chain > end + 2 and ends_name:  # a sentence goes on after a period: not a name
            return Span(doc, span.start, chain, label=span.label_, span_id=span.id)
    return span


_OF = frozenset({"de", "du", "des", "d'", "d’"})  # "et du …", "et de la …": not "et à …"


def extend_capitalised(span: Span) -> Span:
    """'Plan France Très' + ' Haut Débit': a name goes on over the capitalised words that follow."""
    doc = span.doc
    if not span[-1].text[:1].isupper():
        return span
    end = span.end
    while (
        end < len(doc)
        and end < span.end + 4
        and doc[end].is_alpha
        and doc[end].is_title
        # the parser may open a sentence inside "Orange Business Services": only punctuation ends one
        and not (doc[end].is_sent_start and not doc[end - 1].is_alpha)
        and doc[end].ent_type_ != "PER"  # never swallow a person ("Numérique Mounir Mahjoubi")
        and doc[end - 1].whitespace_ == " "
    ):
        end += 1
    return span if end == span.end else Span(doc, span.start, end, label=span.label_)


# a name goes on after a line break when its last word asks for a complement ("Institut
# d'émission des" / "départements d'outre-mer", E15: 3 names of blind5's hard-wrapped releases)
_OPEN_ENDS = frozenset({"de", "des", "du", "d'", "d’", "à", "au", "aux", "la", "l'", "l’", "et"})
# "Réseau pour l'emploi" + " par la loi …": a body's name does not go on with an agent
_AGENT = frozenset({"par"})
_HYPHENATED_REST = re.compile(r"-?[\w\-]+")  # "-villes" of "centres-villes"


def complete_cut_name(span: Span) -> Span:
    """An ORG of the model cut at a line break or inside a hyphenated word ("Fédération nationale
    des centres" + "-villes") completed; one run on into "par la …" cut there."""
    doc = span.doc
    start, end = span.start, span.end
    for i in range(start + 1, end - 1):
        if doc[i].lower_ in _AGENT and doc[i + 1].lower_ in _ARTICLES | {"un", "une"}:
            end = i
            break
    if end < len(doc) and doc[end - 1].lower_ in _OPEN_ENDS:
        j = end
        while j < len(doc) and doc[j].is_space and doc[j].text.count("\n") == 1:
            j += 1
        if end < j < len(doc):
            chain = _chain_end(doc, j) if doc[j].is_lower else j
            if chain > j:
                end = chain
    text = doc_text(doc)
    while (
        end < len(doc)
        and doc[end].idx == doc[end - 1].idx + len(doc[end - 1])
        and (doc[end].text == "-" or doc[end].text.startswith("-"))
    ):
        m = _HYPHENATED_REST.match(text, doc[end].idx)
        if m is None or not m.group().strip("-"):
            break
        stop = m.end()
        while end < len(doc) and doc[end].idx < stop:
            end += 1
    if (start, end) == (span.start, span.end) or end <= start:
        return span
    return Span(doc, start, end, label=span.label_, span_id=span.id)


def _trim_punctuation(span: Span) -> Span | None:
    """'## Fabriquer' -> 'Fabriquer': markup and punctuation tokens at the edges are not names."""
    start, end = span.start, span.end
    while start < end and (span.doc[start].is_punct or span.doc[start].is_space):
        start += 1
    while end > start and (span.doc[end - 1].is_space or span.doc[end - 1].text in ",;:"):
        end -= 1
    if start == end:
        return None
    if (start, end) == (span.start, span.end):
        return span
    return Span(span.doc, start, end, label=span.label_, span_id=span.id)


def repair_statistical_spans(
    spans: list[Span], lexicon: WordLexicon, lower_words: set[str]
) -> list[Span]:
    """The model's spans with noise dropped, enumerations split, cut names completed, titles and
    programmes relabelled MISC. Spans from the EntityRuler (known names) are kept as they are."""
    repaired: list[Span] = []
    for span in spans:
        if span.ent_id_:
            if span.label_ == "ORG" and span.ent_id_ == "known":
                span = extend_coordination(span)  # "… du numérique" + " et du système …"
            repaired.append(span)
            continue
        span = _trim_punctuation(span)
        if span is None or noise_reason(span, lexicon, lower_words):
            continue
        span = with_company_word(span)
        if is_place_not_person(span):
            span = Span(span.doc, span.start, span.end, label="LOC")
        if is_product_name(span, lexicon) or in_legal_title(span):
            repaired.append(Span(span.doc, span.start, span.end, label="MISC"))
            continue
        if (
            span.label_ == "ORG"
            and len(span) == 2
            and span[0].is_lower
            and is_head_word(span[0].text)
            and span[1].text[:1].isupper()
        ):
            span = Span(span.doc, span.start + 1, span.end, label="ORG")  # "département Etalab"
        for piece in split_enumeration(span) if span.label_ == "ORG" else [span]:
            if piece.label_ in ("ORG", "MISC"):
                piece = extend_capitalised(piece)
            piece = extend_institution(piece)
            if piece.label_ == "ORG":
                piece = complete_cut_name(piece)
            if piece.label_ == "LOC" and len(piece) > 1 and is_head_word(piece[0].text):
                piece = Span(piece.doc, piece.start, piece.end, label="ORG")  # "Commissariat …"
            if piece.label_ == "MISC" and names_a_body(piece):
                piece = Span(piece.doc, piece.start, piece.end, label="ORG")
            if piece.label_ in ("ORG", "LOC") and _TREATY_BEFORE.search(
                doc_text(piece.doc), max(0, piece.start_char - 40), piece.start_char
            ):
                piece = Span(piece.doc, piece.start, piece.end, label="MISC")  # "de Maastricht"
            elif piece.label_ == "ORG" and (
                is_programme(piece) or is_work_title(piece, lexicon, lower_words)
            ):
                piece = Span(piece.doc, piece.start, piece.end, label="MISC")
            repaired.append(piece)
    return repaired


def lower_case_words(doc: Doc) -> set[str]:
    """Words the document writes in lower case, with their base forms: evidence that a
    capitalised form of the same word is capitalised by position, not a name."""
    # spaCy's is_alpha and is_lower are str.isalpha() and str.islower() of the token's text
    distinct = {text for text in token_texts(doc) if text.isalpha() and text.islower()}
    return set().union(distinct, *(base_forms(word) for word in distinct))
