"""Numbered items in each common layout: the items found, their boundaries and their number."""

from __future__ import annotations

from textmine.config import IngestConfig
from textmine.ingest.corpus import read_bytes
from textmine.ingest.structure import find_marker
from textmine.parsed import ParsedDocument
from textmine.proposals import detect_proposals

from .conftest import CONFIG


def _numbered(rows: list[dict]) -> list[tuple[str, str]]:
    return [(r["number"], r["text"]) for r in rows if r["number"]]


def _ingested(nlp, name: str, text: str) -> ParsedDocument:
    """A document read as the pipeline reads it (blocks with list numbering, headings)."""
    (document,) = read_bytes(text.encode("utf-8"), name, IngestConfig())
    return ParsedDocument(
        name, document.text, nlp(document.text), document.format, blocks=list(document.blocks)
    )


RESTARTING_UNDER_HEADINGS = """# Plan d'action pour les aidants

## Informer les aidants

1. Publier un guide des aides destinées aux aidants familiaux.
2. Ouvrir une ligne téléphonique le samedi matin.

## Soulager les aidants

1. Créer dix places d'accueil de jour supplémentaires.
2. Financer des séjours de répit pour les couples aidant-aidé :
   - une semaine par an ;
   - transport compris.

## Contacts

- Centre communal d'action sociale
"""


def test_list_restarting_under_sibling_headings_takes_the_heading_rank(parse, nlp):
    for pdoc in (
        parse(RESTARTING_UNDER_HEADINGS),
        _ingested(nlp, "a.md", RESTARTING_UNDER_HEADINGS),
    ):
        found = _numbered(detect_proposals(pdoc, CONFIG))
        assert [number for number, _ in found] == ["1.1", "1.2", "2.1", "2.2"]
        assert found[0][1] == "1. Publier un guide des aides destinées aux aidants familiaux."
        assert found[3][1].startswith("2. Financer des séjours de répit")
        assert found[3][1].endswith("transport compris.")  # its sub-bullets
        assert "Centre communal" not in found[3][1]


def test_heading_own_number_is_kept_even_when_a_sibling_holds_no_list(nlp):
    text = (
        "# Schéma\n\n## Axe 1 – Accueillir\n\n1. Ouvrir un guichet unique.\n"
        "2. Former les agents d'accueil.\n\n## Axe 2 – Le constat\n\n"
        "Le diagnostic montre un retard.\n\n## Axe 3 – Accompagner\n\n"
        "1. Nommer un référent par commune.\n"
    )
    found = _numbered(detect_proposals(_ingested(nlp, "b.md", text), CONFIG))
    assert [number for number, _ in found] == ["1.1", "1.2", "3.1"]


def test_roman_heading_number_is_read_as_arabic(parse):
    text = (
        "## II. Financer\n\n1. Créer un fonds d'amorçage.\n2. Ouvrir un prêt à taux zéro.\n\n"
        "## III. Évaluer\n\n1. Publier un bilan annuel des aides.\n"
    )
    found = _numbered(detect_proposals(parse(text), CONFIG))
    assert [number for number, _ in found] == ["2.1", "2.2", "3.1"]


def test_table_of_contents_is_neither_items_nor_a_sibling(nlp):
    text = (
        "# Note\n\n## Sommaire\n\n1. Former\n2. Équiper\n\n## Former\n\n"
        "1. Ouvrir des ateliers dans les bibliothèques.\n\n## Équiper\n\n"
        "1. Prêter des tablettes aux familles.\n2. Collecter des ordinateurs usagés.\n"
    )
    found = _numbered(detect_proposals(_ingested(nlp, "c.md", text), CONFIG))
    assert [number for number, _ in found] == ["1.1", "2.1", "2.2"]


def test_one_list_under_one_heading_keeps_its_own_numbers(parse):
    text = (
        "## Nos propositions\n\n1. Ouvrir une micro-crèche près de la gare.\n"
        "2. Créer un relais petite enfance itinérant.\n\n## Calendrier\n\n"
        "- Étude au premier semestre.\n"
    )
    found = _numbered(detect_proposals(parse(text), CONFIG))
    assert [number for number, _ in found] == ["1", "2"]


def test_lettered_items_lowercase_and_uppercase(parse):
    text = (
        "Préconisations\n\na) Augmenter les places en formation d'infirmier.\n"
        "b) Verser une bourse aux étudiants qui restent dans la région.\n\n"
        "Recommandations\n\nA. Construire des logements pour les apprentis.\n\n"
        "B. Créer un fonds d'appui aux associations employeuses.\n\n"
        "M. Dupont, rapporteur, a présenté l'avis.\n"
    )
    found = _numbered(detect_proposals(parse(text), CONFIG))
    assert [number for number, _ in found] == ["a", "b", "A", "B"]
    assert found[2][1] == "A. Construire des logements pour les apprentis."


def test_roman_numeral_items_with_dot_or_dash(nlp):
    text = (
        "# Charte\n\nLe titre III du règlement reste applicable.\n\n## Engagements\n\n"
        "I. Fermer les terrasses à 23 h en semaine.\n\n"
        "II. Désigner un référent dans chaque établissement.\n\n"
        "III – Financer deux médiateurs de nuit.\n\n"
        "IV – Créer un comité de suivi trimestriel.\n"
    )
    found = _numbered(detect_proposals(_ingested(nlp, "d.md", text), CONFIG))
    assert [number for number, _ in found] == ["I", "II", "III", "IV"]  # not "titre III"
    assert found[3][1] == "IV – Créer un comité de suivi trimestriel."


def test_multi_level_labels_and_mentions(nlp):
    text = (
        "Programme d'actions\n\nOrientation 1 – Sobriété\n\n"
        "Action 1.2.3 – Rénover les écoles les plus énergivores.\n"
        "Mesure 2.1 : Aménager des pistes cyclables entre les communes.\n\n"
        "Orientation 2 – Mobilités\n\n"
        "Ces actions complètent l'action 1.2.3 ; voir aussi la mesure 2.1.\n"
    )
    found = _numbered(detect_proposals(_ingested(nlp, "e.txt", text), CONFIG))
    assert found == [
        ("1.2.3", "Action 1.2.3 – Rénover les écoles les plus énergivores."),
        ("2.1", "Mesure 2.1 : Aménager des pistes cyclables entre les communes."),
    ]


def test_explicit_decimal_numbers_under_numbered_titles(nlp):
    text = (
        "PROGRAMME\n\n1. DÉVELOPPER LE SPORT SUR ORDONNANCE\n\n"
        "1.1 Former vingt éducateurs sportifs à l'accueil des patients.\n"
        "1.2 Rembourser la première année de licence.\n\n"
        "2. SUIVI\n\nLe comité se réunit deux fois par an.\n"
    )
    found = _numbered(detect_proposals(_ingested(nlp, "f.txt", text), CONFIG))
    assert found == [
        ("1.1", "1.1 Former vingt éducateurs sportifs à l'accueil des patients."),
        ("1.2", "1.2 Rembourser la première année de licence."),
    ]


def test_html_ordered_lists_restarting_under_h2(nlp):
    html = (
        "<html><body><article><h1>Rapport de la mission</h1>"
        "<p>La mission a entendu quarante personnes entre janvier et avril.</p>"
        "<h2>Gouvernance</h2><ol><li>Désigner un interlocuteur unique des tiers-lieux.</li>"
        "<li>Associer les tiers-lieux aux contrats de relance.</li></ol>"
        "<h2>Financement</h2><ol><li>Remplacer les appels à projets par des conventions.</li></ol>"
        "<h2>Personnes auditionnées</h2><ul><li>Mme Claire Dumas, directrice</li></ul>"
        "</article></body></html>"
    )
    found = _numbered(detect_proposals(_ingested(nlp, "g.html", html), CONFIG))
    assert [number for number, _ in found] == ["1.1", "1.2", "2.1"]


def test_decimal_item_number_opens_a_list_item_when_read():
    marker = find_marker("1.2 Rembourser la première année de licence.")
    assert marker is not None and (marker.number, marker.level) == ("1.2", 2)


def _word_plan() -> bytes:
    """A Word action plan: one list restarted by Word under each "Axe" heading, numbers not in
    the text but in Word's numbering."""
    import io

    import docx

    from ..ingest.test_office import _add_list, _add_num, _numbered_paragraph

    document = docx.Document()
    _add_list(document, 90, [("decimal", "%1.", 1)])
    _add_num(document, 90, 90)
    _add_num(document, 91, 90, restart=1)
    document.add_heading("Plan d'action pour la forêt", level=1)
    document.add_heading("Axe 1 – Protéger", level=2)
    _numbered_paragraph(document, "Interdire les coupes rases de plus de deux hectares.", 90)
    _numbered_paragraph(document, "Recruter vingt gardes forestiers.", 90)
    document.add_heading("Axe 2 – Valoriser", level=2)
    _numbered_paragraph(document, "Financer une filière locale de bois d'œuvre.", 91)
    _numbered_paragraph(document, "Créer un label des forêts communales.", 91)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_word_numbered_list_restarting_under_headings(nlp):
    (document,) = read_bytes(_word_plan(), "plan-foret.docx", IngestConfig())
    pdoc = ParsedDocument(
        "plan-foret",
        document.text,
        nlp(document.text),
        document.format,
        blocks=list(document.blocks),
    )
    found = _numbered(detect_proposals(pdoc, CONFIG))
    assert [number for number, _ in found] == ["1.1", "1.2", "2.1", "2.2"]
    assert found[2][1] == "1. Financer une filière locale de bois d'œuvre."


def test_numbered_headings_are_titles_not_list_items(nlp):
    """ "2. Former les personnels" as an HTML (or Word) heading names a section."""
    html = (
        "<h1>Rapport</h1><h2>1. Renforcer la sécurité des réseaux</h2>"
        "<p>Recommandation 1 : Segmenter les réseaux des établissements.</p>"
        "<h2>2. Former les personnels</h2>"
        "<p>Recommandation 2 : Organiser un exercice de crise chaque année.</p>"
    )
    rows = detect_proposals(_ingested(nlp, "r.html", html), CONFIG)
    assert [(r["kind"], r["number"]) for r in rows] == [("numbered", "1"), ("numbered", "2")]


# Layouts of bench/RESULTS.md P17 (the second blind set's misses, fixed from dev fixtures)


def test_lowercase_roman_items_and_letters_read_as_initials(nlp):
    """ "ii)" is a mark like "i)"; after "C." or "ii)" the tagger reads "Créer" as a name."""
    text = (
        "Demandes aux services de l'État :\n\n"
        "i) Publier chaque semaine la carte des restrictions d'eau.\n"
        "ii) Afficher les seuils d'alerte dans chaque mairie.\n"
        "iii) Ne pas délivrer de dérogation en période de crise.\n"
        "iv) Désigner un référent sécheresse par département.\n\n"
        "Engagements de l'agence :\n\n"
        "A. Doubler les aides aux économies d'eau.\n"
        "B. Financer les études de territoire.\n"
        "C. Créer un observatoire des prélèvements.\n"
    )
    found = _numbered(detect_proposals(_ingested(nlp, "h.txt", text), CONFIG))
    assert [number for number, _ in found] == ["i", "ii", "iii", "iv", "A", "B", "C"]
    assert found[1][1] == "ii) Afficher les seuils d'alerte dans chaque mairie."
    assert found[6][1] == "C. Créer un observatoire des prélèvements."


def test_lettered_names_are_not_items(nlp):
    text = (
        "Ont signé la charte :\n\n"
        "A. Olivier Martin, maire de Dole.\n"
        "B. Xavier Petit, président de l'association.\n"
    )
    assert _numbered(detect_proposals(_ingested(nlp, "i.txt", text), CONFIG)) == []


PAST_AND_SOURCES = """# Plan sport-santé

## Ce qui a été fait

1. En 2022, la ville a ouvert une maison sport-santé.
2. En 2023, 240 patients ont suivi un programme adapté.

## Les enfants

1. Proposer une heure de sport de plus dans les écoles.
2. Ouvrir les cours d'école le samedi.

## Les malades chroniques

1. Former trente éducateurs sportifs.

## Sources

1. Diagnostic local de santé, 2025.
"""


def test_lists_of_past_events_and_sources_take_no_rank(nlp):
    found = _numbered(detect_proposals(_ingested(nlp, "j.md", PAST_AND_SOURCES), CONFIG))
    assert found == [
        ("1.1", "1. Proposer une heure de sport de plus dans les écoles."),
        ("1.2", "2. Ouvrir les cours d'école le samedi."),
        ("2.1", "1. Former trente éducateurs sportifs."),
    ]


def test_numbered_part_lines_head_the_lists_under_them(nlp):
    """ "Axe 2 – …" on a line of its own, as PDF and plain text show headings."""
    text = (
        "Plan de la filière bois\n\n"
        "Axe 1 – Connaître la ressource\n"
        "1. Cartographier les peuplements mûrs.\n"
        "2. Publier un bilan des coupes.\n\n"
        "Axe 2 – Transformer\n"
        "1. Aider l'installation de scieries mobiles.\n\n"
        "Le plan mobilise 1,2 million d'euros.\n"
    )
    found = _numbered(detect_proposals(_ingested(nlp, "k.txt", text), CONFIG))
    assert [number for number, _ in found] == ["1.1", "1.2", "2.1"]
    assert found[2][1] == "1. Aider l'installation de scieries mobiles."


def test_single_action_under_a_numbered_title_is_an_item(nlp):
    text = (
        "PROGRAMME\n\n1. ÉQUIPER LES CLASSES\n\n"
        "1.1 Remplacer les vidéoprojecteurs.\n"
        "1.2 Prêter une tablette aux élèves.\n\n"
        "2. PROTÉGER LES DONNÉES\n\n"
        "2.1 Désigner un délégué à la protection des données.\n\n"
        "3. LE CONTEXTE\n\n"
        "3.1 Le cadre juridique\n\n"
        "Le règlement européen s'applique depuis 2018.\n"
    )
    rows = detect_proposals(_ingested(nlp, "l.txt", text), CONFIG)
    found = [(r["kind"], r["number"]) for r in rows if r["number"]]
    assert found == [("numbered", "1.1"), ("numbered", "1.2"), ("numbered", "2.1")]


def test_numbered_section_title_ends_the_recommendation_before_it(nlp):
    text = (
        "Rapport sur le port de plaisance\n\n"
        "Recommandation 1 : Réviser les tarifs des escales.\n\n"
        "2. Les investissements\n\n"
        "Le quai n'a pas été entretenu depuis 1994.\n\n"
        "Recommandation 2 : Adopter un plan d'entretien des ouvrages :\n\n"
        "1. Réparer le quai d'honneur.\n\n"
        "2. Draguer le chenal.\n\n"
        "3. La gouvernance\n\n"
        "Recommandation 3 : Réunir le conseil portuaire deux fois par an.\n"
    )
    found = _numbered(detect_proposals(_ingested(nlp, "m.txt", text), CONFIG))
    assert found == [
        ("1", "Recommandation 1 : Réviser les tarifs des escales."),
        (
            "2",
            "Recommandation 2 : Adopter un plan d'entretien des ouvrages :\n\n"
            "1. Réparer le quai d'honneur.\n\n2. Draguer le chenal.",
        ),
        ("3", "Recommandation 3 : Réunir le conseil portuaire deux fois par an."),
    ]


def test_markdown_paragraph_indented_under_an_item_belongs_to_it(nlp):
    text = (
        "# Programme culturel\n\n## Les lieux\n\n"
        "1. Rénover la salle des fêtes.\n\n"
        "   Les travaux commenceront après l'hiver.\n\n"
        "2. Équiper la médiathèque d'un studio.\n\n"
        "## Les publics\n\n"
        "1. Offrir deux spectacles par an à chaque élève.\n\n"
        "Le programme sera évalué en 2027.\n"
    )
    found = _numbered(detect_proposals(_ingested(nlp, "n.md", text), CONFIG))
    assert [number for number, _ in found] == ["1.1", "1.2", "2.1"]
    assert found[0][1].endswith("Les travaux commenceront après l'hiver.")
    assert "évalué" not in found[2][1]


LETTERS_BESIDE_A_LIST_OF_PERSONS = """# Avis sur la restauration scolaire

## Personnes auditionnées

1. Mme Claire Dubois, cheffe de cuisine du collège Jean-Moulin ;
2. M. Paul Girard, président de l'association des parents d'élèves.

## Nos recommandations au département

I. Servir un repas végétarien deux fois par semaine dans les collèges.

II. Acheter la moitié des légumes auprès des maraîchers du département.

## Nos demandes aux communes

a) aux communes, de confier la livraison des repas à la cuisine centrale ;

b) aux syndicats scolaires, d'harmoniser le prix du repas.
"""


def test_letters_and_roman_numerals_beside_a_decimal_list_keep_their_own_number(parse):
    """P19: "I." … under one heading, "a)" … under another and "1." … (persons heard) under a
    third are three lists, not one list restarting: no "2.I" nor "3.a"; the persons heard are no
    items, and the demands addressed "aux communes, de confier…" are."""
    found = _numbered(detect_proposals(parse(LETTERS_BESIDE_A_LIST_OF_PERSONS), CONFIG))
    assert [number for number, _ in found] == ["I", "II", "a", "b"]
    assert found[2][1].startswith("a) aux communes, de confier la livraison")


def test_wishes_introduced_by_que_are_list_items(parse):
    text = (
        "Nos demandes à l'État\n\n"
        "1. Que l'État finance la rénovation des internats.\n"
        "2. Que le rectorat ouvre une classe de plus au collège.\n"
    )
    rows = detect_proposals(parse(text), CONFIG)
    assert [(r["kind"], r["number"]) for r in rows] == [("list_item", "1"), ("list_item", "2")]


def test_a_decimal_list_of_signatories_beside_one_lettered_list_takes_no_rank(parse):
    text = (
        "## Signataires\n\n1. la mairie de Guéret ;\n2. la caisse d'allocations familiales.\n\n"
        "## Nos engagements\n\nA. Répondre à tout courrier dans un délai de dix jours.\n\n"
        "B. Recevoir sans rendez-vous le mardi matin.\n"
    )
    found = _numbered(detect_proposals(parse(text), CONFIG))
    assert [number for number, _ in found] == ["A", "B"]


HTML_DRAWN_NUMBERS = """<html><head><title>Avis sur les transports scolaires</title></head>
<body><article><h1>Avis sur les transports scolaires</h1>
<p>Le conseil de développement a reçu en 2025 plus de 300 familles au sujet des cars scolaires
du territoire, dont les horaires ne conviennent plus aux lycéens.</p>
<h2>Nos demandes aux collectivités</h2>
<ol type="a"><li>Que la région finance des cars neufs pour les lignes rurales.</li>
<li>Que le département allonge la ligne 12 jusqu'au lycée agricole.</li></ol>
<h2>Nos propositions au syndicat des transports</h2>
<ol type="i"><li>Créer un abonnement unique pour les lycéens et les apprentis.</li>
<li>Ouvrir une ligne le mercredi après-midi vers les équipements sportifs.</li></ol>
<h2>Suite de la liste</h2>
<ol start="3"><li>Publier les horaires de chaque ligne en ligne et en mairie.</li></ol>
<h2>Sources</h2>
<ol><li>Enquête auprès des familles, 2024.</li>
<li>Délibération du conseil régional du 2 mai 2023.</li></ol>
</article></body></html>
"""


def test_html_lettered_and_offset_lists_keep_the_numbers_the_browser_shows(nlp):
    """P19: every ``<ol>`` came out as "1.", "2."; ``type="a"`` shows "a.", ``start`` offsets."""
    pdoc = _ingested(nlp, "avis.html", HTML_DRAWN_NUMBERS)
    assert "a. Que la région finance" in pdoc.text and "ii. Ouvrir une ligne" in pdoc.text
    assert "3. Publier les horaires" in pdoc.text
    assert "1. Enquête auprès des familles" in pdoc.text  # a plain <ol>: unchanged
    found = _numbered(detect_proposals(pdoc, CONFIG))
    assert [number for number, _ in found][:4] == ["a", "b", "i", "ii"]


def test_engagement_and_priority_labels_open_items(parse):
    """P19: "Engagement 1 :" paragraphs of plain text were not read as items."""
    text = (
        "NOS ENGAGEMENTS\n\n"
        "Engagement 1 : Réduire de moitié le papier imprimé par les services d'ici 2028.\n\n"
        "Engagement 2 : Acheter des véhicules électriques pour la flotte municipale.\n\n"
        "Priorité 1 – Rénover l'école des Tilleuls.\n"
    )
    found = _numbered(detect_proposals(parse(text), CONFIG))
    assert [number for number, _ in found] == ["1", "2", "1"]
    assert found[1][1].startswith("Engagement 2 : Acheter des véhicules")


def test_labelled_titles_of_other_items_are_no_items(parse):
    """ "Orientation 1" over "Objectif 1.1" over "Action 1.1.1": only the actions are items; "Axe
    k –" lines over lists restarting at 1 are headings, one over prose too."""
    text = (
        "Orientation 1 – Attirer des entreprises\n\n"
        "Objectif 1.1 – Accueillir les entreprises\n\n"
        "Action 1.1.1 – Créer une pépinière d'entreprises à Vierzon.\n\n"
        "Action 1.1.2 – Ouvrir un guichet unique pour les créateurs.\n\n"
        "Axe 1 – Former\n\n1. Financer cent places d'apprentissage.\n\n"
        "Axe 2 – Le diagnostic\n\nLe territoire compte 3 000 demandeurs d'emploi.\n\n"
        "Axe 3 – Loger\n\n1. Construire une résidence pour les apprentis.\n"
    )
    found = _numbered(detect_proposals(parse(text), CONFIG))
    assert [number for number, _ in found] == ["1.1.1", "1.1.2", "1.1", "3.1"]


def test_a_qualifying_word_between_label_and_number(parse):
    """P19: "Objectif opérationnel 1.1 :" under "Orientation 1 –" was no item."""
    text = (
        "Orientation 1 – Prévenir\n\n"
        "Objectif opérationnel 1.1 : Déployer un programme d'activité physique adaptée.\n\n"
        "Objectif opérationnel 1.2 : Repérer les personnes âgées isolées.\n\n"
        "La mesure des 3 quartiers prioritaires sera publiée.\n"
    )
    found = _numbered(detect_proposals(parse(text), CONFIG))
    assert [number for number, _ in found] == ["1.1", "1.2"]


# P24: the kinds of layout the fourth blind set missed, each from a document written for it.
LABELS_OF_THE_DOCUMENT = """PROGRAMME LOCAL DE L'HABITAT 2026-2031

Historique

1. Mars 2024 : diagnostic partagé avec les communes.

2. Octobre 2024 : ateliers avec les bailleurs sociaux.

Tableau 1 : Évolution des loyers depuis 2015.

Tableau 2 : Part des logements vacants par commune.

PARTIE 1 – RÉNOVER LE PARC

Piste 1 : Financer l'audit énergétique des copropriétés construites avant 1975.

Piste 2 : Créer une aide de 3 000 euros pour remplacer les chaudières au fioul.

PARTIE 2 – LOGER LES JEUNES

Piste 3 : Réserver chaque année cinquante logements sociaux aux apprentis.
"""


def test_a_label_the_document_numbers_its_items_with_opens_them(nlp):
    """ "Piste k :" is no configured label: a capitalised word, a rising number and a separator
    at the start of lines whose text proposes make it one. "Tableau k :" proposes nothing."""
    found = _numbered(detect_proposals(_ingested(nlp, "plh.txt", LABELS_OF_THE_DOCUMENT), CONFIG))
    assert [number for number, _ in found] == ["1", "2", "3"]
    assert all(text.startswith("Piste") for _, text in found)
    assert found[2][1].endswith("aux apprentis.")


NUMBERED_TABLES = """# Contrat local de santé

## Les communes

| Commune | Habitants | Médecins |
|---|---|---|
| Lisieux | 20 000 | 14 |
| Orbec | 2 100 | 2 |

## Les actions

| N° | Action | Porteur | Année |
|---|---|---|---|
| 1 | Ouvrir un centre de santé intercommunal à Orbec | Communauté de communes | 2026 |
| 2 | Financer le permis des aides à domicile | Département | 2027 |
| 3 | Organiser un forum des métiers du soin | Ville | 2026 |

## Le budget

| Année | Crédits (euros) |
|---|---|
| 2026 | 450 000 |
| 2027 | 520 000 |
"""


def test_rows_numbered_in_a_column_beside_text_are_items(nlp):
    found = _numbered(detect_proposals(_ingested(nlp, "cls.md", NUMBERED_TABLES), CONFIG))
    assert found == [
        ("1", "Ouvrir un centre de santé intercommunal à Orbec"),
        ("2", "Financer le permis des aides à domicile"),
        ("3", "Organiser un forum des métiers du soin"),
    ]


LISTS_BESIDE_LABELLED_ITEMS = """# Avis du conseil de développement sur l'eau

## L'essentiel

1. Un tarif social de l'eau.
2. Des cuves de récupération pour chaque école.

## Les membres du groupe de travail

1. Mme Anne Leroy, présidente
2. M. Karim Haddad

## Nos défis

Défi 1 – Instaurer un tarif social de l'eau pour les foyers au quotient familial modeste.

Défi 2 – Équiper chaque école de cuves de récupération des eaux de pluie.
"""

SUMMARY_REPEATING_ITEMS = """# Rapport sur le fret fluvial

## Liste des pistes

Piste n° 1 : Rénover les écluses du canal du Centre avant 2030.

Piste n° 2 : Créer un tarif de péage réduit pour les conteneurs.

## Les écluses

### Piste n° 1

Rénover les écluses du canal du Centre avant 2030. Les travaux seront conduits hors saison.

### Piste n° 2

Créer un tarif de péage réduit pour les conteneurs, révisé tous les trois ans.
"""


def test_lists_that_propose_nothing_beside_labelled_items_take_no_rank(nlp):
    """A summary in noun phrases and a list of members under sibling headings are no items
    when the document labels its proposals ("Défi 1 –")."""
    found = _numbered(
        detect_proposals(_ingested(nlp, "avis.md", LISTS_BESIDE_LABELLED_ITEMS), CONFIG)
    )
    assert [number for number, _ in found] == ["1", "2"]
    assert all(text.startswith("Défi") for _, text in found)


def test_a_summary_repeating_the_items_is_not_counted_twice(nlp):
    found = _numbered(detect_proposals(_ingested(nlp, "fret.md", SUMMARY_REPEATING_ITEMS), CONFIG))
    assert [number for number, _ in found] == ["1", "2"]
    assert found[0][1].endswith("hors saison.")
    assert found[1][1].endswith("tous les trois ans.")


def test_a_labelled_heading_over_a_list_is_its_title(nlp):
    """ "<h2>Priorité 1 : la chaleur en ville</h2>" over a paragraph and a list, and its sibling
    over a table: titles, not items (P22: one was an item, "1")."""
    page = (
        "<html><body><article><h1>Plan climat</h1><p>Le plan a été adopté en 2026.</p>"
        "<h2>Priorité 1 : la chaleur en ville</h2><p>Les étés sont de plus en plus chauds.</p>"
        "<ol><li>Planter mille arbres dans les cours d'école.</li>"
        "<li>Ouvrir les parcs la nuit pendant les canicules.</li></ol>"
        "<h2>Priorité 2 : l'eau</h2><table><tr><th>N°</th><th>Action</th></tr>"
        "<tr><td>3</td><td>Récupérer l'eau de pluie des bâtiments publics</td></tr>"
        "<tr><td>4</td><td>Réduire l'arrosage des pelouses municipales</td></tr></table>"
        "</article></body></html>"
    )
    found = _numbered(detect_proposals(_ingested(nlp, "climat.html", page), CONFIG))
    assert [number for number, _ in found] == ["1", "2", "3", "4"]
    assert not any(text.startswith("Priorité") for _, text in found)


def test_degree_items_continuing_an_engagement(nlp):
    text = (
        "Convention de revitalisation du centre-bourg\n\nPour la durée de la convention, la "
        "commune s'engage :\n\n1° à réserver un local commercial aux porteurs de projets ;\n\n"
        "2° à réunir le comité de pilotage deux fois par an.\n\nSignataires :\n\n"
        "1. le maire de la commune ;\n\n2. le préfet du département.\n"
    )
    found = _numbered(detect_proposals(_ingested(nlp, "conv.txt", text), CONFIG))
    assert [number for number, _ in found] == ["1", "2"]
    assert found[0][1].startswith("1° à réserver un local")


def test_roman_title_over_its_sub_items(parse):
    text = (
        "Schéma des mobilités\n\nI. Développer le covoiturage\n\n"
        "I.1. Aménager des aires de covoiturage près des échangeurs.\n\n"
        "I.2. Ouvrir une plateforme de mise en relation.\n\nII. Former les conducteurs\n\n"
        "II.1. Financer des stages d'écoconduite pour les agents.\n"
    )
    found = _numbered(detect_proposals(parse(text), CONFIG))
    assert [number for number, _ in found] == ["I.1", "I.2", "II.1"]


def test_a_label_alone_on_its_line_and_an_action_sheet_with_its_fields(parse):
    text = (
        "Programme de prévention\n\nDéfi n°1\n\nOuvrir une consultation de prévention dans "
        "chaque maison de santé.\n\nDéfi n°2\n\nFinancer des ateliers d'équilibre pour les plus "
        "de 70 ans.\n\nFiche action n° 1 – Équiper les salles de sport\n\nObjectif : ouvrir "
        "dix salles.\n\nPilote : service des sports.\n\nCalendrier : 2027.\n\nFiche action n° 2 – "
        "Former les éducateurs\n\nPilote : direction des sports.\n\nCalendrier : 2028.\n\n"
        "Le budget sera voté en mars.\n\nRecommandation 3 – Publier les comptes chaque année.\n\n"
        "Bonne pratique : la commune de Vire publie déjà les siens.\n"
    )
    found = _numbered(detect_proposals(parse(text), CONFIG))
    assert [number for number, _ in found] == ["1", "2", "1", "2", "3"]
    assert found[0][1].endswith("dans chaque maison de santé.")
    assert found[4][1].endswith("chaque année.")  # one "Bonne pratique :" after it is a comment
    assert found[2][1].endswith("Calendrier : 2027.")
    assert found[3][1].endswith("Calendrier : 2028.")  # not the budget's sentence


def test_sub_items_of_another_mark_under_a_lettered_item_ending_with_a_colon(parse):
    text = (
        "Nos préconisations\n\nA. Créer une maison des associations dans chaque quartier.\n\n"
        "B. Soutenir les clubs sportifs par :\n\ni. une aide au transport des équipes ;\n\n"
        "ii. un prêt de minibus.\n\nC. Ouvrir les écoles de musique le samedi.\n"
    )
    found = _numbered(detect_proposals(parse(text), CONFIG))
    assert [number for number, _ in found] == ["A", "B", "C"]
    assert found[1][1].endswith("un prêt de minibus.")


def test_a_lone_item_resuming_a_list_after_a_paragraph(nlp):
    """P21's left: "III." of an ``<ol type="I" start="3">`` had no number (a roman run not
    starting at "I"), and a lone "3." resuming "1.", "2." fell below the confidence floor."""
    for kind, marks in (("I", ["I", "II", "III"]), ("1", ["1", "2", "3"])):
        page = (
            "<html><body><article><h1>Plan</h1><p>Le plan a été voté en 2026 par le conseil.</p>"
            f"<ol type='{kind}'><li>Créer une maison des associations.</li>"
            "<li>Ouvrir un tiers-lieu dans chaque quartier.</li></ol>"
            "<p>Le budget est de deux millions.</p>"
            f"<ol type='{kind}' start='3'><li>Financer les clubs de quartier.</li></ol>"
            "</article></body></html>"
        )
        found = _numbered(detect_proposals(_ingested(nlp, "plan.html", page), CONFIG))
        assert [number for number, _ in found] == marks
