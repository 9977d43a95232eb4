"""Build the DOCX and PDF dev documents written for the fixes after P17's blind score.

Fictitious French documents for ``tests/data/numbered_dev/`` (bench/RESULTS.md P17), one per
kind the blind set missed, written for the fix and not copied from the blind files:

- ``plan-numerique-niveaux-word.docx``: a Word multi-level list ("1." titles, "1.1" actions)
  whose last title holds a single action;
- ``rapport-ports-pdf.pdf``: a three-page PDF whose running header is on pages 2 and 3 only,
  with a recommendation cut by a page break.

The gold items are in ``NAME.gold.csv`` beside each file. Byte-for-byte reproducible:

    python -m bench.make_numbered_dev2 [output_folder]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from docx.document import Document as DocxDocument

from bench.make_corpus_docx import reproducible_bytes
from bench.make_numbered_blind2 import _item, _new_docx, _numbering, _para, _pdf

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


BUILDERS: dict[str, Callable[[], bytes]] = {
    "plan-numerique-niveaux-word.docx": lambda: reproducible_bytes(plan_numerique_word()),
    "rapport-ports-pdf.pdf": rapport_ports_pdf,
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "output", nargs="?", type=Path, default=DEFAULT_OUTPUT, help="default: the dev set"
    )
    folder = parser.parse_args(argv).output
    for name, build in BUILDERS.items():
        path = folder / name
        path.write_bytes(build())
        print(f"wrote {path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
