"""Hostile servers (issue 13): redirects to another origin, endless bodies, compression bombs,
slow drips and absurdly deep JSON, against loopback servers, with the sync and async client.

The redirect rule under test: a hop to another origin than base_url's (scheme, host or port)
keeps only Accept, Accept-Encoding, User-Agent and Connection (no credentials, cookies, default
or client headers, idempotency key), and a 307/308 that would resend a body there is refused.
"""

from __future__ import annotations

import functools
import gzip
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable
from typing import Any, BinaryIO

import httpx
import pytest

from .faulty_server import FaultyServer, RecordedRequest, Reply
from .helpers import Flavor, call_request

MiB = 1024 * 1024
SECRET = "s3cr3t"

# every place a credential or caller identity can travel, as configured below
_SENSITIVE_HEADERS = ("authorization", "x-api-key", "cookie", "x-organization-id", "x-custom")
_IDEMPOTENCY = "Idempotency-Key"


def _loaded_client(flavor: Flavor, **kwargs: Any) -> Any:
    rt = flavor.rt
    auth = rt.AuthSettings(
        bearer="tok",
        api_keys={
            "hdr": rt.ApiKey(location="header", name="X-Api-Key", value=SECRET),
            "qry": rt.ApiKey(location="query", name="api_key", value=SECRET),
            "ck": rt.ApiKey(location="cookie", name="session", value=SECRET),
        },
    )
    return flavor.client(
        auth=auth,
        client_headers={"X-Organization-Id": "org-1"},
        default_headers={"X-Custom": "c"},
        idempotency_header=_IDEMPOTENCY,
        **kwargs,
    )


def _assert_anonymous(request: RecordedRequest) -> None:
    for name in _SENSITIVE_HEADERS:
        assert request.header(name) is None, (name, request.header_list)
    assert request.header(_IDEMPOTENCY) is None
    assert SECRET not in request.target
    assert SECRET.encode() not in request.body
    assert all(SECRET not in value for _, value in request.header_list)


def _assert_credentialed(request: RecordedRequest) -> None:
    assert request.header("authorization") == "Bearer tok"
    assert request.header("x-api-key") == SECRET
    assert request.query.get("api_key") == [SECRET]
    assert f"session={SECRET}" in (request.header("cookie") or "")
    assert request.header("x-organization-id") == "org-1"
    assert request.header("x-custom") == "c"


def _raw(flavor: Flavor, client: Any, *args: Any, **kwargs: Any) -> Any:
    """``call_request(client, ...)`` through the raw-response wrapper: an APIResponse."""
    rt = flavor.rt
    wrap = rt.async_to_raw_response_wrapper if flavor.is_async else rt.to_raw_response_wrapper
    return flavor.run(wrap(functools.partial(call_request, client))(*args, **kwargs))


@pytest.fixture
def other() -> Any:
    """A second server on 127.0.0.1: another port, so another origin."""
    with FaultyServer() as srv:
        srv.default_reply = Reply(200, json={"where": "other"})
        yield srv


# --------------------------------------------------------------------------------- redirects


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_get_redirected_to_another_port_carries_no_credentials(
    flavor: Flavor, other: FaultyServer, status: int
) -> None:
    flavor.server.script("/r", Reply(status, headers={"Location": other.url + "/landing?x=1"}))
    client = _loaded_client(flavor)
    assert flavor.run(call_request(client, "GET", "/r", response_type=dict)) == {"where": "other"}
    _assert_credentialed(flavor.server.requests_to("/r")[0])
    [hop] = other.requests
    assert (hop.method, hop.path, hop.query) == ("GET", "/landing", {"x": ["1"]})
    _assert_anonymous(hop)
    assert hop.header("accept") == "application/json"


@pytest.mark.parametrize("status", [301, 302, 303])
def test_post_redirected_to_another_port_becomes_an_anonymous_get(
    flavor: Flavor, other: FaultyServer, status: int
) -> None:
    flavor.server.script("/r", Reply(status, headers={"Location": other.url + "/landing"}))
    client = _loaded_client(flavor)
    flavor.run(call_request(client, "POST", "/r", json_body={"secret": SECRET}, response_type=dict))
    sent = flavor.server.requests_to("/r")[0]
    assert sent.json() == {"secret": SECRET} and sent.header(_IDEMPOTENCY)
    [hop] = other.requests
    assert hop.method == "GET" and hop.body == b"" and hop.header("content-type") is None
    _assert_anonymous(hop)


@pytest.mark.parametrize("status", [307, 308])
def test_body_is_never_resent_to_another_origin(
    flavor: Flavor, other: FaultyServer, status: int
) -> None:
    flavor.server.script("/r", Reply(status, headers={"Location": other.url + "/landing"}))
    client = _loaded_client(flavor)
    with pytest.raises(flavor.rt.APIRedirectError, match="request body"):
        flavor.run(
            call_request(client, "POST", "/r", json_body={"secret": SECRET}, response_type=dict)
        )
    assert other.requests == []
    assert len(flavor.server.requests_to("/r")) == 1  # refused, not retried


def test_bodiless_307_to_another_origin_keeps_the_method_without_credentials(
    flavor: Flavor, other: FaultyServer
) -> None:
    flavor.server.script("/r", Reply(307, headers={"Location": other.url + "/landing"}))
    client = _loaded_client(flavor)
    flavor.run(call_request(client, "DELETE", "/r", response_type=dict))
    assert flavor.server.requests_to("/r")[0].header(_IDEMPOTENCY)
    [hop] = other.requests
    assert hop.method == "DELETE"
    _assert_anonymous(hop)


@pytest.mark.parametrize("status", [307, 308])
def test_same_origin_redirect_keeps_credentials_and_body(flavor: Flavor, status: int) -> None:
    server = flavor.server
    server.script("/old", Reply(status, headers={"Location": "/new?api_key=" + SECRET}))
    server.route("/new", lambda req: Reply(200, json=req.json()))
    client = _loaded_client(flavor)
    result = flavor.run(
        call_request(client, "POST", "/old", json_body={"n": 1}, response_type=dict)
    )
    assert result == {"n": 1}
    first, hop = server.requests_to("/old")[0], server.requests_to("/new")[0]
    assert hop.method == "POST" and hop.header("content-type") == "application/json"
    _assert_credentialed(hop)
    assert hop.header(_IDEMPOTENCY) == first.header(_IDEMPOTENCY)


def test_same_origin_303_keeps_credentials_and_drops_the_body(flavor: Flavor) -> None:
    server = flavor.server
    server.script("/old", Reply(303, headers={"Location": server.url + "/new"}))
    server.script("/new", Reply(200, json={"ok": True}))
    client = _loaded_client(flavor)
    flavor.run(call_request(client, "POST", "/old", json_body={"n": 1}, response_type=dict))
    hop = server.requests_to("/new")[0]
    assert hop.method == "GET" and hop.body == b"" and hop.header("content-type") is None
    assert hop.header("authorization") == "Bearer tok" and hop.header("x-api-key") == SECRET


def test_redirect_history_is_kept_and_readable(flavor: Flavor) -> None:
    server = flavor.server
    server.script("/a", Reply(301, body="moved", headers={"Location": "/b"}))
    server.script("/b", Reply(308, body="moved again", headers={"Location": "/c"}))
    server.script("/c", Reply(200, json={"ok": True}))
    raw = _raw(flavor, flavor.client(), "GET", "/a", response_type=dict)
    assert raw.parse() == {"ok": True}
    history = raw.http_response.history
    assert [(r.status_code, r.text) for r in history] == [(301, "moved"), (308, "moved again")]


def test_back_to_base_origin_after_another_stays_anonymous(
    flavor: Flavor, other: FaultyServer
) -> None:
    server = flavor.server
    server.script("/start", Reply(302, headers={"Location": other.url + "/bounce"}))
    other.script("/bounce", Reply(302, headers={"Location": server.url + "/back"}))
    server.script("/back", Reply(200, json={"ok": True}))
    client = _loaded_client(flavor)
    assert flavor.run(call_request(client, "GET", "/start", response_type=dict)) == {"ok": True}
    _assert_anonymous(other.requests[0])
    # the other origin chose this URL: the client does not lend it its credentials
    _assert_anonymous(server.requests_to("/back")[0])


def test_redirect_loop_is_bounded(flavor: Flavor) -> None:
    flavor.server.script("/loop", Reply(302, headers={"Location": "/loop"}))
    client = flavor.client()
    started = time.monotonic()
    with pytest.raises(flavor.rt.APIRedirectError, match="redirects"):
        flavor.run(call_request(client, "GET", "/loop", response_type=dict))
    assert isinstance(flavor.rt.APIRedirectError("x", request=None), flavor.rt.APIConnectionError)
    assert len(flavor.server.requests_to("/loop")) == flavor.rt.MAX_REDIRECTS + 1
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("location", ["file:///etc/passwd", "ftp://127.0.0.1/x", "data:,x"])
def test_redirect_outside_http_is_refused(flavor: Flavor, location: str) -> None:
    flavor.server.script("/r", Reply(302, headers={"Location": location}))
    with pytest.raises(flavor.rt.APIRedirectError):
        flavor.run(call_request(flavor.client(), "GET", "/r", response_type=dict))


def test_http_client_without_follow_redirects_gets_the_redirect(
    flavor: Flavor, other: FaultyServer
) -> None:
    http_cls = httpx.AsyncClient if flavor.is_async else httpx.Client
    http_client = http_cls(follow_redirects=False)
    try:
        flavor.server.script("/r", Reply(302, headers={"Location": other.url + "/x"}))
        client = flavor.client(http_client=http_client)
        raw = _raw(flavor, client, "GET", "/r")
        assert raw.status_code == 302 and other.requests == []
    finally:
        flavor.run(http_client.aclose() if flavor.is_async else http_client.close())


# ------------------------------------------------------------------------------ response size


def _endless(chunk: bytes = b"x" * 65536) -> Callable[[BinaryIO, threading.Event], None]:
    def write(out: BinaryIO, stopping: threading.Event) -> None:
        out.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n")
        out.write(b"Transfer-Encoding: chunked\r\n\r\n")
        frame = b"%x\r\n%s\r\n" % (len(chunk), chunk)
        while not stopping.is_set():
            out.write(frame)

    return write


def _fixed(body: bytes, encoding: str) -> Reply:
    return Reply(
        200,
        body=body,
        content_type="application/json",
        headers={"Content-Encoding": encoding} if encoding else {},
    )


def _deflate_bomb(size: int) -> bytes:
    """A raw deflate stream of ``size`` spaces built in milliseconds: one 1 MiB block
    compressed after a full flush (which resets the window) and repeated."""
    block = b" " * MiB
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    first = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    again = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    last = packer.compress(block) + packer.flush()
    return first + again * (size // MiB - 2) + last


def _bomb(encoding: str, size: int) -> bytes:
    spaces = b" " * MiB  # JSON whitespace: the body would even decode
    body = _deflate_bomb(size)
    adler = 1
    crc = 0
    for _ in range(size // MiB):
        crc = zlib.crc32(spaces, crc)
        adler = zlib.adler32(spaces, adler)
    if encoding == "raw-deflate":
        return body
    if encoding == "deflate":
        return b"\x78\xda" + body + adler.to_bytes(4, "big")
    gz = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + body
    gz += crc.to_bytes(4, "little") + (size % 2**32).to_bytes(4, "little")
    if encoding == "gzip":
        return gz
    if encoding == "gzip, gzip":
        return gzip.compress(gz, 9)
    raise AssertionError(encoding)


def test_bombs_are_what_they_claim() -> None:
    for encoding in ("gzip", "deflate", "raw-deflate"):
        payload = _bomb(encoding, 4 * MiB)
        wbits = {"gzip": 31, "deflate": 15, "raw-deflate": -15}[encoding]
        assert zlib.decompress(payload, wbits) == b" " * (4 * MiB)
    assert gzip.decompress(gzip.decompress(_bomb("gzip, gzip", 4 * MiB))) == b" " * (4 * MiB)


_BOMB_SIZE = 256 * MiB


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    return {}


def _measure(flavor: Flavor, call: Callable[[], Any]) -> tuple[BaseException | None, int]:
    """Run ``call`` under tracemalloc: (what it raised, peak traced bytes)."""
    tracemalloc.start()
    try:
        flavor.run(call())
    except BaseException as exc:  # returned to the test
        return exc, tracemalloc.get_traced_memory()[1]
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return None, peak


def test_endless_body_stops_at_max_response_size(flavor: Flavor) -> None:
    flavor.server.script("/endless", Reply.raw(_endless()))
    client = flavor.client(max_response_size=MiB, max_retries=3)
    started = time.monotonic()
    exc, peak = _measure(
        flavor, lambda: call_request(client, "GET", "/endless", response_type=dict)
    )
    assert isinstance(exc, flavor.rt.APIResponseTooLargeError), exc
    assert exc.limit == MiB and exc.status_code == 200
    assert isinstance(exc, flavor.rt.APIError)
    assert peak < 4 * MiB, peak
    assert len(flavor.server.requests_to("/endless")) == 1  # not retried
    assert time.monotonic() - started < 5


def test_endless_body_stops_at_the_default_limit(flavor: Flavor) -> None:
    flavor.server.script("/endless", Reply.raw(_endless()))
    client = flavor.client()
    assert client.max_response_size == flavor.rt.DEFAULT_MAX_RESPONSE_SIZE == 64 * MiB
    with pytest.raises(flavor.rt.APIResponseTooLargeError) as info:
        flavor.run(call_request(client, "GET", "/endless", response_type=dict))
    assert info.value.limit == 64 * MiB


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "raw-deflate", "gzip, gzip"])
def test_compression_bomb_stops_at_max_response_size(
    flavor: Flavor, bombs: dict[str, bytes], encoding: str
) -> None:
    if encoding not in bombs:
        bombs[encoding] = _bomb(encoding, _BOMB_SIZE)
    payload = bombs[encoding]
    assert len(payload) < MiB // 2  # small on the wire: only the decoded count can catch it
    header = "deflate" if encoding == "raw-deflate" else encoding
    flavor.server.script("/bomb", _fixed(payload, header))
    client = flavor.client(max_response_size=MiB)
    exc, peak = _measure(flavor, lambda: call_request(client, "GET", "/bomb", response_type=dict))
    assert isinstance(exc, flavor.rt.APIResponseTooLargeError), exc
    assert peak < 4 * MiB, peak  # the 256 MiB never exist in memory


def test_declared_length_over_the_limit_fails_before_reading(flavor: Flavor) -> None:
    def huge(out: BinaryIO, stopping: threading.Event) -> None:
        out.write(b"HTTP/1.1 200 OK\r\nContent-Length: 10000000000\r\n\r\n")
        stopping.wait(10)  # then drips nothing: a client that reads would wait

    flavor.server.script("/huge", Reply.raw(huge))
    client = flavor.client(max_response_size=MiB, timeout=10)
    started = time.monotonic()
    with pytest.raises(flavor.rt.APIResponseTooLargeError):
        flavor.run(call_request(client, "GET", "/huge", response_type=dict))
    assert time.monotonic() - started < 2


def test_head_of_a_large_resource_is_not_too_large(flavor: Flavor) -> None:
    flavor.server.script("/big", Reply(200, body=b"x" * (2 * MiB)))
    client = flavor.client(max_response_size=MiB)
    assert flavor.run(call_request(client, "HEAD", "/big", response_kind="none")) is None
    with pytest.raises(flavor.rt.APIResponseTooLargeError):
        flavor.run(call_request(client, "GET", "/big", response_kind="bytes"))


def test_compressed_responses_within_the_limit_still_decode(flavor: Flavor) -> None:
    body = b'{"items": [' + b",".join(b'"%d"' % i for i in range(20000)) + b"]}"
    flavor.server.script("/gz", _fixed(gzip.compress(body), "gzip"))
    flavor.server.script("/df", _fixed(_bomb_free_deflate(body), "deflate"))
    flavor.server.script("/id", _fixed(body, ""))
    client = flavor.client(max_response_size=len(body))
    for path in ("/gz", "/df", "/id"):
        result = flavor.run(call_request(client, "GET", path, response_type=dict))
        assert len(result["items"]) == 20000, path
    assert flavor.server.requests[0].header("accept-encoding") == "gzip, deflate"
    with pytest.raises(flavor.rt.APIResponseTooLargeError):
        flavor.run(call_request(client.with_options(max_response_size=len(body) - 1), "GET", "/gz"))
    unlimited = client.with_options(max_response_size=None)
    assert unlimited.max_response_size is None
    assert flavor.run(call_request(unlimited, "GET", "/id", response_type=dict))["items"][0] == "0"


def _bomb_free_deflate(body: bytes) -> bytes:
    return zlib.compress(body)


def test_corrupt_gzip_is_a_connection_error(flavor: Flavor) -> None:
    flavor.server.script("/bad", _fixed(b"\x1f\x8b\x08\x00garbage-garbage", "gzip"))
    with pytest.raises(flavor.rt.APIConnectionError):
        flavor.run(call_request(flavor.client(max_retries=0), "GET", "/bad", response_type=dict))


def test_invalid_limits_are_refused(flavor: Flavor) -> None:
    for bad in (0, -1, 1.5, True):
        with pytest.raises(ValueError):
            flavor.client(max_response_size=bad)
    for bad_total in (0, -1.0):
        with pytest.raises(ValueError):
            flavor.client(total_timeout=bad_total)


# --------------------------------------------------------------------------- total deadline


def _drip_body(
    interval: float, length: int = 10_000
) -> Callable[[BinaryIO, threading.Event], None]:
    def write(out: BinaryIO, stopping: threading.Event) -> None:
        out.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n")
        out.write(b"Content-Length: %d\r\n\r\n[" % length)
        while not stopping.wait(interval):
            out.write(b" ")

    return write


def _drip_headers(interval: float) -> Callable[[BinaryIO, threading.Event], None]:
    def write(out: BinaryIO, stopping: threading.Event) -> None:
        out.write(b"HTTP/1.1 200 OK\r\n")
        while not stopping.wait(interval):
            out.write(b"X")

    return write


def test_slow_drip_body_is_cut_by_total_timeout(flavor: Flavor) -> None:
    flavor.server.script("/drip", Reply.raw(_drip_body(0.02)))
    client = flavor.client(timeout=5, total_timeout=0.4, max_retries=1)
    started = time.monotonic()
    with pytest.raises(flavor.rt.APITimeoutError, match="total timeout of 0.4 s") as info:
        flavor.run(call_request(client, "GET", "/drip", response_type=dict))
    elapsed = time.monotonic() - started
    assert 0.8 <= elapsed < 4.0, elapsed  # two attempts of 0.4 s (and a tiny backoff)
    assert len(flavor.server.requests_to("/drip")) == 2
    assert isinstance(info.value, flavor.rt.APIConnectionError)


def test_default_total_timeout_follows_the_read_timeout(flavor: Flavor) -> None:
    """The probe's case scaled down: timeout=T, a byte every T/10: cut at 5 T, not never."""
    flavor.server.script("/drip", Reply.raw(_drip_body(0.02)))
    client = flavor.client(timeout=0.2, max_retries=0)
    assert flavor.rt.TOTAL_TIMEOUT_FACTOR == 5
    started = time.monotonic()
    with pytest.raises(flavor.rt.APITimeoutError, match="total timeout of 1 s"):
        flavor.run(call_request(client, "GET", "/drip", response_type=dict))
    assert 0.95 <= time.monotonic() - started < 3


def test_stalled_server_is_cut_at_the_deadline_not_the_read_timeout(flavor: Flavor) -> None:
    flavor.server.script("/stall", Reply.stall(10))
    client = flavor.client(timeout=10, total_timeout=0.3, max_retries=0)
    started = time.monotonic()
    with pytest.raises(flavor.rt.APITimeoutError):
        flavor.run(call_request(client, "GET", "/stall", response_type=dict))
    assert time.monotonic() - started < 3


def test_headers_dripped_byte_by_byte_are_cut_by_the_async_client(flavor: Flavor) -> None:
    if not flavor.is_async:
        pytest.skip("the sync client checks the deadline once the headers are complete")
    flavor.server.script("/drip", Reply.raw(_drip_headers(0.02)))
    client = flavor.client(timeout=5, total_timeout=0.4, max_retries=0)
    started = time.monotonic()
    with pytest.raises(flavor.rt.APITimeoutError, match="total timeout"):
        flavor.run(call_request(client, "GET", "/drip", response_type=dict))
    assert time.monotonic() - started < 1.5


def test_total_timeout_none_lets_a_slow_body_finish(flavor: Flavor) -> None:
    def slow(out: BinaryIO, stopping: threading.Event) -> None:
        out.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 8\r\n\r\n")
        for byte in b'{"a": 1}':
            if stopping.wait(0.05):
                return
            out.write(bytes([byte]))

    flavor.server.script("/slow", Reply.raw(slow))
    client = flavor.client(timeout=2, total_timeout=0.2, max_retries=0)
    with pytest.raises(flavor.rt.APITimeoutError):
        flavor.run(call_request(client, "GET", "/slow", response_type=dict))
    relaxed = client.with_options(total_timeout=None)
    assert relaxed.total_timeout is None
    assert flavor.run(call_request(relaxed, "GET", "/slow", response_type=dict)) == {"a": 1}


# ------------------------------------------------------------------------------- deep JSON

_DEEP = b"[" * 200_000 + b"]" * 200_000


@pytest.mark.parametrize("strict", [False, True])
def test_deep_json_is_a_typed_error_not_recursion_error(flavor: Flavor, strict: bool) -> None:
    flavor.server.script("/deep", Reply(200, body=_DEEP, content_type="application/json"))
    client = flavor.client(strict=strict)
    with pytest.raises(flavor.rt.APIResponseValidationError, match="nested too deeply"):
        flavor.run(call_request(client, "GET", "/deep", response_type=list))
    raw = _raw(flavor, client, "GET", "/deep", response_type=list)
    with pytest.raises(flavor.rt.APIResponseValidationError, match="nested too deeply") as info:
        raw.json()
    assert info.value.body is None and info.value.status_code == 200


def test_deep_json_error_body_stays_a_status_error(flavor: Flavor) -> None:
    flavor.server.script("/deep", Reply(500, body=_DEEP, content_type="application/json"))
    with pytest.raises(flavor.rt.InternalServerError) as info:
        flavor.run(call_request(flavor.client(max_retries=0), "GET", "/deep", response_type=list))
    assert isinstance(info.value.body, str)
