"""Ordered lists under headings (``proposals/ordered.py``): restarts, continuations, titles."""

from __future__ import annotations

from textmine.config import IngestConfig
from textmine.ingest.corpus import read_bytes
from textmine.parsed import ParsedDocument
from textmine.proposals import detect_proposals

from .conftest import CONFIG


def _numbered(rows: list[dict]) -> list[tuple[str, str]]:
    return [(r["number"], r["text"]) for r in rows if r["number"]]


def _ingested(nlp, name: str, text: str) -> ParsedDocument:
    (document,) = read_bytes(text.encode("utf-8"), name, IngestConfig())
    return ParsedDocument(
        name, document.text, nlp(document.text), document.format, blocks=list(document.blocks)
    )


UNDERLINED_SECTIONS = """PROJET DE TERRITOIRE DU PAYS DE BRAY

Arrêté par le comité syndical le 12 février 2026.

Jeunesse
--------

1) Ouvrir un point information jeunesse dans chaque
   bourg-centre.
2) Créer une bourse au permis de conduire.

Mobilités
---------

1) Rétablir la ligne de car du dimanche vers Rouen.
2) Aménager des aires de covoiturage aux sorties de
   l'autoroute.
3) Prêter des vélos électriques pendant trois mois.

Le comité se réunira de nouveau en juin.
"""


def test_plain_text_underlined_headings_restart_the_list(nlp):
    found = _numbered(detect_proposals(_ingested(nlp, "p.txt", UNDERLINED_SECTIONS), CONFIG))
    assert [number for number, _ in found] == ["1.1", "1.2", "2.1", "2.2", "2.3"]
    assert found[0][1].endswith("dans chaque bourg-centre.")
    assert found[3][1].endswith("aux sorties de l'autoroute.")


BARE_SECTIONS = """Charte des marchés de plein air

Les commerçants non sédentaires ont été consultés en mars.

POUR LES COMMERÇANTS

1. Réserver dix emplacements aux producteurs locaux.
2. Installer des bornes électriques sur la place du marché.

POUR LES CLIENTS

1. Ouvrir le marché du jeudi jusqu'à 20 heures.
2. Prêter des cabas consignés aux clients.
"""


def test_bare_title_lines_over_restarting_lists_are_headings(nlp):
    for pdoc in (
        _ingested(nlp, "c.txt", BARE_SECTIONS),
        _ingested(nlp, "c.md", BARE_SECTIONS),
    ):
        found = _numbered(detect_proposals(pdoc, CONFIG))
        assert [number for number, _ in found] == ["1.1", "1.2", "2.1", "2.2"]


ONE_BARE_TITLE = """Nos propositions

1. Réserver dix emplacements aux producteurs locaux.
2. Installer des bornes électriques sur la place du marché.
"""


def test_one_bare_title_over_one_list_keeps_its_numbers(nlp):
    found = _numbered(detect_proposals(_ingested(nlp, "o.txt", ONE_BARE_TITLE), CONFIG))
    assert [number for number, _ in found] == ["1", "2"]


def test_pdf_margin_numbers_restarting_under_titles_are_hierarchical(parse):
    """P28: the list items of a PDF numbered in the margin ("1 Créer…", no dot) keep their
    number and restart under their titles: "1.1", "1.2", "2.1"."""
    from textmine.ingest.pdf import page_pieces
    from textmine.ingest.structure import assemble

    lines = [
        "Plan communal de la petite enfance adopté le 2 février 2026.",
        "Accueil collectif",
        "1 Créer quarante places de crèche au nord de la commune.",
        "2 Ouvrir une crèche à horaires décalés près de la zone d'activité.",
        "Accueil individuel",
        "1 Aider les assistantes maternelles à s'installer en maison partagée.",
    ]
    text, blocks, _ = assemble(page_pieces(lines, 1, set()))
    pdoc = parse(text, blocks=blocks, format="pdf")
    found = _numbered(detect_proposals(pdoc, CONFIG))
    assert [number for number, _ in found] == ["1.1", "1.2", "2.1"]
    assert found[0][1] == "1 Créer quarante places de crèche au nord de la commune."


CONTINUING_ACROSS_SECTIONS = """# Avis du conseil économique sur les mobilités rurales

## 1. Le constat

Un habitant sur trois n'a pas de transport collectif à moins de dix minutes (1).

## 2. Les transports à la demande

Le conseil recommande :

1. d'étendre le transport à la demande aux soirées du vendredi ;
2. de publier les horaires en gare routière.

## 3. Le covoiturage

Il recommande en outre :

3. d'indemniser les conducteurs des lignes de covoiturage ;
4. de réserver des places près des gares.

---

(1) Enquête mobilité du département, 2024.
"""


def test_a_list_continuing_its_count_across_headings_keeps_its_numbers(nlp):
    """P28: "3." under the next heading after "1.", "2." continues the list: no restart, so no
    "2.1"; items led by "de" + infinitive after a colon are list items each; the note "(1)"
    is none."""
    found = _numbered(detect_proposals(_ingested(nlp, "a.md", CONTINUING_ACROSS_SECTIONS), CONFIG))
    assert [number for number, _ in found] == ["1", "2", "3", "4"]
    assert found[2][1].startswith("3. d'indemniser les conducteurs")


DECIMAL_ITEMS_UNDER_NUMBERED_HEADINGS = """# Programme de la médiathèque 2026

## 1. Ouvrir plus

**1.1** Ouvrir le dimanche après-midi de septembre à juin.

**1.2** Allonger les horaires du mercredi jusqu'à 19 heures.

## 2. Aller vers les publics

**2.1** Une navette du livre dans les hameaux chaque samedi.

**2.2** Déposer des boîtes à livres dans les trois EHPAD de la commune.
"""


def test_decimal_items_under_a_numbered_heading_are_items(nlp):
    """P28: "**2.1**" under "## 2." is an item of that heading, led by an infinitive or not,
    once the document writes most of its items so."""
    found = _numbered(
        detect_proposals(_ingested(nlp, "m.md", DECIMAL_ITEMS_UNDER_NUMBERED_HEADINGS), CONFIG)
    )
    assert [number for number, _ in found] == ["1.1", "1.2", "2.1", "2.2"]
    assert found[2][1].startswith("2.1 Une navette du livre")


THREE_LEVELS = """Plan de prévention du bruit

1. Les routes
1.1. Réduire le bruit des routes départementales
1.1.1. Poser un enrobé phonique sur la RD 906 à la traversée des bourgs.
1.1.2. Abaisser la vitesse à 70 km/h près des hameaux.
1.2. Apaiser les rues communales
1.2.1. Des zones 30 autour de toutes les écoles.
2. Le rail
2.1. Protéger les riverains de la ligne Paris-Lyon
2.1.1. Demander un mur antibruit à Saint-Florentin.
"""


def test_a_middle_level_titling_the_actions_is_no_item(parse):
    """P28: "1.1." over "1.1.1." titles the actions as "1." titles "1.1.", though led by an
    infinitive: only the deepest level holds items, none glued to its title; one written as a
    sentence without an infinitive counts beside the others."""
    found = _numbered(detect_proposals(parse(THREE_LEVELS), CONFIG))
    assert [number for number, _ in found] == ["1.1.1", "1.1.2", "1.2.1", "2.1.1"]
    assert found[2][1] == "1.2.1. Des zones 30 autour de toutes les écoles."


ARTICLES_OF_A_BILL = """TITRE II

Article 12

I. – Le code de la consommation est ainsi modifié.

II. – Le présent article entre en vigueur en 2027.

Article 13

I. – L'article L. 32 du même code est abrogé.

II. – Un décret fixe les modalités d'application.
"""


def test_articles_over_their_roman_paragraphs_are_no_restarting_sections(nlp):
    """P28's bare titles stop at a law's parts: "Article 12" over "I. – Le code…" (no list of
    proposals) gives no "1.I" rows (P21)."""
    found = _numbered(detect_proposals(_ingested(nlp, "loi.md", ARTICLES_OF_A_BILL), CONFIG))
    assert not [number for number, _ in found if "." in number]


def _odt_parsed(nlp, document) -> ParsedDocument:
    import io

    buffer = io.BytesIO()
    document.write(buffer)
    (ingested,) = read_bytes(buffer.getvalue(), "plan.odt", IngestConfig())
    return ParsedDocument(
        "plan", ingested.text, nlp(ingested.text), "odt", blocks=list(ingested.blocks)
    )


def _odt_list(items: list, style: str):
    """A text:list of ``style``; an item is a text, or a (text, nested items) pair."""
    from odf.text import List, ListItem, P

    element = List(stylename=style)
    for entry in items:
        item = ListItem()
        text, nested = entry if isinstance(entry, tuple) else (entry, [])
        item.addElement(P(text=text))
        if nested:
            item.addElement(_odt_list(nested, style))
        element.addElement(item)
    return element


def test_odt_levels_shown_with_their_parent_letter_are_items(nlp):
    """P32: a list style whose level 1 is "A." (the axes) and level 2 shows both levels
    (``display-levels="2"``: "A.1)"): the lettered lines title the items "A.1", "B.1"."""
    from odf.opendocument import OpenDocumentText
    from odf.text import H, ListLevelStyleNumber, ListStyle

    document = OpenDocumentText()
    style = ListStyle(name="Programme")
    style.addElement(ListLevelStyleNumber(level=1, numformat="A", numsuffix="."))
    style.addElement(ListLevelStyleNumber(level=2, numformat="1", numsuffix=")", displaylevels=2))
    document.styles.addElement(style)
    document.text.addElement(H(outlinelevel=1, text="Plan alimentaire territorial"))
    document.text.addElement(
        _odt_list(
            [
                ("Produire", ["Installer six maraîchers en régie.", "Préserver les terres."]),
                ("Consommer", ["Servir des repas locaux dans les cantines."]),
            ],
            "Programme",
        )
    )
    found = _numbered(detect_proposals(_odt_parsed(nlp, document), CONFIG))
    assert found == [
        ("A.1", "A.1) Installer six maraîchers en régie."),
        ("A.2", "A.2) Préserver les terres."),
        ("B.1", "B.1) Servir des repas locaux dans les cantines."),
    ]


def test_odt_lists_restarting_under_outline_numbered_headings(nlp):
    """P32: headings numbered by the outline style ("2.", not in their text) give the
    restarting lists' items their own number, not their rank: the first heading holds no list;
    a last list of documents proposes nothing and is left out."""
    from odf.opendocument import OpenDocumentText
    from odf.text import H, ListLevelStyleNumber, ListStyle, OutlineLevelStyle, OutlineStyle

    document = OpenDocumentText()
    outline = OutlineStyle(name="Outline")
    outline.addElement(OutlineLevelStyle(level=1, numformat="1", numsuffix="."))
    document.styles.addElement(outline)
    style = ListStyle(name="Liste")
    style.addElement(ListLevelStyleNumber(level=1, numformat="1", numsuffix=")"))
    document.styles.addElement(style)
    document.text.addElement(H(outlinelevel=1, text="Le diagnostic"))
    document.text.addElement(H(outlinelevel=1, text="Accueillir"))
    document.text.addElement(
        _odt_list(["Ouvrir une halte-garderie.", "Recruter deux assistantes."], "Liste")
    )
    document.text.addElement(H(outlinelevel=1, text="Accompagner"))
    document.text.addElement(_odt_list(["Créer un relais parents."], "Liste"))
    document.text.addElement(H(outlinelevel=1, text="Références"))
    document.text.addElement(_odt_list(["Schéma départemental 2022.", "Loi de 2023."], "Liste"))
    found = _numbered(detect_proposals(_odt_parsed(nlp, document), CONFIG))
    assert [number for number, _ in found] == ["2.1", "2.2", "3.1"]
