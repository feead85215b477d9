"""Stripe's customers, through a generated client against a loopback server: create, retrieve and
update return the customer object's class, delete the deleted-customer class (issue 12).

The spec is stripe-spec3.yaml cut down to the four customer operations and the ~500 component
schemas they reach (bank accounts, sources, invoices: where the inline `customer` id fields live
that once took the name `Customer`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.package_files import models_text

from .harness import Generated, call_operation, declared_return, generate_package, unload
from .subspec import subspec

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
STRIPE = CORPUS / "stripe-spec3.yaml"
OPERATIONS = {
    "/v1/customers": ("post",),
    "/v1/customers/{customer}": ("get", "post", "delete"),
}

pytestmark = pytest.mark.skipif(not STRIPE.is_file(), reason="the corpus is not there")


@pytest.fixture(scope="module")
def stripe(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Generated]:
    root = tmp_path_factory.mktemp("stripe")
    spec = root / "stripe-customers.json"
    spec.write_text(json.dumps(subspec(STRIPE, OPERATIONS)), encoding="utf-8")
    yield generate_package(spec, root / "out", "stripe_customers")
    unload("stripe_customers")


def _op(gen: Generated, method: str, path: str):  # type: ignore[no-untyped-def]
    return next(o for o in gen.api.operations if o.http_method == method and o.path == path)


def _live_customer() -> dict[str, object]:
    return {
        "id": "cus_1",
        "object": "customer",
        "created": 1700000000,
        "livemode": False,
        "email": "a@example.com",
        "default_source": None,
        "description": None,
        "shipping": None,
        "metadata": {"k": "v"},
    }


DELETED = {"id": "cus_1", "object": "customer", "deleted": True}


def test_customer_is_the_customer_object_not_an_inline_id(stripe: Generated) -> None:
    customer = stripe.model("Customer")
    assert "email" in customer.model_fields and "livemode" in customer.model_fields
    assert not hasattr(stripe.package.models, "CustomerModel")
    deleted = stripe.model("DeletedCustomer")
    assert "deleted" in deleted.model_fields


@pytest.mark.parametrize(
    ("method", "path", "payload", "expected"),
    [
        ("post", "/v1/customers", _live_customer(), "Customer"),
        ("get", "/v1/customers/{customer}", _live_customer(), "Customer"),
        ("get", "/v1/customers/{customer}", DELETED, "DeletedCustomer"),
        ("post", "/v1/customers/{customer}", _live_customer(), "Customer"),
        ("delete", "/v1/customers/{customer}", DELETED, "DeletedCustomer"),
    ],
)
@pytest.mark.parametrize("strict", [True, False])
def test_customers_return_the_class_their_response_schema_became(
    stripe: Generated, method: str, path: str, payload: object, expected: str, strict: bool
) -> None:
    op = _op(stripe, method, path)
    cls = stripe.model(expected)
    declared = declared_return(stripe, op)
    assert declared is cls or cls in getattr(declared, "__args__", ())
    result, requests = call_operation(stripe, op, payload, strict=strict)
    assert requests[0].method == method.upper()
    assert type(result) is cls, (type(result), expected)


def test_customer_operations_return_their_declared_classes_from_made_payloads(
    stripe: Generated,
) -> None:
    """The bounded form of the corpus-wide declared-types test on Stripe's customers: a payload made
    from each response schema (create, retrieve, update, delete) parses, strictly, into the class the
    method declares; for the union `Customer | DeletedCustomer`, into its first member."""
    from .test_declared_types import check_generated

    tally = check_generated(stripe)
    assert not tally.failures, tally.failures
    assert tally.checked == 4 and not tally.lenient, tally.lenient


def test_a_live_customer_that_does_not_validate_is_still_not_read_as_deleted(
    stripe: Generated,
) -> None:
    """Lenient parsing of the union `Customer | DeletedCustomer`: `deleted: true` is DeletedCustomer's
    marker (a required constant), so a customer without it can never be one."""
    op = _op(stripe, "get", "/v1/customers/{customer}")
    broken = dict(_live_customer(), created="not a timestamp")
    result, _ = call_operation(stripe, op, broken, strict=False)
    assert type(result) is stripe.model("Customer")
    assert result.email == "a@example.com"


def test_no_scalar_root_models_and_no_collision_numbers(stripe: Generated) -> None:
    """Issue 14 item 3 on the ~750 classes of the cut-down Stripe spec: no `RootModel[str]` class
    for a constrained id field, no `Customer1`..`Customer14` beside a `Customer`."""
    import ast
    import re

    models = stripe.package.models
    source = models_text(Path(models.__file__).parent.parent)
    classes = [n for n in ast.parse(source).body if isinstance(n, ast.ClassDef)]
    assert len(classes) > 500
    scalar_roots = [
        c.name
        for c in classes
        if any(
            isinstance(b, ast.Subscript)
            and ast.unparse(b.value) == "RootModel"
            and set(re.findall(r"\w+", ast.unparse(b.slice)))
            <= {"str", "int", "float", "bool", "None"}
            for b in c.bases
        )
    ]
    assert scalar_roots == []
    names = {c.name for c in classes}
    numbered = [
        n for n in names if (m := re.fullmatch(r"(.*[A-Za-z])\d+", n)) and m.group(1) in names
    ]
    assert numbered == []
