"""Aims of a proposed text: "cet amendement vise à…", "a pour objet de…", "entend + inf.".

Explanations of amendments state what the change is for with a verb of aiming, not of
proposing (P14: 24 of the 33 firm recommendations the blind split of amendment explanations
missed). Such a sentence is a proposal when its subject is the proposed text itself ("cet
amendement", or "il" standing for it); a programme's aim ("le dispositif vise à…", "l'objectif
est de…") describes, and is left out as the guideline asks. "entendre + infinitive" said by a
public body ("le Gouvernement entend poursuivre…") announces a measure.
"""

from __future__ import annotations

from spacy.tokens import Token

from textmine.proposals.lexicon import AIM_NOUNS, OF, PROPOSAL_TEXT_LEMMAS
from textmine.proposals.measures import _is_public_actor, _resolved
from textmine.proposals.prose import _ProseHit
from textmine.proposals.syntax import _is_infinitive_verb, _is_negated, _mood_ok, _subject

_AIM_CONFIDENCE = 0.8  # as sure as "il convient de": the text asks for this change
_INTENT_CONFIDENCE = 0.55  # a public body's intent: a measure (measures._MEASURE_CONFIDENCE)


def _stated_aim(token: Token) -> _ProseHit | None:
    """The aim of a proposed text, or a public body's stated intent, with its infinitive."""
    if token.pos_ not in {"VERB", "AUX"} or "Fin" not in token.morph.get("VerbForm"):
        return None
    lemma = token.lemma_.lower()
    if lemma not in {"viser", "avoir", "entendre"}:
        return None
    if not _mood_ok(token) or _is_negated(token) or token.dep_ in {"acl", "acl:relcl", "advcl"}:
        return None  # "l'amendement adopté en commission qui vise à…": a description
    if lemma == "viser":
        action = _aimed_infinitive(token)
        return _by_text(token, _subject(token), action)
    if lemma == "avoir":
        return _aim_phrase(token)
    # "entendre": its infinitive has no mark ("entend poursuivre"), unlike "entendre parler de"
    action = next(
        (c for c in token.rights if c.dep_ in {"xcomp", "ccomp"} and _is_infinitive_verb(c)),
        None,
    )
    if action is None or any(c.dep_ == "mark" for c in action.children):
        return None
    subject = _subject(token)
    if subject is not None and _is_public_actor(subject):
        return _ProseHit(token, action, _INTENT_CONFIDENCE)
    return _by_text(token, subject, action)


def _aim_phrase(avoir: Token) -> _ProseHit | None:
    """ "X a pour objet / but / objectif de + inf.", however the parser hangs its words: the
    infinitive as the root with "pour objet" as its mark, or the noun as the root with "a" as
    its copula."""
    doc = avoir.doc
    i = avoir.i
    if i + 3 >= len(doc) or doc[i + 1].lower_ != "pour":
        return None
    noun = doc[i + 2]
    if noun.lemma_.lower() not in AIM_NOUNS or doc[i + 3].lower_ not in OF:
        return None
    action = doc[i + 4] if i + 4 < len(doc) and _is_infinitive_verb(doc[i + 4]) else None
    if action is None:
        return None
    subject = next(
        (s for s in (_subject(avoir), _subject(avoir.head), _subject(noun)) if s is not None),
        None,
    )
    return _by_text(avoir, subject, action)


def _aimed_infinitive(verb: Token) -> Token | None:
    """The infinitive after "vise à", also past a short insert ("vise d'une part à clarifier",
    P16: 2 dev misses, where the parser hangs it on "part"): within 6 words, after "à"."""
    doc = verb.doc
    for token in doc[verb.i + 1 : min(verb.i + 7, verb.sent.end)]:
        if token.pos_ == "PUNCT" and token.text not in {",", "’", "'"}:
            return None
        if _is_infinitive_verb(token) and doc[token.i - 1].lower_ == "à":
            return token
    return None


def _antecedent(subject: Token) -> Token:
    """What "il" stands for: :func:`measures._resolved`, past the blank lines between
    paragraphs, which the parser may make sentences of their own ("Cet amendement s'inscrit
    dans…" then a blank line then "Il vise à compléter…": P16, a dev miss)."""
    resolved = _resolved(subject)
    if resolved is not subject or subject.lower_ not in {"il", "elle"}:
        return resolved
    sent = subject.sent
    if subject.head.i != sent.root.i:
        return subject
    doc = subject.doc
    start = sent.start
    while start > 0:
        previous = doc[start - 1].sent
        if any(not t.is_space for t in previous):
            break
        start = previous.start
    if start == 0 or start == sent.start:
        return subject
    previous = doc[start - 1].sent
    antecedent = _subject(previous.root)
    return antecedent if antecedent is not None and antecedent.pos_ != "PRON" else subject


def _by_text(trigger: Token, subject: Token | None, action: Token | None) -> _ProseHit | None:
    """A hit when the subject is the proposed text ("cet amendement", "il" standing for it)."""
    if action is None or subject is None:
        return None
    if _antecedent(subject).lemma_.lower() not in PROPOSAL_TEXT_LEMMAS:
        return None
    return _ProseHit(trigger, action, _AIM_CONFIDENCE)
