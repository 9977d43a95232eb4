"""When a sentence says its change happens: deadlines ("d'ici 2027"), target years and start
dates ("à compter du 1er janvier"), read by the measures, the goals and the prose rules.
"""

from __future__ import annotations

from spacy.tokens import Span

from textmine.proposals.lexicon import (
    START_TIME_NOUNS,
)


def has_deadline(sent: Span) -> bool:
    """ "d'ici 2022", "à l'horizon 2030", "au plus tard"."""
    for token in sent:
        lower = token.lower_
        if lower == "ici" and token.i > sent.start and token.nbor(-1).lower_ in {"d'", "d’"}:
            return True
        if lower in {"horizon", "échéance"} or (
            lower == "tard" and token.i > sent.start and token.nbor(-1).lower_ == "plus"
        ):
            return True
    return False


def has_target_time(sent: Span) -> bool:
    """When a target is due: a deadline ("d'ici 2027", "à l'horizon"), a year ("à la rentrée
    2031", "avant le 31 décembre 2021") or a rate ("2 900 logements par an")."""
    if has_deadline(sent):
        return True
    for token in sent:
        if token.like_num and len(token.text) == 4 and token.text[:2] == "20":
            return True
        if (
            token.lower_ in {"an", "année"}
            and token.i > sent.start
            and token.nbor(-1).lower_ == "par"
        ):
            return True
    return False


def has_start_time(sent: Span) -> bool:
    """When a measure starts: "dès la rentrée", "dès le 1er septembre 2026", "à compter du 1er
    janvier", "à partir du printemps", "dès 2020" (P29); not "à partir de 3 ans" (an age) nor
    "dès la fin des travaux" (when an aid is paid, programme mechanics)."""
    for token in sent:
        lower = token.lower_
        after_a = token.i > sent.start and token.nbor(-1).lower_ == "à"
        if lower != "dès" and not (lower in {"compter", "partir"} and after_a):
            continue
        for following in token.doc[token.i + 1 : min(token.i + 5, sent.end)]:
            text = following.lower_
            if text in START_TIME_NOUNS or (len(text) == 4 and text[:2] in {"19", "20"}):
                return True
            if following.pos_ in {"NOUN", "PROPN", "VERB"}:
                break
    return False


MONTHS = {
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre", "printemps", "été", "automne", "hiver", "rentrée",
}  # fmt: skip
