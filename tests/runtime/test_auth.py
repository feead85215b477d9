"""Authentication: bearer (string, callable, async callable), basic, API keys, security."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from .faulty_server import Reply
from .helpers import Flavor, call_request


def _one(flavor: Flavor, client: Any, **kwargs: Any) -> Any:
    flavor.server.script("/a", Reply(200, json={}))
    before = len(flavor.server.requests)
    flavor.run(call_request(client, "GET", "/a", **kwargs))
    return flavor.server.requests[before]


def test_bearer_string(flavor: Flavor) -> None:
    client = flavor.client(auth=flavor.rt.AuthSettings(bearer="abc"))
    assert _one(flavor, client).header("Authorization") == "Bearer abc"


def test_bearer_callable_is_called_per_request(flavor: Flavor) -> None:
    calls: list[int] = []

    def token() -> str:
        calls.append(1)
        return f"t{len(calls)}"

    client = flavor.client(auth=flavor.rt.AuthSettings(bearer=token))
    assert _one(flavor, client).header("Authorization") == "Bearer t1"
    assert _one(flavor, client).header("Authorization") == "Bearer t2"
    # and per attempt, so a refreshed token is used on a retry
    flavor.server.script("/r", Reply(503), Reply(200))
    flavor.run(call_request(client, "GET", "/r"))
    assert [r.header("Authorization") for r in flavor.server.requests_to("/r")] == [
        "Bearer t3",
        "Bearer t4",
    ]


@pytest.mark.parametrize("flavor", ["async"], indirect=True)
def test_async_bearer_callable_on_the_async_client(flavor: Flavor) -> None:
    count = {"n": 0}

    async def token() -> str:
        count["n"] += 1
        return f"async-{count['n']}"

    client = flavor.client(auth=flavor.rt.AuthSettings(bearer=token))
    assert _one(flavor, client).header("Authorization") == "Bearer async-1"
    assert _one(flavor, client).header("Authorization") == "Bearer async-2"


@pytest.mark.parametrize("flavor", ["sync"], indirect=True)
def test_async_bearer_callable_on_the_sync_client_is_refused(flavor: Flavor) -> None:
    async def token() -> str:
        return "x"

    client = flavor.client(auth=flavor.rt.AuthSettings(bearer=token))
    with pytest.raises(TypeError, match="async"):
        call_request(client, "GET", "/a")
    assert flavor.server.requests == []


def test_basic(flavor: Flavor) -> None:
    client = flavor.client(auth=flavor.rt.AuthSettings(basic=("user", "pä ss")))
    expected = "Basic " + base64.b64encode("user:pä ss".encode()).decode()
    assert _one(flavor, client).header("Authorization") == expected


def _keys(rt: Any) -> Any:
    return rt.AuthSettings(
        api_keys={
            "headerKey": rt.ApiKey(location="header", name="X-Api-Key", value="hk"),
            "queryKey": rt.ApiKey(location="query", name="api_key", value="qk"),
            "cookieKey": rt.ApiKey(location="cookie", name="session", value="ck v;1"),
        },
        scheme_kinds={"headerKey": "api_key", "queryKey": "api_key", "cookieKey": "api_key"},
    )


def test_api_keys_in_header_query_and_cookie(flavor: Flavor) -> None:
    client = flavor.client(auth=_keys(flavor.rt))
    request = _one(flavor, client, query={"q": 1}, cookies={"pref": "dark"})
    assert request.header("X-Api-Key") == "hk"
    assert request.query == {"api_key": ["qk"], "q": ["1"]}
    assert request.header("Cookie") == "session=ck%20v%3B1; pref=dark"
    assert request.header("Authorization") is None


def _mixed(rt: Any, *, bearer: Any = "tok", key: Any = "hk") -> Any:
    return rt.AuthSettings(
        bearer=bearer,
        basic=("u", "p"),
        api_keys={
            "headerKey": rt.ApiKey(location="header", name="X-Api-Key", value=key),
            "queryKey": rt.ApiKey(location="query", name="api_key", value="qk"),
        },
        scheme_kinds={
            "bearerAuth": "bearer",
            "basicAuth": "basic",
            "headerKey": "api_key",
            "queryKey": "api_key",
        },
    )


def test_security_alternatives_choose_schemes(flavor: Flavor) -> None:
    rt = flavor.rt
    client = flavor.client(auth=_mixed(rt))
    r = _one(flavor, client, security=[["bearerAuth"], ["headerKey"]])
    assert (r.header("Authorization"), r.header("X-Api-Key"), r.query) == ("Bearer tok", None, {})

    r = _one(flavor, client, security=[["headerKey", "queryKey"]])  # both, AND
    assert (r.header("Authorization"), r.header("X-Api-Key"), r.query) == (
        None,
        "hk",
        {"api_key": ["qk"]},
    )

    r = _one(flavor, client, security=[["basicAuth"]])
    assert (
        r.header(
            "Authorization",
        )
        == "Basic " + base64.b64encode(b"u:p").decode()
    )

    r = _one(flavor, client, security=[])  # no auth for this operation
    assert (r.header("Authorization"), r.header("X-Api-Key"), r.query) == (None, None, {})

    r = _one(flavor, client, security=[[]])  # optional auth
    assert r.header("Authorization") is None

    r = _one(flavor, client)  # None: every configured credential (bearer beats basic)
    assert (r.header("Authorization"), r.header("X-Api-Key"), r.query) == (
        "Bearer tok",
        "hk",
        {"api_key": ["qk"]},
    )


def test_default_security_applies_when_an_operation_has_none(flavor: Flavor) -> None:
    client = flavor.client(auth=_mixed(flavor.rt), default_security=[["headerKey"]])
    r = _one(flavor, client)  # the document-level requirement
    assert (r.header("Authorization"), r.header("X-Api-Key"), r.query) == (None, "hk", {})
    r = _one(flavor, client, security=[["bearerAuth"]])  # the operation's own wins
    assert (r.header("Authorization"), r.header("X-Api-Key")) == ("Bearer tok", None)
    r = _one(flavor, client, security=[])
    assert (r.header("Authorization"), r.header("X-Api-Key")) == (None, None)
    r = _one(flavor, client.with_options(default_security=None))  # everything configured
    assert (r.header("Authorization"), r.header("X-Api-Key")) == ("Bearer tok", "hk")


def test_security_falls_through_to_a_configured_alternative(flavor: Flavor) -> None:
    client = flavor.client(auth=_mixed(flavor.rt, bearer=None))
    r = _one(flavor, client, security=[["bearerAuth"], ["headerKey"]])
    assert (r.header("Authorization"), r.header("X-Api-Key")) == (None, "hk")


def test_unsatisfiable_security_sends_every_configured_credential(flavor: Flavor) -> None:
    # e.g. a requirement naming a scheme key the client does not know
    client = flavor.client(auth=_mixed(flavor.rt, key=None))
    r = _one(flavor, client, security=[["bearer_auth"]])
    assert (r.header("Authorization"), r.header("X-Api-Key"), r.query) == (
        "Bearer tok",
        None,
        {"api_key": ["qk"]},
    )
    r = _one(flavor, client, security=[["headerKey"]])  # its key is not configured
    assert r.header("Authorization") == "Bearer tok"


def test_client_headers_and_extra_headers(flavor: Flavor) -> None:
    client = flavor.client(
        default_headers={"X-Default": "d", "X-Drop": "x"},
        client_headers={"X-Organization-Id": "org-1", "X-Unset": None},
    )
    r = _one(flavor, client)
    assert r.header("X-Organization-Id") == "org-1" and r.header("X-Default") == "d"
    assert "x-unset" not in r.headers
    r = _one(
        flavor,
        client,
        extra_headers={"Authorization": "Bearer override", "X-Drop": None, "X-New": "n"},
    )
    assert r.header("Authorization") == "Bearer override"
    assert "x-drop" not in r.headers and r.header("X-New") == "n"


_KINDS = {"bearerAuth": "bearer", "headerKey": "api_key"}


def _no_credentials(flavor: Flavor, **settings: Any) -> Any:
    return flavor.rt.AuthSettings(
        scheme_kinds=_KINDS,
        api_keys={"headerKey": flavor.rt.ApiKey("header", "X-Key", None)},
        hints={"bearerAuth": "pass api_key= (or set ACME_API_KEY)"},
        **settings,
    )


def test_required_credentials_missing_raise_before_any_request(flavor: Flavor) -> None:
    flavor.server.script("/a", Reply(200, json={}))
    client = flavor.client(auth=_no_credentials(flavor))
    with pytest.raises(flavor.rt.MissingCredentialsError) as info:
        flavor.run(call_request(client, "GET", "/a", security=[["bearerAuth"], ["headerKey"]]))
    assert "GET /a requires credentials" in str(info.value)
    assert "pass api_key= (or set ACME_API_KEY); or headerKey" in str(info.value)
    assert isinstance(info.value, flavor.rt.APIError)
    assert flavor.server.requests == []
    # The document's default requirement counts too.
    with pytest.raises(flavor.rt.MissingCredentialsError):
        flavor.run(call_request(client.with_options(default_security=[["headerKey"]]), "GET", "/a"))
    assert flavor.server.requests == []


def test_credentials_given_another_way_or_not_required(flavor: Flavor) -> None:
    client = flavor.client(auth=_no_credentials(flavor))
    optional = _one(flavor, client, security=[["bearerAuth"], []])  # an anonymous alternative
    assert optional.header("Authorization") is None
    assert _one(flavor, client, security=[]).header("Authorization") is None
    assert _one(flavor, client).header("Authorization") is None  # no requirement at all
    by_header = _one(
        flavor, client, security=[["bearerAuth"]], extra_headers={"Authorization": "Bearer x"}
    )
    assert by_header.header("Authorization") == "Bearer x"
    keyed = flavor.client(auth=_no_credentials(flavor), default_headers={"x-key": "k"})
    assert _one(flavor, keyed, security=[["headerKey"]]).header("X-Key") == "k"
    opted_out = flavor.client(auth=_no_credentials(flavor, required=False))
    assert _one(flavor, opted_out, security=[["bearerAuth"]]).header("Authorization") is None
    unknown = _one(flavor, client, security=[["mutualTLS"]])  # nothing the client could send
    assert unknown.header("Authorization") is None


def test_an_http_client_with_its_own_auth_counts_as_credentials(flavor: Flavor) -> None:
    import httpx

    http_client = (httpx.AsyncClient if flavor.is_async else httpx.Client)(auth=("u", "p"))
    flavor._http_clients.append(http_client)
    client = flavor.client(auth=_no_credentials(flavor), http_client=http_client)
    sent = _one(flavor, client, security=[["bearerAuth"]])
    assert (sent.header("Authorization") or "").startswith("Basic ")
