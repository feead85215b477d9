"""Class names that cannot mistype (issue 12 item 1, issue 14 item 3): component schemas keep their
names, inline scalars stay annotations, and a declared type that is not the class its schema became
stops the generation with exit 3."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import generator.models as models_stage
from generator.cli import main
from tests.package_files import models_text

from .harness import generate_package, unload

SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Bank", "version": "1"},
    "paths": {
        "/customers/{id}": {
            "get": {
                "operationId": "get_customer",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/customer"}
                            }
                        },
                    }
                },
            }
        },
        "/accounts": {
            "get": {
                "operationId": "get_account",
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/bank_account"}
                            }
                        },
                    }
                },
            }
        },
    },
    "components": {
        "schemas": {
            # Met before `customer`: its inline `customer` id (a constrained string in a union)
            # was made a class `Customer` by datamodel-code-generator, and the customer object
            # became `CustomerModel` while the client declared `models.Customer`.
            "bank_account": {
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": {"type": "string", "maxLength": 5000},
                    "customer": {
                        "anyOf": [
                            {"type": "string", "maxLength": 5000},
                            {"$ref": "#/components/schemas/customer"},
                        ],
                        "nullable": True,
                    },
                    "currently_due": {
                        "type": "array",
                        "items": {"type": "string", "maxLength": 5000},
                    },
                    "metadata": {
                        "type": "object",
                        "additionalProperties": {"type": "string", "maxLength": 500},
                    },
                    "parts": {
                        "anyOf": [
                            {"type": "string"},
                            {
                                "type": "array",
                                "minItems": 1,
                                "items": {"$ref": "#/components/schemas/customer"},
                            },
                        ]
                    },
                    "amount": {
                        "oneOf": [
                            {"type": "string", "pattern": "^[0-9]+$"},
                            {"type": "integer", "minimum": 0},
                        ]
                    },
                },
            },
            "customer": {
                "type": "object",
                "required": ["id", "email"],
                "properties": {
                    "id": {"type": "string", "maxLength": 5000},
                    "email": {"type": "string", "maxLength": 5000},
                },
            },
        }
    },
}


@pytest.fixture()
def spec(tmp_path: Path) -> Path:
    path = tmp_path / "bank.json"
    path.write_text(json.dumps(SPEC), encoding="utf-8")
    return path


def test_component_keeps_its_name_and_nested_scalars_stay_annotations(
    spec: Path, tmp_path: Path
) -> None:
    gen = generate_package(spec, tmp_path / "out", "bank_names")
    try:
        models = gen.package.models
        assert set(models.Customer.model_fields) == {"id", "email"}
        source = models_text(tmp_path / "out" / "bank_names")
        assert "RootModel" not in source  # no class for a constrained scalar
        assert "CustomerModel" not in source and "Customer1" not in source
        # a field naming another module's model is a forward reference until the model is built
        models.BankAccount.model_rebuild()
        fields = models.BankAccount.model_fields
        assert fields["customer"].annotation == (str | models.Customer | None)
        assert fields["currently_due"].annotation == list[str] | None
        assert fields["metadata"].annotation == dict[str, str] | None
        assert fields["amount"].annotation == str | int | None
        assert fields["parts"].annotation == (str | list[models.Customer] | None)
        # the field's own constraint is still enforced
        with pytest.raises(Exception):
            models.BankAccount(id="x" * 5001)
        op = next(
            o for o in gen.api.operations if str(o.operation_id) in ("get_customer", "getCustomer")
        )
        assert op.success is not None and op.success.type is not None
        assert op.success.type.annotation == "models.Customer"
    finally:
        unload("bank_names")


def test_a_declared_type_that_is_not_its_schemas_class_exits_3(
    spec: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With the nested-scalar pass disabled, datamodel-code-generator names the inline id
    `Customer` again: the invariant check must refuse to write a client typed with it."""
    monkeypatch.setattr(models_stage, "flatten_nested_scalars", lambda node, nested=False: None)
    code = main(["generate", str(spec), "--output", str(tmp_path / "bad"), "--package", "bank_bad"])
    err = capsys.readouterr().err
    assert code == 3, err
    assert "internal error" in err and "Customer" in err
    assert "is not the class its schema became" in err
    assert not (tmp_path / "bad" / "bank_bad").exists()


def test_an_allof_of_a_ref_into_another_schema_is_an_object(tmp_path: Path) -> None:
    """PagerDuty's `Reference: {allOf: [{$ref: '#/components/schemas/Tag/allOf/0'}, {...}]}`: the
    IR calls it a root type, datamodel-code-generator makes an object class, and both are right:
    the invariant check must not call it an apigen bug (it did: exit 3 on pagerduty-rest.json)."""
    spec = tmp_path / "refs.yaml"
    spec.write_text(
        """\
openapi: 3.0.3
info: {title: Refs, version: "1"}
paths:
  /tags/{id}:
    get:
      operationId: getTag
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Reference"}
components:
  schemas:
    Tag:
      allOf:
        - type: object
          properties: {id: {type: string}, type: {type: string}}
        - type: object
          properties: {label: {type: string}}
    Reference:
      allOf:
        - $ref: "#/components/schemas/Tag/allOf/0"
        - type: object
          required: [type, id]
""",
        encoding="utf-8",
    )
    gen = generate_package(spec, tmp_path / "out", "refs_pkg")
    try:
        assert set(gen.package.models.Reference.model_fields) >= {"id", "type"}
    finally:
        unload("refs_pkg")
