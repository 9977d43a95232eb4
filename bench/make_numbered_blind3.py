"""Build the DOCX, ODT and PDF documents of ``tests/data/numbered_blind3/`` (blind set P19).

Fictitious French plans, opinions and reports written for textmine's third blind set of
numbered layouts (bench/RESULTS.md P19), by a writer who had not read the detection rules nor
the earlier sets' documents. Their numbers are the word processor's automatic numbering (Word
``w:numPr`` directly or through a paragraph style, ODF list styles), never text, or (PDF) text
laid out on pages with running headers, page numbers and a dotted table of contents. The gold
items are in ``NAME.gold.csv`` beside each file, written by hand with the documents, before any
detection ran on them. The output is byte-for-byte reproducible (fixed dates, fixed zip order).

Needs python-docx and fpdf2 (both in the project's environment); takes about a second:

    python -m bench.make_numbered_blind3 [output_folder]
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE

from bench.make_corpus_docx import reproducible_bytes
from bench.make_numbered_blind2 import (
    _h,
    _item,
    _items,
    _list_style,
    _numbering,
    _p,
    _para,
    _pdf,
    write_documents,
)
from bench.make_numbered_blind2 import _new_docx as _blind2_new_docx
from bench.make_numbered_blind2 import (
    _odt_bytes as blind2_odt_bytes,
)

DEFAULT_OUTPUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "numbered_blind3"
_DESCRIPTION = "Document fictif rédigé pour le troisième jeu aveugle de textmine (P19)."


# ---------------------------------------------------------------- DOCX


def _new_docx(title: str) -> DocxDocument:
    return _blind2_new_docx(title, _DESCRIPTION)


def _style_numbering(style, num_id: int) -> None:
    """Numbering through a paragraph style: its ``w:pPr`` gets a ``w:numPr`` (schema order)."""
    num_pr = style.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id


def plan_numerique_ecoles_word() -> DocxDocument:
    """Heading 2 titles without numbers, a Word list restarting under each (one abstract list,
    a ``w:num`` with ``startOverride`` per heading); a bullet sub-level inside one item; a
    first heading with prose only."""
    doc = _new_docx("Plan numérique pour les écoles de Saint-Brieuc 2026-2029")
    _numbering(
        doc,
        {300: [("decimal", "%1."), ("bullet", "–")], 301: [("bullet", "•")]},
        {300: (300, True), 302: (300, True), 303: (300, True), 301: (301, False)},
    )
    doc.add_heading("Plan numérique pour les écoles de Saint-Brieuc 2026-2029", level=1)
    doc.add_heading("Où en sont nos écoles ?", level=2)
    doc.add_paragraph(
        "La ville compte 24 écoles publiques et 3 900 élèves. L'enquête menée auprès des "
        "directeurs en 2025 a relevé :"
    )
    _item(doc, "des ordinateurs de plus de huit ans dans la moitié des classes ;", 301)
    _item(doc, "une connexion insuffisante dans neuf écoles ;", 301)
    _item(doc, "l'absence de référent numérique pour les enseignants.", 301)
    doc.add_heading("Équiper les classes", level=2)
    _item(
        doc,
        "Doter chaque classe élémentaire d'un écran interactif d'ici la rentrée 2027, en "
        "commençant par les écoles des quartiers prioritaires.",
        300,
    )
    _item(doc, "Raccorder les neuf écoles encore mal desservies à la fibre optique.", 300)
    _item(
        doc,
        "Constituer une flotte de 400 tablettes prêtées aux écoles par période de six semaines :",
        300,
    )
    _item(doc, "réservation en ligne par les enseignants ;", 300, 1)
    _item(doc, "maintenance assurée par le service informatique de la ville.", 300, 1)
    doc.add_heading("Accompagner les enseignants", level=2)
    _item(
        doc,
        "Recruter deux animateurs numériques qui interviennent dans les classes à la demande "
        "des enseignants.",
        302,
    )
    _item(
        doc,
        "Organiser chaque année une journée d'échanges de pratiques avec la circonscription "
        "de l'Éducation nationale.",
        302,
    )
    _item(doc, "Mettre à disposition des écoles un espace numérique de travail commun.", 302)
    doc.add_heading("Associer les familles", level=2)
    _item(
        doc,
        "Ouvrir des ateliers du soir pour les parents qui souhaitent suivre la scolarité de "
        "leurs enfants en ligne.",
        303,
    )
    _item(
        doc,
        "Prêter un ordinateur reconditionné aux familles qui n'en ont pas, sur proposition "
        "du directeur d'école.",
        303,
    )
    doc.add_paragraph(
        "Le plan représente un investissement de 2,1 millions d'euros, dont 30 % financés par "
        "l'État au titre du socle numérique des écoles."
    )
    return doc


def avis_ccas_word() -> DocxDocument:
    """Upper roman numbers given by a paragraph style ("Recommandation" carries the
    ``w:numPr``); a lower-letter list "a)"; a Word table of contents and a decimal list of the
    persons heard (decoys)."""
    doc = _new_docx("Avis du conseil d'administration du CCAS de Poitiers sur l'aide alimentaire")
    _numbering(
        doc,
        {310: [("upperRoman", "%1.")], 311: [("lowerLetter", "%1)")], 312: [("decimal", "%1.")]},
        {310: (310, False), 311: (311, False), 312: (312, False)},
    )
    style = doc.styles.add_style("Recommandation", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    _style_numbering(style.element, 310)
    for level in (1, 2):
        doc.styles.add_style(f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH)
    doc.add_heading("Avis sur l'aide alimentaire à Poitiers", level=1)
    doc.add_paragraph("Sommaire")
    for text, level in (
        ("Le constat\t2", 1),
        ("Les personnes entendues\t2", 2),
        ("Nos recommandations au CCAS\t3", 1),
        ("Nos demandes aux partenaires\t4", 1),
    ):
        doc.add_paragraph(text, style=f"TOC {level}")
    doc.add_heading("Le constat", level=2)
    doc.add_paragraph(
        "Les distributions alimentaires de la ville ont servi 5 200 foyers en 2024, 30 % de "
        "plus qu'en 2021. Les étudiants et les retraités isolés sont les publics dont le nombre "
        "a le plus augmenté. Les bénévoles des associations vieillissent et les locaux de la "
        "banque alimentaire arrivent à saturation."
    )
    doc.add_heading("Les personnes entendues", level=3)
    for name in (
        "Mme Odile Renaud, présidente de la banque alimentaire de la Vienne ;",
        "M. Karim Belkacem, responsable de l'épicerie solidaire de Beaulieu ;",
        "Mme Anne Texier, directrice du centre régional des œuvres universitaires.",
    ):
        _item(doc, name, 312)
    doc.add_heading("Nos recommandations au CCAS", level=2)
    for text in (
        "Ouvrir une deuxième épicerie solidaire dans le quartier des Couronneries, avec des "
        "horaires adaptés aux personnes qui travaillent.",
        "Remplacer les colis par des bons d'achat nominatifs chez les commerçants partenaires "
        "pour les familles avec de jeunes enfants.",
        "Financer un camion frigorifique partagé entre les associations pour collecter les "
        "invendus des grandes surfaces.",
        "Créer une instance de coordination qui réunit tous les trimestres le CCAS, les "
        "associations et les représentants des bénéficiaires.",
    ):
        doc.add_paragraph(text, style="Recommandation")
    doc.add_heading("Nos demandes aux partenaires", level=2)
    for text in (
        "au département, de prendre en charge le transport des denrées vers les communes "
        "rurales de l'agglomération ;",
        "à l'université, d'ouvrir une distribution sur le campus pendant les vacances "
        "universitaires ;",
        "à l'État, de revaloriser la subvention du programme national de l'aide alimentaire.",
    ):
        _item(doc, text, 311)
    doc.add_paragraph("Avis adopté à l'unanimité le 3 novembre 2025.")
    return doc


def rapport_egalite_word() -> DocxDocument:
    """Numbered section titles given by the Heading 1 style (decoys) and one Word list of
    recommendations under one heading only (numbers "1" to "5", not hierarchical)."""
    doc = _new_docx("Rapport sur l'égalité professionnelle dans les services du département")
    _numbering(
        doc,
        {320: [("decimal", "%1.")], 321: [("decimal", "%1.")], 322: [("bullet", "•")]},
        {320: (320, False), 321: (321, False), 322: (322, False)},
    )
    _style_numbering(doc.styles["Heading 1"].element, 320)
    doc.add_paragraph(
        "Rapport sur l'égalité professionnelle entre les femmes et les hommes – Département "
        "de la Drôme – 2025"
    )
    doc.add_heading("Le constat", level=1)
    doc.add_paragraph(
        "Le département emploie 2 950 agents, dont 64 % de femmes. Elles occupent 41 % des "
        "postes de direction. L'écart de rémunération moyen est de 9 %, et il atteint 14 % dans "
        "la filière technique. Les femmes représentent 88 % des agents à temps partiel."
    )
    doc.add_paragraph("Les principales causes relevées par le groupe de travail sont :")
    _item(doc, "la concentration des femmes dans les métiers les moins rémunérés ;", 322)
    _item(doc, "les primes plus élevées dans les filières à dominante masculine ;", 322)
    _item(doc, "le temps partiel, choisi ou subi, qui ralentit les carrières.", 322)
    doc.add_heading("Les recommandations", level=1)
    doc.add_paragraph("Le groupe de travail recommande de :")
    for text in (
        "Réviser le régime indemnitaire pour aligner les primes de la filière sociale sur "
        "celles de la filière technique, en deux étapes, en 2026 et en 2027.",
        "Fixer un objectif de 50 % de femmes parmi les nominations aux postes de direction.",
        "Ouvrir les formations de préparation aux concours d'encadrement sur le temps de "
        "travail, avec une garde d'enfants prise en charge.",
        "Nommer un référent égalité dans chaque direction.",
        "Publier chaque année les écarts de rémunération par filière et par catégorie.",
    ):
        _item(doc, text, 321)
    doc.add_heading("Le suivi", level=1)
    doc.add_paragraph(
        "Le comité social territorial examinera chaque année l'avancement de ces recommandations."
    )
    return doc


def programme_actions_word() -> DocxDocument:
    """One three-level Word list with words in the numbers: "Orientation %1 –" and
    "Objectif %1.%2 –" (titles), "Action %1.%2.%3 –" (the items)."""
    doc = _new_docx("Programme d'actions du schéma départemental des gens du voyage")
    _numbering(
        doc,
        {
            330: [
                ("decimal", "Orientation %1 –"),
                ("decimal", "Objectif %1.%2 –"),
                ("decimal", "Action %1.%2.%3 –"),
            ]
        },
        {330: (330, False)},
    )
    doc.add_heading(
        "Schéma départemental d'accueil des gens du voyage de la Gironde 2025-2031", level=1
    )
    doc.add_paragraph(
        "Le schéma a été arrêté conjointement par le préfet et le président du conseil "
        "départemental le 12 mai 2025. Le précédent schéma prévoyait 1 480 places en aires "
        "d'accueil ; 1 210 ont été réalisées."
    )
    doc.add_heading("Programme d'actions", level=2)
    entries = (
        (0, "Compléter l'offre d'accueil"),
        (1, "Réaliser les aires prescrites"),
        (
            2,
            "Créer les 270 places en aires d'accueil qui manquent, en priorité dans les "
            "communautés de communes du Médoc et du Libournais.",
        ),
        (
            2,
            "Aménager deux aires de grand passage de 200 places chacune, ouvertes de mai à "
            "septembre.",
        ),
        (1, "Développer l'habitat adapté"),
        (
            2,
            "Financer 60 terrains familiaux locatifs pour les familles qui souhaitent se "
            "sédentariser.",
        ),
        (0, "Accompagner les familles"),
        (1, "Scolariser les enfants"),
        (
            2,
            "Affecter un enseignant itinérant dans chaque arrondissement pour suivre la "
            "scolarité des enfants des aires d'accueil.",
        ),
        (2, "Faciliter l'inscription au centre national d'enseignement à distance."),
        (1, "Favoriser l'accès aux soins"),
        (
            2,
            "Organiser une tournée mensuelle d'un bus de prévention santé sur les aires d'accueil.",
        ),
        (
            2,
            "Ouvrir les droits à l'assurance maladie lors d'une permanence sur chaque aire, "
            "avec la caisse primaire.",
        ),
    )
    for level, text in entries:
        _item(doc, text, 330, level)
    doc.add_paragraph(
        "Une commission consultative départementale se réunit deux fois par an pour suivre "
        "la mise en œuvre du schéma."
    )
    return doc


# ---------------------------------------------------------------- ODT


def _odt_bytes(title: str, styles: str, automatic: str, body: str) -> bytes:
    return blind2_odt_bytes(title, styles, automatic, body, _DESCRIPTION)


def plan_eau_odt() -> bytes:
    """An automatic list style "1." and a new ``text:list`` under each of three unnumbered
    headings (numbers restart); a bullet sub-level inside one item; a bullet list (decoy)."""
    automatic = _list_style(
        "L1",
        [{"num-format": "1", "num-suffix": "."}, {"bullet-char": "–"}],
    ) + _list_style("L2", [{"bullet-char": "•"}])
    body = (
        _h("Plan de gestion de la ressource en eau du bassin de la Sèvre nantaise", 1)
        + _p(
            "Le plan a été validé par la commission locale de l'eau le 26 juin 2025. Les étés "
            "2022 et 2023 ont conduit à des restrictions d'usage pendant plus de cent jours. "
            "Il a été élaboré avec :"
        )
        + _items("L2", ["les quatre syndicats d'eau potable ;", "la chambre d'agriculture."])
        + _h("Économiser l'eau", 2)
        + _items(
            "L1",
            [
                "Équiper de compteurs communicants les 48 000 abonnés du bassin d'ici 2028, "
                "pour détecter les fuites chez les particuliers.",
                "Réduire les fuites des réseaux d'eau potable pour atteindre un rendement de "
                "85 % dans chaque syndicat.",
                (
                    "Accompagner les exploitations agricoles vers des cultures moins "
                    "consommatrices d'eau :",
                    [
                        "diagnostic gratuit de l'irrigation ;",
                        "aide de 40 % aux équipements de goutte-à-goutte.",
                    ],
                ),
            ],
        )
        + _h("Restaurer les milieux", 2)
        + _items(
            "L1",
            [
                "Effacer ou aménager onze seuils sur la Sèvre et la Moine pour rétablir la "
                "continuité écologique.",
                "Replanter des ripisylves sur vingt kilomètres de berges.",
            ],
        )
        + _h("Partager la ressource", 2)
        + _items(
            "L1",
            [
                "Fixer par arrêté inter-préfectoral des volumes prélevables par usage et par "
                "sous-bassin.",
                "Créer un observatoire de l'eau qui publie chaque mois le niveau des nappes et "
                "des rivières.",
            ],
        )
        + _p("Le coût du plan est estimé à 18 millions d'euros sur six ans.")
    )
    return _odt_bytes("Plan de gestion de la ressource en eau", "", automatic, body)


def charte_accueil_odt() -> bytes:
    """``num-format="A"`` suffix "."; ``num-format="i"`` prefix "(" suffix ")"; a decimal list
    of signatories (decoy)."""
    automatic = (
        _list_style("LA", [{"num-format": "A", "num-suffix": "."}])
        + _list_style("LI", [{"num-format": "i", "num-prefix": "(", "num-suffix": ")"}])
        + _list_style("LS", [{"num-format": "1", "num-suffix": "."}])
    )
    body = (
        _h("Charte d'accueil des usagers des services publics de la Creuse", 1)
        + _p(
            "Les services de l'État, le département et les maisons France Services de la "
            "Creuse ont rédigé ensemble cette charte en 2025, après une enquête auprès de 900 "
            "usagers."
        )
        + _h("Signataires", 2)
        + _items(
            "LS",
            [
                "la préfecture de la Creuse ;",
                "le conseil départemental de la Creuse ;",
                "l'association des maires de la Creuse.",
            ],
        )
        + _h("Nos engagements envers les usagers", 2)
        + _items(
            "LA",
            [
                "Répondre à tout courrier ou courriel dans un délai de quinze jours ouvrés.",
                "Recevoir sur rendez-vous, dans un délai d'une semaine, toute personne qui en "
                "fait la demande dans une maison France Services.",
                "Indiquer sur chaque courrier le nom et le numéro direct de l'agent qui suit "
                "le dossier.",
                "Proposer une aide aux démarches en ligne à toute personne qui ne peut pas les "
                "faire seule.",
            ],
        )
        + _h("Nos engagements envers les agents d'accueil", 2)
        + _items(
            "LI",
            [
                "Former chaque agent d'accueil à la gestion des situations conflictuelles.",
                "Réunir deux fois par an les agents des différents services pour partager les "
                "difficultés rencontrées.",
                "Mesurer chaque année la satisfaction des usagers et en publier les résultats.",
            ],
        )
    )
    return _odt_bytes("Charte d'accueil des usagers de la Creuse", "", automatic, body)


def schema_autonomie_odt() -> bytes:
    """A named list style in styles.xml with words in the numbers: level 1 "Orientation 1 –"
    (titles), level 2 "Objectif opérationnel 1.2 :" (``display-levels="2"``, the items),
    level 3 bullets inside the items."""
    styles = _list_style(
        "Schéma",
        [
            {"num-format": "1", "num-prefix": "Orientation ", "num-suffix": " –"},
            {
                "num-format": "1",
                "num-prefix": "Objectif opérationnel ",
                "num-suffix": " :",
                "display-levels": "2",
            },
            {"bullet-char": "•"},
        ],
    )
    entries = [
        (
            "Prévenir la perte d'autonomie",
            [
                "Déployer dans chaque canton un programme d'activité physique adaptée pour "
                "les personnes de plus de 70 ans.",
                (
                    "Repérer les personnes âgées isolées avec les services d'aide à domicile et "
                    "les facteurs :",
                    [
                        "visite à domicile dans le mois qui suit le signalement ;",
                        "fichier partagé avec les centres communaux d'action sociale.",
                    ],
                ),
            ],
        ),
        (
            "Soutenir les aidants",
            [
                "Ouvrir une plateforme d'accompagnement et de répit dans chaque bassin de vie.",
                "Financer 30 places d'accueil de jour supplémentaires d'ici 2028.",
            ],
        ),
        (
            "Rendre les métiers du grand âge attractifs",
            [
                "Revaloriser l'indemnité kilométrique des aides à domicile à 0,45 euro.",
                "Créer un parcours de formation qualifiante pour 200 aides à domicile par an.",
            ],
        ),
    ]
    body = (
        _h("Schéma départemental de l'autonomie du Lot 2026-2030", 1)
        + _p(
            "Un habitant du Lot sur six a plus de 75 ans. Le schéma a été élaboré avec le "
            "conseil départemental de la citoyenneté et de l'autonomie."
        )
        + _items("Schéma", entries)
        + _p("Le schéma sera évalué à mi-parcours, en 2028.")
    )
    return _odt_bytes("Schéma départemental de l'autonomie du Lot", styles, "", body)


# ---------------------------------------------------------------- PDF


def rapport_chambre_pdf() -> bytes:
    """A report: a dotted table of contents, numbered section titles, "Recommandation n° 1 :"
    paragraphs of two to four lines, one across a page break; running header, page numbers."""
    pdf = _pdf("Chambre régionale des comptes – La gestion des piscines de Périgueux")
    pdf.add_page()
    _para(pdf, "Chambre régionale des comptes Nouvelle-Aquitaine", "B", 14)
    _para(pdf, "Rapport d'observations définitives", "B", 12)
    _para(pdf, "La gestion des équipements aquatiques de la communauté d'agglomération", gap=8)
    _para(pdf, "Sommaire", "B", 12)
    pdf.set_font("Helvetica", size=11)
    for text, page in (
        ("Synthèse", 2),
        ("Recommandations", 2),
        ("1. Un parc vieillissant et coûteux", 3),
        ("2. Une gestion à mieux piloter", 4),
        ("3. La tarification et la fréquentation", 5),
    ):
        width = pdf.get_string_width(text)
        dots = "." * int((150 - width) / pdf.get_string_width("."))
        pdf.cell(160, 7, f"{text} {dots} {page}", new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    _para(pdf, "Synthèse", "B", 13)
    _para(
        pdf,
        "La communauté d'agglomération du Grand Périgueux gère trois piscines couvertes et un "
        "centre aquatique ouvert en 2016. Le déficit d'exploitation de ces équipements a "
        "atteint 4,2 millions d'euros en 2023, soit 38 euros par habitant. La chambre a "
        "examiné la gestion de ces équipements de 2019 à 2024.",
    )
    _para(pdf, "Recommandations", "B", 13)
    recommendations = (
        "Établir un plan pluriannuel d'investissement pour les quatre équipements, fondé "
        "sur un diagnostic technique et énergétique de chacun d'eux.",
        "Mettre en place une comptabilité analytique par équipement, afin de connaître le "
        "coût réel de chaque entrée et de chaque créneau réservé aux écoles et aux clubs.",
        "Renégocier le contrat de délégation du centre aquatique avant son échéance de 2027, "
        "en y introduisant des pénalités en cas de fermeture non programmée et un partage "
        "des recettes au-delà d'un seuil de fréquentation fixé chaque année par le conseil "
        "communautaire.",
        "Harmoniser les tarifs des quatre équipements et instaurer un tarif réduit fondé sur "
        "le quotient familial.",
        "Présenter chaque année au conseil communautaire un rapport sur la fréquentation et "
        "les résultats financiers de chaque équipement.",
        "Étudier, avec les communes membres, le regroupement de l'apprentissage de la "
        "natation scolaire dans deux équipements.",
    )
    for k, text in enumerate(recommendations, start=1):
        _para(pdf, f"Recommandation n° {k} : {text}", "B")
        if k == 2:
            _para(
                pdf,
                "La chambre relève que ces recommandations rejoignent celles de son précédent "
                "contrôle, en 2017, qui n'ont été que partiellement mises en œuvre.",
            )
            # fills the page so that recommendation 3 (four lines of 5.5 mm) starts two
            # lines above the bottom margin (22 mm of 297) and runs over the page break
            pdf.ln(297 - 22 - pdf.get_y() - 12)
    sections = (
        (
            "1. Un parc vieillissant et coûteux",
            "Les trois piscines couvertes ont été construites entre 1968 et 1977. Leur "
            "consommation d'énergie représente 41 % de leurs charges. Aucun programme de "
            "travaux n'a été arrêté depuis 2015.",
        ),
        (
            "2. Une gestion à mieux piloter",
            "Les coûts de chaque équipement ne sont pas connus avec précision : les charges "
            "de personnel sont imputées globalement au service des sports. Le délégataire du "
            "centre aquatique remet des comptes qui ne distinguent pas les activités.",
        ),
        (
            "3. La tarification et la fréquentation",
            "Les tarifs varient du simple au double d'un équipement à l'autre. La "
            "fréquentation a baissé de 12 % depuis 2019, alors que la population de "
            "l'agglomération a augmenté.",
        ),
    )
    pdf.add_page()
    for title, text in sections:
        _para(pdf, title, "B", 13)
        _para(pdf, text, gap=6)
    return bytes(pdf.output())


def feuille_route_hydrogene_pdf() -> bytes:
    """Bold headings without numbers over lists that restart at "1.", the number in its own
    cell and the text indented (hanging) over two or three lines; a numbered list of past
    projects in the annex (decoy)."""
    pdf = _pdf("Feuille de route régionale pour l'hydrogène renouvelable")
    pdf.add_page()
    _para(pdf, "Feuille de route régionale pour l'hydrogène renouvelable 2026-2030", "B", 15)
    _para(
        pdf,
        "Région Grand Est. Adoptée par l'assemblée régionale le 20 novembre 2025. La région "
        "compte quatre électrolyseurs en service et vise une production de 15 000 tonnes "
        "d'hydrogène renouvelable par an en 2030.",
        gap=6,
    )

    def numbered(k: int, text: str) -> None:
        pdf.set_font("Helvetica", size=11)
        pdf.cell(8, 5.5, f"{k}.")
        pdf.multi_cell(0, 5.5, text)
        pdf.ln(1.5)

    parts = (
        (
            "Produire localement",
            (
                "Soutenir la construction de trois électrolyseurs de plus de 20 mégawatts "
                "raccordés aux parcs éoliens et photovoltaïques de la région.",
                "Réserver aux projets d'hydrogène une part de 10 % du fonds régional pour "
                "l'économie circulaire.",
            ),
        ),
        (
            "Développer les usages",
            (
                "Convertir à l'hydrogène les trains régionaux de la ligne Strasbourg – "
                "Sarreguemines d'ici 2029, en lien avec SNCF Voyageurs et le constructeur "
                "retenu.",
                "Aider les transporteurs à acquérir 150 poids lourds à hydrogène, à hauteur "
                "de 50 000 euros par véhicule.",
                "Ouvrir six stations de recharge publiques le long des axes de fret.",
            ),
        ),
        (
            "Former et sécuriser",
            (
                "Créer une licence professionnelle des métiers de l'hydrogène à l'université "
                "de Haute-Alsace.",
                "Financer la formation des sapeurs-pompiers aux risques liés à l'hydrogène.",
            ),
        ),
    )
    for title, items in parts:
        _para(pdf, title, "B", 12)
        for k, text in enumerate(items, start=1):
            numbered(k, text)
        pdf.ln(3)
    _para(pdf, "Annexe – Projets soutenus depuis 2020", "B", 12)
    for k, text in enumerate(
        (
            "Électrolyseur de 5 mégawatts de Saint-Avold, mis en service en 2023.",
            "Station de recharge de l'aéroport de Strasbourg-Entzheim, ouverte en 2022.",
            "Bus à hydrogène de l'agglomération d'Épinal, en service depuis 2024.",
        ),
        start=1,
    ):
        numbered(k, text)
    return bytes(pdf.output())


BUILDERS: dict[str, Callable[[], bytes]] = {
    "plan-numerique-ecoles-word.docx": lambda: reproducible_bytes(plan_numerique_ecoles_word()),
    "avis-ccas-word.docx": lambda: reproducible_bytes(avis_ccas_word()),
    "rapport-egalite-word.docx": lambda: reproducible_bytes(rapport_egalite_word()),
    "programme-gens-voyage-word.docx": lambda: reproducible_bytes(programme_actions_word()),
    "plan-eau-odt.odt": plan_eau_odt,
    "charte-accueil-odt.odt": charte_accueil_odt,
    "schema-autonomie-odt.odt": schema_autonomie_odt,
    "rapport-chambre-pdf.pdf": rapport_chambre_pdf,
    "feuille-route-hydrogene-pdf.pdf": feuille_route_hydrogene_pdf,
}


def main(argv: list[str] | None = None) -> None:
    write_documents(BUILDERS, DEFAULT_OUTPUT, __doc__, "the blind3 set", argv)


if __name__ == "__main__":
    main()
