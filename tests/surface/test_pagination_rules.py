"""`[[tool.apigen.pagination]]` rows name an operation by operationId, "METHOD /path" or accessor
(`customers.list`): method names alone are often just `list` now (issue 14). A bare method name
still works where one operation has it (older configs); a row naming nothing, or a method name
several operations share, is a located error (FILE:LINE:COL, exit 2)."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.config import Config, config_from_table
from generator.findings import ApigenError, Findings, Location
from generator.ir.build import build_api
from generator.ir.model import Api, Operation

REPO = Path(__file__).resolve().parents[2]


def _list(op_id: str, params: list[dict[str, Any]], items: str) -> dict[str, Any]:
    return {
        "operationId": op_id,
        "parameters": [
            *params,
            {"name": "pg", "in": "query", "schema": {"type": "string"}},
        ],
        "responses": {
            "200": {
                "description": "ok",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                items: {"type": "array", "items": {"type": "string"}},
                                "nxt": {"type": "string"},
                            },
                        }
                    }
                },
            }
        },
    }


OK = {"200": {"description": "ok"}}


def _item(op_id: str, name: str, params: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    path = {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
    return {"operationId": op_id, "parameters": [*(params or []), path], "responses": OK}


ACCOUNT = {"name": "account", "in": "path", "required": True, "schema": {"type": "string"}}
SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Stripe-like", "version": "1"},
    "paths": {
        "/v1/customers": {"get": _list("GetCustomers", [], "rows")},
        "/v1/accounts/{account}": {
            "get": {"operationId": "GetAccountsAccount", "parameters": [ACCOUNT], "responses": OK}
        },
        "/v1/accounts/{account}/capabilities": {
            "get": _list("GetAccountsAccountCapabilities", [ACCOUNT], "caps")
        },
        "/v1/charges/search": {"get": _list("GetChargesSearch", [], "found")},
        "/v1/customers/{customer}": {"get": _item("GetCustomersCustomer", "customer")},
        "/v1/charges": {"get": _list("GetCharges", [], "rows")},
        "/v1/charges/{charge}": {"get": _item("GetChargesCharge", "charge")},
        "/v1/accounts/{account}/capabilities/{capability}": {
            "get": _item("GetAccountsAccountCapabilitiesCapability", "capability", [ACCOUNT])
        },
    },
}
TOKEN = 'style = "token"\nparam = "pg"\ncursor = "nxt"\n'


def _config(tmp_path: Path, *rows: str) -> Config:
    text = '[tool.apigen]\nspec = "spec.yaml"\n'
    for row in rows:
        text += f"\n[[tool.apigen.pagination]]\n{row}"
    path = tmp_path / "pyproject.toml"
    path.write_text(text, encoding="utf-8")
    return config_from_table(tomllib.loads(text)["tool"]["apigen"], source=str(path))


def _api(config: Config) -> Api:
    return build_api(SPEC, config, lambda p: Location("spec.yaml"), Findings())


def _by_route(api: Api) -> dict[str, Operation]:
    return {f"{op.http_method.upper()} {op.path}": op for op in api.operations}


def test_methods_are_plain_list_so_rules_name_operations_otherwise(tmp_path: Path) -> None:
    ops = _by_route(_api(Config()))
    assert ops["GET /v1/customers"].method_name == "list"
    assert ops["GET /v1/accounts/{account}/capabilities"].method_name == "list"


@pytest.mark.parametrize(
    "name",
    [
        "customers.list",
        "client.customers.list",
        "GET /v1/customers",
        "get /v1/customers",
        "GetCustomers",
    ],
)
def test_a_rule_names_one_operation(tmp_path: Path, name: str) -> None:
    api = _api(_config(tmp_path, f'operation = "{name}"\n{TOKEN}items = "rows"\n'))
    ops = _by_route(api)
    page = ops["GET /v1/customers"].pagination
    assert page is not None and (page.style, page.items_field) == ("token", "rows")
    # the other `list` is left alone
    assert ops["GET /v1/accounts/{account}/capabilities"].pagination is None


def test_nested_accessor_and_route(tmp_path: Path) -> None:
    api = _api(
        _config(
            tmp_path,
            f'operation = "accounts.capabilities.list"\n{TOKEN}items = "caps"\n',
            f'operation = "GET /v1/customers"\n{TOKEN}items = "rows"\n',
        )
    )
    ops = _by_route(api)
    caps = ops["GET /v1/accounts/{account}/capabilities"].pagination
    assert caps is not None and caps.items_field == "caps"
    customers = ops["GET /v1/customers"].pagination
    assert customers is not None and customers.items_field == "rows"


def test_an_old_config_naming_a_unique_method_still_works(tmp_path: Path) -> None:
    api = _api(_config(tmp_path, f'operation = "search"\n{TOKEN}items = "found"\n'))
    page = _by_route(api)["GET /v1/charges/search"].pagination
    assert page is not None and page.items_field == "found"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            f'operation = "list"\n{TOKEN}',
            "3 operations have the method name 'list': accounts.capabilities.list "
            "(GET /v1/accounts/{account}/capabilities), charges.list (GET /v1/charges), "
            "customers.list (GET /v1/customers)",
        ),
        (f'operation = "customers.lst"\n{TOKEN}', "no operation has this operationId"),
        (f'operation = "POST /v1/customers"\n{TOKEN}', "no operation has this operationId"),
    ],
)
def test_a_row_naming_no_single_operation_is_a_located_error(
    tmp_path: Path, row: str, message: str
) -> None:
    with pytest.raises(ApigenError) as caught:
        _api(_config(tmp_path, f'operation = "GetCustomers"\n{TOKEN}items = "rows"\n', row))
    [finding] = list(caught.value.findings)
    assert message in finding.message
    # the second row's `operation` line: 1 [tool.apigen], 2 spec, 3 blank, 4 header, 5-9 row 1,
    # 10 blank, 11 header, 12 operation
    assert str(finding.location) == f"{tmp_path / 'pyproject.toml'}:12:1"


def test_cli_exits_2_with_the_location(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(yaml.safe_dump(SPEC), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.apigen]\nspec = "spec.yaml"\n\n[[tool.apigen.pagination]]\noperation = "list"\n{TOKEN}',
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--output", str(tmp_path / "out")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=120,
    )
    assert run.returncode == 2, run.stderr
    assert (
        "pyproject.toml:5:1: error: [[tool.apigen.pagination]] 'list': 3 operations" in run.stderr
    )
    assert "Traceback" not in run.stderr


def test_resolved_is_not_a_config_key(tmp_path: Path) -> None:
    with pytest.raises(ApigenError):
        _config(tmp_path, f'operation = "GetCustomers"\n{TOKEN}resolved = ["get", "/x"]\n')


def test_resolution_keeps_the_config_fingerprint(tmp_path: Path) -> None:
    from generator.ir.pagination import resolve_rules

    config = _config(tmp_path, f'operation = "customers.list"\n{TOKEN}items = "rows"\n')
    before = config.fingerprint()
    _api(config)
    assert config.fingerprint() == before
    assert resolve_rules(Config(), []) == Config()
