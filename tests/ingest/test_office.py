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
    assert docs["casse.docx"].error_code in {"docx_corrupt", "zip_corrupt"}
    assert "abîmé" in docs["casse.docx"].error


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
    assert docs["bombe.docx"].error_code == "office_xml_entities"
    assert "entités XML" in docs["bombe.docx"].error


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


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _add_list(document, abstract_id: int, levels: list[tuple[str, str, int]]) -> None:
    """An abstract list of ``levels`` (numFmt, lvlText, start) in the document's numbering."""
    from lxml import etree

    levels_xml = "".join(
        f'<w:lvl w:ilvl="{k}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for k, (fmt, text, start) in enumerate(levels)
    )
    abstract = etree.fromstring(
        f'<w:abstractNum xmlns:w="{_W}" w:abstractNumId="{abstract_id}">{levels_xml}'
        "</w:abstractNum>"
    )
    numbering = document.part.numbering_part.element
    numbering.insert(0, abstract)  # abstract lists come before the w:num that use them


def _add_num(document, num_id: int, abstract_id: int, restart: int | None = None) -> None:
    from lxml import etree

    override = (
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{restart}"/></w:lvlOverride>'
        if restart is not None
        else ""
    )
    document.part.numbering_part.element.append(
        etree.fromstring(
            f'<w:num xmlns:w="{_W}" w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
            f"{override}</w:num>"
        )
    )


def _numbered_paragraph(document, text: str, num_id: int, ilvl: int = 0) -> None:
    from lxml import etree

    paragraph = document.add_paragraph(text)
    properties = paragraph._p.get_or_add_pPr()
    properties.append(
        etree.fromstring(
            f'<w:numPr xmlns:w="{_W}"><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
        )
    )


def _word_numbered_docx() -> bytes:
    document = docx.Document()
    _add_list(document, 90, [("decimal", "%1.", 1), ("decimal", "%1.%2", 1)])
    _add_list(document, 91, [("lowerLetter", "%1)", 1)])
    _add_list(document, 92, [("bullet", "•", 1)])
    _add_list(document, 93, [("upperRoman", "%1.", 1)])
    _add_num(document, 90, 90)
    _add_num(document, 91, 91)
    _add_num(document, 92, 92)
    _add_num(document, 93, 90, restart=1)  # the same list restarted: "Redémarrer à 1"
    _add_num(document, 94, 93)
    document.add_heading("Recommandations", level=1)
    _numbered_paragraph(document, "Renforcer la sécurité des réseaux.", 90)
    _numbered_paragraph(document, "Former les agents.", 90)
    _numbered_paragraph(document, "Former les élus.", 90, ilvl=1)
    _numbered_paragraph(document, "Former les agents d'accueil.", 90, ilvl=1)
    _numbered_paragraph(document, "Ouvrir les données.", 90)
    _numbered_paragraph(document, "Publier les budgets.", 90, ilvl=1)
    _numbered_paragraph(document, "Associer les usagers :", 91)
    _numbered_paragraph(document, "par un comité ;", 91)
    _numbered_paragraph(document, "Mutualiser les achats", 92)
    document.add_heading("Calendrier", level=1)
    _numbered_paragraph(document, "Lancer l'appel d'offres.", 93)
    _numbered_paragraph(document, "Choisir le prestataire.", 93)
    _numbered_paragraph(document, "Constat", 94)
    _numbered_paragraph(document, "Enjeux", 94)
    document.add_paragraph("Créer un guichet unique.", style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_word_numbers_are_rendered_as_word_shows_them(corpus, config):
    (corpus / "plan.docx").write_bytes(_word_numbered_docx())
    doc = assert_good_intact(corpus, config)["plan.docx"]
    items = [
        (doc.text[b.start_char : b.end_char], b.number) for b in doc.blocks if b.kind == "list_item"
    ]
    assert items == [
        ("1. Renforcer la sécurité des réseaux.", "1"),
        ("2. Former les agents.", "2"),
        ("2.1 Former les élus.", "2.1"),
        ("2.2 Former les agents d'accueil.", "2.2"),
        ("3. Ouvrir les données.", "3"),  # a higher level goes on...
        ("3.1 Publier les budgets.", "3.1"),  # ... and the lower one restarts under it
        ("a) Associer les usagers :", "a"),
        ("b) par un comité ;", "b"),
        ("Mutualiser les achats", None),  # a bullet: no number
        ("1. Lancer l'appel d'offres.", "1"),  # the restarted list
        ("2. Choisir le prestataire.", "2"),
        ("I. Constat", "I"),
        ("II. Enjeux", "II"),
        ("1. Créer un guichet unique.", "1"),  # numbered through its style (List Number)
    ]


def test_docx_without_word_numbers_keeps_its_text(corpus, config):
    (corpus / "rapport.docx").write_bytes(_docx_bytes())
    doc = assert_good_intact(corpus, config)["rapport.docx"]
    assert "Mutualiser les moyens des collectivités" in doc.text.split("\n\n")


def _odt_list(items: list, style: str, **attributes) -> List:
    """A text:list of ``style``; an item is a text, or a (text, nested items) pair."""
    element = List(stylename=style, **attributes)
    for entry in items:
        item = ListItem()
        text, nested = entry if isinstance(entry, tuple) else (entry, [])
        item.addElement(P(text=text))
        if nested:
            item.addElement(_odt_list(nested, style))
        element.addElement(item)
    return element


def test_odt_list_numbers_are_rendered_from_the_list_style(corpus, config):
    from odf.text import ListLevelStyleBullet, ListLevelStyleNumber, ListStyle

    document = OpenDocumentText()
    numbered = ListStyle(name="Numeros")
    numbered.addElement(ListLevelStyleNumber(level=1, numformat="1", numsuffix="."))
    numbered.addElement(ListLevelStyleNumber(level=2, numformat="1", displaylevels=2))
    letters = ListStyle(name="Lettres")
    letters.addElement(ListLevelStyleNumber(level=1, numformat="a", numsuffix=")"))
    bullets = ListStyle(name="Puces")
    bullets.addElement(ListLevelStyleBullet(level=1, bulletchar="•"))
    for style in (numbered, letters, bullets):
        document.automaticstyles.addElement(style)
    document.text.addElement(H(outlinelevel=1, text="Recommandations"))
    document.text.addElement(
        _odt_list(
            [
                "Former les agents.",
                ("Ouvrir les données.", ["Publier les budgets.", "Publier les marchés."]),
            ],
            "Numeros",
        )
    )
    document.text.addElement(_odt_list(["Associer les usagers."], "Lettres"))
    document.text.addElement(_odt_list(["Évaluer le plan."], "Numeros", continuenumbering="true"))
    document.text.addElement(H(outlinelevel=1, text="Calendrier"))
    document.text.addElement(_odt_list(["Lancer l'appel d'offres."], "Numeros"))  # restarts
    document.text.addElement(_odt_list(["Mutualiser les achats."], "Puces"))
    document.save(str(corpus / "plan.odt"))
    doc = assert_good_intact(corpus, config)["plan.odt"]
    items = [doc.text[b.start_char : b.end_char] for b in doc.blocks if b.kind == "list_item"]
    assert items == [
        "1. Former les agents.",
        "2. Ouvrir les données.",
        "2.1 Publier les budgets.",
        "2.2 Publier les marchés.",
        "a) Associer les usagers.",
        "3. Évaluer le plan.",  # continues the list before it
        "1. Lancer l'appel d'offres.",
        "Mutualiser les achats.",
    ]


def test_odt_rendered_labels_are_the_blocks_markers(corpus, config):
    """ "A." or "(ii)" rendered from a list style is the block's marker and number, as the
    schema says, though no text pattern reads "A." as a mark (bench/RESULTS.md P17)."""
    from odf.text import ListLevelStyleNumber, ListStyle

    document = OpenDocumentText()
    upper = ListStyle(name="Majuscules")
    upper.addElement(ListLevelStyleNumber(level=1, numformat="A", numsuffix="."))
    roman = ListStyle(name="Romains")
    roman.addElement(ListLevelStyleNumber(level=1, numformat="i", numprefix="(", numsuffix=")"))
    for style in (upper, roman):
        document.automaticstyles.addElement(style)
    document.text.addElement(
        _odt_list(["Mutualiser les médecins.", "Revaloriser les aides."], "Majuscules")
    )
    document.text.addElement(_odt_list(["Publier le taux.", "Associer les usagers."], "Romains"))
    document.save(str(corpus / "avis.odt"))
    doc = assert_good_intact(corpus, config)["avis.odt"]
    items = [(b.marker, b.number) for b in doc.blocks if b.kind == "list_item"]
    assert items == [("A.", "A"), ("B.", "B"), ("(i)", "i"), ("(ii)", "ii")]


def _word_headings_and_labels_docx() -> bytes:
    """Headings numbered through their style (Word's outline numbering) and items whose level
    text holds a label: "Recommandation %1 :"."""
    from lxml import etree

    document = docx.Document()
    _add_list(document, 95, [("decimal", "%1.", 1)])
    _add_list(document, 96, [("decimal", "Recommandation %1 :", 1)])
    _add_num(document, 95, 95)
    _add_num(document, 96, 96)
    level = document.part.numbering_part.element.find(f"{{{_W}}}abstractNum/{{{_W}}}lvl")
    level.append(etree.fromstring(f'<w:pStyle xmlns:w="{_W}" w:val="Heading2"/>'))
    document.styles["Heading 2"].element.get_or_add_pPr().append(
        etree.fromstring(f'<w:numPr xmlns:w="{_W}"><w:numId w:val="95"/></w:numPr>')
    )
    document.add_heading("Renforcer la sécurité", level=2)
    _numbered_paragraph(document, "Segmenter les réseaux des hôpitaux.", 96)
    document.add_heading("Former les personnels", level=2)
    _numbered_paragraph(document, "Organiser un exercice de crise chaque année.", 96)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_heading_numbers_and_labelled_levels(corpus, config):
    (corpus / "rapport.docx").write_bytes(_word_headings_and_labels_docx())
    doc = assert_good_intact(corpus, config)["rapport.docx"]
    blocks = [(b.kind, doc.text[b.start_char : b.end_char], b.number) for b in doc.blocks]
    assert blocks == [
        ("heading", "1. Renforcer la sécurité", "1"),
        ("list_item", "Recommandation 1 : Segmenter les réseaux des hôpitaux.", "1"),
        ("heading", "2. Former les personnels", "2"),
        ("list_item", "Recommandation 2 : Organiser un exercice de crise chaque année.", "2"),
    ]


def _numbered_table_docx() -> bytes:
    """A table whose first column Word numbers "Fiche 1", "Fiche 2" (a cell's paragraph in a
    list), beside a pilot column: the plan's actions."""
    from lxml import etree

    document = docx.Document()
    _add_list(document, 95, [("decimal", "Fiche %1", 1)])
    _add_num(document, 95, 95)
    document.add_heading("Programme d'actions", level=1)
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Fiche", "Pilote"
    for row, (action, pilot) in enumerate(
        [("Créer une maison des saisonniers.", "Commune"), ("Ouvrir un gîte d'étape.", "Office")],
        start=1,
    ):
        cell = table.cell(row, 0)
        cell.text = action
        cell.paragraphs[0]._p.get_or_add_pPr().append(
            etree.fromstring(
                f'<w:numPr xmlns:w="{_W}"><w:ilvl w:val="0"/><w:numId w:val="95"/></w:numPr>'
            )
        )
        table.cell(row, 1).text = pilot
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_table_cells_show_their_word_numbers(corpus, config):
    """P28: a table's first column numbered by Word was read without its numbers."""
    (corpus / "programme.docx").write_bytes(_numbered_table_docx())
    doc = assert_good_intact(corpus, config)["programme.docx"]
    rows = [doc.text[b.start_char : b.end_char] for b in doc.blocks if b.kind == "table_row"]
    assert rows == [
        "Fiche | Pilote",
        "Fiche 1 Créer une maison des saisonniers. | Commune",
        "Fiche 2 Ouvrir un gîte d'étape. | Office",
    ]


def test_docx_paragraph_indented_under_a_list_item_continues_it(corpus, config):
    """P28: an unnumbered paragraph indented as the items are, right after one, is part of it;
    one at the left margin is the next paragraph."""
    document = docx.Document()
    _add_list(document, 96, [("decimal", "%1.", 1)])
    _add_num(document, 96, 96)
    _numbered_paragraph(document, "Créer une recyclerie par canton.", 96)
    document.add_paragraph(
        "Le Département en financera la moitié."
    ).paragraph_format.left_indent = 457200
    _numbered_paragraph(document, "Former les agents au réemploi.", 96)
    document.add_paragraph("Le comité suivra ces actions chaque année.")
    buffer = io.BytesIO()
    document.save(buffer)
    (corpus / "plan.docx").write_bytes(buffer.getvalue())
    doc = assert_good_intact(corpus, config)["plan.docx"]
    blocks = [(b.kind, doc.text[b.start_char : b.end_char]) for b in doc.blocks]
    assert blocks == [
        ("list_item", "1. Créer une recyclerie par canton. Le Département en financera la moitié."),
        ("list_item", "2. Former les agents au réemploi."),
        ("paragraph", "Le comité suivra ces actions chaque année."),
    ]


def test_odt_headings_show_their_outline_numbers(corpus, config):
    """Headings numbered by the document's outline style show "2." as LibreOffice does; a level
    whose format is empty shows none, and a heading left out of the list takes no number (P32)."""
    from odf.text import OutlineLevelStyle, OutlineStyle

    document = OpenDocumentText()
    outline = OutlineStyle(name="Outline")
    outline.addElement(OutlineLevelStyle(level=1, numformat="1", numsuffix="."))
    outline.addElement(OutlineLevelStyle(level=2, numformat=""))
    document.styles.addElement(outline)
    document.text.addElement(H(outlinelevel=1, text="Le territoire"))
    document.text.addElement(H(outlinelevel=2, text="Les habitants"))
    document.text.addElement(H(outlinelevel=1, text="Avant-propos", islistheader="true"))
    document.text.addElement(H(outlinelevel=1, text="Les actions"))
    document.save(str(corpus / "plan.odt"))
    doc = assert_good_intact(corpus, config)["plan.odt"]
    headings = [doc.text[b.start_char : b.end_char] for b in doc.blocks if b.kind == "heading"]
    assert headings == ["1. Le territoire", "Les habitants", "Avant-propos", "2. Les actions"]


def test_odt_headings_without_an_outline_style_keep_their_text(corpus, config):
    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="Les actions"))
    document.save(str(corpus / "plan.odt"))
    doc = assert_good_intact(corpus, config)["plan.odt"]
    assert [doc.text[b.start_char : b.end_char] for b in doc.blocks] == ["Les actions"]


def test_docx_empty_cells_numbered_by_word_show_their_number(corpus, config):
    """P32: the "N°" column of a table whose cells are empty paragraphs numbered by Word
    ("%1.") showed nothing, and the rows were no numbered run."""
    from lxml import etree

    document = docx.Document()
    _add_list(document, 96, [("decimal", "%1.", 1)])
    _add_num(document, 96, 96)
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "N°", "Engagement"
    for row, action in enumerate(["Ouvrir une épicerie.", "Former les bénévoles."], start=1):
        table.cell(row, 0).paragraphs[0]._p.get_or_add_pPr().append(
            etree.fromstring(
                f'<w:numPr xmlns:w="{_W}"><w:ilvl w:val="0"/><w:numId w:val="96"/></w:numPr>'
            )
        )
        table.cell(row, 1).text = action
    buffer = io.BytesIO()
    document.save(buffer)
    (corpus / "convention.docx").write_bytes(buffer.getvalue())
    doc = assert_good_intact(corpus, config)["convention.docx"]
    rows = [doc.text[b.start_char : b.end_char] for b in doc.blocks if b.kind == "table_row"]
    assert rows == ["N° | Engagement", "1. | Ouvrir une épicerie.", "2. | Former les bénévoles."]
