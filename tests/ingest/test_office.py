import io
import zipfile

import docx
from odf.opendocument import OpenDocumentText
from odf.text import H, List, ListItem, P

from .conftest import assert_good_intact


def _docx_bytes() -> bytes:
    document = docx.Document()
    document.core_properties.title = "Rapport sur les territoires numériques"
    document.add_heading("Synthèse", level=1)
    document.add_heading("Nos propositions", level=2)
    document.add_paragraph("Proposition n° 1 : créer une agence du numérique.")
    document.add_paragraph("Mutualiser les moyens des collectivités", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Mesure", "Coût"
    table.cell(1, 0).text, table.cell(1, 1).text = "Guichet unique", "2 M€"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_headings_lists_and_tables(corpus, config):
    (corpus / "rapport.docx").write_bytes(_docx_bytes())
    doc = assert_good_intact(corpus, config)["rapport.docx"]
    assert doc.status == "ok"
    assert doc.title == "Rapport sur les territoires numériques"
    headings = [
        (doc.text[b.start_char : b.end_char], b.level) for b in doc.blocks if b.kind == "heading"
    ]
    assert headings == [("Synthèse", 1), ("Nos propositions", 2)]
    proposal = next(b for b in doc.blocks if b.number == "1")
    assert proposal.kind == "list_item" and proposal.section == "Nos propositions"
    assert any(
        b.kind == "list_item" and "Mutualiser" in doc.text[b.start_char : b.end_char]
        for b in doc.blocks
    )
    rows = [doc.text[b.start_char : b.end_char] for b in doc.blocks if b.kind == "table_row"]
    assert rows == ["Mesure | Coût", "Guichet unique | 2 M€"]


def test_corrupt_docx_is_an_error(corpus, config):
    (corpus / "casse.docx").write_bytes(_docx_bytes()[:2000])
    docs = assert_good_intact(corpus, config)
    assert docs["casse.docx"].status == "error"
    assert "corrupt" in docs["casse.docx"].error


def test_docx_with_xml_entity_expansion_is_refused(corpus, config):
    source = zipfile.ZipFile(io.BytesIO(_docx_bytes()))
    out = io.BytesIO()
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = bomb + data.split(b"?>", 1)[1]
            target.writestr(item, data)
    (corpus / "bombe.docx").write_bytes(out.getvalue())
    docs = assert_good_intact(corpus, config)
    assert docs["bombe.docx"].status == "error"
    assert "entities" in docs["bombe.docx"].error


def test_odt_headings_and_lists(corpus, config):
    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="Recommandations"))
    document.text.addElement(
        P(text="Le conseil formule les recommandations suivantes pour les territoires.")
    )
    items = List()
    item = ListItem()
    item.addElement(P(text="Former les élus au numérique"))
    items.addElement(item)
    document.text.addElement(items)
    document.save(str(corpus / "avis.odt"))
    doc = assert_good_intact(corpus, config)["avis.odt"]
    assert doc.status == "ok"
    kinds = [(b.kind, doc.text[b.start_char : b.end_char]) for b in doc.blocks]
    assert kinds[0] == ("heading", "Recommandations")
    assert ("list_item", "Former les élus au numérique") in kinds


def test_rtf_text_is_extracted(corpus, config):
    (corpus / "note.rtf").write_text(
        r"{\rtf1\ansi{\fonttbl\f0 Arial;}\f0 Note sur la strat\'e9gie num\'e9rique.\par "
        r"1. Ouvrir les donn\'e9es publiques.\par}",
        encoding="ascii",
    )
    doc = assert_good_intact(corpus, config)["note.rtf"]
    assert doc.status == "ok"
    assert "Note sur la stratégie numérique." in doc.text
    assert any(b.marker == "1." for b in doc.blocks)


def test_text_file_named_docx_is_an_error(corpus, config):
    (corpus / "faux.docx").write_text("du texte, pas un document Word", encoding="utf-8")
    docs = assert_good_intact(corpus, config)
    assert docs["faux.docx"].status == "error"
