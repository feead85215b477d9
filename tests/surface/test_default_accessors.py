"""The default spec's client surface is pinned: every one of its 57 operations keeps its accessor.

Its operationIds are `<tag>_<method>` (`location_chargers_create`): the tag stays the resource and
the rest of the id the method, whatever rules apply to specs whose ids do not carry the resource.
"""

from __future__ import annotations

from pathlib import Path

from generator.config import Config
from generator.findings import Findings
from generator.ir.build import build_api
from generator.load import load_spec

REPO = Path(__file__).resolve().parents[2]

DEFAULT_ACCESSORS = [
    ("GET /", "health.landing_page"),
    ("GET /health", "health.health_check"),
    ("GET /ocpi/cpos", "ocpi_cpos.list"),
    ("POST /ocpi/cpos", "ocpi_cpos.create"),
    ("GET /ocpi/cpos/{cpo_id}", "ocpi_cpos.get"),
    ("DELETE /ocpi/cpos/{cpo_id}", "ocpi_cpos.delete"),
    ("GET /ocpi/cpos/{cpo_id}/report", "ocpi_cpos.get_report"),
    ("GET /ocpi/cpos/{cpo_id}/status", "ocpi_cpos.get_status"),
    ("GET /ocpi/cpos/{cpo_id}/locations", "ocpi_locations.list"),
    ("POST /ocpi/cpos/{cpo_id}/locations", "ocpi_locations.create"),
    ("GET /ocpi/cpos/{cpo_id}/locations/jobs/{job_id}", "ocpi_locations.get_bulk_job"),
    ("GET /ocpi/cpos/{cpo_id}/locations/{location_id}", "ocpi_locations.get"),
    ("DELETE /ocpi/cpos/{cpo_id}/locations/{location_id}", "ocpi_locations.delete"),
    ("PATCH /ocpi/cpos/{cpo_id}/locations/{location_id}", "ocpi_locations.update"),
    ("GET /ocpi/templates/cpos", "ocpi_templates.list"),
    ("GET /ocpp/catalog/brands", "catalog.list_brands"),
    ("GET /ocpp/catalog/brands/{brand_slug}/models", "catalog.list_models"),
    ("GET /ocpp/catalog/brands/{brand_slug}/models/{model_slug}", "catalog.get_model"),
    ("GET /ocpp/chargers", "chargers.list"),
    ("POST /ocpp/chargers", "chargers.create"),
    ("GET /ocpp/chargers/{charger_id}", "chargers.get"),
    ("PUT /ocpp/chargers/{charger_id}", "chargers.update"),
    ("DELETE /ocpp/chargers/{charger_id}", "chargers.delete"),
    ("GET /ocpp/chargers/{charger_id}/logs", "chargers.get_logs"),
    ("POST /ocpp/chargers/{charger_id}/reset-charger", "chargers.reset_runtime"),
    ("POST /ocpp/chargers/{charger_id}/start-charger", "chargers.start_runtime"),
    ("GET /ocpp/chargers/{charger_id}/status", "chargers.get_status"),
    ("POST /ocpp/chargers/{charger_id}/stop-charger", "chargers.stop_runtime"),
    ("POST /ocpp/commands/authorize-id-tag", "commands.authorize_id_tag"),
    ("POST /ocpp/commands/cache/reset", "commands.reset_auth_cache"),
    ("POST /ocpp/commands/clear-fault", "commands.clear_fault"),
    ("POST /ocpp/commands/clear-local-auth-list", "commands.clear_local_list"),
    ("POST /ocpp/commands/configuration", "commands.set_configuration"),
    ("POST /ocpp/commands/ev-requests-energy", "commands.ev_requests_energy"),
    ("POST /ocpp/commands/ev-stops-energy", "commands.ev_stops_energy"),
    ("POST /ocpp/commands/inject-fault", "commands.inject_fault"),
    ("POST /ocpp/commands/local-auth-list", "commands.send_local_list"),
    ("POST /ocpp/commands/plug-connector", "commands.plug_connector"),
    ("POST /ocpp/commands/power-update", "commands.power_update"),
    ("POST /ocpp/commands/proxy-message", "commands.proxy_message"),
    ("POST /ocpp/commands/start-session", "commands.start_session"),
    ("POST /ocpp/commands/start-transaction", "commands.start_transaction"),
    ("POST /ocpp/commands/stop-session", "commands.stop_session"),
    ("POST /ocpp/commands/stop-transaction", "commands.stop_transaction"),
    ("POST /ocpp/commands/unlock-connector", "commands.unlock_connector"),
    ("POST /ocpp/commands/unplug-connector", "commands.unplug_connector"),
    ("GET /ocpp/locations", "locations.list"),
    ("POST /ocpp/locations", "locations.create"),
    ("GET /ocpp/locations/{location_id}", "locations.get"),
    ("PUT /ocpp/locations/{location_id}", "locations.update"),
    ("DELETE /ocpp/locations/{location_id}", "locations.delete"),
    ("GET /ocpp/locations/{location_id}/chargers", "location_chargers.list"),
    ("PUT /ocpp/locations/{location_id}/chargers", "location_chargers.update"),
    ("POST /ocpp/locations/{location_id}/chargers", "location_chargers.create"),
    ("DELETE /ocpp/locations/{location_id}/chargers", "location_chargers.delete"),
    ("GET /ocpp/locations/{location_id}/chargers/jobs/{job_id}", "location_chargers.get_bulk_job"),
    ("GET /ocpp/templates/locations", "location_templates.list"),
]


def accessors(api) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """ "METHOD /path" -> "resource.sub.method" for every operation of the IR."""
    found = {}
    for resource in api.resources:
        chain = getattr(resource, "accessor", "") or resource.name
        for op in resource.operations:
            found[f"{op.http_method.upper()} {op.path}"] = f"{chain}.{op.method_name}"
    return found


def test_default_spec_keeps_its_57_accessors() -> None:
    spec = load_spec(REPO / "spec" / "ocpplab-gateway.yaml")
    findings = Findings()
    api = build_api(spec.document, Config(), spec.locate, findings)
    assert len(DEFAULT_ACCESSORS) == 57
    assert accessors(api) == dict(DEFAULT_ACCESSORS)
    assert not [f for f in findings if f.code == "name-collision"]
