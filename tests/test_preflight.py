"""`textmine run` checks the corpus, the outputs lock and the free space before Prefect starts."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import mounted_tmpfs
from textmine import diskspace
from textmine.cli import EXIT_CANNOT_START, app
from textmine.outputs import OutputsLock, outputs_in_use
from textmine.preflight import PreflightError, check_corpus, check_free_space, preflight

runner = CliRunner()


@pytest.fixture()
def no_prefect(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the command gets as far as starting Prefect or building the flow."""
    import flows.local_server
    import flows.pipeline

    def started(*_: object, **__: object) -> None:
        raise AssertionError("Prefect was started before the check answered")

    monkeypatch.setattr(flows.local_server, "start_local_server", started)
    monkeypatch.setattr(flows.pipeline, "build_flow", started)


@pytest.fixture()
def held_outputs(tmp_path: Path) -> Iterator[Path]:
    """An outputs folder whose lock another process holds, as a run in progress does."""
    out = tmp_path / "outputs"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from textmine.outputs import OutputsLock;"
            "lock = OutputsLock(Path(sys.argv[1])).__enter__(); print('locked', flush=True);"
            "time.sleep(60)",
            str(out),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield out
    finally:
        holder.kill()
        holder.wait()


def _one_line(output: str) -> str:
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    assert "Traceback" not in output
    return lines[0]


def test_probe_tells_a_held_folder_and_takes_nothing(held_outputs: Path, tmp_path: Path) -> None:
    message = outputs_in_use(held_outputs)
    assert message is not None and "utilisé par un autre passage textmine (pid " in message
    assert outputs_in_use(tmp_path / "never-used") is None
    assert not (tmp_path / "never-used").exists()  # the probe creates nothing
    free = tmp_path / "free"
    with OutputsLock(free):
        pass
    assert outputs_in_use(free) is None
    with OutputsLock(free):  # and the probe did not keep it
        pass


def test_a_run_on_a_busy_folder_answers_before_prefect_starts(
    held_outputs: Path, tmp_path: Path, no_prefect: None
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Créer un guichet unique.", encoding="utf-8")
    result = runner.invoke(app, ["run", str(corpus), "--out", str(held_outputs)])
    assert result.exit_code == EXIT_CANNOT_START
    line = _one_line(result.output)
    assert line.startswith("textmine: ") and "est utilisé par un autre passage textmine" in line


def test_a_missing_corpus_answers_before_prefect_starts(tmp_path: Path, no_prefect: None) -> None:
    result = runner.invoke(app, ["run", str(tmp_path / "absent"), "--out", str(tmp_path / "o")])
    assert result.exit_code == EXIT_CANNOT_START
    assert _one_line(result.output) == f"textmine: corpus introuvable : {tmp_path / 'absent'}"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file: no unreadable corpus here")
def test_an_unreadable_corpus_answers_before_prefect_starts(
    tmp_path: Path, no_prefect: None
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    corpus.chmod(0)
    try:
        result = runner.invoke(app, ["run", str(corpus), "--out", str(tmp_path / "o")])
    finally:
        corpus.chmod(0o755)
    assert result.exit_code == EXIT_CANNOT_START
    assert "corpus illisible" in _one_line(result.output)


def test_corpus_size_counts_its_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_bytes(b"x" * 100)
    (tmp_path / "sub" / "b.txt").write_bytes(b"y" * 50)
    assert check_corpus(tmp_path) == 150
    assert check_corpus(tmp_path / "a.txt") == 100
    with pytest.raises(PreflightError, match="corpus introuvable"):
        check_corpus(tmp_path / "absent")


def test_the_minimum_free_space_is_a_floor_plus_the_corpus_size() -> None:
    assert diskspace.required_free_bytes(0) == diskspace.MIN_FREE_BYTES
    assert diskspace.required_free_bytes(10 * diskspace.MiB) == diskspace.MIN_FREE_BYTES + int(
        10 * diskspace.MiB * diskspace.FREE_BYTES_PER_CORPUS_BYTE
    )


def test_too_little_free_space_answers_before_prefect_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_prefect: None
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Créer un guichet unique.", encoding="utf-8")
    monkeypatch.setattr("textmine.preflight.free_bytes", lambda _: 1024 * 1024)
    result = runner.invoke(app, ["run", str(corpus), "--out", str(tmp_path / "never-made")])
    assert result.exit_code == EXIT_CANNOT_START
    line = _one_line(result.output)
    assert "pas assez de place pour les résultats" in line and "1.0 MiB libres" in line
    assert not (tmp_path / "never-made").exists()


@pytest.fixture()
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 3 MiB file system (tmpfs): needs root (CI runs as root)."""
    with mounted_tmpfs(tmp_path / "disk", "3m") as mount_point:
        yield mount_point


def test_free_space_is_read_from_the_outputs_file_system(small_disk: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.txt"
    corpus.write_bytes(b"x" * 1000)
    with pytest.raises(PreflightError, match=r"3\.0 MiB libres, un passage sur ce corpus"):
        preflight(corpus, small_disk / "outputs" / "not-yet")
    assert check_free_space(tmp_path, 1000) > diskspace.MIN_FREE_BYTES  # a roomier disk passes


def _consultation(tmp_path: Path) -> Path:
    corpus = tmp_path / "consultation"
    corpus.mkdir()
    (corpus / "propositions.csv").write_text(
        "proposal_id,title,text\n1,Vote blanc,Reconnaître le vote blanc.\n", encoding="utf-8"
    )
    (corpus / "arguments.jsonl").write_text(
        '{"argument_id": 7, "proposal_id": 1, "stance": "pour", "body": "Enfin écouté."}\n',
        encoding="utf-8",
    )
    return corpus


def test_a_missing_text_column_answers_before_prefect_starts_with_the_columns(
    tmp_path: Path, no_prefect: None
) -> None:
    corpus = _consultation(tmp_path)
    result = runner.invoke(
        app,
        [
            "run",
            str(corpus),
            "--out",
            str(tmp_path / "o"),
            "--set",
            "ingest.text_column=contribution",
        ],
    )
    assert result.exit_code == EXIT_CANNOT_START
    line = _one_line(result.output)
    assert "ingest.text_column « contribution » n'est pas une colonne de" in line
    assert "arguments.jsonl (ses colonnes : argument_id, proposal_id, stance, body)" in line
    assert not (tmp_path / "o").exists()


def test_configured_columns_present_in_every_table_pass(tmp_path: Path) -> None:
    from textmine.config import IngestConfig
    from textmine.preflight import check_table_columns

    corpus = _consultation(tmp_path)
    check_table_columns(corpus, IngestConfig(id_column="proposal_id"))  # in both tables
    check_table_columns(corpus, IngestConfig(title_column="title"))  # arguments have none
    with pytest.raises(PreflightError, match=r"ingest.title_column « titre » .*arguments.jsonl"):
        check_table_columns(corpus, IngestConfig(title_column="titre"))


def test_consultation_columns_and_variables_must_exist_in_one_table(tmp_path: Path) -> None:
    from textmine.config import IngestConfig
    from textmine.preflight import check_table_columns

    corpus = _consultation(tmp_path)
    check_table_columns(
        corpus, IngestConfig(consultation={"stance": "stance"}, variables=["title"])
    )
    with pytest.raises(PreflightError, match=r"ingest.consultation.section « rubrique »"):
        check_table_columns(corpus, IngestConfig(consultation={"section": "rubrique"}))
    with pytest.raises(PreflightError, match=r"ingest.variables\[0\] « chapitre »"):
        check_table_columns(corpus, IngestConfig(variables=["chapitre"]))
