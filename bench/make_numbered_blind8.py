"""Build the DOCX, ODT and PDF documents of ``tests/data/numbered_blind8/`` (eighth blind set).

Fictitious French plans, reports, agreements and opinions written for issue 19 item 2 by a
writer who had read neither the detection rules nor the earlier sets (only blind2's README, one
gold file and its builder, for the format and the helpers reused here). Numbers are the word
processor's automatic numbering (Word ``w:numPr``, including through a paragraph style and in
table cells; ODF list styles with prefixes, suffixes and ``display-levels``) or, in PDF, text
laid out on pages with running headers, page numbers, margin numbers and a dotted table of
contents. The gold items are in ``NAME.gold.csv`` beside each file, written by hand with the
documents, before any detection ran on them. Byte-for-byte reproducible (fixed dates, zip order).

    python -m bench.make_numbered_blind8 [output_folder]
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from fpdf import FPDF
from lxml import etree

from bench.make_corpus_docx import reproducible_bytes
from bench.make_numbered_blind2 import (
    _W,
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

DEFAULT_OUTPUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "numbered_blind8"
_NOTE = "Document fictif rédigé pour le huitième jeu aveugle de textmine (issue 19)."


def _new_docx(title: str) -> DocxDocument:
    return _blind2_new_docx(title, _NOTE)


# ---------------------------------------------------------------- DOCX


def plan_inondations_word() -> DocxDocument:
    """One multi-level Word list: level 0 "Axe 1 –" (titles), level 1 "1.1." the actions,
    level 2 "a)" sub-items inside an action; a Word bullet list and a typed-number heading."""
    doc = _new_docx("Programme d'actions de prévention des inondations de la Bresle")
    _numbering(
        doc,
        {
            210: [("decimal", "Axe %1 –"), ("decimal", "%1.%2."), ("lowerLetter", "%3)")],
            211: [("bullet", "•")],
        },
        {210: (210, False), 211: (211, False)},
    )
    doc.add_heading("Programme d'actions de prévention des inondations (PAPI) de la Bresle", 1)
    doc.add_paragraph(
        "Porté par l'établissement public territorial de bassin de la Bresle, labellisé par la "
        "commission mixte inondation le 8 juillet 2025, pour un montant de 14,2 millions d'euros."
    )
    doc.add_heading("1. Diagnostic", 2)
    doc.add_paragraph(
        "La crue de mai 2024 a inondé 212 habitations à Eu, Gamaches et Blangy-sur-Bresle. Les "
        "principaux enjeux exposés sont :"
    )
    _item(doc, "les quartiers bas de Gamaches ;", 211)
    _item(doc, "la zone industrielle verrière de Blangy-sur-Bresle ;", 211)
    _item(doc, "la voie ferrée Abancourt–Le Tréport.", 211)
    doc.add_heading("2. Programme d'actions", 2)
    _item(doc, "Mieux connaître et prévoir les crues", 210, 0)
    _item(
        doc,
        "Installer trois stations de mesure des hauteurs d'eau sur la Vimeuse et la Bresle amont.",
        210,
        1,
    )
    _item(
        doc,
        "Créer un système d'alerte des riverains par message téléphonique, relié aux "
        "stations de mesure.",
        210,
        1,
    )
    _item(
        doc, "Mettre à jour les plans communaux de sauvegarde des 27 communes riveraines :", 210, 1
    )
    _item(doc, "recenser les personnes vulnérables ;", 210, 2)
    _item(doc, "organiser un exercice de crise tous les deux ans.", 210, 2)
    _item(doc, "Ralentir les écoulements", 210, 0)
    _item(
        doc,
        "Aménager une zone d'expansion des crues de 35 hectares en amont de Gamaches, par "
        "acquisition amiable des terrains.",
        210,
        1,
    )
    _item(
        doc,
        "Planter 18 kilomètres de haies sur les versants agricoles, avec les exploitants.",
        210,
        1,
    )
    _item(doc, "Réduire la vulnérabilité", 210, 0)
    _item(
        doc,
        "Financer à 80 % les diagnostics de vulnérabilité des habitations situées en zone "
        "inondable.",
        210,
        1,
    )
    _item(doc, "Relever les armoires électriques des deux stations d'épuration exposées.", 210, 1)
    _item(
        doc,
        "Accompagner les entreprises de la zone verrière dans l'élaboration de leur plan de "
        "continuité d'activité.",
        210,
        1,
    )
    doc.add_paragraph("Le programme sera évalué à mi-parcours, en 2028.")
    return doc


def contrat_ville_word() -> DocxDocument:
    """Word Heading 2 titles without numbers, one decimal list whose numbering restarts under
    each heading (new ``w:num`` with a start override), an item continued by an unnumbered
    paragraph; a lower-roman list of annexes under a Heading 1."""
    doc = _new_docx("Contrat de ville Engagements Quartiers 2030 de Montluçon")
    _numbering(
        doc,
        {220: [("decimal", "%1.")], 221: [("lowerRoman", "%1.")]},
        {220: (220, True), 222: (220, True), 223: (220, True), 221: (221, False)},
    )
    doc.add_heading("Contrat de ville « Engagements Quartiers 2030 » – Montluçon Communauté", 1)
    doc.add_paragraph(
        "Signé le 4 avril 2025 par le préfet de l'Allier, le président de Montluçon Communauté, "
        "le maire de Montluçon, Montluçon Habitat et la caisse d'allocations familiales. Il "
        "concerne les quartiers de Fontbouillant, Bien-Assis et Pierre-Leroux (6 900 habitants)."
    )
    doc.add_heading("Cohésion sociale", 2)
    _item(
        doc,
        "Ouvrir un centre de santé municipal à Fontbouillant avec trois médecins salariés.",
        220,
    )
    _item(doc, "Étendre l'accueil des enfants de moins de trois ans à l'école Jules-Ferry.", 220)
    _item(
        doc,
        "Financer chaque année quinze projets d'habitants par un fonds de participation.",
        220,
    )
    extra = doc.add_paragraph(
        "Le fonds est doté de 30 000 euros ; un comité d'habitants choisit les projets."
    )
    extra.paragraph_format.left_indent = 228600  # 0.25 inch: the item's own indentation
    doc.add_heading("Emploi et développement économique", 2)
    _item(
        doc,
        "Installer une permanence de France Travail dans la maison de quartier de Bien-Assis.",
        222,
    )
    _item(
        doc,
        "Réserver 10 % des heures des marchés publics de la communauté à l'insertion des "
        "habitants des quartiers.",
        222,
    )
    doc.add_heading("Cadre de vie et renouvellement urbain", 2)
    _item(doc, "Démolir la barre Pierre-Leroux et reloger ses 84 ménages d'ici 2028.", 223)
    _item(
        doc,
        "Créer une liaison piétonne éclairée entre Fontbouillant et le centre commercial.",
        223,
    )
    doc.add_heading("Annexes", 1)
    _item(doc, "Carte des quartiers prioritaires", 221)
    _item(doc, "Maquette financière 2025-2030", 221)
    _item(doc, "Liste des indicateurs de suivi", 221)
    return doc


def rapport_chambre_word() -> DocxDocument:
    """A court-of-audit style report: recommendations numbered through a paragraph style
    ("Recommandation n° %1 :"), a summary table repeating them, a typed table of contents with
    tabs, numbered section titles typed as text, a recommendation continued by a second
    paragraph in the same style's continuation."""
    doc = _new_docx("Rapport d'observations définitives – Syndicat des eaux du Val de Loir")
    _numbering(doc, {230: [("decimal", "Recommandation n° %1 :")]}, {230: (230, False)})
    style = doc.styles.add_style("Recommandation", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.font.bold = True
    ppr = style.element.get_or_add_pPr()
    num_pr = etree.fromstring(f'<w:numPr xmlns:w="{_W}"><w:numId w:val="230"/></w:numPr>')
    ppr.insert(0, num_pr)
    lvl = doc.part.numbering_part.element.find(
        f".//{{{_W}}}abstractNum[@{{{_W}}}abstractNumId='230']/{{{_W}}}lvl"
    )
    lvl.insert(2, etree.fromstring(f'<w:pStyle xmlns:w="{_W}" w:val="Recommandation"/>'))
    doc.add_heading("Chambre régionale des comptes Centre-Val de Loire", 1)
    doc.add_paragraph(
        "Rapport d'observations définitives – Syndicat intercommunal des eaux du Val de Loir "
        "(Sarthe) – exercices 2019 et suivants – délibéré le 22 mai 2025."
    )
    doc.add_paragraph("SOMMAIRE")
    for entry, page in (
        ("Synthèse", 3),
        ("Recommandations", 4),
        ("1. La gouvernance du syndicat", 5),
        ("2. La qualité des comptes", 9),
        ("3. Le patrimoine et les investissements", 13),
    ):
        doc.add_paragraph(f"{entry}\t{page}")
    doc.add_heading("Recommandations", 2)
    table = doc.add_table(rows=1, cols=3)
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, ("N°", "Objet", "Mise en œuvre"), strict=True):
        cell.text = text
    for number, subject, state in (
        ("1", "Adopter un règlement intérieur du comité syndical", "Non mise en œuvre"),
        ("2", "Tenir un inventaire physique des réseaux", "En cours"),
        ("3", "Constituer des provisions pour les créances douteuses", "Non mise en œuvre"),
        ("4", "Établir un plan pluriannuel de renouvellement", "En cours"),
        ("5", "Rapprocher le prix de l'eau des communes membres", "Non mise en œuvre"),
        ("6", "Publier le rapport annuel sur le prix et la qualité", "Mise en œuvre"),
    ):
        row = table.add_row().cells
        row[0].text, row[1].text, row[2].text = number, subject, state
    doc.add_heading("1. La gouvernance du syndicat", 2)
    doc.add_paragraph(
        "Le comité syndical s'est réuni quatre fois par an en moyenne ; le quorum n'a pas été "
        "atteint à trois reprises en 2022."
    )
    doc.add_paragraph(
        "Adopter un règlement intérieur du comité syndical fixant les modalités de "
        "délégation au bureau.",
        "Recommandation",
    )
    doc.add_heading("2. La qualité des comptes", 2)
    doc.add_paragraph(
        "L'inventaire comptable ne correspond pas à l'état des réseaux : 38 km de canalisations "
        "posées avant 1980 n'y figurent pas."
    )
    doc.add_paragraph(
        "Tenir un inventaire physique des réseaux et le rapprocher de l'état de l'actif "
        "tenu par le comptable public.",
        "Recommandation",
    )
    doc.add_paragraph(
        "Constituer des provisions pour les créances douteuses, dont le montant atteignait "
        "412 000 euros fin 2023.",
        "Recommandation",
    )
    doc.add_heading("3. Le patrimoine et les investissements", 2)
    doc.add_paragraph(
        "Le taux de renouvellement des canalisations est de 0,4 % par an, soit un "
        "renouvellement complet en 250 ans. Le rendement du réseau est de 71 %."
    )
    doc.add_paragraph(
        "Établir un plan pluriannuel de renouvellement des canalisations, avec un objectif de "
        "rendement de 85 % en 2030.",
        "Recommandation",
    )
    follow = doc.add_paragraph(
        "Ce plan devra être annexé au budget et actualisé chaque année au vu des fuites constatées."
    )
    follow.paragraph_format.left_indent = 457200  # half an inch: under the recommendation
    doc.add_paragraph(
        "Rapprocher le prix de l'eau des communes membres, qui varie de 1,62 à 2,94 euros "
        "par mètre cube, dans un délai de cinq ans.",
        "Recommandation",
    )
    doc.add_paragraph(
        "Publier le rapport annuel sur le prix et la qualité du service sur le site du "
        "syndicat et l'observatoire national des services d'eau.",
        "Recommandation",
    )
    doc.add_paragraph("La présidente du syndicat a répondu le 3 juillet 2025.")
    return doc


def _cell_item(cell, text: str, num_id: int) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.text = text
    paragraph._p.get_or_add_pPr().append(_num_pr(num_id, 0))


def accord_teletravail_word() -> DocxDocument:
    """A company agreement: typed "Article N –" titles (not items), upper-letter engagements
    "A." and a table whose first column is Word auto-numbered "1", "2" …"""
    doc = _new_docx("Accord relatif au télétravail – Office public de l'habitat du Gers")
    _numbering(
        doc,
        {240: [("upperLetter", "%1.")], 241: [("decimal", "%1")]},
        {240: (240, False), 241: (241, False)},
    )
    doc.add_heading("Accord d'entreprise relatif au télétravail et au droit à la déconnexion", 1)
    doc.add_paragraph(
        "Entre l'Office public de l'habitat du Gers, représenté par son directeur général, et "
        "les organisations syndicales CFDT, CGT et FO, il est convenu ce qui suit."
    )
    doc.add_heading("Article 1 – Objet", 2)
    doc.add_paragraph(
        "Le présent accord fixe les conditions du télétravail régulier et occasionnel des 148 "
        "salariés de l'office."
    )
    doc.add_heading("Article 2 – Bénéficiaires", 2)
    doc.add_paragraph(
        "Tout salarié en contrat à durée indéterminée ayant six mois d'ancienneté peut demander "
        "à télétravailler, à l'exception des gardiens d'immeuble."
    )
    doc.add_heading("Article 3 – Engagements de l'employeur", 2)
    doc.add_paragraph("L'office s'engage à :")
    _item(
        doc,
        "fournir à chaque télétravailleur un ordinateur portable, un second écran et un casque ;",
        240,
    )
    _item(
        doc,
        "verser une allocation forfaitaire de 2,50 euros par jour télétravaillé, dans la limite de 25 euros par mois ;",
        240,
    )
    _item(doc, "garantir l'absence de sollicitation entre 19 heures et 8 heures ;", 240)
    _item(doc, "former les encadrants au management à distance avant le 31 décembre 2026.", 240)
    doc.add_heading("Article 4 – Mesures d'accompagnement", 2)
    table = doc.add_table(rows=1, cols=3)
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, ("N°", "Mesure", "Échéance"), strict=True):
        cell.text = text
    for text, deadline in (
        (
            "Ouvrir un espace de travail partagé à l'agence d'Auch pour les salariés éloignés.",
            "2026",
        ),
        ("Réaliser un diagnostic ergonomique du poste à domicile sur demande.", "Permanent"),
        ("Organiser une journée de présence collective par équipe et par mois.", "2026"),
        (
            "Mesurer chaque année la charge de travail des télétravailleurs par une enquête.",
            "Annuel",
        ),
        ("Présenter un bilan de l'accord au comité social et économique.", "2027"),
    ):
        row = table.add_row().cells
        _cell_item(row[0], "", 241)
        row[1].text, row[2].text = text, deadline
    doc.add_heading("Article 5 – Durée", 2)
    doc.add_paragraph("Le présent accord est conclu pour une durée de trois ans.")
    return doc


# ---------------------------------------------------------------- ODT


def _list(style: str, entries: list, extra: str = "") -> str:
    return _items(style, entries, extra)


def plan_climat_odt() -> bytes:
    """An automatic list style with a prefix and a suffix ("Action 1 :"), a lettered sub-level
    "a)", one list continued after a paragraph (``continue-numbering``); an ODF bullet list."""
    automatic = _list_style(
        "L1",
        [
            {"num-format": "1", "num-prefix": "Action ", "num-suffix": " :"},
            {"num-format": "a", "num-suffix": ")"},
        ],
    ) + _list_style("L2", [{"bullet-char": "•"}])
    body = (
        _h("Plan climat-air-énergie territorial de la communauté d'agglomération du Grand Dole", 1)
        + _p(
            "Arrêté par le conseil communautaire du 19 novembre 2025. Les émissions du "
            "territoire atteignent 612 000 tonnes équivalent CO2 par an, dont 38 % pour les "
            "transports."
        )
        + _p("Le plan a été élaboré avec :")
        + _list(
            "L2",
            [
                "les 47 communes membres ;",
                "le conseil de développement ;",
                "le syndicat d'énergie du Jura.",
            ],
        )
        + _h("Le programme d'actions", 2)
        + _list(
            "L1",
            [
                "Rénover les 42 bâtiments communautaires les plus énergivores d'ici 2030, en "
                "commençant par les trois piscines.",
                (
                    "Développer le covoiturage domicile-travail :",
                    [
                        "aménager six aires de covoiturage le long de la RN 73 ;",
                        "verser aux covoitureurs une prime de deux euros par trajet.",
                    ],
                ),
                "Installer 8 hectares de panneaux photovoltaïques sur les parkings et les "
                "toitures des zones d'activités.",
                "Créer un réseau de chaleur alimenté au bois à Dole-Mesnils-Pasteur.",
            ],
        )
        + _p(
            "Les actions suivantes portent sur l'adaptation au changement climatique, le "
            "territoire ayant connu quatre sécheresses depuis 2018."
        )
        + _list(
            "L1",
            [
                "Désimperméabiliser les cours des onze écoles communautaires.",
                "Planter 5 000 arbres en ville d'ici 2031, avec des essences adaptées à la "
                "chaleur.",
                "Réduire de 15 % les prélèvements d'eau des équipements communautaires.",
            ],
            ' text:continue-numbering="true"',
        )
        + _p("Le plan sera révisé en 2031 après une évaluation à mi-parcours en 2028.")
    )
    return _odt_bytes("Plan climat du Grand Dole", "", automatic, body, _NOTE)


def schema_regional_odt() -> bytes:
    """A named list style in styles.xml: level 1 upper roman "I." (orientations: titles),
    level 2 arabic with ``display-levels="2"`` ("I.1.") for the objectives."""
    styles = _list_style(
        "Orientations",
        [
            {"num-format": "I", "num-suffix": "."},
            {"num-format": "1", "num-suffix": ".", "display-levels": "2"},
        ],
    )
    body = (
        _h("Schéma régional de l'enseignement supérieur, de la recherche et de l'innovation", 1)
        + _p(
            "Région Bourgogne-Franche-Comté – projet présenté à l'assemblée plénière du 25 juin "
            "2026. La région compte 86 000 étudiants, dont 41 % hors des deux métropoles "
            "universitaires."
        )
        + _h("Nos orientations et objectifs", 2)
        + _list(
            "Orientations",
            [
                (
                    "Faire réussir les étudiants de tous les territoires",
                    [
                        "Ouvrir quatre campus connectés dans les villes moyennes sans "
                        "université, à Nevers, Lons-le-Saunier, Vesoul et Autun.",
                        "Financer 600 logements étudiants à loyer modéré près des sites "
                        "d'enseignement.",
                    ],
                ),
                (
                    "Renforcer la recherche régionale",
                    [
                        "Créer un fonds d'amorçage de 5 millions d'euros pour les projets "
                        "de recherche des jeunes chercheurs.",
                        "Cofinancer 40 allocations doctorales par an sur les thématiques "
                        "de la transition alimentaire.",
                    ],
                ),
                (
                    "Diffuser l'innovation dans les entreprises",
                    [
                        "Mettre à disposition des PME un chèque innovation de 10 000 euros "
                        "pour travailler avec un laboratoire.",
                        "Ouvrir deux plateformes technologiques dans les lycées "
                        "professionnels de Montbéliard et de Chalon-sur-Saône.",
                    ],
                ),
            ],
        )
        + _p("Le schéma fera l'objet d'un bilan annuel devant la commission compétente.")
    )
    return _odt_bytes("Schéma régional ESRI", styles, "", body, _NOTE)


def feuille_route_universite_odt() -> bytes:
    """Engagements "1)" with a nested bullet list, demands "A." after a paragraph under the
    same heading, and a calendar numbered "1." under a sibling heading (not items)."""
    automatic = (
        _list_style("L1", [{"num-format": "1", "num-suffix": ")"}, {"bullet-char": "–"}])
        + _list_style("L2", [{"num-format": "A", "num-suffix": "."}])
        + _list_style("L3", [{"num-format": "1", "num-suffix": "."}])
    )
    body = (
        _h(
            "Feuille de route de l'université de Pau et des pays de l'Adour pour la sobriété énergétique",
            1,
        )
        + _p(
            "Adoptée par le conseil d'administration du 5 décembre 2025. La facture d'énergie "
            "de l'université est passée de 2,1 à 4,8 millions d'euros entre 2021 et 2024."
        )
        + _h("Nos engagements", 2)
        + _list(
            "L1",
            [
                "Abaisser à 19 °C la température de consigne des bureaux et des salles "
                "d'enseignement, et à 16 °C celle des couloirs.",
                (
                    "Fermer les bâtiments du campus de Pau pendant deux semaines en hiver :",
                    [
                        "la semaine de Noël et la semaine suivante ;",
                        "les cours passent à distance et la bibliothèque reste ouverte.",
                    ],
                ),
                "Remplacer l'éclairage des amphithéâtres par des luminaires à LED d'ici 2027.",
                "Désigner un référent énergie dans chaque composante.",
                "Publier chaque trimestre les consommations par bâtiment sur l'intranet.",
            ],
        )
        + _p("Pour aller plus loin, l'université demande à l'État :")
        + _list(
            "L2",
            [
                "de financer la rénovation du bâtiment des sciences, construit en 1972 ;",
                "de compenser la hausse des prix de l'énergie dans la subvention pour charges "
                "de service public ;",
                "d'autoriser les universités à vendre l'électricité produite sur leurs toitures.",
            ],
        )
        + _h("Calendrier", 2)
        + _list(
            "L3",
            [
                "Décembre 2025 : adoption de la feuille de route.",
                "Janvier 2026 : désignation des référents.",
                "Décembre 2026 : premier bilan devant le conseil d'administration.",
            ],
        )
    )
    return _odt_bytes("Feuille de route sobriété UPPA", "", automatic, body, _NOTE)


# ---------------------------------------------------------------- PDF


def _toc(pdf: FPDF, entries: tuple[tuple[str, int], ...]) -> None:
    pdf.set_font("Helvetica", size=11)
    for entry, page in entries:
        pdf.cell(150, 6, entry + " " + "." * (62 - len(entry)))
        pdf.cell(0, 6, str(page), align="R")
        pdf.ln(6)
    pdf.ln(4)


def _to_page_end(pdf: FPDF, lines_left: int) -> None:
    """Skips down so that only ``lines_left`` lines (5.5 mm each) fit above the bottom margin
    (22 mm of 297): the next paragraph then runs over the page break."""
    pdf.ln(297 - 22 - pdf.get_y() - 5.5 * lines_left - 0.5)


_PROPOSITIONS = (
    "Créer dans chaque département une cellule de veille sur les fermetures de commerces de "
    "proximité, associant la chambre de commerce, les maires et les services fiscaux.",
    "Exonérer de cotisation foncière des entreprises, pendant trois ans, les commerces qui "
    "s'installent dans une commune de moins de 2 000 habitants.",
    "Autoriser les communes à acquérir des locaux commerciaux vacants par préemption, sans "
    "avoir à justifier d'un projet préalable.",
    "Porter à 50 % la prise en charge par l'État du coût des épiceries multiservices "
    "municipales, dans la limite de 150 000 euros par projet, en l'étendant aux tiers-lieux "
    "qui accueillent un point de vente de produits locaux, un point poste et un relais de "
    "services publics, afin que ces lieux trouvent un équilibre économique dans les communes "
    "où aucun commerce ne survivrait seul.",
    "Ouvrir aux commerçants ambulants l'accès aux halles et marchés couverts des communes "
    "voisines sans droit de place la première année.",
    "Simplifier la reprise des commerces par les salariés en créant un prêt d'honneur "
    "national à taux zéro.",
    "Mesurer chaque année, commune par commune, le nombre de commerces alimentaires ouverts.",
    "Consacrer un débat annuel au Parlement au maillage commercial des territoires ruraux.",
)


# the summary's wording, shorter than the propositions themselves
_SUMMARY = (
    "Créer une cellule départementale de veille sur les fermetures de commerces.",
    "Exonérer de cotisation foncière les commerces qui s'installent dans les petites communes.",
    "Autoriser la préemption des locaux commerciaux vacants sans projet préalable.",
    "Porter à 50 % la prise en charge par l'État des épiceries multiservices municipales.",
    "Ouvrir les halles et marchés couverts aux commerçants ambulants.",
    "Créer un prêt d'honneur national pour la reprise des commerces par les salariés.",
    "Mesurer chaque année le nombre de commerces alimentaires par commune.",
    "Consacrer un débat annuel au Parlement au maillage commercial rural.",
)


def rapport_mission_pdf() -> bytes:
    """A parliamentary mission report: dotted table of contents, a summary list repeating the
    propositions' first words, "Proposition n° N" labels on their own line above the text, one
    proposition across a page break, numbered section titles."""
    pdf = _pdf("Mission d'information sur le commerce en milieu rural", "- {page} -")
    pdf.add_page()
    _para(pdf, "ASSEMBLÉE NATIONALE", "B", 14)
    _para(
        pdf,
        "Rapport d'information n° 1874 déposé par la commission des affaires économiques "
        "en conclusion des travaux d'une mission d'information sur le commerce en milieu "
        "rural – fictif, rédigé pour un jeu d'essai.",
        "",
        11,
        6,
    )
    _para(pdf, "Sommaire", "B", 12)
    _toc(
        pdf,
        (
            ("Liste des propositions", 2),
            ("1. Un maillage commercial qui se défait", 3),
            ("2. Des outils publics mal adaptés", 3),
            ("3. Les propositions de la mission", 4),
        ),
    )
    pdf.add_page()
    _para(pdf, "Liste des propositions", "B", 13)
    for k, text in enumerate(_SUMMARY, start=1):
        _para(pdf, f"{k}. {text}", "", 10, 1)
    pdf.add_page()
    _para(pdf, "1. Un maillage commercial qui se défait", "B", 13)
    _para(
        pdf,
        "En 2024, 62 % des communes rurales ne comptaient plus aucun commerce alimentaire, "
        "contre 25 % en 1980. La mission a entendu 94 personnes et s'est déplacée dans six "
        "départements : la Creuse, le Cantal, la Meuse, l'Orne, le Gers et la Haute-Marne.",
    )
    _para(pdf, "2. Des outils publics mal adaptés", "B", 13)
    _para(
        pdf,
        "Les aides existantes sont dispersées entre l'État, les régions et les intercommunalités. "
        "Les maires rencontrés ont cité en moyenne quatre guichets différents pour un même projet "
        "de reprise de commerce.",
    )
    pdf.add_page()
    _para(pdf, "3. Les propositions de la mission", "B", 13)
    for k, text in enumerate(_PROPOSITIONS, start=1):
        _para(pdf, f"Proposition n° {k}", "B", 11, 1)
        if k == 4:
            _to_page_end(pdf, 2)
        _para(pdf, text)
    return bytes(pdf.output())


_MARGIN_ITEMS = (
    "Garantir à chaque habitant un point d'accès accompagné aux démarches en ligne à moins de "
    "vingt minutes de son domicile.",
    "Maintenir un accueil téléphonique gratuit pour toute démarche administrative "
    "dématérialisée, avec un délai de réponse inférieur à cinq minutes.",
    "Former 300 aidants numériques par an parmi les agents des mairies et des centres "
    "sociaux du département.",
    "Équiper les bibliothèques de postes en libre accès avec imprimante et scanner.",
    "Créer un fonds de 200 000 euros pour reconditionner des ordinateurs au profit des "
    "collégiens boursiers.",
    "Mesurer chaque année la part des démarches abandonnées en cours de route.",
    "Associer des usagers éloignés du numérique aux tests des nouveaux services en ligne du "
    "département.",
)


def livre_blanc_pdf() -> bytes:
    """Items numbered in the left margin (the number in its own cell, the text indented beside
    it), a running header and a page footer; a figure caption and a dated list as decoys."""
    pdf = _pdf(
        "Livre blanc de l'inclusion numérique – Département de la Nièvre",
        "Nièvre – page {page}",
        "L",
    )
    pdf.add_page()
    _para(pdf, "Livre blanc de l'inclusion numérique", "B", 16)
    _para(pdf, "Département de la Nièvre – septembre 2025", "", 12, 6)
    _para(
        pdf,
        "Un Nivernais sur quatre déclare renoncer à une démarche administrative lorsqu'elle se "
        "fait uniquement en ligne. Ce livre blanc rassemble les propositions issues de six "
        "ateliers tenus entre janvier et juin 2025.",
    )
    _para(pdf, "Figure 1 - Part des démarches abandonnées par tranche d'âge (enquête 2025)", "I", 9)
    _para(pdf, "Les étapes de l'élaboration", "B", 12)
    for line in (
        "Janvier 2025 : lancement des ateliers dans les quatre arrondissements.",
        "Avril 2025 : questionnaire en ligne et en mairie (2 130 réponses).",
        "Juin 2025 : restitution publique à Nevers.",
    ):
        _para(pdf, line, "", 11, 1)
    pdf.ln(4)
    _para(pdf, "Nos propositions", "B", 13)
    for k, text in enumerate(_MARGIN_ITEMS, start=1):
        pdf.set_font("Helvetica", "B", 14)
        y = pdf.get_y()
        pdf.set_x(20)
        pdf.cell(10, 6, str(k))
        pdf.set_xy(32, y)
        pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(0, 5.5, text)
        pdf.ln(4)
    _para(pdf, "Le conseil départemental délibérera sur ces propositions en décembre 2025.")
    return bytes(pdf.output())


def plan_egalite_pdf() -> bytes:
    """Headings "Objectif N – …" over lists restarting at "1." (hierarchical gold "2.1"), an
    item broken across a page break, footer "Plan égalité – N"."""
    pdf = _pdf("Plan d'action pour l'égalité professionnelle 2026-2028", "Plan égalité – {page}")
    pdf.add_page()
    _para(pdf, "Centre hospitalier de Dax – Côte d'Argent", "B", 14)
    _para(
        pdf,
        "Plan d'action pour l'égalité professionnelle entre les femmes et les hommes 2026-2028",
        "B",
        12,
        6,
    )
    _para(
        pdf,
        "Les femmes représentent 78 % des 2 400 agents de l'établissement, mais 41 % des "
        "praticiens hospitaliers chefs de service. L'écart de rémunération moyen atteint 9 % "
        "chez les personnels médicaux.",
    )
    objectives = (
        (
            "Objectif 1 – Supprimer les écarts de rémunération",
            (
                "Analyser chaque année les écarts de primes par corps et par grade et corriger "
                "ceux qui ne s'expliquent pas par l'ancienneté.",
                "Neutraliser les congés de maternité dans le calcul de la part variable des "
                "praticiens.",
                "Publier l'index de l'égalité dans le bilan social.",
            ),
        ),
        (
            "Objectif 2 – Ouvrir les postes à responsabilité",
            (
                "Présenter au moins une candidate et un candidat pour chaque poste de chef de "
                "service ou de cadre supérieur.",
                "Proposer un mentorat aux praticiennes qui préparent une candidature à une "
                "chefferie de service, avec un temps dédié d'une demi-journée par mois pris "
                "sur le temps de travail, un accompagnement par une praticienne expérimentée "
                "d'un autre établissement du groupement et un bilan à l'issue de la première "
                "année de fonctions.",
            ),
        ),
        (
            "Objectif 3 – Concilier vie professionnelle et vie familiale",
            (
                "Ouvrir vingt places de crèche aux horaires décalés pour les agents de nuit.",
                "Permettre aux agents de poser leurs plannings de congés six semaines à l'avance.",
                "Traiter chaque signalement de harcèlement sexiste dans un délai d'un mois.",
            ),
        ),
    )
    for title, items in objectives:
        _para(pdf, title, "B", 12)
        for k, text in enumerate(items, start=1):
            if title.startswith("Objectif 2") and k == 2:
                _to_page_end(pdf, 3)
            _para(pdf, f"{k}. {text}", "", 11, 2)
    _para(pdf, "Le plan est suivi par la commission égalité, réunie deux fois par an.")
    return bytes(pdf.output())


BUILDERS: dict[str, Callable[[], bytes]] = {
    "plan-inondations-bresle-word.docx": lambda: reproducible_bytes(plan_inondations_word()),
    "contrat-ville-montlucon-word.docx": lambda: reproducible_bytes(contrat_ville_word()),
    "rapport-crc-syndicat-eaux-word.docx": lambda: reproducible_bytes(rapport_chambre_word()),
    "accord-teletravail-oph-word.docx": lambda: reproducible_bytes(accord_teletravail_word()),
    "plan-climat-dole-odt.odt": plan_climat_odt,
    "schema-esri-region-odt.odt": schema_regional_odt,
    "feuille-route-sobriete-universite-odt.odt": feuille_route_universite_odt,
    "rapport-mission-commerce-rural-pdf.pdf": rapport_mission_pdf,
    "livre-blanc-inclusion-numerique-pdf.pdf": livre_blanc_pdf,
    "plan-egalite-hopital-pdf.pdf": plan_egalite_pdf,
}


def main(argv: list[str] | None = None) -> None:
    write_documents(BUILDERS, DEFAULT_OUTPUT, __doc__, "the blind8 set", argv)


if __name__ == "__main__":
    main()
