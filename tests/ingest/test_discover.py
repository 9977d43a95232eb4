import os

import pytest

from textmine.config import IngestConfig
from textmine.ingest import discover, ingest_corpus

from .conftest import GOOD_TEXT, assert_good_intact


def test_recursive_sorted_and_own_files_left_out(corpus, config):
    (corpus / "b").mkdir()
    (corpus / "b" / "z.md").write_text("# Titre\n\nTexte.", encoding="utf-8")
    (corpus / "a.txt").write_text("Texte A.", encoding="utf-8")
    (corpus / "README.md").write_text("Ce corpus contient...", encoding="utf-8")
    (corpus / "b" / "README.md").write_text("Un document comme un autre.", encoding="utf-8")
    (corpus / "metadata.csv").write_text("path,title\na.txt,Titre A\n", encoding="utf-8")
    (corpus / "review").mkdir()
    (corpus / "review" / "aliases.csv").write_text("alias,canonical\n", encoding="utf-8")
    (corpus / ".git").mkdir()
    (corpus / ".git" / "config.txt").write_text("x", encoding="utf-8")
    (corpus / "photo.jpg").write_bytes(b"\xff\xd8")
    sources, decided = discover(corpus, config)
    assert [s.rel_path for s in sources] == ["a.txt", "b/README.md", "b/z.md", "bon.txt"]
    reasons = {d.path: (d.status, d.error) for d in decided}
    codes = {d.path: d.error_code for d in decided}
    assert reasons["README.md"][0] == "skipped" and codes["README.md"] == "corpus_readme"
    assert reasons["photo.jpg"][0] == "skipped" and codes["photo.jpg"] == "unsupported_extension"
    assert "« .jpg »" in reasons["photo.jpg"][1]
    assert not any(p.startswith((".git", "review", "metadata")) for p in reasons)
    assert discover(corpus, config)[0] == sources  # deterministic


def test_single_file_corpus(corpus, config):
    docs = ingest_corpus(corpus / "bon.txt", config)
    assert [d.path for d in docs] == ["bon.txt"]
    assert docs[0].status == "ok" and docs[0].date == "2015-07-23"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_symlinks_leaving_the_corpus_or_looping_are_not_followed(corpus, config, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("hors du corpus", encoding="utf-8")
    (corpus / "fuite.txt").symlink_to(outside)
    (corpus / "boucle.txt").symlink_to(corpus / "boucle.txt")
    (corpus / "copie.txt").symlink_to(corpus / "bon.txt")
    (corpus / "dossier").symlink_to(corpus)
    docs = assert_good_intact(corpus, config)
    assert (
        docs["fuite.txt"].status == "skipped" and docs["fuite.txt"].error_code == "symlink_outside"
    )
    assert docs["boucle.txt"].status == "error" and docs["boucle.txt"].error_code == "symlink_loop"
    assert docs["dossier"].status == "skipped"
    assert docs["copie.txt"].status == "duplicate"
    assert all("hors du corpus" not in d.text for d in docs.values())


def test_file_over_max_size_is_an_error(corpus):
    (corpus / "gros.txt").write_text(GOOD_TEXT * 100, encoding="utf-8")
    config = IngestConfig(max_file_bytes=2_000)
    docs = assert_good_intact(corpus, config)
    assert docs["gros.txt"].status == "error" and "trop volumineux" in docs["gros.txt"].error
