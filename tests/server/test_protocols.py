"""An implementation that does not match its service protocol is reported twice: by mypy --strict
where it is passed to `create_app`, and by `create_app` itself, at start, with a TypeError that
names every problem."""

from __future__ import annotations

import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from .conftest import IMPL, run_mypy

# The chargers protocol minus `delete`, as a user might write it (async methods).
NO_DELETE = """
class NoDelete:
    async def list(self, *, location_id: str | None, page: int, limit: int, organization_id: str | None, credentials: Credentials) -> models.ChargerListResponse:
        raise NotImplementedError

    async def create(self, *, organization_id: str | None, body: models.ChargersCreateRequest, credentials: Credentials) -> models.ChargerAcceptedResponse:
        raise NotImplementedError

    async def get(self, charger_id: str, *, organization_id: str | None, credentials: Credentials) -> models.ChargerResponse:
        raise NotImplementedError

    async def update(self, charger_id: str, *, body: models.UpdateChargerRequest | None, credentials: Credentials) -> models.ChargerResponse:
        raise NotImplementedError

    async def get_logs(self, charger_id: str, *, start_date: str | None, end_date: str | None, event: str | None, limit: int | None, offset: int, organization_id: str | None, credentials: Credentials) -> models.ChargerLogListResponse:
        raise NotImplementedError

    async def reset_runtime(self, charger_id: str, *, organization_id: str | None, body: dict[str, Any], credentials: Credentials) -> models.QueuedCommandResponse:
        raise NotImplementedError

    async def start_runtime(self, charger_id: str, *, organization_id: str | None, body: dict[str, Any], credentials: Credentials) -> models.QueuedCommandResponse:
        raise NotImplementedError

    async def get_status(self, charger_id: str, *, organization_id: str | None, credentials: Credentials) -> models.ChargerStatusResponse:
        raise NotImplementedError

    async def stop_runtime(self, charger_id: str, *, organization_id: str | None, body: dict[str, Any], credentials: Credentials) -> models.QueuedCommandResponse:
        raise NotImplementedError
"""

HEADER = """
from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from ocpplab import models
from ocpplab.server import AsyncChargersService, Credentials, create_app
"""


def _namespace(ocpplab: ModuleType, source: str) -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    exec(compile(HEADER + source, "<test>", "exec"), namespace)
    return namespace


def test_create_app_names_a_missing_method(ocpplab: ModuleType) -> None:
    no_delete = _namespace(ocpplab, NO_DELETE)["NoDelete"]
    with pytest.raises(TypeError) as caught:
        ocpplab.server.create_app(chargers=no_delete())
    message = str(caught.value)
    assert "chargers=NoDelete: method 'delete' is missing" in message
    assert "expected delete(self, charger_id: 'str', /, *, organization_id:" in message


def test_create_app_names_wrong_parameters_and_mixed_kinds(ocpplab: ModuleType) -> None:
    from impl_ocpplab import InMemoryChargers, InMemoryLocations, Store

    class Wrong(InMemoryChargers):
        async def get(self, key: str, *, org: str | None, credentials: Any) -> Any:
            raise NotImplementedError

        def delete(
            self, charger_id: str, *, organization_id: str | None, credentials: Any, force: bool
        ) -> None:
            raise NotImplementedError

    with pytest.raises(TypeError) as caught:
        ocpplab.server.create_app(chargers=Wrong(Store()), locations=InMemoryLocations(Store()))
    lines = str(caught.value).splitlines()[1:]
    problems = sorted(line.strip().split(" (expected")[0] for line in lines)
    assert problems == [
        "chargers=Wrong.delete: parameter 'force' is not in the protocol and has no default",
        "chargers=Wrong.get: parameter 'org' is not in the protocol and has no default",
        "chargers=Wrong.get: parameter 'organization_id' is missing (passed by keyword)",
        "chargers=Wrong: mixes async methods (create, get, get_logs, get_status, list, reset_runtime, start_runtime, "
        "stop_runtime, update) with sync ones (delete); implement ChargersService (all def) or "
        "AsyncChargersService (all async def)",
    ]


def test_create_app_accepts_both_kinds_and_flexible_signatures(ocpplab: ModuleType) -> None:
    from impl_ocpplab import InMemoryChargers, InMemoryLocations, Store

    class Flexible(InMemoryChargers):
        # Another name for the path parameter, extra keywords through **kwargs, an extra defaulted one.
        async def get(self, key: str, /, *, verbose: bool = False, **rest: Any) -> Any:
            return await super().get(
                key, organization_id=rest["organization_id"], credentials=rest["credentials"]
            )

    app = ocpplab.server.create_app(
        chargers=Flexible(Store()), locations=InMemoryLocations(Store())
    )
    assert app.title == "OCPPLab Gateway API"
    assert ocpplab.server.create_app(title="mine").title == "mine"


def test_mypy_strict_rejects_a_missing_method_and_accepts_the_implementation(
    generated_root: Path, tmp_path: Path, mypy_cache: Path
) -> None:
    """mypy --strict on the user's side: the in-memory implementation type-checks against the
    protocols; one missing `delete` is an error where it is passed to create_app."""
    (tmp_path / "impl_ocpplab.py").write_bytes(IMPL.read_bytes())
    bad = tmp_path / "bad_impl.py"
    bad.write_text(
        HEADER + NO_DELETE + textwrap.dedent("""

            def build() -> FastAPI:
                return create_app(chargers=NoDelete())


            declared: AsyncChargersService = NoDelete()
            """),
        encoding="utf-8",
    )
    good = tmp_path / "good_impl.py"
    good.write_text(
        textwrap.dedent("""
            from fastapi import FastAPI

            from impl_ocpplab import InMemoryChargers, InMemoryLocations, Store
            from ocpplab.server import AsyncChargersService, LocationsService, create_app

            store = Store()
            chargers: AsyncChargersService = InMemoryChargers(store)
            locations: LocationsService = InMemoryLocations(store)


            def build() -> FastAPI:
                return create_app(chargers=InMemoryChargers(store), locations=InMemoryLocations(store))
            """),
        encoding="utf-8",
    )
    # The generated package is analysed (its types are needed) but only these files are reported on.
    out, status = run_mypy(
        [str(tmp_path / "impl_ocpplab.py"), str(good), str(bad)],
        [generated_root, tmp_path],
        mypy_cache,
    )
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert status == 1, out
    assert all(line.startswith(str(bad)) for line in errors), out
    assert any(
        'Argument "chargers" to "create_app" has incompatible type "NoDelete"' in line
        for line in errors
    ), out
    assert (
        'is missing following "AsyncChargersService" protocol member:' in out
        and "    delete" in out
    ), out
