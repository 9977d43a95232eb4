import io
import zipfile

from textmine.config import IngestConfig
from textmine.ingest import ingest_corpus

from .conftest import assert_good_intact


def test_zip_members_are_read_in_place(corpus, config):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("inner/note.txt", "Une note sur la gouvernance des données publiques.")
        archive.writestr("../evasion.txt", "tentative de sortie")
        archive.writestr("image.png", b"\x89PNG")
    (corpus / "lot.zip").write_bytes(buffer.getvalue())
    docs = {d.path: d for d in ingest_corpus(corpus, config)}
    assert docs["lot.zip!inner/note.txt"].status == "ok"
    assert "gouvernance des données" in docs["lot.zip!inner/note.txt"].text
    assert docs["lot.zip!../evasion.txt"].status == "error"
    assert docs["lot.zip!../evasion.txt"].error_code == "archive_unsafe_path"
    assert "Chemin dangereux" in docs["lot.zip!../evasion.txt"].error
    assert docs["lot.zip!image.png"].status == "skipped"
    assert not (corpus.parent / "evasion.txt").exists()


def test_zip_bomb_is_refused_fast(corpus):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bombe.txt", b"0" * 50_000_000)
    (corpus / "bombe.zip").write_bytes(buffer.getvalue())
    config = IngestConfig(max_archive_bytes=10_000_000)
    docs = assert_good_intact(corpus, config)
    assert docs["bombe.zip"].status == "error"
    assert docs["bombe.zip"].error_code in {"archive_too_large", "archive_ratio"}
    assert "bombe zip" in docs["bombe.zip"].error


def test_corrupt_zip_is_an_error(corpus, config):
    (corpus / "casse.zip").write_bytes(b"PK\x03\x04garbage")
    docs = assert_good_intact(corpus, config)
    assert docs["casse.zip"].status == "error"
    assert docs["casse.zip"].error_code == "zip_corrupt"
    assert "abîmé" in docs["casse.zip"].error
