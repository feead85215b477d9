"""An operation's parameters (path-level ones merged in), and the headers the client sends itself."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..config import Config
from ..findings import warning
from ..load.pointer import escape
from ..regex import linear_time, why_not_enforced
from .constraints import constraints
from .context import Context, text
from .model import Parameter, SecurityScheme, SpecText
from .naming import snake, unique

# The order parameters are taken in (and their supported locations).
LOCATIONS = {"path": 0, "query": 1, "header": 2, "cookie": 3}


@dataclass(frozen=True)
class ClientSent:
    """Headers no method takes as an argument, because the client sends them itself."""

    auth: bool  # `Authorization`, when a scheme sends it (bearer, basic, OAuth 2, OpenID)
    headers: frozenset[str]  # set once on the client (lower-case)
    idempotency: str  # sent as the methods' `idempotency_key` argument (lower-case)

    @classmethod
    def of(
        cls, config: Config, document: dict[str, Any], schemes: tuple[SecurityScheme, ...]
    ) -> ClientSent:
        return cls(
            auth=any(s.kind in ("bearer", "basic", "oauth2", "openid") for s in schemes),
            headers=frozenset(h.lower() for h in config.client_headers),
            # The runtime's fallback is `Idempotency-Key`.
            idempotency=(
                config.idempotency_header or idempotency_header(document) or "Idempotency-Key"
            ).lower(),
        )

    def reason(self, location: str, wire: str, method: str) -> str:
        """Why the client sends this parameter itself; "" when a method takes it."""
        if location != "header":
            return ""
        lower = wire.lower()
        if lower == "authorization" and self.auth:
            return "sent by the client's auth (token=...)"
        if lower in self.headers:
            return "set once on the client"
        if lower in ("accept", "content-type"):
            return "set by the client from the media type"
        if method != "get" and lower == self.idempotency:
            # One argument for it: the method's own `idempotency_key` (generated when omitted).
            return "sent by the client (the idempotency_key argument)"
        return ""


def idempotency_header(document: dict[str, Any]) -> str:
    """The document's `x-idempotency-header`, or ""."""
    value = document.get("x-idempotency-header")
    return value if isinstance(value, str) else ""


def merged(
    path: str, item: dict[str, Any], op: dict[str, Any], pointer: str, ctx: Context
) -> dict[tuple[str, str], tuple[dict[str, Any], str]]:
    """(location, name) -> (parameter, pointer): path-level parameters, overridden by
    operation-level ones with the same name and location."""
    result: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
    for level, level_pointer in ((item, f"/paths/{escape(path)}"), (op, pointer)):
        for index, raw in enumerate(level.get("parameters") or []):
            param, ref_pointer = ctx.deref(raw, "parameters")
            if not isinstance(param, dict) or "name" not in param:
                continue
            result[(str(param.get("in")), str(param["name"]))] = (
                param,
                ref_pointer or f"{level_pointer}/parameters/{index}",
            )
    return result


def parameters(
    path: str,
    method: str,
    item: dict[str, Any],
    op: dict[str, Any],
    pointer: str,
    hint: str,
    reserved: frozenset[str],
    client: ClientSent,
    ctx: Context,
) -> tuple[tuple[Parameter, ...], tuple[tuple[str, str], ...]]:
    """The method's parameters in path, query, header, cookie order, named apart from `reserved`
    and each other, and the ones the client sends itself, with why."""
    taken = set(reserved)
    result: list[Parameter] = []
    client_handled: list[tuple[str, str]] = []
    for (location, wire), (param, param_pointer) in sorted(
        merged(path, item, op, pointer, ctx).items(), key=lambda kv: LOCATIONS.get(kv[0][0], 9)
    ):
        if location not in LOCATIONS:
            ctx.skip(
                "parameter",
                param_pointer,
                f"parameter {wire!r} has unsupported location {location!r}",
            )
            continue
        why = client.reason(location, wire, method)
        if why:
            client_handled.append((wire, why))
            continue
        schema = param.get("schema")
        if not isinstance(schema, dict):
            content = param.get("content")
            first: dict[str, Any] = (
                next(iter(content.values()), {}) if isinstance(content, dict) else {}
            )
            schema = first.get("schema", {}) if isinstance(content, dict) and content else {}
        schema = ctx.registry.rewritten(schema)
        name = snake(wire, "param")
        # `body` is the argument of a request body that is not flattened into fields.
        if name in taken or (name == "body" and "requestBody" in op):
            name = snake(f"{location} {wire}", "param")
        name = unique(name, taken)
        ptype = ctx.registry.type_of(schema, f"{hint} {wire}", param_pointer)
        check_pattern(ctx.registry.resolve(schema), f"{param_pointer}/schema", ctx)
        result.append(
            Parameter(
                name=name,
                wire_name=SpecText(wire),
                location=location,  # type: ignore[arg-type]
                required=bool(param.get("required")) or location == "path",
                type=ptype,
                description=text(param.get("description")),
                pointer=param_pointer,
                constraints=constraints(ctx.registry.resolve(schema)),
                style=str(param.get("style", "")),
                explode=(param.get("explode") if isinstance(param.get("explode"), bool) else None),
                deprecated=bool(param.get("deprecated")),
            )
        )
    return tuple(result), tuple(client_handled)


def check_pattern(schema: Any, pointer: str, ctx: Context) -> None:
    """Warn (located) about a parameter pattern `constraints` leaves out: see generator/regex.py."""
    pattern = schema.get("pattern") if isinstance(schema, dict) else None
    if isinstance(pattern, str) and not linear_time(pattern):
        where = f"{pointer}/pattern"
        ctx.findings.add(
            warning(
                "pattern-not-enforced",
                f"pattern {pattern[:80]!r} {why_not_enforced(pattern)}",
                location=ctx.locate(where),
                pointer=where,
                hint="write it without look-arounds or back-references",
            )
        )
