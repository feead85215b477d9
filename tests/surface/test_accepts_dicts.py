"""Parameters typed with a model also accept its TypedDict (the model validates the dict)."""

from __future__ import annotations

from generator.render.annotations import accepts_dicts

OBJECTS = frozenset({"Address", "Message"})


def test_object_models_are_widened_wherever_they_appear() -> None:
    assert accepts_dicts("models.Address", OBJECTS) == "models.Address | params.AddressParam"
    assert (
        accepts_dicts("list[models.Message] | None", OBJECTS)
        == "list[models.Message | params.MessageParam] | None"
    )
    # Inside the params module itself the TypedDict is not qualified.
    assert accepts_dicts("models.Address", OBJECTS, "") == "models.Address | AddressParam"


def test_enums_scalars_and_string_literals_are_left_alone() -> None:
    assert accepts_dicts("models.Color", OBJECTS) == "models.Color"
    assert accepts_dicts("Literal['models.Address']", OBJECTS) == "Literal['models.Address']"
    assert accepts_dicts("str | None", OBJECTS) == "str | None"
    assert accepts_dicts("models.AddressBook", OBJECTS) == "models.AddressBook"
