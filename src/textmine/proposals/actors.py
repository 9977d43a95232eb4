"""Action verb and actor of a proposal, from the chain of verbs its trigger governs.

The action verb is the content verb at the end of modal and support-verb chains ("doivent
pouvoir réaliser", "veiller à simplifier"); the actor is who the text asks to act, only where
it names someone able to act: the modal's subject ("les régions doivent…"), a passive's agent,
the addressee of a proposal or directive verb ("confier à l'Agence…", "inciter les collectivités
à…"), never a beneficiary ("garantir aux usagers…", "doivent pouvoir…").
"""

from __future__ import annotations

from spacy.tokens import Token

from textmine.parsed import ParsedDocument
from textmine.proposals.lexicon import (
    ACTOR_LEMMAS,
    COLLECTIVE_BODIES,
    DIRECTIVE_OBJECT_VERBS,
    DIRECTIVE_TO_VERBS,
    DOCUMENT_LEMMAS,
    LOCATIVE_NOUNS,
    MODALS,
    NON_ACTOR_WORDS,
    NON_AGENTIVE_VERBS,
    PROPOSAL_VERBS,
    PUBLIC_OPERATOR_LEMMAS,
    TASK_VERBS,
)
from textmine.proposals.syntax import (
    _action_lemma,
    _chain,
    _child,
    _head_read_as_subject,
    _infinitive_complement,
    _is_passive,
)

_ACTOR_DEPS = {"det", "amod", "nmod", "case", "flat:name", "flat", "fixed", "compound", "nummod"}


def _actor_text(pdoc: ParsedDocument, head: Token, floor: int = 0) -> str | None:
    """The noun phrase of ``head`` ("l'Agence du numérique"), none of it before ``floor``."""
    if head.pos_ not in {"NOUN", "PROPN"} or head.lower_ in NON_ACTOR_WORDS or head.idx < floor:
        return None
    indices = {head.i}
    stack = [head]
    while stack:
        token = stack.pop()
        for child in token.children:
            if token is head and (
                child.dep_ == "case"
                or (child.dep_ == "cc" and child.i < head.i)
                or (child.dep_ == "det" and child.lower_ in {"au", "aux"})
            ):
                continue  # "par l'Agence", "à l'État": the preposition is not the actor
            if child.dep_ in _ACTOR_DEPS or (child.dep_ in {"conj", "cc"} and token is head):
                indices.add(child.i)
                stack.append(child)
    indices = {i for i in indices if head.doc[i].idx >= floor}
    first, last = min(indices), max(indices)
    if last - first > 12:
        last = first + 12
    doc = head.doc
    text = pdoc.text[doc[first].idx : doc[last].idx + len(doc[last].text)]
    return " ".join(text.split()).strip(' ,;:*-•●>«»"()[]') or None


def _directive(verb: Token) -> tuple[Token, Token | None] | None:
    """(addressee, action) of a directive verb: who is asked to act, and what they are to do.

    "inciter *les collectivités* à mutualiser", "demander *aux régions* de financer", "confier *à
    l'Agence* la coordination" (a task, no infinitive), "les opérateurs *sont invités* à…". The
    addressee must be someone who can act; "garantir aux usagers…", "aider les entreprises à…",
    "permettre aux usagers de…" are not directives: the usagers or entreprises are beneficiaries.
    """
    lemma = verb.lemma_.lower()
    if lemma in DIRECTIVE_OBJECT_VERBS:
        deps = {"nsubj:pass", "nsubj"} if _is_passive(verb) else {"obj"}
        candidates = [c for c in verb.children if c.dep_ in deps]
    elif lemma in DIRECTIVE_TO_VERBS:
        candidates = [a for a in (_addressee(verb),) if a is not None]
    else:
        return None
    for addressee in candidates:
        if not _agent_like(addressee) or addressee.lemma_.lower() in LOCATIVE_NOUNS:
            continue
        action = _infinitive_complement(verb, through_objects=True)
        if action is not None and addressee.i < action.i:
            return addressee, action
        if lemma in TASK_VERBS and _child(verb, {"obj"}) is not None:
            return addressee, None
    return None


def _agent_like(head: Token) -> bool:
    """A noun that can name who acts: a proper name, an organisation or person, an institution
    (not a document that proposes: "la stratégie doit nous inciter…")."""
    lemma = head.lemma_.lower()
    if lemma in DOCUMENT_LEMMAS:
        return False
    if head.pos_ == "PROPN":
        return True
    if head.ent_type_ in {"ORG", "PER"} and head.ent_iob_ == "B":
        return True
    if lemma in PUBLIC_OPERATOR_LEMMAS:
        return True  # "L'université engagera 12 M€…" (P29: the public operators of measures)
    if lemma in COLLECTIVE_BODIES:
        return True  # "L'agglomération créera…", "L'établissement investira…" (P33)
    return lemma in ACTOR_LEMMAS or head.lower_ in ACTOR_LEMMAS


def _resolve(
    pdoc: ParsedDocument, trigger: Token | None, action: Token | None, floor: int = 0
) -> tuple[str | None, str | None]:
    """(action verb, actor) of a proposal: its ``trigger`` (a modal or proposal verb, or None for
    an infinitive-led item) and the ``action`` it governs.

    The action verb is the content verb at the end of the modal and support-verb chain
    ("doivent pouvoir réaliser" → "réaliser", "veiller à simplifier" → "simplifier"). The actor
    is who is asked to act, where the text names them: the agent of a passive ("par l'Agence"),
    the subject of a clause a proposal verb governs ("que l'État crée"), the addressee of a
    proposal verb ("propose aux régions de"), the subject of the modal ("l'État pourrait") unless
    the modal grants a capacity ("les collectivités doivent pouvoir…": someone else must enable
    them), or else the addressee of a directive ("inciter les collectivités à mutualiser": then
    the action is what they are to do). Only nouns that can name an actor qualify.
    """
    chain = _chain(action)
    if not chain:
        return None, None
    enabled = trigger is not None and any(v.lemma_.lower() == "pouvoir" for v in chain)
    actor = _actor_head(trigger, chain, enabled)
    if actor is None and not enabled:
        directive = _directive(chain[-1])
        if directive is not None:
            actor, directed = directive
            if directed is not None:
                verb_lemma, _ = _resolve(pdoc, None, directed, floor)
                return verb_lemma, _actor_text(pdoc, actor, floor)
    actor_text = _actor_text(pdoc, actor, floor) if actor is not None else None
    if chain[-1].lemma_.lower() in MODALS:  # "doivent pouvoir être accessibles": no action verb
        return None, actor_text
    return _action_lemma(chain[-1]), actor_text


def _actor_head(trigger: Token | None, chain: list[Token], enabled: bool) -> Token | None:
    action = chain[0]
    for verb in (*chain, trigger):
        agent = _child(verb, {"obl:agent"}) if verb is not None else None
        if agent is not None:
            return agent if _agent_like(agent) else None
    if trigger is None or chain[-1].lemma_.lower() in NON_AGENTIVE_VERBS:
        return None
    found = [_child(action, {"nsubj"}) or _head_read_as_subject(action)]
    if trigger.lemma_.lower() in PROPOSAL_VERBS:
        found.append(_addressee(trigger))
        if _is_passive(trigger):  # "les collectivités sont invitées à mutualiser…"
            found.append(_child(trigger, {"nsubj:pass", "nsubj"}))
    # the subject of "X doit être créé" is what is acted upon, not who acts
    # ("aller": "l'État va lancer…")
    modal = trigger.lemma_.lower() in MODALS | {"aller"}
    if modal and not enabled and not any(map(_is_passive, chain)):
        found.append(_child(trigger, {"nsubj"}))
    for head in found:
        if head is not None and head.lemma_.lower() not in LOCATIVE_NOUNS and _agent_like(head):
            return head
    return None


def _addressee(trigger: Token) -> Token | None:
    for child in trigger.children:
        if child.dep_ in {"obl:arg", "obl", "iobj", "obl:mod"} and any(
            c.lower_ in {"à", "aux", "au"} for c in child.children if c.dep_ in {"case", "det"}
        ):  # "aux" is sometimes read as a determiner
            return child
        if child.dep_ == "iobj" and child.pos_ != "PRON":
            return child
    return None
