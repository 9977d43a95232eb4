"""Word lists and string helpers shared by the entity modules (French official style)."""

from __future__ import annotations

import re

from textmine import textnorm

# All-caps tokens kept as written: acronyms of French public bodies and programmes.
KNOWN_ACRONYMS = frozenset(
    [
        "ANCT",
        "CNIL",
        "DINUM",
        "DINSIC",
        "DISIC",
        "SGMAP",
        "DITP",
        "DGAFP",
        "DGE",
        "DGFIP",
        "DGCL",
        "ANSSI",
        "ANTS",
        "ARCEP",
        "CADA",
        "CNNUM",
        "INSEE",
        "CNAF",
        "CNAM",
        "CNAV",
        "MSA",
        "URSSAF",
        "AMF",
        "ADF",
        "ARF",
        "EPCI",
        "EPT",
        "RGAA",
        "RGPD",
        "RGS",
        "PIA",
        "AMI",
        "EIG",
        "TIC",
        "TNT",
        "UE",
        "ONU",
        "OCDE",
        "SNCF",
        "RATP",
        "EDF",
        "BPI",
        "CDC",
        "CNCPH",
        "FIPHP",
        "DHUP",
        "DIE",
        "DIESE",
        "CIH",
        "SGPI",
        "AGD",
        "IGN",
        "BAN",
        "RIE",
        "UX",
        "API",
        "IA",
        "PME",
        "TPE",
        "ETI",
        "DSI",
        "SI",
        "CNRS",
        "INRIA",
        "CEA",
        "ADEME",
        "ARS",
        "CAF",
        "CPAM",
        "SGAR",
        "SGG",
        "DILA",
        "ENA",
        "INSP",
        "IRA",
        "CNFPT",
        "FNCCR",
        "AFNIC",
        "CCI",
        "CMA",
        "CRC",
        "OPSN",
        "SPL",
        "SEM",
        "GIP",
        "UGAP",
        "DAE",
        "DAJ",
        "DGS",
        "DGT",
        "DREES",
        "DARES",
        "SIRE",
        "PFUE",
        # official acronyms of public bodies, by kind (issue 19: acronyms missed or taken for
        # places): independent authorities, assemblies and councils, social security bodies,
        # emergency services, national institutes and operators
        "CESE",
        "CSA",
        "HADOPI",
        "ARCOM",
        "CNCDH",
        "HATVP",
        "CNNum",
        "CNIG",
        "CGET",
        "CITP",
        "CIH",
        "SGDSN",
        "DGCCRF",
        "DGDDI",
        "DGSI",
        "DGSE",
        "DGGN",
        "DGPN",
        "DREAL",
        "DDT",
        "DDFIP",
        "DIRECCTE",
        "DREETS",
        "URSSAF",
        "MDPH",
        "CNSA",
        "CCAS",
        "CPAM",
        "CARSAT",
        "UNEDIC",
        "ASSEDIC",
        "ANPE",
        "SDIS",
        "SAMU",
        "INSERM",
        "INRAE",
        "IRSN",
        "INERIS",
        "CEREMA",
        "ONF",
        "BNF",
        "HAS",
        "ANSM",
        "INPI",
        "ANR",
        "AFD",
        "OFII",
        "OFPRA",
        "CNAMTS",
        "IGF",
        "IGA",
        "IGAS",
        "SNCF",
        "RATP",
        "OVH",
        "FNSEA",
        "CGT",
        "CFDT",
        "MEDEF",
        "CPME",
        "UNAF",
        "NASA",
        "FMI",
        "OMS",
        "OTAN",
        "NSA",
        # services of the State in a region or département, named with their territory
        # ("Direccte Val de Loire", "ARS Occitanie": E10, tagged LOC) and the local offices of
        # social security
        "DIRECCTE",
        "DREETS",
        "DREAL",
        "DRAC",
        "DRAAF",
        "DRFIP",
        "DDFIP",
        "DDT",
        "DDTM",
        "DDPP",
        "DDETS",
        "ARS",
        "SGAR",
        "DSDEN",
        "DRIEA",
        "DRIHL",
        "CCI",
        "CPAM",
        "CARSAT",
    ]
)
# Branches of social security named by a capitalised head and a lower-case word: bodies when the
# head is capitalised ("l'Assurance maladie", E10: tagged LOC "Assurance"), not in "dépenses
# d'assurance maladie" (matched as written, not in any case).
NAMED_BRANCHES = (("Assurance", "maladie"), ("Assurance", "retraite"), ("Assurance", "vieillesse"))

# Institutions and agencies that the statistical model often misses or mislabels.
INSTITUTION_NAMES = (
    "Agence du numérique",
    "Agence nationale de la cohésion des territoires",
    "Agence nationale des titres sécurisés",
    "Agence nationale de la sécurité des systèmes d'information",
    "Agence nationale de sécurité des systèmes d'information",
    "Autorité de régulation des communications électroniques et des postes",
    "Commission nationale de l'informatique et des libertés",
    "Direction interministérielle du numérique",
    "Direction interministérielle du numérique et du système d'information et de communication de l'État",
    "Direction interministérielle de la transformation publique",
    "Direction générale de l'administration et de la fonction publique",
    "Direction générale des entreprises",
    "Direction générale des collectivités locales",
    "Direction générale des finances publiques",
    "Secrétariat général pour la modernisation de l'action publique",
    "Secrétariat général pour l'investissement",
    "Secrétariat général du Gouvernement",
    "Conseil national du numérique",
    "Caisse des dépôts",
    "Caisse des dépôts et consignations",
    "Banque des territoires",
    "Bpifrance",
    "Pôle emploi",
    "La Poste",
    "Cour des comptes",
    "Conseil d'État",
    "Conseil constitutionnel",
    "Assemblée nationale",
    "Sénat",
    "Défenseur des droits",
    "Etalab",
    "Arcep",
    "Mutualité sociale agricole",
    "Association des maires de France",
    "Association des maires ruraux de France",
    "Association des petites villes de France",
    "Assemblée des départements de France",
    "Régions de France",
    "Intercommunalités de France",
    "France urbaine",
    "Villes de France",
    "Commission européenne",
    "Parlement européen",
    "Union européenne",
    "Pôle emploi",
    "Caisse d'allocations familiales",
    "Caisse d'allocation familiale",
    "Caisse nationale des allocations familiales",
    "Caisse nationale d'assurance maladie",
    "Caisse primaire d'assurance maladie",
    "Conseil économique, social et environnemental",
    "Sécurité sociale",
    "Trésor public",
    "Mission locale",
    "Missions locales",
    # national operators and services of the State, by their official names (E13: the model
    # tags them LOC or cuts them at the first comma); the list is the truth for these
    "Police nationale",
    "Gendarmerie nationale",
    "France Travail",
    "Cap emploi",
    "France compétences",
    "Santé publique France",
    "Météo-France",
    "Agence nationale de l'habitat",
    "Agence nationale de la recherche",
    "Agence de l'environnement et de la maîtrise de l'énergie",
    "Agence de services et de paiement",
    "Office français de la biodiversité",
    "Office national des forêts",
    "Voies navigables de France",
    "Institut national de l'information géographique et forestière",
    "Institut national de recherche pour l'agriculture, l'alimentation et l'environnement",
    "Institut national de la santé et de la recherche médicale",
    "Centre national de la recherche scientifique",
    "Centre national d'études spatiales",
    "Centre national d'enseignement à distance",
    "Centre d'études et d'expertise sur les risques, l'environnement, la mobilité et l'aménagement",
    "Établissement pour l'insertion dans l'emploi",
    "Haute Autorité de santé",
    "Institut national du cancer",
    # E15: official names of more national operators, of research, education, health and
    # social security, and of the bodies of local elected officials (the list is the truth for
    # these; 5 of them were blind5 misses, the rest are the same kind)
    "Caisse nationale de l'assurance maladie",
    "Caisse nationale d'assurance vieillesse",
    "Agence centrale des organismes de sécurité sociale",
    "Association des maires de France et des présidents d'intercommunalité",
    "Conférence des présidents d'université",
    "France Universités",
    "Inria",
    "Institut national de recherche en informatique et en automatique",
    "Institut national de recherche en sciences et technologies du numérique",
    "Commissariat à l'énergie atomique et aux énergies alternatives",
    "Institut de recherche pour le développement",
    "Ifremer",
    "Canopé",
    "Onisep",
    "Campus France",
    "Centre national des œuvres universitaires et scolaires",
    "Agence du numérique en santé",
    "Agence nationale de sécurité du médicament et des produits de santé",
    "Agence de la biomédecine",
    "Établissement français du sang",
    "Mission French Tech",
)
STATE_FORMS = ("État", "Etat", "ÉTAT", "ETAT")
GOVERNMENT_FORMS = ("Gouvernement", "GOUVERNEMENT")
# Public digital services and programmes: MISC, so that the model does not call them PER/LOC.
SERVICE_NAMES = (
    "FranceConnect",
    "Mon FranceConnect",
    "AgentConnect",
    "ProConnect",
    "Tchap",
    "France Relance",
    "France Transfert",
    "France Services",
    "Commando UX",
    "Entrepreneurs d'intérêt général",
    "demarches-simplifiees.fr",
    "data.gouv.fr",
    "api.gouv.fr",
    "beta.gouv.fr",
    "service-public.fr",
    "impots.gouv.fr",
    "Action publique 2022",
    "TECH.GOUV",
    # social benefits, taxes and schemes (issue 19: "Revenu Universel" taken for a person,
    # "Solidarité Active" cut from its "Revenu de"): the names of the law, matched in any case
    "Revenu universel d'activité",
    "Revenu universel",
    "Revenu de solidarité active",
    "Revenu minimum d'insertion",
    "Revenu de base",
    "Revenu d'existence",
    "Allocation adulte handicapé",
    "Allocation aux adultes handicapés",
    "Allocation de solidarité spécifique",
    "Allocation de solidarité aux personnes âgées",
    "Allocation personnalisée d'autonomie",
    "Aide personnalisée au logement",
    "Prime d'activité",
    "Prime pour l'emploi",
    "Couverture maladie universelle",
    "Salaire minimum interprofessionnel de croissance",
    "Salaire minimum de croissance",
    "Contribution sociale généralisée",
    "Impôt sur la fortune",
    "Impôt de solidarité sur la fortune",
    "Minimum vieillesse",
    # laws and treaties known by a short name (issue 19: read as places or bodies)
    "Constitution",
    "loi pour une République numérique",
    "République numérique",
    "Code du travail",
    "Code civil",
    "Code pénal",
    "Allocation logement",
    "Allocations familiales",
    "Allocation de retour à l'emploi",
    "Allocation d'éducation de l'enfant handicapé",
    "Contrat à durée indéterminée",
    "Contrat à durée déterminée",
    "Crédit d'impôt pour la compétitivité et l'emploi",
)
# Acronyms of benefits, taxes and schemes, matched as written: MISC, never a body or a place.
SCHEME_ACRONYMS = (
    "RSA",
    "RUA",
    "RU",
    "RMI",
    "AAH",
    "APL",
    "ALS",
    "ALF",
    "ASS",
    "ASPA",
    "APA",
    "CMU",
    "CMU-C",
    "SMIC",
    "Smic",
    "CSG",
    "CRDS",
    "ISF",
    "IFI",
    "IRPP",
    "TVA",
    "TICPE",
    "PAJE",
    "AL",
    "ARE",
    "AEEH",
    "CICE",
    "CDI",
    "CDD",
    "CUI",
    "TIG",
)
# Greetings, sign-offs and interjections of contributions: capitalised, never names.
INTERJECTIONS = frozenset(
    {
        "bonjour",
        "bonsoir",
        "salut",
        "merci",
        "cordialement",
        "heu",
        "euh",
        "bref",
        "oui",
        "non",
        "ok",
        "voila",
        "helas",
        "bravo",
        "attention",
        "svp",
        "nb",
        "ps",
        "ah",
        "ahh",
        "oh",
        "eh",
        "hein",
        "bye",
        "ca",
        "si",
    }
)
# Currencies and units capitalised at the start of a sentence: never places.
CURRENCY_WORDS = frozenset({"euro", "euros", "dollar", "dollars", "franc", "francs"})
# Heads that introduce a company or association by its name ("l'entreprise française Scaleway",
# "l'éditeur Jalios", "une PME franco-anglaise (Element)").
COMPANY_HEADS = (
    "entreprise|entreprises|société|sociétés|éditeur|éditrice|start-up|startup|jeune pousse|PME"
    "|ETI|groupe|opérateur|prestataire|hébergeur|constructeur|fabricant|cabinet|association"
    "|fondation|fédération|syndicat|fournisseur"
    # E13: "la coopérative MedNum", "le réseau Emmaüs Connect"
    "|coopérative|mutuelle|collectif|réseau"
)
# Demonyms: the model tags "les Français" as LOC; they are not places.
DEMONYMS = frozenset(
    {"francais", "francaise", "francaises", "europeen", "europeens", "europeenne", "europeennes"}
    # adjectives of nationality written as nouns in contributions ("média francophone Belge")
    | {"belge", "belges", "allemand", "allemande", "allemands", "allemandes", "americain"}
    | {"americaine", "americains", "americaines", "anglais", "anglaise", "anglaises"}
    | {"britannique", "britanniques", "italien", "italienne", "italiens", "espagnol"}
    | {"espagnole", "espagnols", "canadien", "canadienne", "canadiens", "chinois", "japonais"}
)

# First words of role phrases: entities starting with them are roles, not names.
ROLE_WORDS = frozenset(
    [
        "ministre",
        "ministres",
        "secrétaire",
        "secrétaires",
        "président",
        "présidente",
        "directeur",
        "directrice",
        "préfet",
        "préfète",
        "délégué",
        "déléguée",
        "haut",
        "haute",
        "haut-commissaire",
        "haute-fonctionnaire",
        "haut-fonctionnaire",
        "premier",
        "première",
        "chef",
        "cheffe",
        "conseiller",
        "conseillère",
        "député",
        "députée",
        "sénateur",
        "sénatrice",
        "maire",
        "administrateur",
        "administratrice",
    ]
)
# Forms of address ("Mesdames et Messieurs les maires"): never names.
ADDRESS_WORDS = frozenset(
    {"madame", "mesdames", "monsieur", "messieurs", "mademoiselle", "mesdemoiselles"}
)
CIVIL_TITLES = ("monsieur", "madame", "mademoiselle", "mme", "mlle", "m", "mr", "dr", "me", "pr")
BOILERPLATE = frozenset(
    {
        "communiqué de presse",
        "dossier de presse",
        "contacts presse",
        "contact presse",
        "crédits photos",
        "crédit photo",
        "en savoir plus",
        "télécharger le communiqué de presse",
    }
)
FUNCTION_WORDS = frozenset(
    [
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "l",
        "d",
        "au",
        "aux",
        "et",
        "à",
        "a",
        "en",
        "pour",
        "sur",
        "par",
        "un",
        "une",
        "ou",
        "dans",
        "avec",
        "son",
        "sa",
        "ses",
        "leur",
        "leurs",
        "qui",
        "que",
        "ne",
        "pas",
        "plus",
        "est",
        "sont",
        "ce",
        "cet",
        "cette",
        "ces",
        "se",
        "y",
        "il",
        "elle",
        "nous",
        "vous",
        "ils",
    ]
)
ORG_HEADS = (
    "ministère|secrétariat|direction|délégation|agence|autorité|caisse|conseil|comité|commission"
    "|fonds|fédération|association|assemblée|union|institut|office|établissement|mutualité"
    "|inspection|cour|haut conseil|haute autorité|centre|service|observatoire"
    "|commissariat|haut-commissariat|fondation|syndicat|groupement|réseau|chambre|banque"
    "|préfecture|université|école|académie|tribunal|régie|bureau|mission|pôle"
    # national museums are public establishments (issue 19, E10: "Museum d'Histoire naturelle"
    # in an enumeration of bodies was tagged LOC "Museum")
    "|musée|muséum|museum"
    # cultural, health and research establishments and confederations of employers or unions
    # are bodies (E13: "Bibliothèque nationale de France", "Conservatoire du littoral",
    # "Confédération des petites et moyennes entreprises" tagged LOC)
    "|bibliothèque|théâtre|conservatoire|confédération|hôpital|hôpitaux|laboratoire|incubateur"
)
# Portfolios of French ministries, the words a ministry's title is made of ("ministère de
# l'éducation nationale, de la jeunesse et des sports"): the government's own texts write them
# in lower case as often as not (E10: 6 ministries of 2 releases missed), so a ministry head
# followed by them is a body whatever the case. First words of the portfolios of the
# governments since 2012.
PORTFOLIO_WORDS = (
    "intérieur|justice|économie|finances|relance|budget|comptes|action|éducation|jeunesse"
    "|sports?|culture|communication|armées|défense|agriculture|alimentation|pêche|santé"
    "|solidarités?|travail|emploi|insertion|plein\\s+emploi|transition|cohésion|territoires"
    "|collectivités|relations|affaires|europe|outre-mer|enseignement|recherche|innovation"
    "|transformation|fonction|logement|ville|transports|mer|industrie|numérique|écologie"
    "|environnement|énergie|égalité|famille|enfance|personnes|handicap|sécurité|économie"
    "|commerce|artisanat|tourisme|souveraineté|aménagement|réformes?|modernisation"
    "|décentralisation|citoyenneté|immigration|développement|consommation|redressement"
    "|productif|ruralité|mémoire|anciens|universités|formation|retraites|autonomie"
    # E15: "ministre délégué chargé des petites et moyennes entreprises" (2020), "… et de
    # l'Espace" (2024)
    "|petites\\s+et\\s+moyennes\\s+entreprises|espace"
)
# Words of a contact line of a press release ("Tél : 01 …", "Mél : …"): an entity that holds one
# is the line's layout, not a name (E10: "Transports: Tél" tagged ORG).
CONTACT_WORDS = frozenset({"tel", "tél", "mél", "mel", "fax", "courriel", "e-mail", "email"})
# Public digital services known by a one-word brand that the model takes for a first name or a
# place (E10: "Ameli" PER): the services of the State's and social security's own sites.
SERVICE_BRANDS = ("Ameli", "Parcoursup", "Légifrance", "Pix", "Doctolib", "Mon espace santé")
# First words of legal texts and of programmes' names: MISC whatever the model says (E10:
# "Décret n° …" and "Registre de preuve de covoiturage" tagged LOC, "Accélérateur
# d'initiatives citoyennes" LOC).
LEGAL_AND_PROGRAMME_WORDS = frozenset(
    {"decret", "arrete", "ordonnance", "circulaire", "directive", "reglement", "loi", "code"}
    | {"registre", "repertoire", "annuaire", "catalogue", "referentiel", "portail", "plateforme"}
    | {"accelerateur", "programme", "plan", "appel", "label"}
    # digital tools named by their kind (dev, E11: "Base Adresse Nationale", "Guichet Adresse" LOC)
    | {"base", "guichet", "application", "logiciel", "outil", "messagerie"}
)

WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})


def strip_accents(text: str) -> str:
    return textnorm.strip_accents(text, marks="nonspacing")


def fold(text: str) -> str:
    """Case-, accent- and apostrophe-insensitive form of a word or phrase."""
    folded = textnorm.fold(text.translate(APOSTROPHES), marks="nonspacing", case_first=False)
    return " ".join(folded.split())


def is_caps(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def is_acronym(word: str) -> bool:
    """An all-caps token to keep as written: known acronym, or short and not a French word."""
    bare = word.translate(APOSTROPHES)
    if bare.upper() in KNOWN_ACRONYMS:
        return True
    return len(bare) <= 4 and "-" not in bare and fold(bare) not in FUNCTION_WORDS


def same_length(original: str, replacement: str) -> str:
    return replacement if len(replacement) == len(original) else original


def title_case(word: str) -> str:
    """'LEMAIRE' -> 'Lemaire', "D'ETAT" -> "D'Etat", 'JEAN-PIERRE' -> 'Jean-Pierre'."""
    out, upper_next = [], True
    for c in word:
        out.append(c.upper() if upper_next else c.lower())
        upper_next = not c.isalpha()
    return same_length(word, "".join(out))


ROLES_FOLDED = frozenset(fold(w) for w in ROLE_WORDS)
# First words of names that are bodies or programmes, never first names.
ORG_HEAD_WORDS = frozenset(fold(w) for w in ORG_HEADS.replace(" ", "|").split("|")) | frozenset(
    {"mission", "departement", "pole", "programme", "plan", "projet", "commando", "groupe"}
    | {"organisme", "operateur", "entreprise", "societe", "consortium", "alliance"}
)


def is_head_word(word: str) -> bool:
    """Whether ``word`` (any case, singular or plural) is the head of an institution name."""
    folded = fold(word)
    return folded in ORG_HEAD_WORDS or (folded[-1:] in "sx" and folded[:-1] in ORG_HEAD_WORDS)


BOILERPLATE_FOLDED = frozenset(fold(w) for w in BOILERPLATE)

# Known long and short forms of French institutions: every form on the right is the same body as
# the long form on the left (applied in the corpus index, before the reviewer's alias file).
INSTITUTION_FORMS: dict[str, tuple[str, ...]] = {
    "Caisse des dépôts et consignations": (
        "Caisse des dépôts",
        "Caisse des dépôts et des consignations",
    ),
    "Commissariat général à l'égalité des territoires": ("CGET",),
    "Commission nationale de l'informatique et des libertés": ("CNIL",),
    "Agence nationale de la sécurité des systèmes d'information": (
        "Agence nationale de sécurité des systèmes d'information",
        "ANSSI",
    ),
    "Agence nationale de la cohésion des territoires": ("ANCT",),
    "Agence nationale des titres sécurisés": ("ANTS",),
    "Direction interministérielle du numérique": ("DINUM",),
    "Direction interministérielle du numérique et du système d'information et de communication "
    "de l'État": ("DINSIC",),
    "Direction interministérielle de la transformation publique": ("DITP",),
    "Direction générale de l'administration et de la fonction publique": ("DGAFP",),
    "Direction générale des entreprises": ("DGE",),
    "Direction générale des collectivités locales": ("DGCL",),
    "Direction générale des finances publiques": ("DGFIP", "DGFiP"),
    "Secrétariat général pour la modernisation de l'action publique": ("SGMAP",),
    "Secrétariat général du Gouvernement": ("SGG",),
    "Secrétariat général pour les affaires régionales": ("SGAR",),
    "Conseil national du numérique": ("CNNum", "CNNUM"),
    "Commission d'accès aux documents administratifs": ("CADA",),
    "Institut national de la statistique et des études économiques": ("INSEE", "Insee"),
    "Centre national de la fonction publique territoriale": ("CNFPT",),
    "Union des groupements d'achats publics": ("UGAP",),
}
