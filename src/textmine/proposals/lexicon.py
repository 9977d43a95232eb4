"""Word lists of proposal detection: French words that mark a construction, a role or a kind.

One set per group of words a detector looks for (lemmas or lowercased forms, as the code that
uses it compares them), each with the comment that says why, under the section of the detector
that first uses it. Public bodies' and actors' lemmas also hold their unaccented forms ("etat"):
capitalised words often lose their accents ("l'Etat").
"""

from __future__ import annotations

import re

from textmine.textnorm import strip_accents

# --------------------------------------------------------------------------- helpers

LEADING_SKIP = {"ne", "n'", "n’", "pas", "mieux", "davantage", "plus", "également", "aussi"}
INFINITIVE_ENDINGS = ("er", "ir", "re", "oir", "ïr")

# spaCy's French stop words hold some of their forms ("doit", "peut") and not others ("devons",
# "devrait", "faut"): they name no topic, whatever the form.
MODAL_LEMMAS = frozenset({"devoir", "pouvoir", "falloir", "vouloir", "aller"})


# --------------------------------------------------------------------------- actors and verbs

NON_ACTOR_WORDS = {
    "il", "ils", "elle", "elles", "on", "ce", "cela", "ça", "c'", "c’", "qui", "celle", "celles",
    "celui", "ceux", "ceci", "leur", "leurs", "terme",
}  # fmt: skip

# Verbs that hand the action to the verb they govern: "veiller à simplifier", "permettre de
# réaliser", "faire en sorte que…", "s'assurer que…", "chercher à adapter", "continuer de…".
SUPPORT_VERBS = {
    "veiller", "permettre", "faire", "assurer", "chercher", "continuer", "efforcer", "attacher",
    "tâcher", "viser",
}  # fmt: skip
# Directive verbs: their object ("inciter les collectivités à…") or their "à" complement
# ("demander aux régions de…", "confier à l'Agence…") is who is asked to act.
DIRECTIVE_OBJECT_VERBS = {
    "inciter", "encourager", "inviter", "appeler", "engager", "charger", "mandater", "obliger",
    "contraindre", "astreindre", "pousser", "amener", "exhorter",
}  # fmt: skip
DIRECTIVE_TO_VERBS = {
    "demander", "proposer", "recommander", "suggérer", "conseiller", "préconiser", "imposer",
    "enjoindre", "confier", "déléguer", "attribuer",
}  # fmt: skip
TASK_VERBS = {"confier", "déléguer", "attribuer"}  # "à X" + a task, no infinitive needed

PURPOSE_MARKS = {"pour", "afin", "sans", "en", "par", "avant", "après", "jusqu'", "jusqu’"}

REFLEXIVE = {"s'", "s’", "se"}

DOCUMENT_LEMMAS = {"rapport", "avis", "document", "texte", "feuille", "plan", "stratégie"}
# their subject is not asked to act: "l'utilisateur pourrait bénéficier…", "X pourrait devenir…"
NON_AGENTIVE_VERBS = {
    "être", "devenir", "rester", "sembler", "paraître", "bénéficier", "disposer", "recevoir",
    "jouir",
}  # fmt: skip

LOCATIVE_NOUNS = {"sein", "niveau", "cadre", "titre", "égard", "lieu", "terme", "échelle"}


# --------------------------------------------------------------------------- prose

PROPOSAL_VERBS = {
    "proposer": 0.85,
    "prôner": 0.85,
    "prône": 0.85,  # the lemmatiser leaves "prône" as it is
    "invite": 0.7,  # and reads "invite" as its own lemma
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
# "a démontré la nécessité de + inf.": a finding that asks for an action
SHOWING_VERBS = {"démontrer", "montrer", "montre", "révéler", "souligner", "confirmer", "rappeler"}
NEED_NOUNS = {"nécessité", "urgence", "besoin"}
# Verbs that can only mean a proposal: with an action noun as object ("prône la création de…",
# "préconise le renforcement…") they propose it, whoever the subject ("proposer" can be an offer).
ADVOCACY_VERBS = {"prôner", "prône", "préconiser", "recommander"}
CALL_TO_ACTION_VERBS = {
    "candidater", "postuler", "inscrire", "connecter", "répondre", "soumettre", "participer",
    "consulter", "découvrir", "rejoindre", "connaître", "tester", "voter", "déposer",
}  # fmt: skip
WEAK_PROPOSAL_VERBS = {
    "inviter", "invite", "appeler", "encourager", "inciter", "demander", "souhaiter", "conseiller",
}  # fmt: skip
# Who is invited to take part in a programme ("les administrations sont invitées à candidater",
# "j'incite les talents à répondre à l'appel") is called to act: a call, weaker than a proposal.
INVITATION_VERBS = {"inviter", "invite", "appeler", "encourager", "inciter"}

MODALS = {"devoir", "pouvoir", "falloir", "convenir", "convier"}
# "il faut noter que…", "il convient de rappeler…": discourse, not a proposal
DISCOURSE_VERBS = {
    "dire", "noter", "ajouter", "admettre", "préciser", "reconnaître", "souligner", "rappeler",
    "constater", "voir", "distinguer", "comprendre", "observer", "signaler", "remarquer",
    "avouer", "savoir", "citer", "mentionner", "relever", "insister", "considérer", "être",
    "avoir",
}  # fmt: skip
SUBORDINATORS = {"si", "comme", "lorsque", "quand", "puisque", "parce", "car", "lorsqu'"}
NECESSITY_ADJ = {
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
    "important",  # "il est important de limiter les risques…" (P16: 2 firm misses on dev)
    "judicieux",  # "il est judicieux de mettre une échelle départementale" (P18: blind2)
}
AGENT_LEMMAS = {
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
ACTOR_LEMMAS = AGENT_LEMMAS | {
    "législateur", "pouvoir", "autorité", "collectivité", "région", "département", "commune",
    "administration", "union", "europe", "france", "opérateur", "acteur", "entreprise",
    "plateforme", "utilisateur", "usager", "citoyen", "service", "fournisseur", "producteur",
    "réutilisateur", "association", "établissement", "organisme", "régulateur", "juge", "élu",
}  # fmt: skip


def _with_unaccented(words: set[str]) -> set[str]:
    """Add "etat" for "état": capitalised words often lose their accents ("l'Etat")."""
    return words | {strip_accents(w) for w in words}


# public bodies: "l'État peut accompagner…", "le gouvernement souhaite que…"
INSTITUTION_LEMMAS = _with_unaccented(
    {
        "état", "gouvernement", "ministre", "ministère", "secrétaire", "collectivité", "agence",
        "commission", "conseil", "législateur", "pouvoir", "autorité", "administration", "région",
        "département", "commune", "union", "parlement", "sénat", "assemblée", "mission", "comité",
        "cnnum", "dinum", "président", "présidente", "préfet", "direction",
    }
)  # fmt: skip
AGENT_LEMMAS = _with_unaccented(AGENT_LEMMAS)
ACTOR_LEMMAS = _with_unaccented(ACTOR_LEMMAS)
FIRST_PERSON = {"nous", "je", "j'", "j’", "on"}

# Verbs whose compound past takes "être" ("est venu", "sont arrivés"): with them "être" + participle
# is a past; with any other verb it is a passive ("sont invités", "est lancée"), whatever label
# the parser gives the auxiliary.
ETRE_PAST_VERBS = {
    "aller", "venir", "revenir", "devenir", "parvenir", "intervenir", "survenir", "arriver",
    "partir", "repartir", "entrer", "rentrer", "sortir", "naître", "mourir", "décéder", "rester",
    "tomber", "retomber", "retourner", "monter", "descendre", "passer", "paraître", "apparaître",
}  # fmt: skip

# A text that proposes a change: "cet amendement vise à…", "le présent amendement propose de…"
PROPOSAL_TEXT_LEMMAS = {
    "amendement",
    "sous-amendement",
    "rédaction",
}  # "cette rédaction a pour objet…"
# "a pour objet / but / objectif de + inf.": the aim of a proposed text
AIM_NOUNS = {"objet", "but", "objectif", "finalité"}

# "l'objectif est de…", "le but est de…" describe a programme's aim: left out on purpose
PROPOSAL_NOUNS = {
    "idée", "proposition", "souhait", "suggestion", "solution", "demande", "recommandation",
    "préconisation",
}  # fmt: skip

RELATIVE_WORDS = {"qui", "que", "qu'", "qu’", "dont", "où", "lequel", "laquelle", "lesquels"}

# Verbs that measure their subject: after "devoir" they forecast a figure, nobody is asked to act.
QUANTITY_VERBS = {
    "représenter", "atteindre", "dépasser", "avoisiner", "totaliser", "peser", "coûter", "valoir",
    "générer", "rapporter", "croître", "augmenter", "diminuer", "baisser", "progresser", "doubler",
    "tripler", "chuter",
}  # fmt: skip


# Words of a legal framework: with them, "X doivent…" in the present states an obligation in force.
LEGAL_LEMMAS = {
    "loi", "décret", "directive", "règlement", "réglementation", "obligation", "ordonnance",
    "arrêté", "vigueur", "norme", "légal", "réglementaire", "obligatoire", "législation",
}  # fmt: skip

# "cela implique de réarmer l'État", "cette transformation nécessite de faire confiance…"
NECESSITY_VERBS = {"nécessiter", "impliquer", "exiger", "requérir", "supposer", "imposer"}


# --------------------------------------------------------------------------- announced measures

# Verbs that state no action of their subject: "la plateforme permettra…", "les lauréats
# bénéficieront…", "ce sera…", "vont devoir payer".
NO_ACTION_VERBS = NON_AGENTIVE_VERBS | MODALS | {"avoir", "permettre", "aller", "vouloir"}
# Launching, announcing, planning and committing means: in the present, these announce a measure
# when their object is an action programme ("nous lançons une initiative", "le lancement est
# prévu fin 2021"), not when it is an artefact released today ("lance aujourd'hui le site").
LAUNCH_VERBS = {
    "lancer", "ouvrir", "initier", "engager", "annoncer", "prévoir", "mobiliser", "consacrer",
    "dédier", "allouer", "débloquer", "investir",
}  # fmt: skip
MEANS_VERBS = {"mobiliser", "consacrer", "dédier", "allouer", "débloquer", "investir", "engager"}
# Nouns of an action programme, besides deverbal nouns of action in -tion, -sion, -ment that
# take their object as a complement ("le lancement *de l'observatoire*", "la construction *d'un*
# *observatoire*"; not "une attention particulière").
PROGRAMME_NOUNS = {
    "programme", "plan", "appel", "chantier", "initiative", "fonds", "effort", "dispositif",
    "mesure", "bilan", "campagne", "stratégie", "étape", "concours", "enveloppe", "promotion",
    "poursuite", "ouverture", "mise", "refonte", "suivi", "feuille",
    # a mission to carry out and a stage of a programme: the guideline's "mission", and "lance
    # la troisième vague de son programme" (P29, blind6's two measure-present misses)
    "mission", "vague", "phase", "tranche",
}  # fmt: skip
# ... but these name finished artefacts: "la quatrième version du référentiel", "5e édition"
ARTEFACT_NOUNS = {"version", "édition", "application", "publication", "information"}
GOAL_NOUNS = {"objectif", "ambition", "cible"}
# "des objectifs ont été fixés d'ici 2022": a target set, with its deadline
GOAL_SETTING_VERBS = {"fixer", "assigner", "définir", "arrêter"}
# "bénéficiera d'un soutien de l'État": support a public body will give
SUPPORT_NOUNS = {"soutien", "financement", "aide", "appui", "subvention", "accompagnement"}
# A passive future of these is a state or a procedure, not a step: "sera disponible", "sera
# accessible", "les lauréats seront sélectionnés / accompagnés" (the guideline leaves out how a
# programme treats its participants).
PARTICIPANT_TREATMENT_VERBS = {
    "accompagner", "sélectionner", "recruter", "accueillir", "informer",
}  # fmt: skip
PASSIVE_STATE_VERBS = PARTICIPANT_TREATMENT_VERBS | {
    "composer", "constituer", "soumettre", "réserver", "destiner", "concerner", "baser", "fonder",
    "proposer", "organiser", "porter", "simplifier",
}  # fmt: skip
# Who takes part in a programme: "des experts seront mobilisés" describes it, not a new step.
PARTICIPANT_LEMMAS = {
    "lauréat", "candidat", "participant", "expert", "agent", "talent", "entrepreneur", "designer",
    "développeur", "mentor", "équipe", "usager", "utilisateur", "citoyen",
}  # fmt: skip
# "se révéler", "s'avérer", "se montrer" + attribute: a state, not an action
PRONOMINAL_COPULAS = {"révéler", "avérer", "montrer", "trouver", "sentir"}
CLAUSE_MARKS = SUBORDINATORS | PURPOSE_MARKS | {"afin", "avant"}

# What the reader is told to do on a page, not a call to take part: "Consultez le site".
NAVIGATION_VERBS = {
    "consulter", "cliquer", "télécharger", "lire", "voir", "découvrir", "retrouver", "suivre",
    "contacter", "visiter", "regarder", "écouter", "trouver", "rendre",
}  # fmt: skip

OF = {"de", "d'", "d’", "du", "des"}

INDEFINITE = {
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


# --------------------------------------------------------------------------- items

INTRO_PROPOSAL = re.compile(
    r"propos|recommand|préconis|mesure|piste|action|suggér|demand|souhait|orientation|axe|levier"
    r"|engage|priorit",
    re.I,
)
# "Ses missions seront les suivantes :", "Ce site permet de :": what something does or is for
INTRO_DESCRIPTIVE = re.compile(
    r"\b(?:permet|permettr|peu[tv]|pourr|possibilit|afin|objectif|ambition|mission|rôle|fonction"
    r"|chargée?s?\b|consulte|retrouve|découvr)",
    re.I,
)

# verbs too light to name an action on their own: "l'accès se fait par demande"
LIGHT_VERBS = {"être", "avoir", "faire", "aller", "venir", "exister", "rester", "sembler"}

# ----------------------------------------------------------------- announced measures, P25
# Verbs of a change a public body makes: funding, creating, opening, extending, abolishing,
# entrusting. In the future, with a public body as subject ("La Région financera…", "Nous
# doublerons…") or in the passive with no agent ("le numerus clausus sera supprimé", "la gratuité
# sera étendue"), they announce a measure whatever their object (P25: 13 of blind5's firm misses).
CHANGE_VERBS = {
    "financer", "créer", "ouvrir", "étendre", "élargir", "généraliser", "doubler", "tripler",
    "augmenter", "relever", "revaloriser", "réduire", "abaisser", "supprimer", "interdire",
    "confier", "transférer", "avancer", "installer", "construire", "agrandir", "rénover",
    "reconstruire", "instaurer", "instituer", "déployer", "renforcer", "moderniser", "pérenniser",
    "prolonger", "expérimenter", "recruter", "subventionner", "rembourser", "exonérer",
    "organiser",
    # a change of a level or a form (P29: blind6's "sera ramenée à 5,5 %", "sera convertie",
    # "sera limité à 19 degrés", "sera transformé en une prime": 4 firm misses)
    "ramener", "limiter", "plafonner", "baisser", "diminuer", "convertir", "transformer",
    "fusionner", "remplacer", "geler", "restreindre", "unifier", "réformer",
}  # fmt: skip
# ... of which these make something new: a new thing may be a team ("neuf équipes seront créées")
CREATION_VERBS = {"créer", "ouvrir", "construire", "installer", "instaurer", "instituer"}
# Steps of a calendar or a procedure, not actions: "les lauréats seront désignés en décembre", "le
# plan sera présenté aux maires", "le projet sera soumis aux communes" (blind5's agenda decoys).
PROCEDURE_VERBS = {
    "présenter", "désigner", "soumettre", "examiner", "évaluer", "réunir", "adopter", "voter",
    "consulter", "transmettre", "auditionner", "délibérer", "arbitrer",
    "signer",  # "un volet … sera signé avant l'été" (P29, a blind6 false alarm; "signature" below)
    "rencontrer", "visiter", "inaugurer",  # an agenda: "la ministre rencontrera les maires" (P29)
}  # fmt: skip
# ... and the nouns of such steps: "l'adoption définitive est prévue au printemps".
PROCEDURE_NOUNS = {
    "adoption", "vote", "examen", "présentation", "désignation", "sélection", "réunion",
    "session", "signature", "remise", "audition", "délibération", "inauguration",
}  # fmt: skip
# Verbs that set, keep or aim at a target: "fixe l'objectif de…", "se fixe pour objectif de…",
# "maintient son objectif de…", "vise un objectif clair : que…".
GOAL_VERBS = GOAL_SETTING_VERBS | {"maintenir", "viser", "poursuivre", "donner", "confirmer"}
# "peuvent déposer un dossier": who may apply, a programme's mechanics, not a proposal.
APPLYING_VERBS = CALL_TO_ACTION_VERBS | {"solliciter", "prétendre", "bénéficier", "obtenir"}
# Bodies named by a common noun that only its capital marks as one: "La Ville consacrera…", "la
# Métropole créera…" (a city in general, "la ville", is not an actor).
CAPITALISED_BODIES = {"ville", "métropole", "agglomération", "intercommunalité", "préfecture"}

# ----------------------------------------------------------------- announced measures, P29
# Public bodies that are neither the State nor a territory: universities, hospital groups,
# public operators, named by a common noun ("L'université engagera 12 M€", "Le groupement
# investira…": P29, 3 of blind6's firm misses). Not in INSTITUTION_LEMMAS, which the
# recommendations read too ("l'université peut accueillir…" is no proposal).
PUBLIC_OPERATOR_LEMMAS = _with_unaccented(
    {"université", "groupement", "hôpital", "chu", "académie", "rectorat"}
)
# Instruments of public money: "Un fonds de 45 millions d'euros financera…" (a measure when it
# states its amount or is new, P29).
FUNDING_NOUNS = {"fonds", "enveloppe", "dotation", "budget", "crédit", "programme", "plan"}
# Words that contrast a scheme with the one it replaces: "versera cette aide dès le premier mois
# …, et non plus à la fin de…", "désormais", "au lieu de" (a change of a scheme, P29).
CHANGE_MARKS = {"désormais", "dorénavant"}
# Nouns of the time a measure starts from: "dès la rentrée", "à compter du 1er janvier", "à
# partir du printemps" (P29).
START_TIME_NOUNS = {
    "rentrée", "printemps", "été", "automne", "hiver", "janvier", "février", "mars", "avril",
    "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre", "année",
    "mois", "semaine", "début", "lendemain", "premier", "1er", "exercice",
}  # fmt: skip
# Pronouns that name nobody: "Personne ne devrait avoir à choisir…" is a value, not an advice.
NOBODY = {"personne", "nul"}
# Verbs of handing a file in: "Les dossiers doivent être déposés / transmis avant le…" says how
# to apply (programme mechanics), not what should be done (P29, a blind6 false alarm).
SUBMISSION_VERBS = {"déposer", "soumettre", "transmettre", "adresser", "envoyer", "remettre"}
# Private actors: "Une entreprise ouvrira un magasin dès mars" is no public body's new service
# (the guideline leaves non-public actors' plans out, P29).
PRIVATE_ACTOR_LEMMAS = {
    "entreprise", "société", "association", "groupe", "cabinet", "start-up", "startup",
    "opérateur", "fournisseur", "prestataire", "commerce", "magasin", "enseigne",
}  # fmt: skip

# ----------------------------------------------------------------- announced measures, P33
# Collective nouns that stand for an organisation or for its plan, as the subject of a future
# of change: "L'établissement investira 35 M€", "L'agglomération créera…", "Le volet mobilités
# mobilisera…" (P33: P29's list of public operators did not carry to blind7's writer, so the
# subject is read by its kind, named or collective, not by a list of bodies).
COLLECTIVE_BODIES = _with_unaccented(
    {"établissement", "agglomération", "intercommunalité", "communauté"}
)
COLLECTIVE_BODY_NOUNS = COLLECTIVE_BODIES | {
    "plan", "volet", "fonds", "programme", "contrat", "schéma", "feuille", "dispositif", "pacte",
}  # fmt: skip
# Verbs that put money or works into a measure, beside MEANS_VERBS and CHANGE_VERBS, for a named
# organisation's future ("Action Logement apportera 1,5 milliard", "démolira 120 logements").
ORGANISATION_CHANGE_VERBS = {"apporter", "démolir", "acquérir", "réaménager", "réhabiliter"}
# Texts an official speaker tables: "je présenterai un décret" (a measure, where "présenter le
# plan aux maires" is a step of a procedure).
TABLED_TEXT_LEMMAS = {"décret", "loi", "ordonnance", "arrêté", "circulaire", "réforme"}
# Adverbs of completion in an agentless passive future: "seront entièrement réaménagées".
COMPLETION_ADVERBS = {"entièrement", "intégralement", "totalement", "complètement"}
# Verbs of a calendar's outcome or of how a file is handled, never a measure in the passive
# future even with a date: "les résultats seront publiés en mars", "les dossiers seront instruits
# en septembre", "l'aide sera versée en 2025" (programme mechanics and agendas, as the guideline).
PASSIVE_CALENDAR_VERBS = {
    "publier", "annoncer", "communiquer", "connaître", "instruire", "verser", "notifier",
    "clore", "clôturer", "étudier", "recevoir", "informer", "organiser", "tenir", "remettre",
}  # fmt: skip
# Nouns of a file or an aid handled in a programme (its mechanics): "les dossiers seront
# instruits", "l'aide sera versée".
FILE_NOUNS = {"dossier", "candidature", "demande", "résultat", "réponse", "projet", "paiement"}
