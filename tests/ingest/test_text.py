import pytest

from textmine.ingest import ingest_corpus
from textmine.ingest.text import ReadError, decode_bytes

from .conftest import assert_good_intact, by_path


def test_latin1_text_is_decoded(corpus, config):
    (corpus / "ancien.txt").write_bytes(
        "Le Conseil général a présenté ses propositions sur l'élaboration du schéma numérique, "
        "après une concertation menée à Besançon en décembre.".encode("cp1252")
    )
    docs = assert_good_intact(corpus, config)
    assert "Conseil général a présenté" in docs["ancien.txt"].text
    assert docs["ancien.txt"].status == "ok"


def test_binary_garbage_with_text_extension_is_an_error(corpus, config):
    (corpus / "faux.txt").write_bytes(bytes(range(256)) * 40)
    docs = assert_good_intact(corpus, config)
    assert docs["faux.txt"].status == "error"
    assert docs["faux.txt"].error_code in {"binary_content", "unknown_encoding", "not_text"}
    assert "UTF-8" in docs["faux.txt"].error or "binaires" in docs["faux.txt"].error


def test_whitespace_only_file_is_empty(corpus, config):
    (corpus / "vide.txt").write_text("   \n\n\t  \n", encoding="utf-8")
    docs = assert_good_intact(corpus, config)
    assert docs["vide.txt"].status == "empty"


def test_nul_bytes_are_refused():
    with pytest.raises(ReadError, match="données binaires") as caught:
        decode_bytes(b"texte\x00\x00\x00binaire")
    assert caught.value.problem.code == "binary_content"


def test_single_five_megabyte_line_is_read(corpus, config):
    (corpus / "ligne.txt").write_text("mot " * 1_250_000, encoding="utf-8")
    docs = assert_good_intact(corpus, config)
    assert docs["ligne.txt"].status == "ok"
    assert len(docs["ligne.txt"].text) > 4_000_000


def test_text_longer_than_limit_is_truncated_with_warning(corpus):
    from textmine.config import IngestConfig

    config = IngestConfig(max_doc_chars=1000)
    (corpus / "long.txt").write_text("Une phrase sur le numérique. " * 200, encoding="utf-8")
    docs = by_path(ingest_corpus(corpus, config))
    long = docs["long.txt"]
    assert long.status == "ok" and len(long.text) == 1000
    assert long.error_code == "text_truncated" and "tronqué" in long.error


def test_markdown_front_matter_markup_and_content_fields(corpus, config):
    (corpus / "cp.md").write_text(
        "---\n"
        'title: "Lancement de Tchap&nbsp;: la messagerie de l\'État"\n'
        "date: 2019-04-18 10:00:00 +02:00\n"
        "categories:\n- Communiqué de presse\n"
        "chapeau-text: La direction interministérielle du numérique lance une messagerie sécurisée pour les agents publics.\n"
        "subtitle1: Sécurité\n"
        "blocs:\n- title: Chiffrement\n  content-text: |-\n    #### **Recommandation 1**\n    Chiffrer les échanges de bout en bout.\n"
        "---\n\n"
        "# Lancement de Tchap : la messagerie de l'État\n\n"
        "La **DINSIC** annonce le lancement de [Tchap](https://tchap.gouv.fr).<br>\n"
        "> « Un outil souverain »,{: .citation}\n\n"
        '<div class="x">Texte en HTML</div>\n\n'
        "* premier point\n* second point\n",
        encoding="utf-8",
    )
    docs = assert_good_intact(corpus, config)
    doc = docs["cp.md"]
    assert doc.title == "Lancement de Tchap : la messagerie de l'État"
    assert doc.date == "2019-04-18"
    assert doc.doc_type == "communiqué de presse"
    for noise in ("---", "**", "{:", "<div", "https://", "<br>"):
        assert noise not in doc.text
    assert "La DINSIC annonce le lancement de Tchap." in doc.text
    assert "Chiffrer les échanges de bout en bout." in doc.text
    assert "messagerie sécurisée pour les agents publics" in doc.text
    assert doc.text.count("Lancement de Tchap") == 1
    reco = next(b for b in doc.blocks if b.number == "1")
    assert reco.kind == "heading" and reco.section == "Chiffrement"
    assert doc.metadata["subtitle1"] == "Sécurité"
    items = [b for b in doc.blocks if b.kind == "list_item"]
    assert [doc.text[b.start_char : b.end_char] for b in items] == ["premier point", "second point"]


def test_invalid_front_matter_keeps_body_with_warning(corpus, config):
    (corpus / "casse.md").write_text(
        "---\ntitle: [non fermé\n---\nLe corps du texte reste lisible.\n", encoding="utf-8"
    )
    docs = assert_good_intact(corpus, config)
    assert docs["casse.md"].status == "ok"
    assert "corps du texte" in docs["casse.md"].text
    assert docs["casse.md"].error_code == "front_matter_invalid"
    assert "en-tête YAML" in docs["casse.md"].error


def test_text_is_clean_nfc_and_blocks_index_it(corpus, config):
    (corpus / "nfd.txt").write_text(
        "Titre\r\n\r\nLe de\u0301veloppement nume\u0301rique\u00ad des territoires\r\n",
        encoding="utf-8",
    )
    doc = by_path(ingest_corpus(corpus, config))["nfd.txt"]
    assert "développement numérique des territoires" in doc.text
    assert "\r" not in doc.text
    for block in doc.blocks:
        assert doc.text[block.start_char : block.end_char].strip()


def test_mixed_utf8_and_latin1_lines_are_both_decoded(corpus, config):
    data = "Ligne en UTF-8 : très bien.\n".encode() + "Ligne collée en Latin-1 : élevé.\n".encode(
        "cp1252"
    )
    (corpus / "melange.txt").write_bytes(data)
    doc = assert_good_intact(corpus, config)["melange.txt"]
    assert "très bien" in doc.text and "Latin-1 : élevé" in doc.text


def test_yaml_alias_bomb_in_front_matter_keeps_the_body(corpus, config):
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcde", "bcdef", strict=True):
        levels.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    (corpus / "bombe.md").write_text(
        "---\n" + "\n".join(levels) + "\n---\nLe corps du document reste lisible.\n",
        encoding="utf-8",
    )
    doc = assert_good_intact(corpus, config)["bombe.md"]
    assert doc.status == "ok" and doc.text == "Le corps du document reste lisible."
    assert doc.error_code == "front_matter_too_large" and "en-tête YAML" in doc.error


def test_plain_text_heading_underlined_with_dashes_is_a_heading():
    """A plain text's "----" under a short line is a setext heading (P28); a rule under a
    sentence, or one much longer than the line above it, stays a separator."""
    from textmine.ingest.text import markdown_pieces

    text = (
        "Programme de travaux\n"
        "====================\n\n"
        "Écoles\n"
        "------\n\n"
        "1) Remplacer les fenêtres de l'école des Tilleuls.\n\n"
        "La commission a rendu son avis le 3 mai.\n"
        "----------------------------------------\n\n"
        "Cantines\n"
        "------------------------------------------------------------------\n"
    )
    pieces = markdown_pieces(text, markup=False)
    headings = [(p.text, p.level) for p in pieces if p.kind == "heading"]
    assert headings == [("Programme de travaux", 1), ("Écoles", 2)]
    assert [p.text for p in pieces if p.kind == "paragraph"][-1] == "Cantines"


def test_a_label_alone_on_its_line_is_a_paragraph_of_its_own():
    """P32: "PRÉCONISATION 2" alone over its text was joined to it ("PRÉCONISATION 2 Rouvrir…",
    read as no header); alone, it is its own paragraph."""
    from textmine.ingest.text import markdown_pieces

    text = (
        "PRÉCONISATION 2\n"
        "Ouvrir une antenne du conservatoire dans chaque bourg-centre.\n\n"
        "Proposition n° 3\n"
        "Financer les instruments des élèves boursiers.\n"
    )
    texts = [p.text for p in markdown_pieces(text, markup=False)]
    assert texts[:4] == [
        "PRÉCONISATION 2",
        "Ouvrir une antenne du conservatoire dans chaque bourg-centre.",
        "Proposition n° 3",
        "Financer les instruments des élèves boursiers.",
    ]


def test_a_count_in_parentheses_going_on_opens_a_new_item():
    """P32: "(2) financer…" under a wrapped "(1) verser…" line was joined to it; a note "(1)"
    after a sentence, or a "(3)" that does not go on from the paragraph's own mark, is not."""
    from textmine.ingest.text import markdown_pieces

    text = (
        "La commune s'engage à :\n\n"
        "(1) verser une subvention de 20 000 euros par an,\n"
        "révisable chaque année ;\n"
        "(2) prêter la salle des fêtes deux fois par an.\n"
        "(4) une ligne qui ne suit pas.\n"
    )
    texts = [p.text for p in markdown_pieces(text, markup=False)]
    assert texts[1] == "(1) verser une subvention de 20 000 euros par an, révisable chaque année ;"
    assert texts[2].startswith("(2) prêter la salle") and texts[2].endswith("ne suit pas.")
