"""An in-memory implementation of the OCPPLab chargers and locations services.

This is what a user of apigen writes: it lives outside the generated package, imports the
generated `models` and `server` modules, and is handed to `create_app(chargers=..., locations=...)`.
Chargers are implemented with `async def` methods (`AsyncChargersService`), locations with plain
`def` methods (`LocationsService`, run in FastAPI's thread pool), so both kinds are exercised.

The module is imported after the generated package is on `sys.path` (see conftest.py); it never
imports `generator`.
"""

from __future__ import annotations

import itertools
import threading
from datetime import UTC, datetime
from typing import Any

from ocpplab import models
from ocpplab.server import ApiHTTPError, Credentials

__all__ = ["InMemoryChargers", "InMemoryLocations", "Store"]


def _now() -> datetime:
    return datetime.now(UTC)


class Store:
    """The state both services share (a charger may sit in a location)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ids = itertools.count(1)
        self.chargers: dict[str, dict[str, Any]] = {}
        self.locations: dict[str, dict[str, Any]] = {}
        self.seen_tokens: list[str | None] = []
        self.seen_organizations: list[str | None] = []

    def new_id(self, prefix: str) -> str:
        with self.lock:
            return f"{prefix}_{next(self.ids):04d}"

    def note(self, credentials: Credentials, organization_id: str | None = None) -> None:
        self.seen_tokens.append(credentials.token)
        self.seen_organizations.append(organization_id)


def _page(items: list[dict[str, Any]], page: int, limit: int) -> list[dict[str, Any]]:
    start = (page - 1) * limit
    return items[start : start + limit]


# Fields of UpdateChargerRequest that ChargerResponse shows under another name or not at all.
_CHARGER_RESPONSE_FIELDS = set(models.ChargerResponse.model_fields)


class InMemoryChargers:
    """`AsyncChargersService`: every method is `async def`."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def _get(self, charger_id: str) -> dict[str, Any]:
        record = self.store.chargers.get(charger_id)
        if record is None:
            raise ApiHTTPError(404, f"charger {charger_id!r} not found")
        return record

    @staticmethod
    def _public(record: dict[str, Any]) -> models.ChargerResponse:
        return models.ChargerResponse.model_validate(
            {k: v for k, v in record.items() if k in _CHARGER_RESPONSE_FIELDS}
        )

    async def list(
        self,
        *,
        location_id: str | None,
        page: int,
        limit: int,
        organization_id: str | None,
        credentials: Credentials,
    ) -> models.ChargerListResponse:
        self.store.note(credentials, organization_id)
        items = [
            c
            for c in self.store.chargers.values()
            if location_id is None or c.get("location_id") == location_id
        ]
        return models.ChargerListResponse(
            data=[self._public(c) for c in _page(items, page, limit)],
            total=len(items),
            page=page,
            limit=limit,
        )

    async def create(
        self,
        *,
        organization_id: str | None,
        body: models.ChargersCreateRequest,
        credentials: Credentials,
    ) -> models.ChargerAcceptedResponse:
        self.store.note(credentials, organization_id)
        charger_id = self.store.new_id("chg")
        now = _now()
        self.store.chargers[charger_id] = {
            "id": charger_id,
            "identity": body.identity,
            "name": body.charge_point_name,
            "charge_point_name": body.charge_point_name,
            "vendor_name": body.brand_slug,
            "model": body.model_slug,
            "connector_type": body.connector_type,
            "ws_url": body.ws_url,
            "ocpp_version": body.ocpp_version,
            "location_id": body.location_id,
            "location_name": body.location_name,
            "number_of_connectors": 1,
            "created_at": now,
            "updated_at": now,
        }
        return models.ChargerAcceptedResponse(
            charger_id=charger_id,
            identity=body.identity,
            status=models.ChargerProvisioningStatus.READY,
            status_url=f"/ocpp/chargers/{charger_id}/status",
        )

    async def get(
        self, charger_id: str, *, organization_id: str | None, credentials: Credentials
    ) -> models.ChargerResponse:
        self.store.note(credentials, organization_id)
        return self._public(self._get(charger_id))

    async def update(
        self, charger_id: str, *, body: models.UpdateChargerRequest | None, credentials: Credentials
    ) -> models.ChargerResponse:
        """Partial update: a field the client left out stays; an explicit null clears it."""
        self.store.note(credentials)
        record = self._get(charger_id)
        if body is not None:
            for name in body.model_fields_set:
                record[name] = getattr(body, name)
            record["updated_at"] = _now()
        return self._public(record)

    async def delete(
        self, charger_id: str, *, organization_id: str | None, credentials: Credentials
    ) -> None:
        self.store.note(credentials, organization_id)
        self._get(charger_id)
        del self.store.chargers[charger_id]

    async def get_logs(
        self,
        charger_id: str,
        *,
        start_date: datetime | None,
        end_date: datetime | None,
        event: str | None,
        limit: int | None,
        offset: int,
        organization_id: str | None,
        credentials: Credentials,
    ) -> models.ChargerLogListResponse:
        self.store.note(credentials, organization_id)
        return models.ChargerLogListResponse(data=[], total=0, limit=limit or 100, offset=offset)

    async def _command(
        self, charger_id: str, event: str, body: dict[str, Any]
    ) -> models.QueuedCommandResponse:
        record = self._get(charger_id)
        return models.QueuedCommandResponse(
            id=self.store.new_id("cmd"),
            event_type=event,
            ocpp_version=record.get("ocpp_version") or "1.6",
            payload=dict(body),
        )

    async def reset_runtime(
        self,
        charger_id: str,
        *,
        organization_id: str | None,
        body: dict[str, Any],
        credentials: Credentials,
    ) -> models.QueuedCommandResponse:
        return await self._command(charger_id, "Reset", body)

    async def start_runtime(
        self,
        charger_id: str,
        *,
        organization_id: str | None,
        body: dict[str, Any],
        credentials: Credentials,
    ) -> models.QueuedCommandResponse:
        return await self._command(charger_id, "Start", body)

    async def get_status(
        self, charger_id: str, *, organization_id: str | None, credentials: Credentials
    ) -> models.ChargerStatusResponse:
        self._get(charger_id)
        return models.ChargerStatusResponse(
            charger_id=charger_id,
            status=models.ChargerProvisioningStatus.READY,
            provisioned_at=_now(),
        )

    async def stop_runtime(
        self,
        charger_id: str,
        *,
        organization_id: str | None,
        body: dict[str, Any],
        credentials: Credentials,
    ) -> models.QueuedCommandResponse:
        return await self._command(charger_id, "Stop", body)


class InMemoryLocations:
    """`LocationsService`: plain `def` methods (FastAPI runs them in its thread pool)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def _get(self, location_id: str) -> dict[str, Any]:
        record = self.store.locations.get(location_id)
        if record is None:
            raise ApiHTTPError(404, f"location {location_id!r} not found")
        return record

    def list(
        self, *, page: int, limit: int, organization_id: str | None, credentials: Credentials
    ) -> models.LocationListResponse:
        items = list(self.store.locations.values())
        return models.LocationListResponse.model_validate(
            {"data": _page(items, page, limit), "total": len(items), "page": page, "limit": limit}
        )

    def create(
        self,
        *,
        organization_id: str | None,
        body: models.LocationsCreateRequest,
        credentials: Credentials,
    ) -> models.LocationResponse:
        location_id = self.store.new_id("loc")
        now = _now()
        record = {
            "id": location_id,
            "slug": f"{location_id}-site",
            "status": "ACTIVE",
            "created_at": now,
        }
        record.update(body.model_dump(mode="json", exclude_unset=True))
        record["updated_at"] = now
        self.store.locations[location_id] = record
        return models.LocationResponse.model_validate(record)

    def get(
        self, location_id: str, *, organization_id: str | None, credentials: Credentials
    ) -> models.LocationResponse:
        return models.LocationResponse.model_validate(self._get(location_id))

    def update(
        self,
        location_id: str,
        *,
        organization_id: str | None,
        body: models.LocationsUpdateRequest | None,
        credentials: Credentials,
    ) -> models.LocationResponse:
        record = self._get(location_id)
        if body is not None:
            record.update(body.model_dump(mode="json", include=body.model_fields_set))
            record["updated_at"] = _now()
        return models.LocationResponse.model_validate(record)

    def delete(
        self, location_id: str, *, organization_id: str | None, credentials: Credentials
    ) -> None:
        self._get(location_id)
        del self.store.locations[location_id]
