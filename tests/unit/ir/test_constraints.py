"""generator/ir/constraints.py: the validation keywords the generated code enforces."""

from __future__ import annotations

from generator.ir.constraints import constraints
from generator.ir.model import Constraints, Default


def test_numbers_and_lengths() -> None:
    got = constraints(
        {"maxLength": 5, "minLength": 1, "maximum": 10, "minimum": 0.5, "maxItems": 3}
    )
    assert got == Constraints(max_length=5, min_length=1, maximum=10.0, minimum=0.5, max_items=3)
    assert isinstance(got.maximum, float)


def test_booleans_and_strings_are_not_numbers() -> None:
    got = constraints({"maxLength": True, "maximum": "10", "minimum": False, "maxItems": 2.0})
    assert got == Constraints()


def test_a_linear_pattern_is_kept_and_a_backtracking_one_left_out() -> None:
    assert constraints({"pattern": "^[a-z]+$"}).pattern == "^[a-z]+$"
    assert constraints({"pattern": "^(a+)+$"}).pattern == "^(a+)+$"  # no backtracking engine
    assert constraints({"pattern": r"^(a)\1$"}).pattern is None
    assert constraints({"pattern": r"^(?=x)\w+$"}).pattern is None
    assert constraints({"pattern": 5}).pattern is None


def test_default_and_format() -> None:
    got = constraints({"default": "asc", "format": "date-time"})
    assert (got.default, got.format) == (Default("asc"), "date-time")
    assert got.default is not None and got.default.literal == "'asc'"
    none_default = constraints({"default": None}).default
    assert none_default is not None and none_default.value is None
    assert constraints({"format": 3}).format is None and constraints({}).default is None
