"""Presence alternatives as model validators: "`image_url` or `file_id` must be present".

A schema with `properties` beside `anyOf: [{required: [image_url]}, {required: [file_id]}]` (or
`oneOf`, or `not: {required: [a, b]}`) says which of its properties must be present together; it
does not change the fields. datamodel-code-generator would make numbered classes of the
alternatives, so the models stage drops them (models/__init__.py: drop_presence_alternatives) and
this module writes each class's rules back, on dmcg's output, as one `model_validator`:

    @model_validator(mode="after")
    def _check_ImageRefParam_presence(self) -> ImageRefParam:
        present = self.model_fields_set
        if not ({"image_url"} <= present or {"file_id"} <= present):
            raise ValueError("at least one of these must be present: image_url | file_id")
        return self

Present means given (JSON Schema's `required`: the key is there, null or not), which is what
pydantic's `model_fields_set` holds (declared fields by their Python name, extra keys as sent).
The SDK checks a request body before sending it (a `RequestValidationError`, nothing sent), the
server stubs answer 422, strict parsing of a response raises; lenient parsing keeps what came.
The method is named after its class: a subclass with rules of its own keeps its base's check.
Deterministic: a function of the source and the rules.
"""

from __future__ import annotations

import ast
from typing import Any

from ..module_tree import module_tree
from ..render.escape import pystr
from .source_lines import code_lines
from .unions import import_pydantic


def presence_validators(source: str, rules: dict[str, list[tuple[str, Any]]]) -> str:
    """`source` (models.py) with a presence validator in each class `rules` names (a class
    dmcg did not make, a RootModel or an alias, gets none: its schema had no properties)."""
    if not rules:
        return source
    tree = module_tree(source)
    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
    inserts: dict[int, str] = {}  # after this line (1-based): the method
    for name, class_rules in rules.items():
        node = classes.get(name)
        if node is None or not _is_model(node, classes):
            continue
        fields = _python_names(node, classes)
        inserts[node.end_lineno or node.lineno] = _method(name, class_rules, fields)
    if not inserts:
        return source
    lines = code_lines(source)
    out: list[str] = []
    for number, line in enumerate(lines, start=1):
        out.append(line)
        if number in inserts:
            out.append(inserts[number])
    return import_pydantic("".join(out), {"model_validator"})


def _is_model(node: ast.ClassDef, classes: dict[str, ast.ClassDef], depth: int = 0) -> bool:
    for base in node.bases:
        if isinstance(base, ast.Name):
            if base.id == "BaseModel":
                return True
            parent = classes.get(base.id)
            if parent is not None and depth < 50 and _is_model(parent, classes, depth + 1):
                return True
    return False


def _python_names(
    node: ast.ClassDef, classes: dict[str, ast.ClassDef], depth: int = 0
) -> dict[str, str]:
    """Wire name -> Python field name, for the fields the class declares or inherits."""
    names: dict[str, str] = {}
    for base in node.bases:
        parent = classes.get(base.id) if isinstance(base, ast.Name) else None
        if parent is not None and depth < 50:
            names.update(_python_names(parent, classes, depth + 1))
    for stmt in node.body:
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            wire = stmt.target.id
            call = stmt.value
            for keyword in call.keywords if isinstance(call, ast.Call) else []:
                if (
                    keyword.arg == "alias"
                    and isinstance(keyword.value, ast.Constant)
                    and isinstance(keyword.value.value, str)
                ):
                    wire = keyword.value.value
            names[wire] = stmt.target.id
    return names


def _method(class_name: str, rules: list[tuple[str, Any]], fields: dict[str, str]) -> str:
    checks: list[str] = []
    for keyword, value in rules:
        if keyword == "not":
            condition, why = _holds(value, fields), "these must not all be present"
            checks.append(f"        if {condition}:\n")
            listed = ", ".join(value.get("required", []))
        else:
            conditions = [_holds(member, fields) for member in value]
            single = _single_names(value, fields)
            if keyword == "oneOf":
                condition = (
                    f"len(present & {single}) != 1"
                    if single
                    else f"sum(({', '.join(conditions)},)) != 1"
                )
                why = "exactly one of these must be present"
            else:
                condition = (
                    f"not present & {single}" if single else f"not ({' or '.join(conditions)})"
                )
                why = "at least one of these must be present"
            checks.append(f"        if {condition}:\n")
            listed = " | ".join(_described(member) for member in value)
        checks.append(f"            raise ValueError({pystr(f'{why}: {listed}')})\n")
    return (
        "\n"
        '    @model_validator(mode="after")\n'
        f"    def _check_{class_name}_presence(self) -> {class_name}:\n"
        "        present = self.model_fields_set\n" + "".join(checks) + "        return self\n"
    )


def _single_names(members: list[dict[str, Any]], fields: dict[str, str]) -> str:
    """`{"a", "b"}` when each member requires one property of its own and nothing else, else "": a
    check of how many of them are present."""
    names: list[str] = []
    for member in members:
        required = member.get("required", [])
        if "not" in member or len(required) != 1:
            return ""
        names.append(fields.get(required[0], required[0]))
    if len(set(names)) != len(names):
        return ""
    return "{" + ", ".join(pystr(name) for name in names) + "}"


def _holds(member: dict[str, Any], fields: dict[str, str]) -> str:
    """A Python condition that `member` (a presence-only schema) holds for `present`."""
    parts: list[str] = []
    required = list(dict.fromkeys(member.get("required", [])))
    if required:
        names = ", ".join(pystr(fields.get(name, name)) for name in required)
        parts.append(f"{{{names}}} <= present")
    if "not" in member:
        parts.append(f"not ({_holds(member['not'], fields)})")
    return " and ".join(parts) if parts else "True"


def _described(member: dict[str, Any]) -> str:
    text = " and ".join(member.get("required", [])) or "anything"
    if "not" in member:
        text += f" without ({_described(member['not'])})"
    return text
