"""Build ``tests/data/numbered_dev/plan-forets-word.docx``, a dev document of numbered layouts.

A fictitious action plan written for textmine's dev set of numbered layouts (bench/RESULTS.md
P15): its numbers are Word's automatic numbering, not text (lists restarted under each "Axe"
heading, sub-items in a lettered list), and it opens with a table of contents
whose entries start with an infinitive and end with a tab and a page number. The gold items are
in ``plan-forets-word.gold.csv`` beside it, written by hand. The output is byte-for-byte
reproducible (fixed dates), so rebuilding it does not show up as a change.

Needs nothing but python-docx; takes under a second:

    python -m bench.make_numbered_docx [output.docx]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from lxml import etree

from bench.make_corpus_docx import FIXED_DATE, reproducible_bytes

DEFAULT_OUTPUT = (
    Path(__file__).resolve().parents[1]
    / "tests"
    / "data"
    / "numbered_dev"
    / "plan-forets-word.docx"
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# (abstract id, levels as (numFmt, lvlText)); each w:num below restarts one of them at 1
LISTS = {
    90: [("decimal", "%1.")],
    91: [("lowerLetter", "%1)")],
}
NUMS = {90: (90, False), 91: (90, True), 92: (90, True), 93: (91, False)}


def _add_numbering(doc: DocxDocument) -> None:
    numbering = doc.part.numbering_part.element
    for abstract_id, levels in sorted(LISTS.items(), reverse=True):
        body = "".join(
            f'<w:lvl w:ilvl="{k}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/></w:lvl>'
            for k, (fmt, text) in enumerate(levels)
        )
        numbering.insert(
            0,
            etree.fromstring(
                f'<w:abstractNum xmlns:w="{_W}" w:abstractNumId="{abstract_id}">{body}'
                "</w:abstractNum>"
            ),
        )
    for num_id, (abstract_id, restart) in NUMS.items():
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


def _item(doc: DocxDocument, text: str, num_id: int) -> None:
    paragraph = doc.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(
        etree.fromstring(
            f'<w:numPr xmlns:w="{_W}"><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'
        )
    )


def build_plan() -> DocxDocument:
    """The plan as a python-docx document."""
    doc = Document()
    props = doc.core_properties
    props.title = "Plan intercommunal pour les forêts 2026-2030"
    props.author = "textmine"
    props.comments = "Document fictif rédigé pour le jeu de développement de textmine."
    props.created = props.modified = props.last_printed = FIXED_DATE
    props.revision = 1
    _add_numbering(doc)
    doc.add_heading("Plan intercommunal pour les forêts 2026-2030", level=1)
    doc.add_paragraph("Sommaire")
    for entry, page in (
        ("Protéger les massifs", 3),
        ("Valoriser le bois local", 5),
        ("Accueillir le public", 8),
    ):
        doc.add_paragraph(f"{entry}\t{page}")
    doc.add_heading("Axe 1 – Protéger les massifs", level=2)
    doc.add_paragraph(
        "Les sécheresses de 2022 et 2023 ont fait mourir un épicéa sur trois dans le massif."
    )
    _item(doc, "Interdire les coupes rases de plus de deux hectares.", 90)
    _item(doc, "Recruter quatre gardes forestiers intercommunaux.", 90)
    doc.add_heading("Axe 2 – Valoriser le bois local", level=2)
    _item(doc, "Créer une plateforme de stockage du bois d'œuvre.", 91)
    _item(doc, "Imposer une part de bois local dans les marchés publics :", 91)
    _item(doc, "dans les écoles ;", 93)
    _item(doc, "dans les équipements sportifs.", 93)
    doc.add_heading("Axe 3 – Accueillir le public", level=2)
    _item(doc, "Baliser dix sentiers accessibles aux personnes à mobilité réduite.", 92)
    _item(doc, "Ouvrir une maison de la forêt au col.", 92)
    doc.add_paragraph("Le comité de suivi se réunit chaque année au printemps.")
    return doc


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "output", nargs="?", type=Path, default=DEFAULT_OUTPUT, help="default: the dev set file"
    )
    output = parser.parse_args(argv).output
    output.write_bytes(reproducible_bytes(build_plan()))
    print(f"wrote {output} ({output.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
