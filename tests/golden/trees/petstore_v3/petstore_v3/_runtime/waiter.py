"""Waiting for durable jobs.

Durable creates answer ``202 Accepted`` with a ``status_url``; the client polls it until
the job settles::

    accepted = client.chargers.create(identity="CP-1", ...)
    status = client.poll_status_url(accepted.status_url, interval=1.5, timeout=300.0)
    # status.status == "READY"; JobFailedError (with .code, .retryable) when FAILED;
    # WaiterTimeoutError when it does not settle within `timeout` seconds.

On the async client ``poll_status_url`` is awaited. Each poll is an ordinary GET through
the client (same auth, retries and timeouts); a relative ``status_url`` is resolved
against ``base_url``. The client's ``_sleep`` method is used between polls, so tests can
replace it.
"""

from __future__ import annotations

from typing import Awaitable, Callable

import httpx
from pydantic import BaseModel, ConfigDict

from ._exceptions import JobFailedError, WaiterTimeoutError

__all__ = ["JobError", "JobStatus", "poll_sync", "poll_async", "READY", "FAILED"]

READY = "READY"
FAILED = "FAILED"


class JobError(BaseModel):
    """Why a job failed: branch on ``code``; ``retryable`` says whether re-submitting may work."""

    model_config = ConfigDict(extra="allow")

    code: str | None = None
    retryable: bool | None = None
    message: str | None = None


class JobStatus(BaseModel):
    """The body of a status URL: ``status`` (PENDING, PROVISIONING, READY, FAILED, ...) and,
    when failed, ``error``; every other field of the body is kept (``status.results`` ...)."""

    model_config = ConfigDict(extra="allow")

    status: str
    error: JobError | None = None


Fetch = Callable[[], "tuple[JobStatus, httpx.Request | None]"]
AsyncFetch = Callable[[], "Awaitable[tuple[JobStatus, httpx.Request | None]]"]


def _settled(status: JobStatus, request: httpx.Request | None) -> bool:
    state = status.status.upper()
    if state == READY:
        return True
    if state == FAILED:
        error = status.error
        code = error.code if error else None
        retryable = error.retryable if error else None
        detail = (error.message if error else None) or ""
        message = f"Job failed ({code or 'unknown_error'})" + (f": {detail}" if detail else "")
        raise JobFailedError(
            message, status=status, code=code, retryable=retryable, request=request
        )
    return False


def _check_args(interval: float, timeout: float) -> None:
    if interval < 0:
        raise ValueError("interval must be >= 0")
    if timeout < 0:
        raise ValueError("timeout must be >= 0")


def _timed_out(
    timeout: float, last: JobStatus, request: httpx.Request | None
) -> WaiterTimeoutError:
    return WaiterTimeoutError(
        f"Job did not reach {READY} or {FAILED} within {timeout:g} s (last status: {last.status})",
        status=last,
        request=request,
    )


def poll_sync(
    fetch: Fetch,
    *,
    sleep: Callable[[float], object],
    clock: Callable[[], float],
    interval: float,
    timeout: float,
) -> JobStatus:
    """Call ``fetch()`` every ``interval`` seconds until the job settles."""
    _check_args(interval, timeout)
    deadline = clock() + timeout
    while True:
        status, request = fetch()
        if _settled(status, request):
            return status
        remaining = deadline - clock()
        if remaining <= 0:
            raise _timed_out(timeout, status, request)
        sleep(min(interval, remaining))


async def poll_async(
    fetch: AsyncFetch,
    *,
    sleep: Callable[[float], Awaitable[object]],
    clock: Callable[[], float],
    interval: float,
    timeout: float,
) -> JobStatus:
    """Await ``fetch()`` every ``interval`` seconds until the job settles."""
    _check_args(interval, timeout)
    deadline = clock() + timeout
    while True:
        status, request = await fetch()
        if _settled(status, request):
            return status
        remaining = deadline - clock()
        if remaining <= 0:
            raise _timed_out(timeout, status, request)
        await sleep(min(interval, remaining))
