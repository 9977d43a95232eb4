"""Run folders across runs: carry-over, collected parts, reuse, what the previous run left."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd

from textmine.outputs import write_table
from textmine.runs import (
    ANALYSIS_DIR,
    CACHE_KEYS_FILE,
    carry_over_rows,
    collect_parts,
    link_or_copy,
    previous_document_ids,
    previous_manifest,
    reuse_previous_run,
    review_fingerprint,
    work_dir,
    write_rows_part,
)

TABLES = ("sentences", "doc_lemmas")


def _documents(run: Path, doc_ids: list[str]) -> None:
    frame = pd.DataFrame({"doc_id": doc_ids, "path": "a.txt", "format": "txt", "status": "ok"})
    write_table("documents", frame, run)


def _sentence(doc_id: str, n: int) -> dict:
    return {"doc_id": doc_id, "sent_id": n, "start_char": 0, "end_char": 9, "text": "Phrase."}


def test_parts_are_collected_in_corpus_order_whatever_batch_they_came_from(tmp_path: Path):
    run = tmp_path / "run"
    _documents(run, ["d1", "d2", "d3"])
    write_rows_part(run, "00001", {"sentences": [_sentence("d3", 0)]}, TABLES)
    write_rows_part(run, "00000", {"sentences": [_sentence("d2", 0), _sentence("d1", 0)]}, TABLES)
    write_rows_part(run, "carried", {"doc_lemmas": [{"doc_id": "d2", "lemmas": "commune"}]}, TABLES)
    collect_parts(run, TABLES)
    sentences = pd.read_parquet(run / ANALYSIS_DIR / "sentences.parquet")
    assert sentences["doc_id"].tolist() == ["d1", "d2", "d3"]
    lemmas = pd.read_parquet(run / ANALYSIS_DIR / "doc_lemmas.parquet")
    assert lemmas.to_dict("records") == [{"doc_id": "d2", "lemmas": "commune"}]


def test_a_table_no_document_has_rows_in_is_written_empty(tmp_path: Path):
    run = tmp_path / "run"
    _documents(run, ["d1"])
    write_rows_part(run, "00000", {}, TABLES)
    collect_parts(run, TABLES)
    assert pd.read_parquet(run / ANALYSIS_DIR / "doc_lemmas.parquet").empty
    assert "sent_id" in pd.read_parquet(run / ANALYSIS_DIR / "sentences.parquet").columns


def test_carry_over_takes_only_the_named_documents_rows(tmp_path: Path):
    previous, run = tmp_path / "previous", tmp_path / "run"
    (previous / ANALYSIS_DIR).mkdir(parents=True)
    for table in TABLES:
        rows = pd.DataFrame({"doc_id": ["d1", "d2", "d2"], "value": [1, 2, 3]})
        rows.to_parquet(previous / ANALYSIS_DIR / f"{table}.parquet", index=False)
    carry_over_rows(previous, run, ["d2"], TABLES)
    carried = pd.read_parquet(work_dir(run) / "parts" / "carried" / "sentences.parquet")
    assert carried.to_dict("records") == [
        {"doc_id": "d2", "value": 2},
        {"doc_id": "d2", "value": 3},
    ]


def test_reuse_links_the_data_copies_the_sheets_and_keeps_its_own_documents(tmp_path: Path):
    previous, run = tmp_path / "previous", tmp_path / "run"
    (previous / "review").mkdir(parents=True)
    run.mkdir()
    (previous / "clusters.parquet").write_bytes(b"clusters")
    (previous / "documents.parquet").write_bytes(b"old documents")
    (previous / "manifest.json").write_text("{}")
    (previous / "review" / "proposals_review.csv").write_text("sheet")
    (run / "documents.parquet").write_bytes(b"new documents")
    reuse_previous_run(previous, run)
    assert os.path.samefile(previous / "clusters.parquet", run / "clusters.parquet")
    sheet = run / "review" / "proposals_review.csv"
    assert sheet.read_text() == "sheet"
    assert not os.path.samefile(previous / "review" / "proposals_review.csv", sheet)
    assert (run / "documents.parquet").read_bytes() == b"new documents"
    assert not (run / "manifest.json").exists()


def test_link_or_copy_replaces_the_target(tmp_path: Path):
    source, target = tmp_path / "a.parquet", tmp_path / "b.parquet"
    source.write_bytes(b"new")
    target.write_bytes(b"old")
    link_or_copy(source, target)
    assert target.read_bytes() == b"new"


def test_what_the_previous_run_left_is_read_or_empty(tmp_path: Path):
    assert previous_manifest(None) == {} and previous_document_ids(None) == set()
    run = tmp_path / "run"
    run.mkdir()
    assert previous_manifest(run) == {} and previous_document_ids(run) == set()
    (run / "manifest.json").write_text(json.dumps({"corpus_key": "k"}))
    pd.DataFrame({"doc_id": ["d1", "d2"]}).to_parquet(run / CACHE_KEYS_FILE)
    assert previous_manifest(run) == {"corpus_key": "k"}
    assert previous_document_ids(run) == {"d1", "d2"}
    (run / "manifest.json").write_text("{not json")
    assert previous_manifest(run) == {}


def test_review_fingerprint_changes_when_a_sheet_is_saved(tmp_path: Path):
    assert review_fingerprint(tmp_path / "absent") == []
    sheet = tmp_path / "proposals_review.csv"
    sheet.write_text("a")
    before = review_fingerprint(tmp_path)
    sheet.write_text("ab")
    assert review_fingerprint(tmp_path) != before


def test_unreadable_tables_names_the_truncated_parquet_files(tmp_path: Path):
    from textmine.runs import ANALYSIS_DIR, unreadable_tables

    run = tmp_path / "run"
    (run / ANALYSIS_DIR).mkdir(parents=True)
    frame = pd.DataFrame({"doc_id": ["d1", "d2"]})
    frame.to_parquet(run / "proposals.parquet")
    frame.to_parquet(run / ANALYSIS_DIR / "entities.parquet")
    assert unreadable_tables(run) == [] and unreadable_tables(None) == []
    for path in (run / "proposals.parquet", run / ANALYSIS_DIR / "entities.parquet"):
        path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    (run / "clusters.parquet").write_bytes(b"")
    assert unreadable_tables(run) == [
        "clusters.parquet",
        "proposals.parquet",
        f"{ANALYSIS_DIR}/entities.parquet",
    ]


def _committed_run(runs: Path, name: str) -> Path:
    run = runs / name
    (run / ANALYSIS_DIR).mkdir(parents=True)
    (run / "manifest.json").write_text("{}")
    pd.DataFrame({"doc_id": ["d1"]}).to_parquet(run / "proposals.parquet")
    return run


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def test_a_damaged_latest_run_falls_back_to_the_newest_older_readable_run(tmp_path: Path):
    from textmine.runs import readable_previous_run

    runs = tmp_path / "runs"
    oldest = _committed_run(runs, "20261201T060000-0001")
    older = _committed_run(runs, "20261202T060000-0002")
    latest = _committed_run(runs, "20261203T060000-0003")
    (runs / "20261204T060000-0004.partial").mkdir()  # an unfinished run is never built on
    assert readable_previous_run(None).run is None
    assert readable_previous_run(latest).run == latest
    assert readable_previous_run(latest).skipped == ()

    _truncate(latest / "proposals.parquet")
    _truncate(older / "proposals.parquet")
    chosen = readable_previous_run(latest)
    assert chosen.run == oldest
    assert chosen.as_dict() == {
        "used": oldest.name,
        "skipped": [
            {"run": latest.name, "unreadable": ["proposals.parquet"]},
            {"run": older.name, "unreadable": ["proposals.parquet"]},
        ],
    }


def test_with_no_readable_older_run_the_damaged_latest_stays_the_previous_run(tmp_path: Path):
    from textmine.runs import readable_previous_run

    runs = tmp_path / "runs"
    older = _committed_run(runs, "20261202T060000-0002")
    latest = _committed_run(runs, "20261203T060000-0003")
    _truncate(older / "proposals.parquet")
    _truncate(latest / "proposals.parquet")
    chosen = readable_previous_run(latest)
    assert chosen.run == latest and chosen.skipped == ()
