from .conftest import assert_good_intact


def test_html_main_content_without_boilerplate(corpus, config):
    paragraph = (
        "Le gouvernement présente sa stratégie nationale pour le cloud afin de renforcer la "
        "souveraineté numérique des administrations et des entreprises françaises. "
    )
    (corpus / "page.html").write_text(
        "<html><head><title>Stratégie cloud</title></head><body>"
        "<nav>Accueil | Presse | Contact</nav>"
        f"<article><h1>Stratégie nationale pour le cloud</h1><p>{paragraph * 3}</p>"
        f"<p>{paragraph}</p></article>"
        "<footer>Mentions légales - Plan du site</footer></body></html>",
        encoding="utf-8",
    )
    doc = assert_good_intact(corpus, config)["page.html"]
    assert doc.status == "ok"
    assert doc.title == "Stratégie cloud"
    assert "souveraineté numérique" in doc.text
    assert "Mentions légales" not in doc.text
    assert "<p>" not in doc.text


def test_list_marks_drawn_by_the_browser():
    from textmine.ingest.html import list_mark

    assert [list_mark(k, "a") for k in (1, 3, 26)] == ["a", "c", "z"]
    assert [list_mark(k, "I") for k in (1, 4, 9, 14)] == ["I", "IV", "IX", "XIV"]
    assert list_mark(4, "i") == "iv" and list_mark(5, "1") == "5"


def test_numbered_item_holding_a_nested_list_keeps_its_text():
    """P24: an ``<li>`` of an ``<ol start="3">`` holding a ``<ul>`` lost its own text."""
    from textmine.ingest.html import read_html

    page = (
        "<html><body><article><h1>Plan vélo</h1><p>Le plan compte quatre actions.</p>"
        "<ol><li>Créer des pistes.</li><li>Former les élèves.</li></ol>"
        "<p>Les actions suivantes portent sur le stationnement.</p>"
        '<ol start="3"><li>Installer des arceaux <strong>dans chaque école</strong> :'
        "<ul><li>devant l'entrée ;</li><li>dans la cour.</li></ul></li>"
        "<li>Ouvrir une vélostation en gare.</li></ol></article></body></html>"
    )
    texts = [piece.text for piece in read_html(page.encode("utf-8"))[0]]
    assert any(text.startswith("3. Installer des arceaux") for text in texts), texts
    assert any("dans chaque école" in text for text in texts)
    assert any(text.startswith("4. Ouvrir une vélostation") for text in texts)
