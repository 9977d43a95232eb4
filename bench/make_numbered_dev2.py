"""Build the DOCX and PDF dev documents written for the fixes after P17's blind score.

Fictitious French documents for ``tests/data/numbered_dev/`` (bench/RESULTS.md P17), one per
kind the blind set missed, written for the fix and not copied from the blind files:

- ``plan-numerique-niveaux-word.docx``: a Word multi-level list ("1." titles, "1.1" actions)
  whose last title holds a single action;
- ``rapport-ports-pdf.pdf``: a three-page PDF whose running header is on pages 2 and 3 only,
  with a recommendation cut by a page break.

After P19's blind score (fixed in P21), one PDF per PDF kind the third blind set missed:

- ``plan-tourisme-titres-pdf.pdf``: bold headings without numbers over "1." lists restarting
  under each (the number in its own cell, the text hanging), the last heading an annex over a
  list of past projects;
- ``rapport-musees-sections-pdf.pdf``: "Recommandation k :" paragraphs, the last one before a
  page whose numbered section titles ("1. Des collections…") stand over their paragraphs;
- ``programme-sante-odt.odt``: an ODF list style with words in its numbers, level 1 "Axe 1 –"
  (titles), level 2 "Mesure prioritaire 1.1 :" shown with both levels (the items).

The gold items are in ``NAME.gold.csv`` beside each file. Byte-for-byte reproducible:

    python -m bench.make_numbered_dev2 [output_folder]
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from docx.document import Document as DocxDocument
from fpdf import FPDF

from bench.make_corpus_docx import reproducible_bytes
from bench.make_numbered_blind2 import (
    _h,
    _item,
    _items,
    _list_style,
    _new_docx,
    _numbering,
    _odt_bytes,
    _p,
    _para,
    _pdf,
    write_documents,
)

DEFAULT_OUTPUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "numbered_dev"


def plan_numerique_word() -> DocxDocument:
    """Level 0 "1." the themes (titles), level 1 "1.1" the actions; the third theme has one."""
    doc = _new_docx("Feuille de route numérique du collège départemental")
    doc.core_properties.comments = "Document fictif rédigé pour le jeu de développement (P17)."
    _numbering(doc, {160: [("decimal", "%1."), ("decimal", "%1.%2")]}, {160: (160, False)})
    doc.add_heading("Feuille de route numérique des collèges de l'Aude", level=1)
    doc.add_paragraph("Adoptée par la commission permanente du 14 mars 2025.")
    _item(doc, "Équiper les classes", 160, 0)
    _item(doc, "Remplacer les vidéoprojecteurs de plus de huit ans.", 160, 1)
    _item(doc, "Prêter une tablette aux élèves de sixième qui n'en ont pas.", 160, 1)
    _item(doc, "Former les enseignants", 160, 0)
    _item(doc, "Ouvrir un parcours de formation aux outils libres.", 160, 1)
    _item(doc, "Protéger les données", 160, 0)
    _item(doc, "Désigner un délégué à la protection des données commun aux collèges.", 160, 1)
    doc.add_paragraph("Le budget est voté chaque année avec celui des collèges.")
    return doc


def rapport_ports_pdf() -> bytes:
    """A running header on pages 2 and 3 only; recommendation 2 runs over the page break."""
    pdf = _pdf("Ports départementaux – rapport d'étape")
    pdf.add_page()
    _para(pdf, "Les ports départementaux de la Manche", "B", 16)
    _para(pdf, "Rapport d'étape de la mission d'expertise, octobre 2025", "", 12, 120)
    pdf.add_page()
    _para(pdf, "Constats", "B", 13)
    _para(
        pdf,
        "Les sept ports du département accueillent 2 400 bateaux. Leurs recettes couvrent les "
        "charges courantes mais pas le renouvellement des pontons, dont la moitié a plus de "
        "trente ans.",
    )
    _para(pdf, "Recommandations", "B", 13)
    _para(pdf, "Recommandation 1 : Confier la gestion des sept ports à un syndicat mixte unique.")
    pdf.ln(297 - 22 - pdf.get_y() - 12)  # two lines of recommendation 2 fit above the margin
    _para(
        pdf,
        "Recommandation 2 : Constituer une provision annuelle pour le renouvellement des "
        "pontons, alimentée par une part fixe des redevances d'amarrage, afin que les travaux "
        "des dix prochaines années soient financés sans emprunt nouveau ni hausse brutale des "
        "tarifs.",
    )
    _para(pdf, "Recommandation 3 : Publier les tarifs de tous les ports sur un site commun.")
    return bytes(pdf.output())


def _hanging_item(pdf: FPDF, number: str, text: str) -> None:
    pdf.set_font("Helvetica", "", 11)
    pdf.cell(8, 5.5, number)
    pdf.multi_cell(0, 5.5, text)
    pdf.ln(2)


def plan_tourisme_titres_pdf() -> bytes:
    """Bold, unnumbered headings over lists restarting at "1."; an annex of past projects."""
    pdf = _pdf("Plan départemental du tourisme durable")
    pdf.add_page()
    _para(pdf, "Plan départemental du tourisme durable 2026-2028", "B", 15)
    _para(
        pdf,
        "Département de l'Ardèche. Le plan a été voté le 14 octobre 2025 après six réunions "
        "avec les offices de tourisme, les hébergeurs et les associations de randonnée.",
    )
    sections = (
        (
            "Mieux répartir les visiteurs",
            (
                "Créer une navette estivale entre les gorges et les villages du plateau, avec "
                "un départ toutes les heures en juillet et en août.",
                "Limiter le stationnement au bord de la rivière aux véhicules des riverains.",
            ),
        ),
        (
            "Accompagner les hébergeurs",
            (
                "Financer à hauteur de 30 % les travaux de rénovation énergétique des gîtes.",
                "Ouvrir un guichet unique pour les démarches de classement des meublés.",
                "Former les saisonniers à l'accueil en langue anglaise et allemande.",
            ),
        ),
        (
            "Annexe – Opérations réalisées depuis 2021",
            (
                "Balisage de 120 kilomètres de sentiers, achevé en 2022.",
                "Rénovation du belvédère du Serre de Tourre, inaugurée en 2024.",
            ),
        ),
    )
    for title, items in sections:
        _para(pdf, title, "B", 12, 2)
        for number, text in enumerate(items, start=1):
            _hanging_item(pdf, f"{number}.", text)
    return bytes(pdf.output())


def rapport_musees_sections_pdf() -> bytes:
    """A cover, the recommendations, then a page of numbered section titles over their
    paragraphs, under a running header that ingestion removes."""
    pdf = _pdf("Les musées municipaux – rapport d'observations")
    pdf.add_page()
    _para(pdf, "Les musées municipaux de Besançon", "B", 15)
    _para(pdf, "Rapport d'observations de l'inspection générale, juin 2026", "", 12, 6)
    pdf.add_page()  # three pages: the running header of pages 2 and 3 is removed (P17)
    _para(pdf, "Recommandations", "B", 13)
    _para(
        pdf,
        "Recommandation 1 : Inventorier d'ici 2028 les 40 000 objets des réserves, en "
        "commençant par les collections d'horlogerie.",
    )
    _para(
        pdf,
        "Recommandation 2 : Ouvrir les deux musées le lundi pendant les vacances scolaires.",
    )
    _para(
        pdf,
        "Recommandation 3 : Confier la billetterie des deux musées à un seul prestataire.",
    )
    pdf.add_page()
    for title, text in (
        (
            "1. Des collections mal connues",
            "Un tiers des objets des réserves n'a jamais été inventorié. Le récolement "
            "décennal prévu par la loi n'a pas été achevé.",
        ),
        (
            "2. Une fréquentation en baisse",
            "Les deux musées ont reçu 61 000 visiteurs en 2025, 15 % de moins qu'en 2019.",
        ),
    ):
        _para(pdf, title, "B", 12, 1)
        _para(pdf, text)
    return bytes(pdf.output())


def programme_sante_odt() -> bytes:
    """Words before the numbers of an ODF list style, ``display-levels="2"`` on the items."""
    styles = _list_style(
        "Programme",
        [
            {"num-format": "1", "num-prefix": "Axe ", "num-suffix": " –"},
            {
                "num-format": "1",
                "num-prefix": "Mesure prioritaire ",
                "num-suffix": " :",
                "display-levels": "2",
            },
        ],
    )
    entries = [
        (
            "Prévenir",
            [
                "Proposer un dépistage gratuit du diabète dans les pharmacies du département.",
                "Équiper les collèges de distributeurs de fruits frais.",
            ],
        ),
        (
            "Soigner",
            [
                "Ouvrir deux centres de santé à Guéret et à Aubusson d'ici 2027.",
                "Financer le logement des internes en médecine générale.",
            ],
        ),
    ]
    body = (
        _h("Programme départemental de santé de la Creuse 2026-2029", 1)
        + _p(
            "La Creuse compte 62 médecins généralistes pour 115 000 habitants. Le programme a "
            "été adopté par le conseil départemental le 9 mars 2026."
        )
        + _items("Programme", entries)
        + _p("Le programme sera évalué chaque année devant la commission des solidarités.")
    )
    return _odt_bytes("Programme départemental de santé", styles, "", body)


BUILDERS: dict[str, Callable[[], bytes]] = {
    "plan-numerique-niveaux-word.docx": lambda: reproducible_bytes(plan_numerique_word()),
    "rapport-ports-pdf.pdf": rapport_ports_pdf,
    "plan-tourisme-titres-pdf.pdf": plan_tourisme_titres_pdf,
    "rapport-musees-sections-pdf.pdf": rapport_musees_sections_pdf,
    "programme-sante-odt.odt": programme_sante_odt,
}


def main(argv: list[str] | None = None) -> None:
    write_documents(BUILDERS, DEFAULT_OUTPUT, __doc__, "the dev set", argv)


if __name__ == "__main__":
    main()
