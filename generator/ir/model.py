"""The intermediate model (IR): everything downstream of the spec reads this, never the raw dict.

Naming decisions (Python identifiers, class names, collision suffixes) are made once, while the IR
is built, and stored here. Strings that came from the spec and will be printed into generated code
are `SpecText`: templates must pass them through an escaping filter (see render/escape.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from ..findings import Location
from .types import TypeExpr, is_bytes, is_file, is_primitive, sent_as_file

__all__ = ["TypeExpr"]  # the type tree (ir/types.py): every `type` below is one


class SpecText(str):
    """A string taken from the spec. Jinja refuses to print it unless an escaping filter ran."""

    __slots__ = ()


class Identifier(str):
    """A valid, non-keyword Python identifier chosen by the naming stage: safe to print as is."""

    __slots__ = ()


ParamLocation = Literal["path", "query", "header", "cookie"]


@dataclass(frozen=True)
class Default:
    """A schema's `default` as the spec wrote it (a JSON value: None, a list, a dict...)."""

    value: object = field(hash=False)

    @property
    def literal(self) -> str:
        """The default as a Python literal for generated code: a scalar or a list of scalars
        ("" for None, an object, or a float with no literal spelling such as NaN)."""
        return _literal(self.value)


def _literal(value: object) -> str:
    def scalar(v: object) -> bool:
        return isinstance(v, (str, int, bool)) or (isinstance(v, float) and math.isfinite(v))

    if scalar(value) or (isinstance(value, list) and all(scalar(v) for v in value)):
        return repr(value)
    return ""


@dataclass(frozen=True)
class Constraints:
    """Request-side constraints the diff stage compares (narrowing breaks callers)."""

    max_length: int | None = None
    min_length: int | None = None
    maximum: float | None = None
    minimum: float | None = None
    pattern: str | None = None
    max_items: int | None = None
    default: Default | None = None  # the spec's default, None when there is none
    format: str | None = None  # the schema's `format` (date-time, uuid, ...)


@dataclass(frozen=True)
class Parameter:
    name: Identifier  # Python keyword-argument name
    wire_name: SpecText  # name on the wire (path placeholder, query key, header name)
    location: ParamLocation
    required: bool
    type: TypeExpr
    description: SpecText
    pointer: str
    constraints: Constraints = Constraints()
    style: str = ""
    explode: bool | None = None
    deprecated: bool = False


@dataclass(frozen=True)
class BodyField:
    """One property of an object request body, flattened into a keyword argument."""

    name: Identifier
    wire_name: SpecText
    required: bool
    type: TypeExpr
    description: SpecText
    pointer: str
    constraints: Constraints = Constraints()
    read_only: bool = False

    @property
    def is_file(self) -> bool:
        """A multipart part that only takes file content (`FileContent`)."""
        return is_file(self.type)

    @property
    def sent_as_file(self) -> bool:
        """Whether the value may be file content (`FileContent`, or `X | FileContent`)."""
        return sent_as_file(self.type)


BodyEncoding = Literal["json", "form", "multipart", "binary", "text"]


@dataclass(frozen=True)
class Body:
    media_type: SpecText
    encoding: BodyEncoding
    required: bool
    type: TypeExpr  # the whole body's type (a model, list, ...)
    # When the body is an object with known properties, its fields become keyword arguments.
    fields: tuple[BodyField, ...] = ()
    flattened: bool = False
    model: str = ""  # model class name the flattened fields are validated through ("" if none)
    description: SpecText = SpecText("")
    pointer: str = ""
    # Other media types the operation takes the same fields as (a JSON body that may also be sent
    # as multipart/form-data): the method's `media_argument` chooses; "" when there is no choice.
    alternatives: tuple[SpecText, ...] = ()
    media_argument: Identifier = Identifier("")


@dataclass(frozen=True)
class Response:
    status: str  # "200", "2XX", "default"
    description: SpecText
    media_type: SpecText  # "" when there is no content
    type: TypeExpr | None  # None when there is no content or no schema
    pointer: str = ""
    headers: tuple[str, ...] = ()  # response header names

    @property
    def kind(self) -> Literal["json", "text", "bytes"]:
        """How the client reads the body: JSON into `type`, text (`str`), or raw bytes."""
        if self.type is None:
            return "bytes"
        text = is_primitive(self.type, "string")
        if self.media_type and not (text or is_bytes(self.type)):
            return "json"
        return "text" if text else "bytes"

    @property
    def is_success(self) -> bool:
        return self.status.startswith("2")

    @property
    def is_error(self) -> bool:
        return self.status[0] in "45" or self.status == "default"


PaginationStyle = Literal["page", "offset", "cursor", "token", "link", "window"]


@dataclass(frozen=True)
class Pagination:
    """How a list operation pages (the runtime's `PageSpec`; see generator/ir/pagination.py).

    Field names are dotted paths into the response (`response_metadata.next_cursor`)."""

    style: PaginationStyle
    page_param: str  # wire name of the query parameter selecting the page ("" for "link")
    limit_param: str  # "" when there is none
    items_field: str  # response property holding the items (e.g. "data"; "" = a bare array)
    total_field: str  # "" when the response has no total
    item_type: TypeExpr
    has_more_field: str = ""
    cursor_field: str = ""  # where the next cursor/token is ("" for "cursor": the last item's id)
    next_field: str = ""  # "link": where the next URL is ("" with link_header)
    link_header: bool = False
    id_field: str = "id"
    start: int | None = None  # first page number / offset when not 1 / 0 (SCIM's startIndex: 1)
    reason: str = ""  # why this style: the report shows it


@dataclass(frozen=True)
class Streaming:
    """A `text/event-stream` success response: the method returns a `Stream` of `event_type`."""

    event_type: TypeExpr  # one event's data (3.2 itemSchema, else the event-stream schema)
    flag: str = ""  # the body field (Python name) that asks for the stream; "" = it always streams
    reason: str = ""


@dataclass(frozen=True)
class Webhook:
    """A request the API sends to the user (3.1 `webhooks:` entry or an operation's callback):
    its payload model, and the field whose constant value tells the events apart."""

    name: SpecText  # the webhook's key, or `<callback name> <expression>` for a callback
    kind: Literal["webhook", "callback"]
    payload: TypeExpr
    pointer: str
    event_field: SpecText = SpecText("")  # e.g. "type" ("" when no field names the event)
    event_value: SpecText = SpecText("")  # e.g. "batch.completed"


@dataclass(frozen=True)
class Waiter:
    """A 202 answer carrying a `status_url` to poll until READY / FAILED."""

    status_url_field: str  # property of the 202 body holding the URL


@dataclass(frozen=True)
class SecurityRequirement:
    scheme: SpecText  # the key in components.securitySchemes
    scopes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Operation:
    operation_id: SpecText  # as in the spec (or derived)
    method_name: Identifier  # Python method name on its resource
    http_method: str  # lower-case: get, post, ...
    path: SpecText
    summary: SpecText
    description: SpecText
    tags: tuple[SpecText, ...]
    parameters: tuple[Parameter, ...]
    body: Body | None
    responses: tuple[Response, ...]
    security: tuple[tuple[SecurityRequirement, ...], ...] | None  # None = inherit the document's
    pointer: str
    location: Location | None = None
    deprecated: bool = False
    pagination: Pagination | None = None
    waiter: Waiter | None = None
    # Why the operation is not a pager although it returns a list ("" otherwise): the report shows it.
    pagination_note: str = ""
    streaming: Streaming | None = None
    # Parameters handled by the client itself (auth header, client-level headers), with why.
    client_handled: tuple[tuple[str, str], ...] = ()

    @property
    def success(self) -> Response | None:
        """The response the method returns: the lowest 2xx status (explicit codes before ranges)."""
        ok = [r for r in self.responses if r.is_success]
        if not ok:
            return None
        return sorted(ok, key=lambda r: (r.status.upper().endswith("XX"), r.status))[0]

    @property
    def errors(self) -> tuple[Response, ...]:
        return tuple(r for r in self.responses if r.is_error)

    @property
    def path_params(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "path")

    def params_in(self, location: ParamLocation) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == location)


@dataclass(frozen=True)
class Resource:
    name: Identifier  # unique among resources: `chargers`, `accounts_capabilities`
    class_name: Identifier  # `ChargersResource`
    module: Identifier  # module under resources/: `chargers`
    tag: SpecText  # the tag as written in the spec ("" for untagged)
    description: SpecText
    operations: tuple[Operation, ...]
    # Nesting: `client.accounts.capabilities` is the resource `capabilities` under `accounts`.
    attribute: Identifier = Identifier("")  # attribute on its parent ("" = the same as `name`)
    parent: Identifier = Identifier("")  # `name` of the parent resource; "" on the client itself
    accessor: str = ""  # "accounts.capabilities" ("" = `name`)
    children: tuple[Identifier, ...] = ()  # `name`s of the resources nested under this one

    @property
    def attr(self) -> Identifier:
        return self.attribute or self.name

    @property
    def dotted(self) -> str:
        """The accessor chain from the client, identifiers joined by dots: `accounts.capabilities`."""
        return self.accessor or str(self.name)


@dataclass(frozen=True)
class NameDecision:
    """Why a resource or method has its name: the coverage report lists these."""

    kind: Literal["resource", "method", "class"]
    name: str  # "accounts.capabilities", "accounts.capabilities.list", "Customer"
    rule: str  # "path segments", "rest: GET on a collection", "[tool.apigen.names] 'x'", ...
    source: str  # "GET /v1/accounts/{account}/capabilities (GetAccountsAccountCapabilities)"
    # A method's: the rule that placed its operation's resource ("tag", "path segments", ...),
    # which may not be the one its resource's own record names (made by another operation).
    resource_rule: str = ""


@dataclass(frozen=True)
class SecurityScheme:
    name: Identifier  # snake_case identifier derived from the scheme key
    key: SpecText  # the key in components.securitySchemes
    kind: Literal["bearer", "basic", "api_key", "oauth2", "openid", "unsupported"]
    location: Literal["header", "query", "cookie", ""] = ""  # api keys
    param_name: SpecText = SpecText("")  # api key parameter name
    description: SpecText = SpecText("")
    # The client's argument for the credential and the environment variable it reads it from
    # (ir/credentials.py; every bearer-like scheme shares one argument).
    argument: Identifier = Identifier("")
    env: Identifier = Identifier("")


@dataclass(frozen=True)
class ClientHeader:
    """A header set once on the client: `Client(organization_id=...)` sends X-Organization-Id."""

    name: Identifier
    wire_name: SpecText
    description: SpecText = SpecText("")


@dataclass(frozen=True)
class ModelInfo:
    """A component schema that becomes a model class (named by the naming stage)."""

    class_name: Identifier
    schema_name: SpecText  # key in components.schemas (after hoisting for inline schemas)
    pointer: str  # where the schema came from in the original document
    kind: Literal["object", "enum", "root"]
    hoisted: bool = False  # True when apigen lifted an inline schema into a named model
    # The model this name stands for (an inline schema equal to one lifted before it: one class,
    # several names, each from its own place); "" for a class of its own.
    alias_of: Identifier = Identifier("")


@dataclass(frozen=True)
class Skipped:
    """Something the generator could not render, with why: the coverage report lists these."""

    kind: Literal["operation", "schema", "parameter", "body", "response"]
    pointer: str
    reason: str


@dataclass(frozen=True)
class Typing:
    """A response or request body with a schema, and whether it got a type: `reason` says why it
    was typed as a plain dict (or Any) although its schema says more ("" when it is typed)."""

    kind: Literal["response", "body"]
    pointer: str  # the schema's JSON pointer in the spec
    label: str  # "200 response of GET /bookings", "body of POST /bookings"
    reason: str = ""


@dataclass(frozen=True)
class ParamsField:
    """One key of a request TypedDict: the wire name, as the model validates it (by alias)."""

    key: SpecText
    type: TypeExpr
    required: bool
    description: SpecText = SpecText("")
    name: Identifier = Identifier("")  # the key as a class attribute ("" in functional syntax)


@dataclass(frozen=True)
class ParamsDict:
    """The `TypedDict` a parameter typed with model `model` also accepts (`params.<name>`), or,
    for a union model (`kind="alias"`), the alias of its members' models and TypedDicts."""

    name: Identifier  # `AddressParam`
    model: Identifier  # `Address`
    kind: Literal["typed_dict", "alias"]
    fields: tuple[ParamsField, ...] = ()
    functional: bool = False  # a key is no plain identifier: TypedDict("X", {...}) syntax
    type: TypeExpr | None = None  # the alias's members (kind="alias")
    description: SpecText = SpecText("")


@dataclass(frozen=True)
class Api:
    title: SpecText
    version: SpecText
    description: SpecText
    openapi_version: str
    package: Identifier
    client_class: Identifier  # "Client"
    servers: tuple[SpecText, ...]
    resources: tuple[Resource, ...]
    security_schemes: tuple[SecurityScheme, ...]
    default_security: tuple[tuple[SecurityRequirement, ...], ...]
    client_headers: tuple[ClientHeader, ...]
    models: tuple[ModelInfo, ...]
    idempotency_header: SpecText = SpecText("")
    skipped: tuple[Skipped, ...] = ()
    env_prefix: Identifier = Identifier(
        "API"
    )  # `OPENAI`: prefix of the client's environment variables
    has_waiter: bool = False  # the 202 + status_url waiter is part of the SDK
    webhooks: tuple[Webhook, ...] = ()
    typing: tuple[Typing, ...] = ()  # every response and body schema: typed, or why not
    # The schema document handed to the models stage (components with hoisted inline schemas).
    model_document: dict[str, object] = field(default_factory=dict, compare=False, repr=False)
    naming: tuple[NameDecision, ...] = field(default=(), compare=False, repr=False)
    # TypedDicts of the models used on the request side (`params.py`; ir/params.py).
    params: tuple[ParamsDict, ...] = ()

    @cached_property
    def object_models(self) -> frozenset[str]:
        """Class names of the object models (what a parameter may also take as a plain dict)."""
        return frozenset(str(m.class_name) for m in self.models if m.kind == "object")

    @cached_property
    def param_models(self) -> frozenset[str]:
        """Class names of the models a parameter also accepts as a TypedDict (`params.<name>`)."""
        return frozenset(str(p.model) for p in self.params)

    @cached_property
    def param_names(self) -> frozenset[tuple[str, str]]:
        """(model class name, its TypedDict's name) pairs: what a request annotation also takes
        (`annotation`'s `dicts`; a frozenset, hashed once)."""
        return frozenset((str(p.model), str(p.name)) for p in self.params)

    @property
    def top_resources(self) -> tuple[Resource, ...]:
        """The resources that are attributes of the client itself."""
        return tuple(r for r in self.resources if not r.parent)

    def resource(self, name: str) -> Resource:
        return next(r for r in self.resources if r.name == name)

    @property
    def operations(self) -> tuple[Operation, ...]:
        return tuple(op for resource in self.resources for op in resource.operations)
