"""The IR's types: a small tree of frozen nodes, printed in one place.

A schema used by an operation (a parameter, a body, a response, a page's item) becomes a tree of
these nodes while the IR is built (ir/schemas.py). Everything downstream reads the tree:

- `python(t)` prints the Python annotation the generated code uses, written against the generated
  `models` module (`models.Pet`, `list[models.Pet] | None`, `dict[str, Any]`), optionally with the
  builtins a method name shadows qualified (`builtins.list[...]`) and object models widened to
  also take a plain mapping. It is the only place an annotation is spelled.
- `wire(t)` prints a short, stable, language-neutral description of the wire type
  (`string`, `integer|null`, `array<ref:Pet>`, `ref:ChargerResponse`): the only place it is spelled.
- `model_refs(t)`, `wire_parts(t)`, `core(t)`, `list_item(t)`, `model_name(t)` walk the tree.

Nodes are plain data (frozen dataclasses): build them through `union(...)` and `nullable(...)`,
which keep the normal forms the printers rely on (no `X | None | None`, `Any` absorbs a union).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Set
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Literal as TypingLiteral

# Builtin names an annotation may print; a method of the same name shadows them inside its class
# (mypy reads `list[...]` in a later signature as the method), so they are written `builtins.X`.
BUILTIN_TYPES = frozenset(
    {"list", "dict", "set", "tuple", "str", "int", "float", "bool", "bytes", "type", "object"}
)

LiteralValue = str | int | bool | float
PrimitiveType = TypingLiteral["string", "integer", "number", "boolean"]
_PYTHON_NAMES: dict[str, str] = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
}


class TypeExpr:
    """A node of the type tree (see the module docstring). The properties print or walk it."""

    __slots__ = ()

    @cached_property
    def annotation(self) -> str:
        """The Python annotation (`python(self)` with no options), printed once per node."""
        return _print(self, frozenset(), _NO_DICTS, "")

    @property
    def wire(self) -> str:
        return wire(self)

    @property
    def model_refs(self) -> tuple[str, ...]:
        """Model class names the annotation mentions, in order of appearance."""
        return model_refs(self)

    @property
    def nullable(self) -> bool:
        """Whether the annotation admits None (a `| None` of its own, or the type None)."""
        return _nullable(self)


@dataclass(frozen=True)
class AnyType(TypeExpr):
    """Anything (`Any`): no schema, or one apigen cannot type."""


@dataclass(frozen=True)
class NoneType(TypeExpr):
    """JSON null (`None`)."""


@dataclass(frozen=True)
class Primitive(TypeExpr):
    """A JSON scalar: `str`, `int`, `float` or `bool`; `format` is the schema's (`date-time`, ...),
    kept for readers: the client's annotation does not depend on it."""

    type: PrimitiveType
    format: str = ""


@dataclass(frozen=True)
class Bytes(TypeExpr):
    """The raw bytes of a body or response that is not JSON or text (`bytes`)."""


@dataclass(frozen=True)
class File(TypeExpr):
    """File content sent as a multipart part (the runtime's `FileContent`)."""


@dataclass(frozen=True)
class OrFile(TypeExpr):
    """A field of a JSON body that may also be sent as multipart: its own type, or file content."""

    inner: TypeExpr


@dataclass(frozen=True)
class AnyObject(TypeExpr):
    """A free-form JSON object (`dict[str, Any]`)."""


@dataclass(frozen=True)
class ListOf(TypeExpr):
    item: TypeExpr


@dataclass(frozen=True)
class MapOf(TypeExpr):
    """An object whose values all have one type (`additionalProperties: <schema>`)."""

    value: TypeExpr


@dataclass(frozen=True)
class ModelRef(TypeExpr):
    """A generated model class (`models.Pet`)."""

    name: str


@dataclass(frozen=True)
class Alias(TypeExpr):
    """A component schema the client writes out in place (an enum, or a root schema that names a
    scalar, list or map): printed as its target, described on the wire as a reference to `name`."""

    name: str
    target: TypeExpr


@dataclass(frozen=True)
class Literal(TypeExpr):
    """An enum's values (`Literal['a', 'b']`), or a `const` (one value, `const=True`)."""

    values: tuple[LiteralValue, ...]
    const: bool = False


@dataclass(frozen=True)
class Nullable(TypeExpr):
    """`inner | None`: build it with `nullable(inner)`."""

    inner: TypeExpr


@dataclass(frozen=True)
class Union(TypeExpr):
    """A oneOf/anyOf (or a list of JSON types): build it with `union(...)`. Printed with equal
    members once and None last; a member that is `Any` makes the whole union `Any`."""

    members: tuple[TypeExpr, ...] = field(default=())


# ---- building ------------------------------------------------------------------------------------
def nullable(t: TypeExpr) -> TypeExpr:
    """`t | None`, unless `t` admits None already or is `Any`."""
    if _nullable(t) or python(t) == "Any":
        return t
    return Nullable(t)


def union(members: list[TypeExpr] | tuple[TypeExpr, ...]) -> TypeExpr:
    """The union of `members`; one member is itself when that reads the same."""
    parts = tuple(members)
    if len(parts) == 1 and _nullable(parts[0]) == (python(parts[0]) == "None"):
        return parts[0]
    return Union(parts)


_NO_DICTS: Mapping[str, str] = MappingProxyType({})


# ---- printing ------------------------------------------------------------------------------------
def python(
    t: TypeExpr,
    *,
    shadowed: Set[str] = frozenset(),
    dicts: Mapping[str, str] = _NO_DICTS,
    strings: str = "",
) -> str:
    """The Python annotation of `t`: the one place an annotation is spelled.

    `shadowed`: builtin names a method of the class being printed shadows (written `builtins.X`);
    `dicts`: model class name -> the TypedDict annotation a request argument also takes where the
    annotation takes that model (`models.Message | params.MessageParam`); `strings`: the type a
    string is parsed into (the server's `datetime.date` for a date parameter), "" for `str`."""
    if not (shadowed or dicts or strings):
        return t.annotation
    return _print(t, shadowed, dicts, strings)


def _print(t: TypeExpr, shadowed: Set[str], dicts: Mapping[str, str], strings: str) -> str:
    def show(node: TypeExpr) -> str:
        # Without options, a child's annotation is its own (cached) one.
        return node.annotation if plain else _node(node)

    plain = not (shadowed or dicts or strings)

    def builtin(name: str) -> str:
        return f"builtins.{name}" if name in shadowed else name

    def _node(node: TypeExpr) -> str:
        if isinstance(node, Primitive):
            if strings and node.type == "string":
                return strings
            return builtin(_PYTHON_NAMES[node.type])
        if isinstance(node, ModelRef):
            if node.name in dicts:
                return f"models.{node.name} | {dicts[node.name]}"
            return f"models.{node.name}"
        if isinstance(node, ListOf):
            return f"{builtin('list')}[{show(node.item)}]"
        if isinstance(node, MapOf):
            return f"{builtin('dict')}[{builtin('str')}, {show(node.value)}]"
        if isinstance(node, AnyObject):
            return f"{builtin('dict')}[{builtin('str')}, Any]"
        if isinstance(node, Alias):
            return show(node.target)
        if isinstance(node, Nullable):
            inner = _unaliased(node.inner)
            if isinstance(inner, Union):  # its members may hold None already: printed once
                return _node(Union((*inner.members, NoneType())))
            return f"{show(node.inner)} | None"
        if isinstance(node, Union):
            seen = list(dict.fromkeys(show(m) for m in _one_literal(_unnulled(node.members))))
            if "Any" in seen:
                return "Any"
            non_null = [s for s in seen if s != "None"]
            return " | ".join(non_null + (["None"] if len(non_null) != len(seen) else [])) or "None"
        if isinstance(node, Literal):
            return f"Literal[{', '.join(repr(v) for v in node.values)}]"
        if isinstance(node, OrFile):
            return f"{show(node.inner)} | FileContent"
        if isinstance(node, File):
            return "FileContent"
        if isinstance(node, Bytes):
            return builtin("bytes")
        if isinstance(node, NoneType):
            return "None"
        return "Any"

    return _node(t)


def _unnulled(members: tuple[TypeExpr, ...]) -> tuple[TypeExpr, ...]:
    """A union's nullable members as their inner type and `None` (printed once, last): not
    `str | None | list[str] | None`, which type checkers and ruff (PYI016) call a duplicate."""
    if not any(isinstance(_unaliased(m), Nullable) for m in members):
        return members
    out: list[TypeExpr] = []
    for m in members:
        inner = _unaliased(m)
        out += [inner.inner, NoneType()] if isinstance(inner, Nullable) else [m]
    return tuple(out)


def _unaliased(t: TypeExpr) -> TypeExpr:
    while isinstance(t, Alias):
        t = t.target
    return t


def _one_literal(members: tuple[TypeExpr, ...]) -> tuple[TypeExpr, ...]:
    """The literal members of a union as one `Literal[...]` where the first one stands
    (`Literal["a"] | Literal[1]` is written `Literal["a", 1]`, as type checkers prefer)."""

    def literal(m: TypeExpr) -> Literal | None:  # an alias prints as what it names
        inner = m.target if isinstance(m, Alias) else m
        return inner if isinstance(inner, Literal) else None

    literals = [lit for m in members if (lit := literal(m)) is not None]
    if len(literals) < 2:
        return members
    # keyed by type too: `True == 1`, yet both are values of their own
    values = {(type(v), v): v for lit in literals for v in lit.values}
    first = next(i for i, m in enumerate(members) if literal(m) is not None)
    rest = tuple(m for m in members if literal(m) is None)
    return (*rest[:first], Literal(tuple(values.values())), *rest[first:])


def wire(t: TypeExpr) -> str:
    """The wire description of `t` (for diffs and reports): the one place it is spelled."""
    return "|".join(_wire_one(part) for part in wire_parts(t))


def _wire_one(node: TypeExpr) -> str:
    if isinstance(node, Primitive):
        return node.type
    if isinstance(node, (ModelRef, Alias)):
        return f"ref:{node.name}"
    if isinstance(node, ListOf):
        return f"array<{wire(node.item)}>"
    if isinstance(node, MapOf):
        return f"map<{wire(node.value)}>"
    if isinstance(node, AnyObject):
        return "object"
    if isinstance(node, Literal):
        return f"const:{node.values[0]!r}" if node.const else "enum"
    if isinstance(node, (Bytes, File, OrFile)):
        return "binary"
    if isinstance(node, NoneType):
        return "null"
    return "any"


# ---- walking -------------------------------------------------------------------------------------
def wire_parts(t: TypeExpr) -> list[TypeExpr]:
    """The alternatives of `t` on the wire, unions and `| None` flattened (None as `NoneType()`);
    an `Alias` is one part (a reference), whatever it names."""
    if isinstance(t, Union):
        return [p for m in t.members for p in wire_parts(m)]
    if isinstance(t, Nullable):
        return [*wire_parts(t.inner), NoneType()]
    return [t]


def walk(t: TypeExpr) -> Iterator[TypeExpr]:
    """Every node of `t`, depth first, `t` first."""
    yield t
    for child in _children(t):
        yield from walk(child)


def _children(t: TypeExpr) -> tuple[TypeExpr, ...]:
    if isinstance(t, ListOf):
        return (t.item,)
    if isinstance(t, MapOf):
        return (t.value,)
    if isinstance(t, (Nullable, OrFile)):
        return (t.inner,)
    if isinstance(t, Alias):
        return (t.target,)
    if isinstance(t, Union):
        return t.members
    return ()


def model_refs(t: TypeExpr) -> tuple[str, ...]:
    """The model classes the annotation of `t` mentions (none when a union of it reads `Any`)."""
    if isinstance(t, ModelRef):
        return (t.name,)
    if isinstance(t, Union) and python(t) == "Any":
        return ()
    return tuple(dict.fromkeys(r for child in _children(t) for r in model_refs(child)))


def enum_values(t: TypeExpr) -> tuple[LiteralValue, ...]:
    """The values of the enums `t` is (itself, or a union of), nested lists and maps left out."""
    if isinstance(t, Literal):
        return () if t.const else t.values
    if isinstance(t, Union) and python(t) == "Any":
        return ()
    if isinstance(t, (Union, Nullable, Alias)):
        return tuple(v for child in _children(t) for v in enum_values(child))
    return ()


def _nullable(t: TypeExpr) -> bool:
    if isinstance(t, (Nullable, NoneType)):
        return True
    if isinstance(t, Alias):
        return _nullable(t.target)
    if isinstance(t, Union):
        shown = [python(m) for m in t.members]
        return "Any" not in shown and "None" in shown
    return False


def admits_none(t: TypeExpr) -> bool:
    """Whether None is one of the alternatives the annotation of `t` lists (`X | None`,
    `X | None | Y`, `None`), whatever the alternatives' own insides say (`list[X | None]`)."""

    def alternatives(node: TypeExpr) -> Iterator[TypeExpr]:
        if isinstance(node, Alias):
            yield from alternatives(node.target)
        elif isinstance(node, Union) and python(node) != "Any":
            for member in node.members:
                yield from alternatives(member)
        elif isinstance(node, Nullable):
            yield from alternatives(node.inner)
            yield NoneType()
        elif isinstance(node, OrFile):
            yield from alternatives(node.inner)
        else:
            yield node

    return any(isinstance(a, NoneType) for a in alternatives(t))


def _distinct(t: Union) -> list[TypeExpr]:
    """The members of a union that print differently, the first of each (None members too)."""
    seen: dict[str, TypeExpr] = {}
    for member in t.members:
        seen.setdefault(python(member), member)
    return list(seen.values())


def plain(t: TypeExpr) -> TypeExpr:
    """`t` without what does not change its annotation: aliases, and a union whose members all
    print the same."""
    while True:
        if isinstance(t, Alias):
            t = t.target
        elif isinstance(t, Union) and len(_distinct(t)) == 1:
            t = t.members[0]
        else:
            return t


def core(t: TypeExpr) -> TypeExpr:
    """`t` without aliases and without None: the one type `X` of `X`, `X | None`, `A | A | None`
    (`t` itself, plain, when there is no such single type)."""
    while True:
        t = plain(t)
        if isinstance(t, Nullable):
            t = t.inner
            continue
        if isinstance(t, Union) and python(t) != "Any":
            rest = [m for m in _distinct(t) if python(m) != "None"]
            if len(rest) == 1:
                t = rest[0]
                continue
        return t


def list_item(t: TypeExpr) -> TypeExpr | None:
    """`X` of a response typed `list[X]` (or `list[X] | None`); None for anything else."""
    found = core(t)
    return found.item if isinstance(found, ListOf) else None


def model_name(t: TypeExpr) -> str:
    """The model class of a type that is one model (`models.X` or `models.X | None`), else ""."""
    found = core(t)
    return found.name if isinstance(found, ModelRef) else ""


def is_primitive(t: TypeExpr, kind: PrimitiveType) -> bool:
    """Whether the annotation of `t` is exactly the primitive (`str`, not `str | None`)."""
    found = plain(t)
    return isinstance(found, Primitive) and found.type == kind


def is_bytes(t: TypeExpr) -> bool:
    return isinstance(plain(t), Bytes)


def is_file(t: TypeExpr) -> bool:
    """A multipart field that is file content only."""
    return isinstance(t, File)


def sent_as_file(t: TypeExpr) -> bool:
    """A field whose value may be file content (`FileContent`, or `X | FileContent`)."""
    return isinstance(t, (File, OrFile))
