"""A fast "this schema passes its meta-check" from jsonschema-rs, for the schemas of a spec.

openapi-spec-validator checks every schema of a spec against its dialect's meta-schema with the
python jsonschema validator: ~2,000 schemas and ~5 s on openai-3.1.yaml (cold, 2 cores), most
of a cold validation. jsonschema-rs gives the same verdict in microseconds. As with the document
check (fast_document.py), its answer is only used to *skip* the python check when it says
"passes"; when it says "fails", or cannot answer, the python check runs and its errors are the
ones reported. What keeps a "passes" from hiding an error python would report:

- the meta-schema is the very one python uses (`validator.schema`, with the OpenAPI dialect and
  vocabulary resources from openapi-schema-validator's registry), and its `pattern`s are
  rewritten to mean what they mean to Python's `re.search` (fast_document.python_patterns);
- formats: every format jsonschema-rs knows or python's checker knows is checked by calling
  python's own checker (the crash-proof wrapper the python check uses); a format python does not
  check passes, as it does in python. So format verdicts are python's by construction;
- values: only JSON data of bounded depth goes to jsonschema-rs: no tuples, dates or bytes, no
  NaN or infinity, no integer beyond 64 bits, and no float with an integral value (`1.0`), since
  "integer" and equality rules around those differ between drafts and libraries. Anything else
  keeps the python path.

`tests/unit/test_validate_speed.py` compares both verdicts on every schema of the corpus and on
schemas built to fail.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache
from typing import Any

from jsonschema import FormatChecker
from jsonschema.protocols import Validator

from .fast_document import MAX_DEPTH, UnsupportedPattern, python_patterns

# Formats jsonschema-rs checks on its own unless told otherwise (jsonschema-rs 0.60): each is
# handed to python's checker, which passes the ones it does not know.
_RS_FORMATS = (
    "date",
    "date-time",
    "duration",
    "email",
    "hostname",
    "idn-email",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "iri",
    "iri-reference",
    "json-pointer",
    "regex",
    "relative-json-pointer",
    "time",
    "uri",
    "uri-reference",
    "uri-template",
    "uuid",
)
_DRAFTS = {
    "http://json-schema.org/draft-04/schema#": "Draft4Validator",
    "https://json-schema.org/draft/2020-12/schema": "Draft202012Validator",
}


def passes(validator: Validator, value: Any) -> bool:
    """Whether jsonschema-rs says `value` passes `validator` (a python meta-schema validator).
    False means "not known to pass": the caller runs the python validator."""
    checker = rs_validator_like(validator)
    if checker is None or not plain_json(value, MAX_DEPTH):
        return False
    try:
        return bool(checker(value))
    except Exception:
        return False


def plain_json(value: Any, limit: int) -> bool:
    """JSON data that is at most `limit` containers deep and holds no integral, infinite or NaN
    float and no integer beyond 64 bits."""
    level = [value]
    for _ in range(limit + 1):
        deeper: list[Any] = []
        for node in level:
            if isinstance(node, dict):
                children = list(node.values())
            elif isinstance(node, list):
                children = node
            elif isinstance(node, float):
                if node.is_integer() or not math.isfinite(node):
                    return False
                continue
            elif isinstance(node, int) and not isinstance(node, bool):
                if not -(2**63) <= node < 2**63:
                    return False  # beyond a 64-bit integer: how it converts is not ours to know
                continue
            elif node is None or isinstance(node, (str, bool)):
                continue
            else:
                return False  # a tuple, a date, bytes...
            deeper.extend(children)
        if not deeper:
            return True
        level = deeper
    return False


_BUILT: dict[int, tuple[Validator, Callable[[Any], bool] | None]] = {}  # id -> (kept alive, rs)


def rs_validator_like(validator: Validator) -> Callable[[Any], bool] | None:
    """jsonschema-rs's `is_valid` for the meta-schema and format checker of `validator`, or None
    when that cannot be promised to give python's verdict. (Validators are not hashable: cached
    by identity; the meta validators live for the process, see library._meta_validator.)"""
    built = _BUILT.get(id(validator))
    if built is None or built[0] is not validator:
        built = _BUILT[id(validator)] = (validator, _build(validator))
    return built[1]


def _build(validator: Validator) -> Callable[[Any], bool] | None:
    try:
        import jsonschema_rs
    except ImportError:
        return None
    schema = getattr(validator, "schema", None)
    if not isinstance(schema, dict):
        return None
    draft = _DRAFTS.get(str(schema.get("$schema", "")))
    if draft is None or type(validator).__name__ != draft:
        return None
    format_checker = getattr(validator, "format_checker", None)
    if not isinstance(format_checker, FormatChecker):
        return None
    try:
        rewritten = python_patterns(schema)
        registry = jsonschema_rs.Registry(list(_openapi_resources()))
        rs = getattr(jsonschema_rs, draft)(
            rewritten,
            formats=_python_formats(format_checker),
            validate_formats=True,
            ignore_unknown_formats=True,
            registry=registry,
        )
    except UnsupportedPattern:
        return None
    except Exception:
        return None
    return rs.is_valid  # type: ignore[no-any-return]


def _python_formats(format_checker: FormatChecker) -> dict[str, Callable[[str], bool]]:
    def conforms(name: str) -> Callable[[str], bool]:
        return lambda value: format_checker.conforms(value, name)

    names = set(_RS_FORMATS) | set(format_checker.checkers)
    return {name: conforms(name) for name in sorted(names)}


@cache
def _openapi_resources() -> list[tuple[str, Any]]:
    """The OpenAPI dialect and vocabulary meta-schemas (jsonschema-rs has the JSON Schema ones)."""
    from openapi_schema_validator._specifications import REGISTRY

    resources = []
    for uri in sorted(REGISTRY):
        if uri.startswith("https://spec.openapis.org/"):
            resources.append((uri, python_patterns(REGISTRY[uri].contents)))
    return resources
