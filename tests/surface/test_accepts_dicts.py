"""Parameters typed with an object model also accept a plain dict (the model validates it)."""

from __future__ import annotations

from generator.render.annotations import accepts_dicts

OBJECTS = frozenset({"Address", "Message"})


def test_object_models_are_widened_wherever_they_appear() -> None:
    assert accepts_dicts("models.Address", OBJECTS) == "models.Address | Mapping[str, object]"
    assert (
        accepts_dicts("list[models.Message] | None", OBJECTS)
        == "list[models.Message | Mapping[str, object]] | None"
    )


def test_enums_scalars_and_string_literals_are_left_alone() -> None:
    assert accepts_dicts("models.Color", OBJECTS) == "models.Color"
    assert accepts_dicts("Literal['models.Address']", OBJECTS) == "Literal['models.Address']"
    assert accepts_dicts("str | None", OBJECTS) == "str | None"
    assert accepts_dicts("models.AddressBook", OBJECTS) == "models.AddressBook"
