"""Announced measures and calls to act: proposals of lower confidence than a recommendation.

A measure a public body announces (the future, "va + infinitive", a passive future of a new
step, "lance / annonce / mobilise" + an action programme, "l'objectif est de… d'ici 2022"), or a
call to act ("les administrations sont invitées à candidater", "Talents du numérique,
faites…"), both with lower confidence than a recommendation. Releases ("lance aujourd'hui le
site") are not proposals.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from textmine.proposals.lexicon import (
    CHANGE_MARKS,
    CHANGE_VERBS,
    CLAUSE_MARKS,
    COMPLETION_ADVERBS,
    CREATION_VERBS,
    FILE_NOUNS,
    FIRST_PERSON,
    FUNDING_NOUNS,
    GOAL_NOUNS,
    GOAL_SETTING_VERBS,
    GOAL_VERBS,
    INDEFINITE,
    LAUNCH_VERBS,
    LIGHT_VERBS,
    MEANS_VERBS,
    NAVIGATION_VERBS,
    NO_ACTION_VERBS,
    OF,
    ORGANISATION_CHANGE_VERBS,
    PARTICIPANT_LEMMAS,
    PARTICIPANT_TREATMENT_VERBS,
    PASSIVE_CALENDAR_VERBS,
    PASSIVE_STATE_VERBS,
    PRIVATE_ACTOR_LEMMAS,
    PROCEDURE_NOUNS,
    PROCEDURE_VERBS,
    PROGRAMME_NOUNS,
    PRONOMINAL_COPULAS,
    QUANTITY_VERBS,
    REFLEXIVE,
    RELATIVE_WORDS,
    SUPPORT_NOUNS,
    TABLED_TEXT_LEMMAS,
)
from textmine.proposals.prose import _CALL_CONFIDENCE, _ProseHit
from textmine.proposals.subjects import (
    has_case,
    is_programme_noun,
    is_public_actor,
    named_organisation,
    resolved_subject,
)
from textmine.proposals.syntax import (
    _child,
    _head_read_as_subject,
    _infinitive_complement,
    _is_infinitive_verb,
    _is_negated,
    _is_past,
    _passive_aux,
    _subject,
)
from textmine.proposals.timing import (
    MONTHS,
    has_deadline,
    has_start_time,
    has_target_time,
)

# A measure a public body announces (what it will do) ranks below a recommendation (what a text
# asks for): reviewers see it after them.
_MEASURE_CONFIDENCE = 0.55  # "l'État recrutera…": a public body's own action, in the future
_WEAK_MEASURE_CONFIDENCE = 0.5  # passive future, launch in the present, target with a deadline


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
    if lemma in {"fixe", "fixent"} and token.pos_ == "VERB":
        lemma = "fixer"  # the lemmatiser leaves "fixe" as is ("fixe l'objectif de…", P25)
    if lemma == "suffire":
        return None  # "Pour en profiter, il suffira de créer un compte": how to benefit (P36)
    if lemma in {"reste", "restent"} and token.pos_ == "VERB":
        lemma = "rester"  # and "reste" ("Notre objectif reste de financer…", P29)
    morph = token.morph
    verb_form, tense, mood = morph.get("VerbForm"), morph.get("Tense"), morph.get("Mood")
    if _future_by_form(token):
        # "Nous doublerons" tagged as a present (P25), "financera" as a participle (P29)
        verb_form, tense, mood = ["Fin"], ["Fut"], ["Ind"]
    elif token.pos_ == "ADJ":
        return _first_person_future_read(token) or _adjectival_passive(token)
    misread = _misread_participle(token)
    if misread is not None:  # "sera interdit" tagged as a finite past (P29)
        return _passive_measure(token, misread, lemma)
    # Cheap test first, the same as the branches below (this runs on every verb of the corpus):
    # a future, a participle, a launch verb, "aller", "être", an imperative or a verb in "-ez".
    if not (
        "Fut" in tense
        or "Part" in verb_form
        or "Imp" in mood
        or lemma in LAUNCH_VERBS
        or lemma in {"aller", "être", "rester", "demeurer"}
        or lemma in GOAL_VERBS
        or token.lower_.endswith("ez")
        or ("Inf" in verb_form and token.dep_ == "ROOT")
    ):
        return None
    if "Inf" in verb_form and token.dep_ == "ROOT":
        return _infinitive_target(token)
    if _is_negated(token) or token.dep_ in {"acl:relcl", "amod"}:
        return None
    if any(c.dep_ == "mark" and c.lower_ in CLAUSE_MARKS for c in token.children):
        return None  # "si… lancera", "pour que… soient lancés": not asserted
    indicative = "Fin" in verb_form and "Ind" in mood
    if lemma in {"être", "rester", "demeurer"}:
        if not (indicative and ("Pres" in tense or "Fut" in tense)):
            return None
        return _goal(token) or _goal_by_words(token)
    if lemma in GOAL_VERBS and token.pos_ == "VERB":
        hit = _set_goal(token) or _aimed_quantity(token)
        if hit is not None:
            return hit
    if lemma in QUANTITY_VERBS and "Part" in verb_form:
        target = _future_perfect_target(token)
        if target is not None or _passive_aux(token) is None:
            return target  # else a passive: "sera augmenté de 15 %" (P29, a blind6 miss)
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
        return _future_measure(token, token) or _new_opening(token) or _future_perfect_read(token)
    aux = _passive_aux(token)
    hung = token.dep_ == "acl" and token.head.i < token.i and "Pres" in tense  # (P33)
    if aux is None and ("Part" in verb_form or hung) and lemma in LAUNCH_VERBS:
        # "La ministre lance également une mission…" with "lance" hung on "ministre" (P33)
        hit = _present_launch_read(token)  # "Le ministère lance…" tagged as a participle (P29)
        if hit is not None:
            return hit
    if aux is not None and lemma in GOAL_SETTING_VERBS:
        subject = _child(token, {"nsubj:pass", "nsubj"})
        goal = subject is not None and subject.lemma_.lower() in GOAL_NOUNS
        if goal and has_deadline(token.sent):  # "des objectifs ont été fixés d'ici fin 2022"
            return _ProseHit(token, token, _WEAK_MEASURE_CONFIDENCE)
    if aux is not None:
        return _passive_measure(token, aux, lemma)
    if indicative and "Pres" in tense and lemma in LAUNCH_VERBS:
        return _launch(token, _clause_subject(token))
    if lemma == "engager" and "Part" in verb_form:
        return _past_commitment(token)
    if _is_infinitive_verb(token) and lemma in LAUNCH_VERBS and token.dep_ == "xcomp":
        # "je suis fière d'annoncer…", "nous sommes heureux de lancer…"
        cop = _child(token.head, {"cop"})
        if cop is not None and not _is_past(cop) and "Pres" in cop.morph.get("Tense"):
            return _launch(token, _subject(token.head))
    return None


def _future_measure(tense: Token, verb: Token) -> _ProseHit | None:
    """``verb`` in the future (``tense`` is "va" in "va lancer", else ``verb`` itself)."""
    if verb.lemma_.lower() == "bénéficier" and not _is_negated(verb):
        # "l'utilisation de FranceConnect bénéficiera d'un soutien de l'État": public support
        support = _child(verb, {"obl:arg", "obl:mod", "obj"})
        if support is not None and support.lemma_.lower() in SUPPORT_NOUNS:
            funder = _child(support, {"nmod"})
            if funder is not None and is_public_actor(funder):
                return _ProseHit(tense, verb, _WEAK_MEASURE_CONFIDENCE)
        return None
    if verb.lemma_.lower() in NO_ACTION_VERBS or _is_negated(verb) or _passive_aux(verb):
        return None
    subject = _clause_subject(tense)
    if any(c.lower_ in REFLEXIVE for c in verb.children):
        # "cet effort se poursuivra", not "l'État se mobilisera pour…" (an intent, no action),
        # "ces croisements se révéleront efficaces" (a copula), "l'accès se fera par…"
        if verb.lemma_.lower() in PRONOMINAL_COPULAS | LIGHT_VERBS:
            return None
        if subject is not None and is_programme_noun(subject):
            return _ProseHit(tense, verb, _WEAK_MEASURE_CONFIDENCE)
        return None
    if _is_completed(verb):
        return None
    if not is_public_actor(subject):
        if _organisation_change(verb, subject):
            # "L'AP-HM construira…", "Action Logement apportera 1,5 milliard", "Le plan
            # mobilisera 5 milliards": any organisation's future of change (P33)
            return _ProseHit(tense, verb, _MEASURE_CONFIDENCE)
        if _funding_instrument(subject):
            # "Un fonds de 45 M€ financera…", "une dotation de 2 M€ soutiendra…": public money
            # committed, whatever the verb it acts with (P29)
            return _ProseHit(tense, verb, _MEASURE_CONFIDENCE)
        if _new_body_from(verb, subject):
            return _ProseHit(tense, verb, _WEAK_MEASURE_CONFIDENCE)
        return None
    if verb.lemma_.lower() in PROCEDURE_VERBS:
        # "je réunirai les représentants…": a step of a procedure; but "je présenterai un
        # décret", a text an official speaker tables, is a measure (P33)
        return _ProseHit(tense, verb, _MEASURE_CONFIDENCE) if _tables_a_text(verb) else None
    if _sets_a_level_by(verb) and has_deadline(verb.sent):
        # "nous porterons le nombre de volontaires à 200 000 d'ici 2019": a target (P33)
        return _ProseHit(tense, verb, _WEAK_MEASURE_CONFIDENCE)
    if has_start_time(verb.sent) or _changes_a_scheme(verb.sent):
        # "Dès la rentrée, nous publierons…", "L'État versera cette aide dès le premier mois …,
        # et non plus à la fin…": what a public body will do from a stated start, or a scheme
        # it changes, whatever the verb (P29: 2 of blind6's firm misses)
        return _ProseHit(tense, verb, _MEASURE_CONFIDENCE)
    if _supports_an_action(verb):
        # "L'État accompagnera les communes dans la reconstruction des digues": a public body's
        # support of a named action (P33)
        return _ProseHit(tense, verb, _MEASURE_CONFIDENCE)
    if verb.lemma_.lower() in MEANS_VERBS | CHANGE_VERBS and _states_its_scope(verb, subject):
        # "elle mobilisera les crédits…", "La Région financera le permis…", "Nous doublerons les
        # aides…": a change a public body makes, whatever its object (P25)
        return _ProseHit(tense, verb, _MEASURE_CONFIDENCE)
    # what it will do: something new ("publiera un document", "recrutera 15 designers") or an
    # action programme ("lancera l'appel"), not a step of a known procedure ("évaluera les
    # candidats", "suivra les activités")
    obj = _child(verb, {"obj"}) or _misplaced_object(verb)
    if obj is not None and (_is_new(obj) or is_programme_noun(obj)):
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
    if verb.lemma_.lower() in NAVIGATION_VERBS:
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
    if lemma in PROCEDURE_VERBS:
        return None  # "le plan sera présenté aux maires": a step of a procedure (P25)
    future = "Fut" in aux.morph.get("Tense")  # "sera interdit", whatever the tag of "interdit"
    if (not future and _is_past(participle)) or "Ind" not in aux.morph.get("Mood"):
        return None
    if _is_completed(participle):
        return None
    subject = _child(participle, {"nsubj:pass", "nsubj"})
    if subject is None:  # inverted: "Dans ce cadre, est lancée la construction d'un…"
        subject = next((c for c in participle.rights if c.dep_ == "obj"), None)
    if subject is not None and subject.lemma_.lower() in PROCEDURE_NOUNS:
        return None  # "l'adoption définitive est prévue au printemps": a calendar (P25)
    if subject is not None and _bare_schedule(participle, subject, aux, lemma):
        return None  # "L'ouverture est prévue en 2026.": a date for what was said before (P36)
    if _financing_mechanics(participle, subject):
        return None
    tense = aux.morph.get("Tense")
    if subject is not None and "Fut" in tense and _future_passive_step(participle, subject, lemma):
        return _ProseHit(participle, participle, _WEAK_MEASURE_CONFIDENCE)
    if subject is None or (not is_programme_noun(subject) and not _is_amount(subject)):
        return None
    if "Pres" in tense and lemma in LAUNCH_VERBS:
        return _ProseHit(participle, participle, _WEAK_MEASURE_CONFIDENCE)
    # in the future, a new step ("une deuxième promotion sera lancée", "trois chantiers seront
    # menés") or a programme, not what will become of a known process ("le développement de ce
    # marché sera soumis au contrôle…": a forecast)
    new = _is_new(subject) or subject.lemma_.lower() in PROGRAMME_NOUNS
    if "Fut" in tense and new:
        return _ProseHit(participle, participle, _WEAK_MEASURE_CONFIDENCE)
    return None


# openings and deliveries that a schedule dates: "L'ouverture est prévue en 2026." (P36)
_SCHEDULED_NOUNS = {"ouverture", "livraison", "inauguration", "réouverture", "achèvement"}


def _bare_schedule(participle: Token, subject: Token, aux: Token, lemma: str) -> bool:
    """ "est prévu(e)" in the present with a bare event noun as subject ("L'ouverture est prévue
    en 2026."): the date of a thing announced before, a schedule the guideline leaves out (P36,
    a blind8 false alarm); "l'ouverture d'un centre de santé est prévue en 2026" names what
    opens and stays."""
    if lemma != "prévoir" or "Pres" not in aux.morph.get("Tense"):
        return False
    if subject.lemma_.lower() not in _SCHEDULED_NOUNS:
        return False
    return all(c.dep_ in {"det", "amod"} for c in subject.children)


def _past_commitment(verb: Token) -> _ProseHit | None:
    """ "D'ici à 2021, le gouvernement s'est engagé à ce que…": a commitment made in the past to
    a target still ahead, which only its deadline tells from a past fact."""
    if not any(c.lower_ in REFLEXIVE for c in verb.children) or not has_deadline(verb.sent):
        return None
    if not is_public_actor(_clause_subject(verb)):
        return None
    return _ProseHit(verb, _infinitive_complement(verb) or verb, _WEAK_MEASURE_CONFIDENCE)


def _future_passive_step(participle: Token, subject: Token, lemma: str) -> bool:
    """A passive future that announces a step: a new subject ("un référent sera nommé", "un point
    d'avancement sera réalisé") or one a public body acts on ("les données … seront ouvertes par
    le ministère"). Not a verb of no action, and not a state ("sera disponible")."""
    if lemma in NO_ACTION_VERBS | PROCEDURE_VERBS | PARTICIPANT_TREATMENT_VERBS:
        return False  # "les lauréats seront désignés", "le plan sera présenté aux maires" (P25)
    agent = _child(participle, {"obl:agent"})
    if agent is None and _aid_mechanics(participle, subject):
        return False  # "L'aide sera plafonnée à 5 000 euros par projet": an aid rate (P29)
    if lemma in PASSIVE_STATE_VERBS:
        # a state, but one that comes into force on a date or sets a level, said of no
        # participant: "le centre-ville sera réservé aux piétons à partir du printemps", "le taux
        # sera porté à 25 %" (a rule, P29)
        starts = has_start_time(participle.sent) or _sets_a_level(participle)
        return agent is None and starts and subject.lemma_.lower() not in PARTICIPANT_LEMMAS
    if agent is not None and is_public_actor(agent):
        return True
    sent = participle.sent
    if lemma in MEANS_VERBS and any(_is_amount(t) for t in sent if t.i < participle.i):
        return True  # "3 millions d'euros … seront mobilisés d'ici la fin de l'année" (P25)
    if subject.pos_ != "NOUN" and not (subject.pos_ == "PROPN" and subject.text.islower()):
        return False  # ("centre-ville" cut into "centre", "-" and a PROPN "ville")
    if subject.lemma_.lower() in PARTICIPANT_LEMMAS and lemma not in CREATION_VERBS:
        return False  # "des experts seront mobilisés", not "neuf équipes seront créées"
    between = participle.doc[subject.i + 1 : participle.i]
    if subject.i > participle.i or any(
        t.lower_ in RELATIVE_WORDS or "Rel" in t.morph.get("PronType") or t.text in {":", "○"}
        for t in between
    ):
        return False  # "… dont les conclusions seront présentées": a subject misread across
    if agent is None and _sets_a_level(participle):
        return True  # "le taux sera porté à 10 %": a level set, whatever the verb (P29)
    if agent is None and _dated_or_completed(participle, subject, lemma):
        return True  # "seront réaménagées d'ici 2026", "sera calculée … à compter du…" (P33)
    if lemma in CHANGE_VERBS - {"renforcer"} and agent is None:
        # "le numerus clausus sera supprimé", "la gratuité sera étendue aux lycées agricoles", "le
        # contrôle sera confié à…": a change with no agent is the issuer's (P25); not "les
        # projets seront renforcés d'une équipe" (how a programme treats them, a dev decoy)
        return True
    # one new thing or a counted few ("un référent", "trois chantiers"), not "de nombreuses
    # démarches seront simplifiées" (what users will find, a feature)
    return any(c.dep_ == "nummod" for c in subject.children) or any(
        c.dep_ == "det" and c.lower_ in {"un", "une", "des"} for c in subject.children
    )


def _launch(verb: Token, subject: Token | None) -> _ProseHit | None:
    lemma = verb.lemma_.lower()
    if lemma == "prévoir" and subject is not None and is_programme_noun(resolved_subject(subject)):
        # "la stratégie prévoit le renforcement de…": what an announced plan holds
        obj = _child(verb, {"obj"}) or _misplaced_object(verb)
        if obj is not None and is_programme_noun(obj) and not _is_completed(verb):
            return _ProseHit(verb, verb, _WEAK_MEASURE_CONFIDENCE)
        return None
    if not (is_public_actor(subject) or named_organisation(subject)):
        return None  # any named organisation too: "Grand Chambéry s'engage à…" (P33)
    if lemma == "engager" and any(c.lower_ in REFLEXIVE for c in verb.children):
        # "l'État s'engage à ouvrir…", "La Région s'engage à ce que 92 % des trains…" (P29)
        action = _infinitive_complement(verb) or _clause_after_ce(verb)
        return _ProseHit(verb, action, _WEAK_MEASURE_CONFIDENCE) if action is not None else None
    obj = _child(verb, {"obj"}) or _misplaced_object(verb)
    if obj is None or obj.lower_ in REFLEXIVE or _is_completed(verb):
        return None
    if is_programme_noun(obj) or (lemma in MEANS_VERBS and _is_amount(obj)):
        return _ProseHit(verb, verb, _WEAK_MEASURE_CONFIDENCE)
    return None


def _goal(verb: Token) -> _ProseHit | None:
    """ "L'objectif est d'atteindre 30 millions d'utilisateurs d'ici fin 2022"."""
    subject = _child(verb, {"nsubj"})
    action = _child(verb, {"xcomp", "ccomp"})
    if subject is None or subject.lemma_.lower() not in GOAL_NOUNS or action is None:
        return None
    if not _is_infinitive_verb(action) or not has_target_time(verb.sent):
        return None  # a deadline, a year or a rate ("150 000 logements par an", P29)
    owner = _child(subject, {"nmod"})  # "l'objectif de l'entreprise": not a public target
    if owner is not None and owner.pos_ in {"NOUN", "PROPN"} and not is_public_actor(owner):
        return None
    return _ProseHit(verb, action, _WEAK_MEASURE_CONFIDENCE)


def _infinitive_target(verb: Token) -> _ProseHit | None:
    """ "Développer l'usage du cloud dans les administrations d'ici à 3 ans.": a sentence of
    running prose led by an infinitive, with a deadline, states a target (the answer after "Son
    objectif ?"); without a deadline it is a heading or a slogan."""
    sent = verb.sent
    first = next((t for t in sent if not (t.is_punct or t.is_space)), None)
    if first is None or first.i != verb.i or _is_negated(verb):
        return None
    if sent[-1].text not in {".", "!"} and not (len(sent) > 1 and sent[-2].text == "."):
        return None  # a heading has no final stop
    return _ProseHit(verb, verb, _WEAK_MEASURE_CONFIDENCE) if has_deadline(sent) else None


def _clause_subject(verb: Token) -> Token | None:
    """The subject of ``verb``, or of the verb it is coordinated with ("annonce… et lancera")."""
    for _ in range(4):
        subject = _subject(verb)
        if subject is None:
            subject = _head_read_as_subject(verb)
            # "L'agence de l'eau Rhône Méditerranée Corse lance…" read with "lance" on "eau": the
            # noun phrase's head is the subject (P25)
            while subject is not None and subject.dep_ == "nmod" and subject.head.i < subject.i:
                subject = subject.head
            if subject is None and _future_read_on_noun(verb):
                subject = verb.head  # "Un fonds de 45 M€ financera…" (P29)
        if subject is not None or verb.head.i == verb.i:
            return subject
        if verb.dep_ == "conj" or verb.pos_ not in {"VERB", "AUX"}:
            verb = verb.head  # also through a noun the parser coordinated it with
        else:
            return None
    return None


def _is_new(obj: Token) -> bool:
    """An object the sentence introduces ("un document", "15 designers", "de nouvelles
    actions"), not participants already known ("évaluera les candidats")."""
    if obj.pos_ == "NUM" or any(c.dep_ == "nummod" for c in obj.children):
        return True
    if any(c.dep_ == "det" and c.lower_ == "chaque" for c in obj.children):
        # "accompagner chaque ménage": every one of a whole, its scope (P29); not "évaluera
        # chaque candidat", how a programme treats its participants
        return obj.lemma_.lower() not in PARTICIPANT_LEMMAS
    return any(
        c.dep_ == "det" and ("Ind" in c.morph.get("Definite") or c.lower_ in INDEFINITE)
        for c in obj.children
    )


def _is_amount(token: Token) -> bool:
    """ "88 millions d'euros": money committed."""
    return token.lemma_.lower() in {"million", "milliard", "euro", "€"}


def _is_completed(verb: Token) -> bool:
    """ "sont déjà engagées": done, not announced."""
    return any(c.lower_ == "déjà" for c in verb.children)


_FUTURE_ENDINGS = ("ai", "as", "a", "ons", "ez", "ont")


def _future_by_form(token: Token) -> bool:
    """A synthetic future the tagger read as a present ("Nous doublerons", tagged Pres): the
    infinitive ("doubler", "construir(e)") followed by a future ending."""
    forms = token.morph.get("VerbForm")
    if token.pos_ != "VERB" or ("Fin" not in forms and "Part" not in forms):
        return False  # "Un fonds … financera" tagged as a participle (P29): no participle ends so
    if "Fut" in token.morph.get("Tense") or "Cnd" in token.morph.get("Mood"):
        return False
    lemma, lower = token.lemma_.lower(), token.lower_
    stem = lemma[:-1] if lemma.endswith("re") else lemma
    if not lemma.endswith(("er", "ir", "re")) or lemma in {"être", "avoir", "aller", "faire"}:
        return False
    return any(lower == stem + ending for ending in _FUTURE_ENDINGS)


def _set_goal(verb: Token) -> _ProseHit | None:
    """ "Le SDAGE fixe l'objectif d'atteindre 67 %… d'ici 2027", "le Gouvernement se fixe pour
    objectif de réduire…", "maintient son objectif de passer sous…", "vise un objectif clair :
    qu'à la rentrée 2031…": a verb that sets, keeps or aims at a target named by "objectif",
    with a time (P25: 5 of blind5's firm goal misses)."""
    forms = verb.morph.get("VerbForm")
    if _is_negated(verb) or ("Fin" not in forms and "Part" not in forms):
        return None
    if verb.dep_ in {"acl", "acl:relcl", "amod", "advcl"}:
        return None  # "les objectifs fixés par la loi": a description
    goal = next(
        (
            c
            for c in verb.children
            if c.dep_ in {"obj", "obl:arg", "obl:mod", "obl", "xcomp", "nsubj:pass"}
            and c.lemma_.lower() in GOAL_NOUNS
        ),
        None,
    )
    if goal is None or not has_target_time(verb.sent):
        return None
    # "avait fixé l'objectif": a report; "s'est fixé pour objectif" is a commitment, and so is
    # "Le préfet a fixé l'objectif d'engager 80 % … avant le 30 juin" (P29)
    committed = _present_perfect(verb) and is_public_actor(_clause_subject(verb))
    if _is_past(verb) and not any(c.lower_ in REFLEXIVE for c in verb.children) and not committed:
        return None
    return _ProseHit(verb, _goal_action(goal, verb) or verb, _WEAK_MEASURE_CONFIDENCE)


def _goal_action(goal: Token, verb: Token) -> Token | None:
    """The infinitive or clause that states the target, on the noun or on the verb."""
    for child in [*goal.children, *verb.rights]:
        if child.i > goal.i and child.pos_ in {"VERB", "AUX"}:
            return child
    return None


def _goal_by_words(verb: Token) -> _ProseHit | None:
    """ "L'objectif (partagé) est de ramener…", "L'objectif est que 80 % des aides soient
    versées avant…", "Notre objectif est de planter…": read on the words when the parser did not
    hang the noun on "être" (P25)."""
    sent = verb.sent
    before = [t for t in sent if t.i < verb.i and not t.is_punct]
    goal = next((t for t in before if t.lemma_.lower() in GOAL_NOUNS), None)
    if goal is None or verb.i - goal.i > 3 or verb.i + 2 >= sent.end:
        return None
    if goal.i > sent.start and goal.nbor(-1).lower_ in OF | {"à", "pour", "d'", "d’"}:
        return None  # "au-delà de l'objectif…", "pour objectif": not the subject
    mark = verb.nbor(1)
    for _ in range(2):  # "notre objectif est clair : que…" (P33)
        if mark.pos_ == "ADJ" or mark.text == ":":
            mark = mark.nbor(1) if mark.i + 1 < sent.end else mark
    if mark.lower_ not in {"de", "d'", "d’", "que", "qu'", "qu’"}:
        return None
    action = next((t for t in sent if t.i > mark.i and t.pos_ in {"VERB", "AUX"}), None)
    if action is None or not has_target_time(sent):
        return None
    owner = _child(goal, {"nmod"})
    if owner is not None and owner.pos_ in {"NOUN", "PROPN"} and not is_public_actor(owner):
        return None
    return _ProseHit(verb, action, _WEAK_MEASURE_CONFIDENCE)


def _future_perfect_target(participle: Token) -> _ProseHit | None:
    """ "D'ici 2022, le nombre de maisons de santé aura doublé pour atteindre 2 000": a figure
    in the future perfect with a deadline is a target (P25)."""
    aux = next((c for c in participle.children if c.dep_ in {"aux:tense", "aux"}), None)
    if aux is None or aux.lemma_.lower() != "avoir" or "Fut" not in aux.morph.get("Tense"):
        return None
    if _is_negated(participle) or not has_deadline(participle.sent):
        return None
    return _ProseHit(participle, participle, _WEAK_MEASURE_CONFIDENCE)


def _new_opening(verb: Token) -> _ProseHit | None:
    """ "Trois nouvelles crèches municipales ouvriront en 2024": a new thing, counted, that will
    open with no object (the issuer's opening, P25), not "la cellule se réunira"."""
    if verb.lemma_.lower() not in CREATION_VERBS or _child(verb, {"obj"}) is not None:
        return None
    if any(c.lower_ in REFLEXIVE for c in verb.children) or _is_negated(verb):
        return None
    subject = _subject(verb)
    if subject is None or subject.pos_ != "NOUN" or not _is_new(subject):
        return None
    return _ProseHit(verb, verb, _WEAK_MEASURE_CONFIDENCE)


def _financing_mechanics(participle: Token, subject: Token | None) -> bool:
    """ "Le plan sera financé à 60 % par l'autofinancement": how a programme already named is
    paid for (the guideline's programme mechanics), not a new measure."""
    if participle.lemma_.lower() != "financer" or subject is None:
        return False
    definite = any(c.dep_ == "det" and "Def" in c.morph.get("Definite") for c in subject.children)
    agent = _child(participle, {"obl:agent"})
    return definite and (agent is None or not is_public_actor(agent))


def _future_perfect_read(aux: Token) -> _ProseHit | None:
    """ "aura triplé" read as "avoir" with "triplé" as an adjective or anything else: the same
    target, read on the words (the participle right after "aura")."""
    if aux.lemma_.lower() != "avoir" or aux.i + 1 >= len(aux.doc):
        return None
    participle = aux.doc[aux.i + 1]
    if participle.lemma_.lower() not in QUANTITY_VERBS or not participle.lower_.endswith("é"):
        return None
    if _is_negated(aux) or not has_deadline(aux.sent):
        return None
    return _ProseHit(aux, participle, _WEAK_MEASURE_CONFIDENCE)


def _states_its_scope(verb: Token, subject: Token | None) -> bool:
    """A named public body's change counts as such; a first person's ("nous", "je") only with a
    figure in the sentence ("Nous doublerons les aides…, qui passeront à 50 000 euros"): a
    citizen's "nous créerons l'unité" (blind4) is not a measure, and a text's speaker is a
    public body mostly where it commits money or numbers."""
    if subject is None or resolved_subject(subject).lower_ not in FIRST_PERSON:
        return True
    return any(t.like_num for t in verb.sent)


def _misread_participle(token: Token) -> Token | None:
    """The future "sera" of a passive whose participle the tagger read as a finite past ("le
    mouillage … sera interdit", "interdit" tagged Fin|Past: P29, a blind6 miss)."""
    if token.pos_ != "VERB" or "Fin" not in token.morph.get("VerbForm"):
        return None
    if "Past" not in token.morph.get("Tense"):
        return None
    aux = _child(token, {"aux:pass"})
    if aux is None or aux.lemma_.lower() != "être" or "Fut" not in aux.morph.get("Tense"):
        return None
    return aux


def _participle_lemma(adj: Token) -> str | None:
    """The verb of a participle the tagger read as an adjective: "limité" -> "limiter"."""
    lower = adj.lower_
    for ending in ("ées", "és", "ée", "é"):
        if lower.endswith(ending):
            return lower[: -len(ending)] + "er"
    return None


def _adjectival_passive(adj: Token) -> _ProseHit | None:
    """ "32 M€ y sont dédiés", "le chauffage sera limité à 19 degrés": a passive the tagger read
    as "être" + adjective, of a launch verb (in the present or future) or of a verb of change
    (in the future, P29)."""
    cop = _child(adj, {"cop"})
    if cop is None or cop.lemma_.lower() != "être":
        return None
    lemma = adj.lemma_.lower()
    if lemma in LAUNCH_VERBS:
        return _passive_measure(adj, cop, lemma)
    verb = _participle_lemma(adj)
    if verb in CHANGE_VERBS and "Fut" in cop.morph.get("Tense"):
        return _passive_measure(adj, cop, verb)
    if "Fut" in cop.morph.get("Tense") and not _is_negated(adj):
        # "À compter de 2019, les listes seront nationales et non plus régionales": a state set
        # against the former one, from a stated start (a change of a scheme, P33)
        subject = _child(adj, {"nsubj"})
        sent = adj.sent
        dated = has_start_time(sent) or has_target_time(sent)
        known = subject is not None and subject.lemma_.lower() not in PARTICIPANT_LEMMAS
        if known and _changes_a_scheme(sent) and dated:
            return _ProseHit(adj, adj, _WEAK_MEASURE_CONFIDENCE)
    return None


def _first_person_future_read(token: Token) -> _ProseHit | None:
    """ "Je mobiliserai, d'ici la fin de l'année, 500 hectares…" parsed as a name ("Je" with
    "mobiliserai" an adjective of it): a first person's future of means or change with a figure,
    read on the words, the infinitive rebuilt from the form (P29, a blind6 miss)."""
    if token.i == 0 or token.doc[token.i - 1].lower_ not in FIRST_PERSON - {"on"}:
        return None
    lower = token.lower_
    ending = next((e for e in ("rai", "rons") if lower.endswith(e)), None)
    if ending is None:
        return None
    stem = lower[: -len(ending) + 1]  # "mobiliser", "construir"
    verb = stem if stem.endswith(("er", "ir")) else stem + "e"
    if verb not in MEANS_VERBS | CHANGE_VERBS or not any(t.like_num for t in token.sent):
        return None
    return _ProseHit(token, token, _MEASURE_CONFIDENCE)


def _present_launch_read(verb: Token) -> _ProseHit | None:
    """ "Le ministère lance par ailleurs une mission…" with "lance" tagged as a participle (and
    hung on "ministère", "mission" the root): a present by its form ("lance", "lancent"), its
    subject the noun it hangs on, its object the first bare noun after it (P29, a blind6 miss)."""
    lemma = verb.lemma_.lower()
    if not lemma.endswith("er") or verb.lower_ not in {lemma[:-2] + "e", lemma[:-2] + "ent"}:
        return None
    subject = _subject(verb)
    if subject is None and verb.dep_ == "acl" and verb.head.i < verb.i:
        subject = verb.head
    if not is_public_actor(subject):
        return None
    obj = _child(verb, {"obj"}) or next(
        (t for t in verb.sent if t.i > verb.i and t.pos_ == "NOUN" and not has_case(t)), None
    )
    if obj is None or not is_programme_noun(obj):
        return None
    return _ProseHit(verb, verb, _WEAK_MEASURE_CONFIDENCE)


def _changes_a_scheme(sent: Span) -> bool:
    """ "…, et non plus à la fin de chaque année", "désormais": the sentence sets a scheme
    against the one it replaces (a change of a national scheme, the guideline's firm measure)."""
    for token in sent:
        if token.lower_ in CHANGE_MARKS:
            return True
        if token.lower_ == "plus" and token.i > sent.start and token.nbor(-1).lower_ == "non":
            return True
    return False


def _funding_instrument(subject: Token | None) -> bool:
    """ "Un fonds de 45 millions d'euros", "une enveloppe de 3 M€": public money named as
    such, new or with its amount (P29), not "le plan" of a programme already known."""
    if subject is None or subject.lemma_.lower() not in FUNDING_NOUNS:
        return False
    return _is_new(subject) or any(_is_amount(t) for t in subject.subtree)


def _new_body_from(verb: Token, subject: Token | None) -> bool:
    """ "Une équipe unique de cardiologie couvrira les quatre établissements dès le 1er
    septembre 2026": one new thing that will act from a stated start (P29); not how a programme
    treats its participants ("des experts accompagneront les lauréats dès janvier")."""
    if subject is None or subject.pos_ != "NOUN" or not has_start_time(verb.sent):
        return False
    if not any(c.dep_ == "det" and c.lower_ in {"un", "une"} for c in subject.children):
        return False
    if subject.lemma_.lower() in PRIVATE_ACTOR_LEMMAS:
        return False  # "Une entreprise ouvrira un magasin dès mars": a private plan
    if verb.lemma_.lower() in PARTICIPANT_TREATMENT_VERBS | PROCEDURE_VERBS:
        return False
    obj = _child(verb, {"obj"})
    return obj is None or obj.lemma_.lower() not in PARTICIPANT_LEMMAS


def _clause_after_ce(verb: Token) -> Token | None:
    """The verb of "à ce que …" after ``verb`` ("s'engage à ce que 92 % des trains arrivent"),
    which the parser hangs on "ce" as a relative clause."""
    for child in verb.rights:
        if child.lower_ != "ce":
            continue
        for clause in child.children:
            marks = {m.lower_ for m in clause.children if m.dep_ == "mark"}
            if clause.pos_ in {"VERB", "AUX"} and marks & {"que", "qu'", "qu’"}:
                return clause
    return None


def _present_perfect(verb: Token) -> bool:
    """ "a fixé": a passé composé (its auxiliary "avoir" in the present), not "avait fixé"."""
    aux = _child(verb, {"aux:tense"})
    return aux is not None and aux.lemma_.lower() == "avoir" and "Pres" in aux.morph.get("Tense")


def _sets_a_level(participle: Token) -> bool:
    """A complement "à / de" + a figure: "sera ramenée à 5,5 %", "sera augmenté de 15 %", "sera
    limité à 19 degrés" (a change of a level, P29)."""
    for child in participle.children:
        if child.dep_ not in {"obl:arg", "obl:mod", "obl"}:
            continue
        cases = {c.lower_ for c in child.children if c.dep_ == "case"}
        if cases & {"à", "de"} and any(c.dep_ == "nummod" for c in child.children):
            return True
    return False


def _future_read_on_noun(verb: Token) -> bool:
    """A future by its form that the parser hung on the noun before it as a participle ("Un
    fonds de 45 millions d'euros financera…"): that noun is its subject (P29)."""
    if verb.dep_ not in {"acl", "nmod"} or verb.head.i > verb.i or verb.head.pos_ != "NOUN":
        return False
    if verb.dep_ == "nmod" and "Fut" in verb.morph.get("Tense"):
        return "Fin" in verb.morph.get("VerbForm")  # "Lorient Habitat démolira…" (P33)
    return _future_by_form(verb)


def _aid_mechanics(participle: Token, subject: Token) -> bool:
    """An aid's rate or amount per unit ("L'aide sera plafonnée à 5 000 euros par projet", "la
    subvention sera versée à 50 % par dossier"): programme mechanics, as the guideline says."""
    if subject.lemma_.lower() not in SUPPORT_NOUNS:
        return False
    sent = participle.sent
    return any(t.lower_ == "par" and t.i + 1 < sent.end and t.nbor(1).pos_ == "NOUN" for t in sent)


def _organisation_change(verb: Token, subject: Token | None) -> bool:
    """A named organisation's future of a verb of change or of means: "Lorient Habitat démolira
    120 logements", "Le Centre national du livre ouvrira une aide" (P33)."""
    lemma = verb.lemma_.lower()
    if lemma not in MEANS_VERBS | CHANGE_VERBS | ORGANISATION_CHANGE_VERBS:
        return False
    return named_organisation(subject) and _states_its_scope(verb, subject)


def _tables_a_text(verb: Token) -> bool:
    """ "je présenterai avant la fin de l'année un décret": a first person (an official speaking)
    tables a new legal text (P33)."""
    if verb.lemma_.lower() != "présenter":
        return False
    subject = _subject(verb)
    if subject is None or subject.lower_ not in FIRST_PERSON - {"on"}:
        return False
    obj = _child(verb, {"obj"}) or _misplaced_object(verb)
    return obj is not None and obj.lemma_.lower() in TABLED_TEXT_LEMMAS and _is_new(obj)


def _sets_a_level_by(verb: Token) -> bool:
    """An active verb that brings something to a figure: "porterons le nombre … à 200 000",
    "ramènera le délai à 30 jours" (read on the words: "à" then a number, P33)."""
    if verb.lemma_.lower() not in {"porter", "ramener", "augmenter", "réduire", "doubler"}:
        return False
    sent = verb.sent
    for token in sent:
        after = token.i > verb.i and token.lower_ == "à" and token.i + 1 < sent.end
        if after and token.nbor(1).like_num:
            return True
    return False


def _dated_or_completed(participle: Token, subject: Token, lemma: str) -> bool:
    """An agentless passive future of an action with a date or a completion: "seront
    entièrement réaménagées d'ici 2026", "seront acquis dès cette année", "sera réorganisé en
    septembre 2024", "sera doté d'un bâtiment …, pour un montant de 42 M€" (P33: the issuer's
    works, by their calendar). Not a calendar's outcome nor a file's handling ("les résultats
    seront publiés en mars", "l'aide sera versée en 2025": agendas and mechanics)."""
    if lemma in PASSIVE_CALENDAR_VERBS or lemma in PASSIVE_STATE_VERBS:
        return False
    if subject.lemma_.lower() in FILE_NOUNS | SUPPORT_NOUNS | PARTICIPANT_LEMMAS:
        return False
    sent = participle.sent
    if lemma == "doter":
        return any(_is_amount(t) for t in sent)  # means given, with their amount
    if any(c.lower_ in COMPLETION_ADVERBS for c in participle.children):
        return True
    if has_deadline(sent) or has_start_time(sent):
        return True
    for child in participle.children:  # "en septembre 2024", "en 2025"
        if child.dep_ not in {"obl:mod", "obl", "obl:arg"}:
            continue
        year = child.like_num and len(child.text) == 4 and child.text[:2] in {"19", "20"}
        if year or child.lower_ in MONTHS:
            return True
    return False


def _aimed_quantity(verb: Token) -> _ProseHit | None:
    """ "La Région vise une production de 3 000 tonnes à l'horizon 2030", "vise à réduire de 30 %
    … d'ici 2030": an organisation aims at a figure or an action with a time (P33)."""
    if verb.lemma_.lower() != "viser" or _is_negated(verb) or verb.dep_ != "ROOT":
        return None
    if "Ind" not in verb.morph.get("Mood") or not has_target_time(verb.sent):
        return None
    subject = _clause_subject(verb)
    if not (is_public_actor(subject) or named_organisation(subject)):
        return None
    action = _infinitive_complement(verb)
    if action is not None:
        return _ProseHit(verb, action, _WEAK_MEASURE_CONFIDENCE)
    obj = _child(verb, {"obj"})
    if obj is not None and any(t.like_num for t in obj.subtree):
        return _ProseHit(verb, verb, _WEAK_MEASURE_CONFIDENCE)
    return None


def _supports_an_action(verb: Token) -> bool:
    """A verb of support whose complement "dans / pour" names an action by its noun
    ("accompagnera les communes dans la reconstruction…"), said of a public body (P33)."""
    if verb.lemma_.lower() not in {"accompagner", "soutenir", "aider"}:
        return False
    obj = _child(verb, {"obj"})
    if obj is None or obj.lemma_.lower() in PARTICIPANT_LEMMAS:
        return False  # "accompagnera les lauréats dans la réalisation…": programme mechanics
    for child in verb.children:
        if child.dep_ not in {"obl:mod", "obl", "obl:arg"} or child.pos_ != "NOUN":
            continue
        cases = {c.lower_ for c in child.children if c.dep_ == "case"}
        if cases & {"dans", "pour"} and child.lemma_.lower().endswith(("tion", "ment", "ure")):
            return True
    return False
