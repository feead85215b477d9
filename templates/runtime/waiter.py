"""Waiting for durable jobs (copied only into SDKs whose API answers 202 with a ``status_url``).

A durable operation answers ``202 Accepted`` with a ``status_url``; the client polls it until
the job settles::

    accepted = client.jobs.create(...)
    status = client.poll_status_url(accepted.status_url, interval=1.5, timeout=300.0)
    # status.status == "READY"; JobFailedError (with .code, .retryable) when FAILED;
    # WaiterTimeoutError when it does not settle within `timeout` seconds.

The generated ``Client`` and ``AsyncClient`` of such an SDK subclass :class:`SyncWaiterClient`
and :class:`AsyncWaiterClient`. On the async client ``poll_status_url`` is awaited. Each poll is an ordinary GET through
the client (same auth, retries and timeouts); a relative ``status_url`` is resolved
against ``base_url``. The client's ``_sleep`` method is used between polls, so tests can
replace it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, cast

import httpx
from pydantic import BaseModel, ConfigDict

from ._base_client import AsyncAPIClient, SyncAPIClient, _BaseClient, _Options
from ._exceptions import APIError
from ._parse import validate_type

__all__ = [
    "FAILED",
    "READY",
    "AsyncWaiterClient",
    "JobError",
    "JobFailedError",
    "JobStatus",
    "SyncWaiterClient",
    "WaiterTimeoutError",
    "poll_async",
    "poll_sync",
]

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


class JobFailedError(APIError):
    """A polled job ended in ``FAILED``.

    ``code`` and ``retryable`` come from the job's ``error`` object (None when absent);
    ``status`` is the last :class:`JobStatus` seen.
    """

    code: str | None
    retryable: bool | None
    status: JobStatus

    def __init__(
        self,
        message: str,
        *,
        status: JobStatus,
        code: str | None,
        retryable: bool | None,
        request: httpx.Request | None = None,
    ) -> None:
        super().__init__(message, request, body=status)
        self.status = status
        self.code = code
        self.retryable = retryable


class WaiterTimeoutError(APIError):
    """A polled job did not reach ``READY`` or ``FAILED`` in time; ``status`` is the last seen."""

    status: JobStatus | None

    def __init__(
        self,
        message: str,
        *,
        status: JobStatus | None,
        request: httpx.Request | None = None,
    ) -> None:
        super().__init__(message, request, body=status)
        self.status = status


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


def _poll_options(target: str) -> _Options:
    """One poll of a status URL: an ordinary GET through the client."""
    return _Options(method="GET", path=target, response_type=JobStatus)


def _job_status(
    client: _BaseClient[Any], options: _Options, response: httpx.Response
) -> tuple[JobStatus, httpx.Request | None]:
    """The status a poll's ``response`` gives (an error status raises, as any call's does)."""
    if response.status_code >= 400:
        raise client._status_error(options, response)
    status = validate_type(JobStatus, client._decode_body(response))
    return cast(JobStatus, status), response.request


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


class SyncWaiterClient(SyncAPIClient):
    """The synchronous client core with :meth:`poll_status_url`."""

    def poll_status_url(
        self, url: str, *, interval: float = 1.5, timeout: float = 300.0
    ) -> JobStatus:
        """Poll a job's ``status_url`` until ``READY`` (returned) or ``FAILED`` (raises
        ``JobFailedError``); raises ``WaiterTimeoutError`` after ``timeout`` seconds."""
        target = self._status_url(url)

        def fetch() -> tuple[JobStatus, httpx.Request | None]:
            options = _poll_options(target)
            response, _ = self._send(options)
            return _job_status(self, options, response)

        return poll_sync(
            fetch, sleep=self._sleep, clock=self._now, interval=interval, timeout=timeout
        )


class AsyncWaiterClient(AsyncAPIClient):
    """The asynchronous client core with :meth:`poll_status_url` (awaited)."""

    async def poll_status_url(
        self, url: str, *, interval: float = 1.5, timeout: float = 300.0
    ) -> JobStatus:
        """Poll a job's ``status_url`` until ``READY`` (returned) or ``FAILED`` (raises
        ``JobFailedError``); raises ``WaiterTimeoutError`` after ``timeout`` seconds."""
        target = self._status_url(url)

        async def fetch() -> tuple[JobStatus, httpx.Request | None]:
            options = _poll_options(target)
            response, _ = await self._send(options)
            return _job_status(self, options, response)

        return await poll_async(
            fetch, sleep=self._sleep, clock=self._now, interval=interval, timeout=timeout
        )
