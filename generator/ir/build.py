"""Build the intermediate model from a validated, bundled OpenAPI 3.x document."""

from __future__ import annotations

import keyword
import re
import sys
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from ..config import Config
from ..findings import ApigenError, Findings, Location, error, warning
from ..load.structure import HTTP_METHODS
from ..regex import linear_time, why_not_enforced
from .credentials import name_credentials, operation_requirements, warn_unusable
from .flatten import merged_object
from .model import (
    Api,
    Body,
    BodyEncoding,
    BodyField,
    ClientHeader,
    Constraints,
    Identifier,
    NameDecision,
    Operation,
    Parameter,
    Resource,
    Response,
    SecurityRequirement,
    SecurityScheme,
    Skipped,
    SpecText,
    TypeExpr,
    Typing,
    Waiter,
)
from .naming import (
    CALL_OPTION_NAMES,
    CLIENT_ATTRIBUTE_NAMES,
    CLIENT_INIT_NAMES,
    METHOD_LOCAL_NAMES,
    RESOURCE_SCOPE_NAMES,
    WINDOWS_RESERVED,
    module_name,
    pascal,
    snake,
    unique,
    words,
)
from .pagination import ITEMS_FIELDS, check_rules, resolve_rules
from .pagination import detect as detect_pagination
from .params import request_dicts
from .schemas import SchemaRegistry, escape_pointer_token
from .streaming import detect as detect_streaming
from .surface import Entry, Placement, SurfacePlanner, decisions
from .webhooks import collect as collect_webhooks

_STATUS_RE = re.compile(r"^(?:[1-5][0-9][0-9]|[1-5][Xx][Xx]|default)$")
TAG_PREFIXES = ("subpackage_",)

Locate = Callable[[str], Location]
# A package named like one of these would shadow the module the SDK or its users import.
SHADOWED_MODULES = frozenset(
    {
        "httpx",
        "pydantic",
        "fastapi",
        "starlette",
        "typing",
        "json",
        "os",
        "sys",
        "re",
        "enum",
        "abc",
        "asyncio",
        "logging",
        "types",
        "uuid",
        "datetime",
        "decimal",
        "collections",
        "functools",
        "io",
        "test",
        "tests",
        "generator",
        "models",
        "builtins",
        "anyio",
        "email",
        "http",
        "string",
        "time",
    }
)
# Every standard-library module (with those removed since 3.11, so that the output does not depend
# on which Python runs apigen), what the generated package imports, and Windows device names.
SHADOWED_MODULES = SHADOWED_MODULES | frozenset(
    name
    for name in (
        *sys.stdlib_module_names,
        *[
            "asynchat",
            "asyncore",
            "distutils",
            "imp",
            "smtpd",
            "aifc",
            "audioop",
            "cgi",
            "cgitb",
            "chunk",
            "crypt",
            "imghdr",
            "mailcap",
            "msilib",
            "nis",
            "nntplib",
            "ossaudiodev",
            "pipes",
            "sndhdr",
            "spwd",
            "sunau",
            "telnetlib",
            "uu",
            "xdrlib",
            "lib2to3",
        ],
        *[
            "httpx",
            "httpcore",
            "h11",
            "idna",
            "certifi",
            "sniffio",
            "anyio",
            "pydantic",
            "pydantic_core",
            "annotated_types",
            "typing_extensions",
            "typing_inspection",
            "fastapi",
            "starlette",
            "exceptiongroup",
        ],
        *WINDOWS_RESERVED,
    )
    if not name.startswith("_")
)


def _text(value: Any) -> SpecText:
    return SpecText(value if isinstance(value, str) else "")


def _constraints(schema: dict[str, Any]) -> Constraints:
    def num(key: str) -> float | None:
        value = schema.get(key)
        return (
            float(value)
            if isinstance(value, (int, float)) and not isinstance(value, bool)
            else None
        )

    def whole(key: str) -> int | None:
        value = schema.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    pattern = schema.get("pattern")
    if isinstance(pattern, str) and not linear_time(pattern):
        pattern = None  # never enforced by a backtracking engine (see generator/regex.py)
    fmt = schema.get("format")
    return Constraints(
        max_length=whole("maxLength"),
        min_length=whole("minLength"),
        maximum=num("maximum"),
        minimum=num("minimum"),
        pattern=pattern if isinstance(pattern, str) else None,
        max_items=whole("maxItems"),
        default=repr(schema["default"]) if "default" in schema else None,
        format=fmt if isinstance(fmt, str) else None,
    )


def package_name(title: str) -> Identifier:
    """`OCPPLab Gateway API` -> `ocpplab`: the first word of the title, lower-case."""
    parts = [w.lower() for w in words(title)]
    for drop in ("api", "the"):
        if len(parts) > 1 and parts[-1] == drop:
            parts.pop()
    name = snake(parts[0] if parts else "client", fallback="client")
    if name.lower() in SHADOWED_MODULES:
        name = Identifier(f"{name}_sdk")
    return name


class _Builder:
    def __init__(
        self, document: dict[str, Any], config: Config, locate: Locate, findings: Findings
    ) -> None:
        self.doc = document
        self.config = config
        self.locate = locate
        self.findings = findings
        self.registry = SchemaRegistry(document)
        self.skipped: list[Skipped] = []
        self.typing: list[Typing] = []
        self.components = document.get("components") or {}
        self.client_header_names = {h.lower() for h in config.client_headers}
        # The header the client's `idempotency_key` argument is sent as (the runtime's fallback).
        self.idempotency = (
            config.idempotency_header or _idempotency_header(document) or "Idempotency-Key"
        ).lower()
        self.naming: tuple[NameDecision, ...] = ()

    # ---- helpers ------------------------------------------------------------------------------
    def deref(self, node: Any, section: str) -> tuple[Any, str]:
        """Resolve a component $ref (parameters, responses, requestBodies); returns (node, pointer)."""
        pointer = ""
        for _ in range(20):
            if not isinstance(node, dict) or "$ref" not in node:
                return node, pointer
            ref = node["$ref"]
            prefix = f"#/components/{section}/"
            if not isinstance(ref, str) or not ref.startswith(prefix):
                return {}, pointer
            key = ref[len(prefix) :].replace("~1", "/").replace("~0", "~")
            pointer = f"/components/{section}/{escape_pointer_token(key)}"
            node = (self.components.get(section) or {}).get(key, {})
        return {}, pointer

    def _check_pattern(self, schema: Any, pointer: str) -> None:
        """Warn (located) about a parameter pattern `_constraints` leaves out: see generator/regex.py."""
        pattern = schema.get("pattern") if isinstance(schema, dict) else None
        if isinstance(pattern, str) and not linear_time(pattern):
            where = f"{pointer}/pattern"
            self.findings.add(
                warning(
                    "pattern-not-enforced",
                    f"pattern {pattern[:80]!r} {why_not_enforced(pattern)}",
                    location=self.locate(where),
                    pointer=where,
                    hint="write it without look-arounds or back-references",
                )
            )

    def skip(self, kind: Any, pointer: str, reason: str) -> None:
        self.skipped.append(Skipped(kind, pointer, reason))
        self.findings.add(
            warning("skipped", reason, location=self.locate(pointer), pointer=pointer)
        )

    # ---- security ------------------------------------------------------------------------------
    def security_schemes(self) -> tuple[SecurityScheme, ...]:
        schemes = self.components.get("securitySchemes") or {}
        # Scheme names become constructor arguments (API keys): never one the client already takes.
        taken: set[str] = set(CLIENT_INIT_NAMES)
        self.init_names = taken
        scheme_names: set[str] = set(CLIENT_INIT_NAMES)  # the server's names of the schemes
        result = []
        for key, raw in schemes.items():
            raw, _ = self.deref(raw, "securitySchemes")
            if not isinstance(raw, dict):
                continue
            kind_raw = str(raw.get("type", "")).lower()
            scheme = str(raw.get("scheme", "")).lower()
            location = ""
            param = ""
            if kind_raw == "http" and scheme == "bearer":
                kind = "bearer"
            elif kind_raw == "http" and scheme == "basic":
                kind = "basic"
            elif kind_raw == "apikey":
                kind = "api_key"
                location = str(raw.get("in", "header"))
                param = str(raw.get("name", ""))
                if location not in ("header", "query", "cookie"):
                    kind, location = "unsupported", ""
            elif kind_raw == "oauth2":
                kind = "oauth2"  # the token is sent as a bearer token
            elif kind_raw == "openidconnect":
                kind = "openid"
            else:
                kind = "unsupported"
            result.append(
                SecurityScheme(
                    name=unique(snake(str(key), "auth"), scheme_names),
                    key=SpecText(str(key)),
                    kind=kind,  # type: ignore[arg-type]
                    location=location,  # type: ignore[arg-type]
                    param_name=SpecText(param),
                    description=_text(raw.get("description")),
                )
            )
        title = str((self.doc.get("info") or {}).get("title", "API"))
        named, self.env_prefix = name_credentials(
            tuple(result), title, self.package(title), self.config, taken
        )
        return named

    def package(self, title: str) -> Identifier:
        return _given_package(self.config.package) if self.config.package else package_name(title)

    def security(
        self, raw: Any, names: dict[str, Identifier]
    ) -> tuple[tuple[SecurityRequirement, ...], ...]:
        if not isinstance(raw, list):
            return ()
        alternatives = []
        for requirement in raw:
            if not isinstance(requirement, dict):
                continue
            alternatives.append(
                tuple(
                    SecurityRequirement(
                        SpecText(str(k)), tuple(str(s) for s in (v or []) if isinstance(s, str))
                    )
                    for k, v in requirement.items()
                    if str(k) in names
                )
            )
        return tuple(alternatives)

    # ---- resources and operations ------------------------------------------------------------------
    def returns_list(self, op: dict[str, Any]) -> bool:
        """Whether an operation's success answer is a list, or a page holding one (`data: [...]`)."""
        for status, response in (op.get("responses") or {}).items():
            if not str(status).startswith("2"):
                continue
            response, _ = self.deref(response, "responses")
            content = response.get("content") if isinstance(response, dict) else None
            if not isinstance(content, dict) or not content:
                continue
            media = content[_pick_response_media(list(content))]
            schema = media.get("schema") if isinstance(media, dict) else None
            resolved = self.registry.resolve(self.registry.rewritten(schema or {}))
            if "array" in _types(resolved):
                return True
            props = resolved.get("properties")
            return isinstance(props, dict) and any(
                "array" in _types(self.registry.resolve(props.get(f))) for f in ITEMS_FIELDS
            )
        return False

    def build(self) -> Api:
        info = self.doc.get("info") or {}
        title = str(info.get("title", "API"))
        schemes = self.security_schemes()
        scheme_names = {str(s.key): s.name for s in schemes}
        has_auth_scheme = any(s.kind in ("bearer", "basic", "oauth2", "openid") for s in schemes)

        entries: list[Entry] = []
        paths = self.doc.get("paths") or {}
        for path, item in paths.items():
            item, _ = self.deref(item, "pathItems")
            if not isinstance(item, dict) or not item:
                self.skip(
                    "operation",
                    f"/paths/{escape_pointer_token(str(path))}",
                    f"path item {str(path)[:80]!r} could not be resolved",
                )
                continue
            for method in HTTP_METHODS:
                op = item.get(method)
                if isinstance(op, dict):
                    entries.append((str(path), method, item, op))
        schemas = self.components.get("schemas")
        planner = SurfacePlanner(
            entries,
            dict(self.config.names),
            self.returns_list,
            self.locate,
            self.findings,
            frozenset(str(k) for k in schemas) if isinstance(schemas, dict) else frozenset(),
        )
        placements = planner.plan()
        self.config = resolve_rules(self.config, placements)
        resources = self.resources(placements, scheme_names, has_auth_scheme)

        check_rules(self.config, [op for r in resources for op in r.operations])
        webhooks = collect_webhooks(self.doc, self.registry, self.deref)  # before models()
        client_headers = tuple(
            ClientHeader(
                name=unique(snake(strip_x(h), "header"), self.init_names), wire_name=SpecText(h)
            )
            for h in self.config.client_headers
        )
        servers = tuple(
            SpecText(str(s.get("url")))
            for s in self.doc.get("servers") or []
            if isinstance(s, dict) and s.get("url")
        )
        idempotency = self.config.idempotency_header or _idempotency_header(self.doc)
        package = self.package(title)
        version = str(self.doc.get("openapi") or self.doc.get("swagger") or "")
        default_security = self.security(self.doc.get("security"), scheme_names)
        warn_unusable(
            schemes,
            operation_requirements(default_security, (o for r in resources for o in r.operations)),
            self.locate,
            self.findings,
        )
        return Api(
            title=SpecText(title),
            version=_text(info.get("version")),
            description=_text(info.get("description")),
            openapi_version=version,
            package=package,
            client_class=Identifier("Client"),
            servers=servers,
            resources=tuple(resources),
            naming=self.naming,
            security_schemes=schemes,
            default_security=default_security,
            client_headers=client_headers,
            params=request_dicts(self.registry, resources),  # before models(): may lift
            models=tuple(self.registry.models()),
            idempotency_header=SpecText(idempotency),
            skipped=tuple(self.skipped),
            env_prefix=self.env_prefix,
            has_waiter=self.config.waiter == "on"
            or any(op.waiter for r in resources for op in r.operations),
            webhooks=webhooks,
            typing=tuple(self.typing),
            model_document=self.registry.model_document(version),
        )

    def resources(
        self,
        placements: list[Placement],
        scheme_names: dict[str, Identifier],
        has_auth_scheme: bool,
    ) -> list[Resource]:
        """Resources in order of first appearance, each chain's parents made where no operation
        sits directly on them (`beta` of `beta.threads`)."""
        grouped: dict[tuple[Identifier, ...], list[Placement]] = {}
        for p in placements:
            for n in range(1, len(p.chain)):
                grouped.setdefault(p.chain[:n], [])
            grouped.setdefault(p.chain, []).append(p)
        tag_descriptions = {
            str(t.get("name")): str(t.get("description", ""))
            for t in self.doc.get("tags") or []
            if isinstance(t, dict)
        }
        taken: set[str] = set(CLIENT_ATTRIBUTE_NAMES | CLIENT_INIT_NAMES)
        taken_modules: set[str] = set()
        names: dict[tuple[Identifier, ...], Identifier] = {}
        attributes: dict[tuple[Identifier, ...], Identifier] = {}
        for chain in grouped:
            if len(chain) == 1:
                names[chain] = attributes[chain] = unique(chain[0], taken)
        for chain in grouped:
            if len(chain) > 1:
                names[chain] = unique("_".join(chain), taken)
                attributes[chain] = (
                    chain[-1]
                    if chain[-1] not in RESOURCE_SCOPE_NAMES
                    else Identifier(f"{chain[-1]}_")
                )
        result = []
        for chain, members in grouped.items():
            name = names[chain]
            tag = members[0].tag if members else ""
            operations = []
            for p in members:
                path, method, item, op = p.entry
                pointer = f"/paths/{escape_pointer_token(path)}/{method}"
                op_id = op.get("operationId")
                if not (isinstance(op_id, str) and words(op_id)):
                    op_id = f"{method}_{path}"
                built = self.operation(
                    path,
                    method,
                    item,
                    op,
                    pointer,
                    p.method,
                    str(op_id),
                    scheme_names,
                    has_auth_scheme,
                )
                if built is not None:
                    operations.append(built)
            result.append(
                Resource(
                    name=name,
                    class_name=pascal(f"{name} Resource"),
                    module=module_name(name, taken_modules),
                    tag=SpecText(tag),
                    description=SpecText(tag_descriptions.get(tag, "")),
                    operations=tuple(operations),
                    attribute=attributes[chain] if len(chain) > 1 else Identifier(""),
                    parent=names[chain[:-1]] if len(chain) > 1 else Identifier(""),
                    accessor=(
                        ".".join(attributes[chain[:n]] for n in range(1, len(chain) + 1))
                        if len(chain) > 1
                        else ""
                    ),
                    children=tuple(
                        names[c] for c in grouped if len(c) == len(chain) + 1 and c[:-1] == chain
                    ),
                )
            )
        self.naming = decisions(placements)
        return result

    def operation(
        self,
        path: str,
        method: str,
        item: dict[str, Any],
        op: dict[str, Any],
        pointer: str,
        method_name: Identifier,
        op_id: str,
        scheme_names: dict[str, Identifier],
        has_auth_scheme: bool,
    ) -> Operation | None:
        hint = pascal(op_id)
        # Path-level parameters, overridden by operation-level ones with the same name and location.
        merged: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
        for level, level_pointer in ((item, f"/paths/{escape_pointer_token(path)}"), (op, pointer)):
            for index, raw in enumerate(level.get("parameters") or []):
                param, ref_pointer = self.deref(raw, "parameters")
                if not isinstance(param, dict) or "name" not in param:
                    continue
                merged[(str(param.get("in")), str(param["name"]))] = (
                    param,
                    ref_pointer or f"{level_pointer}/parameters/{index}",
                )

        taken: set[str] = set(CALL_OPTION_NAMES | METHOD_LOCAL_NAMES)
        parameters: list[Parameter] = []
        client_handled: list[tuple[str, str]] = []
        order = {"path": 0, "query": 1, "header": 2, "cookie": 3}
        for (location, wire), (param, param_pointer) in sorted(
            merged.items(), key=lambda kv: order.get(kv[0][0], 9)
        ):
            if location not in order:
                self.skip(
                    "parameter",
                    param_pointer,
                    f"parameter {wire!r} has unsupported location {location!r}",
                )
                continue
            if location == "header" and wire.lower() == "authorization" and has_auth_scheme:
                client_handled.append((wire, "sent by the client's auth (token=...)"))
                continue
            if location == "header" and wire.lower() in self.client_header_names:
                client_handled.append((wire, "set once on the client"))
                continue
            if location == "header" and wire.lower() in ("accept", "content-type"):
                client_handled.append((wire, "set by the client from the media type"))
                continue
            if location == "header" and method != "get" and wire.lower() == self.idempotency:
                # One argument for it: the method's own `idempotency_key` (generated when omitted).
                client_handled.append((wire, "sent by the client (the idempotency_key argument)"))
                continue
            schema = param.get("schema")
            if not isinstance(schema, dict):
                content = param.get("content")
                first: dict[str, Any] = (
                    next(iter(content.values()), {}) if isinstance(content, dict) else {}
                )
                schema = first.get("schema", {}) if isinstance(content, dict) and content else {}
            schema = self.registry.rewritten(schema)
            name = snake(wire, "param")
            # `body` is the argument of a request body that is not flattened into fields.
            if name in taken or (name == "body" and "requestBody" in op):
                name = snake(f"{location} {wire}", "param")
            name = unique(name, taken)
            ptype = self.registry.type_of(schema, f"{hint} {wire}", param_pointer)
            self._check_pattern(self.registry.resolve(schema), f"{param_pointer}/schema")
            parameters.append(
                Parameter(
                    name=name,
                    wire_name=SpecText(wire),
                    location=location,  # type: ignore[arg-type]
                    required=bool(param.get("required")) or location == "path",
                    type=ptype,
                    description=_text(param.get("description")),
                    pointer=param_pointer,
                    constraints=_constraints(self.registry.resolve(schema)),
                    style=str(param.get("style", "")),
                    explode=(
                        param.get("explode") if isinstance(param.get("explode"), bool) else None
                    ),
                    deprecated=bool(param.get("deprecated")),
                )
            )

        body = self.body(op, pointer, hint, taken)
        responses = self.responses(op, pointer, hint)
        security = self.security(op["security"], scheme_names) if "security" in op else None
        operation = Operation(
            operation_id=SpecText(op_id),
            method_name=method_name,
            http_method=method,
            path=SpecText(path),
            summary=_text(op.get("summary")),
            description=_text(op.get("description")),
            tags=tuple(SpecText(str(t)) for t in op.get("tags") or []),
            parameters=tuple(parameters),
            body=body,
            responses=responses,
            security=security,
            pointer=pointer,
            deprecated=bool(op.get("deprecated")),
            client_handled=tuple(client_handled),
        )
        return self.with_helpers(operation)

    def body(self, op: dict[str, Any], pointer: str, hint: str, taken: set[str]) -> Body | None:
        raw = op.get("requestBody")
        if raw is None:
            return None
        request, ref_pointer = self.deref(raw, "requestBodies")
        body_pointer = ref_pointer or f"{pointer}/requestBody"
        content = request.get("content") if isinstance(request, dict) else None
        if pointer.rsplit("/", 1)[-1] in ("get", "head", "delete") and _nothing_to_send(
            content, self.registry
        ):
            return None  # Stripe's GET/DELETE bodies: an object with no properties, none allowed
        if not isinstance(content, dict) or not content:
            self.skip("body", body_pointer, "request body has no content")
            return None
        media, encoding = _pick_media(list(content))
        if media is None or encoding is None:
            self.skip(
                "body",
                body_pointer,
                f"request body media types {sorted(content)} are not supported",
            )
            return None
        media_obj = content[media] if isinstance(content[media], dict) else {}
        schema = self.registry.rewritten(media_obj.get("schema") or {})
        schema_pointer = f"{body_pointer}/content/{escape_pointer_token(media)}/schema"
        body_type, why = self.registry.degraded_reason(schema, f"{hint} Request", schema_pointer)
        if encoding in ("json", "form", "multipart") and media_obj.get("schema"):
            self.typing.append(
                Typing("body", schema_pointer, f"body of {_label(op, pointer)}", why)
            )
        if encoding == "binary":
            body_type = TypeExpr("bytes", "binary")
        elif encoding == "text":
            body_type = TypeExpr("str", "string")
        resolved = self.registry.resolve(schema)
        fields: list[BodyField] = []
        flattened = False
        model = ""
        alternatives: tuple[SpecText, ...] = ()
        media_argument = Identifier("")
        props = resolved.get("properties")
        schema_pointer = f"{body_pointer}/content/{escape_pointer_token(media)}/schema"
        pointers: dict[str, str] = {}
        composed = merged_object(self.registry, schema, schema_pointer)
        if composed is not None:  # allOf of objects: flattened like one object
            props, required_all, pointers = composed
            resolved = {"properties": props, "required": sorted(required_all)}
        if (
            encoding in ("json", "form", "multipart")
            and isinstance(props, dict)
            and props
            and not any(k in resolved for k in ("oneOf", "anyOf"))
        ):
            required = set(resolved.get("required") or [])
            model = (
                body_type.model_refs[0]
                if body_type.model_refs and body_type.annotation.startswith("models.")
                else ""
            )
            flattened = True
            for prop, prop_schema in props.items():
                name = snake(str(prop), "field")
                if name in taken:
                    name = snake(f"body {prop}", "field")
                name = unique(name, taken)
                prop_schema = prop_schema if isinstance(prop_schema, dict) else {}
                ftype = self.registry.type_of(prop_schema, f"{hint} {prop}")
                if encoding == "multipart" and _is_binary(self.registry.resolve(prop_schema)):
                    ftype = TypeExpr("FileContent", "binary")
                fields.append(
                    BodyField(
                        name=name,
                        wire_name=SpecText(str(prop)),
                        required=str(prop) in required,
                        type=ftype,
                        description=_text(prop_schema.get("description")),
                        pointer=pointers.get(str(prop))
                        or f"{schema_pointer}/properties/{escape_pointer_token(str(prop))}",
                        constraints=_constraints(self.registry.resolve(prop_schema)),
                        read_only=bool(prop_schema.get("readOnly")),
                    )
                )
            # Server-owned fields are not arguments of a request; a model that requires one cannot
            # validate a request (it would demand what the client never sends): none is used then.
            if any(f.read_only and f.required for f in fields):
                model = ""
            fields = [f for f in fields if not f.read_only]
            if encoding == "json":
                alternatives = tuple(
                    SpecText(other)
                    for other in content
                    if _pick_media([other])[1] in ("form", "multipart")
                )
            if alternatives:
                media_argument = unique("content_type", taken)
                if any(_pick_media([a])[1] == "multipart" for a in alternatives):
                    # Files are sent as multipart parts: such fields take file content there.
                    fields = [
                        (
                            replace(
                                f, type=TypeExpr(f"{f.type.annotation} | FileContent", "binary")
                            )
                            if _is_binary(self.registry.resolve(props.get(str(f.wire_name)) or {}))
                            and f.type.annotation != "FileContent"
                            else f
                        )
                        for f in fields
                    ]
        else:
            taken.add("body")
        return Body(
            media_type=SpecText(media),
            encoding=encoding,
            required=bool(request.get("required")),
            type=body_type,
            fields=tuple(fields),
            flattened=flattened,
            model=model,
            description=_text(request.get("description")),
            pointer=body_pointer,
            alternatives=alternatives,
            media_argument=media_argument,
        )

    def responses(self, op: dict[str, Any], pointer: str, hint: str) -> tuple[Response, ...]:
        raw = op.get("responses") or {}
        result = []
        for status, response in raw.items():
            status = str(status)
            if not _STATUS_RE.match(status):
                self.skip(
                    "response",
                    f"{pointer}/responses/{escape_pointer_token(status)}",
                    f"response key {status[:40]!r} is not a status code",
                )
                continue
            response, ref_pointer = self.deref(response, "responses")
            if not isinstance(response, dict):
                continue
            resp_pointer = ref_pointer or f"{pointer}/responses/{escape_pointer_token(status)}"
            content = response.get("content")
            media = ""
            rtype: TypeExpr | None = None
            if isinstance(content, dict) and content:
                media = _pick_response_media(list(content))
                media_obj = content[media] if isinstance(content[media], dict) else {}
                if _is_json(media):
                    schema = media_obj.get("schema")
                    if isinstance(schema, dict):
                        suffix = "Response" if status.startswith("2") else f"Error {status}"
                        schema_pointer = (
                            f"{resp_pointer}/content/{escape_pointer_token(media)}/schema"
                        )
                        rtype, why = self.registry.degraded_reason(
                            self.registry.rewritten(schema), f"{hint} {suffix}", schema_pointer
                        )
                        self.typing.append(
                            Typing(
                                "response",
                                schema_pointer,
                                f"{status} response of {_label(op, pointer)}",
                                why,
                            )
                        )
                    else:
                        rtype = TypeExpr("Any", "any")
                elif media.startswith("text/"):
                    rtype = TypeExpr("str", "string")
                else:
                    rtype = TypeExpr("bytes", "binary")
            headers = response.get("headers")
            result.append(
                Response(
                    status=status.upper() if status.upper().endswith("XX") else status,
                    description=_text(response.get("description")),
                    media_type=SpecText(media),
                    type=rtype,
                    pointer=resp_pointer,
                    headers=tuple(str(h) for h in headers) if isinstance(headers, dict) else (),
                )
            )
        return tuple(result)

    # ---- helpers on top of an operation: pagination and waiting for durable jobs ----------------
    def with_helpers(self, op: Operation) -> Operation:
        pagination, note = detect_pagination(op, self.registry, self.config)
        waiter = self.detect_waiter(op) if self.config.waiter != "off" else None
        streaming = detect_streaming(op, self.doc, self.registry, self.deref)
        return replace(
            op, pagination=pagination, waiter=waiter, pagination_note=note, streaming=streaming
        )

    def detect_waiter(self, op: Operation) -> Waiter | None:
        accepted = next((r for r in op.responses if r.status == "202"), None)
        if accepted is None or accepted.type is None or not accepted.type.model_refs:
            return None
        schema = self.registry.schemas.get(accepted.type.model_refs[0], {})
        if "status_url" in (schema.get("properties") or {}):
            return Waiter("status_url")
        return None


def _given_package(name: str) -> Identifier:
    """`--package` as the user wrote it when it is already a valid module name; made safe otherwise.
    A name that would shadow a module the package or its users import is refused."""
    if name.isascii() and name.isidentifier() and not keyword.iskeyword(name):
        safe = Identifier(name)
    else:
        safe = snake(name, "client")
    if safe.lower() in SHADOWED_MODULES:
        raise ApigenError(
            error(
                "package-shadows",
                f"package name {name!r} would shadow the module {safe.lower()!r} "
                "(the standard library, a dependency of the generated package, or a Windows "
                "device name)",
                location=Location("--package"),
                hint=f"choose another name, e.g. --package {safe}_sdk",
            )
        )
    return safe


def _label(op: dict[str, Any], pointer: str) -> str:
    """`GET /bookings` from an operation's pointer (`/paths/~1bookings/get`)."""
    parts = pointer.split("/")
    if len(parts) >= 4 and parts[1] == "paths":
        path = parts[2].replace("~1", "/").replace("~0", "~")
        return f"{parts[3].upper()} {path}"
    return str(op.get("operationId") or pointer)


def strip_x(header: str) -> str:
    return header[2:] if header.lower().startswith("x-") else header


def _idempotency_header(doc: dict[str, Any]) -> str:
    value = doc.get("x-idempotency-header")
    return value if isinstance(value, str) else ""


def _is_json(media: str) -> bool:
    base = media.split(";")[0].strip().lower()
    return base == "application/json" or base.endswith("+json") or base == "*/*"


def _pick_media(media_types: list[str]) -> tuple[str | None, BodyEncoding | None]:
    for media in media_types:
        if _is_json(media):
            return media, "json"
    for media in media_types:
        base = media.split(";")[0].strip().lower()
        if base == "application/x-www-form-urlencoded":
            return media, "form"
        if base == "multipart/form-data":
            return media, "multipart"
    for media in media_types:
        base = media.split(";")[0].strip().lower()
        if base.startswith("text/"):
            return media, "text"
        if base in ("application/octet-stream",) or base.startswith(
            ("image/", "audio/", "video/", "application/")
        ):
            return media, "binary"
    return None, None


def _pick_response_media(media_types: list[str]) -> str:
    for media in media_types:
        if _is_json(media):
            return media
    return media_types[0]


def _types(schema: dict[str, Any]) -> list[Any]:
    declared = schema.get("type")
    return declared if isinstance(declared, list) else [declared]


def _is_binary(schema: dict[str, Any]) -> bool:
    """A file: `format: binary` (3.0), `contentEncoding: binary` or `contentMediaType` (3.1)."""
    if (
        schema.get("format") == "binary"
        or schema.get("contentEncoding") == "binary"
        or schema.get("contentMediaType")
    ):
        return True
    items = schema.get("items")
    return isinstance(items, dict) and (
        items.get("format") == "binary" or items.get("contentEncoding") == "binary"
    )


def _nothing_to_send(content: Any, registry: SchemaRegistry) -> bool:
    """A request body whose every media type is an object with no properties and no others allowed."""
    if not isinstance(content, dict) or not content:
        return False
    for media in content.values():
        schema = registry.resolve(
            registry.rewritten(media.get("schema")) if isinstance(media, dict) else None
        )
        if schema.get("properties") or schema.get("additionalProperties") is not False:
            return False
    return True


def build_api(document: dict[str, Any], config: Config, locate: Locate, findings: Findings) -> Api:
    return _Builder(document, config, locate, findings).build()
