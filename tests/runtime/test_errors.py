"""Typed errors: status -> class, with status_code, headers, body and the parsed error model."""

from __future__ import annotations

from typing import Any

import httpx
import pydantic
import pytest

from .faulty_server import Reply
from .helpers import Flavor, call_request


class HttpErrorResponse(pydantic.BaseModel):
    detail: str


class ValidationErrorItem(pydantic.BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class HTTPValidationError(pydantic.BaseModel):
    detail: list[ValidationErrorItem]


class ServerTrouble(pydantic.BaseModel):
    message: str


ERROR_TYPES: dict[str, Any] = {
    "4XX": HttpErrorResponse,
    "422": HTTPValidationError,
    "default": ServerTrouble,
}


@pytest.mark.parametrize(
    "status, name",
    [
        (400, "BadRequestError"),
        (401, "AuthenticationError"),
        (403, "PermissionDeniedError"),
        (404, "NotFoundError"),
        (409, "ConflictError"),
        (418, "APIStatusError"),
        (429, "RateLimitError"),
    ],
)
def test_4xx_statuses_map_to_classes(flavor: Flavor, status: int, name: str) -> None:
    flavor.server.script(
        "/e", Reply(status, json={"detail": "nope"}, headers={"X-Request-Id": "req-1"})
    )
    client = flavor.client(max_retries=0)
    with pytest.raises(flavor.rt.APIStatusError) as info:
        flavor.run(call_request(client, "GET", "/e", error_types=ERROR_TYPES))
    err = info.value
    assert type(err) is getattr(flavor.rt, name)
    assert isinstance(err, flavor.rt.APIError)
    assert err.status_code == status
    assert err.headers["x-request-id"] == "req-1"
    assert err.body == {"detail": "nope"}
    assert isinstance(err.error, HttpErrorResponse) and err.error.detail == "nope"
    assert isinstance(err.response, httpx.Response) and err.request.url.path == "/e"
    assert str(status) in str(err) and "nope" in str(err)


def test_422_uses_the_exact_code_before_the_range(flavor: Flavor) -> None:
    body = {"detail": [{"loc": ["body", "name"], "msg": "field required", "type": "missing"}]}
    flavor.server.script("/e", Reply(422, json=body))
    client = flavor.client()
    with pytest.raises(flavor.rt.UnprocessableEntityError) as info:
        flavor.run(call_request(client, "POST", "/e", json_body={}, error_types=ERROR_TYPES))
    assert isinstance(info.value.error, HTTPValidationError)
    assert info.value.error.detail[0].loc == ["body", "name"]
    assert info.value.body == body


@pytest.mark.parametrize(
    "status, name",
    [(500, "InternalServerError"), (502, "InternalServerError"), (503, "ServiceUnavailableError")],
)
def test_5xx_statuses_map_to_classes(flavor: Flavor, status: int, name: str) -> None:
    flavor.server.script("/e", Reply(status, json={"message": "down"}))
    client = flavor.client()
    with pytest.raises(flavor.rt.InternalServerError) as info:
        flavor.run(call_request(client, "GET", "/e", error_types=ERROR_TYPES))
    assert type(info.value) is getattr(flavor.rt, name)
    assert info.value.status_code == status
    assert isinstance(info.value.error, ServerTrouble) and info.value.error.message == "down"
    assert len(flavor.server.requests_to("/e")) == 3  # retried, then raised


def test_undocumented_error_body_keeps_body_and_no_model(flavor: Flavor) -> None:
    flavor.server.script("/mismatch", Reply(400, json={"unexpected": True}))
    flavor.server.script("/text", Reply(404, body="plain not found"))
    flavor.server.script("/empty", Reply(403))
    client = flavor.client()
    with pytest.raises(flavor.rt.BadRequestError) as info:
        flavor.run(call_request(client, "GET", "/mismatch", error_types=ERROR_TYPES))
    assert info.value.error is None and info.value.body == {"unexpected": True}
    with pytest.raises(flavor.rt.NotFoundError) as info2:
        flavor.run(call_request(client, "GET", "/text", error_types=ERROR_TYPES))
    assert info2.value.error is None and info2.value.body == "plain not found"
    with pytest.raises(flavor.rt.PermissionDeniedError) as info3:
        flavor.run(call_request(client, "GET", "/empty"))
    assert info3.value.body is None and info3.value.error is None


def test_aliases_and_bases(rt: Any) -> None:
    assert not hasattr(rt, "ApiError")  # the default API's alias is its config, not the runtime's
    assert rt.UnauthorizedError is rt.AuthenticationError
    assert rt.ForbiddenError is rt.PermissionDeniedError
    assert issubclass(rt.ServiceUnavailableError, rt.InternalServerError)
    assert issubclass(rt.APITimeoutError, rt.APIConnectionError)
    for name in ["APIConnectionError", "APIResponseValidationError", "MissingCredentialsError"]:
        assert issubclass(getattr(rt, name), rt.APIError)


@pytest.mark.parametrize(
    "status, name",
    [
        (400, "BadRequestError"),
        (401, "UnauthorizedError"),
        (403, "ForbiddenError"),
        (404, "NotFoundError"),
        (409, "ConflictError"),
        (422, "UnprocessableEntityError"),
        (429, "RateLimitError"),
        (500, "InternalServerError"),
        (501, "InternalServerError"),
        (503, "ServiceUnavailableError"),
        (402, "APIStatusError"),
        (302, "APIStatusError"),
    ],
)
def test_make_status_error(rt: Any, status: int, name: str) -> None:
    request = httpx.Request("GET", "http://127.0.0.1/x")
    response = httpx.Response(status, json={"detail": "d"}, request=request)
    err = rt.make_status_error(response, {"detail": "d"}, "model")
    assert type(err) is getattr(rt, name)
    assert (err.status_code, err.body, err.error, err.request) == (
        status,
        {"detail": "d"},
        "model",
        request,
    )
