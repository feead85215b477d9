"""Regenerating after a spec change never touches the user's implementation, which lives beside the
generated package, and the app still starts over it (or says at start what the change requires)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import httpx
import yaml

from .conftest import IMPL, SPEC, UvicornThread, generate_package, imported_from


def _write_spec(path: Path, change: Any = None) -> Path:
    doc = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    if change is not None:
        change(doc)
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def _add_firmware_version(doc: dict[str, Any]) -> None:
    """A new optional, nullable property on the charger response and the partial update."""
    for name in ("ChargerResponse", "UpdateChargerRequest"):
        doc["components"]["schemas"][name]["properties"]["firmware_version"] = {
            "type": ["string", "null"]
        }


def _add_query_parameter(doc: dict[str, Any]) -> None:
    """A new optional query parameter on GET /ocpp/chargers: the chargers protocol changes."""
    doc["paths"]["/ocpp/chargers"]["get"]["parameters"].insert(
        0,
        {
            "name": "status",
            "in": "query",
            "required": False,
            "schema": {"type": ["string", "null"]},
        },
    )


def test_regeneration_leaves_the_implementation_alone(tmp_path: Path) -> None:
    project = tmp_path / "project"
    generated = project / "generated"
    implementation = project / "impl_ocpplab.py"  # the user's file, beside the generated package
    generated.mkdir(parents=True)
    implementation.write_bytes(IMPL.read_bytes())
    before = implementation.read_bytes()
    stat_before = implementation.stat().st_mtime_ns

    generate_package(_write_spec(tmp_path / "v1.yaml"), generated)
    tree_v1 = _tree(generated / "ocpplab")
    generate_package(_write_spec(tmp_path / "v2.yaml", _add_firmware_version), generated)
    tree_v2 = _tree(generated / "ocpplab")

    assert implementation.read_bytes() == before
    assert implementation.stat().st_mtime_ns == stat_before
    changed = sorted(p for p in tree_v1 if tree_v1[p] != tree_v2.get(p))
    assert (
        "models/update_charger_request.py" in changed and "resources/chargers.py" in changed
    )  # the client's update grew a field
    assert not [
        p for p in changed if p.startswith("server/")
    ]  # routes and protocols did not change
    assert not any(p.startswith("..") or p.startswith("impl") for p in tree_v2)

    # The unchanged implementation serves the new field: the update sets it, the response shows it.
    with imported_from(generated, project):
        import impl_ocpplab
        import ocpplab.server

        store = impl_ocpplab.Store()
        app = ocpplab.server.create_app(
            chargers=impl_ocpplab.InMemoryChargers(store),
            locations=impl_ocpplab.InMemoryLocations(store),
        )
        assert "firmware_version" in ocpplab.models.ChargerResponse.model_fields
        with (
            UvicornThread(app) as url,
            httpx.Client(base_url=url, headers={"Authorization": "Bearer t"}) as http,
        ):
            created = http.post(
                "/ocpp/chargers",
                json={
                    "identity": "CP",
                    "brand_slug": "b",
                    "model_slug": "m",
                    "connector_type": "c",
                    "ws_url": "ws://x",
                },
            )
            charger = created.json()["charger_id"]
            updated = http.put(f"/ocpp/chargers/{charger}", json={"firmware_version": "1.2.3"})
            assert updated.status_code == 200 and updated.json()["firmware_version"] == "1.2.3"


def test_a_spec_change_the_implementation_lacks_is_named_at_start(tmp_path: Path) -> None:
    project = tmp_path / "project"
    generated = project / "generated"
    generated.mkdir(parents=True)
    (project / "impl_ocpplab.py").write_bytes(IMPL.read_bytes())
    generate_package(_write_spec(tmp_path / "v2.yaml", _add_query_parameter), generated)
    assert (project / "impl_ocpplab.py").read_bytes() == IMPL.read_bytes()

    with imported_from(generated, project):
        import impl_ocpplab
        import ocpplab.server
        import pytest

        with pytest.raises(
            TypeError, match=r"chargers=InMemoryChargers\.list: parameter 'status' is missing"
        ):
            ocpplab.server.create_app(chargers=impl_ocpplab.InMemoryChargers(impl_ocpplab.Store()))
