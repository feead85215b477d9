"""Minimal valid values for a JSON schema: what a careful caller would pass, so that a mock server
that validates requests (Prism) accepts every call the tests make, and what a server following the
spec would answer, so that a generated client parses it into the declared class.

    sample(schema, resolve)        # resolve("#/components/schemas/Pet") -> that schema

What it honours (a value made here is meant to validate against its schema):
- `$ref`s, and `allOf` parts merged into one schema first (properties, `required` spread over the
  parts, `format`/`enum`/`const`/`pattern` written in another part than the property's type);
- `oneOf`/`anyOf`: the first non-null member; with a `discriminator`, the member is tagged with the
  mapping key that names it, or with its component name when the mapping does not (implicit
  mapping). A schema that inherits a discriminator through `allOf` is tagged with its own name;
- `const`, `enum` (first non-null), scalar `example`/`examples`/`default` when they fit the
  schema, `format` (date-time, date, time, uuid, email, uri, ipv4/6, hostname, duration, byte,
  ...), `pattern` (a shortest string built from the regular expression), lengths and numeric
  bounds, `minItems`.
Objects carry their required properties only; arrays `max(minItems, 1)` items.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

try:  # Python 3.11+
    import re._constants as _sre_c
    import re._parser as _sre_p
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as _sre_c  # type: ignore[no-redef]
    import sre_parse as _sre_p  # type: ignore[no-redef]

Resolve = Callable[[str], Any]

MAX_DEPTH = 24
FORMATS: dict[str, str] = {
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "time": "12:00:00",
    "duration": "P1D",
    "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "email": "user@example.com",
    "idn-email": "user@example.com",
    "uri": "https://example.com/x",
    "url": "https://example.com/x",
    "iri": "https://example.com/x",
    "uri-reference": "https://example.com/x",
    "iri-reference": "https://example.com/x",
    "uri-template": "https://example.com/{x}",
    "hostname": "example.com",
    "idn-hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "byte": "eA==",
    "binary": "x",
    "json-pointer": "/x",
    "regex": "x",
}
# keys of a schema that describe one value (merged across allOf parts, later parts win)
_NO_MERGE = {"allOf", "properties", "required", "$ref"}


def sample(schema: Any, resolve: Resolve, depth: int = 0) -> Any:
    return _Maker(resolve).value(schema, depth)


def component_name(ref: str) -> str:
    """`#/components/schemas/Pet` -> `Pet` (the implicit discriminator value)."""
    return ref.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")


class _Maker:
    def __init__(self, resolve: Resolve) -> None:
        self.resolve = resolve

    # -- schemas ---------------------------------------------------------------------------------

    def flat(self, schema: Any, depth: int) -> tuple[dict[str, Any], list[str]]:
        """`schema` with `$ref`s followed and `allOf` parts merged into one dict; also the refs
        it was reached through (outermost first)."""
        refs: list[str] = []
        for _ in range(32):
            if not (isinstance(schema, dict) and isinstance(schema.get("$ref"), str)):
                break
            refs.append(schema["$ref"])
            target = self.resolve(schema["$ref"])
            siblings = {k: v for k, v in schema.items() if k != "$ref"}  # 3.1: $ref beside keys
            schema = {"allOf": [target], **siblings} if siblings else target
        if not isinstance(schema, dict):
            return {}, refs
        parts = schema.get("allOf")
        if not isinstance(parts, list) or depth > MAX_DEPTH:
            return schema, refs
        merged: dict[str, Any] = {}
        for part in [*parts, {k: v for k, v in schema.items() if k != "allOf"}]:
            flat, _ = self.flat(part, depth + 1)
            self._merge(merged, flat)
        return merged, refs

    @staticmethod
    def _merge(into: dict[str, Any], part: dict[str, Any]) -> None:
        for key, value in part.items():
            if key == "properties" and isinstance(value, dict):
                props = into.setdefault("properties", {})
                for name, prop in value.items():
                    props[name] = {"allOf": [props[name], prop]} if name in props else prop
            elif key == "required" and isinstance(value, list):
                into["required"] = [*into.get("required", []), *value]
            elif key == "enum" and isinstance(value, list) and isinstance(into.get("enum"), list):
                both = [v for v in value if v in into["enum"]]
                into["enum"] = both or value
            elif key not in _NO_MERGE:
                into[key] = value

    # -- values ----------------------------------------------------------------------------------

    def value(self, schema: Any, depth: int = 0) -> Any:
        if not isinstance(schema, dict) or depth > MAX_DEPTH:
            return "x"
        flat, refs = self.flat(schema, depth)
        if "const" in flat:
            return flat["const"]
        if isinstance(flat.get("enum"), list) and flat["enum"]:
            return next((v for v in flat["enum"] if v is not None), flat["enum"][0])
        for key in ("oneOf", "anyOf"):
            if isinstance(flat.get(key), list) and flat[key]:
                return self._union(flat, key, depth)
        kind = _kind(flat)
        if kind == "object":
            return self._object(flat, refs, depth)
        if kind == "array":
            return self._array(flat, depth)
        for key in ("example", "default"):
            if key in flat and _fits(flat[key], flat, kind):
                return flat[key]
        examples = flat.get("examples")
        if isinstance(examples, list) and examples and _fits(examples[0], flat, kind):
            return examples[0]
        if kind == "integer":
            return _number(flat, integer=True)
        if kind == "number":
            return _number(flat, integer=False)
        if kind == "boolean":
            return True
        if kind == "null":
            return None
        return _string(flat)

    def _union(self, flat: dict[str, Any], key: str, depth: int) -> Any:
        members = flat[key]
        options = [m for m in members if not _is_null(m)] or members
        member = options[0]
        own = {k: v for k, v in flat.items() if k not in (key, "discriminator")}
        if own.get("properties") or own.get("required"):
            # properties beside the union hold too; a member may only add `required` to them
            value = self.value({"allOf": [own, member]}, depth + 1)
        else:
            value = self.value(member, depth + 1)
        discriminator = flat.get("discriminator")
        if isinstance(value, dict) and isinstance(discriminator, dict):
            tag = self._tag(discriminator, *self.flat(member, depth + 1), depth)
            if tag is not None:
                value[str(discriminator.get("propertyName"))] = tag
        return value

    def _object(self, flat: dict[str, Any], refs: list[str], depth: int) -> dict[str, Any]:
        props = flat.get("properties") if isinstance(flat.get("properties"), dict) else {}
        extra = flat.get("additionalProperties")
        out: dict[str, Any] = {}
        for name in dict.fromkeys(flat.get("required") or []):
            if not isinstance(name, str):
                continue
            schema = props.get(name, extra if isinstance(extra, dict) else {})
            out[name] = self.value(schema, depth + 1)
        discriminator = flat.get("discriminator")
        if isinstance(discriminator, dict) and refs:  # inherited through allOf: name this schema
            tag = self._tag(discriminator, flat, refs, depth)
            if tag is not None:
                out[str(discriminator.get("propertyName"))] = tag
        return out

    def _tag(
        self, discriminator: dict[str, Any], flat: dict[str, Any], refs: list[str], depth: int
    ) -> Any:
        """The discriminator value naming the schema `flat`, reached through `refs`: its key in
        the mapping; else the value its property is fixed to (`const`, a one-value `enum`: what
        generators make the tag from); else its component name (the implicit mapping)."""
        mapping = discriminator.get("mapping")
        if isinstance(mapping, dict):
            for ref in refs:
                for key, target in mapping.items():
                    if target == ref or target == component_name(ref):
                        return str(key)
        props = flat.get("properties") if isinstance(flat.get("properties"), dict) else {}
        prop = self.flat(props.get(str(discriminator.get("propertyName")), {}), depth + 1)[0]
        if "const" in prop:
            return prop["const"]
        fixed = [v for v in prop.get("enum") or [] if v is not None]
        if fixed:
            return fixed[0]
        return component_name(refs[0]) if refs else None

    def _array(self, flat: dict[str, Any], depth: int) -> list[Any]:
        count = max(_int(flat.get("minItems"), 1), 1)
        return [self.value(flat.get("items", {}), depth + 1) for _ in range(count)]


def _is_null(schema: Any) -> bool:
    return isinstance(schema, dict) and (
        schema.get("type") == "null" or (schema.get("enum") == [None])
    )


def _kind(flat: dict[str, Any]) -> str | None:
    kind = flat.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind is None:
        if "properties" in flat or "required" in flat or "additionalProperties" in flat:
            return "object"
        if "items" in flat:
            return "array"
    return kind if isinstance(kind, str) else None


def _int(value: Any, default: int) -> int:
    return (
        int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else default
    )


def _fits(value: Any, flat: dict[str, Any], kind: str | None) -> bool:
    """Whether a spec's example/default for a scalar agrees with the schema's constraints."""
    if value is None or isinstance(value, (dict, list)):
        return False
    if kind in ("integer", "number"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        if kind == "integer" and not float(value).is_integer():
            return False
        return _number(flat, integer=kind == "integer", start=value) == value
    if kind == "boolean":
        return isinstance(value, bool)
    if not isinstance(value, str) or kind not in (None, "string"):
        return False
    if str(flat.get("format")) in FORMATS:
        return False  # a canonical value of the format, not a free-form example
    return _string_ok(value, flat)


def _string_ok(text: str, flat: dict[str, Any]) -> bool:
    if len(text) < _int(flat.get("minLength"), 0):
        return False
    if "maxLength" in flat and len(text) > _int(flat.get("maxLength"), len(text)):
        return False
    pattern = flat.get("pattern")
    if isinstance(pattern, str):
        try:
            return re.search(pattern, text) is not None
        except re.error:
            return True  # a pattern Python cannot read: nothing to check it with
    return True


def _string(flat: dict[str, Any]) -> str:
    fmt = str(flat.get("format"))
    if fmt in FORMATS:
        return FORMATS[fmt]
    lo = max(_int(flat.get("minLength"), 1), 1)
    hi = _int(flat.get("maxLength"), max(lo, 64))
    pattern = flat.get("pattern")
    if isinstance(pattern, str):
        for text in _from_pattern(pattern, lo):
            if lo <= len(text) <= hi and _string_ok(text, flat):
                return text
    return "x" * lo


def _number(flat: dict[str, Any], *, integer: bool, start: Any = None) -> Any:
    """`start` (default 1) moved inside the schema's bounds and onto its `multipleOf`."""
    value = float(1 if start is None else start)
    step = flat.get("multipleOf")
    step = float(step) if isinstance(step, (int, float)) and step > 0 else None
    lo, hi = flat.get("minimum"), flat.get("maximum")
    xlo, xhi = flat.get("exclusiveMinimum"), flat.get("exclusiveMaximum")
    nudge = 1.0 if integer else 0.5
    bounds_lo = [float(lo)] if isinstance(lo, (int, float)) and not isinstance(lo, bool) else []
    bounds_hi = [float(hi)] if isinstance(hi, (int, float)) and not isinstance(hi, bool) else []
    if xlo is True and bounds_lo:  # 3.0: a flag on minimum
        bounds_lo = [bounds_lo[0] + nudge]
    elif isinstance(xlo, (int, float)) and not isinstance(xlo, bool):
        bounds_lo.append(float(xlo) + nudge)
    if xhi is True and bounds_hi:
        bounds_hi = [bounds_hi[0] - nudge]
    elif isinstance(xhi, (int, float)) and not isinstance(xhi, bool):
        bounds_hi.append(float(xhi) - nudge)
    if bounds_lo:
        value = max(value, max(bounds_lo))
    if bounds_hi:
        value = min(value, min(bounds_hi))
    if integer:
        value = float(math.ceil(value))
    if step is not None and not math.isclose(value / step, round(value / step)):
        value = math.ceil(value / step) * step
    return int(value) if integer else value


# -- patterns ------------------------------------------------------------------------------------

_PICK = "aA0x_-. "


def _from_pattern(pattern: str, min_length: int) -> list[str]:
    """Short strings the regular expression matches: repeats at their minimum, then stretched
    towards `min_length`. Empty when Python cannot read the pattern."""
    try:
        parsed = _sre_p.parse(pattern)
    except (re.error, OverflowError, RecursionError, ValueError):
        return []
    out = []
    for stretch in (0, 1, max(min_length, 1)):
        try:
            out.append(_build(parsed, stretch, {}))
        except (ValueError, RecursionError, IndexError):
            continue
    return out


def _build(items: Any, stretch: int, groups: dict[int, str]) -> str:
    parts: list[str] = []
    for op, arg in items:
        parts.append(_piece(op, arg, stretch, groups))
    return "".join(parts)


def _piece(op: Any, arg: Any, stretch: int, groups: dict[int, str]) -> str:
    c = _sre_c
    if op is c.LITERAL:
        return chr(arg)
    if op is c.NOT_LITERAL:
        return next(ch for ch in _PICK if ord(ch) != arg)
    if op is c.ANY:
        return "a"
    if op is c.IN:
        return _in(arg)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
        low, high, sub = arg
        count = low
        if stretch and (high is c.MAXREPEAT or high > low):
            count = max(low, stretch if high is c.MAXREPEAT else min(high, stretch))
        return "".join(_build(sub, stretch, groups) for _ in range(count))
    if op is c.SUBPATTERN:
        group, sub = arg[0], arg[-1]
        text = _build(sub, stretch, groups)
        if group is not None:
            groups[group] = text
        return text
    if op is getattr(c, "ATOMIC_GROUP", None):
        return _build(arg, stretch, groups)
    if op is c.BRANCH:
        return _build(arg[1][0], stretch, groups)
    if op is c.GROUPREF:
        return groups.get(arg, "")
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return ""
    if op is c.CATEGORY:
        return _category(arg)
    raise ValueError(f"unsupported regular expression item {op}")


def _category(cat: Any) -> str:
    c = _sre_c
    if cat in (c.CATEGORY_DIGIT,):
        return "0"
    if cat in (c.CATEGORY_SPACE,):
        return " "
    if cat in (c.CATEGORY_NOT_DIGIT, c.CATEGORY_WORD, c.CATEGORY_NOT_SPACE):
        return "a"
    if cat in (c.CATEGORY_NOT_WORD,):
        return "-"
    raise ValueError(f"unsupported category {cat}")


def _in(items: Any) -> str:
    c = _sre_c
    negate = any(op is c.NEGATE for op, _ in items)
    chosen: list[str] = []

    def allowed(ch: str) -> bool:
        for op, arg in items:
            if op is c.LITERAL and ord(ch) == arg:
                return True
            if op is c.RANGE and arg[0] <= ord(ch) <= arg[1]:
                return True
            if op is c.CATEGORY and re.fullmatch(_CATEGORY_RE.get(arg, "(?!)"), ch):
                return True
        return False

    if negate:
        for ch in _PICK + "bcdefghijklmnopqrstuvwyz":
            if not allowed(ch):
                return ch
        raise ValueError("no character outside the negated set")
    for op, arg in items:
        if op is c.LITERAL:
            chosen.append(chr(arg))
        elif op is c.RANGE:
            chosen.append(chr(arg[0]))
        elif op is c.CATEGORY:
            chosen.append(_category(arg))
    if not chosen:
        raise ValueError("empty character set")
    # a letter or digit reads better than punctuation when the set offers one
    return next((ch for ch in chosen if ch.isalnum()), chosen[0])


_CATEGORY_RE: dict[Any, str] = {
    _sre_c.CATEGORY_DIGIT: r"\d",
    _sre_c.CATEGORY_NOT_DIGIT: r"\D",
    _sre_c.CATEGORY_SPACE: r"\s",
    _sre_c.CATEGORY_NOT_SPACE: r"\S",
    _sre_c.CATEGORY_WORD: r"\w",
    _sre_c.CATEGORY_NOT_WORD: r"\W",
}
