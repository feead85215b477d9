"""`apigen diff` names a nested resource by the accessor a user writes (`accounts.capabilities`),
never by its internal name (`accounts_capabilities`), in the text and the JSON report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .helpers import doc, op, param
from .test_command import run, write

ACCOUNT = param("account", "path")


def _spec(*, persons: bool, required_limit: bool) -> dict:
    caps = "/v1/accounts/{account}/capabilities"
    paths = {
        "/v1/accounts": {"get": op("GetAccounts", tags=())},
        "/v1/accounts/{account}": {"get": op("GetAccountsAccount", tags=(), parameters=[ACCOUNT])},
        caps: {
            "get": op(
                "GetAccountsAccountCapabilities",
                tags=(),
                parameters=[ACCOUNT, param("limit", required=required_limit)],
            )
        },
        caps
        + "/{capability}": {
            "get": op(
                "GetAccountsAccountCapabilitiesCapability",
                tags=(),
                parameters=[ACCOUNT, param("capability", "path")],
            )
        },
    }
    if persons:
        paths["/v1/accounts/{account}/persons"] = {
            "get": op("GetAccountsAccountPersons", tags=(), parameters=[ACCOUNT])
        }
    return doc(paths, title="Stripe")


@pytest.fixture
def pair(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    monkeypatch.chdir(tmp_path)
    old = write(tmp_path / "old.yaml", _spec(persons=True, required_limit=False))
    new = write(tmp_path / "new.yaml", _spec(persons=False, required_limit=True))
    return str(old), str(new)


def test_text_report_prints_dotted_accessors(pair, capsys) -> None:
    assert run(*pair) == 1
    out = capsys.readouterr().out
    assert "client.accounts.persons removed (resources/accounts_persons.py" in out
    assert "argument limit of client.accounts.capabilities.list() became required" in out
    assert "accounts_capabilities" not in out and "client.accounts_persons" not in out


def test_json_report_prints_dotted_accessors(pair, capsys) -> None:
    run(*pair, "--format", "json")
    data = json.loads(capsys.readouterr().out)
    by_rule = {c["rule"]: c for c in data["changes"]}
    removed = by_rule["python-resource-removed"]
    assert removed["subject"] == "client.accounts.persons" and removed["old"] == "accounts.persons"
    assert by_rule["python-method-removed"]["message"] == "client.accounts.persons.list() removed"
    added = by_rule["python-required-argument-added"]
    assert added["subject"] == "client.accounts.capabilities.list(limit)"
    text = json.dumps(data)
    assert "accounts_capabilities" not in text and "client.accounts_persons" not in text
