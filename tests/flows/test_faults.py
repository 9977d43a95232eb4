"""One case of each fault on ``corpus/`` (the full set is ``bench/fault_injection.py``).

After each fault, the next plain run exits 0, its tables equal those of a clean run from the same
state, and no process of the faulty run is left. Subprocess runs report to the session's Prefect
test server (``PREFECT_API_URL``): no temporary server to start, and the test reads their flow
runs back.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from textmine.cli import app

pytestmark = pytest.mark.slow

# Columns that name a run or a moment, not a result (as bench/compare_runs.py).
VOLATILE = {"run_id", "first_run", "last_run", "decided_run", "created_at_run", "last_fit_run"}


def tables(out: Path) -> dict[str, pd.DataFrame]:
    run = (out / "latest").resolve()
    return {
        p.relative_to(run).as_posix(): pd.read_parquet(p)
        .drop(columns=lambda c: c in VOLATILE, errors="ignore")
        .reset_index(drop=True)
        for p in sorted(run.rglob("*.parquet"))
        if "_work" not in p.parts
    }


def assert_same_tables(out: Path, clean: Path) -> None:
    got, expected = tables(out), tables(clean)
    assert sorted(got) == sorted(expected)
    for name, frame in expected.items():
        got_frame = got[name][[c for c in frame.columns if c in got[name].columns]]
        pd.testing.assert_frame_equal(got_frame, frame, check_exact=True, obj=name)


def processes_of(out: Path) -> list[int]:
    """Processes whose command line names the outputs folder (a run and its forked children)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            state = (entry / "stat").read_text().rsplit(")", 1)[-1].split()[0]
        except OSError:
            continue
        if str(out).encode() in cmdline and state != "Z":
            found.append(int(entry.name))
    return found


def assert_no_process_left(out: Path, wait: float = 10.0) -> None:
    deadline = time.monotonic() + wait
    while processes_of(out) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_of(out) == [], f"processes of the run left: {processes_of(out)}"


def _env() -> dict[str, str]:
    from prefect.settings import PREFECT_API_URL

    return dict(os.environ, PREFECT_API_URL=str(PREFECT_API_URL.value()))


def start_run(corpus: Path, out: Path) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "textmine.cli", "run", str(corpus), "--out", str(out)]
    return subprocess.Popen(
        command, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def run(corpus: Path, out: Path) -> subprocess.CompletedProcess[str]:
    process = start_run(corpus, out)
    stdout, stderr = process.communicate(timeout=300)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """A corpus copy and the outputs of one clean run on it (the state every fault starts from)."""
    root = tmp_path_factory.mktemp("faults")
    corpus = root / "corpus"
    shutil.copytree(Path(__file__).resolve().parents[2] / "corpus", corpus)
    out = root / "clean"
    done = run(corpus, out)
    assert done.returncode == 0, done.stderr
    yield corpus, out
    shutil.rmtree(root, ignore_errors=True)


def _copy(out: Path, target: Path) -> Path:
    shutil.copytree(out, target, symlinks=True)
    return target


def test_kill_9_mid_parse_is_crashed_in_prefect_and_the_next_run_recovers(clean, tmp_path):
    corpus, clean_out = clean
    out = tmp_path / "outputs"
    process = start_run(corpus, out)
    docs = out / ".cache" / "docs"
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and sum(1 for _ in docs.rglob("*.spacy")) < 3:
        assert process.poll() is None, "the run finished before it could be killed"
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)  # the run's process only: its children must follow
    process.communicate(timeout=30)
    assert_no_process_left(out)

    again = run(corpus, out)
    assert again.returncode == 0, again.stderr
    assert_same_tables(out, clean_out)
    assert [p for p in (out / "runs").iterdir() if not p.name.endswith(".partial")]

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterTags

    from flows.crashed import PID_TAG

    with get_client(sync_client=True) as client:
        runs = client.read_flow_runs(
            flow_run_filter=FlowRunFilter(tags=FlowRunFilterTags(all_=[f"{PID_TAG}{process.pid}"]))
        )
    assert [r.state.type.value for r in runs] == ["CRASHED"]
    assert f"pid {process.pid}" in runs[0].state.message


def _not_reusable(out: Path) -> Path:
    """The previous run's manifest says another corpus: the next run recomputes (no reuse)."""
    manifest = (out / "latest" / "manifest.json").resolve()
    data = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.unlink()  # never write through a hard link into the state copied from
    manifest.write_text(json.dumps(data | {"corpus_key": "another"}), encoding="utf-8")
    return out


def test_truncated_cache_entries_and_previous_tables_are_misses(clean, tmp_path):
    corpus, clean_out = clean
    # The clean reference: a run from the same state that recomputes the corpus stages too
    # (a damaged previous run is never reused as it is).
    reference = _not_reusable(_copy(clean_out, tmp_path / "reference"))
    result = CliRunner().invoke(app, ["run", str(corpus), "--out", str(reference)])
    assert result.exit_code == 0, result.output
    out = _not_reusable(_copy(clean_out, tmp_path / "outputs"))
    cache = out / ".cache"
    damaged = [
        next(cache.glob("docs/*/*.spacy")),  # a parse
        next(cache.glob("stages/proposals/*/*.pkl")),  # a stage's rows
        next(cache.glob("stages/ingest/*/*.pkl")),  # a file read
        (out / "latest" / "analysis" / "entities.parquet").resolve(),  # the previous run's rows
    ]
    for path in damaged:
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    result = CliRunner().invoke(app, ["run", str(corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert_same_tables(out, reference)


def test_after_unreadable_latest_tables_the_next_run_builds_on_an_older_run(clean, tmp_path):
    """The latest run's ``proposals.parquet`` and ``clusters.parquet`` are truncated: the next run
    builds on the older intact run and keeps its cluster ids and labels, and says so."""
    corpus, clean_out = clean
    out = _copy(clean_out, tmp_path / "outputs")
    older = (out / "latest").resolve()
    time.sleep(1.1)  # run ids are to the second: the rerun's must sort after the first's
    result = CliRunner().invoke(app, ["run", str(corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    damaged = (out / "latest").resolve()
    assert damaged != older
    for table in ("proposals.parquet", "clusters.parquet"):
        path = damaged / table
        data = path.read_bytes()
        path.unlink()  # an unchanged rerun hard-links the older run's tables: break the link
        path.write_bytes(data[: len(data) // 2])

    done = run(corpus, out)
    assert done.returncode == 0, done.stderr
    said = " ".join(done.stderr.split())  # the console wraps long lines
    assert f"Tables illisibles du passage {damaged.name}" in said
    assert f"sur le passage plus ancien {older.name}" in said
    assert (out / "latest").resolve() not in (older, damaged)
    assert_same_tables(out, clean_out)  # cluster ids and labels included
    ids = ["proposal_id", "cluster_id"]
    got = pd.read_parquet(out / "latest" / "proposals.parquet")[ids]
    pd.testing.assert_frame_equal(got, pd.read_parquet(older / "proposals.parquet")[ids])


def test_two_runs_racing_on_one_folder(clean, tmp_path):
    corpus, clean_out = clean
    out = _copy(clean_out, tmp_path / "outputs")
    first, second = start_run(corpus, out), start_run(corpus, out)
    results = [(*p.communicate(timeout=300), p.returncode) for p in (first, second)]
    codes = sorted(code for _, _, code in results)
    assert codes in ([0, 0], [0, 2]), results
    for _stdout, stderr, code in results:
        if code == 2:  # refused in one line, no traceback
            assert (
                stderr.strip().count("\n") == 0
                and "utilisé par un autre passage textmine" in stderr
            )
    assert not [p for p in (out / "runs").iterdir() if p.name.endswith(".partial")]
    assert_no_process_left(out)
    assert_same_tables(out, clean_out)


def test_a_review_sheet_saved_in_windows_1252_with_an_extra_column_and_a_blank_line(
    clean, tmp_path
):
    corpus, clean_out = clean
    corpus = shutil.copytree(corpus, tmp_path / "corpus")
    out = _copy(clean_out, tmp_path / "outputs")
    with (clean_out / "latest" / "review" / "proposals_review.csv").open(
        encoding="utf-8-sig", newline=""
    ) as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    header, first, second = rows[0], rows[1], rows[2]
    first[header.index("decision")] = "rejeter"
    first[header.index("note")] = "Trop général — à préciser (élu référent)"
    (corpus / "review").mkdir()
    with (corpus / "review" / "proposals_review.csv").open(
        "w", encoding="cp1252", errors="replace", newline=""
    ) as handle:  # as a French Excel saves "CSV (séparateur : point-virgule)"
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow([*header, "Commentaire interne"])
        writer.writerow([*first, "vu en réunion"])
        writer.writerow([])
        writer.writerow([*second, ""])
    result = CliRunner().invoke(app, ["run", str(corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    run = (out / "latest").resolve()
    proposals = pd.read_parquet(run / "proposals.parquet").set_index("proposal_id")
    assert proposals.loc[first[0], "review_status"] == "rejected"
    log = pd.read_parquet(run / "review_log.parquet")
    assert log["status"].tolist() == ["applied"], log.to_dict("records")
    assert "référent" in log["value"].iloc[0] or "rejected" in str(log["value"].iloc[0])
