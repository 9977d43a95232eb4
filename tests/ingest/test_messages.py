"""What a reader is told about a bad file: a stable code and a French message saying what to do."""

from __future__ import annotations

import io
import re
import string
import zipfile
from pathlib import Path

import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from textmine.ingest import documents_frame, ingest_corpus
from textmine.ingest.messages import MESSAGES, problem, size_in_french

from .conftest import by_path

# Words that give an English message away (none of them is French, nor a word the French
# messages quote). Config keys (ingest.max_doc_chars) and quoted values (« ... ») are removed
# before the check: they are names, not prose.
ENGLISH = {
    "the", "file", "cannot", "could", "not", "found", "empty", "error", "unsupported",
    "corrupt", "too", "large", "with", "read", "line", "encrypted", "password", "missing",
    "invalid", "is", "of", "and", "to", "was", "text", "than", "has", "no", "only", "which",
    "left", "out", "header", "row", "skipped", "unexpected", "archive's", "truncated",
}  # fmt: skip
# Words a French sentence can hardly do without.
FRENCH = {"le", "la", "les", "de", "des", "du", "un", "une", "est", "pas", "sur", "dans", "à", "en"}
# What a reader is told to do, or why: every message holds one of these.
ADVICE = re.compile(
    r"enregistrez|relancez|découpez|relevez|convertissez|décompressez|ouvrez|vérifiez|"
    r"corrigez|simplifiez|exportez|indiquez|installez|copiez|remplacez|ajoutez|transmettez|passez|non lu|"
    r"non suivi|écartée|non analysé|rien à analyser|ne contient|ignorées|manquent|ont été lues",
    re.I,
)


def _prose(message: str) -> str:
    """The message without what it names: config keys, quoted values, formats, file names."""
    message = re.sub(r"«[^»]*»", " ", message)
    message = re.sub(r"\b(?:ingest|nlp)\.[a-z_.]+", " ", message)
    return re.sub(r"\b[\w-]+\.(?:csv|docx|odt|rtf|html|txt|pdf|xlsx|md)\b", " ", message)


def assert_french(message: str | None) -> None:
    """A message for a reader: French prose (no English word), a sentence, with its reason."""
    assert message, "a problem without a message"
    words = set(re.findall(r"\w+", _prose(message).lower()))
    assert not words & ENGLISH, f"English in {message!r}: {sorted(words & ENGLISH)}"
    assert words & FRENCH, f"no French in {message!r}"
    assert message.rstrip().endswith((".", ")", "»", "…")), message


def _filled(template: str) -> dict[str, str]:
    names = {field for _, field, _, _ in string.Formatter().parse(template) if field}
    return dict.fromkeys(names, "X")


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_message_is_french_and_its_code_snake_case(code):
    assert re.fullmatch(r"[a-z0-9]+(?:_[a-z0-9]+)*", code)
    found = problem(code, **_filled(MESSAGES[code]))
    assert found.code == code
    assert_french(found.message)
    assert ADVICE.search(found.message) or len(found.message) < 80, found.message
    assert " :" in found.message or " ;" in found.message or len(found.message) < 80
    assert " :" not in found.message.replace(" : ", "") and "\u00a0" not in found.message


def test_sizes_read_as_a_french_reader_reads_them():
    assert size_in_french(500) == "500 octets"
    assert size_in_french(12 * 1024 * 1024 + 512 * 1024) == "12,5 Mo"


def _encrypted_pdf(path: Path, tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.cell(0, 6, "Rapport sur l'inclusion numerique des territoires")
    plain = tmp_path / "clair.pdf"
    pdf.output(str(plain))
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="secret", owner_password="proprietaire")
    with path.open("wb") as handle:
        writer.write(handle)


def _bad_corpus(root: Path, tmp_path: Path) -> dict[str, str]:
    """One bad file per ingest error path, and the code each must get."""
    expected = {}

    def add(name: str, data: bytes, code: str) -> None:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
        expected[name] = code

    _encrypted_pdf(root / "protege.pdf", tmp_path)
    expected["protege.pdf"] = "pdf_password"
    add("casse.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R", "pdf_corrupt")
    add("pas-un.pdf", b"Ceci n'est pas un PDF.", "not_pdf")
    add("vide.txt", b"", "empty_file")
    add("blancs.md", b"   \n\n", "empty_file")
    add("photo.jpg", b"\xff\xd8\xff\xe0", "unsupported_extension")
    add("binaire.csv", b"id,texte\n1,\x00\x01\x02\x03\x00", "binary_content")
    add("utf16.txt", b"\xff\xfe" + "Texte coupé".encode("utf-16-le")[:-1], "invalid_utf16")
    add("casse.docx", b"PK\x03\x04 pas un vrai document", "zip_corrupt")
    add("casse.xlsx", b"ceci n'est pas un classeur", "zip_corrupt")
    add("pas-une-page.html", b"juste du texte, sans balise", "not_html")
    add("pas-un.rtf", b"Pas du RTF.", "not_rtf")
    add("colonnes.csv", b"section,n_votes\nA,3\n", "no_text_column")
    add("entete.csv", b"id,texte\n", "table_no_rows")
    add("mauvais.json", b'{"id": 1, "texte": ', "json_invalid")
    add("lignes.jsonl", b"{pas du json\n[1, 2]\n", "jsonl_no_object")
    add(".cache.txt", b"un fichier cache", "hidden_file")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../sortie.txt", "tentative de sortie de l'archive")
        archive.writestr("interne.zip", b"PK\x05\x06" + b"\x00" * 18)
    add("lot.zip", buffer.getvalue(), "")
    expected.pop("lot.zip")
    expected["lot.zip!../sortie.txt"] = "archive_unsafe_path"
    expected["lot.zip!interne.zip"] = "archive_nested"
    return expected


def test_each_bad_file_gets_its_code_and_a_french_message(corpus, config, tmp_path):
    expected = _bad_corpus(corpus, tmp_path)
    docs = by_path(ingest_corpus(corpus, config))
    assert docs["bon.txt"].status == "ok" and docs["bon.txt"].error is None
    assert {path: docs[path].error_code for path in expected} == expected
    for path in expected:
        assert docs[path].status != "ok", path
        assert_french(docs[path].error)
    # The library's own (English) words stay available to whoever debugs, out of the message.
    assert "error_detail" in docs["casse.pdf"].metadata
    table = documents_frame(list(docs.values())).set_index("path")
    assert table.loc["protege.pdf", "error_code"] == "pdf_password"
    assert table.loc["protege.pdf", "error"].startswith(
        "Le fichier est protégé par un mot de passe"
    )


def test_a_bad_row_and_a_warning_are_french_too(corpus, tmp_path):
    from textmine.config import IngestConfig

    (corpus / "avis.csv").write_text(
        'id,texte\n1,"Ouvrir les données"\n2,"trop",de champs\n3,\n', encoding="utf-8"
    )
    (corpus / "long.txt").write_text("Une phrase sur le numérique. " * 200, encoding="utf-8")
    docs = ingest_corpus(corpus, IngestConfig(max_doc_chars=1000))
    rows = {(d.path, d.source_id): d for d in docs}
    assert rows["avis.csv", "line3"].error_code == "row_field_count"
    assert rows["avis.csv", "3"].status == "empty"
    assert rows["avis.csv", "3"].error_code == "row_empty_text"
    assert rows["long.txt", None].status == "ok"
    assert rows["long.txt", None].error_code == "text_truncated"
    for key in [("avis.csv", "line3"), ("avis.csv", "3"), ("long.txt", None)]:
        assert_french(rows[key].error)
