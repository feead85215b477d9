"""Request building: paths, query, headers, cookies, bodies, base_url, options, sentinels."""

from __future__ import annotations

import asyncio
import copy
import datetime
import enum
import functools
import io
import pickle
from pathlib import Path
from typing import Any

import httpx
import pytest

from .faulty_server import Reply
from .helpers import Flavor, call_request


class Kind(str, enum.Enum):
    AC = "ac"
    DC = "dc"


def _send(flavor: Flavor, client: Any, method: str, path: str, **kwargs: Any) -> Any:
    flavor.server.default_reply = Reply(200, json={})
    before = len(flavor.server.requests)
    flavor.run(call_request(client, method, path, **kwargs))
    return flavor.server.requests[before]


@pytest.mark.parametrize(
    "value, segment",
    [
        ("a/b?c#d", "a%2Fb%3Fc%23d"),
        ("..", "%2E%2E"),
        (".", "%2E"),
        ("x y+z%2F", "x%20y%2Bz%252F"),
        ("ünï", "%C3%BCn%C3%AF"),
        (Kind.DC, "dc"),
        (42, "42"),
        (True, "true"),
    ],
)
def test_path_params_cannot_change_the_path(flavor: Flavor, value: Any, segment: str) -> None:
    client = flavor.client()
    r = _send(
        flavor, client, "GET", "/chargers/{charger_id}/logs", path_params={"charger_id": value}
    )
    assert r.target == f"/chargers/{segment}/logs"


@pytest.mark.parametrize("value", ["", None])
def test_empty_path_params_are_refused(flavor: Flavor, value: Any) -> None:
    client = flavor.client()
    with pytest.raises(ValueError):
        flavor.run(call_request(client, "GET", "/chargers/{id}", path_params={"id": value}))
    with pytest.raises(ValueError):
        flavor.run(call_request(client, "GET", "/chargers/{id}", path_params={}))
    assert flavor.server.requests == []


@pytest.mark.parametrize("base", ["/api/v1", "/api/v1/"])
def test_base_url_with_a_path_prefix(flavor: Flavor, base: str) -> None:
    client = flavor.client(base_url=flavor.server.url + base)
    assert _send(flavor, client, "GET", "/ocpp/chargers").path == "/api/v1/ocpp/chargers"
    assert _send(flavor, client, "GET", "ocpp/chargers").path == "/api/v1/ocpp/chargers"
    with pytest.raises(ValueError):
        flavor.client(base_url="not a url")


def test_query_encoding(flavor: Flavor) -> None:
    rt = flavor.rt
    client = flavor.client()
    when = datetime.datetime(2024, 5, 1, 10, 0, tzinfo=datetime.UTC)
    r = _send(
        flavor,
        client,
        "GET",
        "/q",
        query={
            "skip": rt.omit,
            "none": None,
            "yes": True,
            "no": False,
            "ids": [1, 2, rt.omit],
            "kind": Kind.AC,
            "kinds": (Kind.AC, Kind.DC),
            "since": when,
            "day": datetime.date(2024, 5, 1),
            "filter": {"name": "a b", "max": 3, "gone": None},
            "limit": 10,
            "ratio": 0.5,
            "text": "ä&=?",
        },
        extra_query={"limit": 20, "extra": "e"},
    )
    assert r.query == {
        "yes": ["true"],
        "no": ["false"],
        "ids": ["1", "2"],
        "kind": ["ac"],
        "kinds": ["ac", "dc"],
        "since": ["2024-05-01T10:00:00+00:00"],
        "day": ["2024-05-01"],
        "filter[name]": ["a b"],
        "filter[max]": ["3"],
        "ratio": ["0.5"],
        "text": ["ä&=?"],
        "limit": ["20"],
        "extra": ["e"],
    }


def test_header_params(flavor: Flavor) -> None:
    rt = flavor.rt
    client = flavor.client()
    r = _send(
        flavor,
        client,
        "GET",
        "/h",
        headers={
            "X-Skip": rt.omit,
            "X-None": None,
            "X-Flag": True,
            "X-Kind": Kind.DC,
            "X-List": ["a", "b"],
            "X-Num": 3,
        },
    )
    assert (r.header("x-flag"), r.header("x-kind"), r.header("x-list"), r.header("x-num")) == (
        "true",
        "dc",
        "a,b",
        "3",
    )
    assert "x-skip" not in r.headers and "x-none" not in r.headers
    with pytest.raises(ValueError):
        flavor.run(call_request(client, "GET", "/h", headers={"X-Evil": "a\r\nX-Injected: 1"}))


def test_form_files_and_raw_content(flavor: Flavor, tmp_path: Path) -> None:
    rt = flavor.rt
    client = flavor.client()
    r = _send(
        flavor, client, "POST", "/form", form_body={"a": "1 2", "b": [True, False], "c": rt.omit}
    )
    assert r.header("content-type") == "application/x-www-form-urlencoded"
    assert r.body == b"a=1+2&b=true&b=false"

    path = tmp_path / "fw.bin"
    path.write_bytes(b"firmware")
    r = _send(
        flavor,
        client,
        "POST",
        "/upload",
        form_body={"note": "n"},
        files={"fw": path, "log": ("log.txt", io.BytesIO(b"lines"), "text/plain"), "raw": b"xyz"},
    )
    assert r.header("content-type").startswith("multipart/form-data; boundary=")
    for part in [
        b'name="note"',
        b"\r\n\r\nn\r\n",
        b'filename="fw.bin"',
        b"firmware",
        b'filename="log.txt"',
        b"Content-Type: text/plain",
        b"lines",
        b"xyz",
    ]:
        assert part in r.body

    r = _send(
        flavor, client, "PUT", "/raw", content=b"\x00\x01", content_type="application/x-thing"
    )
    assert (r.body, r.header("content-type")) == (b"\x00\x01", "application/x-thing")
    r = _send(flavor, client, "PUT", "/raw", content="text")
    assert (r.body, r.header("content-type")) == (b"text", "text/plain; charset=utf-8")
    r = _send(
        flavor,
        client,
        "PATCH",
        "/merge",
        json_body={"a": None},
        content_type="application/merge-patch+json",
    )
    assert (r.body, r.header("content-type")) == (b'{"a": null}', "application/merge-patch+json")


def test_multipart_body_is_resent_on_retry(flavor: Flavor) -> None:
    flavor.server.script("/upload", Reply(503), Reply(200))
    client = flavor.client()
    flavor.run(
        call_request(client, "POST", "/upload", files={"f": ("a.txt", io.BytesIO(b"payload"))})
    )
    bodies = [r.body for r in flavor.server.requests_to("/upload")]
    assert len(bodies) == 2 and all(b"payload" in b for b in bodies)


def test_timeouts(flavor: Flavor) -> None:
    rt = flavor.rt
    assert flavor.client(default_http_client=True).timeout == 60.0
    assert flavor.client(timeout=None).timeout is None
    assert flavor.client(timeout=3).timeout == 3
    http_client = (httpx.AsyncClient if flavor.is_async else httpx.Client)(timeout=7.0)
    try:
        assert flavor.client(http_client=http_client).timeout == httpx.Timeout(7.0)
        assert rt.DEFAULT_TIMEOUT == 60.0 and rt.DEFAULT_MAX_RETRIES == 2
    finally:
        flavor.run(http_client.aclose() if flavor.is_async else http_client.close())


def test_user_http_client_is_used_and_not_closed(flavor: Flavor) -> None:
    seen: list[str] = []

    def hook(request: httpx.Request) -> None:
        seen.append(request.url.path)

    async def ahook(request: httpx.Request) -> None:
        seen.append(request.url.path)

    if flavor.is_async:
        http_client: Any = httpx.AsyncClient(event_hooks={"request": [ahook]})
    else:
        http_client = httpx.Client(event_hooks={"request": [hook]})
    client = flavor.client(http_client=http_client)
    _send(flavor, client, "GET", "/hooked")
    assert seen == ["/hooked"]
    flavor.run(client.close())
    assert not http_client.is_closed
    flavor.run(http_client.aclose() if flavor.is_async else http_client.close())


def test_own_http_client_and_the_other_flavor_refused(flavor: Flavor) -> None:
    """The client builds its own httpx client of its flavor (redirects handled by the runtime),
    and refuses the other flavor's before building anything."""
    own, other = (
        (httpx.AsyncClient, httpx.Client) if flavor.is_async else (httpx.Client, httpx.AsyncClient)
    )
    client = flavor.client(default_http_client=True, timeout=4.0)
    assert type(client._client) is own and client._owns_http_client
    assert client._client.timeout == httpx.Timeout(4.0) and client._client.follow_redirects
    assert not client.is_closed()
    _send(flavor, client, "GET", "/own")
    flavor.run(client.close())
    assert client.is_closed()
    wrong = other()
    try:
        with pytest.raises(TypeError, match=f"http_client must be an httpx.{own.__name__}, got"):
            flavor.client(http_client=wrong)
    finally:
        if isinstance(wrong, httpx.AsyncClient):
            asyncio.run(wrong.aclose())  # the sync flavor: no event loop is running
        else:
            wrong.close()


class _Resource:
    def __init__(self, client: Any) -> None:
        self._client = client


class _Sub(_Resource):
    pass


def _client_with_resources(flavor: Flavor, **kwargs: Any) -> Any:
    base = flavor.rt.AsyncAPIClient if flavor.is_async else flavor.rt.SyncAPIClient

    class Client(base):  # type: ignore[misc, valid-type]
        def __init__(self, **kw: Any) -> None:
            super().__init__(**kw)
            self.eager = _Resource(self)
            self.eager.sub = _Sub(self)

        @functools.cached_property
        def chargers(self) -> _Resource:
            return _Resource(self)

    client = Client(base_url=flavor.server.url, auth=flavor.rt.AuthSettings(bearer="tok"), **kwargs)
    flavor._clients.append(client)
    return client


def test_with_options(flavor: Flavor) -> None:
    rt = flavor.rt
    client = _client_with_resources(
        flavor, client_headers={"X-Organization-Id": "org-1"}, max_retries=3
    )
    assert client.chargers._client is client
    copy_ = client.with_options(
        max_retries=0,
        client_headers={"X-Organization-Id": "org-2", "X-Extra": "e"},
        auth=rt.AuthSettings(bearer="other"),
    )
    assert type(copy_) is type(client)
    assert copy_._client is client._client  # shares the HTTP client
    assert copy_.max_retries == 0 and client.max_retries == 3
    assert copy_.chargers._client is copy_ and client.chargers._client is client
    assert copy_.eager._client is copy_ and copy_.eager.sub._client is copy_
    assert client.eager._client is client and client.eager.sub._client is client

    flavor.server.script("/x", Reply(503), Reply(200))
    with pytest.raises(rt.ServiceUnavailableError):
        flavor.run(call_request(copy_, "GET", "/x"))
    assert len(flavor.server.requests_to("/x")) == 1  # max_retries=0 on the copy
    r = _send(flavor, copy_, "GET", "/y")
    assert r.header("authorization") == "Bearer other"
    assert (r.header("x-organization-id"), r.header("x-extra")) == ("org-2", "e")
    r = _send(flavor, client, "GET", "/y")
    assert (r.header("authorization"), r.header("x-organization-id")) == ("Bearer tok", "org-1")

    flavor.run(copy_.close())  # the copy does not own the HTTP client
    assert not client.is_closed()
    r = _send(flavor, client.with_options(client_headers={"X-Organization-Id": None}), "GET", "/y")
    assert r.header("x-organization-id") is None


def test_context_managers_close_owned_clients(flavor: Flavor) -> None:
    rt = flavor.rt
    if flavor.is_async:

        async def run() -> Any:
            async with rt.AsyncAPIClient(base_url=flavor.server.url, auth=rt.AuthSettings()) as c:
                return c

        client = flavor.run(run())
    else:
        with rt.SyncAPIClient(base_url=flavor.server.url, auth=rt.AuthSettings()) as client:
            pass
    assert client.is_closed()


def test_sentinels(rt: Any) -> None:
    assert not rt.omit and repr(rt.omit) == "omit" and rt.Omit() is rt.omit
    assert not rt.NOT_GIVEN and repr(rt.NOT_GIVEN) == "NOT_GIVEN" and rt.NotGiven() is rt.NOT_GIVEN
    assert copy.copy(rt.omit) is rt.omit and copy.deepcopy({"a": rt.omit})["a"] is rt.omit
    assert pickle.loads(pickle.dumps(rt.omit)) is rt.omit
    assert pickle.loads(pickle.dumps(rt.NOT_GIVEN)) is rt.NOT_GIVEN
    assert (
        copy.copy(rt.NOT_GIVEN) is rt.NOT_GIVEN and copy.deepcopy([rt.NOT_GIVEN])[0] is rt.NOT_GIVEN
    )
    assert rt.Omit() is not rt.NotGiven() and type(rt.NotGiven()) is rt.NotGiven


def test_lazy_module(rt: Any) -> None:
    import sys

    pkg_dir = Path(sys.modules["sdkpkg"].__file__).parent  # type: ignore[arg-type]
    (pkg_dir / "heavy_models.py").write_text("LOADED = True\nclass Thing:\n    pass\n")
    try:
        sys.modules.pop("sdkpkg.heavy_models", None)
        models = rt.lazy_module("..heavy_models", "sdkpkg._runtime")
        assert "sdkpkg.heavy_models" not in sys.modules
        assert "not loaded" in repr(models)
        assert models.LOADED is True
        assert "sdkpkg.heavy_models" in sys.modules
        assert models.Thing is sys.modules["sdkpkg.heavy_models"].Thing
        assert "Thing" in dir(models) and "loaded" in repr(models)
        missing = rt.lazy_module(".does_not_exist", "sdkpkg")
        with pytest.raises(ModuleNotFoundError):
            missing.anything
    finally:
        (pkg_dir / "heavy_models.py").unlink()
        sys.modules.pop("sdkpkg.heavy_models", None)
