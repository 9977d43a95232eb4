from textmine.ingest.structure import (
    Piece,
    assemble,
    find_marker,
    paragraphs_from_lines,
    starts_list_item,
)


def test_numbering_markers_are_recognised():
    cases = {
        "Proposition n° 12 : créer un fonds": ("Proposition n° 12 :", "12"),
        "Recommandation 3 – Mieux former": ("Recommandation 3 –", "3"),
        "Mesure 4. Ouvrir les données": ("Mesure 4.", "4"),
        "1° les documents administratifs": ("1°", "1"),
        "2. Garantir l'accès": ("2.", "2"),
        "b) les collectivités": ("b)", "b"),
        "● Adapter les sanctions": ("●", None),
        "• Simplifier": ("•", None),
    }
    for text, (marker, number) in cases.items():
        found = find_marker(text)
        assert found is not None, text
        assert (found.marker, found.number) == (marker, number)


def test_sentence_starting_with_article_is_not_a_list_item():
    _, blocks, _ = assemble([Piece("paragraph", "Article 7 de la loi est modifié.")])
    assert blocks[0].kind == "paragraph"
    assert find_marker("12 000 euros sont prévus") is None


def test_blocks_index_the_text_and_carry_their_section():
    pieces = [
        Piece("heading", "Volet I", level=1),
        Piece("heading", "Recommandation 1", level=2),
        Piece("paragraph", "○  Créer   un guichet\u00a0unique."),
        Piece("heading", "Volet II", level=1),
        Piece("paragraph", "Texte libre."),
    ]
    text, blocks, truncated = assemble(pieces)
    assert not truncated
    assert text.split("\n\n") == [
        "Volet I",
        "Recommandation 1",
        "○ Créer un guichet unique.",
        "Volet II",
        "Texte libre.",
    ]
    for block in blocks:
        assert (
            text[block.start_char : block.end_char]
            == text[block.start_char : block.end_char].strip()
        )
    item = blocks[2]
    assert (item.kind, item.marker, item.level, item.section) == (
        "list_item",
        "○",
        2,
        "Recommandation 1",
    )
    assert blocks[1].section == "Volet I" and blocks[1].number == "1"
    assert blocks[4].section == "Volet II"


def test_assemble_truncates_at_max_chars():
    text, blocks, truncated = assemble(
        [Piece("paragraph", "a" * 50), Piece("paragraph", "b" * 50)], 60
    )
    assert truncated and len(text) == 60
    assert blocks[-1].end_char == 60


def test_lowercase_roman_marks_and_lettered_runs_open_items():
    for text, number in (("ii) Afficher", "ii"), ("(iv) Associer", "iv"), ("xii. Réviser", "xii")):
        found = find_marker(text)
        assert found is not None and found.number == number, text
    assert find_marker("vi est un mot") is None
    # "B." opens an item after "A." only: "M. Dupont" or "A. Camus" alone are names
    assert starts_list_item("B. Financer les études.", "A. Doubler les aides.")
    assert not starts_list_item("B. Financer les études.", "Le conseil a voté.")
    assert not starts_list_item("A. Camus a écrit sur ce sujet.", "")
    pieces = paragraphs_from_lines(["A. Doubler les aides.", "B. Financer les études."])
    assert [piece.text for piece in pieces] == ["A. Doubler les aides.", "B. Financer les études."]


def test_a_rendered_label_with_words_gives_its_number():
    """P19: an ODF list style "Objectif opérationnel 1.2 :" kept its marker but no number."""
    text = "Objectif opérationnel 1.2 : Repérer les personnes âgées isolées."
    piece = Piece("list_item", text, level=2, marker="Objectif opérationnel 1.2 :")
    _, blocks, _ = assemble([piece])
    assert (blocks[0].marker, blocks[0].number) == ("Objectif opérationnel 1.2 :", "1.2")
    piece = Piece("list_item", "Le tableau de bord 2 : suivi", marker="Le tableau de bord 2 :")
    _, blocks, _ = assemble([piece])
    assert blocks[0].number is None  # three words and more before a number: no label
