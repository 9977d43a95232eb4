"""Build ``corpus/note-plan-departemental-mutualisation.docx``, the Word note of the default corpus.

The note is a fictitious document written for textmine (see ``corpus/README.md``). It exercises
DOCX ingestion: headings, a date line and reference number, "Mesure N" items with sub-bullets,
a table and core properties. The output is byte-for-byte reproducible (fixed dates in the core
properties and in the zip entries), so rebuilding it does not show up as a change.

Needs nothing but python-docx; takes under a second. Rebuild after editing this script (edit
the script, not the file):

    python -m bench.make_corpus_docx [output.docx]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import zipfile
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument

DEFAULT_OUTPUT = (
    Path(__file__).resolve().parents[1] / "corpus" / "note-plan-departemental-mutualisation.docx"
)
FIXED_DATE = dt.datetime(2018, 2, 5, 9, 0, 0)

MEASURES: list[tuple[str, str, list[str]]] = [
    (
        "Mesure 1",
        "Proposer à toutes les communes une offre mutualisée de services informatiques.",
        [
            "hébergement des serveurs et des logiciels métiers dans le centre de données du syndicat ;",
            "messagerie et site internet communal fournis pour une cotisation de 1,50 € par habitant.",
        ],
    ),
    (
        "Mesure 2",
        "Recruter un responsable de la sécurité des systèmes d’information partagé entre les "
        "communes adhérentes.",
        [
            "réaliser un diagnostic de cybersécurité dans chaque mairie d’ici la fin de l’année 2018 ;",
            "mettre en place des sauvegardes quotidiennes hors site.",
        ],
    ),
    (
        "Mesure 3",
        "Ouvrir un portail départemental de données publiques où chaque commune pourra publier "
        "ses jeux de données sans compétence technique.",
        ["commencer par les budgets, les délibérations et la liste des équipements publics."],
    ),
    (
        "Mesure 4",
        "Former un réseau d’aidants numériques dans les mairies et les maisons de services au "
        "public pour accompagner les habitants dans leurs démarches en ligne.",
        [
            "former deux agents par intercommunalité à la médiation numérique ;",
            "s’appuyer sur les associations locales et les bibliothèques.",
        ],
    ),
    (
        "Mesure 5",
        "Organiser un groupement de commandes pour l’achat de matériel informatique et de "
        "logiciels.",
        [],
    ),
]

SCHEDULE: list[tuple[str, str, str, str]] = [
    ("Mesure 1", "Syndicat mixte", "septembre 2018", "420 000 €"),
    ("Mesure 2", "Syndicat mixte", "juin 2018", "65 000 €"),
    ("Mesure 3", "Département", "décembre 2018", "30 000 €"),
    ("Mesure 4", "Intercommunalités", "2019", "120 000 €"),
    ("Mesure 5", "Syndicat mixte", "janvier 2019", "—"),
]


def build_note() -> DocxDocument:
    """The note as a python-docx document."""
    doc = Document()
    props = doc.core_properties
    props.title = "Plan départemental de mutualisation numérique 2018-2020"
    props.author = "Direction du numérique — syndicat mixte départemental d’informatique"
    props.comments = "Document fictif rédigé pour le corpus par défaut de textmine."
    props.language = "fr-FR"
    props.created = FIXED_DATE
    props.modified = FIXED_DATE
    props.last_printed = FIXED_DATE
    props.last_modified_by = "textmine"
    props.revision = 1

    doc.add_paragraph("SYNDICAT MIXTE DÉPARTEMENTAL D’INFORMATIQUE ET DE SERVICES NUMÉRIQUES")
    doc.add_paragraph("Direction du numérique et des systèmes d’information")
    doc.add_paragraph("Nevers, le 5 février 2018")
    doc.add_paragraph("Réf. : N°2018-047")
    doc.add_heading("Note à l’attention de Mesdames et Messieurs les maires", level=1)
    doc.add_paragraph("Objet : plan départemental de mutualisation numérique 2018-2020")

    doc.add_heading("Contexte", level=2)
    doc.add_paragraph(
        "Le comité syndical réuni le 18 décembre 2017 a approuvé les orientations d’un plan de "
        "mutualisation numérique. Ce plan répond aux difficultés que les maires ont exprimées "
        "lors de la consultation de l’automne : logiciels vieillissants, absence de sauvegardes, "
        "attaques informatiques, habitants démunis face à la dématérialisation des démarches."
    )
    doc.add_paragraph(
        "Sur les 309 communes du département, 241 comptent moins de 1 000 habitants. Aucune "
        "d’entre elles ne dispose d’un informaticien. En 2017, deux mairies ont perdu leurs "
        "fichiers d’état civil à la suite d’un rançongiciel."
    )

    doc.add_heading("Mesures proposées", level=2)
    for label, text, bullets in MEASURES:
        paragraph = doc.add_paragraph()
        paragraph.add_run(f"{label} : ").bold = True
        paragraph.add_run(text)
        for bullet in bullets:
            doc.add_paragraph(bullet, style="List Bullet")

    doc.add_heading("Calendrier et financement", level=2)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    headers = ("Mesure", "Pilote", "Échéance", "Coût annuel estimé")
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = header
    for row in SCHEDULE:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = value
    doc.add_paragraph(
        "Le financement sera assuré par les cotisations des communes, une participation du "
        "conseil départemental et le fonds national pour la société numérique."
    )

    doc.add_heading("Prochaines étapes", level=2)
    doc.add_paragraph(
        "Les communes sont invitées à faire connaître leur intention d’adhérer avant le 30 avril "
        "2018. Une réunion d’information se tiendra dans chaque intercommunalité au mois de mars."
    )
    doc.add_paragraph("Le directeur général, Pascal RIVIÈRE")
    return doc


def reproducible_bytes(doc: DocxDocument) -> bytes:
    """The .docx bytes with every zip entry dated FIXED_DATE, so that rebuilds are identical."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_DATE.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "output", nargs="?", type=Path, default=DEFAULT_OUTPUT, help="default: the corpus/ file"
    )
    output = parser.parse_args(argv).output
    output.write_bytes(reproducible_bytes(build_note()))
    reread = Document(str(output))
    words = sum(len(p.text.split()) for p in reread.paragraphs)
    words += sum(len(c.text.split()) for t in reread.tables for r in t.rows for c in r.cells)
    print(
        f"wrote {output} ({output.stat().st_size} bytes, {len(reread.paragraphs)} paragraphs, "
        f"{len(reread.tables)} table(s), {words} words)"
    )


if __name__ == "__main__":
    main()
