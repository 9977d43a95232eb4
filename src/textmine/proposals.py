"""Detection of proposals: numbered items, infinitive-led list items, prose proposals, contributions.

Interface used by ``flows/``:

- ``detect_proposals(pdoc: ParsedDocument, config: ProposalsConfig) -> list[dict]``: rows of the
  ``proposals`` table for one document (without cluster columns); a consultation-table row
  (``pdoc.is_contribution``) is one proposal of kind ``contribution``.
- ``make_proposal_id(doc_id: str, text: str) -> str``: stable across reruns.
- ``proposals_frame(rows: list[dict]) -> pd.DataFrame``: the rows as the ``proposals`` table.

How it works. The text is cut into lines, each classed as blank, page number, numbered header
("Recommandation 3 –", "Proposition n° 12 :"), bullet ("●", "-", "1.", "a)") or plain text; the
blocks from ingestion, when present, add list items and headings that the text alone does not
show. A numbered header opens a proposal that runs through its title (or first paragraph) and the
bullets that follow it, and stops at the next header, heading or unrelated paragraph. Bullets
outside numbered items whose first word is an infinitive (spaCy morphology) are list proposals.
The remaining sentences are read with the parse: a proposal verb (proposer, recommander...) in
the present, future or conditional, or a deontic construction (devoir, falloir, convenir,
pouvoir in the conditional, "il est nécessaire de", "X est indispensable" with an infinitive as
subject, "cela implique / nécessite de", "est / reste à renforcer"); a measure a public body
announces (the future, "va + infinitive", a passive future of a new step, "lance / annonce /
mobilise" + an action programme, "l'objectif est de… d'ici 2022"), or a call to act ("les
administrations sont invitées à candidater", "Talents du numérique, faites…"), both with lower
confidence than a recommendation. Past tenses, releases ("lance aujourd'hui le site") and
cross-references are not proposals; a sentence the parser runs across paragraphs is read
paragraph by paragraph. The action verb is the content verb at the end of modal and
support-verb chains ("doivent pouvoir réaliser", "veiller à simplifier"); the actor is who the
text asks to act, only where it names someone able to act: the modal's subject ("les régions doivent…"), a passive's
agent, the addressee of a proposal or directive verb ("confier à l'Agence…", "inciter les
collectivités à…"), never a beneficiary ("garantir aux usagers…", "doivent pouvoir…").
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
from spacy.tokens import Span, Token

from textmine import schema
from textmine.config import ProposalsConfig
from textmine.parsed import ParsedDocument, StructureIndex
from textmine.textnorm import strip_accents

__all__ = [
    "KINDS",
    "detect_proposals",
    "make_proposal_id",
    "proposals_frame",
]

KINDS = ("numbered", "list_item", "prose", "contribution")

# --------------------------------------------------------------------------- lines

_BULLET = re.compile(
    r"^[ \t]*(?P<marker>[●○•▪◦■□➢►▸✓✔·∙◆◇‣⁃]|[-–—*+](?=\s)|\(?\d{1,2}[.)°](?=\s)|\(?[a-z][.)](?=\s))"
    r"[ \t]*"
)
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s*)?\d{1,4}\s*(?:/\s*\d{1,4})?\s*$", re.I)
_HTML_ONLY = re.compile(r"^\s*(?:<[^>\n]*>\s*)+$")
_MD_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+(?P<title>.+?)[ \t#]*$")
_TOC_LEADER = re.compile(r"(?:\.{5,}|…{3,}|(?:\. ){4,})")
_ENDS_SENTENCE = re.compile(r"[.!?;…][\s*_»\"]*$")
_MARKUP = re.compile(r"[*_`#>]+")


@dataclass(slots=True)
class _Line:
    start: int  # offset of the first non-blank character
    end: int  # offset after the last non-blank character
    kind: str  # blank | page | header | bullet | heading | text
    text: str
    content_start: int  # after the bullet marker, for bullets; after the label, for headers
    number: str | None = None  # for headers and numbered bullets
    has_title: bool = False  # header followed by a title on the same line


def _header_pattern(labels: Iterable[str]) -> re.Pattern[str]:
    alternatives = "|".join(sorted((re.escape(label) for label in labels), key=len, reverse=True))
    return re.compile(
        r"^[ \t]*(?:[#>]+[ \t]*)?(?:[-*•●][ \t]+)?(?:[*_]{1,3}[ \t]*)?"
        rf"(?P<label>{alternatives})[ \t]*"
        r"(?:n[ \t]*[°º]|n[o]\.?|N[°º]|#)?[ \t]*"
        r"(?P<num>\d{1,3}(?:[.-]\d{1,2})?(?:[ \t]?(?:bis|ter|[a-z]\b))?|[IVXLC]{1,6}\b)"
        r"[ \t]*(?:[*_]{1,3})?[ \t]*"
        r"(?P<sep>[:.–—\-)]|$)"
        r"(?:[ \t]*(?:[*_]{1,3})?)(?P<rest>.*)$",
        re.I,
    )


def _classify_lines(
    text: str,
    header: re.Pattern[str],
    list_starts: set[int],
    noise: list[tuple[int, int]] | None = None,
) -> list[_Line]:
    """One :class:`_Line` per line of ``text``; lines starting inside ``noise`` are skippable."""
    lines: list[_Line] = []
    noise = noise or []
    noise_starts = [start for start, _ in noise]
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        stripped = body.strip()
        start = pos + (len(body) - len(body.lstrip())) if stripped else pos
        end = start + len(stripped)
        pos += len(raw)
        if not stripped or _HTML_ONLY.match(body) or set(stripped) <= set("\f "):
            lines.append(_Line(start, end, "blank", stripped, start))
            continue
        k = bisect_right(noise_starts, start) - 1
        if _PAGE_NUMBER.match(body) or (k >= 0 and start < noise[k][1]):
            lines.append(_Line(start, end, "page", stripped, start))
            continue
        match = header.match(body)
        if match and _is_header(match, stripped):
            rest = _MARKUP.sub("", match.group("rest")).strip(" \t:–—-.")
            title_start = pos - len(raw) + match.start("rest")
            title_start += len(match.group("rest")) - len(match.group("rest").lstrip(" \t*_:–—-."))
            lines.append(
                _Line(start, end, "header", stripped, title_start, match.group("num"), bool(rest))
            )
            continue
        heading = _MD_HEADING.match(body)
        if heading:
            lines.append(_Line(start, end, "heading", heading.group("title"), start))
            continue
        bullet = _BULLET.match(body)
        if bullet or start in list_starts:
            content_start = pos - len(raw) + bullet.end() if bullet else start
            number = None
            if bullet:
                digits = re.sub(r"\D", "", bullet.group("marker"))
                number = digits or None
            lines.append(_Line(start, end, "bullet", stripped, content_start, number))
            continue
        lines.append(_Line(start, end, "text", stripped, start))
    return lines


def _is_header(match: re.Match[str], line: str) -> bool:
    """A numbered header, not a sentence that happens to start with "Proposition 31 du…"."""
    label = match.group("label")
    if not label[0].isupper():
        return False  # "proposition 31 d'interdire…" wrapped at a line start: a mention
    if _TOC_LEADER.search(line):
        return False  # a table-of-contents entry
    rest = match.group("rest").strip()
    if match.group("sep") == "." and rest[:1].islower():
        return False
    # A header's title does not start with a lowercase word right after the number ("du rapport").
    return not (match.group("sep") == "" and rest[:1].islower())


# --------------------------------------------------------------------------- helpers


def make_proposal_id(doc_id: str, text: str) -> str:
    """A short id that stays the same across runs for the same text in the same document."""
    key = f"{doc_id}\n{' '.join(text.split())}"
    return "p" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:15]


def _starts_lower(text: str) -> bool:
    first = _MARKUP.sub("", text).lstrip(' \t"«(“')[:1]
    return first.islower()


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


_LEADING_SKIP = {"ne", "n'", "n’", "pas", "mieux", "davantage", "plus", "également", "aussi"}
_INFINITIVE_ENDINGS = ("er", "ir", "re", "oir", "ïr")


def _is_infinitive(token: Token) -> bool:
    if token.pos_ not in {"VERB", "AUX"} and not token.text[:1].isupper():
        return False
    if "Inf" in token.morph.get("VerbForm"):
        return True
    # The tagger often reads a capitalised sentence-initial infinitive as finite ("Créer").
    lower = token.text.lower()
    if lower != token.lemma_.lower() or not lower.endswith(_INFINITIVE_ENDINGS):
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
        if skipped < 3 and (lower in _LEADING_SKIP or token.morph.get("Reflex")):
            skipped += 1
            continue
        if skipped < 3 and lower in {"s'", "s’", "se"}:
            skipped += 1
            continue
        return token if _is_infinitive(token) else None
    return None


_CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ"}


# spaCy's French stop words hold some of their forms ("doit", "peut") and not others ("devons",
# "devrait", "faut"): they name no topic, whatever the form.
MODAL_LEMMAS = frozenset({"devoir", "pouvoir", "falloir", "vouloir", "aller"})


def _content_lemmas(span: Span | None, extra_stop: set[str]) -> str:
    if span is None:
        return ""
    lemmas = []
    for token in span:
        if token.is_stop or not token.is_alpha or len(token.text) < 2:
            continue
        if token.pos_ not in _CONTENT_POS:
            continue
        lemma = token.lemma_.lower()
        if lemma in extra_stop or lemma in MODAL_LEMMAS:
            continue
        lemmas.append(lemma)
    return " ".join(lemmas)


# --------------------------------------------------------------------------- actors and verbs

_ACTOR_DEPS = {"det", "amod", "nmod", "case", "flat:name", "flat", "fixed", "compound", "nummod"}
_NON_ACTOR_WORDS = {
    "il", "ils", "elle", "elles", "on", "ce", "cela", "ça", "c'", "c’", "qui", "celle", "celles",
    "celui", "ceux", "ceci", "leur", "leurs", "terme",
}  # fmt: skip


def _actor_text(pdoc: ParsedDocument, head: Token, floor: int = 0) -> str | None:
    """The noun phrase of ``head`` ("l'Agence du numérique"), none of it before ``floor``."""
    if head.pos_ not in {"NOUN", "PROPN"} or head.lower_ in _NON_ACTOR_WORDS or head.idx < floor:
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


# Verbs that hand the action to the verb they govern: "veiller à simplifier", "permettre de
# réaliser", "faire en sorte que…", "s'assurer que…", "chercher à adapter", "continuer de…".
_SUPPORT_VERBS = {
    "veiller", "permettre", "faire", "assurer", "chercher", "continuer", "efforcer", "attacher",
    "tâcher", "viser",
}  # fmt: skip
# Directive verbs: their object ("inciter les collectivités à…") or their "à" complement
# ("demander aux régions de…", "confier à l'Agence…") is who is asked to act.
_DIRECTIVE_OBJECT_VERBS = {
    "inciter", "encourager", "inviter", "appeler", "engager", "charger", "mandater", "obliger",
    "contraindre", "astreindre", "pousser", "amener", "exhorter",
}  # fmt: skip
_DIRECTIVE_TO_VERBS = {
    "demander", "proposer", "recommander", "suggérer", "conseiller", "préconiser", "imposer",
    "enjoindre", "confier", "déléguer", "attribuer",
}  # fmt: skip
_TASK_VERBS = {"confier", "déléguer", "attribuer"}  # "à X" + a task, no infinitive needed
_OBJECT_DEPS = {"obj", "iobj", "obl:arg", "obl"}
_COMPLEMENT_DEPS = {"xcomp", "ccomp", "dep", "obj", "acl", "advcl", "obl", "obl:arg"}
_PURPOSE_MARKS = {"pour", "afin", "sans", "en", "par", "avant", "après", "jusqu'", "jusqu’"}


def _next_verb(verb: Token) -> Token | None:
    """The verb a modal or support verb hands the action to, or None for a content verb.

    "doit *créer*", "doit être *créé*", "veiller à *simplifier*", "permettre de *réaliser*",
    "faire en sorte que les communes *disposent*", "s'assurer que… soient *présentés*". The parser
    sometimes hangs both infinitives of "doivent pouvoir réaliser" on "doivent": the second is
    then a sibling of the first.
    """
    lemma = verb.lemma_.lower()
    if lemma in _MODALS or lemma == "être":
        return _governed_verb(verb) or _next_sibling_infinitive(verb)
    if lemma not in _SUPPORT_VERBS:
        return None
    if lemma == "faire":  # "faire en sorte que…", not the causative "faire avancer"
        if not any(c.lower_ == "sorte" for c in verb.children):
            return None
        return _que_clause(verb)
    if lemma == "assurer":  # "s'assurer que…", not "assurer la coordination"
        if not any(c.morph.get("Reflex") or c.lower_ in _REFLEXIVE for c in verb.children):
            return None
        nxt = _que_clause(verb) or _infinitive_complement(verb)
    else:
        nxt = _infinitive_complement(verb, through_objects=lemma == "permettre")
    # "s'assurer que le développement ne tarisse pas…": the action is not "tarir"
    return None if nxt is None or _is_negated(nxt) else nxt


_REFLEXIVE = {"s'", "s’", "se"}


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
            if not marks & _PURPOSE_MARKS:
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


def _directive(verb: Token) -> tuple[Token, Token | None] | None:
    """(addressee, action) of a directive verb: who is asked to act, and what they are to do.

    "inciter *les collectivités* à mutualiser", "demander *aux régions* de financer", "confier *à
    l'Agence* la coordination" (a task, no infinitive), "les opérateurs *sont invités* à…". The
    addressee must be someone who can act; "garantir aux usagers…", "aider les entreprises à…",
    "permettre aux usagers de…" are not directives: the usagers or entreprises are beneficiaries.
    """
    lemma = verb.lemma_.lower()
    if lemma in _DIRECTIVE_OBJECT_VERBS:
        deps = {"nsubj:pass", "nsubj"} if _is_passive(verb) else {"obj"}
        candidates = [c for c in verb.children if c.dep_ in deps]
    elif lemma in _DIRECTIVE_TO_VERBS:
        candidates = [a for a in (_addressee(verb),) if a is not None]
    else:
        return None
    for addressee in candidates:
        if not _agent_like(addressee) or addressee.lemma_.lower() in _LOCATIVE_NOUNS:
            continue
        action = _infinitive_complement(verb, through_objects=True)
        if action is not None and addressee.i < action.i:
            return addressee, action
        if lemma in _TASK_VERBS and _child(verb, {"obj"}) is not None:
            return addressee, None
    return None


def _agent_like(head: Token) -> bool:
    """A noun that can name who acts: a proper name, an organisation or person, an institution
    (not a document that proposes: "la stratégie doit nous inciter…")."""
    lemma = head.lemma_.lower()
    if lemma in _DOCUMENT_LEMMAS:
        return False
    if head.pos_ == "PROPN":
        return True
    if head.ent_type_ in {"ORG", "PER"} and head.ent_iob_ == "B":
        return True
    return lemma in _ACTOR_LEMMAS or head.lower_ in _ACTOR_LEMMAS


_DOCUMENT_LEMMAS = {"rapport", "avis", "document", "texte", "feuille", "plan", "stratégie"}
# their subject is not asked to act: "l'utilisateur pourrait bénéficier…", "X pourrait devenir…"
_NON_AGENTIVE_VERBS = {
    "être", "devenir", "rester", "sembler", "paraître", "bénéficier", "disposer", "recevoir",
    "jouir",
}  # fmt: skip


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
    if chain[-1].lemma_.lower() in _MODALS:  # "doivent pouvoir être accessibles": no action verb
        return None, actor_text
    return _action_lemma(chain[-1]), actor_text


def _actor_head(trigger: Token | None, chain: list[Token], enabled: bool) -> Token | None:
    action = chain[0]
    for verb in (*chain, trigger):
        agent = _child(verb, {"obl:agent"}) if verb is not None else None
        if agent is not None:
            return agent if _agent_like(agent) else None
    if trigger is None or chain[-1].lemma_.lower() in _NON_AGENTIVE_VERBS:
        return None
    found = [_child(action, {"nsubj"}) or _head_read_as_subject(action)]
    if trigger.lemma_.lower() in _PROPOSAL_VERBS:
        found.append(_addressee(trigger))
        if _is_passive(trigger):  # "les collectivités sont invitées à mutualiser…"
            found.append(_child(trigger, {"nsubj:pass", "nsubj"}))
    # the subject of "X doit être créé" is what is acted upon, not who acts
    # ("aller": "l'État va lancer…")
    modal = trigger.lemma_.lower() in _MODALS | {"aller"}
    if modal and not enabled and not any(map(_is_passive, chain)):
        found.append(_child(trigger, {"nsubj"}))
    for head in found:
        if head is not None and head.lemma_.lower() not in _LOCATIVE_NOUNS and _agent_like(head):
            return head
    return None


def _is_passive(verb: Token | None) -> bool:
    if verb is None:
        return False
    return "Pass" in verb.morph.get("Voice") or _child(verb, {"aux:pass"}) is not None


_LOCATIVE_NOUNS = {"sein", "niveau", "cadre", "titre", "égard", "lieu", "terme", "échelle"}


def _addressee(trigger: Token) -> Token | None:
    for child in trigger.children:
        if child.dep_ in {"obl:arg", "obl", "iobj", "obl:mod"} and any(
            c.lower_ in {"à", "aux", "au"} for c in child.children if c.dep_ in {"case", "det"}
        ):  # "aux" is sometimes read as a determiner
            return child
        if child.dep_ == "iobj" and child.pos_ != "PRON":
            return child
    return None


# --------------------------------------------------------------------------- prose

_PROPOSAL_VERBS = {
    "proposer": 0.85,
    "recommander": 0.9,
    "préconiser": 0.9,
    "suggérer": 0.8,
    "conseiller": 0.75,
    "inviter": 0.7,
    "appeler": 0.65,
    "encourager": 0.65,
    "plaider": 0.75,
    "demander": 0.6,
    "souhaiter": 0.6,
    "inciter": 0.65,
}
# "sont invités à candidater / se connecter / répondre à l'appel": a call for applications
_CALL_TO_ACTION_VERBS = {
    "candidater", "postuler", "inscrire", "connecter", "répondre", "soumettre", "participer",
    "consulter", "découvrir", "rejoindre", "connaître", "tester", "voter", "déposer",
}  # fmt: skip
_WEAK_PROPOSAL_VERBS = {
    "inviter", "appeler", "encourager", "inciter", "demander", "souhaiter", "conseiller",
}  # fmt: skip
# Who is invited to take part in a programme ("les administrations sont invitées à candidater",
# "j'incite les talents à répondre à l'appel") is called to act: a call, weaker than a proposal.
_INVITATION_VERBS = {"inviter", "appeler", "encourager", "inciter"}
_CALL_CONFIDENCE = 0.5
_MODALS = {"devoir", "pouvoir", "falloir", "convenir", "convier"}
# "il faut noter que…", "il convient de rappeler…": discourse, not a proposal
_DISCOURSE_VERBS = {
    "dire", "noter", "ajouter", "admettre", "préciser", "reconnaître", "souligner", "rappeler",
    "constater", "voir", "distinguer", "comprendre", "observer", "signaler", "remarquer",
    "avouer", "savoir", "citer", "mentionner", "relever", "insister", "considérer", "être",
    "avoir",
}  # fmt: skip
_SUBORDINATORS = {"si", "comme", "lorsque", "quand", "puisque", "parce", "car", "lorsqu'"}
_NECESSITY_ADJ = {
    "nécessaire",
    "indispensable",
    "essentiel",
    "impératif",
    "souhaitable",
    "urgent",
    "utile",
    "primordial",
    "préférable",
    "opportun",
}
_AGENT_LEMMAS = {
    "conseil",
    "rapport",
    "mission",
    "commission",
    "comité",
    "gouvernement",
    "ministre",
    "ministère",
    "secrétaire",
    "état",
    "auteur",
    "groupe",
    "cour",
    "sénat",
    "assemblée",
    "agence",
    "rapporteur",
    "député",
    "sénateur",
    "président",
    "présidente",
    "cnnum",
    "dinum",
    "avis",
    "document",
    "texte",
    "feuille",
    "plan",
    "stratégie",
}
# who may be asked to act: "le législateur pourrait…", "les collectivités pourraient…"
_ACTOR_LEMMAS = _AGENT_LEMMAS | {
    "législateur", "pouvoir", "autorité", "collectivité", "région", "département", "commune",
    "administration", "union", "europe", "france", "opérateur", "acteur", "entreprise",
    "plateforme", "utilisateur", "usager", "citoyen", "service", "fournisseur", "producteur",
    "réutilisateur", "association", "établissement", "organisme", "régulateur", "juge", "élu",
}  # fmt: skip


def _with_unaccented(words: set[str]) -> set[str]:
    """Add "etat" for "état": capitalised words often lose their accents ("l'Etat")."""
    return words | {strip_accents(w) for w in words}


# public bodies: "l'État peut accompagner…", "le gouvernement souhaite que…"
_INSTITUTION_LEMMAS = _with_unaccented(
    {
        "état", "gouvernement", "ministre", "ministère", "secrétaire", "collectivité", "agence",
        "commission", "conseil", "législateur", "pouvoir", "autorité", "administration", "région",
        "département", "commune", "union", "parlement", "sénat", "assemblée", "mission", "comité",
        "cnnum", "dinum", "président", "présidente", "préfet", "direction",
    }
)  # fmt: skip
_AGENT_LEMMAS = _with_unaccented(_AGENT_LEMMAS)
_ACTOR_LEMMAS = _with_unaccented(_ACTOR_LEMMAS)
_FIRST_PERSON = {"nous", "je", "j'", "j’", "on"}


# Verbs whose compound past takes "être" ("est venu", "sont arrivés"): with them "être" + participle
# is a past; with any other verb it is a passive ("sont invités", "est lancée"), whatever label
# the parser gives the auxiliary.
_ETRE_PAST_VERBS = {
    "aller", "venir", "revenir", "devenir", "parvenir", "intervenir", "survenir", "arriver",
    "partir", "repartir", "entrer", "rentrer", "sortir", "naître", "mourir", "décéder", "rester",
    "tomber", "retomber", "retourner", "monter", "descendre", "passer", "paraître", "apparaître",
}  # fmt: skip


def _passive_aux(participle: Token) -> Token | None:
    """The "être" of a passive participle ("sont *invités*", "sera *lancée*"), not of a past
    ("est venu", "s'est engagé") nor of a past passive's "été" ("a été lancé": it is returned, and
    :func:`_is_past` sees its own auxiliary)."""
    if (
        "Part" not in participle.morph.get("VerbForm")
        or participle.lemma_.lower() in _ETRE_PAST_VERBS
    ):
        return None
    if any(c.lower_ in _REFLEXIVE or c.morph.get("Reflex") == ["Yes"] for c in participle.children):
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
    return next((c for c in token.children if c.dep_ in deps and c.lower_ not in _REFLEXIVE), None)


def _is_agent_subject(subject: Token | None) -> bool:
    if subject is None:
        return False
    if subject.lower_ in _FIRST_PERSON:
        return True
    return subject.pos_ == "PROPN" or subject.lemma_.lower() in _AGENT_LEMMAS


@dataclass(slots=True)
class _ProseHit:
    trigger: Token
    action: Token | None
    confidence: float


def _analyse_sentence(sent: Span) -> _ProseHit | None:
    """The strongest proposal construction in a sentence, if any."""
    if sent.text.rstrip().endswith("?"):
        return None
    return _best_hit(sent)


def _best_hit(tokens: Iterable[Token]) -> _ProseHit | None:
    best: _ProseHit | None = None
    for token in tokens:
        hit = _analyse_token(token) or _announced_measure(token)
        if hit is not None and (best is None or hit.confidence > best.confidence):
            best = hit
    return best


def _analyse_token(token: Token) -> _ProseHit | None:
    if token.pos_ not in {"VERB", "AUX", "ADJ"}:
        return None
    if any(c.dep_ == "mark" and c.lower_ in _SUBORDINATORS for c in token.children):
        return None  # "si les traces devraient…", "comme il convient de…": not asserted
    lemma = token.lemma_.lower()
    if token.pos_ == "ADJ":
        return _impersonal(_necessity(token))
    if lemma in _PROPOSAL_VERBS:
        return _proposal_verb(token, lemma)
    if "Inf" in token.morph.get("VerbForm") or lemma in {"être", "rester"}:
        return _stated_proposal(token) or _impersonal(_to_be_done(token))
    if lemma == "devoir" or (lemma == "pouvoir" and "Cnd" in token.morph.get("Mood")):
        return _modal(token, lemma)
    if lemma in _NECESSITY_VERBS:
        return _impersonal(_necessity_verb(token))
    if (
        lemma == "pouvoir"
        and "Pres" in token.morph.get("Tense")
        and "Ind" in token.morph.get("Mood")
    ):
        # "l'État peut les y accompagner": a weak proposal only when an institution is the subject
        subject = _subject(token)
        action = _governed_verb(token)
        institution = subject is not None and subject.lemma_.lower() in _INSTITUTION_LEMMAS
        return _ProseHit(token, action, 0.5) if institution and action is not None else None
    is_convenir = lemma in {"convenir", "convier"} and token.lower_.startswith("conv")
    subject = _subject(token)
    impersonal = subject is not None and subject.lower_ == "il"
    if lemma == "falloir" or (is_convenir and impersonal) or (lemma == "importer" and impersonal):
        if not _mood_ok(token):
            return None
        confidence = 0.7 if lemma == "importer" else 0.8
        return _impersonal(_ProseHit(token, _governed_verb(token), confidence))
    return None


def _impersonal(hit: _ProseHit | None) -> _ProseHit | None:
    """ "il faut / il convient de / il est nécessaire de" + an action, not "il faut noter que"."""
    if hit is None or hit.action is None:
        return None
    action = _action_token(hit.action)
    if action is None or action.lemma_.lower() in _DISCOURSE_VERBS:
        return None
    return hit


# "l'objectif est de…", "le but est de…" describe a programme's aim: left out on purpose
_PROPOSAL_NOUNS = {
    "idée", "proposition", "souhait", "suggestion", "solution", "demande", "recommandation",
    "préconisation",
}  # fmt: skip


def _stated_proposal(verb: Token) -> _ProseHit | None:
    """ "Mon idée est de développer…", "la solution serait de créer…"."""
    if verb.lemma_.lower() == "être":  # parsed as "est" governing "développer"
        cop, action = verb, _child(verb, {"xcomp", "ccomp"})
        if action is None or "Inf" not in action.morph.get("VerbForm"):
            return None
    else:  # parsed as "développer" with "est" as its copula
        cop, action = _child(verb, {"cop"}), verb
    subject = _child(cop if cop is verb else verb, {"nsubj"})
    if cop is None or subject is None or _is_past(cop) or "Imp" in cop.morph.get("Tense"):
        return None
    if subject.lemma_.lower() not in _PROPOSAL_NOUNS:
        return None
    return _ProseHit(cop, action, 0.7)


def _to_be_done(token: Token) -> _ProseHit | None:
    """ "la sécurité des budgets est à renforcer", "les efforts restent à poursuivre": "être à"
    + infinitive says what is still to be done. ``token`` is "être" governing the infinitive,
    or the infinitive with "être" as its copula, as the parser reads either."""
    if token.lemma_.lower() in {"être", "rester"}:
        cop = token
        action = next(
            (c for c in token.rights if c.dep_ in {"xcomp", "ccomp"} and _is_infinitive_verb(c)),
            None,
        )
    else:
        cop, action = _child(token, {"cop"}), token
    if cop is None or action is None or cop.i > action.i:
        return None
    marks = [c for c in action.children if c.dep_ in {"mark", "case"} and c.lower_ == "à"]
    if not marks or token.doc[min(marks[0].i + 1, len(token.doc) - 1)].lower_ == "même":
        return None  # not "sont à même de modifier": able to
    if "Fin" not in cop.morph.get("VerbForm") or not _mood_ok(cop) or _is_negated(cop):
        return None
    subject = _subject(cop) or _subject(action)
    if subject is None or subject.pos_ not in {"NOUN", "PROPN"}:
        return None  # "il est à noter", "c'est à vous de…"
    return _ProseHit(cop, action, 0.6)


def _proposal_verb(token: Token, lemma: str) -> _ProseHit | None:
    if not _mood_ok(token):
        return None
    if "Inf" in token.morph.get("VerbForm") or "Ger" in token.morph.get("VerbForm"):
        return None  # "afin de proposer…", "en proposant…": not the main statement
    if token.dep_ in {"acl", "acl:relcl", "advcl", "amod"}:
        return None  # "les mesures proposées…", "qui propose…": a description
    action = _proposed_action(token)
    if action is None and lemma in _INVITATION_VERBS:  # "inciter les administrations… à…"
        action = _infinitive_complement(token, through_objects=True)
    obj = _child(token, {"obj"})
    subject = _subject(token)
    passive = (
        "Pass" in token.morph.get("Voice")
        or _child(token, {"aux:pass"}) is not None
        or _passive_aux(token) is not None
    )
    confidence = _PROPOSAL_VERBS[lemma]
    call = action is not None and action.lemma_.lower() in _CALL_TO_ACTION_VERBS
    if passive:
        # "il est proposé de créer…", "la création d'un guichet est recommandée"
        if action is None and subject is not None and subject.lower_ == "il":
            return None
        if call:  # "les administrations sont invitées à candidater…": a call to act
            impersonal = subject is not None and subject.lower_ == "il"
            return None if impersonal else _ProseHit(token, action, _CALL_CONFIDENCE)
        return _ProseHit(token, action, min(0.95, confidence + 0.05))
    if not _is_agent_subject(subject):
        return None  # "la diffusion des usages nous invite à…", "l'État propose 350 postes"
    first_person = subject is not None and subject.lower_ in _FIRST_PERSON
    if (
        lemma in _WEAK_PROPOSAL_VERBS
        and not first_person
        and subject.lemma_.lower() not in _INSTITUTION_LEMMAS
    ):
        return None  # "le groupe Wal-Mart encourage ses clients à…": a description
    if call:  # "j'incite les administrations à candidater…", not "je propose de consulter…"
        return _ProseHit(token, action, _CALL_CONFIDENCE) if lemma in _INVITATION_VERBS else None
    if action is None and not (first_person and obj is not None and _is_action_noun(obj)):
        return None  # "Google propose la réservation en ligne": an offer, not a proposal
    if not first_person:
        confidence -= 0.1  # a third party's proposal reported in the present
    return _ProseHit(token, action, confidence)


def _proposed_action(token: Token) -> Token | None:
    """The verb of "proposer *de créer*" or "recommander *que l'État crée*"."""
    for child in token.children:
        if child.dep_ not in {"xcomp", "ccomp", "dep", "obj"} or child.pos_ not in {"VERB", "AUX"}:
            continue
        marks = {c.lower_ for c in child.children if c.dep_ == "mark"}
        if "Inf" in child.morph.get("VerbForm") or marks & {"que", "qu'", "qu’"}:
            return child
    return None


def _is_action_noun(token: Token) -> bool:
    return token.pos_ == "NOUN" and token.lemma_.lower().endswith(
        ("tion", "ment", "age", "ure", "sion", "ise")
    )


def _modal(token: Token, lemma: str) -> _ProseHit | None:
    if not _mood_ok(token) or "Inf" in token.morph.get("VerbForm"):
        return None  # "vont devoir payer": a forecast
    if _in_description(token):
        return None  # "les moyens qui doivent…": inside a description
    action = _governed_verb(token)
    if action is None:
        return None
    conditional = "Cnd" in token.morph.get("Mood")
    if lemma == "pouvoir":
        # "pourrait" is a suggestion when someone could act or something could be done
        # ("le législateur pourrait…", "pourraient être actualisés"), else a mere possibility
        subject = _subject(token)
        actor_like = subject is not None and (
            subject.pos_ == "PROPN" or subject.lemma_.lower() in _ACTOR_LEMMAS
        )
        return _ProseHit(token, action, 0.6 if actor_like or _is_passive(action) else 0.45)
    if not conditional and _states_a_legal_obligation(token):
        return None  # "ces organismes doivent se conformer à la directive": the law, reported
    if action.lemma_.lower() in _QUANTITY_VERBS:
        return None  # "le marché devrait représenter 1000 milliards": a forecast (epistemic)
    return _ProseHit(token, action, 0.8 if conditional else 0.65)


_RELATIVE_WORDS = {"qui", "que", "qu'", "qu’", "dont", "où", "lequel", "laquelle", "lesquels"}


def _in_description(verb: Token) -> bool:
    """An adverbial clause, or a relative clause of a noun: it describes, it does not ask."""
    return verb.dep_ == "advcl" or (verb.dep_ in {"acl", "acl:relcl"} and _is_relative(verb))


def _is_relative(verb: Token) -> bool:
    """Whether a finite verb the parser hung on a noun opens a relative clause ("les moyens *qui*
    doivent…"), not the noun's own predicate misread as one ("l'action publique elle-même doit
    se transformer")."""
    if "Fin" not in verb.morph.get("VerbForm") or verb.head.i > verb.i:
        return True
    between = verb.doc[verb.head.i + 1 : verb.i]
    return any(t.lower_ in _RELATIVE_WORDS or "Rel" in t.morph.get("PronType") for t in between)


# Verbs that measure their subject: after "devoir" they forecast a figure, nobody is asked to act.
_QUANTITY_VERBS = {
    "représenter", "atteindre", "dépasser", "avoisiner", "totaliser", "peser", "coûter", "valoir",
    "générer", "rapporter", "croître", "augmenter", "diminuer", "baisser", "progresser", "doubler",
    "tripler", "chuter",
}  # fmt: skip


# Words of a legal framework: with them, "X doivent…" in the present states an obligation in force.
_LEGAL_LEMMAS = {
    "loi", "décret", "directive", "règlement", "réglementation", "obligation", "ordonnance",
    "arrêté", "vigueur", "norme", "légal", "réglementaire", "obligatoire", "législation",
}  # fmt: skip


def _states_a_legal_obligation(modal: Token) -> bool:
    """ "devoir" in the present, said of others, in a sentence about the law in force."""
    subject = _subject(modal)
    if subject is not None and subject.lower_ in _FIRST_PERSON:
        return False  # "nous devons…": a commitment or a proposal
    return any(t.lemma_.lower() in _LEGAL_LEMMAS for t in modal.sent)


def _necessity(adj: Token) -> _ProseHit | None:
    """ "il est nécessaire de créer…", "il serait souhaitable que…", and with an infinitive as
    subject: "mieux tenir compte des retours est indispensable"."""
    if adj.lemma_.lower() not in _NECESSITY_ADJ and adj.lower_ not in _NECESSITY_ADJ:
        return None
    cop = _child(adj, {"cop"})
    if cop is None or _is_past(cop):
        return None
    if "Imp" in cop.morph.get("Tense") or "Past" in cop.morph.get("Tense"):
        return None
    subject = _subject(adj)
    if subject is None or subject.lower_ != "il":
        action = _infinitive_subject(adj, subject)
        return _ProseHit(adj, action, 0.65) if action is not None else None
    action = _governed_verb(adj)
    if action is None:
        return None
    return _ProseHit(adj, action, 0.75)


def _infinitive_subject(adj: Token, subject: Token | None) -> Token | None:
    """The infinitive that is the subject of ``adj``: "*Rendre* les démarches accessibles est
    essentiel", which the parser also reads with the infinitive as the root and the adjective
    as its complement."""
    if subject is None:
        subject = _child(adj, {"csubj"})
    if subject is not None:
        return subject if _is_infinitive_verb(subject) and subject.i < adj.i else None
    head = adj.head
    if adj.dep_ not in {"ccomp", "xcomp", "conj"} or head.i > adj.i or head.dep_ != "ROOT":
        return None
    if not _is_infinitive_verb(head) or any(c.dep_ == "mark" for c in head.children):
        return None  # not "pour réaliser…, il est essentiel": a purpose clause
    return head


# "cela implique de réarmer l'État", "cette transformation nécessite de faire confiance…"
_NECESSITY_VERBS = {"nécessiter", "impliquer", "exiger", "requérir", "supposer", "imposer"}


def _necessity_verb(verb: Token) -> _ProseHit | None:
    """A verb of necessity with an infinitive introduced by "de": what a situation requires."""
    if not _mood_ok(verb) or "Fin" not in verb.morph.get("VerbForm") or _is_negated(verb):
        return None
    if _in_description(verb):
        return None
    for child in verb.rights:
        if child.dep_ in {"xcomp", "ccomp", "obj"} and _is_infinitive_verb(child):
            marks = {c.lower_ for c in child.children if c.dep_ in {"mark", "case"}}
            if marks & {"de", "d'", "d’"}:
                return _ProseHit(verb, child, 0.6)
    return None


# --------------------------------------------------------------------------- announced measures

# A measure a public body announces (what it will do) ranks below a recommendation (what a text
# asks for): reviewers see it after them.
_MEASURE_CONFIDENCE = 0.55  # "l'État recrutera…": a public body's own action, in the future
_WEAK_MEASURE_CONFIDENCE = 0.5  # passive future, launch in the present, target with a deadline
# Verbs that state no action of their subject: "la plateforme permettra…", "les lauréats
# bénéficieront…", "ce sera…", "vont devoir payer".
_NO_ACTION_VERBS = _NON_AGENTIVE_VERBS | _MODALS | {"avoir", "permettre", "aller", "vouloir"}
# Launching, announcing, planning and committing means: in the present, these announce a measure
# when their object is an action programme ("nous lançons une initiative", "le lancement est
# prévu fin 2021"), not when it is an artefact released today ("lance aujourd'hui le site").
_LAUNCH_VERBS = {
    "lancer", "ouvrir", "initier", "engager", "annoncer", "prévoir", "mobiliser", "consacrer",
    "dédier", "allouer", "débloquer", "investir",
}  # fmt: skip
_MEANS_VERBS = {"mobiliser", "consacrer", "dédier", "allouer", "débloquer", "investir", "engager"}
# Nouns of an action programme, besides deverbal nouns of action in -tion, -sion, -ment that
# take their object as a complement ("le lancement *de l'observatoire*", "la construction *d'un*
# *observatoire*"; not "une attention particulière").
_PROGRAMME_NOUNS = {
    "programme", "plan", "appel", "chantier", "initiative", "fonds", "effort", "dispositif",
    "mesure", "bilan", "campagne", "stratégie", "étape", "concours", "enveloppe", "promotion",
    "poursuite", "ouverture", "mise", "refonte",
}  # fmt: skip
# ... but these name finished artefacts: "la quatrième version du référentiel", "5e édition"
_ARTEFACT_NOUNS = {"version", "édition", "application", "publication", "information"}
_GOAL_NOUNS = {"objectif", "ambition", "cible"}
# "se révéler", "s'avérer", "se montrer" + attribute: a state, not an action
_PRONOMINAL_COPULAS = {"révéler", "avérer", "montrer", "trouver", "sentir"}
_CLAUSE_MARKS = _SUBORDINATORS | _PURPOSE_MARKS | {"afin", "avant"}


def _announced_measure(token: Token) -> _ProseHit | None:
    """A measure a public body announces, or a target it sets itself with a deadline.

    - future (synthetic, "va + infinitive"): active, its subject a public body, "nous"/"je" or a
      named body with a public title ("l'État recrutera…", "la ministre va lancer…"); passive or
      pronominal, its subject an action programme ("une deuxième promotion sera lancée",
      "le déploiement va se poursuivre"). Not a verb of no action ("permettra", "bénéficiera").
    - present, a launch, an announcement or a commitment of means by a public body, of an action
      programme or an amount ("nous lançons une initiative", "annonce la poursuite du
      programme", "nous mobilisons 88 M€", "je suis fière d'annoncer le lancement…",
      "s'engage à…"); or in the passive, of such a subject ("est lancée la construction…",
      "le lancement est prévu fin 2021", "32 M€ y sont dédiés").
    - "l'objectif est d'atteindre… d'ici 2022": a target with a deadline.
    """
    if token.pos_ not in {"VERB", "AUX", "ADJ"}:
        return None
    lemma = token.lemma_.lower()
    morph = token.morph
    verb_form, tense, mood = morph.get("VerbForm"), morph.get("Tense"), morph.get("Mood")
    # Cheap test first, the same as the branches below (this runs on every verb of the corpus):
    # a future, a participle, a launch verb, "aller", "être", an imperative or a verb in "-ez".
    if not (
        "Fut" in tense
        or "Part" in verb_form
        or "Imp" in mood
        or lemma in _LAUNCH_VERBS
        or lemma in {"aller", "être"}
        or token.lower_.endswith("ez")
    ):
        return None
    if _is_negated(token) or token.dep_ in {"acl:relcl", "amod"}:
        return None
    if any(c.dep_ == "mark" and c.lower_ in _CLAUSE_MARKS for c in token.children):
        return None  # "si… lancera", "pour que… soient lancés": not asserted
    indicative = "Fin" in verb_form and "Ind" in mood
    if lemma == "être":
        return _goal(token) if indicative and ("Pres" in tense or "Fut" in tense) else None
    if token.pos_ == "ADJ" and lemma in _LAUNCH_VERBS:  # "32 M€ y sont dédiés" read as an adjective
        cop = _child(token, {"cop"})
        return _passive_measure(token, cop, lemma) if cop is not None else None
    if token.pos_ != "VERB":
        return None
    if _is_imperative_plural(token):
        return _vocative_call(token)
    if lemma == "aller" and indicative and ("Pres" in tense or "Fut" in tense):
        action = next(
            (c for c in token.children if c.dep_ == "xcomp" and _is_infinitive_verb(c)), None
        )
        return _future_measure(token, action) if action is not None else None
    if indicative and "Fut" in tense:
        return _future_measure(token, token)
    aux = _passive_aux(token)
    if aux is not None:
        return _passive_measure(token, aux, lemma)
    if indicative and "Pres" in tense and lemma in _LAUNCH_VERBS:
        return _launch(token, _clause_subject(token))
    if _is_infinitive_verb(token) and lemma in _LAUNCH_VERBS and token.dep_ == "xcomp":
        # "je suis fière d'annoncer…", "nous sommes heureux de lancer…"
        cop = _child(token.head, {"cop"})
        if cop is not None and not _is_past(cop) and "Pres" in cop.morph.get("Tense"):
            return _launch(token, _subject(token.head))
    return None


def _future_measure(tense: Token, verb: Token) -> _ProseHit | None:
    """``verb`` in the future (``tense`` is "va" in "va lancer", else ``verb`` itself)."""
    if verb.lemma_.lower() in _NO_ACTION_VERBS or _is_negated(verb) or _passive_aux(verb):
        return None
    subject = _clause_subject(tense)
    if any(c.lower_ in _REFLEXIVE for c in verb.children):
        # "cet effort se poursuivra", not "l'État se mobilisera pour…" (an intent, no action),
        # "ces croisements se révéleront efficaces" (a copula), "l'accès se fera par…"
        if verb.lemma_.lower() in _PRONOMINAL_COPULAS | _LIGHT_VERBS:
            return None
        if subject is not None and _is_programme_noun(subject):
            return _ProseHit(tense, verb, _WEAK_MEASURE_CONFIDENCE)
        return None
    if not _is_public_actor(subject) or _is_completed(verb):
        return None
    # what it will do: something new ("publiera un document", "recrutera 15 designers") or an
    # action programme ("lancera l'appel"), not a step of a known procedure ("évaluera les
    # candidats", "suivra les activités")
    obj = _child(verb, {"obj"}) or _misplaced_object(verb)
    if obj is not None and (_is_new(obj) or _is_programme_noun(obj)):
        return _ProseHit(tense, verb, _MEASURE_CONFIDENCE)
    return None


def _misplaced_object(verb: Token) -> Token | None:
    """The first noun phrase without a preposition after ``verb`` in its clause, when the parser
    hung the object elsewhere: "publiera dans les semaines qui viennent *un document*" (read as
    the object of "viennent"), "accueilleront, par équipe de 2 ou 3, *les développeurs*"."""
    subject = _subject(verb)
    for token in verb.subtree:
        if token.i <= verb.i or token.pos_ not in {"NOUN", "PROPN"}:
            continue
        if "subj" in token.dep_ and (subject is None or subject.i > verb.i):
            continue  # a subject after the verb is one only if none comes before it
        if not any(c.dep_ == "case" for c in token.children):
            return token
    return None


# What the reader is told to do on a page, not a call to take part: "Consultez le site".
_NAVIGATION_VERBS = {
    "consulter", "cliquer", "télécharger", "lire", "voir", "découvrir", "retrouver", "suivre",
    "contacter", "visiter", "regarder", "écouter", "trouver", "rendre",
}  # fmt: skip


def _is_imperative_plural(verb: Token) -> bool:
    """ "faites", "rejoignez" with no "vous": the tagger often reads the latter as a future."""
    if any(c.lower_ == "vous" for c in verb.children):
        return False
    morph = verb.morph
    if "Imp" in morph.get("Mood") and "2" in morph.get("Person"):
        return True
    return "Fin" in morph.get("VerbForm") and verb.lower_.endswith("ez")


def _vocative_call(verb: Token) -> _ProseHit | None:
    """An imperative addressed to named people: "Talents du numérique, faites le choix du
    service public". Without the vocative ("Consultez…", "Venez…") it speaks to any reader."""
    if verb.lemma_.lower() in _NAVIGATION_VERBS:
        return None
    sent = verb.sent
    if verb.i - 2 < sent.start or verb.nbor(-1).text != ",":
        return None
    before = [t for t in sent[: verb.i - 1 - sent.start] if not (t.is_punct or t.is_space)]
    if not before or before[0].pos_ not in {"NOUN", "PROPN"}:
        return None  # "Demain, faites…": not an addressee
    return _ProseHit(verb, verb, _CALL_CONFIDENCE)


def _passive_measure(participle: Token, aux: Token, lemma: str) -> _ProseHit | None:
    """ "une deuxième promotion sera lancée", "est lancée la construction…", "est prévu"."""
    if _is_past(participle) or "Ind" not in aux.morph.get("Mood") or _is_completed(participle):
        return None
    subject = _child(participle, {"nsubj:pass", "nsubj"})
    if subject is None:  # inverted: "Dans ce cadre, est lancée la construction d'un…"
        subject = next((c for c in participle.rights if c.dep_ == "obj"), None)
    if subject is None or (not _is_programme_noun(subject) and not _is_amount(subject)):
        return None
    tense = aux.morph.get("Tense")
    if "Pres" in tense and lemma in _LAUNCH_VERBS:
        return _ProseHit(participle, participle, _WEAK_MEASURE_CONFIDENCE)
    # in the future, a new step ("une deuxième promotion sera lancée", "trois chantiers seront
    # menés") or a programme, not what will become of a known process ("le développement de ce
    # marché sera soumis au contrôle…": a forecast)
    new = _is_new(subject) or subject.lemma_.lower() in _PROGRAMME_NOUNS
    if "Fut" in tense and new:
        return _ProseHit(participle, participle, _WEAK_MEASURE_CONFIDENCE)
    return None


def _launch(verb: Token, subject: Token | None) -> _ProseHit | None:
    if not _is_public_actor(subject):
        return None
    lemma = verb.lemma_.lower()
    if lemma == "engager" and any(c.lower_ in _REFLEXIVE for c in verb.children):
        action = _infinitive_complement(verb)  # "l'État s'engage à ouvrir…"
        return _ProseHit(verb, action, _WEAK_MEASURE_CONFIDENCE) if action is not None else None
    obj = _child(verb, {"obj"}) or _misplaced_object(verb)
    if obj is None or obj.lower_ in _REFLEXIVE or _is_completed(verb):
        return None
    if _is_programme_noun(obj) or (lemma in _MEANS_VERBS and _is_amount(obj)):
        return _ProseHit(verb, verb, _WEAK_MEASURE_CONFIDENCE)
    return None


def _goal(verb: Token) -> _ProseHit | None:
    """ "L'objectif est d'atteindre 30 millions d'utilisateurs d'ici fin 2022"."""
    subject = _child(verb, {"nsubj"})
    action = _child(verb, {"xcomp", "ccomp"})
    if subject is None or subject.lemma_.lower() not in _GOAL_NOUNS or action is None:
        return None
    if not _is_infinitive_verb(action) or not _has_deadline(verb.sent):
        return None
    owner = _child(subject, {"nmod"})  # "l'objectif de l'entreprise": not a public target
    if owner is not None and owner.pos_ in {"NOUN", "PROPN"} and not _is_public_actor(owner):
        return None
    return _ProseHit(verb, action, _WEAK_MEASURE_CONFIDENCE)


def _has_deadline(sent: Span) -> bool:
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


def _clause_subject(verb: Token) -> Token | None:
    """The subject of ``verb``, or of the verb it is coordinated with ("annonce… et lancera")."""
    for _ in range(4):
        subject = _subject(verb) or _head_read_as_subject(verb)
        if subject is not None or verb.head.i == verb.i:
            return subject
        if verb.dep_ == "conj" or verb.pos_ not in {"VERB", "AUX"}:
            verb = verb.head  # also through a noun the parser coordinated it with
        else:
            return None
    return None


def _head_read_as_subject(verb: Token) -> Token | None:
    """ "L'État recrutera…" parsed as the noun "État" with a clause: a finite verb hanging on the
    noun before it, with no subject of its own, is that noun's predicate (not a participle:
    "le plan lancé en 2019")."""
    if verb.dep_ != "acl" or "Fin" not in verb.morph.get("VerbForm") or verb.head.i > verb.i:
        return None
    if _subject(verb) is not None or verb.head.pos_ not in {"NOUN", "PROPN"}:
        return None
    return verb.head


def _is_public_actor(subject: Token | None) -> bool:
    """A public body ("l'État", "la ministre", "la DINSIC" when the text spells it out as one), a
    person named with a public title ("Stanislas Guerini, ministre…"), or "nous"/"je" (a
    minister or body speaking in its own release)."""
    if subject is None:
        return False
    if subject.lower_ in _FIRST_PERSON - {"on"}:
        return True
    if subject.lemma_.lower() in _INSTITUTION_LEMMAS or subject.lower_ in _INSTITUTION_LEMMAS:
        return True
    if any(c.dep_ == "appos" and c.lemma_.lower() in _INSTITUTION_LEMMAS for c in subject.children):
        return True
    return _public_acronym(subject)


def _public_acronym(token: Token) -> bool:
    """An acronym the document introduces after a public body: "la direction interministérielle
    du numérique (DINSIC)"."""
    text = token.text
    if len(text) < 2 or not text.isalpha() or not text.isupper():
        return False
    doc = token.doc
    for other in doc:
        if other.text != text or other.i < 2 or doc[other.i - 1].text != "(":
            continue
        head = doc[other.i - 2]
        for _ in range(8):  # up the noun phrase before the parenthesis
            if head.lemma_.lower() in _INSTITUTION_LEMMAS:
                return True
            if head.head.i == head.i or head.pos_ not in {"NOUN", "PROPN", "ADJ", "DET"}:
                break
            head = head.head
    return False


def _is_programme_noun(token: Token) -> bool:
    if token.pos_ != "NOUN":
        return False
    lemma = token.lemma_.lower()
    if lemma in _PROGRAMME_NOUNS:
        return True
    if not lemma.endswith(("tion", "sion", "ment")) or lemma in _ARTEFACT_NOUNS:
        return False
    if lemma in _ACTOR_LEMMAS or lemma in _INSTITUTION_LEMMAS:
        return False  # "le gouvernement", "les établissements"
    return any(
        c.dep_ == "nmod" and any(m.lower_ in _OF for m in c.children if m.dep_ in {"case", "det"})
        for c in token.children
    )


_OF = {"de", "d'", "d’", "du", "des"}


def _is_new(obj: Token) -> bool:
    """An object the sentence introduces ("un document", "15 designers", "de nouvelles
    actions"), not participants already known ("évaluera les candidats")."""
    if obj.pos_ == "NUM" or any(c.dep_ == "nummod" for c in obj.children):
        return True
    return any(
        c.dep_ == "det" and ("Ind" in c.morph.get("Definite") or c.lower_ in _INDEFINITE)
        for c in obj.children
    )


_INDEFINITE = {
    "un",
    "une",
    "des",
    "de",
    "d'",
    "d’",
    "plusieurs",
    "quelques",
    "certains",
    "certaines",
}


def _is_amount(token: Token) -> bool:
    """ "88 millions d'euros": money committed."""
    return token.lemma_.lower() in {"million", "milliard", "euro", "€"}


def _is_completed(verb: Token) -> bool:
    """ "sont déjà engagées": done, not announced."""
    return any(c.lower_ == "déjà" for c in verb.children)


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


# --------------------------------------------------------------------------- items


@dataclass(slots=True)
class _Candidate:
    kind: str
    start: int
    end: int
    number: str | None
    confidence: float
    action_verb: str | None = None
    actor: str | None = None
    body_start: int | None = None  # where a numbered item's title starts, after its label


def _numbered_items(lines: list[_Line], stops: list[int], max_chars: int) -> list[_Candidate]:
    """Each numbered header with its title (or first paragraph) and the bullets that follow."""
    items: list[_Candidate] = []
    for i, line in enumerate(lines):
        if line.kind != "header":
            continue
        hard_stop = _next_stop(stops, line.end)
        end, j = line.end, i + 1
        body_start = line.content_start
        if not line.has_title:
            j = _skip_blank(lines, j)
            body_start = lines[j].content_start if j < len(lines) else line.end
        # title or statement: the paragraph that follows the header (or continues its title)
        previous = line.text
        while j < len(lines) and lines[j].kind == "text" and lines[j].start < hard_stop:
            if (
                line.has_title
                and _ENDS_SENTENCE.search(previous)
                and not _starts_lower(lines[j].text)
            ):
                break  # a complete title ("… unique.") followed by a new sentence
            end, previous = lines[j].end, lines[j].text
            j += 1
        # the bullets (and their wrapped lines, across page breaks)
        in_list = False
        while True:
            k = _skip_blank(lines, j)
            if k >= len(lines) or lines[k].start >= hard_stop:
                break
            nxt = lines[k]
            if nxt.kind == "bullet":
                in_list = True
            elif not (nxt.kind == "text" and in_list and _starts_lower(nxt.text)):
                break  # a new paragraph or heading; a lowercase one continues a bullet
            end, j = nxt.end, k + 1
            while j < len(lines) and lines[j].kind == "text" and lines[j].start < hard_stop:
                end, j = lines[j].end, j + 1
        end = min(end, line.start + max_chars)
        items.append(
            _Candidate("numbered", line.start, end, line.number, 0.95, body_start=body_start)
        )
    return items


def _skip_blank(lines: list[_Line], j: int) -> int:
    while j < len(lines) and lines[j].kind in {"blank", "page"}:
        j += 1
    return j


def _next_stop(stops: list[int], after: int) -> int:
    k = bisect_right(stops, after)
    return stops[k] if k < len(stops) else 1 << 62


_INTRO_PROPOSAL = re.compile(
    r"propos|recommand|préconis|mesure|piste|action|suggér|demand|souhait|orientation|axe|levier"
    r"|engage|priorit",
    re.I,
)
# "Ses missions seront les suivantes :", "Ce site permet de :": what something does or is for
_INTRO_DESCRIPTIVE = re.compile(
    r"\b(?:permet|permettr|peu[tv]|pourr|possibilit|afin|objectif|ambition|mission|rôle|fonction"
    r"|chargée?s?\b|consulte|retrouve|découvr)",
    re.I,
)
# blocks that interrupt the running text without ending a list: a footnote, a page header
_NOISE_BLOCK_KINDS = {"footnote", "page_header", "page_footer", "page_number", "header", "footer"}
_LINK_ITEM = re.compile(r"^\W*\[[^\]]*\]\([^)]*\)\W*$")


def _list_items(
    pdoc: ParsedDocument, lines: list[_Line], covered: list[tuple[int, int]], max_chars: int
) -> list[_Candidate]:
    """Bullets outside numbered items whose first word is an infinitive."""
    runs: list[list[tuple[_Line, int, Token]]] = []
    current: list[tuple[_Line, int, Token]] = []
    intro: str = ""
    intros: list[str] = []
    for i, line in enumerate(lines):
        if line.kind == "bullet":
            if _inside(covered, line.start):
                continue
            end = line.end
            j = i + 1
            while j < len(lines) and lines[j].kind == "text":
                end, j = lines[j].end, j + 1
            if _LINK_ITEM.match(pdoc.text[line.content_start : end]):
                continue  # "* [Consulter le guide](https://…)": navigation, not a proposal
            verb = _leading_infinitive(_tokens_in(pdoc, line.content_start, end))
            if verb is not None:
                current.append((line, min(end, line.start + max_chars), verb))
            continue
        if line.kind in {"blank", "page"}:
            continue
        if line.kind == "text" and current and _starts_lower(line.text):
            continue  # a wrapped bullet line
        if current:
            runs.append(current)
            intros.append(intro)
            current = []
        intro = line.text
    if current:
        runs.append(current)
        intros.append(intro)
    items: list[_Candidate] = []
    for run, run_intro in zip(runs, intros, strict=True):
        confidence = 0.45
        if len(run) >= 2:
            confidence += 0.2
        if _INTRO_PROPOSAL.search(run_intro):
            confidence += 0.25
        elif _INTRO_DESCRIPTIVE.search(run_intro):
            confidence -= 0.2
        for line, end, verb in run:
            items.append(
                _Candidate(
                    "list_item",
                    line.start,
                    end,
                    line.number,
                    round(min(confidence, 0.9), 2),
                    verb.lemma_.lower(),
                )
            )
    return items


def _inside(spans: list[tuple[int, int]], char: int) -> bool:
    return any(start <= char < end for start, end in spans)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _prose_items(
    pdoc: ParsedDocument,
    covered: list[tuple[int, int]],
    headings: list[tuple[int, int]],
    breaks: list[int],
) -> list[_Candidate]:
    """Sentences holding a proposal construction, cut at paragraph breaks (``breaks``)."""
    if not _aligned(pdoc) or not _has_sentences(pdoc):
        return []
    items = []
    for sent in pdoc.doc.sents:
        # the parser may run a sentence across blank lines: each paragraph's part is read alone
        parts: dict[int, list[Token]] = {}
        for token in sent:
            parts.setdefault(bisect_right(breaks, token.idx), []).append(token)
        for k, tokens in parts.items():
            start, end = _trimmed(
                pdoc.text,
                max(sent.start_char, breaks[k - 1] if k > 0 else 0),
                min(sent.end_char, breaks[k] if k < len(breaks) else sent.end_char),
            )
            if end <= start or _overlaps(covered, start, end) or _overlaps(headings, start, end):
                continue
            if pdoc.text[start:end].endswith("?"):
                continue
            hit = _best_hit(tokens)
            if hit is None:
                continue
            verb, actor = _resolve(pdoc, hit.trigger, hit.action)
            items.append(_Candidate("prose", start, end, None, hit.confidence, verb, actor))
    return items


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


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


# verbs too light to name an action on their own: "l'accès se fait par demande"
_LIGHT_VERBS = {"être", "avoir", "faire", "aller", "venir", "exister", "rester", "sembler"}


def _statement_verb(sentence: Span, floor: int) -> Token | None:
    """The main verb of an item worded as a rule in the passive, present or future ("Les données
    et services *sont exposés* selon des standards…"): someone unnamed is to do it. Active verbs
    of such items mostly state a situation ("L'état de l'API représente…", "Les réutilisateurs
    disposent de…"), conditions ("Si le droit…") are not the rule, and a verb after a colon is
    that of a detail ("… est consultable : la charge est exprimée…")."""
    root = sentence.root
    if root.idx < floor or root.pos_ != "VERB" or not _is_passive(root):
        return None
    if root.lemma_.lower() in _LIGHT_VERBS | _DISCOURSE_VERBS | _MODALS:
        return None
    if any(c.dep_ == "mark" for c in root.children) or not _mood_ok(root):
        return None
    if any(t.text == ":" and t.idx >= floor for t in sentence[: root.i - sentence.start]):
        return None
    return root


# --------------------------------------------------------------------------- public


def detect_proposals(pdoc: ParsedDocument, config: ProposalsConfig) -> list[dict]:
    """The proposals of one document, as rows of the ``proposals`` table (cluster columns None).

    Numbered items and their bullets first, then infinitive-led list items outside them, then
    prose proposals in the remaining sentences. Rows are sorted by position; each carries a
    confidence in 0..1 and only those at or above ``config.min_confidence`` are returned.
    """
    if not pdoc.text.strip():
        return []
    structure = StructureIndex(pdoc.blocks) if pdoc.blocks else None
    if pdoc.is_contribution:
        start, end = _trimmed(pdoc.text, 0, len(pdoc.text))
        candidate = _Candidate("contribution", start, end, None, 1.0)
        lines = [
            line
            for line in _classify_lines(pdoc.text, _header_pattern(config.numbered_labels), set())
            if line.kind not in {"blank", "page"}
        ]
        _describe(pdoc, candidate, lines)
        return [_row(pdoc, candidate, structure, [], config)]

    labels = [label.lower() for label in config.numbered_labels]
    header = _header_pattern(config.numbered_labels)
    list_starts = {
        _trimmed(pdoc.text, b.start_char, b.end_char)[0]
        for b in pdoc.blocks
        if b.kind == "list_item"
    }
    noise = sorted((b.start_char, b.end_char) for b in pdoc.blocks if b.kind in _NOISE_BLOCK_KINDS)
    lines = _classify_lines(pdoc.text, header, list_starts, noise)
    heading_blocks = [
        (b.start_char, b.end_char)
        for b in pdoc.blocks
        if b.kind == "heading" and not _starts_lower(pdoc.text[b.start_char : b.end_char])
    ]
    header_starts = {line.start for line in lines if line.kind == "header"}
    stops = sorted(
        {line.start for line in lines if line.kind in {"header", "heading"}}
        | {_trimmed(pdoc.text, s, e)[0] for s, e in heading_blocks}
    )
    candidates = _numbered_items(lines, stops, config.max_chars)
    covered = [(c.start, c.end) for c in candidates]
    if config.detect_list_items:
        list_items = _list_items(pdoc, lines, covered, config.max_chars)
        candidates += list_items
        covered += [(c.start, c.end) for c in list_items]
    if config.detect_prose:
        headings = [(line.start, line.end) for line in lines if line.kind == "heading"]
        headings += [
            (s, e) for s, e in heading_blocks if _trimmed(pdoc.text, s, e)[0] not in header_starts
        ]
        breaks = [line.start for line in lines if line.kind in {"blank", "page", "heading"}]
        candidates += _prose_items(pdoc, covered, headings, breaks)

    fallback_sections = _markdown_sections(lines) if structure is None else []
    rows = []
    seen_ids: set[str] = set()
    for candidate in sorted(candidates, key=lambda c: (c.start, c.end)):
        if candidate.confidence < config.min_confidence:
            continue
        if candidate.end - candidate.start < config.min_chars:
            continue
        if candidate.kind != "prose":
            _describe(pdoc, candidate, [])
        row = _row(pdoc, candidate, structure, fallback_sections, config, labels)
        if row["proposal_id"] in seen_ids:  # the same text twice in a document
            row["proposal_id"] = make_proposal_id(pdoc.doc_id, f"{row['text']}@{candidate.start}")
        seen_ids.add(row["proposal_id"])
        rows.append(row)
    return rows


def _markdown_sections(lines: list[_Line]) -> list[tuple[int, str]]:
    return [
        (line.start, _MARKUP.sub("", line.text).strip()) for line in lines if line.kind == "heading"
    ]


def _row(
    pdoc: ParsedDocument,
    candidate: _Candidate,
    structure: StructureIndex | None,
    fallback_sections: list[tuple[int, str]],
    config: ProposalsConfig,
    labels: list[str] | None = None,
) -> dict:
    start, end = candidate.start, min(candidate.end, candidate.start + config.max_chars)
    text = pdoc.text[start:end]
    if structure is not None:
        section = structure.section_at(start)
        page = structure.page_at(start)
    else:
        k = bisect_right([s for s, _ in fallback_sections], start) - 1
        section = fallback_sections[k][1] if k >= 0 else None
        page = pdoc.text.count("\f", 0, start) + 1 if "\f" in pdoc.text else None
    extra_stop = set(labels or []) | {label + "s" for label in labels or []}
    return {
        "proposal_id": make_proposal_id(pdoc.doc_id, text),
        "doc_id": pdoc.doc_id,
        "kind": candidate.kind,
        "number": candidate.number,
        "section": section,
        "page": page,
        "start_char": start,
        "end_char": end,
        "text": text,
        "action_verb": candidate.action_verb,
        "actor": candidate.actor,
        "confidence": round(float(candidate.confidence), 3),
        "lemmas": _content_lemmas(_tokens_in(pdoc, start, end), extra_stop),
        "cluster_id": None,
        "cluster_label": None,
        "duplicate_of": None,
    }


def proposals_frame(rows: list[dict]) -> pd.DataFrame:
    """The ``proposals`` table for the given rows (an empty table with its columns when none)."""
    if not rows:
        return schema.empty("proposals")
    return schema.conform("proposals", pd.DataFrame(rows))
