"""Killed runs show as Crashed in Prefect, so that an operator sees them.

A run killed with ``kill -9`` (or by the out-of-memory killer) never tells Prefect: its flow run
stays Running forever. Two ways to mark it Crashed:

- **Every run** records where it runs as tags of its flow run (``textmine-host:<host>``,
  ``textmine-pid:<pid>``, ``textmine-start:<start time>``), and first marks Crashed the flow
  runs of flow ``textmine`` still Running (or Pending) on the same host whose process is gone
  (:func:`mark_stale_runs`). ``textmine run`` creates its flow run with these tags
  (:func:`tagged_at_creation`): tagged only once the flow's body started (:func:`record_process`,
  what a deployment's run still does), a run killed in between stayed Running untagged, out of
  any later run's reach. So the next ``textmine run`` on the same Prefect database
  (the same ``PREFECT_HOME``) repairs what a killed one left. The start time (Linux
  ``/proc/<pid>/stat``) tells a reused pid from the run's own process.
- **Deployments** (:mod:`flows.deployment`) also get Prefect's documented pattern: the flow
  engine sends a heartbeat event every ``PREFECT_FLOWS_HEARTBEAT_FREQUENCY`` seconds, and an
  automation (:func:`ensure_crash_automation`) sets a run whose heartbeats stop to Crashed (a
  "proactive" trigger: no heartbeat, nor final state, within three periods). It needs a running
  server (``prefect server start``), whose triggers service evaluates it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from flows import settings as _settings  # noqa: F401

logger = logging.getLogger(__name__)

FLOW_NAME = "textmine"
HOST_TAG, PID_TAG, START_TAG = "textmine-host:", "textmine-pid:", "textmine-start:"
CRASH_AUTOMATION = "textmine: crash runs without heartbeats"
HEARTBEAT_SECONDS = 60  # Prefect's minimum is 30
MISSED_HEARTBEATS = 3


def process_start_time(pid: int) -> str | None:
    """The start time of process ``pid`` in clock ticks since boot (Linux), or None."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            stat = handle.read()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[-1].split()  # after the command name, which may hold spaces
    return fields[19] if len(fields) > 19 else None


def process_tags(pid: int | None = None) -> list[str]:
    """The tags that say which process runs a flow run."""
    pid = os.getpid() if pid is None else pid
    tags = [f"{HOST_TAG}{socket.gethostname()}", f"{PID_TAG}{pid}"]
    start = process_start_time(pid)
    if start:
        tags.append(f"{START_TAG}{start}")
    return tags


def _tag_value(tags: list[str], prefix: str) -> str | None:
    return next((t.removeprefix(prefix) for t in tags if t.startswith(prefix)), None)


def process_alive(pid: int, start: str | None = None) -> bool:
    """Whether process ``pid`` still runs (not a zombie) and, if given, started at ``start``."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # someone else's process: it exists
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            state = handle.read().rsplit(")", 1)[-1].split()[0]
    except (OSError, IndexError):
        return True  # no /proc: the signal answered
    if state in {"Z", "X"}:
        return False
    return start is None or process_start_time(pid) == start


def stale_run(tags: list[str], host: str | None = None) -> bool:
    """Whether a Running flow run with these tags ran on this host in a process now gone."""
    if _tag_value(tags, HOST_TAG) != (host or socket.gethostname()):
        return False
    pid = _tag_value(tags, PID_TAG)
    if pid is None or not pid.isdigit():
        return False
    return not process_alive(int(pid), _tag_value(tags, START_TAG))


def record_process() -> None:
    """Add this process's tags to the current flow run (never fails the run)."""
    from prefect.client.orchestration import get_client
    from prefect.context import FlowRunContext

    context = FlowRunContext.get()
    flow_run = getattr(context, "flow_run", None)
    if flow_run is None:
        return
    tags = [t for t in flow_run.tags if not t.startswith((HOST_TAG, PID_TAG, START_TAG))]
    tags += process_tags()
    try:
        with get_client(sync_client=True) as client:
            client.update_flow_run(flow_run.id, tags=tags)
        flow_run.tags = tags
    except Exception as exc:  # an operator's convenience, not a reason to stop a run
        logger.debug("could not tag the flow run with its process: %s", exc)


@contextlib.contextmanager
def tagged_at_creation() -> Iterator[None]:
    """Flow runs created in this block carry this process's tags from their creation."""
    from prefect import tags

    with tags(*process_tags()):
        yield


@contextlib.contextmanager
def untagged_tasks() -> Iterator[None]:
    """Task runs created in this block do not inherit the tags of :func:`tagged_at_creation`
    (each tag of a task run costs a concurrency-limit request, and a pid says nothing there)."""
    from prefect.context import TagsContext

    with TagsContext(current_tags=set()):
        yield


def mark_stale_runs(exclude: Any = None) -> list[Any]:
    """Set to Crashed the Running or Pending flow runs of ``textmine`` on this host whose process is gone.

    Returns the ids of the flow runs marked. Never raises: a failure is logged at debug level.
    """
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        FlowFilter,
        FlowFilterName,
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
        FlowRunFilterTags,
    )
    from prefect.client.schemas.objects import StateType
    from prefect.states import Crashed

    host = socket.gethostname()
    marked = []
    try:
        with get_client(sync_client=True) as client:
            runs = client.read_flow_runs(
                flow_filter=FlowFilter(name=FlowFilterName(any_=[FLOW_NAME])),
                flow_run_filter=FlowRunFilter(
                    # Pending: killed between the flow run's creation and its start.
                    state=FlowRunFilterState(
                        type=FlowRunFilterStateType(any_=[StateType.RUNNING, StateType.PENDING])
                    ),
                    tags=FlowRunFilterTags(all_=[f"{HOST_TAG}{host}"]),
                ),
            )
            for run in runs:
                if run.id == exclude or not stale_run(list(run.tags), host):
                    continue
                pid = _tag_value(list(run.tags), PID_TAG)
                message = (
                    f"the process of this run (pid {pid} on {host}) ended without reporting "
                    "a final state (killed?); marked Crashed by a later textmine run"
                )
                client.set_flow_run_state(run.id, Crashed(message=message), force=True)
                marked.append(run.id)
    except Exception as exc:
        logger.debug("could not look for crashed runs: %s", exc)
    return marked


def start_of_run() -> list[Any]:
    """At the start of the flow: record this process, mark the runs it outlived as Crashed."""
    from prefect.context import FlowRunContext

    record_process()
    flow_run = getattr(FlowRunContext.get(), "flow_run", None)
    return mark_stale_runs(exclude=flow_run.id if flow_run else None)


def crash_automation(heartbeat_seconds: int = HEARTBEAT_SECONDS) -> Any:
    """Prefect's zombie-run automation, limited to flow ``textmine``: a run that sent a
    heartbeat and then neither another one nor a final state within three periods is Crashed."""
    from prefect.automations import Automation
    from prefect.client.schemas.objects import StateType
    from prefect.events.actions import ChangeFlowRunState
    from prefect.events.schemas.automations import EventTrigger, Posture
    from prefect.events.schemas.events import ResourceSpecification

    return Automation(
        name=CRASH_AUTOMATION,
        description="Marks textmine runs whose process stopped sending heartbeats as Crashed.",
        trigger=EventTrigger(
            after={"prefect.flow-run.heartbeat"},
            expect={
                "prefect.flow-run.heartbeat",
                "prefect.flow-run.Completed",
                "prefect.flow-run.Failed",
                "prefect.flow-run.Cancelled",
                "prefect.flow-run.Crashed",
            },
            match=ResourceSpecification({"prefect.resource.id": ["prefect.flow-run.*"]}),
            match_related=ResourceSpecification(
                {"prefect.resource.role": "flow", "prefect.resource.name": FLOW_NAME}
            ),
            for_each={"prefect.resource.id"},
            posture=Posture.Proactive,
            threshold=1,
            within=timedelta(seconds=heartbeat_seconds * MISSED_HEARTBEATS),
        ),
        actions=[
            ChangeFlowRunState(
                state=StateType.CRASHED,
                message=(
                    f"no heartbeat for {heartbeat_seconds * MISSED_HEARTBEATS} s: the run's "
                    "process was killed or its machine stopped"
                ),
            )
        ],
    )


def ensure_crash_automation(heartbeat_seconds: int = HEARTBEAT_SECONDS) -> Any:
    """Create the automation on the current server, or update it to this definition."""
    wanted = crash_automation(heartbeat_seconds)
    existing = None
    with contextlib.suppress(ValueError):  # not found
        existing = type(wanted).read(name=CRASH_AUTOMATION)
    if existing is None:
        return wanted.create()
    wanted.id = existing.id
    wanted.update()
    return wanted
