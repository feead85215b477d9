"""Parameters typed with a model also accept its TypedDict (the model validates the dict)."""

from __future__ import annotations

from generator.ir.types import Alias, ListOf, Literal, ModelRef, Primitive, nullable
from generator.render.annotations import annotation

# (model, its TypedDict's name) pairs, as `Api.param_names` gives them
OBJECTS = frozenset({("Address", "AddressParam"), ("Message", "MessageParam")})


def test_object_models_are_widened_wherever_they_appear() -> None:
    assert annotation(ModelRef("Address"), dicts=OBJECTS) == "models.Address | params.AddressParam"
    assert (
        annotation(nullable(ListOf(ModelRef("Message"))), dicts=OBJECTS)
        == "list[models.Message | params.MessageParam] | None"
    )
    # Inside the params module itself the TypedDict is not qualified.
    assert annotation(ModelRef("Address"), (), OBJECTS, "") == "models.Address | AddressParam"
    # the TypedDict's own name, whatever it is (ir/params.py `param_name`)
    renamed = {("GiftParam", "GiftParamDict")}
    assert (
        annotation(ModelRef("GiftParam"), dicts=renamed)
        == "models.GiftParam | params.GiftParamDict"
    )


def test_enums_scalars_and_string_literals_are_left_alone() -> None:
    assert annotation(ModelRef("Color"), dicts=OBJECTS) == "models.Color"
    assert annotation(Literal(("models.Address",)), dicts=OBJECTS) == "Literal['models.Address']"
    assert annotation(Alias("Address", Primitive("string")), dicts=OBJECTS) == "str"
    assert annotation(nullable(Primitive("string")), dicts=OBJECTS) == "str | None"
    assert annotation(ModelRef("AddressBook"), dicts=OBJECTS) == "models.AddressBook"


def test_shadowed_builtins_are_qualified_outside_literals_only() -> None:
    """A resource with a method `list` (or a nested resource `dict`): its later signatures say
    `builtins.list[...]`; a literal value that reads like a builtin is left as it is."""
    shadowed = ["list", "str", "retrieve"]
    assert annotation(ListOf(Primitive("string")), shadowed) == "builtins.list[builtins.str]"
    assert annotation(Literal(("list", "str")), shadowed) == "Literal['list', 'str']"
    assert (
        annotation(ListOf(ModelRef("Message")), ["list", "str"], OBJECTS)
        == "builtins.list[models.Message | params.MessageParam]"
    )
