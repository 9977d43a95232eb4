"""Build the DOCX, ODT and PDF documents of ``tests/data/numbered_blind4/`` (blind set P22).

Fictitious French plans, opinions, contracts and reports written for textmine's fourth blind set
of numbered layouts (bench/RESULTS.md P22), by someone who had not read the detection rules nor
the earlier sets. DOCX and ODT numbers are the word processor's automatic numbering (Word
``w:numPr`` through ``numbering.xml`` or a paragraph style; ODF list styles with prefixes,
suffixes and ``display-levels``), never text; PDF numbers are text laid out on pages with
running headers and page numbers. The gold items are in ``NAME.gold.csv`` beside each file,
written by hand with the documents, before any detection ran on them. The output is
byte-for-byte reproducible (fixed dates, fixed zip order).

Reuses the DOCX/ODF helpers of ``bench.make_numbered_blind2``; needs python-docx and fpdf2:

    python -m bench.make_numbered_blind4 [output_folder]
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
    write_documents,
)
from bench.make_numbered_blind2 import _pdf as _blind2_pdf

DEFAULT_OUTPUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "numbered_blind4"
_DESCRIPTION = "Document fictif rédigé pour le quatrième jeu aveugle de textmine (P22)."


def _docx(title: str) -> DocxDocument:
    return _new_docx(title, _DESCRIPTION)


# ---------------------------------------------------------------- DOCX


def plan_handicap_word() -> DocxDocument:
    """Three-level Word numbering with words: "Axe %1 –" and "Objectif %1.%2 –" (titles),
    "Action %1.%2.%3 :" (the items); a Word bullet list (not items)."""
    doc = _docx("Schéma départemental de l'autonomie du Gers – volet handicap")
    _numbering(
        doc,
        {
            210: [
                ("decimal", "Axe %1 –"),
                ("decimal", "Objectif %1.%2 –"),
                ("decimal", "Action %1.%2.%3 :"),
            ],
            211: [("bullet", "•")],
        },
        {210: (210, False), 211: (211, False)},
    )
    doc.add_heading("Schéma départemental de l'autonomie 2026-2030 : volet handicap", level=1)
    doc.add_paragraph(
        "Le schéma a été adopté par l'assemblée départementale du Gers le 27 mars 2026. Il "
        "s'appuie sur le diagnostic partagé avec la maison départementale des personnes "
        "handicapées et sur les contributions reçues :"
    )
    _item(doc, "du conseil départemental de la citoyenneté et de l'autonomie ;", 211)
    _item(doc, "des associations gestionnaires d'établissements ;", 211)
    _item(doc, "de 312 personnes ayant répondu au questionnaire en ligne.", 211)
    doc.add_heading("Le programme d'actions", level=2)
    _item(doc, "Mieux accompagner les parcours", 210, 0)
    _item(doc, "Simplifier les démarches", 210, 1)
    _item(
        doc,
        "Réduire à trois mois le délai moyen de traitement des demandes déposées à la maison "
        "départementale des personnes handicapées.",
        210,
        2,
    )
    _item(
        doc,
        "Ouvrir un accueil de la maison départementale dans chacune des cinq maisons France "
        "services du département.",
        210,
        2,
    )
    _item(doc, "Éviter les ruptures de parcours", 210, 1)
    _item(
        doc,
        "Désigner un coordinateur de parcours pour chaque jeune adulte maintenu en "
        "établissement pour enfants au-delà de vingt ans.",
        210,
        2,
    )
    _item(doc, "Vivre dans la cité", 210, 0)
    _item(doc, "Se loger", 210, 1)
    _item(
        doc,
        "Financer trois projets d'habitat inclusif par an, d'au moins six logements chacun.",
        210,
        2,
    )
    _item(
        doc,
        "Adapter 40 logements sociaux par an avec l'office public de l'habitat du Gers.",
        210,
        2,
    )
    _item(doc, "Travailler", 210, 1)
    _item(
        doc,
        "Créer un service d'emploi accompagné commun aux établissements et services d'aide "
        "par le travail du département.",
        210,
        2,
    )
    _item(
        doc,
        "Porter à 6 % la part de travailleurs handicapés parmi les agents du département "
        "d'ici 2030.",
        210,
        2,
    )
    doc.add_paragraph(
        "Le coût du schéma est estimé à 4,3 millions d'euros sur cinq ans. Un bilan à "
        "mi-parcours sera présenté en 2028."
    )
    return doc


def feuille_route_tourisme_word() -> DocxDocument:
    """One Word list restarted under each of three Heading 2 (a ``w:num`` per heading with a
    ``startOverride``); an item followed by an indented paragraph of its own; a past-events
    numbered list under another Heading 1 (not items)."""
    doc = _docx("Feuille de route du tourisme durable du Parc naturel régional du Vercors")
    _numbering(
        doc,
        {220: [("decimal", "%1.")], 221: [("decimal", "%1.")]},
        {
            220: (221, False),
            221: (220, True),
            222: (220, True),
            223: (220, True),
        },
    )
    doc.add_heading("Feuille de route du tourisme durable 2026-2030", level=1)
    doc.add_paragraph(
        "Parc naturel régional du Vercors. Document approuvé par le comité syndical le "
        "15 janvier 2026."
    )
    doc.add_heading("Ce que nous avons fait depuis 2020", level=1)
    _item(doc, "La navette estivale vers les sites de Vassieux et de la Molière, en 2021.", 220)
    _item(doc, "Le label « Valeurs Parc » attribué à 64 hébergeurs.", 220)
    _item(doc, "Les comptages de fréquentation sur douze sentiers, depuis 2022.", 220)
    doc.add_heading("Nos actions pour 2026-2030", level=1)
    doc.add_heading("Mieux répartir la fréquentation", level=2)
    _item(
        doc,
        "Installer des compteurs connectés sur les vingt sites les plus fréquentés et "
        "publier leur affluence en temps réel.",
        221,
    )
    _item(
        doc,
        "Rendre payant le stationnement des parkings de départ de randonnée les week-ends "
        "d'été, au profit de l'entretien des sentiers.",
        221,
    )
    doc.add_paragraph(
        "Les habitants du Parc et les titulaires de la carte de covoiturage en seront exemptés.",
        style="List Paragraph",
    )
    _item(doc, "Promouvoir les sites moins connus du sud du massif.", 221)
    doc.add_heading("Venir sans voiture", level=2)
    _item(
        doc,
        "Prolonger la navette estivale jusqu'à la gare de Die, avec des horaires adaptés aux "
        "trains.",
        222,
    )
    _item(doc, "Offrir une réduction de 20 % aux visiteurs qui arrivent en train ou en car.", 222)
    _item(
        doc,
        "Équiper les hébergeurs labellisés de bornes de recharge pour vélos électriques.",
        222,
    )
    doc.add_heading("Accompagner les professionnels", level=2)
    _item(
        doc,
        "Former chaque année trente accompagnateurs en montagne à la connaissance de la "
        "faune sauvage.",
        223,
    )
    _item(
        doc,
        "Aider les stations de moyenne montagne à diversifier leurs activités hors neige.",
        223,
    )
    doc.add_paragraph("La feuille de route sera révisée en 2028.")
    return doc


def avis_conseil_economique_word() -> DocxDocument:
    """Upper-letter recommendations "A." through a paragraph style, with lower-roman
    sub-items "i." at the list's second level; lower-letter requests "a)"; a table of contents
    with tabs and page numbers; a decimal list of the commission's members (not items)."""
    doc = _docx("Avis du conseil de développement de la Métropole de Lyon sur l'économie")
    _numbering(
        doc,
        {
            230: [("upperLetter", "%1."), ("lowerRoman", "%2.")],
            231: [("lowerLetter", "%1)")],
            232: [("decimal", "%1.")],
        },
        {230: (230, False), 231: (231, False), 232: (232, False)},
    )
    style = doc.styles.add_style("Préconisation", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.element.get_or_add_pPr().append(_num_pr(230))
    doc.add_heading("L'économie de proximité dans la Métropole de Lyon", level=1)
    doc.add_paragraph("Avis du conseil de développement – séance du 11 décembre 2025")
    doc.add_paragraph("Table des matières")
    for entry, page in (
        ("Introduction", 2),
        ("Nos préconisations", 3),
        ("Nos demandes à l'État", 5),
        ("Composition du groupe de travail", 6),
    ):
        doc.add_paragraph(f"{entry}\t{page}")
    doc.add_heading("Introduction", level=2)
    doc.add_paragraph(
        "La Métropole a saisi le conseil le 2 juin 2025. Le groupe de travail a visité sept "
        "marchés et rencontré 35 commerçants et artisans."
    )
    doc.add_heading("Nos préconisations", level=2)
    doc.add_paragraph(
        "Créer une foncière métropolitaine qui achète des locaux commerciaux vacants en "
        "rez-de-chaussée pour les louer à des loyers modérés.",
        style="Préconisation",
    )
    doc.add_paragraph("Soutenir la reprise des commerces de proximité par :", style="Préconisation")
    _item(doc, "un prêt d'honneur à taux zéro pour les repreneurs ;", 230, 1)
    _item(doc, "un parrainage par un commerçant retraité.", 230, 1)
    doc.add_paragraph(
        "Ouvrir les marchés forains aux producteurs du territoire en leur réservant un tiers "
        "des emplacements.",
        style="Préconisation",
    )
    doc.add_paragraph(
        "Généraliser la livraison du dernier kilomètre en vélo-cargo pour les commerçants "
        "des quartiers piétons.",
        style="Préconisation",
    )
    doc.add_paragraph(
        "Associer les unions commerciales à la programmation des travaux de voirie.",
        style="Préconisation",
    )
    doc.add_heading("Nos demandes à l'État", level=2)
    _item(
        doc,
        "Permettre aux collectivités de moduler la taxe sur les friches commerciales selon la "
        "durée de vacance.",
        231,
    )
    _item(
        doc,
        "Prolonger le dispositif des petites villes de demain au-delà de 2026.",
        231,
    )
    _item(
        doc,
        "Publier les données des bases fiscales sur la vacance commerciale par commune.",
        231,
    )
    doc.add_heading("Composition du groupe de travail", level=2)
    _item(doc, "Mme Laure Vidal, co-présidente, collège des habitants.", 232)
    _item(doc, "M. Karim Haddad, co-président, collège des acteurs économiques.", 232)
    _item(doc, "Mme Odile Fournier, collège des associations.", 232)
    return doc


def cper_word() -> DocxDocument:
    """A Word table whose first column numbers the operations; "%1°" numbering for the
    commitments (the legal style); a decimal list of signatories (not items)."""
    doc = _docx("Contrat de plan État-région Bourgogne-Franche-Comté 2021-2027 – avenant")
    _numbering(
        doc,
        {240: [("decimal", "%1°")], 241: [("decimal", "%1.")]},
        {240: (240, False), 241: (241, False)},
    )
    doc.add_heading(
        "Avenant n° 2 au contrat de plan État-région Bourgogne-Franche-Comté 2021-2027", level=1
    )
    doc.add_paragraph(
        "Entre l'État, représenté par le préfet de la région Bourgogne-Franche-Comté, et la "
        "région Bourgogne-Franche-Comté, représentée par la présidente du conseil régional, "
        "il est convenu ce qui suit."
    )
    doc.add_heading("Volet mobilités : opérations inscrites", level=2)
    doc.add_paragraph(
        "Le tableau ci-dessous remplace le tableau du volet mobilités du contrat initial. "
        "Les montants sont en millions d'euros."
    )
    rows = [
        ("N°", "Opération", "État", "Région"),
        ("1", "Modernisation de la ligne Dijon – Is-sur-Tille pour le fret", "18,0", "12,0"),
        ("2", "Création d'un pôle d'échanges multimodal en gare de Besançon-Viotte", "6,5", "6,5"),
        ("3", "Doublement de la RN 57 entre Vesoul et Port-d'Atelier", "42,0", "10,5"),
        ("4", "Aménagement de la véloroute de la vallée de l'Ognon", "2,4", "3,6"),
        (
            "5",
            "Études de la réouverture de la ligne Besançon – Le Locle aux voyageurs",
            "1,2",
            "1,2",
        ),
        ("6", "Mise en accessibilité de douze gares du réseau régional", "9,0", "9,0"),
    ]
    table = doc.add_table(rows=len(rows), cols=4)
    table.style = "Table Grid"
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    doc.add_heading("Engagements des parties", level=2)
    doc.add_paragraph("Pour la durée du contrat, l'État s'engage :")
    _item(
        doc,
        "à mettre en place les crédits de paiement des opérations 1 à 3 avant la fin de "
        "l'exercice 2026 ;",
        240,
    )
    _item(
        doc,
        "à réunir le comité de suivi du volet mobilités au moins deux fois par an ;",
        240,
    )
    _item(
        doc,
        "à associer les départements concernés à la définition des études de l'opération 5 ;",
        240,
    )
    _item(
        doc,
        "à publier chaque année l'état d'avancement des opérations sur le site de la "
        "préfecture de région.",
        240,
    )
    doc.add_paragraph("Fait à Besançon, le 14 octobre 2025, en deux exemplaires. Signataires :")
    _item(doc, "le préfet de la région Bourgogne-Franche-Comté ;", 241)
    _item(doc, "la présidente du conseil régional de Bourgogne-Franche-Comté.", 241)
    return doc


# ---------------------------------------------------------------- ODT


def plan_sobriete_odt() -> bytes:
    """A list style with a word prefix ("Mesure 1 –"), a second list that continues the
    numbering under the next heading; lettered items "a."; a past-events list "1)" and a
    bullet list (not items)."""
    automatic = (
        _list_style("L1", [{"num-format": "1", "num-prefix": "Mesure ", "num-suffix": " –"}])
        + _list_style("L2", [{"num-format": "a", "num-suffix": "."}])
        + _list_style("L3", [{"num-format": "1", "num-suffix": ")"}])
        + _list_style("L4", [{"bullet-char": "–"}])
    )
    body = (
        _h("Plan de sobriété énergétique de la communauté d'agglomération du Grand Dole", 1)
        + _p(
            "Adopté par le conseil communautaire le 5 novembre 2025. Le plan vise une baisse "
            "de 15 % des consommations d'énergie du patrimoine intercommunal d'ici 2028."
        )
        + _h("Ce qui a déjà été fait", 2)
        + _items(
            "L3",
            [
                "Extinction de l'éclairage des zones d'activités de 23 heures à 5 heures, "
                "depuis octobre 2022.",
                "Abaissement à 19 degrés de la température des bureaux en 2023.",
            ],
        )
        + _h("Bâtiments", 2)
        + _items(
            "L1",
            [
                "Installer une gestion technique centralisée du chauffage dans les douze "
                "bâtiments les plus consommateurs.",
                "Raccorder la piscine des Paters au réseau de chaleur urbain.",
                "Nommer un référent énergie dans chaque équipement, formé par le service "
                "développement durable.",
            ],
        )
        + _h("Éclairage public", 2)
        + _p("L'éclairage public représente 38 % de la facture d'électricité.")
        + _items(
            "L1",
            [
                "Remplacer 2 400 points lumineux par des lampes à diodes d'ici 2027.",
                "Éteindre l'éclairage public de minuit à 5 heures dans toutes les communes "
                "qui le souhaitent.",
            ],
            ' text:continue-numbering="true"',
        )
        + _h("Recommandations aux communes membres", 2)
        + _items(
            "L2",
            [
                "Désigner un élu chargé de la sobriété énergétique.",
                "Mutualiser l'achat d'électricité avec le syndicat départemental d'énergie.",
                "Fermer les salles communales peu utilisées pendant les mois d'hiver.",
            ],
        )
        + _p("Nos partenaires :")
        + _items("L4", ["le syndicat départemental d'énergie du Jura ;", "l'ADEME."])
    )
    return _odt_bytes("Plan de sobriété du Grand Dole", "", automatic, body, _DESCRIPTION)


def schema_mobilite_odt() -> bytes:
    """A named list style in styles.xml: level 1 upper roman "I." (orientations, titles),
    level 2 ``display-levels="2"`` ("I.1."); an item of two paragraphs; the list continued
    after a paragraph; a decimal list of annexed documents (not items)."""
    styles = _list_style(
        "Plan_20_mobilite",
        [
            {"num-format": "I", "num-suffix": "."},
            {"num-format": "1", "num-suffix": ".", "display-levels": "2"},
        ],
    ) + _list_style("Annexes", [{"num-format": "1", "num-suffix": "."}])
    first = [
        (
            "Développer les transports collectifs",
            [
                "Cadencer à la demi-heure la ligne de car express entre Auch et Toulouse aux "
                "heures de pointe.",
                "Créer un service de transport à la demande dans les quatre communautés de "
                "communes qui n'en ont pas.",
            ],
        ),
    ]
    second = [
        (
            "Favoriser les mobilités actives",
            [
                "Réaliser 60 kilomètres d'aménagements cyclables le long des routes "
                "départementales les plus fréquentées.",
                "Aider l'achat de vélos à assistance électrique par une prime de 300 euros.",
            ],
        ),
    ]
    third_items = (
        "<text:list-item>"
        + _p("Partager la voiture", "List_20_Paragraph")
        + '<text:list text:style-name="Plan_20_mobilite">'
        + "<text:list-item>"
        + _p(
            "Aménager quinze aires de covoiturage près des échangeurs de la route nationale 21.",
            "List_20_Paragraph",
        )
        + "</text:list-item><text:list-item>"
        + _p(
            "Lancer une plateforme de covoiturage domicile-travail avec les employeurs de "
            "plus de cinquante salariés.",
            "List_20_Paragraph",
        )
        + _p(
            "Les trajets réalisés par son intermédiaire seront indemnisés deux euros par passager.",
            "List_20_Paragraph",
        )
        + "</text:list-item><text:list-item>"
        + _p("Réserver une voie au covoiturage sur la rocade d'Auch.", "List_20_Paragraph")
        + "</text:list-item></text:list></text:list-item>"
    )
    body = (
        _h("Schéma départemental des mobilités du Gers 2026-2032", 1)
        + _p(
            "Le schéma a été élaboré avec la région Occitanie, autorité organisatrice des "
            "transports régionaux, et les communautés de communes. Il compte trois "
            "orientations."
        )
        + _items("Plan_20_mobilite", first)
        + _p("En 2024, 82 % des déplacements domicile-travail des Gersois se faisaient en voiture.")
        + _items("Plan_20_mobilite", second, ' text:continue-numbering="true"')
        + '<text:list text:style-name="Plan_20_mobilite" text:continue-numbering="true">'
        + third_items
        + "</text:list>"
        + _h("Documents annexés", 2)
        + _items(
            "Annexes",
            [
                "Enquête ménages-déplacements de 2023.",
                "Carte des lignes régulières et scolaires.",
            ],
        )
    )
    return _odt_bytes("Schéma départemental des mobilités", styles, "", body, _DESCRIPTION)


def propositions_jeunes_odt() -> bytes:
    """A new list under each of three level-3 headings (numbers restart, format "1)"), with a
    lettered sub-level "a." inside an item; a lower-roman list of past meetings under a
    level-1 heading and a bullet list (not items)."""
    automatic = (
        _list_style(
            "L1",
            [{"num-format": "1", "num-suffix": ")"}, {"num-format": "a", "num-suffix": "."}],
        )
        + _list_style("L2", [{"num-format": "i", "num-suffix": "."}])
        + _list_style("L3", [{"bullet-char": "•"}])
    )
    body = (
        _h("Les propositions du conseil départemental des jeunes de la Mayenne", 1)
        + _p(
            "Le conseil réunit 42 collégiens élus pour deux ans. Ses propositions ont été "
            "votées en séance plénière le 7 juin 2025 et remises au président du département."
        )
        + _p("Ont travaillé avec nous :")
        + _items("L3", ["le service jeunesse du département ;", "les principaux des collèges."])
        + _h("Nos propositions", 1)
        + _h("Pour l'environnement", 3)
        + _items(
            "L1",
            [
                "Installer des récupérateurs d'eau de pluie dans tous les collèges pour "
                "arroser les potagers.",
                (
                    "Organiser une journée de ramassage des déchets dans chaque canton :",
                    ["au printemps, le long des rivières ;", "à l'automne, dans les forêts."],
                ),
                "Remplacer les bouteilles en plastique des cantines par des fontaines à eau.",
            ],
        )
        + _h("Pour les loisirs", 3)
        + _items(
            "L1",
            [
                "Ouvrir les gymnases des collèges le samedi après-midi.",
                "Créer un pass culture départemental de 30 euros pour les élèves de troisième.",
                "Aménager un skatepark dans chaque communauté de communes.",
            ],
        )
        + _h("Pour la solidarité", 3)
        + _items(
            "L1",
            [
                "Mettre en place un tutorat entre lycéens et collégiens pour l'aide aux devoirs.",
                "Collecter des fournitures scolaires à chaque rentrée pour les familles "
                "en difficulté.",
            ],
            ' text:start-value="1"',
        )
        + _h("Nos rencontres de l'année", 1)
        + _items(
            "L2",
            [
                "Visite de l'Assemblée nationale, le 14 février 2025.",
                "Rencontre avec les sapeurs-pompiers de Laval, le 22 mars 2025.",
            ],
        )
    )
    return _odt_bytes("Propositions du conseil des jeunes", "", automatic, body, _DESCRIPTION)


# ---------------------------------------------------------------- PDF


def _pdf(title: str, footer: str) -> FPDF:
    """blind2's report with this set's footer and its running header on the left."""
    return _blind2_pdf(title, footer, header_align="L")


def _to_page_end(pdf: FPDF, lines: int) -> None:
    """Leaves room for ``lines`` lines (5.5 mm each) above the bottom margin (22 mm of 297),
    so that the next paragraph runs over the page break."""
    pdf.ln(297 - 22 - pdf.get_y() - 5.5 * lines - 1)


def rapport_inspection_pdf() -> bytes:
    """An inspection report: a summary table of the recommendations (a repetition), numbered
    section titles "1." and "1.1", "Recommandation n°3" labels in bold over several lines, one
    across a page break; footer "IGA – rapport n° 25-048 – page N"."""
    pdf = _pdf(
        "Inspection générale de l'administration – Les maisons France services",
        "IGA – rapport n° 25-048 – page {page}",
    )
    pdf.add_page()
    _para(pdf, "Inspection générale de l'administration", "B", 12)
    _para(pdf, "Évaluation du réseau des maisons France services en Nouvelle-Aquitaine", "B", 16)
    _para(pdf, "Rapport n° 25-048 – septembre 2025", "", 11, 8)
    _para(pdf, "Liste des recommandations", "B", 12)
    summary = (
        ("1", "Labelliser en priorité les communes à plus de 30 minutes", "Préfets"),
        ("2", "Porter à trois agents le seuil d'effectif", "ANCT"),
        ("3", "Former les agents aux démarches fiscales", "DGFiP"),
        ("4", "Créer un référent par opérateur partenaire", "Opérateurs"),
        ("5", "Mesurer la satisfaction des usagers", "ANCT"),
        ("6", "Pérenniser le financement forfaitaire", "État"),
    )
    pdf.set_font("Helvetica", size=10)
    with pdf.table(col_widths=(12, 118, 40)) as table:
        header = table.row()
        for value in ("N°", "Recommandation", "Responsable"):
            header.cell(value)
        for values in summary:
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.add_page()
    _para(pdf, "1. Un réseau dense mais inégal", "B", 13)
    _para(pdf, "1.1 La couverture du territoire", "B", 11)
    _para(
        pdf,
        "La région compte 312 maisons France services. Toutes les communes sont à moins de "
        "30 minutes de l'une d'elles, sauf 41 communes de montagne des Pyrénées-Atlantiques et "
        "de la Corrèze. Le nombre de demandes traitées a doublé entre 2021 et 2024.",
    )

    def recommendation(number: int, text: str) -> None:
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(0, 6, f"Recommandation n°{number}")
        pdf.ln(6)
        _para(pdf, text)

    recommendation(
        1,
        "Labelliser en priorité les projets des communes situées à plus de 30 minutes d'une "
        "maison France services, avec un financement de démarrage majoré de moitié.",
    )
    _para(pdf, "1.2 Les moyens humains", "B", 11)
    _para(
        pdf,
        "Un tiers des structures fonctionnent avec deux agents seulement, ce qui rend "
        "difficile le respect de l'amplitude horaire de 24 heures par semaine en cas "
        "d'absence.",
    )
    recommendation(
        2,
        "Porter à trois agents le seuil d'effectif exigé pour la labellisation, en "
        "permettant la mutualisation d'un agent entre deux structures voisines.",
    )
    recommendation(
        3,
        "Former tous les agents aux démarches fiscales et aux démarches de l'assurance "
        "retraite dans les six mois suivant leur prise de poste.",
    )
    _para(pdf, "2. Des partenariats à consolider", "B", 13)
    _para(
        pdf,
        "Les opérateurs partenaires (caisses d'allocations familiales, assurance maladie, "
        "France Travail, finances publiques) ne désignent pas toujours d'interlocuteur pour "
        "les agents, qui attendent parfois plusieurs semaines une réponse sur un dossier "
        "bloqué.",
    )
    _to_page_end(pdf, 2)
    recommendation(
        4,
        "Demander à chaque opérateur partenaire de désigner, dans chaque département, un "
        "référent joignable par les agents des maisons France services par téléphone et par "
        "une messagerie dédiée, qui s'engage à répondre sous quarante-huit heures sur les "
        "dossiers bloqués et à rendre compte chaque trimestre des demandes reçues au comité "
        "départemental de suivi.",
    )
    recommendation(
        5,
        "Mesurer chaque année la satisfaction des usagers par une enquête commune à toutes "
        "les structures, publiée par département.",
    )
    _para(pdf, "3. Un financement à stabiliser", "B", 13)
    _para(
        pdf,
        "Le forfait de 30 000 euros par structure et par an ne couvre plus qu'un tiers du "
        "coût moyen de fonctionnement.",
    )
    recommendation(
        6,
        "Pérenniser le financement forfaitaire de l'État dans une loi de programmation et "
        "l'indexer sur l'évolution du point d'indice de la fonction publique.",
    )
    return bytes(pdf.output())


def fiches_actions_pdf() -> bytes:
    """ "Fiche action n° 1 – Title" blocks with "Objectif", "Contenu", "Pilote" and
    "Calendrier" lines, one fiche across a page break; footer "N / total"."""
    pdf = _pdf("Projet alimentaire territorial du Pays de Brocéliande", "{page}")
    pdf.add_page()
    _para(pdf, "Projet alimentaire territorial du Pays de Brocéliande", "B", 15)
    _para(pdf, "Programme d'actions 2026-2028 – fiches actions", "", 12, 6)
    _para(
        pdf,
        "Le programme d'actions a été validé par le comité de pilotage du 3 février 2026. "
        "Chaque fiche précise l'objectif, le contenu, le pilote et le calendrier de l'action.",
        gap=6,
    )
    fiches = (
        (
            "Approvisionner les cantines en produits locaux",
            "atteindre 40 % de produits locaux dans les cantines des écoles en 2028.",
            "Recruter une animatrice qui met en relation les producteurs et les cuisiniers ; "
            "organiser une rencontre annuelle des acheteurs publics.",
            "Communauté de communes de Saint-Méen Montauban.",
            "recrutement en septembre 2026.",
        ),
        (
            "Installer de nouveaux maraîchers",
            "permettre l'installation de six maraîchers en agriculture biologique.",
            "Constituer une réserve foncière de 15 hectares avec la société d'aménagement "
            "foncier et d'établissement rural ; aménager deux parcelles tests avec irrigation.",
            "Pays de Brocéliande.",
            "2026-2028.",
        ),
        (
            "Réduire le gaspillage alimentaire",
            "diviser par deux les restes de repas dans les collèges.",
            "Peser les restes une semaine par trimestre dans chaque établissement ; adapter "
            "les grammages ; proposer deux tailles de portions aux élèves ; donner les "
            "excédents des cuisines centrales aux associations d'aide alimentaire du "
            "territoire, avec une convention type rédigée par le Pays.",
            "Département d'Ille-et-Vilaine.",
            "à partir de la rentrée 2026.",
        ),
        (
            "Rendre l'alimentation de qualité accessible à tous",
            "ouvrir une épicerie solidaire itinérante.",
            "Acheter et équiper un camion ; conventionner avec les centres communaux d'action "
            "sociale pour orienter les bénéficiaires.",
            "Centre intercommunal d'action sociale.",
            "premier trimestre 2027.",
        ),
        (
            "Sensibiliser les habitants",
            "faire connaître les producteurs du territoire.",
            "Publier une carte des points de vente directe ; organiser une fête des "
            "producteurs chaque année en septembre.",
            "Office de tourisme de Brocéliande.",
            "chaque année.",
        ),
    )
    for number, (title, goal, content, pilot, calendar) in enumerate(fiches, start=1):
        if number == 3:
            _to_page_end(pdf, 5)
        _para(pdf, f"Fiche action n° {number} – {title}", "B", 12, 2)
        for label, value in (
            ("Objectif", goal),
            ("Contenu", content),
            ("Pilote", pilot),
            ("Calendrier", calendar),
        ):
            _para(pdf, f"{label} : {value}", gap=1)
        pdf.ln(5)
    return bytes(pdf.output())


def strategie_pdf() -> bytes:
    """Headings without numbers over "1)" lists that restart under each (hierarchical), an
    item across a page break, a numbered bibliography (not items); footer "- N -"."""
    pdf = _pdf("Stratégie de la Martinique pour l'économie bleue", "- {page} -")
    pdf.add_page()
    _para(pdf, "Stratégie territoriale pour l'économie bleue", "B", 16)
    _para(pdf, "Collectivité territoriale de Martinique – 2026-2035", "", 12, 6)
    _para(
        pdf,
        "L'économie de la mer représente 7 % des emplois de la Martinique. Cette stratégie a "
        "été adoptée par l'Assemblée de Martinique le 12 décembre 2025, après une consultation "
        "des professionnels de la pêche, du nautisme et du tourisme.",
        gap=6,
    )
    axes = (
        (
            "Une pêche durable",
            (
                "Renouveler vingt navires de pêche côtière par an grâce au fonds européen pour "
                "les affaires maritimes, en priorité pour les patrons de moins de quarante ans.",
                "Créer deux nouvelles zones de cantonnement autour des récifs du sud.",
                "Moderniser le marché aux poissons du Robert et y installer une machine à glace.",
            ),
        ),
        (
            "Des ports au service du territoire",
            (
                "Aménager une zone de réparation navale au Grand Port maritime de Fort-de-France.",
                "Équiper les ports de plaisance de bornes de récupération des eaux usées des "
                "bateaux.",
            ),
        ),
        (
            "Former aux métiers de la mer",
            (
                "Ouvrir au lycée de la mer de Trinité un certificat de spécialisation en "
                "aquaculture, avec quinze places dès la rentrée 2027.",
                "Financer le permis de conduire des bateaux pour les demandeurs d'emploi qui "
                "s'engagent dans une formation aux métiers du nautisme, en lien avec France "
                "Travail, les chantiers navals et les loueurs de bateaux, qui accueilleront "
                "chacun des stagiaires pendant au moins quatre semaines au cours de leur "
                "formation.",
                "Organiser chaque année un salon des métiers de la mer pour les collégiens.",
            ),
        ),
    )
    for index, (title, items) in enumerate(axes):
        _para(pdf, title, "B", 13)
        for k, text in enumerate(items, start=1):
            if index == 2 and k == 2:
                _to_page_end(pdf, 3)
            _para(pdf, f"{k}) {text}", gap=1.5)
        pdf.ln(3)
    _para(pdf, "Bibliographie", "B", 13)
    for k, text in enumerate(
        (
            "Observatoire régional de l'économie bleue, Chiffres clés 2024.",
            "Comité régional des pêches de Martinique, État des ressources halieutiques, 2023.",
        ),
        start=1,
    ):
        _para(pdf, f"{k}. {text}", size=10, gap=1)
    return bytes(pdf.output())


BUILDERS: dict[str, Callable[[], bytes]] = {
    "schema-handicap-word.docx": lambda: reproducible_bytes(plan_handicap_word()),
    "feuille-route-tourisme-word.docx": lambda: reproducible_bytes(feuille_route_tourisme_word()),
    "avis-economie-proximite-word.docx": lambda: reproducible_bytes(avis_conseil_economique_word()),
    "avenant-cper-word.docx": lambda: reproducible_bytes(cper_word()),
    "plan-sobriete-odt.odt": plan_sobriete_odt,
    "schema-mobilites-odt.odt": schema_mobilite_odt,
    "propositions-jeunes-odt.odt": propositions_jeunes_odt,
    "rapport-france-services-pdf.pdf": rapport_inspection_pdf,
    "fiches-actions-alimentation-pdf.pdf": fiches_actions_pdf,
    "strategie-economie-bleue-pdf.pdf": strategie_pdf,
}


def main(argv: list[str] | None = None) -> None:
    write_documents(BUILDERS, DEFAULT_OUTPUT, __doc__, "the blind4 set", argv)


if __name__ == "__main__":
    main()
