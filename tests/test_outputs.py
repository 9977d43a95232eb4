import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from textmine.outputs import (
    OutputsLock,
    OutputsLockedError,
    combine_parts,
    commit_run,
    latest_run_dir,
    partial_run_dir,
    publish_table,
    read_table,
    write_csv_copy,
    write_table,
)


def test_latest_points_only_to_completed_runs(tmp_path: Path):
    first = partial_run_dir(tmp_path, "20260101T000000-0001")
    assert latest_run_dir(tmp_path) is None
    final = commit_run(tmp_path, first)
    assert latest_run_dir(tmp_path) == final.resolve()
    second = partial_run_dir(tmp_path, "20260102T000000-0001")  # a run killed midway
    (second / "proposals.parquet").write_bytes(b"half-written")
    assert latest_run_dir(tmp_path) == final.resolve()
    assert not (tmp_path / "latest").resolve().name.endswith(".partial")


def test_keep_runs_removes_older_runs(tmp_path: Path):
    for day in range(1, 4):
        commit_run(tmp_path, partial_run_dir(tmp_path, f"2026010{day}T000000-0001"), keep_runs=2)
    names = sorted(p.name for p in (tmp_path / "runs").iterdir())
    assert names == ["20260102T000000-0001", "20260103T000000-0001"]


def test_tables_are_written_with_their_schema_and_csv_copy(tmp_path: Path):
    frame = pd.DataFrame(
        {
            "cluster_id": [0],
            "label": ["médiation numérique"],
            "top_terms": [["médiation", "aidant"]],
            "size": [3],
        }
    )
    write_table("clusters", frame, tmp_path, csv=True)
    back = read_table("clusters", tmp_path)
    assert list(back.columns)[:4] == ["cluster_id", "label", "top_terms", "size"]
    assert list(back.loc[0, "top_terms"]) == ["médiation", "aidant"]
    csv_text = (tmp_path / "csv" / "clusters.csv").read_text(encoding="utf-8-sig")
    assert "médiation | aidant" in csv_text


def test_csv_copy_from_the_parquet_file_is_the_same_as_written_with_it(tmp_path: Path):
    frame = pd.DataFrame(
        {
            "cluster_id": [0, -1],
            "label": ["Guichet", "Non classées"],
            "top_terms": [["guichet", "unique"], []],
            "size": [4, 2],
        }
    )
    write_table("clusters", frame, tmp_path, csv=True)
    written = (tmp_path / "csv" / "clusters.csv").read_bytes()
    (tmp_path / "csv" / "clusters.csv").unlink()
    write_csv_copy("clusters", tmp_path)
    assert (tmp_path / "csv" / "clusters.csv").read_bytes() == written
    write_csv_copy("themes", tmp_path)  # a table no stage wrote: empty, in both forms
    assert read_table("themes", tmp_path).empty
    header = (tmp_path / "csv" / "themes.csv").read_text(encoding="utf-8-sig").strip()
    assert header.split(",")[0] == "theme_id"


def _sentence(doc_id: str, sent_id: int, text: str) -> dict:
    return {
        "doc_id": doc_id,
        "sent_id": sent_id,
        "start_char": 0,
        "end_char": len(text),
        "page": None,
        "section": "Propositions",
        "text": text,
        "lemmas": text.lower(),
    }


def test_parts_are_combined_in_corpus_order_keeping_each_documents_row_order(tmp_path: Path):
    batches = [
        [_sentence("cr-2", 0, "Créer un guichet unique."), _sentence("cr-2", 1, "Le financer.")],
        [_sentence("inconnu", 0, "Hors corpus."), _sentence("cr-1", 0, "Former les agents.")],
        [],  # a batch whose documents had no sentence
    ]
    parts = []
    for i, rows in enumerate(batches):
        write_table("sentences", pd.DataFrame(rows), tmp_path / f"part{i}")
        parts.append(tmp_path / f"part{i}" / "sentences.parquet")
    assert combine_parts(parts, ["cr-1", "cr-2"], tmp_path / "all.parquet")
    back = pd.read_parquet(tmp_path / "all.parquet")
    assert list(zip(back["doc_id"], back["sent_id"], strict=True)) == [
        ("cr-1", 0),
        ("cr-2", 0),
        ("cr-2", 1),
        ("inconnu", 0),
    ]
    assert back["page"].isna().all() and back.loc[0, "text"] == "Former les agents."


def test_parts_already_in_corpus_order_are_copied_one_after_the_other(tmp_path: Path):
    batches = [
        [_sentence("cr-1", 0, "Former les agents."), _sentence("cr-2", 0, "Créer un guichet.")],
        [],
        [_sentence("cr-2", 1, "Le financer."), _sentence("cr-3", 0, "Ouvrir les données.")],
        [_sentence("inconnu", 0, "Hors corpus.")],
    ]
    parts = []
    for i, rows in enumerate(batches):
        write_table("sentences", pd.DataFrame(rows), tmp_path / f"part{i}")
        parts.append(tmp_path / f"part{i}" / "sentences.parquet")
    target = tmp_path / "all.parquet"
    assert combine_parts(parts, ["cr-1", "cr-2", "cr-3"], target)
    back = pd.read_parquet(target)
    expected = pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)
    pd.testing.assert_frame_equal(back, expected)
    assert pq.ParquetFile(target).metadata.num_row_groups == 3  # one per part: streamed
    assert pq.read_schema(target).equals(pq.read_schema(parts[0]), check_metadata=False)


def test_parts_with_different_column_types_are_left_to_the_caller(tmp_path: Path):
    pd.DataFrame({"doc_id": ["a"], "score": [1]}).to_parquet(tmp_path / "1.parquet")
    pd.DataFrame({"doc_id": ["b"], "score": [None]}).to_parquet(tmp_path / "2.parquet")
    target = tmp_path / "all.parquet"
    assert not combine_parts([tmp_path / "1.parquet", tmp_path / "2.parquet"], ["a"], target)
    assert not target.exists()
    assert not combine_parts([], ["a"], target)  # nothing at all: the caller writes it empty


def test_a_published_table_is_copied_when_it_conforms_and_conformed_otherwise(tmp_path: Path):
    rows = [_sentence("cr-1", 0, "Mutualiser les achats publics.")]
    write_table("sentences", pd.DataFrame(rows), tmp_path / "analysis")
    source = tmp_path / "analysis" / "sentences.parquet"
    publish_table("sentences", source, tmp_path / "run")
    assert (tmp_path / "run" / "sentences.parquet").read_bytes() == source.read_bytes()

    pd.DataFrame(rows).to_parquet(source, index=False)  # pandas' own types: page is all null
    publish_table("sentences", source, tmp_path / "run")
    back = read_table("sentences", tmp_path / "run")
    assert back.loc[0, "text"] == "Mutualiser les achats publics."
    assert str(pq.read_schema(tmp_path / "run" / "sentences.parquet").field("page").type) == "int64"


def test_a_second_run_on_the_same_outputs_is_refused_clearly(tmp_path: Path):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from textmine.outputs import OutputsLock;"
            "lock = OutputsLock(Path(sys.argv[1])).__enter__(); print('locked', flush=True);"
            "time.sleep(30)",
            str(tmp_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(OutputsLockedError, match="utilisé par un autre passage textmine"):
            OutputsLock(tmp_path).__enter__()
    finally:
        holder.kill()
        holder.wait()
    with OutputsLock(tmp_path):
        assert (tmp_path / ".lock").read_text().startswith(f"pid {os.getpid()}")


def test_a_batch_reads_only_the_rows_of_its_documents(tmp_path: Path):
    rows = [
        _sentence("cr-1", 0, "Créer un guichet unique."),
        _sentence("cr-2", 0, "Former les agents."),
        _sentence("cr-1", 1, "Le financer."),
    ]
    write_table("sentences", pd.DataFrame(rows), tmp_path)
    batch = read_table("sentences", tmp_path, ["cr-1"])
    assert list(zip(batch["doc_id"], batch["sent_id"], strict=True)) == [("cr-1", 0), ("cr-1", 1)]
    nothing = read_table("sentences", tmp_path, [])
    assert nothing.empty and list(nothing.columns) == list(batch.columns)
    assert read_table("themes", tmp_path, ["cr-1"]).empty  # a table no stage wrote
