"""Who acts in a sentence: whether a subject is a public body, a named organisation or a
word standing for one (pronouns resolved), read by the announced measures and the aims.

Split from :mod:`textmine.proposals.measures` (P33): the measures ask "who?" here and "what
change, when?" there. Nothing here imports the prose modules, so they can import it.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from textmine.proposals.lexicon import (
    ACTOR_LEMMAS,
    ARTEFACT_NOUNS,
    CAPITALISED_BODIES,
    COLLECTIVE_BODY_NOUNS,
    FIRST_PERSON,
    INSTITUTION_LEMMAS,
    OF,
    PRIVATE_ACTOR_LEMMAS,
    PROGRAMME_NOUNS,
    PUBLIC_OPERATOR_LEMMAS,
)
from textmine.proposals.syntax import (
    _head_read_as_subject,
    _subject,
)


def is_public_actor(subject: Token | None) -> bool:
    """A public body ("l'État", "la ministre", "la DINSIC" when the text spells it out as one), a
    person named with a public title ("Stanislas Guerini, ministre…"), or "nous"/"je" (a
    minister or body speaking in its own release)."""
    if subject is None:
        return False
    subject = resolved_subject(subject)
    if subject.lower_ in FIRST_PERSON - {"on"}:
        return True
    # "Pôle emploi et les missions locales organiseront…": one public body among the subjects,
    # coordinated with the subject or with its bare complement ("Pôle *emploi*", read as nmod)
    heads = [subject, *(c for c in subject.children if c.dep_ == "nmod" and not has_case(c))]
    if any(c.dep_ == "conj" and is_public_body(c) for h in heads for c in h.children):
        return True
    return is_public_body(subject)


def is_public_body(subject: Token) -> bool:
    """A public body named: its lemma, a public title in apposition, or its acronym."""
    if subject.lemma_.lower() in INSTITUTION_LEMMAS or subject.lower_ in INSTITUTION_LEMMAS:
        return True
    if subject.lemma_.lower() in CAPITALISED_BODIES and subject.text[:1].isupper():
        return True  # "La Ville", "la Métropole" (P25)
    if subject.lemma_.lower() in PUBLIC_OPERATOR_LEMMAS and subject.pos_ == "NOUN":
        return True  # "L'université engagera…", "Le groupement investira…" (P29)
    if any(c.dep_ == "appos" and c.lemma_.lower() in INSTITUTION_LEMMAS for c in subject.children):
        return True
    return public_acronym(subject)


def resolved_subject(subject: Token) -> Token:
    """ "Elle mobilisera…" after "La ministre … assurera…": a third-person pronoun, subject of a
    sentence's main verb, stands for the subject of the sentence before (the one antecedent a release's
    next sentence has in practice); else the pronoun itself."""
    if subject.lower_ not in {"il", "elle", "ils", "elles"} or subject.sent.start == 0:
        return subject
    if subject.head.i != subject.sent.root.i:
        return subject  # the subject of a clause inside: its antecedent may be nearer
    previous = subject.doc[subject.sent.start - 1].sent
    root = previous.root
    antecedent = _subject(root) or _head_read_as_subject(root)
    if antecedent is None and root.pos_ in {"NOUN", "PROPN"}:
        # "L'agence … lance un appel à projets. Elle y consacrera…": the sentence before read as
        # a noun with its verb hung on it; the noun is the antecedent (P25)
        antecedent = root
    if antecedent is None or antecedent.pos_ == "PRON":
        return subject
    return antecedent


def public_acronym(token: Token) -> bool:
    """An acronym the document introduces after a public body: "la direction interministérielle
    du numérique (DINSIC)", or whose letters are the initials of a public body it names ("l'ARS"
    after "l'agence régionale de santé", P25)."""
    text = token.text
    if len(text) < 2 or not text.isalpha() or not text.isupper():
        return False
    doc = token.doc
    if spelled_out(text, doc):
        return True
    for other in doc:
        if other.text != text or other.i < 2 or doc[other.i - 1].text != "(":
            continue
        head = doc[other.i - 2]
        for _ in range(8):  # up the noun phrase before the parenthesis
            if head.lemma_.lower() in INSTITUTION_LEMMAS:
                return True
            if head.head.i == head.i or head.pos_ not in {"NOUN", "PROPN", "ADJ", "DET"}:
                break
            head = head.head
    return False


def named_organisation(subject: Token | None) -> bool:
    """An organisation named as such, public or not, whatever its name: an ORG entity ("La
    Caisse des dépôts"), a capitalised word inside the sentence ("Action Logement", "Grand
    Chambéry"), an acronym ("L'AP-HM"), or a collective noun for a body or its plan
    ("L'établissement", "Le volet mobilités"); a pronoun stands for the sentence before's subject.
    Not a person (a PER entity) nor a private actor named as one ("l'entreprise", "le groupe")
    (P33: blind7's writer named bodies no list held)."""
    if subject is None:
        return False
    subject = resolved_subject(subject)
    if subject.pos_ == "PRON" or subject.lower_ in FIRST_PERSON:
        return False
    if subject.lemma_.lower() in PRIVATE_ACTOR_LEMMAS or subject.ent_type_ == "PER":
        return False
    if any(t.lemma_.lower() in PRIVATE_ACTOR_LEMMAS for t in subject.subtree):
        return False  # "le groupe Renault", "la société X": a company's commercial plan
    if any(c.dep_ == "det" and c.lower_ in OWN_DETERMINERS for c in subject.children):
        return False  # "mon Revenu Universel d'Activité va augmenter": a citizen's own (P33)
    if subject.pos_ == "NOUN" and subject.lemma_.lower() in COLLECTIVE_BODY_NOUNS:
        return True
    if subject.ent_type_ == "ORG":
        return True
    text = hyphenated_name(subject)
    if len(text) >= 2 and text.replace("-", "").isalpha() and text.isupper():
        return True  # an acronym, "L'AP-HM" (cut into "AP", "-", "HM", the "-" its subject)
    first = next((t for t in subject.sent if not (t.is_punct or t.is_space)), None)
    inside = first is not None and subject.i != first.i
    if not inside and subject.i > 0:
        before = subject.doc[subject.i - 1]  # "Action | Logement": a name the segmenter cut
        inside = before.is_alpha and before.text[:1].isupper() and before.whitespace_ != ""
    named = text[:1].isupper() and inside
    return named and subject.pos_ in {"PROPN", "NOUN", "ADV", "ADJ"}


def hyphenated_name(token: Token) -> str:
    """The word with the parts a hyphen joins to it: "AP-HM" for "AP", "-" or "HM"."""
    doc = token.doc
    start = end = token.i
    while start > 0 and (doc[start].text == "-" or doc[start - 1].text == "-"):
        if doc[start - 1].whitespace_:
            break
        start -= 1
    while end + 1 < len(doc) and (doc[end].text == "-" or doc[end + 1].text == "-"):
        if doc[end].whitespace_:
            break
        end += 1
    return doc[start : end + 1].text


def spelled_out(acronym: str, doc: Doc) -> bool:
    """Whether the document names a public body whose words' initials spell ``acronym``:
    "agence régionale de santé" for "ARS" (link words skipped, as acronyms do)."""
    letters = acronym.lower()
    for start in doc:
        if start.lemma_.lower() not in INSTITUTION_LEMMAS or start.lower_[:1] != letters[0]:
            continue
        k, i = 1, start.i + 1
        while k < len(letters) and i < len(doc) and i - start.i < 12:
            word = doc[i].lower_
            if word in LINK_WORDS or doc[i].is_punct:
                i += 1
                continue
            if word[:1] != letters[k]:
                break
            k, i = k + 1, i + 1
        if k == len(letters):
            return True
    return False


def has_case(token: Token) -> bool:
    return any(c.dep_ == "case" for c in token.children)


def is_programme_noun(token: Token) -> bool:
    if token.pos_ != "NOUN":
        return False
    lemma = token.lemma_.lower()
    if lemma in PROGRAMME_NOUNS:
        return True
    if not lemma.endswith(("tion", "sion", "ment")) or lemma in ARTEFACT_NOUNS:
        return False
    if lemma in ACTOR_LEMMAS or lemma in INSTITUTION_LEMMAS:
        return False  # "le gouvernement", "les établissements"
    return any(
        c.dep_ == "nmod" and any(m.lower_ in OF for m in c.children if m.dep_ in {"case", "det"})
        for c in token.children
    )


OWN_DETERMINERS = {"mon", "ma", "mes", "ton", "ta", "tes"}  # a speaker's or reader's own, no body's


LINK_WORDS = {"de", "du", "des", "d'", "d’", "la", "le", "les", "l'", "l’", "et", "à", "au", "aux"}
