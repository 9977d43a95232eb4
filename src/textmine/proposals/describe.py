"""The action verb and actor of a numbered item, list item or contribution, from its opening."""

from __future__ import annotations

from spacy.tokens import Span, Token

from textmine.parsed import ParsedDocument
from textmine.proposals.actors import _resolve
from textmine.proposals.items import _analyse_sentence, _Candidate
from textmine.proposals.lexicon import DISCOURSE_VERBS, LIGHT_VERBS, MODALS
from textmine.proposals.lines import _Line
from textmine.proposals.syntax import (
    _has_sentences,
    _is_infinitive,
    _is_passive,
    _leading_infinitive,
    _mood_ok,
    _tokens_in,
)


def _describe(pdoc: ParsedDocument, candidate: _Candidate, lines: list[_Line]) -> None:
    """Fill action verb and actor of an item from its opening (first sentence, or for a
    contribution its first lines and sentences: title and body are free text)."""
    floor = candidate.start if candidate.body_start is None else candidate.body_start
    body = _tokens_in(pdoc, floor, candidate.end)  # without "Recommandation 3 –"
    if body is None:
        return
    contribution = candidate.kind == "contribution"
    openings = [body]
    if contribution:  # "Titre\nRemettre en place les contrats aidés…"
        openings += [_tokens_in(pdoc, line.content_start, line.end) for line in lines[:4]]
    leading = next(filter(None, map(_leading_infinitive, openings)), None)
    if leading is not None:
        # "Veiller à simplifier…" → "simplifier"; "Inciter les collectivités à mutualiser…"
        candidate.action_verb, candidate.actor = _resolve(pdoc, None, leading, floor)
    if not _has_sentences(pdoc):
        return
    # the actor, if the item names one, is in its first sentence ("L'État devrait…"); an item
    # led by an infinitive names it there or not at all
    sentences = [s for s in body.sents if _has_content(s, floor)][: 5 if contribution else 1]
    if not sentences or (leading is not None and not contribution):
        return
    for sentence in sentences:
        hit = _analyse_sentence(sentence)
        if hit is None or hit.confidence < 0.6:
            continue
        verb, actor = _resolve(pdoc, hit.trigger, hit.action, floor)
        if candidate.action_verb is None:
            candidate.action_verb = verb
        if candidate.actor is None:
            candidate.actor = actor
        break
    first_sentence = sentences[0]
    root = first_sentence.root
    if candidate.action_verb is None and root.idx >= floor and _is_infinitive(root):
        candidate.action_verb = root.lemma_.lower()  # "Au-delà des données, faire avancer…"
    if candidate.action_verb is None and candidate.kind == "numbered":
        statement = _statement_verb(first_sentence, floor)
        if statement is not None:
            candidate.action_verb, actor = _resolve(pdoc, None, statement, floor)
            candidate.actor = candidate.actor or actor


def _has_content(sentence: Span, floor: int) -> bool:
    """Whether a sentence has a word at or after ``floor`` (not only "Recommandation 7")."""
    return any(t.idx >= floor and not (t.is_space or t.is_punct) for t in sentence)


def _statement_verb(sentence: Span, floor: int) -> Token | None:
    """The main verb of an item worded as a rule in the passive, present or future ("Les données
    et services *sont exposés* selon des standards…"): someone unnamed is to do it. Active verbs
    of such items mostly state a situation ("L'état de l'API représente…", "Les réutilisateurs
    disposent de…"), conditions ("Si le droit…") are not the rule, and a verb after a colon is
    that of a detail ("… est consultable : la charge est exprimée…")."""
    root = sentence.root
    if root.idx < floor or root.pos_ != "VERB" or not _is_passive(root):
        return None
    if root.lemma_.lower() in LIGHT_VERBS | DISCOURSE_VERBS | MODALS:
        return None
    if any(c.dep_ == "mark" for c in root.children) or not _mood_ok(root):
        return None
    if any(t.text == ":" and t.idx >= floor for t in sentence[: root.i - sentence.start]):
        return None
    return root
