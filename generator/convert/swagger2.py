"""Swagger 2.0 -> OpenAPI 3.0.3, in-process.

A pure function of the input document: no I/O, no network, no clock, and the output's key order is
fixed by the input's, so the same Swagger file always converts to the same OpenAPI document.

What moves where:
- `host` + `basePath` + `schemes` -> `servers` (one per scheme; a bare `basePath` when there is no host);
- `definitions` / `parameters` / `responses` / `securityDefinitions` -> `components.*`, and every
  `#/definitions/`, `#/parameters/`, `#/responses/` reference is rewritten to match;
- an `in: body` parameter -> `requestBody`, one media type per `consumes` entry;
- `in: formData` parameters -> a `requestBody` object schema (multipart when a `type: file` is among them
  or `consumes` says so, urlencoded otherwise);
- `in: query|path|header` parameters: `type`/`format`/`items`/`enum`/limits -> `schema`, and
  `collectionFormat` -> `style`/`explode`;
- a response's `schema` (+ `produces`, `examples`) -> `content`, its headers' types -> `schema`;
- `securityDefinitions`: basic -> http/basic, apiKey as is, oauth2 `flow` -> `flows`;
- in schemas: `x-nullable` -> `nullable`, `type: file` -> string/binary, a string `discriminator`
  -> `{propertyName: ...}`.

Global body and formData parameters cannot be components in 3.0 (`in: body` no longer exists), so a
reference to one is resolved in place into the operation's `requestBody`.

Component names that are not valid OpenAPI 3 keys (`^[a-zA-Z0-9.\\-_]+$`) are sanitized (invalid
characters -> `_`, collisions numbered), and references follow the rename.

`convert_with_map` also returns a pointer map (new JSON pointer -> pointer in the Swagger document), so
a finding on the converted document can be reported at the right FILE:LINE:COL of the original.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from ..load import pointer as jp
from ..load.structure import GRAMMAR_V3, HTTP_METHODS, Kind, Shape

OPENAPI_VERSION = "3.0.3"
_COMPONENT_KEY = re.compile(r"^[a-zA-Z0-9.\-_]+$")
_INVALID_KEY_CHARS = re.compile(r"[^a-zA-Z0-9.\-_]")
_FORM_MEDIA = ("application/x-www-form-urlencoded", "multipart/form-data")

# Keys of a 2.0 non-body parameter (and of an Items / Header object) that describe its value.
_SCHEMA_KEYS = (
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
)
# collectionFormat -> (style, explode) for query parameters.
_QUERY_STYLES = {
    "csv": ("form", False),
    "ssv": ("spaceDelimited", False),
    "pipes": ("pipeDelimited", False),
    "multi": ("form", True),
    "tsv": ("form", False),  # no 3.0 equivalent; kept as x-collectionFormat
}
_OAUTH_FLOWS = {
    "implicit": ("implicit", ("authorizationUrl",)),
    "password": ("password", ("tokenUrl",)),
    "application": ("clientCredentials", ("tokenUrl",)),
    "accessCode": ("authorizationCode", ("authorizationUrl", "tokenUrl")),
}


def is_swagger2(document: object) -> bool:
    return isinstance(document, dict) and str(document.get("swagger", "")).startswith("2")


def _unescape(token: str) -> str:
    return jp.unescape(unquote(token))


@dataclass
class Conversion:
    document: dict[str, Any]
    # JSON pointer in the converted document -> JSON pointer in the Swagger document, for the nodes
    # that moved; anything below a mapped node maps by the same suffix, anything else maps to itself.
    pointers: dict[str, str] = field(default_factory=dict)
    # section ("definitions", "parameters", "responses", "securityDefinitions") -> {old: new} for
    # every component name that had to be sanitized.
    renamed: dict[str, dict[str, str]] = field(default_factory=dict)

    def source_pointer(self, pointer: str) -> str:
        """Where in the Swagger document the node at `pointer` (of the converted document) came from."""
        probe = pointer
        suffix = ""
        while True:
            if probe in self.pointers:
                return self.pointers[probe] + suffix
            if not probe:
                return pointer
            cut = probe.rfind("/")
            suffix = probe[cut:] + suffix
            probe = probe[:cut]


def convert(document: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI 3.0.3 equivalent of a Swagger 2.0 document (the input is not modified)."""
    return convert_with_map(document).document


def convert_with_map(document: dict[str, Any]) -> Conversion:
    if not is_swagger2(document):
        raise ValueError('not a Swagger 2.0 document (no `swagger: "2.0"` at the root)')
    return _Converter(document).run()


def _names(section: object) -> dict[str, str]:
    """Old component name -> a valid, unique OpenAPI 3 component name (in document order)."""
    if not isinstance(section, dict):
        return {}
    result: dict[str, str] = {}
    taken = {str(k) for k in section if _COMPONENT_KEY.match(str(k))}
    for key in section:
        name = str(key)
        if _COMPONENT_KEY.match(name):
            result[name] = name
            continue
        base = _INVALID_KEY_CHARS.sub("_", name) or "_"
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}_{n}", n + 1
        taken.add(candidate)
        result[name] = candidate
    return result


class _Converter:
    def __init__(self, document: dict[str, Any]) -> None:
        self.src = document
        self.schema_names = _names(document.get("definitions"))
        self.param_names = _names(document.get("parameters"))
        self.response_names = _names(document.get("responses"))
        self.security_names = _names(document.get("securityDefinitions"))
        params = document.get("parameters")
        self.global_params: dict[str, Any] = params if isinstance(params, dict) else {}
        self.consumes = _media_list(document.get("consumes"))
        self.produces = _media_list(document.get("produces"))
        self.pointers: dict[str, str] = {}

    # ---- the document ---------------------------------------------------------------------------
    def run(self) -> Conversion:
        src = self.src
        out: dict[str, Any] = {"openapi": OPENAPI_VERSION}
        self.pointers[""] = ""
        self.pointers["/openapi"] = "/swagger"
        out["info"] = copy.deepcopy(src.get("info", {}))
        if "externalDocs" in src:
            out["externalDocs"] = copy.deepcopy(src["externalDocs"])
        servers = self.servers()
        if servers:
            out["servers"] = servers
            self.pointers["/servers"] = "/host" if "host" in src else "/basePath"
        if "tags" in src:
            out["tags"] = copy.deepcopy(src["tags"])
        if "security" in src:
            out["security"] = self.security_requirements(src["security"])
        paths = src.get("paths")
        out["paths"] = self.paths(paths) if isinstance(paths, dict) else {}
        components = self.components()
        if components:
            out["components"] = components
        for key, value in src.items():
            if isinstance(key, str) and key.startswith("x-"):
                out[key] = copy.deepcopy(value)
        self.rewrite_left_refs(out, Shape(Kind.DOCUMENT))
        renamed = {
            section: {old: new for old, new in names.items() if old != new}
            for section, names in (
                ("definitions", self.schema_names),
                ("parameters", self.param_names),
                ("responses", self.response_names),
                ("securityDefinitions", self.security_names),
            )
        }
        return Conversion(out, self.pointers, {k: v for k, v in renamed.items() if v})

    def servers(self) -> list[dict[str, Any]]:
        host = self.src.get("host")
        base = self.src.get("basePath")
        base = base if isinstance(base, str) else ""
        if isinstance(host, str) and host:
            declared = self.src.get("schemes")
            schemes = (
                [s for s in declared if isinstance(s, str)] if isinstance(declared, list) else []
            )
            schemes = schemes or ["https"]
            urls = [f"{scheme}://{host}{base}" for scheme in schemes]
        elif base:
            urls = [base]
        else:
            return []
        return [{"url": url} for url in dict.fromkeys(urls)]

    def components(self) -> dict[str, Any]:
        src = self.src
        components: dict[str, Any] = {}
        definitions = src.get("definitions")
        if isinstance(definitions, dict) and definitions:
            schemas = components["schemas"] = {}
            for key, schema in definitions.items():
                name = self.schema_names[str(key)]
                schemas[name] = self.schema(schema)
                self.pointers[f"/components/schemas/{jp.escape(name)}"] = (
                    f"/definitions/{jp.escape(str(key))}"
                )
        if self.global_params:
            params: dict[str, Any] = {}
            for key, param in self.global_params.items():
                if isinstance(param, dict) and param.get("in") in ("body", "formData"):
                    continue  # resolved in place into each operation's requestBody
                name = self.param_names[str(key)]
                old = f"/parameters/{jp.escape(str(key))}"
                params[name] = self.parameter(param, old)
                self.pointers[f"/components/parameters/{jp.escape(name)}"] = old
            if params:
                components["parameters"] = params
        responses = src.get("responses")
        if isinstance(responses, dict) and responses:
            converted = components["responses"] = {}
            for key, response in responses.items():
                name = self.response_names[str(key)]
                new = f"/components/responses/{jp.escape(name)}"
                old = f"/responses/{jp.escape(str(key))}"
                self.pointers[new] = old
                converted[name] = self.response(response, self.produces, new, old)
        security = src.get("securityDefinitions")
        if isinstance(security, dict) and security:
            schemes = components["securitySchemes"] = {}
            for key, scheme in security.items():
                name = self.security_names[str(key)]
                schemes[name] = self.security_scheme(scheme)
                self.pointers[f"/components/securitySchemes/{jp.escape(name)}"] = (
                    f"/securityDefinitions/{jp.escape(str(key))}"
                )
        return components

    # ---- references -------------------------------------------------------------------------------
    def ref(self, value: Any) -> Any:
        if not isinstance(value, str) or not value.startswith("#/"):
            return value  # external references are left to the loader
        for prefix, names, target in (
            ("#/definitions/", self.schema_names, "#/components/schemas/"),
            ("#/parameters/", self.param_names, "#/components/parameters/"),
            ("#/responses/", self.response_names, "#/components/responses/"),
        ):
            if value.startswith(prefix):
                rest = value[len(prefix) :]
                head, sep, tail = rest.partition("/")
                name = names.get(_unescape(head))
                new_head = jp.escape(name) if name is not None else head
                return f"{target}{new_head}{sep}{tail}"
        return value

    def rewrite_left_refs(self, node: Any, shape: Shape) -> None:
        """Every 2.0 `$ref` the rules above did not reach, wherever it sits in the converted
        document outside data (examples, defaults, extensions), rewritten in place."""
        if shape.kind is Kind.DATA:
            return
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                node["$ref"] = self.ref(ref)
            for key, value in node.items():
                if isinstance(value, (dict, list)):
                    self.rewrite_left_refs(value, GRAMMAR_V3.child(shape, str(key)))
        elif isinstance(node, list) and (shape.container == "list" or shape.kind is Kind.SCHEMA):
            for item in node:
                self.rewrite_left_refs(item, Shape(shape.kind))

    def resolve_param(self, param: Any) -> tuple[Any, str | None]:
        """A `#/parameters/...` reference -> (the global parameter, its pointer); others as they are."""
        if (
            isinstance(param, dict)
            and isinstance(param.get("$ref"), str)
            and param["$ref"].startswith("#/parameters/")
        ):
            key = _unescape(param["$ref"][len("#/parameters/") :])
            if key in self.global_params:
                return self.global_params[key], f"/parameters/{jp.escape(key)}"
        return param, None

    # ---- schemas ----------------------------------------------------------------------------------
    def schema(self, node: Any) -> Any:
        if isinstance(node, list):
            # Not a 2.0 schema (an array-valued `items`, a lone list under `allOf`...), but real
            # specs have them, and the refs inside must follow the move as everywhere else.
            return [self.schema(item) for item in node]
        if not isinstance(node, dict):
            return copy.deepcopy(node)
        out: dict[str, Any] = {}
        nullable = node.get("x-nullable") is True
        for key, value in node.items():
            if key == "$ref":
                out[key] = self.ref(value)
            elif key == "x-nullable":
                continue
            elif key == "type" and value == "file":
                out["type"] = "string"
                out["format"] = "binary"
            elif key == "format" and node.get("type") == "file":
                continue
            elif key == "discriminator" and isinstance(value, str):
                out[key] = {"propertyName": value}
            elif key == "properties" and isinstance(value, dict):
                out[key] = {name: self.schema(prop) for name, prop in value.items()}
            elif key in ("items", "additionalProperties", "not", "allOf", "anyOf", "oneOf"):
                out[key] = self.schema(value)
            elif key == "required" and isinstance(value, list) and not value:
                continue  # `required: []` is invalid in both versions and means nothing
            else:
                out[key] = copy.deepcopy(value)
        if nullable:
            if "$ref" in out:  # siblings of $ref are ignored in 3.0: wrap it
                ref = out.pop("$ref")
                out = {"allOf": [{"$ref": ref}], **out}
            out["nullable"] = True
        return out

    def value_schema(self, param: dict[str, Any]) -> dict[str, Any]:
        """The schema of a non-body parameter, an Items object, or a Header object."""
        schema: dict[str, Any] = {}
        for key in _SCHEMA_KEYS:
            if key not in param:
                continue
            value = param[key]
            if key == "type" and value == "file":
                schema["type"] = "string"
                schema["format"] = "binary"
            elif key == "format" and param.get("type") == "file":
                continue
            elif key == "items" and isinstance(value, dict):
                schema["items"] = (
                    self.value_schema(value) if "$ref" not in value else self.schema(value)
                )
            elif key == "items" and isinstance(value, list):  # invalid, but its refs move too
                schema["items"] = [
                    (
                        self.value_schema(item)
                        if isinstance(item, dict) and "$ref" not in item
                        else self.schema(item)
                    )
                    for item in value
                ]
            else:
                schema[key] = copy.deepcopy(value)
        if param.get("x-nullable") is True:
            schema["nullable"] = True
        return schema

    # ---- parameters -------------------------------------------------------------------------------
    def parameter(self, param: Any, old: str) -> Any:
        """A query/path/header(/cookie) parameter, or a reference to one."""
        if not isinstance(param, dict):
            return copy.deepcopy(param)
        if "$ref" in param:
            return {"$ref": self.ref(param["$ref"])}
        location = param.get("in")
        out: dict[str, Any] = {"name": param.get("name"), "in": location}
        if "description" in param:
            out["description"] = param["description"]
        if location == "path":
            out["required"] = True
        elif "required" in param:
            out["required"] = bool(param["required"])
        if location == "query" and "allowEmptyValue" in param:
            out["allowEmptyValue"] = param["allowEmptyValue"]
        schema = self.value_schema(param)
        if schema.get("type") == "array":
            fmt = str(param.get("collectionFormat", "csv"))
            if location == "query":
                style, explode = _QUERY_STYLES.get(fmt, ("form", False))
                out["style"], out["explode"] = style, explode
            elif location in ("path", "header"):
                out["style"], out["explode"] = "simple", False
            if fmt not in ("csv", "multi") and not (
                location == "query" and fmt in ("ssv", "pipes")
            ):
                out["x-collectionFormat"] = fmt
        out["schema"] = schema
        for key, value in param.items():
            if isinstance(key, str) and key.startswith("x-") and key != "x-nullable":
                out[key] = copy.deepcopy(value)
        return out

    def request_body(
        self, body: dict[str, Any] | None, form: list[dict[str, Any]], consumes: list[str]
    ) -> dict[str, Any] | None:
        if body is not None:
            out: dict[str, Any] = {}
            if "description" in body:
                out["description"] = body["description"]
            schema = self.schema(body.get("schema", {}))
            media_types = consumes or ["application/json"]
            declared = body.get("x-examples")
            examples: dict[str, Any] = declared if isinstance(declared, dict) else {}
            content: dict[str, Any] = {}
            for i, media in enumerate(media_types):
                entry: dict[str, Any] = {"schema": schema if i == 0 else copy.deepcopy(schema)}
                if media in examples:
                    entry["example"] = copy.deepcopy(examples[media])
                content[media] = entry
            out["content"] = content
            if body.get("required"):
                out["required"] = True
            if isinstance(body.get("name"), str):
                out["x-codegen-request-body-name"] = body["name"]
            for key, value in body.items():
                if (
                    isinstance(key, str)
                    and key.startswith("x-")
                    and key not in ("x-examples", "x-nullable")
                ):
                    out[key] = copy.deepcopy(value)
            return out
        if not form:
            return None
        properties: dict[str, Any] = {}
        required: list[str] = []
        encodings: dict[str, Any] = {}
        has_file = False
        for param in form:
            name = str(param.get("name"))
            prop = self.value_schema(param)
            if "description" in param:
                prop["description"] = param["description"]
            properties[name] = prop
            has_file = has_file or param.get("type") == "file"
            if param.get("required"):
                required.append(name)
            if prop.get("type") == "array":
                style, explode = _QUERY_STYLES.get(
                    str(param.get("collectionFormat", "csv")), ("form", False)
                )
                encodings[name] = {"style": style, "explode": explode}
        form_schema: dict[str, Any] = {"type": "object", "properties": properties}
        if required:
            form_schema["required"] = required
        media_types = [m for m in consumes if m.split(";")[0].strip().lower() in _FORM_MEDIA]
        if not media_types:
            media_types = [
                "multipart/form-data" if has_file else "application/x-www-form-urlencoded"
            ]
        form_content: dict[str, Any] = {}
        for i, media in enumerate(media_types):
            form_entry: dict[str, Any] = {
                "schema": form_schema if i == 0 else copy.deepcopy(form_schema)
            }
            if encodings and media.startswith("application/x-www-form-urlencoded"):
                form_entry["encoding"] = copy.deepcopy(encodings)
            form_content[media] = form_entry
        out = {"content": form_content}
        if required:
            out["required"] = True
        return out

    # ---- responses --------------------------------------------------------------------------------
    def response(self, response: Any, produces: list[str], new: str, old: str) -> Any:
        if not isinstance(response, dict):
            return copy.deepcopy(response)
        if "$ref" in response:
            return {"$ref": self.ref(response["$ref"])}
        out: dict[str, Any] = {"description": response.get("description", "")}
        headers = response.get("headers")
        if isinstance(headers, dict) and headers:
            out["headers"] = {}
            for name, header in headers.items():
                out["headers"][name] = self.header(header)
                self.pointers[f"{new}/headers/{jp.escape(str(name))}/schema"] = (
                    f"{old}/headers/{jp.escape(str(name))}"
                )
        declared = response.get("examples")
        examples: dict[str, Any] = declared if isinstance(declared, dict) else {}
        if "schema" in response or examples:
            schema = self.schema(response["schema"]) if "schema" in response else None
            media_types = list(produces or ["application/json"])
            media_types += [m for m in examples if m not in media_types]
            content: dict[str, Any] = {}
            for i, media in enumerate(media_types):
                entry: dict[str, Any] = {}
                if schema is not None:
                    entry["schema"] = schema if i == 0 else copy.deepcopy(schema)
                    self.pointers[f"{new}/content/{jp.escape(media)}/schema"] = f"{old}/schema"
                if media in examples:
                    entry["example"] = copy.deepcopy(examples[media])
                    self.pointers[f"{new}/content/{jp.escape(media)}/example"] = (
                        f"{old}/examples/{jp.escape(media)}"
                    )
                content[media] = entry
            out["content"] = content
        for key, value in response.items():
            if isinstance(key, str) and key.startswith("x-"):
                out[key] = copy.deepcopy(value)
        return out

    def header(self, header: Any) -> Any:
        if not isinstance(header, dict):
            return copy.deepcopy(header)
        out: dict[str, Any] = {}
        if "description" in header:
            out["description"] = header["description"]
        schema = self.value_schema(header)
        if schema.get("type") == "array":
            out["style"], out["explode"] = "simple", False
        out["schema"] = schema
        for key, value in header.items():
            if isinstance(key, str) and key.startswith("x-") and key != "x-nullable":
                out[key] = copy.deepcopy(value)
        return out

    # ---- security ---------------------------------------------------------------------------------
    def security_scheme(self, scheme: Any) -> Any:
        if not isinstance(scheme, dict):
            return copy.deepcopy(scheme)
        kind = scheme.get("type")
        out: dict[str, Any]
        if kind == "basic":
            out = {"type": "http", "scheme": "basic"}
        elif kind == "apiKey":
            out = {"type": "apiKey", "name": scheme.get("name"), "in": scheme.get("in")}
        elif kind == "oauth2":
            flow_name, url_keys = _OAUTH_FLOWS.get(
                str(scheme.get("flow")), ("implicit", ("authorizationUrl",))
            )
            flow: dict[str, Any] = {key: scheme.get(key, "") for key in url_keys}
            flow["scopes"] = copy.deepcopy(scheme.get("scopes") or {})
            out = {"type": "oauth2", "flows": {flow_name: flow}}
        else:
            out = copy.deepcopy(scheme)
        if "description" in scheme and "description" not in out:
            out["description"] = scheme["description"]
        for key, value in scheme.items():
            if isinstance(key, str) and key.startswith("x-") and key not in out:
                out[key] = copy.deepcopy(value)
        return out

    def security_requirements(self, requirements: Any) -> Any:
        if not isinstance(requirements, list):
            return copy.deepcopy(requirements)
        return [
            (
                {self.security_names.get(str(k), str(k)): copy.deepcopy(v) for k, v in req.items()}
                if isinstance(req, dict)
                else copy.deepcopy(req)
            )
            for req in requirements
        ]

    # ---- paths ------------------------------------------------------------------------------------
    def paths(self, paths: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for path, item in paths.items():
            if not isinstance(item, dict) or (isinstance(path, str) and path.startswith("x-")):
                out[path] = copy.deepcopy(item)
                continue
            out[path] = self.path_item(item, f"/paths/{jp.escape(str(path))}")
        return out

    def split_params(
        self, params: Any, pointer: str
    ) -> tuple[list[tuple[Any, str, Any]], list[tuple[Any, str, Any]]]:
        """-> (value parameters, body/formData parameters), each as (raw, pointer, resolved)."""
        values: list[tuple[Any, str, Any]] = []
        payload: list[tuple[Any, str, Any]] = []
        if not isinstance(params, list):
            return values, payload
        for i, raw in enumerate(params):
            resolved, target = self.resolve_param(raw)
            where = target or f"{pointer}/{i}"
            if isinstance(resolved, dict) and resolved.get("in") in ("body", "formData"):
                payload.append((raw, where, resolved))
            else:
                values.append((raw, f"{pointer}/{i}", resolved))
        return values, payload

    def path_item(self, item: dict[str, Any], pointer: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        path_values, path_payload = self.split_params(
            item.get("parameters"), f"{pointer}/parameters"
        )
        for key, value in item.items():
            if key == "$ref":
                out[key] = self.ref(value)
            elif key == "parameters":
                if path_values:
                    out["parameters"] = []
                    for j, (raw, old, _) in enumerate(path_values):
                        out["parameters"].append(self.parameter(raw, old))
                        self.pointers[f"{pointer}/parameters/{j}"] = old
            elif key in HTTP_METHODS and isinstance(value, dict):
                out[key] = self.operation(value, path_payload, f"{pointer}/{key}")
            else:
                out[key] = copy.deepcopy(value)
        return out

    def operation(
        self, op: dict[str, Any], path_payload: list[tuple[Any, str, Any]], pointer: str
    ) -> dict[str, Any]:
        values, payload = self.split_params(op.get("parameters"), f"{pointer}/parameters")
        own = {_identity(p) for _, _, p in payload}
        payload += [entry for entry in path_payload if _identity(entry[2]) not in own]
        consumes = _media_list(op["consumes"]) if "consumes" in op else self.consumes
        produces = _media_list(op["produces"]) if "produces" in op else self.produces

        body = next(((p, where) for _, where, p in payload if p.get("in") == "body"), None)
        form = [(p, where) for _, where, p in payload if p.get("in") == "formData"]
        request = self.request_body(body[0] if body else None, [p for p, _ in form], consumes)

        out: dict[str, Any] = {}
        for key in ("tags", "summary", "description", "externalDocs", "operationId"):
            if key in op:
                out[key] = copy.deepcopy(op[key])
        if values:
            out["parameters"] = []
            for j, (raw, old, _) in enumerate(values):
                out["parameters"].append(self.parameter(raw, old))
                self.pointers[f"{pointer}/parameters/{j}"] = old
        if request is not None:
            out["requestBody"] = request
            if body:
                self.pointers[f"{pointer}/requestBody"] = body[1]
                for media in request["content"]:
                    self.pointers[f"{pointer}/requestBody/content/{jp.escape(media)}/schema"] = (
                        f"{body[1]}/schema"
                    )
            else:
                self.pointers[f"{pointer}/requestBody"] = form[0][1]
                for media in request["content"]:
                    base = f"{pointer}/requestBody/content/{jp.escape(media)}/schema/properties"
                    for param, where in form:
                        self.pointers[f"{base}/{jp.escape(str(param.get('name')))}"] = where
        responses = op.get("responses")
        if isinstance(responses, dict):
            converted: dict[str, Any] = {}
            for status, response in responses.items():
                code = str(status)
                new = f"{pointer}/responses/{jp.escape(code)}"
                old = f"{pointer}/responses/{jp.escape(str(status))}"
                converted[code] = self.response(response, produces, new, old)
            out["responses"] = converted
        elif "responses" in op:
            out["responses"] = copy.deepcopy(responses)
        if "deprecated" in op:
            out["deprecated"] = op["deprecated"]
        if "security" in op:
            out["security"] = self.security_requirements(op["security"])
        for key, value in op.items():
            if isinstance(key, str) and key.startswith("x-"):
                out[key] = copy.deepcopy(value)
        return out


def _identity(param: dict[str, Any]) -> tuple[str, str]:
    """A parameter's (name, in): what an operation-level parameter overrides a path-level one by."""
    return str(param.get("name")), str(param.get("in"))


def _media_list(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return list(dict.fromkeys(v for v in value if isinstance(v, str) and v))
