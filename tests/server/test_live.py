"""The generated client against the generated server, over a real socket on 127.0.0.1.

The server is `create_app(chargers=InMemoryChargers(), locations=InMemoryLocations())` from
tests/server/impl_ocpplab.py (not generated code) served by uvicorn in a thread.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import httpx
import pytest

from .conftest import LiveServer

CREATE = dict(
    identity="CP-001",
    brand_slug="abb",
    model_slug="terra-ac",
    connector_type="Type2",
    ws_url="ws://sim/ocpp",
)


@pytest.fixture
def client(ocpplab: ModuleType, live_server: LiveServer) -> Any:
    with ocpplab.Client(
        base_url=live_server.url, token="t-123", organization_id="org-1", max_retries=0
    ) as client:
        yield client


def test_charger_lifecycle_through_the_generated_client(
    ocpplab: ModuleType, client: Any, live_server: LiveServer
) -> None:
    accepted = client.chargers.create(**CREATE, charge_point_name="Bay 1", location_id="loc-9")
    assert isinstance(accepted, ocpplab.models.ChargerAcceptedResponse)
    assert accepted.status == "READY" and accepted.status_url.endswith("/status")
    charger_id = accepted.charger_id

    got = client.chargers.get(charger_id)
    assert isinstance(got, ocpplab.models.ChargerResponse)
    assert (got.id, got.identity, got.connector_type, got.location_id) == (
        charger_id,
        "CP-001",
        "Type2",
        "loc-9",
    )

    # The seed's partial update, three ways: one field set, the others unchanged...
    updated = client.chargers.update(charger_id, name="Bay 1 (north)")
    assert updated.name == "Bay 1 (north)"
    assert (updated.connector_type, updated.location_id) == ("Type2", "loc-9")
    # ...an explicit null clears a field and leaves the rest...
    cleared = client.chargers.update(charger_id, location_id=None)
    assert cleared.location_id is None
    assert (cleared.name, cleared.connector_type) == ("Bay 1 (north)", "Type2")
    # ...and several fields at once, omitted ones still unchanged.
    both = client.chargers.update(charger_id, connector_type="CCS2", ocpp_version="2.0.1")
    assert (both.connector_type, both.ocpp_version, both.name, both.location_id) == (
        "CCS2",
        "2.0.1",
        "Bay 1 (north)",
        None,
    )
    assert client.chargers.get(charger_id).model_dump() == both.model_dump()

    # The service saw the credentials and the client-level tenant header.
    assert "t-123" in live_server.store.seen_tokens
    assert "org-1" in live_server.store.seen_organizations

    client.chargers.delete(charger_id)
    with pytest.raises(ocpplab.NotFoundError) as caught:
        client.chargers.get(charger_id)
    assert caught.value.status_code == 404
    assert isinstance(caught.value.error, ocpplab.models.HttpErrorResponse)
    assert charger_id in caught.value.error.detail


def test_list_with_pagination(ocpplab: ModuleType, client: Any, live_server: LiveServer) -> None:
    live_server.store.chargers.clear()
    ids = [
        client.chargers.create(
            **dict(CREATE, identity=f"CP-{i}"), location_id="loc-page"
        ).charger_id
        for i in range(5)
    ]
    first = client.chargers.list(location_id="loc-page", limit=2)
    assert (first.total, len(first.data), first.page, first.limit) == (5, 2, 1, 2)
    assert [
        c.id for c in client.chargers.list(location_id="loc-page", limit=2)
    ] == ids  # every page
    assert [len(p.data) for p in first.iter_pages()] == [2, 2, 1]
    assert list(client.chargers.list(location_id="elsewhere")) == []


def test_locations_sync_service(ocpplab: ModuleType, client: Any) -> None:
    created = client.locations.create(
        name="Depot",
        address="1 Main St",
        city="Oslo",
        country="NO",
        coordinates={"latitude": 59.9, "longitude": 10.7},
    )
    assert isinstance(created, ocpplab.models.LocationResponse)
    assert created.name == "Depot" and created.coordinates is not None
    updated = client.locations.update(created.id, city="Bergen", owner_name=None)
    assert (updated.city, updated.name, updated.owner_name) == ("Bergen", "Depot", None)
    assert created.id in [loc.id for loc in client.locations.list(limit=1)]
    client.locations.delete(created.id)
    with pytest.raises(ocpplab.NotFoundError):
        client.locations.get(created.id)


def test_status_codes_and_error_shapes(ocpplab: ModuleType, live_server: LiveServer) -> None:
    models = ocpplab.models
    auth = {"Authorization": "Bearer t"}
    with httpx.Client(base_url=live_server.url) as http:
        # 201 from the spec for locations.create, 202 for chargers.create.
        created = http.post(
            "/ocpp/locations",
            headers=auth,
            json={
                "name": "A",
                "address": "B",
                "city": "C",
                "country": "NO",
                "coordinates": {"latitude": 1, "longitude": 2},
            },
        )
        assert created.status_code == 201
        assert http.post("/ocpp/chargers", headers=auth, json=CREATE).status_code == 202
        # 422 in the spec's HTTPValidationError shape.
        invalid = http.post("/ocpp/chargers", headers=auth, json={"identity": 5})
        assert invalid.status_code == 422
        problem = models.HTTPValidationError.model_validate(invalid.json())
        assert problem.detail and {tuple(e.model_dump()["loc"]) for e in problem.detail} >= {
            ("body", "identity"),
            ("body", "brand_slug"),
        }
        out_of_range = http.get("/ocpp/chargers", headers=auth, params={"limit": 101})
        assert out_of_range.status_code == 422 and out_of_range.json()["detail"][0]["loc"] == [
            "query",
            "limit",
        ]
        # 404 in the documented HttpErrorResponse shape.
        missing = http.get("/ocpp/locations/nope", headers=auth)
        assert missing.status_code == 404
        models.HttpErrorResponse.model_validate(missing.json())
        # No credentials: 401 HttpErrorResponse with a challenge, before the service runs.
        anonymous = http.get("/ocpp/chargers")
        assert anonymous.status_code == 401 and anonymous.headers["www-authenticate"] == "Bearer"
        assert (
            models.HttpErrorResponse.model_validate(anonymous.json()).detail == "Not authenticated"
        )
        # A resource create_app was not given answers 501 (its routes stay in /openapi.json).
        unimplemented = http.get("/ocpi/cpos", headers=auth)
        assert unimplemented.status_code == 501 and "ocpi_cpos=" in unimplemented.json()["detail"]
        # A no-content success answers an empty body.
        charger = http.post("/ocpp/chargers", headers=auth, json=CREATE).json()["charger_id"]
        deleted = http.delete(f"/ocpp/chargers/{charger}", headers=auth)
        assert (deleted.status_code, deleted.content) == (200, b"")


def test_partial_update_on_the_wire(live_server: LiveServer) -> None:
    """The seed's PUT with raw JSON: an omitted field is unchanged, an explicit null clears it."""
    auth = {"Authorization": "Bearer t"}
    with httpx.Client(base_url=live_server.url, headers=auth) as http:
        charger = http.post("/ocpp/chargers", json=dict(CREATE, location_id="loc-1")).json()[
            "charger_id"
        ]
        path = f"/ocpp/chargers/{charger}"
        assert http.put(path, json={"name": "A"}).json()["location_id"] == "loc-1"
        cleared = http.put(path, json={"location_id": None}).json()
        assert (cleared["name"], cleared["location_id"]) == ("A", None)
        unchanged = http.put(path, json={}).json()
        assert (unchanged["name"], unchanged["connector_type"]) == ("A", "Type2")
        assert http.put("/ocpp/chargers/missing", json={}).status_code == 404
        listed = http.get("/ocpp/chargers", params={"limit": 1, "page": 1}).json()
        assert (len(listed["data"]), listed["page"], listed["limit"]) == (1, 1, 1) and listed[
            "total"
        ] >= 1
