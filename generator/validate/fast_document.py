"""A fast verdict on "is this document valid against the OpenAPI JSON Schema?", from jsonschema-rs.

The python validator takes 0.6 s (openai-3.1.yaml) to 1.5 s (stripe-spec3.yaml) to say a big
document has no schema error; jsonschema-rs says so in a few milliseconds. The verdict is only
used to *skip* the python validator when it would find nothing: as soon as jsonschema-rs finds
an error, cannot take the document, or cannot be set up, the python validator runs and its
errors (located, in its order) are the ones reported. So a result can only change if
jsonschema-rs says "valid" where python would find an error, and everything below is there to
rule that out:

- regular expressions: the OpenAPI schemas' `pattern`s and `patternProperties` are read with
  Python's `re.search` by jsonschema and with ECMA-262 rules by jsonschema-rs. They differ on
  `$` (Python also matches before a final newline) and `\\d` (Python: every Unicode decimal
  digit). The copy given to jsonschema-rs spells those the Python way; a pattern with any other
  construct whose meaning could differ makes us keep the python validator for that family;
- types: the document comes from the loader (JSON types, string keys). What jsonschema-rs
  cannot convert (bytes, dates, sets, non-string keys) raises, and NaN/inf are "not numbers" to
  it: both mean "ask python". Tuples (YAML `!!pairs`) are arrays to it and not to jsonschema:
  a document holding one keeps the python path;
- formats are not asserted by either (the python document validator has no format checker);
- depth: the python validator recurses, and a document nested deep enough makes it raise
  RecursionError, which `spec_findings` turns into a "validation-incomplete" finding.
  jsonschema-rs does not recurse in Python, so documents deeper than `MAX_DEPTH` keep the
  python path, where the same thing happens as before.

`tests/unit/test_validate_speed.py` runs both validators on the corpus and on broken documents
and checks that the verdicts agree, and that the rewritten patterns match what Python matches.
"""

from __future__ import annotations

import array
import re
import sys
from functools import cache
from typing import Any

from openapi_spec_validator.schemas import schema_v30, schema_v31, schema_v32

# Deeper documents keep the python validator (see above). Real specs are ~20-25 deep
# (openai-3.1.yaml: 21, stripe-spec3.yaml: 25); the python validator needs ~4 frames a level,
# so at this depth it stays far below the default recursion limit of 1000.
MAX_DEPTH = 64
_MIN_RECURSION_LIMIT = 1000

_SCHEMAS = {"3.0": schema_v30, "3.1": schema_v31, "3.2": schema_v32}


class UnsupportedPattern(ValueError):
    """A regular expression whose meaning might differ between Python and jsonschema-rs."""


def document_is_valid(document: Any, family: str) -> bool | None:
    """True or False from jsonschema-rs, or None when it cannot be trusted to answer."""
    validator = rs_document_validator(family)
    if validator is None or sys.getrecursionlimit() < _MIN_RECURSION_LIMIT:
        return None
    if not within_depth(document, MAX_DEPTH):
        return None
    try:
        return bool(validator.is_valid(document))
    except Exception:
        return None


def within_depth(document: Any, limit: int) -> bool:
    """Whether no container of `document` is nested `limit` levels deep or more (the root is at
    level 0), and none is a tuple. A tuple is an array to jsonschema-rs and not to jsonschema;
    the loader makes them only from YAML's `!!omap`/`!!pairs` tags."""
    level = [document]
    for _ in range(limit):
        deeper: list[Any] = []
        for node in level:
            if isinstance(node, dict):
                deeper.extend(child for child in node.values() if isinstance(child, _CONTAINERS))
            elif isinstance(node, list):
                deeper.extend(child for child in node if isinstance(child, _CONTAINERS))
            else:
                return False  # a tuple
        if not deeper:
            return True
        level = deeper
    return False


_CONTAINERS = (dict, list, tuple)


@cache
def rs_document_validator(family: str) -> Any | None:
    """A jsonschema-rs validator of the family's OpenAPI schema, or None when there is none."""
    try:
        import jsonschema_rs
    except ImportError:
        return None
    try:
        schema = python_patterns(dict(_SCHEMAS[family]))
        return jsonschema_rs.validator_for(schema, validate_formats=False)
    except Exception:
        return None


# -- Python's regular expressions, spelled for jsonschema-rs ----------------------------------


def python_patterns(schema: Any) -> Any:
    """A copy of `schema` whose `pattern`s and `patternProperties` keys mean for jsonschema-rs
    what they mean for Python's `re.search`; UnsupportedPattern when that cannot be promised."""
    if isinstance(schema, list):
        return [python_patterns(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    copy: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "pattern" and isinstance(value, str):
            copy[key] = python_regex(value)
        elif key in _DATA:
            copy[key] = value
        elif key in _NAMED_SCHEMAS and isinstance(value, dict):
            rename = python_regex if key == "patternProperties" else str
            copy[key] = {rename(str(name)): python_patterns(sub) for name, sub in value.items()}
        else:
            copy[key] = python_patterns(value)
    return copy


_DATA = frozenset({"enum", "const", "default", "examples", "example"})  # values, not schemas
_NAMED_SCHEMAS = frozenset(  # name -> schema
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"}
)


def python_regex(pattern: str) -> str:
    """`pattern` rewritten so that jsonschema-rs matches exactly the strings `re.search` matches.

    Only a plain subset is accepted: literals, escaped punctuation, `.`, `|`, groups `(...)` and
    `(?:...)`, quantifiers, bracket classes of literals and ranges, `^` first, `$` last, and `\\d`
    outside classes. Of those, only `$` and `\\d` differ, and they are rewritten.
    """
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            if i + 1 >= len(pattern):
                raise UnsupportedPattern(pattern)
            escaped = pattern[i + 1]
            if escaped == "d" and not in_class:
                out.append(_python_digits())
            elif (escaped.isascii() and escaped.isalnum()) or not escaped.isascii():
                raise UnsupportedPattern(pattern)  # \w \s \b \n \u... : classes and escapes differ
            else:
                out.append(char + escaped)  # escaped punctuation: the literal, in both
            i += 2
            continue
        if in_class:
            if char == "[" or (char in "&~-" and pattern[i + 1 : i + 2] == char):
                raise UnsupportedPattern(pattern)  # nested classes, set operations
            if char == "]":
                in_class = False
            out.append(char)
        elif char == "[":
            start = i + 2 if pattern[i + 1 : i + 2] == "^" else i + 1
            if pattern[start : start + 1] in ("]", ""):
                raise UnsupportedPattern(pattern)  # "[]...]": a literal in Python, not in ECMA
            in_class = True
            out.append(pattern[i:start])
            i = start
            continue
        elif char == "$":
            if i != len(pattern) - 1:
                raise UnsupportedPattern(pattern)
            out.append("\\n?$")  # Python's `$` also matches just before a final newline
        elif char == "^":
            if i != 0:
                raise UnsupportedPattern(pattern)
            out.append(char)
        elif char == "(" and pattern[i + 1 : i + 2] == "?" and pattern[i + 2 : i + 3] != ":":
            raise UnsupportedPattern(pattern)  # lookarounds, named groups, flags
        elif char == "{" and not re.match(r"\{[0-9]+(,[0-9]*)?\}", pattern[i:]):
            raise UnsupportedPattern(pattern)  # a literal brace: Python and ECMA disagree
        else:
            out.append(char)
        i += 1
    if in_class:
        raise UnsupportedPattern(pattern)
    return "".join(out)


@cache
def _python_digits() -> str:
    """A bracket class of exactly the characters Python's `\\d` matches (Unicode category Nd)."""
    text = array.array("I", range(0xD800)).tobytes().decode("utf-32-le") + array.array(
        "I", range(0xE000, 0x110000)
    ).tobytes().decode("utf-32-le")
    runs = [run.group() for run in re.finditer(r"\d+", text)]
    # Runs of consecutive code points; the characters go in literally (all are letters-like).
    spans: list[str] = []
    for run in runs:
        start = prev = run[0]
        for char in run[1:]:
            if ord(char) != ord(prev) + 1:
                spans.append(start if start == prev else f"{start}-{prev}")
                start = char
            prev = char
        spans.append(start if start == prev else f"{start}-{prev}")
    return "[" + "".join(spans) + "]"
