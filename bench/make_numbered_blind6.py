"""Build the DOCX, ODT and PDF documents of ``tests/data/numbered_blind6/`` (sixth blind set).

Fictitious French plans, opinions, contracts and reports written for textmine's sixth blind set
of numbered layouts (issue 19 item 2), by a writer who had read neither the detection rules nor
the earlier sets. Their numbers are the word processor's automatic numbering (Word
``w:numPr`` through ``numbering.xml``, in a list, a paragraph style or a table column; ODF list
styles with prefixes, suffixes and ``display-levels``), or (PDF) text laid out on pages with
running headers and page numbers. The gold items are in ``NAME.gold.csv`` beside each file,
written by hand with the documents, before any detection ran on them. The output is
byte-for-byte reproducible (fixed dates, fixed zip order; the helpers of
``bench.make_numbered_blind2``).

    python -m bench.make_numbered_blind6 [output_folder]
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from fpdf import FPDF

from bench.make_corpus_docx import reproducible_bytes
from bench.make_numbered_blind2 import (
    _h,
    _item,
    _items,
    _list_style,
    _new_docx,
    _num_pr,
    _numbering,
    _odt_bytes,
    _p,
    _para,
    _pdf,
    write_documents,
)

DEFAULT_OUTPUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "numbered_blind6"
_NOTE = "Document fictif rédigé pour le sixième jeu aveugle de textmine (issue 19)."


def _docx(title: str) -> DocxDocument:
    return _new_docx(title, _NOTE)


# ---------------------------------------------------------------- DOCX


def contrat_ville_word() -> bytes:
    """A three-level Word list: "Pilier 1 –" (titles), "Action 1.2 –" (the items), lettered
    sub-items "a)" inside an action; a Word bullet list before it."""
    doc = _docx("Contrat de ville de l'agglomération du Grand Narbonne 2024-2030")
    _numbering(
        doc,
        {
            210: [
                ("decimal", "Pilier %1 –"),
                ("decimal", "Action %1.%2 –"),
                ("lowerLetter", "%3)"),
            ],
            211: [("bullet", "•")],
        },
        {210: (210, False), 211: (211, False)},
    )
    doc.add_heading("Contrat de ville « Engagements Quartiers 2030 »", level=1)
    doc.add_paragraph(
        "Le contrat couvre les quartiers Saint-Jean-Saint-Pierre et Razimbaud, où vivent 7 900 "
        "habitants ; le taux de pauvreté y atteint 46 %. Il est signé par :"
    )
    for text in (
        "l'État, représenté par le préfet de l'Aude ;",
        "le Grand Narbonne ;",
        "la Ville de Narbonne.",
    ):
        _item(doc, text, 211)
    doc.add_heading("Programme d'actions", level=2)
    _item(doc, "Emploi et insertion", 210, 0)
    _item(
        doc,
        "Ouvrir dans chaque quartier une permanence hebdomadaire de France Travail au centre "
        "social.",
        210,
        1,
    )
    _item(
        doc,
        "Financer 40 contrats d'apprentissage par an dans les services de l'agglomération.",
        210,
        1,
    )
    _item(
        doc,
        "Soutenir la création d'entreprise par les habitants des quartiers :",
        210,
        1,
    )
    _item(doc, "un prêt d'honneur à taux zéro jusqu'à 8 000 € ;", 210, 2)
    _item(doc, "un parrainage par un chef d'entreprise pendant un an.", 210, 2)
    _item(doc, "Cadre de vie", 210, 0)
    _item(
        doc,
        "Rénover les 320 logements de la résidence Les Peupliers avec le bailleur Alogéa.",
        210,
        1,
    )
    _item(
        doc,
        "Créer un jardin partagé et une aire de jeux sur la friche de l'ancienne caserne.",
        210,
        1,
    )
    _item(doc, "Éducation", 210, 0)
    _item(
        doc,
        "Étendre le dispositif « devoirs faits » aux écoles élémentaires des deux quartiers.",
        210,
        1,
    )
    _item(
        doc,
        "Proposer un accueil des parents d'élèves allophones avec un interprète deux fois par "
        "trimestre.",
        210,
        1,
    )
    doc.add_paragraph(
        "Le contrat sera évalué à mi-parcours, en 2027, par le conseil citoyen et les signataires."
    )
    return reproducible_bytes(doc)


def plan_dechets_word() -> bytes:
    """Unnumbered Heading 3 under a Heading 2, a Word list restarting under each (``%1)``),
    a lower roman sub-level; a numbered list of findings (not proposals) under an earlier
    Heading 2."""
    doc = _docx("Plan régional de prévention et de gestion des déchets – Bourgogne-Franche-Comté")
    _numbering(
        doc,
        {220: [("decimal", "%1)"), ("lowerRoman", "%2.")]},
        {220: (220, True), 221: (220, True), 222: (220, True), 223: (220, True)},
    )
    doc.add_heading("Plan régional de prévention et de gestion des déchets", level=1)
    doc.add_paragraph("Révision adoptée par l'assemblée régionale le 26 juin 2025.")
    doc.add_heading("Le diagnostic", level=2)
    doc.add_paragraph("L'état des lieux de 2023 montre que :")
    _item(doc, "la région produit 548 kg de déchets ménagers par habitant et par an ;", 220)
    _item(doc, "le taux de valorisation des déchets du bâtiment plafonne à 58 % ;", 220)
    _item(doc, "quatre installations de stockage fermeront avant 2030.", 220)
    doc.add_heading("Les orientations du plan", level=2)
    doc.add_heading("Réduire les déchets à la source", level=3)
    _item(
        doc,
        "Généraliser la tarification incitative dans les collectivités de plus de 20 000 "
        "habitants d'ici 2028.",
        221,
    )
    _item(
        doc, "Soutenir les ressourceries par un appel à projets annuel de 1,2 million d'euros.", 221
    )
    _item(
        doc,
        "Accompagner les entreprises de la restauration collective dans la lutte contre le "
        "gaspillage alimentaire.",
        221,
    )
    doc.add_heading("Mieux trier", level=3)
    _item(doc, "Installer des points de collecte des biodéchets dans toutes les communes.", 222)
    _item(
        doc,
        "Harmoniser les consignes de tri sur l'ensemble du territoire régional, selon trois "
        "étapes :",
        222,
    )
    _item(doc, "un guide commun des consignes en 2026 ;", 222, 1)
    _item(doc, "des couleurs de bacs identiques en 2027 ;", 222, 1)
    _item(doc, "une campagne régionale d'information en 2028.", 222, 1)
    _item(
        doc,
        "Créer cinq déchèteries professionnelles pour les artisans du bâtiment.",
        222,
    )
    doc.add_heading("Valoriser ce qui ne peut être évité", level=3)
    _item(
        doc,
        "Réserver les capacités d'incinération aux déchets qui ne peuvent être recyclés.",
        223,
    )
    _item(
        doc,
        "Étudier la création d'une unité de combustibles solides de récupération dans le nord "
        "de la région.",
        223,
    )
    doc.add_heading("Suivi du plan", level=2)
    doc.add_paragraph(
        "Une commission consultative de suivi se réunit chaque année et publie un rapport."
    )
    return reproducible_bytes(doc)


def plan_inondations_word() -> bytes:
    """A Word table whose "N°" column is auto-numbered (empty numbered cell paragraphs), lower
    letter findings (not proposals) and lower roman commitments of the State."""
    doc = _docx("Programme d'actions de prévention des inondations de l'Orb")
    _numbering(
        doc,
        {
            230: [("decimal", "%1.")],
            231: [("lowerLetter", "%1.")],
            232: [("lowerRoman", "%1)")],
        },
        {230: (230, False), 231: (231, False), 232: (232, False)},
    )
    doc.add_heading("Programme d'actions de prévention des inondations (PAPI) de l'Orb", level=1)
    doc.add_paragraph("Le programme part de trois constats :")
    _item(doc, "la crue de 2014 a touché 2 600 habitations ;", 231)
    _item(doc, "un tiers des digues n'a pas de gestionnaire identifié ;", 231)
    _item(doc, "la culture du risque s'est perdue chez les nouveaux habitants.", 231)
    doc.add_heading("Les actions du programme", level=2)
    rows = [
        ("Réaliser l'étude de danger des digues de Béziers et de Sérignan.", "EPTB Orb", "2026"),
        (
            "Installer douze stations de mesure du niveau de l'Orb et de ses affluents, reliées "
            "au service de prévision des crues.",
            "EPTB Orb",
            "2026-2027",
        ),
        ("Poser 150 repères de crue dans les communes riveraines.", "Communes", "2026"),
        (
            "Financer le diagnostic de vulnérabilité de 400 maisons situées en zone inondable.",
            "Agglomération",
            "2026-2029",
        ),
        ("Restaurer 15 hectares de zones d'expansion des crues à Cessenon.", "EPTB Orb", "2028"),
        (
            "Organiser un exercice de crise dans chaque commune tous les trois ans.",
            "Préfecture",
            "2027",
        ),
    ]
    table = doc.add_table(rows=len(rows) + 1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ("N°", "Action", "Maître d'ouvrage", "Échéance"), strict=True
    ):
        cell.text = text
    for row, values in zip(table.rows[1:], rows, strict=True):
        # Word's numbering button on a column: an empty paragraph that shows "1.", "2.", …
        row.cells[0].paragraphs[0]._p.get_or_add_pPr().append(_num_pr(230))
        for cell, text in zip(row.cells[1:], values, strict=True):
            cell.text = text
    doc.add_paragraph("Pour sa part, l'État s'engage à :")
    _item(doc, "instruire les dossiers d'autorisation des travaux dans un délai de six mois ;", 232)
    _item(
        doc,
        "apporter 40 % du financement par le fonds de prévention des risques naturels majeurs ;",
        232,
    )
    _item(
        doc,
        "réviser le plan de prévention des risques d'inondation de la basse vallée en 2027.",
        232,
    )
    doc.add_paragraph("Le programme est labellisé pour six ans, de 2026 à 2031.")
    return reproducible_bytes(doc)


def avis_cese_word() -> bytes:
    """Section titles numbered "A.", "B." through the Heading 2 style; a "Préconisation %1 :"
    paragraph style whose paragraph holds a short title, the text following in one or two
    plain paragraphs; a table of contents typed with tabs."""
    doc = _docx("Avis du CESER Hauts-de-France sur l'accès aux soins")
    _numbering(
        doc,
        {240: [("upperLetter", "%1.")], 241: [("decimal", "Préconisation %1 :")]},
        {240: (240, False), 241: (241, False)},
    )
    # numPr before the style's spacing and outline level, where the OOXML schema puts it
    doc.styles["Heading 2"].element.get_or_add_pPr()._insert_numPr(_num_pr(240))
    style = doc.styles.add_style("Préconisation", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.font.bold = True
    style.element.get_or_add_pPr().append(_num_pr(241))
    doc.add_heading("Avis sur l'accès aux soins de premier recours dans les territoires ruraux", 1)
    doc.add_paragraph("Sommaire")
    for entry in (
        "A. Le constat\t2",
        "B. Les préconisations du CESER\t3",
        "C. Les explications de vote\t6",
    ):
        doc.add_paragraph(entry)
    doc.add_heading("Le constat", level=2)
    doc.add_paragraph(
        "La densité de médecins généralistes de l'Aisne est de 68 pour 100 000 habitants, "
        "contre 84 en moyenne nationale ; un quart d'entre eux a plus de 62 ans."
    )
    doc.add_heading("Les préconisations du CESER", level=2)
    items = [
        (
            "Des stages en zone rurale",
            [
                "Le CESER préconise que chaque interne de médecine générale effectue un stage "
                "d'au moins six mois dans une commune de moins de 5 000 habitants, avec un "
                "logement pris en charge par la Région."
            ],
        ),
        (
            "Des centres de santé départementaux",
            [
                "Créer dans l'Aisne et dans la Somme des centres de santé départementaux "
                "employant des médecins salariés.",
                "Ces centres devraient ouvrir des antennes itinérantes dans les cantons les "
                "moins dotés.",
            ],
        ),
        (
            "La télémédecine accompagnée",
            [
                "Équiper les pharmacies et les maisons France services de cabines de "
                "téléconsultation, avec un professionnel présent pour accompagner le patient."
            ],
        ),
        (
            "Les transports vers les soins",
            [
                "Étendre le transport à la demande des intercommunalités aux trajets vers les "
                "consultations médicales."
            ],
        ),
        (
            "La délégation de tâches",
            [
                "Encourager le recrutement d'infirmiers en pratique avancée dans les maisons de "
                "santé pluriprofessionnelles.",
                "La Région pourrait financer leur formation pour 60 infirmiers par an.",
            ],
        ),
        (
            "Une évaluation partagée",
            [
                "Présenter chaque année au CESER un tableau de bord de l'accès aux soins par "
                "bassin de vie."
            ],
        ),
    ]
    for title, paragraphs in items:
        doc.add_paragraph(title, style="Préconisation")
        for text in paragraphs:
            doc.add_paragraph(text)
    doc.add_heading("Les explications de vote", level=2)
    doc.add_paragraph(
        "Le groupe des organisations syndicales de salariés a voté l'avis ; le groupe des "
        "professions libérales s'est abstenu."
    )
    return reproducible_bytes(doc)


# ---------------------------------------------------------------- ODT


def feuille_route_agricole_odt() -> bytes:
    """``num-prefix="Mesure "`` and ``num-suffix=" :"``; the numbering continues across three
    headings (``continue-numbering``), bullets under one measure."""
    automatic = _list_style(
        "LMesure",
        [{"num-format": "1", "num-prefix": "Mesure ", "num-suffix": " :"}, {"bullet-char": "–"}],
    )
    cont = ' text:continue-numbering="true"'
    body = (
        _h("Feuille de route régionale pour l'installation agricole 2026-2030", 1)
        + _p(
            "En Pays de la Loire, 45 % des chefs d'exploitation partiront à la retraite d'ici "
            "2032. La Région, l'État et la chambre régionale d'agriculture ont arrêté "
            "ensemble la feuille de route suivante le 3 décembre 2025."
        )
        + _h("Attirer de nouveaux candidats", 2)
        + _items(
            "LMesure",
            [
                "Présenter les métiers agricoles dans tous les collèges de la région, en classe "
                "de quatrième.",
                "Ouvrir un point accueil installation dans chaque département, y compris pour "
                "les candidats non issus du milieu agricole.",
            ],
        )
        + _h("Faciliter la transmission", 2)
        + _items(
            "LMesure",
            [
                "Financer un diagnostic de transmissibilité pour les exploitants de plus de "
                "57 ans.",
                (
                    "Créer un portage foncier régional pour les jeunes installés :",
                    [
                        "achat des terres par la société d'aménagement foncier ;",
                        "revente au bout de dix ans au plus.",
                    ],
                ),
                "Soutenir les stages de parrainage entre cédants et repreneurs.",
            ],
            cont,
        )
        + _p("Ces mesures seront mises en œuvre dès le printemps 2026.")
        + _h("Sécuriser les premières années", 2)
        + _items(
            "LMesure",
            [
                "Porter à 35 000 € la dotation régionale complémentaire à l'installation.",
                "Proposer un suivi technique et économique gratuit pendant cinq ans.",
            ],
            cont,
        )
    )
    return _odt_bytes(
        "Feuille de route régionale pour l'installation agricole", "", automatic, body, _NOTE
    )


def plan_mobilite_rurale_odt() -> bytes:
    """A named list style of styles.xml: level 1 "A." (axes, titles), level 2 "A.1)" through
    ``display-levels="2"``; sources in "(i)" (not items)."""
    styles = _list_style(
        "Plan_20_mobilite",
        [
            {"num-format": "A", "num-suffix": "."},
            {"num-format": "1", "num-suffix": ")", "display-levels": "2"},
        ],
    ) + _list_style("Sources", [{"num-format": "i", "num-prefix": "(", "num-suffix": ")"}])
    axes = [
        (
            "Des solutions partagées",
            [
                "Lancer un service de covoiturage domicile-travail avec une indemnité de 2 € "
                "par trajet pour les conducteurs.",
                "Installer vingt aires de covoiturage aux entrées des bourgs.",
                "Mettre des véhicules électriques en autopartage dans six mairies.",
            ],
        ),
        (
            "Le vélo au quotidien",
            [
                "Aménager la voie verte entre Loches et Beaulieu-lès-Loches.",
                "Proposer la location longue durée de 150 vélos à assistance électrique.",
            ],
        ),
        (
            "Une mobilité solidaire",
            [
                "Créer une plateforme de mobilité qui aide les demandeurs d'emploi à passer le "
                "permis de conduire.",
                "Financer le transport solidaire assuré par des bénévoles pour les personnes "
                "âgées isolées.",
            ],
        ),
    ]
    body = (
        _h("Plan de mobilité simplifié de Loches Sud Touraine", 1)
        + _p(
            "Le territoire compte 67 communes et 51 000 habitants ; 84 % des déplacements "
            "domicile-travail s'y font en voiture. Le plan a été approuvé le 14 mai 2025."
        )
        + _h("Programme d'actions", 2)
        + _items("Plan_20_mobilite", axes)
        + _h("Sources", 2)
        + _items(
            "Sources",
            [
                "Enquête mobilité du Cerema, 2022.",
                "Recensement de la population de l'Insee, 2021.",
            ],
        )
    )
    return _odt_bytes("Plan de mobilité simplifié", styles, "", body, _NOTE)


def strategie_lecture_odt() -> bytes:
    """Headings numbered as text ("1. …"), a new list under each (``1.`` restarting), a sub-list
    in "a)"; one list interrupted by a paragraph and continued; a typed table of contents."""
    automatic = _list_style(
        "LL",
        [{"num-format": "1", "num-suffix": "."}, {"num-format": "a", "num-suffix": ")"}],
    )
    body = (
        _h("Stratégie départementale de lecture publique du Gers 2026-2031", 1)
        + _p("Sommaire")
        + _p("1. Des bibliothèques plus ouvertes\t2")
        + _p("2. Des collections partagées\t3")
        + _p("3. Des publics à conquérir\t4")
        + _p(
            "Le réseau compte 74 bibliothèques, dont 52 tenues par des bénévoles. La "
            "médiathèque départementale en assure le soutien."
        )
        + _h("1. Des bibliothèques plus ouvertes", 2)
        + _items(
            "LL",
            [
                "Aider les communes à ouvrir leur bibliothèque au moins douze heures par "
                "semaine, dont le samedi.",
                (
                    "Financer l'aménagement de tiers-lieux culturels dans cinq bibliothèques :",
                    [
                        "50 % des travaux dans la limite de 100 000 € ;",
                        "l'équipement mobilier et numérique.",
                    ],
                ),
            ],
        )
        + _h("2. Des collections partagées", 2)
        + _items(
            "LL",
            [
                "Mettre en place une navette hebdomadaire de documents entre les "
                "bibliothèques du réseau.",
                "Ouvrir un portail commun de réservation en ligne.",
            ],
        )
        + _p("Ces deux actions supposent un logiciel commun, déjà acquis en 2024.")
        + _items(
            "LL",
            ["Développer l'offre de livres numériques et de livres audio."],
            ' text:continue-numbering="true"',
        )
        + _h("3. Des publics à conquérir", 2)
        + _items(
            "LL",
            [
                "Porter des actions de lecture dans les établissements pour personnes âgées et "
                "à la maison d'arrêt d'Auch.",
                "Former 100 bénévoles par an à l'accueil des tout-petits.",
            ],
        )
    )
    return _odt_bytes("Stratégie de lecture publique du Gers", "", automatic, body, _NOTE)


# ---------------------------------------------------------------- PDF


def _bottom_gap(pdf: FPDF, lines_left: int) -> None:
    """Move down so that only ``lines_left`` lines of 5.5 mm fit above the bottom margin
    (22 mm of 297): the next paragraph then runs over the page break."""
    gap = 297 - 22 - pdf.get_y() - 5.5 * lines_left - 1
    if gap < 0:
        raise ValueError("the page is already too full to break the next paragraph")
    pdf.ln(gap)


def rapport_parlementaire_pdf() -> bytes:
    """ "Proposition n° 1" in bold on its own line above the text; roman and lettered section
    titles; a dotted table of contents; one proposition across a page break; a proposition
    cited in prose; the page number as "- N -"."""
    pdf = _pdf(
        "Assemblée nationale – Rapport d'information sur les déserts bancaires",
        footer="- {page} -",
        header_align="L",
    )
    pdf.add_page()
    _para(pdf, "ASSEMBLÉE NATIONALE", "B", 14)
    _para(
        pdf,
        "Rapport d'information déposé par la commission des finances sur l'accès aux services "
        "bancaires dans les territoires ruraux",
        "B",
        13,
        6,
    )
    _para(pdf, "Sommaire", "B", 12)
    for entry, page in (
        ("Introduction", 3),
        ("I. Un maillage bancaire qui se défait", 4),
        ("A. Des agences qui ferment", 4),
        ("B. Des distributeurs qui disparaissent", 5),
        ("II. Garantir un accès de proximité", 6),
        ("Liste des personnes entendues", 9),
    ):
        pdf.set_font("Helvetica", size=11)
        pdf.cell(150, 6, entry + " " + "." * (70 - len(entry)))
        pdf.cell(0, 6, str(page), align="R")
        pdf.ln(6)
    pdf.ln(4)
    _para(pdf, "Introduction", "B", 12)
    _para(
        pdf,
        "Entre 2018 et 2024, 3 200 agences bancaires ont fermé en France. Vos rapporteurs ont "
        "entendu 41 personnes. La proposition n° 4 a recueilli un large accord des réseaux "
        "bancaires entendus.",
    )
    _para(pdf, "I. Un maillage bancaire qui se défait", "B", 12)
    _para(pdf, "A. Des agences qui ferment", "B", 11)
    _para(
        pdf,
        "Dans les communes de moins de 2 000 habitants, une agence sur cinq a fermé en six "
        "ans. Les personnes âgées sont les premières touchées.",
    )
    propositions = [
        "Imposer aux banques un préavis de six mois avant toute fermeture d'agence dans une "
        "commune de moins de 10 000 habitants, avec une information du maire.",
        "Créer un observatoire de l'accès aux espèces, confié à la Banque de France, qui publie "
        "chaque année une carte des distances aux distributeurs.",
    ]
    for k, text in enumerate(propositions, start=1):
        _para(pdf, f"Proposition n° {k}", "B", 11, 1)
        _para(pdf, text)
    _para(pdf, "B. Des distributeurs qui disparaissent", "B", 11)
    _para(pdf, "Le nombre de distributeurs de billets a baissé de 18 % depuis 2018.")
    _bottom_gap(pdf, 3)
    _para(pdf, "Proposition n° 3", "B", 11, 1)
    _para(
        pdf,
        "Mutualiser les distributeurs entre les réseaux bancaires dans les communes qui n'en "
        "comptent plus qu'un, sur le modèle des distributeurs partagés expérimentés en 2023, "
        "en confiant leur gestion à un opérateur unique désigné par appel d'offres, afin "
        "qu'aucun habitant ne soit à plus de quinze minutes d'un point de retrait.",
    )
    _para(pdf, "II. Garantir un accès de proximité", "B", 12)
    rest = [
        "Autoriser les bureaux de poste et les maisons France services à délivrer des espèces "
        "pour le compte de toutes les banques.",
        "Étendre le droit au compte aux services de dépôt d'espèces.",
        "Financer par le fonds de péréquation postale des permanences bancaires itinérantes "
        "dans les cantons sans agence.",
        "Remettre au Parlement, d'ici 2027, un rapport sur l'accès aux espèces des personnes "
        "âgées dépendantes.",
    ]
    for k, text in enumerate(rest, start=4):
        _para(pdf, f"Proposition n° {k}", "B", 11, 1)
        _para(pdf, text)
    _para(pdf, "Liste des personnes entendues", "B", 12)
    for k, name in enumerate(
        ("M. le sous-gouverneur de la Banque de France", "Mme la présidente de la FBF"), start=1
    ):
        _para(pdf, f"{k}. {name}", gap=1)
    return bytes(pdf.output())


def livre_blanc_energie_pdf() -> bytes:
    """Numbers in the left margin (the number in its own narrow cell, the text indented beside
    it), continuing across two numbered chapters; one item across a page break; a footer with
    the title and "page N"."""
    pdf = _pdf(
        "Livre blanc – Les communes et la transition énergétique",
        footer="Livre blanc de l'Association des maires ruraux de la Creuse – page {page}",
    )
    pdf.add_page()
    _para(pdf, "Livre blanc", "B", 18)
    _para(pdf, "Les communes rurales et la transition énergétique : 10 propositions", "", 13, 8)
    _para(
        pdf,
        "Ce livre blanc est le fruit de six réunions tenues en 2025 avec 87 maires de la "
        "Creuse. Les communes creusoises consacrent en moyenne 9 % de leur budget de "
        "fonctionnement à l'énergie.",
    )

    def item(number: int, text: str) -> None:
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(12, 5.5, str(number))
        pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(0, 5.5, text)
        pdf.ln(3)

    _para(pdf, "1. Sobriété des bâtiments publics", "B", 13)
    first = [
        "Créer un conseiller en énergie partagé pour chaque communauté de communes, financé "
        "pour moitié par l'État.",
        "Réaliser l'audit énergétique de toutes les écoles avant la fin de 2027.",
        "Ouvrir aux petites communes un fonds de rénovation à taux zéro, remboursé par les "
        "économies d'énergie constatées.",
        "Éteindre l'éclairage public entre 23 heures et 5 heures dans les bourgs qui le "
        "souhaitent.",
    ]
    for k, text in enumerate(first, start=1):
        item(k, text)
    _para(pdf, "2. Produire localement", "B", 13)
    _para(
        pdf,
        "La Creuse ne produit que 21 % de l'électricité qu'elle consomme. Les maires souhaitent "
        "que les communes deviennent productrices.",
    )
    second = [
        "Équiper de panneaux solaires les toitures publiques qui s'y prêtent, en commençant par "
        "les salles des fêtes.",
        "Associer les habitants au capital des parcs photovoltaïques au sol, à hauteur de 20 % "
        "au moins.",
    ]
    for k, text in enumerate(second, start=5):
        item(k, text)
    _bottom_gap(pdf, 2)
    item(
        7,
        "Créer une société d'économie mixte départementale de l'énergie, qui porte les projets "
        "des communes trop petites pour les mener seules, mobilise l'épargne locale et "
        "redistribue une part des recettes aux communes d'implantation, selon une clé votée "
        "chaque année par son assemblée générale.",
    )
    item(
        8,
        "Développer les réseaux de chaleur au bois dans les bourgs de plus de 1 000 habitants.",
    )
    _para(pdf, "3. Former et informer", "B", 13)
    item(
        9,
        "Former chaque nouvel élu municipal aux enjeux énergétiques dans l'année de son élection.",
    )
    item(10, "Publier chaque année les consommations d'énergie de chaque commune.")
    return bytes(pdf.output())


def cper_pdf() -> bytes:
    """Nested labels: "Volet 1 –", "Orientation 1.2 –" (titles), "Action 1.2.1 :" (the items)
    over one to three lines; a financial summary by volet (not items); the page number
    alone."""
    pdf = _pdf("Contrat de plan État-Région Bretagne 2021-2027 – avenant mobilités", "{page}")
    pdf.add_page()
    _para(pdf, "Avenant « mobilités » au contrat de plan État-Région Bretagne", "B", 14, 6)
    _para(
        pdf,
        "Le présent avenant, signé le 30 septembre 2025, engage 412 millions d'euros, dont "
        "187 millions de l'État. Il complète le volet mobilités du contrat de plan.",
    )
    plan = [
        (
            "Volet 1 – Le réseau ferroviaire",
            [
                (
                    "Orientation 1.1 – Moderniser les lignes de desserte fine",
                    [
                        "Régénérer la voie entre Dol-de-Bretagne et Dinan pour un relèvement de "
                        "la vitesse à 100 km/h.",
                        "Rouvrir la halte de Lamballe-Nord aux trains régionaux.",
                    ],
                ),
                (
                    "Orientation 1.2 – Améliorer l'accès aux gares",
                    [
                        "Créer des pôles d'échanges multimodaux dans les gares de Vitré, "
                        "Guingamp et Quimperlé, avec des abris à vélos sécurisés.",
                    ],
                ),
            ],
        ),
        (
            "Volet 2 – Les routes et les transports collectifs",
            [
                (
                    "Orientation 2.1 – Sécuriser le réseau routier national",
                    [
                        "Aménager le carrefour de la RN 164 à Rostrenen.",
                        "Achever la mise à deux fois deux voies de la RN 164 entre Châteauneuf-"
                        "du-Faou et Landeleau, dont les travaux débuteront en 2026 après "
                        "l'enquête parcellaire.",
                    ],
                ),
                (
                    "Orientation 2.2 – Développer les cars express",
                    [
                        "Créer trois lignes de cars express sur voies réservées autour de Rennes.",
                        "Financer les voies réservées aux cars sur la rocade de Brest.",
                    ],
                ),
            ],
        ),
    ]
    for volet, orientations in plan:
        _para(pdf, volet, "B", 13)
        for orientation, actions in orientations:
            _para(pdf, orientation, "B", 11)
            for k, text in enumerate(actions, start=1):
                label = orientation.split(" – ")[0].replace("Orientation ", "")
                _para(pdf, f"Action {label}.{k} : {text}")
    _para(pdf, "Maquette financière", "B", 13)
    for line in (
        "Volet 1 : 268 M€ (État 121 M€, Région 147 M€)",
        "Volet 2 : 144 M€ (État 66 M€, Région 58 M€, départements 20 M€)",
    ):
        _para(pdf, line, gap=1)
    return bytes(pdf.output())


BUILDERS: dict[str, Callable[[], bytes]] = {
    "contrat-ville-word.docx": contrat_ville_word,
    "plan-dechets-word.docx": plan_dechets_word,
    "papi-inondations-word.docx": plan_inondations_word,
    "avis-ceser-soins-word.docx": avis_cese_word,
    "feuille-route-agricole-odt.odt": feuille_route_agricole_odt,
    "plan-mobilite-rurale-odt.odt": plan_mobilite_rurale_odt,
    "strategie-lecture-odt.odt": strategie_lecture_odt,
    "rapport-deserts-bancaires-pdf.pdf": rapport_parlementaire_pdf,
    "livre-blanc-energie-pdf.pdf": livre_blanc_energie_pdf,
    "avenant-cper-pdf.pdf": cper_pdf,
}


def main(argv: list[str] | None = None) -> None:
    write_documents(BUILDERS, DEFAULT_OUTPUT, __doc__, "the blind6 set", argv)


if __name__ == "__main__":
    main()
