"""[tool.apigen.names], vendor extensions, collisions and the record of naming decisions (IR only)."""

from __future__ import annotations

from typing import Any

import pytest

from generator.config import Config, config_from_table
from generator.findings import ApigenError, Findings, Location
from generator.ir.build import build_api
from generator.ir.model import Api
from generator.ir.surface import schema_class_overrides
from generator.report import coverage

from .test_default_accessors import accessors

OK = {"200": {"description": "ok"}}


def _doc(paths: dict[str, Any]) -> dict[str, Any]:
    return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths}


def _api(doc: dict[str, Any], names: dict[str, str] | None = None) -> tuple[Api, Findings]:
    config = config_from_table({"names": names}) if names else Config()
    findings = Findings()
    return build_api(doc, config, lambda p: Location("spec.yaml"), findings), findings


PATHS = {
    "/v1/customers": {
        "get": {"operationId": "GetCustomers", "responses": OK},
        "post": {"operationId": "PostCustomers", "responses": OK},
    },
    "/v1/customers/{customer}": {
        "get": {"operationId": "GetCustomersCustomer", "responses": OK},
    },
    "/threads/{thread_id}/messages": {"post": {"operationId": "createMessage", "responses": OK}},
}


def test_names_table_moves_operations_and_path_prefixes() -> None:
    api, findings = _api(
        _doc(PATHS),
        {
            "GET /v1/customers": "customers.all",
            "GetCustomersCustomer": "clients.fetch",
            "/threads": "beta.threads",
        },
    )
    assert accessors(api) == {
        "GET /v1/customers": "customers.all",
        "POST /v1/customers": "customers.create",
        "GET /v1/customers/{customer}": "clients.fetch",
        "POST /threads/{thread_id}/messages": "beta.threads.messages.create",
    }
    records = {d.name: d.rule for d in api.naming}
    assert records["customers.all"] == "[tool.apigen.names] 'GET /v1/customers'"
    assert records["beta.threads.messages"] == "[tool.apigen.names] '/threads'"
    assert records["customers.create"] == "rest: POST on a collection"
    assert not list(findings)


def test_an_override_that_matches_nothing_is_reported() -> None:
    doc = {**_doc(PATHS), "components": {"schemas": {"Customer": {"type": "object"}}}}
    _, findings = _api(doc, {"GET /nowhere": "a.b", "Nothing": "X", "Customer": "Client"})
    assert [f.code for f in findings] == ["names-override-unused"] * 2
    assert (
        "'GET /nowhere'" in list(findings)[0].message and "'Nothing'" in list(findings)[1].message
    )
    assert schema_class_overrides({"Customer": "Client", "GetA": "a.b"}, doc) == {
        "Customer": "Client"
    }


def test_vendor_extensions_name_groups_and_methods() -> None:
    paths = {
        "/v1/customers": {
            "get": {
                "operationId": "GetCustomers",
                "x-fern-sdk-group-name": ["crm", "people"],
                "x-fern-sdk-method-name": "listAll",
                "responses": OK,
            },
            "post": {
                "operationId": "PostCustomers",
                "x-speakeasy-group": "crm.people",
                "x-speakeasy-name-override": "add",
                "responses": OK,
            },
        },
    }
    api, _ = _api(_doc(paths))
    assert accessors(api) == {
        "GET /v1/customers": "crm.people.list_all",
        "POST /v1/customers": "crm.people.add",
    }
    rules = {d.name: d.rule for d in api.naming}
    assert rules["crm.people.list_all"] == "x-fern-sdk-method-name"
    assert rules["crm.people.add"] == "x-speakeasy-name-override"


def test_colliding_rest_names_fall_back_to_operation_ids_whatever_the_order() -> None:
    paths = {
        "/v1/files": {"get": {"operationId": "ListFiles", "responses": OK}},
        "/v1/files?beta=true": {"get": {"operationId": "BetaListFiles", "responses": OK}},
    }
    for order in (paths, dict(reversed(paths.items()))):
        api, findings = _api(_doc(order))
        assert accessors(api) == {
            "GET /v1/files": "files.list_files",
            "GET /v1/files?beta=true": "files.beta_list_files",
        }
        assert [f.code for f in findings] == ["name-collision"]  # one, naming the first


def test_a_collision_no_rule_resolves_is_an_error_naming_both_and_the_fix() -> None:
    paths = {
        "/a": {"get": {"operationId": "GetA", "responses": OK}},
        "/b": {"get": {"operationId": "GetB", "responses": OK}},
    }
    with pytest.raises(ApigenError) as caught:
        _api(_doc(paths), {"GetA": "things.get", "GetB": "things.get"})
    text = str(caught.value)
    assert text.startswith("spec.yaml") and [f.code for f in caught.value.findings] == [
        "name-collision"
    ]
    assert "GET /a (GetA)" in text and "GET /b (GetB)" in text
    assert "[tool.apigen.names]" in text


def test_names_reach_the_report_json() -> None:
    api, _ = _api(_doc(PATHS))
    report = coverage(api, _doc(PATHS)).to_dict()
    names = {(n["kind"], n["name"]): n["rule"] for n in report["names"]}  # type: ignore[attr-defined]
    assert names[("resource", "customers")] == "path segments"
    assert names[("method", "customers.retrieve")] == "rest: GET on an item"
    assert names[("method", "threads.messages.create")].startswith("rest:")


def test_names_table_must_map_strings() -> None:
    with pytest.raises(ApigenError):
        config_from_table({"names": {"GetA": 3}})


def test_operations_without_ids_fall_back_to_verb_and_path_names() -> None:
    paths = {
        "/a/{id}": {
            "post": {"responses": OK, "parameters": [{"name": "id", "in": "path"}]},
            "put": {"responses": OK, "parameters": [{"name": "id", "in": "path"}]},
        },
        "/b-c": {"get": {"responses": OK}},
        "/b_c": {"get": {"responses": OK}},
    }
    api, findings = _api(_doc(paths))
    assert accessors(api) == {
        "POST /a/{id}": "a.post_a_by_id",
        "PUT /a/{id}": "a.put_a_by_id",
        "GET /b-c": "b_c.get_b_c",
        "GET /b_c": "b_c.get_b_c_2",  # nothing tells them apart once they are identifiers
    }
    rules = {d.name: d.rule for d in api.naming}
    assert "numbered" in rules["b_c.get_b_c_2"] and "GET /b-c" in rules["b_c.get_b_c_2"]
    assert [f.code for f in findings] == ["name-collision"]


def test_deeply_nested_long_segments_keep_module_names_short() -> None:
    seg = "x" * 120
    path = f"/{seg}a/{{id}}/{seg}b/{{b}}/{seg}cs"
    api, _ = _api(_doc({path: {"get": {"responses": OK}}}))
    modules = [str(r.module) for r in api.resources]
    assert len(set(modules)) == len(modules) == 3
    assert all(len(m) <= 96 and m.isidentifier() for m in modules)
