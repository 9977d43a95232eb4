"""A scheduled deployment: rerun textmine on a corpus folder on a cron schedule.

Start it (it needs a Prefect server: ``prefect server start`` in another terminal, with
``PREFECT_API_URL=http://127.0.0.1:4200/api``)::

    python -m flows.deployment --corpus corpus --out outputs --cron "0 6 * * *"

The process serves the deployment until stopped; the Prefect UI (http://127.0.0.1:4200) shows
each run, its logs, its artifacts (summary, report path) and the error of a failed run. A run
on an unchanged corpus reuses the cached results and says that nothing changed. A run whose
process is killed shows as Crashed: served runs send heartbeats (every
``PREFECT_FLOWS_HEARTBEAT_FREQUENCY`` seconds, 60 by default here) and the automation
"textmine: crash runs without heartbeats", created or updated at start, marks a run whose
heartbeats stop as Crashed (:mod:`flows.crashed`).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from prefect import serve

from flows import settings as _settings  # noqa: F401
from flows.crashed import HEARTBEAT_SECONDS, ensure_crash_automation
from flows.pipeline import textmine_flow
from textmine.config import load_config

DEFAULT_CRON = "0 6 * * *"


def build_deployment(argv: list[str] | None = None) -> Any:
    """The scheduled deployment described by the command-line arguments."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default="corpus", help="corpus folder (default: corpus)")
    parser.add_argument("--out", default="outputs", help="outputs folder (default: outputs)")
    parser.add_argument("--config", type=Path, default=None, help="config file (TOML/YAML)")
    parser.add_argument(
        "--cron", default=DEFAULT_CRON, help=f"schedule (default: {DEFAULT_CRON!r})"
    )
    parser.add_argument("--name", default="textmine-scheduled", help="deployment name")
    args = parser.parse_args(argv)
    config = load_config(args.config)
    return textmine_flow.to_deployment(
        name=args.name,
        cron=args.cron,
        parameters={
            "corpus": str(Path(args.corpus).resolve()),
            "out": str(Path(args.out).resolve()),
            "config": config.model_dump(mode="json"),
        },
        description="Scheduled textmine run: only new or changed documents are re-analysed.",
        concurrency_limit=1,
    )


def main(argv: list[str] | None = None) -> None:
    # Each served run (a process of its own, which inherits this environment) sends a heartbeat
    # every minute; the automation marks a run whose heartbeats stop as Crashed.
    os.environ.setdefault("PREFECT_FLOWS_HEARTBEAT_FREQUENCY", str(HEARTBEAT_SECONDS))
    deployment = build_deployment(argv)
    ensure_crash_automation(int(os.environ["PREFECT_FLOWS_HEARTBEAT_FREQUENCY"]))
    serve(deployment)


if __name__ == "__main__":
    main()
