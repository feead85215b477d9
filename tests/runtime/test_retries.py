"""Retry loop: attempts, waits, Retry-After, idempotency keys, timeouts and resets."""

from __future__ import annotations

import time

import pytest

from .faulty_server import Reply, http_date
from .helpers import Flavor, call_request


def _between(wait: float, base: float) -> bool:
    """A backoff wait with jitter: base * (1 - 0.25 * random()) lies in (0.75 base, base]."""
    return 0.75 * base - 1e-9 <= wait <= base + 1e-9


def test_503_then_200_is_retried(flavor: Flavor) -> None:
    server = flavor.server
    server.script("/r", Reply(503), Reply(503), Reply(200, json={"ok": True}))
    client = flavor.client()
    assert flavor.run(call_request(client, "GET", "/r", response_type=dict)) == {"ok": True}
    assert len(server.requests_to("/r")) == 3
    waits = client._sleep.waits
    assert len(waits) == 2
    assert _between(waits[0], 0.001) and _between(waits[1], 0.002)


def test_backoff_grows_and_is_capped(flavor: Flavor) -> None:
    flavor.server.script("/down", Reply(500, json={"detail": "boom"}))
    client = flavor.client(max_retries=5, initial_retry_delay=0.001, max_retry_delay=0.004)
    with pytest.raises(flavor.rt.InternalServerError) as info:
        flavor.run(call_request(client, "GET", "/down", response_type=dict))
    assert info.value.status_code == 500
    assert len(flavor.server.requests_to("/down")) == 6
    bases = [0.001, 0.002, 0.004, 0.004, 0.004]
    waits = client._sleep.waits
    assert len(waits) == 5
    assert all(_between(w, b) for w, b in zip(waits, bases)), waits


@pytest.mark.parametrize(
    "headers, expected",
    [
        ({"Retry-After": "2"}, 2.0),
        ({"Retry-After": "0.5"}, 0.5),
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after-ms": "250", "Retry-After": "9"}, 0.25),  # ms wins
    ],
)
def test_retry_after_is_honoured(flavor: Flavor, headers: dict[str, str], expected: float) -> None:
    flavor.server.script("/limited", Reply(429, headers=headers), Reply(200, json=[]))
    client = flavor.client()
    assert flavor.run(call_request(client, "GET", "/limited", response_type=list)) == []
    assert client._sleep.waits == [pytest.approx(expected)]


def test_retry_after_http_date(flavor: Flavor) -> None:
    flavor.server.script("/limited", Reply(503, headers={"Retry-After": http_date(30)}), Reply(200))
    client = flavor.client()
    flavor.run(call_request(client, "GET", "/limited"))
    [wait] = client._sleep.waits
    assert 28.0 <= wait <= 30.5


@pytest.mark.parametrize("value", ["0", "-3", "120", "not a date"])
def test_retry_after_out_of_range_falls_back_to_backoff(flavor: Flavor, value: str) -> None:
    flavor.server.script("/limited", Reply(429, headers={"Retry-After": value}), Reply(200))
    client = flavor.client()
    flavor.run(call_request(client, "GET", "/limited"))
    [wait] = client._sleep.waits
    assert _between(wait, 0.001)


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504])
def test_retryable_statuses(flavor: Flavor, status: int) -> None:
    flavor.server.script("/x", Reply(status), Reply(200, json=1))
    client = flavor.client()
    assert flavor.run(call_request(client, "GET", "/x", response_type=int)) == 1
    assert len(flavor.server.requests_to("/x")) == 2


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_client_errors_are_not_retried(flavor: Flavor, status: int) -> None:
    flavor.server.script("/x", Reply(status, json={"detail": "no"}), Reply(200))
    client = flavor.client()
    with pytest.raises(flavor.rt.APIStatusError):
        flavor.run(call_request(client, "GET", "/x"))
    assert len(flavor.server.requests_to("/x")) == 1
    assert client._sleep.waits == []


def test_x_should_retry_header_overrides(flavor: Flavor) -> None:
    server = flavor.server
    server.script("/no", Reply(503, headers={"x-should-retry": "false"}), Reply(200))
    server.script("/yes", Reply(400, headers={"x-should-retry": "true"}), Reply(200, json=2))
    client = flavor.client()
    with pytest.raises(flavor.rt.ServiceUnavailableError):
        flavor.run(call_request(client, "GET", "/no"))
    assert len(server.requests_to("/no")) == 1
    assert flavor.run(call_request(client, "GET", "/yes", response_type=int)) == 2
    assert len(server.requests_to("/yes")) == 2


def test_idempotency_key_same_across_attempts_and_new_per_call(flavor: Flavor) -> None:
    server = flavor.server
    server.script("/jobs", Reply(503), Reply(503), Reply(200, json={}), method="POST")
    client = flavor.client(idempotency_header="Idempotency-Key")
    flavor.run(call_request(client, "POST", "/jobs", json_body={"a": 1}, response_type=dict))
    first = [r.header("Idempotency-Key") for r in server.requests_to("/jobs")]
    assert len(first) == 3 and len(set(first)) == 1
    assert first[0] is not None and first[0].startswith("apigen-")

    flavor.run(call_request(client, "POST", "/jobs", json_body={"a": 1}, response_type=dict))
    second = server.requests_to("/jobs")[3].header("Idempotency-Key")
    assert second is not None and second != first[0]

    flavor.run(call_request(client, "POST", "/jobs", idempotency_key="mine-1"))
    assert server.requests_to("/jobs")[4].header("Idempotency-Key") == "mine-1"

    server.script("/jobs", Reply(200, json={}), method="GET")
    flavor.run(call_request(client, "GET", "/jobs"))
    assert server.requests_to("/jobs", "GET")[0].header("Idempotency-Key") is None


def test_no_idempotency_header_unless_configured(flavor: Flavor) -> None:
    flavor.server.script("/jobs", Reply(200))
    client = flavor.client()
    flavor.run(call_request(client, "POST", "/jobs", json_body={}))
    assert flavor.server.requests[0].header("Idempotency-Key") is None


def test_successful_post_is_sent_once(flavor: Flavor) -> None:
    flavor.server.script("/create", Reply(200, json={"id": 1}), Reply(500))
    client = flavor.client(max_retries=5)
    assert flavor.run(
        call_request(client, "POST", "/create", json_body={}, response_type=dict)
    ) == {"id": 1}
    time.sleep(0.05)
    assert len(flavor.server.requests_to("/create")) == 1
    assert client._sleep.waits == []


def test_max_retries_zero_per_call_makes_one_attempt(flavor: Flavor) -> None:
    flavor.server.script("/x", Reply(503))
    client = flavor.client(max_retries=4)
    with pytest.raises(flavor.rt.ServiceUnavailableError):
        flavor.run(call_request(client, "GET", "/x", max_retries=0))
    assert len(flavor.server.requests_to("/x")) == 1
    with pytest.raises(flavor.rt.ServiceUnavailableError):
        flavor.run(call_request(client, "GET", "/x", max_retries=1))
    assert len(flavor.server.requests_to("/x")) == 3


def test_client_level_max_retries(flavor: Flavor) -> None:
    flavor.server.script("/x", Reply(503))
    client = flavor.client(max_retries=0)
    with pytest.raises(flavor.rt.InternalServerError):
        flavor.run(call_request(client, "GET", "/x"))
    assert len(flavor.server.requests) == 1
    with pytest.raises(ValueError):
        flavor.client(max_retries=-1)


def test_stall_raises_timeout_after_all_attempts(flavor: Flavor) -> None:
    flavor.server.script("/slow", Reply(200, json={}, delay=3.0))
    client = flavor.client(timeout=0.2)
    started = time.monotonic()
    with pytest.raises(flavor.rt.APITimeoutError) as info:
        flavor.run(call_request(client, "GET", "/slow"))
    elapsed = time.monotonic() - started
    assert isinstance(info.value, flavor.rt.APIConnectionError)
    assert info.value.request.url.path == "/slow"
    assert len(flavor.server.requests_to("/slow")) == 3
    assert len(client._sleep.waits) == 2
    assert 0.55 <= elapsed < 2.5


def test_per_call_timeout_overrides_client_timeout(flavor: Flavor) -> None:
    flavor.server.script("/slow", Reply.stall(3.0))
    client = flavor.client(timeout=30.0)
    started = time.monotonic()
    with pytest.raises(flavor.rt.APITimeoutError):
        flavor.run(call_request(client, "GET", "/slow", timeout=0.15, max_retries=0))
    assert time.monotonic() - started < 1.5
    assert len(flavor.server.requests_to("/slow")) == 1


def test_connection_reset_raises_connection_error_after_retries(flavor: Flavor) -> None:
    flavor.server.script("/reset", Reply.reset())
    client = flavor.client()
    with pytest.raises(flavor.rt.APIConnectionError) as info:
        flavor.run(call_request(client, "GET", "/reset"))
    assert not isinstance(info.value, flavor.rt.APITimeoutError)
    assert len(flavor.server.requests_to("/reset")) == 3
    assert len(client._sleep.waits) == 2


def test_connection_reset_then_success(flavor: Flavor) -> None:
    flavor.server.script("/flaky", Reply.reset(), Reply.close(), Reply(200, json={"ok": 1}))
    client = flavor.client(idempotency_header="Idempotency-Key")
    result = flavor.run(
        call_request(client, "POST", "/flaky", json_body={"x": 1}, response_type=dict)
    )
    assert result == {"ok": 1}
    requests = flavor.server.requests_to("/flaky")
    assert len(requests) == 3
    assert len({r.header("Idempotency-Key") for r in requests}) == 1
    assert all(r.body == b'{"x": 1}' for r in requests)


def test_connection_refused_is_a_connection_error(flavor: Flavor) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = flavor.client(base_url=f"http://127.0.0.1:{port}", max_retries=1)
    with pytest.raises(flavor.rt.APIConnectionError):
        flavor.run(call_request(client, "GET", "/x"))
    assert len(client._sleep.waits) == 1


def test_real_sleep_is_used_by_default(flavor: Flavor) -> None:
    flavor.server.script("/x", Reply(503), Reply(200))
    client = flavor.client(
        record_sleeps=False,
        default_http_client=True,
        initial_retry_delay=0.05,
        max_retry_delay=0.05,
    )
    started = time.monotonic()
    flavor.run(call_request(client, "GET", "/x"))
    assert time.monotonic() - started >= 0.05 * 0.75
