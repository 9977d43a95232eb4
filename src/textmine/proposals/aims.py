"""Aims of a proposed text: "cet amendement vise à…", "a pour objet de…", "entend + inf.".

Explanations of amendments state what the change is for with a verb of aiming, not of
proposing (P14: 24 of the 33 firm recommendations the blind split of amendment explanations
missed). Such a sentence is a proposal when its subject is the proposed text itself ("cet
amendement", or "il" standing for it); a programme's aim ("le dispositif vise à…", "l'objectif
est de…") describes, and is left out as the guideline asks. "entendre + infinitive" said by a
public body ("le Gouvernement entend poursuivre…") announces a measure. A sentence of running
prose led by an infinitive ("Imposer aux gestionnaires… une obligation de…") states the
proposal itself, as citizens write them (P18: 8 of blind2's 23 firm misses).
"""

from __future__ import annotations

from spacy.tokens import Token

from textmine.proposals.lexicon import (
    AIM_NOUNS,
    DISCOURSE_VERBS,
    LEADING_SKIP,
    NAVIGATION_VERBS,
    OF,
    PROPOSAL_TEXT_LEMMAS,
)
from textmine.proposals.prose import _ProseHit
from textmine.proposals.subjects import is_public_actor, resolved_subject
from textmine.proposals.syntax import _is_infinitive_verb, _is_negated, _mood_ok, _subject

_AIM_CONFIDENCE = 0.8  # as sure as "il convient de": the text asks for this change
_INTENT_CONFIDENCE = 0.55  # a public body's intent: a measure (measures._MEASURE_CONFIDENCE)
# a bare infinitive names no one and may be a slogan: below the modal recommendations (0.65)
_INFINITIVE_CONFIDENCE = 0.6
# what may stand before the infinitive that opens a sentence: "Le sensibiliser…", "Ne pas…"
_CLITICS = {"le", "la", "les", "l'", "l’", "lui", "leur", "se", "s'", "s’", "en", "y"}
# an adverbial that opens the sentence before the infinitive: "Afin de protéger…, obliger…",
# "Sur le site …, permettre…" (P18: 2 of the 8)
_OPENERS = {"afin", "pour", "sur", "dans", "en", "à", "au", "aux", "par"}
_COMPLEMENTS = {"obj", "iobj", "obl", "obl:arg", "obl:mod", "xcomp", "ccomp"}


def _stated_aim(token: Token) -> _ProseHit | None:
    """The aim of a proposed text, a public body's stated intent, or a sentence led by an
    infinitive, with its infinitive."""
    if token.pos_ == "VERB" and "Inf" in token.morph.get("VerbForm"):
        return _bare_infinitive(token) if _leads_its_sentence(token) else None
    if token.pos_ not in {"VERB", "AUX"} or "Fin" not in token.morph.get("VerbForm"):
        return None
    lemma = token.lemma_.lower()
    if lemma not in {"viser", "avoir", "entendre", "tendre"}:
        return None
    if not _mood_ok(token) or _is_negated(token) or token.dep_ in {"acl", "acl:relcl", "advcl"}:
        return None  # "l'amendement adopté en commission qui vise à…": a description
    if lemma in {"viser", "tendre"}:  # "tend à conserver…" (P18: 2 blind2 misses)
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
    if subject is not None and is_public_actor(subject):
        return _ProseHit(token, action, _INTENT_CONFIDENCE)
    return _by_text(token, subject, action)


def _aim_phrase(avoir: Token) -> _ProseHit | None:
    """ "X a pour objet / but / objectif de + inf.", however the parser hangs its words: the
    infinitive as the root with "pour objet" as its mark, or the noun as the root with "a" as
    its copula."""
    doc = avoir.doc
    i = avoir.i
    while i + 1 < len(doc) and doc[i + 1].pos_ == "ADV" and i - avoir.i < 2:
        i += 1  # "a donc / également pour objet de…" (P18: 2 blind2 misses)
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
    if subject is not None and subject.lemma_.lower() == "objet":
        # "L'objet de l'amendement a pour objectif de…" (P18): the amendment is named after it
        subject = next((c for c in subject.children if c.dep_ == "nmod"), subject)
    return _by_text(avoir, subject, action)


def _leads_its_sentence(verb: Token) -> bool:
    """The sentence's root, or the infinitive after an opening adverbial and its comma in a
    sentence with no finite verb ("Afin de protéger …, obliger les acteurs…", which the parser
    hangs on "protéger")."""
    if verb.dep_ == "ROOT":
        return True
    sent = verb.sent
    if verb.i == 0 or verb.doc[verb.i - 1].text != "," or sent[0].lower_ not in _OPENERS:
        return False
    return not any("Fin" in t.morph.get("VerbForm") for t in sent)


def _bare_infinitive(verb: Token) -> _ProseHit | None:
    """ "Ajuster les tarifs des opérateurs en fonction de la qualité de leurs connexions.": a
    full sentence (final stop) opened by an infinitive with a complement, not a navigation
    verb ("Consulter le site.") nor a verb of discourse. Headings and list items never reach
    here (the detector leaves them out), and a sentence with a deadline is a target
    (:func:`measures._infinitive_target`)."""
    lemma = verb.lemma_.lower()
    if lemma in NAVIGATION_VERBS or lemma in DISCOURSE_VERBS:
        return None
    if not any(c.dep_ in _COMPLEMENTS for c in verb.children):
        return None
    sent = verb.sent
    # the sentence up to a blank line: a heading's words run into the next paragraph's when
    # the parser makes one sentence of them
    end = next(
        (t.i for t in sent if t.i > verb.i and t.is_space and t.text.count("\n") >= 2), sent.end
    )
    words = [
        t
        for t in verb.doc[sent.start : end]
        if not (t.is_space or t.text in {"«", "»", '"', "“", "”", "-", "–"})
    ]
    if not words or not any(t.text in {".", "!"} for t in words[-2:]):
        return None  # a heading or a slogan has no final stop
    before = [t for t in words if t.i < verb.i]
    if _after_a_label(verb, sent.start, before):
        return None  # "*Objectif* : développer des capacités…": a label's value, not a proposal
    if _subject_of_a_copula(verb, sent.end):
        return None  # "Préparer un cours est le travail d'un enseignant": a definition
    lead = [t for t in before if t.lower_ not in _CLITICS | LEADING_SKIP]
    if not lead:
        return _ProseHit(verb, verb, _INFINITIVE_CONFIDENCE)
    if (
        lead[0].lower_ in _OPENERS
        and before[-1].text == ","
        and "," not in {t.text for t in before[:-1]}
    ):
        return _ProseHit(verb, verb, _INFINITIVE_CONFIDENCE)
    return None


def _after_a_label(verb: Token, start: int, before: list[Token]) -> bool:
    """The infinitive follows a colon on its line ("Objectif : développer…", "*Bénéfices* :
    permettre…"), which the parser may leave in the sentence or in the one before (P25: two
    false alarms on dev once headings no longer ran into the text)."""
    if any(t.text == ":" for t in before):
        return True
    doc = verb.doc
    i = start - 1
    while i >= 0 and doc[i].is_space and "\n" not in doc[i].text:
        i -= 1
    return i >= 0 and doc[i].text == ":" and "\n" not in doc[i].whitespace_


def _subject_of_a_copula(verb: Token, end: int) -> bool:
    """The infinitive is the subject of "être": the first finite verb after it is "est" or
    "c'est" ("Ouvrir le code source c'est diffuser les failles", blind4; "Assurer une meilleure
    qualité … est l'objectif de…", heldout: both decoys once their sentences stood alone, P25)."""
    for token in verb.doc[verb.i + 1 : end]:
        if "Fin" in token.morph.get("VerbForm"):
            morph = token.morph  # not "seraient une bonne façon de…" (blind3: a proposal)
            return token.lemma_.lower() == "être" and "Ind" in morph.get("Mood")
    return False


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
    resolved = resolved_subject(subject)
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
