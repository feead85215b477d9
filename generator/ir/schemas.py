"""Schemas: class names for every model, inline schemas lifted into named models, and type annotations.

Why lift inline schemas ourselves: datamodel-code-generator names an inline object after its field
(`Type`, `Data`, ...) and numbers the collisions (`Type1` ... `Type749` on the OpenAI spec). We give
every model-worthy inline schema a parent-scoped name (`ChatCompletionToolFunction`) before the
models stage runs, so class names mean something and are known here, where the client is typed.
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from ..load import pointer as jp
from .model import Identifier, ModelInfo, SpecText
from .naming import pascal, unique, words
from .types import (
    Alias,
    AnyObject,
    AnyType,
    ListOf,
    Literal,
    MapOf,
    ModelRef,
    NoneType,
    Primitive,
    TypeExpr,
    union,
)
from .types import nullable as or_null

SCHEMAS_PREFIX = "#/components/schemas/"

# Class names the models module itself imports; a schema named like one would shadow it.
RESERVED_CLASS_NAMES = frozenset(
    {
        "Any",
        "AwareDatetime",
        "BaseModel",
        "ConfigDict",
        "Enum",
        "Field",
        "Literal",
        "Optional",
        "RootModel",
        "Union",
        "List",
        "Dict",
        "Annotated",
        "UUID",
        "AnyUrl",
        "date",
        "datetime",
        "time",
        "timedelta",
        "Decimal",
        "NaiveDatetime",
        "StrEnum",
        "IntEnum",
        "Path",
        "Model",
        "Json",
        "SecretStr",
        "EmailStr",
        "constr",
        "conint",
        "confloat",
        "conlist",
        "Base64Str",
        "TypeAlias",  # scalar aliases (`Name: TypeAlias = str`, generator/models/type_aliases.py)
    }
)
_PRIMITIVES = ("string", "integer", "number", "boolean")


escape_pointer_token, unescape_pointer_token = jp.escape, jp.unescape  # load/pointer.py's


def _types_of(schema: dict[str, Any]) -> list[str]:
    declared = schema.get("type")
    if isinstance(declared, list):
        return [t for t in declared if isinstance(t, str)]
    if isinstance(declared, str):
        return [declared]
    return []


def _is_nullable(schema: dict[str, Any]) -> bool:
    return schema.get("nullable") is True or "null" in _types_of(schema)


def is_object_model(schema: dict[str, Any]) -> bool:
    """An object with declared properties: it deserves a class of its own."""
    types = _types_of(schema)
    props = schema.get("properties")
    return isinstance(props, dict) and bool(props) and (not types or "object" in types)


def is_enum_model(schema: dict[str, Any]) -> bool:
    values = schema.get("enum")
    return isinstance(values, list) and len([v for v in values if v is not None]) > 1


def is_const_union(schema: dict[str, Any]) -> bool:
    """A oneOf/anyOf of `const`s (and `{type: null}`s), two members at least, one a const:
    datamodel-code-generator makes an Enum class of it, named after its field unless lifted."""
    for combinator in ("anyOf", "oneOf"):
        members = schema.get(combinator)
        if not isinstance(members, list) or not members:
            continue
        consts = 0
        for member in members:
            if not isinstance(member, dict):
                return False
            if "const" not in member and _types_of(member) == ["null"]:
                continue
            if "const" not in member or any(
                k in member for k in ("$ref", "properties", "oneOf", "anyOf", "allOf")
            ):
                return False
            consts += member["const"] is not None
        return len(members) > 1 and consts > 0
    return False


def is_enum_class(schema: dict[str, Any]) -> bool:
    """An enum datamodel-code-generator makes a class of, named after its field unless lifted:
    two values or more, null and repeats counted (`[a, null]`, `[a, a]`), one not null."""
    values = schema.get("enum")
    return isinstance(values, list) and len(values) > 1 and any(v is not None for v in values)


def _null_members(schema: dict[str, Any]) -> list[Any]:
    """The `{type: null}` members of a oneOf/anyOf."""
    members = schema.get("anyOf", schema.get("oneOf"))
    return [
        m
        for m in (members if isinstance(members, list) else [])
        if isinstance(m, dict) and "const" not in m and _types_of(m) == ["null"]
    ]


def _single_inline_part(schema: dict[str, Any]) -> dict[str, Any] | None:
    """`allOf: [{...}]` with one inline part (annotation parts aside) as that part, the keywords
    beside the allOf and in the annotation parts added; None when not that shape or when a
    keyword that is not an annotation would take two values."""
    all_of = schema.get("allOf")
    content = content_parts(all_of) if isinstance(all_of, list) else []
    if len(content) != 1 or not isinstance(content[0], dict) or "$ref" in content[0]:
        return None
    merged = dict(content[0])
    extra = [p for p in all_of if is_annotation_only(p)]  # type: ignore[union-attr]
    for source in [*extra, {k: v for k, v in schema.items() if k != "allOf"}]:
        for k, v in source.items():
            if k in merged and merged[k] != v and k not in ANNOTATION_KEYWORDS:
                return None
            merged[k] = v
    return merged


def is_composed_model(schema: dict[str, Any]) -> bool:
    """An inline allOf of several parts: datamodel-code-generator makes a class of it."""
    all_of = schema.get("allOf")
    return isinstance(all_of, list) and len(content_parts(all_of)) > 1


# Keywords that annotate a schema without constraining its shape: an allOf part made of them only
# (`allOf: [{$ref: X}, {nullable: true}]`, OpenAI's way of making a reference nullable) is no part.
ANNOTATION_KEYWORDS = frozenset(
    {"nullable", "description", "title", "default", "readOnly", "writeOnly", "deprecated"}
    | {"example", "examples"}
)


def is_annotation_only(part: Any) -> bool:
    return isinstance(part, dict) and bool(part) and set(part) <= ANNOTATION_KEYWORDS


def content_parts(all_of: list[Any]) -> list[Any]:
    """The parts of an allOf that are not annotations only."""
    return [part for part in all_of if not is_annotation_only(part)]


_COMPONENT_KINDS = {"responses": "Response", "requestBodies": "Request", "parameters": "Param"}


def _component_hint(pointer: str) -> str:
    """The name an inline schema of a shared component (a response, request body or parameter
    under `/components`) is named from: the component's, e.g. `service_unavailable` for
    `/components/responses/service_unavailable/content/...`, not the first operation that uses
    it (which changes when an operation is added before it). "" elsewhere."""
    steps = pointer.split("/")
    if len(steps) < 5 or steps[1] != "components" or steps[2] not in _COMPONENT_KINDS:
        return ""
    name = unescape_pointer_token(steps[3])
    return f"{name} {_COMPONENT_KINDS[steps[2]]}" if words(name) else ""


def is_discriminated_union(schema: dict[str, Any]) -> bool:
    """A oneOf/anyOf of several members with a discriminator."""
    members = schema.get("oneOf", schema.get("anyOf"))
    return (
        isinstance(members, list)
        and len(members) > 1
        and isinstance(schema.get("discriminator"), dict)
    )


def _variant_hint(schema: dict[str, Any], index: int) -> str:
    """A name for one member of a oneOf/anyOf: its title, its `type` tag, its kind, or its position."""
    title = schema.get("title")
    if isinstance(title, str) and words(title):
        return title
    props = schema.get("properties")
    if isinstance(props, dict):
        for tag in ("type", "kind", "object", "event", "role"):
            tag_schema = props.get(tag)
            if isinstance(tag_schema, dict):
                const = tag_schema.get("const")
                values = tag_schema.get("enum")
                if isinstance(const, str) and words(const):
                    return const
                if (
                    isinstance(values, list)
                    and len(values) == 1
                    and isinstance(values[0], str)
                    and words(values[0])
                ):
                    return values[0]
        if props:
            return "Object"
    if is_enum_model(schema):
        return "Enum"
    if is_composed_model(schema):
        return "Composed"
    if _types_of(schema) == ["array"]:
        return "List"
    return f"Variant{index + 1}"


_SHARED = (str, int, float, bool, type(None))  # immutable: a copy may share them


def _copy_tree(node: Any) -> Any:
    """A copy of a schema (JSON-like dicts and lists) for the registry to rewrite: the containers
    are new, the strings and numbers shared. `copy.deepcopy`'s result, without its bookkeeping (a
    third of the IR's time on Stripe); anything else (a YAML set, a dict subclass) is deep-copied
    as before. A container met twice (a YAML alias) is copied twice: each copy is rewritten once."""
    kind = type(node)
    if kind is dict:
        return {key: _copy_tree(value) for key, value in node.items()}
    if kind is list:
        return [_copy_tree(value) for value in node]
    if isinstance(node, _SHARED):
        return node
    return copy.deepcopy(node)


class SchemaRegistry:
    """The models document under construction, and the type of any schema against it."""

    def __init__(self, document: dict[str, Any]) -> None:
        self._document = document
        components = document.get("components") or {}
        originals = components.get("schemas") or {}
        if not isinstance(originals, dict):
            originals = {}
        self._taken: set[str] = set(RESERVED_CLASS_NAMES)
        self._by_shape: dict[str, str] = {}  # a component's body -> its class name
        self._by_inline_shape: dict[str, str] = {}  # an operation's inline schema -> class name
        self._by_pointer: dict[str, str] = {}  # where an inline schema is -> its name
        self.class_names: dict[str, str] = {}  # original key -> class name
        for key in originals:
            name: str = pascal(str(key))
            if name in RESERVED_CLASS_NAMES:
                name = pascal(f"{key} Model")
            self.class_names[str(key)] = unique(name, self._taken, sep="")
        # The models document: renamed keys, refs rewritten, inline models lifted.
        self.schemas: dict[str, dict[str, Any]] = {}
        self.infos: dict[str, ModelInfo] = {}
        for key, schema in originals.items():
            name = self.class_names[str(key)]
            body = self._rewrite_refs(_copy_tree(schema)) if isinstance(schema, dict) else {}
            self.schemas[name] = body
            self._by_shape.setdefault(json.dumps(body, sort_keys=True, default=str), name)
            self.infos[name] = ModelInfo(
                class_name=Identifier(name),
                schema_name=SpecText(key),
                pointer=f"/components/schemas/{escape_pointer_token(str(key))}",
                kind="root",
            )
        for name, info in self.infos.items():  # allOf parts may be components met later
            self.infos[name] = replace(info, kind=self._kind(self.schemas[name]))
        self._why = ""  # why the last type_of degraded to dict/Any ("" when it did not)
        for name in list(self.schemas):
            self._lift_nested(name, self.schemas[name], self.infos[name].pointer)
        for name, info in self.infos.items():  # of the bodies dmcg reads: inline parts lifted
            self.infos[name] = replace(info, kind=self._kind(self.schemas[name]))
        self._type_cache: dict[int, TypeExpr] = {}

    # ---- refs -------------------------------------------------------------------------------
    def _translate_ref(self, ref: str) -> str:
        if not ref.startswith(SCHEMAS_PREFIX):
            return ref
        rest = ref[len(SCHEMAS_PREFIX) :]
        key, sep, tail = rest.partition("/")
        key = unescape_pointer_token(key)
        if key in self.class_names:
            return SCHEMAS_PREFIX + self.class_names[key] + sep + tail
        return ref

    def _rewrite_refs(self, node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                node["$ref"] = self._translate_ref(ref)
            for value in node.values():
                if isinstance(value, (dict, list)):
                    self._rewrite_refs(value)
        elif isinstance(node, list):
            for value in node:
                if isinstance(value, (dict, list)):
                    self._rewrite_refs(value)
        return node

    def rewritten(self, schema: Any) -> Any:
        """A copy of a schema from the original document with its refs pointing at class names."""
        return self._rewrite_refs(_copy_tree(schema))

    def ref_target(self, ref: str) -> str | None:
        """The class name a rewritten `#/components/schemas/<ClassName>` ref points at."""
        if not ref.startswith(SCHEMAS_PREFIX):
            return None
        key = ref[len(SCHEMAS_PREFIX) :]
        if "/" in key:
            return None
        return key if key in self.schemas else None

    def resolve(self, schema: Any) -> dict[str, Any]:
        """Follow $ref chains (and single-member allOf wrappers) of a rewritten schema to its shape."""
        seen: set[int] = set()
        while isinstance(schema, dict) and id(schema) not in seen:
            seen.add(id(schema))
            ref = schema.get("$ref")
            if isinstance(ref, str):
                target = self.ref_target(ref)
                if target is None:
                    return {}
                schema = self.schemas[target]
                continue
            all_of = schema.get("allOf")
            content = content_parts(all_of) if isinstance(all_of, list) else []
            if len(content) == 1 and not schema.get("properties"):
                schema = content[0]
                continue
            return schema
        return schema if isinstance(schema, dict) else {}

    # ---- lifting inline schemas into models ------------------------------------------------------
    def _kind(self, schema: dict[str, Any]) -> Any:
        if is_enum_model(schema):
            return "enum"
        if self.splits_on_union(schema):
            return "root"
        if is_object_model(schema) or self.composes_object(schema):
            return "object"
        return "root"

    def splits_on_union(self, schema: Any, seen: frozenset[int] = frozenset()) -> bool:
        """An allOf with a oneOf/anyOf part (inline, inside an inline part's own allOf, or the whole
        of a referenced component) of which a member is a class of its own: datamodel-code-generator
        makes a RootModel of the union of (member + the other parts), not an object class, whatever
        the other parts are (`allOf: [{properties: ...}, {oneOf: [Enum]}]` is a RootModel[Enum])."""
        if not isinstance(schema, dict) or id(schema) in seen:
            return False
        seen = seen | {id(schema)}
        all_of = schema.get("allOf")
        for part in all_of if isinstance(all_of, list) else []:
            if not isinstance(part, dict):
                continue
            ref = part.get("$ref")
            if isinstance(ref, str):
                target = self.ref_target(ref)
                if target is not None and self._union_has_class(self.schemas[target]):
                    return True
            elif self._union_has_class(part) or self.splits_on_union(part, seen):
                return True
        return False

    @staticmethod
    def _union_has_class(schema: dict[str, Any]) -> bool:
        """A oneOf/anyOf member of `schema` becomes a class (a component, or an inline model; here
        an enum of two values one of which is null is an Enum too, and any allOf is a class)."""
        for combinator in ("oneOf", "anyOf"):
            members = schema.get(combinator)
            for member in members if isinstance(members, list) else []:
                if not isinstance(member, dict):
                    continue
                all_of = member.get("allOf")
                if (
                    "$ref" in member
                    or is_object_model(member)
                    or is_enum_class(member)
                    or is_const_union(member)
                    or (isinstance(all_of, list) and bool(all_of))
                ):
                    return True
        return False

    def composes_object(self, schema: Any, seen: frozenset[int] = frozenset()) -> bool:
        """An allOf of several parts of which one at least is an object (inline, a component, or
        itself such an allOf): datamodel-code-generator makes a model class of it."""
        if not isinstance(schema, dict) or id(schema) in seen:
            return False
        seen = seen | {id(schema)}
        all_of = schema.get("allOf")
        if not isinstance(all_of, list) or not all_of:
            return False
        for part in all_of:
            if not isinstance(part, dict):
                continue
            ref = part.get("$ref")
            if isinstance(ref, str):
                target = self.ref_target(ref)
                part = self.schemas.get(target, {}) if target else {}
            if is_object_model(part) or self.composes_object(part, seen):
                return True
        return is_object_model(schema) or (
            len(all_of) > 1 and isinstance(schema.get("properties"), dict)
        )

    def lift(self, schema: dict[str, Any], hint: str, pointer: str) -> str:
        """Register an inline schema as a model of its own; returns the class name."""
        body = _copy_tree(schema)
        # An inline copy of a component is the component's model. Inside a component schema, an
        # inline schema is a model of its own, named from its own place. An operation's inline
        # schema equal to one met before in another operation is that model under its own name
        # too, as an alias (one class, `CommandsClearLocalListRequest = CommandsResetAuthCacheRequest`):
        # either way a name does not change when an equal schema appears before it in a new version.
        fingerprint = json.dumps(body, sort_keys=True, default=str)
        own_place = pointer.startswith("/components/schemas/")
        known = self._by_shape.get(fingerprint) or self._by_pointer.get(pointer)
        if known is not None:
            return known
        first = None if own_place else self._by_inline_shape.get(fingerprint)
        if first is not None and not pointer:
            return first  # a schema without a place of its own: no name of its own either
        name = self._inline_name(body, hint)
        if pointer:
            self._by_pointer[pointer] = name
        if first is not None:
            self.infos[name] = replace(
                self.infos[first],
                class_name=Identifier(name),
                schema_name=SpecText(name),
                pointer=pointer,
                alias_of=Identifier(first),
            )
            # Its schema is the first one's for every lookup by name (pagination, flattening);
            # the models stage leaves it out (one class: `Alias: TypeAlias = First`).
            self.schemas[name] = self.schemas[first]
            # Its inline parts, named from here: aliases of the first one's (the copy is dropped).
            self._lift_nested(name, _copy_tree(body), pointer)
            return name
        if not own_place:
            self._by_inline_shape[fingerprint] = name
        # Nullability stays with the field that refers to the model, not with the model.
        if body.get("nullable") is True:
            body.pop("nullable")
        types = _types_of(body)
        if "null" in types:
            remaining = [t for t in types if t != "null"]
            body["type"] = remaining[0] if len(remaining) == 1 else remaining
        # Null members and values too: else dmcg makes `RootModel[<an Enum it names> | None]`.
        if is_const_union(body):
            for combinator in ("anyOf", "oneOf"):
                if isinstance(body.get(combinator), list):
                    body[combinator] = [m for m in body[combinator] if m not in _null_members(body)]
        if is_enum_class(body) and None in body["enum"]:
            body["enum"] = [v for v in body["enum"] if v is not None]
        self.schemas[name] = body
        self.infos[name] = ModelInfo(
            class_name=Identifier(name),
            schema_name=SpecText(name),
            pointer=pointer,
            kind=self._kind(body),
            hoisted=True,
        )
        self._lift_nested(name, body, pointer)
        self.infos[name] = replace(self.infos[name], kind=self._kind(body))
        return name

    def _inline_name(self, body: dict[str, Any], hint: str) -> str:
        """A class name for an inline schema from its context: the hint (parent + property), then
        with its kind, its title or its tag value (`type: const`); a number only when all are taken.
        """
        base = pascal(hint) if words(hint) else "Model"
        kind = "Enum" if is_enum_class(body) or is_const_union(body) else "Object"
        candidates = [base, base if base.endswith(kind) else pascal(f"{base} {kind}")]
        title = body.get("title")
        if isinstance(title, str) and words(title):
            candidates.append(pascal(f"{base} {title}"))
        tag = _variant_hint(body, 0)
        if tag not in ("Object", "Enum", "Composed", "List", "Variant1"):
            candidates.append(pascal(f"{base} {tag}"))
        candidates.append(pascal(f"{base} {'Values' if kind == 'Enum' else 'Model'}"))
        for candidate in candidates:
            if candidate not in self._taken:
                self._taken.add(candidate)
                return candidate
        return unique(candidates[1], self._taken, sep="")

    def _lift_in_place(
        self,
        holder: dict[str, Any] | list[Any],
        key: Any,
        hint: str,
        pointer: str,
        union_item: bool = False,
    ) -> None:
        """Replace holder[key] with a $ref to a lifted model when it is model-worthy. `pointer`:
        where holder[key] is in the spec ("" when that is not known). `union_item`: holder[key] is
        an array item or a map value, where datamodel-code-generator makes a class of a
        discriminated union (named after the field, numbered on collision): it is lifted here."""
        schema = holder[key]
        if not isinstance(schema, dict) or "$ref" in schema:
            return
        part = _single_inline_part(schema)
        if part is not None:  # dmcg makes a class of `allOf: [{...}]`, named after the field
            holder[key] = schema = part
        if (
            is_object_model(schema)
            or is_enum_class(schema)
            or is_const_union(schema)
            or is_composed_model(schema)
            or (union_item and is_discriminated_union(schema))
        ):
            nullable = (
                _is_nullable(schema)
                or (is_const_union(schema) and bool(_null_members(schema)))
                or (is_enum_class(schema) and None in schema["enum"])
            )
            name = self.lift(schema, hint, pointer)
            ref: dict[str, Any] = {"$ref": SCHEMAS_PREFIX + name}
            keep = {
                k: schema[k]
                for k in ("description", "default", "readOnly", "writeOnly", "deprecated")
                if k in schema
            }
            if nullable or keep:
                wrapped: dict[str, Any] = (
                    {"anyOf": [ref, {"type": "null"}]} if nullable else {"allOf": [ref]}
                )
                wrapped.update(keep)
                holder[key] = wrapped
            else:
                holder[key] = ref
            return
        self._lift_nested(hint, schema, pointer)

    def _lift_nested(self, parent: str, schema: dict[str, Any], pointer: str) -> None:
        def at(*steps: Any) -> str:
            return (
                "/".join([pointer, *(escape_pointer_token(str(step)) for step in steps)])
                if pointer
                else ""
            )

        props = schema.get("properties")
        if isinstance(props, dict):
            for prop in list(props):
                self._lift_in_place(props, prop, f"{parent} {prop}", at("properties", prop))
        items = schema.get("items")
        if isinstance(items, dict):
            self._lift_in_place(schema, "items", f"{parent} Item", at("items"), union_item=True)
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            self._lift_in_place(
                schema,
                "additionalProperties",
                f"{parent} Value",
                at("additionalProperties"),
                union_item=True,
            )
        for combinator in ("oneOf", "anyOf"):
            members = schema.get(combinator)
            if isinstance(members, list):
                real = [
                    m for m in members if not (isinstance(m, dict) and _types_of(m) == ["null"])
                ]
                for index, member in enumerate(members):
                    if isinstance(member, dict):
                        # `anyOf: [X, null]` is a nullable X: X takes the field's own name.
                        hint = (
                            parent if len(real) == 1 else f"{parent} {_variant_hint(member, index)}"
                        )
                        self._lift_in_place(members, index, hint, at(combinator, index))
        if self.schemas.get(parent) is schema and self._distribute(parent, schema, pointer):
            self.infos[parent] = replace(self.infos[parent], kind=self._kind(schema))
            return
        all_of = schema.get("allOf")
        if isinstance(all_of, list):
            for index, member in enumerate(all_of):
                if isinstance(member, dict) and "$ref" not in member:
                    self._lift_nested(parent, member, at("allOf", index))

    def _distribute(self, name: str, schema: dict[str, Any], pointer: str) -> bool:
        """`allOf: [{anyOf: [A, B]}, C]` as `anyOf: [allOf [A, C], allOf [B, C]]`, each member a
        model named from the union's own member (`ResponsesWebSocketStreamEventResponseAudioDelta`),
        C (when inline) a model `<name>Base`; in place. datamodel-code-generator would split it
        into `<name>1` (C) and `<name>2`...`<name>N`. False when `schema` is not that shape."""
        all_of = schema.get("allOf")
        if not isinstance(all_of, list) or len(all_of) < 2 or "properties" in schema:
            return False
        unions = [
            i
            for i, part in enumerate(all_of)
            if isinstance(part, dict)
            and "$ref" not in part
            and ("anyOf" in part or "oneOf" in part)
        ]
        if len(unions) != 1:
            return False
        union = all_of[unions[0]]
        combinator = "oneOf" if "oneOf" in union else "anyOf"
        members = union.get(combinator)
        rest = [part for i, part in enumerate(all_of) if i != unions[0]]
        if (
            not isinstance(members, list)
            or len(members) < 2
            or not all(isinstance(m, dict) and self._is_object_part(m) for m in members)
            or not all(isinstance(p, dict) and self._is_object_part(p) for p in rest)
        ):
            return False

        def at(*steps: Any) -> str:
            return (
                "/".join([pointer, *(escape_pointer_token(str(s)) for s in steps)])
                if pointer
                else ""
            )

        parts: list[Any] = []
        for index, part in enumerate(all_of):
            if index == unions[0]:
                continue
            if "$ref" in part:
                parts.append(part)
            else:
                parts.append(
                    {"$ref": SCHEMAS_PREFIX + self.lift(part, f"{name} Base", at("allOf", index))}
                )
        variants: list[dict[str, Any]] = []
        for index, member in enumerate(members):
            target = (
                self.ref_target(member["$ref"]) if isinstance(member.get("$ref"), str) else None
            )
            tag = _variant_hint(self.resolve(member), index)
            if tag in ("Object", "Enum", "Composed", "List") or tag.startswith("Variant"):
                tag = target or tag
            where = at("allOf", unions[0], combinator, index)
            lifted = self.lift({"allOf": [member, *parts]}, f"{name} {tag}", where)
            variants.append({"$ref": SCHEMAS_PREFIX + lifted})
        del schema["allOf"]
        schema[combinator] = variants
        disc = union.get("discriminator")
        if isinstance(disc, dict) and isinstance(disc.get("propertyName"), str):
            schema["discriminator"] = {"propertyName": disc["propertyName"]}
        return True

    def _is_object_part(self, part: dict[str, Any]) -> bool:
        resolved = self.resolve(part)
        return (
            is_object_model(resolved)
            or self.composes_object(resolved)
            or (isinstance(resolved.get("allOf"), list) and "$ref" in part)
        )

    # ---- types ---------------------------------------------------------------------------------
    def type_of(self, schema: Any, hint: str, pointer: str = "") -> TypeExpr:
        """The type of a rewritten schema used by an operation; inline models are lifted."""
        if not isinstance(schema, dict):
            return AnyType()
        self._why = ""
        return self._annotate(schema, _component_hint(pointer) or hint, 0, pointer)

    def degraded_reason(self, schema: Any, hint: str, pointer: str) -> tuple[TypeExpr, str]:
        """type_of, and why the type is a plain dict/Any although the schema says more ("" if not)."""
        result = self.type_of(schema, hint, pointer)
        return result, self._why

    def _degrade(self, why: str) -> None:
        if not self._why:
            self._why = why

    def _annotate(
        self, schema: dict[str, Any], hint: str, depth: int, pointer: str = ""
    ) -> TypeExpr:
        if depth > 20:
            self._degrade("nested more than 20 levels deep")
            return AnyType()
        if "$ref" not in schema and is_object_model(schema):
            base: TypeExpr = ModelRef(self.lift(schema, hint, pointer))
            return or_null(base) if _is_nullable(schema) else base
        ref = schema.get("$ref")
        if isinstance(ref, str):
            target = self.ref_target(ref)
            if target is None:
                self._degrade(f"reference {ref[:80]!r} is not a component schema")
                return AnyType()
            info = self.infos[target]
            resolved = self.schemas[target]
            if info.kind == "enum":
                return _enum_type(resolved, target)
            if info.kind == "root" and not any(k in resolved for k in ("oneOf", "anyOf", "allOf")):
                return Alias(target, self._annotate(resolved, hint, depth + 1))
            return ModelRef(target)
        if "const" in schema and isinstance(schema["const"], (str, int, bool)):
            return Literal((schema["const"],), const=True)
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return _enum_type(schema, "")
        for combinator in ("oneOf", "anyOf"):
            members = schema.get(combinator)
            if isinstance(members, list) and members:
                parts = [
                    (
                        self._annotate(m, f"{hint} {_variant_hint(m, i)}", depth + 1)
                        if isinstance(m, dict)
                        else AnyType()
                    )
                    for i, m in enumerate(members)
                ]
                result = union(parts)
                return or_null(result) if schema.get("nullable") is True else result
        all_of = schema.get("allOf")
        if isinstance(all_of, list) and all_of:
            content = content_parts(all_of)
            if len(content) == 1 and isinstance(content[0], dict):
                inner = self._annotate(content[0], hint, depth + 1)
                nullable = any(_is_nullable(p) for p in all_of if is_annotation_only(p))
                return or_null(inner) if nullable or _is_nullable(schema) else inner
            if "$ref" not in schema and self.composes_object(schema):
                base = ModelRef(self.lift(schema, hint, pointer))
                return or_null(base) if _is_nullable(schema) else base
            self._degrade("its allOf parts do not compose an object model (no part has properties)")
            return AnyObject()
        types = _types_of(schema) or (
            ["object"] if "properties" in schema or "additionalProperties" in schema else []
        )
        if not types:
            return AnyType()
        fmt = schema.get("format")
        parts = []
        for kind in types:
            if kind in _PRIMITIVES:
                parts.append(Primitive(kind, fmt if isinstance(fmt, str) else ""))  # type: ignore[arg-type]
            elif kind == "null":
                parts.append(NoneType())
            elif kind == "array":
                items = schema.get("items")
                parts.append(
                    ListOf(
                        self._annotate(items, f"{hint} Item", depth + 1)
                        if isinstance(items, dict)
                        else AnyType()
                    )
                )
            elif kind == "object":
                extra = schema.get("additionalProperties")
                if isinstance(extra, dict) and extra:
                    parts.append(MapOf(self._annotate(extra, f"{hint} Value", depth + 1)))
                else:
                    parts.append(AnyObject())
            else:
                parts.append(AnyType())
        result = union(parts)
        return or_null(result) if schema.get("nullable") is True else result

    def model_document(self, openapi_version: str) -> dict[str, Any]:
        # datamodel-code-generator names the classes it makes inside a schema (`splits_on_union`:
        # `Foo1` for the other parts, `Foo2`... for the members; a nullable enum `Foo`:
        # `RootModel[FooEnum | None]`) against the names it has met so far, in document order: a
        # schema `Foo3` or `FooEnum` after `Foo` would find its name taken. Those schemas go last,
        # when every other class name is known to it, the longer names first (a name it makes
        # from `Foo` is longer than `Foo`).
        inner = sorted(
            (name for name, schema in self.schemas.items() if self._makes_inner_classes(schema)),
            key=len,
            reverse=True,
        )
        schemas = self.schemas
        if inner:
            last = set(inner)
            schemas = {name: s for name, s in self.schemas.items() if name not in last}
            schemas.update((name, self.schemas[name]) for name in inner)
        return {
            "openapi": openapi_version if openapi_version.startswith("3.") else "3.0.3",
            "info": {"title": "models", "version": "0"},
            "paths": {},
            "components": {"schemas": schemas},
        }

    def _makes_inner_classes(self, schema: dict[str, Any]) -> bool:
        nullable = _is_nullable(schema) or bool(_null_members(schema))
        typed_enum = is_enum_class(schema) and bool(_types_of(schema))  # untyped: `X = None` member
        return (
            self.splits_on_union(schema)
            or (typed_enum and (nullable or None in schema["enum"]))
            or (is_const_union(schema) and nullable)
        )

    def models(self) -> Iterator[ModelInfo]:
        return iter(self.infos.values())


def _enum_type(schema: dict[str, Any], component: str) -> TypeExpr:
    """An enum's `Literal[...]`; `component`: the enum component schema it is ("" when inline)."""
    # NaN and infinities have no literal spelling (repr gives `nan`, a name): leave them out.
    values = tuple(
        v
        for v in schema.get("enum", [])
        if isinstance(v, (str, int, bool)) or (isinstance(v, float) and math.isfinite(v))
    )
    if not values:
        return NoneType()
    result: TypeExpr = Alias(component, Literal(values)) if component else Literal(values)
    return or_null(result) if None in schema.get("enum", []) or _is_nullable(schema) else result
