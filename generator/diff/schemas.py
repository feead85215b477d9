"""Comparing two schemas in a direction (request or response), recursively, models once per pair.

Inputs are the IR's own schema view: the models document (component schemas under apigen's class
names, inline object and enum schemas already lifted into models) and, for parameters and bodies,
the IR's types (ir/types.py) written as small schemas. Each (old model, new model,
direction) pair is compared once; its changes are attached afterwards to every operation reaching
it (see `Context.finish`), so a property removed from a model used by 40 operations is one change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from ..ir.model import Constraints
from ..ir.types import (
    Alias,
    AnyObject,
    Bytes,
    File,
    ListOf,
    Literal,
    MapOf,
    ModelRef,
    NoneType,
    OrFile,
    Primitive,
    TypeExpr,
    enum_values,
    wire_parts,
)
from ..validate.messages import json_type
from .model import SCHEMAS_PREFIX, Context, PairRecord, Side, escape_token

REQUEST, RESPONSE = "request", "response"
PairKey = tuple[str, str, str]

# Formats that change the Python type of a string (datetime, date, UUID, bytes, ...).
TYPED_FORMATS = frozenset(
    {"date-time", "date", "time", "uuid", "binary", "uri", "email", "ipv4", "ipv6", "duration"}
)
CONSTRAINT_KEYS = (
    "maxLength",
    "minLength",
    "maxItems",
    "minItems",
    "maximum",
    "minimum",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "pattern",
)
_KEEP = ("default", "x-default-repr", "readOnly", "writeOnly", *CONSTRAINT_KEYS)


@dataclass(frozen=True)
class Where:
    label: str  # "Pet.name", "request body", "query parameter limit"
    pointer: str  # in the new spec
    operation: str = ""  # set when the change belongs to one operation (owner is None)
    owner: PairKey | None = None  # set inside a model pair
    enum_model: bool = False  # at the root of an enum model class (python-enum-member-removed)
    model_root: bool = False  # comparing two model classes themselves (not a use of them)
    note: str = (
        ""  # appended to messages: " (in place of OldModel)" when a use now points elsewhere
    )

    def child(self, suffix: str, pointer_suffix: str) -> Where:
        return Where(
            f"{self.label}{suffix}",
            self.pointer + pointer_suffix,
            self.operation,
            self.owner,
            note=self.note,
        )

    def prop(self, name: str, pointer: str) -> Where:
        return Where(f"{self.label}.{name}", pointer, self.operation, self.owner, note=self.note)


@dataclass
class Facts:
    """The parts of a schema a diff looks at, after $ref / allOf-of-one / nullable wrappers."""

    node: dict[str, Any]
    model: str | None = None  # class name when the node is (a ref to) a model
    nullable: bool = False  # anywhere along the use: the site, its wrappers, the model it names
    types: frozenset[str] = frozenset()  # non-null JSON types; empty = anything
    format: str = ""
    enum: tuple[str, ...] | None = None  # canonical JSON of the non-null values
    properties: dict[str, Any] = field(default_factory=dict)
    prop_pointers: dict[str, str] = field(
        default_factory=dict
    )  # suffix ("/properties/x") or "#abs"
    required: frozenset[str] = frozenset()
    items: Any = None
    additional: Any = None
    members: list[Any] = field(
        default_factory=list
    )  # oneOf / anyOf with more than one non-null member
    keep: dict[str, Any] = field(default_factory=dict)  # constraints, default, readOnly, writeOnly


def _types(node: dict[str, Any]) -> list[str]:
    declared = node.get("type")
    if isinstance(declared, list):
        return [t for t in declared if isinstance(t, str)]
    return [declared] if isinstance(declared, str) else []


def _is_null(node: Any) -> bool:
    return isinstance(node, dict) and (_types(node) == ["null"] or node.get("enum") == [None])


def canon(value: Any) -> str:
    try:
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


def facts(side: Side, node: Any, _depth: int = 0) -> Facts:
    keep: dict[str, Any] = {}
    nullable = False
    model: str | None = None
    cur: Any = node
    for _ in range(40):
        if not isinstance(cur, dict):
            cur = {}
            break
        enum_list = cur.get("enum")
        if (
            cur.get("nullable") is True
            or "null" in _types(cur)
            or (isinstance(enum_list, list) and None in enum_list)
        ):
            nullable = True
        for key in _KEEP:
            if key in cur and key not in keep:
                keep[key] = cur[key]
        ref = cur.get("$ref")
        if ref is not None:
            name = side.ref_target(ref)
            if name is None:
                cur = {}
                break
            if model is None:
                model = name
            cur = side.schemas[name]
            continue
        unwrapped = None
        for combinator in ("anyOf", "oneOf"):
            members = cur.get(combinator)
            if isinstance(members, list) and members and not cur.get("properties"):
                real = [m for m in members if not _is_null(m)]
                if len(real) < len(members):
                    nullable = True
                if len(real) == 1:
                    unwrapped = real[0]
                break
        if unwrapped is None:
            all_of = cur.get("allOf")
            if isinstance(all_of, list) and len(all_of) == 1 and not cur.get("properties"):
                unwrapped = all_of[0]
        if unwrapped is None:
            break
        cur = unwrapped
    result = Facts(cur, model=model, nullable=nullable, keep=keep)
    types = [t for t in _types(cur) if t != "null"]
    values = cur.get("enum")
    if "const" in cur:
        values = [cur["const"]]
    if isinstance(values, list):
        real_values = [v for v in values if v is not None]
        result.enum = tuple(sorted(canon(v) for v in real_values))
        if not types:
            types = sorted({json_type(v) for v in real_values})
    fmt = cur.get("format")
    result.format = fmt if isinstance(fmt, str) else ""
    props = cur.get("properties")
    if isinstance(props, dict):
        result.properties.update(props)
        result.prop_pointers.update({p: f"/properties/{escape_token(str(p))}" for p in props})
    required = {r for r in cur.get("required") or [] if isinstance(r, str)}
    all_of = cur.get("allOf")
    if isinstance(all_of, list) and len(all_of) > 1 and _depth < 10:
        for index, member in enumerate(all_of):
            sub = facts(side, member, _depth + 1)
            base = side.infos[sub.model].pointer if sub.model and sub.model in side.infos else ""
            for prop, schema in sub.properties.items():
                if prop not in result.properties:
                    result.properties[prop] = schema
                    suffix = sub.prop_pointers.get(prop, "")
                    result.prop_pointers[prop] = (
                        f"#{base}{suffix}" if sub.model else f"/allOf/{index}{suffix}"
                    )
            required |= sub.required
            if not types and sub.types:
                types = sorted(sub.types)
    result.required = frozenset(required)
    if isinstance(cur.get("items"), dict):
        result.items = cur["items"]
    if isinstance(cur.get("additionalProperties"), dict) and cur["additionalProperties"]:
        result.additional = cur["additionalProperties"]
    for combinator in ("oneOf", "anyOf"):
        members = cur.get(combinator)
        if isinstance(members, list):
            real = [m for m in members if not _is_null(m)]
            if len(real) > 1:
                result.members = real
                break
    if not types:
        if result.properties or result.additional is not None:
            types = ["object"]
        elif result.items is not None:
            types = ["array"]
    result.types = frozenset(types)
    return result


def describe(f: Facts) -> str:
    if f.model:
        return f.model
    if f.members:
        return "oneOf"
    text = "|".join(sorted(f.types)) or "any"
    if f.format in TYPED_FORMATS:
        text += f"({f.format})"
    return text


# ---- the IR's types as schemas -------------------------------------------------------------------
def _part_schema(part: TypeExpr, enum: tuple[object, ...]) -> dict[str, Any]:
    """One wire alternative of a type as a small schema; `enum`: the values an enum part lists."""
    if isinstance(part, Primitive):
        return {"type": part.type}
    if isinstance(part, NoneType):
        return {"type": "null"}
    if isinstance(part, (Bytes, File, OrFile)):
        return {"type": "string", "format": "binary"}
    if isinstance(part, AnyObject):
        return {"type": "object"}
    if isinstance(part, ListOf):
        return {"type": "array", "items": _schema(part.item, ())}
    if isinstance(part, MapOf):
        return {"type": "object", "additionalProperties": _schema(part.value, ())}
    if isinstance(part, (ModelRef, Alias)):
        return {"$ref": SCHEMAS_PREFIX + part.name}
    if isinstance(part, Literal):
        return {"const": part.values[0]} if part.const else {"enum": list(enum)}
    return {}


def _schema(t: TypeExpr, enum: tuple[object, ...]) -> dict[str, Any]:
    # Every enum alternative lists the values of all the type's enums, and an enum inside a list
    # or a map lists none: what the comparison has always been given (changing it changes reports).
    parts = [_part_schema(p, enum) for p in wire_parts(t)]
    if len(parts) == 1:
        return parts[0]
    return {"anyOf": parts}


def type_schema(t: TypeExpr | None, constraints: Constraints | None = None) -> dict[str, Any]:
    """An IR type (plus the IR's request constraints) as a schema the comparison understands."""
    if t is None:
        return {}
    schema = _schema(t, enum_values(t))
    if constraints is not None:
        default = constraints.default
        extra = {
            "maxLength": constraints.max_length,
            "minLength": constraints.min_length,
            "maximum": constraints.maximum,
            "minimum": constraints.minimum,
            "pattern": constraints.pattern,
            "maxItems": constraints.max_items,
            "x-default-repr": repr(default.value) if default is not None else None,
        }
        extra = {k: v for k, v in extra.items() if v is not None}
        if extra:
            schema = (
                {"allOf": [schema], **extra}
                if "$ref" in schema or "anyOf" in schema
                else {**schema, **extra}
            )
    return schema


def body_schema(side: Side, t: TypeExpr, pointer: str) -> dict[str, Any]:
    """A body's schema: the IR's type, except for an inline composed schema (`allOf` of several
    members written in place, which the IR types as a plain dict) when the original document is
    known: then the schema itself, so `facts` compares its merged properties."""
    if not t.model_refs:
        raw = side.raw(pointer)
        members = raw.get("allOf") if isinstance(raw, dict) else None
        if isinstance(raw, dict) and isinstance(members, list) and len(members) > 1:
            rewritten = side.rewritten(raw)
            return rewritten if isinstance(rewritten, dict) else {}
    return type_schema(t)


# ---- comparison ---------------------------------------------------------------------------------
def emit(
    ctx: Context,
    where: Where,
    rule_id: str,
    message: str,
    *,
    subject: str = "",
    pointer: str = "",
    old: Any = "",
    new: Any = "",
) -> None:
    from .model import Change

    change = Change(
        rule_id,
        message + where.note,
        operation=where.operation if where.owner is None else "",
        subject=subject or where.label,
        pointer=pointer or where.pointer,
        old=str(old),
        new=str(new),
    )
    if where.owner is None:
        ctx.changes.append(change)
    else:
        ctx.pairs[where.owner].changes.append(change)


def _link(ctx: Context, where: Where, key: PairKey) -> None:
    if where.owner is None:
        ctx.op_entries.setdefault(where.operation, set()).add(key)
    else:
        ctx.pairs[where.owner].children.add(key)


def compare(ctx: Context, old: Any, new: Any, direction: str, where: Where) -> None:
    """Compare two schemas at a use site; model pairs are queued and compared by `drain`."""
    of, nf = facts(ctx.old, old), facts(ctx.new, new)
    _compare_facts(ctx, of, nf, direction, where, 0)


def drain(ctx: Context) -> None:
    queue = ctx.pair_queue
    while queue:
        key, arrived = queue.pop()
        old_name, new_name, direction = key
        pointer = ctx.model_pointer(new_name, arrived)
        info = ctx.new.infos.get(new_name)
        # Whenever a use now points at another class, say which: "Issue.labels[] can now also be
        # string (in place of IssueSimple)" is a change only for the uses that held IssueSimple.
        note = f" (in place of {old_name})" if old_name != new_name else ""
        where = Where(
            new_name,
            pointer,
            owner=key,
            enum_model=bool(info and info.kind == "enum"),
            model_root=True,
            note=note,
        )
        of = facts(ctx.old, ctx.old.schemas.get(old_name, {}))
        nf = facts(ctx.new, ctx.new.schemas.get(new_name, {}))
        _compare_facts(ctx, of, nf, direction, where, 0)


def _pair(ctx: Context, old_name: str, new_name: str, direction: str, where: Where) -> None:
    key = (old_name, new_name, direction)
    _link(ctx, where, key)
    if key in ctx.pairs:
        return
    ctx.pairs[key] = PairRecord()
    if old_name != new_name and old_name not in ctx.new.infos:
        ctx.renamed_models.setdefault(old_name, new_name)
    ctx.pair_queue.append((key, where.pointer))


def _compare_facts(
    ctx: Context, o: Facts, n: Facts, direction: str, where: Where, depth: int
) -> None:
    if depth > 30:
        return
    request = direction == REQUEST
    # -- nullability and defaults belong to the use site, even when both sides are models. It is
    # judged after resolving every wrapper: `{nullable: true, allOf: [$ref: X]}` and
    # `$ref: NullableX` (a copy of X with `nullable: true`) are the same nullable X. A model pair's
    # own root is not a use: its nullability was judged where it is used.
    nullable_o = o.nullable and not where.model_root
    nullable_n = n.nullable and not where.model_root
    if not request and nullable_n and not nullable_o:
        emit(
            ctx,
            where,
            "response-became-nullable",
            f"{where.label} can now be null",
            old="not nullable",
            new="nullable",
        )
    if request and nullable_o and not nullable_n:
        emit(
            ctx,
            where,
            "request-became-not-nullable",
            f"{where.label} no longer accepts null",
            old="nullable",
            new="not nullable",
        )
    if request:
        old_default, new_default = _default(o), _default(n)
        if old_default != new_default:
            emit(
                ctx,
                where,
                "request-default-changed",
                f"default of {where.label} changed from {old_default or 'none'} to {new_default or 'none'}",
                old=old_default or "",
                new=new_default or "",
            )
    if o.model and n.model:
        _pair(ctx, o.model, n.model, direction, where)
        return
    # -- unions
    if o.members or n.members:
        _compare_unions(ctx, o, n, direction, where, depth)
        return
    # -- types
    if o.types and n.types and not _type_compatible(o.types, n.types, request):
        rule_id = "request-type-changed" if request else "response-type-changed"
        emit(
            ctx,
            where,
            rule_id,
            f"type of {where.label} changed from {describe(o)} to {describe(n)}",
            old=describe(o),
            new=describe(n),
        )
        return
    if request and o.types and n.types and o.types != n.types:
        emit(
            ctx,
            where,
            "server-request-type-widened",
            f"type of {where.label} widened from {describe(o)} to {describe(n)}: the implementation receives it",
            old=describe(o),
            new=describe(n),
        )
    if "string" in o.types and "string" in n.types:
        old_fmt = o.format if o.format in TYPED_FORMATS else ""
        new_fmt = n.format if n.format in TYPED_FORMATS else ""
        if old_fmt != new_fmt and not (request and not new_fmt):
            if request:
                emit(
                    ctx,
                    where,
                    "request-type-changed",
                    f"format of {where.label} changed from {old_fmt or 'none'} to {new_fmt}",
                    old=old_fmt,
                    new=new_fmt,
                )
            else:
                emit(
                    ctx,
                    where,
                    "python-field-type-changed",
                    f"format of {where.label} changed from {old_fmt or 'none'} to {new_fmt or 'none'}: its Python type changes",
                    old=old_fmt,
                    new=new_fmt,
                )
            return
    _compare_enums(ctx, o, n, direction, where)
    if request:
        _compare_constraints(ctx, o, n, where)
    _compare_properties(ctx, o, n, direction, where, depth)
    if o.items is not None and n.items is not None:
        _compare_facts(
            ctx,
            facts(ctx.old, o.items),
            facts(ctx.new, n.items),
            direction,
            where.child("[]", "/items"),
            depth + 1,
        )
    if o.additional is not None and n.additional is not None:
        _compare_facts(
            ctx,
            facts(ctx.old, o.additional),
            facts(ctx.new, n.additional),
            direction,
            where.child("{}", "/additionalProperties"),
            depth + 1,
        )


def _default(f: Facts) -> str | None:
    if "x-default-repr" in f.keep:
        return str(f.keep["x-default-repr"])
    if "default" in f.keep:
        return canon(f.keep["default"])
    return None


def _type_compatible(old: frozenset[str], new: frozenset[str], request: bool) -> bool:
    """Request: the new type accepts every old one. Response: the new type is one the old allowed."""

    def accepts(types: frozenset[str], t: str) -> bool:
        return t in types or (t == "integer" and "number" in types)

    if request:
        return all(accepts(new, t) for t in old)
    return all(accepts(old, t) for t in new)


def _compare_enums(ctx: Context, o: Facts, n: Facts, direction: str, where: Where) -> None:
    if o.enum is None and n.enum is None:
        return
    old_values = set(o.enum or ())
    new_values = set(n.enum or ())
    if direction == REQUEST:
        added = (new_values - old_values) if o.enum is not None else set()
        if added or (o.enum is not None and n.enum is None):
            what = _values(added) if added else "any value (no longer an enum)"
            emit(
                ctx,
                where,
                "server-request-enum-value-added",
                f"{where.label} can now be {what}: the implementation receives it",
                new=what,
            )
        if n.enum is not None and o.enum is None:
            emit(
                ctx,
                where,
                "request-enum-value-removed",
                f"{where.label} became an enum of {len(new_values)} value(s)",
                old="any",
                new=_values(new_values),
            )
        elif n.enum is not None:
            gone = old_values - new_values
            if gone:
                emit(
                    ctx,
                    where,
                    "request-enum-value-removed",
                    f"{where.label} no longer accepts {_values(gone)}",
                    old=_values(gone),
                )
    else:
        if o.enum is not None:
            added = (new_values - old_values) if n.enum is not None else set()
            if added or n.enum is None:
                what = _values(added) if added else "any value (no longer an enum)"
                emit(
                    ctx,
                    where,
                    "response-enum-value-added",
                    f"{where.label} can now be {what}",
                    new=what,
                )
                emit(
                    ctx,
                    where,
                    "python-response-enum-widened",
                    f"{where.label} can now be {what}; strict clients reject it",
                    new=what,
                )
    if where.enum_model and o.enum is not None and n.enum is not None:
        gone = old_values - new_values
        if gone:
            emit(
                ctx,
                where,
                "python-enum-member-removed",
                f"enum {where.label} lost member(s) {_values(gone)}",
                old=_values(gone),
            )


def _values(values: set[str]) -> str:
    items = sorted(values)
    text = ", ".join(items[:8])
    return text + (f" (+{len(items) - 8} more)" if len(items) > 8 else "")


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


# (keyword, which way is tighter, rule): a request constraint that tightens rejects old callers.
_NARROWING = (
    ("maxLength", "lower", "request-length-narrowed"),
    ("maxItems", "lower", "request-length-narrowed"),
    ("minLength", "higher", "request-length-narrowed"),
    ("minItems", "higher", "request-length-narrowed"),
    ("maximum", "lower", "request-range-narrowed"),
    ("exclusiveMaximum", "lower", "request-range-narrowed"),
    ("minimum", "higher", "request-range-narrowed"),
    ("exclusiveMinimum", "higher", "request-range-narrowed"),
)


def _compare_constraints(ctx: Context, o: Facts, n: Facts, where: Where) -> None:
    for key, tighter, rule in _NARROWING:
        old, new = _number(o.keep.get(key)), _number(n.keep.get(key))
        if new is None or old == new:
            continue
        if old is None or (new < old if tighter == "lower" else new > old):
            emit(
                ctx,
                where,
                rule,
                f"{key} of {where.label} {'set to' if old is None else 'changed from ' + _fmt(old) + ' to'} {_fmt(new)}",
                old=_fmt(old),
                new=_fmt(new),
            )
    old_pattern, new_pattern = o.keep.get("pattern"), n.keep.get("pattern")
    if isinstance(new_pattern, str) and new_pattern != old_pattern:
        emit(
            ctx,
            where,
            "request-pattern-changed",
            f"pattern of {where.label} {'added' if old_pattern is None else 'changed'}: {new_pattern}",
            old=old_pattern or "",
            new=new_pattern,
        )


def _fmt(value: float | None) -> str:
    if value is None:
        return "none"
    return str(int(value)) if value == int(value) else str(value)


def _prop_pointer(where: Where, f: Facts, prop: str) -> str:
    suffix = f.prop_pointers.get(prop, "")
    if suffix.startswith("#"):
        return suffix[1:]
    return where.pointer + suffix


def _compare_properties(
    ctx: Context, o: Facts, n: Facts, direction: str, where: Where, depth: int
) -> None:
    if not o.properties and not n.properties:
        return
    request = direction == REQUEST
    for prop, old_schema in o.properties.items():
        old_schema = old_schema if isinstance(old_schema, dict) else {}
        label = f"{where.label}.{prop}"
        if prop not in n.properties:
            if where.owner is not None:
                emit(
                    ctx,
                    where,
                    "python-model-field-removed",
                    f"field {label} removed",
                    subject=label,
                )
            if request:
                if not old_schema.get("readOnly"):
                    emit(
                        ctx,
                        where,
                        "request-property-removed",
                        f"request property {label} removed",
                        subject=label,
                    )
            elif not old_schema.get("writeOnly"):
                if prop in o.required:
                    emit(
                        ctx,
                        where,
                        "response-required-property-removed",
                        f"required response property {label} removed",
                        subject=label,
                    )
                else:
                    emit(
                        ctx,
                        where,
                        "response-optional-property-removed",
                        f"optional response property {label} removed",
                        subject=label,
                    )
            continue
        new_schema = n.properties[prop] if isinstance(n.properties[prop], dict) else {}
        child = where.prop(str(prop), _prop_pointer(where, n, prop))
        if request and (new_schema.get("readOnly") or old_schema.get("readOnly")):
            continue
        if not request and (new_schema.get("writeOnly") or old_schema.get("writeOnly")):
            continue
        if request and prop in n.required and prop not in o.required:
            emit(
                ctx,
                child,
                "request-property-became-required",
                f"request property {label} became required",
            )
        if not request and prop in o.required and prop not in n.required:
            emit(
                ctx,
                child,
                "response-property-became-optional",
                f"response property {label} became optional (may be missing)",
            )
        if request and prop in o.required and prop not in n.required:
            emit(
                ctx,
                child,
                "server-request-property-became-optional",
                f"request property {label} became optional: the implementation may get None",
            )
        if not request and prop in n.required and prop not in o.required:
            emit(
                ctx,
                child,
                "server-response-property-became-required",
                f"response property {label} became required: the implementation must return it",
            )
        _compare_facts(
            ctx, facts(ctx.old, old_schema), facts(ctx.new, new_schema), direction, child, depth + 1
        )
    if not request:
        for prop, new_schema in n.properties.items():
            if prop in o.properties or prop not in n.required:
                continue
            if isinstance(new_schema, dict) and new_schema.get("writeOnly"):
                continue
            label = f"{where.label}.{prop}"
            emit(
                ctx,
                where,
                "server-response-property-added-required",
                f"new required response property {label}: the implementation must return it",
                subject=label,
                pointer=_prop_pointer(where, n, prop),
            )
    if request:
        for prop, new_schema in n.properties.items():
            if prop in o.properties or prop not in n.required:
                continue
            if isinstance(new_schema, dict) and new_schema.get("readOnly"):
                continue
            label = f"{where.label}.{prop}"
            emit(
                ctx,
                where,
                "request-property-added-required",
                f"new required request property {label}",
                subject=label,
                pointer=_prop_pointer(where, n, prop),
            )


def _member_id(f: Facts) -> str:
    if f.model:
        return f"model:{f.model}"
    return f"shape:{describe(f)}:{f.enum}"


def _compare_unions(
    ctx: Context, o: Facts, n: Facts, direction: str, where: Where, depth: int
) -> None:
    old_members = [facts(ctx.old, m) for m in o.members] if o.members else [o]
    new_members = [facts(ctx.new, m) for m in n.members] if n.members else [n]
    old_left = list(range(len(old_members)))
    new_left = list(range(len(new_members)))
    pairs: list[tuple[int, int]] = []
    for i in list(old_left):
        ident = _member_id(old_members[i])
        for j in new_left:
            if _member_id(new_members[j]) == ident or (
                old_members[i].model
                and old_members[i].model == ctx.renamed_models.get(str(new_members[j].model))
            ):
                pairs.append((i, j))
                old_left.remove(i)
                new_left.remove(j)
                break
    # Leftovers pair up by JSON type, then in order (a renamed member model is the same member).
    for i in list(old_left):
        same = [j for j in new_left if new_members[j].types == old_members[i].types]
        if same:
            pairs.append((i, same[0]))
            old_left.remove(i)
            new_left.remove(same[0])
    while old_left and new_left:
        pairs.append((old_left.pop(0), new_left.pop(0)))
    for i, j in pairs:
        om, nm = old_members[i], new_members[j]
        if om is o or nm is n:
            # one side is not a union: compare the plain schema against its counterpart member
            om = replace(om, members=[], nullable=False) if om is o else om
            nm = replace(nm, members=[], nullable=False) if nm is n else nm
        _compare_facts(ctx, om, nm, direction, where, depth + 1)
    if direction == RESPONSE and new_left:
        added = ", ".join(describe(new_members[j]) for j in new_left)
        emit(
            ctx,
            where,
            "python-response-union-widened",
            f"{where.label} can now also be {added}; strict clients reject it",
            new=added,
        )
    elif direction == REQUEST and old_left:
        gone = ", ".join(describe(old_members[i]) for i in old_left)
        emit(
            ctx, where, "request-type-changed", f"{where.label} no longer accepts {gone}", old=gone
        )
