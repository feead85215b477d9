"""Logging: off by default, <PKG>_LOG=debug turns it on, credentials are redacted."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from .faulty_server import Reply
from .helpers import Flavor, call_request

SECRETS = ["sekrit-bearer-token", "hdr-secret-value", "qry-secret-value", "cookie-secret-value"]


def _auth(rt: Any) -> Any:
    return rt.AuthSettings(
        bearer="sekrit-bearer-token",
        api_keys={
            "h": rt.ApiKey(location="header", name="X-Custom-Key", value="hdr-secret-value"),
            "q": rt.ApiKey(location="query", name="key", value="qry-secret-value"),
            "c": rt.ApiKey(location="cookie", name="sid", value="cookie-secret-value"),
        },
    )


def _records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "sdkpkg" or r.name.startswith("sdkpkg.")]


def test_names_derive_from_the_package(rt: Any) -> None:
    assert rt._logging.PACKAGE_NAME == "sdkpkg"
    assert rt._logging.ENV_VAR == "SDKPKG_LOG"
    assert rt._logging.logger is logging.getLogger("sdkpkg")
    assert rt._logging._package_name("ocpplab._runtime._logging") == "ocpplab"
    assert rt._logging._package_name("vendor.ocpplab._runtime._logging") == "vendor.ocpplab"


def test_off_by_default(
    flavor: Flavor, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SDKPKG_LOG", raising=False)
    caplog.set_level(logging.WARNING)  # the stdlib default, whatever pytest is configured with
    flavor.server.script("/x", Reply(503), Reply(200))
    client = flavor.client(auth=_auth(flavor.rt))
    flavor.run(call_request(client, "GET", "/x"))
    assert _records(caplog) == []
    assert logging.getLogger("sdkpkg").level == logging.NOTSET
    assert logging.getLogger("sdkpkg").handlers == []


@pytest.mark.parametrize("level", ["debug", "info"])
def test_env_var_enables_logs_and_secrets_are_redacted(
    flavor: Flavor, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch, level: str
) -> None:
    monkeypatch.setenv("SDKPKG_LOG", level)
    flavor.server.script("/things/1", Reply(503), Reply(200, json={"ok": True}))
    client = flavor.client(auth=_auth(flavor.rt), client_headers={"X-Organization-Id": "org"})
    flavor.run(call_request(client, "POST", "/things/1", json_body={"a": 1}, query={"page": 2}))

    records = _records(caplog)
    assert records, "no log records with SDKPKG_LOG set"
    text = "\n".join(r.getMessage() for r in records)
    assert "POST" in text and f"{flavor.server.url}/things/1" in text
    assert '"503 Service Unavailable"' in text and '"200 OK"' in text
    assert "attempt 1 of 3" in text and "attempt 2 of 3" in text
    assert "Retrying POST" in text and "seconds" in text
    assert "page=2" in text and "key=<redacted>" in text
    for secret in SECRETS:
        assert secret not in text
        assert secret not in caplog.text
    if level == "debug":
        assert "Request headers" in text and "'authorization': '<redacted>'" in text
        assert "'x-custom-key': '<redacted>'" in text and "'cookie': '<redacted>'" in text
        assert "'x-organization-id': 'org'" in text
    else:
        assert all(r.levelno >= logging.INFO for r in records)


def test_redaction_helpers(rt: Any) -> None:
    import httpx

    headers = rt._logging.redact_headers(
        {
            "Authorization": "a",
            "Proxy-Authorization": "b",
            "Cookie": "c",
            "X-API-KEY": "d",
            "Mine": "e",
            "Ok": "f",
        },
        ["mine"],
    )
    assert headers == {
        "Authorization": "<redacted>",
        "Proxy-Authorization": "<redacted>",
        "Cookie": "<redacted>",
        "X-API-KEY": "<redacted>",
        "Mine": "<redacted>",
        "Ok": "f",
    }
    url = httpx.URL("https://h/p?a=1&Token=s&b=2")
    assert rt._logging.redact_url(url, ["token"]) == "https://h/p?a=1&Token=<redacted>&b=2"
    assert rt._logging.redact_url(httpx.URL("https://h/p"), ["token"]) == "https://h/p"


def test_stderr_handler_only_when_logging_is_unconfigured(
    rt: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    logger = logging.getLogger("sdkpkg")
    monkeypatch.setenv("SDKPKG_LOG", "info")
    rt._logging.setup_logging()  # pytest's handlers sit on the root logger
    assert logger.level == logging.INFO and logger.handlers == []
    monkeypatch.setattr(logging.getLogger(), "handlers", [])
    rt._logging.setup_logging()
    rt._logging.setup_logging()
    assert len(logger.handlers) == 1
    monkeypatch.setenv("SDKPKG_LOG", "nonsense")
    logger.setLevel(logging.NOTSET)
    rt._logging.setup_logging()
    assert logger.level == logging.NOTSET
