from textmine.ingest.metadata import (
    detect_date,
    detect_doc_type,
    detect_issuer,
    detect_language,
    detect_reference,
    detect_signatory,
    parse_date_value,
    plausible_title,
)

LETTERHEAD = (
    "AXELLE LEMAIRE SECRETAIRE D'ETAT AU NUMERIQUE, AUPRES DU MINISTRE DE L'ECONOMIE\n\n"
    "Communiqué de presse\n\nParis, le 23 juillet 2015 N°793\n\n"
    "Remise du rapport sur la gouvernance des politiques numériques sur les territoires."
)


def test_french_dates():
    assert detect_date(LETTERHEAD) == "2015-07-23"
    assert detect_date("Compte rendu\n\nRéunion tenue le 3 mars 2016 à Lyon.") == "2016-03-03"
    assert detect_date("Publié : 2015-07-23\n\nTexte.") == "2015-07-23"
    assert detect_date("Lille, le 1er février 2019\n\nObjet") == "2019-02-01"
    assert detect_date("Neutralité des plateformes\nMai 2014\n") == "2014-05"
    assert parse_date_value("19/11/2019 21:05") == "2019-11-19"
    assert detect_date("Un texte sans date.") is None


def test_law_date_in_prose_is_not_the_document_date():
    text = "Article 1\n\nLes alinéas de l'article 7 de la loi n° 78-753 du 17 juillet 1978 sont remplacés."
    assert detect_date(text) is None


def test_type_issuer_signatory_reference_language():
    assert detect_doc_type(LETTERHEAD) == "communiqué de presse"
    assert detect_doc_type("Projet de loi pour une République numérique") == "texte de loi"
    assert "SECRETAIRE D'ETAT AU NUMERIQUE" in detect_issuer(LETTERHEAD)
    assert detect_signatory(LETTERHEAD) == "AXELLE LEMAIRE"
    assert detect_reference(LETTERHEAD) == "N°793"
    assert detect_language(LETTERHEAD, "fr") == "fr"
    english = "The government announces a new secure messaging service for civil servants today."
    assert detect_language(english, "fr") == "en"
    assert detect_language("Ok", "fr") == "fr"


def test_a_text_of_numbered_articles_is_a_legal_text():
    text = "Chapitre II\n\nArticle 8\n\nLe rapport annuel est publié.\n\nArticle 9\n\nTexte.\n\nArticle 10\n\nTexte."
    assert detect_doc_type(text) == "texte de loi"


def test_title_of_a_text_without_headings_skips_letterhead_genre_and_date_line():
    opening = [
        "SECRETARIAT D'ETAT CHARGE DU NUMERIQUE ET DE L'INNOVATION",
        "Communiqué de presse",
        "www.economie.gouv.fr",
        "Paris, le 14 mars 2016 N°812",
        "Lancement du plan « Territoires connectés » pour l'inclusion numérique",
        "La secrétaire d'État a présenté ce lundi le plan. Il prolonge le plan de 2013.",
    ]
    assert plausible_title(opening) == (
        "Lancement du plan « Territoires connectés » pour l'inclusion numérique"
    )


def test_no_title_is_taken_from_the_body():
    opening = [
        "MINISTERE DE LA CULTURE",
        "Le ministre a réuni les élus. Ils ont adopté une charte commune pour les bibliothèques.",
        "Un intertitre plus bas",
    ]
    assert plausible_title(opening) is None
