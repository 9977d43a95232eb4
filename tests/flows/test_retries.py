"""Tasks that read the corpus retry transient I/O errors only, never bad content."""

import pytest
from prefect.states import Completed, Failed

from flows.tasks import IO_RETRIES, _is_transient_io_error


@pytest.mark.parametrize(
    ("error", "retried"),
    [
        (OSError("Stale file handle"), True),
        (TimeoutError("network share timed out"), True),
        (FileNotFoundError("corpus/absent.txt"), False),
        (PermissionError("corpus/secret.pdf"), False),
        (ValueError("bad content"), False),
        (OSError(28, "No space left on device"), False),
    ],
)
def test_only_transient_io_errors_are_retried(error, retried):
    assert _is_transient_io_error(None, None, Failed(data=error)) is retried


def test_completed_states_are_not_retried_and_backoff_grows():
    assert _is_transient_io_error(None, None, Completed(data=1)) is False
    delays = IO_RETRIES["retry_delay_seconds"]
    assert IO_RETRIES["retries"] == len(delays) and delays == sorted(delays)
