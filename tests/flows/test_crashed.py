"""Killed runs are marked Crashed: by the next run (its process is gone), or by the automation
on missing heartbeats (deployments)."""

from __future__ import annotations

import os
import socket
import subprocess

from flows.crashed import (
    CRASH_AUTOMATION,
    PID_TAG,
    ensure_crash_automation,
    mark_stale_runs,
    process_alive,
    process_tags,
    stale_run,
    tagged_at_creation,
    untagged_tasks,
)


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_a_run_is_stale_only_when_its_process_on_this_host_is_gone():
    assert process_alive(os.getpid())
    assert not stale_run(process_tags())
    dead = process_tags(_dead_pid())
    assert stale_run(dead)
    assert not stale_run(dead, host=socket.gethostname() + "-elsewhere")
    # A reused pid (another start time) is not the run's process.
    reused = [t for t in process_tags() if not t.startswith("textmine-start:")]
    assert stale_run([*reused, "textmine-start:1"])
    assert not process_alive(os.getpid(), start="1")
    assert not stale_run(["textmine-host:" + socket.gethostname()])  # no pid recorded


def test_a_zombie_is_not_alive():
    process = subprocess.Popen(["true"])
    os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOWAIT)  # exited, not reaped
    try:
        assert not process_alive(process.pid)
    finally:
        process.wait()


def test_running_flow_runs_whose_process_is_gone_are_marked_crashed():
    from prefect import flow
    from prefect.client.orchestration import get_client
    from prefect.states import Pending, Running

    @flow(name="textmine")
    def textmine() -> None:  # only its name matters
        pass

    with get_client(sync_client=True) as client:
        dead = client.create_flow_run(textmine, tags=process_tags(_dead_pid()), state=Running())
        alive = client.create_flow_run(textmine, tags=process_tags(), state=Running())
        # Killed after its flow run was created, before the engine set it Running.
        pending = client.create_flow_run(textmine, tags=process_tags(_dead_pid()), state=Pending())
        marked = mark_stale_runs()
        assert dead.id in marked and pending.id in marked and alive.id not in marked
        assert client.read_flow_run(pending.id).state.is_crashed()
        crashed = client.read_flow_run(dead.id).state
        assert crashed.is_crashed()
        assert f"pid {dead.tags[1].removeprefix(PID_TAG)}" in crashed.message
        assert "marked Crashed by a later textmine run" in crashed.message
        assert client.read_flow_run(alive.id).state.is_running()
        assert mark_stale_runs() == []  # once


def test_the_heartbeat_automation_is_created_once_and_updated():
    from prefect.automations import Automation
    from prefect.events.schemas.automations import Posture

    first = ensure_crash_automation(60)
    second = ensure_crash_automation(45)
    assert first.id == second.id
    stored = Automation.read(name=CRASH_AUTOMATION)
    assert stored.trigger.posture == Posture.Proactive
    assert stored.trigger.after == {"prefect.flow-run.heartbeat"}
    assert stored.trigger.within.total_seconds() == 135
    assert stored.actions[0].state.value == "CRASHED"


def test_a_flow_run_has_its_process_tags_from_its_creation_and_its_tasks_none():
    """A run killed before its body started must still be found by the next run."""
    from prefect import flow, task
    from prefect.client.orchestration import get_client
    from prefect.context import FlowRunContext, TaskRunContext

    @task
    def task_tags() -> list[str]:
        return sorted(TaskRunContext.get().task_run.tags)

    @flow(name="textmine-tags-test")
    def tagged() -> tuple[str, list[str]]:
        run_id = str(FlowRunContext.get().flow_run.id)
        with untagged_tasks():
            return run_id, task_tags()

    with tagged_at_creation():
        run_id, tags_of_task = tagged()
    with get_client(sync_client=True) as client:
        created = client.read_flow_run(run_id)
    assert f"{PID_TAG}{os.getpid()}" in created.tags
    assert sorted(created.tags) == sorted(process_tags())
    assert tags_of_task == []
