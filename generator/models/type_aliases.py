"""Scalar root models as type aliases: `ParallelToolCalls: TypeAlias = bool`, not a class.

datamodel-code-generator makes a `RootModel` class of every schema that is not an object or an
enum: `ParallelToolCalls(RootModel[bool])`, `ModelIdsShared(RootModel[str | ModelIdsSharedEnum])`.
A user cannot write such a class as a field annotation (a `bool` is not a `ParallelToolCalls`), and
a value must be wrapped and unwrapped (`.root`). Its own `--use-type-alias` turns every root model
into an alias, unions of models too (`PaymentSource`, which the client declares and parses as a
class), so the scalar ones are rewritten here, on its output:

- a root model whose type names only scalars, enums and literals (and lists and dicts of them) is
  `Name: TypeAlias = <type>`, its constraints kept as `Annotated[<type>, Field(ge=0, ...)]`, its
  docstring after it; placed after the last class, where every enum it names is defined, unless a
  class statement reads it when it runs (`__annotations__ = {...: dict[str, Flag]}` in its body,
  a base): then where datamodel-code-generator had its class, before that reader;
- one datamodel-code-generator made up itself (an array item with constraints, `QueryItem`: no
  schema of the IR has that name) is not a name at all: its uses get the type in its place.

A root model whose type calls a function (`constr(...)`: no valid alias for mypy) stays a class.
Deterministic: a function of the source and the IR's class names.
"""

from __future__ import annotations

import ast
import re

from ..module_tree import module_tree
from ..verify import code_nodes
from .source_lines import code_lines, node_position

# Names a scalar root type may use besides enums (what dmcg imports for scalar formats).
_SCALAR_NAMES = frozenset(
    {
        "str",
        "int",
        "float",
        "bool",
        "None",
        "bytes",
        "Any",
        "Literal",
        "list",
        "dict",
        "AnyUrl",
        "AwareDatetime",
        "NaiveDatetime",
        "date",
        "datetime",
        "time",
        "timedelta",
        "UUID",
        "Decimal",
        "Base64Str",
        "Base64Bytes",
    }
)
# Field(...) arguments that constrain a value; the others (title, description, examples) document.
_CONSTRAINTS = frozenset(
    {
        "gt",
        "ge",
        "lt",
        "le",
        "multiple_of",
        "min_length",
        "max_length",
        "pattern",
        "strict",
        "allow_inf_nan",
        "max_digits",
        "decimal_places",
        "union_mode",
    }
)
_ENUM_BASES = frozenset({"Enum", "StrEnum", "IntEnum"})


def is_type_alias(node: ast.stmt) -> bool:
    """`Name: TypeAlias = ...`"""
    return (
        isinstance(node, ast.AnnAssign)
        and isinstance(node.target, ast.Name)
        and isinstance(node.annotation, ast.Name)
        and node.annotation.id == "TypeAlias"
    )


def alias_names(tree: ast.Module) -> frozenset[str]:
    """The type aliases at the top level of a (parsed) models module."""
    return frozenset(
        node.target.id
        for node in tree.body
        if isinstance(node, ast.AnnAssign)
        and isinstance(node.target, ast.Name)
        and is_type_alias(node)
    )


def scalar_aliases(
    source: str, named: frozenset[str], aliases: dict[str, str] | None = None
) -> str:
    """`source` (datamodel-code-generator's models.py) with its scalar root models as type aliases
    (`named`: the class names the IR gave; any other scalar root model is inlined where used), and
    `Alias: TypeAlias = Target` for each of `aliases` (names the IR gave an inline schema equal to
    an earlier one) after the last class left. One parse of `source` for both."""
    aliases = aliases or {}
    tree = module_tree(source)
    enums = {
        node.name
        for node in tree.body
        if isinstance(node, ast.ClassDef)
        and any(isinstance(b, ast.Name) and b.id in _ENUM_BASES for b in node.bases)
    }
    values: dict[str, str] = {}
    docs: dict[str, str] = {}
    starts: dict[str, int] = {}  # the line each replaced class began on
    spans: list[tuple[int, int]] = []  # 1-based inclusive line ranges of the classes replaced
    # Until nothing changes: a root model of an alias (`list[ADateTime]`) is an alias too; the
    # order found is one where an alias comes after every alias it names.
    code = source.encode("utf-8").split(b"\n")
    known = set(enums)
    while True:
        grown = False
        for node in tree.body:
            if not isinstance(node, ast.ClassDef) or node.name in values:
                continue
            found = _scalar_root(node, code, known)
            if found is None:
                continue
            values[node.name], docs[node.name] = found
            starts[node.name] = node.lineno
            spans.append((node.lineno, node.end_lineno or node.lineno))
            known.add(node.name)
            grown = True
        if not grown:
            break
    if not values and not aliases:
        return source
    # An alias made of another alias stays a name (rare: kept simple, never wrong).
    inline = {
        name for name in values if name not in named and not (_names(values[name]) & set(values))
    }
    for node in tree.body:  # `X.model_rebuild()` of a class that is now an alias
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Attribute)
            and isinstance(node.value.func.value, ast.Name)
            and node.value.func.value.id in values
        ):
            spans.append((node.lineno, node.end_lineno or node.lineno))
    for name in values:
        if name not in inline:
            values[name] = _substitute(values[name], {n: values[n] for n in inline})
    used_elsewhere = _uses(tree, set(values)) if values else []
    lines = code_lines(source)
    removed = {n for start, end in spans for n in range(start, end + 1)}
    # Uses of the inlined ones, replaced right to left on each line (offsets are UTF-8 bytes).
    edits: dict[int, list[tuple[int, int, str]]] = {}
    for lineno, start, end, name in used_elsewhere:
        if name in inline and lineno not in removed:
            edits.setdefault(lineno, []).append((start, end, values[name]))
    for lineno, spots in edits.items():
        data = lines[lineno - 1].encode("utf-8")
        for start, end, text in sorted(spots, reverse=True):
            data = data[:start] + text.encode("utf-8") + data[end:]
        lines[lineno - 1] = data.decode("utf-8")
    kept_names = [name for name in values if name not in inline]
    early = _read_early(tree, kept_names, values)
    early_at = {starts[name]: name for name in early}
    ends = [n.end_lineno or n.lineno for n in tree.body if isinstance(n, ast.ClassDef)]
    last_class = max(ends, default=len(lines))
    # the named aliases go after the last class that is still one (none: before everything)
    last_kept = max((end for end in ends if end not in removed), default=0)
    added = "".join(f"\n\n{alias}: TypeAlias = {target}\n" for alias, target in aliases.items())
    out: list[str] = []
    kept_end = 0  # how many pieces of `out` the last class left ends
    for number, line in enumerate(lines, start=1):
        if number in early_at:
            out.append(_alias_lines(early_at[number], values, docs))
        if number not in removed:
            out.append(line)
        if number == last_kept:
            kept_end = len(out)
        if number == last_class:
            for name in kept_names:
                if name not in early:
                    out.append("\n\n" + _alias_lines(name, values, docs))
    text = "".join(out)
    needed = {"TypeAlias"} if kept_names else set()
    if any("Annotated[" in values[n] for n in values):
        needed.add("Annotated")
    if not added:
        return _import_typing(text, needed)
    if not last_kept:  # no class left: the aliases before everything, the typing import too
        return _import_typing(added + _import_typing(text, needed), {"TypeAlias"})
    # after the line break that ends the last class left (the source's last line may have none)
    at = sum(len(piece) for piece in out[:kept_end])
    if not text[:at].endswith("\n"):
        at = text.find("\n", at) + 1 or len(text)
    return _import_typing(text[:at] + added + text[at:], needed | {"TypeAlias"})


def _alias_lines(name: str, values: dict[str, str], docs: dict[str, str]) -> str:
    return f"{name}: TypeAlias = {values[name]}\n" + (docs[name] + "\n" if docs[name] else "")


def _read_early(tree: ast.Module, kept: list[str], values: dict[str, str]) -> set[str]:
    """The aliases of `kept` that a class statement reads when it runs, and those their values
    name: they are defined where their classes were (before their readers), not at the end."""
    if not kept:
        return set()
    early = _eager_names(tree.body) & set(kept)
    grown = set(early)
    while grown:
        grown = {n for name in grown for n in _names(values[name]) if n in kept} - early
        early |= grown
    return early


def _eager_names(body: list[ast.stmt]) -> set[str]:
    """The names the class statements of `body` read when they run: bases, keywords, decorators
    and the values in their bodies (not annotations: `from __future__ import annotations` leaves
    them unevaluated), not function bodies."""
    found: set[str] = set()
    for node in body:
        if not isinstance(node, ast.ClassDef):
            continue
        read: list[ast.AST] = [*node.bases, *node.keywords, *node.decorator_list]
        for stmt in node.body:
            if isinstance(stmt, ast.ClassDef):
                found |= _eager_names([stmt])
            elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                read += [*stmt.decorator_list, *stmt.args.defaults]
                read += [d for d in stmt.args.kw_defaults if d is not None]
            elif isinstance(stmt, ast.AnnAssign):
                read += [stmt.value] if stmt.value is not None else []
            else:
                read.append(stmt)
        found.update(n.id for r in read for n in code_nodes(r) if type(n) is ast.Name)
    return found


def _scalar_root(node: ast.stmt, code: list[bytes], enums: set[str]) -> tuple[str, str] | None:
    """(the alias's value, its docstring source or "") for a scalar root model class."""
    if not (
        isinstance(node, ast.ClassDef)
        and len(node.bases) == 1
        and not node.keywords
        and not node.decorator_list
        and isinstance(node.bases[0], ast.Subscript)
        and isinstance(node.bases[0].value, ast.Name)
        and node.bases[0].value.id == "RootModel"
    ):
        return None
    root_type = node.bases[0].slice
    calls = [n for n in ast.walk(root_type) if isinstance(n, ast.Call)]
    if any(isinstance(n, ast.Attribute) for n in ast.walk(root_type)) or not all(
        _constrained(call) for call in calls
    ):
        return None
    if any(
        isinstance(n, ast.Constant) and isinstance(n.value, str)
        for n in _annotation_refs(root_type)
    ):
        return None  # a quoted forward reference: a class, not a scalar
    if not {
        n.id for n in ast.walk(root_type) if isinstance(n, ast.Name)
    } <= _SCALAR_NAMES | enums | set(_CONSTRAINED):
        return None
    text = _segment(code, root_type)
    if text is None or "\n" in text:
        return None
    if calls:  # constr(max_length=64) as Annotated[str, Field(max_length=64)]: mypy takes it
        data = text.encode("utf-8")
        for call in sorted(calls, key=lambda c: c.col_offset, reverse=True):
            if call.end_col_offset is None or call.lineno != root_type.lineno:
                return None
            start = call.col_offset - root_type.col_offset
            end = call.end_col_offset - root_type.col_offset
            data = data[:start] + _annotated(call, code).encode("utf-8") + data[end:]
        text = data.decode("utf-8")
    constraints: list[str] = []
    doc = ""
    for stmt in node.body:
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            if stmt.target.id != "root":
                return None
            field = stmt.value
            if (
                isinstance(field, ast.Call)
                and isinstance(field.func, ast.Name)
                and field.func.id == "Field"
            ):
                for keyword in field.keywords:
                    if keyword.arg is None:
                        return None
                    if keyword.arg in _CONSTRAINTS:
                        segment = _segment(code, keyword)
                        if segment is None:
                            return None
                        constraints.append(segment)
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
            if isinstance(stmt.value.value, str) and not doc:
                doc = _dedent(_segment(code, stmt) or "")
        elif not isinstance(stmt, ast.Pass):
            return None  # model_config, validators: a class for a reason
    value = f"Annotated[{text}, Field({', '.join(constraints)})]" if constraints else text
    return value, doc


_CONSTRAINED = {"constr": "str", "conint": "int", "confloat": "float"}


def _constrained(call: ast.Call) -> bool:
    """`constr(max_length=64)`: keyword constraints only."""
    return (
        isinstance(call.func, ast.Name)
        and call.func.id in _CONSTRAINED
        and not call.args
        and all(k.arg in _CONSTRAINTS for k in call.keywords)
    )


def _annotated(call: ast.Call, code: list[bytes]) -> str:
    assert isinstance(call.func, ast.Name)
    arguments = ", ".join(_segment(code, k) or "" for k in call.keywords)
    return f"Annotated[{_CONSTRAINED[call.func.id]}, Field({arguments})]"


def _annotation_refs(node: ast.AST) -> list[ast.AST]:
    """The nodes of a type that could name a class: not the values inside `Literal[...]`."""
    found: list[ast.AST] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if (
            isinstance(current, ast.Subscript)
            and isinstance(current.value, ast.Name)
            and current.value.id == "Literal"
        ):
            continue
        found.append(current)
        stack.extend(ast.iter_child_nodes(current))
    return found


def _segment(code: list[bytes], node: ast.AST) -> str | None:
    """The source of `node` (ast.get_source_segment, which splits the whole module on each call:
    quadratic on Stripe's models). `code`: the module's lines as UTF-8 bytes."""
    where = node_position(node)
    if where is None:
        return None
    first, last, start, end = where
    if first == last:
        return code[first - 1][start:end].decode("utf-8")
    pieces = [code[first - 1][start:], *code[first : last - 1], code[last - 1][:end]]
    return b"\n".join(pieces).decode("utf-8")


def _dedent(text: str) -> str:
    return "\n".join(line[4:] if line.startswith("    ") else line for line in text.split("\n"))


def _names(value: str) -> set[str]:
    return {n.id for n in ast.walk(ast.parse(value, mode="eval")) if isinstance(n, ast.Name)}


def _substitute(value: str, inline: dict[str, str]) -> str:
    """`value` (one line) with each bare name in `inline` replaced by its type."""
    spots = _uses(ast.parse(value, mode="eval"), set(inline))
    data = value.encode("utf-8")
    for _, start, end, name in sorted(spots, reverse=True):
        data = data[:start] + inline[name].encode("utf-8") + data[end:]
    return data.decode("utf-8")


def _uses(tree: ast.AST, names: set[str]) -> list[tuple[int, int, int, str]]:
    """(line, start byte, end byte, name) of every use of `names` as a bare name."""
    return [
        (n.lineno, n.col_offset, n.end_col_offset or n.col_offset, n.id)
        for n in code_nodes(tree)
        if isinstance(n, ast.Name) and n.id in names and n.lineno == n.end_lineno
    ]


_TYPING_IMPORT = re.compile(r"^from typing import ([A-Za-z_, ]+)$", re.MULTILINE)


def _import_typing(source: str, needed: set[str]) -> str:
    """`source` importing `needed` from typing too (dmcg writes its imports one a line)."""
    if not needed:
        return source
    found = _TYPING_IMPORT.search(source)
    if found is not None:
        names = sorted({n.strip() for n in found.group(1).split(",")} | needed)
        return (
            source[: found.start()]
            + f"from typing import {', '.join(names)}"
            + source[found.end() :]
        )
    line = f"from typing import {', '.join(sorted(needed))}\n"
    future = "from __future__ import annotations\n"
    at = source.find(future)
    if at < 0:
        return line + source
    at += len(future)
    return source[:at] + "\n" + line + source[at:]
