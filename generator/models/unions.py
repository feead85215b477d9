"""A model member beats a free-form object member in the unions of models.py's fields.

A field typed `Limit | dict[str, Any]` (an `anyOf` of a schema and a free-form object) is validated
by pydantic's smart-mode union, which takes the member the value matches exactly: a JSON object
matches `dict[str, Any]` exactly, while `Limit` needs converting (its datetimes, its enums), so the
field stays a dict although the payload is a `Limit` (the same choice the runtime's `_prefer_models`
undoes for a method's own return). Member order does not change smart mode, so each such union is
written, on datamodel-code-generator's output, as a left-to-right union with its models first:

    limit: Annotated[Limit | dict[str, Any] | None, Field(union_mode="left_to_right")]

- several models keep pydantic's best fit among themselves: `Annotated[A | B, Field(union_mode=
  "smart")]` is the first member;
- the other members (the dicts, scalars, lists) keep smart mode among themselves when more than
  one of them could take a value (`dict[str, Any] | str | int`: `"5"` stays a string), `None` last;
- everywhere a type is written: a field, a list's item (`list[Annotated[Limit | dict[str, Any],
  ...]]`), a RootModel's `root`, a type alias.

mypy reads `Annotated[X, ...]` as `X`: the declared types do not change. Deterministic: a function
of the source.
"""

from __future__ import annotations

import ast
import re

from ..module_tree import module_tree
from ..verify import code_nodes
from .source_lines import Edit, apply_edits, line_starts, node_position
from .type_aliases import _import_typing, is_type_alias

_DICTS = frozenset({"dict", "Dict"})
_LEFT_TO_RIGHT = 'Field(union_mode="left_to_right")'
_SMART = 'Field(union_mode="smart")'
_PYDANTIC_IMPORT = re.compile(r"^from pydantic import ([A-Za-z_, ]+)$", re.MULTILINE)


def prefer_models(source: str) -> str:
    """`source` (models.py) with every union of a model and a dict written model first, left to
    right (see the module docstring)."""
    data = source.encode("utf-8")
    edits = model_union_edits(module_tree(source), data, line_starts(data))
    return with_union_imports(apply_edits(data, edits).decode("utf-8")) if edits else source


def model_union_edits(tree: ast.Module, data: bytes, starts: list[int]) -> list[Edit]:
    """The rewrites `prefer_models` makes in `data`, parsed as `tree` (the imports they need:
    `with_union_imports`)."""
    models = model_classes(tree)
    if not models:
        return []
    rewriter = _Rewriter(data, starts, models)
    edits: list[Edit] = []
    for annotation in _annotations(tree):
        if not _names_a_dict(annotation):
            continue  # no union in it has a dict member: nothing to rewrite
        text = rewriter.text(annotation)
        span = rewriter.span(annotation)
        if span is not None and text != data[span[0] : span[1]]:
            edits.append((span[0], span[1], text))
    return edits


def with_union_imports(source: str) -> str:
    return import_pydantic(_import_typing(source, {"Annotated"}), {"Field"})


def model_classes(tree: ast.Module) -> frozenset[str]:
    """The model classes of a models module, subclasses too: BaseModels and RootModels (a named
    model beats the anonymous dict, as in the runtime's parsing of a method's return), not enums."""
    classes = [node for node in tree.body if isinstance(node, ast.ClassDef)]
    found = {"BaseModel", "RootModel"}
    grown = True
    while grown:
        grown = False
        for node in classes:
            heads = [b.value if isinstance(b, ast.Subscript) else b for b in node.bases]
            if node.name not in found and any(
                isinstance(head, ast.Name) and head.id in found for head in heads
            ):
                found.add(node.name)
                grown = True
    return frozenset(found - {"BaseModel", "RootModel"})


def _annotations(tree: ast.Module) -> list[ast.expr]:
    """The types written in `tree`: fields (and a RootModel's `root`), type aliases' values."""
    found: list[ast.expr] = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            for stmt in node.body:
                if (
                    isinstance(stmt, ast.AnnAssign)
                    and isinstance(stmt.target, ast.Name)
                    and stmt.target.id != "model_config"
                ):
                    found.append(stmt.annotation)
        elif is_type_alias(node) and isinstance(node, ast.AnnAssign) and node.value is not None:
            found.append(node.value)
    return found


class _Rewriter:
    def __init__(self, data: bytes, starts: list[int], models: frozenset[str]) -> None:
        self._data, self._starts, self._models = data, starts, models

    def span(self, node: ast.AST) -> tuple[int, int] | None:
        """`node`'s bytes in the source: (start, end) offsets."""
        where = node_position(node)
        if where is None:
            return None
        first, last, start, end = where
        return self._starts[first - 1] + start, self._starts[last - 1] + end

    def text(self, node: ast.AST) -> bytes:
        """`node`'s source with the unions inside it rewritten."""
        span = self.span(node)
        if span is None:
            return b""
        members = _union_members(node)
        if len(members) > 1:
            rewritten = self._union(members)
            if rewritten is not None:
                return rewritten
        out = self._data[span[0] : span[1]]
        # the children, right to left, each with its own unions rewritten
        for child in sorted(
            ast.iter_child_nodes(node), key=lambda n: self.span(n) or (0, 0), reverse=True
        ):
            where = self.span(child)
            if where is None or not isinstance(child, ast.expr):
                continue
            text = self.text(child)
            if text != self._data[where[0] : where[1]]:
                out = out[: where[0] - span[0]] + text + out[where[1] - span[0] :]
        return out

    def _is_model(self, node: ast.expr) -> bool:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value in self._models  # a forward reference: "Limit"
        return isinstance(node, ast.Name) and node.id in self._models

    def _union(self, members: list[ast.expr]) -> bytes | None:
        models = [m for m in members if self._is_model(m)]
        if not models or not any(map(_is_dict, members)):
            return None
        nones = [m for m in members if isinstance(m, ast.Constant) and m.value is None]
        rest = [m for m in members if m not in models and m not in nones]
        first = self._group(models)
        parts = [first, self._group(rest), *(self.text(m) for m in nones)]
        return b"Annotated[" + b" | ".join(parts) + b", " + _LEFT_TO_RIGHT.encode() + b"]"

    def _group(self, members: list[ast.expr]) -> bytes:
        """Members that keep smart mode among themselves (one member: as it is)."""
        joined = b" | ".join(self.text(m) for m in members)
        if len(members) == 1:
            return joined
        return b"Annotated[" + joined + b", " + _SMART.encode() + b"]"


def _union_members(node: ast.AST) -> list[ast.expr]:
    """The members of `A | B | C` (one member for anything else)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _union_members(node.left) + _union_members(node.right)
    return [node] if isinstance(node, ast.expr) else []


def _names_a_dict(annotation: ast.expr) -> bool:
    """`annotation` names `dict` somewhere: a union in it may have a dict member (`_is_dict`)."""
    return any(type(n) is ast.Name and n.id in _DICTS for n in code_nodes(annotation))


def _is_dict(node: ast.expr) -> bool:
    head = node.value if isinstance(node, ast.Subscript) else node
    return isinstance(head, ast.Name) and head.id in _DICTS


def import_pydantic(source: str, needed: set[str]) -> str:
    """`source` importing `needed` from pydantic too (dmcg writes its imports one a line)."""
    found = _PYDANTIC_IMPORT.search(source)
    if found is None:
        line = f"from pydantic import {', '.join(sorted(needed))}\n"
        future = "from __future__ import annotations\n"
        return source.replace(future, f"{future}\n{line}", 1)
    names = {n.strip() for n in found.group(1).split(",")}
    if needed <= names:
        return source
    line = f"from pydantic import {', '.join(sorted(names | needed))}"
    return source[: found.start()] + line + source[found.end() :]
