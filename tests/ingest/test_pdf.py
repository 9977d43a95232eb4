from pathlib import Path

from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from textmine.ingest import ingest_corpus

from .conftest import assert_good_intact, by_path

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _pdf(path: Path, pages: list[list[str]]) -> None:
    pdf = FPDF()
    pdf.set_auto_page_break(False)
    if Path(FONT).exists():
        pdf.add_font("dejavu", fname=FONT)
        pdf.set_font("dejavu", size=11)
    else:
        pdf.set_font("helvetica", size=11)
    for number, lines in enumerate(pages, start=1):
        pdf.add_page()
        pdf.cell(0, 6, "Rapport sur la neutralité des plateformes", new_x="LMARGIN", new_y="NEXT")
        for line in lines:
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(-20)
        pdf.cell(0, 6, str(number))
    pdf.output(str(path))


NOTES = [
    "le rapport de l'Inspection générale des finances",
    "l'avis de l'Autorité de la concurrence",
    "la décision de la Commission européenne",
    "l'étude du Conseil d'État sur le numérique",
    "les travaux de l'OCDE sur l'économie numérique",
]


def _report_pages() -> list[list[str]]:
    pages = []
    for i in range(1, 6):
        pages.append(
            [
                f"Recommandation {i} - Mieux protéger les usagers des plateformes",
                "",
                "● Adapter les rythmes d'intervention des autorités à la vitesse du mar-",
                "ché et à la hauteur des dommages causés aux consommateurs.",
                "",
                f"La proposition{i + 30} d'interdire la géolocalisation est discutée ici.",
                "Les États-",
                "Unis ont choisi une autre voie.",
                "",
                f"{i + 30} Voir {NOTES[i - 1]}.",
            ]
        )
    return pages


def test_pdf_text_is_clean_with_pages(corpus, config):
    _pdf(corpus / "rapport.pdf", _report_pages())
    docs = assert_good_intact(corpus, config)
    doc = docs["rapport.pdf"]
    assert doc.status == "ok" and doc.n_pages == 5
    assert "Rapport sur la neutralité des plateformes" not in doc.text  # running header
    assert "marché et à la hauteur" in doc.text  # hyphenated line end joined
    assert "La proposition d'interdire" in doc.text  # footnote call removed
    assert "\n\n5\n\n" not in doc.text and not doc.text.rstrip().endswith("5")
    recos = [b for b in doc.blocks if b.marker and b.marker.startswith("Recommandation")]
    assert [b.number for b in recos] == ["1", "2", "3", "4", "5"]
    assert [b.page for b in recos] == [1, 2, 3, 4, 5]
    assert "Les États-Unis ont choisi" in doc.text  # a compound keeps its hyphen
    notes = [b for b in doc.blocks if b.kind == "footnote"]
    assert [b.marker for b in notes] == ["31", "32", "33", "34", "35"]
    assert doc.text[notes[0].start_char : notes[0].end_char].startswith("31 Voir le rapport")
    bullet = next(b for b in doc.blocks if b.marker == "●")
    assert doc.text[bullet.start_char : bullet.end_char].startswith("● Adapter")


def test_three_page_pdf_drops_a_header_left_off_its_cover(corpus, config):
    """A running header on pages 2 and 3 only (the cover has none) is removed, so the item cut
    by the page break goes on with its own words (bench/RESULTS.md P17)."""
    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.set_font("helvetica", size=11)
    pages = [
        ["Les ports de la Manche", "Rapport d'étape, octobre 2025"],
        [
            "Recommandation 1 : Confier les sept ports à un syndicat mixte.",
            "Recommandation 2 : Constituer une provision pour les pontons,",
        ],
        ["alimentée par une part des redevances d'amarrage.", "Fin du rapport."],
    ]
    for number, lines in enumerate(pages, start=1):
        pdf.add_page()
        if number > 1:
            pdf.cell(0, 6, "Ports de la Manche - rapport d'étape", new_x="LMARGIN", new_y="NEXT")
        for line in lines:
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(-20)
        pdf.cell(0, 6, str(number))
    pdf.output(str(corpus / "ports.pdf"))
    doc = assert_good_intact(corpus, config)["ports.pdf"]
    assert "Ports de la Manche - rapport" not in doc.text
    assert "pour les pontons, alimentée par une part" in doc.text


def test_pdf_without_text_layer_suggests_ocr(corpus, config):
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 100, 100, style="F")
    pdf.output(str(corpus / "scan.pdf"))
    docs = assert_good_intact(corpus, config)
    assert docs["scan.pdf"].status == "error"
    assert docs["scan.pdf"].error_code == "pdf_no_text" and "OCR" in docs["scan.pdf"].error


def test_encrypted_pdf_is_refused_clearly(corpus, config, tmp_path):
    plain = tmp_path / "plain.pdf"
    _pdf(plain, _report_pages()[:1])
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="secret", owner_password="owner")
    with (corpus / "protege.pdf").open("wb") as handle:
        writer.write(handle)
    docs = assert_good_intact(corpus, config)
    assert docs["protege.pdf"].status == "error"
    assert docs["protege.pdf"].error_code == "pdf_password"
    assert "mot de passe" in docs["protege.pdf"].error


def test_truncated_pdf_is_an_error(corpus, config, tmp_path):
    full = tmp_path / "full.pdf"
    _pdf(full, _report_pages())
    data = full.read_bytes()
    (corpus / "tronque.pdf").write_bytes(data[: len(data) // 3])
    docs = by_path(ingest_corpus(corpus, config))
    assert docs["tronque.pdf"].status in {"error", "ok"}
    assert docs["bon.txt"].status == "ok"
    if docs["tronque.pdf"].status == "error":
        assert docs["tronque.pdf"].error_code == "pdf_corrupt"
        assert "PDF" in docs["tronque.pdf"].error


def test_text_file_named_pdf_is_an_error(corpus, config):
    (corpus / "pas-un.pdf").write_text("Ceci n'est pas un PDF.", encoding="utf-8")
    docs = assert_good_intact(corpus, config)
    assert docs["pas-un.pdf"].status == "error"
    assert docs["pas-un.pdf"].error_code == "not_pdf"
    assert "n'est pas un PDF" in docs["pas-un.pdf"].error


def test_short_line_above_a_restarting_list_is_its_heading():
    """P19: a bold, unnumbered heading reaches the text layer as a plain line; it ran into the
    item before it ("… des riverains. Accompagner les hébergeurs") and its list took no rank."""
    from textmine.ingest.pdf import page_pieces

    lines = [
        "Plan départemental du tourisme durable, voté par l'assemblée le 14 octobre 2025 après six",
        "réunions de concertation avec les offices de tourisme et les hébergeurs du département.",
        "Mieux répartir les visiteurs",
        "1. Créer une navette estivale entre les gorges et les villages du plateau, avec un départ",
        "toutes les heures en juillet et en août.",
        "2. Limiter le stationnement au bord de la rivière aux véhicules des riverains du site.",
        "Accompagner les hébergeurs",
        "1. Financer les travaux de rénovation énergétique des gîtes.",
        "Les gîtes du plateau seront aidés en premier",
        "et les campings ensuite.",
    ]
    pieces = page_pieces(lines, 1, set())
    assert [p.text for p in pieces if p.kind == "heading"] == [
        "Mieux répartir les visiteurs",
        "Accompagner les hébergeurs",
    ]
    assert pieces[3].text.endswith("aux véhicules des riverains du site.")
    # a sentence's line, or one above a paragraph and not a list, is no heading
    assert "Les gîtes du plateau seront aidés en premier et les campings ensuite." in [
        p.text for p in pieces
    ]


def test_numbered_section_title_is_its_own_paragraph():
    """P19: "1. Un parc vieillissant" was joined to the paragraph under it, and the last
    recommendation before it ran over it to the end of the document."""
    from textmine.ingest.pdf import page_pieces

    lines = [
        "1. Des collections mal connues",
        "Un tiers des objets des réserves n'a jamais été inventorié. Le récolement décennal prévu",
        "par la loi n'a pas été achevé.",
        "2. Créer un inventaire partagé avec les musées voisins, dont le coût sera réparti",
        "Entre les trois villes.",
    ]
    texts = [p.text for p in page_pieces(lines, 1, set())]
    assert texts[0] == "1. Des collections mal connues"
    assert texts[1].startswith("Un tiers des objets")
    # a long item, or one whose next line is an item, stays whole
    assert texts[2].startswith("2. Créer un inventaire partagé") and len(texts) == 3
    # an upper-case title wrapped on the next line (a table of contents) is not cut
    wrapped = ["1. LA PLATEFORME EST L'ACTEUR CLE DU MARCHE DE", "L'INTERMEDIATION ........ 55"]
    assert len(page_pieces(wrapped, 1, set())) == 1


def test_label_alone_on_its_line_and_label_opening_a_line_are_paragraphs():
    """P24: "Recommandation n°1" in bold on its line, the text below, was joined to that text
    ("Recommandation n°1 Labelliser…", no separator: no item); "Fiche action n° 1 – …" ran on
    from the paragraph before it. Any label word: the next document writes "Piste" or "Défi"."""
    from textmine.ingest.pdf import page_pieces

    lines = [
        "Le programme a été arrêté par le bureau de l'intercommunalité le 2 mars 2026. Chaque fiche",
        "précise son pilote et son calendrier.",
        "Fiche projet n° 1 – Équiper les salles de sport",
        "Pilote : service des sports.",
        "Défi 2",
        "Ouvrir les gymnases des collèges aux clubs le samedi, avec une convention signée par le",
        "département et chaque club.",
        "1.3 Les moyens",
        "Deux agents suivent les conventions.",
    ]
    texts = [p.text for p in page_pieces(lines, 1, set())]
    assert texts[0].endswith("son pilote et son calendrier.")
    assert texts[1].startswith("Fiche projet n° 1 – Équiper les salles de sport")
    assert "Défi 2" in texts
    assert texts[texts.index("Défi 2") + 1].startswith("Ouvrir les gymnases")
    # a decimal section title over a paragraph is its own paragraph too
    assert "1.3 Les moyens" in texts
    # a sentence mentioning a label and a number is no label line
    assert len(page_pieces(["Le Défi 2 a été tenu en 2025."], 1, set())) == 1


def test_two_page_pdf_drops_the_running_header_opening_both_pages():
    """P24: with two pages, the line opening both was kept and joined to the text running on
    from page 1 ("… des cuisines Projet alimentaire … centrales aux associations")."""
    from textmine.ingest.pdf import _repeated_tops

    pages = [
        ["Contrat local de santé du Pays d'Auge", "Axe 1 – Prévenir", "…"],
        ["Contrat local de santé du Pays d'Auge", "les associations de prévention."],
    ]
    assert _repeated_tops(pages) == {"contrat local de santé du pays d'auge"}
    assert _repeated_tops([["Titre", "a"], ["Autre", "b"]]) == set()
    assert _repeated_tops([["Titre"], ["Titre"], ["Titre"]]) == set()  # 3 pages: the edges rule


def test_running_header_between_a_cut_sentence_and_its_rest_is_dropped():
    """P24: page 2 opened by a running header the cover does not carry, between "… pendant au
    moins quatre" and "semaines au cours…": the item ended at the break."""
    from textmine.ingest.pdf import _header_in_cut

    cut = (
        "2) Financer des stages en entreprise pour les demandeurs d'emploi pendant au moins quatre"
    )
    page1 = [cut, "- 1 -"]
    page2 = ["Schéma régional de la mer", "semaines au cours de la formation.", cut]
    assert _header_in_cut(page1, page2, set())
    # a sentence ended before the break, or a paragraph opening the page: no header
    assert not _header_in_cut(["La formation est gratuite."], page2, set())
    assert not _header_in_cut(page1, ["Les stages sont payés", "Par la région."], set())
    # a cover's short last line cuts no sentence; a full line opening the page is text
    cover = [
        "Rapport sur la formation aux métiers de la mer, des ports et du nautisme, remis à la",
        "présidente de la collectivité par la mission d'inspection, après six mois d'enquête",
        "auprès des lycées, des chantiers navals, des loueurs de bateaux et des pêcheurs de",
        "Mai 2014",
    ]
    assert not _header_in_cut(cover, page2, set())
    full = [
        cut,
        "Rapport du conseil sur les métiers de la mer, des ports et du nautisme remis au",
        "ministre de la mer.",
    ]
    assert not _header_in_cut(page1, full, set())


def test_numbers_in_the_margin_without_punctuation_are_list_items():
    """P28: "1 Créer…" (the number set in the margin, no dot) under a short title line counts
    from 1 in steps of one: list items, each to its sentence's end, their titles headings. The
    page's footnotes "1 Rapport…" under a sentence, and figures ("2 400 places"), are not."""
    from textmine.ingest.pdf import page_pieces

    lines = [
        "Schéma départemental de l'accueil du jeune enfant 2026-2030, adopté le 2 février.",
        "Accueil collectif",
        "1 Créer 2 400 places de crèche dans les communes qui n'en ont aucune, en priorité",
        "dans les quartiers de la politique de la ville.",
        "2 Ouvrir une crèche à horaires décalés près de chaque zone d'activité.",
        "Accueil individuel",
        "1 Aider les assistantes maternelles à s'installer en maison partagée.",
        "2 Former les assistantes maternelles à l'accueil des enfants handicapés.",
        "Le schéma sera évalué à mi-parcours par le comité de pilotage.",
        "1 Rapport de la caisse d'allocations familiales, 2025.",
        "2 Enquête auprès des communes, novembre 2025.",
    ]
    pieces = page_pieces(lines, 1, set())
    items = [(p.marker, p.text) for p in pieces if p.kind == "list_item"]
    assert [marker for marker, _ in items] == ["1", "2", "1", "2"]
    assert items[0][1].endswith("quartiers de la politique de la ville.")
    assert [p.text for p in pieces if p.kind == "heading"] == [
        "Accueil collectif",
        "Accueil individuel",
    ]
    assert not any("Rapport de la caisse" in text for _, text in items)


def test_rows_under_a_number_column_header_are_no_margin_list():
    """P28: "N° Mesure Pilote" over "1 Créer… Ville": a table's rows in the text layer (P24's
    summary tables), not a list numbered in the margin; nor ranks before names ("1 Caen")."""
    from textmine.ingest.pdf import page_pieces

    lines = [
        "Tableau de synthèse des mesures",
        "N° Mesure Pilote",
        "1 Créer un guichet unique des aides Ville",
        "2 Ouvrir le guichet le samedi CCAS",
        "Les communes les plus peuplées",
        "1 Caen 105 000",
        "2 Cherbourg 79 000",
    ]
    assert not [p for p in page_pieces(lines, 1, set()) if p.kind == "list_item"]


def test_an_enumeration_going_on_across_a_page_drops_the_header_between():
    """P28: "– … ;" ends page 1, page 2 opens with a running header the cover does not carry,
    then "– …" goes on: the header is dropped, the enumeration is one."""
    from textmine.ingest.pdf import _header_in_cut

    page1 = ["Action 3. Sécuriser les pistes cyclables, par :", "– un éclairage des carrefours ;"]
    page2 = ["Schéma vélo – tome 2", "– un marquage au sol renouvelé.", "Action 4. Former."]
    assert _header_in_cut(page1, page2, set())
    # a page that opens with a title over a new list, after a finished sentence: no header
    assert not _header_in_cut(["La phase 1 est achevée."], page2, set())


def test_a_title_between_a_sentence_and_a_labelled_item_is_a_heading():
    """P28: "Les ports" after a finished sentence and above "Mesure 5. …" is their title; after
    a line cut mid-sentence it is that sentence's end."""
    from textmine.ingest.pdf import page_pieces

    lines = [
        "Mesure 4. Renouveler vingt navires de pêche artisanale, au moins un par port, avant la fin",
        "du plan en 2030.",
        "Les ports de commerce",
        "Mesure 5. Électrifier les quais du port de Cherbourg.",
    ]
    pieces = page_pieces(lines, 1, set())
    assert [p.kind for p in pieces] == ["paragraph", "heading", "paragraph"]
    assert pieces[0].text.endswith("avant la fin du plan en 2030.")
    assert pieces[1].text == "Les ports de commerce"


def test_margin_numbers_alone_on_their_lines_are_joined_to_their_text():
    """P28: the text layer may give a margin number a line of its own ("1" then "Créer…"):
    joined to its text when such numbers count 1, 2…; one lone figure is left alone."""
    from textmine.ingest.pdf import page_pieces

    lines = [
        "Programme local de l'habitat de la communauté de communes",
        "Adopté par le conseil communautaire le 4 mars 2026, après avis des communes.",
        "Rénover",
        "1",
        "Rénover 200 logements anciens du centre-bourg d'ici 2030, avec l'aide de",
        "l'Agence nationale de l'habitat.",
        "2",
        "Créer une maison de l'habitat ouverte le samedi.",
        "Construire",
        "1",
        "Construire 40 logements sociaux près de la gare.",
        "Le programme compte",
        "12",
        "Fiches détaillées en annexe.",
    ]
    pieces = page_pieces(lines, 1, set())
    items = [(p.marker, p.text) for p in pieces if p.kind == "list_item"]
    assert [marker for marker, _ in items] == ["1", "2", "1"]
    assert items[0][1].startswith("1 Rénover 200 logements")
    assert items[0][1].endswith("de l'Agence nationale de l'habitat.")
    assert [p.text for p in pieces if p.kind == "heading"] == ["Rénover", "Construire"]


def test_margin_numbers_go_on_across_numbered_titles_and_the_page(corpus, config):
    """P32: items numbered in the margin count 1–5 across chapter titles that carry their own
    number ("1. Économiser l'eau"), and item 4 is cut by the page break, its footer ("… – page
    1") and the next page's header between its halves; both are dropped, the item read whole."""
    pdf = FPDF()
    pdf.set_auto_page_break(False)
    if Path(FONT).exists():
        pdf.add_font("dejavu", fname=FONT)
        pdf.set_font("dejavu", size=11)
    else:
        pdf.set_font("helvetica", size=11)
    pages = [
        [
            "Charte de l'eau du bassin de la Sèvre nantaise",
            "Elle a été signée par vingt-huit communes en 2025 après un an de concertation avec",
            "les agriculteurs, les industriels et les associations de pêche du bassin versant.",
            "1. Économiser l'eau",
            "1 Équiper de compteurs télérelevés les bâtiments communaux de plus de 500 m².",
            "2 Récupérer l'eau de pluie pour l'arrosage des espaces verts des communes.",
            "2. Protéger les rivières",
            "3 Planter cinq kilomètres de haies le long des cours d'eau chaque année.",
            "4 Acheter les parcelles des zones humides mises en vente dans le bassin pour les",
        ],
        [
            "Bassin de la Sèvre – la charte",
            "confier en gestion au syndicat de rivière et aux associations de pêche.",
            "5 Interdire les désherbants sur les terrains communaux dès 2026.",
        ],
    ]
    for number, lines in enumerate(pages, start=1):
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(-20)
        pdf.cell(0, 6, f"Syndicat mixte de la Sèvre nantaise – page {number}")
    pdf.output(str(corpus / "charte.pdf"))
    doc = assert_good_intact(corpus, config)["charte.pdf"]
    blocks = [(b.kind, doc.text[b.start_char : b.end_char]) for b in doc.blocks]
    items = [text for kind, text in blocks if kind == "list_item"]
    assert [item.split()[0] for item in items] == ["1", "2", "3", "4", "5"]
    assert items[3].endswith("aux associations de pêche.")
    headings = [text for kind, text in blocks if kind == "heading"]
    assert headings == ["1. Économiser l'eau", "2. Protéger les rivières"]
    assert "page 1" not in doc.text


def test_a_footnote_numbered_after_the_last_item_is_no_item_of_it():
    """P32: a list's count goes on at the top of the next page only; a note "5 Source…" at the
    foot of a page after body text does not continue a list ended at 4."""
    from textmine.ingest.pdf import _margin_numbers

    content = [
        "Le syndicat a présenté le bilan de la charte au comité de bassin en mars.",
        "Les communes ont réduit leur consommation de 12 % en trois ans.",
        "5 Source : rapport annuel du syndicat mixte, 2025, page 14.",
    ]
    assert _margin_numbers(content, carry=4) == {}
    assert _margin_numbers(["la fin de l'item quatre.", *content[2:]], carry=4) == {1: "5"}
