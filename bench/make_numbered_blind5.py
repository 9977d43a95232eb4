"""Build the DOCX, ODT and PDF documents of ``tests/data/numbered_blind5/`` (fifth blind set).

Fictitious French plans, reports and opinions written for textmine's fifth blind set of
numbered layouts (issue 19 item 2), by a writer who had read neither the detection rules nor the
earlier sets: their numbers are the word processor's automatic numbering (Word ``w:numPr``
through ``numbering.xml`` or a paragraph style, ODF list styles with prefixes, suffixes and
``display-levels``), never text, or (PDF) text laid out on pages with running headers, page
numbers, numbers in the margin and an item broken across a page. The gold items are in
``NAME.gold.csv`` beside each file, written by hand with the documents, before any detection ran
on them. The output is byte-for-byte reproducible (fixed dates, fixed zip order).

Needs python-docx and fpdf2 (both in the project's environment); takes about a second:

    python -m bench.make_numbered_blind5 [output_folder]
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
    _num_pr,
    _numbering,
    _odt_bytes,
    _p,
    _para,
    _pdf,
    write_documents,
)
from bench.make_numbered_blind2 import _new_docx as _blind2_new_docx

DEFAULT_OUTPUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "numbered_blind5"
_DESCRIPTION = "Document fictif rédigé pour le cinquième jeu aveugle de textmine (issue 19)."


def _new_docx(title: str) -> DocxDocument:
    return _blind2_new_docx(title, _DESCRIPTION)


# ---------------------------------------------------------------- DOCX


def plan_handicap_word() -> DocxDocument:
    """One multi-level list restarted under each unnumbered Heading 2 (a ``w:num`` per heading
    with a ``startOverride``), a lettered sub-level inside an item, a bullet list (not items)."""
    doc = _new_docx("Schéma départemental de l'autonomie des personnes handicapées")
    _numbering(
        doc,
        {210: [("decimal", "%1."), ("lowerLetter", "%2.")], 211: [("bullet", "•")]},
        {210: (210, False), 211: (210, True), 212: (210, True), 213: (211, False)},
    )
    doc.add_heading("Schéma départemental de l'autonomie 2026-2030 : volet handicap", level=1)
    doc.add_paragraph(
        "Le Conseil départemental de la Drôme a adopté le schéma le 15 décembre 2025. "
        "Il a été élaboré avec la maison départementale des personnes handicapées et "
        "les associations représentatives."
    )
    doc.add_paragraph("Les groupes de travail ont réuni :")
    _item(doc, "118 personnes handicapées et aidants ;", 213)
    _item(doc, "les directeurs des 34 établissements et services médico-sociaux.", 213)
    doc.add_heading("Scolarisation et petite enfance", level=2)
    _item(
        doc,
        "Créer deux unités d'enseignement externalisées en école maternelle pour les enfants "
        "autistes, à Valence et à Montélimar.",
        210,
    )
    _item(doc, "Former les assistantes maternelles à l'accueil d'un enfant handicapé :", 210)
    _item(doc, "un module de douze heures dans la formation initiale ;", 210, 1)
    _item(doc, "une journée de sensibilisation chaque année.", 210, 1)
    _item(
        doc,
        "Financer le transport adapté des élèves vers les accueils de loisirs le mercredi.",
        210,
    )
    doc.add_heading("Emploi et vie professionnelle", level=2)
    doc.add_paragraph("Le taux de chômage des travailleurs handicapés atteint 14 % dans la Drôme.")
    _item(
        doc,
        "Ouvrir deux entreprises adaptées de travail temporaire avec les acteurs de l'insertion.",
        211,
    )
    _item(
        doc,
        "Porter à 7 % la part des agents handicapés dans les effectifs du Département.",
        211,
    )
    doc.add_heading("Habitat et accessibilité", level=2)
    _item(
        doc,
        "Soutenir la création de 60 places d'habitat inclusif dans les bourgs-centres.",
        212,
    )
    _item(
        doc,
        "Adapter chaque année 200 logements du parc social au vieillissement et au handicap.",
        212,
    )
    _item(
        doc,
        "Rendre accessibles les 12 bâtiments départementaux qui ne le sont pas encore.",
        212,
    )
    doc.add_paragraph("Le schéma sera évalué en 2028 par un cabinet indépendant.")
    return doc


def rapport_mission_word() -> DocxDocument:
    """Headings numbered by Word through the Heading 1 style ("1.", "2.": titles), a table of
    contents with tabs, recommendations numbered through a paragraph style whose numbering
    carries the label ("Recommandation n° %1 :") and continues across the headings."""
    doc = _new_docx("Mission sur les tiers-lieux en milieu rural")
    _numbering(
        doc,
        {220: [("decimal", "%1.")], 221: [("decimal", "Recommandation n° %1 :")]},
        {220: (220, False), 221: (221, False)},
    )
    # the schema orders a pPr's children (numPr before spacing and outlineLvl, which the
    # template's Heading 1 has), so the numbering goes in through python-docx's ordered insert
    num_pr = doc.styles["Heading 1"].element.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = 220
    style = doc.styles.add_style("Recommandation", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.element.get_or_add_pPr().append(_num_pr(221))
    doc.add_paragraph("Rapport au ministre chargé de l'aménagement du territoire", style="Title")
    doc.add_paragraph("Les tiers-lieux en milieu rural : consolider un réseau fragile")
    doc.add_paragraph("Mission confiée à M. Julien Arnaud, préfet honoraire – septembre 2025")
    doc.add_paragraph("Table des matières")
    for entry, page in (
        ("1.\tUn essor rapide depuis 2019", 3),
        ("2.\tUn modèle économique incertain", 5),
        ("3.\tUne gouvernance à organiser", 8),
    ):
        doc.add_paragraph(f"{entry}\t{page}")
    doc.add_heading("Un essor rapide depuis 2019", level=1)
    doc.add_paragraph(
        "On compte 3 500 tiers-lieux en France, dont 40 % en zone rurale. L'appel à "
        "manifestation d'intérêt « Fabriques de territoire » en a soutenu 300 entre 2019 et 2022."
    )
    doc.add_paragraph(
        "Pérenniser le programme « Fabriques de territoire » au-delà de 2026, avec une aide de "
        "fonctionnement de 50 000 euros par an pendant trois ans.",
        style="Recommandation",
    )
    doc.add_paragraph(
        "Ouvrir le programme aux tiers-lieux des communes de moins de 2 000 habitants sans "
        "condition de nombre de salariés.",
        style="Recommandation",
    )
    doc.add_heading("Un modèle économique incertain", level=1)
    doc.add_paragraph(
        "Les recettes propres couvrent en moyenne 45 % des charges. Les subventions "
        "publiques, souvent annuelles, rendent difficile l'embauche d'un animateur."
    )
    doc.add_paragraph(
        "Signer avec chaque tiers-lieu soutenu une convention pluriannuelle d'objectifs de "
        "trois ans associant l'État, la région et l'intercommunalité.",
        style="Recommandation",
    )
    doc.add_paragraph(
        "Permettre aux tiers-lieux d'accueillir des permanences de services publics "
        "rémunérées, sur le modèle des maisons France services.",
        style="Recommandation",
    )
    doc.add_paragraph(
        "La mission a entendu à ce sujet les représentants de l'Agence nationale de la "
        "cohésion des territoires et de France Tiers-Lieux."
    )
    doc.add_heading("Une gouvernance à organiser", level=1)
    doc.add_paragraph(
        "Confier aux réseaux régionaux de tiers-lieux l'accompagnement des nouveaux projets, "
        "avec un financement de l'État de 100 000 euros par réseau et par an.",
        style="Recommandation",
    )
    doc.add_paragraph(
        "Créer un observatoire national des tiers-lieux qui publie chaque année leurs "
        "effectifs, leurs recettes et leur fréquentation.",
        style="Recommandation",
    )
    doc.add_paragraph("Paris, le 22 septembre 2025.")
    return doc


def contrat_ville_word() -> DocxDocument:
    """A Word table whose first column numbers the actions automatically ("Action %1"), lower
    roman commitments "i)" and an upper-letter list of annexes (not items)."""
    doc = _new_docx("Contrat de ville Engagements Quartiers 2030 de Béziers")
    _numbering(
        doc,
        {
            230: [("decimal", "Action %1")],
            231: [("lowerRoman", "%1)")],
            232: [("upperLetter", "Annexe %1 –")],
        },
        {230: (230, False), 231: (231, False), 232: (232, False)},
    )
    doc.add_heading("Contrat de ville « Engagements Quartiers 2030 » – Béziers Méditerranée", 1)
    doc.add_paragraph(
        "Le contrat couvre les quartiers prioritaires de la Devèze, des Arènes et du centre "
        "historique, où vivent 19 000 habitants. Il a été signé le 4 avril 2025."
    )
    doc.add_heading("Les engagements de l'État", level=2)
    for text in (
        "Maintenir dans les écoles des quartiers le dédoublement des classes de grande section, "
        "de CP et de CE1.",
        "Affecter quatre policiers supplémentaires au commissariat de Béziers pour la "
        "présence de proximité.",
        "Réserver 25 % des places de service civique du département aux jeunes des quartiers.",
    ):
        _item(doc, text, 231)
    doc.add_heading("Le programme d'actions", level=2)
    doc.add_paragraph("Chaque action a un pilote et une échéance.")
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, ("Action", "Pilote", "Échéance"), strict=True):
        cell.text = title
    for text, pilot, due in (
        (
            "Ouvrir une antenne de la mission locale au cœur de la Devèze.",
            "Mission locale",
            "2025",
        ),
        (
            "Financer 40 permis de conduire par an pour les demandeurs d'emploi.",
            "Agglomération",
            "2026",
        ),
        (
            "Rénover les façades de 30 immeubles du centre historique.",
            "Ville",
            "2028",
        ),
        ("Créer un centre de santé aux Arènes.", "Ville, ARS", "2027"),
        (
            "Organiser un forum de l'emploi chaque année dans chaque quartier.",
            "France Travail",
            "2025",
        ),
    ):
        row = table.add_row().cells
        row[0].text = text
        row[0].paragraphs[0]._p.get_or_add_pPr().append(_num_pr(230))
        row[1].text = pilot
        row[2].text = due
    doc.add_heading("Annexes", level=2)
    _item(doc, "Cartes des quartiers prioritaires.", 232)
    _item(doc, "Tableau des financements.", 232)
    return doc


def schema_regional_word() -> DocxDocument:
    """A three-level Word list: orientations "1." and objectives "1.1." are titles, actions
    "1.1.1." the items; one action has a second, unnumbered paragraph."""
    doc = _new_docx("Schéma régional de l'économie circulaire")
    _numbering(
        doc,
        {240: [("decimal", "%1."), ("decimal", "%1.%2."), ("decimal", "%1.%2.%3.")]},
        {240: (240, False)},
    )
    doc.add_heading("Schéma régional de l'économie circulaire des Hauts-de-France", level=1)
    doc.add_paragraph(
        "Le schéma fixe les actions de la Région et de ses partenaires jusqu'en 2031. La "
        "région produit chaque année 3,2 millions de tonnes de déchets ménagers et assimilés."
    )
    doc.add_heading("Le plan d'actions", level=2)
    _item(doc, "Réduire les déchets", 240, 0)
    _item(doc, "Prévenir les déchets des ménages", 240, 1)
    _item(
        doc,
        "Généraliser la tarification incitative dans les intercommunalités de plus de "
        "50 000 habitants d'ici 2029.",
        240,
        2,
    )
    _item(
        doc,
        "Soutenir l'ouverture de 40 ressourceries, une par bassin de vie.",
        240,
        2,
    )
    paragraph = doc.add_paragraph(
        "La Région financera l'investissement à hauteur de 40 %, dans la limite de 150 000 "
        "euros par ressourcerie."
    )
    paragraph.paragraph_format.left_indent = 457200  # the items' indentation, in EMU
    _item(doc, "Réduire les déchets des entreprises", 240, 1)
    _item(
        doc,
        "Accompagner 300 PME dans un diagnostic de leurs flux de matières.",
        240,
        2,
    )
    _item(doc, "Valoriser les ressources", 240, 0)
    _item(doc, "Développer le réemploi dans le bâtiment", 240, 1)
    _item(
        doc,
        "Créer trois plateformes de réemploi des matériaux de déconstruction.",
        240,
        2,
    )
    _item(
        doc,
        "Imposer une part de matériaux de réemploi dans les lycées construits par la Région.",
        240,
        2,
    )
    _item(doc, "Recycler les biodéchets", 240, 1)
    _item(
        doc,
        "Aider les communes à installer des composteurs de quartier.",
        240,
        2,
    )
    _item(
        doc,
        "Financer deux unités de méthanisation des biodéchets des cantines.",
        240,
        2,
    )
    doc.add_paragraph("Le schéma sera révisé en 2031.")
    return doc


# ---------------------------------------------------------------- ODT


def plan_biodiversite_odt() -> bytes:
    """A new list under each unnumbered heading with ``num-suffix=")"`` (numbers restart), a
    lettered sub-level ``a.`` inside an item, a bullet list (not items)."""
    automatic = _list_style(
        "L1",
        [{"num-format": "1", "num-suffix": ")"}, {"num-format": "a", "num-suffix": "."}],
    ) + _list_style("L2", [{"bullet-char": "–"}])
    body = (
        _h("Plan communal pour la biodiversité de Villeurbanne 2026-2032", 1)
        + _p(
            "L'atlas de la biodiversité communale, achevé en 2024, a recensé 412 espèces "
            "végétales et 96 espèces d'oiseaux sur la commune."
        )
        + _p("Les partenaires du plan :")
        + _items("L2", ["la Ligue pour la protection des oiseaux ;", "la Métropole de Lyon."])
        + _h("Des sols vivants", 2)
        + _items(
            "L1",
            [
                "Désimperméabiliser 10 hectares de cours d'école, de parkings et de trottoirs.",
                (
                    "Renoncer aux pesticides dans tous les espaces de la commune :",
                    ["dans les cimetières dès 2026 ;", "sur les terrains de sport en 2027."],
                ),
            ],
        )
        + _h("Une trame verte et bleue", 2)
        + _items(
            "L1",
            [
                "Planter 5 000 arbres d'essences locales le long des avenues.",
                "Rouvrir à l'air libre le ruisseau de la Rize sur 300 mètres.",
                "Créer des passages à faune sous les voies du boulevard périphérique.",
            ],
        )
        + _h("Connaître et faire connaître", 2)
        + _items(
            "L1",
            [
                "Lancer un programme de sciences participatives avec les écoles.",
                "Mettre à jour l'atlas de la biodiversité tous les cinq ans.",
            ],
        )
        + _p("Le plan est doté de 6 millions d'euros.")
    )
    return _odt_bytes("Plan communal pour la biodiversité", "", automatic, body, _DESCRIPTION)


def strategie_culture_odt() -> bytes:
    """A named list style in styles.xml with prefixes: level 1 "Orientation 1 :" (titles),
    level 2 "Mesure 1.2 –" (``display-levels="2"``, the items)."""
    styles = _list_style(
        "Plan_20_culture",
        [
            {"num-format": "1", "num-prefix": "Orientation ", "num-suffix": " :"},
            {
                "num-format": "1",
                "num-prefix": "Mesure ",
                "num-suffix": " –",
                "display-levels": "2",
            },
        ],
    )
    entries = [
        (
            "Rendre la culture accessible dans tout le département",
            [
                "Faire circuler chaque année une exposition du musée départemental dans "
                "dix communes rurales.",
                "Créer un bibliobus pour les communes sans bibliothèque.",
                "Rembourser aux collégiens boursiers la moitié de leurs places de spectacle.",
            ],
        ),
        (
            "Soutenir les artistes et les lieux",
            [
                "Doubler l'aide aux résidences d'artistes dans les établissements scolaires.",
                "Aider les petites salles de musiques actuelles à mettre aux normes leur "
                "isolation phonique.",
            ],
        ),
        (
            "Préserver le patrimoine",
            [
                "Consacrer un million d'euros par an à la restauration des églises rurales "
                "non protégées.",
                "Numériser et mettre en ligne les archives notariales antérieures à 1800.",
            ],
        ),
    ]
    body = (
        _h("Stratégie culturelle du Département du Gers 2025-2030", 1)
        + _p(
            "Votée le 27 juin 2025, la stratégie s'appuie sur la concertation menée avec 210 "
            "acteurs culturels. Elle compte trois orientations et sept mesures."
        )
        + _items("Plan_20_culture", entries)
        + _p("Le budget culturel du Département est maintenu à 9,8 millions d'euros.")
    )
    return _odt_bytes("Stratégie culturelle du Gers", styles, "", body, _DESCRIPTION)


def avis_cese_odt() -> bytes:
    """Upper-case letters with a parenthesis "A)" continued after a paragraph
    (``continue-numbering``), lower roman "i." requests, a numbered list of hearings (not
    items)."""
    automatic = (
        _list_style("L1", [{"num-format": "A", "num-suffix": ")"}])
        + _list_style("L2", [{"num-format": "i", "num-suffix": "."}])
        + _list_style("L3", [{"num-format": "1", "num-suffix": "."}])
    )
    body = (
        _h("Avis du Conseil économique, social et environnemental", 1)
        + _p("L'engagement bénévole : un pilier à consolider. Avis adopté le 10 décembre 2024.")
        + _h("Auditions", 2)
        + _p("La commission a entendu :")
        + _items(
            "L3",
            [
                "Mme Nadia Ferhat, présidente du Mouvement associatif, le 3 septembre 2024 ;",
                "M. Louis Germain, directeur de l'Injep, le 17 septembre 2024 ;",
                "les représentants de France Bénévolat, le 1er octobre 2024.",
            ],
        )
        + _h("Préconisations", 2)
        + _items(
            "L1",
            [
                "Créer un congé d'engagement associatif de six jours par an, rémunéré, pour "
                "les responsables bénévoles.",
                "Valider les compétences acquises dans le bénévolat au titre de la "
                "validation des acquis de l'expérience.",
                "Simplifier les demandes de subventions avec un dossier unique pour l'État "
                "et les collectivités.",
            ],
        )
        + _p(
            "Le CESE constate que le nombre de bénévoles de plus de 65 ans a baissé de 12 % "
            "depuis 2019. Il préconise en conséquence :"
        )
        + _items(
            "L1",
            [
                "Développer les missions courtes, d'une journée ou d'un week-end, pour attirer "
                "les actifs.",
                "Étendre le compte d'engagement citoyen aux bénévoles de toutes les "
                "associations déclarées depuis un an.",
            ],
            ' text:continue-numbering="true"',
        )
        + _h("Demandes au Gouvernement", 2)
        + _items(
            "L2",
            [
                "Publier un rapport annuel sur les moyens consacrés à la vie associative.",
                "Réunir chaque année une conférence nationale de la vie associative.",
                "Maintenir le fonds pour le développement de la vie associative à son niveau "
                "de 2024.",
            ],
        )
    )
    return _odt_bytes("Avis du CESE sur l'engagement bénévole", "", automatic, body, _DESCRIPTION)


# ---------------------------------------------------------------- PDF


def _label_block(pdf: FPDF, label: str, text: str) -> None:
    """A bold label on its own line above its text."""
    _para(pdf, label, "B", 11, 1)
    _para(pdf, text)


def rapport_chambre_comptes_pdf() -> bytes:
    """A table of contents with dot leaders, numbered section titles, bold labels
    "Recommandation n° 1" on their own line above the text, one text broken across a page."""
    pdf = _pdf("Chambre régionale des comptes Bourgogne-Franche-Comté – Ville de Dole")
    pdf.add_page()
    _para(pdf, "Rapport d'observations définitives", "B", 16)
    _para(pdf, "Commune de Dole (Jura) – Exercices 2019 et suivants", "", 12, 8)
    _para(pdf, "Sommaire", "B", 12)
    for entry, page in (
        ("1. La situation financière", 2),
        ("2. La gestion du personnel", 2),
        ("3. La commande publique", 3),
        ("Liste des recommandations", 3),
    ):
        pdf.set_font("Helvetica", size=11)
        pdf.cell(150, 6, entry + " " + "." * (60 - len(entry)))
        pdf.cell(0, 6, str(page), align="R")
        pdf.ln(6)
    pdf.add_page()
    _para(pdf, "1. La situation financière", "B", 13)
    _para(
        pdf,
        "La capacité d'autofinancement brute de la commune a reculé de 7,1 millions d'euros en "
        "2019 à 4,3 millions d'euros en 2023, sous l'effet de la hausse des dépenses "
        "d'énergie et de personnel. L'encours de la dette atteint 38 millions d'euros, soit "
        "neuf années de capacité d'autofinancement.",
    )
    _label_block(
        pdf,
        "Recommandation n° 1",
        "Adopter un plan pluriannuel d'investissement chiffré, assorti d'une prospective "
        "financière actualisée chaque année lors du débat d'orientation budgétaire.",
    )
    _label_block(
        pdf,
        "Recommandation n° 2",
        "Fixer un objectif de désendettement permettant de ramener la capacité de "
        "désendettement sous sept années d'ici 2028.",
    )
    _para(pdf, "2. La gestion du personnel", "B", 13)
    _para(
        pdf,
        "La durée annuelle du travail des agents est de 1 547 heures, en deçà de la durée "
        "légale de 1 607 heures, en raison de jours de congés extra-légaux accordés depuis "
        "1998. Le taux d'absentéisme atteint 11 %.",
    )
    _label_block(
        pdf,
        "Recommandation n° 3",
        "Appliquer la durée légale du travail de 1 607 heures à l'ensemble des agents, en "
        "supprimant les jours de congés extra-légaux.",
    )
    # leaves room for two lines of recommendation 4 (5.5 mm each) above the bottom margin
    # (22 mm of 297), so that its text runs over the page break
    pdf.ln(297 - 22 - pdf.get_y() - 19)
    _label_block(
        pdf,
        "Recommandation n° 4",
        "Mettre en place un plan de prévention de l'absentéisme, comprenant un suivi "
        "trimestriel des arrêts par service, des entretiens de retour après les absences de "
        "longue durée et un programme d'aménagement des postes de travail des agents des "
        "services techniques, qui concentrent la moitié des jours d'absence.",
    )
    _para(pdf, "3. La commande publique", "B", 13)
    _para(
        pdf,
        "La commune ne dispose pas d'un guide interne de la commande publique. Plusieurs "
        "achats récurrents dépassent les seuils sans mise en concurrence.",
    )
    _label_block(
        pdf,
        "Recommandation n° 5",
        "Rédiger un guide interne de la commande publique et recenser les besoins récurrents "
        "de fournitures chaque année.",
    )
    _para(pdf, "Liste des recommandations", "B", 13)
    for k, short in enumerate(
        (
            "Plan pluriannuel d'investissement.",
            "Objectif de désendettement.",
            "Durée légale du travail.",
            "Prévention de l'absentéisme.",
            "Guide de la commande publique.",
        ),
        start=1,
    ):
        _para(pdf, f"{k}. {short}", gap=1)
    return bytes(pdf.output())


def plan_eau_pdf() -> bytes:
    """Numbers in the left margin (the number at 20 mm, its text indented at 32 mm), lists
    restarting under unnumbered headings."""
    pdf = _pdf("SAGE de la Sèvre niortaise – Plan d'actions 2026-2031")
    pdf.add_page()
    _para(pdf, "Schéma d'aménagement et de gestion des eaux de la Sèvre niortaise", "B", 14)
    _para(
        pdf,
        "Plan d'actions adopté par la commission locale de l'eau le 6 novembre 2025. Le "
        "bassin compte 640 000 habitants ; 40 % des masses d'eau sont en bon état écologique.",
        gap=6,
    )
    sections = (
        (
            "Économiser l'eau",
            (
                "Équiper de compteurs individuels tous les forages agricoles déclarés avant "
                "fin 2027.",
                "Aider les communes à réduire les fuites des réseaux d'eau potable pour "
                "atteindre un rendement de 85 %.",
                "Distribuer des kits hydro-économes aux ménages du bassin.",
            ),
        ),
        (
            "Restaurer les rivières et les zones humides",
            (
                "Supprimer ou aménager 45 seuils qui font obstacle à la circulation des "
                "poissons migrateurs.",
                "Acquérir 300 hectares de prairies humides dans le Marais poitevin.",
            ),
        ),
        (
            "Partager l'eau",
            (
                "Réviser chaque année les volumes prélevables par sous-bassin avec les usagers.",
                "Créer un observatoire des prélèvements ouvert au public.",
                "Réserver en période de crise l'eau potable aux usages prioritaires.",
            ),
        ),
    )
    for title, items in sections:
        _para(pdf, title, "B", 12)
        for k, text in enumerate(items, start=1):
            pdf.set_font("Helvetica", "B", 11)
            top = pdf.get_y()
            pdf.set_xy(20, top)
            pdf.cell(10, 5.5, str(k))
            pdf.set_xy(32, top)
            pdf.set_font("Helvetica", size=11)
            pdf.multi_cell(0, 5.5, text)
            pdf.ln(2)
        pdf.ln(3)
    _para(
        pdf,
        "Le coût du plan est estimé à 58 millions d'euros, financés à 50 % par l'agence de "
        "l'eau Loire-Bretagne.",
    )
    return bytes(pdf.output())


def plan_mer_pdf() -> bytes:
    """ "Mesure 12." labels numbered from 12 (the plan's second volume), one with dash
    sub-bullets broken across a page, footnote numbers (not items)."""
    pdf = _pdf("Plan régional pour la mer et le littoral – tome 2")
    pdf.add_page()
    _para(pdf, "Plan régional pour la mer et le littoral", "B", 15)
    _para(pdf, "Tome 2 – Les mesures pour les activités maritimes", "", 12, 8)
    _para(
        pdf,
        "Le tome 1 présente les mesures 1 à 11 consacrées à la protection du littoral. Le "
        "présent tome regroupe les mesures 12 à 17, adoptées par l'assemblée régionale de "
        "Normandie le 26 mars 2025. La pêche emploie 2 400 marins en Normandie¹.",
        gap=6,
    )
    filler = (
        "Les ports de pêche normands ont débarqué 98 000 tonnes de produits de la mer en 2023. "
        "La flotte vieillit : l'âge moyen des navires dépasse 30 ans. Les entreprises de "
        "cultures marines, qui produisent un quart des huîtres françaises, subissent les "
        "épisodes de pollution bactérienne des eaux après les fortes pluies."
    )
    _para(pdf, "Pêche et cultures marines", "B", 13)
    _para(pdf, filler)
    _para(pdf, filler.replace("2023", "2024").replace("98 000", "91 000"))
    _para(
        pdf,
        "Mesure 12. Aider le renouvellement de 20 navires de pêche artisanale par une "
        "avance remboursable de la Région couvrant 30 % du coût.",
    )
    _para(
        pdf,
        "Mesure 13. Financer la modernisation des criées de Port-en-Bessin et de Cherbourg.",
    )
    # leaves 15 mm above the bottom margin (22 mm of 297): the label line and the first dash
    # line fit, the other two run onto the next page under its running header
    pdf.ln(297 - 22 - pdf.get_y() - 15)
    _para(
        pdf,
        "Mesure 14. Protéger les zones conchylicoles des pollutions bactériennes, par :",
        gap=1,
    )
    for text in (
        "– un diagnostic des réseaux d'assainissement des communes situées en amont ;",
        "– une aide aux travaux de mise en conformité des branchements ;",
        "– une alerte des professionnels par SMS en cas de débordement des stations d'épuration.",
    ):
        pdf.set_x(28)
        pdf.multi_cell(0, 5.5, text)
    pdf.ln(3)
    _para(pdf, "Énergies marines et ports", "B", 13)
    _para(
        pdf,
        "Mesure 15. Former 500 techniciens à la maintenance des éoliennes en mer dans les "
        "lycées maritimes et les centres de formation d'apprentis.",
    )
    _para(
        pdf,
        "Mesure 16. Électrifier les quais des ports de Caen-Ouistreham et de Dieppe pour "
        "les navires à passagers.",
    )
    _para(
        pdf,
        "Mesure 17. Créer un guichet unique pour les entreprises qui s'installent dans les "
        "zones portuaires.",
    )
    pdf.ln(4)
    _para(pdf, "¹ Source : observatoire régional des pêches, 2024.", size=8)
    _para(pdf, "² Les montants sont exprimés hors taxes.", size=8)
    return bytes(pdf.output())


BUILDERS: dict[str, Callable[[], bytes]] = {
    "plan-handicap-word.docx": lambda: reproducible_bytes(plan_handicap_word()),
    "rapport-mission-tiers-lieux-word.docx": lambda: reproducible_bytes(rapport_mission_word()),
    "contrat-ville-word.docx": lambda: reproducible_bytes(contrat_ville_word()),
    "schema-economie-circulaire-word.docx": lambda: reproducible_bytes(schema_regional_word()),
    "plan-biodiversite-odt.odt": plan_biodiversite_odt,
    "strategie-culture-odt.odt": strategie_culture_odt,
    "avis-cese-benevolat-odt.odt": avis_cese_odt,
    "rapport-chambre-comptes-pdf.pdf": rapport_chambre_comptes_pdf,
    "plan-eau-marge-pdf.pdf": plan_eau_pdf,
    "plan-mer-littoral-pdf.pdf": plan_mer_pdf,
}


def main(argv: list[str] | None = None) -> None:
    write_documents(BUILDERS, DEFAULT_OUTPUT, __doc__, "the blind5 set", argv)


if __name__ == "__main__":
    main()
