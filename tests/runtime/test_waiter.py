"""The status-URL waiter (runtime/waiter.py, copied into SDKs that use it): PENDING -> READY,
FAILED, timeout; sync and async."""

from __future__ import annotations

import importlib
import time
from types import ModuleType
from typing import Any

import pytest

from .faulty_server import FaultyServer, Reply
from .helpers import Flavor


def _w(flavor: Flavor) -> ModuleType:
    return importlib.import_module(flavor.rt.__name__ + ".waiter")


def _client(flavor: Flavor, **kwargs: Any) -> Any:
    waiter = _w(flavor)
    cls = waiter.AsyncWaiterClient if flavor.is_async else waiter.SyncWaiterClient
    return flavor.client(client_class=cls, **kwargs)


def _status(state: str, **extra: object) -> Reply:
    return Reply(200, json={"job_id": "j1", "status": state, **extra})


def test_pending_then_ready(flavor: Flavor) -> None:
    flavor.server.script(
        "/jobs/j1",
        _status("PENDING"),
        _status("PROVISIONING"),
        _status("READY", results={"created": ["c1"]}, error=None),
    )
    client = _client(flavor)
    status = flavor.run(client.poll_status_url("/jobs/j1", interval=0.25, timeout=10))
    assert isinstance(status, _w(flavor).JobStatus)
    assert status.status == "READY" and status.error is None
    assert status.results == {"created": ["c1"]} and status.job_id == "j1"  # extra fields kept
    requests = flavor.server.requests_to("/jobs/j1")
    assert len(requests) == 3
    assert all(r.method == "GET" and r.header("authorization") == "Bearer tok" for r in requests)
    assert client._sleep.waits == [0.25, 0.25]


def test_failed_raises_job_failed_error(flavor: Flavor) -> None:
    error = {"code": "ecs_capacity", "retryable": True, "message": "no capacity", "step": "s1"}
    flavor.server.script("/jobs/j2", _status("PENDING"), _status("FAILED", error=error))
    client = _client(flavor)
    with pytest.raises(_w(flavor).JobFailedError) as info:
        flavor.run(client.poll_status_url("/jobs/j2", interval=0.01))
    err = info.value
    assert err.code == "ecs_capacity" and err.retryable is True
    assert err.status.status == "FAILED" and err.status.error.step == "s1"
    assert "ecs_capacity" in str(err) and "no capacity" in str(err)
    assert isinstance(err, flavor.rt.APIError)


def test_failed_without_error_details(flavor: Flavor) -> None:
    flavor.server.script("/jobs/j3", _status("FAILED"))
    client = _client(flavor)
    with pytest.raises(_w(flavor).JobFailedError) as info:
        flavor.run(client.poll_status_url("/jobs/j3"))
    assert info.value.code is None and info.value.retryable is None


def test_timeout_raises_waiter_timeout_error(flavor: Flavor) -> None:
    flavor.server.script("/jobs/slow", _status("PENDING"))
    client = _client(flavor, record_sleeps=False)
    started = time.monotonic()
    with pytest.raises(_w(flavor).WaiterTimeoutError) as info:
        flavor.run(client.poll_status_url("/jobs/slow", interval=0.03, timeout=0.2))
    elapsed = time.monotonic() - started
    assert 0.2 <= elapsed < 1.5
    assert info.value.status.status == "PENDING"
    count = len(flavor.server.requests_to("/jobs/slow"))
    assert 2 <= count <= 9  # about timeout / interval + 1 polls, never a busy loop


def test_status_url_resolution(flavor: Flavor) -> None:
    flavor.server.script("/api/v1/jobs/a", _status("READY"))
    flavor.server.script("/api/v1/jobs/b", _status("READY"))
    flavor.server.script("/api/v1/jobs/c", _status("READY"))
    client = _client(flavor, base_url=flavor.server.url + "/api/v1/")
    flavor.run(client.poll_status_url("jobs/a"))  # relative to base_url
    flavor.run(client.poll_status_url("/api/v1/jobs/b"))  # already carries the base path
    flavor.run(client.poll_status_url(flavor.server.url + "/api/v1/jobs/c"))  # absolute
    paths = [r.path for r in flavor.server.requests]
    assert paths == ["/api/v1/jobs/a", "/api/v1/jobs/b", "/api/v1/jobs/c"]
    assert all(r.header("authorization") == "Bearer tok" for r in flavor.server.requests)


def test_no_credentials_to_another_origin(flavor: Flavor) -> None:
    with FaultyServer() as other:
        other.script("/jobs/x", _status("READY"))
        client = _client(
            flavor,
            client_headers={"X-Organization-Id": "org-1"},
            auth=flavor.rt.AuthSettings(
                bearer="tok",
                api_keys={"k": flavor.rt.ApiKey(location="header", name="X-Api-Key", value="s")},
            ),
        )
        flavor.run(client.poll_status_url(other.url + "/jobs/x"))
        [request] = other.requests
        assert request.header("authorization") is None and request.header("x-api-key") is None
        # client headers are not credentials, but they identify the caller: same rule
        assert request.header("x-organization-id") is None


def test_status_errors_and_retries_while_polling(flavor: Flavor) -> None:
    flavor.server.script("/jobs/r", Reply(503), _status("READY"))
    flavor.server.script("/jobs/missing", Reply(404, json={"detail": "no job"}))
    client = _client(flavor)
    assert flavor.run(client.poll_status_url("/jobs/r", interval=0.01)).status == "READY"
    with pytest.raises(flavor.rt.NotFoundError):
        flavor.run(client.poll_status_url("/jobs/missing"))


def test_invalid_arguments(flavor: Flavor) -> None:
    client = _client(flavor)
    with pytest.raises(ValueError):
        flavor.run(client.poll_status_url("/jobs/x", interval=-1))
