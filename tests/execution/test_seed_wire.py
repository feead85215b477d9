"""Tier 3: the seed's three examples go on the wire exactly, through the generated clients (sync and
async), for the seed document alone and for the whole OCPPLab document; documented error statuses
raise typed errors that carry the parsed error body."""

from __future__ import annotations

import asyncio
from types import ModuleType

import pytest

from .recording_server import Answer, Recorded, RecordingServer

CHARGER = {"id": "dep-123", "identity": "CP-1", "charge_point_name": "Bay B01"}

# (call arguments, the exact body bytes that must arrive: None = no body at all)
EXAMPLES = [
    ({}, None),
    (
        {"charge_point_name": "Bay B01", "connector_type": "CCS2", "location_id": "loc-456"},
        b'{"charge_point_name": "Bay B01", "connector_type": "CCS2", "location_id": "loc-456"}',
    ),
    ({"charge_point_name": "Bay B01"}, b'{"charge_point_name": "Bay B01"}'),
    ({"location_id": None}, b'{"location_id": null}'),
]


def _ok(_: Recorded) -> Answer:
    return Answer(200, CHARGER)


def _package(request: pytest.FixtureRequest, name: str) -> ModuleType:
    return request.getfixturevalue(name)  # type: ignore[no-any-return]


@pytest.mark.parametrize("package", ["ocpplab_seed", "ocpplab"])
@pytest.mark.parametrize(
    "kwargs,expected", EXAMPLES, ids=["no-body", "three-keys", "one-key", "explicit-null"]
)
def test_update_examples_sync(
    request: pytest.FixtureRequest, package: str, kwargs: dict[str, object], expected: bytes | None
) -> None:
    sdk = _package(request, package)
    with RecordingServer(_ok) as server:
        client = sdk.Client(base_url=server.url, token="secret-token")
        result = client.chargers.update("dep-123", **kwargs)
    assert isinstance(result, sdk.models.ChargerResponse)
    assert result.id == "dep-123"
    (req,) = server.requests
    assert (req.method, req.path) == ("PUT", "/ocpp/chargers/dep-123")
    assert req.headers["authorization"] == "Bearer secret-token"
    if expected is None:
        assert req.body == b""
        assert "content-type" not in req.headers
    else:
        assert req.body == expected
        assert req.headers["content-type"] == "application/json"


@pytest.mark.parametrize("package", ["ocpplab_seed", "ocpplab"])
def test_update_examples_async(request: pytest.FixtureRequest, package: str) -> None:
    sdk = _package(request, package)

    async def run(url: str) -> None:
        async with sdk.AsyncClient(base_url=url, token="secret-token") as client:
            for kwargs, _ in EXAMPLES:
                result = await client.chargers.update("dep-123", **kwargs)
                assert result.identity == "CP-1"

    with RecordingServer(_ok) as server:
        asyncio.run(run(server.url))
    assert [r.body or None for r in server.requests] == [expected for _, expected in EXAMPLES]


def test_authorization_is_not_a_method_argument(ocpplab_seed: ModuleType) -> None:
    import inspect

    params = inspect.signature(
        ocpplab_seed.Client(base_url="http://x", token="t").chargers.update
    ).parameters
    assert "authorization" not in params
    assert list(params)[0] == "charger_id"
    assert params["charger_id"].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    assert all(
        p.kind is inspect.Parameter.KEYWORD_ONLY
        for name, p in params.items()
        if name != "charger_id"
    )


ERRORS = [
    (400, "BadRequestError", {"detail": "bad charger"}),
    (401, "AuthenticationError", {"detail": "no token"}),
    (403, "PermissionDeniedError", {"detail": "no claims"}),
    (404, "NotFoundError", {"detail": "no such charger"}),
    (
        422,
        "UnprocessableEntityError",
        {"detail": [{"loc": ["body", "name"], "msg": "bad", "type": "value_error"}]},
    ),
    (500, "InternalServerError", {"detail": "boom"}),
]


@pytest.mark.parametrize("status,error_name,body", ERRORS, ids=[str(e[0]) for e in ERRORS])
def test_documented_errors_raise_typed_exceptions(
    ocpplab: ModuleType, status: int, error_name: str, body: object
) -> None:
    with RecordingServer(lambda _: Answer(status, body)) as server:
        client = ocpplab.Client(base_url=server.url, token="t", max_retries=0)
        with pytest.raises(getattr(ocpplab, error_name)) as caught:
            client.chargers.update("dep-123", name="x")
    err = caught.value
    assert isinstance(err, ocpplab.APIStatusError)
    assert err.status_code == status
    assert err.body == body
    expected_model = (
        ocpplab.models.HTTPValidationError if status == 422 else ocpplab.models.HttpErrorResponse
    )
    assert isinstance(err.error, expected_model)
    if status == 422:
        assert err.error.detail[0].msg == "bad"
    else:
        assert err.error.detail == body["detail"]  # type: ignore[index]


def test_async_errors_raise_typed_exceptions(ocpplab: ModuleType) -> None:
    async def run(url: str) -> None:
        async with ocpplab.AsyncClient(base_url=url, token="t", max_retries=0) as client:
            with pytest.raises(ocpplab.NotFoundError) as caught:
                await client.chargers.get("nope")
            assert caught.value.error.detail == "gone"

    with RecordingServer(lambda _: Answer(404, {"detail": "gone"})) as server:
        asyncio.run(run(server.url))


def test_organization_id_is_a_client_header(ocpplab: ModuleType) -> None:
    with RecordingServer(_ok) as server:
        client = ocpplab.Client(base_url=server.url, token="t", organization_id="org-7")
        client.chargers.update("dep-123")
    assert server.requests[0].headers["x-organization-id"] == "org-7"
