"""Model attributes in snake_case like the client's keyword arguments: `displayName` on the wire is
`display_name` in Python, with the wire name as its alias (models accept both, dump by alias).

datamodel-code-generator's own `snake_case_field` also renames enum members (`PENDING` ->
`pending`), which would break every enum of a package; its `aliases` option renames fields only.
So the aliases are computed here, per model document: every camelCase property name (an identifier
with an upper-case letter) gets its snake_case form, unless two properties of one schema would then
share a name, or the name would shadow pydantic's own (`model_*`). One switch: SNAKE_CASE_FIELDS.
"""

from __future__ import annotations

from typing import Any

from ..ir.naming import snake

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
