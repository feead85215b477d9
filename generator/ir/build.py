"""Build the intermediate model from a validated, bundled OpenAPI 3.x document.

`build_api` reads as the steps; each OpenAPI object has its module: security.py (schemes,
requirements; credentials.py names the client's arguments), operations.py (which operations,
where they live, each one built), parameters.py, bodies.py, responses.py, resources.py (grouping),
with pagination.py, streaming.py and webhooks.py on top. Inline schemas are lifted to models by
the one SchemaRegistry in the order the steps ask for them, so the steps run in this order."""

from __future__ import annotations

from typing import Any

from ..config import Config
from ..findings import Findings
from .context import Context, Locate, text
from .credentials import operation_requirements, warn_unusable
from .model import Api, ClientHeader, Identifier, SpecText
from .naming import snake, unique
from .operations import operation, placements
from .package import package_for
from .pagination import check_rules, resolve_rules
from .parameters import ClientSent, idempotency_header
from .params import request_dicts
from .refs import component_resolver
from .resources import resources
from .schemas import SchemaRegistry
from .security import credentials, requirements, security_schemes
from .surface import decisions
from .webhooks import collect as collect_webhooks


def build_api(document: dict[str, Any], config: Config, locate: Locate, findings: Findings) -> Api:
    info = document.get("info") or {}
    title = str(info.get("title", "API"))
    deref = component_resolver(document)
    ctx = Context(SchemaRegistry(document), config, deref, locate, findings)
    package = package_for(config, title)

    schemes, env_prefix, init_names = credentials(
        security_schemes(document, deref), title, package, config
    )
    scheme_names = {str(s.key): s.name for s in schemes}
    client = ClientSent.of(config, document, schemes)

    placed = placements(document, ctx)
    # Pagination rules may name an operation by its accessor, known once the surface is planned.
    config = ctx.config = resolve_rules(config, placed)
    built = resources(placed, document, lambda p: operation(p, scheme_names, client, document, ctx))
    operations = [op for r in built for op in r.operations]
    check_rules(config, operations)

    webhooks = collect_webhooks(document, ctx.registry, deref)  # before the models are listed
    default_security = requirements(document.get("security"), scheme_names)
    warn_unusable(schemes, operation_requirements(default_security, operations), locate, findings)
    version = str(document.get("openapi") or document.get("swagger") or "")
    return Api(
        title=SpecText(title),
        version=text(info.get("version")),
        description=text(info.get("description")),
        openapi_version=version,
        package=package,
        client_class=Identifier("Client"),
        servers=servers(document),
        resources=tuple(built),
        naming=decisions(placed),
        security_schemes=schemes,
        default_security=default_security,
        client_headers=client_headers(config, init_names),
        params=request_dicts(ctx.registry, built),  # before the models are listed: may lift
        models=tuple(ctx.registry.models()),
        idempotency_header=SpecText(config.idempotency_header or idempotency_header(document)),
        skipped=tuple(ctx.skipped),
        env_prefix=env_prefix,
        has_waiter=config.waiter == "on" or any(op.waiter for op in operations),
        webhooks=webhooks,
        typing=tuple(ctx.typing),
        model_document=ctx.registry.model_document(version),
    )


def servers(document: dict[str, Any]) -> tuple[SpecText, ...]:
    return tuple(
        SpecText(str(s.get("url")))
        for s in document.get("servers") or []
        if isinstance(s, dict) and s.get("url")
    )


def client_headers(config: Config, init_names: frozenset[str]) -> tuple[ClientHeader, ...]:
    """The configured client headers, each a client argument named apart from `init_names`."""
    taken = set(init_names)
    return tuple(
        ClientHeader(name=unique(snake(strip_x(h), "header"), taken), wire_name=SpecText(h))
        for h in config.client_headers
    )


def strip_x(header: str) -> str:
    return header[2:] if header.lower().startswith("x-") else header
