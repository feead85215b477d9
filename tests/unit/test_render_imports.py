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


PARAMS = '''"""Doc mentioning Any and models."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Annotated, Literal, Required, TypeAlias, TypedDict, cast

from ._runtime import lazy_module

if TYPE_CHECKING:
    from . import models
else:
    models = lazy_module(".models", __package__)

UnionParam: TypeAlias = "models.A | AParam"

AParam = TypedDict("AParam", {"a-b": "Required[str]", "c": "Literal['Any', 'cast']"})

NOTE = "Annotated"


def f(x: "list[Annotated[int, 'cast']]") -> None:
    pass
'''


def test_names_inside_string_annotations_count() -> None:
    """A functional TypedDict's values and a TypeAlias's value are annotations: the names in them
    (`models`, `Required`, `Literal`, `Annotated` in a parameter's) keep their imports, and the
    `models` block its lazy twin; words in a docstring, a plain string, a `Literal[...]` or an
    `Annotated[...]` metadata string (`Any`, `cast`) do not."""
    text = tidy(PARAMS)
    assert (
        "from typing import TYPE_CHECKING, Annotated, Literal, Required, TypeAlias, TypedDict\n"
        in text
    )
    assert "    from . import models\nelse:\n    models = lazy_module(" in text
    assert "from ._runtime import lazy_module\n" in text


def test_a_string_that_is_no_annotation_keeps_nothing() -> None:
    text = tidy(PARAMS.replace('UnionParam: TypeAlias = "models.A | AParam"', 'U = "models.A"'))
    assert "from . import models" not in text and "lazy_module" not in text
    assert "TYPE_CHECKING" not in text and "TypeAlias" not in text
    assert "from typing import Annotated, Literal, Required, TypedDict\n" in text


def test_the_comment_after_else_is_kept() -> None:
    source = SOURCE.replace("else:\n", "else:  # why it is lazy\n")
    assert "else:  # why it is lazy\n    models = lazy_module(" in tidy(source)
