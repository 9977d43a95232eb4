"""Build the DOCX, ODT and PDF documents of ``tests/data/numbered_blind9/`` (ninth blind set).

Fictitious French plans, opinions and reports written for issue 19 item 2 by a writer who had
read neither the numbered-item rules nor the earlier sets (only blind2's README, one gold file
and its builder, whose DOCX/ODT/PDF helpers are reused here). Numbers are the word processor's
automatic numbering (Word ``w:numPr``, ODF list styles) or, in PDF, text laid out on pages with
running headers and page numbers. The gold is in ``NAME.gold.csv`` beside each file, written by
hand with the document. The output is byte-for-byte reproducible (fixed dates, fixed zip order).

    python -m bench.make_numbered_blind9 [output_folder]
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

DEFAULT_OUTPUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "numbered_blind9"
_DESCRIPTION = "Document fictif rédigé pour le neuvième jeu aveugle de textmine (issue 19)."


def _docx(title: str) -> DocxDocument:
    return _new_docx(title, _DESCRIPTION)


# ---------------------------------------------------------------- DOCX


def plan_handicap_word() -> DocxDocument:
    """Word multi-level list: level 0 "Axe 1 :" (titles), level 1 "1.1." (the actions), level 2
    "a)" (sub-items inside an action)."""
    doc = _docx("Plan départemental de l'inclusion des personnes handicapées")
    _numbering(
        doc,
        {
            210: [("decimal", "Axe %1 :"), ("decimal", "%1.%2."), ("lowerLetter", "%3)")],
            211: [("bullet", "•")],
        },
        {210: (210, False), 211: (211, False)},
    )
    doc.add_heading("Plan départemental de l'inclusion 2026-2030 – Département de la Sarthe", 1)
    doc.add_paragraph(
        "Le plan a été construit avec la maison départementale des personnes handicapées, "
        "quatorze associations et 420 personnes qui ont répondu au questionnaire en ligne."
    )
    doc.add_paragraph("Ce que les personnes nous ont dit :")
    _item(doc, "les délais de réponse de la MDPH dépassent six mois ;", 211)
    _item(doc, "les transports adaptés ne circulent pas le dimanche.", 211)
    doc.add_heading("Les actions du plan", 2)
    _item(doc, "Des droits ouverts plus vite", 210, 0)
    _item(
        doc,
        "Ramener à quatre mois le délai moyen de traitement des demandes à la MDPH, grâce à "
        "huit instructeurs supplémentaires.",
        210,
        1,
    )
    _item(doc, "Attribuer à vie les droits des personnes dont le handicap n'évoluera pas.", 210, 1)
    _item(doc, "Une vie ordinaire dans la cité", 210, 0)
    _item(doc, "Financer l'habitat inclusif dans trois communes par an :", 210, 1)
    _item(doc, "par une aide à la vie partagée de 8 000 euros par habitant ;", 210, 2)
    _item(doc, "par un appui des bailleurs sociaux à la conception des logements.", 210, 2)
    _item(
        doc,
        "Faire circuler le transport adapté le dimanche et les jours fériés dans "
        "l'agglomération du Mans.",
        210,
        1,
    )
    _item(doc, "Rendre accessibles les 60 collèges publics d'ici 2030.", 210, 1)
    _item(doc, "Des aidants soutenus", 210, 0)
    _item(
        doc, "Ouvrir une plateforme de répit pour les aidants dans chaque arrondissement.", 210, 1
    )
    _item(
        doc,
        "Proposer une formation gratuite de douze heures aux aidants familiaux.",
        210,
        1,
    )
    doc.add_paragraph(
        "Le coût du plan est estimé à 11 millions d'euros sur cinq ans. Un comité de suivi "
        "réunira chaque année les associations signataires."
    )
    return doc


def feuille_route_tourisme_word() -> DocxDocument:
    """Word headings (Heading 2, without numbers) with one abstract list whose instances restart
    at 1 under each heading (``startOverride``); a bullet list and a numbered list of reference
    documents that propose nothing."""
    doc = _docx("Feuille de route du tourisme durable – Hautes-Pyrénées")
    _numbering(
        doc,
        {220: [("decimal", "%1.")], 221: [("bullet", "–")], 222: [("decimal", "%1.")]},
        {
            220: (220, False),
            223: (220, True),
            224: (220, True),
            221: (221, False),
            222: (222, False),
        },
    )
    doc.add_heading("Tourisme durable : la feuille de route 2026-2028 des Hautes-Pyrénées", 1)
    doc.add_paragraph(
        "Signée par le département, l'agence de développement touristique et les cinq "
        "stations de ski du département, le 14 novembre 2025."
    )
    doc.add_paragraph(
        "Trois chantiers, numérotés de 1 à 3 ; les engagements de chacun en découlent."
    )
    doc.add_heading("Diversifier l'offre des stations de montagne", 2)
    _item(
        doc,
        "Aménager des itinéraires de randonnée et de VTT ouverts de mai à novembre dans chaque "
        "station.",
        220,
    )
    _item(
        doc,
        "Transformer deux remontées mécaniques en fin de vie en sentiers d'interprétation.",
        220,
    )
    _item(doc, "Aider les hébergeurs à ouvrir hors saison par une prime de 5 000 euros.", 220)
    doc.add_heading("Accueillir sans voiture", 2)
    doc.add_paragraph("Aujourd'hui, 88 % des visiteurs arrivent en voiture.")
    _item(doc, "Relier la gare de Lourdes aux stations par des navettes le week-end.", 223)
    _item(
        doc,
        "Proposer un forfait « train + ski » avec la région Occitanie et la SNCF, à un prix "
        "inférieur de 20 % à celui des deux billets.",
        223,
    )
    doc.add_heading("Préserver les sites fréquentés", 2)
    _item(
        doc,
        "Limiter l'accès au cirque de Gavarnie à 4 000 visiteurs par jour en juillet et en août.",
        224,
    )
    _item(doc, "Former 30 gardes-nature saisonniers recrutés parmi les jeunes du département.", 224)
    _item(
        doc,
        "Installer des compteurs de fréquentation sur les dix sentiers les plus parcourus.",
        224,
    )
    doc.add_paragraph("Les partenaires s'engagent aussi à :")
    _item(doc, "communiquer sur les chiffres de fréquentation ;", 221)
    _item(doc, "participer au comité de suivi semestriel.", 221)
    doc.add_heading("Documents de référence", 2)
    _item(doc, "Schéma régional de développement du tourisme et des loisirs, 2022.", 222)
    _item(doc, "Étude de fréquentation des sites naturels, agence de développement, 2024.", 222)
    return doc


def programme_securite_routiere_word() -> DocxDocument:
    """Measures in a Word table (number typed in the first column, measure, pilot, deadline);
    a second table of figures whose rows are numbered years, not measures."""
    doc = _docx("Document général d'orientations de sécurité routière du Gers")
    doc.add_heading("Document général d'orientations de sécurité routière 2026-2030 – Gers", 1)
    doc.add_paragraph(
        "Le préfet du Gers arrête, après concertation avec les élus et les associations, les "
        "mesures suivantes. Elles sont suivies par l'observatoire départemental."
    )
    doc.add_heading("Accidentalité", 2)
    figures = doc.add_table(rows=1, cols=3)
    for cell, text in zip(
        figures.rows[0].cells, ("Année", "Tués", "Blessés hospitalisés"), strict=True
    ):
        cell.text = text
    for row in (("2022", "21", "96"), ("2023", "17", "88"), ("2024", "19", "101")):
        cells = figures.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    doc.add_heading("Mesures", 2)
    table = doc.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ("N°", "Mesure", "Pilote", "Échéance"), strict=True):
        cell.text = text
    for row in (
        (
            "1",
            "Aménager des créneaux de dépassement sur la RN 21 entre Auch et Lectoure.",
            "DIR Sud-Ouest",
            "2028",
        ),
        (
            "2",
            "Organiser dans chaque lycée une journée de sensibilisation aux deux-roues motorisés.",
            "Éducation nationale",
            "Chaque année",
        ),
        (
            "3",
            "Contrôler la vitesse aux abords des six traversées d'agglomération les plus "
            "accidentogènes.",
            "Gendarmerie",
            "2026",
        ),
        (
            "4",
            "Remplacer les glissières de sécurité dangereuses pour les motards sur les routes "
            "départementales de montagne.",
            "Département",
            "2029",
        ),
        (
            "5",
            "Proposer aux seniors un stage gratuit de remise à niveau du code de la route.",
            "Préfecture",
            "2027",
        ),
        (
            "6",
            "Publier chaque semestre la carte des accidents corporels du département.",
            "Observatoire",
            "Semestriel",
        ),
    ):
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    doc.add_paragraph("Le document sera révisé à mi-parcours, en 2028.")
    return doc


def avis_haut_conseil_word() -> DocxDocument:
    """Recommendations numbered through a paragraph style whose level text carries the word
    ("Recommandation 1 –"); requests in upper letters "A." with a lower-roman sub-level "i."."""
    doc = _docx("Avis du Haut Conseil de la famille, de l'enfance et de l'âge")
    _numbering(
        doc,
        {
            230: [("decimal", "Recommandation %1 –")],
            231: [("upperLetter", "%1."), ("lowerRoman", "%2.")],
        },
        {230: (230, False), 231: (231, False)},
    )
    style = doc.styles.add_style("Reco HCFEA", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.element.get_or_add_pPr().append(_num_pr(230))
    doc.add_heading("Avis sur l'accueil des enfants de moins de trois ans", 1)
    doc.add_paragraph("Conseil de l'enfance et de l'adolescence – adopté le 27 janvier 2026")
    doc.add_paragraph(
        "Le Conseil constate que 160 000 places d'accueil manquent pour répondre aux besoins des "
        "familles, et que les écarts entre départements vont de un à quatre."
    )
    doc.add_heading("1. Les recommandations du Conseil", 2)
    for text in (
        "Garantir à chaque famille une solution d'accueil dans un délai de trois mois après "
        "la fin du congé de naissance.",
        "Aligner les salaires des auxiliaires de puériculture des crèches privées sur ceux de "
        "la fonction publique hospitalière.",
        "Créer un tarif unique, fonction des revenus, pour les crèches et les assistantes "
        "maternelles.",
        "Confier aux communautés de communes le schéma de l'accueil du jeune enfant dans les "
        "territoires ruraux.",
    ):
        doc.add_paragraph(text, style="Reco HCFEA")
    doc.add_heading("2. Les demandes adressées au Gouvernement", 2)
    _item(doc, "Publier le décret sur le taux d'encadrement avant le 1er juillet 2026.", 231)
    _item(doc, "Financer un plan de formation des professionnels de la petite enfance :", 231)
    _item(doc, "10 000 places supplémentaires en formation d'auxiliaire de puériculture ;", 231, 1)
    _item(doc, "une formation continue obligatoire de trois jours par an.", 231, 1)
    _item(
        doc,
        "Présenter chaque année au Conseil un bilan des places créées par département.",
        231,
    )
    doc.add_heading("3. Composition du groupe de travail", 2)
    doc.add_paragraph("Présidente : Mme Agnès Roumier. Rapporteur : M. Thibault Aubrac.")
    return doc


# ---------------------------------------------------------------- ODT


def avis_ceser_propositions_odt() -> bytes:
    """An ODF list whose label carries the word: prefix "Proposition ", suffix " :"; a bullet
    list of findings (not items)."""
    automatic = _list_style(
        "L1", [{"num-format": "1", "num-prefix": "Proposition ", "num-suffix": " :"}]
    ) + _list_style("L2", [{"bullet-char": "•"}])
    body = (
        _h("Avis du CESER Grand Est sur le projet de schéma régional des formations sanitaires", 1)
        + _p("Séance plénière du 9 octobre 2025. Rapporteur : M. Olivier Schaller.")
        + _h("Constats", 2)
        + _items(
            "L2",
            [
                "un tiers des étudiants en soins infirmiers abandonnent avant la troisième année ;",
                "les instituts des Ardennes et de la Meuse peinent à remplir leurs promotions.",
            ],
        )
        + _h("Propositions", 2)
        + _p("Le CESER formule six propositions à l'attention de la Région.")
        + _items(
            "L1",
            [
                "Verser une allocation d'études de 600 euros par mois aux étudiants infirmiers "
                "qui s'engagent à exercer trois ans dans la région.",
                "Ouvrir des antennes de formation en soins infirmiers à Verdun et à Sedan.",
                "Financer un tutorat par des étudiants de troisième année pour les étudiants de "
                "première année.",
                "Loger les étudiants en stage dans les internats des lycées pendant les vacances "
                "scolaires.",
                "Rembourser les frais de déplacement des stages effectués à plus de 50 "
                "kilomètres de l'institut.",
                "Publier le taux d'abandon de chaque institut dans le rapport annuel du schéma.",
            ],
        )
        + _p("Le CESER demande à être associé au suivi du schéma.")
    )
    return _odt_bytes("Avis du CESER Grand Est", "", automatic, body, _DESCRIPTION)


def schema_mobilite_odt() -> bytes:
    """A named list style: level 1 upper letters "A." (the axes, titles), level 2 decimal shown
    with its parent ("A.1."); the list is interrupted by a paragraph and continued."""
    styles = _list_style(
        "Plan_20_mobilite",
        [
            {"num-format": "A", "num-suffix": "."},
            {"num-format": "1", "num-suffix": ".", "display-levels": "2"},
        ],
    )
    first = [
        (
            "Desservir les bourgs",
            [
                "Créer quatre lignes de car express entre les bourgs-centres et Périgueux.",
                "Cadencer à l'heure la ligne de car de Sarlat les jours ouvrés.",
                "Aménager des aires de covoiturage aux échangeurs de l'A89.",
            ],
        ),
        (
            "Encourager le vélo",
            [
                "Achever la véloroute de la vallée de l'Isle d'ici 2028.",
                "Prêter gratuitement des vélos à assistance électrique pendant un mois.",
            ],
        ),
    ]
    second = [
        (
            "Accompagner les publics fragiles",
            [
                "Étendre le transport solidaire bénévole à toutes les communautés de communes.",
                "Financer le permis de conduire des jeunes en insertion à hauteur de 800 euros.",
            ],
        ),
    ]
    body = (
        _h("Plan de mobilité rurale du Périgord 2026-2031", 1)
        + _p(
            "Établi par le syndicat des mobilités du Périgord. 72 % des actifs du territoire "
            "vont travailler en voiture."
        )
        + _items("Plan_20_mobilite", first)
        + _p(
            "Le troisième axe a été ajouté après la concertation publique de l'été 2025, où les "
            "centres sociaux ont signalé l'isolement des personnes sans permis."
        )
        + _items("Plan_20_mobilite", second, ' text:continue-numbering="true"')
        + _p("Le plan sera évalué en 2029.")
    )
    return _odt_bytes("Plan de mobilité rurale du Périgord", styles, "", body, _DESCRIPTION)


def rapport_crc_odt() -> bytes:
    """Lower-roman recommendations "i." in two lists, the second starting at vi
    (``start-value``); a decimal list of documents consulted (not items)."""
    automatic = (
        _list_style("L1", [{"num-format": "i", "num-suffix": "."}])
        + _list_style("L2", [{"num-format": "i", "num-suffix": ".", "start-value": "6"}])
        + _list_style("L3", [{"num-format": "1", "num-suffix": "."}])
    )
    body = (
        _h("Chambre régionale des comptes Auvergne-Rhône-Alpes", 1)
        + _p(
            "Rapport d'observations définitives – Commune de Vienne (Isère) – exercices 2019 et suivants"
        )
        + _h("Synthèse", 2)
        + _p(
            "La chambre a contrôlé la gestion de la commune, en particulier sa situation "
            "financière et la gestion de son patrimoine. L'encours de la dette a baissé de 18 % "
            "sur la période."
        )
        + _h("Recommandations relatives à la fiabilité des comptes", 2)
        + _items(
            "L1",
            [
                "Mettre à jour l'inventaire des immobilisations et le rapprocher de l'état de "
                "l'actif tenu par le comptable public.",
                "Constituer des provisions pour les contentieux en cours.",
                "Rattacher à l'exercice les charges et les produits qui le concernent.",
                "Publier en annexe du compte administratif la liste des subventions de plus de "
                "23 000 euros.",
                "Adopter un règlement budgétaire et financier avant la fin de 2026.",
            ],
        )
        + _h("Recommandations relatives à la gestion du patrimoine", 2)
        + _items(
            "L2",
            [
                "Élaborer un schéma directeur immobilier assorti d'un plan de cession des "
                "bâtiments inoccupés.",
                "Suivre la consommation d'énergie de chaque bâtiment communal.",
            ],
        )
        + _h("Documents consultés", 2)
        + _items(
            "L3",
            [
                "Comptes administratifs et de gestion 2019 à 2024.",
                "Délibérations du conseil municipal relatives au patrimoine.",
            ],
        )
    )
    return _odt_bytes(
        "Rapport de la chambre régionale des comptes", "", automatic, body, _DESCRIPTION
    )


# ---------------------------------------------------------------- PDF


def _bottom(pdf: FPDF, lines: int = 1) -> None:
    """Move down so that only ``lines`` text lines fit before the automatic page break."""
    pdf.set_y(297 - 22 - 5.5 * lines - 0.5)


def rapport_iga_pdf() -> bytes:
    """An inspection report: a table of contents with dot leaders, numbered section titles,
    "Recommandation n° 3" in bold on its own line above its text, one recommendation across a
    page break (running header, "3/5" page numbers)."""
    pdf = _pdf(
        "IGA – Les polices municipales et intercommunales",
        footer="{page}",
        header_align="L",
    )
    pdf.add_page()
    _para(pdf, "Inspection générale de l'administration", "B", 14)
    _para(pdf, "Les polices municipales et intercommunales : bilan et perspectives", "B", 16)
    _para(pdf, "Rapport n° 25-078-R – septembre 2025", "", 11, 8)
    _para(pdf, "Sommaire", "B", 12)
    for entry, page in (
        ("1. Des effectifs en forte hausse", 2),
        ("2. Une coordination à consolider", 2),
        ("3. Les recommandations de la mission", 2),
        ("Annexes", 4),
    ):
        pdf.set_font("Helvetica", "", 11)
        pdf.cell(150, 6, entry + " " + "." * (70 - len(entry)))
        pdf.cell(0, 6, str(page), align="R")
        pdf.ln(6)
    pdf.add_page()
    _para(pdf, "1. Des effectifs en forte hausse", "B", 13)
    _para(
        pdf,
        "Les polices municipales comptent 28 000 agents en 2025, contre 21 500 en 2015. Près de "
        "4 500 communes en sont dotées, dont un tiers avec un seul agent. La mission a visité "
        "douze communes et trois intercommunalités.",
    )
    _para(pdf, "2. Une coordination à consolider", "B", 13)
    _para(
        pdf,
        "Les conventions de coordination avec les forces de sécurité de l'État sont souvent "
        "anciennes : 40 % ont plus de six ans et n'ont jamais été révisées.",
    )
    _para(pdf, "3. Les recommandations de la mission", "B", 13)
    recommendations = [
        "Réviser tous les six ans les conventions de coordination entre la police municipale et "
        "les forces de sécurité de l'État, sur la base d'un diagnostic partagé.",
        "Créer une formation initiale commune aux policiers municipaux et aux agents de "
        "surveillance de la voie publique, d'une durée de six mois.",
        "Faciliter la mutualisation des agents entre communes de moins de 5 000 habitants par "
        "une convention type publiée par le ministère de l'Intérieur, qui fixe la répartition "
        "des charges, l'autorité d'emploi et les horaires de service, et qui précise les "
        "conditions dans lesquelles les agents peuvent intervenir sur le territoire d'une "
        "commune voisine en cas d'événement exceptionnel.",
        "Permettre l'accès des policiers municipaux au fichier des véhicules volés, sous le "
        "contrôle du procureur de la République.",
        "Publier chaque année un état des effectifs et des équipements des polices municipales.",
        "Doter les polices intercommunales d'un statut d'emploi propre.",
        "Évaluer en 2028 l'expérimentation des caméras individuelles.",
    ]
    for number, text in enumerate(recommendations, start=1):
        if number == 3:
            _bottom(pdf, 4)
        _para(pdf, f"Recommandation n° {number}", "B", 11, 1)
        _para(pdf, text)
    pdf.add_page()
    _para(pdf, "Annexes", "B", 13)
    _para(pdf, "Annexe 1 – Lettre de mission du ministre de l'Intérieur, 3 mars 2025.")
    _para(pdf, "Annexe 2 – Liste des communes visitées.")
    return bytes(pdf.output())


def plan_sante_environnement_pdf() -> bytes:
    """Numbers in the margin: "1." at the left margin and the item's text indented beside it
    over several lines; lists restarting under "Orientation N – " headings; a list of past
    achievements (not items) before the orientations."""
    pdf = _pdf("PRSE 4 Bourgogne-Franche-Comté", footer="PRSE 4 – page {page}")
    pdf.add_page()
    _para(pdf, "Quatrième plan régional santé-environnement", "B", 16)
    _para(pdf, "Bourgogne-Franche-Comté, 2026-2030", "", 12, 6)
    _para(
        pdf,
        "Copiloté par l'agence régionale de santé, la préfecture de région et le conseil "
        "régional. Le troisième plan (2017-2021) avait notamment permis :",
    )

    def margin_item(number: str, text: str) -> None:
        pdf.set_font("Helvetica", "", 11)
        y = pdf.get_y()
        pdf.set_x(20)
        pdf.cell(8, 5.5, number)
        pdf.set_xy(28, y)
        pdf.multi_cell(0, 5.5, text)
        pdf.ln(2)

    for number, text in (
        ("1.", "de mesurer le radon dans 600 écoles du Jura et de la Nièvre ;"),
        ("2.", "de former 300 conseillers en environnement intérieur."),
    ):
        margin_item(number, text)
    pdf.ln(3)
    orientations = [
        (
            "Orientation 1 – Respirer un air sain",
            [
                "Mesurer la qualité de l'air intérieur dans toutes les crèches de la région "
                "avant 2028 et accompagner celles qui dépassent les seuils.",
                "Aider les ménages à remplacer leurs foyers ouverts de cheminée par des "
                "appareils performants, avec une prime de 1 000 euros.",
                "Informer chaque printemps les personnes allergiques des pics de pollens.",
            ],
        ),
        (
            "Orientation 2 – Boire une eau de qualité",
            [
                "Protéger les 250 captages d'eau potable qui n'ont pas encore de périmètre de "
                "protection, en priorité ceux du plateau de Langres.",
                "Rechercher les pesticides et leurs métabolites dans toutes les eaux "
                "distribuées, au moins une fois par an.",
            ],
        ),
        (
            "Orientation 3 – Des territoires favorables à la santé",
            [
                "Intégrer un volet santé-environnement dans les contrats locaux de santé.",
                "Financer des îlots de fraîcheur dans les cours d'écoles des villes de plus de "
                "10 000 habitants.",
                "Former les élus municipaux à l'urbanisme favorable à la santé, en lien avec "
                "l'association des maires.",
            ],
        ),
    ]
    for index, (title, items) in enumerate(orientations):
        if index == 2:
            pdf.add_page()
        _para(pdf, title, "B", 12, 2)
        for number, text in enumerate(items, start=1):
            margin_item(f"{number}.", text)
        pdf.ln(2)
    _para(pdf, "Le comité régional de suivi publiera un bilan à mi-parcours en 2028.")
    return bytes(pdf.output())


def plan_velo_pdf() -> bytes:
    """A town's cycling plan: "Action 1 :" labels numbered through the document, one action
    across a page break, and a closing summary repeating the actions' titles."""
    pdf = _pdf("Ville de Besançon – Plan vélo 2026-2032", footer="- {page} -", header_align="C")
    pdf.add_page()
    _para(pdf, "Plan vélo de la ville de Besançon 2026-2032", "B", 16)
    _para(pdf, "Délibération du conseil municipal du 19 février 2026", "I", 11, 6)
    _para(
        pdf,
        "La part du vélo dans les déplacements des habitants est passée de 3 % en 2018 à 6 % en "
        "2024. La ville se donne pour objectif 12 % en 2032. Le plan comporte sept actions, "
        "regroupées en deux volets.",
    )
    actions = [
        (
            "Volet 1 – Des aménagements continus",
            [
                "Achever le réseau express vélo : cinq lignes de la gare Viotte aux quartiers "
                "de Planoise, Palente, Chalezeule, Saint-Ferjeux et Montrapon, pour 28 millions "
                "d'euros.",
                "Créer 2 000 places de stationnement vélo, dont 400 abritées près des arrêts du "
                "tramway.",
                "Mettre les rues des écoles en zone de rencontre, à raison de dix écoles par an.",
                "Résorber les quinze discontinuités des pistes cyclables relevées par "
                "l'association des usagers, en commençant par le pont de la République et le "
                "quai Vauban, où les cyclistes doivent aujourd'hui emprunter la chaussée entre "
                "les bus et les voitures, et par les carrefours de la Rhodia et de Micropolis, "
                "où la piste s'interrompt sans signalisation.",
            ],
        ),
        (
            "Volet 2 – Une culture du vélo",
            [
                "Apprendre à faire du vélo à tous les élèves de CM1 et de CM2, sur le temps "
                "scolaire.",
                "Verser une aide de 200 euros à l'achat d'un vélo cargo.",
                "Ouvrir une maison du vélo au centre-ville, avec un atelier de réparation "
                "participatif.",
            ],
        ),
    ]
    number = 0
    for title, items in actions:
        _para(pdf, title, "B", 13, 2)
        for text in items:
            number += 1
            if number == 4:
                _bottom(pdf, 2)
            _para(pdf, f"Action {number} : {text}")
    pdf.add_page()
    _para(pdf, "Récapitulatif", "B", 13, 2)
    for label in (
        "Action 1 – Réseau express vélo",
        "Action 2 – Stationnement",
        "Action 3 – Rues des écoles",
        "Action 4 – Discontinuités",
        "Action 5 – Savoir rouler",
        "Action 6 – Aide au vélo cargo",
        "Action 7 – Maison du vélo",
    ):
        _para(pdf, label, "", 11, 1)
    return bytes(pdf.output())


BUILDERS: dict[str, Callable[[], bytes]] = {
    "plan-inclusion-handicap-word.docx": lambda: reproducible_bytes(plan_handicap_word()),
    "feuille-route-tourisme-word.docx": lambda: reproducible_bytes(feuille_route_tourisme_word()),
    "securite-routiere-tableau-word.docx": lambda: reproducible_bytes(
        programme_securite_routiere_word()
    ),
    "avis-accueil-enfants-word.docx": lambda: reproducible_bytes(avis_haut_conseil_word()),
    "avis-ceser-formations-odt.odt": avis_ceser_propositions_odt,
    "plan-mobilite-rurale-odt.odt": schema_mobilite_odt,
    "rapport-crc-vienne-odt.odt": rapport_crc_odt,
    "rapport-iga-polices-pdf.pdf": rapport_iga_pdf,
    "prse-bourgogne-pdf.pdf": plan_sante_environnement_pdf,
    "plan-velo-besancon-pdf.pdf": plan_velo_pdf,
}


def main(argv: list[str] | None = None) -> None:
    write_documents(BUILDERS, DEFAULT_OUTPUT, __doc__, "the blind9 set", argv)


if __name__ == "__main__":
    main()
