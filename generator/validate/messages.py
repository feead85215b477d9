"""A jsonschema ValidationError -> a one-line message and a hint a person can act on.

jsonschema puts `repr(instance)` in its messages; for an OpenAPI document that can be a whole
schema, so long values are summarised and every message is capped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from jsonschema.exceptions import ValidationError

MAX_MESSAGE = 200
_MAX_VALUE = 60


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def with_article(type_name: str) -> str:
    if type_name == "null":
        return "null"
    return ("an " if type_name[0] in "aeiou" else "a ") + type_name


def short(value: Any) -> str:
    """repr(value), summarised when long: never a whole schema in a message."""
    text = repr(value)
    if len(text) <= _MAX_VALUE:
        return text
    if isinstance(value, dict):
        keys = ", ".join(f"{key!r}: ..." for key in list(value)[:4])
        return f"{{{keys}{', ...' if len(value) > 4 else ''}}}"
    if isinstance(value, list):
        return f"[...] (an array of {len(value)})"
    if isinstance(value, str):
        return repr(value[:40] + "...")
    return text[:_MAX_VALUE] + "..."


def cap(text: str) -> str:
    line = " ".join(text.split())  # one line, whatever the value contained
    return line if len(line) <= MAX_MESSAGE else line[: MAX_MESSAGE - 3] + "..."


def describe(err: ValidationError, field: str, *, is_default: bool) -> tuple[str, str]:
    """(message, hint) for one error; `field` is the last key of its pointer ("" at the root)."""
    message = err.message
    long_repr = repr(err.instance)
    if len(long_repr) > _MAX_VALUE and long_repr in message:
        message = message.replace(long_repr, short(err.instance))
    special = _SPECIAL.get(str(err.validator))
    hint = ""
    if special is not None:
        message, hint = special(err, field, message)
    if type(err).__name__ == "ExtraParametersError":
        hint = "define each required property under 'properties' (or in an allOf part)"
    if is_default:
        message = f"default value {message}"
        hint = hint or "a default must be valid against the schema it belongs to"
        if err.instance is None:
            hint += (
                "; to allow a null default, add 'null' to the type (3.1) or `nullable: true` (3.0)"
            )
    return cap(message), cap(hint)


def _type(err: ValidationError, field: str, message: str) -> tuple[str, str]:
    expected = (
        err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
    )
    wanted = " or ".join(with_article(str(name)) for name in expected)
    return message, f"expected {wanted} here, got {with_article(json_type(err.instance))}"


def _unique(err: ValidationError, field: str, message: str) -> tuple[str, str]:
    items = err.instance if isinstance(err.instance, list) else []
    counts = Counter(repr(item) for item in items)
    repeated = [text for text, count in counts.items() if count > 1]
    shown = ", ".join(repeated[:6]) + (", ..." if len(repeated) > 6 else "")
    if field == "required":
        return f"'required' lists {shown} more than once", "'required' must list each property once"
    name = repr(field) if field else "the list"
    return f"{name} has repeated items: {shown}", "list each item once"


def _required(err: ValidationError, field: str, message: str) -> tuple[str, str]:
    missing = message.split(" is a required property")[0]
    return message, f"add the {missing} field"


def _unexpected(err: ValidationError, field: str, message: str) -> tuple[str, str]:
    return message, "remove the unexpected field; extension fields must start with 'x-'"


def _enum(err: ValidationError, field: str, message: str) -> tuple[str, str]:
    options = err.validator_value if isinstance(err.validator_value, list) else []
    shown = ", ".join(short(option) for option in options[:8]) + (
        ", ..." if len(options) > 8 else ""
    )
    return message, f"use one of: {shown}"


def _const(err: ValidationError, field: str, message: str) -> tuple[str, str]:
    return message, f"the only allowed value is {short(err.validator_value)}"


def _pattern(err: ValidationError, field: str, message: str) -> tuple[str, str]:
    return message, f"the value must match the regular expression {err.validator_value}"


def _format(err: ValidationError, field: str, message: str) -> tuple[str, str]:
    return message, f"write a valid {err.validator_value}"


def _one_of(err: ValidationError, field: str, message: str) -> tuple[str, str]:
    return (
        message,
        "it matches none of the forms allowed here; compare it with the OpenAPI specification",
    )


def _minimum(err: ValidationError, field: str, message: str) -> tuple[str, str]:
    return message, f"the value must be at least {err.validator_value}"


def _maximum(err: ValidationError, field: str, message: str) -> tuple[str, str]:
    return message, f"the value must be at most {err.validator_value}"


def _non_empty(err: ValidationError, field: str, message: str) -> tuple[str, str]:
    return message, "it must not be empty"


_SPECIAL: dict[str, Callable[[ValidationError, str, str], tuple[str, str]]] = {
    "type": _type,
    "uniqueItems": _unique,
    "required": _required,
    "additionalProperties": _unexpected,
    "unevaluatedProperties": _unexpected,
    "enum": _enum,
    "const": _const,
    "pattern": _pattern,
    "format": _format,
    "oneOf": _one_of,
    "anyOf": _one_of,
    "minimum": _minimum,
    "exclusiveMinimum": _minimum,
    "maximum": _maximum,
    "exclusiveMaximum": _maximum,
    "minItems": _non_empty,
    "minLength": _non_empty,
    "minProperties": _non_empty,
}
