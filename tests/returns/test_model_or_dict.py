"""A model or a free-form object inside a model's fields (`Limit | dict[str, Any]`, a list of them,
a RootModel of one) is the model when the payload fits it, through a generated client against a
loopback server, in strict (pydantic's validation) and lenient parsing; a payload that does not
fit stays a dict. pydantic's smart union alone keeps the dict: a JSON object matches
`dict[str, Any]` exactly while `Limit`'s enum and datetime need converting (models/unions.py)."""

from __future__ import annotations

import datetime
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mypy import api as mypy_api

from tests.execution.recording_server import Answer, RecordingServer

from .harness import Generated, call_operation, generate_package, make_client, method, unload

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "model-or-dict-3.1.yaml"
LIMIT = {"limit": "AVAILABLE", "expires_at": "2024-01-01T00:00:00Z"}
FREE = {"anything": 1}  # no Limit: stays a dict
PAYLOAD = {
    "single": LIMIT,  # written `dict | Limit` in the schema: the model first all the same
    "required_one": LIMIT,
    "many": [LIMIT, FREE],
    "two": LIMIT,  # Other | Limit | dict[str, str]: the best fit of the models
    "named": LIMIT,  # a RootModel of the union
    "wrapped": LIMIT,  # LimitOrFree | dict[str, str]: the RootModel (of the Limit)
    "mixed": "5",  # Limit | dict | str | int: a string stays a string
}


@pytest.fixture(scope="module")
def limits(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Generated]:
    root = tmp_path_factory.mktemp("model_or_dict")
    yield generate_package(FIXTURE, root, "model_or_dict")
    unload("model_or_dict")


def _op(gen: Generated, operation_id: str) -> Any:
    return next(o for o in gen.api.operations if o.operation_id == operation_id)


@pytest.mark.parametrize("strict", [True, False])
def test_a_nested_model_or_dict_is_the_model_when_the_payload_fits(
    limits: Generated, strict: bool
) -> None:
    holder, _ = call_operation(limits, _op(limits, "getHolder"), PAYLOAD, strict=strict)
    limit, status = limits.model("Limit"), limits.model("Status")
    assert type(holder) is limits.model("Holder")
    for value in (
        holder.single,
        holder.required_one,
        holder.many[0],
        holder.two,
        holder.named.root,
        holder.wrapped.root,
    ):
        assert type(value) is limit
        assert value.limit is status.AVAILABLE
        assert value.expires_at == datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    assert holder.many[1] == FREE and type(holder.many[1]) is dict
    assert holder.mixed == "5"


@pytest.mark.parametrize("strict", [True, False])
def test_a_payload_that_does_not_fit_the_model_stays_a_dict(
    limits: Generated, strict: bool
) -> None:
    payload = {"required_one": {"limit": "AVAILABLE"}, "two": {"k": "v"}, "mixed": 5}
    holder, _ = call_operation(limits, _op(limits, "getHolder"), payload, strict=strict)
    assert holder.required_one == {"limit": "AVAILABLE"}  # expires_at missing: not a Limit
    assert type(holder.two) is limits.model("Other")  # all-optional Other takes any object
    assert holder.mixed == 5


def test_a_request_body_field_sends_what_was_given(limits: Generated) -> None:
    """Dicts the caller passes for `Limit | dict` fields are validated (as the Limit they are) and
    sent as given."""
    with RecordingServer(lambda _: Answer(200, PAYLOAD)) as server:
        client = make_client(limits, server.url)
        holder = method(limits, client, "putHolder")(
            required_one=LIMIT, many=[LIMIT, FREE], mixed="5"
        )
        client.close()
    assert json.loads(server.requests[0].body) == {
        "required_one": LIMIT,
        "many": [LIMIT, FREE],
        "mixed": "5",
    }
    assert type(holder.required_one) is limits.model("Limit")


def test_the_unions_type_check(limits: Generated) -> None:
    """mypy --strict reads `Annotated[Limit | dict[str, Any] | None, Field(...)]` as the union."""
    package = Path(limits.package.__file__).parent
    probe = package.parent / "probe_model_or_dict.py"
    probe.write_text(
        "from typing import Any\n"
        "from model_or_dict.models import Holder, Limit\n"
        "def f(h: Holder) -> Limit | dict[str, Any] | None:\n"
        "    reveal_type(h.many)\n"
        "    return h.single\n",
        encoding="utf-8",
    )
    out, err, status = mypy_api.run(
        ["--strict", "--no-incremental", "--python-executable", sys.executable, str(probe)]
    )
    assert status == 0, out + err
    assert (
        'Revealed type is "list[model_or_dict.models.limit.Limit | dict[str, Any]] | None"' in out
    )
