import io
import json

import openpyxl

from textmine.config import IngestConfig
from textmine.ingest import ingest_corpus

from .conftest import assert_good_intact


def _rows(docs, path):
    return [d for d in docs if d.path == path]


def test_csv_semicolon_latin1_one_document_per_row(corpus, config):
    content = (
        "proposal_id;categorie;titre;contribution;created_at\n"
        "12;Mobilité;Des pistes cyclables;Créer des pistes cyclables sécurisées entre les communes.;2019-01-24 22:29:15 +0100\n"
        "13;Démocratie;Vote blanc;Reconnaître le vote blanc lors des élections.;2019-01-25 10:00:00 +0100\n"
    )
    (corpus / "propositions.csv").write_bytes(content.encode("cp1252"))
    docs = ingest_corpus(corpus, config)
    rows = _rows(docs, "propositions.csv")
    assert [r.source_id for r in rows] == ["12", "13"]
    first = rows[0]
    assert first.title == "Des pistes cyclables"
    assert "Créer des pistes cyclables sécurisées" in first.text
    assert first.metadata["categorie"] == "Mobilité"
    assert first.date == "2019-01-24"
    assert first.doc_type == "contribution"


def test_malformed_rows_are_reported_and_good_rows_kept(corpus, config):
    (corpus / "avis.csv").write_text(
        "id,title,body\n"
        "1,Ouvrir les données,Publier les données publiques par défaut.\n"
        "2,Ligne cassée,trop,de,champs\n"
        "3,Former les agents,Former les agents publics au numérique.\n",
        encoding="utf-8",
    )
    rows = _rows(ingest_corpus(corpus, config), "avis.csv")
    ok = [r for r in rows if r.status == "ok"]
    errors = [r for r in rows if r.status == "error"]
    assert [r.source_id for r in ok] == ["1", "3"]
    assert len(errors) == 1 and "Ligne 3" in errors[0].error
    assert errors[0].error_code == "row_field_count"


def test_table_without_text_column_names_the_columns(corpus, config):
    (corpus / "stats.csv").write_text("section,n_votes\nA,3\nB,4\n", encoding="utf-8")
    docs = assert_good_intact(corpus, config)
    assert docs["stats.csv"].status == "error"
    assert "« section »" in docs["stats.csv"].error and "« n_votes »" in docs["stats.csv"].error
    assert docs["stats.csv"].error_code == "no_text_column"


def test_configured_columns_are_used(corpus):
    (corpus / "libre.csv").write_text(
        "ref,resume,propos\nA1,Court,Développer le très haut débit.\n", encoding="utf-8"
    )
    config = IngestConfig(id_column="ref", title_column="resume", text_column="propos")
    rows = _rows(ingest_corpus(corpus, config), "libre.csv")
    assert rows[0].source_id == "A1" and rows[0].title == "Court"
    assert "très haut débit" in rows[0].text


def test_jsonl_bad_line_reported_and_json_array_read(corpus, config):
    (corpus / "opinions.jsonl").write_text(
        json.dumps({"opinion_id": 61, "title": "Article 1", "body": "Open data par défaut."}) + "\n"
        "{pas du json\n"
        + json.dumps({"opinion_id": 62, "title": "Article 2", "body": "Libre réutilisation."})
        + "\n",
        encoding="utf-8",
    )
    (corpus / "items.json").write_text(
        json.dumps([{"id": "x", "texte": "Simplifier les démarches en ligne."}]), encoding="utf-8"
    )
    docs = ingest_corpus(corpus, config)
    rows = _rows(docs, "opinions.jsonl")
    assert [(r.source_id, r.status) for r in rows] == [
        ("61", "ok"),
        ("line2", "error"),
        ("62", "ok"),
    ]
    assert "Ligne 2" in rows[1].error and rows[1].error_code == "jsonl_invalid_line"
    assert "Simplifier les démarches" in _rows(docs, "items.json")[0].text


def test_xlsx_rows_become_documents(corpus, config):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["id", "titre", "texte", "votes"])
    sheet.append([1, "Revenu universel", "Verser le revenu universel dès 18 ans.", 12])
    buffer = io.BytesIO()
    workbook.save(buffer)
    (corpus / "rua.xlsx").write_bytes(buffer.getvalue())
    rows = _rows(ingest_corpus(corpus, config), "rua.xlsx")
    assert len(rows) == 1 and rows[0].status == "ok"
    assert rows[0].metadata["votes"] == 12
    assert "revenu universel dès 18 ans" in rows[0].text


def test_corrupt_xlsx_is_an_error(corpus, config):
    (corpus / "casse.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    docs = assert_good_intact(corpus, config)
    assert docs["casse.xlsx"].status == "error"


def test_row_id_is_the_rows_own_id_not_the_one_it_refers_to(corpus, config):
    (corpus / "arguments.jsonl").write_text(
        "\n".join(
            json.dumps({"argument_id": a, "opinion_id": 61, "stance": "pour", "body": text})
            for a, text in [
                (6130, "Une bonne démarche pour les citoyens."),
                (6109, "Article utile."),
            ]
        ),
        encoding="utf-8",
    )
    rows = _rows(ingest_corpus(corpus, config), "arguments.jsonl")
    assert [r.source_id for r in rows] == ["6130", "6109"]
    assert rows[0].metadata["opinion_id"] == 61


def test_rows_the_platform_withdrew_are_skipped_with_the_reason(corpus, config):
    (corpus / "propositions.csv").write_text(
        "proposal_id,title,text,published,trashed\n"
        "1,Vote blanc,Reconnaître le vote blanc.,1,\n"
        "2,Brouillon,Un texte jamais publié.,,\n"
        "3,Hors sujet,Un texte mis à la corbeille.,1,INVISIBLE\n",
        encoding="utf-8",
    )
    (corpus / "avis.jsonl").write_text(
        '{"id": 1, "body": "Ouvrir les données publiques.", "is_trashed": false}\n'
        '{"id": 2, "body": "Texte retiré par son auteur.", "state": "withdrawn"}\n',
        encoding="utf-8",
    )
    docs = {(d.path, d.source_id): d for d in ingest_corpus(corpus, config)}
    assert docs["propositions.csv", "1"].status == "ok"
    assert docs["propositions.csv", "2"].status == "skipped"
    assert docs["propositions.csv", "2"].error_code == "row_unpublished"
    assert (
        "dépubliée sur la plateforme (colonne published vide)"
        in docs["propositions.csv", "2"].error
    )
    assert docs["propositions.csv", "3"].status == "skipped"
    assert docs["propositions.csv", "3"].error_code == "row_trashed"
    assert (
        "corbeille sur la plateforme (colonne trashed = « INVISIBLE »)"
        in docs["propositions.csv", "3"].error
    )
    assert docs["avis.jsonl", "1"].status == "ok"
    assert docs["avis.jsonl", "2"].error_code == "row_moderated"
    assert "modérée sur la plateforme" in docs["avis.jsonl", "2"].error
    kept = {(d.path, d.source_id): d for d in ingest_corpus(corpus, IngestConfig(skip_rows=[]))}
    assert {d.status for d in kept.values() if d.source_id} == {"ok"}
