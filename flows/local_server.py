"""Prefect's temporary API server, started as soon as ``textmine run`` starts.

Without a ``PREFECT_API_URL``, Prefect starts a temporary server for the run (a process of its
own) only when the flow is first called, after importing its server package in the flow's process
(~5 s here) and then waiting for the server to answer (~6 s). Started here first, before any
Prefect import, the server starts while the command imports the flow and its stages; the flow
call then uses it (``PREFECT_API_URL`` for that call) as it would any other server. It is the
server Prefect would start (the same ASGI app, ephemeral, UI off), stopped when the command ends.

Nothing is started when ``PREFECT_API_URL`` is set (a running ``prefect server start``) or when a
Prefect profile file exists (it may point elsewhere): Prefect then does as it always does.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from flows.settings import configure_prefect_environment

# Prefect's own environment for its temporary server (prefect.server.api.server).
_EPHEMERAL_SERVER_ENV = {
    "PREFECT_UI_ENABLED": "0",
    "PREFECT__SERVER_EPHEMERAL": "1",
    "PREFECT__SERVER_FINAL": "1",
}


class LocalServer:
    """A temporary Prefect API server in a child process."""

    def __init__(self, process: subprocess.Popen[bytes], port: int):
        self.process = process
        self.port = port
        self.api_url = f"http://127.0.0.1:{port}/api"

    def wait_until_ready(self, timeout: float) -> bool:
        """Whether the server answers its health check within ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(f"{self.api_url}/health", timeout=2) as response:
                    if response.status == 200:
                        return True
            except OSError:
                pass
            time.sleep(0.1)
        return False

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _profiles_file() -> Path:
    home = Path(os.environ["PREFECT_HOME"])
    return Path(os.environ.get("PREFECT_PROFILES_PATH", home / "profiles.toml"))


def _api_url_configured() -> bool:
    """Whether Prefect is told to use some server (read without importing Prefect if possible)."""
    if "prefect.settings" in sys.modules:  # already imported: ask it (test harness, embedding)
        from prefect.settings import PREFECT_API_URL

        if PREFECT_API_URL.value():
            return True
    return bool(os.environ.get("PREFECT_API_URL")) or _profiles_file().exists()


def start_local_server() -> LocalServer | None:
    """Start Prefect's temporary server now, unless Prefect is configured to use another one.

    Returns the server (not yet ready: call :meth:`LocalServer.wait_until_ready`), or ``None``.
    """
    configure_prefect_environment()
    if _api_url_configured():
        return None
    spec = importlib.util.find_spec("prefect")
    if spec is None or not spec.submodule_search_locations:
        return None
    package_parent = Path(next(iter(spec.submodule_search_locations))).parent
    port = _free_port()
    app = ["--app-dir", str(package_parent), "--factory", "prefect.server.api.server:create_app"]
    address = ["--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            *app,
            *address,
            "--log-level",
            "error",
            "--lifespan",
            "on",
        ],
        env={**os.environ, **_EPHEMERAL_SERVER_ENV},
        preexec_fn=_die_with_parent if sys.platform == "linux" else None,
    )
    server = LocalServer(process, port)
    # Stopped at exit, after Prefect has sent its last logs and events (its own exit hooks,
    # registered later, run first).
    atexit.register(server.stop)
    return server


def _die_with_parent() -> None:
    """In the server's process: be terminated if ``textmine run`` dies without cleaning up."""
    import ctypes
    import signal

    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


@contextlib.contextmanager
def prefect_using(server: LocalServer | None) -> Iterator[None]:
    """Within this block Prefect uses ``server`` (once it answers), else it does as usual."""
    if server is None:
        yield
        return
    timeout = float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90"))
    if not server.wait_until_ready(timeout):
        server.stop()  # Prefect starts its own, and reports why if it cannot
        yield
        return
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
        yield
