"""Numbered items with their bullets, infinitive-led list items, prose cut at paragraphs."""

from __future__ import annotations

from textmine.ingest.model import Block
from textmine.proposals import detect_proposals

from .conftest import CONFIG, NUMBERED_WITH_BULLETS, by_kind


def test_numbered_item_with_bullets_is_one_complete_proposal(parse):
    pdoc = parse(NUMBERED_WITH_BULLETS)
    numbered = by_kind(detect_proposals(pdoc, CONFIG), "numbered")
    assert [r["number"] for r in numbered] == ["1", "2"]
    first, second = numbered
    assert first["text"].startswith("Recommandation 1 – Renforcer")
    assert first["text"].endswith("Publier chaque année un bilan des projets menés.")
    assert "coordonner les projets de mutualisation" in first["text"]
    assert "Recommandation 2" not in first["text"]
    assert second["text"].endswith("Constituer des équipes partagées entre communes.")
    assert "Volet II" not in second["text"]
    assert "financement" not in second["text"]
    assert first["action_verb"] == "renforcer"


def test_bullets_are_not_counted_again_as_list_items(parse):
    rows = detect_proposals(parse(NUMBERED_WITH_BULLETS), CONFIG)
    assert by_kind(rows, "list_item") == []


def test_header_alone_takes_the_statement_that_follows_and_not_the_comment(parse):
    text = (
        "## Recommandation 3\n\n"
        "Les données publiques sont mises à disposition gratuitement.\n\n"
        "Cette gratuité existe déjà dans plusieurs ministères depuis 2016.\n"
    )
    (row,) = by_kind(detect_proposals(parse(text), CONFIG), "numbered")
    assert row["number"] == "3"
    assert row["text"].endswith("mises à disposition gratuitement.")
    assert "2016" not in row["text"]


def test_header_from_blocks_stops_at_next_heading_block(parse):
    text = "Recommandation 4 : Ouvrir les données\nDes données ouvertes\nUn constat partagé.\n"
    heading_start = text.index("Des données")
    blocks = [
        Block("heading", 0, 37, level=2, marker="Recommandation 4", number="4"),
        Block("heading", heading_start, heading_start + 20, level=2),
        Block("paragraph", heading_start + 21, len(text), section="Des données ouvertes"),
    ]
    (row,) = by_kind(detect_proposals(parse(text, blocks=blocks), CONFIG), "numbered")
    assert row["text"] == "Recommandation 4 : Ouvrir les données"


def test_infinitive_list_items_are_found(parse):
    text = (
        "Le rapport formule plusieurs propositions :\n"
        "- Créer un guichet unique pour les démarches des entreprises.\n"
        "- Renforcer la coopération entre les intercommunalités.\n"
        "- Mutualiser les moyens d'ingénierie des petites communes.\n"
    )
    items = by_kind(detect_proposals(parse(text), CONFIG), "list_item")
    assert [r["action_verb"] for r in items] == ["créer", "renforcer", "mutualiser"]
    assert items[0]["text"] == "- Créer un guichet unique pour les démarches des entreprises."


def test_noun_list_items_are_not_list_proposals(parse):
    text = (
        "Les participants à la réunion :\n"
        "- Le maire de la commune et ses adjoints.\n"
        "- La directrice régionale des finances publiques.\n"
    )
    assert by_kind(detect_proposals(parse(text), CONFIG), "list_item") == []


def test_list_items_known_only_from_blocks(parse):
    text = (
        "Nos propositions pour les territoires\n"
        "Créer un fonds de mutualisation.\n"
        "Former les élus au numérique.\n"
    )
    first = text.index("Créer")
    second = text.index("Former")
    blocks = [
        Block("paragraph", 0, first - 1),
        Block("list_item", first, second - 1, marker="•"),
        Block("list_item", second, len(text) - 1, marker="•"),
    ]
    items = by_kind(detect_proposals(parse(text, blocks=blocks), CONFIG), "list_item")
    assert [r["text"] for r in items] == [
        "Créer un fonds de mutualisation.",
        "Former les élus au numérique.",
    ]


def test_a_sentence_run_across_paragraphs_is_read_paragraph_by_paragraph(parse):
    """The parser may join a line without final stop to the next paragraph: each keeps its own
    proposal."""
    text = (
        "Nous devons simplifier les démarches des usagers\n\n"
        "Les communes sont invitées à candidater avant le 3 avril."
    )
    prose = by_kind(detect_proposals(parse(text), CONFIG), "prose")
    assert [p["action_verb"] for p in prose] == ["simplifier", "candidater"]


NUMBER_OPENING_THE_CELL = """# Programme d'actions du contrat local de santé

| Action | Porteur | Année |
|---|---|---|
| Action 1 Ouvrir un centre de santé intercommunal à Vire | Communauté | 2026 |
| Action 2 Financer le permis des aides à domicile | Département | 2027 |
| Action 3 Organiser un forum des métiers du soin | Mission locale | 2026 |

| Commune | Habitants |
|---|---|
| 1 Vire | 17 000 |
| 2 Condé | 6 000 |
"""


def test_a_number_opening_the_text_cell_numbers_the_row(nlp):
    """P28: Word's number rendered before the cell's text ("Action 1 Ouvrir…"), not in a
    column of its own, still numbers the row; a rank before a name ("1 Vire") does not."""
    from textmine.config import IngestConfig
    from textmine.ingest.corpus import read_bytes
    from textmine.parsed import ParsedDocument

    (document,) = read_bytes(NUMBER_OPENING_THE_CELL.encode(), "cls.md", IngestConfig())
    pdoc = ParsedDocument(
        "cls", document.text, nlp(document.text), "md", blocks=list(document.blocks)
    )
    found = [(r["number"], r["text"]) for r in detect_proposals(pdoc, CONFIG) if r["number"]]
    assert found == [
        ("1", "Ouvrir un centre de santé intercommunal à Vire"),
        ("2", "Financer le permis des aides à domicile"),
        ("3", "Organiser un forum des métiers du soin"),
    ]


def test_a_roman_section_title_ends_the_item_before_it(parse):
    """P28: "III. SUIVI" standing alone after the last recommendation, before a paragraph, is
    the next section's title (as "2. Les moyens" is, P17), not a bullet of the item."""
    text = (
        "I. CONSTAT\n\n"
        "Les bibliothèques rurales ferment l'été.\n\n"
        "II. RECOMMANDATIONS\n\n"
        "Recommandation 1 : Ouvrir les bibliothèques en juillet.\n\n"
        "Recommandation 2 : Recruter des saisonniers pour l'accueil.\n\n"
        "III. SUIVI\n\n"
        "Un bilan sera présenté au conseil en octobre.\n"
    )
    numbered = by_kind(detect_proposals(parse(text), CONFIG), "numbered")
    assert [r["number"] for r in numbered] == ["1", "2"]
    assert numbered[1]["text"].endswith("pour l'accueil.")


def test_an_item_under_a_label_alone_runs_to_the_next_label(parse):
    """P28: "Préconisation 1" alone on its line: its text is every paragraph up to the next
    label; the last one stops at its first paragraph before a heading-less end."""
    text = (
        "Préconisation 1\n\n"
        "Créer un guichet unique pour les associations sportives.\n\n"
        "Ce guichet serait installé à la maison des sports.\n\n"
        "Préconisation 2\n\n"
        "Ouvrir les gymnases des collèges le samedi.\n\n"
        "Le conseil se réunira en juin pour en débattre.\n"
    )
    numbered = by_kind(detect_proposals(parse(text), CONFIG), "numbered")
    assert [r["number"] for r in numbered] == ["1", "2"]
    assert numbered[0]["text"].endswith("installé à la maison des sports.")
    assert numbered[1]["text"].endswith("des collèges le samedi.")


def test_a_label_that_is_a_heading_keeps_its_statement_only(nlp):
    """P28's rule stops at a label the document makes a heading ("#### Recommandation 1"): the
    paragraphs of its section after the statement comment on it (DINUM's report)."""
    from textmine.config import IngestConfig
    from textmine.ingest.corpus import read_bytes
    from textmine.parsed import ParsedDocument

    text = (
        "#### Recommandation 1\n\n"
        "Les services publient la liste de leurs données.\n\n"
        "Cette liste sera tenue à jour par chaque service.\n\n"
        "#### Recommandation 2\n\n"
        "Les données sont publiées sous une licence ouverte.\n"
    )
    (document,) = read_bytes(text.encode(), "r.md", IngestConfig())
    pdoc = ParsedDocument("r", document.text, nlp(document.text), "md", blocks=document.blocks)
    numbered = by_kind(detect_proposals(pdoc, CONFIG), "numbered")
    assert [r["number"] for r in numbered] == ["1", "2"]
    assert numbered[0]["text"].endswith("la liste de leurs données.")


GROUPED_TABLE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Programme local de l'habitat</title></head>
<body>
<h1>Programme local de l'habitat de Lure</h1>
<p>Adopté par le conseil communautaire le 4 mars 2026 pour six ans, après l'avis des communes
et du comité régional de l'habitat.</p>
<h2>Les actions</h2>
<p>Le tableau ci-dessous présente les actions retenues, par orientation.</p>
<table>
<tr><th>N°</th><th>Action</th><th>Pilote</th></tr>
<tr><td colspan="3">Orientation 1 — Rénover</td></tr>
<tr><td>1.1</td><td>Rénover 300 logements communaux d'ici 2030.</td><td>Ville</td></tr>
<tr><td>1.2</td><td>Aider les copropriétés fragiles du centre ancien.</td><td>Agglomération</td></tr>
<tr><td colspan="3">Orientation 2 — Loger les jeunes</td></tr>
<tr><td>2.1</td><td>Ouvrir une résidence pour jeunes actifs près de la gare.</td><td>Bailleur</td></tr>
</table>
<h2>Les indicateurs</h2>
<p>Le comité de pilotage suit chaque année les indicateurs suivants.</p>
<table>
<tr><th>N°</th><th>Indicateur</th><th>Valeur 2024</th></tr>
<tr><td>1</td><td>Nombre de logements vacants du parc privé</td><td>1 240</td></tr>
<tr><td>2</td><td>Délai moyen d'attribution d'un logement social</td><td>14 mois</td></tr>
</table>
<h2>1. Le constat</h2>
<p>Les élus ont observé les expériences suivantes :</p>
<ol><li>la maison des jeunes de Lure ;</li><li>le bail glissant de Vesoul.</li></ol>
<h2>Annexe — Personnes rencontrées</h2>
<ol><li>M. le sous-préfet de Lure</li><li>Mme la présidente de l'office public</li></ol>
</body></html>
"""


def test_a_table_of_actions_in_groups_beside_a_table_of_indicators(nlp):
    """P32: group rows across the columns do not break the numbered run ("1.2" then "2.1");
    a numbered table of indicators proposing nothing is no list of items beside it, and nor
    are the document's numbered lists of examples and persons met."""
    from textmine.config import IngestConfig
    from textmine.ingest.corpus import read_bytes
    from textmine.parsed import ParsedDocument

    (document,) = read_bytes(GROUPED_TABLE.encode(), "plh.html", IngestConfig())
    pdoc = ParsedDocument(
        "plh", document.text, nlp(document.text), "html", blocks=list(document.blocks)
    )
    found = [(r["number"], r["text"]) for r in detect_proposals(pdoc, CONFIG) if r["number"]]
    assert found == [
        ("1.1", "Rénover 300 logements communaux d'ici 2030."),
        ("1.2", "Aider les copropriétés fragiles du centre ancien."),
        ("2.1", "Ouvrir une résidence pour jeunes actifs près de la gare."),
    ]


NUMBER_ALONE_IN_ITS_CELL = """# Convention d'objectifs

| N° | Engagement | Indicateur |
|---|---|---|
| 1. | Accueillir 800 familles par an dans l'épicerie solidaire. | Familles |
| 2. | Former les bénévoles à l'accueil des personnes âgées. | Bénévoles formés |
"""


def test_a_number_alone_with_its_period_numbers_the_row(nlp):
    """P32: Word's "1." alone in the "N°" cell (ingested "1. | …") numbers the row as "1"."""
    from textmine.config import IngestConfig
    from textmine.ingest.corpus import read_bytes
    from textmine.parsed import ParsedDocument

    (document,) = read_bytes(NUMBER_ALONE_IN_ITS_CELL.encode(), "co.md", IngestConfig())
    pdoc = ParsedDocument(
        "co", document.text, nlp(document.text), "md", blocks=list(document.blocks)
    )
    found = [(r["number"], r["text"]) for r in detect_proposals(pdoc, CONFIG) if r["number"]]
    assert found == [
        ("1", "Accueillir 800 familles par an dans l'épicerie solidaire."),
        ("2", "Former les bénévoles à l'accueil des personnes âgées."),
    ]


LETTERED_SUBSECTIONS = """II. LES PRÉCONISATIONS

A. Sur l'accueil

PRÉCONISATION 1
Ouvrir la médiathèque le dimanche après-midi.

B. Sur les collections

PRÉCONISATION 2
Acquérir des livres en langues étrangères pour les nouveaux arrivants.

C. Sur le numérique

PRÉCONISATION 3
Prêter des liseuses aux lecteurs empêchés.
"""


def test_a_lettered_subsection_title_ends_the_item_before_it(parse):
    """P32: "B. Sur les collections" between blank lines, over a labelled item, is a section
    title (as "IV. CONCLUSION", P28), not a sub-item of the préconisation before it."""
    rows = detect_proposals(parse(LETTERED_SUBSECTIONS), CONFIG)
    found = [(r["number"], r["text"]) for r in rows if r["number"]]
    assert [number for number, _ in found] == ["1", "2", "3"]
    assert found[0][1].endswith("le dimanche après-midi.")
    assert found[1][1].endswith("pour les nouveaux arrivants.")


NUMBERED_COMMITMENTS = """La commune s'engage à :

i) publier chaque année le budget participatif en données ouvertes ;
ii) ne jamais céder les fichiers des usagers à des tiers ;
iii) réunir deux fois par an le comité des usagers.

Les partenaires sont :

1. la caisse d'allocations familiales ;
2. la mission locale.
"""


def test_items_of_a_numbered_list_the_tagger_misses_go_with_the_list(parse):
    """P32: "ii) ne jamais céder…" (no leading infinitive read) between two items led by one is
    an item of the list when half of it is; a list of partners proposing nothing stays out."""
    rows = detect_proposals(parse(NUMBERED_COMMITMENTS), CONFIG)
    assert [r["number"] for r in rows if r["number"]] == ["i", "ii", "iii"]


LABEL_WITH_A_TITLE = """Avis sur l'offre de soins

Préconisation 1 : Des internats ruraux

Ouvrir un internat pour les étudiants en médecine dans chaque sous-préfecture.

Les loyers seraient pris en charge par le département.

Préconisation 2 : Des cabinets secondaires

Autoriser les médecins à ouvrir un cabinet secondaire dans une commune voisine.

## Conclusion

Le conseil suivra la mise en œuvre de ces préconisations.
"""


def test_a_label_with_a_title_runs_through_its_paragraphs(parse):
    """P32: "Préconisation 1 : Des internats ruraux" (a title, no final punctuation) holds its
    text in the paragraphs below, to the next label; before a heading, its first one only."""
    rows = detect_proposals(parse(LABEL_WITH_A_TITLE), CONFIG)
    found = [(r["number"], r["text"]) for r in rows if r["number"]]
    assert [number for number, _ in found] == ["1", "2"]
    assert found[0][1].endswith("pris en charge par le département.")
    assert found[1][1].endswith("dans une commune voisine.")


SECTIONS_IN_CAPITALS = """Plan vélo de la communauté de communes

AXE 1 — PISTES ET STATIONNEMENT

La Région financera douze kilomètres de pistes cyclables d'ici 2026. Elle installera quarante arceaux près des gares.

AXE 2 — APPRENTISSAGE

L'État consacrera deux millions d'euros à l'apprentissage du vélo dans les écoles dès 2025.
"""


def test_a_heading_in_capitals_keeps_its_prose(parse):
    """A label line written in capitals ("AXE 1 — PISTES ET STATIONNEMENT") heads a section: its
    paragraphs stay prose sentences, not one numbered item's text (P32's title rule above)."""
    rows = detect_proposals(parse(SECTIONS_IN_CAPITALS), CONFIG)
    assert all("\n" not in r["text"] for r in rows if r["number"])
    prose = [r["text"] for r in rows if not r["number"]]
    assert any(text.startswith("La Région financera") for text in prose)
    assert any(text.startswith("L'État consacrera") for text in prose)
