import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from textmine.outputs import (
    OutputsLock,
    OutputsLockedError,
    commit_run,
    latest_run_dir,
    partial_run_dir,
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
        with pytest.raises(OutputsLockedError, match="in use by another textmine run"):
            OutputsLock(tmp_path).__enter__()
    finally:
        holder.kill()
        holder.wait()
    with OutputsLock(tmp_path):
        assert (tmp_path / ".lock").read_text().startswith(f"pid {os.getpid()}")
