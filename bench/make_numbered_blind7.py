"""Build the DOCX, ODT and PDF documents of ``tests/data/numbered_blind7/`` (issue 19 item 2).

The seventh blind set of numbered layouts, written by a writer who had read neither the
detection rules nor the earlier sets (only blind2's README and one of its gold files, for the
gold format). Fictitious French plans, opinions, conventions, reports and a circular; their
numbers are the word processor's automatic numbering (Word ``w:numPr``, directly, through a
paragraph style or through a heading style; ODF list styles and the outline style), or text
laid out on PDF pages (running headers, page numbers, dotted table of contents, numbers in the
margin, an item across a page break). The gold items are in ``NAME.gold.csv`` beside each
file, written by hand from the texts below. The output is byte-for-byte reproducible (fixed
dates, fixed zip order), so a rebuild does not show up as a change.

Needs python-docx and fpdf2 (both in the project's environment); takes about a second:

    python -m bench.make_numbered_blind7 [output_folder]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Cm
from fpdf import FPDF
from lxml import etree

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
    write_documents,
)
from bench.make_numbered_blind2 import _new_docx as _blind2_new_docx

DEFAULT_OUTPUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "numbered_blind7"
_NOTE = "Document fictif rédigé pour le septième jeu aveugle de textmine (issue 19)."

# pPr children that the WordprocessingML schema places after numPr: a style's numPr goes
# before the first of them (Word repairs a file whose numPr follows spacing or outlineLvl)
_AFTER_NUM_PR = {
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "spacing",
    "ind",
    "contextualSpacing",
    "jc",
    "outlineLvl",
    "rPr",
}


# ---------------------------------------------------------------- DOCX helpers


def _new_docx(title: str) -> DocxDocument:
    return _blind2_new_docx(title, _NOTE)


def _style_numbering(style, num_id: int, level: int) -> None:
    """Number every paragraph of ``style`` through the style itself (no numPr in the text)."""
    ppr = style.element.get_or_add_pPr()
    num_pr = _num_pr(num_id, level)
    for child in ppr:
        if etree.QName(child).localname in _AFTER_NUM_PR:
            child.addprevious(num_pr)
            return
    ppr.append(num_pr)


# ---------------------------------------------------------------- DOCX documents


def plan_egalite_word() -> DocxDocument:
    """One Word list definition, a new instance restarting at 1 under each Heading 2; a bullet
    sub-level; an item followed by an indented paragraph without number; a numbered list of
    reference texts under a sibling heading (not items)."""
    doc = _new_docx("Plan d'action pour l'égalité professionnelle 2026-2028")
    _numbering(
        doc,
        {
            700: [("decimal", "%1."), ("bullet", "–")],
            701: [("bullet", "•")],
            702: [("decimal", "%1.")],
        },
        {
            700: (700, False),
            701: (700, True),
            702: (700, True),
            703: (701, False),
            704: (702, False),
        },
    )
    doc.add_heading(
        "Université Clermont Auvergne – Plan d'action pour l'égalité professionnelle entre "
        "les femmes et les hommes 2026-2028",
        level=1,
    )
    doc.add_paragraph(
        "Le plan a été approuvé par le conseil d'administration du 16 décembre 2025, après "
        "avis du comité social d'administration. Il s'appuie sur :"
    )
    _item(doc, "le rapport social unique de 2024 ;", 703)
    _item(doc, "l'enquête menée auprès de 2 300 agents au printemps 2025.", 703)
    doc.add_heading("Rémunérations et carrières", level=2)
    _item(
        doc,
        "Publier chaque année les écarts de rémunération entre femmes et hommes, par corps et "
        "par composante.",
        700,
    )
    _item(
        doc,
        "Réserver une enveloppe annuelle de 150 000 euros pour corriger les écarts de primes "
        "constatés.",
        700,
    )
    _item(
        doc,
        "Rendre paritaires les comités de sélection des enseignants-chercheurs :",
        700,
    )
    _item(doc, "au moins 40 % de membres de chaque sexe ;", 700, 1)
    _item(doc, "une formation aux biais de recrutement pour chaque président de comité.", 700, 1)
    doc.add_heading("Articulation des temps de vie", level=2)
    _item(doc, "Ne plus programmer de réunion après 17 h 30 ni le mercredi après-midi.", 701)
    follow = doc.add_paragraph(
        "Les conseils centraux adapteront leur règlement intérieur en conséquence avant la "
        "rentrée 2026."
    )
    follow.paragraph_format.left_indent = Cm(0.63)
    _item(
        doc,
        "Ouvrir 20 places réservées aux enfants du personnel dans la crèche du campus des Cézeaux.",
        701,
    )
    _item(
        doc,
        "Neutraliser les congés de maternité et de paternité dans le calcul des primes de "
        "recherche.",
        701,
    )
    doc.add_heading("Violences sexistes et sexuelles", level=2)
    _item(
        doc,
        "Créer une cellule d'écoute externe, joignable sept jours sur sept, pour les étudiants "
        "et les personnels.",
        702,
    )
    _item(
        doc,
        "Former à la prévention des violences tous les encadrants de stage et de thèse d'ici 2027.",
        702,
    )
    _item(
        doc,
        "Traiter chaque signalement dans un délai de deux mois et informer la victime des "
        "suites données.",
        702,
    )
    doc.add_heading("Textes de référence", level=2)
    _item(doc, "Loi n° 2019-828 du 6 août 2019 de transformation de la fonction publique.", 704)
    _item(
        doc,
        "Protocole d'accord du 30 novembre 2018 relatif à l'égalité professionnelle dans la "
        "fonction publique.",
        704,
    )
    doc.add_paragraph("Le référent égalité présentera un bilan annuel au conseil d'administration.")
    return doc


def schema_dechets_word() -> DocxDocument:
    """A multi-level list carried by styles: Heading 2 numbered "Orientation %1 –" (titles),
    a paragraph style "Action" numbered "Action %1.%2 :" (the items); no numPr in the text."""
    doc = _new_docx("Plan régional de prévention et de gestion des déchets")
    _numbering(
        doc,
        {710: [("decimal", "Orientation %1 –"), ("decimal", "Action %1.%2 :")]},
        {710: (710, False)},
    )
    _style_numbering(doc.styles["Heading 2"], 710, 0)
    action = doc.styles.add_style("Action", WD_STYLE_TYPE.PARAGRAPH)
    action.base_style = doc.styles["Normal"]
    _style_numbering(action, 710, 1)
    doc.add_heading(
        "Plan régional de prévention et de gestion des déchets de Bourgogne-Franche-Comté – "
        "programme d'actions révisé",
        level=1,
    )
    doc.add_paragraph(
        "La région produit chaque année 4,1 millions de tonnes de déchets, dont 1,2 million de "
        "déchets ménagers. Le plan révisé a été adopté en assemblée plénière le 23 octobre "
        "2025 ; il fixe trois orientations."
    )
    orientations = (
        (
            "Réduire les déchets à la source",
            (
                "Généraliser la tarification incitative dans les intercommunalités de plus de "
                "20 000 habitants d'ici 2030.",
                "Soutenir l'ouverture de dix recycleries, dont au moins une par département.",
                "Accompagner les entreprises du bâtiment dans le réemploi des matériaux de "
                "chantier.",
            ),
        ),
        (
            "Mieux trier et valoriser",
            (
                "Étendre la collecte séparée des biodéchets à toutes les communes urbaines "
                "avant la fin de 2027.",
                "Moderniser les centres de tri de Dijon et de Besançon pour qu'ils trient tous "
                "les emballages plastiques.",
            ),
        ),
        (
            "Réduire le stockage",
            (
                "Diviser par deux les quantités enfouies entre 2010 et 2031 en fermant deux "
                "installations de stockage.",
                "Exclure de l'enfouissement, dans les marchés publics de la région, les "
                "déchets qui peuvent être valorisés.",
                "Publier chaque année un observatoire des déchets par intercommunalité.",
            ),
        ),
    )
    for title, actions in orientations:
        doc.add_heading(title, level=2)
        for text in actions:
            doc.add_paragraph(text, style="Action")
    doc.add_heading("Suivi et évaluation", level=1)
    doc.add_paragraph(
        "Un bilan sera présenté chaque année à la commission consultative d'élaboration et de "
        "suivi. Les actions 1.1 et 3.1 feront l'objet d'une évaluation externe en 2029."
    )
    return doc


def avis_ceser_word() -> DocxDocument:
    """Upper roman recommendations "I." with lettered sub-items "a)"; a table of contents with
    tabs and page numbers; a bullet list and a numbered list of people heard (not items)."""
    doc = _new_docx("Avis du CESER des Pays de la Loire sur la stratégie emploi-formation")
    _numbering(
        doc,
        {
            720: [("upperRoman", "%1."), ("lowerLetter", "%2)")],
            721: [("bullet", "•")],
            722: [("decimal", "%1.")],
        },
        {720: (720, False), 721: (721, False), 722: (722, False)},
    )
    doc.add_heading(
        "Avis du CESER des Pays de la Loire sur la stratégie régionale emploi-formation 2026-2030",
        level=1,
    )
    doc.add_paragraph("Sommaire")
    for entry, page in (
        ("Synthèse", 2),
        ("Les recommandations du CESER", 3),
        ("Personnes auditionnées", 6),
    ):
        doc.add_paragraph(f"{entry}\t{page}")
    doc.add_heading("Synthèse", level=2)
    doc.add_paragraph(
        "Saisi par la présidente du conseil régional le 2 juin 2025, le CESER a auditionné "
        "onze personnes. Il relève trois difficultés :"
    )
    _item(doc, "des formations aux métiers du soin concentrées à Nantes et à Angers ;", 721)
    _item(doc, "des abandons nombreux faute de moyen de transport ;", 721)
    _item(doc, "un suivi des stagiaires qui s'arrête à la fin de la formation.", 721)
    doc.add_heading("Les recommandations du CESER", level=2)
    _item(
        doc,
        "Garantir à chaque demandeur d'emploi un entretien avec un conseiller dans le mois qui "
        "suit son inscription.",
        720,
    )
    _item(
        doc,
        "Ouvrir des formations qualifiantes aux métiers du soin au plus près des territoires :",
        720,
    )
    _item(
        doc,
        "dans les lycées professionnels de Saumur, de Châteaubriant et de Fontenay-le-Comte ;",
        720,
        1,
    )
    _item(doc, "avec des sessions à temps partiel pour les salariés en reconversion.", 720, 1)
    _item(
        doc,
        "Financer le permis de conduire des jeunes en insertion qui ont une promesse d'embauche.",
        720,
    )
    _item(
        doc,
        "Associer les branches professionnelles à la carte des formations dès sa préparation.",
        720,
    )
    _item(
        doc,
        "Suivre le devenir des stagiaires six mois et un an après leur formation, et publier "
        "les résultats par organisme.",
        720,
    )
    _item(
        doc,
        "Simplifier l'accès aux aides régionales pour les petites entreprises qui forment un "
        "apprenti :",
        720,
    )
    _item(doc, "un formulaire unique en ligne ;", 720, 1)
    _item(doc, "une réponse dans un délai de trois semaines ;", 720, 1)
    _item(doc, "un versement en une seule fois.", 720, 1)
    doc.add_heading("Personnes auditionnées", level=2)
    _item(doc, "M. Franck Le Goff, directeur régional de France Travail.", 722)
    _item(doc, "Mme Anne Pichon, présidente de l'union régionale des missions locales.", 722)
    _item(doc, "M. Youssef Benali, délégué régional de l'Association des paralysés.", 722)
    return doc


def convention_association_word() -> DocxDocument:
    """Heading 2 numbered "Article %1 –" through its style (titles); a Word table whose "N°"
    column is numbered by a list (the association's commitments); a lettered list "a)" (the
    department's commitments)."""
    doc = _new_docx("Convention pluriannuelle d'objectifs 2026-2028")
    _numbering(
        doc,
        {
            730: [("decimal", "Article %1 –")],
            731: [("decimal", "%1")],
            732: [("lowerLetter", "%1)")],
        },
        {730: (730, False), 731: (731, False), 732: (732, False)},
    )
    _style_numbering(doc.styles["Heading 2"], 730, 0)
    doc.add_heading("Convention pluriannuelle d'objectifs 2026-2028", level=1)
    doc.add_paragraph(
        "Entre le Département du Cantal, représenté par son président, et l'association "
        "Épiceries solidaires du Cantal, représentée par sa présidente, Mme Sylvie Delmas."
    )
    doc.add_heading("Objet", level=2)
    doc.add_paragraph(
        "La présente convention fixe les objectifs de l'association pour l'aide alimentaire et "
        "l'accompagnement budgétaire des ménages modestes, et le soutien que lui apporte le "
        "Département."
    )
    doc.add_heading("Durée", level=2)
    doc.add_paragraph("La convention est conclue pour trois ans à compter du 1er janvier 2026.")
    doc.add_heading("Engagements de l'association", level=2)
    doc.add_paragraph("L'association s'engage à atteindre les objectifs suivants.")
    rows = (
        (
            "Accueillir au moins 1 200 personnes par an dans les quatre épiceries solidaires "
            "du département.",
            "Nombre de personnes accueillies",
        ),
        (
            "Proposer un accompagnement budgétaire individuel à toute famille qui le demande.",
            "Nombre d'accompagnements",
        ),
        (
            "Ouvrir l'épicerie de Saint-Flour deux demi-journées supplémentaires par semaine.",
            "Horaires d'ouverture",
        ),
        (
            "Former les bénévoles à l'accueil des personnes en situation de handicap.",
            "Nombre de bénévoles formés",
        ),
        (
            "Transmettre au Département un bilan d'activité et un compte rendu financier avant "
            "le 30 juin de chaque année.",
            "Date de transmission",
        ),
    )
    table = doc.add_table(rows=1, cols=3)
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(
        table.rows[0].cells, ("N°", "Engagement", "Indicateur de suivi"), strict=True
    ):
        cell.paragraphs[0].text = text
    for engagement, indicator in rows:
        cells = table.add_row().cells
        cells[0].paragraphs[0]._p.get_or_add_pPr().append(_num_pr(731))
        cells[1].paragraphs[0].text = engagement
        cells[2].paragraphs[0].text = indicator
    doc.add_heading("Engagements du Département", level=2)
    doc.add_paragraph("Le Département s'engage à :")
    _item(
        doc,
        "verser une subvention de fonctionnement de 85 000 euros par an, dont 60 % avant le "
        "31 mars ;",
        732,
    )
    _item(doc, "mettre à disposition de l'association un local à Aurillac, à titre gratuit ;", 732)
    _item(doc, "réunir une fois par an le comité de suivi de la convention.", 732)
    doc.add_heading("Évaluation", level=2)
    doc.add_paragraph(
        "Une évaluation des conditions de réalisation des objectifs est conduite dans les six "
        "mois qui précèdent le terme de la convention."
    )
    doc.add_heading("Résiliation", level=2)
    doc.add_paragraph(
        "En cas de non-respect de ses engagements par l'une des parties, la convention peut "
        "être résiliée après une mise en demeure restée sans effet pendant deux mois."
    )
    return doc


# ---------------------------------------------------------------- ODT documents


def papi_oise_odt() -> bytes:
    """A named list style of styles.xml: level 1 "A." (the axes: titles), level 2 shown with
    both levels ("A.1."), level 3 bullets; a numbered list of communes (not items)."""
    styles = _list_style(
        "Programme",
        [
            {"num-format": "A", "num-suffix": "."},
            {"num-format": "1", "num-suffix": ".", "display-levels": "2"},
            {"bullet-char": "–"},
        ],
    )
    automatic = _list_style("L1", [{"num-format": "1", "num-suffix": ")"}])
    axes = [
        (
            "Améliorer la connaissance du risque",
            [
                "Installer douze stations de mesure des hauteurs d'eau sur les affluents de "
                "l'Oise.",
                "Cartographier les zones inondables des communes qui n'ont pas de plan de "
                "prévention des risques.",
            ],
        ),
        (
            "Alerter et préparer la population",
            [
                "Équiper chaque commune riveraine d'un système d'alerte des habitants par SMS.",
                "Aider les communes à réviser leur plan communal de sauvegarde, avec un "
                "exercice tous les deux ans.",
                "Poser des repères de crues dans les lieux publics des 40 communes du programme.",
            ],
        ),
        (
            "Réduire la vulnérabilité",
            [
                (
                    "Restaurer 300 hectares de zones d'expansion des crues en amont de Compiègne :",
                    [
                        "par l'acquisition de prairies inondables ;",
                        "par des conventions avec les exploitants agricoles.",
                    ],
                ),
                "Financer le diagnostic de vulnérabilité de 500 logements situés en zone "
                "inondable.",
                "Déplacer la station d'épuration de Pont-Sainte-Maxence hors de la zone inondable.",
            ],
        ),
    ]
    body = (
        _h("Programme d'actions de prévention des inondations de la vallée de l'Oise", 1)
        + _p(
            "Porté par l'Entente Oise-Aisne, le programme 2026-2031 a été labellisé par la "
            "commission mixte inondation le 9 juillet 2025. Son coût est estimé à 46 millions "
            "d'euros, dont 40 % pris en charge par le fonds de prévention des risques naturels "
            "majeurs."
        )
        + _p("Les communes les plus touchées par la crue de janvier 2024 :")
        + _items("L1", ["Compiègne ;", "Creil ;", "Pont-Sainte-Maxence."])
        + _h("Le programme", 2)
        + _items("Programme", axes)
        + _p("Le comité de pilotage se réunit deux fois par an.")
    )
    return _odt_bytes(
        "Programme d'actions de prévention des inondations", styles, automatic, body, _NOTE
    )


def charte_donnees_odt() -> bytes:
    """Lower roman "i)" principles; a list labelled "Engagement 1 –" (prefix and suffix)
    continued across two sibling headings (not restarted); a bullet list (not items)."""
    automatic = (
        _list_style("L1", [{"num-format": "i", "num-suffix": ")"}])
        + _list_style("L2", [{"num-format": "1", "num-prefix": "Engagement ", "num-suffix": " –"}])
        + _list_style("L3", [{"bullet-char": "•"}])
    )
    body = (
        _h("Charte métropolitaine de la donnée – Rennes Métropole", 1)
        + _p(
            "Adoptée par le conseil métropolitain le 11 décembre 2025. La charte a été rédigée "
            "avec :"
        )
        + _items(
            "L3",
            [
                "un groupe de douze habitants volontaires ;",
                "les universités de Rennes ;",
                "les délégataires des services d'eau et de transport.",
            ],
        )
        + _h("Nos principes", 2)
        + _p("La métropole s'engage à :")
        + _items(
            "L1",
            [
                "publier en données ouvertes, par défaut, toute donnée produite dans le cadre "
                "d'une mission de service public ;",
                "ne jamais revendre les données personnelles des usagers ;",
                "expliquer aux habitants les algorithmes utilisés pour prendre des décisions "
                "qui les concernent ;",
                "héberger les données sensibles en France, chez des prestataires qualifiés.",
            ],
        )
        + _h("Nos engagements pour 2026-2028", 2)
        + _h("Envers les habitants", 3)
        + _items(
            "L2",
            [
                "Ouvrir un portail où chaque habitant consulte les données que la métropole "
                "détient sur lui.",
                "Organiser chaque année deux ateliers publics sur l'usage des données.",
                "Publier le registre des traitements de données personnelles, mis à jour "
                "chaque trimestre.",
            ],
        )
        + _h("Envers les partenaires", 3)
        + _items(
            "L2",
            [
                "Signer une charte de partage des données avec les délégataires de service public.",
                "Mettre à disposition des chercheurs les données de mobilité, anonymisées, "
                "dans un délai de trois mois.",
                "Reverser au socle commun, sous licence libre, les logiciels développés pour "
                "la métropole.",
            ],
            ' text:continue-numbering="true"',
        )
        + _p("La charte sera revue en 2028 avec le même groupe d'habitants.")
    )
    return _odt_bytes("Charte métropolitaine de la donnée", "", automatic, body, _NOTE)


def plan_sport_sante_odt() -> bytes:
    """Headings numbered by the outline style ("2." shown, not written), a new list under each
    restarting at "1)", a lettered sub-level "a)"; a numbered list of reference documents under
    the last heading."""
    styles = (
        '<text:outline-style style:name="Outline">'
        '<text:outline-level-style text:level="1" style:num-format="1" style:num-suffix="."/>'
        '<text:outline-level-style text:level="2" style:num-format=""/>'
        "</text:outline-style>"
    )
    automatic = _list_style(
        "L1", [{"num-format": "1", "num-suffix": ")"}, {"num-format": "a", "num-suffix": ")"}]
    ) + _list_style("L2", [{"num-format": "1", "num-suffix": "."}])
    body = (
        _p("Plan régional sport santé bien-être des Hauts-de-France 2026-2030", "Title")
        + _p(
            "Signé par le préfet de région, le directeur général de l'agence régionale de "
            "santé et le président du conseil régional le 5 février 2026."
        )
        + _h("Le contexte", 1)
        + _p(
            "Dans la région, 38 % des adultes déclarent moins de trente minutes d'activité "
            "physique par jour. Les maisons sport-santé sont au nombre de 21, inégalement "
            "réparties."
        )
        + _h("Promouvoir l'activité physique au quotidien", 1)
        + _items(
            "L1",
            [
                "Équiper 200 cours d'école de marquages au sol pour les jeux actifs.",
                "Ouvrir gratuitement aux associations, le week-end, les équipements sportifs "
                "des lycées.",
                "Lancer une campagne régionale sur les trente minutes d'activité physique "
                "quotidienne.",
            ],
        )
        + _h("Développer le sport sur ordonnance", 1)
        + _items(
            "L1",
            [
                "Créer une maison sport-santé dans chaque arrondissement de la région.",
                (
                    "Prendre en charge les trois premiers mois de licence des patients "
                    "orientés par leur médecin :",
                    ["dans un club labellisé sport-santé ;", "ou dans une maison sport-santé."],
                ),
            ],
        )
        + _h("Former les professionnels", 1)
        + _items(
            "L1",
            [
                "Former 1 000 éducateurs sportifs à l'accueil des personnes atteintes de "
                "maladies chroniques.",
                "Intégrer un module sur l'activité physique adaptée dans la formation des "
                "infirmiers.",
                "Créer un annuaire en ligne des professionnels formés.",
            ],
        )
        + _h("Documents de référence", 1)
        + _items(
            "L2",
            [
                "Stratégie nationale sport-santé 2019-2024.",
                "Expertise collective de l'Inserm sur l'activité physique, 2019.",
            ],
        )
    )
    return _odt_bytes("Plan régional sport santé bien-être", styles, automatic, body, _NOTE)


# ---------------------------------------------------------------- PDF


class _Pages(FPDF):
    """A4 pages with a running header from page 2 and a footer formatted with the page number
    and the page count."""

    running_title = ""
    footer_text = "{page}/{nb}"
    footer_align = "C"

    def header(self) -> None:
        if self.page_no() > 1:
            self.set_font("Helvetica", "I", 8)
            self.cell(0, 8, self.running_title, align="L")
            self.ln(12)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=8)
        text = self.footer_text.replace("{page}", str(self.page_no()))
        self.cell(0, 10, text, align=self.footer_align)


def _pdf(title: str, footer: str, footer_align: str = "C") -> _Pages:
    """A reproducible A4 document (fixed creation date, standard fonts, 22 mm bottom margin)."""
    pdf = _Pages(format="A4")
    # cp1252 covers "œ", "’", "–" and "€" in the standard fonts, so no font file is embedded
    pdf.core_fonts_encoding = "windows-1252"
    pdf.running_title = title
    pdf.footer_text = footer
    pdf.footer_align = footer_align
    pdf.set_creation_date(dt.datetime(2018, 2, 5, 9, 0, tzinfo=dt.UTC))
    pdf.set_title(title)
    pdf.set_author("textmine")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=22)
    return pdf


def _para(pdf: FPDF, text: str, style: str = "", size: int = 11, gap: float = 3) -> None:
    pdf.set_font("Helvetica", style, size)
    pdf.multi_cell(0, 5.5, text)
    pdf.ln(gap)


def _leave_lines(pdf: FPDF, lines: int) -> None:
    """Move down so that only ``lines`` lines of 5.5 mm fit above the bottom margin (22 mm of
    297), so that the next paragraph runs over the page break."""
    room = 297 - 22 - pdf.get_y() - 5.5 * lines - 1
    if room > 0:
        pdf.ln(room)


def rapport_sante_mentale_pdf() -> bytes:
    """A dotted table of contents; a summary table repeating the recommendations (not items);
    numbered section titles; "Recommandation 4 –" running over a page break; "3/5" footers."""
    pdf = _pdf(
        "ARS Pays de la Loire – Évaluation du projet territorial de santé mentale de la Sarthe",
        "Mission d'évaluation – {page}/{nb}",
    )
    recommendations = (
        "Désigner dans chaque secteur de psychiatrie un coordinateur de parcours joignable par "
        "les médecins généralistes.",
        "Ouvrir au Mans un centre d'accueil de crise, ouvert la nuit et le week-end.",
        "Financer quatre équipes mobiles de psychiatrie de la personne âgée, une par "
        "territoire de proximité.",
        "Garantir un premier rendez-vous en centre médico-psychologique dans un délai de "
        "quinze jours pour les enfants et les adolescents, en renforçant les équipes de "
        "pédopsychiatrie de Sablé-sur-Sarthe et de La Flèche par le recrutement de "
        "psychologues et d'infirmiers formés, et en ouvrant des consultations avancées dans "
        "les maisons de santé des communes les plus éloignées.",
        "Développer les logements accompagnés pour les personnes stabilisées, avec 60 places "
        "supplémentaires d'ici 2028.",
        "Réunir chaque semestre le conseil territorial de santé mentale, en présence des "
        "associations d'usagers et de familles.",
    )
    short = (
        "Désigner dans chaque secteur un coordinateur de parcours",
        "Ouvrir au Mans un centre d'accueil de crise",
        "Financer quatre équipes mobiles de psychiatrie de la personne âgée",
        "Garantir un premier rendez-vous en CMP en quinze jours pour les mineurs",
        "Développer les logements accompagnés",
        "Réunir chaque semestre le conseil territorial de santé mentale",
    )
    pdf.add_page()
    _para(pdf, "Évaluation du projet territorial de santé mentale de la Sarthe", "B", 16)
    _para(pdf, "Rapport de la mission d'évaluation – novembre 2025", "", 12, 8)
    _para(pdf, "Sommaire", "B", 12)
    for entry, page in (
        ("Synthèse des recommandations", 2),
        ("1. Un parcours encore fragmenté", 3),
        ("2. Des moyens inégalement répartis", 3),
        ("3. Les recommandations de la mission", 3),
    ):
        pdf.set_font("Helvetica", size=11)
        pdf.cell(150, 6, entry + " " + "." * (70 - len(entry)))
        pdf.cell(0, 6, str(page), align="R")
        pdf.ln(6)
    pdf.add_page()
    _para(pdf, "Synthèse des recommandations", "B", 13)
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(15, 7, "N°", border=1)
    pdf.cell(0, 7, "Recommandation", border=1)
    pdf.ln(7)
    pdf.set_font("Helvetica", size=10)
    for k, text in enumerate(short, start=1):
        pdf.cell(15, 7, str(k), border=1)
        pdf.cell(0, 7, text, border=1)
        pdf.ln(7)
    pdf.add_page()
    _para(pdf, "1. Un parcours encore fragmenté", "B", 13)
    _para(
        pdf,
        "Le projet territorial de santé mentale, signé en 2020, a permis de créer une "
        "plateforme d'orientation et deux équipes mobiles. Mais les médecins généralistes "
        "interrogés (112 réponses) disent ne pas savoir à qui adresser un patient en crise, "
        "et le délai d'attente pour un premier rendez-vous en pédopsychiatrie dépasse six "
        "mois dans le sud du département.",
    )
    _para(pdf, "2. Des moyens inégalement répartis", "B", 13)
    _para(
        pdf,
        "La Sarthe compte 9 psychiatres libéraux pour 100 000 habitants, contre 21 en moyenne "
        "nationale. Les deux tiers des lits sont situés au Mans.",
    )
    _para(pdf, "3. Les recommandations de la mission", "B", 13)
    for k, text in enumerate(recommendations, start=1):
        if k == 4:
            _leave_lines(pdf, 2)
        _para(pdf, f"Recommandation {k} – {text}")
    return bytes(pdf.output())


def plan_tourisme_pdf() -> bytes:
    """Numbers in the left margin, the text indented beside them; lists restarting at 1 under
    headings "AXE 1 :" ...; a margin-numbered list of past results (not items)."""
    pdf = _pdf(
        "Parc naturel régional du Vercors – Plan tourisme durable 2026-2030",
        "PNR du Vercors – Plan tourisme durable – p. {page}",
        "R",
    )

    def numbered(k: int, text: str) -> None:
        y = pdf.get_y()
        pdf.set_font("Helvetica", "B", 11)
        pdf.set_xy(20, y)
        pdf.cell(8, 5.5, str(k))
        pdf.set_font("Helvetica", size=11)
        pdf.set_xy(30, y)
        pdf.multi_cell(160, 5.5, text)
        pdf.ln(2)

    pdf.add_page()
    _para(pdf, "Plan tourisme durable 2026-2030", "B", 16)
    _para(pdf, "Parc naturel régional du Vercors", "", 12, 6)
    _para(
        pdf,
        "Le massif accueille près de deux millions de visiteurs par an, concentrés sur les "
        "week-ends d'été et les vacances d'hiver. Le plan a été adopté par le comité syndical "
        "du parc le 2 octobre 2025.",
    )
    _para(pdf, "Bilan du plan 2019-2024", "B", 12)
    for k, text in enumerate(
        (
            "Douze navettes estivales ont desservi les sites les plus fréquentés.",
            "La Grande Traversée du Vercors a été entièrement rebalisée en 2022.",
            "Le nombre d'hébergements labellisés Valeurs Parc est passé de 31 à 54.",
        ),
        start=1,
    ):
        numbered(k, text)
    pdf.ln(3)
    axes = (
        (
            "AXE 1 : Étaler la fréquentation dans l'année et sur le territoire",
            (
                "Créer des itinéraires de randonnée vers les villages du sud du massif, "
                "balisés et décrits en ligne.",
                "Mettre en place une réservation du stationnement au col de la Croix-Perrin "
                "les week-ends d'été.",
                "Proposer aux écoles des séjours de découverte du massif hors saison, à prix "
                "réduit.",
            ),
        ),
        (
            "AXE 2 : Adapter l'offre au changement climatique",
            (
                "Accompagner les stations de Villard-de-Lans et d'Autrans dans la "
                "diversification de leurs activités sur les quatre saisons.",
                "Financer la rénovation énergétique de 40 hébergements touristiques familiaux.",
                "Équiper les refuges de toilettes sèches et de récupérateurs d'eau de pluie.",
            ),
        ),
        (
            "AXE 3 : Faire du visiteur un acteur du parc",
            (
                "Former 150 professionnels du tourisme à la présentation des patrimoines "
                "naturels du parc.",
                "Diffuser un code de bonne conduite du visiteur dans tous les hébergements et "
                "offices de tourisme.",
            ),
        ),
    )
    for title, items in axes:
        _para(pdf, title, "B", 12)
        for k, text in enumerate(items, start=1):
            numbered(k, text)
        pdf.ln(3)
    _para(
        pdf,
        "Le plan est doté de 3,4 millions d'euros, dont 1,5 million apportés par la région "
        "Auvergne-Rhône-Alpes.",
    )
    return bytes(pdf.output())


def circulaire_noyades_pdf() -> bytes:
    """A circular: roman section titles, "Priorité n° 1" on its own line above its text, one
    priority across a page break, an annexed numbered calendar (not items)."""
    pdf = _pdf(
        "Circulaire relative à la prévention des noyades – saison 2026",
        "NOR : SPOV2600071C – page {page} sur {nb}",
    )
    pdf.add_page()
    _para(pdf, "MINISTÈRE DES SPORTS, DE LA JEUNESSE ET DE LA VIE ASSOCIATIVE", "B", 11)
    _para(pdf, "La ministre", "", 11, 6)
    _para(pdf, "à", "", 11, 2)
    _para(pdf, "Mesdames et Messieurs les préfets de département", "", 11, 6)
    _para(pdf, "Objet : prévention des noyades pendant la saison estivale 2026.", "B", 11, 6)
    _para(pdf, "I. Le bilan de la saison 2025", "B", 12)
    _para(
        pdf,
        "Entre le 1er juin et le 30 septembre 2025, 1 180 noyades accidentelles ont été "
        "recensées, dont 310 suivies d'un décès. Un quart des décès concernait des personnes "
        "de plus de 65 ans ; les enfants de moins de six ans restent les plus exposés dans les "
        "piscines privées.",
    )
    _para(pdf, "II. Les priorités pour 2026", "B", 12)
    _para(pdf, "Je vous demande de mettre en œuvre les priorités suivantes.")
    priorities = (
        "Réunir avant le 30 avril la commission de sécurité des baignades avec les maires des "
        "communes littorales et des communes riveraines de plans d'eau.",
        "Augmenter l'offre de créneaux d'apprentissage de la nage pour les enfants de 4 à 6 "
        "ans, en mobilisant les piscines pendant les vacances de printemps.",
        "Contrôler les baignades aménagées qui n'ont pas déclaré de dispositif de surveillance "
        "pour la saison.",
        "Diffuser les messages de prévention de la campagne nationale dans les campings, les "
        "offices de tourisme et les accueils collectifs de mineurs, en veillant à ce qu'ils "
        "soient traduits dans les langues des principaux visiteurs étrangers du département "
        "et affichés à l'entrée de chaque site de baignade non surveillé.",
        "Recenser les noyades survenues dans le département et transmettre chaque mois ce "
        "recensement à Santé publique France.",
        "Désigner au sein de chaque préfecture un référent noyades, interlocuteur des maires "
        "pendant toute la saison.",
    )
    for k, text in enumerate(priorities, start=1):
        if k == 4:
            # the label and two lines on the first page, the rest on the next
            _leave_lines(pdf, 3)
        _para(pdf, f"Priorité n° {k}", "B", 11, 1)
        _para(pdf, text)
    _para(pdf, "III. Le calendrier", "B", 12)
    _para(
        pdf,
        "Vous me rendrez compte de la mise en œuvre de la priorité n° 4 avant le 15 juin, et "
        "du bilan de la saison avant le 31 octobre 2026.",
    )
    _para(pdf, "Annexe 1 : calendrier de la saison", "B", 12)
    for k, text in enumerate(
        (
            "Avant le 31 mars : transmission des listes de baignades déclarées.",
            "Avant le 30 avril : réunion de la commission de sécurité des baignades.",
            "Du 1er juin au 30 septembre : recensement mensuel des noyades.",
        ),
        start=1,
    ):
        _para(pdf, f"{k}. {text}", gap=1)
    return bytes(pdf.output())


BUILDERS: dict[str, Callable[[], bytes]] = {
    "plan-egalite-universite-word.docx": lambda: reproducible_bytes(plan_egalite_word()),
    "schema-dechets-region-word.docx": lambda: reproducible_bytes(schema_dechets_word()),
    "avis-ceser-emploi-word.docx": lambda: reproducible_bytes(avis_ceser_word()),
    "convention-objectifs-association-word.docx": lambda: reproducible_bytes(
        convention_association_word()
    ),
    "papi-vallee-oise-odt.odt": papi_oise_odt,
    "charte-donnees-metropole-odt.odt": charte_donnees_odt,
    "plan-sport-sante-odt.odt": plan_sport_sante_odt,
    "rapport-sante-mentale-pdf.pdf": rapport_sante_mentale_pdf,
    "plan-tourisme-vercors-pdf.pdf": plan_tourisme_pdf,
    "circulaire-noyades-pdf.pdf": circulaire_noyades_pdf,
}


def main(argv: list[str] | None = None) -> None:
    write_documents(BUILDERS, DEFAULT_OUTPUT, __doc__, "the blind7 set", argv)


if __name__ == "__main__":
    main()
