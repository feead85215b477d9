"""Render the server side of a package: FastAPI routers over typed service protocols.

Layout (every path is under `server/`):

    __init__.py            create_app, the service protocols, Credentials, ApiHTTPError
    _app.py                create_app(*, <resource>=..., title=None) -> FastAPI
    _security.py           Credentials and one FastAPI dependency per security scheme / requirement
    _support.py            calling a sync or async service, the start-up protocol check, error shapes
    errors.py              ApiHTTPError
    services/__init__.py   re-exports every protocol
    services/<module>.py   <Name>Service (def methods) and Async<Name>Service (async def methods)
    routers/__init__.py
    routers/<module>.py    build_router(service) -> APIRouter: routes that only delegate

The user's implementation lives outside the generated package and is handed to `create_app`, so
regenerating never touches it. Decisions that are not a template's business (names that must not
collide, which security dependency an operation uses, how a default is printed) are made here and
handed to the templates as small helper functions.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..ir.media import is_json
from ..ir.model import (
    Api,
    ClientHeader,
    Identifier,
    Operation,
    Parameter,
    Resource,
    Response,
    SecurityRequirement,
    TypeExpr,
)
from ..ir.types import (
    BUILTIN_TYPES,
    Alias,
    ModelRef,
    NoneType,
    Nullable,
    Primitive,
    admits_none,
    is_bytes,
    is_primitive,
    plain,
    python,
    wire_parts,
)
from .env import LINE_LENGTH, environment, without_trailing_whitespace
from .imports import tidy

_SUPPORTED_SCHEMES = ("bearer", "oauth2", "openid", "basic", "api_key")
# The alternatives of an operation whose every security alternative uses an unsupported scheme.
_UNSUPPORTED: tuple[Identifier, ...] = (Identifier("unsupported"),)


@dataclass(frozen=True)
class SecurityDependency:
    """One distinct security requirement (alternatives of scheme sets) that operations share."""

    name: str  # function name in _security.py
    alternatives: tuple[tuple[Identifier, ...], ...]  # () inside = anonymous allowed
    challenge: str  # WWW-Authenticate on a 401: "Bearer", "Basic" or ""

    @property
    def schemes(self) -> tuple[Identifier, ...]:
        return tuple(dict.fromkeys(s for alt in self.alternatives for s in alt))


class _ServerNames:
    """Every naming decision the server templates need, made once per Api."""

    def __init__(self, api: Api) -> None:
        self.api = api
        supported = [s for s in api.security_schemes if s.kind in _SUPPORTED_SCHEMES]
        self.kinds = {s.name: s.kind for s in supported}
        # A requirement names a scheme by its key; the dependency function by the scheme's name.
        self.by_key = {str(s.key): s.name for s in supported}
        self.dependencies: dict[tuple[tuple[Identifier, ...], ...], SecurityDependency] = {}
        for op in api.operations:
            self._register(self._alternatives(op))
        taken = {r.name for r in api.resources}
        self.title_arg = "title" if "title" not in taken else "app_title"

    # ---- security ------------------------------------------------------------------------------
    def _alternatives(self, op: Operation) -> tuple[tuple[Identifier, ...], ...]:
        raw: tuple[tuple[SecurityRequirement, ...], ...] = (
            op.security if op.security is not None else self.api.default_security
        )
        result: list[tuple[Identifier, ...]] = []
        for alt in raw:
            if any(str(req.scheme) not in self.by_key for req in alt):
                continue  # an alternative with a scheme FastAPI cannot check is never satisfied
            names = tuple(self.by_key[str(req.scheme)] for req in alt)
            if names not in result:
                result.append(names)
        if raw and not result:  # security that cannot be checked: refuse, never serve it open
            return (_UNSUPPORTED,)
        return tuple(result)

    def _register(self, alternatives: tuple[tuple[Identifier, ...], ...]) -> None:
        if not alternatives or alternatives in self.dependencies:
            return
        if alternatives == (_UNSUPPORTED,):
            self.dependencies[alternatives] = SecurityDependency("require_unsupported", (), "")
            return
        label = "_or_".join("_and_".join(alt) if alt else "anonymous" for alt in alternatives)
        kinds = {self.kinds[s] for alt in alternatives for s in alt}
        challenge = (
            "Bearer"
            if kinds & {"bearer", "oauth2", "openid"}
            else "Basic" if "basic" in kinds else ""
        )
        self.dependencies[alternatives] = SecurityDependency(
            f"require_{label}", alternatives, challenge
        )

    def security(self, op: Operation) -> SecurityDependency | None:
        return self.dependencies.get(self._alternatives(op))

    def resource_security(self, resource: Resource) -> list[str]:
        """The `require_*` dependencies the routes of a resource use (what its router imports)."""
        found = (self.security(op) for op in resource.operations)
        return sorted({d.name for d in found if d is not None})

    def router_imports(self, resource: Resource) -> dict[str, list[str]]:
        """What a resource's router module imports from fastapi (only what its routes use)."""
        kinds = {"path": "Path", "query": "Query", "header": "Header", "cookie": "Cookie"}
        fastapi = {"APIRouter"}
        responses = set()
        for op in resource.operations:
            fastapi.update(kinds[p.location] for p in op.parameters)
            if self.client_headers(op):
                fastapi.add("Header")
            if self.security(op) is not None:
                fastapi.add("Depends")
            if op.body is not None:
                encoding = op.body.encoding
                fastapi.add(
                    "Body"
                    if encoding == "json"
                    else "Form" if encoding in ("form", "multipart") else "Request"
                )
            if success_kind(op) != "json":
                responses.add("Response")
        return {"fastapi": sorted(fastapi), "responses": sorted(responses)}

    # ---- per-operation names -------------------------------------------------------------------
    def client_headers(self, op: Operation) -> list[ClientHeader]:
        """Client-level headers (`X-Organization-Id`) this operation documents: the server reads them."""
        handled = {wire.lower() for wire, _ in op.client_handled}
        return [h for h in self.api.client_headers if str(h.wire_name).lower() in handled]

    def taken(self, op: Operation) -> set[str]:
        return {str(p.name) for p in op.parameters} | {str(h.name) for h in self.client_headers(op)}

    def body_name(self, op: Operation) -> str:
        return _free("body", self.taken(op))

    def credentials_name(self, op: Operation) -> str:
        return _free("credentials", self.taken(op) | {self.body_name(op)})

    def request_name(self, op: Operation) -> str:
        return _free("request", self.taken(op) | {self.body_name(op), self.credentials_name(op)})


def _free(name: str, taken: set[str]) -> str:
    while name in taken:
        name += "_"
    return name


def service_class(resource: Resource) -> str:
    base = str(resource.class_name)
    if base.endswith("Resource") and len(base) > len("Resource"):
        base = base[: -len("Resource")]
    return f"{base}Service"


def status_code(op: Operation) -> int:
    """The route's status code: the spec's success status; without one, its first documented
    status that is not an error (a redirect, say); else 200 (FastAPI's default)."""
    ok = op.success
    if ok is not None and ok.status.isdigit():
        return int(ok.status)
    if ok is None:
        other = [r.status for r in op.responses if r.status.isdigit() and not r.is_error]
        if other:
            return int(sorted(other)[0])
    return 200


def success_kind(op: Operation) -> str:
    """How the route answers: json (through response_model), none (empty body), text or bytes."""
    ok = op.success
    if ok is None or ok.type is None or not ok.media_type or status_code(op) in (204, 205, 304):
        return "none"
    if is_primitive(ok.type, "string") and not is_json(str(ok.media_type)):
        return "text"
    if is_bytes(ok.type):
        return "bytes"
    return "json"


def other_responses(op: Operation) -> list[Response]:
    """Every documented response but the route's own status (which response_model describes)."""
    own = str(status_code(op))
    return [r for r in op.responses if r.status != own]


def documents_422(op: Operation) -> bool:
    """Whether the spec documents an answer to an invalid request (422, `4XX` or `default`)."""
    return any(r.status in ("422", "4XX", "default") for r in op.responses)


def response_model(response: Response) -> str:
    """The `model` of a `responses={...}` entry, or "" when the response has no JSON schema."""
    if (
        response.type is None
        or isinstance(plain(response.type), NoneType)
        or not is_json(str(response.media_type))
    ):
        return ""
    return python(response.type)


def num(value: float) -> str:
    return repr(int(value)) if float(value).is_integer() else repr(float(value))


def default_literal(param: Parameter) -> str:
    """The spec's default as a Python literal, or "" when there is none we can print safely."""
    default = param.constraints.default
    return default.literal if default is not None else ""


def optional(type_: TypeExpr) -> TypeExpr:
    """`type_ | None`, unless None is one of its alternatives already (or it is `Any`)."""
    if admits_none(type_) or python(type_) == "Any":
        return type_
    return Nullable(type_)


class _ModelTypes:
    """Server-side types: a parameter or body that is a `$ref` to an object or enum schema is
    typed with its model class (the client inlines enums as `Literal[...]`), so FastAPI's
    /openapi.json references the same component the spec does and the service gets the enum member.
    """

    def __init__(self, api: Api) -> None:
        self.classes = {str(m.class_name) for m in api.models if m.kind in ("object", "enum")}

    def __call__(self, type_: TypeExpr) -> TypeExpr:
        parts = wire_parts(type_)
        first = parts[0]
        if not isinstance(first, (ModelRef, Alias)) or first.name not in self.classes:
            return type_
        if len(parts) == 1:
            return ModelRef(first.name)
        if len(parts) == 2 and isinstance(parts[1], NoneType):
            return Nullable(ModelRef(first.name))
        return type_


# String formats the server parses (FastAPI validates them, and the service gets the typed value).
_PARAM_FORMATS = {"date-time": "datetime.datetime", "date": "datetime.date", "uuid": "uuid.UUID"}
# A client-level header the server reads (`X-Organization-Id`).
HEADER_TYPE: TypeExpr = Nullable(Primitive("string"))


class Annotations:
    """What the service and the router print for a type: `ann(t)`, `ann.param(p)`, `ann.body(op)`.

    In `class ChargersService` a method named `list` shadows the builtin for the annotations of the
    methods after it (mypy reads `list[...]` there as the method): such names print `builtins.X`
    (routers are functions: nothing shadows there)."""

    def __init__(self, model_type: _ModelTypes, resource: Resource | None = None) -> None:
        self.model_type = model_type
        methods = {str(op.method_name) for op in resource.operations} if resource else set()
        self.shadowed = frozenset(methods & BUILTIN_TYPES)
        self.needs_builtins = bool(self.shadowed)

    def __call__(self, type_: TypeExpr) -> str:
        return python(type_, shadowed=self.shadowed)

    def param(self, param: Parameter) -> str:
        """What the service receives: the type itself when required or defaulted, else `T | None`."""
        type_ = self.model_type(param.type)
        typed = _PARAM_FORMATS.get(param.constraints.format or "")
        strings = typed if typed and python(type_) in ("str", "str | None") else ""
        if not (param.required or default_literal(param)):
            type_ = optional(type_)
        return python(type_, shadowed=self.shadowed, strings=strings)

    def body(self, op: Operation) -> str:
        assert op.body is not None
        type_ = self.model_type(op.body.type)
        return self(type_ if op.body.required else optional(type_))


def param_default(param: Parameter) -> str:
    """The route function's default for a parameter ("" when it is required)."""
    if param.required:
        return ""
    return default_literal(param) or "None"


def render_server(
    api: Api, user_templates: str = "", line_length: int | None = LINE_LENGTH
) -> dict[str, str]:
    """Relative path (inside the package) -> unformatted module source, all under `server/`."""
    # A resource that only groups others (`beta` of `client.beta.threads`) serves no route.
    api = replace(api, resources=tuple(r for r in api.resources if r.operations))
    env = environment(user_templates, line_length)
    names = _ServerNames(api)
    model_type = _ModelTypes(api)
    helpers = dict(
        api=api,
        names=names,
        service_class=service_class,
        status_code=status_code,
        success_kind=success_kind,
        other_responses=other_responses,
        response_model=response_model,
        documents_422=documents_422,
        # Operations whose 422 answer (FastAPI's request validation) the spec does not document.
        without_422=[op for op in api.operations if not documents_422(op)],
        num=num,
        default_literal=default_literal,
        route_types=Annotations(model_type),
        header_type=HEADER_TYPE,
        param_default=param_default,
        dependencies=list(names.dependencies.values()),
        # Component schemas whose model class is named otherwise (`simple-user` -> SimpleUser).
        schema_renames=[
            m for m in api.models if not m.hoisted and str(m.schema_name) != str(m.class_name)
        ],
        schemes=[s for s in api.security_schemes if s.kind in _SUPPORTED_SCHEMES],
    )
    files = {
        "server/__init__.py": env.get_template("server/package_init.py.jinja").render(**helpers),
        "server/_app.py": env.get_template("server/app.py.jinja").render(**helpers),
        "server/_security.py": env.get_template("server/security.py.jinja").render(**helpers),
        "server/_support.py": env.get_template("server/support.py.jinja").render(**helpers),
        "server/errors.py": env.get_template("server/errors.py.jinja").render(**helpers),
        "server/services/__init__.py": env.get_template("server/services/init.py.jinja").render(
            **helpers
        ),
        "server/routers/__init__.py": env.get_template("server/routers/init.py.jinja").render(
            **helpers
        ),
    }
    service_template = env.get_template("server/services/service.py.jinja")
    router_template = env.get_template("server/routers/router.py.jinja")
    for resource in api.resources:
        scoped = dict(helpers, resource=resource, ann=Annotations(model_type, resource))
        files[f"server/services/{resource.module}.py"] = service_template.render(**scoped)
        files[f"server/routers/{resource.module}.py"] = router_template.render(**scoped)
    return {path: tidy(without_trailing_whitespace(text)) for path, text in files.items()}
