"""Model attributes in snake_case like the client's keyword arguments: `displayName` on the wire is
`display_name` in Python, with the wire name as its alias (models accept both, dump by alias).

datamodel-code-generator's own `snake_case_field` also renames enum members (`PENDING` ->
`pending`), which would break every enum of a package; its `aliases` option renames fields only.
So the aliases are computed here, per model document: every camelCase property name (an identifier
with an upper-case letter) gets its snake_case form, unless two properties of one schema would then
share a name, or the name would shadow pydantic's own (`model_*`). One switch: SNAKE_CASE_FIELDS.

datamodel-code-generator aliases some fields itself, whatever the option: a property that is not a
Python name (`foo-bar`, `api_key.created`, a keyword) is `foo_bar` with the alias `foo-bar`. With
no camelCase rename in the document there is no `populate_by_name`, so `Model(foo_bar=1)` kept
`foo_bar` as an *extra* key, sent under that name. `accept_python_names` gives such classes (and
only them: dmcg's own option would write it into every class) `populate_by_name=True`.
"""

from __future__ import annotations

import ast
from typing import Any

from ..ir.naming import snake
from ..module_tree import module_tree
from .source_lines import Edit, apply_edits, line_starts

SNAKE_CASE_FIELDS = True


def field_alias_options(document: Any) -> dict[str, object]:
    """Extra datamodel-code-generator options for `document`: {} when nothing is renamed."""
    if not SNAKE_CASE_FIELDS:
        return {}
    renamed: dict[str, str] = {}
    clashing: set[str] = set()
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        props = node.get("properties")
        if isinstance(props, dict):
            by_python: dict[str, str] = {}
            for raw in props:
                name = str(raw)
                python = snake(name) if _camel(name) else name
                if python in by_python and by_python[python] != name:
                    clashing.update((name, by_python[python]))
                by_python[python] = name
                if python != name:
                    renamed[name] = python
        stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
    aliases = {
        name: python
        for name, python in sorted(renamed.items())
        if name not in clashing and not python.startswith("model_")
    }
    if not aliases:
        return {}
    return {"aliases": aliases, "allow_population_by_field_name": True}


def _camel(name: str) -> bool:
    return name.isascii() and name.isidentifier() and any(c.isupper() for c in name)


def accept_python_names(source: str) -> str:
    """`source` (models.py) with `populate_by_name=True` in the `ConfigDict` of each class that
    has an aliased field and not that setting yet (module docstring)."""
    if "alias=" not in source:
        return source
    data = source.encode("utf-8")
    edits = python_name_edits(module_tree(source), data, line_starts(data))
    return apply_edits(data, edits).decode("utf-8") if edits else source


def python_name_edits(tree: ast.Module, data: bytes, starts: list[int]) -> list[Edit]:
    """The insertions `accept_python_names` makes into `data`, parsed as `tree`."""
    if b"alias=" not in data:
        return []
    edits: list[Edit] = []
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        config = _config_call(node)
        if config is None or not _has_alias(node):
            continue
        if any(k.arg == "populate_by_name" for k in config.keywords):
            continue
        if config.end_lineno is None or config.end_col_offset is None:
            continue
        line = starts[config.end_lineno - 1]
        at = line + config.end_col_offset - 1  # the config's `)`
        head = data[line:at].rstrip()
        if not head.strip():  # `)` alone on its line: the setting on a line above, as black has it
            indent = b" " * (at - line + 4)
            edits.append((line, line, indent + b"populate_by_name=True,\n"))
        else:
            lead = b"" if head.endswith((b"(", b",")) else b", "
            edits.append((at, at, lead + b"populate_by_name=True,"))
    return edits


def _config_call(node: ast.ClassDef) -> ast.Call | None:
    """The `ConfigDict(...)` of `model_config = ConfigDict(...)` in the class body."""
    for statement in node.body:
        if (
            isinstance(statement, ast.Assign)
            and [getattr(t, "id", None) for t in statement.targets] == ["model_config"]
            and isinstance(statement.value, ast.Call)
            and isinstance(statement.value.func, ast.Name)
            and statement.value.func.id == "ConfigDict"
            and not any(k.arg is None for k in statement.value.keywords)
        ):
            return statement.value
    return None


def _has_alias(node: ast.ClassDef) -> bool:
    """A field of the class is `Field(..., alias=...)`."""
    return any(
        isinstance(statement, ast.AnnAssign)
        and isinstance(statement.value, ast.Call)
        and isinstance(statement.value.func, ast.Name)
        and statement.value.func.id == "Field"
        and any(k.arg == "alias" for k in statement.value.keywords)
        for statement in node.body
    )
