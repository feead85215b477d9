"""Exit-3s the hostile fuzzer (test_hostile_fuzz.py) found, each as the small spec that hits it.

1. `allOf: [{object}, {oneOf: [Enum]}]` (the fuzzer's component `len`, and the reported `and`):
   the IR called the schema an object model, datamodel-code-generator made a RootModel of the
   union (here an enum), and check_declared_types raised TypeInvariantError ("the schema is an
   object, the class an Enum"). Whenever a union part of an allOf has a member that is a class of
   its own, dmcg makes a RootModel of (member + the other parts) for each member, never an object
   class; the IR's kind says so now (SchemaRegistry.splits_on_union). With an object member the
   invariant did not fire but the IR still typed a RootModel as an object model.
2. A component `None` (`True`, `False`) was the class `None_` in the IR, `1abc` the class
   `Model_1Abc`; datamodel-code-generator prints a class name without its underscores and numbered
   (`None1`, `Model1Abc`): the models had no `None_` (the client and api.md named a class that does
   not exist), and when another schema was named `None1` one of the two took the other's class
   ("the schema is an enum, the class an object"). naming.pascal makes no underscore now.
3. The classes dmcg splits a schema of (1.) into are numbered (`Thing1` for the other parts,
   `Thing2`... for the members) against the names it has met so far: a component `Thing3` after
   `Thing` found its name taken and became `Thing31`, and `Thing3` was the object part. The model
   document puts those schemas last (SchemaRegistry.model_document).
4. A property `x: {oneOf: [{const: a}, {const: b}]}` is an Enum class to dmcg, which named it
   after the field (`X`): a component `X` after it became `X1`, and `X` was the enum. The IR lifts
   such a union (is_const_union) under a name of its own (`ThingX`), as it lifts an inline enum.
   So are the other enums dmcg makes a class of: `[a, null]`, `[a, a]`, `anyOf: [{const: a},
   {type: null}]` (is_enum_class), their null left to the field. A component of that kind is
   `RootModel[<Name>Enum | None]`: it goes last in the model document, as in 3.
5. A property `Enum: {allOf: [{type: null}]}` (one inline part) was a class dmcg named after the
   field, `Enum`, shadowing the import `Enum`; the scalar-alias pass then rewrote the field `Enum`
   of another class to `None:` and models.py did not parse (SyntaxError, exit 3). `allOf` of one
   inline part is that part now (with the keywords beside it), lifted as any other schema.
6. (An import error, not an exit 3: `--hypothesis-seed=13` of the slow fuzz test.) `Flag: {type:
   boolean}` and an object whose `additionalProperties` is `oneOf: [string, $ref Flag]`: dmcg
   writes `__annotations__ = {'__pydantic_extra__': Dict[str, str | Flag]}` in the class body,
   which runs when the class is made, and the scalar-alias pass had put `Flag: TypeAlias = bool`
   after the last class: models.py as one module raised NameError on import. An alias a class
   statement reads when it runs stays where dmcg had its class (type_aliases._read_early).
"""

from __future__ import annotations

import sys
import types
import warnings
from typing import Any

import pytest

from generator.config import Config
from generator.models import class_shapes

from .harness import render_document

REF = "#/components/schemas/"
OBJECT = {"type": "object", "properties": {"x": {"type": "string"}}, "required": ["x"]}
UNTYPED_OBJECT = {"properties": {"x": {"type": "string"}}}
OTHER = {"type": "object", "properties": {"y": {"type": "string"}}}
ENUM = {"type": "string", "enum": ["a", "b"]}
INTEGER = {"type": "integer"}
CONSTS = [{"const": "a"}, {"const": "b"}]
REF_OTHER = {"$ref": REF + "Other"}
SHARED = {
    "Text": {"type": "string"},
    "Letters": ENUM,
    "Other": OTHER,
    "Base": OBJECT,
    "Either": {"oneOf": [OTHER, INTEGER]},
}

# allOf parts of the schema under test, and the kind of class dmcg makes of it.
CASES: dict[str, tuple[list[Any], str]] = {
    "inline enum": ([OBJECT, {"oneOf": [ENUM]}], "root"),
    "inline enum, anyOf": ([OBJECT, {"anyOf": [ENUM]}], "root"),
    "inline enum beside a scalar": ([OBJECT, {"oneOf": [ENUM, INTEGER]}], "root"),
    "enum component": ([OBJECT, {"oneOf": [{"$ref": REF + "Letters"}]}], "root"),
    "object component as the base": ([{"$ref": REF + "Base"}, {"oneOf": [ENUM]}], "root"),
    "untyped object": ([UNTYPED_OBJECT, {"oneOf": [ENUM]}], "root"),
    "union in a nested allOf": ([OBJECT, {"allOf": [{"oneOf": [ENUM, INTEGER]}]}], "root"),
    "union beside properties": ([{**OBJECT, "oneOf": [ENUM, INTEGER]}, OTHER], "root"),
    "scalar component member": ([OBJECT, {"oneOf": [{"$ref": REF + "Text"}, INTEGER]}], "root"),
    "object member": ([OBJECT, {"oneOf": [OTHER, INTEGER]}], "root"),
    "nullable object member": ([OBJECT, {"anyOf": [OTHER, {"type": "null"}]}], "root"),
    "a referenced union": ([OBJECT, {"$ref": REF + "Either"}], "root"),
    "const union member": ([OBJECT, {"oneOf": [{"anyOf": CONSTS}, INTEGER]}], "root"),
    # lifted (`ThingVariant1`, its null left to the member: `anyOf: [$ref, null]`, no class)
    "enum member with null": ([OBJECT, {"oneOf": [{"enum": ["a", None]}, INTEGER]}], "object"),
    "allOf member of one component": (
        [OBJECT, {"oneOf": [{"allOf": [REF_OTHER]}, INTEGER]}],
        "root",
    ),
    "allOf member of two scalars": (
        [OBJECT, {"oneOf": [{"allOf": [INTEGER, {"minimum": 1}]}, {"type": "string"}]}],
        "root",
    ),
    # no member is a class of its own: the union is dropped, the class is an object
    "allOf member of a scalar (it is the scalar)": (
        [OBJECT, {"oneOf": [{"allOf": [INTEGER]}, {"type": "string"}]}],
        "object",
    ),
    "scalar members only": ([OBJECT, {"oneOf": [INTEGER, {"type": "string"}]}], "object"),
    "single-value enum": (
        [OBJECT, {"oneOf": [{"type": "string", "enum": ["a"]}, INTEGER]}],
        "object",
    ),
}


def _spec(name: str, parts: list[Any]) -> dict[str, Any]:
    ok = {"description": "ok", "content": {"application/json": {"schema": {"$ref": REF + name}}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/things": {
                "get": {"operationId": "getThing", "responses": {"200": ok}},
                "post": {
                    "operationId": "postThing",
                    "requestBody": {
                        "content": {"application/json": {"schema": {"$ref": REF + name}}}
                    },
                    "responses": {"200": ok},
                },
            }
        },
        "components": {"schemas": {**SHARED, name: {"allOf": parts}}},
    }


@pytest.mark.parametrize("case", sorted(CASES))
def test_allof_beside_a_union_is_the_kind_of_class_dmcg_makes(case: str) -> None:
    parts, made = CASES[case]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gen = render_document(_spec("Thing", parts), Config(server=False))  # no TypeInvariantError
    kinds = {str(m.class_name): m.kind for m in gen.api.models}
    shape = class_shapes(gen.renders["models.py"])["Thing"][0]
    assert (shape == "object") == (made == "object"), shape
    assert kinds["Thing"] == made
    assert ("Thing" in gen.api.object_models) == (made == "object")


@pytest.mark.parametrize("name", ["and", "len", "class", "None"])
def test_the_fuzzers_component_next_to_an_enum(name: str) -> None:
    """The fuzzer's shape under its own name (`len`; `and` in the report; keyword names)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gen = render_document(_spec(name, [OBJECT, {"oneOf": [ENUM]}]), Config(server=False))
    info = next(m for m in gen.api.models if m.schema_name == name)
    assert info.kind == "root"
    assert str(info.class_name) in class_shapes(gen.renders["models.py"])


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("None", "None1"),
        ("None1", "None"),
        ("True", "True1"),
        ("1abc", "Model1Abc"),
        ("_", "Model"),
    ],
)
def test_a_keyword_safe_class_name_is_the_class_the_models_hold(first: str, second: str) -> None:
    """Each component's class is in models.py under the IR's name, with the kind of its schema."""
    schemas: dict[str, Any] = {first: OBJECT, second: ENUM}
    document = _spec(first, [OBJECT, OTHER])
    document["components"]["schemas"] = schemas
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gen = render_document(document, Config(server=False))
    shapes = class_shapes(gen.renders["models.py"])
    made = {
        str(m.schema_name): shapes.get(str(m.class_name), ("missing",))[0] for m in gen.api.models
    }
    assert made == {first: "object", second: "enum"}
    assert not [f for f in gen.findings.items if f.code == "model-missing"]


def test_a_schema_named_typealias_does_not_shadow_the_import_of_the_scalar_aliases() -> None:
    """models.py imports `TypeAlias` for its scalar aliases (`Short: TypeAlias = ...`); a class of
    that name after the import made every such annotation name the class."""
    document = _spec("TypeAlias", [OBJECT, OTHER])
    document["components"]["schemas"]["Short"] = {"type": "string", "maxLength": 3}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gen = render_document(document, Config(server=False))
    source = gen.renders["models.py"]
    assert "Short: TypeAlias = " in source and "class TypeAlias(" not in source
    assert "class TypeAliasModel(" in source


@pytest.mark.parametrize("before", [False, True])
def test_the_classes_dmcg_splits_a_schema_into_take_no_schemas_name(before: bool) -> None:
    split = {"allOf": [OBJECT, {"oneOf": [ENUM, OTHER]}]}
    numbered = {"Thing1": ENUM, "Thing2": OTHER, "Thing3": ENUM, "Thing4": OBJECT, "Thing5": ENUM}
    document = _spec("Thing", [OBJECT, OTHER])
    document["components"]["schemas"] = (
        {"Thing": split, **numbered} if before else {**numbered, "Thing": split}
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gen = render_document(document, Config(server=False))  # no TypeInvariantError
    shapes = class_shapes(gen.renders["models.py"])
    kinds = {name: shapes[name][0] for name in numbered}
    assert kinds == {
        name: "enum" if schema is ENUM else "object" for name, schema in numbered.items()
    }
    assert shapes["Thing"][0] == "root"


@pytest.mark.parametrize("where", ["property", "items", "anyOf with null"])
def test_a_union_of_consts_is_named_by_the_ir_not_after_its_field(where: str) -> None:
    union: dict[str, Any] = {"oneOf": CONSTS}
    if where == "anyOf with null":
        union = {"anyOf": [*CONSTS, {"type": "null"}]}
    field = {"type": "array", "items": union} if where == "items" else union
    document = _spec("Thing", [OBJECT, OTHER])
    document["components"]["schemas"] = {
        "Thing": {"type": "object", "properties": {"x": field}},
        "X": OBJECT,
        "XItem": OBJECT,
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gen = render_document(document, Config(server=False))  # no TypeInvariantError
    shapes = class_shapes(gen.renders["models.py"])
    assert shapes["X"][0] == "object" and shapes["XItem"][0] == "object"
    lifted = "ThingXItem" if where == "items" else "ThingX"
    assert shapes[lifted][0] == "enum"
    assert {str(m.class_name) for m in gen.api.models} == set(shapes) - {"Thing1"}


@pytest.mark.parametrize(
    "field",
    [
        {"type": "string", "enum": ["a", None]},
        {"type": "string", "enum": ["a", "a"]},
        {"oneOf": [{"const": "a"}, {"const": "a"}]},
        {"anyOf": [{"const": "a"}, {"type": "null"}]},
        {"oneOf": [{"const": "a"}, {"const": 1}]},
    ],
)
def test_every_enum_dmcg_makes_a_class_of_is_named_by_the_ir(field: dict[str, Any]) -> None:
    """dmcg named these after their field (`P`, or `PEnum` inside a RootModel `P`), taking the
    name of a component met later."""
    document = _spec("Thing", [OBJECT, OTHER])
    document["components"]["schemas"] = {
        "Thing": {
            "type": "object",
            "properties": {"p": field, "q": {"type": "array", "items": field}},
        },
        **{name: OBJECT for name in ("P", "PEnum", "Q", "QEnum", "QItem", "QItemEnum")},
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gen = render_document(document, Config(server=False))  # no TypeInvariantError
    shapes = class_shapes(gen.renders["models.py"])
    assert {str(m.class_name) for m in gen.api.models} == set(shapes)  # no class dmcg named
    assert all(shapes[name][0] == "object" for name in ("P", "PEnum", "Q", "QEnum", "QItemEnum"))


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string", "enum": ["a", "b", None]},
        {"type": "string", "nullable": True, "enum": ["a", "b"]},
        {"anyOf": [{"const": "a"}, {"type": "null"}]},
    ],
)
def test_a_nullable_enum_component_leaves_its_enums_name_to_a_later_schema(
    schema: dict[str, Any],
) -> None:
    document = _spec("Thing", [OBJECT, OTHER])
    document["components"]["schemas"] = {"Thing": schema, "ThingEnum": OBJECT}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gen = render_document(document, Config(server=False))  # no TypeInvariantError
    assert class_shapes(gen.renders["models.py"])["ThingEnum"][0] == "object"


def test_an_allof_of_one_inline_part_is_that_part() -> None:
    """The focused fuzzer's spec (SyntaxError in models.py), and an object under `allOf` named by
    the IR, not after its field."""
    document = _spec("Thing", [OBJECT, OTHER])
    document["components"]["schemas"] = {
        "Thing": {
            "type": "object",
            "properties": {
                "Enum": {"allOf": [{"type": "null"}]},
                "enum": {
                    "type": "object",
                    "properties": {"Enum": ENUM, "item": {"type": "string"}},
                },
                "p": {"allOf": [OTHER], "description": "the other"},
            },
        },
        "P": OBJECT,
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gen = render_document(document, Config(server=False))  # parses
    shapes = class_shapes(gen.renders["models.py"])
    assert {str(m.class_name) for m in gen.api.models} == set(shapes)
    assert shapes["ThingP"][0] == "object" and shapes["P"][1] == frozenset({"x"})


@pytest.mark.parametrize("reader", ["extra", "base"])
def test_a_scalar_alias_a_class_reads_when_it_is_made_is_defined_before_it(reader: str) -> None:
    """models.py as one module imports: an alias that a class body or base reads at once (not in
    an annotation, which stays unevaluated) is defined before that class, and what it names too."""
    extra = {"oneOf": [{"type": "string"}, {"$ref": REF + "Flag"}]}
    thing: dict[str, Any] = {"type": "object", "properties": {"name": {"type": "string"}}}
    if reader == "extra":
        thing["additionalProperties"] = extra
    else:
        thing = {"type": "array", "items": {"oneOf": [{"$ref": REF + "Flags"}, OTHER]}}
    document = _spec("Thing", [OBJECT, OTHER])
    document["components"]["schemas"] = {
        "Flag": {"type": "boolean"},
        "Flags": {"type": "array", "items": {"$ref": REF + "Flag"}},
        "Thing": thing,
        "Other": OTHER,
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gen = render_document(document, Config(server=False))
    source = gen.renders["models.py"]
    assert "Flag: TypeAlias = bool" in source
    module = types.ModuleType(f"models_as_one_module_{reader}")
    sys.modules[module.__name__] = module  # pydantic looks its generic classes' module up
    try:
        exec(compile(source, "models.py", "exec"), module.__dict__)  # our own generated code
    finally:
        del sys.modules[module.__name__]
    assert isinstance(module.Thing, type)
