"""Hostile strings and hostile specs, for the hypothesis tests and the fixed hostile cases.

Every payload that would run if a spec string escaped its quoting does one observable thing: it
creates a folder inside `$APIGEN_SENTINEL`. Tests import generated code in a fresh interpreter with
that variable pointing at an empty folder and assert the folder is still empty afterwards. (The
path is read when the payload runs, so the payload strings are constants.)
"""

from __future__ import annotations

import keyword
from functools import lru_cache
from typing import Any

from hypothesis import strategies as st

SENTINEL_ENV = "APIGEN_SENTINEL"
PAYLOAD = "__import__('os').mkdir(__import__('os').environ['APIGEN_SENTINEL']+'/pwned')"

# Ways out of every quoting context a template or datamodel-code-generator uses: string literals
# of both quote kinds (single, triple, raw), docstrings, comments, f-strings, dict/list displays,
# call arguments, indentation; `{p}` is replaced by PAYLOAD.
BREAKOUTS = (
    "{p}",
    '"\n{p}\n"',
    "'\n{p}\n'",
    '"""\n{p}\n"""',
    "'''\n{p}\n'''",
    '"); {p} #',
    "'); {p} #",
    '\\"); {p} #',
    "\\'); {p} #",
    '"]; {p}; x = ["',
    "'}; {p}; x = {'",
    "\n{p}\n#",
    "\r{p}\r#",
    "\r\n{p}\r\n",
    "\u2028{p}\u2029",
    "\x0c{p}",
    "{{{p}}}",
    "f'{{{p}}}'",
    '{{{p}!r}}"""',
    "\\\n{p}",
    '""" + {p} + """',
    '" + {p} + "',
    "' + {p} + '",
    "{p}\\",
    "\\",
    "x\\",
    '"',
    "'",
    "coding: utf-7 +ACc-) ; {p} #",
    "-*- coding: utf-7 -*- +ACI-; {p} #",
    "\n    {p}\n",
    "\n\t{p}\n",
    "*/ {p} /*",
    "`{p}`",
    "%s{p}%(x)s",
    "\x00{p}",
    "\u202e{p}",
    "\ufeff{p}",
)
HOSTILE_PAYLOADS = tuple(b.replace("{p}", PAYLOAD) for b in BREAKOUTS)

SOFT_KEYWORDS = ("_", "case", "match", "type")
NAME_ATOMS = (
    *keyword.kwlist,
    *SOFT_KEYWORDS,
    "print",
    "eval",
    "exec",
    "compile",
    "open",
    "input",
    "list",
    "dict",
    "str",
    "int",
    "float",
    "bool",
    "bytes",
    "type",
    "object",
    "id",
    "len",
    "isinstance",
    "super",
    "os",
    "sys",
    "__import__",
    "__init__",
    "__class__",
    "__dict__",
    "__all__",
    "__builtins__",
    "_",
    "__",
    "self",
    "cls",
    "models",
    "omit",
    "Omit",
    "Any",
    "Literal",
    "Mapping",
    "NOT_GIVEN",
    "Client",
    "AsyncClient",
    "BaseModel",
    "Field",
    "timeout",
    "max_retries",
    "base_url",
    "token",
    "request",
    "close",
    "with_raw_response",
    "poll_interval",
    "poll_timeout",
    "accepted",
    "body",
    "extra_headers",
    "idempotency_key",
    "httpx",
    "pydantic",
    "encode_body",
    "FileContent",
    # Unicode look-alikes: fullwidth, long s, Cyrillic, ligatures, math letters, digits elsewhere
    "ｃｌａｓｓ",
    "ſelf",
    "сlass",
    "ﬁle",
    "ℌeader",
    "𝐢𝐦𝐩𝐨𝐫𝐭",
    "İd",
    "١٢٣",
    "２fa",
    "Ⅸ",
    "ǅungla",
    "",
    " ",
    "0",
    "1abc",
    "-",
    "--",
    "_x",
    "x-y",
    "a.b",
    "a b",
    "a/b",
    "$",
    "@",
    "…",
)
TEXT_ATOMS = (
    '"',
    "'",
    '"""',
    "'''",
    "\\",
    '\\"',
    "\\'",
    "\\n",
    "\\x00",
    "\\N{BULLET}",
    "\\u0027",
    "\n",
    "\r",
    "\r\n",
    "\t",
    "\x00",
    "\x0b",
    "\x0c",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\u200b",
    "\u202e",
    "\ufeff",
    "\ud800",
    "\U0001f600",
    "{",
    "}",
    "{0}",
    "{x}",
    "{{",
    "}}",
    "%s",
    "%(x)s",
    "#",
    "# noqa",
    "# type: ignore",
    ";",
    ":",
    "`",
    "../",
    "../../etc/passwd",
    "/etc/passwd",
    "/",
    "..",
    ".",
    "C:\\Windows\\system32",
    "~",
    "~/.ssh",
    "file:///etc/passwd",
    "http://127.0.0.1:9/x",
    "//evil.invalid/x",
    "${HOME}",
    "$(id)",
    "<script>",
    "&amp;",
    "\\\\server\\share",
    "coding: utf-7",
    "-*- coding: latin-1 -*-",
    "__import__('os')",
    "lambda: 0",
)
PATH_ATOMS = (
    "../",
    "../../",
    "/..",
    "/./",
    "//",
    "/etc/passwd",
    "C:\\",
    "\\..\\",
    "%2e%2e%2f",
    "{id}",
    "{}",
)
# Characters hypothesis mixes freely into the atoms.
DANGEROUS_CHARS = "\"'\\\n\r\t\x00{}#%`;:/.$~ \u2028\u202e\ufeffaZ_0é"

atoms = st.sampled_from(TEXT_ATOMS + NAME_ATOMS)
payloads = st.sampled_from(HOSTILE_PAYLOADS)
hostile_text = st.one_of(
    atoms,
    payloads,
    st.lists(
        st.one_of(atoms, payloads, st.text(alphabet=DANGEROUS_CHARS, max_size=6)),
        min_size=1,
        max_size=4,
    ).map("".join),
    st.text(max_size=12),
)
hostile_name = st.one_of(st.sampled_from(NAME_ATOMS), hostile_text)

MEDIA_TYPES = (
    "application/json",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "text/plain",
    "application/octet-stream",
    "application/vnd.api+json",
    "x-weird/thing",
    "*/*",
)
STATUSES = ("200", "201", "202", "204", "2XX", "default", "404", "422", "500")
FORMATS = ("date-time", "date", "uuid", "binary", "email", "uri", "int64", "byte", "decimal", "")
# Schema keywords datamodel-code-generator would turn into imports or reads (see generator/models).
IMPORT_KEYWORDS: tuple[dict[str, Any], ...] = (
    {"customTypePath": "antigravity.Thing"},
    {"customBasePath": "antigravity.Base"},
    {"x-python-type": "antigravity.Thing"},
    {"x-python-import": {"module": "antigravity", "name": "Thing"}},
    {"$ref": "/etc/passwd"},
    {"$ref": "../../../../etc/hostname"},
    {"$ref": "file:///etc/hostname"},
    {"$ref": "http://127.0.0.1:9/schema.json"},
    {"$id": "http://127.0.0.1:9/"},
)


def _scalar_default() -> st.SearchStrategy[Any]:
    return st.one_of(
        hostile_text,
        st.integers(-(2**70), 2**70),
        st.booleans(),
        st.none(),
        st.floats(allow_nan=False, allow_infinity=False),
    )


def hostile_schema(ref_names: list[str], depth: int = 0) -> st.SearchStrategy[dict[str, Any]]:
    return _hostile_schema(tuple(ref_names), depth)


@lru_cache(maxsize=256)
def _hostile_schema(ref_names: tuple[str, ...], depth: int) -> st.SearchStrategy[dict[str, Any]]:
    leaf = st.one_of(
        st.fixed_dictionaries(
            {"type": st.just("string")},
            optional={
                "description": hostile_text,
                "title": hostile_text,
                "default": hostile_text,
                "enum": st.lists(hostile_text, min_size=1, max_size=3, unique=True),
                "format": st.sampled_from(FORMATS),
                "pattern": st.sampled_from(
                    ("^[a-z]+$", "^(?!x)y", "[", "a\\", "')\n" + PAYLOAD + "\n#")
                ),
                "example": hostile_text,
                "const": hostile_text,
                "maxLength": st.integers(0, 10),
            },
        ),
        st.fixed_dictionaries(
            {"type": st.sampled_from(("integer", "number", "boolean"))},
            optional={
                "description": hostile_text,
                "default": _scalar_default(),
                "minimum": st.integers(-5, 5),
            },
        ),
        st.sampled_from(IMPORT_KEYWORDS).map(lambda extra: {"type": "string", **extra}),
    )
    if ref_names:
        leaf = st.one_of(
            leaf,
            st.sampled_from(ref_names).map(
                lambda n: {"$ref": f"#/components/schemas/{_escape(n)}"}
            ),
        )
    if depth >= 2:
        return leaf
    inner = _hostile_schema(ref_names, depth + 1)
    return st.one_of(
        leaf,
        st.fixed_dictionaries(
            {
                "type": st.just("object"),
                "properties": st.dictionaries(hostile_name, inner, max_size=3),
            },
            optional={
                "description": hostile_text,
                "title": hostile_text,
                "default": st.dictionaries(hostile_text, hostile_text, max_size=2),
                "additionalProperties": st.one_of(st.booleans(), inner),
                "x-enum-varnames": st.lists(hostile_text, max_size=2),
            },
        ).map(_with_required),
        st.fixed_dictionaries(
            {"type": st.just("array"), "items": inner},
            optional={"default": st.lists(hostile_text, max_size=2)},
        ),
        st.lists(inner, min_size=1, max_size=3).map(lambda members: {"oneOf": members}),
        st.lists(inner, min_size=1, max_size=2).map(lambda members: {"allOf": members}),
    )


def _with_required(schema: dict[str, Any]) -> dict[str, Any]:
    props = list(schema["properties"])
    if props:
        schema["required"] = props[: len(props) // 2 + 1]
    return schema


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


@st.composite
def hostile_parameter(draw: st.DrawFn, ref_names: list[str]) -> dict[str, Any]:
    where = draw(st.sampled_from(("query", "header", "cookie", "query", "header", "matrix")))
    param: dict[str, Any] = {
        "name": draw(hostile_name),
        "in": where,
        "schema": draw(hostile_schema(ref_names, 1)),
    }
    if draw(st.booleans()):
        param["description"] = draw(hostile_text)
    if draw(st.booleans()):
        param["required"] = True
    return param


@st.composite
def hostile_operation(
    draw: st.DrawFn, ref_names: list[str], path_params: list[str]
) -> dict[str, Any]:
    op: dict[str, Any] = {}
    if draw(st.booleans()):
        op["operationId"] = draw(hostile_name)
    for key in ("summary", "description"):
        if draw(st.booleans()):
            op[key] = draw(hostile_text)
    if draw(st.booleans()):
        op["tags"] = draw(st.lists(hostile_name, min_size=1, max_size=2))
    params = [
        {
            "name": p,
            "in": "path",
            "required": True,
            "schema": {"type": "string"},
            "description": draw(hostile_text),
        }
        for p in path_params
    ]
    params += draw(st.lists(hostile_parameter(ref_names), max_size=3))
    if params:
        op["parameters"] = params
    if draw(st.booleans()):
        media = draw(st.one_of(st.sampled_from(MEDIA_TYPES), hostile_text))
        op["requestBody"] = {
            "description": draw(hostile_text),
            "required": draw(st.booleans()),
            "content": {media: {"schema": draw(hostile_schema(ref_names))}},
        }
    responses: dict[str, Any] = {}
    for status in draw(
        st.lists(
            st.one_of(st.sampled_from(STATUSES), hostile_text.map(lambda t: "2" + t)),
            min_size=1,
            max_size=3,
            unique=True,
        )
    ):
        response: dict[str, Any] = {"description": draw(hostile_text)}
        if draw(st.booleans()):
            response["content"] = {
                draw(st.sampled_from(MEDIA_TYPES)): {"schema": draw(hostile_schema(ref_names))}
            }
        if draw(st.booleans()):
            response["headers"] = {
                draw(hostile_name): {
                    "schema": {"type": "string"},
                    "description": draw(hostile_text),
                }
            }
        responses[status] = response
    op["responses"] = responses
    if draw(st.booleans()):
        op["security"] = [{draw(hostile_name): []}]
    if draw(st.integers(0, 9)) == 0:
        op["callbacks"] = {
            draw(hostile_name): {
                draw(hostile_text): {
                    "post": {"responses": {"200": {"description": draw(hostile_text)}}}
                }
            }
        }
    return op


@st.composite
def hostile_path(draw: st.DrawFn) -> tuple[str, list[str]]:
    segments = draw(
        st.lists(st.one_of(hostile_text, st.sampled_from(PATH_ATOMS)), min_size=1, max_size=3)
    )
    params = draw(
        st.lists(
            hostile_name.filter(lambda n: "{" not in n and "}" not in n and "/" not in n),
            max_size=2,
            unique=True,
        )
    )
    path = "/" + "/".join(segments + ["{" + p + "}" for p in params])
    return path, params


@st.composite
def hostile_spec(draw: st.DrawFn) -> dict[str, Any]:
    """An OpenAPI 3.0/3.1 document whose every string is hostile (structure kept plausible, so the
    strings travel through the whole pipeline instead of being rejected at the door)."""
    schema_names = draw(st.lists(hostile_name, max_size=3, unique=True))
    schemas: dict[str, Any] = {}
    for i, name in enumerate(schema_names):
        schemas[name] = draw(hostile_schema(schema_names[:i]))
    doc: dict[str, Any] = {
        "openapi": draw(st.sampled_from(("3.0.3", "3.1.0"))),
        "info": {"title": draw(hostile_text), "version": draw(hostile_text)},
        "paths": {},
    }
    if draw(st.booleans()):
        doc["info"]["description"] = draw(hostile_text)
    if draw(st.booleans()):
        doc["servers"] = [{"url": draw(hostile_text)} for _ in range(draw(st.integers(1, 2)))]
    if draw(st.booleans()):
        doc["tags"] = [{"name": draw(hostile_name), "description": draw(hostile_text)}]
    if draw(st.booleans()):
        doc["x-idempotency-header"] = draw(hostile_text)
    for _ in range(draw(st.integers(1, 3))):
        path, params = draw(hostile_path())
        methods = draw(
            st.lists(
                st.sampled_from(("get", "post", "put", "delete", "patch")),
                min_size=1,
                max_size=2,
                unique=True,
            )
        )
        doc["paths"][path] = {m: draw(hostile_operation(schema_names, params)) for m in methods}
    components: dict[str, Any] = {}
    if schemas:
        components["schemas"] = schemas
    if draw(st.booleans()):
        components["securitySchemes"] = {
            draw(hostile_name): draw(
                st.one_of(
                    st.fixed_dictionaries(
                        {
                            "type": st.just("apiKey"),
                            "in": st.sampled_from(("header", "query", "cookie")),
                            "name": hostile_text,
                            "description": hostile_text,
                        }
                    ),
                    st.just({"type": "http", "scheme": "bearer"}),
                    st.just({"type": "http", "scheme": "basic"}),
                    st.fixed_dictionaries(
                        {
                            "type": st.just("oauth2"),
                            "description": hostile_text,
                            "flows": st.just({}),
                        }
                    ),
                    st.fixed_dictionaries({"type": hostile_text}),
                )
            )
            for _ in range(draw(st.integers(1, 2)))
        }
    if components:
        doc["components"] = components
    if doc["openapi"].startswith("3.1") and draw(st.integers(0, 4)) == 0:
        doc["webhooks"] = {
            draw(hostile_name): {
                "post": {"responses": {"200": {"description": draw(hostile_text)}}}
            }
        }
    return doc
