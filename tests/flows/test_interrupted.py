"""A run killed midway leaves nothing that `latest` points to; the next run resumes from the cache."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from textmine.cli import app

pytestmark = pytest.mark.slow


def _cached_entries(out: Path) -> int:
    stages = out / ".cache" / "stages" / "proposals"
    return sum(1 for _ in stages.rglob("*.pkl")) if stages.exists() else 0


def test_killed_run_is_never_latest_and_next_run_resumes(corpus_copy: Path, tmp_path: Path):
    out = tmp_path / "outputs"
    env = dict(os.environ, PREFECT_HOME=str(tmp_path / ".prefect"))
    env.pop("PREFECT_API_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "textmine.cli", "run", str(corpus_copy), "--out", str(out)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # killed with its children, as a scheduler kills a job
    )
    try:
        deadline = time.monotonic() + 240
        while _cached_entries(out) < 3 and time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail("the run finished before it could be interrupted")
            time.sleep(0.05)
        assert _cached_entries(out) >= 3, "the run never got to the analysis stage"
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert not (out / "latest").exists()
    assert [p.name.endswith(".partial") for p in (out / "runs").iterdir()] == [True]

    result = CliRunner().invoke(app, ["run", str(corpus_copy), "--out", str(out)])
    assert result.exit_code == 0, result.output
    manifest = json.loads(((out / "latest") / "manifest.json").read_text(encoding="utf-8"))
    analysis = manifest["analysis"]
    assert analysis["fully_cached"] + analysis["parse_cached"] >= 3
    assert analysis["parsed"] < analysis["documents"]
