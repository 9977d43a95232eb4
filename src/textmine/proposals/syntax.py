"""Parse helpers: the spaCy Doc read for infinitives, verb chains, tense, voice and subjects.

- the Doc against the text: :func:`_aligned`, :func:`_has_sentences`, :func:`_tokens_in`;
- the infinitive that opens an item: :func:`_is_infinitive`, :func:`_leading_infinitive`,
  and a request addressed to someone: :func:`_addressed_request` ("au département, de
  prendre…", "Que la région finance…");
- the verb a modal or support verb hands the action to, and the chain of them:
  :func:`_next_verb`, :func:`_chain` ("doivent pouvoir réaliser", "veiller à simplifier");
- voice, tense and mood: :func:`_is_passive`, :func:`_passive_aux`, :func:`_is_past`,
  :func:`_mood_ok`; subjects: :func:`_subject`, :func:`_head_read_as_subject`.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from textmine.parsed import ParsedDocument
from textmine.proposals.lexicon import (
    ETRE_PAST_VERBS,
    INFINITIVE_ENDINGS,
    LEADING_SKIP,
    MODALS,
    PURPOSE_MARKS,
    REFLEXIVE,
    SUPPORT_VERBS,
)


def _aligned(pdoc: ParsedDocument) -> bool:
    """Whether the Doc's offsets are those of ``pdoc.text`` (cheap: ``doc.text`` is costly)."""
    doc = pdoc.doc
    if len(doc) == 0:
        return False
    last = doc[-1]
    return last.idx + len(last.text_with_ws) == len(pdoc.text)


def _has_sentences(pdoc: ParsedDocument) -> bool:
    return pdoc.doc.has_annotation("SENT_START") or pdoc.doc.has_annotation("DEP")


def _tokens_in(pdoc: ParsedDocument, start: int, end: int) -> Span | None:
    if start >= end or not _aligned(pdoc):
        return None
    return pdoc.doc.char_span(start, end, alignment_mode="expand")


def _is_infinitive(token: Token) -> bool:
    if token.pos_ not in {"VERB", "AUX"} and not token.text[:1].isupper():
        return False
    if "Inf" in token.morph.get("VerbForm"):
        return True
    # The tagger often reads a capitalised sentence-initial infinitive as finite ("Créer").
    lower = token.text.lower()
    if lower != token.lemma_.lower() or not lower.endswith(INFINITIVE_ENDINGS):
        return False
    if token.pos_ in {"VERB", "AUX"}:
        return True
    # ... or as a noun ("Faire en sorte que…"), though it governs a clause, as no noun does
    return token.pos_ == "NOUN" and any(c.dep_ in {"ccomp", "xcomp"} for c in token.children)


def _leading_infinitive(span: Span | None) -> Token | None:
    """The infinitive that opens ``span`` ("Créer…", "S'appuyer…", "Mieux utiliser…")."""
    if span is None:
        return None
    skipped = 0
    for token in span:
        if token.is_punct or token.is_space or token.text in {"*", "**", "_"}:
            continue
        lower = token.lower_
        if skipped < 3 and (lower in LEADING_SKIP or token.morph.get("Reflex")):
            skipped += 1
            continue
        if skipped < 3 and lower in {"s'", "s’", "se"}:
            skipped += 1
            continue
        return token if _is_infinitive(token) or _infinitive_after_mark(token) else None
    return None


def _governed_infinitive(span: Span | None) -> Token | None:
    """ "à mettre en place…", "de réunir…": an infinitive after "à" or "de", as the items of a
    list continuing "l'État s'engage :" or "Le département s'engage :" are written (P24)."""
    if span is None:
        return None
    words = [t for t in span if not (t.is_punct or t.is_space or t.text in {"*", "**", "_"})]
    governing = {"à", "de", "d'", "d’"}
    # a list mark in the span: "1 °", "2 ."; "de" itself is no mark, though two letters (P28)
    if len(words) > 1 and words[0].lower_ not in governing and _MARK_TOKEN.match(words[0].text):
        words = words[1:]
    if len(words) < 2 or words[0].lower_ not in governing:
        return None
    return _leading_infinitive(words[1].doc[words[1].i : span.end])


_ADDRESSEE = {"à", "au", "aux"}
_REQUEST_WORDS = 12  # "à la communauté de communes du Pays de Gex, de …": the addressee's words


def _addressed_request(span: Span | None) -> Token | None:
    """The verb of a request an item addresses to someone: "au département, de prendre en
    charge…" (the infinitive after the addressee) or "Que la région finance…" (the verb of the
    clause). Lists of demands to partners are written so, not with a leading infinitive (P19)."""
    if span is None:
        return None
    words = [t for t in span if not (t.is_punct or t.is_space or t.text in {"*", "**", "_"})]
    if len(words) > 1 and _MARK_TOKEN.match(words[0].text) and words[0].nbor(1).text in ".)":
        words = words[1:]  # a list mark in the span: "a )", "1 ."
    if not words:
        return None
    first = words[0].lower_
    if first in _ADDRESSEE:
        for k, token in enumerate(words[1:_REQUEST_WORDS], start=1):
            if token.lower_ in {"de", "d'", "d’"} and words[k - 1].nbor(1).text == ",":
                following = words[k + 1] if k + 1 < len(words) else None
                ok = following is not None and _is_infinitive(following)
                return following if ok else None
        return None
    if first in {"que", "qu'", "qu’"}:
        for token in words[1:_REQUEST_WORDS]:
            if token.pos_ in {"VERB", "AUX"}:
                return token
        # "Que la région finance des…": the tagger may read the verb as an adjective or a
        # noun; the word right after the subject's noun, before an article, is then the verb
        nouns = [k for k, t in enumerate(words[1:4], start=1) if t.pos_ in {"NOUN", "PROPN"}]
        k = nouns[0] + 1 if nouns else len(words)
        if k + 1 < len(words) and words[k].pos_ in {"ADJ", "NOUN"}:
            return words[k] if words[k + 1].pos_ in {"DET", "ADP"} else None
    return None


# a list mark the tagger reads as a name's initial or a word: "C.", "ii", ")", "(iv)"
_MARK_TOKEN = re.compile(r"^\(?(?:[A-Za-z]{1,5}|\d{1,2})[.)]?$|^\)$")


def _infinitive_after_mark(token: Token) -> bool:
    """ "C. Créer…", "ii) Afficher…": an infinitive the tagger took for a name or a preposition
    because a list mark stands before it (P17: "Créer" PROPN after "C.", "Doubler" ADP after
    "A."). Only a capitalised word with an infinitive's ending, right after the mark, followed by
    a lower-case word (not "A. Pierre Dupont" nor "B. Olivier, maire")."""
    doc = token.doc
    if token.i == 0 or token.i + 1 >= len(doc) or not token.text[:1].isupper():
        return False
    if token.pos_ in {"VERB", "AUX"} or not token.lower_.endswith(INFINITIVE_ENDINGS):
        return False
    mark, following = doc[token.i - 1], doc[token.i + 1]
    if not _MARK_TOKEN.match(mark.text) or "\n" in doc.text[mark.idx : token.idx]:
        return False  # the mark must open the same line: the list's own mark
    return following.text[:1].islower() and (following.is_alpha or following.text[-1:] in "'’")


def _child(token: Token, deps: set[str]) -> Token | None:
    for child in token.children:
        if child.dep_ in deps:
            return child
    return None


def _governed_verb(token: Token) -> Token | None:
    """The verb a modal or proposal verb governs: "pourrait *financer*", "doit être *créé*"."""
    for child in token.children:
        if child.dep_ in {"xcomp", "ccomp", "dep", "obj", "csubj"} and child.pos_ in {
            "VERB",
            "AUX",
        }:
            return child
    return None


_OBJECT_DEPS = {"obj", "iobj", "obl:arg", "obl"}
_COMPLEMENT_DEPS = {"xcomp", "ccomp", "dep", "obj", "acl", "advcl", "obl", "obl:arg"}


def _next_verb(verb: Token) -> Token | None:
    """The verb a modal or support verb hands the action to, or None for a content verb.

    "doit *créer*", "doit être *créé*", "veiller à *simplifier*", "permettre de *réaliser*",
    "faire en sorte que les communes *disposent*", "s'assurer que… soient *présentés*". The parser
    sometimes hangs both infinitives of "doivent pouvoir réaliser" on "doivent": the second is
    then a sibling of the first.
    """
    lemma = verb.lemma_.lower()
    if lemma in MODALS or lemma == "être":
        return _governed_verb(verb) or _next_sibling_infinitive(verb)
    if lemma not in SUPPORT_VERBS:
        return None
    if lemma == "faire":  # "faire en sorte que…", not the causative "faire avancer"
        if not any(c.lower_ == "sorte" for c in verb.children):
            return None
        return _que_clause(verb)
    if lemma == "assurer":  # "s'assurer que…", not "assurer la coordination"
        if not any(c.morph.get("Reflex") or c.lower_ in REFLEXIVE for c in verb.children):
            return None
        nxt = _que_clause(verb) or _infinitive_complement(verb)
    else:
        nxt = _infinitive_complement(verb, through_objects=lemma == "permettre")
    # "s'assurer que le développement ne tarisse pas…": the action is not "tarir"
    return None if nxt is None or _is_negated(nxt) else nxt


def _is_negated(verb: Token) -> bool:
    return any(c.lower_ in {"ne", "n'", "n’", "pas", "jamais"} for c in verb.children)


def _is_infinitive_verb(token: Token) -> bool:
    return token.pos_ in {"VERB", "AUX"} and "Inf" in token.morph.get("VerbForm")


def _infinitive_complement(verb: Token, through_objects: bool = False) -> Token | None:
    """The infinitive ``verb`` governs ("veiller *à simplifier*"), not a purpose clause ("pour…").

    With ``through_objects``, also one hung on the verb's object or "à" complement, as the parser
    reads "permettre aux collectivités *de mutualiser*" or "inciter les collectivités *à*…".
    """
    heads = [verb]
    if through_objects:
        heads += [c for c in verb.rights if c.dep_ in _OBJECT_DEPS and c.pos_ in {"NOUN", "PROPN"}]
    for head in heads:
        for child in head.rights:
            if not _is_infinitive_verb(child) or child.dep_ not in _COMPLEMENT_DEPS:
                continue
            marks = {c.lower_ for c in child.children if c.dep_ in {"mark", "case"}}
            if head.i != verb.i and not marks & {"à", "de", "d'", "d’"}:
                continue
            if not marks & PURPOSE_MARKS:
                return child
    return None


def _que_clause(verb: Token) -> Token | None:
    for child in verb.rights:
        if (
            child.dep_ in {"ccomp", "obj", "dep"}
            and child.pos_ in {"VERB", "AUX", "ADJ"}
            and any(c.dep_ == "mark" and c.lower_ in {"que", "qu'", "qu’"} for c in child.children)
        ):
            return child
    return None


def _next_sibling_infinitive(verb: Token) -> Token | None:
    """ "doivent pouvoir réaliser" read as two infinitives of "doivent": "réaliser"."""
    if verb.dep_ != "xcomp" or verb.head.i == verb.i:
        return None
    for token in verb.doc[verb.i + 1 : verb.i + 4]:
        if token.head.i == verb.head.i and token.dep_ == "xcomp" and _is_infinitive_verb(token):
            return token
        if token.pos_ not in {"ADV", "PRON", "PART"}:
            return None
    return None


def _is_passive(verb: Token | None) -> bool:
    if verb is None:
        return False
    return "Pass" in verb.morph.get("Voice") or _child(verb, {"aux:pass"}) is not None


def _passive_aux(participle: Token) -> Token | None:
    """The "être" of a passive participle ("sont *invités*", "sera *lancée*"), not of a past
    ("est venu", "s'est engagé") nor of a past passive's "été" ("a été lancé": it is returned, and
    :func:`_is_past` sees its own auxiliary)."""
    if (
        "Part" not in participle.morph.get("VerbForm")
        or participle.lemma_.lower() in ETRE_PAST_VERBS
    ):
        return None
    if any(c.lower_ in REFLEXIVE or c.morph.get("Reflex") == ["Yes"] for c in participle.children):
        return None
    for child in participle.children:
        if child.dep_ in {"aux:pass", "aux:tense", "cop"} and child.lemma_.lower() == "être":
            return child
    return None


def _is_past(token: Token) -> bool:
    """Passé composé, plus-que-parfait, imparfait, passé simple: a report, not a proposal."""
    morph = token.morph
    tense = morph.get("Tense")
    if "Imp" in tense:
        return True
    if "Past" in tense and "Fin" in morph.get("VerbForm"):
        return True  # passé simple
    passive = _passive_aux(token)
    for child in token.children:
        if child.dep_ == "aux:tense" and passive is not None and child.i == passive.i:
            if any(t in child.morph.get("Tense") for t in ("Past", "Imp")):
                return True  # "était invité" read as a compound tense
            continue  # "sont invités" read as a compound tense: a present passive
        if child.dep_ == "aux:tense":
            return True  # "a créé", "avait proposé", "sera allé" (rare future perfect)
        if child.dep_ == "aux:pass" and any(t in child.morph.get("Tense") for t in ("Past", "Imp")):
            return True  # "a été proposé", "était prévu"
        if child.dep_ == "aux:pass" and _child(child, {"aux:tense"}) is not None:
            return True
    # "a été proposé": the auxiliary "a" hangs on the participle together with "été".
    return sum(1 for c in token.children if c.dep_ in {"aux:tense", "aux:pass", "aux"}) >= 2


def _mood_ok(token: Token) -> bool:
    """Present, future or conditional (or an infinitive governed by one)."""
    if _is_past(token):
        return False
    morph = token.morph
    if "Part" in morph.get("VerbForm"):
        # a passive participle: its auxiliary carries the tense ("est proposé", "sera créé")
        aux = _passive_aux(token) or _child(token, {"aux:pass", "cop"})
        return aux is not None and not _is_past(aux)
    return True


def _subject(token: Token) -> Token | None:
    """The subject of ``token``; not the "se" of a pronominal passive ("se poursuivra"), which
    the parser labels like an impersonal "il"."""
    deps = {"nsubj", "nsubj:pass", "expl:subj", "expl:pass"}
    return next((c for c in token.children if c.dep_ in deps and c.lower_ not in REFLEXIVE), None)


def _head_read_as_subject(verb: Token) -> Token | None:
    """ "L'État recrutera…" parsed as the noun "État" with a clause: a finite verb hanging on the
    noun before it, with no subject of its own, is that noun's predicate (not a participle:
    "le plan lancé en 2019")."""
    if verb.dep_ != "acl" or "Fin" not in verb.morph.get("VerbForm") or verb.head.i > verb.i:
        return None
    if _subject(verb) is not None or verb.head.pos_ not in {"NOUN", "PROPN"}:
        return None
    return verb.head


def _action_lemma(token: Token | None) -> str | None:
    if token is None:
        return None
    lemma = token.lemma_.lower()
    # "doit être créé": the participle is the action, not "être"
    if lemma in {"être", "avoir"}:
        governed = _governed_verb(token)
        if governed is not None:
            return governed.lemma_.lower()
    return lemma


def _chain(action: Token | None) -> list[Token]:
    """``action`` and the verbs it hands the action to: "pouvoir, créer" in "devrait pouvoir
    créer", "veiller, simplifier" in "doit veiller à simplifier"."""
    chain: list[Token] = []
    while action is not None and len(chain) < 6:
        chain.append(action)
        action = _next_verb(action)
    return chain


def _action_token(action: Token | None) -> Token | None:
    """The content verb at the end of the chain of ``action``."""
    chain = _chain(action)
    return chain[-1] if chain else None
