"""Prose proposals: the constructions by which a sentence recommends an action.

Sentences are read with the parse: a proposal verb (proposer, recommander...) in the present,
future or conditional, or a deontic construction (devoir, falloir, convenir, pouvoir in the
conditional, "il est nécessaire de", "X est indispensable" with an infinitive as subject, "cela
implique / nécessite de", "est / reste à renforcer"). Past tenses and cross-references are not
proposals. Each construction found is a :class:`_ProseHit`; the measures a public body
announces are read by :mod:`textmine.proposals.measures`.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from textmine.proposals.lexicon import (
    ACTOR_LEMMAS,
    ADVOCACY_VERBS,
    AGENT_LEMMAS,
    APPLYING_VERBS,
    CALL_TO_ACTION_VERBS,
    DISCOURSE_VERBS,
    FIRST_PERSON,
    INSTITUTION_LEMMAS,
    INVITATION_VERBS,
    LEGAL_LEMMAS,
    NECESSITY_ADJ,
    NECESSITY_VERBS,
    NEED_NOUNS,
    NOBODY,
    PROPOSAL_NOUNS,
    PROPOSAL_TEXT_LEMMAS,
    PROPOSAL_VERBS,
    QUANTITY_VERBS,
    RELATIVE_WORDS,
    SHOWING_VERBS,
    SUBMISSION_VERBS,
    SUBORDINATORS,
    WEAK_PROPOSAL_VERBS,
)
from textmine.proposals.subjects import resolved_subject
from textmine.proposals.syntax import (
    _action_token,
    _child,
    _governed_verb,
    _infinitive_complement,
    _is_infinitive_verb,
    _is_negated,
    _is_passive,
    _is_past,
    _mood_ok,
    _passive_aux,
    _que_clause,
    _subject,
)
from textmine.proposals.timing import has_deadline, has_target_time

_CALL_CONFIDENCE = 0.5
# "pourrait entrer dans le champ de…" (blind2), "Amazon pourrait devenir le premier libraire"
# (CNNum): a possibility or a forecast; not "pourrait bénéficier d'un droit de regard", a
# proposal in policy text (P18)
_POSSIBLE_STATES = {"entrer", "devenir"}
# verbs that count what a trend adds or loses: "la croissance devrait ajouter 6 000 élèves" (P25)
_COUNTING_VERBS = {"ajouter", "gagner", "perdre", "compter", "accueillir", "enregistrer"} | {
    "concerner",  # "Ces mesures devraient concerner 180 000 soignants": how many (P33)
    "toucher",
}


@dataclass(slots=True)
class _ProseHit:
    trigger: Token
    action: Token | None
    confidence: float


def _is_agent_subject(subject: Token | None) -> bool:
    if subject is None:
        return False
    if subject.lower_ in FIRST_PERSON:
        return True
    lemma = _masculine(subject.lemma_.lower())
    # "le présent amendement propose de…": the text proposes what its authors do (P16)
    return subject.pos_ == "PROPN" or lemma in AGENT_LEMMAS or lemma in PROPOSAL_TEXT_LEMMAS


def _masculine(lemma: str) -> str:
    """The masculine of a feminine noun of agent, as the word lists hold them: "rapporteure" ->
    "rapporteur", "sénatrice" -> "sénateur" (P29: "Les rapporteures recommandent…", a blind6
    miss); other words unchanged."""
    if lemma.endswith("trice"):
        return lemma[:-5] + "teur"
    if lemma.endswith(("eure", "ée")):
        return lemma[:-1]
    return lemma


def _analyse_token(token: Token) -> _ProseHit | None:
    if token.pos_ not in {"VERB", "AUX", "ADJ"}:
        return None
    if any(c.dep_ == "mark" and c.lower_ in SUBORDINATORS for c in token.children):
        return None  # "si les traces devraient…", "comme il convient de…": not asserted
    if _unreal_hypothesis(token):
        return None  # "Si les tensions persistaient, d'autres mesures pourraient être proposées"
    lemma = token.lemma_.lower()
    if token.pos_ == "ADJ":
        return _impersonal(_necessity(token))
    if lemma in PROPOSAL_VERBS:
        return _proposal_verb(token, lemma)
    if lemma in SHOWING_VERBS or _puts_in_light(token):
        return _shown_necessity(token)
    if "Inf" in token.morph.get("VerbForm") or lemma in {"être", "rester"}:
        return _stated_proposal(token) or _impersonal(_to_be_done(token))
    if lemma == "devoir" or (lemma == "pouvoir" and "Cnd" in token.morph.get("Mood")):
        return _modal(token, lemma)
    if lemma in NECESSITY_VERBS:
        return _impersonal(_necessity_verb(token))
    if (
        lemma == "pouvoir"
        and "Pres" in token.morph.get("Tense")
        and "Ind" in token.morph.get("Mood")
    ):
        # "l'État peut les y accompagner": a weak proposal only when an institution is the subject
        subject = _subject(token)
        action = _governed_verb(token)
        institution = subject is not None and subject.lemma_.lower() in INSTITUTION_LEMMAS
        if action is not None and action.lemma_.lower() in APPLYING_VERBS:
            return None  # "les collectivités … peuvent déposer un dossier": who may apply (P25)
        return _ProseHit(token, action, 0.5) if institution and action is not None else None
    if lemma == "devenir":
        return _impersonal(_becoming_necessary(token))
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
    if action is None or action.lemma_.lower() in DISCOURSE_VERBS:
        return None
    return hit


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
    if subject.lemma_.lower() not in PROPOSAL_NOUNS:
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
    if action is None:
        # "inciter les administrations… à…", "propose en sa conclusion de poursuivre…" (P16):
        # the infinitive the parser hung on the verb's object or complement
        action = _infinitive_complement(token, through_objects=True)
    obj = _child(token, {"obj"})
    subject = _subject(token)
    if subject is None and token.dep_ == "conj":  # "le rapport partage ce constat, et propose…"
        subject = _subject(token.head)
    reflexive = any(c.lower_ in {"se", "s'", "s’"} for c in token.children)  # "il se propose de"
    if subject is not None and subject.lower_ in {"il", "elle"} and action and not reflexive:
        # "Le Premier ministre … Il appelle tous les élus locaux à se mobiliser" (P25)
        subject = resolved_subject(subject)
        public_speaker = subject.lemma_.lower() in INSTITUTION_LEMMAS
    else:
        public_speaker = False
    passive = (
        "Pass" in token.morph.get("Voice")
        or _child(token, {"aux:pass"}) is not None
        or _passive_aux(token) is not None
    )
    if action is None and passive:
        action = _que_after(token)  # "il est proposé qu'à défaut de…, l'avis est réputé…"
    confidence = PROPOSAL_VERBS[lemma]
    call = _is_call(action)
    if passive:
        # "il est proposé de créer…", "la création d'un guichet est recommandée"
        if action is None and subject is not None and subject.lower_ == "il":
            return None
        if call:  # "les administrations sont invitées à candidater…": a call to act
            impersonal = subject is not None and subject.lower_ == "il"
            return None if impersonal else _ProseHit(token, action, _CALL_CONFIDENCE)
        return _ProseHit(token, action, min(0.95, confidence + 0.05))
    if not (_is_agent_subject(subject) or public_speaker):
        return None  # "la diffusion des usages nous invite à…", "l'État propose 350 postes"
    first_person = subject is not None and subject.lower_ in FIRST_PERSON
    if (
        lemma in WEAK_PROPOSAL_VERBS
        and not first_person
        and subject.lemma_.lower() not in INSTITUTION_LEMMAS
    ):
        return None  # "le groupe Wal-Mart encourage ses clients à…": a description
    if action is None and lemma in INVITATION_VERBS and obj is not None:
        # "J'invite les habitants qui le souhaitent à rejoindre…": the infinitive hung on the
        # object's relative clause (P33)
        action = _infinitive_in_relative(obj)
        call = _is_call(action)
    if call:  # "j'incite les administrations à candidater…", not "je propose de consulter…"
        return _ProseHit(token, action, _CALL_CONFIDENCE) if lemma in INVITATION_VERBS else None
    # "le rapport prône la création de…": with these verbs only a proposal can be meant
    advocated = lemma in ADVOCACY_VERBS and obj is not None and _is_action_noun(obj)
    offered = not (first_person and obj is not None and _is_action_noun(obj))
    if action is None and offered and not advocated:
        return None  # "Google propose la réservation en ligne": an offer, not a proposal
    if not first_person:
        confidence -= 0.1  # a third party's proposal reported in the present
    return _ProseHit(token, action, confidence)


def _is_call(action: Token | None) -> bool:
    """A verb of taking part ("candidater", "s'inscrire"), not "inscrire cet engagement dans la
    loi" (P16: a dev miss): "inscrire" only with its reflexive pronoun."""
    if action is None or action.lemma_.lower() not in CALL_TO_ACTION_VERBS:
        return False
    if action.lemma_.lower() == "inscrire":
        return any(
            c.lower_ in {"s'", "s’", "se", "m'", "m’", "me", "nous", "vous"}
            for c in action.children
        )
    return True


def _que_after(participle: Token) -> Token | None:
    """ "il est proposé que…" when the parser did not hang the clause's "que" on its verb: the
    first verb the participle governs after a "que" that follows it."""
    doc = participle.doc
    nxt = doc[participle.i + 1] if participle.i + 1 < len(doc) else None
    if nxt is None or nxt.lower_ not in {"que", "qu'", "qu’"}:
        return None
    return next(
        (
            c
            for c in participle.rights
            if c.dep_ in {"ccomp", "xcomp", "dep", "obj"} and c.pos_ in {"VERB", "AUX", "ADJ"}
        ),
        None,
    )


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
    if _in_description(token) and not _predicate_relative(token):
        return None  # "les moyens qui doivent…": inside a description
    action = _governed_verb(token)
    conditional = "Cnd" in token.morph.get("Mood")
    if action is None and lemma == "devoir" and not conditional:
        action = _attribute(token)  # "le débit devra être suffisant" (P18: a blind2 miss)
    if action is None:
        return None
    if action.lemma_.lower() == "faire" and any(c.lower_ == "face" for c in action.children):
        return None  # "doivent faire face à des difficultés": what they undergo (P18)
    subject = _subject(token)
    if subject is not None and subject.lower_ in NOBODY and _is_negated(token):
        return None  # "Personne ne devrait avoir à choisir…": a value, no one asked (P29)
    if lemma == "devoir" and _is_passive(action) and action.lemma_.lower() in SUBMISSION_VERBS:
        return None  # "Les dossiers doivent être déposés…": how to apply, mechanics (P29)
    if lemma == "pouvoir" and action.lemma_.lower() in _POSSIBLE_STATES:
        return None  # "ce service pourrait entrer dans le champ…": a possibility (P18)
    if lemma == "pouvoir" and conditional and _under_hypothesis(token):
        return None  # "Si les prix continuaient…, les objectifs pourraient être révisés" (P25)
    if lemma == "pouvoir" and conditional and _possible_on_a_calendar(action):
        return None  # "Les contrats pourraient être révisés à mi-parcours, en 2017" (P33)
    if lemma == "devoir" and conditional and _forecast(token, action):
        return None  # "la croissance démographique devrait ajouter 6 000 élèves" (P25)
    if lemma == "devoir" and conditional and _sourced_forecast(token):
        return None  # "Selon les prévisions, les droits devraient reculer de 5 %" (P36)
    if lemma == "devoir" and not conditional and _applicant_condition(token, action):
        return None  # "Les projets retenus devront présenter un gain de 40 %": a call's rule (P36)
    if lemma == "pouvoir":
        # "pourrait" is a suggestion when someone could act or something could be done
        # ("le législateur pourrait…", "pourraient être actualisés"), else a mere possibility
        subject = _subject(token)
        actor_like = subject is not None and (
            subject.pos_ == "PROPN" or subject.lemma_.lower() in ACTOR_LEMMAS
        )
        return _ProseHit(token, action, 0.6 if actor_like or _is_passive(action) else 0.45)
    if not conditional and _states_a_legal_obligation(token):
        return None  # "ces organismes doivent se conformer à la directive": the law, reported
    if action.lemma_.lower() in QUANTITY_VERBS:
        # "le marché devrait représenter 1000 milliards": a forecast (epistemic); but "à
        # l'horizon 2027, l'offre doit augmenter de 20 %": a target with its deadline (P25)
        if not conditional and has_deadline(token.sent):
            return _ProseHit(token, action, 0.5)
        if "Fut" in token.morph.get("Tense") and has_target_time(token.sent):
            # "La part des renouvelables devra atteindre 32 % en 2030": the future "devra" with a
            # year prescribes a target (P29), where "devrait" forecasts
            return _ProseHit(token, action, 0.5)
        return None
    return _ProseHit(token, action, 0.8 if conditional else 0.65)


def _attribute(modal: Token) -> Token | None:
    """The adjective of "doit / devra être + adjective", with "être" as its copula."""
    for child in modal.children:
        if child.dep_ in {"xcomp", "ccomp"} and child.pos_ == "ADJ":
            cop = _child(child, {"cop", "aux:pass"})  # as the parser reads "être"
            if cop is not None and cop.lemma_.lower() == "être":
                return child
    return None


def _predicate_relative(modal: Token) -> bool:
    """ "Internet est un outil qui doit être exploité…", "est une voie qui devrait être
    étudiée": a relative clause on the predicate of "être", whose "devoir" governs a passive,
    says what is to be done with the subject (P16; P18 the conditional in a clause)."""
    if modal.dep_ != "acl:relcl" or modal.lemma_.lower() != "devoir":
        return False
    noun = modal.head
    if _child(noun, {"cop"}) is None or modal.i < noun.i:
        return False
    return _is_passive(_governed_verb(modal))


def _in_description(verb: Token) -> bool:
    """An adverbial clause, or a relative clause of a noun: it describes, it does not ask. Not a
    clause with its own subject and no subordinator before the one it is hung on: two main
    clauses joined by a comma ("L'APL ne doit pas être comprise dans les aides, c'est une aide
    au logement", blind3: a firm hit lost when the sentence was no longer cut at the comma, P25)."""
    if verb.dep_ == "advcl" and _juxtaposed(verb):
        return False
    return verb.dep_ == "advcl" or (verb.dep_ in {"acl", "acl:relcl"} and _is_relative(verb))


def _is_relative(verb: Token) -> bool:
    """Whether a finite verb the parser hung on a noun opens a relative clause ("les moyens *qui*
    doivent…"), not the noun's own predicate misread as one ("l'action publique elle-même doit
    se transformer")."""
    if "Fin" not in verb.morph.get("VerbForm") or verb.head.i > verb.i:
        return True
    between = verb.doc[verb.head.i + 1 : verb.i]
    return any(t.lower_ in RELATIVE_WORDS or "Rel" in t.morph.get("PronType") for t in between)


def _states_a_legal_obligation(modal: Token) -> bool:
    """ "devoir" in the present, said of others, in a sentence about the law in force."""
    subject = _subject(modal)
    if subject is not None and subject.lower_ in FIRST_PERSON:
        return False  # "nous devons…": a commitment or a proposal
    # a law named in the subject is the text asked to change ("le projet de loi doit donc
    # prévoir…": P16, 2 firm misses on dev), not the law in force
    inside = {t.i for t in subject.subtree} if subject is not None else set()
    action = _governed_verb(modal)
    if action is not None and action.lemma_.lower() == "devenir":
        # "Le stage doit devenir obligatoire": the rule asked for, not the law in force (P33)
        inside |= {t.i for t in action.subtree}
    return any(t.lemma_.lower() in LEGAL_LEMMAS and t.i not in inside for t in modal.sent)


def _necessity(adj: Token) -> _ProseHit | None:
    """ "il est nécessaire de créer…", "il serait souhaitable que…", and with an infinitive as
    subject: "mieux tenir compte des retours est indispensable"."""
    if adj.lemma_.lower() not in NECESSITY_ADJ and adj.lower_ not in NECESSITY_ADJ:
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
    action = _governed_verb(adj) or _que_clause(adj) or _subjunctive_clause(adj)
    if action is None:
        return None
    return _ProseHit(adj, action, 0.75)


def _becoming_necessary(verb: Token) -> _ProseHit | None:
    """ "il devient inévitable / nécessaire de contraindre…" (P16, a dev miss): impersonal
    "devenir" with an adjective of necessity and an infinitive."""
    subject = _subject(verb)
    if subject is None or subject.lower_ != "il" or not _mood_ok(verb) or _is_negated(verb):
        return None
    adj = next((c for c in verb.rights if c.pos_ == "ADJ" and c.dep_ in {"xcomp", "ccomp"}), None)
    if adj is None or adj.lemma_.lower() not in NECESSITY_ADJ | {"inévitable"}:
        return None
    for child in [*verb.rights, *adj.rights]:
        if _is_infinitive_verb(child) and any(
            m.lower_ in {"de", "d'", "d’"} for m in child.children if m.dep_ in {"mark", "case"}
        ):
            return _ProseHit(verb, child, 0.7)
    return None


def _subjunctive_clause(adj: Token) -> Token | None:
    """ "il est indispensable que le rapport de force … soit équilibré" read with the noun as the
    clause's head: the word the subjunctive "être" or auxiliary hangs on (P16, a dev miss)."""
    for child in adj.rights:
        if not any(c.dep_ == "mark" and c.lower_ in {"que", "qu'", "qu’"} for c in child.children):
            continue
        for token in child.subtree:
            if any(
                c.dep_ in {"cop", "aux", "aux:pass", "aux:tense"} and "Sub" in c.morph.get("Mood")
                for c in token.children
            ):
                return token
    return None


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


def _shown_necessity(verb: Token) -> _ProseHit | None:
    """ "La crise a démontré la nécessité d'accélérer la numérisation": a finding that asks for
    an action (the guideline's firm recommendation), whatever the tense of the finding."""
    if _is_negated(verb) or _in_description(verb):
        return None
    need = _child(verb, {"obj"})
    if need is None or need.lemma_.lower() not in NEED_NOUNS:
        return None
    # the infinitive hangs on the noun, or on the verb right after the noun (as the parser reads
    # "montre l'urgence d'adapter")
    after = [c for c in verb.rights if c.dep_ in {"xcomp", "ccomp"} and c.i > need.i]
    for child in [*need.children, *after]:
        if _is_infinitive_verb(child) and any(
            m.lower_ in {"de", "d'", "d’"} for m in child.children if m.dep_ in {"mark", "case"}
        ):
            return _impersonal(_ProseHit(verb, child, 0.6))
    return None


def _necessity_verb(verb: Token) -> _ProseHit | None:
    """A verb of necessity with an infinitive introduced by "de": what a situation requires."""
    if not _mood_ok(verb) or "Fin" not in verb.morph.get("VerbForm") or _is_negated(verb):
        return None
    if _in_description(verb):
        return None
    if _law_in_force(verb):
        return None  # "Le décret tertiaire impose de réduire de 40 %…": a reminder (P36)
    for child in verb.rights:
        if child.dep_ in {"xcomp", "ccomp", "obj"} and _is_infinitive_verb(child):
            marks = {c.lower_ for c in child.children if c.dep_ in {"mark", "case"}}
            if marks & {"de", "d'", "d’"}:
                return _ProseHit(verb, child, 0.6)
    return None


def _puts_in_light(verb: Token) -> bool:
    """ "a mis en lumière / en évidence la nécessité de…": a verb of showing in two words (P25)."""
    return verb.lemma_.lower() == "mettre" and any(
        c.lower_ in {"lumière", "évidence", "exergue"} for c in verb.children
    )


def _under_hypothesis(modal: Token) -> bool:
    """A conditional in the main clause of "si + imperfect": a hypothesis, not a suggestion."""
    for clause in (modal, modal.head):
        for child in clause.children:
            if child.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in {"si", "s'", "s’"} for m in child.children
            ):
                return True
    return False


def _unreal_hypothesis(token: Token) -> bool:
    """A verb in the main clause of "si + imperfect" ("Si les tensions persistaient, d'autres
    mesures pourraient être proposées"): what would follow a supposed case, not a proposal
    (P36, a blind8 false alarm). "si + present" stays: "si le plan réussit, l'État financera"
    is a conditional commitment."""
    for clause in (token, token.head):
        for child in clause.children:
            if child.dep_ != "advcl" or not any(
                m.dep_ == "mark" and m.lower_ in {"si", "s'", "s’"} for m in child.children
            ):
                continue
            verbs = [child, *(c for c in child.children if c.dep_.startswith("aux"))]
            if any("Imp" in v.morph.get("Tense") and "Ind" in v.morph.get("Mood") for v in verbs):
                return True
    return False


# nouns that source a figure to a forecast: "selon les prévisions / projections de…" (P36)
_FORECAST_NOUNS = {"prévision", "projection", "estimation", "anticipation", "prévisionniste"}
_SOURCE_WORDS = {"selon", "après"}  # "selon les projections", "d'après les estimations"


def _sourced_forecast(modal: Token) -> bool:
    """ "devrait" in a sentence that credits its figure to forecasts ("Selon les prévisions, les
    droits de mutation devraient reculer de 5 %"; "Elle devrait retrouver son niveau…, selon les
    projections de SNCF Voyageurs"): an expectation, not an advice (P36, 2 blind8 false
    alarms). Not when "nous" or "je" is the subject: a speaker's intent."""
    subject = _subject(modal)
    if subject is not None and subject.lower_ in FIRST_PERSON:
        return False
    return any(
        t.lemma_.lower() in _FORECAST_NOUNS
        and any(c.dep_ == "case" and c.lower_ in _SOURCE_WORDS for c in t.children)
        for t in modal.sent
    )


# who answers a call for projects: "devront" on them states its rules, no body's commitment
_APPLICANT_LEMMAS = {"candidat", "candidature", "lauréat", "porteur", "dossier", "soumissionnaire"}
# "les projets retenus / sélectionnés / éligibles": the selected applicants of a call
_SELECTED = {"retenir", "sélectionner", "éligible", "lauréat", "candidat"}


# what a call for projects funds, whose required qualities are its rules (P36)
_FUNDED_THINGS = {"équipement", "projet", "installation", "opération"}


def _applicant_condition(modal: Token, action: Token) -> bool:
    """ "devra / devront" said of a call's applicants or selected projects ("Les projets retenus
    devront présenter un gain énergétique d'au moins 40 %"), or with a mere quality of what a
    call funds ("Les équipements devront être accessibles gratuitement"): a condition of the
    programme, which the guideline leaves out (P36, 2 blind8 false alarms). Not a passive on
    them ("l'ensemble des équipements financés devra être livré d'ici 2024": a deadline)."""
    subject = _subject(modal)
    if subject is None:
        return False
    lemma = subject.lemma_.lower()
    if lemma in _APPLICANT_LEMMAS:
        return True
    if action.pos_ == "ADJ" and lemma in _FUNDED_THINGS:
        return True
    if lemma not in {"projet", "opération", "dossier"}:
        return False
    return any(
        c.dep_ in {"acl", "amod"} and c.lemma_.lower() in _SELECTED for c in subject.children
    )


# texts in force: "la loi / le décret / le code impose de…" recalls the law (P36)
_LAW_NOUNS = {"loi", "décret", "code", "directive", "règlement", "ordonnance", "arrêté"}


def _law_in_force(verb: Token) -> bool:
    """ "imposer" in the present with a text of law as its subject ("Le décret tertiaire impose de
    réduire de 40 %…", "la loi impose aux communes de disposer de 25 %…"): a reminder of the law
    in force, not a proposal (P36, 2 blind8 false alarms). "Le projet de loi imposera…" is not:
    its subject is a bill, its tense a future."""
    subject = _subject(verb)
    if subject is None or subject.lemma_.lower() not in _LAW_NOUNS:
        return False
    return "Pres" in verb.morph.get("Tense") and "Ind" in verb.morph.get("Mood")


def _forecast(modal: Token, action: Token) -> bool:
    """ "devrait encore ajouter quelque 6 000 élèves": "devrait" said of a trend (no actor as
    subject) with a verb of counting and a figure as its object: an expectation, not an advice
    (not "une personne au RSA devrait payer 1 euro symbolique", blind4)."""
    if action.lemma_.lower() not in _COUNTING_VERBS:
        return False
    subject = _subject(modal) or _subject(action)
    if subject is None or subject.lower_ in FIRST_PERSON or subject.lower_ == "il":
        return False
    lemma = subject.lemma_.lower()
    if subject.pos_ == "PROPN" or lemma in ACTOR_LEMMAS or lemma in INSTITUTION_LEMMAS:
        return False
    if _is_passive(action):
        return False
    obj = _child(action, {"obj"})
    return obj is not None and any(t.like_num for t in obj.subtree)


def _juxtaposed(verb: Token) -> bool:
    """A clause the parser hung as adverbial on a later verb, though it has its own subject
    and no subordinator or preposition: a main clause before a comma."""
    if verb.i > verb.head.i or _subject(verb) is None:
        return False
    return not any(c.dep_ in {"mark", "case"} for c in verb.children)


def _infinitive_in_relative(obj: Token) -> Token | None:
    """ "les habitants qui le souhaitent *à rejoindre*": an "à" + infinitive the parser hung on
    the object's relative clause, which is the invitation's action."""
    for clause in obj.children:
        if clause.dep_ != "acl:relcl":
            continue
        for child in clause.rights:
            marks = {c.lower_ for c in child.children if c.dep_ in {"mark", "case"}}
            if _is_infinitive_verb(child) and "à" in marks:
                return child
    return None


def _possible_on_a_calendar(action: Token) -> bool:
    """ "pourraient être révisés à mi-parcours, en 2017": a passive with no agent that may happen
    at a stated year, a hypothesis on a calendar, not a course of action asked for (P33)."""
    if not _is_passive(action) or _child(action, {"obl:agent"}) is not None:
        return False
    return any(t.like_num and len(t.text) == 4 and t.text[:2] in {"19", "20"} for t in action.sent)
