"""Build the DOCX, ODT and PDF documents of ``tests/data/numbered_blind2/`` (blind set P17).

Fictitious French plans, opinions and reports written for textmine's second blind set of
numbered layouts (bench/RESULTS.md P17): their numbers are the word processor's automatic
numbering (Word ``w:numPr`` through ``numbering.xml``, ODF list styles), never text, or (PDF)
text laid out on pages with running headers, page numbers and a dotted table of contents. The
gold items are in ``NAME.gold.csv`` beside each file, written by hand from the layouts below,
before any detection ran on them. The output is byte-for-byte reproducible (fixed dates, fixed
zip order), so a rebuild does not show up as a change.

Needs python-docx and fpdf2 (both in the project's environment); takes about a second:

    python -m bench.make_numbered_blind2 [output_folder]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from fpdf import FPDF
from lxml import etree

from bench.make_corpus_docx import FIXED_DATE, reproducible_bytes

DEFAULT_OUTPUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "numbered_blind2"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# A level: (numFmt, lvlText); a list: its levels by ilvl.
Levels = list[tuple[str, str]]


# ---------------------------------------------------------------- DOCX helpers


def _new_docx(
    title: str, comments: str = "Document fictif rédigé pour le jeu aveugle de textmine (P17)."
) -> DocxDocument:
    """A Word document with fixed properties (dates, author, revision), the same on every build;
    each set's builder gives its own ``comments``."""
    doc = Document()
    props = doc.core_properties
    props.title = title
    props.author = "textmine"
    props.comments = comments
    props.created = props.modified = props.last_printed = FIXED_DATE
    props.revision = 1
    return doc


def _numbering(
    doc: DocxDocument, lists: dict[int, Levels], nums: dict[int, tuple[int, bool]]
) -> None:
    """Abstract lists and their ``w:num`` instances (``restart``: level 0 starts again at 1)."""
    numbering = doc.part.numbering_part.element
    for abstract_id, levels in sorted(lists.items(), reverse=True):
        body = "".join(
            f'<w:lvl w:ilvl="{k}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:pPr><w:ind w:left="{360 * (k + 1)}" '
            'w:hanging="360"/></w:pPr></w:lvl>'
            for k, (fmt, text) in enumerate(levels)
        )
        numbering.insert(
            0,
            etree.fromstring(
                f'<w:abstractNum xmlns:w="{_W}" w:abstractNumId="{abstract_id}">'
                f'<w:multiLevelType w:val="multilevel"/>{body}</w:abstractNum>'
            ),
        )
    for num_id, (abstract_id, restart) in nums.items():
        override = (
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
            if restart
            else ""
        )
        numbering.append(
            etree.fromstring(
                f'<w:num xmlns:w="{_W}" w:numId="{num_id}">'
                f'<w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'
            )
        )


def _num_pr(num_id: int, level: int = 0) -> etree._Element:
    return etree.fromstring(
        f'<w:numPr xmlns:w="{_W}"><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
    )


def _item(doc: DocxDocument, text: str, num_id: int, level: int = 0) -> None:
    paragraph = doc.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(_num_pr(num_id, level))


# ---------------------------------------------------------------- DOCX documents


def plan_sante_word() -> DocxDocument:
    """A multi-level Word list: level 0 "1." the axes (titles), level 1 "1.1" the actions."""
    doc = _new_docx("Contrat local de santé du Pays de Lorient 2025-2029")
    _numbering(
        doc,
        {120: [("decimal", "%1."), ("decimal", "%1.%2")], 121: [("bullet", "•")]},
        {120: (120, False), 121: (121, False)},
    )
    doc.add_heading("Contrat local de santé du Pays de Lorient 2025-2029", level=1)
    doc.add_paragraph(
        "Le contrat est signé par l'agence régionale de santé de Bretagne, Lorient "
        "Agglomération, le département du Morbihan et la caisse primaire d'assurance maladie."
    )
    doc.add_paragraph("Ses partenaires associés :")
    _item(doc, "le centre hospitalier de Bretagne Sud ;", 121)
    _item(doc, "les communautés professionnelles territoriales de santé ;", 121)
    _item(doc, "les associations de patients.", 121)
    doc.add_heading("Le programme d'actions", level=2)
    _item(doc, "Améliorer l'accès aux soins de premier recours", 120, 0)
    _item(
        doc,
        "Financer l'installation de deux centres de santé municipaux à Lanester et à "
        "Hennebont, avec des médecins salariés.",
        120,
        1,
    )
    _item(
        doc,
        "Organiser un transport solidaire vers les consultations pour les habitants des "
        "communes de l'intérieur.",
        120,
        1,
    )
    _item(doc, "Prévenir les maladies chroniques", 120, 0)
    _item(
        doc,
        "Proposer un dépistage gratuit du diabète dans les pharmacies volontaires pendant "
        "la semaine nationale de prévention.",
        120,
        1,
    )
    _item(doc, "Former les éducateurs sportifs au sport sur ordonnance.", 120, 1)
    _item(
        doc,
        "Étendre aux collèges du territoire le programme de nutrition mené depuis 2023 dans "
        "les écoles.",
        120,
        1,
    )
    _item(doc, "Agir pour la santé mentale", 120, 0)
    _item(
        doc,
        "Créer une équipe mobile de psychiatrie pour les personnes âgées vivant à domicile.",
        120,
        1,
    )
    doc.add_paragraph(
        "Le contrat est doté de 1,4 million d'euros sur cinq ans. Il sera évalué en 2028."
    )
    return doc


def feuille_route_word() -> DocxDocument:
    """Lists restarting under Word headings, each its own abstract list; a lettered sub-level."""
    doc = _new_docx("Feuille de route municipale de Quimperlé pour le logement des jeunes")
    _numbering(
        doc,
        {
            130: [("decimal", "%1."), ("lowerLetter", "%2)")],
            131: [("decimal", "%1.")],
            132: [("decimal", "%1.")],
            133: [("bullet", "–")],
        },
        {130: (130, False), 131: (131, False), 132: (132, False), 133: (133, False)},
    )
    doc.add_heading("Loger les jeunes à Quimperlé : feuille de route 2026", level=1)
    doc.add_paragraph(
        "Adoptée par le conseil municipal du 30 janvier 2026 après la concertation avec le "
        "conseil municipal des jeunes et les employeurs de la zone de Kervidanou."
    )
    doc.add_paragraph("Les constats de la concertation :")
    _item(doc, "les apprentis ne trouvent pas de logement pour des séjours de trois mois ;", 133)
    _item(doc, "les loyers du centre ont augmenté de 18 % depuis 2020.", 133)
    doc.add_heading("Produire des logements adaptés", level=2)
    _item(
        doc,
        "Transformer l'ancienne gendarmerie en résidence de vingt-quatre studios pour les "
        "apprentis et les jeunes salariés.",
        130,
    )
    _item(doc, "Réserver aux moins de trente ans une part des logements sociaux neufs :", 130)
    _item(doc, "un logement sur cinq dans les programmes de plus de dix logements ;", 130, 1)
    _item(doc, "tous les T1 des programmes du centre-ville.", 130, 1)
    doc.add_heading("Mieux utiliser les logements existants", level=2)
    doc.add_paragraph(
        "Près de 300 logements sont vacants dans la commune, dont un tiers depuis plus de deux ans."
    )
    _item(
        doc,
        "Verser une prime de 1 500 euros aux propriétaires qui louent un logement vacant à un "
        "jeune de moins de trente ans.",
        131,
    )
    _item(
        doc,
        "Développer la cohabitation intergénérationnelle avec l'association Ker Logis.",
        131,
    )
    doc.add_heading("Informer et accompagner", level=2)
    _item(
        doc,
        "Ouvrir un guichet logement jeunes au point information jeunesse, le mercredi et le "
        "samedi matin.",
        132,
    )
    _item(doc, "Se porter garant des jeunes sans caution familiale.", 132)
    _item(doc, "Publier chaque mois les offres de colocation des bailleurs partenaires.", 132)
    doc.add_paragraph("Un bilan sera présenté au conseil municipal en janvier 2027.")
    return doc


def avis_ceser_word() -> DocxDocument:
    """Roman recommendations numbered through a paragraph style; lower roman requests; a
    numbered reference list ("[1]"); a table of contents with tab and page numbers."""
    doc = _new_docx("Avis du conseil de développement sur le projet de territoire")
    _numbering(
        doc,
        {
            140: [("upperRoman", "%1.")],
            141: [("lowerRoman", "%1)")],
            142: [("decimal", "[%1]")],
        },
        {140: (140, False), 141: (141, False), 142: (142, False)},
    )
    style = doc.styles.add_style("Recommandation", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.element.get_or_add_pPr().append(_num_pr(140))
    doc.add_heading(
        "Avis du conseil de développement du Grand Chalon sur le projet de territoire", level=1
    )
    doc.add_paragraph("Sommaire")
    for entry, page in (
        ("Nos recommandations", 2),
        ("Nos demandes à l'agglomération", 4),
        ("Sources", 5),
    ):
        doc.add_paragraph(f"{entry}\t{page}")
    doc.add_paragraph(
        "Le conseil de développement a été saisi le 6 mai 2025. Il a réuni quatre ateliers "
        "ouverts au public et entendu les vice-présidents concernés."
    )
    doc.add_heading("Nos recommandations", level=2)
    for text in (
        "Fixer dans le projet de territoire un objectif chiffré de réduction de "
        "l'artificialisation des sols pour chaque commune.",
        "Associer les habitants au choix des projets financés par le fonds de concours aux "
        "communes, par un vote annuel.",
        "Relier les zones d'activités nord et sud par une ligne de bus express toutes les "
        "vingt minutes aux heures de pointe.",
        "Consacrer un volet du projet à l'agriculture périurbaine et aux circuits courts.",
    ):
        doc.add_paragraph(text, style="Recommandation")
    doc.add_heading("Nos demandes à l'agglomération", level=2)
    _item(doc, "Publier les comptes rendus des commissions thématiques sur son site.", 141)
    _item(
        doc,
        "Saisir le conseil de développement de chaque révision du plan de mobilité.",
        141,
    )
    _item(
        doc,
        "Doter le conseil d'un budget de fonctionnement propre, même modeste, pour ses études.",
        141,
    )
    doc.add_heading("Sources", level=2)
    _item(doc, "Diagnostic territorial du Grand Chalon, agence d'urbanisme, 2024.", 142)
    _item(doc, "Enquête auprès des habitants, conseil de développement, mars 2025.", 142)
    return doc


def programme_eau_word() -> DocxDocument:
    """Labels in the numbering ("Objectif 1 –", "Action 1.2 –"); a "Mesure %1 :" list that
    continues across two headings; lettered annexes (not items)."""
    doc = _new_docx("Programme d'actions pour la protection des captages du Saulnois")
    _numbering(
        doc,
        {
            150: [("decimal", "Objectif %1 –"), ("decimal", "Action %1.%2 –")],
            151: [("decimal", "Mesure %1 :")],
            152: [("upperLetter", "Annexe %1.")],
        },
        {150: (150, False), 151: (151, False), 152: (152, False)},
    )
    doc.add_heading(
        "Programme d'actions pour la protection des captages d'eau potable du Saulnois", level=1
    )
    doc.add_paragraph(
        "Le syndicat des eaux du Saulnois alimente 31 communes à partir de neuf captages, dont "
        "quatre dépassent la limite de qualité pour les nitrates depuis 2021."
    )
    doc.add_heading("Première partie : le programme", level=2)
    _item(doc, "Réduire les pollutions d'origine agricole", 150, 0)
    _item(
        doc,
        "Acquérir 60 hectares de terres dans les aires d'alimentation des captages et les "
        "louer en bail rural environnemental.",
        150,
        1,
    )
    _item(
        doc,
        "Financer le passage à l'agriculture biologique des exploitations situées dans les "
        "périmètres rapprochés.",
        150,
        1,
    )
    _item(doc, "Suivre la qualité de l'eau", 150, 0)
    _item(
        doc,
        "Installer une station de mesure en continu des nitrates sur chacun des quatre "
        "captages dégradés.",
        150,
        1,
    )
    doc.add_heading("Deuxième partie : les mesures d'accompagnement", level=2)
    doc.add_heading("Pour les exploitants", level=3)
    _item(
        doc,
        "Un conseiller agronomique sera mis à disposition des exploitants à raison de deux "
        "jours par mois.",
        151,
    )
    _item(doc, "Les analyses de reliquats azotés seront prises en charge par le syndicat.", 151)
    doc.add_heading("Pour les communes", level=3)
    _item(
        doc,
        "Les communes recevront une aide pour acquérir du matériel de désherbage mécanique.",
        151,
    )
    _item(
        doc,
        "Une journée d'information sera organisée chaque automne pour les élus.",
        151,
    )
    doc.add_heading("Annexes", level=2)
    _item(doc, "Carte des aires d'alimentation des captages.", 152)
    _item(doc, "Résultats d'analyses de 2019 à 2024.", 152)
    return doc


# ---------------------------------------------------------------- ODT

_ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"'
)
_ODT_MIME = "application/vnd.oasis.opendocument.text"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _p(text: str, style: str = "Standard") -> str:
    return f'<text:p text:style-name="{style}">{_esc(text)}</text:p>'


def _h(text: str, level: int) -> str:
    return (
        f'<text:h text:style-name="Heading_20_{level}" text:outline-level="{level}">'
        f"{_esc(text)}</text:h>"
    )


def _list_style(name: str, levels: list[dict[str, str]]) -> str:
    """A ``text:list-style``; each level's attributes (``num-format``, ``num-suffix``,
    ``num-prefix``, ``display-levels``, ``start-value``) or ``bullet-char``."""
    body = ""
    for k, attributes in enumerate(levels, start=1):
        if "bullet-char" in attributes:
            body += (
                f'<text:list-level-style-bullet text:level="{k}" '
                f'text:bullet-char="{attributes["bullet-char"]}"/>'
            )
            continue
        attrs = " ".join(
            f'{"style" if key.startswith("num-") else "text"}:{key}="{_esc(value)}"'
            for key, value in attributes.items()
        )
        body += f'<text:list-level-style-number text:level="{k}" {attrs}/>'
    return f'<text:list-style style:name="{name}">{body}</text:list-style>'


def _items(style: str, entries: list, extra: str = "") -> str:
    """A ``text:list``: each entry a string (an item) or (string, [sub-entries])."""
    body = ""
    for entry in entries:
        text, subs = (entry, None) if isinstance(entry, str) else entry
        inner = _p(text, "List_20_Paragraph")
        if subs:
            inner += _items(style, subs)
        body += f"<text:list-item>{inner}</text:list-item>"
    return f'<text:list text:style-name="{style}"{extra}>{body}</text:list>'


def _odt_bytes(
    title: str,
    styles: str,
    automatic: str,
    body: str,
    description: str = "Document fictif rédigé pour le jeu aveugle de textmine (P17).",
) -> bytes:
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODF_NS} '
        f'office:version="1.3"><office:automatic-styles>{automatic}</office:automatic-styles>'
        f"<office:body><office:text>{body}</office:text></office:body>"
        "</office:document-content>"
    )
    styles_xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {_ODF_NS} '
        f'office:version="1.3"><office:styles>{styles}</office:styles></office:document-styles>'
    )
    meta = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {_ODF_NS} '
        f'office:version="1.3"><office:meta><dc:title>{_esc(title)}</dc:title>'
        "<meta:creation-date>2018-02-05T09:00:00</meta:creation-date>"
        f"<dc:description>{description}</dc:description></office:meta></office:document-meta>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.3">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{_ODT_MIME}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    date = FIXED_DATE.timetuple()[:6]
    with zipfile.ZipFile(out, "w") as archive:
        # the ODF package rule: "mimetype" first and stored uncompressed
        archive.writestr(zipfile.ZipInfo("mimetype", date_time=date), _ODT_MIME)
        for name, data in (
            ("content.xml", content),
            ("styles.xml", styles_xml),
            ("meta.xml", meta),
            ("META-INF/manifest.xml", manifest),
        ):
            info = zipfile.ZipInfo(name, date_time=date)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data.encode("utf-8"))
    return out.getvalue()


def plan_climat_odt() -> bytes:
    """A new list under each unnumbered heading (numbers restart), a lettered sub-level."""
    automatic = _list_style(
        "L1",
        [
            {"num-format": "1", "num-suffix": "."},
            {"num-format": "a", "num-suffix": ")"},
        ],
    ) + _list_style("L2", [{"bullet-char": "•"}])
    body = (
        _h("Plan climat-air-énergie territorial de Vitré Communauté", 1)
        + _p(
            "Le plan a été arrêté par le conseil communautaire le 3 juillet 2025, après "
            "l'avis de l'autorité environnementale. Les émissions du territoire ont baissé de "
            "9 % depuis 2015."
        )
        + _p("Ont participé à son élaboration :")
        + _items("L2", ["la chambre d'agriculture ;", "les trois lycées du territoire."])
        + _h("Bâtiments", 2)
        + _items(
            "L1",
            [
                "Rénover chaque année 150 logements privés grâce à la plateforme de "
                "rénovation énergétique de l'intercommunalité.",
                (
                    "Remplacer les chaudières au fioul des bâtiments publics :",
                    [
                        "dans les écoles avant 2027 ;",
                        "dans les salles des fêtes avant 2029.",
                    ],
                ),
            ],
        )
        + _h("Agriculture", 2)
        + _p("L'agriculture pèse 58 % des émissions du territoire.")
        + _items(
            "L1",
            [
                "Accompagner trente exploitations laitières dans un diagnostic carbone.",
                "Planter 40 kilomètres de haies bocagères d'ici 2030.",
            ],
        )
        + _h("Mobilité", 2)
        + _items(
            "L1",
            [
                "Ouvrir deux lignes de covoiturage à haut niveau de service vers Rennes.",
                "Équiper les gares de Vitré et de Châteaubourg d'abris vélos sécurisés.",
                "Louer des vélos à assistance électrique à 20 euros par mois.",
            ],
        )
        + _p("Le plan sera révisé en 2031.")
    )
    return _odt_bytes("Plan climat-air-énergie territorial", "", automatic, body)


def schema_jeunesse_odt() -> bytes:
    """Level 1 the axes ("1."), level 2 the actions shown with both levels ("1.2."), a list
    interrupted by a paragraph and continued (``continue-numbering``); the list style is a
    named style of styles.xml."""
    styles = _list_style(
        "Numérotation_20_plan",
        [
            {"num-format": "1", "num-suffix": "."},
            {"num-format": "1", "num-suffix": ".", "display-levels": "2"},
        ],
    )
    first = [
        (
            "Informer les jeunes",
            [
                "Créer une application départementale qui recense les aides aux 16-25 ans.",
                "Former 200 animateurs à l'information jeunesse dans les centres sociaux.",
            ],
        ),
    ]
    second = [
        (
            "Favoriser l'engagement",
            [
                "Valoriser le service civique dans les services du département, avec 50 "
                "missions par an.",
                "Soutenir les juniors associations par une aide de démarrage de 500 euros.",
                "Ouvrir le budget participatif départemental aux collégiens.",
            ],
        ),
    ]
    body = (
        _h("Schéma départemental de la jeunesse de la Haute-Vienne 2026-2030", 1)
        + _p(
            "Le schéma est le fruit de dix-huit mois de travail avec la caisse d'allocations "
            "familiales, l'État et les communes. Il compte deux axes."
        )
        + _items("Numérotation_20_plan", first)
        + _p(
            "En 2024, 41 % des jeunes interrogés déclaraient ne pas savoir à qui s'adresser "
            "pour une aide au permis de conduire."
        )
        + _items("Numérotation_20_plan", second, ' text:continue-numbering="true"')
        + _p("Le schéma sera évalué en 2028 par un comité de jeunes tirés au sort.")
    )
    return _odt_bytes("Schéma départemental de la jeunesse", styles, "", body)


def avis_odt_lettres() -> bytes:
    """Upper-case letters "A.", lower roman with a prefix "(i)", a bullet list (not items)."""
    automatic = (
        _list_style("L1", [{"num-format": "A", "num-suffix": "."}])
        + _list_style("L2", [{"num-format": "i", "num-prefix": "(", "num-suffix": ")"}])
        + _list_style("L3", [{"bullet-char": "–"}])
    )
    body = (
        _h("Avis de la conférence régionale de la santé et de l'autonomie de Normandie", 1)
        + _p(
            "Sur le projet régional de santé 2023-2028, volet personnes âgées. Avis rendu en "
            "séance plénière le 14 novembre 2024."
        )
        + _h("Constats", 2)
        + _items(
            "L3",
            [
                "un tiers des établissements pour personnes âgées ont un poste de médecin "
                "coordonnateur vacant ;",
                "les services d'aide à domicile refusent des demandes faute de personnel.",
            ],
        )
        + _h("Recommandations", 2)
        + _items(
            "L1",
            [
                "Mutualiser les médecins coordonnateurs entre établissements voisins d'un "
                "même département.",
                "Revaloriser les indemnités kilométriques des aides à domicile en zone rurale.",
                "Créer dans chaque département une plateforme unique d'orientation des familles.",
            ],
        )
        + _h("Demandes adressées à l'agence régionale de santé", 2)
        + _items(
            "L2",
            [
                "Publier chaque année le taux d'occupation des places d'hébergement temporaire.",
                "Associer les représentants des usagers au suivi du projet régional.",
            ],
        )
    )
    return _odt_bytes("Avis de la CRSA de Normandie", "", automatic, body)


# ---------------------------------------------------------------- PDF


class _Report(FPDF):
    """A4 pages with a running header and a footer: "Page N" unless a document sets another."""

    running_title = ""
    header_align = "R"
    footer_text = "Page {page}"

    def header(self) -> None:
        if self.page_no() > 1:
            self.set_font("Helvetica", "I", 8)
            self.cell(0, 8, self.running_title, align=self.header_align)
            self.ln(12)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=8)
        self.cell(0, 10, self.footer_text.format(page=self.page_no()), align="C")


def _pdf(title: str, footer: str = "Page {page}", header_align: str = "R") -> _Report:
    """A reproducible A4 report (fixed creation date, standard fonts, 22 mm bottom margin)."""
    pdf = _Report(format="A4")
    # cp1252 covers "œ", "’", "–" and "€" in the standard fonts, so no font file is embedded
    pdf.core_fonts_encoding = "windows-1252"
    pdf.running_title = title
    pdf.footer_text = footer
    pdf.header_align = header_align
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


def rapport_observatoire_pdf() -> bytes:
    """Numbered section titles, "Recommandation n° 1 :" items over several lines, one of them
    across a page break, and a table of contents with dot leaders."""
    pdf = _pdf("Observatoire régional de la précarité énergétique – rapport 2025")
    pdf.add_page()
    _para(pdf, "Observatoire régional de la précarité énergétique", "B", 16)
    _para(pdf, "Rapport annuel 2025 – Région Grand Est", "", 12, 8)
    _para(pdf, "Sommaire", "B", 12)
    for entry, page in (
        ("1. Les ménages concernés", 2),
        ("2. Les aides existantes", 2),
        ("3. Nos recommandations", 2),
    ):
        pdf.set_font("Helvetica", size=11)
        pdf.cell(150, 6, entry + " " + "." * (60 - len(entry)))
        pdf.cell(0, 6, str(page), align="R")
        pdf.ln(6)
    pdf.add_page()
    _para(pdf, "1. Les ménages concernés", "B", 13)
    filler = (
        "En 2024, 14 % des ménages de la région consacraient plus de 8 % de leurs revenus aux "
        "dépenses d'énergie du logement, et 21 % dans les départements ruraux. Les ménages "
        "chauffés au fioul et les locataires de logements construits avant 1975 sont les plus "
        "exposés. Les travailleurs sociaux signalent une hausse des demandes d'aide au "
        "paiement des factures depuis l'hiver 2022."
    )
    _para(pdf, filler)
    _para(
        pdf,
        "Le nombre de ménages aidés par le fonds de solidarité pour le logement a progressé de "
        "12 % entre 2022 et 2024, mais le montant moyen de l'aide a baissé.",
    )
    _para(pdf, "2. Les aides existantes", "B", 13)
    _para(
        pdf,
        "Le chèque énergie, le fonds de solidarité pour le logement et les aides à la "
        "rénovation se cumulent mal : un ménage sur trois qui y a droit ne demande pas le "
        "fonds de solidarité, selon l'enquête menée auprès de 1 200 ménages en 2024. Les "
        "délais d'instruction dépassent souvent trois mois.",
    )
    _para(pdf, "3. Nos recommandations", "B", 13)
    for k, text in enumerate(
        (
            "Créer dans chaque département un guichet unique qui instruit ensemble le fonds "
            "de solidarité pour le logement et les aides à la rénovation énergétique.",
            "Verser automatiquement le fonds de solidarité pour le logement aux ménages "
            "bénéficiaires du chèque énergie dont la facture dépasse 10 % des revenus.",
            "Financer 400 visites à domicile par an par des conseillers en économie d'énergie, "
            "en priorité chez les locataires du parc privé ancien.",
            "Interdire les coupures d'électricité pour impayés entre le 1er novembre et le "
            "31 mars, y compris pour les logements chauffés au bois ou au fioul, et étendre "
            "cette protection aux résidences collectives dont le chauffage est facturé dans "
            "les charges, afin qu'aucun ménage ne reste sans chauffage en hiver.",
            "Publier chaque année les données de l'observatoire par commune.",
        ),
        start=1,
    ):
        _para(pdf, f"Recommandation n° {k} : {text}")
        if k == 3:
            # leaves room for two of recommendation 4's lines (5.5 mm each) above the bottom
            # margin (22 mm of 297), so that it runs over the page break
            pdf.ln(297 - 22 - pdf.get_y() - 12)
    return bytes(pdf.output())


def plan_actions_pdf() -> bytes:
    """Headings carrying their axis number ("Axe 2 –") over lists that restart at "1."."""
    pdf = _pdf("Plan d'actions alimentation durable – Pays de Redon")
    pdf.add_page()
    _para(pdf, "Plan d'actions pour une alimentation durable du Pays de Redon", "B", 15)
    _para(
        pdf,
        "Adopté le 19 juin 2025 par le comité syndical du pays. Le projet alimentaire "
        "territorial a été labellisé par le ministère de l'Agriculture en 2022.",
        gap=6,
    )
    axes = (
        (
            "Axe 1 – Approvisionner la restauration collective",
            (
                "Ouvrir une plateforme de commandes groupées pour les cantines des 31 "
                "communes, avec un catalogue des producteurs locaux.",
                "Former les cuisiniers des écoles à la cuisine des légumineuses.",
            ),
        ),
        (
            "Axe 2 – Soutenir l'installation de maraîchers",
            (
                "Mettre en réserve dix hectares de terres communales pour des installations en "
                "maraîchage biologique.",
                "Créer une couveuse agricole où les porteurs de projet testent leur activité "
                "pendant deux ans.",
                "Aider l'achat de serres à hauteur de 30 %.",
            ),
        ),
        (
            "Axe 3 – Lutter contre le gaspillage",
            (
                "Équiper les cantines de tables de tri et peser les restes une semaine par "
                "trimestre.",
                "Donner les invendus des marchés aux épiceries solidaires.",
            ),
        ),
    )
    for title, items in axes:
        _para(pdf, title, "B", 12)
        for k, text in enumerate(items, start=1):
            _para(pdf, f"{k}. {text}", gap=1.5)
        pdf.ln(3)
    _para(
        pdf,
        "Le budget du plan est de 650 000 euros sur trois ans, dont 40 % apportés par la "
        "région Bretagne.",
    )
    return bytes(pdf.output())


BUILDERS: dict[str, Callable[[], bytes]] = {
    "plan-sante-word.docx": lambda: reproducible_bytes(plan_sante_word()),
    "feuille-route-logement-word.docx": lambda: reproducible_bytes(feuille_route_word()),
    "avis-conseil-developpement-word.docx": lambda: reproducible_bytes(avis_ceser_word()),
    "programme-captages-word.docx": lambda: reproducible_bytes(programme_eau_word()),
    "plan-climat-odt.odt": plan_climat_odt,
    "schema-jeunesse-odt.odt": schema_jeunesse_odt,
    "avis-crsa-odt.odt": avis_odt_lettres,
    "rapport-observatoire-pdf.pdf": rapport_observatoire_pdf,
    "plan-alimentation-pdf.pdf": plan_actions_pdf,
}


def write_documents(
    builders: dict[str, Callable[[], bytes]],
    default_output: Path,
    description: str,
    which: str,
    argv: list[str] | None = None,
) -> None:
    """The command line of every ``make_numbered_*`` script: build each file into a folder."""
    parser = argparse.ArgumentParser(description=description.split("\n\n")[0])
    parser.add_argument(
        "output", nargs="?", type=Path, default=default_output, help=f"default: {which}"
    )
    folder = parser.parse_args(argv).output
    folder.mkdir(parents=True, exist_ok=True)
    for name, build in builders.items():
        path = folder / name
        path.write_bytes(build())
        print(f"wrote {path} ({path.stat().st_size} bytes)")


def main(argv: list[str] | None = None) -> None:
    write_documents(BUILDERS, DEFAULT_OUTPUT, __doc__, "the blind2 set", argv)


if __name__ == "__main__":
    main()
