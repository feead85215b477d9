"""Response parsing (forward compatibility, strict mode, response kinds) and encode_body."""

from __future__ import annotations

import datetime
import enum
import json
from typing import Annotated, Any, Literal, Optional, Union

import pydantic
import pytest
from pydantic import BaseModel, ConfigDict, Field

from .faulty_server import Reply
from .helpers import Flavor, call_request


class Status(str, enum.Enum):
    AVAILABLE = "AVAILABLE"
    CHARGING = "CHARGING"


class Connector(BaseModel):
    id: int
    max_power_kw: int


class Cable(BaseModel):
    kind: Literal["cable"]
    length_m: float


class Socket(BaseModel):
    kind: Literal["socket"]
    standard: str


class Charger(BaseModel):
    id: str
    status: Status
    created_at: datetime.datetime
    connectors: list[Connector]
    outlet: Annotated[Cable | Socket, Field(discriminator="kind")]
    display_name: str | None = Field(default=None, alias="displayName")


GOOD = {
    "id": "ch1",
    "status": "AVAILABLE",
    "created_at": "2024-05-01T10:00:00Z",
    "connectors": [{"id": 1, "max_power_kw": 22}],
    "outlet": {"kind": "cable", "length_m": 5.0},
    "displayName": "Front",
}

DRIFTED = {
    "id": "ch1",
    "status": "EXPLODED",  # unknown enum value
    "created_at": "2024-05-01T10:00:00Z",
    "connectors": [{"id": 1, "max_power_kw": 22}, {"id": 2, "max_power_kw": "lots"}],  # bad type
    "outlet": {"kind": "wireless", "range_m": 2},  # unknown union member
    "displayName": "Front",
    "firmware": {"version": "2.0"},  # unknown field
}


def test_valid_response_is_validated(flavor: Flavor) -> None:
    flavor.server.script("/c", Reply(200, json=GOOD))
    client = flavor.client()
    charger = flavor.run(call_request(client, "GET", "/c", response_type=Charger))
    assert isinstance(charger, Charger) and charger.status is Status.AVAILABLE
    assert charger.display_name == "Front" and isinstance(charger.outlet, Cable)


def test_drifted_response_does_not_crash_by_default(flavor: Flavor) -> None:
    flavor.server.script("/c", Reply(200, json=DRIFTED))
    client = flavor.client()
    charger = flavor.run(call_request(client, "GET", "/c", response_type=Charger))
    assert isinstance(charger, Charger)
    assert charger.id == "ch1"
    assert charger.status == "EXPLODED"  # kept raw
    assert charger.created_at == datetime.datetime(2024, 5, 1, 10, tzinfo=datetime.UTC)
    assert charger.connectors[0] == Connector(id=1, max_power_kw=22)  # validated part
    assert isinstance(charger.connectors[1], Connector)
    assert charger.connectors[1].max_power_kw == "lots"
    assert charger.outlet == {"kind": "wireless", "range_m": 2}  # unknown member kept as data
    assert charger.firmware == {"version": "2.0"}  # unknown field kept
    assert charger.display_name == "Front"


def test_strict_raises_response_validation_error(flavor: Flavor) -> None:
    flavor.server.script("/c", Reply(200, json=DRIFTED))
    client = flavor.client(strict=True)
    with pytest.raises(flavor.rt.APIResponseValidationError) as info:
        flavor.run(call_request(client, "GET", "/c", response_type=Charger))
    assert info.value.status_code == 200 and info.value.body == DRIFTED
    assert isinstance(info.value.__cause__, pydantic.ValidationError)
    # with_options can switch it off again
    relaxed = client.with_options(strict=False)
    assert (
        flavor.run(call_request(relaxed, "GET", "/c", response_type=Charger)).status == "EXPLODED"
    )


def test_extra_fields_and_unknown_enum_in_lists(flavor: Flavor) -> None:
    body = [{"id": 1, "max_power_kw": 7, "new": True}, {"id": "x", "max_power_kw": 1}]
    flavor.server.script("/list", Reply(200, json=body))
    client = flavor.client()
    result = flavor.run(call_request(client, "GET", "/list", response_type=list[Connector]))
    assert result[0] == Connector(id=1, max_power_kw=7)
    assert result[1].id == "x"


def test_non_json_success_body(flavor: Flavor) -> None:
    flavor.server.script("/html", Reply(200, body="<html>oops</html>", content_type="text/html"))
    assert flavor.run(call_request(flavor.client(), "GET", "/html", response_type=dict)) == (
        "<html>oops</html>"
    )
    with pytest.raises(flavor.rt.APIResponseValidationError):
        flavor.run(call_request(flavor.client(strict=True), "GET", "/html", response_type=dict))


def test_response_kinds_and_empty_bodies(flavor: Flavor) -> None:
    server = flavor.server
    server.script("/204", Reply(204))
    server.script("/empty", Reply(200, body=b""))
    server.script("/text", Reply(200, body="hello"))
    server.script("/bytes", Reply(200, body=b"\x00\x01"))
    server.script("/json", Reply(200, json={"a": 1}))
    client = flavor.client(strict=True)
    assert flavor.run(call_request(client, "DELETE", "/204", response_type=dict)) is None
    assert flavor.run(call_request(client, "GET", "/empty", response_type=dict)) is None
    assert flavor.run(call_request(client, "GET", "/text", response_kind="text")) == "hello"
    assert flavor.run(call_request(client, "GET", "/bytes", response_kind="bytes")) == b"\x00\x01"
    assert flavor.run(call_request(client, "GET", "/json", response_kind="none")) is None
    assert flavor.run(call_request(client, "GET", "/json")) is None  # no response_type: no body
    assert flavor.run(call_request(client, "GET", "/json", response_type=Any)) == {"a": 1}
    assert server.requests_to("/text")[0].header("accept") != "application/json"
    assert server.requests_to("/json")[0].header("accept") == "*/*"  # response_kind="none"
    assert server.requests_to("/json")[1].header("accept") == "application/json"


# ------------------------------------------------------------------------ unit: lenient parsing


def test_parse_data_and_construct_type(rt: Any) -> None:
    assert rt.parse_data(int, "3", strict=False) == 3
    assert rt.parse_data(int, "x", strict=False) == "x"
    with pytest.raises(pydantic.ValidationError):
        rt.parse_data(int, "x", strict=True)
    assert rt.parse_data(dict[str, Status], {"a": "CHARGING", "b": "NEW"}, strict=False) == {
        "a": Status.CHARGING,
        "b": "NEW",
    }
    # union members chosen by discriminator / field overlap
    outlet = rt.construct_type(Union[Cable, Socket], {"kind": "socket", "standard": 2})
    assert isinstance(outlet, Socket) and outlet.standard == 2
    assert rt.construct_type(Optional[Cable], None) is None
    assert rt.construct_type(tuple[int, ...], ["1", "x"]) == [1, "x"]


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid")
    a: int


def test_unknown_fields_kept_even_when_model_forbids_extra(rt: Any) -> None:
    value = rt.parse_data(Frozen, {"a": 1, "b": 2}, strict=False)
    assert isinstance(value, Frozen) and value.a == 1 and value.b == 2


# --------------------------------------------------------------------------------- encode_body


class Color(str, enum.Enum):
    RED = "red"


class Address(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    street_name: str = Field(alias="streetName")
    zip_code: str | None = Field(default=None, alias="zipCode")


class UpdateCharger(BaseModel):
    charge_point_name: str | None = Field(default=None, alias="chargePointName")
    max_power: int | None = None
    color: Color | None = None
    address: Address | None = None
    tags: list[str] | None = None


def test_encode_body_with_a_model(rt: Any) -> None:
    body = rt.encode_body(
        UpdateCharger,
        {
            "charge_point_name": "CP-1",
            "max_power": None,
            "color": Color.RED,
            "address": {"street_name": "Main", "zip_code": rt.omit},
            "tags": rt.omit,
            "vendor_extension": {"x": rt.omit, "y": 1},
        },
    )
    assert body == {
        "chargePointName": "CP-1",
        "max_power": None,
        "color": "red",
        "address": {"streetName": "Main"},
        "vendor_extension": {"y": 1},
    }
    assert rt.encode_body(UpdateCharger, {"charge_point_name": rt.omit}) == {}
    assert rt.encode_body(UpdateCharger, {"chargePointName": "by alias"}) == {
        "chargePointName": "by alias"
    }
    # a documented SDK error (an APIError and a ValueError), not pydantic's own
    with pytest.raises(rt.RequestValidationError) as info:
        rt.encode_body(UpdateCharger, {"max_power": "lots"})
    assert isinstance(info.value, rt.APIError) and isinstance(info.value, ValueError)
    assert not isinstance(info.value, pydantic.ValidationError)
    assert info.value.errors[0]["loc"] == ("max_power",) and "max_power" in str(info.value)
    with pytest.raises(rt.RequestValidationError):
        rt.encode_body(dict[str, int], {"a": "x"})


def test_encode_body_without_a_model(rt: Any) -> None:
    when = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    body = rt.encode_body(
        None,
        {
            "a": rt.omit,
            "b": None,
            "c": Color.RED,
            "d": when,
            "e": Address(street_name="Main"),
            "f": [1, rt.omit, {"g": rt.omit}],
            "h": datetime.date(2024, 1, 2),
        },
    )
    assert body == {
        "b": None,
        "c": "red",
        "d": "2024-01-02T03:04:05Z",
        "e": {"streetName": "Main"},
        "f": [1, {}],
        "h": "2024-01-02",
    }
    assert rt.to_jsonable(Color.RED) == "red"


def test_body_on_the_wire(flavor: Flavor) -> None:
    rt = flavor.rt
    flavor.server.script("/chargers/c1", Reply(200, json={}))
    client = flavor.client()
    body = rt.encode_body(
        UpdateCharger, {"charge_point_name": "CP", "max_power": None, "tags": rt.omit}
    )
    flavor.run(
        call_request(
            client,
            "PUT",
            "/chargers/c1",
            json_body=body,
            extra_body={"debug": True, "skip": rt.omit},
        )
    )
    [request] = flavor.server.requests
    assert request.header("content-type") == "application/json"
    assert request.body == b'{"chargePointName": "CP", "max_power": null, "debug": true}'
    assert json.loads(request.body) == {"chargePointName": "CP", "max_power": None, "debug": True}


def test_extra_body_alone_and_errors(flavor: Flavor) -> None:
    flavor.server.script("/x", Reply(200))
    client = flavor.client()
    flavor.run(call_request(client, "POST", "/x", extra_body={"only": 1}))
    assert flavor.server.requests[0].json() == {"only": 1}
    with pytest.raises(TypeError):
        flavor.run(call_request(client, "POST", "/x", json_body=[1], extra_body={"a": 1}))
    flavor.run(call_request(client, "POST", "/x"))
    assert flavor.server.requests[1].body == b""
    assert flavor.server.requests[1].header("content-type") is None


# ------------------------------------------------------------- union members and declared kinds


class LiveCustomer(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    object: Literal["customer"]
    created: int
    email: str | None = None


class GoneCustomer(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    object: Literal["customer"]
    deleted: Literal[True]


def test_union_members_are_ruled_out_by_a_missing_required_marker(rt: Any) -> None:
    """Stripe's `Customer | DeletedCustomer`: a live customer that does not validate (bad
    `created`) shares as many keys with the deleted one as it likes; `deleted: true` is required
    there, so it cannot be one. Ties between members that remain go to the first declared."""
    live = {"id": "c", "object": "customer", "created": "soon"}
    for union in (Union[GoneCustomer, LiveCustomer], Union[LiveCustomer, GoneCustomer]):
        value = rt.parse_data(union, live, strict=False)
        assert isinstance(value, LiveCustomer) and value.created == "soon"
    gone = rt.parse_data(
        Union[LiveCustomer, GoneCustomer],
        {"id": "c", "object": "customer", "deleted": True},
        strict=False,
    )
    assert isinstance(gone, GoneCustomer)
    # required fields all present beats a bigger overlap that lacks one
    partial = {"id": 1, "object": "customer", "deleted": True, "email": "x"}
    assert isinstance(rt.construct_type(Union[LiveCustomer, GoneCustomer], partial), GoneCustomer)


def test_lenient_parsing_never_returns_a_string_for_a_model(flavor: Flavor) -> None:
    """Issue 13 (low): a method typed as a model returned the body's `str` in lenient mode."""
    flavor.server.script("/s", Reply(200, json="just a string"))
    flavor.server.script("/html", Reply(200, body="<html>oops</html>", content_type="text/html"))
    client = flavor.client()
    for path in ("/s", "/html"):
        with pytest.raises(flavor.rt.APIResponseValidationError):
            flavor.run(call_request(client, "GET", path, response_type=Connector))
        with pytest.raises(flavor.rt.APIResponseValidationError):
            flavor.run(call_request(client, "GET", path, response_type=Connector | None))
    # declared kinds that are not models keep lenient raw values, as before
    assert flavor.run(call_request(client, "GET", "/s", response_type=int)) == "just a string"


class Dog(BaseModel):
    name: str
    barks: bool | None = None


class Robot(BaseModel):
    name: str
    model_no: int | None = None


def test_strict_mode_refuses_an_ambiguous_union_member(rt: Any) -> None:
    """{"name": ...} is a Dog as much as a Robot: lenient takes the first, strict says so."""
    assert type(rt.parse_data(Union[Dog, Robot], {"name": "r2"}, strict=False)) is Dog
    with pytest.raises(pydantic.ValidationError, match="several union members equally well"):
        rt.parse_data(Union[Dog, Robot], {"name": "r2"}, strict=True)
    # a field that only one member declares settles it
    robot = rt.parse_data(Union[Dog, Robot], {"name": "r2", "model_no": 2}, strict=True)
    assert type(robot) is Robot


class PublicUser(BaseModel):
    model_config = ConfigDict(extra="allow")  # as generated models are
    login: str


class PrivateUser(BaseModel):
    model_config = ConfigDict(extra="allow")
    login: str
    two_factor_authentication: bool


def test_strict_mode_does_not_count_extra_keys_as_fields(rt: Any) -> None:
    """GitHub's GET /user answers `PrivateUser | PublicUser`: a private user is a public one with
    extra keys, which must not make the two members tie in strict mode."""
    private = {"login": "octocat", "two_factor_authentication": True}
    for members in (Union[PrivateUser, PublicUser], Union[PublicUser, PrivateUser]):
        assert type(rt.parse_data(members, private, strict=True)) is PrivateUser


class Limit(BaseModel):
    model_config = ConfigDict(extra="allow")
    limit: Status
    expires_at: datetime.datetime


@pytest.mark.parametrize("strict", [True, False])
def test_a_model_that_validates_beats_a_plain_dict_member(rt: Any, strict: bool) -> None:
    """GitHub's interaction limits answer `InteractionLimitResponse | dict[str, Any]` (the other
    member an empty object): a full limit, whose enum and datetime need converting, is the model."""
    data = {"limit": "AVAILABLE", "expires_at": "2024-01-01T00:00:00Z"}
    value = rt.parse_data(Union[Limit, dict[str, Any]], data, strict=strict)
    assert type(value) is Limit and value.limit is Status.AVAILABLE
    assert rt.parse_data(Union[Limit, dict[str, Any]], {}, strict=strict) == {}
