"""`textmine run` starts Prefect's temporary server early, uses it, and leaves nothing behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.local_server import start_local_server


def test_no_server_started_when_prefect_is_pointed_at_one(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:4200/api")
    assert start_local_server() is None


def test_no_server_started_when_a_prefect_profile_may_say_otherwise(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.delenv("PREFECT_PROFILES_PATH", raising=False)
    (tmp_path / "profiles.toml").write_text('active = "default"\n', encoding="utf-8")
    assert start_local_server() is None


def _alive(session: int) -> list[str]:
    """Commands of the processes still in ``session`` (the run and everything it started)."""
    listing = subprocess.run(["ps", "-eo", "sess=,args="], capture_output=True, text=True).stdout
    return [
        line.split(None, 1)[1]
        for line in listing.splitlines()
        if line.split(None, 1)[0] == str(session)
    ]


@pytest.mark.slow
def test_run_uses_the_early_server_and_stops_it(corpus_copy: Path, tmp_path: Path):
    env = dict(os.environ, PREFECT_HOME=str(tmp_path / ".prefect"))
    env.pop("PREFECT_API_URL", None)
    out = tmp_path / "outputs"
    process = subprocess.Popen(
        [sys.executable, "-m", "textmine.cli", "run", str(corpus_copy), "--out", str(out)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        _stdout, stderr = process.communicate(timeout=600)
        assert process.returncode == 0, stderr
        assert (out / "latest" / "manifest.json").exists()
        # Prefect did not start a second temporary server of its own.
        assert "Starting temporary server" not in stderr
        assert "Error logging to API" not in stderr
        deadline = time.monotonic() + 10
        while _alive(process.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _alive(process.pid) == []  # the server was stopped with the command
    finally:
        if _alive(process.pid):
            os.killpg(process.pid, signal.SIGKILL)


def test_no_server_started_under_a_server_set_in_prefect_settings(monkeypatch, tmp_path: Path):
    """Prefect's test harness (and any embedding code) sets the API URL in its settings."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    with temporary_settings(updates={PREFECT_API_URL: "http://127.0.0.1:4200/api"}):
        assert start_local_server() is None


def test_prefect_home_under_a_missing_folder_is_created(monkeypatch, tmp_path: Path):
    """Prefect would not create its parents: its server then failed after the whole timeout."""
    from flows.settings import configure_prefect_environment

    home = tmp_path / "pas" / "encore" / ".prefect"
    monkeypatch.setenv("PREFECT_HOME", str(home))
    configure_prefect_environment()
    assert home.is_dir()
