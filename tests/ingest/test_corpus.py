import csv
import json
import re
from pathlib import Path

import pandas as pd

from tests.conftest import shared_path
from textmine import schema
from textmine.ingest import blocks_frame, documents_frame, ingest_corpus


def test_metadata_csv_overrides_and_frames_conform(corpus, config):
    (corpus / "note.md").write_text(
        "---\ntitle: Note\nauteur_interne: X\n---\n\n1. Premier point.\n", encoding="utf-8"
    )
    (corpus / "metadata.csv").write_text(
        "path,title,date,source_url\nbon.txt,Le plan numérique,23/07/2015,https://example.org\n",
        encoding="utf-8",
    )
    progress = []
    docs = ingest_corpus(
        corpus, config, on_progress=lambda done, total: progress.append((done, total))
    )
    assert progress[-1] == (2, 2)
    good = next(d for d in docs if d.path == "bon.txt")
    assert good.title == "Le plan numérique" and good.date == "2015-07-23"
    assert good.metadata["source_url"] == "https://example.org"
    documents = documents_frame(docs)
    assert list(documents.columns) == schema.TABLES["documents"].names
    assert (
        json.loads(documents.loc[documents.path == "note.md", "metadata"].iloc[0])["auteur_interne"]
        == "X"
    )
    blocks = blocks_frame(docs)
    assert list(blocks.columns) == schema.TABLES["blocks"].names
    note = next(d for d in docs if d.path == "note.md")
    row = blocks[(blocks.doc_id == note.doc_id) & (blocks.marker == "1.")].iloc[0]
    assert note.text[row.start_char : row.end_char] == "1. Premier point."
    assert documents_frame([]).empty and isinstance(blocks_frame([]), pd.DataFrame)


def _gold_fragments_missing(folder: Path, text: str) -> list[str]:
    """Gold recommendation fragments (title, bullets) not found verbatim in the text."""
    flat = " ".join(text.split())
    missing = []
    with (folder / "recommendations_gold.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for fragment in re.split(r" ; | : (?=[A-ZÉ])", row["text"]):
                fragment = " ".join(fragment.split())
                if fragment and fragment not in flat:
                    missing.append(fragment)
    return missing


def test_seed_communique():
    path = shared_path("corpora", "seed")
    from textmine.config import IngestConfig

    doc = ingest_corpus(path, IngestConfig())[0]
    assert (doc.date, doc.doc_type, doc.reference) == (
        "2015-07-23",
        "communiqué de presse",
        "N°793",
    )
    assert doc.title.startswith("Remise à Axelle LEMAIRE")
    assert "*" not in doc.text and "##" not in doc.text


def test_dinum_recommendations_in_front_matter_are_kept():
    path = shared_path("corpora", "reports", "dinum-reco-api-2022")
    from textmine.config import IngestConfig

    doc = next(d for d in ingest_corpus(path, IngestConfig()) if d.format == "md")
    numbers = [b.number for b in doc.blocks if b.marker and b.marker.startswith("Recommandation")]
    assert numbers == [str(i) for i in range(1, 17)]
    assert "<br>" not in doc.text and "<figure" not in doc.text
    assert _gold_fragments_missing(path, doc.text) == []


def test_cnnum_pdf_text_is_clean():
    path = shared_path("corpora", "reports", "cnnum-neutralite-plateformes-2014")
    from textmine.config import IngestConfig

    doc = next(d for d in ingest_corpus(path, IngestConfig()) if d.format == "pdf")
    numbers = [b.number for b in doc.blocks if b.marker and b.marker.startswith("Recommandation")]
    assert [str(i) for i in range(1, 15)] == numbers[:14]
    assert "La proposition d’interdire" in doc.text
    assert doc.n_pages == 120 and len(doc.text.split()) > 40_000
    # page numbers, hyphenation and footnote calls would break these verbatim matches
    assert _gold_fragments_missing(path, doc.text) == []


def test_plain_text_press_release_title_is_its_headline_not_its_letterhead(tmp_path: Path):
    from textmine.config import IngestConfig

    (tmp_path / "communique.txt").write_text(
        "MINISTERE DE LA COHESION DES TERRITOIRES\n\nCommuniqué de presse\n\n"
        "Lyon, le 2 mai 2019\n\nLes maisons France Services ouvrent dans le Rhône\n\n"
        "La ministre a inauguré ce jeudi la première maison. Dix autres suivront en 2020.\n",
        encoding="utf-8",
    )
    (doc,) = ingest_corpus(tmp_path, IngestConfig())
    assert doc.title == "Les maisons France Services ouvrent dans le Rhône"
    assert doc.issuer == "MINISTERE DE LA COHESION DES TERRITOIRES"
