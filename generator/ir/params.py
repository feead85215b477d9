"""TypedDicts for the request side: a parameter typed with a model also accepts the matching
`TypedDict` (`params.AddressParam`), so `create(address={"city": "Paris"})` type-checks under
mypy --strict, as with Stainless SDKs (their `types/*_params.py`).

Which models: every object model a request parameter or body mentions, and the models their
properties mention in turn (nested too); a union model (`oneOf`/`anyOf`) gets an alias of its
members' models and TypedDicts. Keys are the wire names (the models validate by alias, and by
field name too where they rename). A key that is no plain identifier, or that would shadow a name
the annotations use, selects the functional syntax `TypedDict("X", {"a-b": ...})`; otherwise the
class syntax, with each key's description as its docstring (a wide line is split as black splits
it: render/layout.py `annotation`). Required keys are the
schema's `required` ones, readOnly too: a nested value is validated by its model, which requires
them (a TypedDict that left them out would type-check a call the runtime refuses). Sorted by name:
deterministic, and stable across versions (a TypedDict does not move when another appears).

Names (`param_name`): `<Model>Param`, but a model already named `…Param` (Stripe's `title: …_param`
schemas, parameter components) or `…Params` (OpenAI's `…SamplingParams`) lends the TypedDict its
own name (`params.X` beside `models.X`, as Stainless SDKs' `types/shared_params`). Where that would
take the name of model `X`'s TypedDict (model `XParam` next to model `X`), it is `XParamDict`
instead. The rule reads the names of every
model of the API, not only those a request mentions, so `XParam`'s TypedDict changes name only when
a model `X` appears or goes. No two TypedDicts share a name: a `…Param` name is a model's own or
another model's plus `Param`, never both, a `…Params` name only a model's own (a name plus `Param`
or `Dict` ends otherwise), and the `…ParamDict` ones end otherwise.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Container, Iterable, Iterator, Mapping
from dataclasses import replace
from typing import Any

from .model import (
    Identifier,
    ParamsDict,
    ParamsField,
    Resource,
    SpecText,
    TypeExpr,
)
from .schemas import SchemaRegistry

PARAM_SUFFIX = "Param"
PARAMS_SUFFIX = "Params"
COLLISION_SUFFIX = "Dict"

# Keys printed as class attributes must be plain identifiers that no annotation in the module
# reads as a name (a key `list` would make a later `list[str]` mean that key, for mypy).
_PLAIN_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_NAME = re.compile(r"[A-Za-z_]\w*")
_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_MODULE_NAMES = frozenset(
    {"TYPE_CHECKING", "Any", "Literal", "Required", "TypedDict", "TypeAlias", "models", "builtins"}
)


def param_name(model: str, models: Container[str]) -> Identifier:
    """The TypedDict of `model`, among the API's model class names `models` (module docstring)."""
    if model.endswith(PARAMS_SUFFIX):  # already says what it is: no `…ParamsParam`
        return Identifier(model)
    if not model.endswith(PARAM_SUFFIX):
        return Identifier(f"{model}{PARAM_SUFFIX}")
    if model[: -len(PARAM_SUFFIX)] in models:  # `X`'s TypedDict is already `XParam`
        return Identifier(f"{model}{COLLISION_SUFFIX}")
    return Identifier(model)


def request_types(resources: Iterable[Resource]) -> Iterator[TypeExpr]:
    """The annotations a caller writes values for: query/header/cookie parameters and the body
    (its flattened fields, or the body as a whole)."""
    for resource in resources:
        for op in resource.operations:
            for p in op.parameters:
                if p.location != "path":
                    yield p.type
            if op.body is not None:
                if op.body.flattened:
                    yield from (f.type for f in op.body.fields)
                else:
                    yield op.body.type


def uses_params(resource: Resource, param_models: frozenset[str]) -> bool:
    """Whether a resource module's signatures mention a TypedDict (it imports `params` then)."""
    return any(r in param_models for t in request_types((resource,)) for r in t.model_refs)


def request_dicts(
    registry: SchemaRegistry, resources: Iterable[Resource]
) -> tuple[ParamsDict, ...]:
    """The TypedDicts (and union aliases) of every model reachable from a request annotation."""
    pending = [ref for t in request_types(resources) for ref in t.model_refs]
    made: dict[str, ParamsDict] = {}
    skipped: set[str] = set()
    while pending:
        name = pending.pop()
        if name in made or name in skipped:
            continue
        info = registry.infos.get(name)
        schema = registry.schemas.get(name)
        if info is None or schema is None:
            skipped.add(name)
            continue
        if info.kind == "object":
            result = _typed_dict(registry, name, schema)
            refs = [r for f in result.fields for r in f.type.model_refs]
        elif info.kind == "root" and _is_union(schema):
            members = registry.type_of(schema, name)
            result = ParamsDict(
                name=Identifier(""), model=Identifier(name), kind="alias", type=members
            )
            refs = list(members.model_refs)
        else:
            skipped.add(name)
            continue
        made[name] = result
        pending.extend(refs)
    # Named once every model is known (type_of may lift inline schemas into models).
    names = {m: param_name(m, registry.infos) for m in made}
    return tuple(_named(made[name], names) for name in sorted(made))


def _named(p: ParamsDict, names: Mapping[str, Identifier]) -> ParamsDict:
    """`p` with its name, and its keys as class attributes unless the functional syntax is
    needed (a key that is no plain identifier, or that an annotation reads as a name)."""
    named = replace(p, name=names[str(p.model)])
    if p.kind != "typed_dict":
        return named
    functional = _needs_functional(p.fields, names)
    if functional:
        return replace(named, functional=True)
    return replace(named, fields=tuple(replace(f, name=Identifier(str(f.key))) for f in p.fields))


def _is_union(schema: dict[str, Any]) -> bool:
    return any(isinstance(schema.get(c), list) and schema.get(c) for c in ("oneOf", "anyOf"))


def _typed_dict(registry: SchemaRegistry, name: str, schema: dict[str, Any]) -> ParamsDict:
    properties: dict[str, Any] = {}
    required: set[str] = set()
    _gather(registry, schema, properties, required, set())
    fields = []
    for key, prop in properties.items():
        prop = prop if isinstance(prop, dict) else {}
        description = prop.get("description")
        fields.append(
            ParamsField(
                key=SpecText(key),
                type=registry.type_of(prop, f"{name} {key}"),
                required=key in required,
                description=SpecText(description if isinstance(description, str) else ""),
            )
        )
    description = schema.get("description")
    return ParamsDict(
        name=Identifier(""),  # named by `_named`, once every model is known
        model=Identifier(name),
        kind="typed_dict",
        fields=tuple(fields),
        description=SpecText(description if isinstance(description, str) else ""),
    )


def _gather(
    registry: SchemaRegistry,
    schema: dict[str, Any],
    properties: dict[str, Any],
    required: set[str],
    seen: set[int],
) -> None:
    """The properties of an object schema with those of its allOf parts (parts first: the
    schema's own declaration of a property wins, as in the model)."""
    if id(schema) in seen:
        return
    seen.add(id(schema))
    all_of = schema.get("allOf")
    for part in all_of if isinstance(all_of, list) else ():
        if not isinstance(part, dict):
            continue
        ref = part.get("$ref")
        target = registry.ref_target(ref) if isinstance(ref, str) else None
        body = registry.schemas.get(target, {}) if target else part
        _gather(registry, body, properties, required, seen)
    props = schema.get("properties")
    if isinstance(props, dict):
        properties.update((str(k), v) for k, v in props.items())
    listed = schema.get("required")
    if isinstance(listed, list):
        required.update(str(k) for k in listed if isinstance(k, str))


def _needs_functional(fields: Iterable[ParamsField], names: Mapping[str, str]) -> bool:
    used = set(_MODULE_NAMES)
    for f in fields:
        used.update(_names(f.type.annotation))
        used.update(names[r] for r in f.type.model_refs if r in names)
    return any(
        not _PLAIN_KEY.match(f.key) or keyword.iskeyword(f.key) or f.key in used for f in fields
    )


def _names(annotation: str) -> set[str]:
    """The names an annotation reads (not the words inside its string literals)."""
    return set(_NAME.findall(_STRING.sub("", annotation)))
