"""The scheduled deployment registers with the Prefect server with its cron schedule."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from flows.deployment import build_deployment

pytestmark = pytest.mark.slow


def test_deployment_has_the_cron_schedule_and_corpus(tmp_path: Path):
    deployment = build_deployment(
        ["--corpus", str(tmp_path), "--out", str(tmp_path / "out"), "--cron", "30 5 * * 1-5"]
    )
    deployment_id = deployment.apply()

    from prefect.client.orchestration import get_client

    async def read():
        async with get_client() as client:
            return await client.read_deployment(deployment_id)

    stored = asyncio.run(read())
    assert stored.parameters["corpus"] == str(tmp_path.resolve())
    assert [s.schedule.cron for s in stored.schedules] == ["30 5 * * 1-5"]
    assert stored.global_concurrency_limit is not None
    assert stored.global_concurrency_limit.limit == 1
