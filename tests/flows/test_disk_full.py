"""A run that fills the disk removes its unfinished folder, says so in one line and exits 4;
``latest`` and the cache stay valid, and the next run (with space) resumes from the cache.

For real: the outputs go to a small tmpfs (mounting one needs root; CI runs as root).
"""

from __future__ import annotations

import csv
import json
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.tokens import DocBin

from tests.conftest import mounted_tmpfs
from textmine.cli import EXIT_DISK_FULL
from textmine.diskspace import MiB, free_bytes, required_free_bytes
from textmine.preflight import check_corpus

pytestmark = pytest.mark.slow


@pytest.fixture()
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 24 MiB file system (tmpfs): needs root (CI runs as root)."""
    with mounted_tmpfs(tmp_path / "disk", "24m") as mount_point:
        yield mount_point


def _run(corpus: Path, out: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    from prefect.settings import PREFECT_API_URL

    # The session's test server: no temporary server to start per run (seconds each).
    env = dict(os.environ, PREFECT_HOME=str(tmp_path / ".prefect"))  # not on the small disk
    env["PREFECT_API_URL"] = str(PREFECT_API_URL.value())
    return subprocess.run(
        [sys.executable, "-m", "textmine.cli", "run", str(corpus), "--out", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _check_cache(cache: Path) -> int:
    """Every cache entry is complete (readable) and no temporary file is left; returns the count."""
    entries = 0
    for path in cache.rglob("*"):
        if not path.is_file():
            continue
        assert not path.name.endswith(".tmp"), f"temporary file left in the cache: {path}"
        if path.suffix == ".spacy":
            DocBin().from_bytes(path.read_bytes())
        elif path.suffix == ".pkl":
            with path.open("rb") as handle:
                pickle.load(handle)
        entries += 1
    return entries


def test_a_run_that_fills_the_disk_cleans_up_and_says_so(
    corpus_copy: Path, tmp_path: Path, small_disk: Path
) -> None:
    out = small_disk / "outputs"
    first = _run(corpus_copy, out, tmp_path)
    assert first.returncode == 0, first.stderr
    latest = (out / "latest").resolve()
    manifest = (latest / "manifest.json").read_bytes()

    # New documents: variants of each text and of each consultation row (about 250 new
    # documents, whose parse cache and run folder need more room than is left below).
    for copy in range(8):
        folder = corpus_copy / f"variante-{copy}"
        folder.mkdir()
        suffix = f"Variante {copy} : proposer un guichet numérique n° {copy}."
        for source in corpus_copy.glob("*.txt"):
            text = source.read_text(encoding="utf-8")
            (folder / source.name).write_text(f"{text}\n\n{suffix}\n", encoding="utf-8")
        for source in corpus_copy.glob("*.csv"):
            with source.open(encoding="utf-8", newline="") as handle:
                rows = list(csv.reader(handle, delimiter=";"))
            with (folder / source.name).open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle, delimiter=";")
                writer.writerow(rows[0])
                text_column = rows[0].index("contribution")
                for row in rows[1:]:
                    row[text_column] = f"{row[text_column]} {suffix}"
                    writer.writerow(row)
    # Leave a little more than the run needs at least, so that it starts, then fills the disk.
    margin = 256 * 1024
    keep_free = required_free_bytes(check_corpus(corpus_copy)) + margin
    filler = small_disk / "filler"
    with filler.open("wb") as handle:
        os.posix_fallocate(handle.fileno(), 0, free_bytes(small_disk) - keep_free)
    free_before = free_bytes(out)
    assert free_before < 8 * MiB

    second = _run(corpus_copy, out, tmp_path)
    assert second.returncode == EXIT_DISK_FULL, second.stderr
    lines = [line for line in second.stderr.splitlines() if line.startswith("textmine:")]
    assert len(lines) == 1, second.stderr
    # Nothing before it: Prefect's error logs of the full disk are kept off the console.
    assert second.stderr.strip().splitlines() == lines, second.stderr
    line = lines[0]
    assert f"le disque de {out} est plein" in line
    assert "le passage avait écrit" in line and "libres à son début" in line
    assert ".partial" in line and "latest n'a pas changé" in line
    # Its unfinished folder is gone, latest still points to the first run, the cache is sound.
    assert [p.name for p in (out / "runs").iterdir()] == [latest.name]
    assert (out / "latest").resolve() == latest
    assert (latest / "manifest.json").read_bytes() == manifest
    assert _check_cache(out / ".cache") > 0
    # The complete cache entries it wrote stay (the next run uses them); its run folder does not.

    filler.unlink()  # space freed: the next run completes, from the cache where it can
    third = _run(corpus_copy, out, tmp_path)
    assert third.returncode == 0, third.stderr
    report = json.loads(((out / "latest") / "manifest.json").read_text(encoding="utf-8"))
    assert report["analysis"]["documents"] > 200
    shutil.rmtree(out, ignore_errors=True)
