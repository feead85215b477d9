"""Scalar root models as type aliases and the IR's named aliases, written in one pass over one
parse of datamodel-code-generator's models.py (generator/models/type_aliases.py): where each goes
and the one `typing` import they need."""

from __future__ import annotations

import ast
import textwrap

from generator.models.type_aliases import scalar_aliases

HEAD = "from __future__ import annotations\n\nfrom pydantic import BaseModel, RootModel, constr\n"


def _models(*classes: str) -> str:
    return HEAD + "".join("\n\n" + textwrap.dedent(c) for c in classes)


KEPT = """\
    class Pet(BaseModel):
        name: Name
        tag: Tag | None = None
    """
NAME = """\
    class Name(RootModel[constr(max_length=3)]):
        root: constr(max_length=3)
    """
TAG = """\
    class Tag(RootModel[str]):
        \"\"\"A tag.\"\"\"

        root: str
    """


def test_named_aliases_follow_the_last_class_left_and_scalar_aliases_follow_them() -> None:
    source = _models(KEPT, NAME, TAG, "Pet.model_rebuild()\n")
    text = scalar_aliases(source, frozenset({"Pet", "Tag"}), {"Animal": "Pet"})
    assert text == (
        "from __future__ import annotations\n\n"
        "from typing import Annotated, TypeAlias\n\n"
        "from pydantic import BaseModel, RootModel, constr\n\n\n"
        "class Pet(BaseModel):\n"
        "    name: Annotated[str, Field(max_length=3)]\n"  # no IR name: inlined
        "    tag: Tag | None = None\n"
        "\n\nAnimal: TypeAlias = Pet\n"
        "\n\n\n\n"  # where the classes were: black's to tidy
        "\n\nTag: TypeAlias = str\n"
        '"""A tag."""\n'
        "\n\nPet.model_rebuild()\n"
    )
    ast.parse(text)


def test_named_aliases_alone_after_the_last_class() -> None:
    source = _models(KEPT, "class Other(BaseModel):\n    x: int\n")
    text = scalar_aliases(source, frozenset({"Pet"}), {"Animal": "Pet", "Beast": "Pet"})
    assert text.endswith("    x: int\n\n\nAnimal: TypeAlias = Pet\n\n\nBeast: TypeAlias = Pet\n")
    assert "from typing import TypeAlias\n" in text
    assert scalar_aliases(source, frozenset({"Pet"}), {}) == source


def test_named_aliases_after_a_last_line_without_a_line_break() -> None:
    """dmcg's models.py may end without a line break (github's does): the named aliases go after
    the line break the scalar aliases bring, as when they were added to the rewritten text."""
    source = _models(TAG, KEPT).rstrip("\n")
    text = scalar_aliases(source, frozenset({"Pet", "Tag"}), {"Animal": "Pet"})
    assert text.endswith(
        "    tag: Tag | None = None\n\n\nAnimal: TypeAlias = Pet\n\nTag: TypeAlias = str\n"
        '"""A tag."""\n'
    )
    alone = scalar_aliases(_models(KEPT).rstrip("\n"), frozenset({"Pet"}), {"Animal": "Pet"})
    assert alone.endswith("    tag: Tag | None = None\n\nAnimal: TypeAlias = Pet\n")
