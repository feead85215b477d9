"""The IR's type tree (generator/ir/types.py): printing, equality, walking, and the decisions that
used to be read off annotation strings."""

from __future__ import annotations

import pickle

import pytest

from generator.ir.model import BodyField, Constraints, Default, Identifier, Response, SpecText
from generator.ir.schemas import SchemaRegistry
from generator.ir.types import (
    Alias,
    AnyObject,
    AnyType,
    Bytes,
    File,
    ListOf,
    Literal,
    MapOf,
    ModelRef,
    NoneType,
    Nullable,
    OrFile,
    Primitive,
    TypeExpr,
    Union,
    admits_none,
    core,
    enum_values,
    list_item,
    model_name,
    model_refs,
    nullable,
    python,
    union,
    walk,
    wire,
    wire_parts,
)

STR, INT = Primitive("string"), Primitive("integer")


@pytest.mark.parametrize(
    ("node", "annotation", "wire_text"),
    [
        (AnyType(), "Any", "any"),
        (NoneType(), "None", "null"),
        (STR, "str", "string"),
        (Primitive("number", "double"), "float", "number"),
        (Primitive("boolean"), "bool", "boolean"),
        (Bytes(), "bytes", "binary"),
        (File(), "FileContent", "binary"),
        (OrFile(STR), "str | FileContent", "binary"),
        (AnyObject(), "dict[str, Any]", "object"),
        (ListOf(ModelRef("Pet")), "list[models.Pet]", "array<ref:Pet>"),
        (MapOf(INT), "dict[str, int]", "map<integer>"),
        (ModelRef("Pet"), "models.Pet", "ref:Pet"),
        (Alias("PetId", INT), "int", "ref:PetId"),
        (Literal(("a", 1, True)), "Literal['a', 1, True]", "enum"),
        (Literal(("cat",), const=True), "Literal['cat']", "const:'cat'"),
        (Nullable(ModelRef("Pet")), "models.Pet | None", "ref:Pet|null"),
        (nullable(Alias("Color", Literal(("red",)))), "Literal['red'] | None", "ref:Color|null"),
        (ListOf(nullable(STR)), "list[str | None]", "array<string|null>"),
    ],
)
def test_each_node_prints_one_annotation_and_one_wire_description(
    node: TypeExpr, annotation: str, wire_text: str
) -> None:
    assert python(node) == node.annotation == annotation
    assert wire(node) == node.wire == wire_text


def test_a_union_prints_each_member_once_with_none_last() -> None:
    members: list[TypeExpr] = [NoneType(), STR, Primitive("string", "date"), INT]
    assert union(members).annotation == "str | int | None"
    assert union(members).wire == "null|string|string|integer"  # the wire keeps every member
    assert union(members).nullable


def test_a_union_of_nullable_members_prints_none_once_last() -> None:
    """OpenAI's `StopConfiguration` (`oneOf: [string|null, array|null]`): not
    `str | None | list[str] | None` (ruff's PYI016 in the generated params.py)."""
    t = Union((Nullable(STR), Nullable(ListOf(STR))))
    assert python(t) == "str | list[str] | None"
    assert python(Nullable(t)) == "str | list[str] | None"  # a nullable oneOf of nullables
    assert python(Nullable(Alias("Stop", t))) == "str | list[str] | None"
    aliased = Union((Alias("Stop", Nullable(STR)), ModelRef("Pet")))
    assert python(aliased, dicts={"Pet": "PetParam"}) == "str | models.Pet | PetParam | None"


def test_any_absorbs_a_union_and_its_model_references() -> None:
    mixed = union([ModelRef("Pet"), AnyType()])
    assert mixed.annotation == "Any"
    assert mixed.wire == "ref:Pet|any"
    assert model_refs(mixed) == ()
    assert not mixed.nullable
    assert nullable(mixed) is mixed  # `Any | None` is still Any


def test_nullable_and_union_keep_normal_forms() -> None:
    assert nullable(STR) == Nullable(STR)
    assert nullable(Nullable(STR)) == Nullable(STR)  # never `str | None | None`
    assert nullable(NoneType()) == NoneType()
    assert union([STR]) == STR  # one member is itself
    assert union([NoneType()]) == NoneType()


def test_nodes_are_frozen_values() -> None:
    assert ListOf(ModelRef("Pet")) == ListOf(ModelRef("Pet"))
    assert ListOf(ModelRef("Pet")) != ListOf(ModelRef("Cat"))
    assert Alias("A", STR) != STR  # same annotation, another wire type
    assert len({ModelRef("Pet"), ModelRef("Pet"), MapOf(STR)}) == 2
    with pytest.raises(AttributeError):
        ModelRef("Pet").name = "Cat"  # type: ignore[misc]
    printed = union([ListOf(ModelRef("Pet")), NoneType()])
    assert printed.annotation  # cached on the node: a copy still compares and prints the same
    assert pickle.loads(pickle.dumps(printed)) == printed


def test_walking_finds_the_models_a_module_needs() -> None:
    t = union(
        [
            MapOf(ListOf(ModelRef("Pet"))),
            Alias("Owners", ListOf(ModelRef("Owner"))),
            OrFile(ModelRef("Upload")),
            ModelRef("Pet"),
            NoneType(),
        ]
    )
    assert model_refs(t) == ("Pet", "Owner", "Upload")
    assert [n for n in walk(t) if isinstance(n, ModelRef)] == [
        ModelRef("Pet"),
        ModelRef("Owner"),
        ModelRef("Upload"),
        ModelRef("Pet"),
    ]
    assert [type(p).__name__ for p in wire_parts(t)] == [
        "MapOf",
        "Alias",
        "OrFile",
        "ModelRef",
        "NoneType",
    ]


def test_readers_find_lists_models_and_none_without_reading_strings() -> None:
    assert list_item(nullable(ListOf(ModelRef("Pet")))) == ModelRef("Pet")
    assert list_item(Alias("Pets", ListOf(ModelRef("Pet")))) == ModelRef("Pet")
    assert list_item(union([ListOf(ModelRef("A")), ListOf(ModelRef("B"))])) is None
    assert model_name(union([NoneType(), ModelRef("Pet")])) == "Pet"
    assert model_name(union([ModelRef("A"), ModelRef("B")])) == ""
    assert core(Alias("Name", nullable(STR))) == STR
    # `X | None | Y`: None is one of the alternatives; `list[X | None]`: it is not.
    assert admits_none(union([nullable(STR), INT]))
    assert not admits_none(ListOf(nullable(STR)))
    assert enum_values(union([Literal(("a",)), Literal(("b", 2))])) == ("a", "b", 2)
    assert enum_values(ListOf(Literal(("a",)))) == ()


def test_template_decisions_are_ir_fields() -> None:
    def response(t: TypeExpr, media: str = "application/json") -> Response:
        return Response("200", SpecText(""), SpecText(media), t)

    assert response(ModelRef("Pet")).kind == "json"
    assert response(STR, "text/plain").kind == "text"
    assert response(Alias("Token", STR), "text/plain").kind == "text"
    assert response(nullable(STR), "text/plain").kind == "json"  # `str | None` is not text
    assert response(Bytes(), "application/pdf").kind == "bytes"

    def field(t: TypeExpr) -> BodyField:
        return BodyField(Identifier("f"), SpecText("f"), True, t, SpecText(""), "")

    assert field(File()).is_file and field(File()).sent_as_file
    assert not field(OrFile(STR)).is_file and field(OrFile(STR)).sent_as_file
    assert not field(STR).sent_as_file


@pytest.mark.parametrize(
    ("value", "literal"),
    [
        ("asc", "'asc'"),
        (10, "10"),
        (0.5, "0.5"),
        (False, "False"),
        (["a", 1], "['a', 1]"),
        (None, ""),
        ({"a": 1}, ""),
        (float("nan"), ""),
        ([float("inf")], ""),
        ([["nested"]], ""),
    ],
)
def test_a_default_is_kept_as_its_value_and_printed_as_a_literal(
    value: object, literal: str
) -> None:
    default = Default(value)
    assert default.value is value
    assert default.literal == literal
    hash(Constraints(default=Default([1, 2])))  # a list default does not make the IR unhashable


def test_the_registry_builds_the_tree() -> None:
    registry = SchemaRegistry(
        {
            "components": {
                "schemas": {
                    "Pet": {"type": "object", "properties": {"id": {"type": "integer"}}},
                    "Color": {"enum": ["red", "green", None]},
                    "PetId": {"type": "string", "format": "uuid"},
                }
            }
        }
    )

    def type_of(schema: dict[str, object]) -> TypeExpr:
        return registry.type_of(registry.rewritten(schema), "Hint")

    assert type_of({"$ref": "#/components/schemas/Pet"}) == ModelRef("Pet")
    assert type_of({"$ref": "#/components/schemas/PetId"}) == Alias(
        "PetId", Primitive("string", "uuid")
    )
    assert type_of({"$ref": "#/components/schemas/Color"}) == Nullable(
        Alias("Color", Literal(("red", "green")))
    )
    listed = type_of({"type": ["array", "null"], "items": {"$ref": "#/components/schemas/Pet"}})
    assert listed == Union((ListOf(ModelRef("Pet")), NoneType()))
    assert listed.annotation == "list[models.Pet] | None"
    assert type_of({"type": "object", "additionalProperties": {"type": "integer"}}) == MapOf(INT)
    assert type_of({"type": "object"}) == AnyObject()
    assert type_of({"const": 3}) == Literal((3,), const=True)
    inline = type_of({"type": "object", "properties": {"name": {"type": "string"}}})
    assert isinstance(inline, ModelRef) and inline.name in registry.schemas  # lifted into a model


def test_literal_members_of_a_union_are_written_as_one_literal() -> None:
    t = union([Literal(("a", "b")), Primitive("string"), Literal((-1, 1, True))])
    assert python(t) == "Literal['a', 'b', -1, 1, True] | str"
    assert python(union([Primitive("integer"), Literal(("x",))])) == "int | Literal['x']"
