"""The rule registry: every change `apigen diff` can report is one row here, and nowhere else.

A rule has a stable id (config silences by id), a severity (breaking / warning / info), the level it
judges (`wire`: what an HTTP client of any language sees; `python`: the generated Python package's
names, signatures and types), a one-line description, and what oasdiff says about the same change
(its check id and level), so the report can say where oasdiff would let a Python break through.

oasdiff levels are taken from oasdiff's `checker/rules.go` (Tufin/oasdiff, commit 081dd38); its levels
move between releases (v1.30 raised response unions to ERR), so they are a reference point, not truth.
`docs/diff-rules.md` is generated from this table: `python -m generator.diff.docs`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["breaking", "warning", "info"]
Level = Literal["wire", "python"]
Audience = Literal["client", "server", "both"]
AUDIENCES = ("client", "server", "both")
SEVERITIES: tuple[Severity, ...] = ("breaking", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "breaking": 2}


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    level: Level
    family: str  # the checker module that reports it (generator/diff/<family>.py)
    description: str
    oasdiff_id: str | None = None  # oasdiff's check for the same change, None when it has none
    oasdiff_level: str | None = None  # "ERR" / "WARN" / "INFO"; None when oasdiff does not see it
    # Whose code it breaks: "client" (callers of the generated client), "server" (hand-written
    # implementations of the generated server's services), "both" (the shared models package).
    audience: Audience = "client"

    def shown_to(self, audience: str) -> bool:
        """Reported for `--audience` (client, server or both)."""
        return audience == "both" or self.audience in (audience, "both")

    @property
    def oasdiff_misses(self) -> bool:
        """True when this is a breaking change that oasdiff ranks below ERR (or does not detect)."""
        return (
            self.severity == "breaking"
            and self.audience != "server"
            and self.oasdiff_level != "ERR"
        )


def _r(
    id: str,
    severity: Severity,
    level: Level,
    family: str,
    description: str,
    oasdiff: str | None = None,
    audience: Audience = "client",
) -> Rule:
    oasdiff_id, oasdiff_level = None, None
    if oasdiff:
        oasdiff_id, _, oasdiff_level = oasdiff.rpartition(" ")
    return Rule(id, severity, level, family, description, oasdiff_id, oasdiff_level, audience)


# fmt: off
RULES_LIST: tuple[Rule, ...] = (
    # ---- wire: operations ------------------------------------------------------------------------
    _r("operation-removed", "breaking", "wire", "operations",
       "An operation (method + path) was removed.", "api-removed-without-deprecation ERR"),
    _r("operation-added", "info", "wire", "operations",
       "An operation (method + path) was added.", "endpoint-added INFO"),
    _r("operation-deprecated", "info", "wire", "operations",
       "An operation was marked deprecated.", "endpoint-deprecated INFO"),
    _r("operation-path-reshaped", "info", "wire", "operations",
       "A path template was reshaped but serves every URL it served (`/compare/{base}...{head}` -> `/compare/{basehead}`): the same operation, its Python arguments judged on their own."),
    # ---- wire: security --------------------------------------------------------------------------
    _r("security-requirement-changed", "breaking", "wire", "security",
       "An operation's (or the document's) security requirement changed so that credentials that satisfied it may not (API key -> OAuth, a scheme or scope added, anonymous access withdrawn).", "api-security-added INFO"),
    _r("security-requirement-relaxed", "info", "wire", "security",
       "An operation's (or the document's) security requirement accepts more than before (an alternative added, a scope dropped).", "api-security-removed INFO"),
    # ---- wire: parameters ------------------------------------------------------------------------
    _r("parameter-removed", "warning", "wire", "parameters",
       "A request parameter was removed (the server ignores or rejects it now).", "request-parameter-removed WARN"),
    _r("parameter-added-required", "breaking", "wire", "parameters",
       "A new required request parameter.", "new-required-request-parameter ERR"),
    _r("parameter-added-optional", "info", "wire", "parameters",
       "A new optional request parameter.", "new-optional-request-parameter INFO"),
    _r("parameter-became-required", "breaking", "wire", "parameters",
       "An optional request parameter became required.", "request-parameter-became-required ERR"),
    _r("parameter-became-optional", "info", "wire", "parameters",
       "A required request parameter became optional.", "request-parameter-became-optional INFO"),
    # ---- wire: request bodies --------------------------------------------------------------------
    _r("request-body-added-required", "breaking", "wire", "bodies",
       "A required request body was added to an operation that had none.", "added-required-request-body ERR"),
    _r("request-body-became-required", "breaking", "wire", "bodies",
       "An optional request body became required.", "request-body-became-required ERR"),
    _r("request-body-removed", "warning", "wire", "bodies",
       "The request body was removed (the server ignores or rejects it now)."),
    _r("request-media-type-changed", "breaking", "wire", "bodies",
       "The media type the client sends the body as changed (e.g. JSON -> form).", "request-body-media-type-removed ERR"),
    _r("request-property-removed", "warning", "wire", "bodies",
       "A property of a request body (or of a model sent in one) was removed.", "request-property-removed WARN"),
    _r("request-property-added-required", "breaking", "wire", "bodies",
       "A new required property in a request body.", "new-required-request-property ERR"),
    _r("request-property-became-required", "breaking", "wire", "bodies",
       "An optional request property became required.", "request-property-became-required ERR"),
    # ---- wire: schemas, model by model -----------------------------------------------------------
    _r("request-type-changed", "breaking", "wire", "schemas",
       "The type (or string format) of a request parameter, body or property changed, and is not a widening.", "request-property-type-changed ERR"),
    _r("request-became-not-nullable", "breaking", "wire", "schemas",
       "A request value that accepted null no longer does.", "request-property-became-not-nullable ERR"),
    _r("request-enum-value-removed", "breaking", "wire", "schemas",
       "A request enum lost values (or a free value became an enum).", "request-property-enum-value-removed ERR"),
    _r("request-length-narrowed", "breaking", "wire", "schemas",
       "maxLength / maxItems decreased or set, minLength / minItems increased or set, in a request.", "request-property-max-length-decreased ERR"),
    _r("request-range-narrowed", "breaking", "wire", "schemas",
       "maximum decreased or set, minimum increased or set, in a request.", "request-property-max-decreased ERR"),
    _r("request-pattern-changed", "warning", "wire", "schemas",
       "A request value's pattern was added or changed (it may reject values it took before).", "request-property-pattern-changed WARN"),
    _r("request-default-changed", "breaking", "wire", "schemas",
       "The default of a request parameter or property changed: omitting it now means something else.", "request-parameter-default-value-changed ERR"),
    # ---- wire: responses -------------------------------------------------------------------------
    _r("response-success-removed", "breaking", "wire", "responses",
       "A success (2xx) response status was removed.", "response-success-status-removed ERR"),
    _r("response-error-removed", "warning", "wire", "responses",
       "An error response status was removed (its body is no longer parsed into a typed error).", "response-non-success-status-removed INFO"),
    _r("response-media-type-changed", "breaking", "wire", "responses",
       "The media type the client reads a response as changed.", "response-media-type-removed ERR"),
    _r("response-media-type-removed", "warning", "wire", "responses",
       "A response media type was removed or renamed (clients asking for it by Accept may get 406); the generated client reads its replacement the same way.", "response-media-type-removed ERR"),
    # ---- wire: schemas, model by model -----------------------------------------------------------
    _r("response-required-property-removed", "breaking", "wire", "schemas",
       "A required property of a response was removed.", "response-required-property-removed ERR"),
    _r("response-optional-property-removed", "warning", "wire", "schemas",
       "An optional property of a response was removed.", "response-optional-property-removed WARN"),
    _r("response-property-became-optional", "breaking", "wire", "schemas",
       "A required response property became optional (the client may get None).", "response-property-became-optional ERR"),
    _r("response-became-nullable", "breaking", "wire", "schemas",
       "A response value (body or property) became nullable.", "response-property-became-nullable ERR"),
    _r("response-type-changed", "breaking", "wire", "schemas",
       "The type of a response body or property changed (and is not a narrowing).", "response-property-type-changed ERR"),
    _r("response-enum-value-added", "warning", "wire", "schemas",
       "A response enum gained values.", "response-property-enum-value-added WARN"),
    # ---- python: the generated package -----------------------------------------------------------
    _r("python-package-renamed", "breaking", "python", "python_api",
       "The import name of the generated package changed (it follows info.title unless configured).", audience="both"),
    _r("python-resource-removed", "breaking", "python", "python_api",
       "A resource (client attribute, class and module under resources/) was removed.", "api-tag-removed INFO"),
    _r("python-resource-renamed", "breaking", "python", "python_api",
       "A resource was renamed (its operations' first tag, path, extension or override changed): client.<old> is now client.<new>.", "api-tag-removed INFO"),
    _r("python-method-removed", "breaking", "python", "python_api",
       "A method of a resource was removed.", "api-removed-without-deprecation ERR"),
    _r("python-method-renamed", "breaking", "python", "python_api",
       "A method was renamed (its operationId changed).", "api-operation-id-removed INFO"),
    _r("python-method-moved", "breaking", "python", "python_api",
       "A method moved to another resource (its first tag, its path's nesting, an extension or an override placed it elsewhere; the message says which).", "api-tag-removed INFO"),
    _r("python-argument-removed", "breaking", "python", "python_api",
       "A keyword argument of a method was removed (callers passing it get a TypeError).", "request-parameter-removed WARN"),
    _r("python-argument-renamed", "breaking", "python", "python_api",
       "An argument kept its wire name but changed its Python name (path placeholder or collision suffix)."),
    _r("python-positional-order-changed", "breaking", "python", "python_api",
       "The positional (path) arguments of a method changed order: old calls send values to the wrong place."),
    _r("python-required-argument-added", "breaking", "python", "python_api",
       "A method gained a required argument, or an optional one became required.", "new-required-request-parameter ERR"),
    _r("python-argument-type-changed", "breaking", "python", "python_api",
       "The annotation of an argument changed and does not accept everything it did.", "request-parameter-type-changed ERR"),
    _r("python-return-type-changed", "breaking", "python", "python_api",
       "The return annotation of a method changed (another class, a list, a page, None).", "response-body-type-changed ERR"),
    _r("python-model-removed", "breaking", "python", "python_api",
       "A model class (a component schema) was removed from models.", "api-schema-removed INFO", audience="both"),
    _r("python-model-renamed", "breaking", "python", "python_api",
       "A model class was renamed (schema key, operationId or title of a lifted schema changed).", "api-schema-removed INFO", audience="both"),
    # ---- python: schemas, model by model ---------------------------------------------------------
    _r("python-model-field-removed", "breaking", "python", "schemas",
       "A field of a model class was removed (attribute access and constructor calls break).", "response-optional-property-removed WARN", audience="both"),
    _r("python-field-type-changed", "breaking", "python", "schemas",
       "A response string's format changed, so the model field's Python type did (str <-> datetime, UUID, AnyUrl, ...).", "response-property-type-changed ERR", audience="both"),
    _r("python-enum-member-removed", "breaking", "python", "schemas",
       "An enum class lost a member (Enum.MEMBER raises AttributeError).", "response-property-enum-value-removed INFO", audience="both"),
    _r("python-response-enum-widened", "breaking", "python", "schemas",
       "A response enum gained a member: Client(strict=True) rejects the new value, lenient clients get a raw str.", "response-property-enum-value-added WARN"),
    _r("python-response-union-widened", "breaking", "python", "schemas",
       "A response oneOf/anyOf gained a member: Client(strict=True) rejects it, lenient clients get raw data.", "response-property-one-of-added ERR"),
    _r("python-credential-removed", "breaking", "python", "security",
       "A credential argument of the generated Client was removed (its API-key scheme was removed or renamed)."),
    # ---- server: hand-written implementations of the generated server's services ----------------
    _r("server-operation-added", "breaking", "wire", "operations",
       "A new operation: every service implementation must implement it (create_app refuses one without it).", "endpoint-added INFO", audience="server"),
    _r("server-parameter-added", "breaking", "wire", "parameters",
       "A new request parameter, optional too: the service method gains an argument the implementation must take.", "new-optional-request-parameter INFO", audience="server"),
    _r("server-parameter-removed", "breaking", "wire", "parameters",
       "A request parameter was removed: the implementation's method keeps an argument the service no longer passes (create_app refuses it unless it has a default).", "request-parameter-removed WARN", audience="server"),
    _r("server-parameter-became-optional", "breaking", "wire", "parameters",
       "A required request parameter became optional: the implementation may now get None.", "request-parameter-became-optional INFO", audience="server"),
    _r("server-request-property-became-optional", "breaking", "wire", "schemas",
       "A required request property became optional: the implementation may now get None.", "request-property-became-optional INFO", audience="server"),
    _r("server-response-property-added-required", "breaking", "wire", "schemas",
       "A new required response property: the implementation must return it.", "response-required-property-added INFO", audience="server"),
    _r("server-response-property-became-required", "breaking", "wire", "schemas",
       "An optional response property became required: the implementation must always return it.", "response-property-became-required INFO", audience="server"),
    _r("server-request-enum-value-added", "warning", "wire", "schemas",
       "A request enum gained values: the implementation receives values it does not handle yet.", "request-property-enum-value-added INFO", audience="server"),
    _r("server-request-type-widened", "warning", "wire", "schemas",
       "A request value's type was widened (integer -> number, a type added): the implementation receives values it did not expect.", "request-property-type-changed INFO", audience="server"),
)
# fmt: on

RULES: dict[str, Rule] = {rule.id: rule for rule in RULES_LIST}
assert len(RULES) == len(RULES_LIST), "duplicate rule id"


def rule(rule_id: str) -> Rule:
    return RULES[rule_id]
