"""Text normalisation shared by key terms, topics and lexicon tags.

Keys are built so that they stay readable: nouns are lemmatised (singular) but adjectives keep
their gender and are only singularised ("données publiques" -> "donnée publique", not the
spaCy lemma pair "donnée public").
"""

from __future__ import annotations

import functools

from spacy.tokens import Token

from textmine import textnorm


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


MONTHS = _words(
    """janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre
    décembre decembre"""
)
WEEKDAYS = _words("""lundi mardi mercredi jeudi vendredi samedi dimanche""")

# Nouns too general to head a key term ("dans le cadre de", "à l'occasion de", "un an").
GENERIC_NOUNS = _words(
    """fois an année mois jour semaine heure minute occasion cadre ensemble nombre part partie
    moment façon manière chose sein lieu suite fin début côté égard titre niveau type sorte
    plupart total moyen besoin objet objectif ordre reste exemple cas point date grâce
    matière peine vue faveur raison cours biais compte vigueur"""
)
# Adjectives that qualify without naming anything ("nouvelle version", "autres acteurs").
GENERIC_ADJECTIVES = _words(
    """nouveau nouvelle nouvel premier première dernier dernière autre même seul seule prochain
    prochaine certain certaine plusieurs tel telle différent différente nombreux nombreuse
    divers diverse présent présente ci-dessus précédent précédente suivant suivante tout
    toute petit petite bon bonne meilleur meilleure principal principale"""
)
# Press-release boilerplate, compared accent- and case-insensitively on term keys.
BOILERPLATE_TERMS = (
    "communiqué de presse",
    "dossier de presse",
    "contact presse",
    "contacts presse",
    "contact média",
    "service de presse",
    "attaché de presse",
    "attachée de presse",
    "relation presse",
    "relations presse",
    "conférence de presse",
    "crédit photo",
    "droit réservé",
    "mention légale",
)

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "’": "'", "ʼ": "'"})


def fold(text: str) -> str:
    """Lowercase, strip accents and expand ligatures: the form used for comparisons."""
    return textnorm.fold(text.translate(_LIGATURES), marks="latin", case_first=False)


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    return fold(ch)


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """:func:`fold` of ``text`` and, for each folded character, its offset in ``text``."""
    chars: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        folded = _fold_char(ch)
        chars.append(folded)
        offsets.extend([i] * len(folded))
    return "".join(chars), offsets


def singularize(word: str, plural: bool = False) -> str:
    """Singular of a lowercase French adjective or noun, by the regular rules only.

    Unless ``plural`` says the word is known to be plural, endings that are often singular
    ("-us", "-is": "inclus", "précis") are kept.
    """
    if len(word) <= 3:
        return word
    if word.endswith("eaux"):
        return word[:-1]
    if word.endswith("aux"):
        return word[:-3] + "al"
    if (
        word.endswith(("s", "x"))
        and not word.endswith("ss")
        and (plural or not word.endswith(("us", "is")))
    ):
        return word[:-1]
    return word


def noun_form(token: Token) -> str:
    """The singular lowercase form of a noun (spaCy lemma when it looks like the word)."""
    text = token.text.lower()
    if "Plur" not in token.morph.get("Number"):
        return text
    lemma = token.lemma_.lower()
    if lemma and " " not in lemma and lemma[:3] == text[:3]:
        return lemma
    return singularize(text)


def adjective_form(token: Token) -> str:
    """An adjective singularised but kept in its gender ("publiques" -> "publique")."""
    text = token.text.lower()
    plural = "Plur" in token.morph.get("Number")
    if plural or text.endswith(("aux", "s")):
        return singularize(text, plural=plural)
    return text


def is_participle(token: Token) -> bool:
    """A past participle ("simplifiées", "ouvertes")."""
    morph = token.morph
    return (
        token.pos_ == "VERB"
        and "Part" in morph.get("VerbForm")
        and "Pres" not in morph.get("Tense")
    )


def agrees(noun: Token, adjective: Token) -> bool:
    """Gender and number do not contradict each other (unknown features agree)."""
    for feature in ("Gender", "Number"):
        a, b = noun.morph.get(feature), adjective.morph.get(feature)
        if a and b and set(a).isdisjoint(b):
            return False
    return True


def is_word(text: str) -> bool:
    """Letters (with inner hyphens/apostrophes), at least two of them."""
    if text.isalpha():  # most words: one C call instead of two scans
        return len(text) >= 2
    return sum(ch.isalpha() for ch in text) >= 2 and all(ch.isalpha() or ch in "-'’" for ch in text)
