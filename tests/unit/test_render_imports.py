"""generator/render/imports.py: a module's opening imports cut to what it uses, in isort's order."""

from __future__ import annotations

from generator.render.imports import dunder_all_key, tidy

SOURCE = '''"""Doc."""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING, Any, cast
from collections.abc import Mapping

from .._runtime import NOT_GIVEN, Omit, omit, lazy_module, SyncPage

if TYPE_CHECKING:
    from .. import models
    from .child import Child, AsyncChild
else:
    models = lazy_module("..models", __package__)

__all__ = ["Thing", "AsyncThing"]


class Thing:
    def get(self, x: Mapping[str, Any] | Omit = omit) -> models.Thing:
        from .child_with_a_rather_long_module_name_indeed_here import AsyncChildWithALongName
        return AsyncChildWithALongName(x)
'''


def test_unused_names_go_and_the_rest_is_sorted() -> None:
    assert tidy(SOURCE) == '''"""Doc."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._runtime import Omit, lazy_module, omit

if TYPE_CHECKING:
    from .. import models
else:
    models = lazy_module("..models", __package__)

__all__ = ["AsyncThing", "Thing"]


class Thing:
    def get(self, x: Mapping[str, Any] | Omit = omit) -> models.Thing:
        from .child_with_a_rather_long_module_name_indeed_here import (
            AsyncChildWithALongName,
        )
        return AsyncChildWithALongName(x)
'''


def test_a_type_checking_block_nothing_uses_goes_with_its_lazy_twin() -> None:
    text = tidy(SOURCE.replace("-> models.Thing", "-> None"))
    assert "TYPE_CHECKING" not in text and "lazy_module" not in text and "models" not in text


def test_dunder_all_order_is_ruffs() -> None:
    names = ["omit", "Item10", "NOT_GIVEN", "Item2", "APIError", "ApiKey"]
    assert sorted(names, key=dunder_all_key) == [
        "NOT_GIVEN",
        "APIError",
        "ApiKey",
        "Item2",
        "Item10",
        "omit",
    ]


def test_a_module_that_does_not_parse_is_left_for_verify() -> None:
    broken = "import os\n\ndef f(:\n"
    assert tidy(broken) == broken
